//! Rate card format v1: the JSON document, field for field.
//!
//! These types only describe the shape; `card/mod.rs` (`Card::compile`) checks the meaning (steps > 0,
//! brackets in order, references that resolve) and builds the runtime form. The
//! reference with worked examples is `docs/rate-card-format.md`; the JSON Schema is
//! `schema/rate-card.v1.schema.json`.
//!
//! The engine reads cards with [`FromJson`] and writes the canonical form (content hash)
//! with [`ToJson`], declared next to each type; the serde derives remain for the
//! command-line tools (pretty output, diffs, workbooks) and must describe the same JSON.

use crate::date::Period;
use crate::error::Result;
#[cfg(doc)]
use crate::json::ObjectWriter;
use crate::json::{FromJson, Path, Reader, ToJson};
use crate::rounding::Rounding;
use crate::units::{LengthUnit, WeightUnit};
use crate::vecmap::VecMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Implements [`FromJson`] and [`ToJson`] for a struct read and written field by field,
/// as serde's derive with `rename_all = "camelCase", deny_unknown_fields` does:
///
/// ```text
/// json_struct!(Rounding {
///     mode: "mode" req,               // required; always written
///     code: "code" req_str,           // a required String, written by `str_field`
///     label: "label" opt,             // Option: absent or null is None; written when Some
///     over: "over" default,           // Default::default() when absent; always written
///     rule: "rule" skip is_default,   // Default when absent; not written when is_default(&v)
///     unit: "unit" or_else lb,        // lb() when absent; always written
///     rows: "rows" req_list,          // a Vec of structs, required
///     tiers: "tiers" opt_list,        // an Option<Vec> of structs
///     special: "special" skip_list,   // a Vec of structs, not written when empty
/// });
/// ```
///
/// The `_list` modes read as `req`, `opt` and `skip Vec::is_empty` do and write the same
/// JSON through [`Items`] (brackets and commas pushed out of line).
///
/// Fields are read from the text as they come, each into its place in a struct started
/// from its absent value (a required field starts [`Blank`](crate::json::Blank), and the
/// macro gives the struct a `Blank` of these starting values; an `or_else` field starts
/// `Blank` too and gets its default after the read, when absent: no starting value owns
/// memory, see [`put`](crate::json::put)), with the errors of reading
/// them in the order listed (see [`read_struct`](crate::json::read_struct); every name is
/// known to `deny_unknown_fields`), and written in that order. Append `read_only` after
/// the struct name to implement [`FromJson`] alone.
///
/// The struct's `Blank` is a constant ([`ConstBlank`](crate::json::ConstBlank)), every
/// field's starting value a constant too (a `default` or `skip` field's is its type's
/// `Blank`, which a test checks is its `Default`): wherever a struct starts, it is copied
/// whole from the module's data, where building it field by field was a store per field
/// at each place (measured: −1.1 KB raw, −0.18 KB gzip, and 0.6 % fewer instructions to
/// load the USPS cards). A struct with a field whose `Blank` is no constant (an `Arc<[T]>`)
/// is declared `built` after its name instead: its `Blank` is built field by field.
///
/// A struct is read in place wherever it is a field's value or a list's item: into the
/// field's starting value (its `Blank`, see [`FromJson::read_into`]) or into a `Blank`
/// pushed onto the list (`FromJson::push_read`), never into a copy on the stack then
/// moved; its lists go through the one loop of `json::read_items`.
#[macro_export]
macro_rules! json_struct {
    ($ty:ident { $($field:ident : $name:literal $mode:ident $($arg:path)?),+ $(,)? }) => {
        $crate::json_struct!($ty read_only { $($field : $name $mode $($arg)?),+ });
        $crate::json_struct!(@writer $ty { $($field : $name $mode $($arg)?),+ });
    };
    ($ty:ident read_only { $($field:ident : $name:literal $mode:ident $($arg:path)?),+ $(,)? }) => {
        impl $crate::json::ConstBlank for $ty {
            const BLANK: Self = $ty { $($field: $crate::json_struct!(@start $mode $($arg)?)),+ };
        }
        $crate::json_struct!(@reader $ty { $($field : $name $mode $($arg)?),+ });
    };
    // A struct with a field whose `Blank` is no constant (an `Arc<[T]>`): its own `Blank`
    // built field by field.
    ($ty:ident built { $($field:ident : $name:literal $mode:ident $($arg:path)?),+ $(,)? }) => {
        impl $crate::json::Blank for $ty {
            fn blank() -> Self {
                $ty { $($field: $crate::json_struct!(@built $mode)),+ }
            }
        }
        $crate::json_struct!(@reader $ty { $($field : $name $mode $($arg)?),+ });
        $crate::json_struct!(@writer $ty { $($field : $name $mode $($arg)?),+ });
    };
    (@writer $ty:ident { $($field:ident : $name:literal $mode:ident $($arg:path)?),+ }) => {
        impl $crate::json::ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                $crate::card::format::open(out);
                $($crate::json_struct!(
                    @write out,
                    (const { $crate::card::format::name_of(<$ty>::JSON_NAMES, $name) }),
                    &self.$field,
                    $mode $($arg)?
                );)+
                $crate::card::format::close(out);
            }
        }
    };
    (@reader $ty:ident { $($field:ident : $name:literal $mode:ident $($arg:path)?),+ }) => {
        impl $ty {
            // The member names, in declaration order.
            const JSON_NAMES: &'static [&'static str] = &[$($name),+];
        }
        impl $crate::json::FromJson for $ty {
            #[inline(never)]
            fn from_json(r: &mut $crate::json::Reader<'_>, path: $crate::json::Path<'_>) -> $crate::error::Result<Self> {
                let mut s = <$ty as $crate::json::Blank>::blank();
                Self::read_into(&mut s, r, path)?;
                Ok(s)
            }

            // Read in place: `slot` holds the struct's `Blank` (the starting value of a
            // required field; `Default`, the same, for the others).
            #[inline(never)]
            #[allow(unused_assignments)]
            fn read_into(
                slot: &mut Self,
                r: &mut $crate::json::Reader<'_>,
                path: $crate::json::Path<'_>,
            ) -> $crate::error::Result<()> {
                const DEF: $crate::json::StructDef = $crate::json::StructDef {
                    known: <$ty>::JSON_NAMES,
                    required: $crate::json::mask(&[$($crate::json_struct!(@required $mode)),+]),
                    order: &[],
                };
                // `read_struct`'s record of seen fields has one bit per field.
                const _: () = assert!(DEF.known.len() <= 64);
                // A struct without `or_else` fields has nothing to do after the read: one
                // call of the shared `read_fields` (see there).
                const FILLS: bool = false $(|| $crate::json_struct!(@or_else $mode))+;
                if !FILLS {
                    return $crate::card::format::read_fields(r, path, &DEF, slot);
                }
                let seen = $crate::json::read_struct(r, path, &DEF, slot)?;
                // The `or_else` fields not read get their default (only those: the
                // other fields' starting values are what they read as when absent).
                let mut k = 0u32;
                $(
                    $crate::json_struct!(@fill slot.$field, seen & 1u64.wrapping_shl(k) == 0, $mode $($arg)?);
                    k += 1;
                )+
                let _ = (seen, k);
                Ok(())
            }

            // An optional struct: read into a `Blank` put in the slot.
            fn read_some(
                slot: &mut Option<Self>,
                r: &mut $crate::json::Reader<'_>,
                path: $crate::json::Path<'_>,
            ) -> $crate::error::Result<()> {
                $crate::json::fill(slot, Some(<$ty as $crate::json::Blank>::blank()));
                match slot {
                    Some(s) => Self::read_into(s, r, path),
                    None => Ok(()),
                }
            }

            // An item of a list, read in place: into a `Blank` pushed first (an item that
            // fails is dropped with the list).
            fn push_read(
                list: &mut Vec<Self>,
                r: &mut $crate::json::Reader<'_>,
                path: $crate::json::Path<'_>,
            ) -> $crate::error::Result<()> {
                match $crate::json::push_start(list, <$ty as $crate::json::Blank>::blank()) {
                    Some(s) => Self::read_into(s, r, path),
                    None => Ok(()),
                }
            }
        }
        impl $crate::json::ReadField for $ty {
            // Field `i` (the `k`th listed is field `k`) read into its place.
            #[allow(unused_assignments)]
            fn read_field(
                &mut self,
                i: usize,
                r: &mut $crate::json::Reader<'_>,
                p: $crate::json::Path<'_>,
            ) -> $crate::error::Result<()> {
                let mut k = 0usize;
                $(
                    if i == k {
                        return $crate::json::put(&mut self.$field, r, p);
                    }
                    k += 1;
                )+
                Ok(())
            }
        }
    };
    // The value a field starts from: what an absent optional field reads as, but for
    // `or_else` fields, which start blank and get their default after the read (`@fill`):
    // a default may own memory ("USD"), and `json::put` forgets the value it replaces.
    (@start req) => { $crate::json::blank() };
    (@start req_list) => { $crate::json::blank() };
    (@start req_str) => { $crate::json::blank() };
    (@start opt) => { None };
    (@start opt_list) => { None };
    (@start or_else $default:path) => { $crate::json::blank() };
    (@start $mode:ident $($pred:path)?) => { $crate::json::blank() };
    (@built opt) => { None };
    (@built opt_list) => { None };
    (@built $mode:ident) => { $crate::json::Blank::blank() };
    (@fill $slot:expr, $absent:expr, or_else $default:path) => {
        if $absent {
            $crate::json::fill(&mut $slot, $default());
        }
    };
    (@fill $slot:expr, $absent:expr, $mode:ident $($pred:path)?) => {};
    (@or_else or_else) => { true };
    (@or_else $mode:ident) => { false };
    (@required req) => { true };
    (@required req_list) => { true };
    (@required req_str) => { true };
    (@required $mode:ident) => { false };
    (@write $o:ident, $name:expr, $v:expr, req_list) => {
        $crate::card::format::field_at($o, $name, &$crate::card::format::Items($v))
    };
    (@write $o:ident, $name:expr, $v:expr, skip_list) => {
        if !$v.is_empty() {
            $crate::card::format::field_at($o, $name, &$crate::card::format::Items($v));
        }
    };
    (@write $o:ident, $name:expr, $v:expr, opt_list) => {
        if let Some(v) = $v {
            $crate::card::format::field_at($o, $name, &$crate::card::format::Items(v));
        }
    };
    (@write $o:ident, $name:expr, $v:expr, req_str) => { $crate::card::format::str_field($o, $name, $v) };
    (@write $o:ident, $name:expr, $v:expr, opt) => { $crate::card::format::opt_at($o, $name, $v) };
    (@write $o:ident, $name:expr, $v:expr, skip $pred:path) => {
        if !$pred($v) {
            $crate::card::format::field_at($o, $name, $v);
        }
    };
    (@write $o:ident, $name:expr, $v:expr, $mode:ident $($arg:path)?) => { $crate::card::format::field_at($o, $name, $v) };
}

/// Reads a struct's fields (see [`read_struct`](crate::json::read_struct)) for the
/// `FromJson::read_into` of a [`json_struct!`] without `or_else` fields, which has nothing
/// to do with the record of fields seen: one copy of the unpacking of `read_struct`'s
/// result (through memory), where each struct's reader and its inlined copies (in
/// `push_read`, `read_some`, `from_json`) had their own.
#[doc(hidden)]
#[inline(never)]
pub fn read_fields(
    r: &mut Reader<'_>,
    path: Path<'_>,
    def: &crate::json::StructDef,
    fields: &mut dyn crate::json::ReadField,
) -> Result<()> {
    crate::json::read_struct(r, path, def, fields)?;
    Ok(())
}

/// Opens an object written by [`field`] and [`opt`] (the writers of [`json_struct!`] and of
/// the card for its hash), closed by [`close`]. These write what [`ObjectWriter`] writes,
/// without its state: a member's key is preceded by a comma unless the text written so far
/// ends with the object's `{` (no JSON value ends with `{`, so only its first member does
/// not), where the writer kept a flag in a struct of its own, on the stack of each struct's
/// writer (a frame, a constructor returning it through memory, and loads of its fields:
/// about 40 bytes of wasm per struct, and a card's hash inlines every struct's writer).
#[doc(hidden)]
#[inline(never)]
pub fn open(out: &mut String) {
    crate::json::append(out, "{");
}

/// Closes an object opened by [`open`].
#[doc(hidden)]
#[inline(never)]
pub fn close(out: &mut String) {
    crate::json::append(out, "}");
}

/// The key of a member of the object being written (see [`open`]): a field name, written
/// as it is (names are plain identifiers: nothing to escape).
#[doc(hidden)]
#[inline(never)]
pub fn key(out: &mut String, name: &'static str) {
    debug_assert!(!name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'));
    let first = out.as_bytes().last() == Some(&b'{');
    out.reserve(name.len() + 4);
    crate::json::append(out, if first { "\"" } else { ",\"" });
    crate::json::append(out, name);
    crate::json::append(out, "\":");
}

/// The key of a member named by its entry in a struct's `JSON_NAMES` (see [`name_of`]):
/// the writers of [`json_struct!`], all inlined into the card's hash writer, pass one
/// address where each passed a name's address and length (−124 B raw, −71 B gzip).
#[doc(hidden)]
#[inline(never)]
pub fn named(out: &mut String, name: &'static &'static str) {
    key(out, name);
}

/// The entry of `names` (a struct's `JSON_NAMES`) equal to `name`, for its writer: found
/// at compile time (`const { .. }`), so the writer passes the entry's address. Every
/// name a writer asks for is in its struct's list (the writer of [`json_struct!`] asks
/// for its own fields'; a name not found would be written empty, which the tests
/// comparing the card writers with serde's would show).
#[doc(hidden)]
pub const fn name_of(names: &'static [&'static str], name: &str) -> &'static &'static str {
    let mut rest = names;
    while let [first, tail @ ..] = rest {
        if same(first.as_bytes(), name.as_bytes()) {
            return first;
        }
        rest = tail;
    }
    &""
}

/// Byte strings equal (`==` is not `const`).
const fn same(mut a: &[u8], mut b: &[u8]) -> bool {
    loop {
        match (a, b) {
            ([x, a2 @ ..], [y, b2 @ ..]) if *x == *y => (a, b) = (a2, b2),
            ([], []) => return true,
            _ => return false,
        }
    }
}

/// A member of the object being written (see [`open`]).
#[doc(hidden)]
pub fn field<T: ToJson + ?Sized>(out: &mut String, name: &'static str, v: &T) {
    key(out, name);
    v.write_json(out);
}

/// A member named by its entry in `JSON_NAMES` (see [`named`]).
#[doc(hidden)]
pub fn field_at<T: ToJson + ?Sized>(out: &mut String, name: &'static &'static str, v: &T) {
    named(out, name);
    v.write_json(out);
}

/// A member whose value is a string. Out of line: the card's hash writer inlines every
/// struct's writer, where each string member was a call of [`key`] and one of the
/// string's writer (with the string's pointer and length loaded for it).
///
/// The string by reference to the `String` (one address for the call), not as a `&str`
/// (its address and length loaded at each call): −80 B raw, −43 B gzip.
#[doc(hidden)]
#[inline(never)]
#[allow(clippy::ptr_arg)]
pub fn str_field(out: &mut String, name: &'static &'static str, v: &String) {
    named(out, name);
    crate::json::write_str(out, v);
}

/// A member written only when `Some`. Out of line: an optional field of a type many
/// fields have (a `Decimal`, a `String`) is then one call per field in the card's hash
/// writer, where each inlined its test, key and value (-0.2 KB).
#[doc(hidden)]
#[inline(never)]
pub fn opt<T: ToJson>(out: &mut String, name: &'static str, v: &Option<T>) {
    if let Some(v) = v {
        field(out, name, v);
    }
}

/// [`opt`] of a member named by its entry in `JSON_NAMES` (see [`named`]).
#[doc(hidden)]
#[inline(never)]
pub fn opt_at<T: ToJson>(out: &mut String, name: &'static &'static str, v: &Option<T>) {
    if let Some(v) = v {
        field_at(out, name, v);
    }
}

/// A list written as `[T]` writes it (`[a,b]`), its brackets and commas pushed by
/// out-of-line functions: the lists of card structs are all inlined into the one function
/// writing a card for its hash, each with its own pushes otherwise.
#[doc(hidden)]
pub struct Items<'a, T>(pub &'a [T]);

impl<T: ToJson> ToJson for Items<'_, T> {
    fn write_json(&self, out: &mut String) {
        open_list(out);
        for v in self.0 {
            item(out);
            v.write_json(out);
        }
        close_list(out);
    }
}

/// Opens a list written by [`Items`]. Out of line (kept so by `scripts/build-wasm.sh`, as
/// [`open`] and [`close`] are): the writers of card structs, all inlined into the card's
/// hash writer, then call it with one argument where each pushed its own `[`.
#[doc(hidden)]
#[inline(never)]
pub fn open_list(out: &mut String) {
    crate::json::append(out, "[");
}

/// Closes a list opened by [`open_list`].
#[doc(hidden)]
#[inline(never)]
pub fn close_list(out: &mut String) {
    crate::json::append(out, "]");
}

/// Before an item of a list being written by [`Items`]: a comma unless it is the first
/// (the text written so far ends with the list's `[`, which no JSON value ends with; see
/// [`open`]). One call per item, where each list kept a count.
#[inline(never)]
fn item(out: &mut String) {
    if out.as_bytes().last() != Some(&b'[') {
        crate::json::append(out, ",");
    }
}

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
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub zone_tables: VecMap<ZoneTableDef>,
    /// ZIP lists by name (`"01002 01007 941* 10001-10006"`), used by conditions.
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub zip_sets: VecMap<String>,
    /// Surcharges, each defined once and referenced by services by `code`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub surcharges: Vec<SurchargeDef>,
    /// The services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceDef>,
}

fn default_currency() -> String {
    // Appended (one call of the shared `extend_from_slice`): `to_string` inlined an
    // allocation and a copy into the card's reader.
    let mut s = String::new();
    crate::json::append(&mut s, "USD");
    s
}
fn default_weight_unit() -> WeightUnit {
    WeightUnit::Lb
}
fn default_dim_unit() -> LengthUnit {
    LengthUnit::In
}

crate::json_struct!(CardDoc read_only {
    format: "format" req_str,
    id: "id" req_str,
    version: "version" opt,
    carrier: "carrier" req_str,
    carrier_name: "carrierName" opt,
    currency: "currency" or_else default_currency,
    weight_unit: "weightUnit" or_else default_weight_unit,
    dim_unit: "dimUnit" or_else default_dim_unit,
    price_type: "priceType" opt,
    bracket_rule: "bracketRule" skip BracketRule::is_default,
    effective: "effective" default,
    source: "source" opt,
    illustrative: "illustrative" skip is_false,
    sell_only: "sellOnly" skip is_false,
    hash: "hash" opt,
    zone_tables: "zoneTables" skip VecMap::is_empty,
    zip_sets: "zipSets" skip VecMap::is_empty,
    surcharges: "surcharges" skip Vec::is_empty,
    services: "services" skip Vec::is_empty,
});

impl CardDoc {
    /// Writes the card as serde_json writes it, without its `hash` unless `with_hash`
    /// (the canonical form of `integrity.rs` leaves it out).
    pub fn write_json_with(&self, out: &mut String, with_hash: bool) {
        open(out);
        str_field(out, const { name_of(Self::JSON_NAMES, "format") }, &self.format);
        str_field(out, const { name_of(Self::JSON_NAMES, "id") }, &self.id);
        opt_at(out, const { name_of(Self::JSON_NAMES, "version") }, &self.version);
        str_field(out, const { name_of(Self::JSON_NAMES, "carrier") }, &self.carrier);
        opt_at(out, const { name_of(Self::JSON_NAMES, "carrierName") }, &self.carrier_name);
        str_field(out, const { name_of(Self::JSON_NAMES, "currency") }, &self.currency);
        field_at(out, const { name_of(Self::JSON_NAMES, "weightUnit") }, &self.weight_unit);
        field_at(out, const { name_of(Self::JSON_NAMES, "dimUnit") }, &self.dim_unit);
        opt_at(out, const { name_of(Self::JSON_NAMES, "priceType") }, &self.price_type);
        if !self.bracket_rule.is_default() {
            field_at(out, const { name_of(Self::JSON_NAMES, "bracketRule") }, &self.bracket_rule);
        }
        field_at(out, const { name_of(Self::JSON_NAMES, "effective") }, &self.effective);
        opt_at(out, const { name_of(Self::JSON_NAMES, "source") }, &self.source);
        if self.illustrative {
            field_at(out, const { name_of(Self::JSON_NAMES, "illustrative") }, &self.illustrative);
        }
        if self.sell_only {
            field_at(out, const { name_of(Self::JSON_NAMES, "sellOnly") }, &self.sell_only);
        }
        if with_hash {
            opt_at(out, const { name_of(Self::JSON_NAMES, "hash") }, &self.hash);
        }
        if !self.zone_tables.is_empty() {
            field_at(out, const { name_of(Self::JSON_NAMES, "zoneTables") }, &self.zone_tables);
        }
        if !self.zip_sets.is_empty() {
            field_at(out, const { name_of(Self::JSON_NAMES, "zipSets") }, &self.zip_sets);
        }
        if !self.surcharges.is_empty() {
            field_at(out, const { name_of(Self::JSON_NAMES, "surcharges") }, &Items(&self.surcharges));
        }
        if !self.services.is_empty() {
            field_at(out, const { name_of(Self::JSON_NAMES, "services") }, &Items(&self.services));
        }
        close(out);
    }
}

impl ToJson for CardDoc {
    fn write_json(&self, out: &mut String) {
        self.write_json_with(out, true);
    }
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

crate::json_enum!(PriceType { Retail => "retail", Commercial => "commercial", Contract => "contract" });

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

crate::json_enum!(BracketRule { NotOver => "notOver", Under => "under" });

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

crate::json_struct!(ServiceDef {
    code: "code" req_str,
    name: "name" req_str,
    price_type: "priceType" opt,
    effective: "effective" opt,
    bracket_rule: "bracketRule" opt,
    zones: "zones" req,
    fallback_zones: "fallbackZones" opt,
    billable: "billable" skip BillableDef::is_empty,
    limits: "limits" skip_list,
    table: "table" req,
    min_charge: "minCharge" opt,
    max_charge: "maxCharge" opt,
    surcharges: "surcharges" skip Vec::is_empty,
    transit_days: "transitDays" opt,
});

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

impl<T: FromJson> FromJson for OneOrMany<T> {
    /// An array is `Many`, anything else `One`.
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        if r.peek() == Some(b'[') {
            Vec::from_json(r, path).map(OneOrMany::Many)
        } else {
            T::from_json(r, path).map(OneOrMany::One)
        }
    }

    // A required field's value: a list read in place, into the vector of the slot's
    // `Many` (its `Blank`, see `FromJson::read_vec_into`), where the value read was
    // returned through memory then copied into the slot.
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        match slot {
            OneOrMany::Many(list) if r.peek() == Some(b'[') => T::read_vec_into(list, r, path),
            _ => {
                let v = T::from_json(r, path)?;
                crate::json::fill(slot, OneOrMany::One(v));
                Ok(())
            }
        }
    }

    // An optional field's value: a list read in place, into the vector of a `Many` put
    // in the slot (see `FromJson::read_vec_into`).
    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        if r.peek() != Some(b'[') {
            let v = T::from_json(r, path)?;
            crate::json::fill(slot, Some(OneOrMany::One(v)));
            return Ok(());
        }
        crate::json::fill(slot, Some(OneOrMany::Many(Vec::new())));
        match slot {
            Some(OneOrMany::Many(list)) => T::read_vec_into(list, r, path),
            _ => Ok(()),
        }
    }
}

impl<T> crate::json::ConstBlank for OneOrMany<T> {
    const BLANK: Self = OneOrMany::Many(Vec::new());
}

impl<T: ToJson> ToJson for OneOrMany<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            OneOrMany::One(t) => t.write_json(out),
            OneOrMany::Many(v) => v.write_json(out),
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

crate::json_struct!(BillableDef {
    dim_weight: "dimWeight" opt,
    rounding: "rounding" skip_list,
});

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

crate::json_struct!(DimWeightDef {
    divisor: "divisor" req,
    threshold: "threshold" opt,
    dim_rounding: "dimRounding" opt,
    result_rounding: "resultRounding" opt,
    zones: "zones" opt,
});

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

crate::json_struct!(WeightRoundingDef {
    over: "over" default,
    mode: "mode" req,
    increment: "increment" req,
});

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

crate::json_enum!(Measure {
    Weight => "weight",
    BillableWeight => "billableWeight",
    Length => "length",
    Width => "width",
    Height => "height",
    Girth => "girth",
    LengthPlusGirth => "lengthPlusGirth",
    Volume => "volume",
    DeclaredValue => "declaredValue",
});

/// A limit: above `max` the service cannot take the parcel.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
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

// Cloned by hand: its two optional texts copied by the shared `card::copy_opt`.
impl Clone for LimitDef {
    fn clone(&self) -> LimitDef {
        LimitDef {
            measure: self.measure,
            max: self.max,
            code: crate::card::copy_opt(&self.code),
            message: crate::card::copy_opt(&self.message),
        }
    }
}

crate::json_struct!(LimitDef {
    measure: "measure" req,
    max: "max" req,
    code: "code" opt,
    message: "message" opt,
});

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

crate::json_enum!(TableKey { Weight => "weight", Cubic => "cubic" });

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

crate::json_struct!(TableDef {
    key: "key" skip is_weight_key,
    zones: "zones" req,
    rows: "rows" req_list,
    special: "special" skip_list,
    cubic: "cubic" opt,
});

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

crate::json_enum!(RowMode { Flat => "flat", Unit => "unit", Step => "step", Progressive => "progressive" });

/// A row's prices per zone (null = no service), shared between the card and its compiled
/// table: the table takes another reference to the card's prices instead of a copy (a
/// card's rows are most of its allocations: one per row read, and a copy was another).
pub type Prices = std::sync::Arc<[Option<Decimal>]>;

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
    pub prices: Option<Prices>,
    /// `step`: first weight F (one value or one per zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<OneOrMany<Decimal>>,
    /// `step`: first price PF per zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_price: Option<Prices>,
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

crate::json_struct!(RowDef {
    up_to: "upTo" opt,
    mode: "mode" skip is_flat,
    prices: "prices" opt,
    first: "first" opt,
    first_price: "firstPrice" opt,
    step: "step" opt,
    step_price: "stepPrice" opt,
    tiers: "tiers" opt_list,
});

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

crate::json_struct!(TierDef {
    over: "over" req,
    up_to: "upTo" opt,
    step: "step" req,
    step_price: "stepPrice" req,
});

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
    pub prices: Prices,
}

crate::json_struct!(SpecialRowDef built {
    code: "code" req_str,
    label: "label" opt,
    when: "when" req,
    prices: "prices" req,
});

/// How a cubic tier is computed (USPS: sides down to ¼ in, cu ft up to 0.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CubicDef {
    /// Side rounding before multiplying.
    pub dim_rounding: Rounding,
    /// Rounding of the volume in cubic feet.
    pub tier_rounding: Rounding,
}

crate::json_struct!(CubicDef {
    dim_rounding: "dimRounding" req,
    tier_rounding: "tierRounding" req,
});

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

crate::json_struct!(RangeDef {
    over: "over" opt,
    up_to: "upTo" opt,
});

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

crate::json_struct!(Condition {
    residential: "residential" opt,
    zones: "zones" opt,
    dest_in: "destIn" opt,
    dest_not_in: "destNotIn" opt,
    options: "options" opt,
    packaging: "packaging" opt,
    weight: "weight" opt,
    billable_weight: "billableWeight" opt,
    length: "length" opt,
    width: "width" opt,
    height: "height" opt,
    girth: "girth" opt,
    length_plus_girth: "lengthPlusGirth" opt,
    volume: "volume" opt,
    declared_value: "declaredValue" opt,
    any: "any" opt_list,
});

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

crate::json_struct!(SurchargeDef {
    code: "code" req_str,
    label: "label" req_str,
    when: "when" opt,
    charge: "charge" req,
    group: "group" opt,
    effective: "effective" opt,
    min_billable_weight: "minBillableWeight" opt,
});

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

crate::json_enum!(ChargeType {
    Flat => "flat",
    PerZone => "perZone",
    PerWeight => "perWeight",
    Percent => "percent",
    Table => "table",
    ValueTiers => "valueTiers",
});

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
    pub amounts: Option<Prices>,
    /// `table`, `valueTiers`: rows in increasing order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<ChargeRowDef>>,
    /// `perWeight`: unit of `amount`'s weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<WeightUnit>,
}

crate::json_struct!(ChargeDef {
    kind: "type" req,
    amount: "amount" opt,
    percent: "percent" opt,
    of: "of" opt,
    zones: "zones" opt,
    amounts: "amounts" opt,
    rows: "rows" opt_list,
    unit: "unit" opt,
});

/// A row of a `table` or `valueTiers` charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeRowDef {
    /// Inclusive upper bound (weight in the card unit, or declared value); absent = ∞.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub up_to: Option<Decimal>,
    /// `table`: amount per zone column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts: Option<Prices>,
    /// `valueTiers`: the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

crate::json_struct!(ChargeRowDef {
    up_to: "upTo" opt,
    amounts: "amounts" opt,
    amount: "amount" opt,
});

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
    pub origins: Option<VecMap<String>>,
    /// `zip3`: 5-digit exceptions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Vec<ZoneExceptionDef>>,
    /// `zip5`: entry hubs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hubs: Option<Vec<HubDef>>,
}

crate::json_struct!(ZoneTableDef {
    kind: "kind" req,
    effective: "effective" opt,
    warning: "warning" opt,
    labels: "labels" req,
    origins: "origins" opt,
    exceptions: "exceptions" opt_list,
    hubs: "hubs" opt_list,
});

/// Kinds of zone table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ZoneKind {
    /// Origin ZIP3 × destination ZIP3 (+ 5-digit exceptions).
    Zip3,
    /// Destination ZIP lists per hub.
    Zip5,
}

crate::json_enum!(ZoneKind { Zip3 => "zip3", Zip5 => "zip5" });

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

crate::json_struct!(ZoneExceptionDef {
    origin: "origin" req_str,
    from: "from" req_str,
    to: "to" req_str,
    zone: "zone" req_str,
});

/// An entry hub (or origin warehouse) of a zip5 table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HubDef {
    /// Hub code (`LAX`, `PHX`…); a shipment may ask for it with `options.hub`.
    pub code: String,
    /// Origin ZIPs that ship through this hub (patterns).
    pub origins: String,
    /// Destination patterns per zone label.
    pub zones: VecMap<String>,
    /// Destinations not served from this hub, whatever the entries say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude: Option<String>,
}

crate::json_struct!(HubDef {
    code: "code" req_str,
    origins: "origins" req_str,
    zones: "zones" req,
    exclude: "exclude" opt,
});

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn one_or_many_is_read_in_place_as_one_or_a_list() {
        let read = |zones: &str| {
            let text = format!(r#"{{"code":"c","name":"n","zones":{zones},"table":{{"zones":["1"],"rows":[]}}}}"#);
            crate::json::from_str::<ServiceDef>(&text).map(|s| s.zones)
        };
        assert_eq!(read(r#""a""#).unwrap(), OneOrMany::One("a".to_string()));
        assert_eq!(read(r#"["a","b"]"#).unwrap(), OneOrMany::Many(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(read("[]").unwrap(), OneOrMany::Many(Vec::new()));
        let e = read("5").unwrap_err();
        assert_eq!((e.code(), e.path()), (crate::error::ErrorCode::InvalidJson, "zones"));
        let e = read(r#"["a",5]"#).unwrap_err();
        assert_eq!((e.code(), e.path()), (crate::error::ErrorCode::InvalidJson, "zones[1]"));
    }

    /// Every way to break `v` once: each value replaced by one of `bad`, each object given
    /// an unknown member, each member removed (arrays: their first three items).
    fn mutations(v: &Value, bad: &[Value], out: &mut Vec<Value>, rebuild: &dyn Fn(Value) -> Value) {
        for b in bad {
            if b != v {
                out.push(rebuild(b.clone()));
            }
        }
        match v {
            Value::Object(m) => {
                let mut extra = m.clone();
                extra.insert("typo".into(), json!(1));
                out.push(rebuild(Value::Object(extra)));
                for k in m.keys() {
                    let mut fewer = m.clone();
                    fewer.remove(k);
                    out.push(rebuild(Value::Object(fewer)));
                    let child = |x: Value| {
                        let mut m = m.clone();
                        m.insert(k.clone(), x);
                        rebuild(Value::Object(m))
                    };
                    mutations(&m[k], bad, out, &child);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate().take(3) {
                    let child = |x: Value| {
                        let mut a = a.clone();
                        a[i] = x;
                        rebuild(Value::Array(a))
                    };
                    mutations(x, bad, out, &child);
                }
            }
            _ => {}
        }
    }

    /// Reads every mutation of `doc` with serde and with `FromJson`; returns the number
    /// read and the descriptions of those where the outcomes differ (`strict`: in
    /// anything; otherwise only where serde refused and `FromJson` accepted, or both
    /// accepted different documents).
    fn compare<T>(doc: &Value, bad: &[Value], strict: bool) -> (usize, Vec<String>)
    where
        T: FromJson + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
    {
        let mut all = Vec::new();
        mutations(doc, bad, &mut all, &|v| v);
        let mut differ = Vec::new();
        for m in &all {
            let text = m.to_string();
            let by_serde = crate::error::from_json_str::<T>(&text);
            let ours = crate::json::from_str::<T>(&text);
            let agree = match (&by_serde, &ours) {
                (Ok(_), Err(_)) | (Err(_), Err(_)) if !strict => true,
                // A bad item of a list that may also be a single value: serde could only
                // say that the value is neither; the path now names the item.
                (Err(a), Err(b)) if a.message().starts_with("data did not match any variant of untagged enum") => {
                    a.code() == b.code() && (b.path() == a.path() || b.path().starts_with(&format!("{}[", a.path())))
                }
                (Err(a), Err(b)) => (a.code(), a.path()) == (b.code(), b.path()),
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
            if !agree {
                differ.push(format!("{text}\n  serde {:?}\n  ours  {:?}", by_serde.err(), ours.err()));
            }
        }
        (all.len(), differ)
    }

    fn docs() -> Vec<Value> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
        let mut v: Vec<Value> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap())
            .collect();
        assert!(v.len() >= 16);
        v.push(json!({"format": "zonerate.markup/1", "rules": [
            {"code": "a", "label": "A", "type": "percent", "percent": "10", "carriers": ["usps"], "of": "running"},
            {"code": "z", "label": "Z", "type": "perZone", "zones": ["1"], "amounts": ["1.25"], "services": ["s"]}]}));
        v
    }

    /// Scalars of the wrong type, unknown and missing fields: serde's error code and
    /// path, or the same document.
    #[test]
    fn errors_have_the_codes_and_paths_serde_gave() {
        let scalars = [json!(null), json!(7), json!(-1.5), json!("x"), json!(true)];
        let (mut n, mut differ) = (0, Vec::new());
        for doc in docs() {
            let (k, d) = if doc["format"] == "zonerate/1" {
                compare::<CardDoc>(&doc, &scalars, true)
            } else {
                compare::<crate::markup::MarkupDoc>(&doc, &scalars, true)
            };
            n += k;
            differ.extend(d);
        }
        assert!(n > 3_000, "{n}");
        assert!(differ.is_empty(), "{} of {n} differ:\n{}", differ.len(), differ.join("\n"));
    }

    /// Arrays and objects of the wrong type: refused whenever serde refused them. (The
    /// path is now that of the value, where serde's pointed inside it; and serde also
    /// took an array for a struct, field by field, which the format never allowed.)
    #[test]
    fn compound_values_of_the_wrong_type_are_refused() {
        let compound = [json!([]), json!({}), json!(["x"]), json!([{}])];
        let (mut n, mut differ) = (0, Vec::new());
        for doc in docs() {
            let (k, d) = if doc["format"] == "zonerate/1" {
                compare::<CardDoc>(&doc, &compound, false)
            } else {
                compare::<crate::markup::MarkupDoc>(&doc, &compound, false)
            };
            n += k;
            differ.extend(d);
        }
        assert!(n > 3_000, "{n}");
        assert!(differ.is_empty(), "{} of {n} differ:\n{}", differ.len(), differ.join("\n"));
        // The path is the value's.
        let e = crate::json::from_str::<CardDoc>(r#"{"format":"zonerate/1","id":"x","carrier":"c","effective":["x"]}"#)
            .unwrap_err();
        assert_eq!((e.code(), e.path()), (crate::ErrorCode::InvalidJson, "effective"));
        let e = crate::json::from_str::<Vec<String>>(r#"["5", []]"#).unwrap_err();
        assert_eq!(e.path(), "[1]");
    }

    /// Whether `v` shows (in its `Debug` form) no text and no element of a list or map:
    /// a `String`, `Vec` or map with content owns memory, nothing else in these structs
    /// does.
    fn owns_nothing(v: &(impl std::fmt::Debug + ?Sized)) -> bool {
        let d = format!("{v:?}");
        let empty_after = |open: char, close: char| d.match_indices(open).all(|(i, _)| d[i + 1..].starts_with(close));
        // Between each opening quote and its closing one, nothing.
        d.split('"').skip(1).step_by(2).all(str::is_empty) && empty_after('[', ']')
    }

    /// `json::put` forgets the value it replaces, which is a field's starting value: a
    /// starting value that owned memory would leak. Every struct read with `read_struct`
    /// starts from values that own nothing, `or_else` defaults included (they are put in
    /// after the read).
    #[test]
    fn starting_values_own_nothing() {
        use crate::json::Blank;
        // The check sees memory where there is some.
        assert!(!owns_nothing(&default_currency()) && !owns_nothing(&Some(vec![Decimal::ONE])));
        assert!(!owns_nothing(&VecMap::from_iter([("a".to_string(), 1)])));
        assert!(owns_nothing(&(String::new(), Vec::<String>::new(), VecMap::<String>::new(), Decimal::ONE)));
        // An empty `Arc<[T]>` (a required `Prices` field's start) is std's one static empty
        // slice, shared, not an allocation of its own: two of them are the same pointer.
        let (a, b) = (Prices::blank(), Prices::blank());
        assert!(std::sync::Arc::ptr_eq(&a, &b) && a.is_empty());
        let card = CardDoc::blank();
        assert_eq!((card.currency.capacity(), card.format.capacity(), card.services.capacity()), (0, 0, 0));
        let starts: [&dyn std::fmt::Debug; 26] = [
            &card,
            &ServiceDef::blank(),
            &BillableDef::blank(),
            &DimWeightDef::blank(),
            &WeightRoundingDef::blank(),
            &LimitDef::blank(),
            &TableDef::blank(),
            &RowDef::blank(),
            &TierDef::blank(),
            &SpecialRowDef::blank(),
            &CubicDef::blank(),
            &RangeDef::blank(),
            &Condition::blank(),
            &SurchargeDef::blank(),
            &ChargeDef::blank(),
            &ChargeRowDef::blank(),
            &ZoneTableDef::blank(),
            &ZoneExceptionDef::blank(),
            &HubDef::blank(),
            &Rounding::blank(),
            &Period::blank(),
            &crate::markup::MarkupDoc::blank(),
            &crate::markup::MarkupRule::blank(),
            &crate::shipment::OptionsInput::blank(),
            &crate::shipment::ShipmentInput::default(),
            &OneOrMany::<String>::blank(),
        ];
        for v in starts {
            assert!(owns_nothing(v), "{v:?}");
        }
    }

    /// A struct read in place (`FromJson::read_into`) is read into its field's starting
    /// value, which must be the struct's `Blank`; and a `default` or `skip` field starts
    /// from its type's `Blank` (a constant), which must be what it reads as when absent,
    /// its `Default`: so for every type of such a field, the two are the same.
    #[test]
    fn struct_defaults_are_their_blanks() {
        use crate::json::Blank;
        assert_eq!(Period::default(), Period::blank());
        assert_eq!(BillableDef::default(), BillableDef::blank());
        assert_eq!(RowDef::default(), RowDef::blank());
        assert_eq!(RangeDef::default(), RangeDef::blank());
        assert_eq!(Condition::default(), Condition::blank());
        // The other types of `default` and `skip` fields.
        assert_eq!(BracketRule::default(), BracketRule::blank());
        assert_eq!(RowMode::default(), RowMode::blank());
        assert_eq!(TableKey::default(), TableKey::blank());
        assert_eq!(crate::markup::PercentOf::default(), crate::markup::PercentOf::blank());
        assert_eq!(Decimal::default(), Decimal::blank());
        assert_eq!(bool::default(), bool::blank());
        assert!(Vec::<SurchargeDef>::blank().is_empty() && VecMap::<ZoneTableDef>::blank().is_empty());
    }

    /// An `or_else` field (`currency`, `weightUnit`, `dimUnit`): its default when absent,
    /// the value when present, and for `null` the error serde gave.
    #[test]
    fn or_else_defaults_apply_when_absent() {
        let base = r#"{"format":"zonerate/1","id":"x","carrier":"c""#;
        let card = crate::json::from_str::<CardDoc>(&format!("{base}}}")).unwrap();
        assert_eq!((card.currency.as_str(), card.weight_unit, card.dim_unit), ("USD", WeightUnit::Lb, LengthUnit::In));
        let text = format!(r#"{base},"dimUnit":"cm","currency":"EUR","weightUnit":"kg"}}"#);
        let card = crate::json::from_str::<CardDoc>(&text).unwrap();
        assert_eq!((card.currency.as_str(), card.weight_unit, card.dim_unit), ("EUR", WeightUnit::Kg, LengthUnit::Cm));
        for (field, expected) in [
            ("currency", "invalid type: null, expected a string"),
            ("weightUnit", "invalid type: null, expected a string"),
            ("dimUnit", "invalid type: null, expected a string"),
        ] {
            let text = format!(r#"{base},"{field}":null}}"#);
            let e = crate::json::from_str::<CardDoc>(&text).unwrap_err();
            let by_serde = crate::error::from_json_str::<CardDoc>(&text).unwrap_err();
            assert_eq!((e.code(), e.path(), e.message()), (by_serde.code(), by_serde.path(), by_serde.message()));
            assert_eq!((e.code(), e.path(), e.message()), (crate::ErrorCode::InvalidJson, field, expected));
        }
        // A field's error after others were read (the card, partly read, is dropped).
        let text = format!(r#"{base},"zipSets":{{"a":"1"}},"currency":7}}"#);
        assert_eq!(crate::json::from_str::<CardDoc>(&text).unwrap_err().path(), "currency");
    }
}
