//! The command line as a user runs it: real processes, exit statuses, one-line errors.

use crate::util::{bloc_atlas, tsv_rows};

fn status(date: &str) -> Vec<[String; 4]> {
    let run = bloc_atlas(&["status", "--date", date, "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr, "",
        "the bundled atlas must load without warnings"
    );
    tsv_rows(&run.stdout)
}

fn bloc_of(rows: &[[String; 4]], id: &str) -> Option<String> {
    rows.iter().find(|r| r[0] == id).map(|r| r[2].clone())
}

fn query(date: &str, lonlat: &str) -> [String; 4] {
    let run = bloc_atlas(&[
        "query", "--date", date, "--lonlat", lonlat, "--format", "tsv",
    ]);
    assert_eq!(run.code, 0, "{date} {lonlat}: {}", run.stderr);
    let rows = tsv_rows(&run.stdout);
    assert_eq!(rows.len(), 1);
    rows[0].clone()
}

#[test]
fn status_lists_existing_units_sorted_by_id() {
    let rows = status("1992-12-31");
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(ids.contains(&"CSK") && !ids.contains(&"CZE") && !ids.contains(&"SUN"));
    let next = status("1993-01-01");
    let ids: Vec<&str> = next.iter().map(|r| r[0].as_str()).collect();
    assert!(!ids.contains(&"CSK") && ids.contains(&"CZE") && ids.contains(&"SVK"));
    assert!(!ids.contains(&"EGY"), "context is not listed by status");
}

#[test]
fn west_germany_joins_nato_on_6_may_1955_and_the_pact_follows() {
    assert_eq!(
        bloc_of(&status("1955-05-05"), "DEU").as_deref(),
        Some("none")
    );
    let day = status("1955-05-06");
    assert_eq!(bloc_of(&day, "DEU").as_deref(), Some("nato"));
    assert_eq!(
        day.iter().find(|r| r[0] == "DEU").unwrap()[1],
        "West Germany"
    );
    // Before the Pact, Poland is drawn in the Soviet bloc (treaties, Cominform, Comecon), not
    // as unaligned.
    assert_eq!(
        bloc_of(&status("1955-05-13"), "POL").as_deref(),
        Some("soviet-bloc")
    );
    assert_eq!(
        bloc_of(&status("1955-05-14"), "POL").as_deref(),
        Some("warsaw")
    );
}

#[test]
fn partial_statuses_carry_a_detail_and_plain_ones_do_not() {
    let rows = status("1970-01-01");
    let fra = rows.iter().find(|r| r[0] == "FRA").unwrap();
    assert_eq!(fra[2], "nato");
    assert!(fra[3].starts_with("partial: "), "{fra:?}");
    let bel = rows.iter().find(|r| r[0] == "BEL").unwrap();
    assert_eq!((bel[2].as_str(), bel[3].as_str()), ("nato", ""));
    let fra_1960 = status("1960-01-01");
    assert_eq!(fra_1960.iter().find(|r| r[0] == "FRA").unwrap()[3], "");
    let alb = status("1965-01-01");
    let alb = alb.iter().find(|r| r[0] == "ALB").unwrap();
    assert_eq!(alb[2], "warsaw");
    assert!(alb[3].starts_with("partial: "));
    assert_eq!(
        bloc_of(&status("1968-09-13"), "ALB").as_deref(),
        Some("none")
    );
    assert_eq!(
        bloc_of(&status("1982-05-30"), "ESP").as_deref(),
        Some("nato")
    );
    assert_eq!(
        bloc_of(&status("1982-05-29"), "ESP").as_deref(),
        Some("none")
    );
}

#[test]
fn query_answers_for_both_halves_of_berlin() {
    assert_eq!(query("1961-08-13", "13.30,52.50")[0], "XWB");
    assert_eq!(query("1961-08-13", "13.42,52.52")[0], "DDR");
    let reunified = query("1990-10-03", "13.42,52.52");
    assert_eq!(
        (reunified[0].as_str(), reunified[1].as_str()),
        ("DEU", "Germany")
    );
    assert_eq!(query("1990-10-02", "13.30,52.50")[2], "none");
    assert_eq!(query("1990-10-03", "13.30,52.50")[2], "nato");
}

#[test]
fn query_follows_borders_through_time() {
    assert_eq!(query("1956-12-31", "6.99,49.24")[0], "XSA");
    assert_eq!(query("1957-01-01", "6.99,49.24")[0], "DEU");
    assert_eq!(query("1991-12-25", "30.52,50.45")[0], "SUN");
    assert_eq!(query("1991-12-26", "30.52,50.45")[0], "UKR");
    assert_eq!(query("2015-06-01", "34.10,44.95")[0], "UKR");
    let cairo = query("1970-01-01", "31.24,30.04");
    assert_eq!((cairo[0].as_str(), cairo[2].as_str()), ("EGY", "none"));
    assert!(cairo[3].starts_with("context"));
}

#[test]
fn a_point_at_sea_exits_1_with_a_message() {
    let run = bloc_atlas(&["query", "--date", "1970-01-01", "--lonlat", "-30,45"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no unit at -30,45 on 1970-01-01: the point is at sea or off the map\n"
    );
}

#[test]
fn bad_arguments_get_one_line_and_exit_2() {
    for args in [
        &["status", "--date", "1955-02-30"][..],
        &["status", "--date", "yesterday"],
        &["status"],
        &["status", "--date", "1940-01-01"],
        &["status", "--date", "2999-01-01"],
        &["status", "--date", "1970-01-01", "--format", "xml"],
        &["query", "--date", "1970-01-01", "--lonlat", "13.4"],
        &["query", "--date", "1970-01-01", "--lonlat", "200,52"],
        &["history", "NOPE"],
        &["frobnicate"],
        &["status", "--date", "1970-01-01", "--atlas", "/no/such/dir"],
    ] {
        let run = bloc_atlas(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{args:?}");
    }
    let run = bloc_atlas(&["status", "--date", "1955-02-30"]);
    assert!(
        run.stderr.contains("'1955-02-30' is not a real day"),
        "{}",
        run.stderr
    );
}

#[test]
fn history_gives_dates_statuses_alternatives_and_sources() {
    let run = bloc_atlas(&["history", "deu"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let h = run.stdout;
    assert!(h.starts_with("DEU — "), "{h}");
    assert!(h.contains("1955-05-06 – 1990-10-03  nato"), "{h}");
    assert!(h.contains("alternative from 1955-05-05"), "{h}");
    assert!(h.contains("alternative from 1955-05-09"), "{h}");
    assert!(
        h.contains("pieces DEU-W + DEU-SAAR + DEU-E + BER-W + BER-E"),
        "{h}"
    );
    assert!(h.contains("sources:\n  ["), "{h}");
    let fra = bloc_atlas(&["history", "FRA"]).stdout;
    assert!(
        fra.contains("1966-03-10 – 2009-04-04  nato (partial)"),
        "{fra}"
    );
}

#[test]
fn check_of_the_bundled_atlas_is_clean() {
    let run = bloc_atlas(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.starts_with("0 problem(s);"), "{}", run.stdout);
}

#[test]
fn a_user_atlas_with_problems_still_answers_with_warnings() {
    let dir = crate::util::mini_with(&[("memberships.toml", &|s: String| {
        s.replacen("bloc = \"nato\"", "bloc = \"seato\"", 1)
    })]);
    let run = bloc_atlas(&[
        "status",
        "--date",
        "1956-01-01",
        "--atlas",
        dir.path().to_str().unwrap(),
        "--format",
        "tsv",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("unknown bloc 'seato'"),
        "{}",
        run.stderr
    );
    let rows = tsv_rows(&run.stdout);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][2], "none", "the broken row is left out");
    assert_eq!(rows[1][1], "Bland");
}
