//! `checkout_session_line_items`: what a Checkout Session sells, listed per
//! session (`/v1/checkout/sessions/{id}/line_items`).

use super::checkout_sessions::CHECKOUT_SESSIONS;
use crate::stripe::columns::item_columns;
use crate::table::ColumnKind::Id;
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CHECKOUT_SESSION_LINE_ITEMS: Table = Table {
    name: "checkout_session_line_items",
    description: "Line items of Checkout Sessions. A filter on checkout_session_id (= or IN) \
                  lists under those sessions only; otherwise every session is listed and its \
                  items are read.",
    endpoint: Endpoint::new("/v1/checkout/sessions/{parent}/line_items", None)
        .under(Parent::in_path(&CHECKOUT_SESSIONS)),
    columns: item_columns!(
        Column::new("checkout_session_id", Id, "Checkout Session the item belongs to (cs_...).")
            .not_null()
            .filtered_by(Filter::Parent)
    ),
};
