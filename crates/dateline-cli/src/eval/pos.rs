//! `dateline eval pos`: UPOS and Penn-tag accuracy with gold tokens, as
//! `shared/data/nlp/anchors/ud_eval.py` measures spaCy: each gold sentence's syntactic words are
//! tagged as they stand, and every word counts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dateline_engine::Resources;
use dateline_engine::learn::LinearModel;
use dateline_engine::syntax::pos::PosTagger;
use serde::Serialize;

use super::EvalFormat;
use crate::shared::gold_path;

#[derive(clap::Args)]
pub struct PosEvalArgs {
    /// CoNLL-U file [default: UD English-EWT dev from the shared data].
    #[arg(long)]
    conllu: Option<PathBuf>,
    /// Score the tagger in this folder (pos.bin, pos.labels, pos.tagdict.tsv, and
    /// clusters.bin if it has one) instead of the embedded one.
    #[arg(long)]
    model_dir: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
}

#[derive(Serialize)]
struct PosReport {
    file: String,
    sentences: usize,
    words: usize,
    upos_accuracy: f64,
    xpos_accuracy: f64,
    /// Lemmas of the words whose gold UPOS is NOUN, VERB or AUX, from the predicted tags,
    /// compared without case.
    noun_verb_lemma_accuracy: f64,
    /// The commonest UPOS confusions, gold → predicted.
    confusions: Vec<(String, usize)>,
}

pub fn run(args: PosEvalArgs) -> anyhow::Result<ExitCode> {
    let file = gold_path(
        args.conllu.as_deref(),
        "nlp/ud/en_ewt/en_ewt-ud-dev.conllu",
        "--conllu",
    )?;
    // The embedded lemmatiser, and the embedded tagger unless another is given.
    let embedded = Resources::load()?;
    let loaded;
    let tagger: &PosTagger = match &args.model_dir {
        Some(dir) => {
            let read = |name: &str| {
                std::fs::read(dir.join(name)).with_context(|| dir.join(name).display().to_string())
            };
            let model = LinearModel::from_bytes(&read("pos.bin")?)?;
            let labels = String::from_utf8(read("pos.labels")?)?;
            let tagdict = String::from_utf8(read("pos.tagdict.tsv")?)?;
            // The folder's own clusters if it has them, else the built-in ones.
            let clusters = if dir.join("clusters.bin").exists() {
                std::sync::Arc::new(
                    dateline_engine::syntax::clusters::WordClusters::from_bytes(&read(
                        "clusters.bin",
                    )?)
                    .context("clusters.bin")?,
                )
            } else {
                embedded.syntax.clusters.clone()
            };
            loaded = PosTagger::new(model, &labels, &tagdict, clusters)
                .map_err(|(f, e)| anyhow::anyhow!("pos.{f}: {e}"))?;
            &loaded
        }
        None => embedded
            .syntax
            .pos
            .as_ref()
            .context("this build has no part-of-speech model")?,
    };
    let sentences = crate::conllu::read(&file)?;
    let (mut words, mut upos_ok, mut xpos_ok) = (0usize, 0usize, 0usize);
    let (mut lemma_words, mut lemma_ok) = (0usize, 0usize);
    let mut confusions: HashMap<String, usize> = HashMap::new();
    let mut predicted = Vec::new();
    for sentence in &sentences {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        predicted.clear();
        tagger.tag(&forms, &mut predicted);
        for (gold, tag) in sentence.words.iter().zip(&predicted) {
            words += 1;
            if gold.upos == tag.upos.as_str() {
                upos_ok += 1;
            } else {
                *confusions
                    .entry(format!("{}->{}", gold.upos, tag.upos.as_str()))
                    .or_default() += 1;
            }
            xpos_ok += usize::from(gold.xpos == tag.xpos.as_str());
            if matches!(gold.upos.as_str(), "NOUN" | "VERB" | "AUX") {
                lemma_words += 1;
                let lemma = embedded
                    .syntax
                    .lemmatizer
                    .lemma(&gold.form, tag.upos)
                    .unwrap_or_else(|| gold.form.clone());
                lemma_ok += usize::from(lemma.to_lowercase() == gold.lemma.to_lowercase());
            }
        }
    }
    let mut confusions: Vec<(String, usize)> = confusions.into_iter().collect();
    confusions.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    confusions.truncate(12);
    let report = PosReport {
        file: file.display().to_string(),
        sentences: sentences.len(),
        words,
        upos_accuracy: 100.0 * upos_ok as f64 / words.max(1) as f64,
        xpos_accuracy: 100.0 * xpos_ok as f64 / words.max(1) as f64,
        noun_verb_lemma_accuracy: 100.0 * lemma_ok as f64 / lemma_words.max(1) as f64,
        confusions,
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => {
            println!(
                "{} — {} sentences, {} words, gold tokens",
                report.file, report.sentences, report.words
            );
            println!("  UPOS accuracy  {:6.2}", report.upos_accuracy);
            println!("  Penn accuracy  {:6.2}", report.xpos_accuracy);
            println!(
                "  lemma accuracy {:6.2}  (nouns, verbs, auxiliaries; predicted tags)",
                report.noun_verb_lemma_accuracy
            );
            let top: Vec<String> = report
                .confusions
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            println!(
                "  commonest UPOS errors (gold->predicted): {}",
                top.join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
