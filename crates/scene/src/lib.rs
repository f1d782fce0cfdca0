//! The picture of a day, computed once and drawn by every painter: the window (egui meshes,
//! `ui::map`) and the images (tiny-skia, `export`). Neither decides colours, owners, outlines or
//! labels itself; both draw a [`Scene`].
//!
//! - [`Looks`]: each unit's fill, stripes and name on the day, and the legend's counts — what
//!   the atlas says, independent of the map's geometry.
//! - [`Scene`]: the looks on one geometry level: each piece's owner, the borders of that epoch
//!   and the outlines of highlighted and selected units.
//! - [`labels`]: where the names go, for a framing of the map (one placement for all painters).
//! - [`palette`] and [`framing`]: the design tokens, and the map-to-pixels transforms and
//!   standard views.
//!
//! No UI types here: the window converts [`palette::Rgba`] to egui colours when it builds its
//! meshes.

pub mod framing;
pub mod labels;
pub mod palette;

use std::hash::{Hash, Hasher};

use bloc_geometry::mesh::{BorderKind, Borders, MapGeometry};
use bloc_model::{
    Atlas, Bloc, BlocCount, Day, Layer, MemberStatus, Organisation, Status, UnitKind,
};

use palette::Rgba;

/// How one unit looks on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnitLook {
    /// Its fill.
    pub fill: Rgba,
    /// Striped: a partial status (never shown by colour alone).
    pub striped: bool,
    /// A context unit (the rest of the world, drawn for orientation).
    pub context: bool,
}

/// One row of the legend: a colour, whether it is striped, what it stands for and how many
/// units it has on the day.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    /// What the colour stands for: "NATO", "Associate".
    pub label: String,
    /// The colour.
    pub fill: Rgba,
    /// Drawn striped.
    pub striped: bool,
    /// Units (context aside) with this look on the day.
    pub units: usize,
    /// Of which on special terms (striped on the map).
    pub partial: usize,
}

/// What every unit looks like on a day on a layer, by unit index ([`Atlas::units`]), and the
/// legend.
#[derive(Clone, Debug, PartialEq)]
pub struct Looks {
    /// The day.
    pub day: Day,
    /// The layer.
    pub layer: Layer,
    /// What the legend calls the layer: "Blocs", "Comecon".
    pub title: String,
    /// Each unit's look.
    pub units: Vec<UnitLook>,
    /// Each unit's name in force on the day.
    pub names: Vec<String>,
    /// The legend, in order.
    pub legend: Vec<LegendEntry>,
    /// The colour of the legend's sample of stripes ("Striped: special terms"): NATO's on the
    /// alignment, the organisation's on its layer.
    pub striped_sample: Rgba,
}

impl Looks {
    /// The looks of every unit on `day` on a layer (an unknown organisation draws as the
    /// alignment).
    pub fn on(atlas: &Atlas, day: Day, layer: &Layer) -> Looks {
        match layer {
            Layer::Organisation(id) => match atlas.organisation(id) {
                Some(org) => Looks::of_organisation(atlas, day, org),
                None => Looks::of(atlas, day),
            },
            Layer::Alignment => Looks::of(atlas, day),
        }
    }

    /// Each unit's look on an organisation's layer: the organisation's colour for members,
    /// striped for special terms, lighter for associates and observers, grey and striped for
    /// inactive members.
    fn of_organisation(atlas: &Atlas, day: Day, org: &Organisation) -> Looks {
        let rows = atlas.member_rows_on(&org.id, day);
        let look_of = |status| member_look(org, status);
        let mut counts: Vec<usize> = vec![0; MemberStatus::ALL.len() + 1];
        let units = atlas
            .units
            .iter()
            .zip(&rows)
            .map(|(u, row)| {
                if u.kind == UnitKind::Context && row.is_none() {
                    return UnitLook {
                        fill: palette::CONTEXT_FILL,
                        striped: false,
                        context: true,
                    };
                }
                let status = row.map(|m| m.status);
                if u.kind != UnitKind::Context && u.exists_on(day) {
                    let slot = status.map_or(MemberStatus::ALL.len(), |s| s as usize);
                    counts[slot] += 1;
                }
                let (fill, striped) = look_of(status);
                UnitLook {
                    fill,
                    striped,
                    context: u.kind == UnitKind::Context,
                }
            })
            .collect();
        let mut legend: Vec<LegendEntry> = MemberStatus::ALL
            .iter()
            .enumerate()
            .filter(|&(i, s)| *s == MemberStatus::Member || counts[i] > 0)
            .map(|(i, &s)| {
                let (fill, striped) = look_of(Some(s));
                LegendEntry {
                    label: s.label().to_string(),
                    fill,
                    striped,
                    units: counts[i],
                    partial: 0,
                }
            })
            .collect();
        let (fill, striped) = look_of(None);
        legend.push(LegendEntry {
            label: "Not a member".into(),
            fill,
            striped,
            units: counts[MemberStatus::ALL.len()],
            partial: 0,
        });
        Looks {
            day,
            layer: Layer::Organisation(org.id.clone()),
            title: org.short.clone(),
            units,
            names: names_on(atlas, day),
            legend,
            striped_sample: palette::organisation_fill(org.palette),
        }
    }

    /// The looks of every unit on `day` on the alignment layer.
    pub fn of(atlas: &Atlas, day: Day) -> Looks {
        let standings = atlas.standings_on(day);
        let units = atlas
            .units
            .iter()
            .zip(&standings)
            .map(|(u, s)| {
                if u.kind == UnitKind::Context {
                    UnitLook {
                        fill: palette::CONTEXT_FILL,
                        striped: false,
                        context: true,
                    }
                } else {
                    UnitLook {
                        fill: palette::bloc_fill(s.bloc),
                        striped: s.status == Status::Partial,
                        context: false,
                    }
                }
            })
            .collect();
        let legend = atlas
            .counts_of(day, &standings)
            .into_iter()
            .filter(|c| c.bloc.always_listed() || c.units > 0)
            .map(|c: BlocCount| LegendEntry {
                label: c.bloc.label().to_string(),
                fill: palette::bloc_fill(c.bloc),
                striped: false,
                units: c.units,
                partial: c.partial,
            })
            .collect();
        Looks {
            day,
            layer: Layer::Alignment,
            title: "Blocs".into(),
            units,
            names: names_on(atlas, day),
            legend,
            striped_sample: palette::bloc_fill(Bloc::Nato),
        }
    }

    /// Whether a unit is drawn as context (unknown units are).
    pub fn is_context(&self, unit: u32) -> bool {
        self.units.get(unit as usize).is_none_or(|l| l.context)
    }

    /// The fill of the unit drawn on a piece (context grey where none is).
    pub fn fill_of(&self, owner: Option<u32>) -> Rgba {
        owner
            .and_then(|u| self.units.get(u as usize))
            .map_or(palette::CONTEXT_FILL, |l| l.fill)
    }

    /// Whether the unit drawn on a piece is striped.
    pub fn striped(&self, owner: Option<u32>) -> bool {
        owner
            .and_then(|u| self.units.get(u as usize))
            .is_some_and(|l| l.striped)
    }
}

/// How a status in an organisation is drawn: its colour, and whether striped. Members have the
/// organisation's colour, special terms are striped, associates and observers lighter (observers
/// striped too), inactive members grey and striped, non-members as units of no bloc.
pub fn member_look(org: &Organisation, status: Option<MemberStatus>) -> (Rgba, bool) {
    let base = palette::organisation_fill(org.palette);
    let light = base.lerp(Rgba::rgb(255, 255, 255), 0.55);
    match status {
        Some(MemberStatus::Member) => (base, false),
        Some(MemberStatus::Partial) => (base, true),
        Some(MemberStatus::Associate) => (light, false),
        Some(MemberStatus::Observer) => (light, true),
        Some(MemberStatus::Inactive) => (palette::bloc_fill(Bloc::None), true),
        None => (palette::bloc_fill(Bloc::None), false),
    }
}

/// Every unit's name in force on `day`.
fn names_on(atlas: &Atlas, day: Day) -> Vec<String> {
    atlas
        .units
        .iter()
        .map(|u| u.name_on(day).to_string())
        .collect()
}

/// Who owns each piece of a geometry level on `day` (by piece position), as unit indices.
pub fn owners(atlas: &Atlas, geometry: &MapGeometry, day: Day) -> Vec<Option<u32>> {
    OwnerIndex::new(atlas, geometry).owners(day)
}

/// Who may hold each piece of a geometry level, and when, by piece position: built once per
/// atlas and level, so that the owners of a day are a walk over small lists, without a lookup
/// by name.
#[derive(Clone, Debug, Default)]
pub struct OwnerIndex {
    /// For each piece: the intervals of its territory rows with their unit, then its context
    /// unit (for a piece no territory row names).
    pieces: Vec<PieceHolders>,
}

/// The territory rows of one piece (interval, unit) and its context unit.
type PieceHolders = (Vec<(bloc_model::Interval, u32)>, Option<u32>);

impl OwnerIndex {
    /// The index of a level's pieces in an atlas.
    pub fn new(atlas: &Atlas, geometry: &MapGeometry) -> OwnerIndex {
        let pieces = geometry
            .pieces
            .iter()
            .map(|p| {
                let (rows, context) = atlas.holders_of_piece(&p.id);
                let rows = rows
                    .into_iter()
                    .filter_map(|t| Some((t.interval, atlas.index_of(&t.unit)?)))
                    .collect::<Vec<_>>();
                let context = if rows.is_empty() {
                    context.and_then(|u| atlas.index_of(&u.id))
                } else {
                    None
                };
                (rows, context)
            })
            .collect();
        OwnerIndex { pieces }
    }

    /// Who owns each piece on `day`.
    pub fn owners(&self, day: Day) -> Vec<Option<u32>> {
        self.pieces
            .iter()
            .map(|(rows, context)| {
                rows.iter()
                    .find(|(i, _)| i.contains(day))
                    .map(|&(_, u)| u)
                    .or(*context)
            })
            .collect()
    }
}

/// A key that changes whenever the owners do: the epoch, for caches of borders and labels.
pub fn epoch_of(owners: &[Option<u32>]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    owners.hash(&mut h);
    h.finish()
}

/// Units outlined on the map: the selection, and the units of the chosen excerpt or stop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Outlined {
    /// The selected unit (outlined in black).
    pub selected: Option<u32>,
    /// Highlighted units (outlined in wine red).
    pub highlighted: Vec<u32>,
}

impl Outlined {
    /// Units outlined by id, as a tour stop or an export names them (unknown ids are left out).
    pub fn by_ids(atlas: &Atlas, ids: &[String]) -> Outlined {
        Outlined {
            selected: None,
            highlighted: ids.iter().filter_map(|id| atlas.index_of(id)).collect(),
        }
    }
}

/// The picture of a day on one geometry level.
#[derive(Clone, Debug)]
pub struct Scene {
    /// What each unit looks like.
    pub looks: std::sync::Arc<Looks>,
    /// Who owns each piece (by position in the level).
    pub owners: Vec<Option<u32>>,
    /// What is outlined.
    pub outlined: Outlined,
}

impl Scene {
    /// The scene of `day` on a layer and a geometry level.
    pub fn of(
        atlas: &Atlas,
        geometry: &MapGeometry,
        day: Day,
        layer: &Layer,
        outlined: Outlined,
    ) -> Scene {
        Scene {
            looks: std::sync::Arc::new(Looks::on(atlas, day, layer)),
            owners: owners(atlas, geometry, day),
            outlined,
        }
    }

    /// The fill of a piece.
    pub fn piece_fill(&self, piece: usize) -> Rgba {
        self.looks
            .fill_of(self.owners.get(piece).copied().flatten())
    }

    /// Whether a piece is striped.
    pub fn piece_striped(&self, piece: usize) -> bool {
        self.looks
            .striped(self.owners.get(piece).copied().flatten())
    }

    /// The pieces each unit owns, by unit index.
    pub fn pieces_of_units(&self) -> Vec<Vec<usize>> {
        let mut pieces = vec![Vec::new(); self.looks.units.len()];
        for (p, owner) in self.owners.iter().enumerate() {
            if let Some(list) = owner.and_then(|u| pieces.get_mut(u as usize)) {
                list.push(p);
            }
        }
        pieces
    }

    /// The borders of the day: between different units, and coasts.
    pub fn borders(&self, geometry: &MapGeometry) -> Borders {
        borders(geometry, &self.owners, &self.looks)
    }

    /// The boundary of a set of units: runs between one of them and anything else, and their
    /// coasts.
    pub fn outline(&self, geometry: &MapGeometry, units: &[u32]) -> Borders {
        outline(geometry, &self.owners, units)
    }
}

/// The borders of an epoch: between different units, and coasts.
pub fn borders(geometry: &MapGeometry, owners: &[Option<u32>], looks: &Looks) -> Borders {
    geometry.borders(owners, |u| looks.is_context(u))
}

/// The boundary of a set of units on a level with these owners.
pub fn outline(geometry: &MapGeometry, owners: &[Option<u32>], units: &[u32]) -> Borders {
    if units.is_empty() {
        return Borders::default();
    }
    // 0 = in the set, 1 = anything else (treated as context so that its coasts drop out).
    let class: Vec<Option<u32>> = owners
        .iter()
        .map(|o| match o {
            Some(u) if units.contains(u) => Some(0),
            _ => Some(1),
        })
        .collect();
    let mut borders = geometry.borders(&class, |c| c == 1);
    borders.runs.retain(|r| r.kind != BorderKind::Context);
    borders
}

/// The width (in points, before scaling) and colour of a border run of this kind.
pub fn border_style(kind: BorderKind) -> (f32, Rgba) {
    match kind {
        BorderKind::Border => (palette::width::BORDER, palette::BORDER),
        BorderKind::Coast => (palette::width::COAST, palette::COAST),
        BorderKind::Context => (palette::width::CONTEXT, palette::CONTEXT_BORDER),
    }
}

/// How much thinner lines are drawn when zoomed out to the whole world, and thicker when zoomed
/// in, for a scale in metres per point.
pub fn zoom_line_factor(metres_per_point: f64) -> f32 {
    (2_500.0 / metres_per_point).clamp(0.6, 1.6) as f32
}
