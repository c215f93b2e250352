//! The CLI's integration tests, as one test binary.

mod support;

mod analyze;
mod errors;
mod kb;
mod shared_data;
