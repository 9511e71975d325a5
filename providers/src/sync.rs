//! What changed in a table since a cached copy of it was read, as far as the
//! API can tell ([`Changes`]): the persistent cache (`CacheLocation`) keeps
//! the copy and merges; this module only asks the API.

use std::time::{SystemTime, UNIX_EPOCH};

use arrow::array::{AsArray, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use futures::TryStreamExt;
use sha2::{Digest, Sha256};

use crate::table::{Changes, CmpOp, Predicate, Pushdown, ScanRequest, Table, Value};
use crate::{Properties, Provider, Result};

/// How far a cached copy reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Since {
    /// When the read that made the copy, or its last refresh, started
    /// (microseconds since the epoch).
    pub read_at: i64,
    /// The newest value of the table's [`Changes`] column in the copy.
    pub newest: Option<i64>,
}

/// What changed, or why only a full re-read is exact.
#[derive(Debug)]
pub enum Delta {
    Rows {
        /// Snapshots of objects as a change left them, oldest change first:
        /// each replaces the cached row with its `id` and is dropped when
        /// there is none (an event of `charge.*` may be about a dispute).
        changed: Vec<RecordBatch>,
        /// Ids of deleted objects.
        deleted: Vec<String>,
        /// Objects as they are now, applied last: added, or replacing the
        /// row with their `id`.
        current: Vec<RecordBatch>,
    },
    /// Why the table has to be read again in full (logged at Verbosity 2).
    Reread(String),
}

/// Microseconds since the epoch, the unit of [`Since`].
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

/// Changes are asked for from this long (µs) before the copy was read, so
/// neither a change made while it was read nor a clock apart from the
/// API's is missed; what the overlap reads again is merged by id.
pub const OVERLAP: i64 = 5 * 60 * 1_000_000;

/// The default [`Provider::changes`]: [`Changes::Newer`] tables through the
/// provider's own scan; events are the provider's to read.
pub async fn changes<P: Provider + ?Sized>(
    provider: &P,
    schema: &str,
    table: &'static Table,
    since: Since,
) -> Result<Delta> {
    match table.endpoint.changes {
        Changes::Reread => Ok(Delta::Reread(format!(
            "the API reports no changes to {}",
            table.name
        ))),
        Changes::Events { .. } => Ok(Delta::Reread(format!(
            "{} does not read events",
            provider.name()
        ))),
        Changes::Newer(column) => {
            // A change made while the copy was read may carry an older
            // value than the newest the copy holds: the overlap covers it.
            let after = since.newest.unwrap_or(since.read_at).min(since.read_at) - OVERLAP;
            match newer(provider, schema, table, column, after).await? {
                Some(current) => Ok(Delta::Rows {
                    changed: Vec::new(),
                    deleted: Vec::new(),
                    current,
                }),
                None => Ok(Delta::Reread(format!(
                    "the API cannot list {} by {column}",
                    table.name
                ))),
            }
        }
    }
}

/// Every row of `table` whose `column` is past `after` (µs), read fresh
/// through the provider's scan; `None` when the API cannot apply that
/// filter exactly, which would make the read a full one.
pub async fn newer<P: Provider + ?Sized>(
    provider: &P,
    schema: &str,
    table: &'static Table,
    column: &str,
    after: i64,
) -> Result<Option<Vec<RecordBatch>>> {
    let after = Predicate::Compare {
        column: column.to_string(),
        op: CmpOp::Gt,
        value: Value::Timestamp(after),
    };
    if provider.pushdown(table, &after) != Pushdown::Exact {
        return Ok(None);
    }
    let request = ScanRequest {
        filters: vec![after],
        fresh: true,
        ..ScanRequest::default()
    };
    let batches = provider.scan(schema, table, request)?.try_collect().await?;
    Ok(Some(batches))
}

/// The `id`s of a batch of a table's rows, as text whatever their type
/// (Bitbucket's pull request ids are numbers); `None` without an `id`.
pub fn ids(batch: &RecordBatch) -> Option<StringArray> {
    let column = batch.column_by_name("id")?;
    Some(
        cast(column, &DataType::Utf8)
            .ok()?
            .as_string::<i32>()
            .clone(),
    )
}

/// Properties that decide whose data a connection reads.
const IDENTITY: &[&str] = &[
    "Provider",
    "BaseURL",
    "AuthScheme",
    "LiveAPIKey",
    "AccountId",
    "User",
    "Password",
    "OAuthClientId",
    "OAuthSettingsLocation",
];

/// Names the persistent cache's directory of one account: a digest of the
/// API root and the credentials as configured, so other keys or accounts
/// never share rows, and no secret is written anywhere. An OAuth token given
/// directly stands for its user only when nothing else does (its renewal
/// then starts a new copy).
pub fn account(properties: &Properties) -> String {
    let mut hasher = Sha256::new();
    let mut add = |name: &str| {
        let value = properties.get(name).unwrap_or_default();
        hasher.update((value.len() as u64).to_le_bytes());
        hasher.update(value.as_bytes());
    };
    IDENTITY.iter().for_each(|name| add(name));
    if !properties.is_set("OAuthClientId") && !properties.is_set("OAuthSettingsLocation") {
        add("OAuthAccessToken");
    }
    hasher
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_digest_depends_on_whose_data_and_never_shows_it() {
        let stripe =
            |key: &str| Properties::from_pairs([("Provider", "Stripe"), ("LiveAPIKey", key)]);
        let a = account(&stripe("sk_test_a"));
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, account(&stripe("sk_test_a")));
        assert_ne!(a, account(&stripe("sk_test_b")));
        let mut connected = stripe("sk_test_a");
        connected.set("AccountId", "acct_1".into());
        assert_ne!(a, account(&connected));
        // Settings that do not change whose data is read keep the copy.
        let mut tuned = stripe("sk_test_a");
        tuned.set("Timeout", "5".into());
        assert_eq!(a, account(&tuned));
    }
}
