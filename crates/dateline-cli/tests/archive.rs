//! The archive commands end to end: ingest, re-ingest, a kill mid-ingest, queries in every
//! format, exports and re-analysis, over articles written for these tests.

use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::support::{TempDir, dateline, records, repo_root};

fn examples() -> String {
    repo_root().join("examples").display().to_string()
}

fn stats(db: &str) -> serde_json::Value {
    let run = dateline(&["stats", "--db", db, "--format", "json", "--check"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// A corpus of `n` small articles of our own, in JSON Lines: dated one a day, about a handful
/// of countries meeting, accusing and praising each other.
fn corpus(n: usize) -> String {
    let countries = [
        ("France", "Paris"),
        ("Germany", "Berlin"),
        ("Japan", "Tokyo"),
        ("Brazil", "Brasilia"),
        ("Kenya", "Nairobi"),
        ("Canada", "Ottawa"),
    ];
    let verbs = ["accused", "praised", "met", "criticised", "thanked"];
    let start = jiff::civil::date(2019, 1, 1);
    let mut out = String::new();
    for i in 0..n {
        let (a, capital) = countries[i % countries.len()];
        let (b, _) = countries[(i / 2 + 1) % countries.len()];
        let b = if a == b { "Chile" } else { b };
        let verb = verbs[i % verbs.len()];
        let date = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        let text = format!(
            "{a} {verb} {b} on Tuesday over trade, officials in {capital} said. \
             \"We will keep talking,\" the foreign minister told reporters. \
             Talks are planned for next month, item {i}."
        );
        let line = serde_json::json!({
            "id": format!("a{i:05}"),
            "date": date.to_string(),
            "title": format!("{a} and {b}, day {i}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn ingest_stores_every_article_once_and_again_adds_nothing() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    let run = dateline(&["ingest", "--db", &db, &examples(), "--json"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let counts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(counts["added"], 4);
    // Piped stderr carries the summary only: no progress bar, no escape codes.
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\x1b') && !run.stderr.contains('\r'));
    let first = stats(&db);
    assert_eq!(first["articles"], 4);
    assert_eq!(first["integrity"], "ok");
    assert!(first["events"].as_u64().unwrap() > 0);
    assert!(first["quotes"].as_u64().unwrap() > 0);

    let again = dateline(&["ingest", "--db", &db, &examples(), "--json"]);
    let counts: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(
        (counts["added"].as_u64(), counts["unchanged"].as_u64()),
        (Some(0), Some(4))
    );
    let second = stats(&db);
    for layer in [
        "articles", "mentions", "timexes", "quotes", "events", "flags",
    ] {
        assert_eq!(first[layer], second[layer], "{layer}");
    }
}

#[test]
fn bad_inputs_are_named_and_skipped_and_good_ones_stored() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    let good = r#"{"id": "ok", "date": "2021-09-30", "text": "Japan praised Kenya on Thursday."}"#;
    let file = dir.write(
        "mixed.jsonl",
        format!("{good}\n{{\"id\": \"x\", \"date\": \"2021-02-30\", \"text\": \"t\"}}\nnot json\n"),
    );
    let run = dateline(&["ingest", "--db", &db, &file.display().to_string()]);
    assert_eq!(run.status, Some(1));
    let name = file.display().to_string();
    assert!(
        run.stderr.contains(&format!("{name}:2: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{name}:3: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 added") && run.stderr.contains("2 failed"),
        "{}",
        run.stderr
    );
    assert_eq!(stats(&db)["articles"], 1);
}

#[test]
fn a_killed_ingest_run_again_ends_with_every_article_once() {
    let dir = TempDir::new();
    let n = 3000;
    let input = dir.write("corpus.jsonl", corpus(n));
    let input = input.display().to_string();
    let db = dir.path("kill.db");
    // Kill at a moment that differs from run to run, inside the ingest.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let delay = Duration::from_millis(300 + u64::from(nanos % 700));
    let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args(["ingest", "--db", &db, &input])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().ok(); // SIGKILL on Unix.
    child.wait().unwrap();
    if !finished_early {
        let partial = stats(&db);
        assert!(
            partial["articles"].as_u64().unwrap() < n as u64,
            "killed before the end"
        );
        assert_eq!(partial["integrity"], "ok");
    }
    let run = dateline(&["ingest", "--db", &db, &input, "--json"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let done = stats(&db);
    assert_eq!(done["articles"], n);
    assert_eq!(done["integrity"], "ok");
    let search = dateline(&[
        "search", "--db", &db, "item", "--format", "jsonl", "--limit", "5000",
    ]);
    assert_eq!(
        records(&search.stdout).len(),
        n,
        "every article is in the index once"
    );
}

#[test]
fn queries_answer_in_every_format() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    let articles = corpus(60);
    let input = dir.write("corpus.jsonl", &articles);
    assert_eq!(
        dateline(&["ingest", "--db", &db, &input.display().to_string()]).status,
        Some(0)
    );
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec![args[0], "--db", &db, "--format", "json"];
        all.extend_from_slice(&args[1..]);
        let run = dateline(&all);
        assert_eq!(run.status, Some(0), "{args:?}: {}", run.stderr);
        serde_json::from_str::<Vec<serde_json::Value>>(&run.stdout).unwrap()
    };

    let hits = json(&[
        "search",
        "Tokyo",
        "--from",
        "2019-01-10",
        "--to",
        "2019-01-31",
    ]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let date = hit["date"].as_str().unwrap();
        assert!(("2019-01-10"..="2019-01-31").contains(&date), "{date}");
    }
    let japan = json(&["search", "--country", "JPN", "--limit", "100"]);
    let expected = articles.lines().filter(|l| l.contains("Japan")).count();
    assert_eq!(
        japan.len(),
        expected,
        "every article that names Japan, and no other"
    );

    let events = json(&["events", "--country", "FRA", "--event-type", "ACCUSE"]);
    assert!(!events.is_empty());
    for e in &events {
        assert_eq!(e["type"], "ACCUSE");
        let countries = [&e["source"]["country"], &e["target"]["country"]];
        assert!(countries.iter().any(|c| *c == "FRA"), "{e}");
    }
    let by_month = json(&["events", "--count-by", "month"]);
    assert_eq!(by_month[0]["period"], "2019-01");
    assert!(by_month.iter().all(|r| r["events"].as_u64().unwrap() > 0));
    let dyads = json(&["events", "--dyads", "--source", "France"]);
    assert!(dyads.iter().all(|r| r["source"] == "France"), "{dyads:?}");

    let timeline = json(&["timeline", "--actor", "Germany"]);
    assert!(!timeline.is_empty());
    let days: Vec<&str> = timeline
        .iter()
        .map(|e| {
            e["day"]
                .as_str()
                .unwrap_or_else(|| e["date"].as_str().unwrap())
        })
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");

    let quotes = json(&["quotes", "--speaker", "foreign minister"]);
    assert!(!quotes.is_empty());
    assert!(
        quotes
            .iter()
            .all(|q| q["text"].as_str().unwrap().contains("keep talking"))
    );

    let csv = dateline(&["events", "--db", &db, "--format", "csv", "--limit", "3"]);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("day,date,type,"));
    let text = dateline(&["timeline", "--db", &db, "--actor", "Kenya"]);
    assert!(
        text.stdout.starts_with("timeline of Kenya"),
        "{}",
        text.stdout
    );

    let unknown = dateline(&["timeline", "--db", &db, "--actor", "Atlantis Republic"]);
    assert_eq!(unknown.status, Some(2));
    assert!(
        unknown.stderr.contains("no actor in the archive"),
        "{}",
        unknown.stderr
    );
    let missing = dateline(&["search", "--db", &dir.path("none.db"), "x"]);
    assert_eq!(missing.status, Some(2));
    assert_eq!(missing.stderr.lines().count(), 1, "{}", missing.stderr);
}

#[test]
fn exports_are_the_records_and_gdelt_rows() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    dateline(&["ingest", "--db", &db, &examples()]);
    let exported = dateline(&["export", "--db", &db, "--format", "jsonl"]);
    assert_eq!(exported.status, Some(0), "{}", exported.stderr);
    let analyzed = dateline(&["analyze", "--events", "-f", "jsonl", &examples()]);
    let mut a: Vec<String> = exported.stdout.lines().map(String::from).collect();
    let mut b: Vec<String> = analyzed.stdout.lines().map(String::from).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "the archive gives back the records analyze prints");

    let gdelt = dateline(&["export", "--db", &db, "--format", "gdelt", "--header"]);
    let lines: Vec<&str> = gdelt.stdout.lines().collect();
    assert!(lines.len() > 1);
    assert!(lines[0].starts_with("GlobalEventID\tDay\tMonthYear"));
    let events = stats(&db)["events"].as_u64().unwrap() as usize;
    assert_eq!(lines.len() - 1, events);
    for line in &lines[1..] {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 61, "{line}");
        assert!(
            f[26].starts_with(f[28]),
            "EventCode starts with EventRootCode"
        );
    }
}

#[test]
fn reanalyze_redoes_what_another_engine_made() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    dateline(&["ingest", "--db", &db, &examples()]);
    let before = stats(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE articles SET engine_version = '0.0.1' WHERE doc_id <> 'wire-002'",
        [],
    )
    .unwrap();
    conn.execute("DELETE FROM events", []).unwrap();
    drop(conn);
    let run = dateline(&["reanalyze", "--db", &db, "--json"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let counts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(counts["updated"], 3);
    let after = stats(&db);
    assert_eq!(after["articles"], before["articles"]);
    assert_eq!(after["versions"].as_array().unwrap().len(), 1);
    // wire-002 has no events, so deleting them and re-analysing the rest restores them all.
    assert_eq!(after["events"], before["events"]);
}

#[test]
fn crawls_are_read_by_analyze_and_ingest_alike() {
    let crawl = repo_root().join("crates/dateline-readers/fixtures/crawl");
    let crawl = crawl.display().to_string();
    let analyzed = dateline(&["analyze", "-f", "jsonl", &crawl]);
    assert_eq!(analyzed.status, Some(1), "two inputs have no date");
    let ids: Vec<String> = records(&analyzed.stdout)
        .iter()
        .map(|r| r["document"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "kenya-japan",
            "https://news.example.org/kenya-japan",
            "https://news.example.org/germany-canada",
            "wire-a1"
        ]
    );
    assert!(
        analyzed
            .stderr
            .contains("news.warc.gz:record 4: no publication date"),
        "{}",
        analyzed.stderr
    );
    assert!(
        analyzed
            .stderr
            .contains("wire.rss:item 2: no date on the feed item"),
        "{}",
        analyzed.stderr
    );

    let dir = TempDir::new();
    let db = dir.path("crawl.db");
    let run = dateline(&["ingest", "--db", &db, &crawl, "--json"]);
    assert_eq!(run.status, Some(1));
    let counts: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (counts["added"].as_u64(), counts["failed"].as_u64()),
        (Some(4), Some(2))
    );
    let hits = dateline(&["search", "--db", &db, "tariffs", "--format", "jsonl"]);
    assert_eq!(
        records(&hits.stdout).len(),
        2,
        "the page and its copy in the WARC file"
    );
    // --date dates what has no date of its own.
    let dated = dateline(&["analyze", "-f", "jsonl", "--date", "2024-02-02", &crawl]);
    assert_eq!(dated.status, Some(0), "{}", dated.stderr);
    assert!(
        records(&dated.stdout)
            .iter()
            .all(|r| r["document"]["date"] == "2024-02-02")
    );
}

#[test]
#[cfg_attr(no_pyarrow, ignore = "needs pyarrow (.ci/run installs it)")]
fn parquet_exports_read_back_with_pyarrow() {
    let dir = TempDir::new();
    let db = dir.path("a.db");
    let input = dir.write("corpus.jsonl", corpus(70));
    dateline(&["ingest", "--db", &db, &input.display().to_string()]);
    let out = dir.path("parquet");
    let run = dateline(&["export", "--db", &db, "--format", "parquet", "--out", &out]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    // 70 days from 2019-01-01: January, February and March.
    for month in ["2019-01", "2019-02", "2019-03"] {
        let file = format!("{out}/events/month={month}/part-0.parquet");
        assert!(std::path::Path::new(&file).is_file(), "{file}");
    }
    let script = r#"
import json, sys
import pyarrow.dataset as ds
out = {}
for name in ["articles", "mentions", "timexes", "quotes", "events", "flags"]:
    try:
        table = ds.dataset(sys.argv[1] + "/" + name, format="parquet", partitioning="hive").to_table()
    except FileNotFoundError:
        out[name] = 0
        continue
    out[name] = table.num_rows
    if name == "articles":
        out["first_date"] = str(min(table.column("date").to_pylist()))
        out["months"] = sorted(set(table.column("month").to_pylist()))
    if name == "events":
        out["event_types"] = sorted(set(table.column("type").to_pylist()))
        out["goldstein_is_float"] = str(table.schema.field("goldstein").type) == "double"
print(json.dumps(out))
"#;
    let python = env!("DATELINE_TEST_PYTHON");
    let read = Command::new(python)
        .args(["-c", script, &out])
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&read.stdout).unwrap();
    let stored = stats(&db);
    for layer in [
        "articles", "mentions", "timexes", "quotes", "events", "flags",
    ] {
        assert_eq!(seen[layer], stored[layer], "{layer}: {seen}");
    }
    assert_eq!(seen["first_date"], "2019-01-01");
    assert_eq!(
        seen["months"],
        serde_json::json!(["2019-01", "2019-02", "2019-03"])
    );
    assert_eq!(seen["goldstein_is_float"], true);
    assert!(
        seen["event_types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "ACCUSE")
    );
}

#[test]
fn two_inputs_with_one_id_in_a_run_are_named() {
    let dir = TempDir::new();
    let a = dir.write(
        "a/x.txt",
        "date 2021-01-04 One\n\nJapan praised Kenya on Monday.",
    );
    let b = dir.write(
        "b/x.txt",
        "date 2021-01-05 Two\n\nKenya thanked Japan on Tuesday.",
    );
    let db = dir.path("a.db");
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let run = dateline(&["ingest", "--db", &db, &a, &b]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("{b}: id \"x\" was read already in this run")),
        "{}",
        run.stderr
    );
    assert_eq!(stats(&db)["articles"], 1, "the later replaced the earlier");
}
