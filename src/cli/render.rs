//! `bloc-atlas render`: the map of a day as a PNG, or of a range of days as an animated GIF,
//! drawn from the atlas (the bundled one, or `--atlas DIR`) as the window draws it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;

use super::parse::{parse_day, parse_frame_seconds, parse_size, parse_step, parse_view};
use super::{Context, Exit, dir_of, in_coverage, usage, warn};
use crate::export::{Frame, Renderer, Step, png};
use crate::geometry::mesh::MapRect;
use crate::geometry::projection::Projection;
use crate::model::Day;
use crate::save::write_atomically;
use crate::scene::framing::{ViewArg, stop_area};
use crate::tour::Tour;

/// Draw the map of a day into a PNG image, or of a range of days into an animated GIF, with
/// title, date, legend and credit.
#[derive(clap::Args, Debug)]
pub struct Args {
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
    /// The last day of a GIF (always its last frame).
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
    view: Option<ViewArg>,
    /// Image size in pixels.
    #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1920x1080")]
    size: (u32, u32),
    /// Compress the PNG harder (smaller, slower).
    #[arg(long)]
    best: bool,
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// The layer: `alignment` (default) or an organisation's id (see bloc-atlas layers).
    #[arg(long, value_name = "ID")]
    layer: Option<String>,
    /// The file to write, FILE.png for a day or FILE.gif for a range (replaced atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// What a tour stop asks to draw.
struct StopFrame {
    date: Day,
    area: Option<MapRect>,
    highlighted: Vec<String>,
    layer: Option<String>,
}

/// Draws the PNG or the GIF.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let projection = Projection::epsg3035().map_err(|e| usage(e.into()))?;
    let mut area = args.view.unwrap_or(ViewArg::Europe).area(&projection);
    let mut date = args.date;
    let mut highlighted = Vec::new();
    let mut layer_id = args.layer.clone();
    if let (Some(path), Some(n)) = (&args.tour, args.stop) {
        let stop = stop_of(path, n, &projection)?;
        date = Some(stop.date);
        area = stop.area.unwrap_or(area);
        highlighted = stop.highlighted;
        layer_id = layer_id.or(stop.layer);
    }
    let gif = is_gif(&args.out)?;
    let (width, height) = args.size;
    // The overview geometry unless zoomed in as far as the window would use the detailed one.
    let detail = crate::export::detail_for(area, width, height);
    let dir = dir_of(args.atlas.clone()).map_err(usage)?;
    let (renderer, problems) = Renderer::open(&dir, detail).map_err(usage)?;
    warn(cx.warnings, &problems, &dir);
    let layer = super::layer_of(renderer.atlas(), layer_id.as_deref())?;
    let frame = |date| Frame {
        date,
        area,
        width,
        height,
        highlighted: highlighted.clone(),
        layer: layer.clone(),
    };
    match (date, gif) {
        (Some(_), true) => Err(usage(anyhow!(
            "a single --date makes a PNG: use --out FILE.png, or --from, --to and --step for a GIF"
        ))),
        (Some(date), false) => {
            in_coverage(renderer.atlas(), date, cx.today).map_err(usage)?;
            write_png(&renderer, &frame(date), args.best, &args.out, cx)
        }
        (None, false) => Err(usage(anyhow!(
            "--from, --to and --step make a GIF: use --out FILE.gif"
        ))),
        (None, true) => {
            let (Some(from), Some(to), Some(step)) = (args.from, args.to, args.step) else {
                return Err(usage(anyhow!("a GIF needs --from, --to and --step")));
            };
            in_coverage(renderer.atlas(), from, cx.today).map_err(usage)?;
            in_coverage(renderer.atlas(), to, cx.today).map_err(usage)?;
            if to < from {
                return Err(usage(anyhow!("--to {to} is before --from {from}")));
            }
            let days = crate::export::frame_days(from, to, step);
            crate::export::gif_budget(days.len(), width, height).map_err(|e| usage(anyhow!(e)))?;
            let frames: Vec<Frame> = days.iter().map(|&d| frame(d)).collect();
            write_gif(&renderer, &frames, args.frame_seconds, &args.out, cx)
        }
    }
}

/// The date, area and outlines of a tour's stop `n` (counting from 1).
fn stop_of(path: &Path, n: usize, projection: &Projection) -> Result<StopFrame, Exit> {
    let tour = Tour::load(path).map_err(|p| Exit {
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
    Ok(StopFrame {
        date: s.date,
        area: s.view.map(|v| stop_area(projection, v)),
        highlighted: s.highlight.clone(),
        layer: s.layer.clone(),
    })
}

/// Whether the file to write is a GIF (or a PNG); any other name is refused rather than given
/// bytes of another format.
fn is_gif(file: &Path) -> Result<bool, Exit> {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("gif") => Ok(true),
        Some("png") => Ok(false),
        _ => Err(usage(anyhow!(
            "--out {}: the file must end in .png (one day) or .gif (a range of days); Bloc \
             Atlas writes no other format",
            file.display()
        ))),
    }
}

fn write_png(
    renderer: &Renderer,
    frame: &Frame,
    best: bool,
    file: &Path,
    cx: &mut Context,
) -> Result<u8, Exit> {
    let image = renderer.draw(frame).map_err(usage)?;
    let bytes = png(&image, best).map_err(usage)?;
    write_atomically(file, &bytes).map_err(usage)?;
    let _ = writeln!(
        cx.out,
        "wrote {} ({}×{}, {})",
        file.display(),
        frame.width,
        frame.height,
        frame.date
    );
    Ok(0)
}

fn write_gif(
    renderer: &Renderer,
    frames: &[Frame],
    seconds: f32,
    file: &Path,
    cx: &mut Context,
) -> Result<u8, Exit> {
    let progress = progress_bar(frames.len());
    let images = frames.iter().map(|f| {
        progress.inc(1);
        renderer.draw(f)
    });
    let bytes = crate::export::gif(images, seconds).map_err(usage)?;
    progress.finish_and_clear();
    write_atomically(file, &bytes).map_err(usage)?;
    let (Some(first), Some(last)) = (frames.first(), frames.last()) else {
        return Ok(0);
    };
    let _ = writeln!(
        cx.out,
        "wrote {} ({}×{}, {} frames, {} to {})",
        file.display(),
        first.width,
        first.height,
        frames.len(),
        first.date,
        last.date
    );
    Ok(0)
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
