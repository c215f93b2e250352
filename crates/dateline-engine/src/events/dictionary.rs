//! The verb dictionary: verbs grouped in blocks that share a default CAMEO code and phrase
//! patterns around the verb (`data/events/verbs.txt`, format `dateline.verbs/1`).
//!
//! ```text
//! &currency money currency cash_ dollar          synset: its members, `_` joins a phrase
//! [BLAME] 112                                     block: name and default code (--- for none)
//! verb accuse 112                                 a verb of the block, with its own code
//! verb call off {called}                          a phrasal verb, and forms the lemmatiser may miss
//! - * of torture [1122]                           a pattern: words around the verb `*`
//! - + been * by $ [060]                           `$` source, `+` target, `^` any actor, `%` both
//! ```
//!
//! A pattern's words must appear in order in the verb's clause, other words may come between
//! them; a word ending in `_` must be the whole token, other words match the token, its lemma,
//! or (for dictionaries in TABARI's convention) any token that starts with them. A code
//! `A:B` is A for the active verb and B for the passive. The pattern that matches the most
//! items wins, and the earlier one on a tie.

use std::collections::HashMap;

use crate::hash::FastBuildHasher;

/// A CAMEO code for the active and the passive verb; `None` is `---`, no event.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Code {
    pub active: Option<Box<str>>,
    pub passive: Option<Box<str>>,
}

impl Code {
    /// `112`, `042:043`, `---`; TABARI's subordinate codes (`023?`: used only when the
    /// sentence has no other event) keep their `?`.
    pub fn parse(text: &str) -> Result<Code, String> {
        let one = |part: &str| -> Result<Option<Box<str>>, String> {
            let part = part.trim();
            let bare = part.strip_suffix('?').unwrap_or(part);
            if part == "---" || part.is_empty() {
                Ok(None)
            } else if bare.len() <= 5 && bare.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(Some(part.into()))
            } else {
                Err(format!(
                    "expected a code such as 112 or 042:043, found {text:?}"
                ))
            }
        };
        match text.split_once(':') {
            Some((a, p)) => Ok(Code {
                active: one(a)?,
                passive: one(p)?,
            }),
            None => {
                let active = one(text)?;
                Ok(Code {
                    passive: active.clone(),
                    active,
                })
            }
        }
    }

    pub fn get(&self, passive: bool) -> Option<&str> {
        if passive {
            self.passive.as_deref()
        } else {
            self.active.as_deref()
        }
    }
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// Consecutive words ("arms", or "golden goblin" from `golden_goblin`); `exact` when the
    /// last ended in `_`.
    Words {
        words: Vec<Box<str>>,
        exact: bool,
    },
    /// Any member of a synset.
    Synset(u32),
    Source,
    Target,
    /// An actor that is both source and target (meetings).
    Compound,
    /// Any actor, skipped.
    AnyActor,
}

#[derive(Clone, Debug)]
pub struct Pattern {
    /// Items before the verb, in text order.
    pub before: Vec<Item>,
    /// Items after the verb, in text order.
    pub after: Vec<Item>,
    pub code: Code,
    /// Hashes ([`crate::learn::hash_str`]) of the first word of each word item: a sentence
    /// without all of them, as a token or a lemma, cannot match (checked before matching).
    pub required: Vec<u64>,
    /// The synsets the pattern names, for the same check.
    pub synsets: Vec<u32>,
}

impl Pattern {
    pub fn len(&self) -> usize {
        self.before.len() + self.after.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Clone, Debug)]
pub struct Block {
    pub name: Box<str>,
    pub code: Code,
    pub patterns: Vec<Pattern>,
    /// Pattern indices by the hash of their first required word, and those that require
    /// none, so a sentence meets only the patterns whose words it has (built by
    /// [`VerbDictionary::finish`]; large blocks hold hundreds of patterns).
    pub by_word: HashMap<u64, Vec<u32>, crate::hash::PrehashedBuildHasher>,
    pub unkeyed: Vec<u32>,
}

impl Block {
    fn index_patterns(&mut self) {
        self.by_word.clear();
        self.unkeyed.clear();
        for (i, p) in self.patterns.iter().enumerate() {
            match p.required.first() {
                Some(&h) => self.by_word.entry(h).or_default().push(i as u32),
                None => self.unkeyed.push(i as u32),
            }
        }
    }

    /// The patterns a sentence with these word hashes may match, in dictionary order.
    pub fn candidates(
        &self,
        vocab: &std::collections::HashSet<u64, crate::hash::PrehashedBuildHasher>,
    ) -> Vec<u32> {
        debug_assert_eq!(
            self.unkeyed.len() + self.by_word.values().map(Vec::len).sum::<usize>(),
            self.patterns.len(),
            "patterns added after VerbDictionary::finish are not indexed"
        );
        let mut out = self.unkeyed.clone();
        if self.by_word.len() < vocab.len() {
            for (h, list) in &self.by_word {
                if vocab.contains(h) {
                    out.extend_from_slice(list);
                }
            }
        } else {
            for h in vocab {
                if let Some(list) = self.by_word.get(h) {
                    out.extend_from_slice(list);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// A verb of a block: its lemma, the particles that must follow it, and its own code.
#[derive(Clone, Debug)]
pub struct Verb {
    pub lemma: Box<str>,
    pub particles: Vec<Box<str>>,
    pub block: u32,
    pub code: Option<Code>,
    /// Set by [`VerbDictionary::finish`]: whether the verb can give an event (its code, its
    /// block's or one of its block's patterns' is not a statement or an appeal). Sentences
    /// with no such verb are skipped.
    pub productive: bool,
    /// Other coders' whole-word verbs (`STAB_`): the word itself and its regular endings,
    /// not every word it begins ("stabilize").
    pub whole: bool,
}

/// How dictionary words meet tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordMatch {
    /// The token or its lemma equals the word (this project's dictionaries).
    Forms,
    /// The token starts with the word, unless the word ends in `_` (TABARI and PETRARCH-1:
    /// `ARGENTIN` is Argentina and Argentine).
    Stems,
}

#[derive(Clone, Debug)]
pub struct VerbDictionary {
    pub synsets: Vec<Vec<Vec<Box<str>>>>,
    synset_names: HashMap<Box<str>, u32, FastBuildHasher>,
    pub blocks: Vec<Block>,
    /// Lemma or irregular form → indexes into `verbs`.
    index: HashMap<Box<str>, Vec<u32>, FastBuildHasher>,
    pub verbs: Vec<Verb>,
    pub word_match: WordMatch,
}

/// Whether a code can be an event (statements, 01, and appeals, 02, are not PLOVER events).
fn eventful(code: &Code) -> bool {
    [&code.active, &code.passive]
        .into_iter()
        .flatten()
        .any(|c| !c.starts_with("01") && !c.starts_with("02"))
}

impl Default for VerbDictionary {
    fn default() -> Self {
        VerbDictionary {
            synsets: Vec::new(),
            synset_names: HashMap::default(),
            blocks: Vec::new(),
            index: HashMap::default(),
            verbs: Vec::new(),
            word_match: WordMatch::Forms,
        }
    }
}

/// What a dictionary line means, for the shared builder.
impl VerbDictionary {
    /// Parses `dateline.verbs/1` text; later files add to earlier ones (hand additions after
    /// the converted dictionary). Errors carry the 1-based line.
    pub fn parse_into(&mut self, text: &str) -> Result<(), (usize, String)> {
        let mut lines: Vec<(usize, &str)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if !line.is_empty() {
                lines.push((i + 1, line));
            }
        }
        // Synsets first, so that patterns may name one defined further down.
        for &(no, line) in &lines {
            if let Some(rest) = line.strip_prefix('&') {
                let mut parts = rest.split_whitespace();
                let name = parts
                    .next()
                    .ok_or((no, "a synset needs a name".to_string()))?;
                let members: Vec<Vec<Box<str>>> = parts.map(phrase_words).collect();
                if members.is_empty() {
                    return Err((no, format!("synset &{name} has no members")));
                }
                self.add_synset(name, members);
            }
        }
        let mut block: Option<u32> = None;
        for &(no, line) in &lines {
            if line.starts_with('&') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('[') {
                let (name, code) = rest
                    .split_once(']')
                    .ok_or((no, "expected `[NAME] code`".to_string()))?;
                let code = Code::parse(code.trim()).map_err(|e| (no, e))?;
                block = Some(self.add_block(name.trim(), code));
            } else if let Some(rest) = line.strip_prefix("verb ") {
                let b = block.ok_or((no, "a verb before any [block]".to_string()))?;
                let (words, code) = split_code(rest).map_err(|e| (no, e))?;
                let (words, forms) = match words.split_once('{') {
                    Some((w, f)) => (w, f.trim_end_matches('}')),
                    None => (words, ""),
                };
                let mut words = words.split_whitespace().map(str::to_lowercase);
                let lemma = words
                    .next()
                    .ok_or((no, "a verb needs a lemma".to_string()))?;
                let particles = words.map(Into::into).collect();
                let forms: Vec<String> = forms.split_whitespace().map(str::to_lowercase).collect();
                self.add_verb(&lemma, particles, &forms, b, code);
            } else if let Some(rest) = line.strip_prefix('-') {
                let b = block.ok_or((no, "a pattern before any [block]".to_string()))?;
                let (items, code) = split_code(rest).map_err(|e| (no, e))?;
                let code = code.ok_or((no, "a pattern needs a [code]".to_string()))?;
                let pattern = self.parse_pattern(items, code).map_err(|e| (no, e))?;
                self.blocks[b as usize].patterns.push(pattern);
            } else {
                return Err((no, format!("cannot read {line:?}")));
            }
        }
        Ok(())
    }

    pub fn add_synset(&mut self, name: &str, members: Vec<Vec<Box<str>>>) -> u32 {
        let key: Box<str> = name.trim_end_matches('_').to_lowercase().into();
        if let Some(&i) = self.synset_names.get(&key) {
            self.synsets[i as usize].extend(members);
            return i;
        }
        let i = self.synsets.len() as u32;
        self.synsets.push(members);
        self.synset_names.insert(key, i);
        i
    }

    pub fn synset(&self, name: &str) -> Option<u32> {
        self.synset_names
            .get(name.trim_end_matches('_').to_lowercase().as_str())
            .copied()
    }

    pub fn add_block(&mut self, name: &str, code: Code) -> u32 {
        self.blocks.push(Block {
            name: name.into(),
            code,
            patterns: Vec::new(),
            by_word: HashMap::default(),
            unkeyed: Vec::new(),
        });
        self.blocks.len() as u32 - 1
    }

    pub fn add_verb(
        &mut self,
        lemma: &str,
        particles: Vec<Box<str>>,
        forms: &[String],
        block: u32,
        code: Option<Code>,
    ) {
        let i = self.verbs.len() as u32;
        self.verbs.push(Verb {
            lemma: lemma.into(),
            particles,
            block,
            code,
            productive: true,
            whole: false,
        });
        for key in std::iter::once(lemma).chain(forms.iter().map(String::as_str)) {
            let entry = self.index.entry(key.into()).or_default();
            if !entry.contains(&i) {
                entry.push(i);
            }
        }
    }

    /// Parses pattern items: words, `*`, `$`, `+`, `^`, `%`, `&synset`; brackets and
    /// parentheses only group and are dropped.
    pub fn parse_pattern(&self, items: &str, code: Code) -> Result<Pattern, String> {
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut seen_verb = false;
        // `IN_*`, `*_OUT` (TABARI's connectors) and `*SCEPTICAL` (a typo) are the verb beside
        // a word.
        let cleaned: String = items
            .replace("**", "*")
            .replace("_*", " *")
            .replace("*_", "* ")
            .replace('*', " * ")
            .chars()
            .map(|c| {
                if matches!(c, '(' | ')' | '{' | '}') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        for word in cleaned.split_whitespace() {
            // A synset joined to words ("&TIETYPES_MEMOS", "MEMOS_ON_&TIETYPES"): its parts in
            // order, consecutive words kept as one phrase. A name that is a synset as it
            // stands ("&fight_of_words") is that synset.
            let whole_synset = word
                .strip_prefix('&')
                .is_some_and(|name| self.synset(name.trim_end_matches('_')).is_some());
            if !whole_synset && word.len() > 1 && word.contains('&') && word.contains('_') {
                let exact = word.ends_with('_');
                let mut items: Vec<Item> = Vec::new();
                let mut phrase: Vec<&str> = Vec::new();
                let flush = |phrase: &mut Vec<&str>, items: &mut Vec<Item>, exact: bool| {
                    if !phrase.is_empty() {
                        items.push(Item::Words {
                            words: phrase_words(&phrase.join("_")),
                            exact,
                        });
                        phrase.clear();
                    }
                };
                for part in word.split('_').filter(|p| !p.is_empty()) {
                    match part.strip_prefix('&') {
                        Some(name) => {
                            flush(&mut phrase, &mut items, false);
                            items.push(Item::Synset(
                                self.synset(name)
                                    .ok_or_else(|| format!("unknown synset &{name}"))?,
                            ));
                        }
                        None => phrase.push(part),
                    }
                }
                flush(&mut phrase, &mut items, exact);
                if seen_verb {
                    after.extend(items);
                } else {
                    before.extend(items);
                }
                continue;
            }
            let item = match word {
                "*" | "**" => {
                    seen_verb = true;
                    continue;
                }
                "$" => Item::Source,
                "+" => Item::Target,
                "%" => Item::Compound,
                "^" => Item::AnyActor,
                w if w.starts_with('&') => {
                    let name = w.trim_end_matches('_');
                    Item::Synset(
                        self.synset(&name[1..])
                            .ok_or_else(|| format!("unknown synset {name}"))?,
                    )
                }
                w => {
                    let exact = w.ends_with('_');
                    Item::Words {
                        words: phrase_words(w),
                        exact,
                    }
                }
            };
            if seen_verb {
                after.push(item);
            } else {
                before.push(item);
            }
        }
        if !seen_verb {
            return Err("a pattern needs the verb `*`".to_string());
        }
        let required = before
            .iter()
            .chain(&after)
            .filter_map(|item| match item {
                Item::Words { words, .. } => words.first().map(|w| crate::learn::hash_str(w)),
                _ => None,
            })
            .collect();
        let synsets = before
            .iter()
            .chain(&after)
            .filter_map(|item| match item {
                Item::Synset(i) => Some(*i),
                _ => None,
            })
            .collect();
        Ok(Pattern {
            before,
            after,
            code,
            required,
            synsets,
        })
    }

    /// The verbs a lemma or form may be.
    pub fn verbs_of(&self, word: &str) -> &[u32] {
        self.index.get(word).map_or(&[], Vec::as_slice)
    }

    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    /// Marks the productive verbs, once every file is read.
    pub fn finish(&mut self) {
        let blocks: Vec<bool> = self
            .blocks
            .iter()
            .map(|b| eventful(&b.code) || b.patterns.iter().any(|p| eventful(&p.code)))
            .collect();
        for v in &mut self.verbs {
            v.productive = v.code.as_ref().is_some_and(eventful) || blocks[v.block as usize];
        }
        for b in &mut self.blocks {
            b.index_patterns();
        }
    }

    /// Whether `word` (lower case) meets dictionary word `entry`.
    pub fn word_matches(&self, entry: &str, exact: bool, lower: &str, lemma: &str) -> bool {
        if lower == entry || (!exact && lemma == entry) {
            return true;
        }
        if exact {
            return false;
        }
        match self.word_match {
            WordMatch::Forms => plural_of(entry, lower),
            WordMatch::Stems => lower.starts_with(entry),
        }
    }
}

/// Whether `word` is a regular plural of `entry` (+s, y→ies, s→ses).
fn plural_of(entry: &str, word: &str) -> bool {
    word.len() > entry.len()
        && match word.strip_prefix(entry) {
            Some("s") => true,
            Some("es") => entry.ends_with(['s', 'x', 'h', 'z']),
            _ => {
                entry.ends_with('y') && word.strip_prefix(&entry[..entry.len() - 1]) == Some("ies")
            }
        }
}

/// The words of a dictionary phrase, lower case: `_` joins them, and a contraction is the
/// two tokens our tokenizer makes of it ("DIDN'T" is did n't, as in the Treebank).
pub fn phrase_words(word: &str) -> Vec<Box<str>> {
    let mut out: Vec<Box<str>> = Vec::new();
    for w in word.split('_').filter(|w| !w.is_empty()) {
        let w = w.to_lowercase().replace('’', "'");
        match w.strip_suffix("n't").filter(|stem| !stem.is_empty()) {
            Some(stem) => {
                out.push(stem.into());
                out.push("n't".into());
            }
            None => out.push(w.into()),
        }
    }
    out
}

fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Splits `words [code]` into the words and the parsed code, if any.
fn split_code(text: &str) -> Result<(&str, Option<Code>), String> {
    match text.rfind('[') {
        Some(open) if text[open..].contains(']') => {
            let close = open + text[open..].find(']').unwrap_or(0);
            let code = Code::parse(&text[open + 1..close])?;
            Ok((text[..open].trim(), Some(code)))
        }
        _ => Ok((text.trim(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
&military army troops armed_forces
[BLAME] 112
verb accuse [112]
verb condemn [111]
verb charge
- * of torture [1122]
- &military * [111]   # a comment
[ACCELERATE] ---
verb rush
verb call off {called} [160]
- * to [042:043]
";

    fn sample() -> VerbDictionary {
        let mut dict = VerbDictionary::default();
        dict.parse_into(SAMPLE).unwrap();
        dict
    }

    #[test]
    fn synset_names_with_underscores_and_synsets_joined_to_words() {
        let mut dict = VerbDictionary::default();
        dict.parse_into(
            "&fight_of_words argument debate\n&tietypes military economic\n[X] 111\nverb engage\n",
        )
        .unwrap();
        let code = Code::parse("111").unwrap();
        // A synset whose own name has underscores is that synset, not one joined to words.
        let whole = dict
            .parse_pattern("* in &fight_of_words", code.clone())
            .unwrap();
        assert!(matches!(
            whole.after.as_slice(),
            [Item::Words { .. }, Item::Synset(_)]
        ));
        // A synset joined to words: the synset, then the words as one phrase.
        let joined = dict
            .parse_pattern("* &tietypes_memos_on_ties_", code)
            .unwrap();
        match joined.after.as_slice() {
            [Item::Synset(_), Item::Words { words, exact }] => {
                assert_eq!(words.len(), 3);
                assert!(*exact, "the trailing _ holds for the last word");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            phrase_words("DIDN’T_STOP"),
            ["did", "n't", "stop"].map(Box::from).to_vec()
        );
    }

    #[test]
    fn blocks_verbs_patterns_and_synsets_are_read() {
        let dict = sample();
        assert_eq!(dict.blocks.len(), 2);
        assert_eq!(dict.blocks[0].patterns.len(), 2);
        assert_eq!(dict.blocks[0].code.active.as_deref(), Some("112"));
        assert_eq!(dict.blocks[1].code.active, None);
        let rush = &dict.verbs[dict.verbs_of("rush")[0] as usize];
        assert_eq!(rush.block, 1);
        let call = &dict.verbs[dict.verbs_of("called")[0] as usize];
        assert_eq!(&*call.lemma, "call");
        assert_eq!(call.particles, vec![Box::<str>::from("off")]);
        let military = dict.synset("military").unwrap();
        assert_eq!(dict.synsets[military as usize].len(), 3);
        assert_eq!(
            dict.blocks[0].patterns[1].before,
            vec![Item::Synset(military)]
        );
        let code = &dict.blocks[1].patterns[0].code;
        assert_eq!(
            (code.get(false), code.get(true)),
            (Some("042"), Some("043"))
        );
    }

    #[test]
    fn broken_lines_are_errors_with_their_line() {
        let mut dict = VerbDictionary::default();
        assert_eq!(
            dict.parse_into("verb accuse\n").unwrap_err().0,
            1,
            "a verb needs a block"
        );
        let mut dict = VerbDictionary::default();
        let error = dict
            .parse_into("[X] 010\n- * &nothing [011]\n")
            .unwrap_err();
        assert_eq!(error, (2, "unknown synset &nothing".to_string()));
        let mut dict = VerbDictionary::default();
        assert_eq!(dict.parse_into("[X] 01-0\n").unwrap_err().0, 1);
    }

    #[test]
    fn words_match_forms_or_stems() {
        let mut dict = sample();
        assert!(dict.word_matches("sanction", false, "sanctions", "sanction"));
        assert!(dict.word_matches("ally", false, "allies", "allies"));
        assert!(!dict.word_matches("aid", false, "aide", "aide"));
        dict.word_match = WordMatch::Stems;
        assert!(dict.word_matches("argentin", false, "argentine", "argentine"));
        assert!(!dict.word_matches("argentin", true, "argentine", "argentine"));
    }
}
