//! `customer_cash_balance_transactions`: movements of customers' cash
//! balances, listed per customer (`/v1/customers/{id}/cash_balance_transactions`).

use super::customers::CUSTOMERS;
use crate::stripe::columns::{CURRENCY, LIVEMODE, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CUSTOMER_CASH_BALANCE_TRANSACTIONS: Table = Table {
    name: "customer_cash_balance_transactions",
    description: "Cash balance transactions: bank transfers a customer sent (funded), and the \
                  money applied to payments, refunded or moved from that cash balance, newest \
                  first within each customer. A filter on customer_id (= or IN) lists under \
                  those customers only; otherwise every customer is listed and read.",
    endpoint: Endpoint::new("/v1/customers/{parent}/cash_balance_transactions", None)
        .under(Parent::in_path(&CUSTOMERS)),
    columns: &[
        Column::new("customer_id", Id, "Customer whose cash balance changed (cus_...).")
            .at("customer")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the transaction (ccsbtxn_...).").not_null(),
        object!("customer_cash_balance_transaction"),
        Column::new("type", Code, "funded, applied_to_payment, unapplied_from_payment, refunded_from_payment, transferred_to_balance, adjusted_for_overdraft, return_initiated, return_canceled, ..."),
        Column::new("net_amount", Integer, "Change of the cash balance, in the smallest unit of `currency`: positive when funded, negative when applied."),
        Column::new("ending_balance", Integer, "Cash balance after the transaction, in the smallest currency unit."),
        CURRENCY,
        Column::new("funded", Json, "For funded: the bank transfer that funded it, as JSON."),
        Column::new("applied_to_payment", Json, "For applied_to_payment: the payment intent paid, as JSON."),
        Column::new("unapplied_from_payment", Json, "For unapplied_from_payment: the payment intent released, as JSON."),
        Column::new("refunded_from_payment", Json, "For refunded_from_payment: the refund, as JSON."),
        Column::new("transferred_to_balance", Json, "For transferred_to_balance: the balance transaction, as JSON."),
        Column::new("adjusted_for_overdraft", Json, "For adjusted_for_overdraft: the balance transactions, as JSON."),
        Column::new("customer", Id, "Customer, as Stripe names it (cus_...)."),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("created", Timestamp, "When the transaction was created (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
