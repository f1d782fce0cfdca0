//! Rendering without a window: image size, and the bloc colour at known cities on known days
//! (the Paris 1960, Prague 1985, Vienna 1960, Berlin 1995), through the library and
//! through `bloc-atlas render`.

use bloc_atlas::export::{Frame, Renderer, png};
use bloc_atlas::geometry::Detail;
use bloc_atlas::model::Bloc;
use bloc_atlas::scene::framing::europe;
use bloc_atlas::scene::palette::{Rgba, bloc_fill};

use crate::util::bloc_atlas;

/// Share of the pixels in a 9×9 square around (x, y) that have (nearly) this colour: a label or
/// border may cover the city itself.
fn share_near(image: &tiny_skia::Pixmap, (x, y): (f32, f32), colour: Rgba) -> f64 {
    let (mut hits, mut all) = (0, 0);
    for dy in -4..=4 {
        for dx in -4..=4 {
            let (px, py) = (x.round() as i32 + dx, y.round() as i32 + dy);
            let Some(p) = image.pixel(px as u32, py as u32) else {
                continue;
            };
            let c = p.demultiply();
            all += 1;
            let near = |a: u8, b: u8| a.abs_diff(b) <= 3;
            if near(c.red(), colour.r())
                && near(c.green(), colour.g())
                && near(c.blue(), colour.b())
            {
                hits += 1;
            }
        }
    }
    f64::from(hits) / f64::from(all.max(1))
}

#[test]
fn cities_have_their_bloc_colour_on_the_day() {
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let area = europe(renderer.projection());
    let cases = [
        ("1960-06-01", 2.35, 48.86, Bloc::Nato, "Paris"),
        ("1985-06-01", 14.42, 50.09, Bloc::Warsaw, "Prague"),
        ("1960-06-01", 16.37, 48.21, Bloc::Neutral, "Vienna"),
        ("1995-06-01", 13.40, 52.52, Bloc::Nato, "Berlin"),
        (
            "1950-06-01",
            13.40,
            52.52,
            Bloc::SovietBloc,
            "Berlin (East, in the Soviet bloc before the Pact)",
        ),
    ];
    for (date, lon, lat, bloc, city) in cases {
        let frame = Frame {
            date: date.parse().unwrap(),
            area,
            width: 1280,
            height: 720,
            highlighted: Vec::new(),
            layer: Default::default(),
        };
        let image = renderer.draw(&frame).unwrap();
        assert_eq!((image.width(), image.height()), (1280, 720));
        let at = renderer.pixel(&frame, lon, lat).unwrap();
        let share = share_near(&image, at, bloc_fill(bloc));
        assert!(
            share > 0.4,
            "{city} on {date}: {:.0}% {bloc:?}",
            share * 100.0
        );
    }
}

#[test]
fn png_files_have_the_asked_size() {
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let frame = Frame {
        date: "1968-08-21".parse().unwrap(),
        area: europe(renderer.projection()),
        width: 800,
        height: 450,
        highlighted: Vec::new(),
        layer: Default::default(),
    };
    let bytes = png(&renderer.draw(&frame).unwrap(), false).unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (800, 450));
}

#[test]
fn render_command_writes_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("europe.png");
    let path = out.to_str().unwrap();
    let run = bloc_atlas(&[
        "render",
        "--date",
        "1982-05-30",
        "--size",
        "640x360",
        "--out",
        path,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let image = image::open(&out).unwrap();
    assert_eq!((image.width(), image.height()), (640, 360));

    let bad = bloc_atlas(&[
        "render",
        "--date",
        "1982-05-30",
        "--size",
        "640by360",
        "--out",
        path,
    ]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("'640by360' is not a size"),
        "{}",
        bad.stderr
    );

    let early = bloc_atlas(&["render", "--date", "1939-09-01", "--out", path]);
    assert_eq!(early.code, 2);
    assert!(
        early.stderr.contains("before the atlas's coverage"),
        "{}",
        early.stderr
    );
    // A refused command writes nothing: the earlier image is as it was. (That a save killed
    // part way leaves the old file or the new one is tested in tours.rs.)
    assert_eq!(image::open(&out).unwrap().width(), 640);
}

#[test]
fn render_command_writes_an_animated_gif() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("years.gif");
    let path = out.to_str().unwrap();
    let run = bloc_atlas(&[
        "render",
        "--from",
        "1950-01-01",
        "--to",
        "1960-01-01",
        "--step",
        "5y",
        "--size",
        "320x180",
        "--out",
        path,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("3 frames"), "{}", run.stdout);
    let file = std::io::BufReader::new(std::fs::File::open(&out).unwrap());
    let decoder = image::codecs::gif::GifDecoder::new(file).unwrap();
    use image::AnimationDecoder as _;
    let frames = decoder.into_frames().collect_frames().unwrap();
    assert_eq!(frames.len(), 3);
    assert_eq!(frames[0].buffer().dimensions(), (320, 180));

    let reversed = bloc_atlas(&[
        "render",
        "--from",
        "1960-01-01",
        "--to",
        "1950-01-01",
        "--step",
        "1y",
        "--out",
        path,
    ]);
    assert_eq!(reversed.code, 2);
    assert!(
        reversed.stderr.contains("is before --from"),
        "{}",
        reversed.stderr
    );
    let bad_step = bloc_atlas(&[
        "render",
        "--from",
        "1950-01-01",
        "--to",
        "1960-01-01",
        "--step",
        "1q",
        "--out",
        path,
    ]);
    assert_eq!(bad_step.code, 2);
    assert!(
        bad_step.stderr.contains("not a step"),
        "{}",
        bad_step.stderr
    );
}

#[test]
fn a_gif_ends_on_its_last_day_and_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("end.gif");
    let run = bloc_atlas(&[
        "render",
        "--from",
        "1990-01-01",
        "--to",
        "1991-12-26",
        "--step",
        "6m",
        "--size",
        "320x180",
        "--frame-seconds",
        "0.5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("5 frames, 1990-01-01 to 1991-12-26"),
        "{}",
        run.stdout
    );
    let file = std::io::BufReader::new(std::fs::File::open(&out).unwrap());
    use image::AnimationDecoder as _;
    let frames = image::codecs::gif::GifDecoder::new(file)
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(frames.len(), 5);
    let seconds = |f: &image::Frame| {
        let (n, d) = f.delay().numer_denom_ms();
        f64::from(n) / f64::from(d) / 1000.0
    };
    assert!((seconds(&frames[0]) - 0.5).abs() < 0.011);
    assert!(seconds(&frames[4]) >= 3.0, "{}", seconds(&frames[4]));

    // The last frame is the day asked for: the USSR is gone, so Moscow is no longer
    // coloured as the Warsaw Pact's (or its partial stripes') was on 1991-06-01.
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let area = europe(renderer.projection());
    let frame = |date: &str| Frame {
        date: date.parse().unwrap(),
        area,
        width: 320,
        height: 180,
        highlighted: Vec::new(),
        layer: Default::default(),
    };
    let end = frame("1991-12-26");
    let (x, y) = renderer.pixel(&end, 37.62, 55.75).unwrap();
    let last = frames[4].buffer();
    let drawn = renderer.draw(&end).unwrap();
    let p = drawn.pixel(x as u32, y as u32).unwrap().demultiply();
    let g = last.get_pixel(x as u32, y as u32);
    // GIF palettes shift colours a little.
    for (a, b) in [(p.red(), g[0]), (p.green(), g[1]), (p.blue(), g[2])] {
        assert!(a.abs_diff(b) <= 12, "{p:?} vs {g:?}");
    }
    let before = renderer.draw(&frame("1991-06-01")).unwrap();
    assert_ne!(
        before.pixel(x as u32, y as u32).unwrap().demultiply(),
        p,
        "Moscow looks the same before and after the USSR"
    );
}
