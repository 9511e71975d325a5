//! `payment_intents`: the lifecycle of collecting one payment (`/v1/payment_intents`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static PAYMENT_INTENTS: Table = Table {
    name: "payment_intents",
    description: "PaymentIntents: each attempt to collect a payment, from creation to success or \
                  cancellation. Newest first.",
    endpoint: Endpoint::new("/v1/payment_intents", Some("/v1/payment_intents/{id}"))
        .searched_at("/v1/payment_intents/search")
        .changed_by(Changes::Events {
            types: "payment_intent.*",
            object: "payment_intent",
        }),
    columns: &[
        id("Identifier of the PaymentIntent (pi_...)."),
        object!("payment_intent"),
        Column::new(
            "amount",
            Integer,
            "Amount to collect, in the smallest unit of `currency` (cents for usd).",
        )
        .searched(Search::Exact),
        Column::new(
            "amount_capturable",
            Integer,
            "Amount that can still be captured, in the smallest currency unit.",
        ),
        Column::new(
            "amount_received",
            Integer,
            "Amount received so far, in the smallest currency unit.",
        ),
        Column::new(
            "amount_details",
            Json,
            "Breakdown of the amount (tips, line items), as JSON.",
        ),
        CURRENCY.searched(Search::Exact),
        Column::new(
            "status",
            Code,
            "requires_payment_method, requires_confirmation, requires_action, processing, \
             requires_capture, canceled or succeeded.",
        )
        .searched(Search::Exact),
        created("When the PaymentIntent was created (UTC, whole seconds).")
            .searched(Search::Exact),
        LIVEMODE,
        Column::new(
            "customer",
            Id,
            "Customer paying (cus_...), if any.",
        )
        .filtered_by(Filter::Equals("customer"))
        .searched(Search::Exact),
        Column::new(
            "customer_account",
            Id,
            "Account representing the customer, when the customer is an account.",
        ),
        Column::new(
            "description",
            Text,
            "Free-text description shown to the customer.",
        ),
        Column::new(
            "latest_charge",
            Id,
            "Most recent charge created by the PaymentIntent (ch_...).",
        ),
        Column::new("payment_method", Id, "Payment method attached (pm_...)."),
        Column::new(
            "payment_method_types",
            Json,
            "Payment method types the PaymentIntent may use, as a JSON array.",
        ),
        Column::new(
            "excluded_payment_method_types",
            Json,
            "Payment method types excluded from use, as a JSON array.",
        ),
        Column::new(
            "payment_method_options",
            Json,
            "Options per payment method type, as JSON.",
        ),
        Column::new(
            "payment_method_configuration_details",
            Json,
            "Payment method configuration used, as JSON.",
        ),
        Column::new(
            "automatic_payment_methods",
            Json,
            "Whether Stripe picks payment methods automatically, as JSON.",
        ),
        Column::new(
            "capture_method",
            Code,
            "automatic, automatic_async or manual.",
        ),
        Column::new("confirmation_method", Code, "automatic or manual."),
        Column::new(
            "canceled_at",
            Timestamp,
            "When the PaymentIntent was canceled (UTC), if it was.",
        ),
        Column::new(
            "cancellation_reason",
            Code,
            "Why it was canceled: duplicate, fraudulent, requested_by_customer, abandoned, ...",
        ),
        Column::new(
            "client_secret",
            Text,
            "Secret a client uses to complete the payment; treat it as confidential.",
        ),
        Column::new(
            "last_payment_error",
            Json,
            "Error of the last failed payment attempt, as JSON.",
        ),
        Column::new(
            "last_payment_error_code",
            Code,
            "Error code of the last failed attempt.",
        )
        .at("last_payment_error.code"),
        Column::new(
            "last_payment_error_decline_code",
            Code,
            "Issuer's decline code of the last failed attempt.",
        )
        .at("last_payment_error.decline_code"),
        Column::new(
            "next_action",
            Json,
            "What the customer must do next (redirect, 3-D Secure, ...), as JSON.",
        ),
        Column::new(
            "processing",
            Json,
            "Progress of a processing payment, as JSON.",
        ),
        Column::new(
            "application",
            Id,
            "Connect application that created the PaymentIntent (ca_...).",
        ),
        Column::new(
            "application_fee_amount",
            Integer,
            "Application fee requested, in the smallest currency unit.",
        ),
        Column::new(
            "on_behalf_of",
            Id,
            "Account the payment is made on behalf of (acct_...).",
        ),
        Column::new(
            "receipt_email",
            Text,
            "E-mail address the receipt is sent to.",
        ),
        Column::new(
            "review",
            Id,
            "Radar review of the PaymentIntent (prv_...), if any.",
        ),
        Column::new(
            "setup_future_usage",
            Code,
            "on_session or off_session when the payment method is saved for later.",
        ),
        Column::new(
            "shipping",
            Json,
            "Shipping name, phone, carrier and address as JSON.",
        ),
        Column::new(
            "source",
            Id,
            "Payment source used, for older integrations (card_..., src_...).",
        ),
        Column::new(
            "statement_descriptor",
            Text,
            "Statement descriptor of the payment.",
        ),
        Column::new(
            "statement_descriptor_suffix",
            Text,
            "Suffix appended to the account's statement descriptor.",
        ),
        Column::new(
            "transfer_data",
            Json,
            "Destination and amount of an automatic transfer, as JSON.",
        ),
        Column::new("transfer_group", Text, "Groups the payment with transfers."),
        Column::new(
            "managed_payments",
            Json,
            "Managed payments settings, as JSON.",
        ),
        METADATA.searched(Search::Exact),
    ],
};
