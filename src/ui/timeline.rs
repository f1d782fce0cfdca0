//! The timeline: play and speed, steps by year and by event, an editable date, and a strip from
//! the atlas's first day to today with a tick for every event.

use super::command::TimeCommand;
use egui::{Align2, Color32, FontId, Key, Pos2, Sense, Stroke, pos2, vec2};

use crate::model::{Atlas, Day};

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
            let today_events: Vec<&str> = atlas
                .events
                .iter()
                .filter(|e| e.date == date)
                .map(|e| e.title.as_str())
                .collect();
            if !today_events.is_empty() {
                ui.label(egui::RichText::new(today_events.join(" · ")).strong());
            }
        }
    });
    ui.add_space(2.0);
    strip(ui, atlas, date, today, commands);
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
fn strip(ui: &mut egui::Ui, atlas: &Atlas, date: Day, today: Day, commands: &mut Vec<Command>) {
    let width = ui.available_width();
    let (_, rect) = ui.allocate_space(vec2(width, 46.0));
    let response = ui.interact(rect, id(), Sense::click_and_drag());
    response
        .widget_info(|| egui::WidgetInfo::slider(true, f64::from(date.day_number()), "Timeline"));
    let first = atlas.coverage_from.day_number();
    let last = today.day_number().max(first + 1);
    let inner = rect.shrink2(vec2(12.0, 0.0));
    let x_of = |d: i32| inner.left() + (d - first) as f32 / (last - first) as f32 * inner.width();
    let day_at = |x: f32| {
        let t = ((x - inner.left()) / inner.width()).clamp(0.0, 1.0);
        Day::from_day_number(first + (t * (last - first) as f32).round() as i32)
    };
    let rail_y = rect.top() + 30.0;

    // Events, grouped by day.
    let mut events: Vec<(Day, Vec<&str>)> = Vec::new();
    for e in &atlas.events {
        match events.iter_mut().find(|(d, _)| *d == e.date) {
            Some((_, titles)) => titles.push(&e.title),
            None => events.push((e.date, vec![&e.title])),
        }
    }
    let near_event = |p: Pos2| {
        events
            .iter()
            .filter(|(d, _)| (x_of(d.day_number()) - p.x).abs() <= 3.5)
            .min_by(|a, b| {
                let da = (x_of(a.0.day_number()) - p.x).abs();
                let db = (x_of(b.0.day_number()) - p.x).abs();
                da.total_cmp(&db)
            })
    };

    if response.clicked() || response.dragged() {
        response.request_focus();
        if let Some(p) = response.interact_pointer_pos() {
            let on_tick = response.clicked() && p.y < rail_y - 4.0;
            let day = match near_event(p) {
                Some((d, _)) if on_tick => *d,
                _ => day_at(p.x),
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
                commands.push(Command::Time(TimeCommand::SetDate(atlas.coverage_from)));
            }
            if i.key_pressed(Key::End) {
                commands.push(Command::Time(TimeCommand::SetDate(today)));
            }
        });
    }

    let painter = ui.painter_at(rect.expand(2.0));
    let visuals = ui.visuals();
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    painter.line_segment(
        [pos2(inner.left(), rail_y), pos2(inner.right(), rail_y)],
        Stroke::new(3.0, weak),
    );
    for year in atlas.coverage_from.year()..=today.year() {
        let Ok(jan1) = Day::from_ymd(year, 1, 1) else {
            continue;
        };
        if jan1 < atlas.coverage_from {
            continue;
        }
        let x = x_of(jan1.day_number());
        let decade = year % 10 == 0;
        let h = if decade {
            7.0
        } else if year % 5 == 0 {
            5.0
        } else {
            3.0
        };
        painter.line_segment(
            [pos2(x, rail_y + 2.0), pos2(x, rail_y + 2.0 + h)],
            Stroke::new(1.0, weak),
        );
        if decade || (year % 5 == 0 && inner.width() > 900.0) {
            painter.text(
                pos2(x, rail_y + 10.0),
                Align2::CENTER_TOP,
                year.to_string(),
                FontId::proportional(10.5),
                if decade { text } else { weak },
            );
        }
    }
    let event_colour = Color32::from_rgb(0xCC, 0x66, 0x33);
    for (d, _) in &events {
        let x = x_of(d.day_number());
        painter.line_segment(
            [pos2(x, rail_y - 14.0), pos2(x, rail_y - 3.0)],
            Stroke::new(1.5, event_colour),
        );
    }
    let x = x_of(date.day_number());
    let focus = response.has_focus();
    let handle = if focus {
        visuals.selection.bg_fill
    } else {
        text
    };
    painter.line_segment(
        [pos2(x, rect.top() + 2.0), pos2(x, rail_y + 8.0)],
        Stroke::new(2.0, handle),
    );
    painter.circle_filled(pos2(x, rail_y), 6.0, handle);
    painter.text(
        pos2(
            x.clamp(inner.left() + 30.0, inner.right() - 30.0),
            rect.top() + 1.0,
        ),
        Align2::CENTER_TOP,
        date.to_string(),
        FontId::monospace(11.0),
        text,
    );
    if focus {
        painter.rect_stroke(
            rect,
            3.0,
            Stroke::new(1.0, visuals.selection.stroke.color),
            egui::StrokeKind::Inside,
        );
    }

    if let Some(p) = response.hover_pos()
        && let Some((d, titles)) = near_event(p)
        && p.y < rail_y
    {
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.strong(d.to_string());
            for t in titles {
                ui.label(*t);
            }
            ui.weak("Click to go to this event");
        });
    }
}
