//! Consistency flags: what contradicts the calendar or the article itself.
//!
//! This first set checks the calendar, where a flag needs no knowledge beyond the date:
//!
//! - `time.weekday-mismatch`: a weekday written with a full date that falls on another day
//!   ("Tuesday, March 5, 2020", a Thursday). Only dates with their year are checked: a
//!   year-less "Tuesday, March 5" is resolved by the time tagger to a nearby year and may be
//!   right for another year.
//! - `time.impossible-date`: a day the month does not have ("February 30, 2021", "April 31",
//!   "2021-02-29", "February 29, 2019"). February 29 without a year is possible and not
//!   flagged.
//!
//! Each flag names the facts it used ("March 5, 2020 was a Thursday") in its message and in
//! `facts`.

mod office;
mod tense;
pub use office::{ReferenceCheck, check_references};
#[cfg(test)]
mod tests;

use jiff::civil::{Date, Weekday};
use regex_automata::meta::Regex;
use serde_json::json;

use crate::article::{MONTH_NAMES, WEEKDAY_NAMES};
use crate::document::Document;
use crate::layers::{Flag, Severity};
use crate::pipeline::{Annotator, Layer};
use std::collections::HashMap;

use crate::hash::FastBuildHasher;
use crate::resources::{DataFile, ResourceError, Resources, class_words};
use crate::span::Span;
use crate::time::rules::WordLists;

/// Writes the flags layer.
pub struct FlagChecker;

impl Annotator for FlagChecker {
    fn name(&self) -> &'static str {
        "flag-checker"
    }

    fn reads(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::VerbGroups,
            Layer::Mentions,
            Layer::Quotes,
            Layer::Timexes,
        ]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Flags]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        let mut flags = weekday_mismatches(doc, &resources.time.words);
        flags.extend(impossible_dates(
            doc,
            &resources.flags,
            &resources.time.words,
        ));
        let words = &resources.flags.words;
        flags.extend(office::office_flags(doc, &resources.kb, words));
        flags.extend(tense::tense_flags(doc, words));
        flags.sort_by_key(|f| f.evidence.first().map(|s| (s.start, s.end)));
        doc.flags = flags;
    }
}

/// The compiled patterns of the calendar checks, built from the time tagger's word lists
/// (`data/time/words.tsv`), so that the flags read the months and weekdays the tagger reads,
/// and the word classes of the office and tense checks (`data/flags/words.tsv`).
#[derive(Debug)]
pub struct FlagPatterns {
    /// Month-name dates with a day that may not exist: "February 30, 2021", "31 April 2020".
    month_dates: Regex,
    /// ISO dates: "2021-02-30".
    iso_dates: Regex,
    pub(crate) words: FlagWords,
}

/// The word classes of `data/flags/words.tsv`.
#[derive(Debug, Default)]
pub(crate) struct FlagWords {
    classes: HashMap<String, u8, FastBuildHasher>,
}

/// A class of `data/flags/words.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordClass {
    NotNow = 1,
    Frame = 2,
    GovernmentFrame = 4,
    ForwardVerb = 8,
    TimeClause = 16,
}

impl WordClass {
    const ALL: [(&'static str, WordClass); 5] = [
        ("not-now", WordClass::NotNow),
        ("frame", WordClass::Frame),
        ("government-frame", WordClass::GovernmentFrame),
        ("forward-verb", WordClass::ForwardVerb),
        ("time-clause", WordClass::TimeClause),
    ];
}

impl FlagWords {
    fn compile(file: &DataFile) -> Result<FlagWords, ResourceError> {
        let mut words = FlagWords::default();
        class_words(file, |class, word| {
            let class = WordClass::ALL
                .iter()
                .find(|(name, _)| *name == class)
                .map(|(_, c)| *c)
                .ok_or_else(|| format!("unknown class {class:?}"))?;
            let bits = words.classes.entry(word.to_string()).or_default();
            if *bits & class as u8 != 0 {
                return Err(format!("{word:?} is listed twice as {class:?}"));
            }
            *bits |= class as u8;
            Ok(())
        })?;
        Ok(words)
    }

    /// Whether the lower-case `word` is of `class`.
    pub(crate) fn is(&self, word: &str, class: WordClass) -> bool {
        self.classes
            .get(word)
            .is_some_and(|bits| bits & class as u8 != 0)
    }

    /// How many words the class has.
    #[cfg(test)]
    pub(crate) fn count(&self, class: WordClass) -> usize {
        self.classes
            .values()
            .filter(|bits| *bits & class as u8 != 0)
            .count()
    }
}

impl FlagPatterns {
    pub fn compile(
        words: &WordLists,
        flag_words: Option<&DataFile>,
    ) -> Result<FlagPatterns, ResourceError> {
        // Month names as written in running text: capitalised ("May", not the verb "may").
        let mut months: Vec<String> = words
            .words("month")
            .map(|(w, _)| {
                let mut chars = w.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                regex_syntax::escape(&first.into_iter().chain(chars).collect::<String>())
            })
            .collect();
        // Longest first: the alternation prefers the earlier branch.
        months.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let months = if months.is_empty() {
            // No word lists (a build without them): a pattern that never matches.
            "[^\\s\\S]".to_string()
        } else {
            format!("({})", months.join("|"))
        };
        let month_dates = format!(
            r"(?-u)\b{months} ([0-9]{{1,2}})(?:st|nd|rd|th)?\b(?:,? ([0-9]{{4}})\b)?|\b([0-9]{{1,2}})(?:st|nd|rd|th)? (?:of )?{months}(?: ([0-9]{{4}})\b)?"
        );
        Ok(FlagPatterns {
            month_dates: Regex::new(&month_dates)
                .expect("the month-date pattern compiles (tested)"),
            iso_dates: Regex::new(r"(?-u)\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b")
                .expect("the ISO pattern compiles (tested)"),
            words: match flag_words {
                Some(file) => FlagWords::compile(file)?,
                None => FlagWords::default(),
            },
        })
    }
}

fn month_name(month: i8) -> &'static str {
    MONTH_NAMES[(month - 1) as usize]
}

fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAY_NAMES[(day.to_monday_one_offset() - 1) as usize]
}

/// The weekday a word names, by the time tagger's word list ("Tuesday", "Tue.", "Thurs.").
fn weekday_of(words: &WordLists, word: &str) -> Option<Weekday> {
    let lower = word.trim_end_matches(',').to_ascii_lowercase();
    let value = words
        .value("weekday", &lower)
        .or_else(|| words.value("weekday", &format!("{lower}.")))?;
    Weekday::from_monday_one_offset(value.parse().ok()?).ok()
}

/// A weekday written with a full date of another weekday.
fn weekday_mismatches(doc: &Document, words: &WordLists) -> Vec<Flag> {
    let mut flags = Vec::new();
    for timex in &doc.timexes {
        let text = &doc.text[timex.span];
        let Some(first) = text.split_whitespace().next() else {
            continue;
        };
        let Some(named) = weekday_of(words, first) else {
            continue;
        };
        // Only a date written with its year: the year of "Tuesday, March 5" is a guess.
        let has_year = text
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() == 4);
        let Ok(date) = timex.value.get(..10).unwrap_or("").parse::<Date>() else {
            continue;
        };
        if !has_year || timex.value.len() < 10 || date.weekday() == named {
            continue;
        }
        let actual = weekday_name(date.weekday());
        let written = format!(
            "{} {}, {}",
            month_name(date.month()),
            date.day(),
            date.year()
        );
        flags.push(Flag {
            code: "time.weekday-mismatch".to_string(),
            severity: Severity::Warning,
            message: format!(
                "\"{text}\": {written} was a {actual}, not a {}",
                weekday_name(named)
            ),
            evidence: vec![timex.span],
            facts: vec![json!({
                "date": date.to_string(),
                "weekday": actual,
                "written_weekday": weekday_name(named),
            })],
        });
    }
    flags
}

/// The days of a month; February has 29 when the year is not written.
fn days_in_month(year: Option<i16>, month: i8) -> i8 {
    Date::new(year.unwrap_or(2000), month, 1).map_or(31, |d| d.days_in_month())
}

/// A day the month does not have.
fn impossible_dates(doc: &Document, patterns: &FlagPatterns, words: &WordLists) -> Vec<Flag> {
    let mut flags = Vec::new();
    let text = doc.text.as_str();
    let mut flag = |span: Span, month: i8, day: i8, year: Option<i16>| {
        let written = &text[span];
        let days = days_in_month(year, month);
        let why = match (month, year) {
            (2, Some(y)) if days == 28 => format!("February {y} had 28 days"),
            (2, None) => "February has at most 29 days".to_string(),
            _ => format!("{} has {days} days", month_name(month)),
        };
        flags.push(Flag {
            code: "time.impossible-date".to_string(),
            severity: Severity::Error,
            message: format!("\"{written}\" is not a date: {why}"),
            evidence: vec![span],
            facts: vec![json!({
                "month": month,
                "day": day,
                "year": year,
                "days_in_month": days,
            })],
        });
    };
    for caps in patterns.month_dates.captures_iter(text) {
        let group = |i: usize| caps.get_group(i).map(|s| &text[s.range()]);
        // Groups: 1 month, 2 day, 3 year | 4 day, 5 month, 6 year.
        let (month, day, year) = match (group(1), group(5)) {
            (Some(m), _) => (m, group(2), group(3)),
            (None, Some(m)) => (m, group(4), group(6)),
            _ => continue,
        };
        let month = words
            .value("month", &month.to_ascii_lowercase())
            .and_then(|m| m.parse::<i8>().ok());
        let (Some(month), Some(Ok(day))) = (month, day.map(str::parse::<i8>)) else {
            continue;
        };
        // "Feb 32.9" in a table of figures is a number, not a day.
        let day_end = caps.get_group(2).or(caps.get_group(4)).map_or(0, |s| s.end);
        let rest = &text.as_bytes()[day_end..];
        if rest.len() >= 2 && matches!(rest[0], b'.' | b',') && rest[1].is_ascii_digit() {
            continue;
        }
        let year = year.and_then(|y| y.parse::<i16>().ok());
        // "May 0" and "March 45" are not dates anyone meant; 32–39 are typing slips.
        if day == 0 || day > 39 || day <= days_in_month(year, month) {
            continue;
        }
        let Some(whole) = caps.get_match() else {
            continue;
        };
        flag(Span::new(whole.start(), whole.end()), month, day, year);
    }
    for caps in patterns.iso_dates.captures_iter(text) {
        let group = |i: usize| {
            caps.get_group(i)
                .and_then(|s| text[s.range()].parse::<i16>().ok())
        };
        let (Some(year), Some(month), Some(day)) = (group(1), group(2), group(3)) else {
            continue;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let (month, day) = (month as i8, day as i8);
        if day <= days_in_month(Some(year), month) {
            continue;
        }
        let Some(whole) = caps.get_match() else {
            continue;
        };
        flag(
            Span::new(whole.start(), whole.end()),
            month,
            day,
            Some(year),
        );
    }
    flags
}
