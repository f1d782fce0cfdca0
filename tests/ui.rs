//! The desktop app, driven through egui_kittest by accessible labels, as a user would: typing
//! dates, clicking the map where the projection puts a city, clicking excerpts and entries.

use bloc_atlas::model::Day;
use bloc_atlas::ui::ViewCommand;
use bloc_atlas::ui::{AtlasApp, Command, Launch, Panel, Settings};
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn app_on(date: &str) -> AtlasApp {
    let launch = Launch {
        date: Some(day(date)),
        fresh: true,
        ..crate::util::launch()
    };
    AtlasApp::bundled(Settings::default(), launch).unwrap()
}

fn harness(app: AtlasApp) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

/// Types a date into the date field and presses Enter.
fn type_date(h: &mut Harness<'static, AtlasApp>, text: &str) {
    h.get_by_label("Date").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Date").type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Clicks the map at a longitude/latitude, through the projection and the current view.
fn click_lon_lat(h: &mut Harness<'static, AtlasApp>, lon: f64, lat: f64) {
    let pos = h.state().screen_pos(lon, lat).unwrap();
    assert!(
        h.state().map().rect.contains(pos),
        "{lon},{lat} is off the map at {pos:?}"
    );
    click_at(h, pos);
}

fn click_at(h: &mut Harness<'static, AtlasApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run();
}

#[test]
fn typing_a_date_updates_the_legend_and_the_excerpts() {
    let mut h = harness(app_on("1955-05-13"));
    h.get_by_label("Blocs on 1955-05-13");
    assert!(h.query_by_label("8 (1 partial)").is_none());
    assert!(h.query_by_label_contains("Only nine days later").is_none());

    type_date(&mut h, "1955-05-14");
    assert_eq!(h.state().date(), day("1955-05-14"));
    h.get_by_label("Blocs on 1955-05-14");
    // Eight founders of the Warsaw Pact, the GDR only partially (no army yet).
    h.get_by_label("8 (1 partial)");
    // The seed article's excerpt on the Warsaw Pact belongs to this day.
    h.get_by_label_contains("Only nine days later, the USSR and its seven");
    assert!(
        !h.get_all_by_label("Go to 1955-05-14")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

#[test]
fn a_bad_date_is_refused_with_a_message() {
    let mut h = harness(app_on("1960-01-01"));
    type_date(&mut h, "1960-02-30");
    assert_eq!(h.state().date(), day("1960-01-01"));
    h.get_by_label_contains("invalid");
    type_date(&mut h, "1939-09-01");
    assert_eq!(h.state().date(), day("1960-01-01"));
    h.get_by_label("the atlas starts on 1945-05-08");
}

#[test]
fn clicking_the_map_selects_the_unit_of_that_day() {
    let mut h = harness(app_on("1985-06-01"));
    // Prague.
    click_lon_lat(&mut h, 14.42, 50.09);
    assert_eq!(h.state().selected(), Some("CSK"));
    h.get_by_label("Czechoslovakia");
    h.get_by_label("Membership strip");

    type_date(&mut h, "1995-06-01");
    click_lon_lat(&mut h, 14.42, 50.09);
    assert_eq!(h.state().selected(), Some("CZE"));
    h.get_by_label("Czech Republic");

    // Paris, then the sea west of Brittany clears the selection.
    click_lon_lat(&mut h, 2.35, 48.86);
    assert_eq!(h.state().selected(), Some("FRA"));
    click_lon_lat(&mut h, -8.0, 47.0);
    assert_eq!(h.state().selected(), None);
}

#[test]
fn berlin_on_either_side_of_the_wall_and_after_reunification() {
    let mut app = app_on("1961-08-13");
    app.push(Command::View(ViewCommand::Zoom(8.0)));
    let mut h = harness(app);
    // Centre the view on Berlin: pan until it is in the middle, through the commands.
    let berlin = h.state().screen_pos(13.40, 52.52).unwrap();
    let centre = h.state().map().rect.center();
    h.state_mut()
        .push(Command::View(ViewCommand::Pan(centre - berlin)));
    h.run();
    click_lon_lat(&mut h, 13.40, 52.52); // Mitte: East Berlin
    assert_eq!(h.state().selected(), Some("DDR"));
    click_lon_lat(&mut h, 13.30, 52.50); // Charlottenburg: West Berlin
    assert_eq!(h.state().selected(), Some("XWB"));
    type_date(&mut h, "1990-10-03");
    click_lon_lat(&mut h, 13.30, 52.50);
    assert_eq!(h.state().selected(), Some("DEU"));
}

#[test]
fn an_excerpt_moves_the_date_and_outlines_its_units() {
    let mut h = harness(app_on("1956-11-04"));
    assert!(h.state().highlighted().is_empty());
    h.get_by_label("Previous excerpt: 1956-10-23").click();
    h.run();
    assert_eq!(h.state().date(), day("1956-10-23"));
    assert!(h.state().highlighted().contains(&"HUN"));
    // The seed's excerpt of the intervention, over its period: its own button keeps the date
    // and outlines its units.
    h.get_by_label("Go to 1956-10-23 – 1956-11-10").click();
    h.run();
    assert_eq!(h.state().date(), day("1956-10-23"));
    let mut units = h.state().highlighted();
    units.sort_unstable();
    assert_eq!(units, ["HUN", "SUN"]);
    // The excerpt shows in the panel, with its citation as a link.
    h.get_by_role_and_label(
        egui::accesskit::Role::Link,
        "That time when the Soviet Union tried to join NATO in 1954",
    );
    // Leaving the excerpt's moment drops its outline.
    type_date(&mut h, "1970-01-01");
    assert!(h.state().highlighted().is_empty());
}

#[test]
fn hovering_shows_name_bloc_and_detail() {
    let mut h = harness(app_on("1970-01-01"));
    let paris = h.state().screen_pos(2.35, 47.0).unwrap();
    h.hover_at(paris);
    h.run();
    h.hover_at(paris + Vec2::new(1.0, 0.0));
    h.run();
    h.get_by_label("France");
    h.get_by_label(
        "partial: Outside NATO's integrated military command; a member of the Alliance throughout.",
    );
    h.get_by_label("Click for its history");
}

#[test]
fn a_country_can_be_chosen_without_the_map() {
    let mut h = harness(app_on("1970-01-01"));
    h.get_by_label("Choose").click();
    h.run();
    h.get_by_label("Poland").scroll_to_me();
    h.run();
    h.get_by_label("Poland").click();
    h.run();
    assert_eq!(h.state().selected(), Some("POL"));
    h.get_by_label("Membership strip");
    // Units that do not exist on the day are not offered.
    h.get_by_label("Choose").click();
    h.run();
    assert!(h.query_by_label("Czech Republic").is_none());
}

#[test]
fn a_membership_entry_moves_the_date() {
    let mut h = harness(app_on("1960-01-01"));
    click_lon_lat(&mut h, 2.35, 48.86);
    assert_eq!(h.state().selected(), Some("FRA"));
    h.get_by_label("1966-03-10 – 2009-04-04  NATO").click();
    h.run();
    assert_eq!(h.state().date(), day("1966-03-10"));
    // The standing on that day says why the stripes.
    h.get_by_label(
        "(partial: Outside NATO's integrated military command; a member of the Alliance throughout.)",
    );
}

#[test]
fn keys_step_through_events_and_years_and_pan_the_map() {
    let mut h = harness(app_on("1955-05-07"));
    h.key_press(Key::PageDown);
    h.run();
    assert_eq!(
        h.state().date(),
        day("1955-05-14"),
        "next event: the Warsaw Pact"
    );
    h.key_press(Key::PageUp);
    h.run();
    assert!(h.state().date() < day("1955-05-14"));
    let before = h.state().date();
    h.key_press(Key::CloseBracket);
    h.run();
    assert_eq!(h.state().date(), before.add_years(1));

    let view = h.state().map().view;
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(h.state().map().view.x > view.x, "→ pans the map east");
    assert_eq!(
        h.state().date(),
        before.add_years(1),
        "and leaves the date alone"
    );

    // With the timeline focused, arrows move the day instead.
    h.get_by_label("Timeline").focus();
    h.run();
    let view = h.state().map().view;
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(h.state().date(), before.add_years(1).next());
    assert_eq!(h.state().map().view, view);
}

#[test]
fn play_advances_the_date_until_paused() {
    let mut h = harness(app_on("1950-01-01"));
    h.get_by_label("Play").click();
    h.run_steps(10);
    assert!(h.state().is_playing());
    assert!(h.state().date() > day("1950-01-01"));
    h.get_by_label("Pause").click();
    h.run_steps(2);
    let stopped = h.state().date();
    h.run_steps(5);
    assert!(!h.state().is_playing());
    assert_eq!(h.state().date(), stopped);
}

#[test]
fn panels_hide_and_settings_come_back() {
    let mut h = harness(app_on("1968-08-21"));
    h.get_by_label("Source excerpts");
    h.get_by_label("Excerpts").click();
    h.run();
    assert!(h.query_by_label("Source excerpts").is_none());
    click_lon_lat(&mut h, 14.42, 50.09);
    let settings = h.state().settings();
    assert_eq!(settings.date, "1968-08-21");
    assert_eq!(settings.selected.as_deref(), Some("CSK"));
    assert!(!settings.show_excerpts);

    // A new start with the remembered settings (as eframe hands them back).
    let text = serde_json::to_string(&settings).unwrap();
    let back: Settings = serde_json::from_str(&text).unwrap();
    let app = AtlasApp::bundled(back, crate::util::launch()).unwrap();
    assert_eq!(app.date(), day("1968-08-21"));
    assert_eq!(app.selected(), Some("CSK"));
    assert!(!app.shows(Panel::Excerpts));
    assert_eq!(app.map().view, h.state().map().view);
}

/// A small headless rendering of Europe on a day, compared with the committed image in
/// tests/snapshots. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test snapshot`.
fn snapshot_of_europe(date: &str) {
    let mut h = Harness::builder()
        .with_size(Vec2::new(960.0, 600.0))
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app_on(date));
    h.state_mut().push(Command::TogglePanel(Panel::Excerpts));
    h.state_mut().push(Command::TogglePanel(Panel::Country));
    h.run();
    h.state_mut().push(Command::View(ViewCommand::Europe));
    h.run();
    h.snapshot(format!("europe-{date}"));
}

#[test]
fn snapshot_hungary_1956() {
    snapshot_of_europe("1956-11-04");
}

#[test]
fn snapshot_reunification_1990() {
    snapshot_of_europe("1990-10-03");
}

/// Renders the README's pictures into docs/screenshots (not a check: run it by hand with
/// `cargo test readme_images -- --ignored` after a visible change, and look at them).
#[test]
#[ignore]
fn readme_images() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let save = |h: &mut Harness<'static, AtlasApp>, name: &str| {
        h.run();
        h.render().unwrap().save(out.join(name)).unwrap();
    };

    // Hungary, November 1956: the excerpt outlines Hungary and the USSR; Hungary selected.
    let mut h = harness(app_on("1956-11-04"));
    let hungary = h
        .state()
        .excerpt_index("seed-intervention-hungary")
        .unwrap();
    h.state_mut().push(Command::ShowExcerpt(hungary));
    h.run();
    click_lon_lat(&mut h, 19.04, 47.50);
    save(&mut h, "hungary-1956.png");

    // Central Europe on the day the Wall went up, on the detailed geometry, the GDR selected.
    let mut app = app_on("1961-08-13");
    app.load_high_now();
    let mut h = harness(app);
    let berlin = h.state().screen_pos(13.40, 52.52).unwrap();
    let centre = h.state().map().rect.center();
    h.state_mut()
        .push(Command::View(ViewCommand::Pan(centre - berlin)));
    h.state_mut().push(Command::View(ViewCommand::Zoom(3.0)));
    h.run();
    click_lon_lat(&mut h, 12.0, 51.5);
    save(&mut h, "central-europe-1961.png");

    // France outside the integrated command, 1968.
    let mut h = harness(app_on("1968-08-21"));
    click_lon_lat(&mut h, 2.35, 47.0);
    save(&mut h, "france-1968.png");
}
