//! The fuzz corpus replayed on stable through the fuzz targets' own bodies
//! (`bloc_atlas::fuzzing`): `fuzz/corpus/` (the seeds, and a sample of what the fuzzer found:
//! the smallest inputs of a set-cover merge of each 10-minute run) and every input the fuzzer
//! ever crashed on (`fuzz/regressions/`, kept after the fix).

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for dir in ["corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) {
            files.extend(entries.filter_map(Result::ok).map(|e| e.path()));
        }
    }
    files.sort();
    files
}

#[test]
fn every_fuzz_input_runs_without_panicking() {
    let targets: [(&str, Target); 4] = [
        ("atlas_tables", bloc_atlas::fuzzing::atlas_tables),
        ("geojson", bloc_atlas::fuzzing::geojson),
        ("tour", bloc_atlas::fuzzing::tour),
        ("dates", bloc_atlas::fuzzing::dates),
    ];
    for (name, run) in targets {
        let files = inputs(name);
        assert!(!files.is_empty(), "no corpus for {name}");
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{name} panicked on {}", f.display());
        }
    }
}
