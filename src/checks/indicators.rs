//! Indicators: ratios declared like checks (`checks/indicateurs/*.toml`),
//! with a numerator, a denominator and a target per year — HOP'EN 2
//! objectives 1.1 and 1.2 among them.
//!
//! ```toml
//! id = "HOP-011"
//! title = "RPPS des utilisateurs connu du DPI"
//! objective = "HOP'EN 2 — objectif 1.1"
//! axis = "cycle-de-vie"
//! subject = "account"
//! description = "…"
//! references = ["…"]
//! denominator = "account.dpi and account.usable"
//! numerator = "account.rpps"
//! [[target]]
//! year = 2027
//! value = 1.0                       # share (0–1)
//! population = "professions enregistrées par un Ordre ou l'ARS"
//! scope = "account.owner and account.owner.rpps_expected"   # optional
//! ```
//! Each target counts, among the denominator's subjects that its `scope`
//! keeps, those the numerator holds for.

use super::facts::Facts;
use super::load::{compile_checked, enum_value, text};
use super::meta::{Axis, SubjectKind};
use crate::config::spanned::{TableReader, TomlDoc};
use crate::diag::Diagnostics;
use crate::report::model::{IndicatorResult, IndicatorTarget};
use std::sync::Arc;
use toml::de::DeValue;

#[derive(Debug, Clone)]
pub struct Target {
    pub year: i32,
    pub value: f64,
    pub population: String,
    pub scope: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    pub objective: String,
    pub axis: Axis,
    pub subject: SubjectKind,
    pub description: String,
    pub references: Vec<String>,
    pub denominator: String,
    pub numerator: String,
    pub targets: Vec<Target>,
    pub location: String,
}

/// Parses an indicator file (the loader routes files with a `numerator`).
pub(super) fn parse(
    doc: &TomlDoc,
    env: &minijinja::Environment<'static>,
    diags: &mut Diagnostics,
) -> Option<Indicator> {
    let table = doc.parse(diags)?;
    let mut t = TableReader::new(doc, table.get_ref(), table.span(), "");
    let id = text(
        &mut t,
        "id",
        "identifiant stable, par ex. \"HOP-011\"",
        diags,
    );
    let title = text(&mut t, "title", "titre en français", diags);
    let objective = text(
        &mut t,
        "objective",
        "l'objectif mesuré, par ex. « HOP'EN 2 — objectif 1.1 »",
        diags,
    );
    let description = text(
        &mut t,
        "description",
        "ce que mesure l'indicateur et comment",
        diags,
    );
    let axis = enum_value(
        doc,
        &mut t,
        "axis",
        &Axis::ALL.map(Axis::code),
        Axis::parse,
        diags,
    );
    // Indicators count subjects of the estate, never exceptions.
    let kinds: Vec<&str> = SubjectKind::ALL
        .into_iter()
        .filter(|k| *k != SubjectKind::Exception)
        .map(SubjectKind::code)
        .collect();
    let subject = enum_value(
        doc,
        &mut t,
        "subject",
        &kinds,
        |s| SubjectKind::parse(s).filter(|k| *k != SubjectKind::Exception),
        diags,
    );
    let references: Vec<String> = t
        .opt_str_list("references", diags)
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.into_inner())
        .collect();
    if references.is_empty() {
        t.missing("references", "au moins une référence", diags);
    }
    let expr = |t: &mut TableReader<'_, '_, '_>, key: &str, diags: &mut Diagnostics| {
        let v = t.req_str(key, "expression minijinja sur le sujet", diags)?;
        compile_checked(doc, env, key, &v, false, diags);
        Some(v.into_inner())
    };
    let denominator = expr(&mut t, "denominator", diags);
    let numerator = expr(&mut t, "numerator", diags);
    let mut targets = Vec::new();
    for mut tt in t.opt_table_array("target", diags) {
        let year = tt.opt_int("year", diags).map(|y| y.into_inner());
        let value = match tt.value("value").map(|v| (v.span(), v.get_ref())) {
            Some((_, DeValue::Float(f))) => f.as_str().parse::<f64>().ok(),
            Some((_, DeValue::Integer(i))) => i.as_str().parse::<f64>().ok(),
            _ => None,
        };
        if !value.is_some_and(|v| (0.0..=1.0).contains(&v)) {
            tt.missing(
                "value",
                "la cible, une part entre 0 et 1 (1.0 = 100 %)",
                diags,
            );
        }
        let population = tt.req_str(
            "population",
            "la population mesurée pour cette cible, en français",
            diags,
        );
        let scope = tt.opt_str("scope", diags);
        if let Some(s) = &scope {
            compile_checked(doc, env, "target.scope", s, false, diags);
        }
        if year.is_none() {
            tt.missing("year", "l'année de la cible (2027, 2028…)", diags);
        }
        tt.finish(diags);
        if let (Some(year), Some(value), Some(population)) = (year, value, population) {
            targets.push(Target {
                year: year as i32,
                value,
                population: population.into_inner(),
                scope: scope.map(|s| s.into_inner()),
            });
        }
    }
    if targets.is_empty() {
        t.missing(
            "target",
            "au moins une cible [[target]] (year, value, population)",
            diags,
        );
    }
    t.finish(diags);
    Some(Indicator {
        id: id?,
        title: title?,
        objective: objective?,
        axis: axis?,
        subject: subject?,
        description: description?,
        references,
        denominator: denominator?,
        numerator: numerator?,
        targets,
        location: format!("{}:1", doc.display),
    })
}

/// Counts every target of every indicator on the facts.
pub fn evaluate(indicators: &[Indicator], facts: &Arc<Facts>) -> Vec<IndicatorResult> {
    evaluate_in(indicators, &super::engine::Contexts::new(facts))
}

/// [`evaluate`] on expression contexts shared with the checks.
pub fn evaluate_in(
    indicators: &[Indicator],
    contexts: &super::engine::Contexts,
) -> Vec<IndicatorResult> {
    use rayon::prelude::*;
    let env = super::environment();
    indicators
        .iter()
        .map(|ind| {
            let subjects = contexts.of(ind.subject);
            let (den, num) = (
                compile(&env, &ind.denominator),
                compile(&env, &ind.numerator),
            );
            let scopes: Vec<_> = ind
                .targets
                .iter()
                .map(|t| t.scope.as_deref().and_then(|s| compile(&env, s)))
                .collect();
            let zero = || vec![(0usize, 0usize); ind.targets.len()];
            let counts = subjects
                .par_iter()
                .fold(zero, |mut c, (_, _, _, ctx)| {
                    let holds = |e: &Option<minijinja::Expression<'_, '_>>| {
                        e.as_ref()
                            .is_some_and(|e| e.eval(ctx.clone()).is_ok_and(|v| v.is_true()))
                    };
                    if !holds(&den) {
                        return c;
                    }
                    let n = holds(&num);
                    for (i, scope) in scopes.iter().enumerate() {
                        if scope.is_none() || holds(scope) {
                            c[i].1 += 1;
                            c[i].0 += n as usize;
                        }
                    }
                    c
                })
                .reduce(zero, |a, b| {
                    a.iter()
                        .zip(&b)
                        .map(|(x, y)| (x.0 + y.0, x.1 + y.1))
                        .collect()
                });
            IndicatorResult {
                id: ind.id.clone(),
                title: ind.title.clone(),
                objective: ind.objective.clone(),
                axis: ind.axis,
                description: ind.description.clone(),
                references: ind.references.clone(),
                targets: ind
                    .targets
                    .iter()
                    .zip(counts)
                    .map(|(t, (numerator, denominator))| IndicatorTarget {
                        year: t.year,
                        population: t.population.clone(),
                        target: t.value,
                        numerator,
                        denominator,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn compile<'s>(
    env: &'s minijinja::Environment<'static>,
    src: &'s str,
) -> Option<minijinja::Expression<'s, 's>> {
    env.compile_expression(src).ok()
}
