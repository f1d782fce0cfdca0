//! Finding pieces that overlap each other and pieces whose geometry is invalid.
//!
//! Pieces are meant to partition the land: neighbours share borders exactly. Two pieces that
//! cover the same ground would draw one place in two colours and make `query` ambiguous.

use geo::{Area, BooleanOps, Centroid};

use super::Pieces;

/// Two pieces that cover common ground.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlap {
    /// Index (file order) of the first piece.
    pub a: usize,
    /// Index of the second.
    pub b: usize,
    /// Roughly how much ground they share, in km².
    pub area_km2: f64,
}

/// Overlaps smaller than this (in km²) are rounding noise along shared borders.
pub const OVERLAP_TOLERANCE_KM2: f64 = 0.01;

/// Square degrees to km² at a latitude (equirectangular approximation, enough for a report).
fn km2(area_deg2: f64, lat: f64) -> f64 {
    let km_per_deg = 111.32;
    area_deg2 * km_per_deg * km_per_deg * lat.to_radians().cos().abs()
}

/// Every pair of pieces sharing more than [`OVERLAP_TOLERANCE_KM2`] of ground.
pub fn overlaps(pieces: &Pieces) -> Vec<Overlap> {
    let mut out = Vec::new();
    for (a, b) in pieces.candidate_pairs() {
        let (pa, pb) = (pieces.by_position(a), pieces.by_position(b));
        let common = pa.shape.intersection(&pb.shape);
        let deg2 = common.unsigned_area();
        if deg2 == 0.0 {
            continue;
        }
        let lat = common.centroid().map_or(0.0, |c| c.y());
        let area_km2 = km2(deg2, lat);
        if area_km2 > OVERLAP_TOLERANCE_KM2 {
            out.push(Overlap { a, b, area_km2 });
        }
    }
    out
}

/// For each invalid piece: its index and what is wrong (rings that cross, holes outside their
/// polygon, parts that overlap, …).
pub fn invalid(pieces: &Pieces) -> Vec<(usize, String)> {
    pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            super::validity::multipolygon_problem(&p.shape)
                .map(|m| (i, format!("invalid geometry: {m}")))
        })
        .collect()
}
