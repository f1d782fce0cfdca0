//! The map's geometry: pieces of territory in longitude/latitude, indexed for "which piece is
//! at this point", and checked for validity and overlaps.
//!
//! Coordinate spaces: pieces and their index are in `lon_lat` (WGS 84 degrees, x = longitude);
//! [`projection`] maps them to metres on the EPSG:3035 plane, where [`mesh`] triangulates them
//! for drawing. The screen belongs to the views.

pub mod check;
mod geojson;
pub mod lines;
pub mod mesh;
pub mod overlap;
pub mod packed;
pub mod projection;
pub mod validity;

use std::collections::HashMap;
use std::sync::OnceLock;

use geo::indexed::IntervalTreeMultiPolygon;
use geo::{BoundingRect, Contains, Coord, MultiPolygon, Point, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use bloc_model::{AtlasDir, LineIndex, Place, Problem, ProblemKind, ProblemList};

pub use geojson::{GeoJsonError, RawPiece};

/// Which of the two geometry files.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Detail {
    /// The overview, for whole-continent views.
    Low,
    /// The detailed geometry, for zoomed-in views and for `query`.
    High,
}

/// One piece of territory.
#[derive(Debug)]
pub struct Piece {
    /// Index of its feature in the file.
    pub index: usize,
    /// The piece id (`DEU-W`, `BER-W`, `FRA`, …).
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Drawn by hand; the outline is approximate.
    pub approximate: bool,
    /// The shape in longitude/latitude degrees.
    pub shape: MultiPolygon<f64>,
}

/// A polygon of a piece, with a containment index built on first use.
struct PolygonEntry {
    piece: usize,
    polygon: usize,
    index: OnceLock<IntervalTreeMultiPolygon<f64>>,
}

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// All the pieces of one geometry file, indexed.
pub struct Pieces {
    pieces: Vec<Piece>,
    by_id: HashMap<String, usize>,
    polygons: Vec<PolygonEntry>,
    tree: RTree<Entry>,
}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pieces")
            .field("pieces", &self.pieces.len())
            .field("polygons", &self.polygons.len())
            .finish()
    }
}

/// Polygons with fewer vertices than this are tested directly, without an index.
const INDEX_MIN_VERTICES: usize = 64;

impl Pieces {
    /// Indexes pieces; a piece id seen before is reported and the later one left out.
    pub fn new(raw: Vec<RawPiece>) -> (Self, Vec<(usize, String)>) {
        let mut pieces = Vec::with_capacity(raw.len());
        let mut by_id = HashMap::with_capacity(raw.len());
        let mut duplicates = Vec::new();
        for r in raw {
            if by_id.contains_key(&r.id) {
                duplicates.push((r.index, r.id));
                continue;
            }
            by_id.insert(r.id.clone(), pieces.len());
            pieces.push(Piece {
                index: r.index,
                id: r.id,
                name: r.name,
                approximate: r.approximate,
                shape: r.shape,
            });
        }
        let mut polygons = Vec::new();
        let mut entries = Vec::new();
        for (pi, p) in pieces.iter().enumerate() {
            for (k, poly) in p.shape.0.iter().enumerate() {
                if let Some(r) = poly.bounding_rect() {
                    let rect =
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
                    entries.push(GeomWithData::new(rect, polygons.len()));
                    polygons.push(PolygonEntry {
                        piece: pi,
                        polygon: k,
                        index: OnceLock::new(),
                    });
                }
            }
        }
        let tree = RTree::bulk_load(entries);
        (
            Pieces {
                pieces,
                by_id,
                polygons,
                tree,
            },
            duplicates,
        )
    }

    /// Reads and indexes a geometry file of an atlas, reporting every unusable feature.
    pub fn load(dir: &AtlasDir, rel: &str) -> (Self, Vec<Problem>) {
        let shown = dir.display(rel);
        let text = match dir.read(rel) {
            Ok(t) => t,
            Err(p) => return (Pieces::new(Vec::new()).0, vec![p]),
        };
        let (raw, errors) = geojson::read(&text);
        let index = LineIndex::new(&text);
        let mut problems = ProblemList::new();
        for e in errors {
            problems.push(match e {
                GeoJsonError::File {
                    offset: Some(o),
                    message,
                } => Problem::at_indexed(&shown, &text, &index, o, message),
                GeoJsonError::File {
                    offset: None,
                    message,
                } => Problem::file(&shown, message),
                GeoJsonError::Feature {
                    index: i,
                    piece,
                    offset: Some(o),
                    message,
                } => {
                    Problem::at_indexed(&shown, &text, &index, o, format!("feature {i}: {message}"))
                        .of_kind(ProblemKind::RefusedFeature(piece))
                }
                GeoJsonError::Feature {
                    index,
                    piece,
                    offset: None,
                    message,
                } => Problem::feature(&shown, index, piece.as_deref(), message)
                    .of_kind(ProblemKind::RefusedFeature(piece)),
                GeoJsonError::More(count) => Problem {
                    place: Place::More { count },
                    ..Problem::file(&shown, "")
                },
            });
        }
        let (pieces, duplicates) = Pieces::new(raw);
        for (i, id) in duplicates {
            problems.push(
                Problem::feature(
                    &shown,
                    i,
                    Some(&id),
                    "duplicate piece id (an earlier feature has it)",
                )
                .of_kind(ProblemKind::RefusedFeature(Some(id))),
            );
        }
        (pieces, problems.into_vec())
    }

    /// Every piece, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Piece> {
        self.pieces.iter()
    }

    /// How many pieces there are.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The piece with this id.
    pub fn get(&self, id: &str) -> Option<&Piece> {
        self.by_id.get(id).map(|&i| &self.pieces[i])
    }

    /// The position of a piece in file order (the feature index, for valid files).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The pieces whose shape contains the point (longitude, latitude), in file order. Pieces
    /// partition the land, so this is one piece inside a country, none at sea, and possibly two
    /// exactly on a border.
    pub fn at(&self, lon_lat: [f64; 2]) -> Vec<&Piece> {
        let coord = Coord {
            x: lon_lat[0],
            y: lon_lat[1],
        };
        let mut found: Vec<usize> = self
            .tree
            .locate_all_at_point(&lon_lat)
            .filter_map(|e| {
                let entry = &self.polygons[e.data];
                let piece = &self.pieces[entry.piece];
                let polygon = &piece.shape.0[entry.polygon];
                let inside = if polygon.exterior().0.len() < INDEX_MIN_VERTICES {
                    polygon.contains(&coord) || polygon.exterior().contains(&Point::from(coord))
                } else {
                    let index = entry.index.get_or_init(|| {
                        IntervalTreeMultiPolygon::new(&MultiPolygon(vec![polygon.clone()]))
                    });
                    index.contains(&coord) || polygon.exterior().contains(&Point::from(coord))
                };
                inside.then_some(entry.piece)
            })
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.pieces[i]).collect()
    }

    /// Pairs of pieces whose bounding boxes intersect (candidates for overlap), sorted.
    pub fn candidate_pairs(&self) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        for (i, p) in self.pieces.iter().enumerate() {
            let Some(r) = p.shape.bounding_rect() else {
                continue;
            };
            let env = AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
            for e in self.tree.locate_in_envelope_intersecting(&env) {
                let j = self.polygons[e.data].piece;
                if j > i {
                    pairs.push((i, j));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// The piece at a position in file order.
    pub fn by_position(&self, i: usize) -> &Piece {
        &self.pieces[i]
    }

    /// The bounding box of a piece.
    pub fn bounds(&self, id: &str) -> Option<Rect<f64>> {
        self.get(id).and_then(|p| p.shape.bounding_rect())
    }
}
