//! Deterministic generator of fictional hospital estates, for the bundled
//! sample (`samples/ch-demo/`), tests and benchmarks.
//!
//! [`generate`] builds a « Centre hospitalier de démonstration » of a given
//! size — HR export, Active Directory LDIF, DPI/PACS/lab account exports,
//! application inventory, national RPPS extract, `vigie.toml` and the
//! hospital's own check policy (`policies/checks.toml`) — with the data
//! defects hospitals really have (domain.md §8) planted in realistic
//! proportions, and writes `ground-truth.json`: who owns each account, what
//! kind of account it is, and every anomaly by family, so later stages can
//! measure recall and precision.
//!
//! Same parameters → byte-identical files: one ChaCha8 stream per stage, no
//! wall clock, no hash-map iteration in any output.
//!
//! Layout: `org` (units, professions), `names` (pools, spelling variants),
//! `people` (HR population), `groups` + `ad` (directory), `apps` (DPI, PACS,
//! lab), `national` (RPPS extract), `truth` (ground truth), writers
//! (`hr_csv`, `app_files`, `ldif`, `inventory`, `site_config`, `site_policy`,
//! `readme`).

mod ad;
mod ad_outsiders;
mod ad_special;
mod app_files;
mod apps;
mod apps_pacs_labo;
mod dpi_profiles;
mod groups;
mod hr_csv;
mod hr_dates;
mod hr_fields;
mod inventory;
pub(crate) mod ldif;
mod logins;
mod names;
mod national;
mod org;
mod people;
mod readme;
pub mod rpps_extract;
mod site_config;
mod site_policy;
mod staffing;
mod truth;
mod truth_ids;
mod truth_json;
mod world;

use chrono::NaiveDate;
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) type Rng = ChaCha8Rng;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// Rows in the HR export (persons, including HR duplicates).
    pub persons: usize,
    pub seed: u64,
    /// The date the exports are taken (« date d'extraction »).
    pub as_of: NaiveDate,
    /// `checks` in the generated `vigie.toml`: where the catalogue is, from
    /// the output folder (default `../../checks`, as for `samples/ch-demo`).
    pub catalogue: String,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            persons: 1500,
            seed: 42,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap_or_default(),
            catalogue: "../../checks".into(),
        }
    }
}

/// One file written.
#[derive(Debug, Clone)]
pub struct FileSummary {
    /// Relative to the output directory, with `/`.
    pub path: String,
    pub bytes: u64,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Summary {
    pub files: Vec<FileSummary>,
    pub persons: usize,
    /// Accounts per source id (`ad`, `dpi`, `pacs`, `labo`).
    pub accounts: BTreeMap<String, usize>,
    pub groups: usize,
    pub rpps_lines: usize,
    /// Subjects per anomaly family.
    pub anomalies: BTreeMap<String, usize>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("paramètre invalide : {0}")]
    InvalidParams(String),
    #[error("écriture impossible de « {path} » : {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("écriture du classeur « {path} » impossible : {message}")]
    Xlsx { path: PathBuf, message: String },
    #[error("« {path} » : le caractère « {ch} » n'existe pas en Windows-1252")]
    Encoding { path: PathBuf, ch: char },
}

/// Smallest estate generated. From about 1,000
/// persons every anomaly family has subjects; below, the rarest may have none.
pub const MIN_PERSONS: usize = 200;

/// Generates the estate into `out_dir` (created if needed).
pub fn generate(params: &Params, out_dir: &Path) -> Result<Summary, Error> {
    if params.persons < MIN_PERSONS {
        return Err(Error::InvalidParams(format!(
            "au moins {MIN_PERSONS} personnes sont nécessaires (demandé : {})",
            params.persons
        )));
    }
    if params.persons > 2_000_000 {
        return Err(Error::InvalidParams(format!(
            "{} personnes : au plus 2 000 000",
            params.persons
        )));
    }
    let world = build(params);
    let truth = truth::compute(&world);
    let mut out = Output::new(out_dir);
    hr_csv::write(&world, &mut out)?;
    ldif::write(&world, &mut out)?;
    app_files::write_dpi(&world, &mut out)?;
    app_files::write_pacs(&world, &mut out)?;
    app_files::write_labo(&world, &mut out)?;
    inventory::write(&world, &mut out)?;
    let rpps_lines = national::write(&world, &mut out)?;
    site_config::write(&world, &mut out)?;
    site_policy::write(&world, &mut out)?;
    truth_json::write(&world, &truth, &mut out)?;
    readme::write(&world, &truth, &mut out)?;

    let mut accounts = BTreeMap::new();
    for a in &world.accounts {
        *accounts.entry(a.source.id().to_string()).or_insert(0) += 1;
    }
    Ok(Summary {
        files: out.files,
        persons: world.records.len(),
        accounts,
        groups: world.groups.len(),
        rpps_lines,
        anomalies: truth
            .families
            .iter()
            .map(|(k, v)| (k.to_string(), v.len()))
            .collect(),
    })
}

/// Builds the estate in memory, stage by stage, each with its own stream.
pub(crate) fn build(params: &Params) -> world::World {
    let org = org::Org::new(params.persons);
    let people = people::generate(params, &org, &mut stage_rng(params.seed, 1));
    let mut w = world::World {
        params: params.clone(),
        org,
        humans: people.humans,
        records: people.records,
        accounts: Vec::new(),
        groups: Vec::new(),
        computers: Vec::new(),
        national: Vec::new(),
    };
    let index = groups::build(&mut w, &mut stage_rng(params.seed, 2));
    ad::generate(&mut w, &index, &mut stage_rng(params.seed, 3));
    apps::generate(&mut w, &mut stage_rng(params.seed, 4));
    national::generate(&mut w, &mut stage_rng(params.seed, 5));
    w
}

/// Where files go, and what was written.
pub(crate) struct Output {
    dir: PathBuf,
    files: Vec<FileSummary>,
}

impl Output {
    fn new(dir: &Path) -> Output {
        Output {
            dir: dir.to_path_buf(),
            files: Vec::new(),
        }
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Writes `bytes` at `rel`, creating parent folders.
    pub(crate) fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        self.files.push(FileSummary {
            path: rel.to_string(),
            bytes: bytes.len() as u64,
        });
        Ok(())
    }

    pub(crate) fn files(&self) -> &[FileSummary] {
        &self.files
    }
}

/// An independent stream per stage, so that a change in one stage does not
/// reshuffle the others.
pub(crate) fn stage_rng(seed: u64, stage: u64) -> Rng {
    ChaCha8Rng::seed_from_u64(seed ^ stage.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

pub(crate) fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random_bool(p.clamp(0.0, 1.0))
}

/// Picks an item with probability proportional to `weight` (zero weights
/// are never picked unless all are zero).
pub(crate) fn pick_weighted<'a, T>(
    rng: &mut Rng,
    items: &'a [T],
    weight: impl Fn(&T) -> u32,
) -> &'a T {
    let total: u64 = items.iter().map(|i| u64::from(weight(i))).sum();
    if total == 0 {
        return &items[0];
    }
    let mut x = rng.random_range(0..total);
    for item in items {
        let w = u64::from(weight(item));
        if x < w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1]
}

/// A time of day during working hours on `date`.
pub(crate) fn work_time(date: NaiveDate, rng: &mut Rng) -> chrono::NaiveDateTime {
    let h = rng.random_range(7..19u32);
    let m = rng.random_range(0..60u32);
    date.and_hms_opt(h, m, 0).unwrap_or_default()
}
