//! `dateline bench`: throughput per CPU-second on a JSON Lines corpus, single-threaded.
//!
//! Each run times, on this thread's CPU clock, (1) a baseline that only splits the texts on
//! white space, (2) the engine's analysis, (3) analysis plus JSON serialisation of the record.
//! Medians over the runs are reported, and ratios against the baseline measured in the same
//! run, which hold steadier than absolute figures on a shared machine.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dateline_engine::{Article, Engine};
use serde::Serialize;

use crate::eval::EvalFormat;
use crate::input::{Inputs, ReadOptions};
use crate::shared::gold_path;

/// spaCy 3.8 `en_core_web_sm`, full pipeline, on Reuters-21578 here:
/// shared/data/nlp/anchors/README.md.
const SPACY_SM_ARTICLES_PER_CPU_SECOND: f64 = 31.0;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// A JSON Lines corpus [default: Reuters-21578 from the shared data].
    #[arg(long)]
    input: Option<PathBuf>,
    /// Use only the first N articles.
    #[arg(long)]
    limit: Option<usize>,
    /// Timed runs; the report gives medians.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// Time the pipeline with the event coder (`analyze --events`).
    #[arg(long)]
    events: bool,
    /// Instead of the analysis, time the queries of this archive (search and timeline
    /// latency, p50 and p99).
    #[arg(long, conflicts_with_all = ["input", "limit", "events"])]
    db: Option<PathBuf>,
}

#[derive(Serialize)]
struct BenchReport {
    input: String,
    articles: usize,
    bytes: usize,
    tokens: usize,
    sentences: usize,
    runs: usize,
    /// Median CPU seconds per stage.
    baseline_cpu_s: f64,
    analyze_cpu_s: f64,
    analyze_and_serialize_cpu_s: f64,
    articles_per_cpu_s: f64,
    tokens_per_cpu_s: f64,
    sentences_per_cpu_s: f64,
    megabytes_per_cpu_s: f64,
    end_to_end_articles_per_cpu_s: f64,
    /// analysis time / baseline time, same run (median).
    analyze_vs_baseline: f64,
    /// end-to-end articles per CPU-second over spaCy sm's 31.
    end_to_end_vs_spacy_sm: f64,
    peak_rss_mb: f64,
    /// CPU seconds of each annotator (one pass).
    stages: Vec<StageReport>,
}

#[derive(Serialize)]
struct StageReport {
    annotator: String,
    cpu_s: f64,
    tokens_per_cpu_s: f64,
    /// Articles per CPU-second of this annotator together with every annotator it needs,
    /// transitively: what a pipeline built for this layer alone would cost.
    layer_articles_per_cpu_s: f64,
}

/// The indices of `target` and the annotators it needs (those that write a layer it reads,
/// and what they in turn read).
fn needed_by(engine: &Engine, target: usize) -> Vec<usize> {
    let annotators: Vec<_> = engine.pipeline().annotators().collect();
    let mut needed = vec![target];
    let mut layers: Vec<_> = annotators[target].reads().to_vec();
    while let Some(layer) = layers.pop() {
        for (i, annotator) in annotators.iter().enumerate() {
            if annotator.writes().contains(&layer) && !needed.contains(&i) {
                needed.push(i);
                layers.extend_from_slice(annotator.reads());
            }
        }
    }
    needed
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    if let Some(db) = &args.db {
        return crate::bench_archive::run(db, args.runs, args.format);
    }
    let input = gold_path(args.input.as_deref(), "news/reuters21578.jsonl", "--input")?;
    let mut articles: Vec<Article> = Vec::new();
    for item in Inputs::new(std::slice::from_ref(&input), ReadOptions::default()) {
        if args.limit.is_some_and(|limit| articles.len() >= limit) {
            break;
        }
        match item.result {
            Ok(article) => articles.push(article),
            Err(reason) => eprintln!("dateline: {}: {reason} (skipped)", item.place),
        }
    }
    if articles.is_empty() {
        bail!("{}: no articles to measure", input.display());
    }
    let engine = if args.events {
        Engine::with_events()
    } else {
        Engine::new()
    }
    .context("compiling the embedded data")?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();

    // Warm-up: caches, allocator.
    let (tokens, sentences) = analyze_all(&engine, articles.clone());
    let mut baseline = Vec::new();
    let mut analyze = Vec::new();
    let mut end_to_end = Vec::new();
    let mut ratio = Vec::new();
    for _ in 0..args.runs {
        let start = thread_cpu_seconds();
        let words: usize = articles
            .iter()
            .map(|a| black_box(&a.text).split_whitespace().count())
            .sum();
        black_box(words);
        let base = thread_cpu_seconds() - start;

        let batch = articles.clone();
        let start = thread_cpu_seconds();
        black_box(analyze_all(&engine, batch));
        let analysed = thread_cpu_seconds() - start;

        let batch = articles.clone();
        let start = thread_cpu_seconds();
        let mut out_bytes = 0usize;
        for article in batch {
            let doc = engine.analyze(article);
            let json = engine.record(&doc).to_json();
            out_bytes += json.len();
        }
        black_box(out_bytes);
        let full = thread_cpu_seconds() - start;

        baseline.push(base);
        analyze.push(analysed);
        end_to_end.push(full);
        ratio.push(analysed / base.max(1e-9));
    }
    // Where the time goes: each annotator on its own clock, one more pass.
    let names: Vec<&'static str> = engine.pipeline().names();
    let mut stage_seconds = vec![0.0f64; names.len()];
    for article in articles.clone() {
        let mut doc = dateline_engine::Document::new(article);
        for (i, annotator) in engine.pipeline().annotators().enumerate() {
            let start = thread_cpu_seconds();
            annotator.annotate(&mut doc, engine.resources());
            stage_seconds[i] += thread_cpu_seconds() - start;
        }
        black_box(&doc);
    }
    let stages: Vec<StageReport> = names
        .iter()
        .zip(&stage_seconds)
        .enumerate()
        .map(|(i, (name, &seconds))| {
            let layer_seconds: f64 = needed_by(&engine, i)
                .iter()
                .map(|&k| stage_seconds[k])
                .sum();
            StageReport {
                annotator: name.to_string(),
                cpu_s: seconds,
                tokens_per_cpu_s: tokens as f64 / seconds.max(1e-9),
                layer_articles_per_cpu_s: articles.len() as f64 / layer_seconds.max(1e-9),
            }
        })
        .collect();
    let (base, analysed, full) = (median(&baseline), median(&analyze), median(&end_to_end));
    let n = articles.len() as f64;
    let report = BenchReport {
        input: input.display().to_string(),
        articles: articles.len(),
        bytes,
        tokens,
        sentences,
        runs: args.runs,
        baseline_cpu_s: base,
        analyze_cpu_s: analysed,
        analyze_and_serialize_cpu_s: full,
        articles_per_cpu_s: n / analysed,
        tokens_per_cpu_s: tokens as f64 / analysed,
        sentences_per_cpu_s: sentences as f64 / analysed,
        megabytes_per_cpu_s: bytes as f64 / 1e6 / analysed,
        end_to_end_articles_per_cpu_s: n / full,
        analyze_vs_baseline: median(&ratio),
        end_to_end_vs_spacy_sm: n / full / SPACY_SM_ARTICLES_PER_CPU_SECOND,
        peak_rss_mb: peak_rss_bytes() as f64 / 1e6,
        stages,
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => {
            let r = &report;
            println!(
                "{}: {} articles, {:.1} MB, {} tokens, {} sentences; median of {} runs, one thread",
                r.input,
                r.articles,
                r.bytes as f64 / 1e6,
                r.tokens,
                r.sentences,
                r.runs
            );
            println!(
                "  baseline (split on white space)  {:>8.3} CPU-s",
                r.baseline_cpu_s
            );
            println!(
                "  analyze (every layer)            {:>8.3} CPU-s  = {:>4.1}× baseline",
                r.analyze_cpu_s, r.analyze_vs_baseline
            );
            println!(
                "  analyze + JSON record            {:>8.3} CPU-s",
                r.analyze_and_serialize_cpu_s
            );
            println!(
                "  articles / CPU-s   {:>12.0}   (end to end {:.0}; {:.0}× spaCy sm's 31)",
                r.articles_per_cpu_s, r.end_to_end_articles_per_cpu_s, r.end_to_end_vs_spacy_sm
            );
            println!("  tokens / CPU-s     {:>12.0}", r.tokens_per_cpu_s);
            println!("  sentences / CPU-s  {:>12.0}", r.sentences_per_cpu_s);
            println!("  MB / CPU-s         {:>12.1}", r.megabytes_per_cpu_s);
            println!("  peak RSS           {:>12.1} MB", r.peak_rss_mb);
            println!(
                "  by annotator (one pass; the last column: articles/CPU-s of the annotator with all it needs):"
            );
            for stage in &r.stages {
                println!(
                    "    {:<18} {:>8.3} CPU-s  {:>12.0} tokens/CPU-s  {:>9.0} articles/CPU-s",
                    stage.annotator,
                    stage.cpu_s,
                    stage.tokens_per_cpu_s,
                    stage.layer_articles_per_cpu_s
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn analyze_all(engine: &Engine, articles: Vec<Article>) -> (usize, usize) {
    let (mut tokens, mut sentences) = (0, 0);
    for article in articles {
        let doc = engine.analyze(article);
        tokens += doc.tokens.len();
        sentences += doc.sentences.len();
    }
    (tokens, sentences)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// CPU time of the calling thread.
pub(crate) fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "CLOCK_THREAD_CPUTIME_ID is available on Linux");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Peak resident memory of the process.
fn peak_rss_bytes() -> u64 {
    // SAFETY: getrusage fills the struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    if rc != 0 {
        return 0;
    }
    usage.ru_maxrss as u64 * 1024
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }
}
