//! The HR (SIRH) export `rh/agents.csv` as older SIRH write it:
//! Windows-1252, `;` separator, CRLF, dd/mm/yyyy dates, a field quoted only
//! when it holds `;` or `"`. Also the small CSV helpers the other writers use.

use super::org::PROFESSIONS;
use super::world::{Sex, World};
use super::{Error, Output};
use std::borrow::Cow;

pub(crate) const PATH: &str = "rh/agents.csv";

pub(crate) const COLUMNS: [&str; 18] = [
    "Matricule",
    "Nom de naissance",
    "Nom d'usage",
    "Prénoms",
    "Date de naissance",
    "Sexe",
    "Code profession",
    "Libellé profession",
    "RPPS",
    "Code UF",
    "Libellé UF",
    "FINESS site",
    "Type de contrat",
    "Date d'entrée",
    "Date de sortie",
    "Statut",
    "Matricule responsable",
    "Email",
];

/// A CSV field, quoted when it holds the separator, a quote or a line break.
pub(crate) fn field(v: &str, sep: char) -> Cow<'_, str> {
    if v.contains(sep) || v.contains('"') || v.contains('\n') || v.contains('\r') {
        Cow::Owned(format!("\"{}\"", v.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(v)
    }
}

/// Appends one CSV line.
pub(crate) fn line(out: &mut String, fields: &[&str], sep: char, eol: &str) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push_str(&field(f, sep));
    }
    out.push_str(eol);
}

/// Encodes to Windows-1252, refusing characters it cannot hold.
pub(crate) fn windows_1252(text: &str, out: &Output, rel: &str) -> Result<Vec<u8>, Error> {
    if let Some(ch) = text.chars().find(|c| {
        let mut buf = [0u8; 4];
        encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf)).2
    }) {
        return Err(Error::Encoding {
            path: out.path(rel),
            ch,
        });
    }
    Ok(encoding_rs::WINDOWS_1252.encode(text).0.into_owned())
}

pub(crate) fn write(w: &World, out: &mut Output) -> Result<(), Error> {
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default()
    };
    let mut text = String::with_capacity(w.records.len() * 220);
    line(&mut text, &COLUMNS, ';', "\r\n");
    for r in &w.records {
        let h = &w.humans[r.human];
        let unit = &w.org.units[r.unit];
        let manager = r
            .manager
            .map(|m| w.records[m].matricule.as_str())
            .unwrap_or("");
        let fields = [
            r.matricule.as_str(),
            &r.birth_name,
            &r.usage_name,
            &r.first_names,
            &date(r.birth_date),
            if h.sex == Sex::F { "F" } else { "M" },
            PROFESSIONS[h.profession].code,
            &r.profession_label,
            &r.rpps,
            &unit.code,
            &unit.label,
            w.org.unit_finess(r.unit),
            r.contract_raw,
            &date(Some(r.arrival)),
            &date(r.end),
            r.status_raw,
            manager,
            r.email.as_deref().unwrap_or(""),
        ];
        line(&mut text, &fields, ';', "\r\n");
    }
    let bytes = windows_1252(&text, out, PATH)?;
    out.write(PATH, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(
            field("Hôpital de jour; oncologie", ';'),
            "\"Hôpital de jour; oncologie\""
        );
        assert_eq!(field("a \"b\"", ';'), "\"a \"\"b\"\"\"");
        assert_eq!(field("Dupont", ';'), "Dupont");
        assert_eq!(
            field("IDE,Consultation seule", ';'),
            "IDE,Consultation seule"
        );
    }
}
