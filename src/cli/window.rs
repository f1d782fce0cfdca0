//! `bloc-atlas` without a subcommand: the map window, with the options of its launch checked
//! first (an atlas folder that is none, a tour stop that does not exist, a day outside the
//! coverage), so that a mistake is one line on the terminal rather than a window that opens
//! wrong.

use std::process::ExitCode;

use super::{Cli, in_coverage};
use crate::model::{Atlas, Day, Dropped, classify};
use crate::ui::Launch;

/// Opens the window as the command line asks.
pub fn run(cli: Cli, today: Day) -> ExitCode {
    let launch = Launch {
        today,
        date: cli.date,
        view: cli.view,
        fresh: cli.fresh,
        screenshot: cli.screenshot,
        exit_after_frames: cli.exit_after_frames,
        atlas: cli.atlas,
        tour: cli.tour,
        stop: cli.stop,
        present: cli.present,
        recovery: eframe::storage_dir("Bloc Atlas").map(|d| d.join("recovery")),
    };
    if let Err(e) = check(&launch) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    match crate::ui::run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// What is wrong with the launch options, in one line.
fn check(launch: &Launch) -> Result<(), String> {
    if let Some(dir) = &launch.atlas
        && !matches!(classify(dir), Dropped::Atlas(_))
    {
        return Err(format!(
            "{} is not an atlas folder (a folder with atlas.toml in it)",
            dir.display()
        ));
    }
    if let Some(path) = &launch.tour {
        let tour = crate::tour::Tour::load(path).map_err(|p| p.to_string())?;
        if launch.stop.is_some_and(|n| n == 0 || n > tour.stops.len()) {
            return Err(format!(
                "{}: there is no stop {}; the tour has {} (counting from 1)",
                path.display(),
                launch.stop.unwrap_or(0),
                tour.stops.len()
            ));
        }
        if let Ok(atlas) = Atlas::bundled() {
            for p in tour.check(&atlas, &path.display().to_string(), launch.today) {
                eprintln!("warning: {p}");
            }
        }
    }
    if let Some(date) = launch.date {
        let atlas = Atlas::bundled().map_err(|e| e.to_string())?;
        in_coverage(&atlas, date, launch.today).map_err(|e| format!("{e:#}"))?;
    }
    Ok(())
}
