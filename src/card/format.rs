//! Rate card format v1: the JSON document, field for field, as serde types.
//!
//! These types only describe the shape; `card/mod.rs` (`Card::compile`) checks the meaning (steps > 0,
//! brackets in order, references that resolve) and builds the runtime form. The
//! reference with worked examples is `docs/rate-card-format.md`; the JSON Schema is
//! `schema/rate-card.v1.schema.json`.

use crate::date::Period;
use crate::rounding::Rounding;
use crate::units::{LengthUnit, WeightUnit};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of `format` this version reads and writes.
pub const FORMAT_V1: &str = "zonerate/1";

fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole rate card: base info, shared tables, and services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardDoc {
    /// Always `"zonerate/1"` for this version.
    pub format: String,
    /// Identifies the card (`usps-2025-10-05`); with `version`, unique in an engine.
    pub id: String,
    /// Free-form edition label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Carrier code (`usps`, `ontrac`, `gofo`…), lower-case.
    pub carrier: String,
    /// Carrier name for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_name: Option<String>,
    /// ISO 4217 currency of every amount in the card.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Unit of every weight in the card (brackets, limits, dim weight results).
    #[serde(default = "default_weight_unit")]
    pub weight_unit: WeightUnit,
    /// Unit of every length in the card (and of volumes, cubed).
    #[serde(default = "default_dim_unit")]
    pub dim_unit: LengthUnit,
    /// Default price type of the services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_type: Option<PriceType>,
    /// How a weight exactly on a bracket bound is placed.
    #[serde(default, skip_serializing_if = "BracketRule::is_default")]
    pub bracket_rule: BracketRule,
    /// When the card is in force (inclusive); open ends allowed.
    #[serde(default)]
    pub effective: Period,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// True when the prices are made up for illustration, not a carrier's.
    #[serde(default, skip_serializing_if = "is_false")]
    pub illustrative: bool,
    /// True when the card is a sell-price card derived for customers (carries no cost).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sell_only: bool,
    /// Content hash (`sha256:…`, see `integrity.rs`); checked on load when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Zone tables by name, referenced by services (and by other cards).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub zone_tables: BTreeMap<String, ZoneTableDef>,
    /// ZIP lists by name (`"01002 01007 941* 10001-10006"`), used by conditions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub zip_sets: BTreeMap<String, String>,
    /// Surcharges, each defined once and referenced by services by `code`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub surcharges: Vec<SurchargeDef>,
    /// The services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceDef>,
}

fn default_currency() -> String {
    "USD".to_string()
}
fn default_weight_unit() -> WeightUnit {
    WeightUnit::Lb
}
fn default_dim_unit() -> LengthUnit {
    LengthUnit::In
}

/// Retail, commercial or contract prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceType {
    /// Counter prices anyone pays.
    Retail,
    /// Published commercial (online, volume) prices.
    Commercial,
    /// Negotiated per-account prices.
    Contract,
}

/// Where a weight exactly on a bracket bound belongs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BracketRule {
    /// "Weight not over X": a row covers (previous bound, X]. USPS and most carriers.
    #[default]
    NotOver,
    /// "From X up to but not including Y": a row covers [previous bound, Y).
    Under,
}

impl BracketRule {
    fn is_default(&self) -> bool {
        *self == BracketRule::NotOver
    }
}

/// One service of a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceDef {
    /// Service code, such as `usps_ground_advantage_commercial`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Overrides the card's price type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_type: Option<PriceType>,
    /// Narrows the card's period for this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Period>,
    /// Overrides the card's bracket rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bracket_rule: Option<BracketRule>,
    /// Zone tables to look the zone up in, first match wins.
    pub zones: OneOrMany<String>,
    /// Zone tables tried after `zones` when none of those serves the origin, looked up by
    /// name at quote time and skipped when not loaded (e.g. a large national chart that
    /// only some deployments load). Quotes priced through them carry the table's warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_zones: Option<Vec<String>>,
    /// Billable weight rules.
    #[serde(default, skip_serializing_if = "BillableDef::is_empty")]
    pub billable: BillableDef,
    /// Size and weight limits; outside them the service is unavailable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<LimitDef>,
    /// The price table.
    pub table: TableDef,
    /// Lowest base freight charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_charge: Option<Decimal>,
    /// Highest base freight charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_charge: Option<Decimal>,
    /// Codes of the card's surcharges that apply to this service, in computing order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub surcharges: Vec<String>,
    /// Transit business days per zone column of the table (null where unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transit_days: Option<Vec<Option<u32>>>,
}

/// A single value or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// One.
    One(T),
    /// Several.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// As a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

/// Billable weight rules (§4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillableDef {
    /// Dimensional weight; absent = actual weight only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dim_weight: Option<DimWeightDef>,
    /// Weight roundings by weight band: the last rule whose `over` is below the weight
    /// applies. Example: `[{"over":"1","mode":"up","increment":"1"}]` prices 1.01 lb as 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounding: Vec<WeightRoundingDef>,
}

impl BillableDef {
    fn is_empty(&self) -> bool {
        self.dim_weight.is_none() && self.rounding.is_empty()
    }
}

/// Dimensional weight rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DimWeightDef {
    /// Volume (dimUnit³) per weight unit, such as 166 or 139 in³/lb.
    pub divisor: Decimal,
    /// Applies only when the (rounded) volume is over this (dimUnit³); absent = always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Decimal>,
    /// How each side is rounded before multiplying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dim_rounding: Option<Rounding>,
    /// How the dim weight is rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_rounding: Option<Rounding>,
    /// Only for these zones (labels); absent = all zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
}

/// A weight rounding for weights over `over`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeightRoundingDef {
    /// Applies to weights strictly above this (card weight unit); default 0.
    #[serde(default)]
    pub over: Decimal,
    /// Direction.
    pub mode: crate::rounding::RoundMode,
    /// Multiple.
    pub increment: Decimal,
}

/// What a limit or a condition measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Measure {
    /// The actual weight (card weight unit).
    Weight,
    /// The billable weight after dim weight and rounding.
    BillableWeight,
    /// Longest side.
    Length,
    /// Second-longest side.
    Width,
    /// Shortest side.
    Height,
    /// 2 × (width + height).
    Girth,
    /// Length + girth.
    LengthPlusGirth,
    /// L × W × H (dimUnit³).
    Volume,
    /// Declared value (currency).
    DeclaredValue,
}

/// A limit: above `max` the service cannot take the parcel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LimitDef {
    /// What is measured.
    pub measure: Measure,
    /// Largest allowed value (inclusive).
    pub max: Decimal,
    /// Reason code when exceeded; default by measure (`over_max_weight`, `over_max_size`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Message when exceeded; default generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What selects the row of a table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TableKey {
    /// The billable weight.
    #[default]
    Weight,
    /// The cubic tier in cubic feet (USPS Cubic).
    Cubic,
}

/// The price table: weight brackets (or cubic tiers) × zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TableDef {
    /// What selects the row.
    #[serde(default, skip_serializing_if = "is_weight_key")]
    pub key: TableKey,
    /// Zone labels of the columns, in order.
    pub zones: Vec<String>,
    /// Rows in increasing order of `upTo`.
    pub rows: Vec<RowDef>,
    /// Rows chosen by a condition instead of the weight (USPS oversized).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special: Vec<SpecialRowDef>,
    /// For `key: cubic`: how the tier is computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cubic: Option<CubicDef>,
}

fn is_weight_key(k: &TableKey) -> bool {
    *k == TableKey::Weight
}

/// The five pricing modes of §3 (mode 4 and 5 are rows of mode 1 followed by rows of
/// mode 2 or `progressive`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RowMode {
    /// fee = cell.
    #[default]
    Flat,
    /// fee = cell × weight.
    Unit,
    /// fee = PF if w ≤ F, else PF + ceil((w − F) / S) × PS.
    Step,
    /// fee = P(T) + Σ ceil(part_k / S_k) × PS_k over excess tiers.
    Progressive,
}

fn is_flat(m: &RowMode) -> bool {
    *m == RowMode::Flat
}

/// A row of the table. Which fields are required depends on `mode`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RowDef {
    /// Upper bound of the bracket (card weight unit, or cu ft for cubic); null or
    /// absent on the last row = no upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
    /// Pricing mode of the row.
    #[serde(default, skip_serializing_if = "is_flat")]
    pub mode: RowMode,
    /// `flat`: price per zone; `unit`: price per weight unit per zone. null = no service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<Vec<Option<Decimal>>>,
    /// `step`: first weight F (one value or one per zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<OneOrMany<Decimal>>,
    /// `step`: first price PF per zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_price: Option<Vec<Option<Decimal>>>,
    /// `step`: continuation step S (> 0; one value or one per zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<OneOrMany<Decimal>>,
    /// `step`: price per continuation step PS per zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_price: Option<Vec<Decimal>>,
    /// `progressive`: the excess tiers, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierDef>>,
}

/// One excess tier (a_k, b_k] of a progressive row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TierDef {
    /// a_k: the tier starts above this weight.
    pub over: Decimal,
    /// b_k: the tier ends at this weight; absent = unbounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
    /// S_k (> 0).
    pub step: Decimal,
    /// PS_k per zone.
    pub step_price: Vec<Decimal>,
}

/// A row selected by a condition rather than by weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpecialRowDef {
    /// Code, such as `oversized`.
    pub code: String,
    /// Label for the base line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When the row applies.
    pub when: Condition,
    /// Flat price per zone.
    pub prices: Vec<Option<Decimal>>,
}

/// How a cubic tier is computed (USPS: sides down to ¼ in, cu ft up to 0.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CubicDef {
    /// Side rounding before multiplying.
    pub dim_rounding: Rounding,
    /// Rounding of the volume in cubic feet.
    pub tier_rounding: Rounding,
}

/// A numeric range: strictly above `over`, at most `upTo`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RangeDef {
    /// Exclusive lower bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<Decimal>,
    /// Inclusive upper bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
}

/// A condition; every field given must hold (`any` holds when one of its items does).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    /// Residential (true) or commercial (false) delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residential: Option<bool>,
    /// Zone labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
    /// Destination ZIP is in this named ZIP set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_in: Option<String>,
    /// Destination ZIP is not in this named ZIP set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_not_in: Option<String>,
    /// Every one of these options was asked for (`signature`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
    /// The packaging is one of these (`tube`, `roll`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packaging: Option<Vec<String>>,
    /// Ranges per measure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<RangeDef>,
    /// Billable weight range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billable_weight: Option<RangeDef>,
    /// Longest side range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<RangeDef>,
    /// Second-longest side range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<RangeDef>,
    /// Shortest side range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<RangeDef>,
    /// Girth range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub girth: Option<RangeDef>,
    /// Length + girth range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_plus_girth: Option<RangeDef>,
    /// Volume range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<RangeDef>,
    /// Declared value range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_value: Option<RangeDef>,
    /// At least one of these conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
}

impl Condition {
    /// The measure ranges of the condition, with their field names, in format order.
    pub fn ranges(&self) -> [(Measure, &Option<RangeDef>, &'static str); 9] {
        [
            (Measure::Weight, &self.weight, "weight"),
            (Measure::BillableWeight, &self.billable_weight, "billableWeight"),
            (Measure::Length, &self.length, "length"),
            (Measure::Width, &self.width, "width"),
            (Measure::Height, &self.height, "height"),
            (Measure::Girth, &self.girth, "girth"),
            (Measure::LengthPlusGirth, &self.length_plus_girth, "lengthPlusGirth"),
            (Measure::Volume, &self.volume, "volume"),
            (Measure::DeclaredValue, &self.declared_value, "declaredValue"),
        ]
    }
}

/// A surcharge: when it applies and how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurchargeDef {
    /// Code, unique in the card; the line code in quotes.
    pub code: String,
    /// Label of the line.
    pub label: String,
    /// Condition; absent = always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The amount.
    pub charge: ChargeDef,
    /// Exclusive group: of the applicable surcharges of a group only the one with the
    /// highest amount is charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// When in force (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Period>,
    /// When charged, the billable weight is raised to at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_billable_weight: Option<Decimal>,
}

/// Kinds of charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ChargeType {
    /// `amount`.
    Flat,
    /// `amounts[zone column of `zones`]`.
    PerZone,
    /// `amount` × billable weight (in `unit`, default the card's).
    PerWeight,
    /// `percent` % of the lines named in `of`.
    Percent,
    /// A weight × zone grid (`zones`, `rows` with `upTo` and `amounts`).
    Table,
    /// Tiers by declared value (`rows` with `upTo` and `amount`).
    ValueTiers,
}

/// A charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeDef {
    /// Kind.
    #[serde(rename = "type")]
    pub kind: ChargeType,
    /// `flat`, `perWeight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// `percent`: the percentage (19.25 = 19.25 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Decimal>,
    /// `percent`: what it is a percentage of: `base`, `subtotal` (every line before it),
    /// or line codes. Default `base`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Vec<String>>,
    /// `perZone`, `table`: zone labels of the columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
    /// `perZone`: amount per column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Vec<Option<Decimal>>>,
    /// `table`, `valueTiers`: rows in increasing order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<ChargeRowDef>>,
    /// `perWeight`: unit of `amount`'s weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<WeightUnit>,
}

/// A row of a `table` or `valueTiers` charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeRowDef {
    /// Inclusive upper bound (weight in the card unit, or declared value); absent = ∞.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
    /// `table`: amount per zone column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Vec<Option<Decimal>>>,
    /// `valueTiers`: the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

/// A zone table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZoneTableDef {
    /// `zip3`: USPS-style origin ZIP3 × destination ZIP3 chart; `zip5`: destination ZIP
    /// lists per entry hub.
    pub kind: ZoneKind,
    /// When the chart is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Period>,
    /// A warning every quote priced through this table carries (an outdated chart…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// Zone labels; chart characters and zone entries refer to them.
    pub labels: Vec<String>,
    /// `zip3`: per origin ZIP3, a 1000-character string: character i is the zone of
    /// destination ZIP3 i, as `1`–`9` then `A`–`Z` = labels[0..], `-` = not served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origins: Option<BTreeMap<String, String>>,
    /// `zip3`: 5-digit exceptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<ZoneExceptionDef>>,
    /// `zip5`: entry hubs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hubs: Option<Vec<HubDef>>,
}

/// Kinds of zone table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    /// Origin ZIP3 × destination ZIP3 (+ 5-digit exceptions).
    Zip3,
    /// Destination ZIP lists per hub.
    Zip5,
}

/// A 5-digit exception of a zip3 chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZoneExceptionDef {
    /// Origin ZIP3 it belongs to.
    pub origin: String,
    /// First destination ZIP5.
    pub from: String,
    /// Last destination ZIP5 (inclusive).
    pub to: String,
    /// Zone label.
    pub zone: String,
}

/// An entry hub (or origin warehouse) of a zip5 table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HubDef {
    /// Hub code (`LAX`, `PHX`…); a shipment may ask for it with `options.hub`.
    pub code: String,
    /// Origin ZIPs that ship through this hub (patterns).
    pub origins: String,
    /// Destination patterns per zone label.
    pub zones: BTreeMap<String, String>,
    /// Destinations not served from this hub, whatever the entries say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude: Option<String>,
}
