//! Exceptions (dérogations): `policies/exceptions.toml` declares the
//! findings a hospital accepts for a time, with who approved them and why.
//!
//! ```toml
//! [[exception]]
//! check = "DRT-003"                 # a check id, or "*" for any check
//! subject = "ad:svc_backup"         # an exact subject id, or:
//! # subject_pattern = "^ad:svc_"    # a regular expression on the subject id
//! reason = "Compte de sauvegarde, mot de passe géré par le coffre"
//! approved_by = "RSSI — J. Martin"
//! ticket = "DSI-1234"               # optional
//! expires = 2027-06-30
//! ```
//! A waived finding stays in every output, marked with its waiver. An
//! exception past its expiry waives nothing; expired and unused exceptions
//! are subjects of their own (`exception.*`) that governance checks report.

use super::engine::{Finding, Waiver};
use super::load::text;
use super::views::Field;
use crate::config::spanned::{closest, TableReader, TomlDoc};
use crate::diag::{Code, Diagnostics};
use crate::report::model::{ExceptionEntry, ExceptionStatus};
use chrono::NaiveDate;
use minijinja::value::Value;
use std::path::Path;
use toml::de::DeValue;

#[derive(Debug, Clone)]
pub enum Target {
    Exact(String),
    Pattern(regex::Regex),
}

/// One declared exception.
#[derive(Debug, Clone)]
pub struct Exception {
    /// `policies/exceptions.toml:12`.
    pub location: String,
    pub check: String,
    pub target: Target,
    pub reason: String,
    pub approved_by: String,
    pub ticket: Option<String>,
    pub expires: NaiveDate,
}

impl Exception {
    /// The subject or pattern as declared.
    pub fn subject_text(&self) -> String {
        match &self.target {
            Target::Exact(s) => s.clone(),
            Target::Pattern(r) => format!("/{}/", r.as_str().trim_start_matches("(?i)")),
        }
    }

    fn matches(&self, f: &Finding) -> bool {
        (self.check == "*" || self.check == f.check)
            && match &self.target {
                Target::Exact(s) => *s == f.subject,
                Target::Pattern(r) => r.is_match(&f.subject),
            }
    }
}

/// Loads `dir/exceptions.toml` (none when absent). `known_checks` are the
/// catalogue's ids: an exception naming another check is an error.
pub fn load(dir: &Path, known_checks: &[&str]) -> Result<Vec<Exception>, Diagnostics> {
    let Some(doc) = TomlDoc::read_optional(&dir.join("exceptions.toml"))? else {
        return Ok(Vec::new());
    };
    let mut diags = Diagnostics::new();
    let Some(table) = doc.parse(&mut diags) else {
        return Err(diags);
    };
    let mut root = TableReader::new(&doc, table.get_ref(), table.span(), "");
    let mut out = Vec::new();
    for t in root.opt_table_array("exception", &mut diags) {
        if let Some(e) = parse_one(&doc, t, known_checks, &mut diags) {
            out.push(e);
        }
    }
    root.finish(&mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

fn parse_one(
    doc: &TomlDoc,
    mut t: TableReader<'_, '_, '_>,
    known: &[&str],
    diags: &mut Diagnostics,
) -> Option<Exception> {
    let line = doc.line_col(t.span().start).0;
    let check = t.req_str(
        "check",
        "identifiant du contrôle (ex. \"DRT-003\") ou \"*\"",
        diags,
    );
    if let Some(c) = &check {
        if c.get_ref() != "*" && !known.contains(&c.get_ref().as_str()) {
            let mut d = doc
                .diag(
                    Code::UnknownReference,
                    &c.span(),
                    format!("contrôle « {} » inconnu du catalogue", c.get_ref()),
                )
                .field(t.key_path("check"));
            if let Some(s) = closest(c.get_ref(), known.iter().copied()) {
                d = d.help(format!("vouliez-vous dire « {s} » ?"));
            }
            diags.push(d);
        }
    }
    let subject = t.opt_str("subject", diags);
    let pattern = t.opt_str("subject_pattern", diags);
    let target = match (subject, pattern) {
        (Some(s), None) => Some(Target::Exact(s.into_inner())),
        (None, Some(p)) => match regex::Regex::new(&format!("(?i){}", p.get_ref())) {
            Ok(r) => Some(Target::Pattern(r)),
            Err(e) => {
                diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &p.span(),
                        format!("expression régulière invalide : {e}"),
                    )
                    .field(t.key_path("subject_pattern")),
                );
                None
            }
        },
        _ => {
            diags.push(
                doc.diag(Code::InvalidConfig, t.span(), "indiquez soit « subject » (identifiant exact), soit « subject_pattern » (expression régulière)")
                    .field(t.key_path("subject")),
            );
            None
        }
    };
    let reason = text(&mut t, "reason", "la justification de la dérogation", diags);
    let approved_by = text(&mut t, "approved_by", "qui a validé (nom, fonction)", diags);
    let ticket = t.opt_str("ticket", diags).map(|s| s.into_inner());
    let expires = match t.value("expires") {
        None => {
            t.missing("expires", "date de fin, par ex. expires = 2027-06-30 : une dérogation n'est jamais permanente", diags);
            None
        }
        Some(v) => {
            let text = match v.get_ref() {
                DeValue::Datetime(d) => d.to_string(),
                DeValue::String(s) => s.to_string(),
                _ => String::new(),
            };
            let d = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            if d.is_none() {
                diags.push(
                    doc.diag(Code::InvalidConfig, &v.span(), "date d'expiration invalide")
                        .field(t.key_path("expires"))
                        .help("format attendu : expires = 2027-06-30"),
                );
            }
            d
        }
    };
    t.finish(diags);
    Some(Exception {
        location: format!("{}:{line}", doc.display),
        check: check?.into_inner(),
        target: target?,
        reason: reason?,
        approved_by: approved_by?,
        ticket,
        expires: expires?,
    })
}

/// Marks the findings that an exception in force waives (the first
/// matching one, in file order) and returns the register with each
/// exception's status and use.
pub fn apply(
    exceptions: &[Exception],
    findings: &mut [Finding],
    as_of: NaiveDate,
) -> Vec<ExceptionEntry> {
    let mut used = vec![0usize; exceptions.len()];
    for f in findings.iter_mut() {
        let hit = exceptions
            .iter()
            .enumerate()
            .find(|(_, e)| e.expires >= as_of && e.matches(f));
        if let Some((i, e)) = hit {
            used[i] += 1;
            f.waiver = Some(Waiver {
                location: e.location.clone(),
                reason: e.reason.clone(),
                approved_by: e.approved_by.clone(),
                ticket: e.ticket.clone(),
                expires: e.expires,
            });
        }
    }
    exceptions
        .iter()
        .zip(used)
        .map(|(e, waived)| ExceptionEntry {
            location: e.location.clone(),
            check: e.check.clone(),
            subject: e.subject_text(),
            reason: e.reason.clone(),
            approved_by: e.approved_by.clone(),
            ticket: e.ticket.clone(),
            expires: e.expires,
            status: if e.expires < as_of {
                ExceptionStatus::Expired
            } else if waived == 0 {
                ExceptionStatus::Unused
            } else {
                ExceptionStatus::Active
            },
            waived,
        })
        .collect()
}

/// An exception of the register, as governance checks see it.
#[derive(Debug)]
pub struct ExceptionView {
    pub entry: ExceptionEntry,
    pub as_of: NaiveDate,
}

pub const EXCEPTION_FIELDS: &[Field<ExceptionView>] = &[
    Field {
        name: "check",
        kind: "texte",
        help: "contrôle dérogé (ou « * »)",
        get: |v| Value::from(v.entry.check.as_str()),
    },
    Field {
        name: "subject",
        kind: "texte",
        help: "sujet ou motif déclaré",
        get: |v| Value::from(v.entry.subject.as_str()),
    },
    Field {
        name: "location",
        kind: "texte",
        help: "fichier et ligne de la dérogation",
        get: |v| Value::from(v.entry.location.as_str()),
    },
    Field {
        name: "reason",
        kind: "texte",
        help: "justification",
        get: |v| Value::from(v.entry.reason.as_str()),
    },
    Field {
        name: "approved_by",
        kind: "texte",
        help: "qui l'a validée",
        get: |v| Value::from(v.entry.approved_by.as_str()),
    },
    Field {
        name: "ticket",
        kind: "texte ou rien",
        help: "référence du ticket",
        get: |v| Value::from(v.entry.ticket.as_deref()),
    },
    Field {
        name: "expires",
        kind: "date",
        help: "date d'expiration",
        get: |v| Value::from(v.entry.expires.format("%Y-%m-%d").to_string()),
    },
    Field {
        name: "days_to_expiry",
        kind: "entier",
        help: "jours avant l'expiration (négatif : expirée)",
        get: |v| Value::from((v.entry.expires - v.as_of).num_days()),
    },
    Field {
        name: "expired",
        kind: "booléen",
        help: "date d'expiration passée : elle ne dispense plus de rien",
        get: |v| Value::from(v.entry.status == ExceptionStatus::Expired),
    },
    Field {
        name: "unused",
        kind: "booléen",
        help: "en vigueur mais sans constat correspondant dans cette analyse",
        get: |v| Value::from(v.entry.status == ExceptionStatus::Unused),
    },
    Field {
        name: "waived",
        kind: "entier",
        help: "constats couverts dans cette analyse",
        get: |v| Value::from(v.entry.waived),
    },
];

super::views::view_object!(ExceptionView, EXCEPTION_FIELDS, |v| v.entry.location);

/// The register as subjects of `exception` checks.
pub fn subjects(
    register: &[ExceptionEntry],
    as_of: NaiveDate,
) -> Vec<(String, String, Option<String>, Value)> {
    register
        .iter()
        .map(|e| {
            let id = format!("exception:{}:{}", e.check, e.subject);
            let name = format!("dérogation {} — {} ({})", e.check, e.subject, e.location);
            let view = Value::from_object(ExceptionView {
                entry: e.clone(),
                as_of,
            });
            (id, name, None, view)
        })
        .collect()
}
