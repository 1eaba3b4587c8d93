//! `vigie.sarif`: the findings as SARIF 2.1.0, for code-scanning dashboards
//! and security tooling (one run, tool driver « Vigie »).
//!
//! - Rules come from the catalogue as evaluated ([`CheckInfo`]): title,
//!   rationale, remediation, axis, references, confidence, and a
//!   `security-severity` score so dashboards rank them.
//! - Each finding is a result: level from its severity (critique, élevée →
//!   `error`; moyenne → `warning`; faible, information → `note`), Vigie's
//!   fingerprint as `partialFingerprints["vigie/v1"]`, the subject as a
//!   logical location (the findings are about accounts and persons, not
//!   lines of source code).
//! - A waived finding carries an `external` suppression whose
//!   justification is the exception's reason.
//! - With a baseline, results carry `baselineState` (`new`, `unchanged`) and
//!   the baseline's fixed findings are added as `absent` results.
//! - An incomplete scan is an unsuccessful invocation with one error
//!   notification per unreadable source.

use super::model::{CheckInfo, Document};
use crate::checks::engine::BaselineStatus;
use crate::checks::{Finding, Severity};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::io;
use std::path::Path;

/// The file name in the output folder.
pub const FILE_NAME: &str = "vigie.sarif";

/// The schema URI written in the log (the OASIS standard's, errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of Vigie's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "vigie/v1";

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The `security-severity` score (0–10) GitHub-style dashboards rank by:
/// above 9 critical, 7 high, 4 medium, above 0 low.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// The SARIF log, for the few that want it as a value (tests, tools);
/// [`write`] streams the same log without building it.
pub fn to_value(doc: &Document) -> Value {
    serde_json::to_value(Log::new(doc)).unwrap_or(Value::Null)
}

/// The SARIF log as pretty JSON bytes.
pub fn to_bytes(doc: &Document) -> io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(&Log::new(doc)).map_err(io::Error::other)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes the file at `path` (atomically), one result at a time: a large
/// estate has hundreds of thousands.
pub fn write(doc: &Document, path: &Path) -> io::Result<()> {
    crate::snapshot::write_json_atomic(path, &Log::new(doc))
}

/// The log's skeleton, its keys in the order the rest of the file's objects
/// have them (sorted); the results are made as they are written.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    automation_details: Value,
    invocations: [Value; 1],
    language: &'static str,
    properties: Value,
    results: Results<'a>,
    tool: Value,
}

/// The findings (and, against a baseline, the fixed ones) as results.
struct Results<'a> {
    doc: &'a Document,
    rules: Rules,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let fixed = match self.doc.baseline {
            Some(_) => self.doc.fixed.as_slice(),
            None => &[],
        };
        s.collect_seq(
            self.doc
                .findings
                .iter()
                .chain(fixed)
                .map(|f| result(f, &self.rules, self.doc)),
        )
    }
}

impl<'a> Log<'a> {
    fn new(doc: &'a Document) -> Log<'a> {
        let mut rules = Rules::new(doc);
        let descriptors = std::mem::take(&mut rules.descriptors);
        let mut driver = Map::new();
        driver.insert("name".into(), json!("Vigie"));
        driver.insert("version".into(), json!(doc.vigie_version));
        driver.insert("semanticVersion".into(), json!(doc.vigie_version));
        if let Some(uri) = information_uri() {
            driver.insert("informationUri".into(), json!(uri));
        }
        driver.insert("language".into(), json!("fr-FR"));
        driver.insert("rules".into(), Value::Array(descriptors));
        Log {
            schema: SCHEMA_URI,
            runs: [Run {
                automation_details: json!({
                    "id": format!("vigie/{}/{}", doc.scan.establishment.finess, doc.scan.as_of),
                }),
                invocations: [invocation(doc)],
                language: "fr-FR",
                properties: run_properties(doc),
                results: Results { doc, rules },
                tool: json!({ "driver": driver }),
            }],
            version: "2.1.0",
        }
    }
}

/// The project's address when the package declares one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// The rule descriptors and where each check id sits among them. A finding
/// whose check is not in the catalogue (an older baseline's) gets a rule
/// made from the finding itself, so every result has its rule.
struct Rules {
    descriptors: Vec<Value>,
    index: std::collections::HashMap<String, usize>,
}

impl Rules {
    fn new(doc: &Document) -> Rules {
        let mut rules = Rules {
            descriptors: Vec::new(),
            index: Default::default(),
        };
        for c in &doc.checks {
            rules.add(&c.id, rule_from_check(c));
        }
        for f in doc.findings.iter().chain(&doc.fixed) {
            if !rules.index.contains_key(&f.check) {
                rules.add(&f.check, rule_from_finding(f));
            }
        }
        rules
    }

    fn add(&mut self, id: &str, descriptor: Value) {
        if !self.index.contains_key(id) {
            self.index.insert(id.to_string(), self.descriptors.len());
            self.descriptors.push(descriptor);
        }
    }
}

/// `Compte encore actif d'un agent parti` → `CompteEncoreActifDUnAgentParti`.
fn rule_name(title: &str) -> String {
    crate::text::slug(title)
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rule_from_check(c: &CheckInfo) -> Value {
    // SARIF wants the tags unique (a family may be named after its axis).
    let mut tags: Vec<&str> = Vec::new();
    for t in ["vigie", c.axis.code(), c.family.as_str()] {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let mut properties = json!({
        "axis": c.axis.code(),
        "axisLabel": c.axis.label(),
        "family": c.family,
        "severity": c.severity.code(),
        "confidence": c.confidence.code(),
        "subjectKind": c.subject.code(),
        "references": c.references,
        "security-severity": security_severity(c.severity),
        "tags": tags,
    });
    if let Some(default) = c.default_severity {
        properties["defaultSeverity"] = json!(default.code());
    }
    json!({
        "id": c.id,
        "name": rule_name(&c.title),
        "shortDescription": { "text": c.title },
        "fullDescription": { "text": c.rationale },
        "help": { "text": c.remediation },
        "defaultConfiguration": { "level": level(c.severity), "enabled": c.enabled },
        "properties": properties,
    })
}

fn rule_from_finding(f: &Finding) -> Value {
    json!({
        "id": f.check,
        "name": rule_name(&f.title),
        "shortDescription": { "text": f.title },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "axis": f.axis.code(),
            "axisLabel": f.axis.label(),
            "severity": f.severity.code(),
            "confidence": f.confidence.code(),
            "security-severity": security_severity(f.severity),
        },
    })
}

fn result(f: &Finding, rules: &Rules, doc: &Document) -> Value {
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.check));
    if let Some(&i) = rules.index.get(&f.check) {
        r.insert("ruleIndex".into(), json!(i));
    }
    let fixed = f.baseline == Some(BaselineStatus::Fixed);
    if fixed {
        // No longer found: a passing result (SARIF wants level "none" then).
        r.insert("kind".into(), json!("pass"));
        r.insert("level".into(), json!("none"));
    } else {
        r.insert("kind".into(), json!("fail"));
        r.insert("level".into(), json!(level(f.severity)));
    }
    r.insert("message".into(), json!({ "text": f.message }));
    r.insert(
        "locations".into(),
        json!([{
            "logicalLocations": [{
                "name": f.subject_name,
                "fullyQualifiedName": f.subject,
                "kind": f.subject_kind.code(),
            }],
        }]),
    );
    r.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: f.fingerprint }),
    );
    if let Some(w) = &f.waiver {
        let mut properties = json!({
            "approvedBy": w.approved_by,
            "expires": w.expires.to_string(),
            "exception": w.location,
        });
        if let Some(t) = &w.ticket {
            properties["ticket"] = json!(t);
        }
        r.insert(
            "suppressions".into(),
            json!([{
                "kind": "external",
                "status": "accepted",
                "justification": w.reason,
                "properties": properties,
            }]),
        );
    }
    if doc.baseline.is_some() {
        let state = match f.baseline {
            Some(BaselineStatus::Persisting) => "unchanged",
            Some(BaselineStatus::Fixed) => "absent",
            Some(BaselineStatus::New) | None => "new",
        };
        r.insert("baselineState".into(), json!(state));
    }
    let mut properties = json!({
        "severity": f.severity.code(),
        "confidence": f.confidence.code(),
        "axis": f.axis.code(),
        "subjectKind": f.subject_kind.code(),
        "evidence": f.evidence.iter()
            .map(|(label, value)| json!({ "label": label, "value": value }))
            .collect::<Vec<_>>(),
    });
    if let Some(s) = &f.source {
        properties["source"] = json!(s);
    }
    if !f.path.is_empty() {
        properties["proofPath"] = json!(f.path);
    }
    r.insert("properties".into(), properties);
    Value::Object(r)
}

fn invocation(doc: &Document) -> Value {
    let notifications: Vec<Value> = doc
        .scan
        .failed_sources
        .iter()
        .map(|id| {
            let details: Vec<String> = doc
                .sources
                .iter()
                .filter(|s| &s.id == id)
                .flat_map(|s| s.diagnostics.iter().filter(|d| d.is_error()))
                .map(|d| d.to_string())
                .collect();
            let mut text = format!(
                "source « {id} » illisible : analyse incomplète, les constats ne couvrent pas tout le périmètre"
            );
            if !details.is_empty() {
                text.push_str(" — ");
                text.push_str(&details.join(" ; "));
            }
            json!({
                "level": "error",
                "message": { "text": text },
            })
        })
        .collect();
    json!({
        "executionSuccessful": doc.scan.complete,
        "startTimeUtc": doc.scan.started_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "toolExecutionNotifications": notifications,
    })
}

fn run_properties(doc: &Document) -> Value {
    let s = &doc.scan;
    let mut p = json!({
        "establishment": s.establishment.name,
        "finess": s.establishment.finess,
        "asOf": s.as_of.to_string(),
        "complete": s.complete,
        "failedSources": s.failed_sources,
        "checksVersion": s.checks_version,
        "policiesVersion": s.policies_version,
        "findingsFormat": doc.format,
        "axes": doc.axes,
        "indicators": doc.indicators,
    });
    if let Some(b) = &doc.baseline {
        p["baseline"] = json!(b);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdoc;

    fn results(v: &Value) -> &Vec<Value> {
        v["runs"][0]["results"].as_array().unwrap()
    }

    fn by_subject<'a>(v: &'a Value, subject: &str) -> &'a Value {
        results(v)
            .iter()
            .find(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == subject)
            .unwrap()
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn rules_come_from_the_catalogue() {
        let v = to_value(&testdoc::full());
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0]["id"], "DRT-001");
        assert_eq!(rules[0]["name"], "TitreDeDrt001");
        assert_eq!(rules[0]["help"]["text"], "Corriger DRT-001.");
        assert_eq!(rules[0]["properties"]["security-severity"], "9.5");
        assert_eq!(rules[2]["defaultConfiguration"]["enabled"], false);
        let r = by_subject(&v, "ad:mdupont");
        assert_eq!(r["ruleIndex"], 1);
        assert_eq!(r["level"], "error");
        assert_eq!(r["baselineState"], "unchanged");
    }

    #[test]
    fn waived_findings_are_suppressed_and_fixed_ones_absent() {
        let v = to_value(&testdoc::full());
        let waived = by_subject(&v, "ad:svc-backup");
        assert_eq!(waived["suppressions"][0]["kind"], "external");
        assert_eq!(
            waived["suppressions"][0]["justification"],
            "Compte de sauvegarde validé par le RSSI"
        );
        let fixed = by_subject(&v, "ad:ancien");
        assert_eq!(fixed["baselineState"], "absent");
        assert_eq!(fixed["kind"], "pass");
        assert_eq!(results(&v).len(), 4);
        assert_eq!(by_subject(&v, "ad:=cmd")["baselineState"], "new");
    }

    #[test]
    fn incomplete_scan_is_an_unsuccessful_invocation() {
        let v = to_value(&testdoc::full());
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let text = inv["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap();
        assert!(text.contains("« dpi »"), "{text}");
    }

    #[test]
    fn without_baseline_no_baseline_state() {
        let mut doc = testdoc::full();
        doc.baseline = None;
        let v = to_value(&doc);
        assert!(results(&v).iter().all(|r| r.get("baselineState").is_none()));
        assert_eq!(results(&v).len(), doc.findings.len());
        let empty = to_value(&testdoc::empty());
        assert!(results(&empty).is_empty());
        assert_eq!(
            empty["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
    }
}
