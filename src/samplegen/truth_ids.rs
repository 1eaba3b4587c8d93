//! Truth rules about national identifiers as written in HR, AD and the DPI:
//! ADELI still used, bad Luhn key, a colleague's RPPS, an RPPS unknown to the
//! extract, and active staff with no activity at the establishment.

use super::org::FINESS_EJ;
use super::rpps_extract::with_luhn;
use super::truth::Truth;
use super::world::{Status, World};
use crate::text::national_identifier_core;
use std::collections::{HashMap, HashSet};

pub(crate) fn luhn_ok(id: &str) -> bool {
    id.len() >= 2 && id.bytes().all(|b| b.is_ascii_digit()) && with_luhn(&id[..id.len() - 1]) == id
}

pub(crate) fn identifiers(w: &World, t: &mut Truth) {
    let owner_of: HashMap<&str, usize> = w
        .humans
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.rpps.as_deref().map(|r| (r, i)))
        .collect();
    let establishment: HashSet<String> = std::iter::once(FINESS_EJ.to_string())
        .chain(w.org.site_finess())
        .collect();
    let mut local: HashSet<&str> = HashSet::new();
    for l in &w.national {
        if establishment.contains(&l.finess_site) || establishment.contains(&l.finess_legal_entity)
        {
            local.insert(&l.identifier);
        }
    }
    let judge = |t: &mut Truth, id: &str, written: &str, human: Option<usize>| {
        let Some(core) = national_identifier_core(written) else {
            return;
        };
        if core.len() == 9 {
            t.add("adeli-identifier", id);
        } else if !luhn_ok(&core) {
            t.add("rpps-invalid-key", id);
        } else {
            match owner_of.get(core.as_str()) {
                Some(&o) if Some(o) != human => t.add("rpps-other-person", id),
                Some(_) => {}
                None if !core.starts_with("19") => t.add("rpps-unknown", id),
                None => {}
            }
        }
    };
    for (i, r) in w.records.iter().enumerate() {
        let id = t.person_ids[i].clone();
        judge(t, &id, &r.rpps, Some(r.human));
        if r.status == Status::Active {
            if let Some(core) = national_identifier_core(&r.rpps)
                .filter(|c| c.len() == 11 && owner_of.contains_key(c.as_str()))
            {
                if !local.contains(core.as_str()) {
                    t.add("rpps-no-local-activity", &id);
                }
            }
        }
    }
    for (i, a) in w.accounts.iter().enumerate() {
        if let Some(v) = &a.rpps {
            let id = t.account_ids[i].clone();
            judge(t, &id, v, a.human);
        }
    }
}
