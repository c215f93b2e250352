//! Office flags: a person spoken of as the holder of an office on a day they did not hold it.
//!
//! A *reference* is a title before a linked person ("President Obama", "U.S. Secretary of
//! State Mike Pompeo") or a government named by its leader ("the Obama administration",
//! "Merkel's government"). Most references to someone out of office are correct backward
//! references, so a reference counts as a claim about the present only on evidence
//! ([`decide`]), and is set aside on any of:
//!
//! - a modifier before it: "former", "then-", "the late", "ex-", "a" ("a President Trump
//!   would…"), "future", "deputy";
//! - a preposition of time or agency before it: "under", "during", "since", "appointed by";
//! - a time expression of the sentence or its paragraph inside the person's term ("in 2015
//!   the Obama administration…");
//! - a past-perfect or hypothetical verb, or a quotation (the speaker's words);
//! - the weeks before a term begins (the president-elect's "Biden administration");
//! - the person named more than once in the article, or called "former" anywhere in it: a
//!   figure of the article's background.
//!
//! The evidence for the present: a verb of the present or future it is the subject of
//! ("President Obama says"); a time expression on the article's own days ("President Obama
//! said on Tuesday"); or a sentence dated outside every term of the person ("President Obama
//! raised $46 million in the fourth quarter of 2019"), which is then checked against that day.
//! What passes and names someone who did not hold the office that day is an
//! `office.anachronism`: an error when the article names the real holder too, a warning
//! otherwise. Only offices whose holders the base knows on that day are judged.

use std::collections::HashMap;

use jiff::civil::Date;
use serde_json::json;

use super::{FlagWords, WordClass};
use crate::document::Document;
use crate::hash::FastBuildHasher;
use crate::kb::link::calendar_word;
use crate::kb::{KnowledgeBase, Term};
use crate::layers::{DateInterval, Flag, MentionKind, QuoteKind, Severity, TimexType};
use crate::resources::Resources;
use crate::span::Span;
use crate::syntax::Upos;
use crate::syntax::chunks::{Aspect, Tense, VerbGroup};

/// How a reference names the office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// "President Obama".
    Title,
    /// "the Obama administration".
    Government,
}

/// A person named as the holder of an office.
struct Reference {
    /// The whole reference: "U.S. President Barack Obama", "the Obama administration".
    span: Span,
    first_token: usize,
    end_token: usize,
    person: u32,
    person_id: String,
    /// How many mentions name the person, and whether one says "former" ([`person_mentions`]).
    named: (usize, bool),
    offices: Vec<String>,
    /// The country the text ties the office to ("U.S. President"), or the government's.
    country: Option<String>,
    /// The person's country in the base (of the office they hold or held).
    person_country: Option<String>,
    form: Form,
    /// A modifier inside the title token ("then-President").
    prefix: Option<String>,
}

fn word(doc: &Document, k: usize) -> &str {
    doc.tokens.get(k).map_or("", |t| &doc.text[t.span])
}

fn token_at(doc: &Document, at: usize) -> usize {
    doc.token_at(at).unwrap_or(doc.tokens.len())
}

/// Whether `span` ends right before token `k`, one space or nothing between (not across a
/// line break: a headline's last word is not the body's first title).
fn adjacent(doc: &Document, span: Span, k: usize) -> bool {
    doc.tokens.get(k).is_some_and(|t| {
        t.span.start >= span.end
            && matches!(
                &doc.text[span.end as usize..t.span.start as usize],
                "" | " "
            )
    })
}

/// The title that ends right before token `k`, longest first: (first token, offices, a
/// modifier written into the title token such as "then-").
fn title_before(
    doc: &Document,
    kb: &KnowledgeBase,
    k: usize,
) -> Option<(usize, Vec<String>, Option<String>)> {
    // A title ends in a capitalised word ("President", "Prime Minister", "Secretary of
    // State"): most names have none, and this spares them the phrase lookups.
    if !k.checked_sub(1).is_some_and(|p| {
        let w = word(doc, p);
        w.starts_with(|c: char| c.is_uppercase())
            && (kb.ends_office_word(w)
                || w.split_once('-')
                    .is_some_and(|(_, rest)| kb.ends_office_word(rest)))
    }) {
        return None;
    }
    for n in (1..=kb.office_word_max.min(k)).rev() {
        let first = k - n;
        let mut phrase = (first..k)
            .map(|i| word(doc, i).to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let mut prefix = None;
        if kb.office_word(&phrase).is_none()
            && let Some((before, rest)) = phrase.split_once('-')
            && kb.office_word(rest).is_some()
        {
            prefix = Some(before.to_string());
            phrase = rest.to_string();
        }
        if let Some(office) = kb.office_word(&phrase) {
            // A title is capitalised ("President Obama"); "the president Obama" is rare and
            // "vice president" in lower case is mostly a description.
            let title_word = word(doc, first);
            let title_word = title_word
                .split_once('-')
                .filter(|_| prefix.is_some())
                .map_or(title_word, |(_, rest)| rest);
            if !title_word.starts_with(|c: char| c.is_uppercase()) {
                return None;
            }
            return Some((first, office.offices.clone(), prefix));
        }
    }
    None
}

/// The references of the article, in text order.
fn references(doc: &Document, kb: &KnowledgeBase) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    for (i, mention) in doc.mentions.iter().enumerate() {
        match mention.kind {
            MentionKind::Person => {
                let Some(person) = mention.actor.as_ref().and_then(|a| kb.person_by_id(&a.id))
                else {
                    continue;
                };
                let k = token_at(doc, mention.span.start as usize);
                let Some((title, offices, prefix)) = title_before(doc, kb, k) else {
                    continue;
                };
                // "College President Jonathan Lash announced": the name goes on by one word,
                // so it is someone else's. (Not a weekday, "President Bush Friday", nor the
                // run of names a web page's link list leaves, "President Obama Donald John
                // Trump".)
                let after = token_at(doc, mention.span.end as usize);
                let capital = |k: usize| {
                    doc.pos.get(k).is_some_and(|t| t.upos == Upos::Propn)
                        && word(doc, k).starts_with(|c: char| c.is_uppercase())
                };
                let initial = |k: usize| {
                    let w = word(doc, k);
                    w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_uppercase())
                };
                if capital(after)
                    && (!capital(after + 1) || initial(after))
                    && doc.tokens[after].span.start == mention.span.end + 1
                    && !calendar_word(word(doc, after))
                {
                    continue;
                }
                // "European Council President Donald Tusk", "UNC Charlotte Chancellor": the
                // title of a body's office, not a state's.
                if let Some(before) = i.checked_sub(1).map(|j| &doc.mentions[j])
                    && matches!(
                        before.kind,
                        MentionKind::Organisation | MentionKind::Government
                    )
                    // A party is no office's body: "Democratic President Barack Obama".
                    && before
                        .actor
                        .as_ref()
                        .is_none_or(|a| a.sector.as_deref() != Some("PTY"))
                    && adjacent(doc, before.span, title)
                {
                    continue;
                }
                let mut first = title;
                let mut country = None;
                // "U.S. President", "Britain's Prime Minister": the country before the title.
                let mut c = title;
                if c > 0 && matches!(word(doc, c - 1), "'s" | "’s") {
                    c -= 1;
                }
                if let Some(before) = i.checked_sub(1).map(|j| &doc.mentions[j])
                    && before.kind == MentionKind::Country
                    && adjacent(doc, before.span, c)
                {
                    country = before.actor.as_ref().and_then(|a| a.country.clone());
                    first = token_at(doc, before.span.start as usize);
                }
                found.push(Reference {
                    span: Span::new(
                        doc.tokens[first].span.start as usize,
                        mention.span.end as usize,
                    ),
                    first_token: first,
                    end_token: token_at(doc, mention.span.end as usize - 1) + 1,
                    person,
                    person_id: kb.people[person as usize].id.clone(),
                    named: (0, false),
                    offices,
                    country,
                    person_country: mention.actor.as_ref().and_then(|a| a.country.clone()),
                    form: Form::Title,
                    prefix,
                });
            }
            MentionKind::Government => {
                let Some(holder) = mention.holder.as_ref() else {
                    continue;
                };
                let Some(person) = kb.person_by_id(&holder.id) else {
                    continue;
                };
                let first = token_at(doc, mention.span.start as usize);
                let end = token_at(doc, mention.span.end as usize - 1) + 1;
                found.push(Reference {
                    span: mention.span,
                    first_token: first,
                    end_token: end,
                    person,
                    person_id: holder.id.clone(),
                    named: (0, false),
                    offices: vec![
                        "head-of-state".to_string(),
                        "head-of-government".to_string(),
                    ],
                    country: mention.actor.as_ref().and_then(|a| a.country.clone()),
                    person_country: holder.country.clone(),
                    form: Form::Government,
                    prefix: None,
                });
            }
            _ => {}
        }
    }
    found.sort_by_key(|r| (r.span.start, r.span.end));
    found.dedup_by_key(|r| (r.span.start, r.span.end));
    // Counted only for an article with references: most have none.
    if !found.is_empty() {
        let named = person_mentions(doc);
        for reference in &mut found {
            reference.named = named
                .get(reference.person_id.as_str())
                .copied()
                .unwrap_or((0, false));
        }
    }
    found
}

/// The terms of the office the reference names, of the person. "President" is a head of
/// state's title in most countries and a head of government's in some (Iran's president under
/// its Supreme Leader): a head-of-state title accepts either term.
fn terms<'k>(kb: &'k KnowledgeBase, reference: &Reference) -> Vec<&'k Term> {
    let head_of_state = reference.offices.iter().any(|o| o == "head-of-state");
    kb.terms_of(reference.person)
        .filter(|t| {
            reference.offices.contains(&t.office)
                || (head_of_state && t.office == "head-of-government")
        })
        .filter(|t| reference.country.as_ref().is_none_or(|c| &t.country == c))
        .collect()
}

/// The sentence holding token `k`.
fn sentence_of(doc: &Document, k: usize) -> (usize, usize) {
    let at = doc
        .sentences
        .partition_point(|s| (s.end_token as usize) <= k);
    doc.sentences.get(at).map_or((0, doc.tokens.len()), |s| {
        (s.first_token as usize, s.end_token as usize)
    })
}

/// What a reference claims about time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// The person holds the office now, or on the day a time expression of the sentence
    /// names (its span and interval).
    Present(Option<(Span, DateInterval)>),
    /// Not a claim about the present, and why.
    NotPresent(&'static str),
}

/// Whether a word is a modifier that takes a reference out of the present (the `not-now`
/// words of `data/flags/words.tsv`, and the hyphenated "then-", "ex-", "-elect").
fn not_now(words: &FlagWords, w: &str) -> bool {
    words.is(w, WordClass::NotNow)
        || w.starts_with("ex-")
        || w.starts_with("then-")
        || w.starts_with("former")
        || w.ends_with("-elect")
}

/// What the words around a reference say about its time.
#[derive(Clone, Debug, Default)]
struct Clues {
    /// A reason that settles it: not the present.
    settled: Option<&'static str>,
    /// The preposition that frames it: "under", "by", "of"…
    frame: Option<String>,
    /// A time expression of the sentence is on the article's own days.
    now: bool,
    /// A dated day of the sentence outside every term.
    dated: Option<(Span, DateInterval)>,
    /// The verb it is the subject of: tense, aspect, hypothetical.
    subject: Option<(Tense, Aspect, bool)>,
    /// The lemma of that verb's head, and whether it is a verb of saying.
    subject_lemma: Option<(String, bool)>,
    /// The last finite verb before it, when it is no subject.
    object: Option<(Tense, Aspect, bool)>,
    possessive: bool,
    /// The office is a head of state's or government's.
    head: bool,
    /// Inside a direct or partial quotation: the speaker's words.
    quoted: bool,
    /// A time expression of the paragraph, outside the sentence, is on the article's days.
    paragraph_now: bool,
    /// A time expression of the paragraph, outside the sentence, falls in the person's term.
    paragraph_past: bool,
    /// The only mention of the person in the article, and none elsewhere says "former".
    alone: bool,
}

impl Clues {
    fn summary(&self) -> String {
        format!(
            "settled={:?} frame={:?} now={} dated={} subject={:?} object={:?} possessive={} head={} pnow={} ppast={} alone={} lemma={:?} quoted={}",
            self.settled,
            self.frame,
            self.now,
            self.dated.is_some(),
            self.subject,
            self.object,
            self.possessive,
            self.head,
            self.paragraph_now,
            self.paragraph_past,
            self.alone,
            self.subject_lemma,
            self.quoted,
        )
    }
}

/// What the reference claims: the present (or a dated day), or not.
fn reading(
    doc: &Document,
    words: &FlagWords,
    reference: &Reference,
    terms: &[&Term],
    date: Date,
) -> Reading {
    decide(&clues(doc, words, reference, terms, date))
}

/// The decision, from the clues. Tuned for precision on the AllSides swap set (`dateline
/// eval flags`): a flag on an untouched article is worse than a missed swap.
fn decide(clues: &Clues) -> Reading {
    use Reading::NotPresent;
    if let Some(why) = clues.settled {
        return NotPresent(why);
    }
    // A quotation is the speaker's claim, not the article's. (Letting through quoted
    // references with a verb of the present finds 19 more swaps of 1,569, but flags a
    // speaker's "President Obama is still my president" and a mislinked "President Kim".)
    if clues.quoted {
        return NotPresent("quoted");
    }

    let verb = clues.subject.or(clues.object);
    if verb.is_some_and(|(_, _, hypothetical)| hypothetical) {
        return NotPresent("hypothetical");
    }
    if verb.is_some_and(|(tense, aspect, _)| tense == Tense::Past && aspect == Aspect::Perfect) {
        return NotPresent("past-perfect");
    }
    if clues.frame.is_some() {
        return NotPresent("frame");
    }
    if clues.paragraph_past {
        return NotPresent("anchored-nearby");
    }
    // Someone the article speaks of more than once, or calls "former" elsewhere, is a figure
    // of its background.
    if !clues.alone {
        return NotPresent("named-elsewhere");
    }
    let subject_tense = clues.subject.map(|(tense, aspect, _)| (tense, aspect));
    // "President Obama says", "President Obama has vetoed", "President Obama will".
    if matches!(subject_tense, Some((Tense::Present | Tense::Future, _))) {
        return Reading::Present(None);
    }
    // "President Obama raised $46 million in the fourth quarter of 2019": the subject of a
    // dated clause.
    if clues.subject.is_some() && clues.dated.is_some() {
        return Reading::Present(clues.dated);
    }
    // "President Obama said on Tuesday": the article's own days.
    if clues.subject.is_some() && clues.now {
        return Reading::Present(None);
    }
    // A title kept for life by custom ("Vice President Biden", "Secretary Clinton"): below
    // the head of state or government, only the above speaks of the present.
    if !clues.head {
        return NotPresent("courtesy-title");
    }
    if clues.now && !clues.possessive {
        return Reading::Present(None);
    }
    if clues.paragraph_now && matches!(subject_tense, Some((Tense::Past, _))) {
        return Reading::Present(None);
    }
    if clues.object.is_some_and(|(tense, aspect, _)| {
        tense == Tense::Future || (tense == Tense::Present && aspect == Aspect::Perfect)
    }) {
        return Reading::Present(None);
    }
    if clues.subject.is_none() && clues.object.is_none() && clues.dated.is_some() {
        return Reading::Present(clues.dated);
    }
    NotPresent("past")
}

/// For each person the article names: how many mentions name them (governments by their
/// leader too), and whether one of them has "former", "then-", "late" or "ex-" before it.
fn person_mentions(doc: &Document) -> HashMap<&str, (usize, bool), FastBuildHasher> {
    let mut named: HashMap<&str, (usize, bool), FastBuildHasher> = HashMap::default();
    for m in &doc.mentions {
        let k = token_at(doc, m.span.start as usize);
        let former = (k.saturating_sub(3)..k).any(|b| {
            let w = word(doc, b).to_lowercase();
            w == "former" || w == "late" || w.starts_with("then-") || w.starts_with("ex-")
        });
        let mut ids = [m.actor.as_ref(), m.holder.as_ref()].into_iter().flatten();
        let first = ids.next().map(|a| a.id.as_str());
        let second = ids
            .next()
            .map(|a| a.id.as_str())
            .filter(|id| Some(*id) != first);
        for id in first.into_iter().chain(second) {
            let entry = named.entry(id).or_default();
            entry.0 += 1;
            entry.1 |= former;
        }
    }
    named
}

/// The clues around a reference.
fn clues(
    doc: &Document,
    words: &FlagWords,
    reference: &Reference,
    terms: &[&Term],
    date: Date,
) -> Clues {
    let settled = |why: &'static str| Clues {
        settled: Some(why),
        ..Clues::default()
    };
    if reference
        .prefix
        .as_deref()
        .is_some_and(|p| not_now(words, p))
    {
        return settled("modifier");
    }
    let mut clues = Clues {
        head: reference
            .offices
            .iter()
            .any(|o| o == "head-of-state" || o == "head-of-government"),
        possessive: matches!(word(doc, reference.end_token), "'s" | "’s"),
        ..Clues::default()
    };
    let (mentions, former) = reference.named;
    clues.alone = mentions <= 1 && !former;
    let (sentence_first, sentence_end) = sentence_of(doc, reference.first_token);
    // The words before, back over "the", names, parties and countries ("former Democratic
    // President", "the now former"), adjectives, and nouns and "and" of a coordination
    // ("Former Joint Chiefs chairman and Secretary of State Colin Powell"): a modifier, or,
    // before the light words only, a preposition that frames the reference.
    let mut light = true;
    let mut k = reference.first_token;
    for _ in 0..7 {
        let Some(before) = k.checked_sub(1).filter(|&b| b >= sentence_first) else {
            break;
        };
        let written = word(doc, before);
        let w = written.to_lowercase();
        if not_now(words, &w) {
            return settled("modifier");
        }
        if light
            && (words.is(&w, WordClass::Frame)
                || (reference.form == Form::Government && words.is(&w, WordClass::GovernmentFrame)))
        {
            clues.frame = Some(w);
            break;
        }
        let upos = doc.pos.get(before).map(|t| t.upos);
        let skip_light = matches!(w.as_str(), "the" | "then" | "now" | "'s" | "’s" | "-")
            || written.starts_with(|c: char| c.is_uppercase())
            || upos == Some(Upos::Adj);
        let skip_heavy = matches!(w.as_str(), "and" | "&") || upos == Some(Upos::Noun);
        if skip_heavy {
            light = false;
        } else if !skip_light {
            break;
        }
        k = before;
    }
    // Between a term's announced start and the start itself: the president-elect's
    // administration, spoken of before it begins.
    if terms
        .iter()
        .any(|t| date < t.start && (t.start - date).get_days() <= 120)
    {
        return settled("elect");
    }
    // After: "President Obama-era", "the Obama years", "President Obama-elect".
    let next = word(doc, reference.end_token).to_lowercase();
    if matches!(
        next.as_str(),
        "era" | "years" | "-era" | "tenure" | "presidency" | "-elect" | "elect"
    ) {
        return settled("era");
    }
    // Inside a quotation: the speaker's words.
    let at = doc.tokens[reference.first_token].span.start;
    let before = doc.quotes.partition_point(|q| q.span.start <= at);
    if doc.quotes[..before]
        .iter()
        .rev()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .take(4)
        .any(|q| at < q.span.end)
    {
        clues.quoted = true;
    }
    // The time expressions of the sentence: one inside the term anchors the reference there;
    // one on the article's own days anchors it now; a dated day outside every term is the day
    // the reference is about.
    let (sentence_start, sentence_stop) = (
        doc.tokens[sentence_first].span.start,
        doc.tokens[sentence_end - 1].span.end,
    );
    let paragraph = doc
        .paragraphs
        .get(
            doc.paragraphs
                .partition_point(|p| p.span.end <= sentence_start),
        )
        .filter(|p| p.span.start <= sentence_start)
        .map_or(
            Span::new(sentence_start as usize, sentence_stop as usize),
            |p| p.span,
        );
    let in_office = terms.iter().any(|t| t.covers(date));
    // Time expressions are in text order; only the paragraph's are read.
    let from = doc
        .timexes
        .partition_point(|t| t.span.start < paragraph.start);
    for timex in doc.timexes[from..]
        .iter()
        .take_while(|t| t.span.start < paragraph.end)
    {
        if timex.timex_type != TimexType::Date && timex.timex_type != TimexType::Time {
            continue;
        }
        // "Theresa May" is no month: the mentions are in start order, and one that overlaps
        // starts before the timex ends.
        let before = doc
            .mentions
            .partition_point(|m| m.span.start < timex.span.end);
        if doc.mentions[..before]
            .iter()
            .rev()
            .take(4)
            .any(|m| timex.span.start < m.span.end)
        {
            continue;
        }
        let Some(interval) = timex.interval else {
            continue;
        };
        let holds = terms
            .iter()
            .any(|t| t.start < interval.end && t.end.is_none_or(|e| interval.start < e));
        let contains_date = interval.start <= date && date < interval.end;
        let length = (interval.end - interval.start).get_days();
        let near_now = (interval.start - date).get_days().abs() <= 10 && length <= 31;
        if timex.span.start < sentence_start || timex.span.end > sentence_stop {
            if timex.span.start >= paragraph.start && timex.span.end <= paragraph.end {
                clues.paragraph_now |= near_now;
                clues.paragraph_past |= holds && !contains_date && !in_office;
            }
            continue;
        }
        // (For someone in office on the date, a day inside the term is no past.)
        if holds && !contains_date && !in_office {
            return settled("anchored");
        }
        if near_now {
            clues.now = true;
        } else if !holds
            && length <= 366
            && clues.dated.is_none()
            // Written with its year ("the fourth quarter of 2019") or months away, not "next
            // month": a day the sentence is about.
            && (doc.text[timex.span]
                .split(|c: char| !c.is_ascii_digit())
                .any(|run| run.len() == 4)
                || (interval.start - date).get_days() > 60
                || (date - interval.end).get_days() > 60)
        {
            clues.dated = Some((timex.span, interval));
        }
    }
    // The verb it goes with: the one right after it (it is the subject; adverbs and an
    // appositive between commas may come between), else the last finite one before.
    let features = |v: &VerbGroup| (v.tense, v.aspect, v.hypothetical);
    let subject = subject_verb(doc, reference.end_token, sentence_end);
    clues.subject = subject.map(features);
    clues.subject_lemma = subject.map(|v| (doc.lemma(v.head as usize).to_string(), v.speech));
    if clues.subject.is_none() {
        // Verb groups are in text order: those of the sentence before the reference.
        let end = doc
            .verb_groups
            .partition_point(|v| (v.end_token as usize) <= reference.first_token);
        clues.object = doc.verb_groups[..end]
            .iter()
            .rev()
            .take_while(|v| (v.first_token as usize) >= sentence_first)
            .find(|v| v.tense != Tense::None)
            .map(features);
    }
    clues
}

/// The verb group a reference at tokens `..end` is the subject of: the next one, with only
/// adverbs, particles or an appositive between commas before it.
fn subject_verb(doc: &Document, end: usize, sentence_end: usize) -> Option<&VerbGroup> {
    let mut k = end;
    while k < sentence_end {
        let at = doc
            .verb_groups
            .partition_point(|v| (v.first_token as usize) < k);
        if let Some(v) = doc
            .verb_groups
            .get(at)
            .filter(|v| v.first_token as usize == k)
        {
            return Some(v);
        }
        let w = word(doc, k);
        if w == "," {
            // An appositive: on to the closing comma, if it comes soon.
            let close = (k + 1..sentence_end.min(k + 14)).find(|&j| word(doc, j) == ",")?;
            k = close + 1;
            continue;
        }
        match doc.pos.get(k).map(|t| t.upos) {
            Some(Upos::Adv | Upos::Part) => k += 1,
            _ => return None,
        }
    }
    None
}

/// Why a reference does not claim the present, if it does not.
fn not_present(
    doc: &Document,
    words: &FlagWords,
    reference: &Reference,
    terms: &[&Term],
    date: Date,
) -> Option<&'static str> {
    match reading(doc, words, reference, terms, date) {
        Reading::NotPresent(why) => Some(why),
        Reading::Present(_) => None,
    }
}

/// Whether some time expression of the article, not on its date, falls in one of the terms:
/// a clue for tuning (`--dump-references`), not read by the decision.
fn article_past(doc: &Document, terms: &[&Term], date: Date) -> bool {
    doc.timexes.iter().any(|timex| {
        timex.interval.is_some_and(|interval| {
            !(interval.start <= date && date < interval.end)
                && (interval.end - interval.start).get_days() <= 366
                && terms
                    .iter()
                    .any(|t| t.start < interval.end && t.end.is_none_or(|e| interval.start < e))
        })
    })
}

/// What the office check made of one reference, for evaluation and debugging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceCheck {
    pub span: Span,
    /// The person's id in the base.
    pub person: String,
    /// The person held the office on the article's date.
    pub in_office: bool,
    /// Why the reference was not taken as a claim about the present, if it was not.
    pub not_present: Option<&'static str>,
    /// How many mentions of the article name the person (governments by their leader too).
    pub person_mentions: usize,
    /// Another mention of the person says "former", "then-", "late"…
    pub former_elsewhere: bool,
    /// The article names a holder of the office on its date.
    pub holder_named: bool,
    /// The text of the reference's sentence.
    pub sentence: String,
    /// The clues the decision read, for tuning.
    pub clues: String,
}

/// Every office reference of the article and what the check made of it.
pub fn check_references(doc: &Document, resources: &Resources) -> Vec<ReferenceCheck> {
    let (kb, words) = (&resources.kb, &resources.flags.words);
    let date = doc.meta.date;
    references(doc, kb)
        .iter()
        .filter_map(|reference| {
            let terms = terms(kb, reference);
            if terms.is_empty() {
                return None;
            }
            let id = &reference.person_id;
            let (person_mentions, former_elsewhere) = reference.named;
            let t = &terms[0];
            let holders = kb.holders(&t.country, &t.office, date);
            let holder_named = doc.mentions.iter().any(|m| {
                m.actor
                    .as_ref()
                    .and_then(|a| kb.person_by_id(&a.id))
                    .is_some_and(|p| holders.iter().any(|h| h.person == p))
            });
            let (first, end) = sentence_of(doc, reference.first_token);
            let sentence = doc.text
                [doc.tokens[first].span.start as usize..doc.tokens[end - 1].span.end as usize]
                .replace('\n', " ");
            Some(ReferenceCheck {
                span: reference.span,
                person: id.clone(),
                in_office: terms.iter().any(|t| t.covers(date)),
                not_present: not_present(doc, words, reference, &terms, date),
                clues: format!(
                    "{} apast={}",
                    clues(doc, words, reference, &terms, date).summary(),
                    !terms.iter().any(|t| t.covers(date)) && article_past(doc, &terms, date)
                ),
                person_mentions,
                former_elsewhere,
                holder_named,
                sentence,
            })
        })
        .collect()
}

/// A term of office as a flag's fact.
fn term_fact(kb: &KnowledgeBase, term: &Term) -> serde_json::Value {
    let person = &kb.people[term.person as usize];
    json!({
        "person": person.id,
        "name": person.name,
        "country": term.country,
        "office": term.office,
        "start": term.start.to_string(),
        "end": term.end.map(|e| e.to_string()),
    })
}

/// "the United States", "the Netherlands", "France".
fn with_article(country: &str) -> String {
    let the = country.starts_with("United ")
        || country.starts_with("Republic ")
        || country.contains(" of ")
        || (country.ends_with('s') && !country.ends_with("us"))
        || country.starts_with("Czech ")
        || country.starts_with("Central ")
        || country.starts_with("Dominican ");
    if the {
        format!("the {country}")
    } else {
        country.to_string()
    }
}

fn office_name(office: &str) -> String {
    office.replace('-', " ")
}

/// The office flags of the article.
pub(super) fn office_flags(doc: &Document, kb: &KnowledgeBase, words: &FlagWords) -> Vec<Flag> {
    let date = doc.meta.date;
    let mut flags = Vec::new();
    let references = references(doc, kb);
    // Who is told as the present holder of which office, for `office.conflict`.
    let mut claims: Vec<Claim> = Vec::new();
    for reference in &references {
        let terms = terms(kb, reference);
        let clues = clues(doc, words, reference, &terms, date);
        let reading = decide(&clues);
        // A holder of the day needs no evidence of the present, only no modifier, frame or
        // quotation that takes the reference out of it; anyone else needs the full reading.
        let in_office = terms.iter().any(|t| t.covers(date));
        let claims_now = if in_office {
            clues.settled.is_none() && clues.frame.is_none() && !clues.quoted
        } else {
            reading == Reading::Present(None)
        };
        if claims_now && let Some((country, office)) = claimed_office(kb, reference, &terms, date) {
            claims.push(Claim {
                country,
                office,
                person: reference.person,
                span: reference.span,
                flagged: false,
            });
        }
        if terms.is_empty() || in_office {
            continue;
        }
        let dated = match reading {
            Reading::NotPresent(_) => continue,
            Reading::Present(dated) => dated,
        };
        // The day the reference speaks of: the article's, or the one its sentence names.
        let day = dated.map_or(date, |(_, interval)| interval.start);
        // The nearest term; of two as near (a US president is head of state and of
        // government), the head of state's.
        let nearest = terms
            .iter()
            .min_by_key(|t| {
                let days = if day < t.start {
                    (t.start - day).get_days()
                } else {
                    (day - t.end.unwrap_or(day)).get_days()
                };
                (days, t.office != "head-of-state")
            })
            .copied()
            .expect("terms is not empty");
        // The base must know who held the office then: its tables of ministers begin late.
        let holders = kb.holders(&nearest.country, &nearest.office, day);
        if holders.is_empty() {
            continue;
        }
        let person = &kb.people[reference.person as usize];
        let country = kb
            .country(&nearest.country)
            .map_or(nearest.country.clone(), |c| with_article(&c.name));
        let office = office_name(&nearest.office);
        let holder_names: Vec<&str> = holders
            .iter()
            .map(|t| kb.people[t.person as usize].name.as_str())
            .collect();
        // The real holder named in the article: the strongest evidence.
        let named_holder = doc.mentions.iter().find(|m| {
            m.kind == MentionKind::Person
                && m.actor
                    .as_ref()
                    .and_then(|a| kb.person_by_id(&a.id))
                    .is_some_and(|p| holders.iter().any(|t| t.person == p))
        });
        let was = if day < nearest.start {
            format!(
                "{} became {office} of {country} only on {}",
                person.name, nearest.start
            )
        } else {
            let end = nearest.end.map_or(String::new(), |e| e.to_string());
            format!(
                "{} was {office} of {country} from {} to {end}",
                person.name, nearest.start
            )
        };
        let when = match dated {
            Some((span, _)) => format!("in \"{}\" ({day})", &doc.text[span]),
            None => format!("on {day}"),
        };
        let now = format!("; {when} it was {}", holder_names.join(" and "));
        let mut evidence = vec![reference.span];
        if let Some((span, _)) = dated {
            evidence.push(span);
        }
        if let Some(m) = named_holder {
            evidence.push(m.span);
        }
        let facts = std::iter::once(nearest)
            .chain(holders.iter().copied())
            .map(|t| term_fact(kb, t))
            .collect();
        if let Some(claim) = claims.iter_mut().find(|c| c.span == reference.span) {
            claim.flagged = true;
        }
        flags.push(Flag {
            code: "office.anachronism".to_string(),
            severity: if named_holder.is_some() {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: format!("{was}{now}"),
            evidence,
            facts,
        });
    }
    flags.extend(conflicts(kb, &claims, date));
    flags
}

/// A reference read as a claim that the person holds an office now.
struct Claim {
    country: String,
    office: String,
    person: u32,
    span: Span,
    /// An `office.anachronism` already says what is wrong with it.
    flagged: bool,
}

/// The office a present reference claims: the person's term of it (the one on the date, else
/// the nearest), or, for someone the base has no such term for, the office of the title in
/// the country the text or the base ties them to ("President Vance": the United States).
fn claimed_office(
    kb: &KnowledgeBase,
    reference: &Reference,
    terms: &[&Term],
    date: Date,
) -> Option<(String, String)> {
    if let Some(term) = terms
        .iter()
        .min_by_key(|t| (!t.covers(date), t.office != "head-of-state"))
    {
        return Some((term.country.clone(), term.office.clone()));
    }
    let country = reference
        .country
        .clone()
        .or_else(|| reference.person_country.clone())?;
    let office = reference
        .offices
        .iter()
        .find(|o| !kb.office_history(&country, o).is_empty())?;
    Some((country, office.clone()))
}

/// Two people told as the present holder of one office that has one holder at a time, where
/// no anachronism explains it: the base does not know one of them in the office, or the date
/// is past its horizon and the office may have changed hands.
fn conflicts(kb: &KnowledgeBase, claims: &[Claim], date: Date) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut done: Vec<(&str, &str)> = Vec::new();
    for claim in claims {
        let key = (claim.country.as_str(), claim.office.as_str());
        if done.contains(&key) {
            continue;
        }
        done.push(key);
        let group: Vec<&Claim> = claims
            .iter()
            .filter(|c| (c.country.as_str(), c.office.as_str()) == key)
            .collect();
        let mut people: Vec<&Claim> = Vec::new();
        for c in &group {
            if !people.iter().any(|p| p.person == c.person) {
                people.push(c);
            }
        }
        let holders = kb.holders(key.0, key.1, date);
        if people.len() < 2 || group.iter().any(|c| c.flagged) || holders.len() > 1 {
            continue;
        }
        let names: Vec<&str> = people
            .iter()
            .map(|c| kb.people[c.person as usize].name.as_str())
            .collect();
        let country = kb
            .country(key.0)
            .map_or(key.0.to_string(), |c| with_article(&c.name));
        let office = office_name(key.1);
        let base = match (holders.first(), kb.horizon) {
            (Some(t), Some(horizon)) if date > horizon => format!(
                "; the base's tables end on {horizon}, when it was {}",
                kb.people[t.person as usize].name
            ),
            (Some(t), _) => format!(
                "; the base has {} in office on {date}",
                kb.people[t.person as usize].name
            ),
            (None, _) => String::new(),
        };
        flags.push(Flag {
            code: "office.conflict".to_string(),
            severity: Severity::Warning,
            message: format!(
                "{} are {} told as the present {office} of {country}, an office of one holder{base}",
                names.join(" and "),
                if names.len() == 2 { "both" } else { "all" }
            ),
            evidence: people.iter().map(|c| c.span).collect(),
            facts: people
                .iter()
                .map(|c| {
                    let p = &kb.people[c.person as usize];
                    json!({"person": p.id, "name": p.name, "country": key.0, "office": key.1})
                })
                .chain(holders.iter().map(|t| term_fact(kb, t)))
                .collect(),
        });
    }
    flags
}
