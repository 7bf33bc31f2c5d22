//! Times the phases of loading the USPS cards (parse, compile, hash).
use std::time::Instant;
fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let texts: Vec<String> = ["usps/usps-zones.json", "usps/usps-2025-10-05.json", "usps/usps-2026-07-12.json"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join("cards").join(f)).unwrap())
        .collect();
    for _ in 0..3 {
        let t = Instant::now();
        let docs: Vec<zonerate::CardDoc> = texts.iter().map(|t| zonerate::card::parse_card(t).unwrap()).collect();
        let parse = t.elapsed();
        let t = Instant::now();
        let plain: Vec<zonerate::CardDoc> = texts.iter().map(|t| serde_json::from_str(t).unwrap()).collect();
        let plain_parse = t.elapsed();
        let t = Instant::now();
        for d in &docs {
            std::hint::black_box(zonerate::integrity::card_hash(d));
        }
        let hash = t.elapsed();
        let t = Instant::now();
        let mut shared = zonerate::vecmap::VecMap::new();
        for d in docs {
            let c = zonerate::card::Card::compile(d, &shared).unwrap();
            for (k, v) in &c.zone_tables {
                shared.insert(k.clone(), v.clone());
            }
        }
        let compile = t.elapsed();
        drop(plain);
        println!("parse {:?} (plain serde {:?}), hash {:?}, compile {:?}", parse, plain_parse, hash, compile);
    }
}
