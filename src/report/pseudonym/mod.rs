//! `--pseudonymize`: a copy of a [`Document`] in which the people it names
//! are replaced by stable pseudonyms, so that a report can leave the
//! hospital (regional agency, auditor, working group) without personal data.
//!
//! What is replaced, and how:
//! - **Subjects of person and account findings**: the subject id keeps its
//!   source prefix and loses its key (`ad:mdupont` → `ad:7F3A-K9QD`,
//!   `rh:000123` → `rh:Q2M4-8ZJX`); the subject name becomes `Personne
//!   7F3A-K9QD` or `Compte 7F3A-K9QD`. **Logins are pseudonymised too**:
//!   they usually embed the name (`mdupont`, `MART_DUP`), and a generic
//!   login (`accueil-urg`) loses little by it — the establishment finds it
//!   again in its own, non-pseudonymised `findings.json`.
//! - **Names in free text** (messages, evidence, proof paths, waiver
//!   reasons, exception reasons, read diagnostics): first the finding's own
//!   login or name, then every person name the document gives away — the
//!   names of person subjects, the display names of account subjects,
//!   evidence values whose label designates a person (titulaire,
//!   responsable, approbateur…), the person and account steps of proof
//!   paths, and whatever [`Pseudonymizer::know_snapshot`] adds (every
//!   person and login of the snapshot) —, then every « NOM Prénom »
//!   written the way Vigie writes person names, then every run of six
//!   digits or more (matricule, RPPS, ADELI) in findings and diagnostics.
//! - **Approvers** of exceptions and waivers become `Approbateur …`.
//! - **Fingerprints** are re-keyed: the plain one is an unkeyed hash of the
//!   subject id, which a guessed login would confirm.
//!
//! A pseudonym is the first 40 bits of HMAC-SHA-256(key, subject id) in
//! Crockford base32, so the same subject gets the same pseudonym across the
//! document and across scans; among 100 000 subjects, the chance that two
//! share a pseudonym is about 0.5 %. Names found
//! in text without a known subject are keyed on the folded name (a person
//! named in several findings keeps one pseudonym).
//!
//! The key is derived from the establishment's FINESS and an optional
//! secret. Without a secret ([`pseudonymize`]) the pseudonyms are stable
//! but not secret: whoever knows the FINESS and guesses a login can
//! recompute them. A report meant to leave the establishment should use a
//! secret kept by it ([`PseudonymKey::for_establishment`] with `Some`).
//! Counts, dates, units, groups and applications are kept: with a small
//! population, a pseudonymised report can still point to a person.

mod scrub;

use crate::checks::{Finding, SubjectKind};
use crate::model::Establishment;
use crate::report::model::Document;
use rayon::prelude::*;
use scrub::Scrubber;
use sha2::{Digest, Sha256};

/// The key pseudonyms are derived with.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(…)")
    }
}

impl PseudonymKey {
    /// A key per establishment (its FINESS), strengthened by `secret` when
    /// given: see the module documentation.
    pub fn for_establishment(establishment: &Establishment, secret: Option<&[u8]>) -> Self {
        let mut h = Sha256::new();
        h.update(b"vigie-pseudonyme/1\0");
        h.update(establishment.finess.trim().as_bytes());
        h.update(b"\0");
        h.update(secret.unwrap_or_default());
        PseudonymKey(h.finalize().into())
    }

    /// HMAC-SHA-256(key, message).
    fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut ipad = [0x36u8; 64];
        let mut opad = [0x5cu8; 64];
        for (i, k) in self.0.iter().enumerate() {
            ipad[i] ^= k;
            opad[i] ^= k;
        }
        let inner = Sha256::new()
            .chain_update(ipad)
            .chain_update(message)
            .finalize();
        Sha256::new()
            .chain_update(opad)
            .chain_update(inner)
            .finalize()
            .into()
    }

    /// `7F3A-K9QD`: 40 bits of the MAC in Crockford base32.
    pub fn code(&self, id: &str) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let mac = self.mac(id.as_bytes());
        let bits = mac[..5]
            .iter()
            .fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        let mut out = String::with_capacity(9);
        for i in 0..8 {
            if i == 4 {
                out.push('-');
            }
            out.push(ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize] as char);
        }
        out
    }
}

/// What a pseudonym stands for, which gives its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Person,
    Account,
    Approver,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::Person => "Personne",
            Role::Account => "Compte",
            Role::Approver => "Approbateur",
        }
    }
}

/// Pseudonymises documents; knows the names to look for in free text.
pub struct Pseudonymizer {
    key: PseudonymKey,
    scrubber: Scrubber,
}

impl Pseudonymizer {
    pub fn new(key: PseudonymKey) -> Self {
        Pseudonymizer {
            key,
            scrubber: Scrubber::default(),
        }
    }

    /// `Personne 7F3A-K9QD` for a subject id.
    pub fn name_for(&self, role: Role, id: &str) -> String {
        format!("{} {}", role.label(), self.key.code(id))
    }

    /// `ad:7F3A-K9QD`: the source prefix kept, the key replaced.
    pub fn subject_id(&self, id: &str) -> String {
        match id.split_once(':') {
            Some((source, _)) => format!("{source}:{}", self.key.code(id)),
            None => self.key.code(id),
        }
    }

    /// Pseudonym of a name met in text without a known subject.
    fn for_name(&self, role: Role, name: &str) -> String {
        self.name_for(role, &format!("nom:{}", crate::text::fold_key(name)))
    }

    /// Registers a person's names (as the snapshot has them) so that they
    /// are found in any text.
    pub fn know_person(&mut self, id: &str, names: &[&str]) {
        let p = self.name_for(Role::Person, id);
        for n in names {
            self.scrubber.add(n, &p);
        }
    }

    /// Registers an account's login, and its display name as the name of
    /// a person (a display name designates someone, not the account).
    pub fn know_account(&mut self, id: &str, login: &str, display_name: Option<&str>) {
        let p = self.name_for(Role::Account, id);
        self.scrubber.add(login, &p);
        if let Some(d) = display_name {
            let person = self.for_name(Role::Person, d);
            self.scrubber.add(d, &person);
        }
    }

    /// Registers every person and account of a snapshot: the thorough
    /// option when the snapshot is at hand (names written in any case or
    /// order in the sources are then found too).
    pub fn know_snapshot(&mut self, snapshot: &crate::model::Snapshot) {
        for p in &snapshot.persons {
            let display = p.display_name();
            let mut names = vec![display.as_str()];
            let reversed;
            if let (Some(l), Some(f)) = (p.display_last_name(), p.first_names.as_deref()) {
                reversed = format!("{f} {l}");
                names.push(&reversed);
            }
            self.know_person(&p.id, &names);
        }
        for a in &snapshot.accounts {
            self.know_account(&a.id, &a.login, a.display_name.as_deref());
        }
    }

    /// Names the document itself gives away: persons first, so that their
    /// names keep the pseudonym of their id wherever else they appear.
    fn learn(&mut self, doc: &Document) {
        let all = || doc.findings.iter().chain(&doc.fixed);
        let mut person_labels: std::collections::HashMap<&str, bool> = Default::default();
        for f in all().filter(|f| f.subject_kind == SubjectKind::Person) {
            self.know_person(&f.subject, &[&f.subject_name]);
        }
        for f in all() {
            if f.subject_kind == SubjectKind::Account {
                // The login is replaced in the finding's own texts (see
                // `finding`); the display name designates a person, who may
                // be named in other findings too. A display name that is the
                // login itself names no person.
                let login = f
                    .subject
                    .split_once(':')
                    .map_or(f.subject.as_str(), |(_, l)| l);
                if !f.subject_name.eq_ignore_ascii_case(login) {
                    let person = self.for_name(Role::Person, &f.subject_name);
                    self.scrubber.add(&f.subject_name, &person);
                }
                // Other findings may name this account (a person's other
                // accounts): a login long enough to identify someone is
                // replaced everywhere, at the price of a common word now
                // and then.
                if login.chars().count() >= 4 {
                    let p = self.name_for(Role::Account, &f.subject);
                    self.scrubber.add(login, &p);
                }
            }
            for (label, value) in &f.evidence {
                let personal = *person_labels
                    .entry(label.as_str())
                    .or_insert_with(|| scrub::names_a_person(label));
                if personal && scrub::may_be_a_name(value) {
                    let p = self.for_name(Role::Person, value);
                    self.scrubber.add(value, &p);
                }
            }
            for s in &f.path {
                let role = match s.kind.as_str() {
                    "personne" => Role::Person,
                    "compte" => Role::Account,
                    _ => continue,
                };
                let p = self.for_name(role, &s.label);
                self.scrubber.add(&s.label, &p);
            }
        }
    }

    fn finding(&self, f: &Finding, scrub: &scrub::Compiled) -> Finding {
        let mut out = f.clone();
        let role = match f.subject_kind {
            SubjectKind::Person => Some(Role::Person),
            SubjectKind::Account => Some(Role::Account),
            _ => None,
        };
        let mut local: Vec<(&str, &str)> = Vec::new();
        let own;
        if let Some(role) = role {
            own = self.name_for(role, &f.subject);
            if role == Role::Account {
                local.push((
                    f.subject
                        .split_once(':')
                        .map_or(f.subject.as_str(), |(_, l)| l),
                    &own,
                ));
            } else {
                local.push((&f.subject_name, &own));
            }
            out.subject_name = own.clone();
            out.subject = self.subject_id(&f.subject);
        }
        let text =
            |s: &str| scrub.apply(s, &local, &|name| self.for_name(Role::Person, name), true);
        if role.is_none() {
            // Groups, exceptions…: their ids and names may quote a login.
            out.subject = text(&f.subject);
            out.subject_name = text(&f.subject_name);
        }
        out.message = text(&f.message);
        for (_, v) in &mut out.evidence {
            *v = text(v);
        }
        for s in &mut out.path {
            s.label = text(&s.label);
        }
        out.fingerprint = self
            .key
            .code(&format!("empreinte:{}", f.fingerprint))
            .replace('-', "");
        if let Some(w) = &mut out.waiver {
            w.reason = text(&w.reason);
            w.approved_by = self.for_name(Role::Approver, &w.approved_by);
        }
        out
    }

    /// The pseudonymised copy of `doc`.
    pub fn apply(mut self, doc: &Document) -> Document {
        self.learn(doc);
        let scrub = std::mem::take(&mut self.scrubber).compile();
        let mut out = doc.clone();
        out.findings = doc
            .findings
            .par_iter()
            .map(|f| self.finding(f, &scrub))
            .collect();
        out.fixed = doc
            .fixed
            .par_iter()
            .map(|f| self.finding(f, &scrub))
            .collect();
        let known: std::collections::HashSet<&str> = doc
            .findings
            .iter()
            .chain(&doc.fixed)
            .map(|f| f.subject.as_str())
            .collect();
        for e in &mut out.exceptions {
            let is_pattern = e.subject.contains(['*', '?', '[']);
            if known.contains(e.subject.as_str()) || !is_pattern {
                e.subject = self.subject_id(&e.subject);
            }
            e.reason = scrub.apply(&e.reason, &[], &|n| self.for_name(Role::Person, n), false);
            e.approved_by = self.for_name(Role::Approver, &e.approved_by);
        }
        for s in &mut out.sources {
            for d in &mut s.diagnostics.items {
                d.message = scrub.apply(&d.message, &[], &|n| self.for_name(Role::Person, n), true);
                if let Some(h) = &mut d.help {
                    *h = scrub.apply(h, &[], &|n| self.for_name(Role::Person, n), true);
                }
            }
        }
        out
    }
}

/// The pseudonymised copy of `doc`, with the key of its establishment and
/// no secret, from the names the document itself holds.
pub fn pseudonymize(doc: &Document) -> Document {
    let key = PseudonymKey::for_establishment(&doc.scan.establishment, None);
    Pseudonymizer::new(key).apply(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(finess: &str) -> PseudonymKey {
        let est = Establishment {
            name: "CH".into(),
            finess: finess.into(),
            sites: vec![],
            ght: None,
        };
        PseudonymKey::for_establishment(&est, None)
    }

    #[test]
    fn codes_are_stable_and_keyed() {
        let k = key("999000017");
        assert_eq!(k.code("ad:mdupont"), k.code("ad:mdupont"));
        assert_ne!(k.code("ad:mdupont"), k.code("ad:mdupond"));
        assert_ne!(k.code("ad:mdupont"), key("999000025").code("ad:mdupont"));
        let c = k.code("ad:mdupont");
        assert_eq!(c.len(), 9);
        assert_eq!(&c[4..5], "-");
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2: key « Jefe » (zero-padded, as HMAC does), data
        // « what do ya want for nothing? ».
        let mut k = [0u8; 32];
        k[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            hex::encode(PseudonymKey(k).mac(b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
