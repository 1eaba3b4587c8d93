//! Entries kept from the national RPPS extract (Annuaire Santé,
//! `PS_LibreAcces_Personne_activite`): one per professional, activities folded in.

use super::Provenance;
use serde::{Deserialize, Serialize};

/// A professional as the national directory knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RppsPerson {
    /// « Identifiant PP »: 11-digit RPPS (or 9-digit ADELI for type 0).
    pub identifier: String,
    /// « Type d'identifiant PP »: `8` RPPS, `0` ADELI.
    pub identifier_type: String,
    /// « Identification nationale PP »: type prefix + identifier.
    pub national_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civility: Option<String>,
    /// « Nom d'exercice ».
    pub last_name: String,
    /// « Prénom d'exercice ».
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_code: Option<String>,
    /// « Autorité d'enregistrement » (e.g. `CNOM/CNOM/CNOM`, `ARS/CPAM/CPAM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_authority: Option<String>,
    /// One entry per line of the extract (situation d'exercice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<RppsActivity>,
    /// The first line where the professional appears.
    pub provenance: Provenance,
}

/// One activity (situation d'exercice) line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RppsActivity {
    /// « Code mode exercice »: L libéral, S salarié, B bénévole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finess_site: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finess_legal_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialty_label: Option<String>,
    pub line: u64,
}
