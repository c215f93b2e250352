//! Flags on hand-written articles.

use super::*;
use crate::Engine;
use crate::article::parse_article_file;

/// The article analysed once, its invariants checked.
fn analyze(text: &str) -> Document {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| Engine::new().unwrap());
    let doc = engine.analyze(parse_article_file(text.as_bytes(), "t").unwrap());
    doc.check_invariants().unwrap();
    doc
}

fn flags(text: &str) -> Vec<(String, String)> {
    let doc = analyze(text);
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

/// The office flags of an article: (code, severity, first evidence, message).
fn office_flags(text: &str) -> Vec<(String, Severity, String, String)> {
    let doc = analyze(text);
    doc.flags
        .iter()
        .filter(|f| f.code.starts_with("office."))
        .map(|f| {
            (
                f.code.clone(),
                f.severity,
                doc.text[f.evidence[0]].to_string(),
                f.message.clone(),
            )
        })
        .collect()
}

#[test]
fn a_past_president_told_as_the_present_one_is_flagged_with_the_facts() {
    let found = office_flags(
        "date 2019-05-02 Tariffs to rise\n\nPresident Barack Obama said on Tuesday that tariffs \
         on Chinese goods would rise next month. Trump has long said China cheats.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, severity, evidence, message) = &found[0];
    assert_eq!(code, "office.anachronism");
    assert_eq!(evidence, "President Barack Obama");
    // The article names the real holder: an error, not a warning.
    assert_eq!(*severity, Severity::Error);
    assert_eq!(
        message,
        "Barack Obama was head of state of the United States from 2009-01-20 to 2017-01-20; \
         on 2019-05-02 it was Donald Trump"
    );
    // The facts: Obama's term, then the holder's on the day; the evidence ends on Trump.
    let doc = analyze(
        "date 2019-05-02 Tariffs to rise\n\nPresident Barack Obama said on Tuesday that tariffs \
         on Chinese goods would rise next month. Trump has long said China cheats.",
    );
    let flag = &doc.flags[0];
    let fact = |i: usize, key: &str| flag.facts[i][key].clone();
    assert_eq!(flag.facts.len(), 2);
    assert_eq!(
        (fact(0, "person"), fact(0, "end")),
        ("Q76".into(), "2017-01-20".into())
    );
    assert_eq!(fact(1, "name"), "Donald Trump");
    assert_eq!(&doc.text[*flag.evidence.last().unwrap()], "Trump");
}

#[test]
fn a_future_holder_and_a_leaders_government_are_flagged() {
    let found = office_flags(
        "date 2018-03-01 Deal\n\nPresident Biden says the nuclear deal is dead. Critics \
         disagree.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].1,
        Severity::Warning,
        "the real holder is not named"
    );
    assert!(
        found[0]
            .3
            .starts_with("Joe Biden became head of state of the United States only on 2021-01-20"),
        "{}",
        found[0].3
    );
    // The example of the issue, dated: Obama had left office in 2017.
    let found = office_flags(
        "date 2021-09-30 Kim accuses US\n\nKim Jong Un on Wednesday accused the Obama \
         administration of maintaining a hostile stance. Under Biden's leadership, the US has \
         offered talks.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2, "the Obama administration");
    assert_eq!(found[0].1, Severity::Error);
}

#[test]
fn a_sentence_dated_outside_the_term_is_checked_against_that_date() {
    let found = office_flags(
        "date 2020-02-01 Fundraising\n\nPresident Obama raised $46 million in the fourth \
         quarter of 2019, his campaign said.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].3.contains("(2019-10-01) it was Donald Trump"),
        "{}",
        found[0].3
    );
}

#[test]
fn retrospective_quoted_and_hypothetical_references_are_not_flagged() {
    for body in [
        "Former President Barack Obama said on Tuesday that he would campaign.",
        "Then-President Obama signed the order. The ex-President Bush stayed home.",
        "Under President Obama, the agency grew.",
        "In 2015, the Obama administration signed the nuclear deal.",
        "“President Obama is still my president,” she said on Tuesday.",
        "If President Obama were in office, he would veto it.",
        "The Obama administration fought the lawsuits but also discussed settlements.",
        "President Obama said on Tuesday that he was proud. Obama later left. Obama, the former \
         president, smiled.",
        "She worked as an adviser to Vice President Biden and Secretary of State Hillary \
         Clinton.",
        "Hampshire College President Jonathan Lash announced Friday that the flag will fly.",
    ] {
        let text = format!("date 2019-05-02 Story\n\n{body}");
        assert!(
            office_flags(&text).is_empty(),
            "{body}: {:?}",
            office_flags(&text)
        );
    }
    // Between the election and the inauguration, the coming administration is no error.
    assert!(
        office_flags(
            "date 2020-12-10 Climate\n\nThe Biden administration will rejoin the Paris accord."
        )
        .is_empty()
    );
    // Office tables that begin after the date cannot judge it: Kiichi Miyazawa was finance
    // minister in 1987 too, before the base's list of Japanese finance ministers starts.
    assert!(
        office_flags(
            "date 1987-03-16 Yen\n\nFinance Minister Kiichi Miyazawa told parliament on Friday \
             the rate is not right. Deputy Prime Minister Goh Chok Tong spoke."
        )
        .is_empty()
    );
}

#[test]
fn the_holder_of_the_day_is_never_flagged() {
    assert!(
        office_flags(
            "date 2019-05-02 Tariffs\n\nPresident Donald Trump said on Tuesday that tariffs \
             will rise. The Trump administration is expected to act. Prime Minister Theresa May \
             spoke."
        )
        .is_empty()
    );
}

#[test]
fn an_event_told_in_the_wrong_tense_for_its_date_is_flagged() {
    let found = flags(
        "date 2020-06-01 Primary\n\nThe primary will be held on March 3, 2020, officials said.",
    );
    assert_eq!(
        found,
        [("time.tense".to_string(), "will be held".to_string())],
        "{found:?}"
    );
    let found = flags("date 2021-05-01 Summit\n\nThe summit was held on June 12, 2021.");
    assert_eq!(found, [("time.tense".to_string(), "was held".to_string())]);
    let doc = analyze("date 2021-05-01 Summit\n\nThe summit was held on June\n12, 2021.");
    assert_eq!(
        doc.flags[0].message,
        "\"was held … June 12, 2021\" is told as done, but 2021-06-12 is after the article's \
         date, 2021-05-01"
    );
}

#[test]
fn plans_periods_years_and_clauses_of_time_are_not_tense_errors() {
    for body in [
        // Right tenses.
        "The primary was held on March 3, 2020. The vote will be held on July 7, 2020.",
        // A plan's verb, a period's verb, a deadline, a year that names a thing.
        "The company expected growth in July 2020. The quarter ended July 31, 2020.",
        "The work will be finished by May 2020. Japan will ratify the 1986 cocoa agreement.",
        // A bare year in the future tense is mostly a fiscal year.
        "The company will omit its dividend in 2019.",
        // A clause of time, looking back, hypotheticals and negations.
        "Before voters went to the polls in November 2020, he spoke.",
        "Historians will look back on May 1, 2020 with awe.",
        "It would have been held on March 3, 2020. It will not be held on March 3, 2020.",
    ] {
        let text = format!("date 2020-06-01 Story\n\n{body}");
        let found: Vec<_> = flags(&text)
            .into_iter()
            .filter(|(code, _)| code == "time.tense")
            .collect();
        assert!(found.is_empty(), "{body}: {found:?}");
    }
}

#[test]
fn two_present_holders_of_one_office_are_a_conflict_when_no_anachronism_explains_it() {
    // Past the base's horizon: the base knows Donald Trump in office, and JD Vance only as
    // vice president, so it cannot say the second is wrong, only that both cannot be right.
    let found = office_flags(
        "date 2026-03-01 Two presidents\n\nPresident Donald Trump said on Tuesday that tariffs \
         will rise. In Ohio, President JD Vance said on Wednesday that they would not.",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, severity, evidence, message) = &found[0];
    assert_eq!(code, "office.conflict");
    assert_eq!(*severity, Severity::Warning);
    assert_eq!(evidence, "President Donald Trump");
    assert_eq!(
        message,
        "Donald Trump and JD Vance are both told as the present head of state of the United \
         States, an office of one holder; the base's tables end on 2025-09-08, when it was \
         Donald Trump"
    );
    // Iran's president is its head of government, under the Supreme Leader: no conflict.
    assert!(
        office_flags(
            "date 2015-04-14 Sanctions\n\nIranian Supreme Leader Ayatollah Ali Khamenei and \
             President Hassan Rouhani have insisted sanctions must be lifted."
        )
        .is_empty()
    );
    // A former holder beside the present one is no conflict.
    assert!(
        office_flags(
            "date 2026-03-01 Two presidents\n\nPresident Donald Trump said on Tuesday that \
             tariffs will rise. Former President Joe Biden said on Wednesday that they would \
             not."
        )
        .is_empty()
    );
}

#[test]
fn the_shipped_flag_words_load_with_every_class_and_a_bad_line_is_an_error() {
    let resources = crate::Resources::load().unwrap();
    let words = &resources.flags.words;
    for (name, class) in WordClass::ALL {
        assert!(words.count(class) > 0, "no {name} words");
    }
    assert!(words.is("former", WordClass::NotNow));
    assert!(words.is("under", WordClass::Frame));
    assert!(!words.is("under", WordClass::NotNow));
    let bad = crate::resources::DataFile {
        path: "flags/words.tsv",
        contents: b"# header\nnot-now\tformer\nsoon\tlater\n",
    };
    let error = FlagWords::compile(&bad).unwrap_err();
    assert_eq!(
        (error.line, error.message.as_str()),
        (3, "unknown class \"soon\"")
    );
}
