//! Type errors name the value found as serde_json names it (texts written out by hand).

use zonerate::json::from_str;

#[test]
fn type_errors_name_what_was_found() {
    let cases: [(&str, &str); 4] = [
        ("false", "invalid type: boolean `false`, expected u32"),
        (r#""a\"b""#, r#"invalid type: string "a\"b", expected u32"#),
        ("[1]", "invalid type: sequence, expected u32"),
        ("{}", "invalid type: map, expected u32"),
    ];
    for (text, message) in cases {
        let e = from_str::<u32>(text).unwrap_err();
        assert_eq!(e.message(), message, "{text}");
    }
}
