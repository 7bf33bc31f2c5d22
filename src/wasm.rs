//! The WebAssembly binding: the only place that knows about JavaScript.
//!
//! Everything crosses the boundary as JSON text (money as decimal strings), parsed and
//! checked inside the core; the JS facade in `pkg-template/` turns objects into text
//! and back. Errors cross as one string that the facade turns into a `RateError` with
//! `code`, `path`, `detail` and `message` (see `js_error`). Nothing here panics on input:
//! a panic would abort the instance for every later caller.

use crate::date::Date;
use crate::engine::RateEngine as Core;
use crate::error::Error;
use crate::json::ToJson;
use wasm_bindgen::prelude::*;

/// An error for the JS facade, which turns it into a `RateError` (`rethrow` in
/// `pkg-template/facade.js`): one string `code,n,<path><detail>` where `n` is the path's
/// length in UTF-16 units (a path or a detail may hold any character, so the path is
/// measured rather than delimited). One string crosses instead of an `Error` and three
/// `Reflect.set` calls, each with its own string conversions.
#[cold]
#[inline(never)]
fn js_error(e: Error) -> JsValue {
    let path = e.path();
    let n: usize = path.chars().map(char::len_utf16).sum();
    let mut s = String::with_capacity(24 + path.len() + e.message().len());
    s.push_str(e.code().as_str());
    s.push(',');
    crate::json::write_digits(&mut s, n as u64, 1);
    s.push(',');
    s.push_str(path);
    s.push_str(e.message());
    JsValue::from_str(&s)
}

/// Today's date in UTC, the ship date of a shipment that gives none (1970-01-01 on a
/// clock outside the years a date may have). From `Date.now()`: one call into JS per
/// quote, where a `Date` object and its three UTC getters were four.
fn today() -> Date {
    let d = Date::from_days((js_sys::Date::now() / 86_400_000.0).floor() as i64);
    Date::new(d.year(), d.month(), d.day()).unwrap_or_else(|| Date::from_days(0))
}

/// The rate engine, as seen from JavaScript.
#[wasm_bindgen(js_name = RateEngine)]
pub struct WasmEngine {
    inner: Core,
}

#[wasm_bindgen(js_class = RateEngine)]
impl WasmEngine {
    /// An empty engine.
    #[wasm_bindgen(constructor)]
    pub fn new() -> WasmEngine {
        WasmEngine { inner: Core::new() }
    }

    /// Adds a card (JSON text as UTF-8 bytes); returns its summary as JSON text. With
    /// `hash`, the card is refused unless its content hash is that value. Bytes, not a
    /// string: the glue copies a string into memory with a JS loop per character, which
    /// for a 65 KB card runs before the JIT has compiled it (a few ms of a cold start);
    /// a `Uint8Array` from `TextEncoder` is copied in one native call.
    #[wasm_bindgen(js_name = addCard)]
    pub fn add_card(&mut self, card: &[u8], hash: Option<String>) -> Result<String, JsValue> {
        let text = std::str::from_utf8(card).map_err(|e| {
            js_error(Error::new(
                crate::ErrorCode::InvalidJson,
                "",
                format!("the card is not UTF-8 text (bad byte at offset {})", e.valid_up_to()),
            ))
        })?;
        let s = self.inner.add_card_json_checked(text, hash.as_deref()).map_err(js_error)?;
        Ok(s.to_json())
    }

    /// Sets markup rules (JSON text of a `zonerate.markup/1` document).
    #[wasm_bindgen(js_name = setMarkups)]
    pub fn set_markups(&mut self, rules: &str) -> Result<(), JsValue> {
        let r = crate::markup::parse_markups(rules).map_err(js_error)?;
        self.inner.set_markups(r);
        Ok(())
    }

    /// Quotes one shipment (JSON text); returns the result as a tape (`tape.rs`), or as
    /// JSON text when it does not fit on one.
    pub fn quote(&self, shipment: &str) -> Result<String, JsValue> {
        crate::api::quote_tape(&self.inner, shipment, today()).map_err(js_error)
    }

    /// Quotes a JSON array of shipments in one call; the answer as [`quote`](Self::quote)'s.
    #[wasm_bindgen(js_name = quoteMany)]
    pub fn quote_many(&self, shipments: &str) -> Result<String, JsValue> {
        crate::api::quote_many_tape(&self.inner, shipments, today()).map_err(js_error)
    }

    /// Checks a quote computed elsewhere (JSON, with its fingerprint) for a shipment
    /// (JSON, with `shipDate`) against this engine's cards; returns the verification.
    #[wasm_bindgen(js_name = verifyQuote)]
    pub fn verify_quote(&self, shipment: &str, quote: &str) -> Result<String, JsValue> {
        crate::api::verify_quote_json(&self.inner, shipment, quote, today()).map_err(js_error)
    }

    /// The batch path: shipments as text lines `from,to,weight[,dims[,residential[,shipDate]]]`,
    /// totals back as one text table (see `api::quote_table`).
    #[wasm_bindgen(js_name = quoteTable)]
    pub fn quote_table(&self, shipments: &str) -> Result<String, JsValue> {
        crate::api::quote_table(&self.inner, shipments, today()).map_err(js_error)
    }

    /// The content hash of a loaded card (`sha256:…`), computed on first use.
    #[wasm_bindgen(js_name = cardHash)]
    pub fn card_hash(&self, id: &str) -> Option<String> {
        self.inner.card_hash(id).map(str::to_string)
    }

    /// Service codes of the loaded cards, as a JSON array.
    pub fn services(&self) -> String {
        self.inner.service_codes().to_json()
    }
}

impl Default for WasmEngine {
    fn default() -> Self {
        WasmEngine::new()
    }
}
