//! The directory object both AD connectors read ([`DirectoryObject`]: one LDIF
//! entry or one PowerShell CSV row, values already decoded) and its assembly
//! into snapshot records ([`assemble`]): accounts, groups (exported or only
//! referenced) and one group-membership right per account and group.
//!
//! Memberships are read from both sides and deduplicated: an account's
//! `memberOf`, a group's `member` list, and the primary group (a DN from
//! PowerShell, a RID from LDAP matched against the exported groups' SIDs).
//! Nesting (a group member of a group) is recorded on the child group's
//! `member_of`; cycles are kept as they are, the graph detects them.

use super::{dn_key, first_rdn_value, sid_domain, UserAccountControl};
use crate::diag::{Code, Diagnostic};
use crate::model::{record_id, Account, DirectoryInfo, Group, Provenance, Right, RightKind};
use crate::source::SourceRead;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a directory object is, for Vigie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// A user (person) account.
    User,
    Group,
    /// A machine account (workstation, server, domain controller, gMSA).
    Computer,
    /// Anything else (contacts, OUs, containers…): skipped.
    Other,
}

impl ObjectKind {
    /// Classifies an object by its object classes; when the export has none,
    /// by its userAccountControl, then by group-only attributes
    /// (`group_hint`: `member`, `groupType`), then by having a login.
    pub fn classify(
        classes: &[String],
        uac: Option<&UserAccountControl>,
        login: Option<&str>,
        group_hint: bool,
    ) -> ObjectKind {
        if !classes.is_empty() {
            let has = |c: &str| classes.iter().any(|x| x.trim().eq_ignore_ascii_case(c));
            return if has("computer") {
                ObjectKind::Computer
            } else if has("group") {
                ObjectKind::Group
            } else if has("contact") {
                // Contacts carry `person` too, but hold no account.
                ObjectKind::Other
            } else if has("user") || has("person") || has("inetOrgPerson") {
                ObjectKind::User
            } else {
                ObjectKind::Other
            };
        }
        match uac {
            Some(u) if u.is_computer() => ObjectKind::Computer,
            Some(_) => ObjectKind::User,
            None if group_hint => ObjectKind::Group,
            None if login.is_some() => ObjectKind::User,
            None => ObjectKind::Other,
        }
    }
}

/// The primary group of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrimaryGroup {
    /// As PowerShell exports it (`PrimaryGroup`).
    Dn(String),
    /// As LDAP holds it (`primaryGroupID`): the group's RID in the account's domain.
    Rid(u32),
}

/// One object read from an export, values decoded. Flags left `None` are
/// taken from userAccountControl (and `lockoutTime` for `locked`).
#[derive(Debug, Clone)]
pub struct DirectoryObject {
    pub kind: ObjectKind,
    pub provenance: Provenance,
    pub dn: Option<String>,
    pub login: Option<String>,
    pub upn: Option<String>,
    pub display_name: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub employee_number: Option<String>,
    pub rpps: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub unit: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub manager: Option<String>,
    pub sid: Option<String>,
    pub uac: Option<UserAccountControl>,
    pub object_classes: Vec<String>,
    pub enabled: Option<bool>,
    pub locked: Option<bool>,
    pub password_never_expires: Option<bool>,
    pub password_not_required: Option<bool>,
    pub smartcard_required: Option<bool>,
    /// When the account was locked out; `None` when not locked (0) or unknown.
    pub lockout_time: Option<NaiveDateTime>,
    pub expires: Option<NaiveDateTime>,
    pub last_logon: Option<NaiveDateTime>,
    pub created: Option<NaiveDateTime>,
    pub password_last_set: Option<NaiveDateTime>,
    /// DNs of the groups this object is a direct member of.
    pub member_of: Vec<String>,
    /// Groups only: DNs of the direct members.
    pub members: Vec<String>,
    pub primary_group: Option<PrimaryGroup>,
    pub extra: BTreeMap<String, String>,
}

impl DirectoryObject {
    pub fn new(kind: ObjectKind, provenance: Provenance) -> Self {
        DirectoryObject {
            kind,
            provenance,
            dn: None,
            login: None,
            upn: None,
            display_name: None,
            last_name: None,
            first_name: None,
            email: None,
            employee_number: None,
            rpps: None,
            birth_date: None,
            unit: None,
            title: None,
            description: None,
            manager: None,
            sid: None,
            uac: None,
            object_classes: Vec::new(),
            enabled: None,
            locked: None,
            password_never_expires: None,
            password_not_required: None,
            smartcard_required: None,
            lockout_time: None,
            expires: None,
            last_logon: None,
            created: None,
            password_last_set: None,
            member_of: Vec::new(),
            members: Vec::new(),
            primary_group: None,
            extra: BTreeMap::new(),
        }
    }
}

/// How to assemble one source's objects.
pub struct Assembly<'a> {
    pub source: &'a str,
    /// Keep computer objects as accounts (`include_computers`).
    pub include_computers: bool,
    /// The login attribute or column as the file names it, for messages.
    pub login_field: &'a str,
    /// The DN attribute or column, for messages.
    pub dn_field: &'a str,
}

/// Places a diagnostic at a record's location (file and line, or sheet and row).
pub fn located(d: Diagnostic, prov: &Provenance) -> Diagnostic {
    match (&prov.sheet, prov.row, prov.line) {
        (Some(sheet), Some(row), _) => d.in_file(format!("{}[{}]", prov.file, sheet)).at_line(row),
        (_, _, Some(line)) => d.in_file(&*prov.file).at_line(line),
        _ => d.in_file(&*prov.file),
    }
}

/// « ligne 12 » for messages.
fn line_words(prov: &Provenance) -> String {
    match (prov.line, prov.row) {
        (Some(l), _) | (None, Some(l)) => format!("ligne {l}"),
        _ => "ailleurs dans le fichier".into(),
    }
}

/// What a DN key designates among the exported objects.
#[derive(Debug, Clone, Copy)]
enum Target {
    Account(usize),
    Group(usize),
    /// Read but not kept (computer, contact, OU…).
    Skipped,
}

#[derive(Default)]
struct State {
    accounts: Vec<Account>,
    groups: Vec<Group>,
    rights: Vec<Right>,
    by_dn: HashMap<String, Target>,
    right_pairs: HashSet<(usize, usize)>,
    nesting_pairs: HashSet<(usize, usize)>,
}

impl State {
    /// The group a DN designates, created as referenced-only when the export
    /// does not hold it. `None` when the DN is an exported non-group object.
    fn group_for_dn(&mut self, source: &str, dn: &str, prov: &Provenance) -> Option<usize> {
        let key = dn_key(dn);
        match self.by_dn.get(&key) {
            Some(Target::Group(g)) => return Some(*g),
            Some(_) => return None,
            None => {}
        }
        let g = self.groups.len();
        self.groups.push(Group {
            id: record_id(source, &key),
            source: source.to_string(),
            name: first_rdn_value(dn).unwrap_or_else(|| dn.trim().to_string()),
            dn: Some(dn.trim().to_string()),
            sid: None,
            description: None,
            member_of: Vec::new(),
            referenced_only: true,
            provenance: prov.clone(),
        });
        self.by_dn.insert(key, Target::Group(g));
        Some(g)
    }

    fn grant(&mut self, account: usize, group: usize, prov: &Provenance) {
        if self.right_pairs.insert((account, group)) {
            let right = Right::new(
                &self.accounts[account].id,
                RightKind::GroupMembership,
                &self.groups[group].id,
                None,
                prov.clone(),
            );
            self.rights.push(right);
        }
    }

    fn nest(&mut self, child: usize, parent: usize) {
        if self.nesting_pairs.insert((child, parent)) {
            let parent_id = self.groups[parent].id.clone();
            self.groups[child].member_of.push(parent_id);
        }
    }
}

/// Memberships waiting for every object to be known.
struct PendingAccount {
    index: usize,
    member_of: Vec<String>,
    primary_group: Option<PrimaryGroup>,
}

struct PendingGroup {
    index: usize,
    member_of: Vec<String>,
    members: Vec<String>,
}

/// Turns a source's objects into records in `out.batch`: duplicates and
/// missing logins are errors, computers (unless included) and other objects
/// are counted in `records_skipped`.
pub fn assemble(objects: Vec<DirectoryObject>, opts: &Assembly<'_>, out: &mut SourceRead) {
    let mut st = State::default();
    let mut logins: HashMap<String, Provenance> = HashMap::new();
    let mut group_ids: HashMap<String, Provenance> = HashMap::new();
    let mut pending_accounts = Vec::new();
    let mut pending_groups = Vec::new();
    for obj in objects {
        let key = obj.dn.as_deref().map(dn_key);
        match obj.kind {
            ObjectKind::Computer if !opts.include_computers => {
                skip(&mut st, key, out);
            }
            ObjectKind::Other => skip(&mut st, key, out),
            ObjectKind::User | ObjectKind::Computer => {
                let Some(login) = obj.login.clone() else {
                    out.diagnostics.push(
                        located(
                            Diagnostic::error(
                                Code::MissingValue,
                                format!(
                                    "compte sans identifiant de connexion ({}) : objet ignoré",
                                    opts.login_field
                                ),
                            ),
                            &obj.provenance,
                        )
                        .field(opts.login_field),
                    );
                    continue;
                };
                let lower = login.to_lowercase();
                if let Some(first) = logins.get(&lower) {
                    out.diagnostics.push(
                        located(Diagnostic::error(Code::DuplicateKey, format!(
                            "identifiant « {login} » déjà utilisé par le compte de la {} : \
                             second compte ignoré",
                            line_words(first)
                        )), &obj.provenance)
                        .field(opts.login_field)
                        .help("deux objets ne peuvent pas porter le même identifiant : l'export mélange-t-il deux domaines ou deux fichiers ?"),
                    );
                    continue;
                }
                logins.insert(lower, obj.provenance.clone());
                let index = st.accounts.len();
                if let Some(k) = key {
                    st.by_dn.insert(k, Target::Account(index));
                }
                pending_accounts.push(PendingAccount {
                    index,
                    member_of: obj.member_of.clone(),
                    primary_group: obj.primary_group.clone(),
                });
                st.accounts.push(account(opts.source, login, obj));
            }
            ObjectKind::Group => {
                let id_key = key
                    .clone()
                    .or_else(|| obj.login.as_ref().map(|l| l.to_lowercase()));
                let Some(id_key) = id_key else {
                    out.diagnostics.push(
                        located(
                            Diagnostic::error(
                                Code::MissingValue,
                                "groupe sans DN ni nom : objet ignoré",
                            ),
                            &obj.provenance,
                        )
                        .field(opts.dn_field),
                    );
                    continue;
                };
                let id = record_id(opts.source, &id_key);
                if let Some(first) = group_ids.get(&id) {
                    out.diagnostics.push(
                        located(
                            Diagnostic::error(
                                Code::DuplicateKey,
                                format!(
                                    "groupe « {} » déjà présent à la {} : second objet ignoré",
                                    obj.dn.as_deref().unwrap_or(&id_key),
                                    line_words(first)
                                ),
                            ),
                            &obj.provenance,
                        )
                        .field(opts.dn_field),
                    );
                    continue;
                }
                group_ids.insert(id.clone(), obj.provenance.clone());
                let index = st.groups.len();
                st.by_dn.insert(id_key, Target::Group(index));
                let name = obj
                    .login
                    .clone()
                    .or_else(|| obj.dn.as_deref().and_then(first_rdn_value))
                    .unwrap_or_else(|| id.clone());
                pending_groups.push(PendingGroup {
                    index,
                    member_of: obj.member_of,
                    members: obj.members,
                });
                st.groups.push(Group {
                    id,
                    source: opts.source.to_string(),
                    name,
                    dn: obj.dn,
                    sid: obj.sid,
                    description: obj.description,
                    member_of: Vec::new(),
                    referenced_only: false,
                    provenance: obj.provenance,
                });
            }
        }
    }
    link(&mut st, opts, pending_accounts, pending_groups, out);
    out.batch.accounts.append(&mut st.accounts);
    out.batch.groups.append(&mut st.groups);
    out.batch.rights.append(&mut st.rights);
}

fn skip(st: &mut State, key: Option<String>, out: &mut SourceRead) {
    out.records_skipped += 1;
    if let Some(k) = key {
        st.by_dn.entry(k).or_insert(Target::Skipped);
    }
}

/// Second pass: memberships, once every exported object is known.
fn link(
    st: &mut State,
    opts: &Assembly<'_>,
    accounts: Vec<PendingAccount>,
    groups: Vec<PendingGroup>,
    out: &mut SourceRead,
) {
    let groups_by_sid: HashMap<String, usize> = st
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.sid.as_ref().map(|s| (s.to_ascii_uppercase(), i)))
        .collect();
    for p in &accounts {
        let prov = st.accounts[p.index].provenance.clone();
        for dn in &p.member_of {
            if let Some(g) = st.group_for_dn(opts.source, dn, &prov) {
                st.grant(p.index, g, &prov);
            }
        }
        match &p.primary_group {
            Some(PrimaryGroup::Dn(dn)) => {
                if let Some(g) = st.group_for_dn(opts.source, dn, &prov) {
                    st.grant(p.index, g, &prov);
                }
            }
            Some(PrimaryGroup::Rid(rid)) => {
                let sid = st.accounts[p.index]
                    .directory
                    .as_ref()
                    .and_then(|d| d.sid.as_deref())
                    .and_then(sid_domain)
                    .map(|domain| format!("{domain}-{rid}").to_ascii_uppercase());
                if let Some(&g) = sid.as_ref().and_then(|s| groups_by_sid.get(s)) {
                    st.grant(p.index, g, &prov);
                }
            }
            None => {}
        }
    }
    for p in &groups {
        let prov = st.groups[p.index].provenance.clone();
        for dn in &p.member_of {
            if let Some(parent) = st.group_for_dn(opts.source, dn, &prov) {
                st.nest(p.index, parent);
            }
        }
    }
    let mut unresolved = 0usize;
    for p in &groups {
        let prov = st.groups[p.index].provenance.clone();
        for dn in &p.members {
            match st.by_dn.get(&dn_key(dn)).copied() {
                Some(Target::Account(a)) => st.grant(a, p.index, &prov),
                Some(Target::Group(child)) => st.nest(child, p.index),
                Some(Target::Skipped) => {}
                None => unresolved += 1,
            }
        }
    }
    if unresolved > 0 {
        out.read_as
            .insert("membres hors export".into(), unresolved.to_string());
    }
}

/// The account record of a user (or included computer) object.
fn account(source: &str, login: String, obj: DirectoryObject) -> Account {
    let uac = obj.uac;
    let mut a = Account::new(source, &login, obj.provenance);
    a.display_name = obj.display_name;
    a.last_name = obj.last_name;
    a.first_name = obj.first_name;
    a.email = obj.email;
    a.upn = obj.upn;
    a.employee_number = obj.employee_number;
    a.rpps = obj.rpps;
    a.birth_date = obj.birth_date;
    a.unit = obj.unit;
    a.title = obj.title;
    a.description = obj.description;
    a.enabled = obj.enabled.or(uac.map(|u| !u.disabled));
    a.locked = obj.locked.or(match (obj.lockout_time, uac) {
        (Some(_), _) => Some(true),
        (None, Some(u)) => Some(u.locked_out),
        (None, None) => None,
    });
    a.password_never_expires = obj
        .password_never_expires
        .or(uac.map(|u| u.dont_expire_password));
    a.password_not_required = obj
        .password_not_required
        .or(uac.map(|u| u.password_not_required));
    a.smartcard_required = obj.smartcard_required.or(uac.map(|u| u.smartcard_required));
    a.expires = obj.expires;
    a.last_logon = obj.last_logon;
    a.created = obj.created;
    a.password_last_set = obj.password_last_set;
    a.manager = obj.manager;
    a.directory = Some(DirectoryInfo {
        dn: obj.dn,
        sid: obj.sid,
        user_account_control: uac.map(|u| u.raw),
        object_classes: obj.object_classes,
    });
    a.extra = obj.extra;
    a
}

#[cfg(test)]
mod tests;
