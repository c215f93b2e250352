//! Word clusters learnt from unlabelled text: words that occur after the same words fall in
//! the same class ("Pyongyang", "Seoul" and "Tokyo"; "rose", "fell" and "climbed"), so a tagger
//! that has seen one member in its small labelled corpus generalises to the others.
//!
//! The classes come from the predictive exchange algorithm (Uszkoreit and Brants 2008, after
//! Kneser and Ney 1993): each word moves, in turn, to the class that most raises the
//! likelihood of the text under `P(w | v) = P(w | class(w)) · P(class(w) | v)`, until few move.
//! It is run at several numbers of classes; the taggers read every level as a feature (coarse
//! classes generalise, fine ones discriminate), as Brown-cluster prefixes are used by
//! Ratinov and Roth (2009) and Turian et al. (2010).
//!
//! The file holds, per word, the FNV-1a hash of its form and its class at each level: no word
//! list (the text it was learnt from may be under terms that forbid redistributing it).
//!
//! Every token is looked up, so the lookup must not wait on memory: the file lists the words
//! commonest first, and the commonest [`HOT_WORDS`] go in a small table that stays in the
//! cache (in news they are most of the tokens); only rarer words probe the large one.
//!
//! # File format `dateline.clusters/2`
//!
//! Little-endian: the magic `DLCL`, `u32` version 2, `u32` number of levels `L`, `L` × `u32`
//! classes per level, `u32` entries `N`, then `N` × (`u64` hash of the word's form, `L` ×
//! `u16` class). Entries are in order of the word's frequency in the text learnt from,
//! commonest first; a hash appears once.

use std::collections::{HashMap, HashSet};

use crate::hash::StableHasher;
use crate::learn::Reader;

const MAGIC: &[u8; 4] = b"DLCL";
const VERSION: u32 = 2;
/// The most levels a file may have, and so the size of a word's class array.
pub const MAX_LEVELS: usize = 4;
/// How many of the commonest words go in the small table: 4,096 words in 128 KB.
pub const HOT_WORDS: usize = 4096;

/// A word's classes, one per level, coarse to fine; [`WordClusters::UNKNOWN`] past the levels.
pub type Classes = [u16; MAX_LEVELS];

/// Word → classes at each level.
#[derive(Debug, Clone)]
pub struct WordClusters {
    levels: Vec<u32>,
    /// As in the file: commonest first.
    entries: Vec<(u64, Classes)>,
    hot: ClassTable,
    cold: ClassTable,
}

impl Default for WordClusters {
    fn default() -> WordClusters {
        WordClusters::new(Vec::new(), Vec::new())
    }
}

impl PartialEq for WordClusters {
    fn eq(&self, other: &WordClusters) -> bool {
        self.levels == other.levels && self.entries == other.entries
    }
}

/// Open addressing with linear probing over a power-of-two array at most half full; the
/// hash is the key, and a key of 0 marks an empty slot (the word whose form hashes to 0, if
/// any, goes unclustered).
#[derive(Debug, Clone)]
struct ClassTable {
    slots: Vec<(u64, Classes)>,
    shift: u32,
}

impl ClassTable {
    fn new(entries: &[(u64, Classes)]) -> ClassTable {
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let mut table = ClassTable {
            slots: vec![(0, [WordClusters::UNKNOWN; MAX_LEVELS]); size],
            shift: 64 - size.trailing_zeros(),
        };
        for &(key, classes) in entries {
            if key == 0 {
                continue;
            }
            let mut at = table.home(key);
            while table.slots[at].0 != 0 {
                at = (at + 1) & (size - 1);
            }
            table.slots[at] = (key, classes);
        }
        table
    }

    #[inline(always)]
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    #[inline(always)]
    fn get(&self, key: u64) -> Option<&Classes> {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let (k, ref classes) = self.slots[at];
            if k == key {
                return Some(classes);
            }
            if k == 0 {
                return None;
            }
            at = (at + 1) & mask;
        }
    }
}

/// Why a cluster file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterFileError {
    #[error("not a dateline.clusters file")]
    Magic,
    #[error(
        "unsupported dateline.clusters version {0} (this build reads version {VERSION}: run `dateline train clusters`)"
    )]
    Version(u32),
    #[error("truncated or inconsistent cluster file")]
    Length,
    #[error("{0} levels; between 1 and {MAX_LEVELS} are allowed")]
    Levels(u32),
    #[error("entry {entry}: class {class} at level {level} is beyond its {classes} classes")]
    Class {
        entry: usize,
        level: usize,
        class: u16,
        classes: u32,
    },
    #[error("entry {0}: a hash listed twice, or 0")]
    Duplicate(usize),
}

/// The hash a word's form is stored under: FNV-1a 64 of its bytes, which the taggers already
/// compute for their word features.
pub fn word_key(word: &str) -> u64 {
    let mut h = StableHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

impl WordClusters {
    /// The class given for levels a file does not have and for words it does not list.
    pub const UNKNOWN: u16 = u16::MAX;

    /// `entries` commonest first, their hashes distinct and not 0.
    fn new(levels: Vec<u32>, entries: Vec<(u64, Classes)>) -> WordClusters {
        let split = entries.len().min(HOT_WORDS);
        WordClusters {
            hot: ClassTable::new(&entries[..split]),
            cold: ClassTable::new(&entries[split..]),
            levels,
            entries,
        }
    }

    /// The number of classes at each level.
    pub fn levels(&self) -> &[u32] {
        &self.levels
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The classes of the word whose form hashes to `key` ([`word_key`]).
    #[inline]
    pub fn get(&self, key: u64) -> Option<&Classes> {
        self.hot.get(key).or_else(|| self.cold.get(key))
    }

    /// The classes of the word whose form hashes to `key`, [`WordClusters::UNKNOWN`] at every
    /// level for a word the file does not list.
    #[inline]
    pub fn classes(&self, key: u64) -> Classes {
        self.get(key)
            .copied()
            .unwrap_or([Self::UNKNOWN; MAX_LEVELS])
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<WordClusters, ClusterFileError> {
        let mut reader = Reader::new(bytes, ClusterFileError::Length);
        if reader.take(4)? != MAGIC {
            return Err(ClusterFileError::Magic);
        }
        let version = reader.u32()?;
        if version != VERSION {
            return Err(ClusterFileError::Version(version));
        }
        let level_count = reader.u32()?;
        if level_count == 0 || level_count as usize > MAX_LEVELS {
            return Err(ClusterFileError::Levels(level_count));
        }
        let levels = (0..level_count)
            .map(|_| reader.u32())
            .collect::<Result<Vec<u32>, _>>()?;
        if levels
            .iter()
            .any(|&k| k == 0 || k >= u32::from(Self::UNKNOWN))
        {
            return Err(ClusterFileError::Length);
        }
        let count = reader.u32()? as usize;
        if count > 1 << 24 {
            return Err(ClusterFileError::Length);
        }
        let mut entries = Vec::with_capacity(count);
        let mut seen = HashSet::with_capacity(count);
        for entry in 0..count {
            let key = reader.u64()?;
            if key == 0 || !seen.insert(key) {
                return Err(ClusterFileError::Duplicate(entry));
            }
            let mut word = [Self::UNKNOWN; MAX_LEVELS];
            for (level, &k) in levels.iter().enumerate() {
                let class = reader.u16()?;
                if u32::from(class) >= k {
                    return Err(ClusterFileError::Class {
                        entry,
                        level,
                        class,
                        classes: k,
                    });
                }
                word[level] = class;
            }
            entries.push((key, word));
        }
        if !reader.at_end() {
            return Err(ClusterFileError::Length);
        }
        Ok(WordClusters::new(levels, entries))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.entries.len() * (8 + 2 * self.levels.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(self.levels.len() as u32).to_le_bytes());
        for k in &self.levels {
            out.extend_from_slice(&k.to_le_bytes());
        }
        out.extend_from_slice(&(self.entries.len() as u32).to_le_bytes());
        for (key, word) in &self.entries {
            out.extend_from_slice(&key.to_le_bytes());
            for class in &word[..self.levels.len()] {
                out.extend_from_slice(&class.to_le_bytes());
            }
        }
        out
    }
}

/// Settings of [`train`].
#[derive(Clone, Debug)]
pub struct ClusterSettings {
    /// Classes per level, coarse to fine.
    pub levels: Vec<usize>,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Passes over the vocabulary at most; training stops earlier when under 0.1 % of the
    /// words move in a pass.
    pub max_passes: usize,
}

/// Clusters the words of `sentences` (each a sequence of word forms). Deterministic: the
/// same text and settings give the same classes. `progress` hears one line per pass.
pub fn train<'a, S, W>(
    sentences: S,
    settings: &ClusterSettings,
    progress: &mut dyn FnMut(&str),
) -> WordClusters
where
    S: IntoIterator<Item = W>,
    W: IntoIterator<Item = &'a str>,
{
    assert!(
        !settings.levels.is_empty() && settings.levels.len() <= MAX_LEVELS,
        "between 1 and {MAX_LEVELS} levels"
    );
    // Intern every form; a sentence start is u32::MAX in the stream.
    const START: u32 = u32::MAX;
    let mut ids: HashMap<&'a str, u32> = HashMap::new();
    let mut forms: Vec<&'a str> = Vec::new();
    let mut stream: Vec<u32> = Vec::new();
    for sentence in sentences {
        stream.push(START);
        for word in sentence {
            let id = *ids.entry(word).or_insert_with(|| {
                forms.push(word);
                forms.len() as u32 - 1
            });
            stream.push(id);
        }
    }
    let mut counts = vec![0u32; forms.len()];
    for &id in &stream {
        if id != START {
            counts[id as usize] += 1;
        }
    }
    // The vocabulary, commonest first (ties by form, for determinism).
    let mut vocabulary: Vec<u32> = (0..forms.len() as u32)
        .filter(|&id| counts[id as usize] >= settings.min_count)
        .collect();
    vocabulary.sort_by(|&a, &b| {
        counts[b as usize]
            .cmp(&counts[a as usize])
            .then_with(|| forms[a as usize].cmp(forms[b as usize]))
    });
    let words = vocabulary.len();
    // Contexts (predecessors): the vocabulary, then "a rare word", then "the sentence start".
    let rare = words as u32;
    let start = words as u32 + 1;
    let mut index = vec![rare; forms.len()];
    for (i, &id) in vocabulary.iter().enumerate() {
        index[id as usize] = i as u32;
    }
    let mut bigrams: HashMap<(u32, u32), u32> = HashMap::new();
    let mut previous = start;
    for &id in &stream {
        if id == START {
            previous = start;
            continue;
        }
        let w = index[id as usize];
        if w != rare {
            *bigrams.entry((w, previous)).or_default() += 1;
        }
        previous = w;
    }
    let mut predecessors: Vec<Vec<(u32, u32)>> = vec![Vec::new(); words];
    for ((w, v), n) in bigrams {
        predecessors[w as usize].push((v, n));
    }
    for list in &mut predecessors {
        list.sort_unstable();
    }
    progress(&format!(
        "{} tokens, {} forms, {words} clustered (seen {}+ times), {} word pairs",
        stream.len(),
        forms.len(),
        settings.min_count,
        predecessors.iter().map(Vec::len).sum::<usize>()
    ));

    let mut classes = vec![[WordClusters::UNKNOWN; MAX_LEVELS]; words];
    for (level, &k) in settings.levels.iter().enumerate() {
        let assigned = exchange(&predecessors, words + 2, k, settings.max_passes, progress);
        for (w, class) in assigned.into_iter().enumerate() {
            classes[w][level] = class;
        }
    }
    let mut seen = HashSet::with_capacity(words);
    let mut entries = Vec::with_capacity(words);
    for (w, &id) in vocabulary.iter().enumerate() {
        // A hash collision between two forms keeps the commoner.
        let key = word_key(forms[id as usize]);
        if key != 0 && seen.insert(key) {
            entries.push((key, classes[w]));
        }
    }
    WordClusters::new(settings.levels.iter().map(|&k| k as u32).collect(), entries)
}

/// `x ln x`, with `0 ln 0 = 0`, tabulated for the small counts that dominate.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(size: usize) -> XLogX {
        XLogX(
            (0..size)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn at(&self, x: u64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x as f64 * (x as f64).ln(),
        }
    }
}

/// One clustering into `k` classes. `predecessors[w]` lists `(context, count)` pairs of the
/// words seen before word `w`; there are `contexts` contexts. Words are numbered commonest
/// first.
fn exchange(
    predecessors: &[Vec<(u32, u32)>],
    contexts: usize,
    k: usize,
    max_passes: usize,
    progress: &mut dyn FnMut(&str),
) -> Vec<u16> {
    let words = predecessors.len();
    let f = XLogX::new(1 << 20);
    let totals: Vec<u64> = predecessors
        .iter()
        .map(|p| p.iter().map(|&(_, n)| u64::from(n)).sum())
        .collect();
    // Round robin by frequency: the k commonest words start in classes of their own.
    let mut class: Vec<u16> = (0..words).map(|w| (w % k) as u16).collect();
    // context_class[v * k + c]: how often a word of class c follows context v.
    let mut context_class = vec![0u32; contexts * k];
    let mut class_total = vec![0u64; k];
    for w in 0..words {
        let c = class[w] as usize;
        for &(v, n) in &predecessors[w] {
            context_class[v as usize * k + c] += n;
        }
        class_total[c] += totals[w];
    }
    let mut gains = vec![0f64; k];
    for pass in 1..=max_passes {
        let mut moved = 0usize;
        for w in 0..words {
            let from = class[w] as usize;
            for &(v, n) in &predecessors[w] {
                context_class[v as usize * k + from] -= n;
            }
            class_total[from] -= totals[w];
            let total = totals[w];
            for (c, gain) in gains.iter_mut().enumerate() {
                let t = class_total[c];
                *gain = f.at(t) - f.at(t + total);
            }
            for &(v, n) in &predecessors[w] {
                let row = &context_class[v as usize * k..(v as usize + 1) * k];
                let n = u64::from(n);
                for (gain, &m) in gains.iter_mut().zip(row) {
                    let m = u64::from(m);
                    *gain += f.at(m + n) - f.at(m);
                }
            }
            // Stay unless another class is strictly better.
            let mut best = from;
            for c in 0..k {
                if gains[c] > gains[best] + 1e-9 {
                    best = c;
                }
            }
            if best != from {
                moved += 1;
                class[w] = best as u16;
            }
            for &(v, n) in &predecessors[w] {
                context_class[v as usize * k + best] += n;
            }
            class_total[best] += totals[w];
        }
        let likelihood: f64 = context_class
            .iter()
            .map(|&m| f.at(u64::from(m)))
            .sum::<f64>()
            - class_total.iter().map(|&t| f.at(t)).sum::<f64>();
        progress(&format!(
            "{k} classes, pass {pass}: {moved} words moved, log-likelihood {likelihood:.0}"
        ));
        if moved * 1000 < words {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy language where capitals follow "in", people follow "said" and verbs follow
    /// names: the clusters should find the three groups.
    #[test]
    fn words_in_the_same_contexts_share_a_class_and_the_file_round_trips() {
        let cities = ["paris", "rome", "tokyo", "seoul"];
        let people = ["smith", "jones", "brown", "wang"];
        let verbs = ["left", "spoke", "arrived", "resigned"];
        let mut text: Vec<Vec<&str>> = Vec::new();
        for (i, city) in cities.iter().enumerate() {
            for (j, person) in people.iter().enumerate() {
                let verb = verbs[(i + j) % verbs.len()];
                text.push(vec!["in", city, ",", "said", person, verb]);
                text.push(vec!["said", person, "in", city]);
            }
        }
        let settings = ClusterSettings {
            levels: vec![3, 8],
            min_count: 2,
            max_passes: 20,
        };
        let clusters = train(
            text.iter().map(|s| s.iter().copied()),
            &settings,
            &mut |_| {},
        );
        let class = |w: &str| clusters.get(word_key(w)).expect("clustered")[0];
        for group in [&cities, &people, &verbs] {
            assert!(
                group.iter().all(|w| class(w) == class(group[0])),
                "{group:?}"
            );
        }
        assert_ne!(class("paris"), class("smith"));
        assert_ne!(class("smith"), class("left"));
        assert_eq!(clusters.levels(), &[3, 8]);

        let bytes = clusters.to_bytes();
        let read = WordClusters::from_bytes(&bytes).unwrap();
        assert_eq!(read.len(), clusters.len());
        assert_eq!(read.get(word_key("rome")), clusters.get(word_key("rome")));
        assert_eq!(
            read.to_bytes(),
            bytes,
            "training is written deterministically"
        );
        let again = train(
            text.iter().map(|s| s.iter().copied()),
            &settings,
            &mut |_| {},
        );
        assert_eq!(again.to_bytes(), bytes, "training is deterministic");
        // Rare words are not clustered; an unknown word has no class.
        assert_eq!(
            clusters.classes(word_key("lyon")),
            [WordClusters::UNKNOWN; MAX_LEVELS]
        );
        assert_eq!(clusters.classes(word_key("paris"))[0], class("paris"));
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let clusters = WordClusters::new(
            vec![4],
            vec![
                (7u64, [3, WordClusters::UNKNOWN, WordClusters::UNKNOWN, 0]),
                (9u64, [1, WordClusters::UNKNOWN, WordClusters::UNKNOWN, 0]),
            ],
        );
        let bytes = clusters.to_bytes();
        assert!(WordClusters::from_bytes(&bytes).is_ok());
        for cut in 0..bytes.len() {
            assert!(
                WordClusters::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        assert_eq!(
            WordClusters::from_bytes(b"XXXX"),
            Err(ClusterFileError::Magic)
        );
        let mut beyond = bytes.clone();
        let last = beyond.len() - 2;
        beyond[last] = 9;
        assert!(matches!(
            WordClusters::from_bytes(&beyond),
            Err(ClusterFileError::Class { class: 9, .. })
        ));
        let mut twice = bytes.clone();
        let second = 4 + 4 + 4 + 4 + 4 + 10;
        twice[second..second + 8].copy_from_slice(&7u64.to_le_bytes());
        assert_eq!(
            WordClusters::from_bytes(&twice),
            Err(ClusterFileError::Duplicate(1))
        );
    }

    /// The two tables answer as one: every word of a vocabulary larger than the small table
    /// is found with its classes, and words not listed are not.
    #[test]
    fn common_and_rare_words_are_both_found() {
        let entries: Vec<(u64, Classes)> = (1..=(HOT_WORDS as u64 * 3))
            .map(|i| {
                let mut classes = [WordClusters::UNKNOWN; MAX_LEVELS];
                classes[0] = (i % 64) as u16;
                (word_key(&format!("w{i}")), classes)
            })
            .collect();
        let clusters = WordClusters::new(vec![64], entries.clone());
        for (key, classes) in &entries {
            assert_eq!(clusters.get(*key), Some(classes));
        }
        assert_eq!(clusters.get(word_key("not listed")), None);
        assert_eq!(WordClusters::default().get(word_key("w1")), None);
        let read = WordClusters::from_bytes(&clusters.to_bytes()).unwrap();
        assert!(read == clusters, "the file round-trips");
    }
}
