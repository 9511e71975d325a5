//! The files of one cached table: a directory holding the rows as Parquet
//! generations (`<n>.parquet`), the manifest naming the current one, and a
//! lock file.
//!
//! Readers never see a half-written table: a generation is written to a
//! temporary file and renamed into place, then the manifest is replaced the
//! same way, and the generation before stays for readers that already chose
//! it. Two writers never refresh the same table at once: refreshing takes
//! the lock file's exclusive lock (`flock`, `LockFileEx`), which every
//! process of the machine honours and the system drops when a process dies.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::ProjectionMask;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::basic::Compression;
use datafusion::parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::{Error, Result};

/// Rows per Parquet row group: small enough that a filter on `created`
/// skips most of a large table, large enough to compress well.
const ROW_GROUP: usize = 64 * 1024;

/// What the cache knows of one table's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Digest of the file layout and the table's columns: a copy written
    /// for other columns (another driver version) is read again in full.
    pub schema: String,
    /// The current Parquet file is `<generation>.parquet`.
    pub generation: u64,
    /// When the read behind the copy, full or incremental, started (µs since the epoch).
    pub read_at: i64,
    /// The newest value of the column the API lists changes by (µs).
    pub newest: Option<i64>,
    pub rows: u64,
}

/// Bumped when the files change meaning, so older copies are read again.
const LAYOUT: &str = "apiodbc-cache-1";

/// The digest of `schema` as the manifest records it.
pub fn schema_digest(schema: &SchemaRef) -> String {
    let mut hasher = Sha256::new();
    hasher.update(LAYOUT);
    for field in schema.fields() {
        hasher.update(format!("{}:{};", field.name(), field.data_type()));
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The directory of one table's copy.
#[derive(Debug, Clone)]
pub struct TableFiles {
    dir: PathBuf,
}

impl TableFiles {
    pub fn new(dir: PathBuf) -> TableFiles {
        TableFiles { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("manifest.json")
    }

    /// The Parquet file of a generation.
    pub fn generation(&self, generation: u64) -> PathBuf {
        self.dir.join(format!("{generation}.parquet"))
    }

    /// The manifest, if a copy was written and reads back whole.
    pub fn manifest(&self) -> Option<Manifest> {
        let text = fs::read(self.manifest_path()).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Waits for the table's write lock, polling so that the statement's
    /// cancel and timeout still reach the waiting task.
    pub async fn lock(&self) -> Result<File> {
        create_private_dir(&self.dir)?;
        let file = private_file(&self.dir.join("lock"), false)?;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(TryLockError::WouldBlock) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(TryLockError::Error(e)) => return Err(io("lock", &self.dir, &e)),
            }
        }
    }

    /// Starts the Parquet file of the next generation.
    pub fn writer(&self, generation: u64, schema: &SchemaRef) -> Result<Writer> {
        let path = self.generation(generation);
        let temporary = path.with_extension("parquet.tmp");
        // `ClearCache` may have removed the directory while this waited.
        create_private_dir(&self.dir)?;
        let file = private_file(&temporary, true)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let writer = ArrowWriter::try_new(file, Arc::clone(schema), Some(properties))
            .map_err(|e| Error::general(format!("cannot write {}: {e}", temporary.display())))?;
        Ok(Writer {
            writer,
            temporary,
            path,
            rows: 0,
        })
    }

    /// Makes `manifest` the current copy, then drops the generations older
    /// than the one it replaces (a reader may still be opening that one).
    pub fn publish(&self, manifest: &Manifest) -> Result<()> {
        let text = serde_json::to_vec_pretty(manifest)
            .map_err(|e| Error::general(format!("cannot encode the cache manifest: {e}")))?;
        write_private(&self.manifest_path(), &text)?;
        let keep = manifest.generation.saturating_sub(1);
        for entry in fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let old = name
                .to_str()
                .and_then(|n| n.strip_suffix(".parquet"))
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|g| g < keep);
            if old {
                // A file still open elsewhere (Windows) goes next time.
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }

    /// Reads a generation back batch by batch, `columns` (by index) only
    /// when given.
    pub fn read(
        &self,
        generation: u64,
        columns: Option<&[usize]>,
    ) -> Result<impl Iterator<Item = Result<RecordBatch>> + use<>> {
        let path = self.generation(generation);
        let file = File::open(&path).map_err(|e| io("open", &path, &e))?;
        let broken = move |e: &dyn std::fmt::Display| {
            Error::general(format!("cannot read {}: {e}", path.display()))
        };
        let mut builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| broken(&e))?;
        if let Some(columns) = columns {
            let mask = ProjectionMask::roots(builder.parquet_schema(), columns.iter().copied());
            builder = builder.with_projection(mask);
        }
        let reader = builder.build().map_err(|e| broken(&e))?;
        Ok(reader.map(move |batch| batch.map_err(|e| broken(&e))))
    }

    /// Removes the copy; `false` when there was none.
    pub fn remove(&self) -> Result<bool> {
        match fs::remove_dir_all(&self.dir) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io("remove", &self.dir, &e)),
        }
    }
}

/// A generation being written.
pub struct Writer {
    writer: ArrowWriter<File>,
    temporary: PathBuf,
    path: PathBuf,
    pub rows: u64,
}

impl Writer {
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.rows += batch.num_rows() as u64;
        self.writer
            .write(batch)
            .map_err(|e| Error::general(format!("cannot write {}: {e}", self.temporary.display())))
    }

    /// Completes the file under its final name.
    pub fn finish(self) -> Result<u64> {
        let file = self.writer.into_inner().map_err(|e| {
            Error::general(format!("cannot write {}: {e}", self.temporary.display()))
        })?;
        file.sync_all()
            .map_err(|e| io("write", &self.temporary, &e))?;
        drop(file);
        replace(&self.temporary, &self.path)?;
        Ok(self.rows)
    }
}

fn io(action: &str, path: &Path, e: &std::io::Error) -> Error {
    Error::general(format!(
        "cannot {action} {} in the cache (CacheLocation): {e}",
        path.display()
    ))
}

/// Creates `dir` and its missing parents, readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| io("create", dir, &e))
}

/// Replaces `path` with `bytes` at once (a temporary file renamed over
/// it), readable by the owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary = path.with_extension("tmp");
    let mut file = private_file(&temporary, true)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| io("write", &temporary, &e))?;
    drop(file);
    replace(&temporary, path)
}

/// Renames `from` over `to`. Windows refuses while a reader has `to` open
/// (for the moment of reading a manifest), so that is tried a few times.
fn replace(from: &Path, to: &Path) -> Result<()> {
    let mut tries = 0;
    loop {
        match fs::rename(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if tries < 10 && e.kind() == std::io::ErrorKind::PermissionDenied => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(io("replace", to, &e)),
        }
    }
}

/// Opens (`truncate`: anew) a file readable and writable by the owner only.
fn private_file(path: &Path, truncate: bool) -> Result<File> {
    let mut options = OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(true)
        .truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| io("open", path, &e))
}
