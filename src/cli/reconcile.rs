//! `zonerate reconcile`: recompute every line of a carrier invoice from the cards and
//! report what was billed differently, line by line and charge by charge.

use super::args::Args;
use super::{load, sheets, Failure};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use zonerate::reconcile::{parse_charges, parse_money, reconcile_line, totals, Billed, LineResult, LineStatus};
use zonerate::shipment::{parse_dims, parse_weight, Shipment};
use zonerate::zip::Zip5;
use zonerate::Date;

const HELP: &str = "usage: zonerate reconcile --cards PATH [--cards PATH]... invoice.csv [-o findings.csv]
                          [--tolerance 0.00] [--date YYYY-MM-DD] [--strict]

Recomputes every invoice line with the cards and compares it with what was billed.

Invoice columns (header names, any case, any order):
  reference          the line's reference (tracking number, …)
  ship_date          YYYY-MM-DD (default --date, or today)
  from, to           ZIP codes
  weight             2.5lb, 40oz, 1.2kg (or a number with a weight_unit column)
  dims               12x10x6in (optional)
  service            service code (usps_ground_advantage_commercial), or carrier:code
  billed_total       the line's total
  billed_surcharges  code=amount;code=amount (residential=6.60;fuel=3.10), optional
  billed_base        the base freight, optional (default: total minus the surcharges)
  residential        true/false (optional); also packaging, declared_value, hub, options
A billed code matches the card's code, or the one card code that starts with it and _
(fuel matches fuel_2026_w06).

Reports per line: match, overcharged, undercharged, charge_mismatch (same total, other
split), unknown_service, not_priced, bad_line; per charge: ok, amount_differs,
not_expected (billed, not in the quote), missing (in the quote, not billed); and totals.

  -o FILE          write the findings as CSV: one row per line (charge = total) and
                   one per charge
  --tolerance X    differences up to X count as equal (default 0: exact to the cent)
  --strict         exit with status 1 when any line is not a match";

fn cols(headers: &csv::StringRecord) -> BTreeMap<String, usize> {
    headers.iter().enumerate().map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase(), i)).collect()
}

struct Parsed {
    shipment: Shipment,
    service: String,
    billed: Billed,
}

fn parse_line(map: &BTreeMap<String, usize>, rec: &csv::StringRecord, default_date: Date) -> Result<Parsed, String> {
    let get = |n: &str| map.get(n).and_then(|i| rec.get(*i)).map(str::trim).filter(|s| !s.is_empty());
    let need = |n: &str| get(n).ok_or_else(|| format!("{n}: is empty"));
    let from = Zip5::parse(need("from")?).map_err(|m| format!("from: {m}"))?;
    let to = Zip5::parse(need("to")?).map_err(|m| format!("to: {m}"))?;
    let w = need("weight")?;
    let w = match get("weight_unit") {
        Some(u) => format!("{w}{u}"),
        None => w.to_string(),
    };
    let weight = parse_weight(&w, "weight").map_err(|e| e.to_string())?;
    let dims = get("dims").map(|d| parse_dims(d, "dims")).transpose().map_err(|e| e.to_string())?;
    let date = match get("ship_date") {
        Some(d) => d.parse::<Date>().map_err(|m| format!("ship_date: {m}"))?,
        None => default_date,
    };
    let mut s = Shipment::simple(from, to, weight, dims, date);
    s.residential = match get("residential").map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "no" | "n" | "0" | "commercial") => false,
        Some("true" | "yes" | "y" | "1" | "residential") => true,
        Some(v) => return Err(format!("residential: {v:?} is not true/false")),
    };
    s.options.packaging = get("packaging").map(str::to_string);
    s.options.hub = get("hub").map(str::to_string);
    if let Some(o) = get("options") {
        let mut flags: Vec<String> =
            o.split([';', ',']).map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
        flags.sort();
        flags.dedup();
        s.options.flags = flags;
    }
    if let Some(v) = get("declared_value") {
        s.options.declared_value =
            Some(parse_money(v).ok_or_else(|| format!("declared_value: {v:?} is not an amount"))?);
    }
    let service = need("service")?.to_string();
    let total = need("billed_total")?;
    let total = parse_money(total).ok_or_else(|| format!("billed_total: {total:?} is not an amount"))?;
    let base = get("billed_base")
        .map(|b| parse_money(b).ok_or_else(|| format!("billed_base: {b:?} is not an amount")))
        .transpose()?;
    let charges = match get("billed_surcharges") {
        Some(c) => parse_charges(c).map_err(|m| format!("billed_surcharges: {m}"))?,
        None => Vec::new(),
    };
    Ok(Parsed { shipment: s, service, billed: Billed { total, base, charges } })
}

fn money(d: Option<Decimal>) -> String {
    d.map_or(String::new(), |d| format!("{}", zonerate::Money(d)))
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["cards", "output", "tolerance", "date"], &["strict"])?;
    let [input] = args.positional.as_slice() else {
        return Err(Failure::input("give one invoice CSV file (see zonerate reconcile --help)"));
    };
    let tolerance = match args.one("tolerance")? {
        Some(t) => parse_money(&t)
            .filter(|d| *d >= Decimal::ZERO)
            .ok_or_else(|| Failure::input(format!("tolerance: {t:?} is not an amount")))?,
        None => Decimal::ZERO,
    };
    let default_date = match args.one("date")? {
        Some(d) => d.parse::<Date>().map_err(|m| Failure::input(format!("date: {m}")))?,
        None => Date::today_utc(),
    };
    let engine = load::engine(&args.all("cards"))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(input)
        .map_err(|e| Failure::input(format!("{input}: {e}")))?;
    let headers = reader.headers().map_err(|e| Failure::input(format!("{input}: {e}")))?.clone();
    let map = cols(&headers);
    for req in ["from", "to", "weight", "service", "billed_total"] {
        if !map.contains_key(req) {
            let e = zonerate::Error::new(
                zonerate::ErrorCode::InvalidInvoice,
                input.clone(),
                format!("no `{req}` column (see zonerate reconcile --help)"),
            );
            return Err(e.into());
        }
    }
    let mut lines: Vec<(usize, String, String, String, LineResult)> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        let (reference, date_text, service, result) = match rec {
            Err(e) => (String::new(), String::new(), String::new(), bad(e.to_string())),
            Ok(rec) => {
                let get = |n: &str| map.get(n).and_then(|i| rec.get(*i)).unwrap_or("").trim().to_string();
                let reference = ["reference", "ref", "tracking", "id"]
                    .iter()
                    .map(|n| get(n))
                    .find(|s| !s.is_empty())
                    .unwrap_or_default();
                let r = match parse_line(&map, &rec, default_date) {
                    Ok(p) => reconcile_line(&engine, &p.shipment, &p.service, &p.billed, tolerance),
                    Err(m) => {
                        let mut b = bad(m);
                        b.billed_total = parse_money(&get("billed_total")).unwrap_or_default();
                        b
                    }
                };
                (reference, get("ship_date"), get("service"), r)
            }
        };
        lines.push((line, reference, date_text, service, result));
    }

    // Per line.
    let wr = lines.iter().map(|l| l.1.len()).max().unwrap_or(9).max(9);
    let ws = lines.iter().map(|l| l.3.len()).max().unwrap_or(7).max(7);
    println!(
        "{:>5}  {:<wr$}  {:<ws$}  {:>4}  {:>9}  {:>9}  {:>8}  {:<16}  NOTES",
        "LINE", "REFERENCE", "SERVICE", "ZONE", "BILLED", "EXPECTED", "DIFF", "STATUS"
    );
    for (line, reference, _, service, r) in &lines {
        println!(
            "{:>5}  {:<wr$}  {:<ws$}  {:>4}  {:>9}  {:>9}  {:>8}  {:<16}  {}",
            line,
            reference,
            service,
            r.zone.as_deref().unwrap_or("-"),
            money(Some(r.billed_total)),
            money(r.expected_total),
            money(r.difference),
            r.status.as_str(),
            r.message
        );
    }
    let results: Vec<LineResult> = lines.iter().map(|l| l.4.clone()).collect();
    let t = totals(&results);
    let counts: Vec<String> = t.by_status.iter().map(|(s, n)| format!("{n} {s}")).collect();
    println!("\n{} lines: {}", t.lines, counts.join(", "));
    println!("  billed (recomputed lines)  {:>12}", money(Some(t.billed)));
    println!("  expected from the cards    {:>12}", money(Some(t.expected)));
    println!("  overcharge                 {:>12}", money(Some(t.overcharge)));
    println!("  undercharge                {:>12}", money(Some(t.undercharge)));
    println!("  net (billed − expected)    {:>12}", money(Some(t.billed - t.expected)));
    if !t.not_reconciled.is_zero() {
        println!(
            "  billed, not recomputed     {:>12}  (unknown service, not priced or bad lines)",
            money(Some(t.not_reconciled))
        );
    }

    if let Some(out) = args.one("output")? {
        let mut w = csv::Writer::from_writer(Vec::new());
        let e = |e: csv::Error| Failure::other(format!("{out}: {e}"));
        w.write_record([
            "line",
            "reference",
            "ship_date",
            "service",
            "zone",
            "billable_weight",
            "charge",
            "billed",
            "expected",
            "difference",
            "status",
            "message",
        ])
        .map_err(e)?;
        for (line, reference, date, service, r) in &lines {
            let base = [line.to_string(), reference.clone(), date.clone(), service.clone()];
            let zone = r.zone.clone().unwrap_or_default();
            let bw = r.billable_weight.clone().unwrap_or_default();
            let mut row: Vec<String> = base.to_vec();
            row.extend([
                zone.clone(),
                bw.clone(),
                "total".to_string(),
                money(Some(r.billed_total)),
                money(r.expected_total),
                money(r.difference),
                r.status.as_str().to_string(),
                r.message.clone(),
            ]);
            w.write_record(&row).map_err(e)?;
            for c in &r.charges {
                let mut row: Vec<String> = base.to_vec();
                row.extend([
                    zone.clone(),
                    bw.clone(),
                    c.code.clone(),
                    money(c.billed),
                    money(c.expected),
                    money(Some(c.difference)),
                    c.status.as_str().to_string(),
                    String::new(),
                ]);
                w.write_record(&row).map_err(e)?;
            }
        }
        let bytes = w.into_inner().map_err(|x| Failure::other(format!("{out}: {x}")))?;
        sheets::write_atomic(std::path::Path::new(&out), &bytes)?;
        eprintln!("wrote {out}");
    }
    if args.flag("strict") && results.iter().any(|r| r.status != LineStatus::Match) {
        return Err(Failure::other(format!(
            "{} of {} lines do not match",
            results.iter().filter(|r| r.status != LineStatus::Match).count(),
            results.len()
        )));
    }
    Ok(())
}

fn bad(message: String) -> LineResult {
    LineResult {
        status: LineStatus::BadLine,
        zone: None,
        billable_weight: None,
        card: None,
        billed_total: Decimal::ZERO,
        expected_total: None,
        difference: None,
        charges: Vec::new(),
        message,
    }
}
