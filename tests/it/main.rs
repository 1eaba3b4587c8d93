//! Vigie's integration tests: one binary, one module per area.

mod bad_inputs;
mod checks;
mod cli;
mod docs;
mod gate;
mod governance;
mod graph;
mod history;
mod outputs;
mod reconcile;
mod reconcile_truth;
mod report_html;
mod samplegen;
mod site;
mod support;
mod tabular_sources;
mod verify;
