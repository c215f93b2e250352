//! Lemmas for nouns, verbs, auxiliaries, adjectives and pronouns: suffix rules and exceptions
//! learned from UD English-EWT, as `(strip n characters, append s)` edits.
//!
//! A word's lemma is its exception when training saw it with a lemma its suffix rule gets
//! wrong ("went" → "go", "children" → "child", "him" → "he"); otherwise the commonest edit of
//! the longest suffix that training saw at least twice for that part of speech ("-ies" →
//! "-y", "-ing" → ""). Proper nouns keep their case; other words are lower-cased. Every other
//! part of speech keeps its lower-cased form.

use std::collections::HashMap;

use crate::hash::FastBuildHasher;

use super::Upos;

/// The parts of speech lemmatised by rule, as one byte each in the data file.
fn group(upos: Upos) -> Option<char> {
    match upos {
        Upos::Noun => Some('N'),
        Upos::Verb => Some('V'),
        Upos::Aux => Some('A'),
        Upos::Adj => Some('J'),
        Upos::Pron => Some('P'),
        Upos::Propn => Some('R'),
        _ => None,
    }
}

const MAX_SUFFIX: usize = 5;

/// An edit from a lower-cased form to its lemma.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Edit {
    /// Characters to strip from the end.
    strip: usize,
    append: String,
}

impl Edit {
    fn between(form: &str, lemma: &str) -> Edit {
        let common = form
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        Edit {
            strip: form.chars().count() - common,
            append: lemma.chars().skip(common).collect(),
        }
    }

    fn apply(&self, form: &str) -> Option<String> {
        let keep = form.chars().count().checked_sub(self.strip)?;
        let mut lemma: String = form.chars().take(keep).collect();
        lemma.push_str(&self.append);
        (!lemma.is_empty()).then_some(lemma)
    }
}

/// A compiled lemmatiser.
#[derive(Debug, Default)]
pub struct Lemmatizer {
    /// key(group, lower-cased form) → lemma.
    exceptions: HashMap<u64, String, FastBuildHasher>,
    /// key(group, suffix) → edit.
    rules: HashMap<u64, Edit, FastBuildHasher>,
    /// Tells this lemmatiser's memoised lemmas from another's (0 for none yet: `Default`).
    id: u64,
}

/// Per thread, the lemmas of recently seen (form, UPOS) pairs: news repeats its words, and a
/// lemma costs a lower-casing, an exception probe and one probe per suffix length. Bounded;
/// it belongs to one lemmatiser at a time, and changes no result, only the time.
struct LemmaMemo {
    owner: u64,
    lemmas: HashMap<u64, Option<Box<str>>, crate::hash::PrehashedBuildHasher>,
}

const MEMOISED_LEMMAS: usize = 32_768;

thread_local! {
    static LEMMAS: std::cell::RefCell<LemmaMemo> = const {
        std::cell::RefCell::new(LemmaMemo {
            owner: u64::MAX,
            lemmas: HashMap::with_hasher(crate::hash::PrehashedBuildHasher),
        })
    };
}

static NEXT_LEMMATIZER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A 64-bit key for (group, text), so lookups need no allocation; collisions among a few
/// thousand entries are vanishingly unlikely.
fn key(group: char, text: &str) -> u64 {
    let mut h = crate::hash::StableHasher::default();
    h.write(&[group as u8, 0]);
    h.write(text.as_bytes());
    h.finish()
}

/// Why the lemma data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LemmaDataError {
    pub line: usize,
    pub message: String,
}

impl Lemmatizer {
    /// Reads `rule<TAB>group<TAB>suffix<TAB>strip<TAB>append` and
    /// `word<TAB>group<TAB>form<TAB>lemma` lines.
    pub fn parse(text: &str) -> Result<Lemmatizer, LemmaDataError> {
        let mut lemmatizer = Lemmatizer {
            id: NEXT_LEMMATIZER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Lemmatizer::default()
        };
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        {
            let error = |message: String| LemmaDataError {
                line: n + 1,
                message,
            };
            let columns: Vec<&str> = line.split('\t').collect();
            let group = columns
                .get(1)
                .and_then(|g| g.chars().next())
                .filter(|g| "NVAJPR".contains(*g));
            match (columns.first().copied(), group, columns.len()) {
                (Some("rule"), Some(group), 5) => {
                    let strip = columns[3]
                        .parse()
                        .map_err(|_| error(format!("bad strip count {:?}", columns[3])))?;
                    let edit = Edit {
                        strip,
                        append: columns[4].to_string(),
                    };
                    lemmatizer.rules.insert(key(group, columns[2]), edit);
                }
                (Some("word"), Some(group), 4) => {
                    lemmatizer
                        .exceptions
                        .insert(key(group, columns[2]), columns[3].to_string());
                }
                _ => {
                    return Err(error(format!(
                        "expected a `rule` or `word` line, found {line:?}"
                    )));
                }
            }
        }
        Ok(lemmatizer)
    }

    /// [`Lemmatizer::lemma`], memoised per thread.
    pub fn lemma_memoised(&self, word: &str, upos: Upos) -> Option<Box<str>> {
        let mut h = crate::hash::StableHasher::default();
        h.write(&[upos as u8, 0]);
        h.write(word.as_bytes());
        let key = h.finish();
        LEMMAS.with_borrow_mut(|memo| {
            if memo.owner != self.id {
                memo.owner = self.id;
                memo.lemmas.clear();
            }
            if let Some(lemma) = memo.lemmas.get(&key) {
                return lemma.clone();
            }
            if memo.lemmas.len() >= MEMOISED_LEMMAS {
                memo.lemmas.clear();
            }
            let lemma = self.lemma(word, upos).map(String::into_boxed_str);
            memo.lemmas.insert(key, lemma.clone());
            lemma
        })
    }

    /// The lemma of `word` tagged `upos`, or None when it is the word itself.
    pub fn lemma(&self, word: &str, upos: Upos) -> Option<String> {
        // Most words are lower-case already and keep their form: no allocation for them.
        if group(upos).is_none() && !word.chars().any(char::is_uppercase) {
            return None;
        }
        let lower = word.to_lowercase();
        let Some(group) = group(upos) else {
            return (lower != word).then_some(lower);
        };
        let form = if group == 'R' { word } else { lower.as_str() };
        let lemma = self
            .exceptions
            .get(&key(group, form))
            .cloned()
            .or_else(|| self.rule(group, form).and_then(|edit| edit.apply(form)))
            .unwrap_or_else(|| form.to_string());
        (lemma != word).then_some(lemma)
    }

    fn rule(&self, group: char, form: &str) -> Option<&Edit> {
        // Suffix starts, longest first: the last MAX_SUFFIX char boundaries.
        let starts = form.char_indices().rev().take(MAX_SUFFIX).map(|(i, _)| i);
        let mut found = None;
        for start in starts {
            if let Some(edit) = self.rules.get(&key(group, &form[start..])) {
                found = Some(edit);
            }
        }
        found
    }
}

/// Learns rules and exceptions from (form, UPOS, lemma) triples; returns the data file's lines.
pub fn train<'a>(words: impl Iterator<Item = (&'a str, Upos, &'a str)>) -> String {
    let mut by_suffix: HashMap<(char, String), HashMap<Edit, usize>> = HashMap::new();
    let mut by_form: HashMap<(char, String), HashMap<String, usize>> = HashMap::new();
    for (word, upos, lemma) in words {
        let Some(group) = group(upos) else { continue };
        let (form, lemma) = if group == 'R' {
            (word.to_string(), lemma.to_string())
        } else {
            (word.to_lowercase(), lemma.to_lowercase())
        };
        if form.is_empty() || lemma.is_empty() || lemma == "_" {
            continue;
        }
        let edit = Edit::between(&form, &lemma);
        let chars: Vec<usize> = form.char_indices().map(|(i, _)| i).collect();
        for n in 1..=MAX_SUFFIX.min(chars.len()) {
            let suffix = form[chars[chars.len() - n]..].to_string();
            *by_suffix
                .entry((group, suffix))
                .or_default()
                .entry(edit.clone())
                .or_default() += 1;
        }
        *by_form
            .entry((group, form))
            .or_default()
            .entry(lemma)
            .or_default() += 1;
    }
    let best = |counts: &HashMap<Edit, usize>| -> (Edit, usize) {
        let (edit, n) = counts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .expect("non-empty");
        (edit.clone(), *n)
    };
    let mut lemmatizer = Lemmatizer::default();
    let mut rules: Vec<_> = by_suffix
        .iter()
        .filter_map(|(key, counts)| {
            let total: usize = counts.values().sum();
            let (edit, _) = best(counts);
            (total >= 2).then(|| (key.clone(), edit))
        })
        .collect();
    rules.sort();
    // A rule that only repeats what its shorter suffix says is redundant: drop it.
    let mut kept = Vec::new();
    let all: HashMap<(char, String), Edit> = rules.iter().cloned().collect();
    for ((group, suffix), edit) in &rules {
        let shorter = (1..suffix.chars().count()).rev().find_map(|n| {
            let s: String = suffix.chars().skip(suffix.chars().count() - n).collect();
            all.get(&(*group, s))
        });
        let identity = edit.strip == 0 && edit.append.is_empty();
        let redundant = match shorter {
            Some(shorter) => shorter == edit,
            None => identity,
        };
        if !redundant {
            kept.push(((*group, suffix.clone()), edit.clone()));
            lemmatizer.rules.insert(key(*group, suffix), edit.clone());
        }
    }
    let mut exceptions: Vec<((char, String), String)> = by_form
        .iter()
        .filter_map(|((group, form), lemmas)| {
            let (lemma, _) = lemmas
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
            let predicted = lemmatizer
                .rule(*group, form)
                .and_then(|e| e.apply(form))
                .unwrap_or_else(|| form.clone());
            (predicted != *lemma).then(|| ((*group, form.clone()), lemma.clone()))
        })
        .collect();
    exceptions.sort();
    let mut out = String::new();
    for ((group, suffix), edit) in kept {
        out.push_str(&format!(
            "rule\t{group}\t{suffix}\t{}\t{}\n",
            edit.strip, edit.append
        ));
    }
    for ((group, form), lemma) in exceptions {
        if form.contains('\t') || lemma.contains('\t') {
            continue;
        }
        out.push_str(&format!("word\t{group}\t{form}\t{lemma}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_suffix_rules_and_exceptions() {
        let words = [
            ("talks", Upos::Noun, "talk"),
            ("envoys", Upos::Noun, "envoy"),
            ("policies", Upos::Noun, "policy"),
            ("countries", Upos::Noun, "country"),
            ("children", Upos::Noun, "child"),
            ("met", Upos::Verb, "meet"),
            ("signed", Upos::Verb, "sign"),
            ("rejected", Upos::Verb, "reject"),
            ("Talks", Upos::Noun, "talk"),
            ("him", Upos::Pron, "he"),
        ];
        let data = train(words.into_iter());
        let lemmatizer = Lemmatizer::parse(&data).unwrap();
        assert_eq!(
            lemmatizer.lemma("parties", Upos::Noun).as_deref(),
            Some("party")
        );
        assert_eq!(
            lemmatizer.lemma("Sanctions", Upos::Noun).as_deref(),
            Some("sanction")
        );
        assert_eq!(
            lemmatizer.lemma("children", Upos::Noun).as_deref(),
            Some("child")
        );
        assert_eq!(lemmatizer.lemma("met", Upos::Verb).as_deref(), Some("meet"));
        assert_eq!(
            lemmatizer.lemma("accused", Upos::Verb).as_deref(),
            Some("accus")
        );
        assert_eq!(lemmatizer.lemma("Korea", Upos::Propn), None);
        assert_eq!(lemmatizer.lemma("The", Upos::Det).as_deref(), Some("the"));
        assert_eq!(lemmatizer.lemma("him", Upos::Pron).as_deref(), Some("he"));
    }

    /// The memo is per thread and shared: two lemmatisers with different data keep their own
    /// lemmas, and each gives what it gives without the memo.
    #[test]
    fn memoised_lemmas_are_each_lemmatisers_own() {
        let plural = Lemmatizer::parse("rule\tN\ts\t1\t\n").unwrap();
        let exception = Lemmatizer::parse("word\tN\ttalks\tdiscussion\n").unwrap();
        for _ in 0..2 {
            for (lemmatizer, expected) in [(&plural, "talk"), (&exception, "discussion")] {
                assert_eq!(
                    lemmatizer.lemma_memoised("talks", Upos::Noun).as_deref(),
                    Some(expected)
                );
                for (word, upos) in [("Talks", Upos::Noun), ("talks", Upos::Verb), ("x", Upos::X)] {
                    assert_eq!(
                        lemmatizer.lemma_memoised(word, upos),
                        lemmatizer.lemma(word, upos).map(String::into_boxed_str),
                        "{word} {upos:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bad_lines_are_errors() {
        assert!(Lemmatizer::parse("rule\tN\ts\tx\t\n").is_err());
        assert!(Lemmatizer::parse("word\tQ\tmet\tmeet\n").is_err());
    }
}
