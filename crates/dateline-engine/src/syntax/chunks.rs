//! Noun-phrase and verb-group chunks from the part-of-speech tags, the features of each verb
//! group (tense, aspect, voice, negation, modality, hypotheticals, speech), and the clauses
//! reported by speech verbs and "according to".
//!
//! Chunks are base phrases, found by patterns over tags rather than a parser: a noun phrase is
//! an optional determiner or possessive, modifiers, and a nominal head ("North Korea 's foreign
//! ministry", "three times"); a verb group is auxiliaries, negation and adverbs between them,
//! and the main verb ("will not have been invited"), or a `to`-infinitive ("to meet").

use serde::Serialize;

use crate::span::Span;
use crate::text::Token;

use super::pos::PosTag;
use super::{Upos, Xpos};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChunkKind {
    #[serde(rename = "np")]
    NounPhrase,
    #[serde(rename = "vg")]
    VerbGroup,
}

/// A base phrase over tokens `first_token..end_token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub span: Span,
    pub first_token: u32,
    pub end_token: u32,
    pub kind: ChunkKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tense {
    Past,
    Present,
    Future,
    /// Non-finite ("to meet", "meeting") or a modal other than will/shall ("could meet").
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    Simple,
    Perfect,
    Progressive,
    PerfectProgressive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Voice {
    Active,
    Passive,
}

impl Tense {
    pub const ALL: [Tense; 4] = [Tense::Past, Tense::Present, Tense::Future, Tense::None];

    /// The record's name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Tense::Past => "past",
            Tense::Present => "present",
            Tense::Future => "future",
            Tense::None => "none",
        }
    }
}

impl Aspect {
    pub const ALL: [Aspect; 4] = [
        Aspect::Simple,
        Aspect::Perfect,
        Aspect::Progressive,
        Aspect::PerfectProgressive,
    ];

    /// The record's name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Simple => "simple",
            Aspect::Perfect => "perfect",
            Aspect::Progressive => "progressive",
            Aspect::PerfectProgressive => "perfect-progressive",
        }
    }
}

impl Voice {
    pub const ALL: [Voice; 2] = [Voice::Active, Voice::Passive];

    /// The record's name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Active => "active",
            Voice::Passive => "passive",
        }
    }
}

/// The features of one verb group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbGroup {
    pub span: Span,
    pub first_token: u32,
    pub end_token: u32,
    /// The main verb, or the last auxiliary of a copula ("is" in "is president").
    pub head: u32,
    pub tense: Tense,
    pub aspect: Aspect,
    pub voice: Voice,
    pub negated: bool,
    /// A modal other than will/shall: can, could, may, might, must, should, would, ought.
    pub modal: Option<String>,
    /// Would/could/might, or inside an if/unless clause: not a plain statement of fact.
    pub hypothetical: bool,
    /// The head is a verb of saying (data/text/speech_verbs.txt).
    pub speech: bool,
}

/// A clause reported by a speech verb or "according to": what was said, not asserted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported {
    pub span: Span,
    /// The speech verb group or the words "according to".
    pub cue: Span,
}

/// What the chunker needs of each token.
pub struct TokenView<'a> {
    pub tokens: &'a [Token],
    pub text: &'a str,
    pub pos: &'a [PosTag],
    /// Lemmas; None where the lemma is the word itself.
    pub lemmas: &'a [Option<Box<str>>],
}

impl TokenView<'_> {
    /// The lemma of token k (lower-case for all but proper nouns).
    pub fn lemma(&self, k: usize) -> &str {
        self.lemmas[k]
            .as_deref()
            .unwrap_or(&self.text[self.tokens[k].span])
    }

    /// Whether token k is `word` (lower-case), in any case; no allocation.
    fn is(&self, k: usize, word: &str) -> bool {
        self.text[self.tokens[k].span].eq_ignore_ascii_case(word)
    }

    fn word(&self, k: usize) -> &str {
        &self.text[self.tokens[k].span]
    }

    fn upos(&self, k: usize) -> Upos {
        self.pos[k].upos
    }

    fn span(&self, first: usize, end: usize) -> Span {
        self.tokens[first].span.cover(self.tokens[end - 1].span)
    }
}

fn is_verbal(upos: Upos) -> bool {
    matches!(upos, Upos::Aux | Upos::Verb)
}

fn is_negation(word: &str) -> bool {
    ["not", "n't", "n’t", "never"]
        .iter()
        .any(|n| word.eq_ignore_ascii_case(n))
}

/// Noun phrases and verb groups of one sentence (tokens `first..end`), in order.
pub fn chunk_sentence(view: &TokenView<'_>, first: usize, end: usize, out: &mut Vec<Chunk>) {
    let mut k = first;
    while k < end {
        if let Some(stop) = verb_group_end(view, k, end) {
            out.push(chunk(view, k, stop, ChunkKind::VerbGroup));
            k = stop;
        } else if let Some(stop) = noun_phrase_end(view, k, end) {
            out.push(chunk(view, k, stop, ChunkKind::NounPhrase));
            k = stop;
        } else {
            k += 1;
        }
    }
}

fn chunk(view: &TokenView<'_>, first: usize, end: usize, kind: ChunkKind) -> Chunk {
    Chunk {
        span: view.span(first, end),
        first_token: first as u32,
        end_token: end as u32,
        kind,
    }
}

/// A verb group starting at k: `to`? (aux | negation | adverb between verbs)* verb.
fn verb_group_end(view: &TokenView<'_>, k: usize, end: usize) -> Option<usize> {
    // "according to X" is a preposition, whatever its tags say.
    let according = |j: usize| view.is(j, "according") && j + 1 < end && view.is(j + 1, "to");
    if according(k) || (k >= 1 && according(k - 1)) || (k >= 2 && according(k - 2)) {
        return None;
    }
    let infinitive = view.pos[k].xpos == Xpos::To && k + 1 < end && is_verbal(view.upos(k + 1));
    if !infinitive && !is_verbal(view.upos(k)) {
        return None;
    }
    let mut last = if infinitive { None } else { Some(k) };
    let mut j = k + 1;
    while j < end {
        let upos = view.upos(j);
        if is_verbal(upos) {
            // A main verb ends the group unless a particle-less verb chain goes on ("get paid").
            last = Some(j);
            j += 1;
            if upos == Upos::Verb
                && !(j < end && view.pos[j].xpos == Xpos::Vbn && view.upos(j) == Upos::Verb)
            {
                break;
            }
        } else if (upos == Upos::Part && is_negation(view.word(j))) || upos == Upos::Adv {
            j += 1;
        } else {
            break;
        }
    }
    last.map(|l| l + 1)
}

/// A noun phrase starting at k.
fn noun_phrase_end(view: &TokenView<'_>, k: usize, end: usize) -> Option<usize> {
    let starts = matches!(
        view.upos(k),
        Upos::Det | Upos::Adj | Upos::Num | Upos::Noun | Upos::Propn | Upos::Pron
    );
    if !starts {
        return None;
    }
    // A pronoun stands alone unless it is a possessive determiner ("its", "their").
    if view.upos(k) == Upos::Pron && view.pos[k].xpos != Xpos::PrpDollar {
        return Some(k + 1);
    }
    let mut last_head = None;
    let mut j = k;
    while j < end {
        let pos = view.pos[j];
        let nominal = matches!(pos.upos, Upos::Noun | Upos::Propn | Upos::Num)
            || (pos.upos == Upos::Pron && j == k);
        let modifier = matches!(pos.upos, Upos::Adj | Upos::Det)
            && (j == k || pos.upos == Upos::Adj)
            || pos.xpos == Xpos::Pos
            || pos.xpos == Xpos::PrpDollar && j == k
            || (pos.xpos == Xpos::Hyph && j > k && j + 1 < end)
            || (pos.upos == Upos::Adv && j + 1 < end && view.upos(j + 1) == Upos::Adj);
        if nominal {
            last_head = Some(j);
        } else if !modifier {
            break;
        }
        j += 1;
    }
    last_head.map(|h| h + 1)
}

/// The features of a verb group over tokens `first..end`; `speech` says whether a lemma is a
/// verb of saying.
pub fn verb_group(
    view: &TokenView<'_>,
    sentence_first: usize,
    first: usize,
    end: usize,
    speech: &dyn Fn(&str) -> bool,
) -> VerbGroup {
    let verbs: Vec<usize> = (first..end).filter(|&j| is_verbal(view.upos(j))).collect();
    let head = *verbs
        .iter()
        .rev()
        .find(|&&j| view.upos(j) == Upos::Verb)
        .or(verbs.last())
        .unwrap_or(&first);
    let lemma = |j: usize| view.lemma(j);
    let xpos = |j: usize| view.pos[j].xpos;

    let mut modal = None;
    let mut tense = Tense::None;
    if let Some(&finite) = verbs
        .iter()
        .find(|&&j| matches!(xpos(j), Xpos::Md | Xpos::Vbd | Xpos::Vbz | Xpos::Vbp))
    {
        tense = match xpos(finite) {
            Xpos::Md => match lemma(finite) {
                "will" | "shall" | "'ll" | "wo" | "’ll" => Tense::Future,
                other => {
                    modal = Some(if other == "'d" || other == "’d" {
                        "would".to_string()
                    } else {
                        other.to_string()
                    });
                    Tense::None
                }
            },
            Xpos::Vbd => Tense::Past,
            _ => Tense::Present,
        };
    }
    // "is going to meet": the future, by another road.
    if tense == Tense::Present
        && verbs.len() >= 2
        && lemma(verbs[verbs.len() - 1]) == "go"
        && xpos(verbs[verbs.len() - 1]) == Xpos::Vbg
        && end < view.tokens.len()
        && view.pos[end].xpos == Xpos::To
    {
        tense = Tense::Future;
    }
    let next_verb = |i: usize| verbs.get(i + 1).copied();
    let mut perfect = false;
    let mut progressive = false;
    let mut passive = false;
    for (i, &j) in verbs.iter().enumerate() {
        let Some(n) = next_verb(i) else { break };
        match (lemma(j), xpos(n)) {
            ("have", Xpos::Vbn) => perfect = true,
            ("be", Xpos::Vbg) => progressive = true,
            ("be" | "get", Xpos::Vbn) if n == head => passive = true,
            _ => {}
        }
    }
    let aspect = match (perfect, progressive) {
        (true, true) => Aspect::PerfectProgressive,
        (true, false) => Aspect::Perfect,
        (false, true) => Aspect::Progressive,
        (false, false) => Aspect::Simple,
    };
    let negated = (first..end).any(|j| is_negation(view.word(j)))
        || (first > sentence_first && is_negation(view.word(first - 1)));
    // Inside an if/unless clause: look back to the clause's start (a comma or the sentence's).
    let mut in_condition = false;
    for j in (sentence_first..first).rev() {
        if view.is(j, ",") || view.is(j, ";") {
            break;
        }
        if view.is(j, "if") || view.is(j, "unless") {
            in_condition = true;
            break;
        }
    }
    let hypothetical =
        in_condition || matches!(modal.as_deref(), Some("would" | "could" | "might"));
    VerbGroup {
        span: view.span(first, end),
        first_token: first as u32,
        end_token: end as u32,
        head: head as u32,
        tense,
        aspect,
        voice: if passive {
            Voice::Passive
        } else {
            Voice::Active
        },
        negated,
        modal,
        hypothetical,
        speech: view.upos(head) == Upos::Verb && speech(lemma(head)),
    }
}

/// Verbs that take the one spoken to as their object before what was said ("told reporters").
const TELLING: &[&str] = &[
    "tell", "inform", "assure", "brief", "remind", "warn", "notify",
];

/// The clauses reported in one sentence: after (or before) each speech verb group, and around
/// "according to".
pub fn reported_clauses(
    view: &TokenView<'_>,
    sentence_first: usize,
    sentence_end: usize,
    chunks: &[Chunk],
    groups: &[VerbGroup],
    out: &mut Vec<Reported>,
) {
    // Only this sentence's clauses are sorted: `out` holds the earlier sentences' too, and
    // sorting all of it per sentence made long articles quadratic.
    let first_new = out.len();
    // The sentence without its closing punctuation and quotes.
    let mut last = sentence_end;
    while last > sentence_first && matches!(view.upos(last - 1), Upos::Punct) {
        last -= 1;
    }
    if last <= sentence_first {
        return;
    }
    for j in sentence_first..last.saturating_sub(1) {
        if view.is(j, "according") && view.is(j + 1, "to") {
            let source_end = chunks
                .iter()
                .find(|c| c.first_token as usize == j + 2 && c.kind == ChunkKind::NounPhrase)
                .map_or(j + 2, |c| c.end_token as usize);
            let cue = view.span(j, j + 2);
            if j == sentence_first {
                // "According to KCNA, the talks ..."
                let mut start = source_end;
                while start < last && view.upos(start) == Upos::Punct {
                    start += 1;
                }
                if start < last {
                    out.push(Reported {
                        span: view.span(start, last),
                        cue,
                    });
                }
            } else {
                // "..., according to state media."
                let mut stop = j;
                while stop > sentence_first && view.upos(stop - 1) == Upos::Punct {
                    stop -= 1;
                }
                if stop > sentence_first {
                    out.push(Reported {
                        span: view.span(sentence_first, stop),
                        cue,
                    });
                }
            }
        }
    }
    for group in groups.iter().filter(|g| g.speech) {
        let (gf, ge) = (group.first_token as usize, group.end_token as usize);
        if gf < sentence_first || ge > sentence_end {
            continue;
        }
        // "..., the ministry said." / "..., said the ministry.": the report comes first.
        let rest_has_verb = (ge..last).any(|j| is_verbal(view.upos(j)));
        let comma_before = (sentence_first..gf).rev().take(12).find(|&j| {
            let w = &view.text[view.tokens[j].span];
            matches!(w, "," | "\"" | "”" | "’" | "'")
        });
        // "…, and then said something": a second verb of the subject, not a post-posed cue.
        let coordinated = (sentence_first..gf)
            .rev()
            .find(|&j| view.upos(j) != Upos::Adv)
            .is_some_and(|j| view.upos(j) == Upos::Cconj);
        if !rest_has_verb
            && !coordinated
            && let Some(comma) = comma_before.filter(|&c| c > sentence_first)
        {
            let mut stop = comma;
            while stop > sentence_first && view.upos(stop - 1) == Upos::Punct {
                stop -= 1;
            }
            let mut begin = sentence_first;
            while begin < stop && view.upos(begin) == Upos::Punct {
                begin += 1;
            }
            if begin < stop {
                out.push(Reported {
                    span: view.span(begin, stop),
                    cue: group.span,
                });
            }
            continue;
        }
        // "X said (that) ...", "X told reporters (that) ...".
        let mut start = ge;
        if TELLING.contains(&view.lemma(group.head as usize))
            && let Some(object) = chunks
                .iter()
                .find(|c| c.first_token as usize == start && c.kind == ChunkKind::NounPhrase)
        {
            start = object.end_token as usize;
        }
        while start < last && (view.upos(start) == Upos::Punct || view.is(start, "that")) {
            start += 1;
        }
        if start < last && (start..last).any(|j| is_verbal(view.upos(j))) {
            out.push(Reported {
                span: view.span(start, last),
                cue: group.span,
            });
        }
    }
    out[first_new..].sort_by_key(|r| (r.span.start, r.span.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::text::TokenKind;

    /// The record writer uses `as_str`; serde must write the same names.
    #[test]
    fn feature_names_are_what_serde_writes() {
        let quoted = |s: &str| format!("\"{s}\"");
        for t in Tense::ALL {
            assert_eq!(serde_json::to_string(&t).unwrap(), quoted(t.as_str()));
        }
        for a in Aspect::ALL {
            assert_eq!(serde_json::to_string(&a).unwrap(), quoted(a.as_str()));
        }
        for v in Voice::ALL {
            assert_eq!(serde_json::to_string(&v).unwrap(), quoted(v.as_str()));
        }
    }

    /// Tokens written as `word/UPOS/PENN[/lemma]`, separated by spaces.
    struct Tagged {
        text: String,
        tokens: Vec<Token>,
        pos: Vec<PosTag>,
        lemmas: Vec<Option<Box<str>>>,
    }

    fn tagged(spec: &str) -> Tagged {
        let mut t = Tagged {
            text: String::new(),
            tokens: Vec::new(),
            pos: Vec::new(),
            lemmas: Vec::new(),
        };
        for item in spec.split(' ') {
            let parts: Vec<&str> = item.split('/').collect();
            if !t.text.is_empty() {
                t.text.push(' ');
            }
            let start = t.text.len();
            t.text.push_str(parts[0]);
            t.tokens.push(Token {
                span: Span::new(start, t.text.len()),
                kind: TokenKind::Word,
            });
            t.pos.push(PosTag {
                upos: Upos::parse(parts[1]).unwrap(),
                xpos: Xpos::parse(parts[2]).unwrap(),
            });
            t.lemmas
                .push(parts.get(3).map(|l| l.to_string().into_boxed_str()));
        }
        t
    }

    fn view(t: &Tagged) -> TokenView<'_> {
        TokenView {
            tokens: &t.tokens,
            text: &t.text,
            pos: &t.pos,
            lemmas: &t.lemmas,
        }
    }

    fn groups(spec: &str) -> Vec<(String, VerbGroup)> {
        let t = tagged(spec);
        let v = view(&t);
        let mut chunks = Vec::new();
        chunk_sentence(&v, 0, t.tokens.len(), &mut chunks);
        let speech = |l: &str| l == "say" || l == "tell";
        chunks
            .iter()
            .filter(|c| c.kind == ChunkKind::VerbGroup)
            .map(|c| {
                let g = verb_group(&v, 0, c.first_token as usize, c.end_token as usize, &speech);
                (t.text[g.span].to_string(), g)
            })
            .collect()
    }

    #[test]
    fn tense_aspect_voice_and_negation() {
        let g = groups(
            "talks/NOUN/NNS will/AUX/MD not/PART/RB have/AUX/VB/have been/AUX/VBN/be held/VERB/VBN/hold",
        );
        assert_eq!(g.len(), 1);
        let (text, g) = &g[0];
        assert_eq!(text, "will not have been held");
        assert_eq!(
            (g.tense, g.aspect, g.voice, g.negated),
            (Tense::Future, Aspect::Perfect, Voice::Passive, true)
        );

        let g = groups("he/PRON/PRP was/AUX/VBD/be meeting/VERB/VBG/meet envoys/NOUN/NNS");
        assert_eq!(
            (g[0].1.tense, g[0].1.aspect, g[0].1.voice),
            (Tense::Past, Aspect::Progressive, Voice::Active)
        );

        let g = groups(
            "Kim/PROPN/NNP is/AUX/VBZ/be going/VERB/VBG/go to/PART/TO meet/VERB/VB Biden/PROPN/NNP",
        );
        assert_eq!(g[0].0, "is going");
        assert_eq!(g[0].1.tense, Tense::Future);
        assert_eq!(g[1].0, "to meet");
        assert_eq!(g[1].1.tense, Tense::None);
    }

    #[test]
    fn modality_and_hypotheticals() {
        let g = groups(
            "if/SCONJ/IN he/PRON/PRP were/AUX/VBD/be president/NOUN/NN ,/PUNCT/, talks/NOUN/NNS could/AUX/MD resume/VERB/VB",
        );
        assert!(g[0].1.hypothetical, "inside the if-clause");
        assert_eq!(g[1].1.modal.as_deref(), Some("could"));
        assert!(g[1].1.hypothetical);
        let g = groups("Seoul/PROPN/NNP must/AUX/MD act/VERB/VB");
        assert_eq!(
            (g[0].1.modal.as_deref(), g[0].1.hypothetical),
            (Some("must"), false)
        );
    }

    #[test]
    fn noun_phrases() {
        let t = tagged(
            "North/PROPN/NNP Korea/PROPN/NNP 's/PART/POS foreign/ADJ/JJ ministry/NOUN/NN said/VERB/VBD/say it/PRON/PRP would/AUX/MD talk/VERB/VB",
        );
        let mut chunks = Vec::new();
        chunk_sentence(&view(&t), 0, t.tokens.len(), &mut chunks);
        let texts: Vec<(&str, ChunkKind)> =
            chunks.iter().map(|c| (&t.text[c.span], c.kind)).collect();
        assert_eq!(
            texts,
            [
                ("North Korea 's foreign ministry", ChunkKind::NounPhrase),
                ("said", ChunkKind::VerbGroup),
                ("it", ChunkKind::NounPhrase),
                ("would talk", ChunkKind::VerbGroup),
            ]
        );
    }

    fn reported(spec: &str) -> Vec<(String, String)> {
        let t = tagged(spec);
        let v = view(&t);
        let n = t.tokens.len();
        let mut chunks = Vec::new();
        chunk_sentence(&v, 0, n, &mut chunks);
        let speech = |l: &str| l == "say" || l == "tell";
        let groups: Vec<VerbGroup> = chunks
            .iter()
            .filter(|c| c.kind == ChunkKind::VerbGroup)
            .map(|c| verb_group(&v, 0, c.first_token as usize, c.end_token as usize, &speech))
            .collect();
        let mut out = Vec::new();
        reported_clauses(&v, 0, n, &chunks, &groups, &mut out);
        out.iter()
            .map(|r| (t.text[r.span].to_string(), t.text[r.cue].to_string()))
            .collect()
    }

    #[test]
    fn reported_clauses_after_before_and_according_to() {
        assert_eq!(
            reported(
                "Pyongyang/PROPN/NNP said/VERB/VBD/say that/SCONJ/IN it/PRON/PRP would/AUX/MD talk/VERB/VB ./PUNCT/."
            ),
            [("it would talk".to_string(), "said".to_string())]
        );
        assert_eq!(
            reported(
                "officials/NOUN/NNS told/VERB/VBD/tell reporters/NOUN/NNS the/DET/DT talks/NOUN/NNS failed/VERB/VBD/fail"
            ),
            [("the talks failed".to_string(), "told".to_string())]
        );
        assert_eq!(
            reported(
                "talks/NOUN/NNS failed/VERB/VBD/fail ,/PUNCT/, the/DET/DT ministry/NOUN/NN said/VERB/VBD/say ./PUNCT/."
            ),
            [("talks failed".to_string(), "said".to_string())]
        );
        assert_eq!(
            reported(
                "talks/NOUN/NNS failed/VERB/VBD/fail ,/PUNCT/, according/VERB/VBG/accord to/ADP/IN KCNA/PROPN/NNP ./PUNCT/."
            ),
            [("talks failed".to_string(), "according to".to_string())]
        );
        assert!(reported("he/PRON/PRP said/VERB/VBD/say nothing/PRON/NN").is_empty());
    }
}
