//! Whether a piece's shape is valid: rings that do not cross themselves or each other, holes
//! inside their polygon, and parts of a multipolygon that do not overlap.
//!
//! geo's `Validation` does all of this too, but takes seconds on the detailed map (Russia's
//! rings alone have tens of thousands of segments), so this checks the same conditions with an
//! R-tree of segments: O(n log n) instead of comparing every pair of segments.

use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{BoundingRect, Contains, Line, MultiPolygon, Point, Polygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;

/// Where a segment sits: its part of the multipolygon, its ring (0 is the exterior, 1.. the
/// holes) and its position along the ring.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct SegmentAt {
    part: usize,
    ring: usize,
    index: usize,
    ring_len: usize,
}

impl SegmentAt {
    /// Whether two segments are neighbours along the same ring (they share an endpoint by
    /// design).
    fn adjacent(self, other: SegmentAt) -> bool {
        if (self.part, self.ring) != (other.part, other.ring) {
            return false;
        }
        let last = self.ring_len - 1;
        self.index.abs_diff(other.index) == 1
            || (self.index == 0 && other.index == last)
            || (other.index == 0 && self.index == last)
    }
}

fn ring_name(ring: usize) -> String {
    if ring == 0 {
        "the exterior ring".to_string()
    } else {
        format!("hole {}", ring - 1)
    }
}

/// Names the rings of a crossing: "the exterior ring crosses itself", "parts 0 and 3 cross".
fn crossing(a: SegmentAt, b: SegmentAt, multi: bool) -> String {
    let part = |s: SegmentAt| {
        if multi {
            format!("part {}: ", s.part)
        } else {
            String::new()
        }
    };
    if a.part != b.part {
        format!("parts {} and {} cross", a.part, b.part)
    } else if a.ring == b.ring {
        format!("{}{} crosses itself", part(a), ring_name(a.ring))
    } else {
        format!(
            "{}{} and {} cross",
            part(a),
            ring_name(a.ring),
            ring_name(b.ring)
        )
    }
}

/// The first problem with a polygon or multipolygon, if any: a ring with fewer than three
/// distinct points, rings that cross or run along each other, a hole outside its polygon, or a
/// part lying inside another part.
pub fn multipolygon_problem(shape: &MultiPolygon<f64>) -> Option<String> {
    if shape.0.is_empty() {
        return Some("empty geometry".into());
    }
    let multi = shape.0.len() > 1;
    let mut segments = Vec::new();
    for (k, polygon) in shape.0.iter().enumerate() {
        let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (r, ring) in rings.enumerate() {
            let mut distinct: Vec<(u64, u64)> = ring
                .0
                .iter()
                .map(|p| (p.x.to_bits(), p.y.to_bits()))
                .collect();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 3 {
                let part = if multi {
                    format!("part {k}: ")
                } else {
                    String::new()
                };
                return Some(format!(
                    "{part}{} has fewer than 3 distinct points",
                    ring_name(r)
                ));
            }
            let lines: Vec<Line<f64>> = ring.lines().filter(|l| l.start != l.end).collect();
            let ring_len = lines.len();
            for (index, l) in lines.into_iter().enumerate() {
                let at = SegmentAt {
                    part: k,
                    ring: r,
                    index,
                    ring_len,
                };
                segments.push(GeomWithData::new(l, at));
            }
        }
    }
    let tree = RTree::bulk_load(segments);
    for s in tree.iter() {
        let env = rstar::RTreeObject::envelope(s.geom());
        for t in tree.locate_in_envelope_intersecting(&env) {
            let (a, b) = (s.data, t.data);
            if a >= b || a.adjacent(b) {
                continue;
            }
            match line_intersection(*s.geom(), *t.geom()) {
                Some(LineIntersection::SinglePoint {
                    is_proper: true,
                    intersection: p,
                }) => {
                    return Some(format!(
                        "{} at about ({:.5}, {:.5})",
                        crossing(a, b, multi),
                        p.x,
                        p.y
                    ));
                }
                Some(LineIntersection::Collinear { intersection: l }) if l.start != l.end => {
                    let what = crossing(a, b, multi).replace("cross", "run along");
                    let what = what.replace("run alongs itself", "runs along itself");
                    return Some(format!(
                        "{what} at about ({:.5}, {:.5})",
                        l.start.x, l.start.y
                    ));
                }
                _ => {}
            }
        }
    }
    // No rings cross, so a ring lies wholly inside or wholly outside any other: one vertex off
    // the other's boundary tells which.
    let inside = |ring: &geo::LineString<f64>, area: &Polygon<f64>| {
        ring.0
            .iter()
            .find(|c| !area.exterior().contains(&Point::from(**c)))
            .is_some_and(|c| area.contains(c))
    };
    for (k, polygon) in shape.0.iter().enumerate() {
        let outline = Polygon::new(polygon.exterior().clone(), Vec::new());
        for (h, hole) in polygon.interiors().iter().enumerate() {
            if !inside(hole, &outline) {
                let part = if multi {
                    format!("part {k}: ")
                } else {
                    String::new()
                };
                return Some(format!(
                    "{part}hole {h} is not inside the polygon's exterior ring"
                ));
            }
        }
    }
    let boxes: Vec<_> = shape.0.iter().map(|p| p.bounding_rect()).collect();
    for (i, a) in shape.0.iter().enumerate() {
        for (j, b) in shape.0.iter().enumerate() {
            let (Some(ba), Some(bb)) = (boxes[i], boxes[j]) else {
                continue;
            };
            let within = bb.min().x <= ba.min().x
                && ba.max().x <= bb.max().x
                && bb.min().y <= ba.min().y
                && ba.max().y <= bb.max().y;
            if i != j && within && inside(a.exterior(), b) {
                return Some(format!("part {i} lies inside part {j}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, polygon};

    #[test]
    fn a_square_with_a_hole_is_valid() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 2., y: 2.), (x: 4., y: 2.), (x: 4., y: 4.), (x: 2., y: 2.)]],
        );
        assert_eq!(multipolygon_problem(&MultiPolygon(vec![p.clone()])), None);
    }

    #[test]
    fn a_bowtie_crosses_itself() {
        let p = Polygon::new(
            LineString::from(vec![(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)]),
            vec![],
        );
        let problem = multipolygon_problem(&MultiPolygon(vec![p.clone()])).unwrap();
        assert_eq!(
            problem,
            "the exterior ring crosses itself at about (1.00000, 1.00000)"
        );
    }

    #[test]
    fn a_hole_outside_its_polygon_is_invalid() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 0.)],
            interiors: [[(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 5.)]],
        );
        assert!(
            multipolygon_problem(&MultiPolygon(vec![p.clone()]))
                .unwrap()
                .contains("hole 0 is not inside")
        );
    }

    #[test]
    fn degenerate_rings_are_invalid() {
        let p = Polygon::new(
            LineString::from(vec![(0., 0.), (1., 1.), (0., 0.), (0., 0.)]),
            vec![],
        );
        assert!(
            multipolygon_problem(&MultiPolygon(vec![p.clone()]))
                .unwrap()
                .contains("fewer than 3 distinct")
        );
    }

    #[test]
    fn overlapping_parts_are_invalid() {
        let a = polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.), (x: 0., y: 0.)];
        let b = polygon![(x: 1., y: 1.), (x: 3., y: 1.), (x: 3., y: 3.), (x: 1., y: 3.), (x: 1., y: 1.)];
        let c = polygon![(x: 5., y: 5.), (x: 6., y: 5.), (x: 6., y: 6.), (x: 5., y: 5.)];
        let inner = polygon![(x: 0.5, y: 0.5), (x: 1., y: 0.5), (x: 1., y: 1.), (x: 0.5, y: 0.5)];
        assert_eq!(
            multipolygon_problem(&MultiPolygon(vec![a.clone(), c])),
            None
        );
        let crossing = multipolygon_problem(&MultiPolygon(vec![a.clone(), b])).unwrap();
        assert!(crossing.starts_with("parts 0 and 1 cross"), "{crossing}");
        let nested = multipolygon_problem(&MultiPolygon(vec![a, inner])).unwrap();
        assert_eq!(nested, "part 1 lies inside part 0");
    }
}
