//! Actor mentions: names the knowledge base knows, linked to its entries on the article's
//! date; capitals and seats of government as the government that acts ("Pyongyang said");
//! "the X administration" and "X's government" as the government of X's term; "the US
//! president" as the holder on the date; surnames and "Mr. X" after a first full mention;
//! and the names the name tagger finds that the base does not know, with a kind guess.

use jiff::civil::Date;

use std::collections::HashMap;

use crate::document::Document;
use crate::findings::{Finding, FindingCode};
use crate::hash::FastBuildHasher;
use crate::layers::{ActorRef, Mention, MentionKind};
use crate::pipeline::{Annotator, Layer};
use crate::resources::Resources;
use crate::span::Span;
use crate::syntax::names::NameKind;
use crate::syntax::{Upos, Xpos};

use super::{Form, KnowledgeBase, Target};

/// Links actor mentions to the knowledge base.
pub struct ActorLinker;

impl Annotator for ActorLinker {
    fn name(&self) -> &'static str {
        "actor-linker"
    }

    fn reads(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Names]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Mentions]
    }

    /// Also adds the `kb.past-horizon` finding to an article dated after the horizon.
    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.mentions = link(doc, &resources.kb);
        if let Some(horizon) = resources.kb.horizon
            && doc.meta.date > horizon
        {
            doc.findings.push(Finding::new(
                FindingCode::PastKbHorizon,
                format!(
                    "the article is dated {}, after the knowledge base's horizon {horizon}: office holders may have changed since",
                    doc.meta.date
                ),
            ));
        }
    }
}

/// The token that contains or follows byte offset `at` (the token count past the last).
fn token_at(doc: &Document, at: usize) -> usize {
    doc.token_at(at).unwrap_or(doc.tokens.len())
}

fn word(doc: &Document, k: usize) -> &str {
    doc.tokens.get(k).map_or("", |t| &doc.text[t.span])
}

const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "near", "outside", "into", "via", "across", "around", "toward",
    "towards", "through", "visit", "visited", "visiting", "between", "and",
];

/// Whether a capital or seat at tokens `first..end` acts (the government) rather than being
/// a place: after a place preposition it is a place; before a verb or a possessive, an actor.
fn acts(doc: &Document, first: usize, end: usize) -> bool {
    if after_place_preposition(doc, first) {
        return false;
    }
    let next = word(doc, end);
    if matches!(
        next,
        "'s" | "’s" | "has" | "have" | "said" | "says" | "is" | "was" | "will" | "would"
    ) {
        return true;
    }
    doc.pos
        .get(end)
        .is_some_and(|t| matches!(t.upos, Upos::Verb | Upos::Aux) && t.xpos != Xpos::Vbg)
}

/// Chooses among people with the same name: the one in office on the date, else the one
/// whose time in office lies nearest it ("George Bush" in 1990 and in 2005).
fn pick_person(kb: &KnowledgeBase, targets: &[Target], date: Date) -> Option<u32> {
    targets
        .iter()
        .filter(|t| t.form == Form::Person)
        .map(|t| t.index)
        .min_by_key(|&p| kb.distance_from_office(p, date))
}

struct Linked {
    mentions: Vec<Mention>,
    /// Surname → the people named by it so far, each with where their first full mention
    /// ended.
    surnames: HashMap<String, Vec<(u32, usize)>, FastBuildHasher>,
}

impl Linked {
    fn add_surname(&mut self, surname: &str, person: u32, after: usize) {
        let people = self.surnames.entry(surname.to_string()).or_default();
        match people.iter_mut().find(|(p, _)| *p == person) {
            Some((_, first)) => *first = (*first).min(after),
            None => people.push((person, after)),
        }
    }
}

pub fn link(doc: &Document, kb: &KnowledgeBase) -> Vec<Mention> {
    let date = doc.meta.date;
    let text = doc.text.as_str();
    let mut linked = Linked {
        mentions: Vec::new(),
        surnames: HashMap::default(),
    };
    // Names that need their country named elsewhere in the article ("Congress").
    let mut contextual: Vec<Mention> = Vec::new();
    for (start, end, targets) in kb.find_names(text) {
        let first = token_at(doc, start);
        let end_token = token_at(doc, end.saturating_sub(1)) + 1;
        // Prefer an organisation or a person over a country reading of the same string.
        let target = targets
            .iter()
            .find(|t| matches!(t.form, Form::Organisation))
            .or_else(|| targets.iter().find(|t| t.form == Form::Person))
            .unwrap_or(&targets[0]);
        let span = Span::new(start, end);
        // A demonym stands for its state only before a word of government ("North Korean
        // officials", "Chinese interference"), not for people or goods ("Americans").
        if target.form == Form::Demonym && !STATE_NOUNS.contains(&word(doc, end_token)) {
            continue;
        }
        // "New Jersey", "Northern Ireland": the end of another place's name.
        if target.form == Form::CountryName && after_name_word(doc, first) {
            continue;
        }
        let mention = match target.form {
            Form::CountryName | Form::Demonym => Mention {
                span,
                kind: MentionKind::Country,
                actor: Some(kb.country_actor(target.index)),
                holder: None,
            },
            Form::Capital if inside_longer_name(doc, first, end_token) => continue,
            Form::Capital | Form::Seat => {
                let government = match target.form {
                    Form::Seat => !after_place_preposition(doc, first),
                    _ => acts(doc, first, end_token),
                };
                if government {
                    Mention {
                        span: extend_the(doc, span, first),
                        kind: MentionKind::Government,
                        actor: Some(kb.government_actor(target.index)),
                        holder: None,
                    }
                } else {
                    Mention {
                        span,
                        kind: MentionKind::Place,
                        actor: Some(kb.country_actor(target.index)),
                        holder: None,
                    }
                }
            }
            // "at the White House": a seat that is also a body of the base is a place after a
            // place preposition, like any seat.
            Form::Organisation
                if after_place_preposition(doc, first)
                    && let Some(seat) = targets.iter().find(|t| t.form == Form::Seat) =>
            {
                Mention {
                    span,
                    kind: MentionKind::Place,
                    actor: Some(kb.country_actor(seat.index)),
                    holder: None,
                }
            }
            Form::Organisation => {
                let org = &kb.organisations[target.index as usize];
                Mention {
                    span,
                    kind: match org.kind.as_str() {
                        "government" | "agency" | "legislature" | "military" | "court" => {
                            MentionKind::Government
                        }
                        _ => MentionKind::Organisation,
                    },
                    actor: Some(kb.organisation_actor(target.index)),
                    holder: None,
                }
            }
            Form::Person => {
                let Some(person) = pick_person(kb, targets, date) else {
                    continue;
                };
                // A contextual name's surname counts once the name is kept (below).
                if !target.contextual
                    && let Some(surname) = kb.surname(person)
                {
                    linked.add_surname(surname, person, end);
                }
                Mention {
                    span,
                    kind: MentionKind::Person,
                    actor: Some(kb.person_actor(person, date)),
                    holder: None,
                }
            }
        };
        if target.contextual {
            contextual.push(mention);
        } else {
            linked.mentions.push(mention);
        }
    }
    let countries = countries_named(&linked.mentions);
    for mention in contextual.into_iter().filter(|m| {
        m.actor
            .as_ref()
            .and_then(|a| a.country.as_ref())
            .is_some_and(|c| countries.contains(c))
    }) {
        if mention.kind == MentionKind::Person
            && let Some(person) = mention.actor.as_ref().and_then(|a| kb.person_by_id(&a.id))
            && let Some(surname) = kb.surname(person)
        {
            linked.add_surname(surname, person, mention.span.end as usize);
        }
        linked.mentions.push(mention);
    }
    heads_by_surname(doc, kb, &countries, &mut linked);
    link_surnames(doc, kb, &mut linked);
    governments_of_people(doc, kb, &mut linked.mentions);
    office_phrases(doc, kb, &mut linked.mentions);
    national_teams(doc, kb, &mut linked.mentions);
    unknown_names(doc, &mut linked.mentions);
    linked
        .mentions
        .sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    linked.mentions
}

/// How many different `strong` words of sport make an article a sports article.
const SPORTS_ARTICLE_WORDS: usize = 3;

/// "Belgium defeated debutants Panama 3 – 0": in a sports article, a country named in a
/// sentence with a word of sport or of a match is its national team, an organisation the base
/// does not hold, not the state, when most such names of the article stand where only a team
/// stands (a word of sport within two words, or a score beside the name). Not when a word of
/// government follows ("Belgium's prime minister", "the Swedish government") or a place
/// preposition comes before ("the World Cup in Russia").
fn national_teams(doc: &Document, kb: &KnowledgeBase, mentions: &mut [Mention]) {
    let sports = &kb.sports;
    if sports.is_empty() || !mentions.iter().any(|m| m.kind == MentionKind::Country) {
        return;
    }
    let lower = |k: usize| crate::syntax::with_lowercase(word(doc, k), str::to_string);
    // Three different strong words, told apart by their spelling in lower case.
    let mut strong_seen: Vec<String> = Vec::new();
    for k in 0..doc.tokens.len() {
        let w = word(doc, k);
        if sports.class(w) == Some(true) && !strong_seen.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            strong_seen.push(w.to_string());
            if strong_seen.len() >= SPORTS_ARTICLE_WORDS {
                break;
            }
        }
    }
    if strong_seen.len() < SPORTS_ARTICLE_WORDS {
        return;
    }
    let sentence_of_sport: Vec<bool> = doc
        .sentences
        .iter()
        .map(|s| {
            (s.first_token as usize..s.end_token as usize)
                .any(|k| sports.class(word(doc, k)).is_some())
        })
        .collect();
    let is_sport = |k: usize| sports.class(word(doc, k)).is_some();
    let is_number =
        |k: usize| !word(doc, k).is_empty() && word(doc, k).bytes().all(|b| b.is_ascii_digit());
    let is_dash = |k: usize| matches!(word(doc, k), "-" | "–" | "—");
    // The country mentions of the sentences of sport that may be teams, and whether each
    // stands where only a team stands: a word of sport within two words, or a score next to
    // it ("Sweden 1 – 0 Korea Republic").
    let mut candidates: Vec<(usize, bool)> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != MentionKind::Country {
            continue;
        }
        let first = token_at(doc, m.span.start as usize);
        let end = token_at(doc, m.span.end.saturating_sub(1) as usize) + 1;
        let sentence = doc
            .sentences
            .partition_point(|s| (s.end_token as usize) <= first);
        let Some(s) = doc.sentences.get(sentence) else {
            continue;
        };
        if !sentence_of_sport[sentence] {
            continue;
        }
        let next = lower(end);
        let after_possessive = if next == "'s" || next == "’s" {
            lower(end + 1)
        } else {
            String::new()
        };
        if STATE_NOUNS.contains(&next.as_str()) || STATE_NOUNS.contains(&after_possessive.as_str())
        {
            continue;
        }
        let before = first.checked_sub(1).map(lower).unwrap_or_default();
        if [
            "in", "at", "near", "outside", "from", "across", "around", "through", "within",
            "visit", "visited", "visiting",
        ]
        .contains(&before.as_str())
        {
            continue;
        }
        let (lo, hi) = (s.first_token as usize, s.end_token as usize);
        let near = (first.saturating_sub(2).max(lo)..first)
            .chain(end..(end + 2).min(hi))
            .any(is_sport);
        let score = end + 2 < hi && is_number(end) && is_dash(end + 1) && is_number(end + 2)
            || first >= lo + 3
                && is_number(first - 1)
                && is_dash(first - 2)
                && is_number(first - 3);
        candidates.push((i, near || score));
    }
    // An article of matches: most of those mentions stand where a team stands; a few such
    // mentions in an article about something else (a robotics contest's medals) are states.
    let sure = candidates.iter().filter(|(_, sure)| *sure).count();
    if sure < 2 || sure * 2 < candidates.len() {
        return;
    }
    for (i, _) in candidates {
        let m = &mut mentions[i];
        m.kind = MentionKind::Organisation;
        m.actor = None;
        m.holder = None;
    }
}

/// "in Pyongyang", "at the White House": a place, not an actor.
fn after_place_preposition(doc: &Document, first: usize) -> bool {
    let before = first.checked_sub(1).map_or("", |k| word(doc, k));
    let before = if before.eq_ignore_ascii_case("the") {
        first.checked_sub(2).map_or("", |k| word(doc, k))
    } else {
        before
    };
    PLACE_PREPOSITIONS
        .iter()
        .any(|p| before.eq_ignore_ascii_case(p))
}

/// "the Kremlin", "the White House": the article belongs to the government mention.
fn extend_the(doc: &Document, span: Span, first: usize) -> Span {
    match first.checked_sub(1) {
        Some(k) if word(doc, k) == "the" || word(doc, k) == "The" => {
            Span::new(doc.tokens[k].span.start as usize, span.end as usize)
        }
        _ => span,
    }
}

/// Spans already taken, for overlap checks in O(log n): a long article has many thousands
/// of mentions and of candidate words.
struct Taken {
    /// Starts in order, and the furthest end among the spans up to each.
    starts: Vec<u32>,
    furthest_end: Vec<u32>,
}

impl Taken {
    fn new(spans: impl Iterator<Item = Span>) -> Taken {
        let mut spans: Vec<Span> = spans.collect();
        spans.sort_unstable();
        let mut furthest = 0;
        let furthest_end = spans
            .iter()
            .map(|s| {
                furthest = furthest.max(s.end);
                furthest
            })
            .collect();
        Taken {
            starts: spans.iter().map(|s| s.start).collect(),
            furthest_end,
        }
    }

    fn of(mentions: &[Mention]) -> Taken {
        Taken::new(mentions.iter().map(|m| m.span))
    }

    fn overlaps(&self, span: Span) -> bool {
        let before_end = self.starts.partition_point(|&s| s < span.end);
        before_end > 0 && self.furthest_end[before_end - 1] > span.start
    }
}

/// "Mr. Moon": a courtesy title before a surname belongs to the mention.
fn with_courtesy_title(doc: &Document, span: Span) -> Span {
    let before = doc.text[..span.start as usize].trim_end();
    match ["Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms"].iter().find(|t| {
        before.ends_with(*t) && !before[..before.len() - t.len()].ends_with(char::is_alphanumeric)
    }) {
        Some(title) => Span::new(before.len() - title.len(), span.end as usize),
        None => span,
    }
}

/// A bare surname ("Trump", "Mr. Moon") after the person's first full mention.
fn link_surnames(doc: &Document, kb: &KnowledgeBase, linked: &mut Linked) {
    if linked.surnames.is_empty() {
        return;
    }
    let date = doc.meta.date;
    let taken = Taken::of(&linked.mentions);
    let mut found = Vec::new();
    for (k, token) in doc.tokens.iter().enumerate() {
        let w = &doc.text[token.span];
        if !w.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        // One person of the base with this surname in the article, fully named before here;
        // two: leave it unlinked.
        let person = match linked.surnames.get(w).map(Vec::as_slice) {
            Some(&[(person, after)]) if after <= token.span.start as usize => person,
            _ => continue,
        };
        // "Wong Kwok-kin" after "Raymond Wong": the surname begins another person's name.
        // The people of the event-coding dictionaries are many and their names common, so
        // their surnames are not taken where a capitalised word follows.
        let next = word(doc, k + 1);
        if !kb.affiliations_of(person).is_empty()
            && next.starts_with(|c: char| c.is_uppercase())
            && !STATE_NOUNS.contains(&next)
        {
            continue;
        }
        let span = with_courtesy_title(doc, token.span);
        if taken.overlaps(span) {
            continue;
        }
        found.push(Mention {
            span,
            kind: MentionKind::Person,
            actor: Some(kb.person_actor(person, date)),
            holder: None,
        });
    }
    linked.mentions.extend(found);
}

/// Capitalised words that are surnames too ("May", "Monday"): never a surname on their own.
pub(crate) fn calendar_word(word: &str) -> bool {
    crate::article::MONTH_NAMES.contains(&word) || crate::article::WEEKDAY_NAMES.contains(&word)
}

/// Whether tokens `first..end` are part of a longer proper name ("Douglas Adams", "Michael
/// Douglas"): a capitalised word right before (not at a sentence start) or right after.
fn inside_longer_name(doc: &Document, first: usize, end: usize) -> bool {
    let capitalised = |k: usize| {
        let w = word(doc, k);
        w.starts_with(|c: char| c.is_uppercase()) && !STATE_NOUNS.contains(&w)
    };
    let sentence_start =
        |k: usize| k == 0 || matches!(word(doc, k - 1), "." | "!" | "?" | "\"" | "“" | ":" | "(");
    (first > 0 && capitalised(first - 1) && !sentence_start(first - 1))
        || (end < doc.tokens.len() && capitalised(end))
}

/// Whether the word before token `first` is a capitalised word inside a sentence, so that the
/// match ends a longer name.
fn after_name_word(doc: &Document, first: usize) -> bool {
    first >= 2
        && word(doc, first - 1).starts_with(|c: char| c.is_uppercase())
        && !matches!(
            word(doc, first - 2),
            "." | "!" | "?" | "\"" | "“" | ":" | "("
        )
        && !STATE_NOUNS.contains(&word(doc, first - 1))
        && !matches!(
            word(doc, first - 1),
            "The" | "In" | "And" | "But" | "U.S." | "US"
        )
}

/// Words after a demonym that make it the state acting.
const STATE_NOUNS: &[&str] = &[
    "government",
    "officials",
    "official",
    "authorities",
    "military",
    "forces",
    "troops",
    "army",
    "navy",
    "president",
    "leader",
    "leaders",
    "leadership",
    "regime",
    "state",
    "embassy",
    "embassies",
    "diplomat",
    "diplomats",
    "envoy",
    "envoys",
    "ministry",
    "minister",
    "ministers",
    "intelligence",
    "interference",
    "administration",
    "side",
    "delegation",
    "negotiators",
    "counterpart",
    "counterparts",
    "foreign",
    "defense",
    "defence",
    "security",
    "police",
    "parliament",
    "lawmakers",
    "legislature",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "media",
    "warplanes",
    "jets",
    "missile",
    "missiles",
    "sanctions",
    "policy",
    "strikes",
    "prime",
    "premier",
    "counterintelligence",
    "agents",
    "hackers",
    "coast",
    "Foreign",
    "President",
    "Prime",
    "Defense",
    "Defence",
    "Embassy",
    "Ministry",
    "Army",
    "Navy",
    "Air",
    "Supreme",
    "Parliament",
    "Government",
    "Premier",
    "Minister",
    "Chancellor",
];

/// The states the article names: by name, capital or demonym, or through a body or office
/// holder of theirs ("the White House", "Donald Trump").
fn countries_named(mentions: &[Mention]) -> Vec<String> {
    let mut countries: Vec<String> = mentions
        .iter()
        .filter_map(|m| m.actor.as_ref().and_then(|a| a.country.clone()))
        .collect();
    countries.sort();
    countries.dedup();
    countries
}

const GOVERNMENT_WORDS: &[&str] = &[
    "administration",
    "Administration",
    "government",
    "regime",
    "cabinet",
];

/// A head of state or government named by surname alone, where a title or a word of government
/// says who is meant ("President Biden", "the Obama administration", "under Merkel's
/// leadership"): the one of that name nearest the date, from a country the article names first.
/// Later bare mentions of the surname follow it.
/// The offices of the capitalised title that ends right before token `k` ("Attorney
/// General", "Vice President"), longest first.
fn office_title_before(doc: &Document, kb: &KnowledgeBase, k: usize) -> Option<Vec<String>> {
    let last = word(doc, k.checked_sub(1)?);
    if !last.starts_with(|c: char| c.is_uppercase()) || !kb.ends_office_word(last) {
        return None;
    }
    (1..=kb.office_word_max.min(k)).rev().find_map(|n| {
        let words: Vec<&str> = (k - n..k).map(|i| word(doc, i)).collect();
        if !words.last()?.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        kb.office_word(&words.join(" "))
            .map(|office| office.offices.clone())
    })
}

fn heads_by_surname(doc: &Document, kb: &KnowledgeBase, countries: &[String], linked: &mut Linked) {
    let date = doc.meta.date;
    let taken = Taken::of(&linked.mentions);
    let mut found = Vec::new();
    for (k, token) in doc.tokens.iter().enumerate() {
        let w = &doc.text[token.span];
        if !w.starts_with(|c: char| c.is_uppercase()) || taken.overlaps(token.span) {
            continue;
        }
        // "President Biden", "Prime Minister Johnson": a head's title before the surname.
        let before = k.checked_sub(1).map_or("", |p| word(doc, p));
        let title_office = match before {
            // "Vice President Vance" is the vice president's title.
            "President" if k >= 2 && word(doc, k - 2).eq_ignore_ascii_case("vice") => None,
            "President" | "King" | "Queen" | "Emperor" => Some("head-of-state"),
            "Premier" | "Chancellor" => Some("head-of-government"),
            "Minister" if k >= 2 && word(doc, k - 2) == "Prime" => Some("head-of-government"),
            _ => None,
        };
        // Any other office of the base's office words ("Attorney General Whitaker", "Vice
        // President Vance"): among the people who held it.
        let person = match title_office {
            None => office_title_before(doc, kb, k)
                .and_then(|offices| kb.titled_surname(w, &offices, date))
                .or_else(|| head_by_surname(doc, kb, countries, k, None)),
            Some(_) => head_by_surname(doc, kb, countries, k, title_office),
        };
        let Some(person) = person else {
            continue;
        };
        linked.add_surname(w, person, token.span.end as usize);
        found.push(Mention {
            span: with_courtesy_title(doc, token.span),
            kind: MentionKind::Person,
            actor: Some(kb.person_actor(person, date)),
            holder: None,
        });
    }
    linked.mentions.extend(found);
    linked.mentions.sort_by_key(|m| m.span.start);
}

/// The head of state or government that the surname at token `k` names, with the office of
/// its title if it has one ("President Bush"), or untitled when it leads a government ("Bush's
/// administration") or is the one head of that name near the date ("Trump said").
fn head_by_surname(
    doc: &Document,
    kb: &KnowledgeBase,
    countries: &[String],
    k: usize,
    title_office: Option<&str>,
) -> Option<u32> {
    let date = doc.meta.date;
    let w = word(doc, k);
    let titled = title_office.is_some();
    // "Leung Che-cheung", "Hwang Hee-chan": a surname inside a longer name is someone else.
    if inside_longer_name(doc, k, k + 1) && !titled {
        return None;
    }
    let mut after = k + 1;
    if matches!(word(doc, after), "'s" | "’s") {
        after += 1;
    }
    let leads = GOVERNMENT_WORDS.contains(&word(doc, after))
        || matches!(
            word(doc, after),
            "leadership" | "premiership" | "presidency" | "rule"
        );
    // A bare surname alone ("Trump said") when no other head bears it, the head led a state
    // the article names, and the article is dated within four years of the term.
    let alone = !titled
        && !leads
        && !calendar_word(w)
        && kb.unique_head_surname(w).is_some_and(|p| {
            kb.distance_from_office(p, date) <= 4 * 366
                && kb.terms_of(p).any(|t| countries.contains(&t.country))
        });
    if !titled && !leads && !alone {
        return None;
    }
    // "In government as in life": a function word that opens a sentence is no surname.
    if !titled
        && doc.pos.get(k).is_some_and(|t| {
            matches!(
                t.upos,
                Upos::Adp | Upos::Det | Upos::Pron | Upos::Cconj | Upos::Sconj | Upos::Aux
            )
        })
    {
        return None;
    }
    // "King Arthur" is no prime minister Arthur: the title's office must be theirs.
    kb.head_by_surname_in(w, date, countries, title_office)
}

/// "the Obama administration", "Obama's government", "the Putin regime": the government of
/// the person's country during their term, with the person as its `holder`.
fn governments_of_people(doc: &Document, kb: &KnowledgeBase, mentions: &mut [Mention]) {
    for mention in mentions.iter_mut() {
        if mention.kind != MentionKind::Person {
            continue;
        }
        let Some(person) = mention.actor.clone() else {
            continue;
        };
        let first = token_at(doc, mention.span.start as usize);
        let mut after = token_at(doc, mention.span.end as usize);
        if matches!(word(doc, after), "'s" | "’s") {
            after += 1;
        }
        if !GOVERNMENT_WORDS.contains(&word(doc, after)) {
            continue;
        }
        let Some(country) = person
            .country
            .as_deref()
            .and_then(|c| kb.country_index.get(c))
        else {
            continue;
        };
        let mut start = mention.span.start as usize;
        if let Some(k) = first.checked_sub(1)
            && matches!(word(doc, k), "the" | "The")
        {
            start = doc.tokens[k].span.start as usize;
        }
        let end = doc.tokens[after].span.end as usize;
        let mut government = kb.government_actor(*country);
        government.role = Some(format!("government of {}", person.name));
        mention.span = Span::new(start, end);
        mention.kind = MentionKind::Government;
        mention.holder = Some(person);
        mention.actor = Some(government);
    }
}

/// "the US president", "Britain's prime minister", "the French foreign minister": the holder
/// of that office on the article's date.
fn office_phrases(doc: &Document, kb: &KnowledgeBase, mentions: &mut Vec<Mention>) {
    let date = doc.meta.date;
    let mut found = Vec::new();
    for mention in mentions.iter() {
        if mention.kind != MentionKind::Country {
            continue;
        }
        let Some(country) = mention.actor.as_ref().and_then(|a| a.country.clone()) else {
            continue;
        };
        let mut k = token_at(doc, mention.span.end as usize);
        if matches!(word(doc, k), "'s" | "’s") {
            k += 1;
        }
        // The longest office phrase that follows: "foreign minister" before "minister".
        let mut best = None;
        let mut phrase = String::new();
        for n in 0..kb.office_word_max {
            if k + n >= doc.tokens.len() {
                break;
            }
            if n > 0 {
                phrase.push(' ');
            }
            phrase.push_str(word(doc, k + n));
            if let Some(office) = kb.office_word(&phrase) {
                best = Some((k + n + 1, office.offices.clone()));
            }
        }
        let Some((end_token, offices)) = best else {
            continue;
        };
        // "U.S. President Donald Trump": the name that follows is the mention.
        if word(doc, end_token).starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let Some(holder) = offices
            .iter()
            .find_map(|office| kb.holders(&country, office, date).into_iter().next())
        else {
            continue;
        };
        let first = token_at(doc, mention.span.start as usize);
        let start = match first.checked_sub(1) {
            Some(p) if matches!(word(doc, p), "the" | "The") => doc.tokens[p].span.start,
            _ => mention.span.start,
        };
        found.push(Mention {
            span: Span::new(start as usize, doc.tokens[end_token - 1].span.end as usize),
            kind: MentionKind::Person,
            actor: Some(kb.person_actor(holder.person, date)),
            holder: None,
        });
    }
    // A phrase replaces the country mention it starts with.
    if found.is_empty() {
        return;
    }
    let phrases = Taken::of(&found);
    mentions.retain(|m| !(m.kind == MentionKind::Country && phrases.overlaps(m.span)));
    let taken = Taken::of(mentions);
    mentions.extend(found.into_iter().filter(|p| !taken.overlaps(p.span)));
}

/// Proper names the base does not know: mentions with no actor and the name tagger's kind.
fn unknown_names(doc: &Document, mentions: &mut Vec<Mention>) {
    let taken = Taken::of(mentions);
    let mut found = Vec::new();
    for name in &doc.names {
        if taken.overlaps(name.span) {
            continue;
        }
        let kind = match name.kind {
            NameKind::Person => MentionKind::Person,
            NameKind::Organisation => MentionKind::Organisation,
            NameKind::Place => MentionKind::Place,
            NameKind::Other => continue,
        };
        found.push(Mention {
            span: name.span,
            kind,
            actor: None,
            holder: None,
        });
    }
    mentions.extend(found);
}

/// What role resolution rests on, for `kb who` and tests: the holders of an office on a day.
pub fn who(kb: &KnowledgeBase, country: &str, office: &str, date: Date) -> Vec<ActorRef> {
    kb.holders(country, office, date)
        .into_iter()
        .map(|t| kb.person_actor(t.person, date))
        .collect()
}
