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

impl Error {
    /// A new error. `path` may be empty when no single field is at fault.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error(Box::new(Inner { code, path: path.into(), message: message.into() }))
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
    pub fn within(mut self, prefix: &str) -> Self {
        if prefix.is_empty() {
            return self;
        }
        let e = &mut self.0;
        e.path = if e.path.is_empty() {
            prefix.to_string()
        } else if e.path.starts_with('[') {
            format!("{prefix}{}", e.path)
        } else {
            format!("{prefix}.{}", e.path)
        };
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

// Messages are built out of line, by one of these two, rather than by a `format!` (its
// arguments and all) at each site: errors and unavailable reasons are rare answers, and
// each `format!` costs code in the WebAssembly module at every call site.

/// `before`, then `value` as `{:?}` writes it, then `after`: the messages that quote a
/// name or a code.
#[cold]
#[inline(never)]
pub(crate) fn quoted(before: &str, value: &str, after: &str) -> String {
    use std::fmt::Write;
    let mut m = String::with_capacity(before.len() + value.len() + after.len() + 2);
    m.push_str(before);
    let _ = write!(m, "{value:?}");
    m.push_str(after);
    m
}

/// The parts joined, as `format!` with them in a row would write them.
#[cold]
#[inline(never)]
pub(crate) fn joined(parts: &[&dyn fmt::Display]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for p in parts {
        let _ = write!(s, "{p}");
    }
    s
}

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
    fn message_builders_write_what_format_writes() {
        for s in ["", "a", "a\"b", "tab\there", "nl\n", "\\", "é", "\u{301}x", "\u{7f}", "\u{0}", "'", "\u{200b}"] {
            assert_eq!(quoted("x ", s, " y"), format!("x {s:?} y"));
        }
        let (n, d) = (3usize, rust_decimal::Decimal::new(-1250, 2));
        assert_eq!(joined(&[&"parcel ", &n, &" of ", &4, &": ", &d]), format!("parcel {n} of 4: {d}"));
        assert_eq!(joined(&[]), "");
    }
}
