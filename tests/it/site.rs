//! A small site that produces findings with the bundled catalogue, and the
//! helper that runs the real `vigie` binary on it (gate, history, verify).
//!
//! With `as_of = 2026-11-15` the site gives three findings: CYC-001 (élevée)
//! on `dpi:martin_p` (account of an agent who left), CYC-006 (élevée) on
//! `dpi:orph_j` (orphan account) and IDN-002 (moyenne) on `rh:000001`.

pub use crate::support::vigie;
use crate::support::{repo, small_site_config};
use std::path::PathBuf;

pub const HR: &str = "\
Matricule;Nom de naissance;Nom d'usage;Prénoms;Date de naissance;Sexe;Code profession;Libellé profession;RPPS;Code UF;Libellé UF;Type de contrat;Date d'entrée;Date de sortie;Statut
000001;DUPONT;;Marie;05/03/1972;F;60;Infirmier;;2001;Réanimation;Titulaire;01/09/1998;;Actif
000002;MARTIN;;Paul;01/01/1980;M;60;Infirmier;;2001;Réanimation;CDI;01/01/2010;30/06/2026;Sorti
";

pub const DPI_HEADER: &str =
    "Identifiant,Nom,Prénom,RPPS,Profil,UF,Actif,Date de création,Dernière connexion\n";
pub const DUPONT: &str = "DUPONT_M,DUPONT,Marie,,IDE,2001,Oui,01/09/2015,14/11/2026 08:15\n";
pub const MARTIN_ACTIVE: &str = "MARTIN_P,MARTIN,Paul,,IDE,2001,Oui,01/09/2015,14/11/2026 08:15\n";
pub const MARTIN_DISABLED: &str =
    "MARTIN_P,MARTIN,Paul,,IDE,2001,Non,01/09/2015,14/11/2026 08:15\n";
pub const ORPHAN_J: &str = "ORPH_J,INCONNU,Jean,,IDE,2001,Oui,01/09/2015,14/11/2026 08:15\n";
pub const ORPHAN_K: &str = "ORPH_K,INCONNU,Karim,,IDE,2001,Oui,01/09/2015,14/11/2026 08:15\n";

/// A temporary directory holding the site in `site/` (configuration and
/// sources); run `vigie` from the directory's root.
pub struct Site {
    pub root: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        let root = tempfile::tempdir().unwrap();
        let site = root.path().join("site");
        std::fs::create_dir_all(&site).unwrap();
        let config = small_site_config(&format!(
            "checks = \"{}\"\npolicies = \"{}\"",
            repo("checks"),
            repo("policies")
        ));
        std::fs::write(site.join("vigie.toml"), config).unwrap();
        std::fs::write(site.join("rh.csv"), HR).unwrap();
        let s = Site { root };
        s.accounts(&[DUPONT, MARTIN_ACTIVE, ORPHAN_J]);
        s
    }

    /// Rewrites the DPI export with these lines.
    pub fn accounts(&self, lines: &[&str]) {
        std::fs::write(
            self.path("site/dpi.csv"),
            [DPI_HEADER, &lines.concat()].concat(),
        )
        .unwrap();
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// `vigie scan --config site/vigie.toml --out OUT` plus `extra`.
    pub fn scan(&self, out: &str, extra: &[&str]) -> (i32, String, String) {
        let mut args = vec!["scan", "--config", "site/vigie.toml", "--out", out];
        args.extend_from_slice(extra);
        vigie(self.root.path(), &args)
    }

    pub fn findings(&self, out: &str) -> serde_json::Value {
        let bytes = std::fs::read(self.path(out).join("findings.json")).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }
}

/// (check, subject, baseline status) of every finding, sorted.
pub fn statuses(doc: &serde_json::Value, key: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = doc[key]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
                f["baseline"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}
