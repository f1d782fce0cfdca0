//! What a user (or a background job) asks of the app. Widgets and jobs push [`Command`]s;
//! [`super::AtlasApp::apply`] carries them out in one place, with exhaustive matches (no
//! catch-all), so that a command nothing handles does not compile.
//!
//! The keyboard shortcuts are one table, [`SHORTCUTS`], read both by the key handler and by the
//! Keys help.

use std::path::PathBuf;

use egui::{Key, Vec2};

use super::export_panel::GifRequest;
use super::tour_panel::Dialog;
use crate::model::{Day, Layer};
use crate::tour::Stop;

/// Something asked of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// The day shown, and playing through time.
    Time(TimeCommand),
    /// Where the map looks.
    View(ViewCommand),
    /// Select a unit (by index in `Atlas::units`), or clear the selection.
    Select(Option<u32>),
    /// Go to an excerpt's date and highlight its units (index in `Atlas::excerpts`).
    ShowExcerpt(usize),
    /// Show or hide a panel.
    TogglePanel(Panel),
    /// Colour the map by a layer: the alignment, or an organisation's memberships.
    SetLayer(Layer),
    /// Presentation mode and its stops.
    Present(PresentCommand),
    /// Editing, opening and saving tours.
    Tour(TourCommand),
    /// Export of images, and the reports of export jobs.
    Export(ExportCommand),
    /// Which atlas and map are shown, and reports of their loading.
    Atlas(AtlasCommand),
    /// Ask for a file with the system's dialog, then act on it.
    Dialog(Dialog),
    /// Show a message.
    Notice(String),
    /// Dismiss the notice at this index.
    DismissNotice(usize),
}

/// The day shown, and playing.
#[derive(Clone, Debug, PartialEq)]
pub enum TimeCommand {
    /// Go to a day (clamped to the atlas's coverage).
    SetDate(Day),
    /// Move by whole years.
    StepYears(i16),
    /// Move by days.
    StepDays(i32),
    /// Go to the next event after the current day.
    NextEvent,
    /// Go to the last event before the current day.
    PreviousEvent,
    /// Start or stop playing.
    TogglePlay,
    /// Playing speed, in years per second.
    SetSpeed(f32),
    /// The clock of the frame, in seconds: playing advances by the time since the last tick,
    /// whatever the frame rate.
    Tick(f64),
}

/// Where the map looks.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewCommand {
    /// Zoom about the map's centre (> 1 zooms in).
    Zoom(f64),
    /// Zoom about a screen position (the pointer's).
    ZoomAt(f64, egui::Pos2),
    /// Move the map by a screen distance.
    Pan(Vec2),
    /// Show Europe whole.
    Europe,
    /// Show the whole drawn world (North America to the Pacific).
    World,
}

/// Presentation mode.
#[derive(Clone, Debug, PartialEq)]
pub enum PresentCommand {
    /// Enter (fullscreen, projector theme, caption strip) or leave presentation mode.
    Set(bool),
    /// Go to a stop of the tour (of the atlas's events when no tour is open).
    GoTo(usize),
    /// Go to the next stop.
    Next,
    /// Go to the previous stop.
    Previous,
    /// Blank the screen, or bring the map back.
    ToggleBlank,
    /// Move between stops without animation.
    SetReduceMotion(bool),
}

/// Tours.
#[derive(Clone, Debug, PartialEq)]
pub enum TourCommand {
    /// Start an empty tour.
    New,
    /// Open a tour file.
    Open(PathBuf),
    /// Open a tour that comes with the atlas (by its place in `tour::BUNDLED_TOURS`).
    OpenBundled(usize),
    /// Close the tour (presentation then steps through the atlas's events).
    Close,
    /// Save the tour to its file, or to this one.
    Save(Option<PathBuf>),
    /// Add the current date, view, highlighted units and excerpt as a stop after the current one.
    AddStop,
    /// Replace a stop.
    EditStop(usize, Stop),
    /// Move a stop from one place in the tour to another.
    MoveStop(usize, usize),
    /// Delete a stop.
    DeleteStop(usize),
    /// Reopen a tour kept with unsaved changes (index in the recovered list).
    Recover(usize),
    /// Delete a kept tour.
    DiscardRecovery(usize),
}

/// Exports.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportCommand {
    /// Write a PNG of the current view at a size.
    Png(PathBuf, u32, u32),
    /// Write a GIF over a range of days.
    Gif(PathBuf, GifRequest),
    /// Cancel the running export.
    Cancel,
    /// The running export ended.
    Finished(ExportOutcome),
}

/// How an export ended.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportOutcome {
    /// The file was written: what was written, for the notice.
    Written(String),
    /// The user cancelled it; nothing was written.
    Cancelled,
    /// It failed, with why.
    Failed(String),
}

/// The atlas shown.
#[derive(Clone, Debug, PartialEq)]
pub enum AtlasCommand {
    /// Open an atlas folder (or the folder of an `atlas.toml`).
    Open(PathBuf),
    /// Go back to the bundled atlas.
    Bundled,
    /// Files dropped on the window: atlas folders open, tours open, anything else is named.
    Dropped(Vec<PathBuf>),
    /// The detailed geometry finished loading on its thread, with the problems of its file.
    DetailLoaded(super::map::DetailLevel),
}

/// The panels that can be shown or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Source excerpts (left).
    Excerpts,
    /// The selected unit's history (right).
    Country,
    /// The legend over the map.
    Legend,
    /// The tour's stops, to edit them.
    Tour,
    /// The problems of the atlas opened last.
    Problems,
}

/// Where a shortcut works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// In the window's usual layout (not while presenting).
    Window,
    /// While presenting.
    Presenting,
}

/// How far an arrow key pans the map, in points.
const PAN_STEP: f32 = 120.0;

/// A keyboard shortcut: the key, where it works, what it does, and the words for the Keys help
/// (`None` for a key the help names with another).
pub struct Shortcut {
    /// The key, pressed without modifiers.
    pub key: Key,
    /// Where it works.
    pub when: When,
    /// What it does.
    pub command: Command,
    /// How the Keys help names the key and what it does.
    pub help: Option<(&'static str, &'static str)>,
}

const fn key(
    key: Key,
    when: When,
    command: Command,
    help: Option<(&'static str, &'static str)>,
) -> Shortcut {
    Shortcut {
        key,
        when,
        command,
        help,
    }
}

/// Every keyboard shortcut. The arrow keys pan the map only when the timeline does not have the
/// keyboard (there they move the day); none works while a text field has it.
pub const SHORTCUTS: &[Shortcut] = &[
    key(
        Key::Space,
        When::Window,
        Command::Time(TimeCommand::TogglePlay),
        Some(("Space", "play / pause")),
    ),
    key(
        Key::PageDown,
        When::Window,
        Command::Time(TimeCommand::NextEvent),
        Some(("PageDown / PageUp", "next / previous event")),
    ),
    key(
        Key::PageUp,
        When::Window,
        Command::Time(TimeCommand::PreviousEvent),
        None,
    ),
    key(
        Key::CloseBracket,
        When::Window,
        Command::Time(TimeCommand::StepYears(1)),
        Some(("] / [", "a year later / earlier")),
    ),
    key(
        Key::OpenBracket,
        When::Window,
        Command::Time(TimeCommand::StepYears(-1)),
        None,
    ),
    key(
        Key::ArrowLeft,
        When::Window,
        Command::View(ViewCommand::Pan(Vec2::new(PAN_STEP, 0.0))),
        Some((
            "Arrow keys",
            "pan the map (a day, when the timeline has the keyboard)",
        )),
    ),
    key(
        Key::ArrowRight,
        When::Window,
        Command::View(ViewCommand::Pan(Vec2::new(-PAN_STEP, 0.0))),
        None,
    ),
    key(
        Key::ArrowUp,
        When::Window,
        Command::View(ViewCommand::Pan(Vec2::new(0.0, PAN_STEP))),
        None,
    ),
    key(
        Key::ArrowDown,
        When::Window,
        Command::View(ViewCommand::Pan(Vec2::new(0.0, -PAN_STEP))),
        None,
    ),
    key(
        Key::Plus,
        When::Window,
        Command::View(ViewCommand::Zoom(1.5)),
        Some(("+ / −", "zoom in / out")),
    ),
    key(
        Key::Equals,
        When::Window,
        Command::View(ViewCommand::Zoom(1.5)),
        None,
    ),
    key(
        Key::Minus,
        When::Window,
        Command::View(ViewCommand::Zoom(1.0 / 1.5)),
        None,
    ),
    key(
        Key::Num0,
        When::Window,
        Command::View(ViewCommand::Europe),
        Some(("0", "show Europe")),
    ),
    key(
        Key::F5,
        When::Window,
        Command::Present(PresentCommand::Set(true)),
        Some(("F5 / Esc", "enter / leave presentation")),
    ),
    key(
        Key::PageDown,
        When::Presenting,
        Command::Present(PresentCommand::Next),
        Some((
            "PageDown / PageUp (presenting)",
            "next / previous stop (also arrow keys, Space and clickers)",
        )),
    ),
    key(
        Key::ArrowRight,
        When::Presenting,
        Command::Present(PresentCommand::Next),
        None,
    ),
    key(
        Key::ArrowDown,
        When::Presenting,
        Command::Present(PresentCommand::Next),
        None,
    ),
    key(
        Key::Space,
        When::Presenting,
        Command::Present(PresentCommand::Next),
        None,
    ),
    key(
        Key::PageUp,
        When::Presenting,
        Command::Present(PresentCommand::Previous),
        None,
    ),
    key(
        Key::ArrowLeft,
        When::Presenting,
        Command::Present(PresentCommand::Previous),
        None,
    ),
    key(
        Key::ArrowUp,
        When::Presenting,
        Command::Present(PresentCommand::Previous),
        None,
    ),
    key(
        Key::B,
        When::Presenting,
        Command::Present(PresentCommand::ToggleBlank),
        Some(("B or . (presenting)", "blank the screen")),
    ),
    key(
        Key::Period,
        When::Presenting,
        Command::Present(PresentCommand::ToggleBlank),
        None,
    ),
    key(
        Key::Escape,
        When::Presenting,
        Command::Present(PresentCommand::Set(false)),
        None,
    ),
    key(
        Key::F5,
        When::Presenting,
        Command::Present(PresentCommand::Set(false)),
        None,
    ),
];

/// The Keys help: each key and what it does, in the order of [`SHORTCUTS`], then Tab.
pub fn keys_help() -> Vec<(&'static str, &'static str)> {
    SHORTCUTS
        .iter()
        .filter_map(|s| s.help)
        .chain([("Tab", "move between controls")])
        .collect()
}

/// Whether a shortcut's key moves the day when the timeline has the keyboard (the arrows).
pub fn timeline_owns(key: Key) -> bool {
    matches!(
        key,
        Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp | Key::ArrowDown
    )
}
