//! Conditions (§7): when a surcharge or a special row applies.

use crate::card::format::{Condition, Measure, RangeDef};
use crate::error::{ErrorCode, Result};
use crate::json::Path;
use crate::listed;
use crate::parcel::Parcel;
use crate::rounding::order;
use crate::vecmap::VecMap;
use crate::zip::ZipSet;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A card's named ZIP sets, compiled: in the order of the card's map (by name), looked
/// up by a plain search (at most `card::MAX_ZIP_SETS`, looked up once per condition, at
/// load). Not a [`VecMap`]: its sets arrive already in key order, and `VecMap`'s insert
/// for one more value type cost as much code as this search.
#[derive(Debug, Clone, Default)]
pub struct ZipSets(Vec<(String, Arc<ZipSet>)>);

impl ZipSets {
    /// Compiles `zipSets` of a card.
    pub fn compile(src: &VecMap<String>, path: Path<'_>) -> Result<ZipSets> {
        let mut sets = ZipSets::default();
        sets.compile_into(src, path)?;
        Ok(sets)
    }

    /// [`compile`](Self::compile) into `self`, empty (the card's): the sets are pushed where
    /// they stay, and an error leaves them to the card's compiler to drop with the rest,
    /// where the function freed a list of its own on every error's way out.
    #[inline(never)] // out of line: see `Card::compile_hashed`
    pub(crate) fn compile_into(&mut self, src: &VecMap<String>, path: Path<'_>) -> Result<()> {
        for (name, list) in src {
            let pats = crate::zones::parse_list_at(list, path.key(name))?;
            self.0.push((name.clone(), Arc::new(ZipSet::from_patterns(&pats))));
        }
        Ok(())
    }

    fn get(&self, name: &str, path: Path<'_>) -> Result<Arc<ZipSet>> {
        for (n, set) in &self.0 {
            if n == name {
                return Ok(Arc::clone(set));
            }
        }
        Err(crate::card::quoted_error(path, ErrorCode::UnknownZipSet, "no ZIP set named ", name, " in this card"))
    }
}

/// A compiled condition.
#[derive(Debug, Clone, Default)]
pub struct Cond {
    residential: Option<bool>,
    zones: Option<Vec<String>>,
    dest_in: Option<Arc<ZipSet>>,
    dest_not_in: Option<Arc<ZipSet>>,
    options: Vec<String>,
    packaging: Option<Vec<String>>,
    ranges: Vec<(Measure, Option<Decimal>, Option<Decimal>)>,
    any: Vec<Cond>,
}

/// What a condition is evaluated against.
pub struct Facts<'a, 's> {
    /// The parcel in card units.
    pub parcel: &'a Parcel<'s>,
    /// The zone label.
    pub zone: &'a str,
    /// Billable weight (card unit).
    pub billable: Decimal,
}

/// The measures of a condition's ranges with their field names, in format order, as
/// [`Condition::ranges`] pairs them (a test compares the two): a table in the module's
/// data, so that compiling a condition does not build that nine-entry array in code.
pub(crate) const RANGES: [(Measure, &str); 9] = [
    (Measure::Weight, "weight"),
    (Measure::BillableWeight, "billableWeight"),
    (Measure::Length, "length"),
    (Measure::Width, "width"),
    (Measure::Height, "height"),
    (Measure::Girth, "girth"),
    (Measure::LengthPlusGirth, "lengthPlusGirth"),
    (Measure::Volume, "volume"),
    (Measure::DeclaredValue, "declaredValue"),
];

/// The range of `c` for measure `m`.
pub(crate) fn range(c: &Condition, m: Measure) -> &Option<RangeDef> {
    match m {
        Measure::Weight => &c.weight,
        Measure::BillableWeight => &c.billable_weight,
        Measure::Length => &c.length,
        Measure::Width => &c.width,
        Measure::Height => &c.height,
        Measure::Girth => &c.girth,
        Measure::LengthPlusGirth => &c.length_plus_girth,
        Measure::Volume => &c.volume,
        Measure::DeclaredValue => &c.declared_value,
    }
}

impl Cond {
    /// Compiles a condition.
    pub fn compile(c: &Condition, sets: &ZipSets, path: Path<'_>) -> Result<Cond> {
        let mut ranges = Vec::new();
        for &(m, name) in &RANGES {
            if let Some(r) = range(c, m) {
                if r.over.is_none() && r.up_to.is_none() {
                    return Err(crate::card::error_at(
                        &path,
                        name,
                        ErrorCode::InvalidValue,
                        "needs `over`, `upTo` or both",
                    ));
                }
                if let (Some(a), Some(b)) = (r.over, r.up_to) {
                    if crate::rounding::order(b, a).is_le() {
                        return Err(crate::card::error_at(
                            &path.key(name),
                            "upTo",
                            ErrorCode::InvalidValue,
                            "must be above `over`",
                        ));
                    }
                }
                ranges.push((m, r.over, r.up_to));
            }
        }
        // Errors in the order they always came: ranges, `any`, `destIn`, `destNotIn` (ZIP sets out of
        // line: a card without them does not compile their look-ups).
        let mut any = Vec::new();
        if let Some(list) = &c.any {
            compile_any(list, sets, path.key("any"), &mut any)?;
        }
        let (dest_in, dest_not_in) = match (&c.dest_in, &c.dest_not_in) {
            (None, None) => (None, None),
            (dest_in, dest_not_in) => dest_sets(dest_in.as_deref(), dest_not_in.as_deref(), sets, path)?,
        };
        Ok(Cond {
            residential: c.residential,
            zones: crate::card::copy_opt(&c.zones),
            dest_in,
            dest_not_in,
            // Copied as the other optional lists are (by the shared `copy_opt`); none is empty.
            options: crate::card::copy_opt(&c.options).unwrap_or_default(),
            packaging: crate::card::copy_opt(&c.packaging),
            ranges,
            any,
        })
    }

    /// Whether the condition holds.
    pub fn holds(&self, f: &Facts<'_, '_>) -> bool {
        let s = f.parcel.shipment;
        if self.residential.is_some_and(|r| r != s.residential) {
            return false;
        }
        if self.zones.as_ref().is_some_and(|zs| !listed(zs, f.zone)) {
            return false;
        }
        if self.dest_in.as_ref().is_some_and(|set| !set.contains(s.to)) {
            return false;
        }
        if self.dest_not_in.as_ref().is_some_and(|set| set.contains(s.to)) {
            return false;
        }
        if !self.options.iter().all(|o| listed(&s.options.flags, o)) {
            return false;
        }
        if let Some(kinds) = &self.packaging {
            match &s.options.packaging {
                Some(p) if listed(kinds, p) => {}
                _ => return false,
            }
        }
        for (m, over, up_to) in &self.ranges {
            let Some(v) = f.parcel.measure(*m, f.billable) else { return false };
            if over.is_some_and(|o| order(v, o).is_le()) || up_to.is_some_and(|u| order(v, u).is_gt()) {
                return false;
            }
        }
        self.any.is_empty() || self.any.iter().any(|c| c.holds(f))
    }
}

/// The ZIP sets of `destIn` and `destNotIn`.
type DestSets = (Option<Arc<ZipSet>>, Option<Arc<ZipSet>>);

/// Compiles the alternatives of a condition's `any` (`list`, at `path`) into `any`. Out of
/// line (`scripts/build-wasm.sh` keeps it so): V8 compiles a function on its first call, so
/// a card without `any` does not compile this loop.
#[inline(never)]
fn compile_any(list: &[Condition], sets: &ZipSets, path: Path<'_>, any: &mut Vec<Cond>) -> Result<()> {
    if list.is_empty() {
        return Err(path.error(ErrorCode::InvalidValue, "must list at least one condition"));
    }
    for (i, a) in list.iter().enumerate() {
        any.push(Cond::compile(a, sets, path.index(i))?);
    }
    Ok(())
}

/// The ZIP sets a condition (at `path`) names in `destIn` and `destNotIn`.
#[inline(never)]
fn dest_sets(dest_in: Option<&str>, dest_not_in: Option<&str>, sets: &ZipSets, path: Path<'_>) -> Result<DestSets> {
    let mut found: DestSets = (None, None);
    if let Some(n) = dest_in {
        found.0 = Some(sets.get(n, path.key("destIn"))?);
    }
    if let Some(n) = dest_not_in {
        found.1 = Some(sets.get(n, path.key("destNotIn"))?);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A condition naming a ZIP set the card does not have: code, path and message as
    /// written out (the text before one cold builder made it).
    #[test]
    fn an_unknown_zip_set_is_named() {
        let mut src = VecMap::new();
        src.insert("das".to_string(), "100*".to_string());
        let sets = ZipSets::compile(&src, Path::from("zipSets")).unwrap();
        let c = Condition { dest_not_in: Some("rural".into()), ..Condition::default() };
        let e = Cond::compile(&c, &sets, Path::from("surcharges[0].when")).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnknownZipSet);
        assert_eq!(e.path(), "surcharges[0].when.destNotIn");
        assert_eq!(e.message(), "no ZIP set named \"rural\" in this card");
        let c = Condition { dest_in: Some("das".into()), ..Condition::default() };
        assert!(Cond::compile(&c, &sets, Path::from("w")).is_ok());
    }

    #[test]
    fn the_ranges_table_is_the_formats() {
        // Every range set, each to its own bounds, so that a field read for another
        // measure would show.
        let mut c = Condition::default();
        let ranges = [
            &mut c.weight,
            &mut c.billable_weight,
            &mut c.length,
            &mut c.width,
            &mut c.height,
            &mut c.girth,
            &mut c.length_plus_girth,
            &mut c.volume,
            &mut c.declared_value,
        ];
        for (i, r) in ranges.into_iter().enumerate() {
            *r = Some(RangeDef { over: Some(Decimal::from(i)), up_to: None });
        }
        let from_format: Vec<_> = c.ranges().into_iter().map(|(m, r, name)| (m, r.clone(), name)).collect();
        let here: Vec<_> = RANGES.iter().map(|&(m, name)| (m, range(&c, m).clone(), name)).collect();
        assert_eq!(here, from_format);
    }
}
