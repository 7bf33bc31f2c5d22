//! Arbitrary bytes as a shipment (and as a batch): parsing and quoting with every shipped
//! card must answer (quotes or a coded error), never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zonerate_fuzz::{check, full_engine, marked_engine, today};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(s) = zonerate::shipment_from_json(text, today()) {
        if let Ok(r) = full_engine().quote(&s) {
            check(&r);
        }
        if let Ok(r) = marked_engine().quote(&s) {
            check(&r);
        }
    }
    let _ = zonerate::api::quote_json(full_engine(), text, today());
    if text.trim_start().starts_with('[') {
        let _ = zonerate::api::quote_many_json(marked_engine(), text, today());
    }
});
