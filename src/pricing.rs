//! The price table and its five pricing modes (§3).
//!
//! Rows are brackets of billable weight (or cubic tiers), columns are zones. Each row
//! carries its own mode, so "flat then unit" (mode 4) and "flat then progressive excess
//! tiers" (mode 5) are tables whose first rows are flat and whose later rows are not.

use crate::card::format::{BracketRule, CubicDef, OneOrMany, Prices, RowDef, RowMode, TableDef, TableKey, TierDef};
use crate::card::has_at_most;
use crate::conditions::Cond;
use crate::error::{msg, ErrorCode, Result};
use crate::json::Path;
use crate::rounding::{add, ceil_div, mul, order, sub, OutOfRange, Rounding, POW10};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Most rows a table may have.
pub const MAX_ROWS: usize = 5_000;
/// Most zone columns a table may have.
pub const MAX_ZONES: usize = 64;
/// Most special rows a table may have.
pub const MAX_SPECIAL_ROWS: usize = 64;
/// Most excess tiers a progressive row may have.
pub const MAX_TIERS: usize = 100;

/// The messages of the limits above, written out (a test compares them with the limits).
pub(crate) const TOO_MANY_ROWS: &str = "rows; at most 5000 are allowed";
const TOO_MANY_ZONES: &str = "zones; at most 64 are allowed";
const TOO_MANY_SPECIAL_ROWS: &str = "special rows; at most 64 are allowed";
const TOO_MANY_TIERS: &str = "tiers; at most 100 are allowed";

/// A compiled price table.
#[derive(Debug, Clone)]
pub struct Table {
    /// What selects the row.
    pub key: TableKey,
    /// Zone labels of the columns.
    pub zones: Vec<String>,
    rule: BracketRule,
    /// The bounds of the rows as whole numbers at one scale, when they fit: rows are found by
    /// comparing integers instead of decimals of different scales.
    keys: Option<BoundKeys>,
    rows: Vec<Row>,
    special: Vec<SpecialRow>,
    /// Cubic tier rules (key = cubic).
    pub cubic: Option<(Rounding, Rounding)>,
}

/// A row: its upper bound (`None` only on the last row), its prices per column (a step row's
/// first prices, a progressive row's base) and how they are used. The prices in one field for
/// every kind: a row's drop frees them in one place, not in one arm per kind. The bound in the
/// row, not in a list of the bounds beside the rows: one list to grow and to free.
#[derive(Debug, Clone)]
struct Row {
    bound: Option<Decimal>,
    prices: Prices,
    kind: RowKind,
}

#[derive(Debug, Clone)]
enum RowKind {
    Flat,
    Unit,
    /// A first weight and price, then a price per step: the first weights, the steps and
    /// the prices per step of the `n` columns in one list of `3 × n` (one allocation to
    /// free, not three), `n` the length of the row's prices (its first prices).
    Step(Vec<Decimal>),
    /// Excess tiers above the row's prices (those of the flat row where the first starts).
    Progressive(Vec<Tier>),
}

#[derive(Debug, Clone)]
struct Tier {
    over: Decimal,
    up_to: Option<Decimal>,
    step: Decimal,
    prices: Vec<Decimal>,
}

/// Bounds `b` as `b × 10^KEY_SCALE`, all whole numbers (the `Some` bounds, in order).
#[derive(Debug, Clone)]
struct BoundKeys {
    ints: Vec<u64>,
}

/// The scale of the bounds' keys: one for every table (the USPS cards' finest bound has 7
/// decimals), so that each key is made as its row is checked, where the keys were made
/// in a loop of their own at the scale of the table's finest bound, found by another.
/// A table with a finer bound, or a bound whose key does not fit 64 bits (above 1.8 ×
/// 10^11), has no keys: its rows are found by their decimals.
const KEY_SCALE: u32 = 8;

/// The key of a bound `b` (positive): `b × 10^KEY_SCALE`, when a whole number that fits.
fn bound_key(b: Decimal) -> Option<u64> {
    let m = u64::try_from(b.mantissa()).ok()?;
    m.checked_mul(*POW10.get(KEY_SCALE.checked_sub(b.scale())? as usize)?)
}

impl BoundKeys {
    /// `w × 10^KEY_SCALE` rounded up (`up`) or down to a whole number: every key `k` of a
    /// bound `b` then has `b < w ⇔ k < ⌈w × 10^KEY_SCALE⌉` and `b ≤ w ⇔ k ≤ ⌊w × 10^KEY_SCALE⌋`.
    /// Not positive: 0 (below every key). `None` when it does not fit 64 bits.
    fn scaled(&self, w: Decimal, up: bool) -> Option<u64> {
        if w.is_sign_negative() {
            return Some(0);
        }
        let m = u64::try_from(w.mantissa()).ok()?;
        let s = w.scale();
        if s <= KEY_SCALE {
            return m.checked_mul(*POW10.get((KEY_SCALE - s) as usize)?);
        }
        let p = *POW10.get((s - KEY_SCALE) as usize)?;
        Some(m / p + u64::from(up && m % p != 0))
    }
}

/// A row chosen by a condition (USPS oversized).
#[derive(Debug, Clone)]
pub struct SpecialRow {
    /// Code.
    pub code: String,
    /// Label of the base line.
    pub label: Option<String>,
    /// Condition.
    pub when: Cond,
    prices: Prices,
}

/// Why no price was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPrice {
    /// The key is beyond the last row.
    BeyondTable,
    /// The cell is empty (null): no service at this weight to this zone.
    EmptyCell,
    /// The fee is beyond what a decimal holds (an absurd weight times a price).
    OutOfRange,
}

impl From<OutOfRange> for NoPrice {
    fn from(_: OutOfRange) -> NoPrice {
        NoPrice::OutOfRange
    }
}

fn check_prices(v: &[Option<Decimal>], n: usize, path: Path<'_>) -> Result<()> {
    if v.len() != n {
        return Err(zone_count(path, v.len(), n));
    }
    check_cells(v, path)
}

/// Checks the cells of a row (at `path`) that are not empty as amounts of money: one loop for
/// a price table's rows and a surcharge's amounts per zone.
pub(crate) fn check_cells(v: &[Option<Decimal>], path: Path<'_>) -> Result<()> {
    for (i, p) in v.iter().enumerate() {
        match p {
            Some(p) if !crate::card::plain_amount(*p) => {
                crate::card::check_amount(p, path.index(i))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// `overlapping_brackets`: the bound `u` of the row at `p` is not above the one before
/// it, `prev` (cold, out of line: the message's parts are built only for such a table).
#[cold]
#[inline(never)]
fn overlapping(p: Path<'_>, u: &Decimal, prev: &Decimal) -> crate::error::Error {
    p.key("upTo").error(
        ErrorCode::OverlappingBrackets,
        msg!(*u, " is not above the previous row's ", *prev, ": brackets overlap or are out of order"),
    )
}

/// The error of a progressive row (tiers at `tp`) whose first tier starts at `over`, where
/// no flat row before it ends (cold, out of line, as [`overlapping`]).
#[cold]
#[inline(never)]
fn no_base(tp: Path<'_>, over: &Decimal) -> crate::error::Error {
    tp.index(0).key("over").error(
        ErrorCode::InvalidValue,
        msg!("no earlier flat row ends at ", *over, ": the flat price P(T) is undefined"),
    )
}

/// `zone_count_mismatch`: a list of `len` entries where the table has `n` columns.
#[cold]
#[inline(never)]
fn zone_count(path: Path<'_>, len: usize, n: usize) -> crate::error::Error {
    path.error(ErrorCode::ZoneCountMismatch, msg!("has ", len, " entries but the table has ", n, " zone columns"))
}

/// The values of `v` (one for every zone, or one per zone), refused when a list does not have
/// one per zone (`n`): checked before anything is copied ([`per_zone`] copies them).
fn zone_values<'a>(v: &'a OneOrMany<Decimal>, n: usize, path: Path<'_>) -> Result<&'a OneOrMany<Decimal>> {
    match v {
        OneOrMany::Many(xs) if xs.len() != n => Err(zone_count(path, xs.len(), n)),
        _ => Ok(v),
    }
}

/// The `n` values, one per zone, of `v` checked by [`zone_values`], appended to `out`.
fn per_zone(v: &OneOrMany<Decimal>, n: usize, out: &mut Vec<Decimal>) {
    match v {
        OneOrMany::One(x) => out.resize(out.len() + n, *x),
        OneOrMany::Many(xs) => out.extend_from_slice(xs),
    }
}

fn required<'a, T>(v: &'a Option<T>, path: Path<'_>, mode: RowMode) -> Result<&'a T> {
    match v {
        Some(v) => Ok(v),
        None => Err(row_error(path, "is required in a ", mode)),
    }
}

/// `<what> <mode> row` at `path` (`invalid_value`): one copy for every field and mode.
#[cold]
#[inline(never)]
fn row_error(path: Path<'_>, what: &str, mode: RowMode) -> crate::error::Error {
    let mut m = String::new();
    crate::json::append(&mut m, what);
    crate::json::append(&mut m, mode.as_str());
    crate::json::append(&mut m, " row");
    path.error(ErrorCode::InvalidValue, m)
}

/// The fields a row may have besides `upTo` and `mode`, in the order their errors come
/// (`row_fields` sets bit `i` for field `i`).
const ROW_FIELDS: [&str; 6] = ["prices", "first", "firstPrice", "step", "stepPrice", "tiers"];
/// The fields of [`ROW_FIELDS`] a row of each mode uses: every other one is refused.
const FLAT_FIELDS: u8 = 0b000001;
const STEP_FIELDS: u8 = 0b011110;
const PROGRESSIVE_FIELDS: u8 = 0b100000;

/// Bit `i` set when field `i` of [`ROW_FIELDS`] is present in `r`.
fn row_fields(r: &RowDef) -> u8 {
    u8::from(r.prices.is_some())
        | u8::from(r.first.is_some()) << 1
        | u8::from(r.first_price.is_some()) << 2
        | u8::from(r.step.is_some()) << 3
        | u8::from(r.step_price.is_some()) << 4
        | u8::from(r.tiers.is_some()) << 5
}

/// Refuses the first field of [`ROW_FIELDS`] present in the `mode` row `r` at `p` that is not
/// one of the mode's `allowed` (a bit set per field, as [`row_fields`]): one check for every mode,
/// the fields' names in data rather than a list built in each mode's code.
fn no_stray(p: Path<'_>, mode: RowMode, r: &RowDef, allowed: u8) -> Result<()> {
    let stray = row_fields(r) & !allowed;
    if stray != 0 {
        let field = ROW_FIELDS.get(stray.trailing_zeros() as usize).copied().unwrap_or_default();
        return Err(row_error(p.key(field), "does not belong in a ", mode));
    }
    Ok(())
}

/// Checks amounts that may not be empty, as [`check_prices`] checks cells.
fn check_amounts(v: &[Decimal], n: usize, path: Path<'_>) -> Result<()> {
    if v.len() != n {
        return Err(zone_count(path, v.len(), n));
    }
    for (i, p) in v.iter().enumerate() {
        crate::card::check_amount(p, path.index(i))?;
    }
    Ok(())
}

impl Table {
    /// Compiles and checks a table. `path` is the table's path: a [`Path`], or text such
    /// as `services[0].table`.
    pub fn compile<'p>(
        def: &TableDef,
        rule: BracketRule,
        zip_sets: &crate::conditions::ZipSets,
        path: impl Into<Path<'p>>,
    ) -> Result<Table> {
        let mut t = Table::blank(rule);
        t.compile_into(def, zip_sets, path.into())?;
        Ok(t)
    }

    /// A table of no rows (the starting value [`compile_into`](Self::compile_into) fills).
    pub(crate) const fn blank(rule: BracketRule) -> Table {
        Table {
            key: TableKey::Weight,
            zones: Vec::new(),
            rule,
            keys: None,
            rows: Vec::new(),
            special: Vec::new(),
            cubic: None,
        }
    }

    /// Sets the bracket rule of a [`blank`](Self::blank) table.
    pub(crate) fn set_rule(&mut self, rule: BracketRule) {
        self.rule = rule;
    }

    /// Compiles and checks the table `def` into `self`, a [`blank`](Self::blank) table (a
    /// service's, in its list): its rows and bounds are pushed where they stay, so that an
    /// error has nothing of its own to free (the list of services being compiled, dropped
    /// whole, holds what was built), where the lists built on the stack were dropped on
    /// every error's way out.
    #[inline(never)] // out of line: see `Card::compile_hashed`
    pub(crate) fn compile_into(
        &mut self,
        def: &TableDef,
        zip_sets: &crate::conditions::ZipSets,
        path: Path<'_>,
    ) -> Result<()> {
        let n = def.zones.len();
        let zones_path = path.key("zones");
        if n == 0 {
            return Err(zones_path.error(ErrorCode::InvalidValue, "must list at least one zone"));
        }
        has_at_most(n, MAX_ZONES, zones_path, TOO_MANY_ZONES)?;
        if let Some(i) = crate::card::empty_or_repeated(&def.zones) {
            return Err(zones_path.index(i).error(ErrorCode::InvalidValue, "zone labels must be non-empty and unique"));
        }
        let rows_path = path.key("rows");
        if def.rows.is_empty() && def.special.is_empty() {
            return Err(rows_path.error(ErrorCode::InvalidValue, "a table needs at least one row"));
        }
        has_at_most(def.rows.len(), MAX_ROWS, rows_path, TOO_MANY_ROWS)?;
        let Table { rows, special, keys, .. } = self;
        let last = def.rows.len().saturating_sub(1);
        // The bounds' keys, made as the rows are checked, in the table's field (an error has
        // no list of its own to free); `None` once one has no key.
        crate::json::fill(keys, Some(BoundKeys { ints: Vec::new() }));
        for (i, r) in def.rows.iter().enumerate() {
            let p = rows_path.index(i);
            match r.up_to {
                None if i != last => {
                    return Err(crate::card::error_at(
                        &p,
                        "upTo",
                        ErrorCode::OverlappingBrackets,
                        "only the last row may be unbounded",
                    ))
                }
                Some(u) if !crate::rounding::positive(u) => {
                    return Err(crate::card::error_at(&p, "upTo", ErrorCode::InvalidValue, "must be greater than 0"))
                }
                Some(u) => {
                    if let Some(Row { bound: Some(prev), .. }) = rows.last() {
                        if order(u, *prev).is_le() {
                            return Err(overlapping(p, &u, prev));
                        }
                    }
                    if let Some(k) = keys {
                        match bound_key(u) {
                            Some(x) => k.ints.push(x),
                            None => *keys = None,
                        }
                    }
                }
                None => {}
            }
            compile_row(r, n, rows, p)?;
        }
        let special_path = path.key("special");
        has_at_most(def.special.len(), MAX_SPECIAL_ROWS, special_path, TOO_MANY_SPECIAL_ROWS)?;
        for (i, s) in def.special.iter().enumerate() {
            let p = special_path.index(i);
            check_prices(&s.prices, n, p.key("prices"))?;
            // The condition first: no copy of the code and label to drop when it is refused.
            let when = Cond::compile(&s.when, zip_sets, p.key("when"))?;
            special.push(SpecialRow {
                code: s.code.clone(),
                label: crate::card::copy_opt(&s.label),
                when,
                prices: Arc::clone(&s.prices),
            });
        }
        let cubic_path = path.key("cubic");
        let cubic = match (def.key, &def.cubic) {
            (TableKey::Cubic, Some(CubicDef { dim_rounding, tier_rounding })) => {
                crate::billable::check_rounding(dim_rounding, cubic_path.key("dimRounding"))?;
                crate::billable::check_rounding(tier_rounding, cubic_path.key("tierRounding"))?;
                Some((*dim_rounding, *tier_rounding))
            }
            (TableKey::Cubic, None) => {
                return Err(cubic_path.error(ErrorCode::InvalidValue, "a cubic table needs its tier rules"))
            }
            (TableKey::Weight, _) => None,
        };
        // Put in the blank table's empty fields (nothing to drop, see `json::fill`).
        crate::json::fill(&mut self.zones, def.zones.clone());
        self.key = def.key;
        self.cubic = cubic;
        Ok(())
    }

    /// Index of the column for a zone label.
    pub fn column(&self, zone: &str) -> Option<usize> {
        crate::index_of(&self.zones, zone)
    }

    /// The special row whose condition holds, if any.
    pub fn special_row(&self, holds: impl Fn(&Cond) -> bool) -> Option<&SpecialRow> {
        self.special.iter().find(|s| holds(&s.when))
    }

    /// Price of a special row in column `col`.
    pub fn special_price(&self, row: &SpecialRow, col: usize) -> std::result::Result<Decimal, NoPrice> {
        row.prices.get(col).copied().flatten().ok_or(NoPrice::EmptyCell)
    }

    /// The row index whose bracket contains `w`.
    fn row_index(&self, w: Decimal) -> Option<usize> {
        if let Some(keys) = &self.keys {
            let up = self.rule == BracketRule::NotOver;
            if let Some(k) = keys.scaled(w, up) {
                let i = keys.ints.partition_point(|b| *b < k || (!up && *b == k));
                // Past every bound: the last row when it is unbounded.
                return (i < self.rows.len()).then_some(i);
            }
        }
        self.row_index_by_decimals(w)
    }

    /// [`row_index`](Self::row_index) comparing the decimals themselves.
    fn row_index_by_decimals(&self, w: Decimal) -> Option<usize> {
        // NotOver: the first bound ≥ w (brackets are (prev, upTo]); Under: the first bound
        // > w (brackets are [prev, upTo)).
        let under = self.rule == BracketRule::Under;
        let i = self.rows.partition_point(|r| {
            r.bound.is_some_and(|b| match order(b, w) {
                std::cmp::Ordering::Less => true,
                std::cmp::Ordering::Equal => under,
                std::cmp::Ordering::Greater => false,
            })
        });
        (i < self.rows.len()).then_some(i)
    }

    /// The base freight for key `w` (billable weight, or cubic tier) in column `col`.
    pub fn price(&self, w: Decimal, col: usize) -> std::result::Result<Decimal, NoPrice> {
        let i = self.row_index(w).ok_or(NoPrice::BeyondTable)?;
        let row = self.rows.get(i).ok_or(NoPrice::BeyondTable)?;
        match row.kind {
            RowKind::Flat => cell(&row.prices, col),
            RowKind::Unit => Ok(mul(cell(&row.prices, col)?, w)?),
            _ => rarer_price(row, w, col),
        }
    }
}

/// A row's price in column `col`, when it has one.
fn cell(v: &Prices, col: usize) -> std::result::Result<Decimal, NoPrice> {
    v.get(col).copied().flatten().ok_or(NoPrice::EmptyCell)
}

/// The price of a step or progressive row (what `Table::price` answers for them). Out of
/// line (kept so by `scripts/build-wasm.sh`): V8 compiles a function on its first call, so
/// a first quote of a card with flat or per-unit rows only does not compile it.
#[inline(never)]
fn rarer_price(row: &Row, w: Decimal, col: usize) -> std::result::Result<Decimal, NoPrice> {
    let first_price = &row.prices;
    match &row.kind {
        RowKind::Flat | RowKind::Unit => cell(first_price, col),
        RowKind::Step(per_zone) => {
            let n = first_price.len();
            let f = per_zone.get(col).copied().ok_or(NoPrice::EmptyCell)?;
            let pf = cell(first_price, col)?;
            if order(w, f).is_le() {
                return Ok(pf);
            }
            let s = per_zone.get(n + col).copied().ok_or(NoPrice::EmptyCell)?;
            let ps = per_zone.get(2 * n + col).copied().ok_or(NoPrice::EmptyCell)?;
            // w > f ≥ 0: the difference of two non-negative numbers cannot overflow.
            Ok(excess(pf, w, f, s, ps)?)
        }
        RowKind::Progressive(tiers) => {
            let mut fee = cell(first_price, col)?;
            for t in tiers {
                if order(w, t.over).is_gt() {
                    // `w.min(b)`.
                    let top = t.up_to.map_or(w, |b| if order(w, b).is_gt() { b } else { w });
                    let ps = t.prices.get(col).copied().ok_or(NoPrice::EmptyCell)?;
                    // top > over > 0: no overflow.
                    fee = excess(fee, top, t.over, t.step, ps)?;
                }
            }
            Ok(fee)
        }
    }
}

/// `fee` + ⌈(`top` − `from`) / `step`⌉ × `price`: what a step row, or a progressive row's
/// tier, adds above where it starts (one copy of the four operations for both).
#[inline(never)]
fn excess(
    fee: Decimal,
    top: Decimal,
    from: Decimal,
    step: Decimal,
    price: Decimal,
) -> std::result::Result<Decimal, OutOfRange> {
    add(fee, mul(ceil_div(sub(top, from)?, step)?, price)?)
}

/// Compiles row `r` (at `p`) and pushes it onto `rows`, the rows before it: pushed where it is
/// built rather than returned (a row returned was copied once more on its way into the list).
fn compile_row(r: &RowDef, n: usize, rows: &mut Vec<Row>, p: Path<'_>) -> Result<()> {
    let mode = r.mode;
    match mode {
        RowMode::Flat | RowMode::Unit => {
            let pp = p.key("prices");
            let prices = required(&r.prices, pp, mode)?;
            check_prices(prices, n, pp)?;
            no_stray(p, mode, r, FLAT_FIELDS)?;
            let prices = Arc::clone(prices);
            let kind = if mode == RowMode::Flat { RowKind::Flat } else { RowKind::Unit };
            rows.push(Row { bound: r.up_to, prices, kind });
            Ok(())
        }
        RowMode::Step => compile_step(r, n, p, rows),
        RowMode::Progressive => compile_progressive(r, n, rows, p),
    }
}

/// A step row (first weight and price, then a price per step). Out of line, as
/// [`compile_progressive`]: a card without such rows does not compile it.
#[inline(never)]
fn compile_step(r: &RowDef, n: usize, p: Path<'_>, rows: &mut Vec<Row>) -> Result<()> {
    let mode = RowMode::Step;
    no_stray(p, mode, r, STEP_FIELDS)?;
    let (fp, sp, fpp, spp) = (p.key("first"), p.key("step"), p.key("firstPrice"), p.key("stepPrice"));
    // Everything checked before anything is copied: no copy to drop on an error. A single
    // value stands for every zone: checking it once finds the error checking its n copies would.
    let first = zone_values(required(&r.first, fp, mode)?, n, fp)?;
    let step = zone_values(required(&r.step, sp, mode)?, n, sp)?;
    let first_price = required(&r.first_price, fpp, mode)?;
    check_prices(first_price, n, fpp)?;
    let step_price = required(&r.step_price, spp, mode)?;
    check_amounts(step_price, n, spp)?;
    for f in first.as_slice() {
        crate::card::check_weight(f, fp)?;
    }
    for s in step.as_slice() {
        crate::card::check_step(s, ErrorCode::InvalidStep, sp)?;
    }
    // Grown by the appends below (their reserve is out of line), where a first allocation
    // of its own was inlined here.
    let mut values = Vec::new();
    per_zone(first, n, &mut values);
    per_zone(step, n, &mut values);
    values.extend_from_slice(step_price);
    rows.push(Row { bound: r.up_to, prices: Arc::clone(first_price), kind: RowKind::Step(values) });
    Ok(())
}

/// A progressive row (flat up to the first tier, then excess tiers). Out of line: a card
/// without such rows does not compile it (V8 compiles a function on its first call).
#[inline(never)]
fn compile_progressive(r: &RowDef, n: usize, rows: &mut Vec<Row>, p: Path<'_>) -> Result<()> {
    let mode = r.mode;
    no_stray(p, mode, r, PROGRESSIVE_FIELDS)?;
    let tp = p.key("tiers");
    let tiers_def = required(&r.tiers, tp, mode)?;
    has_at_most(tiers_def.len(), MAX_TIERS, tp, TOO_MANY_TIERS)?;
    let Some(t0) = tiers_def.first() else {
        return Err(tp.error(ErrorCode::InvalidValue, "needs at least one tier"));
    };
    // P(T): the flat row whose bracket ends exactly at T = the first tier's start.
    let base_row = rows.iter().find(|r| r.bound.is_some_and(|b| order(b, t0.over).is_eq()));
    let base = match base_row {
        Some(Row { prices, kind: RowKind::Flat, .. }) => prices,
        _ => return Err(no_base(tp, &t0.over)),
    };
    let mut tiers = Vec::new();
    let mut prev_end: Option<Decimal> = Some(t0.over);
    for (k, TierDef { over, up_to, step, step_price }) in tiers_def.iter().enumerate() {
        let tk = tp.index(k);
        crate::card::check_step(step, ErrorCode::InvalidStep, tk.key("step"))?;
        if !prev_end.is_some_and(|p| order(p, *over).is_eq()) {
            return Err(crate::card::error_at(
                &tk,
                "over",
                ErrorCode::OverlappingBrackets,
                "must equal the previous tier's upTo (tiers are contiguous)",
            ));
        }
        if up_to.is_some_and(|u| order(u, *over).is_le()) {
            return Err(crate::card::error_at(&tk, "upTo", ErrorCode::OverlappingBrackets, "must be above `over`"));
        }
        check_amounts(step_price, n, tk.key("stepPrice"))?;
        prev_end = *up_to;
        let mut prices = Vec::new();
        prices.extend_from_slice(step_price);
        tiers.push(Tier { over: *over, up_to: *up_to, step: *step, prices });
    }
    // The tiers must reach the row's own bound, or weight above them would be free.
    if let Some(end) = prev_end {
        if r.up_to.is_none_or(|u| order(end, u).is_lt()) {
            return Err(crate::card::error_at(
                &tp.index(tiers_def.len() - 1),
                "upTo",
                ErrorCode::InvalidValue,
                "the last tier must reach the row's upTo (or be unbounded)",
            ));
        }
    }
    // The base prices shared only now: no share to give back on an error.
    let base = Arc::clone(base);
    rows.push(Row { bound: r.up_to, prices: base, kind: RowKind::Progressive(tiers) });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::format::OneOrMany;
    use crate::conditions::ZipSets;

    #[test]
    fn written_out_messages_are_those_of_the_limits() {
        assert_eq!(TOO_MANY_ROWS, format!("rows; at most {MAX_ROWS} are allowed"));
        assert_eq!(TOO_MANY_ZONES, format!("zones; at most {MAX_ZONES} are allowed"));
        assert_eq!(TOO_MANY_SPECIAL_ROWS, format!("special rows; at most {MAX_SPECIAL_ROWS} are allowed"));
        assert_eq!(TOO_MANY_TIERS, format!("tiers; at most {MAX_TIERS} are allowed"));
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }
    fn ds(v: &[&str]) -> Vec<Option<Decimal>> {
        v.iter().map(|s| Some(d(s))).collect()
    }
    fn table(rows: Vec<RowDef>, rule: BracketRule) -> Result<Table> {
        let def = TableDef { key: TableKey::Weight, zones: vec!["1".into()], rows, special: vec![], cubic: None };
        Table::compile(&def, rule, &ZipSets::default(), "t")
    }
    fn flat(up: &str, p: &str) -> RowDef {
        RowDef { up_to: Some(d(up)), prices: Some(ds(&[p]).into()), ..Default::default() }
    }

    #[test]
    fn mode1_flat_brackets_not_over() {
        let t = table(vec![flat("1", "5.00"), flat("2", "6.00")], BracketRule::NotOver).unwrap();
        assert_eq!(t.price(d("1"), 0), Ok(d("5.00")));
        assert_eq!(t.price(d("1.0001"), 0), Ok(d("6.00")));
        assert_eq!(t.price(d("2"), 0), Ok(d("6.00")));
        assert_eq!(t.price(d("2.0001"), 0), Err(NoPrice::BeyondTable));
    }

    #[test]
    fn mode1_flat_brackets_under() {
        let t = table(vec![flat("1", "5.00"), flat("2", "6.00")], BracketRule::Under).unwrap();
        assert_eq!(t.price(d("0.9999"), 0), Ok(d("5.00")));
        assert_eq!(t.price(d("1"), 0), Ok(d("6.00")));
        assert_eq!(t.price(d("2"), 0), Err(NoPrice::BeyondTable));
    }

    #[test]
    fn mode3_first_plus_continuation_example_from_the_domain_page() {
        // F = 1 lb, PF = 5.00, S = 0.5 lb, PS = 0.80; w = 2.3 → 5.00 + 3 × 0.80 = 7.40.
        let row = RowDef {
            mode: RowMode::Step,
            first: Some(OneOrMany::One(d("1"))),
            first_price: Some(ds(&["5.00"]).into()),
            step: Some(OneOrMany::One(d("0.5"))),
            step_price: Some(vec![d("0.80")]),
            ..Default::default()
        };
        let t = table(vec![row], BracketRule::NotOver).unwrap();
        assert_eq!(t.price(d("2.3"), 0), Ok(d("7.40")));
        assert_eq!(t.price(d("1"), 0), Ok(d("5.00")));
        assert_eq!(t.price(d("1.5"), 0), Ok(d("5.80")));
        assert_eq!(t.price(d("1.5001"), 0), Ok(d("6.60")));
    }

    #[test]
    fn mode3_step_rows_keep_each_zones_values() {
        // Zone 1: F = 1, PF = 5.00, S = 0.5, PS = 0.80; zone 2: F = 2, PF = 7.00, S = 1,
        // PS = 1.50. w = 3.2: zone 1 → 5.00 + ceil(2.2 / 0.5) × 0.80 = 5.00 + 5 × 0.80 = 9.00;
        // zone 2 → 7.00 + ceil(1.2 / 1) × 1.50 = 10.00.
        let row = RowDef {
            mode: RowMode::Step,
            first: Some(OneOrMany::Many(vec![d("1"), d("2")])),
            first_price: Some(ds(&["5.00", "7.00"]).into()),
            step: Some(OneOrMany::Many(vec![d("0.5"), d("1")])),
            step_price: Some(vec![d("0.80"), d("1.50")]),
            ..Default::default()
        };
        let def = TableDef {
            key: TableKey::Weight,
            zones: vec!["1".into(), "2".into()],
            rows: vec![row.clone()],
            special: vec![],
            cubic: None,
        };
        let t = Table::compile(&def, BracketRule::NotOver, &ZipSets::default(), "t").unwrap();
        assert_eq!(t.price(d("3.2"), 0), Ok(d("9.00")));
        assert_eq!(t.price(d("3.2"), 1), Ok(d("10.00")));
        assert_eq!(t.price(d("2"), 1), Ok(d("7.00")));
        assert_eq!(t.price(d("2"), 0), Ok(d("6.60")));
        // One step for every zone.
        let row = RowDef { step: Some(OneOrMany::One(d("0.25"))), ..row };
        let def = TableDef { rows: vec![row], ..def };
        let t = Table::compile(&def, BracketRule::NotOver, &ZipSets::default(), "t").unwrap();
        // Zone 1: 5.00 + ceil(2.2 / 0.25) × 0.80 = 5.00 + 9 × 0.80 = 12.20; zone 2: 7.00 + 5 × 1.50.
        assert_eq!(t.price(d("3.2"), 0), Ok(d("12.20")));
        assert_eq!(t.price(d("3.2"), 1), Ok(d("14.50")));
    }

    #[test]
    fn mode3_zero_step_is_refused_with_its_path() {
        let row = RowDef {
            up_to: Some(d("5")),
            mode: RowMode::Step,
            first: Some(OneOrMany::One(d("1"))),
            first_price: Some(ds(&["5.00"]).into()),
            step: Some(OneOrMany::One(d("0"))),
            step_price: Some(vec![d("0.80")]),
            ..Default::default()
        };
        let e = table(vec![flat("1", "1"), flat("2", "2"), flat("3", "3"), row], BracketRule::NotOver).unwrap_err();
        assert_eq!(e.to_string(), "t.rows[3].step: must be greater than 0");
        assert_eq!(e.code(), ErrorCode::InvalidStep);
    }

    #[test]
    fn mode5_progressive_example_from_the_domain_page() {
        // flat ≤ 2 kg = 10.00; (2, 5] step 1 at 1.50; (5, ∞) step 0.5 at 0.50;
        // w = 6.2 → 10.00 + 3 × 1.50 + ceil(1.2 / 0.5) × 0.50 = 16.00.
        let prog = RowDef {
            mode: RowMode::Progressive,
            tiers: Some(vec![
                TierDef { over: d("2"), up_to: Some(d("5")), step: d("1"), step_price: vec![d("1.50")] },
                TierDef { over: d("5"), up_to: None, step: d("0.5"), step_price: vec![d("0.50")] },
            ]),
            ..Default::default()
        };
        let e = table(vec![flat("1.5", "10.00"), prog.clone()], BracketRule::NotOver).unwrap_err();
        assert_eq!(
            (e.code(), e.path(), e.message()),
            (
                ErrorCode::InvalidValue,
                "t.rows[1].tiers[0].over",
                "no earlier flat row ends at 2: the flat price P(T) is undefined"
            )
        );
        let t = table(vec![flat("2", "10.00"), prog], BracketRule::NotOver).unwrap();
        assert_eq!(t.price(d("6.2"), 0), Ok(d("16.00")));
        assert_eq!(t.price(d("2"), 0), Ok(d("10.00")));
        assert_eq!(t.price(d("2.1"), 0), Ok(d("11.50")));
        assert_eq!(t.price(d("5"), 0), Ok(d("14.50")));
        assert_eq!(t.price(d("5.1"), 0), Ok(d("15.00")));
    }

    #[test]
    fn mode2_and_mode4_unit_rows_after_flat_rows() {
        let unit = RowDef {
            up_to: Some(d("30")),
            mode: RowMode::Unit,
            prices: Some(ds(&["1.10"]).into()),
            ..Default::default()
        };
        let t = table(vec![flat("10", "9.00"), unit], BracketRule::NotOver).unwrap();
        assert_eq!(t.price(d("10"), 0), Ok(d("9.00")));
        assert_eq!(t.price(d("11"), 0), Ok(d("12.10")));
        assert_eq!(t.price(d("12.5"), 0).map(|v| v.normalize()), Ok(d("13.75")));
    }

    #[test]
    fn overlapping_brackets_are_refused() {
        let e = table(vec![flat("2", "1"), flat("2", "2")], BracketRule::NotOver).unwrap_err();
        assert_eq!(e.code(), ErrorCode::OverlappingBrackets);
        assert_eq!(e.path(), "t.rows[1].upTo");
        assert_eq!(e.message(), "2 is not above the previous row's 2: brackets overlap or are out of order");
        let e = table(vec![flat("2.50", "1"), flat("1", "2")], BracketRule::NotOver).unwrap_err();
        assert_eq!(e.message(), "1 is not above the previous row's 2.50: brackets overlap or are out of order");
    }

    #[test]
    fn integer_keys_find_the_rows_the_decimals_do() {
        let bounds = ["0.0625", "0.25", "0.5", "1", "1.5", "2", "10", "70.0", "99.99"];
        let open_ended = [false, true];
        let mut ws: Vec<Decimal> = vec![Decimal::ZERO, Decimal::MAX, Decimal::MIN, d("-1"), d("-0.0")];
        for b in bounds {
            let b = d(b);
            for delta in ["0", "0.0000000000000000000001", "0.00001", "0.001", "0.1"] {
                ws.push(b + d(delta));
                ws.push(b - d(delta));
            }
            ws.push(b.normalize());
            let mut wide = b;
            wide.rescale(20);
            ws.push(wide);
        }
        for i in 0..3000u32 {
            ws.push(Decimal::new(i64::from(i) * 37, i % 7));
        }
        for rule in [BracketRule::NotOver, BracketRule::Under] {
            for open in open_ended {
                let mut rows: Vec<RowDef> = bounds
                    .iter()
                    .map(|b| RowDef {
                        up_to: Some(d(b)),
                        prices: Some(vec![Some(d("1"))].into()),
                        ..Default::default()
                    })
                    .collect();
                if open {
                    rows.push(RowDef { up_to: None, prices: Some(vec![Some(d("1"))].into()), ..Default::default() });
                }
                let t = table(rows, rule).unwrap();
                assert!(t.keys.is_some());
                for w in &ws {
                    assert_eq!(t.row_index(*w), t.row_index_by_decimals(*w), "{w} {rule:?} {open}");
                }
            }
        }
        // Bounds too fine for 128 bits keep the decimals.
        let rows = ["0.0000000000000000000000000001", "79228162514264337593543950335"]
            .iter()
            .map(|b| RowDef { up_to: Some(d(b)), prices: Some(vec![Some(d("1"))].into()), ..Default::default() })
            .collect();
        assert!(table(rows, BracketRule::NotOver).unwrap().keys.is_none());
        // Bounds finer than the keys' scale, or whose keys pass 64 bits, keep the decimals
        // too (and find the same rows); bounds of 8 decimals have keys.
        for (bounds, keyed) in
            [(["0.000000001", "1"], false), (["1", "184467440738"], false), (["0.00000001", "184467440737"], true)]
        {
            let rows = bounds
                .iter()
                .zip(["1", "2"])
                .map(|(b, p)| RowDef { up_to: Some(d(b)), prices: Some(ds(&[p]).into()), ..Default::default() })
                .collect();
            let t = table(rows, BracketRule::NotOver).unwrap();
            assert_eq!(t.keys.is_some(), keyed, "{bounds:?}");
            assert_eq!(t.price(d(bounds[0]), 0), Ok(d("1")));
            assert_eq!(t.price(d(bounds[0]) + d("0.000000001"), 0), Ok(d("2")));
            assert_eq!(t.price(d(bounds[1]), 0), Ok(d("2")));
            assert_eq!(t.price(d(bounds[1]) + d("0.000000001"), 0), Err(NoPrice::BeyondTable));
        }
    }

    #[test]
    fn empty_cells_mean_no_service() {
        let row = RowDef { up_to: Some(d("1")), prices: Some(vec![None].into()), ..Default::default() };
        let t = table(vec![row], BracketRule::NotOver).unwrap();
        assert_eq!(t.price(d("0.5"), 0), Err(NoPrice::EmptyCell));
    }
}
