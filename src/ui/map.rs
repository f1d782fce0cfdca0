//! The map view: pan and zoom over the projected map, fills coloured by bloc, borders, labels,
//! hover and click.
//!
//! Coordinate spaces: [`MapPoint`] (metres on the EPSG:3035 plane, y north) and the screen
//! (egui points, y down). A [`View`] maps one to the other: a centre and a scale.
//!
//! Speed: egui re-tessellates every shape each frame, so the map is handed to it as a few large
//! meshes already in screen space. They are kept in a [`ScreenCache`] and rebuilt only when the
//! view, the epoch (who owns which piece) or the colours change; a frame that changes none of
//! them only clones four `Arc`s and the label shapes.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, FontId, Pos2, Rect, Sense, Shape, TextureId, Vec2, pos2, vec2};

use crate::geometry::mesh::{Borders, MapGeometry, MapRect};
use crate::geometry::projection::{LonLat, MapPoint, Projection};
use crate::geometry::{Detail, Pieces};
use crate::model::{AtlasDir, Problem};
use crate::scene::framing::Transform;
use crate::scene::labels::{self, PixelRect, Spot};
use crate::scene::palette::{self, Rgba};
use crate::scene::{Looks, Outlined};

use super::style::{self, colour};

pub use crate::scene::framing::HIGH_DETAIL_BELOW;

/// One detail level: the pieces (for hit-testing in longitude/latitude) and their meshes.
pub struct Level {
    /// The pieces with their containment index.
    pub pieces: Pieces,
    /// Projected and triangulated (shared with exports running on a thread).
    pub geometry: Arc<MapGeometry>,
}

impl Level {
    /// Loads, projects and triangulates one geometry file of an atlas.
    pub fn load(
        dir: &AtlasDir,
        rel: &str,
        detail: Detail,
        projection: &Projection,
    ) -> (Level, Vec<Problem>) {
        let (pieces, mut problems) = Pieces::load(dir, rel);
        let geometry = Arc::new(MapGeometry::build(&pieces, detail, projection));
        // Pieces the projection cannot draw (callers drop those expected, such as far-away
        // context).
        problems.extend(geometry.undrawn_problems(&pieces, &dir.display(rel), |_| false));
        (Level { pieces, geometry }, problems)
    }
}

/// The detailed level, read on a thread, as its command reports it.
#[derive(Clone)]
pub struct DetailLevel {
    /// The level.
    pub level: Arc<Level>,
    /// The problems of its file.
    pub problems: Vec<Problem>,
}

impl std::fmt::Debug for DetailLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DetailLevel({} problem(s))", self.problems.len())
    }
}

impl PartialEq for DetailLevel {
    fn eq(&self, other: &DetailLevel) -> bool {
        Arc::ptr_eq(&self.level, &other.level) && self.problems == other.problems
    }
}

/// A level read on a thread, with the problems found in its file.
type LoadedLevel = (Level, Vec<Problem>);

/// The map's data: the projection, the overview level and, once loaded, the detailed level
/// (read on a thread the first time the view zooms in far enough to use it).
pub struct MapData {
    /// EPSG:3035.
    pub projection: Projection,
    /// The overview geometry, loaded before the first frame.
    pub low: Level,
    /// The detailed geometry, loaded on a thread after the window opens.
    pub high: Option<Arc<Level>>,
    pending: Option<Arc<Mutex<Option<LoadedLevel>>>>,
    /// Where the detailed level is read from, until it is requested.
    high_source: Option<(AtlasDir, String)>,
}

impl MapData {
    /// The data with only the overview level.
    pub fn new(projection: Projection, low: Level) -> MapData {
        MapData {
            projection,
            low,
            high: None,
            pending: None,
            high_source: None,
        }
    }

    /// Remembers where the detailed level is, to be read when first needed.
    pub fn set_high_source(&mut self, dir: AtlasDir, rel: String) {
        self.high_source = Some((dir, rel));
    }

    /// Starts reading the detailed level if the view is close to needing it and it has not
    /// been started; `done` is called when it is ready.
    pub fn want_high(&mut self, metres_per_point: f64, done: impl Fn() + Send + 'static) {
        if metres_per_point < HIGH_DETAIL_BELOW * 1.5
            && let Some((dir, rel)) = self.high_source.take()
        {
            self.load_high_in_background(dir, rel, done);
        }
    }

    /// Starts loading the detailed level on a thread; `done` is called when it is ready.
    pub fn load_high_in_background(
        &mut self,
        dir: AtlasDir,
        rel: String,
        done: impl Fn() + Send + 'static,
    ) {
        let slot = Arc::new(Mutex::new(None));
        self.pending = Some(slot.clone());
        std::thread::spawn(move || {
            let Ok(projection) = Projection::epsg3035() else {
                return;
            };
            let loaded = Level::load(&dir, &rel, Detail::High, &projection);
            if let Ok(mut s) = slot.lock() {
                *s = Some(loaded);
            }
            done();
        });
    }

    /// Loads the detailed level now (tests and benchmarks), returning its problems.
    pub fn load_high_now(&mut self, dir: &AtlasDir, rel: &str) -> Vec<Problem> {
        let (level, problems) = Level::load(dir, rel, Detail::High, &self.projection);
        self.high = Some(Arc::new(level));
        problems
    }

    /// The detailed level and the problems of its file, once the thread has read it (to be
    /// installed by the command that reports it).
    pub fn poll(&mut self) -> Option<DetailLevel> {
        let slot = self.pending.as_ref()?;
        let (level, problems) = slot.lock().ok().and_then(|mut s| s.take())?;
        self.pending = None;
        Some(DetailLevel {
            level: Arc::new(level),
            problems,
        })
    }

    /// The level to draw at a scale: the detailed one when zoomed in and loaded.
    pub fn level_for(&self, metres_per_point: f64) -> &Level {
        match &self.high {
            Some(high) if metres_per_point < HIGH_DETAIL_BELOW => high,
            _ => &self.low,
        }
    }

    /// The most detailed level loaded, for hit-testing.
    pub fn finest(&self) -> &Level {
        self.high.as_deref().unwrap_or(&self.low)
    }
}

/// The closest zoom.
pub const MIN_METRES_PER_POINT: f64 = 40.0;
/// The farthest zoom.
pub const MAX_METRES_PER_POINT: f64 = 25_000.0;

/// Where the map looks: the map point at the centre of the view and the scale.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct View {
    /// Map point at the centre of the map's rectangle (metres east of the projection centre).
    pub x: f64,
    /// Metres north of the projection centre.
    pub y: f64,
    /// Metres per screen point.
    pub metres_per_point: f64,
}

impl View {
    /// A view showing `area` whole in a rectangle of this size.
    pub fn fit(area: MapRect, size: Vec2) -> View {
        let (w, h) = area.size();
        let c = area.centre();
        let mpp = (w / f64::from(size.x.max(1.0))).max(h / f64::from(size.y.max(1.0)));
        View {
            x: c.x,
            y: c.y,
            metres_per_point: mpp.clamp(MIN_METRES_PER_POINT, MAX_METRES_PER_POINT),
        }
    }

    /// The screen position of a map point, for a map drawn in `rect`.
    pub fn to_screen(&self, rect: Rect, p: MapPoint) -> Pos2 {
        let c = rect.center();
        pos2(
            c.x + ((p.x - self.x) / self.metres_per_point) as f32,
            c.y - ((p.y - self.y) / self.metres_per_point) as f32,
        )
    }

    /// The map point under a screen position.
    pub fn to_map(&self, rect: Rect, s: Pos2) -> MapPoint {
        let c = rect.center();
        MapPoint {
            x: self.x + f64::from(s.x - c.x) * self.metres_per_point,
            y: self.y - f64::from(s.y - c.y) * self.metres_per_point,
        }
    }

    /// The map area visible in `rect`.
    pub fn visible(&self, rect: Rect) -> MapRect {
        to_screen(self, rect).visible((rect.left(), rect.top(), rect.right(), rect.bottom()))
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the map point under `anchor` in place.
    pub fn zoom(&mut self, rect: Rect, factor: f64, anchor: Pos2) {
        let before = self.to_map(rect, anchor);
        self.metres_per_point =
            (self.metres_per_point / factor).clamp(MIN_METRES_PER_POINT, MAX_METRES_PER_POINT);
        let after = self.to_map(rect, anchor);
        self.x += before.x - after.x;
        self.y += before.y - after.y;
    }

    /// Moves the map by a screen distance (dragging right moves the map right).
    pub fn pan(&mut self, delta: Vec2) {
        self.x -= f64::from(delta.x) * self.metres_per_point;
        self.y += f64::from(delta.y) * self.metres_per_point;
    }

    /// Keeps the centre over the drawn world.
    pub fn clamp_to(&mut self, bounds: MapRect) {
        if !bounds.is_empty() {
            self.x = self.x.clamp(bounds.min.x, bounds.max.x);
            self.y = self.y.clamp(bounds.min.y, bounds.max.y);
        }
    }
}

/// What is drawn on a day: the scene's looks of every unit and who owns each piece of each
/// level loaded (see [`crate::scene`]), with the window's own cross-fade.
#[derive(Clone, Debug)]
pub struct Paint {
    /// Each unit's fill, stripes and name, and the legend's counts.
    pub looks: Arc<Looks>,
    /// For each piece of the overview level (by position), the unit drawn on it.
    pub owners_low: Vec<Option<u32>>,
    /// The same for the detailed level, once loaded.
    pub owners_high: Vec<Option<u32>>,
    /// Changes whenever any of the above does.
    pub generation: u64,
    /// Changes whenever the names (or the owners) do: labels are placed again only then.
    pub names_generation: u64,
    /// A cross-fade from earlier colours, while one is running.
    pub fade: Option<Arc<Fade>>,
}

impl Default for Paint {
    fn default() -> Self {
        Paint {
            looks: Arc::new(Looks {
                day: crate::model::Day::COVERAGE_FROM,
                layer: crate::model::Layer::Alignment,
                title: String::new(),
                units: Vec::new(),
                names: Vec::new(),
                legend: Vec::new(),
                striped_sample: crate::scene::palette::bloc_fill(crate::model::Bloc::Nato),
            }),
            owners_low: Vec::new(),
            owners_high: Vec::new(),
            generation: 0,
            names_generation: 0,
            fade: None,
        }
    }
}

impl Paint {
    /// Each piece's colour on this day, for a level (what a cross-fade starts from).
    pub fn piece_colours(&self, detail: Detail) -> Vec<Rgba> {
        self.owners(detail)
            .iter()
            .map(|&o| self.looks.fill_of(o))
            .collect()
    }

    /// The owners for a level.
    pub fn owners(&self, detail: Detail) -> &[Option<u32>] {
        match detail {
            Detail::Low => &self.owners_low,
            Detail::High => &self.owners_high,
        }
    }
}

/// How heavily the map is drawn: the window's normal look, or the projector's (thicker lines,
/// larger names).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapTheme {
    /// Multiplies every line width.
    pub line_scale: f32,
    /// Multiplies label sizes.
    pub label_scale: f32,
}

impl MapTheme {
    /// The window's look.
    pub const NORMAL: MapTheme = MapTheme {
        line_scale: 1.0,
        label_scale: 1.0,
    };
    /// For a projector at the back of a lecture hall.
    pub const PROJECTOR: MapTheme = MapTheme {
        line_scale: 3.0,
        label_scale: 1.6,
    };
}

/// A colour cross-fade in progress: each piece's colour before the change, by level.
#[derive(Clone, Debug, Default)]
pub struct Fade {
    /// Piece colours of the overview level before the change.
    pub low: Vec<Rgba>,
    /// Piece colours of the detailed level before the change.
    pub high: Vec<Rgba>,
    /// 0 = the old colours, 1 = the new ones.
    pub t: f32,
}

/// The per-epoch data of one level: borders and label spots.
struct EpochData {
    borders: Borders,
    /// Label spots, largest first, atlas units before context units.
    labels: Vec<Spot>,
    owners: Vec<Option<u32>>,
}

#[derive(Clone, PartialEq)]
struct ScreenKey {
    rect: Rect,
    view: [u64; 3],
    detail: Detail,
    epoch: u64,
    generation: u64,
    names_generation: u64,
    outlined: Outlined,
    pixels_per_point: f32,
    /// Screen areas covered by other windows (the legend): no label goes there.
    obstacles: Vec<Rect>,
    theme: [u32; 2],
}

/// Screen-space meshes of the current view.
struct ScreenCache {
    key: ScreenKey,
    fill: Arc<Mesh>,
    /// For recolouring: (piece, range of `fill` vertices).
    fill_ranges: Vec<(u32, Range<u32>)>,
    hatch: Arc<Mesh>,
    borders: Arc<Mesh>,
    outline: Arc<Mesh>,
    labels: Vec<Shape>,
}

/// What a user did on the map this frame (the app turns it into commands).
#[derive(Clone, Debug, PartialEq)]
pub enum MapAction {
    /// Clicked a unit (or the sea: `None`).
    Clicked(Option<u32>),
    /// Dragged the map by a screen distance.
    Dragged(Vec2),
    /// Zoomed by a factor (> 1 in) about a screen position, with the wheel or a pinch.
    Zoomed(f64, Pos2),
}

/// The map widget's state: the view and its caches.
pub struct MapView {
    /// Where it looks.
    pub view: View,
    /// Set when the view should be fitted to this area on the next frame.
    pub fit_pending: Option<MapRect>,
    epochs: HashMap<(Detail, u64), Arc<EpochData>>,
    cache: Option<ScreenCache>,
    hover: Option<(Pos2, Option<u32>)>,
    /// The rectangle the map was last drawn in.
    pub rect: Rect,
    /// Line widths and label sizes.
    pub theme: MapTheme,
    /// Whether hovering a unit shows its tooltip.
    pub tooltips: bool,
}

impl MapView {
    /// A map looking at `view`.
    pub fn new(view: View) -> MapView {
        MapView {
            view,
            fit_pending: None,
            epochs: HashMap::new(),
            cache: None,
            hover: None,
            rect: Rect::NOTHING,
            theme: MapTheme::NORMAL,
            tooltips: true,
        }
    }

    /// The unit under a screen position on this map (`None` at sea or off the map).
    pub fn unit_at(&self, data: &MapData, paint: &Paint, pos: Pos2) -> Option<u32> {
        let map = self.view.to_map(self.rect, pos);
        let ll = data.projection.inverse(map)?;
        hit(data.finest(), ll, paint)
    }

    /// Draws the map in the remaining space of `ui` and handles its input.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        data: &MapData,
        paint: &Paint,
        outlined: &Outlined,
        obstacles: &[Rect],
        tooltip: &dyn Fn(&mut egui::Ui, u32),
    ) -> Vec<MapAction> {
        let (rect, response) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let response = response.on_hover_cursor(egui::CursorIcon::Grab);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Map"));
        self.rect = rect;
        if let Some(area) = self.fit_pending.take() {
            self.view = View::fit(area, rect.size() * 0.95);
        }
        let mut actions = Vec::new();

        // Input: drag to pan, wheel or pinch to zoom about the pointer.
        if response.dragged() && response.drag_delta() != Vec2::ZERO {
            actions.push(MapAction::Dragged(response.drag_delta()));
        }
        if let Some(pointer) = response.hover_pos() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let factor = f64::from(zoom) * (f64::from(scroll.y) * 0.0025).exp();
            if (factor - 1.0).abs() > 1e-4 {
                actions.push(MapAction::Zoomed(factor, pointer));
            }
        }

        let level = data.level_for(self.view.metres_per_point);
        let epoch = self.epoch(level, paint);

        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let ll = data.projection.inverse(self.view.to_map(rect, pos));
            actions.push(MapAction::Clicked(
                ll.and_then(|ll| hit(data.finest(), ll, paint)),
            ));
        }

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, style::SEA);
        let hatch = style::hatch_id(ui.ctx());
        let key = ScreenKey {
            rect,
            view: [
                self.view.x.to_bits(),
                self.view.y.to_bits(),
                self.view.metres_per_point.to_bits(),
            ],
            detail: level.geometry.detail,
            epoch: epoch.0,
            generation: paint.generation,
            names_generation: paint.names_generation,
            outlined: outlined.clone(),
            pixels_per_point: ui.ctx().pixels_per_point(),
            obstacles: obstacles.to_vec(),
            theme: [
                self.theme.line_scale.to_bits(),
                self.theme.label_scale.to_bits(),
            ],
        };
        self.update_cache(ui, key, level, &epoch.1, paint, hatch);
        if let Some(cache) = &self.cache {
            painter.add(Shape::Mesh(cache.fill.clone()));
            painter.add(Shape::Mesh(cache.hatch.clone()));
            painter.add(Shape::Mesh(cache.borders.clone()));
            painter.add(Shape::Mesh(cache.outline.clone()));
            painter.extend(cache.labels.iter().cloned());
        }

        // Hover: what is under the pointer, remembered while the pointer stays put.
        if let Some(pos) = response.hover_pos() {
            let unit = match self.hover {
                Some((p, u)) if p == pos => u,
                _ => {
                    let ll = data.projection.inverse(self.view.to_map(rect, pos));
                    let u = ll.and_then(|ll| hit(data.finest(), ll, paint));
                    self.hover = Some((pos, u));
                    u
                }
            };
            if let Some(unit) = unit
                && self.tooltips
                && !response.dragged()
            {
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| tooltip(ui, unit));
            }
        } else {
            self.hover = None;
        }
        actions
    }

    /// The epoch data for the current owners, built on first use.
    fn epoch(&mut self, level: &Level, paint: &Paint) -> (u64, Arc<EpochData>) {
        let owners = paint.owners(level.geometry.detail);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        owners.hash(&mut h);
        let id = h.finish();
        let key = (level.geometry.detail, id);
        if let Some(e) = self.epochs.get(&key) {
            return (id, e.clone());
        }
        let data = Arc::new(build_epoch(&level.geometry, owners.to_vec(), &paint.looks));
        self.epochs.insert(key, data.clone());
        (id, data)
    }

    #[allow(clippy::too_many_arguments)]
    fn update_cache(
        &mut self,
        ui: &egui::Ui,
        key: ScreenKey,
        level: &Level,
        epoch: &EpochData,
        paint: &Paint,
        hatch: TextureId,
    ) {
        if let Some(cache) = &mut self.cache {
            if cache.key == key {
                return;
            }

            // What the fill's vertex positions depend on: the view and the level. Anything
            // else (colours, epoch, outlines, names, the legend's place) is redone in place.
            let same_view = cache.key.rect == key.rect
                && cache.key.view == key.view
                && cache.key.detail == key.detail
                && cache.key.pixels_per_point == key.pixels_per_point
                && cache.key.theme == key.theme;
            if same_view {
                let g = &level.geometry;
                let colours = cache.key.generation != key.generation;
                let epoch_changed = cache.key.epoch != key.epoch;
                if colours || epoch_changed {
                    let fill = Arc::make_mut(&mut cache.fill);
                    for (piece, range) in &cache.fill_ranges {
                        let colour = piece_fill(epoch, paint, key.detail, *piece);
                        for v in &mut fill.vertices[range.start as usize..range.end as usize] {
                            v.color = colour;
                        }
                    }
                    cache.hatch =
                        Arc::new(hatch_mesh(&self.view, key.rect, level, epoch, paint, hatch));
                }
                if epoch_changed {
                    cache.borders = Arc::new(border_mesh(
                        &self.view,
                        key.rect,
                        g,
                        &epoch.borders,
                        None,
                        self.theme.line_scale,
                    ));
                }
                if epoch_changed || cache.key.outlined != key.outlined {
                    cache.outline = Arc::new(outline_mesh(&self.view, key.rect, g, epoch, &key));
                }
                if epoch_changed
                    || cache.key.names_generation != key.names_generation
                    || cache.key.obstacles != key.obstacles
                    || cache.key.outlined.selected != key.outlined.selected
                {
                    cache.labels = labels(ui, &self.view, &key, g, epoch, paint);
                }
                cache.key = key;
                return;
            }
        }
        let view = self.view;
        let rect = key.rect;
        let (fill, fill_ranges) = fill_mesh(&view, rect, level, epoch, paint);
        let g = &level.geometry;
        let borders = border_mesh(&view, rect, g, &epoch.borders, None, self.theme.line_scale);
        let outline = outline_mesh(&view, rect, g, epoch, &key);
        self.cache = Some(ScreenCache {
            fill: Arc::new(fill),
            fill_ranges,
            hatch: Arc::new(hatch_mesh(&view, rect, level, epoch, paint, hatch)),
            borders: Arc::new(borders),
            outline: Arc::new(outline),
            labels: labels(ui, &view, &key, &level.geometry, epoch, paint),
            key,
        });
    }
}

/// The unit drawn at a position, by the pieces of a level.
fn hit(level: &Level, ll: LonLat, paint: &Paint) -> Option<u32> {
    let owners = paint.owners(level.geometry.detail);
    level
        .pieces
        .at([ll.lon, ll.lat])
        .into_iter()
        .find_map(|p| owners.get(level.pieces.position(&p.id)?).copied().flatten())
}

fn build_epoch(geometry: &MapGeometry, owners: Vec<Option<u32>>, looks: &Looks) -> EpochData {
    EpochData {
        borders: crate::scene::borders(geometry, &owners, looks),
        labels: labels::spots(geometry, &owners, looks),
        owners,
    }
}

/// A piece's colour: the scene's, or on its way there during a cross-fade.
fn piece_fill(epoch: &EpochData, paint: &Paint, detail: Detail, piece: u32) -> Color32 {
    let now = paint
        .looks
        .fill_of(epoch.owners.get(piece as usize).copied().flatten());
    let Some(fade) = &paint.fade else {
        return colour(now);
    };
    let before = match detail {
        Detail::Low => &fade.low,
        Detail::High => &fade.high,
    };
    colour(match before.get(piece as usize) {
        Some(&b) => b.lerp(now, fade.t),
        None => now,
    })
}

/// The map-to-screen transform of a view drawn in `rect`.
fn to_screen(view: &View, rect: Rect) -> Transform {
    let c = rect.center();
    Transform::centred(
        MapPoint {
            x: view.x,
            y: view.y,
        },
        view.metres_per_point,
        (f64::from(c.x), f64::from(c.y)),
    )
}

/// A mesh vertex's screen position.
#[inline]
fn screen(t: &Transform, v: [f32; 2]) -> Pos2 {
    let (x, y) = t.apply(v);
    pos2(x, y)
}

fn fill_mesh(
    view: &View,
    rect: Rect,
    level: &Level,
    epoch: &EpochData,
    paint: &Paint,
) -> (Mesh, Vec<(u32, Range<u32>)>) {
    let g = &level.geometry;
    let visible = view.visible(rect);
    let t = to_screen(view, rect);
    let mut mesh = Mesh::default();
    let mut ranges = Vec::new();
    for (pi, piece) in g.pieces.iter().enumerate() {
        if piece.triangles.is_empty() || !piece.bounds.intersects(&visible) {
            continue;
        }
        let colour = piece_fill(epoch, paint, g.detail, pi as u32);
        let base = mesh.vertices.len() as u32;
        let vs = &g.vertices[piece.vertices.start as usize..piece.vertices.end as usize];
        mesh.vertices.extend(vs.iter().map(|&v| Vertex {
            pos: screen(&t, v),
            uv: WHITE_UV,
            color: colour,
        }));
        let offset = base.wrapping_sub(piece.vertices.start);
        mesh.indices.extend(
            g.triangles[piece.triangles.start as usize..piece.triangles.end as usize]
                .iter()
                .map(|&i| i.wrapping_add(offset)),
        );
        ranges.push((pi as u32, base..mesh.vertices.len() as u32));
    }
    (mesh, ranges)
}

fn hatch_mesh(
    view: &View,
    rect: Rect,
    level: &Level,
    epoch: &EpochData,
    paint: &Paint,
    texture: TextureId,
) -> Mesh {
    let g = &level.geometry;
    let visible = view.visible(rect);
    let t = to_screen(view, rect);
    let mut mesh = Mesh::with_texture(texture);
    for (pi, piece) in g.pieces.iter().enumerate() {
        let partial = epoch
            .owners
            .get(pi)
            .copied()
            .flatten()
            .is_some_and(|u| paint.looks.striped(Some(u)));
        if !partial || !piece.bounds.intersects(&visible) {
            continue;
        }
        let base = mesh.vertices.len() as u32;
        let vs = &g.vertices[piece.vertices.start as usize..piece.vertices.end as usize];
        mesh.vertices.extend(vs.iter().map(|&v| {
            let pos = screen(&t, v);
            Vertex {
                pos,
                uv: pos2(pos.x / style::HATCH_PERIOD, pos.y / style::HATCH_PERIOD),
                color: Color32::WHITE,
            }
        }));
        let offset = base.wrapping_sub(piece.vertices.start);
        mesh.indices.extend(
            g.triangles[piece.triangles.start as usize..piece.triangles.end as usize]
                .iter()
                .map(|&i| i.wrapping_add(offset)),
        );
    }
    mesh
}

/// The excerpt's units outlined in wine red, then the selection in black over them.
fn outline_mesh(
    view: &View,
    rect: Rect,
    g: &MapGeometry,
    epoch: &EpochData,
    key: &ScreenKey,
) -> Mesh {
    let mut outline = border_mesh(
        view,
        rect,
        g,
        &crate::scene::outline(g, &epoch.owners, &key.outlined.highlighted),
        Some((palette::width::HIGHLIGHT, palette::HIGHLIGHT)),
        f32::from_bits(key.theme[0]),
    );
    let selected: Vec<u32> = key.outlined.selected.into_iter().collect();
    outline.append(border_mesh(
        view,
        rect,
        g,
        &crate::scene::outline(g, &epoch.owners, &selected),
        Some((palette::width::SELECTION, palette::OUTLINE)),
        f32::from_bits(key.theme[0]),
    ));
    outline
}

fn border_mesh(
    view: &View,
    rect: Rect,
    g: &MapGeometry,
    borders: &Borders,
    outline: Option<(f32, Rgba)>,
    line_scale: f32,
) -> Mesh {
    let visible = view.visible(rect);
    let t = to_screen(view, rect);
    // Thinner lines when zoomed out to the whole world.
    let zoom_factor = crate::scene::zoom_line_factor(view.metres_per_point);
    let mut mesh = Mesh::default();
    let mut points: Vec<Pos2> = Vec::new();
    for run in &borders.runs {
        if !run.bounds.intersects(&visible) {
            continue;
        }
        let (width, rgba) = match outline {
            Some(style) => style,
            None => {
                let (w, c) = crate::scene::border_style(run.kind);
                (w * zoom_factor, c)
            }
        };
        points.clear();
        let idx = &borders.points[run.points.start as usize..run.points.end as usize];
        for (k, &v) in idx.iter().enumerate() {
            let p = screen(&t, g.vertices[v as usize]);
            let last = k + 1 == idx.len();
            // Drop points closer than a point to the previous one, except the last.
            if let Some(prev) = points.last()
                && !last
                && (p - *prev).length_sq() < 1.0
            {
                continue;
            }
            points.push(p);
        }
        let closed = idx.len() > 2 && idx.first() == idx.last();
        ribbon(&mut mesh, &points, closed, width * line_scale, colour(rgba));
    }
    mesh
}

/// Appends a polyline of `width` as a triangle strip with mitred joins.
fn ribbon(mesh: &mut Mesh, points: &[Pos2], closed: bool, width: f32, colour: Color32) {
    let n = points.len();
    if n < 2 {
        return;
    }
    let hw = width / 2.0;
    let normal = |a: Pos2, b: Pos2| -> Vec2 {
        let d = (b - a).normalized();
        vec2(-d.y, d.x)
    };
    let base = mesh.vertices.len() as u32;
    for i in 0..n {
        let prev = if i > 0 {
            Some(normal(points[i - 1], points[i]))
        } else if closed && n > 2 {
            Some(normal(points[n - 2], points[0]))
        } else {
            None
        };
        let next = if i + 1 < n {
            Some(normal(points[i], points[i + 1]))
        } else if closed && n > 2 {
            Some(normal(points[0], points[1]))
        } else {
            None
        };
        let offset = match (prev, next) {
            (Some(a), Some(b)) => {
                let m = (a + b).normalized();
                let cos = m.dot(a).max(0.35);
                if m.x.is_finite() {
                    m * (hw / cos)
                } else {
                    a * hw
                }
            }
            (Some(a), None) | (None, Some(a)) => a * hw,
            (None, None) => Vec2::ZERO,
        };
        let p = points[i];
        for pos in [p + offset, p - offset] {
            mesh.vertices.push(Vertex {
                pos,
                uv: WHITE_UV,
                color: colour,
            });
        }
    }
    for i in 0..n as u32 - 1 {
        let a = base + 2 * i;
        mesh.indices.extend([a, a + 1, a + 2, a + 1, a + 3, a + 2]);
    }
}

/// The scene's labels placed for this view (`scene::labels`), as egui text shapes with a
/// halo.
fn labels(
    ui: &egui::Ui,
    view: &View,
    key: &ScreenKey,
    geometry: &MapGeometry,
    epoch: &EpochData,
    paint: &Paint,
) -> Vec<Shape> {
    let painter = ui.painter();
    let pixel = |r: &Rect| PixelRect {
        left: r.min.x,
        top: r.min.y,
        right: r.max.x,
        bottom: r.max.y,
    };
    let obstacles: Vec<PixelRect> = key.obstacles.iter().map(pixel).collect();
    let frame = labels::Frame {
        transform: to_screen(view, key.rect),
        surface: pixel(&key.rect),
        obstacles: &obstacles,
        pixels_per_point: 1.0,
        label_scale: f32::from_bits(key.theme[1]),
        selected: key.outlined.selected,
    };
    // Text is laid out once, in the label colour (the colour is part of egui's layout), and the
    // galley measured is the galley drawn.
    let mut galleys: HashMap<(String, u32), Arc<egui::Galley>> = HashMap::new();
    let mut measure = |text: &str, size: f32| {
        let galley = galleys
            .entry((text.to_string(), size.to_bits()))
            .or_insert_with(|| {
                painter.layout_no_wrap(
                    text.to_string(),
                    FontId::proportional(size),
                    colour(palette::LABEL),
                )
            });
        (galley.size().x, galley.size().y)
    };
    let placed = labels::place(&epoch.labels, &paint.looks, geometry, &frame, &mut measure);
    let mut shapes = Vec::new();
    for label in placed {
        let ink = colour(if label.context {
            palette::CONTEXT_LABEL
        } else {
            palette::LABEL
        });
        let galley = galleys
            .remove(&(label.text.clone(), label.size.to_bits()))
            .unwrap_or_else(|| {
                painter.layout_no_wrap(label.text, FontId::proportional(label.size), ink)
            });
        let top_left = pos2(label.rect.left, label.rect.top);
        for d in [
            vec2(-1.0, 0.0),
            vec2(1.0, 0.0),
            vec2(0.0, -1.0),
            vec2(0.0, 1.0),
        ] {
            shapes.push(Shape::galley_with_override_text_color(
                top_left + d,
                galley.clone(),
                colour(palette::LABEL_HALO),
            ));
        }
        shapes.push(Shape::galley_with_override_text_color(
            top_left, galley, ink,
        ));
    }
    shapes
}
