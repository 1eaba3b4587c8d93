//! The sample's `README.md` (in French, for the hospitals who read it),
//! generated from the estate and the truth so that its figures stay true.

use super::app_files::{DPI_COLUMNS, LABO_COLUMNS, PACS_COLUMNS};
use super::truth::{Truth, FAMILIES};
use super::world::{Contract, Origin, Source, Status, World};
use super::{hr_csv, inventory, national, org, Error, Output};
use std::collections::BTreeMap;

pub(crate) const PATH: &str = "README.md";

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} Mo", bytes as f64 / 1_000_000.0).replace('.', ",")
    } else {
        format!("{} ko", bytes.div_ceil(1000))
    }
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0).replace('.', ",")
}

fn columns(cols: &[&str]) -> String {
    cols.iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn write(w: &World, t: &Truth, out: &mut Output) -> Result<(), Error> {
    let p = &w.params;
    let mut s = String::new();
    s.push_str("# Jeu d'exemple : « Centre hospitalier de démonstration »\n\n");
    s.push_str(&format!(
        "Établissement **fictif** (FINESS juridique {}, sites {}), généré par `vigie-samplegen` \
         ({} lignes RH, graine {}, date d'extraction {}). Aucun nom, numéro ou compte ne désigne \
         une personne réelle : les noms sont tirés au hasard dans des listes de noms courants, les \
         FINESS commencent par 99, les RPPS de l'établissement ne sont pas attribués.\n\n",
        org::FINESS_EJ,
        w.org.site_finess().join(", "),
        p.persons,
        p.seed,
        p.as_of.format("%d/%m/%Y")
    ));
    s.push_str("Régénérer (le test `samplegen` vérifie que ce dossier est identique, octet pour octet, à une génération fraîche) :\n\n```sh\ncargo run --bin vigie-samplegen -- --out samples/ch-demo\n```\n\n");
    s.push_str("Les défauts que les hôpitaux constatent (webinaire HospiConnect du 8 avril 2026) y sont plantés dans des proportions réalistes, et `ground-truth.json` dit pour chaque compte à qui il appartient et quelles anomalies il porte.\n\n");

    s.push_str("## Fichiers\n\n| Fichier | Taille | Format | Contenu |\n|---|---|---|---|\n");
    let count = |src: Source| w.accounts.iter().filter(|a| a.source == src).count();
    let dpi_rows: usize = w
        .accounts
        .iter()
        .filter(|a| a.source == Source::Dpi)
        .map(|a| a.rows.len())
        .sum();
    let rpps_own = w.national.len();
    let describe = |path: &str| -> (&str, String) {
        match path {
            p if p == hr_csv::PATH => ("Windows-1252, `;`, CRLF, dates jj/mm/aaaa", format!("{} agents (une ligne par personne)", w.records.len())),
            "ad/export.ldif" => ("LDIF (`ldapsearch -LLL`), lignes pliées à 76 colonnes, base64 pour l'UTF-8 et objectSid", format!("{} comptes, {} groupes, {} ordinateurs", count(Source::Ad), w.groups.len(), w.computers.len())),
            "dpi/utilisateurs.csv" => ("UTF-8 avec BOM, `;`, CRLF, profils séparés par `,`", format!("{} comptes sur {dpi_rows} lignes (une ligne par UF)", count(Source::Dpi))),
            "pacs/utilisateurs.xlsx" => ("XLSX, feuille « Utilisateurs », dates Excel", format!("{} comptes", count(Source::Pacs))),
            "labo/comptes.csv" => ("UTF-8 sans BOM, `,`, LF, dates ISO", format!("{} comptes", count(Source::Labo))),
            p if p == inventory::PATH => ("UTF-8, `;`", format!("{} applications", inventory::ids().count())),
            "vigie.toml" => ("TOML", "configuration du site".to_string()),
            "policies/checks.toml" => ("TOML", "politique des contrôles de l'établissement (UF informatique, matrice d'habilitation du DPI, cumuls interdits, groupes de service)".to_string()),
            "ground-truth.json" => ("JSON", "vérité terrain".to_string()),
            _ if path.starts_with("rpps/") => ("UTF-8, `|`, `|` final", format!("{rpps_own} activités des professionnels de l'établissement + {} lignes sans rapport", national::filler_count(w))),
            _ => ("", String::new()),
        }
    };
    let mut total = 0u64;
    for f in out.files() {
        let (format, content) = describe(&f.path);
        total += f.bytes;
        s.push_str(&format!(
            "| `{}` | {} | {format} | {content} |\n",
            f.path,
            size(f.bytes)
        ));
    }
    s.push_str(&format!("\nTotal hors README : {}.\n\n", size(total)));

    s.push_str("## Populations\n\n");
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_contract: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &w.records {
        *by_status
            .entry(match r.status {
                Status::Active => "actifs",
                Status::Departed => "sortis",
                Status::Suspended => "en disponibilité ou congé",
            })
            .or_default() += 1;
        *by_contract.entry(r.contract_family_fr()).or_default() += 1;
    }
    let join = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    s.push_str(&format!(
        "- **RH** : {} lignes ({}) ; contrats : {}. {} UF sur {} sites.\n",
        w.records.len(),
        join(&by_status),
        join(&by_contract),
        w.org.units.len(),
        w.org.sites.len()
    ));
    let mut outside: BTreeMap<&str, usize> = BTreeMap::new();
    for h in w.humans.iter().filter(|h| h.origin != Origin::Staff) {
        *outside
            .entry(h.origin.orphan_reason().unwrap_or(""))
            .or_default() += 1;
    }
    s.push_str(&format!(
        "- **Personnes inconnues des RH** mais présentes dans les comptes : {}.\n",
        outside
            .iter()
            .map(|(k, v)| format!("{v} `{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    for src in Source::ALL {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut usable = 0;
        for (i, a) in w
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.source == src)
        {
            *kinds.entry(a.kind.as_str()).or_default() += 1;
            usable += usize::from(t.usable[i]);
        }
        s.push_str(&format!(
            "- **{}** : {} comptes dont {usable} actifs ; par nature : {}.\n",
            src.id(),
            count(src),
            join(&kinds)
        ));
    }
    s.push_str(&format!(
        "\nIndicateurs (calculés sur la vérité terrain) : comptes orphelins ou de personnes sorties = {} des comptes actifs ; identités fragmentées = {} des comptes rattachés à une personne RH ; homonymes et doublons RH = {} des lignes RH.\n\n",
        pct(t.orphan_share),
        pct(t.fragmentation_share),
        pct(t.homonym_duplicate_share)
    ));

    s.push_str("## Conventions d'identifiants\n\n");
    s.push_str("- AD : `dupontm` (comptes créés avant 2012), `mdupont` (2012-2019), `marie.dupont` (depuis 2020) ; suffixe `2`, `3`… si pris ; `ext.` et `presta.` pour les prestataires, `etu.` pour des étudiants ; `<login>_adm` pour les comptes d'administration.\n");
    s.push_str("- DPI : `DUPONTM` (avant 2018) puis `MARI_DUP` ; nom de naissance en majuscules, souvent sans accents.\n");
    s.push_str(
        "- PACS : `MDupont`, `MDupont_Radio` en imagerie, parfois `MDupont_Urg` ; nom d'usage.\n",
    );
    s.push_str("- Laboratoire : `dupmar` (3 lettres du nom, 3 du prénom), noms en majuscules sans accents.\n");
    s.push_str("- Seuls une partie des comptes AD portent `employeeID` (matricule, parfois sans zéros de tête) ou `extensionAttribute1` (RPPS) ; le DPI porte le RPPS de la plupart des médecins ; le laboratoire le matricule de près de la moitié.\n\n");

    s.push_str("## Anomalies plantées\n\nComptées par règle sur la vérité terrain (les cas accidentels comptent aussi). « Actif » = utilisable à la date d'extraction : activé et, dans l'AD, `accountExpires` non dépassé. Axes : 1 cycle de vie des identités, 2 droits et accès, 4 moyens d'identification.\n\n| Famille | Axe | Sujets | Nombre | Définition |\n|---|---|---|---|---|\n");
    for (id, subject, axis, def) in FAMILIES {
        s.push_str(&format!(
            "| `{id}` | {axis} | {} | {} | {def} |\n",
            subject.as_str(),
            t.families[id].len()
        ));
    }
    s.push_str("\n## Colonnes\n\n");
    s.push_str(&format!(
        "- `{}` : {}.\n",
        hr_csv::PATH,
        columns(&hr_csv::COLUMNS)
    ));
    s.push_str(&format!(
        "- `dpi/utilisateurs.csv` : {}.\n",
        columns(&DPI_COLUMNS)
    ));
    s.push_str(&format!(
        "- `pacs/utilisateurs.xlsx` : {}.\n",
        columns(&PACS_COLUMNS)
    ));
    s.push_str(&format!(
        "- `labo/comptes.csv` : {}.\n",
        columns(&LABO_COLUMNS)
    ));
    s.push_str(&format!(
        "- `{}` : {}.\n",
        inventory::PATH,
        columns(&inventory::COLUMNS)
    ));
    s.push_str("- `ad/export.ldif` : `objectClass`, `cn`, `sn`, `title`, `description`, `givenName`, `whenCreated`, `displayName`, `memberOf`, `department`, `userAccountControl`, `pwdLastSet`, `objectSid`, `accountExpires`, `lastLogonTimestamp` (absent si jamais utilisé), `sAMAccountName`, `userPrincipalName`, `mail`, `manager`, `employeeID`, `extensionAttribute1` (RPPS) ; groupes : `member`, `memberOf`, `groupType`.\n\n");

    s.push_str("## Vérité terrain (`ground-truth.json`)\n\n");
    s.push_str("- `rules` : seuils (90 jours, 30 jours), groupes privilégiés, interactifs et d'accès aux données de santé, profils administrateurs, matrice profils DPI / profession.\n");
    s.push_str("- `families` (définition et nombre), `anomalies` (famille → identifiants), `pairs` (doublons RH et homonymes par paires).\n");
    s.push_str("- `persons` : une ligne par ligne RH (`rh:<Matricule>`) avec l'identité vraie (nom, prénoms, date de naissance, RPPS), le contrat, le statut, la mutation éventuelle (`moved`), `duplicate_of` et ses anomalies.\n");
    s.push_str("- `humans_outside_hr` : les personnes réelles absentes de l'export RH (origine, identité).\n");
    s.push_str("- `accounts` : `<source>:<login en minuscules>`, propriétaire RH (`owner`, ou `null`), personne réelle (`human`), nature (`nominative`, `generic`, `shared`, `service`, `test`, `admin`, `technical`), état, privilèges, anomalies.\n");
    s.push_str("- `groups` : `ad:<DN en minuscules>`, privilégié, interactif, application de santé, anomalies.\n");
    out.write(PATH, s.as_bytes())
}

impl super::world::Record {
    fn contract_family_fr(&self) -> &'static str {
        match self.contract {
            Contract::Permanent => "permanents",
            Contract::FixedTerm => "CDD",
            Contract::Interim => "intérimaires",
            Contract::Trainee => "stagiaires",
            Contract::Resident => "internes",
            Contract::Contractor => "prestataires",
            Contract::Casual => "vacataires",
        }
    }
}
