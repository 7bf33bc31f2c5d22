//! JSON in and out for everything that crosses the engine's boundary (cards, markups,
//! shipments, quotes), without serde's generated code.
//!
//! serde derives one deserializer and one serializer per type and per format; for the
//! forty-odd types of the card and quote formats that was two thirds of the WebAssembly
//! module. Here each type reads itself straight from the text ([`FromJson`], pulling
//! member names and values from a [`Reader`]; [`read_struct`] for structs), with the
//! path of the value being read at hand, so every error carries it without any
//! bookkeeping on the success path. There is no tree in the library: the error path of
//! the readers checks the whole text with the same reader ([`validate`], see "reading"
//! below), a batch's elements are found by skipping them, and quote verification compares
//! canonical texts ([`members`]). The tree (`Json`, `parse`) is kept for the tests,
//! as the reference the reader is held to. Output is written straight into a
//! `String` ([`ToJson`], [`ObjectWriter`]), byte for byte as serde_json writes it
//! (compact, keys in format order, strings escaped the same way), so content hashes and
//! fingerprints are stable.

use crate::error::{msg, Error, ErrorCode, Quoted, Result};
use crate::vecmap::VecMap;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::Arc;

/// Deepest nesting of arrays and objects accepted (as serde_json's default).
pub const MAX_DEPTH: usize = 128;

#[cfg(test)]
/// A parsed JSON value, borrowing from the text it was parsed from: numbers are slices of
/// their text, so decimals are read exactly; strings and member names are slices too,
/// unless they hold escapes (decoded copies then). Objects keep their members in document
/// order (duplicates included: the readers refuse them).
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Num(&'t str),
    /// A string, unescaped.
    Str(Cow<'t, str>),
    /// An array.
    Arr(Vec<Json<'t>>),
    /// An object, members in order.
    Obj(Vec<(Cow<'t, str>, Json<'t>)>),
}

#[cfg(test)]
impl<'t> Json<'t> {
    /// The member `key` of an object (the last one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        match self {
            Json::Obj(m) => m.iter().rev().find(|(k, _)| **k == *key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Removes every member `key` of an object.
    pub fn remove(&mut self, key: &str) {
        if let Json::Obj(m) = self {
            m.retain(|(k, _)| **k != *key);
        }
    }

    /// Equality as JSON data: object members compared as a map (order aside, the last of
    /// repeated keys counting), everything else as written.
    pub fn same(&self, other: &Json<'_>) -> bool {
        match (self, other) {
            (Json::Obj(a), Json::Obj(b)) => {
                // Every member of each has an equal member in the other (quotes are small
                // objects: a scan beats building two maps, in time and in code).
                let covers = |x: &[(Cow<'_, str>, Json<'_>)], y: &Json<'_>| {
                    x.iter().all(|(k, v)| y.get(k).is_some_and(|w| v.same(w)))
                };
                covers(a, other) && covers(b, self)
            }
            (Json::Arr(a), Json::Arr(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y)),
            _ => self == other,
        }
    }
}

/// Member `k` of the object at `path` is not one of `known`, or (`None`) is repeated.
#[cold]
#[inline(never)]
fn field_error(path: Path<'_>, k: &str, known: Option<&[&str]>) -> Error {
    let message = match known {
        None => msg!("duplicate field `", k, "`"),
        Some([]) => msg!("unknown field `", k, "`, there are no fields"),
        Some(known) => msg!("unknown field `", k, "`, expected one of ", one_of(known)),
    };
    path.key(k).error(ErrorCode::InvalidJson, message)
}

// --- paths ---------------------------------------------------------------------------------

/// Where a value sits in the document, built on the stack as readers descend and only
/// rendered (`services[0].table.rows[3].step`) when an error needs it: a step (a member's
/// name or an element's index) and the path it is taken from (none for the document
/// itself, [`Path::Root`], and for a path given as text).
///
/// Three words and no tag: a [`Seg`] keeps its kind in the name's pointer (an index has
/// none), and the root is the path without a parent. As an enum of the root, a member and
/// an element it took four, and each of the ~150 places that build a path stored its tag.
/// Aligned to 16 bytes, its size stays 16 on wasm32 (the fourth word unwritten): a path
/// passed on is then copied with one 128-bit load and store, as the enum was (at 12 bytes,
/// two each: the cold start took 0.1 % more instructions). Measured against the enum:
/// −0.66 KB raw, −0.24 KB gzip, the cold start 0.3 % fewer instructions.
#[derive(Debug, Clone, Copy)]
#[repr(align(16))]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Seg<'a>,
}

// (Checked: a `Seg` without a word for its kind.)
const _: () = assert!(std::mem::size_of::<Seg<'static>>() == 2 * std::mem::size_of::<usize>());

impl<'a> Path<'a> {
    /// The document itself (renders as nothing).
    #[allow(non_upper_case_globals)]
    pub const Root: Path<'a> = Path { parent: None, step: Seg::Key("") };

    /// The path of member `k` of the object here.
    pub fn key<'b>(&'b self, k: &'b str) -> Path<'b> {
        Path { parent: Some(self), step: Seg::Key(k) }
    }

    /// The path of element `i` of the array here.
    pub fn index<'b>(&'b self, i: usize) -> Path<'b> {
        Path { parent: Some(self), step: Seg::Index(i) }
    }

    /// The path as text (empty for the root).
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    fn render_into(&self, s: &mut String) {
        if let Some(parent) = self.parent {
            parent.render_into(s);
        }
        match self.step {
            Seg::Key(k) => {
                if !s.is_empty() {
                    append(s, ".");
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                append(s, "[");
                write_digits(s, i as u64, 1);
                append(s, "]");
            }
        }
    }

    /// An error at this path.
    #[cold]
    #[inline(never)]
    pub fn error(&self, code: ErrorCode, message: impl crate::error::Text) -> Error {
        Error::new(code, self.render(), message)
    }

    /// `invalid type: <unexpected>, expected <what>` at this path (`unexpected` says what
    /// the value is: see [`Reader::type_error`]).
    #[cold]
    #[inline(never)]
    pub fn type_error(&self, unexpected: &str, what: &str) -> Error {
        self.error(ErrorCode::InvalidJson, msg!("invalid type: ", unexpected, ", expected ", what))
    }
}

/// A path given as text (`services[0].table`), rendered as it is written; children are
/// added to it as to any other path (empty text is the root).
impl<'a> From<&'a str> for Path<'a> {
    fn from(text: &'a str) -> Path<'a> {
        Path { parent: None, step: Seg::Key(text) }
    }
}

// --- reading --------------------------------------------------------------------------------
//
// Values are read straight from the text, without a tree: a reader pulls each member name
// of an object, maps it to its field, and reads the value into the field in place. What a
// reader reports for a bad value is what reading a tree reported (the tree is gone from
// this path, and its costs with it: a node per value, the lookup of each field among the
// members, dropping it all), under two rules that keep the errors where they were:
// - a syntax error anywhere in the text comes before any other error: a reader stops at
//   the first error it meets, and the caller ([`from_str`]) then checks the whole text
//   ([`validate`]: only then, on the error path) and reports its syntax error, if any;
// - within an object read as a struct ([`read_struct`]), an unknown or repeated member
//   comes first, then the fields in declaration order (each field's error, or a required
//   field missing), whatever order the members are written in: a field's error is kept
//   while the rest of the object is read, and replaced only by an error of a field
//   declared before it (the value of a field that can no longer matter is skipped).

/// A type that reads itself from JSON text.
pub trait FromJson: Sized {
    /// Reads the value at the reader's position (its `path` in the document), leaving the
    /// reader after it. An error leaves the reader anywhere: only its caller's recovery
    /// (see [`read_struct`]) or the end of the read follows.
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self>;

    /// Reads the value at the reader into `slot` (what [`put`] does for a struct's field):
    /// `slot` holds the field's starting value, which owns nothing and is forgotten. A
    /// struct of `json_struct!` reads its fields in place, into its starting value (its
    /// `Blank`), rather than into a copy on the stack then moved into the slot (the
    /// copies were much of each field reader's code).
    #[inline(always)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        let v = Self::from_json(r, path)?;
        std::mem::forget(std::mem::replace(slot, v));
        Ok(())
    }

    /// Reads the value at the reader into `slot`, `None` until then (the reader of an
    /// `Option` field's value that is not null; see [`read_into`](Self::read_into)).
    #[inline(always)]
    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        let v = Self::from_json(r, path)?;
        fill(slot, Some(v));
        Ok(())
    }

    /// Reads the value at the reader onto the end of `list` (an item of an array, see
    /// [`read_items`]). A struct of `json_struct!` pushes its `Blank` and reads into it in
    /// place (see [`read_into`](Self::read_into)).
    fn push_read(list: &mut Vec<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        list.push(Self::from_json(r, path)?);
        Ok(())
    }

    /// Reads an array of values (the reader of `Vec<Self>`): through the one loop of
    /// [`read_items`], each item by [`push_read`](Self::push_read). No `with_capacity`: the
    /// length is not known before the end (card lists are short: a few regrowths).
    fn read_vec(r: &mut Reader<'_>, path: Path<'_>) -> Result<Vec<Self>> {
        let mut out = Vec::new();
        Self::read_vec_into(&mut out, r, path)?;
        Ok(out)
    }

    /// Reads an array of values into `list`, empty (a field's starting value): the reader
    /// of a `Vec<Self>` field, in place, where reading into a vector on the stack then
    /// moving it into the field took a copy of the result per type of list. An error
    /// leaves the items read so far in `list` (dropped with the struct being read).
    fn read_vec_into(list: &mut Vec<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        read_items(r, path, list)
    }

    /// Reads an array of values or nulls (the reader of `Vec<Option<Self>>`).
    fn read_opt_vec(r: &mut Reader<'_>, path: Path<'_>) -> Result<Vec<Option<Self>>> {
        let mut it = r.open_array(path, "a sequence")?;
        let mut out = Vec::new();
        while r.item(&mut it)? {
            out.push(Option::from_json(r, path.index(it.index()))?);
        }
        Ok(out)
    }
}

/// Reads the array at the reader item by item onto `out` (each at its path): the loop of
/// every `FromJson::read_vec`, one copy rather than one per type of list (a type may still
/// read its arrays in a loop of its own, as `Option<Decimal>` does for the prices that
/// make up most of a card).
#[inline(never)]
pub fn read_items(r: &mut Reader<'_>, path: Path<'_>, out: &mut dyn ReadItem) -> Result<()> {
    let mut it = r.open_array(path, "a sequence")?;
    while r.item(&mut it)? {
        out.read_item(r, path.index(it.index()))?;
    }
    Ok(())
}

/// A list read by [`read_items`]. (A trait object rather than a closure: a closure's
/// vtable also holds a `call_once` shim, 190 bytes per type.)
pub trait ReadItem {
    /// Reads an item at the reader (at `path`) onto the end of the list.
    fn read_item(&mut self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()>;
}

impl<T: FromJson> ReadItem for Vec<T> {
    fn read_item(&mut self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        T::push_read(self, r, path)
    }
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T> {
    read_str(text, None).map_err(|e| checked(text, None, e))
}

/// As [`from_str`], read in place into `slot`, which holds a `T`'s starting value (see
/// [`FromJson::read_into`]): a large value (a shipment's input) is not moved out of the
/// reader's `Result` and then out of this one, one copy each.
pub fn from_str_into<T: FromJson>(text: &str, slot: &mut T) -> Result<()> {
    let mut r = Reader::new(text, None);
    r.skip_ws_once();
    T::read_into(slot, &mut r, Path::Root).and_then(|()| r.end()).map_err(|e| checked(text, None, e))
}

/// Reads a `T` from `text` (checking `limits`, as [`validate`]) without the check of
/// the whole text that [`from_str`] makes on an error: the error is the reader's, right
/// only for text that is JSON within the limits (see [`checked`]). A value read is right
/// for any text: it is read only when the whole text is JSON within the limits.
pub fn read_str<T: FromJson>(text: &str, limits: Option<Limits>) -> Result<T> {
    let mut r = Reader::new(text, limits);
    r.skip_ws_once();
    let v = T::from_json(&mut r, Path::Root)?;
    r.end()?;
    Ok(v)
}

/// The error of a read that failed with `e`: the syntax (or limits) error of the whole
/// text, if it is not JSON (or not within `limits`), else `e`. Only on the error path: the read stopped at `e`,
/// where the parser would have gone through the whole text first.
#[cold]
#[inline(never)]
pub fn checked(text: &str, limits: Option<Limits>, e: Error) -> Error {
    match Reader::new(text, limits).validate() {
        Ok(()) => e,
        Err(syntax) => syntax,
    }
}

/// `a == b`, for a member name and a known one, without `memcmp` (a call, and a loop
/// byte by byte, in the baseline tier): the lengths, then overlapping words (names are
/// short: one or two words).
#[inline(always)]
fn same_name(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], i: usize| s.get(i..).and_then(<[u8]>::first_chunk::<8>).map(|c| u64::from_le_bytes(*c));
    let w4 = |s: &[u8], i: usize| s.get(i..).and_then(<[u8]>::first_chunk::<4>).map(|c| u32::from_le_bytes(*c));
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if w8(a, i) != w8(b, i) {
                return false;
            }
            i += 8;
        }
        w8(a, n - 8) == w8(b, n - 8)
    } else if n >= 4 {
        w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// How a struct is read by [`read_struct`].
pub struct StructDef {
    /// The member names, in declaration order (at most 64).
    pub known: &'static [&'static str],
    /// Which of them are required (`missing field` when absent): bit `i` for field `i`
    /// (see [`mask`]).
    pub required: u64,
    /// When the fields are not read in declaration order: each field's place in the
    /// order they are read in (which field's error is reported first); empty otherwise.
    /// The required fields keep their declaration order in it (the first missing one
    /// is the one reported).
    pub order: &'static [u8],
}

/// The bits of the `true`s of `flags` (bit `i` for `flags[i]`; at most 64).
pub const fn mask(flags: &[bool]) -> u64 {
    let (mut m, mut bit, mut rest) = (0u64, 1u64, flags);
    while let [first, tail @ ..] = rest {
        if *first {
            m |= bit;
        }
        bit = bit.wrapping_shl(1);
        rest = tail;
    }
    m
}

impl StructDef {
    /// The place of field `i` in reading order.
    fn rank(&self, i: usize) -> usize {
        self.order.get(i).map_or(i, |&r| usize::from(r))
    }
}

/// Reads the object at the reader as the struct `def` describes into `fields`. Returns
/// which fields were present (bit `i`).
///
/// The errors are those of a struct reader that first checks the member names (the first
/// unknown or repeated one, in document order, is the error), then reads the fields one
/// by one in declaration order (the first error, or a required field missing, is the
/// error): members are read in document order, so a field's error is kept while the
/// others are read, a field declared after it is skipped, and one declared before it
/// that fails takes its place (see the notes at the top of this section).
///
/// One copy for every struct (the fields are reached through [`ReadField`], a `match`
/// each struct has): the struct readers were a large part of a card's code.
#[inline(never)]
pub fn read_struct(r: &mut Reader<'_>, path: Path<'_>, def: &StructDef, fields: &mut dyn ReadField) -> Result<u64> {
    let mut it = r.open_object(path, "a map")?;
    let mut seen: u64 = 0;
    // The error to report so far, with the rank of its field.
    let mut first: Option<(usize, Error)> = None;
    // The errors that end the reading through one exit: the error kept so far is dropped
    // in one place.
    let bad = 'bad: {
        loop {
            let k = match r.member(&mut it) {
                Ok(Some(k)) => k,
                Ok(None) => break,
                Err(e) => break 'bad e,
            };
            let at = def.known.iter().position(|f| same_name(f.as_bytes(), k.as_bytes()));
            // (At most 64 fields.) No bit for an unknown member: one error call for it
            // (the known names listed) and for a repeated one.
            let bit = at.map_or(0, |i| 1u64.wrapping_shl(i as u32));
            let Some(i) = at.filter(|_| seen & bit == 0) else {
                break 'bad field_error(path, &k, at.is_none().then_some(def.known));
            };
            seen |= bit;
            let rank = def.rank(i);
            if first.as_ref().is_some_and(|(f, _)| *f < rank) {
                if let Err(e) = r.skip() {
                    break 'bad e;
                }
                continue;
            }
            let mark = r.mark();
            let name = def.known.get(i).copied().unwrap_or("");
            if let Err(e) = fields.read_field(i, r, path.key(name)) {
                if let Err(e) = r.skip_from(mark) {
                    break 'bad e;
                }
                first = Some((rank, e));
            }
        }
        // A required field missing, if it comes before the error of a field read: the
        // first one (the required fields are read in declaration order, see `order`).
        let absent = def.required & !seen;
        let missing = (absent != 0).then(|| {
            let i = absent.trailing_zeros() as usize;
            (def.rank(i), def.known.get(i).copied().unwrap_or(""))
        });
        return match (missing, first) {
            (Some((m, name)), first) if first.as_ref().is_none_or(|(f, _)| m < *f) => Err(missing_field(path, name)),
            (_, Some((_, e))) => Err(e),
            _ => Ok(seen),
        };
    };
    drop(first);
    Err(bad)
}

/// A struct read by [`read_struct`], field by field. (A trait object rather than a
/// closure: a closure's vtable also holds a `call_once` shim, 160 bytes per struct.)
pub trait ReadField {
    /// Reads the value of field `i` (of the struct's `StructDef`) into its place.
    fn read_field(&mut self, i: usize, r: &mut Reader<'_>, path: Path<'_>) -> Result<()>;
}

/// `missing field` at the object's path.
#[cold]
#[inline(never)]
pub fn missing_field(path: Path<'_>, name: &str) -> Error {
    path.error(ErrorCode::InvalidJson, msg!("missing field `", name, "`"))
}

/// Reads a field into `slot` (what [`read_struct`]'s `field` does for each of a struct's
/// fields: one copy of this per type read, not per field).
///
/// The value in `slot` is forgotten, not dropped: dropping it compiled a drop of each
/// type read (a loop over the elements of a `Vec<String>`, say) into each copy, code
/// that never freed anything, as the value replaced is always the field's starting value
/// and no starting value owns memory (an empty `String` or `Vec`, `None`, a number, an
/// enum). That holds while:
/// - every starting value owns nothing: a default that allocates (`or_else`) is put in
///   after the read, when the field was absent ([`fill`]); `Blank` values and the
///   `Default`s of the `default`/`skip` fields own nothing (the tests check every struct
///   read with this);
/// - each slot is read into at most once per struct read: [`read_struct`] refuses a
///   repeated member before reading it (one bit per field, 64 at most), and on a field's
///   error leaves the slot as it was, or partly read for a struct read in place
///   ([`FromJson::read_into`]; the struct, partly read, is then dropped whole by its
///   reader, freeing what was read); the object forms of shipment weights read only the
///   first of a repeated member.
///
/// Break either and the value replaced leaks (no more: forgetting is always safe). A
/// struct of `json_struct!` is read in place, into its starting value: that value must
/// be its `Blank` (for a `default` or `skip` field, its `Default`; a test checks that
/// they are the same).
#[inline(never)]
pub fn put<T: FromJson>(slot: &mut T, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
    T::read_into(slot, r, path)
}

/// Puts the default `v` of a field that was absent into `slot`, which holds the field's
/// starting value: forgotten, as it owns nothing (see [`put`]).
#[inline(always)]
pub fn fill<T>(slot: &mut T, v: T) {
    std::mem::forget(std::mem::replace(slot, v));
}

/// The value a struct reader puts in a required field before reading the field into it
/// (see [`read_struct`]); never seen, since a missing required field is an error. It is
/// not `Default`: an enum's first variant, say, is no default.
pub trait Blank {
    /// The placeholder value.
    fn blank() -> Self;
}

/// A [`Blank`] known as a constant (every type's but `Arc<[T]>`'s), of which a struct of
/// `json_struct!` makes its own `Blank` a constant: pushed or put as a whole, it is then
/// copied from the module's data in one `memory.copy`, where a `Blank` built field by field
/// was a store per field (or per eight bytes) at each place a struct starts.
pub trait ConstBlank: Sized {
    /// The placeholder value.
    const BLANK: Self;
}

impl<T: ConstBlank> Blank for T {
    fn blank() -> Self {
        T::BLANK
    }
}

/// `T::BLANK`, its type inferred (for the field list of `json_struct!`'s constant).
pub const fn blank<T: ConstBlank>() -> T {
    T::BLANK
}

impl ConstBlank for String {
    const BLANK: Self = String::new();
}

impl ConstBlank for Decimal {
    const BLANK: Self = Decimal::ZERO;
}

impl ConstBlank for bool {
    const BLANK: Self = false;
}

impl<T> ConstBlank for Vec<T> {
    const BLANK: Self = Vec::new();
}

// The static empty slice every empty `Arc<[T]>` shares: no allocation to leak when it
// is forgotten (see `put`).
impl<T> Blank for Arc<[T]> {
    fn blank() -> Self {
        Arc::default()
    }
}

impl<T> ConstBlank for VecMap<T> {
    const BLANK: Self = VecMap::new();
}

// The units are the card's `or_else` fields, which start blank (see `json_struct!`).
impl ConstBlank for crate::units::WeightUnit {
    const BLANK: Self = crate::units::WeightUnit::Oz;
}

impl ConstBlank for crate::units::LengthUnit {
    const BLANK: Self = crate::units::LengthUnit::In;
}

impl FromJson for String {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        r.str(path, "a string").map(Cow::into_owned)
    }
}

/// `start` pushed onto `list`, and the item it became, to read into in place: by index, as
/// the test of `get_mut` folds away where `last_mut`'s kept a test of the length and of the
/// pointer.
#[inline(always)]
pub(crate) fn push_start<T>(list: &mut Vec<T>, start: T) -> Option<&mut T> {
    let at = list.len();
    list.push(start);
    list.get_mut(at)
}

/// `read_some` of a type read in place: `start` (owning nothing) put in the slot, then
/// read into.
#[inline(always)]
fn read_some_from<T: FromJson>(slot: &mut Option<T>, start: T, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
    fill(slot, Some(start));
    match slot {
        Some(v) => T::read_into(v, r, path),
        None => Ok(()),
    }
}

impl FromJson for bool {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut b = false;
        Self::read_into(&mut b, r, path)?;
        Ok(b)
    }

    // Out of line: the reader of `bool` and `Option<bool>` fields alike.
    #[inline(never)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        *slot = match r.peek() {
            Some(b't') => r.word("true").map(|()| true)?,
            Some(b'f') => r.word("false").map(|()| false)?,
            _ => return Err(r.type_error(path, "a boolean")),
        };
        Ok(())
    }

    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        read_some_from(slot, false, r, path)
    }
}

impl FromJson for u32 {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut n = 0;
        Self::read_into(&mut n, r, path)?;
        Ok(n)
    }

    // The reader itself, in place (as `Decimal`'s).
    #[inline(never)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        let Some(t) = r.num()? else {
            return Err(r.type_error(path, "u32"));
        };
        *slot = parse_u32(t.as_bytes()).ok_or_else(|| bad_u32(path, t))?;
        Ok(())
    }

    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        read_some_from(slot, 0, r, path)
    }
}

/// The error of a number `t` that is not a `u32`: a type error for a floating point one,
/// `invalid value` for an integer out of range. (`parse_u32` refuses every float: its
/// `.`, `e` or `E` is no digit.)
#[cold]
#[inline(never)]
fn bad_u32(path: Path<'_>, t: &str) -> Error {
    if is_float(t) {
        return path.type_error(&unexpected_number(t), "u32");
    }
    path.error(ErrorCode::InvalidJson, msg!("invalid value: integer `", t, "`, expected u32"))
}
/// A number in the words of an error message: `floating point `2.5`` or `integer `5``.
fn unexpected_number(t: &str) -> String {
    if is_float(t) {
        msg!("floating point `", t, "`")
    } else {
        msg!("integer `", t, "`")
    }
}

/// Whether a number is written with a fraction or an exponent (serde_json's floating point),
/// byte by byte (`str::contains` of chars decodes UTF-8 on the way: 200 bytes more).
fn is_float(t: &str) -> bool {
    t.bytes().any(|c| matches!(c, b'.' | b'e' | b'E'))
}

/// `text` as `u32::from_str` reads it: an optional `+`, then at least one decimal digit,
/// within `u32::MAX`; `None` for anything else. core's parser is generic over the radix
/// and the integer type, 450 bytes of WebAssembly for the one use here (transit days, and
/// a decimal's exponent), where this loop is a fifth of it.
fn parse_u32(text: &[u8]) -> Option<u32> {
    let digits = text.strip_prefix(b"+").unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &c| {
        let d = c.wrapping_sub(b'0');
        (d < 10).then_some(())?;
        n.checked_mul(10)?.checked_add(u32::from(d))
    })
}

/// A decimal from its text, exactly as `Decimal::from_str` (rust_decimal 1.43) reads it:
/// the same value and scale for every text it accepts, `None` for every text it refuses.
///
/// rust_decimal's parser was 10 KB of WebAssembly (a function per combination of its const
/// generic states, and the scientific notation path through multiplication and rescaling);
/// this is 1.5 KB, in integer arithmetic: a 64-bit loop for texts of at most 18 digits
/// (every price: in V8's baseline tier, which runs a cold start, the 128-bit loop's
/// multiplications were calls), a 128-bit one for the rest. What it accepts and how it rounds is
/// rust_decimal's, quirks included, and `decimals_are_what_rust_decimal_reads` (plus a
/// property test) checks the two against each other bit for bit:
/// - an optional `-` or `+`, digits with at most one `.` anywhere (`.5`, `5.`), and `_`
///   anywhere after the first digit;
/// - at most 28 decimals: the digit after the 28th rounds half up, the digits after it
///   are only checked to be digits (or `_`); a mantissa beyond 96 bits is rounded the same
///   way at the digit that overflows it when that digit is a decimal, and refused if not;
/// - `e`/`E` and an exponent (`u32` syntax, at most 28, `-` for a negative one) when the
///   text is not a plain number (see `scientific`).
pub fn decimal(text: &str) -> Option<Decimal> {
    match digits(text.as_bytes()) {
        Some(p) => Some(p.decimal()),
        None => scientific(text),
    }
}

/// A decimal being read: sign (never set for a zero read as such), mantissa below 2^96,
/// scale at most 28.
struct Parts {
    neg: bool,
    m: u128,
    scale: u32,
}

impl Parts {
    /// The decimal, sign included as it is (a negative number rounded to zero by a negative
    /// exponent stays a negative zero, as in rust_decimal).
    fn decimal(&self) -> Decimal {
        let m = self.m;
        let mut d = Decimal::from_parts(m as u32, (m >> 32) as u32, (m >> 64) as u32, false, self.scale);
        d.set_sign_negative(self.neg);
        d
    }

    /// As read, with the sign of a zero dropped (rust_decimal's `from_parts`).
    fn signed(mut self) -> Parts {
        self.neg &= self.m != 0;
        self
    }
}

/// 2^96: every mantissa is below it.
const U96: u128 = 1 << 96;

/// Where rust_decimal's parser goes over from 64-bit to 128-bit digits: past it, an `_`
/// right after the 28th decimal is skipped to find the rounding digit, before it the `_`
/// itself is the rounding digit (as a 0). Nothing else depends on it.
const WIDE: u128 = (u64::MAX / 10 - u8::MAX as u64) as u128;

/// Most decimals of a `Decimal`.
const MAX_SCALE: u32 = 28;

/// The plain notation of [`decimal`] (no exponent), as rust_decimal's `parse_str_radix_10`,
/// for at most 18 bytes after the sign (`None` for more: see [`scientific`]).
// Inlined into `decimal`: one call less for each of the thousands of prices of a card, in
// a tier where calls are dear; the long form stays out of line.
#[inline(always)]
fn digits(b: &[u8]) -> Option<Parts> {
    let (neg, b) = sign(b);
    if b.len() > 18 {
        // Read by `scientific`, as a plain number when it has no exponent.
        return None;
    }
    // At most 18 digits: the mantissa stays below 10^18 (so below WIDE) and the scale
    // below 28, so none of the cases of `long_digits` arise and 64 bits hold it. Nearly
    // every number of a card takes this path: in WebAssembly a 128-bit multiplication is
    // a call (`__multi3`), which, per digit, was a quarter of loading a card in V8's
    // baseline tier.
    let (mut m, mut scale, mut point, mut has) = (0u64, 0u32, false, false);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                (m, has) = (m * 10 + u64::from(c - b'0'), true);
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            b'_' if has => {}
            _ => return None,
        }
    }
    has.then(|| Parts { neg, m: u128::from(m), scale }.signed())
}

/// The sign of a number (`-` negative, `+` or none not) and the text after it.
#[inline(always)]
fn sign(b: &[u8]) -> (bool, &[u8]) {
    match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    }
}

/// [`digits`] in 128 bits, for any length (what `scientific` reads its base with, and a
/// plain number of more than 18 bytes after the sign: rare, so without the 64-bit loop).
#[inline(never)]
fn long_digits(neg: bool, b: &[u8]) -> Option<Parts> {
    let mut p = Parts { neg, m: 0, scale: 0 };
    let (mut point, mut has) = (false, false);
    let mut i = 0;
    // The digit that rounds and the bytes after it, if one does: one call of `round`.
    let (next, rest) = 'round: {
        while let Some(&c) = b.get(i) {
            i += 1;
            match c {
                b'0'..=b'9' => {
                    let wide = p.m >= WIDE;
                    let next = p.m * 10 + u128::from(c - b'0');
                    if next >= U96 {
                        // Only reachable past WIDE: this digit rounds, if it is a decimal.
                        if !point {
                            return None;
                        }
                        break 'round (c, b.get(i..)?);
                    }
                    (p.m, has) = (next, true);
                    p.scale += u32::from(point);
                    if p.scale >= MAX_SCALE {
                        if let Some(&n) = b.get(i) {
                            // Past the 28th decimal: the next byte rounds (see WIDE for an `_`).
                            let rest = b.get(i + 1..)?;
                            if n == b'_' && wide {
                                match rest.iter().position(|&c| c != b'_') {
                                    Some(j) => break 'round (*rest.get(j)?, rest.get(j + 1..)?),
                                    None => return Some(p.signed()),
                                }
                            }
                            break 'round (n, rest);
                        }
                    }
                }
                b'.' if !point => point = true,
                b'_' if has => {}
                _ => return None,
            }
        }
        return has.then(|| p.signed());
    };
    round(p, next, rest)
}

/// The number `p` with `next` (a digit, or `_` as 0) the first digit dropped: rounded half
/// up, as long as the bytes after it are all digits or `_`.
fn round(mut p: Parts, next: u8, rest: &[u8]) -> Option<Parts> {
    let d = match next {
        b'0'..=b'9' => next - b'0',
        b'_' => 0,
        _ => return None,
    };
    if d >= 5 {
        p.m += 1;
        if p.m >= U96 {
            // 2^96 exactly: one digit fewer, as rust_decimal does it.
            p.scale = p.scale.checked_sub(1)?;
            p.m = (U96 + 4) / 10;
        }
    }
    rest.iter().all(|c| c.is_ascii_digit() || *c == b'_').then(|| p.signed())
}

/// `m / 10` and `m % 10` for `m` below 2^96, in 64-bit steps (a 128-bit division is a
/// 1 KB routine in WebAssembly).
fn div10(m: u128) -> (u128, u64) {
    let mut q = 0u128;
    let mut r = 0u64;
    for shift in [64, 32, 0] {
        let part = (r << 32) | ((m >> shift) as u64 & 0xFFFF_FFFF);
        q |= u128::from(part / 10) << shift;
        r = part % 10;
    }
    (q, r)
}

/// Scientific notation, as rust_decimal's `from_scientific_lossy` (which `from_str` falls
/// back to for a text with an `e` that is not a plain number): the part before the first
/// `e`/`E` is a plain number, the rest a `u32` (an optional `+`, digits) after an optional
/// `-`, at most 28. A negative exponent divides by moving the point, rounding half away
/// from zero to 28 decimals (a negative number may round to a negative zero); a positive
/// one within the scale moves the point back, and one beyond it gives the integer value
/// at scale 0 (refused past 96 bits). Also the long form of a plain number (more than 18
/// bytes after the sign, which [`digits`] leaves), as its own base with an exponent of 0
/// (−75 B raw, −58 B gzip against a second call of `long_digits` in `digits`).
fn scientific(text: &str) -> Option<Decimal> {
    // At the first `e` or `E`, in bytes (a split at chars is a searcher of its own, and
    // slices of the text check for character boundaries).
    let b = text.as_bytes();
    // Without one, the whole text is the base, with an exponent of 0: the long form of a
    // plain number (one call of `long_digits` for both).
    let (base, exp) = match b.iter().position(|c| matches!(c, b'e' | b'E')) {
        Some(at) => (b.get(..at)?, b.get(at + 1..)?),
        None => (b, &b"0"[..]),
    };
    let (neg, base) = sign(base);
    let mut p = long_digits(neg, base)?;
    // (The `-` skipped by an index: a `match` had LLVM compile the reading of the
    // exponent twice, once for each sign.)
    let negative = exp.first() == Some(&b'-');
    let e = parse_u32(exp.get(usize::from(negative)..)?)?;
    if e > MAX_SCALE {
        return None;
    }
    if negative {
        // Digits beyond the 28th decimal are dropped; the last one dropped rounds.
        let mut last = 0;
        for _ in MAX_SCALE..p.scale + e {
            (p.m, last) = div10(p.m);
        }
        p.m += u128::from(last >= 5);
        p.scale = (p.scale + e).min(MAX_SCALE);
    } else if e <= p.scale {
        p.scale -= e;
    } else {
        // Times 10 per digit (below 2^100: no overflow) while below 2^96: the same as one
        // checked multiplication by the power of ten, without 128-bit `pow` and `checked_mul`.
        for _ in p.scale..e {
            p.m *= 10;
            if p.m >= U96 {
                return None;
            }
        }
        p.scale = 0;
    }
    Some(p.decimal())
}

impl FromJson for Decimal {
    /// A string in decimal notation or a JSON number, read exactly as written (a string
    /// first: cards write amounts as strings). One copy, for single amounts and for the
    /// prices the loop of `read_opt_vec` does not read itself.
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut d = Decimal::ZERO;
        Self::read_into(&mut d, r, path)?;
        Ok(d)
    }

    // The reader itself, in place: a `Decimal` field's `put` calls it, where it moved the
    // result of `from_json` into the slot (and an `Option<Decimal>` field's too).
    #[inline(never)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        const WHAT: &str = "a Decimal type representing a fixed-point number";
        if let Some(d) = r.plain_decimal() {
            *slot = d;
            return Ok(());
        }
        let (t, quoted) = match r.peek() {
            Some(b'"') => (r.string()?, true),
            Some(b'-' | b'0'..=b'9') => (Cow::Borrowed(r.number()?), false),
            _ => return Err(r.type_error(path, WHAT)),
        };
        *slot = decimal(&t).ok_or_else(|| bad_decimal(path, &t, quoted))?;
        Ok(())
    }

    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        read_some_from(slot, Decimal::ZERO, r, path)
    }

    // An item of a list, read in place into a zero pushed first. (Not through `push_start`:
    // measured, that was 22 B smaller raw but 187 B larger gzipped, the functions' order
    // moved.)
    fn push_read(list: &mut Vec<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        list.push(Decimal::ZERO);
        match list.last_mut() {
            Some(d) => Self::read_into(d, r, path),
            None => Ok(()),
        }
    }

    /// A list of amounts or nulls: read as a card's prices are (the reader of
    /// [`Prices`](crate::card::format::Prices)), then copied into a vector. The card's
    /// lists of this kind are all `Prices` (shared with the compiled card); this keeps
    /// any other such list on the same loop.
    fn read_opt_vec(r: &mut Reader<'_>, path: Path<'_>) -> Result<Vec<Option<Self>>> {
        <Arc<[Option<Decimal>]>>::from_json(r, path).map(|v| v.to_vec())
    }
}

impl FromJson for Arc<[Option<Decimal>]> {
    /// A list of prices, each read in the loop (one call less per price than through
    /// `Option`'s reader, in a tier where calls are dear: the prices are most of a card),
    /// by `Reader::short_price` unless it is long, null or not a plain amount.
    ///
    /// A row's prices go to the reader's `row` first (a list kept from row to row: grown
    /// once per document, then only cleared) and then into an `Arc` of their exact length:
    /// one allocation per row, where growing a vector took three and two copies (the card
    /// keeps its rows, so the exact length is also less memory), and the compiled table
    /// shares it with the card. (Until the nineteenth session a buffer on the stack, 16
    /// prices set to `None` per row, and a vector for longer rows: more code, and work.)
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut it = r.open_array(path, "a sequence")?;
        r.row.clear();
        while r.next_price(&mut it)? {
            let v = match r.short_price() {
                Some(d) => Some(d),
                None if r.peek() == Some(b'n') => r.null().map(|()| None)?,
                None => Some(Decimal::from_json(r, path.index(it.index()))?),
            };
            r.row.push(v);
        }
        Ok(Arc::from(r.row.as_slice()))
    }
}

/// `invalid value` for a decimal's text `t`.
#[cold]
#[inline(never)]
fn bad_decimal(path: Path<'_>, t: &str, quoted: bool) -> Error {
    const WHAT: &str = "a Decimal type representing a fixed-point number";
    let shown = if quoted { msg!("string ", Quoted(t)) } else { msg!("number `", t, "`") };
    path.error(ErrorCode::InvalidJson, msg!("invalid value: ", shown, ", expected ", WHAT))
}

impl<T: FromJson> FromJson for Option<T> {
    // Inlined into its callers (a field's `put`, a list's loop): one call less per value.
    #[inline(always)]
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        if r.peek() == Some(b'n') {
            return r.null().map(|()| None);
        }
        T::from_json(r, path).map(Some)
    }

    // A field's value: `None` stays (the starting value of every `Option` field), a
    // value is read by its type into the slot.
    #[inline(always)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        if r.peek() == Some(b'n') {
            return r.null();
        }
        T::read_some(slot, r, path)
    }

    fn read_vec(r: &mut Reader<'_>, path: Path<'_>) -> Result<Vec<Self>> {
        T::read_opt_vec(r, path)
    }

    // `list` is empty: it owns nothing, and is forgotten (see `put`).
    fn read_vec_into(list: &mut Vec<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        let v = T::read_opt_vec(r, path)?;
        fill(list, v);
        Ok(())
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        T::read_vec(r, path)
    }

    // A field's value, read into its starting value (an empty vector).
    #[inline(always)]
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        T::read_vec_into(slot, r, path)
    }

    // An optional list: read into an empty vector put in the slot.
    #[inline(always)]
    fn read_some(slot: &mut Option<Self>, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        fill(slot, Some(Vec::new()));
        match slot {
            Some(list) => T::read_vec_into(list, r, path),
            None => Ok(()),
        }
    }
}

impl<T: FromJson + Blank> FromJson for VecMap<T> {
    /// An object read as a map (a repeated key: the last one counts).
    fn from_json(r: &mut Reader<'_>, path: Path<'_>) -> Result<Self> {
        let mut m = VecMap::new();
        Self::read_into(&mut m, r, path)?;
        Ok(m)
    }

    // A field's value, read into its starting value (an empty map; an error leaves the
    // entries read so far, dropped with the struct being read). Each value is read in
    // place, into a `Blank` put at its key (a repeated key's value replaced by it), where
    // a value read on the stack was then moved into the map.
    fn read_into(slot: &mut Self, r: &mut Reader<'_>, path: Path<'_>) -> Result<()> {
        let mut it = r.open_object(path, "a map")?;
        // (Each result of `member` its own way out: with `while let`, LLVM rotated the
        // loop into a second call of `member`.)
        loop {
            let k = match r.member(&mut it) {
                Ok(Some(k)) => k,
                Ok(None) => return Ok(()),
                Err(e) => break Err(e),
            };
            if let Some((k, v)) = slot.put_start(k.into_owned(), T::blank()) {
                T::read_into(v, r, path.key(k))?;
            }
        }
    }
}

/// Reads a string naming one of `names` (an enum's variants), giving its index.
pub fn variant(r: &mut Reader<'_>, path: Path<'_>, names: &[&str]) -> Result<usize> {
    let s = r.str(path, "a string")?;
    names.iter().position(|n| **n == *s).ok_or_else(|| bad_variant(path, &s, names))
}

/// `s` is not one of an enum's `names`.
#[cold]
#[inline(never)]
fn bad_variant(path: Path<'_>, s: &str, names: &[&str]) -> Error {
    path.error(ErrorCode::InvalidJson, msg!("unknown variant `", s, "`, expected one of ", one_of(names)))
}
/// `` `a`, `b`, `c` `` (for messages).
#[cold]
#[inline(never)]
fn one_of(names: &[&str]) -> String {
    let mut list = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        append(&mut list, "`");
        list.push_str(n);
        append(&mut list, "`");
    }
    list
}

/// Implements [`FromJson`] and [`ToJson`] for a field-less enum written as one of a few
/// strings, and gives it `as_str`.
#[macro_export]
macro_rules! json_enum {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The names in JSON, by discriminant: one table for `as_str` and the reader
            /// (a `match` in `as_str` compiled tables of its own).
            const JSON_VARIANTS: &'static [&'static str] = &[$($name),+];

            /// The name of the value in JSON.
            pub fn as_str(&self) -> &'static str {
                // The variants are listed in declaration order, so a discriminant is the
                // index of its name.
                const _: () = {
                    let mut k = 0usize;
                    $(
                        assert!(<$ty>::$variant as usize == k);
                        k += 1;
                    )+
                    let _ = k;
                };
                Self::JSON_VARIANTS.get(*self as usize).copied().unwrap_or_default()
            }
        }
        impl $crate::json::FromJson for $ty {
            fn from_json(r: &mut $crate::json::Reader<'_>, path: $crate::json::Path<'_>) -> $crate::error::Result<Self> {
                const ALL: &[$ty] = &[$(<$ty>::$variant),+];
                let i = $crate::json::variant(r, path, Self::JSON_VARIANTS)?;
                // `variant` gives an index of `ALL`.
                Ok(ALL.get(i).copied().unwrap_or(<$ty as $crate::json::Blank>::blank()))
            }
        }
        impl $crate::json::ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                $crate::json::write_variant(out, Self::JSON_VARIANTS, *self as usize);
            }
        }
        impl $crate::json::ConstBlank for $ty {
            const BLANK: Self = $crate::json_enum!(@first $ty, $($variant),+);
        }
    };
    (@first $ty:ty, $first:ident $(, $rest:ident)*) => { <$ty>::$first };
}

// --- writing ---------------------------------------------------------------------------------

/// Writes the name of variant `i` of an enum of [`json_enum!`] (`names`, its
/// `JSON_VARIANTS`). Out of line: the card's hash writer inlines every struct's writer,
/// where each enum field looked its name up (a bounds check and two loads) before the call
/// of `write_str`.
#[inline(never)]
pub fn write_variant(out: &mut String, names: &[&str], i: usize) {
    write_str(out, names.get(i).copied().unwrap_or_default());
}

/// A type that writes itself as compact JSON.
pub trait ToJson {
    /// Appends the JSON text of `self`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`.
    fn to_json(&self) -> String {
        let mut s = String::new();
        self.write_json(&mut s);
        s
    }
}

/// `out.push_str(s)`, for the writers of cold paths (errors, card hashes, verification):
/// one call of the shared `extend_from_slice`, where each `out.push(c)` inlines its own
/// capacity check and growth (≈ 35 bytes of wasm each).
pub(crate) fn append(out: &mut String, s: &str) {
    out.push_str(s);
}

/// A slice of a text's bytes (cut at characters) as text, or empty for `None`: on the
/// paths where speed does not count, one call of `from_utf8` where a slice of the `str`
/// inlined a check of each end for a character boundary.
pub(crate) fn utf8(bytes: Option<&[u8]>) -> &str {
    bytes.and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
pub fn write_str(out: &mut String, s: &str) {
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        // Nearly every string (codes, names, labels): nothing to escape.
        append(out, "\"");
        out.push_str(s);
        append(out, "\"");
        return;
    }
    write_escaped(out, s);
}

/// [`write_str`] for a string with characters to escape. Out of line (kept so by
/// `scripts/build-wasm.sh`): V8 compiles a function on its first call, so writing strings
/// with nothing to escape (loading the USPS cards writes only such) does not compile this.
#[inline(never)]
fn write_escaped(out: &mut String, s: &str) {
    append(out, "\"");
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(utf8(s.as_bytes().get(run..i)));
        // `\u00XX` for the other control characters, written as one piece (a `push` of a
        // char inlines its UTF-8 encoding).
        let hex = |n: u8| if n < 10 { b'0' + n } else { b'a' + n - 10 };
        let code = [b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 15)];
        out.push_str(if esc.is_empty() { std::str::from_utf8(&code).unwrap_or_default() } else { esc });
        run = i + 1;
    }
    out.push_str(utf8(s.as_bytes().get(run..)));
    append(out, "\"");
}

/// Writes an object member by member: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
}

impl<'o> ObjectWriter<'o> {
    /// Opens an object (out of line, as [`end`](Self::end): a card's hash writer inlines
    /// every struct's writer into one function, each with its own pushes otherwise).
    #[inline(always)]
    pub fn new(out: &'o mut String) -> Self {
        crate::card::format::open(out);
        ObjectWriter { out }
    }

    /// A member: its key and value as the card writer writes them (the first member is
    /// the one right after the `{`, which no value ends with: the writer keeps no flag).
    pub fn field<T: ToJson + ?Sized>(&mut self, key: &'static str, v: &T) -> &mut Self {
        crate::card::format::field(self.out, key, v);
        self
    }

    /// A member whose key is data (a map's key), escaped as any string.
    pub fn entry<T: ToJson + ?Sized>(&mut self, key: &str, v: &T) -> &mut Self {
        if self.out.as_bytes().last() != Some(&b'{') {
            append(self.out, ",");
        }
        write_str(self.out, key);
        append(self.out, ":");
        v.write_json(self.out);
        self
    }

    /// A member written only when `Some`.
    pub fn opt<T: ToJson>(&mut self, key: &'static str, v: &Option<T>) -> &mut Self {
        crate::card::format::opt(self.out, key, v);
        self
    }

    /// A member written only when `keep`.
    pub fn field_if<T: ToJson + ?Sized>(&mut self, keep: bool, key: &'static str, v: &T) -> &mut Self {
        if keep {
            self.field(key, v);
        }
        self
    }

    /// Closes the object.
    #[inline(always)]
    pub fn end(&mut self) {
        crate::card::format::close(self.out);
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for std::borrow::Cow<'_, str> {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut String) {
        write_digits(out, u64::from(*self), 1);
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (no allocation, no
/// formatting machinery: quotes write a few dozen numbers each).
pub fn write_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < width {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if i == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(buf.get(i..).unwrap_or_default()).unwrap_or_default());
}

/// Appends a decimal in plain notation, exactly as its `Display` writes it (every digit
/// of its scale: `1.50`, `-0.05`, `166`, `-0.00` for a negative zero), without the
/// formatting machinery `Display` goes through.
pub fn write_decimal(out: &mut String, d: &Decimal) {
    if d.is_sign_negative() {
        append(out, "-");
    }
    let m = d.mantissa().unsigned_abs();
    // The mantissa's 96 bits as three 32-bit words, divided by 10⁹ in `u64` arithmetic
    // for nine digits at a time, written from the right into zeros.
    let mut words = [(m >> 64) as u32, (m >> 32) as u32, m as u32];
    let mut digits = [b'0'; 36];
    let mut start = digits.len();
    loop {
        let mut rem = 0u64;
        for w in &mut words {
            let cur = (rem << 32) | u64::from(*w);
            *w = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        for _ in 0..9 {
            start = start.saturating_sub(1);
            if let Some(b) = digits.get_mut(start) {
                *b = b'0' + (rem % 10) as u8;
            }
            rem /= 10;
        }
        if words == [0; 3] {
            break;
        }
    }
    // Without leading zeros, but with at least one digit before the point (a mantissa has
    // at most 29 digits and the scale is at most 28, so all of them are in `digits`).
    let first = digits.iter().position(|b| *b != b'0').unwrap_or(digits.len());
    let scale = d.scale() as usize;
    let from = first.min(digits.len().saturating_sub(scale + 1));
    let point = digits.len() - scale;
    out.push_str(std::str::from_utf8(digits.get(from..point).unwrap_or_default()).unwrap_or_default());
    if scale > 0 {
        append(out, ".");
        out.push_str(std::str::from_utf8(digits.get(point..).unwrap_or_default()).unwrap_or_default());
    }
}

impl ToJson for Decimal {
    /// As a string in plain notation (as rust_decimal's serde support writes it).
    fn write_json(&self, out: &mut String) {
        append(out, "\"");
        write_decimal(out, self);
        append(out, "\"");
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    /// As the card writer writes its lists (one loop for both, its commas out of line).
    fn write_json(&self, out: &mut String) {
        crate::card::format::Items(self).write_json(out);
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson> ToJson for Arc<[T]> {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson> ToJson for VecMap<T> {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        for (k, v) in self {
            o.entry(k, v);
        }
        o.end();
    }
}

#[cfg(test)]
impl ToJson for Json<'_> {
    fn write_json(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => b.write_json(out),
            Json::Num(t) => out.push_str(t),
            Json::Str(s) => write_str(out, s),
            Json::Arr(a) => a.write_json(out),
            Json::Obj(m) => {
                let mut o = ObjectWriter::new(out);
                for (k, v) in m {
                    o.entry(k, v);
                }
                o.end();
            }
        }
    }
}

// --- parsing ---------------------------------------------------------------------------------

#[cfg(test)]
/// Parses JSON text (RFC 8259; nesting up to [`MAX_DEPTH`]). A syntax error is
/// `invalid_json` with the path of the value being read and the line and column.
pub fn parse(text: &str) -> Result<Json<'_>> {
    Reader::new(text, None).document()
}

/// One step of a path: a member name or an array index. (In the path of a container being
/// parsed with [`Limits`], a name as written in the text, escapes not decoded; in a
/// [`Path`], the name read.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A member of an object.
    Key(&'a str),
    /// An element of an array.
    Index(usize),
}

/// Limits checked while parsing (a card's, see `card::scan`): nesting deeper than `depth`,
/// more than `objects` objects, or a container with more items or members than `items`
/// gives for its path stops the parse, before anything more is built for it.
#[derive(Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of arrays and objects.
    pub depth: usize,
    /// Most objects in the document.
    pub objects: usize,
    /// Most items (array) or members (object) of the container at a path.
    pub items: fn(&[Seg<'_>]) -> usize,
    /// The least of the limits `items` gives for any path (none is looked up for a
    /// container with fewer items).
    pub least_items: usize,
}

#[cfg(test)]
/// As [`parse`], within `limits`. Text beyond them gives an error that only says so
/// (`card_too_large`, no path): the caller finds which limit and where.
pub fn parse_within(text: &str, limits: Limits) -> Result<Json<'_>> {
    Reader::new(text, Some(limits)).document()
}

/// Checks that `text` is JSON (within `limits`, if any), with the error the tree parser of
/// the tests (`parse`, `parse_within`) gives, without building anything.
pub fn validate(text: &str, limits: Option<Limits>) -> Result<()> {
    Reader::new(text, limits).validate()
}

/// Appends the body of a JSON string (without its quotes) decoded, or as it is if it is not
/// valid (no decoded copy of its own: the reader's string is appended where it is).
pub fn push_unescaped(out: &mut String, body: &str) {
    // Grown by its pushes (an error path: no allocation code of its own).
    let mut quoted = String::new();
    append(&mut quoted, "\"");
    quoted.push_str(body);
    append(&mut quoted, "\"");
    let mut p = Reader::new(&quoted, None);
    match p.string() {
        Ok(s) if p.at == quoted.len() => out.push_str(&s),
        _ => out.push_str(body),
    }
}

/// `0x0101…01`: a byte value times it is that byte in each of the eight bytes of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The bytes of `w` below `n` (at most 128) flagged by their top bit. Bytes above the first
/// one below `n` may be flagged wrongly (a borrow), so only the lowest flag counts.
#[inline(always)]
fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & (ONES * 0x80)
}

/// An array or object being read by a [`Reader`]: how many items it has had so far, and
/// the most it may have before its limit is looked up (see [`Limits`]).
pub struct Items {
    n: usize,
    limit: usize,
}

impl Items {
    /// The index of the item being read (after [`Reader::item`] gave `true`).
    pub fn index(&self) -> usize {
        self.n.saturating_sub(1)
    }
}

/// Where a value starts and the reader's state there (see [`Reader::mark`]).
#[derive(Clone, Copy)]
pub struct Mark<'t> {
    at: usize,
    depth: usize,
    path: usize,
    next: Seg<'t>,
    objects: usize,
}

/// The JSON parser: the reader that [`FromJson`] types pull their values from (member
/// names, items, scalars), which also skips values ([`skip`](Self::skip)) and checks whole
/// texts ([`validate`]) with the same code for syntax, nesting and [`Limits`]. In the
/// tests it also builds `Json` trees (`parse`), the reference it is checked against.
pub struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
    /// The values read and not yet placed in their array or object, innermost last (an
    /// object's members as name, value, name, value…): when a container closes, its
    /// items are moved out into a vector of their exact length (no growth, no spare
    /// capacity) and it takes their place.
    #[cfg(test)]
    items: Vec<Json<'t>>,
    limits: Option<Limits>,
    /// With limits: the path of the innermost open container, and how the next value is
    /// reached from it.
    path: Vec<Seg<'t>>,
    next: Seg<'t>,
    objects: usize,
    /// The prices of the row being read (see `Arc<[Option<Decimal>]>`'s reader).
    row: Vec<Option<Decimal>>,
}

impl<'t> Reader<'t> {
    /// A reader at the start of `text`. Out of line: a reader is made in a dozen places
    /// (each generic `read_str`), once per document, each storing every field.
    #[inline(never)]
    fn new(text: &'t str, limits: Option<Limits>) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
            #[cfg(test)]
            items: Vec::new(),
            limits,
            path: Vec::new(),
            next: Seg::Index(0),
            objects: 0,
            row: Vec::new(),
        }
    }

    #[cfg(test)]
    /// The whole text as one value.
    fn document(mut self) -> Result<Json<'t>> {
        self.items.reserve(16);
        self.skip_ws_once();
        self.value()?;
        self.end()?;
        Ok(self.items.pop().unwrap_or(Json::Null))
    }

    /// After the document's value: nothing but whitespace may follow.
    fn end(&mut self) -> Result<()> {
        self.skip_ws_once();
        if self.at < self.bytes.len() {
            return Err(self.fail("trailing characters"));
        }
        Ok(())
    }

    // --- reading without a tree (`FromJson`) ---

    /// The string here, or the type error of the value here (expected `what`).
    #[inline(always)]
    pub fn str(&mut self, path: Path<'_>, what: &str) -> Result<Cow<'t, str>> {
        if self.peek() != Some(b'"') {
            return Err(self.type_error(path, what));
        }
        self.string()
    }

    /// The text of the number here, or `None` if the value here is not a number.
    #[inline(always)]
    pub fn num(&mut self) -> Result<Option<&'t str>> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number().map(Some),
            _ => Ok(None),
        }
    }

    /// Opens the array here, or gives the type error of the value here.
    pub fn open_array(&mut self, path: Path<'_>, what: &str) -> Result<Items> {
        if self.peek() != Some(b'[') {
            return Err(self.type_error(path, what));
        }
        Ok(Items { n: 0, limit: self.enter(false)? })
    }

    /// Opens the object here, or gives the type error of the value here.
    pub fn open_object(&mut self, path: Path<'_>, what: &str) -> Result<Items> {
        if self.peek() != Some(b'{') {
            return Err(self.type_error(path, what));
        }
        Ok(Items { n: 0, limit: self.enter(true)? })
    }

    /// Before each item of an open array: `true` if there is one (its value is next),
    /// `false` when the array is closed (and left).
    pub fn item(&mut self, it: &mut Items) -> Result<bool> {
        if !self.next_in(it, false)? {
            return Ok(false);
        }
        if self.limits.is_some() {
            self.next = Seg::Index(it.index());
        }
        Ok(true)
    }

    /// [`item`](Self::item) in the loop over a row's prices, which takes the separator
    /// cards write between prices (`, "`: the next one a string) and the row's end at once
    /// (one call less per price, in a tier where calls are dear), and calls `item` for
    /// anything else.
    #[inline(always)]
    fn next_price(&mut self, it: &mut Items) -> Result<bool> {
        match self.bytes.get(self.at..) {
            // Not the first item (where a comma is an error), and within the limit.
            Some([b',', b' ', b'"', ..]) if it.n > 0 && it.n < it.limit => {
                self.at += 2;
                it.n += 1;
                if self.limits.is_some() {
                    self.next = Seg::Index(it.index());
                }
                Ok(true)
            }
            // The end of the row right after its last price (or at its start: an empty row).
            Some([b']', ..]) => {
                self.leave();
                Ok(false)
            }
            // Any other separator (the first price, other spacing): the shared reader of an
            // item, out of line (inlined here, it was 0.4 KB).
            _ => self.item(it),
        }
    }

    /// Before the next item (`object`: member) of an open container: `false` when it is
    /// closed (and left), else `true` with the item counted (the limit checked). Inlined
    /// into both (out of line, a call more per item cost 0.4M instructions of a cold
    /// start in V8's baseline tier, for 0.3 KB).
    #[inline(always)]
    fn next_in(&mut self, it: &mut Items, object: bool) -> Result<bool> {
        let (close, eof, expected) = if object {
            (b'}', "EOF while parsing an object", "expected `,` or `}`")
        } else {
            (b']', "EOF while parsing a list", "expected `,` or `]`")
        };
        if it.n > 0 {
            if self.closed(close, eof, expected)? {
                return Ok(false);
            }
        } else if self.peek() == Some(close) {
            self.leave();
            return Ok(false);
        }
        if object {
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.fail(eof)),
                Some(_) => return Err(self.fail("key must be a string")),
            }
        }
        if it.n >= it.limit {
            it.limit = self.more_items(it.n)?;
        }
        it.n += 1;
        Ok(true)
    }

    /// Before each member of an open object: its name (its value is next), or `None`
    /// when the object is closed (and left).
    pub fn member(&mut self, it: &mut Items) -> Result<Option<Cow<'t, str>>> {
        if !self.next_in(it, true)? {
            return Ok(None);
        }
        self.key().map(Some)
    }

    /// A member's name and the colon after it, leaving the reader at the value (the name
    /// is the path segment the limits' messages give).
    #[inline(always)]
    fn key(&mut self) -> Result<Cow<'t, str>> {
        let start = self.at + 1;
        let key = self.string()?;
        if self.limits.is_some() {
            // The name as written: the name read, unless it was decoded (a copy).
            self.next = Seg::Key(match key {
                Cow::Borrowed(k) => k,
                Cow::Owned(_) => utf8(self.bytes.get(start..self.at - 1)),
            });
        }
        self.skip_ws();
        match self.peek() {
            Some(b':') => self.at += 1,
            None => return Err(self.fail("EOF while parsing an object")),
            Some(_) => return Err(self.fail("expected `:`")),
        }
        self.skip_ws();
        Ok(key)
    }

    /// The type error of the value here: `invalid type: <what it is>, expected <what>` (a
    /// scalar is read for its text, an array or object is known by its bracket), or the
    /// syntax error of a bad scalar.
    #[cold]
    #[inline(never)]
    pub fn type_error(&mut self, path: Path<'_>, what: &str) -> Error {
        let start = self.at;
        if let Err(e) = self.scalar() {
            return e;
        }
        let text = utf8(self.bytes.get(start..self.at));
        // What the value is, in the words of an error message (`string "abc"`, `integer `5``…),
        // built in one string whatever it is (one call of `Path::type_error`, one drop).
        let mut said = String::new();
        let word = match self.bytes.get(start) {
            Some(b'[') => "sequence",
            Some(b'{') => "map",
            Some(b'"') => {
                // Read again for its decoded text (it was read without error just now).
                self.at = start;
                match self.string() {
                    Ok(s) => said = msg!("string ", Quoted(&s)),
                    Err(e) => return e,
                }
                ""
            }
            Some(b'n') => "null",
            Some(b't') => "boolean `true`",
            Some(b'f') => "boolean `false`",
            _ => {
                said = unexpected_number(text);
                ""
            }
        };
        append(&mut said, word);
        path.type_error(&said, what)
    }

    /// Reads the scalar here (checking its syntax), leaving the reader after it; leaves an
    /// array or object unread (at its bracket). The syntax error of a bad scalar, or of no
    /// value at all.
    fn scalar(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'[' | b'{') => Ok(()),
            Some(b'"') => self.string().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number().map(drop),
            Some(b'n') => self.word("null"),
            Some(b't') => self.word("true"),
            Some(b'f') => self.word("false"),
            None => Err(self.fail("EOF while parsing a value")),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    /// Where the value here starts, to skip it after an error in it ([`skip_from`](Self::skip_from)).
    pub fn mark(&self) -> Mark<'t> {
        Mark { at: self.at, depth: self.depth, path: self.path.len(), next: self.next, objects: self.objects }
    }

    /// Back to the start of a value whose reading failed, then past it.
    #[cold]
    #[inline(never)]
    pub fn skip_from(&mut self, m: Mark<'t>) -> Result<()> {
        self.at = m.at;
        self.depth = m.depth;
        self.path.truncate(m.path);
        self.next = m.next;
        self.objects = m.objects;
        self.skip()
    }

    /// Skips the value here, checking its syntax, nesting and [`Limits`] as reading it
    /// would (through the same [`item`](Self::item) and [`member`](Self::member) steps),
    /// without building anything: it runs on error paths (the check of a whole text, a
    /// field skipped after an error), for members a reader ignores and for a batch's
    /// elements.
    #[inline(never)]
    pub fn skip(&mut self) -> Result<()> {
        // One loop for both kinds of container.
        let object = match self.peek() {
            Some(b'[') => false,
            Some(b'{') => true,
            _ => return self.scalar(),
        };
        let mut it = Items { n: 0, limit: self.enter(object)? };
        while if object { self.member(&mut it)?.is_some() } else { self.item(&mut it)? } {
            self.skip()?;
        }
        Ok(())
    }

    /// The whole text is one value (within the limits, if any), or the error that says
    /// why not: what the tree parser (`parse`, in the tests) checks, without the tree.
    fn validate(mut self) -> Result<()> {
        self.skip_ws_once();
        self.skip()?;
        self.end()
    }

    /// An amount as cards write it, a string of at most 18 digits and points with at
    /// least one digit and at most one point (`"4.50"`), read in one pass (no string
    /// taken, no second scan) and left; `None`, having read nothing, for any other value,
    /// which the general path ([`string`](Self::string) then [`decimal`]) reads with the
    /// same result: these strings are the fast path of [`digits`] too, and have no escape.
    /// Most of a card's text is such prices.
    #[inline(always)]
    fn plain_decimal(&mut self) -> Option<Decimal> {
        let Some([b'"', body @ ..]) = self.bytes.get(self.at..) else {
            return None;
        };
        // Few live values in the loop (the mantissa, where the point is): the baseline tier
        // keeps them in registers. `dot` is the point's index, or past any index.
        let (mut m, mut dot) = (0u64, usize::MAX);
        // 18 bytes of body at most, then the closing quote.
        for (i, &c) in body.iter().enumerate().take(19) {
            let d = c.wrapping_sub(b'0');
            if d < 10 {
                m = m * 10 + u64::from(d);
            } else if c == b'.' && dot == usize::MAX {
                dot = i;
            } else if c == b'"' && i > usize::from(dot != usize::MAX) {
                // At least one digit: `i` bytes, one of them the point if there is one.
                self.at += i + 2;
                let scale = if dot == usize::MAX { 0 } else { (i - dot - 1) as u32 };
                return Some(Decimal::from_parts(m as u32, (m >> 32) as u32, 0, false, scale));
            } else {
                return None;
            }
        }
        None
    }

    /// A price as cards write it, a string of at most 7 bytes of digits and points with
    /// at least one digit and at most one point (`"4.50"`), followed by at least one more
    /// byte of text, read at once and left; `None`, having read nothing, for any other
    /// value, which [`Decimal`]'s reader reads with the same result (these strings are
    /// what [`plain_decimal`](Self::plain_decimal) reads too). Only in the loop over a
    /// row's prices ([`Decimal`]'s `read_opt_vec`): they are most of a card's text.
    ///
    /// The eight bytes after the opening quote are one word: the closing quote, the point
    /// and any other byte are found with integer operations and the digits converted
    /// together, not a compare, branch and multiply per byte (the baseline tier pays for
    /// each, and for every value live across a loop).
    #[inline(always)]
    fn short_price(&mut self) -> Option<Decimal> {
        const HIGH: u64 = ONES * 0x80;
        const LOW7: u64 = ONES * 0x7F;
        let Some([b'"', body @ ..]) = self.bytes.get(self.at..) else {
            return None;
        };
        let w = u64::from_le_bytes(*body.first_chunk::<8>()?);
        let quote = below(w ^ (ONES * u64::from(b'"')), 1);
        if quote == 0 {
            return None;
        }
        // `n` bytes of body (at most 7), the low bytes of `w`.
        let n = quote.trailing_zeros() / 8;
        let body = (1u64 << (8 * n)) - 1;
        // Digits become 0 to 9; each byte's top bit says whether it is not a digit, exactly
        // (no borrow between bytes: the low seven bits plus 0x76 stay below 0x100).
        let x = w ^ (ONES * u64::from(b'0'));
        let not_digit = (((x & LOW7) + ONES * (0x80 - 10)) | x) & HIGH & body;
        // And whether it is a point (a zero byte of `z`, exactly).
        let z = w ^ (ONES * u64::from(b'.'));
        let point = !(((z & LOW7) + LOW7) | z) & HIGH & body;
        // Nothing but digits and at most one point, and at least one digit.
        if not_digit != point || point & point.wrapping_sub(1) != 0 || n <= u32::from(point != 0) {
            return None;
        }
        // The digits closed up over the point (the bytes below it, then those above it one
        // byte down), at the top of the word below as many zero digits, then converted
        // eight at a time (two by two, four by four, then all eight).
        let below_point = (point >> 7).wrapping_sub(1);
        let digits = n - u32::from(point != 0);
        let v = ((x & below_point) | ((x >> 8) & !below_point)) << (8 * (8 - digits));
        let v = v.wrapping_mul(10).wrapping_add(v >> 8);
        const PAIRS: u64 = 0x0000_00FF_0000_00FF;
        let m = ((v & PAIRS).wrapping_mul(100 + (1_000_000 << 32)))
            .wrapping_add(((v >> 16) & PAIRS).wrapping_mul(1 + (10_000 << 32)))
            >> 32;
        let scale = if point == 0 { 0 } else { n - 1 - point.trailing_zeros() / 8 };
        self.at += n as usize + 2;
        Some(Decimal::from_parts(m as u32, 0, 0, false, scale))
    }

    // Inlined even where size comes first (wasm): one byte read is less code than a call,
    // and unoptimised (baseline-compiled) wasm pays dearly for every call.
    /// The next byte (at a value: its first).
    #[inline(always)]
    pub fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// [`skip_ws`](Self::skip_ws) where it runs once per document, not per value.
    #[inline(never)]
    fn skip_ws_once(&mut self) {
        self.skip_ws();
    }

    /// A syntax error here: `<what> at line L column C`, with the path being read.
    #[cold]
    #[inline(never)]
    fn fail(&self, what: &str) -> Error {
        // (Bytes: a slice of the text would check for a character boundary.)
        let upto = self.bytes.get(..self.at).unwrap_or(self.bytes);
        // Newlines before `at`, and characters (UTF-8 lead bytes) after the last one: one
        // loop, where `matches('\n').count()`, `rsplit` and `chars().count()` were 1 KB.
        let (mut line, mut column) = (1usize, 1usize);
        for &b in upto {
            if b == b'\n' {
                (line, column) = (line + 1, 1);
            } else if b & 0xC0 != 0x80 {
                column += 1;
            }
        }
        let path = crate::jsonpath::path_at(self.text, self.at, false);
        Error::new(ErrorCode::InvalidJson, path, msg!(what, " at line ", line, " column ", column))
    }

    #[cold]
    fn eof_or(&self, what: &str) -> Error {
        if self.at >= self.bytes.len() {
            self.fail("EOF while parsing a value")
        } else {
            self.fail(what)
        }
    }

    /// Beyond the [`Limits`].
    #[cold]
    #[inline(never)]
    fn too_large() -> Error {
        Error::new(ErrorCode::CardTooLarge, "", "the document is beyond its limits")
    }

    #[cfg(test)]
    fn literal(&mut self, word: &str, v: Json<'t>) -> Result<()> {
        self.word(word)?;
        self.items.push(v);
        Ok(())
    }

    /// Reads `null`, which the next byte begins. Out of line (kept so by
    /// `scripts/build-wasm.sh`): every `Option` field's reader reads it, each with the
    /// word's address and length where this takes one argument.
    #[inline(never)]
    pub fn null(&mut self) -> Result<()> {
        self.word("null")
    }

    /// Reads `word` (`null`, `true`, `false`), which the next byte begins.
    pub fn word(&mut self, word: &str) -> Result<()> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.fail("expected value"))
        }
    }

    #[cfg(test)]
    /// Reads a value and pushes it on `items`.
    fn value(&mut self) -> Result<()> {
        match self.peek() {
            None => Err(self.fail("EOF while parsing a value")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => {
                let s = self.string()?;
                self.items.push(Json::Str(s));
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                let t = self.number()?;
                self.items.push(Json::Num(t));
                Ok(())
            }
            Some(b'[') => self.array(),
            Some(b'{') => self.object(),
            Some(_) => Err(self.fail("expected value")),
        }
    }

    /// Opens an array or object: the most items it may have.
    fn enter(&mut self, object: bool) -> Result<usize> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.fail("recursion limit exceeded"));
        }
        let limit = match self.limits {
            None => usize::MAX,
            Some(l) => self.enter_limited(l, object)?,
        };
        self.at += 1;
        self.skip_ws();
        Ok(limit)
    }

    #[inline(never)]
    fn enter_limited(&mut self, l: Limits, object: bool) -> Result<usize> {
        if self.depth > l.depth {
            return Err(Self::too_large());
        }
        if object {
            self.objects += 1;
            if self.objects > l.objects {
                return Err(Self::too_large());
            }
        }
        if self.depth > 1 {
            self.path.push(self.next);
        }
        // The container's own limit is looked up only if it grows past the least of them
        // (`more_items`): most containers of a card are short rows.
        Ok(l.least_items)
    }

    /// A container (its path on top) that has `n` items, as many as the limit it was
    /// given: its own limit, or the error when it has that many already.
    #[inline(never)]
    fn more_items(&self, n: usize) -> Result<usize> {
        let limit = self.limits.map_or(usize::MAX, |l| (l.items)(&self.path));
        if n >= limit {
            return Err(Self::too_large());
        }
        Ok(limit)
    }

    /// Closes an array or object.
    fn leave(&mut self) {
        if self.limits.is_some() && self.depth > 1 {
            self.path.pop();
        }
        self.depth -= 1;
        self.at += 1;
    }

    #[cfg(test)]
    fn array(&mut self) -> Result<()> {
        let mut limit = self.enter(false)?;
        if self.peek() == Some(b']') {
            self.leave();
            self.items.push(Json::Arr(Vec::new()));
            return Ok(());
        }
        let base = self.items.len();
        loop {
            let n = self.items.len() - base;
            if n >= limit {
                limit = self.more_items(n)?;
            }
            if self.limits.is_some() {
                self.next = Seg::Index(n);
            }
            self.value()?;
            if self.closed(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                let items = self.items.split_off(base);
                self.items.push(Json::Arr(items));
                return Ok(());
            }
        }
    }

    /// After a member of an array or object: `,` and more to come (`false`), or `close`
    /// and the container done (`true`, its depth left).
    #[inline]
    fn closed(&mut self, close: u8, eof: &str, expected: &str) -> Result<bool> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    return Err(self.fail("trailing comma"));
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.leave();
                Ok(true)
            }
            None => Err(self.fail(eof)),
            Some(_) => Err(self.fail(expected)),
        }
    }

    #[cfg(test)]
    fn object(&mut self) -> Result<()> {
        let mut limit = self.enter(true)?;
        if self.peek() == Some(b'}') {
            self.leave();
            self.items.push(Json::Obj(Vec::new()));
            return Ok(());
        }
        let base = self.items.len();
        loop {
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.fail("EOF while parsing an object")),
                Some(_) => return Err(self.fail("key must be a string")),
            }
            let n = (self.items.len() - base) / 2;
            if n >= limit {
                limit = self.more_items(n)?;
            }
            let key = self.key()?;
            self.items.push(Json::Str(key));
            self.value()?;
            if self.closed(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                // Moved out pairwise straight into the members (one allocation, not two).
                let mut members = Vec::with_capacity((self.items.len() - base) / 2);
                let mut read = self.items.drain(base..);
                while let (Some(Json::Str(k)), Some(v)) = (read.next(), read.next()) {
                    members.push((k, v));
                }
                drop(read);
                self.items.push(Json::Obj(members));
                return Ok(());
            }
        }
    }

    /// Past the digits here, giving how many (out of line: three loops of `number`).
    #[inline(never)]
    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<&'t str> {
        let start = self.at;
        // A digit missing (or the text ended) where one must be: one exit for the three.
        'missing: {
            if self.peek() == Some(b'-') {
                self.at += 1;
            }
            match self.peek() {
                Some(b'0') => {
                    self.at += 1;
                    if matches!(self.peek(), Some(b'0'..=b'9')) {
                        return Err(self.fail("invalid number"));
                    }
                }
                Some(b'1'..=b'9') => {
                    self.digits();
                }
                _ => break 'missing,
            }
            if self.peek() == Some(b'.') {
                self.at += 1;
                if self.digits() == 0 {
                    break 'missing;
                }
            }
            if matches!(self.peek(), Some(b'e' | b'E')) {
                self.at += 1;
                if matches!(self.peek(), Some(b'+' | b'-')) {
                    self.at += 1;
                }
                if self.digits() == 0 {
                    break 'missing;
                }
            }
            return Ok(utf8(self.bytes.get(start..self.at)));
        }
        Err(self.eof_or("invalid number"))
    }

    fn hex4(&mut self) -> Result<u32> {
        // Four bytes that end on a character (else, as at the end of the text, EOF), each a
        // hex digit (a loop: `u32::from_str_radix` is generic over the radix and the sign).
        // (In bytes: the four start on a character, after `\u`; the byte after them must
        // not continue one.)
        let end = self.at + 4;
        let Some(h) = self.bytes.get(self.at..end).filter(|_| self.bytes.get(end).is_none_or(|&b| b as i8 >= -64))
        else {
            return Err(self.fail("EOF while parsing a string"));
        };
        let mut n = 0;
        for &b in h {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return Err(self.fail("invalid escape")),
            };
            n = n * 16 + u32::from(d);
        }
        self.at += 4;
        Ok(n)
    }

    /// A string, at its opening quote: a slice of the text unless it has escapes.
    fn string(&mut self) -> Result<Cow<'t, str>> {
        let start = self.at + 1;
        let mut i = start;
        // Eight bytes at a time while there are eight: the first byte that ends the fast
        // path (`"`, `\` or a control character) is found with integer operations, not
        // one compare and branch per byte (card texts are mostly strings).
        while let Some(chunk) = self.bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            let w = u64::from_le_bytes(*chunk);
            let stop =
                below(w, 0x20) | below(w ^ (ONES * u64::from(b'"')), 1) | below(w ^ (ONES * u64::from(b'\\')), 1);
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        while let Some(&c) = self.bytes.get(i) {
            if c == b'"' {
                self.at = i + 1;
                return Ok(Cow::Borrowed(self.text.get(start..i).unwrap_or("")));
            }
            if c == b'\\' || c < 0x20 {
                break;
            }
            i += 1;
        }
        self.at = i;
        self.escaped(start).map(Cow::Owned)
    }

    /// The rest of a string from its first escape, or the end of the text or control
    /// character that stopped the fast path (at `at`; the body began at `start`).
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Result<String> {
        let mut out = String::new();
        let mut run = start;
        loop {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a string")),
                Some(0..=0x1f) => {
                    return Err(self.fail("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                Some(b @ (b'"' | b'\\')) => {
                    // The run before the quote or the escape, then past it (one copy of
                    // the slicing for both).
                    out.push_str(utf8(self.bytes.get(run..self.at)));
                    self.at += 1;
                    if b == b'"' {
                        return Ok(out);
                    }
                    // The character of a one-letter escape, or `None` for `\u`; then past
                    // the letter. One `push` of the character for both (each inlines its
                    // UTF-8 encoding).
                    // (The letters looked up in a string: a `match` of eight arms was a jump
                    // table over the 84 bytes from `"` to `u`.)
                    let simple = match self.peek() {
                        Some(b'u') => None,
                        None => return Err(self.fail("EOF while parsing a string")),
                        Some(e) => match b"\"\\/bfnrt".iter().position(|&l| l == e) {
                            Some(i) => b"\"\\/\x08\x0c\n\r\t".get(i).map(|&c| char::from(c)),
                            None => return Err(self.fail("invalid escape")),
                        },
                    };
                    self.at += 1;
                    let c = match simple {
                        Some(c) => c,
                        None => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // The trailing surrogate's escape, if one follows (one
                                // error site for both ways of lacking it).
                                let lo = if self.bytes.get(self.at..self.at + 2) == Some(b"\\u") {
                                    self.at += 2;
                                    self.hex4()?
                                } else {
                                    0
                                };
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.fail("lone leading surrogate in hex escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.fail("invalid unicode code point"))?
                        }
                    };
                    out.push_str(c.encode_utf8(&mut [0; 4]));
                    run = self.at;
                }
                Some(_) => self.at += 1,
            }
        }
    }
}

// --- comparing JSON as data (quote verification) -------------------------------------------

/// A member of an object, as [`members`] reads it.
pub struct Member<'t> {
    /// The member's name.
    pub name: Cow<'t, str>,
    /// Its value, if that is a string.
    pub string: Option<Cow<'t, str>>,
    /// Its value's canonical text (see `Reader::canonical`), `None` when the value is
    /// equal to nothing.
    pub canonical: Option<String>,
}

impl Member<'_> {
    /// Whether both values are equal as JSON data: object members compared as a map
    /// (order aside; a member repeated with values that differ makes the object equal to
    /// nothing, itself included), everything else as written (numbers) or decoded
    /// (strings).
    pub fn same(&self, other: &Member<'_>) -> bool {
        self.canonical.is_some() && self.canonical == other.canonical
    }
}

/// The members of the object that the JSON `text` is, in document order (repeated ones
/// included); `None` if it is not an object. Nothing is checked beyond what reading the
/// object needs: `text` is JSON (see [`validate`]).
pub fn members(text: &str) -> Result<Option<Vec<Member<'_>>>> {
    let mut r = Reader::new(text, None);
    r.skip_ws_once();
    if r.peek() != Some(b'{') {
        return Ok(None);
    }
    r.member_list().map(Some)
}

impl<'t> Reader<'t> {
    /// The members of the object here, in document order: what [`members`] gives, and
    /// what [`canonical`](Self::canonical) writes in name order (one loop for both).
    fn member_list(&mut self) -> Result<Vec<Member<'t>>> {
        let mut it = Items { n: 0, limit: self.enter(true)? };
        let mut out = Vec::new();
        // (Each result of `member` its own way out: with `while let`, LLVM rotated the
        // loop into a second call of `member`.)
        let e = loop {
            let name = match self.member(&mut it) {
                Ok(Some(name)) => name,
                Ok(None) => return Ok(out),
                Err(e) => break e,
            };
            let string = match self.peek() {
                Some(b'"') => {
                    let at = self.at;
                    let s = match self.string() {
                        Ok(s) => s,
                        Err(e) => break e,
                    };
                    self.at = at;
                    Some(s)
                }
                _ => None,
            };
            let mut c = String::new();
            let canonical = match self.canonical(&mut c) {
                Ok(ok) => ok.then_some(c),
                Err(e) => break e,
            };
            out.push(Member { name, string, canonical });
        };
        drop(out);
        Err(e)
    }

    /// Reads the value here and writes its canonical text into `out`: compact, strings
    /// written as [`write_str`] writes them, numbers as written, the members of each
    /// object in the order of their names, once each. Two values have the same canonical
    /// text if and only if they are equal as JSON data ([`Member::same`]); `false` when an
    /// object in the value repeats a member with values that differ (then it is equal to
    /// nothing). This is how quotes are compared without building trees of them.
    fn canonical(&mut self, out: &mut String) -> Result<bool> {
        let mut ok = true;
        match self.peek() {
            Some(b'"') => write_str(out, &self.string()?),
            Some(b'[') => {
                let mut it = Items { n: 0, limit: self.enter(false)? };
                append(out, "[");
                while self.item(&mut it)? {
                    if it.n > 1 {
                        append(out, ",");
                    }
                    ok &= self.canonical(out)?;
                }
                append(out, "]");
            }
            Some(b'{') => {
                let list = self.member_list()?;
                // Written in name order by selection (quotes' objects are small): each
                // round the least name after the last one written, the first member of
                // that name; every member of a name is compared with another of it (all
                // must be equal), and one equal to nothing (`None`) makes this so too.
                append(out, "{");
                let mut last: Option<&Member<'_>> = None;
                loop {
                    let mut next: Option<&Member<'_>> = None;
                    for m in &list {
                        if last.is_some_and(|l| m.name <= l.name) {
                            continue;
                        }
                        // (One comparison of the names for both tests.)
                        match next.map(|n| (n, n.name.cmp(&m.name))) {
                            Some((_, std::cmp::Ordering::Less)) => {}
                            Some((n, std::cmp::Ordering::Equal)) => ok &= n.canonical == m.canonical,
                            _ => next = Some(m),
                        }
                    }
                    let Some(n) = next else { break };
                    if last.is_some() {
                        append(out, ",");
                    }
                    write_str(out, &n.name);
                    append(out, ":");
                    match &n.canonical {
                        Some(v) => out.push_str(v),
                        None => ok = false,
                    }
                    last = Some(n);
                }
                append(out, "}");
            }
            _ => {
                let start = self.at;
                self.scalar()?;
                out.push_str(utf8(self.bytes.get(start..self.at)));
            }
        }
        Ok(ok)
    }
}

// --- batches ---------------------------------------------------------------------------------
// (Added for `api::quote_many_json`, by the shipments-in/quotes-out change.)

/// Parses a JSON array of documents (a batch of shipments) in one pass. Each element
/// may nest as deep as a document of its own ([`MAX_DEPTH`] levels below the array); one
/// nested deeper is skipped and given as that element's error (its path already the
/// batch's, `[3].weight[0]…`), so it fails alone like any other bad element. Anything
/// else is as [`validate`]: a syntax error fails the batch, and a document that is not an
/// array is a type error. The elements are given as their text (JSON, checked), to be
/// read with [`read_str`].
pub fn parse_batch(text: &str) -> Result<Vec<Result<&str>>> {
    let mut p = Reader::new(text, None);
    p.skip_ws_once();
    if p.peek() != Some(b'[') {
        Reader::new(text, None).validate()?;
        return Err(p.type_error(Path::Root, "a sequence"));
    }
    // The array's items and separators as any array's (`item`: the same errors), each
    // element skipped from depth 0.
    let mut it = Items { n: 0, limit: p.enter(false)? };
    let mut items = Vec::new();
    // The errors through one exit: the items read so far are dropped in one place.
    let e = 'bad: {
        loop {
            match p.item(&mut it) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => break 'bad e,
            }
            p.depth = 0;
            let start = p.at;
            match p.skip() {
                Ok(()) => items.push(Ok(text.get(start..p.at).unwrap_or(""))),
                // Only the nesting limit leaves the depth above it.
                Err(e) if p.depth > MAX_DEPTH => {
                    if let Err(e) = p.skip_nested() {
                        break 'bad e;
                    }
                    items.push(Err(e));
                }
                Err(e) => break 'bad e,
            }
            p.depth = 1;
        }
        match p.end() {
            Ok(()) => return Ok(items),
            Err(e) => e,
        }
    };
    drop(items);
    Err(e)
}

impl Reader<'_> {
    /// After the nesting limit refused the array or object at `at`: skips it and closes
    /// the ones open around it, without building anything (strings are still read whole,
    /// so brackets inside them do not count).
    fn skip_nested(&mut self) -> Result<()> {
        let mut open = self.depth;
        self.at += 1;
        while open > 0 {
            match self.peek() {
                None => return Err(self.fail("EOF while parsing a value")),
                Some(b'"') => {
                    self.string()?;
                    continue;
                }
                Some(b'[' | b'{') => open += 1,
                Some(b']' | b'}') => open -= 1,
                Some(_) => {}
            }
            self.at += 1;
        }
        self.depth = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Strategy;
    use std::str::FromStr;

    #[test]
    fn strings_read_eight_bytes_at_a_time_end_where_serde_json_ends_them() {
        // Each byte that ends or interrupts the fast path, at every offset of strings of
        // 0 to 24 bytes (every position in and across the eight-byte words), among plain
        // ASCII and multi-byte characters (their bytes are above 0x7F).
        for stop in ["\"", "\\n", "\\\"", "\\u00e9", "\u{1}", "\u{1f}", "\n"] {
            for fill in ["a", "é", " ", "\u{7f}", "!", "#", "[", "]"] {
                for len in 0..24 {
                    for at in 0..=len {
                        let body = format!("{}{stop}{}", fill.repeat(at), fill.repeat(len - at));
                        for text in [format!("\"{body}\""), format!("\"{body}"), format!("[\"{body}\", 1]")] {
                            let ours = parse(&text).map(|v| v.to_json());
                            let theirs = serde_json::from_str::<serde_json::Value>(&text).map(|v| v.to_string());
                            assert_eq!(ours.is_ok(), theirs.is_ok(), "{text:?}");
                            if let (Ok(a), Ok(b)) = (ours, theirs) {
                                assert_eq!(a, b, "{text:?}");
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn unicode_escapes_cut_short_or_across_a_character() {
        // The four bytes after `\u` (read as bytes) must end on a character and be there,
        // else the string ends early; then each must be a hex digit. Worked out by hand:
        // the error is at the first digit, column 4 (10 after a leading surrogate).
        let eof = "EOF while parsing a string at line 1 column 4";
        let bad = "invalid escape at line 1 column 4";
        for (text, want) in [
            ("\"\\u12\u{e9}\"", bad),   // 1 2 é: four bytes, é is no digit
            ("\"\\u1\u{e9}", eof),      // 1 é: three bytes
            ("\"\\u1\u{e9}\"", bad),    // 1 é ": four bytes
            ("\"\\u12\u{20ac}\"", eof), // 1 2 and two bytes of €: inside it
            ("\"\\u1\u{20ac}", bad),    // 1 €: four bytes
            ("\"\\u\u{20ac}", eof),     // €: three bytes
            ("\"\\u123", eof),
            ("\"\\u12g4\"", bad),
            ("\"\\ud800\\u12\u{e9}\"", "invalid escape at line 1 column 10"),
        ] {
            assert_eq!(parse(text).unwrap_err().message(), want, "{text:?}");
        }
        assert_eq!(parse("\"\\u00e9\"").unwrap(), Json::Str("\u{e9}".into()));
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2.5e3, "x\"\u00e9\ud83d\ude00", true, false, null], "b": {}} "#).unwrap();
        let Json::Obj(m) = &v else { panic!("not an object") };
        assert_eq!(m.len(), 2);
        assert_eq!(
            v.get("a"),
            Some(&Json::Arr(vec![
                Json::Num("1"),
                Json::Num("-2.5e3"),
                Json::Str("x\"é😀".into()),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ]))
        );
        assert_eq!(v.get("b"), Some(&Json::Obj(vec![])));
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = parse("{\"a\": [1, 2,]}").unwrap_err();
        assert_eq!((e.code(), e.path()), (ErrorCode::InvalidJson, "a[2]"));
        assert!(e.message().starts_with("trailing comma at line 1"), "{}", e.message());
        for bad in [
            "",
            "{",
            "[1 2]",
            "{\"a\" 1}",
            "{1: 2}",
            "01",
            "1.",
            "-",
            "\"\\x\"",
            "\"\u{1}\"",
            "tru",
            "1 2",
            "\"\\ud800\"",
        ] {
            assert_eq!(parse(bad).unwrap_err().code(), ErrorCode::InvalidJson, "{bad:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message().starts_with("recursion limit exceeded"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn strings_with_escapes_are_what_serde_json_reads() {
        let texts = [
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""\u0041\u00e9\u4e2d\uD83D\uDE00x""#,
            r#""\uDBFF\uDFFF""#,
            "\"é\\n\u{1F4E6}\\u0000\"",
            r#""\x""#,
            r#""\"#,
            r#""\u12""#,
            r#""\u12G4""#,
            r#""\u+123""#,
            "\"\\u12é\"",
            r#""\uD800""#,
            r#""\uD800x""#,
            r#""\uD800\n""#,
            r#""\uD800\u0041""#,
            r#""\uD800\uD800""#,
            r#""\uDC00""#,
            r#""\uD800\u12""#,
            "\"a\\n\u{1}\"",
            "\"a\\n",
            r#""\u""#,
        ];
        // The decoded text where serde_json reads one, an error where it does not (the
        // messages' positions inside a bad escape are the reader's own).
        for t in texts {
            let ours = from_str::<String>(t).map_err(|e| e.code());
            let serde = serde_json::from_str::<String>(t).map_err(|_| ErrorCode::InvalidJson);
            assert_eq!(ours, serde, "{t:?}");
        }
    }

    #[test]
    fn a_lone_leading_surrogate_is_reported_after_what_follows_it() {
        // Columns counted by hand: after the four hex digits when no `\u` follows, after
        // the second escape's digits when it is no trailing surrogate.
        for (t, column) in [(r#""\uD800x""#, 8), (r#""\uD800\u0041""#, 14), (r#""\uD800""#, 8)] {
            let e = from_str::<String>(t).unwrap_err();
            assert_eq!(e.message(), format!("lone leading surrogate in hex escape at line 1 column {column}"), "{t}");
        }
    }

    #[test]
    fn syntax_errors_count_lines_and_characters() {
        // The column counts characters (not bytes) from the last newline before the error.
        let cases = [
            ("[\"é😀\", x]", "expected value at line 1 column 8"),
            ("{\n \"a\": 1,\n\n  \"ü\u{1F4E6}\": tru}", "expected value at line 4 column 9"),
            ("[1,\r\n 2,\n ]", "trailing comma at line 3 column 2"),
            ("\n\n", "EOF while parsing a value at line 3 column 1"),
        ];
        for (bad, want) in cases {
            assert_eq!(parse(bad).unwrap_err().message(), want, "{bad:?}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let s = "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1}i\u{1f}j\u{7f}ké/";
        assert_eq!(s.to_json(), serde_json::to_string(s).unwrap());
        assert_eq!(parse(&s.to_json()).unwrap(), Json::Str(s.into()));
        // Every ASCII character alone and between others.
        for c in (0..0x80u8).map(char::from) {
            for t in [c.to_string(), format!("x{c}y{c}")] {
                assert_eq!(t.to_json(), serde_json::to_string(&t).unwrap(), "{c:?}");
            }
        }
    }

    /// A struct of three fields, two required, for the tests of `read_struct`.
    #[derive(Debug, PartialEq)]
    struct T3 {
        a: String,
        b: Option<String>,
        c: Decimal,
    }

    crate::json_struct!(T3 { a: "a" req, b: "b" opt, c: "c" req });

    fn t3(text: &str) -> std::result::Result<T3, (String, String)> {
        from_str::<T3>(text).map_err(|e| (e.path().to_string(), e.message().to_string()))
    }

    fn t3_err(text: &str) -> (String, String) {
        t3(text).unwrap_err()
    }

    fn owned(path: &str, message: &str) -> (String, String) {
        (path.to_string(), message.to_string())
    }

    #[test]
    fn fields_refuse_unknown_repeated_and_missing() {
        assert_eq!(t3(r#"{"c": 1.5, "a": "x"}"#), Ok(T3 { a: "x".into(), b: None, c: Decimal::new(15, 1) }));
        let e = t3_err(r#"{"a": "1", "d": 2, "c": 1}"#);
        assert_eq!(e, owned("d", "unknown field `d`, expected one of `a`, `b`, `c`"));
        assert_eq!(t3_err(r#"{"a": "1", "a": "2", "c": 1}"#), owned("a", "duplicate field `a`"));
        assert_eq!(t3_err(r#"{"a": "1"}"#), owned("", "missing field `c`"));
        let e = from_str::<Vec<VecMap<String>>>(r#"[{"a": 5}]"#).unwrap_err();
        assert_eq!((e.path(), e.message()), ("[0].a", "invalid type: integer `5`, expected a string"));
    }

    /// The errors of a struct are those of checking its member names first, then reading
    /// its fields in declaration order, whatever order they are written in; and a syntax
    /// error anywhere comes before them all.
    #[test]
    fn struct_errors_come_in_declaration_order() {
        // An unknown or repeated name, after or before a bad value.
        assert_eq!(t3_err(r#"{"a": 1, "z": 2}"#).0, "z");
        assert_eq!(t3_err(r#"{"c": "x", "a": 1, "c": 2}"#), owned("c", "duplicate field `c`"));
        // The first bad field as declared, whichever is written first.
        let want = owned("a", "invalid type: integer `1`, expected a string");
        assert_eq!(t3_err(r#"{"c": "x", "b": 2, "a": 1}"#), want);
        assert_eq!(t3_err(r#"{"a": 1, "b": 2, "c": "x"}"#), want);
        assert_eq!(
            t3_err(r#"{"c": "x", "b": 2, "a": "1"}"#),
            owned("b", "invalid type: integer `2`, expected a string")
        );
        // A required field missing, where it is declared among the bad ones.
        assert_eq!(t3_err(r#"{"c": [], "b": 2}"#), owned("", "missing field `a`"));
        assert_eq!(t3_err(r#"{"b": 2, "a": "1"}"#), owned("b", "invalid type: integer `2`, expected a string"));
        assert_eq!(t3_err(r#"{"b": null, "a": "1"}"#), owned("", "missing field `c`"));
        // Errors inside a bad value do not leak out of it: the value is skipped whole.
        let nested = r#"[{"c": {"x": [1, {"y": "]"}]}, "a": 1}, {"a": "1", "c": 2}]"#;
        let e = from_str::<Vec<T3>>(nested).unwrap_err();
        assert_eq!((e.path(), e.message()), ("[0].a", "invalid type: integer `1`, expected a string"));
        // A syntax error after (or inside a value skipped after) the first bad field.
        for bad in [r#"{"a": 1, "c": 2"#, r#"{"a": 1, "c": [1,]}"#, r#"{"a": 1, "c": 2} x"#, r#"{"c": [1 2], "a": 1}"#]
        {
            let e = from_str::<T3>(bad).unwrap_err();
            assert_eq!(
                (e.path(), e.message()),
                (parse(bad).unwrap_err().path(), parse(bad).unwrap_err().message()),
                "{bad}"
            );
        }
    }

    /// Whatever the text, the reader's answer is the tree's: a value read only from JSON,
    /// and the error of a parse of the whole text first.
    #[test]
    fn reading_agrees_with_parsing_first() {
        let texts = [
            "",
            " ",
            "{",
            "[",
            "null",
            r#"{"a": "1", "c": 1} "#,
            r#"{"a": "1", "c": 1}}"#,
            r#"{"a": "\u00e9", "c": "1e2", "b": null}"#,
            r#"{"a": "1", "c": 1, }"#,
            r#"{"a": "1" "c": 1}"#,
            r#"{"a": "1", "c": 01}"#,
            r#"{"a": tru, "c": 1}"#,
            r#"{"a": "1", "c": 1, "b": nul}"#,
            r#"{"a": "1", 5: 1}"#,
            r#"{"b": {"x": 1}, "a": "1", "c": 1}"#,
        ];
        // The texts that are JSON, and what reading them gives.
        let json: [(&str, Option<&str>); 4] = [
            ("null", Some("invalid type: null, expected a map")),
            (r#"{"a": "1", "c": 1} "#, None),
            (r#"{"a": "\u00e9", "c": "1e2", "b": null}"#, None),
            (r#"{"b": {"x": 1}, "a": "1", "c": 1}"#, Some("invalid type: map, expected a string")),
        ];
        for t in texts {
            let ours = from_str::<T3>(t);
            match (parse(t), json.iter().find(|(j, _)| *j == t)) {
                (Err(e), None) => {
                    let o = ours.unwrap_err();
                    assert_eq!((o.path(), o.message()), (e.path(), e.message()), "{t}");
                }
                (Ok(_), Some((_, want))) => assert_eq!(ours.err().map(|e| e.message().to_string()).as_deref(), *want),
                _ => panic!("{t}: JSON or not as listed?"),
            }
        }
        let e = t3(r#"{"a": "\u00e9", "c": "1e2"}"#).unwrap();
        assert_eq!((e.a.as_str(), e.c), ("é", Decimal::new(100, 0)));
    }

    #[test]
    fn decimals_are_read_exactly() {
        let text = ["\"1.10\"", "1.10", "12345678901234567890.123456789", "\"1e-3\"", "\"abc\""];
        let d = |i: usize| from_str::<Decimal>(text[i]).map(|d| d.to_string());
        assert_eq!(d(0).unwrap(), "1.10");
        assert_eq!(d(1).unwrap(), "1.10");
        assert_eq!(d(2).unwrap(), "12345678901234567890.123456789");
        assert_eq!(d(3).unwrap(), "0.001");
        assert_eq!(d(4).unwrap_err().code(), ErrorCode::InvalidJson);
    }

    /// `decimal` against rust_decimal's own reader, bit for bit (sign of zero and scale
    /// included), or both refusing.
    fn same_as_rust_decimal(t: &str) {
        let want = Decimal::from_str(t).ok().map(|d| d.serialize());
        assert_eq!(decimal(t).map(|d| d.serialize()), want, "{t:?}");
    }

    #[test]
    fn u32s_are_what_core_reads() {
        // The empty text first, then signs, zeros, the bounds, and what is not a digit.
        let odd = "|+|-|++1|+-1|-0|-1|0|+0|00|007|+42|4294967295|4294967296|+4294967295|04294967295|99999999999|\
                   1_000|1.0|1e3| 1|1 |٣|１";
        let mut texts: Vec<String> = odd.split('|').map(String::from).collect();
        for n in [0u64, 1, 9, 10, 99, 100, 65_535, 429_496_729, 429_496_730, 4_294_967_295, 4_294_967_296, 1 << 40] {
            for d in [n, n.saturating_sub(1), n + 1] {
                texts.push(d.to_string());
                texts.push(format!("+{d}"));
            }
        }
        for t in &texts {
            assert_eq!(parse_u32(t.as_bytes()), t.parse::<u32>().ok(), "{t:?}");
        }
    }

    #[test]
    fn quoted_decimals_alone_and_in_rows_are_what_rust_decimal_reads() {
        // The one-pass reader of quoted amounts (`plain_decimal`) and the general path it
        // falls back to, against rust_decimal: every text of up to 4 characters over digits,
        // points, `_`, signs, an exponent, a space and an escape, and digit runs with the
        // point everywhere around the fast path's 18-byte edge.
        let alphabet = ["0", "1", "9", ".", "_", "-", "e", " ", "\\u0031"];
        let mut texts = vec![String::new()];
        let mut all = vec![String::new()];
        for _ in 0..4 {
            texts = texts.iter().flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}"))).collect();
            all.extend(texts.iter().cloned());
        }
        let run = "98765432109876543210";
        for n in 15..=run.len() {
            all.push(run[..n].to_string());
            for dot in 0..=n {
                all.push(format!("{}.{}", &run[..dot], &run[dot..n]));
            }
        }
        let want = |t: &str| Decimal::from_str(&t.replace("\\u0031", "1")).ok().map(|d| d.serialize());
        for t in &all {
            let alone = from_str::<Decimal>(&format!("\"{t}\"")).ok().map(|d| d.serialize());
            assert_eq!(alone, want(t), "{t:?}");
        }
        // Rows short and long, with nulls: each price where it was, or the row refused when
        // one price is.
        for t in all.iter().step_by(97) {
            for len in [1, 2, 15, 16, 17, 33, 40] {
                let items: Vec<String> =
                    (0..len).map(|i| if i % 5 == 3 { "null".to_string() } else { format!("\"{t}\"") }).collect();
                let row = from_str::<Vec<Option<Decimal>>>(&format!("[{}]", items.join(", ")));
                match want(t) {
                    Some(d) => {
                        let row = row.unwrap();
                        assert_eq!(row.len(), len, "{t:?}");
                        for (i, v) in row.iter().enumerate() {
                            assert_eq!(v.map(|v| v.serialize()), (i % 5 != 3).then_some(d), "{t:?} at {i}");
                        }
                    }
                    None => assert_eq!(row.unwrap_err().path(), "[0]", "{t:?}"),
                }
            }
        }
    }

    #[test]
    fn rows_of_one_document_each_keep_their_own_prices() {
        // The reader's list is reused from row to row: each row has its own prices only.
        let rows = from_str::<Vec<Arc<[Option<Decimal>]>>>(r#"[["1", "2", "3"], ["4"], [], [null, "5.5"], ["6"]]"#);
        let d = |s: &str| Some(Decimal::from_str(s).unwrap());
        let want: [&[Option<Decimal>]; 5] = [&[d("1"), d("2"), d("3")], &[d("4")], &[], &[None, d("5.5")], &[d("6")]];
        let rows = rows.unwrap();
        assert_eq!(rows.len(), want.len());
        for (row, want) in rows.iter().zip(want) {
            assert_eq!(&**row, want);
        }
    }

    #[test]
    fn rows_of_prices_take_their_separators_as_the_parser_does() {
        // The separator taken at once (`, "`) and its near misses, against the tree parser;
        // then the item limit, with the separator taken at once and not.
        for t in
            [r#"[, "1"]"#, r#"["1", , "2"]"#, r#"["1",  "2"]"#, r#"["1",	"2"]"#, r#"["1", "2", ]"#, r#"["1", "2" ]"#]
        {
            let ours = from_str::<Vec<Option<Decimal>>>(t);
            match parse(t) {
                Ok(_) => assert_eq!(ours.unwrap(), [Some(Decimal::ONE), Some(Decimal::TWO)], "{t}"),
                Err(e) => {
                    let o = ours.unwrap_err();
                    assert_eq!((o.path(), o.message()), (e.path(), e.message()), "{t}");
                }
            }
        }
        let limits = Limits { depth: 4, objects: 4, items: |_| 3, least_items: 2 };
        for sep in [", ", ","] {
            let row = |n: usize| format!("[{}]", vec!["\"1.5\""; n].join(sep));
            assert_eq!(read_str::<Vec<Option<Decimal>>>(&row(3), Some(limits)).unwrap().len(), 3, "{sep:?}");
            let e = read_str::<Vec<Option<Decimal>>>(&row(4), Some(limits)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::CardTooLarge, "{sep:?}");
        }
    }

    #[test]
    fn member_names_compare_as_strings_do() {
        // Every pair of names of 0 to 20 bytes that differ in one byte (each position: the
        // words and their overlaps), or are equal, or differ in length.
        let base: Vec<u8> = (b'a'..=b'z').collect();
        for n in 0..=20 {
            let a = &base[..n];
            assert!(same_name(a, a), "{n}");
            assert!(!same_name(a, &base[..n + 1]), "{n}");
            for i in 0..n {
                let mut b = a.to_vec();
                b[i] = b'_';
                assert!(!same_name(a, &b) && !same_name(&b, a), "{n} {i}");
            }
        }
    }

    #[test]
    fn quoted_decimals_read_in_one_word_are_what_rust_decimal_reads() {
        // The one-word reader of a row's prices (`short_price`: a body of at most 7 bytes
        // with 8 bytes of text after the opening quote) against rust_decimal: every body of
        // up to 6 characters over digits, a point, the bytes next to them (`/`, `:`, `-`)
        // and a multi-byte character, and of 7 and 8 over digits and points (8 is one byte
        // too many). Each first in a row (text after it: `short_price`), last (too little:
        // `Decimal`'s reader) and alone (its reader too).
        //
        // Every text of `len` characters over `alphabet`.
        let strings = |alphabet: &[&str], len: usize| {
            let mut texts = vec![String::new()];
            for _ in 0..len {
                texts = texts.iter().flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}"))).collect();
            }
            texts
        };
        let mut all: Vec<String> =
            (0..=6).flat_map(|len| strings(&["0", "7", "9", ".", "/", ":", "-", "é"], len)).collect();
        all.extend((7..=8).flat_map(|len| strings(&["0", "1", "9", "."], len)));
        all.extend(["9999999", "999999.", ".999999", "0000000", "1234567", "12.3456"].map(String::from));
        let want = |t: &str| Decimal::from_str(t).ok().map(|d| d.serialize());
        for t in &all {
            let alone = from_str::<Decimal>(&format!("\"{t}\"        ")).map(|d| d.serialize());
            assert_eq!(alone.ok(), want(t), "{t:?}");
            let row = from_str::<Vec<Option<Decimal>>>(&format!("[\"{t}\", \"{t}\"]"));
            match want(t) {
                Some(d) => assert_eq!(row.unwrap(), [Some(d); 2].map(|v| v.map(Decimal::deserialize)), "{t:?}"),
                None => assert_eq!(row.unwrap_err().path(), "[0]", "{t:?}"),
            }
        }
    }

    #[test]
    fn decimals_are_what_rust_decimal_reads() {
        // Every text of up to 5 characters over digits, a point, signs, `_`, exponents and a
        // few others.
        let alphabet = ["0", "1", "5", "9", ".", "-", "+", "_", "e", "E", " "];
        let mut texts = vec![String::new()];
        let mut all = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for t in &texts {
                for a in alphabet {
                    next.push(format!("{t}{a}"));
                }
            }
            all.extend(next.iter().cloned());
            texts = next;
        }
        // Long digit runs with the point everywhere: the 19-digit edge of the fast path, the
        // 28th decimal, the 96-bit mantissa and where rust_decimal goes over to 128 bits.
        let runs = [
            "1234567890123456789012345678901234".to_string(),
            "7922816251426433759354395033599999".to_string(),
            "7922816251426433759354395033549999".to_string(),
            "7922816251426433759354395033450000".to_string(),
            "1844674407370955136".to_string(),
            "1844674407370955135999".to_string(),
            "1844674407370955135".to_string(),
            "18446744073709551615".to_string(),
            "9".repeat(34),
            "5".repeat(34),
            "4".repeat(34),
            format!("{}5", "0".repeat(30)),
            format!("1{}5", "0".repeat(30)),
        ];
        let mut long = Vec::new();
        for r in &runs {
            for n in 15..=r.len() {
                let digits = &r[..n];
                long.push(digits.to_string());
                for dot in 0..=n {
                    long.push(format!("{}.{}", &digits[..dot], &digits[dot..]));
                }
            }
        }
        // Underscores and stray bytes around the rounding position, in every mode.
        let mut odd = Vec::new();
        for t in long.iter().filter(|t| t.contains('.') && t.len() >= 29) {
            let dot = t.find('.').unwrap();
            for at in [dot + 28, dot + 29, dot + 30, t.len() - 1, 19, 20] {
                if at < t.len() {
                    for ins in ["_", "__", "_5", "x", ".", "e"] {
                        odd.push(format!("{}{}{}", &t[..at], ins, &t[at..]));
                    }
                }
            }
            odd.push(format!("{t}_"));
            odd.push(format!("{t}__5"));
        }
        all.extend(long.iter().flat_map(|t| [t.clone(), format!("-{t}"), format!("+{t}")]));
        all.extend(odd);
        // Scientific notation: mantissas of every kind against exponents around the edges.
        let mantissas = [
            "1",
            "-1",
            "2.5",
            "-2.5",
            "0",
            "-0",
            "0.000",
            "-0.10",
            "1_0",
            "+3",
            ".5",
            "5.",
            "123456789012345678901234567",
            "0.000000000000000000000000001",
            "0.0000000000000000000000000015",
            "-0.0000000000000000000000000005",
            "7.9228162514264337593543950335",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "1844674407370955136",
            "12.345678901234567890123456789",
            "",
            "-",
            "x",
            "1.2.3",
        ];
        let exps = [
            "e0",
            "e1",
            "E-1",
            "e-28",
            "e-29",
            "e+3",
            "e28",
            "e29",
            "e-",
            "e",
            "e1.5",
            "E+",
            "e-0",
            "e-+5",
            "e+-5",
            "e--1",
            "e00000000000000000003",
            "e4294967295",
            "e4294967296",
            "e-4294967296",
            "e 1",
            "e1e2",
            "E27",
            "e-27",
            "e2",
            "e-2",
            "e18",
            "e19",
            "e20",
            "e-19",
            "e-20",
            "e_1",
            "e1_",
        ];
        for m in mantissas {
            for e in exps {
                all.push(format!("{m}{e}"));
            }
        }
        for t in &all {
            same_as_rust_decimal(t);
        }
        assert!(all.len() > 150_000, "{}", all.len());
        // The corners, spelled out.
        let d = |t: &str| decimal(t).map(|d| (d.to_string(), d.scale(), d.is_sign_negative()));
        assert_eq!(d("-0.1e-28"), Some(("-0.0000000000000000000000000000".into(), 28, true)));
        assert_eq!(d("-0"), Some(("0".into(), 0, false)));
        assert_eq!(d("1.20e1"), Some(("12.0".into(), 1, false)));
        assert_eq!(d("1.2e10"), Some(("12000000000".into(), 0, false)));
        assert_eq!(d("1_000.5_0"), Some(("1000.50".into(), 2, false)));
        assert_eq!(d("0.00000000000000000000000000015"), Some(("0.0000000000000000000000000002".into(), 28, false)));
        assert_eq!(d("7922816251426433759354395033.55"), Some(("7922816251426433759354395034".into(), 0, false)));
        assert_eq!(d("79228162514264337593543950335.5"), None);
        assert_eq!(d("79228162514264337593543950336"), None);
        for m in [0, 9, 10, 12345, u128::from(u64::MAX), U96 - 1, U96 / 7] {
            assert_eq!(div10(m), (m / 10, (m % 10) as u64), "{m}");
        }
        // An `_` after the 28th decimal: a 0 to round with in 64 bits, skipped in 128.
        assert_eq!(d("0.0000000000000000000000000001_7"), Some(("0.0000000000000000000000000001".into(), 28, false)));
        assert_eq!(d("0.1844674407370955136000000000_7"), Some(("0.1844674407370955136000000001".into(), 28, false)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, failure_persistence: None, ..Default::default() })]

        /// Random texts shaped like numbers (signs, digit runs biased to the edges, points,
        /// underscores, exponents), compared with rust_decimal bit for bit.
        #[test]
        fn random_decimals_are_what_rust_decimal_reads(
            t in "[-+]?[0-9_]{0,3}[0-9]{0,32}(\\.[0-9_]{0,34})?([eE][-+]{0,2}[0-9]{0,3})?[x_.]?"
        ) {
            same_as_rust_decimal(&t);
        }

        /// Mantissas near 2^96 and near the 64-to-128-bit edge, the point anywhere, with and
        /// without an exponent.
        #[test]
        fn decimals_near_the_edges_are_what_rust_decimal_reads(
            base in proptest::prop_oneof![
                (0u128..1 << 20).prop_map(|k| (1u128 << 96) - k),
                (0u128..1 << 20).prop_map(|k| (1u128 << 96) + k),
                (0u128..1 << 20).prop_map(|k| u128::from(u64::MAX / 10 - 255) + k - (1 << 19)),
                proptest::prelude::any::<u128>().prop_map(|m| m >> 24),
            ],
            extra in "[0-9_]{0,6}",
            dot in 0usize..40,
            neg in proptest::prelude::any::<bool>(),
            exp in proptest::option::of(-30i32..30),
        ) {
            let digits = format!("{base}{extra}");
            let dot = dot.min(digits.len());
            let mut t = format!("{}{}.{}", if neg { "-" } else { "" }, &digits[..dot], &digits[dot..]);
            if let Some(e) = exp {
                t.push_str(&format!("e{e}"));
            }
            same_as_rust_decimal(&t);
            same_as_rust_decimal(&t.replace('.', ""));
        }
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for t in [
            "0",
            "1",
            "-1",
            "1.50",
            "-0.05",
            "0.00",
            "166",
            "123456789.123456789",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "18446744073709551615",
            "18446744073709551616",
            "1.8446744073709551615",
            "0.18446744073709551615",
            "-0.00000000000000000001",
        ] {
            let d: Decimal = t.parse().unwrap();
            let mut s = String::new();
            write_decimal(&mut s, &d);
            assert_eq!(s, d.to_string(), "{t}");
            assert_eq!(d.to_json(), format!("\"{d}\""));
        }
        for (n, w, want) in
            [(0u64, 1, "0"), (7, 2, "07"), (2025, 4, "2025"), (5, 4, "0005"), (u64::MAX, 1, "18446744073709551615")]
        {
            let mut s = String::new();
            write_digits(&mut s, n, w);
            assert_eq!(s, want);
        }
    }

    /// `write_decimal` against `Display` for mantissas across all 96 bits (both sides of
    /// 2^64, powers of ten and their neighbours, pseudo-random ones), every scale and sign,
    /// negative zero included.
    #[test]
    fn decimals_are_written_as_display_writes_them_at_every_scale() {
        let mut mantissas: Vec<u128> = vec![0, 1, 9, 10, 99, 100, 12345, u64::MAX.into(), (1 << 96) - 1];
        for k in 0..29u32 {
            let p = 10u128.pow(k);
            mantissas.extend([p - 1, p, p + 1, u128::from(u64::MAX) - 1 + u128::from(k), (1 << 64) + p]);
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..400 {
            // xorshift64*, two draws per 96-bit mantissa, shifted to spread the widths.
            let mut next = || {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                x.wrapping_mul(0x2545_f491_4f6c_dd1d)
            };
            let m = (u128::from(next()) << 32 | u128::from(next())) & ((1 << 96) - 1);
            mantissas.push(m >> (next() % 96));
        }
        for m in mantissas.into_iter().filter(|m| *m < 1 << 96) {
            let (lo, mid, hi) = (m as u32, (m >> 32) as u32, (m >> 64) as u32);
            for scale in 0..=28 {
                for neg in [false, true] {
                    let d = Decimal::from_parts(lo, mid, hi, neg, scale);
                    let mut s = String::new();
                    write_decimal(&mut s, &d);
                    assert_eq!(s, format!("{d}"), "{m} scale {scale} negative {neg}");
                }
            }
        }
    }

    /// The check that decides every reading error (`validate`, no tree) gives the tree
    /// parser's answer, error for error, on texts broken at every byte (a byte deleted,
    /// or one of the bytes that matter to JSON put in its place), with and without a
    /// card's limits.
    #[test]
    fn validation_is_parsing_without_the_tree() {
        let limits = crate::card::scan::LIMITS_WHILE_PARSING;
        let base = include_str!("workbook/template-card.json");
        let key = |r: Result<()>| r.map_err(|e| (e.code(), e.path().to_string(), e.message().to_string()));
        let mut texts: Vec<String> = vec![base.into()];
        let b = base.as_bytes();
        for i in 0..b.len() {
            let mut del = b.to_vec();
            del.remove(i);
            texts.extend(String::from_utf8(del).ok());
            for c in [b'"', b'[', b']', b'{', b'}', b',', b':', b'\\', b'1', b'-', b'.', b'e', b'n', b' '] {
                let mut put = b.to_vec();
                put[i] = c;
                texts.extend(String::from_utf8(put).ok());
            }
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let many = format!("[{}]", vec!["{}"; 5000].join(","));
        texts.extend([deep, many, "[1,]".into(), " \"\\ud800\" ".into(), "{\"a\":1}x".into()]);
        let mut bad = 0;
        for t in &texts {
            let tree = key(parse(t).map(drop));
            bad += usize::from(tree.is_err());
            assert_eq!(key(validate(t, None)), tree, "{t}");
            assert_eq!(key(validate(t, Some(limits))), key(parse_within(t, limits).map(drop)), "{t}");
        }
        assert!(bad > texts.len() / 2, "{bad} of {}", texts.len());
    }

    /// The errors of a number that is not a `u32` (the texts as written, not as floats).
    #[test]
    fn u32_errors_keep_their_messages() {
        assert_eq!(from_str::<u32>("7").unwrap(), 7);
        assert_eq!(from_str::<u32>("4294967295").unwrap(), u32::MAX);
        for (text, message) in [
            ("2.5", "invalid type: floating point `2.5`, expected u32"),
            ("1e3", "invalid type: floating point `1e3`, expected u32"),
            ("-1.0", "invalid type: floating point `-1.0`, expected u32"),
            ("-1", "invalid value: integer `-1`, expected u32"),
            ("4294967296", "invalid value: integer `4294967296`, expected u32"),
            ("\"7\"", "invalid type: string \"7\", expected u32"),
        ] {
            let e = from_str::<u32>(text).unwrap_err();
            assert_eq!((e.path(), e.message()), ("", message), "{text}");
        }
    }

    /// Canonical texts are equal exactly when the tree's data equality says so.
    #[test]
    fn canonical_texts_are_data_equality() {
        let texts = [
            "1",
            "1.0",
            "\"1\"",
            "\"\\u0031\"",
            "\"a\\/b\"",
            "\"a/b\"",
            "null",
            "true",
            "false",
            "[]",
            "{}",
            "[1,2]",
            "[2,1]",
            r#"{"x":1,"y":[1,{"z":null}]}"#,
            r#"{"y":[1,{"z":null}],"x":1}"#,
            r#"{"y":[1,{"z":null}],"\u0078":1}"#,
            r#"{"x":1,"x":1}"#,
            r#"{"x":1}"#,
            r#"{"x":1,"x":2}"#,
            r#"{"x":2,"x":1}"#,
            r#"{"x":2}"#,
            r#"[{"x":1,"x":2}]"#,
            r#"{"a":{"x":1,"x":2}}"#,
            r#"{"a":{"x":2}}"#,
            r#"{"b":1,"a":2,"c":3}"#,
            r#"{"c":3,"b":1,"a":2}"#,
            r#"{"ab":1,"a":1}"#,
        ];
        let canonical = |t: &str| {
            let mut r = Reader::new(t, None);
            let mut out = String::new();
            r.canonical(&mut out).unwrap().then_some(out)
        };
        for a in texts {
            for b in texts {
                let (ca, cb) = (canonical(a), canonical(b));
                let same = ca.is_some() && ca == cb;
                assert_eq!(same, parse(a).unwrap().same(&parse(b).unwrap()), "{a} vs {b}");
            }
        }
        assert_eq!(canonical(r#"{"b":[1, "\u00e9"],"a":{}}"#).as_deref(), Some(r#"{"a":{},"b":[1,"é"]}"#));
    }

    #[test]
    fn data_equality_ignores_member_order() {
        let a = parse(r#"{"a": 1, "b": [{"x": 1, "y": 2}]}"#).unwrap();
        let b = parse(r#"{"b": [{"y": 2, "x": 1}], "a": 1}"#).unwrap();
        assert!(a.same(&b));
        let c = parse(r#"{"b": [{"y": 2, "x": 1}], "a": 2}"#).unwrap();
        assert!(!a.same(&c));
    }
}
