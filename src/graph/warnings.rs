//! Warnings of the graph build: dangling references, duplicates and group
//! cycles, each located at the record that holds it. Warnings of one category
//! beyond [`MAX_DETAILED`] are counted and summed up in one line, so a
//! systematic problem (a whole export pointing at accounts that were filtered
//! out) does not drown the terminal.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Provenance;

/// Warnings shown per category before they are only counted.
pub const MAX_DETAILED: usize = 20;
/// Group cycles are each worth reading: a higher cap.
const MAX_CYCLES_DETAILED: usize = 200;

#[derive(Debug, Clone, Copy)]
pub(super) enum Category {
    Duplicate,
    RightAccount,
    RightGroup,
    RightProfile,
    GroupParent,
    Manager,
    Application,
    Cycle,
}

impl Category {
    const COUNT: usize = 8;

    fn limit(self) -> usize {
        match self {
            Category::Cycle => MAX_CYCLES_DETAILED,
            _ => MAX_DETAILED,
        }
    }

    fn code(self) -> Code {
        match self {
            Category::Duplicate => Code::DuplicateKey,
            Category::Cycle => Code::GroupCycle,
            _ => Code::UnknownReference,
        }
    }

    /// « … et 12 autre(s) {what} non affiché(e)s ».
    fn what(self) -> &'static str {
        match self {
            Category::Duplicate => "identifiant(s) en double",
            Category::RightAccount => "droit(s) désignant un compte absent",
            Category::RightGroup => "droit(s) désignant un groupe absent",
            Category::RightProfile => "droit(s) désignant un profil absent",
            Category::GroupParent => "imbrication(s) vers un groupe absent",
            Category::Manager => "responsable(s) introuvable(s)",
            Category::Application => "application(s) absente(s) de l'inventaire",
            Category::Cycle => "cycle(s) d'imbrication de groupes",
        }
    }
}

/// Warnings of the build, capped per category.
pub(super) struct Warnings {
    list: Diagnostics,
    shown: [usize; Category::COUNT],
    hidden: [usize; Category::COUNT],
}

impl Warnings {
    pub(super) fn new() -> Self {
        Warnings {
            list: Diagnostics::new(),
            shown: [0; Category::COUNT],
            hidden: [0; Category::COUNT],
        }
    }

    pub(super) fn push(&mut self, cat: Category, make: impl FnOnce() -> Diagnostic) {
        let i = cat as usize;
        if self.shown[i] < cat.limit() {
            self.shown[i] += 1;
            self.list.push(make());
        } else {
            self.hidden[i] += 1;
        }
    }

    pub(super) fn finish(mut self) -> Diagnostics {
        for cat in [
            Category::Duplicate,
            Category::RightAccount,
            Category::RightGroup,
            Category::RightProfile,
            Category::GroupParent,
            Category::Manager,
            Category::Application,
            Category::Cycle,
        ] {
            let n = self.hidden[cat as usize];
            if n > 0 {
                self.list.push(Diagnostic::warning(
                    cat.code(),
                    format!("… et {n} autre(s) {} non affiché(s)", cat.what()),
                ));
            }
        }
        self.list
    }
}

/// Places a diagnostic at a record's file and line (or sheet and row).
pub(super) fn locate(diag: Diagnostic, prov: &Provenance) -> Diagnostic {
    match (&prov.sheet, prov.row, prov.line) {
        (Some(sheet), Some(row), _) => diag
            .in_file(format!("{}[{}]", prov.file, sheet))
            .at_line(row),
        (_, _, Some(line)) => diag.in_file(prov.file.to_string()).at_line(line),
        _ => diag.in_file(prov.file.to_string()),
    }
}
