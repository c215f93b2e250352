//! The one document model: the article text and the layers of spans annotators add to it.

use crate::article::{Article, ArticleMeta};
use crate::findings::Finding;
use crate::layers::{Event, Flag, Mention, Quote, Timex};
use crate::span::Span;
use crate::syntax::Name;
use crate::syntax::chunks::{Chunk, Reported, VerbGroup};
use crate::syntax::pos::PosTag;
use crate::text::{Paragraph, Sentence, Token};

/// An article under analysis. The text is never edited; every layer is a list of spans into it,
/// sorted by start.
#[derive(Clone, Debug)]
pub struct Document {
    pub meta: ArticleMeta,
    pub text: String,
    /// Where the body starts (after the headline and its blank line).
    pub body_start: usize,
    pub tokens: Vec<Token>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    /// One tag per token.
    pub pos: Vec<PosTag>,
    /// One per token; None where the lemma is the token's text ([`Document::lemma`]).
    pub lemmas: Vec<Option<Box<str>>>,
    pub chunks: Vec<Chunk>,
    pub verb_groups: Vec<VerbGroup>,
    pub reported: Vec<Reported>,
    /// Proper names found by the name tagger, in text order.
    pub names: Vec<Name>,
    pub mentions: Vec<Mention>,
    pub timexes: Vec<Timex>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub flags: Vec<Flag>,
    pub findings: Vec<Finding>,
}

impl Document {
    /// A document with the article's text and findings and no layers yet.
    pub fn new(article: Article) -> Document {
        Document {
            meta: article.meta,
            text: article.text,
            body_start: article.body_start,
            tokens: Vec::new(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            pos: Vec::new(),
            lemmas: Vec::new(),
            chunks: Vec::new(),
            verb_groups: Vec::new(),
            reported: Vec::new(),
            names: Vec::new(),
            mentions: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            flags: Vec::new(),
            findings: article.findings,
        }
    }

    /// The lemma of token k: lower-case for all but proper nouns.
    pub fn lemma(&self, k: usize) -> &str {
        self.lemmas
            .get(k)
            .and_then(|l| l.as_deref())
            .unwrap_or(&self.text[self.tokens[k].span])
    }

    /// The token that contains or follows byte offset `at`, if any.
    pub fn token_at(&self, at: usize) -> Option<usize> {
        let k = self.tokens.partition_point(|t| (t.span.end as usize) <= at);
        (k < self.tokens.len()).then_some(k)
    }

    /// The text of a span.
    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span]
    }

    /// Checks the invariants every layer keeps: spans inside the text and on char boundaries,
    /// layers sorted and non-overlapping where they tile, sentences inside paragraphs, and each
    /// sentence's token range covering exactly its span. Tests run it on every document they
    /// analyse; it returns the first violation.
    pub fn check_invariants(&self) -> Result<(), String> {
        let len = self.text.len();
        let in_text = |what: &str, span: Span| -> Result<(), String> {
            let (s, e) = (span.start as usize, span.end as usize);
            if e > len || !self.text.is_char_boundary(s) || !self.text.is_char_boundary(e) {
                return Err(format!(
                    "{what} {span:?} is outside the text or not on a char boundary"
                ));
            }
            Ok(())
        };
        let mut last_end = 0;
        for token in &self.tokens {
            in_text("token", token.span)?;
            if token.span.is_empty() || (token.span.start as usize) < last_end {
                return Err(format!(
                    "token {:?} is empty or overlaps the one before",
                    token.span
                ));
            }
            if self.text[token.span].chars().any(char::is_whitespace)
                && !self.text[token.span].starts_with(". .")
            {
                return Err(format!("token {:?} holds white space", token.span));
            }
            last_end = token.span.end as usize;
        }
        let check_tiles = |what: &str, tiles: &mut dyn Iterator<Item = (Span, u32, u32)>| {
            let mut expected_first = 0u32;
            for (span, first, end) in tiles {
                in_text(what, span)?;
                if first != expected_first || end <= first || end as usize > self.tokens.len() {
                    return Err(format!("{what} {span:?} has token range {first}..{end}"));
                }
                let cover = self.tokens[first as usize]
                    .span
                    .cover(self.tokens[end as usize - 1].span);
                if cover != span {
                    return Err(format!(
                        "{what} {span:?} does not match its tokens {cover:?}"
                    ));
                }
                expected_first = end;
            }
            if expected_first as usize != self.tokens.len() {
                return Err(format!("{what}s do not cover every token"));
            }
            Ok(())
        };
        check_tiles(
            "paragraph",
            &mut self
                .paragraphs
                .iter()
                .map(|p| (p.span, p.first_token, p.end_token)),
        )?;
        check_tiles(
            "sentence",
            &mut self
                .sentences
                .iter()
                .map(|s| (s.span, s.first_token, s.end_token)),
        )?;
        for sentence in &self.sentences {
            if !self
                .paragraphs
                .iter()
                .any(|p| p.span.contains(sentence.span))
            {
                return Err(format!(
                    "sentence {:?} crosses a paragraph break",
                    sentence.span
                ));
            }
        }
        if !self.pos.is_empty()
            && (self.pos.len() != self.tokens.len() || self.lemmas.len() != self.tokens.len())
        {
            return Err(format!(
                "{} tags and {} lemmas for {} tokens",
                self.pos.len(),
                self.lemmas.len(),
                self.tokens.len()
            ));
        }
        let mut last_end = 0;
        for chunk in &self.chunks {
            in_text("chunk", chunk.span)?;
            if chunk.first_token >= chunk.end_token || chunk.first_token < last_end {
                return Err(format!(
                    "chunk {:?} is empty or overlaps the one before",
                    chunk.span
                ));
            }
            let cover = self.tokens[chunk.first_token as usize]
                .span
                .cover(self.tokens[chunk.end_token as usize - 1].span);
            if cover != chunk.span || !self.sentences.iter().any(|s| s.span.contains(chunk.span)) {
                return Err(format!(
                    "chunk {:?} does not match its tokens or crosses a sentence",
                    chunk.span
                ));
            }
            last_end = chunk.end_token;
        }
        // The flag checker finds verb groups, mentions and quotes by binary search.
        for (layer, starts) in [
            (
                "verb groups",
                self.verb_groups
                    .iter()
                    .map(|g| g.span.start)
                    .collect::<Vec<_>>(),
            ),
            (
                "mentions",
                self.mentions.iter().map(|m| m.span.start).collect(),
            ),
            ("quotes", self.quotes.iter().map(|q| q.span.start).collect()),
        ] {
            if starts.windows(2).any(|w| w[1] < w[0]) {
                return Err(format!("the {layer} are not in text order"));
            }
        }
        for group in &self.verb_groups {
            if !(group.first_token..group.end_token).contains(&group.head) {
                return Err(format!("verb group {:?} has its head outside", group.span));
            }
        }
        let mut last_name_end = 0;
        for name in &self.names {
            in_text("name", name.span)?;
            if name.first_token < last_name_end || name.first_token >= name.end_token {
                return Err(format!(
                    "name {:?} is empty or overlaps the one before",
                    name.span
                ));
            }
            last_name_end = name.end_token;
        }
        for reported in &self.reported {
            in_text("reported clause", reported.span)?;
            if !self
                .sentences
                .iter()
                .any(|s| s.span.contains(reported.span) && s.span.contains(reported.cue))
            {
                return Err(format!(
                    "reported clause {:?} and its cue are not in one sentence",
                    reported.span
                ));
            }
        }
        for timex in &self.timexes {
            in_text("timex", timex.span)?;
            if timex.span.is_empty() {
                return Err(format!("timex {:?} is empty", timex.span));
            }
            if let Some(interval) = timex.interval
                && interval.end <= interval.start
            {
                return Err(format!("timex {:?} has an empty interval", timex.span));
            }
        }
        for pair in self.timexes.windows(2) {
            if pair[1].span.start < pair[0].span.end {
                return Err(format!(
                    "timexes {:?} and {:?} overlap",
                    pair[0].span, pair[1].span
                ));
            }
        }
        for mention in &self.mentions {
            in_text("mention", mention.span)?;
            if mention.span.is_empty() {
                return Err(format!("mention {:?} is empty", mention.span));
            }
        }
        for quote in &self.quotes {
            in_text("quote", quote.span)?;
            if quote.span.is_empty() {
                return Err(format!("quote {:?} is empty", quote.span));
            }
            let speaker = quote.speaker.as_ref();
            for (what, span) in [
                ("speaker", speaker.map(|s| s.span)),
                ("antecedent", speaker.and_then(|s| s.antecedent)),
                ("cue", quote.cue),
                ("channel", quote.channel),
            ] {
                if let Some(span) = span {
                    in_text(what, span)?;
                    if span.is_empty() {
                        return Err(format!("{what} of quote {:?} is empty", quote.span));
                    }
                }
            }
        }
        for finding in &self.findings {
            if let Some(span) = finding.span {
                in_text("finding", span)?;
            }
        }
        Ok(())
    }
}
