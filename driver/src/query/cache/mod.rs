//! The persistent cache (`CacheLocation`): each table a connection reads
//! is kept as Parquet under `<CacheLocation>/<provider>/<account>/<catalog>/
//! <schema>/<table>/`, shared by every process of the user. Within
//! `CacheTTL` a scan reads the copy and makes no request; after it, the copy
//! is first refreshed with what changed since ([`Provider::changes`]), or
//! read again in full where the API cannot tell. The scan itself is
//! DataFusion's Parquet scan, so projection, filters (row groups skipped by
//! their statistics) and limits apply to the file.
//!
//! `<account>` is a digest of the credentials as configured
//! ([`apiodbc_providers::sync::account`]); no secret is written anywhere.

mod files;
mod merge;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use apiodbc_providers::sync::{self, Delta, Since, now};
use apiodbc_providers::table::{Changes, ScanRequest, Table};
use apiodbc_providers::{Properties, Provider};
use arrow::array::{RecordBatch, TimestampMicrosecondArray};
use arrow::compute::max;
use arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use futures::TryStreamExt;

use crate::diag::{Error, Result};
use files::{Manifest, TableFiles, Writer, create_private_dir, schema_digest, write_private};
use merge::Merge;

/// How long credentials that worked are taken on trust at connect.
const TRUSTED: Duration = Duration::from_secs(3600);

/// The persistent cache of one connection's account.
#[derive(Debug)]
pub struct Store {
    /// `<CacheLocation>/<provider>/<account>`.
    root: PathBuf,
    /// How long a copy answers without asking the API (`CacheTTL`); zero
    /// refreshes before every scan.
    ttl: Duration,
    /// `Offline`: copies answer whatever their age; nothing is refreshed.
    offline: bool,
}

/// What one refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    pub full: bool,
    pub rows: u64,
    pub requests: u64,
}

/// One table of one schema, as the cache names it.
pub struct Cached<'a> {
    pub provider: &'a dyn Provider,
    pub catalog: String,
    pub schema: String,
    pub table: &'static Table,
}

impl<'a> Cached<'a> {
    pub fn new(provider: &'a dyn Provider, schema: &str, table: &'static Table) -> Cached<'a> {
        Cached {
            provider,
            catalog: provider.catalog(),
            schema: schema.to_string(),
            table,
        }
    }
}

impl Cached<'_> {
    fn name(&self) -> String {
        format!("{}.{}.{}", self.catalog, self.schema, self.table.name)
    }
}

impl Store {
    /// The store `CacheLocation` names, if any.
    pub fn open(properties: &Properties, provider: &str) -> Result<Option<Arc<Store>>> {
        let offline = properties.flag("Offline")?;
        let Some(location) = properties
            .get("CacheLocation")
            .map(str::trim)
            .filter(|l| !l.is_empty())
        else {
            if offline {
                return Err(Error::general(
                    "Offline=true answers from the persistent cache: set CacheLocation to its directory",
                ));
            }
            return Ok(None);
        };
        let location = std::path::absolute(location).map_err(|e| {
            Error::general(format!(
                "CacheLocation '{location}' is not a usable path: {e}"
            ))
        })?;
        let root = location
            .join(provider.to_ascii_lowercase())
            .join(sync::account(properties));
        create_private_dir(&root)?;
        Ok(Some(Arc::new(Store {
            root,
            ttl: properties.cache_ttl()?.unwrap_or_default(),
            offline,
        })))
    }

    /// Whether the cache keeps `table`: every table listed whole without a
    /// filter. A child table (read per parent) and one whose rows depend
    /// on its filters are read from the API as without the cache.
    pub fn keeps(table: &Table) -> bool {
        table.endpoint.parent.is_none() && !table.rows_depend_on_filters()
    }

    fn files(&self, cached: &Cached) -> TableFiles {
        TableFiles::new(
            self.root
                .join(component(&cached.catalog))
                .join(component(&cached.schema))
                .join(component(cached.table.name)),
        )
    }

    fn fresh(&self, manifest: &Manifest) -> bool {
        now() - manifest.read_at < self.ttl.as_micros() as i64
    }

    /// Whether a connection with these credentials succeeded within the
    /// last [`TRUSTED`] (or `Offline` asks for no proof): connecting then
    /// makes no request. Credentials revoked since fail at the first
    /// refresh instead (28000).
    pub fn trusts_credentials(&self) -> bool {
        self.offline
            || fs::read_to_string(self.root.join("verified"))
                .ok()
                .and_then(|t| t.trim().parse::<i64>().ok())
                .is_some_and(|at| (0..TRUSTED.as_micros() as i64).contains(&(now() - at)))
    }

    /// Records that the credentials just worked.
    pub fn credentials_verified(&self) {
        // Only saves a request next time, so a failure to write is no error.
        let _ = write_private(&self.root.join("verified"), now().to_string().as_bytes());
    }

    /// The Parquet file to answer a scan from: the copy while it is fresh
    /// (any age when offline), else the copy refreshed first. `force`
    /// (`/* nocache */`) refreshes whatever the age.
    pub async fn ready(&self, cached: Cached<'_>, force: bool) -> Result<PathBuf> {
        let files = self.files(&cached);
        let digest = schema_digest(&cached.table.schema());
        let current = files.manifest().filter(|m| m.schema == digest);
        match &current {
            Some(m) if self.offline || (!force && self.fresh(m)) => {
                return Ok(files.generation(m.generation));
            }
            None if self.offline => {
                return Err(Error::general(format!(
                    "Offline=true and {} was never cached in {}: read it once online, or run \
                     {{call RefreshCache('{}')}}",
                    cached.name(),
                    self.root.display(),
                    cached.table.name
                )));
            }
            _ => {}
        }
        let seen = current.as_ref().map(|m| m.generation);
        let _lock = files.lock().await?;
        // Another process may have refreshed it while this one waited.
        let current = files.manifest().filter(|m| m.schema == digest);
        if let Some(m) = &current
            && (Some(m.generation) != seen || !force && self.fresh(m))
        {
            return Ok(files.generation(m.generation));
        }
        let (manifest, _) = self.refresh(&cached, &files, current, false).await?;
        Ok(files.generation(manifest.generation))
    }

    /// Refreshes a table now (`RefreshCache`): incrementally where the API
    /// can tell what changed, unless `full`.
    pub async fn refresh_now(&self, cached: Cached<'_>, full: bool) -> Result<Refreshed> {
        if self.offline {
            return Err(Error::general(
                "Offline=true: the cache cannot be refreshed without asking the API",
            ));
        }
        let files = self.files(&cached);
        let _lock = files.lock().await?;
        let digest = schema_digest(&cached.table.schema());
        let current = files.manifest().filter(|m| m.schema == digest);
        Ok(self.refresh(&cached, &files, current, full).await?.1)
    }

    /// Whether the cache holds a copy of the table.
    pub fn holds(&self, cached: &Cached) -> bool {
        self.files(cached).manifest().is_some()
    }

    /// Forgets a table's copy; `false` when there was none.
    pub async fn clear(&self, cached: Cached<'_>) -> Result<bool> {
        let files = self.files(&cached);
        if !files.dir().exists() {
            return Ok(false);
        }
        let lock = files.lock().await?;
        drop(lock);
        files.remove()
    }

    /// Writes the next generation of a table's copy, under its lock.
    async fn refresh(
        &self,
        cached: &Cached<'_>,
        files: &TableFiles,
        current: Option<Manifest>,
        full: bool,
    ) -> Result<(Manifest, Refreshed)> {
        let (provider, schema, table) = (cached.provider, cached.schema.as_str(), cached.table);
        let started = now();
        let before = provider.requests();
        let columns = table.schema();
        let merge = match current.as_ref().filter(|_| !full) {
            Some(m) => {
                let since = Since {
                    read_at: m.read_at,
                    newest: m.newest,
                };
                match provider.changes(schema, table, since).await? {
                    Delta::Reread(why) => {
                        log::warn!("cache: reading {} in full: {why}", cached.name());
                        None
                    }
                    delta => Merge::new(&columns, delta)?.map(|merge| (m, merge)),
                }
            }
            None => None,
        };
        // Past any generation on disk, even one written for other columns.
        let generation = files.manifest().map_or(1, |m| m.generation + 1);
        let mut out = Output {
            writer: files.writer(generation, &columns)?,
            mark: mark_column(table),
            newest: None,
            columns: columns.clone(),
        };
        let incremental = merge.is_some();
        match merge {
            Some((previous, merge)) => {
                log::info!("cache: {} changed rows for {}", merge.size(), cached.name());
                let id = columns.index_of("id")?;
                let mut known = HashSet::new();
                for batch in files.read(previous.generation, Some(&[id]))? {
                    known.extend(merge::ids(&batch?)?.iter().flatten().map(str::to_string));
                }
                out.write(merge.added(&known)?)?;
                for batch in files.read(previous.generation, None)? {
                    out.write(merge.apply(&batch?)?)?;
                }
            }
            None => {
                let request = ScanRequest {
                    fresh: true,
                    ..ScanRequest::default()
                };
                let mut batches = provider.scan(schema, table, request)?;
                while let Some(batch) = batches.try_next().await? {
                    out.write(batch)?;
                }
            }
        }
        let newest = out.newest;
        let rows = out.writer.finish()?;
        let manifest = Manifest {
            schema: schema_digest(&columns),
            generation,
            read_at: started,
            newest: match (&current, incremental) {
                (Some(m), true) => newest.max(m.newest),
                _ => newest,
            },
            rows,
        };
        files.publish(&manifest)?;
        let refreshed = Refreshed {
            full: !incremental,
            rows,
            requests: provider.requests() - before,
        };
        log::info!("cache: {} refreshed: {refreshed:?}", cached.name());
        Ok((manifest, refreshed))
    }
}

/// The generation being written, and the newest value of the column the
/// API lists changes by.
struct Output {
    writer: Writer,
    mark: Option<&'static str>,
    newest: Option<i64>,
    columns: SchemaRef,
}

impl Output {
    fn write(&mut self, batch: RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        // Provider batches carry the same columns; the file's schema names them.
        let batch = RecordBatch::try_new(self.columns.clone(), batch.columns().to_vec())?;
        if let Some(values) = self
            .mark
            .and_then(|m| batch.column_by_name(m))
            .and_then(|c| c.as_any().downcast_ref::<TimestampMicrosecondArray>())
        {
            self.newest = self.newest.max(max(values));
        }
        self.writer.write(&batch)
    }
}

/// The column whose newest value tells how far a copy reaches.
fn mark_column(table: &Table) -> Option<&'static str> {
    match table.endpoint.changes {
        Changes::Reread => None,
        Changes::Newer(column) => Some(column),
        Changes::Events { .. } => Some("created"),
    }
}

/// The engine's Parquet scan of one cached file, with the table's columns.
pub fn parquet_table(file: &Path, schema: SchemaRef) -> Result<Arc<dyn TableProvider>> {
    let url = ListingTableUrl::parse(file.to_string_lossy())?;
    let options =
        ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
    let config = ListingTableConfig::new(url)
        .with_listing_options(options)
        .with_schema(schema);
    Ok(Arc::new(ListingTable::try_new(config)?))
}

/// A name as one path component: letters, digits, `-` and `_` as they are,
/// anything else (`.`, separators, `..`) escaped, so no name leaves its
/// directory or differs only in case on a case-blind file system.
fn component(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c.to_string(),
            _ => format!("%{:X}", c as u32),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_listed_whole_are_kept() {
        use apiodbc_providers::bitbucket::{commits, pull_requests};
        use apiodbc_providers::stripe::tables::*;
        assert!(Store::keeps(&charges::CHARGES));
        assert!(Store::keeps(&pull_requests::PULL_REQUESTS.table));
        // Read per parent, needing a filter, or read with a request option.
        assert!(!Store::keeps(&invoice_line_items::INVOICE_LINE_ITEMS));
        assert!(!Store::keeps(
            &billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES
        ));
        assert!(!Store::keeps(&balance_transactions::BALANCE_TRANSACTIONS));
        assert!(!Store::keeps(&commits::COMMITS.table));
    }

    #[test]
    fn names_stay_inside_their_directory() {
        assert_eq!(component("pull_requests"), "pull_requests");
        assert_eq!(component("my-repo.v2"), "my-repo%2Ev2");
        assert_eq!(component(".."), "%2E%2E");
        assert_eq!(component("a/b\\c"), "a%2Fb%5Cc");
        assert_eq!(component("Stripe"), "stripe");
    }
}
