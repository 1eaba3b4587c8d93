//! The matching itself: for each account, candidates from the index, the
//! rules, the score, human decisions, and one outcome with its reasons.
//!
//! Directory accounts (AD) are matched first; an application account whose
//! login or e-mail is that of a directory account already linked then
//! carries the « directory id » evidence (the field method's « Id AD »).
//!
//! Accounts are matched in parallel. The ranked candidates of an outcome,
//! with their evidence, are written once the outcome is decided, never for
//! the person the account is linked to.

use super::decisions::{Decision, Verdict};
use super::keys::{AccountKeys, Index, PersonKeys};
use super::policy::Policy;
use super::score::{compare, Comparison, Evidence, Rule};
use super::{AccountOutcome, CandidateOut, Method, NonNominativeKind, Status};
use crate::model::{Account, Person};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// How many ranked candidates an outcome keeps for the human.
const KEEP_CANDIDATES: usize = 5;

pub struct Context<'a> {
    pub persons: &'a [Person],
    pub keys: &'a [PersonKeys],
    pub index: &'a Index,
    pub policy: &'a Policy,
    pub by_id: &'a HashMap<&'a str, u32>,
    /// Decisions by account id.
    pub decisions: &'a HashMap<&'a str, Vec<&'a Decision>>,
    /// Units the rights of an account are scoped to, by account id.
    pub scopes: &'a HashMap<&'a str, Vec<&'a str>>,
    /// The professions HR knows (folded codes and labels).
    pub professions: &'a [String],
}

/// Directory identifiers of linked directory accounts: login base or e-mail
/// → (person, account id). `None` when two persons share the identifier.
#[derive(Default)]
pub struct Pivot<'a> {
    map: HashMap<String, Option<(u32, &'a str)>>,
}

impl<'a> Pivot<'a> {
    pub fn with_capacity(n: usize) -> Pivot<'a> {
        Pivot {
            map: HashMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    pub fn add(&mut self, key: String, person: u32, account: &'a str) {
        if key.len() < 3 {
            return;
        }
        self.map
            .entry(key)
            .and_modify(|v| {
                if v.as_ref().is_some_and(|(p, _)| *p != person) {
                    *v = None;
                }
            })
            .or_insert(Some((person, account)));
    }

    /// Files the form a login takes when a suffix is added to it and the
    /// result cut at the directory limit: only a login cut there finds it.
    pub fn add_cut(&mut self, key: String, person: u32, account: &'a str) {
        self.add(format!("{CUT}{key}"), person, account);
    }

    /// The linked directory account whose identifier an account carries
    /// (its login pivot, then its e-mails). `cut`: the account's login was
    /// cut at the directory limit (see [`LoginForm::cut`]).
    ///
    /// [`LoginForm::cut`]: super::login::LoginForm::cut
    pub fn lookup(&self, login: &str, cut: bool, emails: &[String]) -> Option<(u32, &str)> {
        let found = |key: &str| self.map.get(key).and_then(Option::as_ref);
        found(login)
            .or_else(|| cut.then(|| found(&format!("{CUT}{login}"))).flatten())
            .or_else(|| emails.iter().find_map(|e| found(e)))
            .map(|(p, a)| (*p, *a))
    }
}

/// Marks the pivot keys that are cut logins.
const CUT: char = '\u{1}';

/// What of an account's keys the directory pivot uses: its login pivot and
/// its e-mails.
#[derive(Debug, Clone, Default)]
pub struct PivotKeys {
    pub login: String,
    pub cut: bool,
    pub emails: Vec<String>,
}

impl PivotKeys {
    fn of(k: AccountKeys) -> PivotKeys {
        PivotKeys {
            login: k.login.pivot,
            cut: k.login.cut,
            emails: k.emails,
        }
    }
}

/// Matches a batch of accounts: their outcomes go to `outcomes` (cleared
/// first, its capacity reused), their pivot keys are returned.
pub fn run(
    ctx: &Context<'_>,
    accounts: &[&Account],
    pivot: &Pivot<'_>,
    outcomes: &mut Vec<AccountOutcome>,
) -> Vec<PivotKeys> {
    let mut keys = Vec::new();
    accounts
        .par_iter()
        .map(|a| {
            let mut k = AccountKeys::new(a, &ctx.policy.login_suffixes);
            if let Some(scopes) = ctx.scopes.get(a.id.as_str()) {
                k.add_units(scopes.iter().copied());
            }
            k.mark_title(ctx.professions);
            (outcome(ctx, a, &k, pivot), PivotKeys::of(k))
        })
        .unzip_into_vecs(outcomes, &mut keys);
    keys
}

/// The comparisons of one account, with what their evidence needs.
struct Compared<'k> {
    account: &'k AccountKeys,
    /// The linked directory account whose identifier the account carries.
    via: Option<(u32, &'k str)>,
}

impl Compared<'_> {
    fn directory(&self, person: u32) -> Option<&str> {
        self.via.filter(|(p, _)| *p == person).map(|(_, a)| a)
    }

    fn evidence(&self, ctx: &Context<'_>, c: &Comparison) -> Vec<Evidence> {
        c.evidence(
            self.account,
            &ctx.keys[c.person as usize],
            self.directory(c.person),
            ctx.policy,
        )
    }

    fn candidate_out(&self, ctx: &Context<'_>, c: &Comparison) -> CandidateOut {
        let p = &ctx.persons[c.person as usize];
        CandidateOut {
            person: p.id.clone(),
            name: p.display_name(),
            score: c.score,
            rule: c.rule,
            evidence: self.evidence(ctx, c),
        }
    }
}

fn evidence_text(evidence: &[Evidence]) -> String {
    evidence
        .iter()
        .map(|e| format!("{} (+{})", e.detail, e.points))
        .collect::<Vec<_>>()
        .join(", ")
}

fn non_nominative(
    ctx: &Context<'_>,
    a: &Account,
    k: &AccountKeys,
) -> Option<(NonNominativeKind, String)> {
    let login = a.login.to_lowercase();
    if ctx
        .policy
        .declared
        .iter()
        .any(|d| *d == login || *d == a.id)
    {
        return Some((
            NonNominativeKind::Declared,
            "déclaré non nominatif dans la politique".into(),
        ));
    }
    let p = ctx.policy;
    for (kind, list, label) in [
        (NonNominativeKind::Service, &p.service, "compte de service"),
        (
            NonNominativeKind::Test,
            &p.test,
            "compte de test ou de formation",
        ),
        (
            NonNominativeKind::Technical,
            &p.technical,
            "compte technique",
        ),
        (
            NonNominativeKind::Generic,
            &p.generic,
            "compte générique ou partagé",
        ),
    ] {
        if let Some(pat) = list
            .iter()
            .find(|pat| pat.regex.is_match(&login) || pat.regex.is_match(&k.login.base))
        {
            return Some((
                kind,
                format!(
                    "{label} : l'identifiant « {} » correspond au motif « {} »",
                    a.login, pat.source
                ),
            ));
        }
    }
    None
}

fn outcome(ctx: &Context<'_>, a: &Account, k: &AccountKeys, pivot: &Pivot<'_>) -> AccountOutcome {
    let mut out = AccountOutcome::new(a);
    let decisions = ctx
        .decisions
        .get(a.id.as_str())
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let rejected: HashSet<u32> = decisions
        .iter()
        .filter(|d| d.verdict == Verdict::Reject)
        .filter_map(|d| d.person.as_deref().and_then(|p| ctx.by_id.get(p).copied()))
        .collect();
    for d in decisions {
        let person = d.person.as_deref().and_then(|p| ctx.by_id.get(p).copied());
        match d.verdict {
            Verdict::Confirm => {
                if let Some(pi) = person {
                    let p = &ctx.persons[pi as usize];
                    out.status = Status::Linked;
                    out.method = Some(Method::Manual);
                    out.person = Some(p.id.clone());
                    out.decision = Some(d.location.clone());
                    out.explanation = format!(
                        "Rattaché à {} ({}) par décision de {} le {} ({}){}",
                        p.display_name(),
                        p.id,
                        d.author,
                        d.date,
                        d.location,
                        if d.comment.is_empty() {
                            String::new()
                        } else {
                            format!(" : {}", d.comment)
                        }
                    );
                    return out;
                }
            }
            Verdict::NonNominative => {
                out.status = Status::NonNominative;
                out.method = Some(Method::Manual);
                out.non_nominative = Some(NonNominativeKind::Declared);
                out.person = person.map(|pi| ctx.persons[pi as usize].id.clone());
                out.decision = Some(d.location.clone());
                out.explanation = format!(
                    "Déclaré non nominatif par {} le {} ({})",
                    d.author, d.date, d.location
                );
                return out;
            }
            Verdict::Reject => {}
        }
    }

    // A login built on names says nothing when two HR persons share them.
    let via = pivot
        .lookup(&k.login.pivot, k.login.cut, &k.emails)
        .filter(|(p, _)| ctx.keys[*p as usize].name_unique());
    let compared = Compared { account: k, via };
    let mut cands = ctx.index.candidates(k);
    if let Some((p, _)) = &via {
        cands.push(*p);
        cands.sort_unstable();
        cands.dedup();
    }
    let mut comps: Vec<Comparison> = cands
        .into_iter()
        .filter(|p| !rejected.contains(p))
        .map(|p| {
            let dir = compared.directory(p).is_some();
            compare(p, k, &ctx.keys[p as usize], dir, ctx.policy)
        })
        .filter(|c| c.score > 0)
        .collect();
    comps.sort_by(|x, y| {
        let auto = |c: &Comparison| c.rule.is_some_and(Rule::is_automatic);
        auto(y)
            .cmp(&auto(x))
            .then(y.score.cmp(&x.score))
            .then(x.person.cmp(&y.person))
    });
    // The ranked candidates an outcome keeps, but for the person linked.
    let kept = |linked: Option<&str>| -> Vec<CandidateOut> {
        comps
            .iter()
            .take(KEEP_CANDIDATES)
            .filter(|c| linked.is_none_or(|id| ctx.persons[c.person as usize].id != id))
            .map(|c| compared.candidate_out(ctx, c))
            .collect()
    };
    if !rejected.is_empty() {
        out.explanation_prefix = format!(
            "{} rapprochement(s) rejeté(s) par décision humaine. ",
            rejected.len()
        );
    }

    // Deterministic rules.
    let autos: Vec<&Comparison> = comps
        .iter()
        .filter(|c| c.rule.is_some_and(Rule::is_automatic))
        .collect();
    if autos.len() > 1 {
        out.status = Status::Conflict;
        out.explanation = format!(
            "Conflit : {} personnes satisfont une règle automatique ({}) ; décision humaine nécessaire",
            autos.len(),
            autos.iter().map(|c| ctx.persons[c.person as usize].id.as_str()).collect::<Vec<_>>().join(", ")
        );
        return out.finish(kept(None));
    }
    if let Some(c) = autos.first() {
        let rule = c.rule.expect("automatic comparisons have a rule");
        let evidence = compared.evidence(ctx, c);
        let why = if rule == Rule::R5 {
            let traits: Vec<&str> = evidence
                .iter()
                .filter(|e| ctx.policy.r5_corroboration.iter().any(|f| *f == e.field))
                .map(|e| e.detail.as_ref())
                .collect();
            format!("{} : {}", rule.describe(), traits.join(", "))
        } else {
            rule.describe().to_string()
        };
        return out.link(ctx, c, evidence, Method::Rule(rule), why, kept);
    }

    if let Some((kind, why)) = non_nominative(ctx, a, k) {
        out.status = Status::NonNominative;
        out.method = Some(Method::Pattern);
        out.non_nominative = Some(kind);
        out.explanation = format!("Non nominatif — {why}");
        return out.finish(kept(None));
    }

    let policy = ctx.policy;
    let Some(best) = comps.first() else {
        out.status = Status::Unmatched;
        out.explanation =
            "Aucune personne du référentiel RH ne partage d'identifiant ni de nom avec ce compte"
                .into();
        return out.finish(kept(None));
    };
    let second = comps.get(1).map_or(i64::MIN, |c| c.score);
    if best.score >= policy.automatic {
        if second > best.score - policy.margin {
            let two_auto = second >= policy.automatic;
            out.status = if two_auto {
                Status::Conflict
            } else {
                Status::Candidate
            };
            out.explanation = format!(
                "{} : le meilleur score ({}) ne devance le suivant ({}) que de {} point(s), moins que la marge de {} ; décision humaine nécessaire",
                if two_auto { "Conflit" } else { "À valider" },
                best.score,
                second,
                best.score - second,
                policy.margin
            );
            return out.finish(kept(None));
        }
        let evidence = compared.evidence(ctx, best);
        let why = format!(
            "score {} ≥ {} : {}",
            best.score,
            policy.automatic,
            evidence_text(&evidence)
        );
        return out.link(ctx, best, evidence, Method::Score, why, kept);
    }
    if best.score >= policy.review || best.rule == Some(Rule::R4) {
        out.status = Status::Candidate;
        let p = &ctx.persons[best.person as usize];
        out.explanation = format!(
            "À valider : {} ({}) — score {} ({}){}",
            p.display_name(),
            p.id,
            best.score,
            evidence_text(&compared.evidence(ctx, best)),
            if best.rule == Some(Rule::R4) {
                " ; R4 : même nom et prénom, jamais automatique"
            } else {
                ""
            }
        );
        return out.finish(kept(None));
    }
    // Below the review threshold, one person whose names agree and whom an
    // independent trait confirms is still proposed (a typo in the name, an
    // initial for the first name): never linked, never left for an orphan.
    let mut corroborated = comps.iter().filter(|c| c.corroborated_names(policy));
    if let (Some(c), None) = (corroborated.next(), corroborated.next()) {
        out.status = Status::Candidate;
        let p = &ctx.persons[c.person as usize];
        let evidence = compared.evidence(ctx, c);
        let confirmed: Vec<&str> = c
            .corroboration_fields(policy)
            .into_iter()
            .filter_map(|f| evidence.iter().find(|e| e.field == f))
            .map(|e| e.detail.as_ref())
            .collect();
        out.explanation = format!(
            "À valider : {} ({}) — score {} ({}) ; nom et prénom concordants, confirmés par : {}",
            p.display_name(),
            p.id,
            c.score,
            evidence_text(&evidence),
            confirmed.join(", ")
        );
        // The proposed person first.
        let mut candidates = kept(None);
        if let Some(i) = candidates.iter().position(|x| x.person == p.id) {
            let first = candidates.remove(i);
            candidates.insert(0, first);
        } else {
            candidates.insert(0, compared.candidate_out(ctx, c));
        }
        return out.finish(candidates);
    }
    out.status = Status::Unmatched;
    out.explanation = format!(
        "Aucun rapprochement suffisant : meilleur score {} < {} ({})",
        best.score, policy.review, ctx.persons[best.person as usize].id
    );
    out.finish(kept(None))
}

impl AccountOutcome {
    fn link(
        mut self,
        ctx: &Context<'_>,
        c: &Comparison,
        evidence: Vec<Evidence>,
        method: Method,
        why: String,
        kept: impl FnOnce(Option<&str>) -> Vec<CandidateOut>,
    ) -> AccountOutcome {
        let p = &ctx.persons[c.person as usize];
        self.status = Status::Linked;
        self.method = Some(method);
        self.person = Some(p.id.clone());
        self.score = Some(c.score);
        self.evidence = evidence;
        self.explanation = format!(
            "Rattaché automatiquement à {} ({}) — {why}",
            p.display_name(),
            p.id
        );
        self.finish(kept(Some(&p.id)))
    }

    fn finish(mut self, candidates: Vec<CandidateOut>) -> AccountOutcome {
        self.candidates = candidates;
        if !self.explanation_prefix.is_empty() {
            self.explanation = format!(
                "{}{}",
                std::mem::take(&mut self.explanation_prefix),
                self.explanation
            );
        }
        if self.status != Status::Linked && self.score.is_none() {
            self.score = self.candidates.first().map(|c| c.score);
        }
        self
    }
}
