//! `payment_link_line_items`: what a payment link sells, listed per link
//! (`/v1/payment_links/{id}/line_items`).

use super::payment_links::PAYMENT_LINKS;
use crate::stripe::columns::item_columns;
use crate::table::ColumnKind::Id;
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static PAYMENT_LINK_LINE_ITEMS: Table = Table {
    name: "payment_link_line_items",
    description: "Line items of payment links: the products and quantities a link sells. A \
                  filter on payment_link_id (= or IN) lists under those links only; otherwise \
                  every link is listed and its items are read.",
    endpoint: Endpoint::new("/v1/payment_links/{parent}/line_items", None)
        .under(Parent::in_path(&PAYMENT_LINKS)),
    columns: item_columns!(
        Column::new("payment_link_id", Id, "Payment link the item belongs to (plink_...).")
            .not_null()
            .filtered_by(Filter::Parent)
    ),
};
