//! The design tokens of the map: its colours, line widths and the stripe pattern, in plain bytes
//! and numbers (no UI types), for every painter — the window's egui meshes and the images'
//! tiny-skia paths.
//!
//! The bloc fills are Paul Tol's "light" qualitative scheme, made for areas that carry labels and
//! distinguishable with the common forms of colour blindness; partial statuses add white
//! stripes, so that they never depend on colour alone.

use bloc_model::Bloc;

/// A colour as four bytes, red, green, blue and alpha, premultiplied by alpha (as egui's
/// `Color32` holds them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba([r, g, b, 255])
    }

    /// A colour from premultiplied bytes.
    pub const fn premultiplied(r: u8, g: u8, b: u8, a: u8) -> Rgba {
        Rgba([r, g, b, a])
    }

    /// Red.
    pub const fn r(self) -> u8 {
        self.0[0]
    }

    /// Green.
    pub const fn g(self) -> u8 {
        self.0[1]
    }

    /// Blue.
    pub const fn b(self) -> u8 {
        self.0[2]
    }

    /// Alpha.
    pub const fn a(self) -> u8 {
        self.0[3]
    }

    /// The colour between `self` (t = 0) and `other` (t = 1).
    pub fn lerp(self, other: Rgba, t: f32) -> Rgba {
        let t = t.clamp(0.0, 1.0);
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
        Rgba(std::array::from_fn(|i| mix(self.0[i], other.0[i])))
    }
}

/// The fill of a bloc.
pub fn bloc_fill(bloc: Bloc) -> Rgba {
    match bloc {
        Bloc::Nato => Rgba::rgb(0x77, 0xAA, 0xDD),
        // Tol's light cyan: of NATO's family, but not NATO.
        Bloc::WesternUnion => Rgba::rgb(0x99, 0xDD, 0xFF),
        Bloc::Warsaw => Rgba::rgb(0xEE, 0x88, 0x66),
        // Tol's pink: of the Pact's family, but not the Pact.
        Bloc::SovietBloc => Rgba::rgb(0xFF, 0xAA, 0xBB),
        Bloc::Neutral => Rgba::rgb(0xEE, 0xDD, 0x88),
        Bloc::Nonaligned => Rgba::rgb(0x44, 0xBB, 0x99),
        Bloc::None => Rgba::rgb(0xBB, 0xB4, 0xA8),
    }
}

/// The colours an organisation's `palette` slot (1–8) names: Paul Tol's "light" scheme, safe
/// with the common forms of colour blindness.
pub const ORGANISATION_SLOTS: [Rgba; 8] = [
    Rgba::rgb(0x77, 0xAA, 0xDD),
    Rgba::rgb(0xEE, 0x88, 0x66),
    Rgba::rgb(0x44, 0xBB, 0x99),
    Rgba::rgb(0xBB, 0xCC, 0x33),
    Rgba::rgb(0xAA, 0xAA, 0x00),
    Rgba::rgb(0xEE, 0xDD, 0x88),
    Rgba::rgb(0xFF, 0xAA, 0xBB),
    Rgba::rgb(0x99, 0xDD, 0xFF),
];

/// The colour of an organisation's palette slot (slots out of range wrap around).
pub fn organisation_fill(slot: u8) -> Rgba {
    ORGANISATION_SLOTS[usize::from(slot.max(1) - 1) % ORGANISATION_SLOTS.len()]
}

/// Land outside the atlas's coverage (the rest of the world, drawn for orientation).
pub const CONTEXT_FILL: Rgba = Rgba::rgb(0xE4, 0xE4, 0xE1);
/// The sea.
pub const SEA: Rgba = Rgba::rgb(0xD5, 0xE1, 0xEA);
/// Borders between units of the atlas.
pub const BORDER: Rgba = Rgba::rgb(0x3C, 0x3C, 0x44);
/// Coasts of units of the atlas.
pub const COAST: Rgba = Rgba::rgb(0x5E, 0x70, 0x82);
/// Borders and coasts among context units.
pub const CONTEXT_BORDER: Rgba = Rgba::rgb(0xA8, 0xAC, 0xB0);
/// The outline of the selected unit.
pub const OUTLINE: Rgba = Rgba::rgb(0x10, 0x10, 0x10);
/// The outline of the units of the chosen excerpt or tour stop (Tol's wine).
pub const HIGHLIGHT: Rgba = Rgba::rgb(0x88, 0x22, 0x55);
/// Map labels.
pub const LABEL: Rgba = Rgba::rgb(0x18, 0x18, 0x1C);
/// Map labels of context units.
pub const CONTEXT_LABEL: Rgba = Rgba::rgb(0x70, 0x70, 0x74);
/// The halo behind map labels.
pub const LABEL_HALO: Rgba = Rgba::premultiplied(0xF4, 0xF4, 0xF4, 0xC8);
/// The panels drawn over an exported image (title, legend, credit).
pub const PANEL: Rgba = Rgba::premultiplied(225, 225, 225, 225);

/// Line widths in points (a point is a screen point in the window, a thousandth of the image
/// height in an export), before the zoom's and the theme's scale.
pub mod width {
    /// A border between units.
    pub const BORDER: f32 = 1.3;
    /// A coast.
    pub const COAST: f32 = 0.9;
    /// A border or coast among context units.
    pub const CONTEXT: f32 = 0.7;
    /// The outline of highlighted units.
    pub const HIGHLIGHT: f32 = 3.0;
    /// The outline of the selected unit.
    pub const SELECTION: f32 = 3.5;
}

/// Points per repetition of the stripe pattern.
pub const HATCH_PERIOD: f32 = 10.0;

/// Pixels along each side of the stripe pattern's tile.
pub const HATCH_TILE: usize = 16;

/// The stripe pattern for partial statuses, row by row: diagonal white stripes (a third as wide
/// as the gaps' period) on transparency, drawn over the bloc colour and repeated.
pub fn hatch_tile() -> Vec<Rgba> {
    const N: usize = HATCH_TILE;
    let mut pixels = Vec::with_capacity(N * N);
    for y in 0..N {
        for x in 0..N {
            let on = (x + y) % N < N / 3;
            pixels.push(if on {
                Rgba::premultiplied(190, 190, 190, 190)
            } else {
                Rgba([0, 0, 0, 0])
            });
        }
    }
    pixels
}
