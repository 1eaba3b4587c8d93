//! Human decisions on links (`policies/links.toml`), kept in the hospital's
//! repository so they persist across scans and carry who decided, when and
//! why:
//!
//! ```toml
//! [[link]]
//! account = "dpi:mart_dup"
//! person = "rh:000123"
//! decision = "confirm"        # confirm | reject | non-nominative
//! author = "J. Durand (RSSI)"
//! date = 2026-11-20
//! comment = "vérifié avec le cadre du service"
//! ```
//!
//! `confirm` links the account to the person whatever the computation says;
//! `reject` forbids that pair; `non-nominative` declares the account shared
//! or technical (the person, if given, is its accountable owner).

use crate::config::spanned::{TableReader, TomlDoc};
use crate::diag::{Code, Diagnostics};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Confirm,
    Reject,
    NonNominative,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    pub verdict: Verdict,
    pub author: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// `links.toml:12`, for reports and stale-decision messages.
    pub location: String,
}

/// Loads `dir/links.toml`; none when absent.
pub fn load(dir: &Path) -> Result<Vec<Decision>, Diagnostics> {
    match TomlDoc::read_optional(&dir.join("links.toml"))? {
        Some(doc) => parse(&doc),
        None => Ok(Vec::new()),
    }
}

pub fn parse(doc: &TomlDoc) -> Result<Vec<Decision>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let Some(table) = doc.parse(&mut diags) else {
        return Err(diags);
    };
    let mut root = TableReader::new(doc, table.get_ref(), table.span(), "");
    let mut out = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for mut t in root.opt_table_array("link", &mut diags) {
        let line = doc.line_col(t.span().start).0;
        let account = t.req_str(
            "account",
            "identifiant du compte, par ex. \"dpi:mart_dup\"",
            &mut diags,
        );
        let person = t.opt_str("person", &mut diags);
        let verdict = t.req_str("decision", "confirm, reject ou non-nominative", &mut diags);
        let author = t.req_str("author", "qui a décidé", &mut diags);
        let date = match t.value("date") {
            Some(v) => match v.get_ref() {
                toml::de::DeValue::Datetime(d) => Some(d.to_string()),
                toml::de::DeValue::String(s) => Some(s.to_string()),
                _ => None,
            }
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
            .or_else(|| {
                diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &v.span(),
                        "date invalide (attendu 2026-11-20)",
                    )
                    .field(t.key_path("date")),
                );
                None
            }),
            None => {
                t.missing(
                    "date",
                    "date de la décision, par ex. 2026-11-20",
                    &mut diags,
                );
                None
            }
        };
        let comment = t
            .opt_str("comment", &mut diags)
            .map(|s| s.into_inner())
            .unwrap_or_default();
        let verdict = verdict.and_then(|v| {
            let parsed = match v.get_ref().as_str() {
                "confirm" => Some(Verdict::Confirm),
                "reject" => Some(Verdict::Reject),
                "non-nominative" => Some(Verdict::NonNominative),
                _ => None,
            };
            if parsed.is_none() {
                diags.push(
                    doc.diag(
                        Code::InvalidConfig,
                        &v.span(),
                        format!("décision « {} » inconnue", v.get_ref()),
                    )
                    .field(t.key_path("decision"))
                    .help("décisions : confirm, reject, non-nominative"),
                );
            }
            parsed
        });
        if matches!(verdict, Some(Verdict::Confirm | Verdict::Reject)) && person.is_none() {
            t.missing(
                "person",
                "une confirmation ou un rejet porte sur un couple compte–personne",
                &mut diags,
            );
        }
        let account_field = t.key_path("account");
        t.finish(&mut diags);
        if let (Some(account), Some(verdict), Some(author), Some(date)) =
            (account, verdict, author, date)
        {
            let key = (
                account.get_ref().clone(),
                person.as_ref().map(|p| p.get_ref().clone()),
            );
            if let Some(first) = seen.insert(key, line) {
                diags.push(
                    doc.diag(
                        Code::DuplicateKey,
                        &account.span(),
                        format!("décision en double (déjà ligne {first})"),
                    )
                    .field(account_field),
                );
            }
            out.push(Decision {
                account: account.into_inner(),
                person: person.map(|p| p.into_inner()),
                verdict,
                author: author.into_inner(),
                date,
                comment,
                location: format!("{}:{line}", doc.display),
            });
        }
    }
    root.finish(&mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_read_and_checked() {
        let doc = TomlDoc::new(
            "links.toml",
            "[[link]]\naccount = \"dpi:mart_dup\"\nperson = \"rh:000123\"\ndecision = \"confirm\"\nauthor = \"RSSI\"\ndate = 2026-11-20\ncomment = \"vu\"\n\n[[link]]\naccount = \"ad:urgences\"\ndecision = \"non-nominative\"\nauthor = \"RSSI\"\ndate = \"2026-11-21\"\n".into(),
        );
        let d = parse(&doc).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].verdict, Verdict::Confirm);
        assert_eq!(d[0].location, "links.toml:1");
        assert_eq!(d[1].person, None);
        let bad = TomlDoc::new(
            "links.toml",
            "[[link]]\naccount = \"x\"\ndecision = \"ok\"\ndate = \"2026-13-01\"\n".into(),
        );
        let e = parse(&bad).unwrap_err().render();
        assert!(e.contains("décision « ok » inconnue"), "{e}");
        assert!(e.contains("clé obligatoire « author » absente"), "{e}");
        assert!(e.contains("links.toml:4:8"), "{e}");
    }
}
