//! Fuzz target: see `bloc_atlas::fuzzing::dates`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bloc_atlas::fuzzing::dates(data));
