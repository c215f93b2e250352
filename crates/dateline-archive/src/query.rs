//! Reading the archive: full-text search, events and their counts, an actor's timeline,
//! quotes, flags and totals. Every query returns plain rows; the CLI renders them.

use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};
use serde::Serialize;

use crate::{Archive, ArchiveError};

/// A knowledge-base actor seen in the archive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub code: Option<String>,
}

/// Filters shared by `search`, `quotes` and `flags`. Dates are `YYYY-MM-DD`, inclusive, on
/// the article's date.
#[derive(Clone, Debug, Default)]
pub struct SearchFilters {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Articles that mention this actor (id, name, code, or part of a name).
    pub actor: Option<String>,
    /// Articles that mention an actor of this country (ISO 3166 alpha-3).
    pub country: Option<String>,
    /// Articles with an event of this PLOVER type (`ACCUSE`) or CAMEO code prefix (`11`).
    pub event_type: Option<String>,
    /// Articles with a flag: `Some("")` for any flag, or a code or code family
    /// (`office.anachronism`, `office`).
    pub flag: Option<String>,
    pub limit: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub date: String,
    pub title: Option<String>,
    /// The best passage, matched terms in `[…]`.
    pub snippet: String,
    /// BM25 relevance: higher is better.
    pub score: f64,
}

/// One side of an event.
#[derive(Clone, Debug, Serialize)]
pub struct Party {
    pub text: String,
    pub actor: Option<String>,
    pub name: Option<String>,
    pub country: Option<String>,
    pub code: Option<String>,
}

impl Party {
    /// The name a reader knows the party by: the actor's name, else the words of the text.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.text)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct EventHit {
    /// The article's id and date.
    pub article: String,
    pub article_date: String,
    /// The event's date as coded, and the first day it covers.
    pub date: String,
    pub day: String,
    pub precision: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub goldstein: f64,
    pub quad_class: u8,
    pub source: Party,
    pub target: Option<Party>,
    pub place: Option<String>,
    pub sentence: String,
    pub url: Option<String>,
    /// The event row's id, stable while the article is not re-analysed.
    #[serde(skip)]
    pub row: i64,
    #[serde(skip)]
    pub lead: bool,
}

/// Filters of `events` and `timeline`; dates bound the event's day, inclusive.
#[derive(Clone, Debug, Default)]
pub struct EventFilters {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Events with this actor as source or target.
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// Events with a source or target of this country.
    pub country: Option<String>,
    pub event_type: Option<String>,
    pub limit: usize,
}

/// The bucket of an event count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    /// ISO 8601 weeks: `2021-W39`.
    Week,
    Month,
    Year,
}

#[derive(Clone, Debug, Serialize)]
pub struct CountRow {
    /// The period (`2021-09`), or null when counts are not by period.
    pub period: Option<String>,
    /// The dyad, when counted by dyad.
    pub source: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub target: Option<String>,
    pub events: i64,
    pub articles: i64,
}

/// One step of an actor's timeline: an event it took part in or something it said.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "entry", rename_all = "lowercase")]
pub enum TimelineEntry {
    Event(Box<EventHit>),
    Quote(Box<QuoteHit>),
}

impl TimelineEntry {
    /// The day the entry is placed on: the event's date, or the article's for a quote.
    pub fn day(&self) -> &str {
        match self {
            TimelineEntry::Event(e) => &e.day,
            TimelineEntry::Quote(q) => &q.date,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteHit {
    pub article: String,
    pub date: String,
    pub kind: String,
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_actor: Option<String>,
    pub speaker_name: Option<String>,
    pub cue: Option<String>,
    pub channel: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FlagHit {
    pub article: String,
    pub date: String,
    pub title: Option<String>,
    pub code: String,
    pub severity: String,
    pub message: String,
    pub evidence: serde_json::Value,
    pub facts: serde_json::Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct VersionCount {
    pub engine_version: String,
    pub data_version: String,
    pub data_hash: String,
    pub articles: i64,
}

/// Totals of an archive.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub schema_version: u32,
    pub articles: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub mentions: i64,
    pub linked_mentions: i64,
    pub actors: i64,
    pub timexes: i64,
    pub quotes: i64,
    pub events: i64,
    pub flags: i64,
    pub findings: i64,
    /// Articles by the engine and data that analysed them.
    pub versions: Vec<VersionCount>,
}

/// Turns what a user types into an FTS5 query: words and `"phrases"` as they are, FTS5's
/// operators (`AND`, `OR`, `NOT`, `NEAR(…)`, a trailing `*`) kept, and any other word quoted
/// so that "North Korea's" or "U.S." searches for the words instead of failing as syntax.
pub fn fts_query(input: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut rest = input.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').unwrap_or(after.len());
            out.push(format!("\"{}\"", &after[..end]));
            rest = after.get(end + 1..).unwrap_or("").trim_start();
            continue;
        }
        // NEAR(a b, 5) is one group, spaces and all.
        let end = if rest.starts_with("NEAR(") {
            rest.find(')').map_or(rest.len(), |i| i + 1)
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        let word = &rest[..end];
        rest = rest[end..].trim_start();
        let bare = word.trim_end_matches('*');
        let plain = !bare.is_empty() && bare.chars().all(|c| c.is_alphanumeric() || c == '_');
        if matches!(word, "AND" | "OR" | "NOT") || word.starts_with("NEAR(") || plain {
            out.push(word.to_string());
        } else {
            let suffix = if word.ends_with('*') { "*" } else { "" };
            out.push(format!("\"{}\"{suffix}", bare.replace('"', "")));
        }
    }
    out.join(" ")
}

/// SQL conditions with their parameters, joined by AND.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    params: Vec<Value>,
}

impl Conditions {
    /// Adds a condition whose `?` placeholders take `values` in order.
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut numbered = String::with_capacity(sql.len() + 8);
        for c in sql.chars() {
            numbered.push(c);
            if c == '?' {
                self.params
                    .push(values.next().expect("a value for every placeholder"));
                numbered.push_str(&self.params.len().to_string());
            }
        }
        debug_assert!(values.next().is_none(), "a placeholder for every value");
        self.sql.push(numbered);
    }

    fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }

    fn and_clause(&self) -> String {
        self.sql.iter().map(|c| format!(" AND {c}")).collect()
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A LIKE pattern for `words` anywhere, with `%`, `_` and `\` taken literally
/// (used with `ESCAPE '\'`).
fn contains(words: &str) -> Value {
    let escaped = words
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Value::Text(format!("%{escaped}%"))
}

/// The upper bound of the strings that start with `prefix`, for `x >= prefix AND x < bound`
/// (which an index serves, where `LIKE prefix%` does not).
fn prefix_bound(prefix: &str) -> Value {
    Value::Text(format!("{prefix}\u{10ffff}"))
}

/// A JSON array of actor ids, for `IN (SELECT value FROM json_each(?))`.
fn id_list(actors: &[ActorRow]) -> Value {
    let ids: Vec<&str> = actors.iter().map(|a| a.id.as_str()).collect();
    Value::Text(serde_json::to_string(&ids).expect("strings serialise"))
}

const EVENT_COLUMNS: &str = "e.rowid, a.doc_id, a.date, e.date, e.day, e.precision, e.type, \
    e.mode, e.cameo, e.goldstein, e.quad_class, e.source_text, e.source_actor, s.name, \
    e.source_country, e.source_code, e.target_text, e.target_actor, t.name, e.target_country, \
    e.target_code, e.place_text, e.sentence, a.url, e.lead";

const EVENT_FROM: &str = "FROM events e JOIN articles a ON a.id = e.article \
    LEFT JOIN actors s ON s.id = e.source_actor LEFT JOIN actors t ON t.id = e.target_actor";

fn event_hit(r: &Row) -> rusqlite::Result<EventHit> {
    let target_text: Option<String> = r.get(16)?;
    Ok(EventHit {
        row: r.get(0)?,
        article: r.get(1)?,
        article_date: r.get(2)?,
        date: r.get(3)?,
        day: r.get(4)?,
        precision: r.get(5)?,
        event_type: r.get(6)?,
        mode: r.get(7)?,
        cameo: r.get(8)?,
        goldstein: r.get(9)?,
        quad_class: r.get(10)?,
        source: Party {
            text: r.get(11)?,
            actor: r.get(12)?,
            name: r.get(13)?,
            country: r.get(14)?,
            code: r.get(15)?,
        },
        target: match target_text {
            Some(text) => Some(Party {
                text,
                actor: r.get(17)?,
                name: r.get(18)?,
                country: r.get(19)?,
                code: r.get(20)?,
            }),
            None => None,
        },
        place: r.get(21)?,
        sentence: r.get(22)?,
        url: r.get(23)?,
        lead: r.get(24)?,
    })
}

const QUOTE_COLUMNS: &str = "a.doc_id, a.date, q.kind, q.text, q.speaker, q.speaker_actor, \
    s.name, q.cue, q.channel";

fn quote_hit(r: &Row) -> rusqlite::Result<QuoteHit> {
    Ok(QuoteHit {
        article: r.get(0)?,
        date: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        speaker: r.get(4)?,
        speaker_actor: r.get(5)?,
        speaker_name: r.get(6)?,
        cue: r.get(7)?,
        channel: r.get(8)?,
    })
}

impl Archive {
    /// The actors a user's words name: an exact id, name (any case) or actor code; failing
    /// those, every actor whose name contains the words. Empty when none does.
    pub fn resolve_actor(&self, query: &str) -> Result<Vec<ActorRow>, ArchiveError> {
        let query = query.trim();
        let actor = |r: &Row| {
            Ok(ActorRow {
                id: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                sector: r.get(3)?,
                code: r.get(4)?,
            })
        };
        let exact: Vec<ActorRow> = self
            .conn
            .prepare_cached(
                "SELECT id, name, country, sector, code FROM actors \
                 WHERE id = ?1 OR name = ?1 COLLATE NOCASE OR code = ?1 ORDER BY id",
            )?
            .query_map([query], actor)?
            .collect::<Result<_, _>>()?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name, country, sector, code FROM actors \
                 WHERE name LIKE ?1 ESCAPE '\\' ORDER BY name LIMIT 50",
            )?
            .query_map([contains(query)], actor)?
            .collect::<Result<_, _>>()?)
    }

    /// Actors a filter names, or an error saying none is known.
    fn actors_named(&self, query: &str) -> Result<Vec<ActorRow>, ArchiveError> {
        let actors = self.resolve_actor(query)?;
        if actors.is_empty() {
            return Err(ArchiveError::Query(format!(
                "no actor in the archive is called {query:?}"
            )));
        }
        Ok(actors)
    }

    fn article_conditions(&self, f: &SearchFilters) -> Result<Conditions, ArchiveError> {
        let mut c = Conditions::default();
        if let Some(from) = &f.from {
            c.push("a.date >= ?", [text(from)]);
        }
        if let Some(to) = &f.to {
            c.push("a.date <= ?", [text(to)]);
        }
        // Each filter is a set of article ids its own index finds.
        if let Some(actor) = &f.actor {
            let actors = self.actors_named(actor)?;
            c.push(
                "a.id IN (SELECT m.article FROM mentions m \
                 WHERE m.actor IN (SELECT value FROM json_each(?)))",
                [id_list(&actors)],
            );
        }
        if let Some(country) = &f.country {
            c.push(
                "a.id IN (SELECT m.article FROM actors x JOIN mentions m ON m.actor = x.id \
                 WHERE x.country = ?)",
                [text(&country.to_uppercase())],
            );
        }
        if let Some(kind) = &f.event_type {
            c.push(
                "a.id IN (SELECT e.article FROM events e WHERE e.type = ? \
                 UNION SELECT e.article FROM events e WHERE e.cameo >= ? AND e.cameo < ?)",
                [text(&kind.to_uppercase()), text(kind), prefix_bound(kind)],
            );
        }
        if let Some(flag) = &f.flag {
            if flag.is_empty() {
                c.push("a.id IN (SELECT g.article FROM flags g)", []);
            } else {
                c.push(
                    "a.id IN (SELECT g.article FROM flags g WHERE g.code = ? \
                     OR (g.code >= ? AND g.code < ?))",
                    [
                        text(flag),
                        text(&format!("{flag}.")),
                        prefix_bound(&format!("{flag}.")),
                    ],
                );
            }
        }
        Ok(c)
    }

    /// Full-text search over headlines and texts, best matches first. The query is words,
    /// `"phrases"` and FTS5's operators; with no words, the filtered articles newest first.
    pub fn search(&self, query: &str, f: &SearchFilters) -> Result<Vec<SearchHit>, ArchiveError> {
        let mut c = self.article_conditions(f)?;
        let match_query = fts_query(query);
        let limit = f.limit.max(1) as i64;
        let hit = |r: &Row| {
            Ok(SearchHit {
                id: r.get(0)?,
                date: r.get(1)?,
                title: r.get(2)?,
                snippet: r.get(3)?,
                score: r.get(4)?,
            })
        };
        let rows = if match_query.is_empty() {
            let sql = format!(
                "SELECT a.doc_id, a.date, a.title, substr(a.text, 1, 160), 0.0 FROM articles a{} \
                 ORDER BY a.date DESC, a.id DESC LIMIT {limit}",
                c.where_clause()
            );
            let mut stmt = self.conn.prepare(&sql)?;
            stmt.query_map(params_from_iter(c.params.iter()), hit)?
                .collect::<Result<Vec<_>, _>>()
        } else {
            c.params.push(Value::Text(match_query));
            let match_param = c.params.len();
            let conditions = c.and_clause();
            let sql = format!(
                "SELECT a.doc_id, a.date, a.title, \
                 snippet(articles_fts, 1, '[', ']', '…', 16), -rank \
                 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid \
                 WHERE articles_fts MATCH ?{match_param}{conditions} ORDER BY rank LIMIT {limit}"
            );
            let mut stmt = self.conn.prepare(&sql)?;
            stmt.query_map(params_from_iter(c.params.iter()), hit)?
                .collect::<Result<Vec<_>, _>>()
        };
        rows.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(message)) if message.contains("fts5") => {
                ArchiveError::Query(message)
            }
            e => e.into(),
        })
    }

    fn event_conditions(&self, f: &EventFilters) -> Result<Conditions, ArchiveError> {
        let mut c = Conditions::default();
        if let Some(from) = &f.from {
            c.push("e.day >= ?", [text(from)]);
        }
        if let Some(to) = &f.to {
            c.push("e.day <= ?", [text(to)]);
        }
        if let Some(actor) = &f.actor {
            let ids = id_list(&self.actors_named(actor)?);
            c.push(
                "(e.source_actor IN (SELECT value FROM json_each(?)) \
                 OR e.target_actor IN (SELECT value FROM json_each(?)))",
                [ids.clone(), ids],
            );
        }
        if let Some(source) = &f.source {
            c.push(
                "e.source_actor IN (SELECT value FROM json_each(?))",
                [id_list(&self.actors_named(source)?)],
            );
        }
        if let Some(target) = &f.target {
            c.push(
                "e.target_actor IN (SELECT value FROM json_each(?))",
                [id_list(&self.actors_named(target)?)],
            );
        }
        if let Some(country) = &f.country {
            let country = country.to_uppercase();
            c.push(
                "(e.source_country = ? OR e.target_country = ?)",
                [text(&country), text(&country)],
            );
        }
        if let Some(kind) = &f.event_type {
            c.push(
                "(e.type = ? OR (e.cameo >= ? AND e.cameo < ?))",
                [text(&kind.to_uppercase()), text(kind), prefix_bound(kind)],
            );
        }
        Ok(c)
    }

    /// Events in date order (by the event's own date, then the article's).
    pub fn events(&self, f: &EventFilters) -> Result<Vec<EventHit>, ArchiveError> {
        let mut out = Vec::new();
        self.for_each_event::<ArchiveError>(f, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `each` with the events [`Archive::events`] would list, one at a time, so an
    /// export of millions of events needs no memory for them.
    pub fn for_each_event<E: From<ArchiveError>>(
        &self,
        f: &EventFilters,
        mut each: impl FnMut(EventHit) -> Result<(), E>,
    ) -> Result<(), E> {
        let c = self.event_conditions(f)?;
        let sql = format!(
            "SELECT {EVENT_COLUMNS} {EVENT_FROM}{} ORDER BY e.day, a.date, e.rowid LIMIT {}",
            c.where_clause(),
            f.limit.max(1)
        );
        let mut stmt = self.conn.prepare(&sql).map_err(ArchiveError::from)?;
        let mut rows = stmt
            .query(params_from_iter(c.params.iter()))
            .map_err(ArchiveError::from)?;
        while let Some(row) = rows.next().map_err(ArchiveError::from)? {
            each(event_hit(row).map_err(ArchiveError::from)?)?;
        }
        Ok(())
    }

    /// Event counts, by period and/or by dyad (source, type, target): periods in date order,
    /// dyads by count within each.
    pub fn count_events(
        &self,
        f: &EventFilters,
        period: Option<Period>,
        by_dyad: bool,
    ) -> Result<Vec<CountRow>, ArchiveError> {
        let c = self.event_conditions(f)?;
        let period_sql = match period {
            None => "NULL",
            Some(Period::Day) => "e.day",
            Some(Period::Week) => "strftime('%G-W%V', e.day)",
            Some(Period::Month) => "substr(e.day, 1, 7)",
            Some(Period::Year) => "substr(e.day, 1, 4)",
        };
        let (source, kind, target) = if by_dyad {
            (
                "coalesce(s.name, e.source_country, e.source_text)",
                "e.type",
                "coalesce(t.name, e.target_country, e.target_text)",
            )
        } else {
            ("NULL", "NULL", "NULL")
        };
        let order = match (period.is_some(), by_dyad) {
            (true, true) => "1, 5 DESC, 2, 3, 4",
            (true, false) => "1",
            _ => "5 DESC, 2, 3, 4",
        };
        let sql = format!(
            "SELECT {period_sql}, {source}, {kind}, {target}, count(*), count(DISTINCT e.article) \
             {EVENT_FROM}{} GROUP BY 1, 2, 3, 4 ORDER BY {order} LIMIT {}",
            c.where_clause(),
            f.limit.max(1)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(c.params.iter()), |r| {
            Ok(CountRow {
                period: r.get(0)?,
                source: r.get(1)?,
                event_type: r.get(2)?,
                target: r.get(3)?,
                events: r.get(4)?,
                articles: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What an actor did (events as source or target) and said (quotes), in date order by
    /// event date; quotes are placed on their article's date.
    pub fn timeline(
        &self,
        actor: &str,
        f: &EventFilters,
    ) -> Result<(Vec<ActorRow>, Vec<TimelineEntry>), ArchiveError> {
        let actors = self.actors_named(actor)?;
        let events = self.events(&EventFilters {
            actor: Some(actor.to_string()),
            ..f.clone()
        })?;
        let quotes = self.quotes_by(
            &actors,
            None,
            &SearchFilters {
                from: f.from.clone(),
                to: f.to.clone(),
                limit: f.limit,
                ..SearchFilters::default()
            },
        )?;
        let mut entries: Vec<TimelineEntry> = events
            .into_iter()
            .map(|e| TimelineEntry::Event(Box::new(e)))
            .chain(
                quotes
                    .into_iter()
                    .map(|q| TimelineEntry::Quote(Box::new(q))),
            )
            .collect();
        // Stable: events before quotes on the same day, each in its own order.
        entries.sort_by(|a, b| a.day().cmp(b.day()));
        entries.truncate(f.limit.max(1));
        Ok((actors, entries))
    }

    /// Quotes by a speaker (an actor, or words of the speaker's own text such as "a State
    /// Department official"), or all quotes without a speaker filter; in date order.
    pub fn quotes(
        &self,
        speaker: Option<&str>,
        f: &SearchFilters,
    ) -> Result<Vec<QuoteHit>, ArchiveError> {
        match speaker {
            Some(s) => {
                let actors = self.resolve_actor(s)?;
                self.quotes_by(&actors, Some(s), f)
            }
            None => self.quotes_by(&[], None, f),
        }
    }

    fn quotes_by(
        &self,
        actors: &[ActorRow],
        speaker_text: Option<&str>,
        f: &SearchFilters,
    ) -> Result<Vec<QuoteHit>, ArchiveError> {
        let mut c = self.article_conditions(&SearchFilters {
            limit: f.limit,
            ..f.clone()
        })?;
        match (actors.is_empty(), speaker_text) {
            (false, Some(words)) => c.push(
                "q.rowid IN (SELECT rowid FROM quotes \
                 WHERE speaker_actor IN (SELECT value FROM json_each(?)) \
                 UNION SELECT rowid FROM quotes WHERE speaker LIKE ? ESCAPE '\\')",
                [id_list(actors), contains(words)],
            ),
            (false, None) => c.push(
                "q.speaker_actor IN (SELECT value FROM json_each(?))",
                [id_list(actors)],
            ),
            (true, Some(words)) => {
                c.push("q.speaker LIKE ? ESCAPE '\\'", [contains(words)]);
            }
            (true, None) => {}
        }
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article \
             LEFT JOIN actors s ON s.id = q.speaker_actor{} \
             ORDER BY a.date, a.id, q.start LIMIT {}",
            c.where_clause(),
            f.limit.max(1)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(c.params.iter()), quote_hit)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Flags, newest articles first; `f.flag` narrows to a code or family, `severity` to a
    /// minimum (`info` < `warning` < `error`).
    pub fn flags(
        &self,
        f: &SearchFilters,
        severity: Option<&str>,
    ) -> Result<Vec<FlagHit>, ArchiveError> {
        let code = f.flag.clone();
        let mut c = self.article_conditions(&SearchFilters {
            flag: None,
            ..f.clone()
        })?;
        if let Some(code) = code.filter(|c| !c.is_empty()) {
            let family = format!("{code}.");
            c.push(
                "(g.code = ? OR (g.code >= ? AND g.code < ?))",
                [text(&code), text(&family), prefix_bound(&family)],
            );
        }
        if let Some(min) = severity {
            let allowed: &[&str] = match min {
                "info" => &["info", "warning", "error"],
                "warning" => &["warning", "error"],
                "error" => &["error"],
                other => {
                    return Err(ArchiveError::Query(format!(
                        "unknown severity {other:?} (info, warning or error)"
                    )));
                }
            };
            let list = serde_json::to_string(allowed).expect("strings serialise");
            c.push(
                "g.severity IN (SELECT value FROM json_each(?))",
                [Value::Text(list)],
            );
        }
        let sql = format!(
            "SELECT a.doc_id, a.date, a.title, g.code, g.severity, g.message, g.evidence, \
             g.facts FROM flags g JOIN articles a ON a.id = g.article{} \
             ORDER BY a.date DESC, a.id, g.rowid LIMIT {}",
            c.where_clause(),
            f.limit.max(1)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(c.params.iter()), |r| {
            let json = |i: usize| -> rusqlite::Result<serde_json::Value> {
                let s: String = r.get(i)?;
                Ok(serde_json::from_str(&s).unwrap_or(serde_json::Value::Null))
            };
            Ok(FlagHit {
                article: r.get(0)?,
                date: r.get(1)?,
                title: r.get(2)?,
                code: r.get(3)?,
                severity: r.get(4)?,
                message: r.get(5)?,
                evidence: json(6)?,
                facts: json(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The actors mentioned in the most articles, most first (for benchmarks and overviews).
    pub fn top_actors(&self, n: usize) -> Result<Vec<(ActorRow, i64)>, ArchiveError> {
        let mut stmt = self.conn.prepare(
            "SELECT x.id, x.name, x.country, x.sector, x.code, count(DISTINCT m.article) \
             FROM mentions m JOIN actors x ON x.id = m.actor GROUP BY x.id ORDER BY 6 DESC, 1 \
             LIMIT ?1",
        )?;
        let rows = stmt.query_map([n as i64], |r| {
            Ok((
                ActorRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    sector: r.get(3)?,
                    code: r.get(4)?,
                },
                r.get(5)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Totals.
    pub fn stats(&self) -> Result<Stats, ArchiveError> {
        let count = |sql: &str| -> Result<i64, ArchiveError> {
            Ok(self.conn.query_row(sql, [], |r| r.get(0))?)
        };
        let (first_date, last_date) =
            self.conn
                .query_row("SELECT min(date), max(date) FROM articles", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        let mut stmt = self.conn.prepare(
            "SELECT engine_version, data_version, data_hash, count(*) FROM articles \
             GROUP BY 1, 2, 3 ORDER BY 4 DESC",
        )?;
        let versions = stmt
            .query_map([], |r| {
                Ok(VersionCount {
                    engine_version: r.get(0)?,
                    data_version: r.get(1)?,
                    data_hash: r.get(2)?,
                    articles: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Stats {
            schema_version: self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?,
            articles: count("SELECT count(*) FROM articles")?,
            first_date,
            last_date,
            mentions: count("SELECT count(*) FROM mentions")?,
            linked_mentions: count("SELECT count(*) FROM mentions WHERE actor IS NOT NULL")?,
            actors: count("SELECT count(*) FROM actors")?,
            timexes: count("SELECT count(*) FROM timexes")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            events: count("SELECT count(*) FROM events")?,
            flags: count("SELECT count(*) FROM flags")?,
            findings: count("SELECT count(*) FROM findings")?,
            versions,
        })
    }
}
