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
    /// Policy values, as conditions see them (`policy.*`).
    pub policy: minijinja::Value,
}

impl Facts {
    pub fn build(
        snapshot: Arc<Snapshot>,
        rec: &Reconciliation,
        as_of: NaiveDate,
        policy: minijinja::Value,
    ) -> Facts {
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
        let graph = AccessGraph::build(&snapshot);
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
        drop(graph);
        Facts {
            snapshot,
            as_of,
            outcomes,
            owner,
            accounts_of,
            effective_groups,
            profiles,
            application,
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
