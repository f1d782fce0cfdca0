//! Reading an atlas folder into a validated [`Atlas`], reporting every problem with its file
//! and line, and keeping every row that is valid.
//!
//! Each table file is parsed row by row: a row that is malformed (unknown field, bad date,
//! unknown id, reversed interval, overlap with an earlier row) is reported and left out, and
//! the rest of the atlas loads. Rows that are usable but incomplete (no source, an unknown
//! source id) are reported and kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::atlas::{
    Alternative, Atlas, Dating, Event, Excerpt, GeometryPaths, Membership, NameSpan, Source,
    SourceKind, Territory, Unit, UnitKind,
};
use super::atlas::{EventKind, EventPlace};
use super::{
    AtlasDir, Bloc, Day, Interval, LineIndex, Place, Problem, ProblemKind, ProblemList, Status,
    problem::tidy, quoted,
};
use super::{MemberStatus, OrgMembership, Organisation};

/// An atlas and the problems found while reading it.
#[derive(Debug)]
pub struct Loaded {
    /// Everything that was valid.
    pub atlas: Atlas,
    /// Everything that was not, in file order.
    pub problems: Vec<Problem>,
    /// Table files that could not be read at all (missing, not UTF-8, bad TOML syntax).
    pub unreadable: Vec<String>,
    /// How many unit, context and source rows were refused (their problems are listed).
    pub rejected: usize,
}

/// Where each kept row came from, for problems found later (geometry, integrity).
#[derive(Clone, Debug, Default)]
pub struct Places {
    /// Per unit id.
    pub units: HashMap<String, Problem>,
    /// Per territory row, in [`Atlas::territories`] order.
    pub territories: Vec<Problem>,
}

impl Places {
    /// A problem at the place of a unit.
    pub fn at_unit(&self, unit: &str, message: String) -> Problem {
        match self.units.get(unit) {
            Some(p) => Problem {
                message: tidy(message),
                ..p.clone()
            },
            None => Problem::file("units.toml", message),
        }
    }

    /// A problem at the place of a territory row.
    pub fn at_territory(&self, index: usize, message: String) -> Problem {
        match self.territories.get(index) {
            Some(p) => Problem {
                message: tidy(message),
                ..p.clone()
            },
            None => Problem::file("territories.toml", message),
        }
    }
}

/// One row of a table file, with its place. Its table is handed over (not copied) when the row
/// is parsed.
struct Row {
    table: std::cell::Cell<Option<toml::Table>>,
    /// The row's `id`, if it has a string one (even when the row is otherwise unusable).
    id: Option<String>,
    /// Where the row starts in its file: turned into a line and column only for a problem.
    offset: usize,
    file: std::rc::Rc<TableFile>,
}

/// A table file whose rows are being read: its name as shown, its text and the index of its
/// lines.
struct TableFile {
    shown: String,
    text: std::borrow::Cow<'static, str>,
    index: LineIndex,
}

/// Reads `rel` and splits it into its `[[key]]` rows, reporting syntax errors and strays.
/// `None` when the file as a whole could not be read.
fn read_rows(dir: &AtlasDir, rel: &str, key: &str, problems: &mut ProblemList) -> Option<Vec<Row>> {
    let shown = dir.display(rel);
    let text = match dir.read(rel) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    type Tables = BTreeMap<String, Spanned<Vec<Spanned<toml::Value>>>>;
    let top: Tables = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let message = e.message().trim().to_string();
            problems.push(Problem::at_offset(&shown, &text, offset, message));
            return None;
        }
    };
    let file = std::rc::Rc::new(TableFile {
        index: LineIndex::new(&text),
        shown,
        text,
    });
    let mut rows = Vec::new();
    for (name, list) in top {
        if name != key {
            problems.push(Problem::at_indexed(
                &file.shown,
                &file.text,
                &file.index,
                list.span().start,
                format!(
                    "unknown table '{}' (this file holds [[{key}]] rows)",
                    quoted(&name)
                ),
            ));
            continue;
        }
        for row in list.into_inner() {
            let offset = row.span().start;
            match row.into_inner() {
                toml::Value::Table(table) => rows.push(Row {
                    id: table.get("id").and_then(|v| v.as_str()).map(str::to_string),
                    table: std::cell::Cell::new(Some(table)),
                    offset,
                    file: file.clone(),
                }),
                _ => problems.push(Problem::at_indexed(
                    &file.shown,
                    &file.text,
                    &file.index,
                    offset,
                    format!("each '{key}' entry must be a table"),
                )),
            }
        }
    }
    Some(rows)
}

impl Row {
    /// The row's `id`, if it has a string one (even when the row is otherwise unusable).
    fn id(&self) -> Option<String> {
        self.id.clone()
    }

    fn problem(&self, message: impl Into<String>) -> Problem {
        let f = &self.file;
        Problem::at_indexed(&f.shown, &f.text, &f.index, self.offset, message)
    }

    /// The unit a row names, or the problem that it names none.
    fn unit<'u>(
        &self,
        what: &str,
        id: &str,
        units: &'u [Unit],
        unit_index: &HashMap<String, usize>,
    ) -> Result<&'u Unit, Problem> {
        unit_index.get(id).map(|&i| &units[i]).ok_or_else(|| {
            self.problem(format!("{what}: unknown unit '{}'", quoted(id)))
                .of_kind(ProblemKind::UnknownUnit(id.to_string()))
        })
    }

    /// The row's place, for problems found later.
    fn place(&self) -> Problem {
        self.problem(String::new())
    }

    /// Deserializes the row (once: its table is used up), refusing fields that are not in
    /// `allowed`.
    fn parse<T: DeserializeOwned>(&self, what: &str, allowed: &[&str]) -> Result<T, Problem> {
        let table = self.table.take().unwrap_or_default();
        // Name the row by its id (or its unit) when it has one: only a problem needs it.
        let named = || {
            let id = self
                .id
                .as_deref()
                .map(|id| quoted(id).into_owned())
                .or_else(|| {
                    table
                        .get("unit")
                        .and_then(|v| v.as_str())
                        .map(|u| format!("of {}", quoted(u)))
                });
            id.map_or_else(|| what.to_string(), |id| format!("{what} {id}"))
        };
        if let Some(unknown) = table.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(self.problem(format!(
                "{}: unknown field '{}' (allowed: {})",
                named(),
                quoted(unknown),
                allowed.join(", ")
            )));
        }
        let what = named();
        T::deserialize(toml::Value::Table(table))
            .map_err(|e| self.problem(format!("{what}: {}", e.message().trim())))
    }

    /// Parses an optional date field.
    fn day(&self, what: &str, field: &str, text: &Option<String>) -> Result<Option<Day>, Problem> {
        match text {
            None => Ok(None),
            Some(t) => t
                .parse::<Day>()
                .map(Some)
                .map_err(|e| self.problem(format!("{what}: '{field}': {e}"))),
        }
    }

    /// Parses `from`/`to` into an interval, refusing reversed and empty ones.
    fn interval(
        &self,
        what: &str,
        from: &Option<String>,
        to: &Option<String>,
    ) -> Result<Interval, Problem> {
        let interval = Interval::new(self.day(what, "from", from)?, self.day(what, "to", to)?);
        if interval.is_empty() {
            return Err(self.problem(format!(
                "{what}: the interval {interval} is reversed or empty (intervals are [from, to): \
                 'to' is the first day on which it no longer holds)"
            )));
        }
        Ok(interval)
    }
}

#[derive(Deserialize)]
struct RawAlternative {
    field: String,
    date: String,
    why: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize, Default)]
struct RawDating {
    why: Option<String>,
    #[serde(default)]
    alternatives: Vec<RawAlternative>,
    #[serde(default)]
    uncertain: bool,
}

const DATING_FIELDS: [&str; 3] = ["why", "alternatives", "uncertain"];

fn with_dating(fields: &[&'static str]) -> Vec<&'static str> {
    fields.iter().chain(DATING_FIELDS.iter()).copied().collect()
}

impl Row {
    /// An id of a table whose ids are lowercase (sources, events, excerpts), or why it is not.
    fn lower_id(&self, what: &str, id: &str) -> Result<(), Problem> {
        if is_lower_id(id) {
            Ok(())
        } else {
            Err(self.problem(format!(
                "{what}: ids are made of lowercase letters, digits and '-', starting with a letter \
                 or digit"
            )))
        }
    }

    fn dating(&self, what: &str, raw: RawDating) -> Result<Dating, Problem> {
        let mut alternatives = Vec::new();
        for a in raw.alternatives {
            let date = a
                .date
                .parse::<Day>()
                .map_err(|e| self.problem(format!("{what}: alternative date: {e}")))?;
            if !["from", "to", "date"].contains(&a.field.as_str()) {
                return Err(self.problem(format!(
                    "{what}: alternative for unknown field '{}' (from, to or date)",
                    a.field
                )));
            }
            alternatives.push(Alternative {
                field: a.field,
                date,
                why: a.why,
                sources: a.sources,
            });
        }
        Ok(Dating {
            why: raw.why,
            alternatives,
            uncertain: raw.uncertain,
        })
    }
}

#[derive(Deserialize)]
struct RawMeta {
    atlas: RawAtlasTable,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAtlasTable {
    title: String,
    coverage_from: Option<String>,
    /// `"bundled"`: this atlas adds rows to the bundled one.
    extends: Option<String>,
    geometry_low: Option<String>,
    geometry_high: Option<String>,
    /// GeoJSON LineStrings with dates: walls and fortified borders.
    lines: Option<String>,
}

#[derive(Deserialize)]
struct RawSource {
    id: String,
    title: String,
    author: String,
    published: Option<String>,
    url: Option<String>,
    archive: Option<String>,
    kind: String,
}

#[derive(Deserialize)]
struct RawName {
    name: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Deserialize)]
struct RawUnit {
    id: String,
    name: String,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    #[serde(default)]
    names: Vec<RawName>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawTerritory {
    unit: String,
    pieces: Vec<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawMembership {
    unit: String,
    bloc: String,
    from: Option<String>,
    to: Option<String>,
    status: Option<String>,
    detail: Option<String>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    date: String,
    to: Option<String>,
    title: String,
    kind: Option<String>,
    place: Option<RawPlace>,
    short: Option<String>,
    #[serde(default)]
    units: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawExcerpt {
    id: String,
    source: String,
    date: String,
    to: Option<String>,
    #[serde(default)]
    units: Vec<String>,
    text: String,
    editorial: Option<String>,
    #[serde(default)]
    editorial_sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: String,
    lon: f64,
    lat: f64,
}

#[derive(Deserialize)]
struct RawOrganisation {
    id: String,
    name: String,
    short: Option<String>,
    kind: String,
    from: Option<String>,
    to: Option<String>,
    palette: Option<u8>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawMember {
    organisation: String,
    unit: String,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    detail: Option<String>,
    note: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(flatten)]
    dating: RawDating,
}

#[derive(Deserialize)]
struct RawContext {
    id: String,
    name: String,
}

/// Capital letters, digits and '-', starting with a letter or digit (`-` and `--` are not ids:
/// a command line would read them as options).
fn is_unit_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        && id.len() <= 12
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Lowercase letters, digits and '-', starting with a letter or digit.
fn is_lower_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Loads an atlas, keeping what is valid and reporting the rest.
///
/// Each table is read the same way — its rows ([`read_rows`]), each parsed into its raw form
/// with the fields it may have ([`Row::parse`]), then checked against what is already loaded —
/// and only the checks differ: they are the table's own rules, so each table has its reader
/// (`sources`, `units`, `context`, `territories`, `memberships`, `events`, `excerpts`) rather than
/// one generic reader with a dozen hooks.
pub fn load(dir: &AtlasDir) -> Loaded {
    Loader::new(dir).run()
}

struct Loader<'a> {
    dir: &'a AtlasDir,
    /// The atlas this one extends: its rows come first, and a table this one lacks is fine.
    base: Option<AtlasDir>,
    problems: ProblemList,
    /// Table files that could not be read at all.
    unreadable: Vec<String>,
    /// Ids of unit, context and source rows that were refused: references to them are not
    /// reported again (their row's problem is the cause).
    rejected: HashSet<String>,
}

impl<'a> Loader<'a> {
    fn new(dir: &'a AtlasDir) -> Self {
        Loader {
            dir,
            base: None,
            rejected: HashSet::new(),
            problems: ProblemList::new(),
            unreadable: Vec::new(),
        }
    }

    /// The rows of a table file; remembers files that could not be read at all. An atlas that
    /// extends another gets the other's rows first, and may leave a table out.
    /// The rows of a table an atlas may leave out (a missing file is no problem).
    fn optional_rows(&mut self, rel: &str, key: &str) -> Vec<Row> {
        let mut rows = Vec::new();
        if let Some(base) = &self.base
            && base.exists(rel)
        {
            rows = read_rows(base, rel, key, &mut self.problems).unwrap_or_default();
        }
        if self.dir.exists(rel) {
            match read_rows(self.dir, rel, key, &mut self.problems) {
                Some(mine) => rows.extend(mine),
                None => self.unreadable.push(rel.to_string()),
            }
        }
        rows
    }

    fn rows(&mut self, rel: &str, key: &str) -> Vec<Row> {
        let mut rows = Vec::new();
        if let Some(base) = &self.base {
            rows = read_rows(base, rel, key, &mut self.problems).unwrap_or_default();
            if !self.dir.exists(rel) {
                return rows;
            }
        }
        match read_rows(self.dir, rel, key, &mut self.problems) {
            Some(mine) => rows.extend(mine),
            None => self.unreadable.push(rel.to_string()),
        }
        rows
    }

    fn meta(&mut self) -> (String, Day, GeometryPaths) {
        let fallback_day = Some(Day::COVERAGE_FROM);
        let mut title = "Untitled atlas".to_string();
        let mut coverage = fallback_day;
        let mut paths = GeometryPaths {
            low: "pieces-low.geojson".into(),
            high: "pieces-high.geojson".into(),
            lines: None,
            dir: self.dir.clone(),
        };
        let shown = self.dir.display("atlas.toml");
        match self.dir.read("atlas.toml") {
            Err(p) => self.push(p),
            Ok(text) => {
                match toml::from_str::<RawMeta>(&text) {
                    Err(e) => self.push(Problem::at_offset(
                        &shown,
                        &text,
                        e.span().map_or(0, |s| s.start),
                        e.message().trim().to_string(),
                    )),
                    Ok(meta) => {
                        title = meta.atlas.title;
                        if let Some(c) = meta.atlas.coverage_from {
                            match c.parse::<Day>() {
                                Ok(d) => coverage = Some(d),
                                Err(e) => {
                                    let offset = text.find("coverage_from").unwrap_or(0);
                                    self.push(Problem::at_offset(
                                        &shown,
                                        &text,
                                        offset,
                                        format!("coverage_from: {e}"),
                                    ))
                                }
                            }
                        }
                        let at = |key: &str| text.find(key).unwrap_or(0);
                        match meta.atlas.extends.as_deref() {
                        None => {}
                        Some("bundled") if *self.dir != AtlasDir::Bundled => {
                            self.base = Some(AtlasDir::Bundled);
                            // The bundled atlas's own geometry, unless this one brings its own.
                            if meta.atlas.geometry_low.is_none() {
                                paths = super::files::bundled_geometry();
                            }
                        }
                        Some(other) => self.push(Problem::at_offset(
                            &shown,
                            &text,
                            at("extends"),
                            format!(
                                "extends = {other:?}: an atlas can only extend \"bundled\" (the \
                                 atlas inside Bloc Atlas)"
                            ),
                        )),
                    }
                        match (meta.atlas.geometry_low, meta.atlas.geometry_high) {
                        (Some(low), Some(high)) => {
                            paths = GeometryPaths {
                                low,
                                high,
                                lines: meta.atlas.lines,
                                dir: self.dir.clone(),
                            };
                        }
                        (None, None) if self.base.is_some() => {}
                        (low, _) => self.push(Problem::at_offset(
                            &shown,
                            &text,
                            0,
                            format!(
                                "[atlas] needs geometry_low and geometry_high (the GeoJSON files), \
                                 or extends = \"bundled\" to use the bundled map{}",
                                if low.is_some() { ": geometry_high is missing" } else { "" }
                            ),
                        )),
                    }
                    }
                }
            }
        }
        let coverage = coverage.unwrap_or(Day::COVERAGE_FROM);
        (title, coverage, paths)
    }

    fn run(mut self) -> Loaded {
        let (title, coverage_from, geometry_paths) = self.meta();
        let sources = self.sources();
        let source_ids: HashSet<String> = sources.iter().map(|s| s.id.clone()).collect();
        let (mut units, mut places) = self.units(&source_ids);
        self.context(&mut units, &mut places);
        let unit_index: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.clone(), i))
            .collect();
        let territories = self.territories(&units, &unit_index, &source_ids, &mut places);
        let memberships = self.memberships(&units, &unit_index, &source_ids);
        let organisations = self.organisations(&source_ids);
        let members = self.members(
            &units,
            &unit_index,
            &source_ids,
            &organisations,
            &memberships,
        );
        let events = self.events(&unit_index, &source_ids);
        let excerpts = self.excerpts(&unit_index, &source_ids);

        let mut piece_owners: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in territories.iter().enumerate() {
            for p in &t.pieces {
                piece_owners.entry(p.clone()).or_default().push(i);
            }
        }
        let mut context_pieces = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            if u.kind == UnitKind::Context {
                if piece_owners.contains_key(&u.id) {
                    self.push(places.at_unit(
                        &u.id,
                        format!(
                            "context {}: its piece is also assigned by territories.toml",
                            u.id
                        ),
                    ));
                } else {
                    context_pieces.insert(u.id.clone(), i);
                }
            }
        }
        let source_index = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let atlas = Atlas {
            title,
            coverage_from,
            sources,
            units,
            territories,
            memberships,
            organisations,
            members,
            events,
            excerpts,
            geometry_paths,
            unit_index,
            source_index,
            piece_owners,
            context_pieces,
            places,
        };
        let problems = self.problems.into_vec();
        Loaded {
            atlas,
            problems,
            unreadable: self.unreadable,
            rejected: self.rejected.len(),
        }
    }

    /// Reports a problem, unless it only follows from another: a reference to a row that was
    /// refused, or into a file that could not be read at all, is a consequence of that row's
    /// or that file's problem (reported once, not for each reference).
    fn push(&mut self, problem: Problem) {
        let follows = match &problem.kind {
            ProblemKind::UnknownUnit(id) => {
                self.rejected.contains(id) || self.unreadable.iter().any(|f| f == "units.toml")
            }
            ProblemKind::UnknownSource(id) => {
                self.rejected.contains(id) || self.unreadable.iter().any(|f| f == "sources.toml")
            }
            ProblemKind::Other | ProblemKind::RefusedFeature(_) | ProblemKind::Undrawn(_) => false,
        };
        if !follows {
            self.problems.push(problem);
        }
    }

    /// Reports source ids that are not in `sources.toml`, and rows that cite none.
    fn cite(&mut self, row: &Row, what: &str, cited: &[String], known: &HashSet<String>) {
        if cited.is_empty() {
            self.push(row.problem(format!("{what}: cites no source ('sources' is empty)")));
        }
        for s in cited {
            if !known.contains(s) {
                self.push(
                    row.problem(format!("{what}: unknown source '{}'", quoted(s)))
                        .of_kind(ProblemKind::UnknownSource(s.clone())),
                );
            }
        }
    }

    fn sources(&mut self) -> Vec<Source> {
        let rows = self.rows("sources.toml", "source");
        let mut out: Vec<Source> = Vec::new();
        let mut seen = HashSet::new();
        for row in &rows {
            let allowed = [
                "id",
                "title",
                "author",
                "published",
                "url",
                "archive",
                "kind",
            ];
            let raw: RawSource = match row.parse("source", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("source {}", quoted(&raw.id));
            if let Err(p) = row.lower_id(&what, &raw.id) {
                self.push(p);
                continue;
            }
            if !seen.insert(raw.id.clone()) {
                self.push(row.problem(format!("{what}: duplicate id")));
                continue;
            }
            let kind = match raw.kind.as_str() {
                "primary" => SourceKind::Primary,
                "secondary" => SourceKind::Secondary,
                other => {
                    self.push(row.problem(format!(
                        "{what}: kind '{other}' is neither primary nor secondary"
                    )));
                    continue;
                }
            };
            if raw.url.is_none() && raw.archive.is_none() {
                self.push(row.problem(format!(
                    "{what}: gives neither a url nor an archive reference"
                )));
            }
            out.push(Source {
                id: raw.id,
                title: raw.title,
                author: raw.author,
                published: raw.published,
                url: raw.url,
                archive: raw.archive,
                kind,
            });
        }
        self.reject_missing(&rows, out.iter().map(|s| s.id.as_str()));
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Remembers the ids of rows that did not make it into `kept`.
    fn reject_missing<'r>(&mut self, rows: &[Row], kept: impl Iterator<Item = &'r str>) {
        let kept: HashSet<&str> = kept.collect();
        for id in rows.iter().filter_map(Row::id) {
            if !kept.contains(id.as_str()) {
                self.rejected.insert(id);
            }
        }
    }

    fn units(&mut self, known: &HashSet<String>) -> (Vec<Unit>, Places) {
        let rows = self.rows("units.toml", "unit");
        let mut out: Vec<Unit> = Vec::new();
        let mut places = Places::default();
        let allowed = with_dating(&[
            "id", "name", "from", "to", "kind", "names", "sources", "note",
        ]);
        for row in &rows {
            let raw: RawUnit = match row.parse("unit", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("unit {}", quoted(&raw.id));
            match self.unit(row, &what, raw, known) {
                Ok(unit) => {
                    if places.units.contains_key(&unit.id) {
                        self.push(row.problem(format!("{what}: duplicate id")));
                        continue;
                    }
                    places.units.insert(unit.id.clone(), row.place());
                    out.push(unit);
                }
                Err(p) => self.push(p),
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        self.reject_missing(&rows, out.iter().map(|u| u.id.as_str()));
        (out, places)
    }

    fn unit(
        &mut self,
        row: &Row,
        what: &str,
        raw: RawUnit,
        known: &HashSet<String>,
    ) -> Result<Unit, Problem> {
        if !is_unit_id(&raw.id) {
            return Err(row.problem(format!(
                "{what}: unit ids are made of capital letters, digits and '-', starting with a letter or digit (at most 12)"
            )));
        }
        let existence = row.interval(what, &raw.from, &raw.to)?;
        let kind = match raw.kind.as_deref().unwrap_or("state") {
            "state" => UnitKind::State,
            "territory" => UnitKind::Territory,
            "zone" => UnitKind::Zone,
            "colony" => UnitKind::Colony,
            other => {
                return Err(row.problem(format!(
                    "{what}: kind '{other}' is not one of state, territory, zone, colony"
                )));
            }
        };
        let mut names = Vec::new();
        for n in raw.names {
            let interval = row.interval(
                &format!("{what}: name '{}'", quoted(&n.name)),
                &n.from,
                &n.to,
            )?;
            if let Some(other) = names
                .iter()
                .find(|o: &&NameSpan| o.interval.overlaps(&interval))
            {
                return Err(row.problem(format!(
                    "{what}: names '{}' and '{}' overlap",
                    other.name, n.name
                )));
            }
            names.push(NameSpan {
                name: n.name,
                interval,
            });
        }
        self.cite(row, what, &raw.sources, known);
        let dating = row.dating(what, raw.dating)?;
        Ok(Unit {
            id: raw.id,
            name: raw.name,
            names,
            existence,
            kind,
            sources: raw.sources,
            note: raw.note,
            dating,
        })
    }

    fn context(&mut self, units: &mut Vec<Unit>, places: &mut Places) {
        let rows = self.rows("context.toml", "context");
        let mut context = Vec::new();
        for row in &rows {
            let raw: RawContext = match row.parse("context", &["id", "name"]) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            if !is_unit_id(&raw.id) {
                self.push(row.problem(format!(
                    "context {}: ids are made of capital letters, digits and '-', starting with a letter or digit",
                    raw.id
                )));
                continue;
            }
            if places.units.contains_key(&raw.id) {
                self.push(row.problem(format!(
                    "context {}: duplicate id (also a unit or an earlier context row)",
                    raw.id
                )));
                continue;
            }
            places.units.insert(raw.id.clone(), row.place());
            context.push(Unit {
                id: raw.id,
                name: raw.name,
                names: Vec::new(),
                existence: Interval::default(),
                kind: UnitKind::Context,
                sources: Vec::new(),
                note: None,
                dating: Dating::default(),
            });
        }
        self.reject_missing(&rows, context.iter().map(|u| u.id.as_str()));
        context.sort_by(|a, b| a.id.cmp(&b.id));
        units.extend(context);
    }

    fn territories(
        &mut self,
        units: &[Unit],
        unit_index: &HashMap<String, usize>,
        known: &HashSet<String>,
        places: &mut Places,
    ) -> Vec<Territory> {
        let rows = self.rows("territories.toml", "territory");
        let allowed = with_dating(&["unit", "pieces", "from", "to", "sources", "note"]);
        let mut out: Vec<Territory> = Vec::new();
        // The rows kept so far that name each piece: a new row is compared with those only.
        let mut rows_of_piece: HashMap<String, Vec<usize>> = HashMap::new();
        for row in &rows {
            let raw: RawTerritory = match row.parse("territory", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("territory of {}", quoted(&raw.unit));
            let result = (|| {
                let unit = row.unit(&what, &raw.unit, units, unit_index)?;
                if unit.kind == UnitKind::Context {
                    return Err(row.problem(format!(
                        "{what}: '{}' is a context unit; its piece is fixed",
                        raw.unit
                    )));
                }
                let interval = row.interval(&what, &raw.from, &raw.to)?;
                if !unit.existence.covers(&interval) {
                    return Err(row.problem(format!(
                        "{what}: {interval} lies outside the unit's existence {}",
                        unit.existence
                    )));
                }
                if raw.pieces.is_empty() {
                    return Err(row.problem(format!("{what}: names no pieces")));
                }
                let mut seen = HashSet::new();
                for p in &raw.pieces {
                    if !seen.insert(p) {
                        return Err(
                            row.problem(format!("{what}: piece '{}' listed twice", quoted(p)))
                        );
                    }
                }
                let clash = raw.pieces.iter().find_map(|p| {
                    let earlier = rows_of_piece.get(p)?;
                    let e = *earlier
                        .iter()
                        .find(|&&e| out[e].interval.overlaps(&interval))?;
                    Some((p, e))
                });
                if let Some((p, earlier)) = clash {
                    let t = &out[earlier];
                    let line = match places.territories[earlier].place {
                        Place::Line { line, .. } => format!(" (line {line})"),
                        _ => String::new(),
                    };
                    return Err(row.problem(format!(
                        "{what}: piece '{p}' already belongs to {} over {} by an earlier \
                         row{line}: units valid on the same day overlap",
                        t.unit, t.interval
                    )));
                }
                let dating = row.dating(&what, raw.dating)?;
                Ok(Territory {
                    unit: raw.unit.clone(),
                    pieces: raw.pieces,
                    interval,
                    sources: raw.sources,
                    note: raw.note,
                    dating,
                })
            })();
            match result {
                Ok(t) => {
                    self.cite(row, &what, &t.sources, known);
                    places.territories.push(row.place());
                    for p in &t.pieces {
                        rows_of_piece.entry(p.clone()).or_default().push(out.len());
                    }
                    out.push(t);
                }
                Err(p) => self.push(p),
            }
        }
        out
    }

    fn memberships(
        &mut self,
        units: &[Unit],
        unit_index: &HashMap<String, usize>,
        known: &HashSet<String>,
    ) -> Vec<Membership> {
        let rows = self.rows("memberships.toml", "membership");
        let allowed = with_dating(&[
            "unit", "bloc", "from", "to", "status", "detail", "note", "sources",
        ]);
        let mut out: Vec<(Membership, usize)> = Vec::new();
        // The rows kept so far for each unit: a new row is compared with those only.
        let mut rows_of_unit: HashMap<String, Vec<usize>> = HashMap::new();
        for row in &rows {
            let raw: RawMembership = match row.parse("membership", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("membership of {}", quoted(&raw.unit));
            let result = (|| {
                let unit = row.unit(&what, &raw.unit, units, unit_index)?;
                let bloc: Bloc = raw
                    .bloc
                    .parse()
                    .map_err(|e| row.problem(format!("{what}: {e}")))?;
                let status = match raw.status.as_deref().unwrap_or("full") {
                    "full" => Status::Full,
                    "partial" => Status::Partial,
                    other => {
                        return Err(row.problem(format!(
                            "{what}: status '{other}' is neither full nor partial"
                        )));
                    }
                };
                let interval = row.interval(&what, &raw.from, &raw.to)?;
                if !unit.existence.covers(&interval) {
                    return Err(row.problem(format!(
                        "{what}: {interval} lies outside the unit's existence {}",
                        unit.existence
                    )));
                }
                if let Some((m, _)) = rows_of_unit
                    .get(&raw.unit)
                    .into_iter()
                    .flatten()
                    .map(|&i| &out[i])
                    .find(|(m, _)| m.interval.overlaps(&interval))
                {
                    return Err(row.problem(format!(
                        "{what}: {interval} overlaps the earlier row {} ({})",
                        m.interval, m.bloc
                    )));
                }
                let dating = row.dating(&what, raw.dating)?;
                Ok(Membership {
                    unit: raw.unit.clone(),
                    bloc,
                    interval,
                    status,
                    detail: raw.detail,
                    note: raw.note,
                    sources: raw.sources,
                    dating,
                })
            })();
            match result {
                Ok(m) => {
                    self.cite(row, &what, &m.sources, known);
                    rows_of_unit
                        .entry(m.unit.clone())
                        .or_default()
                        .push(out.len());
                    out.push((m, out.len()));
                }
                Err(p) => self.push(p),
            }
        }
        out.sort_by(|(a, ia), (b, ib)| {
            (a.unit.as_str(), a.interval.from, ia).cmp(&(b.unit.as_str(), b.interval.from, ib))
        });
        out.into_iter().map(|(m, _)| m).collect()
    }

    /// The organisations (organisations.toml, which an atlas may leave out), and NATO and the
    /// Warsaw Pact where the table does not define them: an atlas from before organisations
    /// existed still has their layers.
    fn organisations(&mut self, known: &HashSet<String>) -> Vec<Organisation> {
        let rows = self.optional_rows("organisations.toml", "organisation");
        let allowed = with_dating(&[
            "id", "name", "short", "kind", "from", "to", "palette", "sources", "note",
        ]);
        let mut out: Vec<Organisation> = Vec::new();
        for row in &rows {
            let raw: RawOrganisation = match row.parse("organisation", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("organisation {}", quoted(&raw.id));
            let result = (|| {
                if !is_lower_id(&raw.id) || raw.id == "alignment" {
                    return Err(row.problem(format!(
                        "{what}: ids are made of lowercase letters, digits and '-', starting \
                         with a letter or digit ('alignment' names the default layer)"
                    )));
                }
                if out.iter().any(|o| o.id == raw.id) {
                    return Err(row.problem(format!("{what}: duplicate id")));
                }
                let kind = raw
                    .kind
                    .parse()
                    .map_err(|e: String| row.problem(format!("{what}: {e}")))?;
                let palette = raw.palette.unwrap_or(1);
                if !(1..=8).contains(&palette) {
                    return Err(row.problem(format!(
                        "{what}: palette {palette} is not a slot from 1 to 8"
                    )));
                }
                let existence = row.interval(&what, &raw.from, &raw.to)?;
                let dating = row.dating(&what, raw.dating)?;
                Ok(Organisation {
                    short: raw.short.unwrap_or_else(|| raw.name.clone()),
                    id: raw.id,
                    name: raw.name,
                    kind,
                    existence,
                    palette,
                    sources: raw.sources,
                    note: raw.note,
                    dating,
                })
            })();
            match result {
                Ok(o) => {
                    self.cite(row, &what, &o.sources, known);
                    out.push(o);
                }
                Err(p) => self.push(p),
            }
        }
        for (id, name, short, palette) in [
            ("nato", "North Atlantic Treaty Organization", "NATO", 1),
            (
                "warsaw-pact",
                "Warsaw Treaty Organization",
                "Warsaw Pact",
                2,
            ),
        ] {
            if !out.iter().any(|o| o.id == id) {
                out.push(Organisation {
                    id: id.into(),
                    name: name.into(),
                    short: short.into(),
                    kind: crate::OrgKind::Military,
                    existence: Interval::default(),
                    palette,
                    sources: Vec::new(),
                    note: Some(
                        "Its memberships are the atlas's alignment rows of this bloc.".into(),
                    ),
                    dating: Dating::default(),
                });
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Memberships of organisations (members.toml, which an atlas may leave out), and NATO's and
    /// the Warsaw Pact's from the alignment rows.
    fn members(
        &mut self,
        units: &[Unit],
        unit_index: &HashMap<String, usize>,
        known: &HashSet<String>,
        organisations: &[Organisation],
        alignment: &[Membership],
    ) -> Vec<OrgMembership> {
        let mut out: Vec<OrgMembership> = alignment
            .iter()
            .filter_map(|m| {
                let organisation = match m.bloc {
                    Bloc::Nato => "nato",
                    Bloc::Warsaw => "warsaw-pact",
                    _ => return None,
                };
                Some(OrgMembership {
                    organisation: organisation.into(),
                    unit: m.unit.clone(),
                    status: match m.status {
                        Status::Full => MemberStatus::Member,
                        Status::Partial => MemberStatus::Partial,
                    },
                    interval: m.interval,
                    detail: m.detail.clone(),
                    note: m.note.clone(),
                    sources: m.sources.clone(),
                    dating: m.dating.clone(),
                    from_alignment: true,
                })
            })
            .collect();
        // The rows kept so far for each organisation and unit: a new row is compared with
        // those only.
        let mut rows_of: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, m) in out.iter().enumerate() {
            rows_of
                .entry((m.organisation.clone(), m.unit.clone()))
                .or_default()
                .push(i);
        }
        let rows = self.optional_rows("members.toml", "member");
        let allowed = with_dating(&[
            "organisation",
            "unit",
            "status",
            "from",
            "to",
            "detail",
            "note",
            "sources",
        ]);
        for row in &rows {
            let raw: RawMember = match row.parse("member", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!(
                "member {} of {}",
                quoted(&raw.unit),
                quoted(&raw.organisation)
            );
            let result = (|| {
                let unit = row.unit(&what, &raw.unit, units, unit_index)?;
                let org = organisations
                    .iter()
                    .find(|o| o.id == raw.organisation)
                    .ok_or_else(|| {
                        row.problem(format!(
                            "{what}: unknown organisation '{}' (organisations.toml defines {})",
                            quoted(&raw.organisation),
                            organisations
                                .iter()
                                .map(|o| o.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    })?;
                let status: MemberStatus = raw
                    .status
                    .as_deref()
                    .unwrap_or("member")
                    .parse()
                    .map_err(|e: String| row.problem(format!("{what}: {e}")))?;
                let interval = row.interval(&what, &raw.from, &raw.to)?;
                if !unit.existence.covers(&interval) {
                    return Err(row.problem(format!(
                        "{what}: {interval} lies outside the unit's existence {}",
                        unit.existence
                    )));
                }
                if !org.existence.covers(&interval) {
                    return Err(row.problem(format!(
                        "{what}: {interval} lies outside the organisation's existence {}",
                        org.existence
                    )));
                }
                let key = (raw.organisation.clone(), raw.unit.clone());
                // A row with the dates of an alignment row takes that row's place.
                let replaces = rows_of
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .copied()
                    .find(|&i| out[i].from_alignment && out[i].interval == interval);
                if let Some(m) = rows_of
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .filter(|&&i| Some(i) != replaces)
                    .map(|&i| &out[i])
                    .find(|m| m.interval.overlaps(&interval))
                {
                    return Err(row.problem(format!(
                        "{what}: {interval} overlaps the earlier row {} ({}){}",
                        m.interval,
                        m.status,
                        if m.from_alignment {
                            ", read from memberships.toml (a row with the same dates takes its \
                             place)"
                        } else {
                            ""
                        }
                    )));
                }
                let dating = row.dating(&what, raw.dating)?;
                Ok((
                    replaces,
                    OrgMembership {
                        organisation: raw.organisation.clone(),
                        unit: raw.unit.clone(),
                        status,
                        interval,
                        detail: raw.detail,
                        note: raw.note,
                        sources: raw.sources,
                        dating,
                        from_alignment: false,
                    },
                ))
            })();
            match result {
                Ok((Some(i), m)) => {
                    self.cite(row, &what, &m.sources, known);
                    out[i] = m;
                }
                Ok((None, m)) => {
                    self.cite(row, &what, &m.sources, known);
                    rows_of
                        .entry((m.organisation.clone(), m.unit.clone()))
                        .or_default()
                        .push(out.len());
                    out.push(m);
                }
                Err(p) => self.push(p),
            }
        }
        out.sort_by(|a, b| {
            (a.organisation.as_str(), a.unit.as_str(), a.interval.from).cmp(&(
                b.organisation.as_str(),
                b.unit.as_str(),
                b.interval.from,
            ))
        });
        out
    }

    fn known_units(
        &mut self,
        row: &Row,
        what: &str,
        ids: &[String],
        units: &HashMap<String, usize>,
    ) {
        for u in ids {
            if !units.contains_key(u) {
                self.push(
                    row.problem(format!("{what}: unknown unit '{}'", quoted(u)))
                        .of_kind(ProblemKind::UnknownUnit(u.clone())),
                );
            }
        }
    }

    fn events(
        &mut self,
        unit_index: &HashMap<String, usize>,
        known: &HashSet<String>,
    ) -> Vec<Event> {
        let rows = self.rows("events.toml", "event");
        let allowed = with_dating(&[
            "id", "date", "to", "title", "kind", "place", "short", "units", "sources", "note",
        ]);
        let mut out: Vec<Event> = Vec::new();
        let mut seen = HashSet::new();
        for row in &rows {
            let raw: RawEvent = match row.parse("event", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("event {}", quoted(&raw.id));
            let result = (|| {
                row.lower_id(&what, &raw.id)?;
                let interval = row.interval(&what, &Some(raw.date.clone()), &raw.to)?;
                let dating = row.dating(&what, raw.dating)?;
                let date = interval
                    .from
                    .ok_or_else(|| row.problem("event without date"))?;
                let kind = match raw.kind.as_deref() {
                    None => None,
                    Some(k) => Some(
                        k.parse::<EventKind>()
                            .map_err(|e| row.problem(format!("{what}: {e}")))?,
                    ),
                };
                let place = match raw.place {
                    None => None,
                    Some(p) => {
                        let inside = p.lon.is_finite()
                            && p.lat.is_finite()
                            && (-180.0..=180.0).contains(&p.lon)
                            && (-90.0..=90.0).contains(&p.lat);
                        if !inside {
                            return Err(row.problem(format!(
                                "{what}: place '{}' at ({}, {}) is outside longitude -180..180, \
                                 latitude -90..90",
                                quoted(&p.name),
                                p.lon,
                                p.lat
                            )));
                        }
                        Some(EventPlace {
                            name: p.name,
                            lon: p.lon,
                            lat: p.lat,
                        })
                    }
                };
                if let Some(short) = &raw.short
                    && (short.trim().is_empty() || short.chars().count() > 32)
                {
                    return Err(row.problem(format!(
                        "{what}: short '{}' must be a map label of 1 to 32 characters",
                        quoted(short)
                    )));
                }
                Ok(Event {
                    id: raw.id.clone(),
                    date,
                    to: interval.to,
                    title: raw.title,
                    kind,
                    place,
                    short: raw.short,
                    units: raw.units,
                    sources: raw.sources,
                    note: raw.note,
                    dating,
                })
            })();
            match result {
                Ok(e) => {
                    if !seen.insert(e.id.clone()) {
                        self.push(row.problem(format!("{what}: duplicate id")));
                        continue;
                    }
                    self.cite(row, &what, &e.sources, known);
                    self.known_units(row, &what, &e.units, unit_index);
                    out.push(e);
                }
                Err(p) => self.push(p),
            }
        }
        out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        out
    }

    fn excerpts(
        &mut self,
        unit_index: &HashMap<String, usize>,
        known: &HashSet<String>,
    ) -> Vec<Excerpt> {
        let rows = self.rows("excerpts.toml", "excerpt");
        let allowed = [
            "id",
            "source",
            "date",
            "to",
            "units",
            "text",
            "editorial",
            "editorial_sources",
        ];
        let mut out: Vec<Excerpt> = Vec::new();
        let mut seen = HashSet::new();
        for row in &rows {
            let raw: RawExcerpt = match row.parse("excerpt", &allowed) {
                Ok(r) => r,
                Err(p) => {
                    self.push(p);
                    continue;
                }
            };
            let what = format!("excerpt {}", quoted(&raw.id));
            let result = (|| {
                row.lower_id(&what, &raw.id)?;
                let chars = raw.text.chars().count();
                if chars > Excerpt::MAX_CHARS {
                    return Err(row.problem(format!(
                        "{what}: the quotation has {chars} characters; at most {} are allowed",
                        Excerpt::MAX_CHARS
                    )));
                }
                if raw.text.trim().is_empty() {
                    return Err(row.problem(format!("{what}: the quotation is empty")));
                }
                let interval = row.interval(&what, &Some(raw.date.clone()), &raw.to)?;
                let date = interval
                    .from
                    .ok_or_else(|| row.problem("excerpt without date"))?;
                Ok(Excerpt {
                    id: raw.id.clone(),
                    source: raw.source,
                    date,
                    to: interval.to,
                    units: raw.units,
                    text: raw.text,
                    editorial: raw.editorial,
                    editorial_sources: raw.editorial_sources,
                })
            })();
            match result {
                Ok(x) => {
                    if !seen.insert(x.id.clone()) {
                        self.push(row.problem(format!("{what}: duplicate id")));
                        continue;
                    }
                    self.cite(row, &what, std::slice::from_ref(&x.source), known);
                    for s in &x.editorial_sources {
                        if !known.contains(s) {
                            self.push(
                                row.problem(format!("{what}: unknown source '{}'", quoted(s)))
                                    .of_kind(ProblemKind::UnknownSource(s.clone())),
                            );
                        }
                    }
                    if x.editorial.is_none() && !x.editorial_sources.is_empty() {
                        self.push(row.problem(format!(
                            "{what}: editorial_sources without an editorial note"
                        )));
                    }
                    self.known_units(row, &what, &x.units, unit_index);
                    out.push(x);
                }
                Err(p) => self.push(p),
            }
        }
        out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        out
    }
}
