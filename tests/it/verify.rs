//! `vigie verify DIR` end to end: the manifest written last by `vigie scan`
//! and every way the evidence can change afterwards.

use crate::site::{vigie, Site};

fn scanned() -> Site {
    let site = Site::new();
    let (code, out, err) = site.scan("out", &["--no-history"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Manifeste : out/manifest.json"), "{out}");
    site
}

fn verify(site: &Site) -> (i32, String, String) {
    vigie(site.root.path(), &["verify", "out"])
}

#[test]
fn the_manifest_covers_inputs_and_every_output() {
    let site = scanned();
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(m["format"], "vigie-manifest/1");
    let outputs: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            "findings.csv",
            "findings.json",
            "plan-d-action.xlsx",
            "reconciliation.csv",
            "reconciliation.json",
            "report.html",
            "vigie-junit.xml",
            "vigie.sarif"
        ]
    );
    let inputs: Vec<&str> = m["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["rh.csv", "dpi.csv"]);
    let rh = std::fs::read(site.path("site/rh.csv")).unwrap();
    assert_eq!(m["inputs"][0]["sha256"], vigie::source::sha256_hex(&rh));
    assert_eq!(m["inputs"][0]["size"], rh.len());
}

#[test]
fn intact_exits_0() {
    let site = scanned();
    let (code, out, err) = verify(&site);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("  intact      findings.json\n"), "{out}");
    assert!(out.contains("  inchangée   rh.csv\n"), "{out}");
    assert!(
        out.contains("Bilan : intact — 8 résultat(s) et 2 entrée(s) conformes au manifeste."),
        "{out}"
    );
}

#[test]
fn one_byte_changed_in_findings_json_exits_1_naming_it() {
    let site = scanned();
    let path = site.path("out/findings.json");
    let mut bytes = std::fs::read(&path).unwrap();
    let i = bytes.len() / 2;
    bytes[i] = if bytes[i] == b'a' { b'b' } else { b'a' };
    std::fs::write(&path, bytes).unwrap();
    let (code, out, _) = verify(&site);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  MODIFIÉ     findings.json — contenu différent du manifeste (même taille"),
        "{out}"
    );
    assert!(out.contains("  intact      reconciliation.csv"), "{out}");
    assert!(
        out.contains("Bilan : ALTÉRÉ — 1 résultat(s) modifié(s)."),
        "{out}"
    );
}

#[test]
fn a_deleted_or_added_output_is_named() {
    let site = scanned();
    std::fs::remove_file(site.path("out/reconciliation.csv")).unwrap();
    std::fs::write(site.path("out/notes.txt"), b"ajout").unwrap();
    let (code, out, _) = verify(&site);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  SUPPRIMÉ    reconciliation.csv — listé au manifeste, absent du dossier"),
        "{out}"
    );
    assert!(
        out.contains("  AJOUTÉ      notes.txt — absent du manifeste"),
        "{out}"
    );
    assert!(
        out.contains("1 résultat(s) supprimé(s), 1 fichier(s) ajouté(s)"),
        "{out}"
    );
}

#[test]
fn a_changed_or_missing_input_is_named() {
    let site = scanned();
    let mut hr = std::fs::read(site.path("site/rh.csv")).unwrap();
    hr.extend_from_slice(
        b"000003;DURAND;;Luc;01/01/1990;M;60;Infirmier;;2001;R;CDI;01/01/2020;;Actif\n",
    );
    std::fs::write(site.path("site/rh.csv"), hr).unwrap();
    std::fs::remove_file(site.path("site/dpi.csv")).unwrap();
    let (code, out, _) = verify(&site);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("  MODIFIÉE    rh.csv — modifiée depuis l'analyse (taille"),
        "{out}"
    );
    assert!(
        out.contains("  INTROUVABLE dpi.csv — plus de fichier à "),
        "{out}"
    );
    assert!(
        out.contains("Les résultats sont intacts, mais ne peuvent plus être reproduits"),
        "{out}"
    );
}

#[test]
fn no_manifest_exits_2_and_a_broken_one_exits_1() {
    let site = scanned();
    let (code, _, err) = vigie(site.root.path(), &["verify", "absent"]);
    assert_eq!(code, 2);
    assert!(err.contains("dossier « absent » introuvable"), "{err}");
    std::fs::write(site.path("out/manifest.json"), b"{\"format\": 1").unwrap();
    let (code, _, err) = verify(&site);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("manifest.json » altéré ou illisible"), "{err}");
    std::fs::remove_file(site.path("out/manifest.json")).unwrap();
    let (code, _, err) = verify(&site);
    assert_eq!(code, 2);
    assert!(err.contains("manifest.json » introuvable"), "{err}");
    let (code, out, _) = vigie(site.root.path(), &["verify", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0  intact") && out.contains("1  altéré"),
        "{out}"
    );
}
