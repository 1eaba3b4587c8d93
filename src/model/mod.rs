//! The normalised snapshot: what every connector produces and every later stage
//! (reconciliation, graph, checks, reports, campaigns) reads.
//!
//! A [`Snapshot`] holds records of six kinds — [`Person`], [`Account`], [`Group`],
//! [`Profile`], [`Application`], [`Right`] — plus the national directory entries
//! kept from an RPPS extract ([`RppsPerson`]). Each record carries its
//! [`Provenance`] (source id, file, line or sheet row), and each source a
//! [`SourceReport`] with the SHA-256, size and record counts of its input files.
//!
//! Identifiers are stable across scans (`<source>:<key>`, keys lower-cased where
//! the source system is case-insensitive) so that findings, link decisions and
//! review campaigns can refer to the same account or right next quarter.

mod access;
mod identity;
mod rpps;
mod source;

pub use access::{Account, Application, DirectoryInfo, Group, Profile, Right, RightKind};
pub use identity::{ContractType, Person, PersonStatus, Sex};
pub use rpps::{RppsActivity, RppsPerson};
pub use source::{InputFile, RecordCounts, SourceReport, SourceStatus};

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The version of the snapshot JSON layout; bumped on any incompatible change.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// Where a record comes from, precisely enough for a human to open the file
/// and find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The source id from `vigie.toml`.
    pub source: Arc<str>,
    /// The file, relative to the configuration's directory when possible.
    pub file: Arc<str>,
    /// 1-based line where the record starts (text files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Sheet name (spreadsheets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<Arc<str>>,
    /// 1-based row in the sheet (spreadsheets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
}

impl Provenance {
    /// `rh/agents.csv:12` or `pacs.xlsx[Utilisateurs]:4`.
    pub fn location(&self) -> String {
        match (&self.sheet, self.row, self.line) {
            (Some(sheet), Some(row), _) => format!("{}[{}]:{}", self.file, sheet, row),
            (_, _, Some(line)) => format!("{}:{}", self.file, line),
            _ => self.file.to_string(),
        }
    }
}

/// The establishment audited, as declared in `vigie.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Establishment {
    pub name: String,
    /// FINESS of the legal entity (EJ), 9 characters.
    pub finess: String,
    /// FINESS of the geographical sites (EG).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// The GHT the establishment belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ght: Option<String>,
}

/// Everything the connectors read, normalised, with provenance and input hashes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    pub vigie_version: String,
    /// When the snapshot was taken (UTC, RFC 3339).
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub establishment: Establishment,
    pub sources: Vec<SourceReport>,
    pub persons: Vec<Person>,
    pub accounts: Vec<Account>,
    pub groups: Vec<Group>,
    pub profiles: Vec<Profile>,
    pub applications: Vec<Application>,
    pub rights: Vec<Right>,
    pub rpps: Vec<RppsPerson>,
}

impl Snapshot {
    /// True when every source was read without error: a snapshot that is not
    /// complete must never be presented as clean.
    pub fn is_complete(&self) -> bool {
        self.sources.iter().all(|s| s.status == SourceStatus::Ok)
    }
}

/// What one connector returns: records of every kind, in file order.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub persons: Vec<Person>,
    pub accounts: Vec<Account>,
    pub groups: Vec<Group>,
    pub profiles: Vec<Profile>,
    pub applications: Vec<Application>,
    pub rights: Vec<Right>,
    pub rpps: Vec<RppsPerson>,
}

impl Batch {
    pub fn counts(&self) -> RecordCounts {
        RecordCounts {
            persons: self.persons.len(),
            accounts: self.accounts.len(),
            groups: self.groups.len(),
            profiles: self.profiles.len(),
            applications: self.applications.len(),
            rights: self.rights.len(),
            rpps: self.rpps.len(),
            ..RecordCounts::default()
        }
    }

    pub fn append(&mut self, other: Batch) {
        self.persons.extend(other.persons);
        self.accounts.extend(other.accounts);
        self.groups.extend(other.groups);
        self.profiles.extend(other.profiles);
        self.applications.extend(other.applications);
        self.rights.extend(other.rights);
        self.rpps.extend(other.rpps);
    }
}

/// `<source>:<key>`: the stable identifier of a record.
pub fn record_id(source: &str, key: &str) -> String {
    let mut id = String::with_capacity(source.len() + key.len() + 1);
    id.push_str(source);
    id.push(':');
    id.push_str(key);
    id
}
