//! Where articles come from: files, directories, JSON Lines and standard input.
//!
//! [`Inputs`] is an iterator that reads lazily, one file or one JSON line at a time, so a corpus
//! of any size streams through in constant memory. Each item names its place (`path`,
//! `path:line`, `<stdin>:line`) so errors can say where they are.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use dateline_engine::Article;
use dateline_engine::article::{
    PlainTextOptions, parse_article_file, parse_json_line, parse_plain_text,
};
use dateline_readers::{HtmlPage, WarcArticles, WarcRecords, parse_feed, parse_html};
use jiff::civil;

/// How to read inputs that carry no date of their own.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// `--date`: read files as plain text with this date.
    pub date: Option<civil::Date>,
    pub title: Option<String>,
    pub id: Option<String>,
}

/// The command-line options that say how to read inputs (`analyze`, `ingest`).
#[derive(clap::Args)]
pub struct ReadArgs {
    /// The publication date (YYYY-MM-DD) of every input: text files are read as plain text
    /// with no header, pages, feeds and WARC records take it instead of their own.
    #[arg(long)]
    date: Option<String>,
    /// The headline of a plain-text input (metadata only; with --date).
    #[arg(long, requires = "date")]
    title: Option<String>,
    /// The id of a single input.
    #[arg(long)]
    id: Option<String>,
}

impl ReadArgs {
    /// The options, checked against the inputs they apply to.
    pub fn options(self, inputs: &[PathBuf]) -> anyhow::Result<ReadOptions> {
        use anyhow::Context;
        let date = match &self.date {
            Some(d) => Some(
                dateline_engine::article::parse_calendar_date(d)
                    .with_context(|| "--date".to_string())?,
            ),
            None => None,
        };
        if self.id.is_some() && (inputs.len() != 1 || inputs[0].is_dir()) {
            anyhow::bail!("--id names one article: give exactly one file or `-`");
        }
        Ok(ReadOptions {
            date,
            title: self.title,
            id: self.id,
        })
    }
}

/// One article read, or the reason it could not be.
pub struct InputItem {
    /// `path`, `path:line` or `<stdin>:line`.
    pub place: String,
    pub result: Result<Article, String>,
}

#[derive(Debug)]
enum Source {
    Stdin,
    /// A file and the id its article gets.
    File {
        path: PathBuf,
        id: String,
    },
}

/// The articles of a list of inputs, in order.
pub struct Inputs {
    options: ReadOptions,
    sources: VecDeque<Source>,
    jsonl: Option<JsonLines>,
    warc: Option<(String, WarcArticles<Box<dyn BufRead>>)>,
    /// Items read ahead (a feed's items, errors found while listing inputs), reported in
    /// their turn.
    pending: VecDeque<InputItem>,
}

/// What a file holds, by its name (or, for standard input, its first bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    ArticleFile,
    JsonLines,
    Html,
    Feed,
    Warc,
}

impl Kind {
    fn of_path(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let kind = if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Kind::JsonLines
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Kind::Html
        } else if [".rss", ".atom", ".xml"].iter().any(|e| name.ends_with(e)) {
            Kind::Feed
        } else if name.ends_with(".warc") || name.ends_with(".warc.gz") {
            Kind::Warc
        } else if name.ends_with(".txt") {
            Kind::ArticleFile
        } else {
            return None;
        };
        Some(kind)
    }

    /// Standard input's kind, from its first bytes.
    fn sniff(bytes: &[u8]) -> Kind {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let head = &bytes[start..bytes.len().min(start + 512)];
        let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
        if head.starts_with(&[0x1f, 0x8b]) || head.starts_with(b"WARC/") {
            Kind::Warc
        } else if head.starts_with(b"{") {
            Kind::JsonLines
        } else if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") {
            Kind::Feed
        } else if head.starts_with(b"<") {
            Kind::Html
        } else {
            Kind::ArticleFile
        }
    }
}

struct JsonLines {
    name: String,
    reader: Box<dyn BufRead>,
    line_no: usize,
    buffer: Vec<u8>,
}

impl Inputs {
    /// Lists the inputs: `-` is standard input, a directory contributes its article files
    /// (`*.txt`, `*.jsonl`, `*.html`, `*.rss`/`*.atom`/`*.xml`, `*.warc[.gz]`; recursively,
    /// sorted), a file itself.
    pub fn new(paths: &[PathBuf], options: ReadOptions) -> Inputs {
        let mut sources = VecDeque::new();
        let mut pending_errors = VecDeque::new();
        for path in paths {
            if path.as_os_str() == "-" {
                sources.push_back(Source::Stdin);
            } else if path.is_dir() {
                let mut files = Vec::new();
                if let Err(e) = walk(path, &mut files) {
                    pending_errors.push_back(InputItem {
                        place: path.display().to_string(),
                        result: Err(format!("cannot list directory: {e}")),
                    });
                }
                files.sort();
                for file in files {
                    let id = directory_id(path, &file);
                    sources.push_back(Source::File { path: file, id });
                }
            } else {
                let id = options.id.clone().unwrap_or_else(|| file_stem(path));
                sources.push_back(Source::File {
                    path: path.clone(),
                    id,
                });
            }
        }
        Inputs {
            options,
            sources,
            jsonl: None,
            warc: None,
            pending: pending_errors,
        }
    }

    fn next_json_line(&mut self) -> Option<InputItem> {
        let jsonl = self.jsonl.as_mut()?;
        loop {
            jsonl.buffer.clear();
            jsonl.line_no += 1;
            let place = format!("{}:{}", jsonl.name, jsonl.line_no);
            match jsonl.reader.read_until(b'\n', &mut jsonl.buffer) {
                Ok(0) => {
                    self.jsonl = None;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.jsonl = None;
                    return Some(InputItem {
                        place,
                        result: Err(format!("cannot read: {e}")),
                    });
                }
            }
            let line = match std::str::from_utf8(&jsonl.buffer) {
                Ok(line) => line,
                Err(e) => {
                    let reason = format!(
                        "invalid UTF-8 at byte offset {} of the line",
                        e.valid_up_to()
                    );
                    return Some(InputItem {
                        place,
                        result: Err(reason),
                    });
                }
            };
            if line.trim().is_empty() {
                continue;
            }
            let result =
                parse_json_line(line.trim_end_matches(['\n', '\r'])).map_err(|e| e.to_string());
            return Some(InputItem { place, result });
        }
    }

    fn read_source(&mut self, source: Source) -> Option<InputItem> {
        match source {
            Source::Stdin => {
                let mut bytes = Vec::new();
                if let Err(e) = io::stdin().lock().read_to_end(&mut bytes) {
                    return Some(InputItem {
                        place: "<stdin>".to_string(),
                        result: Err(format!("cannot read: {e}")),
                    });
                }
                let id = self
                    .options
                    .id
                    .clone()
                    .unwrap_or_else(|| "stdin".to_string());
                let kind = Kind::sniff(&bytes);
                if kind == Kind::JsonLines && self.options.date.is_none() {
                    self.jsonl = Some(JsonLines {
                        name: "<stdin>".to_string(),
                        reader: Box::new(io::Cursor::new(bytes)),
                        line_no: 0,
                        buffer: Vec::new(),
                    });
                    return self.next_json_line();
                }
                self.read_bytes_of_kind(kind, "<stdin>".to_string(), bytes, &id)
            }
            Source::File { path, id } => {
                let place = path.display().to_string();
                let kind = Kind::of_path(&path).unwrap_or(Kind::ArticleFile);
                match kind {
                    Kind::JsonLines => match File::open(&path) {
                        Ok(file) => {
                            self.jsonl = Some(JsonLines {
                                name: place,
                                reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                                line_no: 0,
                                buffer: Vec::new(),
                            });
                            self.next_json_line()
                        }
                        Err(e) => Some(InputItem {
                            place,
                            result: Err(io_reason(&e)),
                        }),
                    },
                    Kind::Warc => match File::open(&path) {
                        Ok(file) => {
                            let records = WarcRecords::new(file);
                            self.warc =
                                Some((place, WarcArticles::new(records, self.reader_options())));
                            self.next_warc_article()
                        }
                        Err(e) => Some(InputItem {
                            place,
                            result: Err(io_reason(&e)),
                        }),
                    },
                    _ => match std::fs::read(&path) {
                        Ok(bytes) => self.read_bytes_of_kind(kind, place, bytes, &id),
                        Err(e) => Some(InputItem {
                            place,
                            result: Err(io_reason(&e)),
                        }),
                    },
                }
            }
        }
    }

    fn reader_options(&self) -> dateline_readers::ReadOptions {
        dateline_readers::ReadOptions {
            date: self.options.date,
        }
    }

    /// One whole input of a kind read into memory: an article, a page, or a feed's items.
    fn read_bytes_of_kind(
        &mut self,
        kind: Kind,
        place: String,
        bytes: Vec<u8>,
        id: &str,
    ) -> Option<InputItem> {
        match kind {
            Kind::Html => {
                let page = HtmlPage { id, url: None };
                let result =
                    parse_html(&bytes, &page, &self.reader_options()).map_err(|e| e.to_string());
                Some(InputItem { place, result })
            }
            Kind::Feed => match parse_feed(&bytes, &self.reader_options()) {
                Ok(items) => {
                    for (n, item) in items.into_iter().enumerate() {
                        self.pending.push_back(InputItem {
                            place: format!("{place}:item {}", n + 1),
                            result: item.map_err(|e| e.to_string()),
                        });
                    }
                    self.pending.pop_front()
                }
                Err(e) => Some(InputItem {
                    place,
                    result: Err(e.to_string()),
                }),
            },
            Kind::Warc => {
                let records = WarcRecords::new(io::Cursor::new(bytes));
                self.warc = Some((place, WarcArticles::new(records, self.reader_options())));
                self.next_warc_article()
            }
            Kind::ArticleFile | Kind::JsonLines => Some(InputItem {
                place,
                result: self.parse_one(&bytes, id),
            }),
        }
    }

    fn next_warc_article(&mut self) -> Option<InputItem> {
        let (name, articles) = self.warc.as_mut()?;
        match articles.next() {
            Some((number, result)) => Some(InputItem {
                place: format!("{name}:record {number}"),
                result: result.map_err(|e| e.to_string()),
            }),
            None => {
                self.warc = None;
                None
            }
        }
    }

    fn parse_one(&self, bytes: &[u8], id: &str) -> Result<Article, String> {
        match self.options.date {
            Some(date) => {
                let options = PlainTextOptions {
                    date,
                    id,
                    title: self.options.title.as_deref(),
                };
                parse_plain_text(bytes, &options)
            }
            None => parse_article_file(bytes, id),
        }
        .map_err(|e| e.to_string())
    }
}

impl Iterator for Inputs {
    type Item = InputItem;

    fn next(&mut self) -> Option<InputItem> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.warc.is_some() {
                if let Some(item) = self.next_warc_article() {
                    return Some(item);
                }
                continue;
            }
            if self.jsonl.is_some() {
                if let Some(item) = self.next_json_line() {
                    return Some(item);
                }
                continue;
            }
            let source = self.sources.pop_front()?;
            if let Some(item) = self.read_source(source) {
                return Some(item);
            }
        }
    }
}

/// How many articles `paths` hold, for a progress bar: one per text or HTML file, one per
/// non-empty line of a JSON Lines file. None when it cannot be known without parsing
/// (standard input, feeds, WARC files).
pub fn count_articles(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for path in paths {
        if path.as_os_str() == "-" {
            return None;
        }
        let mut files = Vec::new();
        if path.is_dir() {
            walk(path, &mut files).ok()?;
        } else {
            files.push(path.clone());
        }
        for file in files {
            if matches!(Kind::of_path(&file), Some(Kind::Feed | Kind::Warc)) {
                return None;
            }
            total += if is_jsonl(&file) {
                let reader = BufReader::with_capacity(1 << 16, File::open(&file).ok()?);
                reader
                    .split(b'\n')
                    .filter(|line| line.as_ref().is_ok_and(|l| !l.trim_ascii().is_empty()))
                    .count() as u64
            } else {
                1
            };
        }
    }
    Some(total)
}

fn io_reason(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a directory".to_string(),
        _ => format!("cannot read: {error}"),
    }
}

fn is_jsonl(path: &Path) -> bool {
    Kind::of_path(path) == Some(Kind::JsonLines)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if Kind::of_path(&path).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A file's id under a directory: its relative path without the extension, with `/`
/// separators, so `a/x.txt` and `b/x.txt` stay apart.
fn directory_id(dir: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(dir).unwrap_or(file);
    let without_extension = relative.with_extension("");
    without_extension
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_ids_keep_subfolders_apart() {
        let dir = Path::new("/corpus");
        assert_eq!(directory_id(dir, Path::new("/corpus/a/x.txt")), "a/x");
        assert_eq!(directory_id(dir, Path::new("/corpus/b/x.txt")), "b/x");
        assert_eq!(directory_id(dir, Path::new("/corpus/x.txt")), "x");
    }
}
