//! Blocs and the terms of a membership.

use std::fmt;
use std::str::FromStr;

/// The alignment of a unit on a day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Bloc {
    /// Member of the North Atlantic Treaty Organization.
    Nato,
    /// Member of the Warsaw Treaty Organization (1955–1991).
    Warsaw,
    /// Neutral by law, treaty or policy (Switzerland, Austria, Sweden, …).
    Neutral,
    /// Non-aligned (Yugoslavia, Cyprus).
    Nonaligned,
    /// None of the above, or not a sovereign member of anything (occupation zones, West Berlin).
    None,
}

impl Bloc {
    /// Every bloc, in legend order.
    pub const ALL: [Bloc; 5] = [
        Bloc::Nato,
        Bloc::Warsaw,
        Bloc::Neutral,
        Bloc::Nonaligned,
        Bloc::None,
    ];

    /// The id used in data files and command-line output (`nato`, `warsaw`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Bloc::Nato => "nato",
            Bloc::Warsaw => "warsaw",
            Bloc::Neutral => "neutral",
            Bloc::Nonaligned => "nonaligned",
            Bloc::None => "none",
        }
    }

    /// A label for people: "NATO", "Warsaw Pact", ….
    pub fn label(self) -> &'static str {
        match self {
            Bloc::Nato => "NATO",
            Bloc::Warsaw => "Warsaw Pact",
            Bloc::Neutral => "Neutral",
            Bloc::Nonaligned => "Non-aligned",
            Bloc::None => "None",
        }
    }
}

impl fmt::Display for Bloc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not a bloc id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown bloc '{0}' (expected nato, warsaw, neutral, nonaligned or none)")]
pub struct UnknownBloc(pub String);

impl FromStr for Bloc {
    type Err = UnknownBloc;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Bloc::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| UnknownBloc(s.to_string()))
    }
}

/// Whether a membership is held on the ordinary terms or on special ones.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Status {
    /// The ordinary terms.
    #[default]
    Full,
    /// A member on special terms, shown hatched: France outside NATO's integrated command
    /// 1966–2009, Albania's dormant Warsaw Pact membership, ….
    Partial,
}

impl Status {
    /// The id used in data files: `full` or `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Full => "full",
            Status::Partial => "partial",
        }
    }
}
