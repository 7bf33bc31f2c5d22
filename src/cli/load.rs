//! Loading cards from files and folders into an engine.

use super::Failure;
use std::path::{Path, PathBuf};
use zonerate::{CardDoc, RateEngine};

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let meta = std::fs::metadata(path).map_err(|e| Failure::input(format!("--cards {}: {e}", path.display())))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Failure::input(format!("--cards {}: {e}", path.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
    Ok(())
}

/// Card files named by `--cards` (files, or folders searched recursively for *.json).
pub fn card_files(paths: &[String]) -> Result<Vec<PathBuf>, Failure> {
    if paths.is_empty() {
        return Err(Failure::input("--cards is required (a card file or a folder of cards)"));
    }
    let mut files = Vec::new();
    for p in paths {
        collect(Path::new(p), &mut files)?;
    }
    Ok(files)
}

/// Loads every card; cards that only hold zone tables go first so that services can
/// reference them. Any bad card stops the load with its file and field.
pub fn engine(paths: &[String]) -> Result<RateEngine, Failure> {
    let mut docs: Vec<(PathBuf, CardDoc)> = Vec::new();
    for f in card_files(paths)? {
        let text = std::fs::read_to_string(&f).map_err(|e| Failure::input(format!("{}: {e}", f.display())))?;
        if text.len() > zonerate::engine::MAX_CARD_BYTES {
            return Err(Failure::input(format!(
                "{}: card is larger than {} bytes",
                f.display(),
                zonerate::engine::MAX_CARD_BYTES
            )));
        }
        let doc = zonerate::card::parse_card(&text).map_err(|e| Failure::in_file(&f.display().to_string(), &e))?;
        docs.push((f, doc));
    }
    docs.sort_by_key(|(_, d)| !d.services.is_empty());
    let mut engine = RateEngine::new();
    for (f, doc) in docs {
        engine.add_card(doc).map_err(|e| Failure::in_file(&f.display().to_string(), &e))?;
    }
    Ok(engine)
}

/// Reads a markup rule file.
pub fn markups(path: &str) -> Result<Vec<zonerate::markup::MarkupRule>, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::input(format!("--markup {path}: {e}")))?;
    zonerate::markup::parse_markups(&text).map_err(|e| Failure::in_file(path, &e))
}
