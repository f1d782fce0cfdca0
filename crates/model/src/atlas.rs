//! The validated atlas: units, territories, memberships, events, sources and excerpts, and the
//! questions a view asks of them ("which units exist on this day, and in which bloc?").
//!
//! An [`Atlas`] is built only by [`crate::load`], which drops invalid rows and reports
//! them as problems, so everything here may assume valid data: every referenced id exists, no
//! interval is empty, a unit's memberships do not overlap, and a piece belongs to at most one
//! unit on any day.

use std::collections::HashMap;

use super::load::Places;
use super::{
    AtlasDir, Bloc, Day, Interval, Layer, MemberStatus, OrgMembership, Organisation, Problem,
    Status,
};

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
    /// What kind of event it is (`None` for an atlas that does not say).
    pub kind: Option<EventKind>,
    /// Where it happened, when it happened in one place.
    pub place: Option<EventPlace>,
    /// Its label on the map ("Berlin Wall built"); the title is shown where there is none.
    pub short: Option<String>,
    /// The units concerned.
    pub units: Vec<String>,
    /// Who says so.
    pub sources: Vec<String>,
    /// A note for people.
    pub note: Option<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

impl Event {
    /// Whether the event belongs to `day`: its day, or its period `[date, to)`.
    pub fn on(&self, day: Day) -> bool {
        match self.to {
            Some(to) => self.date <= day && day < to,
            None => self.date == day,
        }
    }
}

/// What kind of event an event is; the map and the timeline tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// A crisis or an uprising (the Blockade, 17 June 1953, 1956).
    Crisis,
    /// A war or an intervention (the invasion of Czechoslovakia).
    War,
    /// A treaty or a summit.
    Treaty,
    /// A speech or a doctrine (Fulton, the Truman Doctrine).
    Speech,
    /// A change of borders.
    Border,
    /// A state joining or leaving an organisation.
    Membership,
}

impl EventKind {
    /// Every kind, in the order the timeline's filter lists them.
    pub const ALL: [EventKind; 6] = [
        EventKind::Crisis,
        EventKind::War,
        EventKind::Treaty,
        EventKind::Speech,
        EventKind::Border,
        EventKind::Membership,
    ];

    /// The word in data files and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Crisis => "crisis",
            EventKind::War => "war",
            EventKind::Treaty => "treaty",
            EventKind::Speech => "speech",
            EventKind::Border => "border",
            EventKind::Membership => "membership",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Crisis => "Crisis or uprising",
            EventKind::War => "War or intervention",
            EventKind::Treaty => "Treaty or summit",
            EventKind::Speech => "Speech or doctrine",
            EventKind::Border => "Border change",
            EventKind::Membership => "Membership",
        }
    }
}

impl std::str::FromStr for EventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("kind '{s}' is not one of crisis, war, treaty, speech, border, membership")
            })
    }
}

/// Where an event happened: a name and a point in degrees.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPlace {
    /// What it is called.
    pub name: String,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
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

    /// Whether the excerpt belongs to a day: `[date, to)`, or its one day when it has no end.
    pub fn belongs_to(&self, day: Day) -> bool {
        let end = self.to.unwrap_or_else(|| self.date.next());
        self.date <= day && day < end
    }
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
    /// Organisations, sorted by id (NATO and the Warsaw Pact among them).
    pub organisations: Vec<Organisation>,
    /// Memberships of organisations, sorted by organisation, unit and start; NATO's and the
    /// Warsaw Pact's are read from the alignment rows.
    pub members: Vec<OrgMembership>,
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
    /// The dated lines (the Berlin Wall, the inner German border), if the atlas has them.
    pub lines: Option<String>,
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

    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisations.iter().find(|o| o.id == id)
    }

    /// The layers of the map: the alignment, then every organisation by id.
    pub fn layers(&self) -> Vec<Layer> {
        std::iter::once(Layer::Alignment)
            .chain(
                self.organisations
                    .iter()
                    .map(|o| Layer::Organisation(o.id.clone())),
            )
            .collect()
    }

    /// A unit's memberships of organisations, by organisation then time.
    pub fn members_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a OrgMembership> {
        self.members.iter().filter(move |m| m.unit == unit)
    }

    /// Each unit's membership of an organisation on `day`, by unit index (`None`: not a
    /// member, associate or observer that day).
    pub fn member_rows_on(&self, organisation: &str, day: Day) -> Vec<Option<&OrgMembership>> {
        let mut rows = vec![None; self.units.len()];
        for m in self
            .members
            .iter()
            .filter(|m| m.organisation == organisation && m.interval.contains(day))
        {
            if let Some(r) = self.unit_index.get(&m.unit).and_then(|&i| rows.get_mut(i)) {
                *r = Some(m);
            }
        }
        rows
    }

    /// A unit's status in an organisation on `day`.
    pub fn member_status(&self, organisation: &str, unit: &str, day: Day) -> Option<MemberStatus> {
        self.members
            .iter()
            .find(|m| m.organisation == organisation && m.unit == unit && m.interval.contains(day))
            .map(|m| m.status)
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
