//! `products`: the goods and services an account sells (`/v1/products`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static PRODUCTS: Table = Table {
    name: "products",
    description: "Products: goods and services offered, priced by `prices`. Newest first.",
    endpoint: Endpoint::new("/v1/products", Some("/v1/products/{id}"))
        .searched_at("/v1/products/search")
        .listed_by_id("ids")
        .changed_by(Changes::Events {
            types: "product.*",
            object: "product",
        }),
    columns: &[
        id("Identifier of the product (prod_...)."),
        object!("product"),
        Column::new("name", Text, "Name shown to customers.")
            .searched(Search::Substring),
        Column::new("description", Text, "Description shown to customers.")
            .searched(Search::Substring),
        Column::new(
            "active",
            Bool,
            "True when the product is available for purchase.",
        )
        .filtered_by(Filter::Equals("active"))
        .searched(Search::Exact),
        Column::new("type", Code, "good or service."),
        created("When the product was created (UTC, whole seconds)."),
        Column::new(
            "updated",
            Timestamp,
            "When the product was last updated (UTC).",
        ),
        LIVEMODE,
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
            "True when the product is shipped (physical goods).",
        )
        .filtered_by(Filter::Equals("shippable"))
        .searched(Search::Exact),
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
            "Public web page of the product.",
        )
        .filtered_by(Filter::Equals("url"))
        .searched(Search::Exact),
        METADATA.searched(Search::Exact),
    ],
};
