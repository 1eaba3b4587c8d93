//! The reference of source kinds and their fields, generated from the
//! connectors' own [`FieldSpec`](super::FieldSpec) lists so that the
//! documentation cannot drift from the code (`docs/sources.md`; a test
//! fails when the file is stale, `VIGIE_UPDATE_DOCS=1` rewrites it).

use super::{connector_for, SourceKind};
use std::fmt::Write;

/// `docs/sources.md`, in French (it is read by hospital IT teams).
pub fn sources_markdown() -> String {
    let mut out = String::from(
        "# Sources : types et champs\n\n\
         Ce fichier est généré à partir du code (`src/source/docs.rs`) ; ne pas le modifier à la main.\n\n\
         Chaque source de `vigie.toml` a un `kind`. Ses champs se relient aux colonnes du fichier dans \
         `[source.columns]` (`champ = \"Nom de la colonne\"`) ; sans correspondance, Vigie cherche les \
         colonnes par défaut ci-dessous, sans tenir compte de la casse ni des accents.\n",
    );
    for kind in SourceKind::ALL {
        let c = connector_for(kind);
        let _ = write!(out, "\n## `{}` — {}\n\n", kind.as_str(), kind.describe());
        out.push_str("| champ | obligatoire | colonnes cherchées par défaut | contenu |\n|---|---|---|---|\n");
        for f in c.fields() {
            let defaults = if f.default_columns.is_empty() {
                "—".to_string()
            } else {
                f.default_columns
                    .iter()
                    .map(|d| format!("`{d}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                f.name,
                if f.required { "oui" } else { "non" },
                defaults,
                f.help
            );
        }
        if !c.value_maps().is_empty() {
            out.push_str("\nValeurs transposables dans `[source.values.<champ>]` :\n\n");
            for m in c.value_maps() {
                let _ = writeln!(out, "- `{}` : {}", m.field, m.canonical.join(", "));
            }
        }
    }
    out
}
