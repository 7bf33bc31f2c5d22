//! Zones (§6): USPS-style origin ZIP3 × destination ZIP3 charts with 5-digit exceptions,
//! and regional destination ZIP lists per entry hub. Both compile to dense arrays, so a
//! lookup is one or two array reads.

use crate::card::format::{ZoneKind, ZoneTableDef};
use crate::card::has_at_most;
use crate::date::{Date, Period};
use crate::error::{msg, ErrorCode, QuotedChar, Result};
use crate::json::Path;
use crate::zip::{Zip5, ZipPattern, MAX_ZIP_ENTRIES};
use std::sync::Arc;

/// Most zone labels a table may have (chart characters 1–9 and A–Z).
pub const MAX_LABELS: usize = 35;
/// Most 5-digit exceptions a zip3 table may have.
pub const MAX_EXCEPTIONS: usize = 20_000;
/// Most entry hubs a card may define, over all its zip5 tables (each costs 100 KB).
pub const MAX_HUBS: usize = 100;

/// The messages of the limits above, written out (a test compares them with the limits).
const LABEL_COUNT: &str = "must list 1 to 35 zone labels";
const TOO_MANY_EXCEPTIONS: &str = "exceptions; at most 20000 are allowed";
const TOO_MANY_HUBS: &str = "hubs; at most 100 are allowed";

/// Why a zone could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneMiss {
    /// The table does not serve this origin (no chart row, no hub).
    Origin,
    /// The origin is served but not this destination.
    Destination,
}

/// A compiled zone table.
#[derive(Debug, Clone)]
pub struct ZoneTable {
    name: String,
    effective: Period,
    labels: Vec<String>,
    warning: Option<String>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Zip3 {
        /// Index = origin ZIP3; value = its chart row, 1000 label indices + 1 (0 = not
        /// served; no row: the origin is not served), and its sorted exceptions, each packed
        /// by [`exception`]: one `u64` sorts as (first, last, label + 1) did, with a sort of
        /// plain integers (smaller code). One list for both: one to build, one to drop, one
        /// bounds check to look up.
        origins: Vec<Origin>,
    },
    Zip5 {
        hubs: Vec<Hub>,
    },
}

/// A chart's origin: its row (none when not served) and its exceptions (see `Kind::Zip3`).
type Origin = (Option<Box<[u8]>>, Vec<u64>);

#[derive(Debug, Clone)]
struct Hub {
    code: String,
    origins: Vec<ZipPattern>,
    /// Index = destination ZIP5; value = label index + 1 (0 = not served).
    dest: Box<[u8]>,
}

fn chart_char(c: u8) -> Option<u8> {
    match c {
        b'-' => Some(0),
        b'1'..=b'9' => Some(c - b'0'),
        b'A'..=b'Z' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// The chart character for label index `i` (inverse of the decoding above).
pub fn chart_symbol(i: usize) -> char {
    match i {
        0..=8 => (b'1' + i as u8) as char,
        9..=34 => (b'A' + (i - 9) as u8) as char,
        _ => '-',
    }
}

impl ZoneTable {
    /// Compiles a table definition; `path` (a [`Path`], or text such as `zoneTables.t`)
    /// prefixes error paths. Shared at once: a table returned, then moved into its share,
    /// was copied once more.
    /// The name is the card's (a `&String`: its clone is the shared out-of-line `clone`,
    /// where a `&str` copied into a new `String` inlined an allocation and a copy).
    #[inline(never)] // out of line: see `Card::compile_hashed`
    #[allow(clippy::ptr_arg)]
    pub fn compile<'p>(name: &String, def: &ZoneTableDef, path: impl Into<Path<'p>>) -> Result<Arc<ZoneTable>> {
        let path: Path<'_> = path.into();
        let labels_path = path.key("labels");
        if def.labels.is_empty() || def.labels.len() > MAX_LABELS {
            return Err(labels_path.error(ErrorCode::InvalidValue, LABEL_COUNT));
        }
        if let Some(i) = crate::card::empty_or_repeated(&def.labels) {
            return Err(labels_path.index(i).error(ErrorCode::InvalidValue, "must be non-empty and unique"));
        }
        let kind = match def.kind {
            ZoneKind::Zip3 => compile_zip3(def, path)?,
            ZoneKind::Zip5 => compile_zip5(def, path)?,
        };
        Ok(Arc::new(ZoneTable {
            name: name.clone(),
            effective: def.effective.unwrap_or_default(),
            labels: def.labels.clone(),
            warning: crate::card::copy_opt(&def.warning),
            kind,
        }))
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone labels.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The warning quotes through this table carry.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Whether the table is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.effective.contains(date)
    }

    /// The label index of the zone from `from` to `to`; `hub` forces an entry hub.
    pub fn lookup(&self, from: Zip5, to: Zip5, hub: Option<&str>) -> std::result::Result<usize, ZoneMiss> {
        match &self.kind {
            Kind::Zip3 { origins } => {
                let Some((Some(row), list)) = origins.get(usize::from(from.zip3())) else {
                    return Err(ZoneMiss::Origin);
                };
                let t = to.value();
                if let Some(&e) = list.iter().find(|&&e| (e >> 32) as u32 <= t && t <= (e as u32) >> 8) {
                    return Ok(usize::from(e as u8) - 1);
                }
                match row.get(usize::from(to.zip3())) {
                    Some(&z) if z > 0 => Ok(usize::from(z) - 1),
                    _ => Err(ZoneMiss::Destination),
                }
            }
            Kind::Zip5 { hubs } => {
                let h = match hub {
                    Some(code) => hubs.iter().find(|h| h.code == code),
                    None => hubs
                        .iter()
                        .find(|h| h.origins.iter().any(|p| p.first <= from.value() && from.value() <= p.last)),
                }
                .ok_or(ZoneMiss::Origin)?;
                match h.dest.get(to.value() as usize) {
                    Some(&z) if z > 0 => Ok(usize::from(z) - 1),
                    _ => Err(ZoneMiss::Destination),
                }
            }
        }
    }

    /// The hub codes of a zip5 table (empty for a chart).
    pub fn hubs(&self) -> Vec<&str> {
        match &self.kind {
            Kind::Zip5 { hubs } => hubs.iter().map(|h| h.code.as_str()).collect(),
            Kind::Zip3 { .. } => Vec::new(),
        }
    }

    /// Origin ZIP3s a chart covers (empty for a hub table).
    pub fn origin_zip3s(&self) -> Vec<u16> {
        match &self.kind {
            Kind::Zip3 { origins } => {
                (0..1000u16).filter(|o| origins.get(usize::from(*o)).is_some_and(|(r, _)| r.is_some())).collect()
            }
            Kind::Zip5 { .. } => Vec::new(),
        }
    }
}

/// The index of zone label `s` of a table.
fn label_index(def: &ZoneTableDef, s: &str) -> Option<usize> {
    crate::index_of(&def.labels, s)
}

/// Compiles a zip3 chart (origins and exceptions). Out of line, as [`compile_zip5`]: a
/// card compiles only the kinds it has (V8 compiles a function on its first call).
#[inline(never)]
fn compile_zip3(def: &ZoneTableDef, path: Path<'_>) -> Result<Kind> {
    let origins_path = path.key("origins");
    let Some(src) = &def.origins else {
        return Err(origins_path.error(ErrorCode::InvalidValue, "a zip3 table needs origins"));
    };
    // Built from `None`s, not `vec![None; 1000]`, which would compile a clone of a chart row.
    // Grown from empty by the shared reserve code, not pre-sized by an allocation of its own.
    let mut origins: Vec<Origin> = Vec::new();
    origins.resize_with(1000, || (None, Vec::new()));
    for (o, chart) in src {
        let p = origins_path.key(o);
        let zip3 = parse_zip3(o).ok_or_else(|| {
            crate::card::quoted_error(p, ErrorCode::InvalidZip, "", o, " is not a 3-digit ZIP prefix")
        })?;
        let b = chart.as_bytes();
        if b.len() != 1000 {
            return Err(p.error(ErrorCode::InvalidValue, msg!("must have 1000 characters, has ", b.len())));
        }
        let mut row: Box<[u8]> = Box::new([0u8; 1000]);
        for (i, (slot, &c)) in row.iter_mut().zip(b).enumerate() {
            let v = chart_char(c).filter(|v| usize::from(*v) <= def.labels.len());
            match v {
                Some(v) => *slot = v,
                None => {
                    return Err(p.error(
                        ErrorCode::InvalidValue,
                        msg!("character ", i, " (", QuotedChar(char::from(c)), ") is not a zone of this table"),
                    ))
                }
            }
        }
        if let Some((slot, _)) = origins.get_mut(usize::from(zip3)) {
            *slot = Some(row);
        }
    }
    let exceptions_path = path.key("exceptions");
    let count = def.exceptions.as_ref().map_or(0, Vec::len);
    has_at_most(count, MAX_EXCEPTIONS, exceptions_path, TOO_MANY_EXCEPTIONS)?;
    for (i, e) in def.exceptions.iter().flatten().enumerate() {
        let p = exceptions_path.index(i);
        let o = parse_zip3(&e.origin)
            .ok_or_else(|| crate::card::error_at(&p, "origin", ErrorCode::InvalidZip, "not a 3-digit ZIP prefix"))?;
        let a = zip_at(&e.from, p.key("from"))?;
        let b = zip_at(&e.to, p.key("to"))?;
        if a > b {
            return Err(crate::card::error_at(&p, "to", ErrorCode::InvalidValue, "ends before `from`"));
        }
        let Some(z) = label_index(def, &e.zone) else {
            return Err(crate::card::quoted_error(
                p.key("zone"),
                ErrorCode::InvalidValue,
                "",
                &e.zone,
                " is not a label of this table",
            ));
        };
        if let Some((_, list)) = origins.get_mut(usize::from(o)) {
            list.push(exception(a.value(), b.value(), z as u8 + 1));
        }
    }
    // Most origins have no exceptions or one: no call for those.
    for (_, list) in origins.iter_mut().filter(|(_, l)| l.len() > 1) {
        crate::zip::sort_keys(list);
    }
    Ok(Kind::Zip3 { origins })
}

/// An exception packed in one `u64`: `first` in the high 32 bits, then `last` (at most
/// 99,999: 17 bits) and `label` in the low 8, so integers order as the tuples would.
fn exception(first: u32, last: u32, label: u8) -> u64 {
    u64::from(first) << 32 | u64::from(last << 8 | u32::from(label))
}

/// Compiles the hubs of a zip5 table.
#[inline(never)]
fn compile_zip5(def: &ZoneTableDef, path: Path<'_>) -> Result<Kind> {
    let hubs_path = path.key("hubs");
    let Some(src) = &def.hubs else {
        return Err(hubs_path.error(ErrorCode::InvalidValue, "a zip5 table needs hubs"));
    };
    has_at_most(src.len(), MAX_HUBS, hubs_path, TOO_MANY_HUBS)?;
    let mut hubs = Vec::new();
    for (h, hub) in src.iter().enumerate() {
        let p = hubs_path.index(h);
        if hub.code.is_empty() || src.iter().take(h).any(|o| o.code == hub.code) {
            return Err(crate::card::error_at(
                &p,
                "code",
                ErrorCode::DuplicateCode,
                "hub codes must be non-empty and unique",
            ));
        }
        let origins = parse_list_at(&hub.origins, p.key("origins"))?;
        // Every pattern with its label + 1 in a key ordering them from least to most
        // specific, so the most specific wins; inside a specificity wider patterns first so
        // narrower ones (941* after 9*) overwrite them; then in card order. The key packs
        // (specificity, width reversed, index, first ZIP, label + 1): a sort of integers, the
        // one of [`crate::zip::sort_keys`], rather than a stable sort of its own, and the
        // pattern read back from its key (see [`hub_pattern`]), where a list of the patterns
        // was kept beside the keys. The exclusions are keys too, of value 0 above every
        // specificity (3: `EXCLUDED`), so that they sort after every pattern: one list, one
        // painting loop.
        let mut keys: Vec<u64> = Vec::new();
        let zones_path = p.key("zones");
        for (label, list) in &hub.zones {
            let lp = zones_path.key(label);
            let z = label_index(def, label)
                .ok_or_else(|| lp.error(ErrorCode::InvalidValue, "is not a label of this table"))?;
            push_keys(&mut keys, list, lp, z as u8 + 1)?;
        }
        if let Some(ex) = &hub.exclude {
            push_keys(&mut keys, ex, p.key("exclude"), 0)?;
        }
        crate::zip::sort_keys(&mut keys);
        // Painted in that order the last pattern covering a ZIP would win, and
        // the exclusions after all of them. The same result, painting each ZIP
        // once: the keys from last to first (the exclusions first), each
        // filling only what is still blank.
        let mut paint = Painter::new();
        for &k in keys.iter().rev() {
            let (pat, z) = hub_pattern(k);
            paint.fill(&pat, z);
        }
        hubs.push(Hub { code: hub.code.clone(), origins, dest: paint.dest });
    }
    Ok(Kind::Zip5 { hubs })
}

/// The sort key of pattern `pat`, the `index`th of a hub, painted with `value` (a label + 1):
/// from the top, its specificity (2 bits), its width reversed (17 bits: a width, `last -
/// first`, is below 100,000 < 2^17), its index (22 bits: a hub has at most 35 lists of
/// 100,000 entries and its exclusions one more, 3.6 million < 2^22), its first ZIP (17 bits)
/// and the value (6 bits: at most 35). The first three order the keys (no two have the same index); the last two,
/// with the width, give the pattern and value back ([`hub_pattern`]).
fn hub_key(pat: &ZipPattern, index: usize, value: u8) -> u64 {
    let wide = u64::from(!(pat.last - pat.first) & 0x1_FFFF);
    u64::from(pat.specificity) << 62
        | wide << 45
        | (index as u64 & 0x3F_FFFF) << 23
        | u64::from(pat.first & 0x1_FFFF) << 6
        | u64::from(value & 63)
}

/// The specificity bits of an exclusion's key (above those of every pattern).
const EXCLUDED: u64 = 3 << 62;

/// The keys of the patterns of ZIP list `list` (at `path`) painted with `value`: a label + 1,
/// or 0 for the exclusions, whose keys sort after every pattern's (see [`EXCLUDED`]).
fn push_keys(keys: &mut Vec<u64>, list: &str, path: Path<'_>, value: u8) -> Result<()> {
    let top = if value == 0 { EXCLUDED } else { 0 };
    for pat in parse_list_at(list, path)? {
        keys.push(hub_key(&pat, keys.len(), value) | top);
    }
    Ok(())
}

/// The pattern (its range) and value of a key of [`hub_key`].
fn hub_pattern(k: u64) -> (ZipPattern, u8) {
    let first = (k >> 6) as u32 & 0x1_FFFF;
    let width = !(k >> 45) as u32 & 0x1_FFFF;
    (ZipPattern { first, last: first + width, specificity: 0 }, k as u8 & 63)
}

/// Parses a ZIP list of a card at `path`: at most [`MAX_ZIP_ENTRIES`] entries
/// (`card_too_large`), each a ZIP, a range or a prefix (`invalid_zip`).
pub(crate) fn parse_list_at(list: &str, path: Path<'_>) -> Result<Vec<ZipPattern>> {
    let (n, parsed) = ZipPattern::parse_counted(list);
    if n > MAX_ZIP_ENTRIES {
        return Err(path.error(
            ErrorCode::CardTooLarge,
            msg!("lists ", n, " ZIP entries; at most ", MAX_ZIP_ENTRIES, " are allowed in one list"),
        ));
    }
    parsed.map_err(|m| path.error(ErrorCode::InvalidZip, m))
}

/// Parses a ZIP of a card at `path` (`invalid_zip`).
fn zip_at(s: &str, path: Path<'_>) -> Result<Zip5> {
    Zip5::parse(s).map_err(|m| path.error(ErrorCode::InvalidZip, m))
}

/// Paints zone values over the 100,000 ZIP5s, each ZIP once: a ZIP keeps the first value
/// painted on it. `next` skips painted ZIPs (a union-find "next blank" with path
/// halving), so painting n patterns costs O(n + 100,000) whatever their overlaps.
struct Painter {
    dest: Box<[u8]>,
    /// Per ZIP (and 100,000, never painted): 0 when it is blank, else a ZIP after it at
    /// or before the next blank one. 0 for "itself" (no link points back to 0): the list
    /// starts zeroed, where writing each ZIP's own number took a loop of its own.
    next: Vec<u32>,
}

impl Painter {
    fn new() -> Painter {
        Painter { dest: vec![0u8; 100_000].into_boxed_slice(), next: vec![0; 100_001] }
    }

    /// The first blank ZIP at or after `i` (100,000 when none).
    fn blank_from(&mut self, mut i: u32) -> u32 {
        loop {
            let Some(&n) = self.next.get(i as usize) else { return 100_000 };
            if n == 0 {
                return i;
            }
            // `n`'s link, or `n` itself when blank (0): a link is always past its ZIP.
            let nn = self.next.get(n as usize).map_or(100_000, |&m| m.max(n));
            if let Some(slot) = self.next.get_mut(i as usize) {
                *slot = nn;
            }
            i = n;
        }
    }

    fn fill(&mut self, pat: &ZipPattern, value: u8) {
        let last = pat.last.min(99_999);
        let mut i = pat.first;
        // One search per step, at its top: one copy of `blank_from` inlined, not two.
        loop {
            i = self.blank_from(i);
            if i > last {
                break;
            }
            if let Some(d) = self.dest.get_mut(i as usize) {
                *d = value;
            }
            // Past the whole pattern, not just this ZIP: by the end of the loop every ZIP
            // up to `last` is painted, and a later search from inside the range jumps out
            // of it at once instead of walking a chain of single steps.
            if let Some(slot) = self.next.get_mut(i as usize) {
                *slot = last + 1;
            }
            i += 1;
        }
    }
}

fn parse_zip3(s: &str) -> Option<u16> {
    // Three digits checked and folded by the ZIP parsers' `number`: `str::parse` would link
    // an integer parser for three digits.
    if s.len() == 3 {
        crate::zip::number(s.as_bytes()).map(|v| v as u16)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn written_out_messages_are_those_of_the_limits() {
        use super::*;
        assert_eq!(LABEL_COUNT, format!("must list 1 to {MAX_LABELS} zone labels"));
        assert_eq!(TOO_MANY_EXCEPTIONS, format!("exceptions; at most {MAX_EXCEPTIONS} are allowed"));
        assert_eq!(TOO_MANY_HUBS, format!("hubs; at most {MAX_HUBS} are allowed"));
    }

    #[test]
    fn painting_each_zip_once_gives_what_painting_in_order_gives() {
        // Random ranges (wide and narrow, overlapping) painted in order, the first value
        // on a ZIP kept, against the plain way: a flag per ZIP.
        let mut x: u64 = 0x0DDB_1A5E_5BAD_5EED;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..60 {
            let mut painter = Painter::new();
            let mut want = vec![0u8; 100_000];
            let mut painted = vec![false; 100_000];
            for k in 0..(5 + round * 7) {
                let first = (next() % 100_000) as u32;
                let len = match next() % 4 {
                    0 => 1,
                    1 => 100,
                    2 => next() % 5_000,
                    _ => next() % 100_000,
                } as u32;
                let last = first.saturating_add(len);
                let value = (k % 9) as u8;
                painter.fill(&ZipPattern { first, last, specificity: 0 }, value);
                for z in first..=last.min(99_999) {
                    if !painted[z as usize] {
                        painted[z as usize] = true;
                        want[z as usize] = value;
                    }
                }
            }
            assert!(painter.dest.iter().eq(want.iter()), "round {round}");
        }
    }
    #[test]
    fn hub_keys_sort_as_their_tuples_and_give_the_pattern_back() {
        use super::{hub_key, hub_pattern};
        use crate::zip::ZipPattern;
        let ranges =
            [(0u32, 0u32), (0, 99_999), (94_100, 94_199), (99_999, 99_999), (12_345, 12_399), (90_000, 99_999)];
        let mut all = Vec::new();
        for &(first, last) in &ranges {
            for specificity in 0..=2u8 {
                for index in [0usize, 1, 77, 3_499_999, (1 << 22) - 1] {
                    for value in [1u8, 2, 35] {
                        all.push((ZipPattern { first, last, specificity }, index, value));
                    }
                }
            }
        }
        for (pat, index, value) in &all {
            let (back, v) = hub_pattern(hub_key(pat, *index, *value));
            assert_eq!((back.first, back.last, v), (pat.first, pat.last, *value));
        }
        // The order of the keys: specificity, then wider first, then index.
        let tuple = |(p, i, _): &(ZipPattern, usize, u8)| (p.specificity, std::cmp::Reverse(p.last - p.first), *i);
        for x in all.iter().step_by(7) {
            for y in all.iter().step_by(5) {
                if tuple(x) != tuple(y) {
                    let (kx, ky) = (hub_key(&x.0, x.1, x.2), hub_key(&y.0, y.1, y.2));
                    assert_eq!(kx.cmp(&ky), tuple(x).cmp(&tuple(y)), "{x:?} {y:?}");
                }
            }
        }
    }

    #[test]
    fn packed_exceptions_sort_as_their_tuples() {
        // Every pair of a small grid of (first, last, label), including the extremes.
        let vals = [0u32, 1, 255, 256, 9_999, 99_998, 99_999];
        let labels = [1u8, 2, 35];
        let mut tuples = Vec::new();
        for &f in &vals {
            for &l in &vals {
                for &z in &labels {
                    tuples.push((f, l, z));
                }
            }
        }
        for x in &tuples {
            for y in &tuples {
                let (px, py) = (super::exception(x.0, x.1, x.2), super::exception(y.0, y.1, y.2));
                assert_eq!(px.cmp(&py), x.cmp(y), "{x:?} {y:?}");
                assert_eq!(((px >> 32) as u32, (px as u32) >> 8, px as u8), *x);
            }
        }
    }
    use super::*;
    use crate::card::format::{HubDef, ZoneExceptionDef};
    use crate::vecmap::VecMap;

    fn z(s: &str) -> Zip5 {
        Zip5::parse(s).unwrap()
    }

    fn chart() -> Arc<ZoneTable> {
        let mut row = vec![b'-'; 1000];
        row[100] = b'4'; // 100xx → zone 4
        row[902] = b'8'; // 902xx → zone 8
        row[969] = b'9';
        let mut origins = VecMap::new();
        origins.insert("240".to_string(), String::from_utf8(row).unwrap());
        let def = ZoneTableDef {
            kind: ZoneKind::Zip3,
            effective: None,
            warning: None,
            labels: (1..=9).map(|i| i.to_string()).collect(),
            origins: Some(origins),
            exceptions: Some(vec![ZoneExceptionDef {
                origin: "240".into(),
                from: "96900".into(),
                to: "96938".into(),
                zone: "8".into(),
            }]),
            hubs: None,
        };
        ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap()
    }

    #[test]
    fn chart_lookup_with_exceptions() {
        let t = chart();
        assert_eq!(t.lookup(z("24060"), z("10001"), None), Ok(3)); // label "4"
        assert_eq!(t.lookup(z("24060"), z("90210"), None), Ok(7));
        assert_eq!(t.lookup(z("24060"), z("96910"), None), Ok(7)); // exception → 8
        assert_eq!(t.lookup(z("24060"), z("96940"), None), Ok(8)); // chart → 9
        assert_eq!(t.lookup(z("24060"), z("00501"), None), Err(ZoneMiss::Destination));
        assert_eq!(t.lookup(z("85001"), z("10001"), None), Err(ZoneMiss::Origin));
    }

    /// Exceptions of several origins: each origin's own, the first (by start, then end)
    /// covering the destination winning, whatever the card's order.
    #[test]
    fn exceptions_go_by_origin() {
        let mut origins = VecMap::new();
        for o in ["100", "240", "500", "999"] {
            origins.insert(o.to_string(), "1".repeat(1000));
        }
        let exception = |origin: &str, from: &str, to: &str, zone: &str| ZoneExceptionDef {
            origin: origin.into(),
            from: from.into(),
            to: to.into(),
            zone: zone.into(),
        };
        let def = ZoneTableDef {
            kind: ZoneKind::Zip3,
            effective: None,
            warning: None,
            labels: vec!["1".into(), "2".into(), "3".into()],
            origins: Some(origins),
            exceptions: Some(vec![
                exception("240", "96930", "96950", "3"),
                exception("500", "00000", "99999", "3"),
                exception("100", "96900", "96999", "3"),
                exception("240", "96900", "96938", "2"),
                exception("999", "99999", "99999", "2"),
                exception("300", "00000", "99999", "2"),
            ]),
            hubs: None,
        };
        let t = ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap();
        let from240 = z("24060");
        assert_eq!(t.lookup(from240, z("96935"), None), Ok(1));
        assert_eq!(t.lookup(from240, z("96945"), None), Ok(2));
        assert_eq!(t.lookup(from240, z("96960"), None), Ok(0));
        assert_eq!(t.lookup(from240, z("96899"), None), Ok(0));
        assert_eq!(t.lookup(z("10001"), z("96935"), None), Ok(2));
        assert_eq!(t.lookup(z("10001"), z("97000"), None), Ok(0));
        assert_eq!(t.lookup(z("50001"), z("00000"), None), Ok(2));
        assert_eq!(t.lookup(z("50001"), z("99999"), None), Ok(2));
        assert_eq!(t.lookup(z("99901"), z("99999"), None), Ok(1));
        assert_eq!(t.lookup(z("99901"), z("99998"), None), Ok(0));
        assert_eq!(t.lookup(z("30001"), z("10001"), None), Err(ZoneMiss::Origin));
        assert_eq!(t.lookup(z("24001"), z("00000"), None), Ok(0));
    }

    /// A ZIP5 table of one hub (`code`, serving `origins`, less `exclude`) whose labels are
    /// those of `zones` in order, each with its list.
    fn one_hub(code: &str, origins: &str, zones: &[(&str, &str)], exclude: Option<&str>) -> Arc<ZoneTable> {
        let mut map = VecMap::new();
        for (label, list) in zones {
            map.insert(label.to_string(), list.to_string());
        }
        let def = ZoneTableDef {
            kind: ZoneKind::Zip5,
            effective: None,
            warning: None,
            labels: zones.iter().map(|(l, _)| l.to_string()).collect(),
            origins: None,
            exceptions: None,
            hubs: Some(vec![HubDef {
                code: code.into(),
                origins: origins.into(),
                zones: map,
                exclude: exclude.map(Into::into),
            }]),
        };
        ZoneTable::compile(&"h".into(), &def, "zoneTables.h").unwrap()
    }

    #[test]
    fn hub_lists_most_specific_wins() {
        let zones = [("1", "941*"), ("2", "94100-94120"), ("3", "94105")];
        let t = one_hub("SFO", "94*", &zones, Some("94199"));
        let sfo = z("94016");
        assert_eq!(t.lookup(sfo, z("94105"), None), Ok(2));
        assert_eq!(t.lookup(sfo, z("94110"), None), Ok(1));
        assert_eq!(t.lookup(sfo, z("94150"), None), Ok(0));
        assert_eq!(t.lookup(sfo, z("94199"), None), Err(ZoneMiss::Destination));
        assert_eq!(t.lookup(z("10001"), z("94110"), None), Err(ZoneMiss::Origin));
        assert_eq!(t.lookup(z("10001"), z("94110"), Some("SFO")), Ok(1));
    }

    /// Exclusions remove ZIPs whatever patterns cover them, the most specific included,
    /// whether listed before or after them and however they overlap.
    #[test]
    fn exclusions_win_over_every_pattern() {
        let zones = [("1", "9* 94105 10000-10010"), ("2", "94100-94120 1*")];
        let t = one_hub("SFO", "94*", &zones, Some("94105, 941* 10005 10007-10020 99999"));
        let sfo = z("94016");
        for gone in ["94105", "94100", "94199", "10005", "10007", "10015", "99999"] {
            assert_eq!(t.lookup(sfo, z(gone), None), Err(ZoneMiss::Destination), "{gone}");
        }
        assert_eq!(t.lookup(sfo, z("94200"), None), Ok(0)); // 9*
        assert_eq!(t.lookup(sfo, z("10004"), None), Ok(0)); // the range, not 1*
        assert_eq!(t.lookup(sfo, z("10006"), None), Ok(0));
        assert_eq!(t.lookup(sfo, z("10021"), None), Ok(1)); // 1*
        assert_eq!(t.lookup(sfo, z("99998"), None), Ok(0));
    }

    #[test]
    fn a_longer_prefix_beats_a_shorter_one_whatever_the_labels() {
        let t = one_hub("LAX", "9*", &[("1", "91*"), ("2", "9*")], None);
        assert_eq!(t.lookup(z("90001"), z("91001"), None), Ok(0));
        assert_eq!(t.lookup(z("90001"), z("92001"), None), Ok(1));
    }

    #[test]
    fn longer_prefixes_and_narrower_ranges_win_whatever_the_label_order() {
        let t = one_hub("SFO", "94*", &[("1", "941* 10001-10100"), ("2", "9* 10001-10999")], None);
        let sfo = z("94016");
        assert_eq!(t.lookup(sfo, z("94105"), None), Ok(0)); // 941* (zone 1), not 9*
        assert_eq!(t.lookup(sfo, z("95014"), None), Ok(1)); // only 9*
        assert_eq!(t.lookup(sfo, z("10050"), None), Ok(0)); // the narrower range
        assert_eq!(t.lookup(sfo, z("10500"), None), Ok(1));
    }

    /// Patterns as specific and as wide as each other (ambiguous, the format says) keep
    /// the order they had when the layers were sorted stably: the later in card order (label
    /// order, then list order) wins, whichever starts first.
    #[test]
    fn equally_specific_and_wide_patterns_keep_card_order() {
        let zones = [("1", "20005-20015 94105 3*"), ("2", "20000-20010 94105 4*"), ("3", "3* 30000-30001 30000-30001")];
        let t = one_hub("A", "0*", &zones, None);
        let from = z("01001");
        assert_eq!(t.lookup(from, z("20007"), None), Ok(1)); // both ranges: the later one
        assert_eq!(t.lookup(from, z("20003"), None), Ok(1));
        assert_eq!(t.lookup(from, z("20013"), None), Ok(0));
        assert_eq!(t.lookup(from, z("94105"), None), Ok(1)); // one ZIP under two labels
        assert_eq!(t.lookup(from, z("39999"), None), Ok(2)); // 3* twice: label 3's
        assert_eq!(t.lookup(from, z("30001"), None), Ok(2));
        assert_eq!(t.lookup(from, z("45000"), None), Ok(1));
    }

    /// A ZIP3 table labelled "1" with one origin's chart and these exceptions.
    fn zip3_def(origin: &str, chart: String, exceptions: Option<Vec<ZoneExceptionDef>>) -> ZoneTableDef {
        let mut origins = VecMap::new();
        origins.insert(origin.to_string(), chart);
        ZoneTableDef {
            kind: ZoneKind::Zip3,
            effective: None,
            warning: None,
            labels: vec!["1".into()],
            origins: Some(origins),
            exceptions,
            hubs: None,
        }
    }

    #[test]
    fn bad_chart_characters_are_refused_with_a_path() {
        let def = zip3_def("240", "x".repeat(1000), None);
        let e = ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap_err();
        assert_eq!(e.path(), "zoneTables.t.origins.240");
        assert_eq!(e.code(), ErrorCode::InvalidValue);
        assert_eq!(e.message(), "character 0 ('x') is not a zone of this table");
        // A zone beyond the labels (one label: `2` is not a zone), and a short row.
        let def = zip3_def("240", format!("1{}", "2".repeat(999)), None);
        let e = ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap_err();
        assert_eq!(e.message(), "character 1 ('2') is not a zone of this table");
        let def = zip3_def("240", "1".repeat(999), None);
        let e = ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap_err();
        assert_eq!((e.path(), e.message()), ("zoneTables.t.origins.240", "must have 1000 characters, has 999"));
    }

    /// A ZIP list of more entries than allowed: the message written out.
    #[test]
    fn a_list_of_too_many_entries_is_refused() {
        let list = "1* ".repeat(MAX_ZIP_ENTRIES + 1);
        let e = parse_list_at(&list, Path::Root.key("l")).unwrap_err();
        assert_eq!(
            (e.code(), e.path(), e.message()),
            (ErrorCode::CardTooLarge, "l", "lists 100001 ZIP entries; at most 100000 are allowed in one list")
        );
    }

    /// A chart's origin that is not a ZIP3, and an exception's zone that is not a label:
    /// code, path and message as written out (the messages' texts before one cold
    /// builder made them).
    #[test]
    fn bad_origins_and_exception_zones_name_the_value() {
        let compile = |origin: &str, zone: &str| {
            let exception =
                ZoneExceptionDef { origin: "240".into(), from: "96900".into(), to: "96938".into(), zone: zone.into() };
            let def = zip3_def(origin, "1".repeat(1000), Some(vec![exception]));
            let e = ZoneTable::compile(&"t".into(), &def, "zoneTables.t").unwrap_err();
            (e.code(), e.path().to_string(), e.message().to_string())
        };
        assert_eq!(
            compile("24x", "1"),
            (
                ErrorCode::InvalidZip,
                "zoneTables.t.origins.24x".to_string(),
                "\"24x\" is not a 3-digit ZIP prefix".to_string()
            )
        );
        assert_eq!(
            compile("240", "7"),
            (
                ErrorCode::InvalidValue,
                "zoneTables.t.exceptions[0].zone".to_string(),
                "\"7\" is not a label of this table".to_string()
            )
        );
    }
}
