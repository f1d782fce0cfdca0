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

use std::collections::HashMap;
use std::ops::Range;

use geo::{Area, Centroid, Contains, Coord, InteriorPoint, LineString, Polygon};

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

    /// Grows the box to include another.
    pub fn union(&mut self, other: &MapRect) {
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
    /// Its bounding box (empty when nothing of it is within the horizon).
    pub bounds: MapRect,
    /// Its projected polygons, for label placement.
    pub polygons: Vec<Polygon<f64>>,
}

/// A closed ring of one piece: vertices `start .. start + len` of [`MapGeometry::vertices`],
/// the last joined back to the first.
#[derive(Clone, Copy, Debug)]
struct Ring {
    piece: u32,
    start: u32,
    len: u32,
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
    rings: Vec<Ring>,
    /// For each vertex `i` of a ring, the piece on the other side of segment `i → i+1`.
    neighbours: Vec<u32>,
    /// The bounding box of everything drawn.
    pub bounds: MapRect,
}

impl MapGeometry {
    /// Projects and triangulates every piece. Polygons reaching beyond the projection's horizon
    /// are left out (they are far from Europe); polygons earcut cannot triangulate are left out
    /// of the fill but keep their outline.
    pub fn build(pieces: &Pieces, detail: Detail, projection: &Projection) -> MapGeometry {
        let mut geometry = MapGeometry {
            detail,
            pieces: Vec::with_capacity(pieces.len()),
            vertices: Vec::new(),
            triangles: Vec::new(),
            rings: Vec::new(),
            neighbours: Vec::new(),
            bounds: MapRect::NOTHING,
        };
        // Original coordinates of every ring vertex, to find shared segments exactly.
        let mut keys: Vec<(u64, u64)> = Vec::new();
        let mut flat: Vec<f64> = Vec::new();
        let mut holes: Vec<usize> = Vec::new();
        for (pi, piece) in pieces.iter().enumerate() {
            let v_start = geometry.vertices.len() as u32;
            let t_start = geometry.triangles.len() as u32;
            let mut bounds = MapRect::NOTHING;
            let mut polygons = Vec::new();
            for polygon in &piece.shape.0 {
                let Some(exterior) = project_ring(projection, polygon.exterior()) else {
                    continue;
                };
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
                    for (p, key) in &ring.0 {
                        flat.extend([p.x, p.y]);
                        geometry.vertices.push([p.x as f32, p.y as f32]);
                        keys.push(*key);
                        bounds.extend(*p);
                    }
                    geometry.rings.push(Ring {
                        piece: pi as u32,
                        start,
                        len: ring.0.len() as u32,
                    });
                }
                if let Ok(indices) = earcutr::earcut(&flat, &holes, 2) {
                    geometry
                        .triangles
                        .extend(indices.into_iter().map(|i| base + i as u32));
                }
                let line = |r: &ProjectedRing| {
                    LineString::from(
                        r.0.iter()
                            .map(|(p, _)| Coord { x: p.x, y: p.y })
                            .collect::<Vec<_>>(),
                    )
                };
                polygons.push(Polygon::new(
                    line(&exterior),
                    interiors.iter().map(line).collect(),
                ));
            }
            geometry.bounds.union(&bounds);
            geometry.pieces.push(PieceShape {
                id: piece.id.clone(),
                vertices: v_start..geometry.vertices.len() as u32,
                triangles: t_start..geometry.triangles.len() as u32,
                bounds,
                polygons,
            });
        }
        geometry.neighbours = find_neighbours(&geometry.rings, &keys);
        geometry
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

    /// Where to put a label for a unit made of these pieces: the area-weighted centroid of its
    /// polygons when it falls inside one of them, else an interior point of the largest
    /// polygon. Also returns the total area in square metres.
    pub fn label_anchor(&self, pieces: &[usize]) -> Option<(MapPoint, f64)> {
        let polygons: Vec<&Polygon<f64>> = pieces
            .iter()
            .filter_map(|&p| self.pieces.get(p))
            .flat_map(|p| &p.polygons)
            .collect();
        let mut area = 0.0;
        let (mut cx, mut cy) = (0.0, 0.0);
        let mut largest: Option<(&Polygon<f64>, f64)> = None;
        for polygon in &polygons {
            let a = polygon.unsigned_area();
            if let Some(c) = polygon.centroid() {
                cx += c.x() * a;
                cy += c.y() * a;
            }
            area += a;
            if largest.is_none_or(|(_, la)| a > la) {
                largest = Some((polygon, a));
            }
        }
        let (largest, _) = largest?;
        if area > 0.0 {
            let centroid = Coord {
                x: cx / area,
                y: cy / area,
            };
            if polygons.iter().any(|p| p.contains(&centroid)) {
                return Some((
                    MapPoint {
                        x: centroid.x,
                        y: centroid.y,
                    },
                    area,
                ));
            }
        }
        let p = largest.interior_point()?;
        Some((MapPoint { x: p.x(), y: p.y() }, area))
    }

    /// Whether a map point lies on one of these pieces.
    pub fn contains(&self, pieces: &[usize], p: MapPoint) -> bool {
        let c = Coord { x: p.x, y: p.y };
        pieces
            .iter()
            .filter_map(|&i| self.pieces.get(i))
            .filter(|piece| piece.bounds.contains(p))
            .any(|piece| piece.polygons.iter().any(|poly| poly.contains(&c)))
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

/// A projected ring without its closing vertex: map points with the original coordinates' bits.
struct ProjectedRing(Vec<(MapPoint, (u64, u64))>);

/// Projects a ring; `None` if any vertex is beyond the horizon or the ring has under 3 points.
fn project_ring(projection: &Projection, ring: &LineString<f64>) -> Option<ProjectedRing> {
    let coords = &ring.0;
    let open = match coords.split_last() {
        Some((last, rest)) if rest.first() == Some(last) => rest,
        _ => coords.as_slice(),
    };
    let mut out = Vec::with_capacity(open.len());
    for c in open {
        let p = projection.forward(LonLat { lon: c.x, lat: c.y })?;
        out.push((p, (c.x.to_bits(), c.y.to_bits())));
    }
    (out.len() >= 3).then_some(ProjectedRing(out))
}

/// For each ring segment, the piece on its other side ([`COAST`] when none). A segment shared
/// by more than two rings (a degenerate map) counts as coast for all but the first two.
fn find_neighbours(rings: &[Ring], keys: &[(u64, u64)]) -> Vec<u32> {
    type Key = ((u64, u64), (u64, u64));
    let segment = |ring: &Ring, i: u32| -> Key {
        let a = keys[(ring.start + i) as usize];
        let b = keys[(ring.start + (i + 1) % ring.len) as usize];
        if a <= b { (a, b) } else { (b, a) }
    };
    let mut sides: HashMap<Key, [u32; 2]> = HashMap::with_capacity(keys.len());
    for ring in rings {
        for i in 0..ring.len {
            let entry = sides.entry(segment(ring, i)).or_insert([COAST, COAST]);
            if entry[0] == COAST {
                entry[0] = ring.piece;
            } else if entry[1] == COAST {
                entry[1] = ring.piece;
            }
        }
    }
    let mut neighbours = vec![COAST; keys.len()];
    for ring in rings {
        for i in 0..ring.len {
            let [a, b] = sides[&segment(ring, i)];
            let other = if a == ring.piece { b } else { a };
            neighbours[(ring.start + i) as usize] = other;
        }
    }
    neighbours
}
