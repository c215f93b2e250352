//! Political events: who did what to whom, when and where, as PLOVER types with CAMEO codes.
//!
//! The coder works on the engine's own analysis, with no parser: for each verb group whose
//! verb is in the verb dictionary (`data/events/verbs.txt`), it
//!
//! 1. finds the verb's clause: back to the previous finite verb or clause word ("that",
//!    "which", "if"), forward to the next finite verb;
//! 2. picks the dictionary pattern that matches the most words around the verb, which gives
//!    the CAMEO code (one for the active verb, one for the passive);
//! 3. takes the source from the first actor of the clause before the verb and the target
//!    from the first actor after it (the other way round for a passive, whose source is the
//!    actor after "by", "from" or "in"); actors are the knowledge base's mentions, demonyms
//!    with agent nouns ("Israeli soldiers") and agent nouns alone ("rebels"); a pronoun
//!    subject of a reported clause is the speaker; "X and Y" is a compound actor, expanded
//!    into one event per source and target as CAMEO does;
//! 4. reads the verb group's modality: negated verbs, verbs in questions and in if/unless
//!    clauses are **dropped** (not coded); future and modal verbs ("will meet", "would
//!    blockade", "prepared to lift") are coded as intent (CAMEO 03x, or 13x for conflict),
//!    and a conditional future ("will withdraw unless …") as a threat; "X said Y must …" as a
//!    demand (10x);
//! 5. maps the code to PLOVER with its mode and context, Goldstein score and quad class
//!    (`data/events/cameo.tsv`); codes PLOVER drops (01 statements, 02 appeals) give no event;
//! 6. dates the event by the sentence's time expression, or else the article date, and
//!    places it at the country, capital or place named after "in", "at" or "near".

pub mod codes;
pub mod dictionary;
pub mod foreign;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::document::Document;
use crate::hash::FastBuildHasher;
use crate::kb::{Form, KnowledgeBase};
use crate::layers::{
    ActorRef, DatePrecision, Event, EventDate, MentionKind, Participant, Place, TimexType,
};
use crate::pipeline::{Annotator, Layer};
use crate::resources::{DataFile, ResourceError, Resources, class_words};
use crate::span::Span;
use crate::syntax::chunks::{Tense, VerbGroup, Voice};
use crate::syntax::{Upos, Xpos};

pub use codes::{CameoTable, CodeInfo};
pub use dictionary::{Code, VerbDictionary};
pub use foreign::ActorDictionary;

/// Writes the events layer.
pub struct EventCoder;

impl Annotator for EventCoder {
    fn name(&self) -> &'static str {
        "event-coder"
    }

    fn reads(&self) -> &'static [Layer] {
        &[
            Layer::Tokens,
            Layer::Sentences,
            Layer::Pos,
            Layer::Lemmas,
            Layer::VerbGroups,
            Layer::Reported,
            Layer::Mentions,
            Layer::Timexes,
        ]
    }

    fn writes(&self) -> &'static [Layer] {
        &[Layer::Events]
    }

    fn annotate(&self, doc: &mut Document, resources: &Resources) {
        doc.events = code_events(doc, &resources.events, &resources.kb);
    }
}

pub type WordSet = std::collections::HashSet<String, FastBuildHasher>;

/// The word classes of `data/events/words.tsv`.
#[derive(Debug, Default, Clone)]
pub struct EventWords {
    /// Agent noun (singular or plural, lower case) → sector code (`soldiers` → MIL).
    pub agents: HashMap<String, String, FastBuildHasher>,
    /// Words that, before a `to`-verb, make it an intent ("prepared", "ready", "plans").
    pub intent: WordSet,
    /// Verbs of commitment whose `to`-verb is the act, intended ("agree", "offer", "pledge").
    pub commit: WordSet,
    /// Verbs of threat whose `to`-verb is the act, threatened ("threaten", "warn").
    pub threat: WordSet,
    /// Modals that make a reported clause a demand ("must", "should").
    pub demand: WordSet,
    /// Verbs of reporting that are never the act ("say", "tell"): what they report is coded
    /// on its own verb.
    pub report: WordSet,
    /// Words that open a clause the subject search does not cross ("that", "which", "if").
    pub clause: WordSet,
    /// Words that open a condition ("if", "unless").
    pub condition: WordSet,
    /// Words that open a condition against the act ("unless"): the act is threatened.
    pub threat_condition: WordSet,
    /// Prepositions of place ("in", "at", "near").
    pub place: WordSet,
    /// Subject pronouns and possessives that stand for an actor named earlier.
    pub pronoun: WordSet,
}

impl EventWords {
    fn compile(file: &DataFile) -> Result<EventWords, ResourceError> {
        let mut words = EventWords::default();
        class_words(file, |class, word| {
            let list = match class {
                "intent" => &mut words.intent,
                "commit" => &mut words.commit,
                "threat" => &mut words.threat,
                "demand" => &mut words.demand,
                "clause" => &mut words.clause,
                "report" => &mut words.report,
                "condition" => &mut words.condition,
                "threat-condition" => &mut words.threat_condition,
                "place" => &mut words.place,
                "pronoun" => &mut words.pronoun,
                sector if sector.len() == 3 && sector.chars().all(|c| c.is_ascii_uppercase()) => {
                    words.agents.insert(word.to_string(), sector.to_string());
                    return Ok(());
                }
                other => return Err(format!("unknown class {other:?}")),
            };
            list.insert(word.to_string());
            Ok(())
        })?;
        Ok(words)
    }
}

/// How intent, threats and demands recode an act (`data/events/modality.tsv`): root → code.
#[derive(Debug, Default, Clone)]
pub struct Modality {
    pub intent: HashMap<String, String, FastBuildHasher>,
    pub threat: HashMap<String, String, FastBuildHasher>,
    pub demand: HashMap<String, String, FastBuildHasher>,
}

impl Modality {
    fn compile(file: &DataFile) -> Result<Modality, ResourceError> {
        let mut modality = Modality::default();
        for (no, line) in crate::resources::data_lines(file)? {
            let error = |message: String| ResourceError {
                file: file.path.to_string(),
                line: no,
                message,
            };
            let f: Vec<&str> = line.split('\t').collect();
            let [kind, from, to] = f[..] else {
                return Err(error(format!(
                    "expected `kind<TAB>code<TAB>code`, found {line:?}"
                )));
            };
            let map = match kind {
                "intent" => &mut modality.intent,
                "threat" => &mut modality.threat,
                "demand" => &mut modality.demand,
                other => return Err(error(format!("unknown kind {other:?}"))),
            };
            map.insert(from.to_string(), to.to_string());
        }
        Ok(modality)
    }

    /// The code for an act stated as `map` says: the most specific entry (`1123`, `112`,
    /// `11`) or the act's own code.
    fn recode(map: &HashMap<String, String, FastBuildHasher>, code: &str) -> Option<String> {
        codes::most_specific(map, code).cloned()
    }
}

/// The compiled event knowledge.
#[derive(Debug, Default)]
pub struct EventResources {
    pub verbs: VerbDictionary,
    pub codes: CameoTable,
    pub words: EventWords,
    pub modality: Modality,
    /// An event-data actor dictionary used instead of the knowledge base (TABARI's or
    /// PETRARCH's validation worlds).
    pub actors: Option<ActorDictionary>,
    /// Sentences with one of these phrases are not coded (PETRARCH's discard lists).
    pub discards: Vec<String>,
    /// Code events whose source is not a known actor (an unknown subject noun phrase).
    pub unknown_sources: bool,
    /// Code as other coders' dictionaries mean it (TABARI's and PETRARCH's suites): negated
    /// and hypothetical verbs are not dropped (their patterns read negation), future and
    /// modal acts are not recoded as intents, and statements, appeals and codes outside
    /// CAMEO (the suites' test codes) are events too; a code outside CAMEO has no PLOVER
    /// type, Goldstein score or quad class (empty and 0).
    pub literal: bool,
}

impl EventResources {
    pub fn compile(
        verbs: &[&DataFile],
        codes: &DataFile,
        words: &DataFile,
        modality: &DataFile,
    ) -> Result<EventResources, ResourceError> {
        let mut dict = VerbDictionary::default();
        for file in verbs {
            dict.parse_into(file.text()?)
                .map_err(|(line, message)| ResourceError {
                    file: file.path.to_string(),
                    line,
                    message,
                })?;
        }
        dict.finish();
        let codes = CameoTable::parse(codes.text()?).map_err(|(line, message)| ResourceError {
            file: codes.path.to_string(),
            line,
            message,
        })?;
        Ok(EventResources {
            verbs: dict,
            codes,
            words: EventWords::compile(words)?,
            modality: Modality::compile(modality)?,
            actors: None,
            discards: Vec::new(),
            unknown_sources: true,
            literal: false,
        })
    }
}

/// An actor of a sentence: a knowledge-base mention, a demonym, or an agent noun, with the
/// agent noun that follows it ("Israeli soldiers").
#[derive(Clone, Debug)]
struct Actor {
    first: usize,
    end: usize,
    span: Span,
    actor: Option<ActorRef>,
    country: Option<String>,
    /// After a preposition of place ("in Bosnia").
    located: bool,
    /// After another preposition ("of the ministry").
    in_phrase: bool,
    /// A place mention rather than an actor.
    place: bool,
    /// An agent word of another coder's dictionary with no actor to join (`---GOV`): its
    /// agent code, so an actor right after it can take it ("MSF Arnor").
    lone_agent: Option<String>,
}

impl Actor {
    /// An actor over tokens `first..end`, neither located, in a phrase, a place nor a lone
    /// agent until the caller says so.
    fn new(first: usize, end: usize, span: Span, actor: Option<ActorRef>) -> Actor {
        Actor {
            first,
            end,
            span,
            country: actor.as_ref().and_then(|a| a.country.clone()),
            actor,
            located: false,
            in_phrase: false,
            place: false,
            lone_agent: None,
        }
    }

    fn participant(&self) -> Participant {
        Participant {
            span: self.span,
            actor: self.actor.clone(),
            country: self.country.clone(),
        }
    }

    fn same(&self, other: &Actor) -> bool {
        match (&self.actor, &other.actor) {
            (Some(a), Some(b)) => a.id == b.id && a.code == b.code,
            _ => self.span == other.span,
        }
    }
}

/// Per-sentence views the coder reads.
struct Sentence<'d> {
    doc: &'d Document,
    first: usize,
    end: usize,
    lower: Vec<String>,
    /// Hashes of the tokens and lemmas, for the patterns' quick check.
    vocab: std::collections::HashSet<u64, crate::hash::PrehashedBuildHasher>,
    /// Per synset, whether a member's first word is in the sentence (computed when asked).
    synsets: std::cell::RefCell<Vec<Option<bool>>>,
    actors: Vec<Actor>,
}

impl Sentence<'_> {
    fn lower(&self, k: usize) -> &str {
        &self.lower[k - self.first]
    }

    fn lemma(&self, k: usize) -> &str {
        self.doc.lemma(k)
    }

    fn actor_at(&self, k: usize) -> Option<usize> {
        self.actors.iter().position(|a| a.first <= k && k < a.end)
    }
}

/// Other coders' actor entries may stand for several actors (`THE_SHIRE [FRO/BIL/SAM]`):
/// an event of such an actor is one event per member, as those coders expand it.
fn split_compound_codes(events: Vec<Event>) -> Vec<Event> {
    fn members(p: &Participant) -> Vec<Participant> {
        match p.actor.as_ref().and_then(|a| a.code.as_deref()) {
            Some(code) if code.contains('/') => code
                .split('/')
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let mut one = p.clone();
                    if let Some(a) = &mut one.actor {
                        a.id = c.to_string();
                        a.code = Some(c.to_string());
                        a.country = c.get(..3).map(str::to_string);
                    }
                    one.country = c.get(..3).map(str::to_string);
                    one
                })
                .collect(),
            _ => vec![p.clone()],
        }
    }
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let sources = members(&e.source);
        let targets: Vec<Option<Participant>> = match &e.target {
            Some(t) => members(t).into_iter().map(Some).collect(),
            None => vec![None],
        };
        for source in &sources {
            for target in &targets {
                let mut one = e.clone();
                one.source = source.clone();
                one.target = target.clone();
                out.push(one);
            }
        }
    }
    out
}

/// Codes every sentence of the document.
pub fn code_events(doc: &Document, events: &EventResources, kb: &KnowledgeBase) -> Vec<Event> {
    let out = code_events_unsplit(doc, events, kb);
    if events.actors.is_some() {
        split_compound_codes(out)
    } else {
        out
    }
}

fn code_events_unsplit(doc: &Document, events: &EventResources, kb: &KnowledgeBase) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    if events.verbs.is_empty() || doc.verb_groups.is_empty() {
        return out;
    }
    let mut vg_index = 0;
    for sentence in &doc.sentences {
        let (first, end) = (sentence.first_token as usize, sentence.end_token as usize);
        while vg_index < doc.verb_groups.len()
            && (doc.verb_groups[vg_index].first_token as usize) < first
        {
            vg_index += 1;
        }
        let vg_start = vg_index;
        while vg_index < doc.verb_groups.len()
            && (doc.verb_groups[vg_index].first_token as usize) < end
        {
            vg_index += 1;
        }
        let groups = &doc.verb_groups[vg_start..vg_index];
        // Most sentences have no verb of the dictionary: skip them before any other work.
        if !groups.iter().any(|vg| {
            let head = vg.head as usize;
            let lemma = doc.lemma(head);
            !events.words.report.contains(lemma)
                && crate::syntax::with_lowercase(doc.span_text(doc.tokens[head].span), |w| {
                    verb_candidates(&events.verbs, lemma, w).any(|v| v.productive || events.literal)
                })
        }) {
            continue;
        }
        let text = &doc.text[sentence.span];
        if text.trim_end().ends_with('?') {
            continue;
        }
        if !events.discards.is_empty() {
            let lower = text.to_lowercase();
            if events.discards.iter().any(|d| lower.contains(d.as_str())) {
                continue;
            }
        }
        let lower: Vec<String> = (first..end)
            .map(|k| doc.span_text(doc.tokens[k].span).to_lowercase())
            .collect();
        let vocab = lower
            .iter()
            .map(|w| crate::learn::hash_str(w))
            .chain((first..end).map(|k| crate::learn::hash_str(doc.lemma(k))))
            .collect();
        let mut s = Sentence {
            doc,
            first,
            end,
            lower,
            vocab,
            synsets: std::cell::RefCell::new(vec![None; events.verbs.synsets.len()]),
            actors: Vec::new(),
        };
        s.actors = match &events.actors {
            Some(dict) => dict.actors(&s, doc.meta.date),
            None => kb_actors(&s, kb, &events.words),
        };
        code_sentence(&s, groups, events, &mut out);
    }
    out.sort_by_key(|e| (e.span.start, e.span.end));
    out.dedup_by(|a, b| {
        a.span == b.span
            && a.cameo == b.cameo
            && a.source.span == b.source.span
            && a.target.as_ref().map(|t| t.span) == b.target.as_ref().map(|t| t.span)
    });
    out
}

/// What the coder decided about one verb group.
struct Coded {
    code: String,
    /// The verb's words (with the verb it governs: "threatened to ban").
    span: Span,
    sources: Vec<usize>,
    targets: Vec<usize>,
}

/// The dictionary's reading of one verb group: its code (`None` for `---`), the actors a
/// pattern's slots took, where the verb's words end, and its clause.
struct Choice {
    code: Option<String>,
    pattern_source: Option<usize>,
    pattern_target: Option<usize>,
    after_verb: usize,
    clause: (usize, usize),
}

/// Reads verb group `i` with the dictionary; `None` when its verb is not in it.
fn choose(
    s: &Sentence<'_>,
    groups: &[VerbGroup],
    i: usize,
    events: &EventResources,
) -> Option<Choice> {
    let vg = &groups[i];
    let (f, e) = (vg.first_token as usize, vg.end_token as usize);
    let lemma = s.lemma(vg.head as usize);
    let lower_head = s.lower(vg.head as usize);
    if events.words.report.contains(lemma) {
        return None;
    }
    // The verbs of the dictionary this head may be, with the particles that follow it
    // ("call off"); the longest particles win.
    let mut verbs: Vec<&dictionary::Verb> = verb_candidates(&events.verbs, lemma, lower_head)
        .filter(|v| particles_follow(s, vg.head as usize + 1, &v.particles))
        .collect();
    let most = verbs.iter().map(|v| v.particles.len()).max()?;
    verbs.retain(|v| v.particles.len() == most);
    let passive = vg.voice == Voice::Passive;
    let after_verb = (vg.head as usize + 1 + most).max(e);
    let (clause_start, clause_end) = clause(s, groups, i, &events.words);
    // Every block the verb is in (the converted one, a hand one) offers its patterns.
    let mut best: Option<(usize, &dictionary::Pattern, Option<usize>, Option<usize>)> = None;
    let forms = events.verbs.word_match == dictionary::WordMatch::Forms;
    for v in &verbs {
        let block = &events.verbs.blocks[v.block as usize];
        // Our own dictionary's words are whole forms, so only the patterns whose first word
        // the sentence has can match; other coders' stems need every pattern tried.
        let candidates: Vec<u32> = if forms && !block.patterns.is_empty() {
            block.candidates(&s.vocab)
        } else {
            (0..block.patterns.len() as u32).collect()
        };
        for pattern in candidates.iter().map(|&i| &block.patterns[i as usize]) {
            if best.as_ref().is_some_and(|b| pattern.len() <= b.0) {
                continue;
            }
            if forms
                && (!pattern.required.iter().all(|h| s.vocab.contains(h))
                    || !pattern
                        .synsets
                        .iter()
                        .all(|&i| synset_present(s, &events.verbs, i)))
            {
                continue;
            }
            let window = Window {
                clause_start,
                group_first: f,
                // Other coders' patterns see the auxiliaries before the verb ("didn't *").
                verb_first: if events.literal { vg.head as usize } else { f },
                after_verb,
                clause_end,
            };
            if let Some((src, tgt)) = match_pattern(s, &events.verbs, pattern, &window) {
                best = Some((pattern.len(), pattern, src, tgt));
            }
        }
    }
    // The verb's own code, else its block's; a later entry (the hand file) wins.
    let own = verbs.iter().rev().find_map(|v| {
        v.code
            .as_ref()
            .unwrap_or(&events.verbs.blocks[v.block as usize].code)
            .get(passive)
    });
    let code = match &best {
        // A block shares its patterns among verbs of different force ("appeal", "urge",
        // "demand"): a pattern's statement or appeal code (01, 02) does not weaken a verb
        // whose own code is stronger.
        Some((_, p, _, _)) => match (p.code.get(passive), own) {
            (Some(pc), Some(oc))
                if matches!(codes::root(pc), "01" | "02")
                    && !matches!(codes::root(oc), "01" | "02") =>
            {
                Some(oc)
            }
            (pc, _) => pc,
        },
        None => own,
    };
    let (pattern_source, pattern_target) = best.map_or((None, None), |(_, _, a, b)| (a, b));
    Some(Choice {
        code: code.map(str::to_string),
        pattern_source,
        pattern_target,
        after_verb,
        clause: (clause_start, clause_end),
    })
}

fn code_sentence(
    s: &Sentence<'_>,
    groups: &[VerbGroup],
    events: &EventResources,
    out: &mut Vec<Event>,
) {
    let doc = s.doc;
    let words = &events.words;
    let finite = |vg: &VerbGroup| is_finite(s, vg);
    // A verb group governed by the verb before it ("prepared to lift"): absorbed when that
    // verb was coded, coded in its place (with its subject) when it was not.
    let mut absorbed_until = 0usize;
    let mut governor: Option<(usize, bool)> = None; // (index of the governing group, intent)
    let sentence_start = out.len();
    let mut subordinates: Vec<usize> = Vec::new();
    for (i, vg) in groups.iter().enumerate() {
        let f = vg.first_token as usize;
        if f < absorbed_until {
            continue;
        }
        let governed = !finite(vg)
            && i > 0
            && f <= groups[i - 1].end_token as usize + 2
            && governor.is_some_and(|(g, _)| g == i - 1);
        let subject_vg = if governed {
            governor.map(|(g, _)| &groups[g])
        } else {
            None
        };
        let governed_intent = governed && governor.is_some_and(|(_, intent)| intent);
        governor = None;
        // A participle or infinitive no verb governs ("the occupied West Bank", "efforts to
        // forge") is not an act of the sentence.
        if !finite(vg) && !governed {
            continue;
        }
        let lemma = s.lemma(vg.head as usize);
        let lower_head = s.lower(vg.head as usize);
        let intent_word = words.intent.contains(lemma) || words.intent.contains(lower_head);
        let Some(mut choice) = choose(s, groups, i, events) else {
            governor = Some((i, intent_word || vg.tense == Tense::Future));
            continue;
        };
        // "agreed to allow", "offered to negotiate", "threatened to ban": the act is the
        // governed verb's, intended or threatened, when the dictionary codes it; else the
        // stance verb's own ("agreed to resign" is an intent).
        let stance = stance_of(words, lemma).filter(|_| next_governed(groups, i).is_some());
        let mut act_span = vg.span;
        if stance.is_some()
            && let Some(inner) = choose(s, groups, i + 1, events)
            && inner.code.is_some()
        {
            act_span = vg.span.cover(groups[i + 1].span);
            choice = Choice {
                clause: (choice.clause.0, inner.clause.1),
                ..inner
            };
        }
        let Some(mut code) = choice.code.take() else {
            // `---`: no event, but the verb may govern one ("prepared to lift").
            governor = Some((i, intent_word || vg.tense == Tense::Future));
            continue;
        };
        let subordinate = code.ends_with('?');
        if subordinate {
            code.pop();
        }
        let (clause_start, clause_end) = choice.clause;
        // A coded verb absorbs the `to`-verb it governs ("refused to lift").
        absorbed_until = next_governed(groups, i).unwrap_or(0);
        if !events.literal && (vg.negated || hypothetical(s, vg, clause_start, words)) {
            continue;
        }
        let reported_by = doc
            .reported
            .iter()
            .find(|r| r.span.start <= vg.span.start && vg.span.end <= r.span.end);
        let modal = vg.modal.as_deref().unwrap_or("");
        let future = vg.tense == Tense::Future
            || matches!(modal, "would" | "may" | "might" | "could")
            || governed_intent
            || stance == Some(Stance::Intent)
            || subject_vg.is_some_and(|g| g.tense == Tense::Future);
        let conditional = (future && condition_follows(s, vg.end_token as usize, words))
            || stance == Some(Stance::Threat);
        if events.literal {
            // The dictionary's code as it stands.
        } else if reported_by.is_some() && words.demand.contains(modal) {
            code = Modality::recode(&events.modality.demand, &code).unwrap_or(code);
        } else if conditional {
            code = Modality::recode(&events.modality.threat, &code).unwrap_or(code);
        } else if future {
            code = Modality::recode(&events.modality.intent, &code).unwrap_or(code);
        }
        let unlisted = codes::CodeInfo::default();
        let info = match events.codes.get(&code) {
            Some(info) => info,
            None if events.literal => &unlisted,
            None => continue,
        };
        let plover = match info.plover.as_deref() {
            Some(plover) => plover,
            None if events.literal => "",
            None => continue,
        };
        let subject_end = subject_vg.map_or(f, |g| g.first_token as usize);
        let subject_start = if subject_vg.is_some() {
            clause(s, groups, i - 1, words).0
        } else {
            clause_start
        };
        let subject = subject(s, subject_start, subject_end, reported_by, events);
        let object = object(s, choice.after_verb, clause_end, &subject);
        let mut coded = Coded {
            code,
            span: act_span,
            sources: subject.clone(),
            targets: object,
        };
        if vg.voice == Voice::Passive {
            let agent = passive_agent(s, choice.after_verb, clause_end);
            coded.targets = subject;
            coded.sources = agent.into_iter().collect();
        }
        if let Some(src) = choice.pattern_source {
            coded.sources = group_of(s, src);
        }
        if let Some(tgt) = choice.pattern_target {
            coded.targets = group_of(s, tgt);
        }
        coded.targets.retain(|t| !coded.sources.contains(t));
        let before = out.len();
        emit(s, vg, &coded, info, plover, events, out);
        if subordinate {
            subordinates.extend(before..out.len());
        }
    }
    // A subordinate code's events (TABARI's `[023?]`) stand only when the sentence has no
    // other. Verbs of reporting never code on their own here, so this reaches other verbs.
    if !subordinates.is_empty() && out.len() - sentence_start > subordinates.len() {
        let mut k = 0;
        out.retain(|_| {
            let keep = !subordinates.contains(&k);
            k += 1;
            keep
        });
    }
}

/// A finite verb group, or a lone past participle right after a noun that is more likely a
/// past tense the tagger missed ("police confiscated weapons").
fn is_finite(s: &Sentence<'_>, vg: &VerbGroup) -> bool {
    if vg.tense != Tense::None || vg.modal.is_some() {
        return true;
    }
    let head = vg.head as usize;
    head == vg.first_token as usize
        && s.doc.pos[head].xpos == Xpos::Vbn
        && head > s.first
        && matches!(s.doc.pos[head - 1].upos, Upos::Noun | Upos::Propn)
}

/// The dictionary verbs a head may be: by its lemma, else as written, else by the regular
/// de-inflections of what is written, for the lemmatiser's misses ("shelled" → shell). Only
/// the last allocates, and only for a word ending like an inflection.
fn verb_candidates<'v>(
    dict: &'v VerbDictionary,
    lemma: &str,
    lower: &str,
) -> impl Iterator<Item = &'v dictionary::Verb> + 'v {
    let mut found = dict.verbs_of(lemma);
    if found.is_empty() {
        found = dict.verbs_of(lower);
    }
    if found.is_empty() && lower.ends_with(['d', 'g', 's']) {
        const SUFFIXES: [(&str, &str); 8] = [
            ("ied", "y"),
            ("ies", "y"),
            ("ed", ""),
            ("ed", "e"),
            ("es", ""),
            ("s", ""),
            ("ing", ""),
            ("ing", "e"),
        ];
        'stems: for (suffix, replacement) in SUFFIXES {
            let Some(stem) = lower.strip_suffix(suffix).filter(|stem| stem.len() >= 3) else {
                continue;
            };
            let mut keys = vec![format!("{stem}{replacement}")];
            // "shelled", "shipping": a doubled last consonant.
            let bytes = stem.as_bytes();
            if replacement.is_empty()
                && bytes.len() >= 4
                && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
            {
                keys.push(stem[..stem.len() - 1].to_string());
            }
            for key in keys {
                found = dict.verbs_of(&key);
                if !found.is_empty() {
                    break 'stems;
                }
            }
        }
    }
    // Other coders' verbs are stems ("RESTOR" is restore, restored, restoring): the longest
    // one the word starts with; a whole-word verb (`STAB_`) only with a regular ending.
    let mut ending = "";
    if found.is_empty() && dict.word_match == dictionary::WordMatch::Stems {
        for len in (3..lower.len()).rev() {
            if let Some(stem) = lower.get(..len) {
                found = dict.verbs_of(stem);
                if !found.is_empty() {
                    ending = &lower[len..];
                    break;
                }
            }
        }
    }
    let regular = matches!(ending, "" | "s" | "es" | "d" | "ed" | "en" | "ing");
    found
        .iter()
        .map(move |&v| &dict.verbs[v as usize])
        .filter(move |v| !v.whole || regular)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stance {
    Intent,
    Threat,
}

/// Whether a verb states the act of the verb it governs as an intent ("agree", "offer") or
/// a threat ("threaten", "warn").
fn stance_of(words: &EventWords, lemma: &str) -> Option<Stance> {
    if words.commit.contains(lemma) {
        Some(Stance::Intent)
    } else if words.threat.contains(lemma) {
        Some(Stance::Threat)
    } else {
        None
    }
}

/// Whether `particles` follow token `k` (one word may come between: "call it off").
fn particles_follow(s: &Sentence<'_>, k: usize, particles: &[Box<str>]) -> bool {
    let mut at = k;
    for (n, p) in particles.iter().enumerate() {
        let slack = if n == 0 { 2 } else { 1 };
        match (at..(at + slack).min(s.end)).find(|&j| s.lower(j) == p.as_ref()) {
            Some(j) => at = j + 1,
            None => return false,
        }
    }
    true
}

/// Where the verb group right after group `i` ends, if group `i` governs it ("agreed to
/// lift").
fn next_governed(groups: &[VerbGroup], i: usize) -> Option<usize> {
    let next = groups.get(i + 1)?;
    (next.tense == Tense::None
        && next.modal.is_none()
        && next.first_token <= groups[i].end_token + 2)
        .then_some(next.end_token as usize)
}

/// The clause of group `i`: back to the previous finite verb or clause word, forward to the
/// next finite verb, a semicolon, or a trailing attribution (", officials said").
fn clause(s: &Sentence<'_>, groups: &[VerbGroup], i: usize, words: &EventWords) -> (usize, usize) {
    let vg = &groups[i];
    let finite = |g: &VerbGroup| is_finite(s, g);
    let mut start = s.first;
    for g in groups[..i].iter().rev() {
        if finite(g) {
            start = g.end_token as usize;
            break;
        }
    }
    for k in (start..vg.first_token as usize).rev() {
        let w = s.lower(k);
        if w == ";" || words.clause.contains(w) {
            start = k + 1;
            break;
        }
    }
    let mut end = s.end;
    for g in &groups[i + 1..] {
        if finite(g) {
            end = g.first_token as usize;
            // ", a port official said": stop at the comma before the attribution.
            if g.speech
                && let Some(comma) = (vg.end_token as usize..end)
                    .rev()
                    .find(|&k| s.lower(k) == ",")
            {
                end = comma;
            }
            break;
        }
    }
    for k in vg.end_token as usize..end {
        let w = s.lower(k);
        if w == ";" || words.clause.contains(w) {
            end = k;
            break;
        }
    }
    (start, end)
}

/// Inside an if/unless clause: not an act.
fn hypothetical(s: &Sentence<'_>, vg: &VerbGroup, clause_start: usize, words: &EventWords) -> bool {
    // The clause word itself ("if") sits right before the clause.
    let from = clause_start.saturating_sub(1).max(s.first);
    (from..vg.first_token as usize).any(|k| words.condition.contains(s.lower(k)))
}

/// Whether a clause of condition against the act follows the verb ("unless"): "will
/// withdraw unless" threatens; "would meet if" still offers.
fn condition_follows(s: &Sentence<'_>, from: usize, words: &EventWords) -> bool {
    (from..s.end).any(|k| words.threat_condition.contains(s.lower(k)))
}

/// The actor group at actor `a`: it and the actors joined to it by "and" or commas.
fn group_of(s: &Sentence<'_>, a: usize) -> Vec<usize> {
    let joined = |left: usize, right: usize| {
        let between: Vec<&str> = (s.actors[left].end..s.actors[right].first)
            .map(|k| s.lower(k))
            .collect();
        matches!(between.as_slice(), ["and"] | [","] | [",", "and"] | ["&"])
            && s.actors[left].place == s.actors[right].place
    };
    // The whole group around `a`: a pattern's slot may name its last member ("Gondor and
    // Osgiliath have…" with `% HAVE *`).
    let mut first = a;
    while first > 0 && joined(first - 1, first) {
        first -= 1;
    }
    let mut last = a;
    while last + 1 < s.actors.len() && joined(last, last + 1) {
        last += 1;
    }
    (first..=last).collect()
}

/// The source: the first actor group of the clause before the verb that is not inside a
/// phrase, else the first; a pronoun subject of a reported clause is the speaker.
fn subject(
    s: &Sentence<'_>,
    start: usize,
    end: usize,
    reported_by: Option<&crate::syntax::chunks::Reported>,
    events: &EventResources,
) -> Vec<usize> {
    let inside: Vec<usize> = (0..s.actors.len())
        .filter(|&a| s.actors[a].first >= start && s.actors[a].end <= end && !s.actors[a].place)
        .collect();
    let pick = inside
        .iter()
        .copied()
        .find(|&a| !s.actors[a].in_phrase && !s.actors[a].located)
        .or_else(|| inside.first().copied());
    if let Some(a) = pick {
        return group_of(s, a);
    }
    // A pronoun right before the verb stands for the speaker of the reported clause, or the
    // last actor before the clause.
    let pronoun = (start..end).rev().take(3).any(|k| {
        let w = s.lower(k);
        events.words.pronoun.contains(w)
    });
    if pronoun {
        let before = match reported_by {
            Some(r) => s.doc.token_at(r.cue.start as usize).unwrap_or(start),
            None => start,
        };
        if let Some(a) = (0..s.actors.len())
            .filter(|&a| s.actors[a].end <= before && !s.actors[a].place)
            .find(|&a| !s.actors[a].in_phrase && !s.actors[a].located)
        {
            return group_of(s, a);
        }
    }
    Vec::new()
}

/// The target: the first actor group after the verb that is not a place ("in Bosnia"), else
/// the first place.
fn object(s: &Sentence<'_>, start: usize, end: usize, subject: &[usize]) -> Vec<usize> {
    let inside: Vec<usize> = (0..s.actors.len())
        .filter(|&a| s.actors[a].first >= start && s.actors[a].end <= end)
        .filter(|&a| !subject.iter().any(|&b| s.actors[b].same(&s.actors[a])))
        .filter(|&a| s.actors[a].actor.is_some())
        .collect();
    // A lone agent ("diplomatic" read as DIPLOMAT) yields to an actor of a known country.
    let pick = inside
        .iter()
        .copied()
        .find(|&a| !s.actors[a].located && !s.actors[a].place && s.actors[a].lone_agent.is_none())
        .or_else(|| {
            inside
                .iter()
                .copied()
                .find(|&a| !s.actors[a].located && !s.actors[a].place)
        })
        .or_else(|| inside.first().copied());
    pick.map(|a| group_of(s, a)).unwrap_or_default()
}

/// The source of a passive verb: the actor after "by", else after "from" or "in".
fn passive_agent(s: &Sentence<'_>, start: usize, end: usize) -> Option<usize> {
    let after = |prepositions: &[&str]| {
        (0..s.actors.len()).find(|&a| {
            let actor = &s.actors[a];
            actor.first > start
                && actor.end <= end
                && (actor.first.saturating_sub(2)..actor.first)
                    .any(|k| k >= s.first && prepositions.contains(&s.lower(k)))
        })
    };
    after(&["by"]).or_else(|| after(&["from", "in"]))
}

/// Whether some member of synset `i` has its first word in the sentence.
fn synset_present(s: &Sentence<'_>, dict: &VerbDictionary, i: u32) -> bool {
    let mut cache = s.synsets.borrow_mut();
    *cache[i as usize].get_or_insert_with(|| {
        dict.synsets[i as usize].iter().any(|member| {
            member
                .first()
                .is_some_and(|w| s.vocab.contains(&crate::learn::hash_str(w)))
        })
    })
}

/// Matches a pattern around the verb: the items before it backwards from the verb inside the
/// clause, those after it forwards. Returns the actors the `$` and `+` slots took.
/// Where a pattern may match, in token indices: its clause, the verb group's first token,
/// the token before which the pattern's before-items end, and the first after the verb.
#[derive(Clone, Copy)]
struct Window {
    clause_start: usize,
    group_first: usize,
    verb_first: usize,
    after_verb: usize,
    clause_end: usize,
}

fn match_pattern(
    s: &Sentence<'_>,
    dict: &VerbDictionary,
    pattern: &dictionary::Pattern,
    w: &Window,
) -> Option<(Option<usize>, Option<usize>)> {
    let Window {
        clause_start,
        group_first,
        verb_first,
        after_verb,
        clause_end,
    } = *w;
    // Patterns name the heads of the phrases next to the verb: each item lies within a few
    // words of the verb or of the item before it, or a lone "to" would match anywhere.
    const REACH: usize = 5;
    let (mut source, mut target) = (None, None);
    let mut at = after_verb;
    for item in &pattern.after {
        let (k, len) = (at..clause_end.min(at + REACH))
            .find_map(|k| item_at(s, dict, item, k).map(|n| (k, n)))?;
        slot(s, item, k, &mut source, &mut target);
        at = k + len;
    }
    let mut at = verb_first;
    // The nearest item may lie within the verb group (its auxiliaries), or within the reach
    // before the group.
    let mut anchor = group_first.min(verb_first);
    for item in pattern.before.iter().rev() {
        let from = clause_start.max(anchor.saturating_sub(REACH));
        let (k, _) = (from..at)
            .rev()
            .find_map(|k| item_at(s, dict, item, k).map(|n| (k, n)))
            .filter(|&(k, n)| k + n <= at)?;
        slot(s, item, k, &mut source, &mut target);
        at = k;
        anchor = k;
    }
    Some((source, target))
}

fn slot(
    s: &Sentence<'_>,
    item: &dictionary::Item,
    k: usize,
    source: &mut Option<usize>,
    target: &mut Option<usize>,
) {
    use dictionary::Item;
    match item {
        Item::Source => *source = s.actor_at(k),
        Item::Target => *target = s.actor_at(k),
        Item::Compound => {
            *source = s.actor_at(k);
            *target = s.actor_at(k);
        }
        _ => {}
    }
}

/// Whether `item` matches at token `k`, and over how many tokens.
fn item_at(
    s: &Sentence<'_>,
    dict: &VerbDictionary,
    item: &dictionary::Item,
    k: usize,
) -> Option<usize> {
    use dictionary::Item;
    match item {
        Item::Words { words, exact } => words_at(s, dict, words, *exact, k),
        Item::Synset(i) => dict.synsets[*i as usize]
            .iter()
            .find_map(|member| words_at(s, dict, member, false, k)),
        Item::Source | Item::Target | Item::Compound | Item::AnyActor => {
            let a = s.actor_at(k)?;
            (s.actors[a].first == k && !s.actors[a].place).then(|| s.actors[a].end - k)
        }
    }
}

fn words_at(
    s: &Sentence<'_>,
    dict: &VerbDictionary,
    words: &[Box<str>],
    exact: bool,
    k: usize,
) -> Option<usize> {
    if k + words.len() > s.end {
        return None;
    }
    for (n, w) in words.iter().enumerate() {
        let j = k + n;
        let last = n + 1 == words.len();
        if !dict.word_matches(w, exact && last, s.lower(j), s.lemma(j)) {
            return None;
        }
    }
    Some(words.len())
}

fn emit(
    s: &Sentence<'_>,
    vg: &VerbGroup,
    coded: &Coded,
    info: &CodeInfo,
    plover: &str,
    events: &EventResources,
    out: &mut Vec<Event>,
) {
    let date = event_date(s);
    let place = place(s);
    let sources = &coded.sources;
    let mut targets = coded.targets.clone();
    // A compound source with no target acts on itself ("Bosnia and Slovenia agreed"): each
    // member towards each other, as CAMEO expands it.
    if targets.is_empty() && sources.len() > 1 {
        targets = sources.clone();
    }
    let mut participants: Vec<(Option<usize>, Participant)> = sources
        .iter()
        .map(|&a| (Some(a), s.actors[a].participant()))
        .collect();
    if participants.is_empty() {
        // A subject the knowledge base does not know ("Doctors", "The rebel leader"); before
        // a passive verb that phrase is the one acted upon, and the source stays unknown.
        if !events.unknown_sources || events.actors.is_some() || vg.voice == Voice::Passive {
            return;
        }
        let Some(start) = subject_phrase(s, vg) else {
            return;
        };
        let span = Span::new(
            s.doc.tokens[start].span.start as usize,
            s.doc.tokens[vg.first_token as usize - 1].span.end as usize,
        );
        participants.push((
            None,
            Participant {
                span,
                actor: None,
                country: None,
            },
        ));
    }
    for (src, source) in &participants {
        let mut any = false;
        for &tgt in &targets {
            if Some(tgt) == *src {
                continue;
            }
            any = true;
            out.push(event(
                coded,
                info,
                plover,
                source,
                s.actors.get(tgt),
                &date,
                &place,
            ));
        }
        if !any {
            out.push(event(coded, info, plover, source, None, &date, &place));
        }
    }
}

fn event(
    coded: &Coded,
    info: &CodeInfo,
    plover: &str,
    source: &Participant,
    target: Option<&Actor>,
    date: &EventDate,
    place: &Option<Place>,
) -> Event {
    Event {
        span: coded.span,
        event_type: plover.to_string(),
        mode: info.mode.as_deref().map(str::to_string),
        context: info.context.as_deref().map(str::to_string),
        cameo: coded.code.clone(),
        goldstein: info.goldstein,
        quad_class: info.quad_class,
        source: source.clone(),
        target: located_target(plover, target.map(Actor::participant), place),
        date: date.clone(),
        place: place.clone(),
    }
}

/// The target of an attack or of coercion whose victims have no country of their own
/// ("killed 23 people … in Tel Aviv", "shelled … Juba"): the country of the place where it
/// happened, as CAMEO codes the victims of an attack by where they are.
fn located_target(
    plover: &str,
    target: Option<Participant>,
    place: &Option<Place>,
) -> Option<Participant> {
    if !matches!(plover, "ASSAULT" | "COERCE")
        || target.as_ref().is_some_and(|t| t.country.is_some())
    {
        return target;
    }
    let Some(place) = place else { return target };
    let Some(country) = place.actor.as_ref().and_then(|a| a.country.clone()) else {
        return target;
    };
    Some(match target {
        Some(mut t) => {
            t.country = Some(country);
            t
        }
        None => Participant {
            span: place.span,
            actor: place.actor.clone(),
            country: Some(country),
        },
    })
}

/// The first token of a noun phrase right before the verb group whose head is a noun or a
/// proper noun ("Doctors", "The rebel leader"), for a source the knowledge base does not know.
fn subject_phrase(s: &Sentence<'_>, vg: &VerbGroup) -> Option<usize> {
    let f = vg.first_token as usize;
    let head = f.checked_sub(1).filter(|&k| k >= s.first)?;
    let tag = s.doc.pos.get(head)?;
    if !matches!(tag.upos, Upos::Noun | Upos::Propn) {
        return None;
    }
    let mut start = head;
    while start > s.first {
        let t = s.doc.pos[start - 1];
        if matches!(
            t.upos,
            Upos::Noun | Upos::Propn | Upos::Adj | Upos::Det | Upos::Num
        ) || t.xpos == Xpos::Pos
        {
            start -= 1;
        } else {
            break;
        }
    }
    Some(start)
}

fn event_date(s: &Sentence<'_>) -> EventDate {
    let doc = s.doc;
    let (from, to) = (
        doc.tokens[s.first].span.start,
        doc.tokens[s.end - 1].span.end,
    );
    let timex = doc.timexes.iter().find(|t| {
        t.span.start >= from
            && t.span.end <= to
            && t.timex_type == TimexType::Date
            && t.interval.is_some()
            && t.value.starts_with(|c: char| c.is_ascii_digit())
    });
    match timex {
        Some(t) => EventDate {
            value: t.value.clone(),
            precision: precision(&t.value),
        },
        None => EventDate {
            value: doc.meta.date.to_string(),
            precision: DatePrecision::Day,
        },
    }
}

fn precision(value: &str) -> DatePrecision {
    match value.len() {
        10.. => DatePrecision::Day,
        _ if value.contains('W') => DatePrecision::Week,
        _ if value.contains('Q') => DatePrecision::Quarter,
        7 => DatePrecision::Month,
        _ => DatePrecision::Year,
    }
}

/// The first place named after a preposition of place.
fn place(s: &Sentence<'_>) -> Option<Place> {
    s.actors
        .iter()
        .find(|a| a.located && (a.place || a.actor.as_ref().is_some_and(|r| r.sector.is_none())))
        .map(|a| Place {
            span: a.span,
            actor: a.actor.clone(),
        })
}

/// The sentence's actors from the knowledge base's mentions, demonyms before agent nouns,
/// and agent nouns alone.
fn kb_actors(s: &Sentence<'_>, kb: &KnowledgeBase, words: &EventWords) -> Vec<Actor> {
    let doc = s.doc;
    let (from, to) = (
        doc.tokens[s.first].span.start as usize,
        doc.tokens[s.end - 1].span.end as usize,
    );
    let token_of = |at: usize| doc.token_at(at).unwrap_or(s.end);
    let mut actors: Vec<Actor> = Vec::new();
    let first_mention = doc
        .mentions
        .partition_point(|m| (m.span.start as usize) < from);
    for m in doc.mentions[first_mention..]
        .iter()
        .take_while(|m| (m.span.end as usize) <= to)
    {
        if actors.last().is_some_and(|a| a.span.end > m.span.start) {
            continue; // a mention inside another ("the Obama administration")
        }
        let first = token_of(m.span.start as usize);
        let end = token_of(m.span.end as usize - 1) + 1;
        actors.push(Actor {
            place: m.kind == MentionKind::Place,
            ..Actor::new(first, end, m.span, m.actor.clone())
        });
    }
    // Demonyms the linker leaves alone ("Israeli soldiers", "Palestinian detainees").
    for (start, end, targets) in kb.find_names(&doc.text[from..to]) {
        let (start, end) = (from + start, from + end);
        let Some(t) = targets.iter().find(|t| t.form == Form::Demonym) else {
            continue;
        };
        if actors
            .iter()
            .any(|a| (a.span.start as usize) < end && start < a.span.end as usize)
        {
            continue;
        }
        let first = token_of(start);
        let last = token_of(end - 1) + 1;
        let actor = kb.country_actor(t.index);
        actors.push(Actor::new(first, last, Span::new(start, end), Some(actor)));
    }
    // "Palestinians", "Algerians": a demonym's plural is its people.
    for k in s.first..s.end {
        let word = doc.span_text(doc.tokens[k].span);
        if word.len() < 5
            || !word.ends_with('s')
            || !word.starts_with(|c: char| c.is_uppercase())
            || actors.iter().any(|a| a.first <= k && k < a.end)
        {
            continue;
        }
        let stem = &word[..word.len() - 1];
        if let Some((0, end, targets)) = kb.find_names(stem).first().copied()
            && end == stem.len()
            && let Some(t) = targets.iter().find(|t| t.form == Form::Demonym)
        {
            let actor = kb.country_actor(t.index);
            actors.push(Actor::new(k, k + 1, doc.tokens[k].span, Some(actor)));
        }
    }
    actors.sort_by_key(|a| a.first);
    // Agent nouns: extend an actor over the agent noun after it ("Israeli army
    // bulldozers", "Sudan's government"), or stand alone ("rebels", "the president of X").
    let mut k = s.first;
    let mut out: Vec<Actor> = Vec::new();
    let mut next_actor = 0;
    while k < s.end {
        // Actors an extension ran over are dropped.
        while next_actor < actors.len() && actors[next_actor].first < k {
            next_actor += 1;
        }
        if next_actor < actors.len() && actors[next_actor].first == k {
            let mut actor = actors[next_actor].clone();
            next_actor += 1;
            let mut j = actor.end;
            if j < s.end && s.doc.pos[j].xpos == Xpos::Pos {
                j += 1;
            }
            // Up to two modifiers and the agent noun.
            for n in j..(j + 3).min(s.end) {
                if next_actor < actors.len() && actors[next_actor].first <= n {
                    break;
                }
                if let Some(sector) = words.agents.get(s.lower(n)) {
                    extend(&mut actor, doc, n + 1, sector);
                    break;
                }
                if !matches!(s.doc.pos[n].upos, Upos::Adj | Upos::Noun | Upos::Propn) {
                    break;
                }
            }
            k = actor.end;
            out.push(actor);
            continue;
        }
        if let Some(sector) = words.agents.get(s.lower(k)) {
            // "the president of Armenia": the agent takes the country after "of".
            let of_country = (k + 1 < s.end && matches!(s.lower(k + 1), "of" | "from"))
                .then(|| {
                    actors
                        .get(next_actor)
                        .filter(|a| a.first > k && a.first <= k + 4 && a.actor.is_some())
                })
                .flatten();
            if let Some(country) = of_country {
                let mut actor = country.clone();
                actor.first = k;
                actor.span = Span::new(doc.tokens[k].span.start as usize, actor.span.end as usize);
                set_sector(&mut actor, sector);
                next_actor += 1;
                k = actor.end;
                out.push(actor);
                continue;
            }
            let actor = Actor::new(k, k + 1, doc.tokens[k].span, None);
            // Alone, an agent noun is an actor only as a subject or object head.
            if s.doc.pos[k].upos == Upos::Noun {
                out.push(Actor {
                    actor: Some(ActorRef {
                        id: format!("---{sector}"),
                        name: s.lower(k).to_string(),
                        country: None,
                        sector: Some(sector.clone()),
                        role: None,
                        code: Some(format!("---{sector}")),
                    }),
                    ..actor
                });
            }
        }
        k += 1;
    }
    for a in &mut out {
        let before = |n: usize| {
            a.first
                .checked_sub(n)
                .filter(|&k| k >= s.first)
                .map(|k| s.lower(k).to_string())
        };
        let prep = before(1)
            .filter(|w| w != "the" && w != "a" && w != "an")
            .or_else(|| before(2));
        if let Some(p) = prep {
            a.located = words.place.contains(&p);
            a.in_phrase = !a.located
                && (s.doc.pos[a.first - 1].upos == Upos::Adp
                    || matches!(
                        p.as_str(),
                        "of" | "from" | "for" | "with" | "to" | "against"
                    ));
        }
    }
    out
}

/// Extends an actor over its agent noun, ending at token `end`.
fn extend(actor: &mut Actor, doc: &Document, end: usize, sector: &str) {
    actor.end = end;
    actor.span = Span::new(
        actor.span.start as usize,
        doc.tokens[end - 1].span.end as usize,
    );
    set_sector(actor, sector);
}

fn set_sector(actor: &mut Actor, sector: &str) {
    if let Some(a) = &mut actor.actor {
        // A government's own sector stays ("Sudan's government" is GOV either way); a
        // country or an unknown actor takes the agent's.
        if a.sector.is_none() {
            let country_code = a.code.clone().unwrap_or_default();
            a.sector = Some(sector.to_string());
            a.code = Some(format!("{country_code}{sector}"));
            a.id = format!("{}-{sector}", a.id);
            a.name = format!("{} ({sector})", a.name);
        }
    }
}
