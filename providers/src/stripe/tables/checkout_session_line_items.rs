//! `checkout_session_line_items`: what a Checkout Session sells, listed per
//! session (`/v1/checkout/sessions/{id}/line_items`).

use super::checkout_sessions::CHECKOUT_SESSIONS;
use crate::stripe::columns::{CURRENCY, object};
use crate::table::ColumnKind::{Id, Integer, Json, Text};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CHECKOUT_SESSION_LINE_ITEMS: Table = Table {
    name: "checkout_session_line_items",
    description: "Line items of Checkout Sessions. A filter on checkout_session_id (= or IN) \
                  lists under those sessions only; otherwise every session is listed and its \
                  items are read.",
    endpoint: Endpoint::new("/v1/checkout/sessions/{parent}/line_items", None)
        .under(Parent::in_path(&CHECKOUT_SESSIONS)),
    columns: &[
        Column::new("checkout_session_id", Id, "Checkout Session the item belongs to (cs_...). Equality and IN filters choose the sessions read.")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the line item (li_...).").not_null(),
        object!("item"),
        Column::new("description", Text, "Description of the item, usually the product name."),
        Column::new("quantity", Integer, "Quantity bought."),
        CURRENCY,
        Column::new("amount_subtotal", Integer, "Amount before discounts and taxes, in the smallest unit of `currency`."),
        Column::new("amount_discount", Integer, "Discount, in the smallest currency unit."),
        Column::new("amount_tax", Integer, "Tax, in the smallest currency unit."),
        Column::new("amount_total", Integer, "Amount after discounts and taxes, in the smallest currency unit."),
        Column::new("price", Json, "The price sold, as JSON."),
        Column::new("price_id", Id, "Price sold (price_...).").at("price.id"),
        Column::new("price_product", Id, "Product of the price (prod_...).").at("price.product"),
        Column::new("price_unit_amount", Integer, "Unit amount of the price, in the smallest currency unit.")
            .at("price.unit_amount"),
        Column::new("adjustable_quantity", Json, "Whether and within which bounds the customer may change the quantity, as JSON."),
        Column::new("metadata", Json, "Key-value pairs attached to the item, as a JSON object."),
    ],
};
