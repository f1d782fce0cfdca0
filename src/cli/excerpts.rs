//! `bloc-atlas excerpts`: the quoted source passages, all or those of a day, with their sources.

use std::path::PathBuf;

use super::parse::parse_day;
use super::{Context, Exit, Format, dir_of, open, usage};
use crate::model::Day;

/// The source excerpts, sorted by date.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only the excerpts that belong to this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    date: Option<Day>,
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Lists the excerpts.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    let rows: Vec<Vec<String>> = atlas
        .excerpts
        .iter()
        .filter(|x| args.date.is_none_or(|d| x.belongs_to(d)))
        .map(|x| {
            vec![
                x.date.to_string(),
                x.to.map(|d| d.to_string()).unwrap_or_default(),
                x.id.clone(),
                x.source.clone(),
                x.units.join(" "),
                x.text.clone(),
            ]
        })
        .collect();
    super::print_columns(
        cx.out,
        &["date", "to", "id", "source", "units", "text"],
        &rows,
        args.format,
    );
    Ok(0)
}
