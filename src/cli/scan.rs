//! `vigie scan`: the pipeline as far as it goes today — read every source,
//! reconcile accounts with persons, build the access graph, print what was
//! read and linked per source, and write the results into `--out`; then
//! (in [`ci`](super::ci)) compare with `--baseline`, record the history,
//! write the manifest last and decide the gate.

use super::args::ScanArgs;
use super::{ci, exit, output, progress::TermProgress};
use crate::graph::{EdgeKind, GraphCounts, NodeKind};
use crate::reconcile::{self, Status};
use anyhow::Context;
use std::fmt::Write;

/// The committee report's file name in `--out`.
pub const REPORT: &str = "report.html";

pub fn run(args: &ScanArgs) -> anyhow::Result<u8> {
    if let Err(message) = ci::check_options(args) {
        eprintln!("erreur : {message}");
        return Ok(exit::ERROR);
    }
    let loaded = match crate::pipeline::load(&args.config.config) {
        Ok(l) => l,
        Err(diags) => {
            eprint!("{}", diags.render());
            return Ok(exit::ERROR);
        }
    };
    let baseline = match &args.baseline {
        None => None,
        Some(path) => match ci::load_baseline(path, &loaded.site.establishment.finess) {
            Ok(b) => Some(b),
            Err(e) => {
                eprintln!("erreur : {e}");
                return Ok(exit::ERROR);
            }
        },
    };
    if !loaded.site.checks_dir.is_dir() {
        eprintln!(
            "avertissement : dossier des contrôles « {} » absent — aucun contrôle évalué",
            loaded.site.checks_dir.display()
        );
    }
    let mut outcome = crate::pipeline::run(&loaded, &TermProgress::default());
    let snapshot = &outcome.snapshot;
    eprint!("{}", output::source_diagnostics(&snapshot.sources));
    println!(
        "{} (FINESS {})",
        snapshot.establishment.name, snapshot.establishment.finess
    );
    print!("{}", output::sources_table(&snapshot.sources));
    let rec = &outcome.reconciliation;
    print!("\n{}", reconciliation_table(rec));
    println!(
        "  ({} comptes rapprochés de {} personnes en {} s)",
        output::int(rec.accounts.len()),
        output::int(snapshot.persons.len()),
        format!("{:.2}", outcome.reconcile_seconds).replace('.', ",")
    );
    eprint!(
        "{}",
        output::diagnostics(&outcome.graph_diagnostics, "construction du graphe")
    );
    println!(
        "\n{}",
        graph_summary(&outcome.graph_counts, outcome.graph_cycles)
    );
    for s in &rec.stale_decisions {
        eprintln!(
            "avertissement[stale-decision]: {} : décision obsolète — {}",
            s.location, s.reason
        );
    }
    if outcome.check_diagnostics.has_errors() {
        eprint!("{}", outcome.check_diagnostics.render());
        return Ok(exit::ERROR);
    }
    let document = &mut outcome.document;
    println!(
        "\n{}",
        findings_summary(&loaded.checks, &document.findings, document.scan.as_of)
    );
    print!("{}", scores_summary(document));
    if let (Some(base), Some(path)) = (&baseline, &args.baseline) {
        let (summary, warnings) = ci::compare(document, base, path);
        for w in warnings {
            eprintln!("{w}");
        }
        println!("{summary}");
    }
    let document = &outcome.document;
    let io = || format!("écriture dans « {} » impossible", args.out.display());
    // Reports that leave the security team carry pseudonyms; the history
    // keeps the real document.
    let published = if args.pseudonymize {
        crate::report::pseudonym::pseudonymize(document)
    } else {
        document.clone()
    };
    let mut names: Vec<String> = Vec::new();
    if args.pseudonymize {
        eprintln!(
            "avertissement : --pseudonymize : reconciliation.csv et reconciliation.json (noms réels) ne sont pas écrits"
        );
    } else {
        reconcile::output::write(rec, &args.out).with_context(io)?;
        names.extend(["reconciliation.csv".into(), "reconciliation.json".into()]);
    }
    crate::snapshot::write_json_atomic(&args.out.join("findings.json"), &published)
        .with_context(io)?;
    names.push("findings.json".into());
    let written = crate::report::write_machine_outputs(&published, &args.out).with_context(io)?;
    names.extend(
        written
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
    );
    let mut errors = false;
    let history = ci::history_path(args, &loaded.site.base_dir);
    if let Some(path) = &history {
        errors |= !ci::record(path, document);
    }
    let options = crate::report::html::HtmlOptions {
        trends: history
            .as_deref()
            .map(|p| ci::trends(p, &document.scan.establishment.finess))
            .unwrap_or_default(),
        pseudonymize: args.pseudonymize,
        templates_dir: Some(loaded.site.base_dir.join("report-templates")).filter(|d| d.is_dir()),
        ..Default::default()
    };
    match crate::report::html::render(document, &options) {
        Ok(html) => {
            crate::snapshot::write_atomic(&args.out.join(REPORT), html.as_bytes())
                .with_context(io)?;
            names.push(REPORT.into());
        }
        Err(e) => {
            eprintln!("erreur : rapport HTML impossible : {e}");
            errors = true;
        }
    }
    println!(
        "Résultats dans {} : {}",
        args.out.display(),
        names.join(", ")
    );
    // Last write of the scan: the manifest covers every file now in --out.
    errors |= !ci::manifest(&args.out, document, &loaded.site.base_dir);
    let gate = ci::gate(args).decide(document);
    if let Some(line) = gate.summary() {
        println!("{line}");
    }
    if !document.scan.complete {
        eprintln!(
            "erreur : analyse INCOMPLÈTE — source(s) illisible(s) : {}. Les résultats ne couvrent pas tout le périmètre.",
            document.scan.failed_sources.join(", ")
        );
    }
    Ok(ci::exit_code(&gate, errors))
}

/// Findings per axis and severity.
fn findings_summary(
    checks: &[crate::checks::Check],
    findings: &[crate::checks::Finding],
    as_of: chrono::NaiveDate,
) -> String {
    use crate::checks::{Axis, Severity};
    let mut out = format!(
        "Constats : {} ({} contrôle(s) évalué(s), date de référence {})\n",
        output::int(findings.len()),
        checks.len(),
        as_of.format("%d/%m/%Y")
    );
    for axis in Axis::ALL {
        let of_axis: Vec<_> = findings.iter().filter(|f| f.axis == axis).collect();
        if of_axis.is_empty() {
            continue;
        }
        let by_sev: Vec<String> = Severity::ALL
            .iter()
            .map(|s| (s, of_axis.iter().filter(|f| f.severity == *s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{} {}", output::int(n), s.label()))
            .collect();
        let _ = writeln!(
            out,
            "  {} : {} ({})",
            axis.label(),
            output::int(of_axis.len()),
            by_sev.join(", ")
        );
        for c in checks.iter().filter(|c| c.axis == axis) {
            let n = of_axis.iter().filter(|f| f.check == c.id).count();
            if n > 0 {
                let _ = writeln!(out, "    {:<8} {:>6}  {}", c.id, output::int(n), c.title);
            }
        }
    }
    out
}

fn graph_summary(c: &GraphCounts, cycles: usize) -> String {
    let n = |k| output::int(c.nodes_of(k));
    let e = |k| output::int(c.edges_of(k));
    format!(
        "Graphe des accès : {} personnes, {} comptes, {} groupes, {} profils, {} applications, {} UF ; \
         {} appartenances directes, {} imbrications de groupes ({} cycle(s)), {} attributions de profil, {} rattachements compte → personne",
        n(NodeKind::Person),
        n(NodeKind::Account),
        n(NodeKind::Group),
        n(NodeKind::Profile),
        n(NodeKind::Application),
        n(NodeKind::Unit),
        e(EdgeKind::MemberOf),
        e(EdgeKind::NestedIn),
        cycles,
        e(EdgeKind::HasProfile),
        e(EdgeKind::Owns),
    )
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1} %", 100.0 * n as f64 / d as f64).replace('.', ",")
    }
}

/// Rates per source, then HR pairs and identifier issues.
fn reconciliation_table(rec: &reconcile::Reconciliation) -> String {
    let mut out = String::from("Rapprochement comptes ↔ personnes\n");
    let w = rec
        .stats
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "  {:<w$}  {:>8}  {:>9}  {:>7}  {:>9}  {:>9}  {:>8}  {:>14}  {:>9}",
        "source",
        "comptes",
        "auto",
        "manuels",
        "à valider",
        "orphelins",
        "conflits",
        "non nominatifs",
        "taux auto"
    );
    for (source, s) in &rec.stats {
        let n = |st: Status| s.by_status.get(&st).copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "  {:<w$}  {:>8}  {:>9}  {:>7}  {:>9}  {:>9}  {:>8}  {:>14}  {:>9}",
            source,
            output::int(s.accounts),
            output::int(s.automatic),
            output::int(s.manual),
            output::int(n(Status::Candidate)),
            output::int(n(Status::Unmatched)),
            output::int(n(Status::Conflict)),
            output::int(n(Status::NonNominative)),
            pct(s.automatic, s.accounts - n(Status::NonNominative)),
        );
    }
    let kinds = |k| rec.hr_pairs.iter().filter(|p| p.kind == k).count();
    use crate::reconcile::identity::PairKind;
    let _ = writeln!(
        out,
        "  Dossiers RH à examiner : {} doublon(s), {} doublon(s) possible(s), {} homonymie(s)",
        kinds(PairKind::Duplicate),
        kinds(PairKind::PossibleDuplicate),
        kinds(PairKind::Homonym)
    );
    let _ = writeln!(
        out,
        "  Identifiants nationaux : {} anomalie(s)",
        rec.identity_issues.len()
    );
    out
}

/// Axis scores and indicators against their targets.
fn scores_summary(doc: &crate::report::Document) -> String {
    let mut out = String::from("Scores par axe : ");
    let parts: Vec<String> = doc
        .axes
        .iter()
        .map(|a| match a.score {
            Some(s) => format!("{} {s}/100", a.label),
            None => format!("{} non évalué", a.label),
        })
        .collect();
    out.push_str(&parts.join(" · "));
    out.push('\n');
    for i in &doc.indicators {
        for t in &i.targets {
            let value = t.value().map_or("—".to_string(), |v| {
                format!("{:.1} %", 100.0 * v).replace('.', ",")
            });
            let _ = writeln!(
                out,
                "{} ({}) : {value} ({} / {}) pour une cible {} de {} %",
                i.objective,
                t.population,
                output::int(t.numerator),
                output::int(t.denominator),
                t.year,
                (100.0 * t.target).round()
            );
        }
    }
    out
}
