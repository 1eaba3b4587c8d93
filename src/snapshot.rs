//! Taking and writing snapshots: runs the connectors of a site and wraps
//! their records, with each source's report, into a [`Snapshot`].
//!
//! Files are written atomically (temporary file in the same directory, then
//! rename), so an interrupted or failed command never leaves a partial JSON
//! that looks complete.

use crate::config::SiteConfig;
use crate::model::{Snapshot, SNAPSHOT_FORMAT};
use crate::source::{ingest, Progress};
use std::io::Write;
use std::path::Path;

/// Runs every source and returns the snapshot, complete or not
/// ([`Snapshot::is_complete`] tells).
pub fn take(site: &SiteConfig, progress: &dyn Progress) -> Snapshot {
    let ingested = ingest(site, progress);
    let b = ingested.batch;
    Snapshot {
        format: SNAPSHOT_FORMAT,
        vigie_version: env!("CARGO_PKG_VERSION").to_string(),
        taken_at: chrono::Utc::now(),
        establishment: site.establishment.clone(),
        sources: ingested.reports,
        persons: b.persons,
        accounts: b.accounts,
        groups: b.groups,
        profiles: b.profiles,
        applications: b.applications,
        rights: b.rights,
        rpps: b.rpps,
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Writes `value` as pretty JSON (and a final newline) to `path`, streamed
/// through a temporary file and a rename: a large estate's outputs are
/// hundreds of megabytes that need not be held in memory first.
pub fn write_json_atomic(path: &Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })
}

/// Writes what `fill` writes to `path` through a buffered temporary file
/// and a rename: readers never see a half-written file.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "vigie".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
