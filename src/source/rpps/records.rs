//! Kept lines → [`RppsPerson`] records: one per identifier, each line an
//! [`RppsActivity`], the provenance the first line. Only kept lines are
//! decoded into strings.

use super::decode::LineText;
use super::fields::Fields;
use super::fxhash::FxMap;
use super::header::{f, Layout};
use crate::model::{Provenance, RppsActivity, RppsPerson};
use std::sync::Arc;

pub(super) struct Records {
    layout: Layout,
    source: Arc<str>,
    file: Arc<str>,
    pub persons: Vec<RppsPerson>,
    index: FxMap<usize>,
    /// Lines turned into activities.
    pub lines: usize,
}

impl Records {
    pub fn new(layout: Layout, source: &str, file: &str) -> Self {
        Records {
            layout,
            source: Arc::from(source),
            file: Arc::from(file),
            persons: Vec::new(),
            index: FxMap::default(),
            lines: 0,
        }
    }

    /// A professional already kept.
    pub fn contains(&self, identifier: &str) -> bool {
        self.index.contains_key(identifier)
    }

    /// Adds one line under its professional (`identifier` is the trimmed
    /// « Identifiant PP »).
    pub fn add(&mut self, identifier: &str, fields: Fields<'_>, line: u64, text: LineText) {
        let get = |i: usize| fields.opt(self.layout[i]);
        let activity = RppsActivity {
            mode: text.opt(get(f::MODE)),
            finess_site: text.opt(get(f::FINESS_SITE)),
            finess_legal_entity: text.opt(get(f::FINESS_LEGAL_ENTITY)),
            site_name: text.opt(get(f::SITE_NAME)),
            specialty_code: text.opt(get(f::SPECIALTY_CODE)),
            specialty_label: text.opt(get(f::SPECIALTY_LABEL)),
            line,
        };
        self.lines += 1;
        if let Some(&i) = self.index.get(identifier) {
            self.persons[i].activities.push(activity);
            return;
        }
        let identifier_type = text
            .opt(get(f::IDENTIFIER_TYPE))
            .unwrap_or_else(|| match identifier.len() {
                11 => "8".to_string(),
                9 => "0".to_string(),
                _ => String::new(),
            });
        let national_id = text
            .opt(get(f::NATIONAL_ID))
            .unwrap_or_else(|| format!("{identifier_type}{identifier}"));
        let person = RppsPerson {
            identifier: identifier.to_string(),
            identifier_type,
            national_id,
            civility: text.opt(get(f::CIVILITY)),
            last_name: text.string(get(f::LAST_NAME)),
            first_name: text.string(get(f::FIRST_NAME)),
            profession_code: text.opt(get(f::PROFESSION_CODE)),
            profession_label: text.opt(get(f::PROFESSION_LABEL)),
            category_code: text.opt(get(f::CATEGORY_CODE)),
            registration_authority: text.opt(get(f::REGISTRATION_AUTHORITY)),
            activities: vec![activity],
            provenance: Provenance {
                source: self.source.clone(),
                file: self.file.clone(),
                line: Some(line),
                sheet: None,
                row: None,
            },
        };
        self.index
            .insert(identifier.to_string(), self.persons.len());
        self.persons.push(person);
    }
}
