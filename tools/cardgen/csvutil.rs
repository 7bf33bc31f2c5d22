//! Minimal reader for the reference CSVs (comma-separated, no quoting, header row).

use std::path::Path;

/// A CSV file: header and rows of cells.
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn read(path: &Path) -> Result<Csv, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Csv::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Csv, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<String> = lines.next().ok_or("empty file")?.split(',').map(|s| s.trim().to_string()).collect();
        let mut rows = Vec::new();
        for (i, l) in lines.enumerate() {
            let cells: Vec<String> = l.split(',').map(|s| s.trim().to_string()).collect();
            if cells.len() != header.len() {
                return Err(format!("line {}: {} cells, header has {}", i + 2, cells.len(), header.len()));
            }
            rows.push(cells);
        }
        Ok(Csv { header, rows })
    }

    pub fn col(&self, name: &str) -> Result<usize, String> {
        self.header.iter().position(|h| h == name).ok_or_else(|| format!("no column {name:?}"))
    }
}
