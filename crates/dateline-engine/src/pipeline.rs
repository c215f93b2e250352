//! Annotators and the pipeline that runs them in a checked order.

use crate::document::Document;
use crate::resources::Resources;

/// A layer of the document that annotators read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layer {
    Tokens,
    Paragraphs,
    Sentences,
    Pos,
    Lemmas,
    Chunks,
    VerbGroups,
    Reported,
    Names,
    Mentions,
    Timexes,
    Quotes,
    Events,
    Flags,
}

/// One step of the analysis. It declares the layers it reads and writes, so a pipeline can be
/// checked once when it is built instead of failing on some document later.
pub trait Annotator: Send + Sync {
    /// A stable, readable name (`sentence-splitter`).
    fn name(&self) -> &'static str;
    fn reads(&self) -> &'static [Layer];
    fn writes(&self) -> &'static [Layer];
    fn annotate(&self, doc: &mut Document, resources: &Resources);
}

/// Why a list of annotators is not a valid pipeline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    #[error("annotator `{annotator}` reads {layer:?}, which no earlier annotator writes")]
    Unwritten {
        annotator: &'static str,
        layer: Layer,
    },
    #[error("annotator `{annotator}` writes {layer:?}, which `{earlier}` already wrote")]
    WrittenTwice {
        annotator: &'static str,
        earlier: &'static str,
        layer: Layer,
    },
}

/// Annotators in an order where every layer is written before it is read, and once.
pub struct Pipeline {
    annotators: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    pub fn new(annotators: Vec<Box<dyn Annotator>>) -> Result<Pipeline, PipelineError> {
        let mut written: Vec<(Layer, &'static str)> = Vec::new();
        for annotator in &annotators {
            for &layer in annotator.reads() {
                if !written.iter().any(|&(l, _)| l == layer) {
                    return Err(PipelineError::Unwritten {
                        annotator: annotator.name(),
                        layer,
                    });
                }
            }
            for &layer in annotator.writes() {
                if let Some(&(_, earlier)) = written.iter().find(|&&(l, _)| l == layer) {
                    return Err(PipelineError::WrittenTwice {
                        annotator: annotator.name(),
                        earlier,
                        layer,
                    });
                }
                written.push((layer, annotator.name()));
            }
        }
        Ok(Pipeline { annotators })
    }

    /// The annotators' names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.annotators.iter().map(|a| a.name()).collect()
    }

    /// The annotators, in order (to time or trace them one by one).
    pub fn annotators(&self) -> impl Iterator<Item = &dyn Annotator> {
        self.annotators.iter().map(|a| a.as_ref())
    }

    pub fn run(&self, doc: &mut Document, resources: &Resources) {
        for annotator in &self.annotators {
            annotator.annotate(doc, resources);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{SentenceSplitter, Tokenizer};

    #[test]
    fn a_layer_must_be_written_before_it_is_read() {
        let error = Pipeline::new(vec![Box::new(SentenceSplitter), Box::new(Tokenizer)])
            .err()
            .unwrap();
        assert_eq!(
            error.to_string(),
            "annotator `sentence-splitter` reads Tokens, which no earlier annotator writes"
        );
    }

    #[test]
    fn a_layer_is_written_once() {
        let error = Pipeline::new(vec![Box::new(Tokenizer), Box::new(Tokenizer)])
            .err()
            .unwrap();
        assert!(matches!(error, PipelineError::WrittenTwice { .. }));
    }

    #[test]
    fn the_text_pipeline_is_valid() {
        let pipeline =
            Pipeline::new(vec![Box::new(Tokenizer), Box::new(SentenceSplitter)]).unwrap();
        assert_eq!(pipeline.names(), ["tokenizer", "sentence-splitter"]);
    }
}
