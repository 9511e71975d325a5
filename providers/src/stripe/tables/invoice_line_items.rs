//! `invoice_line_items`: the lines of invoices, listed per invoice
//! (`/v1/invoices/{id}/lines`).

use super::invoices::INVOICES;
use crate::stripe::columns::{CURRENCY, LIVEMODE, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static INVOICE_LINE_ITEMS: Table = Table {
    name: "invoice_line_items",
    description: "Lines of invoices (subscription items and invoice items), in invoice order. A \
                  filter on invoice_id or invoice (= or IN) lists under those invoices only; otherwise every \
                  invoice is listed and its lines are read.",
    endpoint: Endpoint::new("/v1/invoices/{parent}/lines", None).under(Parent::in_path(&INVOICES)),
    columns: &[
        Column::new("invoice_id", Id, "Invoice the line belongs to (in_...).")
            .at("invoice")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the line (il_...).").not_null(),
        object!("line_item"),
        Column::new("description", Text, "Description of the line shown on the invoice."),
        Column::new("amount", Integer, "Amount of the line, in the smallest unit of `currency`."),
        Column::new("subtotal", Integer, "Amount before discounts and taxes, in the smallest currency unit."),
        CURRENCY,
        Column::new("quantity", Integer, "Quantity billed."),
        Column::new("quantity_decimal", Text, "Quantity billed with decimals, as a decimal string."),
        Column::new("period", Json, "Period the line covers, as JSON."),
        Column::new("period_start", Timestamp, "Start of the period the line covers (UTC).").at("period.start"),
        Column::new("period_end", Timestamp, "End of the period the line covers (UTC).").at("period.end"),
        Column::new("pricing", Json, "How the line is priced (price, product, unit amount), as JSON."),
        Column::new("pricing_price", Id, "Price of the line (price_...).").at("pricing.price_details.price")
            .or_at("price"),
        Column::new("pricing_product", Id, "Product of the line (prod_...).").at("pricing.price_details.product")
            .or_at("price.product"),
        Column::new("pricing_unit_amount_decimal", Text, "Unit amount in the smallest currency unit, as a decimal string.")
            .at("pricing.unit_amount_decimal")
            .or_at("price.unit_amount_decimal"),
        Column::new("parent", Json, "What generated the line (invoice item or subscription item details), as JSON."),
        Column::new("parent_type", Code, "invoice_item_details or subscription_item_details.").at("parent.type"),
        Column::new("parent_invoice_item", Id, "Invoice item behind the line (ii_...).")
            .at("parent.invoice_item_details.invoice_item")
            .or_at("invoice_item"),
        Column::new("parent_subscription_item", Id, "Subscription item behind the line (si_...).")
            .at("parent.subscription_item_details.subscription_item")
            .or_at("subscription_item"),
        Column::new("subscription", Id, "Subscription the line bills (sub_...)."),
        Column::new("invoice", Id, "Invoice, as Stripe names it (in_...).")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("discountable", Bool, "True when discounts apply to the line."),
        Column::new("discounts", Json, "Discounts applied to the line, as a JSON array."),
        Column::new("discount_amounts", Json, "Discount amounts of the line, as a JSON array."),
        Column::new("pretax_credit_amounts", Json, "Credits applied before tax, as a JSON array."),
        Column::new("taxes", Json, "Taxes of the line, as a JSON array."),
        LIVEMODE,
        Column::new("metadata", Json, "Key-value pairs attached to the line, as a JSON object."),
    ],
};
