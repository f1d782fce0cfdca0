//! Integration tests: one binary, one module per area.

mod bundled;
mod check_fixtures;
mod cli;
mod util;
