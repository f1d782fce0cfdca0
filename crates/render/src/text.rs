//! Text for exported images: glyph outlines from the font egui uses (Ubuntu Light, bundled
//! with egui), read by `skrifa` and filled by tiny-skia, so that no system font is needed.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider as _};
use tiny_skia::{FillRule, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};

use bloc_scene::palette::Rgba;

/// A font for drawing strings.
pub struct Font {
    data: &'static [u8],
}

/// Collects glyph outlines into a tiny-skia path, moved to a pen position (y down).
struct Pen<'a> {
    path: &'a mut PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.path
            .quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.path.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.path.close();
    }
}

impl Font {
    /// egui's default proportional font.
    pub fn ubuntu() -> Option<Font> {
        let data = epaint_default_fonts::UBUNTU_LIGHT;
        FontRef::new(data).ok()?;
        Some(Font { data })
    }

    fn font(&self) -> Option<FontRef<'static>> {
        FontRef::new(self.data).ok()
    }

    /// The advance width of a string at a size in pixels.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = self.font() else { return 0.0 };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .filter_map(|c| charmap.map(c))
            .filter_map(|g| metrics.advance_width(g))
            .sum()
    }

    /// The outline of a string with its baseline starting at (x, y), as a path.
    pub fn path(&self, text: &str, x: f32, y: f32, size: f32) -> Option<tiny_skia::Path> {
        let font = self.font()?;
        let charmap = font.charmap();
        let outlines = font.outline_glyphs();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        let mut path = PathBuilder::new();
        let mut pen_x = x;
        for c in text.chars() {
            let Some(glyph) = charmap.map(c) else {
                continue;
            };
            if let Some(outline) = outlines.get(glyph) {
                let mut pen = Pen {
                    path: &mut path,
                    x: pen_x,
                    y,
                };
                let settings = DrawSettings::unhinted(Size::new(size), LocationRef::default());
                let _ = outline.draw(settings, &mut pen);
            }
            pen_x += metrics.advance_width(glyph).unwrap_or(0.0);
        }
        path.finish()
    }

    /// Draws a string with its baseline starting at (x, y), optionally with a halo behind it.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        pixmap: &mut Pixmap,
        text: &str,
        x: f32,
        y: f32,
        size: f32,
        colour: Rgba,
        halo: Option<Rgba>,
    ) {
        let Some(path) = self.path(text, x, y, size) else {
            return;
        };
        let paint = |c: Rgba| {
            let mut p = Paint::default();
            p.set_color_rgba8(c.r(), c.g(), c.b(), c.a());
            p.anti_alias = true;
            p
        };
        if let Some(h) = halo {
            let stroke = Stroke {
                width: (size / 6.0).max(2.0),
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            pixmap.stroke_path(&path, &paint(h), &stroke, Transform::identity(), None);
        }
        pixmap.fill_path(
            &path,
            &paint(colour),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}
