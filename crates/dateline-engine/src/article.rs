//! Readers that turn bytes into an [`Article`]: the article file, plain text with a given date,
//! and one line of JSON Lines.
//!
//! Readers take bytes and return an article or an [`InputError`]; they never touch the file
//! system, so the CLI, the archive and the server share them. Input that cannot be an article
//! (no date anywhere, an impossible date, binary junk, invalid UTF-8) is an error; an article with
//! problems (an empty body, odd characters, a huge body) is returned with [`Finding`]s.

use jiff::civil;
use serde::Deserialize;

use crate::findings::{Finding, FindingCode};
use crate::hash::content_id;

/// The largest text the engine addresses: offsets are `u32`.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize - 1;

/// Metadata of an article, as the record's `document` object reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleMeta {
    pub id: String,
    /// The calendar date of publication as written: every relative time resolves against it.
    pub date: civil::Date,
    /// The full publication time when the input gave one (`1987-02-26T15:01:01.79`,
    /// `2021-09-30T08:00:00+09:00`), as written.
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
}

/// A dated article ready for analysis.
#[derive(Clone, Debug)]
pub struct Article {
    pub meta: ArticleMeta,
    /// The text every offset points into: the headline, a blank line and the body for article
    /// files and titled JSON Lines; the content exactly for plain text.
    pub text: String,
    /// Byte offset where the body starts in `text` (0 when the text has no headline).
    pub body_start: usize,
    /// Problems the reader noticed.
    pub findings: Vec<Finding>,
}

/// Why bytes could not be read as an article. Each message is one line; the caller prefixes it
/// with the file name or line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    #[error("binary input, not text (NUL byte at byte offset {offset})")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 { offset: usize },
    #[error(
        "no date: the first line must be `date YYYY-MM-DD Headline`, or give --date YYYY-MM-DD"
    )]
    MissingDate,
    #[error("invalid date {value:?}: {reason}")]
    InvalidDate { value: String, reason: String },
    #[error("invalid JSON: {reason}")]
    Json { reason: String },
    #[error("missing field `{field}`")]
    MissingField { field: &'static str },
    #[error("field `{field}` must be {expected}")]
    FieldType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("input of {bytes} bytes is larger than the 4 GiB the engine can address")]
    TooLarge { bytes: usize },
    #[error("empty input")]
    Empty,
}

/// Parses an article file: a first line `date YYYY-MM-DD Headline`, a blank line, then the body.
///
/// A byte-order mark, leading white space and CRLF line ends are tolerated. The record's text is
/// the headline, `"\n\n"`, then the body exactly as in the file.
///
/// ```
/// use dateline_engine::article::parse_article_file;
/// let article = parse_article_file(b"date 2021-09-30 Talks resume\n\nThe talks resumed.", "a1")?;
/// assert_eq!(article.meta.date.to_string(), "2021-09-30");
/// assert_eq!(article.meta.title.as_deref(), Some("Talks resume"));
/// assert_eq!(article.text, "Talks resume\n\nThe talks resumed.");
/// # Ok::<(), dateline_engine::article::InputError>(())
/// ```
pub fn parse_article_file(bytes: &[u8], id: &str) -> Result<Article, InputError> {
    let content = decode_text(bytes)?;
    let content = content.trim_start();
    let Some(rest) = content.strip_prefix("date") else {
        return Err(InputError::MissingDate);
    };
    if !rest.starts_with([' ', '\t']) {
        return Err(InputError::MissingDate);
    }
    let (first_line, after_first) = match rest.find('\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    let first_line = first_line.trim();
    let (date_word, headline) = match first_line.find(char::is_whitespace) {
        Some(i) => (&first_line[..i], first_line[i..].trim()),
        None => (first_line, ""),
    };
    let date = parse_calendar_date(date_word)?;

    let mut findings = Vec::new();
    // The blank line between header and body; a file without it still has its body read.
    let body = match after_first.find('\n') {
        Some(i) if after_first[..i].trim().is_empty() => &after_first[i + 1..],
        _ if after_first.trim().is_empty() => "",
        _ => {
            findings.push(Finding::new(
                FindingCode::NoBlankLine,
                "no blank line between the date line and the body",
            ));
            after_first
        }
    };
    let title = (!headline.is_empty()).then(|| headline.to_string());
    let meta = ArticleMeta {
        id: id.to_string(),
        date,
        published: None,
        title,
        url: None,
        source: None,
    };
    Ok(assemble(meta, body, findings))
}

/// Options for plain text, where the date comes from outside the text.
#[derive(Clone, Debug)]
pub struct PlainTextOptions<'a> {
    pub date: civil::Date,
    pub id: &'a str,
    pub title: Option<&'a str>,
}

/// Reads plain text with a date given from outside (`--date`): the record's text is the
/// content exactly (less a byte-order mark), with no header parsing. A title given here is
/// metadata only; it is not added to the text.
pub fn parse_plain_text(
    bytes: &[u8],
    options: &PlainTextOptions<'_>,
) -> Result<Article, InputError> {
    let content = decode_text(bytes)?;
    let meta = ArticleMeta {
        id: options.id.to_string(),
        date: options.date,
        published: None,
        title: options.title.map(str::to_string),
        url: None,
        source: None,
    };
    let mut article = Article {
        meta,
        text: content.to_string(),
        body_start: 0,
        findings: Vec::new(),
    };
    article.findings.extend(text_findings(&article.text, 0));
    Ok(article)
}

#[derive(Deserialize)]
struct JsonArticle {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<serde_json::Value>,
    #[serde(default)]
    url: Option<serde_json::Value>,
    #[serde(default)]
    source: Option<serde_json::Value>,
}

/// Parses one JSON Lines record: `{"id", "date", "title", "text", "url", "source"}`.
///
/// `date` is an ISO 8601 date or date-time, with or without an offset or fraction; the article
/// date is the calendar date as written and `published` keeps the full time. Without `id`, the
/// id is a hash of the content. The text is `title + "\n\n" + text` when a title is given.
///
/// ```
/// use dateline_engine::article::parse_json_line;
/// let line = r#"{"id": "r1", "date": "1987-02-26T15:01:01.79", "title": "COCOA", "text": "Rain fell."}"#;
/// let article = parse_json_line(line)?;
/// assert_eq!(article.meta.date.to_string(), "1987-02-26");
/// assert_eq!(article.meta.published.as_deref(), Some("1987-02-26T15:01:01.79"));
/// assert_eq!(article.text, "COCOA\n\nRain fell.");
/// # Ok::<(), dateline_engine::article::InputError>(())
/// ```
pub fn parse_json_line(line: &str) -> Result<Article, InputError> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if let Some(offset) = line.find('\0') {
        return Err(InputError::Binary { offset });
    }
    let record: JsonArticle = serde_json::from_str(line).map_err(|e| InputError::Json {
        reason: json_reason(&e),
    })?;
    let date_text = match record.date {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => {
            return Err(InputError::MissingField { field: "date" });
        }
        Some(_) => {
            return Err(InputError::FieldType {
                field: "date",
                expected: "a string",
            });
        }
    };
    let (date, published) = parse_date_or_datetime(date_text.trim())?;
    let title = optional_string(record.title, "title")?.filter(|t| !t.trim().is_empty());
    let body = optional_string(record.text, "text")?;
    if title.is_none() && body.is_none() {
        return Err(InputError::MissingField { field: "text" });
    }
    let url = optional_string(record.url, "url")?;
    let source = optional_string(record.source, "source")?;
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(serde_json::Value::Null) | None => None,
        Some(serde_json::Value::String(_)) => None,
        Some(_) => {
            return Err(InputError::FieldType {
                field: "id",
                expected: "a string or a number",
            });
        }
    };
    let meta = ArticleMeta {
        id: String::new(),
        date,
        published,
        title,
        url,
        source,
    };
    let mut article = assemble(meta, body.as_deref().unwrap_or(""), Vec::new());
    article.meta.id = id.unwrap_or_else(|| content_id(&article.text));
    Ok(article)
}

fn optional_string(
    value: Option<serde_json::Value>,
    field: &'static str,
) -> Result<Option<String>, InputError> {
    match value {
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Null) | None => Ok(None),
        Some(_) => Err(InputError::FieldType {
            field,
            expected: "a string",
        }),
    }
}

/// serde_json's message without its " at line 1 column N" tail, which is noise for one line;
/// the column is kept in a shorter form.
fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(i) => format!("{} (column {})", &message[..i], error.column()),
        None => message,
    }
}

impl Article {
    /// An article from parts another reader found (an HTML page, a feed item): the text is
    /// `title + "\n\n" + body` when there is a title, and the findings are those of every
    /// reader (empty body, broken decoding, control characters, size).
    pub fn from_parts(meta: ArticleMeta, body: &str) -> Article {
        assemble(meta, body, Vec::new())
    }
}

/// Builds the record text `title + "\n\n" + body` and the findings about it.
fn assemble(meta: ArticleMeta, body: &str, mut findings: Vec<Finding>) -> Article {
    let (text, body_start) = match &meta.title {
        Some(title) => {
            let mut text = String::with_capacity(title.len() + 2 + body.len());
            text.push_str(title);
            text.push_str("\n\n");
            text.push_str(body);
            (text, title.len() + 2)
        }
        None => (body.to_string(), 0),
    };
    if body.trim().is_empty() {
        if meta.title.is_some() {
            findings.push(Finding::new(
                FindingCode::EmptyBody,
                "the article has a headline but no body",
            ));
        } else {
            findings.push(Finding::new(
                FindingCode::EmptyText,
                "the article has no text",
            ));
        }
    }
    findings.extend(text_findings(&text, body_start));
    Article {
        meta,
        text,
        body_start,
        findings,
    }
}

/// Checks bytes are text: not binary, valid UTF-8, addressable. Strips a byte-order mark.
pub fn decode_text(bytes: &[u8]) -> Result<&str, InputError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(InputError::TooLarge { bytes: bytes.len() });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { offset });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| InputError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2021-02-30.
pub fn parse_calendar_date(value: &str) -> Result<civil::Date, InputError> {
    let invalid = |reason: String| InputError::InvalidDate {
        value: value.to_string(),
        reason,
    };
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(invalid("expected YYYY-MM-DD".to_string()));
    }
    let number = |range: std::ops::Range<usize>| -> i16 {
        value[range].parse().expect("digits checked above")
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(invalid(format!("there is no month {month}")));
    }
    civil::Date::new(year, month as i8, day as i8).map_err(|_| {
        let days = civil::Date::new(year, month as i8, 1)
            .map(|d| d.days_in_month())
            .unwrap_or(31);
        invalid(format!(
            "{} {year} has {days} days",
            MONTH_NAMES[month as usize - 1]
        ))
    })
}

/// English weekday names, Monday first: for messages, and for the capitalised words that are
/// no surname and no speaker.
pub(crate) const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// English month names, for messages and for the linker's list of words that are no surname.
pub(crate) const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses an ISO 8601 date or date-time (`T` or space; optional seconds, fraction, `Z` or
/// offset). Returns the calendar date as written and, for a date-time, the full string.
pub fn parse_date_or_datetime(value: &str) -> Result<(civil::Date, Option<String>), InputError> {
    if value.len() <= 10 {
        return Ok((parse_calendar_date(value)?, None));
    }
    let date = parse_calendar_date(value.get(..10).unwrap_or(value))?;
    let rest = &value[10..];
    if !(rest.starts_with('T') || rest.starts_with('t') || rest.starts_with(' ')) {
        return Err(InputError::InvalidDate {
            value: value.to_string(),
            reason: "expected `T` or a space between date and time".to_string(),
        });
    }
    let normalised = format!("{}T{}", &value[..10], &rest[1..]);
    let valid = normalised.parse::<civil::DateTime>().is_ok()
        || normalised.parse::<jiff::Timestamp>().is_ok();
    if !valid {
        return Err(InputError::InvalidDate {
            value: value.to_string(),
            reason: "not an ISO 8601 date-time".to_string(),
        });
    }
    Ok((date, Some(value.to_string())))
}

/// Inputs above this size are analysed, with a finding, since every layer scales with them.
const LARGE_TEXT_BYTES: usize = 5 * 1024 * 1024;

/// Findings about the characters of a text: signs of a broken decoding upstream, control
/// characters, sheer size.
pub fn text_findings(text: &str, body_start: usize) -> Vec<Finding> {
    let mut findings = Vec::new();
    if text.len() > LARGE_TEXT_BYTES {
        findings.push(Finding::new(
            FindingCode::LargeText,
            format!(
                "the text is {} bytes; analysis is linear but slow at this size",
                text.len()
            ),
        ));
    }
    if let Some(i) = text.find('\u{fffd}') {
        let count = text.matches('\u{fffd}').count();
        findings.push(
            Finding::new(
                FindingCode::ReplacementCharacter,
                format!("{count} U+FFFD replacement character(s): the text was decoded lossily"),
            )
            .at(i, i + '\u{fffd}'.len_utf8()),
        );
    }
    if let Some((i, pattern)) = find_mojibake(text) {
        findings.push(
            Finding::new(
                FindingCode::Mojibake,
                format!("{pattern:?} looks like UTF-8 that was decoded as Latin-1 or Windows-1252"),
            )
            .at(i, i + pattern.len()),
        );
    }
    let controls = text
        .char_indices()
        .filter(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .map(|(i, c)| (i, c.len_utf8()))
        .collect::<Vec<_>>();
    if let Some(&(i, len)) = controls.first() {
        findings.push(
            Finding::new(
                FindingCode::ControlCharacters,
                format!("{} control character(s) in the text", controls.len()),
            )
            .at(i, i + len),
        );
    }
    let _ = body_start;
    findings
}

/// The commonest traces of UTF-8 read as Windows-1252: `â€™` (’), `Ã©` (é) and their kin.
fn find_mojibake(text: &str) -> Option<(usize, &'static str)> {
    const PATTERNS: [&str; 8] = ["â€™", "â€œ", "â€\u{9d}", "â€“", "â€”", "Ã©", "Ã¨", "Ã¼"];
    if text.is_ascii() {
        return None;
    }
    PATTERNS
        .iter()
        .filter_map(|p| text.find(p).map(|i| (i, *p)))
        .min_by_key(|&(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_file_with_bom_crlf_and_leading_space() {
        let bytes = "\u{feff}\n  date 2020-03-05 Headline here\r\n\r\nBody line one.\r\nTwo.";
        let a = parse_article_file(bytes.as_bytes(), "x").unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("Headline here"));
        assert_eq!(a.text, "Headline here\n\nBody line one.\r\nTwo.");
        assert_eq!(&a.text[a.body_start..], "Body line one.\r\nTwo.");
        assert!(a.findings.is_empty(), "{:?}", a.findings);
    }

    #[test]
    fn article_file_errors_name_the_reason() {
        let err = |b: &[u8]| parse_article_file(b, "x").unwrap_err().to_string();
        assert!(err(b"Headline\n\nBody").contains("no date"));
        assert!(err(b"date 2021-02-30 X\n\nBody").contains("February 2021 has 28 days"));
        assert!(err(b"date 2021-13-01 X\n\nBody").contains("no month 13"));
        assert!(err(b"date 21-02-03 X\n\nBody").contains("expected YYYY-MM-DD"));
        assert_eq!(
            err(b"date 2021-02-03 X\n\nBo\xffdy"),
            "invalid UTF-8 at byte offset 21"
        );
        assert!(err(b"\x7fELF\x02\x01\x00\x00").starts_with("binary input"));
    }

    #[test]
    fn article_file_without_blank_line_keeps_body_and_says_so() {
        let a = parse_article_file(b"date 2020-01-01 Title\nBody starts here.", "x").unwrap();
        assert_eq!(a.text, "Title\n\nBody starts here.");
        assert_eq!(a.findings[0].code, FindingCode::NoBlankLine);
    }

    #[test]
    fn empty_body_is_a_finding_not_an_error() {
        let a = parse_article_file(b"date 2020-01-01 Only a title\n", "x").unwrap();
        assert_eq!(a.text, "Only a title\n\n");
        assert_eq!(a.findings[0].code, FindingCode::EmptyBody);
    }

    #[test]
    fn json_line_dates_keep_the_calendar_date_as_written() {
        for (date, day) in [
            ("1987-02-26T15:01:01.79", "1987-02-26"),
            ("2021-09-30T23:30:00-05:00", "2021-09-30"),
            ("2021-09-30T23:30:00Z", "2021-09-30"),
            ("2021-09-30 08:00", "2021-09-30"),
            ("2021-09-30", "2021-09-30"),
        ] {
            let line = format!(r#"{{"date": "{date}", "text": "x"}}"#);
            let a = parse_json_line(&line).unwrap();
            assert_eq!(a.meta.date.to_string(), day, "{date}");
            assert_eq!(a.meta.published.is_some(), date.len() > 10);
        }
    }

    #[test]
    fn json_line_without_id_gets_a_stable_content_hash() {
        let a = parse_json_line(r#"{"date": "2021-09-30", "text": "Same."}"#).unwrap();
        let b = parse_json_line(r#"{"date": "2021-09-30", "text": "Same."}"#).unwrap();
        let c = parse_json_line(r#"{"date": "2021-09-30", "text": "Other."}"#).unwrap();
        assert_eq!(a.meta.id, b.meta.id);
        assert_ne!(a.meta.id, c.meta.id);
    }

    #[test]
    fn json_line_errors() {
        let err = |l: &str| parse_json_line(l).unwrap_err().to_string();
        assert_eq!(err(r#"{"text": "x"}"#), "missing field `date`");
        assert_eq!(err(r#"{"date": "2021-09-30"}"#), "missing field `text`");
        assert!(err(r#"{"date": "2021-02-29", "text": "x"}"#).contains("has 28 days"));
        assert!(err(r#"{"date": 20210930, "text": "x"}"#).contains("must be a string"));
        assert!(err(r#"{"date": "2021-09-30T25:00", "text": "x"}"#).contains("not an ISO 8601"));
        assert!(err("{not json").starts_with("invalid JSON"));
    }

    #[test]
    fn text_findings_spot_broken_decoding() {
        let codes = |t: &str| {
            text_findings(t, 0)
                .iter()
                .map(|f| f.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("It\u{2019}s fine"), vec![]);
        assert_eq!(codes("Itâ€™s broken"), vec![FindingCode::Mojibake]);
        assert_eq!(
            codes("lost \u{fffd} char"),
            vec![FindingCode::ReplacementCharacter]
        );
        assert_eq!(codes("bell \u{7}"), vec![FindingCode::ControlCharacters]);
    }
}
