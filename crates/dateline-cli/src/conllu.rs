//! Reading CoNLL-U files (Universal Dependencies): sentences with their `# text`, document and
//! paragraph marks, and their syntactic words.

use std::path::Path;

use anyhow::{Context, bail};

/// One syntactic word (multiword-token ranges and empty nodes are skipped, as the UD scorers do).
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
}

pub struct Sentence {
    /// `# text =`, trimmed.
    pub text: String,
    /// `# newdoc` (which also starts a paragraph).
    pub newdoc: bool,
    /// `# newpar` or `# newdoc`.
    pub newpar: bool,
    pub words: Vec<Word>,
}

/// Reads every sentence that has at least one word.
pub fn read(path: &Path) -> anyhow::Result<Vec<Sentence>> {
    let content = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut sentences = Vec::new();
    let new = || Sentence {
        text: String::new(),
        newdoc: false,
        newpar: false,
        words: Vec::new(),
    };
    let mut current = new();
    for (n, line) in content.lines().chain(std::iter::once("")).enumerate() {
        if line.is_empty() {
            let done = std::mem::replace(&mut current, new());
            if !done.words.is_empty() {
                sentences.push(done);
            }
        } else if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(text) = comment.strip_prefix("text =") {
                current.text = text.trim().to_string();
            } else if comment.starts_with("newdoc") {
                current.newdoc = true;
                current.newpar = true;
            } else if comment.starts_with("newpar") {
                current.newpar = true;
            }
        } else {
            let columns: Vec<&str> = line.split('\t').collect();
            if columns.len() != 10 {
                bail!(
                    "{}:{}: expected 10 tab-separated columns, found {}",
                    path.display(),
                    n + 1,
                    columns.len()
                );
            }
            if columns[0].contains(['-', '.']) {
                continue;
            }
            current.words.push(Word {
                form: columns[1].to_string(),
                lemma: columns[2].to_string(),
                upos: columns[3].to_string(),
                xpos: columns[4].to_string(),
            });
        }
    }
    if sentences.is_empty() {
        bail!("{}: no sentences found (is it CoNLL-U?)", path.display());
    }
    Ok(sentences)
}
