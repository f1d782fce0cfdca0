//! Fuzz target: see `bloc_atlas::fuzzing::atlas_tables`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bloc_atlas::fuzzing::atlas_tables(data));
