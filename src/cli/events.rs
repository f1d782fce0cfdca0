//! `bloc-atlas events`: the atlas's events — crises, wars, treaties, speeches, border changes
//! and memberships — with their places, sorted by date.

use std::path::PathBuf;

use super::parse::parse_day;
use super::{Context, Exit, Format, SHOWN_CHARS, dir_of, open, usage};
use crate::model::{Day, EventKind, clip};

/// The events, sorted by date.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only events that end on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    from: Option<Day>,
    /// Only events that begin on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    to: Option<Day>,
    /// Only events of this kind: crisis, war, treaty, speech, border or membership.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: Option<EventKind>,
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

fn parse_kind(s: &str) -> Result<EventKind, String> {
    s.parse()
}

/// Lists the events.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    let rows: Vec<Vec<String>> = atlas
        .events
        .iter()
        .filter(|e| args.kind.is_none_or(|k| e.kind == Some(k)))
        .filter(|e| args.to.is_none_or(|to| e.date <= to))
        .filter(|e| {
            // The last day of an event is the day before its `to`.
            let last = e.to.map_or(e.date, Day::previous);
            args.from.is_none_or(|from| last >= from)
        })
        .map(|e| {
            vec![
                e.date.to_string(),
                e.to.map(|d| d.to_string()).unwrap_or_default(),
                e.id.clone(),
                e.kind.map_or("", EventKind::as_str).to_string(),
                clip(&e.title, SHOWN_CHARS).into_owned(),
                e.units.join(" "),
                e.place
                    .as_ref()
                    .map(|p| format!("{:.2}", p.lon))
                    .unwrap_or_default(),
                e.place
                    .as_ref()
                    .map(|p| format!("{:.2}", p.lat))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    super::print_columns(
        cx.out,
        &["date", "to", "id", "kind", "title", "units", "lon", "lat"],
        &rows,
        args.format,
    );
    Ok(0)
}
