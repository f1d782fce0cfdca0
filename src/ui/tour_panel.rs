//! The tour panel: the stops of the open tour (or of the atlas's events), to step through,
//! reorder, edit and delete; opening and saving tour files with the system's file dialogs; and
//! the recovery copy that keeps unsaved work safe.

use super::command::{AtlasCommand, ExportCommand, PresentCommand, TourCommand};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

use egui::RichText;

use super::{AtlasApp, Command, OpenTour};
use crate::tour::{Stop, Tour};

/// A question for the system's file dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// Choose a tour file to open.
    OpenTour,
    /// Choose where to save the tour.
    SaveTourAs,
    /// Choose where to write a PNG of the current view.
    ExportPng {
        /// Image width in pixels.
        width: u32,
        /// Image height in pixels.
        height: u32,
    },
    /// Choose where to write a GIF over a range of days.
    ExportGif(super::export_panel::GifRequest),
    /// Choose an atlas folder to open.
    OpenAtlas,
}

/// The file dialog being shown, on its own thread so that the window keeps drawing.
#[derive(Default)]
pub struct Dialogs {
    pending: Option<(Dialog, Receiver<Option<PathBuf>>)>,
}

impl Dialogs {
    /// Opens a dialog (unless one is already open).
    pub fn ask(&mut self, dialog: Dialog) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let question = dialog.clone();
        let spawned = std::thread::Builder::new()
            .name("file dialog".into())
            .spawn(move || {
                let tours = |d: rfd::FileDialog| d.add_filter("Bloc Atlas tour", &["toml"]);
                let answer = match question {
                    Dialog::OpenTour => tours(rfd::FileDialog::new())
                        .set_title("Open a tour")
                        .pick_file(),
                    Dialog::SaveTourAs => tours(rfd::FileDialog::new())
                        .set_title("Save the tour")
                        .set_file_name("tour.toml")
                        .save_file(),
                    Dialog::ExportPng { .. } => rfd::FileDialog::new()
                        .set_title("Export the map as PNG")
                        .add_filter("PNG image", &["png"])
                        .set_file_name("bloc-atlas.png")
                        .save_file(),
                    Dialog::OpenAtlas => rfd::FileDialog::new()
                        .set_title("Open an atlas folder")
                        .pick_folder(),
                    Dialog::ExportGif(_) => rfd::FileDialog::new()
                        .set_title("Export an animation as GIF")
                        .add_filter("GIF animation", &["gif"])
                        .set_file_name("bloc-atlas.gif")
                        .save_file(),
                };
                let _ = tx.send(answer);
            });
        if spawned.is_ok() {
            self.pending = Some((dialog, rx));
        }
    }

    /// The command for the answer, once the dialog has closed with one.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Command> {
        let (dialog, rx) = self.pending.as_ref()?;
        let answer = match rx.try_recv() {
            Ok(answer) => answer,
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                return None;
            }
            Err(TryRecvError::Disconnected) => None,
        };
        let dialog = dialog.clone();
        self.pending = None;
        let path = answer?;
        Some(match dialog {
            Dialog::OpenTour => Command::Tour(TourCommand::Open(path)),
            Dialog::SaveTourAs => {
                Command::Tour(TourCommand::Save(Some(with_extension(path, "toml"))))
            }
            Dialog::ExportPng { width, height } => Command::Export(ExportCommand::Png(
                with_extension(path, "png"),
                width,
                height,
            )),
            Dialog::ExportGif(request) => {
                Command::Export(ExportCommand::Gif(with_extension(path, "gif"), request))
            }
            Dialog::OpenAtlas => Command::Atlas(AtlasCommand::Open(path)),
        })
    }
}

fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        path
    } else {
        let mut p = path.into_os_string();
        p.push(".");
        p.push(ext);
        PathBuf::from(p)
    }
}

/// The notices strip: each message with a button to dismiss it.
pub fn notices(ui: &mut egui::Ui, notices: &[String], commands: &mut Vec<Command>) {
    for (i, n) in notices.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(n);
            if ui.small_button("Dismiss").clicked() {
                commands.push(Command::DismissNotice(i));
            }
        });
    }
}

impl AtlasApp {
    /// The tour panel.
    pub(super) fn tour_panel(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        for (i, (_, recovered)) in self.work.recovered.iter().enumerate() {
            ui.group(|ui| {
                ui.label(format!(
                    "A tour with unsaved changes was kept: “{}”, {} stops.",
                    recovered.title,
                    recovered.stops.len()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Reopen the unsaved tour").clicked() {
                        commands.push(Command::Tour(TourCommand::Recover(i)));
                    }
                    if ui.button("Discard it").clicked() {
                        commands.push(Command::Tour(TourCommand::DiscardRecovery(i)));
                    }
                });
            });
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button("New tour").clicked() {
                commands.push(Command::Tour(TourCommand::New));
            }
            if ui.button("Open tour…").clicked() {
                commands.push(Command::Dialog(Dialog::OpenTour));
            }
            for (i, (label, hover)) in [
                (
                    "Bundled tour",
                    "The story of the seed article: the Soviet note of 1954",
                ),
                (
                    "Tour: Europe divided",
                    "Europe divided, 1945–1991: the Blockade, 1953, 1956, the Wall, 1968, \
                     1975, 1981, 1989 and 1991",
                ),
            ]
            .into_iter()
            .enumerate()
            {
                if ui.button(label).on_hover_text(hover).clicked() {
                    commands.push(Command::Tour(TourCommand::OpenBundled(i)));
                }
            }
            let can_save = self.work.tour.is_some();
            let has_path = self.work.tour.as_ref().is_some_and(|t| t.path.is_some());
            if ui
                .add_enabled(can_save && has_path, egui::Button::new("Save tour"))
                .clicked()
            {
                commands.push(Command::Tour(TourCommand::Save(None)));
            }
            if ui
                .add_enabled(can_save, egui::Button::new("Save tour as…"))
                .clicked()
            {
                commands.push(Command::Dialog(Dialog::SaveTourAs));
            }
            if ui
                .add_enabled(can_save, egui::Button::new("Close tour"))
                .clicked()
            {
                commands.push(Command::Tour(TourCommand::Close));
            }
        });
        ui.separator();
        match &self.work.tour {
            Some(t) => {
                let name = t
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or("not saved yet".to_string(), |n| {
                        n.to_string_lossy().into_owned()
                    });
                ui.heading(if t.tour.title.is_empty() {
                    "Untitled tour".into()
                } else {
                    crate::model::clip(&t.tour.title, 120)
                });
                ui.label(format!(
                    "{name}{}",
                    if t.dirty { " · unsaved changes" } else { "" }
                ));
            }
            None => {
                ui.heading("The atlas's events");
                ui.label("No tour is open: presentation steps through the events.");
            }
        }
        ui.horizontal(|ui| {
            if ui
                .button("Add this view as a stop")
                .on_hover_text("The date, the view, the outlined units and the excerpt shown now")
                .clicked()
            {
                commands.push(Command::Tour(TourCommand::AddStop));
            }
            if ui.button("Present (F5)").clicked() {
                commands.push(Command::Present(PresentCommand::Set(true)));
            }
        });
        ui.separator();
        let editable = self.work.tour.is_some();
        let n = self.stops().len();
        // The editor of the current stop above the list; the list draws only the rows in view,
        // so that a tour of 250,000 stops costs what a tour of twenty does.
        if editable
            && let Some((i, stop)) = self
                .work
                .stop
                .and_then(|i| self.stops().get(i).map(|s| (i, s)))
        {
            ui.label(RichText::new(format!("Stop {} of {n}", i + 1)).strong());
            self.stop_editor(ui, i, n, stop, commands);
            ui.separator();
        }
        let row_height = ui.spacing().interact_size.y.max(20.0);
        egui::ScrollArea::vertical()
            .id_salt("stops")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, n, |ui, rows| {
                for i in rows {
                    let Some(stop) = self.stops().get(i) else {
                        break;
                    };
                    let current = self.work.stop == Some(i);
                    let caption = crate::model::clip(first_line(&stop.caption), 120);
                    let label = format!("{}. {}  {caption}", i + 1, stop.date);
                    let button = egui::Button::selectable(current, label)
                        .wrap_mode(egui::TextWrapMode::Truncate)
                        .min_size(egui::vec2(ui.available_width(), row_height));
                    if ui.add(button).clicked() {
                        commands.push(Command::Present(PresentCommand::GoTo(i)));
                    }
                }
            });
    }

    /// Fields to edit the current stop.
    fn stop_editor(
        &self,
        ui: &mut egui::Ui,
        i: usize,
        n: usize,
        stop: &Stop,
        commands: &mut Vec<Command>,
    ) {
        ui.indent(("stop editor", i), |ui| {
            ui.horizontal(|ui| {
                let n1 = i + 1;
                if row_button(ui, "Move up", &format!("Move stop {n1} up"), i > 0) {
                    commands.push(Command::Tour(TourCommand::MoveStop(i, i - 1)));
                }
                if row_button(ui, "Move down", &format!("Move stop {n1} down"), n1 < n) {
                    commands.push(Command::Tour(TourCommand::MoveStop(i, i + 1)));
                }
                if row_button(ui, "Delete", &format!("Delete stop {n1}"), true) {
                    commands.push(Command::Tour(TourCommand::DeleteStop(i)));
                }
            });
            let mut caption = stop.caption.clone();
            let name = ui.label("Caption");
            let too_long = caption.chars().count() > MAX_EDITED_CAPTION;
            let response = if too_long {
                ui.label(format!(
                    "{} (too long to edit here: {} characters; edit the tour file)",
                    crate::model::clip(&caption, 200),
                    crate::model::thousands(caption.chars().count())
                ))
            } else {
                ui.add(
                    egui::TextEdit::multiline(&mut caption)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(name.id)
            };
            if response.changed() {
                commands.push(Command::Tour(TourCommand::EditStop(
                    i,
                    Stop {
                        caption,
                        ..stop.clone()
                    },
                )));
            }
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Use the current date and view")
                    .on_hover_text("Replace this stop's date, view, outlines and excerpt")
                    .clicked()
                {
                    commands.push(Command::Tour(TourCommand::EditStop(
                        i,
                        Stop {
                            caption: stop.caption.clone(),
                            origin: stop.origin,
                            ..self.current_as_stop()
                        },
                    )));
                }
                let mut keeps_view = stop.view.is_none();
                if ui
                    .checkbox(&mut keeps_view, "Keep the view")
                    .on_hover_text("The map stays where it is when this stop is shown")
                    .changed()
                {
                    let view = if keeps_view { None } else { self.stop_view() };
                    commands.push(Command::Tour(TourCommand::EditStop(
                        i,
                        Stop {
                            view,
                            ..stop.clone()
                        },
                    )));
                }
            });
            ui.horizontal(|ui| {
                let chosen = stop
                    .excerpt
                    .as_deref()
                    .and_then(|id| self.work.atlas.excerpts.iter().find(|x| x.id == id))
                    .map_or("none".to_string(), |x| short(&x.text));
                egui::ComboBox::from_label("Excerpt")
                    .selected_text(chosen)
                    .width(220.0)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(stop.excerpt.is_none(), "none")
                            .clicked()
                        {
                            commands.push(Command::Tour(TourCommand::EditStop(
                                i,
                                Stop {
                                    excerpt: None,
                                    ..stop.clone()
                                },
                            )));
                        }
                        for x in &self.work.atlas.excerpts {
                            let label = format!("{}  {}", x.date, short(&x.text));
                            if ui
                                .selectable_label(stop.excerpt.as_deref() == Some(&x.id), label)
                                .clicked()
                            {
                                commands.push(Command::Tour(TourCommand::EditStop(
                                    i,
                                    Stop {
                                        excerpt: Some(x.id.clone()),
                                        ..stop.clone()
                                    },
                                )));
                            }
                        }
                    });
            });
            if !stop.highlight.is_empty() {
                ui.label(RichText::new(format!("Outlined: {}", stop.highlight.join(", "))).small());
            }
        });
    }

    /// The current date, view, outlined units and excerpt as a stop.
    pub fn current_as_stop(&self) -> Stop {
        Stop {
            date: self.work.date,
            view: self.stop_view(),
            highlight: self
                .work
                .highlighted
                .iter()
                .chain(self.work.selected.iter())
                .filter_map(|&u| self.work.atlas.units.get(u as usize))
                .map(|u| u.id.clone())
                .fold(Vec::new(), |mut v, id| {
                    if !v.contains(&id) {
                        v.push(id);
                    }
                    v
                }),
            excerpt: self
                .work
                .excerpt
                .and_then(|i| self.work.atlas.excerpts.get(i))
                .map(|x| x.id.clone()),
            caption: String::new(),
            layer: Some(self.work.layer.id().to_string()),
            origin: None,
        }
    }

    /// Carries out the tour commands.
    /// Carries out the tour commands.
    pub(super) fn apply_tour(&mut self, command: TourCommand) {
        match command {
            TourCommand::New => self.new_tour(),
            TourCommand::Open(path) => self.open_tour(path),
            TourCommand::OpenBundled(i) => self.open_bundled_tour(i),
            TourCommand::Close => self.close_tour(),
            TourCommand::Save(to) => self.save_tour(to),
            TourCommand::AddStop => self.add_stop(),
            TourCommand::EditStop(i, stop) => self.edit_stop(i, stop),
            TourCommand::MoveStop(from, to) => self.move_stop(from, to),
            TourCommand::DeleteStop(i) => self.delete_stop(i),
            TourCommand::Recover(i) => self.recover_tour(i),
            TourCommand::DiscardRecovery(i) => self.discard_recovery(i),
        }
    }

    /// Starts an empty tour.
    fn new_tour(&mut self) {
        self.set_tour(
            OpenTour {
                tour: Tour::new("New tour"),
                path: None,
                dirty: false,
            },
            true,
        );
    }

    /// Opens a tour file, noting what in it the atlas does not know.
    fn open_tour(&mut self, path: PathBuf) {
        match Tour::load(&path) {
            Ok(tour) => {
                let problems = tour.check(
                    &self.work.atlas,
                    &path.display().to_string(),
                    self.work.today,
                );
                self.notice_problems(&problems);
                self.set_tour(
                    OpenTour {
                        tour,
                        path: Some(path),
                        dirty: false,
                    },
                    true,
                );
            }
            Err(p) => self.work.notices.push(format!("Cannot open the tour: {p}")),
        };
    }

    /// Opens the tour that comes with the atlas.
    fn open_bundled_tour(&mut self, index: usize) {
        match Tour::bundled_number(index) {
            Ok(tour) => self.set_tour(
                OpenTour {
                    tour,
                    path: None,
                    dirty: false,
                },
                true,
            ),
            Err(p) => self
                .work
                .notices
                .push(format!("The bundled tour is broken: {p}")),
        };
    }

    /// Closes the tour, keeping unsaved changes as a recovery copy.
    fn close_tour(&mut self) {
        self.keep_unsaved();
        self.work.tour = None;
        self.work.stop = None;
    }

    /// Saves the tour to its file, or to `to`; without either, asks where.
    fn save_tour(&mut self, to: Option<PathBuf>) {
        let Some(t) = &mut self.work.tour else { return };
        let Some(path) = to.or_else(|| t.path.clone()) else {
            self.jobs.dialogs.ask(Dialog::SaveTourAs);
            return;
        };
        match t.tour.save(&path) {
            Ok(()) => {
                t.path = Some(path);
                t.dirty = false;
                self.remove_session_copy();
            }
            Err(e) => self
                .work
                .notices
                .push(format!("The tour was not saved: {e:#}")),
        }
    }

    /// Adds the current view as a stop after the current one.
    fn add_stop(&mut self) {
        let stop = self.current_as_stop();
        let at = self.work.stop.map_or(self.stops().len(), |i| i + 1);
        let tour = self.editable_tour();
        let at = at.min(tour.stops.len());
        tour.stops.insert(at, stop);
        self.work.stop = Some(at);
        self.edited();
    }

    /// Replaces a stop, going to it when its date or view changed.
    fn edit_stop(&mut self, i: usize, stop: Stop) {
        if let Some(t) = &mut self.work.tour
            && let Some(s) = t.tour.stops.get_mut(i)
        {
            let moved = s.date != stop.date || s.view != stop.view;
            *s = stop;
            self.edited();
            if moved {
                self.go_to_stop(i);
            }
        }
    }

    /// Moves a stop from one place in the tour to another.
    fn move_stop(&mut self, from: usize, to: usize) {
        if let Some(t) = &mut self.work.tour
            && from < t.tour.stops.len()
            && to < t.tour.stops.len()
        {
            let stop = t.tour.stops.remove(from);
            t.tour.stops.insert(to, stop);
            if self.work.stop == Some(from) {
                self.work.stop = Some(to);
            } else if self.work.stop == Some(to) {
                self.work.stop = Some(from);
            }
            self.edited();
        }
    }

    /// Deletes a stop.
    fn delete_stop(&mut self, i: usize) {
        if let Some(t) = &mut self.work.tour
            && i < t.tour.stops.len()
        {
            t.tour.stops.remove(i);
            self.work.stop = match self.work.stop {
                Some(s) if s == i => None,
                Some(s) if s > i => Some(s - 1),
                s => s,
            };
            self.edited();
        }
    }

    /// Reopens a tour kept with unsaved changes.
    fn recover_tour(&mut self, i: usize) {
        if i < self.work.recovered.len() {
            let (file, tour) = self.work.recovered.remove(i);
            self.set_tour(
                OpenTour {
                    tour,
                    path: None,
                    dirty: true,
                },
                false,
            );
            // The session's own copy now holds it.
            if self.work.tour.as_ref().is_some_and(|t| t.dirty) {
                let _ = std::fs::remove_file(file);
            }
        }
    }

    /// Deletes a kept tour.
    fn discard_recovery(&mut self, i: usize) {
        if i < self.work.recovered.len() {
            let (file, _) = self.work.recovered.remove(i);
            if let Err(e) = std::fs::remove_file(&file) {
                self.work.notices.push(format!(
                    "The recovery copy {} cannot be removed: {e}",
                    file.display()
                ));
            }
        }
    }

    /// Replaces the open tour, keeping any unsaved one as a recovery copy.
    fn set_tour(&mut self, tour: OpenTour, first_stop: bool) {
        self.keep_unsaved();
        let has_stops = !tour.tour.stops.is_empty();
        self.work.tour = Some(tour);
        self.work.stop = None;
        self.work.panels[super::Panel::Tour as usize] = true;
        if first_stop && has_stops {
            self.go_to_stop(0);
        }
        self.write_recovery();
    }

    /// Before the open tour is closed or replaced: if it has unsaved changes, its copy is set
    /// aside under a name of its own and listed for reopening.
    fn keep_unsaved(&mut self) {
        let Some(t) = &self.work.tour else { return };
        if !t.dirty {
            return;
        }
        let tour = t.tour.clone();
        self.work.notices.push(format!(
            "“{}” has unsaved changes: they are kept, and can be reopened from the tour panel.",
            tour.title
        ));
        let kept = match (
            &self.work.session_copy,
            recovery_file(&self.launch.recovery),
        ) {
            (Some(from), Some(to)) if std::fs::rename(from, &to).is_ok() => to,
            (_, Some(to)) => {
                if let Err(e) = tour.save(&to) {
                    self.work
                        .notices
                        .push(format!("The recovery copy cannot be written: {e:#}"));
                }
                to
            }
            _ => PathBuf::new(),
        };
        self.work.recovered.push((kept, tour));
    }

    /// The open tour for editing; without one, a new tour made from the event stops is opened.
    fn editable_tour(&mut self) -> &mut Tour {
        let tour = self.work.tour.get_or_insert_with(|| OpenTour {
            tour: Tour::new("New tour"),
            path: None,
            dirty: false,
        });
        &mut tour.tour
    }

    /// Marks the tour changed and refreshes the recovery copy.
    fn edited(&mut self) {
        if let Some(t) = &mut self.work.tour {
            t.dirty = true;
        }
        self.write_recovery();
    }

    /// Writes the open tour to this session's recovery copy when it has unsaved changes.
    fn write_recovery(&mut self) {
        let Some(t) = &self.work.tour else { return };
        if !t.dirty {
            return;
        }
        if self.work.session_copy.is_none() {
            self.work.session_copy = recovery_file(&self.launch.recovery);
        }
        let Some(path) = &self.work.session_copy else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = t.tour.save(path) {
            self.work
                .notices
                .push(format!("The recovery copy cannot be written: {e:#}"));
        }
    }

    fn remove_session_copy(&mut self) {
        if let Some(path) = self.work.session_copy.take()
            && path.exists()
            && let Err(e) = std::fs::remove_file(&path)
        {
            self.work.notices.push(format!(
                "The recovery copy {} cannot be removed: {e}",
                path.display()
            ));
        }
    }
}

/// A new file name in the recovery folder.
fn recovery_file(dir: &Option<PathBuf>) -> Option<PathBuf> {
    let dir = dir.as_ref()?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Some(dir.join(format!("tour-{}-{nanos}.toml", std::process::id())))
}

/// The tours kept in the recovery folder, oldest first, and problems reading any of them.
pub fn recovered_tours(dir: &std::path::Path) -> (Vec<(PathBuf, Tour)>, Vec<String>) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "toml")
                        && p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with("tour-"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut tours = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        match Tour::load(&f) {
            Ok(t) => tours.push((f, t)),
            Err(p) => problems.push(format!("A recovery copy cannot be read: {p}")),
        }
    }
    (tours, problems)
}

/// A small button for the current stop, named for screen readers and tests by what it does to
/// which stop.
fn row_button(ui: &mut egui::Ui, text: &str, name: &str, enabled: bool) -> bool {
    let response = ui.add_enabled(enabled, egui::Button::new(text).small());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, name));
    response.on_hover_text(name).clicked()
}

/// The first line of a text.
/// The longest caption the panel edits: a caption is a sentence or two, and laying out a
/// 7 MB one every frame would freeze the window.
const MAX_EDITED_CAPTION: usize = 20_000;

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// The first words of a text, for lists.
fn short(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() > 48 {
        let cut: String = first_line.chars().take(47).collect();
        format!("{cut}…")
    } else {
        first_line.to_string()
    }
}
