//! `checkout_sessions`: customers' visits to Stripe-hosted payment pages (`/v1/checkout/sessions`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static CHECKOUT_SESSIONS: Table = Table {
    name: "checkout_sessions",
    description: "Checkout Sessions: a customer's pass through a Stripe Checkout or payment link \
                  page. Newest first.",
    endpoint: Endpoint::new("/v1/checkout/sessions", Some("/v1/checkout/sessions/{id}"))
        .changed_by(Changes::Events {
            types: "checkout.session.*",
            object: "checkout.session",
        }),
    columns: &[
        id("Identifier of the session (cs_...)."),
        object!("checkout.session"),
        Column::new("mode", Code, "payment, setup or subscription."),
        Column::new("status", Code, "open, complete or expired.")
            .filtered_by(Filter::Equals("status"))
            .one_of(&["complete", "expired", "open"]),
        Column::new("payment_status", Code, "paid, unpaid or no_payment_required."),
        CURRENCY,
        Column::new("amount_subtotal", Integer, "Total of the items before discounts and taxes, in the smallest unit of `currency`."),
        Column::new("amount_total", Integer, "Total after discounts and taxes, in the smallest currency unit."),
        Column::new("total_details", Json, "Discount, shipping and tax totals, as JSON."),
        Column::new("total_details_amount_discount", Integer, "Discount total, in the smallest currency unit.")
            .at("total_details.amount_discount"),
        Column::new("total_details_amount_shipping", Integer, "Shipping total, in the smallest currency unit.")
            .at("total_details.amount_shipping"),
        Column::new("total_details_amount_tax", Integer, "Tax total, in the smallest currency unit.")
            .at("total_details.amount_tax"),
        Column::new("customer", Id, "Customer of the session, once known (cus_...).")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("customer_creation", Code, "Whether a customer is created: always or if_required."),
        Column::new("customer_email", Text, "E-mail address the session was created with."),
        Column::new("customer_details", Json, "Details the customer entered (e-mail, name, address, tax ids), as JSON."),
        Column::new("customer_details_email", Text, "E-mail address the customer entered.")
            .at("customer_details.email")
            .filtered_by(Filter::Equals("customer_details[email]")),
        Column::new("customer_details_name", Text, "Name the customer entered.").at("customer_details.name"),
        Column::new("customer_details_address_country", Code, "Two-letter ISO country code of the customer's address.")
            .at("customer_details.address.country"),
        Column::new("client_reference_id", Text, "The integration's own reference for the session."),
        Column::new("client_secret", Text, "Secret of an embedded session, for the client page."),
        Column::new("payment_intent", Id, "Payment intent of a payment-mode session (pi_...).")
            .filtered_by(Filter::Equals("payment_intent")),
        Column::new("setup_intent", Id, "Setup intent of a setup-mode session (seti_...)."),
        Column::new("subscription", Id, "Subscription of a subscription-mode session (sub_...).")
            .filtered_by(Filter::Equals("subscription")),
        Column::new("invoice", Id, "Invoice created after a successful payment (in_...)."),
        Column::new("invoice_creation", Json, "Whether and how a post-payment invoice is created, as JSON."),
        Column::new("payment_link", Id, "Payment link the session was created from (plink_...).")
            .filtered_by(Filter::Equals("payment_link")),
        Column::new("recovered_from", Id, "Expired session this one recovers (cs_...)."),
        created("When the session was created (UTC, whole seconds)."),
        Column::new("expires_at", Timestamp, "When the session expires (UTC)."),
        Column::new("url", Text, "URL of the hosted page, while the session is open."),
        Column::new("success_url", Text, "Where the customer goes after paying."),
        Column::new("cancel_url", Text, "Where the customer goes when leaving without paying."),
        Column::new("ui_mode", Code, "hosted, embedded or custom."),
        Column::new("locale", Code, "Language of the page (auto, en, fr, ...)."),
        Column::new("submit_type", Code, "Label of the pay button: auto, pay, book, donate."),
        Column::new("billing_address_collection", Code, "Whether the billing address is asked for: auto or required."),
        Column::new("allow_promotion_codes", Bool, "True when the customer may enter promotion codes."),
        Column::new("payment_method_collection", Code, "Whether a payment method is collected: always or if_required."),
        Column::new("payment_method_types", Json, "Payment method types offered, as a JSON array."),
        Column::new("payment_method_options", Json, "Options per payment method type, as JSON."),
        Column::new("payment_method_configuration_details", Json, "Payment method configuration used, as JSON."),
        Column::new("saved_payment_method_options", Json, "Options for saved payment methods, as JSON."),
        Column::new("after_expiration", Json, "What happens after expiry (recovery), as JSON."),
        Column::new("automatic_tax", Json, "Automatic tax settings and status, as JSON."),
        Column::new("consent", Json, "Consents the customer gave, as JSON."),
        Column::new("consent_collection", Json, "Consents asked for, as JSON."),
        Column::new("custom_fields", Json, "Extra fields shown to the customer and their values, as a JSON array."),
        Column::new("custom_text", Json, "Custom texts shown on the page, as JSON."),
        Column::new("phone_number_collection", Json, "Whether the phone number is asked for, as JSON."),
        Column::new("shipping_address_collection", Json, "Countries shipping addresses may be in, as JSON."),
        Column::new("shipping_cost", Json, "Chosen shipping rate and amounts, as JSON."),
        Column::new("shipping_options", Json, "Shipping rates offered, as a JSON array."),
        Column::new("collected_information", Json, "Information collected on the page (shipping details, names), as JSON."),
        Column::new("discounts", Json, "Discounts applied, as a JSON array."),
        Column::new("adaptive_pricing", Json, "Adaptive (local currency) pricing settings, as JSON."),
        Column::new("currency_conversion", Json, "Currency conversion applied with adaptive pricing, as JSON."),
        Column::new("permissions", Json, "What the client page may update, as JSON."),
        Column::new("wallet_options", Json, "Wallet options (Link, ...), as JSON."),
        Column::new("origin_context", Code, "Where the session was started: mobile_app or web."),
        Column::new("integration_identifier", Text, "Identifier of the integration that created the session."),
        Column::new("managed_payments", Json, "Managed payments settings, as JSON."),
        LIVEMODE,
        METADATA,
    ],
};
