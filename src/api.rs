//! Text in, text out: the JSON API shared by the WebAssembly binding and the CLI, so
//! both give byte-for-byte the same answers for the same cards and shipments.

use crate::date::Date;
use crate::engine::RateEngine;
use crate::error::{Error, Result};
use crate::json::{append, ObjectWriter, ToJson};
use crate::quote::QuoteResult;
use crate::tape::Tape;

/// Most shipments in one `quote_many` call.
pub const MAX_BATCH: usize = 100_000;

/// The messages of a batch over [`MAX_BATCH`], written out (a test compares them with it).
const TOO_MANY_SHIPMENTS: &str = "at most 100000 shipments per call";
const TOO_MANY_LINES: &str = "at most 100000 lines per call";

/// Quotes one shipment given as JSON; `today` is the ship date when none is given.
pub fn quote_json(engine: &RateEngine, shipment: &str, today: Date) -> Result<String> {
    let r = quote_text(engine, shipment, today)?;
    // About 500 bytes per quote: one allocation instead of a dozen doublings.
    let mut out = String::with_capacity(256 + 512 * (r.quotes.len() + r.unavailable.len()));
    r.write_json(&mut out);
    Ok(out)
}

/// [`quote_json`]'s answer as a tape (`tape.rs`) for the JS facade (escaped when a
/// string holds a separator).
pub fn quote_tape(engine: &RateEngine, shipment: &str, today: Date) -> Result<String> {
    let r = quote_text(engine, shipment, today)?;
    Tape::write(64 + 192 * (r.quotes.len() + r.unavailable.len()), &mut |t| {
        t.result(&r);
        Ok(())
    })
}

/// Reads a shipment (JSON) and quotes it: one copy for a single quote and each of a
/// batch's.
#[inline(never)]
fn quote_text<'e>(engine: &'e RateEngine, shipment: &str, today: Date) -> Result<QuoteResult<'e>> {
    engine.quote(&crate::shipment::shipment_from_json(shipment, today)?)
}

/// An error as JSON: `{"code", "path", "message"}`.
impl ToJson for Error {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code().as_str())
            .field("path", self.path())
            .field("message", self.message())
            .end();
    }
}

/// What [`quote_each`] hands each shipment's answer or error to. (A trait object rather
/// than a closure: a closure's vtable also holds a `call_once` shim.)
trait Each<'e> {
    /// Takes one shipment's answer or error.
    fn each(&mut self, quoted: Result<QuoteResult<'e>>);
}

/// Quotes each shipment of a JSON array, handing `out` its answer or its error (the
/// error's path prefixed with the shipment's index); returns how many there were.
fn quote_each<'e>(engine: &'e RateEngine, shipments: &str, today: Date, out: &mut dyn Each<'e>) -> Result<usize> {
    let list = crate::json::parse_batch(shipments)?;
    if list.len() > MAX_BATCH {
        return Err(Error::new(crate::ErrorCode::InvalidShipment, "", TOO_MANY_SHIPMENTS));
    }
    let n = list.len();
    for (i, elem) in list.into_iter().enumerate() {
        out.each(match elem {
            // (Read as a single quote's shipment: on an error its reader checks the whole
            // text, which is JSON here, so the reader's error is kept.)
            Ok(text) => quote_text(engine, text, today).map_err(|e| e.within_item("", i)),
            // Nested too deep to be read: the parser gave the path in the batch.
            Err(e) => Err(e),
        });
    }
    Ok(n)
}

/// A batch's answers as a JSON array (see [`quote_many_json`]).
struct JsonEach(String);

impl<'e> Each<'e> for JsonEach {
    fn each(&mut self, quoted: Result<QuoteResult<'e>>) {
        let out = &mut self.0;
        if out.len() > 1 {
            append(out, ",");
        }
        match quoted {
            Ok(r) => r.write_json(out),
            Err(e) => ObjectWriter::new(out).field("error", &e).end(),
        }
    }
}

/// Quotes a JSON array of shipments. A bad shipment gives `{"error": {code, path,
/// message}}` in its place (the path prefixed with its index); the others are quoted.
pub fn quote_many_json(engine: &RateEngine, shipments: &str, today: Date) -> Result<String> {
    // (Text through `append`: each `push` inlines its own growth.)
    let mut out = JsonEach(String::new());
    append(&mut out.0, "[");
    quote_each(engine, shipments, today, &mut out)?;
    append(&mut out.0, "]");
    Ok(out.0)
}

/// A batch's answers on a tape (see [`quote_many_tape`]).
impl<'e> Each<'e> for Tape {
    fn each(&mut self, quoted: Result<QuoteResult<'e>>) {
        match quoted {
            Ok(r) => {
                self.str("q");
                self.result(&r);
            }
            Err(e) => {
                self.str("e");
                self.str(e.code().as_str());
                self.str(e.path());
                self.str(e.message());
            }
        }
    }
}

/// [`quote_many_json`]'s answer as a tape (per shipment, `q` and its result or `e code
/// path message`, to the end; escaped when a string holds a separator).
pub fn quote_many_tape(engine: &RateEngine, shipments: &str, today: Date) -> Result<String> {
    Tape::write(64 + shipments.len() * 8, &mut |t| quote_each(engine, shipments, today, t).map(drop))
}

/// Verifies a claimed quote (JSON) for a shipment (JSON) with this engine's cards;
/// returns the verification as JSON (`{valid, code, message, expectedTotal, …}`).
pub fn verify_quote_json(engine: &RateEngine, shipment: &str, quote: &str, today: Date) -> Result<String> {
    let mut s = crate::shipment::read_shipment(shipment, today, true)?;
    // One chain to one answer (no early returns): the shipment and the claimed quote's
    // members are each dropped in one place.
    crate::json::validate(quote, None)
        .map_err(|e| e.within("quote"))
        .and_then(|()| crate::json::members(quote))
        .and_then(|claimed| crate::verify::verify(engine, &mut s, &claimed.unwrap_or_default()))
        .map(|v| v.to_json())
}

/// The batch path without per-shipment objects: `input` has one shipment per line,
/// `from,to,weight[,dims[,residential[,shipDate]]]` (`85027,10001,2.5lb,12x10x6in,1,2025-11-03`;
/// empty fields allowed; `#` starts a comment line). The answer is one text table: a
/// header line `line,cheapest,<service>,<service>,…` with every loaded service, then one
/// line per shipment with the index of the cheapest service (or empty) and each
/// service's total (empty when unavailable). A bad line gives `line,!code,path: message`.
pub fn quote_table(engine: &RateEngine, input: &str, today: Date) -> Result<String> {
    // Grown by its appends, without `with_capacity`'s allocation code.
    let mut out = String::new();
    out.push_str("line,cheapest");
    for s in engine.codes() {
        append(&mut out, ",");
        out.push_str(s);
    }
    append(&mut out, "\n");
    // Split at `\n`, not `lines()`: the same lines once trimmed (a `\r` is whitespace, and
    // the empty piece after a final newline is skipped as blank), with less code.
    for (i, line) in crate::split_ascii(input, b'\n').enumerate() {
        let line_no = i + 1;
        let t = crate::trim(line);
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if line_no > MAX_BATCH {
            return Err(Error::new(crate::ErrorCode::InvalidShipment, "", TOO_MANY_LINES));
        }
        let result = table_shipment(t, today).and_then(|s| engine.quote(&s));
        crate::json::write_digits(&mut out, line_no as u64, 1);
        append(&mut out, ",");
        match result {
            Err(e) => table_error(&mut out, &e),
            Ok(r) => {
                // The index of the cheapest, the first of the lowest totals, then each
                // service's cell (`,total` or `,`).
                let mut cheapest: Option<(usize, &crate::quote::Money)> = None;
                for (k, s) in engine.codes().enumerate() {
                    if let Some(q) = quote_of(&r, s) {
                        if cheapest.is_none_or(|(_, c)| crate::rounding::order(q.total.0, c.0).is_lt()) {
                            cheapest = Some((k, &q.total));
                        }
                    }
                }
                if let Some((k, _)) = cheapest {
                    crate::json::write_digits(&mut out, k as u64, 1);
                }
                for s in engine.codes() {
                    append(&mut out, ",");
                    if let Some(q) = quote_of(&r, s) {
                        crate::json::write_decimal(&mut out, &crate::rounding::cents(q.total.0));
                    }
                }
                append(&mut out, "\n");
            }
        }
    }
    Ok(out)
}

/// The quote of `service` in a batch line's result. A service code has one group in the
/// engine, so at most one quote. Out of line: the table looks twice (for the cheapest, and
/// for each cell).
#[inline(never)]
fn quote_of<'r, 'e>(r: &'r QuoteResult<'e>, service: &str) -> Option<&'r crate::quote::Quote<'e>> {
    r.quotes.iter().find(|q| q.service == service)
}

/// A bad line's answer after its number: `!code,path: message` (newlines and commas
/// of the message as spaces).
#[cold]
#[inline(never)]
fn table_error(out: &mut String, e: &Error) {
    append(out, "!");
    out.push_str(e.code().as_str());
    append(out, ",");
    // `e.to_string()` with each newline and comma as a space: both are one byte in UTF-8
    // (which no other character has), so each part is copied in runs between them.
    let path = e.path();
    let sep = if path.is_empty() { "" } else { ": " };
    // (Runs cut as bytes: see `json::utf8`.)
    for &part in &[path, sep, e.message()] {
        let b = part.as_bytes();
        let mut run = 0;
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || c == b',' {
                append(out, crate::json::utf8(b.get(run..i)));
                append(out, " ");
                run = i + 1;
            }
        }
        append(out, crate::json::utf8(b.get(run..)));
    }
    append(out, "\n");
}

/// The next field of a line, trimmed; empty when there is none. Out of line:
/// `table_shipment` reads six. (Empty rather than `None`: each caller took `""` for
/// `None`, a test of the option each; -49 B gzip.)
#[inline(never)]
fn next_field<'a>(fields: &mut crate::SplitAscii<'a>) -> &'a str {
    fields.next().map(crate::trim).unwrap_or_default()
}

fn table_shipment(line: &str, today: Date) -> Result<crate::shipment::Shipment> {
    // The fields in order, each trimmed, an empty one as absent; read one by one (no
    // vector of fields), which gives the errors in the same order.
    let mut fields = crate::split_ascii(line, b',');
    let mut next = || next_field(&mut fields);
    let from = crate::zip::Zip5::parse_at(next(), "from")?;
    let to = crate::zip::Zip5::parse_at(next(), "to")?;
    let weight = crate::shipment::parse_weight(next(), "weight")?;
    let dims = match next() {
        "" => None,
        d => Some(crate::shipment::parse_dims(d, "dimensions")?),
    };
    let residential = ["1", "true", "yes", "y", "residential"].contains(&next());
    let date = match next() {
        "" => today,
        d => d.parse::<Date>().map_err(|m| Error::new(crate::ErrorCode::InvalidDate, "shipDate", m))?,
    };
    let mut s = crate::shipment::Shipment::simple(from, to, weight, dims, date);
    s.residential = residential;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_over_the_limit_is_refused_whole() {
        assert_eq!(TOO_MANY_SHIPMENTS, format!("at most {MAX_BATCH} shipments per call"));
        assert_eq!(TOO_MANY_LINES, format!("at most {MAX_BATCH} lines per call"));
        let e = RateEngine::new();
        let today: Date = "2025-11-03".parse().unwrap();
        let many = format!("[{}0]", "0,".repeat(100_000));
        let err = quote_many_tape(&e, &many, today).unwrap_err();
        assert_eq!(
            (err.code(), err.path(), err.message()),
            (crate::ErrorCode::InvalidShipment, "", "at most 100000 shipments per call")
        );
        let lines = format!("{}x", "\n".repeat(100_000));
        let err = quote_table(&e, &lines, today).unwrap_err();
        assert_eq!(
            (err.code(), err.path(), err.message()),
            (crate::ErrorCode::InvalidShipment, "", "at most 100000 lines per call")
        );
    }

    #[test]
    fn a_bad_line_is_the_error_text_with_newlines_and_commas_as_spaces() {
        let cases = [
            Error::new(crate::ErrorCode::InvalidWeight, "weight", "has no unit (write e.g. 2.5lb, 40oz, 1.2kg)"),
            Error::new(crate::ErrorCode::InvalidZip, "", "a,b\nc,\n"),
            Error::new(crate::ErrorCode::InvalidShipment, "x,y\n[3]", "é, ü\u{1F4E6}"),
        ];
        let want = [
            "!invalid_weight,weight: has no unit (write e.g. 2.5lb  40oz  1.2kg)\n",
            "!invalid_zip,a b c  \n",
            "!invalid_shipment,x y [3]: é  ü\u{1F4E6}\n",
        ];
        for (e, w) in cases.iter().zip(want) {
            let mut out = String::new();
            table_error(&mut out, e);
            assert_eq!(out, w);
        }
    }

    #[test]
    fn the_cheapest_column_is_the_first_of_the_lowest_totals() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut e = RateEngine::new();
        for f in ["usps/usps-zones.json", "usps/usps-2025-10-05.json"] {
            e.add_card_json(&std::fs::read_to_string(root.join("cards").join(f)).unwrap()).unwrap();
        }
        let today: Date = "2025-11-03".parse().unwrap();
        let out = quote_table(&e, "85027,10001,2.5lb,12x10x6in\n\n85027,90210,13oz,,1\n85027,1000,2lb", today).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        let header: Vec<&str> = lines[0].split(',').collect();
        for line in &lines[1..3] {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{line}");
            let totals: Vec<Option<rust_decimal::Decimal>> =
                cells[2..].iter().map(|c| (!c.is_empty()).then(|| c.parse().unwrap())).collect();
            let min = totals.iter().flatten().min().unwrap();
            let first = totals.iter().position(|t| t.as_ref() == Some(min)).unwrap();
            assert_eq!(cells[1], first.to_string(), "{line}");
        }
        assert!(lines[1].starts_with("1,") && lines[2].starts_with("3,"));
        assert!(lines[3].starts_with("4,!invalid_zip,to: "), "{}", lines[3]);
    }
}
