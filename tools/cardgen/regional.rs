//! Regional carrier cards: OnTrac from its public zone and coverage data and its public
//! list surcharges (domain.md §11), with an illustrative base table; and four
//! illustrative sample cards (GOFO, UniUni, SpeedX, SwiftX) that follow the structure
//! of §6 and §11 and use, between them, every pricing mode of §3.
//!
//! Nothing here is typed into a card by hand: ZIP lists are computed from the OnTrac
//! CSVs, or for the sample carriers from the region and hub rules below; prices come
//! from the small formulas and tables below, each marked public or illustrative.

use crate::csvutil::Csv;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;
use zonerate::card::format::*;
use zonerate::date::{Date, Period};
use zonerate::rounding::{RoundMode, Rounding};
use zonerate::units::{LengthUnit, WeightUnit};
use zonerate::vecmap::VecMap;

// ---------------------------------------------------------------------------------
// Small constructors.

fn d(s: &str) -> Decimal {
    // Only called on constants of this file.
    Decimal::from_str(s).unwrap_or_default()
}

/// An amount from whole cents.
fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn date(s: &str) -> Option<Date> {
    Date::from_str(s).ok()
}

fn labels(from: u8, to: u8) -> Vec<String> {
    (from..=to).map(|z| z.to_string()).collect()
}

fn money(v: &[i64]) -> Vec<Option<Decimal>> {
    v.iter().map(|c| Some(cents(*c))).collect()
}

fn money_req(v: &[i64]) -> Vec<Decimal> {
    v.iter().map(|c| cents(*c)).collect()
}

fn range(over: Option<&str>, up_to: Option<&str>) -> Option<RangeDef> {
    Some(RangeDef { over: over.map(d), up_to: up_to.map(d) })
}

fn over(v: &str) -> Option<RangeDef> {
    range(Some(v), None)
}

fn charge(kind: ChargeType) -> ChargeDef {
    ChargeDef { kind, amount: None, percent: None, of: None, zones: None, amounts: None, rows: None, unit: None }
}

fn flat(amount: Decimal) -> ChargeDef {
    ChargeDef { amount: Some(amount), ..charge(ChargeType::Flat) }
}

fn per_zone(zones: Vec<String>, amounts: Vec<Option<Decimal>>) -> ChargeDef {
    ChargeDef { zones: Some(zones), amounts: Some(amounts.into()), ..charge(ChargeType::PerZone) }
}

/// A percentage of every line computed before it (fuel on the subtotal).
fn pct_of_subtotal(percent: &str) -> ChargeDef {
    ChargeDef { percent: Some(d(percent)), of: Some(vec!["subtotal".into()]), ..charge(ChargeType::Percent) }
}

fn surcharge(code: &str, label: &str, when: Option<Condition>, charge: ChargeDef) -> SurchargeDef {
    SurchargeDef {
        code: code.into(),
        label: label.into(),
        when,
        charge,
        group: None,
        effective: None,
        min_billable_weight: None,
    }
}

fn limit(measure: Measure, max: &str, message: Option<&str>) -> LimitDef {
    LimitDef { measure, max: d(max), code: None, message: message.map(str::to_string) }
}

fn up(increment: &str) -> Rounding {
    Rounding { mode: RoundMode::Up, increment: d(increment) }
}

fn flat_row(up_to: Decimal, prices: Vec<Option<Decimal>>) -> RowDef {
    RowDef { up_to: Some(up_to), prices: Some(prices.into()), ..Default::default() }
}

fn unit_row(up_to: Option<Decimal>, prices: Vec<Option<Decimal>>) -> RowDef {
    RowDef { up_to, mode: RowMode::Unit, prices: Some(prices.into()), ..Default::default() }
}

fn empty_card(
    id: &str,
    carrier: &str,
    name: &str,
    source: String,
    illustrative: bool,
    price_type: PriceType,
) -> CardDoc {
    CardDoc {
        format: FORMAT_V1.into(),
        id: id.into(),
        version: None,
        carrier: carrier.into(),
        carrier_name: Some(name.into()),
        currency: "USD".into(),
        weight_unit: WeightUnit::Lb,
        dim_unit: LengthUnit::In,
        price_type: Some(price_type),
        bracket_rule: BracketRule::NotOver,
        effective: Period::default(),
        source: Some(source),
        illustrative,
        sell_only: false,
        hash: None,
        zone_tables: VecMap::new(),
        zip_sets: VecMap::new(),
        surcharges: vec![],
        services: vec![],
    }
}

#[allow(clippy::too_many_arguments)]
fn service(
    code: &str,
    name: &str,
    zones: &str,
    billable: BillableDef,
    limits: Vec<LimitDef>,
    table: TableDef,
    surcharges: &[&str],
    transit: &[u32],
) -> ServiceDef {
    ServiceDef {
        fallback_zones: None,
        code: code.into(),
        name: name.into(),
        price_type: None,
        effective: None,
        bracket_rule: None,
        zones: OneOrMany::One(zones.into()),
        billable,
        limits,
        table,
        min_charge: None,
        max_charge: None,
        surcharges: surcharges.iter().map(|s| s.to_string()).collect(),
        transit_days: Some(transit.iter().map(|t| Some(*t)).collect()),
    }
}

/// Collapses sorted ZIP numbers into single ZIPs and ranges of consecutive ZIPs
/// (`01001-01005`). Only truly consecutive numbers are joined: a ZIP missing from the
/// list stays uncovered.
fn runs(zips: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut it = zips.iter().copied().peekable();
    while let Some(first) = it.next() {
        let mut last = first;
        while it.peek() == Some(&(last + 1)) {
            last += 1;
            it.next();
        }
        out.push(if first == last { format!("{first:05}") } else { format!("{first:05}-{last:05}") });
    }
    out.join(" ")
}

// ---------------------------------------------------------------------------------
// OnTrac.

/// Hub PHX: OnTrac's Phoenix facility. The zone column `phx_zone` is measured from it;
/// we send every Arizona ZIP3 (850–853, 855–857, 859–860, 863–865) through it, on the
/// assumption that Arizona pickups are sorted at Phoenix (the data has one Arizona
/// origin only).
const ONTRAC_PHX_ORIGINS: &str = "850* 851* 852* 853* 855* 856* 857* 859* 860* 863* 864* 865*";
/// Hub CMH: OnTrac's Columbus facility (`cmh_zone`). Central Ohio within about 75 miles
/// of Columbus: 430–432 Columbus, 433 Marion, 437–438 Zanesville/Cambridge, 457 Athens.
const ONTRAC_CMH_ORIGINS: &str = "430* 431* 432* 433* 437* 438* 457*";

/// OnTrac public list surcharges (domain.md §11, list prices 2025–26).
const ONTRAC_RESIDENTIAL: i64 = 660;
const ONTRAC_DAS: i64 = 660;
const ONTRAC_EDAS: i64 = 880;
/// Additional handling by zone 2..8: $36 in 2–4, $40 in 5–6, $42 in 7–8.
const ONTRAC_AH: [i64; 7] = [3600, 3600, 3600, 4000, 4000, 4200, 4200];
const ONTRAC_LARGE: i64 = 28500;
const ONTRAC_OVER_MAX: i64 = 187500;
/// Weekly fuel percentage published for the week of 2026-02-05 (a Thursday): OnTrac's
/// weekly rates run Monday to Sunday, so 2026-02-02 → 2026-02-08.
const ONTRAC_FUEL: &str = "19.25";
const ONTRAC_FUEL_WEEK: (&str, &str) = ("2026-02-02", "2026-02-08");

/// ILLUSTRATIVE OnTrac Ground base prices, in cents, zones 2..8: price(w) = first pound
/// + per-pound step for pounds 2–20 + a smaller step for pounds 21–150.
const ONTRAC_FIRST_LB: [i64; 7] = [840, 885, 945, 1005, 1070, 1140, 1215];
const ONTRAC_STEP_2_20: [i64; 7] = [42, 55, 72, 90, 108, 126, 145];
const ONTRAC_STEP_21_150: [i64; 7] = [38, 48, 62, 78, 93, 109, 125];

/// The illustrative base price of whole pound `w` (1–150) in zone column `k` (0 = zone 2).
fn ontrac_base(w: i64, k: usize) -> i64 {
    let at = |a: &[i64; 7]| a.get(k).copied().unwrap_or(0);
    at(&ONTRAC_FIRST_LB) + at(&ONTRAC_STEP_2_20) * (w.min(20) - 1) + at(&ONTRAC_STEP_21_150) * (w - 20).max(0)
}

fn ontrac(data: &Path) -> Result<CardDoc, String> {
    let dir = data.join("regional_ontrac");
    let served_csv = Csv::read(&dir.join("ontrac_serviceable_zips_shipping-costs.csv"))?;
    let zc = served_csv.col("zip_code")?;
    let parse_zip = |s: &str| -> Result<u32, String> {
        if s.len() == 5 && s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| format!("ZIP {s:?}"))
        } else {
            Err(format!("ZIP {s:?} is not 5 digits"))
        }
    };
    let mut served = BTreeSet::new();
    for r in &served_csv.rows {
        served.insert(parse_zip(r.get(zc).map_or("", String::as_str))?);
    }
    let zones_csv = Csv::read(&dir.join("ontrac_zones_5digit_phx_cmh_das_shipping-costs.csv"))?;
    let (zi, pi, ci, di) =
        (zones_csv.col("zip_code")?, zones_csv.col("phx_zone")?, zones_csv.col("cmh_zone")?, zones_csv.col("das")?);
    // Per hub: (zip, zone) sorted by ZIP; DAS/EDAS lists. Only ZIPs that are both in the
    // serviceable list and in the zone file are covered (a served ZIP without a zone
    // cannot be priced).
    let mut phx: Vec<(u32, u8)> = Vec::new();
    let mut cmh: Vec<(u32, u8)> = Vec::new();
    let mut das: Vec<u32> = Vec::new();
    let mut edas: Vec<u32> = Vec::new();
    let zone = |s: &str| -> Result<u8, String> {
        match s.parse::<u8>() {
            Ok(z @ 2..=8) => Ok(z),
            _ => Err(format!("zone {s:?} is not 2-8")),
        }
    };
    let cell = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
    for r in &zones_csv.rows {
        let z = parse_zip(&cell(r, zi))?;
        if !served.contains(&z) {
            continue;
        }
        phx.push((z, zone(&cell(r, pi))?));
        cmh.push((z, zone(&cell(r, ci))?));
        match cell(r, di).as_str() {
            "DAS" => das.push(z),
            "EDAS" => edas.push(z),
            "NO" => {}
            other => return Err(format!("das {other:?} is not DAS, EDAS or NO")),
        }
    }
    for v in [&mut phx, &mut cmh] {
        v.sort_unstable();
    }
    das.sort_unstable();
    edas.sort_unstable();
    let covered = phx.len();
    let hub_zones = |list: &[(u32, u8)]| -> VecMap<String> {
        let mut by_zone: BTreeMap<u8, Vec<u32>> = BTreeMap::new();
        for (z, zone) in list {
            by_zone.entry(*zone).or_default().push(*z);
        }
        by_zone.into_iter().map(|(zone, zips)| (zone.to_string(), runs(&zips))).collect()
    };
    let zl = labels(2, 8);

    let source = format!(
        "OnTrac Ground. PUBLIC (OnTrac list data, domain.md §11 and data/regional_ontrac from niklavsfelsbergs/SHIPPING-COSTS commit 9f348db4): \
         coverage ({covered} ZIPs: those in the serviceable list that also have a zone in the zone file; served ZIPs without a zone are not covered), \
         zones 2-8 per destination ZIP5 from Phoenix (hub PHX) and Columbus (hub CMH), the DAS/EDAS ZIP lists, \
         dimensional weight (divisor 139 over 1,728 cubic inches), residential $6.60, delivery area $6.60 / extended delivery area $8.80 (only one), \
         additional handling $36/$40/$42 by zone with 30 lb minimum billable weight, large package $285 with 90 lb minimum, over maximum $1,875 (only the most severe of the three), \
         fuel 19.25 % of the subtotal including surcharges for the week of 2026-02-05 (taken as Monday 2026-02-02 to Sunday 2026-02-08). \
         ILLUSTRATIVE (made up, not OnTrac's): every base rate (the zone x pound table: first pound $8.40-$12.15 by zone, then a fixed step per pound), \
         the per-pound price above 150 lb (the 150 lb price / 150, up to the cent), transit days, \
         and the default fuel line: on dates outside that week the card charges the last known weekly rate (19.25 %) as a separately coded line `fuel_default` so a quote is never silently without fuel; replace it with the week's published rate. \
         CHOICES: hub origins PHX = Arizona ZIP3s, CMH = central Ohio ZIP3s (430-433, 437-438, 457); sides rounded UP to the whole inch before the dim computation (so a side over a whole-inch threshold such as 48 in counts the same rounded or not), \
         dim weight and actual weight rounded up to the whole pound; size conditions use the measured (unrounded) sides and volume; \
         over 150 lb, 108 in or 165 in length + girth the over-maximum charge applies rather than a refusal; the card refuses only above 500 lb actual weight (a sanity ceiling, not an OnTrac figure)."
    );
    let mut c = empty_card("ontrac-2026", "ontrac", "OnTrac", source, false, PriceType::Retail);
    c.zip_sets.insert("ontrac_das".into(), runs(&das));
    c.zip_sets.insert("ontrac_edas".into(), runs(&edas));
    c.zone_tables.insert(
        "ontrac_zip5".into(),
        ZoneTableDef {
            warning: None,
            kind: ZoneKind::Zip5,
            effective: None,
            labels: zl.clone(),
            origins: None,
            exceptions: None,
            hubs: Some(vec![
                HubDef {
                    code: "PHX".into(),
                    origins: ONTRAC_PHX_ORIGINS.into(),
                    zones: hub_zones(&phx),
                    exclude: None,
                },
                HubDef {
                    code: "CMH".into(),
                    origins: ONTRAC_CMH_ORIGINS.into(),
                    zones: hub_zones(&cmh),
                    exclude: None,
                },
            ]),
        },
    );

    let mut s = residential_and_area(ONTRAC_RESIDENTIAL, ONTRAC_DAS, ONTRAC_EDAS, ("ontrac_das", "ontrac_edas"));
    s.extend([
        SurchargeDef {
            group: Some("size".into()),
            min_billable_weight: Some(d("30")),
            ..surcharge(
                "additional_handling",
                "Additional handling",
                Some(Condition {
                    any: Some(vec![
                        Condition { weight: over("50"), ..Default::default() },
                        Condition { length: over("48"), ..Default::default() },
                        Condition { width: over("30"), ..Default::default() },
                        Condition { volume: over("8640"), ..Default::default() },
                    ]),
                    ..Default::default()
                }),
                per_zone(zl.clone(), money(&ONTRAC_AH)),
            )
        },
        SurchargeDef {
            group: Some("size".into()),
            min_billable_weight: Some(d("90")),
            ..surcharge(
                "large_package",
                "Large package",
                Some(Condition {
                    any: Some(vec![
                        Condition { length: over("72"), ..Default::default() },
                        Condition { volume: over("17280"), ..Default::default() },
                    ]),
                    ..Default::default()
                }),
                flat(cents(ONTRAC_LARGE)),
            )
        },
        SurchargeDef {
            group: Some("size".into()),
            ..surcharge(
                "over_maximum",
                "Over maximum limits",
                Some(Condition {
                    any: Some(vec![
                        Condition { weight: over("150"), ..Default::default() },
                        Condition { length: over("108"), ..Default::default() },
                        Condition { length_plus_girth: over("165"), ..Default::default() },
                    ]),
                    ..Default::default()
                }),
                flat(cents(ONTRAC_OVER_MAX)),
            )
        },
        SurchargeDef {
            effective: Some(Period { from: date(ONTRAC_FUEL_WEEK.0), to: date(ONTRAC_FUEL_WEEK.1) }),
            ..surcharge(
                "fuel",
                "Fuel surcharge (19.25 %, OnTrac weekly rate 2026-02-02 to 2026-02-08)",
                None,
                pct_of_subtotal(ONTRAC_FUEL),
            )
        },
        // The same code cannot appear twice, and a percentage cannot be in an exclusive
        // group, so the default is two dated entries around the published week.
        SurchargeDef {
            effective: Some(Period { from: None, to: date("2026-02-01") }),
            ..surcharge(
                "fuel_default_before",
                "Fuel surcharge (DEFAULT 19.25 %: last known OnTrac weekly rate, not this week's)",
                None,
                pct_of_subtotal(ONTRAC_FUEL),
            )
        },
        SurchargeDef {
            effective: Some(Period { from: date("2026-02-09"), to: None }),
            ..surcharge(
                "fuel_default",
                "Fuel surcharge (DEFAULT 19.25 %: last known OnTrac weekly rate, not this week's)",
                None,
                pct_of_subtotal(ONTRAC_FUEL),
            )
        },
    ]);
    let codes: Vec<String> = s.iter().map(|x| x.code.clone()).collect();
    c.surcharges.append(&mut s);

    let mut rows: Vec<RowDef> = (1..=150)
        .map(|w| flat_row(Decimal::from(w), (0..7).map(|k| Some(cents(ontrac_base(w, k)))).collect()))
        .collect();
    // Over 150 lb (charged the over-maximum fee, not refused): per pound, the 150 lb
    // price / 150 rounded up to the cent. Unbounded, so a large dim weight is priced too.
    let per_lb: Vec<Option<Decimal>> = (0..7).map(|k| Some(cents((ontrac_base(150, k) + 149) / 150))).collect();
    rows.push(unit_row(None, per_lb));
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    c.services.push(service(
        "ontrac_ground",
        "OnTrac Ground",
        "ontrac_zip5",
        BillableDef {
            dim_weight: Some(DimWeightDef {
                divisor: d("139"),
                threshold: Some(d("1728")),
                dim_rounding: Some(up("1")),
                result_rounding: Some(up("1")),
                zones: None,
            }),
            rounding: vec![WeightRoundingDef { over: Decimal::ZERO, mode: RoundMode::Up, increment: d("1") }],
        },
        vec![limit(
            Measure::Weight,
            "500",
            Some(
                "over 500 lb: beyond the sanity ceiling of this card (OnTrac charges $1,875 over maximum above 150 lb)",
            ),
        )],
        TableDef { key: TableKey::Weight, zones: zl, rows, special: vec![], cubic: None },
        &code_refs,
        // Illustrative business days for zones 2..8.
        &[1, 2, 2, 3, 3, 4, 5],
    ));
    Ok(c)
}

// ---------------------------------------------------------------------------------
// The illustrative carriers: a rule-made geography.

/// A coverage region: ZIP3 ranges (inclusive) and an approximate centre.
struct Region {
    code: &'static str,
    zip3: &'static [(u16, u16)],
    lat: f64,
    lon: f64,
}

macro_rules! region {
    ($code:literal, [$(($a:literal, $b:literal)),+], $lat:literal, $lon:literal) => {
        Region { code: $code, zip3: &[$(($a, $b)),+], lat: $lat, lon: $lon }
    };
}

/// Regions of the lower 48 by ZIP3 (USPS sectional centres by state; big states split).
/// Military (090–099, 340, 962–966), Alaska, Hawaii and the territories are in none.
const REGIONS: &[Region] = &[
    // Northeast
    region!("nne", [(30, 54), (56, 59)], 44.0, -71.5), // NH, ME, VT
    region!("ma_ri", [(10, 29), (55, 55)], 42.3, -71.5),
    region!("ct", [(60, 69)], 41.6, -72.7),
    region!("nj", [(70, 89)], 40.3, -74.5),
    region!("nyc", [(100, 119)], 40.75, -73.95), // NYC and Long Island
    region!("ny_up", [(120, 149)], 42.9, -75.5),
    region!("pa_e", [(170, 196)], 40.2, -76.0),
    region!("pa_w", [(150, 169)], 40.7, -79.6),
    region!("dc_md_de", [(197, 219)], 39.2, -76.7),
    region!("va", [(220, 246)], 37.6, -77.8),
    region!("wv", [(247, 268)], 38.6, -80.6),
    // South
    region!("nc", [(270, 289)], 35.6, -79.4),
    region!("sc", [(290, 299)], 33.9, -80.9),
    region!("ga", [(300, 319), (398, 399)], 33.4, -83.9),
    region!("fl_n", [(320, 329)], 29.6, -82.3),
    region!("fl_s", [(330, 339), (341, 349)], 26.8, -80.6),
    region!("al", [(350, 369)], 32.9, -86.8),
    region!("tn", [(370, 385)], 35.9, -86.5),
    region!("ms", [(386, 397)], 32.6, -89.8),
    region!("ky", [(400, 427)], 37.8, -85.3),
    region!("la", [(700, 714)], 30.6, -91.6),
    region!("ar", [(716, 729)], 34.8, -92.3),
    region!("ok", [(730, 749)], 35.6, -97.3),
    region!("tx_n", [(750, 769)], 32.8, -97.0),
    region!("tx_se", [(770, 779)], 29.8, -95.4),
    region!("tx_c", [(780, 789)], 29.8, -98.1),
    region!("tx_w", [(790, 799), (885, 885)], 32.2, -102.8),
    // Midwest
    region!("oh", [(430, 459)], 40.2, -82.8),
    region!("in", [(460, 479)], 39.9, -86.3),
    region!("mi", [(480, 499)], 42.8, -84.3),
    region!("il", [(600, 629)], 41.6, -88.2),
    region!("wi", [(530, 549)], 43.6, -89.0),
    region!("mn", [(550, 567)], 45.0, -93.4),
    region!("ia", [(500, 528)], 41.8, -93.2),
    region!("mo", [(630, 658)], 38.6, -91.8),
    // West
    region!("ca_s", [(900, 935)], 34.0, -117.9),
    region!("ca_c", [(936, 939)], 36.7, -120.2),
    region!("ca_n", [(940, 961)], 38.0, -121.9),
    region!("nv_s", [(889, 891)], 36.1, -115.2),
    region!("nv_n", [(893, 898)], 39.5, -119.8),
    region!("az", [(850, 853), (855, 857), (859, 860), (863, 865)], 33.4, -112.0),
    region!("ut", [(840, 847)], 40.6, -111.9),
    region!("nm", [(870, 884)], 35.1, -106.6),
    region!("co", [(800, 816)], 39.7, -105.0),
    region!("id", [(832, 838)], 43.6, -116.3),
    region!("or", [(970, 979)], 45.4, -122.7),
    region!("wa", [(980, 994)], 47.4, -122.3),
    region!("mt", [(590, 599)], 46.6, -110.5),
    region!("wy", [(820, 831)], 42.9, -106.9),
];

const WEST: &[&str] = &["ca_s", "ca_c", "ca_n", "nv_s", "nv_n", "az", "ut", "nm", "co", "id", "or", "wa", "mt", "wy"];
const SOUTH: &[&str] = &[
    "nc", "sc", "ga", "fl_n", "fl_s", "al", "tn", "ms", "ky", "la", "ar", "ok", "tx_n", "tx_se", "tx_c", "tx_w", "va",
    "wv",
];
const NORTHEAST: &[&str] = &["nne", "ma_ri", "ct", "nj", "nyc", "ny_up", "pa_e", "pa_w", "dc_md_de"];
const MIDWEST: &[&str] = &["oh", "in", "mi", "il", "wi", "mn", "ia", "mo"];

/// Zone exceptions, relative to the zone of the region they fall in: ranges (more
/// specific than a region's prefixes) and single ZIPs (more specific than ranges).
const ZONE_EXCEPTIONS: &[(&str, u8)] = &[
    ("11930-11980", 1), // east end of Long Island
    ("11954", 2),       // Montauk, inside the range above
    ("93512-93546", 1), // Eastern Sierra
    ("93546", 2),       // Mammoth Lakes, inside the range above
    ("96140-96162", 1), // Lake Tahoe
    ("33001-33070", 1), // Florida Keys
    ("33040", 2),       // Key West
    ("04600-04699", 1), // Downeast Maine
    ("78580-78599", 1), // lower Rio Grande Valley
];

/// Destinations no sample carrier delivers to, whatever the region says: islands
/// reached by ferry or air.
const EXCLUDED: &str = "90704 02535 02539 02552 02554 02557 02564 02568 02575 02584 06390 98250 98261 98279 98280 98297 27915 27920 27936 27943 27953 27968 27972 27982";

/// Delivery-area ZIPs (rural sectional centres) and extended-area ZIPs. A ZIP may be in
/// both (93546 is in 935*); the exclusive group then charges only the higher.
const SAMPLE_DAS: &str = "047* 049* 056* 059* 249* 266* 267* 268* 386* 387* 389* 393* 396* 397* 593* 595* 596* 597* 598* 599* 820* 822* 823* 824* 826* 827* 828* 829* 830* 831* 834* 835* 836* 837* 838* 877* 878* 879* 880* 893* 894* 895* 897* 898* 935*";
const SAMPLE_EDAS: &str = "93512-93546 11930-11980 33001-33070 96140-96162 04600-04699 78580-78599";

/// An entry hub: code, origin ZIP patterns, location.
struct HubSpec {
    code: &'static str,
    origins: &'static str,
    lat: f64,
    lon: f64,
}

const LAX: HubSpec = HubSpec { code: "LAX", origins: "90000-90899 91000-91699 91800-91899", lat: 33.94, lon: -118.41 }; // Los Angeles County
const CNO: HubSpec = HubSpec { code: "CNO", origins: "91700-91799 92200-92899", lat: 33.97, lon: -117.64 }; // Inland Empire, Orange County
const DFW: HubSpec = HubSpec { code: "DFW", origins: "75000-76999", lat: 32.90, lon: -97.04 };
const ORD: HubSpec = HubSpec { code: "ORD", origins: "60000-60999", lat: 41.98, lon: -87.90 };
const EWR: HubSpec = HubSpec { code: "EWR", origins: "07000-08999 10000-11999", lat: 40.69, lon: -74.17 };
const JFK: HubSpec = HubSpec { code: "JFK", origins: "10000-11999 07000-07999", lat: 40.64, lon: -73.78 };
const ATL: HubSpec = HubSpec { code: "ATL", origins: "30000-31999", lat: 33.64, lon: -84.43 };

/// Great-circle miles.
fn miles(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 3958.8_f64;
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Zone 1–8 by distance, banded like USPS zones (≤ 50, 150, 300, 600, 1000, 1400,
/// 1800 miles, beyond).
fn zone_for(mi: f64) -> u8 {
    let bands = [50.0, 150.0, 300.0, 600.0, 1000.0, 1400.0, 1800.0];
    1 + bands.iter().filter(|b| mi > **b).count() as u8
}

/// A region's ZIP3s as prefixes: `10*` when all ten ZIP3s of a decade are in, else `100*`.
fn prefixes(r: &Region) -> Vec<String> {
    let mut out = Vec::new();
    for &(a, b) in r.zip3 {
        let mut z = a;
        while z <= b {
            if z % 10 == 0 && z + 9 <= b {
                out.push(format!("{:02}*", z / 10));
                z += 10;
            } else {
                out.push(format!("{z:03}*"));
                z += 1;
            }
        }
    }
    out
}

/// A zip5 zone table for `hubs` over the regions named in `coverage`.
fn sample_zone_table(coverage: &[&[&str]], hubs: &[&HubSpec]) -> Result<ZoneTableDef, String> {
    let mut regions: Vec<&Region> = Vec::new();
    let mut seen = BTreeSet::new();
    for code in coverage.iter().flat_map(|c| c.iter()) {
        let r = REGIONS.iter().find(|r| r.code == *code).ok_or_else(|| format!("unknown region {code}"))?;
        for &(a, b) in r.zip3 {
            for z in a..=b {
                if !seen.insert(z) {
                    return Err(format!("ZIP3 {z:03} is in two regions (at {code})"));
                }
            }
        }
        regions.push(r);
    }
    let region_of = |zip3: u16| regions.iter().copied().find(|r| r.zip3.iter().any(|&(a, b)| a <= zip3 && zip3 <= b));
    let mut out = Vec::new();
    for h in hubs {
        let zone_of = |r: &Region| zone_for(miles((h.lat, h.lon), (r.lat, r.lon)));
        let mut by_zone: BTreeMap<u8, Vec<String>> = BTreeMap::new();
        for r in &regions {
            by_zone.entry(zone_of(r)).or_default().extend(prefixes(r));
        }
        for (pat, delta) in ZONE_EXCEPTIONS {
            let zip3: u16 = pat.get(..3).and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad exception {pat}"))?;
            if let Some(r) = region_of(zip3) {
                by_zone.entry((zone_of(r) + delta).min(8)).or_default().push((*pat).to_string());
            }
        }
        out.push(HubDef {
            code: h.code.into(),
            origins: h.origins.into(),
            zones: by_zone.into_iter().map(|(z, p)| (z.to_string(), p.join(" "))).collect(),
            exclude: Some(EXCLUDED.into()),
        });
    }
    Ok(ZoneTableDef {
        warning: None,
        kind: ZoneKind::Zip5,
        effective: None,
        labels: labels(1, 8),
        origins: None,
        exceptions: None,
        hubs: Some(out),
    })
}

/// Residential delivery, and delivery area / extended area in one exclusive group (only
/// one applies): amounts in cents, the two ZIP sets by name.
fn residential_and_area(residential: i64, das: i64, edas: i64, sets: (&str, &str)) -> Vec<SurchargeDef> {
    let area = |code: &str, label: &str, set: &str, amount: i64| SurchargeDef {
        group: Some("delivery_area".into()),
        ..surcharge(
            code,
            label,
            Some(Condition { dest_in: Some(set.into()), ..Default::default() }),
            flat(cents(amount)),
        )
    };
    vec![
        surcharge(
            "residential",
            "Residential delivery",
            Some(Condition { residential: Some(true), ..Default::default() }),
            flat(cents(residential)),
        ),
        area("das", "Delivery area surcharge", sets.0, das),
        area("edas", "Extended delivery area surcharge", sets.1, edas),
    ]
}

/// Residential, delivery area / extended area (one exclusive group), fuel on the
/// subtotal: the surcharges every sample card has, amounts in cents.
fn sample_surcharges(c: &mut CardDoc, residential: i64, das: i64, edas: i64, fuel: &str) {
    c.zip_sets.insert("das".into(), SAMPLE_DAS.into());
    c.zip_sets.insert("edas".into(), SAMPLE_EDAS.into());
    c.surcharges = residential_and_area(residential, das, edas, ("das", "edas"));
    c.surcharges.push(surcharge(
        "fuel",
        &format!("Fuel surcharge ({fuel} % of subtotal)"),
        None,
        pct_of_subtotal(fuel),
    ));
}

const SAMPLE_SURCHARGES: &[&str] = &["residential", "das", "edas", "fuel"];

fn sample_source(carrier: &str, extra: &str) -> String {
    format!(
        "ILLUSTRATIVE SAMPLE - NOT {carrier}'S PRICES. {carrier} publishes no rate card (rates are per-account contracts), so every number in this card is made up to show the structure of a real one: \
         base prices, zones, ZIP coverage, surcharge amounts, fuel percentage, weight and size limits, dimensional rule and transit days. Do not use it to price real shipments. \
         Structure: entry hubs with origin ZIPs; destination ZIPs by ZIP3 region prefixes with range and 5-digit zone exceptions (most specific wins) and excluded island ZIPs; \
         zones 1-8 computed by the card generator from the great-circle distance between the hub and the region's approximate centre, banded like USPS zones (50/150/300/600/1000/1400/1800 mi); \
         residential, delivery area and extended area (only the higher of the two) and fuel as a percentage of the subtotal. {extra}"
    )
}

fn billable_in(divisor: &str, side: RoundMode, weight_round: Vec<WeightRoundingDef>) -> BillableDef {
    BillableDef {
        dim_weight: Some(DimWeightDef {
            divisor: d(divisor),
            threshold: Some(d("1728")),
            dim_rounding: Some(Rounding { mode: side, increment: d("1") }),
            result_rounding: Some(up("1")),
            zones: None,
        }),
        rounding: weight_round,
    }
}

fn round_rule(over: &str, increment: &str) -> WeightRoundingDef {
    WeightRoundingDef { over: d(over), mode: RoundMode::Up, increment: d(increment) }
}

fn per_zone_cells(f: impl Fn(usize) -> i64) -> Vec<Option<Decimal>> {
    (0..8).map(|k| Some(cents(f(k)))).collect()
}

fn at(a: &[i64; 8], k: usize) -> i64 {
    a.get(k).copied().unwrap_or(0)
}

// ---------------------------------------------------------------------------------
// GOFO: mode 1 (flat) and mode 4 (flat, then unit price).

/// gofo_ground, mode 1: quarter-pound rows to 1 lb (first quarter + 30¢ a quarter),
/// then whole pounds to 20 lb (1 lb price + a step per pound). Cents, zones 1..8.
const GOFO_QUARTER: [i64; 8] = [310, 320, 330, 345, 360, 380, 400, 420];
const GOFO_QUARTER_STEP: i64 = 30;
const GOFO_POUND_STEP: [i64; 8] = [35, 40, 48, 58, 70, 82, 95, 108];
/// gofo_economy, mode 4: flat whole pounds 1–10, then price per pound for (10, 30]
/// and (30, 50] (2¢ a pound less, so 31 lb never costs less than 30 lb).
const GOFO_ECO_FIRST: [i64; 8] = [460, 475, 495, 520, 550, 585, 625, 670];
const GOFO_ECO_STEP: [i64; 8] = [30, 34, 40, 48, 58, 68, 80, 92];
const GOFO_ECO_UNIT_30: [i64; 8] = [78, 84, 92, 102, 114, 128, 144, 160];

fn gofo() -> Result<CardDoc, String> {
    let mut c = empty_card(
        "gofo-illustrative",
        "gofo",
        "GOFO",
        sample_source(
            "GOFO",
            "Hubs LAX, CNO, DFW and ORD are among GOFO's real entry ports; their origin ZIPs are assumptions. gofo_ground is priced flat per bracket (mode 1), gofo_economy flat to 10 lb then per pound (mode 4).",
        ),
        true,
        PriceType::Contract,
    );
    c.zone_tables
        .insert("gofo_zip5".into(), sample_zone_table(&[WEST, SOUTH, NORTHEAST, MIDWEST], &[&LAX, &CNO, &DFW, &ORD])?);
    sample_surcharges(&mut c, 60, 150, 300, "12.5");
    let z = labels(1, 8);

    let mut rows = Vec::new();
    for q in 1..=4i64 {
        rows.push(flat_row(
            Decimal::new(25 * q, 2),
            per_zone_cells(|k| at(&GOFO_QUARTER, k) + GOFO_QUARTER_STEP * (q - 1)),
        ));
    }
    for w in 2..=20i64 {
        rows.push(flat_row(
            Decimal::from(w),
            per_zone_cells(|k| at(&GOFO_QUARTER, k) + 3 * GOFO_QUARTER_STEP + at(&GOFO_POUND_STEP, k) * (w - 1)),
        ));
    }
    c.services.push(service(
        "gofo_ground",
        "GOFO Ground (sample)",
        "gofo_zip5",
        // Under 1 lb the quarter-pound brackets apply as they are; above, whole pounds.
        billable_in("166", RoundMode::Nearest, vec![round_rule("1", "1")]),
        vec![
            limit(Measure::Weight, "20", None),
            limit(Measure::BillableWeight, "20", None),
            limit(Measure::Length, "36", None),
            limit(Measure::LengthPlusGirth, "108", None),
        ],
        TableDef { key: TableKey::Weight, zones: z.clone(), rows, special: vec![], cubic: None },
        SAMPLE_SURCHARGES,
        &[1, 2, 2, 3, 4, 4, 5, 5],
    ));

    let mut rows = Vec::new();
    for w in 1..=10i64 {
        rows.push(flat_row(
            Decimal::from(w),
            per_zone_cells(|k| at(&GOFO_ECO_FIRST, k) + at(&GOFO_ECO_STEP, k) * (w - 1)),
        ));
    }
    rows.push(unit_row(Some(d("30")), per_zone_cells(|k| at(&GOFO_ECO_UNIT_30, k))));
    rows.push(unit_row(Some(d("50")), per_zone_cells(|k| at(&GOFO_ECO_UNIT_30, k) - 2)));
    c.services.push(service(
        "gofo_economy",
        "GOFO Economy (sample)",
        "gofo_zip5",
        billable_in("166", RoundMode::Nearest, vec![round_rule("0", "1")]),
        vec![
            limit(Measure::Weight, "50", None),
            limit(Measure::BillableWeight, "50", None),
            limit(Measure::Length, "48", None),
            limit(Measure::LengthPlusGirth, "130", None),
        ],
        TableDef { key: TableKey::Weight, zones: z, rows, special: vec![], cubic: None },
        SAMPLE_SURCHARGES,
        &[2, 3, 3, 4, 5, 6, 7, 7],
    ));
    Ok(c)
}

// ---------------------------------------------------------------------------------
// UniUni: mode 2 (unit price by bracket, the whole weight at the bracket's rate).

/// (upTo lb, cents per lb by zone 1..8). Each rate is at least the previous one ×
/// upTo / (upTo + 1), so one more pound never costs less.
const UNIUNI_UNIT: [(i64, [i64; 8]); 5] = [
    (1, [360, 370, 385, 400, 420, 440, 465, 490]),
    (3, [210, 220, 230, 245, 260, 280, 300, 320]),
    (5, [180, 188, 196, 208, 222, 238, 255, 272]),
    (10, [155, 162, 170, 180, 192, 205, 220, 235]),
    (20, [142, 148, 156, 165, 176, 188, 202, 216]),
];

fn uniuni() -> Result<CardDoc, String> {
    let mut c = empty_card(
        "uniuni-illustrative",
        "uniuni",
        "UniUni",
        sample_source(
            "UniUni",
            "Hubs LAX, EWR and ORD are among UniUni's real pickup warehouses; their origin ZIPs are assumptions. Coverage: the West, the South and the Northeast (no Midwest outside the ORD hub's own Illinois). uniuni_standard is a price per pound chosen by weight bracket (mode 2: the bracket that holds the weight prices all of it).",
        ),
        true,
        PriceType::Contract,
    );
    c.zone_tables
        .insert("uniuni_zip5".into(), sample_zone_table(&[WEST, SOUTH, NORTHEAST, &["il"]], &[&LAX, &EWR, &ORD])?);
    sample_surcharges(&mut c, 40, 125, 250, "8.5");
    let rows =
        UNIUNI_UNIT.iter().map(|(u, p)| unit_row(Some(Decimal::from(*u)), per_zone_cells(|k| at(p, k)))).collect();
    c.services.push(service(
        "uniuni_standard",
        "UniUni Standard (sample)",
        "uniuni_zip5",
        billable_in("166", RoundMode::Up, vec![round_rule("0", "1")]),
        vec![
            limit(Measure::Weight, "20", None),
            limit(Measure::BillableWeight, "20", None),
            limit(Measure::Length, "30", None),
            limit(Measure::LengthPlusGirth, "90", None),
        ],
        TableDef { key: TableKey::Weight, zones: labels(1, 8), rows, special: vec![], cubic: None },
        SAMPLE_SURCHARGES,
        &[1, 2, 3, 3, 4, 5, 6, 6],
    ));
    Ok(c)
}

// ---------------------------------------------------------------------------------
// SpeedX: mode 3 (first weight + continuation steps, in pounds).

const SPEEDX_STD_FIRST: [i64; 8] = [395, 405, 420, 440, 465, 495, 530, 570];
const SPEEDX_STD_STEP: [i64; 8] = [45, 52, 60, 70, 82, 95, 110, 125];
const SPEEDX_ECO_FIRST: [i64; 8] = [440, 450, 465, 485, 510, 540, 575, 615];
const SPEEDX_ECO_STEP: [i64; 8] = [20, 24, 28, 33, 39, 46, 54, 62];

fn step_row(up_to: &str, first: &str, first_price: &[i64; 8], step: &str, step_price: &[i64; 8]) -> RowDef {
    RowDef {
        up_to: Some(d(up_to)),
        mode: RowMode::Step,
        first: Some(OneOrMany::One(d(first))),
        first_price: Some(money(first_price).into()),
        step: Some(OneOrMany::One(d(step))),
        step_price: Some(money_req(step_price)),
        ..Default::default()
    }
}

fn speedx() -> Result<CardDoc, String> {
    let mut c = empty_card(
        "speedx-illustrative",
        "speedx",
        "SpeedX",
        sample_source(
            "SpeedX",
            "Hubs LAX, DFW and ATL are plausible choices, not SpeedX's published list. Coverage: the West, the South and the Northeast (SpeedX reports about 12,000 ZIPs; this sample covers more). Both services price a first weight and then continuation steps (mode 3): speedx_standard first 1 lb then per 1 lb, speedx_economy first 2 lb then per 0.5 lb.",
        ),
        true,
        PriceType::Contract,
    );
    c.zone_tables.insert("speedx_zip5".into(), sample_zone_table(&[WEST, SOUTH, NORTHEAST], &[&LAX, &DFW, &ATL])?);
    sample_surcharges(&mut c, 75, 175, 350, "10");
    let limits = || {
        vec![
            limit(Measure::Weight, "50", None),
            limit(Measure::BillableWeight, "50", None),
            limit(Measure::Length, "48", None),
            limit(Measure::LengthPlusGirth, "130", None),
        ]
    };
    // No weight rounding: the continuation steps round the excess up themselves.
    c.services.push(service(
        "speedx_standard",
        "SpeedX Standard (sample)",
        "speedx_zip5",
        billable_in("139", RoundMode::Up, vec![]),
        limits(),
        TableDef {
            key: TableKey::Weight,
            zones: labels(1, 8),
            rows: vec![step_row("50", "1", &SPEEDX_STD_FIRST, "1", &SPEEDX_STD_STEP)],
            special: vec![],
            cubic: None,
        },
        SAMPLE_SURCHARGES,
        &[1, 2, 2, 3, 3, 4, 5, 5],
    ));
    c.services.push(service(
        "speedx_economy",
        "SpeedX Economy (sample)",
        "speedx_zip5",
        billable_in("139", RoundMode::Up, vec![]),
        limits(),
        TableDef {
            key: TableKey::Weight,
            zones: labels(1, 8),
            rows: vec![step_row("50", "2", &SPEEDX_ECO_FIRST, "0.5", &SPEEDX_ECO_STEP)],
            special: vec![],
            cubic: None,
        },
        SAMPLE_SURCHARGES,
        &[2, 3, 4, 4, 5, 6, 7, 7],
    ));
    Ok(c)
}

// ---------------------------------------------------------------------------------
// SwiftX: mode 5 (flat, then progressive excess tiers), a metric card.

/// Flat rows in kg: (upTo, cents by zone 1..8).
const SWIFTX_FLAT: [(&str, [i64; 8]); 3] = [
    ("0.5", [420, 430, 445, 465, 490, 520, 555, 595]),
    ("1", [510, 525, 545, 570, 600, 635, 675, 720]),
    ("2", [660, 680, 710, 745, 785, 830, 880, 935]),
];
/// Excess tiers above 2 kg: (over, upTo, step kg, cents per step by zone).
const SWIFTX_TIERS: [(&str, Option<&str>, &str, [i64; 8]); 2] = [
    ("2", Some("10"), "1", [110, 120, 135, 150, 170, 190, 215, 240]),
    ("10", None, "0.5", [45, 50, 55, 62, 70, 78, 88, 98]),
];

fn swiftx() -> Result<CardDoc, String> {
    let mut c = empty_card(
        "swiftx-illustrative",
        "swiftx",
        "SwiftX",
        sample_source(
            "SwiftX",
            "A metric card (kg, cm). Hubs LAX and JFK are plausible choices, not SwiftX's published list. Coverage: the West, the Northeast and Texas. Volumetric weight = L x W x H / 6000 cm3 per kg, sides up to the whole cm, result and billable weight up to 0.1 kg. swiftx_express is flat to 2 kg, then progressive excess tiers (mode 5): each kg over 2 kg up to 10 kg, then each 0.5 kg over 10 kg, charged on the excess only.",
        ),
        true,
        PriceType::Contract,
    );
    c.weight_unit = WeightUnit::Kg;
    c.dim_unit = LengthUnit::Cm;
    c.zone_tables.insert(
        "swiftx_zip5".into(),
        sample_zone_table(&[WEST, NORTHEAST, &["tx_n", "tx_se", "tx_c", "tx_w"]], &[&LAX, &JFK])?,
    );
    sample_surcharges(&mut c, 120, 200, 400, "14.75");
    let mut rows: Vec<RowDef> = SWIFTX_FLAT.iter().map(|(u, p)| flat_row(d(u), per_zone_cells(|k| at(p, k)))).collect();
    rows.push(RowDef {
        up_to: Some(d("30")),
        mode: RowMode::Progressive,
        tiers: Some(
            SWIFTX_TIERS
                .iter()
                .map(|(o, u, s, p)| TierDef { over: d(o), up_to: u.map(d), step: d(s), step_price: money_req(p) })
                .collect(),
        ),
        ..Default::default()
    });
    c.services.push(service(
        "swiftx_express",
        "SwiftX Express (sample)",
        "swiftx_zip5",
        BillableDef {
            dim_weight: Some(DimWeightDef {
                divisor: d("6000"),
                threshold: None,
                dim_rounding: Some(up("1")),
                result_rounding: Some(up("0.1")),
                zones: None,
            }),
            rounding: vec![round_rule("0", "0.1")],
        },
        vec![
            limit(Measure::Weight, "30", None),
            limit(Measure::BillableWeight, "30", None),
            limit(Measure::Length, "120", None),
            limit(Measure::LengthPlusGirth, "300", None),
        ],
        TableDef { key: TableKey::Weight, zones: labels(1, 8), rows, special: vec![], cubic: None },
        SAMPLE_SURCHARGES,
        &[1, 1, 2, 2, 3, 3, 4, 4],
    ));
    Ok(c)
}

/// The regional cards, as (path under cards/, card).
pub fn build(data: &Path) -> Result<Vec<(String, CardDoc)>, String> {
    Ok(vec![
        ("ontrac/ontrac-2026.json".into(), ontrac(data)?),
        ("gofo/gofo.json".into(), gofo()?),
        ("uniuni/uniuni.json".into(), uniuni()?),
        ("speedx/speedx.json".into(), speedx()?),
        ("swiftx/swiftx.json".into(), swiftx()?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_collapse_consecutive_zips_only() {
        assert_eq!(runs(&[1001, 1002, 1003, 1005, 1007, 1008]), "01001-01003 01005 01007-01008");
        assert_eq!(runs(&[]), "");
    }

    #[test]
    fn zones_by_distance_band() {
        assert_eq!(zone_for(10.0), 1);
        assert_eq!(zone_for(50.0), 1);
        assert_eq!(zone_for(50.1), 2);
        assert_eq!(zone_for(2500.0), 8);
    }

    #[test]
    fn region_prefixes_use_two_digits_for_whole_decades() {
        let r = Region { code: "x", zip3: &[(98, 119)], lat: 0.0, lon: 0.0 };
        assert_eq!(prefixes(&r), ["098*", "099*", "10*", "11*"]);
    }
}
