//! Tours: a lecturer's sequence of stops (a date, a view, highlighted units, an excerpt and a
//! caption), read from and written to a small TOML file. No egui in here.
//!
//! ```toml
//! format = 1
//! title = "The Soviet note of 1954"
//!
//! [[stop]]
//! date = "1954-03-31"
//! centre = [20.0, 52.0]   # longitude, latitude (optional)
//! zoom = 1.5              # 1 = Europe whole, 2 = twice as close (optional)
//! highlight = ["SUN"]     # unit ids outlined (optional)
//! excerpt = "seed-note-sent"  # an excerpt id (optional)
//! caption = "Moscow proposes to join NATO."
//! ```
//!
//! Loading never panics: a file that is not a tour, or is from a newer format, gives one
//! [`Problem`] naming the file and the place. References to the atlas (unit and excerpt ids,
//! dates outside its coverage) are checked separately by [`Tour::check`], so that a tour made
//! for a richer atlas still opens.

use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::{Atlas, Day, Problem};

/// The tour file format this version writes, and the newest it reads: 2 added a stop's
/// `layer`. A tour without layers is written as format 1, which older versions read.
pub const FORMAT: u32 = 2;

/// The largest tour file read (a tour with thousands of stops is far smaller).
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The closest and farthest zoom a stop may ask for (1 = Europe whole).
pub const ZOOM_RANGE: std::ops::RangeInclusive<f64> = 0.2..=400.0;

/// A tour: a title and its stops, in order.
///
/// A tour read from a file remembers the file's text, so that saving it again changes only
/// what was edited: the user's comments, the order of keys and the layout stay (see
/// [`Tour::to_toml`]). Two tours are equal when their titles and stops are.
#[derive(Clone, Debug, Default)]
pub struct Tour {
    /// Shown in the tour panel and the window title.
    pub title: String,
    /// The stops, in the order presented.
    pub stops: Vec<Stop>,
    /// The text the tour was read from.
    source: Option<String>,
}

impl PartialEq for Tour {
    fn eq(&self, other: &Tour) -> bool {
        self.title == other.title && self.stops == other.stops
    }
}

/// One stop of a tour. Two stops are equal when everything but their [`Stop::origin`] is.
#[derive(Clone, Debug)]
pub struct Stop {
    /// The day shown.
    pub date: Day,
    /// Where the map looks; `None` keeps the current view.
    pub view: Option<StopView>,
    /// Units outlined, by id.
    pub highlight: Vec<String>,
    /// The excerpt shown in the caption strip, by id.
    pub excerpt: Option<String>,
    /// The lecturer's own words for this stop.
    pub caption: String,
    /// The layer the map shows at this stop (`alignment` or an organisation's id); `None` keeps
    /// the layer shown.
    pub layer: Option<String>,
    /// Which `[[stop]]` of the file it was read from (0-based): saving keeps that table's
    /// comments and layout. `None` for a stop made in the window.
    pub origin: Option<usize>,
}

impl PartialEq for Stop {
    fn eq(&self, other: &Stop) -> bool {
        self.date == other.date
            && self.view == other.view
            && self.highlight == other.highlight
            && self.excerpt == other.excerpt
            && self.caption == other.caption
            && self.layer == other.layer
    }
}

/// A stop's view: the centre in degrees and a zoom relative to the whole of Europe.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StopView {
    /// Longitude of the centre, degrees east.
    pub lon: f64,
    /// Latitude of the centre, degrees north.
    pub lat: f64,
    /// 1 shows Europe whole; 2 is twice as close.
    pub zoom: f64,
}

#[derive(Deserialize)]
struct FormatOnly {
    format: Option<Spanned<toml::Value>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TourFile {
    format: u32,
    #[serde(default)]
    title: String,
    #[serde(default, rename = "stop")]
    stops: Vec<Spanned<StopFile>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StopFile {
    date: Spanned<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    centre: Option<Spanned<[f64; 2]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zoom: Option<Spanned<f64>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    highlight: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    excerpt: Option<String>,
    #[serde(default)]
    caption: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    layer: Option<String>,
}

/// Where the bundled tour lives in the repository (and how problems with it are named).
pub const BUNDLED_PATH: &str = "assets/tours/soviet-note-1954.toml";
const BUNDLED: &str = include_str!("../../../assets/tours/soviet-note-1954.toml");

/// Every tour that comes with the atlas, by its path in the repository: the seed article's
/// story first, then the overview of the whole period.
pub const BUNDLED_TOURS: [(&str, &str); 2] = [
    (BUNDLED_PATH, BUNDLED),
    (
        "assets/tours/europe-divided.toml",
        include_str!("../../../assets/tours/europe-divided.toml"),
    ),
];

impl Tour {
    /// The tour that comes with the atlas: the story of the seed article.
    pub fn bundled() -> Result<Tour, Problem> {
        Tour::parse(BUNDLED, BUNDLED_PATH)
    }

    /// The `index`th tour of [`BUNDLED_TOURS`] (the first for an index out of range).
    pub fn bundled_number(index: usize) -> Result<Tour, Problem> {
        let (path, text) = BUNDLED_TOURS.get(index).unwrap_or(&BUNDLED_TOURS[0]);
        Tour::parse(text, path)
    }

    /// The atlas's events as stops, in date order: what presentation mode steps through when no
    /// tour is open. Each stop shows the event's units and the first excerpt of its day.
    pub fn from_events(atlas: &Atlas) -> Tour {
        let mut events: Vec<_> = atlas.events.iter().collect();
        events.sort_by_key(|e| e.date);
        let stops = events
            .into_iter()
            .map(|e| Stop {
                date: e.date,
                view: None,
                highlight: e.units.clone(),
                excerpt: atlas
                    .excerpts
                    .iter()
                    .find(|x| x.date == e.date)
                    .map(|x| x.id.clone()),
                caption: e.title.clone(),
                layer: None,
                origin: None,
            })
            .collect();
        Tour {
            title: format!("Events of {}", atlas.title),
            stops,
            source: None,
        }
    }

    /// Reads a tour from TOML text; `file` names it in problems.
    pub fn parse(text: &str, file: &str) -> Result<Tour, Problem> {
        // The format number first, so that a newer file is named as such rather than as a
        // list of unknown fields.
        let format = match toml::from_str::<FormatOnly>(text) {
            Ok(f) => f.format,
            Err(e) => return Err(toml_problem(file, text, &e)),
        };
        let Some(format) = format else {
            return Err(Problem::file(
                file,
                "not a Bloc Atlas tour: it has no `format = 1` line",
            ));
        };
        match format.get_ref().as_integer() {
            Some(n) if (1..=i64::from(FORMAT)).contains(&n) => {}
            Some(n) if n > i64::from(FORMAT) => {
                return Err(Problem::at_offset(
                    file,
                    text,
                    format.span().start,
                    format!(
                        "this tour was written by a newer Bloc Atlas (tour format {n}); \
                         this version reads formats up to {FORMAT}: update Bloc Atlas to open it"
                    ),
                ));
            }
            _ => {
                return Err(Problem::at_offset(
                    file,
                    text,
                    format.span().start,
                    format!("`format` must be 1 or {FORMAT}"),
                ));
            }
        }
        let raw: TourFile = toml::from_str(text).map_err(|e| toml_problem(file, text, &e))?;
        let mut stops = Vec::with_capacity(raw.stops.len());
        for stop in raw.stops {
            let origin = stops.len();
            stops.push(stop.into_inner().into_stop(file, text, origin)?);
        }
        Ok(Tour {
            title: raw.title,
            stops,
            source: Some(text.to_string()),
        })
    }

    /// Reads a tour file.
    pub fn load(path: &Path) -> Result<Tour, Problem> {
        let file = path.display().to_string();
        let bytes = crate::read_regular(path, MAX_BYTES, "a tour")
            .map_err(|why| Problem::file(&file, format!("cannot read the tour: {why}")))?;
        let text = crate::utf8(&file, bytes)?;
        Tour::parse(&text, &file)
    }

    /// An empty tour with a title.
    pub fn new(title: impl Into<String>) -> Tour {
        Tour {
            title: title.into(),
            ..Tour::default()
        }
    }

    /// The tour as TOML text, in the current format. A tour read from a file is written as that
    /// file edited: the title and the stops that changed are updated, stops added, removed or
    /// moved, and everything else — comments, key order, spacing — is kept as the user wrote
    /// it (`toml_edit`).
    pub fn to_toml(&self) -> String {
        match self
            .source
            .as_deref()
            .and_then(|s| s.parse::<toml_edit::DocumentMut>().ok())
        {
            Some(mut doc) => {
                self.edit(&mut doc);
                doc.to_string()
            }
            None => self.fresh_toml(),
        }
    }

    /// Brings a parsed copy of the file up to date with the tour.
    fn edit(&self, doc: &mut toml_edit::DocumentMut) {
        use toml_edit::{ArrayOfTables, Item};
        let written = doc.get("format").and_then(toml_edit::Item::as_integer);
        let format = written.unwrap_or(1).max(i64::from(self.format_needed()));
        set_field(doc.as_table_mut(), "format", Some(format.into()));
        let title = (!self.title.is_empty() || doc.contains_key("title"))
            .then(|| self.title.as_str().into());
        set_field(doc.as_table_mut(), "title", title);
        let old: Vec<toml_edit::Table> = doc
            .get("stop")
            .and_then(Item::as_array_of_tables)
            .map(|a| a.iter().cloned().collect())
            .unwrap_or_default();
        // Tables are written in the order of their positions in the document: give the stops
        // theirs, in the tour's order, from where the first one was.
        let first = old.iter().filter_map(toml_edit::Table::position).min();
        let mut stops = ArrayOfTables::new();
        for (k, stop) in self.stops.iter().enumerate() {
            let mut table = stop
                .origin
                .and_then(|i| old.get(i).cloned())
                .unwrap_or_default();
            stop.write_into(&mut table);
            table.set_position(first.map(|f| f + k as isize));
            stops.push(table);
        }
        if stops.is_empty() {
            doc.remove("stop");
        } else {
            doc.insert("stop", Item::ArrayOfTables(stops));
        }
    }

    /// A new file for the tour, written from nothing.
    fn fresh_toml(&self) -> String {
        let file = TourFile {
            format: self.format_needed(),
            title: self.title.clone(),
            stops: self
                .stops
                .iter()
                .map(|s| {
                    Spanned::new(
                        0..0,
                        StopFile {
                            date: Spanned::new(0..0, s.date.to_string()),
                            centre: s.view.map(|v| Spanned::new(0..0, [v.lon, v.lat])),
                            zoom: s.view.map(|v| Spanned::new(0..0, v.zoom)),
                            highlight: s.highlight.clone(),
                            excerpt: s.excerpt.clone(),
                            caption: s.caption.clone(),
                            layer: s.layer.clone(),
                        },
                    )
                })
                .collect(),
        };
        let body = toml::to_string_pretty(&file).unwrap_or_else(|e| {
            // Serialising plain strings and numbers cannot fail; say so in the file if it did.
            format!("# cannot write this tour: {e}\nformat = {FORMAT}\n")
        });
        format!("# A Bloc Atlas tour: see docs/tours.md for the format.\n{body}")
    }

    /// The oldest format that holds the tour: 2 when a stop sets a layer, else 1.
    pub fn format_needed(&self) -> u32 {
        if self.stops.iter().any(|s| s.layer.is_some()) {
            FORMAT
        } else {
            1
        }
    }

    /// The tour with the text it was read from forgotten: saved as a new file would be.
    pub fn without_source(mut self) -> Tour {
        self.source = None;
        for s in &mut self.stops {
            s.origin = None;
        }
        self
    }

    /// Writes the tour to a file: to a temporary file next to it, then renamed over it, so that
    /// the file on disk is always the old tour or the new one.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        crate::save::write_atomically(path, self.to_toml().as_bytes())
    }

    /// What in the tour the atlas does not know: unknown unit or excerpt ids and dates outside
    /// its coverage (before its start, or after `today`), each naming the stop (1-based).
    pub fn check(&self, atlas: &Atlas, file: &str, today: Day) -> Vec<Problem> {
        let mut problems = crate::ProblemList::new();
        let units: std::collections::HashSet<&str> =
            atlas.units.iter().map(|u| u.id.as_str()).collect();
        let excerpts: std::collections::HashSet<&str> =
            atlas.excerpts.iter().map(|x| x.id.as_str()).collect();
        for (i, stop) in self.stops.iter().enumerate() {
            let n = i + 1;
            if stop.date > today {
                problems.push(Problem::file(
                    file,
                    format!("stop {n}: {} is after today ({today})", stop.date),
                ));
            }
            if stop.date < atlas.coverage_from {
                problems.push(Problem::file(
                    file,
                    format!(
                        "stop {n}: {} is before the atlas begins ({})",
                        stop.date, atlas.coverage_from
                    ),
                ));
            }
            for id in &stop.highlight {
                if !units.contains(id.as_str()) {
                    problems.push(Problem::file(
                        file,
                        format!("stop {n}: no unit has the id {:?}", crate::quoted(id)),
                    ));
                }
            }
            if let Some(id) = &stop.layer
                && id != "alignment"
                && atlas.organisation(id).is_none()
            {
                problems.push(Problem::file(
                    file,
                    format!(
                        "stop {n}: no layer has the id {:?} (see bloc-atlas layers)",
                        crate::quoted(id)
                    ),
                ));
            }
            if let Some(id) = &stop.excerpt
                && !excerpts.contains(id.as_str())
            {
                problems.push(Problem::file(
                    file,
                    format!("stop {n}: no excerpt has the id {:?}", crate::quoted(id)),
                ));
            }
        }
        problems.into_vec()
    }
}

impl StopFile {
    /// The stop this table describes, or the problem with it (at its place in the file).
    fn into_stop(self, file: &str, text: &str, origin: usize) -> Result<Stop, Problem> {
        let at = |offset: usize, message: String| Problem::at_offset(file, text, offset, message);
        let date: Day = self
            .date
            .get_ref()
            .parse()
            .map_err(|e| at(self.date.span().start, format!("bad `date`: {e}")))?;
        let view = match (self.centre, self.zoom) {
            (None, None) => None,
            (Some(c), zoom) => {
                let [lon, lat] = *c.get_ref();
                if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
                    return Err(at(
                        c.span().start,
                        format!("`centre` longitude {lon} is not between -180 and 180"),
                    ));
                }
                if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
                    return Err(at(
                        c.span().start,
                        format!("`centre` latitude {lat} is not between -90 and 90"),
                    ));
                }
                let zoom = match zoom {
                    Some(z) => {
                        let v = *z.get_ref();
                        if !ZOOM_RANGE.contains(&v) {
                            return Err(at(
                                z.span().start,
                                format!(
                                    "`zoom` {v} is not between {} and {}",
                                    ZOOM_RANGE.start(),
                                    ZOOM_RANGE.end()
                                ),
                            ));
                        }
                        v
                    }
                    None => 1.0,
                };
                Some(StopView { lon, lat, zoom })
            }
            (None, Some(z)) => {
                return Err(at(
                    z.span().start,
                    "`zoom` needs a `centre = [longitude, latitude]`".into(),
                ));
            }
        };
        Ok(Stop {
            date,
            view,
            highlight: self.highlight,
            excerpt: self.excerpt,
            caption: self.caption,
            layer: self.layer,
            origin: Some(origin),
        })
    }
}

impl Stop {
    /// Writes the stop's fields into a `[[stop]]` table, changing only those that differ.
    fn write_into(&self, table: &mut toml_edit::Table) {
        let strings = |v: &[String]| {
            let mut a = toml_edit::Array::new();
            for s in v {
                a.push(s.as_str());
            }
            toml_edit::Value::Array(a)
        };
        set_field(table, "date", Some(self.date.to_string().into()));
        let centre = self.view.map(|v| {
            let mut a = toml_edit::Array::new();
            a.push(v.lon);
            a.push(v.lat);
            toml_edit::Value::Array(a)
        });
        set_field(table, "centre", centre);
        set_field(table, "zoom", self.view.map(|v| v.zoom.into()));
        let highlight = (!self.highlight.is_empty()).then(|| strings(&self.highlight));
        set_field(table, "highlight", highlight);
        set_field(table, "excerpt", self.excerpt.as_deref().map(Into::into));
        let caption = (!self.caption.is_empty() || table.contains_key("caption"))
            .then(|| self.caption.as_str().into());
        set_field(table, "caption", caption);
        set_field(table, "layer", self.layer.as_deref().map(Into::into));
    }
}

/// Sets a key of a table to a value, or removes it (`None`). A value equal to the one there is
/// left alone, written as the user wrote it; a changed one keeps the comments around it.
fn set_field(table: &mut toml_edit::Table, key: &str, value: Option<toml_edit::Value>) {
    let Some(mut value) = value else {
        table.remove(key);
        return;
    };
    if let Some(old) = table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        if same_value(old, &value) {
            return;
        }
        *value.decor_mut() = old.decor().clone();
        *old = value;
        return;
    }
    table.insert(key, toml_edit::Item::Value(value));
}

/// Whether two TOML values mean the same (whatever their spacing, quoting or number spelling).
fn same_value(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    use toml_edit::Value;
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            *x.value() as f64 == *y.value()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_value(p, q))
        }
        _ => false,
    }
}

fn toml_problem(file: &str, text: &str, e: &toml::de::Error) -> Problem {
    let offset = e.span().map_or(0, |s| s.start);
    let message = e.message().trim().to_string();
    Problem::at_offset(file, text, offset, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn a_tour_survives_writing_and_reading() {
        let tour = Tour {
            title: "Two \"stops\"".into(),
            stops: vec![
                Stop {
                    date: day("1954-03-31"),
                    view: Some(StopView {
                        lon: 13.404954,
                        lat: 52.520008,
                        zoom: 2.75,
                    }),
                    highlight: vec!["SUN".into(), "USA".into()],
                    excerpt: Some("seed-note-sent".into()),
                    caption: "Line one\nline two — with ünïcode".into(),
                    layer: Some("comecon".into()),
                    origin: None,
                },
                Stop {
                    date: day("1991-12-26"),
                    view: None,
                    highlight: vec![],
                    excerpt: None,
                    caption: String::new(),
                    layer: None,
                    origin: None,
                },
            ],
            ..Tour::default()
        };
        let text = tour.to_toml();
        assert_eq!(Tour::parse(&text, "t.toml").unwrap(), tour);
    }

    #[test]
    fn newer_and_broken_files_are_named() {
        let newer = Tour::parse("format = 3\n[[stop]]\ndate = \"1954-03-31\"\n", "new.toml")
            .unwrap_err()
            .to_string();
        assert!(newer.starts_with("new.toml:1:10: "), "{newer}");
        assert!(newer.contains("newer Bloc Atlas"), "{newer}");

        let bad_date = Tour::parse("format = 1\n\n[[stop]]\ndate = \"1954-02-30\"\n", "d.toml")
            .unwrap_err()
            .to_string();
        assert!(bad_date.starts_with("d.toml:4:8: bad `date`"), "{bad_date}");

        let typo = Tour::parse(
            "format = 1\n[[stop]]\ndate = \"1954-03-31\"\ncaptoin = \"x\"\n",
            "t.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(typo.starts_with("t.toml:4:1: "), "{typo}");
        assert!(typo.contains("captoin"), "{typo}");

        let none = Tour::parse("title = \"x\"\n", "n.toml")
            .unwrap_err()
            .to_string();
        assert!(none.contains("no `format = 1`"), "{none}");

        let syntax = Tour::parse("format = 1\n[[stop]\n", "s.toml")
            .unwrap_err()
            .to_string();
        assert!(syntax.starts_with("s.toml:2:"), "{syntax}");

        let zoom = Tour::parse(
            "format = 1\n[[stop]]\ndate = \"1954-03-31\"\ncentre = [10.0, 50.0]\nzoom = 0.0\n",
            "z.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            zoom.starts_with("z.toml:5:8: `zoom` 0 is not between"),
            "{zoom}"
        );

        let lat = Tour::parse(
            "format = 1\n[[stop]]\ndate = \"1954-03-31\"\ncentre = [10.0, 95.0]\n",
            "l.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(lat.contains("latitude 95"), "{lat}");
    }
}
