//! `quotes`: price proposals that become invoices or subscriptions when accepted (`/v1/quotes`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Code, Float, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static QUOTES: Table = Table {
    name: "quotes",
    description: "Quotes sent to customers; accepting one creates an invoice or subscription. \
                  Newest first.",
    endpoint: Endpoint::new("/v1/quotes", Some("/v1/quotes/{id}")),
    columns: &[
        id("Identifier of the quote (qt_...)."),
        object!("quote"),
        Column::new(
            "number",
            Text,
            "Quote number shown to the customer, once finalized.",
        ),
        Column::new(
            "customer",
            Id,
            "Customer the quote is for (cus_...).",
        )
        .filtered_by(Filter::Equals("customer")),
        Column::new(
            "customer_account",
            Id,
            "Account representing the customer, when the customer is an account.",
        ),
        Column::new(
            "status",
            Code,
            "draft, open, accepted or canceled.",
        )
        .filtered_by(Filter::Equals("status"))
        .one_of(&["accepted", "canceled", "draft", "open"]),
        CURRENCY,
        Column::new(
            "amount_subtotal",
            Integer,
            "Total before discounts and taxes, in the smallest unit of `currency`.",
        ),
        Column::new(
            "amount_total",
            Integer,
            "Total after discounts and taxes, in the smallest unit of `currency`.",
        ),
        Column::new(
            "total_details",
            Json,
            "Discount, shipping and tax amounts of the total, as JSON.",
        ),
        Column::new(
            "total_details_amount_discount",
            Integer,
            "Discount on the total, in the smallest currency unit.",
        )
        .at("total_details.amount_discount"),
        Column::new(
            "total_details_amount_shipping",
            Integer,
            "Shipping in the total, in the smallest currency unit.",
        )
        .at("total_details.amount_shipping"),
        Column::new(
            "total_details_amount_tax",
            Integer,
            "Tax in the total, in the smallest currency unit.",
        )
        .at("total_details.amount_tax"),
        Column::new(
            "computed",
            Json,
            "Computed recurring and upfront amounts, as JSON.",
        ),
        Column::new(
            "collection_method",
            Code,
            "charge_automatically or send_invoice.",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the quote was created (UTC, whole seconds).",
        ),
        Column::new(
            "expires_at",
            Timestamp,
            "When the quote expires if not accepted (UTC).",
        ),
        Column::new(
            "status_transitions",
            Json,
            "When the quote was finalized, accepted or canceled, as JSON.",
        ),
        Column::new(
            "status_transitions_finalized_at",
            Timestamp,
            "When the quote was finalized (UTC).",
        )
        .at("status_transitions.finalized_at"),
        Column::new(
            "status_transitions_accepted_at",
            Timestamp,
            "When the quote was accepted (UTC).",
        )
        .at("status_transitions.accepted_at"),
        Column::new(
            "status_transitions_canceled_at",
            Timestamp,
            "When the quote was canceled (UTC).",
        )
        .at("status_transitions.canceled_at"),
        Column::new("description", Text, "Description shown to the customer."),
        Column::new("header", Text, "Header shown on the quote PDF."),
        Column::new("footer", Text, "Footer shown on the quote PDF."),
        Column::new(
            "invoice",
            Id,
            "Invoice created from the accepted quote (in_...).",
        ),
        Column::new(
            "subscription",
            Id,
            "Subscription created from the accepted quote (sub_...).",
        ),
        Column::new(
            "subscription_schedule",
            Id,
            "Subscription schedule created from the accepted quote (sub_sched_...).",
        ),
        Column::new(
            "subscription_data",
            Json,
            "Settings of the subscription the quote creates, as JSON.",
        ),
        Column::new(
            "from_quote",
            Json,
            "Quote this one was cloned or revised from, as JSON.",
        ),
        Column::new(
            "invoice_settings",
            Json,
            "Settings of the invoice the quote creates, as JSON.",
        ),
        Column::new(
            "default_tax_rates",
            Json,
            "Tax rates applied to items without their own, as a JSON array.",
        ),
        Column::new(
            "discounts",
            Json,
            "Discounts applied to the quote, as a JSON array.",
        ),
        Column::new("automatic_tax", Json, "Automatic tax settings, as JSON."),
        Column::new(
            "application",
            Id,
            "Connect application that created the quote (ca_...).",
        ),
        Column::new(
            "application_fee_amount",
            Integer,
            "Fee for the application, in the smallest currency unit.",
        ),
        Column::new(
            "application_fee_percent",
            Float,
            "Percentage of subscription invoices paid to the application.",
        ),
        Column::new(
            "on_behalf_of",
            Id,
            "Account the payments are made on behalf of (acct_...).",
        ),
        Column::new(
            "transfer_data",
            Json,
            "Destination and share of an automatic transfer, as JSON.",
        ),
        Column::new(
            "test_clock",
            Id,
            "Test clock the quote belongs to (clock_...).",
        )
        .filtered_by(Filter::Equals("test_clock")),
        LIVEMODE,
        METADATA,
    ],
};
