//! The dateline archive: analysed articles in one SQLite file.
//!
//! Each article is stored once, with its whole record (deflated JSON) and the layers users
//! filter on as tables: mentions and their actors, time expressions, quotes, events, flags and
//! findings. An external-content FTS5 index covers headlines and texts. The file is in WAL
//! mode and every batch is one transaction, so a killed ingest loses at most the batch in
//! flight and leaves a consistent database; ids are unique, so running the same ingest again
//! adds only what is missing.
//!
//! The archive does no analysis itself: the caller runs the engine and hands over
//! [`Prepared`] rows (see `dateline ingest`).

mod export;
mod parquet_export;
mod query;
mod schema;
mod store;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use export::{GDELT_COLUMNS, GdeltRow};
pub use parquet_export::ParquetSummary;
pub use query::{
    ActorRow, CountRow, EventFilters, EventHit, FlagHit, Party, Period, QuoteHit, SearchFilters,
    SearchHit, Stats, TimelineEntry, VersionCount,
};
pub use schema::SCHEMA_VERSION;
pub use store::{
    Prepared, StoreCounts, StoredArticle, StoredVersion, content_hash, first_day, inflate_record,
};

/// What can go wrong with an archive. Messages are one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArchiveError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(
        "the database has schema version {found}, newer than this dateline knows ({known}): \
         use a newer dateline"
    )]
    NewerSchema { found: u32, known: u32 },
    #[error("no archive at {0} (create one with `dateline ingest --db {0} …`)")]
    Missing(String),
    #[error("the archive is damaged: {0}")]
    Corrupt(String),
    #[error("bad query: {0}")]
    Query(String),
    #[error("export: {0}")]
    Export(String),
}

/// An open archive.
pub struct Archive {
    conn: Connection,
}

impl Archive {
    /// Opens the archive at `path` for writing, creating it and bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Archive, ArchiveError> {
        let conn = Connection::open(path)?;
        Archive::configure(conn, true)
    }

    /// Opens an existing archive for queries; it is an error if there is none.
    pub fn open_existing(path: &Path) -> Result<Archive, ArchiveError> {
        if !path.is_file() {
            return Err(ArchiveError::Missing(path.display().to_string()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Archive::configure(conn, false)
    }

    /// An archive in memory, for tests and one-off runs.
    pub fn in_memory() -> Result<Archive, ArchiveError> {
        Archive::configure(Connection::open_in_memory()?, true)
    }

    fn configure(mut conn: Connection, create: bool) -> Result<Archive, ArchiveError> {
        // WAL lets queries read while an ingest writes; NORMAL sync is durable at every
        // checkpoint and never corrupts on a crash, which is what an archive needs.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if !create && version == 0 {
            return Err(ArchiveError::Corrupt(
                "the file is not a dateline archive (no schema version)".into(),
            ));
        }
        schema::migrate(&mut conn)?;
        Ok(Archive { conn })
    }

    /// `PRAGMA integrity_check`: `ok`, or what SQLite found wrong.
    pub fn integrity_check(&self) -> Result<String, ArchiveError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(lines.join("; "))
    }

    /// Folds the write-ahead log into the main file (at the end of an ingest), so the
    /// archive is one file again.
    pub fn checkpoint(&self) -> Result<(), ArchiveError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
