//! Generated documentation stays in step with the code.

use std::path::Path;

fn check(rel: &str, generated: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("VIGIE_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "{rel} is stale: run `VIGIE_UPDATE_DOCS=1 cargo test --test it docs` and commit it"
    );
}

#[test]
fn sources_reference_is_up_to_date() {
    check("docs/sources.md", vigie::source::docs::sources_markdown());
}

#[test]
fn vocabulary_reference_is_up_to_date() {
    check(
        "docs/vocabulary.md",
        vigie::checks::views::vocabulary_markdown(),
    );
}
