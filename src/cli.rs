//! The command line: `status`, `query`, `history` and `check` over an atlas.
//!
//! Exit status: 0 for an answer, 1 when there is nothing to answer (a point at sea, an atlas
//! with problems), 2 for a bad argument or an atlas that cannot be read. Errors are one line.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::check::check;
use crate::export::Step;
use crate::geometry::Pieces;
use crate::model::{Atlas, AtlasDir, Day, Loaded, Problem, Unit, UnitKind, load};
use crate::save::write_atomically;

/// Bloc Atlas: which bloc every European state belonged to, on the day.
#[derive(Parser, Debug)]
#[command(name = "bloc-atlas", version, about, long_about = None)]
pub struct Cli {
    /// What to do. Without a subcommand, the map window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The window: start on this day (YYYY-MM-DD) instead of the one remembered.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    pub date: Option<Day>,
    /// The window: start looking at `europe`, `world`, or a box WEST,SOUTH,EAST,NORTH in degrees.
    #[arg(long, value_name = "europe|world|W,S,E,N", value_parser = parse_view, allow_hyphen_values = true)]
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
    /// Every unit that exists on a day, with its bloc.
    Status {
        /// The day, as YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        date: Day,
        /// An atlas folder instead of the bundled atlas.
        #[arg(long, value_name = "DIR")]
        atlas: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The unit covering a point on a day.
    Query {
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
    },
    /// A unit's existence, names, borders, memberships and events, with their sources.
    History {
        /// The unit id (DEU, SUN, XWB, …).
        id: String,
        /// An atlas folder instead of the bundled atlas.
        #[arg(long, value_name = "DIR")]
        atlas: Option<PathBuf>,
    },
    /// Draw the map of a day into a PNG image, or of a range of days into an animated GIF,
    /// with title, date, legend and credit.
    Render {
        /// The day of a PNG, as YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, required_unless_present_any = ["from", "tour"], conflicts_with_all = ["from", "to", "step", "tour"])]
        date: Option<Day>,
        /// Draw a stop of a tour file: its date, view and outlined units (with --stop).
        #[arg(long, value_name = "FILE.toml", requires = "stop", conflicts_with_all = ["from", "to", "step", "view"])]
        tour: Option<PathBuf>,
        /// The stop of the tour to draw, counting from 1.
        #[arg(long, value_name = "N", requires = "tour")]
        stop: Option<usize>,
        /// The first day of a GIF.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day, requires_all = ["to", "step"])]
        from: Option<Day>,
        /// The last day of a GIF (included when a step lands on it).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        to: Option<Day>,
        /// The step between GIF frames: a number and d, w, m or y (1y, 6m, 2w, 10d).
        #[arg(long, value_name = "STEP", value_parser = parse_step)]
        step: Option<Step>,
        /// Seconds each GIF frame is shown (0.02 to 60; the last frame stays at least 3 s).
        #[arg(long, value_name = "SECONDS", default_value_t = 0.5, value_parser = parse_frame_seconds, allow_hyphen_values = true)]
        frame_seconds: f32,
        /// The area: `europe` (default), `world`, or a box WEST,SOUTH,EAST,NORTH in degrees.
        #[arg(long, value_name = "europe|world|W,S,E,N", value_parser = parse_view, allow_hyphen_values = true)]
        view: Option<crate::scene::framing::ViewArg>,
        /// Image size in pixels.
        #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1920x1080")]
        size: (u32, u32),
        /// Compress the PNG harder (smaller, slower).
        #[arg(long)]
        best: bool,
        /// The file to write, FILE.png for a day or FILE.gif for a range (replaced atomically).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check a tour file against the bundled atlas and list its stops.
    Tour {
        /// The tour file (see docs/tours.md).
        file: PathBuf,
        /// Save it again in the current format (atomically: the old file stays whole until the
        /// new one is complete).
        #[arg(long)]
        rewrite: bool,
    },
    /// Validate an atlas folder (the bundled atlas by default) and list every problem.
    Check {
        /// The atlas folder.
        dir: Option<PathBuf>,
    },
}

/// How `status` and `query` print their rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// Tab-separated values with a header line: id, name, bloc, detail.
    Tsv,
}

fn parse_day(s: &str) -> Result<Day, String> {
    s.parse::<Day>().map_err(|e| e.to_string())
}

fn parse_frame_seconds(s: &str) -> Result<f32, String> {
    use crate::export::{MAX_FRAME_SECONDS, MIN_FRAME_SECONDS};
    let bad = || {
        format!("'{s}' is not a number of seconds from {MIN_FRAME_SECONDS} to {MAX_FRAME_SECONDS}")
    };
    let v: f32 = s.trim().parse().map_err(|_| bad())?;
    if v.is_finite() && (MIN_FRAME_SECONDS..=MAX_FRAME_SECONDS).contains(&v) {
        Ok(v)
    } else {
        Err(bad())
    }
}

fn parse_step(s: &str) -> Result<Step, String> {
    s.parse()
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{s}' is not a size WIDTHxHEIGHT in pixels (e.g. 1920x1080)");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) {
        return Err(format!("'{s}': width and height must be 16 to 8192 pixels"));
    }
    Ok((w, h))
}

fn parse_view(s: &str) -> Result<crate::scene::framing::ViewArg, String> {
    use crate::scene::framing::ViewArg;
    match s {
        "europe" => return Ok(ViewArg::Europe),
        "world" => return Ok(ViewArg::World),
        _ => {}
    }
    let bad = || format!("'{s}' is not europe, world or WEST,SOUTH,EAST,NORTH in degrees");
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [w, so, e, n] = v[..] else {
        return Err(bad());
    };
    let ok = (-180.0..=180.0).contains(&w)
        && (-180.0..=180.0).contains(&e)
        && (-90.0..=90.0).contains(&so)
        && (-90.0..=90.0).contains(&n)
        && w < e
        && so < n;
    if !ok {
        return Err(format!(
            "'{s}' is not a box WEST,SOUTH,EAST,NORTH with west < east and south < north"
        ));
    }
    Ok(ViewArg::Box {
        west: w,
        south: so,
        east: e,
        north: n,
    })
}

fn parse_lon_lat(s: &str) -> Result<[f64; 2], String> {
    let bad = || format!("'{s}' is not LON,LAT in degrees (e.g. 13.40,52.52)");
    let (lon, lat) = s.split_once(',').ok_or_else(bad)?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "'{s}' is outside longitude -180..180, latitude -90..90"
        ));
    }
    Ok([lon, lat])
}

/// A failure that ends the command with a given exit status.
#[derive(Debug)]
struct Exit {
    code: u8,
    message: String,
}

/// Runs the command line with the process's arguments: the window without a subcommand.
pub fn main() -> ExitCode {
    crate::ui::mark_start();
    // The one place the clock is read: everything below is given this day as "today".
    let today = Day::system_today();
    if let Ok(cli) = Cli::try_parse()
        && cli.command.is_none()
    {
        let launch = crate::ui::Launch {
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
        if let Some(dir) = &launch.atlas
            && !matches!(crate::model::classify(dir), crate::model::Dropped::Atlas(_))
        {
            eprintln!(
                "error: {} is not an atlas folder (a folder with atlas.toml in it)",
                dir.display()
            );
            return ExitCode::from(2);
        }
        if let Some(path) = &launch.tour {
            match crate::tour::Tour::load(path) {
                Ok(tour) if launch.stop.is_some_and(|n| n == 0 || n > tour.stops.len()) => {
                    eprintln!(
                        "error: {}: there is no stop {}; the tour has {} (counting from 1)",
                        path.display(),
                        launch.stop.unwrap_or(0),
                        tour.stops.len()
                    );
                    return ExitCode::from(2);
                }
                Ok(tour) => {
                    if let Ok(atlas) = Atlas::bundled() {
                        for p in tour.check(&atlas, &path.display().to_string(), today) {
                            eprintln!("warning: {p}");
                        }
                    }
                }
                Err(p) => {
                    eprintln!("error: {p}");
                    return ExitCode::from(2);
                }
            }
        }
        if let Some(date) = launch.date
            && let Err(e) = Atlas::bundled()
                .map_err(|e| anyhow!("{e}"))
                .and_then(|a| in_coverage(&a, date, today))
        {
            eprintln!("error: {e:#}");
            return ExitCode::from(2);
        }
        return match crate::ui::run(launch) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        };
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

fn usage(e: anyhow::Error) -> Exit {
    Exit {
        code: 2,
        message: format!("{e:#}"),
    }
}

fn execute(cli: Cli, today: Day, out: &mut String, warnings: &mut String) -> Result<u8, Exit> {
    match cli.command {
        None => {
            let _ = writeln!(
                out,
                "Bloc Atlas — which bloc every European state belonged to, on the day.\n\n\
                 Try:\n  bloc-atlas status --date 1955-05-14\n  \
                 bloc-atlas query --date 1961-08-13 --lonlat 13.40,52.52\n  \
                 bloc-atlas history DEU\n  bloc-atlas check\n\n\
                 Without a subcommand, bloc-atlas opens the map window. See bloc-atlas --help."
            );
            Ok(0)
        }
        Some(Command::Status {
            date,
            atlas,
            format,
        }) => {
            let atlas = open(&dir_of(atlas).map_err(usage)?, warnings).map_err(usage)?;
            in_coverage(&atlas, date, today).map_err(usage)?;
            let rows: Vec<[String; 4]> =
                atlas.units_on(date).map(|u| row(&atlas, u, date)).collect();
            print_rows(out, &rows, format);
            Ok(0)
        }
        Some(Command::Query {
            date,
            lonlat,
            atlas,
            format,
        }) => {
            let dir = dir_of(atlas).map_err(usage)?;
            let atlas = open(&dir, warnings).map_err(usage)?;
            in_coverage(&atlas, date, today).map_err(usage)?;
            let (pieces, problems) =
                Pieces::load(&atlas.geometry_paths.dir, &atlas.geometry_paths.high);
            warn(warnings, &problems, &dir);
            let found = pieces
                .at(lonlat)
                .into_iter()
                .find_map(|p| atlas.owner_of_piece(&p.id, date));
            match found {
                Some(owner) => {
                    let mut r = row(&atlas, owner.unit, date);
                    if owner.unit.kind == UnitKind::Context {
                        r[3] = "context: outside the atlas's coverage".into();
                    }
                    print_rows(out, &[r], format);
                    Ok(0)
                }
                None => Err(Exit {
                    code: 1,
                    message: format!(
                        "no unit at {},{} on {date}: the point is at sea or off the map",
                        lonlat[0], lonlat[1]
                    ),
                }),
            }
        }
        Some(Command::History { id, atlas }) => {
            let atlas = open(&dir_of(atlas).map_err(usage)?, warnings).map_err(usage)?;
            let wanted = id.trim().to_ascii_uppercase();
            let unit = atlas.unit(&wanted).ok_or_else(|| Exit {
                code: 2,
                message: format!(
                    "unknown unit '{id}' (ids are like DEU, SUN, XWB: see bloc-atlas status)"
                ),
            })?;
            history(out, &atlas, unit);
            Ok(0)
        }
        Some(Command::Render {
            mut date,
            tour,
            stop,
            from,
            to,
            step,
            frame_seconds,
            view,
            size: (width, height),
            best,
            out: file,
        }) => {
            use crate::export::{Frame, Renderer, png};
            use crate::geometry::projection::Projection;
            use crate::scene::framing::ViewArg;
            let projection = Projection::epsg3035().map_err(|e| usage(e.into()))?;
            let mut area = view.unwrap_or(ViewArg::Europe).area(&projection);
            let mut highlighted = Vec::new();
            if let (Some(path), Some(n)) = (&tour, stop) {
                let tour = crate::tour::Tour::load(path).map_err(|p| Exit {
                    code: 2,
                    message: p.to_string(),
                })?;
                let count = tour.stops.len();
                let s = n
                    .checked_sub(1)
                    .and_then(|i| tour.stops.get(i))
                    .ok_or_else(|| Exit {
                        code: 2,
                        message: format!(
                            "{}: there is no stop {n}; the tour has {count} (counting from 1)",
                            path.display()
                        ),
                    })?;
                date = Some(s.date);
                if let Some(v) = s.view {
                    area = crate::scene::framing::stop_area(&projection, v);
                }
                highlighted.clone_from(&s.highlight);
            }
            // The overview geometry unless zoomed in as far as the window would use the
            // detailed one.
            let detail = crate::export::detail_for(area, width, height);
            let extension = file
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            let gif = match extension.as_deref() {
                Some("gif") => true,
                Some("png") => false,
                _ => {
                    return Err(usage(anyhow!(
                        "--out {}: the file must end in .png (one day) or .gif (a range of days); \
                         Bloc Atlas writes no other format",
                        file.display()
                    )));
                }
            };
            let renderer = Renderer::bundled(detail).map_err(usage)?;
            if let Some(date) = date {
                if gif {
                    return Err(usage(anyhow!(
                        "a single --date makes a PNG: use --out FILE.png, or --from, --to and --step for a GIF"
                    )));
                }
                in_coverage(renderer.atlas(), date, today).map_err(usage)?;
                let frame = Frame {
                    date,
                    area,
                    width,
                    height,
                    highlighted,
                };
                let image = renderer.draw(&frame).map_err(usage)?;
                let bytes = png(&image, best).map_err(usage)?;
                write_atomically(&file, &bytes).map_err(usage)?;
                let _ = writeln!(out, "wrote {} ({width}×{height}, {date})", file.display());
                return Ok(0);
            }
            let (Some(from), Some(to), Some(step)) = (from, to, step) else {
                return Err(usage(anyhow!("a GIF needs --from, --to and --step")));
            };
            if !gif {
                return Err(usage(anyhow!(
                    "--from, --to and --step make a GIF: use --out FILE.gif"
                )));
            }
            in_coverage(renderer.atlas(), from, today).map_err(usage)?;
            in_coverage(renderer.atlas(), to, today).map_err(usage)?;
            if to < from {
                return Err(usage(anyhow!("--to {to} is before --from {from}")));
            }
            let days = crate::export::frame_days(from, to, step);
            crate::export::gif_budget(days.len(), width, height).map_err(|e| usage(anyhow!(e)))?;
            let progress = progress_bar(days.len());
            let frames = days.iter().map(|&date| {
                progress.inc(1);
                renderer.draw(&Frame {
                    date,
                    area,
                    width,
                    height,
                    highlighted: Vec::new(),
                })
            });
            let bytes = crate::export::gif(frames, frame_seconds).map_err(usage)?;
            progress.finish_and_clear();
            write_atomically(&file, &bytes).map_err(usage)?;
            let _ = writeln!(
                out,
                "wrote {} ({width}×{height}, {} frames, {from} to {})",
                file.display(),
                days.len(),
                days.last().copied().unwrap_or(from)
            );
            Ok(0)
        }
        Some(Command::Tour { file, rewrite }) => {
            let tour = crate::tour::Tour::load(&file).map_err(|p| Exit {
                code: 2,
                message: p.to_string(),
            })?;
            let atlas = Atlas::bundled().map_err(|e| usage(anyhow!("{e}")))?;
            let problems = tour.check(&atlas, &file.display().to_string(), today);
            let _ = writeln!(
                out,
                "{}: {} stop(s)",
                if tour.title.is_empty() {
                    "untitled tour".into()
                } else {
                    crate::model::clip(&tour.title, SHOWN_CHARS)
                },
                tour.stops.len()
            );
            for (i, stop) in tour.stops.iter().enumerate() {
                let caption = stop.caption.lines().next().unwrap_or("");
                let caption = crate::model::clip(caption, SHOWN_CHARS);
                let _ = writeln!(out, "{:>3}. {}  {caption}", i + 1, stop.date);
            }
            for p in &problems {
                let _ = writeln!(out, "{p}");
            }
            if rewrite {
                tour.save(&file).map_err(usage)?;
                let _ = writeln!(out, "rewrote {}", file.display());
            }
            Ok(u8::from(!problems.is_empty()))
        }
        Some(Command::Check { dir }) => {
            let dir = dir_of(dir).map_err(usage)?;
            let report = check(&dir);
            for p in &report.problems {
                let _ = writeln!(out, "{p}");
            }
            let _ = writeln!(
                out,
                "{} problem(s); checked {} units, {} pieces, {} days on which something changes",
                crate::model::thousands(crate::model::problem_count(&report.problems)),
                report.units,
                report.pieces,
                report.days
            );
            Ok(if report.problems.is_empty() { 0 } else { 1 })
        }
    }
}

/// A progress bar for drawing `frames` frames, on standard error when it is a terminal
/// (hidden otherwise, so that logs and pipes get no control characters).
fn progress_bar(frames: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal as _;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(frames as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("drawing frames {bar:40} {pos}/{len}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// The atlas folder named on the command line, or the bundled atlas.
fn dir_of(path: Option<PathBuf>) -> anyhow::Result<AtlasDir> {
    match path {
        None => Ok(AtlasDir::Bundled),
        Some(p) if p.is_dir() => Ok(AtlasDir::Folder(p)),
        Some(p) if p.exists() => bail!("{} is not a folder", p.display()),
        Some(p) => bail!("no such folder: {}", p.display()),
    }
}

/// Loads an atlas for answering, warning about its problems.
fn open(dir: &AtlasDir, warnings: &mut String) -> anyhow::Result<Atlas> {
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

fn warn(warnings: &mut String, problems: &[Problem], dir: &AtlasDir) {
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

fn in_coverage(atlas: &Atlas, date: Day, today: Day) -> anyhow::Result<()> {
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
const SHOWN_CHARS: usize = 200;

fn row(atlas: &Atlas, unit: &Unit, date: Day) -> [String; 4] {
    let standing = atlas.standing(&unit.id, date);
    [
        unit.id.clone(),
        crate::model::clip(unit.name_on(date), SHOWN_CHARS).into_owned(),
        standing.bloc.to_string(),
        standing.detail(),
    ]
}

/// One field of a TSV line: tabs and line breaks would break the columns.
fn tsv_field(s: &str) -> String {
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

fn print_rows(out: &mut String, rows: &[[String; 4]], format: Format) {
    let header = ["id", "name", "bloc", "detail"];
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

fn cite(ids: &[String]) -> String {
    if ids.is_empty() {
        return "no source".into();
    }
    let named: Vec<String> = ids.iter().map(|s| format!("[{s}]")).collect();
    named.join(" ")
}

fn dating_lines(out: &mut String, d: &crate::model::Dating) {
    if d.uncertain {
        let _ = writeln!(
            out,
            "      uncertain: the day is not confirmed by our sources"
        );
    }
    if let Some(why) = &d.why {
        let _ = writeln!(out, "      why: {why}");
    }
    for a in &d.alternatives {
        let _ = writeln!(
            out,
            "      alternative {} {}: {} {}",
            a.field,
            a.date,
            a.why,
            cite(&a.sources)
        );
    }
}

fn history(out: &mut String, atlas: &Atlas, unit: &Unit) {
    let _ = writeln!(
        out,
        "{} — {}",
        unit.id,
        crate::model::clip(&unit.name, SHOWN_CHARS)
    );
    if unit.kind == UnitKind::Context {
        let _ = writeln!(
            out,
            "  context: drawn for orientation only, outside the atlas's coverage (bloc none)"
        );
        return;
    }
    let mut sources: Vec<&String> = Vec::new();
    let _ = writeln!(out, "  kind: {}", unit.kind.as_str());
    let _ = writeln!(out, "  exists: {}  {}", unit.existence, cite(&unit.sources));
    sources.extend(&unit.sources);
    dating_lines(out, &unit.dating);
    if let Some(note) = &unit.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if !unit.names.is_empty() {
        let _ = writeln!(out, "names:");
        for n in &unit.names {
            let _ = writeln!(
                out,
                "  {}  {}",
                n.interval,
                crate::model::clip(&n.name, SHOWN_CHARS)
            );
        }
    }
    let _ = writeln!(out, "territory:");
    for t in atlas.territories_of(&unit.id) {
        let _ = writeln!(
            out,
            "  {}  pieces {}  {}",
            t.interval,
            t.pieces.join(" + "),
            cite(&t.sources)
        );
        if let Some(note) = &t.note {
            let _ = writeln!(out, "      note: {note}");
        }
        dating_lines(out, &t.dating);
        sources.extend(&t.sources);
    }
    let _ = writeln!(out, "memberships:");
    let mut any = false;
    for m in atlas.memberships_of(&unit.id) {
        any = true;
        let status = match m.status {
            crate::model::Status::Full => "",
            crate::model::Status::Partial => " (partial)",
        };
        let _ = writeln!(
            out,
            "  {}  {}{status}  {}",
            m.interval,
            m.bloc,
            cite(&m.sources)
        );
        if let Some(detail) = &m.detail {
            let _ = writeln!(out, "      detail: {detail}");
        }
        if let Some(note) = &m.note {
            let _ = writeln!(out, "      note: {note}");
        }
        dating_lines(out, &m.dating);
        sources.extend(&m.sources);
    }
    if !any {
        let _ = writeln!(out, "  none recorded: bloc none throughout");
    }
    let events: Vec<_> = atlas.events_of(&unit.id).collect();
    if !events.is_empty() {
        let _ = writeln!(out, "events:");
        for e in events {
            let _ = writeln!(out, "  {}  {}  {}", e.date, e.title, cite(&e.sources));
            sources.extend(&e.sources);
        }
    }
    sources.sort();
    sources.dedup();
    let _ = writeln!(
        out,
        "(intervals are [from, to): the second day is the first on which a row no longer holds; … is open)"
    );
    let _ = writeln!(out, "sources:");
    for id in sources {
        match atlas.source(id) {
            Some(s) => {
                let place = s.url.as_deref().or(s.archive.as_deref()).unwrap_or("");
                let _ = writeln!(out, "  [{id}] {} — {}. {place}", s.title, s.author);
            }
            None => {
                let _ = writeln!(out, "  [{id}] (not in sources.toml)");
            }
        }
    }
}
