//! `tax_transactions`: tax Stripe Tax recorded for a sale or a reversal
//! (`/v1/tax/transactions/{id}`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, id, object};
use crate::table::ColumnKind::{Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Table};

pub static TAX_TRANSACTIONS: Table = Table {
    name: "tax_transactions",
    description: "Tax transactions: the tax Stripe Tax recorded for a sale (transaction) or its \
                  refund (reversal). Stripe cannot list them, only read them one at a time by id \
                  (= or IN).",
    // No list path exists: the required id filter means only the get path is asked.
    endpoint: Endpoint::new("/v1/tax/transactions", Some("/v1/tax/transactions/{id}")),
    columns: &[
        id("Identifier of the tax transaction (tax_...).").required(),
        object!("tax.transaction"),
        Column::new("type", Code, "transaction (a sale) or reversal (a refund of one)."),
        Column::new("reference", Text, "The account's own reference of the sale (an order number)."),
        Column::new("customer", Id, "Customer of the sale (cus_...), if given."),
        Column::new("customer_details", Json, "Address, tax ids and taxability of the customer, as JSON."),
        CURRENCY,
        Column::new("line_items", Json, "Taxed lines (amount and tax in the smallest currency unit), as a JSON list."),
        Column::new("shipping_cost", Json, "Shipping charged and its tax, as JSON."),
        Column::new("ship_from_details", Json, "Address the goods shipped from, as JSON."),
        Column::new("reversal", Json, "For a reversal: the transaction it reverses, as JSON."),
        Column::new("reversal_original_transaction", Id, "For a reversal: the transaction it reverses (tax_...).")
            .at("reversal.original_transaction"),
        Column::new("tax_date", Timestamp, "Date the tax was computed for (UTC)."),
        Column::new("posted_at", Timestamp, "When the transaction was posted to the tax records (UTC)."),
        Column::new("created", Timestamp, "When the transaction was created (UTC, whole seconds)."),
        LIVEMODE,
        Column::new("metadata", Json, "Key-value pairs attached to the transaction, as a JSON object."),
    ],
};
