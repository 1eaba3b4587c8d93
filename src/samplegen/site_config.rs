//! `vigie.toml` for the generated estate, mapping every Vigie field to the
//! exact column (or attribute) names the writers use.

use super::app_files::{DPI_PATH, LABO_PATH, PACS_PATH, PACS_SHEET};
use super::world::World;
use super::{hr_csv, inventory, ldif, national, org, Error, Output};

pub(crate) const PATH: &str = "vigie.toml";

/// (Vigie field, column) per source.
pub(crate) const SIRH_COLUMNS: [(&str, &str); 18] = [
    ("employee_number", "Matricule"),
    ("birth_name", "Nom de naissance"),
    ("usage_name", "Nom d'usage"),
    ("first_names", "Prénoms"),
    ("birth_date", "Date de naissance"),
    ("sex", "Sexe"),
    ("profession_code", "Code profession"),
    ("profession_label", "Libellé profession"),
    ("rpps", "RPPS"),
    ("unit_code", "Code UF"),
    ("unit_label", "Libellé UF"),
    ("site_finess", "FINESS site"),
    ("contract_type", "Type de contrat"),
    ("arrival_date", "Date d'entrée"),
    ("end_date", "Date de sortie"),
    ("status", "Statut"),
    ("manager", "Matricule responsable"),
    ("email", "Email"),
];
pub(crate) const DPI_COLUMNS: [(&str, &str); 9] = [
    ("login", "Identifiant"),
    ("last_name", "Nom"),
    ("first_name", "Prénom"),
    ("rpps", "RPPS"),
    ("profiles", "Profil(s)"),
    ("unit", "UF"),
    ("enabled", "Actif"),
    ("created", "Date de création"),
    ("last_logon", "Dernière connexion"),
];
pub(crate) const PACS_COLUMNS: [(&str, &str); 8] = [
    ("login", "Login"),
    ("last_name", "Nom"),
    ("first_name", "Prénom"),
    ("profiles", "Rôle"),
    ("unit", "Service"),
    ("enabled", "Statut"),
    ("last_logon", "Dernière connexion"),
    ("created", "Créé le"),
];
pub(crate) const LABO_COLUMNS: [(&str, &str); 9] = [
    ("login", "login"),
    ("last_name", "nom"),
    ("first_name", "prenom"),
    ("employee_number", "matricule"),
    ("profiles", "profil"),
    ("unit", "service"),
    ("enabled", "actif"),
    ("created", "date_creation"),
    ("last_logon", "derniere_connexion"),
];
pub(crate) const APPLICATION_COLUMNS: [(&str, &str); 12] = [
    ("id", "Identifiant"),
    ("name", "Application"),
    ("category", "Catégorie"),
    ("criticality", "Criticité"),
    ("auth_mode", "Authentification actuelle"),
    ("protocol", "Protocole"),
    ("sso", "SSO"),
    ("oidc_possible", "OIDC possible"),
    ("population", "Population"),
    ("user_count", "Nombre d'utilisateurs"),
    ("owner", "Responsable"),
    ("health_data", "Données de santé"),
];
/// AD attributes mapped explicitly (the others use AD names by default).
pub(crate) const AD_COLUMNS: [(&str, &str); 1] = [("rpps", "extensionAttribute1")];

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn source(out: &mut String, head: &[(&str, &str)], columns: &[(&str, &str)]) {
    out.push_str("\n[[source]]\n");
    for (k, v) in head {
        out.push_str(&format!("{k} = {}\n", quote(v)));
    }
    if !columns.is_empty() {
        out.push_str("[source.columns]\n");
        for (k, v) in columns {
            out.push_str(&format!("{k} = {}\n", quote(v)));
        }
    }
}

pub(crate) fn write(w: &World, out: &mut Output) -> Result<(), Error> {
    let mut s = String::new();
    s.push_str("# Configuration Vigie du jeu d'exemple (établissement fictif).\n");
    s.push_str(&format!(
        "# Générée par vigie-samplegen : {} personnes, graine {}, extraction du {}.\n",
        w.params.persons,
        w.params.seed,
        w.params.as_of.format("%d/%m/%Y")
    ));
    s.push_str(&format!(
        "as_of = {}\nchecks = {}\npolicies = \"policies\"\n\n[establishment]\n",
        w.params.as_of.format("%Y-%m-%d"),
        quote(&w.params.catalogue)
    ));
    s.push_str(&format!(
        "name = {}\nfiness = {}\n",
        quote(org::NAME),
        quote(org::FINESS_EJ)
    ));
    let sites: Vec<String> = w.org.site_finess().iter().map(|f| quote(f)).collect();
    s.push_str(&format!("sites = [{}]\n", sites.join(", ")));
    let hr = [
        ("id", "rh"),
        ("kind", "sirh"),
        ("path", hr_csv::PATH),
        ("encoding", "windows-1252"),
        ("delimiter", ";"),
        ("date_order", "dmy"),
    ];
    source(&mut s, &hr, &SIRH_COLUMNS);
    source(
        &mut s,
        &[("id", "ad"), ("kind", "ad-ldif"), ("path", ldif::PATH)],
        &AD_COLUMNS,
    );
    let dpi = [
        ("id", "dpi"),
        ("kind", "accounts"),
        ("application", "dpi"),
        ("path", DPI_PATH),
        ("encoding", "utf-8"),
        ("delimiter", ";"),
        ("list_separator", ","),
    ];
    source(&mut s, &dpi, &DPI_COLUMNS);
    let pacs = [
        ("id", "pacs"),
        ("kind", "accounts"),
        ("application", "pacs"),
        ("path", PACS_PATH),
        ("sheet", PACS_SHEET),
    ];
    source(&mut s, &pacs, &PACS_COLUMNS);
    let labo = [
        ("id", "labo"),
        ("kind", "accounts"),
        ("application", "labo"),
        ("path", LABO_PATH),
        ("encoding", "utf-8"),
        ("delimiter", ","),
    ];
    source(&mut s, &labo, &LABO_COLUMNS);
    let apps = [
        ("id", "applications"),
        ("kind", "applications"),
        ("path", inventory::PATH),
        ("encoding", "utf-8"),
        ("delimiter", ";"),
    ];
    source(&mut s, &apps, &APPLICATION_COLUMNS);
    let rpps_path = national::path(w);
    source(
        &mut s,
        &[("id", "rpps"), ("kind", "rpps"), ("path", &rpps_path)],
        &[],
    );
    out.write(PATH, s.as_bytes())
}
