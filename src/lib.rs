//! Vigie: audit of identities, accounts and access rights for French
//! hospitals (établissements de santé, GHT).
//!
//! The data path (see `docs/architecture.md`):
//! `vigie.toml` → [`config`] → [`source`] connectors → [`model::Snapshot`] →
//! [`graph`] (petgraph) → [`reconcile`] → [`checks`] → [`report`]; [`pipeline`]
//! runs the whole scan as one call. Around the scan: [`history`] (the scans
//! database, `.vigie/history.db`) and [`manifest`] (hashes of the inputs and
//! outputs, checked by `vigie verify`).
//!
//! The binary (`src/main.rs`) is thin: every command lives in [`cli`] and is
//! callable in-process by the tests.

pub mod checks;
pub mod cli;
pub mod config;
pub mod diag;
pub mod graph;
pub mod history;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod reconcile;
pub mod report;
pub mod samplegen;
pub mod snapshot;
pub mod source;
pub mod text;

/// mimalloc rather than the system allocator: a scan allocates millions of
/// small values from every core at once (expression values, strings of the
/// snapshot), where glibc's allocator spends a quarter of the catalogue's
/// time consolidating and unlinking free chunks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
