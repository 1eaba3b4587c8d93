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
    let (policy, decisions) = match (policy, decisions) {
        (Ok(p), Ok(d)) => (p, d),
        (p, d) => {
            for diags in [p.err(), d.err()].into_iter().flatten() {
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
    reconcile::output::write(&rec, &args.out)
        .with_context(|| format!("écriture dans « {} » impossible", args.out.display()))?;
    println!(
        "Résultats : {}",
        args.out.join("reconciliation.csv").display()
    );
    Ok(exit::SUCCESS)
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
