//! `customers`: the people and businesses an account bills (`/v1/customers`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static CUSTOMERS: Table = Table {
    name: "customers",
    description: "Customers of the account: contact details, balance, invoicing settings. Newest \
                  first.",
    endpoint: Endpoint::new("/v1/customers", Some("/v1/customers/{id}"))
        .searched_at("/v1/customers/search")
        .changed_by(Changes::Events {
            types: "customer.*",
            object: "customer",
        }),
    columns: &[
        id("Identifier of the customer (cus_...)."),
        object!("customer"),
        Column::new("name", Text, "Full name of the person or business.")
            .searched(Search::Substring),
        Column::new("email", Text, "E-mail address; Stripe matches it case-sensitively.")
            .filtered_by(Filter::Equals("email"))
            .searched(Search::Substring),
        Column::new("phone", Text, "Phone number.")
            .searched(Search::Substring),
        Column::new("description", Text, "Free-text note attached to the customer."),
        created("When the customer was created (UTC, whole seconds).")
            .searched(Search::Exact),
        LIVEMODE,
        Column::new(
            "balance",
            Integer,
            "Balance in the smallest unit of `currency`: negative is credit applied to the next \
             invoice, positive is owed and added to it.",
        ),
        Column::new("currency", Code, "Three-letter ISO currency code (lower case) used for recurring billing."),
        Column::new("delinquent", Bool, "True when the latest invoice's automatic payment failed or it is past due."),
        Column::new("address", Json, "Postal address as JSON (city, country, line1, line2, postal_code, state)."),
        Column::new("address_city", Text, "City of the postal address.").at("address.city"),
        Column::new("address_country", Code, "Two-letter ISO country code of the postal address.")
            .at("address.country"),
        Column::new("address_line1", Text, "First address line.").at("address.line1"),
        Column::new("address_line2", Text, "Second address line.").at("address.line2"),
        Column::new("address_postal_code", Code, "Postal or ZIP code.").at("address.postal_code"),
        Column::new("address_state", Text, "State, county, province or region.").at("address.state"),
        Column::new("default_source", Id, "Identifier of the default payment source (card_..., src_..., ba_...)."),
        Column::new("discount", Json, "The discount currently applied to the customer, as JSON."),
        Column::new("invoice_prefix", Code, "Prefix of the customer's invoice numbers."),
        Column::new("invoice_settings", Json, "Default invoice settings as JSON (custom fields, footer, payment method)."),
        Column::new(
            "invoice_settings_default_payment_method",
            Id,
            "Identifier of the payment method invoices and subscriptions charge by default (pm_...).",
        )
        .at("invoice_settings.default_payment_method"),
        METADATA.searched(Search::Exact),
        Column::new("next_invoice_sequence", Integer, "Sequence number of the customer's next invoice."),
        Column::new("preferred_locales", Json, "Preferred languages, most preferred first, as a JSON array."),
        Column::new("shipping", Json, "Shipping name, phone and address as JSON."),
        Column::new("shipping_name", Text, "Recipient name of the shipping details.").at("shipping.name"),
        Column::new("shipping_address_country", Code, "Two-letter ISO country code of the shipping address.")
            .at("shipping.address.country"),
        Column::new("tax_exempt", Code, "Tax exemption status: none, exempt or reverse."),
        Column::new(
            "test_clock",
            Id,
            "Identifier of the test clock the customer belongs to (clock_...). Stripe lists such \
             customers only when filtering on this column.",
        )
        .filtered_by(Filter::Equals("test_clock")),
    ],
};
