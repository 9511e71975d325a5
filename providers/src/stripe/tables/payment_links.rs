//! `payment_links`: shareable checkout pages (`/v1/payment_links`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Bool, Code, Float, Id, Integer, Json, Text};
use crate::table::{Column, Endpoint, Filter, Table};

pub static PAYMENT_LINKS: Table = Table {
    name: "payment_links",
    description: "Payment links: reusable URLs of a hosted checkout page. Newest first.",
    endpoint: Endpoint::new("/v1/payment_links", Some("/v1/payment_links/{id}")),
    columns: &[
        id("Identifier of the payment link (plink_...)."),
        object!("payment_link"),
        Column::new("url", Text, "Public URL customers pay at."),
        Column::new(
            "active",
            Bool,
            "True while customers can pay through the link.",
        )
        .filtered_by(Filter::Equals("active")),
        CURRENCY,
        Column::new(
            "inactive_message",
            Text,
            "Message shown when the link is deactivated.",
        ),
        Column::new(
            "submit_type",
            Code,
            "Wording of the pay button: auto, book, donate, pay or subscribe.",
        ),
        Column::new(
            "after_completion",
            Json,
            "What happens after payment (confirmation page or redirect), as JSON.",
        ),
        Column::new(
            "after_completion_type",
            Code,
            "hosted_confirmation or redirect.",
        )
        .at("after_completion.type"),
        Column::new(
            "allow_promotion_codes",
            Bool,
            "True when customers can enter promotion codes.",
        ),
        Column::new(
            "application",
            Id,
            "Connect application that created the link (ca_...).",
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
        Column::new("automatic_tax", Json, "Automatic tax settings, as JSON."),
        Column::new("billing_address_collection", Code, "auto or required."),
        Column::new(
            "consent_collection",
            Json,
            "Consents collected (terms of service, promotions), as JSON.",
        ),
        Column::new(
            "custom_fields",
            Json,
            "Extra fields customers fill in, as a JSON array.",
        ),
        Column::new(
            "custom_text",
            Json,
            "Custom texts shown on the page, as JSON.",
        ),
        Column::new(
            "customer_creation",
            Code,
            "When a customer is created: always or if_required.",
        ),
        Column::new(
            "invoice_creation",
            Json,
            "Whether and how an invoice is created for one-time payments, as JSON.",
        ),
        Column::new(
            "managed_payments",
            Json,
            "Managed payments settings, as JSON.",
        ),
        Column::new(
            "on_behalf_of",
            Id,
            "Account the payments are made on behalf of (acct_...).",
        ),
        Column::new(
            "payment_intent_data",
            Json,
            "Settings of the payment intents created, as JSON.",
        ),
        Column::new("payment_method_collection", Code, "always or if_required."),
        Column::new(
            "payment_method_options",
            Json,
            "Options per payment method type, as JSON.",
        ),
        Column::new(
            "payment_method_types",
            Json,
            "Payment method types offered (NULL: from the dashboard settings), as a JSON array.",
        ),
        Column::new(
            "phone_number_collection",
            Json,
            "Whether phone numbers are collected, as JSON.",
        ),
        Column::new(
            "restrictions",
            Json,
            "Limits such as the number of completed sessions, as JSON.",
        ),
        Column::new(
            "shipping_address_collection",
            Json,
            "Countries shipping addresses are collected for, as JSON.",
        ),
        Column::new(
            "shipping_options",
            Json,
            "Shipping rates offered, as a JSON array.",
        ),
        Column::new(
            "subscription_data",
            Json,
            "Settings of the subscriptions created, as JSON.",
        ),
        Column::new(
            "tax_id_collection",
            Json,
            "Whether tax ids are collected, as JSON.",
        ),
        Column::new(
            "transfer_data",
            Json,
            "Destination and amount of an automatic transfer, as JSON.",
        ),
        LIVEMODE,
        METADATA,
    ],
};
