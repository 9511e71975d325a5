//! `quote_line_items`: what a quote proposes, listed per quote
//! (`/v1/quotes/{id}/line_items`).

use super::quotes::QUOTES;
use crate::stripe::columns::item_columns;
use crate::table::ColumnKind::Id;
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static QUOTE_LINE_ITEMS: Table = Table {
    name: "quote_line_items",
    description: "Line items of quotes: the products, quantities and amounts proposed. A filter \
                  on quote_id (= or IN) lists under those quotes only; otherwise every quote is \
                  listed and its items are read.",
    endpoint: Endpoint::new("/v1/quotes/{parent}/line_items", None)
        .under(Parent::in_path(&QUOTES)),
    columns: item_columns!(
        Column::new("quote_id", Id, "Quote the item belongs to (qt_...).")
            .not_null()
            .filtered_by(Filter::Parent)
    ),
};
