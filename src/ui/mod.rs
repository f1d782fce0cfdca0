//! The desktop app (eframe/egui): a map coloured by bloc on a chosen day, a timeline, the
//! source excerpts of that moment, and the history of the selected unit.
//!
//! Widgets never change the state directly: they push [`Command`]s, which
//! [`AtlasApp::apply`] handles in one place at the end of the frame. The model (`crate::model`)
//! knows nothing of egui; what the map needs for a day is gathered in a [`map::Paint`].

pub mod atlas_panel;
pub mod country;
pub mod excerpts;
pub mod export_panel;
pub mod legend;
pub mod map;
pub mod present;
pub mod style;
pub mod timeline;
pub mod tour_panel;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{Key, Vec2};

use crate::geometry::Detail;
use crate::geometry::projection::{LonLat, Projection};
use crate::model::{Atlas, AtlasDir, BlocCount, Day};
use crate::tour::{Stop, StopView, Tour};

use crate::scene::framing::{europe, world};
use crate::scene::{Looks, Outlined};

pub use crate::scene::framing::ViewArg;
use map::{Fade, Level, MapAction, MapData, MapTheme, MapView, Paint, View};
use present::Move;

/// Something a user asked for. Widgets push these; [`AtlasApp::apply`] carries them out.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Go to a day (clamped to the atlas's coverage).
    SetDate(Day),
    /// Move by whole years.
    StepYears(i16),
    /// Move by days.
    StepDays(i32),
    /// Go to the next event after the current day.
    NextEvent,
    /// Go to the last event before the current day.
    PreviousEvent,
    /// Start or stop playing.
    TogglePlay,
    /// Playing speed, in years per second.
    SetSpeed(f32),
    /// Select a unit (by index in `Atlas::units`), or clear the selection.
    Select(Option<u32>),
    /// Go to an excerpt's date and highlight its units (index in `Atlas::excerpts`).
    ShowExcerpt(usize),
    /// Zoom about the map's centre (> 1 zooms in).
    Zoom(f64),
    /// Move the map by a screen distance.
    Pan(Vec2),
    /// Show Europe whole.
    ResetView,
    /// Show the whole drawn world (North America to the Pacific).
    WorldView,
    /// Show or hide a panel.
    TogglePanel(Panel),
    /// Enter (fullscreen, projector theme, caption strip) or leave presentation mode.
    Present(bool),
    /// Go to a stop of the tour (of the atlas's events when no tour is open).
    GoToStop(usize),
    /// Go to the next stop.
    NextStop,
    /// Go to the previous stop.
    PreviousStop,
    /// Blank the screen, or bring the map back.
    ToggleBlank,
    /// Move between stops without animation.
    SetReduceMotion(bool),
    /// Start an empty tour.
    NewTour,
    /// Open a tour file.
    OpenTour(PathBuf),
    /// Open the tour that comes with the atlas.
    OpenBundledTour,
    /// Close the tour (presentation then steps through the atlas's events).
    CloseTour,
    /// Save the tour to its file, or to this one.
    SaveTour(Option<PathBuf>),
    /// Add the current date, view, highlighted units and excerpt as a stop after the current one.
    AddStop,
    /// Replace a stop.
    EditStop(usize, Stop),
    /// Move a stop from one place in the tour to another.
    MoveStop(usize, usize),
    /// Delete a stop.
    DeleteStop(usize),
    /// Reopen a tour kept with unsaved changes (index in the recovered list).
    RecoverTour(usize),
    /// Delete a kept tour.
    DiscardRecovery(usize),
    /// Write a PNG of the current view at a size.
    ExportPng(PathBuf, u32, u32),
    /// Write a GIF over a range of days.
    ExportGif(PathBuf, export_panel::GifRequest),
    /// Ask for a file with the system's dialog, then act on it.
    Dialog(tour_panel::Dialog),
    /// Dismiss the notice at this index.
    DismissNotice(usize),
    /// Open an atlas folder (or the folder of an `atlas.toml`).
    OpenAtlas(PathBuf),
    /// Go back to the bundled atlas.
    OpenBundledAtlas,
}

/// The panels that can be shown or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Source excerpts (left).
    Excerpts,
    /// The selected unit's history (right).
    Country,
    /// The legend over the map.
    Legend,
    /// The tour's stops, to edit them.
    Tour,
    /// The problems of the atlas opened last.
    Problems,
}

/// Years per second the timeline can play at.
pub const SPEEDS: [f32; 5] = [0.5, 1.0, 2.0, 5.0, 10.0];

/// What is remembered between runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The day shown, YYYY-MM-DD.
    pub date: String,
    /// The selected unit's id.
    pub selected: Option<String>,
    /// Whether the excerpt panel is shown.
    pub show_excerpts: bool,
    /// Whether the country panel is shown.
    pub show_country: bool,
    /// Whether the legend is shown.
    pub show_legend: bool,
    /// The map view.
    pub view: Option<View>,
    /// Playing speed, years per second.
    pub speed: f32,
    /// Move between stops without animating the view or the colours.
    pub reduce_motion: bool,
    /// Whether the tour panel is shown.
    pub show_tour: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            date: "1955-05-14".into(),
            selected: None,
            show_excerpts: true,
            show_country: true,
            show_legend: true,
            view: None,
            speed: 1.0,
            reduce_motion: false,
            show_tour: false,
        }
    }
}

/// Options of the window that are not remembered: from the command line.
#[derive(Clone, Debug)]
pub struct Launch {
    /// Today: the last day the timeline reaches. Read from the clock once, by the program's
    /// entry point; tests fix it.
    pub today: Day,
    /// Start on this day instead of the remembered one.
    pub date: Option<Day>,
    /// Start with this view instead of the remembered one.
    pub view: Option<ViewArg>,
    /// Neither read nor write the remembered settings.
    pub fresh: bool,
    /// Save a screenshot of the window to this PNG file after the first frames, then quit.
    pub screenshot: Option<PathBuf>,
    /// Quit after this many frames, printing start-up time and peak memory.
    pub exit_after_frames: Option<u64>,
    /// Open this atlas folder at start instead of the bundled atlas.
    pub atlas: Option<PathBuf>,
    /// Open this tour at start.
    pub tour: Option<PathBuf>,
    /// Start at this stop of the tour (counting from 1).
    pub stop: Option<usize>,
    /// Start in presentation mode.
    pub present: bool,
    /// The folder where copies of unsaved tours are kept while they are edited (none: no copies).
    pub recovery: Option<PathBuf>,
}

impl Launch {
    /// No options: the remembered day and view, the bundled atlas, with this day as today.
    pub fn on(today: Day) -> Launch {
        Launch {
            today,
            date: None,
            view: None,
            fresh: false,
            screenshot: None,
            exit_after_frames: None,
            atlas: None,
            tour: None,
            stop: None,
            present: false,
            recovery: None,
        }
    }
}

/// The tour being shown or edited.
#[derive(Clone, Debug)]
pub struct OpenTour {
    /// The tour.
    pub tour: Tour,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    /// Changed since opened or saved.
    pub dirty: bool,
}

/// The application.
pub struct AtlasApp {
    atlas: Arc<Atlas>,
    unit_index: HashMap<String, u32>,
    /// The map's geometry.
    pub data: MapData,
    /// The map view and its caches.
    pub map: MapView,
    date: Day,
    today: Day,
    selected: Option<u32>,
    highlighted: Vec<u32>,
    excerpt: Option<usize>,
    panels: [bool; 5],
    speed: f32,
    playing: bool,
    play_carry: f64,
    paint: Paint,
    paint_key: Option<(Day, bool)>,
    event_days: Vec<Day>,
    /// The text of the date field, while it is being edited.
    pub date_text: String,
    date_error: Option<String>,
    commands: Vec<Command>,
    /// Where the legend was drawn last frame (labels keep clear of it).
    legend_rect: Option<egui::Rect>,
    launch: Launch,
    frames: u64,
    started: Instant,
    /// The open tour; without one, the stops are the atlas's events.
    tour: Option<OpenTour>,
    event_stops: Tour,
    stop: Option<usize>,
    presenting: bool,
    blank: bool,
    reduce_motion: bool,
    /// The window's own style, kept while the projector's is in use.
    normal_style: Option<Arc<egui::Style>>,
    motion: Option<Move>,
    /// A colour cross-fade: when it started and the piece colours it starts from.
    fade: Option<(f64, Arc<Fade>)>,
    /// egui's clock at the start of the frame, seconds.
    now: f64,
    /// Messages for the user (a tour that cannot be read, a failed save, …).
    notices: Vec<String>,
    /// Tours kept with unsaved changes (from an earlier session, or closed unsaved), and their
    /// files in the recovery folder.
    recovered: Vec<(PathBuf, Tour)>,
    /// This session's copy of the open tour while it has unsaved changes.
    session_copy: Option<PathBuf>,
    export: Option<export_panel::Job>,
    export_form: export_panel::Form,
    dialogs: tour_panel::Dialogs,
    /// Problems of the atlas opened last, with their files and places.
    problems: Vec<crate::model::Problem>,
    /// The folder they are about.
    problems_of: String,
    /// Where the atlas shown was read from.
    atlas_dir: AtlasDir,
}

/// Each unit's index in the atlas, by id.
fn unit_index(atlas: &Atlas) -> HashMap<String, u32> {
    atlas
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.clone(), i as u32))
        .collect()
}

/// The days with events, sorted, once each.
fn event_days(atlas: &Atlas) -> Vec<Day> {
    let mut days: Vec<Day> = atlas.events.iter().map(|e| e.date).collect();
    days.sort_unstable();
    days.dedup();
    days
}

impl AtlasApp {
    /// The app over an atlas and its overview geometry, with remembered settings.
    pub fn new(atlas: Arc<Atlas>, data: MapData, settings: Settings, launch: Launch) -> AtlasApp {
        let today = launch.today;
        let unit_index = unit_index(&atlas);
        let date = launch
            .date
            .or_else(|| settings.date.parse().ok())
            .unwrap_or(atlas.coverage_from)
            .clamp(atlas.coverage_from, today);
        let event_days = event_days(&atlas);
        let view = settings
            .view
            .filter(|v| v.metres_per_point.is_finite() && v.x.is_finite() && v.y.is_finite())
            .unwrap_or_else(|| View::fit(europe(&data.projection), Vec2::new(1200.0, 800.0)));
        let mut map = MapView::new(view);
        map.fit_pending = match launch.view {
            Some(v) => Some(v.area(&data.projection)),
            None if settings.view.is_none() => Some(europe(&data.projection)),
            None => None,
        };
        let selected = settings
            .selected
            .as_ref()
            .and_then(|id| unit_index.get(id).copied());
        let mut app = AtlasApp {
            atlas,
            unit_index,
            data,
            map,
            date,
            today,
            selected,
            highlighted: Vec::new(),
            excerpt: None,
            panels: [
                settings.show_excerpts,
                settings.show_country,
                settings.show_legend,
                settings.show_tour,
                false,
            ],
            speed: if SPEEDS.contains(&settings.speed) {
                settings.speed
            } else {
                1.0
            },
            playing: false,
            play_carry: 0.0,
            paint: Paint::default(),
            paint_key: None,
            event_days,
            date_text: date.to_string(),
            date_error: None,
            commands: Vec::new(),
            legend_rect: None,
            tour: None,
            event_stops: Tour::default(),
            stop: None,
            presenting: false,
            blank: false,
            reduce_motion: settings.reduce_motion,
            normal_style: None,
            motion: None,
            fade: None,
            now: 0.0,
            notices: Vec::new(),
            recovered: Vec::new(),
            session_copy: None,
            export: None,
            export_form: export_panel::Form::default(),
            dialogs: tour_panel::Dialogs::default(),
            problems: Vec::new(),
            problems_of: String::new(),
            atlas_dir: AtlasDir::Bundled,
            launch,
            frames: 0,
            started: Instant::now(),
        };
        app.event_stops = Tour::from_events(&app.atlas);
        if let Some(dir) = app.launch.recovery.clone() {
            let (tours, problems) = tour_panel::recovered_tours(&dir);
            if !tours.is_empty() {
                app.panels[Panel::Tour as usize] = true;
            }
            app.recovered = tours;
            app.notices.extend(problems);
        }
        if let Some(path) = app.launch.atlas.clone() {
            app.apply(Command::OpenAtlas(path));
        }
        if let Some(path) = app.launch.tour.clone() {
            app.apply(Command::OpenTour(path));
            if let Some(n) = app.launch.stop.and_then(|n| n.checked_sub(1)) {
                app.apply(Command::GoToStop(n));
            }
        }
        if app.launch.present {
            app.apply(Command::Present(true));
        }
        app.refresh_paint();
        app
    }

    /// Opens the bundled atlas with its overview geometry (the detailed one is for later).
    pub fn bundled(settings: Settings, launch: Launch) -> anyhow::Result<AtlasApp> {
        let atlas = Atlas::bundled().map_err(|e| anyhow::anyhow!("{e}"))?;
        let projection = Projection::epsg3035()?;
        let (low, problems) = Level::load(
            &AtlasDir::Bundled,
            &atlas.geometry_paths.low,
            Detail::Low,
            &projection,
        );
        if let Some(p) = problems.iter().find(|p| !atlas_panel::expected(&atlas, p)) {
            anyhow::bail!("the bundled map is broken: {p}");
        }
        Ok(AtlasApp::new(
            Arc::new(atlas),
            MapData::new(projection, low),
            settings,
            launch,
        ))
    }

    /// The atlas shown.
    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    /// Where the atlas shown was read from.
    pub fn atlas_dir(&self) -> &AtlasDir {
        &self.atlas_dir
    }

    /// The problems of the atlas opened last, as `file:line:column: message`.
    pub fn problems(&self) -> Vec<String> {
        self.problems.iter().map(ToString::to_string).collect()
    }

    /// The day shown.
    pub fn date(&self) -> Day {
        self.date
    }

    /// The selected unit's id.
    pub fn selected(&self) -> Option<&str> {
        self.selected
            .and_then(|i| self.atlas.units.get(i as usize))
            .map(|u| u.id.as_str())
    }

    /// Ids of the units highlighted by the chosen excerpt.
    pub fn highlighted(&self) -> Vec<&str> {
        self.highlighted
            .iter()
            .filter_map(|&i| self.atlas.units.get(i as usize))
            .map(|u| u.id.as_str())
            .collect()
    }

    /// Whether the timeline is playing.
    pub fn is_playing(&self) -> bool {
        self.playing
    }

    /// Whether a panel is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels[panel as usize]
    }

    /// Whether presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// Whether the screen is blanked.
    pub fn is_blank(&self) -> bool {
        self.blank
    }

    /// The open tour.
    pub fn tour(&self) -> Option<&OpenTour> {
        self.tour.as_ref()
    }

    /// The stops presentation steps through: the tour's, or the atlas's events.
    pub fn stops(&self) -> &[Stop] {
        match &self.tour {
            Some(t) => &t.tour.stops,
            None => &self.event_stops.stops,
        }
    }

    /// The index of the current stop.
    pub fn stop(&self) -> Option<usize> {
        self.stop
    }

    /// Messages shown to the user.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Whether a view or colour animation is running.
    pub fn is_animating(&self) -> bool {
        self.motion.is_some() || self.fade.is_some()
    }

    /// The view "Europe" shows in the map's rectangle (as the Europe button fits it): zoom 1 of
    /// a tour stop.
    fn europe_view(&self) -> View {
        let size = if self.map.rect.is_positive() {
            self.map.rect.size()
        } else {
            Vec2::new(1200.0, 800.0)
        };
        View::fit(europe(&self.data.projection), size * 0.95)
    }

    /// The map view that shows a stop's centre and zoom in the map's rectangle.
    pub fn view_of(&self, v: StopView) -> View {
        let europe = self.europe_view();
        let centre = self
            .data
            .projection
            .forward(LonLat {
                lon: v.lon,
                lat: v.lat,
            })
            .unwrap_or(crate::geometry::projection::MapPoint {
                x: europe.x,
                y: europe.y,
            });
        View {
            x: centre.x,
            y: centre.y,
            metres_per_point: (europe.metres_per_point / v.zoom)
                .clamp(map::MIN_METRES_PER_POINT, map::MAX_METRES_PER_POINT),
        }
    }

    /// The current view as a stop's centre and zoom.
    pub fn stop_view(&self) -> Option<StopView> {
        let europe = self.europe_view();
        let v = self.map.view;
        let ll = self
            .data
            .projection
            .inverse(crate::geometry::projection::MapPoint { x: v.x, y: v.y })?;
        let round = |x: f64, k: f64| (x * k).round() / k;
        Some(StopView {
            lon: round(ll.lon, 1e4),
            lat: round(ll.lat, 1e4),
            zoom: round(europe.metres_per_point / v.metres_per_point, 1e3).clamp(
                *crate::tour::ZOOM_RANGE.start(),
                *crate::tour::ZOOM_RANGE.end(),
            ),
        })
    }

    /// The settings to remember.
    pub fn settings(&self) -> Settings {
        Settings {
            date: self.date.to_string(),
            selected: self.selected().map(str::to_owned),
            show_excerpts: self.shows(Panel::Excerpts),
            show_country: self.shows(Panel::Country),
            show_legend: self.shows(Panel::Legend),
            view: Some(self.map.view),
            speed: self.speed,
            reduce_motion: self.reduce_motion,
            show_tour: self.shows(Panel::Tour),
        }
    }

    /// The index of an excerpt by its id.
    pub fn excerpt_index(&self, id: &str) -> Option<usize> {
        self.atlas.excerpts.iter().position(|e| e.id == id)
    }

    /// The unit index of an id.
    pub fn unit_index(&self, id: &str) -> Option<u32> {
        self.unit_index.get(id).copied()
    }

    /// The screen position of a longitude/latitude on the map as last drawn.
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let p = self.data.projection.forward(LonLat { lon, lat })?;
        Some(self.map.view.to_screen(self.map.rect, p))
    }

    /// The unit under a screen position of the map as last drawn (what a click there selects).
    pub fn unit_at(&self, pos: egui::Pos2) -> Option<&str> {
        let unit = self.map.unit_at(&self.data, &self.paint, pos)?;
        self.atlas.units.get(unit as usize).map(|u| u.id.as_str())
    }

    /// Loads the detailed geometry now instead of on a thread (tests and benchmarks).
    pub fn load_high_now(&mut self) {
        let rel = self.atlas.geometry_paths.high.clone();
        let dir = self.atlas.geometry_paths.dir.clone();
        let problems = self.data.load_high_now(&dir, &rel);
        let atlas = &self.atlas;
        self.problems.extend(
            problems
                .into_iter()
                .filter(|p| !atlas_panel::expected(atlas, p)),
        );
    }

    /// Each piece of the overview map with the fill the window gives it, by piece id (what the
    /// tests compare with the export's scene).
    pub fn piece_fills(&self) -> Vec<(String, crate::scene::palette::Rgba)> {
        let g = &self.data.low.geometry;
        g.pieces
            .iter()
            .zip(self.paint.piece_colours(crate::geometry::Detail::Low))
            .map(|(p, c)| (p.id.clone(), c))
            .collect()
    }

    /// The number of units in each bloc on the current day (context units not counted).
    pub fn bloc_counts(&self) -> Vec<BlocCount> {
        self.atlas.bloc_counts(self.date)
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Carries out a command.
    pub fn apply(&mut self, command: Command) {
        let first = self.atlas.coverage_from;
        match command {
            Command::SetDate(day) => self.set_date(day),
            Command::StepYears(n) => self.set_date(self.date.add_years(n)),
            Command::StepDays(n) => {
                self.set_date(Day::from_day_number(
                    self.date.day_number().saturating_add(n),
                ));
            }
            Command::NextEvent => {
                if let Some(&d) = self.event_days.iter().find(|&&d| d > self.date) {
                    self.set_date(d);
                }
            }
            Command::PreviousEvent => {
                if let Some(&d) = self.event_days.iter().rev().find(|&&d| d < self.date) {
                    self.set_date(d);
                }
            }
            Command::TogglePlay => {
                self.playing = !self.playing;
                self.play_carry = 0.0;
                if self.playing && self.date >= self.today {
                    self.set_date(first);
                }
            }
            Command::SetSpeed(s) => self.speed = s,
            Command::Select(u) => {
                self.selected = u;
                if u.is_some() {
                    self.panels[Panel::Country as usize] = true;
                }
            }
            Command::ShowExcerpt(i) => {
                if let Some(e) = self.atlas.excerpts.get(i) {
                    let date = e.date;
                    self.highlighted = e
                        .units
                        .iter()
                        .filter_map(|id| self.unit_index.get(id).copied())
                        .collect();
                    self.set_date(date);
                    self.excerpt = Some(i);
                }
            }
            Command::Zoom(f) => {
                let r = self.map.rect;
                self.map.view.zoom(r, f, r.center());
            }
            Command::Pan(d) => self.map.view.pan(d),
            Command::ResetView => self.map.fit_pending = Some(europe(&self.data.projection)),
            Command::WorldView => self.map.fit_pending = Some(world(&self.data.projection)),
            Command::TogglePanel(p) => self.panels[p as usize] = !self.panels[p as usize],
            Command::Present(on) => {
                self.presenting = on;
                self.blank = false;
            }
            Command::GoToStop(i) => self.go_to_stop(i),
            Command::NextStop => {
                self.blank = false;
                let next = match self.stop {
                    Some(i) => Some(i + 1),
                    None if self.tour.is_some() => Some(0),
                    None => self.stops().iter().position(|s| s.date > self.date),
                };
                if let Some(i) = next.filter(|&i| i < self.stops().len()) {
                    self.go_to_stop(i);
                }
            }
            Command::PreviousStop => {
                self.blank = false;
                let previous = match self.stop {
                    Some(i) => i.checked_sub(1),
                    None if self.tour.is_some() => None,
                    None => self.stops().iter().rposition(|s| s.date < self.date),
                };
                if let Some(i) = previous {
                    self.go_to_stop(i);
                }
            }
            Command::ToggleBlank => self.blank = !self.blank,
            Command::SetReduceMotion(on) => {
                self.reduce_motion = on;
                if on {
                    self.finish_animations();
                }
            }
            Command::Dialog(d) => self.dialogs.ask(d),
            Command::DismissNotice(i) => {
                if i < self.notices.len() {
                    self.notices.remove(i);
                }
            }
            Command::OpenAtlas(path) => self.open_atlas(&path),
            Command::OpenBundledAtlas => self.open_bundled_atlas(),
            c => self.apply_tour(c),
        }
    }

    /// Goes to a stop: its date, highlights, excerpt and view, animated unless motion is reduced.
    fn go_to_stop(&mut self, i: usize) {
        let Some(stop) = self.stops().get(i).cloned() else {
            return;
        };
        let animate = !self.reduce_motion && self.frames > 0;
        if animate && stop.date != self.date {
            let fade = Fade {
                low: self.paint.piece_colours(Detail::Low),
                high: self.paint.piece_colours(Detail::High),
                t: 0.0,
            };
            self.fade = Some((self.now, Arc::new(fade)));
        }
        self.set_date(stop.date);
        self.stop = Some(i);
        self.highlighted = stop
            .highlight
            .iter()
            .filter_map(|id| self.unit_index.get(id).copied())
            .collect();
        self.excerpt = stop
            .excerpt
            .as_deref()
            .and_then(|id| self.excerpt_index(id));
        if let Some(v) = stop.view {
            let to = self.view_of(v);
            self.map.fit_pending = None;
            if animate {
                self.motion = Some(Move {
                    from: self.map.view,
                    to,
                    start: self.now,
                });
            } else {
                self.motion = None;
                self.map.view = to;
            }
        }
    }

    /// Ends any animation where it was going.
    fn finish_animations(&mut self) {
        if let Some(m) = self.motion.take() {
            self.map.view = m.to;
        }
        if self.fade.take().is_some() {
            self.paint.fade = None;
            self.paint.generation = self.paint.generation.wrapping_add(1);
        }
    }

    /// Advances the view and colour animations to the frame's time.
    fn animate(&mut self, ctx: &egui::Context) {
        if let Some(m) = self.motion {
            let (view, done) = m.at(self.now, f64::from(self.map.rect.width()));
            self.map.view = view;
            if done {
                self.motion = None;
            }
            ctx.request_repaint();
        }
        if let Some((start, from)) = &self.fade {
            let t = ((self.now - start) / present::FADE_SECONDS) as f32;
            if t >= 1.0 {
                self.fade = None;
                self.paint.fade = None;
            } else {
                let mut f = (**from).clone();
                f.t = t.max(0.0);
                self.paint.fade = Some(Arc::new(f));
                ctx.request_repaint();
            }
            self.paint.generation = self.paint.generation.wrapping_add(1);
        }
    }

    fn set_date(&mut self, day: Day) {
        let day = day.clamp(self.atlas.coverage_from, self.today);
        if day != self.date {
            self.date = day;
            // Event stops follow the date; a tour's stop stays until another is chosen.
            if self.tour.is_none() {
                self.stop = None;
            }
            // An excerpt's highlight belongs to its moment.
            if let Some(e) = self.excerpt.and_then(|i| self.atlas.excerpts.get(i))
                && !excerpts::belongs(e, day)
            {
                self.excerpt = None;
                self.highlighted.clear();
            }
        }
        self.date_text = self.date.to_string();
        self.date_error = None;
    }

    /// Shows the first few of a list of problems as notices, and how many more there are.
    fn notice_problems(&mut self, problems: &[crate::model::Problem]) {
        const SHOWN: usize = 5;
        self.notices
            .extend(problems.iter().take(SHOWN).map(ToString::to_string));
        let rest = crate::model::problem_count(problems).saturating_sub(SHOWN);
        if rest > 0 {
            self.notices.push(format!(
                "… and {} more problem(s) of the same kind",
                crate::model::thousands(rest)
            ));
        }
    }

    /// Recomputes what the map paints when the day or the loaded levels changed: the scene's
    /// looks of the day and the owners of each level's pieces.
    fn refresh_paint(&mut self) {
        let key = (self.date, self.data.high.is_some());
        if self.paint_key == Some(key) {
            return;
        }
        let atlas = &self.atlas;
        let day = self.date;
        let looks = Looks::of(atlas, day);
        let owners_low = crate::scene::owners(atlas, &self.data.low.geometry, day);
        let owners_high = self
            .data
            .high
            .as_ref()
            .map(|h| crate::scene::owners(atlas, &h.geometry, day))
            .unwrap_or_default();
        let same_names = looks.names == self.paint.looks.names
            && owners_low == self.paint.owners_low
            && owners_high == self.paint.owners_high;
        self.paint = Paint {
            looks: Arc::new(looks),
            owners_low,
            owners_high,
            generation: self.paint.generation.wrapping_add(1),
            names_generation: if same_names {
                self.paint.names_generation
            } else {
                self.paint.names_generation.wrapping_add(1)
            },
            fade: None,
        };
        self.paint_key = Some(key);
    }

    /// Keys that work anywhere unless a text field has the keyboard: Space plays, PageUp and
    /// PageDown step through events, [ and ] step by a year, arrows pan the map (unless the
    /// timeline has focus, where they move the day), + and − zoom, 0 resets the view.
    fn keys(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        if self.presenting {
            self.presentation_keys(ctx);
            return;
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F5)) {
            self.commands.push(Command::Present(true));
            return;
        }
        let timeline_focused = ctx.memory(|m| m.focused()) == Some(timeline::id());
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            if i.consume_key(none, Key::Space) {
                out.push(Command::TogglePlay);
            }
            if i.consume_key(none, Key::PageDown) {
                out.push(Command::NextEvent);
            }
            if i.consume_key(none, Key::PageUp) {
                out.push(Command::PreviousEvent);
            }
            if i.consume_key(none, Key::CloseBracket) {
                out.push(Command::StepYears(1));
            }
            if i.consume_key(none, Key::OpenBracket) {
                out.push(Command::StepYears(-1));
            }
            if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                out.push(Command::Zoom(1.5));
            }
            if i.key_pressed(Key::Minus) {
                out.push(Command::Zoom(1.0 / 1.5));
            }
            if i.key_pressed(Key::Num0) {
                out.push(Command::ResetView);
            }
            if !timeline_focused {
                let step = 120.0;
                for (key, d) in [
                    (Key::ArrowLeft, Vec2::new(step, 0.0)),
                    (Key::ArrowRight, Vec2::new(-step, 0.0)),
                    (Key::ArrowUp, Vec2::new(0.0, step)),
                    (Key::ArrowDown, Vec2::new(0.0, -step)),
                ] {
                    if i.consume_key(none, key) {
                        out.push(Command::Pan(d));
                    }
                }
            }
        });
        self.commands.extend(out);
    }

    /// Presentation keys, as clickers send them: PageDown, →, ↓ or Space for the next stop;
    /// PageUp, ← or ↑ for the previous; B or "." to blank the screen; Esc or F5 to leave.
    fn presentation_keys(&mut self, ctx: &egui::Context) {
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            let none = egui::Modifiers::NONE;
            for key in [Key::PageDown, Key::ArrowRight, Key::ArrowDown, Key::Space] {
                if i.consume_key(none, key) {
                    out.push(Command::NextStop);
                }
            }
            for key in [Key::PageUp, Key::ArrowLeft, Key::ArrowUp] {
                if i.consume_key(none, key) {
                    out.push(Command::PreviousStop);
                }
            }
            for key in [Key::B, Key::Period] {
                if i.consume_key(none, key) {
                    out.push(Command::ToggleBlank);
                }
            }
            for key in [Key::Escape, Key::F5] {
                if i.consume_key(none, key) {
                    out.push(Command::Present(false));
                }
            }
        });
        self.commands.extend(out);
    }

    /// Switches the window's style and fullscreen state to match presentation mode.
    fn sync_presentation(&mut self, ctx: &egui::Context) {
        if self.presenting && self.normal_style.is_none() {
            let normal = ctx.global_style();
            ctx.set_global_style(present::projector_style(&normal));
            self.normal_style = Some(normal);
            self.map.theme = MapTheme::PROJECTOR;
            // No pop-ups over a presented map.
            self.map.tooltips = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        } else if !self.presenting
            && let Some(normal) = self.normal_style.take()
        {
            ctx.set_global_style((*normal).clone());
            self.map.theme = MapTheme::NORMAL;
            self.map.tooltips = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
    }

    fn play(&mut self, ctx: &egui::Context) {
        if !self.playing {
            return;
        }
        let dt = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        self.play_carry += dt * f64::from(self.speed) * 365.25;
        let whole = self.play_carry.floor();
        if whole >= 1.0 {
            self.play_carry -= whole;
            let next = Day::from_day_number(self.date.day_number().saturating_add(whole as i32));
            self.set_date(next);
            if self.date >= self.today {
                self.playing = false;
            }
        }
        ctx.request_repaint();
    }

    /// Draws one frame and handles its input.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let repaint = ctx.clone();
        self.data
            .want_high(self.map.view.metres_per_point, move || {
                repaint.request_repaint()
            });
        let late = self.data.poll();
        let atlas = &self.atlas;
        self.problems.extend(
            late.into_iter()
                .filter(|p| !atlas_panel::expected(atlas, p)),
        );
        self.now = ctx.input(|i| i.time);
        self.dropped_files(&ctx);
        self.keys(&ctx);
        self.play(&ctx);
        if let Some(c) = self.dialogs.poll(&ctx) {
            self.commands.push(c);
        }
        for c in std::mem::take(&mut self.commands) {
            self.apply(c);
        }
        self.sync_presentation(&ctx);
        self.refresh_paint();
        // Sets the cross-fade on the (possibly new) paint while one runs.
        self.animate(&ctx);

        let mut commands = Vec::new();
        if self.presenting {
            self.presentation(ui, &mut commands);
        } else {
            self.window(ui, &mut commands);
        }
        self.commands.extend(commands);
        if !self.commands.is_empty() {
            ctx.request_repaint();
        }
        self.frames += 1;
        self.after_frame(&ctx);
    }

    /// Presentation mode: the map with the legend, and the caption strip; or a black screen.
    fn presentation(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.blank {
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE.fill(egui::Color32::BLACK))
                .show(ui, |ui| {
                    let (_, response) =
                        ui.allocate_exact_size(ui.available_size(), egui::Sense::click());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Blank screen")
                    });
                    if response.clicked() {
                        commands.push(Command::ToggleBlank);
                    }
                });
            return;
        }
        egui::Panel::bottom("caption")
            .frame(
                egui::Frame::NONE
                    .fill(egui::Color32::WHITE)
                    .inner_margin(16),
            )
            .show(ui, |ui| {
                let n = self.stops().len();
                let stop = self
                    .stop
                    .and_then(|i| self.stops().get(i).map(|s| (i, n, s)));
                present::caption_strip(ui, &self.atlas, self.date, stop);
            });
        self.central_map(ui, commands);
    }

    /// The window's usual layout: toolbar, timeline, side panels and the map.
    fn window(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let commands_out = commands;
        let mut commands = Vec::new();
        if !self.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| {
                tour_panel::notices(ui, &self.notices, &mut commands);
            });
        }
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui, &mut commands));
        if self.export.is_some() {
            egui::Panel::bottom("export progress").show(ui, |ui| self.export_progress(ui));
        }
        if self.shows(Panel::Problems) {
            egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| self.problems_panel(ui, &mut commands));
        }
        egui::Panel::bottom("timeline").show(ui, |ui| {
            timeline::show(
                ui,
                &self.atlas,
                self.date,
                self.today,
                &mut self.date_text,
                &mut self.date_error,
                self.playing,
                self.speed,
                &mut commands,
            );
        });
        if self.shows(Panel::Excerpts) {
            egui::Panel::left("excerpts")
                .default_size(330.0)
                .resizable(true)
                .show(ui, |ui| {
                    excerpts::show(ui, &self.atlas, self.date, self.excerpt, &mut commands);
                });
        }
        if self.shows(Panel::Country) {
            egui::Panel::right("country")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    let unit = self.selected.and_then(|i| self.atlas.units.get(i as usize));
                    country::show(ui, &self.atlas, unit, self.date, self.today, &mut commands);
                });
        }
        if self.shows(Panel::Tour) {
            egui::Panel::right("tour")
                .default_size(300.0)
                .resizable(true)
                .show(ui, |ui| self.tour_panel(ui, &mut commands));
        }
        self.central_map(ui, &mut commands);
        let hovering = ui.ctx().input(|i| !i.raw.hovered_files.is_empty());
        if hovering {
            let rect = ui.ctx().content_rect();
            let painter = ui.ctx().layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop an atlas folder to open it, or a tour file",
                egui::FontId::proportional(28.0),
                egui::Color32::WHITE,
            );
        }
        commands_out.extend(commands);
    }

    /// The map and its legend, filling what is left.
    fn central_map(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let outlined = Outlined {
                    selected: self.selected,
                    highlighted: self.highlighted.clone(),
                };
                let atlas = &self.atlas;
                let date = self.date;
                let tooltip = |ui: &mut egui::Ui, unit: u32| {
                    if let Some(u) = atlas.units.get(unit as usize) {
                        legend::unit_tooltip(ui, atlas, u, date);
                    }
                };
                let obstacles: Vec<egui::Rect> = self.legend_rect.into_iter().collect();
                let action =
                    self.map
                        .show(ui, &self.data, &self.paint, &outlined, &obstacles, &tooltip);
                if let Some(MapAction::Clicked(u)) = action {
                    commands.push(Command::Select(u));
                }
                let counts = &self.paint.looks.counts;
                let legend = self
                    .shows(Panel::Legend)
                    .then(|| legend::show(ui, self.map.rect, counts, self.date));
                if legend != self.legend_rect {
                    self.legend_rect = legend;
                    ui.ctx().request_repaint();
                }
            });
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            ui.menu_button("Atlas", |ui| {
                if ui
                    .button("Open atlas…")
                    .on_hover_text("A folder with atlas.toml (or drop one on the window)")
                    .clicked()
                {
                    commands.push(Command::Dialog(tour_panel::Dialog::OpenAtlas));
                    ui.close();
                }
                if ui
                    .add_enabled(
                        self.atlas_dir != AtlasDir::Bundled,
                        egui::Button::new("Bundled atlas"),
                    )
                    .clicked()
                {
                    commands.push(Command::OpenBundledAtlas);
                    ui.close();
                }
            });
            ui.strong(&self.atlas.title);
            if !self.problems.is_empty()
                && ui
                    .selectable_label(
                        self.shows(Panel::Problems),
                        format!(
                            "Problems ({})",
                            crate::model::thousands(crate::model::problem_count(&self.problems))
                        ),
                    )
                    .clicked()
            {
                commands.push(Command::TogglePanel(Panel::Problems));
            }
            ui.separator();
            for (panel, label) in [
                (Panel::Excerpts, "Excerpts"),
                (Panel::Country, "Country"),
                (Panel::Legend, "Legend"),
                (Panel::Tour, "Tour"),
            ] {
                if ui
                    .selectable_label(self.shows(panel), label)
                    .on_hover_text(format!("Show or hide the {} panel", label.to_lowercase()))
                    .clicked()
                {
                    commands.push(Command::TogglePanel(panel));
                }
            }
            ui.separator();
            if ui
                .button("Europe")
                .on_hover_text("Show Europe whole (key 0)")
                .clicked()
            {
                commands.push(Command::ResetView);
            }
            if ui
                .button("World")
                .on_hover_text("Show North America and the whole USSR")
                .clicked()
            {
                commands.push(Command::WorldView);
            }
            if ui.button("Zoom in").on_hover_text("Key +").clicked() {
                commands.push(Command::Zoom(1.5));
            }
            if ui.button("Zoom out").on_hover_text("Key −").clicked() {
                commands.push(Command::Zoom(1.0 / 1.5));
            }
            ui.separator();
            if ui
                .button("Present")
                .on_hover_text("Fullscreen with the projector theme; Esc leaves (key F5)")
                .clicked()
            {
                commands.push(Command::Present(true));
            }
            let mut reduce = self.reduce_motion;
            if ui
                .checkbox(&mut reduce, "Reduce motion")
                .on_hover_text("Go from stop to stop without moving the map or fading colours")
                .changed()
            {
                commands.push(Command::SetReduceMotion(reduce));
            }
            ui.menu_button("Export", |ui| self.export_menu(ui, commands));
            ui.separator();
            ui.menu_button("Keys", |ui| {
                for (k, what) in KEYS {
                    ui.horizontal(|ui| {
                        ui.monospace(*k);
                        ui.label(*what);
                    });
                }
            });
        });
    }

    /// Start-up measurement and the screenshot used by the window test.
    fn after_frame(&mut self, ctx: &egui::Context) {
        if self.frames == 1 {
            log_startup(self.started);
        }
        if let Some(path) = self.launch.screenshot.clone()
            && self.frames == 3
        {
            // The callback runs on the render side; it saves and closes the window.
            let ctx2 = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Err(e) = save_png(&path, &image) {
                    eprintln!(
                        "error: cannot save the screenshot {}: {e:#}",
                        path.display()
                    );
                }
                ctx2.send_viewport_cmd(egui::ViewportCommand::Close);
                ctx2.request_repaint();
            });
        }
        if self.launch.screenshot.is_some() && self.frames < 3 {
            ctx.request_repaint();
        }
        if let Some(n) = self.launch.exit_after_frames {
            if self.frames >= n {
                eprintln!(
                    "frames: {}  peak memory: {} MB  detailed: {}",
                    self.frames,
                    peak_memory_mb().map_or("?".into(), |m| format!("{m:.1}")),
                    if self.data.high.is_some() {
                        "yes"
                    } else {
                        "no"
                    }
                );
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            ctx.request_repaint();
        }
    }
}

/// The keys, for the Keys menu and the README.
pub const KEYS: &[(&str, &str)] = &[
    ("Space", "play / pause"),
    ("PageDown / PageUp", "next / previous event"),
    ("] / [", "a year later / earlier"),
    ("Left / Right (timeline focused)", "a day later / earlier"),
    ("Arrow keys", "pan the map"),
    ("+ / −", "zoom in / out"),
    ("0", "show Europe"),
    ("F5 / Esc", "enter / leave presentation"),
    (
        "PageDown / PageUp (presenting)",
        "next / previous stop (also → ← and clickers)",
    ),
    ("B or . (presenting)", "blank the screen"),
    ("Tab", "move between controls"),
];

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Marks the process start, for the start-up measurement (call first thing in `main`).
pub fn mark_start() {
    let _ = START.get_or_init(Instant::now);
}

fn log_startup(app_created: Instant) {
    if std::env::var_os("BLOC_ATLAS_TIMING").is_some() {
        let start = START.get().copied().unwrap_or(app_created);
        eprintln!(
            "first frame: {:.1} ms after start (peak memory so far {} MB)",
            start.elapsed().as_secs_f64() * 1000.0,
            peak_memory_mb().map_or("?".into(), |m| format!("{m:.1}"))
        );
    }
}

/// Peak resident memory of this process (Linux), in megabytes.
pub fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let [w, h] = image.size;
    let mut bytes = Vec::with_capacity(w * h * 4);
    for p in &image.pixels {
        bytes.extend_from_slice(&p.to_srgba_unmultiplied());
    }
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or_else(|| anyhow::anyhow!("bad image size"))?;
    buffer.save(path)?;
    Ok(())
}

impl eframe::App for AtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        AtlasApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if !self.launch.fresh {
            eframe::set_value(storage, eframe::APP_KEY, &self.settings());
        }
    }

    fn persist_egui_memory(&self) -> bool {
        !self.launch.fresh
    }
}

/// Opens the window on the bundled atlas.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Bloc Atlas")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 420.0]),
        // Egui feathers its own shapes, but not meshes: multisampling smooths the map's edges.
        multisampling: 4,
        persist_window: !launch.fresh,
        ..Default::default()
    };
    eframe::run_native(
        "Bloc Atlas",
        options,
        Box::new(move |cc| {
            let settings = if launch.fresh {
                Settings::default()
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value::<Settings>(s, eframe::APP_KEY))
                    .unwrap_or_default()
            };
            let mut app = AtlasApp::bundled(settings, launch)?;
            let rel = app.atlas.geometry_paths.high.clone();
            app.data
                .set_high_source(app.atlas.geometry_paths.dir.clone(), rel);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
