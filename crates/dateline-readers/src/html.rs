//! HTML pages: the main text without boilerplate (dom_smoothie, a port of readability.js),
//! the headline, and the publication date from meta tags, JSON-LD or a `<time>` element.

use dateline_engine::{Article, ArticleMeta};
use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use crate::{ReadOptions, ReaderError, article, decode, parse_published, tidy};

/// Where a page came from, as far as the caller knows.
#[derive(Clone, Debug, Default)]
pub struct HtmlPage<'a> {
    /// The article id: the file's name, a WARC record's URL.
    pub id: &'a str,
    /// The page's URL, when known (a WARC record's target, a feed item's link).
    pub url: Option<&'a str>,
}

/// Meta tags that carry a publication date, beyond those readability.js reads itself
/// (`article:published_time`, `dcterms.*`, `parsely-pub-date`, JSON-LD `datePublished`).
const DATE_METAS: &[&str] = &[
    "meta[property='og:published_time']",
    "meta[name='pubdate']",
    "meta[name='publishdate']",
    "meta[name='publish-date']",
    "meta[name='date']",
    "meta[name='dc.date']",
    "meta[name='dc.date.issued']",
    "meta[name='DC.date.issued']",
    "meta[name='sailthru.date']",
    "meta[itemprop='datePublished']",
];

/// The publication date the page's own markup gives, as written.
fn date_in_markup(doc: &Document) -> Option<String> {
    for selector in DATE_METAS {
        if let Some(content) = doc.select(selector).attr("content")
            && !content.trim().is_empty()
        {
            return Some(content.trim().to_string());
        }
    }
    for selector in [
        "time[itemprop='datePublished']",
        "time[pubdate]",
        "article time",
    ] {
        let time = doc.select(selector);
        if let Some(value) = time.attr("datetime")
            && !value.trim().is_empty()
        {
            return Some(value.trim().to_string());
        }
    }
    None
}

/// Reads an HTML page as an article. The date is `options.date` when given, else the page's
/// own; a page with neither is an error.
pub fn parse_html(
    bytes: &[u8],
    page: &HtmlPage,
    options: &ReadOptions,
) -> Result<Article, ReaderError> {
    let html = decode(bytes)?;
    let doc = Document::from(html.as_ref());
    let markup_date = date_in_markup(&doc);
    let canonical = doc
        .select("link[rel='canonical']")
        .attr("href")
        .map(|s| s.to_string());
    let source = doc
        .select("meta[property='og:site_name']")
        .attr("content")
        .map(|s| s.to_string());
    let url = page
        .url
        .map(str::to_string)
        .or(canonical)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let fallback_title = doc.select("title").text().trim().to_string();
    let fallback_body = tidy(&doc.select("body").formatted_text());
    let config = Config {
        text_mode: TextMode::Formatted,
        // Guards against pathological pages; a news article has far fewer elements.
        max_elements_to_parse: 200_000,
        ..Config::default()
    };
    let extracted = Readability::with_document(doc, url.as_deref(), Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (title, body, page_date) = match &extracted {
        Some(a) => (
            a.title.trim().to_string(),
            tidy(&a.text_content),
            a.published_time.clone(),
        ),
        // Too little text for readability's scoring: the whole body is the article.
        None => (fallback_title, fallback_body, None),
    };
    let (date, published) = match options.date {
        Some(date) => (date, None),
        None => {
            let written = page_date.or(markup_date).ok_or(ReaderError::NoDate)?;
            parse_published(&written)?
        }
    };
    let meta = ArticleMeta {
        id: page.id.to_string(),
        date,
        published,
        title: Some(title).filter(|t| !t.is_empty()),
        url,
        source: extracted
            .as_ref()
            .and_then(|a| a.site_name.clone())
            .or(source),
    };
    Ok(article(meta, &body))
}
