//! The rate engine: loaded cards, and quotes across all their services.

use crate::card::format::CardDoc;
use crate::card::{Card, Service};
use crate::error::{Error, ErrorCode, Result};
use crate::quote::{rate, reason, QuoteResult, Unavailable};
use crate::shipment::Shipment;
use crate::zones::ZoneTable;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Largest card text accepted, in bytes.
pub const MAX_CARD_BYTES: usize = 16 * 1024 * 1024;

/// One service code of one carrier, with every card version that defines it.
#[derive(Debug, Clone)]
struct Group {
    carrier: String,
    code: String,
    /// (card index, service index), in load order.
    versions: Vec<(usize, usize)>,
}

/// What `add_card` reports about a loaded card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CardSummary {
    /// Card id.
    pub id: String,
    /// Edition label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Carrier code.
    pub carrier: String,
    /// Service codes.
    pub services: Vec<String>,
    /// Zone table names it brings.
    pub zone_tables: Vec<String>,
    /// Content hash.
    pub hash: String,
}

/// Holds compiled cards and answers quotes.
#[derive(Debug, Clone, Default)]
pub struct RateEngine {
    cards: Vec<Card>,
    shared_zones: BTreeMap<String, Arc<ZoneTable>>,
    groups: Vec<Group>,
}

impl RateEngine {
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
        let hash = crate::integrity::card_hash(&doc);
        if let Some(own) = &doc.hash {
            if *own != hash {
                return Err(Error::new(
                    ErrorCode::HashMismatch,
                    "hash",
                    format!("the card's content hashes to {hash}, not {own}: it was changed after hashing"),
                ));
            }
        }
        if let Some(req) = required {
            if req != hash {
                return Err(Error::new(
                    ErrorCode::HashMismatch,
                    "",
                    format!("the card's content hashes to {hash}, not the required {req}"),
                ));
            }
        }
        if self.cards.iter().any(|c| c.doc.id == doc.id && c.doc.version == doc.version) {
            return Err(Error::new(
                ErrorCode::DuplicateCard,
                "id",
                format!("a card {:?} with this version is already loaded", doc.id),
            ));
        }
        let card = Card::compile(doc, &self.shared_zones)?;
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
        let summary = CardSummary {
            id: card.doc.id.clone(),
            version: card.doc.version.clone(),
            carrier: card.doc.carrier.clone(),
            services: card.services.iter().map(|s| s.code.clone()).collect(),
            zone_tables: card.zone_tables.keys().cloned().collect(),
            hash,
        };
        self.cards.push(card);
        Ok(summary)
    }

    /// The loaded cards.
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// Service codes of every loaded service, in load order.
    pub fn service_codes(&self) -> Vec<&str> {
        self.groups.iter().map(|g| g.code.as_str()).collect()
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
                    return Err(Error::new(
                        ErrorCode::UnknownService,
                        format!("services[{i}]"),
                        format!("no loaded card has a service {code:?}"),
                    ));
                }
            }
        }
        let mut out = QuoteResult::default();
        for g in &self.groups {
            if shipment.services.as_ref().is_some_and(|f| !f.contains(&g.code)) {
                continue;
            }
            match self.in_force(g, shipment.ship_date) {
                Some((card, svc)) => match rate(card, svc, shipment) {
                    Ok(q) => out.quotes.push(q),
                    Err(u) => out.unavailable.push(u),
                },
                None => out.unavailable.push(self.no_card(g, shipment)),
            }
        }
        Ok(out)
    }

    fn no_card<'e>(&'e self, g: &'e Group, shipment: &Shipment) -> Unavailable<'e> {
        let periods: Vec<String> = g
            .versions
            .iter()
            .filter_map(|&(ci, si)| self.cards.get(ci)?.services.get(si))
            .map(|s| {
                let f = s.effective.from.map_or(String::from("…"), |d| d.to_string());
                let t = s.effective.to.map_or(String::from("…"), |d| d.to_string());
                format!("{f} to {t}")
            })
            .collect();
        Unavailable {
            carrier: &g.carrier,
            service: &g.code,
            code: Cow::Borrowed(reason::NO_CARD_IN_EFFECT),
            message: format!(
                "no card for {} is in force on {} (loaded cards cover {})",
                g.code,
                shipment.ship_date,
                periods.join(", ")
            ),
        }
    }
}
