//! Opening a user's atlas in the window (`--atlas DIR`, Atlas → Open atlas…, or a folder dropped
//! on the window), and the panel that lists its problems with their files and places. The window
//! keeps running on what is valid, or on the atlas it had when nothing is usable.

use super::command::{AtlasCommand, TourCommand};
use std::path::Path;
use std::sync::Arc;

use super::map::{Level, MapData, MapView, Paint};
use super::{AtlasApp, Command};
use crate::geometry::Detail;
use crate::geometry::projection::Projection;
use crate::model::{Atlas, AtlasDir, Dropped, Problem, UnitKind, classify, load};
use crate::tour::Tour;

/// An atlas read for the window: the atlas, its overview geometry, and what was wrong.
pub struct Opened {
    /// Everything that was valid.
    pub atlas: Atlas,
    /// The overview geometry.
    pub low: Level,
    /// Problems, each with its file and place.
    pub problems: Vec<Problem>,
}

/// Reads an atlas folder for the window. `Err` carries the problems when nothing usable is left
/// (no units, or no map).
pub fn open(dir: &AtlasDir, projection: &Projection) -> Result<Opened, Vec<Problem>> {
    let loaded = load(dir);
    let mut problems = loaded.problems;
    let atlas = loaded.atlas;
    let paths = atlas.geometry_paths.clone();
    let (low, p) = Level::load(&paths.dir, &paths.low, Detail::Low, projection);
    problems.extend(p.into_iter().filter(|p| !expected(&atlas, p)));
    // What `check` finds wrong with the shapes of a map the user brings: the window lists it
    // too (the bundled map is checked when it is built).
    if paths.dir != AtlasDir::Bundled {
        let shown = paths.dir.display(&paths.low);
        for (i, message) in crate::geometry::overlap::invalid(&low.pieces) {
            let p = low.pieces.by_position(i);
            problems.push(Problem::feature(&shown, p.index, Some(&p.id), message));
        }
    }
    if !atlas.units.iter().any(|u| u.kind != UnitKind::Context) {
        problems.push(Problem::file(
            &dir.display("units.toml"),
            "the atlas has no usable units",
        ));
        return Err(problems);
    }
    if low.geometry.pieces.is_empty() {
        problems.push(Problem::file(
            &paths.dir.display(&paths.low),
            "the map has no usable pieces",
        ));
        return Err(problems);
    }
    Ok(Opened {
        atlas,
        low,
        problems,
    })
}

/// Whether a geometry problem is no problem for this atlas: a far-away context piece (Australia)
/// is expected to be beyond the map's horizon.
pub fn expected(atlas: &Atlas, problem: &Problem) -> bool {
    matches!(&problem.kind, crate::model::ProblemKind::Undrawn(id) if atlas.is_context_piece(id))
}

impl AtlasApp {
    /// Opens an atlas folder, keeping the current one when nothing in it is usable.
    pub(super) fn open_atlas(&mut self, path: &Path) {
        let dir = match classify(path) {
            Dropped::Atlas(d) => AtlasDir::Folder(d),
            _ => {
                self.work.notices.push(format!(
                    "{} is not an atlas folder (a folder with atlas.toml in it)",
                    path.display()
                ));
                return;
            }
        };
        let shown = dir.display("");
        match open(&dir, &self.work.data.projection) {
            Ok(opened) => {
                let count = crate::model::problem_count(&opened.problems);
                let n = crate::model::thousands(count);
                self.install(opened.atlas, opened.low, dir.clone());
                self.work.problems = opened.problems;
                self.work.problems_of = shown.clone();
                if count > 0 {
                    self.work.panels[super::Panel::Problems as usize] = true;
                    self.work.notices.push(format!(
                        "Opened {shown} with {n} problem(s): what is valid is shown; the rest is \
                         listed under Problems."
                    ));
                }
            }
            Err(problems) => {
                let n = crate::model::thousands(crate::model::problem_count(&problems));
                self.work.problems = problems;
                self.work.problems_of = shown.clone();
                self.work.panels[super::Panel::Problems as usize] = true;
                self.work.notices.push(format!(
                    "The atlas in {shown} cannot be used ({n} problem(s), listed under \
                     Problems); still showing “{}”.",
                    self.work.atlas.title
                ));
            }
        }
    }

    /// Goes back to the bundled atlas.
    pub(super) fn open_bundled_atlas(&mut self) {
        let dir = AtlasDir::Bundled;
        match open(&dir, &self.work.data.projection) {
            Ok(opened) => {
                self.install(opened.atlas, opened.low, dir);
                self.work.problems.clear();
                self.work.problems_of.clear();
            }
            Err(problems) => self.work.problems = problems,
        }
    }

    /// Shows another atlas: new geometry, caches, events and stops; the date kept when the
    /// atlas covers it.
    fn install(&mut self, atlas: Atlas, low: Level, dir: AtlasDir) {
        let projection = match Projection::epsg3035() {
            Ok(p) => p,
            Err(e) => {
                self.work.notices.push(e.to_string());
                return;
            }
        };
        let paths = atlas.geometry_paths.clone();
        // A map of its own is shown whole; the bundled map keeps the view.
        let fit = (paths.dir != AtlasDir::Bundled).then_some(low.geometry.bounds);
        let mut data = MapData::new(projection, low);
        data.set_high_source(paths.dir, paths.high);
        self.work.data = data;
        let mut map = MapView::new(self.work.map.view);
        map.theme = self.work.map.theme;
        map.tooltips = self.work.map.tooltips;
        map.rect = self.work.map.rect;
        map.fit_pending = fit.filter(|b| {
            let (w, h) = b.size();
            !b.is_empty() && w.is_finite() && h.is_finite()
        });
        self.work.map = map;
        self.work.atlas = Arc::new(atlas);
        self.work.atlas_dir = dir;
        let layer = self.work.layer.clone();
        self.set_layer(layer);
        self.derived.event_stops = Tour::from_events(&self.work.atlas);
        self.work.selected = None;
        self.work.highlighted.clear();
        self.work.excerpt = None;
        if self.work.tour.is_none() {
            self.work.stop = None;
        }
        self.derived.paint = Paint::default();
        self.derived.owner_index = Default::default();
        self.derived.paint_key = None;
        let date = self.work.date;
        self.work.date = self.work.atlas.coverage_from;
        self.set_date(date);
        if let Some(t) = &self.work.tour {
            let name = t
                .path
                .as_ref()
                .map_or("the tour".to_string(), |p| p.display().to_string());
            let problems = t.tour.check(&self.work.atlas, &name, self.work.today);
            self.notice_problems(&problems);
        }
    }

    /// The problems panel: every problem of the atlas opened last, with its file and place.
    pub(super) fn problems_panel(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading(format!("Problems in {}", self.work.problems_of));
            if ui.button("Hide").clicked() {
                commands.push(Command::TogglePanel(super::Panel::Problems));
            }
        });
        if self.work.problems.is_empty() {
            ui.label("None.");
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("problems")
            .auto_shrink([false, true])
            .max_height(220.0)
            .show(ui, |ui| {
                for p in &self.work.problems {
                    ui.add(egui::Label::new(p.to_string()).selectable(true));
                }
            });
    }

    /// Which atlas is shown, and the reports of its loading.
    pub(super) fn apply_atlas(&mut self, command: AtlasCommand) {
        match command {
            AtlasCommand::Open(path) => self.open_atlas(&path),
            AtlasCommand::Bundled => self.open_bundled_atlas(),
            // An atlas folder opens, a tour file opens as a tour, anything else is named.
            AtlasCommand::Dropped(paths) => {
                for path in paths {
                    match classify(&path) {
                        Dropped::Atlas(dir) => self.open_atlas(&dir),
                        Dropped::Tour(file) => self.apply_tour(TourCommand::Open(file)),
                        Dropped::Unknown(p) => self.work.notices.push(format!(
                            "{} is neither an atlas folder nor a tour file (.toml)",
                            p.display()
                        )),
                    }
                }
            }
            AtlasCommand::DetailLoaded(detail) => {
                let atlas = &self.work.atlas;
                self.work
                    .problems
                    .extend(detail.problems.into_iter().filter(|p| !expected(atlas, p)));
                self.work.data.high = Some(detail.level);
                self.derived.owner_index[1] = None;
            }
        }
    }
}
