//! The archive over real analyses of articles written for these tests.

use std::sync::LazyLock;

use dateline_engine::Engine;
use dateline_engine::article::parse_article_file;

use super::*;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::with_events().expect("data compiles"));

fn prepared(file: &str, id: &str) -> Prepared {
    let article = parse_article_file(file.as_bytes(), id).expect("a valid article");
    let input = article.findings.clone();
    let doc = ENGINE.analyze(article);
    let record = ENGINE.record(&doc);
    Prepared::new(&doc, &record, &input)
}

const TALKS: &str = "date 2021-09-30 North Korea rejects talks offer\n\n\
    North Korea accused the United States on Thursday of hostile policies. \
    \"We are not interested in talks,\" Kim Jong Un said. \
    South Korea's president Moon Jae-in met Japanese officials in Seoul on Wednesday.";

const GRAIN: &str = "date 2023-03-14 EU ministers agree on grain deal\n\n\
    European Union ministers agreed on Tuesday to extend imports of Ukrainian grain. \
    Poland criticised the deal.";

const EDITED: &str = "date 2021-09-30 North Korea rejects talks offer\n\n\
    North Korea accused the United States on Thursday of hostile policies.";

fn archive_with(files: &[(&str, &str)]) -> Archive {
    let mut archive = Archive::in_memory().unwrap();
    let batch: Vec<Prepared> = files.iter().map(|(f, id)| prepared(f, id)).collect();
    archive.store(&batch).unwrap();
    archive
}

#[test]
fn a_new_archive_is_at_the_current_schema() {
    let archive = Archive::in_memory().unwrap();
    assert_eq!(archive.stats().unwrap().schema_version, SCHEMA_VERSION);
    assert_eq!(archive.integrity_check().unwrap(), "ok");
}

#[test]
fn an_archive_from_a_newer_dateline_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    drop(Archive::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let error = Archive::open(&path).err().unwrap();
    assert!(matches!(error, ArchiveError::NewerSchema { .. }), "{error}");
}

#[test]
fn opening_an_archive_that_does_not_exist_says_how_to_make_one() {
    let error = Archive::open_existing(Path::new("/nonexistent/x.db"))
        .err()
        .unwrap();
    assert!(error.to_string().contains("dateline ingest"), "{error}");
}

#[test]
fn storing_twice_adds_nothing_and_an_edit_replaces_the_article() {
    let mut archive = Archive::in_memory().unwrap();
    let counts = archive
        .store(&[prepared(TALKS, "talks"), prepared(GRAIN, "grain")])
        .unwrap();
    assert_eq!(counts.added, 2);
    let before = archive.stats().unwrap();
    let again = archive.store(&[prepared(TALKS, "talks")]).unwrap();
    assert_eq!((again.added, again.unchanged), (0, 1));
    assert_eq!(archive.stats().unwrap().mentions, before.mentions);

    let edited = archive.store(&[prepared(EDITED, "talks")]).unwrap();
    assert_eq!(edited.updated, 1);
    let after = archive.stats().unwrap();
    assert_eq!(after.articles, 2);
    assert!(after.quotes < before.quotes, "the edit removed the quote");
    // The old text left the full-text index with it.
    let hits = archive
        .search(
            "interested",
            &SearchFilters {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(hits.is_empty(), "{hits:?}");
    assert_eq!(archive.integrity_check().unwrap(), "ok");
}

#[test]
fn search_finds_words_ranks_headlines_and_filters() {
    let archive = archive_with(&[(TALKS, "talks"), (GRAIN, "grain")]);
    let all = SearchFilters {
        limit: 10,
        ..Default::default()
    };
    let hits = archive.search("grain", &all).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, "grain");
    assert!(hits[0].snippet.contains("[grain]"), "{}", hits[0].snippet);
    // Punctuation in a word is searched for, not a syntax error.
    assert_eq!(archive.search("Korea's", &all).unwrap()[0].id, "talks");
    assert_eq!(archive.search("\"talks offer\"", &all).unwrap().len(), 1);
    let dated = SearchFilters {
        from: Some("2022-01-01".into()),
        ..all.clone()
    };
    assert!(archive.search("Korea", &dated).unwrap().is_empty());
    let by_actor = SearchFilters {
        actor: Some("Kim Jong Un".into()),
        ..all.clone()
    };
    let hits = archive.search("", &by_actor).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["talks"]
    );
    let by_country = SearchFilters {
        country: Some("pol".into()),
        ..all.clone()
    };
    assert_eq!(archive.search("", &by_country).unwrap()[0].id, "grain");
    let unknown = SearchFilters {
        actor: Some("Nobody Atall".into()),
        ..all
    };
    assert!(archive.search("", &unknown).is_err());
}

#[test]
fn a_word_in_the_headline_ranks_above_the_same_word_in_the_text() {
    let in_text = "date 2021-01-04 Markets steady\n\nTraders said grain prices rose. \
        Shares fell on Monday.";
    let in_title = "date 2021-01-05 Grain prices rise\n\nTraders said prices rose. \
        Shares fell on Tuesday.";
    let archive = archive_with(&[(in_text, "text"), (in_title, "title")]);
    let hits = archive
        .search(
            "grain",
            &SearchFilters {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["title", "text"]);
    assert!(hits[0].score > hits[1].score);
}

#[test]
fn events_are_stored_with_their_dyads_and_dates() {
    let archive = archive_with(&[(TALKS, "talks"), (GRAIN, "grain")]);
    let events = archive
        .events(&EventFilters {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    let accuse = events
        .iter()
        .find(|e| e.event_type == "ACCUSE")
        .expect("North Korea's accusation is coded");
    assert_eq!(accuse.source.country.as_deref(), Some("PRK"));
    assert_eq!(
        accuse.target.as_ref().and_then(|t| t.country.as_deref()),
        Some("USA")
    );
    assert_eq!(
        accuse.day, "2021-09-30",
        "on Thursday, in an article of Thursday"
    );
    assert!(accuse.sentence.starts_with("North Korea accused"));
    assert!(accuse.lead);
    // Days sort the list.
    assert!(events.windows(2).all(|w| w[0].day <= w[1].day));

    let from_prk = archive
        .events(&EventFilters {
            country: Some("PRK".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(
        from_prk
            .iter()
            .all(|e| e.source.country.as_deref() == Some("PRK")
                || e.target.as_ref().and_then(|t| t.country.as_deref()) == Some("PRK"))
    );
    assert!(!from_prk.is_empty());

    let counts = archive
        .count_events(
            &EventFilters {
                limit: 100,
                ..Default::default()
            },
            Some(Period::Month),
            false,
        )
        .unwrap();
    let total: i64 = counts.iter().map(|c| c.events).sum();
    assert_eq!(total as usize, events.len());
    assert!(
        counts
            .iter()
            .any(|c| c.period.as_deref() == Some("2021-09"))
    );
    let weeks = archive
        .count_events(
            &EventFilters {
                limit: 100,
                ..Default::default()
            },
            Some(Period::Week),
            true,
        )
        .unwrap();
    assert!(
        weeks.iter().any(|c| c.period.as_deref() == Some("2021-W39")
            && c.event_type.as_deref() == Some("ACCUSE"))
    );
}

#[test]
fn a_timeline_holds_what_an_actor_did_and_said_in_date_order() {
    let archive = archive_with(&[(TALKS, "talks")]);
    let (actors, entries) = archive
        .timeline(
            "Kim Jong Un",
            &EventFilters {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(actors.iter().any(|a| a.name.contains("Kim Jong")));
    assert!(entries.iter().any(|e| matches!(e, TimelineEntry::Quote(q)
        if q.text.contains("not interested"))));
    assert!(entries.windows(2).all(|w| w[0].day() <= w[1].day()));
}

#[test]
fn quotes_are_found_by_speaker_actor_or_words() {
    let archive = archive_with(&[(TALKS, "talks"), (GRAIN, "grain")]);
    let f = SearchFilters {
        limit: 10,
        ..Default::default()
    };
    let by_actor = archive.quotes(Some("Kim Jong Un"), &f).unwrap();
    assert_eq!(by_actor.len(), 1);
    assert_eq!(by_actor[0].kind, "direct");
    assert!(archive.quotes(Some("Moon Jae-in"), &f).unwrap().is_empty());
    assert!(!archive.quotes(None, &f).unwrap().is_empty());
}

#[test]
fn flags_are_stored_and_filtered_by_code_and_severity() {
    let file = "date 2021-09-30 Kim accuses US\n\nKim Jong Un on Wednesday accused the Obama \
        administration of maintaining a hostile stance. Under Biden's leadership, the US has \
        offered talks.";
    let archive = archive_with(&[(file, "anachronism"), (GRAIN, "grain")]);
    let f = SearchFilters {
        limit: 10,
        ..Default::default()
    };
    let flags = archive.flags(&f, None).unwrap();
    assert!(
        flags.iter().any(|f| f.code == "office.anachronism"),
        "{flags:?}"
    );
    assert!(flags.iter().all(|f| f.article == "anachronism"));
    let family = SearchFilters {
        flag: Some("office".into()),
        ..f.clone()
    };
    assert_eq!(archive.flags(&family, None).unwrap().len(), flags.len());
    let other = SearchFilters {
        flag: Some("time".into()),
        ..f.clone()
    };
    assert!(archive.flags(&other, None).unwrap().is_empty());
    assert!(archive.flags(&f, Some("loud")).is_err());
    let flagged = SearchFilters {
        flag: Some(String::new()),
        ..f
    };
    let hits = archive.search("", &flagged).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["anachronism"]
    );
}

#[test]
fn the_stored_record_is_the_record() {
    let archive = archive_with(&[(TALKS, "talks")]);
    let doc = ENGINE.analyze(parse_article_file(TALKS.as_bytes(), "talks").unwrap());
    let expected = serde_json::to_string(&ENGINE.record(&doc)).unwrap();
    let mut seen = Vec::new();
    archive
        .for_each_record::<ArchiveError>(None, |_, json| {
            seen.push(json.to_string());
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, [expected]);
    assert_eq!(archive.months().unwrap(), ["2021-09"]);
}

#[test]
fn outdated_articles_come_back_as_the_reader_gave_them() {
    let archive = archive_with(&[(TALKS, "talks")]);
    let stamp = ENGINE.data_stamp();
    let current = archive
        .outdated(record_version(), &stamp.hash, 0, 10)
        .unwrap();
    assert!(current.is_empty());
    let old = archive.outdated("0.0.0", &stamp.hash, 0, 10).unwrap();
    assert_eq!(old.len(), 1);
    let rebuilt = &old[0].1.article;
    let original = parse_article_file(TALKS.as_bytes(), "talks").unwrap();
    assert_eq!(rebuilt.text, original.text);
    assert_eq!(rebuilt.body_start, original.body_start);
    assert_eq!(rebuilt.meta, original.meta);
}

fn record_version() -> &'static str {
    dateline_engine::record::ENGINE_VERSION
}

#[test]
fn gdelt_rows_have_61_fields_and_the_cameo_codes() {
    let archive = archive_with(&[(TALKS, "talks")]);
    let mut rows = Vec::new();
    let all = EventFilters {
        limit: 100,
        ..Default::default()
    };
    archive
        .for_each_gdelt_row::<ArchiveError>(&all, |r| {
            rows.push(r);
            Ok(())
        })
        .unwrap();
    assert!(!rows.is_empty());
    for row in &rows {
        let line = row.to_tsv();
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), GDELT_COLUMNS.len());
        assert_eq!(fields[1].len(), 8, "Day is YYYYMMDD");
        assert!(fields[26].starts_with(fields[27]) && fields[27].starts_with(fields[28]));
    }
}

#[test]
fn first_days_of_date_values() {
    assert_eq!(first_day("2021-09-30", "x"), "2021-09-30");
    assert_eq!(first_day("2021-09", "x"), "2021-09-01");
    assert_eq!(first_day("2021", "x"), "2021-01-01");
    assert_eq!(first_day("2021-W39", "x"), "2021-09-27");
    assert_eq!(first_day("2021-Q3", "x"), "2021-07-01");
    assert_eq!(first_day("1998-SU", "x"), "1998-06-01");
    assert_eq!(first_day("2021-H2", "x"), "2021-07-01");
    assert_eq!(first_day("2021-W09-WE", "x"), "2021-03-06");
    assert_eq!(first_day("199", "x"), "1990-01-01");
    assert_eq!(first_day("20", "x"), "2000-01-01");
    assert_eq!(first_day("2021-09-30TMO", "x"), "2021-09-30");
    assert_eq!(first_day("PAST_REF", "2020-01-02"), "2020-01-02");
    assert_eq!(first_day("2021-02-30", "2020-01-02"), "2020-01-02");
}

#[test]
fn user_queries_become_valid_fts5() {
    assert_eq!(query::fts_query("North Korea"), "North Korea");
    assert_eq!(query::fts_query("Korea's U.S."), "\"Korea's\" \"U.S.\"");
    assert_eq!(
        query::fts_query("\"talks offer\" OR grain*"),
        "\"talks offer\" OR grain*"
    );
    assert_eq!(query::fts_query("  "), "");
}
