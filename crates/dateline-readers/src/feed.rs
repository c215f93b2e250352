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
    Ok(feed
        .entries
        .into_iter()
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| l.href.clone());
            let (date, published) = match options.date {
                Some(date) => (date, None),
                None => {
                    // feed-rs gives instants in UTC; the date is that of UTC.
                    let when = entry
                        .published
                        .or(entry.updated)
                        .ok_or(ReaderError::NoItemDate)?;
                    parse_published(&when.to_rfc3339())?
                }
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

fn one_line(error: &dyn std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
