//! A limit's hand-written `Clone` (its optional texts copied by the shared `card::copy_opt`)
//! keeps every field, present or absent.

use rust_decimal::Decimal;
use zonerate::card::format::{LimitDef, Measure};

#[test]
fn a_cloned_limit_keeps_every_field() {
    let full = LimitDef {
        measure: Measure::Weight,
        max: Decimal::new(705, 1),
        code: Some("too_heavy".to_string()),
        message: Some("over 70.5 lb".to_string()),
    };
    let c = full.clone();
    assert_eq!(c.measure, Measure::Weight);
    assert_eq!(c.max, Decimal::new(705, 1));
    assert_eq!(c.code.as_deref(), Some("too_heavy"));
    assert_eq!(c.message.as_deref(), Some("over 70.5 lb"));
    let bare = LimitDef { measure: Measure::Girth, max: Decimal::new(108, 0), code: None, message: None };
    let c = bare.clone();
    assert_eq!((c.measure, c.max, c.code, c.message), (Measure::Girth, Decimal::new(108, 0), None, None));
}
