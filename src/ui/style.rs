//! The scene's design tokens ([`crate::scene::palette`]) as egui colours and textures, for the
//! map, the legend and the country strip. No colour is decided here.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions};

use crate::model::Bloc;
use crate::scene::palette::{self, Rgba};

/// A palette colour as egui's (both premultiplied).
pub const fn colour(c: Rgba) -> Color32 {
    Color32::from_rgba_premultiplied(c.r(), c.g(), c.b(), c.a())
}

/// The fill of a bloc.
pub fn bloc_fill(bloc: Bloc) -> Color32 {
    colour(palette::bloc_fill(bloc))
}

/// The sea.
pub const SEA: Color32 = colour(palette::SEA);
/// Borders between units of the atlas.
pub const BORDER: Color32 = colour(palette::BORDER);

/// Screen points per repetition of the stripe pattern.
pub const HATCH_PERIOD: f32 = palette::HATCH_PERIOD;

/// The stripe pattern for partial statuses, to be drawn over the bloc colour with texture
/// coordinates `screen position / HATCH_PERIOD`.
pub fn hatch_image() -> ColorImage {
    let n = palette::HATCH_TILE;
    ColorImage::new(
        [n, n],
        palette::hatch_tile().into_iter().map(colour).collect(),
    )
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
