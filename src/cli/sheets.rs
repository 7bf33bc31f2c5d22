//! Workbooks on disk: `.xlsx` (and `.xls`, `.ods`) read with calamine, CSV files named
//! like the template's sheets, `.xlsx` written with rust_xlsxwriter; and writing any
//! output file atomically (a temporary file renamed into place only on success).

use super::Failure;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zonerate::date::Date;
use zonerate::workbook::{Book, Cell, Sheet};
use zonerate::{Error, ErrorCode};

fn bad(path: &Path, msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidWorkbook, path.display().to_string(), msg.into())
}

/// Excel's serial day number as a date (1900 date system, with its phantom 1900-02-29).
fn excel_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || serial < 1.0 {
        return None;
    }
    let days = serial.floor() as i64;
    // Serial 61 is 1900-03-01; 25569 is 1970-01-01.
    let from_1970 = if days >= 61 { days - 25569 } else { days - 25568 };
    let d = Date::from_days(from_1970);
    Date::new(d.year(), d.month(), d.day())
}

fn cell_of(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match excel_date(dt.as_f64()) {
            Some(date) if dt.is_datetime() => Cell::Date(date),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match s.get(..10).and_then(|x| x.parse::<Date>().ok()) {
            Some(date) => Cell::Date(date),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

fn grid(range: &calamine::Range<calamine::Data>) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else { return Vec::new() };
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; c0 as usize];
        cells.extend(row.iter().map(cell_of));
        rows.push(cells);
    }
    rows
}

/// Reads an Excel workbook. Merged regions are read for `.xlsx` (the importer refuses them).
pub fn read_excel(path: &Path) -> Result<Book, Error> {
    use calamine::Reader;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let unreadable = |e: &dyn std::fmt::Display| bad(path, format!("not a readable Excel workbook ({e})"));
    let mut book = Book::default();
    if ext == "xlsx" || ext == "xlsm" {
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).map_err(|e| unreadable(&e))?;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).map_err(|e| bad(path, format!("sheet {name:?}: {e}")))?;
            let merged = wb.merge_cells_by_sheet_name(&name).map_err(|e| bad(path, format!("sheet {name:?}: {e}")))?;
            book.sheets.push(Sheet {
                name: name.clone(),
                rows: grid(&range),
                merged: merged.iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect(),
                ..Default::default()
            });
        }
    } else {
        let mut wb = calamine::open_workbook_auto(path).map_err(|e| unreadable(&e))?;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).map_err(|e| bad(path, format!("sheet {name:?}: {e}")))?;
            book.sheets.push(Sheet { name: name.clone(), rows: grid(&range), ..Default::default() });
        }
    }
    Ok(book)
}

/// Reads CSV files as sheets named after the files (`总价表.csv` → sheet 总价表).
pub fn read_csvs(files: &[PathBuf]) -> Result<Book, Error> {
    let mut book = Book::default();
    for f in files {
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(f)
            .map_err(|e| bad(f, format!("cannot read: {e}")))?;
        let mut rows = Vec::new();
        for (i, rec) in reader.records().enumerate() {
            let rec = rec.map_err(|e| bad(f, format!("line {}: {e}", i + 1)))?;
            rows.push(
                rec.iter()
                    .enumerate()
                    .map(|(c, s)| {
                        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the text.
                        let s = if i == 0 && c == 0 { s.trim_start_matches('\u{feff}') } else { s };
                        if s.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            );
        }
        book.sheets.push(Sheet { name, rows, ..Default::default() });
    }
    Ok(book)
}

/// A workbook from the command line's inputs: one `.xlsx`/`.xls`/`.ods` file, a folder of
/// CSV files, or several CSV files.
pub fn read_inputs(inputs: &[String]) -> Result<Book, Failure> {
    let [first, ..] = inputs else {
        return Err(Failure::input("give a workbook (.xlsx), a folder of CSV files, or CSV files"));
    };
    let p = Path::new(first);
    if inputs.len() == 1 && p.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| Failure::input(format!("{first}: {e}")))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Failure::input(format!("{first}: no .csv files in this folder")));
        }
        return Ok(read_csvs(&files)?);
    }
    let all_csv = inputs.iter().all(|i| Path::new(i).extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")));
    if all_csv {
        for i in inputs {
            if !Path::new(i).is_file() {
                return Err(Failure::input(format!("{i}: no such file")));
            }
        }
        let files: Vec<PathBuf> = inputs.iter().map(PathBuf::from).collect();
        return Ok(read_csvs(&files)?);
    }
    if inputs.len() > 1 {
        return Err(Failure::input("give one workbook, or only CSV files"));
    }
    if !p.is_file() {
        return Err(Failure::input(format!("{first}: no such file")));
    }
    Ok(read_excel(p)?)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place only once everything is written: on any error no file appears.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let res = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::other(format!("{}: {e}", path.display())));
    }
    Ok(())
}

/// The workbook as `.xlsx` bytes: headers bold and shaded, notes on headers, number
/// cells shown with their decimal places, ZIP columns formatted as text.
pub fn xlsx_bytes(book: &Book) -> Result<Vec<u8>, Failure> {
    use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| Failure::other(format!("writing the workbook: {e}"));
    let mut wb = Workbook::new();
    let head =
        Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border_bottom(FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let mut fixed: BTreeMap<u32, Format> = BTreeMap::new();
    for sheet in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).map_err(err)?;
        for (c, w) in &sheet.widths {
            ws.set_column_width(*c, *w).map_err(err)?;
        }
        for c in &sheet.text_columns {
            ws.set_column_format(*c, &text).map_err(err)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32;
            let is_head = sheet.header_rows.contains(&r);
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) | Cell::Error(s) => {
                        if is_head {
                            ws.write_string_with_format(r, c, s, &head).map_err(err)?;
                        } else if sheet.text_columns.contains(&c) {
                            ws.write_string_with_format(r, c, s, &text).map_err(err)?;
                        } else {
                            ws.write_string(r, c, s).map_err(err)?;
                        }
                    }
                    Cell::Number(f) => {
                        ws.write_number(r, c, *f).map_err(err)?;
                    }
                    Cell::Fixed(f, places) => {
                        let fmt = fixed.entry(*places).or_insert_with(|| {
                            Format::new().set_num_format(format!("0.{}", "0".repeat(*places as usize)))
                        });
                        ws.write_number_with_format(r, c, *f, fmt).map_err(err)?;
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r, c, *b).map_err(err)?;
                    }
                    Cell::Date(d) => {
                        ws.write_string(r, c, d.to_string()).map_err(err)?;
                    }
                }
            }
        }
        for (r, c, note) in &sheet.notes {
            let n = Note::new(note).add_author_prefix(false).set_author("zonerate").set_width(360).set_height(120);
            ws.insert_note(*r, *c, &n).map_err(err)?;
        }
        // Printed (or converted to PDF): landscape, one page wide, with grid lines.
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_gridlines(true);
        if sheet.freeze_rows > 0 {
            ws.set_freeze_panes(sheet.freeze_rows, 0).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Writes each sheet as `<folder>/<sheet name>.csv` (the folder is created).
pub fn write_csvs(book: &Book, dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::other(format!("{}: {e}", dir.display())))?;
    let mut out = Vec::new();
    for sheet in &book.sheets {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for row in &sheet.rows {
            let rec: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) | Cell::Error(s) => s.clone(),
                    Cell::Number(f) => {
                        zonerate::workbook::decimal_from_f64(*f).map_or_else(|| f.to_string(), |d| d.to_string())
                    }
                    // Exactly the places the card has: "4.00" stays "4.00".
                    Cell::Fixed(f, places) => format!("{:.*}", *places as usize, f),
                    Cell::Bool(b) => b.to_string(),
                    Cell::Date(d) => d.to_string(),
                })
                .collect();
            w.write_record(if rec.is_empty() { vec![String::new()] } else { rec })
                .map_err(|e| Failure::other(format!("writing {}: {e}", sheet.name)))?;
        }
        // A UTF-8 byte-order mark first, so that Excel opens the Chinese names correctly.
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(w.into_inner().map_err(|e| Failure::other(format!("writing {}: {e}", sheet.name)))?);
        let path = dir.join(format!("{}.csv", sheet.name));
        write_atomic(&path, &bytes)?;
        out.push(path);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials() {
        assert_eq!(excel_date(46023.0).unwrap().to_string(), "2026-01-01");
        assert_eq!(excel_date(61.0).unwrap().to_string(), "1900-03-01");
        assert_eq!(excel_date(1.0).unwrap().to_string(), "1900-01-01");
    }
}
