//! `dateline eval sentences`: sentence-boundary scores on CoNLL-U documents and on the Golden
//! Rules, computed exactly as `shared/data/nlp/anchors/ud_eval.py` and `golden_rules.py` do for
//! spaCy, so the figures compare.
//!
//! CoNLL-U: each document's text is rebuilt from its `# text =` lines, sentences joined by one
//! space inside a paragraph and by a blank line between paragraphs (`par`), by one space
//! everywhere (`flat`), or with each paragraph as its own text (`parsplit`). A boundary is the
//! code-point offset where a sentence starts, the document's first excepted; boundary P/R/F1
//! compares those sets, sentence-exact P/R/F1 the (start, end) pairs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use dateline_engine::article::{PlainTextOptions, parse_plain_text};
use dateline_engine::span::CharOffsets;
use dateline_engine::text::{SentenceSplitter, Tokenizer};
use dateline_engine::{Document, Pipeline, Resources};
use serde::Serialize;

use super::{EvalFormat, Prf};
use crate::shared::gold_path;

const DEFAULT_CONLLU: &str = "nlp/ud/en_ewt/en_ewt-ud-dev.conllu";
const DEFAULT_GOLDEN: &str = "nlp/sbd/golden_rules_en.jsonl";
/// Rule 41 expects the splitter to delete a line break from the text; a splitter that returns
/// spans of the text cannot, so it is left out of the count.
const GOLDEN_RULES_EXCLUDED: &[u64] = &[41];

#[derive(clap::Args)]
pub struct SentenceEvalArgs {
    /// CoNLL-U file(s) with `# text`, `# newdoc` and `# newpar` comments [default: UD
    /// English-EWT dev from the shared data].
    #[arg(long)]
    conllu: Vec<PathBuf>,
    /// Golden Rules JSON Lines (`{"id", "name", "input", "expected"}`) [default: the shared
    /// English Golden Rules].
    #[arg(long)]
    golden: Option<PathBuf>,
    /// Skip the CoNLL-U part.
    #[arg(long)]
    no_conllu: bool,
    /// Skip the Golden Rules part.
    #[arg(long)]
    no_golden: bool,
    /// Score the rules alone, without the learned boundary model.
    #[arg(long)]
    rules_only: bool,
    /// Print up to N missed and spurious boundaries per setting, with context.
    #[arg(long, default_value_t = 0)]
    show_errors: usize,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
}

#[derive(Serialize)]
struct Report {
    conllu: Vec<ConlluReport>,
    golden_rules: Option<GoldenReport>,
}

#[derive(Serialize)]
struct ConlluReport {
    file: String,
    documents: usize,
    sentences: usize,
    settings: Vec<SettingReport>,
}

#[derive(Serialize)]
struct SettingReport {
    setting: &'static str,
    texts: usize,
    boundary: Prf,
    sentence_exact: Prf,
    #[serde(skip)]
    errors: Vec<String>,
}

#[derive(Serialize)]
struct GoldenReport {
    file: String,
    rules: usize,
    counted: usize,
    passed: usize,
    excluded: Vec<u64>,
    failed: Vec<GoldenFailure>,
}

#[derive(Serialize)]
struct GoldenFailure {
    id: u64,
    name: String,
    expected: Vec<String>,
    got: Vec<String>,
}

pub fn run(args: SentenceEvalArgs) -> anyhow::Result<ExitCode> {
    let splitter = TextSplitter::new(args.rules_only)?;
    let mut report = Report {
        conllu: Vec::new(),
        golden_rules: None,
    };
    if !args.no_conllu {
        let files = if args.conllu.is_empty() {
            vec![gold_path(None, DEFAULT_CONLLU, "--conllu")?]
        } else {
            args.conllu.clone()
        };
        for file in files {
            report
                .conllu
                .push(eval_conllu(&splitter, &file, args.show_errors)?);
        }
    }
    if !args.no_golden {
        let file = gold_path(args.golden.as_deref(), DEFAULT_GOLDEN, "--golden")?;
        report.golden_rules = Some(eval_golden(&splitter, &file)?);
    }
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => print_text(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &Report) {
    for c in &report.conllu {
        println!(
            "{} — {} documents, {} sentences",
            c.file, c.documents, c.sentences
        );
        for s in &c.settings {
            println!("  {:<9} boundary        {}", s.setting, s.boundary);
            println!("  {:<9} sentence-exact  {}", "", s.sentence_exact);
            for e in &s.errors {
                println!("    {e}");
            }
        }
    }
    if let Some(g) = &report.golden_rules {
        println!(
            "{} — Golden Rules: {} of {} pass (rules {:?} excluded: they expect an edited text)",
            g.file, g.passed, g.counted, g.excluded
        );
        for f in &g.failed {
            println!(
                "  rule {} ({}):\n    expected {:?}\n    got      {:?}",
                f.id, f.name, f.expected, f.got
            );
        }
    }
}

/// Tokenizer and sentence splitter alone: the layers this evaluation scores.
pub struct TextSplitter {
    resources: Resources,
    pipeline: Pipeline,
}

impl TextSplitter {
    pub fn new(rules_only: bool) -> anyhow::Result<TextSplitter> {
        let mut resources = Resources::load()?;
        if rules_only {
            resources.text.sentence_model = None;
        }
        let pipeline = Pipeline::new(vec![Box::new(Tokenizer), Box::new(SentenceSplitter)])?;
        Ok(TextSplitter {
            resources,
            pipeline,
        })
    }

    /// Sentence spans of `text` in code points.
    pub fn sentences(&self, text: &str) -> Vec<(usize, usize)> {
        let date = jiff::civil::date(2000, 1, 1);
        let options = PlainTextOptions {
            date,
            id: "eval",
            title: None,
        };
        let article = parse_plain_text(text.as_bytes(), &options).expect("gold text is text");
        let mut doc = Document::new(article);
        self.pipeline.run(&mut doc, &self.resources);
        let offsets = CharOffsets::new(&doc.text);
        doc.sentences
            .iter()
            .map(|s| {
                (
                    offsets.char_offset(s.span.start) as usize,
                    offsets.char_offset(s.span.end) as usize,
                )
            })
            .collect()
    }
}

/// The reference script keeps only what sentence boundaries need.
pub(crate) use crate::conllu::Sentence as GoldSentence;

/// Reads sentences as `ud_eval.py`'s `read_conllu` does: `# text` stripped, `# newdoc` implies a
/// new paragraph, sentences without word lines dropped.
pub(crate) fn read_conllu(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    crate::conllu::read(path)
}

/// Builds texts and their gold sentence spans (code points) as `ud_eval.py`'s `build_docs`.
pub(crate) fn build_texts(
    sentences: &[GoldSentence],
    setting: &str,
) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut texts = Vec::new();
    let (mut text, mut spans) = (String::new(), Vec::new());
    let mut chars = 0usize;
    for s in sentences {
        if (s.newdoc || (setting == "parsplit" && s.newpar)) && !text.is_empty() {
            texts.push((std::mem::take(&mut text), std::mem::take(&mut spans)));
            chars = 0;
        }
        if !text.is_empty() {
            let joiner = if s.newpar && setting == "par" {
                "\n\n"
            } else {
                " "
            };
            text.push_str(joiner);
            chars += joiner.len();
        }
        let len = s.text.chars().count();
        spans.push((chars, chars + len));
        text.push_str(&s.text);
        chars += len;
    }
    if !text.is_empty() {
        texts.push((text, spans));
    }
    texts
}

fn eval_conllu(
    splitter: &TextSplitter,
    path: &Path,
    show_errors: usize,
) -> anyhow::Result<ConlluReport> {
    let sentences = read_conllu(path)?;
    let documents = sentences.iter().filter(|s| s.newdoc).count().max(1);
    let mut settings = Vec::new();
    for setting in ["par", "flat", "parsplit"] {
        let texts = build_texts(&sentences, setting);
        let (mut b_tp, mut b_gold, mut b_pred) = (0, 0, 0);
        let (mut s_tp, mut s_gold, mut s_pred) = (0, 0, 0);
        let mut errors = Vec::new();
        for (text, gold) in &texts {
            let predicted = splitter.sentences(text);
            let gold_starts: HashSet<usize> = gold.iter().skip(1).map(|s| s.0).collect();
            let pred_starts: HashSet<usize> = predicted.iter().skip(1).map(|s| s.0).collect();
            b_tp += gold_starts.intersection(&pred_starts).count();
            b_gold += gold_starts.len();
            b_pred += pred_starts.len();
            let gold_set: HashSet<_> = gold.iter().copied().collect();
            let pred_set: HashSet<_> = predicted.iter().copied().collect();
            s_tp += gold_set.intersection(&pred_set).count();
            s_gold += gold_set.len();
            s_pred += pred_set.len();
            if errors.len() < 2 * show_errors {
                let chars: Vec<char> = text.chars().collect();
                let context = |at: usize| {
                    let a = at.saturating_sub(40);
                    let b = (at + 40).min(chars.len());
                    let before: String = chars[a..at].iter().collect();
                    let after: String = chars[at..b].iter().collect();
                    format!("{before}┃{after}").replace('\n', "⏎")
                };
                let mut missed: Vec<_> = gold_starts.difference(&pred_starts).copied().collect();
                let mut spurious: Vec<_> = pred_starts.difference(&gold_starts).copied().collect();
                missed.sort_unstable();
                spurious.sort_unstable();
                for at in missed {
                    errors.push(format!("missed   {}", context(at)));
                }
                for at in spurious {
                    errors.push(format!("spurious {}", context(at)));
                }
                errors.truncate(2 * show_errors);
            }
        }
        settings.push(SettingReport {
            setting,
            texts: texts.len(),
            boundary: Prf::new(b_tp, b_gold, b_pred),
            sentence_exact: Prf::new(s_tp, s_gold, s_pred),
            errors,
        });
    }
    Ok(ConlluReport {
        file: path.display().to_string(),
        documents,
        sentences: sentences.len(),
        settings,
    })
}

#[derive(serde::Deserialize)]
struct GoldenRule {
    id: u64,
    name: String,
    input: String,
    expected: Vec<String>,
}

fn eval_golden(splitter: &TextSplitter, path: &Path) -> anyhow::Result<GoldenReport> {
    let content = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut rules = 0;
    let mut passed = 0;
    let mut failed = Vec::new();
    for (i, line) in content
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let rule: GoldenRule =
            serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), i + 1))?;
        rules += 1;
        if GOLDEN_RULES_EXCLUDED.contains(&rule.id) {
            continue;
        }
        let chars: Vec<char> = rule.input.chars().collect();
        let got: Vec<String> = splitter
            .sentences(&rule.input)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect::<String>().trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        if got == rule.expected {
            passed += 1;
        } else {
            failed.push(GoldenFailure {
                id: rule.id,
                name: rule.name,
                expected: rule.expected,
                got,
            });
        }
    }
    Ok(GoldenReport {
        file: path.display().to_string(),
        rules,
        counted: rules - GOLDEN_RULES_EXCLUDED.len().min(rules),
        passed,
        excluded: GOLDEN_RULES_EXCLUDED.to_vec(),
        failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_rebuilt_as_the_reference_script_does() {
        let s = |text: &str, newdoc, newpar| GoldSentence {
            text: text.to_string(),
            newdoc,
            newpar,
            words: Vec::new(),
        };
        let sentences = [
            s("A b.", true, true),
            s("Cé d.", false, false),
            s("E.", false, true),
            s("F.", true, true),
        ];
        let par = build_texts(&sentences, "par");
        assert_eq!(par[0].0, "A b. Cé d.\n\nE.");
        assert_eq!(par[0].1, vec![(0, 4), (5, 10), (12, 14)]);
        assert_eq!(par[1].0, "F.");
        let flat = build_texts(&sentences, "flat");
        assert_eq!(flat[0].0, "A b. Cé d. E.");
        let parsplit = build_texts(&sentences, "parsplit");
        assert_eq!(parsplit.len(), 3);
    }
}
