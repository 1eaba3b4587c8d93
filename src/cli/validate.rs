//! `vigie validate`: the configuration and the presence of every source file,
//! every problem at once.

use super::args::ValidateArgs;
use super::exit;
use crate::diag::{Code, Diagnostic, Diagnostics};

pub fn run(args: &ValidateArgs) -> anyhow::Result<u8> {
    let path = &args.config.config;
    let site = match crate::config::load(path) {
        Ok(site) => site,
        Err(diags) => {
            eprint!("{}", diags.render());
            eprintln!(
                "{} erreur(s) dans la configuration « {} ».",
                diags.total_errors(),
                path.display()
            );
            return Ok(exit::ERROR);
        }
    };
    let mut diags = Diagnostics::new();
    for s in &site.sources {
        if !s.path.is_file() {
            diags.push(
                Diagnostic::error(
                    Code::Io,
                    format!(
                        "fichier « {} » introuvable pour la source « {} »",
                        s.path_display, s.id
                    ),
                )
                .in_file(path.display().to_string())
                .at_line(s.path_line)
                .field("source.path"),
            );
        }
    }
    // Policies, decisions, the catalogue (checks and indicators), exceptions
    // and per-check overrides: everything a scan loads.
    if let Err(all) = crate::pipeline::load(path) {
        diags.extend(all.items);
    }
    if diags.has_errors() {
        eprint!("{}", diags.render());
        eprintln!("{} erreur(s).", diags.total_errors());
        return Ok(exit::ERROR);
    }
    println!(
        "Configuration valide : {} — {} source(s).",
        site.establishment.name,
        site.sources.len()
    );
    for s in &site.sources {
        println!("  {:<14} {:<13} {}", s.id, s.kind.as_str(), s.path_display);
    }
    Ok(exit::SUCCESS)
}
