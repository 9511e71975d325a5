//! `account_external_accounts`: the bank accounts and debit cards connected
//! accounts are paid out to, listed per account
//! (`/v1/accounts/{id}/external_accounts`).

use super::accounts::ACCOUNTS;
use crate::stripe::columns::{CURRENCY, METADATA};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static ACCOUNT_EXTERNAL_ACCOUNTS: Table = Table {
    name: "account_external_accounts",
    description: "External accounts of connected accounts: bank accounts (object bank_account) \
                  and debit cards (object card) payouts go to. Card-only columns are null for \
                  bank accounts and the other way round. A filter on account_id (= or IN) lists \
                  under those accounts only; otherwise every connected account is listed and its \
                  external accounts are read.",
    endpoint: Endpoint::new("/v1/accounts/{parent}/external_accounts", None)
        .under(Parent::in_path(&ACCOUNTS)),
    columns: &[
        Column::new("account_id", Id, "Connected account paid out to it (acct_...).")
            .at("account")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the bank account (ba_...) or card (card_...).").not_null(),
        Column::new("object", Code, "Kind of external account: bank_account or card.")
            .filtered_by(Filter::Equals("object")),
        Column::new("account", Id, "Account, as Stripe names it (acct_...)."),
        Column::new("default_for_currency", Bool, "True when payouts in its currency go here by default."),
        Column::new("status", Code, "Bank account: new, validated, verified, verification_failed, tokenized_account_number_deactivated or errored."),
        CURRENCY,
        Column::new("country", Code, "Two-letter ISO code of the country of the bank or card issuer."),
        Column::new("last4", Code, "Last four digits of the account or card number."),
        Column::new("fingerprint", Id, "Fingerprint identifying the same account or card number across accounts."),
        Column::new("available_payout_methods", Json, "Payout speeds the account or card supports (standard, instant), as a JSON array."),
        Column::new("customer", Id, "Customer the bank account or card belongs to, if any (cus_...)."),
        Column::new("account_holder_name", Text, "Bank account: name of the account holder."),
        Column::new("account_holder_type", Code, "Bank account: individual or company."),
        Column::new("account_type", Code, "Bank account: checking, savings or futsu (Japan), when known."),
        Column::new("bank_name", Text, "Bank account: name of the bank."),
        Column::new("routing_number", Code, "Bank account: routing transit number of the bank."),
        Column::new("brand", Code, "Card: brand (Visa, Mastercard, ...)."),
        Column::new("funding", Code, "Card: credit, debit, prepaid or unknown."),
        Column::new("exp_month", Integer, "Card: expiry month (1-12)."),
        Column::new("exp_year", Integer, "Card: expiry year."),
        Column::new("name", Text, "Card: cardholder name."),
        Column::new("address_line1", Text, "Card: billing address line 1."),
        Column::new("address_line2", Text, "Card: billing address line 2."),
        Column::new("address_city", Text, "Card: billing address city."),
        Column::new("address_state", Text, "Card: billing address state."),
        Column::new("address_zip", Code, "Card: billing address postal code."),
        Column::new("address_country", Text, "Card: billing address country."),
        Column::new("address_line1_check", Code, "Card: result of the address line 1 check (pass, fail, unavailable, unchecked)."),
        Column::new("address_zip_check", Code, "Card: result of the postal code check (pass, fail, unavailable, unchecked)."),
        Column::new("cvc_check", Code, "Card: result of the CVC check (pass, fail, unavailable, unchecked)."),
        Column::new("dynamic_last4", Code, "Card: last four digits of the device account number (Apple Pay, ...)."),
        Column::new("tokenization_method", Code, "Card: apple_pay or google_pay when tokenized by a wallet."),
        Column::new("regulated_status", Code, "Card: regulated or unregulated (US debit card interchange rules)."),
        METADATA,
    ],
};
