//! `dateline train …`: rebuild the learned models under `data/models/` from gold data.
//!
//! Training is deterministic: the same gold files and code give the same bytes.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use dateline_engine::Resources;
use dateline_engine::learn::Perceptron;
use dateline_engine::resources::{DATA_FILES, DataFile};
use dateline_engine::syntax::{Upos, Xpos, clusters, lemma, names, pos};
use dateline_engine::text::sentences::for_each_boundary_instance;
use dateline_engine::text::tokenize::tokenize;

use crate::eval::sentences::{build_texts, read_conllu};
use crate::shared::gold_path;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// The sentence-boundary model, from CoNLL-U documents (UD English-EWT train by default),
    /// each rendered with and without paragraph breaks.
    Sentences(SentenceTrainArgs),
    /// The part-of-speech tagger and the lemmatiser, from CoNLL-U (UD English-EWT train by
    /// default): writes models/pos.bin, pos.labels, pos.tagdict.tsv and lemmas.tsv.
    Pos(PosTrainArgs),
    /// The name tagger, from CoNLL-2003 (train by default), tagged with the engine's own
    /// part-of-speech tagger: writes models/names.bin. Train the tagger first.
    Names(NameTrainArgs),
    /// Word clusters of lower-case forms from unlabelled text (Reuters-21578 and the words of
    /// the two training sets by default), which the part-of-speech tagger reads: writes
    /// models/clusters.bin. Train them before the taggers.
    Clusters(ClusterTrainArgs),
    /// The learned quote-cue model, from PolNeAR (its train compartment by default), analysed
    /// by the engine as built: writes models/cues.bin. Train the taggers first.
    Cues(CueTrainArgs),
}

#[derive(clap::Args)]
pub struct CueTrainArgs {
    /// PolNeAR JSON Lines (as `dateline eval quotes` reads them) [default: quotes/polnear.jsonl
    /// in the shared data].
    #[arg(long)]
    gold: Option<PathBuf>,
    /// The compartment to learn from.
    #[arg(long, default_value = "train")]
    split: String,
    #[arg(long, default_value = "data/models/cues.bin")]
    out: PathBuf,
    #[arg(long, default_value_t = 5)]
    epochs: usize,
    /// Drop weights below this magnitude.
    #[arg(long, default_value_t = 0.1)]
    min_weight: f32,
    /// Drop features seen in fewer training instances (over all epochs).
    #[arg(long, default_value_t = 5)]
    min_seen: u32,
    /// Added to the bias weight after training: above 0 the model says yes more often.
    #[arg(long, default_value_t = 0.0, allow_negative_numbers = true)]
    bias: f32,
    /// A compartment to report the model's precision and recall on, or `none`.
    #[arg(long, default_value = "dev")]
    check_split: String,
    /// Write the check compartment's verb groups as JSON Lines (gold, score, context).
    #[arg(long)]
    dump: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ClusterTrainArgs {
    /// JSON Lines articles (a `text` field each) [default: Reuters-21578 from the shared data].
    #[arg(long)]
    jsonl: Vec<PathBuf>,
    /// CoNLL-2003 files whose words are read too [default: CoNLL-2003 train].
    #[arg(long)]
    conll: Vec<PathBuf>,
    /// CoNLL-U files whose words are read too [default: UD English-EWT train].
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Classes per level, coarse to fine.
    #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
    levels: Vec<usize>,
    /// Words seen fewer times are left unclustered.
    #[arg(long, default_value_t = 3)]
    min_count: u32,
    #[arg(long, default_value_t = 15)]
    max_passes: usize,
    /// Folder to write clusters.bin into.
    #[arg(long, default_value = "data/models")]
    out_dir: PathBuf,
}

#[derive(clap::Args)]
pub struct NameTrainArgs {
    /// CoNLL-2003 training file [default: train from the shared data].
    #[arg(long)]
    conll: Option<PathBuf>,
    #[arg(long, default_value = "data/models/names.bin")]
    out: PathBuf,
    /// A folder of models (pos.bin, pos.labels, pos.tagdict.tsv, clusters.bin, as `train pos`
    /// and `train clusters` wrote them); those it holds are used instead of the built-in ones,
    /// so no rebuild is needed in between.
    #[arg(long)]
    models: Option<PathBuf>,
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    #[arg(long, default_value_t = 0.5)]
    min_weight: f32,
}

#[derive(clap::Args)]
pub struct PosTrainArgs {
    /// CoNLL-U training file(s) [default: UD English-EWT train from the shared data].
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Folder to write the three files into.
    #[arg(long, default_value = "data/models")]
    out_dir: PathBuf,
    /// Word clusters the tagger reads [default: the shipped models/clusters.bin, as built in].
    #[arg(long)]
    clusters: Option<PathBuf>,
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Drop weights below this magnitude.
    #[arg(long, default_value_t = 0.5)]
    min_weight: f32,
}

#[derive(clap::Args)]
pub struct SentenceTrainArgs {
    /// CoNLL-U training file(s) [default: UD English-EWT train from the shared data].
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "data/models/sentence-boundaries.bin")]
    out: PathBuf,
    /// Where to write the list of common lower-case words the model's features use.
    #[arg(long, default_value = "data/text/common_words.txt")]
    lexicon_out: PathBuf,
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Drop features whose averaged weight is below this.
    #[arg(long, default_value_t = 0.002)]
    min_weight: f32,
}

pub fn run(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Sentences(args) => train_sentences(args),
        TrainCommand::Pos(args) => train_pos(args),
        TrainCommand::Names(args) => train_names(args),
        TrainCommand::Clusters(args) => train_clusters(args),
        TrainCommand::Cues(args) => train_cues(args),
    }
}

/// A verb group's features, whether it is a gold cue, and (for `--dump`) its words in context.
type CueExample = (Vec<u32>, bool, Option<String>);

/// Every verb group of `split` the cue model is asked about, with its features and whether it
/// overlaps a gold cue; with `contexts`, the group's words in context too.
fn cue_instances(
    engine: &dateline_engine::Engine,
    gold: Option<&std::path::Path>,
    split: &str,
    contexts: bool,
) -> anyhow::Result<Vec<CueExample>> {
    use rayon::prelude::*;
    let articles = crate::eval::quotes::cue_training_articles(gold, split)?;
    let resources = engine.resources();
    Ok(articles
        .into_par_iter()
        .map(|(article, cues)| {
            let doc = engine.analyze(article);
            dateline_engine::quotes::cue_instances(
                &doc,
                &resources.quotes,
                &resources.syntax.lemmatizer,
                &resources.syntax.clusters,
            )
            .into_iter()
            .map(|i| {
                let cue = cues
                    .iter()
                    .any(|c| c.start < i.span.end && i.span.start < c.end);
                // The group in brackets with some words around it, for `--dump`.
                let context = contexts.then(|| {
                    let text = &doc.text;
                    let floor = |mut b: usize| {
                        while !text.is_char_boundary(b) {
                            b -= 1;
                        }
                        b
                    };
                    let from = floor(i.span.start.saturating_sub(80) as usize);
                    let to = floor((i.span.end as usize + 80).min(text.len()));
                    format!(
                        "{}[{}]{}",
                        &text[from..i.span.start as usize],
                        &text[i.span],
                        &text[i.span.end as usize..to]
                    )
                    .replace('\n', " ")
                });
                (i.features, cue, context)
            })
            .collect::<Vec<_>>()
        })
        .flatten()
        .collect())
}

fn train_cues(args: CueTrainArgs) -> anyhow::Result<ExitCode> {
    let engine = dateline_engine::Engine::new()?;
    let instances = cue_instances(&engine, args.gold.as_deref(), &args.split, false)?;
    let positives = instances.iter().filter(|(_, cue, _)| *cue).count();
    eprintln!(
        "{} verb groups outside the lexicon, {positives} of them gold cues",
        instances.len()
    );
    let mut perceptron = train_binary(
        instances.len(),
        |i| (&instances[i].0, instances[i].1),
        args.epochs,
        0x5eed_c0de,
    );
    // The attribution measures reward recall: a cue the model is unsure of is still worth
    // taking when its quotes are right more often than not.
    perceptron.shift(dateline_engine::quotes::cue_bias_feature(), 0, args.bias);
    let model = perceptron.average_pruned(args.min_weight, args.min_seen);
    if args.check_split != "none" {
        let check = cue_instances(
            &engine,
            args.gold.as_deref(),
            &args.check_split,
            args.dump.is_some(),
        )?;
        let (mut right, mut predicted, mut gold) = (0, 0, 0);
        let mut dump = String::new();
        for (features, cue, context) in &check {
            let score = model.score(features);
            let yes = score > 0.0;
            if let Some(context) = context {
                dump += &serde_json::json!({"gold": cue, "score": score, "context": context})
                    .to_string();
                dump.push('\n');
            }
            predicted += usize::from(yes);
            gold += usize::from(*cue);
            right += usize::from(yes && *cue);
        }
        let prf = crate::eval::Prf::new(right, gold, predicted);
        eprintln!(
            "{}: {} verb groups, {gold} gold cues; P {:.2} R {:.2} F1 {:.2}",
            args.check_split,
            check.len(),
            prf.precision,
            prf.recall,
            prf.f1
        );
        if let Some(path) = &args.dump {
            std::fs::write(path, dump).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    write_model(&args.out, &model)?;
    Ok(ExitCode::SUCCESS)
}

fn train_sentences(args: SentenceTrainArgs) -> anyhow::Result<ExitCode> {
    let files = ewt_train_or(&args.conllu)?;
    let corpora = files
        .iter()
        .map(|f| read_conllu(f))
        .collect::<anyhow::Result<Vec<_>>>()?;

    // The lexicon first: the features read it.
    // Without the current model: its features include the rules' decisions, not its own, and
    // an old or broken model file must not stop its own rebuilding.
    let rule_files: Vec<DataFile> = DATA_FILES
        .iter()
        .filter(|f| !f.path.starts_with("models/"))
        .copied()
        .collect();
    let base = Resources::from_files(&rule_files)?;
    let lexicon = common_words(corpora.iter().flatten().map(|s| s.text.as_str()), &base);
    let header = format!(
        "# dateline.common-words/1: words seen in lower case inside sentences at least twice, and\n\
         # more often so than capitalised there; the sentence-boundary model uses them to tell a\n\
         # capital that opens a sentence from one that marks a name. Generated by\n\
         # `dateline train sentences` from {} (CC BY-SA 4.0, see data/NOTICE.md).\n",
        file_names(&files)
    );
    let text = header + &lexicon.join("\n") + "\n";
    std::fs::write(&args.lexicon_out, &text)
        .with_context(|| format!("writing {}", args.lexicon_out.display()))?;
    eprintln!(
        "wrote {} ({} words)",
        args.lexicon_out.display(),
        lexicon.len()
    );
    let files_with_lexicon: Vec<DataFile> = rule_files
        .iter()
        .map(|f| {
            if f.path == "text/common_words.txt" {
                DataFile {
                    path: f.path,
                    contents: Box::leak(text.clone().into_bytes().into_boxed_slice()),
                }
            } else {
                *f
            }
        })
        .collect();
    let resources = Resources::from_files(&files_with_lexicon)?;

    let mut instances: Vec<(Vec<u32>, bool)> = Vec::new();
    let mut tokens = Vec::new();
    for sentences in &corpora {
        for setting in ["par", "flat"] {
            for (text, gold) in build_texts(sentences, setting) {
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
    let trainer = train_binary(
        instances.len(),
        |i| (&instances[i].0, instances[i].1),
        args.epochs,
        0x2545_f491_4f6c_dd1d,
    );
    let model = trainer.average(args.min_weight);
    write_model(&args.out, &model)?;
    Ok(ExitCode::SUCCESS)
}

/// A binary averaged perceptron over `count` instances (`instance(i)`: features and label),
/// each epoch in a new seeded order; prints each epoch's training errors.
fn train_binary<'a>(
    count: usize,
    instance: impl Fn(usize) -> (&'a [u32], bool),
    epochs: usize,
    mut seed: u64,
) -> Perceptron {
    let mut trainer = Perceptron::new(1);
    let mut order: Vec<usize> = (0..count).collect();
    for epoch in 0..epochs {
        dateline_engine::learn::shuffle(&mut order, &mut seed);
        let mut errors = 0;
        for &i in &order {
            let (features, gold) = instance(i);
            errors += usize::from((trainer.scores(features)[0] > 0.0) != gold);
            trainer.update_binary(features, gold);
        }
        eprintln!("epoch {}: {errors} training errors", epoch + 1);
    }
    trainer
}

/// Writes a model file and says how large it is.
fn write_model(
    path: &std::path::Path,
    model: &dateline_engine::learn::LinearModel,
) -> anyhow::Result<()> {
    let bytes = model.to_bytes();
    std::fs::write(path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "wrote {} ({} features, {} bytes)",
        path.display(),
        model.features(),
        bytes.len()
    );
    Ok(())
}

fn file_names(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| {
            f.file_name().map_or(f.display().to_string(), |n| {
                n.to_string_lossy().into_owned()
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words seen in lower case inside sentences at least twice, and more often than capitalised
/// there (a sentence's first word says nothing about its case).
fn common_words<'a>(
    sentences: impl Iterator<Item = &'a str>,
    resources: &Resources,
) -> Vec<String> {
    let mut lower: HashMap<String, (u32, u32)> = HashMap::new();
    let mut tokens = Vec::new();
    for sentence in sentences {
        tokens.clear();
        tokenize(sentence, &resources.text, &mut tokens);
        for token in tokens.iter().skip(1) {
            let word = &sentence[token.span];
            let Some(first) = word.chars().next() else {
                continue;
            };
            if !word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            {
                continue;
            }
            let counts = lower.entry(word.to_lowercase()).or_default();
            if first.is_lowercase() {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
    }
    let mut words: Vec<String> = lower
        .into_iter()
        .filter(|(_, (low, cap))| *low >= 2 && low >= cap)
        .map(|(w, _)| w)
        .collect();
    words.sort();
    words
}

fn train_pos(args: PosTrainArgs) -> anyhow::Result<ExitCode> {
    let files = ewt_train_or(&args.conllu)?;
    let mut sentences = Vec::new();
    let mut lemma_triples: Vec<(String, Upos, String)> = Vec::new();
    for file in &files {
        for sentence in crate::conllu::read(file)? {
            let tagged = tagged(&sentence).with_context(|| file.display().to_string())?;
            for (word, tag) in sentence.words.iter().zip(&tagged.tags) {
                lemma_triples.push((word.form.clone(), tag.upos, word.lemma.clone()));
            }
            sentences.push(tagged);
        }
    }
    let words: usize = sentences.iter().map(|s| s.words.len()).sum();
    eprintln!(
        "{} sentences, {words} words from {}",
        sentences.len(),
        file_names(&files)
    );
    let clusters = match &args.clusters {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            clusters::WordClusters::from_bytes(&bytes)
                .with_context(|| format!("reading {}", path.display()))?
        }
        None => (*Resources::load()?.syntax.clusters).clone(),
    };
    let trained = pos::train(&sentences, &clusters, args.epochs, args.min_weight);
    let header = format!(
        "# dateline.pos/1, generated by `dateline train pos` from {} (CC BY-SA 4.0, see data/README.md)\n",
        file_names(&files)
    );
    let write = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = args.out_dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        Ok(())
    };
    write("pos.bin", &trained.model.to_bytes())?;
    write("pos.labels", (header.clone() + &trained.labels).as_bytes())?;
    write(
        "pos.tagdict.tsv",
        (header.clone() + &trained.tagdict).as_bytes(),
    )?;
    let lemmas = lemma::train(
        lemma_triples
            .iter()
            .map(|(w, u, l)| (w.as_str(), *u, l.as_str())),
    );
    let lemma_header = header.replace("dateline.pos/1", "dateline.lemmas/1")
        + "# rule<TAB>group<TAB>suffix<TAB>strip<TAB>append | word<TAB>group<TAB>form<TAB>lemma;\n\
           # groups: N noun, V verb, A auxiliary, J adjective, P pronoun, R proper noun\n";
    write("lemmas.tsv", (lemma_header + &lemmas).as_bytes())?;
    eprintln!(
        "{} features, {} labels",
        trained.model.features(),
        trained.model.classes()
    );
    Ok(ExitCode::SUCCESS)
}

/// A CoNLL-U sentence as training data for the tagger.
pub(crate) fn tagged(sentence: &crate::conllu::Sentence) -> anyhow::Result<pos::TaggedSentence> {
    let mut tags = Vec::with_capacity(sentence.words.len());
    for word in &sentence.words {
        let upos =
            Upos::parse(&word.upos).with_context(|| format!("unknown UPOS {:?}", word.upos))?;
        let xpos =
            Xpos::parse(&word.xpos).with_context(|| format!("unknown Penn tag {:?}", word.xpos))?;
        tags.push(pos::PosTag { upos, xpos });
    }
    Ok(pos::TaggedSentence {
        words: sentence.words.iter().map(|w| w.form.clone()).collect(),
        tags,
    })
}

fn train_names(args: NameTrainArgs) -> anyhow::Result<ExitCode> {
    let file = gold_path(args.conll.as_deref(), "nlp/conll2003/train.txt", "--conll")?;
    let resources = crate::shared::resources_with_models(args.models.as_deref())?;
    let tagger = resources
        .syntax
        .pos
        .as_ref()
        .context("train the part-of-speech tagger first")?;
    let mut documents = Vec::new();
    for document in crate::conll::read(&file)? {
        let mut sentences = Vec::new();
        for sentence in document.sentences {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            let mut tags = Vec::new();
            tagger.tag(&words, &mut tags);
            let tags = tags.into_iter().map(|t| t.xpos).collect();
            sentences.push((sentence.words, tags, sentence.labels));
        }
        documents.push(names::TrainingDocument { sentences });
    }
    eprintln!("{} documents from {}", documents.len(), file.display());
    let model = names::train(&documents, args.epochs, args.min_weight);
    write_model(&args.out, &model)?;
    Ok(ExitCode::SUCCESS)
}

fn train_clusters(args: ClusterTrainArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        !args.levels.is_empty()
            && args.levels.len() <= clusters::MAX_LEVELS
            && args
                .levels
                .iter()
                .all(|&k| (2..=u16::MAX as usize - 1).contains(&k)),
        "--levels takes 1 to {} class counts between 2 and 65534",
        clusters::MAX_LEVELS
    );
    let or_default =
        |given: &[PathBuf], default: &str, flag: &str| -> anyhow::Result<Vec<PathBuf>> {
            if given.is_empty() {
                Ok(vec![gold_path(None, default, flag)?])
            } else {
                Ok(given.to_vec())
            }
        };
    let jsonl = or_default(&args.jsonl, "news/reuters21578.jsonl", "--jsonl")?;
    let conll = or_default(&args.conll, "nlp/conll2003/train.txt", "--conll")?;
    let conllu = or_default(
        &args.conllu,
        "nlp/ud/en_ewt/en_ewt-ud-train.conllu",
        "--conllu",
    )?;
    // The text files alone: the cluster files being replaced may be unreadable.
    let text_resources = dateline_engine::resources::TextResources::load()?;
    // Sentences of words, owned: the texts are read one file at a time.
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut tokens = Vec::new();
    for file in &jsonl {
        let content =
            std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        for (n, line) in content
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let value: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", file.display(), n + 1))?;
            let Some(text) = value["text"].as_str() else {
                anyhow::bail!("{}:{}: no `text` field", file.display(), n + 1);
            };
            tokens.clear();
            tokenize(text, &text_resources, &mut tokens);
            // A sentence ends after . ? or !: what follows starts fresh.
            let mut sentence = Vec::new();
            for token in &tokens {
                let word = &text[token.span];
                sentence.push(word.to_string());
                if matches!(word, "." | "?" | "!") {
                    sentences.push(std::mem::take(&mut sentence));
                }
            }
            if !sentence.is_empty() {
                sentences.push(sentence);
            }
        }
    }
    for file in &conll {
        for document in crate::conll::read(file)? {
            sentences.extend(document.sentences.into_iter().map(|s| s.words));
        }
    }
    for file in &conllu {
        for sentence in crate::conllu::read(file)? {
            sentences.push(sentence.words.into_iter().map(|w| w.form).collect());
        }
    }
    let settings = clusters::ClusterSettings {
        levels: args.levels.clone(),
        min_count: args.min_count,
        max_passes: args.max_passes,
    };
    let sources = file_names(&[jsonl, conll, conllu].concat());
    // The tagger reads the classes of lower-case forms: web text's capitals are erratic, and
    // its tags depend less on them than the name tagger's do.
    for word in sentences.iter_mut().flatten() {
        if word.chars().any(char::is_uppercase) {
            *word = word.to_lowercase();
        }
    }
    let name = "clusters.bin";
    let trained = clusters::train(
        sentences.iter().map(|s| s.iter().map(String::as_str)),
        &settings,
        &mut |line| eprintln!("{line}"),
    );
    let bytes = trained.to_bytes();
    let path = args.out_dir.join(name);
    std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "wrote {} ({} words, levels {:?}, {} bytes) from {sources}",
        path.display(),
        trained.len(),
        trained.levels(),
        bytes.len(),
    );
    Ok(ExitCode::SUCCESS)
}

/// The CoNLL-U files given, or UD English-EWT train from the shared data.
fn ewt_train_or(given: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if given.is_empty() {
        Ok(vec![gold_path(
            None,
            "nlp/ud/en_ewt/en_ewt-ud-train.conllu",
            "--conllu",
        )?])
    } else {
        Ok(given.to_vec())
    }
}
