//! Structured shipments (ZIPs, weights with units, dimensions, dates, options, several
//! parcels, views, markups) quoted against every shipped card: no panic, lines add up to
//! the total, the JSON API gives the same answer, quoting twice gives the same answer,
//! and a fingerprinted quote verifies.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use zonerate_fuzz::{check, full_engine, marked_engine, today, ZIPS};

#[derive(Arbitrary, Debug)]
enum ZipIn {
    Known(u8),
    Any(u32),
    Plus4(u8, u16),
}

impl ZipIn {
    fn text(&self) -> String {
        let known = |i: &u8| ZIPS.get(usize::from(*i) % ZIPS.len()).copied().unwrap_or("10001");
        match self {
            ZipIn::Known(i) => known(i).to_string(),
            ZipIn::Any(n) => format!("{:05}", n % 100_000),
            ZipIn::Plus4(i, p) => format!("{}-{:04}", known(i), p % 10_000),
        }
    }
}

/// mantissa / 10^(scale % 7), written as a plain decimal: below 1000 unless the top bit
/// of the mantissa is set (then anything a u32 gives, so absurd sizes come up too); or
/// one of the extremes of what a decimal holds.
#[derive(Arbitrary, Debug)]
struct Num {
    mantissa: u32,
    scale: u8,
    extreme: Option<u8>,
}

const EXTREMES: &[&str] = &[
    "79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "99999999999999999999",
    "20000",
    "20000.0000000000000000000001",
    "2000",
    "5080",
    "0.0001",
];

impl Num {
    fn text(&self) -> String {
        if let Some(e) = self.extreme {
            return EXTREMES[usize::from(e) % EXTREMES.len()].to_string();
        }
        let scale = u32::from(self.scale % 7);
        let m = u64::from(self.mantissa);
        let m = if m & 0x8000_0000 != 0 { m & 0x7fff_ffff } else { m % 10u64.pow(scale + 3) };
        let m = m.max(1);
        let p = 10u64.pow(scale);
        if scale == 0 {
            m.to_string()
        } else {
            format!("{}.{:0width$}", m / p, m % p, width = scale as usize)
        }
    }
}

#[derive(Arbitrary, Debug)]
enum WUnit {
    Oz,
    Lb,
    G,
    Kg,
}

#[derive(Arbitrary, Debug)]
struct WeightIn {
    n: Num,
    unit: WUnit,
    as_object: bool,
}

impl WeightIn {
    fn json(&self) -> Value {
        let unit = match self.unit {
            WUnit::Oz => "oz",
            WUnit::Lb => "lb",
            WUnit::G => "g",
            WUnit::Kg => "kg",
        };
        if self.as_object {
            json!({"value": self.n.text(), "unit": unit})
        } else {
            json!(format!("{}{unit}", self.n.text()))
        }
    }
}

#[derive(Arbitrary, Debug)]
struct DimsIn {
    l: Num,
    w: Num,
    h: Num,
    cm: bool,
    as_object: bool,
}

impl DimsIn {
    fn json(&self) -> Value {
        let unit = if self.cm { "cm" } else { "in" };
        if self.as_object {
            json!({"length": self.l.text(), "width": self.w.text(), "height": self.h.text(), "unit": unit})
        } else {
            json!(format!("{}x{}x{}{unit}", self.l.text(), self.w.text(), self.h.text()))
        }
    }
}

#[derive(Arbitrary, Debug)]
struct PieceIn {
    weight: WeightIn,
    dims: Option<DimsIn>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    from: ZipIn,
    to: ZipIn,
    weight: WeightIn,
    dims: Option<DimsIn>,
    parcels: Vec<PieceIn>,
    date: Option<u16>,
    residential: bool,
    flags: u8,
    packaging: Option<u8>,
    declared: Option<Num>,
    hub: Option<u8>,
    internal: bool,
    fingerprint: bool,
    marked: bool,
}

const FLAGS: &[&str] = &["signature", "adult_signature", "insurance", "saturday", "hazmat", "cod", "pickup", "x"];
const PACKAGING: &[&str] = &["box", "tube", "roll", "can", "wooden_box", "metal_box", "liquid", "nonstandard", "soft"];
const HUBS: &[&str] = &["LAX", "CNO", "DFW", "ORD", "PHX", "CMH", "ATL", "JFK", "EWR", "SEA", "XXX"];

fn shipment(i: &Input) -> Value {
    let mut s = json!({"from": i.from.text(), "to": i.to.text(), "residential": i.residential});
    let parcels: Vec<&PieceIn> = i.parcels.iter().take(5).collect();
    if parcels.len() >= 2 {
        s["parcels"] = parcels
            .iter()
            .map(|p| {
                let mut v = json!({"weight": p.weight.json()});
                if let Some(d) = &p.dims {
                    v["dimensions"] = d.json();
                }
                v
            })
            .collect();
    } else {
        s["weight"] = i.weight.json();
        if let Some(d) = &i.dims {
            s["dimensions"] = d.json();
        }
    }
    if let Some(days) = i.date {
        // 2024-01-01 and about four years on: every card edition and the gaps between.
        let d = zonerate::Date::new(2024, 1, 1).map(|d| d.add_days(i64::from(days % 1500)));
        if let Some(d) = d {
            s["shipDate"] = json!(d.to_string());
        }
    }
    let flags: Vec<&str> = FLAGS.iter().enumerate().filter(|(k, _)| i.flags & (1 << k) != 0).map(|(_, f)| *f).collect();
    let mut options = json!({"flags": flags});
    if let Some(p) = i.packaging {
        options["packaging"] = json!(PACKAGING[usize::from(p) % PACKAGING.len()]);
    }
    if let Some(v) = &i.declared {
        options["declaredValue"] = json!(v.text());
    }
    if let Some(h) = i.hub {
        options["hub"] = json!(HUBS[usize::from(h) % HUBS.len()]);
    }
    s["options"] = options;
    if i.internal {
        s["view"] = json!("internal");
    }
    if i.fingerprint {
        s["fingerprint"] = json!(true);
    }
    s
}

fuzz_target!(|input: Input| {
    let text = shipment(&input).to_string();
    let engine = if input.marked { marked_engine() } else { full_engine() };
    let Ok(s) = zonerate::shipment_from_json(&text, today()) else { return };
    let Ok(r) = engine.quote(&s) else { return };
    check(&r);
    let again = engine.quote(&s).map(|r2| r2 == r);
    assert_eq!(again, Ok(true), "quoting twice differs for {text}");
    let direct = serde_json::to_string(&r).unwrap_or_default();
    let via_api = zonerate::api::quote_json(engine, &text, today()).unwrap_or_default();
    assert_eq!(direct, via_api, "quote_json differs from quote for {text}");
    if input.fingerprint && input.date.is_some() {
        for q in &r.quotes {
            let claimed = serde_json::to_string(q).unwrap_or_default();
            let v = zonerate::api::verify_quote_json(engine, &text, &claimed, today()).unwrap_or_default();
            let v: Value = serde_json::from_str(&v).unwrap_or(Value::Null);
            assert_eq!(v["valid"], json!(true), "own quote does not verify: {text} {claimed} {v}");
        }
    }
});
