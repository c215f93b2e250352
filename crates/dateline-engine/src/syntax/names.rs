//! Names: people, organisations, places and other proper names, by a greedy averaged
//! perceptron over BIO labels, trained on CoNLL-2003.
//!
//! It reads the words, their shapes and affixes, the part-of-speech tags around them, the
//! label it gave the previous words, and two document-wide clues: whether the word also
//! appears in lower case elsewhere in the article (then a capital is likely just a sentence
//! start), and the label it gave the same word earlier in the article ("Pyongyang" is a place
//! throughout). Words with no capital letter, outside a name, are never names: the model is
//! asked only about capitalised words and the words that continue a name ("Bank of England").

use std::collections::HashMap;

use serde::Serialize;

use crate::hash::{FastBuildHasher, StableHasher};
use crate::learn::{FeatureHasher as F, LinearModel, Perceptron};

use super::Xpos;

/// What a name names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameKind {
    Person,
    Organisation,
    Place,
    Other,
}

impl NameKind {
    pub const ALL: [NameKind; 4] = [
        NameKind::Person,
        NameKind::Organisation,
        NameKind::Place,
        NameKind::Other,
    ];

    /// The CoNLL-2003 type: PER, ORG, LOC, MISC.
    pub fn conll(self) -> &'static str {
        match self {
            NameKind::Person => "PER",
            NameKind::Organisation => "ORG",
            NameKind::Place => "LOC",
            NameKind::Other => "MISC",
        }
    }

    pub fn from_conll(text: &str) -> Option<NameKind> {
        NameKind::ALL.into_iter().find(|k| k.conll() == text)
    }
}

/// A BIO label: 0 is O, then B and I of each kind.
pub type Label = u8;

pub const OUTSIDE: Label = 0;
const LABELS: usize = 1 + 2 * NameKind::ALL.len();

pub fn begin(kind: NameKind) -> Label {
    1 + 2 * kind as u8
}

/// The label that continues a name of `kind`.
pub fn inside(kind: NameKind) -> Label {
    2 + 2 * kind as u8
}

/// The kind of a label other than O, and whether it begins a name.
pub fn label_kind(label: Label) -> Option<(NameKind, bool)> {
    (label != OUTSIDE).then(|| (NameKind::ALL[(label as usize - 1) / 2], label % 2 == 1))
}

/// One sentence of a document, as the tagger sees it.
pub struct SentenceView<'a> {
    pub words: &'a [&'a str],
    pub tags: &'a [Xpos],
}

struct WordInfo {
    lower: u64,
    exact: u64,
    shape: u64,
    suffixes: [u64; 3],
    prefixes: [u64; 2],
}

fn hash(s: &str) -> u64 {
    let mut h = StableHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

fn word_info(word: &str) -> WordInfo {
    super::with_lowercase(word, |lower| word_info_lower(word, lower))
}

fn word_info_lower(word: &str, lower: &str) -> WordInfo {
    let length = lower.chars().count();
    let mut suffixes = [0x5eed; 3];
    for (n, (start, _)) in lower.char_indices().rev().take(3).enumerate() {
        if length > n + 1 {
            suffixes[n] = hash(&lower[start..]);
        }
    }
    let mut prefixes = [0x5eed; 2];
    for (n, prefix) in prefixes.iter_mut().enumerate() {
        if length > n + 1 {
            let end = lower
                .char_indices()
                .nth(n + 1)
                .map_or(lower.len(), |(i, _)| i);
            *prefix = hash(&lower[..end]);
        }
    }
    WordInfo {
        lower: hash(lower),
        exact: hash(word),
        shape: super::shape_hash(word),
        suffixes,
        prefixes,
    }
}

/// Fills the word information of words i-2..=i+2: the model reads no further, and most words
/// (lower-case, outside names) never need it.
fn ensure(infos: &mut [Option<WordInfo>], words: &[&str], i: usize) {
    for k in i.saturating_sub(2)..(i + 3).min(words.len()) {
        if infos[k].is_none() {
            infos[k] = Some(word_info(words[k]));
        }
    }
}

fn has_upper(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        word.chars().any(char::is_uppercase)
    }
}

/// Document-wide memory while tagging.
#[derive(Default)]
struct DocumentMemory {
    /// Lower-cased forms seen written in lower case in the document.
    lower_seen: HashMap<u64, (), FastBuildHasher>,
    /// Exact form → the label last given to it.
    last_label: HashMap<u64, Label, FastBuildHasher>,
}

impl DocumentMemory {
    fn new(sentences: &[SentenceView<'_>]) -> DocumentMemory {
        let mut memory = DocumentMemory::default();
        for s in sentences {
            for w in s.words {
                if w.chars().next().is_some_and(char::is_lowercase) {
                    memory.lower_seen.insert(hash(w), ());
                }
            }
        }
        memory
    }
}

fn features(
    infos: &[Option<WordInfo>],
    tags: &[Xpos],
    i: usize,
    previous: [Label; 2],
    memory: &DocumentMemory,
    all_caps_sentence: bool,
    out: &mut Vec<u32>,
) {
    out.clear();
    let w = infos[i].as_ref().expect("ensure() filled the window");
    let none = 0x5eed_u64;
    let at = |j: isize| {
        i.checked_add_signed(j)
            .and_then(|k| infos.get(k))
            .and_then(Option::as_ref)
    };
    let lower = |j: isize| at(j).map_or(none, |w| w.lower);
    let shape = |j: isize| at(j).map_or(none, |w| w.shape);
    let tag = |j: isize| {
        i.checked_add_signed(j)
            .and_then(|k| tags.get(k))
            .map_or(none, |t| *t as u64 + 1)
    };
    let [t1, t2] = previous.map(u64::from);
    let seen_lower = u64::from(memory.lower_seen.contains_key(&w.lower));
    let earlier = memory
        .last_label
        .get(&w.exact)
        .map_or(none, |&l| u64::from(l));
    let first = u64::from(i == 0);
    let caps = u64::from(all_caps_sentence);
    out.push(F::new(0).id());
    out.push(F::new(1).with(w.lower).id());
    out.push(F::new(2).with(w.exact).id());
    out.push(F::new(3).with(w.shape).id());
    for (n, s) in w.suffixes.iter().enumerate() {
        out.push(F::new(4 + n as u32).with(*s).id());
    }
    for (n, p) in w.prefixes.iter().enumerate() {
        out.push(F::new(7 + n as u32).with(*p).id());
    }
    out.push(F::new(9).with(tag(0)).id());
    out.push(F::new(10).with(tag(-1)).with(tag(0)).id());
    out.push(F::new(11).with(tag(0)).with(tag(1)).id());
    out.push(F::new(12).with(lower(-1)).id());
    out.push(F::new(13).with(lower(1)).id());
    out.push(F::new(14).with(lower(-2)).id());
    out.push(F::new(15).with(lower(2)).id());
    out.push(F::new(16).with(shape(-1)).with(w.shape).id());
    out.push(F::new(17).with(w.shape).with(shape(1)).id());
    out.push(F::new(18).with(t1).id());
    out.push(F::new(19).with(t1).with(t2).id());
    out.push(F::new(20).with(t1).with(w.shape).id());
    out.push(F::new(21).with(t1).with(w.lower).id());
    out.push(F::new(22).with(seen_lower).with(first).with(w.shape).id());
    out.push(F::new(23).with(earlier).id());
    out.push(F::new(24).with(earlier).with(t1).id());
    out.push(F::new(25).with(caps).with(w.shape).id());
    out.push(F::new(26).with(caps).with(w.lower).id());
    out.push(F::new(27).with(lower(-1)).with(w.lower).id());
    out.push(F::new(28).with(w.lower).with(lower(1)).id());
    out.push(F::new(29).with(tag(-1)).with(w.shape).id());
    out.push(F::new(30).with(shape(-1)).with(w.shape).with(shape(1)).id());
}

/// Whether `label` may follow `previous`: I-X only continues X.
fn allowed(label: Label, previous: Label) -> bool {
    match label_kind(label) {
        Some((kind, false)) => label_kind(previous).is_some_and(|(k, _)| k == kind),
        _ => true,
    }
}

/// The best label that may follow `previous`. Training updates against this same choice, so
/// the model never learns to lean on a label the decoder would refuse.
fn best_valid(scores: &[f32], previous: Label) -> Label {
    let mut best = OUTSIDE;
    for label in 1..LABELS as Label {
        if allowed(label, previous) && scores[label as usize] > scores[best as usize] {
            best = label;
        }
    }
    best
}

fn all_caps(words: &[&str]) -> bool {
    let letters: Vec<bool> = words
        .iter()
        .flat_map(|w| w.chars())
        .filter(|c| c.is_alphabetic())
        .map(char::is_uppercase)
        .collect();
    letters.len() > 3 && letters.iter().all(|&u| u)
}

/// A trained name tagger.
#[derive(Debug)]
pub struct NameTagger {
    model: LinearModel,
}

impl NameTagger {
    pub fn new(model: LinearModel) -> Result<NameTagger, String> {
        if model.classes() != LABELS {
            return Err(format!(
                "a name model has {LABELS} classes, this one {}",
                model.classes()
            ));
        }
        Ok(NameTagger { model })
    }

    /// Labels every word of a document, sentence by sentence, in order.
    pub fn tag(&self, sentences: &[SentenceView<'_>]) -> Vec<Vec<Label>> {
        let mut memory = DocumentMemory::new(sentences);
        let mut out = Vec::with_capacity(sentences.len());
        let mut buffer = Vec::with_capacity(32);
        let mut scores = [0.0f32; LABELS];
        for sentence in sentences {
            let mut infos: Vec<Option<WordInfo>> = Vec::new();
            infos.resize_with(sentence.words.len(), || None);
            let caps = all_caps(sentence.words);
            let mut labels = Vec::with_capacity(infos.len());
            let mut previous = [OUTSIDE; 2];
            for i in 0..infos.len() {
                let upper = has_upper(sentence.words[i]);
                let label = if upper || previous[0] != OUTSIDE {
                    ensure(&mut infos, sentence.words, i);
                    features(
                        &infos,
                        sentence.tags,
                        i,
                        previous,
                        &memory,
                        caps,
                        &mut buffer,
                    );
                    self.model.score_into(&buffer, &mut scores);
                    best_valid(&scores, previous[0])
                } else {
                    OUTSIDE
                };
                if let Some(info) = infos[i].as_ref().filter(|_| upper) {
                    memory.last_label.insert(info.exact, label);
                }
                labels.push(label);
                previous = [label, previous[0]];
            }
            out.push(labels);
        }
        out
    }
}

/// A training document: sentences of words, Penn tags and gold BIO labels.
pub struct TrainingDocument {
    pub sentences: Vec<(Vec<String>, Vec<Xpos>, Vec<Label>)>,
}

/// Trains a name tagger. Deterministic for the same documents and settings.
pub fn train(documents: &[TrainingDocument], epochs: usize, min_weight: f32) -> LinearModel {
    let mut trainer = Perceptron::new(LABELS);
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut buffer = Vec::with_capacity(32);
    let mut scores = vec![0.0f32; LABELS];
    for _ in 0..epochs {
        crate::learn::shuffle(&mut order, &mut seed);
        for &d in &order {
            let document = &documents[d];
            let words: Vec<Vec<&str>> = document
                .sentences
                .iter()
                .map(|(w, _, _)| w.iter().map(String::as_str).collect())
                .collect();
            let views: Vec<SentenceView<'_>> = document
                .sentences
                .iter()
                .zip(&words)
                .map(|((_, tags, _), words)| SentenceView { words, tags })
                .collect();
            let mut memory = DocumentMemory::new(&views);
            for (view, (_, _, gold)) in views.iter().zip(&document.sentences) {
                let mut infos: Vec<Option<WordInfo>> =
                    view.words.iter().map(|w| Some(word_info(w))).collect();
                let caps = all_caps(view.words);
                let mut previous = [OUTSIDE; 2];
                for i in 0..infos.len() {
                    let upper = has_upper(view.words[i]);
                    let label = if upper || previous[0] != OUTSIDE {
                        ensure(&mut infos, view.words, i);
                        features(&infos, view.tags, i, previous, &memory, caps, &mut buffer);
                        trainer.scores_into(&buffer, &mut scores);
                        let guess = best_valid(&scores, previous[0]);
                        trainer.update(&buffer, gold[i] as usize, guess as usize);
                        guess
                    } else {
                        OUTSIDE
                    };
                    if let Some(info) = infos[i].as_ref().filter(|_| upper) {
                        memory.last_label.insert(info.exact, label);
                    }
                    previous = [label, previous[0]];
                }
            }
        }
    }
    trainer.average(min_weight)
}

/// Spans of names in one sentence's labels: (first word, end word, kind).
pub fn spans(labels: &[Label]) -> Vec<(usize, usize, NameKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, NameKind)> = None;
    for (i, &label) in labels.iter().enumerate() {
        match label_kind(label) {
            Some((kind, false)) if open.is_some_and(|(_, k)| k == kind) => {}
            Some((kind, _)) => {
                if let Some((start, k)) = open.take() {
                    out.push((start, i, k));
                }
                open = Some((i, kind));
            }
            None => {
                if let Some((start, k)) = open.take() {
                    out.push((start, i, k));
                }
            }
        }
    }
    if let Some((start, k)) = open {
        out.push((start, labels.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        let per = begin(NameKind::Person);
        let per_i = inside(NameKind::Person);
        let loc = begin(NameKind::Place);
        assert_eq!(
            spans(&[per, per_i, OUTSIDE, loc, loc, per_i]),
            vec![
                (0, 2, NameKind::Person),
                (3, 4, NameKind::Place),
                (4, 5, NameKind::Place),
                (5, 6, NameKind::Person)
            ]
        );
        let mut scores = [0.0f32; LABELS];
        scores[per_i as usize] = 2.0;
        scores[per as usize] = 1.0;
        assert_eq!(best_valid(&scores, OUTSIDE), per);
        assert_eq!(best_valid(&scores, per), per_i);
    }

    #[test]
    fn learns_names_from_a_toy_corpus() {
        let doc = |words: &[&str], labels: &[Label]| TrainingDocument {
            sentences: vec![(
                words.iter().map(|w| w.to_string()).collect(),
                words.iter().map(|_| Xpos::Nnp).collect(),
                labels.to_vec(),
            )],
        };
        let (p, pi, l) = (
            begin(NameKind::Person),
            inside(NameKind::Person),
            begin(NameKind::Place),
        );
        let mut docs = Vec::new();
        for (first, last, city) in [
            ("Kim", "Jong", "Seoul"),
            ("Joe", "Biden", "Paris"),
            ("Ann", "Lee", "Rome"),
        ] {
            docs.push(doc(&[first, last, "visited", city], &[p, pi, OUTSIDE, l]));
        }
        let model = train(&docs, 10, 0.0);
        let tagger = NameTagger::new(model).unwrap();
        let words = ["Joe", "Biden", "visited", "Seoul"];
        let tags = [Xpos::Nnp; 4];
        let labels = tagger.tag(&[SentenceView {
            words: &words,
            tags: &tags,
        }]);
        assert_eq!(
            spans(&labels[0]),
            vec![(0, 2, NameKind::Person), (3, 4, NameKind::Place)]
        );
    }
}
