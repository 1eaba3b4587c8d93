//! What `vigie scan` does around the pipeline for continuous integration
//! and evidence: the baseline comparison, the gate and the exit code, the
//! history record and the manifest, with their French messages.

use super::args::ScanArgs;
use super::exit;
use crate::history::{self, History};
use crate::report::gate::{Gate, GateOutcome, Verdict};
use crate::report::{baseline, Document};
use std::path::{Path, PathBuf};

/// The gate asked for on the command line.
pub fn gate(args: &ScanArgs) -> Gate {
    Gate {
        fail_on: args.fail_on.map(|s| s.0),
        new_only: args.fail_on_new,
    }
}

/// Refuses option combinations clap cannot express; the French message.
pub fn check_options(args: &ScanArgs) -> Result<(), String> {
    if args.fail_on_new && args.baseline.is_none() {
        return Err(
            "--fail-on-new compare l'analyse à une référence : indiquez aussi --baseline FICHIER (un findings.json précédent)".into(),
        );
    }
    Ok(())
}

/// Loads `--baseline` and checks it is of the same establishment.
pub fn load_baseline(path: &Path, finess: &str) -> Result<Document, baseline::BaselineError> {
    let doc = baseline::load(path)?;
    baseline::ensure_same_establishment(&doc, finess, &path.display().to_string())?;
    Ok(doc)
}

/// Compares `document` with `base`; returns the lines to print (summary on
/// stdout, warnings on stderr).
pub fn compare(document: &mut Document, base: &Document, path: &Path) -> (String, Vec<String>) {
    let shown = path.display().to_string();
    baseline::compare(document, base, &shown);
    let mut warnings = Vec::new();
    if !base.scan.complete {
        warnings.push(format!(
            "avertissement : la référence « {shown} » vient d'une analyse incomplète (source(s) illisible(s) : {}) : des constats peuvent être signalés nouveaux à tort",
            base.scan.failed_sources.join(", ")
        ));
    }
    if !document.scan.complete {
        warnings.push(
            "avertissement : analyse incomplète : les constats de la référence qui relèvent des sources non lues ne sont pas déclarés corrigés".into(),
        );
    }
    if base.scan.checks_version != document.scan.checks_version {
        warnings.push(format!(
            "avertissement : le catalogue des contrôles a changé depuis la référence (version {} → {}) : des constats nouveaux ou corrigés peuvent venir de contrôles ajoutés ou modifiés",
            base.scan.checks_version, document.scan.checks_version
        ));
    }
    let summary = match &document.baseline {
        Some(b) => format!(
            "Comparaison avec la référence {shown} (analyse du {}, date de référence {}) : {} nouveau(x), {} persistant(s), {} corrigé(s)",
            b.started_at
                .with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M"),
            b.as_of.format("%d/%m/%Y"),
            super::output::int(b.new),
            super::output::int(b.persisting),
            super::output::int(b.fixed)
        ),
        None => String::new(),
    };
    (summary, warnings)
}

/// The history database of this scan, unless `--no-history`.
pub fn history_path(args: &ScanArgs, config_dir: &Path) -> Option<PathBuf> {
    if args.no_history {
        return None;
    }
    Some(
        args.history
            .clone()
            .unwrap_or_else(|| config_dir.join(history::DEFAULT_PATH)),
    )
}

/// Earlier scans of the establishment for the report's charts (none when
/// the history cannot be read: the report then says « première analyse »).
pub fn trends(path: &Path, finess: &str) -> Vec<crate::report::model::TrendPoint> {
    History::open_existing(path)
        .and_then(|h| h.trends(finess, 24))
        .unwrap_or_default()
}

/// Records the scan; prints what happened. False when it failed.
pub fn record(path: &Path, document: &Document) -> bool {
    match History::open(path).and_then(|mut h| h.record(document)) {
        Ok(id) => {
            println!(
                "Historique : analyse n° {id} enregistrée dans {}",
                path.display()
            );
            true
        }
        Err(e) => {
            eprintln!("erreur : {e} — analyse non enregistrée dans l'historique");
            false
        }
    }
}

/// Writes `DIR/manifest.json` — the last file written — and prints its
/// SHA-256. False when it failed.
pub fn manifest(out: &Path, document: &Document, config_dir: &Path) -> bool {
    match crate::manifest::write(out, document, config_dir) {
        Ok((m, sha)) => {
            println!(
                "Manifeste : {} ({} résultat(s), {} entrée(s)) — SHA-256 {sha}",
                out.join(crate::manifest::FILE).display(),
                m.outputs.len(),
                m.inputs.len()
            );
            true
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            false
        }
    }
}

/// The exit code: incomplete (3) before any error (2) before the gate (1).
pub fn exit_code(outcome: &GateOutcome, errors: bool) -> u8 {
    match (outcome.verdict, errors) {
        (Verdict::Incomplete, _) => exit::INCOMPLETE,
        (_, true) => exit::ERROR,
        (Verdict::Failed, false) => exit::GATE_FAILED,
        (Verdict::Passed, false) => exit::SUCCESS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Severity;
    use crate::report::testdoc::{document, finding_on};

    #[test]
    fn incomplete_wins_over_errors_and_the_gate() {
        let gate = Gate {
            fail_on: Some(Severity::Info),
            new_only: false,
        };
        let mut doc = document(vec![finding_on("A", "x", Severity::High)]);
        assert_eq!(exit_code(&gate.decide(&doc), false), exit::GATE_FAILED);
        assert_eq!(exit_code(&gate.decide(&doc), true), exit::ERROR);
        doc.scan.complete = false;
        assert_eq!(exit_code(&gate.decide(&doc), true), exit::INCOMPLETE);
        assert_eq!(exit_code(&gate.decide(&doc), false), exit::INCOMPLETE);
        let clean = document(vec![]);
        assert_eq!(exit_code(&gate.decide(&clean), false), exit::SUCCESS);
    }
}
