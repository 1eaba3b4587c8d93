//! The sample generator: determinism, the committed sample equal to a fresh
//! generation, file formats, `vigie.toml` columns present in the files, and
//! the ground truth cross-checked against what the files say.

use base64::Engine as _;
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use vigie::diag::Code;
use vigie::samplegen::{generate, Params};
use vigie::source::{connector_for, SourceKind};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ch-demo")
}

/// Relative path → bytes of every file under `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    out
}

#[test]
fn same_parameters_give_identical_bytes() {
    let params = Params {
        persons: 300,
        seed: 7,
        ..Params::default()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&params, a.path()).unwrap();
    generate(&params, b.path()).unwrap();
    let (fa, fb) = (files(a.path()), files(b.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two runs");
    }
    let other = tempfile::tempdir().unwrap();
    generate(&Params { seed: 8, ..params }, other.path()).unwrap();
    assert_ne!(
        files(other.path())["ad/export.ldif"],
        fa["ad/export.ldif"],
        "the seed must matter"
    );
}

#[test]
fn committed_sample_equals_a_fresh_generation() {
    let dir = tempfile::tempdir().unwrap();
    generate(&Params::default(), dir.path()).unwrap();
    let fresh = files(dir.path());
    let committed = files(&sample_dir());
    let hash = |b: &[u8]| hex::encode(Sha256::digest(b));
    for (k, v) in &fresh {
        let c = committed.get(k).unwrap_or_else(|| panic!("samples/ch-demo/{k} missing: regenerate with `cargo run --bin vigie-samplegen -- --out samples/ch-demo`"));
        assert_eq!(
            hash(c),
            hash(v),
            "samples/ch-demo/{k} drifted from its generator: regenerate it"
        );
    }
    let extra: Vec<_> = committed
        .keys()
        .filter(|k| !fresh.contains_key(*k))
        .collect();
    assert!(
        extra.is_empty(),
        "files the generator does not write: {extra:?}"
    );
    let total: usize = committed.values().map(Vec::len).sum();
    assert!(total < 5_000_000, "samples/ch-demo is {total} bytes");
}

#[test]
fn too_small_estates_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = generate(
        &Params {
            persons: 10,
            ..Params::default()
        },
        dir.path(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("au moins"), "{err}");
}

fn truth() -> Value {
    serde_json::from_slice(&std::fs::read(sample_dir().join("ground-truth.json")).unwrap()).unwrap()
}

/// Rows of a delimited file as header → value maps (no quoted separators
/// except `"…"` fields, which the writers produce).
fn csv_rows(text: &str, sep: u8) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn hr_text() -> String {
    let bytes = std::fs::read(sample_dir().join("rh/agents.csv")).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the HR export must be Windows-1252, not UTF-8"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned()
}

/// LDIF entries as attribute → values, unfolded and base64-decoded.
fn ldif_entries() -> Vec<BTreeMap<String, Vec<String>>> {
    let text = std::fs::read_to_string(sample_dir().join("ad/export.ldif")).unwrap();
    assert!(text.is_ascii(), "non-ASCII values must be base64");
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "lines are folded at 76 columns"
    );
    let mut out = Vec::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut lines: Vec<String> = Vec::new();
        for l in block.lines() {
            match l.strip_prefix(' ') {
                Some(cont) => lines.last_mut().expect("continuation").push_str(cont),
                None => lines.push(l.to_string()),
            }
        }
        let mut e: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for l in lines {
            let (k, v) = if let Some((k, v)) = l.split_once(":: ") {
                let raw = base64::engine::general_purpose::STANDARD.decode(v).unwrap();
                (
                    k.to_string(),
                    String::from_utf8(raw)
                        .unwrap_or_else(|e| format!("<{} bytes>", e.into_bytes().len())),
                )
            } else {
                let (k, v) = l.split_once(": ").expect("attr: value");
                (k.to_string(), v.to_string())
            };
            e.entry(k).or_default().push(v);
        }
        out.push(e);
    }
    out
}

fn filetime(v: &str) -> Option<NaiveDateTime> {
    let n: i64 = v.parse().ok()?;
    if n == 0 || n == i64::MAX {
        return None;
    }
    let secs = n / 10_000_000 - 11_644_473_600;
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc())
}

#[test]
fn files_have_their_formats_and_configured_columns() {
    let dir = sample_dir();
    let config: toml::Table = std::fs::read_to_string(dir.join("vigie.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        config["establishment"]["finess"].as_str(),
        Some("999000017")
    );
    let dpi = std::fs::read(dir.join("dpi/utilisateurs.csv")).unwrap();
    assert!(dpi.starts_with(b"\xEF\xBB\xBF"), "DPI export has a BOM");
    let labo = std::fs::read(dir.join("labo/comptes.csv")).unwrap();
    assert!(!labo.starts_with(b"\xEF\xBB\xBF") && !labo.contains(&b'\r'));
    let ldif_attrs: BTreeSet<String> = ldif_entries()
        .into_iter()
        .flat_map(|e| e.into_keys())
        .collect();
    let mut pacs: Xlsx<_> = calamine::open_workbook(dir.join("pacs/utilisateurs.xlsx")).unwrap();
    let sheet = pacs.worksheet_range("Utilisateurs").unwrap();
    let pacs_header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        sheet
            .rows()
            .skip(1)
            .any(|r| matches!(r[6], Data::DateTime(_))),
        "PACS logons are Excel dates"
    );
    assert!(sheet
        .rows()
        .skip(1)
        .all(|r| matches!(r[7], Data::DateTime(_))));
    for source in config["source"].as_array().unwrap() {
        let path = source["path"].as_str().unwrap();
        assert!(dir.join(path).is_file(), "{path}");
        let Some(columns) = source.get("columns").and_then(|c| c.as_table()) else {
            continue;
        };
        let header: Vec<String> = match source["kind"].as_str().unwrap() {
            "ad-ldif" => ldif_attrs.iter().cloned().collect(),
            _ if path.ends_with(".xlsx") => pacs_header.clone(),
            _ => {
                let text = if path == "rh/agents.csv" {
                    hr_text()
                } else {
                    std::fs::read_to_string(dir.join(path)).unwrap()
                };
                let sep = source["delimiter"].as_str().unwrap().as_bytes()[0];
                let first = text
                    .lines()
                    .next()
                    .unwrap()
                    .trim_start_matches('\u{feff}')
                    .to_string();
                first.split(sep as char).map(str::to_string).collect()
            }
        };
        for (field, column) in columns {
            let column = column.as_str().unwrap();
            assert!(
                header.iter().any(|h| h == column),
                "{path}: column « {column} » ({field}) missing from {header:?}"
            );
        }
    }
}

#[test]
fn every_family_is_planted_with_field_proportions() {
    let t = truth();
    let accounts = t["accounts"].as_array().unwrap();
    let persons = t["persons"].as_array().unwrap();
    for f in t["families"].as_array().unwrap() {
        assert!(
            f["count"].as_u64().unwrap() > 0,
            "family {} has no subject",
            f["id"]
        );
    }
    let ids = |k: &str| -> BTreeSet<String> {
        t["anomalies"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let usable = accounts.iter().filter(|a| a["usable"] == true).count() as f64;
    let orphans: BTreeSet<String> = ids("orphan-account")
        .union(&ids("departed-enabled"))
        .cloned()
        .collect();
    let share = orphans.len() as f64 / usable;
    assert!((0.15..=0.25).contains(&share), "orphan share {share}");
    let owned = accounts.iter().filter(|a| !a["owner"].is_null()).count() as f64;
    let frag = ids("fragmented-identity").len() as f64 / owned;
    assert!((0.60..=0.80).contains(&frag), "fragmentation {frag}");
    let hd: BTreeSet<String> = ids("homonym")
        .union(&ids("hr-duplicate"))
        .cloned()
        .collect();
    let hd = hd.len() as f64 / persons.len() as f64;
    assert!((0.01..=0.03).contains(&hd), "homonyms and duplicates {hd}");
    let per_source = |s: &str| accounts.iter().filter(|a| a["source"] == s).count();
    assert!(
        (2200..=2800).contains(&per_source("ad")),
        "{}",
        per_source("ad")
    );
    assert!(
        (1000..=1400).contains(&per_source("dpi")),
        "{}",
        per_source("dpi")
    );
    assert!(
        (150..=500).contains(&per_source("pacs")),
        "{}",
        per_source("pacs")
    );
    assert!(
        (100..=300).contains(&per_source("labo")),
        "{}",
        per_source("labo")
    );
    assert_eq!(persons.len(), 1500);
    // Every subject is a known record.
    let mut known: BTreeSet<String> = persons
        .iter()
        .chain(accounts)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    known.extend(
        t["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_string()),
    );
    for (family, list) in t["anomalies"].as_object().unwrap() {
        for id in list.as_array().unwrap() {
            assert!(
                known.contains(id.as_str().unwrap()),
                "{family}: unknown subject {id}"
            );
        }
    }
    assert_eq!(ids("group-nesting-cycle").len(), 3);
}

#[test]
fn truth_agrees_with_the_files() {
    let t = truth();
    let as_of = NaiveDate::parse_from_str(t["as_of"].as_str().unwrap(), "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let ids = |k: &str| -> BTreeSet<String> {
        t["anomalies"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let accounts: BTreeMap<String, &Value> = t["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a))
        .collect();

    // HR: every person is a row, statuses as written.
    let hr = csv_rows(&hr_text(), b';');
    let status: BTreeMap<String, String> = hr
        .iter()
        .map(|r| (format!("rh:{}", r["Matricule"]), r["Statut"].clone()))
        .collect();
    for p in t["persons"].as_array().unwrap() {
        assert!(
            status.contains_key(p["id"].as_str().unwrap()),
            "{}",
            p["id"]
        );
    }
    let departed = |owner: &Value| {
        owner.as_str().is_some_and(|o| {
            matches!(
                status[o].as_str(),
                "Sorti" | "Démission" | "Retraite" | "Mutation" | "Inactif" | "Fin de contrat"
            )
        })
    };

    // AD: departed-enabled, never-used and stale recomputed from the LDIF.
    let mut seen = 0;
    for e in ldif_entries() {
        let Some(login) = e.get("sAMAccountName").map(|v| v[0].clone()) else {
            continue;
        };
        if e["objectClass"]
            .iter()
            .any(|c| c == "computer" || c == "group")
        {
            continue;
        }
        let id = format!("ad:{}", login.to_lowercase());
        let a = accounts
            .get(&id)
            .unwrap_or_else(|| panic!("{id} not in the truth"));
        seen += 1;
        let uac: u32 = e["userAccountControl"][0].parse().unwrap();
        let expired = filetime(&e["accountExpires"][0]).is_some_and(|t| t <= as_of);
        let usable = uac & 2 == 0 && !expired;
        assert_eq!(a["usable"].as_bool(), Some(usable), "{id}");
        assert_eq!(
            usable && departed(&a["owner"]),
            ids("departed-enabled").contains(&id),
            "{id} departed-enabled"
        );
        let created =
            NaiveDateTime::parse_from_str(&e["whenCreated"][0], "%Y%m%d%H%M%S.0Z").unwrap();
        let last = e.get("lastLogonTimestamp").and_then(|v| filetime(&v[0]));
        let never = usable && last.is_none() && created < as_of - Duration::days(30);
        assert_eq!(never, ids("never-used").contains(&id), "{id} never-used");
        let stale = usable
            && created < as_of - Duration::days(90)
            && last.is_some_and(|l| l < as_of - Duration::days(90));
        assert_eq!(
            stale,
            ids("stale-account").contains(&id),
            "{id} stale-account"
        );
        if ids("privileged-no-smartcard").contains(&id) {
            assert_eq!(uac & 0x40000, 0, "{id}");
        }
        if ids("password-never-expires").contains(&id) {
            assert_ne!(uac & 0x10000, 0, "{id}");
        }
    }
    assert_eq!(
        seen,
        accounts.keys().filter(|k| k.starts_with("ad:")).count()
    );

    // DPI: one account per login, enabled flag and never-used from the CSV.
    let dpi = csv_rows(
        &std::fs::read_to_string(sample_dir().join("dpi/utilisateurs.csv")).unwrap(),
        b';',
    );
    let mut logins = BTreeSet::new();
    for r in &dpi {
        let id = format!("dpi:{}", r["Identifiant"].to_lowercase());
        let a = accounts
            .get(&id)
            .unwrap_or_else(|| panic!("{id} not in the truth"));
        assert_eq!(a["usable"].as_bool(), Some(r["Actif"] == "Oui"), "{id}");
        let created = NaiveDate::parse_from_str(&r["Date de création"], "%d/%m/%Y")
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let never = r["Actif"] == "Oui"
            && r["Dernière connexion"].is_empty()
            && created < as_of - Duration::days(31);
        if never {
            assert!(ids("never-used").contains(&id), "{id} never-used");
        }
        if r["Profil(s)"].contains("Administrateur DPI")
            && r["Profil(s)"].contains("Médecin prescripteur")
            && r["Actif"] == "Oui"
        {
            assert!(ids("toxic-combination").contains(&id), "{id}");
        }
        logins.insert(id);
    }
    assert_eq!(
        logins.len(),
        accounts.keys().filter(|k| k.starts_with("dpi:")).count()
    );
    // Orphans have no HR owner; duplicates are pairs of HR rows.
    for id in ids("orphan-account") {
        assert!(accounts[&id]["owner"].is_null(), "{id}");
    }
    for pair in t["pairs"]["hr-duplicate"].as_array().unwrap() {
        let (a, b) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert!(status.contains_key(a) && status.contains_key(b) && a != b);
    }
}

#[test]
fn vigie_toml_is_accepted_by_the_site_configuration() {
    let Err(diags) = vigie::config::site::load(&sample_dir().join("vigie.toml")) else {
        return;
    };
    for d in diags.iter() {
        // A connector still being written declares no field yet, so every
        // mapped column is « unknown » to it; any other problem is real.
        let pending = d.code == Code::UnknownKey
            && SourceKind::ALL.iter().any(|k| {
                connector_for(*k).fields().is_empty()
                    && d.message.contains(&format!("« {} »", k.as_str()))
            });
        assert!(pending, "{d:?}");
    }
}
