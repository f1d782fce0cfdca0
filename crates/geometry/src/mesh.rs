//! Projected, triangulated geometry for drawing: built once per detail level, with no egui in
//! it. The views turn it into screen meshes.
//!
//! - Fill: every polygon of every piece, projected to [`MapPoint`] space and triangulated with
//!   earcut. Vertices of one piece are contiguous, so recolouring a piece is a slice fill.
//! - Borders: each ring segment knows the piece on its other side (or that it is coast), found
//!   by matching the exact longitude/latitude of shared vertices (the map build keeps shared
//!   borders identical). For a given assignment of pieces to units (an *epoch*),
//!   [`MapGeometry::borders`] keeps the segments between different units and the coasts, joined
//!   into runs so that a view can draw them as ribbons.

use std::ops::Range;

use geo::LineString;

use super::projection::{LonLat, MapPoint, Projection};
use super::{Detail, Pieces};

/// An axis-aligned box in map space (metres).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapRect {
    /// South-west corner.
    pub min: MapPoint,
    /// North-east corner.
    pub max: MapPoint,
}

impl MapRect {
    /// The empty box (any point extends it).
    pub const NOTHING: MapRect = MapRect {
        min: MapPoint {
            x: f64::INFINITY,
            y: f64::INFINITY,
        },
        max: MapPoint {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
        },
    };

    /// Grows the box to include a point.
    pub fn extend(&mut self, p: MapPoint) {
        self.min.x = self.min.x.min(p.x);
        self.min.y = self.min.y.min(p.y);
        self.max.x = self.max.x.max(p.x);
        self.max.y = self.max.y.max(p.y);
    }

    /// Grows the box to include another (an empty one adds nothing).
    pub fn union(&mut self, other: &MapRect) {
        if other.is_empty() {
            return;
        }
        self.extend(other.min);
        self.extend(other.max);
    }

    /// Whether the two boxes share any point.
    pub fn intersects(&self, other: &MapRect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// Whether a point is inside (or on the edge).
    pub fn contains(&self, p: MapPoint) -> bool {
        self.min.x <= p.x && p.x <= self.max.x && self.min.y <= p.y && p.y <= self.max.y
    }

    /// The overlap of two boxes (empty when they do not intersect).
    pub fn intersection(&self, other: &MapRect) -> MapRect {
        MapRect {
            min: MapPoint {
                x: self.min.x.max(other.min.x),
                y: self.min.y.max(other.min.y),
            },
            max: MapPoint {
                x: self.max.x.min(other.max.x),
                y: self.max.y.min(other.max.y),
            },
        }
    }

    /// Whether the box holds no point.
    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x || self.min.y > self.max.y
    }

    /// The centre.
    pub fn centre(&self) -> MapPoint {
        MapPoint {
            x: (self.min.x + self.max.x) / 2.0,
            y: (self.min.y + self.max.y) / 2.0,
        }
    }

    /// Width and height in metres.
    pub fn size(&self) -> (f64, f64) {
        (self.max.x - self.min.x, self.max.y - self.min.y)
    }
}

/// One piece, projected.
#[derive(Debug)]
pub struct PieceShape {
    /// The piece id.
    pub id: String,
    /// Its fill vertices in [`MapGeometry::vertices`].
    pub vertices: Range<u32>,
    /// Its triangles, as a range of [`MapGeometry::triangles`] (three entries each).
    pub triangles: Range<u32>,
    /// Its rings, as a range of the geometry's rings.
    pub(crate) rings: Range<u32>,
    /// Its bounding box (empty when nothing of it is within the horizon).
    pub bounds: MapRect,
    /// Facts about each of its polygons, for label placement.
    pub parts: Vec<Part>,
}

/// What label placement needs to know about one projected polygon (kept instead of the polygon
/// itself, which the triangles already describe).
#[derive(Clone, Copy, Debug)]
pub struct Part {
    /// Area in square metres.
    pub area: f64,
    /// The centroid (may lie outside a concave polygon).
    pub centroid: MapPoint,
    /// A point inside the polygon.
    pub interior: MapPoint,
}

/// A closed ring of one piece: vertices `start .. start + len` of [`MapGeometry::vertices`],
/// the last joined back to the first.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ring {
    pub(crate) piece: u32,
    pub(crate) start: u32,
    pub(crate) len: u32,
}

/// Marks a segment with no piece on its other side: a coast.
const COAST: u32 = u32::MAX;

/// How a border run is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BorderKind {
    /// Between two units of the atlas, or between one and a context unit.
    Border,
    /// Coast of an atlas unit.
    Coast,
    /// Border or coast among context units only.
    Context,
}

/// A polyline of the border mesh: vertices of [`Borders::points`].
#[derive(Clone, Debug)]
pub struct Run {
    /// Range in [`Borders::points`].
    pub points: Range<u32>,
    /// Style.
    pub kind: BorderKind,
    /// Bounding box, for culling.
    pub bounds: MapRect,
}

/// The borders of one epoch: runs of segments between pieces of different units, and coasts.
#[derive(Clone, Debug, Default)]
pub struct Borders {
    /// Indices into [`MapGeometry::vertices`], run after run.
    pub points: Vec<u32>,
    /// The runs.
    pub runs: Vec<Run>,
}

/// The projected, triangulated map at one detail level.
#[derive(Debug)]
pub struct MapGeometry {
    /// Which geometry file it came from.
    pub detail: Detail,
    /// Pieces in the order of [`Pieces`] positions.
    pub pieces: Vec<PieceShape>,
    /// All vertices in map space (metres, `f32`).
    pub vertices: Vec<[f32; 2]>,
    /// Triangle indices into `vertices`.
    pub triangles: Vec<u32>,
    pub(crate) rings: Vec<Ring>,
    /// For each vertex `i` of a ring, the piece on the other side of segment `i → i+1`.
    pub(crate) neighbours: Vec<u32>,
    /// The bounding box of everything drawn.
    pub bounds: MapRect,
    /// Pieces of which nothing can be drawn, and why (by position in [`Pieces`]).
    pub undrawn: Vec<(usize, Undrawn)>,
}

/// Why nothing of a piece is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undrawn {
    /// Every polygon reaches beyond the projection's horizon.
    BeyondHorizon,
    /// Every polygon's outline collapses to a line or a point once projected (a ring around a
    /// pole drawn with too few vertices, or one that wraps the 180° meridian).
    Collapsed,
}

impl MapGeometry {
    /// A problem for each piece of which nothing is drawn, in the file `shown`; `expected`
    /// names the pieces for which that is no problem (far-away context).
    pub fn undrawn_problems(
        &self,
        pieces: &Pieces,
        shown: &str,
        expected: impl Fn(&str) -> bool,
    ) -> Vec<bloc_model::Problem> {
        self.undrawn
            .iter()
            .filter_map(|&(i, why)| {
                let p = pieces.by_position(i);
                (!expected(&p.id)).then(|| {
                    bloc_model::Problem::feature(shown, p.index, Some(&p.id), why.message())
                        .of_kind(bloc_model::ProblemKind::Undrawn(p.id.clone()))
                })
            })
            .collect()
    }
}

impl Undrawn {
    /// What is wrong, for a problem message.
    pub fn message(self) -> String {
        match self {
            Undrawn::BeyondHorizon => format!(
                "this piece is not drawn: it reaches more than {}° from the map's centre \
                 (52° N 10° E), where the projection tears",
                super::projection::HORIZON_DEGREES
            ),
            Undrawn::Collapsed => "this piece is not drawn: projected, its outline encloses no \
                area (a ring around a pole or across the 180° meridian needs positions all along \
                its course)"
                .to_string(),
        }
    }
}

impl MapGeometry {
    /// Projects and triangulates every piece. Polygons reaching beyond the projection's horizon
    /// are left out (they are far from Europe); polygons earcut cannot triangulate are left out
    /// of the fill but keep their outline.
    pub fn build(pieces: &Pieces, detail: Detail, projection: &Projection) -> MapGeometry {
        MapGeometry::build_with(pieces, detail, projection, true)
    }

    /// Like [`MapGeometry::build`], but without triangles (the window's fill needs them; an
    /// image drawn from the outlines does not): areas, centroids and interior points come from
    /// the rings instead.
    pub fn build_outlines(pieces: &Pieces, detail: Detail, projection: &Projection) -> MapGeometry {
        MapGeometry::build_with(pieces, detail, projection, false)
    }

    fn build_with(
        pieces: &Pieces,
        detail: Detail,
        projection: &Projection,
        triangulate: bool,
    ) -> MapGeometry {
        let mut geometry = MapGeometry {
            detail,
            pieces: Vec::with_capacity(pieces.len()),
            vertices: Vec::new(),
            triangles: Vec::new(),
            rings: Vec::new(),
            neighbours: Vec::new(),
            bounds: MapRect::NOTHING,
            undrawn: Vec::new(),
        };
        let mut flat: Vec<f64> = Vec::new();
        let mut holes: Vec<usize> = Vec::new();
        for (pi, piece) in pieces.iter().enumerate() {
            let v_start = geometry.vertices.len() as u32;
            let t_start = geometry.triangles.len() as u32;
            let r_start = geometry.rings.len() as u32;
            let mut bounds = MapRect::NOTHING;
            let mut parts = Vec::new();
            let (mut beyond, mut collapsed) = (0, 0);
            for polygon in &piece.shape.0 {
                let Some(exterior) = project_ring(projection, polygon.exterior()) else {
                    beyond += 1;
                    continue;
                };
                if exterior.collapsed() {
                    collapsed += 1;
                    continue;
                }
                let interiors: Vec<_> = polygon
                    .interiors()
                    .iter()
                    .filter_map(|r| project_ring(projection, r))
                    .collect();
                flat.clear();
                holes.clear();
                let base = geometry.vertices.len() as u32;
                for (k, ring) in std::iter::once(&exterior).chain(&interiors).enumerate() {
                    if k > 0 {
                        holes.push(flat.len() / 2);
                    }
                    let start = geometry.vertices.len() as u32;
                    for p in &ring.0 {
                        flat.extend([p.x, p.y]);
                        geometry.vertices.push([p.x as f32, p.y as f32]);
                        bounds.extend(*p);
                    }
                    geometry.rings.push(Ring {
                        piece: pi as u32,
                        start,
                        len: ring.0.len() as u32,
                    });
                }
                if !triangulate {
                    if let Some(part) = part_of_rings(&flat, &holes) {
                        parts.push(part);
                    }
                } else if let Ok(indices) = earcutr::earcut(&flat, &holes, 2) {
                    if let Some(part) = part_of_triangles(&flat, &indices) {
                        parts.push(part);
                    }
                    geometry
                        .triangles
                        .extend(indices.into_iter().map(|i| base + i as u32));
                }
            }
            if beyond + collapsed == piece.shape.0.len() && !piece.shape.0.is_empty() {
                let why = if collapsed > 0 {
                    Undrawn::Collapsed
                } else {
                    Undrawn::BeyondHorizon
                };
                geometry.undrawn.push((pi, why));
            }
            geometry.bounds.union(&bounds);
            geometry.pieces.push(PieceShape {
                id: piece.id.clone(),
                vertices: v_start..geometry.vertices.len() as u32,
                triangles: t_start..geometry.triangles.len() as u32,
                rings: r_start..geometry.rings.len() as u32,
                bounds,
                parts,
            });
        }
        geometry.neighbours = find_neighbours(&geometry.rings, &geometry.vertices);
        geometry
    }

    /// The closed rings (outlines and holes) of a piece, as slices of map-space vertices
    /// without the closing vertex.
    pub fn rings_of(&self, piece: usize) -> impl Iterator<Item = &[[f32; 2]]> {
        let range = self
            .pieces
            .get(piece)
            .map_or(0..0, |p| p.rings.start as usize..p.rings.end as usize);
        self.rings[range]
            .iter()
            .map(|r| &self.vertices[r.start as usize..(r.start + r.len) as usize])
    }

    /// The map point of a vertex.
    pub fn point(&self, vertex: u32) -> MapPoint {
        let [x, y] = self.vertices[vertex as usize];
        MapPoint {
            x: f64::from(x),
            y: f64::from(y),
        }
    }

    /// The borders for an epoch: `owners[piece]` is the unit drawn on each piece (or `None`),
    /// and `is_context(unit)` tells context units apart. A segment is drawn when its two sides
    /// belong to different units, once for both sides.
    pub fn borders(&self, owners: &[Option<u32>], is_context: impl Fn(u32) -> bool) -> Borders {
        let mut borders = Borders::default();
        let owner = |piece: u32| owners.get(piece as usize).copied().flatten();
        for ring in &self.rings {
            let n = ring.len as usize;
            if n < 2 {
                continue;
            }
            let start = ring.start as usize;
            let me = owner(ring.piece);
            let kind_of = |i: usize| -> Option<BorderKind> {
                let other_piece = self.neighbours[start + i];
                if other_piece == COAST {
                    return Some(match me {
                        Some(u) if !is_context(u) => BorderKind::Coast,
                        _ => BorderKind::Context,
                    });
                }
                // Each shared segment is drawn from the lower-numbered piece's ring.
                if other_piece < ring.piece {
                    return None;
                }
                let other = owner(other_piece);
                if other == me {
                    return None;
                }
                let context = |o: Option<u32>| o.is_none_or(&is_context);
                Some(if context(me) && context(other) {
                    BorderKind::Context
                } else {
                    BorderKind::Border
                })
            };
            let kinds: Vec<Option<BorderKind>> = (0..n).map(kind_of).collect();
            // Start where the kind changes, so that no run is split by the ring's seam.
            let first = (0..n)
                .find(|&i| kinds[i] != kinds[(i + n - 1) % n])
                .unwrap_or(0);
            let mut i = 0;
            while i < n {
                let seg = (first + i) % n;
                let Some(kind) = kinds[seg] else {
                    i += 1;
                    continue;
                };
                let begin = borders.points.len() as u32;
                let mut bounds = MapRect::NOTHING;
                let mut push = |borders: &mut Borders, local: usize| {
                    let v = ring.start + local as u32;
                    bounds.extend(self.point(v));
                    borders.points.push(v);
                };
                push(&mut borders, seg);
                while i < n && kinds[(first + i) % n] == Some(kind) {
                    push(&mut borders, (first + i + 1) % n);
                    i += 1;
                }
                borders.runs.push(Run {
                    points: begin..borders.points.len() as u32,
                    kind,
                    bounds,
                });
            }
        }
        borders
    }

    /// Candidate spots for a unit's label, best first, each with the area (m²) it stands for:
    /// the area-weighted centroid of all its polygons when that lies on its land (Germany
    /// after 1990 is several pieces), then an interior point of each of its largest polygons
    /// (Denmark's Jutland when Greenland is off screen).
    pub fn label_anchors(&self, pieces: &[usize]) -> Vec<(MapPoint, f64)> {
        const MAX_PARTS: usize = 6;
        let mut parts: Vec<Part> = pieces
            .iter()
            .filter_map(|&p| self.pieces.get(p))
            .flat_map(|p| p.parts.iter().copied())
            .collect();
        parts.sort_by(|a, b| b.area.total_cmp(&a.area));
        let area: f64 = parts.iter().map(|p| p.area).sum();
        let mut anchors = Vec::new();
        if area > 0.0 {
            let centroid = MapPoint {
                x: parts.iter().map(|p| p.centroid.x * p.area).sum::<f64>() / area,
                y: parts.iter().map(|p| p.centroid.y * p.area).sum::<f64>() / area,
            };
            if self.contains(pieces, centroid) {
                anchors.push((centroid, area));
            }
        }
        anchors.extend(parts.iter().take(MAX_PARTS).map(|p| (p.interior, p.area)));
        anchors
    }

    /// Whether a map point lies on one of these pieces (inside an odd number of its rings).
    pub fn contains(&self, pieces: &[usize], p: MapPoint) -> bool {
        let (x, y) = (p.x as f32, p.y as f32);
        pieces
            .iter()
            .filter_map(|&i| self.pieces.get(i))
            .filter(|piece| piece.bounds.contains(p))
            .any(|piece| {
                let mut inside = false;
                for ring in &self.rings[piece.rings.start as usize..piece.rings.end as usize] {
                    let vs = &self.vertices[ring.start as usize..(ring.start + ring.len) as usize];
                    let mut j = vs.len().wrapping_sub(1);
                    for (i, &[xi, yi]) in vs.iter().enumerate() {
                        let [xj, yj] = vs[j];
                        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                            inside = !inside;
                        }
                        j = i;
                    }
                }
                inside
            })
    }

    /// The bounding box of some pieces.
    pub fn bounds_of(&self, pieces: &[usize]) -> MapRect {
        let mut r = MapRect::NOTHING;
        for &p in pieces {
            if let Some(shape) = self.pieces.get(p)
                && !shape.bounds.is_empty()
            {
                r.union(&shape.bounds);
            }
        }
        r
    }
}

/// Area, centroid and an interior point of a polygon from its rings (flat x, y pairs; holes
/// start at the given vertex positions): the centroid when it is inside, else the middle of the
/// widest stretch of a horizontal line through it.
fn part_of_rings(flat: &[f64], holes: &[usize]) -> Option<Part> {
    let n = flat.len() / 2;
    let at = |i: usize| (flat[2 * i], flat[2 * i + 1]);
    let bounds: Vec<(usize, usize)> = std::iter::once(0)
        .chain(holes.iter().copied())
        .zip(holes.iter().copied().chain(std::iter::once(n)))
        .filter(|(a, b)| b > a)
        .collect();
    // Signed shoelace sums per ring; holes subtract whatever their orientation.
    let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for (k, &(start, end)) in bounds.iter().enumerate() {
        let (mut a2, mut x6, mut y6) = (0.0, 0.0, 0.0);
        for i in start..end {
            let (x0, y0) = at(i);
            let (x1, y1) = at(if i + 1 == end { start } else { i + 1 });
            let cross = x0 * y1 - x1 * y0;
            a2 += cross;
            x6 += (x0 + x1) * cross;
            y6 += (y0 + y1) * cross;
        }
        let sign = if (k == 0) == (a2 >= 0.0) { 1.0 } else { -1.0 };
        area += sign * a2.abs() / 2.0;
        if a2 != 0.0 {
            let ring_area = a2 / 2.0;
            let (rx, ry) = (x6 / (6.0 * ring_area), y6 / (6.0 * ring_area));
            cx += sign * ring_area.abs() * rx;
            cy += sign * ring_area.abs() * ry;
        }
    }
    if area <= 0.0 || !area.is_finite() {
        return None;
    }
    let centroid = MapPoint {
        x: cx / area,
        y: cy / area,
    };
    // Crossings of the horizontal line through the centroid with every ring edge.
    let mut xs: Vec<f64> = Vec::new();
    for &(start, end) in &bounds {
        for i in start..end {
            let (x0, y0) = at(i);
            let (x1, y1) = at(if i + 1 == end { start } else { i + 1 });
            if (y0 > centroid.y) != (y1 > centroid.y) {
                xs.push(x0 + (centroid.y - y0) * (x1 - x0) / (y1 - y0));
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    let inside = xs.iter().filter(|&&x| x > centroid.x).count() % 2 == 1;
    let interior = if inside {
        centroid
    } else {
        xs.chunks_exact(2)
            .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
            .map_or(
                MapPoint {
                    x: at(0).0,
                    y: at(0).1,
                },
                |w| MapPoint {
                    x: (w[0] + w[1]) / 2.0,
                    y: centroid.y,
                },
            )
    };
    Some(Part {
        area,
        centroid,
        interior,
    })
}

/// Area, centroid and an interior point of a polygon from its triangles (flat x, y pairs and
/// triangle indices): the centroid when it lies on a triangle, else the middle of the largest.
fn part_of_triangles(flat: &[f64], indices: &[usize]) -> Option<Part> {
    let at = |i: usize| (flat[2 * i], flat[2 * i + 1]);
    let mut area = 0.0;
    let (mut cx, mut cy) = (0.0, 0.0);
    let mut largest = (0.0, MapPoint::default());
    for t in indices.chunks_exact(3) {
        let (a, b, c) = (at(t[0]), at(t[1]), at(t[2]));
        let twice = ((b.0 - a.0) * (c.1 - a.1) - (c.0 - a.0) * (b.1 - a.1)).abs();
        let mid = MapPoint {
            x: (a.0 + b.0 + c.0) / 3.0,
            y: (a.1 + b.1 + c.1) / 3.0,
        };
        area += twice / 2.0;
        cx += mid.x * twice / 2.0;
        cy += mid.y * twice / 2.0;
        if twice > largest.0 {
            largest = (twice, mid);
        }
    }
    if area <= 0.0 {
        return None;
    }
    let centroid = MapPoint {
        x: cx / area,
        y: cy / area,
    };
    let inside = indices.chunks_exact(3).any(|t| {
        let [a, b, c] = [at(t[0]), at(t[1]), at(t[2])];
        let side = |p: (f64, f64), q: (f64, f64)| {
            (q.0 - p.0) * (centroid.y - p.1) - (q.1 - p.1) * (centroid.x - p.0)
        };
        let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
        !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
    });
    Some(Part {
        area,
        centroid,
        interior: if inside { centroid } else { largest.1 },
    })
}

/// A projected ring without its closing vertex.
struct ProjectedRing(Vec<MapPoint>);

impl ProjectedRing {
    /// Whether the ring encloses (next to) nothing: less than a square metre, or a millionth of
    /// its extent squared.
    fn collapsed(&self) -> bool {
        let Some(&o) = self.0.first() else {
            return true;
        };
        let mut twice_area = 0.0;
        let mut extent = MapRect::NOTHING;
        for (i, &a) in self.0.iter().enumerate() {
            let b = self.0[(i + 1) % self.0.len()];
            twice_area += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
            extent.extend(a);
        }
        let (w, h) = extent.size();
        let area = twice_area.abs() / 2.0;
        area < 1.0 || area < 1e-6 * w.max(h).powi(2)
    }
}

/// Projects a ring; `None` if any vertex is beyond the horizon or the ring has under 3 points.
fn project_ring(projection: &Projection, ring: &LineString<f64>) -> Option<ProjectedRing> {
    let coords = &ring.0;
    let open = match coords.split_last() {
        Some((last, rest)) if rest.first() == Some(last) => rest,
        _ => coords.as_slice(),
    };
    if open.len() < 3 {
        return None;
    }
    let lon_lat: Vec<LonLat> = open.iter().map(|c| LonLat { lon: c.x, lat: c.y }).collect();
    projection.forward_all(&lon_lat).map(ProjectedRing)
}

/// For each ring segment, the piece on its other side ([`COAST`] when none). Shared segments
/// are found by sorting all segments by their end points (the same longitude/latitude always
/// projects to the same `f32` bits). A segment shared by more than two rings (a degenerate map)
/// counts as coast for all but the first two.
fn find_neighbours(rings: &[Ring], vertices: &[[f32; 2]]) -> Vec<u32> {
    let key = |v: u32| {
        let [x, y] = vertices[v as usize];
        (u64::from(x.to_bits()) << 32) | u64::from(y.to_bits())
    };
    // (one end, the other end, first vertex of the segment, piece)
    let mut segments: Vec<(u64, u64, u32, u32)> = Vec::with_capacity(vertices.len());
    for ring in rings {
        for i in 0..ring.len {
            let a = key(ring.start + i);
            let b = key(ring.start + (i + 1) % ring.len);
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            segments.push((a, b, ring.start + i, ring.piece));
        }
    }
    segments.sort_unstable();
    let mut neighbours = vec![COAST; vertices.len()];
    for group in segments.chunk_by(|x, y| x.0 == y.0 && x.1 == y.1) {
        if let [first, second, ..] = group {
            neighbours[first.2 as usize] = second.3;
            neighbours[second.2 as usize] = first.3;
        }
    }
    neighbours
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_from_rings_match_parts_from_triangles() {
        // A "C" shape (its centroid falls in the gap) with a square hole in its back.
        let exterior = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 2.0),
            (2.0, 2.0),
            (2.0, 8.0),
            (10.0, 8.0),
            (10.0, 10.0),
            (0.0, 10.0),
        ];
        let hole = [(0.5, 4.0), (1.5, 4.0), (1.5, 5.0), (0.5, 5.0)];
        let flat: Vec<f64> = exterior
            .iter()
            .chain(&hole)
            .flat_map(|&(x, y)| [x, y])
            .collect();
        let holes = [exterior.len()];
        let by_rings = part_of_rings(&flat, &holes).unwrap();
        let indices = earcutr::earcut(&flat, &holes, 2).unwrap();
        let by_triangles = part_of_triangles(&flat, &indices).unwrap();
        assert!((by_rings.area - by_triangles.area).abs() < 1e-9);
        assert!((by_rings.area - 51.0).abs() < 1e-9);
        assert!((by_rings.centroid.x - by_triangles.centroid.x).abs() < 1e-9);
        assert!((by_rings.centroid.y - by_triangles.centroid.y).abs() < 1e-9);
        // The centroid is in the gap of the C: the interior point is on the C's back.
        assert!(by_rings.centroid.x > 2.0);
        let p = by_rings.interior;
        assert!(p.x > 0.0 && p.x < 2.0 && !(p.x > 0.5 && p.x < 1.5 && p.y > 4.0 && p.y < 5.0));
    }
}
