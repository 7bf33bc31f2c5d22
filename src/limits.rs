//! Service limits (§5): outside them a service cannot take the parcel, with a reason.

use crate::card::format::{LimitDef, Measure};
use crate::error::{ErrorCode, Result};
use crate::json::Path;
use crate::parcel::Parcel;
use rust_decimal::Decimal;

/// A compiled limit.
#[derive(Debug, Clone)]
pub struct Limit {
    measure: Measure,
    max: Decimal,
    code: String,
    message: Option<String>,
}

/// A limit that was exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded {
    /// Reason code.
    pub code: String,
    /// Sentence.
    pub message: String,
}

fn default_code(m: Measure) -> &'static str {
    match m {
        Measure::Weight | Measure::BillableWeight => "over_max_weight",
        Measure::Length | Measure::Width | Measure::Height => "over_max_length",
        Measure::Girth | Measure::LengthPlusGirth => "over_max_size",
        Measure::Volume => "over_max_volume",
        Measure::DeclaredValue => "over_max_value",
    }
}

fn describe(m: Measure) -> &'static str {
    match m {
        Measure::Weight => "weight",
        Measure::BillableWeight => "billable weight",
        Measure::Length => "length (longest side)",
        Measure::Width => "second-longest side",
        Measure::Height => "shortest side",
        Measure::Girth => "girth",
        Measure::LengthPlusGirth => "length + girth",
        Measure::Volume => "volume",
        Measure::DeclaredValue => "declared value",
    }
}

impl Limit {
    /// Compiles a limit.
    pub fn compile(def: &LimitDef, path: Path<'_>) -> Result<Limit> {
        if def.max <= Decimal::ZERO {
            return Err(path.key("max").error(ErrorCode::InvalidValue, "must be greater than 0"));
        }
        Ok(Limit {
            measure: def.measure,
            max: def.max,
            code: def.code.clone().unwrap_or_else(|| default_code(def.measure).to_string()),
            message: def.message.clone(),
        })
    }

    /// The limit's measure.
    pub fn measure(&self) -> Measure {
        self.measure
    }

    /// Checks the parcel (billable weight given for billable-weight limits).
    pub fn check(&self, p: &Parcel<'_>, billable: Decimal, units: (&str, &str)) -> Option<Exceeded> {
        let v = p.measure(self.measure, billable)?;
        if crate::rounding::order(v, self.max).is_le() {
            return None;
        }
        let unit = match self.measure {
            Measure::Weight | Measure::BillableWeight => units.0.to_string(),
            Measure::Volume => format!("{}³", units.1),
            Measure::DeclaredValue => String::new(),
            _ => units.1.to_string(),
        };
        let message = self.message.clone().unwrap_or_else(|| {
            format!(
                "{} {} {unit} is over the maximum of {} {unit}",
                describe(self.measure),
                v.round_dp(4).normalize(),
                self.max.normalize()
            )
            .replace("  ", " ")
            .trim_end()
            .to_string()
        });
        Some(Exceeded { code: self.code.clone(), message })
    }
}
