//! Reconciliation on a hand-made estate: each rule, each outcome, decisions.

use chrono::NaiveDate;
use std::sync::Arc;
use vigie::model::*;
use vigie::reconcile::decisions::{Decision, Verdict};
use vigie::reconcile::identity::{IssueKind, PairKind};
use vigie::reconcile::policy::Policy;
use vigie::reconcile::score::Rule;
use vigie::reconcile::{reconcile, Method, Status};

fn prov(source: &str) -> Provenance {
    Provenance {
        source: Arc::from(source),
        file: Arc::from("f"),
        line: Some(1),
        sheet: None,
        row: None,
    }
}

fn person(
    num: &str,
    last: &str,
    first: &str,
    birth: Option<(i32, u32, u32)>,
    rpps: Option<&str>,
) -> Person {
    Person {
        id: format!("rh:{num}"),
        employee_number: num.into(),
        birth_name: Some(last.into()),
        usage_name: None,
        first_names: Some(first.into()),
        birth_date: birth.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        sex: None,
        profession_code: None,
        profession_label: None,
        rpps: rpps.map(Into::into),
        unit_code: Some("2001".into()),
        unit_label: None,
        site_finess: None,
        contract: None,
        contract_raw: None,
        arrival_date: None,
        end_date: None,
        status: Some(PersonStatus::Active),
        status_raw: None,
        manager: None,
        email: None,
        extra: Default::default(),
        provenance: prov("rh"),
    }
}

fn account(
    source: &str,
    login: &str,
    last: Option<&str>,
    first: Option<&str>,
    directory: bool,
) -> Account {
    let mut a = Account::new(source, login, prov(source));
    a.last_name = last.map(Into::into);
    a.first_name = first.map(Into::into);
    if directory {
        a.directory = Some(DirectoryInfo::default());
    }
    a
}

fn snapshot(persons: Vec<Person>, accounts: Vec<Account>) -> Snapshot {
    Snapshot {
        format: SNAPSHOT_FORMAT,
        vigie_version: "test".into(),
        taken_at: chrono::Utc::now(),
        establishment: Establishment {
            name: "CH".into(),
            finess: "999000017".into(),
            sites: vec![],
            ght: None,
        },
        sources: vec![],
        persons,
        accounts,
        groups: vec![],
        profiles: vec![],
        applications: vec![],
        rights: vec![],
        rpps: vec![],
    }
}

fn estate() -> Snapshot {
    let persons = vec![
        person("000123", "DUPONT", "Marie-Hélène", Some((1972, 3, 5)), None),
        person(
            "000124",
            "N'DIAYE",
            "Oumar",
            Some((1985, 1, 2)),
            Some("10001045367"),
        ),
        person("000125", "MARTIN", "Jean", Some((1960, 1, 1)), None),
        person("000126", "MARTIN", "Jean", Some((1990, 6, 6)), None),
        person("000127", "LE GOFF", "Anne", None, None),
        person("000999", "LE GOFF", "Anne", None, None),
    ];
    snapshot(persons, vec![])
}

fn run(snap: &Snapshot, decisions: &[Decision]) -> vigie::reconcile::Reconciliation {
    reconcile(snap, &Policy::default(), decisions)
}

fn with_accounts() -> Snapshot {
    let mut s = estate();
    let mut ad_dupont = account("ad", "mdupont", Some("Dupont"), Some("Marie Hélène"), true);
    ad_dupont.employee_number = Some("123".into());
    let mut dpi_ndiaye = account("dpi", "NDIA_OUM", Some("NDIAYE"), Some("OUMAR"), false);
    dpi_ndiaye.rpps = Some("810001045367".into());
    let mut ad_legoff = account("ad", "alegoff", Some("Le Goff"), Some("Anne"), true);
    ad_legoff.employee_number = Some("127".into());
    s.accounts = vec![
        ad_dupont,
        dpi_ndiaye,
        account("pacs", "MDupont_Radio", Some("DUPONT"), Some("M."), false),
        account("dpi", "JMARTIN", Some("Martin"), Some("Jean"), false),
        account("ad", "urgences", Some("URGENCES"), None, true),
        account("ad", "pdurand", Some("Durand"), Some("Paul"), true),
        ad_legoff,
    ];
    s
}

#[test]
fn every_account_gets_one_explained_outcome() {
    let s = with_accounts();
    let r = run(&s, &[]);
    assert_eq!(r.accounts.len(), s.accounts.len());
    let o = |id: &str| r.outcome(id).unwrap_or_else(|| panic!("{id}"));

    // R2: matricule (leading zeros ignored) + names (hyphen/space folded).
    let d = o("ad:mdupont");
    assert_eq!(
        (d.status, d.method, d.person.as_deref()),
        (
            Status::Linked,
            Some(Method::Rule(Rule::R2)),
            Some("rh:000123")
        )
    );
    assert!(
        d.explanation.contains("R2 : même matricule"),
        "{}",
        d.explanation
    );

    // R1: RPPS in national form + names (apostrophe folded).
    let d = o("dpi:ndia_oum");
    assert_eq!(
        (d.status, d.method),
        (Status::Linked, Some(Method::Rule(Rule::R1)))
    );

    // Directory pivot: PACS login with a suffix is the AD login of a linked account.
    let d = o("pacs:mdupont_radio");
    assert_eq!(
        (d.status, d.method, d.person.as_deref()),
        (Status::Linked, Some(Method::Score), Some("rh:000123")),
        "{}",
        d.explanation
    );
    assert!(
        d.evidence.iter().any(|e| e.field == "directory_id"),
        "{:?}",
        d.evidence
    );
    assert!(d.explanation.contains("ad:mdupont"), "{}", d.explanation);

    // Homonyms: never automatic, both ranked.
    let d = o("dpi:jmartin");
    assert!(
        matches!(d.status, Status::Candidate | Status::Conflict),
        "{d:?}"
    );
    assert_eq!(d.candidates.len(), 2);

    // Generic account.
    let d = o("ad:urgences");
    assert_eq!(d.status, Status::NonNominative);
    assert!(d.explanation.contains("générique"), "{}", d.explanation);

    // Orphan.
    assert_eq!(o("ad:pdurand").status, Status::Unmatched);

    // Two HR records named LE GOFF Anne: the matricule decides (R2), the
    // homonym stays a ranked candidate.
    let d = o("ad:alegoff");
    assert_eq!(
        (d.status, d.method, d.person.as_deref()),
        (
            Status::Linked,
            Some(Method::Rule(Rule::R2)),
            Some("rh:000127")
        )
    );
    assert_eq!(
        d.candidates.first().map(|c| c.person.as_str()),
        Some("rh:000999")
    );
}

#[test]
fn hr_duplicates_and_homonyms_are_proposed_never_merged() {
    let r = run(&with_accounts(), &[]);
    let pair = |a: &str, b: &str| {
        r.hr_pairs
            .iter()
            .find(|p| p.a == a && p.b == b)
            .map(|p| p.kind)
    };
    assert_eq!(pair("rh:000125", "rh:000126"), Some(PairKind::Homonym));
    assert_eq!(
        pair("rh:000127", "rh:000999"),
        Some(PairKind::PossibleDuplicate)
    );
    assert_eq!(r.hr_pairs.len(), 2);
}

#[test]
fn decisions_win_and_stale_ones_are_reported() {
    let s = with_accounts();
    let decide = |account: &str, person: Option<&str>, verdict| Decision {
        account: account.into(),
        person: person.map(Into::into),
        verdict,
        author: "RSSI".into(),
        date: "2026-11-20".into(),
        comment: "vérifié".into(),
        location: "links.toml:1".into(),
    };
    let decisions = vec![
        decide("dpi:jmartin", Some("rh:000126"), Verdict::Confirm),
        decide("ad:mdupont", Some("rh:000123"), Verdict::Reject),
        decide("ad:pdurand", None, Verdict::NonNominative),
        decide("ad:disparu", Some("rh:000123"), Verdict::Confirm),
        decide("ad:urgences", Some("rh:424242"), Verdict::Confirm),
    ];
    let r = run(&s, &decisions);
    let d = r.outcome("dpi:jmartin").unwrap();
    assert_eq!(
        (d.status, d.method, d.person.as_deref()),
        (Status::Linked, Some(Method::Manual), Some("rh:000126"))
    );
    assert!(
        d.explanation.contains("par décision de RSSI le 2026-11-20"),
        "{}",
        d.explanation
    );
    let d = r.outcome("ad:mdupont").unwrap();
    assert_ne!(d.person.as_deref(), Some("rh:000123"));
    assert!(
        d.explanation.contains("rejeté(s) par décision humaine"),
        "{}",
        d.explanation
    );
    assert_eq!(
        r.outcome("ad:pdurand").unwrap().status,
        Status::NonNominative
    );
    let stale: Vec<&str> = r
        .stale_decisions
        .iter()
        .map(|d| d.account.as_str())
        .collect();
    assert_eq!(stale, ["ad:disparu", "ad:urgences"]);
    assert!(r.stale_decisions[1].reason.contains("rh:424242"));
}

#[test]
fn identifier_issues() {
    let mut s = with_accounts();
    s.persons[0].rpps = Some("10001045368".into()); // bad Luhn key
    s.persons[2].rpps = Some("012600631".into()); // ADELI
    s.persons[3].rpps = Some("10001045367".into()); // N'DIAYE's RPPS
    let r = run(&s, &[]);
    let has = |subject: &str, kind| {
        r.identity_issues
            .iter()
            .any(|i| i.subject == subject && i.kind == kind)
    };
    assert!(has("rh:000123", IssueKind::InvalidIdentifier));
    assert!(has("rh:000125", IssueKind::AdeliInUse));
    assert!(has("rh:000124", IssueKind::SharedIdentifier));
    assert!(has("rh:000126", IssueKind::SharedIdentifier));
}

#[test]
fn csv_output_has_one_row_per_account() {
    let r = run(&with_accounts(), &[]);
    let csv = vigie::reconcile::output::to_csv(&r).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with(
        "\u{feff}source;compte;identifiant;personne;statut;méthode;score;explication;candidats"
    ));
    assert_eq!(text.lines().count(), 1 + r.accounts.len());
    assert!(
        text.contains("ad;ad:mdupont;mdupont;rh:000123;linked;R2;"),
        "{text}"
    );
}
