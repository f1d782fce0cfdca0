//! The validated atlas: units, territories, memberships, events, sources and excerpts, and the
//! questions a view asks of them ("which units exist on this day, and in which bloc?").
//!
//! An [`Atlas`] is built only by [`crate::load`], which drops invalid rows and reports
//! them as problems, so everything here may assume valid data: every referenced id exists, no
//! interval is empty, a unit's memberships do not overlap, and a piece belongs to at most one
//! unit on any day.

use std::collections::HashMap;

use super::load::Places;
use super::{AtlasDir, Bloc, Day, Interval, Problem, Status};

/// The kind of thing a source is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SourceKind {
    /// A document of the time (a treaty, a record, a note).
    Primary,
    /// A later account (an article, a reference work).
    Secondary,
}

/// A source the atlas cites.
#[derive(Clone, Debug)]
pub struct Source {
    /// Lowercase id, e.g. `euromaidan-2017`.
    pub id: String,
    /// What the document is.
    pub title: String,
    /// Author or publisher.
    pub author: String,
    /// When it was published (ISO day, year-month or year), when known.
    pub published: Option<String>,
    /// Where to read it.
    pub url: Option<String>,
    /// An archive reference, for documents without a URL.
    pub archive: Option<String>,
    /// Primary or secondary.
    pub kind: SourceKind,
}

/// Another date that some source gives for a row, and why it was not chosen.
#[derive(Clone, Debug)]
pub struct Alternative {
    /// Which bound of the row it is an alternative for (`from`, `to`, `date`).
    pub field: String,
    /// The alternative date.
    pub date: Day,
    /// Why a source gives it.
    pub why: String,
    /// Who gives it.
    pub sources: Vec<String>,
}

/// How a row's dates were chosen: the reason, the alternatives, whether the day is unconfirmed.
#[derive(Clone, Debug, Default)]
pub struct Dating {
    /// Why the chosen date was chosen.
    pub why: Option<String>,
    /// Dates other sources give.
    pub alternatives: Vec<Alternative>,
    /// The day is not confirmed by any source the atlas holds.
    pub uncertain: bool,
}

/// The kind of polity a unit is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum UnitKind {
    /// A sovereign state.
    State,
    /// A territory that was not a state (West Berlin, the Saar Protectorate).
    Territory,
    /// An occupation zone.
    Zone,
    /// A colony.
    Colony,
    /// The rest of the world, drawn for orientation only.
    Context,
}

impl UnitKind {
    /// The id used in data files.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::State => "state",
            UnitKind::Territory => "territory",
            UnitKind::Zone => "zone",
            UnitKind::Colony => "colony",
            UnitKind::Context => "context",
        }
    }
}

/// A name in use over an interval.
#[derive(Clone, Debug)]
pub struct NameSpan {
    /// The name.
    pub name: String,
    /// When it was in use.
    pub interval: Interval,
}

/// A polity on the map.
#[derive(Clone, Debug)]
pub struct Unit {
    /// `DEU`, `SUN`, `XWB`, ….
    pub id: String,
    /// The name when no [`NameSpan`] applies.
    pub name: String,
    /// Names in use over intervals ("West Germany" until 1990-10-03).
    pub names: Vec<NameSpan>,
    /// When the unit existed.
    pub existence: Interval,
    /// What kind of polity it is.
    pub kind: UnitKind,
    /// Sources for its existence.
    pub sources: Vec<String>,
    /// A note for people.
    pub note: Option<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

impl Unit {
    /// The name in use on `day`.
    ///
    /// ```
    /// # let atlas = bloc_model::Atlas::bundled().unwrap();
    /// use bloc_model::Day;
    /// let deu = atlas.unit("DEU").unwrap();
    /// assert_eq!(deu.name_on("1970-01-01".parse().unwrap()), "West Germany");
    /// assert_eq!(deu.name_on("1990-10-03".parse().unwrap()), "Germany");
    /// ```
    pub fn name_on(&self, day: Day) -> &str {
        self.names
            .iter()
            .find(|n| n.interval.contains(day))
            .map_or(&self.name, |n| &n.name)
    }

    /// Whether the unit exists on `day`.
    pub fn exists_on(&self, day: Day) -> bool {
        self.existence.contains(day)
    }
}

/// Which pieces of the map a unit covers over an interval.
#[derive(Clone, Debug)]
pub struct Territory {
    /// The unit.
    pub unit: String,
    /// The pieces it covers.
    pub pieces: Vec<String>,
    /// When.
    pub interval: Interval,
    /// Who says so.
    pub sources: Vec<String>,
    /// A note for people.
    pub note: Option<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

/// A unit's bloc over an interval, and on what terms.
#[derive(Clone, Debug)]
pub struct Membership {
    /// The unit.
    pub unit: String,
    /// The bloc.
    pub bloc: Bloc,
    /// When.
    pub interval: Interval,
    /// Full or partial.
    pub status: Status,
    /// What qualifies the bloc, shown beside it wherever it is listed (partial statuses,
    /// special notes such as Iceland's lack of an army).
    pub detail: Option<String>,
    /// Other remarks, for the history.
    pub note: Option<String>,
    /// Who says so.
    pub sources: Vec<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

impl Membership {
    /// The detail as shown beside the bloc wherever the row is listed: `partial: …` for a
    /// partial status, the detail alone for a full one (Iceland has no army), empty without.
    ///
    /// ```
    /// # let atlas = bloc_model::Atlas::bundled().unwrap();
    /// let isl = atlas.memberships_of("ISL").next().unwrap();
    /// assert!(!isl.shown_detail().starts_with("partial"));
    /// ```
    pub fn shown_detail(&self) -> String {
        match (self.status, self.detail.as_deref()) {
            (Status::Partial, Some(t)) => format!("partial: {t}"),
            (Status::Partial, None) => "partial".to_string(),
            (Status::Full, Some(t)) => t.to_string(),
            (Status::Full, None) => String::new(),
        }
    }
}

/// A dated event.
#[derive(Clone, Debug)]
pub struct Event {
    /// Lowercase id.
    pub id: String,
    /// When it happened (or began).
    pub date: Day,
    /// When it was over (exclusive), for events that last.
    pub to: Option<Day>,
    /// What happened.
    pub title: String,
    /// The units concerned.
    pub units: Vec<String>,
    /// Who says so.
    pub sources: Vec<String>,
    /// A note for people.
    pub note: Option<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

/// A passage quoted from a source.
#[derive(Clone, Debug)]
pub struct Excerpt {
    /// Lowercase id.
    pub id: String,
    /// The source quoted.
    pub source: String,
    /// The day (or start of the period) the passage is about.
    pub date: Day,
    /// The end (exclusive) of the period it belongs to.
    pub to: Option<Day>,
    /// The units it concerns.
    pub units: Vec<String>,
    /// The quotation, verbatim, at most [`Excerpt::MAX_CHARS`] characters.
    pub text: String,
    /// Where the source is wrong or imprecise, and what better sources say.
    pub editorial: Option<String>,
    /// The better sources.
    pub editorial_sources: Vec<String>,
}

impl Excerpt {
    /// The longest quotation the atlas accepts, in characters (the seed publisher's terms).
    pub const MAX_CHARS: usize = 500;
}

/// How many units a bloc has on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlocCount {
    /// The bloc.
    pub bloc: Bloc,
    /// Units in it.
    pub units: usize,
    /// Of which with a partial status.
    pub partial: usize,
}

/// A unit's standing on a day: its bloc, on what terms, and why.
#[derive(Clone, Copy, Debug)]
pub struct Standing<'a> {
    /// The bloc (`none` when no membership row covers the day).
    pub bloc: Bloc,
    /// Full or partial.
    pub status: Status,
    /// The membership row that applies, if any.
    pub membership: Option<&'a Membership>,
}

impl Standing<'_> {
    /// The detail a person should read beside the bloc: empty unless the status is partial or
    /// a special note applies. Partial statuses start with `partial: `.
    pub fn detail(&self) -> String {
        self.membership
            .map(Membership::shown_detail)
            .unwrap_or_default()
    }
}

/// The whole validated atlas.
#[derive(Clone, Debug)]
pub struct Atlas {
    /// A title for people.
    pub title: String,
    /// The first day the atlas describes.
    pub coverage_from: Day,
    /// Sources, sorted by id.
    pub sources: Vec<Source>,
    /// Units (context last), each list sorted by id.
    pub units: Vec<Unit>,
    /// Territory rows, in file order.
    pub territories: Vec<Territory>,
    /// Membership rows, sorted by unit then start.
    pub memberships: Vec<Membership>,
    /// Events, sorted by date.
    pub events: Vec<Event>,
    /// Excerpts, sorted by date.
    pub excerpts: Vec<Excerpt>,
    /// Where the geometry is, per detail level (as the atlas names it, relative to its folder).
    pub geometry_paths: GeometryPaths,
    pub(crate) unit_index: HashMap<String, usize>,
    pub(crate) source_index: HashMap<String, usize>,
    /// For each piece: who owns it over which interval (territory indices).
    pub(crate) piece_owners: HashMap<String, Vec<usize>>,
    /// For each context piece: its context unit.
    pub(crate) context_pieces: HashMap<String, usize>,
    /// Where each row came from, for problems found after loading.
    pub(crate) places: Places,
}

/// The geometry files of an atlas.
#[derive(Clone, Debug)]
pub struct GeometryPaths {
    /// The overview geometry.
    pub low: String,
    /// The detailed geometry.
    pub high: String,
    /// The atlas folder they are relative to (the bundled one for an atlas that extends it
    /// without a map of its own).
    pub dir: crate::AtlasDir,
}

/// What covers a piece of the map on a day.
#[derive(Clone, Copy, Debug)]
pub struct Owner<'a> {
    /// The unit.
    pub unit: &'a Unit,
    /// The territory row that assigns the piece (none for context).
    pub territory: Option<&'a Territory>,
}

/// An atlas that could not be loaded cleanly.
#[derive(Debug, thiserror::Error)]
#[error("the atlas has {} problem(s); the first: {}", .problems.len(), .problems.first().map(|p| p.to_string()).unwrap_or_default())]
pub struct AtlasError {
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl Atlas {
    /// The bundled atlas, which must load without any problem.
    pub fn bundled() -> Result<Atlas, AtlasError> {
        let loaded = super::load(&AtlasDir::Bundled);
        if loaded.problems.is_empty() {
            Ok(loaded.atlas)
        } else {
            Err(AtlasError {
                problems: loaded.problems,
            })
        }
    }

    /// Where each row came from.
    pub fn places(&self) -> &Places {
        &self.places
    }

    /// The index in [`Atlas::units`] of the unit with this id: the one unit index used by the
    /// scene, the window and the export.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.unit_index.get(id).map(|&i| i as u32)
    }

    /// The unit with this id (context units included).
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_index.get(id).map(|&i| &self.units[i])
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|&i| &self.sources[i])
    }

    /// The units (not context) that exist on `day`, sorted by id.
    pub fn units_on(&self, day: Day) -> impl Iterator<Item = &Unit> {
        self.units
            .iter()
            .filter(move |u| u.kind != UnitKind::Context && u.exists_on(day))
    }

    /// A unit's standing on `day`: the membership row covering it, or bloc `none`.
    ///
    /// ```
    /// # let atlas = bloc_model::Atlas::bundled().unwrap();
    /// use bloc_model::{Bloc, Status};
    /// let fra = atlas.standing("FRA", "1970-01-01".parse().unwrap());
    /// assert_eq!((fra.bloc, fra.status), (Bloc::Nato, Status::Partial));
    /// ```
    pub fn standing(&self, unit: &str, day: Day) -> Standing<'_> {
        let membership = self
            .memberships
            .iter()
            .find(|m| m.unit == unit && m.interval.contains(day));
        Standing {
            bloc: membership.map_or(Bloc::None, |m| m.bloc),
            status: membership.map_or(Status::Full, |m| m.status),
            membership,
        }
    }

    /// A unit's membership rows, in time order.
    pub fn memberships_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a Membership> {
        self.memberships.iter().filter(move |m| m.unit == unit)
    }

    /// A unit's territory rows, in time order.
    pub fn territories_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a Territory> {
        let mut rows: Vec<&Territory> =
            self.territories.iter().filter(|t| t.unit == unit).collect();
        rows.sort_by_key(|t| t.interval.from);
        rows.into_iter()
    }

    /// The events concerning a unit, in time order.
    pub fn events_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a Event> {
        self.events
            .iter()
            .filter(move |e| e.units.iter().any(|u| u == unit))
    }

    /// Who covers `piece` on `day`: the unit whose territory includes it, or its context unit.
    pub fn owner_of_piece(&self, piece: &str, day: Day) -> Option<Owner<'_>> {
        if let Some(rows) = self.piece_owners.get(piece) {
            let territory = rows
                .iter()
                .map(|&i| &self.territories[i])
                .find(|t| t.interval.contains(day))?;
            let unit = self.unit(&territory.unit)?;
            return Some(Owner {
                unit,
                territory: Some(territory),
            });
        }
        self.context_pieces.get(piece).map(|&i| Owner {
            unit: &self.units[i],
            territory: None,
        })
    }

    /// Whether a piece is a context unit's (drawn for orientation only).
    pub fn is_context_piece(&self, piece: &str) -> bool {
        self.context_pieces.contains_key(piece)
    }

    /// The pieces a unit covers on `day`.
    pub fn pieces_of(&self, unit: &str, day: Day) -> Vec<&str> {
        if let Some(u) = self.unit(unit)
            && u.kind == UnitKind::Context
        {
            return vec![u.id.as_str()];
        }
        self.territories
            .iter()
            .filter(|t| t.unit == unit && t.interval.contains(day))
            .flat_map(|t| t.pieces.iter().map(String::as_str))
            .collect()
    }

    /// Every piece named by a territory row or a context unit, sorted.
    pub fn referenced_pieces(&self) -> Vec<&str> {
        let mut pieces: Vec<&str> = self
            .piece_owners
            .keys()
            .chain(self.context_pieces.keys())
            .map(String::as_str)
            .collect();
        pieces.sort_unstable();
        pieces
    }

    /// Every day on which something on the map or in a bloc changes: the bounds of units,
    /// territories and memberships, and the coverage start. Sorted, without duplicates.
    pub fn change_days(&self) -> Vec<Day> {
        let mut days = vec![self.coverage_from];
        let intervals = self
            .units
            .iter()
            .map(|u| u.existence)
            .chain(self.territories.iter().map(|t| t.interval))
            .chain(self.memberships.iter().map(|m| m.interval));
        for i in intervals {
            days.extend(i.from);
            days.extend(i.to);
        }
        days.retain(|&d| d >= self.coverage_from);
        days.sort_unstable();
        days.dedup();
        days
    }

    /// Every unit's standing on `day`, by index in [`Atlas::units`], in one pass over the
    /// memberships (what a picture of the day needs, without a search per unit).
    pub fn standings_on(&self, day: Day) -> Vec<Standing<'_>> {
        let mut standings = vec![
            Standing {
                bloc: Bloc::None,
                status: Status::Full,
                membership: None,
            };
            self.units.len()
        ];
        for m in self.memberships.iter().filter(|m| m.interval.contains(day)) {
            if let Some(s) = self
                .unit_index
                .get(&m.unit)
                .and_then(|&i| standings.get_mut(i))
            {
                *s = Standing {
                    bloc: m.bloc,
                    status: m.status,
                    membership: Some(m),
                };
            }
        }
        standings
    }

    /// The territory rows that ever assign a piece (in file order), and the context unit a
    /// context piece belongs to.
    pub fn holders_of_piece(&self, piece: &str) -> (Vec<&Territory>, Option<&Unit>) {
        let rows = self
            .piece_owners
            .get(piece)
            .map(|rows| rows.iter().map(|&i| &self.territories[i]).collect())
            .unwrap_or_default();
        let context = self.context_pieces.get(piece).map(|&i| &self.units[i]);
        (rows, context)
    }

    /// How many units (context units aside) each bloc has on `day`, in [`Bloc::ALL`] order.
    pub fn bloc_counts(&self, day: Day) -> Vec<BlocCount> {
        let standings = self.standings_on(day);
        self.counts_of(day, &standings)
    }

    /// The bloc counts of `day` from its standings ([`Atlas::standings_on`]).
    pub fn counts_of(&self, day: Day, standings: &[Standing<'_>]) -> Vec<BlocCount> {
        let mut counts: Vec<BlocCount> = Bloc::ALL
            .iter()
            .map(|&bloc| BlocCount {
                bloc,
                units: 0,
                partial: 0,
            })
            .collect();
        for (u, s) in self.units.iter().zip(standings) {
            if u.kind == UnitKind::Context || !u.exists_on(day) {
                continue;
            }
            if let Some(c) = counts.iter_mut().find(|c| c.bloc == s.bloc) {
                c.units += 1;
                c.partial += usize::from(s.status == Status::Partial);
            }
        }
        counts
    }

    /// Whether `day` lies in the atlas's coverage, from its start to `today`.
    pub fn covers(&self, day: Day, today: Day) -> bool {
        day >= self.coverage_from && day <= today
    }
}
