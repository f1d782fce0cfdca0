//! A fast, strict reader for the atlas's GeoJSON: a FeatureCollection of Polygon and
//! MultiPolygon features with a `piece` property.
//!
//! Coordinates are streamed into one flat buffer instead of a tree of JSON values, which keeps
//! loading the bundled map within its time budget. Every feature is read on its own, so one bad
//! feature is reported with its index and piece id and the others still load.

use std::collections::HashMap;
use std::fmt;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

use bloc_model::MAX_PROBLEMS_PER_FILE;

/// One feature as read: its piece id, name, flags and shape.
#[derive(Clone, Debug)]
pub struct RawPiece {
    /// Index of the feature in the file's `features`.
    pub index: usize,
    /// The `piece` property.
    pub id: String,
    /// The `name` property (the id when missing).
    pub name: String,
    /// The `approximate` property: drawn by hand.
    pub approximate: bool,
    /// The shape, in longitude/latitude degrees.
    pub shape: MultiPolygon<f64>,
}

/// What is wrong with a GeoJSON text: for the whole file, or for one feature.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoJsonError {
    /// The file as a whole is not a FeatureCollection (with the byte offset, when known).
    File {
        /// Byte offset of the error, when known.
        offset: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// One feature is unusable.
    Feature {
        /// Index in `features`.
        index: usize,
        /// Its `piece` property, when it could be read.
        piece: Option<String>,
        /// Byte offset in the file of what is wrong, when the JSON itself is (a missing field,
        /// a string where a number belongs).
        offset: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// More unusable features than are listed: how many were left out.
    More(usize),
}

#[derive(Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawFeature {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    properties: Option<HashMap<String, serde_json::Value>>,
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Option<Nested>,
}

/// Nested arrays of numbers, flattened: every number and every closing bracket, in order.
#[derive(Default)]
struct Nested {
    events: Vec<Ev>,
}

#[derive(Clone, Copy)]
enum Ev {
    Num(f64),
    /// An array at `depth` (0 = the outermost) closed after `len` elements.
    Close {
        depth: u8,
        len: u32,
    },
}

struct Walker<'a> {
    out: &'a mut Vec<Ev>,
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("nested arrays of numbers")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.out.push(Ev::Num(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.visit_f64(v as f64)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.depth;
        if depth >= 8 {
            return Err(de::Error::custom(
                "coordinates nested deeper than a MultiPolygon",
            ));
        }
        let mut len = 0u32;
        while seq
            .next_element_seed(Walker {
                out: self.out,
                depth: depth + 1,
            })?
            .is_some()
        {
            len += 1;
        }
        self.out.push(Ev::Close { depth, len });
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Nested {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut events = Vec::new();
        Walker {
            out: &mut events,
            depth: 0,
        }
        .deserialize(d)?;
        Ok(Nested { events })
    }
}

/// Rebuilds polygons from the flat events. `poly_depth` is 0 for a Polygon, 1 for a
/// MultiPolygon (where depth 0 closes the whole list).
fn polygons(events: &[Ev], poly_depth: u8) -> Result<Vec<Polygon<f64>>, String> {
    let ring_depth = poly_depth + 1;
    let pos_depth = poly_depth + 2;
    let mut polys = Vec::new();
    let mut rings: Vec<LineString<f64>> = Vec::new();
    let mut ring: Vec<Coord<f64>> = Vec::new();
    let mut nums: Vec<f64> = Vec::with_capacity(3);
    // Numbers carry no depth: a position's closing checks that exactly its own numbers came
    // before it, and every other closing checks that no loose numbers are pending.
    for (i, ev) in events.iter().enumerate() {
        match *ev {
            Ev::Num(v) => nums.push(v),
            Ev::Close { depth, len } => {
                if depth == pos_depth {
                    if nums.len() != len as usize || !(2..=3).contains(&nums.len()) {
                        return Err(format!(
                            "a position must be 2 or 3 numbers, found {} element(s)",
                            len
                        ));
                    }
                    let (x, y) = (nums[0], nums[1]);
                    if !x.is_finite() || !y.is_finite() {
                        return Err("a coordinate is not a finite number".into());
                    }
                    if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
                        return Err(format!(
                            "position [{x}, {y}] is outside longitude -180..180, latitude -90..90"
                        ));
                    }
                    ring.push(Coord { x, y });
                    nums.clear();
                } else if depth == ring_depth {
                    if !nums.is_empty() || ring.len() != len as usize {
                        return Err("a ring must be an array of positions".into());
                    }
                    if ring.len() < 4 {
                        return Err(format!(
                            "a ring needs at least 4 positions, found {}",
                            ring.len()
                        ));
                    }
                    if ring.first() != ring.last() {
                        return Err(
                            "a ring is not closed (its last position differs from its first)"
                                .into(),
                        );
                    }
                    if encloses_nothing(&ring) {
                        return Err(
                            "a ring encloses no area (its positions lie on one line)".into()
                        );
                    }
                    rings.push(LineString::new(std::mem::take(&mut ring)));
                } else if depth == poly_depth {
                    if !nums.is_empty() || !ring.is_empty() || rings.len() != len as usize {
                        return Err("a polygon must be an array of rings".into());
                    }
                    if rings.is_empty() {
                        return Err("a polygon without rings".into());
                    }
                    let mut it = std::mem::take(&mut rings).into_iter();
                    let exterior = it.next().unwrap_or_else(|| LineString::new(Vec::new()));
                    polys.push(Polygon::new(exterior, it.collect()));
                } else if poly_depth == 1 && depth == 0 && i + 1 == events.len() {
                    if !nums.is_empty() || !ring.is_empty() || !rings.is_empty() {
                        return Err("a MultiPolygon must be an array of polygons".into());
                    }
                } else {
                    return Err("coordinates are not nested as the geometry type requires".into());
                }
            }
        }
    }
    if !nums.is_empty() || !ring.is_empty() || !rings.is_empty() {
        return Err("coordinates are not nested as the geometry type requires".into());
    }
    Ok(polys)
}

/// Why a feature was refused: its piece id when known, the offset in the feature's text of a
/// JSON error, and the message.
type Refusal = (Option<String>, Option<usize>, String);

/// Whether a closed ring's positions all lie on one line (or at one point): such a ring has
/// no inside to colour or to click. (A ring that crosses itself has an inside; the validity
/// check names it.)
fn encloses_nothing(ring: &[Coord<f64>]) -> bool {
    // Relative to the first position, so that far from (0, 0) no precision is lost.
    let o = ring[0];
    let far = ring
        .iter()
        .map(|&p| p - o)
        .max_by(|a, b| (a.x * a.x + a.y * a.y).total_cmp(&(b.x * b.x + b.y * b.y)))
        .unwrap_or_default();
    let extent2 = far.x * far.x + far.y * far.y;
    ring.iter().all(|&p| {
        let d = p - o;
        (far.x * d.y - far.y * d.x).abs() <= 1e-12 * extent2
    })
}

fn feature(text: &str) -> Result<RawPiece, Refusal> {
    let raw: RawFeature = serde_json::from_str(text).map_err(|e| {
        // serde_json says where in the feature; the caller turns it into a place in the file.
        let place = format!(" at line {} column {}", e.line(), e.column());
        let message = e.to_string();
        let message = message.strip_suffix(&place).unwrap_or(&message).to_string();
        (
            None,
            line_col_to_offset(text, e.line(), e.column()),
            message,
        )
    })?;
    let props = raw.properties.unwrap_or_default();
    let id = match props.get("piece") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => {
            return Err((
                None,
                None,
                "property 'piece' must be a non-empty string".into(),
            ));
        }
        None => return Err((None, None, "no 'piece' property".into())),
    };
    let fail = |m: String| (Some(id.clone()), None, m);
    if raw.kind != "Feature" {
        return Err(fail(format!("type is '{}', expected 'Feature'", raw.kind)));
    }
    let name = match props.get("name") {
        Some(serde_json::Value::String(s)) => s.clone(),
        _ => id.clone(),
    };
    let approximate = matches!(
        props.get("approximate"),
        Some(serde_json::Value::Bool(true))
    );
    let geometry = raw
        .geometry
        .ok_or_else(|| fail("no geometry (null)".into()))?;
    let events = geometry
        .coordinates
        .map(|c| c.events)
        .ok_or_else(|| fail("geometry without coordinates".into()))?;
    let polys = match geometry.kind.as_str() {
        "Polygon" => polygons(&events, 0),
        "MultiPolygon" => polygons(&events, 1),
        other => Err(format!(
            "geometry type '{other}': only Polygon and MultiPolygon describe territory"
        )),
    }
    .map_err(fail)?;
    if polys.is_empty() {
        return Err(fail("empty geometry".into()));
    }
    Ok(RawPiece {
        index: 0,
        id,
        name,
        approximate,
        shape: MultiPolygon(polys),
    })
}

/// Reads a FeatureCollection: the usable features, and a problem for every other one.
pub fn read(text: &str) -> (Vec<RawPiece>, Vec<GeoJsonError>) {
    let collection: RawCollection = match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            let offset = line_col_to_offset(text, e.line(), e.column());
            return (
                Vec::new(),
                vec![GeoJsonError::File {
                    offset,
                    message: e.to_string(),
                }],
            );
        }
    };
    if collection.kind != "FeatureCollection" {
        return (
            Vec::new(),
            vec![GeoJsonError::File {
                offset: None,
                message: format!(
                    "type is '{}', expected 'FeatureCollection'",
                    collection.kind
                ),
            }],
        );
    }
    let mut pieces = Vec::with_capacity(collection.features.len());
    let mut errors = Vec::new();
    let mut more = 0;
    for (index, f) in collection.features.iter().enumerate() {
        match feature(f.get()) {
            Ok(p) => pieces.push(RawPiece { index, ..p }),
            Err(_) if errors.len() >= MAX_PROBLEMS_PER_FILE => more += 1,
            Err((piece, offset, message)) => {
                // The feature's text is a slice of the file: where it starts is where its
                // errors are counted from.
                let start = f.get().as_ptr() as usize - text.as_ptr() as usize;
                errors.push(GeoJsonError::Feature {
                    index,
                    piece,
                    offset: offset.map(|o| start + o),
                    message,
                });
            }
        }
    }
    if more > 0 {
        errors.push(GeoJsonError::More(more));
    }
    (pieces, errors)
}

fn line_col_to_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    Some(start + column.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(geometry: &str) -> Result<RawPiece, GeoJsonError> {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"piece":"P"}},"geometry":{geometry}}}]}}"#
        );
        let (mut ok, mut errs) = read(&text);
        match errs.pop() {
            Some(e) => Err(e),
            None => Ok(ok.remove(0)),
        }
    }

    fn message(r: Result<RawPiece, GeoJsonError>) -> String {
        match r {
            Err(GeoJsonError::Feature { message, .. }) => message,
            other => panic!("expected a feature error, got {other:?}"),
        }
    }

    #[test]
    fn reads_polygons_and_multipolygons() {
        let p = one(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.2,0.15],[0.1,0.1]]]}"#).unwrap();
        assert_eq!(p.shape.0.len(), 1);
        assert_eq!(p.shape.0[0].interiors().len(), 1);
        let m = one(r#"{"coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]],"type":"MultiPolygon"}"#).unwrap();
        assert_eq!(m.shape.0.len(), 2);
        assert_eq!(m.shape.0[1].exterior().0[0], Coord { x: 5.0, y: 5.0 });
    }

    #[test]
    fn refuses_wrong_shapes() {
        assert!(message(one(r#"{"type":"Point","coordinates":[0,0]}"#)).contains("Point"));
        assert!(
            message(one(
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#
            ))
            .contains("not closed")
        );
        assert!(
            message(one(
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#
            ))
            .contains("at least 4")
        );
        assert!(
            message(one(
                r#"{"type":"Polygon","coordinates":[[[0,0,0,0],[1,0],[1,1],[0,0]]]}"#
            ))
            .contains("2 or 3")
        );
        assert!(
            message(one(
                r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,100],[0,0]]]}"#
            ))
            .contains("outside")
        );
        assert!(
            message(one(
                r#"{"type":"MultiPolygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#
            ))
            .contains("array of positions")
        );
        assert!(message(one(r#"{"type":"Polygon","coordinates":[]}"#)).contains("without rings"));
        assert!(message(one(r#"{"type":"Polygon","coordinates":[[[[0,0]]]]}"#)).contains("nested"));
        assert!(message(one("null")).contains("no geometry"));
    }

    #[test]
    fn a_bad_file_is_one_error_with_its_place() {
        let (ok, errs) = read("{\"type\":\"FeatureCollection\",\n\"features\":[1,");
        assert!(ok.is_empty());
        assert!(matches!(
            &errs[0],
            GeoJsonError::File {
                offset: Some(_),
                ..
            }
        ));
    }
}
