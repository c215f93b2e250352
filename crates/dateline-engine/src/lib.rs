//! The dateline engine: a dated news article in, one time-aware record out.
//!
//! The engine does no I/O and reads no clock: the article's date is an input, and every
//! relative time resolves against it. Bytes become an [`Article`] through the readers in
//! [`article`]; the [`Engine`] runs its [`Pipeline`] of annotators over a [`Document`] (the text
//! plus layers of spans); a [`Record`] serialises the result as `dateline.record/1`.
//!
//! # Example
//!
//! ```
//! use dateline_engine::{Engine, article::parse_article_file};
//!
//! let engine = Engine::new()?;
//! let article = parse_article_file(
//!     b"date 2021-09-30 Pyongyang rejects offer\n\nNorth Korea said on Thursday it would not talk. \
//!       The U.S. envoy left Seoul.",
//!     "example",
//! )?;
//! let doc = engine.analyze(article);
//! let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.span_text(s.span)).collect();
//! assert_eq!(sentences, [
//!     "Pyongyang rejects offer",
//!     "North Korea said on Thursday it would not talk.",
//!     "The U.S. envoy left Seoul.",
//! ]);
//! let json = serde_json::to_value(engine.record(&doc))?;
//! assert_eq!(json["schema"], "dateline.record/1");
//! assert_eq!(json["document"]["date"], "2021-09-30");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod article;
pub mod document;
pub mod events;
pub mod findings;
pub mod flags;
pub mod hash;
pub mod kb;
pub mod layers;
pub mod learn;
pub mod pipeline;
pub mod quotes;
pub mod record;
pub mod resources;
pub mod span;
pub mod syntax;
pub mod text;
pub mod time;

pub use article::{Article, ArticleMeta, InputError};
pub use document::Document;
pub use findings::{Finding, FindingCode};
pub use pipeline::{Annotator, Layer, Pipeline};
pub use record::Record;
pub use resources::{DataStamp, ResourceError, Resources};
pub use span::Span;

/// The compiled knowledge and the default pipeline. Build it once and share it: `analyze`
/// takes `&self`, and the engine is `Send + Sync`.
pub struct Engine {
    resources: Resources,
    pipeline: Pipeline,
}

impl Engine {
    /// Compiles the embedded data files and builds the default pipeline.
    ///
    /// The event coder is not in it yet: it costs about a fifth of the analysis, which would
    /// take the whole below the project's speed floor (BENCHMARKS.md). [`Engine::with_events`]
    /// adds it.
    pub fn new() -> Result<Engine, ResourceError> {
        Engine::build(false)
    }

    /// The default pipeline and the event coder (`analyze --events`).
    pub fn with_events() -> Result<Engine, ResourceError> {
        Engine::build(true)
    }

    /// The pipeline with the event coder, its knowledge changed by `adapt` first: other
    /// coders' actor and verb dictionaries (TABARI's and PETRARCH's validation worlds, see
    /// [`events::foreign`]) in place of the knowledge base and our verbs.
    pub fn with_event_resources(
        adapt: impl FnOnce(&mut events::EventResources),
    ) -> Result<Engine, ResourceError> {
        let mut engine = Engine::build(true)?;
        adapt(&mut engine.resources.events);
        // Records must not claim the embedded event data when other dictionaries coded them.
        let stamp = &mut engine.resources.stamp;
        let mut hasher = hash::StableHasher::default();
        hasher.write(stamp.hash.as_bytes());
        hasher.write(b"+other event dictionaries");
        stamp.hash = hasher.hex();
        stamp.version = format!("{}+other-event-dictionaries", stamp.version);
        Ok(engine)
    }

    fn build(events: bool) -> Result<Engine, ResourceError> {
        let resources = Resources::load()?;
        let mut annotators: Vec<Box<dyn Annotator>> = vec![
            Box::new(text::Tokenizer),
            Box::new(text::SentenceSplitter),
            Box::new(syntax::Tagger),
            Box::new(syntax::Chunker),
            Box::new(syntax::NameFinder),
            Box::new(kb::link::ActorLinker),
            Box::new(quotes::QuoteFinder),
            Box::new(time::TimexTagger),
        ];
        if events {
            annotators.push(Box::new(events::EventCoder));
        }
        annotators.push(Box::new(flags::FlagChecker));
        let pipeline =
            Pipeline::new(annotators).expect("the default pipeline is ordered correctly (tested)");
        Ok(Engine {
            resources,
            pipeline,
        })
    }

    /// Analyses one article.
    pub fn analyze(&self, article: Article) -> Document {
        let mut doc = Document::new(article);
        self.pipeline.run(&mut doc, &self.resources);
        doc
    }

    /// The record of an analysed document.
    pub fn record<'a>(&'a self, doc: &'a Document) -> Record<'a> {
        Record::new(doc, &self.resources.stamp)
    }

    /// The version and hash of the compiled knowledge.
    pub fn data_stamp(&self) -> &DataStamp {
        &self.resources.stamp
    }

    pub fn resources(&self) -> &Resources {
        &self.resources
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }

    #[test]
    fn record_offsets_are_code_points() {
        let engine = Engine::new().unwrap();
        let article = article::parse_article_file(
            "date 2020-01-02 Genève talks\n\nÉlysée said so.".as_bytes(),
            "g",
        )
        .unwrap();
        let doc = engine.analyze(article);
        doc.check_invariants().unwrap();
        let json = serde_json::to_value(engine.record(&doc)).unwrap();
        let text: Vec<char> = json["text"].as_str().unwrap().chars().collect();
        let second = &json["sentences"][1];
        let (s, e) = (
            second["start"].as_u64().unwrap() as usize,
            second["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text[s..e].iter().collect::<String>(), "Élysée said so.");
        for layer in ["quotes", "events", "flags", "findings"] {
            assert_eq!(json[layer], serde_json::json!([]), "{layer}");
        }
    }
}
