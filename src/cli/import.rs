//! `zonerate import`: a rate-card workbook (the Excel template, or CSV files named like
//! its sheets) into a card file. Nothing is written when anything is wrong.

use super::args::Args;
use super::{sheets, Failure};
use std::path::Path;

const HELP: &str = "usage: zonerate import WORKBOOK.xlsx -o card.json
       zonerate import FOLDER -o card.json          (a folder of CSV files named like the sheets)
       zonerate import Info.csv 总价表.csv … -o card.json

Reads the rate-card template (see `zonerate template` and docs/excel-template.md): the
base-info sheet (基本信息 / Info), the price sheets 总价表 / Flat, 单价表 / Unit and
续重价表 / Continuation, and the optional Special, Limits, Surcharges, SurchargeTables,
ZipSets, ZoneTables, Hubs and Zones sheets. Sheet names may be Chinese, English or both.

Errors name the sheet and cell (单价表 Unit!C7: \"abc\" is not a number) and exit with 2;
no card file is written then (the card goes to a temporary file renamed only on success).

  -o FILE    the card to write (- = standard output)
  --quiet    do not print the summary";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["output"], &["quiet"])?;
    let out = args.required("output").map_err(|_| Failure::input("-o FILE is required (the card to write)"))?;
    let book = sheets::read_inputs(&args.positional)?;
    let imported = zonerate::workbook::import_book(&book)?;
    let text = zonerate::card::layout::to_json(&imported.doc).map_err(Failure::other)?;
    for w in &imported.warnings {
        eprintln!("zonerate: warning: {w}");
    }
    if out == "-" {
        print!("{text}");
        return Ok(());
    }
    sheets::write_atomic(Path::new(&out), text.as_bytes())?;
    if !args.flag("quiet") {
        let d = &imported.doc;
        let rows: usize = d.services.iter().map(|s| s.table.rows.len() + s.table.special.len()).sum();
        eprintln!(
            "wrote {out}: card {} ({}), {} service(s), {rows} price rows, {} surcharge(s), {} zone table(s), {} bytes",
            d.id,
            d.carrier,
            d.services.len(),
            d.surcharges.len(),
            d.zone_tables.len(),
            text.len()
        );
    }
    Ok(())
}
