//! `reviews`: payments Radar held for manual review (`/v1/reviews`).

use crate::stripe::columns::{LIVEMODE, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Json, Text};
use crate::table::{Changes, Column, Endpoint, Table};

pub static REVIEWS: Table = Table {
    name: "reviews",
    description: "Radar reviews: payments flagged for a person to approve or refund. Open reviews \
                  only, as Stripe lists them. Newest first.",
    endpoint: Endpoint::new("/v1/reviews", Some("/v1/reviews/{id}"))
        .changed_by(Changes::Events {
            types: "review.*",
            object: "review",
        }),
    columns: &[
        id("Identifier of the review (prv_...)."),
        object!("review"),
        Column::new("charge", Id, "Charge under review (ch_...)."),
        Column::new(
            "payment_intent",
            Id,
            "Payment intent under review (pi_...).",
        ),
        Column::new("open", Bool, "True while the review waits for a decision."),
        Column::new(
            "opened_reason",
            Code,
            "Why the review was opened: rule or manual.",
        ),
        Column::new(
            "closed_reason",
            Code,
            "Why it was closed: approved, refunded, refunded_as_fraud, disputed, redacted, canceled, payment_never_settled or acknowledged.",
        ),
        Column::new(
            "reason",
            Code,
            "Current reason: the opened reason while open, the closed reason after.",
        ),
        Column::new(
            "billing_zip",
            Text,
            "Postal code of the card's billing address.",
        ),
        Column::new("ip_address", Text, "IP address the payment came from."),
        Column::new(
            "ip_address_location",
            Json,
            "Geolocation of the IP address, as JSON.",
        ),
        Column::new(
            "ip_address_location_country",
            Code,
            "Two-letter country code of the IP address.",
        )
        .at("ip_address_location.country"),
        Column::new("ip_address_location_city", Text, "City of the IP address.")
            .at("ip_address_location.city"),
        Column::new(
            "session",
            Json,
            "Browser, device and platform of the payment session, as JSON.",
        ),
        created("When the review was opened (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
