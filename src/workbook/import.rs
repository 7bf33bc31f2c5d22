//! Workbook → card. Every problem is reported with the sheet and cell it is in.

use super::{cell_error, cond, decimal_from_f64, money_scale, norm, Book, Cell, Sheet, SheetKind};
use crate::card::format::*;
use crate::card::Card;
use crate::date::{Date, Period};
use crate::error::{Error, ErrorCode, Result};
use crate::rounding::{RoundMode, Rounding};
use crate::units::{LengthUnit, WeightUnit};
use crate::vecmap::VecMap;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// A card read from a workbook, with what is worth knowing but is not an error.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The card.
    pub doc: CardDoc,
    /// Sentences such as "zone table usps_zip3 is not in this workbook: load its card first".
    pub warnings: Vec<String>,
}

// ---------------------------------------------------------------------------------------
// Reading cells

/// A sheet with typed cell readers that fail with the cell's address.
struct Grid<'a> {
    s: &'a Sheet,
}

impl<'a> Grid<'a> {
    fn name(&self) -> &str {
        &self.s.name
    }
    fn err(&self, r: usize, c: usize, msg: impl Into<String>) -> Error {
        cell_error(&self.s.name, r, c, msg)
    }
    fn loc(&self, r: usize, c: usize) -> String {
        format!("{}!{}", self.s.name, super::cell_ref(r, c))
    }
    fn cell(&self, r: usize, c: usize) -> &Cell {
        self.s.cell(r, c)
    }
    fn nrows(&self) -> usize {
        self.s.rows.len()
    }
    fn ncols(&self, r: usize) -> usize {
        self.s.rows.get(r).map_or(0, |row| row.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1))
    }
    fn blank(&self, r: usize) -> bool {
        self.ncols(r) == 0
    }
    /// A row whose first filled cell is text starting with `#` is a comment.
    fn comment(&self, r: usize) -> bool {
        let row = self.s.rows.get(r).map(Vec::as_slice).unwrap_or_default();
        match row.iter().find(|c| !c.is_blank()) {
            Some(Cell::Text(t)) => t.trim_start().starts_with('#'),
            _ => false,
        }
    }
    fn skip(&self, r: usize) -> bool {
        self.blank(r) || self.comment(r)
    }

    /// The cell as trimmed text (numbers as Excel shows them); None when blank.
    fn text(&self, r: usize, c: usize) -> Result<Option<String>> {
        Ok(match self.cell(r, c) {
            Cell::Empty => None,
            Cell::Text(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            Cell::Number(f) | Cell::Fixed(f, _) => {
                Some(decimal_from_f64(*f).ok_or_else(|| self.err(r, c, "is not a finite number"))?.to_string())
            }
            Cell::Bool(b) => Some(b.to_string()),
            Cell::Date(d) => Some(d.to_string()),
            Cell::Error(e) => return Err(self.err(r, c, format!("holds the error value {e}"))),
        })
    }

    /// Free text kept exactly as typed (names, labels, sources, messages).
    fn free_text(&self, r: usize, c: usize) -> Result<Option<String>> {
        match self.cell(r, c) {
            Cell::Text(t) if t.trim().is_empty() => Ok(None),
            Cell::Text(t) => Ok(Some(t.clone())),
            _ => self.text(r, c),
        }
    }

    fn required_text(&self, r: usize, c: usize, what: &str) -> Result<String> {
        self.text(r, c)?.ok_or_else(|| self.err(r, c, format!("{what} is required")))
    }

    /// A number; `money` keeps at least two decimals for numbers typed into number cells.
    fn dec(&self, r: usize, c: usize, money: bool) -> Result<Option<Decimal>> {
        match self.cell(r, c) {
            Cell::Empty => Ok(None),
            Cell::Number(f) | Cell::Fixed(f, _) => {
                let d = decimal_from_f64(*f).ok_or_else(|| self.err(r, c, "is not a finite number"))?;
                Ok(Some(if money { money_scale(d) } else { d }))
            }
            Cell::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                parse_decimal(t).map(Some).ok_or_else(|| self.err(r, c, format!("{t:?} is not a number")))
            }
            Cell::Bool(b) => Err(self.err(r, c, format!("{} is not a number", if *b { "TRUE" } else { "FALSE" }))),
            Cell::Date(d) => Err(self.err(r, c, format!("the date {d} is not a number"))),
            Cell::Error(e) => Err(self.err(r, c, format!("holds the error value {e}"))),
        }
    }

    /// A number read as [`dec`](Self::dec) and refused with `{value} {why}` unless `ok`.
    fn dec_where(
        &self,
        r: usize,
        c: usize,
        whole: bool,
        ok: fn(Decimal) -> bool,
        why: &str,
    ) -> Result<Option<Decimal>> {
        match self.dec(r, c, whole)? {
            Some(v) if !ok(v) => Err(self.err(r, c, format!("{v} {why}"))),
            v => Ok(v),
        }
    }

    /// A price: not negative.
    fn price(&self, r: usize, c: usize) -> Result<Option<Decimal>> {
        self.dec_where(r, c, true, |p| p >= Decimal::ZERO, "is negative: prices must not be negative")
    }

    /// A weight bound: greater than 0.
    fn weight(&self, r: usize, c: usize) -> Result<Option<Decimal>> {
        self.dec_where(r, c, false, |w| w > Decimal::ZERO, "is not a weight: it must be greater than 0")
    }

    /// A weight that may be 0 (first weight, tier start).
    fn weight0(&self, r: usize, c: usize) -> Result<Option<Decimal>> {
        self.dec_where(r, c, false, |w| w >= Decimal::ZERO, "is not a weight: it must not be negative")
    }

    fn date(&self, r: usize, c: usize) -> Result<Option<Date>> {
        match self.cell(r, c) {
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Number(_) | Cell::Fixed(..) => Err(self.err(
                r,
                c,
                "is a number, not a date: write the date as YYYY-MM-DD or format the cell as a date",
            )),
            _ => match self.text(r, c)? {
                None => Ok(None),
                Some(t) => {
                    Date::from_str(&t).map(Some).map_err(|m| self.err(r, c, format!("{t:?} is not a date: {m}")))
                }
            },
        }
    }

    fn boolean(&self, r: usize, c: usize) -> Result<Option<bool>> {
        if let Cell::Bool(b) = self.cell(r, c) {
            return Ok(Some(*b));
        }
        match self.text(r, c)? {
            None => Ok(None),
            Some(t) => match t.to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "是" | "x" => Ok(Some(true)),
                "false" | "no" | "n" | "0" | "否" => Ok(Some(false)),
                _ => Err(self.err(r, c, format!("{t:?} is not TRUE or FALSE"))),
            },
        }
    }

    /// A ZIP code cell: numbers are zero-padded to `width` digits (Excel drops zeros).
    fn zip_text(&self, r: usize, c: usize, width: usize) -> Result<Option<String>> {
        match self.cell(r, c) {
            Cell::Number(f) | Cell::Fixed(f, _) if f.fract() == 0.0 && *f >= 0.0 && *f < 100_000.0 => {
                let n = *f as u32;
                let w = if n >= 1000 { 5 } else { width };
                Ok(Some(format!("{n:0w$}")))
            }
            _ => self.text(r, c),
        }
    }
}

/// Parses a decimal as typed: plain (`4.00`, `-1`, `1,234.50` is refused) or scientific.
fn parse_decimal(t: &str) -> Option<Decimal> {
    Decimal::from_str(t).ok().or_else(|| Decimal::from_scientific(t).ok())
}

/// Splits a comma list (`"2, 3,4"`); blank items dropped.
fn list(s: &str) -> Vec<String> {
    s.split([',', '，']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

fn parse_rounding(s: &str) -> std::result::Result<Rounding, String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [mode, inc] = parts.as_slice() else {
        return Err(format!(
            "{s:?} is not a rounding: write the direction and the multiple, such as `up 1` or `down 0.25`"
        ));
    };
    let mode = match mode.to_lowercase().as_str() {
        "up" | "ceil" | "向上" => RoundMode::Up,
        "down" | "floor" | "向下" => RoundMode::Down,
        "nearest" | "round" | "四舍五入" => RoundMode::Nearest,
        m => return Err(format!("{m:?} is not a rounding direction (up, down or nearest)")),
    };
    let increment = parse_decimal(inc).ok_or_else(|| format!("{inc:?} is not a number"))?;
    Ok(Rounding { mode, increment })
}

fn parse_weight_rounding(s: &str) -> std::result::Result<Vec<WeightRoundingDef>, String> {
    let mut out = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (over, rule) = match part.split_once(':') {
            Some((o, r)) => {
                let o = o.trim();
                let num = o
                    .strip_prefix("over")
                    .or_else(|| o.strip_prefix('>'))
                    .ok_or_else(|| format!("{o:?}: write `over 1: up 1`"))?
                    .trim();
                (parse_decimal(num).ok_or_else(|| format!("{num:?} is not a number"))?, r)
            }
            None => (Decimal::ZERO, part),
        };
        let r = parse_rounding(rule.trim())?;
        out.push(WeightRoundingDef { over, mode: r.mode, increment: r.increment });
    }
    Ok(out)
}

/// A header cell as a zone label: the text, without a leading `Zone `.
fn zone_label(t: &str) -> String {
    let t = t.trim();
    match t.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("zone ") => t.get(5..).unwrap_or_default().trim().to_string(),
        _ => t.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Headers

type Known = &'static [(&'static str, &'static [&'static str])];

const SERVICE: (&str, &[&str]) = ("service", &["service", "servicecode", "服务", "服务代码", "渠道"]);
const UP_TO: (&str, &[&str]) = ("upTo", &["upto", "weightnotover", "notover", "重量上限", "重量段", "重量", "上限"]);

const FLAT_COLS: Known = &[SERVICE, UP_TO];
const CONT_COLS: Known = &[
    SERVICE,
    UP_TO,
    ("zone", &["zone", "分区"]),
    ("first", &["first", "firstweight", "首重"]),
    ("firstPrice", &["firstprice", "首重价", "首重价格", "首重费"]),
    ("step", &["step", "stepweight", "续重单位", "续重单位重量", "续重重量"]),
    ("stepPrice", &["stepprice", "续重价", "续重单价", "续重价格"]),
    ("over", &["over", "tierover", "超过", "阶梯起点"]),
    ("tierUpTo", &["tierupto", "阶梯上限"]),
];
const SPECIAL_COLS: Known =
    &[SERVICE, ("code", &["code", "代码"]), ("label", &["label", "名称"]), ("when", &["when", "condition", "条件"])];
const LIMIT_COLS: Known = &[
    SERVICE,
    ("measure", &["measure", "度量", "项目"]),
    ("max", &["max", "maximum", "最大值", "上限"]),
    ("code", &["code", "代码"]),
    ("message", &["message", "提示"]),
];
const SURCHARGE_COLS: Known = &[
    ("code", &["code", "代码"]),
    ("label", &["label", "名称"]),
    ("when", &["when", "condition", "条件"]),
    ("type", &["type", "类型"]),
    ("amount", &["amount", "金额"]),
    ("percent", &["percent", "百分比"]),
    ("of", &["of", "基数"]),
    ("unit", &["unit", "单位"]),
    ("zones", &["zones", "分区"]),
    ("amounts", &["amounts", "分区金额"]),
    ("tiers", &["tiers", "阶梯"]),
    ("group", &["group", "互斥组"]),
    ("minBillableWeight", &["minbillableweight", "最低计费重"]),
    ("effectiveFrom", &["effectivefrom", "生效日期"]),
    ("effectiveTo", &["effectiveto", "失效日期"]),
];
const STABLE_COLS: Known = &[("surcharge", &["surcharge", "附加费", "code"]), UP_TO];
const ZIPSET_COLS: Known = &[("name", &["name", "名称"]), ("zips", &["zips", "zip", "邮编"])];
const ZONETABLE_COLS: Known = &[
    ("table", &["table", "name", "分区方案"]),
    ("kind", &["kind", "类型"]),
    ("labels", &["labels", "zones", "分区"]),
    ("effectiveFrom", &["effectivefrom", "生效日期"]),
    ("effectiveTo", &["effectiveto", "失效日期"]),
    ("warning", &["warning", "警告"]),
];
const HUB_COLS: Known = &[
    ("table", &["table", "分区方案"]),
    ("hub", &["hub", "code", "入仓点"]),
    ("origins", &["origins", "origin", "始发邮编"]),
    ("exclude", &["exclude", "排除"]),
];
const ZONE_COLS: Known = &[
    ("table", &["table", "分区方案"]),
    ("origin", &["origin", "hub", "originzip3", "始发", "入仓点"]),
    ("destination", &["destination", "dest", "destzip3", "zips", "目的地", "目的邮编"]),
    ("zone", &["zone", "分区"]),
];

/// A header row: known columns by name, then (for grid sheets) zone labels.
struct Header {
    row: usize,
    cols: BTreeMap<&'static str, usize>,
    /// Zone columns: (column, label).
    zones: Vec<(usize, String)>,
}

impl Header {
    fn col(&self, name: &str) -> Option<usize> {
        self.cols.get(name).copied()
    }
    fn last_col(&self) -> usize {
        self.cols.values().chain(self.zones.iter().map(|(c, _)| c)).copied().max().unwrap_or(0)
    }
}

fn known_name(known: Known, text: &str) -> Option<&'static str> {
    let n = norm(text);
    known.iter().find(|(_, aliases)| aliases.contains(&n.as_str())).map(|(name, _)| *name)
}

/// Reads a header row. With `zones`, the cells after the known columns are zone labels.
fn read_header(g: &Grid<'_>, row: usize, known: Known, zones: bool, required: &[&str]) -> Result<Header> {
    let mut h = Header { row, cols: BTreeMap::new(), zones: Vec::new() };
    let n = g.ncols(row);
    let mut in_zones = false;
    for c in 0..n {
        let text = g.text(row, c)?;
        if in_zones {
            let Some(t) = text else {
                return Err(g.err(row, c, "a zone column has no label: give every zone column a label"));
            };
            let label = zone_label(&t);
            if h.zones.iter().any(|(_, l)| *l == label) {
                return Err(g.err(row, c, format!("zone {label:?} is a column twice")));
            }
            h.zones.push((c, label));
            continue;
        }
        let Some(t) = text else {
            if h.cols.is_empty() {
                continue;
            }
            return Err(g.err(row, c, "a header cell is empty"));
        };
        match known_name(known, &t) {
            Some(name) => {
                if h.cols.insert(name, c).is_some() {
                    return Err(g.err(row, c, format!("column {name:?} is given twice")));
                }
            }
            None if zones && !h.cols.is_empty() => {
                in_zones = true;
                h.zones.push((c, zone_label(&t)));
            }
            None => {
                let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                return Err(g.err(
                    row,
                    c,
                    format!(
                        "{t:?} is not a column of this sheet (columns: {}{})",
                        names.join(", "),
                        if zones { ", then one column per zone" } else { "" }
                    ),
                ));
            }
        }
    }
    for r in required {
        if !h.cols.contains_key(r) {
            return Err(g.err(row, 0, format!("the header has no {r:?} column")));
        }
    }
    if zones && h.zones.is_empty() {
        return Err(g.err(row, n, "the header has no zone columns (one column per zone, labelled with the zone)"));
    }
    Ok(h)
}

/// The first row that is not blank or a comment.
fn first_row(g: &Grid<'_>) -> Option<usize> {
    (0..g.nrows()).find(|&r| !g.skip(r))
}

/// Cells right of the header's last column must be empty.
fn no_stray_cells(g: &Grid<'_>, h: &Header, r: usize) -> Result<()> {
    let last = h.last_col();
    let n = g.ncols(r);
    if n > last + 1 {
        return Err(g.err(
            r,
            n - 1,
            format!("this cell is right of the last column of the header (row {})", h.row + 1),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The workbook

/// Where things came from, to point compile errors at cells.
#[derive(Default)]
struct Provenance(Vec<(String, String)>);

impl Provenance {
    fn add(&mut self, path: impl Into<String>, loc: impl Into<String>) {
        self.0.push((path.into(), loc.into()));
    }
    /// The location recorded for the longest prefix of `path`.
    fn find(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(p, _)| {
                path == p
                    || (path.starts_with(p.as_str()) && matches!(path.as_bytes().get(p.len()), Some(b'.') | Some(b'[')))
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, l)| l.as_str())
    }
}

struct Sheets<'a> {
    by_kind: BTreeMap<SheetKind, &'a Sheet>,
}

fn identify(book: &Book) -> Result<Sheets<'_>> {
    let mut by_kind: BTreeMap<SheetKind, &Sheet> = BTreeMap::new();
    for s in &book.sheets {
        let Some(kind) = SheetKind::identify(&s.name) else {
            let names: Vec<&str> = SheetKind::ALL.iter().map(|k| k.title()).collect();
            return Err(Error::new(
                ErrorCode::InvalidWorkbook,
                s.name.clone(),
                format!("{:?} is not a sheet of the template (sheets: {})", s.name, names.join(", ")),
            ));
        };
        if let Some(other) = by_kind.insert(kind, s) {
            return Err(Error::new(
                ErrorCode::InvalidWorkbook,
                s.name.clone(),
                format!("this sheet and {:?} are both the {} sheet", other.name, kind.title()),
            ));
        }
        if kind != SheetKind::Readme {
            if let Some(&(r0, c0, r1, c1)) = s.merged.first() {
                return Err(cell_error(
                    &s.name,
                    r0 as usize,
                    c0 as usize,
                    format!(
                        "merged cells {}:{} are not allowed: unmerge them and give every row and column its own value",
                        super::cell_ref(r0 as usize, c0 as usize),
                        super::cell_ref(r1 as usize, c1 as usize)
                    ),
                ));
            }
        }
    }
    Ok(Sheets { by_kind })
}

/// Reads a card from a workbook.
pub fn import_book(book: &Book) -> Result<Imported> {
    let sheets = identify(book)?;
    let mut prov = Provenance::default();
    let Some(info_sheet) = sheets.by_kind.get(&SheetKind::Info) else {
        return Err(Error::new(
            ErrorCode::InvalidWorkbook,
            SheetKind::Info.title(),
            "the workbook has no base-info sheet (a tab named Info or 基本信息)",
        ));
    };
    let info = read_info(&Grid { s: info_sheet }, &mut prov)?;
    let codes: Vec<String> = info.services.iter().map(|s| s.code.clone()).collect();
    let mut rows: Vec<SvcRows> = info.services.iter().map(|_| SvcRows::default()).collect();
    let ctx = Ctx { codes: &codes };

    if let Some(s) = sheets.by_kind.get(&SheetKind::Flat) {
        read_grid_rows(&Grid { s }, &ctx, &mut rows, RowMode::Flat)?;
    }
    if let Some(s) = sheets.by_kind.get(&SheetKind::Unit) {
        read_grid_rows(&Grid { s }, &ctx, &mut rows, RowMode::Unit)?;
    }
    if let Some(s) = sheets.by_kind.get(&SheetKind::Special) {
        read_special(&Grid { s }, &ctx, &mut rows)?;
    }
    if let Some(s) = sheets.by_kind.get(&SheetKind::Continuation) {
        read_continuation(&Grid { s }, &ctx, &mut rows)?;
    }
    let mut limits: Vec<Vec<(LimitDef, String)>> = info.services.iter().map(|_| Vec::new()).collect();
    if let Some(s) = sheets.by_kind.get(&SheetKind::Limits) {
        read_limits(&Grid { s }, &ctx, &mut limits)?;
    }
    let mut surcharges = Vec::new();
    if let Some(s) = sheets.by_kind.get(&SheetKind::Surcharges) {
        surcharges = read_surcharges(&Grid { s })?;
    }
    if let Some(s) = sheets.by_kind.get(&SheetKind::SurchargeTables) {
        read_surcharge_tables(&Grid { s }, &mut surcharges)?;
    }
    let mut zip_sets = VecMap::new();
    if let Some(s) = sheets.by_kind.get(&SheetKind::ZipSets) {
        zip_sets = read_zip_sets(&Grid { s }, &mut prov)?;
    }
    let zone_tables = read_zone_tables(&sheets, &mut prov)?;

    // Assemble.
    let mut services = Vec::with_capacity(info.services.len());
    for (i, ((svc, r), lims)) in info.services.into_iter().zip(rows).zip(limits).enumerate() {
        services.push(build_service(i, svc, r, lims, &mut prov)?);
    }
    let mut surcharge_defs = Vec::with_capacity(surcharges.len());
    for (i, s) in surcharges.into_iter().enumerate() {
        prov.add(format!("surcharges[{i}]"), s.loc.clone());
        if s.def.charge.kind == ChargeType::Table && s.def.charge.rows.is_none() {
            return Err(Error::new(
                ErrorCode::InvalidWorkbook,
                s.loc,
                format!(
                    "surcharge {:?} is of type table: give its rows in {}",
                    s.def.code,
                    SheetKind::SurchargeTables.title()
                ),
            ));
        }
        surcharge_defs.push(s.def);
    }
    let c = info.card;
    let doc = CardDoc {
        format: FORMAT_V1.to_string(),
        id: c.id,
        version: c.version,
        carrier: c.carrier,
        carrier_name: c.carrier_name,
        currency: c.currency,
        weight_unit: c.weight_unit,
        dim_unit: c.dim_unit,
        price_type: c.price_type,
        bracket_rule: c.bracket_rule,
        effective: c.effective,
        source: c.source,
        illustrative: c.illustrative,
        sell_only: c.sell_only,
        hash: c.hash,
        zone_tables,
        zip_sets,
        surcharges: surcharge_defs,
        services,
    };
    let warnings = check(&doc, &prov)?;
    Ok(Imported { doc, warnings })
}

/// Compiles the card (with stand-ins for zone tables defined in other cards) and points
/// any error at the cell it comes from.
fn check(doc: &CardDoc, prov: &Provenance) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let mut probe = doc.clone();
    // Zone tables named by services but defined elsewhere: stand-ins with the zones of
    // the services that name them, so the rest of the card is still checked.
    let mut missing: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, s) in doc.services.iter().enumerate() {
        for name in s.zones.as_slice() {
            if !doc.zone_tables.contains_key(name) {
                let labels = missing.entry(name.clone()).or_default();
                if labels.is_empty() {
                    warnings.push(format!(
                        "services[{i}] ({}) uses zone table {name:?}, which is not in this workbook: load the card that defines it before this one",
                        s.code
                    ));
                }
                for z in &s.table.zones {
                    if !labels.contains(z) && labels.len() < crate::zones::MAX_LABELS {
                        labels.push(z.clone());
                    }
                }
            }
        }
    }
    for (name, labels) in missing {
        let zones = labels.iter().enumerate().map(|(j, l)| (l.clone(), format!("{:05}", j + 1))).collect();
        probe.zone_tables.insert(
            name,
            ZoneTableDef {
                kind: ZoneKind::Zip5,
                effective: None,
                warning: None,
                labels,
                origins: None,
                exceptions: None,
                hubs: Some(vec![HubDef { code: "STAND_IN".into(), origins: "00000".into(), zones, exclude: None }]),
            },
        );
    }
    if let Err(e) = Card::compile(probe, &VecMap::new()) {
        let path = e.path().to_string();
        return Err(match prov.find(&path) {
            Some(loc) => Error::new(e.code(), loc, format!("{} ({})", e.message(), path)),
            None => e,
        });
    }
    Ok(warnings)
}

// ---------------------------------------------------------------------------------------
// Info

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Card,
    Service,
}

/// Keys of the Info sheet: (name written by the exporter, scope, accepted names).
const INFO_KEYS: &[(&str, Scope, &[&str])] = &[
    ("format", Scope::Card, &["format", "格式"]),
    ("id", Scope::Card, &["id", "cardid", "编号", "方案编号"]),
    ("version", Scope::Card, &["version", "版本"]),
    ("carrier", Scope::Card, &["carrier", "承运商", "物流商"]),
    ("carrierName", Scope::Card, &["carriername", "承运商名称", "物流商名称"]),
    ("currency", Scope::Card, &["currency", "币种", "货币"]),
    ("weightUnit", Scope::Card, &["weightunit", "重量单位"]),
    ("dimUnit", Scope::Card, &["dimunit", "尺寸单位", "长度单位"]),
    ("priceType", Scope::Card, &["pricetype", "价格类型"]),
    ("bracketRule", Scope::Card, &["bracketrule", "重量段规则"]),
    ("effectiveFrom", Scope::Card, &["effectivefrom", "生效日期"]),
    ("effectiveTo", Scope::Card, &["effectiveto", "失效日期", "截止日期"]),
    ("source", Scope::Card, &["source", "来源"]),
    ("illustrative", Scope::Card, &["illustrative", "示例数据"]),
    ("sellOnly", Scope::Card, &["sellonly", "仅售价"]),
    ("hash", Scope::Card, &["hash", "哈希"]),
    ("serviceCode", Scope::Service, &["servicecode", "服务代码", "渠道代码"]),
    ("serviceName", Scope::Service, &["servicename", "服务名称", "渠道名称"]),
    ("servicePriceType", Scope::Service, &["servicepricetype", "服务价格类型"]),
    ("serviceEffectiveFrom", Scope::Service, &["serviceeffectivefrom", "服务生效日期"]),
    ("serviceEffectiveTo", Scope::Service, &["serviceeffectiveto", "服务失效日期"]),
    ("serviceBracketRule", Scope::Service, &["servicebracketrule", "服务重量段规则"]),
    ("zoneTables", Scope::Service, &["zonetables", "zonetable", "分区方案"]),
    ("fallbackZoneTables", Scope::Service, &["fallbackzonetables", "fallbackzones", "备用分区方案"]),
    ("tableKey", Scope::Service, &["tablekey", "计价依据"]),
    ("cubicDimRounding", Scope::Service, &["cubicdimrounding", "立方尺寸取整"]),
    ("cubicTierRounding", Scope::Service, &["cubictierrounding", "立方档位取整"]),
    ("dimDivisor", Scope::Service, &["dimdivisor", "材积除数", "体积重除数"]),
    ("dimThreshold", Scope::Service, &["dimthreshold", "材积起算体积"]),
    ("dimRounding", Scope::Service, &["dimrounding", "尺寸取整"]),
    ("dimResultRounding", Scope::Service, &["dimresultrounding", "材积重取整"]),
    ("dimZones", Scope::Service, &["dimzones", "材积适用分区"]),
    ("weightRounding", Scope::Service, &["weightrounding", "重量取整"]),
    ("minCharge", Scope::Service, &["mincharge", "最低收费"]),
    ("maxCharge", Scope::Service, &["maxcharge", "最高收费"]),
    ("surcharges", Scope::Service, &["surcharges", "附加费"]),
    ("transitDays", Scope::Service, &["transitdays", "时效天数", "时效"]),
];

/// The card fields of the Info sheet.
struct CardInfo {
    id: String,
    version: Option<String>,
    carrier: String,
    carrier_name: Option<String>,
    currency: String,
    weight_unit: WeightUnit,
    dim_unit: LengthUnit,
    price_type: Option<PriceType>,
    bracket_rule: BracketRule,
    effective: Period,
    source: Option<String>,
    illustrative: bool,
    sell_only: bool,
    hash: Option<String>,
}

/// One service column of the Info sheet.
struct SvcInfo {
    code: String,
    loc: String,
    name: String,
    price_type: Option<PriceType>,
    effective: Option<Period>,
    bracket_rule: Option<BracketRule>,
    zones: OneOrMany<String>,
    fallback_zones: Option<Vec<String>>,
    key: TableKey,
    cubic: Option<CubicDef>,
    billable: BillableDef,
    min_charge: Option<Decimal>,
    max_charge: Option<Decimal>,
    surcharges: Vec<String>,
    transit_days: Option<Vec<Option<u32>>>,
    /// Cell of transitDays, for the count check.
    transit_loc: String,
}

struct Info {
    card: CardInfo,
    services: Vec<SvcInfo>,
}

fn price_type(s: &str) -> std::result::Result<PriceType, String> {
    match s.to_lowercase().as_str() {
        "retail" | "零售" => Ok(PriceType::Retail),
        "commercial" | "商业" => Ok(PriceType::Commercial),
        "contract" | "协议" | "合同" => Ok(PriceType::Contract),
        _ => Err(format!("{s:?} is not a price type (retail, commercial or contract)")),
    }
}

fn bracket_rule(s: &str) -> std::result::Result<BracketRule, String> {
    match norm(s).as_str() {
        "notover" | "不超过" => Ok(BracketRule::NotOver),
        "under" | "不含上限" => Ok(BracketRule::Under),
        _ => Err(format!("{s:?} is not a bracket rule (notOver or under)")),
    }
}

/// The value of an Info key in a column, parsed; errors at the cell.
fn parse_key<T>(
    g: &Grid<'_>,
    keys: &BTreeMap<&'static str, usize>,
    name: &str,
    col: usize,
    f: impl Fn(&str) -> std::result::Result<T, String>,
) -> Result<Option<T>> {
    let Some(&r) = keys.get(name) else { return Ok(None) };
    match g.text(r, col)? {
        None => Ok(None),
        Some(t) => f(&t).map(Some).map_err(|m| g.err(r, col, m)),
    }
}

fn read_info(g: &Grid<'_>, prov: &mut Provenance) -> Result<Info> {
    // key name → row
    let mut keys: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut first = true;
    for r in 0..g.nrows() {
        if g.skip(r) {
            continue;
        }
        let Some(k) = g.text(r, 0)? else {
            return Err(g.err(r, 0, "this row has values but no field name in column A"));
        };
        let n = norm(&k);
        if first {
            first = false;
            if ["field", "key", "字段", "项目"].contains(&n.as_str()) {
                continue;
            }
        }
        let Some((name, scope, _)) = INFO_KEYS.iter().find(|(_, _, a)| a.contains(&n.as_str())) else {
            return Err(g.err(r, 0, format!("{k:?} is not a field of the base-info sheet (see the Readme sheet)")));
        };
        if let Some(prev) = keys.insert(name, r) {
            return Err(g.err(r, 0, format!("{name} is given twice (also in row {})", prev + 1)));
        }
        if *scope == Scope::Card && g.ncols(r) > 2 {
            return Err(g.err(
                r,
                g.ncols(r) - 1,
                format!("{name} is a field of the card: give one value, in column B"),
            ));
        }
    }
    let card_text = |name: &str| -> Result<Option<String>> {
        match keys.get(name) {
            None => Ok(None),
            Some(&r) => g.text(r, 1),
        }
    };
    let card_free = |name: &str| -> Result<Option<String>> {
        match keys.get(name) {
            None => Ok(None),
            Some(&r) => g.free_text(r, 1),
        }
    };
    let loc_of =
        |name: &str, col: usize| keys.get(name).map(|&r| g.loc(r, col)).unwrap_or_else(|| g.name().to_string());
    if let Some(f) = card_text("format")? {
        if f != FORMAT_V1 {
            return Err(Error::new(
                ErrorCode::UnsupportedFormat,
                loc_of("format", 1),
                format!("{f:?} is not a format this zonerate reads (expected {FORMAT_V1:?})"),
            ));
        }
    }
    let required = |name: &str| -> Result<String> {
        card_text(name)?.ok_or_else(|| match keys.get(name) {
            Some(&r) => g.err(r, 1, format!("{name} is required")),
            None => Error::new(ErrorCode::InvalidWorkbook, g.name(), format!("the base-info sheet has no {name} row")),
        })
    };
    let id = required("id")?;
    let carrier = required("carrier")?;
    let weight_unit = parse_key(g, &keys, "weightUnit", 1, WeightUnit::from_str)?.unwrap_or(WeightUnit::Lb);
    let dim_unit = parse_key(g, &keys, "dimUnit", 1, LengthUnit::from_str)?.unwrap_or(LengthUnit::In);
    let pt = parse_key(g, &keys, "priceType", 1, price_type)?;
    let rule = parse_key(g, &keys, "bracketRule", 1, bracket_rule)?.unwrap_or_default();
    let date_of = |name: &str, col: usize| -> Result<Option<Date>> {
        match keys.get(name) {
            None => Ok(None),
            Some(&r) => g.date(r, col),
        }
    };
    let bool_of = |name: &str| -> Result<bool> {
        match keys.get(name) {
            None => Ok(false),
            Some(&r) => Ok(g.boolean(r, 1)?.unwrap_or(false)),
        }
    };
    for (name, path) in [
        ("id", "id"),
        ("carrier", "carrier"),
        ("currency", "currency"),
        ("effectiveFrom", "effective"),
        ("effectiveTo", "effective.to"),
        ("format", "format"),
        ("hash", "hash"),
    ] {
        if keys.contains_key(name) {
            prov.add(path, loc_of(name, 1));
        }
    }
    let card = CardInfo {
        id,
        version: card_text("version")?,
        carrier,
        carrier_name: card_free("carrierName")?,
        currency: card_text("currency")?.unwrap_or_else(|| "USD".to_string()),
        weight_unit,
        dim_unit,
        price_type: pt,
        bracket_rule: rule,
        effective: Period { from: date_of("effectiveFrom", 1)?, to: date_of("effectiveTo", 1)? },
        source: card_free("source")?,
        illustrative: bool_of("illustrative")?,
        sell_only: bool_of("sellOnly")?,
        hash: card_text("hash")?,
    };

    // Services: one column per service, from B.
    let service_keys: Vec<(&str, usize)> = INFO_KEYS
        .iter()
        .filter(|(_, s, _)| *s == Scope::Service)
        .filter_map(|(n, _, _)| keys.get(n).map(|r| (*n, *r)))
        .collect();
    let mut services = Vec::new();
    if service_keys.is_empty() {
        return Ok(Info { card, services });
    }
    let Some(&code_row) = keys.get("serviceCode") else {
        let (name, r) = service_keys.first().copied().unwrap_or(("serviceName", 0));
        return Err(g.err(r, 0, format!("{name} is a service field, but the sheet has no serviceCode row")));
    };
    let n = g.ncols(code_row).saturating_sub(1);
    if n == 0 {
        return Err(g.err(code_row, 1, "serviceCode is required (one column per service, from column B)"));
    }
    for (name, r) in &service_keys {
        if g.ncols(*r) > n + 1 {
            return Err(g.err(
                *r,
                g.ncols(*r) - 1,
                format!("{name} has more values than there are services ({n} in the serviceCode row)"),
            ));
        }
    }
    for i in 0..n {
        let col = i + 1;
        let text = |name: &str| -> Result<Option<String>> {
            match keys.get(name) {
                None => Ok(None),
                Some(&r) => g.text(r, col),
            }
        };
        let at = |name: &str| keys.get(name).copied().unwrap_or(code_row);
        let fail = |name: &str, m: String| g.err(at(name), col, m);
        let code = g.required_text(code_row, col, "serviceCode")?;
        if services.iter().any(|s: &SvcInfo| s.code == code) {
            return Err(g.err(code_row, col, format!("service {code:?} is given twice")));
        }
        let name = match keys.get("serviceName") {
            Some(&r) => g.free_text(r, col)?,
            None => None,
        }
        .ok_or_else(|| fail("serviceName", format!("serviceName of {code:?} is required")))?;
        let zones_text =
            text("zoneTables")?.ok_or_else(|| fail("zoneTables", format!("zoneTables of {code:?} is required")))?;
        let zl = list(&zones_text);
        let zones = if zl.len() == 1 && !zones_text.trim_end().ends_with(',') {
            OneOrMany::One(zl.into_iter().next().unwrap_or_default())
        } else {
            OneOrMany::Many(zl)
        };
        let fallback_zones = text("fallbackZoneTables")?.map(|t| if t == "[]" { Vec::new() } else { list(&t) });
        let dec = |name: &str, money: bool| -> Result<Option<Decimal>> {
            match keys.get(name) {
                None => Ok(None),
                Some(&r) => g.dec(r, col, money),
            }
        };
        let rounding = |name: &str| -> Result<Option<Rounding>> {
            text(name)?.map(|t| parse_rounding(&t).map_err(|m| fail(name, m))).transpose()
        };
        let divisor = dec("dimDivisor", false)?;
        let threshold = dec("dimThreshold", false)?;
        let dim_rounding = rounding("dimRounding")?;
        let result_rounding = rounding("dimResultRounding")?;
        let dim_zones = text("dimZones")?.map(|t| if t == "[]" { Vec::new() } else { list(&t) });
        let dim_weight = match divisor {
            Some(divisor) => Some(DimWeightDef { divisor, threshold, dim_rounding, result_rounding, zones: dim_zones }),
            None => {
                for k in ["dimThreshold", "dimRounding", "dimResultRounding", "dimZones"] {
                    if text(k)?.is_some() {
                        return Err(fail(k, format!("{k} needs a dimDivisor for {code:?}")));
                    }
                }
                None
            }
        };
        let rounding_bands = match text("weightRounding")? {
            Some(t) => parse_weight_rounding(&t).map_err(|m| fail("weightRounding", m))?,
            None => Vec::new(),
        };
        let key = match text("tableKey")? {
            None => TableKey::Weight,
            Some(t) => match norm(&t).as_str() {
                "weight" | "重量" => TableKey::Weight,
                "cubic" | "立方" | "体积" => TableKey::Cubic,
                _ => return Err(fail("tableKey", format!("{t:?} is not a table key (weight or cubic)"))),
            },
        };
        let cubic = match (rounding("cubicDimRounding")?, rounding("cubicTierRounding")?) {
            (Some(dim_rounding), Some(tier_rounding)) => Some(CubicDef { dim_rounding, tier_rounding }),
            (None, None) => None,
            (None, Some(_)) => return Err(fail("cubicTierRounding", "give cubicDimRounding as well".into())),
            (Some(_), None) => return Err(fail("cubicDimRounding", "give cubicTierRounding as well".into())),
        };
        let pt = parse_key(g, &keys, "servicePriceType", col, price_type)?;
        let rule = parse_key(g, &keys, "serviceBracketRule", col, bracket_rule)?;
        let from = date_of("serviceEffectiveFrom", col)?;
        let to = date_of("serviceEffectiveTo", col)?;
        let effective = (from.is_some() || to.is_some()).then_some(Period { from, to });
        let transit_days = match text("transitDays")? {
            None => None,
            Some(t) => Some(
                t.split([',', '，'])
                    .map(|x| {
                        let x = x.trim();
                        if x.is_empty() || x == "-" {
                            Ok(None)
                        } else {
                            x.parse::<u32>().map(Some).map_err(|_| {
                                fail(
                                    "transitDays",
                                    format!("{x:?} is not a whole number of days (use - where unknown)"),
                                )
                            })
                        }
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
        };
        let surcharges = text("surcharges")?.map(|t| list(&t)).unwrap_or_default();
        let p = format!("services[{i}]");
        prov.add(p.clone(), g.loc(code_row, col));
        for (k, field) in [
            ("serviceName", "name"),
            ("zoneTables", "zones"),
            ("dimDivisor", "billable.dimWeight"),
            ("dimThreshold", "billable.dimWeight.threshold"),
            ("dimRounding", "billable.dimWeight.dimRounding"),
            ("dimResultRounding", "billable.dimWeight.resultRounding"),
            ("weightRounding", "billable.rounding"),
            ("minCharge", "minCharge"),
            ("maxCharge", "maxCharge"),
            ("surcharges", "surcharges"),
            ("transitDays", "transitDays"),
            ("tableKey", "table.key"),
            ("cubicDimRounding", "table.cubic"),
            ("serviceEffectiveFrom", "effective"),
        ] {
            if keys.contains_key(k) {
                prov.add(format!("{p}.{field}"), g.loc(at(k), col));
            }
        }
        services.push(SvcInfo {
            loc: g.loc(code_row, col),
            transit_loc: g.loc(at("transitDays"), col),
            code,
            name,
            price_type: pt,
            effective,
            bracket_rule: rule,
            zones,
            fallback_zones,
            key,
            cubic,
            billable: BillableDef { dim_weight, rounding: rounding_bands },
            min_charge: dec("minCharge", true)?,
            max_charge: dec("maxCharge", true)?,
            surcharges,
            transit_days,
        });
    }
    Ok(Info { card, services })
}

// ---------------------------------------------------------------------------------------
// Price rows

struct Ctx<'a> {
    codes: &'a [String],
}

impl Ctx<'_> {
    /// The service of a row: its `service` cell, else the previous row's, else the only
    /// service of the card.
    fn service(&self, g: &Grid<'_>, h: &Header, r: usize, prev: Option<usize>) -> Result<usize> {
        match h.col("service") {
            Some(c) => match g.text(r, c)? {
                Some(code) => self.codes.iter().position(|x| *x == code).ok_or_else(|| {
                    g.err(
                        r,
                        c,
                        format!(
                            "{code:?} is not a service of the base-info sheet (serviceCode: {})",
                            self.codes.join(", ")
                        ),
                    )
                }),
                None => prev.ok_or_else(|| g.err(r, c, "the service is missing")),
            },
            None => match self.codes {
                [_] => Ok(0),
                [] => Err(g.err(r, 0, "the base-info sheet names no service (serviceCode row)")),
                _ => Err(g.err(
                    h.row,
                    0,
                    format!("the card has {} services: add a service column (first column)", self.codes.len()),
                )),
            },
        }
    }
}

/// A row of a service's table and where it was read.
struct BuiltRow {
    def: RowDef,
    loc: String,
    /// (path below the row, cell) for compile errors.
    cells: Vec<(String, String)>,
}

#[derive(Default)]
struct SvcRows {
    /// The table's zone columns and where they were first given.
    zones: Option<(Vec<String>, String)>,
    rows: Vec<BuiltRow>,
    special: Vec<(SpecialRowDef, String)>,
}

impl SvcRows {
    fn use_zones(&mut self, zones: &[String], loc: String, code: &str) -> Result<()> {
        match &self.zones {
            None => {
                self.zones = Some((zones.to_vec(), loc));
                Ok(())
            }
            Some((z, _)) if z.as_slice() == zones => Ok(()),
            Some((z, at)) => Err(Error::new(
                ErrorCode::InvalidWorkbook,
                loc,
                format!(
                    "the zone columns ({}) differ from those of {code:?} in {at} ({}): every sheet must list the same zones in the same order",
                    zones.join(", "),
                    z.join(", ")
                ),
            )),
        }
    }
}

fn is_header(g: &Grid<'_>, r: usize, known: Known) -> Result<bool> {
    let Some(c) = (0..g.ncols(r)).find(|&c| !g.cell(r, c).is_blank()) else { return Ok(false) };
    Ok(match g.text(r, c)? {
        Some(t) => known_name(known, &t).is_some(),
        None => false,
    })
}

/// 总价表 and 单价表: blocks of `service | upTo | zone…` headers and rows.
fn read_grid_rows(g: &Grid<'_>, ctx: &Ctx<'_>, out: &mut [SvcRows], mode: RowMode) -> Result<()> {
    let mut header: Option<Header> = None;
    let mut prev = None;
    for r in 0..g.nrows() {
        if g.skip(r) {
            continue;
        }
        if is_header(g, r, FLAT_COLS)? {
            header = Some(read_header(g, r, FLAT_COLS, true, &["upTo"])?);
            prev = None;
            continue;
        }
        let Some(h) = &header else {
            return Err(g.err(r, 0, "no header row above this row (service | upTo | one column per zone)"));
        };
        no_stray_cells(g, h, r)?;
        let si = ctx.service(g, h, r, prev)?;
        prev = Some(si);
        let up_col = h.col("upTo").unwrap_or(0);
        let up_to = g.weight(r, up_col)?;
        let mut prices = Vec::with_capacity(h.zones.len());
        let mut cells = Vec::new();
        for (k, (c, _)) in h.zones.iter().enumerate() {
            prices.push(g.price(r, *c)?);
            cells.push((format!("prices[{k}]"), g.loc(r, *c)));
        }
        let labels: Vec<String> = h.zones.iter().map(|(_, l)| l.clone()).collect();
        let code = ctx.codes.get(si).cloned().unwrap_or_default();
        let Some(svc) = out.get_mut(si) else { continue };
        svc.use_zones(&labels, g.loc(h.row, h.zones.first().map_or(0, |z| z.0)), &code)?;
        svc.rows.push(BuiltRow {
            def: RowDef { up_to, mode, prices: Some(prices.into()), ..Default::default() },
            loc: g.loc(r, up_col),
            cells,
        });
    }
    Ok(())
}

/// Special rows: `service | code | label | when | zone…`.
fn read_special(g: &Grid<'_>, ctx: &Ctx<'_>, out: &mut [SvcRows]) -> Result<()> {
    let mut header: Option<Header> = None;
    let mut prev = None;
    for r in 0..g.nrows() {
        if g.skip(r) {
            continue;
        }
        if is_header(g, r, SPECIAL_COLS)? {
            header = Some(read_header(g, r, SPECIAL_COLS, true, &["code", "when"])?);
            prev = None;
            continue;
        }
        let Some(h) = &header else {
            return Err(g.err(
                r,
                0,
                "no header row above this row (service | code | label | when | one column per zone)",
            ));
        };
        no_stray_cells(g, h, r)?;
        let si = ctx.service(g, h, r, prev)?;
        prev = Some(si);
        let cc = h.col("code").unwrap_or(0);
        let code = g.required_text(r, cc, "code")?;
        let label = match h.col("label") {
            Some(c) => g.free_text(r, c)?,
            None => None,
        };
        let wc = h.col("when").unwrap_or(0);
        let when_text = g.required_text(r, wc, "the condition (when)")?;
        let when = cond::parse(&when_text).map_err(|m| g.err(r, wc, m))?;
        let mut prices = Vec::with_capacity(h.zones.len());
        for (c, _) in &h.zones {
            prices.push(g.price(r, *c)?);
        }
        let labels: Vec<String> = h.zones.iter().map(|(_, l)| l.clone()).collect();
        let scode = ctx.codes.get(si).cloned().unwrap_or_default();
        let Some(svc) = out.get_mut(si) else { continue };
        svc.use_zones(&labels, g.loc(h.row, h.zones.first().map_or(0, |z| z.0)), &scode)?;
        svc.special.push((SpecialRowDef { code, label, when, prices: prices.into() }, g.loc(r, cc)));
    }
    Ok(())
}

/// A typed reader of one cell (`Grid::price`, `Grid::weight`, …).
type CellReader = dyn Fn(&Grid<'_>, usize, usize) -> Result<Option<Decimal>>;

/// One line of the continuation sheet: one zone of a step row or of a tier.
struct ContLine {
    r: usize,
    zone: String,
    zone_col: usize,
    first: Option<Decimal>,
    first_price: Option<Decimal>,
    step: Option<Decimal>,
    step_price: Option<Decimal>,
    over: Option<Decimal>,
    tier_up_to: Option<Decimal>,
}

struct ContGroup {
    service: usize,
    up_to: Option<Decimal>,
    loc: String,
    lines: Vec<ContLine>,
}

/// 续重价表: one line per zone of each step row, or per zone of each tier of a
/// progressive row (lines with `over`).
fn read_continuation(g: &Grid<'_>, ctx: &Ctx<'_>, out: &mut [SvcRows]) -> Result<()> {
    let Some(hr) = first_row(g) else { return Ok(()) };
    let h = read_header(g, hr, CONT_COLS, false, &["zone", "stepPrice"])?;
    let col = |n: &str| h.col(n);
    let dec_at = |r: usize, n: &str, f: &CellReader| -> Result<Option<Decimal>> {
        match col(n) {
            Some(c) => f(g, r, c),
            None => Ok(None),
        }
    };
    let mut groups: Vec<ContGroup> = Vec::new();
    let mut prev = None;
    for r in hr + 1..g.nrows() {
        if g.skip(r) {
            continue;
        }
        no_stray_cells(g, &h, r)?;
        let si = ctx.service(g, &h, r, prev)?;
        prev = Some(si);
        let up_to = dec_at(r, "upTo", &|g, r, c| g.weight(r, c))?;
        let zc = col("zone").unwrap_or(0);
        let zone = zone_label(&g.required_text(r, zc, "the zone")?);
        let line = ContLine {
            r,
            zone,
            zone_col: zc,
            first: dec_at(r, "first", &|g, r, c| g.weight0(r, c))?,
            first_price: dec_at(r, "firstPrice", &|g, r, c| g.price(r, c))?,
            step: dec_at(r, "step", &|g, r, c| g.dec(r, c, false))?,
            step_price: dec_at(r, "stepPrice", &|g, r, c| g.price(r, c))?,
            over: dec_at(r, "over", &|g, r, c| g.weight0(r, c))?,
            tier_up_to: dec_at(r, "tierUpTo", &|g, r, c| g.weight(r, c))?,
        };
        match groups.iter_mut().find(|x| x.service == si && x.up_to == up_to) {
            Some(x) => x.lines.push(line),
            None => groups.push(ContGroup {
                service: si,
                up_to,
                loc: g.loc(r, col("upTo").unwrap_or(zc)),
                lines: vec![line],
            }),
        }
    }
    for grp in groups {
        let code = ctx.codes.get(grp.service).cloned().unwrap_or_default();
        let Some(svc) = out.get_mut(grp.service) else { continue };
        let tiers = grp.lines.iter().any(|l| l.over.is_some());
        let Some(first_line) = grp.lines.first() else { continue };
        // Zones: the table's, or those of this group in order of appearance.
        if svc.zones.is_none() {
            let mut labels: Vec<String> = Vec::new();
            for l in &grp.lines {
                if !labels.contains(&l.zone) {
                    labels.push(l.zone.clone());
                }
            }
            svc.use_zones(&labels, g.loc(first_line.r, first_line.zone_col), &code)?;
        }
        let zones = svc.zones.as_ref().map(|z| z.0.clone()).unwrap_or_default();
        let zones_at = svc.zones.as_ref().map(|z| z.1.clone()).unwrap_or_default();
        let col_of = |l: &ContLine| -> Result<usize> {
            zones.iter().position(|z| *z == l.zone).ok_or_else(|| {
                g.err(
                    l.r,
                    l.zone_col,
                    format!(
                        "zone {:?} is not a zone of {code:?}'s table ({}, from {zones_at})",
                        l.zone,
                        zones.join(", ")
                    ),
                )
            })
        };
        let cell = |l: &ContLine, name: &str| g.loc(l.r, col(name).unwrap_or(l.zone_col));
        if tiers {
            if let Some(l) = grp.lines.iter().find(|l| l.over.is_none()) {
                return Err(g.err(
                    l.r,
                    col("over").unwrap_or(0),
                    "other lines of this row have `over` (excess tiers): give `over` on every line of a progressive row",
                ));
            }
            if let Some(l) = grp.lines.iter().find(|l| l.first.is_some() || l.first_price.is_some()) {
                let c = if l.first.is_some() { col("first") } else { col("firstPrice") };
                return Err(g.err(
                    l.r,
                    c.unwrap_or(0),
                    "a tier line (with `over`) takes no first weight or first price: P(T) is the flat row ending at the first tier's `over`",
                ));
            }
            // Tiers by `over`, in order of appearance.
            let mut tier_lines: Vec<(Decimal, Vec<&ContLine>)> = Vec::new();
            for l in &grp.lines {
                let over = l.over.unwrap_or_default();
                match tier_lines.iter_mut().find(|(o, _)| *o == over) {
                    Some((_, v)) => v.push(l),
                    None => tier_lines.push((over, vec![l])),
                }
            }
            let mut tiers_def = Vec::new();
            let mut cells = Vec::new();
            for (k, (over, lines)) in tier_lines.iter().enumerate() {
                let lead = lines.first().copied().unwrap_or(first_line);
                let up_to = lead.tier_up_to;
                if let Some(l) = lines.iter().find(|l| l.tier_up_to != up_to) {
                    return Err(g.err(
                        l.r,
                        col("tierUpTo").unwrap_or(0),
                        "every line of a tier needs the same tierUpTo",
                    ));
                }
                let steps: Vec<Decimal> = lines.iter().filter_map(|l| l.step).collect();
                let step = match steps.as_slice() {
                    [] => return Err(g.err(lead.r, col("step").unwrap_or(0), "the tier's step is required")),
                    [s, rest @ ..] if rest.iter().all(|x| x == s) => *s,
                    _ => {
                        return Err(g.err(
                            lead.r,
                            col("step").unwrap_or(0),
                            "a tier has one step for every zone: give the same step on each of its lines",
                        ))
                    }
                };
                let mut prices: Vec<Option<Decimal>> = vec![None; zones.len()];
                for l in lines {
                    let j = col_of(l)?;
                    if prices.get(j).is_some_and(Option::is_some) {
                        return Err(g.err(l.r, l.zone_col, format!("zone {:?} is given twice for this tier", l.zone)));
                    }
                    let sp = l
                        .step_price
                        .ok_or_else(|| g.err(l.r, col("stepPrice").unwrap_or(0), "stepPrice is required"))?;
                    if let Some(slot) = prices.get_mut(j) {
                        *slot = Some(sp);
                    }
                    cells.push((format!("tiers[{k}].stepPrice[{j}]"), cell(l, "stepPrice")));
                }
                cells.push((format!("tiers[{k}].step"), cell(lead, "step")));
                cells.push((format!("tiers[{k}]"), cell(lead, "over")));
                let mut step_price = Vec::with_capacity(zones.len());
                for (j, p) in prices.into_iter().enumerate() {
                    step_price.push(p.ok_or_else(|| {
                        g.err(
                            lead.r,
                            lead.zone_col,
                            format!(
                                "the tier over {over} has no line for zone {:?}",
                                zones.get(j).cloned().unwrap_or_default()
                            ),
                        )
                    })?);
                }
                tiers_def.push(TierDef { over: *over, up_to, step, step_price });
            }
            svc.rows.push(BuiltRow {
                def: RowDef {
                    up_to: grp.up_to,
                    mode: RowMode::Progressive,
                    tiers: Some(tiers_def),
                    ..Default::default()
                },
                loc: grp.loc,
                cells,
            });
        } else {
            let mut by_zone: Vec<Option<&ContLine>> = vec![None; zones.len()];
            for l in &grp.lines {
                if l.tier_up_to.is_some() {
                    return Err(g.err(
                        l.r,
                        col("tierUpTo").unwrap_or(0),
                        "tierUpTo belongs to tier lines (with `over`)",
                    ));
                }
                let j = col_of(l)?;
                match by_zone.get_mut(j) {
                    Some(slot @ None) => *slot = Some(l),
                    _ => return Err(g.err(l.r, l.zone_col, format!("zone {:?} is given twice for this row", l.zone))),
                }
            }
            let mut lines = Vec::with_capacity(zones.len());
            for (j, l) in by_zone.into_iter().enumerate() {
                lines.push(l.ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidWorkbook,
                        grp.loc.clone(),
                        format!(
                            "this continuation row has no line for zone {:?}",
                            zones.get(j).cloned().unwrap_or_default()
                        ),
                    )
                })?);
            }
            // `first` and `step`: once (for every zone) or on every line.
            let one_or_many = |name: &str, get: &dyn Fn(&ContLine) -> Option<Decimal>| -> Result<OneOrMany<Decimal>> {
                let given: Vec<Decimal> = lines.iter().filter_map(|l| get(l)).collect();
                if given.len() == lines.len() && lines.len() > 1 {
                    return Ok(OneOrMany::Many(given));
                }
                match given.as_slice() {
                    [v] => Ok(OneOrMany::One(*v)),
                    [] => Err(Error::new(
                        ErrorCode::InvalidWorkbook,
                        cell(first_line, name),
                        format!("{name} is required"),
                    )),
                    _ => {
                        let blank = lines.iter().find(|l| get(l).is_none()).copied().unwrap_or(first_line);
                        Err(g.err(
                            blank.r,
                            col(name).unwrap_or(0),
                            format!(
                                "give {name} on one line only (one value for every zone) or on every line of the row"
                            ),
                        ))
                    }
                }
            };
            let first = one_or_many("first", &|l| l.first)?;
            let step = one_or_many("step", &|l| l.step)?;
            let mut step_price = Vec::with_capacity(lines.len());
            let mut cells = Vec::new();
            for (j, l) in lines.iter().enumerate() {
                step_price.push(
                    l.step_price.ok_or_else(|| {
                        g.err(l.r, col("stepPrice").unwrap_or(0), "stepPrice is required (0 for none)")
                    })?,
                );
                cells.push((format!("stepPrice[{j}]"), cell(l, "stepPrice")));
                cells.push((format!("firstPrice[{j}]"), cell(l, "firstPrice")));
                if matches!(step, OneOrMany::Many(_)) {
                    cells.push((format!("step[{j}]"), cell(l, "step")));
                }
                if matches!(first, OneOrMany::Many(_)) {
                    cells.push((format!("first[{j}]"), cell(l, "first")));
                }
            }
            if let Some(l) = lines.iter().find(|l| l.step.is_some()) {
                cells.push(("step".into(), cell(l, "step")));
            }
            if let Some(l) = lines.iter().find(|l| l.first.is_some()) {
                cells.push(("first".into(), cell(l, "first")));
            }
            let first_price = lines.iter().map(|l| l.first_price).collect();
            svc.rows.push(BuiltRow {
                def: RowDef {
                    up_to: grp.up_to,
                    mode: RowMode::Step,
                    first: Some(first),
                    first_price: Some(first_price),
                    step: Some(step),
                    step_price: Some(step_price),
                    ..Default::default()
                },
                loc: grp.loc,
                cells,
            });
        }
    }
    Ok(())
}

fn read_limits(g: &Grid<'_>, ctx: &Ctx<'_>, out: &mut [Vec<(LimitDef, String)>]) -> Result<()> {
    let Some(hr) = first_row(g) else { return Ok(()) };
    let h = read_header(g, hr, LIMIT_COLS, false, &["measure", "max"])?;
    let mut prev = None;
    for r in hr + 1..g.nrows() {
        if g.skip(r) {
            continue;
        }
        no_stray_cells(g, &h, r)?;
        let si = ctx.service(g, &h, r, prev)?;
        prev = Some(si);
        let mc = h.col("measure").unwrap_or(0);
        let m = g.required_text(r, mc, "the measure")?;
        let measure = cond::parse_measure(&m).ok_or_else(|| g.err(r, mc, format!("{m:?} is not a measure")))?;
        let xc = h.col("max").unwrap_or(0);
        let max = g.dec(r, xc, false)?.ok_or_else(|| g.err(r, xc, "max is required"))?;
        let code = match h.col("code") {
            Some(c) => g.text(r, c)?,
            None => None,
        };
        let message = match h.col("message") {
            Some(c) => g.free_text(r, c)?,
            None => None,
        };
        if let Some(v) = out.get_mut(si) {
            v.push((LimitDef { measure, max, code, message }, g.loc(r, xc)));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Surcharges, ZIP sets

struct SurchargeIn {
    def: SurchargeDef,
    loc: String,
}

fn charge_type(s: &str) -> std::result::Result<ChargeType, String> {
    match norm(s).as_str() {
        "flat" | "固定" => Ok(ChargeType::Flat),
        "perzone" | "按分区" => Ok(ChargeType::PerZone),
        "perweight" | "按重量" => Ok(ChargeType::PerWeight),
        "percent" | "百分比" => Ok(ChargeType::Percent),
        "table" | "价格表" => Ok(ChargeType::Table),
        "valuetiers" | "按货值" => Ok(ChargeType::ValueTiers),
        _ => Err(format!("{s:?} is not a charge type (flat, perZone, perWeight, percent, table, valueTiers)")),
    }
}

/// `300=2.80; 1000=7.50; *=15.00`.
fn parse_value_tiers(s: &str) -> std::result::Result<Vec<ChargeRowDef>, String> {
    let mut out = Vec::new();
    for part in s.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (u, a) =
            part.split_once('=').ok_or_else(|| format!("{part:?}: write tiers as upTo=amount; …; *=amount"))?;
        let (u, a) = (u.trim(), a.trim());
        let up_to = if u.is_empty() || u == "*" {
            None
        } else {
            Some(parse_decimal(u).ok_or_else(|| format!("{u:?} is not a number"))?)
        };
        let amount = parse_decimal(a).ok_or_else(|| format!("{a:?} is not an amount"))?;
        out.push(ChargeRowDef { up_to, amounts: None, amount: Some(amount) });
    }
    Ok(out)
}

fn read_surcharges(g: &Grid<'_>) -> Result<Vec<SurchargeIn>> {
    let Some(hr) = first_row(g) else { return Ok(Vec::new()) };
    let h = read_header(g, hr, SURCHARGE_COLS, false, &["code", "type"])?;
    let mut out: Vec<SurchargeIn> = Vec::new();
    for r in hr + 1..g.nrows() {
        if g.skip(r) {
            continue;
        }
        no_stray_cells(g, &h, r)?;
        let text = |n: &str| -> Result<Option<String>> {
            match h.col(n) {
                Some(c) => g.text(r, c),
                None => Ok(None),
            }
        };
        let at = |n: &str| h.col(n).unwrap_or(0);
        let dec = |n: &str, money: bool| -> Result<Option<Decimal>> {
            match h.col(n) {
                Some(c) => g.dec(r, c, money),
                None => Ok(None),
            }
        };
        let code = g.required_text(r, at("code"), "the surcharge code")?;
        if out.iter().any(|s| s.def.code == code) {
            return Err(g.err(r, at("code"), format!("surcharge {code:?} is defined twice")));
        }
        let label = match h.col("label") {
            Some(c) => g.free_text(r, c)?,
            None => None,
        }
        .ok_or_else(|| g.err(r, at("label"), "the label is required"))?;
        let when = text("when")?.map(|t| cond::parse(&t).map_err(|m| g.err(r, at("when"), m))).transpose()?;
        let kind_text = g.required_text(r, at("type"), "the charge type")?;
        let kind = charge_type(&kind_text).map_err(|m| g.err(r, at("type"), m))?;
        let unit = text("unit")?.map(|t| WeightUnit::from_str(&t).map_err(|m| g.err(r, at("unit"), m))).transpose()?;
        let amounts = match text("amounts")? {
            None => None,
            Some(t) => Some(
                t.split([',', '，'])
                    .map(|x| {
                        let x = x.trim();
                        if x.is_empty() {
                            Ok(None)
                        } else {
                            parse_decimal(x)
                                .map(Some)
                                .ok_or_else(|| g.err(r, at("amounts"), format!("{x:?} is not an amount")))
                        }
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
        };
        let rows = text("tiers")?.map(|t| parse_value_tiers(&t).map_err(|m| g.err(r, at("tiers"), m))).transpose()?;
        let from = match h.col("effectiveFrom") {
            Some(c) => g.date(r, c)?,
            None => None,
        };
        let to = match h.col("effectiveTo") {
            Some(c) => g.date(r, c)?,
            None => None,
        };
        let def = SurchargeDef {
            code,
            label,
            when,
            charge: ChargeDef {
                kind,
                amount: dec("amount", true)?,
                percent: dec("percent", false)?,
                of: text("of")?.map(|t| list(&t)),
                zones: text("zones")?.map(|t| list(&t)),
                amounts: amounts.map(Into::into),
                rows,
                unit,
            },
            group: text("group")?,
            effective: (from.is_some() || to.is_some()).then_some(Period { from, to }),
            min_billable_weight: dec("minBillableWeight", false)?,
        };
        out.push(SurchargeIn { def, loc: g.loc(r, at("code")) });
    }
    Ok(out)
}

/// Grids of `table` surcharges: `surcharge | upTo | zone…`.
fn read_surcharge_tables(g: &Grid<'_>, out: &mut [SurchargeIn]) -> Result<()> {
    let mut header: Option<Header> = None;
    let mut prev: Option<usize> = None;
    for r in 0..g.nrows() {
        if g.skip(r) {
            continue;
        }
        if is_header(g, r, STABLE_COLS)? {
            header = Some(read_header(g, r, STABLE_COLS, true, &["surcharge", "upTo"])?);
            prev = None;
            continue;
        }
        let Some(h) = &header else {
            return Err(g.err(r, 0, "no header row above this row (surcharge | upTo | one column per zone)"));
        };
        no_stray_cells(g, h, r)?;
        let sc = h.col("surcharge").unwrap_or(0);
        let i = match g.text(r, sc)? {
            Some(code) => out.iter().position(|s| s.def.code == code).ok_or_else(|| {
                g.err(r, sc, format!("{code:?} is not a surcharge of the {} sheet", SheetKind::Surcharges.title()))
            })?,
            None => prev.ok_or_else(|| g.err(r, sc, "the surcharge is missing"))?,
        };
        prev = Some(i);
        let up_to = g.weight(r, h.col("upTo").unwrap_or(0))?;
        let mut amounts = Vec::with_capacity(h.zones.len());
        for (c, _) in &h.zones {
            amounts.push(g.price(r, *c)?);
        }
        let labels: Vec<String> = h.zones.iter().map(|(_, l)| l.clone()).collect();
        let Some(s) = out.get_mut(i) else { continue };
        if s.def.charge.kind != ChargeType::Table {
            return Err(g.err(r, sc, format!("surcharge {:?} is not of type table", s.def.code)));
        }
        match &s.def.charge.zones {
            None => s.def.charge.zones = Some(labels),
            Some(z) if *z == labels => {}
            Some(_) if s.def.charge.rows.is_none() => {
                return Err(g.err(
                    h.row,
                    h.zones.first().map_or(0, |z| z.0),
                    format!("the zones of table surcharge {:?} differ from its zones column in the {} sheet (leave that column empty)", s.def.code, SheetKind::Surcharges.title()),
                ))
            }
            Some(_) => {
                return Err(g.err(h.row, h.zones.first().map_or(0, |z| z.0), "every block of one surcharge must list the same zones"))
            }
        }
        s.def.charge.rows.get_or_insert_with(Vec::new).push(ChargeRowDef {
            up_to,
            amounts: Some(amounts.into()),
            amount: None,
        });
    }
    Ok(())
}

fn read_zip_sets(g: &Grid<'_>, prov: &mut Provenance) -> Result<VecMap<String>> {
    let mut out: VecMap<String> = VecMap::new();
    let Some(hr) = first_row(g) else { return Ok(out) };
    let h = read_header(g, hr, ZIPSET_COLS, false, &["name", "zips"])?;
    for r in hr + 1..g.nrows() {
        if g.skip(r) {
            continue;
        }
        no_stray_cells(g, &h, r)?;
        let name = g.required_text(r, h.col("name").unwrap_or(0), "the set's name")?;
        let zc = h.col("zips").unwrap_or(0);
        let zips = g.zip_text(r, zc, 5)?.unwrap_or_default();
        if let Err(m) = crate::zip::ZipPattern::parse_list(&zips) {
            return Err(g.err(r, zc, m));
        }
        match out.get_mut(&name) {
            Some(v) => {
                v.push(' ');
                v.push_str(&zips);
            }
            None => {
                prov.add(format!("zipSets.{name}"), g.loc(r, zc));
                out.insert(name, zips);
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Zone tables

struct TableSpec {
    kind: Option<ZoneKind>,
    labels: Option<Vec<String>>,
    effective: Option<Period>,
    warning: Option<String>,
    loc: String,
}

/// Numbers first by value, then text.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => std::cmp::Ordering::Less,
        (Err(_), Ok(_)) => std::cmp::Ordering::Greater,
        _ => a.cmp(b),
    }
}

fn zip3_range(t: &str) -> Option<(u32, u32, bool)> {
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let (a, b) = t.split_once('-').map_or((t, t), |(a, b)| (a.trim(), b.trim()));
    if !digits(a) || !digits(b) || a.len() != b.len() || !(a.len() == 3 || a.len() == 5) {
        return None;
    }
    let (x, y) = (a.parse().ok()?, b.parse().ok()?);
    (x <= y).then_some((x, y, a.len() == 5))
}

struct ZoneRow {
    r: usize,
    origin: String,
    dest: String,
    zone: String,
}

fn read_zone_tables(sheets: &Sheets<'_>, prov: &mut Provenance) -> Result<VecMap<ZoneTableDef>> {
    let mut specs: BTreeMap<String, TableSpec> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    if let Some(s) = sheets.by_kind.get(&SheetKind::ZoneTables) {
        let g = Grid { s };
        if let Some(hr) = first_row(&g) {
            let h = read_header(&g, hr, ZONETABLE_COLS, false, &["table"])?;
            for r in hr + 1..g.nrows() {
                if g.skip(r) {
                    continue;
                }
                no_stray_cells(&g, &h, r)?;
                let tc = h.col("table").unwrap_or(0);
                let name = g.required_text(r, tc, "the table's name")?;
                if specs.contains_key(&name) {
                    return Err(g.err(r, tc, format!("zone table {name:?} is listed twice")));
                }
                let kind = match h.col("kind") {
                    Some(c) => match g.text(r, c)?.map(|t| t.to_lowercase()) {
                        None => None,
                        Some(t) if t == "zip3" => Some(ZoneKind::Zip3),
                        Some(t) if t == "zip5" => Some(ZoneKind::Zip5),
                        Some(t) => return Err(g.err(r, c, format!("{t:?} is not a zone table kind (zip3 or zip5)"))),
                    },
                    None => None,
                };
                let labels = match h.col("labels") {
                    Some(c) => g.text(r, c)?.map(|t| list(&t)),
                    None => None,
                };
                let date = |n: &str| -> Result<Option<Date>> {
                    match h.col(n) {
                        Some(c) => g.date(r, c),
                        None => Ok(None),
                    }
                };
                let (from, to) = (date("effectiveFrom")?, date("effectiveTo")?);
                let warning = match h.col("warning") {
                    Some(c) => g.free_text(r, c)?,
                    None => None,
                };
                order.push(name.clone());
                specs.insert(
                    name,
                    TableSpec {
                        kind,
                        labels,
                        effective: (from.is_some() || to.is_some()).then_some(Period { from, to }),
                        warning,
                        loc: g.loc(r, tc),
                    },
                );
            }
        }
    }
    // Hubs, in order per table.
    let mut hubs: BTreeMap<String, Vec<(HubDef, String)>> = BTreeMap::new();
    let hub_grid = sheets.by_kind.get(&SheetKind::Hubs).map(|s| Grid { s });
    if let Some(g) = &hub_grid {
        if let Some(hr) = first_row(g) {
            let h = read_header(g, hr, HUB_COLS, false, &["table", "hub", "origins"])?;
            for r in hr + 1..g.nrows() {
                if g.skip(r) {
                    continue;
                }
                no_stray_cells(g, &h, r)?;
                let tc = h.col("table").unwrap_or(0);
                let table = g.required_text(r, tc, "the zone table")?;
                let hc = h.col("hub").unwrap_or(0);
                let code = g.required_text(r, hc, "the hub code")?;
                let oc = h.col("origins").unwrap_or(0);
                let origins = g.zip_text(r, oc, 5)?.unwrap_or_default();
                let exclude = match h.col("exclude") {
                    Some(c) => g.zip_text(r, c, 5)?,
                    None => None,
                };
                for (text, c) in [(Some(origins.clone()), oc), (exclude.clone(), h.col("exclude").unwrap_or(0))] {
                    if let Some(t) = text {
                        crate::zip::ZipPattern::parse_list(&t).map_err(|m| g.err(r, c, m))?;
                    }
                }
                if !specs.contains_key(&table) && !order.contains(&table) {
                    order.push(table.clone());
                }
                let list = hubs.entry(table).or_default();
                match list.iter_mut().find(|(x, _)| x.code == code) {
                    Some((x, _)) => {
                        // A continuation row of a long list.
                        if !origins.is_empty() {
                            x.origins = if x.origins.is_empty() { origins } else { format!("{} {origins}", x.origins) };
                        }
                        if let Some(e) = exclude {
                            x.exclude = Some(match x.exclude.take() {
                                Some(p) => format!("{p} {e}"),
                                None => e,
                            });
                        }
                    }
                    None => {
                        if origins.is_empty() {
                            return Err(g.err(r, oc, format!("hub {code:?} needs its origin ZIPs")));
                        }
                        list.push((HubDef { code, origins, zones: VecMap::new(), exclude }, g.loc(r, hc)));
                    }
                }
            }
        }
    }
    // Zone rows.
    let mut rows: BTreeMap<String, Vec<ZoneRow>> = BTreeMap::new();
    let zone_grid = sheets.by_kind.get(&SheetKind::Zones).map(|s| Grid { s });
    let mut first_loc: BTreeMap<String, String> = BTreeMap::new();
    let mut h_cols = (0, 1, 2, 3);
    if let Some(g) = &zone_grid {
        if let Some(hr) = first_row(g) {
            let h = read_header(g, hr, ZONE_COLS, false, &["table", "origin", "destination", "zone"])?;
            h_cols = (
                h.col("table").unwrap_or(0),
                h.col("origin").unwrap_or(0),
                h.col("destination").unwrap_or(0),
                h.col("zone").unwrap_or(0),
            );
            let (tc, oc, dc, zc) = h_cols;
            for r in hr + 1..g.nrows() {
                if g.skip(r) {
                    continue;
                }
                no_stray_cells(g, &h, r)?;
                let table = g.required_text(r, tc, "the zone table")?;
                let origin =
                    g.zip_text(r, oc, 3)?.ok_or_else(|| g.err(r, oc, "the origin (ZIP3 or hub) is required"))?;
                let dest = g.zip_text(r, dc, 3)?.ok_or_else(|| g.err(r, dc, "the destination is required"))?;
                let zone = zone_label(&g.required_text(r, zc, "the zone")?);
                if !specs.contains_key(&table) && !order.contains(&table) {
                    order.push(table.clone());
                }
                first_loc.entry(table.clone()).or_insert_with(|| g.loc(r, tc));
                rows.entry(table).or_default().push(ZoneRow { r, origin, dest, zone });
            }
        }
    }
    let mut out = VecMap::new();
    for name in order {
        let spec = specs.remove(&name);
        let table_rows = rows.remove(&name).unwrap_or_default();
        let table_hubs = hubs.remove(&name).unwrap_or_default();
        let loc = spec
            .as_ref()
            .map(|s| s.loc.clone())
            .or_else(|| first_loc.get(&name).cloned())
            .or_else(|| table_hubs.first().map(|h| h.1.clone()))
            .unwrap_or_default();
        prov.add(format!("zoneTables.{name}"), loc.clone());
        let kind = spec.as_ref().and_then(|s| s.kind).unwrap_or_else(|| {
            if !table_hubs.is_empty() {
                ZoneKind::Zip5
            } else if table_rows
                .first()
                .is_some_and(|z| z.origin.len() == 3 && z.origin.bytes().all(|c| c.is_ascii_digit()))
            {
                ZoneKind::Zip3
            } else {
                ZoneKind::Zip5
            }
        });
        let labels = match spec.as_ref().and_then(|s| s.labels.clone()) {
            Some(l) => l,
            None => {
                let mut l: Vec<String> = Vec::new();
                for z in &table_rows {
                    if !l.contains(&z.zone) {
                        l.push(z.zone.clone());
                    }
                }
                l.sort_by(|a, b| natural(a, b));
                l
            }
        };
        let g = zone_grid.as_ref();
        let zerr = |r: usize, c: usize, m: String| match g {
            Some(g) => g.err(r, c, m),
            None => Error::new(ErrorCode::InvalidWorkbook, loc.clone(), m),
        };
        let (_, oc, dc, zc) = h_cols;
        let label_index = |z: &ZoneRow| -> Result<usize> {
            labels.iter().position(|l| *l == z.zone).ok_or_else(|| {
                zerr(
                    z.r,
                    zc,
                    format!("zone {:?} is not a label of zone table {name:?} ({})", z.zone, labels.join(", ")),
                )
            })
        };
        let (effective, warning) = spec.map(|s| (s.effective, s.warning)).unwrap_or((None, None));
        let def = match kind {
            ZoneKind::Zip3 => {
                if let Some((_, l)) = table_hubs.first() {
                    return Err(Error::new(
                        ErrorCode::InvalidWorkbook,
                        l.clone(),
                        format!("zone table {name:?} is zip3: it has no hubs"),
                    ));
                }
                let mut origins: BTreeMap<String, Vec<u8>> = BTreeMap::new();
                let mut exceptions = Vec::new();
                for z in &table_rows {
                    if z.origin.len() != 3 || !z.origin.bytes().all(|c| c.is_ascii_digit()) {
                        return Err(zerr(
                            z.r,
                            oc,
                            format!("{:?} is not an origin ZIP3 (zone table {name:?} is zip3)", z.origin),
                        ));
                    }
                    let li = label_index(z)?;
                    let (a, b, five) = zip3_range(&z.dest).ok_or_else(|| {
                        zerr(
                            z.r,
                            dc,
                            format!(
                                "{:?} is not a ZIP3 (005), ZIP3 range (005-009), ZIP5 or ZIP5 range (96910-96938)",
                                z.dest
                            ),
                        )
                    })?;
                    if five {
                        exceptions.push(ZoneExceptionDef {
                            origin: z.origin.clone(),
                            from: format!("{a:05}"),
                            to: format!("{b:05}"),
                            zone: z.zone.clone(),
                        });
                        continue;
                    }
                    let chart = origins.entry(z.origin.clone()).or_insert_with(|| vec![b'-'; 1000]);
                    let sym = crate::zones::chart_symbol(li) as u8;
                    for d in a..=b {
                        if let Some(slot) = chart.get_mut(d as usize) {
                            if *slot != b'-' && *slot != sym {
                                return Err(zerr(
                                    z.r,
                                    dc,
                                    format!("destination {d:03} from origin {} is given two zones", z.origin),
                                ));
                            }
                            *slot = sym;
                        }
                    }
                }
                ZoneTableDef {
                    kind,
                    effective,
                    warning,
                    labels: labels.clone(),
                    origins: Some(
                        origins.into_iter().map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned())).collect(),
                    ),
                    exceptions: (!exceptions.is_empty()).then_some(exceptions),
                    hubs: None,
                }
            }
            ZoneKind::Zip5 => {
                let mut hub_defs: Vec<HubDef> = table_hubs.into_iter().map(|(h, _)| h).collect();
                for z in &table_rows {
                    label_index(z)?;
                    let Some(hub) = hub_defs.iter_mut().find(|h| h.code == z.origin) else {
                        return Err(zerr(
                            z.r,
                            oc,
                            format!(
                                "hub {:?} of zone table {name:?} is not in the {} sheet (its origin ZIPs)",
                                z.origin,
                                SheetKind::Hubs.title()
                            ),
                        ));
                    };
                    crate::zip::ZipPattern::parse_list(&z.dest).map_err(|m| zerr(z.r, dc, m))?;
                    match hub.zones.get_mut(&z.zone) {
                        Some(v) => {
                            v.push(' ');
                            v.push_str(&z.dest);
                        }
                        None => {
                            hub.zones.insert(z.zone.clone(), z.dest.clone());
                        }
                    }
                }
                ZoneTableDef {
                    kind,
                    effective,
                    warning,
                    labels: labels.clone(),
                    origins: None,
                    exceptions: None,
                    hubs: Some(hub_defs),
                }
            }
        };
        out.insert(name, def);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Services

fn build_service(
    i: usize,
    svc: SvcInfo,
    mut r: SvcRows,
    limits: Vec<(LimitDef, String)>,
    prov: &mut Provenance,
) -> Result<ServiceDef> {
    let Some((zones, _)) = r.zones.take() else {
        return Err(Error::new(
            ErrorCode::InvalidWorkbook,
            svc.loc.clone(),
            format!(
                "service {:?} has no price rows: give them in {}, {}, {} or {}",
                svc.code,
                SheetKind::Flat.title(),
                SheetKind::Unit.title(),
                SheetKind::Continuation.title(),
                SheetKind::Special.title()
            ),
        ));
    };
    // Rows in order of their bound (the open-ended row last); one row per bound.
    r.rows.sort_by(|a, b| match (a.def.up_to, b.def.up_to) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    for w in r.rows.windows(2) {
        if let [a, b] = w {
            if a.def.up_to == b.def.up_to {
                let bound = a.def.up_to.map_or("no limit".to_string(), |u| u.to_string());
                return Err(Error::new(
                    ErrorCode::OverlappingBrackets,
                    b.loc.clone(),
                    format!("{:?} has two rows up to {bound}: this one and {}", svc.code, a.loc),
                ));
            }
        }
    }
    let p = format!("services[{i}]");
    let mut rows = Vec::with_capacity(r.rows.len());
    for (j, b) in r.rows.into_iter().enumerate() {
        let rp = format!("{p}.table.rows[{j}]");
        prov.add(rp.clone(), b.loc);
        for (sub, loc) in b.cells {
            prov.add(format!("{rp}.{sub}"), loc);
        }
        rows.push(b.def);
    }
    let mut special = Vec::with_capacity(r.special.len());
    for (j, (s, loc)) in r.special.into_iter().enumerate() {
        prov.add(format!("{p}.table.special[{j}]"), loc);
        special.push(s);
    }
    let mut limit_defs = Vec::with_capacity(limits.len());
    for (j, (l, loc)) in limits.into_iter().enumerate() {
        prov.add(format!("{p}.limits[{j}]"), loc);
        limit_defs.push(l);
    }
    if let Some(t) = &svc.transit_days {
        if t.len() != zones.len() {
            return Err(Error::new(
                ErrorCode::ZoneCountMismatch,
                svc.transit_loc.clone(),
                format!(
                    "transitDays has {} entries but {:?} has {} zones ({})",
                    t.len(),
                    svc.code,
                    zones.len(),
                    zones.join(", ")
                ),
            ));
        }
    }
    Ok(ServiceDef {
        code: svc.code,
        name: svc.name,
        price_type: svc.price_type,
        effective: svc.effective,
        bracket_rule: svc.bracket_rule,
        zones: svc.zones,
        fallback_zones: svc.fallback_zones,
        billable: svc.billable,
        limits: limit_defs,
        table: TableDef { key: svc.key, zones, rows, special, cubic: svc.cubic },
        min_charge: svc.min_charge,
        max_charge: svc.max_charge,
        surcharges: svc.surcharges,
        transit_days: svc.transit_days,
    })
}
