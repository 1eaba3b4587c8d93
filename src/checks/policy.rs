//! `policies/checks.toml`: the thresholds conditions read as `policy.*`.
//! Defaults (below) apply to keys the file does not set; a hospital copies
//! the file and changes what differs.

use crate::config::spanned::TomlDoc;
use crate::diag::{Code, Diagnostics};
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
        // « Rôle » professions (JDV_J121, RPPS+) the establishment registers
        // itself: RPPS expected for the 2028 target.
        "role_professions": ["313", "314", "315", "316", "317", "331", "332", "336", "337", "338", "339", "340", "341", "342", "343", "344", "345", "354", "355", "356", "357", "358", "359", "360", "362", "363", "364", "376", "377", "378", "379"],
        // Groups that open an interactive or remote session (RDP, VPN, TSE,
        // Citrix): a service account in them can be used by a person.
        "interactive_groups": [
            "^(remote desktop users|utilisateurs du bureau à distance)$",
            "(^|[_ .-])(vpn|tse|rds|rdp|citrix|bureau[_ .-]?a[_ .-]?distance)([_ .-]|$)"
        ],
        // A service account used within this many days counts as in use.
        "service_recent_days": 30,
        // Applications that are the DPI (regular expressions on the
        // inventory id or name).
        "dpi_applications": ["^dpi$", "dossier (patient|médical|de soins)", "(^|[^a-z])dpi([^a-z]|$)"],
        // Habilitation matrix: application id → profession code → allowed
        // profiles (profession "" = none known). Empty: not checked.
        "profile_matrix": {},
        // Application id → profiles anyone may hold (consultation…).
        "neutral_profiles": {},
        // Profiles or groups that must not be held together:
        // [{ label = "…", profiles = ["…", "…"], application = "dpi" }].
        "toxic_combinations": [],
        // Directory groups scoped to a unit (UF): regular expressions on the
        // group name or description whose group `unit` (or first group)
        // captures the UF code, e.g. "\\(UF (?P<unit>[0-9]+)\\)".
        "unit_groups": [],
        // Units whose rights anyone may hold besides their own
        // (consultations, urgences…).
        "shared_units": [],
        // Current authentication modes of the inventory that are a local
        // login and password (regular expressions on « Authentification
        // actuelle »): no longer compliant since 1 January 2026.
        "local_password_auth": [
            "(login|identifiant|id)\\s*/\\s*(mdp|mot de passe|password)",
            "(mdp|mot de passe|password)\\s+local",
            "^(mdp|mot de passe|password)$"
        ],
    })
}

/// Policy keys holding regular expressions: each is compiled when loaded.
const PATTERN_KEYS: &[&str] = &[
    "privileged_groups",
    "privileged_profiles",
    "admin_account_logins",
    "builtin_admin_logins",
    "interactive_groups",
    "dpi_applications",
    "unit_groups",
    "local_password_auth",
];

/// The shape errors of a value, in French (`None` when it is well formed).
fn shape_error(key: &str, v: &Value) -> Option<String> {
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    match key {
        k if PATTERN_KEYS.contains(&k) => {
            for p in v.as_array()?.iter().filter_map(Value::as_str) {
                if let Err(e) = regex::Regex::new(&format!("(?i){p}")) {
                    return Some(format!("expression régulière « {p} » invalide : {e}"));
                }
            }
            None
        }
        "profile_matrix" => v.as_object()?.iter().find_map(|(app, by)| {
            let ok = by
                .as_object()
                .is_some_and(|m| m.values().all(strings));
            (!ok).then(|| format!("« {app} » : attendu une table profession = [profils]"))
        }),
        "neutral_profiles" => v.as_object()?.iter().find_map(|(app, l)| {
            (!strings(l)).then(|| format!("« {app} » : attendu une liste de profils"))
        }),
        "toxic_combinations" => v.as_array()?.iter().enumerate().find_map(|(i, c)| {
            let ok = c.is_object()
                && c.get("profiles").is_some_and(strings)
                && c.get("label").is_none_or(Value::is_string)
                && c.get("application").is_none_or(Value::is_string)
                && c.as_object().is_some_and(|o| {
                    o.keys().all(|k| ["label", "profiles", "application"].contains(&k.as_str()))
                });
            (!ok).then(|| {
                format!(
                    "combinaison n° {} : attendu {{ label = \"…\", profiles = [\"…\", \"…\"], application = \"…\" }}",
                    i + 1
                )
            })
        }),
        _ => None,
    }
}

/// Loads the policy: defaults, overridden by `dir/checks.toml` if present.
/// Unknown keys are errors (a misspelt threshold must not be ignored).
pub fn load(dir: &Path) -> Result<Value, Diagnostics> {
    let mut policy = defaults();
    let Some(doc) = TomlDoc::read_optional(&dir.join("checks.toml"))? else {
        return Ok(policy);
    };
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
        let wrong_type = std::mem::discriminant(&value) != std::mem::discriminant(slot)
            || value.as_i64().is_some_and(|n| n < 0);
        let problem = if wrong_type {
            Some(format!("valeur de « {key} » invalide"))
        } else {
            shape_error(key, &value).map(|msg| format!("« {key} » : {msg}"))
        };
        if let Some(msg) = problem {
            diags.push(doc.diag(Code::InvalidConfig, &v.span(), msg).field(key));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled file documents the defaults: loading it changes nothing.
    #[test]
    fn bundled_file_equals_defaults() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
        let loaded = load(&dir).unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(loaded, defaults());
    }

    #[test]
    fn bad_patterns_and_shapes_are_reported_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("checks.toml"),
            "stale_days = 30\nprivileged_groups = [\"(unclosed\"]\n[[toxic_combinations]]\nlabel = \"x\"\nprofils = [\"a\"]\n",
        )
        .unwrap();
        let err = load(dir.path()).unwrap_err().render();
        assert!(err.contains("checks.toml:2:"), "{err}");
        assert!(
            err.contains("expression régulière « (unclosed » invalide"),
            "{err}"
        );
        assert!(err.contains("combinaison n° 1"), "{err}");
    }
}
