//! `dateline train …`: rebuild the learned models under `data/models/` from gold data.
//!
//! Training is deterministic: the same gold files and code give the same bytes.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use dateline_engine::Resources;
use dateline_engine::learn::Perceptron;
use dateline_engine::text::sentences::for_each_boundary_instance;
use dateline_engine::text::tokenize::tokenize;

use crate::eval::sentences::{build_texts, read_conllu};
use crate::shared::gold_path;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// The sentence-boundary model, from CoNLL-U documents (UD English-EWT train by default),
    /// each rendered with and without paragraph breaks.
    Sentences(SentenceTrainArgs),
}

#[derive(clap::Args)]
pub struct SentenceTrainArgs {
    /// CoNLL-U training file(s) [default: UD English-EWT train from the shared data].
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "data/models/sentence-boundaries.bin")]
    out: PathBuf,
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Drop features whose averaged weight is below this.
    #[arg(long, default_value_t = 0.002)]
    min_weight: f32,
}

pub fn run(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Sentences(args) => train_sentences(args),
    }
}

fn train_sentences(args: SentenceTrainArgs) -> anyhow::Result<ExitCode> {
    let files = if args.conllu.is_empty() {
        vec![gold_path(
            None,
            "nlp/ud/en_ewt/en_ewt-ud-train.conllu",
            "--conllu",
        )?]
    } else {
        args.conllu.clone()
    };
    let mut resources = Resources::load()?;
    // Features include the rules' decisions, so train on the rules alone.
    resources.text.sentence_model = None;
    let mut instances: Vec<(Vec<u32>, bool)> = Vec::new();
    let mut tokens = Vec::new();
    for file in &files {
        let sentences = read_conllu(file)?;
        for setting in ["par", "flat"] {
            for (text, gold) in build_texts(&sentences, setting) {
                let byte_of: Vec<usize> = text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(text.len()))
                    .collect();
                let gold_starts: HashSet<u32> =
                    gold.iter().map(|&(s, _)| byte_of[s] as u32).collect();
                tokens.clear();
                tokenize(&text, &resources.text, &mut tokens);
                for_each_boundary_instance(
                    &text,
                    &tokens,
                    &resources.text,
                    &gold_starts,
                    &mut |f, y| {
                        instances.push((f.to_vec(), y));
                    },
                );
            }
        }
    }
    let positives = instances.iter().filter(|(_, y)| *y).count();
    eprintln!(
        "{} candidate boundaries ({} sentence starts) from {}",
        instances.len(),
        positives,
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut trainer = Perceptron::new(1);
    let mut order: Vec<usize> = (0..instances.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for epoch in 0..args.epochs {
        // Deterministic Fisher–Yates shuffle (xorshift).
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &i in &order {
            let (features, gold) = &instances[i];
            let predicted = trainer.scores(features)[0] > 0.0;
            if predicted != *gold {
                errors += 1;
            }
            trainer.update_binary(features, *gold);
        }
        eprintln!("epoch {}: {errors} training errors", epoch + 1);
    }
    let model = trainer.average(args.min_weight);
    let bytes = model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} features, {} bytes)",
        args.out.display(),
        model.features(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
