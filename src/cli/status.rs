//! `bloc-atlas status --date D`: every unit that exists on a day, with its bloc.

use std::path::PathBuf;

use super::parse::parse_day;
use super::{Context, Exit, Format, dir_of, in_coverage, open, print_rows, row, usage};
use crate::model::Day;

/// Every unit that exists on a day, with its bloc.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The day, as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    date: Day,
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Prints the units of the day.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    in_coverage(&atlas, args.date, cx.today).map_err(usage)?;
    let rows: Vec<[String; 4]> = atlas
        .units_on(args.date)
        .map(|u| row(&atlas, u, args.date))
        .collect();
    print_rows(cx.out, &rows, args.format);
    Ok(0)
}
