//! The scan as a library call: configuration → snapshot → reconciliation →
//! access graph → facts → checks, indicators and scores → one
//! [`report::Document`](crate::report::Document). `vigie scan` prints and
//! writes it; tests call [`run`] in-process.
//!
//! A source that cannot be read does not stop the scan: the document says
//! so (`scan.complete = false`, the source's diagnostics) and the command
//! exits with code 3, so an incomplete scan never looks clean.

use crate::checks::facts::Facts;
use crate::checks::Check;
use crate::config::SiteConfig;
use crate::diag::Diagnostics;
use crate::graph::{AccessGraph, OwnerLink};
use crate::model::Snapshot;
use crate::reconcile::{self, Reconciliation, Status};
use crate::report::model::{self as doc, Document};
use crate::source::Progress;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;

/// Everything configured for a scan, validated: the site, the catalogue and
/// the policies.
pub struct Loaded {
    pub site: SiteConfig,
    /// The catalogue as written in its files (before `vigie.toml` overrides).
    pub checks: Vec<Check>,
    pub indicators: Vec<crate::checks::indicators::Indicator>,
    pub exceptions: Vec<crate::checks::exceptions::Exception>,
    pub reconcile_policy: reconcile::policy::Policy,
    pub decisions: Vec<reconcile::decisions::Decision>,
    pub check_policy: serde_json::Value,
}

/// Loads and validates the configuration, the catalogue and the policies;
/// every error of every file at once.
pub fn load(config: &Path) -> Result<Loaded, Diagnostics> {
    let site = crate::config::load(config)?;
    let policy = reconcile::policy::load(&site.policies_dir);
    let decisions = reconcile::decisions::load(&site.policies_dir);
    let catalogue = load_checks(&site.checks_dir);
    let check_policy = crate::checks::policy::load(&site.policies_dir);
    let ids: Vec<&str> = match &catalogue {
        Ok(c) => c.checks.iter().map(|c| c.id.as_str()).collect(),
        Err(_) => Vec::new(),
    };
    let exceptions = match &catalogue {
        Ok(_) => crate::checks::exceptions::load(&site.policies_dir, &ids),
        Err(_) => Ok(Vec::new()),
    };
    let overrides = match &catalogue {
        Ok(_) => check_overrides(&site, &ids),
        Err(_) => Ok(()),
    };
    match (
        policy,
        decisions,
        catalogue,
        check_policy,
        exceptions,
        overrides,
    ) {
        (
            Ok(reconcile_policy),
            Ok(decisions),
            Ok(catalogue),
            Ok(check_policy),
            Ok(exceptions),
            Ok(()),
        ) => Ok(Loaded {
            site,
            checks: catalogue.checks,
            indicators: catalogue.indicators,
            exceptions,
            reconcile_policy,
            decisions,
            check_policy,
        }),
        (p, d, c, cp, e, o) => {
            let mut all = Diagnostics::new();
            for diags in [p.err(), d.err(), c.err(), cp.err(), e.err(), o.err()]
                .into_iter()
                .flatten()
            {
                all.items.extend(diags.items);
                all.suppressed_errors += diags.suppressed_errors;
            }
            Err(all)
        }
    }
}

/// The catalogue; none when the configured directory does not exist (the
/// document then lists no check, which the report says).
fn load_checks(dir: &Path) -> Result<crate::checks::load::Catalogue, Diagnostics> {
    if !dir.is_dir() {
        return Ok(Default::default());
    }
    crate::checks::load::load_catalogue(dir)
}

/// Every `[override.<ID>]` names a check of the catalogue.
fn check_overrides(site: &SiteConfig, ids: &[&str]) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    for o in site
        .overrides
        .iter()
        .filter(|o| !ids.contains(&o.check.as_str()))
    {
        let (file, line) = o.location.rsplit_once(':').unwrap_or((&o.location, "1"));
        let mut d = crate::diag::Diagnostic::error(
            crate::diag::Code::UnknownReference,
            format!("contrôle « {} » inconnu du catalogue", o.check),
        )
        .in_file(file)
        .at_line(line.parse().unwrap_or(1))
        .field(format!("override.{}", o.check));
        if let Some(s) = crate::config::spanned::closest(&o.check, ids.iter().copied()) {
            d = d.help(format!("vouliez-vous dire « {s} » ?"));
        }
        diags.push(d);
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Whether a check runs, and at which severity, under the site's
/// `[override.<ID>]`.
fn as_run(loaded: &Loaded, c: &Check) -> (bool, crate::checks::Severity) {
    match loaded.site.overrides.iter().find(|o| o.check == c.id) {
        Some(o) => (o.enabled, o.severity.unwrap_or(c.severity)),
        None => (true, c.severity),
    }
}

/// The catalogue as the site runs it: overrides applied, disabled checks
/// removed.
pub fn effective_checks(loaded: &Loaded) -> Vec<Check> {
    loaded
        .checks
        .iter()
        .filter_map(|c| {
            let (enabled, severity) = as_run(loaded, c);
            enabled.then(|| Check {
                severity,
                ..c.clone()
            })
        })
        .collect()
}

/// What a scan produced: the document, and the intermediate results the
/// command line prints or writes beside it.
pub struct Outcome {
    pub document: Document,
    pub snapshot: Arc<Snapshot>,
    pub reconciliation: Arc<Reconciliation>,
    /// Reconciliation time, seconds.
    pub reconcile_seconds: f64,
    /// Graph summary figures (counts, cycles) and its warnings.
    pub graph_counts: crate::graph::GraphCounts,
    pub graph_cycles: usize,
    pub graph_diagnostics: Diagnostics,
    /// Errors while evaluating checks (a check that fails at run time).
    pub check_diagnostics: Diagnostics,
}

/// Runs the whole scan on a loaded configuration.
pub fn run(loaded: &Loaded, progress: &dyn Progress) -> Outcome {
    let started_at = chrono::Utc::now();
    let site = &loaded.site;
    let snapshot = Arc::new(crate::snapshot::take(site, progress));
    let t = std::time::Instant::now();
    let rec = Arc::new(reconcile::reconcile(
        &snapshot,
        &loaded.reconcile_policy,
        &loaded.decisions,
    ));
    let reconcile_seconds = t.elapsed().as_secs_f64();
    let as_of = site.as_of.unwrap_or_else(|| snapshot.taken_at.date_naive());
    let graph = build_graph(&snapshot, &rec);
    let graph_counts = graph.counts();
    let graph_cycles = graph.cycles().len();
    let graph_diagnostics = graph.diagnostics().clone();
    let facts = Arc::new(Facts::build(
        snapshot.clone(),
        &graph,
        rec.clone(),
        as_of,
        &loaded.check_policy,
    ));
    drop(graph);
    let checks = effective_checks(loaded);
    // Built once, read by the checks and the indicators.
    let contexts = crate::checks::engine::Contexts::new(&facts);
    let crate::checks::Evaluation {
        mut findings,
        mut applicable,
        diagnostics: mut check_diagnostics,
    } = crate::checks::engine::evaluate_in(&checks, &contexts);
    let exceptions = crate::checks::exceptions::apply(&loaded.exceptions, &mut findings, as_of);
    let governance =
        crate::checks::engine::evaluate_exceptions(&checks, &exceptions, as_of, &facts.policy);
    findings.extend(governance.findings);
    applicable.extend(governance.applicable);
    check_diagnostics.items.extend(governance.diagnostics.items);
    let indicators = crate::checks::indicators::evaluate_in(&loaded.indicators, &contexts);
    let failed_sources: Vec<String> = snapshot
        .sources
        .iter()
        .filter(|s| s.status != crate::model::SourceStatus::Ok)
        .map(|s| s.id.clone())
        .collect();
    let checks = check_infos(loaded, &findings, &applicable);
    let axes = crate::checks::score::axes(&checks, &findings);
    let document = Document {
        format: doc::FORMAT.to_string(),
        vigie_version: env!("CARGO_PKG_VERSION").to_string(),
        scan: doc::ScanMeta {
            started_at,
            as_of,
            establishment: snapshot.establishment.clone(),
            complete: failed_sources.is_empty(),
            failed_sources,
            config: site.path.display().to_string(),
            checks_version: tree_hash(&site.checks_dir),
            policies_version: tree_hash(&site.policies_dir),
            counts: doc::Counts {
                persons: snapshot.persons.len(),
                accounts: snapshot.accounts.len(),
                groups: snapshot.groups.len(),
                applications: snapshot.applications.len(),
                rights: snapshot.rights.len(),
            },
        },
        sources: snapshot.sources.clone(),
        reconciliation: link_stats(&rec),
        checks,
        indicators,
        axes,
        findings,
        fixed: Vec::new(),
        exceptions,
        baseline: None,
    };
    Outcome {
        document,
        snapshot,
        reconciliation: rec,
        reconcile_seconds,
        graph_counts,
        graph_cycles,
        graph_diagnostics,
        check_diagnostics,
    }
}

/// The access graph, with an `owns` edge for every linked account.
pub fn build_graph<'a>(snapshot: &'a Snapshot, rec: &Reconciliation) -> AccessGraph<'a> {
    let mut graph = AccessGraph::build(snapshot);
    for o in &rec.accounts {
        if let (Status::Linked, Some(person)) = (o.status, o.person.as_deref()) {
            let link = OwnerLink {
                rule: o.method.map_or("", |m| m.as_str()).to_string(),
                score: o.score,
                certain: true,
            };
            // Both ends come from the same snapshot: an error is a bug, and
            // the graph keeps working without the edge.
            let _ = graph.link_owner(person, &o.account, link);
        }
    }
    graph
}

fn link_stats(rec: &Reconciliation) -> Vec<doc::LinkStats> {
    rec.stats
        .iter()
        .map(|(source, s)| {
            let n = |st: Status| s.by_status.get(&st).copied().unwrap_or(0);
            doc::LinkStats {
                source: source.clone(),
                accounts: s.accounts,
                automatic: s.automatic,
                manual: s.manual,
                candidate: n(Status::Candidate),
                unmatched: n(Status::Unmatched),
                conflict: n(Status::Conflict),
                non_nominative: n(Status::NonNominative),
            }
        })
        .collect()
}

fn check_infos(
    loaded: &Loaded,
    findings: &[crate::checks::Finding],
    applicable: &std::collections::BTreeMap<String, usize>,
) -> Vec<doc::CheckInfo> {
    // (findings, waived) per check, in one pass over the findings.
    let mut counts: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for f in findings {
        let c = counts.entry(f.check.as_str()).or_default();
        c.0 += 1;
        c.1 += f.waiver.is_some() as usize;
    }
    loaded
        .checks
        .iter()
        .map(|c| {
            let (enabled, severity) = as_run(loaded, c);
            let (n, waived) = counts.get(c.id.as_str()).copied().unwrap_or_default();
            doc::CheckInfo {
                id: c.id.clone(),
                family: c.family.clone(),
                title: c.title.clone(),
                axis: c.axis,
                severity,
                default_severity: (severity != c.severity).then_some(c.severity),
                confidence: c.confidence,
                subject: c.subject,
                rationale: c.rationale.clone(),
                remediation: c.remediation.clone(),
                references: c.references.clone(),
                enabled,
                applicable: applicable.get(&c.id).copied().unwrap_or(0),
                findings: n,
                waived,
            }
        })
        .collect()
}

/// SHA-256 (16 hex) over the relative paths and contents of the `.toml`
/// files under `dir`, in path order: the version of a catalogue or of a
/// policy set, as the report shows it.
pub fn tree_hash(dir: &Path) -> String {
    let files = crate::config::spanned::TomlDoc::files_under(dir);
    let mut h = Sha256::new();
    for f in files {
        let rel = f.strip_prefix(dir).unwrap_or(&f);
        h.update(rel.to_string_lossy().replace('\\', "/").as_bytes());
        h.update([0]);
        h.update(std::fs::read(&f).unwrap_or_default());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..8])
}
