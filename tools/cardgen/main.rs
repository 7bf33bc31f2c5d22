//! zonerate-cardgen: builds the rate cards shipped in `cards/` from the reference data
//! (`../shared/data`: USPS Notice 123 tables, USPS zone charts, OnTrac public data).
//!
//! Usage: `zonerate-cardgen --data ../shared/data --out cards`
//!
//! Every number in the output comes from a data file or from a constant below that
//! names its source; nothing is typed into the cards by hand. `tests/cards_fresh.rs`
//! regenerates the cards and fails when the committed ones differ.

mod csvutil;
mod regional;
mod usps;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut data = PathBuf::from("../shared/data");
    let mut out = PathBuf::from("cards");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().map(PathBuf::from).unwrap_or(data),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            "-h" | "--help" => {
                println!("zonerate-cardgen --data DIR --out DIR");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("zonerate-cardgen: unknown argument {other:?}");
                return ExitCode::from(2);
            }
        }
    }
    match run(&data, &out) {
        Ok(files) => {
            for (f, n) in files {
                println!("{n:>9} bytes  {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zonerate-cardgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(data: &std::path::Path, out: &std::path::Path) -> Result<Vec<(PathBuf, usize)>, String> {
    let mut written = Vec::new();
    let mut cards = usps::build(data)?;
    cards.extend(regional::build(data)?);
    // Check every card by loading it, in order, into one engine before writing any.
    let mut engine = zonerate::RateEngine::new();
    let mut texts = Vec::new();
    for (rel, doc) in cards {
        let text = zonerate::card::layout::to_json(&doc)?;
        engine.add_card_json(&text).map_err(|e| format!("{rel}: generated card is invalid: {e}"))?;
        texts.push((out.join(rel), text));
    }
    for (path, text) in texts {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push((path, text.len()));
    }
    Ok(written)
}
