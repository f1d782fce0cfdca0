//! The model of the atlas, with no user interface in it: days and intervals, blocs, units,
//! territories, memberships, events, sources and excerpts, how they are read from an atlas
//! folder, and what is true on a given day.

mod atlas;
mod bloc;
mod day;
mod files;
mod load;
mod organisation;
mod problem;
mod text;

pub mod save;
pub mod tour;

pub use atlas::{
    Alternative, Atlas, AtlasError, BlocCount, Dating, Event, EventKind, EventPlace, Excerpt,
    GeometryPaths, Membership, NameSpan, Owner, Source, SourceKind, Standing, Territory, Unit,
    UnitKind,
};
pub use bloc::{Bloc, Status, UnknownBloc};
pub use day::{Day, DayError, Interval};
pub use files::{AtlasDir, Dropped, classify, read_regular, utf8};
pub use load::{Loaded, Places, load};
pub use organisation::{Layer, MemberStatus, OrgKind, OrgMembership, Organisation};
pub use problem::{
    LineIndex, MAX_MESSAGE_CHARS, MAX_PROBLEMS_PER_FILE, Place, Problem, ProblemKind, ProblemList,
    line_column, problem_count, thousands,
};
pub use text::{QUOTED_CHARS, clip, for_terminal, quoted};
