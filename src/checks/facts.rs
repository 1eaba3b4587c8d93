//! The facts conditions read: an owned, shared (`Arc`) table computed once
//! per scan from the snapshot, the reconciliation and the access graph, so
//! that subject views are cheap handles (`Arc` + index) that minijinja can
//! hold, and nothing is recomputed per check.

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
    /// Outcome per account, in snapshot order (`None` only when the
    /// reconciliation given does not cover the account).
    pub outcomes: Vec<Option<AccountOutcome>>,
    /// Person index of the linked owner per account.
    pub owner: Vec<Option<u32>>,
    /// Accounts per person.
    pub accounts_of: Vec<Vec<u32>>,
    /// Names of the groups each account is in, directly or through nesting.
    pub effective_groups: Vec<Vec<Arc<str>>>,
    /// Names of the profiles each account holds.
    pub profiles: Vec<Vec<Arc<str>>>,
    /// Application index per account.
    pub application: Vec<Option<u32>>,
    /// Groups and profiles of each account that give administrative power.
    pub privileged: Vec<Vec<Arc<str>>>,
    /// The account may hold privileges (dedicated admin account of an IT
    /// person, or the built-in administrator).
    pub privileged_allowed: Vec<bool>,
    /// The account opens an application holding health data, directly or
    /// through an access group named after it.
    pub health_access: Vec<bool>,
    /// Identity issue kinds (`invalid-identifier`…) by person or account id.
    pub issues: FxHashMap<String, Vec<&'static str>>,
    /// HR pair kinds (`duplicate`, `homonym`…) per person.
    pub hr_pairs: Vec<Vec<&'static str>>,
    /// Profession codes for which an RPPS is expected.
    pub rpps_professions: Vec<String>,
    /// Policy values, as conditions see them (`policy.*`).
    pub policy: minijinja::Value,
}

fn patterns(policy: &serde_json::Value, key: &str) -> Vec<regex::Regex> {
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

fn strings(policy: &serde_json::Value, key: &str) -> Vec<String> {
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
        rec: &Reconciliation,
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
        let by_account: FxHashMap<&str, &AccountOutcome> = rec
            .accounts
            .iter()
            .map(|o| (o.account.as_str(), o))
            .collect();
        let apps: FxHashMap<&str, u32> = snapshot
            .applications
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let n = snapshot.accounts.len();
        let mut outcomes = Vec::with_capacity(n);
        let mut owner = Vec::with_capacity(n);
        let mut accounts_of = vec![Vec::new(); snapshot.persons.len()];
        let mut application = Vec::with_capacity(n);
        for (i, a) in snapshot.accounts.iter().enumerate() {
            let o = by_account.get(a.id.as_str()).map(|o| (*o).clone());
            let p = match o.as_ref().map(|o| (o.status, o.person.as_deref())) {
                Some((crate::reconcile::Status::Linked, Some(id))) => persons.get(id).copied(),
                _ => None,
            };
            if let Some(p) = p {
                accounts_of[p as usize].push(i as u32);
            }
            owner.push(p);
            outcomes.push(o);
            application.push(
                a.application
                    .as_deref()
                    .and_then(|id| apps.get(id).copied()),
            );
        }
        let mut effective_groups = Vec::with_capacity(n);
        let mut profiles = Vec::with_capacity(n);
        let mut names: FxHashMap<&str, Arc<str>> = FxHashMap::default();
        for a in snapshot.accounts.iter() {
            let Some(node) = graph.account_node(&a.id) else {
                effective_groups.push(Vec::new());
                profiles.push(Vec::new());
                continue;
            };
            let mut groups: Vec<Arc<str>> = graph
                .effective_groups(node)
                .map(|g| {
                    names
                        .entry(g.group.name.as_str())
                        .or_insert_with(|| Arc::from(g.group.name.as_str()))
                        .clone()
                })
                .collect();
            groups.sort();
            groups.dedup();
            effective_groups.push(groups);
            let mut profs: Vec<Arc<str>> = graph
                .profiles_of_account(node)
                .into_iter()
                .map(|p| {
                    names
                        .entry(p.profile.name.as_str())
                        .or_insert_with(|| Arc::from(p.profile.name.as_str()))
                        .clone()
                })
                .collect();
            profs.sort();
            profs.dedup();
            profiles.push(profs);
        }

        let priv_groups = patterns(policy_json, "privileged_groups");
        let priv_profiles = patterns(policy_json, "privileged_profiles");
        let admin_logins = patterns(policy_json, "admin_account_logins");
        let builtin = patterns(policy_json, "builtin_admin_logins");
        let it_units = strings(policy_json, "it_units");
        let health_apps: Vec<String> = snapshot
            .applications
            .iter()
            .filter(|a| a.health_data == Some(true))
            .map(|a| a.id.to_lowercase())
            .collect();
        let mut privileged = Vec::with_capacity(n);
        let mut privileged_allowed = Vec::with_capacity(n);
        let mut health_access = Vec::with_capacity(n);
        for (i, a) in snapshot.accounts.iter().enumerate() {
            let mut p: Vec<Arc<str>> = effective_groups[i]
                .iter()
                .filter(|g| priv_groups.iter().any(|r| r.is_match(g)))
                .cloned()
                .collect();
            p.extend(
                profiles[i]
                    .iter()
                    .filter(|g| priv_profiles.iter().any(|r| r.is_match(g)))
                    .cloned(),
            );
            privileged.push(p);
            let owner_it = owner[i].is_some_and(|o| {
                let person = &snapshot.persons[o as usize];
                person.status != Some(crate::model::PersonStatus::Departed)
                    && person
                        .unit_code
                        .as_ref()
                        .is_some_and(|u| it_units.contains(u))
            });
            let dedicated =
                a.directory.is_none() || admin_logins.iter().any(|r| r.is_match(&a.login));
            privileged_allowed
                .push(builtin.iter().any(|r| r.is_match(&a.login)) || (owner_it && dedicated));
            let by_app = a
                .application
                .as_ref()
                .is_some_and(|id| health_apps.contains(&id.to_lowercase()));
            let by_group = effective_groups[i].iter().any(|g| {
                g.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|t| health_apps.iter().any(|h| h == t))
            });
            health_access.push(by_app || by_group);
        }
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
        Facts {
            rpps_professions: strings(policy_json, "rpps_professions"),
            snapshot,
            as_of,
            outcomes,
            owner,
            accounts_of,
            effective_groups,
            profiles,
            application,
            privileged,
            privileged_allowed,
            health_access,
            issues,
            hr_pairs,
            policy,
        }
    }

    /// Days from `date` to the reference date (positive in the past).
    pub fn days_since(&self, date: NaiveDate) -> i64 {
        (self.as_of - date).num_days()
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
