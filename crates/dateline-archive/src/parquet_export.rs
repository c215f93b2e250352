//! Parquet export: one dataset per table (articles, mentions, timexes, quotes, events, flags),
//! partitioned Hive-style by the article's month (`events/month=2021-09/part-0.parquet`), so
//! DuckDB, Spark, Polars or pyarrow read a folder as one table and prune by month.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::ValueRef;
use serde::Serialize;

use crate::{Archive, ArchiveError};

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Int,
    Real,
    /// `YYYY-MM-DD` text in SQLite, a calendar date (days since 1970) in Parquet.
    Date,
}

/// A column: its name in Parquet, the SQL that reads it, its type.
type Column = (&'static str, &'static str, Kind);

use Kind::{Date, Int, Real, Text};

const ARTICLES: &[Column] = &[
    ("id", "a.doc_id", Text),
    ("date", "a.date", Date),
    ("published", "a.published", Text),
    ("title", "a.title", Text),
    ("url", "a.url", Text),
    ("source", "a.source", Text),
    ("text", "a.text", Text),
    ("engine_version", "a.engine_version", Text),
    ("data_version", "a.data_version", Text),
];

const MENTIONS: &[Column] = &[
    ("article", "a.doc_id", Text),
    ("start", "t.start", Int),
    ("end", "t.end", Int),
    ("text", "t.text", Text),
    ("kind", "t.kind", Text),
    ("actor", "t.actor", Text),
    (
        "actor_name",
        "(SELECT name FROM actors x WHERE x.id = t.actor)",
        Text,
    ),
    (
        "country",
        "(SELECT country FROM actors x WHERE x.id = t.actor)",
        Text,
    ),
    ("role", "t.role", Text),
    ("holder", "t.holder", Text),
];

const TIMEXES: &[Column] = &[
    ("article", "a.doc_id", Text),
    ("start", "t.start", Int),
    ("end", "t.end", Int),
    ("text", "t.text", Text),
    ("type", "t.type", Text),
    ("value", "t.value", Text),
    ("mod", "t.mod", Text),
    ("interval_start", "t.interval_start", Date),
    ("interval_end", "t.interval_end", Date),
];

const QUOTES: &[Column] = &[
    ("article", "a.doc_id", Text),
    ("start", "t.start", Int),
    ("end", "t.end", Int),
    ("text", "t.text", Text),
    ("kind", "t.kind", Text),
    ("speaker", "t.speaker", Text),
    ("speaker_actor", "t.speaker_actor", Text),
    ("cue", "t.cue", Text),
    ("channel", "t.channel", Text),
];

const EVENTS: &[Column] = &[
    ("article", "a.doc_id", Text),
    ("start", "t.start", Int),
    ("end", "t.end", Int),
    ("date", "t.date", Text),
    ("day", "t.day", Date),
    ("precision", "t.precision", Text),
    ("type", "t.type", Text),
    ("mode", "t.mode", Text),
    ("context", "t.context", Text),
    ("cameo", "t.cameo", Text),
    ("goldstein", "t.goldstein", Real),
    ("quad_class", "t.quad_class", Int),
    ("source_text", "t.source_text", Text),
    ("source_actor", "t.source_actor", Text),
    ("source_country", "t.source_country", Text),
    ("source_code", "t.source_code", Text),
    ("target_text", "t.target_text", Text),
    ("target_actor", "t.target_actor", Text),
    ("target_country", "t.target_country", Text),
    ("target_code", "t.target_code", Text),
    ("place_text", "t.place_text", Text),
    ("place_actor", "t.place_actor", Text),
    ("lead", "t.lead", Int),
    ("sentence", "t.sentence", Text),
];

const FLAGS: &[Column] = &[
    ("article", "a.doc_id", Text),
    ("code", "t.code", Text),
    ("severity", "t.severity", Text),
    ("message", "t.message", Text),
    ("evidence", "t.evidence", Text),
    ("facts", "t.facts", Text),
];

/// The datasets: name, table (None for the articles themselves), columns.
const DATASETS: &[(&str, Option<&str>, &[Column])] = &[
    ("articles", None, ARTICLES),
    ("mentions", Some("mentions"), MENTIONS),
    ("timexes", Some("timexes"), TIMEXES),
    ("quotes", Some("quotes"), QUOTES),
    ("events", Some("events"), EVENTS),
    ("flags", Some("flags"), FLAGS),
];

/// What an export wrote.
#[derive(Debug, Default, Serialize)]
pub struct ParquetSummary {
    pub files: usize,
    /// Rows per dataset, in [`DATASETS`] order.
    pub rows: Vec<(String, usize)>,
}

enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Real(Float64Builder),
    Date(Date32Builder),
}

fn days_since_epoch(text: &str) -> Option<i32> {
    let date: jiff::civil::Date = text.get(..10)?.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    Some((date - epoch).get_days())
}

impl Builder {
    fn of(kind: Kind) -> Builder {
        match kind {
            Text => Builder::Text(StringBuilder::new()),
            Int => Builder::Int(Int64Builder::new()),
            Real => Builder::Real(Float64Builder::new()),
            Date => Builder::Date(Date32Builder::new()),
        }
    }

    fn push(&mut self, value: ValueRef) {
        match (self, value) {
            (Builder::Text(b), ValueRef::Text(t)) => b.append_value(String::from_utf8_lossy(t)),
            (Builder::Text(b), ValueRef::Integer(i)) => b.append_value(i.to_string()),
            (Builder::Int(b), ValueRef::Integer(i)) => b.append_value(i),
            (Builder::Real(b), ValueRef::Real(r)) => b.append_value(r),
            (Builder::Real(b), ValueRef::Integer(i)) => b.append_value(i as f64),
            (Builder::Date(b), ValueRef::Text(t)) => {
                b.append_option(days_since_epoch(&String::from_utf8_lossy(t)))
            }
            (Builder::Text(b), _) => b.append_null(),
            (Builder::Int(b), _) => b.append_null(),
            (Builder::Real(b), _) => b.append_null(),
            (Builder::Date(b), _) => b.append_null(),
        }
    }

    fn finish(self) -> ArrayRef {
        match self {
            Builder::Text(mut b) => Arc::new(b.finish()),
            Builder::Int(mut b) => Arc::new(b.finish()),
            Builder::Real(mut b) => Arc::new(b.finish()),
            Builder::Date(mut b) => Arc::new(b.finish()),
        }
    }
}

fn schema(columns: &[Column]) -> Arc<Schema> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, _, kind)| {
            let data_type = match kind {
                Text => DataType::Utf8,
                Int => DataType::Int64,
                Real => DataType::Float64,
                Date => DataType::Date32,
            };
            Field::new(*name, data_type, true)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn next_month(month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap_or((month, "01"));
    let (y, m): (i32, i32) = (y.parse().unwrap_or(0), m.parse().unwrap_or(1));
    if m >= 12 {
        format!("{:04}-01-01", y + 1)
    } else {
        format!("{y:04}-{:02}-01", m + 1)
    }
}

fn parquet_error(e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::Export(e.to_string())
}

/// Rows written per Parquet row group (and per Arrow batch): bounded memory per month.
const BATCH_ROWS: usize = 65_536;

impl Archive {
    /// Writes every dataset under `dir`, one file per dataset and month (or only `month`).
    pub fn export_parquet(
        &self,
        dir: &Path,
        month: Option<&str>,
    ) -> Result<ParquetSummary, ArchiveError> {
        let months = match month {
            Some(m) => vec![m.to_string()],
            None => self.months()?,
        };
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(BATCH_ROWS))
            .build();
        let mut summary = ParquetSummary::default();
        for (name, table, columns) in DATASETS {
            let mut rows_written = 0usize;
            let select: Vec<&str> = columns.iter().map(|(_, sql, _)| *sql).collect();
            let from = match table {
                Some(t) => format!("{t} t JOIN articles a ON a.id = t.article"),
                None => "articles a".to_string(),
            };
            let order = if table.is_some() {
                "a.id, t.rowid"
            } else {
                "a.id"
            };
            let sql = format!(
                "SELECT {} FROM {from} WHERE a.date >= ?1 AND a.date < ?2 ORDER BY {order}",
                select.join(", ")
            );
            let mut stmt = self.conn.prepare(&sql)?;
            for month in &months {
                let start = format!("{month}-01");
                let mut rows = stmt.query(rusqlite::params![start, next_month(month)])?;
                let path: PathBuf = dir.join(name).join(format!("month={month}"));
                let mut writer: Option<ArrowWriter<File>> = None;
                let schema = schema(columns);
                let mut builders: Vec<Builder> =
                    columns.iter().map(|(_, _, k)| Builder::of(*k)).collect();
                let mut pending = 0usize;
                let flush = |builders: &mut Vec<Builder>,
                             writer: &mut Option<ArrowWriter<File>>|
                 -> Result<(), ArchiveError> {
                    let arrays: Vec<ArrayRef> = std::mem::replace(
                        builders,
                        columns.iter().map(|(_, _, k)| Builder::of(*k)).collect(),
                    )
                    .into_iter()
                    .map(Builder::finish)
                    .collect();
                    let batch =
                        RecordBatch::try_new(schema.clone(), arrays).map_err(parquet_error)?;
                    if writer.is_none() {
                        std::fs::create_dir_all(&path).map_err(|e| {
                            ArchiveError::Export(format!("{}: {e}", path.display()))
                        })?;
                        let file = File::create(path.join("part-0.parquet")).map_err(|e| {
                            ArchiveError::Export(format!("{}: {e}", path.display()))
                        })?;
                        *writer = Some(
                            ArrowWriter::try_new(file, schema.clone(), Some(props.clone()))
                                .map_err(parquet_error)?,
                        );
                    }
                    writer
                        .as_mut()
                        .expect("created above")
                        .write(&batch)
                        .map_err(parquet_error)
                };
                while let Some(row) = rows.next()? {
                    for (i, builder) in builders.iter_mut().enumerate() {
                        builder.push(row.get_ref(i)?);
                    }
                    pending += 1;
                    if pending == BATCH_ROWS {
                        flush(&mut builders, &mut writer)?;
                        rows_written += pending;
                        pending = 0;
                    }
                }
                if pending > 0 {
                    flush(&mut builders, &mut writer)?;
                    rows_written += pending;
                }
                if let Some(w) = writer {
                    w.close().map_err(parquet_error)?;
                    summary.files += 1;
                }
            }
            summary.rows.push((name.to_string(), rows_written));
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_days_since_1970_and_months_roll_over() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2021-09-30"), Some(18_900));
        assert_eq!(days_since_epoch("1969-12-31"), Some(-1));
        assert_eq!(days_since_epoch("PAST_REF"), None);
        assert_eq!(next_month("2021-09"), "2021-10-01");
        assert_eq!(next_month("2021-12"), "2022-01-01");
    }
}
