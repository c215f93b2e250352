//! `dateline analyze`: read, analyse in parallel, print in input order.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use dateline_engine::{Article, Engine};
use rayon::prelude::*;

use crate::input::{InputItem, Inputs};
use crate::report::{self, Style};
use crate::{AnalyzeArgs, ColorChoice, Format};

/// Articles analysed together: enough to keep every core busy, few enough that memory stays
/// bounded however large the corpus.
const BATCH: usize = 256;

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let options = args.read.options(&args.inputs)?;
    let stdout_is_terminal = io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_is_terminal {
        Format::Text
    } else {
        Format::Jsonl
    });
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stdout_is_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let engine = if args.events {
        Engine::with_events()
    } else {
        Engine::new()
    }
    .context("compiling the embedded data")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;

    let mut inputs = Inputs::new(&args.inputs, options);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failures = 0usize;
    let mut first_record = true;
    loop {
        let batch: Vec<InputItem> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let rendered: Vec<Result<String, String>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|item| match item.result {
                    Ok(article) => render_one(&engine, article, format, color)
                        .map_err(|()| format!("{}: {INTERNAL_ERROR}", item.place)),
                    Err(reason) => Err(format!("{}: {reason}", item.place)),
                })
                .collect()
        });
        for result in rendered {
            match result {
                Ok(text) => {
                    // Reports and TimeML documents are separated by a blank line; each ends
                    // with its own newline.
                    let standalone = matches!(format, Format::Text | Format::Timeml);
                    if standalone && !first_record {
                        out.write_all(b"\n")?;
                    }
                    first_record = false;
                    out.write_all(text.as_bytes())?;
                    if !standalone {
                        out.write_all(b"\n")?;
                    }
                }
                Err(message) => {
                    // Keep stdout and stderr in step for a reader watching both.
                    out.flush()?;
                    failures += 1;
                    eprintln!("dateline: {message}");
                }
            }
        }
        out.flush()?;
    }
    if failures > 0 {
        eprintln!("dateline: {failures} input(s) could not be read as articles");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

const INTERNAL_ERROR: &str = "internal error while analysing (a bug in dateline: please report it)";

/// Analyses and renders one article. A panic is an engine bug; it costs this article, not the
/// run, and is reported like a bad input.
fn render_one(
    engine: &Engine,
    article: Article,
    format: Format,
    color: bool,
) -> Result<String, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = engine.analyze(article);
        let record = engine.record(&doc);
        match format {
            Format::Jsonl => record.to_json(),
            Format::Json => serde_json::to_string_pretty(&record).expect("records serialise"),
            Format::Text => report::render(&record, Style::new(color)),
            Format::Timeml => crate::timeml::render(&doc),
        }
    }))
    .map_err(|_| ())
}
