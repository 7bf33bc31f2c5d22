//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used)]

use zonerate::RateEngine;

/// Every shipped card, zone tables first (the order the CLI loads `cards/` in).
pub const SHIPPED_CARDS: &[&str] = &[
    "cards/usps/usps-zones.json",
    "cards/usps/usps-zones-national-2018.json",
    "cards/usps/usps-2025-10-05.json",
    "cards/usps/usps-2026-07-12.json",
    "cards/ontrac/ontrac-2026.json",
    "cards/gofo/gofo.json",
    "cards/uniuni/uniuni.json",
    "cards/speedx/speedx.json",
    "cards/swiftx/swiftx.json",
];

/// A file of the repository, as text.
pub fn read_repo_file(rel: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// An engine with every shipped card.
pub fn all_cards_engine() -> RateEngine {
    let mut e = RateEngine::new();
    for c in SHIPPED_CARDS {
        e.add_card_json(&read_repo_file(c)).unwrap();
    }
    e
}
