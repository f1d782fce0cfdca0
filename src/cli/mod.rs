//! The command line: the window (no subcommand), and `status`, `query`, `history`, `render`,
//! `tour` and `check`, one file each; this file parses the arguments, runs the subcommand and
//! turns its outcome into output and an exit status.
//!
//! Exit status: 0 for an answer, 1 when there is nothing to answer (a point at sea, an atlas
//! or tour with problems), 2 for a bad argument or an atlas that cannot be read. Errors are one
//! line. Output goes through one place, so that user data never reaches the terminal with its
//! control characters, and an output that cannot be written is an error.

mod check;
mod events;
mod excerpts;
mod history;
mod layers;
mod parse;
mod query;
mod render;
mod status;
mod tour;
mod window;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::model::{Atlas, AtlasDir, Day, Loaded, Problem, Unit, load};

/// Bloc Atlas: which bloc every European state belonged to, on the day.
#[derive(Parser, Debug)]
#[command(name = "bloc-atlas", version, about, long_about = None)]
pub struct Cli {
    /// What to do. Without a subcommand, the map window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The window: start on this day (YYYY-MM-DD) instead of the one remembered.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse::parse_day)]
    pub date: Option<Day>,
    /// The window: start looking at `europe`, `world`, or a box WEST,SOUTH,EAST,NORTH in degrees.
    #[arg(long, value_name = "europe|world|W,S,E,N", value_parser = parse::parse_view, allow_hyphen_values = true)]
    pub view: Option<crate::scene::framing::ViewArg>,
    /// The window: start afresh, neither reading nor saving the remembered date, view and panels.
    #[arg(long)]
    pub fresh: bool,
    /// The window: open this atlas folder instead of the bundled atlas (its problems are listed
    /// in the window, which shows what is valid).
    #[arg(long, value_name = "DIR")]
    pub atlas: Option<PathBuf>,
    /// The window: open this tour file (see docs/tours.md); F5 presents it.
    #[arg(long, value_name = "FILE.toml")]
    pub tour: Option<PathBuf>,
    /// The window: start at this stop of the tour (counting from 1), e.g. to resume a lecture.
    #[arg(long, value_name = "N", requires = "tour")]
    pub stop: Option<usize>,
    /// The window: start in presentation mode (fullscreen, projector theme).
    #[arg(long)]
    pub present: bool,
    /// The window: save a PNG screenshot of the first frames, then quit (for tests).
    #[arg(long, value_name = "FILE.png", hide = true)]
    pub screenshot: Option<PathBuf>,
    /// The window: quit after this many frames, printing peak memory (for benchmarks).
    #[arg(long, value_name = "N", hide = true)]
    pub exit_after_frames: Option<u64>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Every layer of the map: the alignment and each organisation, with its kind and years.
    Layers(layers::Args),
    /// Every unit that exists on a day, with its bloc (or its status in an organisation).
    Status(status::Args),
    /// The unit covering a point on a day.
    Query(query::Args),
    /// A unit's existence, names, borders, memberships and events, with their sources.
    History(history::Args),
    /// The events (crises, wars, treaties, speeches, border changes, memberships), by date.
    Events(events::Args),
    /// The quoted source passages, all or those of a day.
    Excerpts(excerpts::Args),
    /// Draw the map of a day into a PNG image, or of a range of days into an animated GIF,
    /// with title, date, legend and credit.
    Render(render::Args),
    /// Check a tour file against an atlas and list its stops.
    Tour(tour::Args),
    /// Validate an atlas folder (the bundled atlas by default) and list every problem.
    Check(check::Args),
}

/// How `status` and `query` print their rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// Tab-separated values with a header line: id, name, bloc, detail.
    Tsv,
}

/// A failure that ends the command with a given exit status.
#[derive(Debug)]
pub(crate) struct Exit {
    code: u8,
    message: String,
}

/// What a subcommand writes to, and the day it takes as today.
pub(crate) struct Context<'a> {
    /// Today (read from the clock once, in [`main`]).
    pub today: Day,
    /// Standard output.
    pub out: &'a mut String,
    /// Standard error: warnings.
    pub warnings: &'a mut String,
}

/// Runs the command line with the process's arguments: the window without a subcommand.
pub fn main() -> ExitCode {
    crate::ui::mark_start();
    // The one place the clock is read: everything below is given this day as "today".
    let today = Day::system_today();
    if let Ok(cli) = Cli::try_parse()
        && cli.command.is_none()
    {
        return window::run(cli, today);
    }
    run(
        std::env::args_os(),
        today,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Runs the command line with these arguments and this day as today, writing to `out` and
/// `err`.
pub fn run<I, T>(
    args: I,
    today: Day,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = write!(out, "{}", e.render());
                return ExitCode::SUCCESS;
            }
            // One line: clap's message up to its usage block, with the missing or bad
            // arguments it lists on the lines below the first joined on.
            let rendered = e.render().to_string();
            let line = rendered
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ");
            let line = if line.is_empty() {
                "error: bad arguments".to_string()
            } else {
                line
            };
            let _ = writeln!(err, "{line} (see bloc-atlas --help)");
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    let mut warnings = String::new();
    let result = execute(cli, today, &mut text, &mut warnings);
    // User data (names, captions, ids) never reaches the terminal with its control characters.
    let _ = err.write_all(crate::model::for_terminal(&warnings).as_bytes());
    if let Err(e) = out
        .write_all(crate::model::for_terminal(&text).as_bytes())
        .and_then(|()| out.flush())
    {
        let _ = writeln!(err, "error: cannot write the output: {e}");
        return ExitCode::from(2);
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(err, "error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

pub(crate) fn usage(e: anyhow::Error) -> Exit {
    Exit {
        code: 2,
        message: format!("{e:#}"),
    }
}

fn execute(cli: Cli, today: Day, out: &mut String, warnings: &mut String) -> Result<u8, Exit> {
    let mut cx = Context {
        today,
        out,
        warnings,
    };
    match cli.command {
        None => {
            let _ = writeln!(
                cx.out,
                "Bloc Atlas — which bloc every European state belonged to, on the day.\n\n\
                 Try:\n  bloc-atlas status --date 1955-05-14\n  \
                 bloc-atlas query --date 1961-08-13 --lonlat 13.40,52.52\n  \
                 bloc-atlas history DEU\n  bloc-atlas check\n\n\
                 Without a subcommand, bloc-atlas opens the map window. See bloc-atlas --help."
            );
            Ok(0)
        }
        Some(Command::Layers(args)) => layers::run(args, &mut cx),
        Some(Command::Status(args)) => status::run(args, &mut cx),
        Some(Command::Query(args)) => query::run(args, &mut cx),
        Some(Command::History(args)) => history::run(args, &mut cx),
        Some(Command::Events(args)) => events::run(args, &mut cx),
        Some(Command::Excerpts(args)) => excerpts::run(args, &mut cx),
        Some(Command::Render(args)) => render::run(args, &mut cx),
        Some(Command::Tour(args)) => tour::run(args, &mut cx),
        Some(Command::Check(args)) => check::run(args, &mut cx),
    }
}

pub(crate) fn dir_of(path: Option<PathBuf>) -> anyhow::Result<AtlasDir> {
    match path {
        None => Ok(AtlasDir::Bundled),
        Some(p) if p.is_dir() => Ok(AtlasDir::Folder(p)),
        Some(p) if p.exists() => bail!("{} is not a folder", p.display()),
        Some(p) => bail!("no such folder: {}", p.display()),
    }
}

/// Loads an atlas for answering, warning about its problems.
pub(crate) fn open(dir: &AtlasDir, warnings: &mut String) -> anyhow::Result<Atlas> {
    let Loaded {
        atlas, problems, ..
    } = load(dir);
    warn(warnings, &problems, dir);
    if atlas.units.is_empty() {
        return Err(anyhow!("the atlas has no usable units"))
            .with_context(|| format!("cannot use the atlas {}", dir.display("")));
    }
    Ok(atlas)
}

pub(crate) fn warn(warnings: &mut String, problems: &[Problem], dir: &AtlasDir) {
    if problems.is_empty() {
        return;
    }
    for p in problems.iter().take(5) {
        let _ = writeln!(warnings, "warning: {p}");
    }
    let folder = match dir {
        AtlasDir::Bundled => String::new(),
        AtlasDir::Folder(p) => format!(" {}", p.display()),
        AtlasDir::Memory(_) => " in memory".to_string(),
    };
    let _ = writeln!(
        warnings,
        "warning: {} problem(s) in the atlas; answering from the valid rows (see bloc-atlas check{folder})",
        crate::model::thousands(crate::model::problem_count(problems))
    );
}

pub(crate) fn in_coverage(atlas: &Atlas, date: Day, today: Day) -> anyhow::Result<()> {
    if date < atlas.coverage_from {
        bail!(
            "{date} is before the atlas's coverage, which starts on {}",
            atlas.coverage_from
        );
    }
    if date > today {
        bail!("{date} is in the future (today is {today})");
    }
    Ok(())
}

/// How much of a name, title or caption a line of output shows.
pub(crate) const SHOWN_CHARS: usize = 200;

pub(crate) fn row(atlas: &Atlas, unit: &Unit, date: Day) -> [String; 4] {
    let standing = atlas.standing(&unit.id, date);
    [
        unit.id.clone(),
        crate::model::clip(unit.name_on(date), SHOWN_CHARS).into_owned(),
        standing.bloc.to_string(),
        standing.detail(),
    ]
}

/// One field of a TSV line: tabs and line breaks would break the columns.
pub(crate) fn tsv_field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

pub(crate) fn print_rows(out: &mut String, rows: &[[String; 4]], format: Format) {
    print_table(out, ["id", "name", "bloc", "detail"], rows, format);
}

/// Rows under a header, as aligned columns or TSV.
pub(crate) fn print_table(
    out: &mut String,
    header: [&str; 4],
    rows: &[[String; 4]],
    format: Format,
) {
    match format {
        Format::Tsv => {
            let _ = writeln!(out, "{}", header.join("\t"));
            for r in rows {
                let fields: Vec<String> = r.iter().map(|f| tsv_field(f)).collect();
                let _ = writeln!(out, "{}", fields.join("\t"));
            }
        }
        Format::Table => {
            let mut widths = header.map(|h| h.chars().count());
            for r in rows {
                for (w, f) in widths.iter_mut().zip(r) {
                    *w = (*w).max(f.chars().count());
                }
            }
            let mut line = |fields: [&str; 4]| {
                let mut l = String::new();
                for (i, f) in fields.iter().enumerate() {
                    if i == 3 {
                        l.push_str(f);
                    } else {
                        let pad = widths[i] - f.chars().count();
                        let _ = write!(l, "{f}{}  ", " ".repeat(pad));
                    }
                }
                let _ = writeln!(out, "{}", l.trim_end());
            };
            line(header);
            for r in rows {
                line([&r[0], &r[1], &r[2], &r[3]]);
            }
        }
    }
}

/// The layer an id names, or exit 2 with the ids there are.
pub(crate) fn layer_of(atlas: &Atlas, id: Option<&str>) -> Result<crate::model::Layer, Exit> {
    let layer = crate::model::Layer::from_id(id.unwrap_or("alignment"));
    match &layer {
        crate::model::Layer::Organisation(org) if atlas.organisation(org).is_none() => Err(Exit {
            code: 2,
            message: format!(
                "unknown layer '{}': the layers are {}",
                crate::model::quoted(org),
                atlas
                    .layers()
                    .iter()
                    .map(|l| l.id().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        _ => Ok(layer),
    }
}

/// Rows of any number of columns under a header: aligned for people (the last column runs on),
/// or TSV.
pub(crate) fn print_columns(
    out: &mut String,
    header: &[&str],
    rows: &[Vec<String>],
    format: Format,
) {
    match format {
        Format::Tsv => {
            let _ = writeln!(out, "{}", header.join("\t"));
            for r in rows {
                let fields: Vec<String> = r.iter().map(|f| tsv_field(f)).collect();
                let _ = writeln!(out, "{}", fields.join("\t"));
            }
        }
        Format::Table => {
            let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
            for r in rows {
                for (w, f) in widths.iter_mut().zip(r) {
                    *w = (*w).max(f.chars().count());
                }
            }
            let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            for r in std::iter::once(&header).chain(rows) {
                let mut line = String::new();
                for (i, f) in r.iter().enumerate() {
                    if i + 1 == r.len() {
                        line.push_str(&tsv_field(f));
                    } else {
                        let pad = widths[i] - f.chars().count();
                        let _ = write!(line, "{}{}  ", tsv_field(f), " ".repeat(pad));
                    }
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
    }
}
