//! Presentation mode: the projector's look, the caption strip under the map, the blank
//! screen, and the animated move from one stop to the next.

use egui::{Color32, RichText};

use super::map::View;
use crate::model::{Atlas, Day};
use crate::tour::Stop;

/// How long a move between stops takes, in seconds.
pub const MOVE_SECONDS: f64 = 1.2;
/// How long colours take to cross-fade, in seconds (within the move).
pub const FADE_SECONDS: f64 = 0.8;

/// A move of the view from one place to another, started at a time (egui's clock, seconds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Move {
    /// Where the view was.
    pub from: View,
    /// Where it goes.
    pub to: View,
    /// When the move started.
    pub start: f64,
}

impl Move {
    /// The view at a time, and whether the move is over.
    ///
    /// The centre eases in and out; the scale changes geometrically and, for a long way
    /// compared with what is on screen, first widens so that both places pass through view.
    pub fn at(&self, now: f64, screen_width: f64) -> (View, bool) {
        let t = ((now - self.start) / MOVE_SECONDS).clamp(0.0, 1.0);
        let e = t * t * (3.0 - 2.0 * t);
        let (a, b) = (self.from, self.to);
        let distance = (b.x - a.x).hypot(b.y - a.y);
        let widest = a.metres_per_point.max(b.metres_per_point) * screen_width.max(1.0);
        let bump = (distance / widest - 0.4).clamp(0.0, 1.5);
        let log_mpp = a.metres_per_point.ln() * (1.0 - e) + b.metres_per_point.ln() * e;
        let view = View {
            x: a.x + (b.x - a.x) * e,
            y: a.y + (b.y - a.y) * e,
            metres_per_point: log_mpp.exp() * (1.0 + bump * (std::f64::consts::PI * t).sin()),
        };
        if t >= 1.0 {
            (b, true)
        } else if t <= 0.0 {
            (a, false)
        } else {
            (view, false)
        }
    }
}

/// Text sizes of the projector theme.
pub const CAPTION_SIZE: f32 = 30.0;
/// The date's size in the caption strip.
pub const DATE_SIZE: f32 = 44.0;
/// The excerpt's size in the caption strip.
pub const EXCERPT_SIZE: f32 = 24.0;

/// The projector's style: light, high contrast, large type.
pub fn projector_style(base: &egui::Style) -> egui::Style {
    let mut style = base.clone();
    style.visuals = egui::Visuals::light();
    style.visuals.override_text_color = Some(Color32::BLACK);
    style.visuals.panel_fill = Color32::WHITE;
    style.visuals.window_fill = Color32::WHITE;
    style.visuals.window_stroke = egui::Stroke::new(2.0, Color32::BLACK);
    for (text_style, font) in &mut style.text_styles {
        font.size = match text_style {
            egui::TextStyle::Heading => 34.0,
            egui::TextStyle::Small => 18.0,
            _ => 24.0,
        };
    }
    style
}

/// The caption strip: the date large, the stop's caption, and its excerpt with the citation.
pub fn caption_strip(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    date: Day,
    stop: Option<(usize, usize, &Stop)>,
) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(date.in_words()).size(DATE_SIZE).strong());
        if let Some((i, n, _)) = stop {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(format!("{} / {n}", i + 1)).size(EXCERPT_SIZE));
            });
        }
    });
    let Some((_, _, stop)) = stop else {
        ui.label(
            RichText::new("PageDown: next stop · PageUp: previous · B: blank · Esc: leave")
                .size(EXCERPT_SIZE),
        );
        ui.add_space(8.0);
        return;
    };
    if !stop.caption.is_empty() {
        ui.label(RichText::new(crate::model::clip(&stop.caption, 1_000)).size(CAPTION_SIZE));
    }
    if let Some(excerpt) = stop
        .excerpt
        .as_ref()
        .and_then(|id| atlas.excerpts.iter().find(|x| &x.id == id))
    {
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!("“{}”", excerpt.text))
                .size(EXCERPT_SIZE)
                .italics(),
        );
        let citation = atlas
            .sources
            .iter()
            .find(|s| s.id == excerpt.source)
            .map_or(excerpt.source.clone(), |s| {
                let mut c = String::new();
                if !s.author.is_empty() {
                    c.push_str(&s.author);
                    c.push_str(", ");
                }
                c.push_str(&s.title);
                if let Some(p) = &s.published {
                    c.push_str(&format!(" ({p})"));
                }
                c
            });
        ui.label(RichText::new(format!("— {citation}")).size(EXCERPT_SIZE * 0.8));
        if let Some(note) = &excerpt.editorial {
            ui.label(
                RichText::new(format!("Editorial note: {note}"))
                    .size(EXCERPT_SIZE * 0.75)
                    .color(Color32::from_gray(40)),
            );
        }
    }
    ui.add_space(8.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_ends_where_it_was_going_and_passes_through_a_wider_view() {
        let from = View {
            x: 0.0,
            y: 0.0,
            metres_per_point: 1_000.0,
        };
        let to = View {
            x: 3_000_000.0,
            y: 0.0,
            metres_per_point: 1_000.0,
        };
        let m = Move {
            from,
            to,
            start: 10.0,
        };
        assert_eq!(m.at(10.0, 1000.0), (from, false));
        let (mid, done) = m.at(10.0 + MOVE_SECONDS / 2.0, 1000.0);
        assert!(!done);
        assert!((mid.x - 1_500_000.0).abs() < 1.0, "{mid:?}");
        assert!(mid.metres_per_point > 1_500.0, "{mid:?}");
        assert_eq!(m.at(10.0 + MOVE_SECONDS + 0.1, 1000.0), (to, true));
    }
}
