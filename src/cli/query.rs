//! `bloc-atlas query --date D --lonlat LON,LAT`: the unit covering a point on a day.

use std::path::PathBuf;

use super::parse::{parse_day, parse_lon_lat};
use super::{Context, Exit, Format, dir_of, in_coverage, open, print_rows, row, usage, warn};
use crate::geometry::Pieces;
use crate::model::{Day, UnitKind};

/// The unit covering a point on a day.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The day, as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    date: Day,
    /// The point, as longitude,latitude in degrees (e.g. 13.40,52.52).
    #[arg(long, value_name = "LON,LAT", value_parser = parse_lon_lat, allow_hyphen_values = true)]
    lonlat: [f64; 2],
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Prints the unit at the point, or exits 1 at sea.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let Args {
        date,
        lonlat,
        atlas,
        format,
    } = args;
    let dir = dir_of(atlas).map_err(usage)?;
    let atlas = open(&dir, cx.warnings).map_err(usage)?;
    in_coverage(&atlas, date, cx.today).map_err(usage)?;
    let (pieces, problems) = Pieces::load(&atlas.geometry_paths.dir, &atlas.geometry_paths.high);
    warn(cx.warnings, &problems, &dir);
    let found = pieces
        .at(lonlat)
        .into_iter()
        .find_map(|p| atlas.owner_of_piece(&p.id, date));
    let Some(owner) = found else {
        return Err(Exit {
            code: 1,
            message: format!(
                "no unit at {},{} on {date}: the point is at sea or off the map",
                lonlat[0], lonlat[1]
            ),
        });
    };
    let mut r = row(&atlas, owner.unit, date);
    if owner.unit.kind == UnitKind::Context {
        r[3] = "context: outside the atlas's coverage".into();
    }
    print_rows(cx.out, &[r], format);
    Ok(0)
}
