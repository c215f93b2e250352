//! Bad input: one clear line naming the file or line, a non-zero exit, no panic, and every
//! good article still analysed.

use crate::support::{TempDir, check_record, dateline, records};

/// Runs analyze on one file and returns (exit code, stderr).
fn analyze_error(name: &str, contents: &[u8]) -> (Option<i32>, String) {
    let dir = TempDir::new();
    let file = dir.write(name, contents);
    let run = dateline(&["analyze", &file.display().to_string()]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "no record for a bad input: {}",
        run.stdout
    );
    (run.status, run.stderr)
}

#[test]
fn each_bad_input_gets_a_one_line_error_naming_the_file() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "nodate.txt",
            b"A headline\n\nA body.",
            "no date: the first line must be `date YYYY-MM-DD Headline`, or give --date YYYY-MM-DD",
        ),
        (
            "impossible.txt",
            b"date 2021-02-30 Title\n\nBody.",
            "invalid date \"2021-02-30\": February 2021 has 28 days",
        ),
        (
            "latin1.txt",
            b"date 2021-02-03 Caf\xe9\n\nBody.",
            "invalid UTF-8 at byte offset 19",
        ),
        (
            "binary.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary input, not text (NUL byte at byte offset 8)",
        ),
    ];
    for (name, contents, reason) in cases {
        let (status, stderr) = analyze_error(name, contents);
        assert_eq!(status, Some(1), "{name}: {stderr}");
        let first = stderr.lines().next().unwrap();
        assert!(
            first.starts_with("dateline: ") && first.contains(name),
            "{first}"
        );
        assert!(first.ends_with(reason), "{name}: {first}");
        assert_eq!(
            stderr.lines().count(),
            2,
            "the error and the summary: {stderr}"
        );
    }
}

#[test]
fn a_missing_file_is_named() {
    let run = dateline(&["analyze", "/nonexistent/story.txt"]);
    assert_eq!(run.status, Some(1));
    assert!(
        run.stderr
            .starts_with("dateline: /nonexistent/story.txt: no such file"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_json_lines_are_reported_and_the_good_ones_still_analysed() {
    let dir = TempDir::new();
    let lines = concat!(
        "{\"id\": \"good-1\", \"date\": \"2020-01-01\", \"text\": \"Fine.\"}\n",
        "{\"id\": \"bad-date\", \"date\": \"2020-02-30\", \"text\": \"x\"}\n",
        "not json at all\n",
        "\n",
        "{\"id\": \"no-date\", \"text\": \"x\"}\n",
        "{\"id\": \"good-2\", \"date\": \"1987-02-26T15:01:01.79\", \"title\": \"T\", \"text\": \"Also fine.\"}\n",
    );
    let file = dir.write("mixed.jsonl", lines);
    let place = file.display().to_string();
    let run = dateline(&["analyze", &place]);
    assert_eq!(run.status, Some(1), "a failed line makes the run fail");
    let records = records(&run.stdout);
    records.iter().for_each(check_record);
    let ids: Vec<_> = records
        .iter()
        .map(|r| r["document"]["id"].clone())
        .collect();
    assert_eq!(ids, ["good-1", "good-2"]);
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(errors.len(), 4, "{}", run.stderr);
    assert!(
        errors[0].starts_with(&format!("dateline: {place}:2: invalid date")),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(&format!("dateline: {place}:3: invalid JSON")),
        "{}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        format!("dateline: {place}:5: missing field `date`")
    );
    assert_eq!(
        errors[3],
        "dateline: 3 input(s) could not be read as articles"
    );
}

#[test]
fn bad_flags_are_usage_errors() {
    let run = dateline(&["analyze", "--date", "2021-02-29", "x.txt"]);
    assert_eq!(run.status, Some(2));
    assert!(
        run.stderr.contains("February 2021 has 28 days"),
        "{}",
        run.stderr
    );
    let run = dateline(&["analyze", "--id", "one", "a.txt", "b.txt"]);
    assert_eq!(run.status, Some(2));
}
