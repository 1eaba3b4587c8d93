//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use vigie::config::SourceConfig;
use vigie::model::Establishment;
use vigie::source::{connector_for, Needs, NoProgress, ReadContext, SourceKind, SourceRead};

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn establishment() -> Establishment {
    Establishment {
        name: "CH de test".into(),
        finess: "999000017".into(),
        sites: vec![],
        ght: None,
    }
}

/// Reads one source through its connector, as `vigie` does.
pub fn read(
    kind: SourceKind,
    path: &Path,
    configure: impl FnOnce(&mut SourceConfig),
) -> SourceRead {
    let mut source = SourceConfig::new("src", kind, path);
    source.path_display = path.file_name().unwrap().to_string_lossy().into_owned();
    configure(&mut source);
    let est = establishment();
    let needs = Needs::default();
    let ctx = ReadContext {
        source: &source,
        establishment: &est,
        needs: &needs,
        progress: &NoProgress,
    };
    connector_for(kind).read(&ctx)
}

/// All diagnostics rendered, one per line.
pub fn rendered(read: &SourceRead) -> String {
    read.diagnostics.render()
}

/// A temporary directory with files written from (name, bytes) pairs.
pub fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// Runs the `vigie` binary in `dir`: (exit code, stdout, stderr).
pub fn vigie(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("vigie runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A path of the repository, with forward slashes (for a `vigie.toml`).
pub fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// The small test site's `vigie.toml`: reference date 15/11/2026, `settings`
/// (top-level keys such as `checks = …`), the « CH de test » establishment,
/// an HR export `rh.csv` and a DPI export `dpi.csv`.
pub fn small_site_config(settings: &str) -> String {
    format!(
        r#"as_of = 2026-11-15
{settings}
[establishment]
name = "CH de test"
finess = "999000017"

[[source]]
id = "rh"
kind = "sirh"
path = "rh.csv"

[[source]]
id = "dpi"
kind = "accounts"
application = "dpi"
path = "dpi.csv"
"#
    )
}
