//! `vigie scan`: the pipeline as far as it goes today — read every source,
//! reconcile accounts with persons, build the access graph, print what was
//! read and linked per source, and write the results into `--out`.

use super::args::ScanArgs;
use super::{exit, output, progress::TermProgress};
use crate::graph::{AccessGraph, EdgeKind, GraphCounts, NodeKind, OwnerLink};
use crate::reconcile::{self, Status};
use anyhow::Context;
use std::fmt::Write;

pub fn run(args: &ScanArgs) -> anyhow::Result<u8> {
    let site = match crate::config::load(&args.config.config) {
        Ok(site) => site,
        Err(diags) => {
            eprint!("{}", diags.render());
            return Ok(exit::ERROR);
        }
    };
    let policy = crate::reconcile::policy::load(&site.policies_dir);
    let decisions = crate::reconcile::decisions::load(&site.policies_dir);
    let checks = load_checks(&site.checks_dir);
    let check_policy = crate::checks::policy::load(&site.policies_dir);
    let (policy, decisions, checks, check_policy) = match (policy, decisions, checks, check_policy)
    {
        (Ok(p), Ok(d), Ok(c), Ok(cp)) => (p, d, c, cp),
        (p, d, c, cp) => {
            for diags in [p.err(), d.err(), c.err(), cp.err()].into_iter().flatten() {
                eprint!("{}", diags.render());
            }
            return Ok(exit::ERROR);
        }
    };
    let snapshot = crate::snapshot::take(&site, &TermProgress::default());
    eprint!("{}", output::source_diagnostics(&snapshot.sources));
    println!(
        "{} (FINESS {})",
        snapshot.establishment.name, snapshot.establishment.finess
    );
    print!("{}", output::sources_table(&snapshot.sources));
    if !snapshot.is_complete() {
        eprintln!("erreur : analyse incomplète, au moins une source n'a pas pu être lue.");
        return Ok(exit::ERROR);
    }
    let started = std::time::Instant::now();
    let rec = reconcile::reconcile(&snapshot, &policy, &decisions);
    let seconds = started.elapsed().as_secs_f64();
    print!("\n{}", reconciliation_table(&rec));
    println!(
        "  ({} comptes rapprochés de {} personnes en {} s)",
        output::int(rec.accounts.len()),
        output::int(snapshot.persons.len()),
        format!("{seconds:.2}").replace('.', ",")
    );
    let graph = build_graph(&snapshot, &rec);
    eprint!(
        "{}",
        output::diagnostics(graph.diagnostics(), "construction du graphe")
    );
    println!("\n{}", graph_summary(&graph.counts(), graph.cycles().len()));
    for s in &rec.stale_decisions {
        eprintln!(
            "avertissement[stale-decision]: {} : décision obsolète — {}",
            s.location, s.reason
        );
    }
    drop(graph);
    reconcile::output::write(&rec, &args.out)
        .with_context(|| format!("écriture dans « {} » impossible", args.out.display()))?;
    let as_of = site.as_of.unwrap_or_else(|| snapshot.taken_at.date_naive());
    let facts = std::sync::Arc::new(crate::checks::facts::Facts::build(
        std::sync::Arc::new(snapshot),
        &rec,
        as_of,
        &check_policy,
    ));
    let (findings, diags) = crate::checks::evaluate(&checks, &facts);
    if diags.has_errors() {
        eprint!("{}", diags.render());
        return Ok(exit::ERROR);
    }
    println!("\n{}", findings_summary(&checks, &findings, as_of));
    let mut json = serde_json::to_vec_pretty(&serde_json::json!({
        "format": 1,
        "vigie_version": env!("CARGO_PKG_VERSION"),
        "as_of": as_of.to_string(),
        "findings": findings,
    }))?;
    json.push(b'\n');
    crate::snapshot::write_atomic(&args.out.join("findings.json"), &json)
        .with_context(|| format!("écriture dans « {} » impossible", args.out.display()))?;
    println!(
        "Résultats : {} et {}",
        args.out.join("reconciliation.csv").display(),
        args.out.join("findings.json").display()
    );
    Ok(exit::SUCCESS)
}

/// The catalogue, or none when the configured directory does not exist yet.
fn load_checks(
    dir: &std::path::Path,
) -> Result<Vec<crate::checks::Check>, crate::diag::Diagnostics> {
    if !dir.is_dir() {
        eprintln!(
            "avertissement : dossier des contrôles « {} » absent — aucun contrôle évalué",
            dir.display()
        );
        return Ok(Vec::new());
    }
    crate::checks::load::load_dir(dir)
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

/// The access graph, with an `owns` edge for every linked account.
fn build_graph<'a>(
    snapshot: &'a crate::model::Snapshot,
    rec: &reconcile::Reconciliation,
) -> AccessGraph<'a> {
    let mut graph = AccessGraph::build(snapshot);
    for o in &rec.accounts {
        if let (Status::Linked, Some(person)) = (o.status, o.person.as_deref()) {
            let link = OwnerLink {
                rule: o.method.map_or("", |m| m.as_str()).to_string(),
                score: o.score,
                certain: true,
            };
            // Both ends come from the same snapshot: a failure would be a bug.
            if let Err(e) = graph.link_owner(person, &o.account, link) {
                eprintln!(
                    "avertissement : lien {person} → {} non inscrit au graphe : {e}",
                    o.account
                );
            }
        }
    }
    graph
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
