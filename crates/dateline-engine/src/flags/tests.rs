//! Calendar flags on hand-written articles.

use super::*;
use crate::Engine;
use crate::article::parse_article_file;

fn flags(text: &str) -> Vec<(String, String)> {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| Engine::new().unwrap());
    let doc = engine.analyze(parse_article_file(text.as_bytes(), "t").unwrap());
    doc.check_invariants().unwrap();
    doc.flags
        .iter()
        .map(|f| (f.code.clone(), doc.text[f.evidence[0]].to_string()))
        .collect()
}

#[test]
fn a_weekday_that_does_not_match_its_dated_year_is_flagged() {
    assert_eq!(
        flags("date 2020-03-10 Vote\n\nThe vote was held on Tuesday, March 5, 2020, in Ohio."),
        [(
            "time.weekday-mismatch".to_string(),
            "Tuesday, March 5, 2020".to_string()
        )]
    );
    // Right weekdays, and a year-less date the tagger placed itself, are not.
    assert!(
        flags(
            "date 2020-03-10 Vote\n\nThe vote was held on Thursday, March 5, 2020. They met on \
             Tuesday, March 5."
        )
        .is_empty()
    );
}

#[test]
fn days_a_month_does_not_have_are_flagged() {
    let found = flags(
        "date 2021-03-01 Deadline\n\nThe deadline is February 30, 2021. Another was on 31 April \
         2020, and the file is dated 2019-02-29. Leap days exist: February 29, 2020 and \
         February 29. Linseed prev 34.8, Feb 32.9, Mar 6.8.",
    );
    let evidence: Vec<&str> = found.iter().map(|(_, e)| e.as_str()).collect();
    assert_eq!(
        evidence,
        ["February 30, 2021", "31 April 2020", "2019-02-29"]
    );
    assert!(found.iter().all(|(code, _)| code == "time.impossible-date"));
}

#[test]
fn the_message_names_the_facts() {
    let engine = Engine::new().unwrap();
    let doc = engine.analyze(
        parse_article_file(
            b"date 2020-03-10 Vote\n\nIt was Tuesday, March 5, 2020.",
            "t",
        )
        .unwrap(),
    );
    let flag = &doc.flags[0];
    assert_eq!(
        flag.message,
        "\"Tuesday, March 5, 2020\": March 5, 2020 was a Thursday, not a Tuesday"
    );
    assert_eq!(flag.facts[0]["weekday"], "Thursday");
    assert_eq!(flag.severity, Severity::Warning);
}

#[test]
fn weekday_names_and_abbreviations_come_from_the_time_word_list() {
    let engine = Engine::new().unwrap();
    let words = &engine.resources().time.words;
    assert_eq!(weekday_of(words, "Tuesday,"), Some(Weekday::Tuesday));
    assert_eq!(weekday_of(words, "Tue."), Some(Weekday::Tuesday));
    assert_eq!(weekday_of(words, "Thurs."), Some(Weekday::Thursday));
    assert_eq!(weekday_of(words, "Sat"), Some(Weekday::Saturday));
    assert_eq!(weekday_of(words, "Sunny"), None);
    assert_eq!(weekday_of(words, "Mo"), None);
}

#[test]
fn days_in_month_follows_the_calendar() {
    assert_eq!(days_in_month(Some(2019), 2), 28);
    assert_eq!(days_in_month(Some(2020), 2), 29);
    assert_eq!(days_in_month(Some(1900), 2), 28);
    assert_eq!(days_in_month(None, 2), 29);
    assert_eq!(days_in_month(None, 9), 30);
}
