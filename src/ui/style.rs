//! Colours and patterns of the map, shared by the map, the legend and the country strip.
//!
//! The bloc fills are Paul Tol's "light" qualitative scheme, made for areas that carry labels and
//! distinguishable with the common forms of colour blindness; partial statuses add white
//! stripes, so that they never depend on colour alone.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions};

use crate::model::Bloc;

/// The fill of a bloc.
pub fn bloc_fill(bloc: Bloc) -> Color32 {
    match bloc {
        Bloc::Nato => Color32::from_rgb(0x77, 0xAA, 0xDD),
        Bloc::Warsaw => Color32::from_rgb(0xEE, 0x88, 0x66),
        Bloc::Neutral => Color32::from_rgb(0xEE, 0xDD, 0x88),
        Bloc::Nonaligned => Color32::from_rgb(0x44, 0xBB, 0x99),
        Bloc::None => Color32::from_rgb(0xBB, 0xB4, 0xA8),
    }
}

/// Land outside the atlas's coverage (the rest of the world, drawn for orientation).
pub const CONTEXT_FILL: Color32 = Color32::from_rgb(0xE4, 0xE4, 0xE1);
/// The sea.
pub const SEA: Color32 = Color32::from_rgb(0xD5, 0xE1, 0xEA);
/// Borders between units of the atlas.
pub const BORDER: Color32 = Color32::from_rgb(0x3C, 0x3C, 0x44);
/// Coasts of units of the atlas.
pub const COAST: Color32 = Color32::from_rgb(0x5E, 0x70, 0x82);
/// Borders and coasts among context units.
pub const CONTEXT_BORDER: Color32 = Color32::from_rgb(0xA8, 0xAC, 0xB0);
/// The outline of the selected unit.
pub const OUTLINE: Color32 = Color32::from_rgb(0x10, 0x10, 0x10);
/// The outline of the units of the chosen excerpt (Tol's wine).
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0x88, 0x22, 0x55);
/// Map labels.
pub const LABEL: Color32 = Color32::from_rgb(0x18, 0x18, 0x1C);
/// Map labels of context units.
pub const CONTEXT_LABEL: Color32 = Color32::from_rgb(0x70, 0x70, 0x74);
/// The halo behind map labels.
pub const LABEL_HALO: Color32 = Color32::from_rgba_premultiplied(0xF4, 0xF4, 0xF4, 0xC8);

/// Screen points per repetition of the stripe pattern.
pub const HATCH_PERIOD: f32 = 10.0;

/// The stripe pattern for partial statuses: diagonal white stripes on transparency, to be
/// drawn over the bloc colour with texture coordinates `screen position / HATCH_PERIOD`.
pub fn hatch_image() -> ColorImage {
    const N: usize = 16;
    let mut pixels = Vec::with_capacity(N * N);
    for y in 0..N {
        for x in 0..N {
            // Distance along the diagonal, wrapping every N pixels: stripes a third as wide.
            let d = (x + y) % N;
            let on = d < N / 3;
            pixels.push(if on {
                Color32::from_white_alpha(190)
            } else {
                Color32::TRANSPARENT
            });
        }
    }
    ColorImage::new([N, N], pixels)
}

/// Loads the stripe pattern as a repeating texture.
pub fn hatch_texture(ctx: &egui::Context) -> TextureHandle {
    ctx.load_texture(
        "bloc-atlas-hatch",
        hatch_image(),
        TextureOptions::LINEAR_REPEAT,
    )
}

/// The stripe texture, loaded once per context.
pub fn hatch_id(ctx: &egui::Context) -> egui::TextureId {
    let key = egui::Id::unique("bloc-atlas-hatch");
    if let Some(handle) = ctx.data(|d| d.get_temp::<TextureHandle>(key)) {
        return handle.id();
    }
    let handle = hatch_texture(ctx);
    let id = handle.id();
    ctx.data_mut(|d| d.insert_temp(key, handle));
    id
}
