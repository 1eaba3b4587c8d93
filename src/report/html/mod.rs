//! The HTML committee report: one self-contained file (inline CSS and SVG,
//! no external resource, no JavaScript, no web font), in French, printable
//! on A4.
//!
//! The markup lives in minijinja templates under `report-templates/`
//! (`report.html.j2` and its partials, `style.css`). They are compiled into
//! the binary, so `vigie` works anywhere; a hospital that wants its own look
//! copies that directory, edits it, and passes it as
//! [`HtmlOptions::templates_dir`]: every file found there replaces the
//! built-in one of the same name, the others stay built in. Templates whose
//! name ends in `.html.j2` are auto-escaped.
//!
//! The templates read a view model ([`view::View`]) built here from the
//! [`Document`]: findings grouped by axis, severity and check with only the
//! first [`HtmlOptions::top`] items of each check (the full lists are in
//! `findings.csv` and `plan-d-action.xlsx`), figures formatted in French,
//! chart geometry computed.

mod charts;
mod findings;
pub(crate) mod fmt;
mod summary;
mod trends;
pub mod view;

use crate::report::model::{Document, TrendPoint};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// How to render the report.
#[derive(Debug, Clone)]
pub struct HtmlOptions {
    /// Earlier scans from the history, for the trend charts (any order;
    /// points not older than this scan are ignored).
    pub trends: Vec<TrendPoint>,
    /// Findings shown per check (the others are counted, and listed in
    /// `findings.csv`).
    pub top: usize,
    /// Replace personal names and logins by pseudonyms
    /// ([`crate::report::pseudonym`]).
    pub pseudonymize: bool,
    /// A directory of templates that replace the built-in ones file by file.
    pub templates_dir: Option<PathBuf>,
}

/// Findings shown per check by default.
pub const DEFAULT_TOP: usize = 20;

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            trends: Vec::new(),
            top: DEFAULT_TOP,
            pseudonymize: false,
            templates_dir: None,
        }
    }
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("dossier des modèles de rapport « {0} » introuvable")]
    TemplatesDir(PathBuf),
    #[error("modèle de rapport : {0:#}")]
    Template(#[from] minijinja::Error),
}

/// The built-in templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "report.html.j2",
        include_str!("../../../report-templates/report.html.j2"),
    ),
    (
        "style.css",
        include_str!("../../../report-templates/style.css"),
    ),
    (
        "_macros.html.j2",
        include_str!("../../../report-templates/_macros.html.j2"),
    ),
    (
        "_cover.html.j2",
        include_str!("../../../report-templates/_cover.html.j2"),
    ),
    (
        "_summary.html.j2",
        include_str!("../../../report-templates/_summary.html.j2"),
    ),
    (
        "_findings.html.j2",
        include_str!("../../../report-templates/_findings.html.j2"),
    ),
    (
        "_waivers.html.j2",
        include_str!("../../../report-templates/_waivers.html.j2"),
    ),
    (
        "_reconciliation.html.j2",
        include_str!("../../../report-templates/_reconciliation.html.j2"),
    ),
    (
        "_sources.html.j2",
        include_str!("../../../report-templates/_sources.html.j2"),
    ),
    (
        "_trends.html.j2",
        include_str!("../../../report-templates/_trends.html.j2"),
    ),
    (
        "_appendix.html.j2",
        include_str!("../../../report-templates/_appendix.html.j2"),
    ),
];

/// Reads a template: from `dir` when it holds a file of that name, else the
/// built-in one. Names are plain file names (no directory, no `..`).
fn load_template(dir: Option<&Path>, name: &str) -> Result<Option<String>, minijinja::Error> {
    if name.contains(['/', '\\']) || name.starts_with('.') {
        return Ok(None);
    }
    if let Some(path) = dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
        return std::fs::read_to_string(&path).map(Some).map_err(|e| {
            minijinja::Error::new(
                minijinja::ErrorKind::TemplateNotFound,
                format!("lecture de « {} » impossible : {e}", path.display()),
            )
        });
    }
    Ok(TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| s.to_string()))
}

/// A CSS string literal (`"…"`) holding `s`, safe inside a `<style>`
/// element: everything but letters, digits and spaces is escaped.
fn css_string(s: &str) -> minijinja::Value {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    minijinja::Value::from_safe_string(out)
}

fn environment(dir: Option<PathBuf>) -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_loader(move |name| load_template(dir.as_deref(), name));
    env.add_filter("css_string", |s: String| css_string(&s));
    // The axis score model, worded once next to its code.
    env.add_global("score_model", crate::checks::score::MODEL_FR);
    // `{{ n | int_fr }}` → `12 345`; `{{ n | plural("constat", "constats") }}` → `12 constats`.
    env.add_filter("int_fr", |n: usize| fmt::int(n));
    env.add_filter("plural", |n: usize, one: String, many: String| {
        fmt::plural(n, &one, &many)
    });
    env
}

/// Renders the report of `doc` as one HTML page.
pub fn render(doc: &Document, opts: &HtmlOptions) -> Result<String, ReportError> {
    if let Some(dir) = &opts.templates_dir {
        if !dir.is_dir() {
            return Err(ReportError::TemplatesDir(dir.clone()));
        }
    }
    let doc = if opts.pseudonymize {
        Cow::Owned(crate::report::pseudonym::pseudonymize(doc))
    } else {
        Cow::Borrowed(doc)
    };
    let view = view::build(&doc, opts);
    let env = environment(opts.templates_dir.clone());
    let template = env.get_template("report.html.j2")?;
    Ok(template.render(
        minijinja::context! { r => minijinja::Value::from(minijinja::value::Serde(&view)) },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        let v = css_string("CH « Saint-Jean » </style><script>");
        let s = v.to_string();
        assert!(!s.contains('<') && !s.contains('>'));
        assert!(s.starts_with('"') && s.ends_with('"'));
        assert_eq!(s.matches('"').count(), 2);
    }

    #[test]
    fn template_names_stay_in_the_directory() {
        let dir = std::env::temp_dir();
        assert_eq!(load_template(Some(&dir), "../etc/passwd").unwrap(), None);
        assert!(load_template(None, "report.html.j2").unwrap().is_some());
    }
}
