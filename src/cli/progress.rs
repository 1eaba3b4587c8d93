//! A progress bar (indicatif) for long reads, shown only on a terminal and
//! only for files large enough to be worth it.

use crate::source::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;

/// Files smaller than this are read without a bar.
const MIN_BYTES: u64 = 8 << 20;

#[derive(Default)]
pub struct TermProgress {
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress for TermProgress {
    fn start(&self, label: &str, total_bytes: u64) {
        if total_bytes < MIN_BYTES {
            return;
        }
        let bar = ProgressBar::new(total_bytes);
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:>12} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, reste {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(label.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, bytes: u64) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.inc(bytes);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        }
    }
}
