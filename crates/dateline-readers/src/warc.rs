//! WARC files as Common Crawl's CC-NEWS writes them: gzip members (or plain), `response`
//! records holding an HTTP response whose body is an HTML page.
//!
//! The format is simple enough to read by hand: a `WARC/1.x` line, header lines, a blank line,
//! `Content-Length` bytes of block, two line ends. Records stream one at a time.

use std::io::{BufRead, BufReader, Read};

use dateline_engine::Article;

use crate::{HtmlPage, ReadOptions, ReaderError, parse_html};

/// One WARC record: its headers (names as written) and its block.
pub struct WarcRecord {
    pub headers: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The records of a WARC stream, in order.
pub struct WarcRecords<R: BufRead> {
    reader: R,
    done: bool,
}

impl WarcRecords<Box<dyn BufRead>> {
    /// Reads from `input`, gzip-compressed (one member per record, as CC-NEWS writes) or not.
    pub fn new(input: impl Read + 'static) -> WarcRecords<Box<dyn BufRead>> {
        let mut buffered = BufReader::with_capacity(1 << 16, input);
        let gzip = buffered
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        let reader: Box<dyn BufRead> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::bufread::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        WarcRecords {
            reader,
            done: false,
        }
    }
}

/// A record larger than this is not a news page; it is read past, not into memory.
const MAX_BLOCK: u64 = 64 << 20;

impl<R: BufRead> WarcRecords<R> {
    fn line(&mut self) -> Result<Option<String>, ReaderError> {
        let mut line = Vec::new();
        let n = self
            .reader
            .read_until(b'\n', &mut line)
            .map_err(|e| ReaderError::Io(e.to_string()))?;
        if n == 0 {
            return Ok(None);
        }
        while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            line.pop();
        }
        Ok(Some(String::from_utf8_lossy(&line).into_owned()))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, ReaderError> {
        // Skip the blank lines between records.
        let version = loop {
            match self.line()? {
                None => return Ok(None),
                Some(l) if l.trim().is_empty() => continue,
                Some(l) => break l,
            }
        };
        if !version.starts_with("WARC/") {
            return Err(ReaderError::Warc(format!(
                "expected a WARC/1.x line, found {:?}",
                version.chars().take(40).collect::<String>()
            )));
        }
        let mut headers = Vec::new();
        loop {
            let Some(line) = self.line()? else {
                return Err(ReaderError::Warc(
                    "the file ends inside a record's headers".into(),
                ));
            };
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: u64 = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or_else(|| ReaderError::Warc("a record without Content-Length".into()))?;
        let mut block = Vec::new();
        if length <= MAX_BLOCK {
            (&mut self.reader)
                .take(length)
                .read_to_end(&mut block)
                .map_err(|e| ReaderError::Io(e.to_string()))?;
        } else {
            std::io::copy(&mut (&mut self.reader).take(length), &mut std::io::sink())
                .map_err(|e| ReaderError::Io(e.to_string()))?;
        }
        if (block.len() as u64) < length && length <= MAX_BLOCK {
            return Err(ReaderError::Warc("the file ends inside a record".into()));
        }
        Ok(Some(WarcRecord { headers, block }))
    }
}

impl<R: BufRead> Iterator for WarcRecords<R> {
    type Item = Result<WarcRecord, ReaderError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // A broken record leaves no way to find the next one.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Header names (lower case) and values.
type Headers = Vec<(String, String)>;

/// An HTTP response split into its headers and its body, with chunked transfer and gzip or
/// deflate content encodings undone.
fn http_body(block: &[u8]) -> Option<(Headers, Vec<u8>)> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    let split = split.or_else(|| {
        block
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|i| (i, i + 2))
    });
    let (end, body_start) = split?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let headers: Headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let mut body = block[body_start..].to_vec();
    if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    match get("content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("gzip") | Some("x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .ok()?;
            body = out;
        }
        _ => {}
    }
    Some((headers, body))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16);
        let Ok(size) = size else { break };
        data = &data[eol + 2..];
        if size == 0 || size > data.len() {
            out.extend_from_slice(&data[..size.min(data.len())]);
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
    out
}

/// The articles of a WARC stream: one per `response` record with an HTML page, numbered by
/// record (1-based) so errors can say which. Other records (requests, metadata, images) are
/// passed over.
pub struct WarcArticles<R: BufRead> {
    records: WarcRecords<R>,
    options: ReadOptions,
    number: usize,
}

impl<R: BufRead> WarcArticles<R> {
    pub fn new(records: WarcRecords<R>, options: ReadOptions) -> WarcArticles<R> {
        WarcArticles {
            records,
            options,
            number: 0,
        }
    }
}

impl<R: BufRead> Iterator for WarcArticles<R> {
    /// The record's number and its article, or why it is not one.
    type Item = (usize, Result<Article, ReaderError>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = self.records.next()?;
            self.number += 1;
            let record = match record {
                Ok(r) => r,
                Err(e) => return Some((self.number, Err(e))),
            };
            if !record
                .header("WARC-Type")
                .is_some_and(|t| t.eq_ignore_ascii_case("response"))
            {
                continue;
            }
            let Some((headers, body)) = http_body(&record.block) else {
                continue;
            };
            let html = headers
                .iter()
                .find(|(n, _)| n == "content-type")
                .is_none_or(|(_, v)| v.to_ascii_lowercase().contains("html"));
            if !html {
                continue;
            }
            let url = record
                .header("WARC-Target-URI")
                .map(|u| u.trim_matches(['<', '>']));
            let id = url
                .or(record.header("WARC-Record-ID"))
                .unwrap_or("")
                .to_string();
            let page = HtmlPage { id: &id, url };
            return Some((self.number, parse_html(&body, &page, &self.options)));
        }
    }
}
