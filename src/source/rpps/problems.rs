//! The diagnostics of the extract, in French, located by file, line, column
//! and field. A problem repeated on many lines (wrong field count, invalid
//! byte, empty identifier) is shown for its first lines, then counted in one
//! closing diagnostic: a systematic problem must not bury the others.

use crate::diag::{Code, Diagnostic, Diagnostics, Level};

/// Problems of one kind shown one by one before they are only counted.
const SHOWN: usize = 10;

#[derive(Default)]
struct Tally {
    seen: usize,
}

impl Tally {
    /// Counts one; `true` while it should still be shown.
    fn show(&mut self) -> bool {
        self.seen += 1;
        self.seen <= SHOWN
    }
    fn hidden(&self) -> usize {
        self.seen.saturating_sub(SHOWN)
    }
}

const RELOAD: &str = "le fichier semble tronqué : téléchargez de nouveau l'extraction";

pub(super) struct Problems {
    file: String,
    diags: Diagnostics,
    field_count: Tally,
    bad_bytes: Tally,
    /// Invalid bytes are errors (declared UTF-8) rather than warnings.
    bad_bytes_strict: bool,
    no_identifier: Tally,
}

impl Problems {
    pub fn new(file: &str) -> Self {
        Problems {
            file: file.to_string(),
            diags: Diagnostics::new(),
            field_count: Tally::default(),
            bad_bytes: Tally::default(),
            bad_bytes_strict: false,
            no_identifier: Tally::default(),
        }
    }

    fn error(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, message).in_file(&self.file)
    }

    fn warning(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, message).in_file(&self.file)
    }

    /// For diagnostics built elsewhere (header resolution, binary files).
    pub fn diags(&mut self) -> &mut Diagnostics {
        &mut self.diags
    }

    pub fn utf16(&mut self) {
        let d = self
            .error(
                Code::InvalidEncoding,
                "extraction en UTF-16 : l'extraction RPPS se lit en UTF-8 ou en Windows-1252",
            )
            .help("utilisez le fichier .txt d'origine de l'Annuaire Santé, sans le réenregistrer");
        self.diags.push(d);
    }

    pub fn line_too_long(&mut self, no: u64, max_mib: usize) {
        let d = self
            .error(
                Code::Syntax,
                format!("ligne de plus de {max_mib} Mio sans fin de ligne"),
            )
            .at_line(no)
            .help("ce fichier n'est pas une extraction RPPS (PS_LibreAcces_Personne_activite)");
        self.diags.push(d);
    }

    pub fn empty(&mut self, header_only: bool) {
        let message = if header_only {
            "l'extraction ne contient que l'en-tête, aucune ligne de données"
        } else {
            "le fichier est vide"
        };
        let d = self
            .error(Code::EmptyFile, message)
            .help("vérifiez que le téléchargement de l'extraction s'est terminé");
        self.diags.push(d);
    }

    pub fn no_finess_columns(&mut self, no: u64) {
        let d = self
            .warning(
                Code::MissingColumn,
                "ni « Numéro FINESS site » ni « Numéro FINESS établissement juridique » dans \
                 l'en-tête : les activités dans l'établissement ne peuvent pas être retrouvées",
            )
            .at_line(no)
            .field("finess_site");
        self.diags.push(d);
    }

    pub fn keep_columns_ignored(&mut self) {
        let d = self
            .warning(
                Code::InvalidConfig,
                "keep_columns est ignoré pour une source « rpps » : les champs lus sont fixes",
            )
            .field("keep_columns");
        self.diags.push(d);
    }

    /// A line whose field count differs from the header's; `newline` is
    /// `false` for a last line without a newline (a truncated file).
    pub fn field_count(&mut self, no: u64, count: usize, width: usize, newline: bool) {
        if !self.field_count.show() {
            return;
        }
        let d = if newline {
            self.error(
                Code::FieldCount,
                format!("la ligne a {count} champs au lieu de {width} : ligne ignorée"),
            )
            .at_line(no)
            .help("une valeur contient-elle le séparateur « | », ou la ligne a-t-elle été coupée ?")
        } else {
            self.error(
                Code::Truncated,
                format!(
                    "la dernière ligne est incomplète ({count} champs au lieu de {width}) et le \
                     fichier ne se termine pas par un saut de ligne"
                ),
            )
            .at_line(no)
            .help(RELOAD)
        };
        self.diags.push(d);
    }

    /// The last line has every field but neither the trailing `|` of the
    /// other lines nor a newline: its last value may be cut.
    pub fn maybe_truncated(&mut self, no: u64, field: &str) {
        let d = self
            .warning(
                Code::Truncated,
                "la dernière ligne ne se termine ni par « | » ni par un saut de ligne : sa \
                 dernière valeur est peut-être coupée",
            )
            .at_line(no)
            .field(field)
            .help(RELOAD);
        self.diags.push(d);
    }

    /// An invalid UTF-8 byte at `offset` of a line; `field_at` names the
    /// column holding a byte offset.
    pub fn bad_byte(
        &mut self,
        line: &[u8],
        no: u64,
        offset: usize,
        strict: bool,
        field_at: impl FnOnce(usize) -> Option<String>,
    ) {
        self.bad_bytes_strict |= strict;
        if !self.bad_bytes.show() {
            return;
        }
        let column = String::from_utf8_lossy(&line[..offset]).chars().count() as u64 + 1;
        let byte = line.get(offset).copied().unwrap_or(0);
        let mut d = self
            .error(
                Code::InvalidEncoding,
                format!("octet 0x{byte:02X} invalide en UTF-8"),
            )
            .at(no, column);
        if let Some(name) = field_at(offset) {
            d = d.field(name);
        }
        d = if strict {
            d.help(
                "le fichier est peut-être en Windows-1252 (anciennes extractions) : indiquez \
                 encoding = \"windows-1252\" ou \"auto\"",
            )
        } else {
            d.level = Level::Warning;
            d.help("le fichier mélange UTF-8 et un autre encodage : cette ligne est lue en Windows-1252")
        };
        self.diags.push(d);
    }

    pub fn no_identifier(&mut self, no: u64, field: Option<&str>) {
        if !self.no_identifier.show() {
            return;
        }
        let mut d = self
            .warning(Code::MissingValue, "identifiant vide : ligne ignorée")
            .at_line(no);
        if let Some(name) = field {
            d = d.field(name);
        }
        self.diags.push(d);
    }

    /// The diagnostics, with the counts of problems not shown.
    pub fn finish(mut self) -> Diagnostics {
        let n = self.field_count.hidden();
        if n > 0 {
            let d = self.error(
                Code::FieldCount,
                format!(
                    "… et {n} autre(s) ligne(s) avec un nombre de champs incorrect, ignorée(s)"
                ),
            );
            self.diags.push(d);
        }
        let n = self.bad_bytes.hidden();
        if n > 0 {
            let mut d = self.error(
                Code::InvalidEncoding,
                format!("… et {n} autre(s) ligne(s) contenant des octets invalides en UTF-8"),
            );
            if !self.bad_bytes_strict {
                d.level = Level::Warning;
            }
            self.diags.push(d);
        }
        let n = self.no_identifier.hidden();
        if n > 0 {
            let d = self
                .warning(
                    Code::MissingValue,
                    format!("… et {n} autre(s) ligne(s) sans identifiant, ignorée(s)"),
                )
                .field("identifier");
            self.diags.push(d);
        }
        self.diags
    }
}
