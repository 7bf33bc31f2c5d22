//! `zonerate hash` (card content hashes) and `zonerate verify` (check a quote computed
//! elsewhere against these cards).

use super::args::Args;
use super::{load, Failure};
use zonerate::Date;

const HASH_HELP: &str = "usage: zonerate hash CARD.json... [--write]

Prints each card's content hash (sha256 over its canonical JSON, without the `hash`
field). With --write, stores it in the card's `hash` field, so that any later edit makes
the card refuse to load until it is hashed again. A loader can also require a given hash
(JS: engine.addCard(card, hash)).";

const VERIFY_HELP: &str = "usage: zonerate verify --cards PATH... --shipment shipment.json --quote quote.json

Quotes the shipment (JSON, with shipDate) again with these cards and checks the claimed
quote (one entry of `quotes`, asked for with \"fingerprint\": true) field for field and by
fingerprint. Prints the verification as JSON; exit status 0 when valid, 1 when not.";

pub fn hash(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{HASH_HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &[], &["write"])?;
    if args.positional.is_empty() {
        return Err(Failure::input("give one or more card files"));
    }
    for path in &args.positional {
        let text = std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{path}: {e}")))?;
        let mut doc = zonerate::card::parse_card(&text).map_err(|e| Failure::input(format!("{path}: {e}")))?;
        let h = zonerate::integrity::card_hash(&doc);
        println!("{h}  {path}");
        if args.flag("write") {
            // Write the hash into the text itself, keeping the file's own layout.
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Failure::input(format!("{path}: {e}")))?;
            let new_text = if value.get("hash").is_some() {
                doc.hash = Some(h.clone());
                serde_json::to_string_pretty(&doc).map_err(|e| Failure::other(e.to_string()))? + "\n"
            } else {
                let t = text.trim_start();
                let rest = t.strip_prefix('{').ok_or_else(|| Failure::input(format!("{path}: not a JSON object")))?;
                format!("{{\n  \"hash\": \"{h}\",{rest}")
            };
            super::sheets::write_atomic(std::path::Path::new(path), new_text.as_bytes())?;
        }
    }
    Ok(())
}

pub fn verify(argv: &[String]) -> Result<(), Failure> {
    if argv.iter().any(|a| a == "--help" || a == "-h") {
        println!("{VERIFY_HELP}");
        return Ok(());
    }
    let args = Args::parse(argv, &["cards", "shipment", "quote", "markup"], &[])?;
    let mut engine = load::engine(&args.all("cards"))?;
    if let Some(m) = args.one("markup")? {
        engine.set_markups(load::markups(&m)?);
    }
    let read = |name: &str| -> Result<String, Failure> {
        let p = args.required(name)?;
        std::fs::read_to_string(&p).map_err(|e| Failure::input(format!("--{name} {p}: {e}")))
    };
    let out = zonerate::api::verify_quote_json(&engine, &read("shipment")?, &read("quote")?, Date::today_utc())?;
    println!("{out}");
    let valid = serde_json::from_str::<serde_json::Value>(&out)
        .ok()
        .and_then(|v| v.get("valid").and_then(|b| b.as_bool()))
        .unwrap_or(false);
    if valid {
        Ok(())
    } else {
        Err(Failure::other("the quote does not verify"))
    }
}
