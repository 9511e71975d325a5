//! `subscriptions`: recurring billing of customers (`/v1/subscriptions`).

use crate::stripe::columns::{
    COLLECTION_METHODS, CURRENCY, LIVEMODE, METADATA, created, id, object,
};
use crate::table::ColumnKind::{Bool, Code, Float, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static SUBSCRIPTIONS: Table = Table {
    name: "subscriptions",
    description: "Subscriptions of customers to recurring prices, canceled ones included. Newest \
                  first.",
    endpoint: Endpoint {
        // Without a status filter Stripe leaves canceled subscriptions out.
        defaults: &[("status", "all")],
        ..Endpoint::new("/v1/subscriptions", Some("/v1/subscriptions/{id}"))
            .searched_at("/v1/subscriptions/search")
            .changed_by(Changes::Events {
                types: "customer.subscription.*",
                object: "subscription",
            })
    },
    columns: &[
        id("Identifier of the subscription (sub_...)."),
        object!("subscription"),
        Column::new("customer", Id, "Customer billed (cus_...).")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new(
            "status",
            Code,
            "incomplete, incomplete_expired, trialing, active, past_due, canceled, unpaid or \
             paused.",
        )
        .filtered_by(Filter::Equals("status"))
        // `all` and `ended` name groups of statuses, which no row has.
        .one_of(&[
            "active",
            "canceled",
            "incomplete",
            "incomplete_expired",
            "past_due",
            "paused",
            "trialing",
            "unpaid",
        ])
        .searched(Search::Exact),
        CURRENCY,
        Column::new("collection_method", Code, "charge_automatically or send_invoice.")
            .filtered_by(Filter::Equals("collection_method"))
            .one_of(COLLECTION_METHODS),
        created("When the subscription was created (UTC, whole seconds).")
            .searched(Search::Exact),
        Column::new("start_date", Timestamp, "When the subscription started (UTC); may precede `created` for backdated ones."),
        Column::new("billing_cycle_anchor", Timestamp, "Reference point that aligns future billing dates (UTC)."),
        Column::new("billing_cycle_anchor_config", Json, "Day, hour, minute, month and second of a fixed billing anchor, as JSON."),
        Column::new("cancel_at", Timestamp, "When the subscription is scheduled to be canceled (UTC)."),
        Column::new("cancel_at_period_end", Bool, "True when the subscription cancels at the end of the current period."),
        Column::new("canceled_at", Timestamp, "When the subscription was canceled or the cancellation was requested (UTC)."),
        Column::new("cancellation_details", Json, "Reason, comment and feedback of the cancellation, as JSON."),
        Column::new("cancellation_details_reason", Code, "Why it was canceled: cancellation_requested, payment_disputed or payment_failed.")
            .at("cancellation_details.reason"),
        Column::new("cancellation_details_feedback", Code, "Customer's feedback: too_expensive, switched_service, unused, ...")
            .at("cancellation_details.feedback"),
        Column::new("ended_at", Timestamp, "When the subscription ended (UTC), if it has."),
        Column::new("trial_start", Timestamp, "Start of the trial (UTC), if any."),
        Column::new("trial_end", Timestamp, "End of the trial (UTC), if any."),
        Column::new("trial_settings", Json, "What happens when a trial ends without a payment method, as JSON."),
        Column::new("days_until_due", Integer, "Days a customer has to pay invoices sent by e-mail (send_invoice)."),
        Column::new("default_payment_method", Id, "Payment method charged by default (pm_...)."),
        Column::new("default_source", Id, "Payment source charged by default (card_..., src_...)."),
        Column::new("default_tax_rates", Json, "Tax rates applied to items without their own, as a JSON array."),
        Column::new("description", Text, "Description shown to the customer."),
        Column::new("discounts", Json, "Discounts applied to the subscription, as a JSON array."),
        Column::new("items", Json, "The subscription items (price, quantity) as a JSON list object."),
        Column::new("price", Id, "A recurring price the subscription contains (price_...): not a field of \
                    the subscription, so it holds the value of a `price = '...'` filter and is NULL \
                    without one.")
            .filtered_by(Filter::Equals("price"))
            .filter_only(),
        Column::new("latest_invoice", Id, "Most recent invoice of the subscription (in_...)."),
        LIVEMODE,
        Column::new("next_pending_invoice_item_invoice", Timestamp, "When pending invoice items are next invoiced (UTC)."),
        Column::new("on_behalf_of", Id, "Account the charges are made on behalf of (acct_...)."),
        Column::new("pause_collection", Json, "How and until when payment collection is paused, as JSON."),
        Column::new("payment_settings", Json, "Payment method options and types used for invoices, as JSON."),
        Column::new("pending_invoice_item_interval", Json, "Interval for invoicing pending items, as JSON."),
        Column::new("pending_setup_intent", Id, "SetupIntent collecting the payment method (seti_...)."),
        Column::new("pending_update", Json, "Changes applied once the latest invoice is paid, as JSON."),
        Column::new("schedule", Id, "Subscription schedule managing the subscription (sub_sched_...)."),
        Column::new("test_clock", Id, "Test clock the subscription belongs to (clock_...).")
            .filtered_by(Filter::Equals("test_clock")),
        Column::new("transfer_data", Json, "Destination and share of an automatic transfer, as JSON."),
        Column::new("application", Id, "Connect application that created the subscription (ca_...)."),
        Column::new("application_fee_percent", Float, "Percentage of each invoice transferred to the application owner."),
        Column::new("automatic_tax", Json, "Automatic tax settings, as JSON."),
        Column::new("invoice_settings", Json, "Invoice settings (account tax ids, issuer), as JSON."),
        Column::new("billing_thresholds", Json, "Amount and reset thresholds that trigger an invoice, as JSON."),
        Column::new("billing_mode", Json, "How prorations and invoices are computed, as JSON."),
        Column::new("billing_schedules", Json, "Billing schedules of the subscription, as a JSON array."),
        Column::new("managed_payments", Json, "Managed payments settings, as JSON."),
        METADATA.searched(Search::Exact),
    ],
};
