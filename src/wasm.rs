//! The WebAssembly binding: the only place that knows about JavaScript.
//!
//! Everything crosses the boundary as JSON text (money as decimal strings), parsed and
//! checked inside the core; the JS facade in `pkg-template/` turns objects into text
//! and back. Errors cross as one string that the facade turns into a `RateError` with
//! `code`, `path`, `detail` and `message` (see `error_answer`). Nothing here panics on input:
//! a panic would abort the instance for every later caller.

use crate::date::Date;
use crate::engine::RateEngine as Core;
use crate::error::Error;
use crate::json::{append, ToJson};
use wasm_bindgen::prelude::*;

/// The module's allocator: one free list per power-of-two size class, blocks cut from the
/// end of the memory (`crates/wasm-alloc`). An engine allocates its cards once, and a
/// quote's few small blocks are freed when it returns and reused by the next one, so a
/// general allocator's merging and splitting buys nothing here; its code would.
#[global_allocator]
static ALLOC: zonerate_wasm_alloc::WasmHeap = zonerate_wasm_alloc::WasmHeap::new();

/// An error's answer for the JS facade, which throws it as a `RateError` (`rateError` in
/// `pkg-template/facade.js`): one string, U+001D (which starts no other answer) then
/// `code,n,<path><detail>` where `n` is the path's length in UTF-16 units (a path or a
/// detail may hold any character, so the path is measured rather than delimited).
/// Returned, not thrown: a `Result<String, JsValue>` export needs the glue's table of JS
/// values and a conversion in its shim; errors need neither.
#[cold]
#[inline(never)]
fn error_answer(e: Error) -> String {
    let path = e.path();
    // UTF-16 units: one per UTF-8 lead byte, two for a four-byte one.
    let n: usize = path.bytes().map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum();
    // Grown by its appends (an error's path: no allocation code of its own).
    let mut s = String::new();
    append(&mut s, "\u{1d}");
    s.push_str(e.code().as_str());
    append(&mut s, ",");
    crate::json::write_digits(&mut s, n as u64, 1);
    append(&mut s, ",");
    s.push_str(path);
    s.push_str(e.message());
    s
}

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `Date.now()`: milliseconds since 1970-01-01 UTC. Bound here rather
    /// than through js-sys, the crate of every JS binding: linked in for this one function,
    /// it brought along 1 KB of shims for closures taking its types (typed arrays,
    /// promises), which the wasm-bindgen CLI keeps in the module's function table.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// Today's date in UTC, the ship date of a shipment that gives none (1970-01-01 on a
/// clock outside the years a date may have). From `Date.now()`: one call into JS per
/// quote, where a `Date` object and its three UTC getters were four. Out of line (kept so
/// by `scripts/build-wasm.sh`): `run`, which every operation compiles, only calls it.
#[inline(never)]
fn today() -> Date {
    Date::from_clock_days((date_now() / 86_400_000.0).floor() as i64)
}

thread_local! {
    /// The engines JavaScript holds, by handle (a freed one's slot is empty until reused;
    /// see `run`). One thread, and nothing here calls back into JavaScript that could call
    /// in again: the borrow is never refused.
    static ENGINES: std::cell::RefCell<Vec<Option<Core>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `run`'s operations, by number (`OP` in `pkg-template/facade.js` gives the same numbers).
const ADD_CARD: u32 = 0;
const SET_MARKUPS: u32 = 1;
const QUOTE: u32 = 2;
const QUOTE_MANY: u32 = 3;
const VERIFY_QUOTE: u32 = 4;
const QUOTE_TABLE: u32 = 5;
const CARD_HASH: u32 = 6;
/// `addCard` with a required hash (in `text`).
const ADD_CARD_HASHED: u32 = 8;
/// A new engine: its handle, as digits.
const NEW: u32 = 9;
/// Frees engine `engine`.
const FREE: u32 = 10;

/// Every operation of the facade's `RateEngine`, by number (the consts above), on the
/// engine with handle `engine`, as one export: wasm-bindgen writes each export's argument
/// and result conversions and the error path (≈ 0.5 KB) into its own shim, and with one
/// export they are written once. Each operation is its own function (kept out of line by
/// `scripts/build-wasm.sh`), so V8 compiles only the ones a caller uses, when it first
/// uses them. A function, not a method of an exported struct: wasm-bindgen keeps such a
/// struct in an `Rc<WasmRefCell<_>>`, checks its pointer and borrow in each call's shim
/// and frees it through an export of its own (with three error texts in the data).
///
/// `text` is the operation's JSON or text input (`addCard`'s required hash, with
/// `ADD_CARD_HASHED`) and `bytes` the UTF-8 bytes of a second one: `addCard`'s card,
/// `verifyQuote`'s quote. A card as bytes: the glue copies a string into memory with a
/// JS loop per character, which for a 65 KB card runs before the JIT has compiled it (a
/// few ms of a cold start); a `Uint8Array` from `TextEncoder` is copied in one native
/// call. One optional argument for both (not a string for the second text besides):
/// each argument is a conversion of its own in the export's shim.
///
/// The answer is text (or an error's, see `error_answer`): a card summary, markups'
/// nothing (empty), a quote's tape (`tape.rs`), a verification, the batch table,
/// a card hash (empty when no card has the id), a new engine's handle (digits), nothing
/// for a freed engine (or a handle that has none), or (any other number) the service
/// codes as a JSON array.
#[wasm_bindgen]
pub fn run(engine: u32, op: u32, text: &str, bytes: Option<Box<[u8]>>) -> String {
    ENGINES.with_borrow_mut(|list| {
        // A new engine goes in the first empty slot, or a new one at the end.
        let new = op == NEW;
        let h = if new { list.iter().position(Option::is_none).unwrap_or(list.len()) } else { engine as usize };
        if h == list.len() && new {
            list.push(None);
        }
        let mut s = String::new();
        match list.get_mut(h) {
            // A new engine's slot is empty (the first empty one, or one pushed): filled
            // with no old engine to drop, where an assignment compiled a drop of one.
            Some(slot) if new => {
                slot.get_or_insert_with(Core::new);
                crate::json::write_digits(&mut s, h as u64, 1);
            }
            Some(slot) if op == FREE => *slot = None,
            Some(Some(e)) => s = run_on(e, op, text, bytes.as_deref().unwrap_or_default()),
            _ => {}
        }
        s
    })
}

/// One operation (not `NEW` or `FREE`) on engine `e`: see [`run`].
fn run_on(e: &mut Core, op: u32, text: &str, bytes: &[u8]) -> String {
    // Today for the operations that take it (numbers 2 to 5): one call, not one per
    // operation. Not for the others: the first call into JS compiles its wrapper, which
    // the cold start (adding cards) would then pay for.
    let today = if (QUOTE..=QUOTE_TABLE).contains(&op) { today() } else { Date::from_days(0) };
    match op {
        ADD_CARD | ADD_CARD_HASHED => op_add_card(e, bytes, (op == ADD_CARD_HASHED).then_some(text)),
        SET_MARKUPS => op_set_markups(e, text),
        QUOTE => op_quote(e, text, today),
        QUOTE_MANY => op_quote_many(e, text, today),
        // (`TextEncoder`'s bytes, UTF-8 by construction.)
        VERIFY_QUOTE => op_verify_quote(e, text, std::str::from_utf8(bytes).unwrap_or_default(), today),
        QUOTE_TABLE => op_quote_table(e, text, today),
        CARD_HASH => op_card_hash(e, text),
        _ => op_services(e),
    }
    .unwrap_or_else(error_answer)
}

/// The content hash of a loaded card (`sha256:…`, computed on first use), or empty.
#[inline(never)]
fn op_card_hash(e: &Core, id: &str) -> Result<String, Error> {
    // (Owned by the shared `Cow::into_owned`.)
    Ok(std::borrow::Cow::Borrowed(e.card_hash(id).unwrap_or_default()).into_owned())
}

/// Service codes of the loaded cards, as a JSON array.
#[inline(never)]
fn op_services(e: &Core) -> Result<String, Error> {
    Ok(e.service_codes().to_json())
}

/// Adds a card (JSON text as UTF-8 bytes); its summary as JSON text. With `hash`, the
/// card is refused unless its content hash is that value.
#[inline(never)]
fn op_add_card(e: &mut Core, card: &[u8], hash: Option<&str>) -> Result<String, Error> {
    let text = std::str::from_utf8(card).map_err(|e| {
        Error::new(
            crate::ErrorCode::InvalidJson,
            "",
            crate::error::msg!("the card is not UTF-8 text (bad byte at offset ", e.valid_up_to(), ")"),
        )
    })?;
    e.add_card_json_answer(text, hash)
}

/// Sets markup rules (JSON text of a `zonerate.markup/1` document).
#[inline(never)]
fn op_set_markups(e: &mut Core, rules: &str) -> Result<String, Error> {
    e.set_markups(crate::markup::parse_markups(rules)?);
    Ok(String::new())
}

/// Quotes one shipment (JSON text); the result as a tape (`tape.rs`).
#[inline(never)]
fn op_quote(e: &Core, shipment: &str, today: Date) -> Result<String, Error> {
    crate::api::quote_tape(e, shipment, today)
}

/// Quotes a JSON array of shipments in one call; the answer as `op_quote`'s.
#[inline(never)]
fn op_quote_many(e: &Core, shipments: &str, today: Date) -> Result<String, Error> {
    crate::api::quote_many_tape(e, shipments, today)
}

/// Checks a quote computed elsewhere (JSON, with its fingerprint) for a shipment (JSON,
/// with `shipDate`) against this engine's cards; the verification as JSON.
#[inline(never)]
fn op_verify_quote(e: &Core, shipment: &str, quote: &str, today: Date) -> Result<String, Error> {
    crate::api::verify_quote_json(e, shipment, quote, today)
}

/// The batch path: shipments as text lines `from,to,weight[,dims[,residential[,shipDate]]]`,
/// totals back as one text table (see `api::quote_table`).
#[inline(never)]
fn op_quote_table(e: &Core, shipments: &str, today: Date) -> Result<String, Error> {
    crate::api::quote_table(e, shipments, today)
}
