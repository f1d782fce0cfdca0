//! Bloc Atlas: a desktop atlas of Cold War alliances — the app on top of four crates that know
//! nothing of any user interface (their boundaries make a wrong-way import impossible):
//!
//! ```text
//! bloc-model ─▶ bloc-geometry ─▶ bloc-scene ─▶ bloc-render ─▶ bloc-atlas (ui, cli, main)
//! ```
//!
//! - [`model`] (`bloc-model`): what is true on a given day (units, borders, blocs, sources),
//!   read and validated; [`tour`]s; [`save`] (writing user files atomically).
//! - [`geometry`] (`bloc-geometry`): the map's pieces, their projection and meshes; [`check`],
//!   the full validation of an atlas folder.
//! - [`scene`] (`bloc-scene`): the picture of a day (looks, owners, outlines, labels, palette,
//!   framing) that the window and the export both draw.
//! - [`export`] (`bloc-render`): a scene drawn into PNG and GIF images (tiny-skia).
//! - [`ui`]: the desktop app (eframe/egui): map, timeline, excerpts, country history.
//! - [`cli`]: the command line; without a subcommand it opens the window.
//! - [`fuzzing`]: the bodies of the fuzz targets, replayed by the tests.

pub use bloc_geometry as geometry;
pub use bloc_geometry::check;
pub use bloc_model as model;
pub use bloc_model::{save, tour};
pub use bloc_render as export;
pub use bloc_scene as scene;

pub mod cli;
pub mod fuzzing;
pub mod ui;
