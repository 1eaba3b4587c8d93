//! The executive summary: key figures, a score per HospiConnect axis, the
//! answers to the five questions of the HospiConnect webinars (one per
//! axis, in the same order), and the HOP'EN 2 indicators against their 2027
//! and 2028 targets. Every answer is derived from figures of the document
//! and says which ones; the rules are restated in the appendix.

use super::fmt;
use crate::checks::{Axis, Severity};
use crate::report::model::{Document, ExceptionStatus};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct SeverityCount {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Debug, Serialize)]
pub struct AxisView {
    pub number: usize,
    pub code: &'static str,
    pub label: &'static str,
    pub score: Option<u8>,
    pub open: Vec<SeverityCount>,
    pub open_total: usize,
    pub checks: usize,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct Answer {
    pub number: usize,
    pub question: &'static str,
    pub axis: &'static str,
    /// `oui`, `en-partie`, `non`, `non-evalue` (CSS class).
    pub verdict: &'static str,
    pub verdict_label: String,
    pub facts: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    pub year: i32,
    pub population: String,
    /// Percentages 0–100, for the bars.
    pub target_pct: f64,
    pub value_pct: Option<f64>,
    pub target_label: String,
    pub value_label: String,
    pub numerator: String,
    pub denominator: String,
    /// `atteint`, `non atteint`, `non mesurable`.
    pub status: &'static str,
    pub status_label: &'static str,
}

#[derive(Debug, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub title: String,
    pub objective: String,
    pub axis: &'static str,
    pub description: String,
    pub references: Vec<String>,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub figures: Vec<Figure>,
    pub open_total: usize,
    pub waived_total: usize,
    pub severities: Vec<SeverityCount>,
    pub axes: Vec<AxisView>,
    pub scored: bool,
    pub answers: Vec<Answer>,
    pub indicators: Vec<IndicatorView>,
}

const QUESTIONS: [&str; 5] = [
    "L'établissement dispose-t-il d'une identité de référence fiable pour chaque professionnel ?",
    "Sait-il qui a accès à quoi ?",
    "Sait-il quels services numériques sécuriser en premier ?",
    "Chaque usage dispose-t-il du bon moyen d'identification électronique ?",
    "La gouvernance est-elle en mesure de décider et de suivre ?",
];

fn severity_counts(open: &BTreeMap<String, usize>) -> Vec<SeverityCount> {
    Severity::ALL
        .iter()
        .map(|s| SeverityCount {
            code: s.code(),
            label: s.label(),
            count: open.get(s.code()).copied().unwrap_or(0),
        })
        .collect()
}

/// Open findings per severity code, for one axis or all (`None`).
pub fn open_by_severity(doc: &Document, axis: Option<Axis>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for f in doc
        .open_findings()
        .filter(|f| axis.is_none_or(|a| f.axis == a))
    {
        *m.entry(f.severity.code().to_string()).or_insert(0) += 1;
    }
    m
}

fn axes(doc: &Document) -> Vec<AxisView> {
    Axis::ALL
        .iter()
        .enumerate()
        .map(|(i, &axis)| {
            let scored = doc.axes.iter().find(|a| a.axis == axis);
            let open = scored.map_or_else(|| open_by_severity(doc, Some(axis)), |a| a.open.clone());
            let checks = scored.map_or_else(
                || {
                    doc.checks
                        .iter()
                        .filter(|c| c.axis == axis && c.enabled)
                        .count()
                },
                |a| a.checks,
            );
            AxisView {
                number: i + 1,
                code: axis.code(),
                label: axis.label(),
                score: scored.and_then(|a| a.score),
                open_total: open.values().sum(),
                open: severity_counts(&open),
                checks,
                note: scored.map_or_else(
                    || {
                        if checks == 0 {
                            "Aucun contrôle de cet axe dans le catalogue évalué.".to_string()
                        } else {
                            "Score non calculé pour cette analyse.".to_string()
                        }
                    },
                    |a| a.note.clone(),
                ),
            }
        })
        .collect()
}

/// The verdict of a question from its axis: the score when there is one,
/// else the worst open severity; never a plain « oui » when the scan is
/// incomplete.
fn verdict(axis: &AxisView, complete: bool) -> (&'static str, String) {
    let count = |code: &str| {
        axis.open
            .iter()
            .find(|s| s.code == code)
            .map_or(0, |s| s.count)
    };
    let (class, label) = match axis.score {
        None if axis.checks == 0 => ("non-evalue", "Non évalué"),
        _ if count("critique") > 0 => ("non", "Non"),
        Some(s) if s < 50 => ("non", "Non"),
        Some(s) if s < 90 => ("en-partie", "En partie"),
        _ if count("elevee") > 0 => ("en-partie", "En partie"),
        _ => ("oui", "Oui"),
    };
    if !complete && class != "non-evalue" && class != "non" {
        (class, format!("{label}, sous réserve (analyse incomplète)"))
    } else {
        (class, label.to_string())
    }
}

fn indicator_fact(doc: &Document, objective: &str) -> Option<String> {
    let ind = doc
        .indicators
        .iter()
        .find(|i| i.objective.contains(objective))?;
    let t = ind.targets.iter().min_by_key(|t| t.year)?;
    Some(match t.value() {
        Some(v) => format!(
            "{} : {} ({} sur {}) pour une cible {} de {}.",
            ind.objective,
            fmt::percent(v),
            fmt::int(t.numerator),
            fmt::int(t.denominator),
            t.year,
            fmt::percent(t.target)
        ),
        None => format!(
            "{} : population vide, indicateur non mesurable.",
            ind.objective
        ),
    })
}

fn facts(doc: &Document, axis: Axis, view: &AxisView, trends: usize) -> Vec<String> {
    let c = &doc.scan.counts;
    let mut out = Vec::new();
    let accounts: usize = doc.reconciliation.iter().map(|l| l.accounts).sum();
    let linked: usize = doc
        .reconciliation
        .iter()
        .map(|l| l.automatic + l.manual)
        .sum();
    let automatic: usize = doc.reconciliation.iter().map(|l| l.automatic).sum();
    let orphans: usize = doc.reconciliation.iter().map(|l| l.unmatched).sum();
    match axis {
        Axis::LifeCycle => {
            out.push(format!(
                "{} dans le référentiel RH ; {} des comptes rapprochés automatiquement d'une personne.",
                fmt::count(c.persons, "personne"),
                fmt::rate(automatic, accounts)
            ));
            out.extend(indicator_fact(doc, "1.1"));
        }
        Axis::RightsAccess => {
            out.push(format!(
                "{} dans {} ; {} rattachés à un titulaire, {} sans titulaire identifié.",
                fmt::count(c.accounts, "compte"),
                fmt::count(doc.sources.len(), "source"),
                fmt::rate(linked, accounts),
                fmt::count(orphans, "compte")
            ));
            out.push(format!(
                "{} et {} lus.",
                fmt::count(c.groups, "groupe"),
                fmt::count(c.rights, "habilitation")
            ));
            out.extend(indicator_fact(doc, "1.2"));
        }
        Axis::DigitalServices => {
            out.push(format!(
                "{} à l'inventaire.",
                fmt::count(c.applications, "application")
            ));
            let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
            for f in doc
                .open_findings()
                .filter(|f| matches!(f.severity, Severity::Critical | Severity::High))
            {
                let src = f
                    .source
                    .as_deref()
                    .unwrap_or_else(|| f.subject.split_once(':').map_or("", |(s, _)| s));
                *per_source.entry(src).or_default() += 1;
            }
            let mut ranked: Vec<_> = per_source
                .into_iter()
                .filter(|(s, _)| !s.is_empty())
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            if !ranked.is_empty() {
                let top: Vec<String> = ranked
                    .iter()
                    .take(3)
                    .map(|(s, n)| format!("{s} ({})", fmt::int(*n)))
                    .collect();
                out.push(format!(
                    "Sources les plus concernées par des constats critiques ou élevés : {}.",
                    top.join(", ")
                ));
            }
        }
        Axis::Eid => {
            if view.checks == 0 {
                out.push(
                    "L'inventaire des moyens d'identification (CPS, e-CPS, FIDO2, badges) n'est pas encore lu par Vigie."
                        .to_string(),
                );
            }
        }
        Axis::Governance => {
            let n = |s: ExceptionStatus| doc.exceptions.iter().filter(|e| e.status == s).count();
            out.push(format!(
                "Registre des dérogations : {} en vigueur, {} sans objet, {}.",
                fmt::int(n(ExceptionStatus::Active)),
                fmt::int(n(ExceptionStatus::Unused)),
                fmt::count(n(ExceptionStatus::Expired), "expirée")
            ));
            out.push(if trends == 0 {
                "Première analyse enregistrée : pas encore de suivi dans le temps.".to_string()
            } else {
                format!(
                    "{} de suivre l'évolution.",
                    fmt::plural(
                        trends,
                        "analyse antérieure permet",
                        "analyses antérieures permettent"
                    )
                )
            });
        }
    }
    if view.checks > 0 {
        out.push(format!(
            "{} sur cet axe ({}).",
            fmt::plural(view.open_total, "constat ouvert", "constats ouverts"),
            view.open
                .iter()
                .filter(|s| s.count > 0)
                .map(|s| format!("{} {}", fmt::int(s.count), s.label))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if view.open_total == 0 {
            out.pop();
            out.push(format!(
                "Aucun constat ouvert ({} de l'axe).",
                fmt::plural(view.checks, "contrôle", "contrôles")
            ));
        }
    }
    out
}

fn indicators(doc: &Document) -> Vec<IndicatorView> {
    doc.indicators
        .iter()
        .map(|i| IndicatorView {
            id: i.id.clone(),
            title: i.title.clone(),
            objective: i.objective.clone(),
            axis: i.axis.label(),
            description: i.description.clone(),
            references: i.references.clone(),
            targets: i
                .targets
                .iter()
                .map(|t| {
                    let (status, status_label) = match t.met() {
                        Some(true) => ("atteint", "cible atteinte"),
                        Some(false) => ("non-atteint", "cible non atteinte"),
                        None => ("non-mesurable", "non mesurable (population vide)"),
                    };
                    TargetView {
                        year: t.year,
                        population: t.population.clone(),
                        target_pct: (t.target * 100.0).clamp(0.0, 100.0),
                        value_pct: t.value().map(|v| (v * 100.0).clamp(0.0, 100.0)),
                        target_label: fmt::percent(t.target),
                        value_label: t.value().map_or_else(|| "—".to_string(), fmt::percent),
                        numerator: fmt::int(t.numerator),
                        denominator: fmt::int(t.denominator),
                        status,
                        status_label,
                    }
                })
                .collect(),
        })
        .collect()
}

/// Builds the executive summary; `trends` is the number of earlier scans.
pub fn build(doc: &Document, trends: usize) -> Summary {
    let c = &doc.scan.counts;
    let figures = vec![
        Figure {
            label: "Personnes (RH)",
            value: fmt::int(c.persons),
        },
        Figure {
            label: "Comptes",
            value: fmt::int(c.accounts),
        },
        Figure {
            label: "Groupes",
            value: fmt::int(c.groups),
        },
        Figure {
            label: "Applications",
            value: fmt::int(c.applications),
        },
        Figure {
            label: "Habilitations",
            value: fmt::int(c.rights),
        },
    ];
    let axes = axes(doc);
    let answers = Axis::ALL
        .iter()
        .zip(&axes)
        .zip(QUESTIONS)
        .enumerate()
        .map(|(i, ((&axis, view), question))| {
            let (verdict, verdict_label) = verdict(view, doc.scan.complete);
            Answer {
                number: i + 1,
                question,
                axis: axis.label(),
                verdict,
                verdict_label,
                facts: facts(doc, axis, view, trends),
            }
        })
        .collect();
    let open = open_by_severity(doc, None);
    Summary {
        figures,
        open_total: open.values().sum(),
        waived_total: doc.findings.iter().filter(|f| f.waiver.is_some()).count(),
        severities: severity_counts(&open),
        scored: !doc.axes.is_empty(),
        axes,
        answers,
        indicators: indicators(doc),
    }
}
