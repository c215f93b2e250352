//! `time.tense`: an event told as still to come on a date the article's own date already puts
//! in the past ("the vote will be held on March 3, 2020" in June 2020), or told as done on a
//! date still to come ("the summit was held on June 12, 2021" in May 2021).
//!
//! Precision first, so only the plainest case is read: a date written with its year, and the
//! verb group right before it in its sentence with nothing but its own complements between
//! (no other verb, no clause boundary). The future is "will"/"shall" (not "would", not a
//! perfect "will have"); the past is a simple past of a verb that is not one of planning,
//! expecting or saying ("expected growth in 2021" speaks of 2021 as a plan; the
//! `forward-verb` and `time-clause` words of `data/flags/words.tsv`).

use jiff::civil::Date;
use serde_json::json;

use super::{FlagWords, WordClass};
use crate::document::Document;
use crate::layers::{Flag, Severity, TimexType};
use crate::syntax::chunks::{Aspect, Tense, VerbGroup};
use crate::syntax::{Upos, Xpos};

/// The tense flags of the article.
pub(super) fn tense_flags(doc: &Document, words: &FlagWords) -> Vec<Flag> {
    let date = doc.meta.date;
    let mut flags = Vec::new();
    for timex in &doc.timexes {
        if timex.timex_type != TimexType::Date {
            continue;
        }
        let Some(interval) = timex.interval else {
            continue;
        };
        // A day or a month: a bare year in the future tense is mostly a fiscal or crop year
        // ("will omit its dividend in 1986", said in March 1987).
        if (interval.end - interval.start).get_days() > 31 {
            continue;
        }
        let written = &doc.text[timex.span];
        // Only a date written with its year ("1700 EDT" is no year): a year-less one was
        // placed by the tense.
        if !written.contains(&interval.start.year().to_string()) {
            continue;
        }
        let Some(first) = doc.token_at(timex.span.start as usize) else {
            continue;
        };
        // The date of the clause's event: "held on March 3, 2020", "in June 2021"; not a
        // year that names a thing ("the 2016 election", "the 1986 crop"), a range ("between
        // 1986 and 1988") or a deadline ("by 2019").
        let preposition = first
            .checked_sub(1)
            .map(|k| doc.text[doc.tokens[k].span].to_lowercase());
        if !matches!(preposition.as_deref(), Some("on" | "in" | "at" | "during")) {
            continue;
        }
        // "June 1987/88", "the 1986 financial statements": a period or a modifier.
        let next = doc.token_at(timex.span.end as usize);
        if doc.text[timex.span.end as usize..].starts_with('/')
            || next.is_some_and(|k| {
                doc.pos.get(k).is_some_and(|t| {
                    matches!(t.upos, Upos::Noun | Upos::Propn | Upos::Adj | Upos::Num)
                }) && doc.tokens[k].span.start <= timex.span.end + 1
            })
        {
            continue;
        }
        let Some(verb) = governing_verb(doc, first) else {
            continue;
        };
        if verb.hypothetical || verb.negated || verb.modal.is_some() {
            continue;
        }
        // "before voters go to the polls", "once it ends": a clause of time or condition
        // speaks of another time than its tense.
        let opens = verb.first_token as usize;
        if (opens.saturating_sub(4)..opens).any(|k| {
            words.is(
                &doc.text[doc.tokens[k].span].to_lowercase(),
                WordClass::TimeClause,
            )
        }) {
            continue;
        }
        let last_day = interval.end.yesterday().unwrap_or(interval.end);
        let (told, is) = match (verb.tense, verb.aspect) {
            // Told as to come; the date ended more than a day before the article's.
            (Tense::Future, Aspect::Simple | Aspect::Progressive)
                if (date - last_day).get_days() > 1 && last_day < date =>
            {
                ("still to come", "before")
            }
            // Told as done; the date begins more than a day after the article's.
            (Tense::Past, Aspect::Simple)
                if (verb.first_token..verb.end_token)
                    .any(|k| doc.pos.get(k as usize).is_some_and(|t| t.xpos == Xpos::Vbd))
                    && first - (verb.end_token as usize) <= 2
                    && interval.start > date
                    && (interval.start - date).get_days() > 1
                    && !words.is(doc.lemma(verb.head as usize), WordClass::ForwardVerb) =>
            {
                ("done", "after")
            }
            _ => continue,
        };
        // One line: a date written across a line break reads as one.
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let (verb_text, written) = (one_line(&doc.text[verb.span]), one_line(written));
        flags.push(Flag {
            code: "time.tense".to_string(),
            severity: Severity::Warning,
            message: format!(
                "\"{verb_text} … {written}\" is told as {told}, but {} is {is} the article's date, {date}",
                describe(interval.start, last_day),
            ),
            evidence: vec![verb.span, timex.span],
            facts: vec![json!({
                "article_date": date.to_string(),
                "start": interval.start.to_string(),
                "end": interval.end.to_string(),
                "tense": match verb.tense {
                    Tense::Future => "future",
                    _ => "past",
                },
            })],
        });
    }
    flags
}

/// "2020-03-03", or "2020-03-01 to 2020-03-31".
fn describe(first: Date, last: Date) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    }
}

/// The verb group the date at token `first` belongs to: the last one before it in its
/// sentence, with only nouns, adjectives, numbers, determiners, prepositions and adverbs
/// between (no clause boundary, no other verb).
fn governing_verb(doc: &Document, first: usize) -> Option<&VerbGroup> {
    let sentence = doc.sentences.get(
        doc.sentences
            .partition_point(|s| (s.end_token as usize) <= first),
    )?;
    let end = doc
        .verb_groups
        .partition_point(|v| (v.end_token as usize) <= first);
    let verb = doc.verb_groups[..end].last()?;
    if (verb.first_token as usize) < sentence.first_token as usize {
        return None;
    }
    let between = verb.end_token as usize..first;
    if between.len() > 4 {
        return None;
    }
    for k in between {
        let upos = doc.pos.get(k).map(|t| t.upos);
        let ok = matches!(
            upos,
            Some(
                Upos::Noun
                    | Upos::Propn
                    | Upos::Adj
                    | Upos::Num
                    | Upos::Det
                    | Upos::Adp
                    | Upos::Adv
                    | Upos::Part
            )
        ) && !matches!(
            doc.text[doc.tokens[k].span].to_lowercase().as_str(),
            "that"
                | "which"
                | "who"
                | "when"
                | "because"
                | "after"
                | "before"
                | "since"
                | "until"
                | "by"
                | "back"
                | "than"
        );
        if !ok {
            return None;
        }
    }
    Some(verb)
}
