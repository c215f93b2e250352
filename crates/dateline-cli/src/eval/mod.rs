//! `dateline eval …`: score the engine against gold data, the shared sets or the user's own.

mod dates;
mod entities;
mod event_suites;
mod events;
mod flags;
mod names;
mod pos;
pub(crate) mod quotes;
pub(crate) mod sentences;
mod sha256;
mod timex;

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Sentence boundaries: boundary F1 on CoNLL-U documents (UD English-EWT dev by default),
    /// rebuilt with and without paragraph breaks, and the Golden Rules.
    Sentences(sentences::SentenceEvalArgs),
    /// Part-of-speech accuracy (UPOS and Penn tags) with gold tokens, on CoNLL-U (UD
    /// English-EWT dev by default).
    Pos(pos::PosEvalArgs),
    /// Name (entity) F1 on CoNLL-2003 (valid by default), exact span and type.
    Names(names::NameEvalArgs),
    /// Time expressions scored as TempEval-3 Task A (strict and relaxed extent F1, type and
    /// value F1), on TimeML or JSON Lines gold (TBAQ-cleaned by default).
    Timex(timex::TimexEvalArgs),
    /// Dates on GUM's Wikinews documents (gum_wikinews.jsonl by default): how many gold `<date>`
    /// spans an engine DATE/TIME timex reaches, and how many get the gold interval.
    Dates(dates::DateEvalArgs),
    /// Actor mentions linked to the knowledge base, on GUM Wikinews (in-scope identities of
    /// data/eval/gum_scope.tsv) and the AllSides entity gold (data/eval/allsides_entities):
    /// link and mention precision/recall by span overlap, by kind.
    Entities(entities::EntityEvalArgs),
    /// Quotes on PolNeAR (polnear.jsonl, the dev compartment by default): direct quotes and
    /// their speakers as ANCHORS.md measures them, and every attribution with its source and
    /// content overlap.
    Quotes(quotes::QuoteEvalArgs),
    /// Office flags on articles where one reference to an office's holder was swapped for
    /// someone out of office on that date (built from AllSides by default), and false flags on
    /// the untouched articles.
    Flags(flags::FlagEvalArgs),
    /// Events: on the PLOVER gold records (the dev slice by default), type F1 and
    /// type+actors F1 as GOLD_DEV.md defines them; or, with --suite tabari|petr, TABARI's
    /// and PETRARCH's validation suites with their own dictionaries.
    Events(events::EventEvalArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

pub fn run(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Sentences(args) => sentences::run(args),
        EvalCommand::Pos(args) => pos::run(args),
        EvalCommand::Names(args) => names::run(args),
        EvalCommand::Timex(args) => timex::run(args),
        EvalCommand::Dates(args) => dates::run(args),
        EvalCommand::Entities(args) => entities::run(args),
        EvalCommand::Quotes(args) => quotes::run(args),
        EvalCommand::Flags(args) => flags::run(args),
        EvalCommand::Events(args) => events::run(args),
    }
}

/// For each byte offset of `text` (and its end), the code-point offset of the char it falls in:
/// gold files count code points, the engine bytes.
pub(crate) fn code_point_offsets(text: &str) -> Vec<usize> {
    let mut char_at = vec![0usize; text.len() + 1];
    let mut count = 0;
    for (byte, c) in text.char_indices() {
        char_at[byte..byte + c.len_utf8()].fill(count);
        count += 1;
    }
    char_at[text.len()] = count;
    char_at
}

/// One line of a GUM-style gold file (`gum_wikinews.jsonl`): the article's text and id, the
/// gold array `field` (raw), and the article as a JSON line the reader turns into exactly that
/// text: without `title` (the text already holds the headline) and without the gold fields.
pub(crate) struct GoldLine<T> {
    pub id: String,
    pub text: String,
    pub gold: Vec<T>,
    pub article_json: String,
}

pub(crate) fn read_gold_line<T: serde::de::DeserializeOwned>(
    line: &str,
    line_no: usize,
    field: &str,
) -> anyhow::Result<GoldLine<T>> {
    use anyhow::Context;
    let mut value: serde_json::Value =
        serde_json::from_str(line).with_context(|| format!("line {line_no}"))?;
    let object = value
        .as_object_mut()
        .with_context(|| format!("line {line_no}: not a JSON object"))?;
    let field_of = |name: &str| object.get(name).and_then(serde_json::Value::as_str);
    let text = field_of("text")
        .with_context(|| format!("line {line_no}: no `text`"))?
        .to_string();
    let id = field_of("id").unwrap_or("").to_string();
    let gold = match object.remove(field) {
        Some(gold) => {
            serde_json::from_value(gold).with_context(|| format!("line {line_no}: `{field}`"))?
        }
        None => Vec::new(),
    };
    object.remove("title");
    object.retain(|key, _| !key.starts_with("gold_"));
    Ok(GoldLine {
        id,
        text,
        gold,
        article_json: serde_json::to_string(&value)?,
    })
}

/// `part` of `whole` in percent; 0 of nothing is 0.
pub(crate) fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Precision, recall and F1 from counts, in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Prf {
    pub fn new(correct: usize, gold: usize, predicted: usize) -> Prf {
        let precision = if predicted == 0 {
            0.0
        } else {
            correct as f64 / predicted as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            correct as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision: 100.0 * precision,
            recall: 100.0 * recall,
            f1: 100.0 * f1,
            gold,
            predicted,
            correct,
        }
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:6.2}  R {:6.2}  F1 {:6.2}  (gold {}, predicted {}, correct {})",
            self.precision, self.recall, self.f1, self.gold, self.predicted, self.correct
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_from_counts() {
        let prf = Prf::new(8, 10, 16);
        assert!((prf.precision - 50.0).abs() < 1e-9);
        assert!((prf.recall - 80.0).abs() < 1e-9);
        assert!((prf.f1 - 61.538_461_5).abs() < 1e-6);
        assert_eq!(Prf::new(0, 0, 0).f1, 0.0);
    }
}
