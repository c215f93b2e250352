//! The readers on pages, feeds and WARC files written for these tests.

use std::io::Write;

use super::*;

/// A news page of our own, with navigation and a footer around the article (also read by
/// the CLI's tests, as a file).
const PAGE: &str = include_str!("../fixtures/crawl/kenya-japan.html");

fn page(id: &str) -> HtmlPage<'_> {
    HtmlPage { id, url: None }
}

#[test]
fn a_page_gives_its_main_text_headline_date_and_url() {
    let article = parse_html(PAGE.as_bytes(), &page("kenya"), &ReadOptions::default()).unwrap();
    assert_eq!(article.meta.id, "kenya");
    assert_eq!(article.meta.date.to_string(), "2021-09-30");
    assert_eq!(
        article.meta.published.as_deref(),
        Some("2021-09-30T08:00:00+03:00")
    );
    assert!(
        article
            .meta
            .title
            .as_deref()
            .unwrap()
            .starts_with("Kenya and Japan sign trade pact"),
        "{:?}",
        article.meta.title
    );
    assert_eq!(
        article.meta.url.as_deref(),
        Some("https://news.example.org/kenya-japan")
    );
    assert_eq!(article.meta.source.as_deref(), Some("Example News"));
    let body = &article.text[article.body_start..];
    assert!(body.contains("NAIROBI - Kenya and Japan signed a trade agreement on Thursday"));
    assert!(
        body.contains("\n\n\"This is a good day"),
        "paragraphs stay apart: {body}"
    );
    for boilerplate in ["Home", "Subscribe", "Copyright"] {
        assert!(!body.contains(boilerplate), "{boilerplate} in {body}");
    }
}

#[test]
fn the_date_comes_from_json_ld_other_metas_or_time_elements() {
    let body = "<p>Officials met on Monday to discuss the budget for the coming year.</p>";
    let cases = [
        (
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Budget talks","datePublished":"2020-03-02T10:00:00Z"}</script>"#,
            "2020-03-02",
        ),
        (r#"<meta name="date" content="2019-11-05">"#, "2019-11-05"),
        (
            r#"<meta itemprop="datePublished" content="2018-01-31">"#,
            "2018-01-31",
        ),
        ("", "2017-06-15"),
    ];
    for (head, expected) in cases {
        let html = format!(
            "<html><head><title>Budget talks</title>{head}</head><body><article>\
             <time datetime=\"2017-06-15T09:00\">June 15</time>{body}</article></body></html>"
        );
        let article = parse_html(html.as_bytes(), &page("b"), &ReadOptions::default()).unwrap();
        assert_eq!(article.meta.date.to_string(), expected, "{head}");
    }
}

#[test]
fn a_page_without_a_date_is_reported_unless_one_is_given() {
    let html = "<html><head><title>Undated</title></head><body><p>Text.</p></body></html>";
    let error = parse_html(html.as_bytes(), &page("u"), &ReadOptions::default()).unwrap_err();
    assert_eq!(error, ReaderError::NoDate);
    assert!(error.to_string().contains("--date"));
    let given = ReadOptions {
        date: Some(jiff::civil::date(2022, 5, 1)),
    };
    let article = parse_html(html.as_bytes(), &page("u"), &given).unwrap();
    assert_eq!(article.meta.date.to_string(), "2022-05-01");
    assert_eq!(article.text, "Undated\n\nText.");
    // --date wins over the page's own date.
    let article = parse_html(PAGE.as_bytes(), &page("k"), &given).unwrap();
    assert_eq!(article.meta.date.to_string(), "2022-05-01");
}

#[test]
fn binary_junk_and_bad_dates_are_errors_and_odd_bytes_are_findings() {
    assert!(matches!(
        parse_html(
            b"\x89PNG\r\n\x1a\n\x00\x00",
            &page("p"),
            &ReadOptions::default()
        ),
        Err(ReaderError::Binary(8))
    ));
    let html = r#"<html><head><meta name="date" content="2021-02-30"></head><body>x</body></html>"#;
    assert!(matches!(
        parse_html(html.as_bytes(), &page("d"), &ReadOptions::default()),
        Err(ReaderError::BadDate(_))
    ));
    let latin1 = b"<html><head><meta name=\"date\" content=\"2021-02-03\"><title>Caf\xe9</title></head><body><p>Body.</p></body></html>";
    let article = parse_html(latin1, &page("l"), &ReadOptions::default()).unwrap();
    assert!(
        article
            .findings
            .iter()
            .any(|f| f.code == dateline_engine::FindingCode::ReplacementCharacter)
    );
}

/// A feed of two items, the second without a date.
const RSS: &str = include_str!("../fixtures/crawl/wire.rss");

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title><id>urn:example:feed</id><updated>2022-01-10T00:00:00Z</updated>
<entry>
  <title>Chile praises Kenya</title>
  <id>urn:example:e1</id>
  <link rel="alternate" href="https://atom.example.org/e1"/>
  <published>2022-01-09T12:00:00Z</published>
  <updated>2022-01-10T00:00:00Z</updated>
  <content type="html">&lt;p&gt;Chile praised Kenya on Sunday for its climate policy.&lt;/p&gt;</content>
</entry>
</feed>"#;

#[test]
fn an_rss_feed_gives_one_article_per_item_and_reports_undated_items() {
    let items = parse_feed(RSS.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(items.len(), 2);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.meta.id, "wire-a1");
    assert_eq!(first.meta.date.to_string(), "2021-03-02");
    assert_eq!(
        first.meta.url.as_deref(),
        Some("https://wire.example.org/a1")
    );
    assert_eq!(first.meta.source.as_deref(), Some("Example Wire"));
    assert_eq!(
        first.text,
        "Brazil and Canada resume talks\n\nBrazil and Canada resumed trade talks on Tuesday.\n\n\
         A deal is expected next year."
    );
    assert_eq!(items[1].as_ref().unwrap_err(), &ReaderError::NoItemDate);
}

#[test]
fn an_atom_feed_reads_too_and_junk_is_not_a_feed() {
    let items = parse_feed(ATOM.as_bytes(), &ReadOptions::default()).unwrap();
    let entry = items[0].as_ref().unwrap();
    assert_eq!(
        entry.meta.date.to_string(),
        "2022-01-09",
        "published, not updated"
    );
    assert_eq!(
        entry.meta.url.as_deref(),
        Some("https://atom.example.org/e1")
    );
    assert!(
        entry
            .text
            .ends_with("Chile praised Kenya on Sunday for its climate policy.")
    );
    assert!(matches!(
        parse_feed(b"just some words", &ReadOptions::default()),
        Err(ReaderError::Feed(_))
    ));
}

fn warc_record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\n\
         Content-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A CC-NEWS-like file: a warcinfo record, then for two pages a request and a response (one
/// chunked and gzip-encoded), an image response, and a page without a date; each record its
/// own gzip member.
fn cc_news_like() -> Vec<u8> {
    let http = |headers: &str, body: &[u8]| {
        let mut out = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    };
    let encoded = gzip(PAGE.as_bytes());
    let mut chunked = Vec::new();
    for chunk in encoded.chunks(100) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let undated = b"<html><head><title>No date</title></head><body><p>Words.</p></body></html>";
    let records = [
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_record("request", "https://a.example/1", b"GET /1 HTTP/1.1\r\n\r\n"),
        warc_record(
            "response",
            "https://a.example/1",
            &http(
                "Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\
                 Content-Encoding: gzip\r\n",
                &chunked,
            ),
        ),
        warc_record(
            "response",
            "https://a.example/logo.png",
            &http("Content-Type: image/png\r\n", b"\x89PNG"),
        ),
        warc_record(
            "response",
            "https://a.example/2",
            &http("Content-Type: text/html\r\n", undated),
        ),
    ];
    records.iter().flat_map(|r| gzip(r)).collect()
}

#[test]
fn a_warc_file_gives_its_html_responses_and_names_undated_records() {
    let records = WarcRecords::new(std::io::Cursor::new(cc_news_like()));
    let items: Vec<_> = WarcArticles::new(records, ReadOptions::default()).collect();
    assert_eq!(
        items.len(),
        2,
        "the page and the undated page; not the image"
    );
    let (number, first) = &items[0];
    assert_eq!(*number, 3);
    let first = first.as_ref().unwrap();
    assert_eq!(first.meta.id, "https://a.example/1");
    assert_eq!(first.meta.url.as_deref(), Some("https://a.example/1"));
    assert_eq!(
        first.meta.date.to_string(),
        "2021-09-30",
        "the page's date, not the crawl's"
    );
    assert!(
        first
            .text
            .contains("Kenya and Japan signed a trade agreement")
    );
    assert_eq!(items[1].0, 5);
    assert_eq!(items[1].1.as_ref().unwrap_err(), &ReaderError::NoDate);
}

#[test]
fn a_plain_warc_reads_and_a_truncated_one_is_an_error() {
    let plain = warc_record(
        "response",
        "https://b.example/x",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><meta name=\"date\" content=\"2020-05-05\"></head><body><p>Hi.</p></body></html>",
    );
    let items: Vec<_> = WarcArticles::new(
        WarcRecords::new(std::io::Cursor::new(plain.clone())),
        ReadOptions::default(),
    )
    .collect();
    assert_eq!(
        items[0].1.as_ref().unwrap().meta.date.to_string(),
        "2020-05-05"
    );
    let cut = plain[..plain.len() - 40].to_vec();
    let items: Vec<_> = WarcArticles::new(
        WarcRecords::new(std::io::Cursor::new(cut)),
        ReadOptions::default(),
    )
    .collect();
    assert!(
        matches!(items[0].1, Err(ReaderError::Warc(_))),
        "{:?}",
        items[0].1.as_ref().err()
    );
    let junk: Vec<_> = WarcRecords::new(std::io::Cursor::new(b"hello\n".to_vec())).collect();
    assert!(matches!(junk[0], Err(ReaderError::Warc(_))));
}

#[test]
fn published_dates_in_iso_and_rfc_2822() {
    assert_eq!(
        parse_published("2021-09-30").unwrap().0.to_string(),
        "2021-09-30"
    );
    assert_eq!(
        parse_published("Thu, 30 Sep 2021 08:00:00 +0900")
            .unwrap()
            .0
            .to_string(),
        "2021-09-30"
    );
    assert_eq!(
        parse_published("2021-09-30 08:00:00 UTC")
            .unwrap()
            .0
            .to_string(),
        "2021-09-30"
    );
    assert!(parse_published("yesterday").is_err());
}

#[test]
fn a_feed_item_keeps_the_calendar_day_its_feed_wrote() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Seoul Wire</title>
<item><title>Talks resume</title><link>https://s.example/1</link><guid>s1</guid>
<pubDate>Thu, 30 Sep 2021 01:00:00 +0900</pubDate><description>Talks resumed.</description></item>
<item><title>Later</title><link>https://s.example/2</link><guid>s2</guid>
<pubDate>Fri, 01 Oct 2021 23:30:00 -0400</pubDate><description>More talks.</description></item>
</channel></rss>"#;
    let items = parse_feed(rss.as_bytes(), &ReadOptions::default()).unwrap();
    let first = items[0].as_ref().unwrap();
    // In UTC this is 2021-09-29 16:00; the feed's own day is the 30th.
    assert_eq!(first.meta.date.to_string(), "2021-09-30");
    assert_eq!(
        first.meta.published.as_deref(),
        Some("Thu, 30 Sep 2021 01:00:00 +0900")
    );
    assert_eq!(
        items[1].as_ref().unwrap().meta.date.to_string(),
        "2021-10-01"
    );
}
