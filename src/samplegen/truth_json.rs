//! Writes `ground-truth.json`: the parameters, the rules used (thresholds,
//! privileged groups, DPI profile matrix), each family with its count and
//! definition, subject ids per family, pairs (duplicates, homonyms), then
//! one line per person, human outside HR, account and group with their true
//! facts and anomalies. Person ids are `rh:<Matricule>`, account ids
//! `<source>:<login lower-cased>`, group ids `ad:<DN lower-cased>`.

use super::apps::{DPI_ADMIN, DPI_MATRIX, DPI_NEUTRAL};
use super::apps_pacs_labo::{LABO_ADMIN, PACS_ADMIN};
use super::org::{self, PROFESSIONS};
use super::truth::{Truth, FAMILIES, NEVER_USED_DAYS, SERVICE_RECENT_DAYS, STALE_DAYS};
use super::world::{Origin, Sex, World};
use super::{Error, Output};
use serde::Serialize;
use serde_json::json;

pub(crate) const PATH: &str = "ground-truth.json";

#[derive(Serialize)]
struct Moved<'a> {
    from: &'a str,
    to: &'a str,
    date: String,
}

#[derive(Serialize)]
struct PersonOut<'a> {
    id: &'a str,
    human: String,
    birth_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_name: Option<&'a str>,
    first_names: String,
    birth_date: String,
    sex: &'static str,
    profession_code: &'static str,
    rpps_registered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    rpps: Option<&'a str>,
    contract: &'static str,
    status: &'static str,
    arrival: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    unit: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    moved: Option<Moved<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<&'a str>,
    anomalies: Vec<&'static str>,
}

#[derive(Serialize)]
struct HumanOut<'a> {
    human: String,
    origin: &'static str,
    birth_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_name: Option<&'a str>,
    first_names: String,
    profession_code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rpps: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    left: Option<String>,
}

#[derive(Serialize)]
struct AccountOut<'a> {
    id: &'a str,
    source: &'static str,
    login: &'a str,
    owner: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    human: Option<String>,
    kind: &'static str,
    enabled: bool,
    usable: bool,
    privileged: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    orphan_reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stale_unit: Option<&'a str>,
    anomalies: Vec<&'static str>,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    name: &'a str,
    privileged: bool,
    interactive: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    health_app: Option<&'static str>,
    anomalies: Vec<&'static str>,
}

fn human_id(h: usize) -> String {
    format!("h{h:06}")
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `"key": [` + one element per line + `]`.
fn array(out: &mut String, key: &str, items: impl Iterator<Item = String>, last: bool) {
    out.push_str(&format!("  {}: [", to_json(&key)));
    let mut first = true;
    for item in items {
        out.push_str(if first { "\n    " } else { ",\n    " });
        out.push_str(&item);
        first = false;
    }
    out.push_str(if first { "]" } else { "\n  ]" });
    out.push_str(if last { "\n" } else { ",\n" });
}

pub(crate) fn write(w: &World, t: &Truth, out: &mut Output) -> Result<(), Error> {
    let mut s = String::with_capacity(w.accounts.len() * 220 + w.records.len() * 300);
    s.push_str("{\n");
    let head = [
        ("format", json!(1)),
        ("generator", json!("vigie-samplegen")),
        ("seed", json!(w.params.seed)),
        ("persons_requested", json!(w.params.persons)),
        (
            "as_of",
            json!(w.params.as_of.format("%Y-%m-%d").to_string()),
        ),
        (
            "establishment",
            json!({"name": org::NAME, "finess": org::FINESS_EJ, "sites": w.org.site_finess()}),
        ),
    ];
    for (k, v) in head {
        s.push_str(&format!("  {}: {},\n", to_json(&k), to_json(&v)));
    }
    let groups_where = |f: &dyn Fn(usize) -> bool| -> Vec<&String> {
        (0..w.groups.len())
            .filter(|&g| f(g))
            .map(|g| &t.group_ids[g])
            .collect()
    };
    let health: serde_json::Map<String, serde_json::Value> = (0..w.groups.len())
        .filter_map(|g| {
            w.groups[g]
                .health_app
                .map(|a| (t.group_ids[g].clone(), json!(a)))
        })
        .collect();
    let matrix: serde_json::Map<String, serde_json::Value> = DPI_MATRIX
        .iter()
        .map(|(c, p)| (c.to_string(), json!(p)))
        .collect();
    let mut registered: Vec<&str> = PROFESSIONS
        .iter()
        .filter(|p| p.rpps_registered())
        .map(|p| p.code)
        .collect();
    registered.sort_unstable();
    registered.dedup();
    let rules = json!({
        "usable": "enabled at as_of; for AD, userAccountControl without ACCOUNTDISABLE and accountExpires not passed",
        "stale_days": STALE_DAYS,
        "never_used_days": NEVER_USED_DAYS,
        "service_recent_days": SERVICE_RECENT_DAYS,
        "privileged_groups": groups_where(&|g| w.groups[g].privileged),
        "interactive_groups": groups_where(&|g| w.groups[g].interactive),
        "health_groups": health,
        "privileged_profiles": {"dpi": [DPI_ADMIN], "pacs": [PACS_ADMIN], "labo": [LABO_ADMIN]},
        "dpi_profile_matrix": matrix,
        "dpi_neutral_profiles": DPI_NEUTRAL,
        "rpps_registered_codes": registered,
        "it_unit": w.org.units.iter().filter(|u| u.kind == org::UnitKind::It).map(|u| u.code.as_str()).collect::<Vec<_>>(),
    });
    s.push_str(&format!("  \"rules\": {},\n", to_json(&rules)));
    let families = FAMILIES.iter().map(|(id, subject, axis, def)| {
        to_json(&json!({"id": id, "subject": subject.as_str(), "axis": axis, "count": t.families[id].len(), "definition": def}))
    });
    array(&mut s, "families", families, false);
    s.push_str("  \"anomalies\": {");
    for (i, (id, _, _, _)) in FAMILIES.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        s.push_str(&format!("{}: {}", to_json(id), to_json(&t.families[id])));
    }
    s.push_str("\n  },\n  \"pairs\": {");
    for (i, (id, pairs)) in t.pairs.iter().enumerate() {
        s.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let list: Vec<[&String; 2]> = pairs.iter().map(|(a, b)| [a, b]).collect();
        s.push_str(&format!("{}: {}", to_json(id), to_json(&list)));
    }
    s.push_str("\n  },\n");

    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let persons = w.records.iter().enumerate().map(|(i, r)| {
        let h = &w.humans[r.human];
        let p = &PROFESSIONS[h.profession];
        to_json(&PersonOut {
            id: &t.person_ids[i],
            human: human_id(r.human),
            birth_name: &h.birth_name,
            usage_name: h.usage_name.as_deref(),
            first_names: h.first_names.join(" "),
            birth_date: date(h.birth_date),
            sex: if h.sex == Sex::F { "F" } else { "M" },
            profession_code: p.code,
            rpps_registered: p.rpps_registered(),
            rpps: h.rpps.as_deref(),
            contract: r.contract.as_str(),
            status: r.status.as_str(),
            arrival: date(r.arrival),
            end: r.end.map(date),
            unit: &w.org.units[r.unit].code,
            moved: r.moved.map(|(from, d)| Moved {
                from: &w.org.units[from].code,
                to: &w.org.units[r.unit].code,
                date: date(d),
            }),
            duplicate_of: r.duplicate_of.map(|d| t.person_ids[d].as_str()),
            anomalies: t.of(&t.person_ids[i]),
        })
    });
    array(&mut s, "persons", persons, false);
    let outside = w
        .humans
        .iter()
        .enumerate()
        .filter(|(_, h)| h.origin != Origin::Staff)
        .map(|(i, h)| {
            to_json(&HumanOut {
                human: human_id(i),
                origin: h.origin.orphan_reason().unwrap_or(""),
                birth_name: &h.birth_name,
                usage_name: h.usage_name.as_deref(),
                first_names: h.first_names.join(" "),
                profession_code: PROFESSIONS[h.profession].code,
                rpps: h.rpps.as_deref(),
                left: h.left.map(date),
            })
        });
    array(&mut s, "humans_outside_hr", outside, false);
    let accounts = w.accounts.iter().enumerate().map(|(i, a)| {
        let human = a.human.map(|h| &w.humans[h]);
        to_json(&AccountOut {
            id: &t.account_ids[i],
            source: a.source.id(),
            login: &a.login,
            owner: a.owner.map(|o| t.person_ids[o].as_str()),
            human: a.human.map(human_id),
            kind: a.kind.as_str(),
            enabled: a.enabled,
            usable: t.usable[i],
            privileged: t.privileged[i],
            orphan_reason: if a.owner.is_none() {
                human.and_then(|h| h.origin.orphan_reason())
            } else {
                None
            },
            stale_unit: a.stale_unit.map(|u| w.org.units[u].code.as_str()),
            anomalies: t.of(&t.account_ids[i]),
        })
    });
    array(&mut s, "accounts", accounts, false);
    let groups = (0..w.groups.len()).map(|g| {
        let group = &w.groups[g];
        to_json(&GroupOut {
            id: &t.group_ids[g],
            name: &group.cn,
            privileged: group.privileged,
            interactive: group.interactive,
            health_app: group.health_app,
            anomalies: t.of(&t.group_ids[g]),
        })
    });
    array(&mut s, "groups", groups, true);
    s.push_str("}\n");
    out.write(PATH, s.as_bytes())
}
