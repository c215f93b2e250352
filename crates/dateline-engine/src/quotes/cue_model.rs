//! The learned cue model: which verb groups attribute something to their subject when the cue
//! lexicon does not list the verb.
//!
//! PolNeAR annotates every attributed statement, stance, belief and intention ("Garland
//! deciding cases", "Emanuel casting doubt on the investigation", "polls showing her well
//! behind"), and over a third of its cues are verbs no hand-written list of speech verbs holds.
//! A binary averaged perceptron (`data/models/cues.bin`, `dateline train cues`) reads each verb
//! group in context: the head's lemma, form and word classes, what follows it ("that", "to",
//! "about", a noun phrase), what precedes it, what kind of subject it has, its tense and voice.
//! A group it accepts is a cue of the [`super::CueClass::Learned`] class, whose reports and
//! objects the indirect-speech steps take like a stance verb's.

use crate::document::Document;
use crate::layers::MentionKind;
use crate::learn::{FeatureHasher, LinearModel, hash_str};
use crate::span::Span;
use crate::syntax::Upos;
use crate::syntax::chunks::Voice;
use crate::syntax::clusters::{WordClusters, word_key};

use super::{Context, CueClass, PRONOUNS_OTHER, PRONOUNS_PERSON, QuoteLexicon};

/// One verb group as a training instance: its span (bytes) and its feature ids.
#[derive(Clone, Debug)]
pub struct CueInstance {
    pub span: Span,
    pub features: Vec<u32>,
}

/// Feature templates; the numbers are part of the model file's meaning.
mod template {
    pub const BIAS: u32 = 0;
    pub const LEMMA: u32 = 1;
    pub const FORM: u32 = 2;
    pub const XPOS: u32 = 3;
    pub const CLASS_256: u32 = 4;
    pub const CLASS_1024: u32 = 5;
    pub const NEXT: u32 = 6;
    pub const LEMMA_NEXT: u32 = 7;
    pub const PREVIOUS: u32 = 8;
    pub const SUBJECT: u32 = 9;
    pub const LEMMA_SUBJECT: u32 = 10;
    pub const VERB_FORM: u32 = 11;
    pub const LEXICON: u32 = 12;
    pub const AFTER_NEXT: u32 = 13;
    pub const CLASS_NEXT: u32 = 14;
    pub const LEMMA_VOICE: u32 = 15;
    pub const CLASS_SUBJECT: u32 = 16;
    pub const OBJECT: u32 = 17;
    pub const LEMMA_OBJECT: u32 = 18;
}

/// What follows the group: nothing, a that-clause, a to-infinitive, a preposition (by its
/// form), or a noun phrase (by the kind of mention in it and its head's word class).
fn object(
    ctx: &Context<'_>,
    clusters: &WordClusters,
    end: usize,
    sentence_end: usize,
) -> (u64, u64) {
    if end >= sentence_end {
        return (0, 0);
    }
    let word = ctx.word(end);
    if word.eq_ignore_ascii_case("that") {
        return (1, 0);
    }
    if word.eq_ignore_ascii_case("to") && end + 1 < sentence_end && ctx.upos(end + 1) == Upos::Verb
    {
        return (2, 0);
    }
    if ctx.upos(end) == Upos::Adp {
        return (3, crate::syntax::with_lowercase(word, hash_str));
    }
    match ctx.chunk(end) {
        Some(chunk)
            if chunk.kind == super::ChunkKind::NounPhrase && chunk.first_token as usize == end =>
        {
            let last = chunk.end_token as usize - 1;
            let class =
                crate::syntax::with_lowercase(ctx.word(last), |w| clusters.classes(word_key(w))[1]);
            let kind = ctx
                .mentions_within(chunk.span)
                .last()
                .map_or(0, |m| 1 + m.kind as u64);
            (4 + kind, u64::from(class))
        }
        _ => (20 + ctx.upos(end) as u64, 0),
    }
}

/// The feature every instance has: moving its weight moves the model's threshold.
pub fn bias_feature() -> u32 {
    FeatureHasher::new(template::BIAS).id()
}

/// A word as a feature value: function words by their form, others by their tag, so that
/// "said that" and "found that" share what follows but "found Clinton" and "found papers" do
/// too.
fn context_value(ctx: &Context<'_>, k: usize) -> u64 {
    let upos = ctx.upos(k);
    match upos {
        Upos::Adp
        | Upos::Sconj
        | Upos::Part
        | Upos::Det
        | Upos::Pron
        | Upos::Cconj
        | Upos::Punct => crate::syntax::with_lowercase(ctx.word(k), hash_str),
        _ => 1 + upos as u64,
    }
}

/// What the group's subject is: none, a pronoun, a person, an organisation or government, a
/// place, another noun phrase.
fn subject_kind(ctx: &Context<'_>, g: usize, lo: usize) -> u64 {
    let Some(subject) = ctx.subject(g, lo) else {
        return 0;
    };
    let text = &ctx.doc.text[subject];
    if PRONOUNS_PERSON
        .iter()
        .chain(PRONOUNS_OTHER)
        .any(|p| text.eq_ignore_ascii_case(p))
    {
        return 1;
    }
    match ctx.mentions_within(subject).last().map(|m| m.kind) {
        Some(MentionKind::Person) => 2,
        Some(MentionKind::Government | MentionKind::Organisation) => 3,
        Some(MentionKind::Country | MentionKind::Place) => 4,
        _ if ctx.lexicon.classes(
            ctx.doc.lemma(
                ctx.doc
                    .tokens
                    .partition_point(|t| t.span.end < subject.end)
                    .min(ctx.doc.tokens.len() - 1),
            ),
        ) & (CueClass::Person as u16 | CueClass::Body as u16 | CueClass::Media as u16)
            != 0 =>
        {
            5
        }
        _ => 6,
    }
}

/// The feature ids of verb group `g`, written into `out`.
pub(super) fn group_features(
    ctx: &Context<'_>,
    clusters: &WordClusters,
    g: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let doc = ctx.doc;
    let group = ctx.group(g);
    let head = group.head as usize;
    let (first, end) = (group.first_token as usize, group.end_token as usize);
    let (sentence_first, sentence_end) = ctx.sentence_tokens(ctx.sentence_of(head));
    let lemma = hash_str(doc.lemma(head));
    let form = crate::syntax::with_lowercase(ctx.word(head), |w| (hash_str(w), word_key(w)));
    let classes = clusters.classes(form.1);
    let next = if end < sentence_end {
        context_value(ctx, end)
    } else {
        2
    };
    let after_next = if end + 1 < sentence_end {
        context_value(ctx, end + 1)
    } else {
        2
    };
    let previous = if first > sentence_first {
        context_value(ctx, first - 1)
    } else {
        3
    };
    let subject = subject_kind(ctx, g, sentence_first);
    let verb_form = (group.tense as u64)
        | (group.aspect as u64) << 3
        | (group.voice as u64) << 6
        | u64::from(group.negated) << 7
        | u64::from(group.hypothetical) << 8;
    let voice = u64::from(group.voice == Voice::Passive);
    let (object_kind, object_value) = object(ctx, clusters, end, sentence_end);
    let f = |t: u32| FeatureHasher::new(t);
    out.extend([
        f(template::BIAS).id(),
        f(template::LEMMA).with(lemma).id(),
        f(template::FORM).with(form.0).id(),
        f(template::XPOS).with(doc.pos[head].xpos as u64).id(),
        f(template::CLASS_256).with(u64::from(classes[1])).id(),
        f(template::CLASS_1024).with(u64::from(classes[2])).id(),
        f(template::NEXT).with(next).id(),
        f(template::LEMMA_NEXT).with(lemma).with(next).id(),
        f(template::PREVIOUS).with(previous).id(),
        f(template::SUBJECT).with(subject).id(),
        f(template::LEMMA_SUBJECT).with(lemma).with(subject).id(),
        f(template::VERB_FORM).with(verb_form).id(),
        f(template::LEXICON)
            .with(u64::from(ctx.group_cues[g] & !(CueClass::Learned as u16)))
            .id(),
        f(template::AFTER_NEXT).with(next).with(after_next).id(),
        f(template::CLASS_NEXT)
            .with(u64::from(classes[1]))
            .with(next)
            .id(),
        f(template::LEMMA_VOICE).with(lemma).with(voice).id(),
        f(template::CLASS_SUBJECT)
            .with(u64::from(classes[1]))
            .with(subject)
            .id(),
        f(template::OBJECT)
            .with(object_kind)
            .with(object_value)
            .id(),
        f(template::LEMMA_OBJECT).with(lemma).with(object_kind).id(),
    ]);
}

/// Whether a group is one the model is asked about: a verb the lexicon gives no verb class,
/// outside quotations.
fn asked(ctx: &Context<'_>, g: usize) -> bool {
    let group = ctx.group(g);
    let head = group.head as usize;
    !ctx.quoted[head]
        && ctx.group_cues[g] & (super::SPEECH | CueClass::Think as u16) == 0
        && matches!(ctx.upos(head), Upos::Verb | Upos::Aux)
}

/// Marks the verb groups the model takes for cues with [`CueClass::Learned`].
pub(super) fn mark_learned_cues(
    ctx: &mut Context<'_>,
    lexicon: &QuoteLexicon,
    clusters: &WordClusters,
) {
    let Some(model) = lexicon.cue_model.as_ref() else {
        return;
    };
    let mut features = Vec::with_capacity(24);
    for g in 0..ctx.doc.verb_groups.len() {
        if !asked(ctx, g) {
            continue;
        }
        group_features(ctx, clusters, g, &mut features);
        if model.score(&features) > 0.0 {
            ctx.group_cues[g] |= CueClass::Learned as u16;
        }
    }
}

/// The training instances of an analysed document: every verb group the model would be asked
/// about, with its features.
pub fn cue_instances(
    doc: &Document,
    lexicon: &QuoteLexicon,
    lemmatizer: &crate::syntax::lemma::Lemmatizer,
    clusters: &WordClusters,
) -> Vec<CueInstance> {
    if doc.tokens.is_empty() || doc.pos.len() != doc.tokens.len() {
        return Vec::new();
    }
    let (ctx, _) = super::context_with_quotations(doc, lexicon, lemmatizer);
    let mut instances = Vec::new();
    let mut features = Vec::new();
    for g in 0..doc.verb_groups.len() {
        if !asked(&ctx, g) {
            continue;
        }
        group_features(&ctx, clusters, g, &mut features);
        instances.push(CueInstance {
            span: doc.verb_groups[g].span,
            features: features.clone(),
        });
    }
    instances
}

/// Compiles `data/models/cues.bin`; an empty model (a fresh checkout before training) means
/// the lexicon alone.
pub(super) fn compile(bytes: &[u8]) -> Result<Option<LinearModel>, String> {
    let model = LinearModel::from_bytes(bytes).map_err(|e| e.to_string())?;
    if model.features() > 0 && model.classes() != 1 {
        return Err(format!(
            "a cue model has one class, this one has {}",
            model.classes()
        ));
    }
    Ok((model.features() > 0).then_some(model))
}
