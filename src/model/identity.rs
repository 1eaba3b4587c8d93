//! Persons: the HR (SIRH) view of who works in the establishment.

use super::Provenance;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One person from an HR export. Names are kept as written; normalisation for
/// matching belongs to reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// `<source>:<employee_number>`.
    pub id: String,
    /// Matricule, as written (leading zeros kept).
    pub employee_number: String,
    /// Nom de naissance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_name: Option<String>,
    /// Nom d'usage (married name, etc.); often what other systems show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_name: Option<String>,
    /// Prénom(s), as written, possibly several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_names: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Profession code (e.g. TRE_G15 `60` or J121 `313`), as the HR export gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession_label: Option<String>,
    /// National identifier as HR holds it (RPPS, 8+RPPS, ADELI…), unvalidated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpps: Option<String>,
    /// UF / service code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_label: Option<String>,
    /// FINESS of the site where the person works.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_finess: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractType>,
    /// The contract type as written in the export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_raw: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_date: Option<NaiveDate>,
    /// Contract end or departure date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PersonStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_raw: Option<String>,
    /// Employee number of the manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    /// Professional e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Columns the configuration asked to keep beyond Vigie's fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    pub provenance: Provenance,
}

impl Person {
    /// The name other systems most likely show: usage name, else birth name.
    pub fn display_last_name(&self) -> Option<&str> {
        self.usage_name.as_deref().or(self.birth_name.as_deref())
    }

    /// « NOM Prénom » for messages and reports.
    pub fn display_name(&self) -> String {
        match (self.display_last_name(), self.first_names.as_deref()) {
            (Some(l), Some(f)) => format!("{l} {f}"),
            (Some(l), None) => l.to_string(),
            (None, Some(f)) => f.to_string(),
            (None, None) => self.employee_number.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Female,
    Male,
}

/// Contract families that matter for the identity life cycle. Each source maps
/// its own labels onto these (defaults in `source::values`, overridable per
/// source in `vigie.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContractType {
    /// CDI, titulaire, stagiaire de la fonction publique (fonctionnaire).
    Permanent,
    /// CDD.
    FixedTerm,
    /// Intérim (agency temp).
    Interim,
    /// Stagiaire (student on placement).
    Trainee,
    /// Interne (junior doctor, pharmacist, dentist in training).
    Resident,
    /// Prestataire, sous-traitant, externe.
    Contractor,
    /// Vacataire.
    Casual,
    /// Anything else the mapping names « other ».
    Other,
}

impl ContractType {
    pub const ALL: [ContractType; 8] = [
        ContractType::Permanent,
        ContractType::FixedTerm,
        ContractType::Interim,
        ContractType::Trainee,
        ContractType::Resident,
        ContractType::Contractor,
        ContractType::Casual,
        ContractType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContractType::Permanent => "permanent",
            ContractType::FixedTerm => "fixed-term",
            ContractType::Interim => "interim",
            ContractType::Trainee => "trainee",
            ContractType::Resident => "resident",
            ContractType::Contractor => "contractor",
            ContractType::Casual => "casual",
            ContractType::Other => "other",
        }
    }

    pub fn parse_canonical(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// True for contracts that end by design (the account must end with them).
    pub fn is_temporary(self) -> bool {
        !matches!(self, ContractType::Permanent | ContractType::Other)
    }
}

/// Where the person stands in HR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonStatus {
    /// En poste.
    Active,
    /// Parti (démission, fin de contrat, retraite, mutation hors établissement).
    Departed,
    /// Absent durablement (disponibilité, congé long, suspension).
    Suspended,
}

impl PersonStatus {
    pub const ALL: [PersonStatus; 3] = [
        PersonStatus::Active,
        PersonStatus::Departed,
        PersonStatus::Suspended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonStatus::Active => "active",
            PersonStatus::Departed => "departed",
            PersonStatus::Suspended => "suspended",
        }
    }

    pub fn parse_canonical(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}
