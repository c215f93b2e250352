//! `dateline bench --db ARCHIVE`: latency of the archive's queries, p50 and p99.
//!
//! A fixed mix a user would type: full-text searches for common and rare words and phrases,
//! with and without date and country filters, and the timelines of the most mentioned
//! actors. Each query runs `runs` times on one connection (wall clock: latency is what a user
//! waits); the first run of each warms SQLite's page cache and is not counted.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use dateline_archive::{Archive, EventFilters, SearchFilters};
use serde::Serialize;

use crate::eval::EvalFormat;

/// Words and phrases of general news (not drawn from any corpus): common and rare, single
/// and multi-word, with FTS5 operators.
const SEARCHES: &[&str] = &[
    "oil",
    "bank",
    "trade",
    "president",
    "government",
    "minister said",
    "\"interest rates\"",
    "dollar yen",
    "strike",
    "election",
    "coffee",
    "tariffs",
    "merger OR acquisition",
    "loss NOT profit",
    "grain*",
    "japan",
    "opec",
    "debt crisis",
    "shares rose",
    "central bank",
];

#[derive(Serialize)]
struct QueryLatency {
    query: String,
    kind: &'static str,
    results: usize,
    p50_ms: f64,
}

#[derive(Serialize)]
struct Report {
    archive: String,
    articles: i64,
    runs: usize,
    search_p50_ms: f64,
    search_p99_ms: f64,
    timeline_p50_ms: f64,
    timeline_p99_ms: f64,
    queries: Vec<QueryLatency>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Times `query` `runs + 1` times, keeping all but the first; returns the result count.
fn time(runs: usize, all: &mut Vec<f64>, mut query: impl FnMut() -> usize) -> (usize, f64) {
    let results = query();
    let mut mine = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(query());
        mine.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    mine.sort_by(f64::total_cmp);
    let p50 = percentile(&mine, 0.5);
    all.extend(mine);
    (results, p50)
}

pub fn run(db: &Path, runs: usize, format: EvalFormat) -> anyhow::Result<ExitCode> {
    let archive = Archive::open_existing(db)?;
    let stats = archive.stats()?;
    let (first, last) = (
        stats.first_date.clone().unwrap_or_default(),
        stats.last_date.clone().unwrap_or_default(),
    );
    let middle = first
        .get(..7)
        .map(|m| format!("{m}-01"))
        .unwrap_or_default();
    let mut queries = Vec::new();
    let mut search_times = Vec::new();
    for words in SEARCHES {
        let plain = SearchFilters {
            limit: 20,
            ..SearchFilters::default()
        };
        let dated = SearchFilters {
            from: Some(middle.clone()),
            to: Some(last.clone()),
            ..plain.clone()
        };
        let by_country = SearchFilters {
            country: Some("USA".into()),
            ..plain.clone()
        };
        for (kind, filters) in [
            ("search", plain),
            ("search --from --to", dated),
            ("search --country USA", by_country),
        ] {
            let (results, p50) = time(runs, &mut search_times, || {
                archive
                    .search(words, &filters)
                    .map(|h| h.len())
                    .unwrap_or(0)
            });
            queries.push(QueryLatency {
                query: words.to_string(),
                kind,
                results,
                p50_ms: p50,
            });
        }
    }
    let mut timeline_times = Vec::new();
    for (actor, _) in archive.top_actors(20)? {
        let filters = EventFilters {
            limit: 200,
            ..EventFilters::default()
        };
        let (results, p50) = time(runs, &mut timeline_times, || {
            archive
                .timeline(&actor.id, &filters)
                .map(|(_, e)| e.len())
                .unwrap_or(0)
        });
        queries.push(QueryLatency {
            query: actor.name.clone(),
            kind: "timeline",
            results,
            p50_ms: p50,
        });
    }
    search_times.sort_by(f64::total_cmp);
    timeline_times.sort_by(f64::total_cmp);
    let report = Report {
        archive: db.display().to_string(),
        articles: stats.articles,
        runs,
        search_p50_ms: percentile(&search_times, 0.5),
        search_p99_ms: percentile(&search_times, 0.99),
        timeline_p50_ms: percentile(&timeline_times, 0.5),
        timeline_p99_ms: percentile(&timeline_times, 0.99),
        queries,
    };
    match format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        _ => {
            println!(
                "{}: {} articles, {} runs per query (first run not counted)",
                report.archive, report.articles, runs
            );
            println!(
                "search    p50 {:>8.2} ms   p99 {:>8.2} ms   ({} queries)",
                report.search_p50_ms,
                report.search_p99_ms,
                SEARCHES.len() * 3
            );
            println!(
                "timeline  p50 {:>8.2} ms   p99 {:>8.2} ms   ({} actors)",
                report.timeline_p50_ms,
                report.timeline_p99_ms,
                report
                    .queries
                    .iter()
                    .filter(|q| q.kind == "timeline")
                    .count()
            );
            for q in &report.queries {
                println!(
                    "  {:>8.2} ms  {:>5} results  {} {}",
                    q.p50_ms, q.results, q.kind, q.query
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
