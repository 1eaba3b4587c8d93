//! The history's schema and its migrations.
//!
//! `schema_version` holds one row per applied migration; the schema version
//! is the highest. The missing migrations are applied in order, with their
//! `schema_version` rows, in one `BEGIN IMMEDIATE` transaction: two scans
//! opening a new database at once do not both create it, and a migration
//! interrupted half-way is not half-applied. A migration, once
//! released, is never edited: a change is a new entry at the end.
//!
//! Dates are text: instants as RFC 3339 UTC with microseconds (fixed width,
//! so text order is time order), days as `YYYY-MM-DD`. Severities, axes are
//! their French codes (`critique`, `cycle-de-vie`).

use rusqlite::{Connection, TransactionBehavior};

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`.
const MIGRATIONS: &[&str] = &[
    // 1: scans and what they found.
    "CREATE TABLE scans (
        id               INTEGER PRIMARY KEY,
        started_at       TEXT    NOT NULL,
        recorded_at      TEXT    NOT NULL,
        as_of            TEXT    NOT NULL,
        establishment    TEXT    NOT NULL,
        finess           TEXT    NOT NULL,
        complete         INTEGER NOT NULL CHECK (complete IN (0, 1)),
        failed_sources   TEXT    NOT NULL,
        vigie_version    TEXT    NOT NULL,
        checks_version   TEXT    NOT NULL,
        policies_version TEXT    NOT NULL,
        config           TEXT    NOT NULL
    );
    CREATE INDEX scans_by_finess ON scans (finess, started_at);
    CREATE TABLE inputs (
        scan   INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        source TEXT    NOT NULL,
        path   TEXT    NOT NULL,
        sha256 TEXT    NOT NULL,
        size   INTEGER NOT NULL
    );
    CREATE INDEX inputs_by_scan ON inputs (scan);
    CREATE TABLE findings (
        scan        INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        fingerprint TEXT    NOT NULL,
        check_id    TEXT    NOT NULL,
        severity    TEXT    NOT NULL,
        subject     TEXT    NOT NULL,
        waived      INTEGER NOT NULL CHECK (waived IN (0, 1))
    );
    CREATE INDEX findings_by_scan ON findings (scan, fingerprint);
    CREATE TABLE indicators (
        scan        INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        id          TEXT    NOT NULL,
        year        INTEGER NOT NULL,
        numerator   INTEGER NOT NULL,
        denominator INTEGER NOT NULL,
        target      REAL    NOT NULL
    );
    CREATE INDEX indicators_by_scan ON indicators (scan);
    CREATE TABLE axes (
        scan  INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
        axis  TEXT    NOT NULL,
        score INTEGER
    );
    CREATE INDEX axes_by_scan ON axes (scan);",
];

/// The schema version this build of Vigie writes.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

#[derive(Debug)]
pub(super) enum MigrateError {
    Sql(rusqlite::Error),
    TooNew { found: u32 },
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}

const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT    NOT NULL
)";

/// The highest applied migration (0 for an empty database).
pub(super) fn current(conn: &Connection) -> rusqlite::Result<u32> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )
}

/// Applies the missing migrations; refuses a database newer than this build.
pub(super) fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let found = current(conn)?;
    if found > VERSION {
        return Err(MigrateError::TooNew { found });
    }
    if found == VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(VERSION_TABLE)?;
    // Another process may have migrated between the check and the lock.
    let found = current(&tx)?;
    if found > VERSION {
        return Err(MigrateError::TooNew { found });
    }
    let now = super::timestamp(&chrono::Utc::now());
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            (i as u32 + 1, &now),
        )?;
    }
    tx.commit()?;
    Ok(())
}
