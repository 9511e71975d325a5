//! `country_specs`: what Stripe supports in each country (`/v1/country_specs`).

use crate::stripe::columns::{id, object};
use crate::table::ColumnKind::{Code, Json};
use crate::table::{Column, Endpoint, Table};

pub static COUNTRY_SPECS: Table = Table {
    name: "country_specs",
    description: "Country specs: for each country where accounts can be created, its default \
                  currency, the payment and payout currencies and payment methods Stripe \
                  supports, and the verification fields it asks for. The same for every account.",
    endpoint: Endpoint::new("/v1/country_specs", Some("/v1/country_specs/{id}")),
    columns: &[
        id("Two-letter ISO code of the country (US, DE, ...)."),
        object!("country_spec"),
        Column::new("default_currency", Code, "Three-letter ISO code of the country's default currency, lower case."),
        Column::new("supported_payment_currencies", Json, "Currencies payments can be made in, as a JSON array."),
        Column::new("supported_payment_methods", Json, "Payment methods supported, as a JSON array."),
        Column::new("supported_bank_account_currencies", Json, "For each payout currency, the countries whose bank accounts can receive it, as JSON."),
        Column::new("supported_transfer_countries", Json, "Countries transfers can be sent to, as a JSON array."),
        Column::new("verification_fields", Json, "Fields required to verify individuals and companies, as JSON."),
    ],
};
