//! Framing: which part of the map a view shows, and how map metres become pixels — the same
//! for the window, an exported image and a tour stop.
//!
//! Areas are [`MapRect`]s in map metres (EPSG:3035, y north). A [`Transform`] takes map points
//! to pixels of a surface (y down): a window's rectangle or an image.

use bloc_geometry::Detail;
use bloc_geometry::mesh::MapRect;
use bloc_geometry::projection::{LonLat, MapPoint, Projection};
use bloc_model::tour::StopView;

/// A view named on the command line or by a button.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewArg {
    /// Europe whole (the default view).
    Europe,
    /// Everything drawn: North America to the Pacific.
    World,
    /// A box in degrees.
    Box {
        /// Western longitude.
        west: f64,
        /// Southern latitude.
        south: f64,
        /// Eastern longitude.
        east: f64,
        /// Northern latitude.
        north: f64,
    },
}

impl ViewArg {
    /// The map area it stands for.
    pub fn area(self, projection: &Projection) -> MapRect {
        match self {
            ViewArg::Europe => europe(projection),
            ViewArg::World => world(projection),
            ViewArg::Box {
                west,
                south,
                east,
                north,
            } => lon_lat_box(projection, west, south, east, north),
        }
    }
}

/// The map area covering these positions (those beyond the horizon left out).
fn projected_bounds(
    projection: &Projection,
    points: impl IntoIterator<Item = (f64, f64)>,
) -> MapRect {
    let mut r = MapRect::NOTHING;
    for (lon, lat) in points {
        if let Some(p) = projection.forward(LonLat { lon, lat }) {
            r.extend(p);
        }
    }
    r
}

/// The map area shown at start and by "Europe": from Iceland to the Urals, with Turkey and the
/// Maghreb coast.
pub fn europe(projection: &Projection) -> MapRect {
    projected_bounds(
        projection,
        [
            (-24.0, 64.0),
            (-10.0, 36.0),
            (40.0, 35.5),
            (56.0, 58.0),
            (30.0, 71.0),
        ],
    )
}

/// The map area shown by "World": North America, the whole USSR to Chukotka, and North Africa.
pub fn world(projection: &Projection) -> MapRect {
    projected_bounds(
        projection,
        [
            (-125.0, 25.0),
            (-160.0, 60.0),
            (170.0, 55.0),
            (60.0, 15.0),
            (-20.0, 15.0),
        ],
    )
}

/// The map area covering a longitude/latitude box (sampled along its edges, since meridians
/// and parallels are curves in the projection).
pub fn lon_lat_box(
    projection: &Projection,
    west: f64,
    south: f64,
    east: f64,
    north: f64,
) -> MapRect {
    let edges = (0..=16).flat_map(|k| {
        let t = f64::from(k) / 16.0;
        let lon = west + (east - west) * t;
        let lat = south + (north - south) * t;
        [(lon, south), (lon, north), (west, lat), (east, lat)]
    });
    projected_bounds(projection, edges)
}

/// The map area a tour stop's view shows: Europe's extent divided by the zoom, about the centre.
pub fn stop_area(projection: &Projection, v: StopView) -> MapRect {
    let europe = europe(projection);
    let (w, h) = europe.size();
    let c = projection
        .forward(LonLat {
            lon: v.lon,
            lat: v.lat,
        })
        .unwrap_or(europe.centre());
    let zoom = v.zoom.max(1e-3);
    let (hw, hh) = (w / zoom / 2.0, h / zoom / 2.0);
    MapRect {
        min: MapPoint {
            x: c.x - hw,
            y: c.y - hh,
        },
        max: MapPoint {
            x: c.x + hw,
            y: c.y + hh,
        },
    }
}

/// Below this many map metres per point the detailed geometry is drawn (in the window and in
/// exports alike).
pub const HIGH_DETAIL_BELOW: f64 = 1_800.0;

/// The geometry level for a scale in metres per point.
pub fn detail_at(metres_per_point: f64) -> Detail {
    if metres_per_point < HIGH_DETAIL_BELOW {
        Detail::High
    } else {
        Detail::Low
    }
}

/// Map points to the pixels of a surface: `pixel = (x·scale + x0, y0 − y·scale)`, in `f32` for
/// speed (the meshes are `f32`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transform {
    /// Pixels per map metre.
    pub scale: f32,
    /// Pixel x of map x = 0.
    pub x0: f32,
    /// Pixel y of map y = 0.
    pub y0: f32,
}

impl Transform {
    /// The transform that puts `centre` at pixel (`cx`, `cy`) with `metres_per_pixel`.
    pub fn centred(centre: MapPoint, metres_per_pixel: f64, (cx, cy): (f64, f64)) -> Transform {
        let k = 1.0 / metres_per_pixel;
        Transform {
            scale: k as f32,
            x0: (cx - centre.x * k) as f32,
            y0: (cy + centre.y * k) as f32,
        }
    }

    /// The transform that shows `area` whole, centred, in an image of `width` × `height`
    /// pixels.
    pub fn fit(area: MapRect, width: u32, height: u32) -> Transform {
        let (w, h) = area.size();
        let scale = (f64::from(width) / w.max(1.0)).min(f64::from(height) / h.max(1.0));
        Transform::centred(
            area.centre(),
            1.0 / scale,
            (f64::from(width) / 2.0, f64::from(height) / 2.0),
        )
    }

    /// The pixel of a mesh vertex.
    #[inline]
    pub fn apply(&self, [x, y]: [f32; 2]) -> (f32, f32) {
        (x * self.scale + self.x0, self.y0 - y * self.scale)
    }

    /// The pixel of a map point.
    pub fn point(&self, p: MapPoint) -> (f32, f32) {
        self.apply([p.x as f32, p.y as f32])
    }

    /// The map point under a pixel.
    pub fn inverse(&self, (x, y): (f32, f32)) -> MapPoint {
        let k = 1.0 / f64::from(self.scale);
        MapPoint {
            x: (f64::from(x) - f64::from(self.x0)) * k,
            y: (f64::from(self.y0) - f64::from(y)) * k,
        }
    }

    /// The map area under a rectangle of pixels (left, top, right, bottom).
    pub fn visible(&self, (left, top, right, bottom): (f32, f32, f32, f32)) -> MapRect {
        let a = self.inverse((left, bottom));
        let b = self.inverse((right, top));
        MapRect {
            min: MapPoint {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
            },
            max: MapPoint {
                x: a.x.max(b.x),
                y: a.y.max(b.y),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fitted_area_fills_the_image_and_comes_back() {
        let area = MapRect {
            min: MapPoint {
                x: -100.0,
                y: -50.0,
            },
            max: MapPoint { x: 100.0, y: 50.0 },
        };
        let t = Transform::fit(area, 400, 200);
        assert_eq!(t.point(area.min), (0.0, 200.0));
        assert_eq!(t.point(area.max), (400.0, 0.0));
        let back = t.visible((0.0, 0.0, 400.0, 200.0));
        assert!((back.min.x - area.min.x).abs() < 1e-3 && (back.max.y - area.max.y).abs() < 1e-3);
    }
}
