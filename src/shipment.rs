//! The shipment to quote: input forms (JSON, the CLI's `2.5lb` and `12x10x6in`), and
//! their checked, normalised form.

use crate::date::Date;
use crate::error::{msg, quoted, Error, ErrorCode, Result};
use crate::json::{
    missing_field, put, read_struct, FromJson, ObjectWriter, Path, ReadField, Reader, StructDef, ToJson,
};
use crate::units::{LengthUnit, WeightUnit};
use crate::zip::Zip5;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Heaviest weight accepted as input at all (in lb): beyond it the input is absurd,
/// not merely over a service's limit.
pub const ABSURD_WEIGHT_LB: u32 = 20_000;
/// Longest side accepted as input at all (in inches).
pub const ABSURD_SIDE_IN: u32 = 2_000;

/// A weight with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weight {
    /// Value (> 0).
    pub value: Decimal,
    /// Unit.
    pub unit: WeightUnit,
}

/// Three sides with their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimensions {
    /// Length, width, height as given.
    pub sides: [Decimal; 3],
    /// Unit.
    pub unit: LengthUnit,
}

/// Extra options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Options asked for (`signature`, …), sorted and unique.
    pub flags: Vec<String>,
    /// Packaging kind (`box`, `tube`, `roll`, …).
    pub packaging: Option<String>,
    /// Declared value, in the cards' currency.
    pub declared_value: Option<Decimal>,
    /// Entry hub to use for regional carriers (otherwise chosen from the origin ZIP).
    pub hub: Option<String>,
}

/// A checked shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    /// Origin ZIP.
    pub from: Zip5,
    /// Destination ZIP.
    pub to: Zip5,
    /// Actual weight.
    pub weight: Weight,
    /// Dimensions, if given.
    pub dims: Option<Dimensions>,
    /// Residential delivery.
    pub residential: bool,
    /// Ship date.
    pub ship_date: Date,
    /// Only these services, if given.
    pub services: Option<Vec<String>>,
    /// Options.
    pub options: Options,
    /// Which services to consider, by carrier and service code.
    pub filters: Filters,
    /// `best_value` = the cheapest quote arriving within this many business days.
    pub best_value_days: u32,
    /// Whose view of the prices to show.
    pub view: View,
    /// Every parcel when the shipment has more than one (then `weight` and `dims` are
    /// the first's); empty for a single parcel.
    pub parcels: Vec<Piece>,
    /// Give each quote a fingerprint (`verify.rs`).
    pub fingerprint: bool,
}

/// One parcel of a multi-parcel shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Weight.
    pub weight: Weight,
    /// Dimensions.
    pub dims: Option<Dimensions>,
}

/// Include and exclude filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only these carriers.
    pub carriers: Option<Vec<String>>,
    /// Not these carriers.
    pub exclude_carriers: Vec<String>,
    /// Not these services.
    pub exclude_services: Vec<String>,
}

impl Filters {
    /// No filter set.
    pub fn is_empty(&self) -> bool {
        self.carriers.is_none() && self.exclude_carriers.is_empty() && self.exclude_services.is_empty()
    }

    /// Whether a carrier's service passes the filters.
    /// (Inline loops, not `crate::listed`: the lists are almost always empty, and this runs
    /// for every service of every quote, where three calls cost 0.3 % of a JS quote.)
    pub fn admits(&self, carrier: &str, service: &str) -> bool {
        // Through the shared `crate::listed` (a call, not a loop of its own for each list),
        // and only for a list with entries: most shipments give none, and a quote asks for
        // every service.
        let has = |list: &[String], s: &str| !list.is_empty() && crate::listed(list, s);
        self.carriers.as_ref().is_none_or(|c| crate::listed(c, carrier))
            && !has(&self.exclude_carriers, carrier)
            && !has(&self.exclude_services, service)
    }
}

/// Whose view of the prices a quote shows (§8).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    /// The customer's: sell prices only; markups are folded into the base line.
    #[default]
    Customer,
    /// The warehouse's own: cost lines, markup lines, and cost, sell and margin.
    Internal,
}

crate::json_enum!(View { Customer => "customer", Internal => "internal" });

// The parts of a shipment its quotes' fingerprints cover (`verify.rs`), written as
// serde wrote them when they were derived: field order and skipped fields are part of
// every fingerprint, so they must not change.

impl ToJson for Weight {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("value", &self.value).field("unit", &self.unit).end();
    }
}

impl ToJson for Dimensions {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("sides", &self.sides).field("unit", &self.unit).end();
    }
}

impl ToJson for Options {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("flags", &self.flags)
            .opt("packaging", &self.packaging)
            .opt("declaredValue", &self.declared_value)
            .opt("hub", &self.hub)
            .end();
    }
}

impl ToJson for Piece {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("weight", &self.weight).opt("dims", &self.dims).end();
    }
}

/// Default for `best_value_days`.
pub const DEFAULT_BEST_VALUE_DAYS: u32 = 4;

impl Shipment {
    /// A single-parcel shipment with default options.
    pub fn simple(from: Zip5, to: Zip5, weight: Weight, dims: Option<Dimensions>, ship_date: Date) -> Shipment {
        Shipment {
            from,
            to,
            weight,
            dims,
            residential: false,
            ship_date,
            services: None,
            options: Options::default(),
            filters: Filters::default(),
            best_value_days: DEFAULT_BEST_VALUE_DAYS,
            view: View::Customer,
            parcels: Vec::new(),
            fingerprint: false,
        }
    }

    /// The parcels: `parcels` when given, else the one of `weight` and `dims`.
    pub fn pieces(&self) -> Vec<Piece> {
        if self.parcels.is_empty() {
            vec![Piece { weight: self.weight, dims: self.dims }]
        } else {
            self.parcels.clone()
        }
    }

    /// The same shipment with only one parcel.
    pub fn with_piece(&self, p: &Piece) -> Shipment {
        let mut s = self.clone();
        s.weight = p.weight;
        s.dims = p.dims;
        s.parcels = Vec::new();
        s
    }
}

/// A number given as a JSON number (as written in the JSON text, `2.5`) or a string
/// (`"2.5"`): either is read as its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NumOrStr(pub String);

impl NumOrStr {
    fn as_str(&self) -> &str {
        &self.0
    }
}

/// A weight or dimensions as given: the text form (`"2.5lb"`, `"12x10x6in"`) in
/// `nums[0]` with no `unit`, or the object form's numbers (`value`; or `length`, `width`,
/// `height`) and `unit`. One struct for both forms and both measures, not an enum each:
/// one reader and one drop, where each enum's decoded which form it held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureInput {
    /// The numbers, or the whole text first.
    pub nums: [NumOrStr; 3],
    /// The unit of the object form; `None` for the text form.
    pub unit: Option<String>,
}

impl MeasureInput {
    /// Its `Default` as a constant, which a measure's reader starts from (as `Some` in its
    /// slot): copied whole from the module's data, where `default()` stored each field
    /// (with [`PieceInput::START`], −43 B gzip).
    const START: MeasureInput =
        MeasureInput { nums: [NumOrStr(String::new()), NumOrStr(String::new()), NumOrStr(String::new())], unit: None };
    const SOME_START: Option<MeasureInput> = Some(MeasureInput::START);
}

/// The weight as given: `"2.5lb"`, or `{ "value": "2.5", "unit": "lb" }`.
pub type WeightInput = MeasureInput;

/// Dimensions as given: `"12x10x6in"` or `{ length, width, height, unit }`.
pub type DimsInput = MeasureInput;

/// Options as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionsInput {
    /// `signature`, … (a list of names).
    pub flags: Option<Vec<String>>,
    /// Packaging.
    pub packaging: Option<String>,
    /// Declared value.
    pub declared_value: Option<NumOrStr>,
    /// Entry hub.
    pub hub: Option<String>,
}

/// A shipment as given (JSON).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShipmentInput {
    /// Origin ZIP.
    pub from: String,
    /// Destination ZIP.
    pub to: String,
    /// Weight (or give `parcels`).
    pub weight: Option<WeightInput>,
    /// Dimensions.
    pub dimensions: Option<DimsInput>,
    /// Several parcels, each `{ weight, dimensions }`, instead of `weight`.
    pub parcels: Option<Vec<PieceInput>>,
    /// Residential.
    pub residential: Option<bool>,
    /// `YYYY-MM-DD`; default: the caller's today.
    pub ship_date: Option<String>,
    /// Service filter.
    pub services: Option<Vec<String>>,
    /// Options.
    pub options: Option<OptionsInput>,
    /// Only these carriers.
    pub carriers: Option<Vec<String>>,
    /// Not these carriers.
    pub exclude_carriers: Option<Vec<String>>,
    /// Not these services.
    pub exclude_services: Option<Vec<String>>,
    /// Days for `best_value` (default 4).
    pub best_value_days: Option<u32>,
    /// `customer` (default) or `internal`.
    pub view: Option<View>,
    /// Give each quote a fingerprint that `verifyQuote` can check.
    pub fingerprint: Option<bool>,
}

/// One parcel as given.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceInput {
    /// Weight.
    pub weight: WeightInput,
    /// Dimensions.
    pub dimensions: Option<DimsInput>,
}

// --- reading the JSON forms ---------------------------------------------------------------
//
// Field names and rules as the serde attributes had them: unknown fields refused (but in
// the object forms of a weight or dimensions, which were untagged enum variants and
// ignored them), absent or `null` optional fields are `None`.

impl FromJson for NumOrStr {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        // Either text owned by one `into_owned` (a copy of the string's allocation and
        // copying code, where the number's `to_string` was one of its own).
        let text = match r.num()? {
            Some(t) => std::borrow::Cow::Borrowed(t),
            None => r.str(path, "a number or a string")?,
        };
        Ok(NumOrStr(text.into_owned()))
    }
}

/// The object form of a weight or dimensions being read: the numbers, and the unit,
/// member `unit_at` of the names.
struct Parts<'m> {
    m: &'m mut MeasureInput,
    unit_at: usize,
}

impl ReadField for Parts<'_> {
    fn read_field(&mut self, i: usize, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        match self.m.nums.get_mut(i) {
            Some(n) if i != self.unit_at => put(n, r, path),
            _ => put(self.m.unit.get_or_insert_default(), r, path),
        }
    }
}

/// Reads a weight (or with `dims`, dimensions) into `m`, blank (its `Default`, which owns
/// nothing): a string, or an object (see [`read_parts`]). In place: a measure read on the
/// stack was returned through memory, then copied into its field.
fn read_measure(m: &mut MeasureInput, r: &mut Reader<'_>, path: Path<'_>, dims: bool) -> Result<()> {
    match r.peek() {
        Some(b'"') => {
            let [text, ..] = &mut m.nums;
            crate::json::fill(&mut text.0, r.str(path, "")?.into_owned());
        }
        Some(b'{') => read_parts(r, path, dims, m)?,
        _ => {
            return Err(r.type_error(
                path,
                if dims {
                    r#"dimensions: a string ("12x10x6in") or an object {"length", "width", "height", "unit"}"#
                } else {
                    r#"a weight: a string ("2.5lb") or an object {"value", "unit"}"#
                },
            ))
        }
    }
    Ok(())
}

/// Reads the object form of a weight (or with `dims`, dimensions) into `m`, as an untagged
/// value was read: its members `value` and `unit` (`length`, `width`, `height` and `unit`;
/// others are ignored). Missing, repeated or of the wrong type, a member is an error at
/// the value's own path (where serde reported its "did not match any variant"), naming
/// the member; the first of the names with an error is reported. Out of line (kept so by
/// `scripts/build-wasm.sh`): most shipments give the text form, and the first quote does
/// not compile this.
#[inline(never)]
fn read_parts(r: &mut Reader<'_>, path: Path<'_>, dims: bool, m: &mut MeasureInput) -> Result<()> {
    let names: &[&str] = if dims { &["length", "width", "height", "unit"] } else { &["value", "unit"] };
    // (The object form's mark: a unit, empty until read. `m` is blank: no old one to free.)
    m.unit.get_or_insert_default();
    let mut parts = Parts { m, unit_at: names.len() - 1 };
    // Per member: how many times it is present; and the error of reading the first of
    // the members in `names` order whose first reading failed, the only one reported.
    let mut count = [0u8; 4];
    let mut error: Option<(usize, Error)> = None;
    let mut it = r.open_object(path, "a map")?;
    // Every error through one exit: the error kept so far is dropped in one place.
    let bad = 'bad: {
        loop {
            let k = match r.member(&mut it) {
                Ok(Some(k)) => k,
                Ok(None) => break,
                Err(e) => break 'bad e,
            };
            let j = names.iter().position(|n| **n == *k);
            let (Some(j), Some(c)) = (j, j.and_then(|j| count.get_mut(j))) else {
                if let Err(e) = r.skip() {
                    break 'bad e;
                }
                continue;
            };
            *c = c.saturating_add(1);
            if *c > 1 {
                if let Err(e) = r.skip() {
                    break 'bad e;
                }
                continue;
            }
            let mark = r.mark();
            if let Err(e) = parts.read_field(j, r, path) {
                if let Err(e) = r.skip_from(mark) {
                    break 'bad e;
                }
                if error.as_ref().is_none_or(|(f, _)| j < *f) {
                    error = Some((j, e));
                }
            }
        }
        for (j, name) in names.iter().enumerate() {
            // A missing or repeated member: one message built for both.
            let problem = match count.get(j) {
                Some(0) => "missing",
                Some(2..) => "duplicate",
                _ => "",
            };
            if !problem.is_empty() {
                break 'bad path.error(ErrorCode::InvalidJson, msg!(problem, " field `", name, "`"));
            }
            if let Some((_, e)) = error.take_if(|(f, _)| *f == j) {
                break 'bad part_error(path, name, e);
            }
        }
        return Ok(());
    };
    drop(error);
    Err(bad)
}

/// The error of a part of the wrong type, at the value's path, naming the member.
#[cold]
#[inline(never)]
fn part_error(path: Path<'_>, name: &str, e: Error) -> Error {
    path.error(e.code(), msg!("`", name, "`: ", e.message()))
}

/// Reads a weight (or with `dims`, dimensions) into `slot`, which holds its starting
/// value (`None`, forgotten: see [`put`]); `null` leaves it `None`. The reader of the
/// shipment's and a parcel's `weight` and `dimensions` (their slots are of one type, read
/// by one function, where a reader per measure was a copy each of `put` and `from_json`).
#[inline(never)]
fn put_measure(slot: &mut Option<MeasureInput>, r: &mut Reader<'_>, path: Path<'_>, dims: bool) -> Result<()> {
    if r.peek() == Some(b'n') {
        return r.null();
    }
    // (Read into a blank put in the slot: an error leaves it there, partly read, to be
    // dropped with the shipment or parcel, whose reading fails.)
    crate::json::fill(slot, MeasureInput::SOME_START);
    match slot {
        Some(m) => read_measure(m, r, path, dims),
        None => Ok(()),
    }
}

crate::json_struct!(OptionsInput read_only {
    flags: "flags" opt,
    packaging: "packaging" opt,
    declared_value: "declaredValue" opt,
    hub: "hub" opt,
});

impl PieceInput {
    /// A parcel's starting value, as a constant (see [`MeasureInput::SOME_START`]).
    const START: PieceInput = PieceInput { weight: MeasureInput::START, dimensions: None };
}

// Present fields are read before a missing one is reported, as serde did, and
// `dimensions` before `weight`.
const PIECE: StructDef = StructDef { known: &["weight", "dimensions"], required: 1, order: &[1, 0] };

impl FromJson for PieceInput {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut p = PieceInput::START;
        read_struct(r, path, &PIECE, &mut p)?;
        Ok(p)
    }

    // A parcel of the list, read in place: into a blank pushed first (as the card's
    // structs are, see `json_struct!`; it owns nothing, and a parcel that fails is dropped
    // with the list), where the parcel read on the stack was then copied into the list.
    fn push_read(list: &mut Vec<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        match crate::json::push_start(list, PieceInput::START) {
            Some(p) => crate::card::format::read_fields(r, path, &PIECE, p),
            None => Ok(()),
        }
    }
}

impl ReadField for PieceInput {
    fn read_field(&mut self, i: usize, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        match i {
            // (Required, and not `null`: the type error of `read_measure`.)
            0 => read_measure(&mut self.weight, r, path, false),
            _ => put_measure(&mut self.dimensions, r, path, true),
        }
    }
}

impl ShipmentInput {
    /// Its absent values (its `Default`) as a constant, which the reader starts from: copied
    /// whole from the module's data, where `default()` stored each field (−30 B gzip).
    const START: ShipmentInput = ShipmentInput {
        from: String::new(),
        to: String::new(),
        weight: None,
        dimensions: None,
        parcels: None,
        residential: None,
        ship_date: None,
        services: None,
        options: None,
        carriers: None,
        exclude_carriers: None,
        exclude_services: None,
        best_value_days: None,
        view: None,
        fingerprint: None,
    };
}

impl FromJson for ShipmentInput {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut s = ShipmentInput::START;
        Self::read_into(&mut s, r, path)?;
        Ok(s)
    }

    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        // A field of the wrong type is reported before a missing one, as serde did (the
        // errors of the fields in the order written here, then `from` and `to` missing).
        // Each is read in place into one value started from the absent values (`slot`,
        // `START`): a call per field, sharing the card readers' copies of it for the same
        // types.
        const DEF: StructDef = StructDef {
            known: &[
                "from",
                "to",
                "weight",
                "dimensions",
                "parcels",
                "residential",
                "shipDate",
                "services",
                "options",
                "carriers",
                "excludeCarriers",
                "excludeServices",
                "bestValueDays",
                "view",
                "fingerprint",
            ],
            required: 0,
            order: &[],
        };
        let seen = read_struct(r, path, &DEF, slot)?;
        // `from` (bit 0), then `to` (bit 1).
        if seen & 3 != 3 {
            return Err(missing_field(path, if seen & 1 == 0 { "from" } else { "to" }));
        }
        Ok(())
    }
}

impl ReadField for ShipmentInput {
    fn read_field(&mut self, i: usize, r: &mut Reader<'_>, p: Path<'_>) -> Result<()> {
        // Fields of the same type share one call of their reader.
        match i {
            0 | 1 => put(if i == 0 { &mut self.from } else { &mut self.to }, r, p),
            2 | 3 => put_measure(if i == 2 { &mut self.weight } else { &mut self.dimensions }, r, p, i == 3),
            4 => put(&mut self.parcels, r, p),
            5 | 14 => put(if i == 5 { &mut self.residential } else { &mut self.fingerprint }, r, p),
            6 => put(&mut self.ship_date, r, p),
            8 => put(&mut self.options, r, p),
            12 => put(&mut self.best_value_days, r, p),
            13 => put(&mut self.view, r, p),
            _ => put(
                match i {
                    7 => &mut self.services,
                    9 => &mut self.carriers,
                    10 => &mut self.exclude_carriers,
                    _ => &mut self.exclude_services,
                },
                r,
                p,
            ),
        }
    }
}

/// Most parcels in one shipment.
pub const MAX_PARCELS: usize = 100;

/// The message of a parcel list of the wrong length, written out (a test compares it
/// with [`MAX_PARCELS`]).
const PARCEL_COUNT: &str = "must list 1 to 100 parcels";

fn weight_of(w: &WeightInput, path: &str) -> Result<Weight> {
    let MeasureInput { nums: [value, ..], unit } = w;
    match unit {
        None => parse_weight(value.as_str(), path),
        Some(unit) => weight_parts(value, unit, path),
    }
}

/// The object form of a weight (`{"value", "unit"}`). Out of line (kept so by
/// `scripts/build-wasm.sh`), as [`dims_parts`]: shipments mostly give the text form, and
/// V8 compiles a function whole on its first call, so the first quote does not compile these.
#[inline(never)]
fn weight_parts(value: &NumOrStr, unit: &str, path: &str) -> Result<Weight> {
    let unit = WeightUnit::from_str(unit).map_err(|m| Error::new(ErrorCode::UnknownUnit, msg!(path, ".unit"), m))?;
    weight_at(value.as_str(), unit, &msg!(path, ".value"))
}

fn dims_of(d: &DimsInput, path: &str) -> Result<Dimensions> {
    let MeasureInput { nums, unit } = d;
    let [text, ..] = nums;
    match unit {
        None => parse_dims(text.as_str(), path),
        Some(unit) => dims_parts(nums, unit, path),
    }
}

/// The object form of dimensions (`{"length", "width", "height", "unit"}`; see
/// [`weight_parts`]).
#[inline(never)]
fn dims_parts(sides: &[NumOrStr; 3], unit: &str, path: &str) -> Result<Dimensions> {
    let unit = LengthUnit::from_str(unit).map_err(|m| Error::new(ErrorCode::UnknownUnit, msg!(path, ".unit"), m))?;
    let [l, w, h] = sides;
    dims_at([l.as_str(), w.as_str(), h.as_str()], unit, path, true)
}

/// Parses a positive decimal (plain digits with an optional point; no exponent).
pub fn parse_positive(s: &str) -> std::result::Result<Decimal, String> {
    let t = crate::trim(s);
    // Digits and at most one point, at least one digit: counted in one pass.
    let (mut digits, mut points, mut other) = (0usize, 0usize, false);
    for c in t.bytes() {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => other = true,
        }
    }
    // One error site for the three ways to fail.
    let why = if other || points > 1 || digits == 0 {
        " is not a positive number"
    } else {
        match crate::json::decimal(t) {
            None => " is not a number zonerate can hold",
            Some(v) if !crate::rounding::positive(v) => " must be greater than 0",
            Some(v) => return Ok(v),
        }
    };
    Err(quoted("", s, why))
}

/// Splits `"2.5lb"` into `("2.5", "lb")`.
fn split_unit(s: &str) -> (&str, &str) {
    let t = crate::trim(s);
    // The unit is the trailing run of letters ("12x10x6in" → "in"): ASCII letters, so
    // counted in bytes (a byte of a longer character is no letter).
    let i = t.len() - t.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    // (One split, checked at `i` once, where two slices checked it each.)
    let (num, unit) = t.split_at_checked(i).unwrap_or_default();
    (crate::trim(num), crate::trim(unit))
}

/// Parses a weight such as `2.5lb`, `40 oz`, `1.2kg`.
pub fn parse_weight(s: &str, path: &str) -> Result<Weight> {
    let (num, unit) = split_unit(s);
    if unit.is_empty() {
        return Err(Error::new(
            ErrorCode::UnknownUnit,
            path,
            quoted("", s, " has no unit (write e.g. 2.5lb, 40oz, 1.2kg)"),
        ));
    }
    let unit = WeightUnit::from_str(unit).map_err(|m| Error::new(ErrorCode::UnknownUnit, path, m))?;
    weight_at(num, unit, path)
}

/// The weight of `num` `unit`, a positive number within [`ABSURD_WEIGHT_LB`]; its errors
/// at `path`. Shared by the text and object forms.
fn weight_at(num: &str, unit: WeightUnit, path: &str) -> Result<Weight> {
    let value = parse_positive(num).map_err(|m| Error::new(ErrorCode::InvalidWeight, path, m))?;
    let w = Weight { value, unit };
    let lb = w.unit.convert(w.value, WeightUnit::Lb);
    if crate::rounding::order(lb, Decimal::from(ABSURD_WEIGHT_LB)).is_gt() {
        return Err(Error::new(
            ErrorCode::InvalidWeight,
            path,
            // (The limit written out: `ABSURD_WEIGHT_LB`, a test checks.)
            msg!(w.value, " ", w.unit, " is beyond any parcel service (over 20000 lb)"),
        ));
    }
    Ok(w)
}

/// Parses dimensions such as `12x10x6in` or `30 x 20 x 15 cm`.
pub fn parse_dims(s: &str, path: &str) -> Result<Dimensions> {
    let (nums, unit) = split_unit(s);
    if unit.is_empty() {
        return Err(Error::new(ErrorCode::UnknownUnit, path, quoted("", s, " has no unit (write e.g. 12x10x6in)")));
    }
    let unit = LengthUnit::from_str(unit).map_err(|m| Error::new(ErrorCode::UnknownUnit, path, m))?;
    let Some(sides) = three_sides(nums) else {
        return Err(Error::new(ErrorCode::InvalidDimensions, path, quoted("", s, " is not three sides LxWxH")));
    };
    dims_at(sides, unit, path, false)
}

/// Dimensions of the three sides' texts in `unit`, each a positive number within
/// [`ABSURD_SIDE_IN`]; a side's error at `path`, or at `path.length` (`.width`,
/// `.height`) when `named` (the object form). One loop for the text and object forms.
fn dims_at(texts: [&str; 3], unit: LengthUnit, path: &str, named: bool) -> Result<Dimensions> {
    let mut sides = [Decimal::ZERO; 3];
    // (By index over slices: a zip with the array's own iterator kept more state.)
    for (k, side) in sides.iter_mut().enumerate() {
        let text = texts.get(k).copied().unwrap_or_default();
        *side = parse_positive(text).map_err(|m| side_error(path, if named { k } else { 3 }, m))?;
    }
    check_dims(Dimensions { sides, unit }, path)
}

/// The error of side `k` that is no positive number: at `path`, or for a side of the object
/// form (`k` below 3) at `path.length` (`.width`, `.height`). Out of the loop.
#[cold]
#[inline(never)]
fn side_error(path: &str, k: usize, m: String) -> Error {
    let name = [".length", ".width", ".height"].get(k).copied().unwrap_or("");
    Error::new(ErrorCode::InvalidDimensions, msg!(path, name), m)
}

/// The three pieces of `12x10x6` (split at `x`, `X`, `*` or `×`), each trimmed, as
/// `split(['x', 'X', '*', '×']).map(str::trim)` gives them; `None` unless there are three.
/// Byte by byte: `×` is the only character encoded `C3 97`, and a split of chars was 1 KB.
fn three_sides(nums: &str) -> Option<[&str; 3]> {
    let b = nums.as_bytes();
    let mut sides = [""; 3];
    let (mut n, mut start, mut i) = (0, 0, 0);
    while i <= b.len() {
        let width = match b.get(i..) {
            Some([b'x' | b'X' | b'*', ..]) => 1,
            Some([0xC3, 0x97, ..]) => 2,
            Some([]) => 0,
            _ => {
                i += 1;
                continue;
            }
        };
        // (Cut as bytes, at ASCII marks or before `×`: see `json::utf8`.)
        *sides.get_mut(n)? = crate::trim(crate::json::utf8(b.get(start..i)));
        n += 1;
        i += width.max(1);
        start = i;
    }
    (n == 3).then_some(sides)
}

fn check_dims(d: Dimensions, path: &str) -> Result<Dimensions> {
    for &s in &d.sides {
        if crate::rounding::order(d.unit.convert(s, LengthUnit::In), Decimal::from(ABSURD_SIDE_IN)).is_gt() {
            return Err(Error::new(
                ErrorCode::InvalidDimensions,
                path,
                // (The limit written out: `ABSURD_SIDE_IN`, a test checks.)
                msg!("a side of ", s, " ", d.unit, " is beyond any parcel service (over 2000 in)"),
            ));
        }
    }
    Ok(d)
}

impl ShipmentInput {
    /// Checks and normalises the input. `today` is the ship date when none is given.
    /// Takes the input by value: its lists and names move into the shipment, uncopied.
    pub fn normalize(mut self, today: Date) -> Result<Shipment> {
        // The lists and names taken out of the input, which is then dropped whole in one
        // place, by its shared drop (the fields left in it were each freed inline).
        self.take_shipment(today)
    }

    /// [`ShipmentInput::normalize`] on the input in place: its lists and names are taken
    /// out of it once nothing can fail.
    fn take_shipment(&mut self, today: Date) -> Result<Shipment> {
        let from = Zip5::parse_at(&self.from, "from")?;
        let to = Zip5::parse_at(&self.to, "to")?;
        // One result for the four cases, left by one `?`: the pieces are moved out once.
        let pieces = match (&self.weight, &self.parcels) {
            (Some(w), None) => piece_of(w, self.dimensions.as_ref()).map(|p| (p, Vec::new())),
            (None, Some(list)) => pieces_of(list, self.dimensions.is_some()),
            (Some(_), Some(_)) => {
                Err(Error::new(ErrorCode::InvalidShipment, "parcels", "give either `weight` or `parcels`, not both"))
            }
            (None, None) => Err(Error::new(ErrorCode::InvalidWeight, "weight", "is required (or give `parcels`)")),
        };
        let (Piece { weight, dims }, parcels) = pieces?;
        let ship_date = match &self.ship_date {
            None => today,
            Some(s) => Date::from_str(s).map_err(|m| Error::new(ErrorCode::InvalidDate, "shipDate", m))?,
        };
        let declared_value = match self.options.as_ref().and_then(|o| o.declared_value.as_ref()) {
            None => None,
            Some(v) => Some(declared_value(v.as_str())?),
        };
        // Nothing fails from here: the lists and names move into the shipment.
        let options = match &mut self.options {
            None => Options::default(),
            Some(o) => Options {
                flags: sorted_unique(o.flags.take().unwrap_or_default()),
                packaging: o.packaging.take(),
                declared_value,
                hub: o.hub.take(),
            },
        };
        Ok(Shipment {
            from,
            to,
            weight,
            dims,
            residential: self.residential.unwrap_or(false),
            ship_date,
            services: self.services.take(),
            options,
            filters: Filters {
                carriers: self.carriers.take(),
                exclude_carriers: self.exclude_carriers.take().unwrap_or_default(),
                exclude_services: self.exclude_services.take().unwrap_or_default(),
            },
            best_value_days: self.best_value_days.unwrap_or(DEFAULT_BEST_VALUE_DAYS),
            view: self.view.unwrap_or_default(),
            parcels,
            fingerprint: self.fingerprint.unwrap_or(false),
        })
    }
}

/// A parcel's weight and dimensions, checked; the errors' paths are `weight…` and
/// `dimensions…` (a parcel of a list has its own prefixed, see [`pieces_of`]).
fn piece_of(weight: &WeightInput, dims: Option<&DimsInput>) -> Result<Piece> {
    // (The dimensions by a `match`, not `map` and `transpose`: one copy of them less, -20 B
    // gzip.)
    let weight = weight_of(weight, "weight")?;
    let dims = match dims {
        Some(d) => Some(dims_of(d, "dimensions")?),
        None => None,
    };
    Ok(Piece { weight, dims })
}

/// The parcels of a multi-parcel shipment: the first, and the list (empty for one
/// parcel). `dimensions` says whether the shipment also gave its own. A parcel's error
/// has the path of its field in the list (`parcels[1].weight.unit`: `Error::within`).
#[inline(never)]
fn pieces_of(list: &[PieceInput], dimensions: bool) -> Result<(Piece, Vec<Piece>)> {
    let counted = list.len() <= MAX_PARCELS;
    if dimensions && counted && !list.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidShipment,
            "dimensions",
            "give dimensions per parcel inside `parcels`",
        ));
    }
    // Grown by its pushes (a few parcels: the first push allocates room for four), without
    // `with_capacity`'s allocation code of its own. None read from a list of the wrong
    // length, which is then refused below with an empty one (one site for that error).
    let mut v = Vec::new();
    if counted {
        // (A match, not `map_err` and `?`: the loop was compiled with its first parcel
        // peeled off, a second call and copy; -61 B gzip.)
        for (i, p) in list.iter().enumerate() {
            match piece_of(&p.weight, p.dimensions.as_ref()) {
                Ok(x) => v.push(x),
                Err(e) => return Err(e.within_item("parcels", i)),
            }
        }
    }
    let Some(&first) = v.first() else {
        return Err(Error::new(ErrorCode::InvalidShipment, "parcels", PARCEL_COUNT));
    };
    if v.len() == 1 {
        v.clear();
    }
    Ok((first, v))
}

/// The declared value: an amount (≥ 0).
fn declared_value(t: &str) -> Result<Decimal> {
    crate::json::decimal(crate::trim(t)).filter(|d| crate::rounding::non_negative(*d)).ok_or_else(|| {
        Error::new(ErrorCode::InvalidShipment, "options.declaredValue", quoted("", t, " is not an amount"))
    })
}

/// `list` sorted, each name once (as `sort` then `dedup`; equal names are the same
/// text, so which of them is kept cannot show): inserted one by one in place, where the
/// standard sort compiled a merge sort of its own for a list of a few flags.
#[inline(never)]
fn sorted_unique(mut list: Vec<String>) -> Vec<String> {
    // Grown by its inserts (a few flags), as `pieces_of`'s list. The names taken from the
    // end (the order they come in cannot show), the emptied list then freed by the shared
    // drop of a list of names: a consuming loop compiled a drop of its own.
    let mut out: Vec<String> = Vec::new();
    while let Some(f) = list.pop() {
        // The first name not below `f` (a scan: lists of a few flags).
        let at = out.iter().position(|x| *x >= f).unwrap_or(out.len());
        if out.get(at) != Some(&f) {
            out.insert(at, f);
        }
    }
    out
}

/// Parses a shipment from JSON text.
pub fn shipment_from_json(text: &str, today: Date) -> Result<Shipment> {
    read_shipment(text, today, false)
}

/// [`shipment_from_json`], and with `dated` (a quote to verify) the shipment must give its
/// `shipDate`. One reader for quotes and verifications: the input and its normalising are
/// moved and dropped here only.
#[inline(never)]
pub(crate) fn read_shipment(text: &str, today: Date, dated: bool) -> Result<Shipment> {
    // Read in place: the input is 244 bytes, which `from_str` moved out of two `Result`s.
    let mut input = ShipmentInput::START;
    crate::json::from_str_into(text, &mut input)?;
    let shipment = if dated && input.ship_date.is_none() {
        Err(Error::new(
            ErrorCode::InvalidShipment,
            "shipDate",
            "is required to verify a quote (the price depends on it)",
        ))
    } else {
        input.take_shipment(today)
    };
    // (The input dropped in one place for both ways.)
    drop(input);
    shipment
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader starts from `START`: what an absent field reads as, the `Default`.
    #[test]
    fn start_is_the_default() {
        assert_eq!(ShipmentInput::START, ShipmentInput::default());
        assert_eq!(MeasureInput::SOME_START, Some(MeasureInput::default()));
        assert_eq!(PieceInput::START, PieceInput { weight: WeightInput::default(), dimensions: None });
    }

    fn today() -> Date {
        "2026-11-21".parse().unwrap()
    }

    #[test]
    fn a_shipment_to_verify_must_give_its_date() {
        let e = read_shipment(r#"{"from":"85027","to":"10001","weight":"2.5lb"}"#, today(), true).unwrap_err();
        assert_eq!(
            (e.code(), e.path(), e.message()),
            (ErrorCode::InvalidShipment, "shipDate", "is required to verify a quote (the price depends on it)")
        );
        // The reader's errors come first, the others' after.
        let e = read_shipment(r#"{"from":"85027","to":5}"#, today(), true).unwrap_err();
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidJson, "to"));
        let e = read_shipment(r#"{"from":"8502","to":"10001","weight":"2.5lb"}"#, today(), true).unwrap_err();
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidShipment, "shipDate"));
        let text = r#"{"from":"85027","to":"10001","weight":"2.5lb","shipDate":"2025-11-03"}"#;
        assert_eq!(read_shipment(text, today(), true).unwrap(), shipment_from_json(text, today()).unwrap());
    }

    #[test]
    fn flags_are_sorted_once_each_as_sort_then_dedup() {
        let lists: [&[&str]; 6] = [
            &[],
            &["b"],
            &["signature", "adult_signature", "signature"],
            &["c", "b", "a", "b", "c", "a"],
            &["", "z", "", "é", "e", "Z"],
            &["x", "x", "x"],
        ];
        for list in lists {
            let owned: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            let mut want = owned.clone();
            want.sort();
            want.dedup();
            assert_eq!(sorted_unique(owned), want, "{list:?}");
        }
    }

    #[test]
    fn text_forms() {
        let w = parse_weight("2.5lb", "weight").unwrap();
        assert_eq!((w.value.to_string(), w.unit), ("2.5".to_string(), WeightUnit::Lb));
        assert_eq!(parse_weight(" 40 OZ ", "w").unwrap().unit, WeightUnit::Oz);
        let d = parse_dims("12x10x6in", "dimensions").unwrap();
        assert_eq!(d.sides.map(|s| s.to_string()), ["12", "10", "6"]);
        assert_eq!(parse_dims("30 X 20 X 15 cm", "d").unwrap().unit, LengthUnit::Cm);
    }

    #[test]
    fn numbers_and_units_at_their_edges() {
        // A unit is a run of ASCII letters: a letter with an accent ends it.
        let e = parse_weight("2.5é", "w").unwrap_err();
        assert_eq!(
            (e.code(), e.message()),
            (ErrorCode::UnknownUnit, r#""2.5é" has no unit (write e.g. 2.5lb, 40oz, 1.2kg)"#)
        );
        let e = parse_weight("2.5élb", "w").unwrap_err();
        assert_eq!((e.code(), e.message()), (ErrorCode::InvalidWeight, r#""2.5é" is not a positive number"#));
        assert_eq!(parse_dims("12×10×6 in", "d").unwrap().sides.map(|s| s.to_string()), ["12", "10", "6"]);
        // Digits with at most one point, and at least one digit.
        for bad in ["1.2.3", ".", "", "1e3", "-1", "1,5"] {
            assert_eq!(parse_positive(bad).unwrap_err(), format!("{bad:?} is not a positive number"), "{bad}");
        }
        assert_eq!(parse_positive(" .5 ").unwrap().to_string(), "0.5");
        assert_eq!(parse_positive("0.00").unwrap_err(), r#""0.00" must be greater than 0"#);
    }

    #[test]
    fn three_sides_is_the_split_of_chars() {
        let texts = [
            "12x10x6",
            "12 X 10 * 6",
            "12×10×6",
            "1x2",
            "1x2x3x4",
            "",
            "x",
            "xx",
            "xxx",
            "×××",
            "a×b×c×",
            "1 x 2 x \u{3000}3\u{3000}",
            "é×ü×ø",
            "12xx6",
            "12x10x6x",
            "×1x2",
            "1×2 ×3",
            "\u{d7}\u{c3}x\u{97}",
        ];
        for t in texts {
            let mut parts = t.split(['x', 'X', '*', '×']).map(str::trim);
            let want = match (parts.next(), parts.next(), parts.next(), parts.next()) {
                (Some(a), Some(b), Some(c), None) => Some([a, b, c]),
                _ => None,
            };
            assert_eq!(three_sides(t), want, "{t:?}");
        }
    }

    #[test]
    fn bad_inputs_name_their_field_and_code() {
        let cases: &[(&str, ErrorCode, &str)] = &[
            (r#"{"from":"8502","to":"90210","weight":"1lb"}"#, ErrorCode::InvalidZip, "from"),
            (r#"{"from":"85027","to":"9021O","weight":"1lb"}"#, ErrorCode::InvalidZip, "to"),
            (r#"{"from":"85027","to":"90210","weight":"-1lb"}"#, ErrorCode::InvalidWeight, "weight"),
            (r#"{"from":"85027","to":"90210","weight":"0lb"}"#, ErrorCode::InvalidWeight, "weight"),
            (r#"{"from":"85027","to":"90210","weight":"1e9lb"}"#, ErrorCode::InvalidWeight, "weight"),
            (r#"{"from":"85027","to":"90210","weight":"50000lb"}"#, ErrorCode::InvalidWeight, "weight"),
            (r#"{"from":"85027","to":"90210","weight":"2stone"}"#, ErrorCode::UnknownUnit, "weight"),
            (
                r#"{"from":"85027","to":"90210","weight":{"value":"2","unit":"st"}}"#,
                ErrorCode::UnknownUnit,
                "weight.unit",
            ),
            (
                r#"{"from":"85027","to":"90210","weight":{"value":"x","unit":"lb"}}"#,
                ErrorCode::InvalidWeight,
                "weight.value",
            ),
            (
                r#"{"from":"85027","to":"90210","weight":"1lb","dimensions":"12x10in"}"#,
                ErrorCode::InvalidDimensions,
                "dimensions",
            ),
            (
                r#"{"from":"85027","to":"90210","weight":"1lb","dimensions":"12x10x6ft"}"#,
                ErrorCode::UnknownUnit,
                "dimensions",
            ),
            (
                r#"{"from":"85027","to":"90210","weight":"1lb","shipDate":"2026-02-30"}"#,
                ErrorCode::InvalidDate,
                "shipDate",
            ),
            (r#"{"from":"85027","to":"90210"}"#, ErrorCode::InvalidWeight, "weight"),
            (
                r#"{"from":"85027","to":"90210","parcels":[{"weight":"1lb"},{"weight":"-2lb"}]}"#,
                ErrorCode::InvalidWeight,
                "parcels[1].weight",
            ),
            (r#"{"from":"85027","to":"90210","parcels":[]}"#, ErrorCode::InvalidShipment, "parcels"),
            (r#"{"from":"85027","to":"90210","weight":"1lb","colour":"red"}"#, ErrorCode::InvalidJson, "colour"),
            (r#"not json"#, ErrorCode::InvalidJson, ""),
        ];
        for (text, code, path) in cases {
            let e = shipment_from_json(text, today()).unwrap_err();
            assert_eq!((e.code(), e.path()), (*code, *path), "{text} → {e}");
        }
    }

    #[test]
    fn measure_errors_of_both_forms_keep_their_paths_and_texts() {
        // The messages below write the limits out.
        assert_eq!((ABSURD_WEIGHT_LB, ABSURD_SIDE_IN), (20_000, 2_000));
        let base = r#""from":"85027","to":"90210""#;
        let cases: &[(&str, ErrorCode, &str, &str)] = &[
            (
                r#""weight":"1lb","dimensions":{"length":1,"width":"x","height":2,"unit":"in"}"#,
                ErrorCode::InvalidDimensions,
                "dimensions.width",
                r#""x" is not a positive number"#,
            ),
            (
                r#""weight":"1lb","dimensions":{"length":1,"width":2,"height":0,"unit":"cm"}"#,
                ErrorCode::InvalidDimensions,
                "dimensions.height",
                r#""0" must be greater than 0"#,
            ),
            (
                r#""weight":"1lb","dimensions":{"length":"1","width":2,"height":2001,"unit":"in"}"#,
                ErrorCode::InvalidDimensions,
                "dimensions",
                "a side of 2001 in is beyond any parcel service (over 2000 in)",
            ),
            (
                r#""weight":"1lb","dimensions":"1 x 0 x 2in""#,
                ErrorCode::InvalidDimensions,
                "dimensions",
                r#""0" must be greater than 0"#,
            ),
            (
                r#""weight":"1lb","dimensions":"1x2x5081cm""#,
                ErrorCode::InvalidDimensions,
                "dimensions",
                "a side of 5081 cm is beyond any parcel service (over 2000 in)",
            ),
            (
                r#""weight":{"value":"20001","unit":"lb"}"#,
                ErrorCode::InvalidWeight,
                "weight.value",
                "20001 lb is beyond any parcel service (over 20000 lb)",
            ),
            (
                r#""weight":{"value":"0.0","unit":"kg"}"#,
                ErrorCode::InvalidWeight,
                "weight.value",
                r#""0.0" must be greater than 0"#,
            ),
            (r#""weight":"2x""#, ErrorCode::UnknownUnit, "weight", "unknown weight unit \"x\" (use oz, lb, g or kg)"),
            (
                r#""parcels":[{"weight":"1lb","dimensions":{"length":1,"width":1,"height":"-1","unit":"in"}}]"#,
                ErrorCode::InvalidDimensions,
                "parcels[0].dimensions.height",
                r#""-1" is not a positive number"#,
            ),
            // `null` is an absent weight or dimensions, but for a parcel's weight.
            (
                r#""weight":null,"dimensions":null"#,
                ErrorCode::InvalidWeight,
                "weight",
                "is required (or give `parcels`)",
            ),
            (
                r#""parcels":[{"weight":"1lb","dimensions":null},{"weight":null}]"#,
                ErrorCode::InvalidJson,
                "parcels[1].weight",
                r#"invalid type: null, expected a weight: a string ("2.5lb") or an object {"value", "unit"}"#,
            ),
        ];
        for (fields, code, path, message) in cases {
            let e = shipment_from_json(&format!("{{{base},{fields}}}"), today()).unwrap_err();
            assert_eq!((e.code(), e.path(), e.message()), (*code, *path, *message), "{fields}");
        }
    }

    #[test]
    fn a_parcel_list_of_the_wrong_length_is_refused() {
        assert_eq!(PARCEL_COUNT, format!("must list 1 to {MAX_PARCELS} parcels"));
        let many = vec![r#"{"weight":"1lb"}"#; 101].join(",");
        for list in ["", &many] {
            let text = format!(r#"{{"from":"85027","to":"90210","parcels":[{list}]}}"#);
            let e = shipment_from_json(&text, today()).unwrap_err();
            assert_eq!(
                (e.code(), e.path(), e.message()),
                (ErrorCode::InvalidShipment, "parcels", "must list 1 to 100 parcels")
            );
        }
        let hundred = vec![r#"{"weight":"1lb"}"#; 100].join(",");
        let s = shipment_from_json(&format!(r#"{{"from":"85027","to":"90210","parcels":[{hundred}]}}"#), today());
        assert_eq!(s.unwrap().parcels.len(), 100);
        // The count is checked before the shipment's own dimensions, and both before any
        // parcel (the second parcel's weight is bad).
        let bad = r#"{"weight":"1lb"},{"weight":"1"}"#;
        for (list, path, message) in [
            ("", "parcels", "must list 1 to 100 parcels"),
            (many.as_str(), "parcels", "must list 1 to 100 parcels"),
            (bad, "dimensions", "give dimensions per parcel inside `parcels`"),
        ] {
            let text = format!(r#"{{"from":"85027","to":"90210","dimensions":"1x1x1in","parcels":[{list}]}}"#);
            let e = shipment_from_json(&text, today()).unwrap_err();
            assert_eq!((e.code(), e.path(), e.message()), (ErrorCode::InvalidShipment, path, message));
        }
        let e = shipment_from_json(&format!(r#"{{"from":"85027","to":"90210","parcels":[{bad}]}}"#), today());
        assert_eq!(e.unwrap_err().path(), "parcels[1].weight");
    }

    #[test]
    fn json_shape_errors_say_where_and_what() {
        let base = r#""from":"85027","to":"90210""#;
        let cases: &[(&str, &str, &str)] = &[
            (
                r#""weight":5"#,
                "weight",
                r#"invalid type: integer `5`, expected a weight: a string ("2.5lb") or an object {"value", "unit"}"#,
            ),
            (r#""weight":{"value":"2"}"#, "weight", "missing field `unit`"),
            (
                r#""weight":{"value":true,"unit":"lb"}"#,
                "weight",
                "`value`: invalid type: boolean `true`, expected a number or a string",
            ),
            (r#""weight":{"value":"1","unit":"lb","unit":"oz"}"#, "weight", "duplicate field `unit`"),
            (
                r#""weight":"1lb","dimensions":{"length":1,"width":2,"unit":"in"}"#,
                "dimensions",
                "missing field `height`",
            ),
            (
                r#""parcels":[{"weight":null}]"#,
                "parcels[0].weight",
                r#"invalid type: null, expected a weight: a string ("2.5lb") or an object {"value", "unit"}"#,
            ),
            (r#""parcels":[{"dimensions":"1x1x1in"}]"#, "parcels[0]", "missing field `weight`"),
            (
                r#""weight":"1lb","options":{"declaredValue":[1]}"#,
                "options.declaredValue",
                "invalid type: sequence, expected a number or a string",
            ),
            (r#""weight":"1lb","options":"none""#, "options", r#"invalid type: string "none", expected a map"#),
            (r#""weight":"1lb","bestValueDays":-1"#, "bestValueDays", "invalid value: integer `-1`, expected u32"),
            (
                r#""weight":"1lb","view":"everyone""#,
                "view",
                "unknown variant `everyone`, expected one of `customer`, `internal`",
            ),
            (
                r#""weight":"1lb","residential":"yes""#,
                "residential",
                r#"invalid type: string "yes", expected a boolean"#,
            ),
        ];
        for (fields, path, message) in cases {
            let e = shipment_from_json(&format!("{{{base},{fields}}}"), today()).unwrap_err();
            assert_eq!((e.code(), e.path(), e.message()), (ErrorCode::InvalidJson, *path, *message), "{fields}");
        }
        // A missing field is reported after one of the wrong type, as serde did.
        let e = shipment_from_json(r#"{"to":5}"#, today()).unwrap_err();
        assert_eq!((e.path(), e.message()), ("to", "invalid type: integer `5`, expected a string"));
        let e = shipment_from_json(r#"{"to":"90210","weight":"1lb"}"#, today()).unwrap_err();
        assert_eq!((e.path(), e.message()), ("", "missing field `from`"));
        let e = shipment_from_json(r#"{"weight":"1lb"}"#, today()).unwrap_err();
        assert_eq!((e.path(), e.message()), ("", "missing field `from`"));
        let e = shipment_from_json(r#"{"from":"85027","weight":"1lb"}"#, today()).unwrap_err();
        assert_eq!((e.path(), e.message()), ("", "missing field `to`"));
        let e = shipment_from_json(r#"["85027","90210"]"#, today()).unwrap_err();
        assert_eq!((e.path(), e.message()), ("", "invalid type: sequence, expected a map"));
    }

    #[test]
    fn object_forms_ignore_other_members_and_read_numbers_as_written() {
        // The object forms were untagged enum variants: serde ignored unknown members.
        let s = shipment_from_json(
            r#"{"from":"85027","to":"90210","weight":{"value":2.50,"unit":"lb","note":"x"},
                "dimensions":{"length":12.0,"width":"10","height":6,"unit":"in","note":"x"},
                "options":{"declaredValue":99.90}}"#,
            today(),
        )
        .unwrap();
        assert_eq!(s.weight.value.to_string(), "2.50");
        assert_eq!(s.dims.unwrap().sides.map(|d| d.to_string()), ["12.0", "10", "6"]);
        assert_eq!(s.options.declared_value.map(|d| d.to_string()).as_deref(), Some("99.90"));
        // Nulls of optional fields are their absence.
        let s = shipment_from_json(
            r#"{"from":"85027","to":"90210","weight":"1lb","dimensions":null,"view":null,"residential":null,
                "options":{"flags":null,"declaredValue":null}}"#,
            today(),
        )
        .unwrap();
        assert_eq!((s.dims, s.view, s.residential, s.options), (None, View::Customer, false, Options::default()));
    }

    #[test]
    fn object_forms_and_defaults() {
        let s = shipment_from_json(
            r#"{"from":"85027","to":"02134-1234","weight":{"value":2.5,"unit":"lb"},
                "dimensions":{"length":"13","width":13,"height":"13","unit":"in"}}"#,
            today(),
        )
        .unwrap();
        assert_eq!(s.to.to_string(), "02134");
        assert_eq!(s.weight.value.to_string(), "2.5");
        assert_eq!(s.ship_date, today());
        assert!(!s.residential);
    }
}
