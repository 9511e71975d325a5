//! `credit_notes`: adjustments that lower the amount of finalized invoices (`/v1/credit_notes`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static CREDIT_NOTES: Table = Table {
    name: "credit_notes",
    description: "Credit notes: amounts credited back on finalized invoices (refund, customer \
                  balance or outside Stripe). Newest first.",
    endpoint: Endpoint::new("/v1/credit_notes", Some("/v1/credit_notes/{id}"))
        .changed_by(Changes::Events {
            types: "credit_note.*",
            object: "credit_note",
        }),
    columns: &[
        id("Identifier of the credit note (cn_...)."),
        object!("credit_note"),
        Column::new("number", Code, "Credit note number shown to the customer."),
        Column::new(
            "invoice",
            Id,
            "Invoice the credit note adjusts (in_...).",
        )
        .filtered_by(Filter::Equals("invoice")),
        Column::new(
            "customer",
            Id,
            "Customer credited (cus_...).",
        )
        .filtered_by(Filter::Equals("customer")),
        Column::new(
            "customer_account",
            Id,
            "Account representing the customer, when the customer is an account.",
        ),
        Column::new("status", Code, "issued or void."),
        Column::new(
            "type",
            Code,
            "pre_payment (invoice not yet paid) or post_payment.",
        ),
        Column::new(
            "reason",
            Code,
            "Why the credit was given: duplicate, fraudulent, order_change, product_unsatisfactory.",
        ),
        CURRENCY,
        Column::new(
            "amount",
            Integer,
            "Total credited, including tax, in the smallest unit of `currency`.",
        ),
        Column::new(
            "amount_shipping",
            Integer,
            "Shipping credited, in the smallest currency unit.",
        ),
        Column::new(
            "subtotal",
            Integer,
            "Credited amount before discounts and taxes, in the smallest currency unit.",
        ),
        Column::new(
            "subtotal_excluding_tax",
            Integer,
            "Subtotal without inclusive taxes, in the smallest currency unit.",
        ),
        Column::new(
            "total",
            Integer,
            "Credited amount after discounts and taxes, in the smallest currency unit.",
        ),
        Column::new(
            "total_excluding_tax",
            Integer,
            "Total without taxes, in the smallest currency unit.",
        ),
        Column::new(
            "discount_amount",
            Integer,
            "Discount credited, in the smallest currency unit.",
        ),
        Column::new(
            "discount_amounts",
            Json,
            "Discount amounts credited, as a JSON array.",
        ),
        Column::new(
            "out_of_band_amount",
            Integer,
            "Amount credited outside Stripe, in the smallest currency unit.",
        ),
        Column::new(
            "pre_payment_amount",
            Integer,
            "Amount credited before the invoice was paid, in the smallest currency unit.",
        ),
        Column::new(
            "post_payment_amount",
            Integer,
            "Amount credited after the invoice was paid, in the smallest currency unit.",
        ),
        Column::new(
            "pretax_credit_amounts",
            Json,
            "Credits applied before tax, as a JSON array.",
        ),
        Column::new("total_taxes", Json, "Taxes credited, as a JSON array."),
        Column::new(
            "customer_balance_transaction",
            Id,
            "Customer balance transaction crediting the customer (cbtxn_...).",
        ),
        Column::new(
            "refunds",
            Json,
            "Refunds the credit note issued, as a JSON array.",
        ),
        Column::new(
            "shipping_cost",
            Json,
            "Shipping rate and amounts credited, as JSON.",
        ),
        Column::new(
            "lines",
            Json,
            "The credit note's lines as a JSON list object (all of them: table credit_note_line_items).",
        ),
        Column::new("memo", Text, "Memo shown on the credit note."),
        Column::new("pdf", Text, "URL of the credit note PDF."),
        created("When the credit note was created (UTC, whole seconds)."),
        Column::new(
            "effective_at",
            Timestamp,
            "When the credit note took effect (UTC).",
        ),
        Column::new(
            "voided_at",
            Timestamp,
            "When the credit note was voided (UTC).",
        ),
        LIVEMODE,
        METADATA,
    ],
};
