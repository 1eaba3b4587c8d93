//! `policies/checks.toml`: the thresholds conditions read as `policy.*`.
//! Defaults (below) apply to keys the file does not set; a hospital copies
//! the file and changes what differs.

use crate::config::spanned::TomlDoc;
use crate::diag::{Code, Diagnostic, Diagnostics};
use serde_json::{json, Value};
use std::path::Path;

/// The defaults, documented in the bundled `policies/checks.toml`.
pub fn defaults() -> Value {
    json!({
        // A departed person's accounts are disabled the day they leave
        // (field practice: immediate deactivation on HR alert).
        "departure_grace_days": 0,
        // « désactivation automatique après 90 jours d'inactivité ».
        "stale_days": 90,
        // An account never used 30 days after its creation was not needed.
        "never_used_days": 30,
    })
}

/// Loads the policy: defaults, overridden by `dir/checks.toml` if present.
/// Unknown keys are errors (a misspelt threshold must not be ignored).
pub fn load(dir: &Path) -> Result<Value, Diagnostics> {
    let mut policy = defaults();
    let path = dir.join("checks.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(policy),
        Err(e) => {
            return Err(
                std::iter::once(crate::source::io_error(&path.display().to_string(), &e)).collect(),
            )
        }
    };
    let doc = TomlDoc::new(path.display().to_string(), text);
    let mut diags = Diagnostics::new();
    let Some(table) = doc.parse(&mut diags) else {
        return Err(diags);
    };
    for (k, v) in table.get_ref().iter() {
        let key = k.get_ref().as_ref();
        let Some(slot) = policy.get_mut(key) else {
            diags.push(
                doc.diag(
                    Code::UnknownKey,
                    &k.span(),
                    format!("clé inconnue « {key} »"),
                )
                .field(key)
                .help(format!(
                    "clés : {}",
                    defaults()
                        .as_object()
                        .map(|o| o.keys().cloned().collect::<Vec<_>>().join(", "))
                        .unwrap_or_default()
                )),
            );
            continue;
        };
        let value = super::load::to_json(v.get_ref());
        if std::mem::discriminant(&value) != std::mem::discriminant(slot)
            || value.as_i64().is_some_and(|n| n < 0)
        {
            diags.push(
                Diagnostic::error(Code::InvalidConfig, format!("valeur de « {key} » invalide"))
                    .in_file(&doc.display)
                    .at(
                        doc.line_col(v.span().start).0,
                        doc.line_col(v.span().start).1,
                    )
                    .field(key),
            );
            continue;
        }
        *slot = value;
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(policy)
    }
}
