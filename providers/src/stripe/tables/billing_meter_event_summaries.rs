//! `billing_meter_event_summaries`: a customer's usage counted by a meter
//! over a time window (`/v1/billing/meters/{id}/event_summaries`).

use super::billing_meters::BILLING_METERS;
use crate::stripe::columns::{LIVEMODE, object};
use crate::table::ColumnKind::{Float, Id, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static BILLING_METER_EVENT_SUMMARIES: Table = Table {
    name: "billing_meter_event_summaries",
    description: "Usage of one customer as billing meters count it over a time window. Stripe \
                  answers only for one customer and a window on whole minutes, with one row per \
                  meter: its usage over the whole window added up by the meter's formula. A \
                  filter on meter_id (= or IN) reads those meters only; otherwise every meter is \
                  listed and read. Summaries are computed asynchronously and may lag the latest \
                  events.",
    endpoint: Endpoint::new("/v1/billing/meters/{parent}/event_summaries", None)
        .under(Parent::in_path(&BILLING_METERS)),
    columns: &[
        Column::new("meter_id", Id, "Meter that counted the usage (mtr_...).")
            .at("meter")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the summary (mtrusg_...).").not_null(),
        object!("billing.meter_event_summary"),
        Column::new("customer", Id, "Customer whose usage is counted (cus_...): the value of the query's filter, as Stripe's summary does not repeat it.")
            .filtered_by(Filter::Equals("customer"))
            .filter_only()
            .required(),
        Column::new("start_time", Timestamp, "Start of the counted window (UTC, inclusive).")
            .filtered_by(Filter::LowerBound("start_time"))
            .required(),
        Column::new("end_time", Timestamp, "End of the counted window (UTC, exclusive).")
            .filtered_by(Filter::UpperBound("end_time"))
            .required(),
        Column::new("aggregated_value", Float, "The meter's events in the window added up by its aggregation formula (sum, count or last value)."),
        Column::new("meter", Id, "Meter, as Stripe names it (mtr_...)."),
        LIVEMODE,
    ],
};
