//! `invoice_items`: one-off amounts added to a customer's next or a draft invoice (`/v1/invoiceitems`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Bool, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static INVOICE_ITEMS: Table = Table {
    name: "invoice_items",
    description: "Invoice items: amounts added to an invoice (pending ones wait for the next \
                  invoice of the customer). Newest first.",
    endpoint: Endpoint::new("/v1/invoiceitems", Some("/v1/invoiceitems/{id}")),
    columns: &[
        id("Identifier of the invoice item (ii_...)."),
        object!("invoiceitem"),
        Column::new("customer", Id, "Customer billed (cus_...).")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("invoice", Id, "Invoice the item is on (in_...); NULL while pending.")
            .filtered_by(Filter::Equals("invoice"))
            .null_as("pending"),
        Column::new("amount", Integer, "Amount, in the smallest unit of `currency` (cents for usd); quantity times unit amount."),
        Column::new("net_amount", Integer, "Amount after discounts, in the smallest currency unit."),
        CURRENCY,
        Column::new("quantity", Integer, "Quantity of units."),
        Column::new("quantity_decimal", Text, "Quantity with up to 12 decimals, as text."),
        Column::new("description", Text, "Description shown on the invoice."),
        Column::new("date", Timestamp, "When the item was created (UTC, whole seconds).")
            .filtered_by(Filter::Range("created")),
        Column::new("period", Json, "Billing period the item covers, as JSON."),
        Column::new("period_start", Timestamp, "Start of the billing period (UTC).")
            .at("period.start"),
        Column::new("period_end", Timestamp, "End of the billing period (UTC).")
            .at("period.end"),
        Column::new("proration", Bool, "True for a proration from a subscription change."),
        Column::new("discountable", Bool, "True when discounts apply to the item."),
        Column::new("discounts", Json, "Discounts applied to the item, as a JSON array."),
        Column::new("tax_rates", Json, "Tax rates applied to the item, as a JSON array."),
        Column::new("parent", Json, "What generated the item (subscription details), as JSON."),
        Column::new("parent_subscription", Id, "Subscription that generated the item (sub_...), if any.")
            .at("parent.subscription_details.subscription")
            .or_at("subscription"),
        Column::new("pricing", Json, "How the item is priced (price details, unit amount), as JSON."),
        Column::new("pricing_price", Id, "Price the item uses (price_...), if any.")
            .at("pricing.price_details.price")
            .or_at("price"),
        Column::new("pricing_unit_amount_decimal", Text, "Unit amount in the smallest currency unit, as decimal text.")
            .at("pricing.unit_amount_decimal")
            .or_at("unit_amount_decimal"),
        Column::new("test_clock", Id, "Test clock the item belongs to (clock_...)."),
        LIVEMODE,
        METADATA,
    ],
};
