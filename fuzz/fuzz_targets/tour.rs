//! Fuzz target: see `bloc_atlas::fuzzing::tour`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bloc_atlas::fuzzing::tour(data));
