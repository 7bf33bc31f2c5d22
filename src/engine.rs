//! The rate engine: loaded cards, and quotes across all their services.

use crate::card::format::CardDoc;
use crate::card::{Card, Service};
use crate::error::{msg, quoted, Error, ErrorCode, Result};
use crate::json::append;
use crate::markup::MarkupRule;
use crate::quote::{
    out_of_range, rate_with, reason, Category, Line, Money, ParcelQuote, Quote, QuoteResult, Shared, Unavailable,
};
use crate::rounding::{add, saturating_add};
use crate::shipment::{Piece, Shipment, View};
use crate::vecmap::VecMap;
use crate::zones::ZoneTable;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::sync::Arc;

/// Largest card text accepted, in bytes: 4 MiB, four times the largest shipped card (the
/// 930-origin national zone chart, 0.95 MB). Together with the counts checked by
/// `card::scan` it bounds the memory a card from anywhere can make the engine use.
pub const MAX_CARD_BYTES: usize = 4 * 1024 * 1024;

/// One service code of one carrier, with every card version that defines it.
#[derive(Debug, Clone)]
struct Group {
    carrier: String,
    code: String,
    /// (card index, service index), in load order.
    versions: Vec<(usize, usize)>,
}

/// What `add_card` reports about a loaded card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    /// Card id.
    pub id: String,
    /// Edition label.
    pub version: Option<String>,
    /// Carrier code.
    pub carrier: String,
    /// Service codes.
    pub services: Vec<String>,
    /// Zone table names it brings.
    pub zone_tables: Vec<String>,
    /// Content hash, when loading computed it (the card had its own `hash`, or one was
    /// required); otherwise ask [`RateEngine::card_hash`].
    pub hash: Option<String>,
}

impl crate::json::ToJson for CardSummary {
    fn write_json(&self, out: &mut String) {
        write_summary(
            out,
            [&self.id, &self.carrier],
            self.version.as_deref(),
            self.services.iter().map(String::as_str),
            self.zone_tables.iter().map(String::as_str),
            self.hash.as_deref(),
        );
    }
}

/// A card's summary as JSON (`{"id", "version"?, "carrier", "services", "zoneTables",
/// "hash"?}`), from a [`CardSummary`] or, in the binding, straight from the loaded card
/// (`summary_json`): one writer for both. Each piece goes through one of the two helpers
/// below rather than an inlined `push_str` (its capacity check and copy): the binding's card
/// path compiles this code on the first card.
fn write_summary<'a>(
    out: &mut String,
    [id, carrier]: [&str; 2],
    version: Option<&str>,
    services: impl Iterator<Item = &'a str>,
    zone_tables: impl Iterator<Item = &'a str>,
    hash: Option<&str>,
) {
    write_member(out, "{\"id\":", id);
    if let Some(v) = version {
        write_member(out, ",\"version\":", v);
    }
    write_member(out, ",\"carrier\":", carrier);
    write_list(out, ",\"services\":[", services);
    write_list(out, "],\"zoneTables\":[", zone_tables);
    put(out, "]");
    if let Some(h) = hash {
        write_member(out, ",\"hash\":", h);
    }
    put(out, "}");
}

/// `text` appended to `out` (one out-of-line copy for every piece of the summary).
#[inline(never)]
fn put(out: &mut String, text: &str) {
    out.push_str(text);
}

/// `key` (the text before the value: separator, name, colon), then `value` as a JSON string.
#[inline(never)]
fn write_member(out: &mut String, key: &str, value: &str) {
    put(out, key);
    crate::json::write_str(out, value);
}

/// `key` (up to and with the opening `[`), then the strings of a JSON array, without its `]`.
fn write_list<'a>(out: &mut String, key: &str, items: impl Iterator<Item = &'a str>) {
    put(out, key);
    for (i, s) in items.enumerate() {
        write_member(out, if i > 0 { "," } else { "" }, s);
    }
}

/// The content hash of `doc`, checked against the card's own `hash` field when it has one,
/// then against `required` when given. Out of line (kept so by `scripts/build-wasm.sh`):
/// V8 compiles a function on its first call, so loading a card without a hash to check
/// does not compile the hashing and its errors.
#[inline(never)]
fn checked_hash(doc: &CardDoc, required: Option<&str>) -> Result<String> {
    let hash = crate::integrity::card_hash(doc);
    if let Some(own) = &doc.hash {
        if *own != hash {
            return Err(Error::new(
                ErrorCode::HashMismatch,
                "hash",
                msg!("the card's content hashes to ", hash, ", not ", own, ": it was changed after hashing"),
            ));
        }
    }
    if let Some(req) = required {
        if req != hash {
            return Err(Error::new(
                ErrorCode::HashMismatch,
                "",
                msg!("the card's content hashes to ", hash, ", not the required ", req),
            ));
        }
    }
    Ok(hash)
}

/// The [`CardSummary`] of `card` as JSON text, byte for byte what its `to_json` writes,
/// written from the card itself (see `RateEngine::add_card_json_answer`).
#[cfg(any(target_arch = "wasm32", test))]
fn summary_json(card: &Card) -> String {
    // Grown by its appends (once per card), without `with_capacity`'s allocation code.
    let mut out = String::new();
    write_summary(
        &mut out,
        [&card.doc.id, &card.doc.carrier],
        card.doc.version.as_deref(),
        card.services.iter().map(|s| s.code.as_str()),
        card.zone_tables.keys().map(String::as_str),
        card.known_hash(),
    );
    out
}

/// Holds compiled cards and answers quotes.
#[derive(Debug, Clone, Default)]
pub struct RateEngine {
    cards: Vec<Card>,
    shared_zones: VecMap<Arc<ZoneTable>>,
    groups: Vec<Group>,
    markups: Vec<MarkupRule>,
    markup_hash: String,
}

impl RateEngine {
    /// Sets the markup rules that turn cost into sell prices (replacing earlier ones).
    pub fn set_markups(&mut self, rules: Vec<MarkupRule>) {
        self.markup_hash = if rules.is_empty() {
            String::new()
        } else {
            crate::integrity::sha256_hex(crate::json::ToJson::to_json(&rules).as_bytes())
        };
        self.markups = rules;
    }

    /// The markup rules.
    pub fn markups(&self) -> &[MarkupRule] {
        &self.markups
    }

    /// An empty engine.
    pub fn new() -> RateEngine {
        RateEngine::default()
    }

    /// Parses, checks and adds a card from JSON text. Nothing is added on error.
    pub fn add_card_json(&mut self, text: &str) -> Result<CardSummary> {
        self.add_card_json_checked(text, None)
    }

    /// As [`add_card_json`](Self::add_card_json), and refuses the card unless its
    /// content hash is `required` (`sha256:…`).
    pub fn add_card_json_checked(&mut self, text: &str, required: Option<&str>) -> Result<CardSummary> {
        let doc = crate::card::parse_card(text)?;
        self.add_card_checked(doc, required)
    }

    /// Adds a parsed card.
    pub fn add_card(&mut self, doc: CardDoc) -> Result<CardSummary> {
        self.add_card_checked(doc, None)
    }

    /// Adds a parsed card, checking its content hash against `required` when given,
    /// and against the card's own `hash` field when it has one.
    pub fn add_card_checked(&mut self, doc: CardDoc, required: Option<&str>) -> Result<CardSummary> {
        self.add_with(doc, required, |card| CardSummary {
            id: card.doc.id.clone(),
            version: card.doc.version.clone(),
            carrier: card.doc.carrier.clone(),
            services: card.services.iter().map(|s| s.code.clone()).collect(),
            zone_tables: card.zone_tables.keys().cloned().collect(),
            hash: card.known_hash().map(String::from),
        })
    }

    /// As [`add_card_json_checked`](Self::add_card_json_checked), the summary written as
    /// JSON text (what `CardSummary::to_json` writes) straight from the card: the binding's
    /// `addCard` answer, without the summary's copies of every code and their writers
    /// (V8 compiles each function a card load calls, on that first load).
    #[cfg(any(target_arch = "wasm32", test))]
    pub(crate) fn add_card_json_answer(&mut self, text: &str, required: Option<&str>) -> Result<String> {
        let doc = crate::card::parse_card(text)?;
        self.add_with(doc, required, summary_json)
    }

    /// Checks and adds a card; `summary` reports on it (the content hash, when loading
    /// computed it, kept by the card: `Card::known_hash`) before it joins the loaded cards.
    fn add_with<R>(&mut self, doc: CardDoc, required: Option<&str>, summary: impl FnOnce(&Card) -> R) -> Result<R> {
        // Hashing costs a full serialisation: only when the hash is to be checked.
        let hash = if doc.hash.is_some() || required.is_some() { Some(checked_hash(&doc, required)?) } else { None };
        if self.cards.iter().any(|c| c.doc.id == doc.id && c.doc.version == doc.version) {
            return Err(Error::new(
                ErrorCode::DuplicateCard,
                "id",
                crate::error::quoted("a card ", &doc.id, " with this version is already loaded"),
            ));
        }
        // The hash kept by the card, which the summary reads there.
        let card = Card::compile_hashed(doc, &self.shared_zones, hash)?;
        let idx = self.cards.len();
        for (si, s) in card.services.iter().enumerate() {
            match self.groups.iter_mut().find(|g| g.carrier == card.doc.carrier && g.code == s.code) {
                Some(g) => g.versions.push((idx, si)),
                None => self.groups.push(Group {
                    carrier: card.doc.carrier.clone(),
                    code: s.code.clone(),
                    versions: vec![(idx, si)],
                }),
            }
        }
        for (name, t) in &card.zone_tables {
            self.shared_zones.insert(name.clone(), Arc::clone(t));
        }
        let summary = summary(&card);
        self.cards.push(card);
        Ok(summary)
    }

    /// The content hash of the loaded card with this id (the latest loaded, when several
    /// versions are), computed on first use.
    pub fn card_hash(&self, id: &str) -> Option<&str> {
        self.cards.iter().rev().find(|c| c.doc.id == id).map(Card::hash)
    }

    /// The loaded cards.
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// Service codes of every loaded service, in load order.
    pub fn service_codes(&self) -> Vec<&str> {
        self.codes().collect()
    }

    /// [`RateEngine::service_codes`] without their list: the batch table reads them three
    /// times per line, with no list to allocate and free.
    pub(crate) fn codes(&self) -> impl Iterator<Item = &str> + '_ {
        self.groups.iter().map(|g| g.code.as_str())
    }

    /// The card version of a group in force on the date: the one that started last.
    fn in_force(&self, g: &Group, date: crate::date::Date) -> Option<(&Card, &Service)> {
        let mut best: Option<(&Card, &Service)> = None;
        for &(ci, si) in &g.versions {
            let Some(card) = self.cards.get(ci) else { continue };
            let Some(svc) = card.services.get(si) else { continue };
            if !svc.effective.contains(date) {
                continue;
            }
            let later = match best {
                None => true,
                Some((_, b)) => svc.effective.from >= b.effective.from,
            };
            if later {
                best = Some((card, svc));
            }
        }
        best
    }

    /// Quotes a shipment with every loaded service (or those of its `services` filter).
    pub fn quote(&self, shipment: &Shipment) -> Result<QuoteResult<'_>> {
        if let Some(filter) = &shipment.services {
            for (i, code) in filter.iter().enumerate() {
                if !self.groups.iter().any(|g| &g.code == code) {
                    return Err(unknown_service(i, code));
                }
            }
        }
        let mut out = QuoteResult { quotes: Vec::new(), unavailable: Vec::new() };
        // Room for a quote per service, made by `reserve` (one allocation through the shared
        // growth code, not `with_capacity`'s own).
        out.quotes.reserve(self.groups.len());
        // The shipment's own parcel, unless it has several (`parcels`, each rated as it is).
        let own = Piece { weight: shipment.weight, dims: shipment.dims };
        let mut common = Shared::default();
        for g in &self.groups {
            if shipment.services.as_ref().is_some_and(|f| !crate::listed(f, &g.code))
                || !shipment.filters.admits(&g.carrier, &g.code)
            {
                continue;
            }
            let Some((card, svc)) = self.in_force(g, shipment.ship_date) else {
                out.unavailable.push(self.no_card(g, shipment));
                continue;
            };
            let priced = if shipment.parcels.len() < 2 {
                self.price(card, svc, shipment, &own, &mut common, &mut out.quotes)
            } else {
                self.price_parcels(card, svc, shipment, &mut common, &mut out.quotes)
            };
            match priced {
                Ok(()) => {
                    if let Some(q) = out.quotes.last_mut() {
                        present(q, shipment.view);
                        if shipment.fingerprint {
                            q.fingerprint =
                                Some(crate::verify::fingerprint(card.hash(), &self.markup_hash, shipment, q));
                        }
                    }
                }
                Err(u) => out.unavailable.push(u),
            }
        }
        tag(&mut out.quotes, shipment.best_value_days);
        Ok(out)
    }

    /// Cost lines from the card, then the markup lines: the quote is pushed onto `out`.
    fn price<'e, 's>(
        &'e self,
        card: &'e Card,
        svc: &'e Service,
        shipment: &'s Shipment,
        piece: &'s Piece,
        common: &mut Shared<'s>,
        out: &mut Vec<Quote<'e>>,
    ) -> std::result::Result<(), Unavailable<'e>> {
        rate_with(card, svc, shipment, piece, &self.shared_zones, common, out)?;
        let Some(q) = out.last_mut() else { return Ok(()) };
        if let Err(u) = self.mark_up(card, svc, q) {
            out.pop();
            return Err(u);
        }
        Ok(())
    }

    /// Adds the markup lines to a quote of the card's cost.
    fn mark_up<'e>(
        &'e self,
        card: &'e Card,
        svc: &'e Service,
        q: &mut Quote<'e>,
    ) -> std::result::Result<(), Unavailable<'e>> {
        let cost = q.total.0;
        q.cost = Some(Money(cost));
        if self.markups.is_empty() {
            return Ok(());
        }
        match crate::markup::apply(&self.markups, &card.doc.carrier, &svc.code, q.zone, cost, &mut q.lines) {
            Some(total) => {
                q.total = Money(total);
                Ok(())
            }
            // (The quote, with the lines pushed so far, is dropped by `price`.)
            None => Err(out_of_range(card, svc, &["the sell price"])),
        }
    }

    /// A multi-parcel shipment: every parcel must be taken; lines are summed by code.
    /// Out of line: most shipments are one parcel, and the quote loop stays small.
    #[cold]
    #[inline(never)]
    fn price_parcels<'e, 's>(
        &'e self,
        card: &'e Card,
        svc: &'e Service,
        shipment: &'s Shipment,
        common: &mut Shared<'s>,
        out: &mut Vec<Quote<'e>>,
    ) -> std::result::Result<(), Unavailable<'e>> {
        // Each parcel's quote is pushed onto `out` and merged there into the first one: no
        // quote is moved (a quote is large). On error, none of them stays.
        let parcels = &shipment.parcels;
        let start = out.len();
        for (i, p) in parcels.iter().enumerate() {
            if let Err(mut u) = self.price(card, svc, shipment, p, common, out) {
                out.truncate(start);
                u.message = msg!("parcel ", i + 1, " of ", parcels.len(), ": ", u.message);
                return Err(u);
            }
        }
        // (Never empty: `parcels` has two or more. An empty list would be refused as a sum
        // out of range, through the one exit below.)
        let merged = match out.get_mut(start..) {
            Some(quotes) if !quotes.is_empty() => merge_parcels(quotes),
            _ => Err(crate::rounding::OutOfRange),
        };
        // The merged quote stays, the others go (all of them when a sum overflowed).
        out.truncate(if merged.is_ok() { start + 1 } else { start });
        merged.map_err(|_| out_of_range(card, svc, &["the shipment's total"]))
    }

    /// The answer for a service with no card version in force on the ship date.
    #[cold]
    #[inline(never)]
    fn no_card<'e>(&'e self, g: &'e Group, shipment: &Shipment) -> Unavailable<'e> {
        // "2025-10-05 to 2026-07-11, 2026-07-12 to …"
        let mut periods = String::new();
        for &(ci, si) in &g.versions {
            let Some(s) = self.cards.get(ci).and_then(|c| c.services.get(si)) else { continue };
            if !periods.is_empty() {
                append(&mut periods, ", ");
            }
            for (i, d) in [s.effective.from, s.effective.to].iter().enumerate() {
                if i == 1 {
                    append(&mut periods, " to ");
                }
                match d {
                    Some(d) => d.write_iso(&mut periods),
                    None => append(&mut periods, "…"),
                }
            }
        }
        Unavailable {
            carrier: &g.carrier,
            service: &g.code,
            code: Cow::Borrowed(reason::NO_CARD_IN_EFFECT),
            message: msg!(
                "no card for ",
                g.code,
                " is in force on ",
                shipment.ship_date,
                " (loaded cards cover ",
                periods,
                ")"
            ),
        }
    }
}

/// Merges the quotes of a shipment's parcels (`quotes`, one per parcel, in order) into the
/// first: the others' lines are added to its lines of the same code and category (or
/// appended), and each parcel's own figures are listed in `parcels`. Sums start from zero
/// (0 + x is x, bit for bit). `Err` when a sum is out of range.
fn merge_parcels(quotes: &mut [Quote<'_>]) -> std::result::Result<(), crate::rounding::OutOfRange> {
    // Each parcel's own figures first (nothing here can fail): the sums below then have
    // no list to drop on their way out.
    let parts: Vec<ParcelQuote<'_>> = quotes
        .iter()
        .map(|q| ParcelQuote {
            billable_weight: q.billable_weight,
            dim_weight: q.dim_weight,
            cubic_tier: q.cubic_tier,
            total: q.total,
            lines: q.lines.clone(),
        })
        .collect();
    merge_sums(quotes)?;
    if let Some(first) = quotes.first_mut() {
        first.parcels = parts;
    }
    Ok(())
}

/// The sums of [`merge_parcels`], into the first quote.
fn merge_sums(quotes: &mut [Quote<'_>]) -> std::result::Result<(), crate::rounding::OutOfRange> {
    let (mut billable, mut cost) = (Decimal::ZERO, Decimal::ZERO);
    for q in quotes.iter() {
        billable = add(billable, q.billable_weight.value.0)?;
        cost = add(cost, q.cost.map_or(Decimal::ZERO, |c| c.0))?;
    }
    let Some((first, rest)) = quotes.split_first_mut() else { return Ok(()) };
    for q in rest.iter() {
        // By reference: a line is copied only when appended (its texts are borrowed from
        // the card).
        for l in &q.lines {
            match first.lines.iter_mut().find(|x| x.code == l.code && x.category == l.category) {
                Some(x) => x.amount = Money(add(x.amount.0, l.amount.0)?),
                None => first.lines.push(*l),
            }
        }
        first.total = Money(add(first.total.0, q.total.0)?);
    }
    first.billable_weight.value = crate::quote::Num(billable);
    first.dim_weight = None;
    first.cubic_tier = None;
    first.cost = Some(Money(cost));
    Ok(())
}

/// The error for a `services` filter entry that no loaded card has.
#[cold]
#[inline(never)]
fn unknown_service(i: usize, code: &str) -> Error {
    Error::new(ErrorCode::UnknownService, msg!("services[", i, "]"), quoted("no loaded card has a service ", code, ""))
}

/// Shapes a priced quote for the view: the internal view shows cost, sell and margin;
/// the customer's view folds markups into the base line and shows no cost.
fn present(q: &mut Quote<'_>, view: View) {
    let cost = q.cost.unwrap_or(q.total);
    match view {
        View::Internal => {
            q.sell = Some(q.total);
            // Total and cost are both ≥ 0 and within range: the difference is too.
            q.margin = Some(Money(crate::rounding::saturating_sub(q.total.0, cost.0)));
        }
        View::Customer => {
            q.cost = None;
            fold_markups(&mut q.lines);
            for p in &mut q.parcels {
                fold_markups(&mut p.lines);
            }
        }
    }
}

fn fold_markups(lines: &mut Vec<Line<'_>>) {
    // Every line is ≥ 0 and their sum (the total) was computed without overflow, so
    // these partial sums cannot overflow; saturating keeps that a non-panicking fact.
    // Summed as they are taken out, in one pass.
    let mut markup = None;
    lines.retain(|l| {
        let keep = l.category != Category::Markup;
        if !keep {
            markup = Some(saturating_add(markup.unwrap_or(Decimal::ZERO), l.amount.0));
        }
        keep
    });
    let Some(markup) = markup else {
        // Nothing to fold (adding a zero would leave the base line as it is).
        return;
    };
    if let Some(base) = lines.iter_mut().find(|l| l.category == Category::Base) {
        base.amount = Money(saturating_add(base.amount.0, markup));
    }
}

/// Rate-shopping tags: `cheapest` (lowest total), `fastest` (fewest transit days, then
/// cheapest), `best_value` (cheapest arriving within `days` business days). Ties go to
/// the first listed.
fn tag(quotes: &mut [Quote<'_>], days: u32) {
    // Tags do not change the picks: each is tagged as it is picked.
    for (p, t) in [(Pick::Cheapest, "cheapest"), (Pick::Fastest, "fastest"), (Pick::BestValue, "best_value")] {
        if let Some(q) = pick(quotes, p, days).and_then(|i| quotes.get_mut(i)) {
            q.tags.push(t);
        }
    }
}

/// Which quote a tag goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    Cheapest,
    Fastest,
    BestValue,
}

/// The index of the first quote with the lowest key among those the tag may go to: the
/// total (after the transit days, for `Fastest`). One copy for the three tags, without
/// closures.
#[inline(never)]
fn pick(quotes: &[Quote<'_>], which: Pick, days: u32) -> Option<usize> {
    let mut best: Option<(usize, (u32, Decimal))> = None;
    for (i, q) in quotes.iter().enumerate() {
        let (ok, first) = match (which, q.transit_days) {
            (Pick::Cheapest, _) => (true, 0),
            (Pick::Fastest, t) => (t.is_some(), t.unwrap_or(u32::MAX)),
            (Pick::BestValue, t) => (t.is_some_and(|d| d <= days), 0),
        };
        if !ok {
            continue;
        }
        let k = (first, q.total.0);
        // `k < b`, the decimals compared by `order`.
        if best.is_none_or(|(_, b)| k.0.cmp(&b.0).then_with(|| crate::rounding::order(k.1, b.1)).is_lt()) {
            best = Some((i, k));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + path).unwrap()
    }

    /// The JSON a summary is, its strings and lists written by serde_json from the card's
    /// own fields (serde_json's maps sort their keys: the members are joined here).
    fn expected(e: &RateEngine) -> String {
        let c = e.cards().last().unwrap();
        let mut out = format!("{{\"id\":{}", j(&c.doc.id));
        if let Some(ver) = &c.doc.version {
            out += &format!(",\"version\":{}", j(ver));
        }
        let services: Vec<&str> = c.services.iter().map(|s| s.code.as_str()).collect();
        let tables: Vec<&String> = c.zone_tables.keys().collect();
        out += &format!(",\"carrier\":{},\"services\":{}", j(&c.doc.carrier), j(&services));
        out += &format!(",\"zoneTables\":{}", j(&tables));
        out + "}"
    }

    /// serde_json's text of a value.
    fn j<T: serde::Serialize + ?Sized>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    #[test]
    fn the_bindings_summary_is_the_summarys_json() {
        let text = read("docs/examples/minimal.json");
        let mut e = RateEngine::new();
        assert_eq!(
            e.add_card_json_answer(&text, None).unwrap(),
            r#"{"id":"acme-ground-2026","version":"2026.1","carrier":"acme","services":["acme_ground"],"zoneTables":["acme_phx"]}"#
        );
        let hash = e.card_hash("acme-ground-2026").unwrap().to_string();
        assert_eq!(
            RateEngine::new().add_card_json_answer(&text, Some(&hash)).unwrap(),
            r#"{"id":"acme-ground-2026","version":"2026.1","carrier":"acme","services":["acme_ground"],"zoneTables":["acme_phx"],"hash":"sha256:ed8c3e533b8d4c1e706a7c13436b193b9b38d7fa77cb4c8a1a31f3f0038bb990"}"#
        );
        assert_eq!(
            RateEngine::new().add_card_json_answer(&read("docs/examples/hashed.json"), None).unwrap(),
            r#"{"id":"acme-mini-2026","carrier":"acme","services":["acme_mini"],"zoneTables":["acme_mini"],"hash":"sha256:7f3a7e9fbe70a7a0de8ee6b8bb4a87bc76000665a09aae6b917c05627a9417c8"}"#
        );
        // Characters to escape, a card without a version, several services and tables.
        let odd = text.replacen("\"acme-ground-2026\"", r#""a\"b\\c\nd\u0001é😀""#, 1).replacen(
            "\"version\": \"2026.1\",",
            "",
            1,
        );
        assert_eq!(e.add_card_json_answer(&odd, None).unwrap(), expected(&e));
        for f in ["usps-zones.json", "usps-2025-10-05.json", "usps-2026-07-12.json"] {
            let answer = e.add_card_json_answer(&read(&format!("cards/usps/{f}")), None).unwrap();
            assert_eq!(answer, expected(&e));
        }
        // The zone card brings two tables, the others several services and none.
        assert!(e.cards().iter().any(|c| c.zone_tables.len() > 1) && e.cards().iter().any(|c| c.services.len() > 1));
    }
}
