//! Drawing the map into an image without a window (tiny-skia), for `bloc-atlas render` and the
//! app's export: the same projection, geometry, colours, stripes and borders as the window, with
//! a title, the date, a legend and the source credit drawn in.
//!
//! Coordinate spaces: [`MapPoint`] metres, mapped to image pixels (y down) by [`Frame`]'s area
//! scaled to fit the image.

mod text;

use anyhow::Context as _;
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pattern, Pixmap, Rect, SpreadMode,
    Stroke, Transform,
};

use crate::geometry::mesh::{BorderKind, MapGeometry, MapRect};
use crate::geometry::projection::{MapPoint, Projection};
use crate::geometry::{Detail, Pieces};
use crate::model::{Atlas, AtlasDir, Bloc, Day, Status, UnitKind};
use crate::ui::style;

pub use text::Font;

/// What to draw: a day, a map area and an image size.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The day.
    pub date: Day,
    /// The map area that must be visible (the image shows at least this).
    pub area: MapRect,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// Units outlined (by id), as a tour stop or an excerpt outlines them in the window.
    pub highlighted: Vec<String>,
}

/// A step between the frames of an animation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Days.
    Days(i32),
    /// Months.
    Months(i32),
}

impl Step {
    /// The day one step after `day`.
    pub fn after(self, day: Day) -> Day {
        match self {
            Step::Days(n) => Day::from_day_number(day.day_number().saturating_add(n)),
            Step::Months(n) => day.add_months(n),
        }
    }
}

impl std::str::FromStr for Step {
    type Err = String;

    /// `10d`, `2w`, `6m` or `1y`, from 1 to 1000 of each.
    fn from_str(s: &str) -> Result<Step, String> {
        let bad = || format!("'{s}' is not a step such as 1y, 6m, 2w or 10d");
        let unit = s.chars().last().ok_or_else(bad)?;
        let n: i32 = s[..s.len() - unit.len_utf8()]
            .trim()
            .parse()
            .map_err(|_| bad())?;
        if !(1..=1000).contains(&n) {
            return Err(bad());
        }
        match unit {
            'd' => Ok(Step::Days(n)),
            'w' => Ok(Step::Days(n * 7)),
            'm' => Ok(Step::Months(n)),
            'y' => Ok(Step::Months(n * 12)),
            _ => Err(bad()),
        }
    }
}

/// The most frames an animation may have.
pub const MAX_FRAMES: usize = 2_000;

/// The most pixels an animation may draw, all frames together: 2,000 frames of 960×540, or 500
/// of 1920×1080. Drawing and encoding cost about 35 ms per 960×540 frame here, so this bounds an
/// export to about a minute and its file to a size a slide can hold.
pub const MAX_GIF_PIXELS: u64 = 2_000 * 960 * 540;

/// How long the last frame of an animation stays before it starts again, in seconds (at least).
pub const HOLD_LAST_SECONDS: f32 = 3.0;

/// The longest a frame may be shown, in seconds.
pub const MAX_FRAME_SECONDS: f32 = 60.0;

/// The shortest a frame may be shown: GIF delays count hundredths of a second, and viewers
/// show anything shorter than 0.02 s more slowly.
pub const MIN_FRAME_SECONDS: f32 = 0.02;

/// The days of an animation: `from`, then a step at a time while not after `to`, and `to`
/// itself as the last frame when the steps do not land on it (a GIF asked to run to the end of
/// the USSR shows the end of the USSR).
///
/// ```
/// use bloc_atlas::export::{Step, frame_days};
/// let d = |s: &str| s.parse().unwrap();
/// let days = frame_days(d("1990-01-01"), d("1991-12-26"), Step::Months(6));
/// assert_eq!(days.len(), 5);
/// assert_eq!(days.last(), Some(&d("1991-12-26")));
/// ```
pub fn frame_days(from: Day, to: Day, step: Step) -> Vec<Day> {
    let mut days = vec![from];
    while let Some(&last) = days.last() {
        let next = step.after(last);
        if next > to || next <= last || days.len() > MAX_FRAMES {
            break;
        }
        days.push(next);
    }
    if days.last().is_some_and(|&last| last < to) && days.len() <= MAX_FRAMES {
        days.push(to);
    }
    days
}

/// Why an animation is not made: more frames or pixels than [`MAX_FRAMES`] and
/// [`MAX_GIF_PIXELS`] allow, said before any work is done. `frames` may stop counting just past
/// the maximum.
pub fn gif_budget(frames: usize, width: u32, height: u32) -> Result<(), String> {
    let pixels = u64::from(width) * u64::from(height);
    let total = pixels.saturating_mul(frames as u64);
    if frames <= MAX_FRAMES && total <= MAX_GIF_PIXELS {
        return Ok(());
    }
    let fit = (MAX_GIF_PIXELS / pixels.max(1)).min(MAX_FRAMES as u64);
    let count = if frames > MAX_FRAMES {
        format!("more than {}", crate::model::thousands(MAX_FRAMES))
    } else {
        crate::model::thousands(frames)
    };
    Err(format!(
        "this GIF would have {count} frames of {width}×{height}; a GIF may have at most {} \
         frames and {:.2} billion pixels in all, which is {} frames at this size: choose a longer \
         step, a shorter range or a smaller size",
        crate::model::thousands(MAX_FRAMES),
        MAX_GIF_PIXELS as f64 / 1e9,
        crate::model::thousands(fit as usize),
    ))
}

/// The geometry level to draw an area at a size with: the detailed one when zoomed in as far as
/// the window would use it.
pub fn detail_for(area: MapRect, width: u32, height: u32) -> Detail {
    let (w, h) = area.size();
    let metres_per_pixel = (w / f64::from(width.max(1))).max(h / f64::from(height.max(1)));
    if metres_per_pixel < crate::ui::map::HIGH_DETAIL_BELOW {
        Detail::High
    } else {
        Detail::Low
    }
}

/// Everything needed to draw frames: the atlas, projected geometry and the font.
pub struct Renderer {
    atlas: Atlas,
    projection: Projection,
    geometry: MapGeometry,
    font: Font,
}

/// Map pixels per metre and offset.
#[derive(Clone, Copy)]
struct ToPixels {
    scale: f32,
    x0: f32,
    y0: f32,
}

impl ToPixels {
    fn new(area: MapRect, width: u32, height: u32) -> ToPixels {
        let (w, h) = area.size();
        let scale = (f64::from(width) / w.max(1.0)).min(f64::from(height) / h.max(1.0));
        let c = area.centre();
        ToPixels {
            scale: scale as f32,
            x0: (f64::from(width) / 2.0 - c.x * scale) as f32,
            y0: (f64::from(height) / 2.0 + c.y * scale) as f32,
        }
    }

    fn apply(&self, [x, y]: [f32; 2]) -> (f32, f32) {
        (x * self.scale + self.x0, self.y0 - y * self.scale)
    }

    fn point(&self, p: MapPoint) -> (f32, f32) {
        self.apply([p.x as f32, p.y as f32])
    }
}

/// Adds a polyline (or a closed ring) in pixels to a path, leaving out points closer than
/// `min` pixels to the last one kept (the overview's coasts have far more points than pixels at
/// Europe's scale); the last point is always kept.
fn trace(
    pb: &mut PathBuilder,
    points: impl ExactSizeIterator<Item = (f32, f32)>,
    closed: bool,
    min: f32,
) {
    let min_sq = min * min;
    let n = points.len();
    let mut last = None;
    for (k, (x, y)) in points.enumerate() {
        match last {
            None => pb.move_to(x, y),
            Some((lx, ly)) => {
                let (dx, dy): (f32, f32) = (x - lx, y - ly);
                if k + 1 < n && dx * dx + dy * dy < min_sq {
                    continue;
                }
                pb.line_to(x, y);
            }
        }
        last = Some((x, y));
    }
    if closed && last.is_some() {
        pb.close();
    }
}

/// A drawing operation on paths in image pixels.
enum Op {
    /// Fill a path, and lay the stripes of partial statuses over it when `striped`.
    Fill {
        path: tiny_skia::Path,
        colour: egui::Color32,
        rule: FillRule,
        striped: bool,
    },
    /// Stroke a path.
    Stroke {
        path: tiny_skia::Path,
        colour: egui::Color32,
        stroke: Stroke,
    },
}

/// The operations of a map, in drawing order.
#[derive(Default)]
struct Ops(Vec<Op>);

impl Ops {
    /// Draws the operations over the sea into `pixmap`.
    fn rasterise(&self, pixmap: &mut Pixmap, hatch: &Pixmap) {
        pixmap.fill(colour(style::SEA));
        self.replay(pixmap, 0.0, hatch);
    }

    /// Draws every operation into a band whose first row is image row `top`.
    fn replay(&self, band: &mut Pixmap, top: f32, hatch: &Pixmap) {
        let t = Transform::from_translate(0.0, -top);
        let (w, h) = (band.width() as f32, band.height() as f32);
        let shown = |path: &tiny_skia::Path, margin: f32| {
            let b = path.bounds();
            b.bottom() + margin >= top
                && b.top() - margin <= top + h
                && b.right() >= -margin
                && b.left() <= w + margin
        };
        for op in &self.0 {
            match op {
                Op::Fill {
                    path,
                    colour,
                    rule,
                    striped,
                } => {
                    if !shown(path, 1.0) {
                        continue;
                    }
                    // Fills without anti-aliasing where a border or coast is drawn over their
                    // edges anyway (text keeps it): a third of the drawing time saved.
                    let mut paint = solid(*colour);
                    paint.anti_alias = *rule == FillRule::Winding;
                    band.fill_path(path, &paint, *rule, t, None);
                    if *striped {
                        band.fill_path(path, &stripes(hatch), *rule, t, None);
                    }
                }
                Op::Stroke {
                    path,
                    colour,
                    stroke,
                } => {
                    if !shown(path, stroke.width + 1.0) {
                        continue;
                    }
                    band.stroke_path(path, &solid(*colour), stroke, t, None);
                }
            }
        }
    }
}

/// The visible runs of some kinds of a set of borders, as one path in pixels.
fn runs_path(
    g: &MapGeometry,
    borders: &crate::geometry::mesh::Borders,
    keep: impl Fn(BorderKind) -> bool,
    t: &ToPixels,
    visible: &MapRect,
) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for run in borders
        .runs
        .iter()
        .filter(|r| keep(r.kind) && r.bounds.intersects(visible))
    {
        let pts = borders
            .points
            .get(run.points.start as usize..run.points.end as usize)?;
        trace(
            &mut pb,
            pts.iter().map(|&v| t.apply(g.vertices[v as usize])),
            false,
            LINE_STEP,
        );
    }
    pb.finish()
}

/// The smallest step, in pixels, between points kept for fills.
const FILL_STEP: f32 = 0.4;
/// The smallest step for lines.
const LINE_STEP: f32 = 0.9;

fn colour(c: egui::Color32) -> Color {
    Color::from_rgba8(c.r(), c.g(), c.b(), c.a())
}

fn solid(c: egui::Color32) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(colour(c));
    paint.anti_alias = true;
    paint
}

/// The bundled overview map, projected, with its shared borders found (`geometry::packed`);
/// a test keeps it equal to what `maps/pieces-low.geojson` gives.
pub const BUNDLED_LOW_PACKED: &[u8] = include_bytes!("../../maps/pieces-low.packed");

impl Renderer {
    /// A renderer for the bundled atlas at a detail level.
    pub fn bundled(detail: Detail) -> anyhow::Result<Renderer> {
        let atlas = Atlas::bundled().map_err(|e| anyhow::anyhow!("{e}"))?;
        let projection = Projection::epsg3035()?;
        let packed = match detail {
            Detail::Low => crate::geometry::packed::unpack(BUNDLED_LOW_PACKED),
            Detail::High => None,
        };
        let geometry = match packed {
            Some(g) => g,
            None => {
                let rel = match detail {
                    Detail::Low => &atlas.geometry_paths.low,
                    Detail::High => &atlas.geometry_paths.high,
                };
                let (pieces, problems) = Pieces::load(&AtlasDir::Bundled, rel);
                if let Some(p) = problems.first() {
                    anyhow::bail!("the bundled map is broken: {p}");
                }
                MapGeometry::build_outlines(&pieces, detail, &projection)
            }
        };
        let font = Font::ubuntu().context("the bundled font")?;
        Ok(Renderer {
            atlas,
            projection,
            geometry,
            font,
        })
    }

    /// The atlas drawn.
    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    /// The projection (to turn longitudes and latitudes into a [`Frame`] area).
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// The drawn world's extent.
    pub fn world(&self) -> MapRect {
        self.geometry.bounds
    }

    /// Where a longitude/latitude falls in a frame's image, in pixels (`None` beyond the
    /// projection's horizon).
    pub fn pixel(&self, frame: &Frame, lon: f64, lat: f64) -> Option<(f32, f32)> {
        let p = self
            .projection
            .forward(crate::geometry::projection::LonLat { lon, lat })?;
        Some(ToPixels::new(frame.area, frame.width, frame.height).point(p))
    }

    /// Draws a frame: the map's paths are built once, then rasterised in horizontal bands on
    /// as many threads as there are cores; the title, legend and credit go on last.
    pub fn draw(&self, frame: &Frame) -> anyhow::Result<Pixmap> {
        let (w, h) = (frame.width, frame.height);
        let mut pixmap =
            Pixmap::new(w, h).with_context(|| format!("cannot make a {w}×{h} image"))?;
        let mut ops = Ops::default();
        self.map_ops(frame, &mut ops);
        let hatch = hatch_pattern()?;
        ops.rasterise(&mut pixmap, &hatch);
        self.furniture(&mut pixmap, frame.date);
        Ok(pixmap)
    }

    /// The map's fills, borders, outlines and labels as drawing operations.
    fn map_ops(&self, frame: &Frame, ops: &mut Ops) {
        let (w, h) = (frame.width, frame.height);
        let t = ToPixels::new(frame.area, w, h);
        let day = frame.date;
        let atlas = &self.atlas;
        let g = &self.geometry;

        // Who owns each piece, and which pieces each unit owns.
        let unit_index: std::collections::HashMap<&str, u32> = atlas
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i as u32))
            .collect();
        let owners: Vec<Option<u32>> = g
            .pieces
            .iter()
            .map(|p| {
                let owner = atlas.owner_of_piece(&p.id, day)?;
                unit_index.get(owner.unit.id.as_str()).copied()
            })
            .collect();
        let mut pieces_of: Vec<Vec<usize>> = vec![Vec::new(); atlas.units.len()];
        for (p, owner) in owners.iter().enumerate() {
            if let Some(u) = owner {
                pieces_of[*u as usize].push(p);
            }
        }
        let visible = {
            let inv = 1.0 / f64::from(t.scale);
            let a = MapPoint {
                x: (0.0 - f64::from(t.x0)) * inv,
                y: (f64::from(t.y0) - f64::from(h)) * inv,
            };
            let b = MapPoint {
                x: (f64::from(w) - f64::from(t.x0)) * inv,
                y: f64::from(t.y0) * inv,
            };
            MapRect { min: a, max: b }
        };

        // Fills: one path per unit, so that its pieces join without seams.
        for (unit, all) in atlas.units.iter().zip(&pieces_of) {
            let pieces: Vec<usize> = all
                .iter()
                .copied()
                .filter(|&p| g.pieces[p].bounds.intersects(&visible))
                .collect();
            if pieces.is_empty() {
                continue;
            }
            let mut pb = PathBuilder::new();
            for &p in &pieces {
                for ring in g.rings_of(p) {
                    trace(&mut pb, ring.iter().map(|&v| t.apply(v)), true, FILL_STEP);
                }
            }
            let Some(path) = pb.finish() else { continue };
            let (fill, partial) = if unit.kind == UnitKind::Context {
                (style::CONTEXT_FILL, false)
            } else {
                let s = atlas.standing(&unit.id, day);
                (style::bloc_fill(s.bloc), s.status == Status::Partial)
            };
            ops.0.push(Op::Fill {
                path,
                colour: fill,
                rule: FillRule::EvenOdd,
                striped: partial,
            });
        }

        // Borders of the day: between different units, and coasts.
        let context: Vec<bool> = atlas
            .units
            .iter()
            .map(|u| u.kind == UnitKind::Context)
            .collect();
        let borders = g.borders(&owners, |u| {
            context.get(u as usize).copied().unwrap_or(true)
        });
        let line_scale = (h as f32 / 1000.0).max(0.6);
        for kind in [BorderKind::Context, BorderKind::Coast, BorderKind::Border] {
            let (width, c) = match kind {
                BorderKind::Border => (1.4, style::BORDER),
                BorderKind::Coast => (0.9, style::COAST),
                BorderKind::Context => (0.7, style::CONTEXT_BORDER),
            };
            if let Some(path) = runs_path(g, &borders, |k| k == kind, &t, &visible) {
                let stroke = Stroke {
                    width: width * line_scale,
                    line_join: LineJoin::MiterClip,
                    line_cap: LineCap::Butt,
                    ..Stroke::default()
                };
                ops.0.push(Op::Stroke {
                    path,
                    colour: c,
                    stroke,
                });
            }
        }

        // The outlined units: their boundary with everything else, in the window's wine red.
        let outlined: Vec<u32> = frame
            .highlighted
            .iter()
            .filter_map(|id| unit_index.get(id.as_str()).copied())
            .collect();
        if !outlined.is_empty() {
            let class: Vec<Option<u32>> = owners
                .iter()
                .map(|o| Some(u32::from(!o.is_some_and(|u| outlined.contains(&u)))))
                .collect();
            let edges = g.borders(&class, |c| c == 1);
            let coasts_and_borders = |k| k != BorderKind::Context;
            if let Some(path) = runs_path(g, &edges, coasts_and_borders, &t, &visible) {
                let stroke = Stroke {
                    width: 3.0 * line_scale,
                    line_join: LineJoin::Round,
                    line_cap: LineCap::Round,
                    ..Stroke::default()
                };
                ops.0.push(Op::Stroke {
                    path,
                    colour: style::HIGHLIGHT,
                    stroke,
                });
            }
        }

        self.labels(ops, &t, (w as f32, h as f32), &pieces_of, day, &visible);
    }

    /// Unit names in force on the day, largest units first, none overlapping.
    fn labels(
        &self,
        ops: &mut Ops,
        t: &ToPixels,
        (w, h): (f32, f32),
        pieces_of: &[Vec<usize>],
        day: Day,
        visible: &MapRect,
    ) {
        let g = &self.geometry;
        // Each unit's candidate spots in order of preference, with the area each stands for.
        type Candidates = Vec<(MapPoint, f64)>;
        let mut spots: Vec<(u32, Candidates, f64)> = Vec::new();
        for (u, (unit, pieces)) in self.atlas.units.iter().zip(pieces_of).enumerate() {
            if pieces.is_empty() || unit.kind == UnitKind::Context {
                continue;
            }
            let anchors = g.label_anchors(pieces);
            let Some(&(_, whole)) = anchors.first() else {
                continue;
            };
            let mut candidates: Vec<(MapPoint, f64)> = anchors
                .iter()
                .copied()
                .filter(|(a, _)| visible.contains(*a))
                .collect();
            // Then the middle of its visible part, when that is on its land (the USSR in a
            // view of Central Europe), as the window does.
            let part = g.bounds_of(pieces).intersection(visible);
            let (pw, ph) = part.size();
            let centre = part.centre();
            if pw > 0.0 && ph > 0.0 && g.contains(pieces, centre) {
                candidates.push((centre, whole.min(pw * ph / 2.0)));
            }
            if !candidates.is_empty() {
                spots.push((u as u32, candidates, whole));
            }
        }
        spots.sort_by(|a, b| b.2.total_cmp(&a.2));
        let mut placed: Vec<Rect> = Vec::new();
        let px_per_m = f64::from(t.scale);
        for (u, candidates, _) in spots {
            let name = self.atlas.units[u as usize].name_on(day);
            let chosen = candidates.into_iter().find_map(|(anchor, area)| {
                let side = (area.sqrt() * px_per_m) as f32;
                let size = ((side / 14.0).clamp(10.0, 22.0) * (h / 1000.0).max(1.0)).round();
                let width = self.font.width(name, size);
                if width > side * 1.6 {
                    return None;
                }
                let (x, y) = t.point(anchor);
                let r = Rect::from_xywh(
                    x - width / 2.0 - 2.0,
                    y - size * 0.6,
                    width + 4.0,
                    size * 1.2,
                )?;
                let inside = r.left() >= 0.0 && r.top() >= 0.0 && r.right() <= w && r.bottom() <= h;
                (inside && !placed.iter().any(|p| p.intersect(&r).is_some())).then_some((
                    r,
                    x - width / 2.0,
                    y + size * 0.35,
                    size,
                ))
            });
            let Some((r, x, y, size)) = chosen else {
                continue;
            };
            placed.push(r);
            if let Some(path) = self.font.path(name, x, y, size) {
                ops.0.push(Op::Stroke {
                    path: path.clone(),
                    colour: style::LABEL_HALO,
                    stroke: Stroke {
                        width: (size / 6.0).max(2.0),
                        line_join: LineJoin::Round,
                        ..Stroke::default()
                    },
                });
                ops.0.push(Op::Fill {
                    path,
                    colour: style::LABEL,
                    rule: FillRule::Winding,
                    striped: false,
                });
            }
        }
    }

    /// Title and date (top left), legend with counts (bottom left), credit (bottom right).
    fn furniture(&self, pixmap: &mut Pixmap, day: Day) {
        let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
        let k = (h / 1000.0).max(0.6);
        let panel = egui::Color32::from_rgba_unmultiplied(255, 255, 255, 225);
        let ink = style::LABEL;

        // Title.
        let title_size = 30.0 * k;
        let title = day_words(day);
        let tw = self
            .font
            .width(&title, title_size)
            .max(self.font.width(&self.atlas.title, 15.0 * k));
        fill_rect(pixmap, 16.0 * k, 16.0 * k, tw + 28.0 * k, 70.0 * k, panel);
        self.font
            .draw(pixmap, &title, 30.0 * k, 54.0 * k, title_size, ink, None);
        self.font.draw(
            pixmap,
            &self.atlas.title,
            30.0 * k,
            76.0 * k,
            15.0 * k,
            ink,
            None,
        );

        // Legend.
        let counts = self.atlas.bloc_counts(day);
        let row = 26.0 * k;
        let size = 16.0 * k;
        let lw = 250.0 * k;
        let lh = row * (counts.len() as f32 + 1.0) + 16.0 * k;
        let (lx, ly) = (16.0 * k, h - lh - 16.0 * k);
        fill_rect(pixmap, lx, ly, lw, lh, panel);
        let hatch = hatch_pattern().ok();
        let swatch = |y: f32, bloc: Bloc, pixmap: &mut Pixmap| {
            let c = style::bloc_fill(bloc);
            fill_rect(pixmap, lx + 12.0 * k, y + 4.0 * k, 18.0 * k, 18.0 * k, c);
        };
        for (i, c) in counts.iter().enumerate() {
            let (bloc, n, partial) = (&c.bloc, c.units, c.partial);
            let y = ly + 10.0 * k + row * i as f32;
            swatch(y, *bloc, pixmap);
            let text = if partial > 0 {
                format!("{}  {n} ({partial} partial)", bloc.label())
            } else {
                format!("{}  {n}", bloc.label())
            };
            self.font
                .draw(pixmap, &text, lx + 40.0 * k, y + 19.0 * k, size, ink, None);
        }
        let y = ly + 10.0 * k + row * counts.len() as f32;
        swatch(y, Bloc::Nato, pixmap);
        if let (Some(hatch), Some(r)) = (
            &hatch,
            Rect::from_xywh(lx + 12.0 * k, y + 4.0 * k, 18.0 * k, 18.0 * k),
        ) {
            pixmap.fill_rect(r, &stripes(hatch), Transform::identity(), None);
        }
        self.font.draw(
            pixmap,
            "Striped: partial status",
            lx + 40.0 * k,
            y + 19.0 * k,
            size,
            ink,
            None,
        );

        // Credit.
        let credit = "Bloc Atlas · borders: Natural Earth (public domain) · memberships: sources cited in the atlas";
        let cs = 12.0 * k;
        let cw = self.font.width(credit, cs);
        fill_rect(
            pixmap,
            w - cw - 24.0 * k,
            h - 30.0 * k,
            cw + 16.0 * k,
            22.0 * k,
            panel,
        );
        self.font.draw(
            pixmap,
            credit,
            w - cw - 16.0 * k,
            h - 14.0 * k,
            cs,
            ink,
            None,
        );
    }
}

/// "14 May 1955".
pub fn day_words(day: Day) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(usize::try_from(day.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", day.day(), day.year())
}

fn fill_rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, c: egui::Color32) {
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        pixmap.fill_rect(r, &solid(c), Transform::identity(), None);
    }
}

/// Paint that lays the stripe pattern over what is below.
fn stripes(hatch: &Pixmap) -> Paint<'_> {
    Paint {
        anti_alias: true,
        shader: Pattern::new(
            hatch.as_ref(),
            SpreadMode::Repeat,
            tiny_skia::FilterQuality::Bilinear,
            1.0,
            Transform::identity(),
        ),
        ..Paint::default()
    }
}

/// The stripe pattern of partial statuses, as in the window.
fn hatch_pattern() -> anyhow::Result<Pixmap> {
    let image = style::hatch_image();
    let [w, h] = image.size;
    let mut pixmap = Pixmap::new(w as u32, h as u32).context("stripe pattern")?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(&image.pixels) {
        // Color32 is premultiplied, as tiny-skia's pixels are.
        if let Some(p) =
            tiny_skia::PremultipliedColorU8::from_rgba(src.r(), src.g(), src.b(), src.a())
        {
            *dst = p;
        }
    }
    Ok(pixmap)
}

/// Encodes an image as PNG; `best` compresses harder (slower).
pub fn png(pixmap: &Pixmap, best: bool) -> anyhow::Result<Vec<u8>> {
    use image::ImageEncoder as _;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    // Every pixel is opaque (the sea is drawn first), and opaque premultiplied pixels are
    // plain RGBA: encode the pixmap's own bytes without a copy when that holds.
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let converted: Vec<u8>;
    let rgba: &[u8] = if opaque {
        pixmap.data()
    } else {
        converted = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        &converted
    };
    let mut out = Vec::new();
    let (compression, filter) = if best {
        (CompressionType::Best, FilterType::Adaptive)
    } else {
        (CompressionType::Fast, FilterType::Sub)
    };
    PngEncoder::new_with_quality(&mut out, compression, filter)
        .write_image(
            rgba,
            pixmap.width(),
            pixmap.height(),
            image::ExtendedColorType::Rgba8,
        )
        .context("PNG encoding")?;
    Ok(out)
}

/// Encodes frames as an animated GIF that loops, each shown for `seconds`, the last for at least
/// [`HOLD_LAST_SECONDS`] so that the end can be read before the loop starts again. Colours are
/// reduced to a palette per frame (NeuQuant at its fastest setting: the map has few colours).
pub fn gif(
    frames: impl Iterator<Item = anyhow::Result<Pixmap>>,
    seconds: f32,
) -> anyhow::Result<Vec<u8>> {
    use image::codecs::gif::{GifEncoder, Repeat};
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut out, 30);
        encoder
            .set_repeat(Repeat::Infinite)
            .context("GIF encoding")?;
        let seconds = seconds.clamp(MIN_FRAME_SECONDS, MAX_FRAME_SECONDS);
        let ms = |s: f32| image::Delay::from_numer_denom_ms((s * 1000.0).round() as u32, 1);
        let mut frames = frames.peekable();
        while let Some(frame) = frames.next() {
            let pixmap = frame?;
            let delay = if frames.peek().is_some() {
                ms(seconds)
            } else {
                ms(seconds.max(HOLD_LAST_SECONDS))
            };
            let mut rgba = Vec::with_capacity(pixmap.data().len());
            for p in pixmap.pixels() {
                let c = p.demultiply();
                rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), 255]);
            }
            let buffer = image::RgbaImage::from_raw(pixmap.width(), pixmap.height(), rgba)
                .context("frame size")?;
            encoder
                .encode_frame(image::Frame::from_parts(buffer, 0, 0, delay))
                .context("GIF encoding")?;
        }
    }
    Ok(out)
}
