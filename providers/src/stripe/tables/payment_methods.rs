//! `payment_methods`: customers' saved cards, bank accounts and wallets (`/v1/payment_methods`).
//!
//! Stripe lists payment methods one customer at a time (without `customer`
//! the list holds none of them), so a scan without `customer = '...'` lists
//! the customers and then each customer's payment methods, concurrently.
//! `type` is an optional filter: without it every type is listed.

use super::customers::CUSTOMERS;
use crate::stripe::columns::{LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static PAYMENT_METHODS: Table = Table {
    name: "payment_methods",
    description: "Payment methods saved to customers: cards, bank accounts, wallets. Without a \
                  customer filter every customer's are listed (one request per customer, customer \
                  by customer); payment methods attached to no customer are read only by id.",
    endpoint: Endpoint::new("/v1/payment_methods", Some("/v1/payment_methods/{id}"))
        .under(Parent::in_query(&CUSTOMERS, "customer")),
    columns: &[
        id("Identifier of the payment method (pm_..., card_..., ba_...)."),
        object!("payment_method"),
        Column::new("customer", Id, "Customer the payment method is saved to (cus_...).")
            .filtered_by(Filter::Parent),
        Column::new("customer_account", Id, "Account the payment method is saved to, when the customer is an account."),
        Column::new("type", Code, "Kind of payment method: card, sepa_debit, us_bank_account, link, ...")
            .filtered_by(Filter::Equals("type")),
        Column::new("allow_redisplay", Code, "Whether checkout may show it again to the customer: always, limited or unspecified.")
            .filtered_by(Filter::Equals("allow_redisplay"))
            .one_of(&["always", "limited", "unspecified"]),
        Column::new("created", Timestamp, "When the payment method was created (UTC, whole seconds)."),
        Column::new("billing_details", Json, "Billing address, e-mail, name and phone, as JSON."),
        Column::new("billing_details_email", Text, "Billing e-mail address.")
            .at("billing_details.email"),
        Column::new("billing_details_name", Text, "Name of the holder.")
            .at("billing_details.name"),
        Column::new("billing_details_phone", Text, "Billing phone number.")
            .at("billing_details.phone"),
        Column::new("billing_details_address_country", Code, "Two-letter country code of the billing address.")
            .at("billing_details.address.country"),
        Column::new("billing_details_address_postal_code", Text, "Postal code of the billing address.")
            .at("billing_details.address.postal_code"),
        Column::new("card", Json, "Card details (brand, checks, expiry, wallet, ...) of a card, as JSON."),
        Column::new("card_brand", Code, "Card brand: amex, diners, discover, jcb, mastercard, unionpay, visa or unknown.")
            .at("card.brand"),
        Column::new("card_display_brand", Code, "Brand shown to the customer (cartes_bancaires, visa, ...).")
            .at("card.display_brand"),
        Column::new("card_last4", Code, "Last four digits of the card number.")
            .at("card.last4"),
        Column::new("card_exp_month", Integer, "Expiry month of the card (1-12).")
            .at("card.exp_month"),
        Column::new("card_exp_year", Integer, "Expiry year of the card.")
            .at("card.exp_year"),
        Column::new("card_funding", Code, "credit, debit, prepaid or unknown.")
            .at("card.funding"),
        Column::new("card_country", Code, "Two-letter country code of the card issuer.")
            .at("card.country"),
        Column::new("card_fingerprint", Code, "Fingerprint of the card number, equal for the same card across customers.")
            .at("card.fingerprint"),
        Column::new("card_wallet_type", Code, "Wallet the card was saved from: apple_pay, google_pay, link, ...")
            .at("card.wallet.type"),
        Column::new("sepa_debit", Json, "Bank details of a SEPA debit payment method, as JSON."),
        Column::new("us_bank_account", Json, "Bank details of a US bank account payment method, as JSON."),
        Column::new("link", Json, "Details of a Link payment method, as JSON."),
        LIVEMODE,
        METADATA,
    ],
};
