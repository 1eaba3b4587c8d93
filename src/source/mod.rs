//! Connectors: each source kind turns a hospital's export into snapshot records.
//!
//! This module owns the [`Connector`] interface, the one registry of source
//! kinds ([`SourceKind`], [`connector_for`]) and the ingestion loop
//! ([`ingest`]) that runs every configured source, hashes its inputs and
//! records what it read. One file per connector (`sirh.rs`, `ad_ldif.rs`…);
//! shared readers live beside them (`text.rs` for bytes → text, `tabular/`
//! for CSV and spreadsheets, `values.rs` for dates, booleans and vocabularies).
//!
//! A connector returns records *and* diagnostics: a source with an error is
//! marked failed, and the commands never present its snapshot as complete.
//! Live connectors (LDAP, SQL) will implement the same trait and produce the
//! same records.

pub mod accounts;
pub mod ad_csv;
pub mod ad_ldif;
pub mod ad_values;
pub mod applications;
pub mod docs;
pub mod rpps;
pub mod sirh;
pub mod tabular;
pub mod text;
pub mod values;

use crate::config::{SiteConfig, SourceConfig};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Batch, Establishment, InputFile, RecordCounts, SourceReport, SourceStatus};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

/// Every kind of source Vigie can read. The kebab-case name is what
/// `kind = "…"` takes in `vigie.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    Sirh,
    AdLdif,
    AdCsv,
    Accounts,
    Rpps,
    Applications,
}

impl SourceKind {
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Sirh,
        SourceKind::AdLdif,
        SourceKind::AdCsv,
        SourceKind::Accounts,
        SourceKind::Rpps,
        SourceKind::Applications,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Sirh => "sirh",
            SourceKind::AdLdif => "ad-ldif",
            SourceKind::AdCsv => "ad-csv",
            SourceKind::Accounts => "accounts",
            SourceKind::Rpps => "rpps",
            SourceKind::Applications => "applications",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// French description for `vigie validate` and the docs.
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Sirh => "export RH (SIRH) : une ligne par agent",
            SourceKind::AdLdif => "Active Directory exporté en LDIF (ldifde, ldapsearch)",
            SourceKind::AdCsv => {
                "Active Directory exporté par PowerShell (Get-ADUser | Export-Csv)"
            }
            SourceKind::Accounts => {
                "comptes d'une application (DPI, PACS, laboratoire…) en CSV ou tableur"
            }
            SourceKind::Rpps => "extraction nationale RPPS (PS_LibreAcces_Personne_activite)",
            SourceKind::Applications => "inventaire des applications (CSV ou tableur)",
        }
    }
}

/// One field a connector knows, with the column names it looks for by default.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Vigie's name for the field, used as key in `[source.columns]`.
    pub name: &'static str,
    /// The source is unusable without it.
    pub required: bool,
    /// Header names (or attributes) tried in order when the configuration
    /// does not map the field; matched without regard to case and accents.
    pub default_columns: &'static [&'static str],
    /// What the field holds, in French.
    pub help: &'static str,
}

impl FieldSpec {
    /// A field the source may lack.
    pub const fn optional(
        name: &'static str,
        default_columns: &'static [&'static str],
        help: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required: false,
            default_columns,
            help,
        }
    }
}

/// The canonical values of a boolean field in `[source.values.<field>]`.
pub const BOOLEAN: &[&str] = &["true", "false"];

/// Which values of a field may be remapped in `[source.values.<field>]`.
#[derive(Debug, Clone, Copy)]
pub struct ValueMapSpec {
    pub field: &'static str,
    /// The canonical values accepted on the right-hand side.
    pub canonical: &'static [&'static str],
}

/// Facts from earlier sources that let a large reference source (the RPPS
/// extract) keep only what the scan needs.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// Identifiers (11-digit RPPS or 9-digit ADELI) held by any person or account.
    pub identifiers: HashSet<String>,
    /// FINESS numbers of the establishment (legal entity and sites).
    pub finess: HashSet<String>,
    /// Name keys (see [`crate::text::name_key`]) of HR persons.
    pub name_keys: HashSet<String>,
}

impl Needs {
    /// Collects what the RPPS extract must keep from records already read.
    pub fn from_batch(batch: &Batch, establishment: &Establishment) -> Needs {
        let mut needs = Needs::default();
        let ids = batch
            .persons
            .iter()
            .filter_map(|p| p.rpps.as_deref())
            .chain(batch.accounts.iter().filter_map(|a| a.rpps.as_deref()));
        for raw in ids {
            if let Some(id) = crate::text::national_identifier_core(raw) {
                needs.identifiers.insert(id);
            }
        }
        needs.finess.insert(establishment.finess.clone());
        needs.finess.extend(establishment.sites.iter().cloned());
        for p in &batch.persons {
            let first = p.first_names.as_deref().unwrap_or("");
            for last in [p.birth_name.as_deref(), p.usage_name.as_deref()]
                .into_iter()
                .flatten()
            {
                needs.name_keys.insert(crate::text::name_key(last, first));
            }
        }
        needs
    }
}

/// Reports how far a long read has gone (a progress bar in the terminal,
/// nothing in tests).
pub trait Progress: Sync {
    fn start(&self, _label: &str, _total_bytes: u64) {}
    fn advance(&self, _bytes: u64) {}
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// What a connector is given.
pub struct ReadContext<'a> {
    pub source: &'a SourceConfig,
    pub establishment: &'a Establishment,
    pub needs: &'a Needs,
    pub progress: &'a dyn Progress,
}

impl ReadContext<'_> {
    /// Reads the whole file and records its hash; an unreadable file is a
    /// diagnostic naming it.
    pub fn read_bytes(&self, out: &mut SourceRead) -> Option<Vec<u8>> {
        let path = &self.source.path;
        match std::fs::read(path) {
            Ok(bytes) => {
                out.inputs.push(InputFile {
                    path: self.source.path_display.clone(),
                    sha256: sha256_hex(&bytes),
                    size: bytes.len() as u64,
                });
                Some(bytes)
            }
            Err(e) => {
                out.diagnostics
                    .push(io_error(&self.source.path_display, &e));
                None
            }
        }
    }

    /// A diagnostic located in this source's file.
    pub fn diag(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).in_file(&self.source.path_display)
    }
}

/// The French diagnostic for a file that cannot be read.
pub fn io_error(display: &str, e: &std::io::Error) -> Diagnostic {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "fichier introuvable".to_string(),
        std::io::ErrorKind::PermissionDenied => "lecture refusée (droits insuffisants)".to_string(),
        _ => format!("lecture impossible : {e}"),
    };
    Diagnostic::error(Code::Io, what).in_file(display)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 and size of a file, streamed.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// What a connector returns.
#[derive(Debug, Default)]
pub struct SourceRead {
    pub batch: Batch,
    pub inputs: Vec<InputFile>,
    /// How the input was read (`encoding`, `delimiter`, `sheet`…).
    pub read_as: BTreeMap<String, String>,
    pub records_read: usize,
    pub records_skipped: usize,
    pub diagnostics: Diagnostics,
}

/// A source kind's reader.
pub trait Connector: Sync {
    fn kind(&self) -> SourceKind;
    /// The fields this kind knows, for `[source.columns]` and the docs.
    fn fields(&self) -> &'static [FieldSpec];
    /// Fields whose values may be remapped in `[source.values.<field>]`.
    fn value_maps(&self) -> &'static [ValueMapSpec] {
        &[]
    }
    /// Reads the source. Problems go to `SourceRead::diagnostics`; records
    /// read before an error are returned but the source will be marked failed.
    fn read(&self, ctx: &ReadContext<'_>) -> SourceRead;
}

/// A connector whose source is a table (CSV or workbook): it declares its
/// kind, fields and vocabularies, and reads rows from the table that
/// [`tabular::open`] read and mapped to its fields; the rest of
/// [`Connector`] comes with it.
pub trait Tabular: Sync {
    const KIND: SourceKind;
    const FIELDS: &'static [FieldSpec];
    const VALUE_MAPS: &'static [ValueMapSpec] = &[];
    /// Reads the records from `table` (`file`: its name for messages).
    fn read_table(
        &self,
        ctx: &ReadContext<'_>,
        table: &tabular::Table,
        cols: &tabular::Columns,
        file: &str,
        out: &mut SourceRead,
    );
}

impl<T: Tabular> Connector for T {
    fn kind(&self) -> SourceKind {
        T::KIND
    }

    fn fields(&self) -> &'static [FieldSpec] {
        T::FIELDS
    }

    fn value_maps(&self) -> &'static [ValueMapSpec] {
        T::VALUE_MAPS
    }

    fn read(&self, ctx: &ReadContext<'_>) -> SourceRead {
        let mut out = SourceRead::default();
        if let Some((table, cols, file)) = tabular::open(ctx, T::FIELDS, &mut out) {
            self.read_table(ctx, &table, &cols, &file, &mut out);
        }
        out
    }
}

/// The registry: the connector for each kind.
pub fn connector_for(kind: SourceKind) -> &'static dyn Connector {
    match kind {
        SourceKind::Sirh => &sirh::SirhConnector,
        SourceKind::AdLdif => &ad_ldif::AdLdifConnector,
        SourceKind::AdCsv => &ad_csv::AdCsvConnector,
        SourceKind::Accounts => &accounts::AccountsConnector,
        SourceKind::Rpps => &rpps::RppsConnector,
        SourceKind::Applications => &applications::ApplicationsConnector,
    }
}

/// Everything read from a site's sources.
pub struct Ingested {
    pub batch: Batch,
    pub reports: Vec<SourceReport>,
}

impl Ingested {
    pub fn is_complete(&self) -> bool {
        self.reports.iter().all(|r| r.status == SourceStatus::Ok)
    }
}

/// Runs every source of the site. Reference sources (RPPS) run last so they
/// can keep only what the others reference.
pub fn ingest(site: &SiteConfig, progress: &dyn Progress) -> Ingested {
    let mut batch = Batch::default();
    let mut reports: Vec<(usize, SourceReport)> = Vec::new();
    let (reference, local): (Vec<_>, Vec<_>) = site
        .sources
        .iter()
        .enumerate()
        .partition(|(_, s)| s.kind == SourceKind::Rpps);
    let mut needs = Needs::default();
    for (phase, sources) in [local, reference].into_iter().enumerate() {
        if phase == 1 {
            needs = Needs::from_batch(&batch, &site.establishment);
        }
        for (index, source) in sources {
            let ctx = ReadContext {
                source,
                establishment: &site.establishment,
                needs: &needs,
                progress,
            };
            let started = Instant::now();
            let read = connector_for(source.kind).read(&ctx);
            let seconds = started.elapsed().as_secs_f64();
            let counts = RecordCounts {
                records_read: read.records_read,
                records_skipped: read.records_skipped,
                ..read.batch.counts()
            };
            let status = if read.diagnostics.has_errors() {
                SourceStatus::Failed
            } else {
                SourceStatus::Ok
            };
            reports.push((
                index,
                SourceReport {
                    id: source.id.clone(),
                    kind: source.kind.as_str().to_string(),
                    status,
                    files: read.inputs,
                    counts,
                    read_as: read.read_as,
                    seconds,
                    diagnostics: read.diagnostics,
                },
            ));
            batch.append(read.batch);
        }
    }
    reports.sort_by_key(|(i, _)| *i);
    Ingested {
        batch,
        reports: reports.into_iter().map(|(_, r)| r).collect(),
    }
}
