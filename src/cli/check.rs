//! `bloc-atlas check [DIR]`: validate an atlas folder and list every problem.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Context, Exit, dir_of, usage};
use crate::model::{problem_count, thousands};

/// Validate an atlas folder (the bundled atlas by default) and list every problem.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The atlas folder.
    dir: Option<PathBuf>,
}

/// Lists the problems; exits 1 when there are any.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let dir = dir_of(args.dir).map_err(usage)?;
    let report = crate::check::check(&dir);
    for p in &report.problems {
        let _ = writeln!(cx.out, "{p}");
    }
    let _ = writeln!(
        cx.out,
        "{} problem(s); checked {} units, {} pieces, {} days on which something changes",
        thousands(problem_count(&report.problems)),
        report.units,
        report.pieces,
        report.days
    );
    Ok(u8::from(!report.problems.is_empty()))
}
