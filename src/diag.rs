//! Diagnostics: the one error record every part of Vigie reports with.
//!
//! A [`Diagnostic`] says what is wrong (a typed [`Code`] plus a French message),
//! where (file, line, column, field) and, when useful, how to fix it. Readers and
//! validators push diagnostics into a [`Diagnostics`] list instead of returning at
//! the first problem, so the user sees every error at once (the practice we take
//! from cargo-deny). The same record feeds the terminal, the snapshot's source
//! reports and, later, the report and SARIF outputs.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Worth knowing; nothing was lost.
    Warning,
    /// The input cannot be trusted: the command fails.
    Error,
}

/// The kind of problem, stable across versions (tests and machines match on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file could not be opened or read.
    Io,
    /// The file is empty or holds only blank lines.
    EmptyFile,
    /// A binary file was given where text was expected.
    BinaryFile,
    /// A byte sequence is invalid in the declared encoding.
    InvalidEncoding,
    /// The file ends in the middle of a record.
    Truncated,
    /// A configured column is not in the file's header.
    MissingColumn,
    /// A record has more or fewer fields than the header.
    FieldCount,
    /// A date that no accepted format reads.
    InvalidDate,
    /// A value that cannot be read for its field (number, boolean…).
    InvalidValue,
    /// A required value is empty.
    MissingValue,
    /// The same key appears twice where it must be unique.
    DuplicateKey,
    /// The file does not follow its format (LDIF, spreadsheet…).
    Syntax,
    /// TOML syntax error in a configuration file.
    TomlSyntax,
    /// A configuration key that Vigie does not know.
    UnknownKey,
    /// A configuration key that must be present is absent.
    MissingKey,
    /// A configuration value has the wrong type or an invalid content.
    InvalidConfig,
    /// A reference to something that does not exist (source, application…).
    UnknownReference,
    /// Directory groups nested in one another in a cycle (A ⊂ B ⊂ A).
    GroupCycle,
}

impl Code {
    /// The kebab-case name, as in JSON outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::EmptyFile => "empty-file",
            Code::BinaryFile => "binary-file",
            Code::InvalidEncoding => "invalid-encoding",
            Code::Truncated => "truncated",
            Code::MissingColumn => "missing-column",
            Code::FieldCount => "field-count",
            Code::InvalidDate => "invalid-date",
            Code::InvalidValue => "invalid-value",
            Code::MissingValue => "missing-value",
            Code::DuplicateKey => "duplicate-key",
            Code::Syntax => "syntax",
            Code::TomlSyntax => "toml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::InvalidConfig => "invalid-config",
            Code::UnknownReference => "unknown-reference",
            Code::GroupCycle => "group-cycle",
        }
    }
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub code: Code,
    /// The file, as the user named it (relative to the configuration when possible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in a text file, or row in a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column (character) on that line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// The field concerned: a column name, an attribute, a configuration key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, in French.
    pub message: String,
    /// How to fix it, in French.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            file: None,
            line: None,
            column: None,
            field: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `erreur: rh/agents.csv:12:5: champ « Date d'entrée » : date illisible…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "erreur",
            Level::Warning => "avertissement",
        };
        write!(f, "{level}[{}]: ", self.code.as_str())?;
        if let Some(file) = &self.file {
            write!(f, "{file}")?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "champ « {field} » : ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  aide : {help}")?;
        }
        Ok(())
    }
}

/// How many errors one source keeps before it only counts them: a file with a
/// systematic problem must not drown the terminal.
pub const MAX_ERRORS_PER_SOURCE: usize = 50;

/// An ordered list of diagnostics, with a cap on the errors kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    /// Errors found beyond the cap, counted but not kept.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suppressed_errors: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diag: Diagnostic) {
        if diag.is_error() && self.error_count() >= MAX_ERRORS_PER_SOURCE {
            self.suppressed_errors += 1;
        } else {
            self.items.push(diag);
        }
    }

    pub fn extend(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        for d in diags {
            self.push(d);
        }
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Errors kept plus errors counted beyond the cap.
    pub fn total_errors(&self) -> usize {
        self.error_count() + self.suppressed_errors
    }

    pub fn has_errors(&self) -> bool {
        self.total_errors() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.suppressed_errors == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Every diagnostic on its own line, then the count of suppressed errors.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if self.suppressed_errors > 0 {
            out.push_str(&format!(
                "… et {} autre(s) erreur(s) du même fichier non affichée(s)\n",
                self.suppressed_errors
            ));
        }
        out
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        let mut d = Diagnostics::new();
        d.extend(iter);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_field() {
        let d = Diagnostic::error(Code::InvalidDate, "date illisible « 31/02/2024 »")
            .in_file("rh/agents.csv")
            .at(12, 5)
            .field("Date d'entrée")
            .help("formats acceptés : jj/mm/aaaa");
        assert_eq!(
            d.to_string(),
            "erreur[invalid-date]: rh/agents.csv:12:5: champ « Date d'entrée » : \
             date illisible « 31/02/2024 »\n  aide : formats acceptés : jj/mm/aaaa"
        );
    }

    #[test]
    fn errors_are_capped_but_counted() {
        let mut d = Diagnostics::new();
        for i in 0..(MAX_ERRORS_PER_SOURCE + 7) {
            d.push(Diagnostic::error(Code::InvalidValue, format!("e{i}")));
        }
        d.push(Diagnostic::warning(Code::InvalidValue, "w"));
        assert_eq!(d.error_count(), MAX_ERRORS_PER_SOURCE);
        assert_eq!(d.total_errors(), MAX_ERRORS_PER_SOURCE + 7);
        assert!(d.render().contains("… et 7 autre(s) erreur(s)"));
        assert_eq!(d.items.len(), MAX_ERRORS_PER_SOURCE + 1);
    }
}
