//! The engine reads cards and markup rules with `zonerate::json` (`FromJson`) and writes
//! the canonical form behind content hashes with `ToJson`; the command-line tools still
//! use the serde derives of the same types. Both must mean the same JSON: for every
//! shipped card, every example card of `docs/rate-card-format.md` (each is a file under
//! `docs/examples/`) and every markup rule set, both parsers give the same document and
//! both writers the same bytes.

use std::path::{Path, PathBuf};
use zonerate::card::format::CardDoc;
use zonerate::json::{self, ToJson};
use zonerate::markup::{MarkupDoc, MarkupRule};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn card_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    json_files(&root().join("cards"), &mut files);
    let shipped = files.len();
    json_files(&root().join("docs/examples"), &mut files);
    assert!(shipped >= 9 && files.len() >= shipped + 16, "found {} card files", files.len());
    files.sort();
    files
}

#[test]
fn every_card_reads_and_writes_as_with_serde() {
    for p in card_files() {
        let name = p.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        let by_serde: CardDoc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours: CardDoc = json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(ours == by_serde, "{name}: FromJson reads another card than serde");
        let serde_text = serde_json::to_string(&by_serde).unwrap();
        assert!(by_serde.to_json() == serde_text, "{name}: ToJson writes other bytes than serde_json");
        // Decimals compare by value: the bytes also show that every scale was kept.
        assert!(ours.to_json() == serde_text, "{name}: FromJson then ToJson differs from serde");
        // The hash is over the card without its `hash`, as before.
        let mut unhashed = by_serde.clone();
        unhashed.hash = None;
        let canonical = serde_json::to_string(&unhashed).unwrap();
        assert_eq!(zonerate::integrity::canonical_json(&ours), canonical, "{name}");
        assert_eq!(
            zonerate::integrity::card_hash(&ours),
            zonerate::integrity::sha256_hex(canonical.as_bytes()),
            "{name}"
        );
        if let Some(h) = &ours.hash {
            assert_eq!(&zonerate::integrity::card_hash(&ours), h, "{name}: the stated hash still holds");
        }
    }
}

#[test]
fn every_markup_rule_set_reads_and_writes_as_with_serde() {
    let mut sets: Vec<(String, String)> = ["examples/markups/standard.json", "www/shop/markup.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(root().join(f)).unwrap()))
        .collect();
    // Every field and kind, `of` given and defaulted, scopes on and off.
    sets.push((
        "inline".into(),
        r#"{"format":"zonerate.markup/1","rules":[
            {"code":"a","label":"A \"quoted\" é","type":"percent","percent":"10.50","carriers":["usps"],"services":[]},
            {"code":"b","label":"B","type":"percent","percent":2.5,"of":"running"},
            {"code":"c","label":"C","type":"fixed","amount":"0.50"},
            {"code":"z","label":"Z","type":"perZone","zones":["1","2"],"amounts":["1.25","2.00"]},
            {"code":"m","label":"M","type":"minMargin","amount":"2.00","services":["x","y"]}]}"#
            .into(),
    ));
    for (name, text) in sets {
        let by_serde: MarkupDoc = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours: MarkupDoc = json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(ours, by_serde, "{name}");
        assert_eq!(ours.to_json(), serde_json::to_string(&by_serde).unwrap(), "{name}");
        // The engine's markup hash is over the rule list.
        let rules: Vec<MarkupRule> = zonerate::markup::parse_markups(&text).unwrap();
        assert_eq!(rules.to_json(), serde_json::to_string(&by_serde.rules).unwrap(), "{name}");
    }
}

#[test]
fn every_optional_field_writes_as_with_serde() {
    // A card using every field the shipped cards leave out or default.
    let text = r#"{
      "format": "zonerate/1", "id": "all", "version": "v1", "carrier": "x", "carrierName": "X \u00e9",
      "currency": "EUR", "weightUnit": "kg", "dimUnit": "cm", "priceType": "contract", "bracketRule": "under",
      "effective": {"to": "2026-12-31"}, "source": "s", "illustrative": true, "sellOnly": true, "hash": "sha256:00",
      "zipSets": {"b": "941*", "a": "10001-10006"},
      "zoneTables": {
        "z5": {"kind": "zip5", "effective": {"from": "2026-01-01"}, "warning": "w", "labels": ["1", "2"],
               "hubs": [{"code": "LAX", "origins": "9*", "zones": {"2": "8*", "1": "9*"}, "exclude": "99999"}]},
        "z3": {"kind": "zip3", "labels": ["1"], "origins": {}, "exceptions": [{"origin": "100", "from": "10001", "to": "10002", "zone": "1"}]}
      },
      "surcharges": [
        {"code": "f", "label": "F", "when": {"residential": true, "zones": ["1"], "destIn": "a", "destNotIn": "b",
          "options": ["sig"], "packaging": ["tube"], "weight": {"over": "1"}, "billableWeight": {"upTo": "2"},
          "length": {}, "width": {"over": 0.5}, "height": {"upTo": 3}, "girth": {"over": "1", "upTo": "2"},
          "lengthPlusGirth": {}, "volume": {}, "declaredValue": {}, "any": [{"residential": false}, {}]},
         "charge": {"type": "perWeight", "amount": "0.10", "unit": "oz"}, "group": "g",
         "effective": {"from": "2026-01-01", "to": "2026-02-01"}, "minBillableWeight": "5"},
        {"code": "p", "label": "P", "charge": {"type": "percent", "percent": "3", "of": ["base", "f"]}},
        {"code": "t", "label": "T", "charge": {"type": "table", "zones": ["1"], "rows": [{"upTo": "1", "amounts": ["1", null]}, {"amounts": ["2"]}]}},
        {"code": "v", "label": "V", "charge": {"type": "valueTiers", "rows": [{"upTo": "100", "amount": "0"}, {"amount": "1.5"}]}},
        {"code": "zz", "label": "Z", "charge": {"type": "perZone", "zones": ["1", "2"], "amounts": [null, "1"]}}
      ],
      "services": [{
        "code": "s", "name": "S", "priceType": "retail", "effective": {}, "bracketRule": "notOver",
        "zones": ["z5", "z3"], "fallbackZones": ["n"],
        "billable": {"dimWeight": {"divisor": "139", "threshold": "1728", "dimRounding": {"mode": "nearest", "increment": "1"},
                     "resultRounding": {"mode": "up", "increment": "0.5"}, "zones": ["1"]},
                     "rounding": [{"mode": "up", "increment": "1"}, {"over": "1", "mode": "down", "increment": "0.25"}]},
        "limits": [{"measure": "lengthPlusGirth", "max": "108", "code": "c", "message": "m"}, {"measure": "declaredValue", "max": "5000"}],
        "table": {"key": "cubic", "zones": ["1", "2"], "rows": [
            {"upTo": "0.1", "prices": ["1.00", null]},
            {"upTo": "5", "mode": "unit", "prices": ["0.5", "0.6"]},
            {"upTo": "10", "mode": "step", "first": ["5", "6"], "firstPrice": [null, "2"], "step": "1", "stepPrice": ["0.1", "0.2"]},
            {"mode": "progressive", "tiers": [{"over": "10", "upTo": "20", "step": "1", "stepPrice": ["1", "2"]}, {"over": "20", "step": "2", "stepPrice": ["3", "4"]}]}
          ],
          "special": [{"code": "big", "label": "Big", "when": {"length": {"over": "22"}}, "prices": ["9", null]}],
          "cubic": {"dimRounding": {"mode": "down", "increment": "0.25"}, "tierRounding": {"mode": "up", "increment": "0.1"}}},
        "minCharge": "1", "maxCharge": "1000.00", "surcharges": ["f", "p"], "transitDays": [1, null]
      }, {"code": "e", "name": "E", "zones": "z5", "billable": {}, "table": {"key": "weight", "zones": [], "rows": [{"mode": "flat"}]}}]
    }"#;
    let by_serde: CardDoc = serde_json::from_str(text).unwrap();
    let ours: CardDoc = json::from_str(text).unwrap();
    assert_eq!(ours, by_serde);
    let serde_text = serde_json::to_string(&by_serde).unwrap();
    assert_eq!(ours.to_json(), serde_text);
    assert!(serde_text.contains(r#""hash":"sha256:00""#));
    let mut unhashed = by_serde.clone();
    unhashed.hash = None;
    assert_eq!(zonerate::integrity::canonical_json(&ours), serde_json::to_string(&unhashed).unwrap());
}
