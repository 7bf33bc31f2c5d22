//! `zonerate zones import`: USPS zone-chart files into a zones-only card.
//!
//! Formats, told apart by their header line (files may be gzipped, `.gz`):
//! - per-origin chart: `origin_zip3,dest_zip3,zone`;
//! - 5-digit exceptions: `origin_zip3,dest_zip5_first,dest_zip5_last,zone`;
//! - national chart: `origin_zip,dest_zip_start,dest_zip_end,zone,modifier_1,modifier_2`
//!   (destination ZIP3 ranges; `NA` modifiers);
//! - several origins side by side: `zip_prefix,phx_zone,cmh_zone` (first column the
//!   destination ZIP3, one column per origin, named by a ZIP3 or mapped with
//!   `--origin phx=850`, or found in the file name: `…origin850_phx_origin431_cmh…`).
//!
//! USPS marks (`*` same NDC, `+` has 5-digit exceptions) are stripped; an empty zone is
//! "not served".

use super::args::Args;
use super::{sheets, Failure};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use zonerate::card::format::{CardDoc, ZoneExceptionDef, ZoneKind, ZoneTableDef, FORMAT_V1};
use zonerate::date::{Date, Period};
use zonerate::{Error, ErrorCode};

const HELP: &str = "usage: zonerate zones import FILE... -o zones.json [--table NAME] [--id ID]
                             [--effective-from YYYY-MM-DD] [--effective-to YYYY-MM-DD]
                             [--warning TEXT] [--origin NAME=ZIP3]... [--append]

Builds a zones-only card (format zonerate/1, zoneTables only) with one zip3 zone table
from USPS zone-chart files (.csv or .csv.gz):
  origin_zip3,dest_zip3,zone                                   one origin's chart
  origin_zip3,dest_zip5_first,dest_zip5_last,zone              5-digit exceptions
  origin_zip,dest_zip_start,dest_zip_end,zone,modifier_1,...   the national chart
  zip_prefix,phx_zone,cmh_zone                                 origins side by side
The */+ marks are stripped; an empty zone means not served.

  -o FILE              the card to write
  --table NAME         zone table name (default usps_zip3)
  --id ID              card id (default usps-zones)
  --effective-from D   the chart's first day in force; --effective-to D its last
  --warning TEXT       a warning quotes priced through the table carry (an old chart)
  --origin NAME=ZIP3   the origin of a side-by-side column (phx=850 for phx_zone)
  --append             add the table to the existing card FILE (replacing one of the same name)

Prints the number of origins and the card's size, raw and gzipped.";

fn chart_err(file: &str, line: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidZoneChart, format!("{file}:{line}"), msg.into())
}

/// A zone cell: `4`, `4*`, `1+`, empty (not served) → chart character.
fn zone_char(cell: &str) -> Result<u8, String> {
    let z = cell.trim().trim_end_matches(['*', '+']).trim();
    match z.as_bytes() {
        [] => Ok(b'-'),
        [d @ b'1'..=b'9'] => Ok(*d),
        _ => Err(format!("zone {cell:?} is not a USPS zone 1-9")),
    }
}

fn zip3(s: &str) -> Option<usize> {
    let t = s.trim();
    (t.len() <= 3 && !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

fn zip5(s: &str) -> Option<String> {
    let t = s.trim();
    (t.len() == 5 && t.bytes().all(|c| c.is_ascii_digit())).then(|| t.to_string())
}

fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::input(format!("{path}: {e}")))?;
    let mut text = String::new();
    if path.ends_with(".gz") || bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| Failure::input(format!("{path}: not a gzipped text file ({e})")))?;
    } else {
        text = String::from_utf8(bytes).map_err(|_| Failure::input(format!("{path}: not UTF-8 text")))?;
    }
    Ok(text)
}

/// Origins named in a file name: `origin850_phx` → ("phx", "850").
fn origins_in_name(path: &str) -> Vec<(String, String)> {
    let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let mut out = Vec::new();
    for part in name.split("origin").skip(1) {
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.len() != 3 {
            continue;
        }
        let rest = part.get(3..).unwrap_or("").trim_start_matches('_');
        let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if !word.is_empty() {
            out.push((word, digits));
        }
    }
    out
}

/// The chart being built: per origin, 1000 chart characters; and the exceptions.
#[derive(Default)]
struct Chart {
    origins: BTreeMap<String, Vec<u8>>,
    /// Where each (origin, dest) was set, for conflicts.
    set_at: BTreeMap<(String, usize), String>,
    exceptions: Vec<ZoneExceptionDef>,
}

impl Chart {
    fn set(&mut self, origin: &str, a: usize, b: usize, z: u8, at: &str) -> Result<(), String> {
        if a > b || b > 999 {
            return Err(format!("destination range {a:03}-{b:03} is not a range of ZIP3s"));
        }
        let row = self.origins.entry(origin.to_string()).or_insert_with(|| vec![b'-'; 1000]);
        for d in a..=b {
            let Some(slot) = row.get_mut(d) else { continue };
            if *slot != b'-' && *slot != z && z != b'-' {
                let prev = self.set_at.get(&(origin.to_string(), d)).cloned().unwrap_or_default();
                return Err(format!(
                    "origin {origin} → {d:03} is zone {} here but zone {} in {prev}",
                    z as char, *slot as char
                ));
            }
            if z != b'-' {
                *slot = z;
                self.set_at.insert((origin.to_string(), d), at.to_string());
            }
        }
        Ok(())
    }
}

fn import_file(path: &str, chart: &mut Chart, mapped: &[(String, String)]) -> Result<&'static str, Failure> {
    let text = read_text(path)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| chart_err(path, 1, e.to_string()))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let records = reader.records().enumerate().map(|(i, r)| (i + 2, r));
    if let (Some(o), Some(d), Some(z)) = (col("origin_zip3"), col("dest_zip3"), col("zone")) {
        for (line, rec) in records {
            let rec = rec.map_err(|e| chart_err(path, line, e.to_string()))?;
            let get = |i: usize| rec.get(i).unwrap_or("");
            let origin =
                zip3(get(o)).ok_or_else(|| chart_err(path, line, format!("{:?} is not an origin ZIP3", get(o))))?;
            let dest = zip3(get(d)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP3", get(d))))?;
            let zc = zone_char(get(z)).map_err(|m| chart_err(path, line, m))?;
            chart
                .set(&format!("{origin:03}"), dest, dest, zc, &format!("{path}:{line}"))
                .map_err(|m| chart_err(path, line, m))?;
        }
        return Ok("origin chart");
    }
    if let (Some(o), Some(a), Some(b), Some(z)) =
        (col("origin_zip3"), col("dest_zip5_first"), col("dest_zip5_last"), col("zone"))
    {
        for (line, rec) in records {
            let rec = rec.map_err(|e| chart_err(path, line, e.to_string()))?;
            let get = |i: usize| rec.get(i).unwrap_or("");
            let origin =
                zip3(get(o)).ok_or_else(|| chart_err(path, line, format!("{:?} is not an origin ZIP3", get(o))))?;
            let from = zip5(get(a)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP5", get(a))))?;
            let to = zip5(get(b)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP5", get(b))))?;
            if to < from {
                return Err(chart_err(path, line, format!("{from}-{to} ends before it starts")).into());
            }
            let zc = zone_char(get(z)).map_err(|m| chart_err(path, line, m))?;
            if zc == b'-' {
                return Err(chart_err(path, line, "an exception needs a zone").into());
            }
            chart.exceptions.push(ZoneExceptionDef {
                origin: format!("{origin:03}"),
                from,
                to,
                zone: (zc as char).to_string(),
            });
        }
        return Ok("5-digit exceptions");
    }
    if let (Some(o), Some(a), Some(b), Some(z)) =
        (col("origin_zip"), col("dest_zip_start"), col("dest_zip_end"), col("zone"))
    {
        for (line, rec) in records {
            let rec = rec.map_err(|e| chart_err(path, line, e.to_string()))?;
            let get = |i: usize| rec.get(i).unwrap_or("");
            let origin =
                zip3(get(o)).ok_or_else(|| chart_err(path, line, format!("{:?} is not an origin ZIP3", get(o))))?;
            let from = zip3(get(a)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP3", get(a))))?;
            let to = zip3(get(b)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP3", get(b))))?;
            let zc = zone_char(get(z)).map_err(|m| chart_err(path, line, m))?;
            chart
                .set(&format!("{origin:03}"), from, to, zc, &format!("{path}:{line}"))
                .map_err(|m| chart_err(path, line, m))?;
        }
        return Ok("national chart");
    }
    // Side by side: a destination column, then one column per origin.
    let Some(dcol) = col("zip_prefix").or_else(|| col("dest_zip3")).or_else(|| col("zip3")) else {
        return Err(chart_err(
            path,
            1,
            format!("unknown chart format (header {}); see zonerate zones import --help", headers.join(",")),
        )
        .into());
    };
    let from_name = origins_in_name(path);
    let mut origin_cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if i == dcol {
            continue;
        }
        let base = h.strip_suffix("_zone").unwrap_or(h);
        let origin = zip3(base)
            .filter(|_| base.len() == 3)
            .map(|z| format!("{z:03}"))
            .or_else(|| mapped.iter().find(|(n, _)| n == h || n == base).map(|(_, z)| z.clone()))
            .or_else(|| from_name.iter().find(|(n, _)| n == base).map(|(_, z)| z.clone()))
            .ok_or_else(|| {
                chart_err(path, 1, format!("column {h:?}: which origin ZIP3 is it? give --origin {base}=ZIP3"))
            })?;
        origin_cols.push((i, origin));
    }
    for (line, rec) in records {
        let rec = rec.map_err(|e| chart_err(path, line, e.to_string()))?;
        let get = |i: usize| rec.get(i).unwrap_or("");
        let dest = zip3(get(dcol)).ok_or_else(|| chart_err(path, line, format!("{:?} is not a ZIP3", get(dcol))))?;
        for (i, origin) in &origin_cols {
            let zc = zone_char(get(*i)).map_err(|m| chart_err(path, line, m))?;
            chart.set(origin, dest, dest, zc, &format!("{path}:{line}")).map_err(|m| chart_err(path, line, m))?;
        }
    }
    Ok("origins side by side")
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    let Some((sub, rest)) = argv.split_first() else {
        println!("{HELP}");
        return Err(Failure::input("zones: give a subcommand (import)"));
    };
    match sub.as_str() {
        "import" => import(rest),
        "-h" | "--help" | "help" => {
            println!("{HELP}");
            Ok(())
        }
        other => Err(Failure::input(format!("zones: unknown subcommand {other:?} (import)"))),
    }
}

fn import(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(
        argv,
        &["output", "table", "id", "effective-from", "effective-to", "warning", "origin"],
        &["append"],
    )?;
    if args.positional.is_empty() {
        return Err(Failure::input("give one or more zone-chart files (see zonerate zones import --help)"));
    }
    let out = args.required("output").map_err(|_| Failure::input("-o FILE is required"))?;
    let table = args.one("table")?.unwrap_or_else(|| "usps_zip3".to_string());
    let date = |name: &str| -> Result<Option<Date>, Failure> {
        args.one(name)?.map(|d| d.parse::<Date>().map_err(|m| Failure::input(format!("--{name}: {m}")))).transpose()
    };
    let (from, to) = (date("effective-from")?, date("effective-to")?);
    let mut mapped = Vec::new();
    for m in args.all("origin") {
        let (n, z) = m.split_once('=').ok_or_else(|| Failure::input(format!("--origin {m:?}: write NAME=ZIP3")))?;
        let z = zip3(z)
            .filter(|_| z.trim().len() == 3)
            .ok_or_else(|| Failure::input(format!("--origin {m:?}: {z:?} is not a ZIP3")))?;
        let n = n.trim().to_ascii_lowercase();
        mapped.push((n.strip_suffix("_zone").unwrap_or(&n).to_string(), format!("{z:03}")));
    }
    let mut chart = Chart::default();
    for f in &args.positional {
        let kind = import_file(f, &mut chart, &mapped)?;
        eprintln!("read {f} ({kind})");
    }
    if chart.origins.is_empty() {
        return Err(Failure::input("no origin chart rows in the files (exceptions alone are not a chart)"));
    }
    for e in &chart.exceptions {
        if !chart.origins.contains_key(&e.origin) {
            eprintln!(
                "zonerate: warning: the exception {}-{} of origin {} has no chart row for that origin and never applies",
                e.from, e.to, e.origin
            );
        }
    }
    let n_exceptions = chart.exceptions.len();
    let def = ZoneTableDef {
        kind: ZoneKind::Zip3,
        effective: (from.is_some() || to.is_some()).then_some(Period { from, to }),
        warning: args.one("warning")?,
        labels: (1..=9).map(|z| z.to_string()).collect(),
        origins: Some(chart.origins.into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect()),
        exceptions: (n_exceptions > 0).then_some(chart.exceptions),
        hubs: None,
    };
    let origin_list: Vec<String> = def.origins.iter().flatten().map(|(k, _)| k.clone()).collect();
    let mut doc = if args.flag("append") && Path::new(&out).exists() {
        let text = std::fs::read_to_string(&out).map_err(|e| Failure::input(format!("{out}: {e}")))?;
        let doc = zonerate::card::parse_card(&text).map_err(|e| Failure::input(format!("{out}: {e}")))?;
        if !doc.services.is_empty() {
            return Err(Failure::input(format!("{out}: --append adds to a zones-only card; this card has services")));
        }
        doc
    } else {
        let files: Vec<String> = args
            .positional
            .iter()
            .map(|f| Path::new(f).file_name().and_then(|n| n.to_str()).unwrap_or(f).to_string())
            .collect();
        CardDoc {
            format: FORMAT_V1.to_string(),
            id: args.one("id")?.unwrap_or_else(|| "usps-zones".to_string()),
            version: None,
            carrier: "usps".to_string(),
            carrier_name: Some("USPS".to_string()),
            currency: "USD".to_string(),
            weight_unit: zonerate::WeightUnit::Lb,
            dim_unit: zonerate::LengthUnit::In,
            price_type: None,
            bracket_rule: Default::default(),
            effective: Period::default(),
            source: Some(format!("USPS zone charts imported by zonerate zones import from {}", files.join(", "))),
            illustrative: false,
            sell_only: false,
            hash: None,
            zone_tables: zonerate::vecmap::VecMap::new(),
            zip_sets: zonerate::vecmap::VecMap::new(),
            surcharges: Vec::new(),
            services: Vec::new(),
        }
    };
    if let Some(id) = args.one("id")? {
        doc.id = id;
    }
    doc.zone_tables.insert(table.clone(), def);
    // Check the card as the engine will load it.
    zonerate::card::Card::compile(doc.clone(), &zonerate::vecmap::VecMap::new())
        .map_err(|e| Failure::input(format!("{out}: {e}")))?;
    let text = zonerate::card::layout::to_json(&doc).map_err(Failure::other)?;
    sheets::write_atomic(Path::new(&out), text.as_bytes())?;
    let gz = {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(text.as_bytes()).map_err(|e| Failure::other(e.to_string()))?;
        enc.finish().map_err(|e| Failure::other(e.to_string()))?.len()
    };
    let shown = if origin_list.len() > 8 {
        format!(
            "{}, … {}",
            origin_list.iter().take(4).cloned().collect::<Vec<_>>().join(", "),
            origin_list.last().cloned().unwrap_or_default()
        )
    } else {
        origin_list.join(", ")
    };
    println!(
        "wrote {out}: zone table {table}, {} origin(s) ({shown}), {n_exceptions} 5-digit exception(s); {} bytes, {} bytes gzipped",
        origin_list.len(),
        text.len(),
        gz
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_names() {
        assert_eq!(zone_char("1*"), Ok(b'1'));
        assert_eq!(zone_char("5+"), Ok(b'5'));
        assert_eq!(zone_char(""), Ok(b'-'));
        assert!(zone_char("10").is_err());
        assert_eq!(
            origins_in_name("data/zones_origin850_phx_origin431_cmh_shipping-costs.csv"),
            vec![("phx".to_string(), "850".to_string()), ("cmh".to_string(), "431".to_string())]
        );
    }
}
