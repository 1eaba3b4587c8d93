//! French name pools and the ways systems spell the same name differently:
//! accents dropped, upper case, hyphen or space, apostrophes and particles
//! glued, ligatures expanded, initials, one-letter typos. Pools are common
//! French surnames and given names; every combination is drawn at random, so
//! no real person is described.

use super::world::Sex;
use super::Rng;
use crate::text::fold_accents;
use rand::Rng as _;

#[rustfmt::skip]
pub(crate) const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand",
    "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
    "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
    "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas",
    "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc",
    "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy",
    "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis",
    "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
    "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault",
    "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
    "Fernandez", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot",
    "Daniel", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon",
    "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
    "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Bouchet", "Gay",
    "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
    "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte", "Hébert", "Crépin", "Thérond", "Fréchet", "Bézier", "Lécuyer",
    "Le Goff", "Le Gall", "Le Bihan", "Le Roux", "Le Guen", "Le Corre", "Le Floch", "Le Bris",
    "Le Moal", "Le Pape", "Le Hir", "Le Brun", "de La Fontaine", "de Kermadec", "de Vaucelles",
    "du Plessis", "de Saint-Aubin", "d'Almeida", "Da Silva", "Dos Santos", "Da Costa",
    "N'Diaye", "N'Goma", "N'Guessan", "Ben Salah", "El Amrani", "Ben Youssef", "Van der Meer",
    "Lœuillet", "Lebœuf", "Cœuret", "Nguyen", "Tran", "Pham", "Diallo", "Traoré", "Camara",
    "Haddad", "Benali", "Mansouri", "Bouaziz", "Martin-Lefèvre", "Morel-Dubois", "Roux-Girard",
    "Petit-Jean", "Saint-Martin", "Bonnet-Lacroix", "Durand-Viel", "Grand-Clément", "Ollivier",
    "Quéré", "Kerhervé", "Tanguy", "Guégan", "Jaouen", "Riou", "Salaün", "Cloarec", "Quéméner",
];

#[rustfmt::skip]
pub(crate) const FEMALE: &[&str] = &[
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Sandrine",
    "Christine", "Stéphanie", "Véronique", "Céline", "Sophie", "Caroline", "Aurélie", "Julie",
    "Camille", "Émilie", "Élodie", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Laura", "Pauline",
    "Mathilde", "Clémence", "Anaïs", "Noémie", "Gaëlle", "Maëlle", "Océane", "Hélène", "Agnès",
    "Cécile", "Béatrice", "Brigitte", "Martine", "Danielle", "Fatima", "Aïcha", "Nadia",
    "Samira", "Yasmine", "Amandine", "Audrey", "Virginie", "Delphine", "Karine", "Lætitia",
    "Marion", "Justine", "Charlotte", "Margaux", "Juliette", "Zoé", "Éloïse", "Anne", "Claire",
    "Lucie", "Alice", "Emma", "Louise", "Jeanne", "Rose", "Ophélie", "Solène", "Maïwenn",
    "Gwenaëlle", "Morgane", "Estelle", "Florence", "Corinne", "Patricia", "Laurence", "Mélanie",
    "Jessica", "Élise", "Adèle", "Capucine", "Bérénice", "Josiane", "Ghislaine", "Armelle",
    "Marie-Hélène", "Marie-Claire", "Anne-Sophie", "Marie-Laure", "Marie-Christine",
    "Anne-Laure", "Marie-Josée", "Marie-Pierre", "Marie-Thérèse", "Anne-Marie", "Marie-Noëlle",
];

#[rustfmt::skip]
pub(crate) const MALE: &[&str] = &[
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Patrick", "Nicolas", "Christophe",
    "Laurent", "Frédéric", "Stéphane", "Sébastien", "Julien", "David", "Olivier", "Éric",
    "Thierry", "Pascal", "Vincent", "Guillaume", "Jérôme", "François", "Benoît", "Cédric",
    "Mathieu", "Antoine", "Maxime", "Thomas", "Alexandre", "Romain", "Hugo", "Lucas", "Théo",
    "Louis", "Arthur", "Noé", "Gaël", "Loïc", "Joël", "Raphaël", "Mickaël", "Yannick", "Yann",
    "Karim", "Mohamed", "Mehdi", "Youssef", "Rachid", "Samir", "Bruno", "Didier", "Hervé",
    "Gérard", "Gilles", "Denis", "Fabrice", "Franck", "Arnaud", "Damien", "Jérémy", "Kévin",
    "Florian", "Quentin", "Adrien", "Clément", "Bastien", "Valentin", "Rémi", "Grégoire",
    "Amaury", "Erwan", "Goulven", "Ronan", "Tristan", "Baptiste", "Étienne", "Xavier", "Régis",
    "Jean-Pierre", "Jean-Michel", "Jean-François", "Jean-Luc", "Pierre-Yves", "Jean-Marc",
    "Jean-Baptiste", "Marc-Antoine", "Jean-Philippe", "Jean-Claude", "Paul-Henri",
];

/// Draws a last name.
pub(crate) fn last_name(rng: &mut Rng) -> &'static str {
    LAST_NAMES[rng.random_range(0..LAST_NAMES.len())]
}

const PREFIXES: &[&str] = &[
    "", "", "", "Le ", "Du", "De", "La", "Mon", "Beau", "Val", "Ker", "Saint-", "Ro", "Ba",
];
const ROOTS: &[&str] = &[
    "mart", "berg", "lan", "roch", "font", "court", "vill", "bois", "mont", "champ", "mar", "ber",
    "gar", "pell", "chav", "dur", "fav", "gir", "bonn", "bouch", "chap", "cour", "dam", "fourn",
    "gaud", "lam", "mass", "mor", "pich", "rouss", "tess", "vauc", "bren", "cast", "dell", "fer",
    "gren", "jouv", "lev", "mén", "nerv", "pér", "quill", "rab", "sév", "thi", "vern", "houd",
    "cl", "gu",
];
const SUFFIXES: &[&str] = &[
    "in", "et", "ot", "ard", "ier", "eau", "on", "and", "aud", "ais", "elle", "ière", "ac", "ey",
    "oux", "al", "ault", "enne", "y", "ès",
];

/// A French-sounding surname built from pieces (« Kervellec »,
/// « Dupellier », « Le Bouchet »): 14,000 forms, so that large estates do
/// not run out of names and turn everyone into a homonym.
pub(crate) fn synthetic_last_name(rng: &mut Rng) -> String {
    let prefix = PREFIXES[rng.random_range(0..PREFIXES.len())];
    let root = ROOTS[rng.random_range(0..ROOTS.len())];
    let suffix = SUFFIXES[rng.random_range(0..SUFFIXES.len())];
    let mut out = String::from(prefix);
    if prefix.is_empty() || prefix.ends_with(' ') || prefix.ends_with('-') {
        let mut chars = root.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    } else {
        out.push_str(root);
    }
    out.push_str(suffix);
    out
}

/// A surname from the pool with probability `pool_share`, else a
/// synthetic one.
pub(crate) fn surname(rng: &mut Rng, pool_share: f64) -> String {
    if pool_share >= 1.0 || rng.random_bool(pool_share.max(0.0)) {
        last_name(rng).to_string()
    } else {
        synthetic_last_name(rng)
    }
}

/// Draws one or two given names (two for about one person in four).
pub(crate) fn first_names(rng: &mut Rng, sex: Sex) -> Vec<String> {
    let pool = if sex == Sex::F { FEMALE } else { MALE };
    let first = pool[rng.random_range(0..pool.len())];
    let mut names = vec![first.to_string()];
    if rng.random_bool(0.25) {
        let second = pool[rng.random_range(0..pool.len())];
        if second != first && !second.contains('-') && !first.contains('-') {
            names.push(second.to_string());
        }
    }
    names
}

/// Upper case keeping accents (« LE GOFF », « HÉBERT », « LŒUILLET »).
pub(crate) fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// Upper case without accents or ligatures (« LOEUILLET »).
pub(crate) fn upper_ascii(s: &str) -> String {
    fold_accents(s).to_uppercase()
}

/// Accents and ligatures removed, case kept.
pub(crate) fn ascii(s: &str) -> String {
    fold_accents(s)
}

/// Letters and digits only, lower case, accents folded: the raw material
/// of logins (« N'Diaye » → `ndiaye`, « de La Fontaine » → `delafontaine`).
pub(crate) fn login_part(s: &str) -> String {
    fold_accents(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Like [`login_part`] but keeps one `-` between parts of compound names,
/// as e-mail addresses do (`marie-helene.le-goff`).
pub(crate) fn mail_part(s: &str) -> String {
    let mut out = String::new();
    for c in fold_accents(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c == '-' || c == ' ' || c == '\'') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// « Le Goff » → `LeGoff`, « N'Diaye » → `NDiaye`: PascalCase words.
pub(crate) fn pascal(s: &str) -> String {
    let mut out = String::new();
    let mut upper_next = true;
    for c in fold_accents(s).chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c.to_ascii_lowercase());
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    out
}

/// A spelling variant of `name` that a normalising comparison resolves
/// (accents, hyphens, apostrophes, particles, ligatures), or `None` when no
/// variant applies to this name.
pub(crate) fn variant(rng: &mut Rng, name: &str) -> Option<String> {
    let mut options: Vec<String> = Vec::new();
    let folded = fold_accents(name);
    if folded != name {
        options.push(folded);
    }
    if name.contains('-') {
        options.push(name.replace('-', " "));
    } else if name.contains(' ') && !name.contains('\'') {
        // « Le Goff » → « Legoff », « de La Fontaine » → « Delafontaine ».
        let glued: String = name.split(' ').collect();
        let mut chars = glued.chars();
        if let Some(first) = chars.next() {
            options.push(
                first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
            );
        }
    }
    if name.contains('\'') {
        options.push(name.replace('\'', ""));
        options.push(name.replace('\'', " "));
    }
    if options.is_empty() {
        return None;
    }
    let pick = options.swap_remove(rng.random_range(0..options.len()));
    (pick.to_lowercase() != name.to_lowercase()).then_some(pick)
}

/// Joins two given names the other way (« Marie Hélène » ↔ « Marie-Hélène »).
pub(crate) fn joined_given(names: &[String]) -> Option<String> {
    match names {
        [a, b] => Some(format!("{a}-{b}")),
        [a] if a.contains('-') => Some(a.replace('-', " ")),
        _ => None,
    }
}

/// A one-letter typo (substitution, omission or doubling) on an ASCII letter
/// after the first character; `None` if the name is too short.
pub(crate) fn typo(rng: &mut Rng, name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let positions: Vec<usize> = (1..chars.len())
        .filter(|&i| chars[i].is_ascii_alphabetic())
        .collect();
    if positions.len() < 3 {
        return None;
    }
    let i = positions[rng.random_range(0..positions.len())];
    let mut out = chars.clone();
    match rng.random_range(0..3u8) {
        0 => {
            let c = chars[i];
            let lower = c.to_ascii_lowercase();
            let mut r = (b'a' + rng.random_range(0..26u8)) as char;
            if r == lower {
                r = if r == 'z' { 'a' } else { (r as u8 + 1) as char };
            }
            out[i] = if c.is_ascii_uppercase() {
                r.to_ascii_uppercase()
            } else {
                r
            };
        }
        1 => {
            out.remove(i);
        }
        _ => out.insert(i, chars[i]),
    }
    let s: String = out.into_iter().collect();
    (login_part(&s) != login_part(name)).then_some(s)
}

/// `M.` from « Marie ».
pub(crate) fn initial(given: &str) -> String {
    match given.chars().next() {
        Some(c) => format!("{}.", fold_accents(&c.to_string()).to_uppercase()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn pools_are_windows_1252() {
        for s in LAST_NAMES.iter().chain(FEMALE).chain(MALE) {
            let (_, _, bad) = encoding_rs::WINDOWS_1252.encode(s);
            assert!(!bad, "{s}");
        }
    }

    #[test]
    fn synthetic_names_are_windows_1252_and_varied() {
        let mut rng = Rng::seed_from_u64(3);
        let names: std::collections::BTreeSet<String> =
            (0..2000).map(|_| synthetic_last_name(&mut rng)).collect();
        assert!(names.len() > 1500, "{}", names.len());
        for n in &names {
            assert!(!encoding_rs::WINDOWS_1252.encode(n).2, "{n}");
            assert!(n.chars().next().is_some_and(char::is_uppercase), "{n}");
        }
    }

    #[test]
    fn login_and_mail_parts() {
        assert_eq!(login_part("N'Diaye"), "ndiaye");
        assert_eq!(login_part("de La Fontaine"), "delafontaine");
        assert_eq!(login_part("Lœuillet"), "loeuillet");
        assert_eq!(mail_part("Marie-Hélène"), "marie-helene");
        assert_eq!(mail_part("Le Goff"), "le-goff");
        assert_eq!(pascal("Le Goff"), "LeGoff");
        assert_eq!(pascal("N'Diaye"), "NDiaye");
        assert_eq!(upper_ascii("Lœuillet"), "LOEUILLET");
        assert_eq!(initial("Élodie"), "E.");
    }

    #[test]
    fn variants_differ_only_by_normalisation() {
        let mut rng = Rng::seed_from_u64(1);
        for name in [
            "Hélène",
            "Marie-Hélène",
            "N'Diaye",
            "Le Goff",
            "de La Fontaine",
            "Lœuillet",
        ] {
            for _ in 0..20 {
                let v = variant(&mut rng, name).expect(name);
                assert_ne!(v.to_lowercase(), name.to_lowercase());
                assert_eq!(login_part(&v), login_part(name), "{name} → {v}");
            }
        }
        assert_eq!(variant(&mut rng, "Martin"), None);
    }

    #[test]
    fn typos_change_the_normalised_name() {
        let mut rng = Rng::seed_from_u64(2);
        for _ in 0..200 {
            let t = typo(&mut rng, "Fournier").expect("typo");
            assert_ne!(login_part(&t), "fournier");
            assert!(strsim::levenshtein(&t, "Fournier") == 1, "{t}");
        }
        assert_eq!(typo(&mut rng, "Roy"), None);
    }
}
