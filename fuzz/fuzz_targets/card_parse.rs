//! Arbitrary bytes as a card: `add_card_json` must answer (a card or a coded error),
//! never panic, and a card it accepts must quote without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonerate_fuzz::{check, quote_probes, zones_engine};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut engine = zones_engine().clone();
    if engine.add_card_json(text).is_ok() {
        quote_probes(&engine, check);
    }
});
