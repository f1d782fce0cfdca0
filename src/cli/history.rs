//! `bloc-atlas history ID`: a unit's existence, names, borders, memberships and events, with
//! their sources.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Context, Exit, SHOWN_CHARS, dir_of, open, usage};
use crate::model::{Atlas, Unit, UnitKind};

/// A unit's existence, names, borders, memberships and events, with their sources.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The unit id (DEU, SUN, XWB, …).
    id: String,
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
}

/// Prints the history of the unit.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    let wanted = args.id.trim().to_ascii_uppercase();
    let unit = atlas.unit(&wanted).ok_or_else(|| Exit {
        code: 2,
        message: format!(
            "unknown unit '{}' (ids are like DEU, SUN, XWB: see bloc-atlas status)",
            crate::model::quoted(&args.id)
        ),
    })?;
    history(cx.out, &atlas, unit);
    Ok(0)
}

fn cite(ids: &[String]) -> String {
    if ids.is_empty() {
        return "no source".into();
    }
    let named: Vec<String> = ids.iter().map(|s| format!("[{s}]")).collect();
    named.join(" ")
}

fn dating_lines(out: &mut String, d: &crate::model::Dating) {
    if d.uncertain {
        let _ = writeln!(
            out,
            "      uncertain: the day is not confirmed by our sources"
        );
    }
    if let Some(why) = &d.why {
        let _ = writeln!(out, "      why: {why}");
    }
    for a in &d.alternatives {
        let _ = writeln!(
            out,
            "      alternative {} {}: {} {}",
            a.field,
            a.date,
            a.why,
            cite(&a.sources)
        );
    }
}

fn history(out: &mut String, atlas: &Atlas, unit: &Unit) {
    let _ = writeln!(
        out,
        "{} — {}",
        unit.id,
        crate::model::clip(&unit.name, SHOWN_CHARS)
    );
    if unit.kind == UnitKind::Context {
        let _ = writeln!(
            out,
            "  context: drawn for orientation only, outside the atlas's coverage (bloc none)"
        );
        return;
    }
    let mut sources: Vec<&String> = Vec::new();
    let _ = writeln!(out, "  kind: {}", unit.kind.as_str());
    let _ = writeln!(out, "  exists: {}  {}", unit.existence, cite(&unit.sources));
    sources.extend(&unit.sources);
    dating_lines(out, &unit.dating);
    if let Some(note) = &unit.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if !unit.names.is_empty() {
        let _ = writeln!(out, "names:");
        for n in &unit.names {
            let _ = writeln!(
                out,
                "  {}  {}",
                n.interval,
                crate::model::clip(&n.name, SHOWN_CHARS)
            );
        }
    }
    let _ = writeln!(out, "territory:");
    for t in atlas.territories_of(&unit.id) {
        let _ = writeln!(
            out,
            "  {}  pieces {}  {}",
            t.interval,
            t.pieces.join(" + "),
            cite(&t.sources)
        );
        if let Some(note) = &t.note {
            let _ = writeln!(out, "      note: {note}");
        }
        dating_lines(out, &t.dating);
        sources.extend(&t.sources);
    }
    let _ = writeln!(out, "memberships:");
    let mut any = false;
    for m in atlas.memberships_of(&unit.id) {
        any = true;
        let status = match m.status {
            crate::model::Status::Full => "",
            crate::model::Status::Partial => " (partial)",
        };
        let _ = writeln!(
            out,
            "  {}  {}{status}  {}",
            m.interval,
            m.bloc,
            cite(&m.sources)
        );
        if let Some(detail) = &m.detail {
            let _ = writeln!(out, "      detail: {detail}");
        }
        if let Some(note) = &m.note {
            let _ = writeln!(out, "      note: {note}");
        }
        dating_lines(out, &m.dating);
        sources.extend(&m.sources);
    }
    if !any {
        let _ = writeln!(out, "  none recorded: bloc none throughout");
    }
    let members: Vec<_> = atlas.members_of(&unit.id).collect();
    if !members.is_empty() {
        let _ = writeln!(out, "organisations:");
        let mut last = "";
        for m in members {
            if m.organisation != last {
                last = &m.organisation;
                let name = atlas
                    .organisation(&m.organisation)
                    .map_or(m.organisation.clone(), |o| {
                        format!("{} ({})", o.short, o.name)
                    });
                let _ = writeln!(out, "  {name}");
            }
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                m.interval,
                m.status,
                cite(&m.sources)
            );
            if let Some(detail) = &m.detail {
                let _ = writeln!(out, "        detail: {detail}");
            }
            if let Some(note) = &m.note {
                let _ = writeln!(out, "        note: {note}");
            }
            dating_lines(out, &m.dating);
            sources.extend(&m.sources);
        }
    }
    let events: Vec<_> = atlas.events_of(&unit.id).collect();
    if !events.is_empty() {
        let _ = writeln!(out, "events:");
        for e in events {
            let _ = writeln!(out, "  {}  {}  {}", e.date, e.title, cite(&e.sources));
            sources.extend(&e.sources);
        }
    }
    sources.sort();
    sources.dedup();
    let _ = writeln!(
        out,
        "(intervals are [from, to): the second day is the first on which a row no longer holds; … is open)"
    );
    let _ = writeln!(out, "sources:");
    for id in sources {
        match atlas.source(id) {
            Some(s) => {
                let place = s.url.as_deref().or(s.archive.as_deref()).unwrap_or("");
                let _ = writeln!(out, "  [{id}] {} — {}. {place}", s.title, s.author);
            }
            None => {
                let _ = writeln!(out, "  [{id}] (not in sources.toml)");
            }
        }
    }
}
