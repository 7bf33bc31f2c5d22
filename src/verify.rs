//! Verifiable quotes: a fingerprint over what priced a quote (the card's content hash,
//! the markup rules), the normalised shipment, and the result; and the check a checkout
//! server or edge worker runs on a quote computed elsewhere (a browser), by quoting the
//! same shipment again with its own cards.
//!
//! A fingerprint alone proves nothing (anyone can hash tampered numbers); what proves a
//! price is that the verifier's own quote of the same shipment, with the card versions
//! it trusts, gives the same fingerprint. The fingerprint makes that comparison one
//! string, and names what changed when it fails.

use crate::error::{msg, Error, ErrorCode, Quoted, Result};
use crate::json::{append, Member, ToJson};
use crate::quote::Quote;
use crate::shipment::Shipment;

/// What the fingerprint covers of a shipment: everything that changes a quote's
/// numbers, nothing that only selects which quotes are listed. Field for field as when it
/// was derived with serde (`dims` written even when `null`, `parcels` even when empty):
/// every fingerprint depends on these bytes. Written from the shipment's own fields (no
/// copy of its measures into a struct of their own first).
fn write_covered(s: &Shipment, out: &mut String) {
    // (The card hash's stateless writers: no `ObjectWriter` on the stack.)
    use crate::card::format::{close, field, open};
    open(out);
    field(out, "from", &s.from);
    field(out, "to", &s.to);
    field(out, "weight", &s.weight);
    field(out, "dims", &s.dims);
    field(out, "residential", &s.residential);
    field(out, "shipDate", &s.ship_date);
    field(out, "options", &s.options);
    field(out, "view", &s.view);
    field(out, "parcels", s.parcels.as_slice());
    close(out);
}

/// The parts of a quote the fingerprint covers (not the rate-shopping tags, which
/// depend on the other services listed, nor the fingerprint itself).
fn quote_json(q: &Quote<'_>) -> String {
    let mut out = String::new();
    q.write(&mut out, false);
    out
}

/// `sha256:<hex>` over the card hash, the markup hash, the shipment and the quote.
/// Out of line: only quotes asked for with `"fingerprint": true` take it.
#[inline(never)]
pub fn fingerprint(card_hash: &str, markup_hash: &str, s: &Shipment, q: &Quote<'_>) -> String {
    // The hashed text, in one piece (see `integrity::sha256`). Room made by `reserve`: the
    // same one allocation, through the shared growth code rather than `with_capacity`'s own.
    let mut text = String::new();
    text.reserve(1024);
    // (Newlines through `append`: each `push` inlines its own growth.)
    append(&mut text, "zonerate.quote/1\n");
    append(&mut text, card_hash);
    append(&mut text, "\n");
    append(&mut text, markup_hash);
    append(&mut text, "\n");
    write_covered(s, &mut text);
    append(&mut text, "\n");
    q.write(&mut text, false);
    crate::integrity::sha256_hex(text.as_bytes())
}

/// The outcome of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// True when the claimed quote is exactly what the verifier computes.
    pub valid: bool,
    /// `ok`, or why not: `fingerprint_mismatch`, `total_mismatch`, `lines_mismatch`,
    /// `quote_mismatch`, `card_mismatch`, `service_unavailable`, `missing_fingerprint`.
    pub code: &'static str,
    /// A sentence.
    pub message: String,
    /// The verifier's own total for the service, when it could price it.
    pub expected_total: Option<String>,
    /// The verifier's own fingerprint, when it could price it.
    pub expected_fingerprint: Option<String>,
}

impl ToJson for Verification {
    fn write_json(&self, out: &mut String) {
        use crate::card::format::{close, field, open, opt};
        open(out);
        field(out, "valid", &self.valid);
        field(out, "code", self.code);
        field(out, "message", &self.message);
        opt(out, "expectedTotal", &self.expected_total);
        opt(out, "expectedFingerprint", &self.expected_fingerprint);
        close(out);
    }
}

impl Verification {
    fn no(code: &'static str, message: String) -> Verification {
        Verification { valid: false, code, message, expected_total: None, expected_fingerprint: None }
    }
}

/// Checks a claimed quote (JSON, as `quote` returned it, with its `fingerprint`) for a
/// shipment by quoting the shipment again with this engine's cards. `claimed` is the
/// members of the claimed quote (none if it is not an object: see [`crate::json::members`]).
/// The shipment is changed in place rather than copied: it is quoted for the claimed
/// service alone, unfiltered and with fingerprints (borrowed, so that the caller drops
/// it in one place rather than each early return here).
pub fn verify(engine: &crate::RateEngine, s: &mut Shipment, claimed: &[Member<'_>]) -> Result<Verification> {
    let field = |name: &str| str_field(claimed, name);
    let (Some(carrier), Some(service)) = (field("carrier"), field("service")) else {
        return Err(Error::new(ErrorCode::InvalidShipment, "quote", "the claimed quote needs `carrier` and `service`"));
    };
    let Some(claimed_fp) = field("fingerprint") else {
        return Ok(Verification::no("missing_fingerprint", msg!("the claimed quote carries no fingerprint")));
    };
    // (Owned by the shared `Cow::into_owned`, not an inlined `String::from`.)
    s.services = Some(vec![std::borrow::Cow::Borrowed(service).into_owned()]);
    s.filters = Default::default();
    s.fingerprint = true;
    let result = engine.quote(s)?;
    // One answer for both outcomes (no early return): the quote result is dropped once.
    Ok(match result.quotes.iter().find(|q| q.carrier == carrier && q.service == service) {
        None => {
            let why =
                result.unavailable.first().map_or_else(|| msg!("no such service"), |u| msg!(&*u.code, ": ", u.message));
            Verification::no(
                "service_unavailable",
                msg!(carrier, " ", service, " cannot price this shipment here (", why, ")"),
            )
        }
        Some(mine) => compare(mine, claimed, claimed_fp),
    })
}

/// The verification of a claimed quote (its members, its fingerprint) against the
/// verifier's own quote `mine` of the same service.
fn compare(mine: &Quote<'_>, claimed: &[Member<'_>], claimed_fp: &str) -> Verification {
    let field = |name: &str| str_field(claimed, name);
    let expected_fp = mine.fingerprint.as_deref().unwrap_or_default();
    let expected_total = msg!(mine.total);
    // The claimed quote must be the verifier's, field for field (tags aside), and carry
    // the verifier's fingerprint. Each outcome's message is owned once, at the end.
    let mine_text = quote_json(mine);
    let mine_members = crate::json::members(&mine_text).ok().flatten().unwrap_or_default();
    let same_lines = match (get(claimed, "lines"), get(&mine_members, "lines")) {
        (Some(a), Some(b)) => a.same(b),
        (a, b) => a.is_none() && b.is_none(),
    };
    let (total, card) = (field("total"), field("card"));
    // The two messages with the claim's values in them, then one for the others' fixed
    // texts (owned by one shared copy for the four).
    let (code, message) = if total != Some(expected_total.as_str()) {
        ("total_mismatch", msg!("total ", total.unwrap_or("?"), " is not ", expected_total))
    } else if same_lines && card != Some(mine.card) {
        ("card_mismatch", msg!("priced by card ", Quoted(card.unwrap_or("?")), ", not ", Quoted(mine.card)))
    } else {
        let (code, text) = if !same_lines {
            ("lines_mismatch", "the lines are not the ones these cards give")
        } else if !same_untagged(claimed, &mine_members) {
            ("quote_mismatch", "the quote differs from the one these cards give")
        } else if claimed_fp != expected_fp {
            (
                "fingerprint_mismatch",
                "the fingerprint does not match: the shipment, the card version or the markups differ",
            )
        } else {
            ("ok", "the quote is what these cards give for this shipment")
        };
        (code, std::borrow::Cow::Borrowed(text).into_owned())
    };
    Verification {
        valid: code == "ok",
        code,
        message,
        expected_fingerprint: Some(msg!(expected_fp)),
        expected_total: Some(expected_total),
    }
}

/// The member `name` of an object (the last one, if repeated).
fn get<'m, 't>(obj: &'m [Member<'t>], name: &str) -> Option<&'m Member<'t>> {
    obj.iter().rev().find(|m| m.name == name)
}

/// The string member `name` of an object. Out of line: `verify` reads six.
#[inline(never)]
fn str_field<'j>(obj: &'j [Member<'_>], name: &str) -> Option<&'j str> {
    get(obj, name).and_then(|m| m.string.as_deref())
}

/// Whether the objects `claimed` and `mine` are equal as JSON data (members compared as
/// a map, the last of repeated names counting, see [`Member::same`]) with the claimed
/// quote's `tags` and `fingerprint` members left out (`mine` has neither).
fn same_untagged(claimed: &[Member<'_>], mine: &[Member<'_>]) -> bool {
    covers(claimed, mine, true) && covers(mine, claimed, false)
}

/// Whether each member of `a` but `tags` and `fingerprint` is equal to the member of `b`
/// by its name; each of those two counts as `skipped`. One loop for both directions of
/// [`same_untagged`].
#[inline(never)]
fn covers(a: &[Member<'_>], b: &[Member<'_>], skipped: bool) -> bool {
    a.iter().all(|v| {
        // (A search of the two names: each `==` inlined a compare of its constant; -31 B
        // gzip.)
        if ["tags", "fingerprint"].contains(&&*v.name) {
            skipped
        } else {
            get(b, &v.name).is_some_and(|w| v.same(w))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    #[test]
    fn untagged_comparison_is_a_copy_without_tags_compared() {
        let texts = [
            r#"{"a":1,"tags":["x"],"fingerprint":"f"}"#,
            r#"{"a":1}"#,
            r#"{"a":2,"tags":[]}"#,
            r#"{"tags":1,"a":1,"a":2}"#,
            r#"{"a":2,"a":1}"#,
            r#"{"fingerprint":"f"}"#,
            r#"{}"#,
            r#"[1]"#,
            r#"null"#,
            r#"{"a":{"tags":1}}"#,
            r#"{"a":{}}"#,
            r#"{"a":{"x":1,"y":[1,"\u0041"]}}"#,
            r#"{"a":{"y":[1,"A"],"x":1},"tags":[]}"#,
            r#"{"a":{"x":1,"x":2}}"#,
            r#"{"a":{"x":1,"x":1}}"#,
            r#"{"a":{"x":1}}"#,
            r#"{"a":1.0}"#,
            r#"{"a":"1"}"#,
        ];
        for claimed in texts {
            for mine in texts {
                // The tree (test-only) is the reference: a copy without tags compared.
                let (c, m) = (crate::json::parse(claimed).unwrap(), crate::json::parse(mine).unwrap());
                let mut theirs = c.clone();
                theirs.remove("tags");
                theirs.remove("fingerprint");
                let members = |t| crate::json::members(t).unwrap().unwrap_or_default();
                let (cm, mm) = (members(claimed), members(mine));
                let objects = matches!((&c, &m), (Json::Obj(_), Json::Obj(_)));
                // (Both are objects in `verify`: the claimed quote has a carrier, and mine
                // is a quote.)
                if objects {
                    assert_eq!(same_untagged(&cm, &mm), theirs.same(&m), "{claimed} vs {mine}");
                }
            }
        }
    }

    /// A service the verifier cannot price: the first unavailable service's reason, or
    /// "no such service" (texts written out).
    #[test]
    fn an_unpriced_service_says_why() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut e = crate::RateEngine::new();
        for f in ["usps/usps-zones.json", "usps/usps-2025-10-05.json"] {
            e.add_card_json(&std::fs::read_to_string(root.join("cards").join(f)).unwrap()).unwrap();
        }
        let today = "2025-11-03".parse().unwrap();
        let verify = |weight: &str, q: &str| {
            let ship = format!(r#"{{"from":"85027","to":"10001","weight":"{weight}","shipDate":"2025-11-03"}}"#);
            crate::api::verify_quote_json(&e, &ship, q, today).unwrap()
        };
        assert_eq!(
            verify("90lb", r#"{"carrier":"usps","service":"usps_priority_mail_commercial","fingerprint":"f"}"#),
            concat!(
                r#"{"valid":false,"code":"service_unavailable","message":"usps usps_priority_mail_commercial "#,
                r#"cannot price this shipment here (over_max_weight: weight 90 lb is over the maximum of 70 lb)"}"#
            )
        );
        assert_eq!(
            verify("2lb", r#"{"carrier":"ups","service":"usps_priority_mail_commercial","fingerprint":"f"}"#),
            concat!(
                r#"{"valid":false,"code":"service_unavailable","message":"ups usps_priority_mail_commercial "#,
                r#"cannot price this shipment here (no such service)"}"#
            )
        );
    }

    fn covered(s: &Shipment) -> String {
        let mut out = String::new();
        write_covered(s, &mut out);
        out
    }

    #[test]
    fn the_covered_shipment_is_written_as_serde_wrote_it() {
        let today = "2025-11-03".parse().unwrap();
        let s = crate::shipment_from_json(r#"{"from":"85027","to":"10001","weight":"2.5lb"}"#, today).unwrap();
        assert_eq!(
            covered(&s),
            r#"{"from":"85027","to":"10001","weight":{"value":"2.5","unit":"lb"},"dims":null,"residential":false,"shipDate":"2025-11-03","options":{"flags":[]},"view":"customer","parcels":[]}"#
        );
        let s = crate::shipment_from_json(
            r#"{"from":"85027","to":"10001-1234","parcels":[{"weight":"2lb","dimensions":"10x10x10.5in"},{"weight":{"value":"3.50","unit":"kg"}}],
                "residential":true,"view":"internal","carriers":["usps"],"bestValueDays":2,"fingerprint":true,
                "options":{"flags":["signature","adult_signature","signature"],"packaging":"tube","declaredValue":"250.50","hub":"X"}}"#,
            today,
        )
        .unwrap();
        assert_eq!(
            covered(&s),
            concat!(
                r#"{"from":"85027","to":"10001","weight":{"value":"2","unit":"lb"},"dims":{"sides":["10","10","10.5"],"unit":"in"},"#,
                r#""residential":true,"shipDate":"2025-11-03","#,
                r#""options":{"flags":["adult_signature","signature"],"packaging":"tube","declaredValue":"250.50","hub":"X"},"#,
                r#""view":"internal","parcels":[{"weight":{"value":"2","unit":"lb"},"dims":{"sides":["10","10","10.5"],"unit":"in"}},"#,
                r#"{"weight":{"value":"3.50","unit":"kg"}}]}"#
            )
        );
    }
}
