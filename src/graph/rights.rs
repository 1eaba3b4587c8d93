//! Access edges: `member-of` and `has-profile` from the rights, `opens` and
//! `belongs-to` from the accounts', profiles' and rights' applications.
//! Looking up 3 million rights' accounts and targets is most of the build's
//! time, so it runs on every core, block by block.

use super::warnings::{locate, Category, Warnings};
use super::{AccessGraph, Edge, NodeKind};
use crate::diag::{Code, Diagnostic};
use crate::model::{Provenance, Right, RightKind};
use petgraph::graph::NodeIndex;
use std::collections::{HashMap, HashSet};

impl<'a> AccessGraph<'a> {
    /// `member-of`, `has-profile`, `belongs-to` and `opens` edges.
    pub(super) fn add_accesses(&mut self, w: &mut Warnings) {
        let s = self.snapshot;
        // Application ids absent from the inventory: one warning per id.
        let mut missing_apps: HashMap<&'a str, (usize, &'a Provenance, &'static str)> =
            HashMap::new();
        let mut missing_order: Vec<&'a str> = Vec::new();
        let mut app_node = |g: &Self, id: &'a str, prov: &'a Provenance, field: &'static str| {
            let found = g.applications.get(id).copied();
            if found.is_none() {
                missing_apps
                    .entry(id)
                    .and_modify(|e| e.0 += 1)
                    .or_insert_with(|| {
                        missing_order.push(id);
                        (1, prov, field)
                    });
            }
            found
        };

        let accounts: Vec<NodeIndex> = self.nodes_of_kind(NodeKind::Account).collect();
        for &n in &accounts {
            let Some(a) = self.account(n) else { continue };
            if let Some(app) = a.application.as_deref() {
                if let Some(app_n) = app_node(self, app, &a.provenance, "application") {
                    self.add_edge(n, app_n, Edge::Opens);
                }
            }
        }
        let profiles: Vec<NodeIndex> = self.nodes_of_kind(NodeKind::Profile).collect();
        for &n in &profiles {
            let Some(p) = self.profile(n) else { continue };
            if let Some(app) = p.application.as_deref() {
                if let Some(app_n) = app_node(self, app, &p.provenance, "application") {
                    self.add_edge(n, app_n, Edge::BelongsTo);
                }
            }
        }

        // Extra `opens` edges from rights naming another application than
        // their account's or profile's, once per (account, application).
        let mut extra_opens: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
        let mut first = 0usize;
        for block in s.rights.chunks(RIGHTS_BLOCK) {
            let resolved = self.resolve_rights(block);
            for (offset, (r, res)) in block.iter().zip(resolved).enumerate() {
                let right = (first + offset) as u32;
                let Some(acc) = res.account else {
                    w.push(Category::RightAccount, || {
                        locate(
                            Diagnostic::warning(
                                Code::UnknownReference,
                                format!(
                                    "le droit « {} » désigne le compte « {} », absent des \
                                     comptes lus : droit ignoré",
                                    r.id, r.account
                                ),
                            ),
                            &r.provenance,
                        )
                        .field("compte")
                    });
                    continue;
                };
                let Some(target) = res.target else {
                    let (cat, what) = match r.kind {
                        RightKind::GroupMembership => (Category::RightGroup, "groupe"),
                        RightKind::Profile => (Category::RightProfile, "profil"),
                    };
                    w.push(cat, || {
                        locate(
                            Diagnostic::warning(
                                Code::UnknownReference,
                                format!(
                                    "le droit « {} » désigne le {what} « {} », absent des \
                                     {what}s lus : droit ignoré",
                                    r.id, r.target
                                ),
                            ),
                            &r.provenance,
                        )
                        .field(what)
                    });
                    continue;
                };
                let edge = match r.kind {
                    RightKind::GroupMembership => Edge::MemberOf { right },
                    RightKind::Profile => Edge::HasProfile { right },
                };
                self.add_edge(acc, target, edge);
                if !res.other_application {
                    continue;
                }
                let Some(app) = r.application.as_deref() else {
                    continue;
                };
                if let Some(app_n) = app_node(self, app, &r.provenance, "application") {
                    if extra_opens.insert((acc, app_n)) {
                        self.add_edge(acc, app_n, Edge::Opens);
                    }
                }
            }
            first += block.len();
        }

        for id in missing_order {
            let Some(&(count, prov, field)) = missing_apps.get(id) else {
                continue;
            };
            w.push(Category::Application, || {
                locate(
                    Diagnostic::warning(
                        Code::UnknownReference,
                        format!(
                            "application « {id} » absente de l'inventaire des applications, \
                             citée par {count} enregistrement(s) (le premier ici) : \
                             rattachement ignoré"
                        ),
                    ),
                    prov,
                )
                .field(field)
                .help("ajouter l'application à l'inventaire ou corriger son identifiant")
            });
        }
    }

    /// Looks up the account and target of each right, on every core: the
    /// lookups are most of the build's time at 3 million rights.
    fn resolve_rights(&self, rights: &[Right]) -> Vec<ResolvedRight> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if threads == 1 || rights.len() < 4096 {
            return rights.iter().map(|r| self.resolve_right(r)).collect();
        }
        let chunk = rights.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = rights
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|r| self.resolve_right(r))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(rights.len());
            for part in parts {
                match part.join() {
                    Ok(v) => out.extend(v),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            out
        })
    }

    fn resolve_right(&self, r: &Right) -> ResolvedRight {
        let account = self.accounts.get(r.account.as_str()).copied();
        let (target, target_app) = match r.kind {
            RightKind::GroupMembership => (self.groups.get(r.target.as_str()).copied(), None),
            RightKind::Profile => {
                let t = self.profiles.get(r.target.as_str()).copied();
                let app = t
                    .and_then(|t| self.profile(t))
                    .and_then(|p| p.application.as_deref());
                (t, app)
            }
        };
        let other_application = match (r.application.as_deref(), account) {
            (Some(app), Some(acc)) => {
                let own = self.account(acc).and_then(|a| a.application.as_deref());
                own != Some(app) && target_app != Some(app)
            }
            _ => false,
        };
        ResolvedRight {
            account,
            target,
            other_application,
        }
    }
}

/// Rights resolved per block, to bound the memory of the parallel lookups.
const RIGHTS_BLOCK: usize = 1 << 16;

/// The nodes a right links, looked up.
struct ResolvedRight {
    account: Option<NodeIndex>,
    target: Option<NodeIndex>,
    /// The right names an application other than its account's or profile's.
    other_application: bool,
}
