//! Quotes (§9): rating one shipment against one service, and the output shapes.
//!
//! Every line is rounded to the cent (half away from zero) as it is computed, later
//! percentages are taken of those rounded lines (as a bill shows them), and the total is
//! the sum of the rounded lines, so lines always add up to the total exactly.

use crate::card::format::TableKey;
use crate::card::{Card, Service};
use crate::conditions::Facts;
use crate::date::Date;
use crate::error::msg;
use crate::json::{ObjectWriter, ToJson};
use crate::parcel::Parcel;
use crate::pricing::NoPrice;
use crate::rounding::{add, cents, hundredth, mul, normalize, order, plain, sum};
use crate::shipment::{Piece, Shipment};
use crate::surcharge::{Basis, Charge, Surcharge};
use crate::units::{LengthUnit, WeightUnit};
use crate::vecmap::VecMap;
use crate::zones::{ZoneMiss, ZoneTable};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::sync::Arc;

/// An amount of money, printed with exactly two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub Decimal);

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&cents(self.0))
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", cents(self.0))
    }
}

impl crate::error::Part for Money {
    /// As `Display` writes it.
    fn put(&self, out: &mut String) {
        crate::json::write_decimal(out, &cents(self.0));
    }
}

/// A decimal printed as a string without trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num(pub Decimal);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Conversions (kg → lb) can carry 28 digits; four decimals say enough.
        s.collect_str(&plain(self.0))
    }
}

/// A weight in a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeightOut {
    /// Value as a decimal string.
    pub value: Num,
    /// Unit.
    pub unit: WeightUnit,
}

/// Category of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Base freight.
    Base,
    /// A surcharge.
    Surcharge,
    /// A markup (sell price over cost).
    Markup,
}

/// A line of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Line<'e> {
    /// Code (`base`, the surcharge's code, the markup's code).
    pub code: &'e str,
    /// Category.
    pub category: Category,
    /// Label for people.
    pub label: &'e str,
    /// Amount, rounded to the cent.
    pub amount: Money,
}

/// A priced service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote<'e> {
    /// Carrier code.
    pub carrier: &'e str,
    /// Service code.
    pub service: &'e str,
    /// Service name.
    pub service_name: &'e str,
    /// Zone label.
    pub zone: &'e str,
    /// Billable weight.
    pub billable_weight: WeightOut,
    /// Dimensional weight, where computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dim_weight: Option<WeightOut>,
    /// Cubic tier (cu ft), for cubic services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cubic_tier: Option<Num>,
    /// Total = sum of the lines.
    pub total: Money,
    /// Currency.
    pub currency: &'e str,
    /// Lines.
    pub lines: Vec<Line<'e>>,
    /// Transit business days, where the card has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit_days: Option<u32>,
    /// Estimated delivery date (business days from the ship date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_delivery: Option<Date>,
    /// Id of the card that priced it.
    pub card: &'e str,
    /// Rate-shopping tags (`cheapest`, `fastest`, `best_value`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<&'static str>,
    /// Things to know about this quote (a zone from an outdated chart…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<&'e str>,
    /// Internal view: the cost (carrier's price).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// Internal view: the sell price (= total).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sell: Option<Money>,
    /// Internal view: sell − cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<Money>,
    /// Multi-parcel shipments: each parcel's quote.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parcels: Vec<ParcelQuote<'e>>,
    /// `sha256:…` over the card version, markups, shipment and result, when asked for
    /// (`"fingerprint": true`); see `verify.rs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

/// One parcel's part of a multi-parcel quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParcelQuote<'e> {
    /// Billable weight.
    pub billable_weight: WeightOut,
    /// Dimensional weight, where computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dim_weight: Option<WeightOut>,
    /// Cubic tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cubic_tier: Option<Num>,
    /// The parcel's total.
    pub total: Money,
    /// The parcel's lines.
    pub lines: Vec<Line<'e>>,
}

/// A service that cannot take the shipment, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable<'e> {
    /// Carrier code.
    pub carrier: &'e str,
    /// Service code.
    pub service: &'e str,
    /// Reason code.
    pub code: Cow<'e, str>,
    /// Sentence.
    pub message: String,
}

/// The answer to a quote request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct QuoteResult<'e> {
    /// Priced services.
    pub quotes: Vec<Quote<'e>>,
    /// Services that cannot take it.
    pub unavailable: Vec<Unavailable<'e>>,
}

// --- JSON output ----------------------------------------------------------------------------
//
// Written byte for byte as the serde derives above write them (which stay for the CLI's
// pretty-printed `--json`): same field order, same skipped fields.

impl ToJson for Money {
    fn write_json(&self, out: &mut String) {
        cents(self.0).write_json(out);
    }
}

impl Num {
    /// The value as written: four decimals at most, no trailing zeros.
    pub fn plain(&self) -> Decimal {
        plain(self.0)
    }
}

impl ToJson for Num {
    fn write_json(&self, out: &mut String) {
        self.plain().write_json(out);
    }
}

impl ToJson for WeightOut {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("value", &self.value).field("unit", &self.unit).end();
    }
}

crate::json_enum!(Category { Base => "base", Surcharge => "surcharge", Markup => "markup" });

impl ToJson for Line<'_> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code)
            .field("category", &self.category)
            .field("label", self.label)
            .field("amount", &self.amount)
            .end();
    }
}

impl ToJson for Quote<'_> {
    fn write_json(&self, out: &mut String) {
        self.write(out, true);
    }
}

impl Quote<'_> {
    /// The JSON of the quote, without its `tags` and `fingerprint` unless `all`: what a
    /// fingerprint covers (`verify.rs`), written without cloning the quote.
    pub(crate) fn write(&self, out: &mut String, all: bool) {
        let mut w = ObjectWriter::new(out);
        w.field("carrier", self.carrier)
            .field("service", self.service)
            .field("serviceName", self.service_name)
            .field("zone", self.zone);
        figures(&mut w, &self.billable_weight, &self.dim_weight, &self.cubic_tier, &self.total)
            .field("currency", self.currency)
            .field("lines", &self.lines)
            .opt("transitDays", &self.transit_days)
            .opt("estimatedDelivery", &self.estimated_delivery)
            .field("card", self.card)
            .field_if(all && !self.tags.is_empty(), "tags", &self.tags)
            .field_if(!self.warnings.is_empty(), "warnings", &self.warnings)
            .opt("cost", &self.cost)
            .opt("sell", &self.sell)
            .opt("margin", &self.margin)
            .field_if(!self.parcels.is_empty(), "parcels", &self.parcels)
            .field_if(all && self.fingerprint.is_some(), "fingerprint", &self.fingerprint)
            .end();
    }
}

impl ToJson for ParcelQuote<'_> {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        figures(&mut w, &self.billable_weight, &self.dim_weight, &self.cubic_tier, &self.total)
            .field("lines", &self.lines)
            .end();
    }
}

/// The members a quote and a parcel's part of one share, in their order: one copy.
#[inline(never)]
fn figures<'w, 'o>(
    w: &'w mut ObjectWriter<'o>,
    billable_weight: &WeightOut,
    dim_weight: &Option<WeightOut>,
    cubic_tier: &Option<Num>,
    total: &Money,
) -> &'w mut ObjectWriter<'o> {
    w.field("billableWeight", billable_weight)
        .opt("dimWeight", dim_weight)
        .opt("cubicTier", cubic_tier)
        .field("total", total)
}

impl ToJson for Unavailable<'_> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("carrier", self.carrier)
            .field("service", self.service)
            .field("code", &self.code)
            .field("message", &self.message)
            .end();
    }
}

impl ToJson for QuoteResult<'_> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("quotes", &self.quotes).field("unavailable", &self.unavailable).end();
    }
}

/// Reason codes of unavailable services (stable).
pub mod reason {
    /// No card for the service is in force on the ship date.
    pub const NO_CARD_IN_EFFECT: &str = "no_card_in_effect";
    /// The service has no zone chart or hub for the origin.
    pub const ORIGIN_NOT_SERVED: &str = "origin_not_served";
    /// The destination is not covered.
    pub const DESTINATION_NOT_SERVED: &str = "destination_not_served";
    /// Cubic pricing needs dimensions.
    pub const DIMENSIONS_REQUIRED: &str = "dimensions_required";
    /// The table has no price for this weight and zone.
    pub const NO_PRICE: &str = "no_price";
    /// A weight, size or amount of this parcel is beyond what zonerate can compute with
    /// (about 7.9 × 10²⁸); only absurd cards and markups get there.
    pub const OUT_OF_RANGE: &str = "out_of_range";
}

/// Largest line amount a quote carries (see `rate`).
const MAX_LINE: u64 = 1_000_000_000_000_000;

// The reasons a service cannot take a parcel are rare answers: each is built out of line
// (`#[cold]`), its message by `msg!` (one call with the parts of its sentence) and the
// struct by `unavailable`, so that the hot `rate_with` holds two calls per reason rather
// than a `format!` and a struct per site (smaller, and less for V8 to compile on the
// first quote).

/// An [`Unavailable`] with its message.
#[cold]
#[inline(never)]
pub(crate) fn unavailable<'e>(
    card: &'e Card,
    svc: &'e Service,
    code: &'static str,
    message: String,
) -> Unavailable<'e> {
    Unavailable { carrier: &card.doc.carrier, service: &svc.code, code: Cow::Borrowed(code), message }
}

/// The answer when an amount or weight overflows: the service cannot price the parcel.
/// `what` is the overflowing quantity's name, in parts (`["surcharge ", code]`).
#[cold]
#[inline(never)]
pub(crate) fn out_of_range<'e>(card: &'e Card, svc: &'e Service, what: &[&str]) -> Unavailable<'e> {
    let mut message = crate::error::joined(what, &[]);
    crate::json::append(&mut message, " is beyond what zonerate can compute with");
    unavailable(card, svc, reason::OUT_OF_RANGE, message)
}

/// A limit the parcel is over, as the service's answer.
#[cold]
#[inline(never)]
fn over_limit<'e>(card: &'e Card, svc: &'e Service, x: crate::limits::Exceeded) -> Unavailable<'e> {
    Unavailable { carrier: &card.doc.carrier, service: &svc.code, code: Cow::Owned(x.code), message: x.message }
}

/// The answer when no zone table in force serves the shipment: the destination is not
/// served (`destination`), or the origin is not.
#[cold]
#[inline(never)]
fn not_served<'e>(card: &'e Card, svc: &'e Service, shipment: &Shipment, destination: bool) -> Unavailable<'e> {
    if destination {
        unavailable(
            card,
            svc,
            reason::DESTINATION_NOT_SERVED,
            msg!(svc.name, " does not deliver to ", shipment.to, " from ", shipment.from),
        )
    } else {
        unavailable(
            card,
            svc,
            reason::ORIGIN_NOT_SERVED,
            msg!(svc.name, " has no zone chart or entry hub for origin ", shipment.from, " on ", shipment.ship_date),
        )
    }
}

/// The answer when the price table has no price for the key (`cubic`: a cubic tier,
/// else a weight in the service's unit) in the zone.
#[cold]
#[inline(never)]
fn no_price<'e>(
    card: &'e Card,
    svc: &'e Service,
    e: NoPrice,
    key: Decimal,
    cubic: bool,
    zone: &str,
) -> Unavailable<'e> {
    let what =
        if cubic { msg!("cubic tier ", normalize(key), " cu ft") } else { msg!(plain(key), " ", svc.weight_unit) };
    let why = match e {
        NoPrice::BeyondTable => "is beyond the price table",
        NoPrice::EmptyCell => "has no price",
        NoPrice::OutOfRange => return out_of_range(card, svc, &["the price of ", &what, " in zone ", zone]),
    };
    unavailable(card, svc, reason::NO_PRICE, msg!(what, " ", why, " in zone ", zone))
}

/// What the services of one quote share, computed once: the parcel in the last card's
/// units (cards of one carrier share them). (Delivery dates are not kept: computed per
/// service, -0.2 KB raw and -0.13 KB gzip for +1 % of a JS quote's instructions. Nor
/// billable weights: a cache of them cost 0.5 KB gzip of code to save 3.4 % of a JS quote.)
#[derive(Debug, Default)]
pub(crate) struct Shared<'s> {
    parcel: Option<(WeightUnit, LengthUnit, &'s Piece, Parcel<'s>)>,
}

impl<'s> Shared<'s> {
    /// The shipment's parcel `piece` in these units: the one kept when it is, else converted
    /// and kept.
    fn parcel(
        &mut self,
        shipment: &'s Shipment,
        piece: &'s Piece,
        weight_unit: WeightUnit,
        dim_unit: LengthUnit,
    ) -> &Parcel<'s> {
        // (One shipment per quote, whose `Shared` this is: the piece tells parcels apart.)
        let same = |(w, d, p, _): &(WeightUnit, LengthUnit, &'s Piece, Parcel<'s>)| {
            *w == weight_unit && *d == dim_unit && std::ptr::eq(*p, piece)
        };
        if !self.parcel.as_ref().is_some_and(same) {
            self.parcel = None;
        }
        &self
            .parcel
            .get_or_insert_with(|| (weight_unit, dim_unit, piece, Parcel::new(shipment, piece, weight_unit, dim_unit)))
            .3
    }
}

/// Rates `shipment` with one service of one card.
pub fn rate<'e>(
    card: &'e Card,
    svc: &'e Service,
    shipment: &Shipment,
    shared: &'e VecMap<Arc<ZoneTable>>,
) -> Result<Quote<'e>, Unavailable<'e>> {
    let mut out = Vec::with_capacity(1);
    let piece = Piece { weight: shipment.weight, dims: shipment.dims };
    rate_with(card, svc, shipment, &piece, shared, &mut Shared::default(), &mut out)?;
    out.pop().ok_or_else(|| out_of_range(card, svc, &["the quote"]))
}

/// [`rate`], of one parcel of the shipment (`piece`: its own, or one of its `parcels`),
/// with what the services of a quote share; the quote is pushed onto `out` (a quote is
/// large: built in place rather than moved from call to call).
pub(crate) fn rate_with<'e, 's>(
    card: &'e Card,
    svc: &'e Service,
    shipment: &'s Shipment,
    piece: &'s Piece,
    shared: &'e VecMap<Arc<ZoneTable>>,
    common: &mut Shared<'s>,
    out: &mut Vec<Quote<'e>>,
) -> Result<(), Unavailable<'e>> {
    let date = shipment.ship_date;
    // Zone: the first table in force that serves the origin decides; the fallback tables
    // (by name, when loaded) only when none of the service's own tables serves it.
    // By index over both lists: one loop body, without a chained iterator's two.
    let own = svc.zones.len();
    let mut found = None;
    let mut miss = None;
    for i in 0..own + svc.fallback_zones.len() {
        let (table, columns) = match svc.zones.get(i) {
            Some(l) => (&l.table, Some(&l.columns)),
            None => match svc.fallback_zones.get(i - own).and_then(|n| shared.get(n)) {
                Some(t) => (t, None),
                None => continue,
            },
        };
        if !table.in_force(date) {
            continue;
        }
        match table.lookup(shipment.from, shipment.to, shipment.options.hub.as_deref()) {
            Ok(li) => {
                let col = match columns {
                    Some(c) => c.get(li).copied().flatten(),
                    None => table.labels().get(li).and_then(|l| svc.table.column(l)),
                };
                found = Some((table, li, col));
                break;
            }
            Err(ZoneMiss::Destination) => {
                miss = Some(ZoneMiss::Destination);
                break;
            }
            Err(ZoneMiss::Origin) => {}
        }
    }
    let Some((table, li, col)) = found else {
        return Err(not_served(card, svc, shipment, miss.is_some()));
    };
    let zone: &'e str = table.labels().get(li).map_or("", String::as_str);
    let Some(col) = col else {
        return Err(unavailable(
            card,
            svc,
            reason::DESTINATION_NOT_SERVED,
            msg!(svc.name, " has no prices for zone ", zone),
        ));
    };
    // Most tables carry no warning: the rare one pushed through the shared growth code
    // (already called here), where `vec![…]` inlined an allocation of its own.
    let mut warnings: Vec<&'e str> = Vec::new();
    if let Some(w) = table.warning() {
        warnings.push(w);
    }

    // Every other answer that the service cannot take the parcel leaves this block: one
    // exit (and one drop of what was built) for all.
    let fail: Unavailable<'e> = 'fail: {
        let parcel = common.parcel(shipment, piece, svc.weight_unit, svc.dim_unit);
        let units = (svc.weight_unit.as_str(), svc.dim_unit.as_str());
        for l in &svc.limits {
            if l.measure() != crate::card::format::Measure::BillableWeight {
                if let Some(x) = l.check(parcel, parcel.weight, units) {
                    break 'fail over_limit(card, svc, x);
                }
            }
        }
        // Every amount or weight out of range leaves this block with its name, in two parts
        // (`["surcharge ", code]`): one call of `out_of_range` for all.
        let what: [&'e str; 2] = 'overflow: {
            let Some(bw) = svc.billable.compute(parcel.weight, parcel.dims.as_ref(), zone) else {
                break 'overflow ["the billable weight", ""];
            };
            let mut billable = bw.value;
            for l in &svc.limits {
                if l.measure() == crate::card::format::Measure::BillableWeight {
                    if let Some(x) = l.check(parcel, billable, units) {
                        break 'fail over_limit(card, svc, x);
                    }
                }
            }

            // Cubic tier, when the table is keyed by it.
            let mut cubic_tier = None;
            if svc.table.key == TableKey::Cubic {
                let (Some(dims), Some(rounding)) = (parcel.dims, svc.table.cubic) else {
                    break 'fail unavailable(
                        card,
                        svc,
                        reason::DIMENSIONS_REQUIRED,
                        msg!(svc.name, " is priced by cubic size and needs dimensions"),
                    );
                };
                let Some(size) = cubic_size(svc.dim_unit, dims, rounding) else {
                    break 'overflow ["the cubic size", ""];
                };
                cubic_tier = Some(size);
            }

            // Surcharges that apply, after exclusive groups.
            let facts = Facts { parcel, zone, billable };
            // A loop rather than `filter(…).collect()`, which peels the first item off into a copy
            // of the test (the same allocations: none until one applies, then room for four).
            let mut applied: Vec<&'e Surcharge> = Vec::new();
            let mut grouped = false;
            for s in &svc.surcharges {
                if s.effective.contains(date) && s.applies(&facts) {
                    grouped |= s.group.is_some();
                    applied.push(s);
                }
            }
            if grouped {
                exclusive_groups(&mut applied, &facts, svc.weight_unit);
            }
            // The largest minimum (the last of equal ones, as `Iterator::max`) when it is over the
            // billable weight, in one loop without a separate largest: once one has raised it,
            // an equal later one replaces it.
            let mut raised = false;
            for s in &applied {
                if let Some(m) = s.min_billable_weight {
                    let c = order(m, billable);
                    if c.is_gt() || (raised && c.is_eq()) {
                        billable = m;
                        raised = true;
                    }
                }
            }
            let facts = Facts { parcel, zone, billable };

            // Base freight.
            // One answer for both ways when there is no price (the key it was looked up by).
            let special = svc.table.special_row(|c| c.holds(&facts));
            let (priced, key, base_label): (_, Decimal, &'e str) = match special {
                Some(row) => (svc.table.special_price(row, col), billable, row.label.as_deref().unwrap_or("Base rate")),
                None => {
                    let key = cubic_tier.unwrap_or(billable);
                    (svc.table.price(key, col), key, "Base rate")
                }
            };
            let mut base = match priced {
                Ok(b) => b,
                Err(e) => break 'fail no_price(card, svc, e, key, cubic_tier.is_some(), zone),
            };
            // `base.max(m)` and `base.min(m)`: of equal values (`1.0`, `1.00`), `max` takes `m`
            // and `min` keeps `base`, as `Ord`'s do.
            if let Some(m) = svc.min_charge {
                if !order(base, m).is_gt() {
                    base = m;
                }
            }
            if let Some(m) = svc.max_charge {
                if order(base, m).is_gt() {
                    base = m;
                }
            }
            let base = cents(base);
            // Card amounts are bounded when loaded, but percentages of subtotals compound: a line
            // no bill could carry is refused before the sums can overflow.
            if order(base, Decimal::from(MAX_LINE)).is_gt() {
                break 'overflow ["the base rate", ""];
            }
            let mut lines: Vec<Line<'e>> = Vec::with_capacity(1 + applied.len());
            lines.push(Line {
                code: "base",
                category: crate::quote::Category::Base,
                label: base_label,
                amount: Money(base),
            });

            for s in applied {
                let amount: Result<Option<Decimal>, crate::rounding::OutOfRange> = match &s.charge {
                    Charge::Percent { percent, of } => {
                        let Ok(basis) = percent_basis(of, base, &lines) else {
                            break 'overflow ["the basis of ", &s.code];
                        };
                        // Dividing by 100 cannot overflow.
                        mul(basis, *percent).map(|v| Some(hundredth(v)))
                    }
                    _ => s.fixed_amount(&facts, svc.weight_unit),
                };
                let Ok(amount) = amount else { break 'overflow ["surcharge ", &s.code] };
                let Some(amount) = amount.map(cents) else { continue };
                if order(amount, Decimal::from(MAX_LINE)).is_gt() {
                    break 'overflow ["the ", &s.label];
                }
                if amount.is_zero() {
                    continue;
                }
                lines.push(Line {
                    code: &s.code,
                    category: Category::Surcharge,
                    label: &s.label,
                    amount: Money(amount),
                });
            }
            let Ok(total) = sum(lines.iter().map(|l| l.amount.0)) else { break 'overflow ["the total", ""] };
            let transit_days = svc.transit_days.get(col).copied().flatten();
            out.push(Quote {
                carrier: &card.doc.carrier,
                service: &svc.code,
                service_name: &svc.name,
                zone,
                billable_weight: WeightOut { value: Num(billable), unit: svc.weight_unit },
                dim_weight: bw.dim.map(|d| WeightOut { value: Num(d), unit: svc.weight_unit }),
                cubic_tier: cubic_tier.map(Num),
                total: Money(total),
                currency: &card.doc.currency,
                lines,
                transit_days,
                estimated_delivery: transit_days.map(|d| date.add_business_days(d)),
                card: &card.doc.id,
                tags: Vec::new(),
                warnings,
                cost: None,
                sell: None,
                margin: None,
                parcels: Vec::new(),
                fingerprint: None,
            });
            return Ok(());
        };
        out_of_range(card, svc, &what)
    };
    Err(fail)
}

/// The basis of a percentage surcharge: the sum of the parts it is `of`, from the lines so
/// far. Out of line (kept so by `scripts/build-wasm.sh`): only cards with percentage
/// surcharges call it, so a first quote of the others does not compile it.
#[inline(never)]
fn percent_basis(of: &[Basis], base: Decimal, lines: &[Line<'_>]) -> Result<Decimal, crate::rounding::OutOfRange> {
    // Every part added to one running sum (lines are cents of at most `MAX_LINE`: no sum of
    // them overflows sooner than their parts summed first).
    let mut basis = Decimal::ZERO;
    for b in of {
        match b {
            Basis::Base => basis = add(basis, base)?,
            // One loop for both: every line, or those of the code.
            Basis::Subtotal | Basis::Line(_) => {
                for l in lines {
                    if match b {
                        Basis::Line(code) => l.code == code,
                        _ => true,
                    } {
                        basis = add(basis, l.amount.0)?;
                    }
                }
            }
        }
    }
    Ok(basis)
}

/// The cubic tier of sides `dims` (in `unit`): each side in inches rounded by the table's
/// side rounding, their product in cubic feet rounded by its tier rounding; `None` when a
/// value is beyond what a decimal holds.
#[inline(never)]
fn cubic_size(
    unit: LengthUnit,
    dims: [Decimal; 3],
    (side, tier): (crate::rounding::Rounding, crate::rounding::Rounding),
) -> Option<Decimal> {
    let volume = crate::billable::volume(&dims, (unit, LengthUnit::In), Some(side))?;
    tier.try_apply_ratio(volume, Decimal::from(1728))
}

/// Keeps, of the surcharges of each exclusive group, the one that charges most (ties: the
/// first listed); an amount out of range ranks as the largest (it is refused when charged).
#[inline(never)]
fn exclusive_groups(applied: &mut Vec<&Surcharge>, facts: &Facts<'_, '_>, unit: WeightUnit) {
    let amount = |s: &Surcharge| match s.fixed_amount(facts, unit) {
        Ok(a) => a.unwrap_or(Decimal::ZERO),
        Err(_) => Decimal::MAX,
    };
    // The kept ones into a new list, in order, each amount computed where compared (a
    // group has a few members), where a list of (surcharge, amount) was built first.
    let mut kept = Vec::new();
    for (me, &s) in applied.iter().enumerate() {
        // Dropped when another member of the group charges more (ties: first listed).
        let beaten = s.group.is_some() && {
            let mine = amount(s);
            applied
                .iter()
                .enumerate()
                .any(|(j, o)| j != me && o.group == s.group && order(amount(o), mine).then(me.cmp(&j)).is_gt())
        };
        if !beaten {
            kept.push(s);
        }
    }
    *applied = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers when a table has no price, as the messages were written before they
    /// were built by one call (literal texts).
    #[test]
    fn no_price_messages() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/minimal.json");
        let mut engine = crate::engine::RateEngine::new();
        engine.add_card_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let card = &engine.cards()[0];
        let svc = &card.services[0];
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let got = |e, key, cubic| {
            let u = no_price(card, svc, e, d(key), cubic, "5");
            (u.carrier, u.service, u.code.into_owned(), u.message)
        };
        let want = |code: &str, message: &str| ("acme", "acme_ground", code.to_string(), message.to_string());
        assert_eq!(
            got(NoPrice::BeyondTable, "12.50", false),
            want("no_price", "12.5 lb is beyond the price table in zone 5")
        );
        assert_eq!(got(NoPrice::EmptyCell, "3", false), want("no_price", "3 lb has no price in zone 5"));
        assert_eq!(
            got(NoPrice::BeyondTable, "0.80", true),
            want("no_price", "cubic tier 0.8 cu ft is beyond the price table in zone 5")
        );
        assert_eq!(
            got(NoPrice::EmptyCell, "0.50", true),
            want("no_price", "cubic tier 0.5 cu ft has no price in zone 5")
        );
        assert_eq!(
            got(NoPrice::OutOfRange, "3", false),
            want("out_of_range", "the price of 3 lb in zone 5 is beyond what zonerate can compute with")
        );
        assert_eq!(
            got(NoPrice::OutOfRange, "0.2", true),
            want(
                "out_of_range",
                "the price of cubic tier 0.2 cu ft in zone 5 is beyond what zonerate can compute with"
            )
        );
    }
}
