//! Properties over arbitrary input: no reader or annotator panics, and every analysed document
//! keeps the span invariants and serialises to a record whose offsets index its text.

use dateline_engine::Engine;
use dateline_engine::article::{
    PlainTextOptions, parse_article_file, parse_json_line, parse_plain_text,
};
use proptest::prelude::*;
use std::sync::LazyLock;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new().expect("embedded data compiles"));

/// Text made of the pieces news is made of, so the splitter's paths get exercised: words,
/// abbreviations, numbers, quotes, ellipses, URLs, white space of every kind, non-ASCII.
fn newsy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[A-Za-z]{1,8}",
        Just("U.S.".to_string()),
        Just("Gen.".to_string()),
        Just("a.m.".to_string()),
        Just("Jan.".to_string()),
        Just("No.".to_string()),
        Just("1.".to_string()),
        Just("a)".to_string()),
        Just("•".to_string()),
        Just("@Kim's".to_string()),
        Just("'90s".to_string()),
        Just("http://x.org/a.".to_string()),
        Just("me@x.org".to_string()),
        "[0-9]{1,4}([.,:][0-9]{1,3})?",
        "[.!?;:,\"'()\\[\\]“”‘’…-]{1,3}",
        Just(". . .".to_string()),
        // What JSON must escape, inside words.
        Just("C:\\dir\"x".to_string()),
        Just("bell\u{7}s".to_string()),
        "[ \n\t\r]{1,3}",
        Just("\n\n".to_string()),
        Just("\n    ".to_string()),
        "[éüßØ東京€°\u{2029}\u{fffd}]{1,2}",
        // The time and actor layers' words.
        "(March|May|Monday|Sept\\.|Christmas|spring|the third quarter|last week|next year)",
        "(two years ago|200,000,000 years ago|1/0 days|48 hours ago|mid-|early|the 1990s|'98)",
        "(nineteen ninety-six|the year 2000|fiscal 1999|a year earlier|the next day|tonight)",
        "(Kim Jong Un|President Biden|the Obama administration|Pyongyang|North Korean|Mr\\.)",
        "(the U\\.S\\. president|Congress|Republicans|Xi|the White House|New Jersey)",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let options = PlainTextOptions {
        date: jiff::civil::date(2021, 9, 30),
        id: "p",
        title: None,
    };
    let article = parse_plain_text(text.as_bytes(), &options).expect("text is text");
    let doc = ENGINE.analyze(article);
    if let Err(violation) = doc.check_invariants() {
        return Err(TestCaseError::fail(format!("{violation} in {text:?}")));
    }
    let record = ENGINE.record(&doc);
    // The hand-written writer of the large arrays and serde agree, byte for byte.
    prop_assert_eq!(record.to_json(), serde_json::to_string(&record).unwrap());
    let record = serde_json::to_value(record).unwrap();
    let chars = record["text"].as_str().unwrap().chars().count() as u64;
    for s in record["sentences"].as_array().unwrap() {
        prop_assert!(s["start"].as_u64().unwrap() < s["end"].as_u64().unwrap());
        prop_assert!(s["end"].as_u64().unwrap() <= chars);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn article_files_from_any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(article) = parse_article_file(&bytes, "x") {
            let doc = ENGINE.analyze(article);
            prop_assert!(doc.check_invariants().is_ok());
        }
    }

    #[test]
    fn article_files_with_a_valid_header_always_parse(body in newsy_text(), title in "[^\n\r\u{0}]{0,40}") {
        let file = format!("date 2020-02-29 {title}\n\n{body}");
        let article = parse_article_file(file.as_bytes(), "x").unwrap();
        prop_assert!(article.text.ends_with(&body));
    }

    #[test]
    fn json_lines_from_any_string_never_panic(line in ".{0,200}") {
        let _ = parse_json_line(&line);
    }

    #[test]
    fn json_lines_from_any_json_value_never_panic(value in json_value()) {
        let line = serde_json::to_string(&value).unwrap();
        if let Ok(article) = parse_json_line(&line) {
            check(&article.text)?;
        }
    }

    #[test]
    fn any_text_keeps_the_span_invariants(text in newsy_text()) {
        check(&text)?;
    }

    #[test]
    fn any_unicode_keeps_the_span_invariants(text in "\\PC{0,300}") {
        check(&text)?;
    }
}

/// JSON objects shaped like article lines, with fields of every type, present or not.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let scalar = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[0-9T:+. Z-]{0,30}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("2021-09-30")),
        Just(serde_json::Value::from("1987-02-26T15:01:01.79")),
        newsy_text().prop_map(serde_json::Value::from),
    ];
    let fields = ["id", "date", "title", "text", "url", "source", "extra"];
    prop::collection::vec((prop::sample::select(fields.to_vec()), scalar), 0..8).prop_map(|pairs| {
        serde_json::Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    })
}
