//! Integrity of a scan's evidence: `DIR/manifest.json` holds the SHA-256
//! and size of every input file the scan read and of every output file in
//! `DIR`, and [`verify`] recomputes them.
//!
//! The manifest is the last file `vigie scan` writes, and it covers
//! whatever files are in `DIR` at that moment (recursively), so a new
//! output writer needs no change here. Not covered: `manifest.json`
//! itself, hidden entries (name starting with `.`, e.g. the temporary files
//! of an atomic write) and anything that is not a regular file (symbolic
//! links). Inputs are recorded with their path as written in `vigie.toml`
//! and the absolute path it resolved to, which [`verify`] reads again.
//!
//! The manifest is not signed: whoever can rewrite `DIR` can rewrite it.
//! Keep its SHA-256 (printed by `vigie scan`) somewhere else — the CI log,
//! the ticket — to make the whole directory evidence.

use crate::report::Document;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The manifest's file name in the output directory.
pub const FILE: &str = "manifest.json";

/// The schema identifier written in every manifest.
pub const FORMAT: &str = "vigie-manifest/1";

/// `DIR/manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub vigie_version: String,
    /// When the scan started (`scan.started_at` of the document).
    pub scan_started_at: DateTime<Utc>,
    /// When the manifest was written.
    pub written_at: DateTime<Utc>,
    /// FINESS of the establishment scanned.
    pub finess: String,
    pub inputs: Vec<InputEntry>,
    /// Files of `DIR`, by path relative to it (`/`-separated), sorted.
    pub outputs: Vec<OutputEntry>,
}

/// One input file, as the scan read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    pub source: String,
    /// As written in `vigie.toml`.
    pub path: String,
    /// The absolute path it resolved to at scan time.
    pub resolved: String,
    pub sha256: String,
    pub size: u64,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputEntry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// Why a manifest could not be written or read. Messages are in French and
/// name the file.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("« {path} » illisible : {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("dossier « {path} » introuvable")]
    NoDir { path: String },
    #[error(
        "« {path} » introuvable : ce dossier n'a pas été écrit par « vigie scan », ou son manifeste a été supprimé"
    )]
    Missing { path: String },
    #[error("« {path} » altéré ou illisible : {detail}")]
    Corrupt { path: String, detail: String },
    #[error("écriture de « {path} » impossible : {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Builds the manifest of `dir` for `doc`; `base_dir` is the configuration
/// file's directory (input paths are relative to it).
pub fn build(dir: &Path, doc: &Document, base_dir: &Path) -> Result<Manifest, ManifestError> {
    let inputs = doc
        .sources
        .iter()
        .flat_map(|s| s.files.iter().map(move |f| (s, f)))
        .map(|(s, f)| {
            let joined = base_dir.join(&f.path);
            let resolved = std::path::absolute(&joined).unwrap_or(joined);
            InputEntry {
                source: s.id.clone(),
                path: f.path.clone(),
                resolved: resolved.display().to_string(),
                sha256: f.sha256.clone(),
                size: f.size,
            }
        })
        .collect();
    let mut outputs = Vec::new();
    for (rel, path) in output_files(dir)? {
        let (sha256, size) = hash(&path)?;
        outputs.push(OutputEntry {
            path: rel,
            sha256,
            size,
        });
    }
    Ok(Manifest {
        format: FORMAT.to_string(),
        vigie_version: env!("CARGO_PKG_VERSION").to_string(),
        scan_started_at: doc.scan.started_at,
        written_at: Utc::now(),
        finess: doc.scan.establishment.finess.clone(),
        inputs,
        outputs,
    })
}

/// Builds and writes `dir/manifest.json` (atomically); returns the manifest
/// and the SHA-256 of the file written.
pub fn write(
    dir: &Path,
    doc: &Document,
    base_dir: &Path,
) -> Result<(Manifest, String), ManifestError> {
    let manifest = build(dir, doc, base_dir)?;
    let path = dir.join(FILE);
    let write_error = |source| ManifestError::Write {
        path: path.display().to_string(),
        source,
    };
    let mut json =
        serde_json::to_vec_pretty(&manifest).map_err(|e| write_error(std::io::Error::other(e)))?;
    json.push(b'\n');
    crate::snapshot::write_atomic(&path, &json).map_err(write_error)?;
    Ok((manifest, crate::source::sha256_hex(&json)))
}

/// Reads `dir/manifest.json`.
pub fn read(dir: &Path) -> Result<Manifest, ManifestError> {
    let path = dir.join(FILE);
    let shown = path.display().to_string();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ManifestError::Missing { path: shown })
        }
        Err(source) => {
            return Err(ManifestError::Io {
                path: shown,
                source,
            })
        }
    };
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| ManifestError::Corrupt {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
    if manifest.format != FORMAT {
        return Err(ManifestError::Corrupt {
            path: shown,
            detail: format!("format « {} », attendu « {FORMAT} »", manifest.format),
        });
    }
    Ok(manifest)
}

/// What became of one file since the manifest was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    Intact,
    /// Present, with other contents.
    Modified {
        expected_size: u64,
        found_size: u64,
        found_sha256: String,
    },
    Missing,
    /// An output file the manifest does not list.
    Added,
    /// Present but could not be read (the message, in French).
    Unreadable(String),
}

/// One file checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCheck {
    /// Relative to `DIR` for outputs; as written in `vigie.toml` for inputs.
    pub path: String,
    /// For inputs: the absolute path read.
    pub resolved: Option<String>,
    pub status: FileStatus,
}

/// The result of [`verify`].
#[derive(Debug, Clone)]
pub struct Verification {
    pub manifest: Manifest,
    /// Manifest order, then added files.
    pub outputs: Vec<FileCheck>,
    pub inputs: Vec<FileCheck>,
}

impl Verification {
    pub fn outputs_intact(&self) -> bool {
        self.outputs.iter().all(|c| c.status == FileStatus::Intact)
    }

    pub fn inputs_unchanged(&self) -> bool {
        self.inputs.iter().all(|c| c.status == FileStatus::Intact)
    }

    /// Nothing altered, added or removed, and every input as it was read.
    pub fn intact(&self) -> bool {
        self.outputs_intact() && self.inputs_unchanged()
    }
}

/// Recomputes every hash of `dir`'s manifest: outputs altered, added or
/// removed; inputs changed or gone since the scan.
pub fn verify(dir: &Path) -> Result<Verification, ManifestError> {
    if !dir.is_dir() {
        return Err(ManifestError::NoDir {
            path: dir.display().to_string(),
        });
    }
    let manifest = read(dir)?;
    let mut present: BTreeMap<String, PathBuf> = output_files(dir)?.into_iter().collect();
    let mut outputs = Vec::new();
    for entry in &manifest.outputs {
        let status = match present.remove(&entry.path) {
            None => FileStatus::Missing,
            Some(path) => compare(&path, entry.size, &entry.sha256),
        };
        outputs.push(FileCheck {
            path: entry.path.clone(),
            resolved: None,
            status,
        });
    }
    outputs.extend(present.into_keys().map(|path| FileCheck {
        path,
        resolved: None,
        status: FileStatus::Added,
    }));
    let inputs = manifest
        .inputs
        .iter()
        .map(|entry| {
            let path = Path::new(&entry.resolved);
            let status = if path.is_file() {
                compare(path, entry.size, &entry.sha256)
            } else {
                FileStatus::Missing
            };
            FileCheck {
                path: entry.path.clone(),
                resolved: Some(entry.resolved.clone()),
                status,
            }
        })
        .collect();
    Ok(Verification {
        manifest,
        outputs,
        inputs,
    })
}

fn compare(path: &Path, size: u64, sha256: &str) -> FileStatus {
    match crate::source::sha256_file(path) {
        Ok((found, found_size)) if found == sha256 && found_size == size => FileStatus::Intact,
        Ok((found_sha256, found_size)) => FileStatus::Modified {
            expected_size: size,
            found_size,
            found_sha256,
        },
        Err(e) => FileStatus::Unreadable(e.to_string()),
    }
}

fn hash(path: &Path) -> Result<(String, u64), ManifestError> {
    crate::source::sha256_file(path).map_err(|source| ManifestError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The regular, non-hidden files under `dir` but `dir/manifest.json`, by
/// `/`-separated relative path.
fn output_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, ManifestError> {
    let mut out = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| ManifestError::Io {
            path: e.path().unwrap_or(dir).display().to_string(),
            source: e.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel != FILE {
            out.push((rel, entry.into_path()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InputFile, RecordCounts, SourceReport, SourceStatus};
    use crate::report::testdoc::document;

    /// A site with one input and an output directory with two files.
    fn scanned() -> (tempfile::TempDir, PathBuf, Document) {
        let root = tempfile::tempdir().unwrap();
        let input = b"Matricule;Nom\n1;DUPONT\n";
        std::fs::write(root.path().join("rh.csv"), input).unwrap();
        let out = root.path().join("out");
        std::fs::create_dir_all(out.join("annexes")).unwrap();
        std::fs::write(out.join("findings.json"), b"{}\n").unwrap();
        std::fs::write(out.join("annexes/a.csv"), b"a;b\n").unwrap();
        std::fs::write(out.join(".findings.json.12.tmp"), b"x").unwrap();
        let mut doc = document(vec![]);
        doc.sources.push(SourceReport {
            id: "rh".into(),
            kind: "sirh".into(),
            status: SourceStatus::Ok,
            files: vec![InputFile {
                path: "rh.csv".into(),
                sha256: crate::source::sha256_hex(input),
                size: input.len() as u64,
            }],
            counts: RecordCounts::default(),
            read_as: Default::default(),
            seconds: 0.0,
            diagnostics: Default::default(),
        });
        (root, out, doc)
    }

    #[test]
    fn covers_every_output_but_itself_and_hidden_files() {
        let (root, out, doc) = scanned();
        let (m, sha) = write(&out, &doc, root.path()).unwrap();
        let paths: Vec<_> = m.outputs.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths, ["annexes/a.csv", "findings.json"]);
        assert_eq!(m.inputs[0].path, "rh.csv");
        assert!(Path::new(&m.inputs[0].resolved).is_absolute());
        assert_eq!(
            sha,
            crate::source::sha256_hex(&std::fs::read(out.join(FILE)).unwrap())
        );
        assert_eq!(read(&out).unwrap(), m);
        let v = verify(&out).unwrap();
        assert!(v.intact(), "{:?}", v.outputs);
        assert_eq!(v.outputs.len(), 2);
    }

    #[test]
    fn finds_altered_added_removed_and_changed_inputs() {
        let (root, out, doc) = scanned();
        write(&out, &doc, root.path()).unwrap();
        std::fs::write(out.join("findings.json"), b"{ }\n").unwrap();
        std::fs::remove_file(out.join("annexes/a.csv")).unwrap();
        std::fs::write(out.join("extra.txt"), b"?").unwrap();
        std::fs::write(root.path().join("rh.csv"), b"autre\n").unwrap();
        let v = verify(&out).unwrap();
        let st: Vec<_> = v
            .outputs
            .iter()
            .map(|c| (c.path.as_str(), &c.status))
            .collect();
        assert_eq!(st[0], ("annexes/a.csv", &FileStatus::Missing));
        assert_eq!(st[1].0, "findings.json");
        assert!(matches!(
            st[1].1,
            FileStatus::Modified {
                expected_size: 3,
                found_size: 4,
                ..
            }
        ));
        assert_eq!(st[2], ("extra.txt", &FileStatus::Added));
        assert!(matches!(v.inputs[0].status, FileStatus::Modified { .. }));
        assert!(!v.intact());
        std::fs::remove_file(root.path().join("rh.csv")).unwrap();
        assert_eq!(verify(&out).unwrap().inputs[0].status, FileStatus::Missing);
    }

    #[test]
    fn a_missing_or_broken_manifest_is_an_error() {
        let (_root, out, _doc) = scanned();
        assert!(matches!(verify(&out), Err(ManifestError::Missing { .. })));
        std::fs::write(out.join(FILE), b"{\"format\":").unwrap();
        let e = verify(&out).unwrap_err();
        assert!(matches!(e, ManifestError::Corrupt { .. }));
        assert!(e.to_string().contains("manifest.json » altéré"), "{e}");
        let e = verify(&out.join("nope")).unwrap_err();
        assert!(e.to_string().ends_with("nope » introuvable"), "{e}");
    }
}
