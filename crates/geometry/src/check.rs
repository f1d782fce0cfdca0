//! `bloc-atlas check`: every problem of an atlas folder, tables and geometry together.
//!
//! Loading ([`bloc_model::load`]) already reports problems inside the tables. This adds what
//! needs the geometry or the whole timeline: pieces that are missing, unused, invalid or
//! overlapping, units that exist on a day without any territory, and pieces that belong to no
//! unit on some day. Every check runs on each day on which anything changes.

use std::collections::{HashMap, HashSet};

use crate::{Pieces, overlap};
use bloc_model::{Atlas, AtlasDir, Loaded, Problem, ProblemKind, UnitKind, load};

/// What a check found, and how much it looked at.
#[derive(Debug)]
pub struct Report {
    /// Every problem, sorted by file and place.
    pub problems: Vec<Problem>,
    /// Units and context units read.
    pub units: usize,
    /// Pieces in the detailed geometry.
    pub pieces: usize,
    /// Days on which something changes, each checked.
    pub days: usize,
}

/// Checks an atlas folder completely.
pub fn check(dir: &AtlasDir) -> Report {
    let Loaded {
        atlas,
        mut problems,
        unreadable,
        rejected,
    } = load(dir);
    let atlas = &atlas;
    let low_path = atlas.geometry_paths.low.clone();
    let high_path = atlas.geometry_paths.high.clone();
    // The geometry may be the bundled atlas's, for an atlas that extends it.
    let dir = &atlas.geometry_paths.dir;
    let (low, low_problems) = Pieces::load(dir, &low_path);
    let (high, high_problems) = Pieces::load(dir, &high_path);
    // A level lacks the pieces it refused (or all of them, when the file could not be read):
    // comparing the levels would only repeat those problems as "missing" pieces.
    let refused = |ps: &[Problem]| -> Option<HashSet<String>> {
        let mut ids = HashSet::new();
        for p in ps {
            match &p.kind {
                ProblemKind::RefusedFeature(Some(id)) => {
                    ids.insert(id.clone());
                }
                // A feature whose JSON is broken: its piece is not known.
                ProblemKind::RefusedFeature(None) => {}
                // The file, or more features than are listed.
                _ => return None,
            }
        }
        Some(ids)
    };
    let (low_refused, high_refused) = (refused(&low_problems), refused(&high_problems));
    problems.extend(low_problems);
    problems.extend(high_problems);
    if let Some(rel) = &atlas.geometry_paths.lines {
        problems.extend(line_problems(atlas, dir, rel));
    }

    let projection = crate::projection::Projection::epsg3035();
    for (pieces, rel, detail) in [
        (&low, &low_path, crate::Detail::Low),
        (&high, &high_path, crate::Detail::High),
    ] {
        let shown = dir.display(rel);
        geometry_problems(atlas, pieces, &shown, &mut problems);
        if let Ok(projection) = &projection {
            let drawn = crate::mesh::MapGeometry::build_outlines(pieces, detail, projection);
            problems
                .extend(drawn.undrawn_problems(pieces, &shown, |id| atlas.is_context_piece(id)));
        }
    }
    let (low_shown, high_shown) = (dir.display(&low_path), dir.display(&high_path));
    let pairs = [
        (&low, &low_shown, &high, &high_shown, &high_refused),
        (&high, &high_shown, &low, &low_shown, &low_refused),
    ];
    for (a, a_shown, b, b_shown, b_refused) in pairs {
        // Nothing to compare against a file that could not be read at all.
        let Some(b_refused) = b_refused else { continue };
        for p in a
            .iter()
            .filter(|p| b.get(&p.id).is_none() && !b_refused.contains(&p.id))
        {
            let message = format!("this piece is missing from {b_shown}");
            problems.push(Problem::feature(a_shown, p.index, Some(&p.id), message));
        }
    }
    // With a table file unreadable or a unit row refused, pieces and units would look orphaned
    // only because of it.
    let complete = unreadable.is_empty() && rejected == 0;
    reference_problems(atlas, &high, &high_shown, complete, &mut problems);
    if complete {
        timeline_problems(atlas, &mut problems);
    }

    problems.sort();
    problems.dedup();
    // At most the first problems of each file, and a count of the rest.
    let mut bounded = bloc_model::ProblemList::new();
    bounded.extend(problems);
    let problems = bounded.into_vec();
    Report {
        units: atlas.units.len(),
        pieces: high.len(),
        days: atlas.change_days().len(),
        problems,
    }
}

/// Invalid shapes, and overlaps between pieces, in one geometry file.
fn geometry_problems(atlas: &Atlas, pieces: &Pieces, shown: &str, problems: &mut Vec<Problem>) {
    for (i, message) in overlap::invalid(pieces) {
        let p = pieces.by_position(i);
        problems.push(Problem::feature(shown, p.index, Some(&p.id), message));
    }
    for o in overlap::overlaps(pieces) {
        let (a, b) = (pieces.by_position(o.a), pieces.by_position(o.b));
        let when = common_day(atlas, &a.id, &b.id)
            .map(|(day, ua, ub)| {
                format!(
                    "; on {day} they belong to {ua} and {ub}: units valid on the same day overlap"
                )
            })
            .unwrap_or_default();
        problems.push(Problem::feature(
            shown,
            a.index,
            Some(&a.id),
            format!(
                "overlaps piece {} (feature {}) over about {:.2} km²{when}",
                b.id, b.index, o.area_km2
            ),
        ));
    }
}

/// The first change day on which both pieces are on the map, with their units.
fn common_day(atlas: &Atlas, a: &str, b: &str) -> Option<(String, String, String)> {
    atlas.change_days().into_iter().find_map(|day| {
        let ua = atlas.owner_of_piece(a, day)?;
        let ub = atlas.owner_of_piece(b, day)?;
        Some((day.to_string(), ua.unit.id.clone(), ub.unit.id.clone()))
    })
}

/// Pieces named by the tables but missing from the map, and map pieces no one covers.
fn reference_problems(
    atlas: &Atlas,
    pieces: &Pieces,
    shown: &str,
    complete: bool,
    problems: &mut Vec<Problem>,
) {
    let places = atlas.places();
    let mut referenced = HashSet::new();
    for (i, t) in atlas.territories.iter().enumerate() {
        for p in &t.pieces {
            referenced.insert(p.as_str());
            if pieces.get(p).is_none() {
                problems.push(places.at_territory(
                    i,
                    format!("territory of {}: piece '{p}' is not in {shown}", t.unit),
                ));
            }
        }
    }
    for u in atlas.units.iter().filter(|u| u.kind == UnitKind::Context) {
        referenced.insert(u.id.as_str());
        if pieces.get(&u.id).is_none() {
            problems.push(places.at_unit(
                &u.id,
                format!("context {}: there is no piece '{}' in {shown}", u.id, u.id),
            ));
        }
    }
    if !complete {
        return;
    }
    for p in pieces
        .iter()
        .filter(|p| !referenced.contains(p.id.as_str()))
    {
        problems.push(Problem::feature(
            shown,
            p.index,
            Some(&p.id),
            "no unit or context covers this piece on any day",
        ));
    }
}

/// On every change day: units that exist without territory, and pieces left without a unit.
fn timeline_problems(atlas: &Atlas, problems: &mut Vec<Problem>) {
    let places = atlas.places();
    let mut reported_units = HashSet::new();
    let mut reported_pieces = HashSet::new();
    let mut first_row_of_piece: HashMap<&str, usize> = HashMap::new();
    for (i, t) in atlas.territories.iter().enumerate() {
        for p in &t.pieces {
            first_row_of_piece.entry(p.as_str()).or_insert(i);
        }
    }
    let mut pieces: Vec<(&str, usize)> = first_row_of_piece.into_iter().collect();
    pieces.sort_unstable();
    for day in atlas.change_days() {
        for u in atlas.units_on(day) {
            if atlas.pieces_of(&u.id, day).is_empty() && reported_units.insert(u.id.clone()) {
                problems.push(places.at_unit(
                    &u.id,
                    format!(
                        "unit {} exists on {day} but covers no piece of the map",
                        u.id
                    ),
                ));
            }
        }
        for &(piece, row) in &pieces {
            if atlas.owner_of_piece(piece, day).is_none() && reported_pieces.insert(piece) {
                problems.push(places.at_territory(
                    row,
                    format!(
                        "piece '{piece}' belongs to no unit on {day} (a gap between territory rows)"
                    ),
                ));
            }
        }
    }
}

/// The dated lines' problems: unreadable features, and sources the atlas does not define.
fn line_problems(atlas: &Atlas, dir: &AtlasDir, rel: &str) -> Vec<Problem> {
    let (lines, mut problems) = crate::lines::load(dir, rel);
    let shown = dir.display(rel);
    let known: HashSet<&str> = atlas.sources.iter().map(|s| s.id.as_str()).collect();
    for line in &lines {
        for s in line.sources.iter().filter(|s| !known.contains(s.as_str())) {
            problems.push(Problem::feature(
                &shown,
                line.index,
                Some(&line.id),
                format!("unknown source '{}'", bloc_model::quoted(s)),
            ));
        }
    }
    problems
}
