//! Evidence: one report model ([`model::Document`], what `findings.json`
//! holds), the renderers that write it for people and machines, and what is
//! decided on it: comparison with a baseline ([`baseline`]) and the CI gate
//! ([`gate`]).

pub mod baseline;
pub mod gate;
pub mod model;
#[cfg(test)]
pub(crate) mod sample;

pub use model::Document;
