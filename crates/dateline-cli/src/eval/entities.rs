//! `dateline eval entities`: the engine's actor mentions (`doc.mentions`), linked to the knowledge
//! base, against two gold sets restricted to what the knowledge base is for (states, capitals
//! and seats of government, government bodies, international organisations, parties, armed
//! groups, office holders):
//!
//! - **GUM**: the `gold_entities` of GUM's Wikinews documents (`gum_wikinews.jsonl`), whose
//!   identities are Wikipedia titles. GUM annotates every entity; the in-scope identities are
//!   listed by hand in `data/eval/gum_scope.tsv`, and of their mentions only the name-like ones
//!   are scored ([`name_like`]): pronouns and nominals ("the country", "he") are *optional*.
//! - **AllSides**: `data/eval/allsides_entities/gold.jsonl` (PROTOCOL.md there), 30 articles
//!   annotated for exactly this scope. The file holds offsets and hashes only: the texts come
//!   from the shared corpus `allsides_2015_2020.jsonl`, checked against `text_sha256`.
//!
//! Scoring. A *system mention* is an engine mention with an actor; its identity is the
//! actor's Wikipedia title through the knowledge base ([`KbTitles`]): a country or its
//! government (`ISO3-GOV`) is the country's title, a capital used as a place the capital's
//! title, an organisation or a person its `wikipedia` field (a person without one: the name
//! with `_` for spaces). No title: an unknown identity,
//! never right. Titles are equal under [`title_key`] (percent-decoding, `_` for spaces, case
//! and Latin diacritics ignored, hyphens as `_`, `Government_of_X` = `X`, and PROTOCOL.md's pairs such as
//! `NATO` = `North_Atlantic_Treaty_Organization`). On GUM, which does not tell metonymy apart,
//! a capital or seat mention also takes the capital's, the seat's or the country's title, and
//! a government named by its leader ("the Obama administration") also the leader's.
//!
//! A system and a gold mention *match* when their spans share a code point. Within a document
//! system and gold mentions are aligned one to one, greedily: first the pairs with the same
//! identity (exact spans first, then the longest overlap), to scored or optional gold; then,
//! for mention detection only, the remaining overlapping pairs of any identity. A link is
//! *correct* when it is aligned to a scored gold mention. A system mention aligned to an
//! optional gold mention is left out of precision (neither right nor wrong), and so is a
//! *duplicate*: a second system mention of the same identity inside a gold mention that is
//! already aligned ("US President" and "Barack Obama" in "US President Barack Obama"). Every other
//! system mention is a false link: it overlaps an in-scope gold mention of another identity,
//! or only out-of-scope gold (GUM: a private person, a sports team named like its country),
//! or no gold at all (GUM annotates every entity, and AllSides every in-scope one).
//!
//! Link precision = correct / (system mentions − optional − duplicates); link recall = correct /
//! scored gold mentions (AllSides: all but `NIL`). Mention detection counts the one-to-one
//! overlapping pairs of any identity the same way; the exact-span variants count only pairs
//! with equal spans. By kind, precision groups the system mentions by their kind and recall
//! the gold mentions by theirs: person; country and government (state); organisation (bodies,
//! IGOs, parties, armed groups); place (capitals and seats).

use super::{GoldLine, code_point_offsets, percent, read_gold_line};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use dateline_engine::Engine;
use dateline_engine::article::parse_json_line;
use dateline_engine::kb::KnowledgeBase;
use dateline_engine::layers::{Mention, MentionKind};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{EvalFormat, Prf, sha256};
use crate::shared::gold_path;

/// The in-scope GUM identities, as shipped.
const GUM_SCOPE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/eval/gum_scope.tsv"
));
/// The AllSides entity gold, as shipped (offsets and hashes, no text).
const ALLSIDES_GOLD: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/eval/allsides_entities/gold.jsonl"
));

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SetChoice {
    Gum,
    Allsides,
    All,
}

#[derive(clap::Args)]
pub struct EntityEvalArgs {
    /// Which gold set to score.
    #[arg(long, value_enum, default_value = "all")]
    set: SetChoice,
    /// GUM Wikinews JSON Lines with `gold_entities` [default: data/news/gum_wikinews.jsonl in
    /// the shared data].
    #[arg(long, value_name = "FILE")]
    gum: Option<PathBuf>,
    /// The in-scope GUM identities, `identity<TAB>class<TAB>note` [default:
    /// data/eval/gum_scope.tsv, embedded].
    #[arg(long, value_name = "FILE")]
    gum_scope: Option<PathBuf>,
    /// AllSides entity gold (PROTOCOL.md) [default: data/eval/allsides_entities/gold.jsonl,
    /// embedded].
    #[arg(long, value_name = "FILE")]
    allsides: Option<PathBuf>,
    /// The corpus the AllSides gold points into [default: data/news/allsides_2015_2020.jsonl in
    /// the shared data].
    #[arg(long, value_name = "FILE")]
    allsides_corpus: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// List up to N missed gold mentions and N false links per set.
    #[arg(long, default_value_t = 0, value_name = "N")]
    show_errors: usize,
}

// ---------------------------------------------------------------------------------------------
// Titles

/// Percent-decodes `%XX` sequences (GUM writes `Democratic_Party_%28United_States%29`).
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_string())
}

/// A Wikipedia title as identities are written: percent-decoded, trimmed, underscores for
/// spaces, the first letter upper-case (Wikipedia ignores its case).
pub fn normalise_title(raw: &str) -> String {
    let decoded = percent_decode(raw.trim());
    let underscored: String = decoded
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    let mut chars = underscored.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Titles PROTOCOL.md (§5) declares equal: a redirect or older title, and the article title.
const EQUIVALENT_TITLES: &[(&str, &str)] = &[
    ("North_Atlantic_Treaty_Organization", "NATO"),
    ("Islamic_State_of_Iraq_and_the_Levant", "Islamic_State"),
    ("George_P._Shultz", "George_Shultz"),
    ("Recep_Tayyip_Erdogan", "Recep_Tayyip_Erdoğan"),
    ("Juan_Orlando_Hernandez", "Juan_Orlando_Hernández"),
];

/// What two titles are compared by: the normalised title, lower-case, with Latin diacritics
/// folded and hyphens and dashes as underscores (`Kim_Jong-un` = `Kim_Jong_Un`); `Government_of_[the_]X` and `Federal_government_of_[the_]X` are `X` (a government
/// mention may carry the country's identity); the equivalent pairs map to one title.
pub fn title_key(raw: &str) -> String {
    let plain = |title: &str| -> String {
        normalise_title(title)
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                '-' | '‐' | '–' | '—' => '_',
                c => dateline_engine::kb::fold_diacritic(c),
            })
            .collect()
    };
    let mut key = plain(raw);
    for prefix in ["federal_government_of_", "government_of_"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.strip_prefix("the_").unwrap_or(rest).to_string();
            break;
        }
    }
    for (from, to) in EQUIVALENT_TITLES {
        if key == plain(from) {
            return plain(to);
        }
    }
    key
}

/// Capitals whose Wikipedia article is not titled with the bare name.
const CAPITAL_TITLES: &[(&str, &str)] = &[
    ("Washington", "Washington,_D.C."),
    ("Luxembourg", "Luxembourg_City"),
    ("Kingston", "Kingston,_Jamaica"),
    ("Georgetown", "Georgetown,_Guyana"),
    ("Victoria", "Victoria,_Seychelles"),
    ("Nassau", "Nassau,_Bahamas"),
    ("Hamilton", "Hamilton,_Bermuda"),
    ("St. John's", "St._John's,_Antigua_and_Barbuda"),
    ("St. George's", "St._George's,_Grenada"),
    ("Djibouti", "Djibouti_(city)"),
    ("San Marino", "City_of_San_Marino"),
    ("Tripoli", "Tripoli,_Libya"),
    ("Tarawa", "South_Tarawa"),
    ("Plymouth", "Plymouth,_Montserrat"),
    ("Douglas", "Douglas,_Isle_of_Man"),
    ("Stanley", "Stanley,_Falkland_Islands"),
    ("George Town", "George_Town,_Cayman_Islands"),
    ("Jamestown", "Jamestown,_Saint_Helena"),
    ("The Valley", "The_Valley,_Anguilla"),
    ("Saint-Denis", "Saint-Denis,_Réunion"),
    ("Saint-Pierre", "Saint-Pierre,_Saint_Pierre_and_Miquelon"),
];

/// Seats of government whose article is not titled with the name as written.
const SEAT_TITLES: &[(&str, &str)] = &[
    ("kremlin", "Moscow_Kremlin"),
    ("number 10", "10_Downing_Street"),
    ("no. 10", "10_Downing_Street"),
    ("no 10", "10_Downing_Street"),
    ("élysée", "Élysée_Palace"),
    ("elysee", "Élysée_Palace"),
    ("elysee palace", "Élysée_Palace"),
];

/// Countries whose article is not titled with `countries.tsv`'s short name.
const COUNTRY_TITLES: &[(&str, &str)] = &[
    ("BHS", "The_Bahamas"),
    ("GMB", "The_Gambia"),
    ("GEO", "Georgia_(country)"),
    ("IRL", "Republic_of_Ireland"),
    ("FSM", "Federated_States_of_Micronesia"),
    ("PSE", "State_of_Palestine"),
];

fn lookup(table: &[(&str, &str)], key: &str) -> Option<String> {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, title)| title.to_string())
}

/// A name as written, without a leading "the", lower-case: how surfaces meet table entries.
fn bare(name: &str) -> String {
    let name = name.trim();
    let name = ["the ", "The ", "THE "]
        .iter()
        .find_map(|the| name.strip_prefix(the))
        .unwrap_or(name);
    name.to_lowercase()
}

/// The titles of one country: itself, its capital and its seats of government.
#[derive(Clone, Debug, Default)]
struct CountryTitles {
    title: String,
    capital: Option<String>,
    /// The capital and its aliases, [`bare`].
    capital_names: Vec<String>,
    /// Seat names, [`bare`], with their titles.
    seats: Vec<(String, String)>,
}

/// What a system mention names, as Wikipedia titles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkTitle {
    /// `None`: an entry without a title (an unknown identity).
    pub title: Option<String>,
    /// Titles that are as right in either set: the country, for an organisation that is its
    /// seat of the executive used as an actor ("the White House said": PROTOCOL.md gives the
    /// government the country's title).
    pub also: Vec<String>,
    /// Further titles GUM may give the mention, as it does not tell metonymy apart: a capital
    /// or seat and its country; the leader a government is named after.
    pub lenient: Vec<String>,
}

/// Wikipedia titles of the knowledge base's entries, by actor id.
pub struct KbTitles {
    countries: HashMap<String, CountryTitles>,
    /// id → (title, country).
    organisations: HashMap<String, (Option<String>, Option<String>)>,
    people: HashMap<String, Option<String>>,
}

impl KbTitles {
    /// From the engine's base: each country's title, its capital's and its seats'.
    pub fn new(kb: &KnowledgeBase) -> KbTitles {
        let countries: HashMap<String, CountryTitles> = kb
            .countries
            .iter()
            .map(|c| {
                let title =
                    lookup(COUNTRY_TITLES, &c.iso3).unwrap_or_else(|| normalise_title(&c.name));
                let capital = c.capitals.first().map(|first| {
                    lookup(CAPITAL_TITLES, first).unwrap_or_else(|| normalise_title(first))
                });
                let seats = c
                    .seats
                    .iter()
                    .map(|seat| {
                        let name = bare(seat);
                        let title = lookup(SEAT_TITLES, &name).unwrap_or_else(|| {
                            let written = seat.trim();
                            normalise_title(
                                ["the ", "The "]
                                    .iter()
                                    .find_map(|the| written.strip_prefix(the))
                                    .unwrap_or(written),
                            )
                        });
                        (name, title)
                    })
                    .collect();
                let titles = CountryTitles {
                    title,
                    capital,
                    capital_names: c.capitals.iter().map(|n| bare(n)).collect(),
                    seats,
                };
                (c.iso3.clone(), titles)
            })
            .collect();
        KbTitles {
            countries,
            organisations: kb
                .organisations
                .iter()
                .map(|o| {
                    let title = o.wikipedia.as_deref().map(normalise_title);
                    (o.id.clone(), (title, o.country.clone()))
                })
                .collect(),
            people: kb
                .people
                .iter()
                // A person without a checked title (an unchecked Wikidata label) is matched by
                // the name itself, as a Wikipedia title usually is.
                .map(|p| {
                    let title = p.wikipedia.as_deref().unwrap_or(&p.name);
                    (p.id.clone(), Some(normalise_title(title)))
                })
                .collect(),
        }
    }

    /// The title of any entry by id: a person, an organisation, a country.
    fn title_of_id(&self, id: &str) -> Option<String> {
        if let Some(title) = self.people.get(id) {
            return title.clone();
        }
        if let Some((title, _)) = self.organisations.get(id) {
            return title.clone();
        }
        self.countries.get(id).map(|c| c.title.clone())
    }

    /// The titles of a linked mention whose text is `surface`; the default for a mention
    /// without an actor.
    pub fn title(&self, mention: &Mention, surface: &str) -> LinkTitle {
        let Some(actor) = &mention.actor else {
            return LinkTitle::default();
        };
        let government = actor
            .id
            .strip_suffix("-GOV")
            .and_then(|iso3| self.countries.get(iso3));
        match mention.kind {
            MentionKind::Place | MentionKind::Government
                if let Some(country) = government.or_else(|| self.countries.get(&actor.id)) =>
            {
                let name = bare(surface);
                let seat = country
                    .seats
                    .iter()
                    .find(|(seat, _)| *seat == name)
                    .map(|(_, title)| title.clone());
                let capital = || {
                    country
                        .capital_names
                        .contains(&name)
                        .then(|| country.capital.clone())
                        .flatten()
                };
                if mention.kind == MentionKind::Place {
                    let place = seat.or_else(|| country.capital.clone());
                    let mut lenient = vec![country.title.clone()];
                    lenient.retain(|t| Some(t) != place.as_ref());
                    return LinkTitle {
                        title: place,
                        lenient,
                        ..LinkTitle::default()
                    };
                }
                let mut lenient: Vec<String> = seat.into_iter().chain(capital()).collect();
                if let Some(holder) = &mention.holder
                    && let Some(title) = self.title_of_id(&holder.id)
                {
                    lenient.push(title);
                }
                LinkTitle {
                    title: Some(country.title.clone()),
                    lenient,
                    ..LinkTitle::default()
                }
            }
            MentionKind::Country if let Some(country) = self.countries.get(&actor.id) => {
                LinkTitle {
                    title: Some(country.title.clone()),
                    ..LinkTitle::default()
                }
            }
            _ => {
                let name = bare(surface);
                let also = self
                    .organisations
                    .get(&actor.id)
                    .and_then(|(_, country)| self.countries.get(country.as_deref()?))
                    .filter(|c| c.seats.iter().any(|(seat, _)| *seat == name))
                    .map(|c| c.title.clone())
                    .into_iter()
                    .collect();
                LinkTitle {
                    title: self.title_of_id(&actor.id),
                    also,
                    ..LinkTitle::default()
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Which GUM mentions are names

const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "which", "what", "whose", "his", "her",
    "its", "their", "our", "my", "your",
];
const PRONOUNS: &[&str] = &[
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "me",
    "him",
    "her",
    "us",
    "them",
    "its",
    "his",
    "their",
    "our",
    "my",
    "your",
    "itself",
    "himself",
    "herself",
    "themselves",
    "ourselves",
    "yourself",
    "there",
    "here",
    "who",
    "whom",
    "which",
    "that",
    "this",
    "mine",
    "yours",
    "theirs",
    "ours",
    "one",
];
/// Person titles: a mention headed by one is a description ("Malaysia's Prime Minister").
const PERSON_TITLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "governor",
    "chancellor",
    "speaker",
    "senator",
    "premier",
    "leader",
    "mayor",
    "administrator",
    "commissioner",
    "director",
    "ambassador",
    "chairman",
    "chair",
    "king",
    "queen",
    "prince",
];
/// Words that alone make no name ("the Court", "The Home Secretary", "the Secretary of State").
const GENERIC_WORDS: &[&str] = &[
    "administration",
    "government",
    "court",
    "country",
    "nation",
    "state",
    "city",
    "capital",
    "mr",
    "mrs",
    "ms",
    "home",
    "prime",
    "shadow",
    "vice",
    "attorney",
    "general",
    "foreign",
    "the",
    "of",
    "for",
];
/// Lower-case heads that still make a name after a proper word ("the Republican party").
const BODY_NOUNS: &[&str] = &[
    "party",
    "navy",
    "army",
    "alliance",
    "military",
    "government",
    "administration",
    "ministry",
    "department",
    "agency",
    "forces",
    "force",
    "council",
    "committee",
    "court",
    "television",
];

/// A word without brackets, quotes and end punctuation ("Governor(s)" → "Governor").
fn clean_word(word: &str) -> &str {
    let word = word
        .split('(')
        .next()
        .filter(|w| !w.is_empty())
        .unwrap_or(word);
    word.trim_matches(|c: char| "()[]\"'.:;!?".contains(c))
}

fn capitalised(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether a GUM gold mention is a name the engine is expected to link, rather than a pronoun
/// or a nominal. The text up to its first comma (an apposition or a relative clause follows),
/// without one leading determiner or possessive pronoun and without a trailing possessive, is
/// a name when
///
/// - it is not a single pronoun (lower-case or capitalised only: "US" is a name, "Us" not);
/// - before an inner "of" or "for", the word is capitalised ("the head of NATO" is not a name,
///   "the Greek Ministry of Culture" is);
/// - its last word (the head) is capitalised, is not a person title ("The President",
///   "Malaysia's Prime Minister") and the words are not all generic ("the Court", "the
///   Secretary of State"); or the head is a lower-case body noun after a proper word ("the
///   Republican party", "Indonesian navy").
pub fn name_like(surface: &str) -> bool {
    let core = surface.split(',').next().unwrap_or("");
    let mut words: Vec<&str> = core.split_whitespace().collect();
    if words.len() > 1 && DETERMINERS.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| ["'s", "’s", "'", "’"].contains(w))
    {
        words.pop();
    }
    let Some(last) = words.last_mut() else {
        return false;
    };
    for possessive in ["'s", "’s"] {
        if let Some(stem) = last.strip_suffix(possessive)
            && !stem.is_empty()
        {
            *last = stem;
        }
    }
    if let [only] = words.as_slice() {
        let lower = only.to_lowercase();
        let mut chars = only.chars();
        let capitalised_form =
            chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
        if *only == "I"
            || (PRONOUNS.contains(&lower.as_str()) && (*only == lower || capitalised_form))
        {
            return false;
        }
    }
    if let Some(k) = words
        .iter()
        .skip(1)
        .position(|w| *w == "of" || *w == "for")
        .map(|k| k + 1)
        && !capitalised(words[k - 1])
    {
        return false;
    }
    let generic = |w: &str| {
        let w = clean_word(w).to_lowercase();
        GENERIC_WORDS.contains(&w.as_str()) || PERSON_TITLES.contains(&w.as_str())
    };
    let head = clean_word(words[words.len() - 1]);
    if capitalised(head) {
        !PERSON_TITLES.contains(&head.to_lowercase().as_str()) && !words.iter().all(|w| generic(w))
    } else {
        BODY_NOUNS.contains(&head.to_lowercase().as_str())
            && words
                .iter()
                .any(|w| capitalised(clean_word(w)) && !generic(w))
    }
}

// ---------------------------------------------------------------------------------------------
// Gold and system mentions

/// The kinds the figures are broken down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Group {
    Person,
    /// Countries and their governments.
    State,
    /// Government bodies, IGOs, parties, armed groups.
    Organisation,
    /// Capitals and seats as places.
    Place,
}

impl Group {
    const ALL: [Group; 4] = [
        Group::Person,
        Group::State,
        Group::Organisation,
        Group::Place,
    ];

    fn name(self) -> &'static str {
        match self {
            Group::Person => "person",
            Group::State => "country+government",
            Group::Organisation => "organisation",
            Group::Place => "place",
        }
    }

    /// The group of a GUM scope class or an AllSides kind.
    fn of_class(class: &str) -> Option<Group> {
        Some(match class {
            "person" | "office-holder" => Group::Person,
            "country" | "government" => Group::State,
            "organisation" | "government-body" | "igo" | "party" | "armed-group" => {
                Group::Organisation
            }
            "place" | "capital" => Group::Place,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    /// In scope and scored for recall.
    Scored,
    /// GUM: an in-scope identity named by a pronoun or a nominal; a system mention aligned to
    /// it is left out of precision.
    Optional,
    /// AllSides: in scope, no Wikipedia article; never a correct link, not in recall.
    Nil,
    /// GUM: an identity outside the scope.
    OutOfScope,
}

#[derive(Clone, Debug)]
struct GoldMention {
    /// Code points.
    start: usize,
    end: usize,
    identity: String,
    key: String,
    /// GUM scope class or AllSides kind; GUM's etype for out-of-scope mentions.
    class: String,
    group: Option<Group>,
    status: Status,
}

#[derive(Clone, Debug)]
struct SystemMention {
    /// Code points.
    start: usize,
    end: usize,
    kind: MentionKind,
    group: Group,
    actor: String,
    title: Option<String>,
    /// The keys of the title and its alternatives.
    keys: Vec<String>,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn overlap_len(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// What became of one system mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Outcome {
    /// Aligned to a scored gold mention of its identity.
    Correct,
    /// Aligned to an optional gold mention of its identity: not counted.
    Optional,
    /// A second mention of the identity inside a gold mention already linked ("US President"
    /// and "Barack Obama" in "US President Barack Obama"): not counted.
    Duplicate,
    /// Overlaps an in-scope gold mention of another identity (or a NIL one).
    WrongIdentity,
    /// Overlaps only gold mentions outside the scope.
    OutOfScopeGold,
    /// Overlaps no gold mention.
    NoGold,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Correct => "correct",
            Outcome::Optional => "optional",
            Outcome::Duplicate => "duplicate",
            Outcome::WrongIdentity => "wrong identity",
            Outcome::OutOfScopeGold => "only out-of-scope gold",
            Outcome::NoGold => "no gold",
        }
    }
}

#[derive(Debug, Default)]
struct Alignment {
    outcomes: Vec<Outcome>,
    /// Per gold mention: the system mention its link is aligned to.
    linked: Vec<Option<usize>>,
    /// Per gold mention: the system mention it is detected by (any identity).
    detected: Vec<Option<usize>>,
    /// Per gold mention: a system mention with the very same span, one to one (any identity).
    exact_detected: Vec<bool>,
}

/// Greedy one-to-one alignment of candidate pairs `(system, gold)`: equal spans first, then the
/// longest overlap, then text order.
fn greedy(
    mut pairs: Vec<(usize, usize)>,
    system: &[SystemMention],
    gold: &[GoldMention],
    used_system: &mut [bool],
    used_gold: &mut [bool],
) -> Vec<(usize, usize)> {
    let span = |s: usize, g: usize| {
        (
            (system[s].start, system[s].end),
            (gold[g].start, gold[g].end),
        )
    };
    pairs.sort_by_key(|&(s, g)| {
        let (a, b) = span(s, g);
        (a != b, std::cmp::Reverse(overlap_len(a, b)), b.0, a.0)
    });
    let mut out = Vec::new();
    for (s, g) in pairs {
        if !used_system[s] && !used_gold[g] {
            used_system[s] = true;
            used_gold[g] = true;
            out.push((s, g));
        }
    }
    out
}

fn align(system: &[SystemMention], gold: &[GoldMention]) -> Alignment {
    let span_s = |s: &SystemMention| (s.start, s.end);
    let span_g = |g: &GoldMention| (g.start, g.end);
    let mut used_system = vec![false; system.len()];
    let mut used_gold = vec![false; gold.len()];
    let mut same_identity = Vec::new();
    for (i, s) in system.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            if matches!(g.status, Status::Scored | Status::Optional)
                && overlaps(span_s(s), span_g(g))
                && s.keys.contains(&g.key)
            {
                same_identity.push((i, j));
            }
        }
    }
    let links = greedy(
        same_identity,
        system,
        gold,
        &mut used_system,
        &mut used_gold,
    );
    let mut outcomes = vec![Outcome::NoGold; system.len()];
    let mut linked = vec![None; gold.len()];
    let mut detected = vec![None; gold.len()];
    for &(s, g) in &links {
        if gold[g].status == Status::Scored {
            outcomes[s] = Outcome::Correct;
            linked[g] = Some(s);
            detected[g] = Some(s);
        } else {
            outcomes[s] = Outcome::Optional;
        }
    }
    for (i, s) in system.iter().enumerate() {
        if used_system[i] {
            continue;
        }
        let hits: Vec<(usize, &GoldMention)> = gold
            .iter()
            .enumerate()
            .filter(|(_, g)| overlaps(span_s(s), span_g(g)))
            .collect();
        outcomes[i] = if hits
            .iter()
            .any(|&(j, g)| used_gold[j] && s.keys.contains(&g.key))
        {
            Outcome::Duplicate
        } else if hits.iter().any(|(_, g)| g.status != Status::OutOfScope) {
            Outcome::WrongIdentity
        } else if hits.is_empty() {
            Outcome::NoGold
        } else {
            Outcome::OutOfScopeGold
        };
    }
    // Detection: the links, then any overlapping pair of the mentions left.
    let counted = |s: usize| !matches!(outcomes[s], Outcome::Optional | Outcome::Duplicate);
    let mut rest = Vec::new();
    for (i, s) in system.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            if !used_system[i]
                && counted(i)
                && !used_gold[j]
                && g.status == Status::Scored
                && overlaps(span_s(s), span_g(g))
            {
                rest.push((i, j));
            }
        }
    }
    for (s, g) in greedy(rest, system, gold, &mut used_system, &mut used_gold) {
        detected[g] = Some(s);
    }
    let mut exact_used = vec![false; system.len()];
    let exact_detected = gold
        .iter()
        .map(|g| {
            g.status == Status::Scored
                && system.iter().enumerate().any(|(i, s)| {
                    let hit = counted(i) && !exact_used[i] && span_s(s) == span_g(g);
                    if hit {
                        exact_used[i] = true;
                    }
                    hit
                })
        })
        .collect();
    Alignment {
        outcomes,
        linked,
        detected,
        exact_detected,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// One article to analyse, with its gold.
struct GoldArticle {
    id: String,
    /// The JSON line the engine reads (no title, no gold), so that its text is `text`.
    article_json: String,
    text: String,
    gold: Vec<GoldMention>,
    /// Code-point ranges inside which system mentions are dropped.
    ignore: Vec<(usize, usize)>,
}

/// The in-scope identities of a scope table: normalised title → class.
fn read_scope(contents: &str) -> anyhow::Result<HashMap<String, String>> {
    const CLASSES: &[&str] = &[
        "country",
        "capital",
        "government-body",
        "igo",
        "party",
        "armed-group",
        "office-holder",
    ];
    let mut scope = HashMap::new();
    let mut header = true;
    for (n, line) in contents.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if std::mem::take(&mut header) {
            if !line.starts_with("identity\tclass") {
                bail!(
                    "line {}: the header must be `identity<TAB>class<TAB>note`",
                    n + 1
                );
            }
            continue;
        }
        let mut fields = line.split('\t');
        let (identity, class) = (fields.next().unwrap_or(""), fields.next().unwrap_or(""));
        if !CLASSES.contains(&class) {
            bail!(
                "line {}: class {class:?} is not one of {}",
                n + 1,
                CLASSES.join(", ")
            );
        }
        if scope
            .insert(normalise_title(identity), class.to_string())
            .is_some()
        {
            bail!("line {}: {identity} is listed twice", n + 1);
        }
    }
    Ok(scope)
}

#[derive(Deserialize)]
struct RawGumEntity {
    start: usize,
    end: usize,
    etype: String,
    identity: String,
}

fn read_gum(contents: &str, scope: &HashMap<String, String>) -> anyhow::Result<Vec<GoldArticle>> {
    let mut articles = Vec::new();
    for (n, line) in contents.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let GoldLine {
            id,
            text,
            gold: raw,
            article_json,
        } = read_gold_line::<RawGumEntity>(line, line_no, "gold_entities")?;
        let chars: Vec<char> = text.chars().collect();
        let mut gold = Vec::with_capacity(raw.len());
        for e in raw {
            if e.start >= e.end || e.end > chars.len() {
                bail!(
                    "line {line_no}: gold entity {}..{} is not a span of the text ({} code points)",
                    e.start,
                    e.end,
                    chars.len()
                );
            }
            let identity = normalise_title(&e.identity);
            let surface: String = chars[e.start..e.end].iter().collect();
            let (class, status) = match scope.get(&identity) {
                Some(class) if name_like(&surface) => (class.clone(), Status::Scored),
                Some(class) => (class.clone(), Status::Optional),
                None => (e.etype, Status::OutOfScope),
            };
            gold.push(GoldMention {
                start: e.start,
                end: e.end,
                key: title_key(&identity),
                identity,
                group: (status != Status::OutOfScope)
                    .then(|| Group::of_class(&class))
                    .flatten(),
                class,
                status,
            });
        }
        articles.push(GoldArticle {
            id,
            article_json,
            text,
            gold,
            ignore: Vec::new(),
        });
    }
    Ok(articles)
}

#[derive(Deserialize)]
struct RawAllSidesMention {
    start: usize,
    end: usize,
    kind: String,
    identity: String,
}

#[derive(Deserialize)]
struct RawAllSidesArticle {
    id: String,
    date: String,
    text_sha256: String,
    text_chars: usize,
    mentions: Vec<RawAllSidesMention>,
    #[serde(default)]
    ignore: Vec<(usize, usize)>,
}

const ALLSIDES_KINDS: &[&str] = &[
    "person",
    "country",
    "government",
    "organisation",
    "party",
    "armed-group",
    "igo",
    "place",
];

/// The AllSides gold with its texts from the corpus, each checked against its hash.
fn read_allsides(gold: &str, corpus: &str) -> anyhow::Result<Vec<GoldArticle>> {
    let mut raw = Vec::new();
    for (n, line) in gold.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article: RawAllSidesArticle =
            serde_json::from_str(line).with_context(|| format!("gold line {}", n + 1))?;
        raw.push(article);
    }
    let wanted: HashSet<&str> = raw.iter().map(|a| a.id.as_str()).collect();
    let mut texts: HashMap<String, (String, String)> = HashMap::new();
    for (n, line) in corpus.lines().enumerate() {
        // Most lines are other articles: look at the id before parsing the whole line.
        if line.trim().is_empty() || !wanted.iter().any(|id| line.contains(id)) {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("corpus line {}", n + 1))?;
        let field = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
        if let (Some(id), Some(date), Some(text)) = (field("id"), field("date"), field("text"))
            && wanted.contains(id)
        {
            texts.insert(id.to_string(), (date.to_string(), text.to_string()));
        }
    }
    let mut articles = Vec::with_capacity(raw.len());
    for article in raw {
        let id = &article.id;
        let Some((date, text)) = texts.remove(id) else {
            bail!("{id} is not in the corpus");
        };
        let hash = sha256::hex(text.as_bytes());
        if hash != article.text_sha256 {
            bail!(
                "{id}: the corpus text is not the annotated one (SHA-256 {hash}, the gold has {})",
                article.text_sha256
            );
        }
        let chars = text.chars().count();
        if chars != article.text_chars {
            bail!(
                "{id}: {chars} code points, the gold has {}",
                article.text_chars
            );
        }
        if date != article.date {
            bail!(
                "{id}: dated {date} in the corpus, {} in the gold",
                article.date
            );
        }
        let mut gold = Vec::with_capacity(article.mentions.len());
        for m in article.mentions {
            if m.start >= m.end || m.end > chars {
                bail!(
                    "{id}: mention {}..{} is not a span of the text",
                    m.start,
                    m.end
                );
            }
            if !ALLSIDES_KINDS.contains(&m.kind.as_str()) {
                bail!("{id}: unknown kind {:?}", m.kind);
            }
            let nil = m.identity == "NIL";
            let identity = normalise_title(&m.identity);
            gold.push(GoldMention {
                start: m.start,
                end: m.end,
                key: title_key(&identity),
                identity,
                group: Group::of_class(&m.kind),
                class: m.kind,
                status: if nil { Status::Nil } else { Status::Scored },
            });
        }
        let article_json = serde_json::to_string(&serde_json::json!({
            "id": id,
            "date": date,
            "text": text,
        }))?;
        articles.push(GoldArticle {
            id: article.id,
            article_json,
            text,
            gold,
            ignore: article.ignore,
        });
    }
    Ok(articles)
}

// ---------------------------------------------------------------------------------------------
// Running

fn group_of(mention: &Mention) -> Group {
    match mention.kind {
        MentionKind::Person => Group::Person,
        MentionKind::Country => Group::State,
        MentionKind::Place => Group::Place,
        MentionKind::Government
            if mention
                .actor
                .as_ref()
                .is_some_and(|a| a.id.ends_with("-GOV")) =>
        {
            Group::State
        }
        MentionKind::Government | MentionKind::Organisation | MentionKind::Other => {
            Group::Organisation
        }
    }
}

fn kind_name(kind: MentionKind) -> &'static str {
    match kind {
        MentionKind::Person => "person",
        MentionKind::Government => "government",
        MentionKind::Organisation => "organisation",
        MentionKind::Country => "country",
        MentionKind::Place => "place",
        MentionKind::Other => "other",
    }
}

struct DocumentResult {
    id: String,
    chars: Vec<char>,
    gold: Vec<GoldMention>,
    system: Vec<SystemMention>,
    /// Engine mentions without an actor (code points, kind).
    unlinked: Vec<(usize, usize, MentionKind)>,
    alignment: Alignment,
}

impl DocumentResult {
    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }
}

fn analyze(
    engine: &Engine,
    titles: &KbTitles,
    article: GoldArticle,
    lenient: bool,
) -> anyhow::Result<DocumentResult> {
    let id = article.id.clone();
    let parsed =
        parse_json_line(&article.article_json).map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
    if parsed.text != article.text {
        bail!("{id}: the JSON Lines reader changed the text, so the offsets would not line up");
    }
    let doc = engine.analyze(parsed);
    let char_at = code_point_offsets(&doc.text);
    let ignored =
        |start: usize, end: usize| article.ignore.iter().any(|&r| overlaps(r, (start, end)));
    let mut system = Vec::new();
    let mut unlinked = Vec::new();
    for mention in &doc.mentions {
        let (start, end) = (
            char_at[mention.span.start as usize],
            char_at[mention.span.end as usize],
        );
        if start >= end || ignored(start, end) {
            continue;
        }
        let Some(actor) = &mention.actor else {
            unlinked.push((start, end, mention.kind));
            continue;
        };
        let link = titles.title(mention, &doc.text[mention.span]);
        let mut keys: Vec<String> = link
            .title
            .iter()
            .chain(&link.also)
            .map(|t| title_key(t))
            .collect();
        if lenient {
            keys.extend(link.lenient.iter().map(|t| title_key(t)));
        }
        system.push(SystemMention {
            start,
            end,
            kind: mention.kind,
            group: group_of(mention),
            actor: actor.id.clone(),
            title: link.title,
            keys,
        });
    }
    let alignment = align(&system, &article.gold);
    Ok(DocumentResult {
        id: doc.meta.id.clone(),
        chars: doc.text.chars().collect(),
        gold: article.gold,
        system,
        unlinked,
        alignment,
    })
}

// ---------------------------------------------------------------------------------------------
// Report

#[derive(Serialize, Default)]
struct GoldCounts {
    /// In scope and scored for recall.
    scored: usize,
    /// GUM: in-scope identities named by a pronoun or a nominal.
    optional: usize,
    /// AllSides: in scope without a Wikipedia article.
    nil: usize,
    /// GUM: mentions of identities outside the scope.
    out_of_scope: usize,
    /// Scored gold mentions that some engine mention overlaps, linked or not.
    reached_by_any_engine_mention: usize,
}

#[derive(Serialize, Default)]
struct SystemCounts {
    /// Engine mentions with an actor (after `ignore` ranges).
    linked: usize,
    /// Of which with no Wikipedia title in the base.
    unknown_title: usize,
    /// Aligned to optional gold: left out of precision.
    optional: usize,
    /// Second mentions of an identity inside one linked gold mention: left out of precision.
    duplicate: usize,
    correct: usize,
    wrong_identity: usize,
    only_out_of_scope_gold: usize,
    no_gold: usize,
    /// Engine mentions without an actor.
    unlinked: usize,
}

#[derive(Serialize)]
struct KindRow {
    kind: &'static str,
    /// Scored gold mentions of this kind, and how many of them are linked right.
    gold: usize,
    gold_linked: usize,
    gold_detected: usize,
    /// System mentions of this kind in the precision count, and how many are right.
    predicted: usize,
    predicted_correct: usize,
    predicted_detected: usize,
    link_precision: f64,
    link_recall: f64,
    link_f1: f64,
    detection_precision: f64,
    detection_recall: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[derive(Serialize)]
struct Pattern {
    what: String,
    count: usize,
}

#[derive(Serialize)]
struct MissedItem {
    doc: String,
    text: String,
    identity: String,
    class: String,
    /// Overlapping engine mentions: `text → title [kind]`, or `text [kind, no actor]`.
    engine: Vec<String>,
}

#[derive(Serialize)]
struct FalseLink {
    doc: String,
    text: String,
    kind: &'static str,
    actor: String,
    title: Option<String>,
    outcome: Outcome,
    /// Overlapping gold mentions: `text = identity (status)`.
    gold: Vec<String>,
}

#[derive(Serialize)]
struct SetReport {
    set: &'static str,
    file: String,
    documents: usize,
    gold: GoldCounts,
    system: SystemCounts,
    links: Prf,
    links_exact: Prf,
    detection: Prf,
    detection_exact: Prf,
    by_kind: Vec<KindRow>,
    top_missed: Vec<Pattern>,
    top_false_links: Vec<Pattern>,
    missed: Vec<MissedItem>,
    false_links: Vec<FalseLink>,
}

fn top(counts: HashMap<String, usize>, n: usize) -> Vec<Pattern> {
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
        .into_iter()
        .take(n)
        .map(|(what, count)| Pattern { what, count })
        .collect()
}

fn describe_system(result: &DocumentResult, s: &SystemMention) -> String {
    format!(
        "{:?} → {} [{}]",
        result.text(s.start, s.end),
        s.title.as_deref().unwrap_or("(no title)"),
        kind_name(s.kind)
    )
}

fn set_report(
    set: &'static str,
    file: String,
    results: &[DocumentResult],
    limit: usize,
) -> SetReport {
    let mut gold = GoldCounts::default();
    let mut system = SystemCounts::default();
    let (mut correct_exact, mut detected, mut detected_exact) = (0, 0, 0);
    let mut rows: HashMap<Group, [usize; 6]> = HashMap::new();
    let (mut missed_patterns, mut false_patterns) = (HashMap::new(), HashMap::new());
    let (mut missed, mut false_links) = (Vec::new(), Vec::new());
    for r in results {
        let a = &r.alignment;
        system.unlinked += r.unlinked.len();
        for (j, g) in r.gold.iter().enumerate() {
            match g.status {
                Status::Scored => gold.scored += 1,
                Status::Optional => gold.optional += 1,
                Status::Nil => gold.nil += 1,
                Status::OutOfScope => gold.out_of_scope += 1,
            }
            if g.status != Status::Scored {
                continue;
            }
            let span = (g.start, g.end);
            let engine: Vec<String> = r
                .system
                .iter()
                .filter(|s| overlaps((s.start, s.end), span))
                .map(|s| describe_system(r, s))
                .chain(
                    r.unlinked
                        .iter()
                        .filter(|u| overlaps((u.0, u.1), span))
                        .map(|u| format!("{:?} [{}, no actor]", r.text(u.0, u.1), kind_name(u.2))),
                )
                .collect();
            gold.reached_by_any_engine_mention += usize::from(!engine.is_empty());
            let row = rows
                .entry(g.group.unwrap_or(Group::Organisation))
                .or_default();
            row[0] += 1;
            if let Some(s) = a.linked[j] {
                row[1] += 1;
                correct_exact += usize::from((r.system[s].start, r.system[s].end) == span);
            } else {
                *missed_patterns.entry(g.identity.clone()).or_insert(0) += 1;
                if missed.len() < limit {
                    missed.push(MissedItem {
                        doc: r.id.clone(),
                        text: r.text(g.start, g.end),
                        identity: g.identity.clone(),
                        class: g.class.clone(),
                        engine,
                    });
                }
            }
            if a.detected[j].is_some() {
                row[2] += 1;
                detected += 1;
            }
            detected_exact += usize::from(a.exact_detected[j]);
        }
        let detected_by: HashSet<usize> = a.detected.iter().flatten().copied().collect();
        for (i, s) in r.system.iter().enumerate() {
            system.linked += 1;
            system.unknown_title += usize::from(s.title.is_none());
            let outcome = a.outcomes[i];
            match outcome {
                Outcome::Optional => {
                    system.optional += 1;
                    continue;
                }
                Outcome::Duplicate => {
                    system.duplicate += 1;
                    continue;
                }
                Outcome::Correct => system.correct += 1,
                Outcome::WrongIdentity => system.wrong_identity += 1,
                Outcome::OutOfScopeGold => system.only_out_of_scope_gold += 1,
                Outcome::NoGold => system.no_gold += 1,
            }
            let row = rows.entry(s.group).or_default();
            row[3] += 1;
            row[4] += usize::from(outcome == Outcome::Correct);
            row[5] += usize::from(detected_by.contains(&i));
            if outcome == Outcome::Correct {
                continue;
            }
            let text = r.text(s.start, s.end);
            *false_patterns
                .entry(format!(
                    "{text:?} → {} ({})",
                    s.title.as_deref().unwrap_or("(no title)"),
                    outcome.name()
                ))
                .or_insert(0) += 1;
            if false_links.len() < limit {
                false_links.push(FalseLink {
                    doc: r.id.clone(),
                    text,
                    kind: kind_name(s.kind),
                    actor: s.actor.clone(),
                    title: s.title.clone(),
                    outcome,
                    gold: r
                        .gold
                        .iter()
                        .filter(|g| overlaps((s.start, s.end), (g.start, g.end)))
                        .map(|g| {
                            format!(
                                "{:?} = {} ({})",
                                r.text(g.start, g.end),
                                g.identity,
                                match g.status {
                                    Status::Scored => "in scope",
                                    Status::Optional => "in scope, optional",
                                    Status::Nil => "NIL",
                                    Status::OutOfScope => "out of scope",
                                }
                            )
                        })
                        .collect(),
                });
            }
        }
    }
    let predicted = system.linked - system.optional - system.duplicate;
    let by_kind = Group::ALL
        .iter()
        .map(|&group| {
            let [g, g_linked, g_detected, p, p_correct, p_detected] =
                rows.get(&group).copied().unwrap_or_default();
            let (precision, recall) = (percent(p_correct, p), percent(g_linked, g));
            KindRow {
                kind: group.name(),
                gold: g,
                gold_linked: g_linked,
                gold_detected: g_detected,
                predicted: p,
                predicted_correct: p_correct,
                predicted_detected: p_detected,
                link_precision: precision,
                link_recall: recall,
                link_f1: f1(precision, recall),
                detection_precision: percent(p_detected, p),
                detection_recall: percent(g_detected, g),
            }
        })
        .collect();
    SetReport {
        set,
        file,
        documents: results.len(),
        links: Prf::new(system.correct, gold.scored, predicted),
        links_exact: Prf::new(correct_exact, gold.scored, predicted),
        detection: Prf::new(detected, gold.scored, predicted),
        detection_exact: Prf::new(detected_exact, gold.scored, predicted),
        gold,
        system,
        by_kind,
        top_missed: top(missed_patterns, 15),
        top_false_links: top(false_patterns, 15),
        missed,
        false_links,
    }
}

#[derive(Serialize)]
struct EntityReport {
    sets: Vec<SetReport>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| path.display().to_string())
}

pub fn run(args: EntityEvalArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::new().context("compiling the embedded data")?;
    let titles = KbTitles::new(&engine.resources().kb);
    let mut sets = Vec::new();
    let score =
        |articles: Vec<GoldArticle>, lenient: bool| -> anyhow::Result<Vec<DocumentResult>> {
            articles
                .into_par_iter()
                .map(|article| analyze(&engine, &titles, article, lenient))
                .collect()
        };
    if matches!(args.set, SetChoice::Gum | SetChoice::All) {
        let file = gold_path(args.gum.as_deref(), "news/gum_wikinews.jsonl", "--gum")?;
        let scope = match &args.gum_scope {
            Some(path) => read_scope(&read(path)?).with_context(|| path.display().to_string())?,
            None => read_scope(GUM_SCOPE).context("data/eval/gum_scope.tsv")?,
        };
        let articles =
            read_gum(&read(&file)?, &scope).with_context(|| file.display().to_string())?;
        let results = score(articles, true).with_context(|| file.display().to_string())?;
        sets.push(set_report(
            "gum",
            file.display().to_string(),
            &results,
            args.show_errors,
        ));
    }
    if matches!(args.set, SetChoice::Allsides | SetChoice::All) {
        let (gold, name) = match &args.allsides {
            Some(path) => (read(path)?, path.display().to_string()),
            None => (
                ALLSIDES_GOLD.to_string(),
                "data/eval/allsides_entities/gold.jsonl".to_string(),
            ),
        };
        let corpus = gold_path(
            args.allsides_corpus.as_deref(),
            "news/allsides_2015_2020.jsonl",
            "--allsides-corpus",
        )?;
        let articles = read_allsides(&gold, &read(&corpus)?)
            .with_context(|| format!("{name} with {}", corpus.display()))?;
        let results = score(articles, false).with_context(|| name.clone())?;
        sets.push(set_report("allsides", name, &results, args.show_errors));
    }
    let report = EntityReport { sets };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => print_text(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &EntityReport) {
    for (n, set) in report.sets.iter().enumerate() {
        if n > 0 {
            println!();
        }
        let g = &set.gold;
        let s = &set.system;
        println!(
            "{} ({}) — {} documents; gold: {} scored in-scope mentions, {} optional (pronouns, \
             nominals), {} NIL, {} out of scope",
            set.set, set.file, set.documents, g.scored, g.optional, g.nil, g.out_of_scope
        );
        println!("  links (overlap, same identity)   {}", set.links);
        println!("  links (exact span)               {}", set.links_exact);
        println!("  detection (overlap, any identity) {}", set.detection);
        println!("  detection (exact span)           {}", set.detection_exact);
        println!(
            "  system: {} linked mentions ({} without a title; not counted: {} on optional gold, \
             {} duplicates); {} correct, {} wrong identity, {} on out-of-scope gold only, {} on \
             no gold; {} engine mentions without an actor",
            s.linked,
            s.unknown_title,
            s.optional,
            s.duplicate,
            s.correct,
            s.wrong_identity,
            s.only_out_of_scope_gold,
            s.no_gold,
            s.unlinked
        );
        println!(
            "  scored gold reached by any engine mention (linked or not): {} of {} ({:.2}%)",
            g.reached_by_any_engine_mention,
            g.scored,
            percent(g.reached_by_any_engine_mention, g.scored)
        );
        println!(
            "  {:<19} {:>5} {:>6} {:>5} {:>7}  {:>7} {:>7} {:>7}  {:>7} {:>7}",
            "kind",
            "gold",
            "linked",
            "sys",
            "correct",
            "link P",
            "link R",
            "link F1",
            "det P",
            "det R"
        );
        for row in &set.by_kind {
            println!(
                "  {:<19} {:>5} {:>6} {:>5} {:>7}  {:>7.2} {:>7.2} {:>7.2}  {:>7.2} {:>7.2}",
                row.kind,
                row.gold,
                row.gold_linked,
                row.predicted,
                row.predicted_correct,
                row.link_precision,
                row.link_recall,
                row.link_f1,
                row.detection_precision,
                row.detection_recall
            );
        }
        if !set.top_missed.is_empty() {
            println!("  most missed identities:");
            for p in &set.top_missed {
                println!("    {:>4}  {}", p.count, p.what);
            }
        }
        if !set.top_false_links.is_empty() {
            println!("  most frequent false links:");
            for p in &set.top_false_links {
                println!("    {:>4}  {}", p.count, p.what);
            }
        }
        if !set.missed.is_empty() {
            println!("  missed gold mentions (first {}):", set.missed.len());
            for m in &set.missed {
                let engine = if m.engine.is_empty() {
                    "nothing".to_string()
                } else {
                    m.engine.join("; ")
                };
                println!(
                    "    {} {:?} = {} ({}); engine: {engine}",
                    m.doc, m.text, m.identity, m.class
                );
            }
        }
        if !set.false_links.is_empty() {
            println!("  false links (first {}):", set.false_links.len());
            for f in &set.false_links {
                let gold = if f.gold.is_empty() {
                    "no gold".to_string()
                } else {
                    f.gold.join("; ")
                };
                println!(
                    "    {} {:?} [{}] {} → {} ({}); gold: {gold}",
                    f.doc,
                    f.text,
                    f.kind,
                    f.actor,
                    f.title.as_deref().unwrap_or("(no title)"),
                    f.outcome.name()
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_decoded_underscored_and_capitalised() {
        assert_eq!(
            normalise_title("Democratic_Party_%28United_States%29"),
            "Democratic_Party_(United_States)"
        );
        assert_eq!(normalise_title("Washington%2C_D.C."), "Washington,_D.C.");
        assert_eq!(normalise_title(" united States "), "United_States");
        assert_eq!(normalise_title("100%_pure"), "100%_pure", "a stray % stays");
        assert_eq!(
            normalise_title("Recep_Tayyip_Erdo%C4%9Fan"),
            "Recep_Tayyip_Erdoğan"
        );
    }

    #[test]
    fn equivalent_titles_share_a_key() {
        let same = |a: &str, b: &str| title_key(a) == title_key(b);
        assert!(same("NATO", "North_Atlantic_Treaty_Organization"));
        assert!(same(
            "Islamic_State_of_Iraq_and_the_Levant",
            "Islamic_State"
        ));
        assert!(same("George_P._Shultz", "George_Shultz"));
        assert!(same("Recep_Tayyip_Erdogan", "Recep_Tayyip_Erdoğan"));
        assert!(same("Juan_Orlando_Hernández", "Juan Orlando Hernandez"));
        assert!(same("Government_of_the_United_Kingdom", "United_Kingdom"));
        assert!(same(
            "Federal_government_of_the_United_States",
            "United States"
        ));
        assert!(same(
            "Republican_party_(United_States)",
            "Republican_Party_%28United_States%29"
        ));
        assert!(same("Kim_Jong-un", "Kim_Jong_Un"));
        assert!(!same("United_States", "United_Kingdom"));
        assert!(!same("Washington,_D.C.", "Washington_(state)"));
        assert!(!same("Georgia_(country)", "Georgia_(U.S._state)"));
    }

    #[test]
    fn names_are_told_from_pronouns_and_nominals() {
        for name in [
            "the United States",
            "US",
            "U.S.",
            "Afghanistan 's",
            "Turkey, who is knocking on the doors of the united Europe",
            "the Greek Ministry of Culture",
            "the Italian Supreme Court of Cassation",
            "Minister of Education Stefania Giannini",
            "overseas minister Gérald Darmanin",
            "the Republican party",
            "Indonesian navy",
            "WHO",
            "Home Office",
            "UK Government",
            "[George H. W.] Bush",
            "New Zealand 's Prime Minister John Key",
        ] {
            assert!(name_like(name), "{name}");
        }
        for nominal in [
            "he",
            "He",
            "It",
            "I",
            "their",
            "the country",
            "this nation",
            "the head of NATO",
            "one of the fathers of the modern peace process in Israel",
            "The President",
            "Mr. President",
            "Malaysia 's Prime Minister",
            "The Home Secretary",
            "the Secretary of State",
            "the Court",
            "Which previous Virginia Governor(s)",
            "a Nobel Peace Prize recipient",
            "the country 's military",
            "pan-democracy camp",
        ] {
            assert!(!name_like(nominal), "{nominal}");
        }
    }

    fn gold(start: usize, end: usize, identity: &str, status: Status) -> GoldMention {
        GoldMention {
            start,
            end,
            identity: identity.to_string(),
            key: title_key(identity),
            class: "country".to_string(),
            group: Some(Group::State),
            status,
        }
    }

    fn system(start: usize, end: usize, title: Option<&str>) -> SystemMention {
        SystemMention {
            start,
            end,
            kind: MentionKind::Country,
            group: Group::State,
            actor: String::new(),
            title: title.map(str::to_string),
            keys: title.map(title_key).into_iter().collect(),
        }
    }

    #[test]
    fn a_link_is_an_overlap_with_the_same_identity_one_to_one() {
        // "the United States and US President Barack Obama met the Kremlin in Washington"
        let gold = vec![
            gold(0, 17, "United_States", Status::Scored), // "the United States"
            gold(22, 46, "Barack_Obama", Status::Scored), // "US President Barack Obama"
            gold(22, 24, "United_States", Status::Scored), // nested "US"
            gold(51, 62, "Russia", Status::Optional),     // a nominal of Russia
            gold(66, 76, "Washington_(state)", Status::OutOfScope),
        ];
        let system = vec![
            system(4, 17, Some("United_States")), // overlaps, not exact: correct
            system(22, 24, Some("United_States")), // exact, the nested gold
            system(35, 46, Some("Barack_Obama")), // correct
            system(51, 62, Some("Russia")),       // optional: not counted
            system(66, 76, Some("Washington,_D.C.")), // out-of-scope gold only
            system(80, 85, None),                 // no gold, no title
        ];
        let a = align(&system, &gold);
        assert_eq!(
            a.outcomes,
            [
                Outcome::Correct,
                Outcome::Correct,
                Outcome::Correct,
                Outcome::Optional,
                Outcome::OutOfScopeGold,
                Outcome::NoGold
            ]
        );
        assert_eq!(a.linked, [Some(0), Some(2), Some(1), None, None]);
        assert_eq!(a.exact_detected, [false, false, true, false, false]);
    }

    #[test]
    fn a_second_mention_of_one_gold_span_is_a_duplicate_and_identity_decides() {
        let gold = vec![gold(0, 10, "Barack_Obama", Status::Scored)];
        let system = vec![
            system(0, 2, Some("United_States")), // "US" inside it: wrong identity
            system(3, 10, Some("Barack_Obama")),
            system(5, 10, Some("Barack_Obama")), // the gold is taken: a duplicate, not counted
        ];
        let a = align(&system, &gold);
        assert_eq!(
            a.outcomes,
            [Outcome::WrongIdentity, Outcome::Correct, Outcome::Duplicate]
        );
        assert_eq!(a.linked, [Some(1)]);
        assert_eq!(a.detected, [Some(1)]);
        // Without the right identity the gold is still detected, by the longest overlap.
        let a = align(&system[..1], &gold);
        assert_eq!(a.linked, [None]);
        assert_eq!(a.detected, [Some(0)]);
    }

    #[test]
    fn nil_gold_is_never_a_correct_link() {
        let gold = vec![gold(0, 5, "NIL", Status::Nil)];
        let a = align(&[system(0, 5, Some("NIL"))], &gold);
        assert_eq!(a.outcomes, [Outcome::WrongIdentity]);
        assert_eq!(a.detected, [None], "NIL is not in recall");
    }

    fn kb() -> KnowledgeBase {
        use dateline_engine::kb::KbFiles;
        use dateline_engine::resources::DataFile;
        static COUNTRIES: DataFile = DataFile {
            path: "kb/countries.tsv",
            contents: b"iso3\tstatus\tparent_iso3\tname\tofficial_name\taliases\tdemonyms\tcapital\tcapital_aliases\tmetonyms\tcameo_code\tsource\n\
USA\tun-member\t\tUnited States\tUnited States of America\tUS|U.S.\tAmerican\tWashington\tWashington, D.C.\tthe White House|White House\tUSA\thand\n\
GEO\tun-member\t\tGeorgia\tGeorgia\t\tGeorgian\tTbilisi\t\t\tGEO\thand\n\
RUS\tun-member\t\tRussia\tRussian Federation\t\tRussian\tMoscow\t\tthe Kremlin|Kremlin\tRUS\thand\n",
        };
        static ORGANISATIONS: DataFile = DataFile {
            path: "kb/organisations.tsv",
            contents: b"id\tkind\tcountry\tsector\tname\taliases\tcameo_code\twikipedia\tsource\tnote\n\
NATO\tigo\t\tIGO\tNATO\tNorth Atlantic Treaty Organization\tIGOWSTNAT\tNorth_Atlantic_Treaty_Organization\thand\t\n\
USA-NSC\tgovernment\tUSA\tGOV\tNational Security Council\t\tUSAGOV\t\thand\t\n\
USA-WH\tgovernment\tUSA\tGOV\tWhite House\t\tUSAGOV\tWhite_House\thand\t\n",
        };
        KnowledgeBase::compile(KbFiles {
            countries: Some(&COUNTRIES),
            organisations: Some(&ORGANISATIONS),
            people: None,
            terms: None,
            office_words: None,
            affiliated: None,
            sports_words: None,
        })
        .unwrap()
    }

    fn mention(kind: MentionKind, id: &str) -> Mention {
        Mention {
            span: dateline_engine::Span::new(0, 1),
            kind,
            actor: Some(dateline_engine::layers::ActorRef {
                id: id.to_string(),
                name: String::new(),
                country: None,
                sector: None,
                role: None,
                code: None,
            }),
            holder: None,
        }
    }

    #[test]
    fn actors_map_to_titles_through_the_base() {
        let kb = kb();
        let titles = KbTitles::new(&kb);
        let title = |kind, id: &str, surface: &str| titles.title(&mention(kind, id), surface);
        let only = |t: &str| LinkTitle {
            title: Some(t.to_string()),
            ..LinkTitle::default()
        };
        assert_eq!(
            title(MentionKind::Country, "USA", "U.S."),
            only("United_States")
        );
        assert_eq!(
            title(MentionKind::Country, "GEO", "Georgia"),
            only("Georgia_(country)")
        );
        assert_eq!(
            title(MentionKind::Place, "USA", "Washington"),
            LinkTitle {
                title: Some("Washington,_D.C.".into()),
                lenient: vec!["United_States".into()],
                ..LinkTitle::default()
            }
        );
        assert_eq!(
            title(MentionKind::Place, "USA", "the White House")
                .title
                .as_deref(),
            Some("White_House")
        );
        assert_eq!(
            title(MentionKind::Government, "RUS-GOV", "the Kremlin"),
            LinkTitle {
                title: Some("Russia".into()),
                lenient: vec!["Moscow_Kremlin".into()],
                ..LinkTitle::default()
            }
        );
        assert_eq!(
            title(MentionKind::Government, "USA-GOV", "Washington"),
            LinkTitle {
                title: Some("United_States".into()),
                lenient: vec!["Washington,_D.C.".into()],
                ..LinkTitle::default()
            }
        );
        assert_eq!(
            title(MentionKind::Organisation, "NATO", "NATO"),
            only("North_Atlantic_Treaty_Organization")
        );
        assert_eq!(title(MentionKind::Government, "USA-NSC", "NSC").title, None);
        assert_eq!(
            title(MentionKind::Government, "USA-WH", "the White House"),
            LinkTitle {
                title: Some("White_House".into()),
                also: vec!["United_States".into()],
                ..LinkTitle::default()
            },
            "a seat of the executive as an organisation may carry the country's title"
        );
        assert_eq!(title(MentionKind::Person, "Q1", "Nobody").title, None);
        assert_eq!(
            title_key(
                &title(MentionKind::Organisation, "NATO", "NATO")
                    .title
                    .unwrap()
            ),
            title_key("NATO")
        );
    }

    #[test]
    fn scope_tables_are_checked() {
        let scope =
            read_scope("# c\nidentity\tclass\tnote\nUnited_States\tcountry\tstate\nNATO\tigo\t\n")
                .unwrap();
        assert_eq!(
            scope.get("United_States").map(String::as_str),
            Some("country")
        );
        assert!(read_scope("identity\tclass\tnote\nX\tcity\t\n").is_err());
        assert!(read_scope("identity\tclass\tnote\nX\tigo\t\nX\tigo\t\n").is_err());
        assert!(read_scope("id\tclass\nX\tigo\n").is_err());
        assert!(read_scope(GUM_SCOPE).is_ok(), "the shipped table reads");
    }

    #[test]
    fn allsides_texts_are_checked_against_their_hash() {
        let text = "Washington said so.";
        let corpus =
            serde_json::json!({"id": "a1", "date": "2018-05-20", "title": "T", "text": text})
                .to_string();
        let line = |hash: &str, chars: usize| {
            serde_json::json!({
                "id": "a1", "date": "2018-05-20", "text_sha256": hash, "text_chars": chars,
                "mentions": [{"start": 0, "end": 10, "surface_sha1": "x", "kind": "government", "identity": "United_States"}],
                "ignore": [[15, 19]]
            })
            .to_string()
        };
        let hash = sha256::hex(text.as_bytes());
        let articles = read_allsides(&line(&hash, 19), &corpus).unwrap();
        assert_eq!(articles[0].gold[0].status, Status::Scored);
        assert_eq!(articles[0].gold[0].group, Some(Group::State));
        assert_eq!(articles[0].ignore, [(15, 19)]);
        let parsed = parse_json_line(&articles[0].article_json).unwrap();
        assert_eq!(parsed.text, text, "the title is not prepended");
        assert!(read_allsides(&line(&"0".repeat(64), 19), &corpus).is_err());
        assert!(read_allsides(&line(&hash, 20), &corpus).is_err());
    }

    #[test]
    fn gum_gold_is_split_into_scored_optional_and_out_of_scope() {
        let scope = read_scope("identity\tclass\tnote\nUnited_States\tcountry\t\n").unwrap();
        let line = serde_json::json!({
            "id": "g", "date": "2015-09-01", "title": "T", "text": "The US and it and Bob",
            "gold_entities": [
                {"start": 4, "end": 6, "etype": "place", "identity": "United_States"},
                {"start": 11, "end": 13, "etype": "place", "identity": "United_States"},
                {"start": 18, "end": 21, "etype": "person", "identity": "Bob_%28x%29"}
            ]
        })
        .to_string();
        let articles = read_gum(&line, &scope).unwrap();
        let statuses: Vec<Status> = articles[0].gold.iter().map(|g| g.status).collect();
        assert_eq!(
            statuses,
            [Status::Scored, Status::Optional, Status::OutOfScope]
        );
        assert_eq!(articles[0].gold[2].identity, "Bob_(x)");
        let parsed = parse_json_line(&articles[0].article_json).unwrap();
        assert_eq!(parsed.text, "The US and it and Bob");
    }
}
