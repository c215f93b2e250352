//! Readers for real crawls: HTML pages, RSS/Atom feeds and WARC files, each turned into dated
//! [`Article`]s for the engine.
//!
//! Readers take bytes and do no other I/O. The publication date comes from the input itself
//! (meta tags, JSON-LD, a feed item's date) or from the caller's override; an input with no
//! date anywhere is an error, never a guess (a WARC record's crawl date is not a publication
//! date).

mod feed;
mod html;
mod warc;

pub use feed::parse_feed;
pub use html::{HtmlPage, parse_html};
pub use warc::{WarcArticles, WarcRecord, WarcRecords};

use dateline_engine::Article;
use jiff::civil;

/// Why an input could not be read. Messages are one line; the caller names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReaderError {
    #[error("no publication date in the page (meta tags, JSON-LD, <time>): give --date YYYY-MM-DD")]
    NoDate,
    #[error("no date on the feed item: give --date YYYY-MM-DD")]
    NoItemDate,
    #[error("invalid publication date {0:?}")]
    BadDate(String),
    #[error("binary input, not text (NUL byte at byte offset {0})")]
    Binary(usize),
    #[error("not an RSS or Atom feed: {0}")]
    Feed(String),
    #[error("not a WARC file: {0}")]
    Warc(String),
    #[error("cannot read: {0}")]
    Io(String),
}

/// How to read pages and items: an override date and the defaults a caller knows.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `--date`: the publication date, whatever the input says.
    pub date: Option<civil::Date>,
}

/// A publication date as pages and feeds write it: ISO 8601 (`2021-09-30`,
/// `2021-09-30T08:00:00+09:00`) or RFC 2822 (`Thu, 30 Sep 2021 08:00:00 +0900`). The date is
/// the calendar date as written, in the writer's own zone.
pub fn parse_published(value: &str) -> Result<(civil::Date, Option<String>), ReaderError> {
    let value = value.trim();
    if let Ok(parsed) = dateline_engine::article::parse_date_or_datetime(value) {
        return Ok(parsed);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(value) {
        return Ok((zoned.date(), Some(value.to_string())));
    }
    // `2021-09-30 08:00:00 UTC` and other date-first forms: the calendar date leads.
    if let Some(date) = value
        .get(..10)
        .and_then(|d| dateline_engine::article::parse_calendar_date(d).ok())
    {
        return Ok((date, Some(value.to_string())));
    }
    Err(ReaderError::BadDate(value.to_string()))
}

/// Decodes bytes as text: UTF-8, with a byte-order mark stripped; anything else lossily, so
/// the engine's reader flags the replacement characters instead of the page being lost.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ReaderError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReaderError::Binary(offset));
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    Ok(String::from_utf8_lossy(bytes))
}

/// The text of an HTML fragment (a feed item's content), paragraphs apart.
fn fragment_text(html: &str) -> String {
    let doc = dom_query::Document::fragment(html);
    tidy(&doc.formatted_text())
}

/// Trims lines and keeps at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(&line.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

fn article(meta: dateline_engine::ArticleMeta, body: &str) -> Article {
    Article::from_parts(meta, body)
}

#[cfg(test)]
mod tests;
