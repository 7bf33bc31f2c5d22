//! `zonerate template`: the blank, annotated rate-card workbook.

use super::args::Args;
use super::{sheets, Failure};
use std::path::Path;

const HELP: &str = "usage: zonerate template -o template.xlsx [--csv]

Writes the rate-card template: a Readme sheet, the base-info sheet (基本信息 Info), the
price sheets 总价表 Flat, 单价表 Unit and 续重价表 Continuation, and the optional sheets,
with a note on every header and one example service per pricing mode (replace them).
`zonerate import` reads it back (the example card, docs/excel-template.md).

  -o FILE    the workbook to write (with --csv: a folder of CSV files)";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["output"], &["csv"])?;
    if let Some(p) = args.positional.first() {
        return Err(Failure::input(format!("unexpected argument {p:?}")));
    }
    let out = args.required("output").map_err(|_| Failure::input("-o FILE is required"))?;
    let book = zonerate::workbook::template_book().map_err(|e| Failure::other(format!("template: {e}")))?;
    if args.flag("csv") {
        let files = sheets::write_csvs(&book, Path::new(&out))?;
        eprintln!("wrote {} CSV files to {out}", files.len());
    } else {
        let bytes = sheets::xlsx_bytes(&book)?;
        sheets::write_atomic(Path::new(&out), &bytes)?;
        eprintln!("wrote {out}: {} sheets, {} bytes", book.sheets.len(), bytes.len());
    }
    Ok(())
}
