//! The view model the templates read: everything the report shows, already
//! grouped, capped and formatted in French, so that the templates hold only
//! markup (and a hospital restyling them needs no Rust).

use super::findings::{self, FindingsView};
use super::summary::{self, Summary};
use super::trends::{self, TrendsView};
use super::{fmt, HtmlOptions};
use crate::checks::Axis;
use crate::model::SourceStatus;
use crate::report::model::{Document, ExceptionStatus};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SourceLine {
    pub id: String,
    pub kind: String,
    pub ok: bool,
}

#[derive(Debug, Serialize)]
pub struct Cover {
    pub establishment: String,
    pub finess: String,
    pub sites: Vec<String>,
    pub ght: Option<String>,
    pub started_at: String,
    pub as_of: String,
    pub vigie_version: String,
    pub checks_version: String,
    pub policies_version: String,
    pub config: String,
    pub sources: Vec<SourceLine>,
    pub complete: bool,
    pub failed_sources: Vec<String>,
    pub baseline: Option<BaselineView>,
}

#[derive(Debug, Serialize)]
pub struct BaselineView {
    pub path: String,
    pub as_of: String,
    pub started_at: String,
    pub new: String,
    pub persisting: String,
    pub fixed: String,
}

#[derive(Debug, Serialize)]
pub struct FileView {
    pub path: String,
    pub sha256: String,
    pub size: String,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub id: String,
    pub kind: String,
    pub ok: bool,
    pub files: Vec<FileView>,
    /// Non-zero record counts, (label, value).
    pub counts: Vec<(String, String)>,
    pub read_as: Vec<(String, String)>,
    pub seconds: String,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<String>,
    /// Diagnostics kept in the document but not shown, plus those counted
    /// beyond the per-source cap.
    pub more: usize,
}

#[derive(Debug, Serialize)]
pub struct LinkRow {
    pub source: String,
    pub accounts: String,
    pub automatic: String,
    pub manual: String,
    pub candidate: String,
    pub unmatched: String,
    pub conflict: String,
    pub non_nominative: String,
    pub linked_rate: String,
    pub automatic_rate: String,
    pub orphan_rate: String,
}

#[derive(Debug, Serialize)]
pub struct ExceptionView {
    pub location: String,
    pub check: String,
    pub subject: String,
    pub reason: String,
    pub approved_by: String,
    pub ticket: Option<String>,
    pub expires: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub waived: String,
}

#[derive(Debug, Serialize)]
pub struct CatalogueEntry {
    pub id: String,
    pub title: String,
    pub family: String,
    pub axis: &'static str,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub default_severity: Option<&'static str>,
    pub confidence: &'static str,
    pub subject: &'static str,
    pub enabled: bool,
    pub applicable: String,
    pub findings: String,
    pub waived: String,
    pub rationale: String,
    pub remediation: String,
    pub references: Vec<String>,
}

/// The root of the template context.
#[derive(Debug, Serialize)]
pub struct View {
    pub title: String,
    pub pseudonymized: bool,
    pub top: usize,
    pub cover: Cover,
    pub summary: Summary,
    pub findings: FindingsView,
    pub exceptions: Vec<ExceptionView>,
    pub expired_exceptions: usize,
    pub reconciliation: Vec<LinkRow>,
    pub reconciliation_total: Option<LinkRow>,
    pub sources: Vec<SourceView>,
    pub trends: TrendsView,
    pub catalogue: Vec<CatalogueEntry>,
}

fn cover(doc: &Document) -> Cover {
    let s = &doc.scan;
    Cover {
        establishment: s.establishment.name.clone(),
        finess: s.establishment.finess.clone(),
        sites: s.establishment.sites.clone(),
        ght: s.establishment.ght.clone(),
        started_at: fmt::datetime(s.started_at),
        as_of: fmt::date(s.as_of),
        vigie_version: doc.vigie_version.clone(),
        checks_version: s.checks_version.clone(),
        policies_version: s.policies_version.clone(),
        config: s.config.clone(),
        sources: doc
            .sources
            .iter()
            .map(|r| SourceLine {
                id: r.id.clone(),
                kind: r.kind.clone(),
                ok: r.status == SourceStatus::Ok,
            })
            .collect(),
        complete: s.complete,
        failed_sources: s.failed_sources.clone(),
        baseline: doc.baseline.as_ref().map(|b| BaselineView {
            path: b.path.clone(),
            as_of: fmt::date(b.as_of),
            started_at: fmt::datetime(b.started_at),
            new: fmt::int(b.new),
            persisting: fmt::int(b.persisting),
            fixed: fmt::int(b.fixed),
        }),
    }
}

fn sources(doc: &Document, top: usize) -> Vec<SourceView> {
    doc.sources
        .iter()
        .map(|r| {
            let c = &r.counts;
            let counts = [
                ("personnes", c.persons),
                ("comptes", c.accounts),
                ("groupes", c.groups),
                ("profils", c.profiles),
                ("applications", c.applications),
                ("habilitations", c.rights),
                ("fiches RPPS", c.rpps),
                ("enregistrements lus", c.records_read),
                ("enregistrements écartés", c.records_skipped),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| (l.to_string(), fmt::int(n)))
            .collect();
            let diagnostics: Vec<String> = r
                .diagnostics
                .iter()
                .take(top)
                .map(ToString::to_string)
                .collect();
            SourceView {
                id: r.id.clone(),
                kind: r.kind.clone(),
                ok: r.status == SourceStatus::Ok,
                files: r
                    .files
                    .iter()
                    .map(|f| FileView {
                        path: f.path.clone(),
                        sha256: f.sha256.clone(),
                        size: fmt::size(f.size),
                    })
                    .collect(),
                counts,
                read_as: r
                    .read_as
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                seconds: format!("{} s", fmt::decimal(r.seconds, 2)),
                errors: r.diagnostics.total_errors(),
                warnings: r.diagnostics.iter().filter(|d| !d.is_error()).count(),
                more: r.diagnostics.items.len() - diagnostics.len()
                    + r.diagnostics.suppressed_errors,
                diagnostics,
            }
        })
        .collect()
}

fn link_row(l: &crate::report::model::LinkStats) -> LinkRow {
    LinkRow {
        source: l.source.clone(),
        accounts: fmt::int(l.accounts),
        automatic: fmt::int(l.automatic),
        manual: fmt::int(l.manual),
        candidate: fmt::int(l.candidate),
        unmatched: fmt::int(l.unmatched),
        conflict: fmt::int(l.conflict),
        non_nominative: fmt::int(l.non_nominative),
        linked_rate: fmt::rate(l.automatic + l.manual, l.accounts),
        automatic_rate: fmt::rate(l.automatic, l.accounts),
        orphan_rate: fmt::rate(l.unmatched, l.accounts),
    }
}

fn total_links(doc: &Document) -> Option<LinkRow> {
    if doc.reconciliation.len() < 2 {
        return None;
    }
    let mut t = crate::report::model::LinkStats {
        source: "Total".into(),
        accounts: 0,
        automatic: 0,
        manual: 0,
        candidate: 0,
        unmatched: 0,
        conflict: 0,
        non_nominative: 0,
    };
    for l in &doc.reconciliation {
        t.accounts += l.accounts;
        t.automatic += l.automatic;
        t.manual += l.manual;
        t.candidate += l.candidate;
        t.unmatched += l.unmatched;
        t.conflict += l.conflict;
        t.non_nominative += l.non_nominative;
    }
    Some(link_row(&t))
}

fn exceptions(doc: &Document) -> Vec<ExceptionView> {
    let mut v: Vec<ExceptionView> = doc
        .exceptions
        .iter()
        .map(|e| ExceptionView {
            location: e.location.clone(),
            check: e.check.clone(),
            subject: e.subject.clone(),
            reason: e.reason.clone(),
            approved_by: e.approved_by.clone(),
            ticket: e.ticket.clone(),
            expires: fmt::date(e.expires),
            status: match e.status {
                ExceptionStatus::Active => "active",
                ExceptionStatus::Unused => "unused",
                ExceptionStatus::Expired => "expired",
            },
            status_label: e.status.label(),
            waived: fmt::int(e.waived),
        })
        .collect();
    // Expired first: they are what the committee must act on.
    v.sort_by_key(|e| (e.status != "expired", e.status != "unused"));
    v
}

fn catalogue(doc: &Document) -> Vec<CatalogueEntry> {
    let mut checks: Vec<_> = doc.checks.iter().collect();
    checks.sort_by(|a, b| {
        let pos = |x: Axis| Axis::ALL.iter().position(|a| *a == x);
        (pos(a.axis), &a.id).cmp(&(pos(b.axis), &b.id))
    });
    checks
        .into_iter()
        .map(|c| CatalogueEntry {
            id: c.id.clone(),
            title: c.title.clone(),
            family: c.family.clone(),
            axis: c.axis.label(),
            severity: c.severity.code(),
            severity_label: c.severity.label(),
            default_severity: c.default_severity.map(|s| s.label()),
            confidence: c.confidence.code(),
            subject: c.subject.label(),
            enabled: c.enabled,
            applicable: fmt::int(c.applicable),
            findings: fmt::int(c.findings),
            waived: fmt::int(c.waived),
            rationale: c.rationale.clone(),
            remediation: c.remediation.clone(),
            references: c.references.clone(),
        })
        .collect()
}

pub fn build(doc: &Document, opts: &HtmlOptions) -> View {
    let top = opts.top.max(1);
    let exceptions = exceptions(doc);
    let trends = trends::build(doc, &opts.trends);
    View {
        title: format!(
            "Vigie — rapport d'audit des identités et des accès — {}",
            doc.scan.establishment.name
        ),
        pseudonymized: opts.pseudonymize,
        top,
        cover: cover(doc),
        summary: summary::build(doc, trends.earlier),
        findings: findings::build(doc, top),
        expired_exceptions: exceptions.iter().filter(|e| e.status == "expired").count(),
        exceptions,
        reconciliation: doc.reconciliation.iter().map(link_row).collect(),
        reconciliation_total: total_links(doc),
        sources: sources(doc, top),
        trends,
        catalogue: catalogue(doc),
    }
}
