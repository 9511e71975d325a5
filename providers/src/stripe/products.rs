//! `products`: the goods and services an account sells (`/v1/products`).

use crate::table::ColumnKind::{Bool, Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static PRODUCTS: Table = Table {
    name: "products",
    description: "Products: goods and services offered, priced by `prices`. Newest first. Filters \
                  on id, active, shippable, url and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/products", Some("/v1/products/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the product (prod_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'product'."),
        Column::new("name", Text, "Name shown to customers."),
        Column::new("description", Text, "Description shown to customers."),
        Column::new(
            "active",
            Bool,
            "True when the product is available for purchase. Equality filters are sent to Stripe.",
        )
        .filtered_by(Filter::Equals("active")),
        Column::new("type", Code, "good or service."),
        Column::new(
            "created",
            Timestamp,
            "When the product was created (UTC, whole seconds).",
        )
        .filtered_by(Filter::Range("created")),
        Column::new(
            "updated",
            Timestamp,
            "When the product was last updated (UTC).",
        ),
        Column::new(
            "livemode",
            Bool,
            "True for live-mode objects, false for test mode.",
        ),
        Column::new(
            "default_price",
            Id,
            "Default price of the product (price_...).",
        ),
        Column::new(
            "images",
            Json,
            "URLs of up to eight images, as a JSON array.",
        ),
        Column::new(
            "marketing_features",
            Json,
            "Features shown on pricing tables, as a JSON array.",
        ),
        Column::new(
            "package_dimensions",
            Json,
            "Height, length, weight and width of the package, as JSON.",
        ),
        Column::new(
            "shippable",
            Bool,
            "True when the product is shipped (physical goods). Equality filters are sent to Stripe.",
        )
        .filtered_by(Filter::Equals("shippable")),
        Column::new(
            "statement_descriptor",
            Text,
            "Statement descriptor of charges for the product.",
        ),
        Column::new("tax_code", Id, "Tax code of the product (txcd_...)."),
        Column::new(
            "unit_label",
            Text,
            "Label of a unit on receipts and invoices (seat, GB, ...).",
        ),
        Column::new(
            "url",
            Text,
            "Public web page of the product. Equality filters are sent to Stripe.",
        )
        .filtered_by(Filter::Equals("url")),
        Column::new(
            "metadata",
            Json,
            "Key-value pairs attached by the account, as a JSON object.",
        ),
    ],
};
