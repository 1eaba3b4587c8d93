//! Comparable forms of persons and accounts, and their blocking keys (the
//! index that files persons under them is [`super::index`]).
//!
//! Candidates for an account come from keys, never from a scan of every
//! person: the national identifier, the employee number, the e-mail, each
//! form of the last name with the first initial, a French phonetic key of
//! the last name with the first initial, and — only for accounts that carry
//! no name — the first letters of name-like parts of the login. The cost
//! is thus proportional to the accounts times the size of their blocks.

use super::identifier::{self, NationalId};
use super::login::LoginForm;
use super::normalize::{last_names, NormFirst, NormName};
use super::phonetic::soundex_fr;
use crate::model::{Account, Person};
use crate::text::fold_key;
use chrono::NaiveDate;
use rayon::prelude::*;

pub use super::index::{is_fuzzy, key, Index, Tag, MAX_FUZZY_BLOCK, MAX_FUZZY_CANDIDATES};

/// A person reduced to what matching compares.
#[derive(Debug, Clone)]
pub struct PersonKeys {
    /// Birth name and usage name forms.
    pub lasts: Vec<NormName>,
    pub first: NormFirst,
    pub id: Option<NationalId>,
    pub employee_number: String,
    pub birth_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    /// The day HR says the person left, when its status says so.
    pub departed_on: Option<NaiveDate>,
    pub email: Option<String>,
    pub units: Vec<String>,
    pub profession: Vec<String>,
    /// For each form in `lasts`: no other HR person bears it with the same
    /// first name (set by [`mark_homonyms`]).
    pub unique_lasts: Vec<bool>,
}

impl PersonKeys {
    /// No other HR person shares any of this person's names.
    pub fn name_unique(&self) -> bool {
        self.unique_lasts.iter().all(|u| *u)
    }
}

/// Marks, for each name form of each person, whether another HR person
/// bears the same name form and first name (a homonym for that form).
pub fn mark_homonyms(keys: &mut [PersonKeys], index: &Index) {
    let unique: Vec<Vec<bool>> = keys
        .par_iter()
        .enumerate()
        .map(|(i, k)| {
            let firsts = first_parts(&k.first);
            k.lasts
                .iter()
                .map(|l| {
                    !firsts.iter().any(|f| {
                        index
                            .get(key(Tag::NameFirst, &l.full, f))
                            .iter()
                            .chain(index.get(key(Tag::NameFirst, &l.core, f)))
                            .any(|&j| {
                                let o = &keys[j as usize];
                                j as usize != i
                                    && o.lasts.iter().any(|ol| ol.same(l))
                                    && o.first.compare(&k.first)
                                        >= super::normalize::FirstMatch::Usual
                            })
                    })
                })
                .collect()
        })
        .collect();
    for (k, u) in keys.iter_mut().zip(unique) {
        k.unique_lasts = u;
    }
}

/// Employee numbers compare without leading zeros or case (`000123` = `123`).
pub fn norm_employee(s: &str) -> String {
    let t = s.trim().to_uppercase();
    let stripped = t.trim_start_matches('0');
    if stripped.is_empty() {
        t
    } else {
        stripped.to_string()
    }
}

impl PersonKeys {
    pub fn new(p: &Person) -> PersonKeys {
        let mut lasts = Vec::new();
        for n in [p.birth_name.as_deref(), p.usage_name.as_deref()]
            .into_iter()
            .flatten()
        {
            for form in last_names(n) {
                if !lasts.contains(&form) {
                    lasts.push(form);
                }
            }
        }
        PersonKeys {
            unique_lasts: vec![true; lasts.len()],
            lasts,
            first: NormFirst::new(p.first_names.as_deref().unwrap_or("")),
            id: p
                .rpps
                .as_deref()
                .and_then(|r| identifier::parse(r).ok().flatten()),
            employee_number: norm_employee(&p.employee_number),
            birth_date: p.birth_date,
            arrival_date: p.arrival_date,
            departed_on: p
                .end_date
                .filter(|_| p.status == Some(crate::model::PersonStatus::Departed)),
            email: p.email.as_deref().map(|e| e.trim().to_lowercase()),
            units: [p.unit_code.as_deref(), p.unit_label.as_deref()]
                .into_iter()
                .flatten()
                .map(fold_key)
                .filter(|u| !u.is_empty())
                .collect(),
            profession: [p.profession_code.as_deref(), p.profession_label.as_deref()]
                .into_iter()
                .flatten()
                .map(fold_key)
                .filter(|u| !u.is_empty())
                .collect(),
        }
    }
}

/// One reading of an account's names (there may be several when only a
/// display name is known and its order is unclear).
#[derive(Debug, Clone)]
pub struct NameReading {
    pub lasts: Vec<NormName>,
    pub first: NormFirst,
}

/// An account reduced to what matching compares.
#[derive(Debug, Clone)]
pub struct AccountKeys {
    pub readings: Vec<NameReading>,
    pub login: LoginForm,
    pub id: Option<NationalId>,
    pub employee_number: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub created: Option<NaiveDate>,
    pub last_logon: Option<NaiveDate>,
    pub emails: Vec<String>,
    /// The account's unit, then the units its rights are scoped to (one
    /// row per unit in the DPI export).
    pub units: Vec<String>,
    pub title: Option<String>,
    /// The title names a profession that HR knows (see
    /// [`AccountKeys::mark_title`]).
    pub title_is_profession: bool,
}

impl AccountKeys {
    pub fn new(a: &Account, suffixes: &[String]) -> AccountKeys {
        let mut emails: Vec<String> = [a.email.as_deref(), a.upn.as_deref()]
            .into_iter()
            .flatten()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.contains('@'))
            .collect();
        emails.dedup();
        AccountKeys {
            readings: readings(a),
            login: LoginForm::new(&a.login, suffixes),
            id: a
                .rpps
                .as_deref()
                .and_then(|r| identifier::parse(r).ok().flatten()),
            employee_number: a
                .employee_number
                .as_deref()
                .map(norm_employee)
                .filter(|e| !e.is_empty()),
            birth_date: a.birth_date,
            created: a.created.map(|c| c.date()),
            last_logon: a.last_logon.map(|c| c.date()),
            emails,
            units: a
                .unit
                .as_deref()
                .map(fold_key)
                .filter(|u| !u.is_empty())
                .into_iter()
                .collect(),
            title: a.title.as_deref().map(fold_key).filter(|u| !u.is_empty()),
            title_is_profession: false,
        }
    }

    /// Adds the units the account's rights are scoped to.
    pub fn add_units<'s>(&mut self, scopes: impl IntoIterator<Item = &'s str>) {
        for u in scopes.into_iter().map(fold_key) {
            if !u.is_empty() && !self.units.contains(&u) {
                self.units.push(u);
            }
        }
    }

    /// Whether the title names one of `professions` (folded codes and
    /// labels of HR): a job title (« Administrateur systèmes ») does not.
    pub fn mark_title(&mut self, professions: &[String]) {
        self.title_is_profession = self.title.as_ref().is_some_and(|t| {
            professions.iter().any(|pp| {
                pp == t
                    || (pp.len() >= 4
                        && t.len() >= 4
                        && (pp.contains(t.as_str()) || t.contains(pp.as_str())))
            })
        });
    }

    pub fn has_name(&self) -> bool {
        self.readings.iter().any(|r| !r.lasts.is_empty())
    }
}

/// Names from the last/first fields, else from the display name: `DUPONT
/// Marie` (upper-case part is the last name), `Dupont, Marie`, or both
/// orders when nothing tells.
fn readings(a: &Account) -> Vec<NameReading> {
    if let Some(last) = a.last_name.as_deref().filter(|s| !s.trim().is_empty()) {
        return vec![NameReading {
            lasts: last_names(last),
            first: NormFirst::new(a.first_name.as_deref().unwrap_or("")),
        }];
    }
    let Some(display) = a
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    else {
        return vec![];
    };
    if let Some((l, f)) = display.split_once(',') {
        return vec![NameReading {
            lasts: last_names(l),
            first: NormFirst::new(f),
        }];
    }
    let words: Vec<&str> = display.split_whitespace().collect();
    if words.len() < 2 {
        return vec![NameReading {
            lasts: last_names(display),
            first: NormFirst::default(),
        }];
    }
    let is_upper =
        |w: &&str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let upper: Vec<&str> = words.iter().copied().filter(is_upper).collect();
    let other: Vec<&str> = words.iter().copied().filter(|w| !is_upper(w)).collect();
    if !upper.is_empty() && !other.is_empty() {
        return vec![NameReading {
            lasts: last_names(&upper.join(" ")),
            first: NormFirst::new(&other.join(" ")),
        }];
    }
    let (head, tail) = (words[0], words[1..].join(" "));
    let (init, last) = (words[..words.len() - 1].join(" "), words[words.len() - 1]);
    vec![
        NameReading {
            lasts: last_names(last),
            first: NormFirst::new(&init),
        },
        NameReading {
            lasts: last_names(&tail),
            first: NormFirst::new(head),
        },
        NameReading {
            lasts: last_names(head),
            first: NormFirst::new(&tail),
        },
    ]
}

pub(super) fn initial(f: &NormFirst) -> &str {
    initial_of(&f.full)
}

fn initial_of(s: &str) -> &str {
    s.chars().next().map_or("", |c| &s[..c.len_utf8()])
}

/// The exact first-name parts of a name key: the whole glued first name
/// and, when several given names are listed, the first (usual) one.
pub fn first_parts(first: &NormFirst) -> Vec<&str> {
    let mut v = Vec::new();
    if !first.is_empty() && !first.initial_only {
        v.push(first.full.as_str());
        if first.given.len() > 1 {
            v.push(first.given[0].as_str());
        }
    }
    v
}

fn name_keys(lasts: &[NormName], first: &NormFirst, out: &mut Vec<u64>) {
    let i = initial(first);
    let firsts = first_parts(first);
    for l in lasts {
        for form in [&l.full, &l.core] {
            for f in &firsts {
                out.push(key(Tag::NameFirst, form, f));
            }
            out.push(key(Tag::NameInitial, form, i));
            out.push(key(Tag::NameOnly, form, ""));
        }
        for t in compound_tokens(l) {
            out.push(key(Tag::NameToken, t, i));
        }
        out.push(key(Tag::Phonetic, &soundex_fr(&l.core), i));
        typo_keys(&l.core, i, out);
        first_name_keys(l, &firsts, out);
        // The first four bytes, when they end on a character boundary.
        for form in [&l.core, &l.full] {
            if let Some(head) = form.get(..4) {
                out.push(key(Tag::Login4, head, ""));
            }
        }
    }
}

/// The whole first name with the initial of each form of the last name
/// (`LZ ROUX` keeps the `L` of `LE ROUX`, `ROHE` the `R` of `ROCHE`).
pub(super) fn first_name_keys(l: &NormName, firsts: &[&str], out: &mut Vec<u64>) {
    let full = initial_of(&l.full);
    let core = initial_of(&l.core);
    for f in firsts {
        out.push(key(Tag::FirstName, f, full));
        if core != full {
            out.push(key(Tag::FirstName, f, core));
        }
    }
}

/// The words of a compound last name (`MARTIN` and `DURAND` in
/// `MARTIN-DURAND`): a shared word is a hint, not a match.
fn compound_tokens(l: &NormName) -> impl Iterator<Item = &str> {
    l.tokens
        .iter()
        .filter(move |t| t.len() >= 3 && l.tokens.len() > 1)
        .map(String::as_str)
}

/// A one-letter typo leaves either the first or the last four letters of a
/// long enough name intact: `BARBIE`/`BARBIER` share `BARB`, `GQILLOT`/
/// `GUILLOT` share `LLOT`.
pub(super) fn typo_keys(core: &str, initial: &str, out: &mut Vec<u64>) {
    // A four-letter name is the head of its five-letter typo (`NGOM` /
    // `NGOMA`).
    if core.chars().count() == 4 {
        out.push(key(Tag::TypoHead, core, initial));
        out.push(key(Tag::TypoTail, core, initial));
        return;
    }
    let (head, tail) = if core.is_ascii() {
        if core.len() < 5 {
            return;
        }
        (&core[..4], &core[core.len() - 4..])
    } else {
        let bounds: Vec<usize> = core.char_indices().map(|(b, _)| b).collect();
        if bounds.len() < 5 {
            return;
        }
        (&core[..bounds[4]], &core[bounds[bounds.len() - 4]..])
    };
    out.push(key(Tag::TypoHead, head, initial));
    out.push(key(Tag::TypoTail, tail, initial));
}

/// Keys under which a person is filed.
pub fn person_index_keys(k: &PersonKeys) -> Vec<u64> {
    let mut out = Vec::new();
    if let Some(id) = &k.id {
        out.push(key(Tag::Rpps, &id.core, ""));
    }
    out.push(key(Tag::Employee, &k.employee_number, ""));
    if let Some(e) = &k.email {
        out.push(key(Tag::Email, e, ""));
    }
    name_keys(&k.lasts, &k.first, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Keys under which to look for an account's candidates.
pub fn account_lookup_keys(k: &AccountKeys) -> Vec<u64> {
    let mut out = Vec::new();
    if let Some(id) = &k.id {
        out.push(key(Tag::Rpps, &id.core, ""));
    }
    if let Some(e) = &k.employee_number {
        out.push(key(Tag::Employee, e, ""));
    }
    for e in &k.emails {
        out.push(key(Tag::Email, e, ""));
    }
    for r in &k.readings {
        let i = initial(&r.first);
        let firsts = first_parts(&r.first);
        for l in &r.lasts {
            for t in compound_tokens(l) {
                out.push(key(Tag::NameToken, t, i));
            }
            for form in [&l.full, &l.core] {
                if i.is_empty() {
                    out.push(key(Tag::NameOnly, form, ""));
                } else {
                    for f in &firsts {
                        out.push(key(Tag::NameFirst, form, f));
                    }
                    out.push(key(Tag::NameInitial, form, i));
                }
            }
            if !i.is_empty() {
                out.push(key(Tag::Phonetic, &soundex_fr(&l.core), i));
                typo_keys(&l.core, i, &mut out);
            }
            first_name_keys(l, &firsts, &mut out);
        }
    }
    if !k.has_name() {
        // Name-like parts of the login: each segment, and the letters after
        // a one- or two-letter initial (mdupont → DUPO).
        let l = &k.login.letters;
        let mut starts = vec![0, 1, 2];
        let mut pos = 0;
        for s in &k.login.segments {
            starts.push(pos);
            pos += s.len();
        }
        for s in starts {
            if let Some(p) = l.get(s..s + 4) {
                out.push(key(Tag::Login4, p, ""));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
