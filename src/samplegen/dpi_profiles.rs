//! The DPI's profiles and the habilitation matrix the generator follows
//! (which profession may hold which profile): what the sample hospital
//! declares in its check policy and what the ground truth judges by.

pub(crate) const PRESCRIBER: &str = "Médecin prescripteur";
pub(crate) const INTERN: &str = "Interne";
pub(crate) const PHARMACIST: &str = "Pharmacien valideur";
pub(crate) const MIDWIFE: &str = "Sage-femme";
pub(crate) const NURSE: &str = "IDE";
pub(crate) const CARE_ASSISTANT: &str = "Aide-soignant";
pub(crate) const REHAB: &str = "Rééducateur";
pub(crate) const SECRETARY: &str = "Secrétaire médicale";
pub(crate) const ADMISSION: &str = "Admission";
pub(crate) const CODING: &str = "DIM - codage";
pub(crate) const STUDENT: &str = "Étudiant";
pub(crate) const DPI_ADMIN: &str = "Administrateur DPI";
pub(crate) const READ_ONLY: &str = "Consultation seule";
pub(crate) const INTERFACE: &str = "Interface";

/// DPI profiles each HR profession code may hold; « Consultation seule » and
/// « Administrateur DPI » are not tied to a profession.
#[rustfmt::skip]
pub(crate) const DPI_MATRIX: &[(&str, &[&str])] = &[
    ("10", &[PRESCRIBER, INTERN, CODING]),
    ("21", &[PHARMACIST, INTERN]),
    ("40", &[PRESCRIBER]),
    ("50", &[MIDWIFE]),
    ("60", &[NURSE]),
    ("70", &[REHAB]),
    ("86", &[]),
    ("91", &[REHAB]),
    ("94", &[REHAB]),
    ("95", &[REHAB]),
    ("96", &[REHAB]),
    ("98", &[]),
    ("313", &[CARE_ASSISTANT]),
    ("315", &[CARE_ASSISTANT]),
    ("316", &[]),
    ("331", &[SECRETARY]),
    ("339", &[ADMISSION]),
    ("340", &[]),
    ("359", &[]),
    ("360", &[]),
    ("362", &[CODING]),
    ("", &[STUDENT]),
];

/// Profiles independent of the profession.
pub(crate) const DPI_NEUTRAL: &[&str] = &[READ_ONLY, DPI_ADMIN];

pub(crate) fn allowed_dpi(code: &str) -> &'static [&'static str] {
    DPI_MATRIX
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(&[], |(_, p)| p)
}
