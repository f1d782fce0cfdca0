//! Parsing command-line values: days, sizes, steps, views, points and seconds, each with a
//! message that says what was expected.

use crate::export::Step;
use crate::model::Day;
use crate::scene::framing::ViewArg;

pub(super) fn parse_day(s: &str) -> Result<Day, String> {
    s.parse::<Day>().map_err(|e| e.to_string())
}

pub(super) fn parse_frame_seconds(s: &str) -> Result<f32, String> {
    use crate::export::{MAX_FRAME_SECONDS, MIN_FRAME_SECONDS};
    let bad = || {
        format!("'{s}' is not a number of seconds from {MIN_FRAME_SECONDS} to {MAX_FRAME_SECONDS}")
    };
    let v: f32 = s.trim().parse().map_err(|_| bad())?;
    if v.is_finite() && (MIN_FRAME_SECONDS..=MAX_FRAME_SECONDS).contains(&v) {
        Ok(v)
    } else {
        Err(bad())
    }
}

pub(super) fn parse_step(s: &str) -> Result<Step, String> {
    s.parse()
}

pub(super) fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{s}' is not a size WIDTHxHEIGHT in pixels (e.g. 1920x1080)");
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) {
        return Err(format!("'{s}': width and height must be 16 to 8192 pixels"));
    }
    Ok((w, h))
}

pub(super) fn parse_view(s: &str) -> Result<ViewArg, String> {
    match s {
        "europe" => return Ok(ViewArg::Europe),
        "world" => return Ok(ViewArg::World),
        _ => {}
    }
    let bad = || format!("'{s}' is not europe, world or WEST,SOUTH,EAST,NORTH in degrees");
    let v: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().map_err(|_| bad()))
        .collect::<Result<_, _>>()?;
    let [w, so, e, n] = v[..] else {
        return Err(bad());
    };
    let ok = (-180.0..=180.0).contains(&w)
        && (-180.0..=180.0).contains(&e)
        && (-90.0..=90.0).contains(&so)
        && (-90.0..=90.0).contains(&n)
        && w < e
        && so < n;
    if !ok {
        return Err(format!(
            "'{s}' is not a box WEST,SOUTH,EAST,NORTH with west < east and south < north"
        ));
    }
    Ok(ViewArg::Box {
        west: w,
        south: so,
        east: e,
        north: n,
    })
}

pub(super) fn parse_lon_lat(s: &str) -> Result<[f64; 2], String> {
    let bad = || format!("'{s}' is not LON,LAT in degrees (e.g. 13.40,52.52)");
    let (lon, lat) = s.split_once(',').ok_or_else(bad)?;
    let lon: f64 = lon.trim().parse().map_err(|_| bad())?;
    let lat: f64 = lat.trim().parse().map_err(|_| bad())?;
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "'{s}' is outside longitude -180..180, latitude -90..90"
        ));
    }
    Ok([lon, lat])
}
