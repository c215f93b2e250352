//! The knowledge the engine carries: versioned data files under `data/`, embedded in the binary
//! and compiled once at start-up into the structures annotators use.
//!
//! Every file is listed in [`DATA_FILES`]; [`Resources::load`] compiles them all, so a broken
//! file fails the test that loads them, not a user. The [`DataStamp`] (data version and a hash
//! of every file's bytes) goes into each record, so a record always says what knowledge made it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::events::EventResources;
use crate::flags::FlagPatterns;
use crate::hash::{FastBuildHasher, StableHasher};
use crate::kb::{KbFiles, KnowledgeBase};
use crate::learn::LinearModel;
use crate::quotes::QuoteLexicon;
use crate::syntax::clusters::WordClusters;
use crate::syntax::lemma::Lemmatizer;
use crate::syntax::names::NameTagger;
use crate::syntax::pos::PosTagger;
use crate::time::rules::TimeRules;

/// One embedded data file: its path under `data/` and its bytes.
#[derive(Clone, Copy, Debug)]
pub struct DataFile {
    pub path: &'static str,
    pub contents: &'static [u8],
}

impl DataFile {
    /// The contents of a text file.
    pub fn text(&self) -> Result<&'static str, ResourceError> {
        std::str::from_utf8(self.contents).map_err(|e| ResourceError {
            file: self.path.to_string(),
            line: 1 + self.contents[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
        })
    }
}

macro_rules! data_file {
    ($path:literal) => {
        DataFile {
            path: $path,
            contents: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/", $path)),
        }
    };
}

/// The data version, bumped whenever a data file changes meaning.
pub const DATA_VERSION: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/VERSION"));

/// Every data file the engine embeds.
pub const DATA_FILES: &[DataFile] = &[
    data_file!("text/abbreviations.tsv"),
    data_file!("text/sentence_starters.txt"),
    data_file!("text/common_words.txt"),
    data_file!("models/sentence-boundaries.bin"),
    data_file!("text/speech_verbs.txt"),
    data_file!("models/lemmas.tsv"),
    data_file!("models/pos.bin"),
    data_file!("models/names.bin"),
    data_file!("models/clusters.bin"),
    data_file!("models/pos.labels"),
    data_file!("models/pos.tagdict.tsv"),
    data_file!("time/words.tsv"),
    data_file!("time/rules.txt"),
    data_file!("kb/countries.tsv"),
    data_file!("kb/organisations.tsv"),
    data_file!("kb/people.tsv"),
    data_file!("kb/terms.tsv"),
    data_file!("kb/office_words.tsv"),
    data_file!("kb/affiliated.tsv"),
    data_file!("kb/sports_words.tsv"),
    data_file!("quotes/cues.tsv"),
    data_file!("models/cues.bin"),
    data_file!("flags/words.tsv"),
    data_file!("events/verbs.txt"),
    data_file!("events/verbs_hand.txt"),
    data_file!("events/cameo.tsv"),
    data_file!("events/words.tsv"),
    data_file!("events/modality.tsv"),
];

/// A data file that failed to compile: which file, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data/{file}:{line}: {message}")]
pub struct ResourceError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// The version and content hash of the compiled knowledge, as the record's `engine.data`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DataStamp {
    pub version: String,
    pub hash: String,
    /// The date up to which the knowledge base's offices are complete.
    pub kb_horizon: Option<String>,
}

impl DataStamp {
    fn of(files: &[DataFile]) -> DataStamp {
        let mut hasher = StableHasher::default();
        for file in files {
            hasher.write(file.path.as_bytes());
            hasher.write(&[0]);
            hasher.write(file.contents);
            hasher.write(&[0]);
        }
        DataStamp {
            version: DATA_VERSION.trim().to_string(),
            hash: hasher.hex(),
            kb_horizon: None,
        }
    }
}

/// How an abbreviation's final period behaves (see `data/text/abbreviations.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AbbreviationClass {
    /// Comes before a name; never ends a sentence (Mr., Gen.).
    Title,
    /// A month; never ends a sentence before a number.
    Month,
    /// An abbreviation only before a number (No. 5).
    Numero,
    /// a.m., p.m.
    Time,
    /// May end a sentence (Inc., etc.).
    General,
}

/// Compiled word lists for the tokenizer and sentence splitter.
#[derive(Debug, Default)]
pub struct TextResources {
    abbreviations: HashMap<String, AbbreviationClass, FastBuildHasher>,
    starters: HashSet<String, FastBuildHasher>,
    /// Hashes ([`crate::learn::hash_str`]) of words that are common in lower case: a capital
    /// on one of them more likely opens a sentence than a name.
    common_words: HashSet<u64, FastBuildHasher>,
    /// The learned sentence-boundary model; without it the splitter uses its rules alone.
    pub sentence_model: Option<LinearModel>,
}

impl TextResources {
    /// The class of `word` (without its final period), matched as written or in capitals.
    pub fn abbreviation(&self, word: &str) -> Option<AbbreviationClass> {
        self.abbreviations.get(word).copied()
    }

    /// Whether the lower-case word whose hash is `lower_hash` is a common lower-case word.
    pub fn is_common_word(&self, lower_hash: u64) -> bool {
        self.common_words.contains(&lower_hash)
    }

    /// Whether `word` typically opens a sentence (The, He, How…), as written or in capitals.
    pub fn is_sentence_starter(&self, word: &str) -> bool {
        self.starters.contains(word)
    }

    /// Compiles the embedded text files alone: for tools that only tokenise, and so must run
    /// while another data file is being regenerated (`dateline train clusters`).
    pub fn load() -> Result<TextResources, ResourceError> {
        TextResources::from_files(DATA_FILES)
    }

    /// Compiles the text files among `files` (the others are not read).
    pub fn from_files(files: &[DataFile]) -> Result<TextResources, ResourceError> {
        TextResources::compile(
            find_file(files, "text/abbreviations.tsv")?,
            find_file(files, "text/sentence_starters.txt")?,
            find_file(files, "text/common_words.txt")?,
            files
                .iter()
                .find(|f| f.path == "models/sentence-boundaries.bin"),
        )
    }

    fn compile(
        abbreviations: &DataFile,
        starters: &DataFile,
        common_words: &DataFile,
        sentence_model: Option<&DataFile>,
    ) -> Result<TextResources, ResourceError> {
        let mut resources = TextResources::default();
        for (line_no, line) in data_lines(common_words)? {
            if line.contains(char::is_whitespace) || line.chars().any(char::is_uppercase) {
                return Err(ResourceError {
                    file: common_words.path.to_string(),
                    line: line_no,
                    message: format!("expected one lower-case word, found {line:?}"),
                });
            }
            resources.common_words.insert(crate::learn::hash_str(line));
        }
        if let Some(file) = sentence_model {
            let model = LinearModel::from_bytes(file.contents).map_err(|e| ResourceError {
                file: file.path.to_string(),
                line: 0,
                message: e.to_string(),
            })?;
            // An empty model (a fresh checkout before training) means rules alone.
            resources.sentence_model = (model.features() > 0).then_some(model);
        }
        for (line_no, line) in data_lines(abbreviations)? {
            let error = |message: String| ResourceError {
                file: abbreviations.path.to_string(),
                line: line_no,
                message,
            };
            let (word, class) = line.split_once('\t').ok_or_else(|| {
                error(format!("expected `abbreviation<TAB>class`, found {line:?}"))
            })?;
            let class = match class.trim() {
                "title" => AbbreviationClass::Title,
                "month" => AbbreviationClass::Month,
                "numero" => AbbreviationClass::Numero,
                "time" => AbbreviationClass::Time,
                "general" => AbbreviationClass::General,
                other => return Err(error(format!("unknown class {other:?}"))),
            };
            if word.is_empty() || word.contains(['.', ' ']) {
                return Err(error(format!(
                    "abbreviation {word:?} must be one word without its period"
                )));
            }
            if resources
                .abbreviations
                .insert(word.to_string(), class)
                .is_some()
            {
                return Err(error(format!("{word:?} is listed twice")));
            }
        }
        // Capitalised variants for wire headlines, without overriding an explicit entry
        // (`no` is numero, but `NO` in a headline is the word).
        let upper: Vec<_> = resources
            .abbreviations
            .iter()
            .filter(|(w, _)| w.chars().next().is_some_and(char::is_uppercase))
            .map(|(w, c)| (w.to_uppercase(), *c))
            .collect();
        for (word, class) in upper {
            resources.abbreviations.entry(word).or_insert(class);
        }
        for (line_no, line) in data_lines(starters)? {
            if line.contains(char::is_whitespace) {
                return Err(ResourceError {
                    file: starters.path.to_string(),
                    line: line_no,
                    message: format!("expected one word, found {line:?}"),
                });
            }
            resources.starters.insert(line.to_string());
            resources.starters.insert(line.to_uppercase());
        }
        Ok(resources)
    }
}

/// Non-blank, non-comment lines with their 1-based numbers.
pub(crate) fn data_lines(
    file: &DataFile,
) -> Result<impl Iterator<Item = (usize, &'static str)>, ResourceError> {
    Ok(file
        .text()?
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#')))
}

/// The `class<TAB>word` lines of a word-list file (`data/quotes/cues.tsv`,
/// `data/flags/words.tsv`), each word one lower-case word. `add` takes a class and a word and
/// may refuse them with a message; every error names the file and the line.
pub(crate) fn class_words(
    file: &DataFile,
    mut add: impl FnMut(&str, &str) -> Result<(), String>,
) -> Result<(), ResourceError> {
    for (line_no, line) in data_lines(file)? {
        let error = |message: String| ResourceError {
            file: file.path.to_string(),
            line: line_no,
            message,
        };
        let (class, word) = line
            .split_once('\t')
            .ok_or_else(|| error(format!("expected `class<TAB>word`, found {line:?}")))?;
        if word.is_empty() || word.contains(char::is_whitespace) || word != word.to_lowercase() {
            return Err(error(format!(
                "expected one lower-case word, found {word:?}"
            )));
        }
        add(class, word).map_err(error)?;
    }
    Ok(())
}

/// Everything compiled from the embedded data files.
#[derive(Debug)]
pub struct Resources {
    pub text: TextResources,
    pub syntax: SyntaxResources,
    /// The time-expression rules; empty when a file set has none (training tools).
    pub time: TimeRules,
    /// The knowledge base; empty when a file set has none.
    pub kb: KnowledgeBase,
    pub quotes: QuoteLexicon,
    pub flags: FlagPatterns,
    /// The event coder's verbs, codes and words; empty when a file set has none.
    pub events: EventResources,
    pub stamp: DataStamp,
}

/// Compiled models of the linguistic layer.
#[derive(Debug, Default)]
pub struct SyntaxResources {
    /// The part-of-speech tagger; absent only in a build made before it was trained.
    pub pos: Option<PosTagger>,
    pub lemmatizer: Lemmatizer,
    /// The name tagger; absent only in a build made before it was trained.
    pub names: Option<NameTagger>,
    /// Word classes of lower-case forms learnt from unlabelled news, which the part-of-speech
    /// tagger reads.
    pub clusters: Arc<WordClusters>,
    speech_verbs: HashSet<String, FastBuildHasher>,
}

impl SyntaxResources {
    /// Whether `lemma` is a verb of saying (say, tell, announce, accuse…).
    pub fn is_speech_verb(&self, lemma: &str) -> bool {
        self.speech_verbs.contains(lemma)
    }

    fn compile(files: &[DataFile]) -> Result<SyntaxResources, ResourceError> {
        let find = |path: &str| files.iter().find(|f| f.path == path);
        let mut syntax = SyntaxResources::default();
        // No cluster file (a file set for training tools) means no classes: every word unknown.
        if let Some(file) = find("models/clusters.bin") {
            syntax.clusters =
                Arc::new(
                    WordClusters::from_bytes(file.contents).map_err(|e| ResourceError {
                        file: file.path.to_string(),
                        line: 0,
                        message: e.to_string(),
                    })?,
                );
        }
        if let Some(file) = find("models/names.bin") {
            let error = |message: String| ResourceError {
                file: file.path.to_string(),
                line: 0,
                message,
            };
            let model = LinearModel::from_bytes(file.contents).map_err(|e| error(e.to_string()))?;
            if model.features() > 0 {
                syntax.names = Some(NameTagger::new(model).map_err(error)?);
            }
        }
        if let Some(file) = find("models/lemmas.tsv") {
            syntax.lemmatizer = Lemmatizer::parse(file.text()?).map_err(|e| ResourceError {
                file: file.path.to_string(),
                line: e.line,
                message: e.message,
            })?;
        }
        if let Some(file) = find("text/speech_verbs.txt") {
            for (line_no, line) in data_lines(file)? {
                if line.contains(char::is_whitespace) || line.chars().any(char::is_uppercase) {
                    return Err(ResourceError {
                        file: file.path.to_string(),
                        line: line_no,
                        message: format!("expected one lower-case verb lemma, found {line:?}"),
                    });
                }
                syntax.speech_verbs.insert(line.to_string());
            }
        }
        if let (Some(model), Some(labels), Some(tagdict)) = (
            find("models/pos.bin"),
            find("models/pos.labels"),
            find("models/pos.tagdict.tsv"),
        ) {
            let load = |file: &DataFile| {
                LinearModel::from_bytes(file.contents).map_err(|e| ResourceError {
                    file: file.path.to_string(),
                    line: 0,
                    message: e.to_string(),
                })
            };
            let model_weights = load(model)?;
            if model_weights.features() > 0 {
                let tagger = PosTagger::new(
                    model_weights,
                    labels.text()?,
                    tagdict.text()?,
                    syntax.clusters.clone(),
                )
                .map_err(|(which, e)| ResourceError {
                    file: if which == "labels" {
                        labels.path
                    } else {
                        tagdict.path
                    }
                    .to_string(),
                    line: match e {
                        crate::syntax::pos::PosDataError::Line { line, .. } => line,
                        _ => 0,
                    },
                    message: e.to_string(),
                })?;
                syntax.pos = Some(tagger);
            }
        }
        Ok(syntax)
    }
}

/// The file at `path` among `files`, or the error that says it is missing.
fn find_file<'a>(files: &'a [DataFile], path: &str) -> Result<&'a DataFile, ResourceError> {
    files
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| ResourceError {
            file: path.to_string(),
            line: 0,
            message: "missing data file".to_string(),
        })
}

impl Resources {
    /// Compiles every embedded data file.
    pub fn load() -> Result<Resources, ResourceError> {
        Resources::from_files(DATA_FILES)
    }

    /// Compiles the given files (the embedded ones, or a user's own in tests and tools).
    pub fn from_files(files: &[DataFile]) -> Result<Resources, ResourceError> {
        let text = TextResources::from_files(files)?;
        let time = match (
            files.iter().find(|f| f.path == "time/words.tsv"),
            files.iter().find(|f| f.path == "time/rules.txt"),
        ) {
            (Some(words), Some(rules)) => TimeRules::compile(words, rules)?,
            _ => TimeRules::empty(),
        };
        let file = |path: &str| files.iter().find(|f| f.path == path);
        let kb = KnowledgeBase::compile(KbFiles {
            countries: file("kb/countries.tsv"),
            organisations: file("kb/organisations.tsv"),
            people: file("kb/people.tsv"),
            terms: file("kb/terms.tsv"),
            office_words: file("kb/office_words.tsv"),
            affiliated: file("kb/affiliated.tsv"),
            sports_words: file("kb/sports_words.tsv"),
        })?;
        let quotes = match file("quotes/cues.tsv") {
            Some(cues) => QuoteLexicon::compile(cues, file("models/cues.bin"))?,
            None => QuoteLexicon::default(),
        };
        let flags = FlagPatterns::compile(&time.words, file("flags/words.tsv"))?;
        let events = match (
            file("events/verbs.txt"),
            file("events/cameo.tsv"),
            file("events/words.tsv"),
            file("events/modality.tsv"),
        ) {
            (Some(verbs), Some(codes), Some(words), Some(modality)) => {
                let mut verb_files = vec![verbs];
                verb_files.extend(file("events/verbs_hand.txt"));
                EventResources::compile(&verb_files, codes, words, modality)?
            }
            _ => EventResources::default(),
        };
        Ok(Resources {
            events,
            text,
            syntax: SyntaxResources::compile(files)?,
            time,
            quotes,
            flags,
            stamp: DataStamp {
                kb_horizon: kb.horizon.map(|h| h.to_string()),
                ..DataStamp::of(files)
            },
            kb,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_data_file_compiles() {
        let resources = Resources::load().unwrap();
        assert!(resources.quotes.has_cue_model(), "models/cues.bin is empty");
        assert_eq!(resources.kb.sports.class("Goalkeeper"), Some(true));
        assert_eq!(resources.kb.sports.class("defeated"), Some(false));
        assert_eq!(resources.kb.sports.class("government"), None);
        assert_eq!(
            resources.text.abbreviation("Gen"),
            Some(AbbreviationClass::Title)
        );
        assert_eq!(
            resources.text.abbreviation("INC"),
            Some(AbbreviationClass::General)
        );
        assert_eq!(
            resources.text.abbreviation("NO"),
            Some(AbbreviationClass::Numero)
        );
        assert!(resources.text.is_sentence_starter("THE"));
        assert!(resources.time.rules.len() > 50);
        assert!(!resources.stamp.version.is_empty());
        assert_eq!(resources.stamp.hash.len(), 16);
    }

    #[test]
    fn a_broken_line_names_file_line_and_problem() {
        let files = [
            DataFile {
                path: "text/abbreviations.tsv",
                contents: b"# c\nMr\ttitle\nDr\tdoctor\n",
            },
            DataFile {
                path: "text/sentence_starters.txt",
                contents: b"The\n",
            },
            DataFile {
                path: "text/common_words.txt",
                contents: b"the\n",
            },
        ];
        let error = Resources::from_files(&files).unwrap_err();
        assert_eq!(
            error.to_string(),
            "data/text/abbreviations.tsv:3: unknown class \"doctor\""
        );
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let files = [DataFile {
            path: "text/sentence_starters.txt",
            contents: b"The\n",
        }];
        let error = Resources::from_files(&files).unwrap_err();
        assert!(error.to_string().contains("missing data file"));
    }
}
