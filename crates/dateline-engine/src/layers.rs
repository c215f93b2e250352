//! The analysis layers above the text: actor mentions, time expressions, quotes, events and
//! flags. Their shapes are fixed by the record format (`docs/record.md`); the annotators that
//! fill them come with later layers of the engine, and until then each is an empty array.

use serde::Serialize;

use crate::span::Span;

/// A knowledge-base actor a mention, speaker or participant links to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRef {
    /// Stable knowledge-base id.
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub sector: Option<String>,
    /// The role the actor held on the relevant date (e.g. `head-of-state`).
    pub role: Option<String>,
    /// Event-data actor code (CAMEO style, e.g. `PRKGOV`).
    pub code: Option<String>,
}

/// What kind of thing a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Person,
    Government,
    Organisation,
    Country,
    Place,
    Other,
}

/// A mention of an actor.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub kind: MentionKind,
    pub actor: Option<ActorRef>,
    /// For a government named by its leader ("the Obama administration", "Biden's
    /// government"): that leader.
    pub holder: Option<ActorRef>,
}

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// A half-open interval of calendar dates, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateInterval {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
}

/// A time expression normalised against the article date.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    pub span: Span,
    pub timex_type: TimexType,
    pub value: String,
    pub modifier: Option<String>,
    pub freq: Option<String>,
    pub quant: Option<String>,
    pub interval: Option<DateInterval>,
    /// The name of the rule that found it (`data/time/rules.txt`).
    pub rule: Box<str>,
}

/// How a quote is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker {
    pub span: Span,
    pub actor: Option<ActorRef>,
    /// For a pronoun or a description ("he", "the spokesman"), or a phrase around a name ("a
    /// spokesman for the ministry"): the mention it was resolved to.
    pub antecedent: Option<Span>,
}

/// A quotation or attributed statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    pub cue: Option<Span>,
    pub channel: Option<Span>,
}

/// A source or target of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub span: Span,
    pub actor: Option<ActorRef>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
}

/// When an event happened, as precisely as the text says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventDate {
    /// A TIMEX3-style date value (`2021-09-30`, `2021-09`, `2021-W39`).
    pub value: String,
    pub precision: DatePrecision,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub span: Span,
    pub actor: Option<ActorRef>,
}

/// Who did what to whom: a PLOVER event with its CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub span: Span,
    /// PLOVER event type, e.g. `ACCUSE`.
    pub event_type: String,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub cameo: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub source: Participant,
    pub target: Option<Participant>,
    pub date: EventDate,
    pub place: Option<Place>,
}

/// How serious a flag is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something that contradicts the timeline or the article itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// Stable code, e.g. `office.anachronism`.
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub evidence: Vec<Span>,
    /// The knowledge-base facts the flag rests on.
    pub facts: Vec<serde_json::Value>,
}
