//! Time and peak memory of loading each hostile card of `tests/hostile_cards`.
//!
//!     cargo run --release --example hostile
//!
//! Each card is loaded in a child process of its own (this program run with the card's
//! name), so the peak resident set (`VmHWM` in /proc/self/status, Linux) is that card's
//! alone. "before" is the resident set once the card text is built, "peak" the highest
//! it reached while `add_card_json` worked; "growth" = peak − before is what loading cost.

#[path = "../tests/hostile_cards/mod.rs"]
mod hostile_cards;

use std::process::Command;
use std::time::Instant;

fn status_kb(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn child(name: &str) {
    let case = hostile_cards::build(name);
    // Reset the high-water mark to the current resident set (Linux ≥ 4.0), so the peak
    // measured is the load's, not the text building's.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_kb("VmRSS:");
    let mut engine = zonerate::RateEngine::new();
    let t = Instant::now();
    let got = engine.add_card_json(&case.text);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    let peak = status_kb("VmHWM:");
    let answer = match &got {
        Ok(_) => "loaded".to_string(),
        Err(e) => format!("{} at {:?}", e.code(), e.path()),
    };
    let expected = match (&case.expect, &got) {
        (None, Ok(_)) => true,
        (Some((code, path)), Err(e)) => hostile_cards::matches(e, *code, path),
        _ => false,
    };
    println!(
        "{:<48} {:>9.1} MB {:>9.2} ms {:>8.1} MB {:>8.1} MB {:>8.1} MB  {}{}",
        name,
        case.text.len() as f64 / 1e6,
        ms,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / 1024.0,
        answer,
        if expected { "" } else { "  (NOT AS EXPECTED)" }
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(name) = args.get(1) {
        child(name);
        return;
    }
    println!("{:<48} {:>12} {:>12} {:>11} {:>11} {:>11}  answer", "card", "text", "time", "before", "peak", "growth");
    let exe = std::env::current_exe().unwrap_or_default();
    for name in hostile_cards::NAMES {
        let out = Command::new(&exe).arg(name).output();
        match out {
            Ok(o) => print!("{}", String::from_utf8_lossy(&o.stdout)),
            Err(e) => println!("{name}: {e}"),
        }
    }
}
