//! zonerate: exact last-mile shipping rates from compact JSON rate cards.
//!
//! The rating core is plain Rust with no WebAssembly in it; `wasm.rs` is the only
//! binding and is compiled for `wasm32` targets alone. Start with [`RateEngine`]:
//!
//! ```
//! use zonerate::{RateEngine, Date};
//! let mut engine = RateEngine::new();
//! engine.add_card_json(include_str!("../cards/usps/usps-zones.json")).unwrap();
//! engine.add_card_json(include_str!("../cards/usps/usps-2025-10-05.json")).unwrap();
//! let today: Date = "2025-11-03".parse().unwrap();
//! let shipment = zonerate::shipment_from_json(
//!     r#"{"from":"85027","to":"90210","weight":"2.5lb"}"#, today).unwrap();
//! let result = engine.quote(&shipment).unwrap();
//! assert!(!result.quotes.is_empty());
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// A panic in wasm kills the instance for every later caller: library code may not
// unwrap, expect, panic or index unchecked. Tests may.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::unreachable)
)]

pub mod api;
pub mod billable;
pub mod card;
pub mod conditions;
pub mod date;
pub mod diff;
pub mod engine;
pub mod error;
pub mod integrity;
pub mod json;
pub mod jsonpath;
pub mod limits;
pub mod markup;
pub mod parcel;
pub mod pricing;
pub mod quote;
pub mod reconcile;
pub mod rounding;
pub mod shipment;
pub mod surcharge;
pub mod tape;
pub mod units;
pub mod validate;
pub mod vecmap;
pub mod verify;
pub mod workbook;
pub mod zip;
pub mod zones;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use card::format::CardDoc;
pub use date::Date;
pub use engine::{CardSummary, RateEngine};
pub use error::{Error, ErrorCode, Result};
pub use quote::{Line, Money, Quote, QuoteResult, Unavailable};
pub use shipment::{shipment_from_json, Shipment, ShipmentInput};
pub use units::{LengthUnit, WeightUnit};

/// `s.trim()`, for the text of cards and shipments: `s` itself when it starts and ends with
/// a printable ASCII character (nothing to trim), which it nearly always does. V8 compiles a
/// wasm function whole on its first call, and `str::trim` (Unicode whitespace) is 0.7 KB of
/// code that loading a card then does not compile.
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}
