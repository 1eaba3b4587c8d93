//! The national RPPS extract (`PS_LibreAcces_Personne_activite`) for the
//! sample: the estate's professionals with their activities at the
//! establishment (not always up to date), activities elsewhere, and
//! unrelated professionals from `rpps_extract::write_filler`, sorted by
//! identifier as the national file is.

use super::org::{Family, Registry, FINESS_EJ, PROFESSIONS};
use super::rpps_extract::{self, RppsLine};
use super::world::{NationalLine, Origin, Status, World};
use super::{chance, names, Error, Output, Rng};
use rand::Rng as _;

pub(crate) fn path(w: &World) -> String {
    format!(
        "rpps/PS_LibreAcces_Personne_activite_{}0000.txt",
        w.params.as_of.format("%Y%m%d")
    )
}

/// Unrelated lines written after the estate's own.
pub(crate) fn filler_count(w: &World) -> usize {
    w.params.persons.max(2000)
}

fn elsewhere(rng: &mut Rng, h: usize, identifier: &str, last: &str, first: &str) -> NationalLine {
    let dept = rng.random_range(1..96u32);
    NationalLine {
        human: h,
        identifier: identifier.to_string(),
        last_name: last.to_string(),
        first_name: first.to_string(),
        mode: "S",
        finess_site: format!("{dept:02}0{:06}", rng.random_range(0..1_000_000u32)),
        finess_legal_entity: format!("{dept:02}0{:06}", rng.random_range(0..1_000_000u32)),
        site_name: format!("CENTRE HOSPITALIER {}", rng.random_range(1..400u32)),
        postal_code: format!("{dept:02}{:03}", rng.random_range(0..1000u32)),
        city: "VILLE".to_string(),
    }
}

fn liberal(rng: &mut Rng, h: usize, identifier: &str, last: &str, first: &str) -> NationalLine {
    let mut l = elsewhere(rng, h, identifier, last, first);
    l.mode = "L";
    l.finess_site.clear();
    l.finess_legal_entity.clear();
    l.site_name = format!("CABINET {last}");
    l
}

/// Builds the estate's lines of the extract.
pub(crate) fn generate(w: &mut World, rng: &mut Rng) {
    let mut primary: Vec<Option<usize>> = vec![None; w.humans.len()];
    for (i, r) in w.records.iter().enumerate() {
        if r.duplicate_of.is_none() && primary[r.human].is_none() {
            primary[r.human] = Some(i);
        }
    }
    let mut lines = Vec::new();
    for (hi, h) in w.humans.iter().enumerate() {
        let Some(id) = &h.rpps else { continue };
        let last = names::upper_ascii(h.last_name());
        let first = h.given_name().to_string();
        let here = |unit: usize| {
            let site = &w.org.sites[w.org.units[unit].site];
            NationalLine {
                human: hi,
                identifier: id.clone(),
                last_name: last.clone(),
                first_name: first.clone(),
                mode: "S",
                finess_site: site.finess.clone(),
                finess_legal_entity: FINESS_EJ.to_string(),
                site_name: site.name.clone(),
                postal_code: site.postal_code.clone(),
                city: site.city.clone(),
            }
        };
        match (h.origin, primary[hi]) {
            (Origin::Staff, Some(ri)) => {
                let r = &w.records[ri];
                let local = match r.status {
                    Status::Departed => chance(rng, 0.4),
                    _ => !chance(rng, 0.05),
                };
                if local {
                    lines.push(here(r.unit));
                } else {
                    lines.push(elsewhere(rng, hi, id, &last, &first));
                }
                if chance(rng, 0.15) {
                    lines.push(liberal(rng, hi, id, &last, &first));
                }
            }
            (Origin::ExternalPhysician, _) => {
                lines.push(liberal(rng, hi, id, &last, &first));
                if chance(rng, 0.4) {
                    lines.push(here(h.unit));
                }
            }
            _ => lines.push(elsewhere(rng, hi, id, &last, &first)),
        }
    }
    w.national = lines;
}

/// Writes the extract; returns the number of lines (without header).
pub(crate) fn write(w: &World, out: &mut Output) -> Result<usize, Error> {
    let mut own: Vec<(String, Vec<u8>)> = Vec::with_capacity(w.national.len());
    for l in &w.national {
        let h = &w.humans[l.human];
        let p = &PROFESSIONS[h.profession];
        let resident = p.family == Family::Resident && h.origin != Origin::FormerIntern;
        let (civ, civ_label) = match p.family {
            Family::Physician | Family::Pharmacist | Family::Resident if !resident => {
                ("DR", "Docteur")
            }
            _ if h.sex == super::world::Sex::F => ("MME", "Madame"),
            _ => ("M", "Monsieur"),
        };
        let gp = p.family == Family::Physician && p.code == "10" && chance_free(&l.identifier);
        let mut buf = Vec::new();
        rpps_extract::write_line(
            &mut buf,
            &RppsLine {
                identifier_type: "8",
                identifier: &l.identifier,
                civility_code: civ,
                civility_label: civ_label,
                last_name: &l.last_name,
                first_name: &l.first_name,
                profession_code: p.code,
                profession_label: p.national_label,
                category_code: if resident { "E" } else { "C" },
                specialty_code: if gp { "SM54" } else { "" },
                specialty_label: if gp { "Médecine générale" } else { "" },
                mode: l.mode,
                finess_site: &l.finess_site,
                finess_legal_entity: &l.finess_legal_entity,
                site_name: &l.site_name,
                postal_code: &l.postal_code,
                city: &l.city,
                registration_authority: match p.registry {
                    Registry::None => "",
                    _ => p.authority(),
                },
            },
        )
        .map_err(|source| Error::Io {
            path: out.path(&path(w)),
            source,
        })?;
        own.push((l.identifier.clone(), buf));
    }
    let mut filler = Vec::new();
    rpps_extract::write_filler(
        &mut filler,
        w.params.seed.wrapping_add(7),
        filler_count(w),
        0,
    )
    .map_err(|source| Error::Io {
        path: out.path(&path(w)),
        source,
    })?;
    for line in filler.split_inclusive(|&b| b == b'\n') {
        let id = line
            .split(|&b| b == b'|')
            .nth(1)
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        own.push((id, line.to_vec()));
    }
    own.sort_by(|a, b| a.0.cmp(&b.0));
    let mut bytes = Vec::with_capacity(own.iter().map(|l| l.1.len()).sum::<usize>() + 2000);
    rpps_extract::write_header(&mut bytes).map_err(|source| Error::Io {
        path: out.path(&path(w)),
        source,
    })?;
    for (_, l) in &own {
        bytes.extend_from_slice(l);
    }
    out.write(&path(w), &bytes)?;
    Ok(own.len())
}

/// Deterministic « one in three » from the identifier (no stream needed).
fn chance_free(id: &str) -> bool {
    id.bytes().map(u32::from).sum::<u32>() % 3 == 0
}
