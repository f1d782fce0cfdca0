//! The excerpt panel: the quoted passages that belong to the day shown, each with its date,
//! citation (a link that opens in the browser) and editorial note. An excerpt's "Go to" button
//! moves to its date and outlines its units on the map.

use egui::{Color32, RichText};

use crate::model::{Atlas, Day, Excerpt};

use super::Command;

/// Whether an excerpt belongs to a day: `[date, to)`, or its one day when it has no end.
pub fn belongs(e: &Excerpt, day: Day) -> bool {
    e.belongs_to(day)
}

/// Shows the panel.
pub fn show(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    date: Day,
    chosen: Option<usize>,
    commands: &mut Vec<Command>,
) {
    ui.add_space(6.0);
    ui.heading("Source excerpts");
    ui.label(RichText::new(format!("On {date}")).weak());
    ui.separator();
    let current: Vec<usize> = (0..atlas.excerpts.len())
        .filter(|&i| belongs(&atlas.excerpts[i], date))
        .collect();
    // The nearest excerpts before and after, to move on from here.
    let before = atlas
        .excerpts
        .iter()
        .enumerate()
        .filter(|(_, e)| e.date < date && !belongs(e, date))
        .max_by_key(|(i, e)| (e.date, usize::MAX - i));
    let after = atlas
        .excerpts
        .iter()
        .enumerate()
        .filter(|(_, e)| e.date > date)
        .min_by_key(|(i, e)| (e.date, *i));
    ui.horizontal_wrapped(|ui| {
        if let Some((i, e)) = before
            && ui
                .button(format!("Previous excerpt: {}", e.date))
                .on_hover_text("Go to the previous excerpt and outline its units")
                .clicked()
        {
            commands.push(Command::ShowExcerpt(i));
        }
        if let Some((i, e)) = after
            && ui
                .button(format!("Next excerpt: {}", e.date))
                .on_hover_text("Go to the next excerpt and outline its units")
                .clicked()
        {
            commands.push(Command::ShowExcerpt(i));
        }
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if current.is_empty() {
                ui.add_space(8.0);
                ui.label(
                    RichText::new(
                        "No excerpt belongs to this day. The buttons above go to the nearest ones.",
                    )
                    .italics(),
                );
            }
            for i in current {
                excerpt_card(ui, atlas, i, chosen == Some(i), commands);
                ui.add_space(6.0);
            }
        });
}

fn excerpt_card(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    index: usize,
    chosen: bool,
    commands: &mut Vec<Command>,
) {
    let e = &atlas.excerpts[index];
    let visuals = ui.visuals().clone();
    let fill = if chosen {
        visuals.selection.bg_fill.gamma_multiply(0.35)
    } else {
        visuals.faint_bg_color
    };
    let frame = egui::Frame::group(ui.style()).fill(fill);
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let span = match e.to {
            Some(to) => format!("{} – {}", e.date, to.previous()),
            None => e.date.to_string(),
        };
        let button = ui
            .button(format!("Go to {span}"))
            .on_hover_text("Go to this date and outline the units it concerns");
        if button.clicked() {
            commands.push(Command::ShowExcerpt(index));
        }
        ui.label(RichText::new(format!("“{}”", e.text)).size(14.5));
        if let Some(source) = atlas.source(&e.source) {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("—").weak());
                match &source.url {
                    Some(url) => {
                        ui.hyperlink_to(&source.title, url).on_hover_text(url);
                    }
                    None => {
                        ui.label(RichText::new(&source.title).italics());
                    }
                }
                let mut credit = source.author.clone();
                if let Some(p) = &source.published {
                    credit.push_str(&format!(", {p}"));
                }
                ui.label(RichText::new(credit).weak());
            });
        }
        if !e.units.is_empty() {
            let names: Vec<&str> = e
                .units
                .iter()
                .filter_map(|id| atlas.unit(id))
                .map(|u| u.name_on(e.date))
                .collect();
            ui.label(
                RichText::new(format!("Concerns: {}", names.join(", ")))
                    .small()
                    .weak(),
            );
        }
        if let Some(note) = &e.editorial {
            ui.add_space(2.0);
            egui::Frame::new()
                .fill(Color32::from_rgba_unmultiplied(0xEE, 0xDD, 0x88, 40))
                .inner_margin(4.0)
                .corner_radius(3.0)
                .show(ui, |ui| {
                    ui.label(RichText::new("Editorial note").small().strong());
                    ui.label(RichText::new(note).small());
                    for s in e.editorial_sources.iter().filter_map(|s| atlas.source(s)) {
                        match &s.url {
                            Some(url) => {
                                ui.hyperlink_to(RichText::new(&s.title).small(), url);
                            }
                            None => {
                                ui.label(RichText::new(&s.title).small().italics());
                            }
                        }
                    }
                });
        }
    });
}
