//! `zonerate batch`: rates every row of a shipments CSV with every loaded service,
//! writes each row's quotes and cheapest choice, and prints a carrier-mix summary.
//!
//! Input columns (header names, any case; order free):
//! - `from`, `to` — ZIPs (required);
//! - `weight` — `2.5lb`, or a number with the unit in a `weight_unit` column or in the
//!   header (`weight_lb`, `weight_oz`, `weight_kg`, `weight_g`);
//! - `dims` — `12x10x6in`; or `length`, `width`, `height` with a `dim_unit` column or the
//!   unit in the headers (`length_in` …, `length_cm` …);
//! - optional: `id`, `residential` (true/false, yes/no, 1/0), `ship_date` (YYYY-MM-DD;
//!   default `--date` or today), `packaging`, `hub`.

use super::args::Args;
use super::quote::{apply_common, COMMON};
use super::{load, Failure};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use zonerate::shipment::{parse_dims, parse_weight, Shipment};
use zonerate::zip::Zip5;
use zonerate::{Date, RateEngine};

const HELP: &str = "usage: zonerate batch --cards PATH [--cards PATH]... shipments.csv [-o quotes.csv]
                      [--date YYYY-MM-DD] [--threads N] [quote filters and --markup/--view]

Columns: from, to, weight (2.5lb | number + weight_unit column | weight_lb header),
dims (12x10x6in) or length,width,height (+ dim_unit column | length_in headers),
optional id, residential, ship_date, packaging, hub.
Writes one output row per input row: the cheapest choice and every service's total.
Prints a carrier-mix summary: cost per carrier, the cheapest mix, savings against a
USPS-only baseline, by zone and by weight band. Bad rows are reported with their line
number and do not stop the run.";

/// One input row, parsed.
struct Row {
    line: usize,
    id: String,
    shipment: Shipment,
}

/// What rating one row gave.
struct Rated {
    /// (carrier, service, zone, total) of every priced service.
    quotes: Vec<(usize, String, Decimal)>,
}

/// Column lookup by header name.
struct Cols {
    map: BTreeMap<String, usize>,
}

impl Cols {
    fn get<'r>(&self, rec: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.map.get(name).and_then(|i| rec.get(*i)).map(str::trim).filter(|s| !s.is_empty())
    }
    fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
}

fn bool_cell(s: Option<&str>) -> Result<bool, String> {
    match s.map(|s| s.to_ascii_lowercase()) {
        None => Ok(false),
        Some(v) => match v.as_str() {
            "true" | "yes" | "y" | "1" | "residential" => Ok(true),
            "false" | "no" | "n" | "0" | "commercial" => Ok(false),
            _ => Err(format!("residential: {v:?} is not true/false")),
        },
    }
}

fn parse_row(
    cols: &Cols,
    rec: &csv::StringRecord,
    line: usize,
    default_date: Date,
    template: &Shipment,
) -> Result<Row, String> {
    let need = |name: &str| cols.get(rec, name).ok_or_else(|| format!("{name}: is empty"));
    let from = Zip5::parse(need("from")?).map_err(|m| format!("from: {m}"))?;
    let to = Zip5::parse(need("to")?).map_err(|m| format!("to: {m}"))?;
    let weight_text = if let Some(w) = cols.get(rec, "weight") {
        match cols.get(rec, "weight_unit") {
            Some(u) => format!("{w}{u}"),
            None => w.to_string(),
        }
    } else if let Some((unit, w)) =
        ["lb", "oz", "kg", "g"].iter().find_map(|u| cols.get(rec, &format!("weight_{u}")).map(|w| (*u, w)))
    {
        format!("{w}{unit}")
    } else {
        return Err("weight: is empty".into());
    };
    let weight = parse_weight(&weight_text, "weight").map_err(|e| e.to_string())?;
    let dims = if let Some(d) = cols.get(rec, "dims") {
        Some(parse_dims(d, "dims").map_err(|e| e.to_string())?)
    } else {
        let unit_col = cols.get(rec, "dim_unit");
        let side = |n: &str| -> Option<(String, Option<&str>)> {
            if let Some(v) = cols.get(rec, n) {
                return Some((v.to_string(), unit_col));
            }
            ["in", "cm"].iter().find_map(|u| cols.get(rec, &format!("{n}_{u}")).map(|v| (v.to_string(), Some(*u))))
        };
        match (side("length"), side("width"), side("height")) {
            (Some((l, u)), Some((w, _)), Some((h, _))) => {
                let u = u.ok_or("dims: give a dim_unit column or headers like length_in")?;
                Some(parse_dims(&format!("{l}x{w}x{h}{u}"), "dims").map_err(|e| e.to_string())?)
            }
            (None, None, None) => None,
            _ => return Err("dims: length, width and height must all be given".into()),
        }
    };
    let ship_date = match cols.get(rec, "ship_date") {
        Some(d) => d.parse::<Date>().map_err(|m| format!("ship_date: {m}"))?,
        None => default_date,
    };
    let mut s = template.clone();
    s.from = from;
    s.to = to;
    s.weight = weight;
    s.dims = dims;
    s.ship_date = ship_date;
    s.residential = bool_cell(cols.get(rec, "residential"))?;
    if let Some(p) = cols.get(rec, "packaging") {
        s.options.packaging = Some(p.to_string());
    }
    if let Some(h) = cols.get(rec, "hub") {
        s.options.hub = Some(h.to_string());
    }
    Ok(Row { line, id: cols.get(rec, "id").map_or_else(|| line.to_string(), str::to_string), shipment: s })
}

/// Index of each (carrier, service) column of the output.
struct Services {
    list: Vec<(String, String)>,
}

impl Services {
    fn index(&self, carrier: &str, service: &str) -> Option<usize> {
        self.list.iter().position(|(c, s)| c == carrier && s == service)
    }
}

fn rate(engine: &RateEngine, services: &Services, row: &Row) -> Result<(Rated, Option<String>), String> {
    let r = engine.quote(&row.shipment).map_err(|e| e.to_string())?;
    let mut quotes = Vec::with_capacity(r.quotes.len());
    let mut usps_zone = None;
    for q in &r.quotes {
        if let Some(i) = services.index(q.carrier, q.service) {
            quotes.push((i, q.zone.to_string(), q.total.0));
        }
        if q.carrier == "usps" && usps_zone.is_none() {
            usps_zone = Some(q.zone.to_string());
        }
    }
    Ok((Rated { quotes }, usps_zone))
}

/// Weight bands of the summary, in lb (upper bounds inclusive).
const BANDS: &[(&str, Decimal)] = &[
    ("≤ 1 lb", Decimal::ONE),
    ("1–5 lb", Decimal::from_parts(5, 0, 0, false, 0)),
    ("5–10 lb", Decimal::from_parts(10, 0, 0, false, 0)),
    ("10–20 lb", Decimal::from_parts(20, 0, 0, false, 0)),
    ("20–70 lb", Decimal::from_parts(70, 0, 0, false, 0)),
    ("> 70 lb", Decimal::MAX),
];

fn band(s: &Shipment) -> &'static str {
    let lb = s.weight.unit.convert(s.weight.value, zonerate::WeightUnit::Lb);
    BANDS.iter().find(|(_, up)| lb <= *up).map_or("> 70 lb", |(n, _)| n)
}

#[derive(Default, Clone)]
struct Tally {
    rows: usize,
    usps_only: Decimal,
    mix: Decimal,
    compared: usize,
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &[&["cards", "date", "threads", "output"][..], COMMON].concat(), &["quiet"])?;
    let [input] = args.positional.as_slice() else {
        return Err(Failure::input("give exactly one shipments CSV file (see zonerate batch --help)"));
    };
    let default_date = match args.one("date")? {
        Some(d) => d.parse::<Date>().map_err(|m| Failure::input(format!("date: {m}")))?,
        None => Date::today_utc(),
    };
    let mut template = Shipment::simple(
        Zip5::from_u32(0).ok_or_else(|| Failure::other("zip"))?,
        Zip5::from_u32(0).ok_or_else(|| Failure::other("zip"))?,
        parse_weight("1lb", "weight")?,
        None,
        default_date,
    );
    apply_common(&args, &mut template)?;
    let mut engine = load::engine(&args.all("cards"))?;
    if let Some(m) = args.one("markup")? {
        engine.set_markups(load::markups(&m)?);
    }
    let threads: usize = match args.one("threads")? {
        Some(t) => {
            t.parse().ok().filter(|t| *t > 0).ok_or_else(|| Failure::input("threads: must be a whole number > 0"))?
        }
        None => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };

    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(input)
        .map_err(|e| Failure::input(format!("{input}: {e}")))?;
    let headers = reader.headers().map_err(|e| Failure::input(format!("{input}: {e}")))?.clone();
    let cols = Cols { map: headers.iter().enumerate().map(|(i, h)| (h.trim().to_ascii_lowercase(), i)).collect() };
    for req in ["from", "to"] {
        if !cols.has(req) {
            return Err(Failure::input(format!("{input}: no `{req}` column (see zonerate batch --help)")));
        }
    }
    let mut rows = Vec::new();
    let mut bad: Vec<(usize, String, String)> = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let line = i + 2;
        match rec {
            Err(e) => bad.push((line, String::new(), e.to_string())),
            Ok(rec) => match parse_row(&cols, &rec, line, default_date, &template) {
                Ok(r) => rows.push(r),
                Err(m) => bad.push((
                    line,
                    rec.get(cols.map.get("id").copied().unwrap_or(usize::MAX)).unwrap_or("").to_string(),
                    m,
                )),
            },
        }
    }

    let services = Services {
        list: engine
            .cards()
            .iter()
            .flat_map(|c| c.services.iter().map(move |s| (c.doc.carrier.clone(), s.code.clone())))
            .fold(Vec::new(), |mut v, k| {
                if !v.contains(&k) {
                    v.push(k);
                }
                v
            }),
    };

    // Rate in parallel, chunk per thread; a progress bar on a terminal for long runs.
    let total = rows.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let show = total >= 1000 && std::io::stderr().is_terminal() && !args.flag("quiet");
    let chunk = total.div_ceil(threads.max(1)).max(1);
    let mut results: Vec<Result<(Rated, Option<String>), String>> = Vec::with_capacity(total);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|part| {
                let (engine, services, done) = (&engine, &services, &done);
                scope.spawn(move || {
                    let mut out = Vec::with_capacity(part.len());
                    for r in part {
                        out.push(rate(engine, services, r));
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if show && (n % 2000 == 0 || n == total) {
                            let pct = n * 100 / total;
                            let bar = "#".repeat(pct / 4) + &" ".repeat(25 - pct / 4);
                            eprint!("\r[{bar}] {pct:>3}% {n}/{total}");
                        }
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(v) => results.extend(v),
                Err(_) => results.push(Err("internal error: a rating thread stopped".into())),
            }
        }
    });
    if show {
        eprintln!();
    }

    // Per-row output and the summary.
    let mut writer: Option<csv::Writer<Box<dyn Write>>> = match args.one("output")? {
        Some(p) if p != "-" => {
            let f = std::fs::File::create(&p).map_err(|e| Failure::other(format!("{p}: {e}")))?;
            Some(csv::Writer::from_writer(Box::new(std::io::BufWriter::new(f))))
        }
        Some(_) => Some(csv::Writer::from_writer(Box::new(std::io::stdout()))),
        None => None,
    };
    let mut header =
        vec!["line", "id", "from", "to", "weight", "cheapest_carrier", "cheapest_service", "zone", "cheapest_total"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
    header.extend(services.list.iter().map(|(c, s)| format!("{c}:{s}")));
    header.push("error".into());
    let werr = |e: csv::Error| Failure::other(format!("writing quotes: {e}"));
    if let Some(w) = writer.as_mut() {
        w.write_record(&header).map_err(werr)?;
    }

    let n_carriers: Vec<String> = services.list.iter().map(|(c, _)| c.clone()).fold(Vec::new(), |mut v, c| {
        if !v.contains(&c) {
            v.push(c);
        }
        v
    });
    let mut per_carrier: Vec<(Decimal, usize)> = vec![(Decimal::ZERO, 0); n_carriers.len()];
    let mut mix_total = Decimal::ZERO;
    let mut mix_count: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_zone: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_band: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut usps_total = Decimal::ZERO;
    let mut mix_vs_usps = Decimal::ZERO;
    let mut compared = 0usize;
    let mut rated = 0usize;
    let mut unpriced = 0usize;
    for (row, res) in rows.iter().zip(&results) {
        let mut rec = vec![
            row.line.to_string(),
            row.id.clone(),
            row.shipment.from.to_string(),
            row.shipment.to.to_string(),
            format!("{}{}", row.shipment.weight.value, row.shipment.weight.unit),
        ];
        match res {
            Err(m) => {
                bad.push((row.line, row.id.clone(), m.clone()));
                if let Some(w) = writer.as_mut() {
                    rec.extend(std::iter::repeat_n(String::new(), header.len() - rec.len() - 1));
                    rec.push(m.clone());
                    w.write_record(&rec).map_err(werr)?;
                }
            }
            Ok((rated_row, usps_zone)) => {
                let best = rated_row.quotes.iter().min_by_key(|(_, _, t)| *t);
                let mut cells = vec![String::new(); services.list.len()];
                for (i, _, t) in &rated_row.quotes {
                    if let Some(c) = cells.get_mut(*i) {
                        *c = format!("{}", zonerate::Money(*t));
                    }
                }
                match best {
                    None => {
                        unpriced += 1;
                        rec.extend([String::new(), String::new(), String::new(), String::new()]);
                    }
                    Some((i, zone, t)) => {
                        rated += 1;
                        let (c, s) = services.list.get(*i).cloned().unwrap_or_default();
                        mix_total += *t;
                        *mix_count.entry(c.clone()).or_default() += 1;
                        rec.extend([c, s, zone.clone(), format!("{}", zonerate::Money(*t))]);
                        // Per carrier: the cheapest service of that carrier for the row.
                        for (ci, carrier) in n_carriers.iter().enumerate() {
                            let cheapest = rated_row
                                .quotes
                                .iter()
                                .filter(|(i, _, _)| services.list.get(*i).is_some_and(|(c, _)| c == carrier))
                                .map(|(_, _, t)| *t)
                                .min();
                            if let (Some(t), Some(slot)) = (cheapest, per_carrier.get_mut(ci)) {
                                slot.0 += t;
                                slot.1 += 1;
                            }
                        }
                        let usps = rated_row
                            .quotes
                            .iter()
                            .filter(|(i, _, _)| services.list.get(*i).is_some_and(|(c, _)| c == "usps"))
                            .map(|(_, _, t)| *t)
                            .min();
                        let zone_key = usps_zone.clone().unwrap_or_else(|| format!("{zone} (non-USPS)"));
                        for tally in
                            [by_zone.entry(zone_key).or_default(), by_band.entry(band(&row.shipment)).or_default()]
                        {
                            tally.rows += 1;
                            if let Some(u) = usps {
                                tally.usps_only += u;
                                tally.mix += *t;
                                tally.compared += 1;
                            }
                        }
                        if let Some(u) = usps {
                            usps_total += u;
                            mix_vs_usps += *t;
                            compared += 1;
                        }
                    }
                }
                rec.extend(cells);
                rec.push(String::new());
                if let Some(w) = writer.as_mut() {
                    w.write_record(&rec).map_err(werr)?;
                }
            }
        }
    }
    if let Some(mut w) = writer {
        w.flush().map_err(|e| Failure::other(format!("writing quotes: {e}")))?;
    }

    bad.sort_by_key(|b| b.0);
    for (line, id, m) in &bad {
        let id = if id.is_empty() { String::new() } else { format!(" (id {id})") };
        eprintln!("zonerate: {input}: line {line}{id}: {m}");
    }

    let money = |d: Decimal| format!("{}", zonerate::Money(d));
    let pct = |a: Decimal, b: Decimal| {
        if b.is_zero() {
            "-".to_string()
        } else {
            format!("{:.1} %", (a / b * Decimal::ONE_HUNDRED).round_dp(1))
        }
    };
    let mut out = String::new();
    out.push_str(&format!(
        "{} rows: {rated} rated, {unpriced} with no service that takes them, {} bad\n\n",
        rows.len() + bad.iter().filter(|b| !rows.iter().any(|r| r.line == b.0)).count(),
        bad.len()
    ));
    out.push_str("all to one carrier (its cheapest service per row):\n");
    out.push_str(&format!("  {:<10} {:>14} {:>12}\n", "carrier", "cost", "rows taken"));
    for (c, (t, n)) in n_carriers.iter().zip(&per_carrier) {
        out.push_str(&format!("  {:<10} {:>14} {:>7} of {}\n", c, money(*t), n, rated + unpriced));
    }
    out.push_str(&format!("\ncheapest mix: {} over {rated} rows (", money(mix_total)));
    out.push_str(&mix_count.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", "));
    out.push_str(")\n");
    out.push_str(&format!(
        "savings against USPS only: {} of {} ({}) over the {compared} rows USPS takes\n",
        money(usps_total - mix_vs_usps),
        money(usps_total),
        pct(usps_total - mix_vs_usps, usps_total)
    ));
    for (title, table) in [
        ("by USPS zone", by_zone.into_iter().collect::<Vec<_>>()),
        ("by weight band", {
            let mut v: Vec<(String, Tally)> = by_band.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            v.sort_by_key(|(k, _)| BANDS.iter().position(|(n, _)| n == k));
            v
        }),
    ] {
        out.push_str(&format!(
            "\n{title}:\n  {:<18} {:>7} {:>14} {:>14} {:>10}\n",
            "", "rows", "USPS only", "cheapest mix", "savings"
        ));
        for (k, t) in table {
            out.push_str(&format!(
                "  {:<18} {:>7} {:>14} {:>14} {:>10}\n",
                k,
                t.rows,
                money(t.usps_only),
                money(t.mix),
                pct(t.usps_only - t.mix, t.usps_only)
            ));
        }
    }
    if args.one("output")?.as_deref() == Some("-") {
        eprint!("{out}");
    } else {
        print!("{out}");
    }
    Ok(())
}
