//! `zonerate export`: a card file into the Excel template (or CSV files), refusing a
//! card the template cannot express rather than dropping data.

use super::args::Args;
use super::{sheets, Failure};
use std::path::Path;

const HELP: &str = "usage: zonerate export card.json -o card.xlsx
       zonerate export card.json --csv -o FOLDER     (one CSV file per sheet)

Writes the card in the layout `zonerate import` reads, so that importing the workbook
gives the card back exactly. The workbook is read back before it is written; a card
the template cannot express is refused (not_expressible, naming the field) and nothing
is written.

  -o FILE    the workbook (.xlsx), or with --csv the folder to write
  --csv      write CSV files instead of an .xlsx workbook";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["output"], &["csv"])?;
    let [input] = args.positional.as_slice() else {
        return Err(Failure::input("give one card file (see zonerate export --help)"));
    };
    let out = args.required("output").map_err(|_| Failure::input("-o FILE is required"))?;
    let text = std::fs::read_to_string(input).map_err(|e| Failure::input(format!("{input}: {e}")))?;
    let doc = zonerate::card::parse_card(&text).map_err(|e| Failure::in_file(input, &e))?;
    let book = zonerate::workbook::export_book(&doc).map_err(|e| Failure::in_file(input, &e))?;
    if args.flag("csv") {
        let files = sheets::write_csvs(&book, Path::new(&out))?;
        eprintln!("wrote {} CSV files to {out}", files.len());
    } else {
        let bytes = sheets::xlsx_bytes(&book)?;
        sheets::write_atomic(Path::new(&out), &bytes)?;
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        eprintln!("wrote {out}: {} sheets ({}), {} bytes", names.len(), names.join(", "), bytes.len());
    }
    Ok(())
}
