//! Evidence: one report model ([`model::Document`], what `findings.json`
//! holds) and the renderers that write it for people and machines.
//!
//! - [`html`]: the committee report, one self-contained HTML file.
//! - [`pseudonym`]: a pseudonymised copy of a document, for any renderer.

pub mod html;
pub mod model;
pub mod pseudonym;

pub use model::Document;
