//! The map projection: Lambert azimuthal equal-area centred on 52° N 10° E, as EPSG:3035
//! (ETRS89-extended / LAEA Europe), computed by the `proj4rs` library.
//!
//! Coordinate spaces:
//! - [`LonLat`]: WGS 84 degrees (x = longitude), as in the GeoJSON files.
//! - [`MapPoint`]: metres on the projected plane, x east and y north, relative to the centre of
//!   the projection (EPSG:3035 easting − 4 321 000 m, northing − 3 210 000 m), so that `f32`
//!   keeps sub-metre precision for the meshes.
//!
//! The screen (egui points, y down) is the views' business; see `ui::map`.

use proj4rs::proj::Proj;

/// A position in WGS 84 degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

/// A position on the projected plane, in metres from the projection's centre (y north).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct MapPoint {
    /// Metres east of the centre.
    pub x: f64,
    /// Metres north of the centre.
    pub y: f64,
}

/// EPSG:3035's false easting and northing, taken off so that the centre is (0, 0).
const FALSE_EASTING: f64 = 4_321_000.0;
const FALSE_NORTHING: f64 = 3_210_000.0;

/// The projection's centre, degrees.
pub const CENTRE: LonLat = LonLat {
    lon: 10.0,
    lat: 52.0,
};

/// Great-circle distance from the centre, in degrees, beyond which the map draws nothing: the
/// far side of an azimuthal projection is a smeared ring. 125° keeps North America, the whole
/// USSR and Africa; it drops Australia, Antarctica and most of South America.
pub const HORIZON_DEGREES: f64 = 125.0;

/// Why the projection could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up the map projection: {0}")]
pub struct ProjectionError(String);

/// EPSG:3035 forwards and backwards.
#[derive(Debug)]
pub struct Projection {
    geographic: Proj,
    laea: Proj,
}

impl Projection {
    /// The atlas's projection, EPSG:3035.
    pub fn epsg3035() -> Result<Self, ProjectionError> {
        let geographic = Proj::from_proj_string("+proj=longlat +ellps=GRS80 +no_defs")
            .map_err(|e| ProjectionError(e.to_string()))?;
        let laea = Proj::from_proj_string(
            "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs",
        )
        .map_err(|e| ProjectionError(e.to_string()))?;
        Ok(Projection { geographic, laea })
    }

    /// Projects a position; `None` beyond the [`HORIZON_DEGREES`] or where the library fails.
    pub fn forward(&self, p: LonLat) -> Option<MapPoint> {
        if !within_horizon(p) {
            return None;
        }
        let mut xyz = (p.lon.to_radians(), p.lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.geographic, &self.laea, &mut xyz).ok()?;
        let point = MapPoint {
            x: xyz.0 - FALSE_EASTING,
            y: xyz.1 - FALSE_NORTHING,
        };
        (point.x.is_finite() && point.y.is_finite()).then_some(point)
    }

    /// Projects many positions at once (much faster than one by one); `None` if any is beyond
    /// the horizon or fails.
    pub fn forward_all(&self, points: &[LonLat]) -> Option<Vec<MapPoint>> {
        if !points.iter().all(|&p| within_horizon(p)) {
            return None;
        }
        let mut xyz: Vec<(f64, f64, f64)> = points
            .iter()
            .map(|p| (p.lon.to_radians(), p.lat.to_radians(), 0.0))
            .collect();
        proj4rs::transform::transform(&self.geographic, &self.laea, xyz.as_mut_slice()).ok()?;
        xyz.into_iter()
            .map(|(x, y, _)| {
                let p = MapPoint {
                    x: x - FALSE_EASTING,
                    y: y - FALSE_NORTHING,
                };
                (p.x.is_finite() && p.y.is_finite()).then_some(p)
            })
            .collect()
    }

    /// The position under a map point; `None` off the globe or beyond the horizon.
    pub fn inverse(&self, p: MapPoint) -> Option<LonLat> {
        let mut xyz = (p.x + FALSE_EASTING, p.y + FALSE_NORTHING, 0.0);
        proj4rs::transform::transform(&self.laea, &self.geographic, &mut xyz).ok()?;
        let ll = LonLat {
            lon: xyz.0.to_degrees(),
            lat: xyz.1.to_degrees(),
        };
        (ll.lon.is_finite() && ll.lat.is_finite() && within_horizon(ll)).then_some(ll)
    }
}

/// Whether a position is within [`HORIZON_DEGREES`] of the centre (spherical distance).
pub fn within_horizon(p: LonLat) -> bool {
    // Quick accept without trigonometry: in the northern hemisphere and within 90° of longitude
    // of the centre, every term of the cosine below is ≥ 0, so the distance is ≤ 90°.
    let dlon_deg = (p.lon - CENTRE.lon + 540.0).rem_euclid(360.0) - 180.0;
    if p.lat >= 0.0 && p.lat <= 90.0 && dlon_deg.abs() <= 90.0 {
        return true;
    }
    let (lat0, lat) = (CENTRE.lat.to_radians(), p.lat.to_radians());
    let dlon = (p.lon - CENTRE.lon).to_radians();
    let cos_d = lat0.sin() * lat.sin() + lat0.cos() * lat.cos() * dlon.cos();
    cos_d >= HORIZON_DEGREES.to_radians().cos()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_is_origin_and_round_trips() {
        let p = Projection::epsg3035().unwrap();
        let c = p.forward(CENTRE).unwrap();
        assert!(c.x.abs() < 1e-6 && c.y.abs() < 1e-6, "{c:?}");
        // Paris, from EPSG:3035's published grid (≈ 3 760 km E, 2 889 km N).
        let paris = p
            .forward(LonLat {
                lon: 2.3522,
                lat: 48.8566,
            })
            .unwrap();
        assert!(
            (paris.x + FALSE_EASTING - 3_760_000.0).abs() < 5_000.0,
            "{paris:?}"
        );
        assert!(
            (paris.y + FALSE_NORTHING - 2_889_000.0).abs() < 5_000.0,
            "{paris:?}"
        );
        let back = p.inverse(paris).unwrap();
        assert!((back.lon - 2.3522).abs() < 1e-9 && (back.lat - 48.8566).abs() < 1e-9);
    }

    #[test]
    fn the_quick_horizon_test_agrees_with_the_full_one() {
        let full = |p: LonLat| {
            let (lat0, lat) = (CENTRE.lat.to_radians(), p.lat.to_radians());
            let dlon = (p.lon - CENTRE.lon).to_radians();
            let cos_d = lat0.sin() * lat.sin() + lat0.cos() * lat.cos() * dlon.cos();
            cos_d >= HORIZON_DEGREES.to_radians().cos()
        };
        for lon in (-180..=180).step_by(3) {
            for lat in (-90..=90).step_by(3) {
                let p = LonLat {
                    lon: f64::from(lon),
                    lat: f64::from(lat),
                };
                assert_eq!(within_horizon(p), full(p), "{p:?}");
            }
        }
    }

    #[test]
    fn the_far_side_is_cut_off() {
        let p = Projection::epsg3035().unwrap();
        assert!(
            p.forward(LonLat {
                lon: 135.0,
                lat: -25.0
            })
            .is_none(),
            "Australia"
        );
        assert!(
            p.forward(LonLat {
                lon: -120.0,
                lat: 37.0
            })
            .is_some(),
            "California"
        );
        assert!(
            p.forward(LonLat {
                lon: 177.0,
                lat: 64.0
            })
            .is_some(),
            "Chukotka"
        );
    }
}
