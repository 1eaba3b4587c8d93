//! `person.*` (and `account.owner.*`): an HR record as conditions see it.

use super::{date, Field};
use crate::checks::facts::Facts;
use minijinja::value::Value;
use std::sync::Arc;

#[derive(Debug)]
pub struct PersonView {
    pub facts: Arc<Facts>,
    pub index: u32,
}

impl PersonView {
    fn p(&self) -> &crate::model::Person {
        &self.facts.snapshot.persons[self.index as usize]
    }
    fn departed(&self) -> bool {
        let p = self.p();
        p.status == Some(crate::model::PersonStatus::Departed)
            || p.end_date.is_some_and(|e| e < self.facts.as_of)
    }
    fn profession_in(&self, list: &[String]) -> bool {
        self.p()
            .profession_code
            .as_ref()
            .is_some_and(|c| list.contains(c))
    }
}

/// A contract family in French.
fn contract_fr(c: crate::model::ContractType) -> &'static str {
    use crate::model::ContractType as C;
    match c {
        C::Permanent => "titulaire ou CDI",
        C::FixedTerm => "CDD",
        C::Interim => "intérim",
        C::Trainee => "stage",
        C::Resident => "internat",
        C::Contractor => "prestation",
        C::Casual => "vacation",
        C::Other => "autre",
    }
}

pub const PERSON_FIELDS: &[Field<PersonView>] = &[
    Field { name: "id", kind: "texte", help: "identifiant « source:matricule »", get: |v| Value::from(v.p().id.as_str()) },
    Field { name: "name", kind: "texte", help: "nom et prénom", get: |v| Value::from(v.p().display_name()) },
    Field { name: "status", kind: "texte ou rien", help: "active, departed ou suspended", get: |v| Value::from(v.p().status.map(|s| s.as_str())) },
    Field { name: "departed", kind: "booléen", help: "parti : statut RH « sorti » ou date de fin passée", get: |v| Value::from(v.departed()) },
    Field { name: "arrival_date", kind: "date ou rien", help: "date d'arrivée", get: |v| date(v.p().arrival_date) },
    Field { name: "end_date", kind: "date ou rien", help: "date de fin de contrat ou de départ", get: |v| date(v.p().end_date) },
    Field { name: "days_since_end", kind: "entier ou rien", help: "jours écoulés depuis la date de fin (négatif si elle est à venir)", get: |v| Value::from(v.p().end_date.map(|d| v.facts.days_since(d))) },
    Field { name: "contract", kind: "texte ou rien", help: "permanent, fixed-term, interim, trainee, resident, contractor, casual, other", get: |v| Value::from(v.p().contract.map(|c| c.as_str())) },
    Field { name: "contract_label", kind: "texte ou rien", help: "type de contrat tel que le SIRH l'écrit (« Intérim », « Contractuel »…), sinon sa famille en français", get: |v| Value::from(v.p().contract_raw.clone().filter(|r| !r.trim().is_empty()).or_else(|| v.p().contract.map(|c| contract_fr(c).to_string()))) },
    Field { name: "temporary", kind: "booléen", help: "contrat à durée limitée par nature (CDD, intérim, stage, internat, prestation, vacation)", get: |v| Value::from(v.p().contract.is_some_and(|c| c.is_temporary())) },
    Field { name: "birth_date", kind: "date ou rien", help: "date de naissance", get: |v| date(v.p().birth_date) },
    Field { name: "profession_code", kind: "texte ou rien", help: "code profession (TRE_G15, J121…)", get: |v| Value::from(v.p().profession_code.as_deref()) },
    Field { name: "profession_label", kind: "texte ou rien", help: "libellé de la profession", get: |v| Value::from(v.p().profession_label.as_deref()) },
    Field { name: "unit_code", kind: "texte ou rien", help: "UF d'affectation", get: |v| Value::from(v.p().unit_code.as_deref()) },
    Field { name: "unit_label", kind: "texte ou rien", help: "libellé de l'UF d'affectation", get: |v| Value::from(v.p().unit_label.as_deref()) },
    Field { name: "rpps", kind: "texte ou rien", help: "identifiant national tel que détenu par le SIRH", get: |v| Value::from(v.p().rpps.as_deref().filter(|s| !s.trim().is_empty())) },
    Field { name: "rpps_expected", kind: "booléen", help: "profession enregistrée par un Ordre ou l'ARS (policy.rpps_professions) : un RPPS est attendu (cible HOP'EN 2 2027)", get: |v| Value::from(v.profession_in(&v.facts.rpps_professions)) },
    Field { name: "role_profession", kind: "booléen", help: "profession « à rôle » que l'établissement enregistre lui-même au RPPS+ (policy.role_professions, cible 2028)", get: |v| Value::from(v.profession_in(&v.facts.role_professions)) },
    Field { name: "rpps_in_directory", kind: "booléen", help: "le RPPS figure dans l'extraction de l'Annuaire Santé", get: |v| Value::from(v.facts.rpps[v.index as usize].known) },
    Field { name: "rpps_local_activity", kind: "booléen ou rien", help: "l'Annuaire Santé déclare une activité au FINESS de l'établissement ou d'un de ses sites (rien si le RPPS n'y figure pas)", get: |v| Value::from(v.facts.rpps[v.index as usize].local_activity) },
    Field { name: "identity_issues", kind: "liste de textes", help: "anomalies d'identifiant national : invalid-identifier, adeli-in-use, unknown-to-directory, name-mismatch, profession-mismatch, shared-identifier, conflicting-identifiers", get: |v| super::issues(&v.facts, &v.p().id) },
    Field { name: "hr_pairs", kind: "liste de textes", help: "autres fiches RH à examiner avec celle-ci : duplicate, possible-duplicate, homonym", get: |v| Value::from(v.facts.hr_pairs[v.index as usize].iter().map(|k| Value::from(*k)).collect::<Vec<_>>()) },
    Field { name: "account_count", kind: "entier", help: "comptes rattachés à la personne", get: |v| Value::from(v.facts.accounts_of[v.index as usize].len()) },
    Field { name: "dpi_user", kind: "booléen", help: "la personne a un compte du DPI rattaché et utilisable (policy.dpi_applications)", get: |v| Value::from(v.facts.accounts_of[v.index as usize].iter().any(|&a| v.facts.usable(a) && v.facts.application[a as usize].is_some_and(|x| v.facts.app_is_dpi[x as usize]))) },
    Field { name: "usable_account_count", kind: "entier", help: "comptes rattachés utilisables à la date de référence", get: |v| Value::from(v.facts.accounts_of[v.index as usize].iter().filter(|&&a| v.facts.usable(a)).count()) },
];

super::view_object!(PersonView, PERSON_FIELDS, |v| v.p().display_name());
