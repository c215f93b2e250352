//! Writing records: [`Prepared`] is an analysed article turned into rows, built on any thread;
//! [`Archive::store`] writes a batch of them in one transaction.

use std::io::Write;

use dateline_engine::hash::StableHasher;
use dateline_engine::layers::ActorRef;
use dateline_engine::time::calendar::interval_of_value;
use dateline_engine::{Article, ArticleMeta, Document, Finding, FindingCode, Record, Span};
use flate2::Compression;
use rusqlite::{Transaction, params};
use serde::{Deserialize, Serialize};

use crate::{Archive, ArchiveError};

/// One analysed article as rows, ready for [`Archive::store`].
pub struct Prepared {
    pub doc_id: String,
    pub content_hash: String,
    date: String,
    published: Option<String>,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    text: String,
    body_start: i64,
    input_findings: String,
    engine_version: &'static str,
    data_version: String,
    data_hash: String,
    record: Vec<u8>,
    actors: Vec<ActorRef>,
    mentions: Vec<MentionRow>,
    timexes: Vec<TimexRow>,
    quotes: Vec<QuoteRow>,
    events: Vec<EventRow>,
    flags: Vec<FlagRow>,
    findings: Vec<(String, String)>,
}

struct MentionRow {
    start: u32,
    end: u32,
    text: String,
    kind: String,
    actor: Option<String>,
    role: Option<String>,
    holder: Option<String>,
}

struct TimexRow {
    start: u32,
    end: u32,
    text: String,
    kind: String,
    value: String,
    modifier: Option<String>,
    interval: Option<(String, String)>,
}

struct QuoteRow {
    start: u32,
    end: u32,
    text: String,
    kind: String,
    speaker: Option<String>,
    speaker_actor: Option<String>,
    cue: Option<String>,
    channel: Option<String>,
}

struct Party {
    text: String,
    actor: Option<String>,
    country: Option<String>,
    code: Option<String>,
}

struct EventRow {
    start: u32,
    end: u32,
    date: String,
    day: String,
    precision: String,
    kind: String,
    mode: Option<String>,
    context: Option<String>,
    cameo: String,
    goldstein: f64,
    quad_class: u8,
    source: Party,
    target: Option<Party>,
    place_text: Option<String>,
    place_actor: Option<String>,
    lead: bool,
    sentence: String,
}

struct FlagRow {
    code: String,
    severity: String,
    message: String,
    evidence: String,
    facts: String,
}

/// A reader's finding as stored, to rebuild the article for re-analysis (byte offsets).
#[derive(Serialize, Deserialize)]
struct StoredFinding {
    code: String,
    message: String,
    start: Option<u32>,
    end: Option<u32>,
}

/// The hash that tells an edited article from the one stored under the same id: its date,
/// metadata and text.
pub fn content_hash(meta: &ArticleMeta, text: &str) -> String {
    let mut hasher = StableHasher::default();
    hasher.write(meta.date.to_string().as_bytes());
    for field in [&meta.published, &meta.title, &meta.url, &meta.source] {
        hasher.write(&[0]);
        hasher.write(field.as_deref().unwrap_or("").as_bytes());
    }
    hasher.write(&[0]);
    hasher.write(text.as_bytes());
    hasher.hex()
}

/// Serde's name for a unit enum value (`"person"`, `"direct"`): the record's own spelling.
fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The first day a TIMEX3 date value covers (`2021-09` → `2021-09-01`, `2021-W39` → its
/// Monday, `2021-SU` → `2021-06-01`, `199` → `1990-01-01`); `fallback` when it names no day.
pub fn first_day(value: &str, fallback: &str) -> String {
    match interval_of_value(value) {
        Some((start, _)) => start.to_string(),
        None => fallback.to_string(),
    }
}

impl Prepared {
    /// Turns an analysed article into rows. `input_findings` are the reader's findings (the
    /// article's own, before analysis), kept so `reanalyze` can rebuild the same article.
    pub fn new(doc: &Document, record: &Record, input_findings: &[Finding]) -> Prepared {
        let stored_findings: Vec<StoredFinding> = input_findings
            .iter()
            .map(|f| StoredFinding {
                code: f.code.as_str().to_string(),
                message: f.message.clone(),
                start: f.span.map(|s| s.start),
                end: f.span.map(|s| s.end),
            })
            .collect();
        let mut actors: Vec<ActorRef> = Vec::new();
        let mut note_actor = |actor: Option<&ActorRef>| -> Option<String> {
            let actor = actor?;
            if !actors.iter().any(|a| a.id == actor.id) {
                actors.push(actor.clone());
            }
            Some(actor.id.clone())
        };
        let mentions = record
            .mentions
            .iter()
            .map(|m| MentionRow {
                start: m.start,
                end: m.end,
                text: m.text.to_string(),
                kind: label(&m.kind),
                actor: note_actor(m.actor),
                role: m.actor.and_then(|a| a.role.clone()),
                holder: note_actor(m.holder),
            })
            .collect();
        let timexes = record
            .timexes
            .iter()
            .map(|t| TimexRow {
                start: t.start,
                end: t.end,
                text: t.text.to_string(),
                kind: label(&t.timex_type),
                value: t.value.to_string(),
                modifier: t.modifier.map(str::to_string),
                interval: t
                    .interval
                    .as_ref()
                    .map(|i| (i.start.clone(), i.end.clone())),
            })
            .collect();
        let quotes = record
            .quotes
            .iter()
            .map(|q| QuoteRow {
                start: q.start,
                end: q.end,
                text: q.text.to_string(),
                kind: label(&q.kind),
                speaker: q.speaker.as_ref().map(|s| s.text.to_string()),
                speaker_actor: note_actor(q.speaker.as_ref().and_then(|s| s.actor)),
                cue: q.cue.as_ref().map(|c| c.text.to_string()),
                channel: q.channel.as_ref().map(|c| c.text.to_string()),
            })
            .collect();
        let article_date = record.document.date.clone();
        let events = record
            .events
            .iter()
            .zip(&doc.events)
            .map(|(e, inner)| {
                let mut party = |p: &dateline_engine::record::ParticipantRecord| Party {
                    text: p.text.to_string(),
                    actor: note_actor(p.actor),
                    country: p.country.map(str::to_string),
                    code: p.actor.and_then(|a| a.code.clone()),
                };
                let source = party(&e.source);
                let target = e.target.as_ref().map(&mut party);
                EventRow {
                    start: e.start,
                    end: e.end,
                    date: e.date.value.to_string(),
                    day: first_day(e.date.value, &article_date),
                    precision: label(&e.date.precision),
                    kind: e.event_type.to_string(),
                    mode: e.mode.map(str::to_string),
                    context: e.context.map(str::to_string),
                    cameo: e.cameo.to_string(),
                    goldstein: f64::from(e.goldstein),
                    quad_class: e.quad_class,
                    source,
                    target,
                    place_text: e.place.as_ref().map(|p| p.text.to_string()),
                    place_actor: note_actor(e.place.as_ref().and_then(|p| p.actor)),
                    lead: is_lead(doc, inner.span),
                    sentence: sentence_around(doc, inner.span).to_string(),
                }
            })
            .collect();
        let flags = record
            .flags
            .iter()
            .map(|f| FlagRow {
                code: f.code.to_string(),
                severity: label(&f.severity),
                message: f.message.to_string(),
                evidence: serde_json::to_string(&f.evidence).unwrap_or_default(),
                facts: serde_json::to_string(f.facts).unwrap_or_default(),
            })
            .collect();
        let findings = record
            .findings
            .iter()
            .map(|f| (f.code.to_string(), f.message.to_string()))
            .collect();
        let meta = &doc.meta;
        Prepared {
            doc_id: meta.id.clone(),
            content_hash: content_hash(meta, &doc.text),
            date: meta.date.to_string(),
            published: meta.published.clone(),
            title: meta.title.clone(),
            url: meta.url.clone(),
            source: meta.source.clone(),
            text: doc.text.clone(),
            body_start: doc.body_start as i64,
            input_findings: serde_json::to_string(&stored_findings).unwrap_or_default(),
            engine_version: record.engine.version,
            data_version: record.engine.data.version.clone(),
            data_hash: record.engine.data.hash.clone(),
            record: deflate_record(record),
            actors,
            mentions,
            timexes,
            quotes,
            events,
            flags,
            findings,
        }
    }
}

/// The sentence holding a span, or the span itself when no sentence does.
fn sentence_around(doc: &Document, span: Span) -> &str {
    let i = doc.sentences.partition_point(|s| s.span.end <= span.start);
    match doc.sentences.get(i) {
        Some(s) if s.span.start <= span.start => doc.span_text(s.span),
        _ => doc.span_text(span),
    }
}

/// Whether a span lies in the headline or the first sentence of the body.
fn is_lead(doc: &Document, span: Span) -> bool {
    let body = doc.body_start as u32;
    span.start < body
        || doc
            .sentences
            .iter()
            .find(|s| s.span.start >= body)
            .is_some_and(|s| span.start < s.span.end)
}

/// Deflate at the fastest level: records are mostly repetitive JSON keys, so even level 1
/// shrinks them about five times, at a fraction of the analysis's cost. The compressor's
/// state is large (its allocation and zeroing cost more than compressing a record), so each
/// thread keeps one and resets it.
fn deflate_record(record: &Record) -> Vec<u8> {
    use flate2::{Compress, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), false));
    }
    let json = record.to_json().into_bytes();
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(json.len() / 4 + 64);
        loop {
            let consumed = compressor.total_in() as usize;
            let status = compressor
                .compress_vec(&json[consumed..], &mut out, FlushCompress::Finish)
                .expect("deflating to memory cannot fail");
            if status == Status::StreamEnd {
                return out;
            }
            out.reserve(out.capacity().max(64));
        }
    })
}

/// Inflates a stored record back to its JSON text.
pub fn inflate_record(blob: &[u8]) -> Result<String, ArchiveError> {
    let mut decoder = flate2::write::DeflateDecoder::new(Vec::new());
    decoder
        .write_all(blob)
        .and_then(|()| decoder.finish())
        .map_err(|e| ArchiveError::Corrupt(format!("stored record does not inflate: {e}")))
        .and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| ArchiveError::Corrupt("stored record is not UTF-8".into()))
        })
}

/// What one [`Archive::store`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StoreCounts {
    /// Articles not stored before.
    pub added: usize,
    /// Articles stored before under the same id with other content or by another engine.
    pub updated: usize,
    /// Articles stored before exactly as they are now.
    pub unchanged: usize,
}

impl StoreCounts {
    pub fn add(&mut self, other: StoreCounts) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// How an article is stored already, if it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredVersion {
    pub content_hash: String,
    pub engine_version: String,
    pub data_hash: String,
}

impl Archive {
    /// How the article with this id is stored, if it is.
    pub fn stored_version(&self, doc_id: &str) -> Result<Option<StoredVersion>, ArchiveError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT content_hash, engine_version, data_hash FROM articles WHERE doc_id = ?1",
        )?;
        let mut rows = stmt.query([doc_id])?;
        Ok(match rows.next()? {
            Some(row) => Some(StoredVersion {
                content_hash: row.get(0)?,
                engine_version: row.get(1)?,
                data_hash: row.get(2)?,
            }),
            None => None,
        })
    }

    /// Writes a batch in one transaction: all of it is stored, or none of it. An article whose
    /// id is stored already is replaced when its content or the engine changed, and left alone
    /// otherwise; an id never appears twice.
    pub fn store(&mut self, batch: &[Prepared]) -> Result<StoreCounts, ArchiveError> {
        let tx = self.conn.transaction()?;
        let mut counts = StoreCounts::default();
        for item in batch {
            match store_one(&tx, item)? {
                Outcome::Added => counts.added += 1,
                Outcome::Updated => counts.updated += 1,
                Outcome::Unchanged => counts.unchanged += 1,
            }
        }
        tx.commit()?;
        Ok(counts)
    }
}

enum Outcome {
    Added,
    Updated,
    Unchanged,
}

const LAYER_TABLES: [&str; 6] = [
    "mentions", "timexes", "quotes", "events", "flags", "findings",
];

fn store_one(tx: &Transaction, item: &Prepared) -> Result<Outcome, ArchiveError> {
    let existing: Option<(i64, String, String, String, Option<String>, String)> = tx
        .prepare_cached(
            "SELECT id, content_hash, engine_version, data_hash, title, text \
             FROM articles WHERE doc_id = ?1",
        )?
        .query_row([&item.doc_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    let outcome = match &existing {
        Some((_, hash, engine, data, _, _))
            if *hash == item.content_hash
                && engine == item.engine_version
                && *data == item.data_hash =>
        {
            return Ok(Outcome::Unchanged);
        }
        Some(_) => Outcome::Updated,
        None => Outcome::Added,
    };
    let values = params![
        item.doc_id,
        item.content_hash,
        item.date,
        item.published,
        item.title,
        item.url,
        item.source,
        item.text,
        item.body_start,
        item.input_findings,
        item.engine_version,
        item.data_version,
        item.data_hash,
        item.record,
    ];
    let article = if let Some((id, _, _, _, old_title, old_text)) = &existing {
        tx.prepare_cached(
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) \
             VALUES ('delete', ?1, ?2, ?3)",
        )?
        .execute(params![id, old_title, old_text])?;
        for table in LAYER_TABLES {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))?
                .execute([id])?;
        }
        tx.prepare_cached(
            "UPDATE articles SET doc_id = ?1, content_hash = ?2, date = ?3, published = ?4, \
             title = ?5, url = ?6, source = ?7, text = ?8, body_start = ?9, \
             input_findings = ?10, engine_version = ?11, data_version = ?12, data_hash = ?13, \
             record = ?14 WHERE id = ?15",
        )?
        .execute(rusqlite::params_from_iter(
            values
                .iter()
                .copied()
                .chain(std::iter::once(id as &dyn rusqlite::ToSql)),
        ))?;
        *id
    } else {
        tx.prepare_cached(
            "INSERT INTO articles (doc_id, content_hash, date, published, title, url, source, \
             text, body_start, input_findings, engine_version, data_version, data_hash, record) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?
        .execute(values)?;
        tx.last_insert_rowid()
    };
    tx.prepare_cached("INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![article, item.title, item.text])?;
    store_layers(tx, article, item)?;
    Ok(outcome)
}

fn store_layers(tx: &Transaction, article: i64, item: &Prepared) -> Result<(), ArchiveError> {
    let mut actor = tx.prepare_cached(
        "INSERT INTO actors (id, name, country, sector, code) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, country = excluded.country, \
         sector = excluded.sector, code = excluded.code",
    )?;
    for a in &item.actors {
        actor.execute(params![a.id, a.name, a.country, a.sector, a.code])?;
    }
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (article, start, end, text, kind, actor, role, holder) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for m in &item.mentions {
        mention.execute(params![
            article, m.start, m.end, m.text, m.kind, m.actor, m.role, m.holder
        ])?;
    }
    let mut timex = tx.prepare_cached(
        "INSERT INTO timexes (article, start, end, text, type, value, mod, interval_start, \
         interval_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for t in &item.timexes {
        let (start, end) = t.interval.clone().unzip();
        timex.execute(params![
            article, t.start, t.end, t.text, t.kind, t.value, t.modifier, start, end
        ])?;
    }
    let mut quote = tx.prepare_cached(
        "INSERT INTO quotes (article, start, end, text, kind, speaker, speaker_actor, cue, \
         channel) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for q in &item.quotes {
        quote.execute(params![
            article,
            q.start,
            q.end,
            q.text,
            q.kind,
            q.speaker,
            q.speaker_actor,
            q.cue,
            q.channel
        ])?;
    }
    let mut event = tx.prepare_cached(
        "INSERT INTO events (article, start, end, date, day, precision, type, mode, context, \
         cameo, goldstein, quad_class, source_text, source_actor, source_country, source_code, \
         target_text, target_actor, target_country, target_code, place_text, place_actor, \
         lead, sentence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
         ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    )?;
    for e in &item.events {
        let t = e.target.as_ref();
        event.execute(params![
            article,
            e.start,
            e.end,
            e.date,
            e.day,
            e.precision,
            e.kind,
            e.mode,
            e.context,
            e.cameo,
            e.goldstein,
            e.quad_class,
            e.source.text,
            e.source.actor,
            e.source.country,
            e.source.code,
            t.map(|p| &p.text),
            t.and_then(|p| p.actor.as_ref()),
            t.and_then(|p| p.country.as_ref()),
            t.and_then(|p| p.code.as_ref()),
            e.place_text,
            e.place_actor,
            e.lead,
            e.sentence,
        ])?;
    }
    let mut flag = tx.prepare_cached(
        "INSERT INTO flags (article, code, severity, message, evidence, facts) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for f in &item.flags {
        flag.execute(params![
            article, f.code, f.severity, f.message, f.evidence, f.facts
        ])?;
    }
    let mut finding =
        tx.prepare_cached("INSERT INTO findings (article, code, message) VALUES (?1, ?2, ?3)")?;
    for (code, message) in &item.findings {
        finding.execute(params![article, code, message])?;
    }
    Ok(())
}

/// An article as stored, rebuilt for re-analysis.
pub struct StoredArticle {
    pub article: Article,
    pub engine_version: String,
    pub data_hash: String,
}

impl Archive {
    /// The stored articles analysed by another engine version or other data than
    /// `engine_version`/`data_hash`, rebuilt as the reader gave them, in storage order.
    pub fn outdated(
        &self,
        engine_version: &str,
        data_hash: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, StoredArticle)>, ArchiveError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, doc_id, date, published, title, url, source, text, body_start, \
             input_findings, engine_version, data_hash FROM articles \
             WHERE id > ?1 AND (engine_version <> ?2 OR data_hash <> ?3) ORDER BY id LIMIT ?4",
        )?;
        let rows = stmt.query_map(
            params![after, engine_version, data_hash, limit as i64],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, i64>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, String>(11)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                doc_id,
                date,
                published,
                title,
                url,
                source,
                text,
                body_start,
                findings,
                ev,
                dh,
            ) = row?;
            let date = dateline_engine::article::parse_calendar_date(&date)
                .map_err(|e| ArchiveError::Corrupt(format!("article {doc_id}: date: {e}")))?;
            let stored: Vec<StoredFinding> = serde_json::from_str(&findings)
                .map_err(|e| ArchiveError::Corrupt(format!("article {doc_id}: findings: {e}")))?;
            let findings = stored
                .into_iter()
                .filter_map(|f| {
                    let code = FindingCode::ALL
                        .into_iter()
                        .find(|c| c.as_str() == f.code)?;
                    let finding = Finding::new(code, f.message);
                    Some(match (f.start, f.end) {
                        (Some(s), Some(e)) => finding.at(s as usize, e as usize),
                        _ => finding,
                    })
                })
                .collect();
            let article = Article {
                meta: ArticleMeta {
                    id: doc_id,
                    date,
                    published,
                    title,
                    url,
                    source,
                },
                text,
                body_start: body_start as usize,
                findings,
            };
            out.push((
                id,
                StoredArticle {
                    article,
                    engine_version: ev,
                    data_hash: dh,
                },
            ));
        }
        Ok(out)
    }
}
