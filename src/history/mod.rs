//! The scan history: Vigie's own SQLite database (`.vigie/history.db` in
//! the configuration file's directory unless `--history` says otherwise).
//!
//! Every scan is recorded in one transaction ([`History::record`]): a scan
//! killed half-way leaves the history exactly as it was (SQLite's rollback
//! journal undoes an unfinished transaction at the next opening). The
//! schema is versioned ([`schema`]): an older database is migrated when it
//! is opened, a newer one is refused.
//!
//! The database holds what trends and comparisons need — scan metadata,
//! input file hashes, finding fingerprints with check, severity, subject id
//! and waiver flag, indicator ratios and axis scores — and no personal data
//! beyond subject ids (no names, no evidence).
//!
//! It is only ever written by `vigie scan`; `vigie history` reads it.

mod query;
mod record;
pub mod schema;

pub use query::ScanSummary;
pub use record::row_count;

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the history lives, relative to the configuration file's directory.
pub const DEFAULT_PATH: &str = ".vigie/history.db";

/// How long a writer waits for another one (two scans at once).
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The default database of a configuration file: `.vigie/history.db` beside
/// it, so the history follows the hospital's repository wherever the
/// command is run from.
pub fn default_path(config: &Path) -> PathBuf {
    config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(DEFAULT_PATH)
}

/// Why the history could not be used. Messages are in French and name the
/// database file.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("historique « {path} » : création du dossier impossible : {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "historique « {path} » introuvable : aucune analyse n'y a été enregistrée (« vigie scan » le crée)"
    )]
    NotFound { path: String },
    #[error("historique « {path} » : {source}")]
    Sql {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "historique « {path} » : schéma version {found}, plus récent que cette version de Vigie (version {supported} au plus) — mettez Vigie à jour"
    )]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("historique « {path} » : valeur « {value} » invalide dans la colonne {column}")]
    BadValue {
        path: String,
        column: &'static str,
        value: String,
    },
    #[error("historique « {path} » : enregistrement interrompu, l'historique est inchangé")]
    Interrupted { path: String },
}

/// An open history database.
pub struct History {
    conn: Connection,
    path: PathBuf,
}

impl History {
    /// Opens the database, creating it (and its directory) if needed, and
    /// brings its schema up to date.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| HistoryError::CreateDir {
                path: path.display().to_string(),
                source,
            })?;
        }
        Self::connect(path, OpenFlags::default())
    }

    /// Opens an existing database (never creates one); migrates it if it
    /// is older than this version of Vigie.
    pub fn open_existing(path: &Path) -> Result<History, HistoryError> {
        if !path.is_file() {
            return Err(HistoryError::NotFound {
                path: path.display().to_string(),
            });
        }
        let flags = OpenFlags::default() - OpenFlags::SQLITE_OPEN_CREATE;
        Self::connect(path, flags)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<History, HistoryError> {
        let shown = path.display().to_string();
        let sql = |source| HistoryError::Sql {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(sql)?;
        let mut history = History {
            conn,
            path: path.to_path_buf(),
        };
        schema::migrate(&mut history.conn).map_err(|e| match e {
            schema::MigrateError::Sql(source) => HistoryError::Sql {
                path: shown.clone(),
                source,
            },
            schema::MigrateError::TooNew { found } => HistoryError::TooNew {
                path: shown.clone(),
                found,
                supported: schema::VERSION,
            },
        })?;
        Ok(history)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, HistoryError> {
        schema::current(&self.conn).map_err(|e| self.sql(e))
    }

    fn sql(&self, source: rusqlite::Error) -> HistoryError {
        HistoryError::Sql {
            path: self.path.display().to_string(),
            source,
        }
    }

    fn bad_value(&self, column: &'static str, value: String) -> HistoryError {
        HistoryError::BadValue {
            path: self.path.display().to_string(),
            column,
            value,
        }
    }
}

/// `2026-11-15T09:30:00.000000Z`: fixed width, so text order is time order.
fn timestamp(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests;
