//! `customer_tax_ids`: customers' tax identification numbers, listed per
//! customer (`/v1/customers/{id}/tax_ids`).

use super::customers::CUSTOMERS;
use crate::stripe::columns::{LIVEMODE, object};
use crate::table::ColumnKind::{Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static CUSTOMER_TAX_IDS: Table = Table {
    name: "customer_tax_ids",
    description: "Tax ids (VAT, GST, EIN, ...) of customers, newest first within each customer. \
                  A filter on customer_id (= or IN) lists under those customers only; otherwise \
                  every customer is listed and its tax ids are read.",
    endpoint: Endpoint::new("/v1/customers/{parent}/tax_ids", None)
        .under(Parent::in_path(&CUSTOMERS)),
    columns: &[
        Column::new("customer_id", Id, "Customer the tax id belongs to (cus_...).")
            .at("customer")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the tax id (txi_...).").not_null(),
        object!("tax_id"),
        Column::new("type", Code, "Kind of tax id: eu_vat, gb_vat, us_ein, au_abn, ..."),
        Column::new("value", Text, "The tax id as entered."),
        Column::new("country", Code, "Two-letter ISO country code of the tax id."),
        Column::new("customer", Id, "Customer, as Stripe names it (cus_...).")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("customer_account", Id, "Account representing the customer, when the customer is an account."),
        Column::new("owner", Json, "Who owns the tax id, as JSON."),
        Column::new("owner_type", Code, "Kind of owner: customer, account, application or self.").at("owner.type"),
        Column::new("verification", Json, "Verification status and verified name and address, as JSON."),
        Column::new("verification_status", Code, "pending, verified, unverified or unavailable.")
            .at("verification.status"),
        Column::new("verification_verified_name", Text, "Name the tax authority has on file.")
            .at("verification.verified_name"),
        Column::new("created", Timestamp, "When the tax id was added (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
