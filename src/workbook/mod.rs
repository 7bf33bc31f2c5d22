//! Rate cards as spreadsheets: the Excel import template of the source article (domain
//! §3) — a base-info sheet and the three price sheets 总价表 (flat), 单价表 (unit) and
//! 续重价表 (continuation) — extended with optional sheets for everything else a card
//! holds (special rows, limits, surcharges, ZIP sets, zone tables).
//!
//! This module only knows grids of cells ([`Book`], [`Sheet`], [`Cell`]); reading and
//! writing `.xlsx` (calamine, rust_xlsxwriter) and CSV files is the command line's job.
//! [`import_book`] turns a grid into a [`CardDoc`](crate::card::format::CardDoc) and reports any problem with the
//! sheet and cell (`单价表 Unit!C7: "abc" is not a number`, code `invalid_workbook`);
//! [`export_book`] writes a card as a grid and refuses (`not_expressible`) a card it
//! could not read back identically. The template is documented in
//! `docs/excel-template.md`.

pub mod cond;
mod export;
mod import;

pub use export::{export_book, template_book, template_card};
pub use import::{import_book, Imported};

use crate::date::Date;
use crate::error::{Error, ErrorCode};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Longest text an Excel cell holds; longer lists are split over several rows.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One cell as read from (or written to) a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// Text, as typed.
    Text(String),
    /// A number (Excel stores every number as a 64-bit float).
    Number(f64),
    /// A number shown with this many decimal places (written by the exporter so that
    /// `4.00` looks like `4.00`); read like [`Cell::Number`].
    Fixed(f64, u32),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date cell.
    Date(Date),
    /// An error value (`#N/A`, `#DIV/0!`, …).
    Error(String),
}

impl Cell {
    /// True for an empty cell or blank text.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// A rectangle of merged cells, 0-based and inclusive: (first row, first column, last
/// row, last column).
pub type Region = (u32, u32, u32, u32);

/// One sheet: a grid of cells starting at A1, and (for writing) presentation hints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's name (its tab).
    pub name: String,
    /// Rows of cells from A1; rows may have different lengths.
    pub rows: Vec<Vec<Cell>>,
    /// Merged regions (reading only: the importer refuses them).
    pub merged: Vec<Region>,
    /// Notes (comments) to attach: (row, column, text).
    pub notes: Vec<(u32, u16, String)>,
    /// Rows to show as headers (bold, shaded).
    pub header_rows: Vec<u32>,
    /// Column widths in characters.
    pub widths: Vec<(u16, f64)>,
    /// Columns whose cells are text by design (ZIP codes, lists), formatted as text so
    /// Excel does not drop leading zeros.
    pub text_columns: Vec<u16>,
    /// Rows frozen at the top.
    pub freeze_rows: u32,
}

impl Sheet {
    fn new(name: &str) -> Sheet {
        Sheet { name: name.to_string(), ..Default::default() }
    }

    /// The cell at (row, column), `Empty` outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    fn push(&mut self, row: Vec<Cell>) -> u32 {
        self.rows.push(row);
        (self.rows.len() - 1) as u32
    }

    fn header(&mut self, names: &[&str]) -> u32 {
        let r = self.push(names.iter().map(|n| Cell::text(*n)).collect());
        self.header_rows.push(r);
        if self.freeze_rows == 0 {
            self.freeze_rows = r + 1;
        }
        r
    }
}

/// A workbook: its sheets in tab order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

/// The sheets of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SheetKind {
    /// Instructions; ignored on import.
    Readme,
    /// 基本信息: base info of the card and of each service (key/value rows).
    Info,
    /// 总价表: flat rows (mode 1, and the flat part of modes 4 and 5).
    Flat,
    /// 单价表: unit-price rows (mode 2, and the heavy part of mode 4).
    Unit,
    /// 续重价表: first weight + continuation rows (mode 3) and excess tiers (mode 5).
    Continuation,
    /// Special rows chosen by a condition (USPS oversized).
    Special,
    /// Service limits.
    Limits,
    /// Surcharge definitions.
    Surcharges,
    /// Weight × zone grids of `table` surcharges.
    SurchargeTables,
    /// Named ZIP lists.
    ZipSets,
    /// Zone tables: kind, labels, period, warning.
    ZoneTables,
    /// Entry hubs of zip5 zone tables.
    Hubs,
    /// Zone rows: origin ZIP3 → destination ZIP3 → zone, or hub → ZIP list → zone.
    Zones,
}

impl SheetKind {
    /// Every sheet, in the template's tab order.
    pub const ALL: [SheetKind; 13] = [
        SheetKind::Readme,
        SheetKind::Info,
        SheetKind::Flat,
        SheetKind::Unit,
        SheetKind::Continuation,
        SheetKind::Special,
        SheetKind::Limits,
        SheetKind::Surcharges,
        SheetKind::SurchargeTables,
        SheetKind::ZipSets,
        SheetKind::ZoneTables,
        SheetKind::Hubs,
        SheetKind::Zones,
    ];

    /// The tab name the exporter writes: Chinese name, then English.
    pub fn title(self) -> &'static str {
        match self {
            SheetKind::Readme => "说明 Readme",
            SheetKind::Info => "基本信息 Info",
            SheetKind::Flat => "总价表 Flat",
            SheetKind::Unit => "单价表 Unit",
            SheetKind::Continuation => "续重价表 Continuation",
            SheetKind::Special => "特殊价格 Special",
            SheetKind::Limits => "限制 Limits",
            SheetKind::Surcharges => "附加费 Surcharges",
            SheetKind::SurchargeTables => "附加费价格表 SurchargeTables",
            SheetKind::ZipSets => "邮编集 ZipSets",
            SheetKind::ZoneTables => "分区方案 ZoneTables",
            SheetKind::Hubs => "入仓点 Hubs",
            SheetKind::Zones => "分区 Zones",
        }
    }

    /// Names accepted for the sheet (compared after [`norm`]).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            SheetKind::Readme => &["readme", "说明", "instructions"],
            SheetKind::Info => &["info", "baseinfo", "基本信息", "基础信息"],
            SheetKind::Flat => &["flat", "flatprice", "总价表", "总价"],
            SheetKind::Unit => &["unit", "unitprice", "单价表", "单价"],
            SheetKind::Continuation => &["continuation", "step", "续重价表", "续重表", "续重"],
            SheetKind::Special => &["special", "特殊价格", "特殊价"],
            SheetKind::Limits => &["limits", "限制"],
            SheetKind::Surcharges => &["surcharges", "附加费"],
            SheetKind::SurchargeTables => &["surchargetables", "附加费价格表", "附加费表"],
            SheetKind::ZipSets => &["zipsets", "邮编集"],
            SheetKind::ZoneTables => &["zonetables", "分区方案"],
            SheetKind::Hubs => &["hubs", "入仓点"],
            SheetKind::Zones => &["zones", "分区", "分区表"],
        }
    }

    /// The sheet a tab name stands for: the whole name, or one of its words
    /// (`总价表 Flat`, `Flat (总价表)`, `flat_price`), in either language, any case.
    pub fn identify(name: &str) -> Option<SheetKind> {
        let whole = norm(name);
        if let Some(k) = SheetKind::ALL.iter().find(|k| k.aliases().contains(&whole.as_str())) {
            return Some(*k);
        }
        let words: Vec<String> = name
            .split(|c: char| c.is_whitespace() || "()（）/|-_·:".contains(c))
            .map(norm)
            .filter(|w| !w.is_empty())
            .collect();
        let mut found = SheetKind::ALL.iter().filter(|k| words.iter().any(|w| k.aliases().contains(&w.as_str())));
        let first = found.next().copied();
        // Two different sheets named in one tab name is not a match.
        if found.next().is_some() {
            return None;
        }
        first
    }
}

/// Normalises a header, key or sheet name for matching: lower case, without spaces,
/// `_ - . :`, and without any part in parentheses (`upTo (重量上限, lb)` → `upto`).
pub fn norm(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || "_-.:：".contains(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `C7` for (row 6, column 2), 0-based.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub fn col_name(col: usize) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// An `invalid_workbook` error at a cell of a sheet.
pub(crate) fn cell_error(sheet: &str, row: usize, col: usize, msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidWorkbook, format!("{sheet}!{}", cell_ref(row, col)), msg.into())
}

/// The decimal Excel shows for a float: 15 significant digits (what Excel keeps),
/// trailing zeros dropped. `0.1 + 0.2` reads as `0.3`, `15.999 / 16` as `0.9999375`.
pub fn decimal_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    if f == 0.0 {
        return Some(Decimal::ZERO);
    }
    let sci = format!("{f:.14e}");
    Decimal::from_scientific(&sci).ok().or_else(|| Decimal::from_str(&format!("{f}")).ok()).map(|d| d.normalize())
}

/// Money keeps at least two decimal places (`4` → `4.00`), as printed price lists do.
pub fn money_scale(d: Decimal) -> Decimal {
    if d.scale() < 2 {
        let mut x = d;
        x.rescale(2);
        x
    } else {
        d
    }
}

/// How a decimal is written so that it reads back with the same digits: a number cell
/// (shown with the decimal's places) when the float round trip gives the same text,
/// otherwise a text cell.
pub(crate) fn decimal_cell(d: Decimal, money: bool) -> Cell {
    if let Some(f) = d.to_f64() {
        if let Some(back) = decimal_from_f64(f) {
            let back = if money { money_scale(back) } else { back };
            if back.to_string() == d.to_string() {
                return if d.scale() > 0 { Cell::Fixed(f, d.scale()) } else { Cell::Number(f) };
            }
        }
    }
    Cell::Text(d.to_string())
}

/// Splits a long space-separated list into pieces that fit a cell, at single spaces
/// (joining the pieces with one space gives the text back).
pub(crate) fn split_for_cells(s: &str, max: usize) -> Vec<String> {
    if s.chars().count() <= max {
        return vec![s.to_string()];
    }
    let mut out = Vec::new();
    let mut rest = s;
    while rest.chars().count() > max {
        // Byte index of the max-th char.
        let limit = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let cut = rest.get(..limit).and_then(|h| h.rfind(' ')).filter(|&i| i > 0);
        let Some(cut) = cut else { break };
        out.push(rest.get(..cut).unwrap_or_default().to_string());
        rest = rest.get(cut + 1..).unwrap_or_default();
    }
    out.push(rest.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_refs() {
        assert_eq!(cell_ref(6, 2), "C7");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(norm("upTo (重量上限, lb)"), "upto");
        assert_eq!(SheetKind::identify("总价表"), Some(SheetKind::Flat));
        assert_eq!(SheetKind::identify("总价表 Flat"), Some(SheetKind::Flat));
        assert_eq!(SheetKind::identify("Unit (单价表)"), Some(SheetKind::Unit));
        assert_eq!(SheetKind::identify("续重价表"), Some(SheetKind::Continuation));
        assert_eq!(SheetKind::identify("flat_price"), Some(SheetKind::Flat));
        assert_eq!(SheetKind::identify("Flatt"), None);
        assert_eq!(SheetKind::identify("Flat Unit"), None);
        for k in SheetKind::ALL {
            assert_eq!(SheetKind::identify(k.title()), Some(k), "{}", k.title());
        }
    }

    #[test]
    fn floats_read_as_excel_shows_them() {
        assert_eq!(decimal_from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
        assert_eq!(decimal_from_f64(15.999 / 16.0).unwrap().to_string(), "0.9999375");
        assert_eq!(decimal_from_f64(257.51).unwrap().to_string(), "257.51");
        assert_eq!(decimal_from_f64(1e-7).unwrap().to_string(), "0.0000001");
        assert_eq!(decimal_from_f64(-3.0).unwrap().to_string(), "-3");
        assert_eq!(money_scale(Decimal::new(4, 0)).to_string(), "4.00");
        assert_eq!(decimal_cell("4.00".parse().unwrap(), true), Cell::Fixed(4.0, 2));
        assert_eq!(decimal_cell("4".parse().unwrap(), true), Cell::Text("4".into()));
        assert_eq!(decimal_cell("4".parse().unwrap(), false), Cell::Number(4.0));
        assert_eq!(
            decimal_cell("1.234567890123456789".parse().unwrap(), false),
            Cell::Text("1.234567890123456789".into())
        );
    }

    #[test]
    fn long_lists_split_at_spaces() {
        let s = "90210 90211 94100-94199 95*";
        let parts = split_for_cells(s, 12);
        assert!(parts.iter().all(|p| p.chars().count() <= 12), "{parts:?}");
        assert_eq!(parts.join(" "), s);
    }
}
