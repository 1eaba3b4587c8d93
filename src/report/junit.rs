//! `vigie-junit.xml`: the scan as JUnit XML, so a CI server (GitLab,
//! Jenkins…) shows each check as a test.
//!
//! One test suite « Sources » with one test case `sources` that fails when
//! the scan is incomplete (a source could not be read: a clean result would
//! prove nothing), then one test suite per HospiConnect axis with one test
//! case per check (`classname` = the axis code, `name` = « ID — titre »):
//! it fails when the check has open (non-waived) findings, the message
//! giving their count and the body the first [`MAX_LISTED`] subjects; it is
//! skipped when the check is disabled in `vigie.toml`.
//!
//! The XML is written by hand: the escaping of text and attributes, and the
//! replacement of the characters XML 1.0 cannot carry at all (most control
//! characters, even as references), are in [`escape`] (attributes) and
//! [`cdata`] (the failure bodies).

use super::model::Document;
use crate::checks::{Axis, Finding};
use std::fmt::Write;
use std::io;
use std::path::Path;

/// The file name in the output folder.
pub const FILE_NAME: &str = "vigie-junit.xml";

/// Subjects listed in a failure's body; the rest are counted.
pub const MAX_LISTED: usize = 20;

enum Outcome {
    Passed {
        output: Option<String>,
    },
    Failed {
        kind: String,
        message: String,
        body: String,
    },
    Skipped {
        message: String,
    },
}

struct Case {
    classname: String,
    name: String,
    outcome: Outcome,
}

struct Suite {
    name: String,
    properties: Vec<(&'static str, String)>,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
    fn failures(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed { .. }))
    }
    fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped { .. }))
    }
}

/// The JUnit XML as bytes.
pub fn to_bytes(doc: &Document) -> Vec<u8> {
    let suites = suites(doc);
    let timestamp = doc.scan.started_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(Suite::failures).sum();
    let skipped: usize = suites.iter().map(Suite::skipped).sum();
    let est = &doc.scan.establishment;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\" timestamp=\"{timestamp}\">",
        escape(&format!("Vigie — {} (FINESS {})", est.name, est.finess))
    );
    for (i, s) in suites.iter().enumerate() {
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" id=\"{i}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\" timestamp=\"{timestamp}\">",
            escape(&s.name),
            s.cases.len(),
            s.failures(),
            s.skipped()
        );
        if !s.properties.is_empty() {
            x.push_str("    <properties>\n");
            for (name, value) in &s.properties {
                let _ = writeln!(
                    x,
                    "      <property name=\"{}\" value=\"{}\"/>",
                    escape(name),
                    escape(value)
                );
            }
            x.push_str("    </properties>\n");
        }
        for c in &s.cases {
            write_case(&mut x, c);
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x.into_bytes()
}

/// Writes the file at `path` (atomically).
pub fn write(doc: &Document, path: &Path) -> io::Result<()> {
    crate::snapshot::write_atomic(path, &to_bytes(doc))
}

fn write_case(x: &mut String, c: &Case) {
    let _ = write!(
        x,
        "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
        escape(&c.classname),
        escape(&c.name)
    );
    match &c.outcome {
        Outcome::Passed { output: None } => x.push_str("/>\n"),
        Outcome::Passed { output: Some(out) } => {
            let _ = writeln!(x, ">\n      <system-out>{}</system-out>", cdata(out));
            x.push_str("    </testcase>\n");
        }
        Outcome::Failed {
            kind,
            message,
            body,
        } => {
            let _ = writeln!(
                x,
                ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(message),
                escape(kind),
                cdata(body)
            );
            x.push_str("    </testcase>\n");
        }
        Outcome::Skipped { message } => {
            let _ = writeln!(x, ">\n      <skipped message=\"{}\"/>", escape(message));
            x.push_str("    </testcase>\n");
        }
    }
}

fn suites(doc: &Document) -> Vec<Suite> {
    let mut all = vec![sources_suite(doc)];
    for axis in Axis::ALL {
        let mut cases = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for c in doc.checks.iter().filter(|c| c.axis == axis) {
            seen.insert(c.id.as_str());
            let name = format!("{} — {}", c.id, c.title);
            let outcome = if c.enabled {
                check_outcome(doc, &c.id, &name, &c.remediation)
            } else {
                Outcome::Skipped {
                    message: "contrôle désactivé dans vigie.toml".into(),
                }
            };
            cases.push(Case {
                classname: axis.code().into(),
                name,
                outcome,
            });
        }
        // Findings of a check the catalogue no longer lists still show.
        for f in doc.findings.iter().filter(|f| f.axis == axis) {
            if seen.insert(f.check.as_str()) {
                let name = format!("{} — {}", f.check, f.title);
                cases.push(Case {
                    classname: axis.code().into(),
                    outcome: check_outcome(doc, &f.check, &name, ""),
                    name,
                });
            }
        }
        all.push(Suite {
            name: axis.label().into(),
            properties: vec![("axe", axis.code().into())],
            cases,
        });
    }
    all
}

fn sources_suite(doc: &Document) -> Suite {
    let s = &doc.scan;
    let outcome = if s.complete {
        Outcome::Passed { output: None }
    } else {
        let mut body = String::from(
            "Analyse INCOMPLÈTE : les constats ne couvrent pas tout le périmètre ; une absence de constat ne prouve rien.\n",
        );
        for id in &s.failed_sources {
            let _ = writeln!(body, "- source « {id} » illisible");
            for src in doc.sources.iter().filter(|src| &src.id == id) {
                for d in src.diagnostics.iter().filter(|d| d.is_error()) {
                    let _ = writeln!(body, "  {d}");
                }
            }
        }
        Outcome::Failed {
            kind: "analyse-incomplete".into(),
            message: format!(
                "analyse incomplète : {} source(s) illisible(s) ({})",
                s.failed_sources.len(),
                s.failed_sources.join(", ")
            ),
            body,
        }
    };
    Suite {
        name: "Sources".into(),
        properties: vec![
            ("établissement", s.establishment.name.clone()),
            ("finess", s.establishment.finess.clone()),
            ("date de référence", s.as_of.to_string()),
            ("version des contrôles", s.checks_version.clone()),
            ("version des politiques", s.policies_version.clone()),
        ],
        cases: vec![Case {
            classname: "sources".into(),
            name: "sources".into(),
            outcome,
        }],
    }
}

fn check_outcome(doc: &Document, id: &str, name: &str, remediation: &str) -> Outcome {
    let mut open: Vec<&Finding> = doc.open_findings().filter(|f| f.check == id).collect();
    let waived = doc
        .findings
        .iter()
        .filter(|f| f.check == id && f.waiver.is_some())
        .count();
    if open.is_empty() {
        return Outcome::Passed {
            output: (waived > 0).then(|| format!("{waived} constat(s) dérogé(s)")),
        };
    }
    open.sort_by(|a, b| a.subject.cmp(&b.subject));
    let severity = open
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(open[0].severity);
    let mut body = format!("{name}\n{} constat(s) ouvert(s)", open.len());
    if waived > 0 {
        let _ = write!(body, ", {waived} dérogé(s)");
    }
    body.push_str(".\n");
    for f in open.iter().take(MAX_LISTED) {
        let _ = writeln!(body, "- {} ({}) : {}", f.subject, f.subject_name, f.message);
    }
    if open.len() > MAX_LISTED {
        let _ = writeln!(
            body,
            "… et {} autre(s) : voir findings.csv",
            open.len() - MAX_LISTED
        );
    }
    if !remediation.is_empty() {
        let _ = write!(
            body,
            "Remédiation : {}",
            super::cells::unwrap_lines(remediation)
        );
    }
    Outcome::Failed {
        kind: severity.code().into(),
        message: format!(
            "{} constat(s) ouvert(s) — gravité {}",
            open.len(),
            severity.label()
        ),
        body,
    }
}

/// Text safe in a double-quoted XML 1.0 attribute: markup characters as
/// entities, line breaks and tabs as references (attribute normalisation
/// would turn them into spaces), and the characters XML 1.0 forbids even as
/// references (other C0 controls, U+FFFE, U+FFFF) replaced with U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if !allowed_in_xml(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text as a CDATA section: the body of a failure reads as written, and
/// consumers that drop entity references in element content (junit-parser
/// does) still get every character. `]]>` is split across two sections;
/// the characters XML 1.0 forbids are replaced as in [`escape`].
pub fn cdata(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if allowed_in_xml(c) { c } else { '\u{FFFD}' })
        .collect();
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

/// XML 1.0's `Char` production, for the characters a Rust string can hold.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdoc;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("a<b & \"c\" 'd' >"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;"
        );
        assert_eq!(escape("x\u{1}y\u{8}\u{FFFF}"), "x\u{FFFD}y\u{FFFD}\u{FFFD}");
        assert_eq!(escape("l1\nl2\tl3\r"), "l1&#10;l2&#9;l3&#13;");
        assert_eq!(escape("Aïcha — ok"), "Aïcha — ok");
        assert_eq!(cdata("a<b>&\n\u{2}"), "<![CDATA[a<b>&\n\u{FFFD}]]>");
        assert_eq!(cdata("x]]>y"), "<![CDATA[x]]]]><![CDATA[>y]]>");
    }

    #[test]
    fn document_structure_and_counts() {
        let xml = String::from_utf8(to_bytes(&testdoc::full())).unwrap();
        // Sources (failed) + 5 axes.
        assert_eq!(xml.matches("<testsuite ").count(), 6);
        assert!(xml.contains(
            "<testsuites name=\"Vigie — CH de test (FINESS 999000017)\" tests=\"4\" failures=\"3\" errors=\"0\" skipped=\"1\""
        ));
        assert!(xml.contains("classname=\"droits-et-acces\" name=\"DRT-001 — Titre de DRT-001\""));
        assert!(xml.contains("<skipped message=\"contrôle désactivé dans vigie.toml\"/>"));
        assert!(xml.contains("analyse incomplète : 1 source(s) illisible(s) (dpi)"));
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains("Accès \"admin\" <b>& plus\u{FFFD}</b>"));
    }

    #[test]
    fn waived_findings_do_not_fail() {
        let mut doc = testdoc::full();
        doc.findings
            .retain(|f| f.check != "CYC-001" || f.waiver.is_some());
        let xml = String::from_utf8(to_bytes(&doc)).unwrap();
        let case = xml
            .split("<testcase ")
            .find(|c| c.contains("CYC-001"))
            .unwrap();
        assert!(!case.contains("<failure"), "{case}");
        assert!(case.contains("1 constat(s) dérogé(s)"), "{case}");
    }

    #[test]
    fn long_lists_are_cut() {
        let mut doc = testdoc::empty();
        let c = testdoc::check(
            "CYC-004",
            Axis::LifeCycle,
            crate::checks::Severity::Medium,
            true,
        );
        doc.findings = (0..25)
            .map(|i| testdoc::finding(&c, &format!("ad:u{i:02}"), "U"))
            .collect();
        doc.checks = vec![c];
        let xml = String::from_utf8(to_bytes(&doc)).unwrap();
        assert!(xml.contains("message=\"25 constat(s) ouvert(s) — gravité moyenne\""));
        assert!(xml.contains("- ad:u19 (U)"));
        assert!(!xml.contains("- ad:u20 (U)"));
        assert!(xml.contains("… et 5 autre(s)"));
    }
}
