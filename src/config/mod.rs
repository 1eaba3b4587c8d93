//! Site configuration (`vigie.toml`): the establishment, its sources, and where
//! its checks and policies live.
//!
//! Loading is two-phase. [`spanned`] reads the TOML with positions; [`site`]
//! validates it into [`SiteConfig`] (and `source.rs` each `[[source]]`),
//! pushing every problem (unknown key, wrong type, unknown source kind, column
//! mapped to a field the connector does not know, duplicate id…) as a
//! diagnostic with file, line and field. Only a fully valid configuration is
//! returned: the rest of Vigie never sees raw input.

pub mod site;
mod source;
pub mod spanned;

pub use site::SiteConfig;
pub use source::{FileFormat, RppsKeep, SourceConfig};

use crate::diag::Diagnostics;
use std::path::Path;

/// Loads and validates `vigie.toml`; every error at once.
pub fn load(path: &Path) -> Result<SiteConfig, Diagnostics> {
    site::load(path)
}
