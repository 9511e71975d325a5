//! `account_capabilities`: what each connected account may do, listed per
//! account (`/v1/accounts/{id}/capabilities`).

use super::accounts::ACCOUNTS;
use crate::stripe::columns::object;
use crate::table::ColumnKind::{Bool, Code, Id, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static ACCOUNT_CAPABILITIES: Table = Table {
    name: "account_capabilities",
    description: "Capabilities of connected accounts (card_payments, transfers, ...): whether \
                  each was requested and is active, and what Stripe still needs to enable it. \
                  Stripe answers an account's capabilities in one list. A filter on account_id \
                  (= or IN) reads those accounts only; otherwise every connected account is \
                  listed and read.",
    endpoint: Endpoint::new("/v1/accounts/{parent}/capabilities", None)
        .unpaged()
        .under(Parent::in_path(&ACCOUNTS)),
    columns: &[
        Column::new("account_id", Id, "Connected account the capability belongs to (acct_...).")
            .at("account")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Name of the capability: card_payments, transfers, sepa_debit_payments, ...").not_null(),
        object!("capability"),
        Column::new("status", Code, "active, inactive, pending or unrequested."),
        Column::new("requested", Bool, "True when the platform requested the capability."),
        Column::new("requested_at", Timestamp, "When the capability was requested (UTC)."),
        Column::new("requirements", Json, "Information Stripe needs before enabling the capability, as JSON."),
        Column::new("requirements_currently_due", Json, "Fields due now, as a JSON array.")
            .at("requirements.currently_due"),
        Column::new("requirements_disabled_reason", Code, "Why the capability is disabled, if it is.")
            .at("requirements.disabled_reason"),
        Column::new("future_requirements", Json, "Information Stripe will need after upcoming rule changes, as JSON."),
        Column::new("account", Id, "Account, as Stripe names it (acct_...)."),
    ],
};
