//! The legend in the map's top-right corner (each bloc's colour and its number of units on the day, and what
//! stripes mean) and the tooltip shown over a unit.

use egui::{Align2, RichText, vec2};

use crate::model::{Atlas, Day, Layer, Status, Unit, UnitKind};
use crate::scene::Looks;

use super::country::{swatch, swatch_of};
use super::style::colour;

/// Shows the legend of the scene's layer in the top-right corner of the map (over the USSR's
/// interior, where it hides the least): each colour, what it stands for and its number of
/// units on the day, and what stripes mean. Returns the screen rectangle it covers.
pub fn show(ui: &mut egui::Ui, map: egui::Rect, looks: &Looks) -> egui::Rect {
    egui::Area::new(egui::Id::unique("legend"))
        .fixed_pos(map.right_top() + vec2(-10.0, 10.0))
        .pivot(Align2::RIGHT_TOP)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                // A fixed width: an area sized by its grid from the frame before changed width
                // every few frames, and the map placed its labels again each time.
                ui.set_width(ui.text_style_height(&egui::TextStyle::Body) * 15.0);
                ui.label(RichText::new(format!("{} on {}", looks.title, looks.day)).strong());
                egui::Grid::new("legend-grid")
                    .num_columns(3)
                    .spacing(vec2(6.0, 3.0))
                    .show(ui, |ui| {
                        for e in &looks.legend {
                            swatch_of(ui, colour(e.fill), e.striped);
                            ui.label(&e.label);
                            let text = if e.partial > 0 {
                                format!("{} ({} partial)", e.units, e.partial)
                            } else {
                                e.units.to_string()
                            };
                            ui.label(text);
                            ui.end_row();
                        }
                        swatch_of(ui, colour(looks.striped_sample), true);
                        ui.label("Striped: special terms");
                        ui.label("");
                        ui.end_row();
                    });
                let note = match looks.layer {
                    Layer::Alignment => {
                        "Special terms: e.g. France outside NATO's\nintegrated command 1966–2009."
                    }
                    Layer::Organisation(_) => {
                        "Special terms, an observer's, or an inactive\nmember's (grey) are striped."
                    }
                };
                // Not wrapped: a legend whose width followed its own wrapping changed size
                // from frame to frame.
                ui.add(
                    egui::Label::new(RichText::new(note).small().weak())
                        .wrap_mode(egui::TextWrapMode::Extend),
                );
            });
        })
        .response
        .rect
}

/// The tooltip over a unit on the map: its name on the day, bloc and detail.
pub fn unit_tooltip(ui: &mut egui::Ui, atlas: &Atlas, unit: &Unit, date: Day) {
    ui.strong(unit.name_on(date));
    if unit.kind == UnitKind::Context {
        ui.label(RichText::new("Outside the atlas's coverage").italics());
        return;
    }
    let s = atlas.standing(&unit.id, date);
    ui.horizontal(|ui| {
        swatch(ui, s.bloc, s.status == Status::Partial);
        ui.label(s.bloc.label());
    });
    let detail = s.detail();
    if !detail.is_empty() {
        ui.label(RichText::new(detail).italics());
    }
    ui.weak("Click for its history");
}
