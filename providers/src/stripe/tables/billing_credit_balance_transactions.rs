//! `billing_credit_balance_transactions`: credits added to or used from
//! customers' credit grants (`/v1/billing/credit_balance_transactions`,
//! listed per customer).

use super::customers::CUSTOMERS;
use crate::stripe::columns::{LIVEMODE, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

/// Stripe lists these per customer only (`customer` is required), so the
/// table is a child of customers: a scan without a customer filter reads
/// every customer's list instead of failing.
pub static BILLING_CREDIT_BALANCE_TRANSACTIONS: Table = Table {
    name: "billing_credit_balance_transactions",
    description: "Credit balance transactions: credits granted to a customer (credit) or used \
                  to pay invoices (debit), newest first within each customer. A filter on \
                  customer_id (= or IN) lists under those customers only; otherwise every \
                  customer is listed and its transactions are read.",
    endpoint: Endpoint::new(
        "/v1/billing/credit_balance_transactions",
        Some("/v1/billing/credit_balance_transactions/{id}"),
    )
    .under(Parent::in_query(&CUSTOMERS, "customer")),
    columns: &[
        Column::new("customer_id", Id, "Customer whose credits moved (cus_...); Stripe's object does not carry it, so rows read by id leave it null.")
            .at("customer")
            .filtered_by(Filter::Parent),
        id("Identifier of the transaction (cbtxn_...)."),
        object!("billing.credit_balance_transaction"),
        Column::new("type", Code, "credit (credits added) or debit (credits used)."),
        Column::new("credit_grant", Id, "Credit grant the credits belong to (credgr_...).")
            .filtered_by(Filter::Equals("credit_grant")),
        Column::new("credit", Json, "What added the credits and how much, as JSON; null for a debit."),
        Column::new("credit_type", Code, "Why credits were added: credits_granted, credits_application_invoice_voided, ...")
            .at("credit.type"),
        Column::new("credit_amount", Integer, "Credits added, in the smallest currency unit.")
            .at("credit.amount.monetary.value"),
        Column::new("debit", Json, "What used the credits and how much, as JSON; null for a credit."),
        Column::new("debit_type", Code, "Why credits were used: credits_applied, credits_expired, credits_voided.")
            .at("debit.type"),
        Column::new("debit_amount", Integer, "Credits used, in the smallest currency unit.")
            .at("debit.amount.monetary.value"),
        Column::new("effective_at", Timestamp, "When the transaction took effect (UTC)."),
        Column::new("test_clock", Id, "Test clock the transaction belongs to, in test mode."),
        Column::new("created", Timestamp, "When the transaction was created (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
