//! `charges`: attempts to move money from a card or other payment method (`/v1/charges`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, LongText, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static CHARGES: Table = Table {
    name: "charges",
    description: "Charges: payments attempted against a card or other payment method, successful \
                  or not. Newest first.",
    endpoint: Endpoint::new("/v1/charges", Some("/v1/charges/{id}"))
        .searched_at("/v1/charges/search")
        .changed_by(Changes::Events {
            types: "charge.*",
            object: "charge",
        }),
    columns: &[
        id("Identifier of the charge (ch_... or py_...)."),
        object!("charge"),
        Column::new("amount", Integer, "Amount to collect, in the smallest unit of `currency` (cents for usd).")
            .searched(Search::Exact),
        Column::new("amount_captured", Integer, "Amount captured so far, in the smallest currency unit."),
        Column::new("amount_refunded", Integer, "Amount refunded so far, in the smallest currency unit."),
        CURRENCY.searched(Search::Exact),
        Column::new("status", Code, "succeeded, pending or failed.")
            .searched(Search::Exact),
        Column::new("paid", Bool, "True when the charge succeeded or was authorized for later capture."),
        Column::new("captured", Bool, "True once the charge has been captured."),
        Column::new("refunded", Bool, "True when the charge is fully refunded (false if only partly).")
            .searched(Search::Exact),
        Column::new("disputed", Bool, "True when the charge has been disputed.")
            .searched(Search::Exact),
        created("When the charge was created (UTC, whole seconds).")
            .searched(Search::Exact),
        LIVEMODE,
        Column::new("customer", Id, "Identifier of the customer charged (cus_...), if any.")
            .filtered_by(Filter::Equals("customer"))
            .searched(Search::Exact),
        Column::new("description", LongText, "Free-text description attached to the charge."),
        Column::new("payment_intent", Id, "Identifier of the PaymentIntent that created the charge (pi_...), if any.")
            .filtered_by(Filter::Equals("payment_intent")),
        Column::new("payment_method", Id, "Identifier of the payment method used (pm_..., card_..., src_...)."),
        Column::new("payment_method_details", Json, "Details of the payment method at the time of the charge, as JSON."),
        Column::new("payment_method_details_type", Code, "Kind of payment method: card, us_bank_account, sepa_debit, ...")
            .at("payment_method_details.type"),
        Column::new("payment_method_details_card_brand", Code, "Card brand: visa, mastercard, amex, ...")
            .at("payment_method_details.card.brand"),
        Column::new("payment_method_details_card_last4", Code, "Last four digits of the card number.")
            .at("payment_method_details.card.last4")
            .searched(Search::Exact),
        Column::new("payment_method_details_card_exp_month", Integer, "Card expiry month (1-12).")
            .at("payment_method_details.card.exp_month"),
        Column::new("payment_method_details_card_exp_year", Integer, "Card expiry year (four digits).")
            .at("payment_method_details.card.exp_year"),
        Column::new("payment_method_details_card_country", Code, "Two-letter ISO code of the country that issued the card.")
            .at("payment_method_details.card.country"),
        Column::new("payment_method_details_card_funding", Code, "Card funding: credit, debit, prepaid or unknown.")
            .at("payment_method_details.card.funding"),
        Column::new("payment_method_details_card_network", Code, "Card network that processed the charge.")
            .at("payment_method_details.card.network"),
        Column::new("payment_method_details_card_fingerprint", Id, "Fingerprint identifying the card number across objects.")
            .at("payment_method_details.card.fingerprint"),
        Column::new("payment_method_details_card_cvc_check", Code, "Result of the CVC check: pass, fail, unavailable, unchecked.")
            .at("payment_method_details.card.checks.cvc_check"),
        Column::new("payment_method_details_card_wallet_type", Code, "Wallet the card was used through: apple_pay, google_pay, link, ...")
            .at("payment_method_details.card.wallet.type"),
        Column::new("billing_details", Json, "Billing name, e-mail, phone and address given with the payment method, as JSON."),
        Column::new("billing_details_name", Text, "Billing name.").at("billing_details.name"),
        Column::new("billing_details_email", Text, "Billing e-mail address.").at("billing_details.email"),
        Column::new("billing_details_phone", Text, "Billing phone number.").at("billing_details.phone"),
        Column::new("billing_details_address_country", Code, "Two-letter ISO country code of the billing address.")
            .at("billing_details.address.country"),
        Column::new("billing_details_address_postal_code", Code, "Postal or ZIP code of the billing address.")
            .at("billing_details.address.postal_code")
            .searched(Search::Exact),
        Column::new("outcome", Json, "Whether and why the payment was accepted, as JSON."),
        Column::new("outcome_type", Code, "authorized, manual_review, issuer_declined, blocked or invalid.")
            .at("outcome.type"),
        Column::new("outcome_network_status", Code, "Network's answer: approved_by_network, declined_by_network, not_sent_to_network, reversed_after_approval.")
            .at("outcome.network_status"),
        Column::new("outcome_reason", Code, "Reason code of a decline or block, if any.").at("outcome.reason"),
        Column::new("outcome_risk_level", Code, "Radar risk level: normal, elevated, highest, not_assessed, unknown.")
            .at("outcome.risk_level"),
        Column::new("outcome_risk_score", Integer, "Radar risk score from 0 to 100.").at("outcome.risk_score"),
        Column::new("outcome_seller_message", Text, "Explanation of the outcome meant for the seller.")
            .at("outcome.seller_message"),
        Column::new("failure_code", Code, "Error code of a failed charge."),
        Column::new("failure_message", Text, "Explanation of a failure."),
        Column::new("failure_balance_transaction", Id, "Balance transaction reversing a failed payment (txn_...)."),
        Column::new("balance_transaction", Id, "Balance transaction recording the charge's effect on the balance (txn_...)."),
        Column::new("application", Id, "Connect application that created the charge (ca_...)."),
        Column::new("application_fee", Id, "Application fee collected on the charge (fee_...)."),
        Column::new("application_fee_amount", Integer, "Application fee requested, in the smallest currency unit."),
        Column::new("on_behalf_of", Id, "Account the charge was made on behalf of (acct_...)."),
        Column::new("invoice", Id, "Invoice the charge pays (in_...). Stripe removed the field in 2025 \
                    (invoice payments link the two now), so on the API version the driver pins it is NULL."),
        Column::new("calculated_statement_descriptor", Text, "Full statement descriptor shown on the customer's statement."),
        Column::new("statement_descriptor", Text, "Statement descriptor set on the charge."),
        Column::new("statement_descriptor_suffix", Text, "Suffix appended to the account's statement descriptor."),
        Column::new("fraud_details", Json, "Fraud assessments by the account and by Stripe, as JSON."),
        METADATA.searched(Search::Exact),
        Column::new("receipt_email", Text, "E-mail address the receipt was sent to."),
        Column::new("receipt_number", Code, "Transaction number on the e-mailed receipt."),
        Column::new("receipt_url", Text, "URL of the always up-to-date receipt page."),
        Column::new("refunds", Json, "The charge's refunds as a JSON list object (may list only the first ones)."),
        Column::new("review", Id, "Radar review of the charge (prv_...), if any."),
        Column::new("shipping", Json, "Shipping name, phone, carrier and address as JSON."),
        Column::new("source", Json, "The payment source charged (card, source), as JSON; older integrations only."),
        Column::new("source_transfer", Id, "Transfer that created the charge when it came from another account (tr_...)."),
        Column::new("transfer_data", Json, "Destination and amount of an automatic transfer, as JSON."),
        Column::new("transfer_data_destination", Id, "Account the charge's funds are transferred to (acct_...).")
            .at("transfer_data.destination"),
        Column::new("transfer_group", Text, "Groups the charge with transfers.")
            .filtered_by(Filter::Equals("transfer_group")),
    ],
};
