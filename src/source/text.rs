//! Bytes → text, as hospitals' files really come: UTF-8 with or without BOM,
//! Windows-1252 from older SIRH and Excel, UTF-16 from Windows PowerShell.
//!
//! [`decode`] refuses what is not text (empty files, binary files such as a
//! workbook or a PDF given as CSV) and, when UTF-8 is declared, reports the
//! first invalid byte by line and column. In `auto` mode a file that is not
//! valid UTF-8 is read as Windows-1252 (a superset of Latin-1 for printable
//! characters), and the choice is recorded in the source report.

use crate::diag::{Code, Diagnostic};

/// The encoding a source declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingChoice {
    /// BOM, else UTF-8 if valid, else Windows-1252.
    Auto,
    Utf8,
    Windows1252,
    Utf16,
}

impl EncodingChoice {
    pub fn parse(s: &str) -> Option<Self> {
        match crate::text::fold_key(s).replace(' ', "").as_str() {
            "auto" => Some(EncodingChoice::Auto),
            "utf8" => Some(EncodingChoice::Utf8),
            "windows1252" | "cp1252" | "latin1" | "iso88591" | "iso885915" | "ansi" => {
                Some(EncodingChoice::Windows1252)
            }
            "utf16" | "utf16le" | "unicode" => Some(EncodingChoice::Utf16),
            _ => None,
        }
    }
}

/// Decoded text and the encoding actually used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-8 (BOM)`, `windows-1252`, `utf-16le`…
    pub encoding: &'static str,
}

/// Signatures of binary formats people give as CSV by mistake.
const MAGIC: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "une archive ZIP ou un classeur XLSX/ODS"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "un classeur Excel 97-2003 (XLS)",
    ),
    (b"%PDF", "un document PDF"),
    (b"\x1F\x8B", "une archive gzip"),
    (b"\x89PNG", "une image PNG"),
    (b"\xFF\xD8\xFF", "une image JPEG"),
    (b"SQLite format 3\0", "une base SQLite"),
];

/// Why `bytes` cannot be a text file, if so: empty, or one of the binary
/// formats people give by mistake (workbook, PDF, archive…). Readers that do
/// not go through [`decode`] (LDIF, read as bytes) call it with [`refuse_nul`].
pub fn refuse_empty_or_binary(bytes: &[u8], file: &str) -> Option<Diagnostic> {
    let err = |code, msg: String| Diagnostic::error(code, msg).in_file(file);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) || bytes == b"\xEF\xBB\xBF" {
        return Some(err(Code::EmptyFile, "le fichier est vide".into())
            .at_line(1)
            .help("vérifiez que l'export s'est terminé et qu'il contient un en-tête et des lignes"));
    }
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| {
            err(
                Code::BinaryFile,
                format!("le fichier n'est pas un texte : il ressemble à {what}"),
            )
            .at(1, 1)
            .help("pour un classeur, donnez un chemin en .xlsx/.xls/.ods ou format = \"xlsx\"")
        })
}

/// A diagnostic when `bytes` hold a NUL byte, which no 8-bit text (UTF-8,
/// Windows-1252) contains; it gives the line of the first one.
pub fn refuse_nul(bytes: &[u8], file: &str) -> Option<Diagnostic> {
    first_nul(bytes).map(|pos| {
        let (line, col) = line_col(bytes, pos);
        Diagnostic::error(
            Code::BinaryFile,
            "le fichier contient des octets nuls : ce n'est pas un fichier texte",
        )
        .in_file(file)
        .at(line, col)
        .help("un fichier binaire a-t-il été donné à la place de l'export ?")
    })
}

/// Turns a file's bytes into text, or says precisely why not.
pub fn decode(
    bytes: &[u8],
    choice: EncodingChoice,
    file: &str,
) -> Result<Decoded, Box<Diagnostic>> {
    decode_inner(bytes, choice, file).map_err(Box::new)
}

// Called once per file; the public wrapper boxes the error.
#[allow(clippy::result_large_err)]
fn decode_inner(bytes: &[u8], choice: EncodingChoice, file: &str) -> Result<Decoded, Diagnostic> {
    let err = |code, msg: String| Diagnostic::error(code, msg).in_file(file);
    if let Some(d) = refuse_empty_or_binary(bytes, file) {
        return Err(d);
    }
    // UTF-16 is detected by its BOM whatever the declaration.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, "utf-16le")
        } else {
            (encoding_rs::UTF_16BE, "utf-16be")
        };
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(err(
                Code::InvalidEncoding,
                "séquence UTF-16 invalide".into(),
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: name,
        });
    }
    if choice == EncodingChoice::Utf16 {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(bytes);
        if had_errors {
            return Err(err(
                Code::InvalidEncoding,
                "séquence UTF-16 invalide".into(),
            ));
        }
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: "utf-16le",
        });
    }
    if let Some(d) = refuse_nul(bytes, file) {
        return Err(d);
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match choice {
        EncodingChoice::Windows1252 if !bom => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            Ok(Decoded {
                text: text.into_owned(),
                encoding: "windows-1252",
            })
        }
        EncodingChoice::Utf8 | EncodingChoice::Windows1252 | EncodingChoice::Auto => {
            match std::str::from_utf8(body) {
                Ok(s) => Ok(Decoded {
                    text: s.to_string(),
                    encoding: if bom { "utf-8 (BOM)" } else { "utf-8" },
                }),
                Err(e) if choice == EncodingChoice::Auto && !bom => {
                    let _ = e;
                    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
                    Ok(Decoded {
                        text: text.into_owned(),
                        encoding: "windows-1252",
                    })
                }
                Err(e) => {
                    let offset = e.valid_up_to() + if bom { 3 } else { 0 };
                    let (line, col) = line_col(bytes, offset);
                    Err(err(
                        Code::InvalidEncoding,
                        format!(
                            "octet 0x{:02X} invalide en UTF-8 (position {offset} du fichier)",
                            bytes[offset]
                        ),
                    )
                    .at(line, col)
                    .help("le fichier est peut-être en Windows-1252 : indiquez encoding = \"windows-1252\" ou \"auto\""))
                }
            }
        }
        EncodingChoice::Utf16 => unreachable!("handled above"),
    }
}

fn first_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// 1-based line and column (in characters, for the valid prefix) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("nom;prénom\n".as_bytes(), EncodingChoice::Auto, "f").unwrap();
        assert_eq!(d.encoding, "utf-8");
        let d = decode(b"\xEF\xBB\xBFnom\n", EncodingChoice::Utf8, "f").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("nom\n", "utf-8 (BOM)"));
    }

    #[test]
    fn windows_1252_detected_in_auto() {
        let d = decode(b"Pr\xE9nom;\x80\n", EncodingChoice::Auto, "f").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Prénom;€\n", "windows-1252")
        );
    }

    #[test]
    fn invalid_byte_in_declared_utf8_is_located() {
        let e = decode(b"nom\nDUPONT;Ren\xE9\n", EncodingChoice::Utf8, "rh.csv").unwrap_err();
        assert_eq!(e.code, Code::InvalidEncoding);
        assert_eq!((e.line, e.column), (Some(2), Some(11)));
        assert!(e.to_string().contains("rh.csv:2:11"), "{e}");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(
            decode(b"  \n\n", EncodingChoice::Auto, "f")
                .unwrap_err()
                .code,
            Code::EmptyFile
        );
        assert_eq!(
            decode(b"PK\x03\x04xx", EncodingChoice::Auto, "f")
                .unwrap_err()
                .code,
            Code::BinaryFile
        );
        let e = decode(b"a;b\n\x01\x00\x02", EncodingChoice::Auto, "f").unwrap_err();
        assert_eq!((e.code, e.line), (Code::BinaryFile, Some(2)));
    }

    #[test]
    fn utf16_from_powershell() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Name,Enabled\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, EncodingChoice::Auto, "f").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding),
            ("Name,Enabled\n", "utf-16le")
        );
    }
}
