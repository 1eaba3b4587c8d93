//! The generated estate in memory, before anything is written: the humans
//! behind it (with their true facts), the HR rows, the accounts of every
//! source, the directory groups and the national-directory lines. Writers
//! serialise it; `truth` derives the ground truth from it.

use super::org::Org;
use super::Params;
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sex {
    F,
    M,
}

/// Where a human stands with respect to the HR export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Has at least one HR row.
    Staff,
    /// Left more than three years ago: purged from the HR export.
    FormerStaff,
    /// External IT or biomedical contractor, never in HR.
    Contractor,
    /// Physician from outside (on-call, consultations), never in HR.
    ExternalPhysician,
    /// Student on placement (externe, nursing student) unknown to HR.
    Student,
    /// Resident of an older semester, purged from the HR export.
    FormerIntern,
}

impl Origin {
    /// Why an account of this human has no owner in HR.
    pub(crate) fn orphan_reason(self) -> Option<&'static str> {
        match self {
            Origin::Staff => None,
            Origin::FormerStaff => Some("former-staff-not-in-hr"),
            Origin::Contractor => Some("contractor-not-in-hr"),
            Origin::ExternalPhysician => Some("external-physician-not-in-hr"),
            Origin::Student => Some("student-not-in-hr"),
            Origin::FormerIntern => Some("former-intern-not-in-hr"),
        }
    }
}

/// A real (fictional) human: the facts no export gets entirely right.
#[derive(Debug, Clone)]
pub(crate) struct Human {
    pub sex: Sex,
    /// Canonical spelling, e.g. « Le Goff », « N'Diaye », « Lœuillet ».
    pub birth_name: String,
    /// Married (usage) name, when different from the birth name.
    pub usage_name: Option<String>,
    /// Given names in order; a compound name (« Marie-Hélène ») is one entry.
    pub first_names: Vec<String>,
    pub birth_date: NaiveDate,
    /// Index in `org::PROFESSIONS`.
    pub profession: usize,
    /// True RPPS (11 digits) when the profession is registered nationally.
    pub rpps: Option<String>,
    /// Former ADELI number (9 digits) of professions that had one.
    pub adeli: Option<String>,
    pub origin: Origin,
    /// Unit where a human without HR row worked or works.
    pub unit: usize,
    /// For humans without HR row: when they left (or their mission ends).
    pub left: Option<NaiveDate>,
}

impl Human {
    /// The name other systems show: usage name, else birth name.
    pub(crate) fn last_name(&self) -> &str {
        self.usage_name.as_deref().unwrap_or(&self.birth_name)
    }

    pub(crate) fn given_name(&self) -> &str {
        self.first_names.first().map_or("", String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Active,
    Departed,
    Suspended,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Departed => "departed",
            Status::Suspended => "suspended",
        }
    }
}

/// Contract families (same vocabulary as `model::ContractType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Contract {
    Permanent,
    FixedTerm,
    Interim,
    Trainee,
    Resident,
    Contractor,
    Casual,
}

impl Contract {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Contract::Permanent => "permanent",
            Contract::FixedTerm => "fixed-term",
            Contract::Interim => "interim",
            Contract::Trainee => "trainee",
            Contract::Resident => "resident",
            Contract::Contractor => "contractor",
            Contract::Casual => "casual",
        }
    }

    pub(crate) fn is_temporary(self) -> bool {
        self != Contract::Permanent
    }
}

/// What is wrong with a national identifier as written somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdIssue {
    /// Eleven digits failing the Luhn key.
    BadKey,
    /// A valid RPPS that belongs to someone else.
    OtherPerson,
    /// A valid RPPS absent from the national extract.
    Unknown,
    /// The former ADELI number (9 digits, or 0 + ADELI).
    Adeli,
}

/// One row of the HR export.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub human: usize,
    pub matricule: String,
    /// As written (upper case).
    pub birth_name: String,
    /// As written; empty when the export leaves it blank.
    pub usage_name: String,
    pub first_names: String,
    pub birth_date: Option<NaiveDate>,
    pub profession_label: String,
    /// National identifier as written (may be empty or wrong).
    pub rpps: String,
    pub rpps_issue: Option<IdIssue>,
    pub unit: usize,
    pub contract: Contract,
    pub contract_raw: &'static str,
    pub arrival: NaiveDate,
    pub end: Option<NaiveDate>,
    pub status: Status,
    pub status_raw: &'static str,
    /// Record index of the manager.
    pub manager: Option<usize>,
    pub email: Option<String>,
    /// Unit left and date of the move to `unit`.
    pub moved: Option<(usize, NaiveDate)>,
    /// For the second row of the same human: index of the first.
    pub duplicate_of: Option<usize>,
    /// DSI staff holding a separate `_adm` directory account.
    pub it_admin: bool,
    /// DSI staff administering the clinical applications.
    pub app_admin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Source {
    Ad,
    Dpi,
    Pacs,
    Labo,
}

impl Source {
    pub(crate) const ALL: [Source; 4] = [Source::Ad, Source::Dpi, Source::Pacs, Source::Labo];

    pub(crate) fn id(self) -> &'static str {
        match self {
            Source::Ad => "ad",
            Source::Dpi => "dpi",
            Source::Pacs => "pacs",
            Source::Labo => "labo",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Nominative,
    /// Named after a place or function (« urgences », « accueil »).
    Generic,
    /// Named after a role several people use (« interne1 », « ide.nuit »).
    Shared,
    Service,
    Test,
    /// Separate administration account (`_adm`).
    Admin,
    /// Built-in directory accounts (Administrator, Guest, krbtgt).
    Technical,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Nominative => "nominative",
            Kind::Generic => "generic",
            Kind::Shared => "shared",
            Kind::Service => "service",
            Kind::Test => "test",
            Kind::Admin => "admin",
            Kind::Technical => "technical",
        }
    }
}

/// AD `accountExpires`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// `0`.
    Zero,
    /// `9223372036854775807`.
    Max,
    At(NaiveDateTime),
}

/// One row of an application export (a DPI login may have several).
#[derive(Debug, Clone)]
pub(crate) struct AppRow {
    pub unit: Option<usize>,
    pub profiles: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub source: Source,
    pub login: String,
    /// Record index of the HR owner.
    pub owner: Option<usize>,
    pub human: Option<usize>,
    pub kind: Kind,
    pub last_name: String,
    pub first_name: String,
    /// A one-letter typo was made in the last name.
    pub typo: bool,
    pub employee_id: Option<String>,
    pub rpps: Option<String>,
    pub rpps_issue: Option<IdIssue>,
    pub email: Option<String>,
    pub unit: Option<usize>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub enabled: bool,
    pub expires: Option<Expiry>,
    pub created: NaiveDateTime,
    pub last_logon: Option<NaiveDateTime>,
    pub pwd_last_set: Option<NaiveDateTime>,
    pub pwd_never_expires: bool,
    pub smartcard: bool,
    /// AD: direct groups (indexes in `World::groups`).
    pub groups: Vec<usize>,
    /// Applications: rows (unit scope + profiles or role).
    pub rows: Vec<AppRow>,
    /// Unit the person left whose rights the account kept.
    pub stale_unit: Option<usize>,
    /// AD: account index of the manager.
    pub manager: Option<usize>,
    /// AD: parent DN.
    pub ou: String,
}

impl Account {
    pub(crate) fn new(source: Source, kind: Kind, created: NaiveDateTime) -> Account {
        Account {
            source,
            login: String::new(),
            owner: None,
            human: None,
            kind,
            last_name: String::new(),
            first_name: String::new(),
            typo: false,
            employee_id: None,
            rpps: None,
            rpps_issue: None,
            email: None,
            unit: None,
            title: None,
            description: None,
            enabled: true,
            expires: None,
            created,
            last_logon: None,
            pwd_last_set: None,
            pwd_never_expires: false,
            smartcard: false,
            groups: Vec::new(),
            rows: Vec::new(),
            stale_unit: None,
            manager: None,
            ou: String::new(),
        }
    }

    /// `<source>:<login lower-cased>`, as Vigie names accounts.
    pub(crate) fn id(&self) -> String {
        format!("{}:{}", self.source.id(), self.login.to_lowercase())
    }

    /// Usable at `as_of`: enabled and not past its expiry.
    pub(crate) fn usable(&self, as_of: NaiveDateTime) -> bool {
        self.enabled && !matches!(self.expires, Some(Expiry::At(t)) if t <= as_of)
    }
}

/// An AD group.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub cn: String,
    /// Parent DN.
    pub parent: String,
    pub description: String,
    /// Groups nested in this one (indexes).
    pub member_groups: Vec<usize>,
    /// Well-known relative id (512 Domain Admins…) or, with `builtin`, the
    /// `S-1-5-32-x` alias.
    pub well_known_rid: Option<u32>,
    pub builtin: bool,
    pub privileged: bool,
    /// Grants interactive or remote logon (TSE, VPN, Remote Desktop Users).
    pub interactive: bool,
    /// Opens an application holding health data.
    pub health_app: Option<&'static str>,
    pub created: NaiveDateTime,
}

/// A computer object of the directory.
#[derive(Debug, Clone)]
pub(crate) struct Computer {
    pub name: String,
    pub ou: String,
    pub server: bool,
    pub created: NaiveDateTime,
    pub last_logon: NaiveDateTime,
}

/// One activity line of the national extract about a human of the estate.
#[derive(Debug, Clone)]
pub(crate) struct NationalLine {
    pub human: usize,
    pub identifier: String,
    pub last_name: String,
    pub first_name: String,
    pub mode: &'static str,
    pub finess_site: String,
    pub finess_legal_entity: String,
    pub site_name: String,
    pub postal_code: String,
    pub city: String,
}

/// Everything generated.
pub(crate) struct World {
    pub params: Params,
    pub org: Org,
    pub humans: Vec<Human>,
    /// HR rows in file order (by matricule).
    pub records: Vec<Record>,
    pub accounts: Vec<Account>,
    pub groups: Vec<Group>,
    pub computers: Vec<Computer>,
    pub national: Vec<NationalLine>,
}

impl World {
    pub(crate) fn as_of_time(&self) -> NaiveDateTime {
        self.params.as_of.and_hms_opt(0, 0, 0).unwrap_or_default()
    }

    /// Dn of a group.
    pub(crate) fn group_dn(&self, g: usize) -> String {
        let group = &self.groups[g];
        format!("CN={},{}", super::ldif::escape_rdn(&group.cn), group.parent)
    }
}
