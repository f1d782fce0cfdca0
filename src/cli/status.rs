//! `bloc-atlas status --date D`: every unit that exists on a day, with its bloc.

use std::path::PathBuf;

use super::parse::parse_day;
use super::{
    Context, Exit, Format, SHOWN_CHARS, dir_of, in_coverage, open, print_rows, row, usage,
};
use crate::model::{Day, Layer, UnitKind, clip};

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
    /// The layer: `alignment` (default: each unit's bloc) or an organisation's id (each unit's
    /// status in it: member, partial, associate, observer, inactive or none).
    #[arg(long, value_name = "ID")]
    layer: Option<String>,
}

/// Prints the units of the day.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    in_coverage(&atlas, args.date, cx.today).map_err(usage)?;
    let layer = super::layer_of(&atlas, args.layer.as_deref())?;
    let Layer::Organisation(org) = layer else {
        let rows: Vec<[String; 4]> = atlas
            .units_on(args.date)
            .map(|u| row(&atlas, u, args.date))
            .collect();
        print_rows(cx.out, &rows, args.format);
        return Ok(0);
    };
    let members = atlas.member_rows_on(&org, args.date);
    let rows: Vec<[String; 4]> = atlas
        .units
        .iter()
        .zip(&members)
        .filter(|(u, _)| u.kind != UnitKind::Context && u.exists_on(args.date))
        .map(|(u, m)| {
            [
                u.id.clone(),
                clip(u.name_on(args.date), SHOWN_CHARS).into_owned(),
                m.map_or("none".to_string(), |m| m.status.to_string()),
                m.and_then(|m| m.detail.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    super::print_table(
        cx.out,
        ["id", "name", "status", "detail"],
        &rows,
        args.format,
    );
    Ok(0)
}
