//! Quote speed: one shipment (85027 → 10001, 2.5 lb, 12 × 10 × 6 in, 2025-11-03) against
//! every USPS service of the cards in `cards/usps/`, and against each service alone.
//!
//! `cargo bench --bench quote -- --warm-up-time 1 --measurement-time 3`
//!
//! Criterion reports (wall-clock) time per quote; a table of service-quotes per second,
//! timed on the thread's CPU clock where Linux gives it, follows.
//! The target is at most 2 µs per service.

use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::time::{Duration, Instant};
use zonerate::{Date, RateEngine, Shipment};

fn engine() -> RateEngine {
    let mut e = RateEngine::new();
    for text in [
        include_str!("../cards/usps/usps-zones.json"),
        include_str!("../cards/usps/usps-2025-10-05.json"),
        include_str!("../cards/usps/usps-2026-07-12.json"),
    ] {
        if let Err(err) = e.add_card_json(text) {
            panic!("card does not load: {err}");
        }
    }
    e
}

/// The bench shipment as the JS API sends it.
const SHIPMENT_JSON: &str =
    r#"{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"12x10x6in","shipDate":"2025-11-03"}"#;

fn shipment(services: Option<&str>) -> Shipment {
    let filter = services.map_or(String::new(), |s| format!(r#","services":["{s}"]"#));
    let json = format!(
        r#"{{"from":"85027","to":"10001","weight":"2.5lb","dimensions":"12x10x6in","shipDate":"2025-11-03"{filter}}}"#
    );
    let today: Date = "2025-11-03".parse().unwrap_or_else(|e| panic!("{e}"));
    zonerate::shipment_from_json(&json, today).unwrap_or_else(|e| panic!("{e}"))
}

/// The services priced for the bench shipment (all 8 of the 2025-10-05 card).
fn services(e: &RateEngine) -> Vec<String> {
    let r = e.quote(&shipment(None)).unwrap_or_else(|err| panic!("{err}"));
    assert!(r.unavailable.is_empty(), "every service should price the bench shipment");
    r.quotes.iter().map(|q| q.service.to_string()).collect()
}

fn bench(c: &mut Criterion, e: &RateEngine, codes: &[String]) {
    let all = shipment(None);
    let mut g = c.benchmark_group("quote");
    g.throughput(Throughput::Elements(codes.len() as u64));
    g.bench_function("all_usps_services", |b| b.iter(|| e.quote(black_box(&all)).map(|r| r.quotes.len())));
    // The same through the text API the WebAssembly binding calls: JSON in, JSON out.
    let text = SHIPMENT_JSON;
    let today = all.ship_date;
    g.bench_function("all_usps_services_json", |b| {
        b.iter(|| zonerate::api::quote_json(e, black_box(text), today).map(|r| r.len()))
    });
    g.finish();

    // One service at a time, through the public API with a `services` filter.
    let mut g = c.benchmark_group("quote_one_service");
    g.throughput(Throughput::Elements(1));
    for code in codes {
        let s = shipment(Some(code));
        g.bench_function(code.as_str(), |b| b.iter(|| e.quote(black_box(&s)).map(|r| r.quotes.len())));
    }
    g.finish();
}

/// Time this thread has run on a CPU, in ns (Linux), so that the table is not skewed
/// by other processes on a shared machine; `None` elsewhere.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Quotes per second of `s`, over about `budget` of wall-clock time, counting the
/// thread's CPU time where the system reports it.
fn rate(e: &RateEngine, s: &Shipment, budget: Duration) -> f64 {
    rate_with(budget, || e.quote(black_box(s)).map(|r| r.quotes.len()))
}

/// Calls of `f` per second, as `rate` counts them.
fn rate_with<T, E>(budget: Duration, mut f: impl FnMut() -> Result<T, E>) -> f64 {
    let mut n: u64 = 0;
    let mut batch: u64 = 64;
    let start = Instant::now();
    let cpu_start = cpu_ns();
    while start.elapsed() < budget {
        for _ in 0..batch {
            black_box(f().is_ok());
        }
        n += batch;
        batch = (batch * 2).min(1 << 16);
    }
    let secs = match (cpu_start, cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => start.elapsed().as_secs_f64(),
    };
    n as f64 / secs
}

fn table(e: &RateEngine, codes: &[String]) {
    let budget = Duration::from_millis(500);
    let w = codes.iter().map(String::len).max().unwrap_or(0).max(24);
    println!();
    println!("{:<w$}  {:>10}  {:>18}  {:>14}", "QUOTE", "µs/quote", "service-quotes/s", "µs/service");
    let all = rate(e, &shipment(None), budget);
    let n = codes.len() as f64;
    println!(
        "{:<w$}  {:>10.3}  {:>18.0}  {:>14.3}",
        format!("all {} USPS services", codes.len()),
        1e6 / all,
        all * n,
        1e6 / (all * n)
    );
    let today = shipment(None).ship_date;
    let json = rate_with(budget, || zonerate::api::quote_json(e, black_box(SHIPMENT_JSON), today).map(|r| r.len()));
    println!("{:<w$}  {:>10.3}  {:>18.0}  {:>14.3}", "same, JSON in and out", 1e6 / json, json * n, 1e6 / (json * n));
    for code in codes {
        let r = rate(e, &shipment(Some(code)), budget);
        println!("{:<w$}  {:>10.3}  {:>18.0}  {:>14.3}", code, 1e6 / r, r, 1e6 / r);
    }
    let clock = if cpu_ns().is_some() { "thread CPU time" } else { "wall-clock time" };
    println!("({clock}; target: at most 2 µs per service; one service alone includes the filter check)");
}

fn main() {
    let e = engine();
    let codes = services(&e);
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &e, &codes);
    c.final_summary();
    // `cargo test --benches` runs this once with --test: no table then.
    if !std::env::args().any(|a| a == "--test" || a == "--list") {
        table(&e, &codes);
    }
}
