//! `bloc-atlas tour FILE`: check a tour against an atlas, list its stops, and rewrite it.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Context, Exit, SHOWN_CHARS, dir_of, open, usage};
use crate::model::clip;
use crate::tour::Tour;

/// Check a tour file against the atlas (the bundled one by default) and list its stops.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The tour file (see docs/tours.md).
    file: PathBuf,
    /// The atlas folder to check it against instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Save it again in the current format (atomically, keeping its comments and layout).
    #[arg(long)]
    rewrite: bool,
}

/// Lists the stops and the tour's problems; exits 1 when there are any.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let Args {
        file,
        atlas,
        rewrite,
    } = args;
    let tour = Tour::load(&file).map_err(|p| Exit {
        code: 2,
        message: p.to_string(),
    })?;
    let atlas = open(&dir_of(atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    let problems = tour.check(&atlas, &file.display().to_string(), cx.today);
    let title = if tour.title.is_empty() {
        "untitled tour".into()
    } else {
        clip(&tour.title, SHOWN_CHARS)
    };
    let _ = writeln!(cx.out, "{title}: {} stop(s)", tour.stops.len());
    for (i, stop) in tour.stops.iter().enumerate() {
        let caption = clip(stop.caption.lines().next().unwrap_or(""), SHOWN_CHARS);
        let _ = writeln!(cx.out, "{:>3}. {}  {caption}", i + 1, stop.date);
    }
    for p in &problems {
        let _ = writeln!(cx.out, "{p}");
    }
    if rewrite {
        tour.save(&file).map_err(usage)?;
        let _ = writeln!(cx.out, "rewrote {}", file.display());
    }
    Ok(u8::from(!problems.is_empty()))
}
