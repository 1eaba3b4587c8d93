//! National identifiers of health professionals: RPPS (11 digits, Luhn
//! check digit) and ADELI (9 digits, decommissioned in 2024), bare or in
//! their national form (`8` + RPPS, `0` + ADELI), as `domain.md` §3 gives
//! them. Hospitals store them with spaces, dots or as numbers that lost a
//! leading zero; this module says precisely what is wrong with one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdKind {
    Rpps,
    Adeli,
}

/// A well-formed national identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NationalId {
    pub kind: IdKind,
    /// The bare identifier: 11 digits (RPPS) or 9 (ADELI).
    pub core: String,
    /// Written in national form (`8…` / `0…`).
    pub prefixed: bool,
}

impl NationalId {
    /// `810001045367` or `0012600631`.
    pub fn national_form(&self) -> String {
        match self.kind {
            IdKind::Rpps => format!("8{}", self.core),
            IdKind::Adeli => format!("0{}", self.core),
        }
    }
}

/// Why a value is not a usable identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdProblem {
    /// Letters or symbols other than spaces, dots and dashes.
    NotDigits,
    /// Neither 9, 10, 11 nor 12 digits (with the right prefix).
    WrongLength,
    /// 11 (or 9) digits whose Luhn check digit is wrong: a typo.
    BadCheckDigit,
}

impl IdProblem {
    /// French wording for findings and messages.
    pub fn describe(self) -> &'static str {
        match self {
            IdProblem::NotDigits => "contient autre chose que des chiffres",
            IdProblem::WrongLength => {
                "n'a pas la longueur d'un RPPS (11 chiffres) ni d'un ADELI (9 chiffres)"
            }
            IdProblem::BadCheckDigit => {
                "clé de contrôle (Luhn) incorrecte : faute de saisie probable"
            }
        }
    }
}

/// The Luhn check over a string of ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Reads an identifier as written in HR, AD or an application export.
/// `Ok(None)` for an empty value.
pub fn parse(raw: &str) -> Result<Option<NationalId>, IdProblem> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\u{202f}'))
        .collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdProblem::NotDigits);
    }
    let (kind, core, prefixed) = match digits.len() {
        11 => (IdKind::Rpps, digits.as_str(), false),
        12 if digits.starts_with('8') => (IdKind::Rpps, &digits[1..], true),
        9 => (IdKind::Adeli, digits.as_str(), false),
        10 if digits.starts_with('0') => (IdKind::Adeli, &digits[1..], true),
        _ => return Err(IdProblem::WrongLength),
    };
    if !luhn_valid(core) {
        return Err(IdProblem::BadCheckDigit);
    }
    Ok(Some(NationalId {
        kind,
        core: core.to_string(),
        prefixed,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_rpps_numbers_pass_luhn() {
        // Published examples from the national directory (domain.md §3).
        for n in ["10001045367", "10104335319"] {
            assert!(luhn_valid(n), "{n}");
        }
        assert!(!luhn_valid("10001045368"));
    }

    #[test]
    fn forms() {
        let id = parse("10001045367").unwrap().unwrap();
        assert_eq!((id.kind, id.prefixed), (IdKind::Rpps, false));
        let id = parse("810001045367").unwrap().unwrap();
        assert_eq!(
            (id.kind, id.core.as_str(), id.prefixed),
            (IdKind::Rpps, "10001045367", true)
        );
        assert_eq!(id.national_form(), "810001045367");
        let id = parse("0012600631").unwrap().unwrap();
        assert_eq!((id.kind, id.core.as_str()), (IdKind::Adeli, "012600631"));
        assert_eq!(
            parse(" 100 010 453 67 ").unwrap().unwrap().core,
            "10001045367"
        );
        assert_eq!(parse("").unwrap(), None);
    }

    #[test]
    fn problems() {
        assert_eq!(parse("10001045368"), Err(IdProblem::BadCheckDigit));
        assert_eq!(parse("1000104536"), Err(IdProblem::WrongLength));
        assert_eq!(parse("910001045367"), Err(IdProblem::WrongLength));
        assert_eq!(parse("RPPS-1000"), Err(IdProblem::NotDigits));
    }
}
