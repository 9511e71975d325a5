//! `billing_credit_grants`: billing credits given to customers
//! (`/v1/billing/credit_grants`).

use crate::stripe::columns::{LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static BILLING_CREDIT_GRANTS: Table = Table {
    name: "billing_credit_grants",
    description: "Credit grants: billing credits given to a customer (paid or promotional) that \
                  pay for metered usage on later invoices. Newest first.",
    endpoint: Endpoint::new("/v1/billing/credit_grants", Some("/v1/billing/credit_grants/{id}")),
    columns: &[
        id("Identifier of the credit grant (credgr_...)."),
        object!("billing.credit_grant"),
        Column::new("name", Text, "Name of the grant, for the account's own reference."),
        Column::new("customer", Id, "Customer receiving the credits (cus_...).")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account.")
            .filtered_by(Filter::Equals("customer_account")),
        Column::new("category", Code, "paid or promotional."),
        Column::new("amount", Json, "The credits granted, as JSON."),
        Column::new("amount_type", Code, "Kind of amount: monetary.").at("amount.type"),
        Column::new("amount_value", Integer, "Credits granted, in the smallest unit of amount_currency.")
            .at("amount.monetary.value"),
        Column::new("amount_currency", Code, "Three-letter ISO code of the credits' currency, lower case.")
            .at("amount.monetary.currency"),
        Column::new("applicability_config", Json, "Which prices the credits may pay for, as JSON."),
        Column::new("priority", Integer, "Order in which grants are used up: lower first (0 to 100)."),
        Column::new("effective_at", Timestamp, "When the credits become usable (UTC); null means at creation."),
        Column::new("expires_at", Timestamp, "When unused credits expire (UTC), if ever."),
        Column::new("voided_at", Timestamp, "When the grant was voided (UTC), if it was."),
        Column::new("test_clock", Id, "Test clock the grant belongs to, in test mode."),
        Column::new("created", Timestamp, "When the grant was created (UTC, whole seconds)."),
        Column::new("updated", Timestamp, "When the grant was last changed (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
