//! `zonerate validate`: every load error of a card, and warnings about what is probably
//! wrong (see `zonerate::validate`).

use super::args::Args;
use super::Failure;
use std::sync::Arc;
use zonerate::card::Card;
use zonerate::date::Date;
use zonerate::validate::{validate, Finding, Report};
use zonerate::vecmap::VecMap;
use zonerate::zones::ZoneTable;

const HELP: &str =
    "usage: zonerate validate card.json [card.json]... [--with zones.json]... [--json] [--today YYYY-MM-DD]

Checks each card: errors (what stops it loading, each with its path: overlapping
brackets, price lists shorter than the zones, steps of 0, unknown zone tables,
surcharges or ZIP sets, …) and warnings (a zone of a zone table without a price
column, empty cells above priced ones, prices that fall as the weight rises,
surcharges that can never apply or that no service lists, empty ZIP sets, periods
already over, …). Exit status 0 when there are only warnings, 2 on any error.

  --with CARD     a card whose zone tables the checked cards may use (repeatable);
                  zones-only cards given as arguments are used the same way
  --json          print {\"files\": [{\"file\", \"errors\": [...], \"warnings\": [...]}], ...}
  --today D       the date periods are compared with (default: today, UTC)";

fn read(path: &str) -> Result<zonerate::CardDoc, Finding> {
    let text = std::fs::read_to_string(path).map_err(|e| Finding {
        code: "io".into(),
        path: String::new(),
        message: format!("cannot read: {e}"),
    })?;
    zonerate::card::parse_card(&text).map_err(|e| Finding {
        code: e.code().as_str().into(),
        path: e.path().into(),
        message: e.message().into(),
    })
}

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["with", "today"], &["json"])?;
    if args.positional.is_empty() {
        return Err(Failure::input("give one or more card files (see zonerate validate --help)"));
    }
    let today = match args.one("today")? {
        Some(d) => d.parse::<Date>().map_err(|m| Failure::input(format!("today: {m}")))?,
        None => Date::today_utc(),
    };
    // Zone tables other cards may use: from --with cards and from the cards checked.
    let mut shared: VecMap<Arc<ZoneTable>> = VecMap::new();
    for w in args.all("with") {
        let doc = read(&w).map_err(|f| Failure::input(format!("{w}: {}: {}", f.path, f.message)))?;
        let card = Card::compile(doc, &shared).map_err(|e| Failure::input(format!("{w}: {e}")))?;
        shared.extend(card.zone_tables);
    }
    let mut docs = Vec::new();
    for f in &args.positional {
        let d = read(f);
        if let Ok(doc) = &d {
            if doc.services.is_empty() {
                if let Ok(card) = Card::compile(doc.clone(), &VecMap::new()) {
                    shared.extend(card.zone_tables);
                }
            }
        }
        docs.push((f.clone(), d));
    }
    let mut reports: Vec<(String, Report)> = Vec::new();
    for (f, d) in docs {
        let report = match d {
            Ok(doc) => validate(&doc, &shared, today),
            Err(finding) => Report { errors: vec![finding], warnings: vec![] },
        };
        reports.push((f, report));
    }
    let errors: usize = reports.iter().map(|(_, r)| r.errors.len()).sum();
    let warnings: usize = reports.iter().map(|(_, r)| r.warnings.len()).sum();
    if args.flag("json") {
        let files: Vec<serde_json::Value> = reports
            .iter()
            .map(|(f, r)| serde_json::json!({"file": f, "errors": r.errors, "warnings": r.warnings}))
            .collect();
        let v = serde_json::json!({"files": files, "errors": errors, "warnings": warnings});
        println!("{}", serde_json::to_string_pretty(&v).map_err(|e| Failure::other(e.to_string()))?);
    } else {
        for (f, r) in &reports {
            println!("{f}: {} error(s), {} warning(s)", r.errors.len(), r.warnings.len());
            for e in &r.errors {
                println!(
                    "  error   [{}] {}: {}",
                    e.code,
                    if e.path.is_empty() { "(card)" } else { &e.path },
                    e.message
                );
            }
            for w in &r.warnings {
                println!("  warning [{}] {}: {}", w.code, w.path, w.message);
            }
        }
    }
    if errors > 0 {
        return Err(Failure::input(format!(
            "{errors} error(s) in {} card(s)",
            reports.iter().filter(|(_, r)| !r.errors.is_empty()).count()
        )));
    }
    Ok(())
}
