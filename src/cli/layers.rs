//! `bloc-atlas layers`: the layers of the map — the alignment, and each organisation with its
//! kind and years.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Context, Exit, Format, dir_of, open, usage};

/// Every layer of the map.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// An atlas folder instead of the bundled atlas.
    #[arg(long, value_name = "DIR")]
    atlas: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Lists the layers.
pub fn run(args: Args, cx: &mut Context) -> Result<u8, Exit> {
    let atlas = open(&dir_of(args.atlas).map_err(usage)?, cx.warnings).map_err(usage)?;
    let years = |i: &crate::model::Interval| {
        let from = i.from.map_or("…".to_string(), |d| d.year().to_string());
        // `to` is the first day without it: its last year is that of the day before.
        let to =
            i.to.map_or("…".to_string(), |d| d.previous().year().to_string());
        format!("{from}–{to}")
    };
    let mut rows: Vec<[String; 4]> = vec![[
        "alignment".into(),
        "Alignment: NATO, the Warsaw Pact, the blocs before them, neutral, non-aligned".into(),
        "alignment".into(),
        format!("{}–…", atlas.coverage_from.year()),
    ]];
    for o in &atlas.organisations {
        rows.push([
            o.id.clone(),
            format!("{} ({})", o.name, o.short),
            o.kind.as_str().into(),
            years(&o.existence),
        ]);
    }
    let header = ["id", "name", "kind", "years"];
    match args.format {
        Format::Tsv => {
            let _ = writeln!(cx.out, "{}", header.join("\t"));
            for r in &rows {
                let fields: Vec<String> = r.iter().map(|f| super::tsv_field(f)).collect();
                let _ = writeln!(cx.out, "{}", fields.join("\t"));
            }
        }
        Format::Table => {
            let id_width = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(2);
            let kind_width = rows.iter().map(|r| r[2].chars().count()).max().unwrap_or(4);
            for r in std::iter::once(header.map(String::from)).chain(rows) {
                let _ = writeln!(
                    cx.out,
                    "{:<id_width$}  {:<kind_width$}  {:<9}  {}",
                    r[0], r[2], r[3], r[1]
                );
            }
        }
    }
    Ok(0)
}
