//! `account_persons`: the people behind connected accounts, listed per
//! account (`/v1/accounts/{id}/persons`).

use super::accounts::ACCOUNTS;
use crate::stripe::columns::{METADATA, object};
use crate::table::ColumnKind::{Bool, Code, Float, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static ACCOUNT_PERSONS: Table = Table {
    name: "account_persons",
    description: "People associated with connected accounts' legal entities (owners, directors, \
                  executives, representatives), newest first within each account. A filter on \
                  account_id (= or IN) lists under those accounts only; otherwise every \
                  connected account is listed and its people are read.",
    endpoint: Endpoint::new("/v1/accounts/{parent}/persons", None).under(Parent::in_path(&ACCOUNTS)),
    columns: &[
        Column::new("account_id", Id, "Connected account the person belongs to (acct_...).")
            .at("account")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the person (person_...).").not_null(),
        object!("person"),
        Column::new("first_name", Text, "The person's first name."),
        Column::new("last_name", Text, "The person's last name."),
        Column::new("email", Text, "The person's e-mail address."),
        Column::new("phone", Text, "The person's phone number."),
        Column::new("address", Json, "The person's address, as JSON."),
        Column::new("dob", Json, "Date of birth (day, month, year), as JSON."),
        Column::new("relationship", Json, "The person's roles in the legal entity, as JSON."),
        Column::new("relationship_representative", Bool, "True for the account's representative.")
            .at("relationship.representative")
            .filtered_by(Filter::Equals("relationship[representative]")),
        Column::new("relationship_owner", Bool, "True for an owner of the legal entity.")
            .at("relationship.owner")
            .filtered_by(Filter::Equals("relationship[owner]")),
        Column::new("relationship_director", Bool, "True for a director of the legal entity.")
            .at("relationship.director")
            .filtered_by(Filter::Equals("relationship[director]")),
        Column::new("relationship_executive", Bool, "True for an executive of the legal entity.")
            .at("relationship.executive")
            .filtered_by(Filter::Equals("relationship[executive]")),
        Column::new("relationship_legal_guardian", Bool, "True for the legal guardian of the representative.")
            .at("relationship.legal_guardian")
            .filtered_by(Filter::Equals("relationship[legal_guardian]")),
        Column::new("relationship_authorizer", Bool, "True for the authorizer of the representative.")
            .at("relationship.authorizer")
            .filtered_by(Filter::Equals("relationship[authorizer]")),
        Column::new("relationship_title", Text, "The person's title (CEO, ...).").at("relationship.title"),
        Column::new("relationship_percent_ownership", Float, "Percent of the legal entity the person owns.")
            .at("relationship.percent_ownership"),
        Column::new("id_number_provided", Bool, "True once a government id number was provided."),
        Column::new("ssn_last_4_provided", Bool, "True once the last four digits of a US SSN were provided."),
        Column::new("verification", Json, "Identity verification state and documents, as JSON."),
        Column::new("verification_status", Code, "unverified, pending or verified.").at("verification.status"),
        Column::new("requirements", Json, "Information Stripe still needs about the person, as JSON."),
        Column::new("future_requirements", Json, "Information Stripe will need after upcoming rule changes, as JSON."),
        Column::new("additional_tos_acceptances", Json, "Terms of service the person accepted, as JSON."),
        Column::new("account", Id, "Account, as Stripe names it (acct_...)."),
        Column::new("created", Timestamp, "When the person was added (UTC, whole seconds)."),
        METADATA,
    ],
};
