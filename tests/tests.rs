//! Integration tests: one binary, one module per area.

// Tests stop at their first failure: unwrap and panic are how they say so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod architecture;
mod bad_inputs;
mod bundled;
mod check_fixtures;
mod cli;
mod clock;
mod export;
mod files;
mod fuzz_corpus;
mod offline;
mod organisations;
mod present;
mod scene;
mod tours;
mod ui;
mod user_atlas;
mod util;
mod window;
