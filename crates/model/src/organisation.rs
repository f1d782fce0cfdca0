//! Organisations as data: alliances, economic communities, political bodies and movements, and
//! each unit's membership of them over time, with a status — the alliance is not the only bloc.
//!
//! The map's default layer is the *alignment* (memberships.toml, one bloc per unit and day);
//! any organisation is another layer. NATO's and the Warsaw Pact's memberships are read from the
//! alignment rows (`bloc = "nato"` / `"warsaw"`), so that an atlas written before organisations
//! existed keeps loading and gets those two layers as well.

use std::fmt;
use std::str::FromStr;

use crate::{Dating, Interval};

/// What kind of body an organisation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgKind {
    /// A military alliance (NATO, the Warsaw Pact, the Western European Union).
    Military,
    /// An economic community (Comecon, the EEC/EU, EFTA).
    Economic,
    /// A political body.
    Political,
    /// A movement of parties or states (the Cominform, the Non-Aligned Movement).
    Movement,
}

impl OrgKind {
    /// Every kind, in the order lists show them.
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Military,
        OrgKind::Economic,
        OrgKind::Political,
        OrgKind::Movement,
    ];

    /// The word in data files and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Military => "military",
            OrgKind::Economic => "economic",
            OrgKind::Political => "political",
            OrgKind::Movement => "movement",
        }
    }
}

impl FromStr for OrgKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("kind '{s}' is not one of military, economic, political, movement")
            })
    }
}

/// How a unit belongs to an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberStatus {
    /// A member on the ordinary terms.
    Member,
    /// A member on special terms (France outside NATO's integrated command 1966–2009).
    Partial,
    /// Associated by agreement, not a member (Yugoslavia and Comecon from 1964, Finland and
    /// EFTA 1961–86).
    Associate,
    /// An observer.
    Observer,
    /// A member in name that took no part (Albania in the Warsaw Pact 1962–68).
    Inactive,
}

impl MemberStatus {
    /// Every status, in legend order.
    pub const ALL: [MemberStatus; 5] = [
        MemberStatus::Member,
        MemberStatus::Partial,
        MemberStatus::Associate,
        MemberStatus::Observer,
        MemberStatus::Inactive,
    ];

    /// The word in data files and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Member => "member",
            MemberStatus::Partial => "partial",
            MemberStatus::Associate => "associate",
            MemberStatus::Observer => "observer",
            MemberStatus::Inactive => "inactive",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Member => "Member",
            MemberStatus::Partial => "Member on special terms",
            MemberStatus::Associate => "Associate",
            MemberStatus::Observer => "Observer",
            MemberStatus::Inactive => "Inactive member",
        }
    }
}

impl fmt::Display for MemberStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MemberStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MemberStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("status '{s}' is not one of member, partial, associate, observer, inactive")
            })
    }
}

/// An organisation.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// Lowercase id: `nato`, `comecon`, `eec-eu`, ….
    pub id: String,
    /// Its full name.
    pub name: String,
    /// What the legend and the layer chooser call it: "NATO", "Comecon".
    pub short: String,
    /// What kind of body it is.
    pub kind: OrgKind,
    /// When it existed.
    pub existence: Interval,
    /// Its colour on the map: a slot of the palette (1–8), so that colours stay colour-blind
    /// safe whatever an atlas adds.
    pub palette: u8,
    /// Who says so.
    pub sources: Vec<String>,
    /// What a student should know.
    pub note: Option<String>,
    /// How its dates were chosen.
    pub dating: Dating,
}

/// A unit's membership of an organisation over an interval.
#[derive(Clone, Debug)]
pub struct OrgMembership {
    /// The organisation's id.
    pub organisation: String,
    /// The unit's id.
    pub unit: String,
    /// On what terms.
    pub status: MemberStatus,
    /// When.
    pub interval: Interval,
    /// What qualifies the status, shown beside it.
    pub detail: Option<String>,
    /// Other remarks, for the history.
    pub note: Option<String>,
    /// Who says so.
    pub sources: Vec<String>,
    /// How its dates were chosen.
    pub dating: Dating,
    /// Read from an alignment row of memberships.toml (NATO and the Warsaw Pact).
    pub from_alignment: bool,
}

impl OrgMembership {
    /// The status and its detail as shown beside it: "associate: participation agreement".
    pub fn shown_status(&self) -> String {
        match &self.detail {
            Some(d) => format!("{}: {d}", self.status.as_str()),
            None => self.status.as_str().to_string(),
        }
    }
}

/// A layer of the map: the alignment (the default), or one organisation's memberships.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Layer {
    /// Each unit's bloc: NATO, the Warsaw Pact, the Soviet bloc before it, neutral, ….
    #[default]
    Alignment,
    /// One organisation, by id.
    Organisation(String),
}

impl Layer {
    /// The id on the command line and in files: `alignment`, or the organisation's id.
    pub fn id(&self) -> &str {
        match self {
            Layer::Alignment => "alignment",
            Layer::Organisation(id) => id,
        }
    }

    /// The layer an id names (`alignment` or any other word, taken as an organisation id).
    pub fn from_id(id: &str) -> Layer {
        match id {
            "" | "alignment" => Layer::Alignment,
            other => Layer::Organisation(other.to_string()),
        }
    }
}
