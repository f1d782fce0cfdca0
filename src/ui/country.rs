//! The country panel: the selected unit's names, existence and standing, a strip of its blocs
//! across the atlas's years, and every membership entry with its dates and sources. Clicking an
//! entry (or the strip) goes to that date.

use super::command::TimeCommand;
use egui::{Align2, FontId, Rect, RichText, Sense, Stroke, pos2, vec2};

use crate::model::{Atlas, Bloc, Dating, Day, Interval, Organisation, Source, Status, Unit};

use super::style::colour;
use super::{Command, style};

/// Shows the panel for `unit` (or a hint when nothing is selected).
pub fn show(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: Option<&Unit>,
    date: Day,
    today: Day,
    commands: &mut Vec<Command>,
) {
    ui.add_space(6.0);
    chooser(ui, atlas, unit, date, commands);
    let Some(unit) = unit else {
        ui.heading("Country");
        ui.separator();
        ui.label("Click a country on the map, or choose one above, to see its membership history.");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(unit.name_on(date));
        if ui
            .small_button("Clear")
            .on_hover_text("Clear the selection")
            .clicked()
        {
            commands.push(Command::Select(None));
        }
    });
    ui.label(
        RichText::new(format!("{} · {}", unit.id, unit.kind.as_str()))
            .small()
            .weak(),
    );
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| body(ui, atlas, unit, date, today, commands));
}

/// A list of the units that exist on the day, for choosing one without the mouse.
fn chooser(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: Option<&Unit>,
    date: Day,
    commands: &mut Vec<Command>,
) {
    let mut units: Vec<(usize, &str)> = atlas
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.kind != crate::model::UnitKind::Context && u.exists_on(date))
        .map(|(i, u)| (i, u.name_on(date)))
        .collect();
    units.sort_by_key(|&(_, name)| name);
    ui.horizontal(|ui| {
        let label = ui.label("Choose");
        egui::ComboBox::from_id_salt("choose-unit")
            .selected_text(unit.map_or("a country…", |u| u.name_on(date)))
            .width(200.0)
            .show_ui(ui, |ui| {
                for (i, name) in units {
                    let selected = unit.is_some_and(|u| std::ptr::eq(u, &atlas.units[i]));
                    if ui.selectable_label(selected, name).clicked() {
                        commands.push(Command::Select(Some(i as u32)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn body(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: &Unit,
    date: Day,
    today: Day,
    commands: &mut Vec<Command>,
) {
    standing_ui(ui, atlas, unit, date);
    ui.add_space(6.0);
    strip(ui, atlas, unit, date, today, commands);
    ui.add_space(8.0);
    memberships_ui(ui, atlas, unit, commands);
    organisations_ui(ui, atlas, unit, (date, today), commands);
    events_ui(ui, atlas, unit, commands);
    borders_ui(ui, atlas, unit, commands);
}

/// The unit's standing on the day, its existence, names and note.
fn standing_ui(ui: &mut egui::Ui, atlas: &Atlas, unit: &Unit, date: Day) {
    if unit.exists_on(date) {
        let standing = atlas.standing(&unit.id, date);
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("On {date}:"));
            swatch(ui, standing.bloc, standing.status == Status::Partial);
            ui.strong(standing.bloc.label());
            let detail = standing.detail();
            if !detail.is_empty() {
                ui.label(RichText::new(format!("({detail})")).italics());
            }
        });
    } else {
        ui.label(RichText::new(format!("Does not exist on {date}.")).italics());
    }
    let exists = match (unit.existence.from, unit.existence.to) {
        (Some(f), Some(t)) => format!("Exists from {f} to {} (its last day)", t.previous()),
        (Some(f), None) => format!("Exists from {f}"),
        (None, Some(t)) => format!("Exists until {} (its last day)", t.previous()),
        (None, None) => "Exists throughout the atlas's years".to_owned(),
    };
    ui.label(exists);
    if unit.names.len() > 1 {
        ui.label("Names:");
        for n in &unit.names {
            ui.label(format!("  {} ({})", n.name, n.interval));
        }
    }
    if let Some(note) = &unit.note {
        ui.label(RichText::new(note).small());
    }
}

/// Every membership entry, with its dates (a link to go there), detail, note, dating and sources.
fn memberships_ui(ui: &mut egui::Ui, atlas: &Atlas, unit: &Unit, commands: &mut Vec<Command>) {
    ui.strong("Membership entries");
    let mut rows: Vec<_> = atlas.memberships_of(&unit.id).collect();
    rows.sort_by_key(|m| m.interval.from);
    if rows.is_empty() {
        ui.label(RichText::new("None recorded: no bloc on any day.").italics());
    }
    for m in rows {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            swatch(ui, m.bloc, m.status == Status::Partial);
            let label = format!("{}  {}", m.interval, m.bloc.label());
            let from = m.interval.from.unwrap_or(atlas.coverage_from);
            if ui
                .link(RichText::new(label).strong())
                .on_hover_text(format!(
                    "Go to {from}. The end date is the first day the entry no longer holds."
                ))
                .clicked()
            {
                commands.push(Command::Time(TimeCommand::SetDate(from)));
            }
        });
        let detail = m.shown_detail();
        if !detail.is_empty() {
            ui.label(RichText::new(detail).italics());
        }
        if let Some(n) = &m.note {
            ui.label(RichText::new(n).small());
        }
        dating(ui, atlas, &m.dating);
        sources(ui, atlas, &m.sources);
    }
}

/// Every organisation the unit belonged to (NATO and the Warsaw Pact among them), each with
/// its strip across the decades and its entries, dated and sourced.
fn organisations_ui(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: &Unit,
    days: (Day, Day),
    commands: &mut Vec<Command>,
) {
    let mut orgs: Vec<&str> = atlas
        .members_of(&unit.id)
        .map(|m| m.organisation.as_str())
        .collect();
    orgs.dedup();
    if orgs.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.strong("Organisations");
    for id in orgs {
        let Some(org) = atlas.organisation(id) else {
            continue;
        };
        ui.add_space(4.0);
        ui.label(RichText::new(format!("{} — {}", org.short, org.name)).strong());
        organisation_strip(ui, atlas, unit, org, days, commands);
        for m in atlas.members_of(&unit.id).filter(|m| m.organisation == id) {
            ui.horizontal_wrapped(|ui| {
                let (fill, striped) = crate::scene::member_look(org, Some(m.status));
                swatch_of(ui, colour(fill), striped);
                let from = m.interval.from.unwrap_or(atlas.coverage_from);
                if ui
                    .link(RichText::new(format!("{}  {}", m.interval, m.status.label())).strong())
                    .on_hover_text(format!("Go to {from}"))
                    .clicked()
                {
                    commands.push(Command::Time(TimeCommand::SetDate(from)));
                }
            });
            if let Some(d) = &m.detail {
                ui.label(RichText::new(d).italics());
            }
            if let Some(n) = &m.note {
                ui.label(RichText::new(n).small());
            }
            if !m.from_alignment {
                dating(ui, atlas, &m.dating);
                sources(ui, atlas, &m.sources);
            }
        }
    }
}

/// The events concerning the unit, each a link to its day.
fn events_ui(ui: &mut egui::Ui, atlas: &Atlas, unit: &Unit, commands: &mut Vec<Command>) {
    let events: Vec<_> = atlas.events_of(&unit.id).collect();
    if !events.is_empty() {
        ui.add_space(8.0);
        ui.strong("Events");
        for e in events {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .link(e.date.to_string())
                    .on_hover_text(format!("Go to {}", e.date))
                    .clicked()
                {
                    commands.push(Command::Time(TimeCommand::SetDate(e.date)));
                }
                ui.label(&e.title);
            });
        }
    }
}

/// The unit's borders over time (its territory rows), when they changed.
fn borders_ui(ui: &mut egui::Ui, atlas: &Atlas, unit: &Unit, commands: &mut Vec<Command>) {
    let borders: Vec<_> = atlas.territories_of(&unit.id).collect();
    if borders.len() > 1 {
        ui.add_space(8.0);
        ui.strong("Borders");
        for t in borders {
            ui.horizontal_wrapped(|ui| {
                let from = t.interval.from.unwrap_or(atlas.coverage_from);
                if ui
                    .link(t.interval.to_string())
                    .on_hover_text(format!("Go to {from}"))
                    .clicked()
                {
                    commands.push(Command::Time(TimeCommand::SetDate(from)));
                }
                ui.label(RichText::new(t.pieces.join(", ")).small());
            });
            if let Some(n) = &t.note {
                ui.label(RichText::new(n).small());
            }
        }
    }
}

fn dating(ui: &mut egui::Ui, atlas: &Atlas, d: &Dating) {
    if d.uncertain {
        ui.label(
            RichText::new("Date uncertain")
                .small()
                .color(ui.visuals().warn_fg_color),
        );
    }
    if let Some(why) = &d.why {
        ui.label(RichText::new(format!("Why this date: {why}")).small());
    }
    for a in &d.alternatives {
        let sources: Vec<&str> = a
            .sources
            .iter()
            .filter_map(|s| atlas.source(s))
            .map(|s| s.title.as_str())
            .collect();
        ui.label(
            RichText::new(format!(
                "Other sources: {} {} — {}{}",
                a.field,
                a.date,
                a.why,
                if sources.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", sources.join("; "))
                }
            ))
            .small()
            .weak(),
        );
    }
}

fn sources(ui: &mut egui::Ui, atlas: &Atlas, ids: &[String]) {
    for s in ids.iter().filter_map(|id| atlas.source(id)) {
        source_link(ui, s);
    }
}

/// A source as a link to its URL (or its archive reference when it has none).
pub fn source_link(ui: &mut egui::Ui, s: &Source) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Source:").small().weak());
        match &s.url {
            Some(url) => {
                ui.hyperlink_to(RichText::new(&s.title).small(), url)
                    .on_hover_text(url);
            }
            None => {
                ui.label(RichText::new(&s.title).small().italics());
            }
        }
        let mut credit = s.author.clone();
        if let Some(p) = &s.published {
            credit.push_str(&format!(", {p}"));
        }
        if let Some(a) = &s.archive {
            credit.push_str(&format!(" — {a}"));
        }
        ui.label(RichText::new(credit).small().weak());
    });
}

/// A small square of a bloc's colour, striped when partial.
pub fn swatch(ui: &mut egui::Ui, bloc: Bloc, partial: bool) {
    swatch_of(ui, style::bloc_fill(bloc), partial);
}

/// A small square of a colour, striped when asked.
pub fn swatch_of(ui: &mut egui::Ui, fill: egui::Color32, striped: bool) {
    let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
    paint_fill(ui, rect, fill, striped);
    ui.painter().rect_stroke(
        rect,
        1.0,
        Stroke::new(1.0, style::BORDER),
        egui::StrokeKind::Inside,
    );
}

/// Fills a rectangle with a bloc's colour, and stripes when partial.
pub fn paint_span(ui: &egui::Ui, rect: Rect, bloc: Bloc, partial: bool) {
    paint_fill(ui, rect, style::bloc_fill(bloc), partial);
}

/// Fills a rectangle with a colour, and stripes when asked.
pub fn paint_fill(ui: &egui::Ui, rect: Rect, fill: egui::Color32, striped: bool) {
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, fill);
    if striped {
        let texture = style::hatch_id(ui.ctx());
        let uv = Rect::from_min_max(
            (rect.min.to_vec2() / style::HATCH_PERIOD).to_pos2(),
            (rect.max.to_vec2() / style::HATCH_PERIOD).to_pos2(),
        );
        painter.image(texture, rect, uv, egui::Color32::WHITE);
    }
}

/// How a unit stands on a day in one strip: colour, striped, and words for the tooltip;
/// `None` where it does not exist.
type Look<'a> = &'a dyn Fn(Day) -> Option<(egui::Color32, bool, String)>;

/// The alignment strip: one span per stretch of days with the same standing, from the atlas's
/// first day to today; blank where the unit does not exist.
fn strip(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: &Unit,
    date: Day,
    today: Day,
    commands: &mut Vec<Command>,
) {
    let cuts = atlas.memberships_of(&unit.id).map(|m| m.interval);
    let look = |d: Day| {
        unit.exists_on(d).then(|| {
            let s = atlas.standing(&unit.id, d);
            let partial = s.status == Status::Partial;
            let words = if partial {
                format!("{} (special terms, striped)", s.bloc.label())
            } else {
                s.bloc.label().to_string()
            };
            (style::bloc_fill(s.bloc), partial, words)
        })
    };
    span_strip(
        ui,
        atlas,
        unit,
        date,
        today,
        "Membership strip",
        cuts,
        &look,
        commands,
    );
}

/// The strip of an organisation's membership, coloured as the organisation's layer colours it.
fn organisation_strip(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: &Unit,
    org: &Organisation,
    (date, today): (Day, Day),
    commands: &mut Vec<Command>,
) {
    let cuts = atlas
        .members_of(&unit.id)
        .filter(|m| m.organisation == org.id)
        .map(|m| m.interval);
    let look = |d: Day| {
        unit.exists_on(d).then(|| {
            let status = atlas.member_status(&org.id, &unit.id, d);
            let (fill, striped) = crate::scene::member_look(org, status);
            let words = status.map_or("not a member".to_string(), |s| s.label().to_string());
            (colour(fill), striped, words)
        })
    };
    let label = format!("{} strip", org.short);
    span_strip(ui, atlas, unit, date, today, &label, cuts, &look, commands);
}

/// A strip from the atlas's first day to today, cut where a row of `cuts` begins or ends,
/// each span painted by `look`; clicking goes to that day.
#[allow(clippy::too_many_arguments)]
fn span_strip(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    unit: &Unit,
    date: Day,
    today: Day,
    label: &str,
    cuts: impl Iterator<Item = Interval>,
    look: Look,
    commands: &mut Vec<Command>,
) {
    let first = atlas.coverage_from;
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), 40.0), Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
    let bar = Rect::from_min_size(rect.min, vec2(rect.width(), 22.0));
    let (a, b) = (
        first.day_number(),
        today.day_number().max(first.day_number() + 1),
    );
    let x_of = |d: Day| bar.left() + (d.day_number() - a) as f32 / (b - a) as f32 * bar.width();

    // Every day on which the look may change.
    let mut days = vec![first, today.next()];
    for i in std::iter::once(unit.existence).chain(cuts) {
        days.extend(i.from);
        days.extend(i.to);
    }
    days.retain(|d| *d >= first && *d <= today.next());
    days.sort_unstable();
    days.dedup();
    let spans: Vec<(Day, Day, egui::Color32, bool, String)> = days
        .windows(2)
        .filter_map(|w| {
            let (fill, striped, words) = look(w[0])?;
            Some((w[0], w[1], fill, striped, words))
        })
        .collect();
    let painter = ui.painter();
    painter.rect_filled(bar, 0.0, ui.visuals().extreme_bg_color);
    for (from, to, fill, striped, _) in &spans {
        let r = Rect::from_x_y_ranges(
            x_of(*from)..=x_of(*to).max(x_of(*from) + 1.0),
            bar.y_range(),
        );
        paint_fill(ui, r, *fill, *striped);
    }
    painter.rect_stroke(
        bar,
        0.0,
        Stroke::new(1.0, ui.visuals().weak_text_color()),
        egui::StrokeKind::Outside,
    );
    let text = ui.visuals().text_color();
    for year in (first.year()..=today.year()).filter(|y| y % 10 == 0) {
        if let Ok(d) = Day::from_ymd(year, 1, 1) {
            let x = x_of(d);
            painter.line_segment(
                [pos2(x, bar.bottom()), pos2(x, bar.bottom() + 4.0)],
                Stroke::new(1.0, text),
            );
            painter.text(
                pos2(x, bar.bottom() + 4.0),
                Align2::CENTER_TOP,
                format!("{}", year),
                FontId::proportional(10.0),
                text,
            );
        }
    }
    let x = x_of(date);
    painter.line_segment(
        [pos2(x, bar.top() - 3.0), pos2(x, bar.bottom() + 3.0)],
        Stroke::new(2.0, text),
    );
    if let Some(p) = response.hover_pos() {
        let at = spans
            .iter()
            .find(|(f, t, ..)| x_of(*f) <= p.x && p.x <= x_of(*t));
        response.clone().on_hover_ui_at_pointer(|ui| match at {
            Some((f, t, _, _, words)) => {
                ui.strong(words);
                ui.label(format!("{f} – {}", t.previous()));
                ui.weak("Click to go to this date");
            }
            None => {
                ui.label("Does not exist");
            }
        });
    }
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let t = ((p.x - bar.left()) / bar.width()).clamp(0.0, 1.0);
        let day = Day::from_day_number(a + (t * (b - a) as f32).round() as i32);
        commands.push(Command::Time(TimeCommand::SetDate(day)));
    }
}
