//! Conditions (§7): when a surcharge or a special row applies.

use crate::card::format::{Condition, Measure};
use crate::error::{ErrorCode, Result};
use crate::json::Path;
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
    #[inline(never)] // out of line: see `Card::compile_hashed`
    pub fn compile(src: &VecMap<String>, path: Path<'_>) -> Result<ZipSets> {
        let mut out = Vec::with_capacity(src.len());
        for (name, list) in src {
            let pats = crate::zones::parse_list_at(list, path.key(name))?;
            out.push((name.clone(), Arc::new(ZipSet::from_patterns(&pats))));
        }
        Ok(ZipSets(out))
    }

    fn get(&self, name: &str, path: Path<'_>) -> Result<Arc<ZipSet>> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, set)| Arc::clone(set)).ok_or_else(|| {
            path.error(ErrorCode::UnknownZipSet, crate::error::quoted("no ZIP set named ", name, " in this card"))
        })
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

impl Cond {
    /// Compiles a condition.
    pub fn compile(c: &Condition, sets: &ZipSets, path: Path<'_>) -> Result<Cond> {
        let mut ranges = Vec::new();
        for (m, r, name) in c.ranges() {
            if let Some(r) = r {
                if r.over.is_none() && r.up_to.is_none() {
                    return Err(path.key(name).error(ErrorCode::InvalidValue, "needs `over`, `upTo` or both"));
                }
                if let (Some(a), Some(b)) = (r.over, r.up_to) {
                    if b <= a {
                        return Err(path.key(name).key("upTo").error(ErrorCode::InvalidValue, "must be above `over`"));
                    }
                }
                ranges.push((m, r.over, r.up_to));
            }
        }
        let any_path = path.key("any");
        let mut any = Vec::new();
        for (i, a) in c.any.iter().flatten().enumerate() {
            any.push(Cond::compile(a, sets, any_path.index(i))?);
        }
        if c.any.as_ref().is_some_and(|a| a.is_empty()) {
            return Err(any_path.error(ErrorCode::InvalidValue, "must list at least one condition"));
        }
        Ok(Cond {
            residential: c.residential,
            zones: c.zones.clone(),
            dest_in: c.dest_in.as_deref().map(|n| sets.get(n, path.key("destIn"))).transpose()?,
            dest_not_in: c.dest_not_in.as_deref().map(|n| sets.get(n, path.key("destNotIn"))).transpose()?,
            options: c.options.clone().unwrap_or_default(),
            packaging: c.packaging.clone(),
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
        if self.zones.as_ref().is_some_and(|zs| !zs.iter().any(|z| z == f.zone)) {
            return false;
        }
        if self.dest_in.as_ref().is_some_and(|set| !set.contains(s.to)) {
            return false;
        }
        if self.dest_not_in.as_ref().is_some_and(|set| set.contains(s.to)) {
            return false;
        }
        if !self.options.iter().all(|o| s.options.flags.iter().any(|x| x == o)) {
            return false;
        }
        if let Some(kinds) = &self.packaging {
            match &s.options.packaging {
                Some(p) if kinds.iter().any(|k| k == p) => {}
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
