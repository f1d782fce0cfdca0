//! The desktop app (eframe/egui): a map coloured by bloc on a chosen day, a timeline, the
//! source excerpts of that moment, and the history of the selected unit.
//!
//! Widgets never change the state directly: they push [`Command`]s, which
//! [`AtlasApp::apply`] handles in one place at the end of the frame. The model (`crate::model`)
//! knows nothing of egui; what the map needs for a day is gathered in a [`map::Paint`].

pub mod country;
pub mod excerpts;
pub mod legend;
pub mod map;
pub mod style;
pub mod timeline;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{Key, Vec2};

use crate::geometry::Detail;
use crate::geometry::mesh::MapRect;
use crate::geometry::projection::{LonLat, Projection};
use crate::model::{Atlas, AtlasDir, BlocCount, Day, Status, UnitKind};

use map::{Level, MapAction, MapData, MapView, Outlined, Paint, View};

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
        }
    }
}

/// A view asked for on the command line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewArg {
    /// Europe whole (the default view).
    Europe,
    /// Everything drawn: North America to the Pacific.
    World,
    /// A box in degrees.
    Box {
        /// Western longitude.
        west: f64,
        /// Southern latitude.
        south: f64,
        /// Eastern longitude.
        east: f64,
        /// Northern latitude.
        north: f64,
    },
}

impl ViewArg {
    /// The map area it stands for.
    pub fn area(self, projection: &Projection) -> MapRect {
        match self {
            ViewArg::Europe => europe(projection),
            ViewArg::World => world(projection),
            ViewArg::Box {
                west,
                south,
                east,
                north,
            } => lon_lat_box(projection, west, south, east, north),
        }
    }
}

/// Options of the window that are not remembered: from the command line.
#[derive(Clone, Debug, Default)]
pub struct Launch {
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
    panels: [bool; 3],
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
    /// The legend's counts and the day they are for.
    counts: Option<(Day, Vec<BlocCount>)>,
    /// Where the legend was drawn last frame (labels keep clear of it).
    legend_rect: Option<egui::Rect>,
    launch: Launch,
    frames: u64,
    started: Instant,
}

/// The map area covering these positions (those beyond the horizon left out).
fn projected_bounds(
    projection: &Projection,
    points: impl IntoIterator<Item = (f64, f64)>,
) -> MapRect {
    let mut r = MapRect::NOTHING;
    for (lon, lat) in points {
        if let Some(p) = projection.forward(LonLat { lon, lat }) {
            r.extend(p);
        }
    }
    r
}

/// The map area shown at start and by "Reset view": Europe from Iceland to the Urals, with
/// Turkey and the Maghreb coast.
pub fn europe(projection: &Projection) -> MapRect {
    projected_bounds(
        projection,
        [
            (-24.0, 64.0),
            (-10.0, 36.0),
            (40.0, 35.5),
            (56.0, 58.0),
            (30.0, 71.0),
        ],
    )
}

/// The map area shown by "World": North America, the whole USSR to Chukotka, and North Africa.
pub fn world(projection: &Projection) -> MapRect {
    projected_bounds(
        projection,
        [
            (-125.0, 25.0),
            (-160.0, 60.0),
            (170.0, 55.0),
            (60.0, 15.0),
            (-20.0, 15.0),
        ],
    )
}

/// The map area covering a longitude/latitude box (sampled along its edges, since meridians
/// and parallels are curves in the projection).
pub fn lon_lat_box(
    projection: &Projection,
    west: f64,
    south: f64,
    east: f64,
    north: f64,
) -> MapRect {
    let edges = (0..=16).flat_map(|k| {
        let t = f64::from(k) / 16.0;
        let lon = west + (east - west) * t;
        let lat = south + (north - south) * t;
        [(lon, south), (lon, north), (west, lat), (east, lat)]
    });
    projected_bounds(projection, edges)
}

impl AtlasApp {
    /// The app over an atlas and its overview geometry, with remembered settings.
    pub fn new(atlas: Arc<Atlas>, data: MapData, settings: Settings, launch: Launch) -> AtlasApp {
        let today = Day::today();
        let unit_index = atlas
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), i as u32))
            .collect::<HashMap<_, _>>();
        let date = launch
            .date
            .or_else(|| settings.date.parse().ok())
            .unwrap_or(atlas.coverage_from)
            .clamp(atlas.coverage_from, today);
        let mut event_days: Vec<Day> = atlas.events.iter().map(|e| e.date).collect();
        event_days.sort_unstable();
        event_days.dedup();
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
            counts: None,
            launch,
            frames: 0,
            started: Instant::now(),
        };
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
        if let Some(p) = problems.first() {
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
        self.data.load_high_now(&AtlasDir::Bundled, &rel);
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
        }
    }

    fn set_date(&mut self, day: Day) {
        let day = day.clamp(self.atlas.coverage_from, self.today);
        if day != self.date {
            self.date = day;
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

    /// Recomputes what the map paints when the day or the loaded levels changed.
    fn refresh_paint(&mut self) {
        let key = (self.date, self.data.high.is_some());
        if self.paint_key == Some(key) {
            return;
        }
        let atlas = &self.atlas;
        let day = self.date;
        let mut paint = Paint {
            generation: self.paint.generation.wrapping_add(1),
            ..Paint::default()
        };
        let old_names = std::mem::take(&mut self.paint.names);
        for (i, u) in atlas.units.iter().enumerate() {
            let context = u.kind == UnitKind::Context;
            let (fill, partial) = if context {
                (style::CONTEXT_FILL, false)
            } else {
                let standing = atlas.standing(&u.id, day);
                (
                    style::bloc_fill(standing.bloc),
                    standing.status == Status::Partial,
                )
            };
            paint.fills.push(fill);
            paint.partial.push(partial);
            paint.context.push(context);
            let name = u.name_on(day);
            paint.names.push(match old_names.get(i) {
                Some(old) if old == name => old.clone(),
                _ => name.to_owned(),
            });
        }
        self.paint.names = old_names;
        let index = &self.unit_index;
        let unit_of_piece = |piece: &str| {
            atlas
                .owner_of_piece(piece, day)
                .and_then(|o| index.get(&o.unit.id).copied())
        };
        paint.owners_low = map::owners(&self.data.low, unit_of_piece);
        if let Some(high) = &self.data.high {
            paint.owners_high = map::owners(high, unit_of_piece);
        }
        let same_names = paint.names == self.paint.names
            && paint.owners_low == self.paint.owners_low
            && paint.owners_high == self.paint.owners_high;
        paint.names_generation = if same_names {
            self.paint.names_generation
        } else {
            self.paint.names_generation.wrapping_add(1)
        };
        self.paint = paint;
        self.paint_key = Some(key);
    }

    /// Keys that work anywhere unless a text field has the keyboard: Space plays, PageUp and
    /// PageDown step through events, [ and ] step by a year, arrows pan the map (unless the
    /// timeline has focus, where they move the day), + and − zoom, 0 resets the view.
    fn keys(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
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
        self.data.poll();
        self.keys(&ctx);
        self.play(&ctx);
        for c in std::mem::take(&mut self.commands) {
            self.apply(c);
        }
        self.refresh_paint();

        let mut commands = Vec::new();
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar(ui, &mut commands));
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
                if self.counts.as_ref().is_none_or(|(d, _)| *d != self.date) {
                    self.counts = Some((self.date, self.bloc_counts()));
                }
                let counts = self
                    .counts
                    .as_ref()
                    .map(|(_, c)| c.as_slice())
                    .unwrap_or(&[]);
                let legend = self
                    .shows(Panel::Legend)
                    .then(|| legend::show(ui, self.map.rect, counts, self.date));
                if legend != self.legend_rect {
                    self.legend_rect = legend;
                    ui.ctx().request_repaint();
                }
            });
        self.commands.extend(commands);
        if !self.commands.is_empty() {
            ctx.request_repaint();
        }
        self.frames += 1;
        self.after_frame(&ctx);
    }

    fn toolbar(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.strong(&self.atlas.title);
            ui.separator();
            for (panel, label) in [
                (Panel::Excerpts, "Excerpts"),
                (Panel::Country, "Country"),
                (Panel::Legend, "Legend"),
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
    ("← → (timeline focused)", "a day later / earlier"),
    ("← → ↑ ↓", "pan the map"),
    ("+ / −", "zoom in / out"),
    ("0", "show Europe"),
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
            app.data.set_high_source(AtlasDir::Bundled, rel);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
