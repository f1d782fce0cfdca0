//! Where the units' names go: one placement for the window and the images.
//!
//! Per epoch (who owns which piece) each unit gets its candidate spots ([`spots`]); per framing
//! ([`Frame`]) the names are placed largest unit first, the selected one before all, each at the
//! first of its spots where it fits inside the unit and over nothing placed before it. A name
//! that is too wide goes on two lines, broken at a space, never inside a word. Sizes grow with
//! the unit's size on screen, in even steps.
//!
//! Text is measured by the painter (egui's fonts in the window, the bundled font in images)
//! through a callback, so that what is placed is what is drawn.

use bloc_geometry::mesh::{MapGeometry, MapRect};
use bloc_geometry::projection::MapPoint;

use super::Looks;
use super::framing::Transform;

/// Where a unit's label may go, for one epoch.
#[derive(Clone, Debug)]
pub struct Spot {
    /// The unit (index in the atlas).
    pub unit: u32,
    /// Candidate positions, best first, with the area (m²) each stands for.
    pub anchors: Vec<(MapPoint, f64)>,
    /// The unit's whole area, for ordering.
    pub area: f64,
    /// Its pieces (positions in the level).
    pub pieces: Vec<usize>,
    /// Their bounds.
    pub bounds: MapRect,
}

/// The label spots of an epoch: atlas units before context, largest first.
pub fn spots(geometry: &MapGeometry, owners: &[Option<u32>], looks: &Looks) -> Vec<Spot> {
    let mut by_unit: std::collections::BTreeMap<u32, Vec<usize>> = Default::default();
    for (piece, owner) in owners.iter().enumerate() {
        if let Some(u) = owner {
            by_unit.entry(*u).or_default().push(piece);
        }
    }
    let mut spots: Vec<Spot> = by_unit
        .into_iter()
        .filter_map(|(unit, pieces)| {
            let anchors = geometry.label_anchors(&pieces);
            let area = anchors.first()?.1;
            let bounds = geometry.bounds_of(&pieces);
            Some(Spot {
                unit,
                anchors,
                area,
                pieces,
                bounds,
            })
        })
        .collect();
    spots.sort_by(|a, b| {
        looks
            .is_context(a.unit)
            .cmp(&looks.is_context(b.unit))
            .then(b.area.total_cmp(&a.area))
            .then(a.unit.cmp(&b.unit))
    });
    spots
}

/// A rectangle in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelRect {
    /// Left edge.
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Right edge.
    pub right: f32,
    /// Bottom edge.
    pub bottom: f32,
}

impl PixelRect {
    /// The rectangle of this size centred on a point.
    pub fn centred((x, y): (f32, f32), (w, h): (f32, f32)) -> PixelRect {
        PixelRect {
            left: x - w / 2.0,
            top: y - h / 2.0,
            right: x + w / 2.0,
            bottom: y + h / 2.0,
        }
    }

    /// The rectangle grown by `d` on every side.
    pub fn expand(self, d: f32) -> PixelRect {
        PixelRect {
            left: self.left - d,
            top: self.top - d,
            right: self.right + d,
            bottom: self.bottom + d,
        }
    }

    /// Whether the two share any point.
    pub fn intersects(&self, o: &PixelRect) -> bool {
        self.left <= o.right && o.left <= self.right && self.top <= o.bottom && o.top <= self.bottom
    }

    /// Whether `o` lies wholly inside.
    pub fn contains(&self, o: &PixelRect) -> bool {
        self.left <= o.left && o.right <= self.right && self.top <= o.top && o.bottom <= self.bottom
    }

    /// Width and height.
    pub fn size(&self) -> (f32, f32) {
        (self.right - self.left, self.bottom - self.top)
    }
}

/// How the map is framed for placing labels.
#[derive(Clone, Debug)]
pub struct Frame<'a> {
    /// Map metres to pixels.
    pub transform: Transform,
    /// The map's rectangle in pixels.
    pub surface: PixelRect,
    /// Rectangles labels keep clear of (the legend).
    pub obstacles: &'a [PixelRect],
    /// Pixels per point: 1 in the window, the image height / 1000 in an export.
    pub pixels_per_point: f32,
    /// The theme's label scale (1, or larger for the projector).
    pub label_scale: f32,
    /// The selected unit, labelled before all others even where it does not fit.
    pub selected: Option<u32>,
}

/// A placed name.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The unit.
    pub unit: u32,
    /// The text, with `\n` between its lines.
    pub text: String,
    /// The font size in pixels.
    pub size: f32,
    /// Where the text goes (its box, centred on the spot).
    pub rect: PixelRect,
    /// A context unit's name (drawn greyer and smaller).
    pub context: bool,
}

/// Places the names of the units in view. `measure(text, size)` gives the width and height in
/// pixels of a (possibly two-line) text at a font size in pixels.
pub fn place(
    spots: &[Spot],
    looks: &Looks,
    geometry: &MapGeometry,
    frame: &Frame,
    measure: &mut dyn FnMut(&str, f32) -> (f32, f32),
) -> Vec<Placed> {
    let ppp = frame.pixels_per_point;
    let ls = frame.label_scale;
    let mut placed: Vec<PixelRect> = frame.obstacles.to_vec();
    let mut out = Vec::new();
    let inner = frame.surface.expand(-20.0 * ppp);
    let visible = frame
        .transform
        .visible((inner.left, inner.top, inner.right, inner.bottom));
    let px_per_m = f64::from(frame.transform.scale);
    let order = spots
        .iter()
        .filter(|s| Some(s.unit) == frame.selected)
        .chain(spots.iter().filter(|s| Some(s.unit) != frame.selected));
    for spot in order {
        if !spot.bounds.intersects(&visible) {
            continue;
        }
        let Some(name) = looks.names.get(spot.unit as usize) else {
            continue;
        };
        let context = looks.is_context(spot.unit);
        let selected = Some(spot.unit) == frame.selected;
        // The spots in view in order; then, for a unit none of whose spots is in view (the
        // USSR when looking at Central Europe), the middle of its visible part when that is on
        // its land.
        let mut candidates: Vec<(MapPoint, f64)> = spot
            .anchors
            .iter()
            .copied()
            .filter(|(a, _)| visible.contains(*a))
            .collect();
        if candidates.is_empty() {
            let part = spot.bounds.intersection(&visible);
            let (w, h) = part.size();
            let centre = part.centre();
            if w > 0.0 && h > 0.0 && geometry.contains(&spot.pieces, centre) {
                candidates.push((centre, spot.area.min(w * h / 2.0)));
            }
        }
        for (anchor, area) in candidates {
            let side = (area.sqrt() * px_per_m) as f32;
            if context && side < 60.0 * ppp {
                continue;
            }
            let size = size_points(side / ppp, ls, context) * ppp;
            let mut text = name.clone();
            let mut extent = measure(&text, size);
            if extent.0 > side * 1.3
                && let Some(two) = two_lines(name)
            {
                text = two;
                extent = measure(&text, size);
            }
            let fits = extent.0 <= side * 1.6 || selected;
            let rect = PixelRect::centred(frame.transform.point(anchor), extent);
            let padded = rect.expand(2.0 * ppp);
            if fits
                && frame.surface.contains(&rect)
                && !placed.iter().any(|r| r.intersects(&padded))
            {
                placed.push(padded);
                out.push(Placed {
                    unit: spot.unit,
                    text,
                    size,
                    rect,
                    context,
                });
                break;
            }
        }
    }
    out
}

/// The font size in points for a unit whose spot is `side` points across: whole points in steps
/// of two (the window's font atlas keeps one set of glyphs per size, so sizes must not vary
/// continuously with the zoom), context names two points smaller.
pub fn size_points(side: f32, label_scale: f32, context: bool) -> f32 {
    let ls = label_scale;
    let size = ((side / 14.0 * ls).clamp(10.0 * ls, 22.0 * ls) / 2.0).round() * 2.0;
    if context { size - 2.0 } else { size }
}

/// A name on two lines, broken at the space nearest its middle; `None` for a single word.
///
/// ```
/// use bloc_scene::labels::two_lines;
/// assert_eq!(two_lines("Saar Protectorate").as_deref(), Some("Saar\nProtectorate"));
/// assert_eq!(two_lines("Bosnia and Herzegovina").as_deref(), Some("Bosnia and\nHerzegovina"));
/// assert_eq!(two_lines("Czechoslovakia"), None);
/// ```
pub fn two_lines(name: &str) -> Option<String> {
    let middle = name.chars().count() / 2;
    let (at, _) = name
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| (i, name[..i].chars().count().abs_diff(middle)))
        .min_by_key(|&(_, d)| d)?;
    Some(format!("{}\n{}", &name[..at], &name[at + 1..]))
}
