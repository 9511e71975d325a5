//! Columns most Stripe tables share, as Stripe documents them on every
//! object: `id`, `object`, `livemode`, `metadata`, `created`, `currency`.
//! Table files take them from here; a table whose field means something
//! else (a line's metadata, a fee's currency) declares its own.

use crate::table::ColumnKind::{Bool, Code, Id, Json, Timestamp};
use crate::table::{Column, Filter};

/// `id`, read by get-by-id for `=` and `IN`.
pub(super) const fn id(description: &'static str) -> Column {
    Column::new("id", Id, description)
        .not_null()
        .filtered_by(Filter::Id)
}

/// `object`: the kind Stripe gives every object of the table.
macro_rules! object {
    ($kind:literal) => {
        $crate::table::Column::new(
            "object",
            $crate::table::ColumnKind::Code,
            concat!("Kind of object: always '", $kind, "'."),
        )
    };
}
pub(super) use object;

pub(super) const LIVEMODE: Column = Column::new(
    "livemode",
    Bool,
    "True for live-mode objects, false for test mode.",
);

pub(super) const METADATA: Column = Column::new(
    "metadata",
    Json,
    "Key-value pairs attached by the account, as a JSON object.",
);

/// `created`, with Stripe's `created` range parameter.
pub(super) const fn created(description: &'static str) -> Column {
    Column::new("created", Timestamp, description).filtered_by(Filter::Range("created"))
}

pub(super) const CURRENCY: Column = Column::new(
    "currency",
    Code,
    "Three-letter ISO currency code, lower case.",
);

/// The values of the `collection_method` parameter of invoices and subscriptions.
pub(super) const COLLECTION_METHODS: &[&str] = &["charge_automatically", "send_invoice"];
