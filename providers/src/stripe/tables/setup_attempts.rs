//! `setup_attempts`: each attempt to confirm a setup intent, listed per
//! setup intent (`/v1/setup_attempts?setup_intent=...`).

use super::setup_intents::SETUP_INTENTS;
use crate::stripe::columns::{LIVEMODE, created, object};
use crate::table::ColumnKind::{Bool, Code, Id, Json};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static SETUP_ATTEMPTS: Table = Table {
    name: "setup_attempts",
    description: "Setup attempts: each try at saving a payment method through a setup intent, \
                  with its outcome, newest first within each setup intent. A filter on \
                  setup_intent_id (= or IN) lists under those setup intents only; otherwise every \
                  setup intent is listed and its attempts are read.",
    endpoint: Endpoint::new("/v1/setup_attempts", None)
        .under(Parent::in_query(&SETUP_INTENTS, "setup_intent")),
    columns: &[
        Column::new("setup_intent_id", Id, "Setup intent the attempt confirmed (seti_...).")
            .at("setup_intent")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the attempt (setatt_...).").not_null(),
        object!("setup_attempt"),
        Column::new("status", Code, "requires_confirmation, requires_action, processing, succeeded, failed or abandoned."),
        Column::new("usage", Code, "off_session or on_session: how the saved method may be used."),
        Column::new("payment_method", Id, "Payment method being saved (pm_...)."),
        Column::new("payment_method_details", Json, "Details of the payment method as used in the attempt (card checks, 3D Secure, ...), as JSON."),
        Column::new("payment_method_type", Code, "Kind of payment method: card, sepa_debit, us_bank_account, ...")
            .at("payment_method_details.type"),
        Column::new("setup_error", Json, "Why the attempt failed, as JSON."),
        Column::new("setup_error_code", Code, "Error code of a failed attempt.").at("setup_error.code"),
        Column::new("customer", Id, "Customer the payment method is saved for (cus_...)."),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("on_behalf_of", Id, "Connected account the setup is made for (acct_...)."),
        Column::new("application", Id, "Connect application that created the setup intent."),
        Column::new("attach_to_self", Bool, "True when the payment method is attached to the account itself."),
        Column::new("flow_directions", Json, "inbound and/or outbound: which money movements the method may be used for, as a JSON array."),
        Column::new("setup_intent", Id, "Setup intent, as Stripe names it (seti_...)."),
        created("When the attempt was made (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
