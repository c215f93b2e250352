//! The database schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. Each migration moves the schema one version
//! up inside one transaction, so a database is always at a version the code knows. A database
//! from a newer dateline is refused rather than half-understood.

use rusqlite::{Connection, TransactionBehavior};

use crate::ArchiveError;

/// The migrations in order: `MIGRATIONS[n]` takes a database from version `n` to `n + 1`.
const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Version 1: articles with their stored record, the layers users filter on as tables, and an
/// external-content FTS5 index over headline and text (the text is stored once).
const V1: &str = r#"
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    doc_id         TEXT NOT NULL UNIQUE,
    -- FNV-1a of date, title and text: tells an unchanged article from an edited one.
    content_hash   TEXT NOT NULL,
    date           TEXT NOT NULL,
    published      TEXT,
    title          TEXT,
    url            TEXT,
    source         TEXT,
    text           TEXT NOT NULL,
    -- Byte offset of the body in `text`, and what the reader noticed: enough to analyse the
    -- article again exactly as it was received.
    body_start     INTEGER NOT NULL,
    input_findings TEXT NOT NULL,
    engine_version TEXT NOT NULL,
    data_version   TEXT NOT NULL,
    data_hash      TEXT NOT NULL,
    -- The whole record (dateline.record/1 JSON), deflated.
    record         BLOB NOT NULL
);
CREATE INDEX articles_date ON articles(date);
CREATE INDEX articles_content_hash ON articles(content_hash);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
-- Rank by BM25 with a word in the headline worth two in the text (`text` holds the headline
-- too, so a headline word counts in both columns).
INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');

CREATE TABLE actors (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    country TEXT,
    sector  TEXT,
    code    TEXT
) WITHOUT ROWID;
CREATE INDEX actors_name ON actors(name COLLATE NOCASE);
CREATE INDEX actors_country ON actors(country);

CREATE TABLE mentions (
    article INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    actor   TEXT,
    role    TEXT,
    -- For an office mention ("the Obama administration"): the actor who held it then.
    holder  TEXT
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_actor ON mentions(actor, article);

CREATE TABLE timexes (
    article        INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    text           TEXT NOT NULL,
    type           TEXT NOT NULL,
    value          TEXT NOT NULL,
    mod            TEXT,
    interval_start TEXT,
    interval_end   TEXT
);
CREATE INDEX timexes_article ON timexes(article);

CREATE TABLE quotes (
    article       INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    speaker       TEXT,
    speaker_actor TEXT,
    cue           TEXT,
    channel       TEXT
);
CREATE INDEX quotes_article ON quotes(article);
CREATE INDEX quotes_speaker ON quotes(speaker_actor);
CREATE INDEX quotes_speaker_text ON quotes(speaker COLLATE NOCASE);

CREATE TABLE events (
    article        INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    -- The event's date as the record gives it (2021-09-30, 2021-09, 2021-W39) and the first
    -- day it covers, which timelines sort and filter on.
    date           TEXT NOT NULL,
    day            TEXT NOT NULL,
    precision      TEXT NOT NULL,
    type           TEXT NOT NULL,
    mode           TEXT,
    context        TEXT,
    cameo          TEXT NOT NULL,
    goldstein      REAL NOT NULL,
    quad_class     INTEGER NOT NULL,
    source_text    TEXT NOT NULL,
    source_actor   TEXT,
    source_country TEXT,
    source_code    TEXT,
    target_text    TEXT,
    target_actor   TEXT,
    target_country TEXT,
    target_code    TEXT,
    place_text     TEXT,
    place_actor    TEXT,
    -- 1 when the event is told in the headline or the first sentence of the body.
    lead           INTEGER NOT NULL,
    sentence       TEXT NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_source ON events(source_actor, day);
CREATE INDEX events_target ON events(target_actor, day);
CREATE INDEX events_type ON events(type, day);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_source_country ON events(source_country, day);
CREATE INDEX events_target_country ON events(target_country, day);

CREATE TABLE flags (
    article  INTEGER NOT NULL,
    code     TEXT NOT NULL,
    severity TEXT NOT NULL,
    message  TEXT NOT NULL,
    evidence TEXT NOT NULL,
    facts    TEXT NOT NULL
);
CREATE INDEX flags_article ON flags(article);
CREATE INDEX flags_code ON flags(code);

CREATE TABLE findings (
    article INTEGER NOT NULL,
    code    TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX findings_article ON findings(article);
"#;

/// Brings the database up to [`SCHEMA_VERSION`].
/// The version is read inside a write transaction, so two processes opening a new file at
/// once cannot both run a migration.
pub fn migrate(conn: &mut Connection) -> Result<(), ArchiveError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: u32 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(ArchiveError::NewerSchema {
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version == 0 {
            let tables: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if tables > 0 {
                return Err(ArchiveError::Corrupt(
                    "the file is an SQLite database of something else, not a dateline archive"
                        .into(),
                ));
            }
        }
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
