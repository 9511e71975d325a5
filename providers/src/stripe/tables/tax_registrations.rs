//! `tax_registrations`: where the account collects tax (`/v1/tax/registrations`).

use crate::stripe::columns::{LIVEMODE, id, object};
use crate::table::ColumnKind::{Code, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static TAX_REGISTRATIONS: Table = Table {
    name: "tax_registrations",
    description: "Tax registrations: the countries and states where the account is registered to \
                  collect tax with Stripe Tax, expired and scheduled ones included. Newest first.",
    endpoint: Endpoint {
        // Without a status filter Stripe leaves expired registrations out.
        defaults: &[("status", "all")],
        ..Endpoint::new("/v1/tax/registrations", Some("/v1/tax/registrations/{id}"))
    },
    columns: &[
        id("Identifier of the registration (taxreg_...)."),
        object!("tax.registration"),
        Column::new("country", Code, "Two-letter ISO code of the country registered in."),
        Column::new("country_options", Json, "The registration's type (and state or province) in that country, as JSON."),
        Column::new("status", Code, "active, scheduled or expired: from active_from and expires_at.")
            .filtered_by(Filter::Equals("status"))
            // `all` names every status, which no row has.
            .one_of(&["active", "expired", "scheduled"]),
        Column::new("active_from", Timestamp, "When the registration becomes active (UTC)."),
        Column::new("expires_at", Timestamp, "When the registration stops being active (UTC), if ever."),
        Column::new("created", Timestamp, "When the registration was created (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
