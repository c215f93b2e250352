//! `dateline eval names`: entity F1 on CoNLL-2003 (valid by default), scored as conlleval does:
//! an entity counts when its span and type both match exactly. Tokens are the gold tokens; the
//! part-of-speech tags the name tagger reads are the engine's own.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dateline_engine::syntax::names::{NameKind, SentenceView, spans};
use dateline_engine::syntax::pos::PosTag;
use serde::Serialize;

use super::{EvalFormat, Prf};
use crate::shared::gold_path;

#[derive(clap::Args)]
pub struct NameEvalArgs {
    /// CoNLL-2003 file [default: valid (testa) from the shared data].
    #[arg(long)]
    conll: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// Score this model file instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Read the part-of-speech tagger and its word clusters from this folder (those of
    /// pos.bin, pos.labels, pos.tagdict.tsv, clusters.bin it holds) instead of the built-in ones.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Print the first N sentences whose names differ from the gold ones.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
}

#[derive(Serialize)]
struct NameReport {
    file: String,
    documents: usize,
    sentences: usize,
    overall: Prf,
    by_type: Vec<(String, Prf)>,
}

pub fn run(args: NameEvalArgs) -> anyhow::Result<ExitCode> {
    let file = gold_path(args.conll.as_deref(), "nlp/conll2003/valid.txt", "--conll")?;
    let resources = crate::shared::resources_with_models(args.models.as_deref())?;
    let loaded = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
            let model = dateline_engine::learn::LinearModel::from_bytes(&bytes)?;
            Some(
                dateline_engine::syntax::names::NameTagger::new(model)
                    .map_err(anyhow::Error::msg)?,
            )
        }
        None => None,
    };
    let tagger = match &loaded {
        Some(tagger) => tagger,
        None => resources
            .syntax
            .names
            .as_ref()
            .context("this build has no name model")?,
    };
    let pos = resources
        .syntax
        .pos
        .as_ref()
        .context("this build has no part-of-speech model")?;
    let documents = crate::conll::read(&file)?;
    let (mut gold, mut predicted) = (HashSet::new(), HashSet::new());
    let mut sentence_count = 0;
    let mut shown = 0;
    for (d, document) in documents.iter().enumerate() {
        let words: Vec<Vec<&str>> = document
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let tags: Vec<Vec<_>> = words
            .iter()
            .map(|w| {
                let mut out: Vec<PosTag> = Vec::new();
                pos.tag(w, &mut out);
                out.into_iter().map(|t| t.xpos).collect()
            })
            .collect();
        let views: Vec<SentenceView<'_>> = words
            .iter()
            .zip(&tags)
            .map(|(words, tags)| SentenceView { words, tags })
            .collect();
        let labels = tagger.tag(&views);
        for (s, (sentence, labels)) in document.sentences.iter().zip(&labels).enumerate() {
            sentence_count += 1;
            for (a, b, kind) in spans(&sentence.labels) {
                gold.insert((d, s, a, b, kind));
            }
            for (a, b, kind) in spans(labels) {
                predicted.insert((d, s, a, b, kind));
            }
            if shown < args.show_errors && spans(labels) != spans(&sentence.labels) {
                shown += 1;
                let render = |spans: Vec<(usize, usize, NameKind)>| {
                    spans
                        .iter()
                        .map(|(a, b, k)| {
                            format!("[{} {}]", sentence.words[*a..*b].join(" "), k.conll())
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                eprintln!(
                    "{}\n  gold: {}\n  got:  {}",
                    sentence.words.join(" "),
                    render(spans(&sentence.labels)),
                    render(spans(labels))
                );
            }
        }
    }
    let score = |kind: Option<NameKind>| {
        let keep = |e: &&(usize, usize, usize, usize, NameKind)| kind.is_none_or(|k| e.4 == k);
        let g: HashSet<_> = gold.iter().filter(keep).collect();
        let p: HashSet<_> = predicted.iter().filter(keep).collect();
        Prf::new(g.intersection(&p).count(), g.len(), p.len())
    };
    let report = NameReport {
        file: file.display().to_string(),
        documents: documents.len(),
        sentences: sentence_count,
        overall: score(None),
        by_type: NameKind::ALL
            .iter()
            .map(|&k| (k.conll().to_string(), score(Some(k))))
            .collect(),
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => {
            println!(
                "{} — {} documents, {} sentences, gold tokens",
                report.file, report.documents, report.sentences
            );
            println!("  all    {}", report.overall);
            for (kind, prf) in &report.by_type {
                println!("  {kind:<6} {prf}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
