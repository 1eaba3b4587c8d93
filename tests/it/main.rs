//! Vigie's integration tests: one binary, one module per area.

mod bad_inputs;
mod checks;
mod cli;
mod docs;
mod graph;
mod reconcile;
mod reconcile_truth;
mod report_html;
mod samplegen;
mod support;
mod tabular_sources;
