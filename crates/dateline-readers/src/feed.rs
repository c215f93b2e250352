//! RSS and Atom feeds (feed-rs): one article per item, from its title, link, date and content
//! (or summary when the feed carries no content).

use dateline_engine::{Article, ArticleMeta};

use crate::{ReadOptions, ReaderError, article, fragment_text, parse_published};

/// Reads a feed. The outer error says the bytes are not a feed; each item is an article or
/// the reason it is not (an item without a date when no `--date` is given).
pub fn parse_feed(
    bytes: &[u8],
    options: &ReadOptions,
) -> Result<Vec<Result<Article, ReaderError>>, ReaderError> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReaderError::Binary(offset));
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| ReaderError::Feed(one_line(&e)))?;
    let source = feed.title.as_ref().map(|t| t.content.trim().to_string());
    // feed-rs gives instants in UTC; the dates as the feed wrote them keep the writer's own
    // calendar day (an item of `Thu, 30 Sep 2021 01:00:00 +0900` is of the 30th). They are
    // used when the feed's items and the dates found line up one to one.
    let written = written_item_dates(&String::from_utf8_lossy(bytes));
    let written = if written.len() == feed.entries.len() {
        written
    } else {
        vec![None; feed.entries.len()]
    };
    Ok(feed
        .entries
        .into_iter()
        .zip(written)
        .map(|(entry, written)| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.clone());
            let (date, published) = match options.date {
                Some(date) => (date, None),
                None => match written.as_deref().map(parse_published) {
                    Some(Ok(parsed)) => parsed,
                    _ => {
                        let when = entry
                            .published
                            .or(entry.updated)
                            .ok_or(ReaderError::NoItemDate)?;
                        parse_published(&when.to_rfc3339())?
                    }
                },
            };
            let html = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let title = entry
                .title
                .as_ref()
                .map(|t| fragment_text(&t.content))
                .filter(|t| !t.is_empty());
            let id = if entry.id.trim().is_empty() {
                link.clone().unwrap_or_default()
            } else {
                entry.id.trim().to_string()
            };
            let meta = ArticleMeta {
                id,
                date,
                published,
                title,
                url: link,
                source: source.clone(),
            };
            let mut a = article(meta, &fragment_text(&html));
            if a.meta.id.is_empty() {
                a.meta.id = dateline_engine::hash::content_id(&a.text);
            }
            Ok(a)
        })
        .collect())
}

/// Each item's (RSS `<item>`) or entry's (Atom `<entry>`) date as written: its
/// `pubDate`/`published`, else `dc:date`, else `updated`; in document order.
fn written_item_dates(xml: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for (open, close) in [("<item", "</item>"), ("<entry", "</entry>")] {
        let mut rest = xml;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len()..];
            // `<item>` or `<item rdf:about=…>`, not `<itemref>`.
            if !after.starts_with(['>', ' ', '\t', '\n', '\r']) {
                rest = after;
                continue;
            }
            let end = after.find(close).unwrap_or(after.len());
            let block = &after[..end];
            let date = ["pubDate", "published", "dc:date", "updated"]
                .iter()
                .find_map(|tag| element_text(block, tag));
            out.push(date);
            rest = &after[end..];
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The text of the first `<tag>…</tag>` in `xml`, trimmed.
fn element_text(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let start = xml.find(&open)?;
    let after = &xml[start + open.len()..];
    if !after.starts_with(['>', ' ']) {
        return None;
    }
    let body = &after[after.find('>')? + 1..];
    let end = body.find(&format!("</{tag}>"))?;
    Some(body[..end].trim().to_string()).filter(|t| !t.is_empty())
}

fn one_line(error: &dyn std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
