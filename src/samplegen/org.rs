//! The fictional establishment's structure: FINESS numbers, sites, units
//! (UF) and their staff mix, professions (TRE_G15 and J121 codes, see
//! domain.md §4) and the contract vocabularies HR uses for each.
//!
//! Large estates replicate the unit table once per 5,000 persons, each
//! replica on its own sites, as a GHT would.

pub(crate) const FINESS_EJ: &str = "999000017";
pub(crate) const NAME: &str = "Centre hospitalier de démonstration";
pub(crate) const MAIL_DOMAIN: &str = "ch-demo.fr";
pub(crate) const AD_DOMAIN: &str = "chdemo.local";
pub(crate) const BASE_DN: &str = "DC=chdemo,DC=local";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Ward,
    Emergency,
    Icu,
    Theatre,
    Maternity,
    Paediatrics,
    Imaging,
    Lab,
    Pharmacy,
    Rehab,
    Geriatric,
    Outpatient,
    Admin,
    Admissions,
    MedicalInfo,
    It,
    Technical,
}

impl UnitKind {
    /// Units where care is given (staff there use the DPI).
    pub(crate) fn clinical(self) -> bool {
        !matches!(
            self,
            UnitKind::Admin
                | UnitKind::Admissions
                | UnitKind::MedicalInfo
                | UnitKind::It
                | UnitKind::Technical
        )
    }
}

struct UnitDef {
    code: u32,
    label: &'static str,
    short: &'static str,
    pacs: &'static str,
    kind: UnitKind,
    second_site: bool,
    weight: u32,
}

const fn u(
    code: u32,
    label: &'static str,
    short: &'static str,
    pacs: &'static str,
    kind: UnitKind,
    second_site: bool,
    weight: u32,
) -> UnitDef {
    UnitDef {
        code,
        label,
        short,
        pacs,
        kind,
        second_site,
        weight,
    }
}

use UnitKind as K;
#[rustfmt::skip]
const UNITS: [UnitDef; 38] = [
    u(1010, "Cardiologie", "CARDIO", "Cardio", K::Ward, false, 40),
    u(1020, "Pneumologie", "PNEUMO", "Pneumo", K::Ward, false, 35),
    u(1030, "Gastro-entérologie", "GASTRO", "Gastro", K::Ward, false, 35),
    u(1040, "Médecine interne", "MEDINT", "MedInt", K::Ward, false, 35),
    u(1050, "Neurologie", "NEURO", "Neuro", K::Ward, false, 30),
    u(1060, "Court séjour gériatrique", "CSG", "Geria", K::Ward, false, 35),
    u(1070, "Hôpital de jour; oncologie", "HDJONCO", "Onco", K::Ward, false, 20),
    u(1080, "Consultations externes", "CONSULT", "Consult", K::Outpatient, false, 35),
    u(1210, "Urgences", "URG", "Urg", K::Emergency, false, 60),
    u(1220, "UHCD", "UHCD", "Urg", K::Emergency, false, 20),
    u(1230, "SMUR", "SMUR", "Smur", K::Emergency, false, 15),
    u(1310, "Réanimation polyvalente", "REA", "Rea", K::Icu, false, 45),
    u(1320, "Soins continus", "USC", "Rea", K::Icu, false, 20),
    u(2010, "Chirurgie viscérale et digestive", "CHIRVISC", "Chir", K::Ward, false, 35),
    u(2020, "Chirurgie orthopédique; traumatologie", "ORTHO", "Ortho", K::Ward, false, 35),
    u(2030, "Bloc opératoire", "BLOC", "Bloc", K::Theatre, false, 55),
    u(2040, "Anesthésie", "ANESTH", "Anesth", K::Theatre, false, 25),
    u(2050, "Chirurgie ambulatoire", "AMBU", "Ambu", K::Ward, false, 20),
    u(3010, "Maternité", "MATER", "Mater", K::Maternity, false, 40),
    u(3020, "Salle de naissance", "SDN", "Mater", K::Maternity, false, 25),
    u(3030, "Pédiatrie", "PEDIA", "Pedia", K::Paediatrics, false, 30),
    u(3040, "Néonatologie", "NEONAT", "Neonat", K::Paediatrics, false, 20),
    u(4010, "Imagerie médicale", "RADIO", "Radio", K::Imaging, false, 45),
    u(4020, "Laboratoire de biologie médicale", "LABO", "Labo", K::Lab, false, 40),
    u(4030, "Pharmacie à usage intérieur", "PUI", "Pharma", K::Pharmacy, false, 25),
    u(4040, "Rééducation fonctionnelle", "REEDUC", "Reeduc", K::Rehab, false, 25),
    u(5010, "SMR gériatrique", "SMR", "Smr", K::Geriatric, true, 50),
    u(5020, "EHPAD Les Tilleuls", "EHPAD", "Ehpad", K::Geriatric, true, 55),
    u(6010, "Direction générale", "DG", "Dir", K::Admin, false, 12),
    u(6020, "Direction des ressources humaines", "DRH", "Drh", K::Admin, false, 20),
    u(6030, "Direction des finances", "DAF", "Daf", K::Admin, false, 15),
    u(6040, "Direction des systèmes d'information", "DSI", "Dsi", K::It, false, 18),
    u(6050, "Bureau des entrées", "ENTREES", "Entrees", K::Admissions, false, 25),
    u(6060, "Services techniques et biomédical", "TECH", "Biomed", K::Technical, false, 35),
    u(6070, "Logistique et restauration", "LOGIST", "Logist", K::Technical, false, 45),
    u(6080, "Affaires médicales", "AFFMED", "AffMed", K::Admin, false, 8),
    u(6090, "Département d'information médicale", "DIM", "Dim", K::MedicalInfo, false, 10),
    u(6100, "Qualité et gestion des risques", "QUALITE", "Qualite", K::Admin, false, 6),
];

/// A unit (UF) of the generated estate.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub code: String,
    pub label: String,
    /// Upper-case short name for group names (`GG_SRV_CARDIO`).
    pub short: String,
    /// Service suffix of PACS logins and PACS « Service » column.
    pub pacs: String,
    pub kind: UnitKind,
    pub site: usize,
    pub weight: u32,
    /// Index of this unit's definition (same for every replica).
    pub base: usize,
    pub replica: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub finess: String,
    pub name: String,
    pub postal_code: String,
    pub city: String,
}

/// Sites and units of the estate.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub sites: Vec<Site>,
    pub units: Vec<Unit>,
}

impl Org {
    /// One replica of the unit table per 5,000 persons.
    pub(crate) fn new(persons: usize) -> Org {
        let replicas = persons.div_ceil(5000).max(1);
        let mut sites = Vec::new();
        let mut units = Vec::new();
        for r in 0..replicas {
            let (main, second) = if r == 0 {
                ("999000025".to_string(), "999000033".to_string())
            } else {
                (format!("99901{r:03}1"), format!("99901{r:03}2"))
            };
            let suffix = if r == 0 {
                String::new()
            } else {
                format!(" — site {}", r + 1)
            };
            let city = if r == 0 {
                "DEMOVILLE".to_string()
            } else {
                format!("DEMOVILLE-{}", r + 1)
            };
            sites.push(Site {
                finess: main,
                name: format!(
                    "CH DE DEMONSTRATION - SITE PRINCIPAL{}",
                    suffix.to_uppercase()
                ),
                postal_code: format!("99{:03}", 100 + r),
                city: city.clone(),
            });
            sites.push(Site {
                finess: second,
                name: format!(
                    "CH DE DEMONSTRATION - SITE LES TILLEULS{}",
                    suffix.to_uppercase()
                ),
                postal_code: format!("99{:03}", 100 + r),
                city,
            });
            for (base, d) in UNITS.iter().enumerate() {
                let (code, label, short) = if r == 0 {
                    (d.code.to_string(), d.label.to_string(), d.short.to_string())
                } else {
                    (
                        format!("{}{:04}", r, d.code),
                        format!("{}{suffix}", d.label),
                        format!("{}_S{}", d.short, r + 1),
                    )
                };
                units.push(Unit {
                    code,
                    label,
                    short,
                    pacs: d.pacs.to_string(),
                    kind: d.kind,
                    site: 2 * r + usize::from(d.second_site),
                    weight: d.weight,
                    base,
                    replica: r,
                });
            }
        }
        Org { sites, units }
    }

    /// FINESS of the establishment's sites, in order.
    pub(crate) fn site_finess(&self) -> Vec<String> {
        self.sites.iter().map(|s| s.finess.clone()).collect()
    }

    pub(crate) fn unit_finess(&self, unit: usize) -> &str {
        &self.sites[self.units[unit].site].finess
    }

    /// Index of the first unit of `kind` in the same replica as `unit`.
    pub(crate) fn sibling(&self, unit: usize, code: u32) -> usize {
        let replica = self.units[unit].replica;
        let base = UNITS.iter().position(|d| d.code == code).unwrap_or(0);
        replica * UNITS.len() + base
    }

    /// The base (replica-independent) code of a unit.
    pub(crate) fn base_code(&self, unit: usize) -> u32 {
        UNITS[self.units[unit].base].code
    }
}

/// How a profession is registered in the national directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Registry {
    /// An Ordre (registration authority label as in the extract).
    Ordre(&'static str),
    /// The ARS.
    Ars,
    /// Hospital-registered roles (RPPS+) or not registered: no RPPS here.
    None,
}

/// Broad staff category, which drives contracts and application access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Physician,
    Resident,
    Pharmacist,
    Midwife,
    Nurse,
    CareAssistant,
    Rehab,
    ImagingTech,
    LabTech,
    PharmacyTech,
    MedicalSecretary,
    Porter,
    Admin,
    Director,
    ItStaff,
    Technical,
    Student,
    MedicalInfo,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Profession {
    pub key: &'static str,
    /// TRE_G15 or J121 code as HR writes it (may be empty).
    pub code: &'static str,
    pub label: &'static str,
    /// Label used in the national extract.
    pub national_label: &'static str,
    pub registry: Registry,
    /// Had an ADELI number before moving to the RPPS.
    pub adeli: bool,
    pub family: Family,
}

const fn p(
    key: &'static str,
    code: &'static str,
    label: &'static str,
    national_label: &'static str,
    registry: Registry,
    adeli: bool,
    family: Family,
) -> Profession {
    Profession {
        key,
        code,
        label,
        national_label,
        registry,
        adeli,
        family,
    }
}

use Family as F;
use Registry as R;
#[rustfmt::skip]
pub(crate) const PROFESSIONS: [Profession; 31] = [
    p("medecin", "10", "Médecin", "Médecin", R::Ordre("CNOM/CNOM/CNOM"), false, F::Physician),
    p("interne", "10", "Interne en médecine", "Médecin", R::Ordre("CNOM/CNOM/CNOM"), false, F::Resident),
    p("pharmacien", "21", "Pharmacien", "Pharmacien", R::Ordre("CNOP/CNOP/CNOP"), false, F::Pharmacist),
    p("interne_pharma", "21", "Interne en pharmacie", "Pharmacien", R::Ordre("CNOP/CNOP/CNOP"), false, F::Resident),
    p("dentiste", "40", "Chirurgien-dentiste", "Chirurgien-Dentiste", R::Ordre("CNOCD/CNOCD/CNOCD"), false, F::Physician),
    p("sage_femme", "50", "Sage-femme", "Sage-Femme", R::Ordre("CNOSF/CNOSF/CNOSF"), false, F::Midwife),
    p("ide", "60", "Infirmier(e) diplômé(e) d'État", "Infirmier", R::Ordre("ONI/ONI/ONI"), true, F::Nurse),
    p("ibode", "60", "IBODE", "Infirmier", R::Ordre("ONI/ONI/ONI"), true, F::Nurse),
    p("iade", "60", "IADE", "Infirmier", R::Ordre("ONI/ONI/ONI"), true, F::Nurse),
    p("cadre", "60", "Cadre de santé", "Infirmier", R::Ordre("ONI/ONI/ONI"), true, F::Nurse),
    p("kine", "70", "Masseur-kinésithérapeute", "Masseur-Kinésithérapeute", R::Ordre("CNOMK/CNOMK/CNOMK"), true, F::Rehab),
    p("tlm", "86", "Technicien de laboratoire médical", "Technicien de laboratoire médical", R::Ars, true, F::LabTech),
    p("orthophoniste", "91", "Orthophoniste", "Orthophoniste", R::Ars, true, F::Rehab),
    p("ergo", "94", "Ergothérapeute", "Ergothérapeute", R::Ars, true, F::Rehab),
    p("dieteticien", "95", "Diététicien(ne)", "Diététicien", R::Ars, true, F::Rehab),
    p("psychomot", "96", "Psychomotricien(ne)", "Psychomotricien", R::Ars, true, F::Rehab),
    p("merm", "98", "Manipulateur d'électroradiologie médicale", "Manipulateur ERM", R::Ars, true, F::ImagingTech),
    p("aide_soignant", "313", "Aide-soignant(e)", "", R::None, false, F::CareAssistant),
    p("auxiliaire", "315", "Auxiliaire de puériculture", "", R::None, false, F::CareAssistant),
    p("preparateur", "316", "Préparateur en pharmacie hospitalière", "", R::None, false, F::PharmacyTech),
    p("secretaire", "331", "Secrétaire médicale", "", R::None, false, F::MedicalSecretary),
    p("ama", "331", "Assistante médico-administrative; secrétariat", "", R::None, false, F::MedicalSecretary),
    p("brancardier", "360", "Brancardier", "", R::None, false, F::Porter),
    p("tim", "362", "Technicien d'information médicale", "", R::None, false, F::MedicalInfo),
    p("directeur", "359", "Directeur d'hôpital", "", R::None, false, F::Director),
    p("adjoint_adm", "339", "Adjoint administratif", "", R::None, false, F::Admin),
    p("attache", "339", "Attaché d'administration hospitalière", "", R::None, false, F::Admin),
    p("informaticien", "340", "Technicien informatique", "", R::None, false, F::ItStaff),
    p("ingenieur", "340", "Ingénieur hospitalier", "", R::None, false, F::ItStaff),
    p("ash", "340", "Agent de service hospitalier", "", R::None, false, F::Technical),
    p("etudiant", "", "Étudiant en soins infirmiers", "", R::None, false, F::Student),
];

pub(crate) fn profession(key: &str) -> usize {
    PROFESSIONS.iter().position(|p| p.key == key).unwrap_or(0)
}

impl Profession {
    /// Registered by an Ordre or the ARS: must hold an RPPS.
    pub(crate) fn rpps_registered(&self) -> bool {
        !matches!(self.registry, Registry::None)
    }

    pub(crate) fn authority(&self) -> &'static str {
        match self.registry {
            Registry::Ordre(a) => a,
            Registry::Ars => "ARS/ARS/ARS",
            Registry::None => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mix_names_known_professions() {
        for d in &UNITS {
            for (key, _) in super::super::staffing::staff_mix(d.kind) {
                assert!(PROFESSIONS.iter().any(|p| p.key == *key), "{key}");
            }
        }
    }

    #[test]
    fn replicas_have_distinct_codes_and_finess() {
        let org = Org::new(12_000);
        let mut codes: Vec<_> = org.units.iter().map(|u| u.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), org.units.len());
        let mut finess = org.site_finess();
        assert!(finess.iter().all(|f| f.len() == 9));
        finess.sort();
        finess.dedup();
        assert_eq!(finess.len(), org.sites.len());
    }
}
