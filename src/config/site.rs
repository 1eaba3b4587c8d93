//! `vigie.toml`: raw TOML → validated [`SiteConfig`].
//!
//! ```toml
//! [establishment]
//! name = "Centre hospitalier de démonstration"
//! finess = "999000017"          # FINESS juridique (EJ)
//! sites = ["999000025"]          # FINESS géographiques (EG), optional
//!
//! checks = "checks"              # optional, default "checks"
//! policies = "policies"          # optional, default "policies"
//!
//! [[source]]
//! id = "rh"
//! kind = "sirh"                  # sirh | ad-ldif | ad-csv | accounts | rpps | applications
//! path = "rh/agents.csv"         # relative to this file
//! encoding = "windows-1252"      # auto (default) | utf-8 | windows-1252 | utf-16
//! delimiter = ";"                # auto (default) | ";" | "," | "\t" | "|"
//! date_order = "dmy"             # dmy (default) | mdy | auto
//! [source.columns]               # Vigie field = column name in the file
//! employee_number = "Matricule"
//! [source.values.contract_type]  # value in the file = Vigie value
//! "CONTRAT PRO" = "fixed-term"
//! ```

use super::source::parse_source;
use super::source::SourceConfig;
use super::spanned::{TableReader, TomlDoc};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Establishment;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::de::DeValue;

/// A validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The configuration file, as given.
    pub path: PathBuf,
    /// Its directory: relative paths are resolved from here.
    pub base_dir: PathBuf,
    pub establishment: Establishment,
    pub checks_dir: PathBuf,
    pub policies_dir: PathBuf,
    /// Reference date for time-based facts (days since departure, since last
    /// logon). `None` = the day of the scan; set it to replay a past scan or
    /// to keep the bundled sample's results stable.
    pub as_of: Option<chrono::NaiveDate>,
    pub sources: Vec<SourceConfig>,
    /// Per-check overrides (`[override.CYC-004]`), in file order.
    pub overrides: Vec<CheckOverride>,
}

/// `[override.<ID>]`: the hospital disables a check or changes its
/// severity, with a reason that the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOverride {
    pub check: String,
    /// `vigie.toml:42`.
    pub location: String,
    pub enabled: bool,
    pub severity: Option<crate::checks::Severity>,
    pub reason: Option<String>,
}

/// Reads and validates the file at `path`.
pub fn load(path: &Path) -> Result<SiteConfig, Diagnostics> {
    let display = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(std::iter::once(
                    Diagnostic::error(
                        Code::InvalidEncoding,
                        "la configuration doit être encodée en UTF-8",
                    )
                    .in_file(&display),
                )
                .collect())
            }
        },
        Err(e) => return Err(std::iter::once(crate::source::io_error(&display, &e)).collect()),
    };
    let base_dir = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let doc = TomlDoc::new(display, text);
    let mut diags = Diagnostics::new();
    let site = parse_site(&doc, path, &base_dir, &mut diags);
    match site {
        Some(site) if !diags.has_errors() => Ok(site),
        _ => Err(diags),
    }
}

fn parse_site(
    doc: &TomlDoc,
    path: &Path,
    base_dir: &Path,
    diags: &mut Diagnostics,
) -> Option<SiteConfig> {
    let table = doc.parse(diags)?;
    let mut root = TableReader::new(doc, table.get_ref(), table.span(), "");

    let establishment = match root.opt_table("establishment", diags) {
        Some(mut t) => {
            let name = t.req_str("name", "nom de l'établissement", diags);
            let finess = t.req_str("finess", "FINESS juridique, 9 caractères", diags);
            if let Some(f) = &finess {
                check_finess(doc, &t.key_path("finess"), f, diags);
            }
            let sites = t.opt_str_list("sites", diags).unwrap_or_default();
            for s in &sites {
                check_finess(doc, &t.key_path("sites"), s, diags);
            }
            let ght = t.opt_str("ght", diags);
            t.finish(diags);
            Establishment {
                name: name.map(|s| s.into_inner()).unwrap_or_default(),
                finess: finess.map(|s| s.into_inner()).unwrap_or_default(),
                sites: sites.into_iter().map(|s| s.into_inner()).collect(),
                ght: ght.map(|s| s.into_inner()),
            }
        }
        None => {
            root.missing(
                "establishment",
                "ajoutez une table [establishment] avec name et finess",
                diags,
            );
            Establishment {
                name: String::new(),
                finess: String::new(),
                sites: Vec::new(),
                ght: None,
            }
        }
    };
    let as_of = parse_as_of(doc, &mut root, diags);
    let checks = root.opt_str("checks", diags).map(|s| s.into_inner());
    let policies = root.opt_str("policies", diags).map(|s| s.into_inner());

    let mut sources = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let tables = root.opt_table_array("source", diags);
    if tables.is_empty() {
        root.missing(
            "source",
            "déclarez au moins une source avec [[source]] (id, kind, path)",
            diags,
        );
    }
    for t in tables {
        if let Some(s) = parse_source(doc, t, base_dir, diags) {
            if let Some(first) = seen.insert(s.id.clone(), s.line) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!(
                            "identifiant de source « {} » déjà utilisé ligne {first}",
                            s.id
                        ),
                    )
                    .in_file(&doc.display)
                    .at_line(s.line)
                    .field("source.id"),
                );
            }
            sources.push(s);
        }
    }
    let overrides = parse_overrides(doc, &mut root, diags);
    root.finish(diags);

    Some(SiteConfig {
        path: path.to_path_buf(),
        base_dir: base_dir.to_path_buf(),
        establishment,
        checks_dir: base_dir.join(checks.unwrap_or_else(|| "checks".into())),
        policies_dir: base_dir.join(policies.unwrap_or_else(|| "policies".into())),
        as_of,
        sources,
        overrides,
    })
}

/// `[override.CYC-004]` tables: `enabled`, `severity`, `reason`.
fn parse_overrides(
    doc: &TomlDoc,
    root: &mut TableReader<'_, '_, '_>,
    diags: &mut Diagnostics,
) -> Vec<CheckOverride> {
    use crate::checks::Severity;
    let mut out = Vec::new();
    let Some(mut table) = root.opt_table("override", diags) else {
        return out;
    };
    for (id, v) in table.entries() {
        let DeValue::Table(t) = v.get_ref() else {
            diags.push(
                doc.diag(
                    Code::InvalidConfig,
                    &v.span(),
                    "attendu une table [override.<contrôle>]",
                )
                .field(format!("override.{}", id.get_ref())),
            );
            continue;
        };
        let mut t = TableReader::new(doc, t, v.span(), format!("override.{}", id.get_ref()));
        let enabled = t.opt_bool("enabled", diags).unwrap_or(true);
        let severity = t.opt_str("severity", diags).and_then(|s| {
            let parsed = Severity::parse(s.get_ref());
            if parsed.is_none() {
                let allowed = Severity::ALL.map(Severity::code);
                diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &s.span(),
                        format!("gravité « {} » inconnue", s.get_ref()),
                    )
                    .field(t.key_path("severity"))
                    .help(format!("valeurs : {}", allowed.join(", "))),
                );
            }
            parsed
        });
        let reason = t.opt_str("reason", diags).map(|s| s.into_inner());
        t.finish(diags);
        out.push(CheckOverride {
            check: id.get_ref().clone(),
            location: format!("{}:{}", doc.display, doc.line_col(id.span().start).0),
            enabled,
            severity,
            reason,
        });
    }
    out
}

/// `as_of = 2026-11-15` (TOML date) or `as_of = "2026-11-15"`.
fn parse_as_of(
    doc: &TomlDoc,
    root: &mut TableReader<'_, '_, '_>,
    diags: &mut Diagnostics,
) -> Option<chrono::NaiveDate> {
    let v = root.value("as_of")?;
    let text = match v.get_ref() {
        DeValue::Datetime(d) => d.to_string(),
        DeValue::String(s) => s.to_string(),
        _ => String::new(),
    };
    match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            diags.push(
                doc.diag(Code::InvalidConfig, &v.span(), "date de référence invalide")
                    .field("as_of")
                    .help("format attendu : as_of = 2026-11-15"),
            );
            None
        }
    }
}

fn check_finess(doc: &TomlDoc, field: &str, f: &toml::Spanned<String>, diags: &mut Diagnostics) {
    let v = f.get_ref();
    let ok = v.len() == 9 && v.chars().all(|c| c.is_ascii_alphanumeric());
    if !ok {
        diags.push(
            doc.diag(
                Code::InvalidConfig,
                &f.span(),
                format!("FINESS « {v} » invalide : 9 caractères attendus (chiffres, 2A/2B pour la Corse)"),
            )
            .field(field),
        );
    }
}
