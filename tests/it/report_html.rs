//! The HTML committee report: snapshot of a small hand-made document,
//! escaping, pseudonymisation, template overrides, size at 100 000
//! findings, and the sample's report opened in headless Chromium
//! (screenshot, PDF, no console message, no network request).

mod browser;
mod document;

use std::path::Path;
use std::time::Instant;
use vigie::report::html::{render, HtmlOptions, ReportError, TEMPLATES};
use vigie::report::pseudonym::{pseudonymize, PseudonymKey, Pseudonymizer};

fn opts() -> HtmlOptions {
    HtmlOptions {
        trends: document::trends(),
        ..HtmlOptions::default()
    }
}

/// The sample's scan, run in-process, with the lists the pipeline does not
/// fill yet added by hand.
fn sample() -> vigie::pipeline::Outcome {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo/vigie.toml");
    let loaded = vigie::pipeline::load(&config).expect("sample configuration");
    let mut outcome = vigie::pipeline::run(&loaded, &vigie::source::NoProgress);
    document::enrich(&mut outcome.document);
    outcome
}

#[test]
fn small_report_snapshot() {
    let html = render(&document::small(), &opts()).unwrap();
    // The style sheet is the same in every report: keep it out of the
    // snapshot (the per-report @page rules stay).
    let css = TEMPLATES.iter().find(|(n, _)| *n == "style.css").unwrap().1;
    assert!(html.contains(css.trim_end()));
    let html = html.replace(css.trim_end(), "/* style.css */");
    insta::assert_snapshot!("report_html_small", html);
}

#[test]
fn hostile_names_are_escaped() {
    const SCRIPT: &str = "<script>alert(1)</script>";
    const IMG: &str = "\"><img src=x onerror=alert(1)>";
    let mut doc = document::small();
    doc.scan.establishment.name = format!("CH {SCRIPT} </style>");
    let f = &mut doc.findings[0];
    f.subject_name = SCRIPT.into();
    f.message = format!("Description : {IMG}");
    f.evidence.push(("Description".into(), IMG.into()));
    doc.findings[3].path[1].label = SCRIPT.into();
    doc.exceptions[0].reason = IMG.into();
    doc.sources[0].diagnostics.items[0].message = SCRIPT.into();
    let html = render(&doc, &opts()).unwrap();
    assert!(!html.contains(SCRIPT), "raw <script> in the report");
    assert!(
        !html.contains(IMG) && !html.contains("<img"),
        "raw <img> in the report"
    );
    assert!(
        !html.contains("<script"),
        "the report carries no script at all"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // In the running header (a CSS string), nothing can close <style>.
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(!style.contains("</style") && !style.contains("<script"));
    assert_eq!(html.matches("</style>").count(), 1);
}

#[test]
fn no_external_reference_in_the_markup() {
    let (html, _) = (render(&document::small(), &opts()).unwrap(), ());
    let re = regex::Regex::new(r#"(?i)\b(?:src|href|xlink:href|action)\s*=\s*"([^"]*)""#).unwrap();
    for c in re.captures_iter(&html) {
        assert!(c[1].starts_with('#'), "external reference: {}", &c[0]);
    }
    assert!(!html.contains("url("), "CSS url() in the report");
    assert!(!html.contains("@import") && !html.contains("@font-face"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
}

#[test]
fn pseudonymized_small_report() {
    let doc = document::small();
    let p = pseudonymize(&doc);
    let html = render(
        &doc,
        &HtmlOptions {
            pseudonymize: true,
            ..opts()
        },
    )
    .unwrap();
    for name in [
        "DUPONT",
        "Marie",
        "mdupont",
        "MART_DUP",
        "MARTIN Paul",
        "jleroy",
        "LEROY",
        "BERNARD Luc",
        "000123",
        "DURAND",
        "Directeur des soins",
    ] {
        assert!(
            !html.contains(name),
            "« {name} » left in the pseudonymised report"
        );
    }
    assert!(html.contains("Rapport pseudonymisé"));
    // Same subject, same pseudonym: in the document, in the exceptions
    // register, and in another scan's document.
    let jleroy = p
        .findings
        .iter()
        .find(|f| f.message.contains("2026-08-01"))
        .unwrap();
    assert!(jleroy.subject_name.starts_with("Compte "));
    assert_eq!(p.exceptions[0].subject, jleroy.subject);
    let mut later = document::big(10);
    later.findings.push(doc.findings[2].clone());
    let again = pseudonymize(&later);
    let same = again.findings.last().unwrap();
    assert_eq!(
        (&same.subject, &same.subject_name),
        (&jleroy.subject, &jleroy.subject_name)
    );
    // Different subjects, different pseudonyms.
    let mut names: Vec<&str> = p.findings.iter().map(|f| f.subject_name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), doc.findings.len());
    // The owner named in a message is replaced, the rest of it kept.
    assert!(p.findings[0].message.starts_with("Le compte Compte "));
    assert!(
        p.findings[0].message.contains(" de Personne ")
            && p.findings[0].message.ends_with("le 2026-10-06.")
    );
    // « aucun » titulaire is nobody: kept.
    assert!(p.findings[3]
        .evidence
        .contains(&("Titulaire".to_string(), "aucun".to_string())));
    // Patterns of the register are not personal: kept.
    assert_eq!(p.exceptions[1].subject, "ad:svc_*");
    assert_ne!(p.findings[0].fingerprint, doc.findings[0].fingerprint);
}

#[test]
fn pseudonymized_sample_names_nobody() {
    let outcome = sample();
    let html = render(
        &outcome.document,
        &HtmlOptions {
            pseudonymize: true,
            ..opts()
        },
    )
    .unwrap();
    let plain = render(&outcome.document, &opts()).unwrap();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join("rapport-pseudonymise.html"), &html).unwrap();
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (seen_plain, seen_pseudo) = (words(&plain), words(&html));
    let catalogue: std::collections::HashSet<String> = outcome
        .document
        .checks
        .iter()
        .flat_map(|c| [&c.title, &c.rationale, &c.remediation])
        .flat_map(|t| words(t))
        .collect();
    let mut checked = 0;
    for p in &outcome.snapshot.persons {
        let name = p.display_name();
        assert!(
            !html.contains(&name),
            "person name « {name} » in the pseudonymised report"
        );
        checked += plain.contains(&name) as usize;
    }
    assert!(checked > 10, "the plain report names people ({checked})");
    let mut logins = 0;
    for f in outcome
        .document
        .findings
        .iter()
        .filter(|f| f.subject_kind == vigie::checks::SubjectKind::Account)
    {
        let login = f.subject.split_once(':').unwrap().1;
        // The catalogue's own wording (« un compte de lieu comme bloc1 »)
        // is not personal data.
        if catalogue.contains(&login.to_lowercase()) {
            continue;
        }
        if login.len() >= 4 && seen_plain.contains(login) {
            logins += 1;
            assert!(
                !seen_pseudo.contains(login),
                "login « {login} » in the pseudonymised report"
            );
        }
    }
    assert!(logins > 10, "the plain report shows logins ({logins})");
    // A name written in another form (« Prénom Nom ») is only known from
    // the snapshot: `know_snapshot` finds it, the document alone cannot.
    let person = outcome
        .snapshot
        .persons
        .iter()
        .find(|p| p.first_names.is_some() && p.display_last_name().is_some_and(|l| l.len() > 3))
        .unwrap();
    let last = person.display_last_name().unwrap();
    let mut letters = last.chars();
    let initial = letters.next().unwrap();
    let title_case = format!(
        "{} {initial}{}",
        person.first_names.as_deref().unwrap(),
        letters.as_str().to_lowercase()
    );
    let mut doc = outcome.document.clone();
    doc.findings[0].message = format!("Compte partagé avec {title_case}.");
    let key = PseudonymKey::for_establishment(&doc.scan.establishment, Some(b"secret"));
    let mut thorough = Pseudonymizer::new(key);
    thorough.know_snapshot(&outcome.snapshot);
    let done = thorough.apply(&doc);
    assert!(
        !done.findings[0].message.contains(&title_case),
        "{}",
        done.findings[0].message
    );
    assert!(done.findings[0]
        .message
        .starts_with("Compte partagé avec Personne "));
    assert!(pseudonymize(&doc).findings[0].message.contains(&title_case));
    for p in &outcome.snapshot.persons {
        if let Some(rpps) = p.rpps.as_deref().filter(|r| r.len() >= 6) {
            assert!(
                !html.contains(rpps),
                "national identifier {rpps} in the pseudonymised report"
            );
        }
    }
}

#[test]
fn templates_dir_overrides_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("_cover.html.j2"),
        "<header><h1>Couverture maison : {{ r.cover.establishment }}</h1></header>",
    )
    .unwrap();
    let html = render(
        &document::small(),
        &HtmlOptions {
            templates_dir: Some(dir.path().to_path_buf()),
            ..opts()
        },
    )
    .unwrap();
    assert!(html.contains("Couverture maison : Centre hospitalier de Test"));
    assert!(
        html.contains("id=\"synthese-t\""),
        "the other templates stay built in"
    );
    let missing = dir.path().join("absent");
    let err = render(
        &document::small(),
        &HtmlOptions {
            templates_dir: Some(missing),
            ..opts()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ReportError::TemplatesDir(_)));
    assert!(err.to_string().contains("introuvable"));
}

#[test]
fn large_estate_report_stays_bounded() {
    let doc = document::big(100_000);
    let t = Instant::now();
    let html = render(&doc, &opts()).unwrap();
    let elapsed = t.elapsed();
    println!(
        "100 000 constats : rapport de {:.2} Mo en {:.2} s",
        html.len() as f64 / 1e6,
        elapsed.as_secs_f64()
    );
    assert!(html.len() < 5_000_000, "report of {} bytes", html.len());
    // Four checks, the first 20 findings of each.
    assert_eq!(html.matches("<tr>\n<th scope=\"row\">NOM").count(), 4 * 20);
    assert!(html.contains("25\u{202f}000 constats"));
    assert!(html.contains("et 24\u{202f}980 autres constats"));
    assert!(html.contains("plan-d-action.xlsx"));
    // Pseudonymisation scans every text: measured on a fifth of the
    // findings to keep the debug test short (about 4 s for 100 000 in a
    // release build on two busy cores).
    let doc = document::big(20_000);
    let t = Instant::now();
    let pseudo = render(
        &doc,
        &HtmlOptions {
            pseudonymize: true,
            ..opts()
        },
    )
    .unwrap();
    println!(
        "20 000 constats pseudonymisés : {:.2} s",
        t.elapsed().as_secs_f64()
    );
    assert!(
        pseudo.len() < 5_000_000 && !pseudo.contains("NOM000001") && !pseudo.contains("user000001")
    );
}

#[test]
fn sample_report_in_chromium() {
    let outcome = sample();
    let html = render(&outcome.document, &opts()).unwrap();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html");
    std::fs::create_dir_all(&work).unwrap();
    let page = work.join("rapport.html");
    std::fs::write(&page, &html).unwrap();
    let png = work.join("rapport.png");
    let pdf = work.join("rapport.pdf");
    let _ = std::fs::remove_file(&png);
    let _ = std::fs::remove_file(&pdf);
    let shot = browser::open(
        &page,
        &work,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
        ],
    );
    let print = browser::open(
        &page,
        &work,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let png_bytes = std::fs::read(&png).expect("no screenshot");
    assert!(
        png_bytes.starts_with(b"\x89PNG") && png_bytes.len() > 30_000,
        "screenshot of {} bytes",
        png_bytes.len()
    );
    let pdf_bytes = std::fs::read(&pdf).expect("no PDF");
    assert!(pdf_bytes.starts_with(b"%PDF"));
    let pages = browser::pdf_pages(&pdf_bytes);
    println!(
        "rapport de l'échantillon : {} octets, PDF de {pages} pages ({})",
        html.len(),
        pdf.display()
    );
    assert!((8..=400).contains(&pages), "{pages} pages");
    for run in [&shot, &print] {
        assert_eq!(browser::console_messages(&run.stderr), Vec::<String>::new());
        assert_eq!(browser::page_requests(&run.net_log), Vec::<String>::new());
    }
}

#[test]
fn chromium_checks_catch_console_errors_and_requests() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("fautive.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body>\
         <img src=\"http://example.invalid/x.png\" alt=\"\">\
         <script>console.error(\"erreur-de-test\")</script></body></html>",
    )
    .unwrap();
    let shot = dir.path().join("fautive.png");
    let run = browser::open(
        &page,
        dir.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=400,300".into(),
        ],
    );
    let console = browser::console_messages(&run.stderr);
    assert!(
        console.iter().any(|l| l.contains("erreur-de-test")),
        "console not caught:\n{}",
        run.stderr
    );
    assert_eq!(
        browser::page_requests(&run.net_log),
        vec!["http://example.invalid/x.png".to_string()]
    );
}
