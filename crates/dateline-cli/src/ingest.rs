//! `dateline ingest` and `dateline reanalyze`: analyse in parallel, store in the archive.
//!
//! Reading, analysing and writing overlap: the main thread reads a batch and analyses it on
//! the worker pool while a writer thread stores the batch before it, each batch in one
//! transaction. Killing the process loses at most the batches in flight; the next run skips
//! what is stored (same id, same content, same engine and data) and does the rest.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use dateline_archive::{Archive, Prepared, StoreCounts, content_hash};
use dateline_engine::hash::StableHasher;
use dateline_engine::record::ENGINE_VERSION;
use dateline_engine::{Article, Engine};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::input::{InputItem, Inputs, count_articles};

/// Articles per transaction: large enough that commits cost little, small enough that a kill
/// loses little and memory stays bounded.
const BATCH: usize = 512;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// The archive (an SQLite file; created when missing).
    #[arg(long)]
    db: PathBuf,
    /// Article files, JSON Lines files, HTML pages, RSS/Atom feeds, WARC files,
    /// directories, or `-` for standard input.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    read: crate::input::ReadArgs,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Print the counts as JSON on stdout when done.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ReanalyzeArgs {
    /// The archive.
    #[arg(long)]
    db: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Print the counts as JSON on stdout when done.
    #[arg(long)]
    json: bool,
}

/// What a run did, as printed at the end.
#[derive(Default, serde::Serialize)]
struct Summary {
    #[serde(flatten)]
    stored: StoreCounts,
    /// Inputs that could not be read as articles (reported one per line on stderr).
    failed: usize,
    seconds: f64,
    articles_per_second: f64,
}

pub fn engine() -> anyhow::Result<Engine> {
    Engine::with_events().context("compiling the embedded data")
}

fn pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")
}

fn progress(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if total.is_some() {
        "{bar:30} {pos}/{len} articles  {rate}  ETA {eta}"
    } else {
        "{spinner} {pos} articles  {rate}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0} articles/s", state.per_sec());
            },
        ));
    }
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

/// Analyses one article into rows. A panic is an engine bug: it costs this article, which is
/// reported like a bad input, and not the run.
fn prepare(engine: &Engine, article: Article) -> Result<Prepared, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let input = article.findings.clone();
        let doc = engine.analyze(article);
        let record = engine.record(&doc);
        Prepared::new(&doc, &record, &input)
    }))
    .map_err(|_| ())
}

/// Analyses a batch on the pool; an article the engine fails on is counted and reported by
/// its place, and the rest go on.
fn analyse(
    pool: &rayon::ThreadPool,
    engine: &Engine,
    articles: Vec<(String, Article)>,
    bar: &ProgressBar,
    failed: &mut usize,
) -> Vec<Prepared> {
    let prepared: Vec<Result<Prepared, String>> = pool.install(|| {
        articles
            .into_par_iter()
            .map(|(place, article)| {
                prepare(engine, article).map_err(|()| format!("{place}: {INTERNAL_ERROR}"))
            })
            .collect()
    });
    let mut ready = Vec::with_capacity(prepared.len());
    for p in prepared {
        match p {
            Ok(p) => ready.push(p),
            Err(message) => {
                *failed += 1;
                bar.suspend(|| eprintln!("dateline: {message}"));
            }
        }
    }
    ready
}

const INTERNAL_ERROR: &str = "internal error while analysing (a bug in dateline: please report it)";

/// Runs `write` on its own thread over the batches `produce` sends, and returns both results.
fn with_writer(
    mut archive: Archive,
    produce: impl FnOnce(&mpsc::SyncSender<Vec<Prepared>>) -> anyhow::Result<usize>,
) -> anyhow::Result<(StoreCounts, usize)> {
    let (sender, receiver) = mpsc::sync_channel::<Vec<Prepared>>(2);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> anyhow::Result<StoreCounts> {
            let mut counts = StoreCounts::default();
            for batch in receiver {
                counts.add(archive.store(&batch).context("writing to the archive")?);
            }
            archive.checkpoint().context("checkpointing the archive")?;
            Ok(counts)
        });
        let produced = produce(&sender);
        drop(sender);
        let counts = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the archive writer crashed")));
        // A write error explains a failed send better than the send does.
        let counts = counts?;
        Ok((counts, produced?))
    })
}

fn finish(summary: &mut Summary, started: Instant, json: bool) -> anyhow::Result<ExitCode> {
    summary.seconds = started.elapsed().as_secs_f64();
    let done = summary.stored.added + summary.stored.updated + summary.stored.unchanged;
    summary.articles_per_second = done as f64 / summary.seconds.max(1e-9);
    if json {
        println!("{}", serde_json::to_string(summary)?);
    }
    eprintln!(
        "dateline: {} added, {} updated, {} unchanged, {} failed in {:.1} s ({:.0} articles/s)",
        summary.stored.added,
        summary.stored.updated,
        summary.stored.unchanged,
        summary.failed,
        summary.seconds,
        summary.articles_per_second
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn run_ingest(args: IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let options = args.read.options(&args.inputs)?;
    let engine = engine()?;
    let pool = pool(args.jobs)?;
    let archive = open_for_writing(&args.db)?;
    // A second connection answers "is this stored already?" while the writer writes.
    let reader = Archive::open_existing(&args.db)
        .with_context(|| format!("opening {}", args.db.display()))?;
    let data_hash = engine.data_stamp().hash.clone();
    let bar = progress(count_articles(&args.inputs));
    let mut inputs = Inputs::new(&args.inputs, options);
    let mut unchanged_before = 0usize;
    // The ids read in this run (hashed, so a corpus of millions costs little memory): a file
    // id is its name, so `a/x.txt` and `b/x.txt` given one by one share an id, and the later
    // would silently replace the earlier.
    let mut seen: HashSet<u64> = HashSet::new();
    let (stored, failed) = with_writer(archive, |sender| {
        let mut failed = 0usize;
        loop {
            let batch: Vec<InputItem> = inputs.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let read = batch.len() as u64;
            let mut articles = Vec::with_capacity(batch.len());
            for item in batch {
                match item.result {
                    Ok(article) => {
                        let mut hasher = StableHasher::default();
                        hasher.write(article.meta.id.as_bytes());
                        if !seen.insert(hasher.finish()) {
                            bar.suspend(|| {
                                eprintln!(
                                    "dateline: {}: id {:?} was read already in this run; this \
                                     article replaces that one (give distinct ids)",
                                    item.place, article.meta.id
                                )
                            });
                        }
                        let stored = reader
                            .stored_version(&article.meta.id)
                            .context("reading the archive")?;
                        let same = stored.is_some_and(|s| {
                            s.content_hash == content_hash(&article.meta, &article.text)
                                && s.engine_version == ENGINE_VERSION
                                && s.data_hash == data_hash
                        });
                        if same {
                            unchanged_before += 1;
                        } else {
                            articles.push((item.place, article));
                        }
                    }
                    Err(reason) => {
                        failed += 1;
                        bar.suspend(|| eprintln!("dateline: {}: {reason}", item.place));
                    }
                }
            }
            let ready = analyse(&pool, &engine, articles, &bar, &mut failed);
            if sender.send(ready).is_err() {
                break; // The writer stopped; its error is the one to report.
            }
            bar.inc(read);
        }
        Ok(failed)
    })?;
    bar.finish_and_clear();
    let mut summary = Summary {
        stored,
        failed,
        ..Summary::default()
    };
    summary.stored.unchanged += unchanged_before;
    finish(&mut summary, started, args.json)
}

fn open_for_writing(path: &Path) -> anyhow::Result<Archive> {
    Archive::open(path).with_context(|| format!("opening {}", path.display()))
}

pub fn run_reanalyze(args: ReanalyzeArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let engine = engine()?;
    let pool = pool(args.jobs)?;
    let reader = Archive::open_existing(&args.db)?;
    let archive = open_for_writing(&args.db)?;
    let data_hash = engine.data_stamp().hash.clone();
    let total = reader
        .stats()
        .map(|s| {
            s.versions
                .iter()
                .filter(|v| v.engine_version != ENGINE_VERSION || v.data_hash != data_hash)
                .map(|v| v.articles)
                .sum::<i64>()
        })
        .ok();
    let bar = progress(total.filter(|&n| n > 0).map(|n| n as u64));
    bar.enable_steady_tick(Duration::from_millis(200));
    let (stored, failed) = with_writer(archive, |sender| {
        let mut failed = 0;
        let mut after = 0i64;
        loop {
            let batch = reader
                .outdated(ENGINE_VERSION, &data_hash, after, BATCH)
                .context("reading the archive")?;
            let Some((last, _)) = batch.last() else { break };
            after = *last;
            let articles = batch
                .into_iter()
                .map(|(_, stored)| {
                    (
                        format!("article {}", stored.article.meta.id),
                        stored.article,
                    )
                })
                .collect();
            let ready = analyse(&pool, &engine, articles, &bar, &mut failed);
            bar.inc(ready.len() as u64);
            if sender.send(ready).is_err() {
                break;
            }
        }
        Ok(failed)
    })?;
    bar.finish_and_clear();
    let mut summary = Summary {
        stored,
        failed,
        ..Summary::default()
    };
    finish(&mut summary, started, args.json)
}
