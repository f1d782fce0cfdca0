//! Blocs and the terms of a membership.

use std::fmt;
use std::str::FromStr;

/// The alignment of a unit on a day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Bloc {
    /// Member of the North Atlantic Treaty Organization.
    Nato,
    /// The West bound by the Brussels Treaty of 17 March 1948 (the Western Union), before NATO.
    WesternUnion,
    /// Member of the Warsaw Treaty Organization (1955–1991).
    Warsaw,
    /// The Soviet bloc before the Warsaw Pact: bound to the USSR by treaties of friendship and
    /// mutual assistance, Soviet forces, Cominform and Comecon, but not yet by a pact.
    SovietBloc,
    /// Neutral by law, treaty or policy (Switzerland, Austria, Sweden, …).
    Neutral,
    /// Non-aligned (Yugoslavia, Cyprus).
    Nonaligned,
    /// None of the above, or not a sovereign member of anything (occupation zones, West Berlin).
    None,
}

impl Bloc {
    /// Every bloc, in legend order.
    pub const ALL: [Bloc; 7] = [
        Bloc::Nato,
        Bloc::WesternUnion,
        Bloc::Warsaw,
        Bloc::SovietBloc,
        Bloc::Neutral,
        Bloc::Nonaligned,
        Bloc::None,
    ];

    /// The id used in data files and command-line output (`nato`, `warsaw`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Bloc::Nato => "nato",
            Bloc::WesternUnion => "western-union",
            Bloc::Warsaw => "warsaw",
            Bloc::SovietBloc => "soviet-bloc",
            Bloc::Neutral => "neutral",
            Bloc::Nonaligned => "nonaligned",
            Bloc::None => "none",
        }
    }

    /// A label for people: "NATO", "Warsaw Pact", ….
    pub fn label(self) -> &'static str {
        match self {
            Bloc::Nato => "NATO",
            Bloc::WesternUnion => "Western Union (before NATO)",
            Bloc::Warsaw => "Warsaw Pact",
            Bloc::SovietBloc => "Soviet bloc (before the Pact)",
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
#[error(
    "unknown bloc '{0}' (expected nato, western-union, warsaw, soviet-bloc, neutral, nonaligned \
     or none)"
)]
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

impl Bloc {
    /// Whether the legend lists the bloc on a day when no unit is in it: the two blocs that
    /// come before the treaties are shown only when they have units.
    pub fn always_listed(self) -> bool {
        !matches!(self, Bloc::WesternUnion | Bloc::SovietBloc)
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
