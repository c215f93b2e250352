//! Part-of-speech tagging: Universal POS and Penn Treebank tags together, by a greedy averaged
//! perceptron over each sentence (Collins 2002; the feature set follows Honnibal's well-known
//! tagger, with longer affixes, right-hand context, and the words' classes learnt from
//! unlabelled news, `clusters`).
//!
//! The tagger predicts one joint label (`UPOS XPOS`, about a hundred seen in UD English-EWT),
//! so the two tag sets never disagree. Frequent words that almost always take one label skip the
//! model (the tag dictionary), which is both faster and slightly more accurate.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::hash::{FastBuildHasher, PrehashedBuildHasher, StableHasher};
use crate::learn::{FeatureHasher as F, LinearModel, Perceptron};

use super::clusters::{Classes, WordClusters};
use super::{Upos, Xpos};

/// One joint label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PosTag {
    pub upos: Upos,
    pub xpos: Xpos,
}

/// A trained tagger: model, labels, tag dictionary.
#[derive(Debug)]
pub struct PosTagger {
    /// Left to right, seeing the tags chosen so far.
    model: LinearModel,
    labels: Vec<PosTag>,
    /// Frequent words that take one label 97 % of the time in training → that label: the
    /// model is skipped for them.
    lexicon: HashMap<String, u16, FastBuildHasher>,
    /// The NUM/CD label, given to every number without asking the model.
    number: Option<u16>,
    /// The PUNCT labels of the closing and opening quotation marks, given to `''` and two
    /// backticks (one token each; EWT writes few of them, so the model has not seen them).
    quotes: (Option<u16>, Option<u16>),
    /// Word classes learnt from unlabelled news, which carry what EWT's 200,000 words did not
    /// teach about rarer words.
    clusters: Arc<WordClusters>,
    /// Tells this tagger's memoised word scores from another's.
    id: u64,
}

/// Per-token values the features read, computed once per sentence.
#[derive(Clone, Copy)]
struct WordInfo {
    exact: u64,
    lower: u64,
    suffixes: [u64; 4],
    prefix1: u64,
    prefix2: u64,
    shape: u64,
    /// Capitalised, all capitals, has a digit, has a hyphen.
    flags: u64,
    clusters: Classes,
}

const NONE: u64 = 0x5eed;
const START: u64 = 0x57a7;

fn exact_hash(word: &str) -> u64 {
    let mut exact = StableHasher::default();
    exact.write(word.as_bytes());
    exact.finish()
}

fn word_info(word: &str, exact: u64, clusters: &WordClusters) -> WordInfo {
    super::with_lowercase(word, |lower| word_info_lower(word, exact, lower, clusters))
}

fn word_info_lower(word: &str, exact: u64, lower: &str, clusters: &WordClusters) -> WordInfo {
    let hash = |s: &str| {
        let mut h = StableHasher::default();
        h.write(s.as_bytes());
        h.finish()
    };
    // Suffixes of one to four characters, of words longer than the suffix.
    let mut suffixes = [NONE; 4];
    let length = lower.chars().count();
    for (n, (start, _)) in lower.char_indices().rev().take(4).enumerate() {
        if length > n + 1 {
            suffixes[n] = hash(&lower[start..]);
        }
    }
    let prefix = |n: usize| {
        if length > n {
            hash(&lower[..lower.char_indices().nth(n).map_or(lower.len(), |c| c.0)])
        } else {
            NONE
        }
    };
    let (mut upper, mut letters, mut digit, mut hyphen) = (0, 0, false, false);
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
            letters += 1;
        } else if c.is_lowercase() {
            letters += 1;
        } else if c.is_numeric() {
            digit = true;
        } else {
            hyphen |= c == '-';
        }
    }
    let capitalised = word.starts_with(char::is_uppercase);
    let flags = u64::from(capitalised)
        | u64::from(letters > 1 && upper == letters) << 1
        | u64::from(digit) << 2
        | u64::from(hyphen) << 3;
    let lower = hash(lower);
    WordInfo {
        exact,
        lower,
        // The tagger's classes are of lower-case forms: one probe, by the lower-case form.
        clusters: clusters.classes(lower),
        suffixes,
        prefix1: prefix(1),
        prefix2: prefix(2),
        shape: super::shape_hash(word),
        flags,
    }
}

/// The features of word `i` given the labels already chosen for the words before it: those
/// of the word alone, then those of its context.
fn features(words: &[WordInfo], i: usize, previous: [u64; 2], out: &mut Vec<u32>) {
    word_features(&words[i], out);
    context_features(words, i, previous, out);
}

/// The features that depend on the word's form alone, whose scores the tagger memoises.
fn word_features(w: &WordInfo, out: &mut Vec<u32>) {
    out.clear();
    out.push(F::new(0).id());
    out.push(F::new(1).with(w.lower).id());
    out.push(F::new(2).with(w.exact).id());
    for (n, suffix) in w.suffixes.iter().enumerate() {
        out.push(F::new(3 + n as u32).with(*suffix).id());
    }
    out.push(F::new(7).with(w.prefix1).id());
    out.push(F::new(8).with(w.prefix2).id());
    out.push(F::new(9).with(w.shape).id());
    out.push(F::new(27).with(u64::from(w.clusters[0])).id());
    out.push(F::new(28).with(u64::from(w.clusters[1])).id());
    out.push(F::new(29).with(u64::from(w.clusters[2])).id());
}

/// The features of word `i` that read its neighbours, its position or the labels before it,
/// appended to `out`.
fn context_features(words: &[WordInfo], i: usize, previous: [u64; 2], out: &mut Vec<u32>) {
    let w = &words[i];
    let at = |offset: isize| -> Option<&WordInfo> {
        i.checked_add_signed(offset).and_then(|j| words.get(j))
    };
    let lower = |o: isize| at(o).map_or(if o < 0 { START } else { NONE }, |w| w.lower);
    let suffix3 = |o: isize| at(o).map_or(NONE, |w| w.suffixes[2]);
    let shape = |o: isize| at(o).map_or(NONE, |w| w.shape);
    let class = |o: isize, level: usize| {
        at(o).map_or(u64::from(u16::MAX - 1), |w| u64::from(w.clusters[level]))
    };
    let [t1, t2] = previous;
    let first = u64::from(i == 0);
    out.push(F::new(10).with(w.flags).with(first).id());
    out.push(F::new(11).with(t1).id());
    out.push(F::new(12).with(t2).id());
    out.push(F::new(13).with(t1).with(t2).id());
    out.push(F::new(14).with(t1).with(w.lower).id());
    out.push(F::new(15).with(lower(-1)).id());
    out.push(F::new(18).with(lower(1)).id());
    out.push(F::new(19).with(suffix3(1)).id());
    out.push(F::new(21).with(lower(-1)).with(w.lower).id());
    out.push(F::new(22).with(w.lower).with(lower(1)).id());
    out.push(F::new(23).with(shape(1)).id());
    out.push(F::new(26).with(t1).with(lower(1)).id());
    out.push(F::new(30).with(class(1, 1)).id());
}

/// Per thread, what the tagger knows of recently tagged words, keyed by the form's hash: the
/// features' values (`WordInfo`), the tag dictionary's answer, and the word-alone part of the
/// scores. News repeats its vocabulary, so most words the tagger meets were seen shortly
/// before, and neither their affixes and classes nor their ten word-alone features need be
/// computed and looked up again. Bounded; it belongs to one tagger at a time (a tagger's
/// `id`), and it changes no result, only the time.
struct WordScoreCache {
    owner: u64,
    slots: HashMap<u64, u32, PrehashedBuildHasher>,
    infos: Vec<WordInfo>,
    fixed: Vec<Option<u16>>,
    /// `classes` partial scores a slot; only those of words the dictionary does not fix.
    scores: Vec<f32>,
}

/// About 6.5 MB per thread for the 102 labels of the EWT tagger.
const CACHED_WORDS: usize = 16_384;

thread_local! {
    static WORD_SCORES: RefCell<WordScoreCache> = const {
        RefCell::new(WordScoreCache {
            owner: u64::MAX,
            slots: HashMap::with_hasher(PrehashedBuildHasher),
            infos: Vec::new(),
            fixed: Vec::new(),
            scores: Vec::new(),
        })
    };
}

impl WordScoreCache {
    fn clear(&mut self) {
        self.slots.clear();
        self.infos.clear();
        self.fixed.clear();
        self.scores.clear();
    }

    /// The slot of `word`, filled on first sight.
    fn slot(
        &mut self,
        tagger: &PosTagger,
        word: &str,
        exact: u64,
        features: &mut Vec<u32>,
    ) -> usize {
        if let Some(&slot) = self.slots.get(&exact) {
            return slot as usize;
        }
        if self.slots.len() == CACHED_WORDS {
            self.clear();
        }
        let classes = tagger.labels.len();
        let slot = self.slots.len();
        self.slots.insert(exact, slot as u32);
        let info = word_info(word, exact, &tagger.clusters);
        let fixed = tagger.fixed_class(word);
        self.scores.resize((slot + 1) * classes, 0.0);
        if fixed.is_none() {
            word_features(&info, features);
            let row = &mut self.scores[slot * classes..(slot + 1) * classes];
            tagger.model.partial_scores(features, row);
        }
        self.infos.push(info);
        self.fixed.push(fixed);
        slot
    }
}

static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(0);

/// Why a tagger's data files could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PosDataError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("the model has {model} classes but the label file lists {labels}")]
    Classes { model: usize, labels: usize },
}

impl PosTagger {
    /// Builds a tagger from its model, its labels (`UPOS<TAB>XPOS` per line, in class order)
    /// and its tag dictionary (`word<TAB>class index` per line).
    pub fn new(
        model: LinearModel,
        labels: &str,
        tagdict: &str,
        clusters: Arc<WordClusters>,
    ) -> Result<PosTagger, (String, PosDataError)> {
        let labels = parse_labels(labels).map_err(|e| ("labels".to_string(), e))?;
        for m in [&model] {
            if labels.len() != m.classes() {
                return Err((
                    "labels".to_string(),
                    PosDataError::Classes {
                        model: m.classes(),
                        labels: labels.len(),
                    },
                ));
            }
        }
        let mut lexicon = HashMap::with_hasher(FastBuildHasher);
        for (n, line) in tagdict
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        {
            let error = |message: String| {
                (
                    "lexicon".to_string(),
                    PosDataError::Line {
                        line: n + 1,
                        message,
                    },
                )
            };
            let mut columns = line.split('\t');
            let (Some(word), Some(classes), Some(fixed), None) = (
                columns.next(),
                columns.next(),
                columns.next(),
                columns.next(),
            ) else {
                return Err(error(format!(
                    "expected `word<TAB>classes<TAB>fixed class or -`, found {line:?}"
                )));
            };
            for class in classes.split(',') {
                let class: u16 = class
                    .parse()
                    .map_err(|_| error(format!("bad class {class:?}")))?;
                if usize::from(class) >= labels.len() {
                    return Err(error(format!(
                        "class {class} is beyond the {} labels",
                        labels.len()
                    )));
                }
            }
            let fixed = match fixed {
                "-" => None,
                class => Some(
                    class
                        .parse::<u16>()
                        .map_err(|_| error(format!("bad class {class:?}")))?,
                ),
            };
            if let Some(fixed) = fixed {
                lexicon.insert(word.to_string(), fixed);
            }
        }
        let number = labels
            .iter()
            .position(|t| t.upos == Upos::Num && t.xpos == Xpos::Cd)
            .map(|c| c as u16);
        let label = |xpos: Xpos| {
            labels
                .iter()
                .position(|t| t.upos == Upos::Punct && t.xpos == xpos)
                .map(|c| c as u16)
        };
        let quotes = (label(Xpos::CloseQuote), label(Xpos::OpenQuote));
        Ok(PosTagger {
            model,
            labels,
            lexicon,
            number,
            quotes,
            clusters,
            id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    pub fn labels(&self) -> &[PosTag] {
        &self.labels
    }

    /// The class the tag dictionary, the quotation marks or the number rule give `word`
    /// without the model.
    fn fixed_class(&self, word: &str) -> Option<u16> {
        let fixed = self.lexicon.get(word).copied();
        let mark = match word {
            "''" => self.quotes.0,
            "``" => self.quotes.1.or(self.quotes.0),
            _ => None,
        };
        fixed
            .or(mark)
            .or_else(|| self.number.filter(|_| is_number(word)))
    }

    /// Tags one sentence's words, appending one tag per word to `out`.
    pub fn tag(&self, words: &[&str], out: &mut Vec<PosTag>) {
        WORD_SCORES.with_borrow_mut(|cache| {
            if cache.owner != self.id {
                cache.owner = self.id;
                cache.clear();
            }
            let mut features = Vec::with_capacity(24);
            let mut infos: Vec<WordInfo> = Vec::with_capacity(words.len());
            let mut dict: Vec<Option<u16>> = Vec::with_capacity(words.len());
            for word in words {
                let slot = cache.slot(self, word, exact_hash(word), &mut features);
                infos.push(cache.infos[slot]);
                dict.push(cache.fixed[slot]);
            }
            let tags = greedy(self, cache, words, &infos, &dict, &mut features);
            out.extend(tags.iter().map(|&c| self.labels[c as usize]));
        });
    }
}

/// One greedy left-to-right pass.
fn greedy(
    tagger: &PosTagger,
    cache: &mut WordScoreCache,
    words: &[&str],
    infos: &[WordInfo],
    dict: &[Option<u16>],
    features: &mut Vec<u32>,
) -> Vec<u16> {
    let model = &tagger.model;
    let classes = tagger.labels.len();
    let mut scores = vec![0.0f32; classes];
    let mut tags = Vec::with_capacity(infos.len());
    let mut previous = [START, START];
    for (i, fixed) in dict.iter().enumerate().take(infos.len()) {
        let class = match *fixed {
            Some(class) => class,
            None => {
                // Filled by `tag` a moment ago, unless the cache was full and emptied since.
                let slot = cache.slot(tagger, words[i], infos[i].exact, features);
                // The memoised row (four bytes a class) is read after the context's rows are
                // looked up: ask for it now, and the two waits overlap.
                let row = cache.scores[slot * classes..].as_ptr();
                for line in (0..classes).step_by(16) {
                    crate::learn::prefetch(row.wrapping_add(line));
                }
                features.clear();
                context_features(infos, i, previous, features);
                model.score_with_partial(
                    &cache.scores[slot * classes..(slot + 1) * classes],
                    features,
                    &mut scores,
                );
                argmax(&scores) as u16
            }
        };
        tags.push(class);
        previous = [u64::from(class) + 1, previous[0]];
    }
    tags
}

/// Digits with separators (`155,221`, `5.93`, `1987`, `3:30`, `1/2`): tagged NUM/CD outright,
/// which the model does 99 % of the time anyway, at a fraction of the cost.
fn is_number(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b':' | b'/'))
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Parses `UPOS<TAB>XPOS` lines.
pub fn parse_labels(text: &str) -> Result<Vec<PosTag>, PosDataError> {
    let mut labels = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
    {
        let error = |message: String| PosDataError::Line {
            line: n + 1,
            message,
        };
        let (upos, xpos) = line
            .split_once('\t')
            .ok_or_else(|| error(format!("expected `UPOS<TAB>XPOS`, found {line:?}")))?;
        let upos = Upos::parse(upos).ok_or_else(|| error(format!("unknown UPOS {upos:?}")))?;
        let xpos = Xpos::parse(xpos).ok_or_else(|| error(format!("unknown Penn tag {xpos:?}")))?;
        labels.push(PosTag { upos, xpos });
    }
    Ok(labels)
}

/// A training sentence: words and their gold tags.
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub tags: Vec<PosTag>,
}

/// What training produces: the data files of a tagger.
pub struct TrainedTagger {
    pub model: LinearModel,
    /// `UPOS<TAB>XPOS` per line.
    pub labels: String,
    /// `word<TAB>class` per line.
    pub tagdict: String,
}

/// Trains a tagger. Deterministic for the same sentences and settings.
pub fn train(
    sentences: &[TaggedSentence],
    clusters: &WordClusters,
    epochs: usize,
    min_weight: f32,
) -> TrainedTagger {
    // Labels in order of frequency, so class 0 is the commonest.
    let mut counts: HashMap<PosTag, usize> = HashMap::new();
    let mut by_word: HashMap<&str, HashMap<PosTag, usize>> = HashMap::new();
    for s in sentences {
        for (word, tag) in s.words.iter().zip(&s.tags) {
            *counts.entry(*tag).or_default() += 1;
            *by_word.entry(word).or_default().entry(*tag).or_default() += 1;
        }
    }
    let mut labels: Vec<(PosTag, usize)> = counts.into_iter().collect();
    labels.sort_by(|a, b| {
        b.1.cmp(&a.1).then_with(|| {
            (a.0.upos.as_str(), a.0.xpos.as_str()).cmp(&(b.0.upos.as_str(), b.0.xpos.as_str()))
        })
    });
    let labels: Vec<PosTag> = labels.into_iter().map(|(t, _)| t).collect();
    let index: HashMap<PosTag, usize> = labels.iter().enumerate().map(|(i, t)| (*t, i)).collect();

    // Words seen ten times or more that take one label at least 97 % of the time skip the
    // model (twenty times gave the same accuracy on EWT dev, GUM and PUD, with half the words). The
    // lexicon file also lists the labels each of them took, for whoever reads it.
    let mut lexicon: Vec<(String, String, u16)> = by_word
        .iter()
        .filter_map(|(word, tags)| {
            let total: usize = tags.values().sum();
            if total < 10 {
                return None;
            }
            let mut seen: Vec<(usize, usize)> = tags.iter().map(|(t, n)| (index[t], *n)).collect();
            seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let classes = seen
                .iter()
                .map(|(c, _)| c.to_string())
                .collect::<Vec<_>>()
                .join(",");
            let fixed = (seen[0].1 as f64 / total as f64 >= 0.97).then_some(seen[0].0 as u16)?;
            Some((word.to_string(), classes, fixed))
        })
        .collect();
    lexicon.sort();
    let dict: HashMap<&str, u16> = lexicon.iter().map(|(w, _, f)| (w.as_str(), *f)).collect();
    let infos: Vec<Vec<WordInfo>> = sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| word_info(w, exact_hash(w), clusters))
                .collect()
        })
        .collect();
    let number = index
        .get(&PosTag {
            upos: Upos::Num,
            xpos: Xpos::Cd,
        })
        .map(|&c| c as u16);
    let dicts: Vec<Vec<Option<u16>>> = sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| {
                    dict.get(w.as_str())
                        .copied()
                        .or_else(|| number.filter(|_| is_number(w)))
                })
                .collect()
        })
        .collect();
    let golds: Vec<Vec<u16>> = sentences
        .iter()
        .map(|s| s.tags.iter().map(|t| index[t] as u16).collect())
        .collect();
    let data = TrainingData {
        infos: &infos,
        dicts: &dicts,
        golds: &golds,
        classes: labels.len(),
    };

    let all: Vec<usize> = (0..sentences.len()).collect();
    let model = data.train(&all, epochs).average(min_weight);
    let labels_text = labels
        .iter()
        .map(|t| format!("{}\t{}\n", t.upos.as_str(), t.xpos.as_str()))
        .collect();
    let tagdict_text = lexicon
        .iter()
        .map(|(w, c, f)| format!("{w}\t{c}\t{f}\n"))
        .collect();
    TrainedTagger {
        model,
        labels: labels_text,
        tagdict: tagdict_text,
    }
}

struct TrainingData<'a> {
    infos: &'a [Vec<WordInfo>],
    dicts: &'a [Vec<Option<u16>>],
    golds: &'a [Vec<u16>],
    classes: usize,
}

impl TrainingData<'_> {
    /// Trains one pass on the sentences `subset`, in a shuffled order each epoch.
    fn train(&self, subset: &[usize], epochs: usize) -> Perceptron {
        let mut trainer = Perceptron::new(self.classes);
        let mut order = subset.to_vec();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut features_buf = Vec::with_capacity(40);
        let mut scores = vec![0.0f32; self.classes];
        for _ in 0..epochs {
            crate::learn::shuffle(&mut order, &mut seed);
            for &s in &order {
                let mut previous = [START, START];
                for i in 0..self.infos[s].len() {
                    let gold = self.golds[s][i] as usize;
                    let class = match self.dicts[s][i] {
                        Some(class) => class as usize,
                        None => {
                            features(&self.infos[s], i, previous, &mut features_buf);
                            trainer.scores_into(&features_buf, &mut scores);
                            let guess = argmax(&scores);
                            trainer.update(&features_buf, gold, guess);
                            guess
                        }
                    };
                    // Train on what inference will see: the tagger's own previous guesses.
                    previous = [class as u64 + 1, previous[0]];
                }
            }
        }
        trainer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(upos: &str, xpos: &str) -> PosTag {
        PosTag {
            upos: Upos::parse(upos).unwrap(),
            xpos: Xpos::parse(xpos).unwrap(),
        }
    }

    #[test]
    fn learns_a_toy_language_and_loads_its_own_files() {
        let sentence = |pairs: &[(&str, &str, &str)]| TaggedSentence {
            words: pairs.iter().map(|p| p.0.to_string()).collect(),
            tags: pairs.iter().map(|p| tag(p.1, p.2)).collect(),
        };
        let mut sentences = Vec::new();
        for noun in ["envoy", "minister", "army", "talks", "offer"] {
            sentences.push(sentence(&[
                ("the", "DET", "DT"),
                (noun, "NOUN", "NN"),
                ("left", "VERB", "VBD"),
            ]));
            sentences.push(sentence(&[
                ("they", "PRON", "PRP"),
                ("saw", "VERB", "VBD"),
                ("the", "DET", "DT"),
                (noun, "NOUN", "NN"),
            ]));
        }
        let clusters = Arc::new(WordClusters::default());
        let trained = train(&sentences, &clusters, 5, 0.0);
        let tagger =
            PosTagger::new(trained.model, &trained.labels, &trained.tagdict, clusters).unwrap();
        let mut out = Vec::new();
        tagger.tag(&["the", "envoy", "left"], &mut out);
        assert_eq!(
            out,
            vec![tag("DET", "DT"), tag("NOUN", "NN"), tag("VERB", "VBD")]
        );
    }

    /// The memo of word scores is per thread and shared by taggers: a second tagger on the
    /// same thread must not read the first one's scores for the same word. The two taggers
    /// learn opposite tags for the same two words in the same context, so only the word's own
    /// scores tell them apart.
    #[test]
    fn two_taggers_on_one_thread_keep_their_own_word_scores() {
        let trained_with = |envoy: (&str, &str), minister: (&str, &str)| {
            let mut sentences = Vec::new();
            for _ in 0..3 {
                for (word, (upos, xpos)) in [("envoy", envoy), ("minister", minister)] {
                    sentences.push(TaggedSentence {
                        words: vec!["an".to_string(), word.to_string()],
                        tags: vec![tag("DET", "DT"), tag(upos, xpos)],
                    });
                }
            }
            let clusters = Arc::new(WordClusters::default());
            let trained = train(&sentences, &clusters, 5, 0.0);
            PosTagger::new(trained.model, &trained.labels, &trained.tagdict, clusters).unwrap()
        };
        let (noun, adj) = (("NOUN", "NN"), ("ADJ", "JJ"));
        let first = trained_with(noun, adj);
        let second = trained_with(adj, noun);
        let tag_envoy = |tagger: &PosTagger| {
            let mut out = Vec::new();
            tagger.tag(&["an", "envoy"], &mut out);
            out[1]
        };
        assert_eq!(tag_envoy(&first), tag("NOUN", "NN"));
        assert_eq!(tag_envoy(&second), tag("ADJ", "JJ"));
        assert_eq!(tag_envoy(&first), tag("NOUN", "NN"));
    }

    /// The memo changes no tag: a sentence with more distinct words than the memo holds (so
    /// it is emptied while the sentence is tagged) gets the tags the model gives without it.
    #[test]
    fn the_word_memo_changes_no_tag_even_when_emptied_mid_sentence() {
        let mut sentences = Vec::new();
        for (word, upos, xpos) in [
            ("the", "DET", "DT"),
            ("envoy", "NOUN", "NN"),
            ("Envoys", "NOUN", "NNS"),
            ("left", "VERB", "VBD"),
            ("quickly", "ADV", "RB"),
        ] {
            sentences.push(TaggedSentence {
                words: vec!["they".to_string(), word.to_string()],
                tags: vec![tag("PRON", "PRP"), tag(upos, xpos)],
            });
        }
        let clusters = Arc::new(WordClusters::default());
        let trained = train(&sentences, &clusters, 5, 0.0);
        let tagger =
            PosTagger::new(trained.model, &trained.labels, &trained.tagdict, clusters).unwrap();
        let invented: Vec<String> = (0..CACHED_WORDS + 100)
            .map(|n| match n % 4 {
                0 => format!("Word{n}s"),
                1 => format!("w{n}ly"),
                2 => format!("{n}"),
                _ => format!("re-{n}ed"),
            })
            .collect();
        let mut words: Vec<&str> = invented.iter().map(String::as_str).collect();
        // Known words after the memo was emptied, and again words seen before that.
        words.extend([
            "the", "envoy", "left", "quickly", "Word0s", "w1ly", "Envoys",
        ]);
        let mut cached = Vec::new();
        tagger.tag(&words, &mut cached);

        let infos: Vec<WordInfo> = words
            .iter()
            .map(|w| word_info(w, exact_hash(w), &tagger.clusters))
            .collect();
        let mut expected = Vec::new();
        let (mut previous, mut features_buf) = ([START, START], Vec::new());
        let mut scores = vec![0.0; tagger.labels.len()];
        for (i, word) in words.iter().enumerate() {
            let class = tagger.fixed_class(word).unwrap_or_else(|| {
                features(&infos, i, previous, &mut features_buf);
                tagger.model.score_into(&features_buf, &mut scores);
                argmax(&scores) as u16
            });
            expected.push(tagger.labels[class as usize]);
            previous = [u64::from(class) + 1, previous[0]];
        }
        assert_eq!(cached.len(), words.len());
        let differing = (0..words.len())
            .filter(|&i| cached[i] != expected[i])
            .count();
        assert_eq!(
            differing, 0,
            "{differing} words tagged differently with the memo"
        );
    }

    #[test]
    fn bad_label_files_are_errors() {
        assert!(parse_labels("NOUN\tNN\nNOUN\tXX\n").is_err());
        assert!(parse_labels("NOUNS\tNN\n").is_err());
    }
}
