//! A national-scale filler for the RPPS extract: millions of lines as wide
//! as the real file (addresses, SIRET, telephone, sector: 250 to 400 bytes a
//! line, most columns of a liberal practice filled, many empty for salaried
//! staff), names drawn from a long-tailed distribution so that an HR
//! population finds a realistic number of namesakes, and optionally one
//! professional in N working at a given establishment. Written without a
//! per-field allocation so that two million lines take seconds.

use super::{with_luhn, COLUMNS};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{self, Write};

/// What [`write_national_filler`] writes.
#[derive(Debug, Clone)]
pub struct NationalFiller<'a> {
    pub seed: u64,
    /// Activity lines to write.
    pub lines: usize,
    /// Index of the first professional ([`filler_identifier`]).
    pub first_index: u64,
    /// `(FINESS site, FINESS juridique)` of an establishment some
    /// professionals work at.
    pub home: Option<(&'a str, &'a str)>,
    /// One professional in `home_every` has an activity at `home`.
    pub home_every: u64,
}

/// The RPPS number of the filler professional `index` (the same numbering as
/// [`super::write_filler`]).
pub fn filler_identifier(index: u64) -> String {
    with_luhn(&format!("1{:09}", 900_000_000 + index % 100_000_000))
}

const COMMON_LAST: [&str; 48] = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFÈVRE",
    "FAURE",
    "ANDRÉ",
    "MERCIER",
    "BLANC",
    "GUÉRIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANÇOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
    "PERRIN",
    "ROBIN",
    "CLÉMENT",
    "MORIN",
    "NICOLAS",
    "HENRY",
    "ROUSSEL",
    "MATHIEU",
];
const SYLLABLES: [&str; 40] = [
    "BA", "BE", "BOU", "CHA", "CHE", "DA", "DE", "DOU", "FA", "FER", "GA", "GI", "GRAN", "JA",
    "LA", "LE", "LOU", "MA", "MAR", "ME", "MI", "MON", "NA", "NE", "PA", "PE", "PI", "RA", "RE",
    "RI", "ROU", "SA", "SE", "TA", "TE", "TI", "VA", "VE", "VIL", "ZA",
];
const ENDINGS: [&str; 12] = [
    "", "T", "N", "RD", "UX", "L", "S", "NNE", "AU", "Y", "R", "LLE",
];
const FIRST: [&str; 48] = [
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "Nathalie",
    "Isabelle",
    "Sophie",
    "Philippe",
    "Camille",
    "Julien",
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Élodie",
    "Thomas",
    "Nicolas",
    "Julie",
    "Céline",
    "Stéphane",
    "Sébastien",
    "Aurélie",
    "Émilie",
    "Laurent",
    "Christophe",
    "Valérie",
    "Sandrine",
    "Frédéric",
    "Anne",
    "Claire",
    "Hélène",
    "François",
    "Jérôme",
    "Mathieu",
    "Caroline",
    "Audrey",
    "Laura",
    "Sarah",
    "Antoine",
    "Maxime",
    "Alexandre",
    "Agnès",
    "Benoît",
    "Delphine",
    "Gaëlle",
    "Noémie",
    "Loïc",
];
/// (code, label, authority, savoir-faire code, savoir-faire label, share in ‰).
const PROFESSIONS: [(&str, &str, &str, &str, &str, u32); 8] = [
    ("60", "Infirmier", "ONI/ONI/ONI", "", "", 400),
    (
        "10",
        "Médecin",
        "CNOM/CNOM/CNOM",
        "SM54",
        "Médecine Générale (SM)",
        230,
    ),
    (
        "70",
        "Masseur-Kinésithérapeute",
        "CNOMK/CNOMK/CNOMK",
        "",
        "",
        110,
    ),
    ("21", "Pharmacien", "CNOP/CNOP/CNOP", "", "", 90),
    (
        "40",
        "Chirurgien-Dentiste",
        "ONCD/ONCD/ONCD",
        "SCD01",
        "Orthopédie dento-faciale",
        50,
    ),
    ("50", "Sage-Femme", "CNOSF/CNOSF/CNOSF", "", "", 30),
    ("91", "Orthophoniste", "ARS/ARS/ARS", "", "", 50),
    ("94", "Ergothérapeute", "ARS/ARS/ARS", "", "", 40),
];
const STREETS: [(&str, &str, &str); 6] = [
    ("R", "Rue", "DE LA RÉPUBLIQUE"),
    ("AV", "Avenue", "DU GÉNÉRAL DE GAULLE"),
    ("BD", "Boulevard", "VICTOR HUGO"),
    ("PL", "Place", "DE L'ÉGLISE"),
    ("CHE", "Chemin", "DES VIGNES"),
    ("R", "Rue", "JEAN JAURÈS"),
];
const CITIES: [&str; 8] = [
    "PARIS",
    "LYON",
    "SAINT-ÉTIENNE",
    "BÉZIERS",
    "NANTES",
    "ORLÉANS",
    "TOULOUSE",
    "VILLEFRANCHE-SUR-SAÔNE",
];

/// A last name: a common one one time in ten, else one of some seven
/// hundred thousand rarer names.
fn last_name(rng: &mut impl Rng, out: &mut String) {
    out.clear();
    if rng.random_bool(0.1) {
        out.push_str(COMMON_LAST[rng.random_range(0..COMMON_LAST.len())]);
        return;
    }
    for _ in 0..rng.random_range(2..4u32) {
        out.push_str(SYLLABLES[rng.random_range(0..SYLLABLES.len())]);
    }
    out.push_str(ENDINGS[rng.random_range(0..ENDINGS.len())]);
}

/// A first name, compound (« Marie-Hélène ») one time in four.
fn first_name(rng: &mut impl Rng, out: &mut String) {
    out.clear();
    out.push_str(FIRST[rng.random_range(0..FIRST.len())]);
    if rng.random_bool(0.25) {
        out.push('-');
        out.push_str(FIRST[rng.random_range(0..FIRST.len())]);
    }
}

/// `count` (last name, first name) pairs drawn like the filler's, for an HR
/// population that has namesakes in the extract.
pub fn random_names(seed: u64, count: usize) -> Vec<(String, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut last, mut first) = (String::new(), String::new());
    (0..count)
        .map(|_| {
            last_name(&mut rng, &mut last);
            first_name(&mut rng, &mut first);
            (last.clone(), first.clone())
        })
        .collect()
}

/// Writes the last `digits` decimal digits of `n`, zero-padded.
fn num(line: &mut Vec<u8>, mut n: u64, digits: usize) {
    let start = line.len();
    line.resize(start + digits, b'0');
    for d in line[start..].iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Writes `o.lines` activity lines of professionals `o.first_index`, … with
/// one to three activities each.
pub fn write_national_filler(w: &mut impl Write, o: &NationalFiller<'_>) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let mut line: Vec<u8> = Vec::with_capacity(1024);
    let (mut last, mut first) = (String::new(), String::new());
    let mut written = 0usize;
    let mut index = o.first_index;
    let columns = COLUMNS.len();
    while written < o.lines {
        let id = filler_identifier(index);
        let at_home = o
            .home
            .filter(|_| o.home_every > 0 && index.is_multiple_of(o.home_every));
        index += 1;
        let mut pick = rng.random_range(0..1000u32);
        let profession = PROFESSIONS
            .iter()
            .find(|p| {
                let hit = pick < p.5;
                pick = pick.saturating_sub(p.5);
                hit
            })
            .unwrap_or(&PROFESSIONS[0]);
        let (pcode, plabel, authority, sf_code, sf_label, _) = *profession;
        last_name(&mut rng, &mut last);
        first_name(&mut rng, &mut first);
        let activities = 1 + rng.random_range(0..3usize).min(o.lines - written - 1);
        for a in 0..activities {
            let home = at_home.filter(|_| a == 0);
            let salaried = home.is_some() || (a == 0 && rng.random_bool(0.45));
            let dept = rng.random_range(1..96u64);
            line.clear();
            let field = |line: &mut Vec<u8>, s: &[u8]| {
                line.extend_from_slice(s);
                line.push(b'|');
            };
            field(&mut line, b"8");
            field(&mut line, id.as_bytes());
            line.push(b'8');
            field(&mut line, id.as_bytes());
            let doctor = pcode == "10";
            field(&mut line, if doctor { b"DR" } else { b"" });
            field(&mut line, if doctor { b"Docteur" } else { b"" });
            let woman = rng.random_bool(0.6);
            field(&mut line, if woman { b"MME" } else { b"M" });
            field(&mut line, if woman { b"Madame" } else { b"Monsieur" });
            field(&mut line, last.as_bytes());
            field(&mut line, first.as_bytes());
            field(&mut line, pcode.as_bytes());
            field(&mut line, plabel.as_bytes());
            field(&mut line, b"C");
            field(&mut line, b"Civil");
            field(&mut line, if sf_code.is_empty() { b"" } else { b"S" });
            field(
                &mut line,
                if sf_code.is_empty() {
                    b""
                } else {
                    "Spécialité ordinale".as_bytes()
                },
            );
            field(&mut line, sf_code.as_bytes());
            field(&mut line, sf_label.as_bytes());
            field(&mut line, if salaried { b"S" } else { b"L" });
            field(
                &mut line,
                if salaried {
                    "Salarié".as_bytes()
                } else {
                    "Libéral, indépendant, artisan, commerçant".as_bytes()
                },
            );
            let siren = rng.random_range(100_000_000..999_999_999u64);
            if salaried {
                field(&mut line, b"");
                field(&mut line, b"");
            } else {
                num(&mut line, siren, 9);
                num(&mut line, rng.random_range(0..100_000u64), 5);
                line.push(b'|');
                num(&mut line, siren, 9);
                line.push(b'|');
            }
            match home {
                Some((site, legal)) => {
                    field(&mut line, site.as_bytes());
                    field(&mut line, legal.as_bytes());
                }
                None if salaried => {
                    num(
                        &mut line,
                        dept * 10_000_000 + rng.random_range(0..1_000_000u64),
                        9,
                    );
                    line.push(b'|');
                    num(
                        &mut line,
                        dept * 10_000_000 + rng.random_range(0..1_000_000u64),
                        9,
                    );
                    line.push(b'|');
                }
                None => {
                    field(&mut line, b"");
                    field(&mut line, b"");
                }
            }
            line.extend_from_slice(b"R1000");
            num(&mut line, rng.random_range(0..10_000_000_000u64), 10);
            line.push(b'|');
            if salaried {
                field(&mut line, "CENTRE HOSPITALIER GÉNÉRAL".as_bytes());
            } else {
                line.extend_from_slice(b"CABINET DU ");
                line.extend_from_slice(if doctor { b"DR " } else { b"" });
                field(&mut line, last.as_bytes());
            }
            field(
                &mut line,
                if salaried {
                    b""
                } else {
                    "MAISON DE SANTÉ".as_bytes()
                },
            );
            field(
                &mut line,
                if rng.random_bool(0.2) {
                    "BÂTIMENT B".as_bytes()
                } else {
                    b""
                },
            );
            field(&mut line, b"");
            num(&mut line, rng.random_range(1..200u64), 3);
            line.push(b'|');
            field(&mut line, b"");
            let (tcode, tlabel, street) = STREETS[rng.random_range(0..STREETS.len())];
            field(&mut line, tcode.as_bytes());
            field(&mut line, tlabel.as_bytes());
            field(&mut line, street.as_bytes());
            field(&mut line, b"");
            let postal = dept * 1000 + rng.random_range(0..1000u64);
            num(&mut line, postal, 5);
            line.extend_from_slice(b" ");
            field(
                &mut line,
                CITIES[(postal % CITIES.len() as u64) as usize].as_bytes(),
            );
            num(&mut line, postal, 5);
            line.push(b'|');
            num(&mut line, dept * 1000 + postal % 997, 5);
            line.push(b'|');
            field(
                &mut line,
                CITIES[(postal % CITIES.len() as u64) as usize].as_bytes(),
            );
            field(&mut line, b"99000");
            field(&mut line, b"France");
            line.push(b'0');
            num(&mut line, rng.random_range(100_000_000..999_999_999u64), 9);
            line.push(b'|');
            field(&mut line, b"");
            field(&mut line, b"");
            if !salaried && rng.random_bool(0.3) {
                line.extend_from_slice(b"cabinet.");
                num(&mut line, siren, 9);
                line.extend_from_slice(b"@exemple.fr");
            }
            line.push(b'|');
            num(&mut line, dept, 2);
            line.push(b'|');
            field(&mut line, b"DEPARTEMENT");
            field(&mut line, b"");
            field(&mut line, authority.as_bytes());
            field(&mut line, if salaried { b"SA01" } else { b"SA07" });
            field(
                &mut line,
                if salaried {
                    "Établissement public de santé".as_bytes()
                } else {
                    b"Cabinet individuel"
                },
            );
            field(&mut line, b"");
            field(&mut line, b"");
            debug_assert_eq!(memchr::memchr_iter(b'|', &line).count(), columns);
            line.push(b'\n');
            w.write_all(&line)?;
            written += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_lines_are_wide_complete_and_reach_home() {
        let mut out = Vec::new();
        let o = NationalFiller {
            seed: 3,
            lines: 3000,
            first_index: 0,
            home: Some(("750000002", "750000001")),
            home_every: 100,
        };
        write_national_filler(&mut out, &o).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3000);
        for l in &lines {
            assert_eq!(l.split('|').count(), COLUMNS.len() + 1, "{l}");
            assert!(l.ends_with('|'));
        }
        let mean = text.len() / lines.len();
        assert!((250..=400).contains(&mean), "mean width {mean}");
        let home = lines
            .iter()
            .filter(|l| l.contains("|750000002|750000001|"))
            .count();
        assert!((15..=25).contains(&home), "{home} lines at home");
        assert!(lines[0].starts_with(&format!(
            "8|{}|8{}|",
            filler_identifier(0),
            filler_identifier(0)
        )));
    }
}
