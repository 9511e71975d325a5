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

/// The columns of a list of line items (`item` objects: what a Checkout
/// Session, a quote or a payment link sells), after the parent id column
/// `$parent` that the table's fan-out fills.
macro_rules! item_columns {
    ($parent:expr) => {
        &[
            $parent,
            $crate::table::Column::new(
                "id",
                $crate::table::ColumnKind::Id,
                "Identifier of the line item (li_...).",
            )
            .not_null(),
            $crate::stripe::columns::object!("item"),
            $crate::table::Column::new(
                "description",
                $crate::table::ColumnKind::Text,
                "Description of the item, usually the product name.",
            ),
            $crate::table::Column::new(
                "quantity",
                $crate::table::ColumnKind::Integer,
                "Quantity sold.",
            ),
            $crate::stripe::columns::CURRENCY,
            $crate::table::Column::new(
                "amount_subtotal",
                $crate::table::ColumnKind::Integer,
                "Amount before discounts and taxes, in the smallest unit of `currency`.",
            ),
            $crate::table::Column::new(
                "amount_discount",
                $crate::table::ColumnKind::Integer,
                "Discount, in the smallest currency unit.",
            ),
            $crate::table::Column::new(
                "amount_tax",
                $crate::table::ColumnKind::Integer,
                "Tax, in the smallest currency unit.",
            ),
            $crate::table::Column::new(
                "amount_total",
                $crate::table::ColumnKind::Integer,
                "Amount after discounts and taxes, in the smallest currency unit.",
            ),
            $crate::table::Column::new(
                "price",
                $crate::table::ColumnKind::Json,
                "The price sold, as JSON.",
            ),
            $crate::table::Column::new(
                "price_id",
                $crate::table::ColumnKind::Id,
                "Price sold (price_...).",
            )
            .at("price.id"),
            $crate::table::Column::new(
                "price_product",
                $crate::table::ColumnKind::Id,
                "Product of the price (prod_...).",
            )
            .at("price.product"),
            $crate::table::Column::new(
                "price_unit_amount",
                $crate::table::ColumnKind::Integer,
                "Unit amount of the price, in the smallest currency unit.",
            )
            .at("price.unit_amount"),
            $crate::table::Column::new(
                "adjustable_quantity",
                $crate::table::ColumnKind::Json,
                "Whether and within which bounds the customer may change the quantity, as JSON.",
            ),
            $crate::table::Column::new(
                "metadata",
                $crate::table::ColumnKind::Json,
                "Key-value pairs attached to the item, as a JSON object.",
            ),
        ]
    };
}
pub(super) use item_columns;
