//! [`VecMap`]: the string-keyed maps of the card format and of the engine, as two sorted
//! vectors.
//!
//! The maps read from cards are small (at most 64 zone tables, 256 ZIP sets, 1,000
//! origins of a chart, a hub's zones) and read once, then iterated or looked up by name.
//! `BTreeMap` did that with ≈ 3.5 KB of wasm per value type (insert, search, node split,
//! drop); here the keys live in their own `Vec<String>`, so the one binary search is not
//! generic and shared by every map, and the rest is `Vec` code the module has anyway.
//!
//! It behaves as `BTreeMap<String, V>` does where the crate uses one: iteration in key
//! order (byte order of the strings, which the canonical JSON of card hashes relies on),
//! `insert` replacing the value of a key already there, `FromIterator`/`Extend` and
//! serde's `Deserialize` keeping the last of repeated keys, `Serialize` writing a JSON
//! object in key order, `Debug` and `==` as the `BTreeMap`'s.
//!
//! Inserting keeps the vectors sorted by moving the entries after the new one; a key
//! greater than all (as in every card written by the tools, whose maps are in order)
//! moves nothing. The worst case is the largest map a card may hold, a chart's origins
//! (at most 1,000, `card/scan.rs`) in reverse order: the 930-origin national chart so
//! reversed loads in 1.9 ms natively instead of 1.7 (in order: 1.75 ms either way), and a
//! card of at most 4 MiB holds at most four such charts.

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// A map from `String` to `V`, kept as two vectors sorted by key (see the module doc).
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<V> {
    keys: Vec<String>,
    values: Vec<V>,
}

/// Where `key` is in `keys` (`Ok`), or where it would go (`Err`). One out-of-line copy
/// for every map, whatever its values.
#[inline(never)]
fn search(keys: &[String], key: &str) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.as_str().cmp(key))
}

/// Puts `key` in its place in `keys`: `Ok(i)` when it was there already (the new copy is
/// dropped), `Err(i)` when it was inserted at `i`. The key half of every map's insert,
/// out of line once; the value half is one `Vec` insert or one replace.
#[inline(never)]
fn place(keys: &mut Vec<String>, key: String) -> Result<usize, usize> {
    let at = search(keys, &key);
    if let Err(i) = at {
        // `i <= len` (a binary search's insertion point): the insert cannot panic.
        keys.insert(i, key);
    }
    at
}

/// Iterator over a map's entries in key order.
pub type Iter<'a, V> = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, V>>;
/// Iterator over a map's entries in key order, by value.
pub type IntoIter<V> = std::iter::Zip<std::vec::IntoIter<String>, std::vec::IntoIter<V>>;

impl<V> VecMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        VecMap { keys: Vec::new(), values: Vec::new() }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the map has no entry.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        search(&self.keys, key).ok().and_then(|i| self.values.get(i))
    }

    /// The value of `key`, mutable.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        search(&self.keys, key).ok().and_then(|i| self.values.get_mut(i))
    }

    /// True when `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        search(&self.keys, key).is_ok()
    }

    /// Sets the value of `key`, giving back the one it replaces (the key stays).
    pub fn insert(&mut self, key: String, mut value: V) -> Option<V> {
        match place(&mut self.keys, key) {
            // The value replaced is given back, or (never: `values` has an entry per key)
            // the new one: one value for the caller to drop, where a value not placed was
            // dropped here too (a second drop of `V` in each caller).
            Ok(i) => {
                if let Some(slot) = self.values.get_mut(i) {
                    std::mem::swap(slot, &mut value);
                }
                Some(value)
            }
            Err(i) => {
                // The same place in `values`, which has as many entries as `keys` had.
                self.values.insert(i, value);
                None
            }
        }
    }

    /// The entry of `key` set to `start` (a new entry, or the old value replaced and
    /// dropped), with the key in its place: a reader reads the value into it in place
    /// (see `json`'s reader of maps), where a value read on the stack was then moved in.
    pub fn put_start(&mut self, key: String, start: V) -> Option<(&String, &mut V)> {
        let i = match place(&mut self.keys, key) {
            Ok(i) => {
                let slot = self.values.get_mut(i)?;
                *slot = start;
                i
            }
            Err(i) => {
                // The same place in `values`, which has as many entries as `keys` had.
                self.values.insert(i, start);
                i
            }
        };
        Some((self.keys.get(i)?, self.values.get_mut(i)?))
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        self.keys.iter().zip(self.values.iter())
    }

    /// The keys in order.
    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.keys.iter()
    }

    /// The values in key order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }
}

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        VecMap::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for VecMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'a, V> IntoIterator for &'a VecMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;
    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<V> IntoIterator for VecMap<V> {
    type Item = (String, V);
    type IntoIter = IntoIter<V>;
    fn into_iter(self) -> IntoIter<V> {
        self.keys.into_iter().zip(self.values)
    }
}

impl<V> Extend<(String, V)> for VecMap<V> {
    /// Inserts each entry in turn: of repeated keys the last one counts.
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V> FromIterator<(String, V)> for VecMap<V> {
    /// Of repeated keys the last one counts, as `BTreeMap::from_iter`.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = VecMap::new();
        m.extend(iter);
        m
    }
}

impl<V: Serialize> Serialize for VecMap<V> {
    /// A map in key order, as serde's `BTreeMap` impl (`collect_map`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for VecMap<V> {
    /// As serde's `BTreeMap` impl: `deserialize_map`, expecting "a map", each entry
    /// inserted in turn (of repeated keys the last one counts).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = VecMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<VecMap<V>, A::Error> {
                let mut m = VecMap::new();
                while let Some((k, v)) = access.next_entry()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::ToJson;
    use std::collections::BTreeMap;

    /// Keys drawn from a small alphabet so that repeats are common, with prefixes of one
    /// another, non-ASCII and empty keys (byte order, not char or locale order).
    fn key(k: u8) -> String {
        const KEYS: &[&str] = &["", "a", "ab", "abc", "b", "B", "é", "e", "10", "9", "1", "zz", "z", "ä", "A", "aa"];
        KEYS[usize::from(k) % KEYS.len()].to_string()
    }

    fn same(v: &VecMap<u32>, b: &BTreeMap<String, u32>) {
        assert_eq!(v.len(), b.len());
        assert_eq!(v.is_empty(), b.is_empty());
        assert!(v.iter().eq(b.iter()), "{v:?} != {b:?}");
        assert!(v.keys().eq(b.keys()));
        assert!(v.values().eq(b.values()));
        assert_eq!(format!("{v:?}"), format!("{b:?}"));
        assert_eq!(serde_json::to_string(v).unwrap(), serde_json::to_string(b).unwrap());
        for k in 0..20u8 {
            let k = format!("{}{}", key(k), if k >= 16 { "x" } else { "" });
            assert_eq!(v.get(&k), b.get(&k));
            assert_eq!(v.contains_key(&k), b.contains_key(&k));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2_000, failure_persistence: None, ..Default::default() })]

        /// Random insert sequences with repeated keys: the same answers, values, order,
        /// `Debug`, serde JSON and lookups as `BTreeMap`; then `FromIterator`, `Extend`,
        /// `into_iter` and `get_mut` on the same sequence.
        #[test]
        fn behaves_as_a_btreemap(ops in proptest::collection::vec((0u8..16, 0u32..1000), 0..60)) {
            let mut v = VecMap::new();
            let mut b = BTreeMap::new();
            for (k, x) in &ops {
                assert_eq!(v.insert(key(*k), *x), b.insert(key(*k), *x));
                same(&v, &b);
            }
            let entries = || ops.iter().map(|(k, x)| (key(*k), *x));
            let collected: VecMap<u32> = entries().collect();
            same(&collected, &entries().collect());
            let mut extended = VecMap::new();
            extended.insert("a".into(), 7);
            extended.extend(entries());
            let mut b2 = BTreeMap::from([("a".to_string(), 7)]);
            b2.extend(entries());
            same(&extended, &b2);
            assert!(collected.clone().into_iter().eq(entries().collect::<BTreeMap<_, _>>()));
            for (k, _) in &ops {
                *v.get_mut(&key(*k)).unwrap() += 1;
                *b.get_mut(&key(*k)).unwrap() += 1;
            }
            same(&v, &b);
            assert_eq!(v == collected, b == entries().collect::<BTreeMap<_, _>>());
        }

        /// A JSON object with repeated keys, read by serde and by `json.rs`: both as a
        /// `BTreeMap` reads it (the last one counts), and written back as it writes it.
        #[test]
        fn reads_and_writes_json_as_a_btreemap(ops in proptest::collection::vec((0u8..16, 0u32..1000), 0..40)) {
            let mut text = String::from("{");
            for (i, (k, x)) in ops.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&format!("{}:\"{x}\"", serde_json::to_string(&key(*k)).unwrap()));
            }
            text.push('}');
            let b: BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
            let v: VecMap<String> = serde_json::from_str(&text).unwrap();
            assert!(v.iter().eq(b.iter()));
            let ours = crate::json::from_str::<VecMap<String>>(&text).unwrap();
            assert_eq!(ours, v);
            let want = serde_json::to_string(&b).unwrap();
            assert_eq!(serde_json::to_string(&v).unwrap(), want);
            assert_eq!(serde_json::to_string_pretty(&v).unwrap(), serde_json::to_string_pretty(&b).unwrap());
            let mut out = String::new();
            v.write_json(&mut out);
            assert_eq!(out, want);
            let back: VecMap<String> = serde_json::from_str(&want).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn refuses_what_a_btreemap_refuses_with_the_same_message() {
        for text in [r#"[]"#, r#""x""#, r#"1"#, r#"{"a": 1}"#, r#"{"a": "1", "b": null}"#] {
            let b = serde_json::from_str::<BTreeMap<String, String>>(text).unwrap_err().to_string();
            let v = serde_json::from_str::<VecMap<String>>(text).unwrap_err().to_string();
            assert_eq!(v, b);
        }
        let e = crate::json::from_str::<VecMap<String>>("[1]").unwrap_err();
        assert_eq!(e.message(), "invalid type: sequence, expected a map");
        // A field missing in a card (serde's `default`) is an empty map.
        assert!(VecMap::<String>::default().is_empty());
    }

    /// The worst case of the largest map a card may hold: 1,000 origins of a chart in
    /// reverse order, each insert moving every entry after it, still comes out in key order.
    /// (Its cost, about 0.2 ms natively, is measured, not tested: tests never fail on time.)
    #[test]
    fn inserting_in_reverse_order_keeps_key_order() {
        let keys: Vec<String> = (0..1000).rev().map(|i| format!("{i:03}")).collect();
        let mut m = VecMap::new();
        for k in &keys {
            assert_eq!(m.insert(k.clone(), k.clone()), None);
        }
        assert_eq!(m.len(), 1000);
        assert!(m.keys().eq(keys.iter().rev()));
        assert!(m.iter().all(|(k, v)| k == v));
    }

    /// `insert` gives back the value it replaces, and the key keeps its place.
    #[test]
    fn insert_gives_back_the_value_replaced() {
        let mut m = VecMap::new();
        for (k, v) in [("b", 2), ("a", 1), ("c", 3)] {
            assert_eq!(m.insert(k.to_string(), v), None);
        }
        assert_eq!(m.insert("b".to_string(), 20), Some(2));
        assert!(m.iter().map(|(k, v)| (k.as_str(), *v)).eq([("a", 1), ("b", 20), ("c", 3)]));
    }
}
