//! The archive's queries: `search`, `events`, `timeline`, `quotes`, `flags`, `stats` and
//! `export`. Each prints text by default and takes `--format json|jsonl|csv`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::ValueEnum;
use dateline_archive::{
    Archive, ArchiveError, CountRow, EventFilters, EventHit, FlagHit, GDELT_COLUMNS, Period,
    QuoteHit, SearchFilters, SearchHit, TimelineEntry,
};
use dateline_engine::article::parse_calendar_date;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Readable lines.
    Text,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// Options every query takes.
#[derive(clap::Args)]
pub struct Common {
    /// The archive.
    #[arg(long)]
    db: PathBuf,
    /// Output format.
    #[arg(long, short, default_value = "text")]
    format: QueryFormat,
    /// From this date on (YYYY-MM-DD, inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Up to this date (YYYY-MM-DD, inclusive).
    #[arg(long)]
    to: Option<String>,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    #[command(flatten)]
    common: Common,
    /// Words, "phrases" and FTS5 operators (AND, OR, NOT, NEAR, prefix*); none lists the
    /// filtered articles, newest first.
    query: Vec<String>,
    /// Articles that mention this actor (a name, part of one, a knowledge-base id or a code).
    #[arg(long)]
    actor: Option<String>,
    /// Articles that mention an actor of this country (ISO 3166 alpha-3, e.g. PRK).
    #[arg(long)]
    country: Option<String>,
    /// Articles with an event of this PLOVER type (ACCUSE) or CAMEO code prefix (112).
    #[arg(long)]
    event_type: Option<String>,
    /// Articles with a flag; with a value, of that code or family (office, time.tense).
    #[arg(long, num_args = 0..=1, default_missing_value = "")]
    flag: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    common: Common,
    /// Events with this actor as source or target.
    #[arg(long)]
    actor: Option<String>,
    /// Events with this actor as source.
    #[arg(long)]
    source: Option<String>,
    /// Events with this actor as target.
    #[arg(long)]
    target: Option<String>,
    /// Events with a source or target of this country (ISO 3166 alpha-3).
    #[arg(long)]
    country: Option<String>,
    /// A PLOVER type (ACCUSE) or a CAMEO code prefix (11, 112).
    #[arg(long)]
    event_type: Option<String>,
    /// Count events per period instead of listing them.
    #[arg(long)]
    count_by: Option<PeriodArg>,
    /// Count events per dyad (source, type, target); with --count-by, per period and dyad.
    #[arg(long)]
    dyads: bool,
    #[arg(long, default_value_t = 100)]
    limit: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    common: Common,
    /// The actor to follow.
    #[arg(long)]
    actor: String,
    #[arg(long, default_value_t = 200)]
    limit: usize,
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    common: Common,
    /// Quotes by this speaker: an actor, or words of the speaker as written ("official").
    #[arg(long)]
    speaker: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

#[derive(clap::Args)]
pub struct FlagsArgs {
    #[command(flatten)]
    common: Common,
    /// A flag code or family (office.anachronism, office, time).
    #[arg(long)]
    code: Option<String>,
    /// The lowest severity to show: info, warning or error.
    #[arg(long)]
    severity: Option<String>,
    #[arg(long, default_value_t = 100)]
    limit: usize,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    /// The archive.
    #[arg(long)]
    db: PathBuf,
    /// Output format (text or json).
    #[arg(long, short, default_value = "text")]
    format: QueryFormat,
    /// Also run SQLite's integrity check (reads the whole file); exit 1 if it fails.
    #[arg(long)]
    check: bool,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// The archive.
    #[arg(long)]
    db: PathBuf,
    /// jsonl: every stored record; gdelt: events as GDELT 2.0 event-table TSV; parquet: one
    /// dataset per layer under --out DIR, partitioned by month (DIR/events/month=YYYY-MM/).
    #[arg(long, short)]
    format: ExportFormat,
    /// Write here instead of standard output (a directory for parquet).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Only this month (YYYY-MM): of the articles' dates for jsonl, of the events' own dates
    /// for gdelt (GDELT files are cut by event day).
    #[arg(long)]
    month: Option<String>,
    /// gdelt: start with a header row of GDELT's column names (GDELT's own files have none).
    #[arg(long)]
    header: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Gdelt,
    Parquet,
}

fn open(db: &std::path::Path) -> anyhow::Result<Archive> {
    Archive::open_existing(db).map_err(|e| match e {
        ArchiveError::Missing(_) => anyhow::anyhow!(e),
        e => anyhow::anyhow!(e).context(format!("opening {}", db.display())),
    })
}

fn check_date(flag: &str, value: &Option<String>) -> anyhow::Result<()> {
    if let Some(v) = value {
        parse_calendar_date(v).with_context(|| format!("{flag} {v}"))?;
    }
    Ok(())
}

impl Common {
    fn dates(&self) -> anyhow::Result<(Option<String>, Option<String>)> {
        check_date("--from", &self.from)?;
        check_date("--to", &self.to)?;
        Ok((self.from.clone(), self.to.clone()))
    }
}

/// A row every format can print.
trait Tabular: Serialize {
    const HEADER: &'static [&'static str];
    fn cells(&self) -> Vec<String>;
    fn line(&self) -> String;
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

impl Tabular for SearchHit {
    const HEADER: &'static [&'static str] = &["id", "date", "title", "snippet", "score"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.date.clone(),
            opt(&self.title),
            self.snippet.clone(),
            format!("{:.3}", self.score),
        ]
    }
    fn line(&self) -> String {
        format!(
            "{}  {}  {}\n    {}",
            self.date,
            self.id,
            self.title.as_deref().unwrap_or("(no headline)"),
            one_line(&self.snippet)
        )
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn party(p: Option<&dateline_archive::Party>) -> String {
    match p {
        Some(p) => match (&p.name, &p.country) {
            (Some(name), _) => name.clone(),
            (None, Some(country)) => format!("{} ({country})", p.text),
            (None, None) => p.text.clone(),
        },
        None => "-".to_string(),
    }
}

impl Tabular for EventHit {
    const HEADER: &'static [&'static str] = &[
        "day",
        "date",
        "type",
        "mode",
        "cameo",
        "goldstein",
        "source",
        "source_actor",
        "source_country",
        "target",
        "target_actor",
        "target_country",
        "place",
        "article",
        "article_date",
        "sentence",
    ];
    fn cells(&self) -> Vec<String> {
        let t = self.target.as_ref();
        vec![
            self.day.clone(),
            self.date.clone(),
            self.event_type.clone(),
            opt(&self.mode),
            self.cameo.clone(),
            format!("{:.1}", self.goldstein),
            self.source.text.clone(),
            opt(&self.source.actor),
            opt(&self.source.country),
            t.map(|p| p.text.clone()).unwrap_or_default(),
            t.and_then(|p| p.actor.clone()).unwrap_or_default(),
            t.and_then(|p| p.country.clone()).unwrap_or_default(),
            opt(&self.place),
            self.article.clone(),
            self.article_date.clone(),
            self.sentence.clone(),
        ]
    }
    fn line(&self) -> String {
        let kind = match &self.mode {
            Some(mode) => format!("{} ({mode})", self.event_type),
            None => self.event_type.clone(),
        };
        let place = self
            .place
            .as_ref()
            .map(|p| format!(" in {p}"))
            .unwrap_or_default();
        format!(
            "{}  {} {} {}  [CAMEO {}]{place}  {}\n    {}",
            self.date,
            party(Some(&self.source)),
            kind,
            party(self.target.as_ref()),
            self.cameo,
            self.article,
            one_line(&self.sentence)
        )
    }
}

impl Tabular for CountRow {
    const HEADER: &'static [&'static str] =
        &["period", "source", "type", "target", "events", "articles"];
    fn cells(&self) -> Vec<String> {
        vec![
            opt(&self.period),
            opt(&self.source),
            opt(&self.event_type),
            opt(&self.target),
            self.events.to_string(),
            self.articles.to_string(),
        ]
    }
    fn line(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.period {
            parts.push(format!("{p:<10}"));
        }
        if self.event_type.is_some() {
            parts.push(format!(
                "{} {} {}",
                opt(&self.source),
                opt(&self.event_type),
                self.target.as_deref().unwrap_or("-")
            ));
        }
        format!(
            "{}  {} events in {} articles",
            parts.join("  "),
            self.events,
            self.articles
        )
    }
}

impl Tabular for QuoteHit {
    const HEADER: &'static [&'static str] = &[
        "date",
        "article",
        "kind",
        "speaker",
        "speaker_actor",
        "cue",
        "channel",
        "text",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.date.clone(),
            self.article.clone(),
            self.kind.clone(),
            opt(&self.speaker),
            opt(&self.speaker_actor),
            opt(&self.cue),
            opt(&self.channel),
            self.text.clone(),
        ]
    }
    fn line(&self) -> String {
        format!(
            "{}  {}  {} [{}]\n    {}",
            self.date,
            self.article,
            speaker_and_channel(self),
            self.kind,
            one_line(&self.text)
        )
    }
}

/// "a foreign ministry official (North Korea), via KCNA".
fn speaker_and_channel(q: &QuoteHit) -> String {
    let speaker = match (&q.speaker_name, &q.speaker) {
        (Some(name), Some(text)) if name != text => format!("{text} ({name})"),
        (Some(name), _) => name.clone(),
        (None, Some(text)) => text.clone(),
        (None, None) => "(unattributed)".to_string(),
    };
    match &q.channel {
        Some(c) => format!("{speaker}, via {c}"),
        None => speaker,
    }
}

impl Tabular for FlagHit {
    const HEADER: &'static [&'static str] =
        &["date", "article", "code", "severity", "message", "evidence"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.date.clone(),
            self.article.clone(),
            self.code.clone(),
            self.severity.clone(),
            self.message.clone(),
            self.evidence.to_string(),
        ]
    }
    fn line(&self) -> String {
        let evidence: Vec<String> = self
            .evidence
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["text"].as_str().map(|t| format!("\"{}\"", one_line(t))))
            .collect();
        format!(
            "{}  {}  {} ({})  {}\n    {}\n    evidence: {}",
            self.date,
            self.article,
            self.code,
            self.severity,
            self.title.as_deref().unwrap_or(""),
            self.message,
            evidence.join(", ")
        )
    }
}

impl Tabular for TimelineEntry {
    const HEADER: &'static [&'static str] = &[
        "day", "kind", "type", "cameo", "source", "target", "speaker", "article", "text",
    ];
    fn cells(&self) -> Vec<String> {
        match self {
            TimelineEntry::Event(e) => vec![
                e.day.clone(),
                "event".into(),
                e.event_type.clone(),
                e.cameo.clone(),
                party(Some(&e.source)),
                party(e.target.as_ref()),
                String::new(),
                e.article.clone(),
                e.sentence.clone(),
            ],
            TimelineEntry::Quote(q) => vec![
                q.date.clone(),
                "quote".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                opt(&q.speaker),
                q.article.clone(),
                q.text.clone(),
            ],
        }
    }
    fn line(&self) -> String {
        match self {
            TimelineEntry::Event(e) => e.line(),
            TimelineEntry::Quote(q) => format!(
                "{}  {} said [{}]  {}\n    {}",
                q.date,
                speaker_and_channel(q),
                q.kind,
                q.article,
                one_line(&q.text)
            ),
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn print<T: Tabular>(rows: &[T], format: QueryFormat, empty: &str) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        QueryFormat::Text => {
            if rows.is_empty() {
                writeln!(out, "{empty}")?;
            }
            for row in rows {
                writeln!(out, "{}", row.line())?;
            }
        }
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            writeln!(out)?;
        }
        QueryFormat::Jsonl => {
            for row in rows {
                serde_json::to_writer(&mut out, row)?;
                writeln!(out)?;
            }
        }
        QueryFormat::Csv => {
            writeln!(out, "{}", T::HEADER.join(","))?;
            for row in rows {
                let cells: Vec<String> = row.cells().iter().map(|c| csv_field(c)).collect();
                writeln!(out, "{}", cells.join(","))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

pub fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = args.common.dates()?;
    let archive = open(&args.common.db)?;
    let filters = SearchFilters {
        from,
        to,
        actor: args.actor,
        country: args.country,
        event_type: args.event_type,
        flag: args.flag,
        limit: args.limit,
    };
    let hits = archive.search(&args.query.join(" "), &filters)?;
    print(&hits, args.common.format, "no articles match")?;
    Ok(ExitCode::SUCCESS)
}

fn event_filters(args: &EventsArgs) -> anyhow::Result<EventFilters> {
    let (from, to) = args.common.dates()?;
    Ok(EventFilters {
        from,
        to,
        actor: args.actor.clone(),
        source: args.source.clone(),
        target: args.target.clone(),
        country: args.country.clone(),
        event_type: args.event_type.clone(),
        limit: args.limit,
    })
}

pub fn run_events(args: EventsArgs) -> anyhow::Result<ExitCode> {
    let filters = event_filters(&args)?;
    let archive = open(&args.common.db)?;
    if args.count_by.is_some() || args.dyads {
        let period = args.count_by.map(|p| match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Year => Period::Year,
        });
        let rows = archive.count_events(&filters, period, args.dyads)?;
        print(&rows, args.common.format, "no events match")?;
    } else {
        let rows = archive.events(&filters)?;
        print(&rows, args.common.format, "no events match")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = args.common.dates()?;
    let archive = open(&args.common.db)?;
    let filters = EventFilters {
        from,
        to,
        limit: args.limit,
        ..EventFilters::default()
    };
    let (actors, entries) = archive.timeline(&args.actor, &filters)?;
    if args.common.format == QueryFormat::Text {
        let names: Vec<String> = actors
            .iter()
            .map(|a| match &a.country {
                Some(c) => format!("{} ({c}, {})", a.name, a.id),
                None => format!("{} ({})", a.name, a.id),
            })
            .collect();
        println!("timeline of {}", names.join("; "));
    }
    print(
        &entries,
        args.common.format,
        "nothing stored about this actor",
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = args.common.dates()?;
    let archive = open(&args.common.db)?;
    let filters = SearchFilters {
        from,
        to,
        limit: args.limit,
        ..SearchFilters::default()
    };
    let rows = archive.quotes(args.speaker.as_deref(), &filters)?;
    print(&rows, args.common.format, "no quotes match")?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_flags(args: FlagsArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = args.common.dates()?;
    let archive = open(&args.common.db)?;
    let filters = SearchFilters {
        from,
        to,
        flag: args.code,
        limit: args.limit,
        ..SearchFilters::default()
    };
    let rows = archive.flags(&filters, args.severity.as_deref())?;
    print(&rows, args.common.format, "no flags")?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let archive = open(&args.db)?;
    let stats = archive.stats()?;
    let integrity = if args.check {
        Some(archive.integrity_check()?)
    } else {
        None
    };
    match args.format {
        QueryFormat::Text => {
            let span = match (&stats.first_date, &stats.last_date) {
                (Some(a), Some(b)) => format!(" from {a} to {b}"),
                _ => String::new(),
            };
            println!("{} articles{span}", stats.articles);
            println!(
                "{} mentions ({} linked to {} actors)",
                stats.mentions, stats.linked_mentions, stats.actors
            );
            println!("{} time expressions", stats.timexes);
            println!("{} quotes", stats.quotes);
            println!("{} events", stats.events);
            println!("{} flags", stats.flags);
            println!("{} findings", stats.findings);
            for v in &stats.versions {
                println!(
                    "{} articles by engine {} with data {}",
                    v.articles, v.engine_version, v.data_version
                );
            }
            println!("schema version {}", stats.schema_version);
            if let Some(result) = &integrity {
                println!("integrity check: {result}");
            }
        }
        QueryFormat::Json | QueryFormat::Jsonl => {
            let mut json = serde_json::to_value(&stats)?;
            if let Some(result) = &integrity {
                json["integrity"] = result.as_str().into();
            }
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        QueryFormat::Csv => bail!("stats has no CSV form: use --format json"),
    }
    Ok(match integrity {
        Some(result) if result != "ok" => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    if let Some(month) = &args.month {
        parse_calendar_date(&format!("{month}-01"))
            .map_err(|_| anyhow::anyhow!("--month {month}: expected YYYY-MM"))?;
    }
    let archive = open(&args.db)?;
    if args.format == ExportFormat::Parquet {
        let Some(dir) = &args.out else {
            bail!("--format parquet writes a folder of files: give --out DIR");
        };
        let summary = archive.export_parquet(dir, args.month.as_deref())?;
        let rows: Vec<String> = summary
            .rows
            .iter()
            .map(|(name, n)| format!("{n} {name}"))
            .collect();
        eprintln!(
            "dateline: wrote {} Parquet files under {}: {}",
            summary.files,
            dir.display(),
            rows.join(", ")
        );
        return Ok(ExitCode::SUCCESS);
    }
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    match args.format {
        ExportFormat::Jsonl => {
            archive.for_each_record::<anyhow::Error>(args.month.as_deref(), |_, json| {
                out.write_all(json.as_bytes())?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
        }
        ExportFormat::Parquet => unreachable!("handled above"),
        ExportFormat::Gdelt => {
            if args.header {
                writeln!(out, "{}", GDELT_COLUMNS.join("\t"))?;
            }
            let (from, to) = match &args.month {
                Some(m) => (Some(format!("{m}-01")), Some(format!("{m}-31"))),
                None => (None, None),
            };
            let filters = EventFilters {
                from,
                to,
                limit: usize::MAX >> 1,
                ..EventFilters::default()
            };
            archive.for_each_gdelt_row::<anyhow::Error>(&filters, |row| {
                writeln!(out, "{}", row.to_tsv())?;
                Ok(())
            })?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
