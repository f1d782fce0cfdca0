//! A projected outline geometry ([`MapGeometry::build_outlines`]) as bytes, so that the bundled
//! overview map can ship already projected: `bloc-atlas render` then starts without parsing
//! 1.9 MB of GeoJSON, projecting 86 000 vertices and finding shared borders. A test rebuilds it
//! from the GeoJSON and compares, so it cannot go stale (`UPDATE_PACKED=1 cargo test packed`
//! rewrites it).
//!
//! Layout, little-endian: the magic `BLOCGEO1`, the detail (0 low, 1 high), the bounds (4 × f64),
//! then counts and arrays: pieces (id, vertex range, ring range, bounds, parts), vertices
//! (2 × f32), rings (piece, start, length), neighbours (u32).

use std::ops::Range;

use super::Detail;
use super::mesh::{MapGeometry, MapRect, Part, PieceShape, Ring};
use super::projection::MapPoint;

const MAGIC: &[u8; 8] = b"BLOCGEO1";

/// Writes an outline geometry (its triangles, if any, are not kept).
pub fn pack(g: &MapGeometry) -> Vec<u8> {
    let mut out = Vec::with_capacity(g.vertices.len() * 12 + 4096);
    out.extend_from_slice(MAGIC);
    out.push(match g.detail {
        Detail::Low => 0,
        Detail::High => 1,
    });
    rect(&mut out, &g.bounds);
    u32s(&mut out, [g.pieces.len() as u32]);
    for p in &g.pieces {
        u32s(&mut out, [p.id.len() as u32]);
        out.extend_from_slice(p.id.as_bytes());
        u32s(&mut out, [p.vertices.start, p.vertices.end]);
        u32s(&mut out, [p.rings.start, p.rings.end]);
        rect(&mut out, &p.bounds);
        u32s(&mut out, [p.parts.len() as u32]);
        for part in &p.parts {
            f64s(
                &mut out,
                [
                    part.area,
                    part.centroid.x,
                    part.centroid.y,
                    part.interior.x,
                    part.interior.y,
                ],
            );
        }
    }
    u32s(&mut out, [g.vertices.len() as u32]);
    for v in &g.vertices {
        out.extend_from_slice(&v[0].to_le_bytes());
        out.extend_from_slice(&v[1].to_le_bytes());
    }
    u32s(&mut out, [g.rings.len() as u32]);
    for r in &g.rings {
        u32s(&mut out, [r.piece, r.start, r.len]);
    }
    u32s(&mut out, [g.neighbours.len() as u32]);
    u32s(&mut out, g.neighbours.iter().copied());
    out
}

/// Reads what [`pack`] wrote; `None` for anything else or anything inconsistent.
pub fn unpack(bytes: &[u8]) -> Option<MapGeometry> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return None;
    }
    let detail = match r.take(1)?[0] {
        0 => Detail::Low,
        1 => Detail::High,
        _ => return None,
    };
    let bounds = r.rect()?;
    let n = r.count(16)?;
    let mut pieces = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.count(1)?;
        let id = std::str::from_utf8(r.take(len)?).ok()?.to_string();
        let vertices = r.range()?;
        let rings = r.range()?;
        let bounds = r.rect()?;
        let parts_n = r.count(40)?;
        let mut parts = Vec::with_capacity(parts_n);
        for _ in 0..parts_n {
            let [area, cx, cy, ix, iy] = [r.f64()?, r.f64()?, r.f64()?, r.f64()?, r.f64()?];
            parts.push(Part {
                area,
                centroid: MapPoint { x: cx, y: cy },
                interior: MapPoint { x: ix, y: iy },
            });
        }
        pieces.push(PieceShape {
            id,
            vertices,
            triangles: 0..0,
            rings,
            bounds,
            parts,
        });
    }
    let nv = r.count(8)?;
    let mut vertices = Vec::with_capacity(nv);
    for _ in 0..nv {
        vertices.push([r.f32()?, r.f32()?]);
    }
    let nr = r.count(12)?;
    let mut rings = Vec::with_capacity(nr);
    for _ in 0..nr {
        let (piece, start, len) = (r.u32()?, r.u32()?, r.u32()?);
        let end = start.checked_add(len)?;
        if piece as usize >= pieces.len() || end as usize > vertices.len() {
            return None;
        }
        rings.push(Ring { piece, start, len });
    }
    let nn = r.count(4)?;
    let mut neighbours = Vec::with_capacity(nn);
    for _ in 0..nn {
        neighbours.push(r.u32()?);
    }
    let consistent = r.at == bytes.len()
        && neighbours.len() == vertices.len()
        && pieces.iter().all(|p| {
            p.vertices.start <= p.vertices.end
                && p.vertices.end as usize <= vertices.len()
                && p.rings.start <= p.rings.end
                && p.rings.end as usize <= rings.len()
        });
    consistent.then_some(MapGeometry {
        detail,
        pieces,
        vertices,
        triangles: Vec::new(),
        rings,
        neighbours,
        bounds,
        // The bundled map is checked whole when it is packed.
        undrawn: Vec::new(),
    })
}

fn u32s(out: &mut Vec<u8>, values: impl IntoIterator<Item = u32>) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn f64s(out: &mut Vec<u8>, values: impl IntoIterator<Item = f64>) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn rect(out: &mut Vec<u8>, r: &MapRect) {
    f64s(out, [r.min.x, r.min.y, r.max.x, r.max.y]);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of items of at least `size` bytes each, refused when they cannot fit.
    fn count(&mut self, size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(size)? <= self.bytes.len() - self.at).then_some(n)
    }

    fn range(&mut self) -> Option<Range<u32>> {
        Some(self.u32()?..self.u32()?)
    }

    fn rect(&mut self) -> Option<MapRect> {
        let [a, b, c, d] = [self.f64()?, self.f64()?, self.f64()?, self.f64()?];
        Some(MapRect {
            min: MapPoint { x: a, y: b },
            max: MapPoint { x: c, y: d },
        })
    }
}
