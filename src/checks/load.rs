//! Loading `checks/<family>/<ID>.toml`: raw spanned TOML → validated
//! [`Check`], every problem of every file at once, with file and line.
//!
//! A check file:
//! ```toml
//! id = "CYC-001"
//! title = "Compte AD actif d'un agent parti"
//! axis = "cycle-de-vie"
//! severity = "elevee"
//! confidence = "haute"
//! subject = "account"
//! scope = "account.directory"            # optional: the population checked
//! condition = "account.enabled and account.owner.departed"
//! path = "account.owner_path"              # optional: the proof path
//! message = "{{ account.login }} actif {{ account.owner.days_since_end }} jours après le départ"
//! rationale = "…"
//! remediation = "…"
//! references = ["RIE EXI 27", "CNIL DPI fiche 13"]
//! [evidence]
//! "Date de sortie" = "account.owner.end_date"
//! [[example]]
//! fires = true
//! description = "…"
//! [example.subject]
//! enabled = true
//! ```
//! Conditions, evidence and messages are compiled when loaded, so a typo is
//! reported by `vigie validate` with its line, not discovered during a scan.

use super::meta::{Axis, Check, Confidence, Example, Severity, SubjectKind};
use crate::config::spanned::{closest, TableReader, TomlDoc};
use crate::diag::{Code, Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::Path;
use toml::de::DeValue;

/// The checks and indicators of a catalogue directory.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub checks: Vec<Check>,
    pub indicators: Vec<super::indicators::Indicator>,
}

/// Reads every check under `dir` (sorted by path), validating each.
pub fn load_dir(dir: &Path) -> Result<Vec<Check>, Diagnostics> {
    load_catalogue(dir).map(|c| c.checks)
}

/// Reads every check and indicator under `dir` (sorted by path): a file
/// with a `numerator` key is an indicator, any other a check.
pub fn load_catalogue(dir: &Path) -> Result<Catalogue, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut checks = Vec::new();
    let mut indicators = Vec::new();
    let files = TomlDoc::files_under(dir);
    if files.is_empty() {
        diags.push(
            Diagnostic::error(Code::Io, "aucun contrôle trouvé (fichiers *.toml)")
                .in_file(dir.display().to_string())
                .help("indiquez le dossier des contrôles avec checks = \"…\" dans vigie.toml"),
        );
        return Err(diags);
    }
    let env = super::environment();
    for path in files {
        let display = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(crate::source::io_error(&display, &e));
                continue;
            }
        };
        let family = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = TomlDoc::new(display, text);
        let is_indicator = {
            let mut scratch = Diagnostics::new();
            doc.parse(&mut scratch).is_some_and(|t| {
                t.get_ref()
                    .iter()
                    .any(|(k, _)| k.get_ref().as_ref() == "numerator")
            })
        };
        if is_indicator {
            if let Some(i) = super::indicators::parse(&doc, &env, &mut diags) {
                indicators.push(i);
            }
        } else if let Some(c) = parse(&doc, &family, &env, &mut diags) {
            checks.push(c);
        }
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let ids = checks
        .iter()
        .map(|c| (c.id.as_str(), c.location.as_str()))
        .chain(
            indicators
                .iter()
                .map(|i| (i.id.as_str(), i.location.as_str())),
        );
    for (id, location) in ids {
        if let Some(first) = seen.insert(id, location) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateKey,
                    format!("identifiant « {id} » déjà utilisé par {first}"),
                )
                .in_file(location.rsplit_once(':').map_or(location, |(f, _)| f))
                .at_line(1)
                .field("id"),
            );
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(Catalogue { checks, indicators })
    }
}

/// TOML → JSON, for examples and policies seen by expressions.
pub fn to_json(v: &DeValue<'_>) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        DeValue::String(s) => J::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_or(J::Null, J::from),
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(J::Null, J::Number),
        DeValue::Boolean(b) => J::Bool(*b),
        DeValue::Datetime(d) => J::String(d.to_string()),
        DeValue::Array(a) => J::Array(a.iter().map(|x| to_json(x.get_ref())).collect()),
        DeValue::Table(t) => J::Object(
            t.iter()
                .map(|(k, x)| (k.get_ref().to_string(), to_json(x.get_ref())))
                .collect(),
        ),
    }
}

/// A required value of a closed list, with the closest one suggested.
pub(super) fn enum_value<T>(
    doc: &TomlDoc,
    t: &mut TableReader<'_, '_, '_>,
    key: &str,
    allowed: &[&str],
    parse: impl Fn(&str) -> Option<T>,
    diags: &mut Diagnostics,
) -> Option<T> {
    let v = t.req_str(key, &format!("valeurs : {}", allowed.join(", ")), diags)?;
    let parsed = parse(v.get_ref());
    if parsed.is_none() {
        let mut d = doc
            .diag(
                Code::InvalidConfig,
                &v.span(),
                format!("valeur « {} » inconnue", v.get_ref()),
            )
            .field(key);
        d = match closest(v.get_ref(), allowed.iter().copied()) {
            Some(c) => d.help(format!("vouliez-vous dire « {c} » ?")),
            None => d.help(format!("valeurs : {}", allowed.join(", "))),
        };
        diags.push(d);
    }
    parsed
}

/// A required, non-empty string.
pub(super) fn text(
    t: &mut TableReader<'_, '_, '_>,
    key: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<String> {
    let v = t.req_str(key, what, diags)?;
    if v.get_ref().trim().is_empty() {
        diags.push(
            t.doc
                .diag(
                    Code::MissingValue,
                    &v.span(),
                    format!("« {key} » ne peut pas être vide"),
                )
                .field(t.key_path(key)),
        );
        return None;
    }
    Some(v.into_inner())
}

fn parse(
    doc: &TomlDoc,
    family: &str,
    env: &minijinja::Environment<'static>,
    diags: &mut Diagnostics,
) -> Option<Check> {
    let table = doc.parse(diags)?;
    let mut t = TableReader::new(doc, table.get_ref(), table.span(), "");
    let id = t.req_str("id", "identifiant stable, par ex. \"CYC-001\"", diags);
    if let Some(id) = &id {
        let ok = id.get_ref().split_once('-').is_some_and(|(p, n)| {
            (2..=4).contains(&p.len())
                && p.chars().all(|c| c.is_ascii_uppercase())
                && n.len() == 3
                && n.chars().all(|c| c.is_ascii_digit())
        });
        if !ok {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &id.span(),
                    format!("identifiant « {} » invalide", id.get_ref()),
                )
                .field("id")
                .help("forme attendue : 2 à 4 majuscules, un tiret, 3 chiffres (CYC-001)"),
            );
        }
    }
    let title = text(&mut t, "title", "titre en français", diags);
    let axis = enum_value(
        doc,
        &mut t,
        "axis",
        &Axis::ALL.map(Axis::code),
        Axis::parse,
        diags,
    );
    let severity = enum_value(
        doc,
        &mut t,
        "severity",
        &Severity::ALL.map(Severity::code),
        Severity::parse,
        diags,
    );
    let confidence = enum_value(
        doc,
        &mut t,
        "confidence",
        &Confidence::ALL.map(Confidence::code),
        Confidence::parse,
        diags,
    );
    let subject = enum_value(
        doc,
        &mut t,
        "subject",
        &SubjectKind::ALL.map(SubjectKind::code),
        SubjectKind::parse,
        diags,
    );
    let compile =
        |key: &str, src: &toml::Spanned<String>, template: bool, diags: &mut Diagnostics| {
            compile_checked(doc, env, key, src, template, diags)
        };
    let condition = t.req_str("condition", "expression minijinja sur le sujet", diags);
    if let Some(c) = &condition {
        compile("condition", c, false, diags);
    }
    let scope = t.opt_str("scope", diags);
    if let Some(c) = &scope {
        compile("scope", c, false, diags);
    }
    let path = t.opt_str("path", diags);
    if let Some(c) = &path {
        compile("path", c, false, diags);
    }
    let message = t.req_str("message", "modèle du message d'un constat", diags);
    if let Some(m) = &message {
        compile("message", m, true, diags);
    }
    let rationale = text(&mut t, "rationale", "pourquoi ce contrôle compte", diags);
    let remediation = text(&mut t, "remediation", "que faire", diags);
    let references = t.opt_str_list("references", diags).unwrap_or_default();
    if references.is_empty() {
        t.missing(
            "references",
            "au moins une référence (RIE EXI nn, HOP'EN 2, CNIL, PGSSI-S)",
            diags,
        );
    }
    let mut evidence = Vec::new();
    if let Some(mut ev) = t.opt_table("evidence", diags) {
        for (label, v) in ev.entries() {
            match v.get_ref() {
                DeValue::String(s) => {
                    let sp = toml::Spanned::new(v.span(), s.to_string());
                    compile(&format!("evidence.{}", label.get_ref()), &sp, false, diags);
                    evidence.push((label.into_inner(), s.to_string()));
                }
                _ => diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &v.span(),
                        "attendu une expression (chaîne)",
                    )
                    .field(format!("evidence.{}", label.get_ref())),
                ),
            }
        }
        ev.finish(diags);
    }
    let mut examples = Vec::new();
    for mut ex in t.opt_table_array("example", diags) {
        let fires = ex.opt_bool("fires", diags);
        let description = ex
            .opt_str("description", diags)
            .map(|d| d.into_inner())
            .unwrap_or_default();
        let subject_v = ex.value("subject").map(|v| to_json(v.get_ref()));
        let policy = ex
            .value("policy")
            .map(|v| to_json(v.get_ref()))
            .unwrap_or(serde_json::Value::Null);
        match (fires, subject_v) {
            (Some(fires), Some(subject)) => examples.push(Example {
                fires,
                description,
                subject,
                policy,
            }),
            (None, _) => ex.missing(
                "fires",
                "true pour l'exemple positif, false pour le négatif",
                diags,
            ),
            (_, None) => ex.missing(
                "subject",
                "le sujet de l'exemple ([example.subject])",
                diags,
            ),
        }
        ex.finish(diags);
    }
    if !examples.iter().any(|e| e.fires) || !examples.iter().any(|e| !e.fires) {
        t.missing(
            "example",
            "un exemple positif (fires = true) et un exemple négatif (fires = false)",
            diags,
        );
    }
    t.finish(diags);
    Some(Check {
        id: id?.into_inner(),
        family: family.to_string(),
        title: title?,
        axis: axis?,
        severity: severity?,
        confidence: confidence?,
        subject: subject?,
        scope: scope.map(|s| s.into_inner()),
        condition: condition?.into_inner(),
        path: path.map(|s| s.into_inner()),
        evidence,
        message: message?.into_inner(),
        rationale: rationale?,
        remediation: remediation?,
        references: references.into_iter().map(|r| r.into_inner()).collect(),
        examples,
        location: format!("{}:1", doc.display),
    })
}

/// Compiles an expression (or a message template) and checks every variable
/// path it reads against the vocabulary; errors carry the file and line.
pub(super) fn compile_checked(
    doc: &TomlDoc,
    env: &minijinja::Environment<'static>,
    key: &str,
    src: &toml::Spanned<String>,
    template: bool,
    diags: &mut Diagnostics,
) {
    let result = if template {
        env.template_from_str(src.get_ref())
            .map(|t| t.undeclared_variables(true))
    } else {
        env.compile_expression(src.get_ref())
            .map(|e| e.undeclared_variables(true))
    };
    if let Ok(paths) = &result {
        let mut paths: Vec<&String> = paths.iter().collect();
        paths.sort();
        for path in paths {
            if !super::views::known_path(path) {
                diags.push(
                    doc.diag(
                        Code::UnknownReference,
                        &src.span(),
                        format!("« {path} » n'est pas dans le vocabulaire des contrôles"),
                    )
                    .field(key.to_string())
                    .help("voir docs/vocabulary.md (account.*, person.*, group.*, application.*, establishment.*, exception.*, policy.*)"),
                );
            }
        }
    }
    if let Err(e) = result {
        diags.push(
            doc.diag(
                Code::Syntax,
                &src.span(),
                format!(
                    "expression invalide : {}",
                    e.detail().unwrap_or(&e.to_string())
                ),
            )
            .field(key.to_string()),
        );
    }
}
