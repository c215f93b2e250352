//! The text layer: tokens, paragraphs and sentences as spans of the original text.

pub mod sentences;
pub mod tokenize;

pub use sentences::{Paragraph, Sentence};
pub use tokenize::{Token, TokenKind};

use crate::document::Document;

/// A character's class in a word shape: `X` upper case, `x` lower case, `d` digit, otherwise
/// the character itself. The sentence model and the taggers build their shapes from it.
pub(crate) fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}
use crate::pipeline::{Annotator, Layer};
use crate::resources::Resources;

/// Writes the token layer.
pub struct Tokenizer;

impl Annotator for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenizer"
    }

    fn reads(&self) -> &'static [Layer] {
        &[]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.tokens.clear();
        // News averages about six bytes a token.
        doc.tokens.reserve(doc.text.len() / 6);
        tokenize::tokenize(&doc.text, &resources.text, &mut doc.tokens);
    }
}

/// Writes the paragraph and sentence layers from the tokens.
pub struct SentenceSplitter;

impl Annotator for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentence-splitter"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Tokens]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Paragraphs, Layer::Sentences]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        let (paragraphs, sentences) = sentences::split(&doc.text, &doc.tokens, &resources.text);
        doc.paragraphs = paragraphs;
        doc.sentences = sentences;
    }
}
