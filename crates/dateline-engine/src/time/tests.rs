use super::*;
use crate::Engine;
use crate::article::{PlainTextOptions, parse_plain_text};
use crate::resources::DataFile;
use crate::time::rules::TimeRules;

fn analyse(engine: &Engine, text: &str, date: Date) -> Document {
    let options = PlainTextOptions {
        date,
        id: "example",
        title: None,
    };
    engine.analyze(parse_plain_text(text.as_bytes(), &options).unwrap())
}

/// The value of every timex found in `text`, in order, on an article of `date`.
fn timex_values(text: &str, date: Date) -> Vec<String> {
    let engine = Engine::new().unwrap();
    let doc = analyse(&engine, text, date);
    doc.timexes.iter().map(|t| t.value.clone()).collect()
}

/// Every `example` of `data/time/rules.txt`: the bracketed expression (or the whole text) is
/// found by its rule, with the type and value the example gives.
#[test]
fn every_rule_example_holds() {
    let engine = Engine::new().unwrap();
    let time = &engine.resources().time;
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &time.rules {
        for example in &rule.examples {
            count += 1;
            let (text, expected) = match (example.text.find('['), example.text.find(']')) {
                (Some(open), Some(close)) if open < close => {
                    let text = example.text.replace(['[', ']'], "");
                    (text, open..close - 1)
                }
                _ => (example.text.clone(), 0..example.text.len()),
            };
            let doc = analyse(&engine, &text, time.example_date);
            let found = doc.timexes.iter().find(|t| t.span.range() == expected);
            let ok = found.is_some_and(|t| {
                t.timex_type == example.timex_type
                    && t.value == example.value
                    && *t.rule == *rule.name
            });
            if !ok {
                let got: Vec<String> = doc
                    .timexes
                    .iter()
                    .map(|t| {
                        format!(
                            "{:?} {:?} {} by {}",
                            &text[t.span.range()],
                            t.timex_type,
                            t.value,
                            t.rule
                        )
                    })
                    .collect();
                failures.push(format!(
                    "rules.txt:{} rule {}: {:?} => {:?} {}; got {}",
                    example.line,
                    rule.name,
                    example.text,
                    example.timex_type,
                    example.value,
                    if got.is_empty() {
                        "nothing".to_string()
                    } else {
                        got.join(", ")
                    }
                ));
            }
        }
    }
    assert!(count > 100, "only {count} examples");
    assert!(
        failures.is_empty(),
        "{} of {count} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bare_weekdays_follow_the_tense_of_the_nearest_verb() {
    let engine = Engine::new().unwrap();
    // 2021-09-30 was a Thursday.
    let date = jiff::civil::date(2021, 9, 30);
    let doc = analyse(
        &engine,
        "North Korea said on Monday it would attend. The talks will be held on Thursday.",
        date,
    );
    let values: Vec<&str> = doc.timexes.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["2021-09-27", "2021-09-30"]);
    let interval = doc.timexes[0].interval.unwrap();
    assert_eq!(interval.start.to_string(), "2021-09-27");
    assert_eq!(interval.end.to_string(), "2021-09-28");
}

#[test]
fn modal_may_and_the_verb_march_are_not_months() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "The talks may fail, and protesters march today.",
        jiff::civil::date(2020, 5, 4),
    );
    let texts: Vec<&str> = doc.timexes.iter().map(|t| &doc.text[t.span]).collect();
    assert_eq!(texts, ["today"]);
}

#[test]
fn counts_are_not_years() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "About 1990 people signed, 2000 percent more, in 1995, over 1000 articles, a 2000 year old rite.",
        jiff::civil::date(2020, 5, 4),
    );
    let texts: Vec<&str> = doc.timexes.iter().map(|t| &doc.text[t.span]).collect();
    assert_eq!(texts, ["1995"]);
}

#[test]
fn early_mid_and_late_narrow_the_interval() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "It fell in late September 2015 and rose in early 2016.",
        jiff::civil::date(2016, 5, 1),
    );
    let intervals: Vec<(String, String)> = doc
        .timexes
        .iter()
        .map(|t| {
            let i = t.interval.unwrap();
            (i.start.to_string(), i.end.to_string())
        })
        .collect();
    assert_eq!(
        intervals,
        [
            ("2015-09-16".to_string(), "2015-10-01".to_string()),
            ("2016-01-01".to_string(), "2016-07-02".to_string())
        ]
    );
    assert_eq!(doc.timexes[0].modifier.as_deref(), Some("END"));
}

#[test]
fn ages_are_not_durations() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "A 6-year-old boy and his uncle, 37 years old, waited for two hours.",
        jiff::civil::date(2000, 1, 7),
    );
    let texts: Vec<&str> = doc.timexes.iter().map(|t| &doc.text[t.span]).collect();
    assert_eq!(texts, ["two hours"]);
}

#[test]
fn intervals_are_half_open_and_durations_have_none() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "Last week he spoke for two hours; in the third quarter of 2019 sales fell.",
        jiff::civil::date(1998, 3, 4),
    );
    let week = &doc.timexes[0];
    assert_eq!(week.value, "1998-W09");
    let interval = week.interval.unwrap();
    assert_eq!(
        (interval.start.to_string(), interval.end.to_string()),
        ("1998-02-23".into(), "1998-03-02".into())
    );
    assert_eq!(doc.timexes[1].timex_type, TimexType::Duration);
    assert!(doc.timexes[1].interval.is_none());
    let quarter = doc.timexes[2].interval.unwrap();
    assert_eq!(quarter.start.to_string(), "2019-07-01");
    assert_eq!(quarter.end.to_string(), "2019-10-01");
}

#[test]
fn the_nearest_earlier_date_anchors_the_narrative() {
    let values = timex_values(
        "The treaty was signed on March 3, 1990. The next day, troops left.",
        jiff::civil::date(2021, 9, 30),
    );
    assert_eq!(values, ["1990-03-03", "1990-03-04"]);
}

#[test]
fn easter_and_thanksgiving_are_computed() {
    assert_eq!(
        movable_feast("easter", 2024),
        Some(jiff::civil::date(2024, 3, 31))
    );
    assert_eq!(
        movable_feast("easter", 2000),
        Some(jiff::civil::date(2000, 4, 23))
    );
    assert_eq!(
        movable_feast("thanksgiving", 2021),
        Some(jiff::civil::date(2021, 11, 25))
    );
    assert_eq!(
        movable_feast("election", 2020),
        Some(jiff::civil::date(2020, 11, 3))
    );
}

/// Every rule builds a backtracker of its own, which reads its groups (the joint regex is only
/// the fallback).
#[test]
fn every_rule_reads_its_groups_alone() {
    let engine = Engine::new().unwrap();
    let time = &engine.resources().time;
    let alone: Vec<&str> = (0..time.rules.len())
        .filter(|&i| time.single(i).is_none())
        .map(|i| time.rules[i].name.as_str())
        .collect();
    assert!(
        alone.is_empty(),
        "rules without a reader of their own: {alone:?}"
    );
}

#[test]
fn a_present_before_an_infinitive_puts_a_weekday_ahead_but_not_a_quarter() {
    // 2021-09-30 was a Thursday: the Monday before is three days back, the next four ahead.
    let values = timex_values(
        "The sale is scheduled to close Monday. Trading is to resume Tuesday. \
         Shares rose on Monday. The company is expected to report third-quarter results.",
        jiff::civil::date(2021, 9, 30),
    );
    assert_eq!(
        values,
        ["2021-10-04", "2021-10-05", "2021-09-27", "2021-Q3"]
    );
}

#[test]
fn the_year_of_a_report_is_a_date_and_the_year_ended_a_span() {
    let engine = Engine::new().unwrap();
    let doc = analyse(
        &engine,
        "On Sept. 30, 1989 the company said net for the year ended June 30 fell; \
         for the year, sales rose over three years of growth.",
        jiff::civil::date(1989, 10, 2),
    );
    let found: Vec<(&str, &str)> = doc
        .timexes
        .iter()
        .map(|t| (&doc.text[t.span.range()], t.value.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Sept. 30, 1989", "1989-09-30"),
            ("the year", "P1Y"),
            ("June 30", "1989-06-30"),
            ("the year", "1989"),
            ("three years", "P3Y"),
        ]
    );
}

#[test]
fn a_bad_duration_before_regex_names_file_line_and_rule() {
    let words = DataFile {
        path: "time/words.tsv",
        contents: b"unit\tyear\tY\n",
    };
    let rules = DataFile {
        path: "time/rules.txt",
        contents: b"example-date 1998-03-04\n\nrule the-year\n  match    the {unit}\n  value    shift\n  duration-before  (ended\n",
    };
    let error = TimeRules::compile(&words, &rules).unwrap_err().to_string();
    assert!(
        error.starts_with("data/time/rules.txt:6: rule the-year: bad duration-before regex"),
        "{error}"
    );
}

/// `TimeRules::find` searches anchored at the places a match can start; it must find every
/// match the joint regex's unanchored search finds, in the examples of every rule and in text
/// with curly quotes, accents, digits glued to words and odd spacing.
#[test]
fn the_anchored_search_finds_what_the_unanchored_search_finds() {
    let engine = Engine::new().unwrap();
    let time = &engine.resources().time;
    let mut texts: Vec<String> = time
        .rules
        .iter()
        .flat_map(|r| r.examples.iter().map(|e| e.text.replace(['[', ']'], "")))
        .collect();
    texts.push(
        "Naïve café’s FY1990 results, ’90s and '60s; 3-1990, $1990, at 5p.m.EST\tMonday\n\
         the\u{a0}year ended — “last week” (Q3)…1987-88; mid-1990s; x1998 1998x _1998 é1998"
            .to_string(),
    );
    let joint = regex_automata::meta::Regex::new_many(time.patterns()).unwrap();
    for text in &texts {
        let mut unanchored = Vec::new();
        let mut at = 0;
        while let Some(m) = joint.search(&regex_automata::Input::new(text.as_str()).range(at..)) {
            unanchored.push((m.pattern(), m.start(), m.end()));
            at = m.end().max(m.start() + 1);
        }
        let mut anchored = Vec::new();
        let mut at = 0;
        while let Some(m) = time.find(text, at) {
            anchored.push((m.pattern(), m.start(), m.end()));
            at = m.end().max(m.start() + 1);
        }
        assert_eq!(anchored, unanchored, "in {text:?}");
    }
}
