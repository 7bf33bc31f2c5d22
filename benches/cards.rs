//! Card sets: load time, size raw and gzipped; the national zone matrix; zone lookups.
//! Prints a Markdown table. Run: `cargo bench --bench cards`.

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};
use zonerate::zip::Zip5;
use zonerate::RateEngine;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gz(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).ok();
    e.finish().map(|v| v.len()).unwrap_or(0)
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn main() {
    let sets: &[(&str, &[&str])] = &[
        (
            "USPS (zones + 2 editions)",
            &["usps/usps-zones.json", "usps/usps-2025-10-05.json", "usps/usps-2026-07-12.json"],
        ),
        ("USPS national zone matrix (930 origins)", &["usps/usps-zones-national-2018.json"]),
        ("OnTrac", &["ontrac/ontrac-2026.json"]),
        (
            "GOFO + UniUni + SpeedX + SwiftX",
            &["gofo/gofo.json", "uniuni/uniuni.json", "speedx/speedx.json", "swiftx/swiftx.json"],
        ),
    ];
    println!("| card set | raw | gzip | load (median of 20) |");
    println!("|---|---:|---:|---:|");
    for (name, files) in sets {
        let texts: Vec<String> =
            files.iter().map(|f| std::fs::read_to_string(root().join("cards").join(f)).unwrap()).collect();
        let raw: usize = texts.iter().map(String::len).sum();
        let z: usize = texts.iter().map(|t| gz(t.as_bytes())).sum();
        let t = median(20, || {
            let mut e = RateEngine::new();
            for tx in &texts {
                black_box(e.add_card_json(tx).unwrap());
            }
        });
        println!(
            "| {name} | {:.1} KB | {:.1} KB | {:.2} ms |",
            raw as f64 / 1024.0,
            z as f64 / 1024.0,
            t.as_secs_f64() * 1e3
        );
    }

    // Zone lookups in the national matrix: every origin × a spread of destinations.
    let mut e = RateEngine::new();
    e.add_card_json(&std::fs::read_to_string(root().join("cards/usps/usps-zones-national-2018.json")).unwrap())
        .unwrap();
    let table = e.cards()[0].zone_tables.values().next().unwrap().clone();
    let origins: Vec<Zip5> =
        table.origin_zip3s().iter().map(|o| Zip5::from_u32(u32::from(*o) * 100 + 1).unwrap()).collect();
    let dests: Vec<Zip5> = (0..997u32).step_by(7).map(|d| Zip5::from_u32(d * 100 + 42).unwrap()).collect();
    let n = origins.len() * dests.len();
    let t = median(9, || {
        let mut hits = 0usize;
        for o in &origins {
            for d in &dests {
                if table.lookup(black_box(*o), black_box(*d), None).is_ok() {
                    hits += 1;
                }
            }
        }
        black_box(hits);
    });
    println!();
    println!(
        "| zone lookup (national matrix, {} origins × {} destinations) | {:.1} ns per lookup |",
        origins.len(),
        dests.len(),
        t.as_secs_f64() * 1e9 / n as f64
    );

    // A hub table lookup (OnTrac, dense ZIP5 array).
    let mut e = RateEngine::new();
    e.add_card_json(&std::fs::read_to_string(root().join("cards/ontrac/ontrac-2026.json")).unwrap()).unwrap();
    let hub = e.cards()[0].zone_tables.values().next().unwrap().clone();
    let from = Zip5::parse("85027").unwrap();
    let dests: Vec<Zip5> = (0..100_000u32).step_by(13).map(|d| Zip5::from_u32(d).unwrap()).collect();
    let t = median(9, || {
        let mut hits = 0usize;
        for d in &dests {
            if hub.lookup(black_box(from), black_box(*d), None).is_ok() {
                hits += 1;
            }
        }
        black_box(hits);
    });
    println!(
        "| zone lookup (OnTrac ZIP5 hub table, {} destinations) | {:.1} ns per lookup |",
        dests.len(),
        t.as_secs_f64() * 1e9 / dests.len() as f64
    );
}
