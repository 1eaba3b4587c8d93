//! What each source contributed to a snapshot: files, hashes, counts, problems.

use crate::diag::Diagnostics;
use serde::{Deserialize, Serialize};

/// One input file, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFile {
    /// As written in `vigie.toml` (relative to the configuration's directory).
    pub path: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub size: u64,
}

/// Records produced, by kind, plus what was read and skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecordCounts {
    pub persons: usize,
    pub accounts: usize,
    pub groups: usize,
    pub profiles: usize,
    pub applications: usize,
    pub rights: usize,
    pub rpps: usize,
    /// Data records read from the file (lines, rows or LDIF entries).
    pub records_read: usize,
    /// Records read but deliberately not kept (e.g. RPPS lines the scan does
    /// not need, computer objects in an AD export, blank rows).
    pub records_skipped: usize,
}

impl RecordCounts {
    /// Total records produced.
    pub fn total(&self) -> usize {
        self.persons
            + self.accounts
            + self.groups
            + self.profiles
            + self.applications
            + self.rights
            + self.rpps
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceStatus {
    /// Read completely.
    Ok,
    /// Could not be read, or read with errors: its records are not trustworthy.
    Failed,
}

/// The account of one source in a snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceReport {
    pub id: String,
    /// The connector kind (`sirh`, `ad-ldif`…).
    pub kind: String,
    pub status: SourceStatus,
    pub files: Vec<InputFile>,
    pub counts: RecordCounts,
    /// How the file was read (encoding, delimiter, sheet…), for the record.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub read_as: std::collections::BTreeMap<String, String>,
    /// Seconds spent reading.
    pub seconds: f64,
    #[serde(default, skip_serializing_if = "Diagnostics::is_empty")]
    pub diagnostics: Diagnostics,
}
