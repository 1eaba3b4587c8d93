//! Comparable forms of persons and accounts, and the blocking index.
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
use std::collections::HashMap;

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
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let initial = initial(&k.first);
            k.lasts
                .iter()
                .map(|l| {
                    !index
                        .get(&format!("N:{}|{initial}", l.full))
                        .iter()
                        .chain(index.get(&format!("N:{}|{initial}", l.core)))
                        .any(|&j| {
                            let o = &keys[j as usize];
                            j as usize != i
                                && o.lasts.iter().any(|ol| ol.same(l))
                                && o.first.compare(&k.first) >= super::normalize::FirstMatch::Usual
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
    pub emails: Vec<String>,
    pub unit: Option<String>,
    pub title: Option<String>,
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
            emails,
            unit: a.unit.as_deref().map(fold_key).filter(|u| !u.is_empty()),
            title: a.title.as_deref().map(fold_key).filter(|u| !u.is_empty()),
        }
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

fn initial(f: &NormFirst) -> String {
    f.full.chars().next().map(String::from).unwrap_or_default()
}

fn name_keys(lasts: &[NormName], first: &NormFirst, out: &mut Vec<String>) {
    let i = initial(first);
    for l in lasts {
        for form in [&l.full, &l.core]
            .into_iter()
            .chain(l.tokens.iter().filter(|t| t.len() >= 3))
        {
            out.push(format!("N:{form}|{i}"));
            out.push(format!("NL:{form}"));
        }
        out.push(format!("P:{}|{i}", soundex_fr(&l.core)));
        typo_keys(&l.core, &i, out);
        if l.core.len() >= 4 {
            out.push(format!("L4:{}", &l.core[..4]));
        }
        if l.full.len() >= 4 {
            out.push(format!("L4:{}", &l.full[..4]));
        }
    }
}

/// A one-letter typo leaves either the first or the last four letters of a
/// long enough name intact: `BARBIE`/`BARBIER` share `BARB`, `GQILLOT`/
/// `GUILLOT` share `LLOT`.
fn typo_keys(core: &str, initial: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = core.chars().collect();
    if chars.len() >= 5 {
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        out.push(format!("TH:{head}|{initial}"));
        out.push(format!("TT:{tail}|{initial}"));
    }
}

/// Keys under which a person is filed.
pub fn person_index_keys(k: &PersonKeys) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = &k.id {
        out.push(format!("R:{}", id.core));
    }
    out.push(format!("E:{}", k.employee_number));
    if let Some(e) = &k.email {
        out.push(format!("M:{e}"));
    }
    name_keys(&k.lasts, &k.first, &mut out);
    out.sort();
    out.dedup();
    out
}

/// Keys under which to look for an account's candidates.
pub fn account_lookup_keys(k: &AccountKeys) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(id) = &k.id {
        out.push(format!("R:{}", id.core));
    }
    if let Some(e) = &k.employee_number {
        out.push(format!("E:{e}"));
    }
    for e in &k.emails {
        out.push(format!("M:{e}"));
    }
    for r in &k.readings {
        let i = initial(&r.first);
        for l in &r.lasts {
            for form in [&l.full, &l.core]
                .into_iter()
                .chain(l.tokens.iter().filter(|t| t.len() >= 3))
            {
                if i.is_empty() {
                    out.push(format!("NL:{form}"));
                } else {
                    out.push(format!("N:{form}|{i}"));
                }
            }
            if !i.is_empty() {
                out.push(format!("P:{}|{i}", soundex_fr(&l.core)));
                typo_keys(&l.core, &i, &mut out);
            }
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
                out.push(format!("L4:{p}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Persons filed by key.
pub struct Index {
    map: HashMap<String, Vec<u32>>,
}

/// Blocks larger than this are not used for login-only lookups (they say
/// nothing about who owns the account).
pub const MAX_LOGIN_BLOCK: usize = 200;

impl Index {
    pub fn build(persons: &[PersonKeys]) -> Index {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, p) in persons.iter().enumerate() {
            for key in person_index_keys(p) {
                map.entry(key).or_default().push(i as u32);
            }
        }
        Index { map }
    }

    /// Candidate persons for an account, deduplicated.
    pub fn candidates(&self, k: &AccountKeys) -> Vec<u32> {
        let mut out = Vec::new();
        for key in account_lookup_keys(k) {
            if let Some(v) = self.map.get(&key) {
                if key.starts_with("L4:") && v.len() > MAX_LOGIN_BLOCK {
                    continue;
                }
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn get(&self, key: &str) -> &[u32] {
        self.map.get(key).map_or(&[], Vec::as_slice)
    }
}
