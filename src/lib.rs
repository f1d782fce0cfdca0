//! Bloc Atlas: a desktop atlas of Cold War alliances.
//!
//! - [`model`]: what is true on a given day (units, borders, blocs, sources), with no UI in it.
//! - [`geometry`]: the map's pieces in longitude/latitude, indexed for point queries.
//! - [`check`]: the full validation of an atlas folder (`bloc-atlas check`).
//! - [`scene`]: the picture of a day (looks, owners, outlines, labels, palette, framing) that
//!   the window and the export both draw; no UI in it.
//! - [`ui`]: the desktop app (eframe/egui): map, timeline, excerpts, country history.
//! - [`export`]: the map drawn into PNG and GIF images without a window (tiny-skia).
//! - [`tour`]: lecture tours (stops with a date, view, highlights, excerpt and caption).
//! - [`save`]: writing user files atomically.
//! - [`fuzzing`]: the bodies of the fuzz targets, replayed by the tests.
//! - [`cli`]: the command line; without a subcommand it opens the window.

pub mod check;
pub mod cli;
pub mod export;
pub mod fuzzing;
pub mod geometry;
pub mod model;
pub mod save;
pub mod scene;
pub mod tour;
pub mod ui;
