//! The command line: argument definitions, French help and errors, exit
//! codes, and one module per command. `main.rs` only calls [`main`].
//!
//! Exit codes: 0 success (gate passed, if any) · 1 gate failed (`scan
//! --fail-on` / `--fail-on-new`; for `verify`: evidence altered) · 2 usage,
//! configuration or input error · 3 scan incomplete (a source could not be
//! read; takes precedence over everything else, so an incomplete scan is
//! never 0).

mod args;
mod checks;
mod ci;
mod history;
mod output;
mod progress;
mod scan;
mod snapshot;
mod validate;
mod verify;

pub use args::{Cli, Command};

use clap::Parser;
use std::ffi::OsString;
use std::process::ExitCode;

/// Exit codes, as documented in the README and `--help`.
pub mod exit {
    pub const SUCCESS: u8 = 0;
    pub const GATE_FAILED: u8 = 1;
    /// `vigie verify`: something differs from the manifest.
    pub const ALTERED: u8 = 1;
    pub const ERROR: u8 = 2;
    pub const INCOMPLETE: u8 = 3;
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn main<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(args::report_clap_error(&e)),
    };
    let code = match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("erreur : {e:#}");
            exit::ERROR
        }
    };
    ExitCode::from(code)
}

/// Runs a parsed command.
pub fn run(cli: &Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Snapshot(a) => snapshot::run(a),
        Command::Scan(a) => scan::run(a),
        Command::Checks(a) => checks::run(a),
        Command::History(a) => history::run(a),
        Command::Verify(a) => verify::run(a),
    }
}
