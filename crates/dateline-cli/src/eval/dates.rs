//! `dateline eval dates`: the engine's time expressions against the TEI `<date>` spans of GUM's
//! Wikinews documents (`gold_dates` in `data/news/gum_wikinews.jsonl`), normalised with the
//! article's dateline as the reference date.
//!
//! A gold date is *found* when an engine DATE or TIME timex shares at least one character with
//! it (relaxed extent; exact extent is reported too). A found date is *right* when the interval
//! of the first such timex (in text order) is the gold one:
//!
//! - `when` = `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss`: the half-open interval of
//!   that year, month or day (a date-time: its day); the engine's interval must equal it.
//! - `from` + `to`: `[start of from, end of to)`, each a year, month or day; must be equal.
//! - a leading single `-` before a four-digit year (`-2009-03-13`, once in the data, for "March
//!   13" in an article of 2009-04-04) is dropped: it is read as `2009-03-13`.
//! - year-less values (`--10`, `--09-15`, `from=--12 to=--03`): month and day with the year
//!   free; the engine's interval must lie inside that period of some year (a `to` before the
//!   `from` runs into the next year).
//! - `notBefore` / `notAfter`: the engine's interval must lie within `[start of notBefore, end
//!   of notAfter)`; a missing bound is open.
//!
//! A timex without an interval (PRESENT_REF, PAST_REF, …) is wrong, except that PAST_REF is
//! right for a gold date with only `notAfter` and FUTURE_REF for one with only `notBefore`
//! (gold that is open on that side).

use super::{GoldLine, code_point_offsets, percent, read_gold_line};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dateline_engine::Engine;
use dateline_engine::article::parse_json_line;
use dateline_engine::layers::{DateInterval, TimexType};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::EvalFormat;
use crate::shared::gold_path;
use crate::timeml::timex_type_name;

#[derive(clap::Args)]
pub struct DateEvalArgs {
    /// JSON Lines of articles with `gold_dates` (`{"start", "end", "when" | "from", "to" |
    /// "notBefore", "notAfter"}`, code-point offsets into `text`; `date` is the reference date)
    /// [default: data/news/gum_wikinews.jsonl in the shared data].
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// List up to N wrong or missed gold dates, and up to N engine DATE/TIME timexes that
    /// overlap no gold date.
    #[arg(long, default_value_t = 0, value_name = "N")]
    show_errors: usize,
}

// ---------------------------------------------------------------------------------------------
// Gold values

/// A month and day where a year-less period starts.
type MonthDay = (i8, i8);
/// A month and day where a year-less period ends; no day is the month's last.
type MonthEnd = (i8, Option<i8>);

/// One TIMEX-like value of a gold attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Year(i16),
    Month(i16, i8),
    Day(Date),
    /// A date and time (`2010-09-04T22:30:00`), standing for its calendar day.
    Time(Date),
    /// A month of an unspecified year (`--10`).
    YearlessMonth(i8),
    /// A day of an unspecified year (`--09-15`).
    YearlessDay(i8, i8),
}

impl Period {
    /// The first day, for a value with a year.
    fn first(self) -> Option<Date> {
        match self {
            Period::Year(y) => Date::new(y, 1, 1).ok(),
            Period::Month(y, m) => Date::new(y, m, 1).ok(),
            Period::Day(d) | Period::Time(d) => Some(d),
            Period::YearlessMonth(_) | Period::YearlessDay(..) => None,
        }
    }

    /// The day after the last day, for a value with a year.
    fn end(self) -> Option<Date> {
        match self {
            Period::Year(y) => Date::new(y.checked_add(1)?, 1, 1).ok(),
            Period::Month(..) => self.first()?.last_of_month().tomorrow().ok(),
            Period::Day(d) | Period::Time(d) => d.tomorrow().ok(),
            Period::YearlessMonth(_) | Period::YearlessDay(..) => None,
        }
    }

    /// Month and day where a year-less value begins, and where it ends (no day: the month's end).
    fn yearless(self) -> Option<(MonthDay, MonthEnd)> {
        match self {
            Period::YearlessMonth(m) => Some(((m, 1), (m, None))),
            Period::YearlessDay(m, d) => Some(((m, d), (m, Some(d)))),
            _ => None,
        }
    }
}

fn number<T: std::str::FromStr>(digits: &str, len: usize) -> Option<T> {
    (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss]`, `--MM`, `--MM-DD`, and a
/// dated value with one stray leading `-` (`-2009-03-13`, read as `2009-03-13`).
fn parse_period(value: &str) -> Result<Period, String> {
    let bad = || format!("unsupported date value {value:?}");
    if let Some(rest) = value.strip_prefix("--") {
        let mut parts = rest.split('-');
        let month: i8 = parts.next().and_then(|p| number(p, 2)).ok_or_else(bad)?;
        let day: Option<i8> = match parts.next() {
            Some(p) => Some(number(p, 2).ok_or_else(bad)?),
            None => None,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        // A leap year, so that --02-29 is a day.
        Date::new(2000, month, day.unwrap_or(1)).map_err(|_| bad())?;
        return Ok(match day {
            Some(day) => Period::YearlessDay(month, day),
            None => Period::YearlessMonth(month),
        });
    }
    let value = match value.strip_prefix('-') {
        Some(rest) if rest.len() >= 4 && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit) => {
            rest
        }
        _ => value,
    };
    let (date_part, time_part) = match value.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (value, None),
    };
    let parts: Vec<&str> = date_part.split('-').collect();
    let year: i16 = number(parts[0], 4).ok_or_else(bad)?;
    let month: Option<i8> = match parts.get(1) {
        Some(p) => Some(number(p, 2).ok_or_else(bad)?),
        None => None,
    };
    let day: Option<i8> = match parts.get(2) {
        Some(p) => Some(number(p, 2).ok_or_else(bad)?),
        None => None,
    };
    if parts.len() > 3 {
        return Err(bad());
    }
    let period = match (month, day) {
        (None, _) => Period::Year(year),
        (Some(m), None) => {
            Date::new(year, m, 1).map_err(|_| bad())?;
            Period::Month(year, m)
        }
        (Some(m), Some(d)) => Period::Day(Date::new(year, m, d).map_err(|_| bad())?),
    };
    match (period, time_part) {
        (_, None) => Ok(period),
        (Period::Day(d), Some(time)) => {
            let fields: Vec<&str> = time.split(':').collect();
            let ok = (2..=3).contains(&fields.len())
                && fields.iter().all(|f| number::<u8>(f, 2).is_some());
            if ok { Ok(Period::Time(d)) } else { Err(bad()) }
        }
        _ => Err(bad()),
    }
}

/// What the engine's interval is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// The engine's interval must be this one, `start..end`.
    Interval(Date, Date),
    /// Month and day with the year free: the engine's interval must lie inside this period of
    /// some year. The end is a month and day, or a month to its end; an end before the start
    /// runs into the next year.
    Yearless { first: MonthDay, last: MonthEnd },
    /// The engine's interval must lie within `lower..upper`; `None` is open.
    Bounds {
        lower: Option<Date>,
        upper: Option<Date>,
    },
}

impl Target {
    /// The year-less period placed in `year` (its end may fall in the next year).
    fn yearless_in(first: MonthDay, last: MonthEnd, year: i16) -> Option<(Date, Date)> {
        let start = Date::new(year, first.0, first.1).ok()?;
        let wraps = (last.0, last.1.unwrap_or(31)) < first;
        let end_year = if wraps { year.checked_add(1)? } else { year };
        let last_day = match last.1 {
            Some(day) => Date::new(end_year, last.0, day).ok()?,
            None => Date::new(end_year, last.0, 1).ok()?.last_of_month(),
        };
        Some((start, last_day.tomorrow().ok()?))
    }

    /// Whether an engine timex with this interval and value gets the gold date right.
    fn is_right(self, interval: Option<DateInterval>, value: &str) -> bool {
        let Some(DateInterval { start, end }) = interval else {
            return match self {
                Target::Bounds {
                    lower: None,
                    upper: Some(_),
                } => value == "PAST_REF",
                Target::Bounds {
                    lower: Some(_),
                    upper: None,
                } => value == "FUTURE_REF",
                _ => false,
            };
        };
        match self {
            Target::Interval(a, b) => start == a && end == b,
            Target::Yearless { first, last } => [start.year().checked_sub(1), Some(start.year())]
                .into_iter()
                .flatten()
                .filter_map(|year| Target::yearless_in(first, last, year))
                .any(|(a, b)| a <= start && end <= b),
            Target::Bounds { lower, upper } => {
                lower.is_none_or(|lower| lower <= start) && upper.is_none_or(|upper| end <= upper)
            }
        }
    }

    fn describe(self) -> String {
        let month_day = |(m, d): MonthEnd| match d {
            Some(d) => format!("--{m:02}-{d:02}"),
            None => format!("--{m:02}"),
        };
        match self {
            Target::Interval(a, b) => format!("[{a}, {b})"),
            Target::Yearless { first, last } => format!(
                "within {} .. {} of any year",
                month_day((first.0, Some(first.1))),
                month_day(last)
            ),
            Target::Bounds { lower, upper } => format!(
                "within [{}, {})",
                lower.map_or("-inf".to_string(), |d| d.to_string()),
                upper.map_or("+inf".to_string(), |d| d.to_string())
            ),
        }
    }
}

/// The kinds of gold date the scores are broken down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    WhenDay,
    WhenMonth,
    WhenYear,
    WhenTime,
    Partial,
    FromTo,
    Bounds,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::WhenDay,
        Kind::WhenMonth,
        Kind::WhenYear,
        Kind::WhenTime,
        Kind::Partial,
        Kind::FromTo,
        Kind::Bounds,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::WhenDay => "when-day",
            Kind::WhenMonth => "when-month",
            Kind::WhenYear => "when-year",
            Kind::WhenTime => "when-time",
            Kind::Partial => "partial",
            Kind::FromTo => "from-to",
            Kind::Bounds => "bounds",
        }
    }
}

/// A gold date as stored: code-point offsets and the TEI attributes.
#[derive(Clone, Debug, Default, Deserialize)]
struct RawGoldDate {
    start: usize,
    end: usize,
    when: Option<String>,
    from: Option<String>,
    to: Option<String>,
    #[serde(rename = "notBefore")]
    not_before: Option<String>,
    #[serde(rename = "notAfter")]
    not_after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct GoldDate {
    start: usize,
    end: usize,
    kind: Kind,
    target: Target,
    /// The attributes as written (`when=--10`, `from=1930-01-01 to=1939-12-31`).
    attributes: String,
}

fn parse_gold_date(raw: &RawGoldDate) -> Result<GoldDate, String> {
    let mut attributes = Vec::new();
    for (name, value) in [
        ("when", &raw.when),
        ("from", &raw.from),
        ("to", &raw.to),
        ("notBefore", &raw.not_before),
        ("notAfter", &raw.not_after),
    ] {
        if let Some(value) = value {
            attributes.push(format!("{name}={value}"));
        }
    }
    let attributes = attributes.join(" ");
    let unsupported = |why: &str| format!("{attributes:?}: {why}");
    let has_range = raw.from.is_some() || raw.to.is_some();
    let has_bounds = raw.not_before.is_some() || raw.not_after.is_some();
    let (kind, target) = match (&raw.when, has_range, has_bounds) {
        (Some(when), false, false) => {
            let period = parse_period(when)?;
            match period {
                Period::YearlessMonth(_) | Period::YearlessDay(..) => {
                    let (first, last) = period.yearless().expect("a year-less value");
                    (Kind::Partial, Target::Yearless { first, last })
                }
                _ => {
                    let kind = match period {
                        Period::Year(_) => Kind::WhenYear,
                        Period::Month(..) => Kind::WhenMonth,
                        Period::Time(_) => Kind::WhenTime,
                        _ => Kind::WhenDay,
                    };
                    let (a, b) = (period.first(), period.end());
                    let (Some(a), Some(b)) = (a, b) else {
                        return Err(unsupported("a date out of range"));
                    };
                    (kind, Target::Interval(a, b))
                }
            }
        }
        (None, true, false) => {
            let (Some(from), Some(to)) = (&raw.from, &raw.to) else {
                return Err(unsupported("`from` and `to` come together"));
            };
            let (from, to) = (parse_period(from)?, parse_period(to)?);
            match (from.yearless(), to.yearless()) {
                (Some((first, _)), Some((_, last))) => {
                    (Kind::Partial, Target::Yearless { first, last })
                }
                (None, None) => {
                    let (Some(a), Some(b)) = (from.first(), to.end()) else {
                        return Err(unsupported("a date out of range"));
                    };
                    if a >= b {
                        return Err(unsupported("`from` is after `to`"));
                    }
                    (Kind::FromTo, Target::Interval(a, b))
                }
                _ => {
                    return Err(unsupported(
                        "one of `from` and `to` has a year, the other not",
                    ));
                }
            }
        }
        (None, false, true) => {
            let lower = raw.not_before.as_deref().map(parse_period).transpose()?;
            let upper = raw.not_after.as_deref().map(parse_period).transpose()?;
            if lower.is_some_and(|p| p.yearless().is_some())
                || upper.is_some_and(|p| p.yearless().is_some())
            {
                return Err(unsupported("year-less bounds are not supported"));
            }
            let lower = lower.map(|p| p.first().ok_or_else(|| unsupported("a date out of range")));
            let upper = upper.map(|p| p.end().ok_or_else(|| unsupported("a date out of range")));
            let (lower, upper) = (lower.transpose()?, upper.transpose()?);
            if let (Some(a), Some(b)) = (lower, upper)
                && a >= b
            {
                return Err(unsupported("`notBefore` is after `notAfter`"));
            }
            (Kind::Bounds, Target::Bounds { lower, upper })
        }
        _ => {
            return Err(unsupported(
                "a gold date has `when`, or `from` and `to`, or `notBefore`/`notAfter`",
            ));
        }
    };
    Ok(GoldDate {
        start: raw.start,
        end: raw.end,
        kind,
        target,
        attributes,
    })
}

// ---------------------------------------------------------------------------------------------
// Scoring

/// An engine timex in code points.
#[derive(Clone, Debug, Serialize)]
struct EngineTimex {
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    timex_type: &'static str,
    value: String,
    /// `[start, end)`.
    interval: Option<[String; 2]>,
    rule: String,
    #[serde(skip)]
    date_interval: Option<DateInterval>,
    #[serde(skip)]
    is_date: bool,
}

impl EngineTimex {
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.start < end && start < self.end
    }

    fn describe(&self) -> String {
        let interval = match &self.interval {
            Some([a, b]) => format!("[{a}, {b})"),
            None => "no interval".to_string(),
        };
        format!(
            "{} {:?} {} {interval} rule={}",
            self.timex_type, self.text, self.value, self.rule
        )
    }
}

#[derive(Clone, Debug)]
struct Item {
    gold: GoldDate,
    text: String,
    found: bool,
    exact: bool,
    right: bool,
    /// The first overlapping DATE/TIME timex.
    engine: Option<EngineTimex>,
    /// Overlapping DURATION/SET timexes, for a gold date no DATE/TIME timex reaches.
    others: Vec<EngineTimex>,
}

struct DocumentResult {
    id: String,
    date: String,
    items: Vec<Item>,
    engine_dates: usize,
    /// DATE/TIME timexes that overlap no gold date.
    unmatched: Vec<EngineTimex>,
}

fn score_document(
    text: &[char],
    gold: Vec<GoldDate>,
    timexes: &[EngineTimex],
) -> (Vec<Item>, Vec<EngineTimex>) {
    let mut items = Vec::with_capacity(gold.len());
    for gold in gold {
        let dates: Vec<&EngineTimex> = timexes
            .iter()
            .filter(|t| t.is_date && t.overlaps(gold.start, gold.end))
            .collect();
        let engine = dates.first().map(|t| (*t).clone());
        let found = engine.is_some();
        let exact = dates
            .iter()
            .any(|t| t.start == gold.start && t.end == gold.end);
        let right = engine
            .as_ref()
            .is_some_and(|t| gold.target.is_right(t.date_interval, &t.value));
        let others = if found {
            Vec::new()
        } else {
            timexes
                .iter()
                .filter(|t| !t.is_date && t.overlaps(gold.start, gold.end))
                .cloned()
                .collect()
        };
        items.push(Item {
            text: text[gold.start..gold.end].iter().collect(),
            gold,
            found,
            exact,
            right,
            engine,
            others,
        });
    }
    let unmatched = timexes
        .iter()
        .filter(|t| {
            t.is_date
                && !items
                    .iter()
                    .any(|item| t.overlaps(item.gold.start, item.gold.end))
        })
        .cloned()
        .collect();
    (items, unmatched)
}

#[derive(Clone, Debug, Default, Serialize)]
struct Row {
    kind: &'static str,
    gold: usize,
    found: usize,
    exact_extent: usize,
    right: usize,
    /// found / gold, percent.
    recall: f64,
    /// exact_extent / gold, percent.
    exact_extent_recall: f64,
    /// right / found, percent.
    accuracy: f64,
    /// right / gold, percent.
    right_of_gold: f64,
}

impl Row {
    fn new<'a>(kind: &'static str, items: impl Iterator<Item = &'a Item>) -> Row {
        let mut row = Row {
            kind,
            ..Row::default()
        };
        for item in items {
            row.gold += 1;
            row.found += usize::from(item.found);
            row.exact_extent += usize::from(item.exact);
            row.right += usize::from(item.right);
        }
        row.recall = percent(row.found, row.gold);
        row.exact_extent_recall = percent(row.exact_extent, row.gold);
        row.accuracy = percent(row.right, row.found);
        row.right_of_gold = percent(row.right, row.gold);
        row
    }
}

#[derive(Serialize)]
struct ErrorItem {
    doc: String,
    article_date: String,
    /// `missed` (no DATE/TIME timex overlaps it) or `wrong`.
    status: &'static str,
    kind: Kind,
    gold_text: String,
    gold: String,
    gold_interval: String,
    engine: Option<EngineTimex>,
    /// DURATION/SET timexes over a missed gold date.
    other_timexes: Vec<EngineTimex>,
}

#[derive(Serialize)]
struct UnmatchedItem {
    doc: String,
    article_date: String,
    #[serde(flatten)]
    timex: EngineTimex,
}

#[derive(Serialize)]
struct DateReport {
    file: String,
    documents: usize,
    overall: Row,
    by_kind: Vec<Row>,
    /// Engine DATE/TIME timexes.
    engine_dates: usize,
    /// Engine DATE/TIME timexes that overlap no gold date: indicative only, not a precision
    /// figure (GUM marks dates only, and may not mark every one).
    engine_dates_overlapping_no_gold: usize,
    wrong_or_missed: usize,
    /// The first `--show-errors` of them.
    errors: Vec<ErrorItem>,
    /// The first `--show-errors` unmatched engine dates.
    unmatched: Vec<UnmatchedItem>,
}

// ---------------------------------------------------------------------------------------------
// Reading and running

/// One article of the gold file.
struct GoldArticle {
    line: usize,
    /// The line without `title` and the gold layers, for `parse_json_line`.
    article_json: String,
    text: String,
    gold: Vec<GoldDate>,
}

fn read_gold(contents: &str) -> anyhow::Result<Vec<GoldArticle>> {
    let mut articles = Vec::new();
    for (n, line) in contents.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let GoldLine {
            text,
            gold: raw,
            article_json,
            ..
        } = read_gold_line::<RawGoldDate>(line, line_no, "gold_dates")?;
        let chars = text.chars().count();
        let mut gold = Vec::with_capacity(raw.len());
        for raw in &raw {
            if raw.start >= raw.end || raw.end > chars {
                bail!(
                    "line {line_no}: gold date {}..{} is not a span of the text ({chars} code points)",
                    raw.start,
                    raw.end
                );
            }
            gold.push(parse_gold_date(raw).map_err(|e| anyhow::anyhow!("line {line_no}: {e}"))?);
        }
        articles.push(GoldArticle {
            line: line_no,
            article_json,
            text,
            gold,
        });
    }
    Ok(articles)
}

fn analyze(engine: &Engine, article: GoldArticle) -> anyhow::Result<DocumentResult> {
    let line = article.line;
    let parsed =
        parse_json_line(&article.article_json).map_err(|e| anyhow::anyhow!("line {line}: {e}"))?;
    if parsed.text != article.text {
        bail!(
            "line {line}: the JSON Lines reader changed the text, so the offsets would not line up"
        );
    }
    let doc = engine.analyze(parsed);
    let char_at = code_point_offsets(&doc.text);
    let chars: Vec<char> = doc.text.chars().collect();
    let timexes: Vec<EngineTimex> = doc
        .timexes
        .iter()
        .map(|t| {
            let (start, end) = (char_at[t.span.start as usize], char_at[t.span.end as usize]);
            EngineTimex {
                start,
                end,
                text: chars[start..end].iter().collect(),
                timex_type: timex_type_name(t.timex_type),
                value: t.value.clone(),
                interval: t.interval.map(|i| [i.start.to_string(), i.end.to_string()]),
                rule: t.rule.to_string(),
                date_interval: t.interval,
                is_date: matches!(t.timex_type, TimexType::Date | TimexType::Time),
            }
        })
        .collect();
    let engine_dates = timexes.iter().filter(|t| t.is_date).count();
    let (items, unmatched) = score_document(&chars, article.gold, &timexes);
    Ok(DocumentResult {
        id: doc.meta.id.clone(),
        date: doc.meta.date.to_string(),
        items,
        engine_dates,
        unmatched,
    })
}

pub fn run(args: DateEvalArgs) -> anyhow::Result<ExitCode> {
    let file = gold_path(args.file.as_deref(), "news/gum_wikinews.jsonl", "FILE")?;
    let contents = std::fs::read_to_string(&file).with_context(|| file.display().to_string())?;
    let articles = read_gold(&contents).with_context(|| file.display().to_string())?;
    let engine = Engine::new().context("compiling the embedded data")?;
    let results: Vec<DocumentResult> = articles
        .into_par_iter()
        .map(|article| analyze(&engine, article))
        .collect::<anyhow::Result<_>>()
        .with_context(|| file.display().to_string())?;

    let items = || results.iter().flat_map(|r| &r.items);
    let limit = args.show_errors;
    let mut errors = Vec::new();
    let mut wrong_or_missed = 0;
    for result in &results {
        for item in result.items.iter().filter(|i| !i.right) {
            wrong_or_missed += 1;
            if errors.len() < limit {
                errors.push(ErrorItem {
                    doc: result.id.clone(),
                    article_date: result.date.clone(),
                    status: if item.found { "wrong" } else { "missed" },
                    kind: item.gold.kind,
                    gold_text: item.text.clone(),
                    gold: item.gold.attributes.clone(),
                    gold_interval: item.gold.target.describe(),
                    engine: item.engine.clone(),
                    other_timexes: item.others.clone(),
                });
            }
        }
    }
    let unmatched = results
        .iter()
        .flat_map(|r| {
            r.unmatched.iter().map(|t| UnmatchedItem {
                doc: r.id.clone(),
                article_date: r.date.clone(),
                timex: t.clone(),
            })
        })
        .take(limit)
        .collect();
    let report = DateReport {
        file: file.display().to_string(),
        documents: results.len(),
        overall: Row::new("all", items()),
        by_kind: Kind::ALL
            .iter()
            .map(|&kind| Row::new(kind.name(), items().filter(|i| i.gold.kind == kind)))
            .collect(),
        engine_dates: results.iter().map(|r| r.engine_dates).sum(),
        engine_dates_overlapping_no_gold: results.iter().map(|r| r.unmatched.len()).sum(),
        wrong_or_missed,
        errors,
        unmatched,
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => print_text(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &DateReport) {
    println!(
        "{} — {} documents, {} gold dates; the engine's DATE/TIME timexes, relaxed extent \
         (one shared character), the first one's interval",
        report.file, report.documents, report.overall.gold
    );
    println!(
        "  {:<11} {:>5} {:>6} {:>6} {:>6}  {:>7} {:>7} {:>9} {:>11}",
        "kind", "gold", "found", "exact", "right", "recall", "exact%", "accuracy", "right/gold"
    );
    for row in std::iter::once(&report.overall).chain(&report.by_kind) {
        println!(
            "  {:<11} {:>5} {:>6} {:>6} {:>6}  {:>7.2} {:>7.2} {:>9.2} {:>11.2}",
            row.kind,
            row.gold,
            row.found,
            row.exact_extent,
            row.right,
            row.recall,
            row.exact_extent_recall,
            row.accuracy,
            row.right_of_gold
        );
    }
    println!(
        "  engine DATE/TIME timexes: {}, of which {} overlap no gold date (indicative, not a \
         precision figure: GUM marks only dates and may not mark every one)",
        report.engine_dates, report.engine_dates_overlapping_no_gold
    );
    if !report.errors.is_empty() {
        println!(
            "\nwrong or missed gold dates (first {} of {}):",
            report.errors.len(),
            report.wrong_or_missed
        );
        for e in &report.errors {
            println!(
                "  {} ({}) {} {}: {:?} {} = {}",
                e.doc,
                e.article_date,
                e.status,
                e.kind.name(),
                e.gold_text,
                e.gold,
                e.gold_interval
            );
            match &e.engine {
                Some(t) => println!("      engine: {}", t.describe()),
                None if e.other_timexes.is_empty() => println!("      engine: nothing"),
                None => {
                    for t in &e.other_timexes {
                        println!("      engine (not a date): {}", t.describe());
                    }
                }
            }
        }
    }
    if !report.unmatched.is_empty() {
        println!(
            "\nengine DATE/TIME timexes overlapping no gold date (first {} of {}):",
            report.unmatched.len(),
            report.engine_dates_overlapping_no_gold
        );
        for u in &report.unmatched {
            println!("  {} ({}) {}", u.doc, u.article_date, u.timex.describe());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn interval(a: &str, b: &str) -> Option<DateInterval> {
        Some(DateInterval {
            start: day(a),
            end: day(b),
        })
    }

    fn raw(attributes: &[(&str, &str)]) -> RawGoldDate {
        let mut raw = RawGoldDate {
            start: 0,
            end: 1,
            ..RawGoldDate::default()
        };
        for &(name, value) in attributes {
            let slot = match name {
                "when" => &mut raw.when,
                "from" => &mut raw.from,
                "to" => &mut raw.to,
                "notBefore" => &mut raw.not_before,
                "notAfter" => &mut raw.not_after,
                _ => unreachable!(),
            };
            *slot = Some(value.to_string());
        }
        raw
    }

    fn gold(attributes: &[(&str, &str)]) -> GoldDate {
        parse_gold_date(&raw(attributes)).unwrap()
    }

    #[test]
    fn when_values_are_the_interval_of_their_period() {
        let cases = [
            ("2015-09-01", Kind::WhenDay, "2015-09-01", "2015-09-02"),
            ("2012-12-31", Kind::WhenDay, "2012-12-31", "2013-01-01"),
            ("2013-11", Kind::WhenMonth, "2013-11-01", "2013-12-01"),
            ("2012-02", Kind::WhenMonth, "2012-02-01", "2012-03-01"),
            ("2012", Kind::WhenYear, "2012-01-01", "2013-01-01"),
            (
                "2010-09-04T22:30:00",
                Kind::WhenTime,
                "2010-09-04",
                "2010-09-05",
            ),
            // The stray leading dash of the data: read as the date.
            ("-2009-03-13", Kind::WhenDay, "2009-03-13", "2009-03-14"),
        ];
        for (when, kind, a, b) in cases {
            let g = gold(&[("when", when)]);
            assert_eq!(g.kind, kind, "{when}");
            assert_eq!(g.target, Target::Interval(day(a), day(b)), "{when}");
            assert_eq!(g.attributes, format!("when={when}"));
        }
    }

    #[test]
    fn from_to_runs_to_the_end_of_the_to_period() {
        let cases = [
            ("1930-01-01", "1939-12-31", "1930-01-01", "1940-01-01"),
            ("2017-07-10", "2017-07-16", "2017-07-10", "2017-07-17"),
            ("2012-06", "2012-09", "2012-06-01", "2012-10-01"),
            ("1994", "2008", "1994-01-01", "2009-01-01"),
        ];
        for (from, to, a, b) in cases {
            let g = gold(&[("from", from), ("to", to)]);
            assert_eq!(g.kind, Kind::FromTo);
            assert_eq!(g.target, Target::Interval(day(a), day(b)), "{from}..{to}");
        }
    }

    #[test]
    fn year_less_values_fix_the_month_and_day_only() {
        let october = gold(&[("when", "--10")]);
        assert_eq!(october.kind, Kind::Partial);
        assert_eq!(
            october.target,
            Target::Yearless {
                first: (10, 1),
                last: (10, None)
            }
        );
        let late_september = gold(&[("from", "--09-15"), ("to", "--09-30")]);
        assert_eq!(late_september.kind, Kind::Partial);
        assert_eq!(
            late_september.target,
            Target::Yearless {
                first: (9, 15),
                last: (9, Some(30))
            }
        );
        let winter = gold(&[("from", "--12"), ("to", "--03")]);
        assert_eq!(
            Target::yearless_in((12, 1), (3, None), 2013),
            Some((day("2013-12-01"), day("2014-04-01")))
        );
        assert_eq!(winter.kind, Kind::Partial);
        assert_eq!(
            Target::yearless_in((2, 29), (2, Some(29)), 2013),
            None,
            "no 29 February in 2013"
        );
    }

    #[test]
    fn bounds_are_the_start_of_not_before_and_the_end_of_not_after() {
        let g = gold(&[("notBefore", "1979"), ("notAfter", "2013-10-14")]);
        assert_eq!(g.kind, Kind::Bounds);
        assert_eq!(
            g.target,
            Target::Bounds {
                lower: Some(day("1979-01-01")),
                upper: Some(day("2013-10-15"))
            }
        );
        let g = gold(&[("notAfter", "2012-03")]);
        assert_eq!(
            g.target,
            Target::Bounds {
                lower: None,
                upper: Some(day("2012-04-01"))
            }
        );
        assert_eq!(g.attributes, "notAfter=2012-03");
    }

    #[test]
    fn malformed_gold_is_an_error() {
        for attributes in [
            &[("when", "2013-13")][..],
            &[("when", "13")],
            &[("when", "--13")],
            &[("when", "2013-02-30")],
            &[("when", "2013-10-09T9pm")],
            &[("from", "2013")],
            &[("from", "--12"), ("to", "2014-03")],
            &[("from", "2014"), ("to", "2013")],
            &[("notBefore", "2014"), ("notAfter", "2013")],
            &[("notBefore", "--10")],
            &[("when", "2013"), ("notAfter", "2014")],
            &[],
        ] {
            assert!(parse_gold_date(&raw(attributes)).is_err(), "{attributes:?}");
        }
    }

    #[test]
    fn an_interval_is_right_when_it_equals_the_gold_one() {
        let t = gold(&[("when", "2013-11")]).target;
        assert!(t.is_right(interval("2013-11-01", "2013-12-01"), "2013-11"));
        assert!(!t.is_right(interval("2013-11-05", "2013-11-06"), "2013-11-05"));
        assert!(!t.is_right(interval("2013-01-01", "2014-01-01"), "2013"));
        assert!(!t.is_right(None, "PRESENT_REF"));
        let decade = gold(&[("from", "1960-01-01"), ("to", "1969-12-31")]).target;
        assert!(decade.is_right(interval("1960-01-01", "1970-01-01"), "196"));
    }

    #[test]
    fn a_year_less_gold_date_takes_any_interval_inside_that_month_of_some_year() {
        let october = gold(&[("when", "--10")]).target;
        assert!(october.is_right(interval("2013-10-01", "2013-11-01"), "2013-10"));
        assert!(october.is_right(interval("1999-10-01", "1999-11-01"), "1999-10"));
        assert!(october.is_right(interval("2013-10-09", "2013-10-10"), "2013-10-09"));
        assert!(!october.is_right(interval("2013-09-01", "2013-10-01"), "2013-09"));
        assert!(!october.is_right(interval("2013-10-01", "2013-12-01"), "2013-10"));
        assert!(!october.is_right(None, "XXXX-10"));
        let winter = gold(&[("from", "--12"), ("to", "--03")]).target;
        assert!(winter.is_right(interval("2013-12-01", "2014-03-01"), "2013-WI"));
        assert!(winter.is_right(interval("2014-01-01", "2014-02-01"), "2014-01"));
        assert!(!winter.is_right(interval("2014-03-01", "2014-06-01"), "2014-SP"));
        let late_september = gold(&[("from", "--09-15"), ("to", "--09-30")]).target;
        assert!(late_september.is_right(interval("2007-09-15", "2007-10-01"), "2007-09"));
        assert!(!late_september.is_right(interval("2007-09-01", "2007-10-01"), "2007-09"));
    }

    #[test]
    fn bounds_take_any_interval_within_them() {
        let t = gold(&[("notBefore", "1979"), ("notAfter", "2013-10-14")]).target;
        assert!(t.is_right(interval("1979-01-01", "2013-10-15"), "x"));
        assert!(t.is_right(interval("2000-01-01", "2001-01-01"), "2000"));
        assert!(!t.is_right(interval("1978-12-31", "1979-01-02"), "x"));
        assert!(!t.is_right(interval("2013-10-14", "2013-10-16"), "x"));
        assert!(!t.is_right(None, "PAST_REF"), "both sides are bounded");
        let open_before = gold(&[("notAfter", "2012-03")]).target;
        assert!(open_before.is_right(interval("1900-01-01", "2012-04-01"), "x"));
        assert!(!open_before.is_right(interval("2012-03-01", "2012-04-02"), "x"));
        assert!(open_before.is_right(None, "PAST_REF"));
        assert!(!open_before.is_right(None, "PRESENT_REF"));
        assert!(!open_before.is_right(None, "FUTURE_REF"));
        let open_after = gold(&[("notBefore", "2020")]).target;
        assert!(open_after.is_right(None, "FUTURE_REF"));
        assert!(!open_after.is_right(None, "PAST_REF"));
    }

    fn timex(start: usize, end: usize, is_date: bool, iv: Option<DateInterval>) -> EngineTimex {
        EngineTimex {
            start,
            end,
            text: String::new(),
            timex_type: if is_date { "DATE" } else { "DURATION" },
            value: String::new(),
            interval: None,
            rule: String::new(),
            date_interval: iv,
            is_date,
        }
    }

    #[test]
    fn found_is_one_shared_character_and_the_first_date_decides() {
        let text: Vec<char> = "on 3 May 2015 and later".chars().collect();
        let mut may = gold(&[("when", "2015-05-03")]);
        (may.start, may.end) = (3, 13);
        let mut later = gold(&[("when", "2016")]);
        (later.start, later.end) = (18, 23);
        let timexes = [
            timex(0, 3, true, interval("2015-05-01", "2015-06-01")), // touches, shares none
            timex(3, 8, true, interval("2015-05-03", "2015-05-04")),
            timex(9, 13, true, interval("2015-01-01", "2016-01-01")),
            timex(18, 23, false, None),
        ];
        let (items, unmatched) = score_document(&text, vec![may, later], &timexes);
        assert!(items[0].found && !items[0].exact && items[0].right);
        assert_eq!(items[0].text, "3 May 2015");
        assert!(!items[1].found && !items[1].right);
        assert_eq!(
            items[1].others.len(),
            1,
            "the DURATION is listed, not counted"
        );
        assert_eq!(unmatched.len(), 1);
        assert_eq!(unmatched[0].end, 3);
    }

    #[test]
    fn rows_divide_safely() {
        let row = Row::new("all", std::iter::empty());
        assert_eq!((row.recall, row.accuracy), (0.0, 0.0));
    }

    #[test]
    fn the_text_of_a_titled_line_is_kept_as_it_is() {
        let line = r#"{"id": "a", "date": "2015-09-01", "title": "Ants", "text": "Ants Tuesday, September 1, 2015\n\nBody.", "gold_dates": [{"start": 5, "end": 31, "when": "2015-09-01"}]}"#;
        let articles = read_gold(line).unwrap();
        let parsed = parse_json_line(&articles[0].article_json).unwrap();
        assert_eq!(parsed.text, articles[0].text);
        assert_eq!(parsed.meta.date.to_string(), "2015-09-01");
        assert_eq!(articles[0].gold[0].kind, Kind::WhenDay);
    }
}
