//! The CLI's integration tests, as one test binary.

mod support;

mod analyze;
mod archive;
mod errors;
mod kb;
mod shared_data;
