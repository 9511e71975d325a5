//! Long Stripe scans split into `created` ranges read concurrently.
//!
//! Stripe lists page with a cursor, so one list is one request after the
//! other. A table that is still going after the first pages is therefore cut
//! into disjoint `created` ranges, newest first: the first continues the
//! running cursor down to a bound, the others are new lists with
//! `created[gte]`/`created[lte]`, and the last is open below (down to the
//! query's own bound, if any), so no row can fall between two ranges. Up to
//! `MaxConcurrency` ranges are read at once, each buffering at most
//! [`BUFFERED_PAGES`] pages; they are handed on in order, so the rows arrive
//! exactly as one sequential scan would deliver them (newest first).
//!
//! The newest `created` seen and the account's creation (`GET /v1/account`),
//! or the query's lower bound, span the rest of the table; the density of the
//! pages read so far says how many rows to expect, and so how many ranges of
//! about [`PAGES_PER_RANGE`] pages to cut. A scan expected to end within a
//! few pages, a `LIMIT`, or `MaxConcurrency=1` stays sequential.

use std::collections::VecDeque;
use std::sync::Arc;

use arrow::array::RecordBatch;
use futures::TryStreamExt;
use futures::stream::BoxStream;
use serde_json::Value as Json;
use tokio::task::JoinHandle;

use super::{Job, PAGE_SIZE, Page, Range, Seen};
use crate::json::decode;
use crate::runtime::runtime;
use crate::scan::BatchSender;
use crate::table::Filter;
use crate::{Error, Result};

/// Pages a range is cut to hold (by the density seen so far).
const PAGES_PER_RANGE: f64 = 4.0;
/// Fewer expected pages than this are read sequentially.
const MIN_PAGES: f64 = 4.0;
/// Most ranges one scan is cut into.
const MAX_RANGES: i64 = 256;
/// Pages a range reads ahead of the consumer; the rest of a range that turns
/// out bigger is read when its turn comes.
const BUFFERED_PAGES: usize = 8;

const PARAM: &str = "created";

/// The ranges the rest of a scan is read as, and the pages it is expected
/// to hold, or `None` when one sequential read is the better choice.
/// `range` is the running read, `seen` what its pages held.
pub(super) async fn split(job: &Job, range: &Range, seen: &Seen) -> Option<(Vec<Range>, f64)> {
    let concurrency = job.http.config().max_concurrency;
    let splittable = job
        .table
        .column(PARAM)
        .is_some_and(|c| c.filter == Filter::Range(PARAM));
    if concurrency < 2 || !splittable || range.params.iter().any(|(k, _)| k == PARAM) {
        return None;
    }
    let (newest, hi) = (seen.newest?, seen.oldest?);
    let query_floor = lower_bound(&range.params);
    let floor = match query_floor {
        Some(floor) => floor,
        None => account_created(job).await?,
    };
    let span = hi.checked_sub(floor)?.checked_add(1)?;
    let per_second = seen.rows as f64 / (newest - hi + 1).max(1) as f64;
    let pages = per_second * span as f64 / PAGE_SIZE as f64;
    if pages < MIN_PAGES {
        return None;
    }
    let count = ((pages / PAGES_PER_RANGE).ceil() as i64).clamp(2, MAX_RANGES.min(span));
    if count < 2 {
        return None;
    }
    let width = (span + count - 1) / count;
    let base: Vec<(String, String)> = range
        .params
        .iter()
        .filter(|(k, _)| k.strip_prefix(PARAM).is_none_or(|r| !r.starts_with('[')))
        .cloned()
        .collect();
    let bound = |op: &str, n: i64| (format!("{PARAM}[{op}]"), n.to_string());
    let mut ranges = Vec::new();
    let mut top = hi;
    while top >= floor {
        let bottom = top - width + 1;
        let mut params = base.clone();
        let last = bottom <= floor;
        match (last, query_floor) {
            (false, _) => params.push(bound("gte", bottom)),
            (true, Some(floor)) => params.push(bound("gte", floor)),
            // Open below: whatever predates the account still arrives.
            (true, None) => {}
        }
        let cursor = if ranges.is_empty() {
            range.cursor.clone()
        } else {
            params.push(bound("lte", top));
            None
        };
        ranges.push(Range { params, cursor });
        if last {
            break;
        }
        top = bottom - 1;
    }
    log::debug!(
        "Stripe: {} split into {} created ranges of {width}s (about {pages:.0} pages)",
        job.table.name,
        ranges.len()
    );
    Some((ranges, pages))
}

/// The lowest `created` the query's parameters allow.
fn lower_bound(params: &[(String, String)]) -> Option<i64> {
    params.iter().find_map(|(k, v)| match k.as_str() {
        "created[gte]" => v.parse().ok(),
        "created[gt]" => v.parse::<i64>().ok().map(|n| n + 1),
        _ => None,
    })
}

/// When the account was created: no object is older. `None` when the key may
/// not read the account.
async fn account_created(job: &Job) -> Option<i64> {
    match job.http.fetch_json("/v1/account", &[], !job.fresh).await {
        Ok(account) => account.get("created").and_then(Json::as_i64),
        Err(e) => {
            log::debug!("Stripe: scan stays sequential: no account creation date ({e})");
            None
        }
    }
}

/// Reads `ranges` with up to `MaxConcurrency` in flight and sends their rows
/// in range order.
pub(super) async fn run(job: &Arc<Job>, ranges: Vec<Range>, tx: &BatchSender) -> Result<()> {
    let window = job.http.config().max_concurrency.max(1);
    let mut ranges = ranges.into_iter();
    let mut reading: VecDeque<Reader> = VecDeque::new();
    loop {
        while reading.len() < window
            && let Some(range) = ranges.next()
        {
            reading.push_back(Reader::start(Arc::clone(job), range)?);
        }
        let Some(head) = reading.pop_front() else {
            return Ok(());
        };
        let (batches, mut rest) = head.finish().await?;
        for batch in batches {
            if !tx.send(Ok(batch)).await {
                return Ok(());
            }
        }
        // A range bigger than its buffer goes on here, streaming, while the
        // next ones keep reading.
        while let Some(page) = rest.try_next().await? {
            if !job.emit(&page.rows, tx).await? {
                return Ok(());
            }
        }
    }
}

/// The pages of one range not yet read.
type Rest = BoxStream<'static, Result<Page>>;

/// One range being read ahead on the runtime; dropping it stops the reading.
struct Reader(JoinHandle<Result<(Vec<RecordBatch>, Rest)>>);

impl Reader {
    fn start(job: Arc<Job>, range: Range) -> Result<Reader> {
        Ok(Reader(runtime()?.spawn(async move {
            let mut pages = job.pages(range);
            let mut batches = Vec::new();
            let mut read = 0;
            while read < BUFFERED_PAGES
                && let Some(page) = pages.try_next().await?
            {
                read += 1;
                let rows = job.delivered(&page.rows);
                if !rows.is_empty() {
                    batches.push(decode(&job.schema, &job.columns, &rows)?);
                }
            }
            Ok((batches, pages))
        })))
    }

    async fn finish(mut self) -> Result<(Vec<RecordBatch>, Rest)> {
        (&mut self.0).await.map_err(|e| {
            Error::ConnectionLost(format!(
                "a range of the scan stopped unexpectedly ({})",
                if e.is_panic() {
                    "internal error"
                } else {
                    "aborted"
                }
            ))
        })?
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.0.abort();
    }
}
