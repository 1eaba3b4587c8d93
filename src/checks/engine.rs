//! Evaluation: every check on every subject of its kind, in parallel, into
//! [`Finding`]s with their evidence and a fingerprint that stays the same
//! for the same finding across scans.

use super::facts::Facts;
use super::meta::{Axis, Check, Confidence, Severity, SubjectKind};
use crate::diag::Diagnostics;
use minijinja::Value;
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
        self.get_value_by_str(key.as_str()?)
    }
    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "policy" => Some(self.policy.clone()),
            k if k == self.var => Some(self.subject.clone()),
            _ => None,
        }
    }
}

pub(super) fn show(v: &Value) -> String {
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
pub(super) fn steps(v: &Value) -> Vec<PathStep> {
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

/// `(id, display name, source, context)` per subject.
pub(super) type Subjects = Vec<(String, String, Option<String>, Value)>;

/// Views → expression contexts, once per subject kind.
pub(super) fn contexts(kind: SubjectKind, views: Subjects, policy: &Value) -> Subjects {
    use rayon::prelude::*;
    views
        .into_par_iter()
        .map(|(id, name, source, view)| {
            let ctx = context_for(kind.code(), view, policy.clone());
            (id, name, source, ctx)
        })
        .collect()
}

/// Evaluates the checks on the facts (every subject kind but exceptions),
/// all checks of a kind together (see [`super::run`]). Runtime errors of an
/// expression are reported once per check (with its file) and the subject
/// counts as not matching.
pub fn evaluate(checks: &[Check], facts: &Arc<Facts>) -> Evaluation {
    evaluate_in(checks, &Contexts::new(facts))
}

/// [`evaluate`] on expression contexts shared with the indicators.
pub fn evaluate_in(checks: &[Check], contexts: &Contexts) -> Evaluation {
    let env = super::environment();
    let mut out = Evaluation::default();
    for kind in SubjectKind::ALL
        .into_iter()
        .filter(|k| *k != SubjectKind::Exception)
    {
        let compiled: Vec<_> = checks
            .iter()
            .filter(|c| c.subject == kind)
            .filter_map(|c| super::run::Compiled::new(&env, c))
            .collect();
        if compiled.is_empty() {
            continue;
        }
        super::run::run_all(&env, &compiled, contexts.of(kind), &mut out);
    }
    sort_by_catalogue(&mut out, checks);
    out
}

/// The expression context of every subject, per subject kind, built the
/// first time a kind is asked for and shared by the checks and the
/// indicators of a scan (a large estate has hundreds of thousands).
pub struct Contexts {
    facts: Arc<Facts>,
    kinds: [std::sync::OnceLock<Subjects>; SubjectKind::ALL.len()],
}

impl Contexts {
    pub fn new(facts: &Arc<Facts>) -> Contexts {
        Contexts {
            facts: facts.clone(),
            kinds: Default::default(),
        }
    }

    /// The subjects of `kind` (none for exceptions: they are evaluated on
    /// the register, see [`evaluate_exceptions`]).
    pub fn of(&self, kind: SubjectKind) -> &Subjects {
        let i = SubjectKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(0);
        self.kinds[i].get_or_init(|| {
            contexts(
                kind,
                super::views::subjects(&self.facts, kind),
                &self.facts.policy,
            )
        })
    }
}

/// Findings in catalogue order (then subject order), whatever the order the
/// subject kinds were evaluated in.
fn sort_by_catalogue(out: &mut Evaluation, checks: &[Check]) {
    let rank: std::collections::HashMap<&str, usize> = checks
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    out.findings
        .sort_by_key(|f| rank.get(f.check.as_str()).copied().unwrap_or(usize::MAX));
}

/// Evaluates the `exception` checks on the exceptions register.
pub fn evaluate_exceptions(
    checks: &[Check],
    register: &[crate::report::model::ExceptionEntry],
    as_of: chrono::NaiveDate,
    policy: &Value,
) -> Evaluation {
    let env = super::environment();
    let mut out = Evaluation::default();
    let subjects = contexts(
        SubjectKind::Exception,
        super::exceptions::subjects(register, as_of),
        policy,
    );
    let compiled: Vec<_> = checks
        .iter()
        .filter(|c| c.subject == SubjectKind::Exception)
        .filter_map(|c| super::run::Compiled::new(&env, c))
        .collect();
    super::run::run_all(&env, &compiled, &subjects, &mut out);
    sort_by_catalogue(&mut out, checks);
    out
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
