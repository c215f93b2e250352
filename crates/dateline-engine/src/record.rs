//! The record: one JSON object per article, versioned as `dateline.record/1`.
//!
//! This is what users, the archive and the server see. It is documented in `docs/record.md`
//! with a JSON Schema in `docs/record.schema.json`. Every `start`/`end` is a **Unicode
//! code-point offset** into the record's `text` (half-open), whatever the engine uses inside:
//! `text.chars().skip(start).take(end - start)` is the span in any language. Layers not built
//! yet are empty arrays, never absent. Adding fields keeps `/1`; renaming or removing one will
//! be `/2`.

use serde::Serialize;

use crate::document::Document;
use crate::layers::{
    ActorRef, DatePrecision, EventDate, MentionKind, QuoteKind, Severity, TimexType,
};
use crate::resources::DataStamp;
use crate::span::{CharOffsets, Span};
use crate::syntax::chunks::{Aspect, ChunkKind, Tense, Voice};
use crate::syntax::names::NameKind;
use crate::syntax::{Upos, Xpos};

/// The schema identifier every record carries.
pub const SCHEMA: &str = "dateline.record/1";

/// The engine's version, as the record's `engine.version`.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A record ready to serialise; it borrows from the document.
#[derive(Serialize)]
pub struct Record<'a> {
    pub schema: &'static str,
    pub document: DocumentInfo<'a>,
    pub text: &'a str,
    pub sentences: Vec<Extent>,
    pub tokens: Vec<TokenRecord<'a>>,
    pub chunks: Vec<ChunkRecord>,
    pub verb_groups: Vec<VerbGroupRecord<'a>>,
    pub reported: Vec<ReportedRecord<'a>>,
    pub names: Vec<NameRecord<'a>>,
    pub mentions: Vec<MentionRecord<'a>>,
    pub timexes: Vec<TimexRecord<'a>>,
    pub quotes: Vec<QuoteRecord<'a>>,
    pub events: Vec<EventRecord<'a>>,
    pub flags: Vec<FlagRecord<'a>>,
    pub findings: Vec<FindingRecord<'a>>,
    pub engine: EngineInfo<'a>,
}

#[derive(Serialize)]
pub struct DocumentInfo<'a> {
    pub id: &'a str,
    /// ISO date, `YYYY-MM-DD`.
    pub date: String,
    pub published: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    pub source: Option<&'a str>,
}

/// A bare extent: `{start, end}` in code points.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extent {
    pub start: u32,
    pub end: u32,
}

/// A token with its part of speech and lemma.
#[derive(Serialize)]
pub struct TokenRecord<'a> {
    pub start: u32,
    pub end: u32,
    /// Universal POS tag.
    pub pos: Upos,
    /// Penn Treebank tag.
    pub tag: Xpos,
    pub lemma: &'a str,
}

#[derive(Serialize)]
pub struct ChunkRecord {
    pub start: u32,
    pub end: u32,
    pub kind: ChunkKind,
}

#[derive(Serialize)]
pub struct VerbGroupRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub head: SpanText<'a>,
    pub lemma: &'a str,
    pub tense: Tense,
    pub aspect: Aspect,
    pub voice: Voice,
    pub negated: bool,
    pub modal: Option<&'a str>,
    pub hypothetical: bool,
    pub speech: bool,
}

#[derive(Serialize)]
pub struct ReportedRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub cue: SpanText<'a>,
}

#[derive(Serialize)]
pub struct NameRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub kind: NameKind,
}

/// An extent with its text.
#[derive(Serialize)]
pub struct SpanText<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct MentionRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub kind: MentionKind,
    pub actor: Option<&'a ActorRef>,
    pub holder: Option<&'a ActorRef>,
}

#[derive(Serialize)]
pub struct TimexRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    #[serde(rename = "type")]
    pub timex_type: TimexType,
    pub value: &'a str,
    #[serde(rename = "mod")]
    pub modifier: Option<&'a str>,
    pub freq: Option<&'a str>,
    pub quant: Option<&'a str>,
    pub interval: Option<IntervalRecord>,
    pub rule: &'a str,
}

#[derive(Serialize)]
pub struct IntervalRecord {
    pub start: String,
    pub end: String,
}

#[derive(Serialize)]
pub struct SpeakerRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub actor: Option<&'a ActorRef>,
    pub antecedent: Option<SpanText<'a>>,
}

#[derive(Serialize)]
pub struct QuoteRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub kind: QuoteKind,
    pub speaker: Option<SpeakerRecord<'a>>,
    pub cue: Option<SpanText<'a>>,
    pub channel: Option<SpanText<'a>>,
}

#[derive(Serialize)]
pub struct ParticipantRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub actor: Option<&'a ActorRef>,
    pub country: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PlaceRecord<'a> {
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub actor: Option<&'a ActorRef>,
}

#[derive(Serialize)]
pub struct EventRecord<'a> {
    pub start: u32,
    pub end: u32,
    #[serde(rename = "type")]
    pub event_type: &'a str,
    pub mode: Option<&'a str>,
    pub context: Option<&'a str>,
    pub cameo: &'a str,
    pub goldstein: f32,
    pub quad_class: u8,
    pub source: ParticipantRecord<'a>,
    pub target: Option<ParticipantRecord<'a>>,
    pub date: EventDateRecord<'a>,
    pub place: Option<PlaceRecord<'a>>,
}

#[derive(Serialize)]
pub struct EventDateRecord<'a> {
    pub value: &'a str,
    pub precision: DatePrecision,
}

#[derive(Serialize)]
pub struct FlagRecord<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub evidence: Vec<SpanText<'a>>,
    pub facts: &'a [serde_json::Value],
}

#[derive(Serialize)]
pub struct FindingRecord<'a> {
    pub code: &'static str,
    pub message: &'a str,
    pub start: Option<u32>,
    pub end: Option<u32>,
}

#[derive(Serialize)]
pub struct EngineInfo<'a> {
    pub version: &'static str,
    pub data: &'a DataStamp,
}

impl<'a> Record<'a> {
    /// The record of an analysed document.
    pub fn new(doc: &'a Document, data: &'a DataStamp) -> Record<'a> {
        let offsets = CharOffsets::new(&doc.text);
        let at = |span: Span| Extent {
            start: offsets.char_offset(span.start),
            end: offsets.char_offset(span.end),
        };
        let with_text = |span: Span| SpanText {
            start: offsets.char_offset(span.start),
            end: offsets.char_offset(span.end),
            text: &doc.text[span],
        };
        Record {
            schema: SCHEMA,
            document: DocumentInfo {
                id: &doc.meta.id,
                date: doc.meta.date.to_string(),
                published: doc.meta.published.as_deref(),
                title: doc.meta.title.as_deref(),
                url: doc.meta.url.as_deref(),
                source: doc.meta.source.as_deref(),
            },
            text: &doc.text,
            sentences: doc.sentences.iter().map(|s| at(s.span)).collect(),
            tokens: doc
                .tokens
                .iter()
                .zip(&doc.pos)
                .enumerate()
                .map(|(k, (t, tag))| {
                    let e = at(t.span);
                    TokenRecord {
                        start: e.start,
                        end: e.end,
                        pos: tag.upos,
                        tag: tag.xpos,
                        lemma: doc.lemma(k),
                    }
                })
                .collect(),
            chunks: doc
                .chunks
                .iter()
                .map(|c| {
                    let e = at(c.span);
                    ChunkRecord {
                        start: e.start,
                        end: e.end,
                        kind: c.kind,
                    }
                })
                .collect(),
            verb_groups: doc
                .verb_groups
                .iter()
                .map(|g| {
                    let e = at(g.span);
                    let head = doc.tokens[g.head as usize].span;
                    VerbGroupRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[g.span],
                        head: with_text(head),
                        lemma: doc.lemma(g.head as usize),
                        tense: g.tense,
                        aspect: g.aspect,
                        voice: g.voice,
                        negated: g.negated,
                        modal: g.modal.as_deref(),
                        hypothetical: g.hypothetical,
                        speech: g.speech,
                    }
                })
                .collect(),
            reported: doc
                .reported
                .iter()
                .map(|r| {
                    let e = at(r.span);
                    ReportedRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[r.span],
                        cue: with_text(r.cue),
                    }
                })
                .collect(),
            names: doc
                .names
                .iter()
                .map(|n| {
                    let e = at(n.span);
                    NameRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[n.span],
                        kind: n.kind,
                    }
                })
                .collect(),
            mentions: doc
                .mentions
                .iter()
                .map(|m| {
                    let e = at(m.span);
                    MentionRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[m.span],
                        kind: m.kind,
                        actor: m.actor.as_ref(),
                        holder: m.holder.as_ref(),
                    }
                })
                .collect(),
            timexes: doc
                .timexes
                .iter()
                .map(|t| {
                    let e = at(t.span);
                    TimexRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[t.span],
                        timex_type: t.timex_type,
                        value: &t.value,
                        modifier: t.modifier.as_deref(),
                        freq: t.freq.as_deref(),
                        quant: t.quant.as_deref(),
                        interval: t.interval.map(|i| IntervalRecord {
                            start: i.start.to_string(),
                            end: i.end.to_string(),
                        }),
                        rule: &t.rule,
                    }
                })
                .collect(),
            quotes: doc
                .quotes
                .iter()
                .map(|q| {
                    let e = at(q.span);
                    QuoteRecord {
                        start: e.start,
                        end: e.end,
                        text: &doc.text[q.span],
                        kind: q.kind,
                        speaker: q.speaker.as_ref().map(|s| {
                            let e = at(s.span);
                            SpeakerRecord {
                                start: e.start,
                                end: e.end,
                                text: &doc.text[s.span],
                                actor: s.actor.as_ref(),
                                antecedent: s.antecedent.map(with_text),
                            }
                        }),
                        cue: q.cue.map(with_text),
                        channel: q.channel.map(with_text),
                    }
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|ev| {
                    let e = at(ev.span);
                    let participant = |p: &'a crate::layers::Participant| {
                        let e = at(p.span);
                        ParticipantRecord {
                            start: e.start,
                            end: e.end,
                            text: &doc.text[p.span],
                            actor: p.actor.as_ref(),
                            country: p.country.as_deref(),
                        }
                    };
                    EventRecord {
                        start: e.start,
                        end: e.end,
                        event_type: &ev.event_type,
                        mode: ev.mode.as_deref(),
                        context: ev.context.as_deref(),
                        cameo: &ev.cameo,
                        goldstein: ev.goldstein,
                        quad_class: ev.quad_class,
                        source: participant(&ev.source),
                        target: ev.target.as_ref().map(participant),
                        date: event_date(&ev.date),
                        place: ev.place.as_ref().map(|p| {
                            let e = at(p.span);
                            PlaceRecord {
                                start: e.start,
                                end: e.end,
                                text: &doc.text[p.span],
                                actor: p.actor.as_ref(),
                            }
                        }),
                    }
                })
                .collect(),
            flags: doc
                .flags
                .iter()
                .map(|f| FlagRecord {
                    code: &f.code,
                    severity: f.severity,
                    message: &f.message,
                    evidence: f.evidence.iter().map(|&s| with_text(s)).collect(),
                    facts: &f.facts,
                })
                .collect(),
            findings: doc
                .findings
                .iter()
                .map(|f| FindingRecord {
                    code: f.code.as_str(),
                    message: &f.message,
                    start: f.span.map(|s| offsets.char_offset(s.start)),
                    end: f.span.map(|s| offsets.char_offset(s.end)),
                })
                .collect(),
            engine: EngineInfo {
                version: ENGINE_VERSION,
                data,
            },
        }
    }
}

impl Record<'_> {
    /// The record as compact JSON, byte for byte what `serde_json::to_string` gives.
    ///
    /// The token, chunk, sentence and verb-group arrays are most of a record (over four fifths
    /// of its bytes for newswire) and are written here directly: through serde every key and tag is a call
    /// that scans it for escapes, which made serialising a record cost a fifth of analysing
    /// the article. The other fields go through serde.
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(64 + self.text.len() * 20);
        self.write_json(&mut out);
        // Only `write_str` and serde_json write here, and both write UTF-8.
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Appends the record as compact JSON to `out` (see [`Record::to_json`]).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        /// `,"key":value` through serde.
        fn serde(out: &mut Vec<u8>, key: &str, value: &impl Serialize) {
            out.extend_from_slice(b",\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            serde_json::to_writer(&mut *out, value).expect("records serialise");
        }
        out.extend_from_slice(b"{\"schema\":");
        write_str(out, self.schema);
        serde(out, "document", &self.document);
        serde(out, "text", &self.text);
        out.extend_from_slice(b",\"sentences\":[");
        for (i, s) in self.sentences.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_extent(out, s.start, s.end);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"tokens\":[");
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_extent(out, t.start, t.end);
            out.extend_from_slice(b",\"pos\":");
            write_str(out, t.pos.as_str());
            out.extend_from_slice(b",\"tag\":");
            write_str(out, t.tag.as_str());
            out.extend_from_slice(b",\"lemma\":");
            write_str(out, t.lemma);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"chunks\":[");
        for (i, c) in self.chunks.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_extent(out, c.start, c.end);
            out.extend_from_slice(match c.kind {
                ChunkKind::NounPhrase => b",\"kind\":\"np\"}",
                ChunkKind::VerbGroup => b",\"kind\":\"vg\"}",
            });
        }
        out.extend_from_slice(b"],\"verb_groups\":[");
        for (i, g) in self.verb_groups.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_extent(out, g.start, g.end);
            out.extend_from_slice(b",\"text\":");
            write_str(out, g.text);
            out.extend_from_slice(b",\"head\":");
            write_extent(out, g.head.start, g.head.end);
            out.extend_from_slice(b",\"text\":");
            write_str(out, g.head.text);
            out.extend_from_slice(b"},\"lemma\":");
            write_str(out, g.lemma);
            out.extend_from_slice(b",\"tense\":");
            write_str(out, g.tense.as_str());
            out.extend_from_slice(b",\"aspect\":");
            write_str(out, g.aspect.as_str());
            out.extend_from_slice(b",\"voice\":");
            write_str(out, g.voice.as_str());
            out.extend_from_slice(b",\"negated\":");
            write_bool(out, g.negated);
            out.extend_from_slice(b",\"modal\":");
            match g.modal {
                Some(modal) => write_str(out, modal),
                None => out.extend_from_slice(b"null"),
            }
            out.extend_from_slice(b",\"hypothetical\":");
            write_bool(out, g.hypothetical);
            out.extend_from_slice(b",\"speech\":");
            write_bool(out, g.speech);
            out.push(b'}');
        }
        out.push(b']');
        serde(out, "reported", &self.reported);
        serde(out, "names", &self.names);
        serde(out, "mentions", &self.mentions);
        serde(out, "timexes", &self.timexes);
        serde(out, "quotes", &self.quotes);
        serde(out, "events", &self.events);
        serde(out, "flags", &self.flags);
        serde(out, "findings", &self.findings);
        serde(out, "engine", &self.engine);
        out.push(b'}');
    }
}

/// `{"start":S,"end":E` (the caller closes the object).
fn write_extent(out: &mut Vec<u8>, start: u32, end: u32) {
    out.extend_from_slice(b"{\"start\":");
    write_u32(out, start);
    out.extend_from_slice(b",\"end\":");
    write_u32(out, end);
}

fn write_bool(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

fn write_u32(out: &mut Vec<u8>, mut value: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A JSON string; one that needs escaping (rare in lemmas and never in tags) goes to serde.
fn write_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        serde_json::to_writer(&mut *out, s).expect("strings serialise");
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

fn event_date(date: &EventDate) -> EventDateRecord<'_> {
    EventDateRecord {
        value: &date.value,
        precision: date.precision,
    }
}
