//! The sample hospital's own `policies/checks.toml`: what a hospital
//! declares about itself and Vigie cannot guess — its IT unit, its DPI
//! habilitation matrix, the combinations it forbids, how its directory
//! groups name their unit, and the units everyone may hold rights on.
//! Written from the generator's own constants, so that the declarations
//! always describe the estate generated.

use super::apps::{DPI_ADMIN, DPI_MATRIX, DPI_NEUTRAL, PRESCRIBER};
use super::org::UnitKind;
use super::world::World;
use super::{Error, Output};

pub(crate) const PATH: &str = "policies/checks.toml";

/// The description the directory gives its service groups
/// (`Service Cardiologie (UF 1010)`), as a policy pattern capturing the UF.
pub(crate) const UNIT_GROUP_PATTERN: &str = r"^Service .+ \(UF (?P<unit>[0-9]+)\)$";

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(quote).collect();
    format!("[{}]", items.join(", "))
}

/// Unit codes of one kind, in unit order.
fn units(w: &World, kind: UnitKind) -> Vec<&str> {
    w.org
        .units
        .iter()
        .filter(|u| u.kind == kind)
        .map(|u| u.code.as_str())
        .collect()
}

/// The file's text.
pub(crate) fn text(w: &World) -> String {
    let mut s = String::new();
    s.push_str(
        "# Politique des contrôles du Centre hospitalier de démonstration (établissement fictif).\n\
         # Générée par vigie-samplegen. Seules les valeurs propres à l'établissement sont\n\
         # écrites ; les autres clés gardent les valeurs par défaut de Vigie.\n\n",
    );
    s.push_str("# UF de la direction des systèmes d'information : ses agents peuvent détenir des\n# comptes d'administration dédiés.\n");
    s.push_str(&format!("it_units = {}\n\n", list(units(w, UnitKind::It))));
    s.push_str("# Les groupes de service de l'annuaire portent leur UF dans leur description.\n");
    s.push_str(&format!("unit_groups = ['{UNIT_GROUP_PATTERN}']\n\n"));
    s.push_str("# Les médecins consultent aussi en consultations externes.\n");
    s.push_str(&format!(
        "shared_units = {}\n\n",
        list(units(w, UnitKind::Outpatient))
    ));
    s.push_str("# Cumul interdit dans le DPI.\n[[toxic_combinations]]\n");
    s.push_str("label = \"Administration et prescription dans le DPI\"\napplication = \"dpi\"\n");
    s.push_str(&format!("profiles = {}\n\n", list([DPI_ADMIN, PRESCRIBER])));
    s.push_str("# Profils du DPI que chacun peut détenir, quelle que soit sa profession\n# (les privilèges d'administration sont contrôlés à part).\n");
    s.push_str(&format!(
        "[neutral_profiles]\ndpi = {}\n\n",
        list(DPI_NEUTRAL.iter().copied())
    ));
    s.push_str("# Matrice d'habilitation du DPI : code profession (TRE_G15, JDV_J121) → profils\n# autorisés ; \"\" : agent sans profession de santé (étudiants).\n[profile_matrix.dpi]\n");
    for (code, profiles) in DPI_MATRIX {
        s.push_str(&format!(
            "{} = {}\n",
            quote(code),
            list(profiles.iter().copied())
        ));
    }
    s
}

/// The sample's exceptions register, `policies/exceptions.toml`: one
/// exception in force (a training account of the DPI), one past its expiry
/// (an interactive service account) and one that no longer matches
/// anything — what a real register holds after a year.
pub(crate) const EXCEPTIONS_PATH: &str = "policies/exceptions.toml";

pub(crate) fn exceptions(w: &World) -> String {
    use super::world::{Kind, Source};
    let as_of = w.params.as_of;
    let usable =
        |a: &&super::world::Account| a.usable(as_of.and_hms_opt(0, 0, 0).unwrap_or_default());
    let mut s = String::from(
        "# Registre des dérogations du Centre hospitalier de démonstration (fictif).\n\
         # Généré par vigie-samplegen.\n",
    );
    let mut entry = |check: &str,
                     subject: &str,
                     reason: &str,
                     who: &str,
                     ticket: &str,
                     days: i64| {
        let expires = as_of + chrono::Duration::days(days);
        s.push_str(&format!(
            "\n[[exception]]\ncheck = {}\nsubject = {}\nreason = {}\napproved_by = {}\nticket = {}\nexpires = {}\n",
            quote(check),
            quote(subject),
            quote(reason),
            quote(who),
            quote(ticket),
            expires.format("%Y-%m-%d")
        ));
    };
    if let Some(a) = w
        .accounts
        .iter()
        .filter(usable)
        .find(|a| a.kind == Kind::Test && a.source == Source::Dpi)
    {
        entry(
            "DRT-007",
            &a.id(),
            "Compte de formation utilisé aux sessions d'accueil des internes ; désactivé entre deux sessions",
            "RSSI — comité sécurité du 12/03/2026",
            "DSI-2026-041",
            120,
        );
    }
    if let Some(a) = w.accounts.iter().filter(usable).find(|a| {
        a.kind == Kind::Service
            && a.source == Source::Ad
            && a.groups.iter().any(|&g| w.groups[g].interactive)
    }) {
        entry(
            "DRT-006",
            &a.id(),
            "Ouverture de session par l'éditeur pendant la migration du serveur",
            "DSI — chef de projet infrastructure",
            "DSI-2025-187",
            -45,
        );
    }
    entry(
        "CYC-006",
        "ad:presta.migration",
        "Compte du prestataire de la migration du PACS, jusqu'à la recette",
        "RSSI",
        "DSI-2026-009",
        200,
    );
    s
}

pub(crate) fn write(w: &World, out: &mut Output) -> Result<(), Error> {
    out.write(PATH, text(w).as_bytes())?;
    out.write(EXCEPTIONS_PATH, exceptions(w).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declarations load as a valid policy and say what the generator
    /// means.
    #[test]
    fn the_sample_policy_loads() {
        let params = crate::samplegen::Params::default();
        let w = crate::samplegen::build(&params);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checks.toml");
        std::fs::write(&path, text(&w)).unwrap();
        let p =
            crate::checks::policy::load(dir.path()).unwrap_or_else(|d| panic!("{}", d.render()));
        assert_eq!(p["it_units"], serde_json::json!(["6040"]));
        assert_eq!(p["shared_units"], serde_json::json!(["1080"]));
        assert_eq!(
            p["profile_matrix"]["dpi"]["10"],
            serde_json::json!(["Médecin prescripteur", "Interne", "DIM - codage"])
        );
        assert_eq!(
            p["profile_matrix"]["dpi"][""],
            serde_json::json!(["Étudiant"])
        );
        let re = regex::Regex::new(p["unit_groups"][0].as_str().unwrap()).unwrap();
        let caps = re.captures("Service Cardiologie (UF 1010)").unwrap();
        assert_eq!(&caps["unit"], "1010");
    }
}
