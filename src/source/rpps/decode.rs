//! The encoding of the extract, decided line by line without loading the
//! file: UTF-8 in recent extracts, Latin-1 / Windows-1252 in older ones.
//!
//! With `encoding = "auto"` the first line holding a non-ASCII byte decides
//! (usually the header, with « Prénom »): valid UTF-8 means UTF-8, anything
//! else Windows-1252. Declared UTF-8 (or a UTF-8 BOM) makes an invalid byte
//! an error located by line, column and field; in `auto` mode, a later line
//! that contradicts the UTF-8 decision is read as Windows-1252 with a warning.

use std::borrow::Cow;

/// How one line's bytes become text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineText {
    Utf8,
    Windows1252,
}

impl LineText {
    pub fn decode(self, bytes: &[u8]) -> Cow<'_, str> {
        match self {
            LineText::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(bytes),
            },
            LineText::Windows1252 => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        }
    }

    /// Decoded, trimmed, `None` when empty.
    pub fn opt(self, bytes: &[u8]) -> Option<String> {
        let s = self.decode(bytes);
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Decoded and trimmed.
    pub fn string(self, bytes: &[u8]) -> String {
        self.opt(bytes).unwrap_or_default()
    }
}

/// The decision so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    /// Only ASCII seen yet (`auto`).
    Undecided,
    /// UTF-8; `strict` when declared or announced by a BOM.
    Utf8 {
        strict: bool,
        bom: bool,
    },
    Windows1252,
}

/// What a line turned out to be.
pub(super) enum Checked {
    Ok(LineText),
    /// Invalid UTF-8 at this byte offset; `strict` says whether it is an error.
    Invalid {
        offset: usize,
        strict: bool,
        read_as: LineText,
    },
}

impl Encoding {
    /// Checks one line (`known_utf8`: already checked with its block) and,
    /// in `auto` mode, decides the encoding.
    pub fn check(&mut self, line: &[u8], known_utf8: bool) -> Checked {
        match *self {
            Encoding::Windows1252 => Checked::Ok(LineText::Windows1252),
            Encoding::Undecided => {
                if line.is_ascii() {
                    Checked::Ok(LineText::Utf8)
                } else if known_utf8 || std::str::from_utf8(line).is_ok() {
                    *self = Encoding::Utf8 {
                        strict: false,
                        bom: false,
                    };
                    Checked::Ok(LineText::Utf8)
                } else {
                    *self = Encoding::Windows1252;
                    Checked::Ok(LineText::Windows1252)
                }
            }
            Encoding::Utf8 { .. } if known_utf8 => Checked::Ok(LineText::Utf8),
            Encoding::Utf8 { strict, .. } => match std::str::from_utf8(line) {
                Ok(_) => Checked::Ok(LineText::Utf8),
                Err(e) => Checked::Invalid {
                    offset: e.valid_up_to(),
                    strict,
                    read_as: if strict {
                        LineText::Utf8
                    } else {
                        LineText::Windows1252
                    },
                },
            },
        }
    }

    /// The name recorded in the source report.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Undecided | Encoding::Utf8 { bom: false, .. } => "utf-8",
            Encoding::Utf8 { bom: true, .. } => "utf-8 (BOM)",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_decides_on_the_first_non_ascii_line() {
        let mut e = Encoding::Undecided;
        assert!(matches!(
            e.check(b"abc", false),
            Checked::Ok(LineText::Utf8)
        ));
        assert_eq!(e, Encoding::Undecided);
        assert!(matches!(
            e.check(b"Pr\xE9nom", false),
            Checked::Ok(LineText::Windows1252)
        ));
        assert_eq!(e.name(), "windows-1252");
        assert!(matches!(
            e.check("é".as_bytes(), false),
            Checked::Ok(LineText::Windows1252)
        ));

        let mut e = Encoding::Undecided;
        assert!(matches!(
            e.check("Prénom".as_bytes(), true),
            Checked::Ok(LineText::Utf8)
        ));
        match e.check(b"Ren\xE9", false) {
            Checked::Invalid {
                offset,
                strict,
                read_as,
            } => assert_eq!((offset, strict, read_as), (3, false, LineText::Windows1252)),
            Checked::Ok(_) => panic!("invalid UTF-8 accepted"),
        }
    }

    #[test]
    fn decoding_fields() {
        assert_eq!(LineText::Windows1252.string(b" Ren\xE9 "), "René");
        assert_eq!(LineText::Utf8.opt(b"  "), None);
        assert_eq!(LineText::Utf8.opt("Léa".as_bytes()).as_deref(), Some("Léa"));
    }
}
