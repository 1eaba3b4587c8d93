//! Test helpers shared by the AD connectors' tests: fixtures and a read
//! through the [`Connector`] trait, as `ingest` does it.

use crate::config::SourceConfig;
use crate::model::{Account, Establishment, Group};
use crate::source::{connector_for, Needs, NoProgress, ReadContext, SourceKind, SourceRead};
use std::path::{Path, PathBuf};

/// `tests/fixtures/ad/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ad")
        .join(name)
}

/// Reads `path` as a source `ad` of `kind`, after `configure` adjusted it.
pub fn read(
    kind: SourceKind,
    path: &Path,
    configure: impl FnOnce(&mut SourceConfig),
) -> SourceRead {
    let mut source = SourceConfig::new("ad", kind, path);
    configure(&mut source);
    let establishment = Establishment {
        name: "CH de démonstration".into(),
        finess: "999000017".into(),
        sites: Vec::new(),
        ght: None,
    };
    let ctx = ReadContext {
        source: &source,
        establishment: &establishment,
        needs: &Needs::default(),
        progress: &NoProgress,
    };
    connector_for(kind).read(&ctx)
}

/// Writes `bytes` to a temporary file named `name` and reads it.
pub fn read_bytes(kind: SourceKind, name: &str, bytes: &[u8]) -> (SourceRead, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("temporary file");
    (read(kind, &path, |_| {}), dir)
}

/// Reads each of `versions` from the same temporary path, so that records
/// can be compared whole (provenance included).
pub fn read_versions(kind: SourceKind, name: &str, versions: &[&[u8]]) -> Vec<SourceRead> {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    versions
        .iter()
        .map(|bytes| {
            std::fs::write(&path, bytes).expect("temporary file");
            read(kind, &path, |_| {})
        })
        .collect()
}

pub fn account<'a>(out: &'a SourceRead, login: &str) -> &'a Account {
    let id = format!("ad:{}", login.to_lowercase());
    out.batch
        .accounts
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no account {id}"))
}

pub fn group<'a>(out: &'a SourceRead, name: &str) -> &'a Group {
    out.batch
        .groups
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

/// (account login part, group name) of every right, sorted.
pub fn memberships(out: &SourceRead) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = out
        .batch
        .rights
        .iter()
        .map(|r| {
            let g = out
                .batch
                .groups
                .iter()
                .find(|g| g.id == r.target)
                .expect("right to a known group");
            (
                r.account.trim_start_matches("ad:").to_string(),
                g.name.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Errors only, rendered, for assertion messages.
pub fn errors(out: &SourceRead) -> String {
    out.diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
