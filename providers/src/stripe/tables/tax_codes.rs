//! `tax_codes`: the product tax categories of Stripe Tax (`/v1/tax_codes`).

use crate::stripe::columns::{id, object};
use crate::table::ColumnKind::{LongText, Text};
use crate::table::{Column, Endpoint, Table};

pub static TAX_CODES: Table = Table {
    name: "tax_codes",
    description: "Tax codes: the product categories Stripe Tax taxes differently (txcd_...), as \
                  Stripe lists them; the same for every account.",
    endpoint: Endpoint::new("/v1/tax_codes", Some("/v1/tax_codes/{id}")),
    columns: &[
        id("Identifier of the tax code (txcd_...)."),
        object!("tax_code"),
        Column::new("name", Text, "Short name of the category."),
        Column::new("description", LongText, "What the category covers."),
    ],
};
