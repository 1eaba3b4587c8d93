//! The fields Vigie reads from the extract and where they sit: each field is
//! found by header name (configured name first, then the known labels of
//! every vintage, ignoring case, accents and the apostrophe's shape), never
//! by position.

use crate::config::SourceConfig;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::FieldSpec;
use crate::text::fold_key;

/// Index of each field in [`FIELDS`].
pub(super) mod f {
    pub const IDENTIFIER_TYPE: usize = 0;
    pub const IDENTIFIER: usize = 1;
    pub const NATIONAL_ID: usize = 2;
    pub const CIVILITY: usize = 3;
    pub const LAST_NAME: usize = 4;
    pub const FIRST_NAME: usize = 5;
    pub const PROFESSION_CODE: usize = 6;
    pub const PROFESSION_LABEL: usize = 7;
    pub const CATEGORY_CODE: usize = 8;
    pub const SPECIALTY_CODE: usize = 9;
    pub const SPECIALTY_LABEL: usize = 10;
    pub const MODE: usize = 11;
    pub const FINESS_SITE: usize = 12;
    pub const FINESS_LEGAL_ENTITY: usize = 13;
    pub const SITE_NAME: usize = 14;
    pub const REGISTRATION_AUTHORITY: usize = 15;
    pub const COUNT: usize = 16;
}

const fn spec(
    name: &'static str,
    required: bool,
    default_columns: &'static [&'static str],
    help: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        required,
        default_columns,
        help,
    }
}

/// The fields of the extract, in the order of [`f`].
pub static FIELDS: [FieldSpec; f::COUNT] = [
    spec(
        "identifier_type",
        false,
        &["Type d'identifiant PP", "Type identifiant PP"],
        "type d'identifiant : 8 = RPPS, 0 = ADELI",
    ),
    spec(
        "identifier",
        true,
        &["Identifiant PP"],
        "numéro RPPS (11 chiffres) ou ADELI (9 chiffres)",
    ),
    spec(
        "national_id",
        false,
        &["Identification nationale PP"],
        "identifiant national : type suivi du numéro (8 + RPPS)",
    ),
    spec(
        "civility",
        false,
        &[
            "Libellé civilité d'exercice",
            "Libellé civilité exercice",
            "Libellé civilité",
        ],
        "civilité d'exercice (Docteur, Professeur…)",
    ),
    spec(
        "last_name",
        true,
        &["Nom d'exercice", "Nom exercice"],
        "nom d'exercice",
    ),
    spec(
        "first_name",
        true,
        &["Prénom d'exercice", "Prénom exercice"],
        "prénom d'exercice",
    ),
    spec(
        "profession_code",
        false,
        &["Code profession"],
        "code de la profession (10 médecin, 60 infirmier…)",
    ),
    spec(
        "profession_label",
        false,
        &["Libellé profession"],
        "libellé de la profession",
    ),
    spec(
        "category_code",
        false,
        &["Code catégorie professionnelle"],
        "catégorie professionnelle : C civil, M militaire, E étudiant",
    ),
    spec(
        "specialty_code",
        false,
        &["Code savoir-faire"],
        "code du savoir-faire (spécialité)",
    ),
    spec(
        "specialty_label",
        false,
        &["Libellé savoir-faire"],
        "libellé du savoir-faire (spécialité)",
    ),
    spec(
        "mode",
        false,
        &["Code mode exercice", "Code mode d'exercice"],
        "mode d'exercice : L libéral, S salarié, B bénévole",
    ),
    spec(
        "finess_site",
        false,
        &["Numéro FINESS site", "FINESS site"],
        "FINESS géographique du lieu d'activité",
    ),
    spec(
        "finess_legal_entity",
        false,
        &[
            "Numéro FINESS établissement juridique",
            "FINESS établissement juridique",
        ],
        "FINESS juridique du lieu d'activité",
    ),
    spec(
        "site_name",
        false,
        &["Raison sociale site"],
        "raison sociale du lieu d'activité",
    ),
    spec(
        "registration_authority",
        false,
        &["Autorité d'enregistrement"],
        "autorité d'enregistrement (CNOM/CNOM/CNOM, ARS/CPAM/CPAM…)",
    ),
];

/// Column index of each field, when present.
pub(super) type Layout = [Option<usize>; f::COUNT];

/// The comparison key of a header label.
fn key(label: &str) -> String {
    fold_key(&label.replace(['’', '`', '´'], "'"))
}

/// Maps every field to its column; `None` (with diagnostics) when a required
/// field or a configured column is missing.
pub(super) fn resolve(
    headers: &[String],
    source: &SourceConfig,
    line: u64,
    delimiter: u8,
    diags: &mut Diagnostics,
) -> Option<Layout> {
    let folded: Vec<String> = headers.iter().map(|h| key(h)).collect();
    let find = |name: &str| folded.iter().position(|h| *h == key(name));
    let listing = headers.join(" | ");
    let missing = |message: String, field: &str| {
        Diagnostic::error(Code::MissingColumn, message)
            .in_file(&source.path_display)
            .at_line(line)
            .field(field)
    };
    let mut layout: Layout = [None; f::COUNT];
    let mut ok = true;
    for (i, spec) in FIELDS.iter().enumerate() {
        if let Some(name) = source.columns.get(spec.name) {
            layout[i] = find(name);
            if layout[i].is_none() {
                ok = false;
                let help = match closest(name, headers, &folded) {
                    Some(c) => format!(
                        "colonne la plus proche : « {c} » ; corrigez [source.columns] dans vigie.toml"
                    ),
                    None => format!("colonnes présentes : {listing}"),
                };
                diags.push(
                    missing(
                        format!("colonne « {name} » absente de l'en-tête"),
                        spec.name,
                    )
                    .help(help),
                );
            }
            continue;
        }
        layout[i] = spec.default_columns.iter().find_map(|c| find(c));
        if layout[i].is_none() && spec.required {
            ok = false;
            let suggestion = spec
                .default_columns
                .iter()
                .find_map(|c| closest(c, headers, &folded));
            let mut help = match suggestion {
                Some(c) => format!(
                    "colonne la plus proche : « {c} » ; si c'est elle, indiquez {} = \"{c}\" dans [source.columns]",
                    spec.name
                ),
                None => format!(
                    "indiquez la colonne dans [source.columns] : {} = \"…\" ; colonnes présentes : {listing}",
                    spec.name
                ),
            };
            if headers.len() < 2 {
                help.push_str(&format!(
                    " ; l'en-tête n'a qu'une colonne : le séparateur attendu est « {} »",
                    char::from(delimiter)
                ));
            }
            diags.push(
                missing(
                    format!(
                        "aucune colonne « {} » pour le champ obligatoire « {} » ({})",
                        spec.default_columns[0], spec.name, spec.help
                    ),
                    spec.name,
                )
                .help(help),
            );
        }
    }
    ok.then_some(layout)
}

/// The header closest to `name` when it looks like a typo, or else the
/// shortest header that contains it (« Raison sociale » → « Raison sociale site »).
fn closest<'h>(name: &str, headers: &'h [String], folded: &[String]) -> Option<&'h str> {
    let want = key(name);
    let typo = folded
        .iter()
        .enumerate()
        .map(|(i, h)| (strsim::damerau_levenshtein(&want, h), i))
        .filter(|(d, _)| *d <= 3.max(want.chars().count() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, i)| i);
    let containing = || {
        folded
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                !want.is_empty()
                    && (h.contains(&want) || (!h.is_empty() && want.contains(h.as_str())))
            })
            .min_by_key(|(_, h)| h.len().abs_diff(want.len()))
            .map(|(i, _)| i)
    };
    typo.or_else(containing).map(|i| headers[i].as_str())
}
