//! What each account reaches, computed once from the access graph and the
//! policy: effective groups and profiles, administrative privileges, health
//! data, interactive logon, the units (UF) its rights are scoped to, the
//! profiles the habilitation matrix does not allow, toxic combinations, and
//! the proof path (account → group → … → group) of every notable group.

use super::{pattern_set, patterns, strings};
use crate::graph::AccessGraph;
use crate::model::{PersonStatus, Snapshot};
use rayon::prelude::*;
use serde_json::Value as J;
use std::sync::Arc;

/// A unit (UF) an account holds rights on, and what grants it.
#[derive(Debug, Clone)]
pub struct UnitRight {
    pub unit: Arc<str>,
    /// `groupe` or `profil`.
    pub via_kind: &'static str,
    pub via: Arc<str>,
}

#[derive(Debug, Clone, Default)]
pub struct AccountRights {
    /// Effective directory groups (names), sorted.
    pub groups: Vec<Arc<str>>,
    /// Application profiles (names), sorted.
    pub profiles: Vec<Arc<str>>,
    /// Groups and profiles that give administrative power.
    pub privileged: Vec<Arc<str>>,
    /// Entitled to privileges: built-in administrator, or dedicated admin
    /// account of an active person of an IT unit.
    pub privileged_allowed: bool,
    /// The login follows the dedicated admin account convention.
    pub admin_login: bool,
    /// Health-data applications reached (ids), directly or through a group
    /// named after them.
    pub health: Vec<Arc<str>>,
    /// Groups that open an interactive or remote session.
    pub interactive: Vec<Arc<str>>,
    pub units: Vec<UnitRight>,
    /// Whether the habilitation matrix covers this account (its application
    /// has a matrix and the holder's profession is in it).
    pub matrix_checked: bool,
    /// Profiles the matrix does not allow for the holder's profession.
    pub profiles_not_allowed: Vec<Arc<str>>,
    /// Labels of the toxic combinations the account holds.
    pub toxic: Vec<Arc<str>>,
    /// Proof chains: notable group → group names from the direct group to it.
    pub paths: Vec<(Arc<str>, Vec<Arc<str>>)>,
}

impl AccountRights {
    /// The chain of group names leading to `group`, if recorded.
    pub fn path_to(&self, group: &str) -> Option<&[Arc<str>]> {
        self.paths
            .iter()
            .find(|(g, _)| &**g == group)
            .map(|(_, p)| p.as_slice())
    }
}

fn fold(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Names → shared `Arc<str>` (the same group name is held by thousands of
/// accounts), filled before the parallel pass and only read during it.
struct Names(rustc_hash::FxHashMap<String, Arc<str>>);

impl Names {
    fn add(&mut self, s: &str) {
        if !self.0.contains_key(s) {
            self.0.insert(s.to_string(), Arc::from(s));
        }
    }
    fn get(&self, s: &str) -> Arc<str> {
        self.0.get(s).cloned().unwrap_or_else(|| Arc::from(s))
    }
}

/// Who each account belongs to, per account: the confirmed owner (who may
/// be entitled to privileges) and the holder (owner, else probable owner:
/// whose profession the habilitation matrix applies to).
pub(super) struct Holders<'a> {
    pub owner: &'a [Option<u32>],
    pub holder: &'a [Option<u32>],
}

/// HR unit labels → unit codes, so that a source writing the unit's label
/// (`Imagerie médicale`) and one writing its code (`4010`) agree.
fn unit_codes(snapshot: &Snapshot) -> rustc_hash::FxHashMap<String, String> {
    let mut map = rustc_hash::FxHashMap::default();
    for p in &snapshot.persons {
        if let (Some(code), Some(label)) = (&p.unit_code, &p.unit_label) {
            map.entry(crate::text::fold_key(label))
                .or_insert_with(|| code.trim().to_string());
        }
    }
    map
}

/// What a group means for the policy, computed once per group.
struct GroupClass {
    name: Arc<str>,
    privileged: bool,
    interactive: bool,
    health: Vec<Arc<str>>,
    unit: Option<Arc<str>>,
}

pub(super) fn compute(
    snapshot: &Snapshot,
    graph: &AccessGraph<'_>,
    who: Holders<'_>,
    application: &[Option<u32>],
    policy: &J,
) -> Vec<AccountRights> {
    let codes = unit_codes(snapshot);
    let unit_code = |u: &str| -> String {
        codes
            .get(&crate::text::fold_key(u))
            .cloned()
            .unwrap_or_else(|| u.trim().to_string())
    };
    let priv_groups = patterns(policy, "privileged_groups");
    let priv_profiles = patterns(policy, "privileged_profiles");
    let admin_logins = pattern_set(policy, "admin_account_logins");
    let builtin = pattern_set(policy, "builtin_admin_logins");
    let matrix = Matrix::new(policy);
    let combos = combinations(policy);
    let interactive = patterns(policy, "interactive_groups");
    let unit_groups = patterns(policy, "unit_groups");
    let it_units = strings(policy, "it_units");
    let health_apps: Vec<String> = snapshot
        .applications
        .iter()
        .filter(|a| a.health_data == Some(true))
        .map(|a| a.id.to_lowercase())
        .collect();
    let mut names = Names(Default::default());
    for g in &snapshot.groups {
        names.add(&g.name);
    }
    for p in &snapshot.profiles {
        names.add(&p.name);
    }
    for r in &snapshot.rights {
        if let Some(s) = &r.scope {
            names.add(&unit_code(s));
        }
    }
    for h in &health_apps {
        names.add(h);
    }
    let classes: rustc_hash::FxHashMap<petgraph::graph::NodeIndex, GroupClass> = snapshot
        .groups
        .iter()
        .filter_map(|g| Some((graph.group_node(&g.id)?, g)))
        .map(|(node, g)| {
            let lower = g.name.to_lowercase();
            let unit = unit_groups.iter().find_map(|pat| {
                [Some(g.name.as_str()), g.description.as_deref()]
                    .into_iter()
                    .flatten()
                    .find_map(|s| {
                        pat.captures(s)
                            .and_then(|c| c.name("unit").or_else(|| c.get(1)))
                            .map(|m| Arc::from(unit_code(m.as_str())))
                    })
            });
            let class = GroupClass {
                name: names.get(&g.name),
                privileged: priv_groups.iter().any(|x| x.is_match(&g.name)),
                interactive: interactive.iter().any(|x| x.is_match(&g.name)),
                health: health_apps
                    .iter()
                    .filter(|h| {
                        lower
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|t| t == h.as_str())
                    })
                    .map(|h| names.get(h))
                    .collect(),
                unit,
            };
            (node, class)
        })
        .collect();
    let priv_profile: rustc_hash::FxHashMap<&str, bool> = snapshot
        .profiles
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                priv_profiles.iter().any(|x| x.is_match(&p.name)),
            )
        })
        .collect();
    let interner = &names;
    (0..snapshot.accounts.len())
        .into_par_iter()
        .map(|i| {
            let a = &snapshot.accounts[i];
            let mut r = AccountRights::default();
            let node = graph.account_node(&a.id);
            let mut nodes = Vec::new();
            if let Some(node) = node {
                nodes.extend(graph.effective_groups(node).map(|g| (g.node, g.group)));
                r.groups.reserve(nodes.len());
                for p in graph.profiles_of_account(node) {
                    r.profiles.push(interner.get(&p.profile.name));
                    if let Some(scope) = p.scope() {
                        r.units.push(UnitRight {
                            unit: interner.get(&unit_code(scope)),
                            via_kind: "profil",
                            via: interner.get(&p.profile.name),
                        });
                    }
                }
            }
            let mut notable = Vec::new();
            for (gnode, g) in &nodes {
                let Some(class) = classes.get(gnode) else {
                    r.groups.push(interner.get(&g.name));
                    continue;
                };
                let name = class.name.clone();
                let mut keep = false;
                if class.privileged {
                    r.privileged.push(name.clone());
                    keep = true;
                }
                if class.interactive {
                    r.interactive.push(name.clone());
                    keep = true;
                }
                if !class.health.is_empty() {
                    r.health.extend(class.health.iter().cloned());
                    keep = true;
                }
                if let Some(unit) = &class.unit {
                    r.units.push(UnitRight {
                        unit: unit.clone(),
                        via_kind: "groupe",
                        via: name.clone(),
                    });
                    keep = true;
                }
                r.groups.push(name);
                if keep {
                    notable.push(*gnode);
                }
            }
            if let Some(node) = node {
                for g in notable {
                    if let (Some(path), Some(group)) =
                        (graph.path_to_group(node, g), graph.group(g))
                    {
                        let chain = path[1..]
                            .iter()
                            .filter_map(|&n| graph.group(n))
                            .map(|x| interner.get(&x.name))
                            .collect();
                        r.paths.push((interner.get(&group.name), chain));
                    }
                }
            }
            r.privileged.extend(
                r.profiles
                    .iter()
                    .filter(|p| priv_profile.get(&***p).copied().unwrap_or(false))
                    .cloned(),
            );
            if let Some(app) = application[i] {
                let app = &snapshot.applications[app as usize];
                if app.health_data == Some(true) {
                    r.health.push(interner.get(&app.id.to_lowercase()));
                }
            }
            for v in [
                &mut r.groups,
                &mut r.profiles,
                &mut r.privileged,
                &mut r.health,
                &mut r.interactive,
            ] {
                v.sort();
                v.dedup();
            }
            let person = who.owner[i].map(|o| &snapshot.persons[o as usize]);
            let owner_it = person.is_some_and(|p| {
                p.status != Some(PersonStatus::Departed)
                    && p.unit_code.as_ref().is_some_and(|u| it_units.contains(u))
            });
            r.admin_login = admin_logins.is_match(&a.login);
            let dedicated = a.directory.is_none() || r.admin_login;
            r.privileged_allowed = builtin.is_match(&a.login) || (owner_it && dedicated);
            let holder = who.holder[i].map(|o| &snapshot.persons[o as usize]);
            if let (Some(p), Some(app)) = (holder, a.application.as_deref()) {
                let profession = p.profession_code.as_deref().unwrap_or("");
                if let Some(allowed) = matrix.permits(app, profession) {
                    r.matrix_checked = true;
                    r.profiles_not_allowed =
                        r.profiles.iter().filter(|p| !allowed(p)).cloned().collect();
                }
            }
            r.toxic = combos
                .iter()
                .filter(|c| c.holds(&r, a.application.as_deref()))
                .map(|c| c.label.clone())
                .collect();
            r
        })
        .collect()
}

/// `s` trimmed and lowercased equals `folded` (already trimmed and
/// lowercased), without allocating.
fn folded_eq(s: &str, folded: &str) -> bool {
    s.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(folded.chars())
}

/// The habilitation matrix, folded once: `policy.profile_matrix.
/// <application>.<profession>` = allowed profiles, plus
/// `policy.neutral_profiles.<application>`, allowed to everyone.
pub(super) struct Matrix(rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, Vec<String>>>);

impl Matrix {
    pub(super) fn new(policy: &J) -> Matrix {
        let folded = |v: &J| -> Vec<String> {
            v.as_array()
                .map(|l| l.iter().filter_map(J::as_str).map(fold).collect())
                .unwrap_or_default()
        };
        let mut by_app = rustc_hash::FxHashMap::default();
        for (app, by_prof) in policy["profile_matrix"].as_object().into_iter().flatten() {
            let neutral = folded(&policy["neutral_profiles"][app]);
            let professions = by_prof
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, allowed)| allowed.is_array())
                .map(|(profession, allowed)| {
                    let mut ok = folded(allowed);
                    ok.extend(neutral.iter().cloned());
                    (profession.clone(), ok)
                })
                .collect();
            by_app.insert(app.clone(), professions);
        }
        Matrix(by_app)
    }

    /// Whether a profile is allowed to `profession` in `app`, when the
    /// matrix covers this application and profession.
    pub(super) fn permits(
        &self,
        app: &str,
        profession: &str,
    ) -> Option<impl Fn(&str) -> bool + '_> {
        let allowed = self.0.get(app)?.get(profession)?;
        Some(move |profile: &str| allowed.iter().any(|ok| folded_eq(profile, ok)))
    }
}

/// One of `policy.toxic_combinations = [{ label, profiles, application? }]`,
/// its profile names folded.
struct Combination {
    label: Arc<str>,
    application: Option<String>,
    needed: Vec<String>,
}

impl Combination {
    /// The account (of application `app`) holds every profile or group.
    fn holds(&self, r: &AccountRights, app: Option<&str>) -> bool {
        if self.application.is_some() && self.application.as_deref() != app {
            return false;
        }
        !self.needed.is_empty()
            && self.needed.iter().all(|n| {
                r.profiles
                    .iter()
                    .chain(&r.groups)
                    .any(|held| folded_eq(held, n))
            })
    }
}

fn combinations(policy: &J) -> Vec<Combination> {
    let Some(list) = policy["toxic_combinations"].as_array() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|combo| {
            let needed: Vec<&str> = combo["profiles"]
                .as_array()?
                .iter()
                .filter_map(J::as_str)
                .collect();
            let label = combo["label"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| needed.join(" + "));
            Some(Combination {
                label: Arc::from(label),
                application: combo["application"].as_str().map(str::to_string),
                needed: needed.into_iter().map(fold).collect(),
            })
        })
        .collect()
}
