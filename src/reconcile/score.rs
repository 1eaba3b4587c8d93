//! Comparing one account with one person: the deterministic rules R1–R4
//! and the score, field by field, each agreement explained in French. A
//! [`Comparison`] is kept compact (which traits agreed); its French
//! [`Evidence`] is written only for the comparisons an outcome shows.

use super::distance::within;
use super::keys::{AccountKeys, PersonKeys};
use super::normalize::{FirstMatch, NormFirst};
use super::policy::Policy;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The deterministic rules of the field method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    /// Same RPPS + same normalised last and first names.
    R1,
    /// Same employee number + same last and first names.
    R2,
    /// Same employee number + same last name + same birth date.
    R3,
    /// Same last and first names only: proposed, never automatic.
    R4,
    /// Vigie's rule: same last and first names, borne by one HR person only
    /// (no homonym), and corroborated by independent traits (unit, e-mail,
    /// profession, birth date, login built on the name). Automatic.
    R5,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::R1 => "R1 : même RPPS, même nom et même prénom",
            Rule::R2 => "R2 : même matricule, même nom et même prénom",
            Rule::R3 => "R3 : même matricule, même nom et même date de naissance",
            Rule::R4 => "R4 : même nom et même prénom seulement (homonymie possible)",
            Rule::R5 => "R5 : même nom et même prénom, portés par une seule personne du référentiel RH, et confirmés par",
        }
    }

    pub fn is_automatic(self) -> bool {
        self != Rule::R4
    }
}

/// One agreeing trait and the points it brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Policy weight name (`rpps`, `last_name`…).
    pub field: Cow<'static, str>,
    pub points: i64,
    /// In French, e.g. « nom identique (DUPONT) ».
    pub detail: Cow<'static, str>,
}

/// A trait that may agree between an account and a person, in the order
/// evidence lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trait {
    Rpps,
    EmployeeNumber,
    DirectoryId,
    LastName,
    FirstName,
    BirthDate,
    Unit,
    Email,
    Profession,
    Login,
    Chronology,
}

impl Trait {
    pub const ALL: [Trait; 11] = [
        Trait::Rpps,
        Trait::EmployeeNumber,
        Trait::DirectoryId,
        Trait::LastName,
        Trait::FirstName,
        Trait::BirthDate,
        Trait::Unit,
        Trait::Email,
        Trait::Profession,
        Trait::Login,
        Trait::Chronology,
    ];

    /// The policy weight name, as evidence records it.
    pub fn field(self) -> &'static str {
        match self {
            Trait::Rpps => "rpps",
            Trait::EmployeeNumber => "employee_number",
            Trait::DirectoryId => "directory_id",
            Trait::LastName => "last_name",
            Trait::FirstName => "first_name",
            Trait::BirthDate => "birth_date",
            Trait::Unit => "unit",
            Trait::Email => "email",
            Trait::Profession => "profession",
            Trait::Login => "login",
            Trait::Chronology => "chronology",
        }
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// The comparison of an account with one person, kept compact: which
/// traits agreed and what their French evidence needs. The evidence itself
/// is written by [`Comparison::evidence`], only for the comparisons an
/// outcome shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub person: u32,
    pub score: i64,
    /// The strongest deterministic rule satisfied, if any.
    pub rule: Option<Rule>,
    /// A strong identifier (RPPS, matricule, directory id) agrees.
    pub strong_key: bool,
    /// The traits that agreed, one bit per [`Trait`] (points may be 0).
    agreed: u16,
    /// How the last names agree (« identique »…), when they do.
    close_last: Option<&'static str>,
    /// Index in the person's `lasts` of the form that agreed.
    person_last: usize,
    first: FirstMatch,
    /// Days between the birth dates, when within tolerance.
    birth_days: i64,
    /// Days by which the account predates the person's arrival, when too many.
    predating_days: i64,
    /// The account was used after HR recorded the person's departure.
    used_after_departure: bool,
    /// The account states a profession HR knows, and it is not the
    /// person's: names never decide then.
    other_profession: bool,
}

impl Comparison {
    pub fn agrees(&self, t: Trait) -> bool {
        self.agreed & t.bit() != 0
    }

    /// The points a trait brings under the policy.
    fn points(&self, t: Trait, policy: &Policy) -> i64 {
        let w = &policy.weights;
        match t {
            Trait::Rpps => w.rpps,
            Trait::EmployeeNumber => w.employee_number,
            Trait::DirectoryId => w.directory_id,
            Trait::LastName => w.last_name,
            Trait::FirstName => first_points(self.first, policy).0,
            Trait::BirthDate => w.birth_date,
            Trait::Unit => w.unit,
            Trait::Email => w.email,
            Trait::Profession => w.profession,
            Trait::Login => w.login,
            Trait::Chronology => -w.chronology,
        }
    }

    /// Traits with points, in evidence order.
    fn scored<'s>(&'s self, policy: &'s Policy) -> impl Iterator<Item = (Trait, i64)> + 's {
        Trait::ALL
            .into_iter()
            .filter(|t| self.agrees(*t))
            .map(move |t| (t, self.points(t, policy)))
            .filter(|(_, points)| *points != 0)
    }

    /// Last name and first name (or its initial) agree, confirmed by a
    /// trait the policy counts as corroboration (unit, e-mail, profession,
    /// birth date); the account was not created long before the person
    /// arrived (`max_predating_days`) nor used after HR recorded their
    /// departure: a proposal for a human, never a link.
    pub fn corroborated_names(&self, policy: &Policy) -> bool {
        !self.used_after_departure
            && !self.other_profession
            && self.predating_days == 0
            && self.agrees(Trait::LastName)
            && self.agrees(Trait::FirstName)
            && !self.corroboration_fields(policy).is_empty()
    }

    /// The corroborating traits of a proposal below the review threshold:
    /// the policy's R5 corroboration, but for the profession, which
    /// hundreds of persons share.
    pub fn corroboration_fields(&self, policy: &Policy) -> Vec<&'static str> {
        Trait::ALL
            .into_iter()
            .filter(|t| *t != Trait::Profession)
            .filter(|t| self.agrees(*t) && policy.r5_corroboration.iter().any(|f| f == t.field()))
            .map(Trait::field)
            .collect()
    }

    /// How many agreeing traits the policy counts as R5 corroboration.
    fn corroborations(&self, policy: &Policy) -> usize {
        Trait::ALL
            .into_iter()
            .filter(|t| self.agrees(*t) && policy.r5_corroboration.iter().any(|f| f == t.field()))
            .count()
    }

    /// The field-by-field evidence, in French. `a`, `p`, `directory_match`
    /// and `policy` are those the comparison was made with.
    pub fn evidence(
        &self,
        a: &AccountKeys,
        p: &PersonKeys,
        directory_match: Option<&str>,
        policy: &Policy,
    ) -> Vec<Evidence> {
        self.scored(policy)
            .map(|(t, points)| {
                let detail: Cow<'static, str> = match t {
                    Trait::Rpps => format!(
                        "même identifiant national ({})",
                        p.id.as_ref().map_or("", |i| i.core.as_str())
                    )
                    .into(),
                    Trait::EmployeeNumber => {
                        format!("même matricule ({})", p.employee_number).into()
                    }
                    Trait::DirectoryId => format!(
                        "même identifiant que le compte d'annuaire {}",
                        directory_match.unwrap_or("")
                    )
                    .into(),
                    Trait::LastName => format!(
                        "nom {} ({})",
                        self.close_last.unwrap_or(""),
                        p.lasts
                            .get(self.person_last)
                            .map_or("", |l| l.full.as_str())
                    )
                    .into(),
                    Trait::FirstName => first_points(self.first, policy).1.into(),
                    Trait::BirthDate => if self.birth_days == 0 {
                        "même date de naissance"
                    } else {
                        "date de naissance à un jour près"
                    }
                    .into(),
                    Trait::Unit => "même UF ou service".into(),
                    Trait::Email => "même adresse électronique".into(),
                    Trait::Profession => "même profession".into(),
                    Trait::Login => {
                        format!("identifiant « {} » construit sur le nom", a.login.base).into()
                    }
                    Trait::Chronology => format!(
                        "compte créé {} an(s) avant l'arrivée de la personne",
                        self.predating_days / 365
                    )
                    .into(),
                };
                Evidence {
                    field: t.field().into(),
                    points,
                    detail,
                }
            })
            .collect()
    }
}

struct NameAgreement {
    same_last: bool,
    close_last: Option<&'static str>,
    first: FirstMatch,
    /// Index in the person's `lasts` of the form that agreed.
    person_last: usize,
}

fn best_names(a: &AccountKeys, p: &PersonKeys, policy: &Policy) -> NameAgreement {
    let mut best = NameAgreement {
        same_last: false,
        close_last: None,
        first: FirstMatch::None,
        person_last: 0,
    };
    let rank = |n: &NameAgreement| {
        (
            n.same_last as u8 * 2 + n.close_last.is_some() as u8,
            n.first,
        )
    };
    for r in &a.readings {
        if r.lasts.is_empty() || p.lasts.is_empty() {
            continue;
        }
        let first = compare_first(&r.first, &p.first, policy);
        for al in &r.lasts {
            for (pli, pl) in p.lasts.iter().enumerate() {
                let same = al.same(pl);
                let close = if same {
                    Some("identique")
                } else if al.within(pl, policy.last_name_max_distance) {
                    Some("à une faute près")
                } else if al.shares_token(pl)
                    && al
                        .tokens
                        .iter()
                        .chain(pl.tokens.iter())
                        .all(|t| t.len() >= 4 || t.len() < 3)
                {
                    Some("partie d'un nom composé")
                } else {
                    None
                };
                let cand = NameAgreement {
                    same_last: same,
                    close_last: close,
                    first,
                    person_last: pli,
                };
                if rank(&cand) > rank(&best) {
                    best = cand;
                }
            }
        }
    }
    best
}

fn compare_first(a: &NormFirst, b: &NormFirst, policy: &Policy) -> FirstMatch {
    match a.compare(b) {
        FirstMatch::Close if !within(&a.full, &b.full, policy.first_name_max_distance) => {
            FirstMatch::None
        }
        m => m,
    }
}

/// Points and French wording of a first-name agreement.
fn first_points(m: FirstMatch, policy: &Policy) -> (i64, &'static str) {
    let w = &policy.weights;
    match m {
        FirstMatch::Exact => (w.first_name, "prénom identique"),
        FirstMatch::Close => (w.first_name, "prénom à une faute près"),
        FirstMatch::Usual => (w.first_name, "premier prénom identique"),
        FirstMatch::Partial => (w.first_name_partial, "prénom partiel (prénom composé)"),
        FirstMatch::Initial => (w.first_name_initial, "initiale du prénom"),
        FirstMatch::None => (0, ""),
    }
}

/// Compares an account with a person. `directory_match` is set when the
/// account carries the identifier of a directory account already linked to
/// this person.
pub fn compare(
    person: u32,
    a: &AccountKeys,
    p: &PersonKeys,
    directory_match: bool,
    policy: &Policy,
) -> Comparison {
    let w = &policy.weights;
    let mut agreed = 0u16;
    let mut agree = |t: Trait| agreed |= t.bit();
    let mut strong_key = false;
    let same_id = matches!((&a.id, &p.id), (Some(x), Some(y)) if x.core == y.core);
    if same_id && w.rpps > 0 {
        agree(Trait::Rpps);
        strong_key = true;
    }
    let same_emp = a.employee_number.as_deref() == Some(p.employee_number.as_str());
    if same_emp && w.employee_number > 0 {
        agree(Trait::EmployeeNumber);
        strong_key = true;
    }
    let names = best_names(a, p, policy);
    // A shared login is evidence only if the names do not contradict it:
    // two systems applying one convention to two namesakes-by-initial
    // (LEBRUN Adrien, LEBRUN Anne → lebruna) give the same login.
    let account_has_first = a.readings.iter().any(|r| !r.first.is_empty());
    let contradicts = (a.has_name() && names.close_last.is_none())
        || (account_has_first && names.first == FirstMatch::None);
    if directory_match && !contradicts && w.directory_id > 0 {
        agree(Trait::DirectoryId);
        strong_key = true;
    }
    if names.close_last.is_some() {
        agree(Trait::LastName);
    }
    if first_points(names.first, policy).0 > 0 {
        agree(Trait::FirstName);
    }
    let birth = match (a.birth_date, p.birth_date) {
        (Some(x), Some(y)) => Some((x - y).num_days().abs()),
        _ => None,
    };
    let birth_days = birth.filter(|d| *d <= policy.birth_date_days);
    if birth_days.is_some() {
        agree(Trait::BirthDate);
    }
    if a.units.iter().any(|u| p.units.contains(u)) {
        agree(Trait::Unit);
    }
    if a.emails
        .iter()
        .any(|e| p.email.as_deref() == Some(e.as_str()))
    {
        agree(Trait::Email);
    }
    if let Some(t) = &a.title {
        if p.profession.iter().any(|pp| {
            pp == t || (t.len() >= 4 && (pp.contains(t.as_str()) || t.contains(pp.as_str())))
        }) {
            agree(Trait::Profession);
        }
    }
    if w.login > 0 && p.lasts.iter().any(|l| a.login.matches_name(l, &p.first)) {
        agree(Trait::Login);
    }
    let exact_first = names.first >= FirstMatch::Usual;
    // An account created years before the person arrived was someone
    // else's (or the person is a re-hire): names alone must not decide.
    let gap = match (a.created, p.arrival_date) {
        (Some(c), Some(arr)) => Some((arr - c).num_days()),
        _ => None,
    };
    let predates = gap.filter(|d| *d > policy.max_predating_days);
    // A names-only proposal is weaker still: one year of anteriority is enough
    // to withhold it.
    // Nor are names enough for an account used after the person left.
    let used_after_departure = matches!(
        (a.last_logon, p.departed_on),
        (Some(used), Some(left)) if used > left
    );
    let r4_allowed = gap.is_none_or(|d| d <= policy.r4_max_predating_days) && !used_after_departure;
    if predates.is_some() {
        agree(Trait::Chronology);
    }
    let mut c = Comparison {
        person,
        score: 0,
        rule: None,
        strong_key,
        agreed,
        close_last: names.close_last,
        person_last: names.person_last,
        first: names.first,
        birth_days: birth_days.unwrap_or(0),
        predating_days: predates.unwrap_or(0),
        used_after_departure,
        other_profession: false,
    };
    // An account that states a profession HR knows (`title`) and that is
    // not the person's is linked or proposed on names by no rule.
    c.other_profession =
        a.title_is_profession && !p.profession.is_empty() && !c.agrees(Trait::Profession);
    let r4_allowed = r4_allowed && !c.other_profession;
    c.rule = if policy.r1 && same_id && names.same_last && exact_first {
        Some(Rule::R1)
    } else if policy.r2 && same_emp && names.same_last && exact_first {
        Some(Rule::R2)
    } else if policy.r3 && same_emp && names.same_last && birth == Some(0) {
        Some(Rule::R3)
    } else if policy.r5
        && predates.is_none()
        && !c.other_profession
        && names.same_last
        && exact_first
        && p.unique_lasts
            .get(names.person_last)
            .copied()
            .unwrap_or(false)
        && c.corroborations(policy) >= policy.r5_min_corroboration
    {
        Some(Rule::R5)
    } else if policy.r4 && r4_allowed && names.same_last && exact_first {
        Some(Rule::R4)
    } else {
        None
    };
    c.score = c.scored(policy).map(|(_, points)| points).sum();
    c
}
