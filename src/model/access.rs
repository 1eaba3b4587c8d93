//! Accounts, groups, profiles, applications and the rights that tie them.

use super::Provenance;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An account in a directory (AD) or an application (DPI, PACS, lab…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// `<source>:<key>`, key = login lower-cased.
    pub id: String,
    pub source: String,
    /// The application this account gives access to (inventory id); `None`
    /// for a directory account (AD), which is an authentication source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// The login as the system writes it (sAMAccountName, application login).
    pub login: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// userPrincipalName for AD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upn: Option<String>,
    /// HR employee number held by the account (AD employeeID, application column).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_number: Option<String>,
    /// National identifier held by the account, unvalidated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpps: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Service / UF / department as the system writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Job title or profession as the system writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `None` when the source does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_never_expires: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_not_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smartcard_required: Option<bool>,
    /// When the account expires; `None` means never (or unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_logon: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_set: Option<NaiveDateTime>,
    /// Manager as the source gives it (a DN for AD, a login or name elsewhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Directory-only facts (DN, SID, raw flags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory: Option<DirectoryInfo>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    pub provenance: Provenance,
}

impl Account {
    /// An empty account for `login`, to be filled by a connector.
    pub fn new(source: &str, login: &str, provenance: Provenance) -> Self {
        Account {
            id: super::record_id(source, &login.to_lowercase()),
            source: source.to_string(),
            application: None,
            login: login.to_string(),
            display_name: None,
            last_name: None,
            first_name: None,
            email: None,
            upn: None,
            employee_number: None,
            rpps: None,
            birth_date: None,
            unit: None,
            title: None,
            description: None,
            enabled: None,
            locked: None,
            password_never_expires: None,
            password_not_required: None,
            smartcard_required: None,
            expires: None,
            last_logon: None,
            created: None,
            password_last_set: None,
            manager: None,
            directory: None,
            extra: BTreeMap::new(),
            provenance,
        }
    }
}

/// Facts only a directory has.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DirectoryInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dn: Option<String>,
    /// objectSid in its `S-1-5-…` form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// userAccountControl as read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_account_control: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_classes: Vec<String>,
}

/// A directory group (AD security or distribution group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// `<source>:<dn lower-cased>` (or name lower-cased when no DN is known).
    pub id: String,
    pub source: String,
    /// sAMAccountName or CN.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ids of the groups this group is a direct member of (nesting).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_of: Vec<String>,
    /// True when the group was only seen as a reference (memberOf of another
    /// object), not as a record of its own in the export.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub referenced_only: bool,
    pub provenance: Provenance,
}

/// A profile or role inside an application (e.g. « Médecin prescripteur »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// `<source>:<name lower-cased>`.
    pub id: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    pub name: String,
    /// Where the profile was first seen.
    pub provenance: Provenance,
}

/// One entry of the application inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// Short stable id (the inventory's own id column, else a slug of the name).
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Criticality as written in the inventory (e.g. « CRITIQUE », « élevée »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<String>,
    /// Current authentication mode (e.g. « login/mot de passe », « CPS », « SSO »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_possible: Option<bool>,
    /// Application owner (référent métier / responsable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Population served (e.g. « médecins, IDE »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_count: Option<u64>,
    /// Holds health data (DPI, PACS, LIS…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_data: Option<bool>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    pub provenance: Provenance,
}

/// What a right grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RightKind {
    /// Direct membership of a directory group (target = group id).
    GroupMembership,
    /// An application profile or role (target = profile id).
    Profile,
}

/// One direct grant held by an account. Effective (transitive) rights are
/// computed by the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Right {
    /// `<account id>|<kind>|<target>[|<scope>]`, stable across scans.
    pub id: String,
    pub account: String,
    pub kind: RightKind,
    pub target: String,
    /// Scope of the grant when the source gives one (UF, site…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granted: Option<NaiveDateTime>,
    pub provenance: Provenance,
}

impl Right {
    pub fn new(
        account: &str,
        kind: RightKind,
        target: &str,
        scope: Option<String>,
        provenance: Provenance,
    ) -> Self {
        let kind_str = match kind {
            RightKind::GroupMembership => "group",
            RightKind::Profile => "profile",
        };
        let mut id = format!("{account}|{kind_str}|{target}");
        if let Some(s) = &scope {
            id.push('|');
            id.push_str(s);
        }
        Right {
            id,
            account: account.to_string(),
            kind,
            target: target.to_string(),
            scope,
            application: None,
            granted: None,
            provenance,
        }
    }
}
