//! Regional carrier cards (OnTrac public list prices; illustrative GOFO, UniUni,
//! SpeedX, SwiftX). Filled in by the carrier-mix work.

use std::path::Path;
use zonerate::card::format::CardDoc;

pub fn build(_data: &Path) -> Result<Vec<(String, CardDoc)>, String> {
    Ok(Vec::new())
}
