//! `dateline eval timex`: time expressions scored as TempEval-3 Task A (TIMEX3), exactly as
//! `shared/data/tempeval3/METRIC.md` describes the official toolkit: system spans that inline
//! TimeML cannot hold are dropped; a system timex matches a gold one (relaxed) when they share
//! tokens under the toolkit's TreeTagger-style tokenisation, paired one-to-one greedily in text
//! order; strict means the same extent; type and value are checked on every relaxed pair and
//! reported as F1 = 2T/(S+G). Counts are summed over the corpus (micro-averaged).
//!
//! The system is the engine by default: each gold document's exact text, dated by its DCT.

use super::code_point_offsets;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use dateline_engine::Engine;
use dateline_engine::article::{PlainTextOptions, parse_calendar_date, parse_plain_text};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::EvalFormat;
use crate::bench::thread_cpu_seconds;
use crate::timeml::{self, TimexAnnotation, inline_representable};

/// Where the default gold lives under the shared data folder: TBAQ-cleaned (TimeBank and
/// AQUAINT), the TempEval-3 training set.
const DEFAULT_GOLD: &str = "tempeval3/train";

#[derive(clap::Args)]
pub struct TimexEvalArgs {
    /// Gold data: folders of TimeML files (every `*.tml` below, recursively), single `.tml`
    /// files, or JSON Lines files of `{"doc", "dct", "text", "timexes": [{"start", "end",
    /// "type", "value"}]}` with code-point offsets [default: TBAQ-cleaned,
    /// data/tempeval3/train in the shared data].
    #[arg(value_name = "GOLD")]
    gold: Vec<PathBuf>,
    /// Score this system output instead of running the engine: JSON Lines of `{"doc",
    /// "timexes": [{"start", "end", "type", "value"}]}` with code-point offsets into the gold
    /// text, or TimeML (a `.tml` file or a folder of them) named like the gold documents.
    #[arg(long, value_name = "FILE")]
    system: Option<PathBuf>,
    /// Documents to score: TimeBank or AQUAINT (by folder, or for JSON Lines gold by document
    /// name), or all of them with a row per part.
    #[arg(long, value_enum, default_value = "all")]
    split: Split,
    /// `json` has the shape of shared/data/tempeval3/anchors/scores (fractions, not percent,
    /// and every error).
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// List up to N of each kind of error: misses, spurious timexes, extent differences and
    /// wrong type or value (text format).
    #[arg(long, default_value_t = 0, value_name = "N")]
    show_errors: usize,
    /// Worker threads for the engine (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Print the gold documents as JSON Lines (the shape of anchors/gold_jsonl, with `tid` and
    /// `text` for each timex) instead of scoring.
    #[arg(long, conflicts_with = "system")]
    dump: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    Timebank,
    Aquaint,
    All,
}

/// The two parts of TBAQ-cleaned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Corpus {
    TimeBank,
    Aquaint,
}

impl Corpus {
    fn label(self) -> &'static str {
        match self {
            Corpus::TimeBank => "TimeBank",
            Corpus::Aquaint => "AQUAINT",
        }
    }

    /// The part a TimeML file belongs to, from a folder on its path.
    fn from_path(path: &Path) -> Option<Corpus> {
        path.components().find_map(|c| {
            let name = c.as_os_str().to_str()?;
            if name.eq_ignore_ascii_case("TimeBank") {
                Some(Corpus::TimeBank)
            } else if name.eq_ignore_ascii_case("AQUAINT") {
                Some(Corpus::Aquaint)
            } else {
                None
            }
        })
    }

    /// The part of a TBAQ document from its name alone, for JSON Lines gold. AQUAINT holds the
    /// Xinhua (XIE) wires and APW/NYT wires from July 1998 on; TimeBank's APW and NYT wires
    /// are from January to June 1998, and its other sources (ABC, CNN, wsj, …) are its own.
    fn from_name(name: &str) -> Corpus {
        if name.starts_with("XIE") {
            return Corpus::Aquaint;
        }
        let dated = name
            .strip_prefix("APW")
            .or_else(|| name.strip_prefix("NYT"))
            .and_then(|rest| rest.get(..6))
            .filter(|month| month.bytes().all(|b| b.is_ascii_digit()));
        match dated {
            Some(month) if month >= "199807" => Corpus::Aquaint,
            _ => Corpus::TimeBank,
        }
    }
}

/// One gold document; offsets are code points into `text`.
struct GoldDocument {
    name: String,
    dct: Option<String>,
    text: String,
    chars: Vec<char>,
    timexes: Vec<TimexAnnotation>,
    corpus: Option<Corpus>,
}

pub fn run(args: TimexEvalArgs) -> anyhow::Result<ExitCode> {
    let gold_paths = if !args.gold.is_empty() {
        args.gold.clone()
    } else {
        match crate::shared::shared_dir() {
            Some(dir) => vec![dir.join("data").join(DEFAULT_GOLD)],
            None => bail!(
                "no gold data: give GOLD folders or files, or set DATELINE_SHARED to the folder \
                 that holds data/{DEFAULT_GOLD}"
            ),
        }
    };
    let all_gold = load_gold(&gold_paths)?;
    let gold_names: HashSet<&str> = all_gold.iter().map(|d| d.name.as_str()).collect();
    let gold: Vec<&GoldDocument> = all_gold
        .iter()
        .filter(|d| match args.split {
            Split::All => true,
            Split::Timebank => d.corpus == Some(Corpus::TimeBank),
            Split::Aquaint => d.corpus == Some(Corpus::Aquaint),
        })
        .collect();
    if gold.is_empty() {
        bail!(
            "no gold documents for --split {}: TimeBank and AQUAINT documents are told apart by \
             their folder (TimeBank/, AQUAINT/), or by name in JSON Lines gold",
            split_name(args.split)
        );
    }
    if args.dump {
        dump(&gold)?;
        return Ok(ExitCode::SUCCESS);
    }

    let mut failures = Vec::new();
    let (system_label, system, analysis) = match &args.system {
        Some(path) => {
            let system = load_system(path, &all_gold)?;
            let unknown = system
                .keys()
                .filter(|name| !gold_names.contains(name.as_str()))
                .count();
            if unknown > 0 {
                eprintln!(
                    "dateline: {}: {unknown} document(s) not in the gold data (ignored)",
                    path.display()
                );
            }
            (path.display().to_string(), system, None)
        }
        None => {
            let (system, analysis, failed) = run_engine(&gold, args.jobs)?;
            failures = failed;
            ("the engine".to_string(), system, Some(analysis))
        }
    };
    for failure in &failures {
        eprintln!("dateline: {failure}");
    }

    let scores: Vec<DocumentScore> = gold
        .iter()
        .map(|doc| {
            let output = system.get(&doc.name).cloned().unwrap_or_default();
            score_document(&doc.chars, &doc.timexes, output)
        })
        .collect();
    let total = |keep: &dyn Fn(&GoldDocument) -> bool| -> Row {
        let mut row = Row::default();
        for (doc, score) in gold.iter().zip(&scores) {
            if keep(doc) {
                row.documents += 1;
                row.counts.add(&score.counts);
                row.dropped += score.dropped;
            }
        }
        row
    };
    let overall = total(&|_| true);
    let has = |corpus| gold.iter().any(|d| d.corpus == Some(corpus));
    let by_corpus = args.split == Split::All && has(Corpus::TimeBank) && has(Corpus::Aquaint);
    let mut rows = vec![(
        if by_corpus {
            "TBAQ"
        } else {
            split_label(args.split)
        },
        overall,
    )];
    if by_corpus {
        for corpus in [Corpus::TimeBank, Corpus::Aquaint] {
            rows.push((corpus.label(), total(&|d| d.corpus == Some(corpus))));
        }
    }
    let errors = collect_errors(&gold, &scores);

    match args.format {
        EvalFormat::Json => {
            let report = JsonReport {
                gold: gold_paths.iter().map(|p| p.display().to_string()).collect(),
                system: system_label,
                split: split_name(args.split),
                documents: overall.documents,
                summary: Summary::new(&overall.counts),
                dropped_overlapping_or_empty_system_timexes: overall.dropped,
                splits: rows[1..]
                    .iter()
                    .map(|(label, row)| SplitReport {
                        split: label,
                        documents: row.documents,
                        summary: Summary::new(&row.counts),
                        dropped_overlapping_or_empty_system_timexes: row.dropped,
                    })
                    .collect(),
                analysis,
                errors: errors.iter().map(|e| e.anchor_record(&gold)).collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        EvalFormat::Text => {
            print_text(&gold_paths, &system_label, &rows, analysis.as_ref());
            if args.show_errors > 0 {
                print_errors(&gold, &errors, args.show_errors);
            }
        }
    }
    if !failures.is_empty() {
        eprintln!(
            "dateline: {} document(s) could not be analysed and were scored as empty",
            failures.len()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn split_name(split: Split) -> &'static str {
    match split {
        Split::Timebank => "timebank",
        Split::Aquaint => "aquaint",
        Split::All => "all",
    }
}

fn split_label(split: Split) -> &'static str {
    match split {
        Split::Timebank => "TimeBank",
        Split::Aquaint => "AQUAINT",
        Split::All => "all",
    }
}

// ---------------------------------------------------------------------------------------------
// Reading gold and system files

#[derive(Deserialize)]
struct JsonDocument {
    doc: String,
    #[serde(default)]
    dct: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    timexes: Vec<JsonTimex>,
}

#[derive(Deserialize)]
struct JsonTimex {
    start: usize,
    end: usize,
    #[serde(default, rename = "type")]
    timex_type: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    tid: Option<String>,
    /// The covered text, when the writer gave it: a check on the offsets.
    #[serde(default)]
    text: Option<String>,
}

impl JsonTimex {
    fn annotation(self) -> TimexAnnotation {
        TimexAnnotation {
            start: self.start,
            end: self.end,
            tid: self.tid.unwrap_or_default(),
            timex_type: self.timex_type.unwrap_or_default(),
            value: self.value.unwrap_or_default(),
        }
    }
}

fn load_gold(paths: &[PathBuf]) -> anyhow::Result<Vec<GoldDocument>> {
    let mut documents = Vec::new();
    for path in paths {
        if path.is_dir() || is_tml(path) {
            let files = tml_files(path)?;
            if files.is_empty() {
                bail!("{}: no .tml files", path.display());
            }
            for file in files {
                let tml = read_tml_file(&file)?;
                let chars = tml.text.chars().collect();
                documents.push(GoldDocument {
                    name: document_name(&file),
                    dct: tml.dct,
                    text: tml.text,
                    chars,
                    timexes: tml.timexes,
                    corpus: Corpus::from_path(&file),
                });
            }
        } else {
            documents.extend(read_gold_jsonl(path)?);
        }
    }
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = documents.windows(2).find(|w| w[0].name == w[1].name) {
        bail!("two gold documents are named {}", pair[0].name);
    }
    Ok(documents)
}

fn read_gold_jsonl(path: &Path) -> anyhow::Result<Vec<GoldDocument>> {
    let content = read_utf8(path)?;
    let mut documents = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = || format!("{} line {}", path.display(), n + 1);
        let record: JsonDocument =
            serde_json::from_str(line).with_context(|| format!("{}: gold JSON", place()))?;
        let Some(text) = record.text else {
            bail!("{}: no `text`", place());
        };
        let chars: Vec<char> = text.chars().collect();
        let mut timexes = Vec::with_capacity(record.timexes.len());
        for timex in record.timexes {
            check_extent(&timex, chars.len()).map_err(|e| anyhow::anyhow!("{}: {e}", place()))?;
            // Empty timexes are not counted (METRIC.md, "Which timexes count").
            if timex.end > timex.start {
                timexes.push(timex.annotation());
            }
        }
        documents.push(GoldDocument {
            corpus: Some(Corpus::from_name(&record.doc)),
            name: record.doc,
            dct: record.dct,
            text,
            chars,
            timexes,
        });
    }
    Ok(documents)
}

fn check_extent(timex: &JsonTimex, text_chars: usize) -> Result<(), String> {
    if timex.end > text_chars || timex.start > text_chars {
        return Err(format!(
            "timex {}..{} lies outside the text ({text_chars} characters)",
            timex.start, timex.end
        ));
    }
    Ok(())
}

/// System timexes by document name.
type SystemOutput = HashMap<String, Vec<TimexAnnotation>>;

fn load_system(path: &Path, gold: &[GoldDocument]) -> anyhow::Result<SystemOutput> {
    let by_name: HashMap<&str, &GoldDocument> = gold.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut output = SystemOutput::new();
    if path.is_dir() || is_tml(path) {
        for file in tml_files(path)? {
            let tml = read_tml_file(&file)?;
            let name = document_name(&file);
            if let Some(doc) = by_name.get(name.as_str())
                && doc.text != tml.text
            {
                bail!(
                    "{}: its text differs from the gold text of {name}: a system may only add \
                     TIMEX3 tags",
                    file.display()
                );
            }
            if output.insert(name.clone(), tml.timexes).is_some() {
                bail!("{}: a second system document named {name}", file.display());
            }
        }
        return Ok(output);
    }
    let content = read_utf8(path)?;
    let mut text_mismatches = 0usize;
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = || format!("{} line {}", path.display(), n + 1);
        let record: JsonDocument =
            serde_json::from_str(line).with_context(|| format!("{}: system JSON", place()))?;
        let doc = by_name.get(record.doc.as_str());
        let mut timexes = Vec::with_capacity(record.timexes.len());
        for timex in record.timexes {
            if let Some(doc) = doc {
                check_extent(&timex, doc.chars.len())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", place()))?;
                if let Some(text) = &timex.text
                    && timex.end > timex.start
                    && doc.chars[timex.start..timex.end]
                        .iter()
                        .copied()
                        .ne(text.chars())
                {
                    text_mismatches += 1;
                }
            }
            timexes.push(timex.annotation());
        }
        if output.insert(record.doc.clone(), timexes).is_some() {
            bail!("{}: document {} appears twice", place(), record.doc);
        }
    }
    if text_mismatches > 0 {
        eprintln!(
            "dateline: {}: the `text` of {text_mismatches} timex(es) differs from the gold text \
             at their offsets (offsets must be code points into the gold text)",
            path.display()
        );
    }
    Ok(output)
}

fn is_tml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tml")
}

/// The document name of a TimeML file: its file name less `.tml`.
fn document_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.strip_suffix(".tml")
        .map(str::to_string)
        .unwrap_or(name)
}

/// The `.tml` files of a folder (recursively, sorted), or the file itself.
fn tml_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).with_context(|| folder.display().to_string())?;
        for entry in entries {
            let entry = entry.with_context(|| folder.display().to_string())?;
            let entry_path = entry.path();
            if entry_path.is_dir() {
                folders.push(entry_path);
            } else if is_tml(&entry_path) {
                files.push(entry_path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn read_utf8(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: invalid UTF-8 at byte offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn read_tml_file(path: &Path) -> anyhow::Result<timeml::TimemlDocument> {
    let source = read_utf8(path)?;
    timeml::read(&source).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

#[derive(Serialize)]
struct DumpedDocument<'a> {
    doc: &'a str,
    dct: Option<&'a str>,
    text: &'a str,
    timexes: Vec<DumpedTimex<'a>>,
}

#[derive(Serialize)]
struct DumpedTimex<'a> {
    start: usize,
    end: usize,
    tid: &'a str,
    #[serde(rename = "type")]
    timex_type: &'a str,
    value: &'a str,
    text: String,
}

fn dump(gold: &[&GoldDocument]) -> anyhow::Result<()> {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for doc in gold {
        let line = DumpedDocument {
            doc: &doc.name,
            dct: doc.dct.as_deref(),
            text: &doc.text,
            timexes: doc
                .timexes
                .iter()
                .map(|t| DumpedTimex {
                    start: t.start,
                    end: t.end,
                    tid: &t.tid,
                    timex_type: &t.timex_type,
                    value: &t.value,
                    text: doc.chars[t.start..t.end].iter().collect(),
                })
                .collect(),
        };
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Running the engine

#[derive(Serialize)]
struct AnalysisReport {
    documents: usize,
    characters: usize,
    threads: usize,
    /// CPU seconds inside `Engine::analyze`, summed over the worker threads.
    cpu_seconds: f64,
    wall_seconds: f64,
    documents_per_cpu_second: f64,
    characters_per_cpu_second: f64,
}

const INTERNAL_ERROR: &str = "internal error while analysing (a bug in dateline: please report it)";

/// Runs the engine on every gold document, in parallel. Documents that cannot be analysed
/// (no usable DCT, an engine panic) come back as messages and have no system timexes.
fn run_engine(
    gold: &[&GoldDocument],
    jobs: Option<usize>,
) -> anyhow::Result<(SystemOutput, AnalysisReport, Vec<String>)> {
    let engine = Engine::new().context("compiling the embedded data")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let started = Instant::now();
    let results: Vec<Result<(Vec<TimexAnnotation>, f64), String>> = pool.install(|| {
        gold.par_iter()
            .map(|doc| analyze_document(&engine, doc).map_err(|e| format!("{}: {e}", doc.name)))
            .collect()
    });
    let wall_seconds = started.elapsed().as_secs_f64();
    let mut output = SystemOutput::new();
    let mut failures = Vec::new();
    let mut cpu_seconds = 0.0;
    for (doc, result) in gold.iter().zip(results) {
        match result {
            Ok((timexes, cpu)) => {
                cpu_seconds += cpu;
                output.insert(doc.name.clone(), timexes);
            }
            Err(message) => failures.push(message),
        }
    }
    let characters = gold.iter().map(|d| d.chars.len()).sum();
    let per_cpu_second = |n: usize| n as f64 / cpu_seconds.max(1e-9);
    let analysis = AnalysisReport {
        documents: gold.len() - failures.len(),
        characters,
        threads: pool.current_num_threads(),
        cpu_seconds,
        wall_seconds,
        documents_per_cpu_second: per_cpu_second(gold.len() - failures.len()),
        characters_per_cpu_second: per_cpu_second(characters),
    };
    Ok((output, analysis, failures))
}

/// The engine's timexes on one gold document, in code points, and the CPU time of the analysis.
fn analyze_document(
    engine: &Engine,
    doc: &GoldDocument,
) -> Result<(Vec<TimexAnnotation>, f64), String> {
    let dct = doc.dct.as_deref().ok_or("no DCT to date the document by")?;
    // A DCT may carry a time (`1998-12-05T09:42`); the article date is its calendar date.
    let date = parse_calendar_date(dct.get(..10).unwrap_or(dct))
        .map_err(|e| format!("DCT {dct:?}: {e}"))?;
    let options = PlainTextOptions {
        date,
        id: &doc.name,
        title: None,
    };
    let article = parse_plain_text(doc.text.as_bytes(), &options).map_err(|e| e.to_string())?;
    if article.text != doc.text {
        return Err(
            "the plain-text reader changed the text (a byte-order mark at its start?), so the \
             offsets would not line up"
                .to_string(),
        );
    }
    let started = thread_cpu_seconds();
    let analysed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.analyze(article)));
    let cpu = thread_cpu_seconds() - started;
    let analysed = analysed.map_err(|_| INTERNAL_ERROR.to_string())?;
    let char_at = code_point_offsets(&analysed.text);
    let timexes = analysed
        .timexes
        .iter()
        .map(|t| {
            let offset = |byte: u32| char_at.get(byte as usize).copied().ok_or(INTERNAL_ERROR);
            Ok(TimexAnnotation {
                start: offset(t.span.start)?,
                end: offset(t.span.end)?,
                tid: String::new(),
                timex_type: timeml::timex_type_name(t.timex_type).to_string(),
                value: t.value.clone(),
            })
        })
        .collect::<Result<Vec<_>, &str>>()?;
    Ok((timexes, cpu))
}

// ---------------------------------------------------------------------------------------------
// Tokens, as the TimeML-Normalizer sees the text (METRIC.md, "Tokens")

/// Cut off the front of a word, each as its own token.
const OPENING: &[char] = &[
    '[', '{', '(', '\u{b4}', '`', '"', '\u{bb}', '\u{ab}', '\u{2018}', '\u{2019}', '\u{201c}',
    '\u{201d}',
];
/// Cut off the end of a word, each as its own token.
const CLOSING: &[char] = &[
    ']', '}', '\'', '`', '"', ')', ',', ';', ':', '!', '?', '%', '\u{bb}', '\u{ab}', '\u{2018}',
    '\u{2019}', '\u{201c}', '\u{201d}',
];
/// Words whose final period stays (the tokenizer's English abbreviation list).
const ABBREVIATIONS: &[&str] = &[
    "Adm.", "Ala.", "Ariz.", "Ark.", "Aug.", "Ave.", "Bros.", "Calif.", "Capt.", "Co.", "Col.",
    "Colo.", "Conn.", "Corp.", "Cos.", "Dec.", "Del.", "Dept.", "Dr.", "Drs.", "Feb.", "Fla.",
    "Ft.", "Ga.", "Gen.", "Gov.", "Hon.", "Ill.", "Inc.", "Ind.", "Jan.", "Jr.", "Kan.", "Ky.",
    "La.", "Lt.", "Ltd.", "Maj.", "Mass.", "Md.", "Messrs.", "Mich.", "Minn.", "Miss.", "Mo.",
    "Mr.", "Mrs.", "Ms.", "Neb.", "Nev.", "No.", "Nos.", "Nov.", "Oct.", "Okla.", "Ore.", "Pa.",
    "Prof.", "Rep.", "Reps.", "Rev.", "Sen.", "Sens.", "Sept.", "Sgt.", "Sr.", "St.", "Tenn.",
    "Tex.", "Va.", "Vt.", "Wash.", "Wis.", "Wyo.", "etc.", "vs.", "v.",
];
/// English clitics split off a word's end (compared without case).
const CLITICS: &[&str] = &["'s", "'re", "'ve", "'d", "'m", "'em", "'ll", "n't"];

/// White space as the reference tokenizer (a Python `\s`) sees it: Rust's, plus the ASCII
/// information separators.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// ASCII and Latin-1 letters (the range includes × and ÷, as the reference does).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{ff}').contains(&c)
}

fn is_latin_capital(c: char) -> bool {
    c.is_ascii_uppercase() || ('\u{c0}'..='\u{dd}').contains(&c)
}

fn is_abbreviation(word: &[char]) -> bool {
    word.len() <= 7 && {
        let word: String = word.iter().collect();
        ABBREVIATIONS.contains(&word.as_str())
    }
}

/// `U.S.`, `e.g.`: letters each followed by a period.
fn is_initialism(word: &[char]) -> bool {
    !word.is_empty()
        && word.len().is_multiple_of(2)
        && word
            .chunks(2)
            .all(|pair| is_latin_letter(pair[0]) && pair[1] == '.')
}

/// Where a clitic starts at the end of `word`, when something precedes it.
fn clitic_start(word: &[char]) -> Option<usize> {
    let same = |c: char, lower: char| c.to_ascii_lowercase() == lower || (lower == 's' && c == 'ſ');
    CLITICS.iter().find_map(|clitic| {
        let clitic: Vec<char> = clitic.chars().collect();
        let start = word.len().checked_sub(clitic.len())?;
        (start > 0 && word[start..].iter().zip(&clitic).all(|(&c, &l)| same(c, l))).then_some(start)
    })
}

/// Tokens of the text as half-open code-point ranges, in order.
fn tokenize(text: &[char]) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if is_space(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && !is_space(text[i]) {
            i += 1;
        }
        let word = &text[start..i];
        let mut cuts = presplit_cuts(word);
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            split_piece(&word[pair[0]..pair[1]], start + pair[0], &mut tokens);
        }
    }
    tokens
}

/// Offsets inside a white-space-free word where the tokenizer breaks it before anything else:
/// around `...`, after `; ! ? /` followed by a character, after a comma not followed by a digit
/// or a period, and around two letters and a `.`/`:` followed by a capital (`end.The`).
fn presplit_cuts(word: &[char]) -> Vec<usize> {
    let n = word.len();
    let mut cuts = vec![0, n];
    let mut cut = |a: usize, b: usize| {
        cuts.push(a);
        cuts.push(b);
    };
    let mut i = 0;
    while i + 3 <= n {
        if word[i..i + 3] == ['.', '.', '.'] {
            cut(i, i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    for i in 0..n.saturating_sub(1) {
        let next = word[i + 1];
        match word[i] {
            ';' | '!' | '?' | '/' => cut(i, i + 1),
            ',' if !(next.is_ascii_digit() || next == '.') => cut(i, i + 1),
            _ => {}
        }
    }
    let mut i = 0;
    while i + 4 <= n {
        if is_latin_letter(word[i])
            && is_latin_letter(word[i + 1])
            && matches!(word[i + 2], '.' | ':')
            && is_latin_capital(word[i + 3])
        {
            cut(i, i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    cuts
}

/// Tokens of one piece of a word starting at `offset`: opening and closing punctuation, a final
/// period (not of an abbreviation), clitics, then a single inner hyphen split off.
fn split_piece(piece: &[char], offset: usize, tokens: &mut Vec<(usize, usize)>) {
    let (mut a, mut b) = (0, piece.len());
    let mut before = Vec::new();
    // Collected right to left.
    let mut after = Vec::new();
    while b - a > 1 && !is_abbreviation(&piece[a..b]) {
        if OPENING.contains(&piece[a]) {
            before.push((offset + a, offset + a + 1));
            a += 1;
        } else if CLOSING.contains(&piece[b - 1])
            || (piece[b - 1] == '.' && CLOSING.contains(&piece[b - 2]))
        {
            after.push((offset + b - 1, offset + b));
            b -= 1;
        } else {
            break;
        }
    }
    let core = &piece[a..b];
    if !core.is_empty() && !is_abbreviation(core) && !is_initialism(core) {
        if core.len() > 1 && core.last() == Some(&'.') && core != ['.', '.', '.'] {
            after.push((offset + b - 1, offset + b));
            b -= 1;
        }
        if !is_abbreviation(&piece[a..b]) {
            while let Some(k) = clitic_start(&piece[a..b]) {
                after.push((offset + a + k, offset + b));
                b = a + k;
            }
        }
    }
    tokens.extend(before);
    if b > a {
        let core = &piece[a..b];
        let hyphens: Vec<usize> = (0..core.len()).filter(|&i| core[i] == '-').collect();
        match hyphens[..] {
            [h] if h > 0 && h + 1 < core.len() => {
                let h = offset + a + h;
                tokens.extend([(offset + a, h), (h, h + 1), (h + 1, offset + b)]);
            }
            _ => tokens.push((offset + a, offset + b)),
        }
    }
    tokens.extend(after.into_iter().rev());
}

/// The tokens a timex occupies, as a half-open index range: the token it opens in, and each
/// later token whose last character it reaches. None when it covers no token.
fn occupied_tokens(start: usize, end: usize, tokens: &[(usize, usize)]) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|&(_, e)| e <= start);
    if first >= tokens.len() || tokens[first].0 >= end {
        return None;
    }
    let past = tokens.partition_point(|&(_, e)| e <= end);
    Some((first, past.max(first + 1)))
}

/// One-to-one pairs (gold index, system index), as the TimeML-Normalizer makes them: walking the
/// timexes by the token they start at (gold first on ties), each unpaired timex pairs with the
/// first unpaired timex of the other side that is open at that token.
fn pair_timexes(
    gold: &[Option<(usize, usize)>],
    system: &[Option<(usize, usize)>],
) -> Vec<(usize, usize)> {
    let sides = [gold, system];
    let mut starts: Vec<(usize, usize, usize)> = sides
        .iter()
        .enumerate()
        .flat_map(|(side, ranges)| {
            ranges
                .iter()
                .enumerate()
                .filter_map(move |(k, range)| range.map(|(first, _)| (first, side, k)))
        })
        .collect();
    starts.sort_unstable();
    let mut paired = [vec![false; gold.len()], vec![false; system.len()]];
    let mut pairs = Vec::new();
    for (token, side, k) in starts {
        if paired[side][k] {
            continue;
        }
        let other = 1 - side;
        let partner = sides[other].iter().enumerate().position(|(k2, range)| {
            !paired[other][k2] && range.is_some_and(|(first, past)| first <= token && token < past)
        });
        if let Some(k2) = partner {
            paired[side][k] = true;
            paired[other][k2] = true;
            pairs.push(if side == 0 { (k, k2) } else { (k2, k) });
        }
    }
    pairs
}

// ---------------------------------------------------------------------------------------------
// Scoring

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
struct Counts {
    gold: usize,
    sys: usize,
    relaxed: usize,
    strict: usize,
    #[serde(rename = "type")]
    type_ok: usize,
    #[serde(rename = "value")]
    value_ok: usize,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.gold += other.gold;
        self.sys += other.sys;
        self.relaxed += other.relaxed;
        self.strict += other.strict;
        self.type_ok += other.type_ok;
        self.value_ok += other.value_ok;
    }
}

struct DocumentScore {
    counts: Counts,
    /// System timexes dropped as empty or overlapping.
    dropped: usize,
    /// The system timexes scored, by start (the longer first).
    system: Vec<TimexAnnotation>,
    /// (gold index, system index), in the order they were paired.
    pairs: Vec<(usize, usize)>,
}

fn score_document(
    text: &[char],
    gold: &[TimexAnnotation],
    system: Vec<TimexAnnotation>,
) -> DocumentScore {
    let extents: Vec<(usize, usize)> = system.iter().map(|t| (t.start, t.end)).collect();
    let kept = inline_representable(&extents);
    let dropped = system.len() - kept.len();
    let system: Vec<TimexAnnotation> = kept.into_iter().map(|i| system[i].clone()).collect();
    let tokens = if gold.is_empty() || system.is_empty() {
        Vec::new()
    } else {
        tokenize(text)
    };
    let ranges = |timexes: &[TimexAnnotation]| -> Vec<Option<(usize, usize)>> {
        timexes
            .iter()
            .map(|t| occupied_tokens(t.start, t.end, &tokens))
            .collect()
    };
    let pairs = pair_timexes(&ranges(gold), &ranges(&system));
    let mut counts = Counts {
        gold: gold.len(),
        sys: system.len(),
        relaxed: pairs.len(),
        ..Counts::default()
    };
    for &(g, s) in &pairs {
        let (g, s) = (&gold[g], &system[s]);
        counts.strict += usize::from(g.start == s.start && g.end == s.end);
        counts.type_ok += usize::from(g.timex_type == s.timex_type);
        counts.value_ok += usize::from(g.value == s.value);
    }
    DocumentScore {
        counts,
        dropped,
        system,
        pairs,
    }
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
struct Prf {
    #[serde(rename = "P")]
    precision: f64,
    #[serde(rename = "R")]
    recall: f64,
    #[serde(rename = "F1")]
    f1: f64,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
struct AttributeScore {
    /// Right attributes over relaxed pairs.
    accuracy: f64,
    #[serde(rename = "P")]
    precision: f64,
    #[serde(rename = "R")]
    recall: f64,
    #[serde(rename = "F1")]
    f1: f64,
}

/// Scores as fractions, computed in the reference's order of operations so that every digit
/// agrees.
#[derive(Clone, Copy, Debug, Serialize)]
struct Summary {
    counts: Counts,
    strict: Prf,
    relaxed: Prf,
    #[serde(rename = "type")]
    timex_type: AttributeScore,
    value: AttributeScore,
}

impl Summary {
    fn new(counts: &Counts) -> Summary {
        // Nothing to find and nothing found is a perfect score (METRIC.md).
        let perfect = counts.sys == 0 && counts.gold == 0;
        let ratio = |num: usize, den: usize| {
            if perfect {
                1.0
            } else if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            }
        };
        let prf = |num: usize| {
            let (p, r) = (ratio(num, counts.sys), ratio(num, counts.gold));
            let f1 = if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            };
            Prf {
                precision: p,
                recall: r,
                f1,
            }
        };
        let relaxed = prf(counts.relaxed);
        let attribute = |right: usize| {
            let accuracy = ratio(right, counts.relaxed);
            AttributeScore {
                accuracy,
                precision: accuracy * relaxed.precision,
                recall: accuracy * relaxed.recall,
                f1: accuracy * relaxed.f1,
            }
        };
        Summary {
            counts: *counts,
            strict: prf(counts.strict),
            relaxed,
            timex_type: attribute(counts.type_ok),
            value: attribute(counts.value_ok),
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Row {
    documents: usize,
    counts: Counts,
    dropped: usize,
}

// ---------------------------------------------------------------------------------------------
// Errors

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// A gold timex no system timex pairs with.
    Missed,
    /// A system timex no gold timex pairs with.
    Spurious,
    /// A pair whose extent, type or value differs.
    Mismatch,
}

struct TimexError {
    doc: usize,
    kind: ErrorKind,
    gold: Option<TimexAnnotation>,
    system: Option<TimexAnnotation>,
}

/// The reference's error list: per document, pairs that differ, then misses, then spurious
/// timexes.
fn collect_errors(gold: &[&GoldDocument], scores: &[DocumentScore]) -> Vec<TimexError> {
    let mut errors = Vec::new();
    for (d, (doc, score)) in gold.iter().zip(scores).enumerate() {
        let mut paired_gold = vec![false; doc.timexes.len()];
        let mut paired_system = vec![false; score.system.len()];
        for &(g, s) in &score.pairs {
            paired_gold[g] = true;
            paired_system[s] = true;
            let (gt, st) = (&doc.timexes[g], &score.system[s]);
            if (gt.start, gt.end) != (st.start, st.end)
                || gt.timex_type != st.timex_type
                || gt.value != st.value
            {
                errors.push(TimexError {
                    doc: d,
                    kind: ErrorKind::Mismatch,
                    gold: Some(gt.clone()),
                    system: Some(st.clone()),
                });
            }
        }
        for (g, timex) in doc.timexes.iter().enumerate() {
            if !paired_gold[g] {
                errors.push(TimexError {
                    doc: d,
                    kind: ErrorKind::Missed,
                    gold: Some(timex.clone()),
                    system: None,
                });
            }
        }
        for (s, timex) in score.system.iter().enumerate() {
            if !paired_system[s] {
                errors.push(TimexError {
                    doc: d,
                    kind: ErrorKind::Spurious,
                    gold: None,
                    system: Some(timex.clone()),
                });
            }
        }
    }
    errors
}

/// An error as the anchor score files list it: `[text, type, value]` for each side.
#[derive(Serialize)]
struct AnchorError {
    doc: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    gold: Option<[String; 3]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sys: Option<[String; 3]>,
}

impl TimexError {
    fn anchor_record(&self, gold: &[&GoldDocument]) -> AnchorError {
        let doc = gold[self.doc];
        let side = |t: &Option<TimexAnnotation>| {
            t.as_ref().map(|t| {
                [
                    doc.chars[t.start..t.end].iter().collect(),
                    t.timex_type.clone(),
                    t.value.clone(),
                ]
            })
        };
        AnchorError {
            doc: doc.name.clone(),
            kind: match self.kind {
                ErrorKind::Missed => "missed",
                ErrorKind::Spurious => "spurious",
                ErrorKind::Mismatch => "mismatch",
            },
            gold: side(&self.gold),
            sys: side(&self.system),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output

#[derive(Serialize)]
struct JsonReport<'a> {
    gold: Vec<String>,
    system: String,
    split: &'static str,
    documents: usize,
    #[serde(flatten)]
    summary: Summary,
    dropped_overlapping_or_empty_system_timexes: usize,
    /// TimeBank and AQUAINT on their own, when the gold holds both.
    splits: Vec<SplitReport<'a>>,
    /// The engine's run; null for an external system.
    analysis: Option<AnalysisReport>,
    errors: Vec<AnchorError>,
}

#[derive(Serialize)]
struct SplitReport<'a> {
    split: &'a str,
    documents: usize,
    #[serde(flatten)]
    summary: Summary,
    dropped_overlapping_or_empty_system_timexes: usize,
}

fn percent(x: f64) -> String {
    format!("{:.2}", 100.0 * x)
}

fn print_text(
    gold_paths: &[PathBuf],
    system: &str,
    rows: &[(&str, Row)],
    analysis: Option<&AnalysisReport>,
) {
    let gold: Vec<String> = gold_paths.iter().map(|p| p.display().to_string()).collect();
    println!(
        "TempEval-3 Task A (TIMEX3): {} against {}",
        system,
        gold.join(", ")
    );
    // Two header lines: the measure over its three columns, then the columns.
    println!(
        "{:<9} {:>5}  {:^20}  {:^20}  {:>6}  {:>6}",
        "", "", "strict", "relaxed", "type", "value"
    );
    println!(
        "{:<9} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6}  {:>6}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "", "docs", "P", "R", "F1", "P", "R", "F1", "F1", "F1", "S", "G", "M", "Ms", "T", "V"
    );
    for (label, row) in rows {
        let s = Summary::new(&row.counts);
        let c = &row.counts;
        println!(
            "{:<9} {:>5}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6}  {:>6}  {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            label,
            row.documents,
            percent(s.strict.precision),
            percent(s.strict.recall),
            percent(s.strict.f1),
            percent(s.relaxed.precision),
            percent(s.relaxed.recall),
            percent(s.relaxed.f1),
            percent(s.timex_type.f1),
            percent(s.value.f1),
            c.sys,
            c.gold,
            c.relaxed,
            c.strict,
            c.type_ok,
            c.value_ok
        );
    }
    println!(
        "  S system and G gold timexes; M relaxed pairs (shared tokens, one-to-one), Ms strict \
         pairs (same extent);\n  T and V pairs with the right type and value; type and value \
         F1 = 2T/(S+G) and 2V/(S+G)."
    );
    let dropped = rows.first().map_or(0, |(_, row)| row.dropped);
    if dropped > 0 {
        println!("  {dropped} empty or overlapping system timex(es) dropped before scoring.");
    }
    if let Some(a) = analysis {
        println!(
            "  engine: {} documents, {} characters in {:.3} CPU-s: {:.0} documents and {:.0} \
             characters per CPU-second ({} threads, {:.3} s wall)",
            a.documents,
            a.characters,
            a.cpu_seconds,
            a.documents_per_cpu_second,
            a.characters_per_cpu_second,
            a.threads,
            a.wall_seconds
        );
    }
}

/// Up to `limit` errors of each kind, grouped for error analysis.
fn print_errors(gold: &[&GoldDocument], errors: &[TimexError], limit: usize) {
    let quoted = |doc: &GoldDocument, t: &TimexAnnotation| -> String {
        let text: String = doc.chars[t.start..t.end]
            .iter()
            .map(|&c| if is_space(c) { ' ' } else { c })
            .collect();
        format!("{text:?}")
    };
    let context = |doc: &GoldDocument, t: &TimexAnnotation| -> String {
        let clean = |chars: &[char]| -> String {
            chars
                .iter()
                .map(|&c| if is_space(c) { ' ' } else { c })
                .collect()
        };
        let from = t.start.saturating_sub(30);
        let to = (t.end + 30).min(doc.chars.len());
        format!(
            "…{}[{}]{}…",
            clean(&doc.chars[from..t.start]),
            clean(&doc.chars[t.start..t.end]),
            clean(&doc.chars[t.end..to])
        )
    };
    let attributes = |t: &TimexAnnotation| format!("{} {}", t.timex_type, t.value);
    type Group<'a> = (&'a str, Box<dyn Fn(&TimexError) -> bool>);
    let extent_differs = |e: &TimexError| match (&e.gold, &e.system) {
        (Some(g), Some(s)) => (g.start, g.end) != (s.start, s.end),
        _ => false,
    };
    let attribute_wrong = |e: &TimexError| match (&e.gold, &e.system) {
        (Some(g), Some(s)) => g.timex_type != s.timex_type || g.value != s.value,
        _ => false,
    };
    let groups: [Group; 4] = [
        (
            "missed (gold timexes no system timex shares a token with)",
            Box::new(|e: &TimexError| e.kind == ErrorKind::Missed),
        ),
        (
            "spurious (system timexes no gold timex shares a token with)",
            Box::new(|e: &TimexError| e.kind == ErrorKind::Spurious),
        ),
        (
            "extent differs (relaxed but not strict pairs)",
            Box::new(extent_differs),
        ),
        (
            "type or value wrong (relaxed pairs)",
            Box::new(attribute_wrong),
        ),
    ];
    for (title, belongs) in &groups {
        let members: Vec<&TimexError> = errors.iter().filter(|e| belongs(e)).collect();
        println!(
            "\n{title}: {}{}",
            members.len(),
            if members.len() > limit {
                format!(", the first {limit}")
            } else {
                String::new()
            }
        );
        for error in members.into_iter().take(limit) {
            let doc = gold[error.doc];
            match (&error.gold, &error.system) {
                (Some(g), None) => println!(
                    "  {}  {}  gold {}  {}",
                    doc.name,
                    quoted(doc, g),
                    attributes(g),
                    context(doc, g)
                ),
                (None, Some(s)) => println!(
                    "  {}  {}  system {}  {}",
                    doc.name,
                    quoted(doc, s),
                    attributes(s),
                    context(doc, s)
                ),
                (Some(g), Some(s)) => println!(
                    "  {}  gold {} {}  system {} {}  (DCT {})",
                    doc.name,
                    quoted(doc, g),
                    attributes(g),
                    quoted(doc, s),
                    attributes(s),
                    doc.dct.as_deref().unwrap_or("none")
                ),
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn token_texts(text: &str) -> Vec<String> {
        let text = chars(text);
        tokenize(&text)
            .into_iter()
            .map(|(a, b)| text[a..b].iter().collect())
            .collect()
    }

    /// A timex over the first occurrence of `needle` (after `skip` characters).
    fn timex_at(text: &str, needle: &str, skip: usize, value: &str) -> TimexAnnotation {
        let text = chars(text);
        let needle = chars(needle);
        let start = (skip..=text.len() - needle.len())
            .find(|&i| text[i..i + needle.len()] == needle[..])
            .expect("the needle is in the text");
        TimexAnnotation {
            start,
            end: start + needle.len(),
            tid: String::new(),
            timex_type: "DATE".to_string(),
            value: value.to_string(),
        }
    }

    fn score(text: &str, gold: &[&str], system: &[&str]) -> Counts {
        let annotate = |needles: &[&str]| {
            let mut from = 0;
            needles
                .iter()
                .map(|n| {
                    let t = timex_at(text, n, from, n);
                    from = t.end;
                    t
                })
                .collect::<Vec<_>>()
        };
        score_document(&chars(text), &annotate(gold), annotate(system)).counts
    }

    #[test]
    fn tokens_split_punctuation_clitics_periods_and_single_hyphens() {
        assert_eq!(
            token_texts("\"It's mid-2012,\" Mr. Smith said (in the U.S.)."),
            [
                "\"", "It", "'s", "mid", "-", "2012", ",", "\"", "Mr.", "Smith", "said", "(", "in",
                "the", "U.S.", ")", "."
            ]
        );
        assert_eq!(
            token_texts("an 8-month-old at 3:07:35, 1,300 don't... end.The"),
            [
                "an",
                "8-month-old",
                "at",
                "3:07:35",
                ",",
                "1,300",
                "do",
                "n't",
                "...",
                "e",
                "nd",
                ".",
                "The"
            ]
        );
        assert_eq!(
            token_texts("a/b;c - x--y -z"),
            ["a", "/", "b", ";", "c", "-", "x--y", "-z"]
        );
    }

    #[test]
    fn a_span_closing_inside_a_token_does_not_reach_it() {
        let text = "It was in 3:07:35 today.";
        let counts = score(text, &["3:07:35"], &["in 3"]);
        assert_eq!((counts.relaxed, counts.strict), (0, 0));
    }

    #[test]
    fn a_span_opening_inside_a_token_occupies_it() {
        let text = "At 3:07:35 yesterday it ended.";
        let counts = score(text, &["3:07:35"], &["07:35 yesterday"]);
        assert_eq!((counts.relaxed, counts.strict), (1, 0));
    }

    #[test]
    fn a_hyphen_split_token_matches_its_part() {
        let text = "Growth returns by mid-2012, they said.";
        let counts = score(text, &["mid-2012"], &["2012"]);
        assert_eq!((counts.relaxed, counts.strict), (1, 0));
    }

    #[test]
    fn one_system_span_over_two_gold_spans_pairs_once() {
        let text = "Prices rose in 2009-2010 again.";
        let counts = score(text, &["2009", "2010"], &["2009-2010"]);
        assert_eq!((counts.gold, counts.sys, counts.relaxed), (2, 1, 1));
    }

    #[test]
    fn one_gold_span_over_two_system_spans_pairs_once() {
        let text = "They meet Sunday night at 8 PM in Paris.";
        let counts = score(text, &["Sunday night at 8 PM"], &["Sunday", "8 PM"]);
        assert_eq!((counts.gold, counts.sys, counts.relaxed), (1, 2, 1));
    }

    #[test]
    fn adjacent_spans_do_not_match() {
        let text = "It was early December then.";
        let counts = score(text, &["early"], &["December"]);
        assert_eq!(counts.relaxed, 0);
        let counts = score(text, &["December"], &["early"]);
        assert_eq!(counts.relaxed, 0);
    }

    #[test]
    fn attributes_count_on_every_relaxed_pair() {
        let text = "He left last week and came back on Friday.";
        let gold = [
            timex_at(text, "last week", 0, "1998-W01"),
            timex_at(text, "Friday", 0, "1998-01-09"),
        ];
        let mut system = [
            timex_at(text, "week", 0, "1998-W01"),
            timex_at(text, "Friday", 0, "1998-01-02"),
        ];
        system[1].timex_type = "TIME".to_string();
        let counts = score_document(&chars(text), &gold, system.to_vec()).counts;
        assert_eq!(
            counts,
            Counts {
                gold: 2,
                sys: 2,
                relaxed: 2,
                strict: 1,
                type_ok: 1,
                value_ok: 1
            }
        );
        let summary = Summary::new(&counts);
        // Attribute F1 = 2T/(S+G).
        assert!((summary.timex_type.f1 - 2.0 * 1.0 / 4.0).abs() < 1e-12);
        assert!((summary.strict.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn overlapping_and_empty_system_spans_are_dropped() {
        let text = "On Monday morning they met.";
        let gold = [timex_at(text, "Monday morning", 0, "x")];
        let mut empty = timex_at(text, "they", 0, "x");
        empty.end = empty.start;
        let system = vec![
            timex_at(text, "morning", 0, "x"),
            timex_at(text, "Monday morning", 0, "x"),
            empty,
        ];
        let score = score_document(&chars(text), &gold, system);
        assert_eq!(score.dropped, 2);
        assert_eq!((score.counts.sys, score.counts.strict), (1, 1));
    }

    #[test]
    fn nothing_to_find_and_nothing_found_is_perfect() {
        let summary = Summary::new(&Counts::default());
        assert_eq!(
            (summary.strict.f1, summary.relaxed.f1, summary.value.f1),
            (1.0, 1.0, 1.0)
        );
        let summary = Summary::new(&Counts {
            sys: 3,
            ..Counts::default()
        });
        assert_eq!((summary.relaxed.precision, summary.relaxed.f1), (0.0, 0.0));
    }

    #[test]
    fn byte_offsets_become_code_points() {
        let text = "Genève, 3 мая 2014";
        let char_at = code_point_offsets(text);
        let chars: Vec<char> = text.chars().collect();
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let prefix: String = chars[..char_at[byte]].iter().collect();
            assert_eq!(prefix, &text[..byte]);
        }
    }

    #[test]
    fn aquaint_documents_are_told_apart_by_name() {
        for (name, corpus) in [
            ("XIE19980808.0049", Corpus::Aquaint),
            ("APW19980807.0261", Corpus::Aquaint),
            ("NYT20000601.0442", Corpus::Aquaint),
            ("APW19980626.0364", Corpus::TimeBank),
            ("NYT19980206.0460", Corpus::TimeBank),
            ("wsj_0006", Corpus::TimeBank),
            ("ABC19980108.1830.0711", Corpus::TimeBank),
        ] {
            assert_eq!(Corpus::from_name(name), corpus, "{name}");
        }
    }
}
