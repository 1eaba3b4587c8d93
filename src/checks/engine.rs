//! Evaluation: every check on every subject of its kind, in parallel, into
//! [`Finding`]s with their evidence and a fingerprint that stays the same
//! for the same finding across scans.

use super::facts::Facts;
use super::meta::{Axis, Check, Confidence, Severity, SubjectKind};
use crate::diag::{Code, Diagnostic, Diagnostics};
use minijinja::Value;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// One finding (constat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub check: String,
    pub title: String,
    pub axis: Axis,
    pub severity: Severity,
    pub confidence: Confidence,
    pub subject_kind: SubjectKind,
    /// Stable subject id (`ad:mdupont`, `rh:000123`).
    pub subject: String,
    /// Who or what, for humans.
    pub subject_name: String,
    /// The rendered one-line message, in French.
    pub message: String,
    /// The source the subject comes from (`ad`, `dpi`…), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// (label, value) pairs, in the check's order.
    pub evidence: Vec<(String, String)>,
    /// The chain in the access graph that proves the finding, e.g. account →
    /// group → privileged group (empty when the subject alone proves it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<PathStep>,
    /// `sha256(check | subject)`, 16 hex digits: the same finding keeps it
    /// from one scan to the next.
    pub fingerprint: String,
    /// The exception that waives this finding (it stays visible as waived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Waiver>,
    /// Against a baseline: new or persisting (fixed ones are listed apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineStatus>,
}

/// One step of a proof path: what the node is (`compte`, `groupe`,
/// `profil`, `application`, `personne`, `UF`) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    pub kind: String,
    pub label: String,
}

/// Why a finding is waived: the exception's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    /// `policies/exceptions.toml:12`.
    pub location: String,
    pub reason: String,
    pub approved_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    pub expires: chrono::NaiveDate,
}

/// A finding compared with the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BaselineStatus {
    New,
    Persisting,
    Fixed,
}

impl BaselineStatus {
    pub fn label(self) -> &'static str {
        match self {
            BaselineStatus::New => "nouveau",
            BaselineStatus::Persisting => "persistant",
            BaselineStatus::Fixed => "corrigé",
        }
    }
}

pub fn fingerprint(check: &str, subject: &str) -> String {
    let mut h = Sha256::new();
    h.update(check.as_bytes());
    h.update(b"|");
    h.update(subject.as_bytes());
    hex::encode(&h.finalize()[..8])
}

/// `{ <subject variable>: subject, policy: policy }`.
pub(super) fn context_for(var: &str, subject: Value, policy: Value) -> Value {
    Value::from_object(Ctx {
        var: var.to_string(),
        subject,
        policy,
    })
}

/// The root of every expression: the subject under its variable name and
/// the policy. Built once per subject and shared by every check.
#[derive(Debug)]
struct Ctx {
    var: String,
    subject: Value,
    policy: Value,
}

impl minijinja::value::Object for Ctx {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "policy" => Some(self.policy.clone()),
            k if k == self.var => Some(self.subject.clone()),
            _ => None,
        }
    }
}

fn show(v: &Value) -> String {
    if v.is_undefined() || v.is_none() {
        "—".into()
    } else if let Some(s) = v.as_str() {
        super::format::french_date(s).unwrap_or_else(|| s.to_string())
    } else {
        v.to_string()
    }
}

/// A path expression's value → steps (`{kind, label}` maps, or plain
/// strings taken as groups).
fn steps(v: &Value) -> Vec<PathStep> {
    let Ok(iter) = v.try_iter() else {
        return Vec::new();
    };
    iter.filter(|s| !s.is_none() && !s.is_undefined())
        .map(|s| match (s.get_attr("kind"), s.get_attr("label")) {
            (Ok(k), Ok(l)) if !k.is_undefined() => PathStep {
                kind: k.to_string(),
                label: l.to_string(),
            },
            _ => PathStep {
                kind: "groupe".into(),
                label: s.to_string(),
            },
        })
        .collect()
}

/// What evaluating the catalogue gives.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub findings: Vec<Finding>,
    /// Subjects each check applies to (its `scope`, else every subject of
    /// its kind), by check id.
    pub applicable: std::collections::BTreeMap<String, usize>,
    pub diagnostics: Diagnostics,
}

fn file_of(location: &str) -> &str {
    location.rsplit_once(':').map_or(location, |(f, _)| f)
}

/// `(id, display name, source, context)` per subject.
pub(super) type Subjects = Vec<(String, String, Option<String>, Value)>;

/// Views → expression contexts, once per subject kind.
pub(super) fn contexts(kind: SubjectKind, views: Subjects, policy: &Value) -> Subjects {
    views
        .into_iter()
        .map(|(id, name, source, view)| {
            let ctx = context_for(kind.code(), view, policy.clone());
            (id, name, source, ctx)
        })
        .collect()
}

/// Evaluates the checks on the facts (every subject kind but exceptions).
/// Runtime errors of an expression are reported once per check (with its
/// file) and the subject counts as not matching.
pub fn evaluate(checks: &[Check], facts: &Arc<Facts>) -> Evaluation {
    let mut out = Evaluation::default();
    let mut subjects_of = std::collections::HashMap::new();
    for check in checks
        .iter()
        .filter(|c| c.subject != SubjectKind::Exception)
    {
        let subjects: &Subjects = subjects_of.entry(check.subject).or_insert_with(|| {
            contexts(
                check.subject,
                super::views::subjects(facts, check.subject),
                &facts.policy,
            )
        });
        run_check(check, subjects, &mut out);
    }
    out
}

/// Evaluates the `exception` checks on the exceptions register.
pub fn evaluate_exceptions(
    checks: &[Check],
    register: &[crate::report::model::ExceptionEntry],
    as_of: chrono::NaiveDate,
    policy: &Value,
) -> Evaluation {
    let mut out = Evaluation::default();
    let subjects = contexts(
        SubjectKind::Exception,
        super::exceptions::subjects(register, as_of),
        policy,
    );
    for check in checks
        .iter()
        .filter(|c| c.subject == SubjectKind::Exception)
    {
        run_check(check, &subjects, &mut out);
    }
    out
}

fn run_check(check: &Check, subjects: &Subjects, out: &mut Evaluation) {
    let env = super::environment();
    let (Ok(cond), Ok(msg)) = (
        env.compile_expression(&check.condition),
        env.template_from_str(&check.message),
    ) else {
        // Already reported by the loader; a check that does not compile never runs.
        return;
    };
    let scope = check
        .scope
        .as_deref()
        .and_then(|s| env.compile_expression(s).ok());
    let path = check
        .path
        .as_deref()
        .and_then(|s| env.compile_expression(s).ok());
    let evidence: Vec<(&str, minijinja::Expression<'_, '_>)> = check
        .evidence
        .iter()
        .filter_map(|(label, e)| env.compile_expression(e).ok().map(|x| (label.as_str(), x)))
        .collect();
    // (subjects in scope, findings, first error), folded per thread: no
    // per-subject result is kept.
    type Acc = (usize, Vec<Finding>, Option<String>);
    let one = |(id, name, source, ctx): &(String, String, Option<String>, Value)| -> Result<(bool, Option<Finding>), String> {
        if let Some(scope) = &scope {
            if !scope.eval(ctx.clone()).map_err(|e| e.to_string())?.is_true() {
                return Ok((false, None));
            }
        }
        let fired = cond.eval(ctx.clone()).map_err(|e| e.to_string())?;
        if !fired.is_true() {
            return Ok((true, None));
        }
        let message = msg.render(ctx.clone()).map_err(|e| e.to_string())?;
        let evidence = evidence
            .iter()
            .map(|(label, e)| {
                let v = e.eval(ctx.clone()).map(|v| show(&v));
                (label.to_string(), v.unwrap_or_else(|_| "—".into()))
            })
            .collect();
        let path = path
            .as_ref()
            .and_then(|p| p.eval(ctx.clone()).ok())
            .map(|v| steps(&v))
            .unwrap_or_default();
        Ok((
            true,
            Some(Finding {
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
            }),
        ))
    };
    let (applicable, findings, error) = subjects
        .par_iter()
        .fold(
            || (0, Vec::new(), None),
            |(mut n, mut found, mut err): Acc, s| {
                match one(s) {
                    Ok((in_scope, f)) => {
                        n += in_scope as usize;
                        found.extend(f);
                    }
                    Err(e) => {
                        err.get_or_insert(e);
                    }
                }
                (n, found, err)
            },
        )
        .reduce(
            || (0, Vec::new(), None),
            |(n1, mut f1, e1): Acc, (n2, f2, e2): Acc| {
                f1.extend(f2);
                (n1 + n2, f1, e1.or(e2))
            },
        );
    out.findings.extend(findings);
    if let Some(e) = error {
        out.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                format!("évaluation du contrôle {} impossible : {e}", check.id),
            )
            .in_file(file_of(&check.location))
            .field("condition"),
        );
    }
    out.applicable.insert(check.id.clone(), applicable);
}

/// Evaluates a check's condition on an example (JSON subject and policy
/// overrides over `defaults`): what the catalogue tests run.
pub fn eval_example(
    check: &Check,
    example: &super::meta::Example,
    defaults: &serde_json::Value,
) -> Result<bool, String> {
    let env = super::environment();
    let cond = env
        .compile_expression(&check.condition)
        .map_err(|e| e.to_string())?;
    let scope = match &check.scope {
        Some(s) => Some(env.compile_expression(s).map_err(|e| e.to_string())?),
        None => None,
    };
    let mut policy = defaults.clone();
    if let (Some(p), Some(over)) = (policy.as_object_mut(), example.policy.as_object()) {
        for (k, v) in over {
            p.insert(k.clone(), v.clone());
        }
    }
    let ctx = context_for(
        check.subject.code(),
        Value::from(minijinja::value::Serde(&example.subject)),
        Value::from(minijinja::value::Serde(&policy)),
    );
    if let Some(scope) = scope {
        if !scope
            .eval(ctx.clone())
            .map_err(|e| e.to_string())?
            .is_true()
        {
            return Ok(false);
        }
    }
    cond.eval(ctx)
        .map(|v| v.is_true())
        .map_err(|e| e.to_string())
}
