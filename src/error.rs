//! The one error type of the crate.
//!
//! Every error carries a stable machine [`ErrorCode`], the `path` of the bad field
//! (`services[0].table.rows[3].step`, `weight.unit`, …; empty when the whole input is
//! at fault) and a sentence for people. Codes never change meaning once published; the
//! catalogue with an example input for each lives in `docs/errors.md`.

use std::fmt;

/// Stable, machine-readable error codes. `as_str` gives the wire form (snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The text is not JSON, or its shape does not match the format (wrong type, missing
    /// or unknown field).
    InvalidJson,
    /// The card declares a `format` this version of zonerate does not read.
    UnsupportedFormat,
    /// A field has a value outside what the format allows (negative price, empty code…).
    InvalidValue,
    /// A continuation or tier step is zero or negative.
    InvalidStep,
    /// Weight brackets overlap, or are not in increasing order.
    OverlappingBrackets,
    /// A row's price list does not have one entry per zone column.
    ZoneCountMismatch,
    /// A service names a zone table that neither its card nor the engine has.
    UnknownZoneTable,
    /// A service names a surcharge the card does not define.
    UnknownSurcharge,
    /// A condition names a ZIP set the card does not define.
    UnknownZipSet,
    /// Two services (or two surcharges, zone tables) share one code inside a card.
    DuplicateCode,
    /// A card with the same id and version is already loaded.
    DuplicateCard,
    /// The card is larger than the limits allow: its text (bytes), the nesting of its
    /// arrays and objects (32 levels), or a count (rows, surcharges, zone labels, ZIP
    /// entries…, with the path of the array). Other JSON (shipments, batches, markups)
    /// nested beyond serde_json's limit of 128 levels gives [`ErrorCode::InvalidJson`].
    CardTooLarge,
    /// The card's content hash is not the one required.
    HashMismatch,
    /// A ZIP code is not `12345`, `12345-6789` or `123456789`.
    InvalidZip,
    /// A weight is missing, not a number, zero, negative or absurdly large.
    InvalidWeight,
    /// Dimensions are not three positive numbers with a unit.
    InvalidDimensions,
    /// A unit is not one of oz, lb, g, kg (weight) or in, cm (length).
    UnknownUnit,
    /// A date is not a real calendar date in `YYYY-MM-DD` form.
    InvalidDate,
    /// The shipment's `services` filter names a service no loaded card has.
    UnknownService,
    /// A shipment or request field is malformed (other than the cases above).
    InvalidShipment,
    /// A markup rule is malformed.
    InvalidMarkup,
    /// A rate-card workbook (xlsx, or CSV files named like its sheets) cannot be read or
    /// does not follow the template: missing or unknown sheet, text in a number cell,
    /// merged cells, … The path names the sheet and cell (`单价表 Unit!C7`).
    InvalidWorkbook,
    /// A card cannot be written to the Excel template without losing data; the path
    /// names the field of the card.
    NotExpressible,
    /// A USPS zone chart file (CSV or gzipped CSV) cannot be read; the path names the
    /// file and line.
    InvalidZoneChart,
    /// An invoice file to reconcile cannot be read (missing column, …).
    InvalidInvoice,
}

impl ErrorCode {
    /// The stable wire form of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidStep => "invalid_step",
            ErrorCode::OverlappingBrackets => "overlapping_brackets",
            ErrorCode::ZoneCountMismatch => "zone_count_mismatch",
            ErrorCode::UnknownZoneTable => "unknown_zone_table",
            ErrorCode::UnknownSurcharge => "unknown_surcharge",
            ErrorCode::UnknownZipSet => "unknown_zip_set",
            ErrorCode::DuplicateCode => "duplicate_code",
            ErrorCode::DuplicateCard => "duplicate_card",
            ErrorCode::CardTooLarge => "card_too_large",
            ErrorCode::HashMismatch => "hash_mismatch",
            ErrorCode::InvalidZip => "invalid_zip",
            ErrorCode::InvalidWeight => "invalid_weight",
            ErrorCode::InvalidDimensions => "invalid_dimensions",
            ErrorCode::UnknownUnit => "unknown_unit",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::UnknownService => "unknown_service",
            ErrorCode::InvalidShipment => "invalid_shipment",
            ErrorCode::InvalidMarkup => "invalid_markup",
            ErrorCode::InvalidWorkbook => "invalid_workbook",
            ErrorCode::NotExpressible => "not_expressible",
            ErrorCode::InvalidZoneChart => "invalid_zone_chart",
            ErrorCode::InvalidInvoice => "invalid_invoice",
        }
    }

    /// Every code, in catalogue order (`docs/errors.md`).
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::UnsupportedFormat,
        ErrorCode::InvalidValue,
        ErrorCode::InvalidStep,
        ErrorCode::OverlappingBrackets,
        ErrorCode::ZoneCountMismatch,
        ErrorCode::UnknownZoneTable,
        ErrorCode::UnknownSurcharge,
        ErrorCode::UnknownZipSet,
        ErrorCode::DuplicateCode,
        ErrorCode::DuplicateCard,
        ErrorCode::CardTooLarge,
        ErrorCode::HashMismatch,
        ErrorCode::InvalidZip,
        ErrorCode::InvalidWeight,
        ErrorCode::InvalidDimensions,
        ErrorCode::UnknownUnit,
        ErrorCode::InvalidDate,
        ErrorCode::UnknownService,
        ErrorCode::InvalidShipment,
        ErrorCode::InvalidMarkup,
        ErrorCode::InvalidWorkbook,
        ErrorCode::NotExpressible,
        ErrorCode::InvalidZoneChart,
        ErrorCode::InvalidInvoice,
    ];
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with its code, the path of the offending field, and a human sentence.
///
/// Boxed: a `Result` carrying it is one pointer wide, so every `?` on the way up moves
/// a pointer rather than three fields (a measurable share of the WebAssembly module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    code: ErrorCode,
    path: String,
    message: String,
}

/// A text an error is made of: a `&str`, copied by one shared function, or a `String`,
/// kept. (Through `Into<String>`, each combination of the two that [`Error::new`] was called
/// with inlined a copy of the copying: −0.2 KB.)
pub trait Text {
    /// The text, owned.
    fn into_text(self) -> String;
}

impl Text for &str {
    fn into_text(self) -> String {
        owned(self)
    }
}

impl Text for String {
    fn into_text(self) -> String {
        self
    }
}

impl Text for &String {
    fn into_text(self) -> String {
        owned(self)
    }
}

impl Text for std::borrow::Cow<'_, str> {
    fn into_text(self) -> String {
        self.into_owned()
    }
}

impl Text for Box<str> {
    fn into_text(self) -> String {
        self.into_string()
    }
}

/// `s` as a `String`, grown by the shared append.
#[inline(never)]
fn owned(s: &str) -> String {
    let mut o = String::new();
    crate::json::append(&mut o, s);
    o
}

impl Error {
    /// A new error. `path` may be empty when no single field is at fault.
    pub fn new(code: ErrorCode, path: impl Text, message: impl Text) -> Self {
        Error::from_parts(code, path.into_text(), message.into_text())
    }

    /// [`new`](Self::new) once the texts are owned: one copy of the boxing for every
    /// combination of argument types (`&str`, `String`) `new` is called with.
    #[inline(never)]
    fn from_parts(code: ErrorCode, path: String, message: String) -> Self {
        Error(Box::new(Inner { code, path, message }))
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The path of the bad field, such as `services[0].table.rows[3].step`.
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// The sentence for people, without the path.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Puts `prefix` in front of the path (`prefix.path`, or `prefix[..]` for indices).
    pub fn within(self, prefix: &str) -> Self {
        self.under(prefix, None)
    }

    /// Puts item `i` of the list `prefix` in front of the path (`prefix[i].path`), the
    /// index written straight into the path (no prefix text of its own to build and free).
    pub(crate) fn within_item(self, prefix: &str, i: usize) -> Self {
        self.under(prefix, Some(i))
    }

    /// [`Error::within`] and [`Error::within_item`]: `prefix`, then `[i]` if given.
    #[cold]
    #[inline(never)]
    fn under(mut self, prefix: &str, index: Option<usize>) -> Self {
        if prefix.is_empty() && index.is_none() {
            return self;
        }
        let e = &mut self.0;
        // Grown by its appends (errors only: no allocation code of its own).
        let mut path = String::new();
        crate::json::append(&mut path, prefix);
        if let Some(i) = index {
            crate::json::append(&mut path, "[");
            crate::json::write_digits(&mut path, i as u64, 1);
            crate::json::append(&mut path, "]");
        }
        if !e.path.is_empty() && !e.path.starts_with('[') {
            crate::json::append(&mut path, ".");
        }
        path.push_str(&e.path);
        e.path = path;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            f.write_str(&self.0.message)
        } else {
            write!(f, "{}: {}", self.0.path, self.0.message)
        }
    }
}

impl std::error::Error for Error {}

// Messages are built out of line, by `joined` (through `msg!`) or `quoted`, rather than
// by a `format!` (its arguments and all) at each site: errors and unavailable reasons are
// rare answers, and each `format!` costs code in the WebAssembly module at every call
// site. Nor do they use `core::fmt` at all: its machinery (`fmt::write`, `Formatter::pad`,
// the integer and decimal `Display`s, `<str as Debug>`: ≈ 6 KB) would be in the module
// for them alone, and V8 would compile it on the first message, the first quote with an
// unavailable service included. Each piece writes itself, as `Display` would.

/// A piece of a message: appends itself to `out` exactly as its `Display` (or, for
/// [`Quoted`], `Debug`) writes it, without the formatting machinery.
pub(crate) trait Part {
    /// Appends the text.
    fn put(&self, out: &mut String);
}

impl Part for str {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Part for String {
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Part + ?Sized> Part for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

impl Part for u64 {
    fn put(&self, out: &mut String) {
        crate::json::write_digits(out, *self, 1);
    }
}

impl Part for usize {
    fn put(&self, out: &mut String) {
        crate::json::write_digits(out, *self as u64, 1);
    }
}

impl Part for u32 {
    fn put(&self, out: &mut String) {
        crate::json::write_digits(out, u64::from(*self), 1);
    }
}

impl Part for i64 {
    fn put(&self, out: &mut String) {
        if *self < 0 {
            crate::json::append(out, "-");
        }
        crate::json::write_digits(out, self.unsigned_abs(), 1);
    }
}

impl Part for rust_decimal::Decimal {
    fn put(&self, out: &mut String) {
        crate::json::write_decimal(out, self);
    }
}

/// A string quoted for a message: in double quotes, with `"`, `\`, control characters and
/// the characters that show as nothing escaped (see [`escaped`]).
pub(crate) struct Quoted<'a>(pub &'a str);

impl Part for Quoted<'_> {
    fn put(&self, out: &mut String) {
        crate::json::append(out, "\"");
        for c in self.0.chars() {
            escaped(out, c, '\'');
        }
        crate::json::append(out, "\"");
    }
}

/// A character quoted for a message: in single quotes, escaped as in [`Quoted`] but for a
/// double quote (left alone) and a single one (escaped).
pub(crate) struct QuotedChar(pub char);

impl Part for QuotedChar {
    fn put(&self, out: &mut String) {
        crate::json::append(out, "'");
        escaped(out, self.0, '"');
        crate::json::append(out, "'");
    }
}

/// `c` as it is written between quotes in a message: `\0 \t \r \n \\ \" \'` (but for
/// `unescaped`, the quote that does not delimit the text), `\u{…}` for what [`unseen`]
/// names, the character itself otherwise. That is what `{:?}` writes for every character
/// but those it also escapes by Unicode's tables (combining marks, unassigned code
/// points), which come out as themselves: the tables (2.5 KB of the wasm module) only for
/// the messages' sake were not worth their bytes, and every character that shows as
/// nothing (or moves the text around it) is still escaped.
fn escaped(out: &mut String, c: char, unescaped: char) {
    // Each character through the shared `append`: a `push(c)` inlines its UTF-8 encoding
    // and the growth of `out` at each of the two sites.
    let mut buf = [0u8; 4];
    // The characters with a one-letter escape, and their letters (looked up, where a
    // `match` compiled a string per arm).
    let short = b"\0\t\r\n\\\"'".iter().position(|&e| u32::from(e) == c as u32).and_then(|i| b"0trn\\\"'".get(i));
    if c == unescaped || short.is_none() && !unseen(c) {
        crate::json::append(out, c.encode_utf8(&mut buf));
    } else if let Some(&letter) = short {
        crate::json::append(out, std::str::from_utf8(&[b'\\', letter]).unwrap_or_default());
    } else {
        // `c.escape_unicode()`: `\u{…}`, the code point in lowercase hex without leading
        // zeros (its iterator's state machine is bigger than these few lines).
        let v = c as u32;
        let n = (35 - (v | 1).leading_zeros()) / 4;
        let mut hex = [0u8; 6];
        for (k, d) in (0..n).rev().zip(hex.iter_mut()) {
            *d = b"0123456789abcdef".get((v >> (4 * k) & 15) as usize).copied().unwrap_or_default();
        }
        crate::json::append(out, "\\u{");
        crate::json::append(out, std::str::from_utf8(hex.get(..n as usize).unwrap_or_default()).unwrap_or_default());
        crate::json::append(out, "}");
    }
}

/// Characters a message escapes as `\u{…}`: control characters, the spaces other than
/// U+0020, the invisible format characters (soft hyphen, zero-width spaces and joiners,
/// direction marks and overrides, the word joiner and invisible operators, variation
/// selectors, the byte order mark, interlinear annotation marks, tags), line and paragraph
/// separators, private use and the noncharacters U+FFFE and U+FFFF; not the format
/// characters that print as a sign (U+0600–0605, U+06DD and the like). `{:?}` escapes all
/// of them too, the same way.
fn unseen(c: char) -> bool {
    let v = c as u32;
    UNSEEN.iter().any(|&(first, last)| first <= v && v <= last)
}

/// The ranges of [`unseen`], first and last code point: a table and a loop, where the
/// `match` on them compiled a comparison per bound (messages only: no speed to keep).
const UNSEEN: [(u32, u32); 22] = [
    (0, 0x1F),
    (0x7F, 0xA0),
    (0xAD, 0xAD),
    (0x34F, 0x34F),
    (0x61C, 0x61C),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x3000, 0x3000),
    (0xE000, 0xF8FF),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
    (0xF0000, 0x10FFFF),
];

/// `before`, then `value` quoted (see [`Quoted`]), then `after`: the messages that quote a
/// name or a code.
#[cold]
#[inline(never)]
pub(crate) fn quoted(before: &str, value: &str, after: &str) -> String {
    joined(&[before, after], &[&Quoted(value)])
}

/// `pieces` and `parts` interleaved (the first piece, the first part, the second piece…),
/// as `format!` writes its text and arguments; `msg!` calls it.
#[cold]
#[inline(never)]
pub(crate) fn joined(pieces: &[&str], parts: &[&dyn Part]) -> String {
    let mut s = String::new();
    let mut parts = parts.iter();
    for p in pieces {
        s.push_str(p);
        if let Some(part) = parts.next() {
            part.put(&mut s);
        }
    }
    s
}

/// A message out of literal text and [`Part`]s, as `format!` would write them in a row:
/// `msg!("has ", n, " entries")` ([`Quoted`] for `{:?}`). Like `format!`, it passes the
/// literals as one static list of pieces (adjacent ones joined, `""` between adjacent
/// parts) and the parts as a list of their own: a literal costs no code at the call site.
macro_rules! msg {
    (@ [$($piece:expr,)*] [$($part:expr,)*] [$($text:literal)*]) => {
        $crate::error::joined(&[$($piece,)* concat!("" $(, $text)*)], &[$(&$part),*])
    };
    (@ [$($piece:expr,)*] [$($part:expr,)*] [$($text:literal)*] $next:literal $(, $($rest:tt)*)?) => {
        $crate::error::msg!(@ [$($piece,)*] [$($part,)*] [$($text)* $next] $($($rest)*)?)
    };
    (@ [$($piece:expr,)*] [$($part:expr,)*] [$($text:literal)*] $next:expr $(, $($rest:tt)*)?) => {
        $crate::error::msg!(@ [$($piece,)* concat!("" $(, $text)*),] [$($part,)* $next,] [] $($($rest)*)?)
    };
    ($($all:tt)*) => {
        $crate::error::msg!(@ [] [] [] $($all)*)
    };
}
pub(crate) use msg;

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The serde path the JSON boundary used before `json.rs`, kept for the tests that check
/// the two agree while the CLI's serde derives remain.
/// Parses JSON text into `T`, reporting the path of the field that failed.
#[cfg(test)]
pub(crate) fn from_json_str<'de, T: serde::Deserialize<'de>>(text: &'de str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| json_error(text, &e))
}

/// A serde_json error as a coded error with the path of the field it happened in.
#[cfg(test)]
fn json_error(text: &str, e: &serde_json::Error) -> Error {
    let mut msg = e.to_string();
    if let Some(pos) = msg.find(" at line ") {
        msg.truncate(pos);
    }
    let at = crate::jsonpath::offset_of(text, e.line(), e.column());
    let path = crate::jsonpath::path_at(text, at, msg.starts_with("missing field"));
    if !matches!(e.classify(), serde_json::error::Category::Data) {
        // A syntax error or an early end: the path says where, serde's line and column too.
        return Error::new(ErrorCode::InvalidJson, path, e.to_string());
    }
    // Our own field parsers report "code|message" so the code survives serde.
    if let Some((code, rest)) = split_coded(&msg) {
        return Error::new(code, path, rest);
    }
    if path.is_empty() {
        return Error::new(ErrorCode::InvalidJson, "", e.to_string());
    }
    Error::new(ErrorCode::InvalidJson, path, msg)
}

#[cfg(test)]
fn split_coded(msg: &str) -> Option<(ErrorCode, String)> {
    let (code, rest) = msg.split_once('|')?;
    let code = match code {
        "invalid_value" => ErrorCode::InvalidValue,
        "invalid_step" => ErrorCode::InvalidStep,
        "invalid_zip" => ErrorCode::InvalidZip,
        "invalid_weight" => ErrorCode::InvalidWeight,
        "invalid_dimensions" => ErrorCode::InvalidDimensions,
        "unknown_unit" => ErrorCode::UnknownUnit,
        "invalid_date" => ErrorCode::InvalidDate,
        "unsupported_format" => ErrorCode::UnsupportedFormat,
        _ => return None,
    };
    Some((code, rest.to_string()))
}

/// Field-level parsers run inside serde can only return a string; they encode the code
/// as `"<code>|<message>"`, and `path_error` splits it back out.
pub(crate) fn coded(code: ErrorCode, message: impl fmt::Display) -> String {
    format!("{}|{}", code.as_str(), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_prefixes_go_in_front_of_the_path() {
        let at = |path: &str| Error::new(ErrorCode::InvalidShipment, path, "m");
        assert_eq!(at("weight").within_item("", 3).path(), "[3].weight");
        assert_eq!(at("[0]").within_item("parcels", 12).path(), "parcels[12][0]");
        assert_eq!(at("").within_item("", 0).path(), "[0]");
        assert_eq!(at("").within_item("parcels", 10).path(), "parcels[10]");
        assert_eq!(at("lines").within("quote").path(), "quote.lines");
        assert_eq!(at("[2]").within("quote").path(), "quote[2]");
        assert_eq!(at("x").within("").path(), "x");
        assert_eq!(at("x").within_item("", 7).message(), "m");
    }

    fn put(p: &dyn Part) -> String {
        let mut s = String::new();
        p.put(&mut s);
        s
    }

    #[test]
    fn message_builders_write_what_format_writes() {
        for s in ["", "a", "a\"b", "tab\there", "nl\n", "\\", "é", "\u{7f}", "\u{0}", "'", "\u{200b}"] {
            assert_eq!(quoted("x ", s, " y"), format!("x {s:?} y"));
        }
        let (n, d) = (3usize, rust_decimal::Decimal::new(-1250, 2));
        assert_eq!(joined(&["parcel ", " of ", ": ", ""], &[&n, &4u32, &d]), format!("parcel {n} of 4: {d}"));
        assert_eq!(msg!("parcel ", n, " of ", 4u32, ": ", d), format!("parcel {n} of 4: {d}"));
        assert_eq!(joined(&[], &[]), "");
        assert_eq!(msg!(), "");
        assert_eq!(msg!("a", "b", n, "c",), "ab3c");
        let (s, c) = (String::from("s"), "c");
        assert_eq!(msg!(s, c, Quoted("q"), QuotedChar('q'), -7i64, u64::MAX), format!("sc\"q\"'q'-7{}", u64::MAX));
    }

    /// The crate's own types write themselves as their `Display` does.
    #[test]
    fn parts_of_crate_types_are_their_display() {
        use crate::{date::Date, quote::Money, units::LengthUnit, units::WeightUnit, zip::Zip5};
        for days in [-800_000i64, -719_528, -1, 0, 1, 20_000, 2_932_896, 3_000_000] {
            let d = Date::from_days(days);
            assert_eq!(put(&d), d.to_string(), "{days}");
        }
        for z in ["00000", "00501", "02134", "90210", "99999"] {
            let z = Zip5::parse(z).unwrap();
            assert_eq!(put(&z), z.to_string());
        }
        for m in ["0", "-0.00", "1.005", "-7.1", "79228162514264337593543950.33"] {
            let m = Money(m.parse().unwrap());
            assert_eq!(put(&m), m.to_string());
        }
        for u in [WeightUnit::Oz, WeightUnit::Lb, WeightUnit::G, WeightUnit::Kg] {
            assert_eq!(put(&u), u.to_string());
        }
        for u in [LengthUnit::In, LengthUnit::Cm] {
            assert_eq!(put(&u), u.to_string());
        }
    }

    /// `Quoted` against `<str as Debug>` for every character alone, first, in the middle
    /// and last, and for strings that mix them: the same text, or (for the characters
    /// `{:?}` escapes by Unicode's tables alone) the character itself in its place.
    #[test]
    fn quoted_is_str_debug_or_the_character() {
        let mut raw = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("{c}a"), format!("a{c}b"), format!("ab{c}")] {
                let (got, debug) = (put(&Quoted(&s)), format!("{s:?}"));
                if got != debug {
                    assert_eq!(got, format!("\"{s}\""), "U+{:04X}", c as u32);
                    raw += 1;
                }
            }
        }
        // Combining marks and unassigned code points; a count of about 950,000 characters
        // (× 4 places), not a few: `{:?}` escapes most of the code space.
        assert!((3_000_000..4_000_000).contains(&raw), "{raw}");
        for s in [
            "",
            "plain ASCII text, 0-9 ~!@#$%^&*()_+`-={}|[]:;<>?,./",
            "\"quoted\" and 'single' and \\back\\slash",
            "\u{0}\u{1}\t\n\r\u{1b}[0m\u{7f}\u{80}\u{9f}\u{a0}\u{ad}",
            "👍🏽 👨‍👩‍👧 🇺🇸 \u{fffd}\u{fffe}\u{ffff}\u{feff}",
            "\u{2028}\u{2029}\u{200b}\u{202e}\u{e000}\u{f8ff}\u{10ffff}",
            "Zürich 東京 Ελλάδα عربى 中文 全角\u{3000}空格",
        ] {
            assert_eq!(put(&Quoted(s)), format!("{s:?}"));
        }
        // Written out: a combining accent and an unassigned code point stay as they are.
        assert_eq!(put(&Quoted("e\u{301} \u{378}")), "\"e\u{301} \u{378}\"");
        assert_eq!(format!("{:?}", "e\u{301} \u{378}"), "\"e\\u{301} \\u{378}\"");
    }

    /// Every character that shows as nothing is escaped, as `{:?}` escapes it. The list is
    /// Unicode's (15.1) general categories Cc, Zs (but U+0020), Zl, Zp, Cf (but the
    /// prepended concatenation marks, which print as signs) and Co, the noncharacters
    /// U+FFFE and U+FFFF, and the invisible combining marks: U+034F, U+17B4–17B5,
    /// U+180B–180D and U+180F, the variation selectors.
    #[test]
    fn what_shows_as_nothing_is_escaped() {
        let ranges: &[(u32, u32)] = &[
            (0x0, 0x1F),
            (0x7F, 0x9F),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000),
            (0x2028, 0x2029),
            (0xAD, 0xAD),
            (0x61C, 0x61C),
            (0x180E, 0x180E),
            (0x200B, 0x200F),
            (0x202A, 0x202E),
            (0x2060, 0x2064),
            (0x2066, 0x206F),
            (0xFEFF, 0xFEFF),
            (0xFFF9, 0xFFFB),
            (0x13430, 0x1343F),
            (0x1BCA0, 0x1BCA3),
            (0x1D173, 0x1D17A),
            (0xE0001, 0xE0001),
            (0xE0020, 0xE007F),
            (0xE000, 0xF8FF),
            (0xF0000, 0xFFFFD),
            (0x100000, 0x10FFFD),
            (0xFFFE, 0xFFFF),
            (0x34F, 0x34F),
            (0x17B4, 0x17B5),
            (0x180B, 0x180D),
            (0x180F, 0x180F),
            (0xFE00, 0xFE0F),
            (0xE0100, 0xE01EF),
        ];
        for &(a, b) in ranges {
            for c in (a..=b).filter_map(char::from_u32) {
                let s = format!("a{c}");
                assert_eq!(put(&Quoted(&s)), format!("{s:?}"), "U+{:04X}", c as u32);
                assert_ne!(put(&Quoted(&s)), format!("\"{s}\""), "U+{:04X}", c as u32);
            }
        }
    }

    /// `QuotedChar` against `<char as Debug>` for every character, as [`Quoted`] is
    /// against `str`'s.
    #[test]
    fn quoted_char_is_char_debug_or_the_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let (got, debug) = (put(&QuotedChar(c)), format!("{c:?}"));
            if got != debug {
                assert_eq!(got, format!("'{c}'"), "U+{:04X}", c as u32);
                assert_eq!(got, put(&Quoted(&c.to_string())).replace('"', "'"), "U+{:04X}", c as u32);
            }
        }
    }
}
