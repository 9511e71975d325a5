//! `invoices`: statements of amounts owed by customers (`/v1/invoices`).

use crate::stripe::columns::{
    COLLECTION_METHODS, CURRENCY, LIVEMODE, METADATA, created, id, object,
};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static INVOICES: Table = Table {
    name: "invoices",
    description: "Invoices: amounts owed by customers, one-off or from subscriptions. Newest \
                  first.",
    endpoint: Endpoint::new("/v1/invoices", Some("/v1/invoices/{id}"))
        .searched_at("/v1/invoices/search")
        .changed_by(Changes::Events {
            types: "invoice.*",
            object: "invoice",
        }),
    columns: &[
        id("Identifier of the invoice (in_...)."),
        object!("invoice"),
        Column::new("number", Code, "Invoice number shown to the customer, once finalized.")
            .searched(Search::Exact),
        Column::new("customer", Id, "Customer billed (cus_...).")
            .filtered_by(Filter::Equals("customer"))
            .searched(Search::Exact),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("subscription", Id, "Subscription the invoice bills (sub_...), if any.")
            .at("parent.subscription_details.subscription")
            .or_at("subscription")
            .filtered_by(Filter::Equals("subscription"))
            .searched(Search::Exact),
        Column::new("status", Code, "draft, open, paid, uncollectible or void.")
            .filtered_by(Filter::Equals("status"))
            .one_of(&["draft", "open", "paid", "uncollectible", "void"])
            .searched(Search::Exact),
        CURRENCY.searched(Search::Exact),
        Column::new("amount_due", Integer, "Amount to be paid, in the smallest unit of `currency`."),
        Column::new("amount_paid", Integer, "Amount paid so far, in the smallest currency unit."),
        Column::new("amount_remaining", Integer, "Amount still owed, in the smallest currency unit."),
        Column::new("amount_overpaid", Integer, "Amount paid beyond what was due, in the smallest currency unit."),
        Column::new("amount_shipping", Integer, "Shipping amount, in the smallest currency unit."),
        Column::new("subtotal", Integer, "Total before discounts and taxes, in the smallest currency unit."),
        Column::new("subtotal_excluding_tax", Integer, "Subtotal without inclusive taxes, in the smallest currency unit."),
        Column::new("total", Integer, "Total after discounts and taxes, in the smallest currency unit.")
            .searched(Search::Exact),
        Column::new("total_excluding_tax", Integer, "Total without taxes, in the smallest currency unit."),
        Column::new("total_discount_amounts", Json, "Discount amounts applied, as a JSON array."),
        Column::new("total_pretax_credit_amounts", Json, "Credits applied before tax, as a JSON array."),
        Column::new("total_taxes", Json, "Taxes applied, as a JSON array."),
        Column::new("starting_balance", Integer, "Customer balance before the invoice, in the smallest currency unit."),
        Column::new("ending_balance", Integer, "Customer balance after the invoice, in the smallest currency unit."),
        Column::new("pre_payment_credit_notes_amount", Integer, "Credit notes issued before payment, in the smallest currency unit."),
        Column::new("post_payment_credit_notes_amount", Integer, "Credit notes issued after payment, in the smallest currency unit."),
        Column::new("collection_method", Code, "charge_automatically or send_invoice.")
            .filtered_by(Filter::Equals("collection_method"))
            .one_of(COLLECTION_METHODS),
        Column::new("billing_reason", Code, "Why the invoice was created: subscription_cycle, subscription_create, manual, ..."),
        created("When the invoice was created (UTC, whole seconds).")
            .searched(Search::Exact),
        Column::new("due_date", Timestamp, "When payment is due (UTC), for send_invoice invoices.")
            .filtered_by(Filter::Range("due_date")),
        Column::new("effective_at", Timestamp, "When the invoice took effect (finalization, or the date set), UTC."),
        Column::new("period_start", Timestamp, "Start of the usage period the invoice covers (UTC)."),
        Column::new("period_end", Timestamp, "End of the usage period the invoice covers (UTC)."),
        Column::new("next_payment_attempt", Timestamp, "When the next automatic payment attempt is made (UTC)."),
        Column::new("automatically_finalizes_at", Timestamp, "When a draft is finalized automatically (UTC)."),
        Column::new("webhooks_delivered_at", Timestamp, "When webhooks for the invoice's creation were delivered (UTC)."),
        Column::new("status_transitions", Json, "When the invoice was finalized, paid, voided or marked uncollectible, as JSON."),
        Column::new("status_transitions_paid_at", Timestamp, "When the invoice was paid (UTC).")
            .at("status_transitions.paid_at"),
        Column::new("status_transitions_finalized_at", Timestamp, "When the invoice was finalized (UTC).")
            .at("status_transitions.finalized_at"),
        Column::new("attempt_count", Integer, "Number of payment attempts made."),
        Column::new("attempted", Bool, "True once a payment attempt has been made."),
        Column::new("auto_advance", Bool, "True when Stripe finalizes and collects the invoice automatically."),
        LIVEMODE,
        Column::new("account_country", Code, "Country of the business the invoice is from."),
        Column::new("account_name", Text, "Public name of the business the invoice is from."),
        Column::new("account_tax_ids", Json, "Tax ids of the account shown on the invoice, as a JSON array."),
        Column::new("customer_email", Text, "Customer's e-mail address when the invoice was finalized."),
        Column::new("customer_name", Text, "Customer's name when the invoice was finalized."),
        Column::new("customer_phone", Text, "Customer's phone number when the invoice was finalized."),
        Column::new("customer_address", Json, "Customer's address when the invoice was finalized, as JSON."),
        Column::new("customer_shipping", Json, "Customer's shipping details when the invoice was finalized, as JSON."),
        Column::new("customer_tax_exempt", Code, "Customer's tax exemption when the invoice was finalized: none, exempt, reverse."),
        Column::new("customer_tax_ids", Json, "Customer's tax ids when the invoice was finalized, as a JSON array."),
        Column::new("default_payment_method", Id, "Payment method charged by default (pm_...)."),
        Column::new("default_source", Id, "Payment source charged by default (card_..., src_...)."),
        Column::new("default_tax_rates", Json, "Tax rates applied to lines without their own, as a JSON array."),
        Column::new("description", Text, "Memo shown to the customer."),
        Column::new("discounts", Json, "Discounts applied to the invoice, as a JSON array."),
        Column::new("footer", Text, "Footer shown on the invoice."),
        Column::new("custom_fields", Json, "Custom name-value fields shown on the invoice, as a JSON array."),
        Column::new("from_invoice", Json, "Invoice this one revises, and the action, as JSON."),
        Column::new("latest_revision", Id, "Most recent revision of this invoice (in_...)."),
        Column::new("hosted_invoice_url", Text, "URL of the hosted invoice page."),
        Column::new("invoice_pdf", Text, "URL of the invoice PDF."),
        Column::new("issuer", Json, "Account that issues the invoice, as JSON."),
        Column::new("last_finalization_error", Json, "Error of the last finalization attempt, as JSON."),
        Column::new("lines", Json, "The invoice's line items as a JSON list object (may list only the first ones)."),
        Column::new("on_behalf_of", Id, "Account the invoice is issued on behalf of (acct_...)."),
        Column::new("parent", Json, "What generated the invoice (subscription or quote details), as JSON."),
        Column::new("payment_settings", Json, "Payment method options and types for the invoice, as JSON."),
        Column::new("receipt_number", Code, "Number on the payment receipt.")
            .searched(Search::Exact),
        Column::new("rendering", Json, "PDF and amount rendering options, as JSON."),
        Column::new("shipping_cost", Json, "Shipping rate and amounts, as JSON."),
        Column::new("shipping_details", Json, "Shipping name, phone and address, as JSON."),
        Column::new("statement_descriptor", Text, "Statement descriptor of the invoice's charges."),
        Column::new("test_clock", Id, "Test clock the invoice belongs to (clock_...)."),
        Column::new("application", Id, "Connect application that created the invoice (ca_...)."),
        Column::new("automatic_tax", Json, "Automatic tax settings and status, as JSON."),
        METADATA.searched(Search::Exact),
    ],
};
