//! The linguistic layer: parts of speech, lemmas, chunks and verb-group features.

pub mod pos;

use serde::Serialize;

macro_rules! closed_tag_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),*
        }

        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &[$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

closed_tag_set! {
    /// Universal POS tags (Universal Dependencies v2).
    Upos {
        Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET",
        Intj = "INTJ", Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN",
        Punct = "PUNCT", Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
    }
}

closed_tag_set! {
    /// Penn Treebank tags, as UD English-EWT uses them (with its web-text additions ADD, AFX,
    /// GW, HYPH, NFP).
    Xpos {
        Dollar = "$", CloseQuote = "''", Comma = ",", LeftBracket = "-LRB-",
        RightBracket = "-RRB-", Period = ".", Colon = ":", Add = "ADD", Afx = "AFX", Cc = "CC",
        Cd = "CD", Dt = "DT", Ex = "EX", Fw = "FW", Gw = "GW", Hyph = "HYPH", In = "IN",
        Jj = "JJ", Jjr = "JJR", Jjs = "JJS", Ls = "LS", Md = "MD", Nfp = "NFP", Nn = "NN",
        Nnp = "NNP", Nnps = "NNPS", Nns = "NNS", Pdt = "PDT", Pos = "POS", Prp = "PRP",
        PrpDollar = "PRP$", Rb = "RB", Rbr = "RBR", Rbs = "RBS", Rp = "RP", Sym = "SYM",
        To = "TO", Uh = "UH", Vb = "VB", Vbd = "VBD", Vbg = "VBG", Vbn = "VBN", Vbp = "VBP",
        Vbz = "VBZ", Wdt = "WDT", Wp = "WP", WpDollar = "WP$", Wrb = "WRB", OpenQuote = "``",
    }
}

/// Calls `f` with `word` in lower case, without allocating for short ASCII words (nearly all).
pub(crate) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() && word.len() <= 64 {
        let mut buffer = [0u8; 64];
        let bytes = &mut buffer[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        f(std::str::from_utf8(bytes).expect("ASCII stays UTF-8"))
    } else {
        f(&word.to_lowercase())
    }
}

/// The hash of a word's shape: upper-case letters as `X`, lower-case as `x`, digits as `d`,
/// other characters as themselves, runs cut after two ("Pyongyang" and "Seoul" are both `Xxx`,
/// "1987" is `dd`, "U.S." is `X.X.`).
pub(crate) fn shape_hash(word: &str) -> u64 {
    let mut shape = crate::hash::StableHasher::default();
    let (mut last, mut run) = ('\0', 0);
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let class = crate::text::shape_class(c);
        run = if class == last { run + 1 } else { 0 };
        last = class;
        if run < 2 {
            shape.write(class.encode_utf8(&mut buf).as_bytes());
        }
    }
    shape.finish()
}

pub mod chunks;
pub mod clusters;
pub mod lemma;
pub mod names;

use crate::document::Document;
use crate::pipeline::{Annotator, Layer};
use crate::resources::Resources;
use pos::PosTag;

/// Writes parts of speech and lemmas, sentence by sentence.
pub struct Tagger;

impl Annotator for Tagger {
    fn name(&self) -> &'static str {
        "pos-tagger"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Pos, Layer::Lemmas]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        let syntax = &resources.syntax;
        doc.pos.clear();
        doc.pos.reserve(doc.tokens.len());
        let mut words: Vec<&str> = Vec::new();
        for sentence in &doc.sentences {
            words.clear();
            let tokens = &doc.tokens[sentence.first_token as usize..sentence.end_token as usize];
            words.extend(tokens.iter().map(|t| &doc.text[t.span]));
            match &syntax.pos {
                Some(tagger) => tagger.tag(&words, &mut doc.pos),
                // A build without a model (before training) still gives every token a tag.
                None => doc.pos.extend(words.iter().map(|_| PosTag {
                    upos: Upos::X,
                    xpos: Xpos::Fw,
                })),
            }
        }
        doc.lemmas = doc
            .tokens
            .iter()
            .zip(&doc.pos)
            .map(|(token, tag)| {
                syntax
                    .lemmatizer
                    .lemma_memoised(&doc.text[token.span], tag.upos)
            })
            .collect();
    }
}

/// Writes noun-phrase and verb-group chunks, verb-group features and reported clauses.
pub struct Chunker;

impl Annotator for Chunker {
    fn name(&self) -> &'static str {
        "chunker"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Pos, Layer::Lemmas]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Chunks, Layer::VerbGroups, Layer::Reported]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        let view = chunks::TokenView {
            tokens: &doc.tokens,
            text: &doc.text,
            pos: &doc.pos,
            lemmas: &doc.lemmas,
        };
        let speech = |lemma: &str| resources.syntax.is_speech_verb(lemma);
        let mut all_chunks = Vec::new();
        let mut groups = Vec::new();
        let mut reported = Vec::new();
        for sentence in &doc.sentences {
            let (first, end) = (sentence.first_token as usize, sentence.end_token as usize);
            let start = all_chunks.len();
            chunks::chunk_sentence(&view, first, end, &mut all_chunks);
            let group_start = groups.len();
            for chunk in &all_chunks[start..] {
                if chunk.kind == chunks::ChunkKind::VerbGroup {
                    let (f, e) = (chunk.first_token as usize, chunk.end_token as usize);
                    groups.push(chunks::verb_group(&view, first, f, e, &speech));
                }
            }
            chunks::reported_clauses(
                &view,
                first,
                end,
                &all_chunks[start..],
                &groups[group_start..],
                &mut reported,
            );
        }
        doc.chunks = all_chunks;
        doc.verb_groups = groups;
        doc.reported = reported;
    }
}

/// A proper name found by the name tagger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub span: crate::span::Span,
    pub first_token: u32,
    pub end_token: u32,
    pub kind: names::NameKind,
}

/// Writes the names layer: people, organisations, places and other names.
pub struct NameFinder;

impl Annotator for NameFinder {
    fn name(&self) -> &'static str {
        "name-tagger"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Names]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.names.clear();
        let Some(tagger) = &resources.syntax.names else {
            return;
        };
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| {
                doc.tokens[s.first_token as usize..s.end_token as usize]
                    .iter()
                    .map(|t| &doc.text[t.span])
                    .collect()
            })
            .collect();
        let tags: Vec<Vec<Xpos>> = doc
            .sentences
            .iter()
            .map(|s| {
                doc.pos[s.first_token as usize..s.end_token as usize]
                    .iter()
                    .map(|t| t.xpos)
                    .collect()
            })
            .collect();
        let views: Vec<names::SentenceView<'_>> = words
            .iter()
            .zip(&tags)
            .map(|(words, tags)| names::SentenceView { words, tags })
            .collect();
        let labels = tagger.tag(&views);
        for (sentence, labels) in doc.sentences.iter().zip(&labels) {
            let offset = sentence.first_token as usize;
            for (a, b, kind) in names::spans(labels) {
                let (first, end) = (offset + a, offset + b);
                doc.names.push(Name {
                    span: doc.tokens[first].span.cover(doc.tokens[end - 1].span),
                    first_token: first as u32,
                    end_token: end as u32,
                    kind,
                });
            }
        }
    }
}
