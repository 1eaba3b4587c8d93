//! Placeholder: being written.
pub mod rpps_extract;
