//! `sirh`: the HR export, one row per person, as CSV or workbook.
//!
//! Every column is found through `[source.columns]` or the French defaults
//! below. Contract types, statuses and sexes are mapped to Vigie's values by
//! the default vocabularies of [`super::values`], extended per source in
//! `[source.values.contract_type]`, `[source.values.status]` and
//! `[source.values.sex]`. A label no vocabulary knows is kept as written and
//! reported once as a warning, so the hospital can map it.
//!
//! Exports that hold one row per contract repeat the employee number: the
//! most recent row (latest arrival date, then latest line) is kept and the
//! others are reported.

use super::tabular::{self, Cells};
use super::values::{default_contract, default_status, lookup, parse_sex};
use super::{FieldSpec, ReadContext, SourceKind, SourceRead, Tabular, ValueMapSpec};
use crate::diag::{Code, Diagnostic};
use crate::model::{record_id, ContractType, Person, PersonStatus, Sex};
use std::collections::{BTreeMap, HashMap};

pub struct SirhConnector;

const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        name: "employee_number",
        required: true,
        default_columns: &[
            "Matricule",
            "Matricule RH",
            "N° matricule",
            "Numéro agent",
            "Id agent",
        ],
        help: "matricule RH, unique par agent",
    },
    FieldSpec {
        name: "birth_name",
        required: false,
        default_columns: &["Nom de naissance", "Nom patronymique", "Nom de famille"],
        help: "nom de naissance",
    },
    FieldSpec {
        name: "usage_name",
        required: false,
        default_columns: &["Nom d'usage", "Nom usuel", "Nom marital", "Nom"],
        help: "nom d'usage",
    },
    FieldSpec {
        name: "first_names",
        required: true,
        default_columns: &["Prénoms", "Prénom", "Prénom usuel"],
        help: "prénom(s)",
    },
    FieldSpec {
        name: "birth_date",
        required: false,
        default_columns: &["Date de naissance", "Né(e) le", "DDN"],
        help: "date de naissance",
    },
    FieldSpec {
        name: "sex",
        required: false,
        default_columns: &["Sexe", "Genre", "Civilité"],
        help: "sexe (F/M)",
    },
    FieldSpec {
        name: "profession_code",
        required: false,
        default_columns: &["Code profession", "Code métier", "Code grade"],
        help: "code profession (TRE_G15, J121 ou code local)",
    },
    FieldSpec {
        name: "profession_label",
        required: false,
        default_columns: &[
            "Libellé profession",
            "Profession",
            "Métier",
            "Grade",
            "Emploi",
        ],
        help: "libellé de la profession",
    },
    FieldSpec {
        name: "rpps",
        required: false,
        default_columns: &[
            "RPPS",
            "N° RPPS",
            "Numéro RPPS",
            "Identifiant RPPS",
            "IdNat_PS",
            "ADELI/RPPS",
        ],
        help: "identifiant national (RPPS, ADELI)",
    },
    FieldSpec {
        name: "unit_code",
        required: false,
        default_columns: &["Code UF", "UF", "Code service", "Code structure"],
        help: "code de l'UF ou du service",
    },
    FieldSpec {
        name: "unit_label",
        required: false,
        default_columns: &["Libellé UF", "Service", "Libellé service", "Affectation"],
        help: "libellé de l'UF ou du service",
    },
    FieldSpec {
        name: "site_finess",
        required: false,
        default_columns: &["FINESS site", "FINESS", "Site"],
        help: "FINESS du site d'exercice",
    },
    FieldSpec {
        name: "contract_type",
        required: false,
        default_columns: &[
            "Type de contrat",
            "Contrat",
            "Nature du contrat",
            "Statut contrat",
        ],
        help: "type de contrat (CDI, CDD, intérim…)",
    },
    FieldSpec {
        name: "arrival_date",
        required: false,
        default_columns: &[
            "Date d'entrée",
            "Date d'arrivée",
            "Date de début",
            "Date d'embauche",
        ],
        help: "date d'arrivée",
    },
    FieldSpec {
        name: "end_date",
        required: false,
        default_columns: &[
            "Date de sortie",
            "Date de fin de contrat",
            "Date de fin",
            "Date de départ",
        ],
        help: "date de fin de contrat ou de départ",
    },
    FieldSpec {
        name: "status",
        required: false,
        default_columns: &["Statut", "Position", "Situation", "État"],
        help: "situation RH (actif, sorti…)",
    },
    FieldSpec {
        name: "manager",
        required: false,
        default_columns: &["Matricule responsable", "Responsable", "Manager", "N+1"],
        help: "matricule du responsable",
    },
    FieldSpec {
        name: "email",
        required: false,
        default_columns: &["Email", "E-mail", "Mail", "Courriel", "Adresse mail"],
        help: "adresse électronique professionnelle",
    },
];

const CONTRACTS: &[&str] = &[
    "permanent",
    "fixed-term",
    "interim",
    "trainee",
    "resident",
    "contractor",
    "casual",
    "other",
];
const STATUSES: &[&str] = &["active", "departed", "suspended"];

const VALUE_MAPS: &[ValueMapSpec] = &[
    ValueMapSpec {
        field: "contract_type",
        canonical: CONTRACTS,
    },
    ValueMapSpec {
        field: "status",
        canonical: STATUSES,
    },
    ValueMapSpec {
        field: "sex",
        canonical: &["female", "male"],
    },
];

/// Labels no vocabulary knew: (field, value) → (first line, count).
type Unknown = BTreeMap<(&'static str, String), (u64, usize)>;

impl Tabular for SirhConnector {
    const KIND: SourceKind = SourceKind::Sirh;
    const FIELDS: &'static [FieldSpec] = FIELDS;
    const VALUE_MAPS: &'static [ValueMapSpec] = VALUE_MAPS;

    fn read_table(
        &self,
        ctx: &ReadContext<'_>,
        table: &tabular::Table,
        cols: &tabular::Columns,
        file: &str,
        out: &mut SourceRead,
    ) {
        if !cols.has("birth_name") && !cols.has("usage_name") {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::MissingColumn,
                    "aucune colonne de nom (nom de naissance ou nom d'usage)",
                )
                .in_file(file)
                .at_line(table.header_line)
                .field("birth_name")
                .help("indiquez birth_name et/ou usage_name dans [source.columns]"),
            );
            return;
        }
        let order = cols.date_order(
            table,
            ctx.source.date_order,
            &["birth_date", "arrival_date", "end_date"],
        );
        let mut unknown = Unknown::new();
        let mut by_number: HashMap<String, usize> = HashMap::new();
        let mut persons: Vec<Person> = Vec::new();
        for row in &table.rows {
            let mut c = Cells {
                row,
                cols,
                file,
                order,
                values: &ctx.source.values,
                diags: &mut out.diagnostics,
            };
            let Some(number) = c.required("employee_number") else {
                continue;
            };
            let person = read_person(ctx, table, &mut c, number, &mut unknown);
            match by_number.get(&person.employee_number) {
                Some(&i) => {
                    let kept = &persons[i];
                    let newer = person.arrival_date >= kept.arrival_date;
                    let (old_line, new_line) =
                        (kept.provenance.location(), person.provenance.location());
                    let mut d = Diagnostic::warning(
                        Code::DuplicateKey,
                        format!(
                            "matricule « {} » présent plusieurs fois ({old_line} et {new_line}) : la ligne la plus récente est gardée",
                            person.employee_number
                        ),
                    )
                    .in_file(file)
                    .at_line(row.line)
                    .field(cols.header("employee_number").unwrap_or("employee_number"));
                    d = d.help("l'export devrait contenir une ligne par agent (contrat en cours)");
                    out.diagnostics.push(d);
                    out.records_skipped += 1;
                    if newer {
                        persons[i] = person;
                    }
                }
                None => {
                    by_number.insert(person.employee_number.clone(), persons.len());
                    persons.push(person);
                }
            }
        }
        report_unknown(file, &unknown, out);
        out.batch.persons = persons;
    }
}

fn read_person(
    ctx: &ReadContext<'_>,
    table: &tabular::Table,
    c: &mut Cells<'_>,
    number: String,
    unknown: &mut Unknown,
) -> Person {
    let values = &ctx.source.values;
    let line = c.row.line;
    let contract_raw = c.str("contract_type");
    let contract = contract_raw.as_deref().and_then(|raw| {
        lookup(values.get("contract_type"), raw)
            .and_then(ContractType::parse_canonical)
            .or_else(|| default_contract(raw))
            .or_else(|| {
                note_unknown(unknown, "contract_type", raw, line);
                None
            })
    });
    let status_raw = c.str("status");
    let status = status_raw.as_deref().and_then(|raw| {
        lookup(values.get("status"), raw)
            .and_then(PersonStatus::parse_canonical)
            .or_else(|| default_status(raw))
            .or_else(|| {
                note_unknown(unknown, "status", raw, line);
                None
            })
    });
    let sex = c
        .str("sex")
        .and_then(|raw| match lookup(values.get("sex"), &raw) {
            Some("female") => Some(Sex::Female),
            Some("male") => Some(Sex::Male),
            _ => parse_sex(&raw).unwrap_or_else(|_| {
                note_unknown(unknown, "sex", &raw, line);
                None
            }),
        });
    Person {
        id: record_id(&ctx.source.id, &number),
        employee_number: number,
        birth_name: c.str("birth_name"),
        usage_name: c.str("usage_name"),
        first_names: c.required("first_names"),
        birth_date: c.date("birth_date"),
        sex,
        profession_code: c.str("profession_code"),
        profession_label: c.str("profession_label"),
        rpps: c.str("rpps"),
        unit_code: c.str("unit_code"),
        unit_label: c.str("unit_label"),
        site_finess: c.str("site_finess"),
        contract,
        contract_raw,
        arrival_date: c.date("arrival_date"),
        end_date: c.date("end_date"),
        status,
        status_raw,
        manager: c.str("manager"),
        email: c.str("email"),
        extra: c.extra(),
        provenance: table.provenance(c.row),
    }
}

fn note_unknown(unknown: &mut Unknown, field: &'static str, raw: &str, line: u64) {
    unknown
        .entry((field, raw.to_string()))
        .and_modify(|(_, n)| *n += 1)
        .or_insert((line, 1));
}

fn report_unknown(file: &str, unknown: &Unknown, out: &mut SourceRead) {
    for ((field, value), (line, count)) in unknown {
        let what = match *field {
            "contract_type" => "type de contrat",
            "status" => "situation RH",
            _ => "sexe",
        };
        let canon = match *field {
            "contract_type" => CONTRACTS.join(", "),
            "status" => STATUSES.join(", "),
            _ => "female, male".to_string(),
        };
        out.diagnostics.push(
            Diagnostic::warning(
                Code::InvalidValue,
                format!("{what} « {value} » non reconnu ({count} ligne(s)) : laissé sans valeur"),
            )
            .in_file(file)
            .at_line(*line)
            .field(*field)
            .help(format!(
                "ajoutez \"{value}\" = \"…\" dans [source.values.{field}] (valeurs : {canon})"
            )),
        );
    }
}
