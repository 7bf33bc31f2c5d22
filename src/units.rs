//! Units of weight and length, and exact conversion between them.
//!
//! 1 lb = 16 oz = 0.45359237 kg and 1 in = 2.54 cm, both exact by definition, so every
//! conversion is done in decimal (28 significant digits) and never through floats.

use crate::error::{coded, ErrorCode};
use crate::rounding::{div, mul};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;

/// A unit of weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WeightUnit {
    /// Avoirdupois ounce, 1/16 lb.
    Oz,
    /// Avoirdupois pound.
    Lb,
    /// Gram.
    G,
    /// Kilogram.
    Kg,
}

/// A unit of length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LengthUnit {
    /// Inch.
    In,
    /// Centimetre.
    Cm,
}

impl WeightUnit {
    /// Grams in one unit, exactly.
    /// (A table by the unit's number, read from the module's data, where a `match` built
    /// each decimal in code: -42 B gzip.)
    fn grams(self) -> Decimal {
        const GRAMS: [Decimal; 4] = [
            Decimal::from_parts(2_579_719_349, 6, 0, false, 9), // oz: 28.349523125 g (453.59237 / 16)
            Decimal::from_parts(45_359_237, 0, 0, false, 5),    // lb: 453.59237 g
            Decimal::ONE,                                       // g
            Decimal::from_parts(1000, 0, 0, false, 0),          // kg
        ];
        GRAMS.get(self as usize).copied().unwrap_or(Decimal::ONE)
    }

    /// Converts `value` from this unit into `to`; `None` when the result is beyond what a
    /// decimal holds.
    pub fn try_convert(self, value: Decimal, to: WeightUnit) -> Option<Decimal> {
        use WeightUnit::{Kg, Lb, Oz, G};
        // Within one system by its whole factor (16 oz, 1000 g), multiplied into the
        // smaller unit and divided into the larger: one site of each for the four cases.
        let (factor, into_smaller) = match (self, to) {
            _ if self == to => return Some(value),
            (Lb, Oz) => (16, true),
            (Oz, Lb) => (16, false),
            (Kg, G) => (1000, true),
            (G, Kg) => (1000, false),
            _ => return div(mul(value, self.grams()).ok()?, to.grams()),
        };
        let factor = Decimal::from(factor);
        if into_smaller {
            mul(value, factor).ok()
        } else {
            div(value, factor)
        }
    }

    /// Converts `value` from this unit into `to`, saturating at the largest decimal
    /// (of the value's sign) when the result is beyond what a decimal holds.
    pub fn convert(self, value: Decimal, to: WeightUnit) -> Decimal {
        self.try_convert(value, to).unwrap_or_else(|| saturated(value))
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            WeightUnit::Oz => "oz",
            WeightUnit::Lb => "lb",
            WeightUnit::G => "g",
            WeightUnit::Kg => "kg",
        }
    }
}

/// The largest decimal of `value`'s sign: a conversion beyond what a decimal holds.
/// Out of line, one copy for both kinds of unit (never reached by a real weight or side).
#[cold]
#[inline(never)]
fn saturated(value: Decimal) -> Decimal {
    if value.is_sign_negative() {
        Decimal::MIN
    } else {
        Decimal::MAX
    }
}

impl LengthUnit {
    /// Converts `value` from this unit into `to`; `None` when the result is beyond what a
    /// decimal holds.
    pub fn try_convert(self, value: Decimal, to: LengthUnit) -> Option<Decimal> {
        match (self, to) {
            (LengthUnit::In, LengthUnit::Cm) => mul(value, Decimal::new(254, 2)).ok(),
            (LengthUnit::Cm, LengthUnit::In) => div(value, Decimal::new(254, 2)),
            _ => Some(value),
        }
    }

    /// Converts `value` from this unit into `to`, saturating at the largest decimal
    /// (of the value's sign) when the result is beyond what a decimal holds.
    pub fn convert(self, value: Decimal, to: LengthUnit) -> Decimal {
        self.try_convert(value, to).unwrap_or_else(|| saturated(value))
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LengthUnit::In => "in",
            LengthUnit::Cm => "cm",
        }
    }
}

/// The names a unit may be written with (any ASCII case, around spaces trimmed), and the
/// unit each names (at the same index).
const WEIGHT_NAMES: [&str; 14] = [
    "oz",
    "ounce",
    "ounces",
    "lb",
    "lbs",
    "pound",
    "pounds",
    "g",
    "gram",
    "grams",
    "kg",
    "kgs",
    "kilogram",
    "kilograms",
];
/// See [`WEIGHT_NAMES`].
const WEIGHT_UNITS: [WeightUnit; 14] = {
    use WeightUnit::{Kg, Lb, Oz, G};
    [Oz, Oz, Oz, Lb, Lb, Lb, Lb, G, G, G, Kg, Kg, Kg, Kg]
};

/// See [`WEIGHT_NAMES`].
const LENGTH_NAMES: [&str; 8] =
    ["in", "inch", "inches", "cm", "centimetre", "centimeter", "centimetres", "centimeters"];
/// See [`WEIGHT_NAMES`].
const LENGTH_UNITS: [LengthUnit; 8] = {
    use LengthUnit::{Cm, In};
    [In, In, In, Cm, Cm, Cm, Cm, Cm]
};

/// The index of `s` in `names`: a table and a loop rather than a `match` on the lowercased
/// text (smaller code, and no allocation), one copy for both kinds of unit (the units are
/// looked up by the index).
fn named(names: &[&str], s: &str) -> Option<usize> {
    let t = crate::trim(s);
    names.iter().position(|n| n.eq_ignore_ascii_case(t))
}

impl FromStr for WeightUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        named(&WEIGHT_NAMES, s)
            .and_then(|i| WEIGHT_UNITS.get(i).copied())
            .ok_or_else(|| crate::error::quoted("unknown weight unit ", s, " (use oz, lb, g or kg)"))
    }
}

impl FromStr for LengthUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        named(&LENGTH_NAMES, s)
            .and_then(|i| LENGTH_UNITS.get(i).copied())
            .ok_or_else(|| crate::error::quoted("unknown length unit ", s, " (use in or cm)"))
    }
}

impl fmt::Display for WeightUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for LengthUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl crate::error::Part for WeightUnit {
    fn put(&self, out: &mut String) {
        crate::json::append(out, self.as_str());
    }
}

impl crate::error::Part for LengthUnit {
    fn put(&self, out: &mut String) {
        crate::json::append(out, self.as_str());
    }
}

/// `FromJson` for a unit enum read from its name (`$default` is only the slot's starting
/// value, always overwritten or the read fails).
macro_rules! unit_from_json {
    ($t:ty, $default:expr) => {
        impl crate::json::FromJson for $t {
            fn from_json(r: &mut crate::json::Reader<'_>, path: crate::json::Path<'_>) -> crate::error::Result<Self> {
                let mut v = $default;
                Self::read_into(&mut v, r, path)?;
                Ok(v)
            }

            // Read into its slot, out of line: the answer is the error alone (a `Result<Self>`
            // comes back through memory, in each struct reader that inlined the field's read).
            #[inline(never)]
            fn read_into(
                slot: &mut Self,
                r: &mut crate::json::Reader<'_>,
                path: crate::json::Path<'_>,
            ) -> crate::error::Result<()> {
                *slot =
                    String::from_json(r, path)?.parse().map_err(|m: String| path.error(ErrorCode::UnknownUnit, m))?;
                Ok(())
            }
        }
    };
}

unit_from_json!(WeightUnit, WeightUnit::Lb);
unit_from_json!(LengthUnit, LengthUnit::In);

impl crate::json::ToJson for WeightUnit {
    fn write_json(&self, out: &mut String) {
        crate::json::write_str(out, self.as_str());
    }
}

impl crate::json::ToJson for LengthUnit {
    fn write_json(&self, out: &mut String) {
        crate::json::write_str(out, self.as_str());
    }
}

impl<'de> Deserialize<'de> for WeightUnit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|m| serde::de::Error::custom(coded(ErrorCode::UnknownUnit, m)))
    }
}

impl<'de> Deserialize<'de> for LengthUnit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|m| serde::de::Error::custom(coded(ErrorCode::UnknownUnit, m)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn grams_are_the_defining_constants() {
        let want = [
            ("28.349523125", WeightUnit::Oz),
            ("453.59237", WeightUnit::Lb),
            ("1", WeightUnit::G),
            ("1000", WeightUnit::Kg),
        ];
        for (g, u) in want {
            let (got, want) = (u.grams(), d(g));
            assert_eq!((got, got.scale(), got.to_string()), (want, want.scale(), g.to_string()), "{u:?}");
        }
    }

    #[test]
    fn kilogram_to_pound_is_exact_at_the_defining_constant() {
        assert_eq!(WeightUnit::Kg.convert(d("0.45359237"), WeightUnit::Lb), d("1"));
        assert_eq!(WeightUnit::G.convert(d("453.59237"), WeightUnit::Lb), d("1"));
        assert_eq!(WeightUnit::Lb.convert(d("2.5"), WeightUnit::Oz), d("40"));
        assert_eq!(WeightUnit::Oz.convert(d("8"), WeightUnit::Lb), d("0.5"));
        assert_eq!(WeightUnit::Oz.convert(d("16"), WeightUnit::Kg), d("0.45359237"));
        assert_eq!(WeightUnit::Kg.convert(d("1.5"), WeightUnit::G), d("1500"));
        assert_eq!(WeightUnit::G.convert(d("250"), WeightUnit::Kg), d("0.25"));
        assert_eq!(WeightUnit::Oz.convert(d("1"), WeightUnit::Lb), d("0.0625"));
        assert_eq!(WeightUnit::Lb.convert(d("7"), WeightUnit::Lb), d("7"));
    }

    #[test]
    fn approximations_would_misplace_a_boundary_parcel() {
        // 2.205 lb/kg puts 1 kg at 2.205 lb; the exact value is below 2.2047.
        let lb = WeightUnit::Kg.convert(d("1"), WeightUnit::Lb);
        assert!(lb > d("2.20462") && lb < d("2.20463"));
    }

    #[test]
    fn unit_names_are_read_in_any_ascii_case_around_spaces() {
        // The names as the first `match` on the lowercased text had them.
        let weight = |t: &str| match t.trim().to_ascii_lowercase().as_str() {
            "oz" | "ounce" | "ounces" => Some(WeightUnit::Oz),
            "lb" | "lbs" | "pound" | "pounds" => Some(WeightUnit::Lb),
            "g" | "gram" | "grams" => Some(WeightUnit::G),
            "kg" | "kgs" | "kilogram" | "kilograms" => Some(WeightUnit::Kg),
            _ => None,
        };
        let length = |t: &str| match t.trim().to_ascii_lowercase().as_str() {
            "in" | "inch" | "inches" => Some(LengthUnit::In),
            "cm" | "centimetre" | "centimeter" | "centimetres" | "centimeters" => Some(LengthUnit::Cm),
            _ => None,
        };
        let mut texts: Vec<String> = ["", " ", "l", "lb.", "stone", "K G", "İn", "ınch", "cmm", "\tKGS\n", " Pounds "]
            .map(String::from)
            .to_vec();
        let names = WEIGHT_NAMES.iter().chain(&LENGTH_NAMES);
        for n in names {
            texts.extend([n.to_string(), n.to_uppercase(), format!(" {n} "), format!("{n}s"), n[1..].to_string()]);
        }
        for t in &texts {
            assert_eq!(t.parse::<WeightUnit>().ok(), weight(t), "{t:?}");
            assert_eq!(t.parse::<LengthUnit>().ok(), length(t), "{t:?}");
        }
        assert_eq!("st".parse::<WeightUnit>().unwrap_err(), r#"unknown weight unit "st" (use oz, lb, g or kg)"#);
        assert_eq!("ft".parse::<LengthUnit>().unwrap_err(), r#"unknown length unit "ft" (use in or cm)"#);
        // Read from JSON: the same names, and the same messages as `unknown_unit` errors.
        let w: WeightUnit = crate::json::from_str(r#"" KiloGrams ""#).unwrap();
        let l: LengthUnit = crate::json::from_str(r#""CENTIMETRES""#).unwrap();
        assert_eq!((w, l), (WeightUnit::Kg, LengthUnit::Cm));
        let e = crate::json::from_str::<WeightUnit>(r#""st""#).unwrap_err();
        assert_eq!(
            (e.code(), e.message()),
            (ErrorCode::UnknownUnit, r#"unknown weight unit "st" (use oz, lb, g or kg)"#)
        );
        let e = crate::json::from_str::<LengthUnit>(r#""ft""#).unwrap_err();
        assert_eq!((e.code(), e.message()), (ErrorCode::UnknownUnit, r#"unknown length unit "ft" (use in or cm)"#));
    }

    #[test]
    fn centimetres_to_inches() {
        assert_eq!(LengthUnit::Cm.convert(d("2.54"), LengthUnit::In), d("1"));
        assert_eq!(LengthUnit::In.convert(d("10"), LengthUnit::Cm), d("25.4"));
    }

    #[test]
    fn huge_values_saturate_instead_of_panicking() {
        assert_eq!(WeightUnit::Kg.try_convert(Decimal::MAX, WeightUnit::Lb), None);
        assert_eq!(WeightUnit::Kg.convert(Decimal::MAX, WeightUnit::G), Decimal::MAX);
        assert_eq!(LengthUnit::In.convert(Decimal::MAX, LengthUnit::Cm), Decimal::MAX);
    }

    #[test]
    fn unit_names() {
        assert_eq!("LBS".parse::<WeightUnit>(), Ok(WeightUnit::Lb));
        assert!("stone".parse::<WeightUnit>().is_err());
        assert!("ft".parse::<LengthUnit>().is_err());
    }
}
