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
        // Directory groups that give administrative power (regular
        // expressions on the group name, case-insensitive): the built-in AD
        // groups, and the usual « ADM » naming convention of hospital groups.
        "privileged_groups": [
            "^(domain admins|enterprise admins|schema admins|administrators|administrateurs|admins du domaine|administrateurs de l'entreprise|account operators|opérateurs de compte|server operators|backup operators|print operators|dnsadmins|group policy creator owners|key admins|enterprise key admins)$",
            "(^|[_ .-])adm(in|ins|inistrateurs?)?([_ .-]|$)"
        ],
        // Application profiles that give administrative power.
        "privileged_profiles": ["admin"],
        // Accounts entitled to privileges: dedicated admin accounts
        // (login patterns) of persons in the IT units listed below, and the
        // built-in administrator.
        "admin_account_logins": ["[_.-]adm$", "^adm[_.-]"],
        "builtin_admin_logins": ["^(administrator|administrateur)$"],
        "it_units": [],
        // Profession codes (TRE_G15) registered by an Ordre or the ARS: RPPS
        // expected (HOP'EN 2 objective 1.1, 2027 target).
        "rpps_professions": ["10", "21", "26", "28", "40", "50", "60", "69", "70", "80", "81", "82", "83", "84", "85", "86", "91", "92", "94", "95", "96", "98"],
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
