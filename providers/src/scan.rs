//! Generic scan plumbing: a producer task that fetches pages on the shared
//! runtime and a [`BatchStream`] that hands their batches to the engine. The
//! channel holds one batch, so the producer fetches the next page while the
//! consumer works on the current one, and memory stays bounded.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use arrow::array::RecordBatch;
use futures::stream::{self, BoxStream};
use futures::{Stream, StreamExt, TryStreamExt};
use serde_json::Value as Json;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::runtime::runtime;
use crate::table::BatchStream;
use crate::{Error, Result};

/// Where a producer puts its batches; clones feed the same stream (a
/// producer reading several listings at once).
#[derive(Clone)]
pub struct BatchSender {
    tx: mpsc::Sender<Result<RecordBatch>>,
}

impl BatchSender {
    /// Hands over one batch (or the error that ends the scan). `false` means
    /// the consumer has gone and the producer should stop.
    pub async fn send(&self, batch: Result<RecordBatch>) -> bool {
        self.tx.send(batch).await.is_ok()
    }

    /// Whether the consumer has gone (the statement was closed or cancelled).
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }
}

/// Starts `producer` on the shared runtime and returns the stream of what it sends.
/// Dropping the stream aborts the producer, including requests in flight.
pub fn spawn<F, Fut>(producer: F) -> Result<BatchStream>
where
    F: FnOnce(BatchSender) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(1);
    let task = runtime()?.spawn(producer(BatchSender { tx }));
    Ok(Box::pin(ChannelStream {
        rx,
        task,
        done: false,
    }))
}

/// Keeps `pages` going while its consumer is busy: a task on the runtime
/// pulls up to `depth` results ahead, so requests in flight complete and new
/// ones start even while the consumer waits to hand a batch on. Dropping the
/// returned stream stops the task and its requests.
pub fn read_ahead<T: Send + 'static>(
    mut pages: BoxStream<'static, Result<T>>,
    depth: usize,
) -> Result<BoxStream<'static, Result<T>>> {
    let (tx, rx) = mpsc::channel(depth.max(1));
    let task = runtime()?.spawn(async move {
        while let Some(item) = pages.next().await {
            if tx.send(item).await.is_err() {
                break;
            }
        }
    });
    Ok(Box::pin(ChannelStream {
        rx,
        task,
        done: false,
    }))
}

/// Reads a child table under every parent: `open(parent)` is the stream of
/// pages under one parent. Up to `concurrency` parents are started at once
/// (each fetches its first page ahead); pages come out in parent order, each
/// parent's pages in its own order, so the result is as deterministic as the
/// parent listing. Memory stays bounded by `concurrency` first pages, and
/// parents are read from `parents` only as the fan-out needs them.
pub fn fan_out<P, T, F>(
    parents: BoxStream<'static, Result<P>>,
    concurrency: usize,
    open: F,
) -> BoxStream<'static, Result<T>>
where
    P: Send + 'static,
    T: Send + 'static,
    F: Fn(P) -> BoxStream<'static, Result<T>> + Send + 'static,
{
    parents
        .map(move |parent| {
            let pages = parent.map(&open);
            async move {
                let mut pages = pages?;
                let first = pages.next().await;
                Ok(stream::iter(first).chain(pages))
            }
        })
        .buffered(concurrency.max(1))
        .try_flatten()
        .boxed()
}

/// The ids of a child table's parents, read from the pages of the parent
/// listing: the text of each row's value at the dot path `key` (a string, a
/// number, or an expanded object's `id`). Rows without one are skipped.
pub fn parent_ids(
    pages: BoxStream<'static, Result<Vec<Json>>>,
    key: &'static str,
) -> BoxStream<'static, Result<String>> {
    pages
        .map_ok(move |rows| {
            stream::iter(
                rows.into_iter().filter_map(move |row| {
                    crate::json::lookup(&row, key).and_then(id_text).map(Ok)
                }),
            )
        })
        .try_flatten()
        .boxed()
}

/// A parent a child table is listed under: its id and, for a grandchild
/// (a Bitbucket report's annotations, listed under report and commit), the
/// id of the parent's own parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parentage {
    pub id: String,
    pub ancestor: Option<String>,
}

impl Parentage {
    /// A parent without a parent of its own in the path.
    pub fn of(id: String) -> Parentage {
        Parentage { id, ancestor: None }
    }
}

/// Reads a child table under each parent by [`fan_out`]: `open(parent)` is
/// the stream of pages under one parent. Each row gets the parent id in its
/// top-level field `columns[0]`, and the ancestor id in `columns[1]`, when it
/// lacks one (a child object that does not name its parent).
pub fn under_parents<F>(
    parents: BoxStream<'static, Result<Parentage>>,
    concurrency: usize,
    columns: [Option<&'static str>; 2],
    open: F,
) -> BoxStream<'static, Result<Vec<Json>>>
where
    F: Fn(&Parentage) -> BoxStream<'static, Result<Vec<Json>>> + Send + 'static,
{
    fan_out(parents, concurrency, move |parent: Parentage| {
        open(&parent)
            .map_ok(move |mut rows| {
                let ids = [Some(&parent.id), parent.ancestor.as_ref()];
                for (column, id) in columns.iter().zip(ids) {
                    if let (Some(key), Some(id)) = (column, id) {
                        for row in &mut rows {
                            fill(row, key, id);
                        }
                    }
                }
                rows
            })
            .boxed()
    })
}

/// An id as text: a string, a number (some APIs number their objects), or an expanded object's id.
pub fn id_text(value: &Json) -> Option<String> {
    match value {
        Json::Number(n) => Some(n.to_string()),
        other => crate::json::id_of(other).map(str::to_string),
    }
}

/// Sets top-level field `key` of an object that lacks it.
pub fn fill(row: &mut Json, key: &str, value: &str) {
    if let Json::Object(map) = row
        && map.get(key).is_none_or(Json::is_null)
    {
        map.insert(key.to_string(), Json::from(value));
    }
}

/// What a task on the runtime sends, as a stream that ends with the task
/// and stops it when dropped.
struct ChannelStream<T> {
    rx: mpsc::Receiver<Result<T>>,
    task: JoinHandle<()>,
    done: bool,
}

impl<T> Stream for ChannelStream<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.done {
            return Poll::Ready(None);
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(item)) => Poll::Ready(Some(item)),
            Poll::Pending => Poll::Pending,
            // The producer dropped its sender: it finished, or it panicked,
            // and a scan that lost rows must not look complete.
            Poll::Ready(None) => match Pin::new(&mut self.task).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(result) => {
                    self.done = true;
                    match result {
                        Ok(()) => Poll::Ready(None),
                        Err(e) => Poll::Ready(Some(Err(Error::ConnectionLost(format!(
                            "the scan stopped unexpectedly ({})",
                            if e.is_panic() {
                                "internal error"
                            } else {
                                "aborted"
                            }
                        ))))),
                    }
                }
            },
        }
    }
}

impl<T> Drop for ChannelStream<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::Int64Array;
    use arrow::datatypes::{DataType, Field, Schema};
    use futures::StreamExt;
    use std::sync::Arc;

    fn batch(v: i64) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, false)]));
        RecordBatch::try_new(schema, vec![Arc::new(Int64Array::from(vec![v]))]).unwrap()
    }

    #[test]
    fn batches_arrive_in_order_and_the_stream_ends() {
        let stream = spawn(|tx| async move {
            for i in 0..3 {
                if !tx.send(Ok(batch(i))).await {
                    return;
                }
            }
        })
        .unwrap();
        let got: Vec<_> = runtime().unwrap().block_on(stream.collect::<Vec<_>>());
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(Result::is_ok));
    }

    #[test]
    fn fan_out_keeps_parent_order_and_bounds_the_parents_in_flight() {
        use std::sync::Mutex;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Vec::new()));
        let parents = stream::iter((0..10).map(Ok)).boxed();
        let counter = Arc::clone(&started);
        let seen = Arc::clone(&log);
        let out = fan_out(parents, 3, move |p: i64| {
            counter.fetch_add(1, Ordering::SeqCst);
            seen.lock().unwrap().push(p);
            // Parent p has p % 3 pages: 10p, 10p+1, ...
            stream::iter((0..p % 3).map(move |i| Ok(10 * p + i))).boxed()
        });
        let rt = runtime().unwrap();
        let mut out = out;
        let first = rt.block_on(out.next()).unwrap().unwrap();
        assert_eq!(first, 10);
        // Parents are opened lazily: the first item needed at most a window of them.
        assert!(started.load(Ordering::SeqCst) <= 5);
        let rest: Vec<i64> = rt.block_on(out.try_collect()).unwrap();
        assert_eq!(rest, [20, 21, 40, 50, 51, 70, 80, 81]);
        assert_eq!(*log.lock().unwrap(), (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn fan_out_ends_with_the_first_error() {
        let parents =
            stream::iter(vec![Ok(1), Err(Error::ConnectionLost("x".into())), Ok(3)]).boxed();
        let got: Vec<Result<i64>> = runtime()
            .unwrap()
            .block_on(fan_out(parents, 2, |p| stream::iter([Ok(p)]).boxed()).collect());
        assert!(matches!(got[0], Ok(1)));
        assert!(matches!(got[1], Err(Error::ConnectionLost(_))));
    }

    #[test]
    fn a_panicking_producer_is_an_error_not_a_short_result() {
        let stream = spawn(|tx| async move {
            tx.send(Ok(batch(1))).await;
            panic!("boom");
        })
        .unwrap();
        let got: Vec<_> = runtime().unwrap().block_on(stream.collect::<Vec<_>>());
        assert_eq!(got.len(), 2);
        assert!(matches!(got[1], Err(Error::ConnectionLost(_))));
    }
}
