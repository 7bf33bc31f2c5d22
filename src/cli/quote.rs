//! `zonerate quote`: one shipment against every loaded service.

use super::args::Args;
use super::{load, Failure};
use zonerate::shipment::{parse_dims, parse_weight, Shipment, View};
use zonerate::zip::Zip5;
use zonerate::{Date, QuoteResult};

const HELP: &str = "usage: zonerate quote --cards PATH [--cards PATH]... --from ZIP --to ZIP --weight 2.5lb
                      [--dims 12x10x6in] [--date YYYY-MM-DD] [--residential]
                      [--service CODE]... [--json]

  --cards PATH     a card file, or a folder: every *.json card below it (repeatable)
  --from ZIP       origin ZIP (12345 or 12345-6789)
  --to ZIP         destination ZIP
  --weight W       actual weight with unit: oz, lb, g, kg (2.5lb, 40oz, 1.2kg)
  --dims LxWxH     dimensions with unit: in, cm (12x10x6in)
  --date D         ship date, YYYY-MM-DD (default: today, UTC)
  --residential    residential delivery
  --service CODE   only this service (repeatable)
  --json           print the quote result as JSON
  --stdin          read shipments as JSON, one per line (the JS API's shape), and write
                   one JSON result per line (an error object for a bad one)

  --carrier C      only this carrier (repeatable); --exclude-carrier C, --exclude-service S
  --within N       best_value = cheapest arriving within N business days (default 4)
  --markup FILE    markup rules (zonerate.markup/1) turning cost into sell prices
  --view V         customer (default: sell prices only) or internal (cost, sell, margin)
  --packaging P    packaging kind (tube, roll, …); --option NAME (repeatable)
  --hub CODE       entry hub for regional carriers (default: chosen from --from)
  --declared-value AMOUNT";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(
        argv,
        &[&["cards", "from", "to", "weight", "dims", "date", "service"][..], COMMON].concat(),
        &["residential", "json", "stdin"],
    )?;
    if let Some(p) = args.positional.first() {
        return Err(Failure::input(format!("unexpected argument {p:?}")));
    }
    if args.flag("stdin") {
        return json_lines(&args);
    }
    let from = Zip5::parse_at(&args.required("from")?, "from")?;
    let to = Zip5::parse_at(&args.required("to")?, "to")?;
    let weight = parse_weight(&args.required("weight")?, "weight")?;
    let dims = args.one("dims")?.map(|d| parse_dims(&d, "dims")).transpose()?;
    let ship_date = match args.one("date")? {
        Some(d) => d.parse::<Date>().map_err(|m| Failure::input(format!("date: {m}")))?,
        None => Date::today_utc(),
    };
    let services = args.all("service");
    let mut shipment = Shipment::simple(from, to, weight, dims, ship_date);
    shipment.residential = args.flag("residential");
    shipment.services = (!services.is_empty()).then_some(services);
    apply_common(&args, &mut shipment)?;
    let mut engine = load::engine(&args.all("cards"))?;
    if let Some(m) = args.one("markup")? {
        engine.set_markups(load::markups(&m)?);
    }
    let result = engine.quote(&shipment).map_err(|e| {
        // The filter is given as --service on the command line.
        Failure::input(e.to_string().replacen("services[", "service[", 1))
    })?;
    if args.flag("json") {
        let text = serde_json::to_string_pretty(&result).map_err(|e| Failure::other(e.to_string()))?;
        println!("{text}");
    } else {
        print!("{}", render(&shipment, &result));
    }
    Ok(())
}

/// `--stdin`: JSON shipments in, JSON results out, one per line, as the wasm API does.
fn json_lines(args: &Args) -> Result<(), Failure> {
    use std::io::{BufRead, Write};
    let mut engine = load::engine(&args.all("cards"))?;
    if let Some(m) = args.one("markup")? {
        engine.set_markups(load::markups(&m)?);
    }
    let today = match args.one("date")? {
        Some(d) => d.parse::<Date>().map_err(|m| Failure::input(format!("date: {m}")))?,
        None => Date::today_utc(),
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| Failure::other(format!("stdin: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let text = match zonerate::api::quote_json(&engine, &line, today) {
            Ok(t) => t,
            Err(e) => {
                serde_json::json!({"error": {"code": e.code().as_str(), "path": e.path(), "message": e.message()}})
                    .to_string()
            }
        };
        writeln!(out, "{text}").map_err(|e| Failure::other(format!("stdout: {e}")))?;
    }
    out.flush().map_err(|e| Failure::other(format!("stdout: {e}")))
}

/// Options `apply_common` reads.
pub const COMMON: &[&str] = &[
    "carrier",
    "exclude-carrier",
    "exclude-service",
    "within",
    "markup",
    "view",
    "packaging",
    "option",
    "hub",
    "declared-value",
];

/// Options shared by `quote` and `batch`: filters, view, options.
pub fn apply_common(args: &Args, s: &mut Shipment) -> Result<(), Failure> {
    let carriers = args.all("carrier");
    s.filters.carriers = (!carriers.is_empty()).then_some(carriers);
    s.filters.exclude_carriers = args.all("exclude-carrier");
    s.filters.exclude_services = args.all("exclude-service");
    if let Some(n) = args.one("within")? {
        s.best_value_days =
            n.parse().map_err(|_| Failure::input(format!("within: {n:?} is not a whole number of days")))?;
    }
    if let Some(v) = args.one("view")? {
        s.view = match v.as_str() {
            "customer" => View::Customer,
            "internal" => View::Internal,
            _ => return Err(Failure::input(format!("view: {v:?} is not customer or internal"))),
        };
    }
    s.options.packaging = args.one("packaging")?;
    s.options.hub = args.one("hub")?;
    let mut flags = args.all("option");
    flags.sort();
    flags.dedup();
    s.options.flags = flags;
    if let Some(v) = args.one("declared-value")? {
        let d = v
            .trim()
            .parse::<rust_decimal::Decimal>()
            .ok()
            .filter(|d| !d.is_sign_negative())
            .ok_or_else(|| Failure::input(format!("declared-value: {v:?} is not an amount")))?;
        s.options.declared_value = Some(d);
    }
    Ok(())
}

/// The readable table.
pub fn render(s: &Shipment, r: &QuoteResult<'_>) -> String {
    let mut out = String::new();
    let dims = s.dims.map_or(String::new(), |d| format!(", {}x{}x{} {}", d.sides[0], d.sides[1], d.sides[2], d.unit));
    out.push_str(&format!(
        "{} → {}, {} {}{dims}{}, ship {}\n\n",
        s.from,
        s.to,
        s.weight.value,
        s.weight.unit,
        if s.residential { ", residential" } else { "" },
        s.ship_date
    ));
    if !r.quotes.is_empty() {
        let w = r.quotes.iter().map(|q| q.service.len()).max().unwrap_or(7).max(7);
        out.push_str(&format!(
            "{:<w$}  {:>4}  {:>9}  {:>10}  {:>4}  {}\n",
            "SERVICE", "ZONE", "BILLABLE", "TOTAL", "DAYS", "CHARGES"
        ));
        let mut sorted: Vec<_> = r.quotes.iter().collect();
        sorted.sort_by_key(|q| q.total);
        for q in sorted {
            let mut charges: Vec<String> = q.lines.iter().map(|l| format!("{} {}", l.code, l.amount)).collect();
            if let (Some(c), Some(m)) = (q.cost, q.margin) {
                charges.push(format!("[cost {c}, margin {m}]"));
            }
            if !q.tags.is_empty() {
                charges.push(format!("<{}>", q.tags.join(", ")));
            }
            let bw = serde_json::to_value(q.billable_weight.value)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            out.push_str(&format!(
                "{:<w$}  {:>4}  {:>9}  {:>10}  {:>4}  {}\n",
                q.service,
                q.zone,
                format!("{bw} {}", q.billable_weight.unit),
                format!("{} {}", q.total, q.currency),
                q.transit_days.map_or(String::from("-"), |d| d.to_string()),
                charges.join(", ")
            ));
        }
    }
    if !r.unavailable.is_empty() {
        out.push_str("\nunavailable:\n");
        for u in &r.unavailable {
            out.push_str(&format!("  {}  {}: {}\n", u.service, u.code, u.message));
        }
    }
    out
}
