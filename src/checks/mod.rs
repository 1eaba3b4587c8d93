//! Declarative checks: the catalogue under `checks/<family>/<ID>.toml`
//! evaluated against the facts of a scan.
//!
//! - [`meta`]: what a check is (id, title, axis, severity, confidence,
//!   subject, condition, evidence, message, rationale, remediation,
//!   references, examples).
//! - [`load`]: files → validated checks, every error with file and line.
//! - [`facts`], [`views`]: what conditions read (`account.*`, `person.*`,
//!   `policy.*`), computed once per scan; the vocabulary tables generate
//!   `docs/vocabulary.md`.
//! - [`engine`]: evaluation (minijinja expressions, in parallel) → findings.
//! - [`policy`]: the thresholds conditions compare against (`policies/checks.toml`).
//!
//! Conditions are minijinja expressions: Vigie has no expression language of
//! its own.

pub mod engine;
pub mod exceptions;
pub mod facts;
pub mod format;
pub mod indicators;
pub mod load;
pub mod meta;
pub mod policy;
mod run;
pub mod score;
pub mod views;

pub use engine::{evaluate, BaselineStatus, Evaluation, Finding, PathStep, Waiver};
pub use meta::{Axis, Check, Confidence, Severity, SubjectKind};

/// The expression environment every check is compiled and evaluated in.
pub fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
    env.add_filter("date_fr", format::date_fr);
    env
}
