//! Drawing the map into an image without a window (tiny-skia), for `bloc-atlas render` and the
//! app's export: the same projection, geometry, colours, stripes and borders as the window, with
//! a title, the date, a legend and the source credit drawn in.
//!
//! What is drawn is the [`Scene`] of the day — colours, owners, borders, outlines and label
//! places are the scene's, as in the window; this module only turns it into tiny-skia paths.
//! Map metres become image pixels (y down) by [`Frame`]'s area fitted to the image
//! ([`Transform::fit`]); a point is a thousandth of the image's height, so that a 3840×2160
//! export is a 1920×1080 one at twice the resolution.

mod text;

use anyhow::Context as _;
use tiny_skia::{
    Color, FillRule, LineCap, LineJoin, Paint, PathBuilder, Pattern, Pixmap, Rect, SpreadMode,
    Stroke, Transform,
};

use std::sync::Arc;

use bloc_geometry::mesh::{BorderKind, MapGeometry, MapRect};
use bloc_geometry::projection::Projection;
use bloc_geometry::{Detail, Pieces};
use bloc_model::{Atlas, AtlasDir, Day, Layer, Problem};
use bloc_scene::framing::Transform as ToPixels;
use bloc_scene::palette::{self, Rgba};
use bloc_scene::{Outlined, Scene, labels};

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
    /// The layer drawn: the alignment or an organisation.
    pub layer: Layer,
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
/// use bloc_render::{Step, frame_days};
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
        format!("more than {}", bloc_model::thousands(MAX_FRAMES))
    } else {
        bloc_model::thousands(frames)
    };
    Err(format!(
        "this GIF would have {count} frames of {width}×{height}; a GIF may have at most {} \
         frames and {:.2} billion pixels in all, which is {} frames at this size: choose a longer \
         step, a shorter range or a smaller size",
        bloc_model::thousands(MAX_FRAMES),
        MAX_GIF_PIXELS as f64 / 1e9,
        bloc_model::thousands(fit as usize),
    ))
}

/// The geometry level to draw an area at a size with: the detailed one when zoomed in as far as
/// the window would use it.
pub fn detail_for(area: MapRect, width: u32, height: u32) -> Detail {
    let (w, h) = area.size();
    let metres_per_pixel = (w / f64::from(width.max(1))).max(h / f64::from(height.max(1)));
    bloc_scene::framing::detail_at(metres_per_pixel)
}

/// Everything needed to draw frames: the atlas, projected geometry and the font.
pub struct Renderer {
    atlas: Arc<Atlas>,
    projection: Projection,
    geometry: Arc<MapGeometry>,
    font: Font,
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
        colour: Rgba,
        rule: FillRule,
        striped: bool,
    },
    /// Stroke a path.
    Stroke {
        path: tiny_skia::Path,
        colour: Rgba,
        stroke: Stroke,
    },
}

/// The operations of a map, in drawing order.
#[derive(Default)]
struct Ops(Vec<Op>);

impl Ops {
    /// Draws the operations over the sea into `pixmap`.
    fn rasterise(&self, pixmap: &mut Pixmap, hatch: &Pixmap) {
        pixmap.fill(colour(palette::SEA));
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
    borders: &bloc_geometry::mesh::Borders,
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

/// Lines of a two-line label, apart, as a share of the font size.
const LINE_HEIGHT: f32 = 1.2;

/// The width and height in pixels of a (possibly two-line) label text.
fn text_extent(font: &Font, text: &str, size: f32) -> (f32, f32) {
    let width = text
        .lines()
        .map(|l| font.width(l, size))
        .fold(0.0, f32::max);
    let lines = text.lines().count().max(1) as f32;
    (width + 4.0, size * (LINE_HEIGHT * (lines - 1.0) + 1.2))
}

/// The smallest step, in pixels, between points kept for fills.
const FILL_STEP: f32 = 0.4;
/// The smallest step for lines.
const LINE_STEP: f32 = 0.9;

fn colour(c: Rgba) -> Color {
    Color::from_rgba8(c.r(), c.g(), c.b(), c.a())
}

fn solid(c: Rgba) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(colour(c));
    paint.anti_alias = true;
    paint
}

/// An atlas's map at a detail level, without triangles (the bundled overview comes packed).
fn geometry_of(atlas: &Atlas, detail: Detail) -> anyhow::Result<(MapGeometry, Vec<Problem>)> {
    let paths = &atlas.geometry_paths;
    if paths.dir == AtlasDir::Bundled
        && detail == Detail::Low
        && let Some(g) = bloc_geometry::packed::unpack(BUNDLED_LOW_PACKED)
    {
        return Ok((g, Vec::new()));
    }
    let rel = match detail {
        Detail::Low => &paths.low,
        Detail::High => &paths.high,
    };
    let (pieces, problems) = Pieces::load(&paths.dir, rel);
    let projection = Projection::epsg3035()?;
    Ok((
        MapGeometry::build_outlines(&pieces, detail, &projection),
        problems,
    ))
}

/// The bundled overview map, projected, with its shared borders found (`geometry::packed`);
/// a test keeps it equal to what `maps/pieces-low.geojson` gives.
pub const BUNDLED_LOW_PACKED: &[u8] = include_bytes!("../../../maps/pieces-low.packed");

impl Renderer {
    /// A renderer for an atlas and a geometry level of its map (the window's export draws the
    /// atlas and the map it shows).
    pub fn new(atlas: Arc<Atlas>, geometry: Arc<MapGeometry>) -> anyhow::Result<Renderer> {
        Ok(Renderer {
            atlas,
            projection: Projection::epsg3035()?,
            geometry,
            font: Font::ubuntu().context("the bundled font")?,
        })
    }

    /// A renderer for the bundled atlas at a detail level.
    pub fn bundled(detail: Detail) -> anyhow::Result<Renderer> {
        let atlas = Atlas::bundled().map_err(|e| anyhow::anyhow!("{e}"))?;
        let (geometry, problems) = geometry_of(&atlas, detail)?;
        if let Some(p) = problems.first() {
            anyhow::bail!("the bundled map is broken: {p}");
        }
        Renderer::new(Arc::new(atlas), Arc::new(geometry))
    }

    /// A renderer for the atlas in a folder (or the bundled one), with the problems of its
    /// tables and map: what is valid is drawn.
    pub fn open(dir: &AtlasDir, detail: Detail) -> anyhow::Result<(Renderer, Vec<Problem>)> {
        if *dir == AtlasDir::Bundled {
            return Ok((Renderer::bundled(detail)?, Vec::new()));
        }
        let loaded = bloc_model::load(dir);
        let mut problems = loaded.problems;
        let atlas = loaded.atlas;
        if !atlas
            .units
            .iter()
            .any(|u| u.kind != bloc_model::UnitKind::Context)
        {
            anyhow::bail!("the atlas in {} has no usable units", dir.display(""));
        }
        let (geometry, p) = geometry_of(&atlas, detail)?;
        problems.extend(p);
        Ok((
            Renderer::new(Arc::new(atlas), Arc::new(geometry))?,
            problems,
        ))
    }

    /// The atlas drawn.
    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    /// The projection (to turn longitudes and latitudes into a [`Frame`] area).
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// The geometry drawn.
    pub fn geometry(&self) -> &MapGeometry {
        &self.geometry
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
            .forward(bloc_geometry::projection::LonLat { lon, lat })?;
        Some(ToPixels::fit(frame.area, frame.width, frame.height).point(p))
    }

    /// The scene a frame draws: its day on this renderer's geometry, with its outlined units.
    pub fn scene(&self, frame: &Frame) -> Scene {
        let outlined = Outlined::by_ids(&self.atlas, &frame.highlighted);
        Scene::of(
            &self.atlas,
            &self.geometry,
            frame.date,
            &frame.layer,
            outlined,
        )
    }

    /// Draws a frame: the map's paths are built once and rasterised; the title, legend and
    /// credit go on last.
    pub fn draw(&self, frame: &Frame) -> anyhow::Result<Pixmap> {
        let (w, h) = (frame.width, frame.height);
        let mut pixmap =
            Pixmap::new(w, h).with_context(|| format!("cannot make a {w}×{h} image"))?;
        let scene = self.scene(frame);
        let mut ops = Ops::default();
        self.map_ops(frame, &scene, &mut ops);
        let hatch = hatch_pattern()?;
        ops.rasterise(&mut pixmap, &hatch);
        self.furniture(&mut pixmap, &scene);
        Ok(pixmap)
    }

    /// Pixels per point of a frame: a point is a thousandth of the image's height.
    fn pixels_per_point(frame: &Frame) -> f32 {
        (frame.height as f32 / 1000.0).max(0.6)
    }

    /// The map's fills, borders, outlines and labels as drawing operations.
    fn map_ops(&self, frame: &Frame, scene: &Scene, ops: &mut Ops) {
        let (w, h) = (frame.width, frame.height);
        let t = ToPixels::fit(frame.area, w, h);
        let g = &self.geometry;
        let ppp = Self::pixels_per_point(frame);
        let visible = t.visible((0.0, 0.0, w as f32, h as f32));
        let pieces_of = scene.pieces_of_units();

        // Fills: one path per unit, so that its pieces join without seams.
        for (look, all) in scene.looks.units.iter().zip(&pieces_of) {
            let mut pb = PathBuilder::new();
            for &p in all
                .iter()
                .filter(|&&p| g.pieces[p].bounds.intersects(&visible))
            {
                for ring in g.rings_of(p) {
                    trace(&mut pb, ring.iter().map(|&v| t.apply(v)), true, FILL_STEP);
                }
            }
            let Some(path) = pb.finish() else { continue };
            ops.0.push(Op::Fill {
                path,
                colour: look.fill,
                rule: FillRule::EvenOdd,
                striped: look.striped,
            });
        }

        // Borders of the day: between different units, and coasts.
        let borders = scene.borders(g);
        let metres_per_point = 1.0 / f64::from(t.scale) * f64::from(ppp);
        let line_scale = ppp * bloc_scene::zoom_line_factor(metres_per_point);
        for kind in [BorderKind::Context, BorderKind::Coast, BorderKind::Border] {
            let (width, c) = bloc_scene::border_style(kind);
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
        let edges = scene.outline(g, &scene.outlined.highlighted);
        if let Some(path) = runs_path(g, &edges, |_| true, &t, &visible) {
            let stroke = Stroke {
                width: palette::width::HIGHLIGHT * ppp,
                line_join: LineJoin::Round,
                line_cap: LineCap::Round,
                ..Stroke::default()
            };
            ops.0.push(Op::Stroke {
                path,
                colour: palette::HIGHLIGHT,
                stroke,
            });
        }

        self.labels(ops, frame, scene, t);
    }

    /// The scene's names, placed as the window places them.
    fn labels(&self, ops: &mut Ops, frame: &Frame, scene: &Scene, t: ToPixels) {
        let g = &self.geometry;
        let spots = labels::spots(g, &scene.owners, &scene.looks);
        let label_frame = labels::Frame {
            transform: t,
            surface: labels::PixelRect {
                left: 0.0,
                top: 0.0,
                right: frame.width as f32,
                bottom: frame.height as f32,
            },
            obstacles: &[],
            pixels_per_point: Self::pixels_per_point(frame),
            label_scale: 1.0,
            selected: None,
        };
        let font = &self.font;
        let mut measure = |text: &str, size: f32| text_extent(font, text, size);
        for label in labels::place(&spots, &scene.looks, g, &label_frame, &mut measure) {
            let (ink, halo) = if label.context {
                (palette::CONTEXT_LABEL, palette::LABEL_HALO)
            } else {
                (palette::LABEL, palette::LABEL_HALO)
            };
            let size = label.size;
            let centre = (label.rect.left + label.rect.right) / 2.0;
            for (i, line) in label.text.lines().enumerate() {
                let x = centre - font.width(line, size) / 2.0;
                let y = label.rect.top + size * (0.95 + LINE_HEIGHT * i as f32);
                let Some(path) = font.path(line, x, y, size) else {
                    continue;
                };
                ops.0.push(Op::Stroke {
                    path: path.clone(),
                    colour: halo,
                    stroke: Stroke {
                        width: (size / 6.0).max(2.0),
                        line_join: LineJoin::Round,
                        ..Stroke::default()
                    },
                });
                ops.0.push(Op::Fill {
                    path,
                    colour: ink,
                    rule: FillRule::Winding,
                    striped: false,
                });
            }
        }
    }

    /// Title and date (top left), legend with counts (bottom left), credit (bottom right).
    fn furniture(&self, pixmap: &mut Pixmap, scene: &Scene) {
        let day = scene.looks.day;
        let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
        let k = (h / 1000.0).max(0.6);
        let panel = palette::PANEL;
        let ink = palette::LABEL;

        // Title.
        let title_size = 30.0 * k;
        let title = day.in_words();
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

        // Legend: the layer's title, each entry's colour and count, and what stripes mean.
        let legend = &scene.looks.legend;
        let row = 26.0 * k;
        let size = 16.0 * k;
        let hatch = hatch_pattern().ok();
        let lines: Vec<String> = legend
            .iter()
            .map(|e| match e.partial {
                0 => format!("{}  {}", e.label, e.units),
                p => format!("{}  {} ({p} partial)", e.label, e.units),
            })
            .collect();
        let title = &scene.looks.title;
        let widest = lines
            .iter()
            .map(|l| self.font.width(l, size))
            .chain([
                self.font.width(title, size),
                self.font.width("Striped: special terms", size),
            ])
            .fold(0.0, f32::max);
        let lw = widest + 56.0 * k;
        let lh = row * (legend.len() as f32 + 2.0) + 16.0 * k;
        let (lx, ly) = (16.0 * k, h - lh - 16.0 * k);
        fill_rect(pixmap, lx, ly, lw, lh, panel);
        let swatch = |y: f32, fill: Rgba, striped: bool, pixmap: &mut Pixmap| {
            fill_rect(pixmap, lx + 12.0 * k, y + 4.0 * k, 18.0 * k, 18.0 * k, fill);
            if let (true, Some(hatch), Some(r)) = (
                striped,
                &hatch,
                Rect::from_xywh(lx + 12.0 * k, y + 4.0 * k, 18.0 * k, 18.0 * k),
            ) {
                pixmap.fill_rect(r, &stripes(hatch), Transform::identity(), None);
            }
        };
        self.font.draw(
            pixmap,
            title,
            lx + 12.0 * k,
            ly + 10.0 * k + 19.0 * k,
            size,
            ink,
            None,
        );
        for (i, (e, text)) in legend.iter().zip(&lines).enumerate() {
            let y = ly + 10.0 * k + row * (i as f32 + 1.0);
            swatch(y, e.fill, e.striped, pixmap);
            self.font
                .draw(pixmap, text, lx + 40.0 * k, y + 19.0 * k, size, ink, None);
        }
        let y = ly + 10.0 * k + row * (legend.len() as f32 + 1.0);
        swatch(y, scene.looks.striped_sample, true, pixmap);
        self.font.draw(
            pixmap,
            "Striped: special terms",
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

fn fill_rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, c: Rgba) {
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
    let tile = palette::hatch_tile();
    let n = palette::HATCH_TILE as u32;
    let mut pixmap = Pixmap::new(n, n).context("stripe pattern")?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(&tile) {
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
