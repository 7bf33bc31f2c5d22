//! Text in, text out: the JSON API shared by the WebAssembly binding and the CLI, so
//! both give byte-for-byte the same answers for the same cards and shipments.

use crate::date::Date;
use crate::engine::RateEngine;
use crate::error::{Error, Result};
use crate::shipment::ShipmentInput;
use serde::Serialize;

/// Most shipments in one `quote_many` call.
pub const MAX_BATCH: usize = 100_000;

/// Quotes one shipment given as JSON; `today` is the ship date when none is given.
pub fn quote_json(engine: &RateEngine, shipment: &str, today: Date) -> Result<String> {
    let s = crate::shipment::shipment_from_json(shipment, today)?;
    let r = engine.quote(&s)?;
    serde_json::to_string(&r).map_err(|e| Error::new(crate::ErrorCode::InvalidShipment, "", e.to_string()))
}

#[derive(Serialize)]
struct ErrorOut<'a> {
    code: &'a str,
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Item<'e> {
    Ok(crate::quote::QuoteResult<'e>),
    Err { error: ErrorOut<'e> },
}

/// Quotes a JSON array of shipments. A bad shipment gives `{"error": {code, path,
/// message}}` in its place (the path prefixed with its index); the others are quoted.
pub fn quote_many_json(engine: &RateEngine, shipments: &str, today: Date) -> Result<String> {
    let list: Vec<&serde_json::value::RawValue> = crate::error::from_json_str(shipments)?;
    if list.len() > MAX_BATCH {
        return Err(Error::new(
            crate::ErrorCode::InvalidShipment,
            "",
            format!("at most {MAX_BATCH} shipments per call"),
        ));
    }
    let mut errors: Vec<Error> = Vec::new();
    let mut results: Vec<std::result::Result<crate::quote::QuoteResult<'_>, usize>> = Vec::with_capacity(list.len());
    for (i, raw) in list.iter().enumerate() {
        let parsed = crate::error::from_json_str::<ShipmentInput>(raw.get())
            .and_then(|inp| inp.normalize(today))
            .and_then(|s| engine.quote(&s));
        match parsed {
            Ok(r) => results.push(Ok(r)),
            Err(e) => {
                errors.push(e.within(&format!("[{i}]")));
                results.push(Err(errors.len() - 1));
            }
        }
    }
    let items: Vec<Item<'_>> = results
        .into_iter()
        .map(|r| match r {
            Ok(q) => Item::Ok(q),
            Err(k) => {
                let e = errors.get(k);
                Item::Err {
                    error: ErrorOut {
                        code: e.map_or("invalid_shipment", |e| e.code().as_str()),
                        path: e.map_or("", |e| e.path()),
                        message: e.map_or("", |e| e.message()),
                    },
                }
            }
        })
        .collect();
    serde_json::to_string(&items).map_err(|e| Error::new(crate::ErrorCode::InvalidShipment, "", e.to_string()))
}
