//! `zonerate diff`: what changed between two cards, cell by cell, with the average
//! change by zone and by weight band.

use super::args::Args;
use super::Failure;
use rust_decimal::Decimal;
use zonerate::diff::{diff_cards, CardDiff, Summary};
use zonerate::CardDoc;

const HELP: &str = "usage: zonerate diff old.json new.json [--service CODE]... [--limit N] [--csv FILE] [--json]

Compares two cards (two editions of a carrier's prices): every price cell that changed
(service, row upTo, zone, old → new, % change), rows, zones and services added or
removed, surcharges and other fields that changed, and the average % change by zone and
by weight band over the cells both editions have.

  --service CODE   only this service (repeatable)
  --limit N        cell changes to print (default 40; 0 = all)
  --csv FILE       write every cell change as CSV
  --json           print the whole comparison as JSON";

fn read(path: &str) -> Result<CardDoc, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{path}: {e}")))?;
    zonerate::card::parse_card(&text).map_err(|e| Failure::input(format!("{path}: {e}")))
}

fn opt(d: Option<Decimal>) -> String {
    d.map_or("(none)".to_string(), |d| d.to_string())
}

fn pct(d: Option<Decimal>) -> String {
    d.map_or("-".to_string(), |d| if d > Decimal::ZERO { format!("+{d} %") } else { format!("{d} %") })
}

fn period(d: &CardDoc) -> String {
    match (d.effective.from, d.effective.to) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("until {b}"),
        (None, None) => "no period".to_string(),
    }
}

fn summary_table(title: &str, head: &str, rows: &[Summary]) -> String {
    let mut out = format!(
        "\n{title}:\n  {head:<10} {:>8} {:>8} {:>10} {:>10} {:>10}\n",
        "compared", "changed", "mean", "min", "max"
    );
    for s in rows {
        out.push_str(&format!(
            "  {:<10} {:>8} {:>8} {:>10} {:>10} {:>10}\n",
            s.key,
            s.compared,
            s.changed,
            pct(s.mean_pct),
            pct(s.min_pct),
            pct(s.max_pct)
        ));
    }
    out
}

/// The readable report.
pub fn render(old: &CardDoc, new: &CardDoc, d: &CardDiff, limit: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!("old: {} ({}), {} services\n", old.id, period(old), old.services.len()));
    out.push_str(&format!("new: {} ({}), {} services\n", new.id, period(new), new.services.len()));
    let list = |v: &[String]| if v.is_empty() { "(none)".to_string() } else { v.join(", ") };
    out.push_str(&format!(
        "\nservices removed: {}\nservices added: {}\n",
        list(&d.services_removed),
        list(&d.services_added)
    ));
    if !d.other.is_empty() {
        out.push_str(&format!("\nother changes ({}):\n", d.other.len()));
        for o in &d.other {
            out.push_str(&format!("  {}: {} → {}\n", o.path, o.old, o.new));
        }
    }
    out.push_str(&format!("\nprice cells: {} changed, {} unchanged\n", d.cells.len(), d.unchanged_cells));
    if !d.cells.is_empty() {
        let w = d.cells.iter().map(|c| c.service.len()).max().unwrap_or(7).max(7);
        out.push_str(&format!(
            "  {:<w$}  {:>10}  {:<11}  {:<16}  {:>4}  {:>10} → {:<10}  {:>9}\n",
            "SERVICE", "UP TO", "ROW", "FIELD", "ZONE", "OLD", "NEW", "CHANGE"
        ));
        let shown = if limit == 0 { d.cells.len() } else { limit.min(d.cells.len()) };
        for c in d.cells.iter().take(shown) {
            out.push_str(&format!(
                "  {:<w$}  {:>10}  {:<11}  {:<16}  {:>4}  {:>10} → {:<10}  {:>9}\n",
                c.service,
                c.up_to.map_or("-".to_string(), |u| u.to_string()),
                c.row,
                c.field,
                c.zone,
                opt(c.old),
                opt(c.new),
                pct(c.pct)
            ));
        }
        if shown < d.cells.len() {
            out.push_str(&format!(
                "  … {} more (--limit 0 prints all, --csv FILE writes them)\n",
                d.cells.len() - shown
            ));
        }
    }
    out.push_str(&summary_table("average change by zone (cells in both editions)", "zone", &d.by_zone));
    out.push_str(&summary_table("average change by weight band", "band", &d.by_band));
    out
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["service", "limit", "csv"], &["json"])?;
    let [a, b] = args.positional.as_slice() else {
        return Err(Failure::input("give two card files: old.json new.json"));
    };
    let (mut old, mut new) = (read(a)?, read(b)?);
    let only = args.all("service");
    if !only.is_empty() {
        for code in &only {
            if !old.services.iter().chain(&new.services).any(|s| &s.code == code) {
                return Err(Failure::input(format!("service: neither card has {code:?}")));
            }
        }
        old.services.retain(|s| only.contains(&s.code));
        new.services.retain(|s| only.contains(&s.code));
    }
    let limit: usize = match args.one("limit")? {
        Some(n) => n.parse().map_err(|_| Failure::input(format!("limit: {n:?} is not a whole number")))?,
        None => 40,
    };
    let d = diff_cards(&old, &new);
    if let Some(path) = args.one("csv")? {
        let mut w = csv::Writer::from_writer(Vec::new());
        let e = |e: csv::Error| Failure::other(format!("{path}: {e}"));
        w.write_record(["service", "up_to", "row", "field", "zone", "old", "new", "pct_change", "band"]).map_err(e)?;
        for c in &d.cells {
            let f = |x: Option<Decimal>| x.map_or(String::new(), |x| x.to_string());
            w.write_record([
                c.service.clone(),
                f(c.up_to),
                c.row.clone(),
                c.field.clone(),
                c.zone.clone(),
                f(c.old),
                f(c.new),
                f(c.pct),
                c.band.clone(),
            ])
            .map_err(e)?;
        }
        let bytes = w.into_inner().map_err(|x| Failure::other(format!("{path}: {x}")))?;
        super::sheets::write_atomic(std::path::Path::new(&path), &bytes)?;
    }
    if args.flag("json") {
        println!("{}", serde_json::to_string_pretty(&d).map_err(|e| Failure::other(e.to_string()))?);
    } else {
        print!("{}", render(&old, &new, &d, limit));
    }
    Ok(())
}
