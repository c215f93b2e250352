//! Quotes and attributed statements: every quotation with its speaker, cue and channel.
//!
//! Direct and partial quotes are found from the quotation marks: straight (`"`, told open from
//! close by the characters around them), curly, `` `` ``…`''`, and single curly marks outside
//! double ones (single straight marks only in the headline, where apostrophes are rare enough).
//! A paragraph that opens a quote without closing it continues into the next when that one
//! opens with a mark, the newspaper convention for long quotations. Indirect speech is the
//! clause a cue verb governs ("X said (that) …", "X accused Y of …") or "according to X".
//!
//! The speaker is the noun phrase the cue's verb takes as subject (or, inverted, "said the
//! ministry"), with its span even when it is "he" or "a State Department official"; pronouns
//! and descriptions ("the spokesman") resolve to the nearest compatible earlier mention. A quote
//! with no cue of its own carries the speaker of the quote before it in its paragraph, or of the
//! colon-ended sentence that introduced it; a headline quote without a cue, the headline's
//! subject. The channel ("in a statement", "on Twitter", "state media") is kept apart.
//!
//! Scare quotes and titles ("deplorables", "The Art of the Deal"): marked words that no cue
//! attributes and that do not stand as a sentence of their own are left out.

mod cue_model;
#[cfg(test)]
mod tests;

pub use cue_model::{CueInstance, bias_feature as cue_bias_feature, cue_instances};

use std::collections::HashMap;

use crate::document::Document;
use crate::hash::FastBuildHasher;
use crate::layers::{Mention, MentionKind, Quote, QuoteKind, Speaker};
use crate::pipeline::{Annotator, Layer};
use crate::resources::{DataFile, ResourceError, Resources, class_words};
use crate::span::Span;
use crate::syntax::Upos;
use crate::syntax::chunks::{self, Chunk, ChunkKind, TokenView, VerbGroup};
use crate::syntax::clusters::WordClusters;
use crate::syntax::lemma::Lemmatizer;

/// What a cue word does (`data/quotes/cues.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    Say = 1,
    Tell = 2,
    Describe = 4,
    Accuse = 8,
    Think = 16,
    Channel = 32,
    Media = 64,
    Person = 128,
    Body = 256,
    Stance = 512,
    Statement = 1024,
    /// A verb the learned cue model ([`cue_model`]) takes for a cue in its context; never
    /// listed in the lexicon file.
    Learned = 2048,
}

impl CueClass {
    fn parse(name: &str) -> Option<CueClass> {
        Some(match name {
            "say" => CueClass::Say,
            "tell" => CueClass::Tell,
            "describe" => CueClass::Describe,
            "accuse" => CueClass::Accuse,
            "think" => CueClass::Think,
            "channel" => CueClass::Channel,
            "media" => CueClass::Media,
            "person" => CueClass::Person,
            "body" => CueClass::Body,
            "stance" => CueClass::Stance,
            "statement" => CueClass::Statement,
            _ => return None,
        })
    }
}

/// Verb classes that attribute speech or a stated position (every verb class but `think`).
const SPEECH: u16 = CueClass::Say as u16
    | CueClass::Tell as u16
    | CueClass::Describe as u16
    | CueClass::Accuse as u16
    | CueClass::Stance as u16;

/// Verb classes that frame a quotation: speech without the stance verbs ("…," Trump said; not
/// "Trump attacked Clinton: …").
const QUOTING: u16 = SPEECH & !(CueClass::Stance as u16);

/// The cue words, compiled from `data/quotes/cues.tsv`, and the learned cue model
/// (`data/models/cues.bin`).
#[derive(Debug, Default)]
pub struct QuoteLexicon {
    classes: HashMap<String, u16, FastBuildHasher>,
    cue_model: Option<crate::learn::LinearModel>,
}

impl QuoteLexicon {
    pub fn compile(
        file: &DataFile,
        model: Option<&DataFile>,
    ) -> Result<QuoteLexicon, ResourceError> {
        let mut lexicon = QuoteLexicon::default();
        if let Some(model) = model {
            lexicon.cue_model =
                cue_model::compile(model.contents).map_err(|message| ResourceError {
                    file: model.path.to_string(),
                    line: 0,
                    message,
                })?;
        }
        class_words(file, |class, word| {
            let class =
                CueClass::parse(class).ok_or_else(|| format!("unknown cue class {class:?}"))?;
            let bits = lexicon.classes.entry(word.to_string()).or_default();
            if *bits & class as u16 != 0 {
                return Err(format!("{word:?} is listed twice as {class:?}"));
            }
            *bits |= class as u16;
            Ok(())
        })?;
        Ok(lexicon)
    }

    /// The classes of a (lower-case) word, as bits of [`CueClass`].
    fn classes(&self, word: &str) -> u16 {
        crate::syntax::with_lowercase(word, |w| self.classes.get(w).copied().unwrap_or(0))
    }

    pub fn is(&self, word: &str, class: CueClass) -> bool {
        self.classes(word) & class as u16 != 0
    }

    pub fn len(&self) -> usize {
        self.classes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Whether a learned cue model is loaded.
    pub fn has_cue_model(&self) -> bool {
        self.cue_model.is_some()
    }
}

/// Writes the quotes layer.
pub struct QuoteFinder;

impl Annotator for QuoteFinder {
    fn name(&self) -> &'static str {
        "quote-finder"
    }

    fn reads(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Paragraphs,
            Layer::Sentences,
            Layer::Pos,
            Layer::Lemmas,
            Layer::Chunks,
            Layer::VerbGroups,
            Layer::Mentions,
        ]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Quotes]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.quotes = find_quotes(
            doc,
            &resources.quotes,
            &resources.syntax.lemmatizer,
            &resources.syntax.clusters,
        );
    }
}

/// A quotation mark and what its neighbours say it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    /// A straight mark the characters around it cannot decide.
    Either,
}

/// The quotation marks of `text[range]`: byte start, byte end, role. Single marks are taken
/// only when `singles` (they are apostrophes far more often than quotes).
fn marks(text: &str, range: std::ops::Range<usize>, singles: bool) -> Vec<(usize, usize, Mark)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let prev_char = |at: usize| text[range.start..at].chars().next_back();
    let next_char = |at: usize| text[at..range.end].chars().next();
    let straight = |start: usize, end: usize| {
        let opens = prev_char(start)
            .is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c) || c == '\u{a0}');
        let closes = next_char(end)
            .is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-/…'’\"".contains(c) || c == '\u{a0}');
        match (opens, closes) {
            (true, false) => Mark::Open,
            (false, true) => Mark::Close,
            _ => Mark::Either,
        }
    };
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if b == b'"' {
            out.push((i, i + 1, straight(i, i + 1)));
            i += 1;
        } else if b == b'`' && bytes.get(i + 1) == Some(&b'`') {
            out.push((i, i + 2, Mark::Open));
            i += 2;
        } else if b == b'\'' && bytes.get(i + 1) == Some(&b'\'') && i + 2 <= range.end {
            out.push((i, i + 2, straight(i, i + 2)));
            i += 2;
        } else if b == b'\'' && singles {
            // In a headline: 'We will win' — open before a letter, close after one.
            let before = prev_char(i);
            let after = next_char(i + 1);
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
            if !word(before) && word(after) {
                out.push((i, i + 1, Mark::Open));
            } else if !word(after) && before.is_some_and(|c| !c.is_whitespace()) {
                out.push((i, i + 1, Mark::Close));
            }
            i += 1;
        } else if b >= 0x80 {
            let c = text[i..].chars().next().expect("inside the text");
            let len = c.len_utf8();
            match c {
                // Curly marks say what they are, unless typed the wrong way round
                // (`“It's unusual,“ said Larry Noble`): then the neighbours decide.
                '“' | '”' => {
                    let by_context = straight(i, i + len);
                    let mark = match (c, by_context) {
                        ('“', Mark::Close) => Mark::Close,
                        ('“', _) => Mark::Open,
                        (_, Mark::Open) => Mark::Open,
                        _ => Mark::Close,
                    };
                    out.push((i, i + len, mark));
                }
                '«' => out.push((i, i + len, Mark::Open)),
                '»' => out.push((i, i + len, Mark::Close)),
                // Single curly marks: an opening one before a letter; a closing one after a
                // letter or stop and not inside a word (don’t).
                '‘' if !prev_char(i).is_some_and(char::is_alphanumeric) => {
                    out.push((i, i + len, Mark::Open))
                }
                '’' if singles_curly_close(prev_char(i), next_char(i + len)) => {
                    out.push((i, i + len, Mark::Close))
                }
                _ => {}
            }
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn singles_curly_close(before: Option<char>, after: Option<char>) -> bool {
    before.is_some_and(|c| !c.is_whitespace()) && !after.is_some_and(char::is_alphanumeric)
}

/// A quoted stretch: from its opening mark to the end of its closing mark (or of its last
/// paragraph when the quote is never closed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Quoted {
    start: usize,
    end: usize,
    /// Where the text between the marks starts and ends.
    inner: (usize, usize),
    closed: bool,
}

/// Pairs the double marks of one paragraph (and single curly ones outside them). Returns the
/// quoted stretches in order; the last is open when the paragraph ends inside a quote.
fn pair_paragraph(text: &str, range: std::ops::Range<usize>, headline: bool) -> Vec<Quoted> {
    let all = marks(text, range.clone(), headline);
    let is_single = |(s, e, _): (usize, usize, Mark)| {
        let m = &text[s..e];
        m == "‘" || m == "’" || m == "'"
    };
    let mut out = Vec::new();
    let pair = |marks: &[(usize, usize, Mark)], out: &mut Vec<Quoted>| {
        let mut open: Option<(usize, usize)> = None;
        for &(s, e, mark) in marks {
            match (mark, open) {
                (Mark::Open, Some((os, oe))) => {
                    // A second opening mark: the first was never closed.
                    out.push(Quoted {
                        start: os,
                        end: trim_end(text, os, s),
                        inner: (oe, trim_end(text, oe, s)),
                        closed: false,
                    });
                    open = Some((s, e));
                }
                (Mark::Open | Mark::Either, None) => open = Some((s, e)),
                (Mark::Close | Mark::Either, Some((os, oe))) => {
                    out.push(Quoted {
                        start: os,
                        end: e,
                        inner: (oe, s),
                        closed: true,
                    });
                    open = None;
                }
                (Mark::Close, None) => {}
            }
        }
        if let Some((os, oe)) = open {
            let end = trim_end(text, oe, range.end);
            out.push(Quoted {
                start: os,
                end,
                inner: (oe, end),
                closed: false,
            });
        }
    };
    let doubles: Vec<_> = all.iter().copied().filter(|&m| !is_single(m)).collect();
    pair(&doubles, &mut out);
    let singles: Vec<_> = all
        .iter()
        .copied()
        .filter(|&m| is_single(m) && !out.iter().any(|q| q.start <= m.0 && m.0 < q.end))
        .collect();
    let mut single_quotes = Vec::new();
    pair(&singles, &mut single_quotes);
    // Unclosed single marks are apostrophes, not quotes.
    out.extend(single_quotes.into_iter().filter(|q| q.closed));
    out.sort_by_key(|q| q.start);
    out
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// A quotation before its speaker is known.
struct Candidate {
    span: Span,
    /// The text between the marks.
    inner: Span,
    /// First token of the quote (its opening mark) and the first token after it.
    first_token: usize,
    end_token: usize,
    paragraph: usize,
}

/// Everything the attribution steps read, with per-token indexes.
struct Context<'a> {
    doc: &'a Document,
    lexicon: &'a QuoteLexicon,
    /// For cue verbs the tagger read as something else ("the ad states"): their verb lemma.
    lemmatizer: &'a Lemmatizer,
    view: TokenView<'a>,
    /// The cue classes of each verb group's head.
    group_cues: Vec<u16>,
    /// For each token, the chunk it is in (`u32::MAX` for none).
    chunk_of: Vec<u32>,
    /// For each chunk that is a verb group, its index in `doc.verb_groups`.
    group_of_chunk: Vec<u32>,
    /// Tokens inside a quotation (never a speaker or cue).
    quoted: Vec<bool>,
}

impl<'a> Context<'a> {
    fn new(
        doc: &'a Document,
        lexicon: &'a QuoteLexicon,
        lemmatizer: &'a Lemmatizer,
    ) -> Context<'a> {
        let view = TokenView {
            tokens: &doc.tokens,
            text: &doc.text,
            pos: &doc.pos,
            lemmas: &doc.lemmas,
        };
        let group_cues = doc
            .verb_groups
            .iter()
            .map(|g| lexicon.classes(doc.lemma(g.head as usize)))
            .collect();
        let mut chunk_of = vec![u32::MAX; doc.tokens.len()];
        let mut group_of_chunk = vec![u32::MAX; doc.chunks.len()];
        let mut groups = 0u32;
        for (c, chunk) in doc.chunks.iter().enumerate() {
            chunk_of[chunk.first_token as usize..chunk.end_token as usize].fill(c as u32);
            if chunk.kind == ChunkKind::VerbGroup {
                group_of_chunk[c] = groups;
                groups += 1;
            }
        }
        Context {
            doc,
            lexicon,
            lemmatizer,
            view,
            group_cues,
            chunk_of,
            group_of_chunk,
            quoted: vec![false; doc.tokens.len()],
        }
    }

    /// The mentions that start inside `span` (mentions are sorted by start): a slice, so
    /// lookups stay logarithmic on long articles.
    fn mentions_starting_in(&self, span: Span) -> &'a [Mention] {
        let mentions = &self.doc.mentions;
        let from = mentions.partition_point(|m| m.span.start < span.start);
        let to = mentions.partition_point(|m| m.span.start < span.end);
        &mentions[from..to.max(from)]
    }

    /// The mentions inside `span`.
    fn mentions_within(&self, span: Span) -> impl Iterator<Item = &'a Mention> + 'a {
        self.mentions_starting_in(span)
            .iter()
            .filter(move |m| m.span.end <= span.end)
    }

    /// The mentions that end at byte `end` and start at or after `from`.
    fn mention_ending_at(&self, from: u32, end: u32) -> Option<&'a Mention> {
        self.mentions_within(Span { start: from, end })
            .find(|m| m.span.end == end)
    }

    fn word(&self, k: usize) -> &'a str {
        &self.doc.text[self.doc.tokens[k].span]
    }

    fn upos(&self, k: usize) -> Upos {
        self.doc.pos.get(k).map_or(Upos::X, |t| t.upos)
    }

    fn chunk(&self, k: usize) -> Option<&'a Chunk> {
        let c = *self.chunk_of.get(k)?;
        (c != u32::MAX).then(|| &self.doc.chunks[c as usize])
    }

    /// The verb group (index into `doc.verb_groups`) token k belongs to.
    fn group_at(&self, k: usize) -> Option<usize> {
        let c = *self.chunk_of.get(k)?;
        if c == u32::MAX {
            return None;
        }
        let g = self.group_of_chunk[c as usize];
        (g != u32::MAX).then_some(g as usize)
    }

    fn group(&self, g: usize) -> &'a VerbGroup {
        &self.doc.verb_groups[g]
    }

    /// Whether verb group g attributes speech (`mask` of cue classes).
    fn is_cue(&self, g: usize, mask: u16) -> bool {
        self.group_cues[g] & mask != 0
    }

    fn sentence_of(&self, k: usize) -> usize {
        self.doc
            .sentences
            .partition_point(|s| (s.end_token as usize) <= k)
            .min(self.doc.sentences.len().saturating_sub(1))
    }

    fn sentence_tokens(&self, s: usize) -> (usize, usize) {
        let s = &self.doc.sentences[s];
        (s.first_token as usize, s.end_token as usize)
    }

    fn is_punct(&self, k: usize) -> bool {
        self.upos(k) == Upos::Punct || is_mark(self.word(k))
    }

    /// The noun phrase starting at token k, unless it follows a preposition.
    fn np_at(&self, k: usize) -> Option<Span> {
        let chunk = self.chunk(k)?;
        (chunk.kind == ChunkKind::NounPhrase && chunk.first_token as usize == k && !self.quoted[k])
            .then(|| self.np_extent(chunk))
    }

    /// A noun phrase with a following "of"/"for" phrase ("a spokesman for the ministry"), and
    /// a name joined by a comma to its description kept apart.
    fn np_extent(&self, chunk: &Chunk) -> Span {
        let end = chunk.end_token as usize;
        if end + 1 < self.doc.tokens.len()
            && ["for", "of", "at"]
                .iter()
                .any(|w| self.word(end).eq_ignore_ascii_case(w))
            && let Some(next) = self.chunk(end + 1)
            && next.kind == ChunkKind::NounPhrase
            && next.first_token as usize == end + 1
            && !self.quoted[end + 1]
        {
            return chunk.span.cover(next.span);
        }
        chunk.span
    }

    /// The subject of verb group g: the nearest noun phrase before it, from token `lo`, that
    /// does not follow a preposition, looking past one appositive ("Mr. Biden, the former vice
    /// president, said"); else, inverted, the one right after it ("said the ministry").
    fn subject(&self, g: usize, lo: usize) -> Option<Span> {
        let subject = self.subject_or_relative(g, lo)?;
        Some(self.relative_antecedent(subject).unwrap_or(subject))
    }

    /// The subject of verb group g when a comma or dash stands right before it: the name
    /// after it when it is an inverted speech verb ("… for the EU, said Geert Wilders,
    /// founder of …"), else the phrase that opens the clause before a parenthesis ("Bamberg,
    /// who is 28, said"; "Ms. Sullivan, in an attempt to draw attention to it, wrote"), which
    /// the nearest phrase before the verb would get wrong.
    fn subject_across_parenthesis(&self, g: usize, lo: usize) -> Option<Span> {
        let group = self.group(g);
        let first = group.first_token as usize;
        let mut before = first;
        while before > lo && self.upos(before - 1) == Upos::Adv {
            before -= 1;
        }
        if before <= lo || !matches!(self.word(before - 1), "," | "—" | "–" | "--") {
            return None;
        }
        let sentence_end = self.sentence_tokens(self.sentence_of(first)).1;
        if self.is_cue(g, SPEECH)
            && !self.is_cue(g, CueClass::Tell as u16)
            && let Some(np) = self.phrase_at(group.end_token as usize, sentence_end)
        {
            let next = self.doc.tokens.partition_point(|t| t.span.start < np.end);
            let closes = next >= sentence_end
                || matches!(self.word(next), "," | "." | ";" | "(" | "—" | "–");
            let person = self
                .mentions_within(np)
                .any(|m| m.kind == MentionKind::Person);
            if closes && person {
                return Some(np);
            }
        }
        let mut start = lo;
        while start < before
            && (matches!(self.upos(start), Upos::Cconj | Upos::Adv) || self.is_punct(start))
        {
            start += 1;
        }
        if self.quoted[start] {
            return None;
        }
        let np = match self.chunk(start) {
            Some(chunk) if chunk.first_token as usize == start => {
                if chunk.kind != ChunkKind::NounPhrase || self.is_time_phrase(chunk) {
                    return None;
                }
                self.np_extent(chunk)
            }
            Some(_) => return None,
            // A name the tagger took for something else ("Small, who attended …"): up to
            // four capitalised words before the comma.
            None => {
                let mut end = start;
                while end < before
                    && end < start + 4
                    && matches!(
                        self.upos(end),
                        Upos::Propn | Upos::Noun | Upos::Adj | Upos::X
                    )
                    && self.word(end).starts_with(char::is_uppercase)
                    && !is_day_word(self.word(end))
                {
                    end += 1;
                }
                if end == start || self.word(end) != "," {
                    return None;
                }
                self.doc.tokens[start]
                    .span
                    .cover(self.doc.tokens[end - 1].span)
            }
        };
        let next = self.doc.tokens.partition_point(|t| t.span.start < np.end);
        (next + 1 < before - 1 && matches!(self.word(next), "," | "—" | "–" | "--")).then_some(np)
    }

    /// A phrase of time alone: "this week", "last Wednesday", "three days", "Years".
    fn is_time_phrase(&self, chunk: &Chunk) -> bool {
        const TIME_NOUNS: &[&str] = &[
            "day",
            "days",
            "week",
            "weeks",
            "weekend",
            "month",
            "months",
            "year",
            "years",
            "decade",
            "decades",
            "morning",
            "afternoon",
            "evening",
            "night",
            "hours",
            "minutes",
        ];
        const MODIFIERS: &[&str] = &[
            "this", "last", "next", "that", "each", "every", "early", "late", "later", "earlier",
            "the", "a", "recent", "past", "few", "several", "same",
        ];
        let tokens = chunk.first_token as usize..chunk.end_token as usize;
        let is_any =
            |k: usize, words: &[&str]| words.iter().any(|w| self.word(k).eq_ignore_ascii_case(w));
        let is_time = |k: usize| {
            is_day_word(self.word(k))
                || is_any(k, TIME_NOUNS)
                || is_any(k, &crate::article::MONTH_NAMES)
        };
        // The head, last, is the time word; most phrases fail on it at once.
        is_time(tokens.end - 1)
            && tokens
                .into_iter()
                .all(|k| is_time(k) || is_any(k, MODIFIERS) || self.upos(k) == Upos::Num)
    }

    /// The noun phrase a relative pronoun subject ("who", "which", "that") stands for: the
    /// phrase right before it, past commas ("Mr. Duss, who …").
    fn relative_antecedent(&self, span: Span) -> Option<Span> {
        let k = self
            .doc
            .tokens
            .partition_point(|t| t.span.start < span.start);
        let token = self.doc.tokens.get(k)?;
        if token.span != span
            || !["who", "which", "that"]
                .iter()
                .any(|r| self.word(k).eq_ignore_ascii_case(r))
        {
            return None;
        }
        let mut j = k;
        while j > 0 && self.word(j - 1) == "," {
            j -= 1;
        }
        let before = j.checked_sub(1)?;
        let prev = self.chunk(before)?;
        (prev.kind == ChunkKind::NounPhrase && self.sentence_of(before) == self.sentence_of(k))
            .then(|| self.np_extent(prev))
    }

    /// [`Context::subject`], but a relative pronoun subject stays itself: PolNeAR, like most
    /// attribution corpora, takes "who" in "experts who say" as the source mention, and the
    /// speaker's antecedent carries the phrase it stands for.
    fn subject_or_relative(&self, g: usize, lo: usize) -> Option<Span> {
        let group = self.group(g);
        let first = group.first_token as usize;
        if let Some(subject) = self.subject_across_parenthesis(g, lo) {
            return Some(subject);
        }
        let mut k = first;
        let mut found: Option<&Chunk> = None;
        let mut stepped_over_verb = false;
        let mut steps = 0;
        while k > lo && steps < 30 {
            k -= 1;
            steps += 1;
            if self.quoted[k] {
                break;
            }
            // "Rick Scott (R) said": step over a parenthesis.
            if self.word(k) == ")" {
                let mut j = k;
                while j > lo && self.word(j) != "(" && k - j < 12 {
                    j -= 1;
                }
                if self.word(j) == "(" {
                    k = j;
                    continue;
                }
            }
            let Some(chunk) = self.chunk(k) else {
                let w = self.word(k);
                if matches!(w, "," | "—" | "–" | "(" | ")") || self.upos(k) == Upos::Adv {
                    continue;
                }
                // A preposition or conjunction before a phrase: that phrase is not the subject.
                if found.is_some() {
                    break;
                }
                if matches!(self.upos(k), Upos::Sconj | Upos::Cconj) {
                    break;
                }
                continue;
            };
            if chunk.kind == ChunkKind::VerbGroup {
                // "Acton, who directs the program, said": step over the relative clause.
                if found.is_some() {
                    break;
                }
                if self.group_at(k).is_some_and(|h| self.is_cue(h, SPEECH)) {
                    break;
                }
                stepped_over_verb = true;
                k = chunk.first_token as usize;
                continue;
            }
            let cf = chunk.first_token as usize;
            // "many of her aides feel": the quantifier heads the subject.
            if found.is_none()
                && cf >= lo + 2
                && self.word(cf - 1).eq_ignore_ascii_case("of")
                && self.chunk(cf - 2).is_none()
                && matches!(
                    self.upos(cf - 2),
                    Upos::Det | Upos::Pron | Upos::Num | Upos::Adj
                )
            {
                return Some(self.doc.tokens[cf - 2].span.cover(chunk.span));
            }
            // "at a later press gaggle": modifiers the chunker left out may stand between
            // the preposition and the phrase.
            let mut before_phrase = cf;
            while before_phrase > lo
                && self.chunk(before_phrase - 1).is_none()
                && matches!(
                    self.upos(before_phrase - 1),
                    Upos::Det | Upos::Adj | Upos::Num
                )
            {
                before_phrase -= 1;
            }
            // "Three years after Republicans vowed": a preposition that opens a clause, whose
            // subject is the phrase right before its verb.
            let opens_clause = |k: usize| {
                [
                    "after", "before", "since", "until", "as", "because", "while", "when",
                ]
                .iter()
                .any(|w| self.word(k).eq_ignore_ascii_case(w))
                    && found.is_none()
                    && chunk.end_token as usize == first
            };
            let after_preposition = before_phrase > lo
                && matches!(self.upos(before_phrase - 1), Upos::Adp)
                && !self.word(before_phrase - 1).eq_ignore_ascii_case("that")
                && !opens_clause(before_phrase - 1);
            // "lawmakers this week passed", "Priebus later Thursday told": a time phrase
            // before the verb is no subject; the phrase before it is.
            if found.is_none() && !after_preposition && self.is_time_phrase(chunk) {
                k = cf;
                continue;
            }
            if !after_preposition && !self.quoted[cf] {
                if found.is_none() {
                    found = Some(chunk);
                    // The phrase directly before the verb is the subject unless an
                    // appositive's comma stands before it.
                    let comma_before = cf > lo && self.word(cf - 1) == ",";
                    // A pronoun is no appositive: `Tuesday, he said`.
                    let pronoun =
                        chunk.end_token - chunk.first_token == 1 && self.upos(cf) == Upos::Pron;
                    if !comma_before || pronoun {
                        break;
                    }
                } else {
                    // Before an appositive: prefer the name ("Mr. Biden, the former …").
                    if self.has_name(chunk) && !self.has_name(found.expect("set")) {
                        found = Some(chunk);
                    }
                    break;
                }
            } else if found.is_some() {
                break;
            }
            k = cf;
        }
        if let Some(chunk) = found {
            let subject = self.np_extent(chunk);
            // "Mr. Kirk, who still speaks with difficulty, also noted": the "who" of a
            // relative clause passed over is that clause's subject; the verb's is the phrase
            // it stands for.
            if stepped_over_verb && let Some(antecedent) = self.relative_antecedent(subject) {
                return Some(antecedent);
            }
            return Some(subject);
        }
        // A name the tagger did not take for a noun ("Smbatyan added"): the mention right
        // before the verb.
        if first > lo
            && let Some(m) = self.mention_ending_at(
                self.doc.tokens[lo].span.start,
                self.doc.tokens[first - 1].span.end,
            )
        {
            return Some(m.span);
        }
        // The tagger put the name into the verb group ("Husted said").
        let head_start = self.doc.tokens[group.head as usize].span.start;
        if let Some(m) = self
            .mentions_within(Span {
                start: group.span.start,
                end: head_start,
            })
            .next()
        {
            return Some(m.span);
        }
        // Inverted ("…," said the ministry) only when nothing but punctuation stands between
        // the frame's start and the verb: in "Scott (R) said the state allocated …" the phrase
        // after the verb begins what was said.
        let sentence_end = self.sentence_tokens(self.sentence_of(first)).1;
        // (Past a day: `said Thursday the chairman`.)
        let mut after = group.end_token as usize;
        while after < sentence_end && is_day_word(self.word(after)) {
            after += 1;
        }
        if (lo..first).all(|k| self.is_punct(k))
            && let Some(np) = self.phrase_at(after, sentence_end)
        {
            return Some(np);
        }
        // Words the chunker left out ("Yet another said"): the short run right before the verb.
        let mut start = first;
        while start > lo
            && first - start < 5
            && !self.is_punct(start - 1)
            && !self.quoted[start - 1]
            && self.chunk(start - 1).is_none()
            && !matches!(self.upos(start - 1), Upos::Adp | Upos::Sconj | Upos::Cconj)
        {
            start -= 1;
        }
        (start < first
            && (start..first).any(|k| {
                matches!(
                    self.upos(k),
                    Upos::Det | Upos::Pron | Upos::Propn | Upos::Noun
                )
            }))
        .then(|| {
            self.doc.tokens[start]
                .span
                .cover(self.doc.tokens[first - 1].span)
        })
    }

    /// The phrase that starts at token k when the chunker missed it: a mention, a noun
    /// phrase, or the words up to the next comma, preposition or verb.
    fn phrase_at(&self, k: usize, hi: usize) -> Option<Span> {
        if k >= hi {
            return None;
        }
        if let Some(np) = self.np_at(k) {
            return Some(np);
        }
        let start = self.doc.tokens[k].span.start;
        if let Some(m) = self
            .mentions_starting_in(Span {
                start,
                end: start + 1,
            })
            .first()
        {
            return Some(m.span);
        }
        let mut end = k;
        while end < hi
            && end < k + 8
            && !self.is_punct(end)
            && !self.quoted[end]
            && !matches!(self.upos(end), Upos::Adp | Upos::Verb | Upos::Aux)
        {
            end += 1;
        }
        (end > k).then(|| self.doc.tokens[k].span.cover(self.doc.tokens[end - 1].span))
    }

    /// A speech verb the tagger read as a noun, ending a phrase (`the ad states`): by its
    /// verb lemma.
    fn is_cue_form(&self, k: usize) -> bool {
        let word = self.word(k);
        let lemma = self
            .lemmatizer
            .lemma(word, Upos::Verb)
            .unwrap_or_else(|| word.to_lowercase());
        self.lexicon.classes(&lemma) & (CueClass::Say as u16 | CueClass::Tell as u16) != 0
    }

    fn has_name(&self, chunk: &Chunk) -> bool {
        (chunk.first_token..chunk.end_token).any(|k| self.upos(k as usize) == Upos::Propn)
    }

    /// The channel near a cue: "in a statement", "on Twitter", "at a news conference" within
    /// a few tokens after token `from`, before `limit`.
    fn channel_after(&self, from: usize, limit: usize) -> Option<Span> {
        let mut k = from;
        while k < limit.min(from + 8) {
            if self.quoted[k] {
                return None;
            }
            let w = self.word(k);
            if ["in", "on", "at", "via", "through", "during"]
                .iter()
                .any(|p| w.eq_ignore_ascii_case(p))
                && let Some(chunk) = self.chunk(k + 1)
                && chunk.kind == ChunkKind::NounPhrase
                && chunk.first_token as usize == k + 1
                && self.has_channel_word(chunk)
            {
                return Some(self.doc.tokens[k].span.cover(chunk.span));
            }
            k += 1;
        }
        None
    }

    fn has_channel_word(&self, chunk: &Chunk) -> bool {
        let last = chunk.end_token as usize - 1;
        let head = self.doc.lemma(last);
        self.lexicon.is(head, CueClass::Channel)
            || self.lexicon.is(self.word(last), CueClass::Channel)
    }

    /// A speaker phrase that is itself a channel: a news agency the base knows, or "state
    /// media", "the newspaper".
    fn is_media(&self, span: Span) -> bool {
        let organisation_is_media = self.mentions_within(span).any(|m| {
            m.actor
                .as_ref()
                .is_some_and(|a| a.sector.as_deref() == Some("MED"))
        });
        organisation_is_media || {
            let last = self.doc.token_at(span.end as usize - 1).unwrap_or(0);
            self.lexicon.is(self.doc.lemma(last), CueClass::Media)
        }
    }
}

fn is_mark(word: &str) -> bool {
    matches!(
        word,
        "\"" | "“" | "”" | "``" | "''" | "‘" | "’" | "'" | "«" | "»"
    )
}

const PRONOUNS_PERSON: &[&str] = &["he", "she", "him", "her"];
const PRONOUNS_OTHER: &[&str] = &["they", "it", "we", "i", "you"];

/// How many tokens may follow the last quotation of a paragraph for the next paragraph's
/// bare quotation to continue it.
const TRAILING: usize = 40;

/// Finds the quotes of an analysed document.
pub fn find_quotes(
    doc: &Document,
    lexicon: &QuoteLexicon,
    lemmatizer: &Lemmatizer,
    clusters: &WordClusters,
) -> Vec<Quote> {
    if doc.tokens.is_empty() || doc.pos.len() != doc.tokens.len() {
        return Vec::new();
    }
    let (mut ctx, candidates) = context_with_quotations(doc, lexicon, lemmatizer);
    cue_model::mark_learned_cues(&mut ctx, lexicon, clusters);
    let mut quotes: Vec<Quote> = Vec::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some(q) = attribute(&ctx, c, &candidates[..i], &quotes) {
            quotes.push(q);
        }
    }
    indirect(&ctx, &mut quotes);
    if let Some(q) = headline_claim(&ctx, &quotes) {
        quotes.push(q);
    }
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes
}

/// "Graham: Trump's rhetoric destroying GOP's chance": a headline that opens with a short
/// name and a colon attributes the rest to that name (PolNeAR annotates it so for people,
/// outlets and "Poll:" alike). The name is capitalised words with no verb or conjunction
/// ("Netanyahu and Obama: a tortured relationship"), and not a rubric ("The Latest:",
/// "EXCLUSIVE:").
fn headline_claim(ctx: &Context<'_>, quotes: &[Quote]) -> Option<Quote> {
    let doc = ctx.doc;
    if doc.body_start == 0 {
        return None;
    }
    let end = doc
        .tokens
        .partition_point(|t| (t.span.end as usize) <= doc.body_start);
    let colon = (0..end.min(7)).find(|&k| ctx.word(k) == ":")?;
    if colon == 0 || ctx.word(0).eq_ignore_ascii_case("the") {
        return None;
    }
    // Capitalised words, none a verb, conjunction, preposition, pronoun, number or
    // possessive: a name ("Sanders", "Dr. Ben Carson", "NY Post", "Poll", "Historians").
    let prefix_clean = (0..colon).all(|k| {
        let word = ctx.word(k);
        !ctx.quoted[k]
            && !matches!(
                ctx.upos(k),
                Upos::Verb | Upos::Aux | Upos::Cconj | Upos::Adp | Upos::Pron | Upos::Num
            )
            && ctx.doc.pos[k].xpos != crate::syntax::Xpos::Pos
            && word.chars().next().is_some_and(|c| !c.is_lowercase())
    });
    // A word of capitals alone ("EXCLUSIVE", "UPDATE") is a rubric, not a name.
    let rubric = colon == 1 && ctx.word(0).chars().all(|c| c.is_uppercase());
    if !prefix_clean || rubric {
        return None;
    }
    let name = doc.tokens[0].span.cover(doc.tokens[colon - 1].span);
    let mut last = end;
    while last > colon + 1 && ctx.is_punct(last - 1) && !ctx.quoted[last - 1] {
        last -= 1;
    }
    if last < colon + 3 {
        return None;
    }
    let span = doc.tokens[colon + 1].span.cover(doc.tokens[last - 1].span);
    if quotes.iter().any(|q| q.span == span) {
        return None;
    }
    Some(Quote {
        span,
        kind: QuoteKind::Indirect,
        speaker: Some(resolve_speaker(ctx, name, quotes)),
        cue: Some(doc.tokens[colon].span),
        channel: None,
    })
}

/// The attribution context of a document with its quoted stretches marked, and the stretches.
fn context_with_quotations<'a>(
    doc: &'a Document,
    lexicon: &'a QuoteLexicon,
    lemmatizer: &'a Lemmatizer,
) -> (Context<'a>, Vec<Candidate>) {
    let mut ctx = Context::new(doc, lexicon, lemmatizer);
    let candidates = quoted_stretches(doc);
    for c in &candidates {
        // The marks themselves stay available as boundaries; what is between them is quoted.
        let inner_first = doc
            .token_at(c.inner.start as usize)
            .unwrap_or(doc.tokens.len());
        let inner_end = doc
            .tokens
            .partition_point(|t| t.span.end <= c.inner.end)
            .max(inner_first);
        ctx.quoted[inner_first..inner_end].fill(true);
    }
    (ctx, candidates)
}

/// The quoted stretches of the document, a quotation continued over paragraphs joined.
fn quoted_stretches(doc: &Document) -> Vec<Candidate> {
    let mut stretches: Vec<(Quoted, usize)> = Vec::new();
    for (p, paragraph) in doc.paragraphs.iter().enumerate() {
        let range = paragraph.span.range();
        let headline = doc.body_start > 0 && range.end <= doc.body_start;
        for q in pair_paragraph(&doc.text, range, headline) {
            stretches.push((q, p));
        }
    }
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while i < stretches.len() {
        let (first, p) = stretches[i];
        let (mut last, mut last_p) = (first, p);
        // "…end of paragraph\n\n"Next paragraph…": the quotation goes on.
        while !last.closed
            && let Some(&(next, np)) = stretches.get(i + 1)
            && np == last_p + 1
            && next.start == doc.paragraphs[np].span.start as usize
        {
            last = next;
            last_p = np;
            i += 1;
        }
        i += 1;
        let span = Span::new(first.start, last.end);
        let first_token = doc.token_at(first.start).unwrap_or(doc.tokens.len());
        let end_token = doc
            .tokens
            .partition_point(|t| (t.span.end as usize) <= last.end);
        if first_token >= end_token || first.inner.0 >= last.inner.1 {
            continue;
        }
        out.push(Candidate {
            span,
            inner: Span::new(first.inner.0, last.inner.1),
            first_token,
            end_token,
            paragraph: p,
        });
    }
    out
}

/// What attributes a quotation.
struct Attribution {
    speaker: Option<Span>,
    cue: Option<Span>,
    channel: Option<Span>,
}

/// The quote a quoted stretch is, with its speaker; None for scare quotes and titles.
fn attribute(
    ctx: &Context<'_>,
    c: &Candidate,
    earlier: &[Candidate],
    quotes: &[Quote],
) -> Option<Quote> {
    let doc = ctx.doc;
    let words = (c.first_token..c.end_token)
        .filter(|&k| !ctx.is_punct(k))
        .count();
    if words == 0 {
        return None;
    }
    let s_open = ctx.sentence_of(c.first_token);
    let mut s_close = ctx.sentence_of(c.end_token - 1);
    // `"…?" Sanders replied.` is split after the question mark: the attribution is the next
    // sentence of the paragraph.
    if ctx.sentence_tokens(s_close).1 == c.end_token
        && c.end_token < doc.tokens.len()
        && doc.paragraphs[c.paragraph]
            .span
            .contains(doc.tokens[c.end_token].span)
    {
        s_close = ctx.sentence_of(c.end_token);
    }
    let (sentence_first, _) = ctx.sentence_tokens(s_open);
    let (_, sentence_end) = ctx.sentence_tokens(s_close);
    // The frame before the quote: from the sentence start, or the previous quote's end.
    let previous_end = earlier
        .last()
        .map_or(0, |p| p.end_token)
        .max(sentence_first);
    let before = (previous_end, c.first_token);
    // After it: to the sentence end or the next quotation.
    let after_end = (c.end_token..sentence_end)
        .find(|&k| ctx.quoted[k])
        .map_or(sentence_end, |k| k.saturating_sub(1).max(c.end_token));
    let after = (c.end_token, after_end);
    let stands_alone = (before.0..before.1).all(|k| ctx.is_punct(k));

    let mut attribution = None;
    let mut kind = QuoteKind::Direct;
    // `… what her husband did: "Men, you will not cease to exist …," she wrote.`: a cue right
    // after a quotation left open outranks the colon that introduced it.
    // (`Peabody said: "…," adding that …` keeps its cue before.)
    let cued_after = ends_open(ctx, c)
        && first_cue_after(ctx, after, true).is_some()
        && !last_cue_before(ctx, before).is_some_and(|(_, adjacent)| adjacent);
    let colon_before = before.1 > before.0 && ctx.word(before.1 - 1) == ":";
    let after_colon = colon_before && !cued_after;
    // 0a. A name right before the colon, with no cue between: `… - Michael P. McDonald:
    // "…"`, `More from Jones: "…"` (the name, not a heading's verb, is the speaker).
    if after_colon
        && before.1 >= before.0 + 2
        && !last_cue_before(ctx, before).is_some_and(|(_, adjacent)| adjacent)
        && let Some(m) = ctx
            .mention_ending_at(
                doc.tokens[before.0].span.start,
                doc.tokens[before.1 - 2].span.end,
            )
            .filter(|m| {
                matches!(
                    m.kind,
                    MentionKind::Person | MentionKind::Organisation | MentionKind::Government
                )
            })
        && doc.tokens[before.1 - 1].span.start == m.span.end
        // `Trump attacked Clinton: "…"` is Trump's: a verb before the name speaks, unless a
        // dash sets the name apart (`HEADING WITH A VERB - Name: "…"`).
        && {
            let name = ctx.doc.token_at(m.span.start as usize).unwrap_or(before.0);
            let last_verb = (before.0..name).rev().find(|&k| ctx.group_at(k).is_some());
            last_verb.is_none_or(|v| {
                (v..name).any(|k| matches!(ctx.word(k), "-" | "—" | "–" | "--"))
            })
        }
    {
        attribution = Some(Attribution {
            speaker: Some(m.span),
            cue: None,
            channel: None,
        });
    }
    // 0. After a colon the quotation stands on its own, whatever introduces it: `Rhimes
    // declared the need for ambition: "Change the world …"`.
    if attribution.is_none()
        && after_colon
        && !last_cue_before(ctx, before).is_some_and(|(_, adjacent)| adjacent)
        && let Some(g) = last_verb_before(ctx, (before.0, before.1 - 1))
    {
        attribution = Some(cue_attribution(ctx, g, before.0, sentence_end));
    }
    // 1. A frame right before it: `X said: "…"`, `X told reporters, "…"`, `said that "…"`.
    if attribution.is_none()
        && !(colon_before && cued_after)
        && let Some((g, gap_ok)) = last_cue_before(ctx, before)
    {
        if gap_ok && !ctx.is_cue(g, CueClass::Describe as u16) {
            attribution = Some(cue_attribution(ctx, g, before.0, sentence_end));
        } else if !stands_alone {
            // Inside the cue's clause: `described the offer as a "petty trick"`.
            kind = QuoteKind::Partial;
            attribution = Some(cue_attribution(ctx, g, before.0, sentence_end));
        }
    }
    // 1a. `According to the newspaper, "…"`: the source before the quotation.
    if attribution.is_none()
        && before.1 >= before.0 + 4
        && ctx.word(before.0).eq_ignore_ascii_case("according")
        && ctx.word(before.0 + 1).eq_ignore_ascii_case("to")
        && matches!(ctx.word(before.1 - 1), "," | ":")
        && let Some(speaker) = ctx.phrase_at(before.0 + 2, before.1 - 1)
    {
        attribution = Some(Attribution {
            speaker: Some(speaker),
            cue: Some(
                doc.tokens[before.0]
                    .span
                    .cover(doc.tokens[before.0 + 1].span),
            ),
            channel: Some(speaker).filter(|&s| ctx.is_media(s)),
        });
    }
    // 1b. `… as a "petty trick," according to state media.`
    if attribution.is_none() {
        let mut k = after.0;
        while k < after.1 && k < after.0 + 2 && ctx.is_punct(k) {
            k += 1;
        }
        if k + 2 < doc.tokens.len()
            && ctx.word(k).eq_ignore_ascii_case("according")
            && ctx.word(k + 1).eq_ignore_ascii_case("to")
        {
            let speaker = ctx.phrase_at(k + 2, after.1.max(k + 2)).or_else(|| {
                // "state media" with "state" read as a verb: the words up to the comma.
                let end = (k + 2..after.1.min(k + 8))
                    .find(|&j| ctx.is_punct(j))
                    .unwrap_or(after.1.min(k + 8));
                (end > k + 2).then(|| doc.tokens[k + 2].span.cover(doc.tokens[end - 1].span))
            });
            attribution = Some(Attribution {
                speaker,
                cue: Some(doc.tokens[k].span.cover(doc.tokens[k + 1].span)),
                channel: speaker.filter(|&s| ctx.is_media(s)),
            });
            if !stands_alone {
                kind = QuoteKind::Partial;
            }
        }
    }
    // 2. After it: `"…," he said.`, `"…," said the ministry.`
    if attribution.is_none()
        && let Some(g) = first_cue_after(ctx, after, ends_open(ctx, c))
    {
        attribution = Some(cue_attribution(ctx, g, c.end_token, after.1));
        // `X "…," the report said` is the report's quotation; `X called her "crooked," the
        // report said` quotes inside a clause of its own.
        // (After a colon the quotation stands on its own.)
        let colon = before.1 > before.0 && ctx.word(before.1 - 1) == ":";
        if !colon && (before.0..before.1).any(|k| ctx.group_at(k).is_some()) {
            kind = QuoteKind::Partial;
        }
    }
    // 2a. The tagger missed the verb or its subject: `"…," a voice-over in the ad states.`,
    // `"…," writes Nate Silver.`
    if attribution.is_none() && ends_open(ctx, c) {
        let limit = after.1.min(c.end_token + 10);
        if let Some(k) = (c.end_token..limit)
            .take_while(|&k| !ctx.quoted[k])
            .find(|&k| ctx.is_cue_form(k))
        {
            let speaker = if k == c.end_token {
                ctx.phrase_at(k + 1, after.1)
            } else {
                let mut end = c.end_token;
                while end < k && ctx.word(end) != "," {
                    end += 1;
                }
                (end > c.end_token)
                    .then(|| doc.tokens[c.end_token].span.cover(doc.tokens[end - 1].span))
            };
            attribution = Some(Attribution {
                speaker,
                cue: Some(doc.tokens[k].span),
                channel: ctx.channel_after(k + 1, after.1),
            });
        }
    }
    // 2b. A signature: `"…" ― Carla Sanchez`, `"…" -- Mr. Trump`.
    if attribution.is_none()
        && c.end_token + 1 < ctx.doc.tokens.len()
        && matches!(ctx.word(c.end_token), "―" | "—" | "–" | "--" | "-")
        && doc.paragraphs[c.paragraph]
            .span
            .contains(doc.tokens[c.end_token + 1].span)
        && let Some(np) = ctx.np_at(c.end_token + 1)
        // A signature ends its sentence: `— the balloons cascaded down` is a clause.
        && ctx
            .doc
            .token_at(np.end as usize)
            .is_none_or(|k| ctx.group_at(k).is_none() && ctx.upos(k) != Upos::Verb)
    {
        attribution = Some(Attribution {
            speaker: Some(np),
            cue: Some(doc.tokens[c.end_token].span),
            channel: None,
        });
    }
    // 3. A colon frame with no verb: `Trump: "We will win"` (headlines) and `…, Kall wrote:`.
    if attribution.is_none()
        && before.1 > before.0
        && ctx.word(before.1 - 1) == ":"
        && let Some(np) = first_np(ctx, before.0, before.1 - 1)
    {
        attribution = Some(Attribution {
            speaker: Some(np),
            cue: None,
            channel: None,
        });
    }
    if attribution.is_none() {
        if !stands_alone {
            // Marked words inside a sentence that nothing attributes: a scare quote or title.
            return None;
        }
        if words < 4 || title_case(ctx, c) {
            return None;
        }
        attribution = Some(continued(ctx, c, earlier, quotes));
    }
    let attribution = attribution.expect("set above");
    // `appeared on "Fox News Sunday"`, `a film called "Weiner"`: a title, not words said.
    // `told ''This Week,'' that …`: Title Case words that are not a sentence are a title.
    let sentence_like = ctx.doc.text[c.inner]
        .trim_end_matches(['"', '”', '\'', '’'])
        .trim_end()
        .ends_with(['.', '!', '?']);
    if title_case(ctx, c) && words >= 2 && (kind == QuoteKind::Partial || !sentence_like)
        || kind == QuoteKind::Partial
            && c.first_token > 0
            && ctx.upos(c.first_token - 1) == Upos::Adp
            && words < 4
    {
        return None;
    }
    if kind == QuoteKind::Partial && words == 0 {
        return None;
    }
    let speaker = attribution
        .speaker
        .map(|span| resolve_speaker(ctx, span, quotes));
    let channel = attribution.channel.or_else(|| {
        let speaker = attribution.speaker?;
        ctx.is_media(speaker).then_some(speaker)
    });
    Some(Quote {
        span: c.span,
        kind,
        speaker,
        cue: attribution.cue,
        channel,
    })
}

/// The last speech verb group in the frame `before`, and whether it stands right before the
/// quotation (only a comma, colon, "that", an object or a channel between them).
fn last_cue_before(ctx: &Context<'_>, (lo, hi): (usize, usize)) -> Option<(usize, bool)> {
    let mut k = hi;
    let mut gap_has_verb = false;
    while k > lo {
        k -= 1;
        if let Some(g) = ctx.group_at(k) {
            if ctx.is_cue(g, QUOTING) && !ctx.group(g).negated {
                let end = ctx.group(g).end_token as usize;
                let gap: Vec<&str> = (end..hi).map(|j| ctx.word(j)).collect();
                let last = gap.last().copied().unwrap_or("");
                // `said on Twitter on Monday, in reference to her first child, "…"`: a long
                // gap is fine when it closes with a comma.
                let limit = if last == "," { 30 } else { 12 };
                let adjacent = !gap_has_verb
                    && gap.len() <= limit
                    && (gap.is_empty()
                        || matches!(last, ":" | "," | "that" | "—" | "–" | "-" | "--"));
                return Some((g, adjacent));
            }
            // A relative clause in the gap ("Said Dorothy Poynter, who grew up with Ali, "…"")
            // is part of the speaker's description, not a clause of the reporter's.
            let first = ctx.group(g).first_token as usize;
            let relative = (lo..first).rev().take(4).any(|j| {
                ["who", "which"]
                    .iter()
                    .any(|r| ctx.word(j).eq_ignore_ascii_case(r))
            });
            if !relative {
                gap_has_verb = true;
            }
            k = first;
        }
    }
    None
}

/// The nearest verb group before token `hi` (from `lo`) that is not negated.
fn last_verb_before(ctx: &Context<'_>, (lo, hi): (usize, usize)) -> Option<usize> {
    (lo..hi)
        .rev()
        .filter(|&k| !ctx.quoted[k])
        .filter_map(|k| ctx.group_at(k))
        .find(|&g| ctx.group(g).tense != chunks::Tense::None)
        .filter(|&g| !ctx.group(g).negated)
}

/// The first verb group after the quotation, when it is a speech cue close to it. When the
/// quotation ends open (`,"` `?"` `!"`), any verb right after it or after one phrase is its
/// cue: `"Go back to Univision," Trump barked`.
fn first_cue_after(ctx: &Context<'_>, (lo, hi): (usize, usize), ends_open: bool) -> Option<usize> {
    let mut k = lo;
    while k < hi && k < lo + 25 {
        if ctx.quoted[k] {
            return None;
        }
        // "…, according to state media, a day after it said": a new clause is not the
        // quotation's frame.
        if k > lo && ctx.upos(k) == Upos::Sconj || ctx.word(k).eq_ignore_ascii_case("according") {
            return None;
        }
        if let Some(g) = ctx.group_at(k) {
            let group = ctx.group(g);
            if ctx.is_cue(g, QUOTING | CueClass::Think as u16) && !group.negated {
                return Some(g);
            }
            let right_after = k == lo
                || ctx
                    .chunk(lo)
                    .is_some_and(|c| c.kind == ChunkKind::NounPhrase && c.end_token as usize == k);
            if ends_open && right_after && group.tense != chunks::Tense::None && !group.negated {
                return Some(g);
            }
            // Step over participles ("organizing director Kendall Fells told") and relative
            // clauses ("Trump, who was speaking in Ohio, said").
            let relative = k > lo
                && (lo..k).any(|j| {
                    ["who", "which"]
                        .iter()
                        .any(|r| ctx.word(j).eq_ignore_ascii_case(r))
                });
            if !relative && group.tense != chunks::Tense::None {
                return None;
            }
            k = group.end_token as usize;
            continue;
        }
        k += 1;
    }
    None
}

/// The speaker, cue and channel of speech verb group g, the subject searched from `lo`.
fn cue_attribution(ctx: &Context<'_>, g: usize, lo: usize, hi: usize) -> Attribution {
    let group = ctx.group(g);
    let gf = group.first_token as usize;
    // "…, adding …" / "… and saying …": a participle's subject is its clause's.
    // A participle or an infinitive ("went on to say"): no subject of its own.
    let gerund = ctx.doc.pos[group.head as usize].xpos == crate::syntax::Xpos::Vbg
        || group.tense == chunks::Tense::None && ctx.word(gf).eq_ignore_ascii_case("to");
    // "…, adding", "before asking her", "while chanting"; "laughed and said": the verb shares
    // its clause's subject.
    let participle = gerund
        && gf > lo
        && (matches!(ctx.word(gf - 1), "," | "and" | "—" | "–")
            || matches!(ctx.upos(gf - 1), Upos::Sconj | Upos::Adp));
    let coordinated = !gerund
        && gf > lo
        && ["and", "but"]
            .iter()
            .any(|w| ctx.word(gf - 1).eq_ignore_ascii_case(w));
    let mut speaker = if participle || coordinated {
        None
    } else {
        ctx.subject_or_relative(g, lo)
    };
    if speaker.is_none() && (gerund || coordinated) {
        let sentence = ctx.sentence_of(gf);
        let (first, _) = ctx.sentence_tokens(sentence);
        // The clause's own verb: the speech verb it adds to ("told reporters …, adding"),
        // else the nearest finite verb.
        let finite: Vec<usize> = (first..gf)
            .filter(|&k| !ctx.quoted[k])
            .filter_map(|k| ctx.group_at(k))
            .filter(|&h| ctx.group(h).tense != chunks::Tense::None)
            .collect();
        // ("smiled and said": the verb right before the "and"; "Asked about it, she smiled
        // and said" must not go to "Asked".)
        let partner = finite
            .last()
            .copied()
            .filter(|&h| ctx.group(h).end_token as usize + 1 == gf);
        let clause_verb = if coordinated && partner.is_some() {
            partner
        } else {
            finite
                .iter()
                .copied()
                .find(|&h| ctx.is_cue(h, SPEECH))
                .or(finite.last().copied())
        };
        if let Some(h) = clause_verb {
            speaker = ctx.subject(h, first);
        }
        if speaker.is_none() && !participle {
            speaker = ctx.subject_or_relative(g, lo);
        }
    }
    // "Husted said" tagged as one verb group: the cue is the verb.
    let cue = match speaker {
        Some(s) if group.span.contains(s) && s.end < group.span.end => {
            let k = ctx.doc.tokens.partition_point(|t| t.span.start < s.end);
            ctx.doc.tokens[k.min(group.end_token as usize - 1)]
                .span
                .cover(ctx.doc.tokens[group.end_token as usize - 1].span)
        }
        _ => group.span,
    };
    // "told KCNA": the one told is the channel when it is an outlet.
    let told_outlet = ctx
        .is_cue(g, CueClass::Tell as u16)
        .then(|| ctx.np_at(group.end_token as usize))
        .flatten()
        .filter(|&np| ctx.is_media(np));
    Attribution {
        speaker,
        cue: Some(cue),
        channel: told_outlet.or_else(|| {
            ctx.channel_after(group.end_token as usize, hi.max(group.end_token as usize))
        }),
    }
}

/// The first token of the clause that follows the phrase a preposition at `first` opens
/// ("on Friday he met …", "despite being an alumna, she plans …"): a noun phrase right after
/// the preposition's object, or after the phrase's comma, that is the subject of a finite verb.
fn clause_after_phrase(ctx: &Context<'_>, first: usize, last: usize) -> Option<usize> {
    let object_end = ctx
        .chunk(first + 1)
        .filter(|c| c.kind == ChunkKind::NounPhrase && c.first_token as usize == first + 1)
        .map(|c| c.end_token as usize);
    let comma = (first + 1..last.min(first + 12)).find(|&k| ctx.word(k) == ",");
    let subject_verb = |mut k: usize| -> Option<usize> {
        while k < last && ctx.word(k) == "," {
            k += 1;
        }
        let subject = ctx
            .chunk(k)
            .filter(|c| c.kind == ChunkKind::NounPhrase && c.first_token as usize == k)?;
        let g = ctx.group_at(subject.end_token as usize)?;
        (ctx.group(g).tense != chunks::Tense::None && !ctx.quoted[k]).then_some(k)
    };
    object_end
        .and_then(subject_verb)
        .or_else(|| comma.and_then(|c| subject_verb(c + 1)))
}

/// Whether the quotation's last words leave the sentence open for its attribution.
fn ends_open(ctx: &Context<'_>, c: &Candidate) -> bool {
    ctx.doc.text[c.inner]
        .trim_end()
        .ends_with([',', '?', '!', '—', '-', '–'])
}

/// A word that names a day, not a speaker: "Thursday", "today".
fn is_day_word(word: &str) -> bool {
    crate::article::WEEKDAY_NAMES
        .iter()
        .chain(&["today", "yesterday", "tonight"])
        .any(|day| word.eq_ignore_ascii_case(day))
}

/// The first noun phrase in tokens `lo..hi` (a headline's subject).
fn first_np(ctx: &Context<'_>, lo: usize, hi: usize) -> Option<Span> {
    (lo..hi).find_map(|k| ctx.np_at(k))
}

/// Title Case Words Throughout: a title, not a quotation.
fn title_case(ctx: &Context<'_>, c: &Candidate) -> bool {
    let mut words = 0;
    for k in c.first_token..c.end_token {
        let w = ctx.word(k);
        if ctx.is_punct(k) || w.len() <= 3 && w.chars().all(|ch| ch.is_lowercase()) {
            continue;
        }
        words += 1;
        if !w.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    words > 0
}

/// A quotation with no cue of its own: the speaker of the quote before it in its paragraph,
/// of the colon-ended paragraph that introduced it, or the headline's subject.
fn continued(
    ctx: &Context<'_>,
    c: &Candidate,
    earlier: &[Candidate],
    quotes: &[Quote],
) -> Attribution {
    let doc = ctx.doc;
    let none = Attribution {
        speaker: None,
        cue: None,
        channel: None,
    };
    let paragraph = doc.paragraphs[c.paragraph];
    // The quote before it, in the same paragraph.
    if let Some(previous) = quotes.last()
        && paragraph.span.contains(previous.span)
        && let Some(speaker) = &previous.speaker
    {
        return Attribution {
            speaker: Some(speaker.span),
            cue: None,
            channel: previous.channel,
        };
    }
    // The sentence before, in the same paragraph, is an attribution with nothing reported:
    // `Dianne Bystrom agreed. "…"`, `Sam Lau said in a statement. "…"`.
    let s_open = ctx.sentence_of(c.first_token);
    if s_open > 0 {
        let (first, end) = ctx.sentence_tokens(s_open - 1);
        if paragraph.span.contains(doc.sentences[s_open - 1].span)
            && let Some(g) = last_verb_before(ctx, (first, end))
            && ctx.is_cue(g, QUOTING)
            && !(ctx.group(g).end_token as usize..end)
                .any(|k| ctx.group_at(k).is_some() || ctx.quoted[k])
        {
            return cue_attribution(ctx, g, first, end);
        }
    }
    // `Clinton touted her credentials. "We need …"`: the person the sentence before is about.
    if s_open > 0
        && paragraph.span.contains(doc.sentences[s_open - 1].span)
        && let Some(subject) = person_subject(ctx, s_open - 1)
    {
        return Attribution {
            speaker: Some(subject),
            cue: None,
            channel: None,
        };
    }
    // A paragraph that ends with a colon: `The New York Times reports:`.
    if c.paragraph > 0 && c.first_token == paragraph.first_token as usize {
        let previous = doc.paragraphs[c.paragraph - 1];
        let last = previous.end_token as usize;
        if last > 0 && ctx.word(last - 1) == ":" {
            let sentence = ctx.sentence_of(last - 1);
            let (first, _) = ctx.sentence_tokens(sentence);
            if let Some((g, _)) = last_cue_before(ctx, (first, last - 1)) {
                return cue_attribution(ctx, g, first, last);
            }
            if let Some(np) = first_np(ctx, first, last - 1) {
                return Attribution {
                    speaker: Some(np),
                    cue: None,
                    channel: None,
                };
            }
        }
        // The paragraph before ended with this speaker's attributed quote.
        if let (Some(previous_quote), Some(previous_candidate)) = (quotes.last(), earlier.last())
            && previous.span.contains(previous_quote.span)
            && previous_candidate.paragraph + 1 == c.paragraph
            && let Some(speaker) = &previous_quote.speaker
            && (previous_candidate.end_token..previous.end_token as usize).count() <= TRAILING
        {
            return Attribution {
                speaker: Some(speaker.span),
                cue: None,
                channel: previous_quote.channel,
            };
        }
        // `Valastro praised Christie's leadership.` then a paragraph of quotation.
        if last > 0
            && previous.span.start as usize >= doc.body_start
            && let Some(subject) = person_subject(ctx, ctx.sentence_of(last - 1))
        {
            return Attribution {
                speaker: Some(subject),
                cue: None,
                channel: None,
            };
        }
    }
    // A headline quote: the headline's subject.
    if doc.body_start > 0
        && c.span.end as usize <= doc.body_start
        && let Some(m) = doc
            .mentions
            .iter()
            .find(|m| paragraph.span.contains(m.span) && !c.span.contains(m.span))
    {
        return Attribution {
            speaker: Some(m.span),
            cue: None,
            channel: None,
        };
    }
    none
}

/// The subject of a sentence's first finite verb, when it names a person or is he/she.
fn person_subject(ctx: &Context<'_>, sentence: usize) -> Option<Span> {
    let (first, end) = ctx.sentence_tokens(sentence);
    let g = (first..end)
        .filter_map(|k| ctx.group_at(k))
        .find(|&g| ctx.group(g).tense != chunks::Tense::None)?;
    let subject = ctx.subject(g, first)?;
    if subject.end > ctx.group(g).span.start {
        return None;
    }
    let text = ctx.doc.text[subject].to_lowercase();
    let person = ctx
        .mentions_within(subject)
        .any(|m| m.kind == MentionKind::Person);
    (person || text == "he" || text == "she").then_some(subject)
}

/// A speaker phrase linked to its actor: the mention inside it, or for a pronoun or a
/// description the nearest compatible mention before it.
fn resolve_speaker(ctx: &Context<'_>, span: Span, quotes: &[Quote]) -> Speaker {
    let doc = ctx.doc;
    // "experts who say": "who" is resolved as the phrase it stands for.
    if let Some(antecedent) = ctx.relative_antecedent(span) {
        let resolved = resolve_speaker(ctx, antecedent, quotes);
        return Speaker {
            span,
            actor: resolved.actor,
            antecedent: Some(resolved.antecedent.unwrap_or(antecedent)),
        };
    }
    let inside: Vec<&Mention> = ctx.mentions_within(span).collect();
    // The phrase's head ("South Korea's Unification Ministry"), then a person, then any.
    let best_inside = inside
        .iter()
        .find(|m| m.span.end == span.end && m.actor.is_some())
        .or_else(|| {
            inside
                .iter()
                .find(|m| m.kind == MentionKind::Person && m.actor.is_some())
        })
        .or_else(|| inside.iter().find(|m| m.actor.is_some()))
        .or_else(|| inside.iter().find(|m| m.kind == MentionKind::Person));
    if let Some(m) = best_inside {
        return Speaker {
            span,
            actor: m.actor.clone(),
            antecedent: (m.span != span).then_some(m.span),
        };
    }
    let text = doc.text[span].trim();
    let lower = text.to_lowercase();
    let first_word = lower.split_whitespace().next().unwrap_or("");
    let head = doc
        .token_at(span.end as usize - 1)
        .map_or("", |k| doc.lemma(k));
    let definite = matches!(first_word, "the" | "this" | "that");
    let wanted: Option<&[MentionKind]> = if PRONOUNS_PERSON.contains(&lower.as_str())
        || definite && ctx.lexicon.is(head, CueClass::Person)
    {
        Some(&[MentionKind::Person])
    } else if definite && ctx.lexicon.is(head, CueClass::Body) {
        Some(&[MentionKind::Government, MentionKind::Organisation])
    } else if lower == "it" {
        // "North Korea … it said": a state, government or organisation speaks as "it".
        Some(&[
            MentionKind::Government,
            MentionKind::Country,
            MentionKind::Organisation,
        ])
    } else {
        None
    };
    let Some(kinds) = wanted else {
        return Speaker {
            span,
            actor: None,
            antecedent: None,
        };
    };
    // The latest earlier speaker of a wanted kind within the last two paragraphs, else the
    // nearest earlier mention of that kind.
    let paragraph = doc
        .paragraphs
        .partition_point(|p| p.span.end <= span.start)
        .min(doc.paragraphs.len() - 1);
    let window_start = doc.paragraphs[paragraph.saturating_sub(1)].span.start;
    // Quotes are in text order: start before the speaker, stop once they end before the
    // window.
    let earlier = quotes.partition_point(|q| q.span.start < span.start);
    let recent_speaker = quotes[..earlier]
        .iter()
        .rev()
        .take_while(|q| q.span.end >= window_start)
        .find_map(|q| {
            let s = q.speaker.as_ref()?;
            let mention = s.antecedent.unwrap_or(s.span);
            (s.span.start >= window_start
                && s.span.start < span.start
                && (s.actor.is_some() || s.antecedent.is_some() || !is_pronoun(&doc.text[s.span]))
                && ctx
                    .mentions_within(mention)
                    .any(|m| m.span == mention && kinds.contains(&m.kind)))
            .then(|| (mention, s.actor.clone()))
        });
    // The nearest earlier mention of a wanted kind, preferring one that is a subject (right
    // before a verb: "North Korea dismissed a U.S. offer … it said" is North Korea) among the
    // last few candidates.
    let before = doc.mentions.partition_point(|m| m.span.start < span.start);
    let candidates: Vec<&Mention> = doc.mentions[..before]
        .iter()
        .rev()
        .filter(|m| m.span.end <= span.start && kinds.contains(&m.kind))
        .take(4)
        .collect();
    // A subject: the subject the chunks give the first finite verb after the mention.
    let is_subject = |m: &Mention| {
        let next = doc.tokens.partition_point(|t| t.span.start < m.span.end);
        if next >= doc.tokens.len() || ctx.quoted[next] {
            return false;
        }
        let sentence = ctx.sentence_of(next);
        let (first, end) = ctx.sentence_tokens(sentence);
        (next..end.min(next + 8))
            .filter_map(|k| ctx.group_at(k))
            .find(|&g| ctx.group(g).tense != chunks::Tense::None)
            .and_then(|g| ctx.subject(g, first))
            .is_some_and(|subject| subject.contains(m.span))
    };
    let nearest = candidates
        .iter()
        .copied()
        .find(|m| is_subject(m))
        .or(candidates.first().copied());
    let pick = match (recent_speaker, nearest) {
        (Some((m, actor)), Some(n)) if n.span.start <= m.start => (Some(m), actor),
        (Some((m, actor)), None) => (Some(m), actor),
        (_, Some(n)) => (Some(n.span), n.actor.clone()),
        (None, None) => (None, None),
    };
    Speaker {
        span,
        actor: pick.1,
        antecedent: pick.0,
    }
}

fn is_pronoun(text: &str) -> bool {
    let lower = text.to_lowercase();
    PRONOUNS_PERSON.contains(&lower.as_str()) || PRONOUNS_OTHER.contains(&lower.as_str())
}

/// Spans sorted by start with the running maximum of their ends, so that overlap and
/// containment queries stay logarithmic on long articles.
struct SpanIndex {
    spans: Vec<Span>,
    max_end: Vec<u32>,
}

impl SpanIndex {
    fn new(mut spans: Vec<Span>) -> SpanIndex {
        spans.sort_unstable();
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for span in &spans {
            running = running.max(span.end);
            max_end.push(running);
        }
        SpanIndex { spans, max_end }
    }

    /// Whether some span shares a byte with `span`.
    fn overlaps(&self, span: Span) -> bool {
        let j = self.spans.partition_point(|s| s.start < span.end);
        j > 0 && self.max_end[j - 1] > span.start
    }

    /// The spans that start inside `span`.
    fn starting_in(&self, span: Span) -> &[Span] {
        let from = self.spans.partition_point(|s| s.start < span.start);
        let to = self.spans.partition_point(|s| s.start < span.end);
        &self.spans[from..to.max(from)]
    }

    /// Whether some span lies inside `span`.
    fn any_within(&self, span: Span) -> bool {
        self.starting_in(span).iter().any(|s| s.end <= span.end)
    }
}

/// Indirect speech: the clauses speech and belief verbs govern, and "according to X", where no
/// quotation already covers them.
fn indirect(ctx: &Context<'_>, quotes: &mut Vec<Quote>) {
    let doc = ctx.doc;
    let mut reported = Vec::new();
    let mut chunk_start = 0;
    let mut group_start = 0;
    let cue_mask = SPEECH | CueClass::Think as u16 | CueClass::Learned as u16;
    for sentence in &doc.sentences {
        let (first, end) = (sentence.first_token as usize, sentence.end_token as usize);
        while chunk_start < doc.chunks.len()
            && (doc.chunks[chunk_start].first_token as usize) < first
        {
            chunk_start += 1;
        }
        let mut chunk_end = chunk_start;
        while chunk_end < doc.chunks.len() && (doc.chunks[chunk_end].end_token as usize) <= end {
            chunk_end += 1;
        }
        while group_start < doc.verb_groups.len()
            && (doc.verb_groups[group_start].first_token as usize) < first
        {
            group_start += 1;
        }
        let mut group_end = group_start;
        while group_end < doc.verb_groups.len()
            && (doc.verb_groups[group_end].end_token as usize) <= end
        {
            group_end += 1;
        }
        // The quote cues, which are more than the speech verbs the chunker knows.
        let groups: Vec<VerbGroup> = (group_start..group_end)
            .map(|g| {
                let mut group = doc.verb_groups[g].clone();
                // A participle or infinitive cues a report only as an addition to its
                // clause ("…, saying …"), not as a noun's modifier ("maintaining a stance").
                let first = group.first_token as usize;
                let nonfinite_ok = group.tense != chunks::Tense::None
                    || first > 0 && matches!(ctx.word(first - 1), "," | "and")
                    // `…,” claiming …`
                    || first > 1
                        && is_mark(ctx.word(first - 1))
                        && ctx.word(first - 2) == ","
                    // "were likely to say", "wants to argue": an infinitive that completes a
                    // verb or an adjective, not a noun ("a chance to say").
                    || first > 0
                        && ctx.word(first).eq_ignore_ascii_case("to")
                        && (ctx.upos(first - 1) == Upos::Adj || ctx.group_at(first - 1).is_some());
                group.speech = ctx.is_cue(g, cue_mask) && !group.negated && nonfinite_ok;
                group
            })
            .collect();
        chunks::reported_clauses(
            &ctx.view,
            first,
            end,
            &doc.chunks[chunk_start..chunk_end],
            &groups,
            &mut reported,
        );
        chunk_start = chunk_end;
        group_start = group_end;
    }
    let mut added: Vec<Quote> = Vec::new();
    let according = |r: &chunks::Reported| {
        doc.token_at(r.cue.start as usize)
            .is_some_and(|k| ctx.word(k).eq_ignore_ascii_case("according"))
    };
    // "He added that …, according to state media": the verb's report, through that channel.
    let mut channels: Vec<(Span, Span)> = Vec::new();
    let verb_cues = SpanIndex::new(
        reported
            .iter()
            .filter(|r| !according(r))
            .map(|r| r.cue)
            .collect(),
    );
    let inner_cue = |outer: &chunks::Reported| verb_cues.any_within(outer.span);
    for r in &reported {
        if according(r) && inner_cue(r) {
            channels.push((r.span, r.cue));
        }
    }
    channels.sort_unstable();
    // The according-to clause around a cue (clauses of one sentence part do not nest deeply).
    let channel_around = |cue: Span| -> Option<(Span, Span)> {
        let j = channels.partition_point(|(outer, _)| outer.start <= cue.start);
        channels[..j]
            .iter()
            .rev()
            .take(4)
            .find(|(outer, _)| outer.contains(cue))
            .copied()
    };
    let quote_spans = SpanIndex::new(quotes.iter().map(|q| q.span).collect());
    let quote_cues = SpanIndex::new(quotes.iter().filter_map(|q| q.cue).collect());
    for mut r in reported {
        if according(&r) && inner_cue(&r) {
            continue;
        }
        // "said in a statement that …": the report starts after the channel and "that";
        // "said in a statement carried by KCNA" reports nothing.
        if let Some(first) = doc.token_at(r.span.start as usize)
            && ctx.upos(first) == Upos::Adp
            && !according(&r)
        {
            let last = doc.tokens.partition_point(|t| t.span.end <= r.span.end);
            match (first..last.min(first + 12)).find(|&k| ctx.word(k).eq_ignore_ascii_case("that"))
            {
                Some(that) if that + 1 < last => {
                    r.span = doc.tokens[that + 1].span.cover(r.span);
                    r.span.start = doc.tokens[that + 1].span.start;
                }
                // "said on Friday he met …", "says despite being an alumna, she plans …": the
                // report is the clause after the phrase.
                _ => match clause_after_phrase(ctx, first, last) {
                    Some(start) => r.span.start = doc.tokens[start].span.start,
                    None => continue,
                },
            }
        }
        // "…, according to state media" closes the verb's report.
        if !according(&r)
            && let Some((_, cue)) = channel_around(r.cue)
            && r.span.contains(cue)
            && let Some(k) = doc.token_at(cue.start as usize)
        {
            let mut stop = k;
            while stop > 0 && ctx.is_punct(stop - 1) {
                stop -= 1;
            }
            if doc.tokens[stop.saturating_sub(1)].span.end <= r.span.start {
                continue;
            }
            r.span = Span::new(
                r.span.start as usize,
                doc.tokens[stop - 1].span.end as usize,
            );
        }
        // "…, said Fox's Chris Wallace as the crowd cheered": an adverbial clause, not a report;
        // but "says despite being an alumna, she plans …" reports the clause after it.
        if let Some(first) = doc.token_at(r.span.start as usize)
            && (matches!(ctx.upos(first), Upos::Cconj)
                || ctx.upos(first) == Upos::Sconj
                    && !["that", "whether", "if", "how", "why", "what"]
                        .iter()
                        .any(|w| ctx.word(first).eq_ignore_ascii_case(w)))
        {
            let last = doc.tokens.partition_point(|t| t.span.end <= r.span.end);
            match clause_after_phrase(ctx, first, last).filter(|_| ctx.upos(first) == Upos::Sconj) {
                Some(start) => r.span.start = doc.tokens[start].span.start,
                None => continue,
            }
        }
        // Overlapping a quotation, or the cue of one (`"…," said another advocate, Andrew
        // Pincus`: what follows the verb is its speaker, not a report).
        if quote_spans.overlaps(r.span) || quote_cues.overlaps(r.cue) {
            continue;
        }
        let Some(cue_token) = doc.token_at(r.cue.start as usize) else {
            continue;
        };
        let sentence = ctx.sentence_of(cue_token);
        let (first, end) = ctx.sentence_tokens(sentence);
        let attribution = if ctx.word(cue_token).eq_ignore_ascii_case("according") {
            let speaker = ctx.np_at(cue_token + 2);
            let channel = speaker.filter(|&s| {
                ctx.is_media(s) || {
                    let last = doc.token_at(s.end as usize - 1).unwrap_or(0);
                    ctx.lexicon.is(doc.lemma(last), CueClass::Channel)
                }
            });
            Attribution {
                speaker,
                cue: Some(r.cue),
                channel,
            }
        } else if let Some(g) = ctx.group_at(cue_token) {
            // After the report (", the ministry said"): the subject is searched from the
            // report's end.
            let lo = if r.span.end <= r.cue.start {
                doc.tokens.partition_point(|t| t.span.end <= r.span.end)
            } else {
                first
            };
            cue_attribution(ctx, g, lo, end)
        } else {
            continue;
        };
        let speaker = attribution
            .speaker
            .map(|span| resolve_speaker(ctx, span, quotes));
        let channel = attribution.channel.or_else(|| {
            let s = attribution.speaker?;
            ctx.is_media(s).then_some(s)
        });
        let channel = channel.or_else(|| {
            let (_, cue) = channel_around(r.cue)?;
            let k = doc.token_at(cue.start as usize)?;
            ctx.np_at(k + 2)
        });
        added.push(Quote {
            span: r.span,
            kind: QuoteKind::Indirect,
            speaker,
            cue: attribution.cue,
            channel,
        });
    }
    // A speech verb with a noun object and no clause: what was said is named, not reported
    // ("Clinton tweeted her thanks", "the ministry denied the report").
    let used_cues = SpanIndex::new(
        quotes
            .iter()
            .chain(added.iter())
            .filter_map(|q| q.cue)
            .collect(),
    );
    for (g, group) in doc.verb_groups.iter().enumerate() {
        let learned = ctx.is_cue(g, CueClass::Learned as u16);
        // A participle adds to its clause's report (", referring to …"), as above.
        let gf = group.first_token as usize;
        let participle = group.tense == chunks::Tense::None
            && gf > 0
            && matches!(ctx.word(gf - 1), "," | "and")
            && ctx.doc.pos[group.head as usize].xpos == crate::syntax::Xpos::Vbg;
        if !ctx.is_cue(g, SPEECH | CueClass::Learned as u16)
            || group.negated
            || group.tense == chunks::Tense::None && !participle
        {
            continue;
        }
        if used_cues.overlaps(group.span) {
            continue;
        }
        let mut end = group.end_token as usize;
        // A learned cue's object may follow a preposition ("called for greater ethics",
        // "referring to the party's convention"); a day is when, not what ("on Friday").
        if learned
            && end + 1 < doc.tokens.len()
            && ctx.upos(end) == Upos::Adp
            && ["about", "for", "to", "against", "on", "with", "at", "into"]
                .iter()
                .any(|w| ctx.word(end).eq_ignore_ascii_case(w))
            && !is_day_word(ctx.word(end + 1))
        {
            end += 1;
        }
        let Some(object) = ctx.chunk(end).filter(|c| {
            c.kind == ChunkKind::NounPhrase && c.first_token as usize == end && !ctx.quoted[end]
        }) else {
            continue;
        };
        // The one told is not what was said; a pronoun object ("said it") names nothing.
        if ctx.is_cue(g, CueClass::Tell as u16)
            || object.end_token - object.first_token == 1 && ctx.upos(end) == Upos::Pron
        {
            continue;
        }
        let (first, sentence_end) = ctx.sentence_tokens(ctx.sentence_of(end));
        let content = ctx.np_extent(object);
        let attribution = cue_attribution(ctx, g, first, sentence_end);
        let Some(speaker_span) = attribution.speaker else {
            continue;
        };
        let channel = attribution
            .channel
            .or_else(|| ctx.is_media(speaker_span).then_some(speaker_span));
        added.push(Quote {
            span: content,
            kind: QuoteKind::Indirect,
            speaker: Some(resolve_speaker(ctx, speaker_span, quotes)),
            cue: attribution.cue,
            channel,
        });
    }
    // A statement noun with its content and its owner: "Trump's claim that …", "claims by
    // intelligence agencies that …", "his call to bring Republicans together".
    let taken = SpanIndex::new(quotes.iter().chain(added.iter()).map(|q| q.span).collect());
    for chunk in doc
        .chunks
        .iter()
        .filter(|c| c.kind == ChunkKind::NounPhrase)
    {
        let (cf, ce) = (chunk.first_token as usize, chunk.end_token as usize);
        if ce >= doc.tokens.len()
            || ctx.quoted[ce - 1]
            || !ctx.lexicon.is(doc.lemma(ce - 1), CueClass::Statement)
        {
            continue;
        }
        let (_, sentence_end) = ctx.sentence_tokens(ctx.sentence_of(ce - 1));
        // The owner: a possessive inside the phrase, or "by X" after it.
        let mut owner = None;
        let mut after = ce;
        if let Some(p) = (cf..ce - 1).find(|&k| {
            matches!(
                ctx.doc.pos[k].xpos,
                crate::syntax::Xpos::Pos | crate::syntax::Xpos::PrpDollar
            )
        }) {
            let start = if ctx.doc.pos[p].xpos == crate::syntax::Xpos::Pos {
                cf
            } else {
                p
            };
            let end = if ctx.doc.pos[p].xpos == crate::syntax::Xpos::Pos {
                p
            } else {
                p + 1
            };
            if start < end {
                owner = Some(doc.tokens[start].span.cover(doc.tokens[end - 1].span));
            }
        }
        if after + 1 < sentence_end
            && ["by", "from"]
                .iter()
                .any(|w| ctx.word(after).eq_ignore_ascii_case(w))
            && let Some(np) = ctx.np_at(after + 1)
        {
            owner = owner.or(Some(np));
            after = doc.tokens.partition_point(|t| t.span.end <= np.end);
        }
        let Some(owner) = owner else {
            continue;
        };
        // The content: a that-clause or a to-infinitive, to the next comma or the end.
        if after >= sentence_end {
            continue;
        }
        let start = if ctx.word(after).eq_ignore_ascii_case("that") {
            after + 1
        } else if ctx.word(after).eq_ignore_ascii_case("to") && ctx.upos(after + 1) == Upos::Verb {
            after
        } else {
            continue;
        };
        let mut end = start;
        while end < sentence_end && !matches!(ctx.word(end), "," | ";" | "." | "?" | "!") {
            end += 1;
        }
        if end <= start + 1 || !(start..end).any(|k| ctx.group_at(k).is_some()) {
            continue;
        }
        let span = doc.tokens[start].span.cover(doc.tokens[end - 1].span);
        if taken.overlaps(span) {
            continue;
        }
        added.push(Quote {
            span,
            kind: QuoteKind::Indirect,
            speaker: Some(resolve_speaker(ctx, owner, quotes)),
            cue: Some(chunk.span),
            channel: None,
        });
    }
    // "Kim accused Seoul of …, KCNA reported": the report of "accused" ends where KCNA's
    // post-posed report of the whole clause ends.
    let mut post_posed: Vec<(Span, Span)> = added
        .iter()
        .filter_map(|q| Some((q.cue?, q.span)))
        .filter(|(cue, span)| span.end <= cue.start)
        .collect();
    post_posed.sort_unstable();
    for q in &mut added {
        let from = post_posed.partition_point(|(cue, _)| cue.start < q.span.start);
        let to = post_posed.partition_point(|(cue, _)| cue.start < q.span.end);
        if let Some(&(_, outer)) = post_posed[from..to.max(from)].iter().find(|(cue, outer)| {
            q.span.contains(*cue) && q.span.start < outer.end && outer.end < q.span.end
        }) {
            q.span = Span::new(q.span.start as usize, outer.end as usize);
        }
    }
    quotes.extend(added);
}
