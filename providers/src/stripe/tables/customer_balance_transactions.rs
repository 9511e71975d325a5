//! `customer_balance_transactions`: changes to customers' credit balances,
//! listed per customer (`/v1/customers/{id}/balance_transactions`).

use super::customers::CUSTOMERS;
use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, object};
use crate::table::ColumnKind::{Code, Id, Integer, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CUSTOMER_BALANCE_TRANSACTIONS: Table = Table {
    name: "customer_balance_transactions",
    description: "Changes to customers' invoice credit balances, newest first within each \
                  customer. A filter on customer_id (= or IN) lists under those customers only; \
                  otherwise every customer is listed and its transactions are read.",
    endpoint: Endpoint::new("/v1/customers/{parent}/balance_transactions", None)
        .under(Parent::in_path(&CUSTOMERS)),
    columns: &[
        Column::new("customer_id", Id, "Customer whose balance changed (cus_...).")
            .at("customer")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the transaction (cbtxn_...).").not_null(),
        object!("customer_balance_transaction"),
        Column::new("type", Code, "What changed the balance: adjustment, applied_to_invoice, credit_note, invoice_overpaid, ..."),
        Column::new("amount", Integer, "Change of the balance, in the smallest unit of `currency`: negative is credit given."),
        Column::new("ending_balance", Integer, "Balance after the transaction, in the smallest currency unit."),
        CURRENCY,
        Column::new("description", Text, "Free-text description of the transaction."),
        Column::new("customer", Id, "Customer, as Stripe names it (cus_...).")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("invoice", Id, "Invoice the balance was applied to (in_...)."),
        Column::new("credit_note", Id, "Credit note that credited the balance (cn_...)."),
        Column::new("checkout_session", Id, "Checkout session that used the balance (cs_...)."),
        Column::new("created", Timestamp, "When the transaction was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
