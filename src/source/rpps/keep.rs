//! Which professionals of the national extract the scan needs
//! (`keep = [...]` of the source, facts in [`Needs`]). The checks run on
//! every line of a two-million-line file, so they work on the raw bytes:
//! identifiers and FINESS are looked up as borrowed strings, and the name
//! key is built into a reused buffer, the last name first, so most lines are
//! refused before the first name is even looked at. Non-ASCII names take the
//! slow path through [`crate::text::name_key`], which gives the same key.

use super::decode::LineText;
use super::fxhash::FxSet;
use crate::config::RppsKeep;
use crate::source::Needs;
use crate::text::name_key;

pub(super) struct Filter {
    pub all: bool,
    pub referenced: bool,
    pub establishment: bool,
    pub names: bool,
    identifiers: FxSet,
    finess: FxSet,
    name_keys: FxSet,
    /// The last-name part of every name key.
    last_names: FxSet,
    key: String,
}

impl Filter {
    /// `extra_finess`: the establishment's own FINESS numbers, kept even when
    /// `needs` was built without them.
    pub fn new(keep: &[RppsKeep], needs: &Needs, extra_finess: &[&str]) -> Self {
        let mut finess: FxSet = needs.finess.iter().cloned().collect();
        finess.extend(
            extra_finess
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
        let last_names = needs
            .name_keys
            .iter()
            .filter_map(|k| k.split_once('|').map(|(last, _)| last.to_string()))
            .collect();
        Filter {
            all: keep.contains(&RppsKeep::All),
            referenced: keep.contains(&RppsKeep::Referenced) && !needs.identifiers.is_empty(),
            establishment: keep.contains(&RppsKeep::Establishment),
            names: keep.contains(&RppsKeep::Names) && !needs.name_keys.is_empty(),
            identifiers: needs.identifiers.iter().cloned().collect(),
            finess,
            name_keys: needs.name_keys.iter().cloned().collect(),
            last_names,
            key: String::new(),
        }
    }

    /// Nothing can be kept by the person's own fields (identifier, name).
    pub fn person_blind(&self) -> bool {
        !self.all && !self.referenced && !self.names
    }

    /// Kept for who they are: referenced identifier or namesake of an HR person.
    pub fn person(&mut self, identifier: &str, last: &[u8], first: &[u8], text: LineText) -> bool {
        self.all
            || (self.referenced && self.identifiers.contains(identifier))
            || (self.names && self.namesake(last, first, text))
    }

    /// Kept for where they work: an activity at one of the establishment's FINESS.
    pub fn activity(&self, site: &[u8], legal_entity: &[u8]) -> bool {
        self.establishment
            && [site, legal_entity].into_iter().any(|f| {
                !f.is_empty() && std::str::from_utf8(f).is_ok_and(|s| self.finess.contains(s))
            })
    }

    fn namesake(&mut self, last: &[u8], first: &[u8], text: LineText) -> bool {
        self.key.clear();
        if last.is_ascii() {
            push_norm_ascii(&mut self.key, last);
        } else {
            let mut k = name_key(&text.decode(last), "");
            k.pop();
            self.key = k;
        }
        if !self.last_names.contains(self.key.as_str()) {
            return false;
        }
        if last.is_ascii() && first.is_ascii() {
            self.key.push('|');
            push_norm_ascii(&mut self.key, first_given_ascii(first));
        } else {
            self.key = name_key(&text.decode(last), &text.decode(first));
        }
        self.name_keys.contains(self.key.as_str())
    }
}

/// What [`name_key`] keeps of an ASCII string: letters and digits, upper case.
fn push_norm_ascii(out: &mut String, s: &[u8]) {
    out.extend(
        s.iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(|b| char::from(b.to_ascii_uppercase())),
    );
}

/// The first given name, cut as [`name_key`] cuts it (white space or comma).
fn first_given_ascii(s: &[u8]) -> &[u8] {
    s.split(|&b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b','))
        .find(|p| !p.is_empty())
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ascii_key_equals_name_key() {
        let cases = [
            ("MARTIN", "Marie"),
            ("N'DIAYE", "Jean-Pierre Paul"),
            ("de la Fontaine", "  jean,louis"),
            ("O BRIEN", "\tAnne\x0bMarie"),
            ("X-2", ""),
            ("", "Paul"),
        ];
        for (last, first) in cases {
            let mut k = String::new();
            push_norm_ascii(&mut k, last.as_bytes());
            k.push('|');
            push_norm_ascii(&mut k, first_given_ascii(first.as_bytes()));
            assert_eq!(k, name_key(last, first), "{last} / {first}");
        }
    }

    #[test]
    fn namesakes_with_and_without_accents() {
        let mut needs = Needs::default();
        needs.name_keys.insert(name_key("Lefèvre", "Hélène"));
        needs.name_keys.insert(name_key("MARTIN", "Marie"));
        let mut f = Filter::new(&[RppsKeep::Names], &needs, &[]);
        let utf8 = LineText::Utf8;
        assert!(f.person("1", b"MARTIN", b"Marie Claire", utf8));
        assert!(f.person("1", b"Martin", b"MARIE", utf8));
        assert!(!f.person("1", b"MARTIN", b"Mario", utf8));
        assert!(!f.person("1", b"MARTINEZ", b"Marie", utf8));
        assert!(f.person("1", "LEFÈVRE".as_bytes(), b"HELENE", utf8));
        assert!(f.person("1", b"LEFEVRE", "Hélène".as_bytes(), utf8));
        assert!(f.person("1", b"LEF\xC8VRE", b"H\xE9l\xE8ne", LineText::Windows1252));
        assert!(!f.person("1", b"DUPONT", b"Marie", utf8));
    }

    #[test]
    fn identifiers_and_finess() {
        let mut needs = Needs::default();
        needs.identifiers.insert("10001045367".into());
        needs.finess.insert("750000001".into());
        let mut f = Filter::new(
            &[RppsKeep::Referenced, RppsKeep::Establishment],
            &needs,
            &["750000002"],
        );
        assert!(f.person("10001045367", b"X", b"Y", LineText::Utf8));
        assert!(!f.person("10104335319", b"X", b"Y", LineText::Utf8));
        assert!(f.activity(b"750000001", b""));
        assert!(f.activity(b"", b"750000002"));
        assert!(!f.activity(b"", b""));
        assert!(!f.activity(b"750000003", b"750000004"));
        let none = Filter::new(&[RppsKeep::Referenced], &needs, &["750000002"]);
        assert!(!none.activity(b"750000002", b""));
        assert!(Filter::new(&[RppsKeep::Establishment], &needs, &[]).person_blind());
    }
}
