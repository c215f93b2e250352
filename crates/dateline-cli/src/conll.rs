//! Reading CoNLL-2003 files: documents (split at `-DOCSTART-`) of sentences of
//! `word POS chunk NER` lines, NER in IOB1 or IOB2.

use std::path::Path;

use anyhow::{Context, bail};
use dateline_engine::syntax::names::{Label, NameKind, OUTSIDE, begin, inside};

pub struct Sentence {
    pub words: Vec<String>,
    /// Gold BIO labels, normalised to IOB2 (every name opens with a B- label).
    pub labels: Vec<Label>,
}

pub struct Document {
    pub sentences: Vec<Sentence>,
}

pub fn read(path: &Path) -> anyhow::Result<Vec<Document>> {
    let content = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut documents = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut words = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let flush = |words: &mut Vec<String>, tags: &mut Vec<String>, sentences: &mut Vec<Sentence>| {
        if !words.is_empty() {
            sentences.push(Sentence {
                words: std::mem::take(words),
                labels: iob2_labels(&std::mem::take(tags)),
            });
        }
    };
    for (n, line) in content.lines().enumerate() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() {
            flush(&mut words, &mut tags, &mut sentences);
            continue;
        }
        if columns[0] == "-DOCSTART-" {
            flush(&mut words, &mut tags, &mut sentences);
            if !sentences.is_empty() {
                documents.push(Document {
                    sentences: std::mem::take(&mut sentences),
                });
            }
            continue;
        }
        if columns.len() < 2 {
            bail!("{}:{}: expected `word ... NER`", path.display(), n + 1);
        }
        let tag = columns[columns.len() - 1];
        if tag != "O"
            && !(tag.len() > 2
                && (tag.starts_with("B-") || tag.starts_with("I-"))
                && NameKind::from_conll(&tag[2..]).is_some())
        {
            bail!("{}:{}: unknown NER tag {tag:?}", path.display(), n + 1);
        }
        words.push(columns[0].to_string());
        tags.push(tag.to_string());
    }
    flush(&mut words, &mut tags, &mut sentences);
    if !sentences.is_empty() {
        documents.push(Document { sentences });
    }
    if documents.is_empty() {
        bail!("{}: no sentences found (is it CoNLL-2003?)", path.display());
    }
    Ok(documents)
}

/// IOB1 or IOB2 tags to IOB2 labels: an I- that does not continue a name of its type opens one.
fn iob2_labels(tags: &[String]) -> Vec<Label> {
    let mut labels = Vec::with_capacity(tags.len());
    let mut previous: Option<NameKind> = None;
    for tag in tags {
        if tag == "O" {
            labels.push(OUTSIDE);
            previous = None;
            continue;
        }
        let kind = NameKind::from_conll(&tag[2..]).expect("checked when read");
        let opens = tag.starts_with("B-") || previous != Some(kind);
        labels.push(if opens { begin(kind) } else { inside(kind) });
        previous = Some(kind);
    }
    labels
}
