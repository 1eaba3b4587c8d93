//! Reconciliation: ties every account to one person, or to nobody, and says
//! why.
//!
//! - [`normalize`], [`phonetic`], [`login`]: comparable forms of French
//!   names and logins; [`distance`]: edit distances between them.
//! - [`identifier`]: RPPS / ADELI validation.
//! - [`keys`]: person and account keys; [`index`]: the blocking index.
//! - [`score`]: rules R1–R5 and the field-by-field score.
//! - [`engine`]: one outcome per account (directory accounts first);
//!   `contest`: R5 links that several accounts of one source claim;
//!   [`order`] puts them back in the order of the accounts.
//! - [`identity`]: national identifier issues; [`pairs`]: HR duplicates and
//!   homonyms.
//! - [`decisions`], [`policy`]: the hospital's human decisions and settings.
//! - [`output`]: `reconciliation.csv` / `.json`.
//!
//! Every account ends in exactly one [`Status`]: `linked` (automatic or
//! manual), `candidate` (a human decides, ranked candidates given),
//! `unmatched` (orphan), `conflict` (several persons claim it) or
//! `non-nominative` (service, generic or technical account).

mod contest;
pub mod decisions;
pub mod distance;
pub mod engine;
pub mod identifier;
pub mod identity;
pub mod index;
pub mod keys;
pub mod login;
pub mod normalize;
pub mod order;
pub mod output;
pub mod pairs;
pub mod phonetic;
pub mod policy;
pub mod score;

use crate::model::{Account, Snapshot};
use decisions::Decision;
use keys::{Index, PersonKeys};
use policy::Policy;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use score::{Evidence, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Linked,
    Candidate,
    Unmatched,
    Conflict,
    NonNominative,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Linked,
        Status::Candidate,
        Status::Unmatched,
        Status::Conflict,
        Status::NonNominative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Linked => "linked",
            Status::Candidate => "candidate",
            Status::Unmatched => "unmatched",
            Status::Conflict => "conflict",
            Status::NonNominative => "non-nominative",
        }
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Status::Linked => "rattaché",
            Status::Candidate => "à valider",
            Status::Unmatched => "orphelin",
            Status::Conflict => "conflit",
            Status::NonNominative => "non nominatif",
        }
    }
}

/// How a link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    Rule(Rule),
    Score,
    Manual,
    Pattern,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Rule(Rule::R1) => "R1",
            Method::Rule(Rule::R2) => "R2",
            Method::Rule(Rule::R3) => "R3",
            Method::Rule(Rule::R4) => "R4",
            Method::Rule(Rule::R5) => "R5",
            Method::Score => "score",
            Method::Manual => "manual",
            Method::Pattern => "pattern",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonNominativeKind {
    Service,
    Generic,
    Technical,
    /// Test, training or demonstration accounts.
    Test,
    Declared,
}

impl NonNominativeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NonNominativeKind::Service => "service",
            NonNominativeKind::Generic => "generic",
            NonNominativeKind::Technical => "technical",
            NonNominativeKind::Test => "test",
            NonNominativeKind::Declared => "declared",
        }
    }
}

/// A ranked candidate person for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateOut {
    pub person: String,
    pub name: String,
    pub score: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    pub evidence: Vec<Evidence>,
}

/// The outcome for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOutcome {
    pub account: String,
    pub source: String,
    pub login: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Score of the link, or of the best candidate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
    /// Field-by-field points of the link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Ranked candidates (other than the linked person).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<CandidateOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_nominative: Option<NonNominativeKind>,
    /// The human decision applied (`links.toml:12`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Why, in French.
    pub explanation: String,
    #[serde(skip)]
    explanation_prefix: String,
}

impl AccountOutcome {
    fn new(a: &Account) -> AccountOutcome {
        AccountOutcome {
            account: a.id.clone(),
            source: a.source.clone(),
            login: a.login.clone(),
            status: Status::Unmatched,
            method: None,
            person: None,
            score: None,
            evidence: Vec::new(),
            candidates: Vec::new(),
            non_nominative: None,
            decision: None,
            explanation: String::new(),
            explanation_prefix: String::new(),
        }
    }
}

/// Counts per source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceStats {
    pub accounts: usize,
    /// Linked by rule or score (not by a human).
    pub automatic: usize,
    pub manual: usize,
    pub by_status: BTreeMap<Status, usize>,
}

impl SourceStats {
    /// Share of nominative accounts linked automatically.
    pub fn automatic_rate(&self) -> f64 {
        let nominative = self.accounts
            - self
                .by_status
                .get(&Status::NonNominative)
                .copied()
                .unwrap_or(0);
        if nominative == 0 {
            0.0
        } else {
            self.automatic as f64 / nominative as f64
        }
    }
}

/// A decision whose account or person no longer exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleDecision {
    pub location: String,
    pub account: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    pub reason: String,
}

/// Everything reconciliation concluded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reconciliation {
    pub accounts: Vec<AccountOutcome>,
    pub stats: BTreeMap<String, SourceStats>,
    pub hr_pairs: Vec<identity::PersonPair>,
    pub identity_issues: Vec<identity::IdentityIssue>,
    pub stale_decisions: Vec<StaleDecision>,
}

impl Reconciliation {
    pub fn outcome(&self, account: &str) -> Option<&AccountOutcome> {
        self.accounts.iter().find(|o| o.account == account)
    }
}

/// Reconciles every account of the snapshot with its persons.
pub fn reconcile(snapshot: &Snapshot, policy: &Policy, decisions: &[Decision]) -> Reconciliation {
    let persons = &snapshot.persons;
    let mut keys: Vec<PersonKeys> = persons.par_iter().map(PersonKeys::new).collect();
    let index = Index::build(&keys);
    // Sequential preparations run beside the parallel marking of homonyms.
    let accounts = &snapshot.accounts;
    let ((), (by_id, unique_ids)) = rayon::join(
        || keys::mark_homonyms(&mut keys, &index),
        || {
            let by_id: HashMap<&str, u32> = persons
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i as u32))
                .collect();
            let mut ids: HashSet<&str> =
                HashSet::with_capacity_and_hasher(accounts.len(), Default::default());
            let unique_ids = accounts.iter().all(|a| ids.insert(a.id.as_str()));
            (by_id, unique_ids)
        },
    );
    let mut by_account: HashMap<&str, Vec<&Decision>> = HashMap::default();
    for d in decisions {
        by_account.entry(d.account.as_str()).or_default().push(d);
    }
    let mut scopes: HashMap<&str, Vec<&str>> = HashMap::default();
    for r in &snapshot.rights {
        if let Some(s) = r.scope.as_deref() {
            let list = scopes.entry(r.account.as_str()).or_default();
            if !list.contains(&s) {
                list.push(s);
            }
        }
    }
    let mut professions: Vec<String> = keys
        .iter()
        .flat_map(|k| k.profession.iter().cloned())
        .collect();
    professions.sort_unstable();
    professions.dedup();
    let ctx = engine::Context {
        persons,
        keys: &keys,
        index: &index,
        policy,
        by_id: &by_id,
        decisions: &by_account,
        scopes: &scopes,
        professions: &professions,
    };

    // Positions in `snapshot.accounts`, directory accounts first.
    let (directory, applications): (Vec<usize>, Vec<usize>) =
        (0..accounts.len()).partition(|&i| accounts[i].directory.is_some());
    let batch = |positions: &[usize]| -> Vec<&Account> {
        positions.iter().map(|&i| &accounts[i]).collect()
    };
    // Room for every outcome when they are put in place afterwards.
    let mut first = Vec::with_capacity(if unique_ids {
        accounts.len()
    } else {
        directory.len()
    });
    let mut first_keys = engine::run(
        &ctx,
        &batch(&directory),
        &engine::Pivot::default(),
        &mut first,
    );
    contest::demote_contested(&mut first, persons, &by_id, policy.margin);
    let linked = |o: &AccountOutcome| match (o.status, o.person.as_deref()) {
        (Status::Linked, Some(p)) => Some(by_id[p]),
        _ => None,
    };
    let mut pivot = engine::Pivot::with_capacity(
        first
            .iter()
            .zip(&first_keys)
            .filter(|(o, _)| o.status == Status::Linked)
            .map(|(_, k)| 1 + k.emails.len())
            .sum(),
    );
    for ((o, k), &i) in first.iter().zip(first_keys.iter_mut()).zip(&directory) {
        if let Some(pi) = linked(o) {
            let account = accounts[i].id.as_str();
            let login = std::mem::take(&mut k.login);
            for cut in login::truncated_for_suffixes(&login, &policy.login_suffixes) {
                pivot.add_cut(cut, pi, account);
            }
            pivot.add(login, pi, account);
            for e in std::mem::take(&mut k.emails) {
                pivot.add(e, pi, account);
            }
        }
    }
    // Second pass: application accounts, and directory accounts the first
    // pass left unlinked (an `_adm` account shares its pivot with the
    // person's everyday account).
    let retry: Vec<bool> = first
        .par_iter()
        .zip(&first_keys)
        .map(|(o, k)| {
            !matches!(o.status, Status::Linked | Status::NonNominative)
                && pivot.lookup(&k.login, k.cut, &k.emails).is_some()
        })
        .collect();
    first_keys.into_par_iter().for_each(drop);
    let retry_ids: HashSet<&str> = first
        .iter()
        .zip(&retry)
        .filter(|(_, r)| **r)
        .map(|(o, _)| o.account.as_str())
        .collect();
    let retried: Vec<usize> = directory
        .iter()
        .copied()
        .filter(|&i| retry_ids.contains(accounts[i].id.as_str()))
        .collect();
    let second_batch: Vec<&Account> = applications
        .iter()
        .chain(&retried)
        .map(|&i| &accounts[i])
        .collect();
    let mut second = Vec::new();
    engine::run(&ctx, &second_batch, &pivot, &mut second);
    contest::demote_contested(&mut second, persons, &by_id, policy.margin);
    let outcomes = if unique_ids {
        order::place(first, second, &directory, &applications, &retry)
    } else {
        let done = first
            .into_iter()
            .zip(retry)
            .filter(|(_, r)| !r)
            .map(|(o, _)| o);
        order::by_last_position(snapshot, done.chain(second))
    };
    let aligned = unique_ids;
    // Sequential tallies beside the parallel search for HR pairs.
    let ((stats, stale_decisions), hr_pairs) = rayon::join(
        || {
            drop(pivot);
            (source_stats(&outcomes), stale(decisions, snapshot, &by_id))
        },
        || identity::hr_pairs(persons, &keys, &index, policy.birth_date_days),
    );
    let identity_issues = identity::issues(snapshot, &keys, &outcomes, &by_id, aligned);
    Reconciliation {
        accounts: outcomes,
        stats,
        hr_pairs,
        identity_issues,
        stale_decisions,
    }
}

/// Counts per source.
fn source_stats(outcomes: &[AccountOutcome]) -> BTreeMap<String, SourceStats> {
    let mut by_source: HashMap<&str, (SourceStats, [usize; Status::ALL.len()])> =
        HashMap::default();
    for o in outcomes {
        let (s, by_status) = by_source.entry(o.source.as_str()).or_default();
        s.accounts += 1;
        by_status[o.status as usize] += 1;
        match (o.status, o.method) {
            (Status::Linked, Some(Method::Manual)) => s.manual += 1,
            (Status::Linked, _) => s.automatic += 1,
            _ => {}
        }
    }
    by_source
        .into_iter()
        .map(|(source, (mut s, by_status))| {
            s.by_status = Status::ALL
                .into_iter()
                .zip(by_status)
                .filter(|(_, n)| *n > 0)
                .collect();
            (source.to_string(), s)
        })
        .collect()
}

fn stale(
    decisions: &[Decision],
    snapshot: &Snapshot,
    by_id: &HashMap<&str, u32>,
) -> Vec<StaleDecision> {
    if decisions.is_empty() {
        return Vec::new();
    }
    let accounts: std::collections::HashSet<&str> =
        snapshot.accounts.iter().map(|a| a.id.as_str()).collect();
    decisions
        .iter()
        .filter_map(|d| {
            let reason = if !accounts.contains(d.account.as_str()) {
                format!("le compte « {} » n'existe plus dans les sources", d.account)
            } else if let Some(p) = d.person.as_deref().filter(|p| !by_id.contains_key(p)) {
                format!("la personne « {p} » n'existe plus dans le référentiel RH")
            } else {
                return None;
            };
            Some(StaleDecision {
                location: d.location.clone(),
                account: d.account.clone(),
                person: d.person.clone(),
                reason,
            })
        })
        .collect()
}
