//! Time expressions: recognised by the rules in `data/time/rules.txt` and normalised to
//! TIMEX3 values against the article date, the narrative's reference time and the tense of
//! the verb nearby ("on Thursday" after "said" is the Thursday before).

pub mod calendar;
pub mod rules;

use jiff::civil::Date;
use regex_automata::util::captures::Captures;

use crate::document::Document;
use crate::layers::{DateInterval, Timex, TimexType};
use crate::pipeline::{Annotator, Layer};
use crate::resources::Resources;
use crate::syntax::chunks::Tense;
use crate::syntax::{Upos, Xpos};

use calendar::{Cal, Season, Unit, add_days, date, resolve_weekday};
use rules::{Anchor, BuiltIn, Guard, Rule, SlotClass, TimeRules, ValueKind};

/// Finds and normalises time expressions.
pub struct TimexTagger;

impl Annotator for TimexTagger {
    fn name(&self) -> &'static str {
        "timex-tagger"
    }

    fn reads(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Pos,
            Layer::VerbGroups,
        ]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Timexes]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.timexes = tag(doc, &resources.time);
    }
}

/// A number as the text gives it: known, or vague ("several", "a few").
#[derive(Clone, Copy, Debug, PartialEq)]
enum Num {
    Known(f64),
    Vague,
}

/// What a match captured, read through the word lists.
#[derive(Default, Debug)]
struct Fields<'r> {
    year: Option<i32>,
    /// "last year's third quarter": the year as a shift from the anchor's.
    year_shift: Option<i32>,
    /// A two-digit year (`'98`), completed from the article date.
    short_year: bool,
    month: Option<i32>,
    day: Option<i32>,
    weekday: Option<i8>,
    season: Option<Season>,
    part: Option<&'r str>,
    ordinal: Option<i32>,
    last_ordinal: bool,
    num: Option<Num>,
    unit: Option<&'r str>,
    /// The unit was plural ("years"): without a number, an unspecified count.
    plural_unit: bool,
    shift: Option<i32>,
    direction: Option<i32>,
    modifier: Option<&'r str>,
    freq: Option<&'r str>,
    holiday: Option<(i32, i32)>,
    movable: Option<&'r str>,
    decade: Option<i32>,
    decade_word: Option<i32>,
    hour: Option<i32>,
    minute: Option<i32>,
    pm: Option<bool>,
    /// "yesterday", "today", "tomorrow" inside a longer expression: days from the anchor.
    day_offset: Option<i64>,
    /// "a minute and a half": half a unit more.
    half: bool,
    /// A second count ("two to three weeks"): a range, so an unspecified count.
    range: bool,
}

/// The state that runs through a document: what relative expressions count from.
struct Narrative {
    article: Date,
    /// The last calendar value the text gave.
    reference: Option<Cal>,
}

/// Tags one document.
pub fn tag(doc: &Document, time: &TimeRules) -> Vec<Timex> {
    let text = doc.text.as_str();
    let mut out = Vec::new();
    let mut narrative = Narrative {
        article: doc.meta.date,
        reference: None,
    };
    let mut at = 0;
    while at < text.len() {
        let Some(whole) = time.find(text, at) else {
            break;
        };
        let pid = whole.pattern();
        let (start, end) = (whole.start(), whole.end());
        at = if end > start {
            end
        } else {
            next_char(text, start)
        };
        let rule = &time.rules[pid.as_usize()];
        if !guards_pass(rule, doc, start, end) {
            // The next rule may still match here ("May" the modal is not the month, but
            // nothing else starts with it): go on after the first character.
            at = next_char(text, start);
            continue;
        }
        let mut caps = time.rule_captures(pid.as_usize());
        time.read_groups(pid.as_usize(), text, start, end, &mut caps);
        debug_assert_eq!(caps.get_match().map(|m| m.end()), Some(end));
        let fields = read_fields(rule, &caps, text, time);
        if let Some(timex) = normalise(rule, &fields, doc, start, end, &mut narrative) {
            out.push(timex);
        }
    }
    out
}

fn next_char(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

fn token_at(doc: &Document, at: usize) -> Option<usize> {
    doc.token_at(at)
}

fn guards_pass(rule: &Rule, doc: &Document, start: usize, end: usize) -> bool {
    let text = doc.text.as_str();
    rule.guards.iter().all(|guard| match guard {
        // Some capital in the match: "May", "mid-November", not "may".
        Guard::Capitalised => text[start..end].contains(|c: char| c.is_uppercase()),
        Guard::NotVerb => match token_at(doc, start) {
            Some(k) if k < doc.pos.len() => {
                let tag = doc.pos[k];
                !matches!(tag.upos, Upos::Verb | Upos::Aux) && tag.xpos != Xpos::Md
            }
            _ => true,
        },
        Guard::NotInNumber => !text[..start].chars().next_back().is_some_and(|c| {
            c.is_ascii_digit() || matches!(c, '$' | '£' | '€' | '.' | ',' | '-' | '/' | '#')
        }),
        Guard::YearLike => year_like(doc, start, end),
        Guard::NotBeforeHyphen => !text[end..].starts_with('-'),
        Guard::NotAge => {
            let rest = text[end..].trim_start_matches(['-', ' ']);
            !rest.starts_with("old") || rest[3..].starts_with(char::is_alphanumeric)
        }
    })
}

/// A bare four-digit number is a year unless it is part of a larger figure ("1990.5",
/// "1990%") or what follows makes it a count ("1990 people", "2000 percent").
fn year_like(doc: &Document, start: usize, end: usize) -> bool {
    let text = doc.text.as_str();
    let rest = &text[end..];
    // "a 2000 year old tradition": a count of years.
    let next_word = rest
        .trim_start_matches([' ', '-'])
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if ["year", "years", "month", "months", "day", "days"]
        .iter()
        .any(|w| next_word.eq_ignore_ascii_case(w))
    {
        return false;
    }
    // Before 1600, a bare number is rarely a year unless a preposition says so ("in 1066").
    // Years in words, "'98" and "the year 2000" are years whatever comes before.
    let matched = &text[start..end];
    let digits_only = matched.chars().all(|c| c.is_ascii_digit());
    let value: u32 = matched.parse().unwrap_or(u32::MAX);
    if digits_only && value < 1600 {
        let before = text[..start].trim_end();
        let word = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if ![
            "in", "since", "by", "until", "from", "of", "before", "after", "around", "circa",
        ]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
        {
            return false;
        }
    }
    if rest.starts_with('%')
        || (rest.starts_with([',', '.', ':'])
            && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    let Some(k) = token_at(doc, end) else {
        return true;
    };
    if k >= doc.pos.len() || (doc.tokens[k].span.start as usize) < end {
        return true;
    }
    let next = &text[doc.tokens[k].span];
    if next.eq_ignore_ascii_case("percent") || next.eq_ignore_ascii_case("per") {
        return false;
    }
    // "1990 people": a plural noun counted by the number, unless a preposition or article
    // before it makes the number a year ("in 1990 prices fell", "the 1990 elections").
    let counted = doc.pos[k].xpos == Xpos::Nns && next.starts_with(|c: char| c.is_lowercase());
    let year_context = k >= 2
        && matches!(
            doc.pos[k - 2].xpos,
            Xpos::In | Xpos::Dt | Xpos::To | Xpos::PrpDollar | Xpos::Pos | Xpos::Jj
        )
        && ![
            "about", "around", "some", "nearly", "almost", "over", "only", "than", "of",
        ]
        .iter()
        .any(|w| text[doc.tokens[k - 2].span].eq_ignore_ascii_case(w));
    !counted || year_context
}

fn read_fields<'r>(rule: &Rule, caps: &Captures, text: &str, time: &'r TimeRules) -> Fields<'r> {
    let mut fields = Fields::default();
    for (i, slot) in rule.slots.iter().enumerate() {
        let Some(span) = caps.get_group(i + 1) else {
            continue;
        };
        let word = &text[span.range()];
        match &slot.class {
            SlotClass::BuiltIn(BuiltIn::Year) => {
                if word.starts_with(|c: char| c.is_alphabetic()) {
                    fields.year = spelled_year(word, time);
                } else {
                    let digits: String = word.chars().filter(char::is_ascii_digit).collect();
                    fields.year = digits.parse().ok();
                    fields.short_year = digits.len() == 2;
                }
            }
            SlotClass::BuiltIn(BuiltIn::Day) => fields.day = leading_number(word),
            SlotClass::BuiltIn(BuiltIn::MonthNumber) => fields.month = leading_number(word),
            SlotClass::BuiltIn(BuiltIn::Hour) => fields.hour = leading_number(word),
            SlotClass::BuiltIn(BuiltIn::Minute) => fields.minute = leading_number(word),
            SlotClass::BuiltIn(BuiltIn::Num) if slot.name != "num" => fields.range = true,
            SlotClass::BuiltIn(BuiltIn::Num) => fields.num = parse_num(word, time),
            SlotClass::BuiltIn(BuiltIn::Decade) => {
                let digits: String = word.chars().filter(char::is_ascii_digit).collect();
                fields.decade = match digits.len() {
                    4 => digits[..3].parse().ok(),
                    2 => digits[..1].parse::<i32>().ok().map(|d| -d - 1),
                    _ => None,
                };
            }
            SlotClass::BuiltIn(BuiltIn::Ordinal) => match time.words.value("ordinalword", word) {
                Some("L") => fields.last_ordinal = true,
                Some(v) => fields.ordinal = v.parse().ok(),
                None => fields.ordinal = leading_number(word),
            },
            SlotClass::Words(class) => {
                let Some(value) = time.words.value(class, word) else {
                    continue;
                };
                match class.as_str() {
                    "month" => fields.month = value.parse().ok(),
                    "weekday" | "weekdays" => fields.weekday = value.parse().ok(),
                    "season" | "seasons" => fields.season = Season::from_code(value),
                    "partofday" => fields.part = Some(value),
                    "unit" => fields.unit = Some(value),
                    "units" => {
                        fields.unit = Some(value);
                        fields.plural_unit = true;
                    }
                    "shift" if slot.name == "shift_year" => fields.year_shift = value.parse().ok(),
                    "shift" => fields.shift = value.parse().ok(),
                    "quarter" => fields.ordinal = value.parse().ok(),
                    "bareseason" => fields.season = Season::from_code(value),
                    "direction" => fields.direction = value.parse().ok(),
                    "mod" | "approx" | "bound" => fields.modifier = Some(value),
                    "half" => fields.half = true,
                    "freq" => fields.freq = Some(value),
                    "numword" => fields.num = parse_num(word, time),
                    "holiday" => {
                        fields.holiday = value
                            .split_once('-')
                            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
                    }
                    "movable" => fields.movable = Some(value),
                    "decadeword" => fields.decade_word = value.parse().ok(),
                    "ampm" => fields.pm = Some(value == "PM"),
                    "clockword" => fields.hour = value.parse().ok(),
                    "dayword" => fields.day_offset = value.parse().ok(),
                    _ => {}
                }
            }
        }
    }
    fields
}

/// "nineteen ninety-six" → 1996, "two thousand and one" → 2001.
fn spelled_year(word: &str, time: &TimeRules) -> Option<i32> {
    let lower = word.to_lowercase();
    let (century, rest) = if let Some(rest) = lower.strip_prefix("two thousand") {
        (2000, rest)
    } else if let Some(rest) = lower.strip_prefix("nineteen") {
        (1900, rest)
    } else {
        (2000, lower.strip_prefix("twenty")?)
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("hundred").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("and").unwrap_or(rest).trim();
    if rest.is_empty() {
        return Some(century);
    }
    match parse_num(rest, time)? {
        Num::Known(n) if (0.0..100.0).contains(&n) => Some(century + n as i32),
        _ => None,
    }
}

fn leading_number(word: &str) -> Option<i32> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Digits ("1,300", "2 1/2", "1.5") or number words ("twenty four", "a hundred").
fn parse_num(word: &str, time: &TimeRules) -> Option<Num> {
    let word = word.trim();
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        let mut parts = word.split_whitespace();
        let first = parts.next()?;
        let mut total = match first.split_once('/') {
            Some((a, b)) => a.parse::<f64>().ok()? / b.parse::<f64>().ok()?,
            None => first.replace(',', "").parse::<f64>().ok()?,
        };
        if let Some((a, b)) = parts.next().and_then(|p| p.split_once('/')) {
            total += a.parse::<f64>().ok()? / b.parse::<f64>().ok()?;
        }
        return total.is_finite().then_some(Num::Known(total));
    }
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some(Num::Known(1.0));
    }
    if let Some(value) = time.words.value("numword", word) {
        return Some(match value {
            "X" => Num::Vague,
            v => Num::Known(v.parse().ok()?),
        });
    }
    let lower = word.to_lowercase();
    let (body, half) = match lower.strip_suffix("and a half") {
        Some(body) => (body.trim_end(), 0.5),
        None => (lower.as_str(), 0.0),
    };
    let (mut total, mut current) = (0.0, 0.0);
    for part in body.split(|c: char| c.is_whitespace() || c == '-') {
        if part.is_empty() || part == "and" {
            continue;
        }
        match time.words.value("numword", part)? {
            "X" => return Some(Num::Vague),
            v => {
                let v: f64 = v.parse().ok()?;
                if v == 100.0 {
                    current = if current == 0.0 {
                        100.0
                    } else {
                        current * 100.0
                    };
                } else if v == 1000.0 {
                    total += if current == 0.0 {
                        1000.0
                    } else {
                        current * 1000.0
                    };
                    current = 0.0;
                } else {
                    current += v;
                }
            }
        }
    }
    Some(Num::Known(total + current + half))
}

/// The tense of the verb group nearest byte offset `at` in its sentence, skipping
/// non-finite groups; `None` when the sentence has no finite verb.
fn tense_near(doc: &Document, at: usize) -> Tense {
    tense_of_verb_near(doc, at, false)
}

/// The tense that places a bare weekday: as [`tense_near`], but a present that an infinitive
/// follows ("is scheduled to close Monday", "is to resume Tuesday") tells of what is still
/// to come. Not for months and quarters: "is expected to report third-quarter results"
/// reports a quarter gone by.
fn tense_for_weekday(doc: &Document, at: usize) -> Tense {
    tense_of_verb_near(doc, at, true)
}

fn tense_of_verb_near(doc: &Document, at: usize, intentions: bool) -> Tense {
    let Some(k) = token_at(doc, at) else {
        return Tense::None;
    };
    let k = k as u32;
    let s = doc.sentences.partition_point(|s| s.end_token <= k);
    let Some(sentence) = doc.sentences.get(s) else {
        return Tense::None;
    };
    let first = doc
        .verb_groups
        .partition_point(|g| g.end_token <= sentence.first_token);
    // A verb of saying tells when it was said, not when what was said happens: unless the
    // expression stands right by it, it counts only when the sentence has no other verb.
    let mut best: Option<(bool, u32, Tense)> = None;
    let groups = &doc.verb_groups[first..];
    for (g, group) in groups.iter().enumerate() {
        if group.first_token >= sentence.end_token {
            break;
        }
        let head_tag = doc.pos.get(group.head as usize).map(|t| t.xpos);
        let intention = intentions
            && group.tense == Tense::Present
            && groups.get(g + 1).is_some_and(|next| {
                next.first_token == group.end_token
                    && doc
                        .pos
                        .get(next.first_token as usize)
                        .is_some_and(|t| t.xpos == Xpos::To)
            });
        let tense = match (group.tense, group.modal.is_some(), head_tag) {
            _ if intention => Tense::Future,
            (Tense::None, true, _) => Tense::Future,
            // A lone participle is most often a past tense the tagger took for one
            // ("Profit declined").
            (Tense::None, false, Some(Xpos::Vbd | Xpos::Vbn))
                if group.end_token - group.first_token == 1 =>
            {
                Tense::Past
            }
            (tense, _, _) => tense,
        };
        if tense == Tense::None {
            continue;
        }
        let distance = if group.end_token <= k {
            k - group.end_token
        } else {
            // A verb after the expression counts a little less than one before it.
            group.first_token.saturating_sub(k) + 1
        };
        // "said on Monday", "said Monday": right next to it, the date is the saying's.
        let candidate = (group.speech && distance > 2, distance, tense);
        if best.is_none_or(|(speech, d, _)| (candidate.0, candidate.1) < (speech, d)) {
            best = Some(candidate);
        }
    }
    best.map_or(Tense::None, |(_, _, t)| t)
}

/// Which way from the anchor an underspecified date lies, by tense: -1 back, +1 ahead,
/// 0 the nearest.
fn direction_of(tense: Tense) -> i8 {
    match tense {
        Tense::Past => -1,
        Tense::Future => 1,
        Tense::Present => 0,
        Tense::None => -1,
    }
}

fn unit_of(code: &str) -> Option<Unit> {
    Unit::from_code(code)
}

fn normalise(
    rule: &Rule,
    fields: &Fields<'_>,
    doc: &Document,
    start: usize,
    end: usize,
    narrative: &mut Narrative,
) -> Option<Timex> {
    // A clock time without a day ("at 6 a.m.") belongs to the last day the text named.
    let anchor_day = match (rule.anchor, narrative.reference) {
        (Anchor::Reference, Some(reference @ (Cal::Day(_) | Cal::DayPart(..) | Cal::Time(..)))) => {
            reference.start().unwrap_or(narrative.article)
        }
        _ => narrative.article,
    };
    let unit_code = fields.unit.or(rule.unit.as_deref());
    if let Some(after) = &rule.duration_before {
        let input = regex_automata::Input::new(doc.text.as_str())
            .range(end..)
            .anchored(regex_automata::Anchored::Yes);
        if after.is_match(input) {
            let value = duration_value(Some(Num::Known(1.0)), unit_code?)?;
            return Some(timex(
                rule,
                fields,
                start,
                end,
                value,
                None,
                TimexType::Duration,
            ));
        }
    }
    let (value, cal) = match &rule.value {
        ValueKind::Date => {
            let cal = build_date(rule, fields, doc, start, anchor_day)?;
            (cal.value(), Some(cal))
        }
        ValueKind::Shift => {
            let n = match (rule.shift.or(fields.shift), fields.num) {
                (Some(n), _) => n * fields.direction.unwrap_or(1),
                (None, Some(Num::Known(n))) => (n.round() as i32) * fields.direction.unwrap_or(-1),
                (None, Some(Num::Vague)) => {
                    let refs = if fields.direction.unwrap_or(-1) < 0 {
                        "PAST_REF"
                    } else {
                        "FUTURE_REF"
                    };
                    return Some(timex(
                        rule,
                        fields,
                        start,
                        end,
                        refs.to_string(),
                        None,
                        TimexType::Date,
                    ));
                }
                // "a year ago": one unit.
                (None, None) => fields.direction.unwrap_or(-1),
            };
            // Far beyond any calendar: "200,000,000 years ago" is no date to compute.
            if n.abs() > 5000 {
                return None;
            }
            // Hours and minutes ago land on a day: the anchor's, or as many days back as
            // whole days they make ("48 hours ago").
            let (unit_code, n) = match unit_code? {
                "H" => ("D", n / 24),
                "MIN" | "S" => ("D", 0),
                code => (code, n),
            };
            let unit = unit_of(unit_code)?;
            // "The weekend" in a past-tense sentence before Saturday is the one gone by.
            let n = if unit == Unit::Weekend
                && n == 0
                && narrative.article.weekday().to_monday_one_offset() < 6
                && tense_near(doc, start) == Tense::Past
            {
                -1
            } else {
                n
            };
            let mut anchor = match (rule.anchor, narrative.reference) {
                (Anchor::Reference, Some(reference)) => reference,
                _ => Cal::Day(narrative.article),
            };
            if rule.follow_quarter
                && let Some(Cal::Quarter(..)) = narrative.reference
                && unit == Unit::Year
                && n.abs() == 1
            {
                anchor = narrative.reference?;
            }
            let mut cal = anchor.shift(unit, n)?;
            if let (Some(part), Cal::Day(day)) = (fields.part.or(rule.part.as_deref()), cal) {
                cal = Cal::DayPart(day, static_part(part)?);
            }
            (cal.value(), Some(cal))
        }
        // "the 1988 quarter" is no duration of 1,988 quarters.
        ValueKind::Duration
            if fields
                .num
                .is_some_and(|n| matches!(n, Num::Known(k) if (1000.0..2100.0).contains(&k))) =>
        {
            return None;
        }
        ValueKind::Duration => {
            let vague = fields.plural_unit.then_some(Num::Vague);
            let num = match (fields.num.or(vague), fields.half) {
                _ if fields.range => Some(Num::Vague),
                (Some(Num::Known(n)), true) => Some(Num::Known(n + 0.5)),
                (None, true) => Some(Num::Known(1.5)),
                (num, _) => num,
            };
            (duration_value(num, unit_code?)?, None)
        }
        ValueKind::Literal(template) => (fill(template, fields), None),
    };
    let timex_type = rule.timex_type.unwrap_or(match (&rule.value, cal) {
        (ValueKind::Duration, _) => TimexType::Duration,
        (_, Some(Cal::Time(..) | Cal::DayPart(..))) => TimexType::Time,
        _ => TimexType::Date,
    });
    // Only dates the text gives, or that count from the article, become the reference:
    // "a year earlier" twice in a row is the same year both times, not two years back.
    let counts_from_text = matches!(rule.value, ValueKind::Date)
        || (rule.anchor == Anchor::Article && !rule.follow_quarter);
    if let Some(cal) = cal
        && counts_from_text
        && matches!(timex_type, TimexType::Date | TimexType::Time)
    {
        narrative.reference = Some(cal);
    }
    Some(timex(rule, fields, start, end, value, cal, timex_type))
}

fn timex(
    rule: &Rule,
    fields: &Fields<'_>,
    start: usize,
    end: usize,
    value: String,
    cal: Option<Cal>,
    timex_type: TimexType,
) -> Timex {
    let modifier = rule
        .modifier
        .clone()
        .or_else(|| fields.modifier.map(str::to_string));
    let interval = match timex_type {
        TimexType::Date | TimexType::Time => cal
            .and_then(Cal::interval)
            .map(|(start, end)| narrow(start, end, modifier.as_deref()))
            .map(|(start, end)| DateInterval { start, end }),
        _ => None,
    };
    Timex {
        span: crate::span::Span::new(start, end),
        timex_type,
        value,
        modifier,
        freq: rule
            .freq
            .clone()
            .or_else(|| fields.freq.map(str::to_string)),
        quant: rule.quant.clone(),
        interval,
        rule: rule.name.as_str().into(),
    }
}

/// "early", "mid-" and "late" narrow a period longer than a day to its first half, middle
/// half or second half ("late September" is the 16th to the 30th).
fn narrow(start: Date, end: Date, modifier: Option<&str>) -> (Date, Date) {
    let days = i64::from((end - start).get_days());
    if days < 2 {
        return (start, end);
    }
    let at = |d: i64| add_days(start, d).unwrap_or(start);
    match modifier {
        Some("START") => (start, at(days / 2)),
        Some("END") => (at(days / 2), end),
        Some("MID") => (at(days / 4), at(days - days / 4)),
        _ => (start, end),
    }
}

fn static_part(part: &str) -> Option<&'static str> {
    Some(match part {
        "MO" => "MO",
        "AF" => "AF",
        "EV" => "EV",
        "NI" => "NI",
        "DT" => "DT",
        _ => return None,
    })
}

/// A year given without its century ("'98", "the '90s") is the one nearest the article.
fn complete_year(two_digits: i32, article_year: i32) -> i32 {
    let century = article_year.div_euclid(100) * 100;
    let candidate = century + two_digits;
    if candidate > article_year + 20 {
        candidate - 100
    } else {
        candidate
    }
}

fn build_date(
    rule: &Rule,
    fields: &Fields<'_>,
    doc: &Document,
    start: usize,
    anchor: Date,
) -> Option<Cal> {
    let anchor_year = i32::from(anchor.year());
    let unit = fields.unit.or(rule.unit.as_deref());
    let year = fields
        .year
        .map(|y| {
            if fields.short_year {
                complete_year(y, anchor_year)
            } else {
                y
            }
        })
        .or(fields.year_shift.map(|s| anchor_year + s));
    // Decades and centuries.
    if let Some(decade) = fields.decade {
        let decade = if decade < 0 {
            // "'90s": the decade digit of the nearest century.
            complete_year((-decade - 1) * 10, anchor_year).div_euclid(10)
        } else {
            decade
        };
        return Some(Cal::Decade(decade));
    }
    if let Some(d) = fields.decade_word {
        let mut decade = anchor_year.div_euclid(100) * 10 + d;
        if decade * 10 > anchor_year {
            decade -= 10;
        }
        return Some(Cal::Decade(decade));
    }
    if unit == Some("CE") {
        return Some(Cal::Century(fields.ordinal? - 1));
    }
    // A value with a year-free part resolved by shift word or tense.
    let resolve = |make: &dyn Fn(i32) -> Option<Cal>| -> Option<Cal> {
        if let Some(y) = year {
            return make(y);
        }
        let this = make(anchor_year)?;
        let (first, end) = this.interval()?;
        match fields.shift {
            Some(s) if s < 0 => {
                // "last March": the latest before the current one.
                if end > anchor {
                    make(anchor_year - 1)
                } else {
                    Some(this)
                }
            }
            Some(s) if s > 0 => {
                if first <= anchor {
                    make(anchor_year + 1)
                } else {
                    Some(this)
                }
            }
            Some(_) => Some(this),
            None => {
                // The candidate year nearest the anchor, among those the tense allows: a
                // future verb rules out what ended more than a month ago, a past one what
                // is more than two months ahead. News looks back: on a near tie the past
                // candidate wins.
                let tense = tense_near(doc, start);
                let soon = add_days(anchor, 60)?;
                let month_ago = add_days(anchor, -30)?;
                let mut best: Option<(i64, Cal)> = None;
                for candidate in [Some(this), make(anchor_year - 1), make(anchor_year + 1)] {
                    let Some(candidate) = candidate else { continue };
                    let Some((first, end)) = candidate.interval() else {
                        continue;
                    };
                    let allowed = match tense {
                        Tense::Future => end > month_ago,
                        Tense::Past => first <= soon,
                        _ => true,
                    };
                    if !allowed {
                        continue;
                    }
                    let distance = if first > anchor {
                        i64::from((first - anchor).get_days()) + 15
                    } else if end <= anchor {
                        i64::from((anchor - end).get_days()) + 1
                    } else {
                        0
                    };
                    if best.is_none_or(|(d, _)| distance < d) {
                        best = Some((distance, candidate));
                    }
                }
                Some(best.map_or(this, |(_, c)| c))
            }
        }
    };
    let mut cal = if let Some(q) = fields.ordinal.filter(|_| unit == Some("Q")).or(fields
        .last_ordinal
        .then_some(4)
        .filter(|_| unit == Some("Q")))
    {
        if !(1..=4).contains(&q) {
            return None;
        }
        resolve(&|y| Some(Cal::Quarter(y, q as u8)))?
    } else if let Some(h) = fields.ordinal.filter(|_| unit == Some("H2")).or(fields
        .last_ordinal
        .then_some(2)
        .filter(|_| unit == Some("H2")))
    {
        if !(1..=2).contains(&h) {
            return None;
        }
        resolve(&|y| Some(Cal::Half(y, h as u8)))?
    } else if let Some(season) = fields.season {
        resolve(&|y| Some(Cal::Season(y, season)))?
    } else if let Some(month) = fields.month {
        if !(1..=12).contains(&month) {
            return None;
        }
        match fields.day {
            Some(day) => resolve(&|y| date(y, month, day).map(Cal::Day))?,
            None => resolve(&|y| Some(Cal::Month(y, month as u8)))?,
        }
    } else if let Some((month, day)) = fields.holiday {
        resolve(&|y| date(y, month, day).map(Cal::Day))?
    } else if let Some(name) = fields.movable {
        resolve(&|y| movable_feast(name, y).map(Cal::Day))?
    } else if let Some(weekday) = fields.weekday {
        let day = match fields.shift {
            Some(s) if s < 0 => resolve_weekday(add_days(anchor, -1)?, weekday, -1)?,
            Some(s) if s > 0 => resolve_weekday(add_days(anchor, 1)?, weekday, 1)?,
            Some(_) => {
                let monday = resolve_weekday(anchor, 1, -1)?;
                add_days(monday, i64::from(weekday) - 1)?
            }
            None => resolve_weekday(anchor, weekday, direction_of(tense_for_weekday(doc, start)))?,
        };
        Cal::Day(day)
    } else if let Some(y) = year {
        Cal::Year(y)
    } else if fields.hour.is_some() || fields.part.is_some() || rule.part.is_some() {
        Cal::Day(add_days(anchor, fields.day_offset.unwrap_or(0))?)
    } else {
        return None;
    };
    // Times and parts of the day refine a day.
    if let Cal::Day(day) = cal {
        if let Some(mut hour) = fields.hour {
            match fields.pm {
                Some(true) if hour < 12 => hour += 12,
                Some(false) if hour == 12 => hour = 0,
                _ => {}
            }
            if hour > 24 || fields.minute.is_some_and(|m| m > 59) {
                return None;
            }
            cal = Cal::Time(day, hour as u8, fields.minute.map(|m| m as u8));
        } else if let Some(part) = fields.part.or(rule.part.as_deref()) {
            cal = Cal::DayPart(day, static_part(part)?);
        } else if unit == Some("W") {
            // "the week of March 6"
            cal = Cal::of_day(day, Unit::Week);
        }
    }
    Some(cal)
}

/// Holidays whose date moves: US ones by weekday rule, Easter by the Gregorian computus.
fn movable_feast(name: &str, year: i32) -> Option<Date> {
    let nth = |month: i32, weekday: i8, n: i32| -> Option<Date> {
        let first = date(year, month, 1)?;
        let on = resolve_weekday(first, weekday, 1)?;
        add_days(on, 7 * i64::from(n - 1))
    };
    let last = |month: i32, weekday: i8| -> Option<Date> {
        let last_day = date(year, month, 1)?.last_of_month();
        resolve_weekday(last_day, weekday, -1)
    };
    match name {
        "thanksgiving" => nth(11, 4, 4),
        "memorial" => last(5, 1),
        "labor" => nth(9, 1, 1),
        "mlk" => nth(1, 1, 3),
        // US federal elections: the Tuesday after the first Monday of November.
        "election" => add_days(nth(11, 1, 1)?, 1),
        "easter" | "goodfriday" => {
            let (a, b, c) = (year % 19, year / 100, year % 100);
            let (d, e) = (b / 4, b % 4);
            let f = (b + 8) / 25;
            let g = (b - f + 1) / 3;
            let h = (19 * a + b - d - g + 15) % 30;
            let (i, k) = (c / 4, c % 4);
            let l = (32 + 2 * e + 2 * i - h - k) % 7;
            let m = (a + 11 * h + 22 * l) / 451;
            let month = (h + l - 7 * m + 114) / 31;
            let day = (h + l - 7 * m + 114) % 31 + 1;
            let easter = date(year, month, day)?;
            if name == "goodfriday" {
                add_days(easter, -2)
            } else {
                Some(easter)
            }
        }
        _ => None,
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `P<n><unit>` (`PT<n>H` for hours and less); `X` for a vague number.
fn duration_value(num: Option<Num>, unit: &str) -> Option<String> {
    let n = num.unwrap_or(Num::Known(1.0));
    let amount = |n: Num| match n {
        Num::Known(n) => format_number(n),
        Num::Vague => "X".to_string(),
    };
    Some(match unit {
        "H" => match n {
            Num::Known(h) if h.fract() != 0.0 => {
                let minutes = (h.fract() * 60.0).round() as i64;
                format!("PT{}H{}M", h.trunc() as i64, minutes)
            }
            _ => format!("PT{}H", amount(n)),
        },
        "MIN" => match n {
            Num::Known(m) if m.fract() != 0.0 => {
                let seconds = (m.fract() * 60.0).round() as i64;
                format!("PT{}M{}S", m.trunc() as i64, seconds)
            }
            _ => format!("PT{}M", amount(n)),
        },
        "S" => format!("PT{}S", amount(n)),
        // TimeML counts quarters in months.
        // TimeML counts quarters in months, decades and centuries in years.
        "Q" | "DE" | "CE" => {
            let (factor, code) = match unit {
                "Q" => (3.0, "M"),
                "DE" => (10.0, "Y"),
                _ => (100.0, "Y"),
            };
            match n {
                Num::Known(k) => format!("P{}{code}", format_number(factor * k)),
                Num::Vague => format!("PX{code}"),
            }
        }
        "Y" => match n {
            Num::Known(y) if y.fract() != 0.0 => {
                let months = (y.fract() * 12.0).round() as i64;
                format!("P{}Y{}M", y.trunc() as i64, months)
            }
            _ => format!("P{}Y", amount(n)),
        },
        "D" | "W" | "M" | "WE" => format!("P{}{unit}", amount(n)),
        _ => return None,
    })
}

/// Fills `{weekday}`, `{month}`, `{season}`, `{part}`, `{freq}` and `{unit}` in a literal value.
fn fill(template: &str, fields: &Fields<'_>) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = template.to_string();
    let replace = |out: &mut String, key: &str, value: Option<String>| {
        if let Some(value) = value {
            *out = out.replace(key, &value);
        }
    };
    replace(&mut out, "{weekday}", fields.weekday.map(|w| w.to_string()));
    replace(&mut out, "{month}", fields.month.map(|m| format!("{m:02}")));
    replace(
        &mut out,
        "{season}",
        fields.season.map(|s| s.code().to_string()),
    );
    replace(&mut out, "{part}", fields.part.map(str::to_string));
    replace(&mut out, "{freq}", fields.freq.map(str::to_string));
    replace(&mut out, "{unit}", fields.unit.map(str::to_string));
    out
}

#[cfg(test)]
mod tests;
