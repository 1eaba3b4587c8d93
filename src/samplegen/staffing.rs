//! Who works where and under which contract: the staff mix of each kind of
//! unit and the contract labels HR uses for each staff family.

use super::org::{Family, UnitKind};
use super::world::Contract;
use Family as F;
use UnitKind as K;

/// Staff mix of a unit kind: (profession key, weight).
#[rustfmt::skip]
pub(crate) fn staff_mix(kind: UnitKind) -> &'static [(&'static str, u32)] {
    match kind {
        K::Ward => &[
            ("medecin", 10), ("interne", 4), ("ide", 30), ("cadre", 2), ("aide_soignant", 28),
            ("secretaire", 4), ("ama", 2), ("ash", 8), ("kine", 1), ("dieteticien", 1),
            ("brancardier", 1), ("etudiant", 3),
        ],
        K::Emergency => &[
            ("medecin", 14), ("interne", 5), ("ide", 34), ("cadre", 1), ("aide_soignant", 22),
            ("secretaire", 5), ("brancardier", 6), ("ash", 5), ("adjoint_adm", 4), ("etudiant", 3),
        ],
        K::Icu => &[
            ("medecin", 12), ("interne", 4), ("ide", 42), ("cadre", 1), ("aide_soignant", 28),
            ("ash", 5), ("secretaire", 2), ("kine", 2), ("etudiant", 2),
        ],
        K::Theatre => &[
            ("medecin", 14), ("interne", 3), ("ibode", 22), ("iade", 14), ("ide", 6), ("cadre", 1),
            ("aide_soignant", 20), ("brancardier", 8), ("ash", 6), ("secretaire", 3),
        ],
        K::Maternity => &[
            ("medecin", 8), ("interne", 3), ("sage_femme", 25), ("auxiliaire", 15),
            ("aide_soignant", 15), ("ide", 10), ("secretaire", 5), ("ash", 6), ("etudiant", 2),
        ],
        K::Paediatrics => &[
            ("medecin", 10), ("interne", 4), ("ide", 25), ("auxiliaire", 30), ("aide_soignant", 10),
            ("secretaire", 5), ("ash", 5), ("psychomot", 1), ("etudiant", 2),
        ],
        K::Imaging => &[
            ("medecin", 18), ("interne", 3), ("merm", 50), ("secretaire", 12), ("ama", 3),
            ("aide_soignant", 5), ("cadre", 2), ("brancardier", 5),
        ],
        K::Lab => &[
            ("medecin", 5), ("pharmacien", 5), ("tlm", 60), ("secretaire", 15), ("adjoint_adm", 5),
            ("ash", 5),
        ],
        K::Pharmacy => &[
            ("pharmacien", 20), ("interne_pharma", 8), ("preparateur", 55), ("adjoint_adm", 10),
            ("ash", 7),
        ],
        K::Rehab => &[
            ("kine", 40), ("ergo", 15), ("orthophoniste", 8), ("psychomot", 5), ("dieteticien", 8),
            ("medecin", 8), ("aide_soignant", 10), ("secretaire", 6),
        ],
        K::Geriatric => &[
            ("medecin", 6), ("ide", 25), ("cadre", 1), ("aide_soignant", 45), ("ash", 12),
            ("kine", 4), ("ergo", 2), ("secretaire", 3), ("dieteticien", 1), ("dentiste", 1),
        ],
        K::Outpatient => &[
            ("medecin", 30), ("ide", 20), ("secretaire", 25), ("ama", 10), ("aide_soignant", 10),
            ("adjoint_adm", 5),
        ],
        K::Admin => &[("adjoint_adm", 60), ("attache", 25), ("directeur", 8), ("secretaire", 7)],
        K::Admissions => &[("adjoint_adm", 90), ("attache", 10)],
        K::MedicalInfo => &[("medecin", 20), ("tim", 60), ("secretaire", 20)],
        K::It => &[("informaticien", 60), ("ingenieur", 30), ("adjoint_adm", 10)],
        K::Technical => &[("ash", 45), ("adjoint_adm", 10), ("ingenieur", 5), ("informaticien", 2), ("brancardier", 38)],
    }
}

/// Contract labels HR uses for a staff family: (raw label, family, weight).
#[rustfmt::skip]
pub(crate) fn contracts(family: Family) -> &'static [(&'static str, Contract, u32)] {
    use Contract as C;
    match family {
        F::Physician => &[
            ("Praticien hospitalier", C::Permanent, 50),
            ("Praticien contractuel", C::FixedTerm, 16),
            ("Praticien attaché", C::FixedTerm, 6),
            ("Vacataire", C::Casual, 12),
            ("Intérim", C::Interim, 8),
            ("Prestataire", C::Contractor, 2),
        ],
        F::Resident => &[("Interne", C::Resident, 85), ("FFI", C::Resident, 15)],
        F::Pharmacist => &[("Praticien hospitalier", C::Permanent, 70), ("Praticien contractuel", C::FixedTerm, 30)],
        F::Student => &[("Stagiaire", C::Trainee, 80), ("Étudiant", C::Trainee, 20)],
        F::ItStaff => &[
            ("Titulaire", C::Permanent, 45),
            ("CDI", C::Permanent, 15),
            ("CDD", C::FixedTerm, 15),
            ("Prestataire", C::Contractor, 20),
            ("Apprenti", C::Trainee, 5),
        ],
        F::Admin | F::Director | F::MedicalInfo => &[
            ("Titulaire", C::Permanent, 62),
            ("CDI", C::Permanent, 10),
            ("CDD", C::FixedTerm, 18),
            ("Contractuel", C::FixedTerm, 3),
            ("Intérim", C::Interim, 2),
            ("Stagiaire", C::Trainee, 3),
            ("Apprenti", C::Trainee, 2),
        ],
        F::Technical | F::Porter => &[
            ("Titulaire", C::Permanent, 60),
            ("CDD", C::FixedTerm, 25),
            ("Intérim", C::Interim, 6),
            ("Prestataire", C::Contractor, 6),
            ("Stagiaire de la fonction publique", C::Permanent, 3),
        ],
        _ => &[
            ("Titulaire", C::Permanent, 58),
            ("CDI", C::Permanent, 8),
            ("Stagiaire de la fonction publique", C::Permanent, 4),
            ("CDD", C::FixedTerm, 18),
            ("Contractuel", C::FixedTerm, 3),
            ("Intérim", C::Interim, 7),
            ("Vacataire", C::Casual, 2),
        ],
    }
}
