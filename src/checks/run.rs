//! Running compiled checks over subjects. All checks of one subject kind are
//! evaluated together: one expression `[((scope₁) and ((condition₁) and 2 or 1) or 0), …]`
//! per subject, so the expression engine is set up once per subject rather than
//! once per subject and check; messages, evidence and proof paths are only
//! rendered for the subjects a check fires on. A subject on which the
//! combined expression fails is evaluated again check by check, so that the
//! error is reported against the check that caused it.

use super::engine::{fingerprint, Evaluation, Finding, Subjects};
use super::meta::Check;
use crate::diag::{Code, Diagnostic};
use minijinja::{Environment, Expression, Template, Value};
use rayon::prelude::*;

/// One check, compiled.
pub(super) struct Compiled<'s> {
    pub check: &'s Check,
    cond: Expression<'s, 's>,
    scope: Option<Expression<'s, 's>>,
    msg: Template<'s, 's>,
    path: Option<Expression<'s, 's>>,
    evidence: Vec<(&'s str, Expression<'s, 's>)>,
}

type Subject = (String, String, Option<String>, Value);

impl<'s> Compiled<'s> {
    /// `None` when the check does not compile (the loader reported it).
    pub fn new(env: &'s Environment<'static>, check: &'s Check) -> Option<Self> {
        let expr = |s: &'s str| env.compile_expression(s).ok();
        Some(Compiled {
            check,
            cond: expr(&check.condition)?,
            scope: match &check.scope {
                Some(s) => Some(expr(s)?),
                None => None,
            },
            msg: env.template_from_str(&check.message).ok()?,
            path: check.path.as_deref().and_then(expr),
            evidence: check
                .evidence
                .iter()
                .filter_map(|(label, e)| Some((label.as_str(), expr(e)?)))
                .collect(),
        })
    }

    /// (in scope, fires) on one subject.
    fn test(&self, ctx: &Value) -> Result<(bool, bool), String> {
        if let Some(scope) = &self.scope {
            if !scope
                .eval(ctx.clone())
                .map_err(|e| e.to_string())?
                .is_true()
            {
                return Ok((false, false));
            }
        }
        let fired = self.cond.eval(ctx.clone()).map_err(|e| e.to_string())?;
        Ok((true, fired.is_true()))
    }

    /// The finding on a subject the check fires on.
    fn finding(&self, (id, name, source, ctx): &Subject) -> Result<Finding, String> {
        let check = self.check;
        let message = self.msg.render(ctx.clone()).map_err(|e| e.to_string())?;
        let evidence = self
            .evidence
            .iter()
            .map(|(label, e)| {
                let v = e.eval(ctx.clone()).map(|v| super::engine::show(&v));
                (label.to_string(), v.unwrap_or_else(|_| "—".into()))
            })
            .collect();
        let path = self
            .path
            .as_ref()
            .and_then(|p| p.eval(ctx.clone()).ok())
            .map(|v| super::engine::steps(&v))
            .unwrap_or_default();
        Ok(Finding {
            check: check.id.clone(),
            title: check.title.clone(),
            axis: check.axis,
            severity: check.severity,
            confidence: check.confidence,
            subject_kind: check.subject,
            fingerprint: fingerprint(&check.id, id),
            subject: id.clone(),
            subject_name: name.clone(),
            message,
            source: source.clone(),
            evidence,
            path,
            waiver: None,
            baseline: None,
        })
    }
}

/// Per check: subjects in scope, findings (one chunk per piece of the
/// parallel pass, joined once at the end), first error.
#[derive(Default)]
struct Tally {
    applicable: usize,
    findings: Vec<Vec<Finding>>,
    error: Option<String>,
}

fn merge(mut a: Vec<Tally>, b: Vec<Tally>) -> Vec<Tally> {
    for (x, y) in a.iter_mut().zip(b) {
        x.applicable += y.applicable;
        x.findings.extend(y.findings);
        if x.error.is_none() {
            x.error = y.error;
        }
    }
    a
}

/// Evaluates `checks` (all of one subject kind) on `subjects`, adding
/// findings (check by check, subjects in order), applicable counts and
/// errors to `out`.
pub(super) fn run_all(
    env: &Environment<'static>,
    checks: &[Compiled<'_>],
    subjects: &Subjects,
    out: &mut Evaluation,
) {
    if checks.is_empty() {
        return;
    }
    // Per check 0 (out of scope), 1 (in scope) or 2 (fires): a condition
    // is not evaluated on a subject outside its check's scope.
    let parts: Vec<String> = checks
        .iter()
        .map(|c| {
            let fires = format!("(({}) and 2 or 1)", c.check.condition);
            match &c.check.scope {
                Some(scope) => format!("(({scope}) and {fires} or 0)"),
                None => fires,
            }
        })
        .collect();
    let source = format!("[{}]", parts.join(", "));
    let combined = env.compile_expression(&source).ok();
    let fresh = || {
        (0..checks.len())
            .map(|_| Tally::default())
            .collect::<Vec<_>>()
    };
    let tallies = subjects
        .par_iter()
        .fold(fresh, |mut t: Vec<Tally>, subject| {
            let ctx = &subject.3;
            let results: Vec<Result<(bool, bool), String>> =
                match combined.as_ref().map(|e| e.eval(ctx.clone())) {
                    Some(Ok(list)) => (0..checks.len())
                        .map(|i| {
                            let code = list
                                .get_item_by_index(i)
                                .ok()
                                .and_then(|v| i64::try_from(v).ok())
                                .unwrap_or(0);
                            Ok((code > 0, code == 2))
                        })
                        .collect(),
                    _ => checks.iter().map(|c| c.test(ctx)).collect(),
                };
            for ((tally, c), r) in t.iter_mut().zip(checks).zip(results) {
                match r.and_then(|(in_scope, fired)| {
                    Ok((
                        in_scope,
                        if fired {
                            Some(c.finding(subject)?)
                        } else {
                            None
                        },
                    ))
                }) {
                    Ok((in_scope, f)) => {
                        tally.applicable += in_scope as usize;
                        if let Some(f) = f {
                            match tally.findings.last_mut() {
                                Some(chunk) => chunk.push(f),
                                None => tally.findings.push(vec![f]),
                            }
                        }
                    }
                    Err(e) => {
                        tally.error.get_or_insert(e);
                    }
                }
            }
            t
        })
        .reduce(fresh, merge);
    out.findings
        .reserve(tallies.iter().flat_map(|t| &t.findings).map(Vec::len).sum());
    for (c, t) in checks.iter().zip(tallies) {
        out.findings.extend(t.findings.into_iter().flatten());
        out.applicable.insert(c.check.id.clone(), t.applicable);
        if let Some(e) = t.error {
            let file = c
                .check
                .location
                .rsplit_once(':')
                .map_or(c.check.location.as_str(), |(f, _)| f);
            out.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("évaluation du contrôle {} impossible : {e}", c.check.id),
                )
                .in_file(file)
                .field("condition"),
            );
        }
    }
}
