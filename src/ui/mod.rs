//! The desktop app (eframe/egui): a map coloured by bloc on a chosen day, a timeline, the
//! source excerpts of that moment, and the history of the selected unit.
//!
//! Widgets never change the state directly: they push [`Command`]s, which
//! [`AtlasApp::apply`] handles in one place at the end of the frame. The model (`crate::model`)
//! knows nothing of egui; what the map needs for a day is gathered in a [`map::Paint`].

pub mod atlas_panel;
pub mod command;
pub mod country;
pub mod excerpts;
pub mod export_panel;
pub mod legend;
pub mod map;
pub mod present;
pub mod style;
pub mod timeline;
pub mod tour_panel;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{Key, Vec2};

use crate::geometry::Detail;
use crate::geometry::projection::{LonLat, Projection};
use crate::model::{Atlas, AtlasDir, BlocCount, Day, Layer};
use crate::tour::{Stop, StopView, Tour};

use crate::scene::framing::{europe, world};
use crate::scene::{Looks, Outlined};

pub use crate::scene::framing::ViewArg;
use map::{Fade, Level, MapAction, MapData, MapTheme, MapView, Paint, View};

pub use command::{
    AtlasCommand, Command, ExportCommand, ExportOutcome, Panel, PresentCommand, TimeCommand,
    TourCommand, ViewCommand,
};
use present::Move;

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
    /// The layer the map is coloured by: `alignment` or an organisation's id.
    pub layer: String,
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
            layer: "alignment".into(),
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

/// The application, its state split by who owns it:
///
/// - `settings`: what is remembered between runs, saved as it is (the day, the selection, the
///   view and the panels shown are written into it when it is saved);
/// - `work`: the working state — the atlas and its map, the day, the mode, the tour, notices —
///   changed only by [`AtlasApp::apply`];
/// - `derived`: what is rebuilt from the working state once after the commands of a frame
///   (the scene's paint, the event days, the stops of the events);
/// - `jobs`: work on other threads (a file dialog, an export), which reports back only through
///   a command.
pub struct AtlasApp {
    settings: Settings,
    work: Work,
    derived: Derived,
    jobs: Jobs,
    commands: Vec<Command>,
    launch: Launch,
    frames: u64,
    started: Instant,
    /// egui's clock at the start of the frame, seconds.
    now: f64,
}

/// What the window is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The usual layout: toolbar, panels, timeline and map.
    Window,
    /// Presentation: fullscreen map and caption strip.
    Presenting,
    /// Presentation with the screen blanked.
    Blank,
}

/// The timeline playing: the clock of the last tick and the part of a day not yet shown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Play {
    last: Option<f64>,
    carry: f64,
}

/// The working state.
struct Work {
    atlas: Arc<Atlas>,
    /// Where the atlas shown was read from.
    atlas_dir: AtlasDir,
    /// Problems of the atlas opened last, with their files and places.
    problems: Vec<crate::model::Problem>,
    /// The folder they are about.
    problems_of: String,
    /// The map's geometry.
    data: MapData,
    /// The map view and its caches.
    map: MapView,
    date: Day,
    today: Day,
    selected: Option<u32>,
    highlighted: Vec<u32>,
    excerpt: Option<usize>,
    mode: Mode,
    /// The layer the map is coloured by.
    layer: Layer,
    play: Option<Play>,
    panels: [bool; 5],
    /// The open tour; without one, the stops are the atlas's events.
    tour: Option<OpenTour>,
    stop: Option<usize>,
    motion: Option<Move>,
    /// A colour cross-fade: when it started and the piece colours it starts from.
    fade: Option<(f64, Arc<Fade>)>,
    /// Messages for the user (a tour that cannot be read, a failed save, …).
    notices: Vec<String>,
    /// Tours kept with unsaved changes (from an earlier session, or closed unsaved), and their
    /// files in the recovery folder.
    recovered: Vec<(PathBuf, Tour)>,
    /// This session's copy of the open tour while it has unsaved changes.
    session_copy: Option<PathBuf>,
    /// The text of the date field, while it is being edited.
    date_text: String,
    date_error: Option<String>,
    export_form: export_panel::Form,
}

/// Rebuilt from the working state after the commands of a frame.
#[derive(Default)]
struct Derived {
    /// Who may hold each piece of the overview and the detailed level (built once per atlas
    /// and level).
    owner_index: [Option<crate::scene::OwnerIndex>; 2],
    paint: Paint,
    paint_key: Option<(Day, bool, Layer)>,
    /// The timeline's ticks for the layer shown (the atlas's events, or an organisation's
    /// entries and exits), by day, and their days for "next/previous event".
    ticks: std::collections::BTreeMap<Day, Vec<String>>,
    event_days: Vec<Day>,
    event_stops: Tour,
    /// Where the legend was drawn last frame (labels keep clear of it).
    legend_rect: Option<egui::Rect>,
    /// The window's own style, kept while the projector's is in use.
    normal_style: Option<Arc<egui::Style>>,
}

/// Work on other threads.
#[derive(Default)]
struct Jobs {
    export: Option<export_panel::Job>,
    dialogs: tour_panel::Dialogs,
}

impl AtlasApp {
    /// The app over an atlas and its overview geometry, with remembered settings.
    pub fn new(atlas: Arc<Atlas>, data: MapData, settings: Settings, launch: Launch) -> AtlasApp {
        let today = launch.today;
        let date = launch
            .date
            .or_else(|| settings.date.parse().ok())
            .unwrap_or(atlas.coverage_from)
            .clamp(atlas.coverage_from, today);
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
            .as_deref()
            .and_then(|id| atlas.index_of(id));
        let panels = [
            settings.show_excerpts,
            settings.show_country,
            settings.show_legend,
            settings.show_tour,
            false,
        ];
        let mut settings = settings;
        if !SPEEDS.contains(&settings.speed) {
            settings.speed = 1.0;
        }
        let derived = Derived {
            ticks: timeline::ticks(&atlas, &Layer::Alignment),
            event_stops: Tour::from_events(&atlas),
            ..Derived::default()
        };
        let mut app = AtlasApp {
            settings,
            work: Work {
                atlas,
                atlas_dir: AtlasDir::Bundled,
                problems: Vec::new(),
                problems_of: String::new(),
                data,
                map,
                date,
                today,
                selected,
                highlighted: Vec::new(),
                excerpt: None,
                mode: Mode::Window,
                layer: Layer::Alignment,
                play: None,
                panels,
                tour: None,
                stop: None,
                motion: None,
                fade: None,
                notices: Vec::new(),
                recovered: Vec::new(),
                session_copy: None,
                date_text: date.to_string(),
                date_error: None,
                export_form: export_panel::Form::default(),
            },
            derived,
            jobs: Jobs::default(),
            commands: Vec::new(),
            launch,
            frames: 0,
            started: Instant::now(),
            now: 0.0,
        };
        let layer = Layer::from_id(&app.settings.layer);
        app.set_layer(layer);
        if let Some(dir) = app.launch.recovery.clone() {
            let (tours, problems) = tour_panel::recovered_tours(&dir);
            if !tours.is_empty() {
                app.work.panels[Panel::Tour as usize] = true;
            }
            app.work.recovered = tours;
            app.work.notices.extend(problems);
        }
        if let Some(path) = app.launch.atlas.clone() {
            app.apply(Command::Atlas(AtlasCommand::Open(path)));
        }
        if let Some(path) = app.launch.tour.clone() {
            app.apply(Command::Tour(TourCommand::Open(path)));
            if let Some(n) = app.launch.stop.and_then(|n| n.checked_sub(1)) {
                app.apply(Command::Present(PresentCommand::GoTo(n)));
            }
        }
        if app.launch.present {
            app.apply(Command::Present(PresentCommand::Set(true)));
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
        &self.work.atlas
    }

    /// Where the atlas shown was read from.
    pub fn atlas_dir(&self) -> &AtlasDir {
        &self.work.atlas_dir
    }

    /// The problems of the atlas opened last, as `file:line:column: message`.
    pub fn problems(&self) -> Vec<String> {
        self.work.problems.iter().map(ToString::to_string).collect()
    }

    /// The day shown.
    pub fn date(&self) -> Day {
        self.work.date
    }

    /// The selected unit's id.
    pub fn selected(&self) -> Option<&str> {
        self.work
            .selected
            .and_then(|i| self.work.atlas.units.get(i as usize))
            .map(|u| u.id.as_str())
    }

    /// Ids of the units highlighted by the chosen excerpt.
    pub fn highlighted(&self) -> Vec<&str> {
        self.work
            .highlighted
            .iter()
            .filter_map(|&i| self.work.atlas.units.get(i as usize))
            .map(|u| u.id.as_str())
            .collect()
    }

    /// Whether the timeline is playing.
    pub fn is_playing(&self) -> bool {
        self.work.play.is_some()
    }

    /// Whether a panel is shown.
    pub fn shows(&self, panel: Panel) -> bool {
        self.work.panels[panel as usize]
    }

    /// Whether presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.work.mode != Mode::Window
    }

    /// Whether the screen is blanked.
    pub fn is_blank(&self) -> bool {
        self.work.mode == Mode::Blank
    }

    /// The open tour.
    pub fn tour(&self) -> Option<&OpenTour> {
        self.work.tour.as_ref()
    }

    /// The stops presentation steps through: the tour's, or the atlas's events.
    pub fn stops(&self) -> &[Stop] {
        match &self.work.tour {
            Some(t) => &t.tour.stops,
            None => &self.derived.event_stops.stops,
        }
    }

    /// The index of the current stop.
    pub fn stop(&self) -> Option<usize> {
        self.work.stop
    }

    /// Messages shown to the user.
    pub fn notices(&self) -> &[String] {
        &self.work.notices
    }

    /// Whether a view or colour animation is running.
    pub fn is_animating(&self) -> bool {
        self.work.motion.is_some() || self.work.fade.is_some()
    }

    /// The view "Europe" shows in the map's rectangle (as the Europe button fits it): zoom 1 of
    /// a tour stop.
    fn europe_view(&self) -> View {
        let size = if self.work.map.rect.is_positive() {
            self.work.map.rect.size()
        } else {
            Vec2::new(1200.0, 800.0)
        };
        View::fit(europe(&self.work.data.projection), size * 0.95)
    }

    /// The map view that shows a stop's centre and zoom in the map's rectangle.
    pub fn view_of(&self, v: StopView) -> View {
        let europe = self.europe_view();
        let centre = self
            .work
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
        let v = self.work.map.view;
        let ll = self
            .work
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

    /// The map view: where it looks and the rectangle it was last drawn in.
    pub fn map(&self) -> &MapView {
        &self.work.map
    }

    /// The map's geometry.
    pub fn data(&self) -> &MapData {
        &self.work.data
    }

    /// What the window is doing.
    pub fn mode(&self) -> Mode {
        self.work.mode
    }

    /// The settings to remember.
    pub fn settings(&self) -> Settings {
        Settings {
            date: self.work.date.to_string(),
            selected: self.selected().map(str::to_owned),
            show_excerpts: self.shows(Panel::Excerpts),
            show_country: self.shows(Panel::Country),
            show_legend: self.shows(Panel::Legend),
            view: Some(self.work.map.view),
            speed: self.settings.speed,
            reduce_motion: self.settings.reduce_motion,
            show_tour: self.shows(Panel::Tour),
            layer: self.work.layer.id().to_string(),
        }
    }

    /// The index of an excerpt by its id.
    pub fn excerpt_index(&self, id: &str) -> Option<usize> {
        self.work.atlas.excerpts.iter().position(|e| e.id == id)
    }

    /// The unit index of an id.
    pub fn unit_index(&self, id: &str) -> Option<u32> {
        self.work.atlas.index_of(id)
    }

    /// The screen position of a longitude/latitude on the map as last drawn.
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let p = self.work.data.projection.forward(LonLat { lon, lat })?;
        Some(self.work.map.view.to_screen(self.work.map.rect, p))
    }

    /// The unit under a screen position of the map as last drawn (what a click there selects).
    pub fn unit_at(&self, pos: egui::Pos2) -> Option<&str> {
        let unit = self
            .work
            .map
            .unit_at(&self.work.data, &self.derived.paint, pos)?;
        self.work
            .atlas
            .units
            .get(unit as usize)
            .map(|u| u.id.as_str())
    }

    /// Loads the detailed geometry now instead of on a thread (tests and benchmarks).
    pub fn load_high_now(&mut self) {
        let rel = self.work.atlas.geometry_paths.high.clone();
        let dir = self.work.atlas.geometry_paths.dir.clone();
        let problems = self.work.data.load_high_now(&dir, &rel);
        self.derived.owner_index[1] = None;
        let atlas = &self.work.atlas;
        self.work.problems.extend(
            problems
                .into_iter()
                .filter(|p| !atlas_panel::expected(atlas, p)),
        );
    }

    /// Each piece of the overview map with the fill the window gives it, by piece id (what the
    /// tests compare with the export's scene).
    pub fn piece_fills(&self) -> Vec<(String, crate::scene::palette::Rgba)> {
        let g = &self.work.data.low.geometry;
        g.pieces
            .iter()
            .zip(
                self.derived
                    .paint
                    .piece_colours(crate::geometry::Detail::Low),
            )
            .map(|(p, c)| (p.id.clone(), c))
            .collect()
    }

    /// The number of units in each bloc on the current day (context units not counted).
    pub fn bloc_counts(&self) -> Vec<BlocCount> {
        self.work.atlas.bloc_counts(self.work.date)
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Carries out a command: the one place where the app's state changes.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Time(c) => self.apply_time(c),
            Command::View(c) => self.apply_view(c),
            Command::Select(u) => {
                self.work.selected = u;
                if u.is_some() {
                    self.work.panels[Panel::Country as usize] = true;
                }
            }
            Command::ShowExcerpt(i) => {
                if let Some(e) = self.work.atlas.excerpts.get(i) {
                    let date = e.date;
                    self.work.highlighted = self.unit_indices(&e.units);
                    self.set_date(date);
                    self.work.excerpt = Some(i);
                }
            }
            Command::TogglePanel(p) => self.work.panels[p as usize] = !self.work.panels[p as usize],
            Command::SetLayer(layer) => self.set_layer(layer),
            Command::Present(c) => self.apply_present(c),
            Command::Tour(c) => self.apply_tour(c),
            Command::Export(c) => self.apply_export(c),
            Command::Atlas(c) => self.apply_atlas(c),
            Command::Dialog(d) => self.jobs.dialogs.ask(d),
            Command::Notice(n) => self.work.notices.push(n),
            Command::DismissNotice(i) => {
                if i < self.work.notices.len() {
                    self.work.notices.remove(i);
                }
            }
        }
    }

    /// The day and playing.
    fn apply_time(&mut self, command: TimeCommand) {
        match command {
            TimeCommand::SetDate(day) => self.set_date(day),
            TimeCommand::StepYears(n) => self.set_date(self.work.date.add_years(n)),
            TimeCommand::StepDays(n) => {
                self.set_date(Day::from_day_number(
                    self.work.date.day_number().saturating_add(n),
                ));
            }
            TimeCommand::NextEvent => {
                if let Some(&d) = self
                    .derived
                    .event_days
                    .iter()
                    .find(|&&d| d > self.work.date)
                {
                    self.set_date(d);
                }
            }
            TimeCommand::PreviousEvent => {
                if let Some(&d) = self
                    .derived
                    .event_days
                    .iter()
                    .rev()
                    .find(|&&d| d < self.work.date)
                {
                    self.set_date(d);
                }
            }
            TimeCommand::TogglePlay => {
                if self.work.play.take().is_none() {
                    self.work.play = Some(Play::default());
                    if self.work.date >= self.work.today {
                        self.set_date(self.work.atlas.coverage_from);
                    }
                }
            }
            TimeCommand::SetSpeed(s) => self.settings.speed = s,
            TimeCommand::Tick(now) => self.advance_play(now),
        }
    }

    /// Where the map looks.
    fn apply_view(&mut self, command: ViewCommand) {
        let r = self.work.map.rect;
        match command {
            ViewCommand::Zoom(f) => self.work.map.view.zoom(r, f, r.center()),
            ViewCommand::ZoomAt(f, at) => self.work.map.view.zoom(r, f, at),
            ViewCommand::Pan(d) => self.work.map.view.pan(d),
            ViewCommand::Europe => {
                self.work.map.fit_pending = Some(europe(&self.work.data.projection))
            }
            ViewCommand::World => {
                self.work.map.fit_pending = Some(world(&self.work.data.projection))
            }
        }
        self.work
            .map
            .view
            .clamp_to(self.work.data.low.geometry.bounds);
    }

    /// Presentation mode and its stops.
    fn apply_present(&mut self, command: PresentCommand) {
        match command {
            PresentCommand::Set(on) => {
                self.work.mode = if on { Mode::Presenting } else { Mode::Window };
            }
            PresentCommand::GoTo(i) => self.go_to_stop(i),
            PresentCommand::Next => {
                self.unblank();
                let next = match self.work.stop {
                    Some(i) => Some(i + 1),
                    None if self.work.tour.is_some() => Some(0),
                    None => self.stops().iter().position(|s| s.date > self.work.date),
                };
                if let Some(i) = next.filter(|&i| i < self.stops().len()) {
                    self.go_to_stop(i);
                }
            }
            PresentCommand::Previous => {
                self.unblank();
                let previous = match self.work.stop {
                    Some(i) => i.checked_sub(1),
                    None if self.work.tour.is_some() => None,
                    None => self.stops().iter().rposition(|s| s.date < self.work.date),
                };
                if let Some(i) = previous {
                    self.go_to_stop(i);
                }
            }
            PresentCommand::ToggleBlank => {
                self.work.mode = match self.work.mode {
                    Mode::Blank => Mode::Presenting,
                    Mode::Presenting => Mode::Blank,
                    Mode::Window => Mode::Window,
                };
            }
            PresentCommand::SetReduceMotion(on) => {
                self.settings.reduce_motion = on;
                if on {
                    self.finish_animations();
                }
            }
        }
    }

    /// Colours the map by a layer; one the atlas does not have (a remembered one, after opening
    /// another atlas) is the alignment. The timeline's ticks follow the layer.
    fn set_layer(&mut self, layer: Layer) {
        self.work.layer = match &layer {
            Layer::Organisation(id) if self.work.atlas.organisation(id).is_none() => {
                Layer::Alignment
            }
            _ => layer,
        };
        self.derived.ticks = timeline::ticks(&self.work.atlas, &self.work.layer);
        self.derived.event_days = self.derived.ticks.keys().copied().collect();
    }

    /// Brings the map back after a blank screen.
    fn unblank(&mut self) {
        if self.work.mode == Mode::Blank {
            self.work.mode = Mode::Presenting;
        }
    }

    /// The unit indices of these ids (unknown ones left out).
    fn unit_indices(&self, ids: &[String]) -> Vec<u32> {
        ids.iter()
            .filter_map(|id| self.work.atlas.index_of(id))
            .collect()
    }

    /// Goes to a stop: its date, highlights, excerpt and view, animated unless motion is reduced.
    fn go_to_stop(&mut self, i: usize) {
        let Some(stop) = self.stops().get(i).cloned() else {
            return;
        };
        let animate = !self.settings.reduce_motion && self.frames > 0;
        if animate && stop.date != self.work.date {
            let fade = Fade {
                low: self.derived.paint.piece_colours(Detail::Low),
                high: self.derived.paint.piece_colours(Detail::High),
                t: 0.0,
            };
            self.work.fade = Some((self.now, Arc::new(fade)));
        }
        self.set_date(stop.date);
        if let Some(layer) = &stop.layer {
            self.set_layer(Layer::from_id(layer));
        }
        self.work.stop = Some(i);
        self.work.highlighted = stop
            .highlight
            .iter()
            .filter_map(|id| self.work.atlas.index_of(id))
            .collect();
        self.work.excerpt = stop
            .excerpt
            .as_deref()
            .and_then(|id| self.excerpt_index(id));
        if let Some(v) = stop.view {
            let to = self.view_of(v);
            self.work.map.fit_pending = None;
            if animate {
                self.work.motion = Some(Move {
                    from: self.work.map.view,
                    to,
                    start: self.now,
                });
            } else {
                self.work.motion = None;
                self.work.map.view = to;
            }
        }
    }

    /// Ends any animation where it was going.
    fn finish_animations(&mut self) {
        if let Some(m) = self.work.motion.take() {
            self.work.map.view = m.to;
        }
        if self.work.fade.take().is_some() {
            self.derived.paint.fade = None;
            self.derived.paint.generation = self.derived.paint.generation.wrapping_add(1);
        }
    }

    /// Advances the view and colour animations to the frame's time.
    fn animate(&mut self, ctx: &egui::Context) {
        if let Some(m) = self.work.motion {
            let (view, done) = m.at(self.now, f64::from(self.work.map.rect.width()));
            self.work.map.view = view;
            if done {
                self.work.motion = None;
            }
            ctx.request_repaint();
        }
        if let Some((start, from)) = &self.work.fade {
            let t = ((self.now - start) / present::FADE_SECONDS) as f32;
            if t >= 1.0 {
                self.work.fade = None;
                self.derived.paint.fade = None;
            } else {
                let mut f = (**from).clone();
                f.t = t.max(0.0);
                self.derived.paint.fade = Some(Arc::new(f));
                ctx.request_repaint();
            }
            self.derived.paint.generation = self.derived.paint.generation.wrapping_add(1);
        }
    }

    fn set_date(&mut self, day: Day) {
        let day = day.clamp(self.work.atlas.coverage_from, self.work.today);
        if day != self.work.date {
            self.work.date = day;
            // Event stops follow the date; a tour's stop stays until another is chosen.
            if self.work.tour.is_none() {
                self.work.stop = None;
            }
            // An excerpt's highlight belongs to its moment.
            if let Some(e) = self
                .work
                .excerpt
                .and_then(|i| self.work.atlas.excerpts.get(i))
                && !excerpts::belongs(e, day)
            {
                self.work.excerpt = None;
                self.work.highlighted.clear();
            }
        }
        self.work.date_text = self.work.date.to_string();
        self.work.date_error = None;
    }

    /// Shows the first few of a list of problems as notices, and how many more there are.
    fn notice_problems(&mut self, problems: &[crate::model::Problem]) {
        const SHOWN: usize = 5;
        self.work
            .notices
            .extend(problems.iter().take(SHOWN).map(ToString::to_string));
        let rest = crate::model::problem_count(problems).saturating_sub(SHOWN);
        if rest > 0 {
            self.work.notices.push(format!(
                "… and {} more problem(s) of the same kind",
                crate::model::thousands(rest)
            ));
        }
    }

    /// Recomputes what the map paints when the day or the loaded levels changed: the scene's
    /// looks of the day and the owners of each level's pieces.
    fn refresh_paint(&mut self) {
        let key = (
            self.work.date,
            self.work.data.high.is_some(),
            self.work.layer.clone(),
        );
        if self.derived.paint_key.as_ref() == Some(&key) {
            return;
        }
        let atlas = &self.work.atlas;
        let day = self.work.date;
        let looks = Looks::on(atlas, day, &self.work.layer);
        let data = &self.work.data;
        let [low, high] = &mut self.derived.owner_index;
        let owners_low = low
            .get_or_insert_with(|| crate::scene::OwnerIndex::new(atlas, &data.low.geometry))
            .owners(day);
        let owners_high = match &data.high {
            Some(h) => high
                .get_or_insert_with(|| crate::scene::OwnerIndex::new(atlas, &h.geometry))
                .owners(day),
            None => Vec::new(),
        };
        let same_names = looks.names == self.derived.paint.looks.names
            && owners_low == self.derived.paint.owners_low
            && owners_high == self.derived.paint.owners_high;
        self.derived.paint = Paint {
            looks: Arc::new(looks),
            owners_low,
            owners_high,
            generation: self.derived.paint.generation.wrapping_add(1),
            names_generation: if same_names {
                self.derived.paint.names_generation
            } else {
                self.derived.paint.names_generation.wrapping_add(1)
            },
            fade: None,
        };
        self.derived.paint_key = Some(key);
    }

    /// The keyboard shortcuts of the mode ([`command::SHORTCUTS`]), unless a text field has the
    /// keyboard; the arrows are the timeline's when it has the focus.
    fn keys(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let when = match self.work.mode {
            Mode::Window => command::When::Window,
            Mode::Presenting | Mode::Blank => command::When::Presenting,
        };
        let timeline_focused = ctx.memory(|m| m.focused()) == Some(timeline::id());
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            for s in command::SHORTCUTS.iter().filter(|s| s.when == when) {
                if when == command::When::Window
                    && timeline_focused
                    && command::timeline_owns(s.key)
                {
                    continue;
                }
                // Zoom keys come with Shift on many keyboards: any modifiers will do.
                let pressed = if matches!(s.key, Key::Plus | Key::Equals | Key::Minus | Key::Num0) {
                    i.key_pressed(s.key)
                } else {
                    i.consume_key(egui::Modifiers::NONE, s.key)
                };
                if pressed {
                    out.push(s.command.clone());
                }
            }
        });
        self.commands.extend(out);
    }

    /// What happened since the last frame, as commands: keys, files dropped on the window, the
    /// clock while playing, and the reports of background work (a file dialog's answer, an
    /// export that ended, the detailed map loaded).
    fn collect(&mut self, ctx: &egui::Context) {
        self.keys(ctx);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty() {
            self.commands
                .push(Command::Atlas(AtlasCommand::Dropped(dropped)));
        }
        if self.work.play.is_some() {
            self.commands
                .push(Command::Time(TimeCommand::Tick(self.now)));
            ctx.request_repaint();
        }
        if let Some(c) = self.jobs.dialogs.poll(ctx) {
            self.commands.push(c);
        }
        if let Some(c) = self.poll_export(ctx) {
            self.commands.push(c);
        }
        if let Some(loaded) = self.work.data.poll() {
            self.commands
                .push(Command::Atlas(AtlasCommand::DetailLoaded(loaded)));
        }
    }

    /// Switches the window's style and fullscreen state to match presentation mode.
    fn sync_presentation(&mut self, ctx: &egui::Context) {
        let presenting = self.work.mode != Mode::Window;
        if presenting && self.derived.normal_style.is_none() {
            let normal = ctx.global_style();
            ctx.set_global_style(present::projector_style(&normal));
            self.derived.normal_style = Some(normal);
            self.work.map.theme = MapTheme::PROJECTOR;
            // No pop-ups over a presented map.
            self.work.map.tooltips = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        } else if !presenting && let Some(normal) = self.derived.normal_style.take() {
            ctx.set_global_style((*normal).clone());
            self.work.map.theme = MapTheme::NORMAL;
            self.work.map.tooltips = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
    }

    /// Playing: moves the day on by the time since the last tick at the chosen speed. The time
    /// is the wall clock's, so that a slow frame skips days rather than slowing time down (a gap
    /// over a second, such as a window hidden for a while, counts as a second).
    fn advance_play(&mut self, now: f64) {
        let Some(play) = &mut self.work.play else {
            return;
        };
        let dt = play.last.map_or(0.0, |last| (now - last).clamp(0.0, 1.0));
        play.last = Some(now);
        play.carry += dt * f64::from(self.settings.speed) * 365.25;
        let whole = play.carry.floor();
        if whole >= 1.0 {
            play.carry -= whole;
            let next =
                Day::from_day_number(self.work.date.day_number().saturating_add(whole as i32));
            self.set_date(next);
            if self.work.date >= self.work.today {
                self.work.play = None;
            }
        }
    }

    /// Draws one frame and handles its input.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let repaint = ctx.clone();
        self.work
            .data
            .want_high(self.work.map.view.metres_per_point, move || {
                repaint.request_repaint()
            });
        self.now = ctx.input(|i| i.time);
        self.collect(&ctx);
        for c in std::mem::take(&mut self.commands) {
            self.apply(c);
        }
        self.sync_presentation(&ctx);
        self.refresh_paint();
        // Sets the cross-fade on the (possibly new) paint while one runs.
        self.animate(&ctx);

        let mut commands = Vec::new();
        match self.work.mode {
            Mode::Window => self.window(ui, &mut commands),
            Mode::Presenting | Mode::Blank => self.presentation(ui, &mut commands),
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
        if self.work.mode == Mode::Blank {
            egui::CentralPanel::default()
                .frame(egui::Frame::NONE.fill(egui::Color32::BLACK))
                .show(ui, |ui| {
                    let (_, response) =
                        ui.allocate_exact_size(ui.available_size(), egui::Sense::click());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Blank screen")
                    });
                    if response.clicked() {
                        commands.push(Command::Present(PresentCommand::ToggleBlank));
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
                    .work
                    .stop
                    .and_then(|i| self.stops().get(i).map(|s| (i, n, s)));
                present::caption_strip(ui, &self.work.atlas, self.work.date, stop);
            });
        self.central_map(ui, commands);
    }

    /// The window's usual layout: toolbar, timeline, side panels and the map.
    fn window(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let commands_out = commands;
        let mut commands = Vec::new();
        if !self.work.notices.is_empty() {
            egui::Panel::top("notices").show(ui, |ui| {
                tour_panel::notices(ui, &self.work.notices, &mut commands);
            });
        }
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui, &mut commands));
        if self.jobs.export.is_some() {
            egui::Panel::bottom("export progress")
                .show(ui, |ui| self.export_progress(ui, &mut commands));
        }
        if self.shows(Panel::Problems) {
            egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| self.problems_panel(ui, &mut commands));
        }
        egui::Panel::bottom("timeline").show(ui, |ui| {
            timeline::show(
                ui,
                &self.work.atlas,
                &self.derived.ticks,
                self.work.date,
                self.work.today,
                &mut self.work.date_text,
                &mut self.work.date_error,
                self.work.play.is_some(),
                self.settings.speed,
                &mut commands,
            );
        });
        if self.shows(Panel::Excerpts) {
            egui::Panel::left("excerpts")
                .default_size(330.0)
                .resizable(true)
                .show(ui, |ui| {
                    excerpts::show(
                        ui,
                        &self.work.atlas,
                        self.work.date,
                        self.work.excerpt,
                        &mut commands,
                    );
                });
        }
        if self.shows(Panel::Country) {
            egui::Panel::right("country")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    let unit = self
                        .work
                        .selected
                        .and_then(|i| self.work.atlas.units.get(i as usize));
                    country::show(
                        ui,
                        &self.work.atlas,
                        unit,
                        self.work.date,
                        self.work.today,
                        &mut commands,
                    );
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
                    selected: self.work.selected,
                    highlighted: self.work.highlighted.clone(),
                };
                let atlas = &self.work.atlas;
                let date = self.work.date;
                let tooltip = |ui: &mut egui::Ui, unit: u32| {
                    if let Some(u) = atlas.units.get(unit as usize) {
                        legend::unit_tooltip(ui, atlas, u, date);
                    }
                };
                let obstacles: Vec<egui::Rect> = self.derived.legend_rect.into_iter().collect();
                let actions = self.work.map.show(
                    ui,
                    &self.work.data,
                    &self.derived.paint,
                    &outlined,
                    &obstacles,
                    &tooltip,
                );
                for action in actions {
                    commands.push(match action {
                        MapAction::Clicked(u) => Command::Select(u),
                        MapAction::Dragged(d) => Command::View(ViewCommand::Pan(d)),
                        MapAction::Zoomed(f, at) => Command::View(ViewCommand::ZoomAt(f, at)),
                    });
                }
                let looks = &self.derived.paint.looks;
                let legend = self
                    .shows(Panel::Legend)
                    .then(|| legend::show(ui, self.work.map.rect, looks));
                if legend != self.derived.legend_rect {
                    self.derived.legend_rect = legend;
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
                        self.work.atlas_dir != AtlasDir::Bundled,
                        egui::Button::new("Bundled atlas"),
                    )
                    .clicked()
                {
                    commands.push(Command::Atlas(AtlasCommand::Bundled));
                    ui.close();
                }
            });
            ui.strong(&self.work.atlas.title);
            if !self.work.problems.is_empty()
                && ui
                    .selectable_label(
                        self.shows(Panel::Problems),
                        format!(
                            "Problems ({})",
                            crate::model::thousands(crate::model::problem_count(
                                &self.work.problems
                            ))
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
            self.layer_chooser(ui, commands);
            ui.separator();
            if ui
                .button("Europe")
                .on_hover_text("Show Europe whole (key 0)")
                .clicked()
            {
                commands.push(Command::View(ViewCommand::Europe));
            }
            if ui
                .button("World")
                .on_hover_text("Show North America and the whole USSR")
                .clicked()
            {
                commands.push(Command::View(ViewCommand::World));
            }
            if ui.button("Zoom in").on_hover_text("Key +").clicked() {
                commands.push(Command::View(ViewCommand::Zoom(1.5)));
            }
            if ui.button("Zoom out").on_hover_text("Key −").clicked() {
                commands.push(Command::View(ViewCommand::Zoom(1.0 / 1.5)));
            }
            ui.separator();
            if ui
                .button("Present")
                .on_hover_text("Fullscreen with the projector theme; Esc leaves (key F5)")
                .clicked()
            {
                commands.push(Command::Present(PresentCommand::Set(true)));
            }
            let mut reduce = self.settings.reduce_motion;
            if ui
                .checkbox(&mut reduce, "Reduce motion")
                .on_hover_text("Go from stop to stop without moving the map or fading colours")
                .changed()
            {
                commands.push(Command::Present(PresentCommand::SetReduceMotion(reduce)));
            }
            ui.menu_button("Export", |ui| self.export_menu(ui, commands));
            ui.separator();
            ui.menu_button("Keys", |ui| {
                for (k, what) in command::keys_help() {
                    ui.horizontal(|ui| {
                        ui.monospace(k);
                        ui.label(what);
                    });
                }
            });
        });
    }

    /// The layer chooser: the alignment, or one organisation's memberships.
    fn layer_chooser(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let atlas = &self.work.atlas;
        let name = |layer: &Layer| match layer {
            Layer::Alignment => "Alignment (blocs)".to_string(),
            Layer::Organisation(id) => atlas
                .organisation(id)
                .map_or(id.clone(), |o| format!("{} ({})", o.short, o.kind.as_str())),
        };
        egui::ComboBox::from_label("Layer")
            .selected_text(name(&self.work.layer))
            .show_ui(ui, |ui| {
                for layer in atlas.layers() {
                    let hover = match &layer {
                        Layer::Alignment => "Each unit's bloc on the day".to_string(),
                        Layer::Organisation(id) => atlas
                            .organisation(id)
                            .map_or(String::new(), |o| o.name.clone()),
                    };
                    if ui
                        .selectable_label(layer == self.work.layer, name(&layer))
                        .on_hover_text(hover)
                        .clicked()
                    {
                        commands.push(Command::SetLayer(layer));
                    }
                }
            });
    }

    /// The layer the map is coloured by.
    pub fn layer(&self) -> &Layer {
        &self.work.layer
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
                    if self.work.data.high.is_some() {
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
            let rel = app.work.atlas.geometry_paths.high.clone();
            app.work
                .data
                .set_high_source(app.work.atlas.geometry_paths.dir.clone(), rel);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
