//! Writes files in the layout of the national `PS_LibreAcces_Personne_activite`
//! extract (pipe-separated, one header, no quoting, trailing `|` on every
//! line, one line per activity), for the sample hospital and benchmarks.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, Write};

/// The 52 named columns, in the order of the national file.
pub const COLUMNS: [&str; 52] = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
];

/// One activity line; empty strings leave a column empty.
#[derive(Debug, Clone, Default)]
pub struct RppsLine<'a> {
    /// `8` (RPPS) or `0` (ADELI).
    pub identifier_type: &'a str,
    pub identifier: &'a str,
    /// `M` / `MME` / `DR`… and its label.
    pub civility_code: &'a str,
    pub civility_label: &'a str,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub profession_code: &'a str,
    pub profession_label: &'a str,
    /// `C` civil, `M` militaire, `E` étudiant.
    pub category_code: &'a str,
    pub specialty_code: &'a str,
    pub specialty_label: &'a str,
    /// `S` salarié, `L` libéral, `B` bénévole.
    pub mode: &'a str,
    pub finess_site: &'a str,
    pub finess_legal_entity: &'a str,
    pub site_name: &'a str,
    pub postal_code: &'a str,
    pub city: &'a str,
    pub registration_authority: &'a str,
}

pub fn write_header(w: &mut impl Write) -> io::Result<()> {
    for c in COLUMNS {
        w.write_all(c.as_bytes())?;
        w.write_all(b"|")?;
    }
    w.write_all(b"\n")
}

pub fn write_line(w: &mut impl Write, l: &RppsLine<'_>) -> io::Result<()> {
    let national = format!("{}{}", l.identifier_type, l.identifier);
    let category_label = match l.category_code {
        "C" => "Civil",
        "M" => "Militaire",
        "E" => "Etudiant",
        _ => "",
    };
    let mode_label = match l.mode {
        "S" => "Salarié",
        "L" => "Libéral, indépendant, artisan, commerçant",
        "B" => "Bénévole",
        _ => "",
    };
    let type_sf = if l.specialty_code.is_empty() { "" } else { "S" };
    let type_sf_label = if l.specialty_code.is_empty() {
        ""
    } else {
        "Spécialité ordinale"
    };
    let mut cols = [""; 52];
    cols[0] = l.identifier_type;
    cols[1] = l.identifier;
    cols[2] = &national;
    cols[3] = l.civility_code;
    cols[4] = l.civility_label;
    cols[7] = l.last_name;
    cols[8] = l.first_name;
    cols[9] = l.profession_code;
    cols[10] = l.profession_label;
    cols[11] = l.category_code;
    cols[12] = category_label;
    cols[13] = type_sf;
    cols[14] = type_sf_label;
    cols[15] = l.specialty_code;
    cols[16] = l.specialty_label;
    cols[17] = l.mode;
    cols[18] = mode_label;
    cols[21] = l.finess_site;
    cols[22] = l.finess_legal_entity;
    cols[24] = l.site_name;
    cols[35] = l.postal_code;
    cols[37] = l.city;
    cols[38] = if l.postal_code.is_empty() {
        ""
    } else {
        "99000"
    };
    cols[39] = if l.postal_code.is_empty() {
        ""
    } else {
        "France"
    };
    cols[47] = l.registration_authority;
    for c in cols {
        w.write_all(c.as_bytes())?;
        w.write_all(b"|")?;
    }
    w.write_all(b"\n")
}

/// Appends the Luhn check digit to `body` (digits only).
pub fn with_luhn(body: &str) -> String {
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|candidate| crate::reconcile::identifier::luhn_valid(candidate))
        .expect("one of ten check digits satisfies Luhn")
}

const LAST: [&str; 24] = [
    "MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS", "MOREAU",
    "LAURENT", "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL",
    "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE",
];
const FIRST: [&str; 16] = [
    "Marie", "Jean", "Pierre", "Michel", "Nathalie", "Isabelle", "Sophie", "Philippe", "Camille",
    "Julien", "Léa", "Hugo", "Chloé", "Lucas", "Manon", "Élodie",
];
const PROFESSIONS: [(&str, &str, &str); 6] = [
    ("10", "Médecin", "CNOM/CNOM/CNOM"),
    ("60", "Infirmier", "ONI/ONI/ONI"),
    ("21", "Pharmacien", "CNOP/CNOP/CNOP"),
    ("70", "Masseur-Kinésithérapeute", "CNOMK/CNOMK/CNOMK"),
    ("50", "Sage-Femme", "CNOSF/CNOSF/CNOSF"),
    ("91", "Orthophoniste", "ARS/ARS/ARS"),
];

/// Writes `count` activity lines of professionals unrelated to the sample
/// establishment, deterministic for a given `seed`. Identifiers start at
/// `first_index` so several calls never collide; professionals get one to
/// three activity lines, as in the national file.
pub fn write_filler(
    w: &mut impl Write,
    seed: u64,
    count: usize,
    first_index: u64,
) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut written = 0usize;
    let mut index = first_index;
    while written < count {
        let id = with_luhn(&format!("1{:09}", 900_000_000 + index % 100_000_000));
        index += 1;
        let (pcode, plabel, auth) = PROFESSIONS[rng.random_range(0..PROFESSIONS.len())];
        let last = LAST[rng.random_range(0..LAST.len())];
        let first = FIRST[rng.random_range(0..FIRST.len())];
        let activities = 1 + rng.random_range(0..3usize).min(count - written - 1);
        for a in 0..activities {
            let dept = rng.random_range(1..96u32);
            let finess_site = format!("{dept:02}0{:06}", rng.random_range(0..1_000_000u32));
            let finess_ej = format!("{dept:02}0{:06}", rng.random_range(0..1_000_000u32));
            let liberal = a > 0 || rng.random_bool(0.3);
            let site_name = format!("CENTRE DE SOINS {}", rng.random_range(1..5000u32));
            let postal = format!("{dept:02}{:03}", rng.random_range(0..1000u32));
            write_line(
                w,
                &RppsLine {
                    identifier_type: "8",
                    identifier: &id,
                    civility_code: if pcode == "10" { "DR" } else { "" },
                    civility_label: if pcode == "10" { "Docteur" } else { "" },
                    last_name: last,
                    first_name: first,
                    profession_code: pcode,
                    profession_label: plabel,
                    category_code: "C",
                    specialty_code: if pcode == "10" { "SM54" } else { "" },
                    specialty_label: if pcode == "10" {
                        "Médecine générale"
                    } else {
                        ""
                    },
                    mode: if liberal { "L" } else { "S" },
                    finess_site: if liberal { "" } else { &finess_site },
                    finess_legal_entity: if liberal { "" } else { &finess_ej },
                    site_name: &site_name,
                    postal_code: &postal,
                    city: "VILLE",
                    registration_authority: auth,
                },
            )?;
            written += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_known_rpps() {
        assert_eq!(with_luhn("1000104536"), "10001045367");
        assert_eq!(with_luhn("1010433531"), "10104335319");
    }

    #[test]
    fn lines_have_52_columns_and_a_trailing_pipe() {
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        write_filler(&mut out, 7, 10, 0).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11);
        for l in lines {
            assert!(l.ends_with('|'));
            assert_eq!(l.split('|').count(), 53, "{l}");
        }
    }
}

pub mod national;
