//! Dated lines of the map: the Berlin Wall and the fortified inner German border, read from a
//! small GeoJSON table of LineStrings (or MultiLineStrings) with `line`, `name`, `kind`, `from`,
//! `to`, `sources` and `approximate` properties.
//!
//! A line is drawn on the days of its half-open interval `[from, to)`.

use bloc_model::{AtlasDir, Day, Interval, LineIndex, Problem, ProblemList, quoted};
use serde::Deserialize;

use crate::projection::LonLat;

/// What a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// A wall (the Berlin Wall).
    Wall,
    /// A fortified border (the inner German border).
    Border,
}

/// A dated line.
#[derive(Clone, Debug)]
pub struct Line {
    /// Index of its feature in the file.
    pub index: usize,
    /// Lowercase id.
    pub id: String,
    /// What people call it.
    pub name: String,
    /// Wall or fortified border.
    pub kind: LineKind,
    /// When it stood.
    pub interval: Interval,
    /// Drawn by hand or traced along approximate outlines.
    pub approximate: bool,
    /// Who says when it stood.
    pub sources: Vec<String>,
    /// Its course: one or more polylines in degrees.
    pub parts: Vec<Vec<LonLat>>,
}

impl Line {
    /// Whether the line stands on `day`.
    pub fn stands_on(&self, day: Day) -> bool {
        self.interval.contains(day)
    }
}

#[derive(Deserialize)]
struct RawCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperties {
    line: String,
    name: String,
    kind: String,
    from: Option<String>,
    to: Option<String>,
    #[serde(default)]
    approximate: bool,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
}

/// Reads a lines file of an atlas; every unusable feature is a problem naming its index.
pub fn load(dir: &AtlasDir, rel: &str) -> (Vec<Line>, Vec<Problem>) {
    let shown = dir.display(rel);
    let text = match dir.read(rel) {
        Ok(t) => t,
        Err(p) => return (Vec::new(), vec![p]),
    };
    let collection: RawCollection = match serde_json::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            let index = LineIndex::new(&text);
            let place = format!(" at line {} column {}", e.line(), e.column());
            let message = e.to_string();
            let message = message.strip_suffix(&place).unwrap_or(&message);
            let offset = text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + e.column().saturating_sub(1);
            return (
                Vec::new(),
                vec![Problem::at_indexed(&shown, &text, &index, offset, message)],
            );
        }
    };
    if collection.kind != "FeatureCollection" {
        return (
            Vec::new(),
            vec![Problem::file(
                &shown,
                format!(
                    "type is '{}', expected 'FeatureCollection'",
                    quoted(&collection.kind)
                ),
            )],
        );
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut problems = ProblemList::new();
    for (i, feature) in collection.features.into_iter().enumerate() {
        match line(i, feature) {
            Ok(l) if lines.iter().any(|o| o.id == l.id) => problems.push(Problem::feature(
                &shown,
                i,
                Some(&l.id),
                "duplicate line id (an earlier feature has it)",
            )),
            Ok(l) => lines.push(l),
            Err((id, message)) => {
                problems.push(Problem::feature(&shown, i, id.as_deref(), message));
            }
        }
    }
    (lines, problems.into_vec())
}

/// One feature as a line, or why it is not one (with the line's id when known).
fn line(index: usize, feature: serde_json::Value) -> Result<Line, (Option<String>, String)> {
    let props = feature
        .get("properties")
        .cloned()
        .ok_or((None, "no properties".to_string()))?;
    let raw: RawProperties =
        serde_json::from_value(props).map_err(|e| (None, format!("properties: {e}")))?;
    let id = raw.line.clone();
    let fail = |m: String| (Some(id.clone()), m);
    let kind = match raw.kind.as_str() {
        "wall" => LineKind::Wall,
        "border" => LineKind::Border,
        other => {
            return Err(fail(format!(
                "kind '{}' is neither wall nor border",
                quoted(other)
            )));
        }
    };
    let day =
        |field: &str, text: &Option<String>| -> Result<Option<Day>, (Option<String>, String)> {
            match text {
                None => Ok(None),
                Some(t) => t
                    .parse::<Day>()
                    .map(Some)
                    .map_err(|e| fail(format!("'{field}': {e}"))),
            }
        };
    let interval = Interval::new(day("from", &raw.from)?, day("to", &raw.to)?);
    if interval.is_empty() {
        return Err(fail(format!(
            "the interval {interval} is reversed or empty ('to' is the first day on which the \
             line no longer stands)"
        )));
    }
    let geometry = feature
        .get("geometry")
        .ok_or_else(|| fail("no geometry".into()))?;
    let coords = geometry
        .get("coordinates")
        .ok_or_else(|| fail("geometry without coordinates".into()))?;
    let polyline = |v: &serde_json::Value| -> Option<Vec<LonLat>> {
        let points: Option<Vec<LonLat>> = v
            .as_array()?
            .iter()
            .map(|p| {
                let p = p.as_array()?;
                let (lon, lat) = (p.first()?.as_f64()?, p.get(1)?.as_f64()?);
                let inside = (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat);
                inside.then_some(LonLat { lon, lat })
            })
            .collect();
        points.filter(|p| p.len() >= 2)
    };
    let parts = match geometry.get("type").and_then(|t| t.as_str()) {
        Some("LineString") => polyline(coords).map(|p| vec![p]),
        Some("MultiLineString") => coords
            .as_array()
            .and_then(|a| a.iter().map(polyline).collect::<Option<Vec<_>>>()),
        other => {
            return Err(fail(format!(
                "geometry type {other:?}: a line is a LineString or a MultiLineString"
            )));
        }
    }
    .ok_or_else(|| {
        fail(
            "coordinates must be lines of at least two [longitude, latitude] positions within \
              -180..180, -90..90"
                .into(),
        )
    })?;
    let _ = raw.note;
    Ok(Line {
        index,
        id,
        name: raw.name,
        kind,
        interval,
        approximate: raw.approximate,
        sources: raw.sources,
        parts,
    })
}
