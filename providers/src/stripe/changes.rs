//! What changed in a cached Stripe table ([`Changes::Events`]): the events
//! since the last read tell which objects changed or went away, `created`
//! finds the new ones.

use std::collections::HashSet;

use arrow::array::RecordBatch;
use futures::TryStreamExt;
use serde_json::Value as Json;

use super::{Stripe, listing, tables};
use crate::json::decode;
use crate::sync::{self, Delta, OVERLAP, Since, now};
use crate::table::{Changes, Predicate, ScanRequest, Table, Value};
use crate::{Provider, Result};

/// How long Stripe keeps events (µs).
const KEPT: i64 = 30 * 86_400 * 1_000_000;

/// The changes to `table` since `since`, or a full re-read when the events
/// that would tell them are gone.
pub(super) async fn changes(
    stripe: &Stripe,
    schema: &str,
    table: &'static Table,
    since: Since,
) -> Result<Delta> {
    let Changes::Events { types, object } = table.endpoint.changes else {
        return sync::changes(stripe, schema, table, since).await;
    };
    let from = since.read_at - OVERLAP;
    if now() - from >= KEPT {
        return Ok(Delta::Reread(format!(
            "{} was last read more than the 30 days Stripe keeps events ago",
            table.name
        )));
    }
    // Events first: the objects listed after them are at least as new as
    // any snapshot, and are applied after them.
    let events = events_since(stripe, types, from).await?;
    let mut snapshots = Vec::new();
    let mut doubtful = Vec::new();
    for event in events.iter().rev() {
        let snapshot = &event["data"]["object"];
        if snapshot["object"].as_str() != Some(object) {
            continue;
        }
        let Some(id) = snapshot["id"].as_str() else {
            continue;
        };
        // A `.deleted` event may leave the object listed (a subscription's
        // is its cancellation), so the object is asked for.
        if event["type"]
            .as_str()
            .is_some_and(|t| t.ends_with(".deleted"))
        {
            doubtful.push(id.to_string());
        } else {
            snapshots.push(snapshot.clone());
        }
    }
    // A snapshot lacks the fields only an expanded read has.
    let expanded = table.columns.iter().any(|c| c.expand);
    if expanded {
        doubtful.extend(
            snapshots
                .drain(..)
                .filter_map(|s| Some(s["id"].as_str()?.to_string())),
        );
    }
    let (schema_ref, columns) = table.project(None)?;
    let mut changed = vec![decode(&schema_ref, &columns, &snapshots)?];
    let found = by_id(stripe, schema, table, &doubtful).await?;
    let mut present = HashSet::new();
    for batch in &found {
        present.extend(
            sync::ids(batch)
                .iter()
                .flatten()
                .flatten()
                .map(str::to_string),
        );
    }
    changed.extend(found);
    let deleted = doubtful
        .into_iter()
        .filter(|id| !present.contains(id))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    // An object created while the copy was read is newer than the newest
    // it holds, or from the same (whole) second.
    let after = since
        .newest
        .map_or(since.read_at - OVERLAP, |newest| newest - 1_000_000);
    let Some(current) = sync::newer(stripe, schema, table, "created", after).await? else {
        return Ok(Delta::Reread(format!(
            "the API cannot list {} by created",
            table.name
        )));
    };
    Ok(Delta::Rows {
        changed,
        deleted,
        current,
    })
}

/// Every event of `types` since `from` (µs), newest first, as Stripe lists them.
async fn events_since(stripe: &Stripe, types: &str, from: i64) -> Result<Vec<Json>> {
    let params = vec![
        ("type".to_string(), types.to_string()),
        (
            "created[gt]".to_string(),
            from.div_euclid(1_000_000).to_string(),
        ),
    ];
    let pages: Vec<Vec<Json>> = listing(
        &stripe.http,
        &tables::events::EVENTS,
        params,
        None,
        None,
        false,
    )
    .try_collect()
    .await?;
    Ok(pages.into_iter().flatten().collect())
}

/// The objects with these ids as they are now; deleted ones are left out.
async fn by_id(
    stripe: &Stripe,
    schema: &str,
    table: &'static Table,
    ids: &[String],
) -> Result<Vec<RecordBatch>> {
    let mut seen = HashSet::new();
    let values: Vec<Value> = ids
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .map(|id| Value::Text(id.clone()))
        .collect();
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let request = ScanRequest {
        filters: vec![Predicate::InList {
            column: "id".into(),
            values,
            negated: false,
        }],
        fresh: true,
        ..ScanRequest::default()
    };
    stripe.scan(schema, table, request)?.try_collect().await
}
