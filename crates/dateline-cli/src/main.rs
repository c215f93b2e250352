//! `dateline`: analyse dated news articles, and evaluate and benchmark the engine.
//!
//! The binary owns argv, files and output; the engine sees none of them.

mod analyze;
mod bench;
mod bench_archive;
mod conll;
mod conllu;
mod eval;
mod ingest;
mod input;
mod kb;
mod query;
mod report;
mod shared;
mod timeml;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "dateline",
    version,
    about = "Reads dated news articles and writes a time-aware record of each."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles and print one record per article.
    ///
    /// An INPUT is an article file (first line `date YYYY-MM-DD Headline`, a blank line, the
    /// body), a JSON Lines file (`*.jsonl`: one `{"id", "date", "title", "text"}` per line), an
    /// HTML page (`*.html`: main text, headline and date from its meta tags or JSON-LD), a
    /// feed (`*.rss`, `*.atom`, `*.xml`: one article per item), a WARC file (`*.warc`,
    /// `*.warc.gz`, as in CC-NEWS: one article per HTML response), a directory (all of
    /// these, recursively) or `-` for standard input (its kind told by its first bytes).
    /// With --date, that date is the publication date of every input (text files are then
    /// plain text).
    Analyze(AnalyzeArgs),
    /// Score the engine against gold data.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Measure throughput per CPU-second on a JSON Lines corpus.
    Bench(bench::BenchArgs),
    /// Rebuild a learned model under data/models/ from gold data.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// The knowledge base: regenerate its tables under data/kb/.
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// Analyse articles (every layer, events included) and store them in an archive.
    ///
    /// Inputs are read as by `analyze`. An article stored already (same id, same content,
    /// same engine and data) is skipped; one whose content or engine changed is replaced; so a
    /// killed ingest, run again, finishes the job without duplicates.
    Ingest(ingest::IngestArgs),
    /// Re-analyse the articles of an archive that an older engine or other data produced.
    Reanalyze(ingest::ReanalyzeArgs),
    /// Full-text search of an archive, with filters by date, actor, country, event, flag.
    Search(query::SearchArgs),
    /// The events of an archive: the list, or counts by period and dyad.
    Events(query::EventsArgs),
    /// What an actor did and said, in the order of the events' own dates.
    Timeline(query::TimelineArgs),
    /// Quotes of an archive, by speaker.
    Quotes(query::QuotesArgs),
    /// Flags of an archive, by code and severity.
    Flags(query::FlagsArgs),
    /// Counts of what an archive holds.
    Stats(query::StatsArgs),
    /// Export an archive: records as JSON Lines, events as GDELT 2.0 TSV.
    Export(query::ExportArgs),
}

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// Article files, JSON Lines files, directories, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format; `text` on a terminal, `jsonl` otherwise.
    #[arg(long, short)]
    format: Option<Format>,
    #[command(flatten)]
    read: input::ReadArgs,
    /// Colour in the text report.
    #[arg(long, default_value = "auto")]
    color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Code political events too (PLOVER types with CAMEO codes). Off by default while the
    /// coder costs more than the speed floor allows (BENCHMARKS.md).
    #[arg(long)]
    events: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report.
    Text,
    /// One pretty-printed record per article.
    Json,
    /// One compact record per line.
    Jsonl,
    /// A TimeML document per article (DCT, TITLE, the text with inline TIMEX3 tags); several
    /// articles give several documents, each after a blank line.
    Timeml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Eval(command) => eval::run(command),
        Command::Bench(args) => bench::run(args),
        Command::Train(command) => train::run(command),
        Command::Kb(command) => kb::run(command),
        Command::Ingest(args) => ingest::run_ingest(args),
        Command::Reanalyze(args) => ingest::run_reanalyze(args),
        Command::Search(args) => query::run_search(args),
        Command::Events(args) => query::run_events(args),
        Command::Timeline(args) => query::run_timeline(args),
        Command::Quotes(args) => query::run_quotes(args),
        Command::Flags(args) => query::run_flags(args),
        Command::Stats(args) => query::run_stats(args),
        Command::Export(args) => query::run_export(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("dateline: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`dateline analyze … | head`) is a normal end, not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
