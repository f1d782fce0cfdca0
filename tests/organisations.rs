//! Organisations as layers: the bundled memberships on days the sources date, statuses other
//! than plain membership, a lecturer's own organisation, an atlas from before organisations, and
//! the alignment layer before the Warsaw Pact.

use bloc_atlas::model::{Atlas, AtlasDir, Bloc, Day, Layer, MemberStatus, load};

use crate::util::{bloc_atlas, mini_with};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn bundled() -> Atlas {
    Atlas::bundled().unwrap()
}

/// The status of `unit` in `org` on each of `cases`, compared with what the sources say.
fn expect(atlas: &Atlas, org: &str, cases: &[(&str, &str, Option<MemberStatus>)]) {
    for &(unit, date, want) in cases {
        assert_eq!(
            atlas.member_status(org, unit, day(date)),
            want,
            "{unit} in {org} on {date}"
        );
    }
}

use MemberStatus::{Associate, Inactive, Member, Observer, Partial};

#[test]
fn comecon_from_1949_with_the_gdr_albania_and_yugoslavia() {
    let a = bundled();
    expect(
        &a,
        "comecon",
        &[
            ("SUN", "1949-01-24", None),
            ("SUN", "1949-01-25", Some(Member)),
            ("POL", "1960-01-01", Some(Member)),
            ("DDR", "1950-01-01", None),
            ("DDR", "1951-01-01", Some(Member)),
            ("ALB", "1955-01-01", Some(Member)),
            ("ALB", "1970-01-01", Some(Inactive)),
            ("YUG", "1963-01-01", None),
            ("YUG", "1970-01-01", Some(Associate)),
            ("HUN", "1991-06-27", Some(Member)),
            ("HUN", "1991-06-28", None),
        ],
    );
}

#[test]
fn cominform_parties_and_yugoslavias_expulsion() {
    let a = bundled();
    expect(
        &a,
        "cominform",
        &[
            ("YUG", "1948-01-01", Some(Member)),
            ("YUG", "1948-06-28", None),
            // The French and Italian parties, not their states: special terms, with a detail.
            ("FRA", "1950-01-01", Some(Partial)),
            ("ITA", "1950-01-01", Some(Partial)),
            ("ALB", "1950-01-01", None),
            ("POL", "1956-04-16", Some(Member)),
            ("POL", "1956-04-17", None),
        ],
    );
}

#[test]
fn the_communities_from_rome_to_brexit() {
    let a = bundled();
    expect(
        &a,
        "eec-eu",
        &[
            ("FRA", "1957-12-31", None),
            ("FRA", "1958-01-01", Some(Member)),
            ("GBR", "1972-12-31", None),
            ("GBR", "1973-01-01", Some(Member)),
            ("GRC", "1981-01-01", Some(Member)),
            ("ESP", "1985-12-31", None),
            ("ESP", "1986-01-01", Some(Member)),
            ("AUT", "1995-01-01", Some(Member)),
            ("POL", "2004-05-01", Some(Member)),
            ("GBR", "2020-01-31", Some(Member)),
            ("GBR", "2020-02-01", None),
            // The GDR's territory joins through reunification: it is Germany's row.
            ("DEU", "1991-01-01", Some(Member)),
        ],
    );
}

#[test]
fn efta_entries_exits_and_finlands_association() {
    let a = bundled();
    expect(
        &a,
        "efta",
        &[
            ("GBR", "1960-05-02", None),
            ("GBR", "1960-05-03", Some(Member)),
            ("GBR", "1973-01-01", None),
            ("FIN", "1970-01-01", Some(Associate)),
            ("FIN", "1990-01-01", Some(Member)),
            ("FIN", "1995-01-01", None),
            ("PRT", "1985-12-31", Some(Member)),
            ("PRT", "1986-01-01", None),
            ("CHE", "2020-01-01", Some(Member)),
        ],
    );
}

#[test]
fn the_weu_the_balkan_pact_and_the_non_aligned() {
    let a = bundled();
    expect(
        &a,
        "weu",
        &[
            ("GBR", "1950-01-01", Some(Member)),
            ("DEU", "1954-01-01", None),
            ("DEU", "1956-01-01", Some(Member)),
            ("GBR", "2011-07-01", None),
        ],
    );
    expect(
        &a,
        "balkan-pact",
        &[
            ("GRC", "1953-02-27", None),
            ("GRC", "1954-01-01", Some(Member)),
            ("TUR", "1960-01-01", Some(Inactive)),
        ],
    );
    expect(
        &a,
        "nam",
        &[
            ("YUG", "1962-01-01", Some(Member)),
            ("CYP", "1970-01-01", Some(Member)),
            ("CYP", "2005-01-01", None),
            ("MLT", "1975-01-01", Some(Member)),
            ("SRB", "2010-01-01", Some(Observer)),
        ],
    );
}

#[test]
fn nato_and_the_pact_are_the_alignment_rows_with_albania_inactive() {
    let a = bundled();
    expect(
        &a,
        "nato",
        &[
            ("FRA", "1970-01-01", Some(Partial)),
            ("DEU", "1955-05-06", Some(Member)),
            ("DEU", "1955-05-05", None),
        ],
    );
    expect(
        &a,
        "warsaw-pact",
        &[
            ("ALB", "1960-01-01", Some(Member)),
            ("ALB", "1965-01-01", Some(Inactive)),
            ("ALB", "1968-09-13", None),
            ("POL", "1980-01-01", Some(Member)),
        ],
    );
    // The alignment layer still says partial for Albania 1962–68.
    assert_eq!(a.standing("ALB", day("1965-01-01")).bloc, Bloc::Warsaw);
}

#[test]
fn the_soviet_bloc_is_on_the_map_before_the_pact_and_the_west_before_nato() {
    let a = bundled();
    for unit in ["SUN", "POL", "HUN", "ROU", "BGR", "ALB"] {
        let s = a.standing(unit, day("1950-01-01"));
        assert_eq!(s.bloc, Bloc::SovietBloc, "{unit} in 1950");
        assert!(!s.detail().is_empty(), "{unit}: the basis is stated");
    }
    assert_eq!(a.standing("POL", day("1955-05-14")).bloc, Bloc::Warsaw);
    assert_eq!(a.standing("CSK", day("1948-01-01")).bloc, Bloc::None);
    assert_eq!(a.standing("CSK", day("1948-03-01")).bloc, Bloc::SovietBloc);
    assert_eq!(a.standing("YUG", day("1948-01-01")).bloc, Bloc::SovietBloc);
    assert_eq!(a.standing("YUG", day("1948-06-28")).bloc, Bloc::Nonaligned);
    for unit in ["BEL", "FRA", "GBR", "LUX", "NLD"] {
        assert_eq!(a.standing(unit, day("1948-03-16")).bloc, Bloc::None);
        assert_eq!(a.standing(unit, day("1948-03-17")).bloc, Bloc::WesternUnion);
        assert_eq!(a.standing(unit, day("1949-04-04")).bloc, Bloc::Nato);
    }
    // The data fixes: the Vatican, Turkmenistan, Moldova and Malta 1973–80.
    assert_eq!(a.standing("VAT", day("1960-01-01")).bloc, Bloc::Neutral);
    assert_eq!(a.standing("TKM", day("2000-01-01")).bloc, Bloc::Neutral);
    assert_eq!(a.standing("MDA", day("2000-01-01")).bloc, Bloc::Neutral);
    assert_eq!(a.standing("MLT", day("1975-01-01")).bloc, Bloc::Nonaligned);
}

#[test]
fn every_bundled_organisation_is_a_layer_with_sources() {
    let a = bundled();
    let layers = a.layers();
    assert_eq!(layers[0], Layer::Alignment);
    for id in [
        "nato",
        "warsaw-pact",
        "comecon",
        "cominform",
        "eec-eu",
        "efta",
        "weu",
        "balkan-pact",
        "nam",
    ] {
        assert!(layers.contains(&Layer::Organisation(id.into())), "{id}");
        let org = a.organisation(id).unwrap();
        assert!(!org.sources.is_empty(), "{id} is sourced");
    }
    for m in &a.members {
        assert!(
            !m.sources.is_empty(),
            "{} in {} from {:?}",
            m.unit,
            m.organisation,
            m.interval.from
        );
        if matches!(m.status, Partial | Associate | Inactive) {
            assert!(
                m.detail.is_some(),
                "{} in {}: a special status says what it means",
                m.unit,
                m.organisation
            );
        }
    }
}

#[test]
fn a_lecturers_atlas_adds_an_organisation_of_its_own() {
    let dir = mini_with(&[]);
    std::fs::write(
        dir.path().join("organisations.toml"),
        r#"
[[organisation]]
id = "marshall-plan"
name = "Marshall Plan recipients"
short = "Marshall Plan"
kind = "economic"
from = "1948-04-03"
to = "1952-07-01"
palette = 4
sources = ["src-a"]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("members.toml"),
        r#"
[[member]]
organisation = "marshall-plan"
unit = "AAA"
from = "1948-04-03"
to = "1952-07-01"
sources = ["src-a"]

[[member]]
organisation = "warsaw-pact"
unit = "BBB"
status = "inactive"
from = "1955-05-14"
to = "1960-01-01"
detail = "Took no part."
sources = ["src-b"]
"#,
    )
    .unwrap();
    let loaded = load(&AtlasDir::Folder(dir.path().to_path_buf()));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let a = loaded.atlas;
    assert!(
        a.layers()
            .contains(&Layer::Organisation("marshall-plan".into()))
    );
    expect(
        &a,
        "marshall-plan",
        &[
            ("AAA", "1950-01-01", Some(Member)),
            ("AAA", "1952-07-01", None),
        ],
    );
    // A row with the dates of an alignment row takes its place on that layer only.
    expect(&a, "warsaw-pact", &[("BBB", "1956-01-01", Some(Inactive))]);
    expect(&a, "nato", &[("AAA", "1956-01-01", Some(Member))]);

    let path = dir.path().to_str().unwrap();
    let run = bloc_atlas(&["layers", "--atlas", path, "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("marshall-plan\t"), "{}", run.stdout);
    let run = bloc_atlas(&[
        "status",
        "--date",
        "1950-01-01",
        "--layer",
        "marshall-plan",
        "--atlas",
        path,
        "--format",
        "tsv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("AAA\tAland\tmember")),
        "{}",
        run.stdout
    );
}

#[test]
fn an_atlas_from_before_organisations_gets_the_nato_and_pact_layers() {
    // The mini atlas has no organisations.toml or members.toml: its alignment rows are read as
    // before, and they are NATO's and the Pact's memberships.
    let dir = mini_with(&[]);
    assert!(!dir.path().join("organisations.toml").exists());
    let loaded = load(&AtlasDir::Folder(dir.path().to_path_buf()));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let a = loaded.atlas;
    let layers = a.layers();
    assert!(layers.contains(&Layer::Organisation("nato".into())));
    assert!(layers.contains(&Layer::Organisation("warsaw-pact".into())));
    expect(&a, "nato", &[("AAA", "1950-01-01", Some(Member))]);
    expect(&a, "warsaw-pact", &[("BBB", "1956-01-01", Some(Partial))]);
}

#[test]
fn the_command_line_lists_layers_and_refuses_an_unknown_one() {
    let run = bloc_atlas(&["layers", "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first: Vec<&str> = run.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(first, ["id", "name", "kind", "years"]);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("comecon\t") && l.ends_with("\teconomic\t1949–1991")),
        "{}",
        run.stdout
    );

    let run = bloc_atlas(&["status", "--date", "1970-01-01", "--layer", "seato"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("seato"), "{}", run.stderr);
    assert!(
        run.stderr.contains("comecon"),
        "lists the known ones: {}",
        run.stderr
    );

    let run = bloc_atlas(&[
        "status",
        "--date",
        "1970-01-01",
        "--layer",
        "comecon",
        "--format",
        "tsv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let header: Vec<&str> = run.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(header, ["id", "name", "status", "detail"]);
    let yug = run.stdout.lines().find(|l| l.starts_with("YUG\t")).unwrap();
    assert!(yug.contains("\tassociate\t"), "{yug}");

    let run = bloc_atlas(&["history", "FIN"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("EFTA"), "{}", run.stdout);
}
