//! Rate cards: the JSON format (`format`) and its compiled, checked runtime form.

pub mod format;
pub mod layout;
pub mod scan;

use crate::billable::Billable;
use crate::conditions::ZipSets;
use crate::date::{Date, Period};
use crate::error::{msg, quoted, Error, ErrorCode, Result};
use crate::json::Path;
use crate::limits::Limit;
use crate::pricing::Table;
use crate::surcharge::Surcharge;
use crate::units::{LengthUnit, WeightUnit};
use crate::vecmap::VecMap;
use crate::zones::ZoneTable;
use format::{CardDoc, PriceType, TableKey, FORMAT_V1};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Most services a card may have.
pub const MAX_SERVICES: usize = 500;
/// Most surcharges a card may define.
pub const MAX_SURCHARGES: usize = 2_000;
/// Most zone tables a card may define (each zip3 table costs 40 KB before its origins).
pub const MAX_ZONE_TABLES: usize = 64;
/// Most named ZIP sets a card may define (each is a 12.5 KB bitmap).
pub const MAX_ZIP_SETS: usize = 256;
/// Most surcharges one service may list.
pub const MAX_SERVICE_SURCHARGES: usize = 256;
/// Most limits one service may have.
pub const MAX_LIMITS: usize = 64;
/// Most transit days a service may promise (estimated delivery dates count them one by one).
pub const MAX_TRANSIT_DAYS: u32 = 365;

/// Largest amount of money a card may state (a price, a surcharge amount, a minimum or
/// maximum charge): 1,000,000 in the card's currency.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Largest weight a card may compute with (a first weight, a minimum billable weight),
/// in the card's unit: 1,000,000.
pub const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Smallest step, rounding increment or dimensional divisor: 0.0001.
pub const MIN_STEP: Decimal = Decimal::from_parts(1, 0, 0, false, 4);
/// Largest step, rounding increment or dimensional divisor: 1,000,000.
pub const MAX_STEP: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Whether `v` is below 0 (`-0` is not), without a general comparison.
pub(crate) fn negative(v: Decimal) -> bool {
    v.is_sign_negative() && !v.is_zero()
}

/// Whether `v` (not negative) is above 1,000,000 ([`MAX_AMOUNT`] and [`MAX_WEIGHT`]):
/// for the scales of real amounts (≤ 12), a comparison of the mantissa with
/// 10^(6 + scale), so that loading a card does not rescale every price for a general
/// comparison.
fn above_million(v: Decimal) -> bool {
    match MILLION_AT.get(v.scale() as usize) {
        Some(&limit) => v.mantissa().unsigned_abs() > u128::from(limit),
        None => crate::rounding::order(v, MAX_AMOUNT).is_gt(),
    }
}

/// 1,000,000 at each scale: the mantissa of [`MAX_AMOUNT`] at 0 to 12 decimals (one table
/// for [`above_million`] and [`plain_amount`], where the former computed it in a loop).
// Indexing in a constant is checked when the crate compiles, never at run time.
#[allow(clippy::indexing_slicing)]
const MILLION_AT: [u64; 13] = {
    let (mut t, mut i) = ([1_000_000u64; 13], 1);
    while i < t.len() {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// The messages of the checks below, written out (they are the `Display` of the limits:
/// a test compares them) rather than formatted at run time.
const AT_MOST_MILLION: &str = "must be at most 1000000";
const AT_LEAST_MIN_STEP: &str = "must be at least 0.0001";

/// Checks an amount of money: 0 to [`MAX_AMOUNT`] (`invalid_value` at `path`). The checks
/// take their value by reference: a call then passes the card's own field, where a value
/// is first copied to the caller's stack (16 bytes, two loads and two stores per call).
pub(crate) fn check_amount(v: &Decimal, path: Path<'_>) -> Result<Decimal> {
    let v = *v;
    if negative(v) {
        return Err(path.error(ErrorCode::InvalidValue, "must not be negative"));
    }
    if above_million(v) {
        return Err(path.error(ErrorCode::InvalidValue, AT_MOST_MILLION));
    }
    Ok(v)
}

/// Whether [`check_amount`] accepts `v`, decided for the usual amounts (not negative, at
/// most 12 decimals) with one integer comparison and no call: for the loop over a row's
/// prices. `false` leaves the answer, and the error, to [`check_amount`].
#[inline(always)]
pub(crate) fn plain_amount(v: Decimal) -> bool {
    match MILLION_AT.get(v.scale() as usize) {
        Some(&limit) => !v.is_sign_negative() && v.mantissa() <= i128::from(limit),
        None => false,
    }
}

/// Checks a weight a card computes with: 0 to [`MAX_WEIGHT`] (`invalid_value`): the
/// check of an amount, since both limits are 1,000,000.
pub(crate) fn check_weight(v: &Decimal, path: Path<'_>) -> Result<Decimal> {
    check_amount(v, path)
}

/// Checks a step, increment or divisor: [`MIN_STEP`] to [`MAX_STEP`], with `code` (steps
/// give `invalid_step`, increments and divisors `invalid_value`).
pub(crate) fn check_step(v: &Decimal, code: ErrorCode, path: Path<'_>) -> Result<Decimal> {
    let v = *v;
    if !crate::rounding::positive(v) {
        return Err(path.error(code, "must be greater than 0"));
    }
    if crate::rounding::order(v, MIN_STEP).is_lt() {
        return Err(path.error(code, AT_LEAST_MIN_STEP));
    }
    if crate::rounding::order(v, MAX_STEP).is_gt() {
        return Err(path.error(code, AT_MOST_MILLION));
    }
    Ok(v)
}

/// A compiled card.
#[derive(Debug, Clone)]
pub struct Card {
    /// The document it was compiled from.
    pub doc: Arc<CardDoc>,
    /// Compiled zone tables by name.
    pub zone_tables: VecMap<Arc<ZoneTable>>,
    /// Compiled services.
    pub services: Vec<Service>,
    /// Content hash (`sha256:…`) when computed while loading (a hash to check).
    known_hash: Option<String>,
    /// Otherwise the content hash, computed when first needed (see [`Card::hash`]).
    hash: std::sync::OnceLock<String>,
}

/// A zone table resolved for one service: the table and, per zone label of the table,
/// the column of the service's price table.
#[derive(Debug, Clone)]
pub struct ZoneLink {
    /// The table.
    pub table: Arc<ZoneTable>,
    /// Column per label index (None = label not priced by this service).
    pub columns: Vec<Option<usize>>,
}

impl ZoneLink {
    /// Links a table to a price table's columns.
    pub fn new(table: Arc<ZoneTable>, price_table: &Table) -> ZoneLink {
        let columns = table.labels().iter().map(|l| price_table.column(l)).collect();
        ZoneLink { table, columns }
    }
}

/// A compiled service.
#[derive(Debug, Clone)]
pub struct Service {
    /// Service code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Price type.
    pub price_type: Option<PriceType>,
    /// Card ∩ service period.
    pub effective: Period,
    /// Zone tables, first match wins.
    pub zones: Vec<ZoneLink>,
    /// Zone tables tried next, by name, when loaded.
    pub fallback_zones: Vec<String>,
    /// Billable weight rules.
    pub billable: Billable,
    /// Limits.
    pub limits: Vec<Limit>,
    /// Price table.
    pub table: Table,
    /// Minimum base freight.
    pub min_charge: Option<Decimal>,
    /// Maximum base freight.
    pub max_charge: Option<Decimal>,
    /// Surcharges in computing order.
    pub surcharges: Vec<Arc<Surcharge>>,
    /// Transit days per table column.
    pub transit_days: Vec<Option<u32>>,
    /// Card weight unit.
    pub weight_unit: WeightUnit,
    /// Card length unit.
    pub dim_unit: LengthUnit,
}

impl Service {
    /// A service before anything is compiled into it, every list empty: a constant, pushed
    /// whole (one copy from the module's data, where the struct expression stored each of
    /// its empty fields), then given the card's and the definition's values in place.
    const START: Service = Service {
        code: String::new(),
        name: String::new(),
        price_type: None,
        effective: Period { from: None, to: None },
        zones: Vec::new(),
        fallback_zones: Vec::new(),
        billable: Billable::NONE,
        limits: Vec::new(),
        table: Table::blank(format::BracketRule::NotOver),
        min_charge: None,
        max_charge: None,
        surcharges: Vec::new(),
        transit_days: Vec::new(),
        weight_unit: WeightUnit::Lb,
        dim_unit: LengthUnit::In,
    };
}

impl Card {
    /// Compiles a card. `shared` holds zone tables already loaded from other cards,
    /// which services may reference by name when their own card lacks the name.
    pub fn compile(doc: CardDoc, shared: &VecMap<Arc<ZoneTable>>) -> Result<Card> {
        Card::compile_hashed(doc, shared, None)
    }

    /// The content hash (`sha256:…`). Hashing serialises the whole card (for the
    /// national zone chart, 930 KB through SHA-256), so it is done once, and only when
    /// something needs it: a card's own `hash` field, a required hash, a fingerprint.
    pub fn hash(&self) -> &str {
        match &self.known_hash {
            Some(h) => h,
            None => self.hash.get_or_init(|| crate::integrity::card_hash(&self.doc)),
        }
    }

    /// The content hash when loading computed it (the card had a hash to check).
    pub(crate) fn known_hash(&self) -> Option<&str> {
        self.known_hash.as_deref()
    }

    /// As [`compile`](Self::compile), with the content hash when it is already computed.
    // Compiled once per card: kept out of line so that wasm's `addCard` is not one
    // 43 KB function, which V8 compiles on first call (4 ms of a cold start) even for
    // the parts a card does not use. Each service is compiled by `compile_service`, out
    // of line too.
    #[inline(never)]
    pub fn compile_hashed(doc: CardDoc, shared: &VecMap<Arc<ZoneTable>>, hash: Option<String>) -> Result<Card> {
        // Compared by the shared out-of-line `listed`: `!=` inlined the 10-byte comparison as
        // two loads and constants (~40 bytes of code).
        if !crate::listed(std::slice::from_ref(&doc.format), FORMAT_V1) {
            return Err(Error::new(
                ErrorCode::UnsupportedFormat,
                "format",
                quoted("", &doc.format, " is not a format this zonerate reads (expected \"zonerate/1\")"),
            ));
        }
        // The card's own fields, in order: the first wrong one's path and message (one
        // error built for all four).
        let bad = if crate::trim(&doc.id).is_empty() {
            Some(("id", "must not be empty"))
        } else if crate::trim(&doc.carrier).is_empty() {
            Some(("carrier", "must not be empty"))
        } else if doc.currency.len() != 3 || !doc.currency.bytes().all(|c| c.is_ascii_uppercase()) {
            Some(("currency", "must be a 3-letter ISO 4217 code such as USD"))
        } else {
            match (doc.effective.from, doc.effective.to) {
                (Some(f), Some(t)) if t < f => Some(("effective.to", "is before `from`")),
                _ => None,
            }
        };
        if let Some((path, message)) = bad {
            return Err(Error::new(ErrorCode::InvalidValue, path, message));
        }
        let counts = [doc.services.len(), doc.surcharges.len(), doc.zone_tables.len(), doc.zip_sets.len()];
        // The table by reference: by value, it was copied onto the stack first.
        for (n, &(max, list, message)) in counts.into_iter().zip(&CARD_LISTS) {
            if n > max {
                return Err(Error::new(ErrorCode::CardTooLarge, list, message));
            }
        }
        let root = Path::Root;
        let mut hubs = 0;
        for t in doc.zone_tables.values() {
            hubs += t.hubs.as_ref().map_or(0, Vec::len);
        }
        if hubs > crate::zones::MAX_HUBS {
            return Err(too_many_hubs(hubs));
        }
        // Every error once parts are compiled leaves this block: one exit (and one drop of
        // what was built) for all.
        let e: Error = 'fail: {
            // A card without ZIP sets or surcharges (a zone chart) does not call their
            // compilers: V8 compiles a function on its first call.
            let mut zip_sets = ZipSets::default();
            if !doc.zip_sets.is_empty() {
                if let Err(e) = zip_sets.compile_into(&doc.zip_sets, root.key("zipSets")) {
                    break 'fail e;
                }
            }
            let mut zone_tables = VecMap::new();
            let tables_path = root.key("zoneTables");
            for (name, def) in &doc.zone_tables {
                match ZoneTable::compile(name, def, tables_path.key(name)) {
                    Ok(t) => zone_tables.insert(name.clone(), t),
                    Err(e) => break 'fail e,
                };
            }
            let mut surcharges = Surcharges { compiled: Vec::new(), by_code: Vec::new() };
            if !doc.surcharges.is_empty() {
                if let Err(e) = surcharges.compile(&doc, &zip_sets) {
                    break 'fail e;
                }
            }
            let mut services = Vec::new();
            let mut codes: Vec<(&str, usize)> = Vec::new();
            let cx =
                Context { doc: &doc, zip_sets: &zip_sets, zone_tables: &zone_tables, shared, surcharges: &surcharges };
            let services_path = root.key("services");
            for (i, s) in doc.services.iter().enumerate() {
                if let Err(e) = compile_service(&cx, s, services_path.index(i), &mut codes, &mut services) {
                    break 'fail e;
                }
            }
            // A hash computed while loading is kept as it is: setting a `OnceLock` is its once
            // machinery, which a card loaded without a hash to check then did not compile.
            return Ok(Card {
                doc: Arc::new(doc),
                zone_tables,
                services,
                known_hash: hash,
                hash: std::sync::OnceLock::new(),
            });
        };
        Err(e)
    }

    /// The card id.
    pub fn id(&self) -> &str {
        &self.doc.id
    }
}

/// The error of a card with `hubs` entry hubs, more than [`crate::zones::MAX_HUBS`]
/// (cold, out of line: the message's formatting is only compiled for such a card).
#[cold]
#[inline(never)]
fn too_many_hubs(hubs: usize) -> Error {
    Error::new(
        ErrorCode::CardTooLarge,
        "zoneTables",
        msg!("has ", hubs, " entry hubs; at most ", crate::zones::MAX_HUBS, " are allowed in one card"),
    )
}

/// What the services of a card are compiled against.
struct Context<'a> {
    doc: &'a CardDoc,
    zip_sets: &'a ZipSets,
    zone_tables: &'a VecMap<Arc<ZoneTable>>,
    shared: &'a VecMap<Arc<ZoneTable>>,
    surcharges: &'a Surcharges<'a>,
}

/// A card's compiled surcharges, in card order, with their codes sorted for the
/// services' look-ups (a sorted list and one search cost less code than a map).
struct Surcharges<'a> {
    compiled: Vec<Arc<Surcharge>>,
    /// (code, index in `compiled`), sorted.
    by_code: Vec<(&'a str, usize)>,
}

impl<'a> Surcharges<'a> {
    /// Compiles the card's surcharges in order; a code defined twice is refused at its
    /// second definition, in card order with the other errors. Each code is put in its
    /// place among those before it, moving the ones after it (none for codes in order),
    /// rather than all sorted at the end: the search is the one `get` uses, where a sort
    /// was inlined here (the worst case, 2,000 codes in reverse order, moves 2 million
    /// entries of 12 bytes).
    /// Into `self`, empty: pushed where they stay (an error has no lists of its own to free:
    /// the card's compiler drops them with the rest).
    #[inline(never)]
    fn compile(&mut self, doc: &'a CardDoc, zip_sets: &ZipSets) -> Result<()> {
        let surcharges_path = Path::Root.key("surcharges");
        for (i, s) in doc.surcharges.iter().enumerate() {
            let path = surcharges_path.index(i);
            add_code(&mut self.by_code, &s.code, i, path, " is defined twice")?;
            self.compiled.push(Surcharge::compile(s, zip_sets, path)?);
        }
        Ok(())
    }

    /// The surcharge with this code.
    fn get(&self, code: &str) -> Option<&Arc<Surcharge>> {
        let k = find_code(&self.by_code, code).ok()?;
        self.compiled.get(self.by_code.get(k)?.1)
    }
}

/// Where `code` is in the sorted `by_code` (`Ok`), or where it would go (`Err`): one copy
/// for the surcharges' compiling and the services' look-ups.
#[inline(never)]
fn find_code(by_code: &[(&str, usize)], code: &str) -> std::result::Result<usize, usize> {
    by_code.binary_search_by(|(c, _)| (*c).cmp(code))
}

/// Adds `code` (of item `i`, at `path`) to the sorted `codes`, or refuses it when it is there
/// already (`twice` ends the message): the surcharges' codes and the services' (whose index
/// is not used) alike.
fn add_code<'d>(codes: &mut Vec<(&'d str, usize)>, code: &'d str, i: usize, path: Path<'_>, twice: &str) -> Result<()> {
    match find_code(codes, code) {
        Ok(_) => Err(quoted_error(path.key("code"), ErrorCode::DuplicateCode, "", code, twice)),
        // An insertion point is at most the length: the insert cannot panic.
        Err(at) => {
            codes.insert(at, (code, i));
            Ok(())
        }
    }
}

/// Compiles `s`, service `i` of the card, at `path`, into `out` (pushed there: a service
/// returned, 352 bytes, was copied once more on its way into the list).
// Out of line (see `Card::compile_hashed`): a card without services does not compile it.
#[inline(never)]
fn compile_service<'d>(
    cx: &Context<'_>,
    s: &'d format::ServiceDef,
    path: Path<'_>,
    codes: &mut Vec<(&'d str, usize)>,
    out: &mut Vec<Service>,
) -> Result<()> {
    let doc = cx.doc;
    if crate::trim(&s.code).is_empty() {
        return Err(crate::card::error_at(&path, "code", ErrorCode::InvalidValue, "must not be empty"));
    }
    // The codes of the services before it, sorted, found by the search of the surcharges' codes
    // (their index unused: 0), where a loop compared the code with each one before it.
    add_code(codes, &s.code, 0, path, " appears twice in this card")?;
    // The service is pushed first and filled in place: an error then leaves what was built
    // in the list, which the card's compiler drops whole, where each part built on the
    // stack was freed on every error's way out (code per error per part).
    out.push(Service::START);
    let Some(svc) = out.last_mut() else {
        return Ok(());
    };
    svc.price_type = s.price_type.or(doc.price_type);
    svc.effective = doc.effective;
    svc.table.set_rule(s.bracket_rule.unwrap_or(doc.bracket_rule));
    (svc.min_charge, svc.max_charge) = (s.min_charge, s.max_charge);
    (svc.weight_unit, svc.dim_unit) = (doc.weight_unit, doc.dim_unit);
    svc.table.compile_into(&s.table, cx.zip_sets, path.key("table"))?;
    let table = &svc.table;
    if table.key == TableKey::Cubic && doc.dim_unit != LengthUnit::In {
        return Err(Error::new(ErrorCode::InvalidValue, "dimUnit", "cubic tables need a card in inches"));
    }
    // Each part put in its (empty) field: nothing there to drop (see `json::fill`).
    link_zones(cx, s, table, &mut svc.zones, path.key("zones"))?;
    svc.billable.compile_into(&s.billable, path.key("billable"))?;
    let limits_path = path.key("limits");
    at_most(s.limits.len(), MAX_LIMITS, limits_path, AT_MOST_LIMITS)?;
    let surcharges_path = path.key("surcharges");
    at_most(s.surcharges.len(), MAX_SERVICE_SURCHARGES, surcharges_path, AT_MOST_SERVICE_SURCHARGES)?;
    // Each limit checked, then copied onto the service's empty list (grown by its pushes:
    // the clone of the whole list inlined a first allocation of its own).
    for (j, l) in s.limits.iter().enumerate() {
        l.check_def(limits_path.index(j))?;
        svc.limits.push(l.clone());
    }
    service_surcharges(cx.surcharges, &s.surcharges, &mut svc.surcharges, surcharges_path)?;
    if s.min_charge.is_some() || s.max_charge.is_some() {
        check_charges(s, path)?;
    }
    // One vector for both cases: with the service's own days, a copy of them.
    let n = svc.table.zones.len();
    let transit_days = &mut svc.transit_days;
    transit_days.resize(n, None);
    if let Some(t) = &s.transit_days {
        let tp = path.key("transitDays");
        if t.len() != n {
            return Err(tp.error(ErrorCode::ZoneCountMismatch, "needs one entry per zone column of the table"));
        }
        // Each day checked and copied in one loop (an error drops the service whole).
        for (j, (slot, &d)) in transit_days.iter_mut().zip(t).enumerate() {
            if d.is_some_and(|d| d > MAX_TRANSIT_DAYS) {
                return Err(tp.index(j).error(ErrorCode::InvalidValue, AT_MOST_TRANSIT_DAYS));
            }
            *slot = d;
        }
    }
    if let Some(p) = s.effective {
        svc.effective = within(doc.effective, p);
    }
    crate::json::fill(&mut svc.code, s.code.clone());
    crate::json::fill(&mut svc.name, s.name.clone());
    if let Some(f) = &s.fallback_zones {
        crate::json::fill(&mut svc.fallback_zones, f.clone());
    }
    Ok(())
}

/// The minimum and maximum charges of service `s` (at `path`), when it has either.
// Out of line, as the two below: only a card whose services have them compiles them.
#[inline(never)]
fn check_charges(s: &format::ServiceDef, path: Path<'_>) -> Result<()> {
    if let Some(v) = &s.min_charge {
        check_amount(v, path.key("minCharge"))?;
    }
    if let Some(v) = &s.max_charge {
        check_amount(v, path.key("maxCharge"))?;
    }
    if let (Some(a), Some(b)) = (s.min_charge, s.max_charge) {
        if crate::rounding::order(b, a).is_lt() {
            return Err(crate::card::error_at(&path, "maxCharge", ErrorCode::InvalidValue, "is below minCharge"));
        }
    }
    Ok(())
}

/// The card's period `card` narrowed to a service's own `p`.
#[inline(never)]
fn within(card: Period, p: Period) -> Period {
    Period { from: narrowed(&card.from, &p.from, true), to: narrowed(&card.to, &p.to, false) }
}

/// The later (`later`) or earlier of two ends of periods, either open: one copy of the
/// comparison of dates for both ends. The end picked by reference, then copied whole: a
/// date picked by value was taken apart and put together again field by field.
#[inline(never)]
fn narrowed(a: &Option<Date>, b: &Option<Date>, later: bool) -> Option<Date> {
    let pick = match (a, b) {
        (Some(x), Some(y)) if (y > x) == later => b,
        (None, _) => b,
        _ => a,
    };
    *pick
}

/// The zone tables of a service (at `zones_path`), linked to its price table: the card's
/// own by name, else those of the cards loaded before it, pushed onto the service's empty
/// `zones` (in place: what is linked before an error is dropped with the service).
fn link_zones(
    cx: &Context<'_>,
    s: &format::ServiceDef,
    table: &Table,
    zones: &mut Vec<ZoneLink>,
    zones_path: Path<'_>,
) -> Result<()> {
    for (j, name) in s.zones.as_slice().iter().enumerate() {
        let zp = match &s.zones {
            format::OneOrMany::One(_) => zones_path,
            format::OneOrMany::Many(_) => zones_path.index(j),
        };
        let Some(t) = cx.zone_tables.get(name).or_else(|| cx.shared.get(name)) else {
            return Err(quoted_error(
                zp,
                ErrorCode::UnknownZoneTable,
                "no zone table named ",
                name,
                " in this card or the cards loaded before it",
            ));
        };
        // The columns checked before the link is made: an error then has no link to drop.
        // Whether any label is a column, found while they are looked up (no second loop).
        let mut any = false;
        let columns: Vec<Option<usize>> = t
            .labels()
            .iter()
            .map(|l| {
                let c = table.column(l);
                any |= c.is_some();
                c
            })
            .collect();
        if !any {
            return Err(quoted_error(
                zp,
                ErrorCode::InvalidValue,
                "none of zone table ",
                name,
                "'s zones is a column of the price table",
            ));
        }
        zones.push(ZoneLink { table: Arc::clone(t), columns });
    }
    if zones.is_empty() {
        return Err(zones_path.error(ErrorCode::InvalidValue, "must name at least one zone table"));
    }
    Ok(())
}

/// The surcharges a service lists (`codes`, at `path`), in its order: each defined by the
/// card, listed once, and a percentage only of lines listed before it; pushed onto `out`,
/// the service's empty list (in place, as its zone tables).
fn service_surcharges(
    all: &Surcharges<'_>,
    codes: &[String],
    out: &mut Vec<Arc<Surcharge>>,
    path: Path<'_>,
) -> Result<()> {
    for (j, code) in codes.iter().enumerate() {
        let sp = path.index(j);
        let Some(sc) = all.get(code) else {
            return Err(quoted_error(
                sp,
                ErrorCode::UnknownSurcharge,
                "no surcharge with code ",
                code,
                " in this card",
            ));
        };
        let before = codes.get(..j).unwrap_or_default();
        if crate::listed(before, code) {
            return Err(quoted_error(sp, ErrorCode::DuplicateCode, "", code, " is listed twice"));
        }
        if let crate::surcharge::Charge::Percent { of, .. } = &sc.charge {
            percent_of_earlier(code, of, before, sp)?;
        }
        out.push(Arc::clone(sc));
    }
    Ok(())
}

/// A percentage may only be of lines computed before it: each line `of` percentage `code`
/// (at `sp`) is one of the service's surcharges listed `before` it. Out of line (kept so by
/// `scripts/build-wasm.sh`): only a card with percentages compiles it.
#[inline(never)]
fn percent_of_earlier(code: &str, of: &[crate::surcharge::Basis], before: &[String], sp: Path<'_>) -> Result<()> {
    for b in of {
        if let crate::surcharge::Basis::Line(c) = b {
            if !crate::listed(before, c) {
                return Err(sp.error(ErrorCode::UnknownSurcharge, percent_of_later(code, c)));
            }
        }
    }
    Ok(())
}

/// `code` at `path`, with the message `before`, `value` quoted, `after` (see [`quoted`]):
/// one cold call for each such error of the card's services and surcharges.
#[cold]
#[inline(never)]
pub(crate) fn quoted_error(path: Path<'_>, code: ErrorCode, before: &str, value: &str, after: &str) -> Error {
    path.error(code, quoted(before, value, after))
}

/// A copy of an optional field (a text or a list of texts) of a card: one out-of-line copy
/// for every such field compiled, where the `Option`'s clone inlined its test, its call and
/// its store of `None` at each.
#[inline(never)]
pub(crate) fn copy_opt<T: Clone>(v: &Option<T>) -> Option<T> {
    v.clone()
}

/// `"a" is a percentage of "b", which this service does not list before it`.
#[cold]
#[inline(never)]
fn percent_of_later(code: &str, of: &str) -> String {
    let mut m = quoted("", code, " is a percentage of ");
    crate::json::append(&mut m, &quoted("", of, ", which this service does not list before it"));
    m
}

/// `code` with `message` at member `key` of `path`: the error sites of card compilation
/// pass the parent path and the key, where building the member's path at each site took
/// four stores to the stack (one cold function instead of about 30 bytes a site).
#[cold]
#[inline(never)]
pub(crate) fn error_at(path: &Path<'_>, key: &str, code: ErrorCode, message: &'static str) -> Error {
    path.key(key).error(code, message)
}

/// The index of the first of `labels` that is empty or repeats one before it, if any: the
/// one check of a price table's zone labels and a zone table's labels.
#[inline(never)]
pub(crate) fn empty_or_repeated(labels: &[String]) -> Option<usize> {
    labels.iter().enumerate().position(|(i, l)| l.is_empty() || crate::listed(labels.get(..i).unwrap_or_default(), l))
}

/// `card_too_large` at `path` when a list of `n` is longer than `max`: `has <n> <rest>`,
/// where `rest` says what and the limit (`"rows; at most 5000 are allowed"`, written out
/// next to the limit). The one check of every list of a card with such a limit.
pub(crate) fn has_at_most(n: usize, max: usize, path: Path<'_>, rest: &str) -> Result<()> {
    if n > max {
        return Err(has_too_many(path, n, rest));
    }
    Ok(())
}

/// The error of [`has_at_most`]: one message builder for every list of a card that is too long.
#[cold]
#[inline(never)]
fn has_too_many(path: Path<'_>, n: usize, rest: &str) -> Error {
    path.error(ErrorCode::CardTooLarge, msg!("has ", n, " ", rest))
}

/// `card_too_large` with `message` at `path` when `n` is above `max`.
fn at_most(n: usize, max: usize, path: Path<'_>, message: &'static str) -> Result<()> {
    if n > max {
        return Err(path.error(ErrorCode::CardTooLarge, message));
    }
    Ok(())
}

/// The limits of a card's lists, with their names (their paths) and messages, in the order
/// they are checked: a table in data and one loop rather than four checks in code.
const CARD_LISTS: [(usize, &str, &str); 4] = [
    (MAX_SERVICES, "services", AT_MOST_SERVICES),
    (MAX_SURCHARGES, "surcharges", AT_MOST_SURCHARGES),
    (MAX_ZONE_TABLES, "zoneTables", AT_MOST_ZONE_TABLES),
    (MAX_ZIP_SETS, "zipSets", AT_MOST_ZIP_SETS),
];

/// The messages of the limits above, written out rather than formatted (a test compares
/// them with the limits).
const AT_MOST_SERVICES: &str = "at most 500 services";
const AT_MOST_SURCHARGES: &str = "at most 2000 surcharges";
const AT_MOST_ZONE_TABLES: &str = "at most 64 zone tables";
const AT_MOST_ZIP_SETS: &str = "at most 256 ZIP sets";
const AT_MOST_LIMITS: &str = "at most 64 limits";
const AT_MOST_SERVICE_SURCHARGES: &str = "at most 256 surcharges per service";
const AT_MOST_TRANSIT_DAYS: &str = "must be at most 365 days";

/// Reads card JSON text (without compiling it), straight from the text (no tree).
/// Oversized text is refused by its length first; nesting and counts beyond the limits
/// of [`scan`] are refused (`card_too_large` with the path of the array) as soon as the
/// reader meets them, before anything more is built. On any error the text is parsed
/// whole (see `card_error`), so the error is the one a parse then a read gave.
#[inline(never)] // out of line: see `Card::compile_hashed`
pub fn parse_card(text: &str) -> Result<CardDoc> {
    if text.len() > crate::engine::MAX_CARD_BYTES {
        return Err(card_too_long(text.len()));
    }
    crate::json::read_str(text, Some(scan::LIMITS_WHILE_PARSING)).map_err(|e| card_error(text, e))
}

/// The error of a card text whose reading failed with `e`. When the text is not JSON
/// within the limits, for any reason, the scan is run, and its error, if it finds one,
/// comes first (as when it ran before the parse), else the parser's; otherwise `e`.
#[cold]
#[inline(never)]
fn card_error(text: &str, e: Error) -> Error {
    match crate::json::validate(text, Some(scan::LIMITS_WHILE_PARSING)) {
        Ok(()) => e,
        Err(parse) => scan::check_card_text(text).err().unwrap_or(parse),
    }
}

/// The error of a card text longer than [`crate::engine::MAX_CARD_BYTES`] (out of line:
/// `parse_card` is compiled on the first card, the message's formatting never is).
#[cold]
#[inline(never)]
fn card_too_long(len: usize) -> Error {
    Error::new(
        ErrorCode::CardTooLarge,
        "",
        msg!("the card is ", len, " bytes; at most ", crate::engine::MAX_CARD_BYTES, " are accepted"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The minimal example card with its `surcharges` and its service's list replaced.
    fn card_with(surcharges: serde_json::Value, listed: serde_json::Value) -> Result<Card> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/minimal.json");
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["surcharges"] = surcharges;
        v["services"][0]["surcharges"] = listed;
        let doc = crate::json::from_str::<CardDoc>(&v.to_string())?;
        Card::compile(doc, &VecMap::new())
    }

    fn error_of(r: Result<Card>) -> (ErrorCode, String, String) {
        let e = r.unwrap_err();
        (e.code(), e.path().to_string(), e.message().to_string())
    }

    #[test]
    fn surcharge_errors_come_in_card_order() {
        use serde_json::json;
        let flat = |code: &str| json!({"code": code, "label": "L", "charge": {"type": "flat", "amount": "1"}});
        let bad = |code: &str| json!({"code": code, "label": "L", "charge": {"type": "flat"}});
        let pct = |code: &str, of: &str| json!({"code": code, "label": "L", "charge": {"type": "percent", "percent": "5", "of": [of]}});
        // A code defined twice is refused at its second definition, before it is compiled...
        let e = error_of(card_with(json!([flat("a"), bad("a")]), json!([])));
        assert_eq!(e, (ErrorCode::DuplicateCode, "surcharges[1].code".into(), "\"a\" is defined twice".into()));
        // ...and after the errors of the definitions before it.
        let e = error_of(card_with(json!([flat("a"), bad("b"), flat("a")]), json!([])));
        assert_eq!((e.0, e.1.as_str()), (ErrorCode::InvalidValue, "surcharges[1].charge.amount"));
        // The first repeated definition in card order, whatever the codes' order.
        let e = error_of(card_with(json!([flat("z"), flat("b"), flat("b"), flat("z")]), json!([])));
        assert_eq!(e, (ErrorCode::DuplicateCode, "surcharges[2].code".into(), "\"b\" is defined twice".into()));
        let all = json!([flat("a"), flat("b"), flat("c"), pct("p", "b")]);
        let card = card_with(all.clone(), json!(["c", "a", "b", "p"])).unwrap();
        let codes: Vec<&str> = card.services[0].surcharges.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, ["c", "a", "b", "p"]);
        let e = error_of(card_with(all.clone(), json!(["a", "x"])));
        assert_eq!(
            e,
            (
                ErrorCode::UnknownSurcharge,
                "services[0].surcharges[1]".into(),
                "no surcharge with code \"x\" in this card".into()
            )
        );
        let e = error_of(card_with(all.clone(), json!(["a", "b", "a"])));
        assert_eq!(e, (ErrorCode::DuplicateCode, "services[0].surcharges[2]".into(), "\"a\" is listed twice".into()));
        let e = error_of(card_with(all, json!(["a", "p", "b"])));
        assert_eq!(
            e,
            (
                ErrorCode::UnknownSurcharge,
                "services[0].surcharges[1]".into(),
                "\"p\" is a percentage of \"b\", which this service does not list before it".into()
            )
        );
        let many: Vec<serde_json::Value> = (0..=MAX_SURCHARGES).map(|i| flat(&format!("s{i}"))).collect();
        let e = error_of(card_with(json!(many), json!([])));
        assert_eq!(e, (ErrorCode::CardTooLarge, "surcharges".into(), "at most 2000 surcharges".into()));
    }

    #[test]
    fn a_service_code_used_twice_is_refused_at_its_second_use() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/minimal.json");
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let with_codes = |codes: &[&str]| {
            let mut v = v.clone();
            let one = v["services"][0].clone();
            v["services"] = codes
                .iter()
                .map(|c| {
                    let mut s = one.clone();
                    s["code"] = serde_json::json!(c);
                    s
                })
                .collect();
            Card::compile(crate::json::from_str::<CardDoc>(&v.to_string()).unwrap(), &VecMap::new())
        };
        let codes: Vec<String> =
            with_codes(&["b", "c", "a"]).unwrap().services.iter().map(|s| s.code.clone()).collect();
        assert_eq!(codes, ["b", "c", "a"]);
        let e = error_of(with_codes(&["z", "b", "a", "b", "z"]));
        assert_eq!(e, (ErrorCode::DuplicateCode, "services[3].code".into(), "\"b\" appears twice in this card".into()));
    }

    #[test]
    fn lists_at_their_limit_pass_and_one_more_is_card_too_large() {
        let root = Path::Root;
        let surcharges = root.key("surcharges");
        let item = surcharges.index(3);
        let charge = item.key("charge");
        let path = charge.key("rows");
        let rows = crate::pricing::TOO_MANY_ROWS;
        assert!(has_at_most(0, 5000, path, rows).is_ok());
        assert!(has_at_most(5000, 5000, path, rows).is_ok());
        let e = has_at_most(5001, 5000, path, rows).unwrap_err();
        assert_eq!(
            (e.code(), e.path(), e.message()),
            (ErrorCode::CardTooLarge, "surcharges[3].charge.rows", "has 5001 rows; at most 5000 are allowed")
        );
    }

    #[test]
    fn written_out_messages_are_those_of_the_limits() {
        assert_eq!(AT_MOST_SERVICES, format!("at most {MAX_SERVICES} services"));
        assert_eq!(AT_MOST_SURCHARGES, format!("at most {MAX_SURCHARGES} surcharges"));
        assert_eq!(AT_MOST_ZONE_TABLES, format!("at most {MAX_ZONE_TABLES} zone tables"));
        assert_eq!(AT_MOST_ZIP_SETS, format!("at most {MAX_ZIP_SETS} ZIP sets"));
        assert_eq!(AT_MOST_LIMITS, format!("at most {MAX_LIMITS} limits"));
        assert_eq!(AT_MOST_SERVICE_SURCHARGES, format!("at most {MAX_SERVICE_SURCHARGES} surcharges per service"));
        assert_eq!(AT_MOST_TRANSIT_DAYS, format!("must be at most {MAX_TRANSIT_DAYS} days"));
        assert_eq!(
            quoted("", FORMAT_V1, " is not a format this zonerate reads (expected \"zonerate/1\")"),
            format!("{FORMAT_V1:?} is not a format this zonerate reads (expected {FORMAT_V1:?})")
        );
        assert_eq!(
            percent_of_later("a", "b\""),
            format!("{:?} is a percentage of {:?}, which this service does not list before it", "a", "b\"")
        );
    }

    #[test]
    fn a_services_period_is_narrowed_to_the_cards() {
        let d = |y, m, day| Date::new(y, m, day);
        let p = |from, to| Period { from, to };
        let card = p(d(2026, 1, 19), d(2026, 12, 31));
        // Later start and earlier end win; an open end takes the other's.
        assert_eq!(within(card, p(d(2026, 3, 1), d(2027, 1, 1))), p(d(2026, 3, 1), d(2026, 12, 31)));
        assert_eq!(within(card, p(d(2025, 3, 1), d(2026, 6, 30))), p(d(2026, 1, 19), d(2026, 6, 30)));
        assert_eq!(within(card, p(d(2026, 1, 20), None)), p(d(2026, 1, 20), d(2026, 12, 31)));
        assert_eq!(within(p(None, None), p(d(2026, 2, 1), d(2026, 2, 28))), p(d(2026, 2, 1), d(2026, 2, 28)));
        assert_eq!(within(p(None, d(2026, 5, 1)), p(None, d(2026, 4, 30))), p(None, d(2026, 4, 30)));
        // Month and day compare after the year.
        assert_eq!(within(p(d(2025, 12, 31), None), p(d(2026, 1, 1), None)), p(d(2026, 1, 1), None));
        assert_eq!(within(p(d(2026, 2, 3), None), p(d(2026, 2, 2), None)), p(d(2026, 2, 3), None));
    }

    #[test]
    fn amount_checks_compare_as_decimals_do() {
        assert_eq!((MAX_AMOUNT, MAX_WEIGHT), (Decimal::from(1_000_000), Decimal::from(1_000_000)));
        for max in [MAX_AMOUNT, MAX_WEIGHT, MAX_STEP] {
            assert_eq!(AT_MOST_MILLION, format!("must be at most {max}"));
        }
        assert_eq!(AT_LEAST_MIN_STEP, format!("must be at least {MIN_STEP}"));
        let mut texts: Vec<String> = vec![
            "0",
            "-0",
            "-0.00",
            "1000000",
            "1000000.0000",
            "1000000.0001",
            "999999.9999999999999",
            "1000001",
            "-0.01",
            "7.62",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "1000000.000000000001",
            "1000000.0000000000000000001",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for scale in 0..=28u32 {
            for m in [0i64, 1, 999_999, 1_000_000, 1_000_001, 9_999_999, i64::MAX] {
                for neg in [false, true] {
                    let d = Decimal::new(if neg { -m } else { m }, 0);
                    let mut d = d;
                    d.set_scale(scale).unwrap();
                    texts.push(d.to_string());
                    let big = Decimal::from_i128_with_scale(i128::from(m) * 1_000_000_000, scale);
                    texts.push(big.to_string());
                }
            }
        }
        for t in &texts {
            let v: Decimal = t.parse().unwrap();
            assert_eq!(negative(v), v < Decimal::ZERO, "{t}");
            if !negative(v) {
                assert_eq!(above_million(v), v > MAX_AMOUNT, "{t}");
                assert_eq!(above_million(v), v > MAX_WEIGHT, "{t}");
            }
        }
        // The check inlined into the loop over a row's prices: it accepts only amounts from
        // 0 to 1,000,000 and decides all of them with at most 12 decimals and no minus sign.
        let mut values: Vec<Decimal> = texts.iter().map(|t| t.parse().unwrap()).collect();
        for scale in 0..=28u32 {
            let limit = 1_000_000i128 * 10i128.pow(scale);
            let mantissas = [0, 1, limit - 1, limit, limit + 1, 5 * limit, (1i128 << 96) - 1];
            for m in mantissas.into_iter().filter(|m| *m < 1i128 << 96) {
                for neg in [false, true] {
                    values.push(Decimal::from_i128_with_scale(if neg { -m } else { m }, scale));
                }
            }
        }
        for v in values {
            let ok = v >= Decimal::ZERO && v <= MAX_AMOUNT;
            if plain_amount(v) {
                assert!(ok, "{v}");
            }
            if v.scale() <= 12 && !v.is_sign_negative() {
                assert_eq!(plain_amount(v), ok, "{v}");
            }
            assert_eq!(check_amount(&v, Path::Root).is_ok(), ok, "{v}");
        }
    }
}
