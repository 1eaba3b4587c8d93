//! What a check is: its metadata record (one per `checks/<family>/<ID>.toml`),
//! which feeds evaluation, `vigie checks explain`, the report, SARIF and the
//! generated docs alike. Axes, severities and confidences serialise with
//! the same French codes the check files use (`cycle-de-vie`, `elevee`…).

use serde::{Deserialize, Serialize};

/// The five HospiConnect axes every report is organised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    /// Cycle de vie des identités.
    #[serde(rename = "cycle-de-vie")]
    LifeCycle,
    /// Droits et accès numériques.
    #[serde(rename = "droits-et-acces")]
    RightsAccess,
    /// Services numériques (inventaire, criticité).
    #[serde(rename = "services-numeriques")]
    DigitalServices,
    /// Moyens d'identification électronique.
    #[serde(rename = "mie")]
    Eid,
    /// Gouvernance et sensibilisation.
    #[serde(rename = "gouvernance")]
    Governance,
}

impl Axis {
    pub const ALL: [Axis; 5] = [
        Axis::LifeCycle,
        Axis::RightsAccess,
        Axis::DigitalServices,
        Axis::Eid,
        Axis::Governance,
    ];

    /// The value written in check files.
    pub fn code(self) -> &'static str {
        match self {
            Axis::LifeCycle => "cycle-de-vie",
            Axis::RightsAccess => "droits-et-acces",
            Axis::DigitalServices => "services-numeriques",
            Axis::Eid => "mie",
            Axis::Governance => "gouvernance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Axis::LifeCycle => "Cycle de vie des identités",
            Axis::RightsAccess => "Droits et accès numériques",
            Axis::DigitalServices => "Services numériques",
            Axis::Eid => "Moyens d'identification électronique",
            Axis::Governance => "Gouvernance et sensibilisation",
        }
    }

    pub fn parse(s: &str) -> Option<Axis> {
        Axis::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// Gravité.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    #[serde(rename = "info")]
    Info,
    #[serde(rename = "faible")]
    Low,
    #[serde(rename = "moyenne")]
    Medium,
    #[serde(rename = "elevee")]
    High,
    #[serde(rename = "critique")]
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Severity::Critical => "critique",
            Severity::High => "elevee",
            Severity::Medium => "moyenne",
            Severity::Low => "faible",
            Severity::Info => "info",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "critique",
            Severity::High => "élevée",
            Severity::Medium => "moyenne",
            Severity::Low => "faible",
            Severity::Info => "information",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|x| x.code() == s || x.label() == s)
    }
}

/// Confiance : how sure the check is that a finding is real.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    #[serde(rename = "faible")]
    Low,
    #[serde(rename = "moyenne")]
    Medium,
    #[serde(rename = "haute")]
    High,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [Confidence::High, Confidence::Medium, Confidence::Low];

    pub fn code(self) -> &'static str {
        match self {
            Confidence::High => "haute",
            Confidence::Medium => "moyenne",
            Confidence::Low => "faible",
        }
    }

    pub fn parse(s: &str) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// What a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    Person,
    Account,
    Group,
    Application,
    Establishment,
    /// A declared exception (dérogation), for governance checks.
    Exception,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 6] = [
        SubjectKind::Person,
        SubjectKind::Account,
        SubjectKind::Group,
        SubjectKind::Application,
        SubjectKind::Establishment,
        SubjectKind::Exception,
    ];

    /// The variable name in conditions (`account.enabled`).
    pub fn code(self) -> &'static str {
        match self {
            SubjectKind::Person => "person",
            SubjectKind::Account => "account",
            SubjectKind::Group => "group",
            SubjectKind::Application => "application",
            SubjectKind::Establishment => "establishment",
            SubjectKind::Exception => "exception",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectKind> {
        SubjectKind::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The French name, for people.
    pub fn label(self) -> &'static str {
        match self {
            SubjectKind::Person => "personne",
            SubjectKind::Account => "compte",
            SubjectKind::Group => "groupe",
            SubjectKind::Application => "application",
            SubjectKind::Establishment => "établissement",
            SubjectKind::Exception => "dérogation",
        }
    }
}

/// A worked example that documents the check and tests it: a subject view
/// (as a table) and whether the check must fire on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// `true` for the positive example (the check fires).
    pub fires: bool,
    pub description: String,
    /// The subject, as the condition sees it.
    pub subject: serde_json::Value,
    /// Policy values the example relies on, over the defaults.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub policy: serde_json::Value,
}

/// One check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Check {
    /// Stable id, e.g. `CYC-001`.
    pub id: String,
    /// The family (the directory under `checks/`).
    pub family: String,
    /// French title.
    pub title: String,
    pub axis: Axis,
    pub severity: Severity,
    pub confidence: Confidence,
    pub subject: SubjectKind,
    /// The subjects the check applies to (an expression; none = every
    /// subject of its kind): the denominator of its compliance rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// A minijinja expression over the subject view and `policy`.
    pub condition: String,
    /// An expression giving the proof path (a `…_path` field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Expressions whose values are shown as evidence, by label.
    pub evidence: Vec<(String, String)>,
    /// A minijinja template for the one-line message of a finding.
    pub message: String,
    pub rationale: String,
    pub remediation: String,
    /// RIE `EXI nn`, `EXI RIE-PS nn`, HOP'EN 2, CNIL, PGSSI-S…
    pub references: Vec<String>,
    pub examples: Vec<Example>,
    /// `checks/cycle-de-vie/CYC-001.toml:1`.
    pub location: String,
}
