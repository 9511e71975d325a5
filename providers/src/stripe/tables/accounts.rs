//! `accounts`: the Connect accounts of a platform (`/v1/accounts`).

use crate::stripe::columns::{created, id, object};
use crate::table::ColumnKind::{Bool, Code, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Table};

pub static ACCOUNTS: Table = Table {
    name: "accounts",
    description: "Connected accounts of a Connect platform (empty for other accounts). Newest \
                  first.",
    endpoint: Endpoint::new("/v1/accounts", Some("/v1/accounts/{id}")),
    columns: &[
        id("Identifier of the account (acct_...)."),
        object!("account"),
        Column::new("type", Code, "standard, express, custom or none (controller-defined)."),
        Column::new("country", Code, "Two-letter country code of the account."),
        Column::new("default_currency", Code, "Three-letter ISO code of the default currency, lower case."),
        Column::new("email", Text, "E-mail address of the account holder."),
        Column::new("business_type", Code, "individual, company, non_profit or government_entity."),
        Column::new("business_profile", Json, "Public business details (name, MCC, URL, support contacts), as JSON."),
        Column::new("business_profile_name", Text, "Customer-facing business name.")
            .at("business_profile.name"),
        Column::new("business_profile_mcc", Code, "Merchant category code of the business.")
            .at("business_profile.mcc"),
        Column::new("business_profile_url", Text, "Website of the business.")
            .at("business_profile.url"),
        Column::new("business_profile_support_email", Text, "Support e-mail shown to customers.")
            .at("business_profile.support_email"),
        Column::new("charges_enabled", Bool, "True when the account can create live charges."),
        Column::new("payouts_enabled", Bool, "True when Stripe can send payouts to the account."),
        Column::new("details_submitted", Bool, "True when the account holder finished onboarding."),
        Column::new("capabilities", Json, "Status of each requested capability, as JSON."),
        Column::new("capabilities_card_payments", Code, "Status of the card_payments capability: active, inactive or pending.")
            .at("capabilities.card_payments"),
        Column::new("capabilities_transfers", Code, "Status of the transfers capability: active, inactive or pending.")
            .at("capabilities.transfers"),
        Column::new("controller", Json, "Who controls fees, losses and the dashboard of the account, as JSON."),
        Column::new("controller_type", Code, "application (the platform) or account (the account itself).")
            .at("controller.type"),
        created("When the account was connected (UTC, whole seconds)."),
        Column::new("external_accounts", Json, "Bank accounts and cards payouts go to, as a JSON list object."),
        Column::new("requirements", Json, "Information still needed to keep the account enabled, as JSON."),
        Column::new("requirements_disabled_reason", Code, "Why the account cannot create charges or payouts, if it cannot.")
            .at("requirements.disabled_reason"),
        Column::new("requirements_current_deadline", Timestamp, "When the currently due information must be provided (UTC).")
            .at("requirements.current_deadline"),
        Column::new("future_requirements", Json, "Information that will be needed after upcoming changes, as JSON."),
        Column::new("settings", Json, "Branding, payouts, payments and dashboard settings, as JSON."),
        Column::new("settings_payouts_schedule_interval", Code, "How often payouts are made: manual, daily, weekly or monthly.")
            .at("settings.payouts.schedule.interval"),
        Column::new("tos_acceptance", Json, "When, from where and with which agent the terms of service were accepted, as JSON."),
        Column::new("tos_acceptance_date", Timestamp, "When the terms of service were accepted (UTC).")
            .at("tos_acceptance.date"),
        Column::new("metadata", Json, "Key-value pairs attached by the platform, as a JSON object."),
    ],
};
