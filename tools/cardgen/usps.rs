//! USPS cards: the 2025-10-05 and 2026-07-12 editions of Notice 123, and the zone charts.

use crate::csvutil::Csv;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use zonerate::card::format::*;
use zonerate::date::{Date, Period};
use zonerate::rounding::{RoundMode, Rounding};
use zonerate::units::{LengthUnit, WeightUnit};
use zonerate::vecmap::VecMap;

fn d(s: &str) -> Decimal {
    // Only called on constants of this file.
    Decimal::from_str(s).unwrap_or_default()
}

fn date(s: &str) -> Option<Date> {
    Date::from_str(s).ok()
}

/// The 2018 national chart: every origin, used only where no current chart serves it.
const NATIONAL: &str = "usps_zip3_national_2018";

fn zones9() -> Vec<String> {
    (1..=9).map(|z| z.to_string()).collect()
}

/// Zone-table names every USPS service looks the zone up in, first match wins.
fn zone_refs() -> OneOrMany<String> {
    OneOrMany::Many(vec!["usps_zip3".to_string(), "usps_zip3_240".to_string()])
}

/// Rows of a Notice 123 table CSV (`weight_not_over,unit,zone_1..zone_9`). Ounce rows
/// become pounds exactly (15.999 oz = 0.9999375 lb); the `oversized` row is returned
/// apart; empty cells are "no price".
type PriceRows = (Vec<RowDef>, Option<Vec<Option<Decimal>>>);

fn price_rows(csv: &Csv) -> Result<PriceRows, String> {
    let wcol = csv.col("weight_not_over")?;
    let ucol = csv.col("unit")?;
    let zcols: Vec<usize> = (1..=9).map(|z| csv.col(&format!("zone_{z}"))).collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    let mut oversized = None;
    for r in &csv.rows {
        let prices: Vec<Option<Decimal>> = zcols
            .iter()
            .map(|&c| {
                let cell = r[c].as_str();
                if cell.is_empty() {
                    Ok(None)
                } else {
                    Decimal::from_str(cell).map(Some).map_err(|e| format!("price {cell:?}: {e}"))
                }
            })
            .collect::<Result<_, String>>()?;
        let w = r[wcol].as_str();
        let upto = match r[ucol].as_str() {
            "lb" | "cuft" => Decimal::from_str(w).map_err(|e| format!("weight {w:?}: {e}"))?,
            "oz" => Decimal::from_str(w).map_err(|e| format!("weight {w:?}: {e}"))? / Decimal::from(16),
            "lgirth_108_130" => {
                oversized = Some(prices);
                continue;
            }
            u => return Err(format!("unknown unit {u:?}")),
        };
        rows.push(RowDef { up_to: Some(upto.normalize()), prices: Some(prices.into()), ..Default::default() });
    }
    Ok((rows, oversized))
}

fn range(over: Option<&str>, up_to: Option<&str>) -> Option<RangeDef> {
    Some(RangeDef { over: over.map(d), up_to: up_to.map(d) })
}

fn flat_fee(code: &str, label: &str, when: Condition, amount: &str, group: Option<&str>) -> SurchargeDef {
    SurchargeDef {
        code: code.to_string(),
        label: label.to_string(),
        when: Some(when),
        charge: ChargeDef {
            kind: ChargeType::Flat,
            amount: Some(d(amount)),
            percent: None,
            of: None,
            zones: None,
            amounts: None,
            rows: None,
            unit: None,
        },
        group: group.map(str::to_string),
        effective: None,
        min_billable_weight: None,
    }
}

/// Nonstandard fees (Notice 123, 2025-10-05: notes beside each product's table).
/// `fees` = (length over 22 up to 30 in, length over 30 in, volume over 2 cu ft).
fn nonstandard(prefix: &str, fees: (&str, &str, &str)) -> Vec<SurchargeDef> {
    vec![
        flat_fee(
            &format!("{prefix}_nonstandard_length_22"),
            "Nonstandard fee: length over 22 in",
            Condition { length: range(Some("22"), Some("30")), ..Default::default() },
            fees.0,
            Some("nonstandard_length"),
        ),
        flat_fee(
            &format!("{prefix}_nonstandard_length_30"),
            "Nonstandard fee: length over 30 in",
            Condition { length: range(Some("30"), None), ..Default::default() },
            fees.1,
            Some("nonstandard_length"),
        ),
        flat_fee(
            &format!("{prefix}_nonstandard_volume"),
            "Nonstandard fee: over 2 cu ft",
            Condition { volume: range(Some("3456"), None), ..Default::default() },
            fees.2,
            None,
        ),
    ]
}

/// The $4.00 fee for tubes, rolls, cans, wooden or metal boxes (every product, 2025-10-05).
fn packaging_fee() -> SurchargeDef {
    flat_fee(
        "nonstandard_packaging",
        "Nonstandard fee: packaging",
        Condition {
            packaging: Some(
                ["tube", "roll", "can", "wooden_box", "metal_box", "liquid", "nonstandard"].map(String::from).to_vec(),
            ),
            ..Default::default()
        },
        "4.00",
        None,
    )
}

fn billable(divisor: &str, side: RoundMode) -> BillableDef {
    BillableDef {
        // DMM 133.1.4: over one cubic foot, dim weight = L×W×H / divisor, up to a pound.
        dim_weight: Some(DimWeightDef {
            divisor: d(divisor),
            threshold: Some(d("1728")),
            dim_rounding: Some(Rounding { mode: side, increment: d("1") }),
            result_rounding: Some(Rounding { mode: RoundMode::Up, increment: d("1") }),
            zones: None,
        }),
        // Ounce rows below 1 lb are brackets as printed; above 1 lb, any fraction is a pound.
        rounding: vec![WeightRoundingDef { over: d("1"), mode: RoundMode::Up, increment: d("1") }],
    }
}

fn limit(measure: Measure, max: &str, message: Option<&str>) -> LimitDef {
    LimitDef { measure, max: d(max), code: None, message: message.map(str::to_string) }
}

/// Typical business days by zone 1–9, from USPS's published service ranges (Ground
/// Advantage 2–5 days, Priority Mail 1–3, Priority Mail Express 1–2; zone 9 varies).
/// Estimates, not guarantees.
fn transit(kind: &str) -> Option<Vec<Option<u32>>> {
    let v: [Option<u32>; 9] = match kind {
        "ga" => [Some(2), Some(2), Some(3), Some(3), Some(4), Some(5), Some(5), Some(5), None],
        "pm" => [Some(1), Some(1), Some(2), Some(2), Some(2), Some(3), Some(3), Some(3), None],
        _ => [Some(1), Some(1), Some(1), Some(2), Some(2), Some(2), Some(2), Some(2), None],
    };
    Some(v.to_vec())
}

struct Svc<'a> {
    code: &'a str,
    name: &'a str,
    price_type: PriceType,
    csv: &'a str,
    kind: &'a str,
}

#[allow(clippy::too_many_arguments)]
fn weight_service(
    dir: &Path,
    s: &Svc<'_>,
    divisor: &str,
    side: RoundMode,
    surcharges: Vec<String>,
    max_lgirth: &str,
    lgirth_msg: Option<&str>,
) -> Result<ServiceDef, String> {
    let csv = Csv::read(&dir.join(s.csv))?;
    let (rows, oversized) = price_rows(&csv).map_err(|e| format!("{}: {e}", s.csv))?;
    let special = match oversized {
        // "More than 108 inches but not more than 130 inches: the oversized price,
        // regardless of weight, based on the applicable zone."
        Some(prices) => vec![SpecialRowDef {
            code: "oversized".into(),
            label: Some("Base rate (oversized, length + girth over 108 in)".into()),
            when: Condition { length_plus_girth: range(Some("108"), Some("130")), ..Default::default() },
            prices: prices.into(),
        }],
        None => vec![],
    };
    Ok(ServiceDef {
        code: s.code.into(),
        name: s.name.into(),
        price_type: Some(s.price_type),
        effective: None,
        bracket_rule: None,
        zones: zone_refs(),
        fallback_zones: Some(vec![NATIONAL.to_string()]),
        billable: billable(divisor, side),
        limits: vec![limit(Measure::Weight, "70", None), limit(Measure::LengthPlusGirth, max_lgirth, lgirth_msg)],
        table: TableDef { key: TableKey::Weight, zones: zones9(), rows, special, cubic: None },
        min_charge: None,
        max_charge: None,
        surcharges,
        transit_days: transit(s.kind),
    })
}

fn cubic_service(dir: &Path, s: &Svc<'_>) -> Result<ServiceDef, String> {
    let csv = Csv::read(&dir.join(s.csv))?;
    let (rows, _) = price_rows(&csv).map_err(|e| format!("{}: {e}", s.csv))?;
    Ok(ServiceDef {
        code: s.code.into(),
        name: s.name.into(),
        price_type: Some(PriceType::Commercial),
        effective: None,
        bracket_rule: None,
        zones: zone_refs(),
        fallback_zones: Some(vec![NATIONAL.to_string()]),
        billable: BillableDef::default(),
        // Cubic: at most 20 lb and no side over 18 in.
        limits: vec![limit(Measure::Weight, "20", None), limit(Measure::Length, "18", None)],
        table: TableDef {
            key: TableKey::Cubic,
            zones: zones9(),
            rows,
            special: vec![],
            // Each side down to ¼ in; volume / 1728 up to the next 0.1 cu ft tier.
            cubic: Some(CubicDef {
                dim_rounding: Rounding { mode: RoundMode::Down, increment: d("0.25") },
                tier_rounding: Rounding { mode: RoundMode::Up, increment: d("0.1") },
            }),
        },
        min_charge: None,
        max_charge: None,
        surcharges: vec![],
        transit_days: transit(s.kind),
    })
}

fn card(id: &str, effective: Period, source: &str) -> CardDoc {
    CardDoc {
        format: FORMAT_V1.into(),
        id: id.into(),
        version: None,
        carrier: "usps".into(),
        carrier_name: Some("USPS".into()),
        currency: "USD".into(),
        weight_unit: WeightUnit::Lb,
        dim_unit: LengthUnit::In,
        price_type: None,
        bracket_rule: BracketRule::NotOver,
        effective,
        source: Some(source.into()),
        illustrative: false,
        sell_only: false,
        hash: None,
        zone_tables: VecMap::new(),
        zip_sets: VecMap::new(),
        surcharges: vec![],
        services: vec![],
    }
}

fn chart_char(cell: &str) -> Result<char, String> {
    // USPS marks: `*` same NDC, `+` 5-digit exceptions exist; stripped for pricing.
    let z = cell.trim_end_matches(['*', '+']);
    match z {
        "" => Ok('-'),
        "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" => Ok(z.chars().next().unwrap_or('-')),
        _ => Err(format!("zone {cell:?} is not 1-9")),
    }
}

fn zones_card(data: &Path) -> Result<CardDoc, String> {
    let dir = data.join("usps_zones");
    let mut c = card(
        "usps-zones",
        Period::default(),
        "USPS zone charts. Origins 850 (Phoenix) and 431 (Columbus): current charts as published in niklavsfelsbergs/SHIPPING-COSTS (checked there against 81,817 USPS invoices). Origin 240 (Floyd VA): chart effective 2026-10-01 with its 5-digit exceptions.",
    );
    let phx_cmh = Csv::read(&dir.join("zones_origin850_phx_origin431_cmh_shipping-costs.csv"))?;
    let (pc, p1, p2) = (phx_cmh.col("zip_prefix")?, phx_cmh.col("phx_zone")?, phx_cmh.col("cmh_zone")?);
    let mut phx = vec!['-'; 1000];
    let mut cmh = vec!['-'; 1000];
    for r in &phx_cmh.rows {
        let i: usize = r[pc].parse().map_err(|_| format!("zip_prefix {:?}", r[pc]))?;
        if i >= 1000 {
            return Err(format!("zip_prefix {i} out of range"));
        }
        phx[i] = chart_char(&r[p1])?;
        cmh[i] = chart_char(&r[p2])?;
    }
    let mut origins = VecMap::new();
    origins.insert("850".to_string(), phx.into_iter().collect::<String>());
    origins.insert("431".to_string(), cmh.into_iter().collect::<String>());
    c.zone_tables.insert(
        "usps_zip3".into(),
        ZoneTableDef {
            warning: None,
            kind: ZoneKind::Zip3,
            effective: None,
            labels: zones9(),
            origins: Some(origins),
            exceptions: None,
            hubs: None,
        },
    );

    let chart = Csv::read(&dir.join("zones_origin240_floydVA_chart-2026-10-01.csv"))?;
    let (oc, dc, zc) = (chart.col("origin_zip3")?, chart.col("dest_zip3")?, chart.col("zone")?);
    let mut row = vec!['-'; 1000];
    for r in &chart.rows {
        if r[oc] != "240" {
            return Err(format!("unexpected origin {:?}", r[oc]));
        }
        let i: usize = r[dc].parse().map_err(|_| format!("dest_zip3 {:?}", r[dc]))?;
        if i >= 1000 {
            return Err(format!("dest_zip3 {i} out of range"));
        }
        row[i] = chart_char(&r[zc])?;
    }
    let ex = Csv::read(&dir.join("zones_origin240_floydVA_5digit_exceptions.csv"))?;
    let (eo, ef, el, ez) =
        (ex.col("origin_zip3")?, ex.col("dest_zip5_first")?, ex.col("dest_zip5_last")?, ex.col("zone")?);
    let exceptions = ex
        .rows
        .iter()
        .map(|r| ZoneExceptionDef {
            origin: r[eo].clone(),
            from: r[ef].clone(),
            to: r[el].clone(),
            zone: r[ez].clone(),
        })
        .collect();
    let mut origins = VecMap::new();
    origins.insert("240".to_string(), row.into_iter().collect::<String>());
    c.zone_tables.insert(
        "usps_zip3_240".into(),
        ZoneTableDef {
            warning: None,
            kind: ZoneKind::Zip3,
            effective: Some(Period { from: date("2026-10-01"), to: None }),
            labels: zones9(),
            origins: Some(origins),
            exceptions: Some(exceptions),
            hubs: None,
        },
    );
    Ok(c)
}

/// Every origin ZIP3 of the June 2018 national chart, as a fallback zone table.
fn national_card(data: &Path) -> Result<CardDoc, String> {
    use std::io::Read;
    let path = data.join("usps_zones/national_zone_chart_2018-06_aedobbyn_postal.csv.gz");
    let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(file).read_to_string(&mut text).map_err(|e| format!("{}: {e}", path.display()))?;
    let csv = Csv::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let (oc, ac, bc, zc) =
        (csv.col("origin_zip")?, csv.col("dest_zip_start")?, csv.col("dest_zip_end")?, csv.col("zone")?);
    let mut origins: BTreeMap<String, Vec<char>> = BTreeMap::new();
    for r in &csv.rows {
        let row = origins.entry(r[oc].clone()).or_insert_with(|| vec!['-'; 1000]);
        let a: usize = r[ac].parse().map_err(|_| format!("dest_zip_start {:?}", r[ac]))?;
        let b: usize = r[bc].parse().map_err(|_| format!("dest_zip_end {:?}", r[bc]))?;
        if a > b || b >= 1000 {
            return Err(format!("bad range {a}-{b}"));
        }
        let z = chart_char(&r[zc])?;
        row[a..=b].iter_mut().for_each(|c| *c = z);
    }
    let mut c = card(
        "usps-zones-national-2018",
        Period::default(),
        "USPS national zone chart, all 930 origin ZIP3s, as of June 2018 (aedobbyn/postal, data/zips_zones.csv, MIT licence). Out of date: 12-17 % of pairs differ from 2025/26 charts. USPS services use it only for origins no current chart covers, and their quotes say so in `warnings`.",
    );
    c.zone_tables.insert(
        NATIONAL.into(),
        ZoneTableDef {
            warning: Some("zone from the June 2018 national USPS chart (out of date for 12-17 % of pairs); load a current chart for this origin".into()),
            kind: ZoneKind::Zip3,
            effective: None,
            labels: zones9(),
            origins: Some(origins.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()),
            exceptions: None,
            hubs: None,
        },
    );
    Ok(c)
}

fn edition_2025(data: &Path) -> Result<CardDoc, String> {
    let dir = data.join("usps_notice123_2025-10-05");
    let mut c = card(
        "usps-2025-10-05",
        // In force 2025-10-05 through 2026-01-17, as the project specifies: from 2026-01-18
        // to 2026-07-11 no USPS card is in force and quotes say so. (The data README gives
        // the holiday prices inside this edition as "through 2026-01-18"; the project's
        // interface fixes the card's last day at 2026-01-17.)
        Period { from: date("2025-10-05"), to: date("2026-01-17") },
        "USPS Notice 123, Price List effective October 05, 2025 (official PDF): retail and commercial Ground Advantage, Priority Mail, Priority Mail Express, Cubic; oversized prices; nonstandard fees; dimensional weight per DMM 133.1.4 (divisor 166, sides to the nearest inch). Transit days are estimates from USPS's published service ranges.",
    );
    c.surcharges.extend(nonstandard("ga", ("4.00", "8.40", "18.00")));
    c.surcharges.extend(nonstandard("pm", ("4.00", "18.00", "30.00")));
    c.surcharges.push(packaging_fee());
    let ga_fees: Vec<String> =
        ["ga_nonstandard_length_22", "ga_nonstandard_length_30", "ga_nonstandard_volume", "nonstandard_packaging"]
            .map(String::from)
            .to_vec();
    let pm_fees: Vec<String> =
        ["pm_nonstandard_length_22", "pm_nonstandard_length_30", "pm_nonstandard_volume", "nonstandard_packaging"]
            .map(String::from)
            .to_vec();
    let near = RoundMode::Nearest;
    let weight_services = [
        (
            Svc {
                code: "usps_ground_advantage_commercial",
                name: "USPS Ground Advantage (Commercial)",
                price_type: PriceType::Commercial,
                csv: "ground_advantage_commercial.csv",
                kind: "ga",
            },
            &ga_fees,
            "130",
        ),
        (
            Svc {
                code: "usps_ground_advantage_retail",
                name: "USPS Ground Advantage (Retail)",
                price_type: PriceType::Retail,
                csv: "ground_advantage_retail.csv",
                kind: "ga",
            },
            &ga_fees,
            "130",
        ),
        (
            Svc {
                code: "usps_priority_mail_commercial",
                name: "Priority Mail (Commercial)",
                price_type: PriceType::Commercial,
                csv: "priority_mail_commercial.csv",
                kind: "pm",
            },
            &pm_fees,
            "108",
        ),
        (
            Svc {
                code: "usps_priority_mail_retail",
                name: "Priority Mail (Retail)",
                price_type: PriceType::Retail,
                csv: "priority_mail_retail.csv",
                kind: "pm",
            },
            &pm_fees,
            "108",
        ),
        (
            Svc {
                code: "usps_priority_mail_express_commercial",
                name: "Priority Mail Express (Commercial)",
                price_type: PriceType::Commercial,
                csv: "priority_mail_express_commercial.csv",
                kind: "pme",
            },
            &pm_fees,
            "108",
        ),
        (
            Svc {
                code: "usps_priority_mail_express_retail",
                name: "Priority Mail Express (Retail)",
                price_type: PriceType::Retail,
                csv: "priority_mail_express_retail.csv",
                kind: "pme",
            },
            &pm_fees,
            "108",
        ),
    ];
    for (s, fees, lg) in &weight_services {
        c.services.push(weight_service(&dir, s, "166", near, (*fees).clone(), lg, None)?);
    }
    c.services.push(cubic_service(
        &dir,
        &Svc {
            code: "usps_ground_advantage_cubic",
            name: "USPS Ground Advantage Cubic",
            price_type: PriceType::Commercial,
            csv: "ground_advantage_commercial_cubic.csv",
            kind: "ga",
        },
    )?);
    c.services.push(cubic_service(
        &dir,
        &Svc {
            code: "usps_priority_mail_cubic",
            name: "Priority Mail Cubic",
            price_type: PriceType::Commercial,
            csv: "priority_mail_commercial_cubic.csv",
            kind: "pm",
        },
    )?);
    Ok(c)
}

fn edition_2026(data: &Path) -> Result<CardDoc, String> {
    let dir = data.join("usps_notice123_2026-07-12_community");
    let mut c = card(
        "usps-2026-07-12",
        Period { from: date("2026-07-12"), to: None },
        "USPS Notice 123 effective July 12, 2026, as transcribed cell for cell in several public repositories (no USPS file was available): Ground Advantage commercial (to 70 lb) and retail (to 20 lb), Priority Mail commercial (zone 9 to 20 lb). Provisional rule changes as reported: dimensional divisor 139, sides rounded up to the next inch; Ground Advantage length fees $4.50 and $10.00. Not in the data and carried over from 2025-10-05: the Ground Advantage volume fee ($18.00), the Priority Mail nonstandard fees, the packaging fee. No oversized prices were published in the data, so Ground Advantage takes length + girth up to 108 in only. Holiday add-on 2026-10-04 → 2027-01-17 as a dated surcharge (bands to 25 lb as published in the data; heavier parcels get none). Transit days are estimates from USPS's published service ranges.",
    );
    c.surcharges.extend(nonstandard("ga", ("4.50", "10.00", "18.00")));
    c.surcharges.extend(nonstandard("pm", ("4.00", "18.00", "30.00")));
    c.surcharges.push(packaging_fee());
    let hol = Csv::read(&dir.join("holiday_surcharge_2026-10-04_to_2027-01-17.csv"))?;
    let maxc = hol.col("max_lb_inclusive")?;
    for (code, label, prefix) in [
        ("holiday_ga_commercial", "Holiday surcharge (Oct 4, 2026 – Jan 17, 2027)", "ga_commercial"),
        ("holiday_ga_retail", "Holiday surcharge (Oct 4, 2026 – Jan 17, 2027)", "ga_retail"),
        ("holiday_pm_commercial", "Holiday surcharge (Oct 4, 2026 – Jan 17, 2027)", "pm_commercial"),
    ] {
        let (lo, hi) = (hol.col(&format!("{prefix}_z1_4"))?, hol.col(&format!("{prefix}_z5_9"))?);
        let mut rows = Vec::new();
        for r in &hol.rows {
            let a = Decimal::from_str(&r[lo]).map_err(|e| e.to_string())?;
            let b = Decimal::from_str(&r[hi]).map_err(|e| e.to_string())?;
            let amounts: Vec<Option<Decimal>> = (1..=9).map(|z| Some(if z <= 4 { a } else { b })).collect();
            rows.push(ChargeRowDef {
                up_to: Some(Decimal::from_str(&r[maxc]).map_err(|e| e.to_string())?),
                amounts: Some(amounts.into()),
                amount: None,
            });
        }
        c.surcharges.push(SurchargeDef {
            code: code.into(),
            label: label.into(),
            when: None,
            charge: ChargeDef {
                kind: ChargeType::Table,
                amount: None,
                percent: None,
                of: None,
                zones: Some(zones9()),
                amounts: None,
                rows: Some(rows),
                unit: None,
            },
            group: None,
            effective: Some(Period { from: date("2026-10-04"), to: date("2027-01-17") }),
            min_billable_weight: None,
        });
    }
    let fees = |p: &str, hol: &str| -> Vec<String> {
        vec![
            format!("{p}_nonstandard_length_22"),
            format!("{p}_nonstandard_length_30"),
            format!("{p}_nonstandard_volume"),
            "nonstandard_packaging".into(),
            hol.into(),
        ]
    };
    let no_oversize = Some("length + girth over 108 in: no oversized prices for this edition in the data");
    let up = RoundMode::Up;
    c.services.push(weight_service(
        &dir,
        &Svc {
            code: "usps_ground_advantage_commercial",
            name: "USPS Ground Advantage (Commercial)",
            price_type: PriceType::Commercial,
            csv: "ground_advantage_commercial.csv",
            kind: "ga",
        },
        "139",
        up,
        fees("ga", "holiday_ga_commercial"),
        "108",
        no_oversize,
    )?);
    c.services.push(weight_service(
        &dir,
        &Svc {
            code: "usps_ground_advantage_retail",
            name: "USPS Ground Advantage (Retail)",
            price_type: PriceType::Retail,
            csv: "ground_advantage_retail.csv",
            kind: "ga",
        },
        "139",
        up,
        fees("ga", "holiday_ga_retail"),
        "108",
        no_oversize,
    )?);
    c.services.push(weight_service(
        &dir,
        &Svc {
            code: "usps_priority_mail_commercial",
            name: "Priority Mail (Commercial)",
            price_type: PriceType::Commercial,
            csv: "priority_mail_commercial.csv",
            kind: "pm",
        },
        "139",
        up,
        fees("pm", "holiday_pm_commercial"),
        "108",
        None,
    )?);
    Ok(c)
}

/// The USPS cards, in load order (zones first).
pub fn build(data: &Path) -> Result<Vec<(String, CardDoc)>, String> {
    Ok(vec![
        ("usps/usps-zones.json".into(), zones_card(data)?),
        ("usps/usps-zones-national-2018.json".into(), national_card(data)?),
        ("usps/usps-2025-10-05.json".into(), edition_2025(data)?),
        ("usps/usps-2026-07-12.json".into(), edition_2026(data)?),
    ])
}
