//! The timeline: play and speed, steps by year and by event, an editable date, and a strip from
//! the atlas's first day to today with a tick for every event.

use super::command::TimeCommand;
use egui::{Align2, Color32, FontId, Key, Pos2, Sense, Stroke, pos2, vec2};

use std::collections::BTreeMap;

use crate::model::{Atlas, Day, Layer};

use super::{Command, SPEEDS};

/// The id of the timeline strip (for keyboard focus).
pub fn id() -> egui::Id {
    egui::Id::unique("bloc-atlas-timeline-strip")
}

/// Shows the timeline; changes are pushed as commands.
#[allow(clippy::too_many_arguments)]
pub fn show(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    ticks: &BTreeMap<Day, Vec<String>>,
    date: Day,
    today: Day,
    date_text: &mut String,
    date_error: &mut Option<String>,
    playing: bool,
    speed: f32,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let play = if playing { "Pause" } else { "Play" };
        if ui
            .button(play)
            .on_hover_text("Play the years forward (Space)")
            .clicked()
        {
            commands.push(Command::Time(TimeCommand::TogglePlay));
        }
        let label = ui.label("Speed");
        egui::ComboBox::from_id_salt("speed")
            .selected_text(speed_text(speed))
            .width(100.0)
            .show_ui(ui, |ui| {
                for s in SPEEDS {
                    if ui.selectable_label(s == speed, speed_text(s)).clicked() {
                        commands.push(Command::Time(TimeCommand::SetSpeed(s)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.separator();
        if ui
            .button("Previous event")
            .on_hover_text("The last event before this day (PageUp)")
            .clicked()
        {
            commands.push(Command::Time(TimeCommand::PreviousEvent));
        }
        if ui
            .button("− 1 year")
            .on_hover_text("The same day a year earlier ([)")
            .clicked()
        {
            commands.push(Command::Time(TimeCommand::StepYears(-1)));
        }
        let label = ui.label("Date");
        let edit = ui
            .add(
                egui::TextEdit::singleline(date_text)
                    .desired_width(92.0)
                    .font(egui::TextStyle::Monospace),
            )
            .labelled_by(label.id)
            .on_hover_text("Type a date as YYYY-MM-DD and press Enter");
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if entered || (edit.lost_focus() && *date_text != date.to_string()) {
            match parse_in_range(date_text.trim(), atlas.coverage_from, today) {
                Ok(day) => commands.push(Command::Time(TimeCommand::SetDate(day))),
                Err(e) => *date_error = Some(e),
            }
        }
        if ui
            .button("+ 1 year")
            .on_hover_text("The same day a year later (])")
            .clicked()
        {
            commands.push(Command::Time(TimeCommand::StepYears(1)));
        }
        if ui
            .button("Next event")
            .on_hover_text("The next event after this day (PageDown)")
            .clicked()
        {
            commands.push(Command::Time(TimeCommand::NextEvent));
        }
        ui.separator();
        if let Some(e) = date_error {
            ui.colored_label(ui.visuals().error_fg_color, e.as_str());
        } else {
            if let Some(today_events) = ticks.get(&date) {
                ui.label(egui::RichText::new(today_events.join(" · ")).strong());
            }
        }
    });
    ui.add_space(2.0);
    strip(ui, atlas, ticks, date, today, commands);
    ui.add_space(4.0);
}

fn speed_text(s: f32) -> String {
    if s == 1.0 {
        "1 year/s".into()
    } else {
        format!("{s} years/s")
    }
}

/// Parses a typed date and checks it against the atlas's coverage.
pub fn parse_in_range(text: &str, first: Day, today: Day) -> Result<Day, String> {
    let day: Day = text
        .parse()
        .map_err(|e: crate::model::DayError| e.to_string())?;
    if day < first {
        return Err(format!("the atlas starts on {first}"));
    }
    if day > today {
        return Err(format!("{day} is after today ({today})"));
    }
    Ok(day)
}

/// The strip: years, event ticks, and the current day; click or drag to choose a day.
fn strip(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    events: &BTreeMap<Day, Vec<String>>,
    date: Day,
    today: Day,
    commands: &mut Vec<Command>,
) {
    let width = ui.available_width();
    let (_, rect) = ui.allocate_space(vec2(width, 46.0));
    let response = ui.interact(rect, id(), Sense::click_and_drag());
    response
        .widget_info(|| egui::WidgetInfo::slider(true, f64::from(date.day_number()), "Timeline"));
    let strip = Strip::new(rect, atlas.coverage_from, today);
    strip_input(ui, &response, &strip, events, date, commands);
    let painter = ui.painter_at(rect.expand(2.0));
    strip.paint_years(&painter, ui.visuals());
    strip.paint_events(&painter, events, date);
    strip.paint_handle(&painter, ui.visuals(), date, response.has_focus());
    if let Some(p) = response.hover_pos()
        && let Some((d, titles)) = strip.near_event(events, p)
        && p.y < strip.rail_y
    {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(d.to_string());
            for t in titles {
                ui.label(t);
            }
            ui.weak("Click to go to this event");
        });
    }
}

/// Where things are on the strip: the rail from the atlas's first day to today.
struct Strip {
    rect: egui::Rect,
    inner: egui::Rect,
    first: i32,
    last: i32,
    rail_y: f32,
    first_day: Day,
    today: Day,
}

impl Strip {
    fn new(rect: egui::Rect, first_day: Day, today: Day) -> Strip {
        let first = first_day.day_number();
        Strip {
            rect,
            inner: rect.shrink2(vec2(12.0, 0.0)),
            first,
            last: today.day_number().max(first + 1),
            rail_y: rect.top() + 30.0,
            first_day,
            today,
        }
    }

    /// The x of a day.
    fn x_of(&self, d: Day) -> f32 {
        let span = (self.last - self.first) as f32;
        self.inner.left() + (d.day_number() - self.first) as f32 / span * self.inner.width()
    }

    /// The day under an x.
    fn day_at(&self, x: f32) -> Day {
        let t = ((x - self.inner.left()) / self.inner.width()).clamp(0.0, 1.0);
        Day::from_day_number(self.first + (t * (self.last - self.first) as f32).round() as i32)
    }

    /// The event day nearest a point, within a few points of it.
    fn near_event<'e>(
        &self,
        events: &'e BTreeMap<Day, Vec<String>>,
        p: Pos2,
    ) -> Option<(&'e Day, &'e Vec<String>)> {
        events
            .iter()
            .map(|(d, t)| ((self.x_of(*d) - p.x).abs(), (d, t)))
            .filter(|(dx, _)| *dx <= 3.5)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e)
    }

    /// The rail, with a tick for every year and the decades named.
    fn paint_years(&self, painter: &egui::Painter, visuals: &egui::Visuals) {
        let (text, weak) = (visuals.text_color(), visuals.weak_text_color());
        let rail_y = self.rail_y;
        painter.line_segment(
            [
                pos2(self.inner.left(), rail_y),
                pos2(self.inner.right(), rail_y),
            ],
            Stroke::new(3.0, weak),
        );
        for year in self.first_day.year()..=self.today.year() {
            let Ok(jan1) = Day::from_ymd(year, 1, 1) else {
                continue;
            };
            if jan1 < self.first_day {
                continue;
            }
            let x = self.x_of(jan1);
            let decade = year % 10 == 0;
            let h = match (decade, year % 5 == 0) {
                (true, _) => 7.0,
                (false, true) => 5.0,
                _ => 3.0,
            };
            painter.line_segment(
                [pos2(x, rail_y + 2.0), pos2(x, rail_y + 2.0 + h)],
                Stroke::new(1.0, weak),
            );
            if decade || (year % 5 == 0 && self.inner.width() > 900.0) {
                painter.text(
                    pos2(x, rail_y + 10.0),
                    Align2::CENTER_TOP,
                    year.to_string(),
                    FontId::proportional(10.5),
                    if decade { text } else { weak },
                );
            }
        }
    }

    /// A tick above the rail for every event day, kept clear of the date label over the handle.
    fn paint_events(
        &self,
        painter: &egui::Painter,
        events: &BTreeMap<Day, Vec<String>>,
        date: Day,
    ) {
        let event_colour = Color32::from_rgb(0xCC, 0x66, 0x33);
        let label = self.date_label_x(date);
        for d in events.keys() {
            let x = self.x_of(*d);
            // Under the date label, the tick is shortened to stay below it.
            let top = if (x - label).abs() < 34.0 {
                self.rail_y - 9.0
            } else {
                self.rail_y - 14.0
            };
            painter.line_segment(
                [pos2(x, top), pos2(x, self.rail_y - 3.0)],
                Stroke::new(1.5, event_colour),
            );
        }
    }

    /// Where the date label over the handle is centred.
    fn date_label_x(&self, date: Day) -> f32 {
        self.x_of(date)
            .clamp(self.inner.left() + 30.0, self.inner.right() - 30.0)
    }

    /// The handle at the day shown, and the day written over it.
    fn paint_handle(
        &self,
        painter: &egui::Painter,
        visuals: &egui::Visuals,
        date: Day,
        focus: bool,
    ) {
        let text = visuals.text_color();
        let x = self.x_of(date);
        let handle = if focus {
            visuals.selection.bg_fill
        } else {
            text
        };
        painter.line_segment(
            [pos2(x, self.rect.top() + 14.0), pos2(x, self.rail_y + 8.0)],
            Stroke::new(2.0, handle),
        );
        painter.circle_filled(pos2(x, self.rail_y), 6.0, handle);
        painter.text(
            pos2(self.date_label_x(date), self.rect.top() + 1.0),
            Align2::CENTER_TOP,
            date.to_string(),
            FontId::monospace(11.0),
            text,
        );
        if focus {
            painter.rect_stroke(
                self.rect,
                3.0,
                Stroke::new(1.0, visuals.selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
    }
}

/// Clicks and drags on the strip, and its keys when it has the focus: ← → a day (30 with
/// Shift), Home and End.
fn strip_input(
    ui: &egui::Ui,
    response: &egui::Response,
    strip: &Strip,
    events: &BTreeMap<Day, Vec<String>>,
    date: Day,
    commands: &mut Vec<Command>,
) {
    if response.clicked() || response.dragged() {
        response.request_focus();
        if let Some(p) = response.interact_pointer_pos() {
            let on_tick = response.clicked() && p.y < strip.rail_y - 4.0;
            let day = match strip.near_event(events, p) {
                Some((d, _)) if on_tick => *d,
                _ => strip.day_at(p.x),
            };
            if day != date {
                commands.push(Command::Time(TimeCommand::SetDate(day)));
            }
        }
    }
    if response.has_focus() {
        ui.input(|i| {
            let step = if i.modifiers.shift { 30 } else { 1 };
            if i.key_pressed(Key::ArrowRight) {
                commands.push(Command::Time(TimeCommand::StepDays(step)));
            }
            if i.key_pressed(Key::ArrowLeft) {
                commands.push(Command::Time(TimeCommand::StepDays(-step)));
            }
            if i.key_pressed(Key::Home) {
                commands.push(Command::Time(TimeCommand::SetDate(strip.first_day)));
            }
            if i.key_pressed(Key::End) {
                commands.push(Command::Time(TimeCommand::SetDate(strip.today)));
            }
        });
    }
}

/// The ticks of the timeline for a layer, by day: the atlas's events on the alignment; on an
/// organisation's layer, its founding and end and each unit's entry, change of status and exit.
pub fn ticks(atlas: &Atlas, layer: &Layer) -> BTreeMap<Day, Vec<String>> {
    let mut ticks: BTreeMap<Day, Vec<String>> = BTreeMap::new();
    let org = match layer {
        Layer::Organisation(id) => atlas.organisation(id),
        Layer::Alignment => None,
    };
    let Some(org) = org else {
        for e in &atlas.events {
            ticks.entry(e.date).or_default().push(e.title.clone());
        }
        return ticks;
    };
    if let Some(d) = org.existence.from {
        ticks
            .entry(d)
            .or_default()
            .push(format!("{} is founded", org.short));
    }
    if let Some(d) = org.existence.to {
        ticks
            .entry(d)
            .or_default()
            .push(format!("{} comes to an end", org.short));
    }
    let name = |unit: &str, day: Day| {
        atlas
            .unit(unit)
            .map_or(unit.to_string(), |u| u.name_on(day).to_string())
    };
    let rows: Vec<_> = atlas
        .members
        .iter()
        .filter(|m| m.organisation == org.id)
        .collect();
    for (i, m) in rows.iter().enumerate() {
        let before = i
            .checked_sub(1)
            .map(|j| rows[j])
            .filter(|p| p.unit == m.unit && p.interval.to == m.interval.from);
        let after = rows
            .get(i + 1)
            .filter(|n| n.unit == m.unit && n.interval.from == m.interval.to);
        if let Some(d) = m.interval.from {
            let what = match (before, m.status) {
                (Some(_), s) => format!("{}: {} of {}", name(&m.unit, d), s.label(), org.short),
                (None, crate::model::MemberStatus::Member) => {
                    format!("{} joins {}", name(&m.unit, d), org.short)
                }
                (None, s) => format!("{}: {} of {}", name(&m.unit, d), s.label(), org.short),
            };
            ticks.entry(d).or_default().push(what);
        }
        if let (Some(d), None) = (m.interval.to, after)
            && Some(d) != org.existence.to
        {
            let who = name(&m.unit, d.previous());
            ticks
                .entry(d)
                .or_default()
                .push(format!("{who} leaves {}", org.short));
        }
    }
    ticks
}
