//! The application inventory `applications.csv`, in the shape of the
//! HospiConnect matrix (domain.md §8): application, category, criticality
//! (SSO priority CRITIQUE / ÉLEVÉ / MOYEN / OK), current authentication,
//! protocol, SSO today, OIDC possible, population and user count, owner,
//! health data. UTF-8, `;`, LF.

use super::hr_csv::line;
use super::world::{Source, World};
use super::{Error, Output};

pub(crate) const PATH: &str = "applications.csv";

pub(crate) const COLUMNS: [&str; 12] = [
    "Identifiant",
    "Application",
    "Catégorie",
    "Criticité",
    "Authentification actuelle",
    "Protocole",
    "SSO",
    "OIDC possible",
    "Population",
    "Nombre d'utilisateurs",
    "Responsable",
    "Données de santé",
];

struct App {
    id: &'static str,
    name: &'static str,
    category: &'static str,
    criticality: &'static str,
    auth: &'static str,
    protocol: &'static str,
    sso: bool,
    oidc: bool,
    population: &'static str,
    /// Users per HR person, when the count is not taken from an export.
    share: f64,
    owner: &'static str,
    health: bool,
}

#[rustfmt::skip]
const APPS: &[App] = &[
    App { id: "dpi", name: "DPI - dossier patient informatisé", category: "Soins", criticality: "CRITIQUE", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "Médecins, IDE, secrétariats", share: 0.0, owner: "Cellule DPI (DSI)", health: true },
    App { id: "pacs", name: "PACS - archivage et diffusion d'images", category: "Imagerie", criticality: "OK", auth: "AD (Kerberos)", protocol: "NTLM", sso: true, oidc: false, population: "Radiologues, manipulateurs, cliniciens", share: 0.0, owner: "Service d'imagerie", health: true },
    App { id: "labo", name: "SIL - système d'information du laboratoire", category: "Soins", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "Laboratoire, prescripteurs", share: 0.0, owner: "Laboratoire de biologie", health: true },
    App { id: "ris", name: "RIS - gestion du service d'imagerie", category: "Imagerie", criticality: "ÉLEVÉ", auth: "AD (LDAP)", protocol: "LDAP", sso: false, oidc: false, population: "Imagerie", share: 0.05, owner: "Service d'imagerie", health: true },
    App { id: "pharma", name: "Pharmacie - circuit du médicament", category: "Soins", criticality: "ÉLEVÉ", auth: "CPS directe", protocol: "PKI X.509", sso: false, oidc: false, population: "Pharmaciens, préparateurs", share: 0.04, owner: "Pharmacie à usage intérieur", health: true },
    App { id: "bloc", name: "Gestion du bloc opératoire", category: "Soins", criticality: "ÉLEVÉ", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "Bloc, anesthésie", share: 0.08, owner: "Bloc opératoire", health: true },
    App { id: "urgences", name: "Logiciel des urgences", category: "Soins", criticality: "CRITIQUE", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "Urgences, SMUR", share: 0.07, owner: "Pôle médecine et urgences", health: true },
    App { id: "anesthesie", name: "Dossier d'anesthésie", category: "Soins", criticality: "ÉLEVÉ", auth: "AD (LDAP)", protocol: "LDAP", sso: false, oidc: true, population: "Anesthésistes, IADE", share: 0.03, owner: "Anesthésie", health: true },
    App { id: "dmp", name: "DMP - consultation intégrée au DPI", category: "Soins", criticality: "CRITIQUE", auth: "PSC / AIR simplifié", protocol: "OIDC", sso: false, oidc: true, population: "Médecins, IDE", share: 0.3, owner: "Cellule DPI (DSI)", health: true },
    App { id: "transfusion", name: "Traçabilité transfusionnelle", category: "Soins", criticality: "ÉLEVÉ", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: false, population: "IDE, médecins", share: 0.2, owner: "Hémovigilance", health: true },
    App { id: "ehpad", name: "Dossier de soins EHPAD et SMR", category: "Soins", criticality: "ÉLEVÉ", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "EHPAD, SMR", share: 0.1, owner: "Pôle gériatrie", health: true },
    App { id: "teleradio", name: "Plateforme de téléradiologie", category: "Imagerie", criticality: "ÉLEVÉ", auth: "Login/MDP local", protocol: "HTTPS", sso: false, oidc: true, population: "Radiologues", share: 0.01, owner: "Service d'imagerie", health: true },
    App { id: "pmsi", name: "PMSI - codage des séjours", category: "Soins", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: false, population: "DIM", share: 0.01, owner: "Département d'information médicale", health: true },
    App { id: "gam", name: "GAM - gestion administrative des malades", category: "Administratif", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: true, population: "Bureau des entrées, secrétariats", share: 0.1, owner: "Direction des finances", health: true },
    App { id: "rdv", name: "Planification des consultations", category: "Administratif", criticality: "MOYEN", auth: "AD (LDAP)", protocol: "LDAP", sso: true, oidc: true, population: "Secrétariats", share: 0.08, owner: "Consultations externes", health: true },
    App { id: "grh", name: "GRH et paie", category: "Administratif", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: false, population: "RH, cadres", share: 0.05, owner: "Direction des ressources humaines", health: false },
    App { id: "temps", name: "Gestion du temps de travail", category: "Administratif", criticality: "MOYEN", auth: "AD (LDAP)", protocol: "LDAP", sso: true, oidc: true, population: "Cadres, agents", share: 0.7, owner: "Direction des ressources humaines", health: false },
    App { id: "gef", name: "Gestion économique et financière", category: "Administratif", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: false, population: "Finances, achats", share: 0.03, owner: "Direction des finances", health: false },
    App { id: "mssante", name: "Messagerie sécurisée MSSanté", category: "Communication", criticality: "MOYEN", auth: "CPS/e-CPS", protocol: "SMTP/IMAP", sso: false, oidc: true, population: "Tous PS", share: 0.2, owner: "Direction des systèmes d'information", health: true },
    App { id: "messagerie", name: "Messagerie interne", category: "Communication", criticality: "OK", auth: "AD (Kerberos)", protocol: "Kerberos", sso: true, oidc: true, population: "Tous", share: 0.9, owner: "Direction des systèmes d'information", health: false },
    App { id: "intranet", name: "Portail intranet", category: "Portail", criticality: "CRITIQUE", auth: "AD LDAP bind", protocol: "LDAP", sso: true, oidc: true, population: "Tous", share: 0.9, owner: "Communication", health: false },
    App { id: "vpn", name: "Accès distant VPN", category: "Infrastructure", criticality: "CRITIQUE", auth: "AD + OTP", protocol: "RADIUS", sso: false, oidc: true, population: "Médecins, DSI, prestataires", share: 0.1, owner: "Direction des systèmes d'information", health: false },
    App { id: "gmao", name: "GMAO biomédicale", category: "Technique", criticality: "MOYEN", auth: "Login/MDP local", protocol: "Propriétaire", sso: false, oidc: false, population: "Biomédical, services techniques", share: 0.03, owner: "Services techniques", health: false },
    App { id: "qualite", name: "Gestion des risques et événements indésirables", category: "Qualité", criticality: "MOYEN", auth: "AD (LDAP)", protocol: "LDAP", sso: true, oidc: true, population: "Tous", share: 0.5, owner: "Qualité et gestion des risques", health: false },
    App { id: "restauration", name: "Commande des repas", category: "Logistique", criticality: "OK", auth: "AD (Kerberos)", protocol: "NTLM", sso: true, oidc: false, population: "Soignants, cuisine", share: 0.3, owner: "Logistique et restauration", health: false },
    App { id: "telephonie", name: "Téléphonie et DECT", category: "Infrastructure", criticality: "OK", auth: "AD (Kerberos)", protocol: "Kerberos", sso: true, oidc: false, population: "Tous", share: 0.6, owner: "Direction des systèmes d'information", health: false },
];

/// Inventory ids, for the configuration and the truth.
pub(crate) fn ids() -> impl Iterator<Item = &'static str> {
    APPS.iter().map(|a| a.id)
}

pub(crate) fn write(w: &World, out: &mut Output) -> Result<(), Error> {
    let count = |s: Source| {
        w.accounts
            .iter()
            .filter(|a| a.source == s && a.enabled)
            .count()
    };
    let yes = |b: bool| if b { "Oui" } else { "Non" };
    let mut text = String::new();
    line(&mut text, &COLUMNS, ';', "\n");
    for app in APPS {
        let users = match app.id {
            "dpi" => count(Source::Dpi),
            "pacs" => count(Source::Pacs),
            "labo" => count(Source::Labo),
            _ => (((w.params.persons as f64 * app.share) / 10.0).round() as usize * 10).max(10),
        };
        let users = users.to_string();
        let fields = [
            app.id,
            app.name,
            app.category,
            app.criticality,
            app.auth,
            app.protocol,
            yes(app.sso),
            yes(app.oidc),
            app.population,
            &users,
            app.owner,
            yes(app.health),
        ];
        line(&mut text, &fields, ';', "\n");
    }
    out.write(PATH, text.as_bytes())
}
