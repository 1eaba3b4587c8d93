//! The facts conditions read: an owned, shared (`Arc`) table computed once
//! per scan from the snapshot, the reconciliation and the access graph, so
//! that subject views are cheap handles (`Arc` + index) that minijinja can
//! hold, and nothing is recomputed per check.
//!
//! - this module: ownership (who owns which account), identity issues, HR
//!   pairs, and the policy as expressions see it;
//! - [`rights`]: what each account reaches (groups, profiles, privileges,
//!   health data, interactive logon, units) with the proof paths;
//! - [`inventory`]: groups (nesting cycles, members), applications and the
//!   national directory's activities.

mod inventory;
mod rights;

pub use inventory::{GroupFacts, RppsFacts};
pub use rights::{AccountRights, UnitRight};

use crate::graph::AccessGraph;
use crate::model::Snapshot;
use crate::reconcile::{AccountOutcome, Reconciliation};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::sync::Arc;

pub struct Facts {
    pub snapshot: Arc<Snapshot>,
    /// The reference date (`as_of`, else the scan's day).
    pub as_of: NaiveDate,
    /// The scan's reconciliation.
    pub reconciliation: Arc<Reconciliation>,
    /// Index of each account's outcome in `reconciliation.accounts`, in
    /// snapshot order (`None` only when the reconciliation given does not
    /// cover the account).
    pub outcome: Vec<Option<u32>>,
    /// Person index of the linked owner per account.
    pub owner: Vec<Option<u32>>,
    /// Person index of the probable owner of an account the reconciliation
    /// left to a human: the one candidate proposed ahead of all others.
    pub probable_owner: Vec<Option<u32>>,
    /// The owner, else the probable owner: whose rights these are.
    pub holder: Vec<Option<u32>>,
    /// Accounts per person, by holder.
    pub held_by: Vec<Vec<u32>>,
    /// Accounts per person.
    pub accounts_of: Vec<Vec<u32>>,
    /// Application index per account.
    pub application: Vec<Option<u32>>,
    /// What each account reaches, in snapshot order.
    pub rights: Vec<AccountRights>,
    /// Identity issue kinds (`invalid-identifier`…) by person or account id.
    pub issues: FxHashMap<String, Vec<&'static str>>,
    /// HR pair kinds (`duplicate`, `homonym`…) per person.
    pub hr_pairs: Vec<Vec<&'static str>>,
    /// Profession codes for which an RPPS is expected (Ordre, ARS), and the
    /// « rôle » professions the establishment registers itself (RPPS+).
    pub rpps_professions: Vec<String>,
    pub role_professions: Vec<String>,
    /// Units whose rights anyone may hold besides their own (`policy.shared_units`).
    pub shared_units: Vec<String>,
    /// Per group, in snapshot order.
    pub groups: Vec<GroupFacts>,
    /// Accounts per application; whether each application is a DPI.
    pub app_accounts: Vec<Vec<u32>>,
    pub app_is_dpi: Vec<bool>,
    /// Whether each application's current authentication is a local
    /// password (`policy.local_password_auth`).
    pub app_local_password: Vec<bool>,
    /// The national directory, per person.
    pub rpps: Vec<RppsFacts>,
    /// Policy values, as conditions see them (`policy.*`).
    pub policy: minijinja::Value,
}

/// Case-insensitive regular expressions of a policy list (invalid ones are
/// refused when the policy is loaded).
pub(crate) fn patterns(policy: &serde_json::Value, key: &str) -> Vec<regex::Regex> {
    policy[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str())
                .filter_map(|p| regex::Regex::new(&format!("(?i){p}")).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The same patterns as one set, for tests run on every account.
pub(crate) fn pattern_set(policy: &serde_json::Value, key: &str) -> regex::RegexSet {
    regex::RegexSet::new(patterns(policy, key).iter().map(regex::Regex::as_str))
        .unwrap_or_else(|_| regex::RegexSet::empty())
}

pub(crate) fn strings(policy: &serde_json::Value, key: &str) -> Vec<String> {
    policy[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

impl Facts {
    pub fn build(
        snapshot: Arc<Snapshot>,
        graph: &AccessGraph<'_>,
        rec: Arc<Reconciliation>,
        as_of: NaiveDate,
        policy_json: &serde_json::Value,
    ) -> Facts {
        let policy = minijinja::Value::from(minijinja::value::Serde(policy_json));
        let persons: FxHashMap<&str, u32> = snapshot
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i as u32))
            .collect();
        let by_account: FxHashMap<&str, u32> = rec
            .accounts
            .iter()
            .enumerate()
            .map(|(i, o)| (o.account.as_str(), i as u32))
            .collect();
        let apps: FxHashMap<&str, u32> = snapshot
            .applications
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let duplicates: rustc_hash::FxHashSet<(&str, &str)> = rec
            .hr_pairs
            .iter()
            .filter(|p| p.kind == crate::reconcile::identity::PairKind::Duplicate)
            .map(|p| (p.a.as_str(), p.b.as_str()))
            .collect();
        let n = snapshot.accounts.len();
        let mut outcome = Vec::with_capacity(n);
        let mut owner = Vec::with_capacity(n);
        let mut probable_owner = Vec::with_capacity(n);
        let mut accounts_of = vec![Vec::new(); snapshot.persons.len()];
        let mut held_by = vec![Vec::new(); snapshot.persons.len()];
        let mut application = Vec::with_capacity(n);
        let mut app_accounts = vec![Vec::new(); snapshot.applications.len()];
        let matrix = rights::Matrix::new(policy_json);
        let disagrees = |a: &crate::model::Account, p: &crate::model::Person| {
            national_ids_differ(a, p) || profiles_forbidden(a, p, graph, &matrix)
        };
        for (i, a) in snapshot.accounts.iter().enumerate() {
            let index = by_account.get(a.id.as_str()).copied();
            let o = index.map(|k| &rec.accounts[k as usize]);
            let p = match o.map(|o| (o.status, o.person.as_deref())) {
                Some((crate::reconcile::Status::Linked, Some(id))) => persons.get(id).copied(),
                _ => None,
            };
            if let Some(p) = p {
                accounts_of[p as usize].push(i as u32);
            }
            let likely = o.and_then(|o| {
                probable(o, &snapshot, &persons, &duplicates, &|p| {
                    disagrees(a, &snapshot.persons[p as usize])
                })
            });
            if let Some(h) = p.or(likely) {
                held_by[h as usize].push(i as u32);
            }
            owner.push(p);
            probable_owner.push(likely);
            outcome.push(index);
            let app = a
                .application
                .as_deref()
                .and_then(|id| apps.get(id).copied());
            if let Some(x) = app {
                app_accounts[x as usize].push(i as u32);
            }
            application.push(app);
        }
        let holder: Vec<Option<u32>> = owner
            .iter()
            .zip(&probable_owner)
            .map(|(o, p)| o.or(*p))
            .collect();
        let rights = rights::compute(
            &snapshot,
            graph,
            rights::Holders {
                owner: &owner,
                holder: &holder,
            },
            &application,
            policy_json,
        );
        let mut issues: FxHashMap<String, Vec<&'static str>> = FxHashMap::default();
        for issue in &rec.identity_issues {
            issues
                .entry(issue.subject.clone())
                .or_default()
                .push(issue_code(issue.kind));
        }
        let mut hr_pairs = vec![Vec::new(); snapshot.persons.len()];
        for pair in &rec.hr_pairs {
            let kind = match pair.kind {
                crate::reconcile::identity::PairKind::Duplicate => "duplicate",
                crate::reconcile::identity::PairKind::PossibleDuplicate => "possible-duplicate",
                crate::reconcile::identity::PairKind::Homonym => "homonym",
            };
            for id in [&pair.a, &pair.b] {
                if let Some(&p) = persons.get(id.as_str()) {
                    hr_pairs[p as usize].push(kind);
                }
            }
        }
        let dpi = patterns(policy_json, "dpi_applications");
        let app_is_dpi = snapshot
            .applications
            .iter()
            .map(|a| dpi.iter().any(|r| r.is_match(&a.id) || r.is_match(&a.name)))
            .collect();
        let local_password = patterns(policy_json, "local_password_auth");
        let app_local_password = snapshot
            .applications
            .iter()
            .map(|a| {
                a.auth_mode
                    .as_deref()
                    .is_some_and(|m| local_password.iter().any(|r| r.is_match(m)))
            })
            .collect();
        let groups = inventory::groups(graph, &patterns(policy_json, "privileged_groups"));
        let rpps = inventory::rpps(&snapshot);
        Facts {
            rpps_professions: strings(policy_json, "rpps_professions"),
            role_professions: strings(policy_json, "role_professions"),
            shared_units: strings(policy_json, "shared_units"),
            groups,
            rpps,
            snapshot,
            as_of,
            outcome,
            owner,
            probable_owner,
            holder,
            held_by,
            accounts_of,
            application,
            rights,
            issues,
            hr_pairs,
            reconciliation: rec,
            app_accounts,
            app_is_dpi,
            app_local_password,
            policy,
        }
    }

    /// Days from `date` to the reference date (positive in the past).
    pub fn days_since(&self, date: NaiveDate) -> i64 {
        (self.as_of - date).num_days()
    }

    /// Usable at the reference date: not disabled, not expired.
    pub fn usable(&self, account: u32) -> bool {
        let a = &self.snapshot.accounts[account as usize];
        let expired = a.expires.is_some_and(|e| e.date() <= self.as_of);
        a.enabled != Some(false) && !expired
    }
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Facts")
            .field("accounts", &self.snapshot.accounts.len())
            .field("persons", &self.snapshot.persons.len())
            .field("as_of", &self.as_of)
            .finish()
    }
}

/// The probable owner of an account left to a human (`candidate`): its
/// first candidate, when it scores above every other one — or when those
/// that equal it are its duplicates in HR (the same person twice), then the
/// record with the latest arrival, which describes the current contract.
/// Never a person the account's data `disagrees` with.
fn probable(
    o: &AccountOutcome,
    snapshot: &Snapshot,
    persons: &FxHashMap<&str, u32>,
    duplicates: &rustc_hash::FxHashSet<(&str, &str)>,
    disagrees: &dyn Fn(u32) -> bool,
) -> Option<u32> {
    if o.status != crate::reconcile::Status::Candidate {
        return None;
    }
    let first = o.candidates.first()?;
    let same_person = |other: &str| {
        duplicates.contains(&(first.person.as_str(), other))
            || duplicates.contains(&(other, first.person.as_str()))
    };
    let mut tied = vec![first.person.as_str()];
    for c in o.candidates[1..].iter().filter(|c| c.score >= first.score) {
        if !same_person(&c.person) {
            return None;
        }
        tied.push(c.person.as_str());
    }
    tied.iter()
        .filter_map(|id| persons.get(id).copied())
        .filter(|&p| !disagrees(p))
        .max_by_key(|&p| {
            (
                snapshot.persons[p as usize].arrival_date,
                std::cmp::Reverse(p),
            )
        })
}

/// Two valid national identifiers (RPPS, ADELI) that differ are two
/// persons, whatever their names.
fn national_ids_differ(a: &crate::model::Account, p: &crate::model::Person) -> bool {
    let national = |v: Option<&String>| {
        v.and_then(|v| crate::reconcile::identifier::parse(v).ok().flatten())
            .map(|id| id.core)
    };
    matches!(
        (national(a.rpps.as_ref()), national(p.rpps.as_ref())),
        (Some(x), Some(y)) if x != y
    )
}

/// The habilitation matrix allows the person's profession none of the
/// account's profiles (« Médecin prescripteur » for a nursing assistant):
/// the account is not likely to be theirs.
fn profiles_forbidden(
    a: &crate::model::Account,
    p: &crate::model::Person,
    graph: &AccessGraph<'_>,
    matrix: &rights::Matrix,
) -> bool {
    let (Some(app), Some(node)) = (a.application.as_deref(), graph.account_node(&a.id)) else {
        return false;
    };
    let Some(allowed) = matrix.permits(app, p.profession_code.as_deref().unwrap_or("")) else {
        return false;
    };
    let profiles = graph.profiles_of_account(node);
    !profiles.is_empty() && profiles.iter().all(|g| !allowed(&g.profile.name))
}

fn issue_code(kind: crate::reconcile::identity::IssueKind) -> &'static str {
    use crate::reconcile::identity::IssueKind as K;
    match kind {
        K::InvalidIdentifier => "invalid-identifier",
        K::AdeliInUse => "adeli-in-use",
        K::UnknownToDirectory => "unknown-to-directory",
        K::NameMismatch => "name-mismatch",
        K::ProfessionMismatch => "profession-mismatch",
        K::SharedIdentifier => "shared-identifier",
        K::ConflictingIdentifiers => "conflicting-identifiers",
    }
}
