//! Evaluation: every check on every subject of its kind, in parallel, into
//! [`Finding`]s with their evidence and a fingerprint that stays the same
//! for the same finding across scans.

use super::facts::Facts;
use super::meta::{Axis, Check, Confidence, Severity, SubjectKind};
use super::views::{AccountView, PersonView};
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
fn context_for(var: &str, subject: Value, policy: Value) -> Value {
    let mut map = std::collections::BTreeMap::new();
    map.insert(var.to_string(), subject);
    map.insert("policy".to_string(), policy);
    Value::from(map)
}

fn show(v: &Value) -> String {
    if v.is_undefined() || v.is_none() {
        "—".into()
    } else {
        v.to_string()
    }
}

/// Evaluates the checks. Runtime errors of an expression are reported once
/// per check (with its file) and the subject counts as not matching.
pub fn evaluate(checks: &[Check], facts: &Arc<Facts>) -> (Vec<Finding>, Diagnostics) {
    let env = super::environment();
    let mut findings = Vec::new();
    let mut diags = Diagnostics::new();
    for check in checks {
        let (Ok(cond), Ok(msg)) = (
            env.compile_expression(&check.condition),
            env.template_from_str(&check.message),
        ) else {
            // Already reported by the loader; a check that does not compile never runs.
            continue;
        };
        let evidence: Vec<(&str, minijinja::Expression<'_, '_>)> = check
            .evidence
            .iter()
            .filter_map(|(label, e)| env.compile_expression(e).ok().map(|x| (label.as_str(), x)))
            .collect();
        let subjects: Vec<(String, String, Value)> = match check.subject {
            SubjectKind::Account => (0..facts.snapshot.accounts.len() as u32)
                .map(|i| {
                    let a = &facts.snapshot.accounts[i as usize];
                    let name = a.display_name.clone().unwrap_or_else(|| a.login.clone());
                    (
                        a.id.clone(),
                        name,
                        Value::from_object(AccountView {
                            facts: facts.clone(),
                            index: i,
                        }),
                    )
                })
                .collect(),
            SubjectKind::Person => (0..facts.snapshot.persons.len() as u32)
                .map(|i| {
                    let p = &facts.snapshot.persons[i as usize];
                    (
                        p.id.clone(),
                        p.display_name(),
                        Value::from_object(PersonView {
                            facts: facts.clone(),
                            index: i,
                        }),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let var = check.subject.code();
        let results: Vec<Result<Option<Finding>, String>> = subjects
            .into_par_iter()
            .map(|(id, name, view)| {
                let ctx = context_for(var, view, facts.policy.clone());
                let fired = cond.eval(ctx.clone()).map_err(|e| e.to_string())?;
                if !fired.is_true() {
                    return Ok(None);
                }
                let message = msg.render(ctx.clone()).map_err(|e| e.to_string())?;
                let evidence = evidence
                    .iter()
                    .map(|(label, e)| {
                        (
                            label.to_string(),
                            e.eval(ctx.clone())
                                .map(|v| show(&v))
                                .unwrap_or_else(|_| "—".into()),
                        )
                    })
                    .collect();
                Ok(Some(Finding {
                    check: check.id.clone(),
                    title: check.title.clone(),
                    axis: check.axis,
                    severity: check.severity,
                    confidence: check.confidence,
                    subject_kind: check.subject,
                    fingerprint: fingerprint(&check.id, &id),
                    subject: id,
                    subject_name: name,
                    message,
                    source: None,
                    evidence,
                    path: Vec::new(),
                    waiver: None,
                    baseline: None,
                }))
            })
            .collect();
        let mut error_reported = false;
        for r in results {
            match r {
                Ok(Some(f)) => findings.push(f),
                Ok(None) => {}
                Err(e) if !error_reported => {
                    error_reported = true;
                    diags.push(
                        Diagnostic::error(
                            Code::Syntax,
                            format!("évaluation du contrôle {} impossible : {e}", check.id),
                        )
                        .in_file(
                            check
                                .location
                                .rsplit_once(':')
                                .map_or(check.location.as_str(), |(f, _)| f),
                        )
                        .field("condition"),
                    );
                }
                Err(_) => {}
            }
        }
    }
    (findings, diags)
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
    cond.eval(ctx)
        .map(|v| v.is_true())
        .map_err(|e| e.to_string())
}
