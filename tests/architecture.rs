//! The direction of dependencies, enforced: the crates below the app know nothing of any user
//! interface, and each depends only on those before it
//! (`bloc-model → bloc-geometry → bloc-scene → bloc-render → bloc-atlas`). Cargo already refuses
//! an import of a crate that is not a dependency; this test keeps the dependency lists honest.

use std::path::Path;

/// The `[dependencies]` names of a crate's manifest.
fn dependencies(krate: &str) -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates")
        .join(krate)
        .join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_model_geometry_scene_and_render_crates_have_no_ui_and_point_one_way() {
    let layers = ["model", "geometry", "scene", "render"];
    for (i, krate) in layers.iter().enumerate() {
        let deps = dependencies(krate);
        for ui in [
            "egui",
            "eframe",
            "egui_kittest",
            "rfd",
            "winit",
            "bloc-atlas",
        ] {
            assert!(
                !deps.iter().any(|d| d == ui),
                "bloc-{krate} depends on {ui}"
            );
        }
        // Only layers below it.
        for later in &layers[i..] {
            let name = format!("bloc-{later}");
            assert!(!deps.contains(&name), "bloc-{krate} depends on {name}");
        }
    }
}
