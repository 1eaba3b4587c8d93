//! Evidence: one report model ([`model::Document`], what `findings.json`
//! holds) and the renderers that write it for people and machines.

pub mod model;

pub use model::Document;
