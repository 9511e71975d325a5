//! `setup_intents`: saving payment methods for later payments (`/v1/setup_intents`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static SETUP_INTENTS: Table = Table {
    name: "setup_intents",
    description: "Setup intents: the steps of saving a customer's payment method for future \
                  payments. Newest first.",
    endpoint: Endpoint::new("/v1/setup_intents", Some("/v1/setup_intents/{id}"))
        .changed_by(Changes::Events {
            types: "setup_intent.*",
            object: "setup_intent",
        }),
    columns: &[
        id("Identifier of the setup intent (seti_...)."),
        object!("setup_intent"),
        Column::new("customer", Id, "Customer the payment method is saved for (cus_...).")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("payment_method", Id, "Payment method being saved (pm_...).")
            .filtered_by(Filter::Equals("payment_method")),
        Column::new("status", Code, "requires_payment_method, requires_confirmation, requires_action, processing, canceled or succeeded."),
        Column::new("usage", Code, "How the payment method will be used: off_session or on_session."),
        created("When the setup intent was created (UTC, whole seconds)."),
        Column::new("description", Text, "Description of the setup intent."),
        Column::new("cancellation_reason", Code, "Why it was canceled: abandoned, duplicate or requested_by_customer."),
        Column::new("last_setup_error", Json, "Error of the last failed attempt, as JSON."),
        Column::new("last_setup_error_code", Code, "Code of the last error (card_declined, ...).")
            .at("last_setup_error.code"),
        Column::new("latest_attempt", Id, "Most recent setup attempt (setatt_...)."),
        Column::new("mandate", Id, "Mandate created by the setup (mandate_...)."),
        Column::new("single_use_mandate", Id, "Single-use mandate created by the setup (mandate_...)."),
        Column::new("next_action", Json, "What the customer must do next (redirect, verification), as JSON."),
        Column::new("client_secret", Text, "Secret the client side uses to complete the setup; do not log or share it."),
        Column::new("automatic_payment_methods", Json, "Whether payment methods come from the dashboard settings, as JSON."),
        Column::new("payment_method_types", Json, "Payment method types the setup may use, as a JSON array."),
        Column::new("excluded_payment_method_types", Json, "Payment method types excluded, as a JSON array."),
        Column::new("payment_method_options", Json, "Options per payment method type, as JSON."),
        Column::new("payment_method_configuration_details", Json, "Payment method configuration used, as JSON."),
        Column::new("flow_directions", Json, "Directions money will move with the saved method (inbound, outbound), as a JSON array."),
        Column::new("application", Id, "Connect application that created the setup intent (ca_...)."),
        Column::new("on_behalf_of", Id, "Account the setup is made on behalf of (acct_...)."),
        LIVEMODE,
        METADATA,
    ],
};
