//! `dateline analyze` on good input: formats, readers, order.

use crate::support::{TempDir, check_record, dateline, dateline_with_stdin, records, repo_root};

fn example(name: &str) -> String {
    repo_root()
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn example_article_as_a_text_report() {
    let run = dateline(&[
        "analyze",
        "--format",
        "text",
        &example("pyongyang-talks.txt"),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("── pyongyang-talks · 2021-09-30"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("North Korea rejects U.S. offer of talks as \"petty trick\"")
    );
    assert!(run.stdout.contains("sentences (8)"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Kim Jong Un accused the Obama administration")
    );
    assert!(
        !run.stdout.contains("\x1b["),
        "no colour when stdout is not a terminal"
    );
    let colored = dateline(&[
        "analyze",
        "-f",
        "text",
        "--color",
        "always",
        &example("pyongyang-talks.txt"),
    ]);
    assert!(colored.stdout.contains("\x1b[1m"));
}

#[test]
fn example_article_record_matches_the_schema_and_its_text() {
    let run = dateline(&[
        "analyze",
        "--format",
        "json",
        &example("pyongyang-talks.txt"),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    check_record(&record);
    assert_eq!(record["document"]["id"], "pyongyang-talks");
    assert_eq!(record["document"]["date"], "2021-09-30");
    let file = std::fs::read_to_string(example("pyongyang-talks.txt")).unwrap();
    let (_, body) = file.split_once("\n\n").unwrap();
    let title = "North Korea rejects U.S. offer of talks as \"petty trick\"";
    assert_eq!(
        record["text"].as_str().unwrap(),
        format!("{title}\n\n{body}")
    );
    assert_eq!(record["sentences"].as_array().unwrap().len(), 8);
}

#[test]
fn jsonl_is_the_default_off_a_terminal_and_keeps_every_field() {
    let run = dateline(&["analyze", &example("newswire.jsonl")]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let records = records(&run.stdout);
    assert_eq!(records.len(), 3);
    records.iter().for_each(check_record);
    let first = &records[0]["document"];
    assert_eq!(first["id"], "wire-001");
    assert_eq!(first["date"], "2023-03-14");
    assert_eq!(first["published"], "2023-03-14T08:30:00+01:00");
    assert_eq!(first["url"], "https://example.org/wire-001");
    assert_eq!(first["source"], "example wire");
    assert!(
        records[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("EU ministers agree on grain deal\n\nBRUSSELS")
    );
    // No id and no title: a content hash, and the text exactly.
    let third = &records[2];
    assert!(third["document"]["id"].as_str().unwrap().starts_with('h'));
    assert_eq!(
        third["text"],
        "An article without an id or a title gets an id that hashes its text."
    );
}

#[test]
fn plain_text_with_a_date_is_taken_exactly() {
    let dir = TempDir::new();
    let content = "date is not parsed here\r\n\r\nIt rained in Genève.\n";
    let file = dir.write("note.txt", content);
    let run = dateline(&[
        "analyze",
        "--date",
        "2020-05-01",
        "--title",
        "A note",
        "-f",
        "json",
        &file.display().to_string(),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    check_record(&record);
    assert_eq!(record["text"], content);
    assert_eq!(record["document"]["title"], "A note");
    assert_eq!(record["document"]["id"], "note");
    assert_eq!(record["document"]["date"], "2020-05-01");
}

#[test]
fn directories_give_relative_ids_that_do_not_collide() {
    let dir = TempDir::new();
    dir.write("a/story.txt", "date 2020-01-01 First\n\nOne.");
    dir.write("b/story.txt", "date 2020-01-02 Second\n\nTwo.");
    dir.write("b/ignored.md", "not an input");
    dir.write(
        "c/more.jsonl",
        "{\"id\": \"x1\", \"date\": \"2020-01-03\", \"text\": \"Three.\"}\n",
    );
    let run = dateline(&["analyze", &dir.0.display().to_string()]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let ids: Vec<String> = records(&run.stdout)
        .iter()
        .map(|r| r["document"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a/story", "b/story", "x1"]);
}

#[test]
fn stdin_takes_an_article_or_json_lines() {
    let run = dateline_with_stdin(
        &["analyze", "-"],
        Some(b"date 2021-03-04 Headline\n\nBody text."),
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let record = &records(&run.stdout)[0];
    assert_eq!(record["document"]["id"], "stdin");
    assert_eq!(record["text"], "Headline\n\nBody text.");

    let lines = b"{\"id\": \"s1\", \"date\": \"2021-03-04\", \"text\": \"One.\"}\n{\"id\": \"s2\", \"date\": \"2021-03-05\", \"text\": \"Two.\"}\n";
    let run = dateline_with_stdin(&["analyze", "-"], Some(lines));
    let ids: Vec<_> = records(&run.stdout)
        .iter()
        .map(|r| r["document"]["id"].clone())
        .collect();
    assert_eq!(ids, ["s1", "s2"]);
}

#[test]
fn many_articles_come_out_in_input_order() {
    let dir = TempDir::new();
    let mut lines = String::new();
    for i in 0..700 {
        // Uneven lengths so that workers finish out of order.
        let body = "The talks went on. ".repeat(1 + (i * 37) % 50);
        lines.push_str(&format!(
            "{{\"id\": \"n{i}\", \"date\": \"2020-01-01\", \"text\": \"{body}\"}}\n"
        ));
    }
    let file = dir.write("many.jsonl", lines);
    let run = dateline(&["analyze", "--jobs", "2", &file.display().to_string()]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let ids: Vec<String> = records(&run.stdout)
        .iter()
        .map(|r| r["document"]["id"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..700).map(|i| format!("n{i}")).collect();
    assert_eq!(ids, expected);
}

#[test]
fn problem_articles_are_analysed_with_findings() {
    let dir = TempDir::new();
    let empty = dir.write("empty.txt", "date 2020-01-01 Only a headline\n\n   \n");
    let broken = dir.write(
        "broken.txt",
        "date 2020-01-01 Mojibake\n\nItâ€™s here \u{fffd} and \u{7} there.",
    );
    let run = dateline(&[
        "analyze",
        &empty.display().to_string(),
        &broken.display().to_string(),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let records = records(&run.stdout);
    records.iter().for_each(check_record);
    let codes = |r: &serde_json::Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(&records[0]), ["input.empty-body"]);
    assert_eq!(
        codes(&records[1]),
        [
            "input.replacement-character",
            "input.mojibake",
            "input.control-characters"
        ]
    );
    // Findings point at their place, in code points.
    let text: Vec<char> = records[1]["text"].as_str().unwrap().chars().collect();
    let mojibake = &records[1]["findings"][1];
    let (s, e) = (
        mojibake["start"].as_u64().unwrap() as usize,
        mojibake["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[s..e].iter().collect::<String>(), "â€™");
}

#[test]
fn a_large_body_is_analysed_with_a_finding() {
    let dir = TempDir::new();
    let body = "Officials met in Geneva on Monday. ".repeat(160_000); // 5.6 MB
    let file = dir.write("large.txt", format!("date 2020-01-01 Large\n\n{body}"));
    let run = dateline(&["analyze", &file.display().to_string()]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let record = &records(&run.stdout)[0];
    assert_eq!(record["findings"][0]["code"], "input.large-text");
    assert_eq!(record["sentences"].as_array().unwrap().len(), 160_001);
}

#[test]
fn the_linguistic_layer_reaches_the_record() {
    let run = dateline(&["analyze", "-f", "json", &example("pyongyang-talks.txt")]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    let slice = |v: &serde_json::Value| -> String {
        text[v["start"].as_u64().unwrap() as usize..v["end"].as_u64().unwrap() as usize]
            .iter()
            .collect()
    };
    // One token per word, with tags and lemmas.
    let tokens = record["tokens"].as_array().unwrap();
    let said = tokens.iter().find(|t| slice(t) == "said").unwrap();
    assert_eq!(
        (
            said["pos"].as_str(),
            said["tag"].as_str(),
            said["lemma"].as_str()
        ),
        (Some("VERB"), Some("VBD"), Some("say"))
    );
    // Verb groups with their features.
    let groups = record["verb_groups"].as_array().unwrap();
    let tested = groups.iter().find(|g| g["text"] == "had tested").unwrap();
    assert_eq!(
        (tested["tense"].as_str(), tested["aspect"].as_str()),
        (Some("past"), Some("perfect"))
    );
    let hold = groups.iter().find(|g| g["text"] == "would hold").unwrap();
    assert_eq!(
        (hold["modal"].as_str(), hold["hypothetical"].as_bool()),
        (Some("would"), Some(true))
    );
    // What the ministry said is reported, not asserted.
    let reported: Vec<String> = record["reported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        reported.contains(&"it would hold a meeting next Tuesday".to_string()),
        "{reported:?}"
    );
    // Names.
    let names: Vec<(String, String)> = record["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["text"].as_str().unwrap().to_string(),
                n["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        names.contains(&("Kim Jong Un".to_string(), "person".to_string())),
        "{names:?}"
    );
    assert!(
        names.contains(&("Pyongyang".to_string(), "place".to_string())),
        "{names:?}"
    );
}

/// docs/record.md shows a real record; it must stay what the engine prints.
#[test]
fn the_documented_example_record_is_current() {
    let docs = std::fs::read_to_string(repo_root().join("docs/record.md")).unwrap();
    let example = &docs[docs
        .find("## Example")
        .expect("docs/record.md has an example")..];
    let start = example.find("```json\n").unwrap() + "```json\n".len();
    let end = start + example[start..].find("```").unwrap();
    let documented = example[start..end].trim();
    let line = std::fs::read_to_string(example_path("newswire.jsonl"))
        .unwrap()
        .lines()
        .nth(2)
        .unwrap()
        .to_string();
    let run =
        crate::support::dateline_with_stdin(&["analyze", "-f", "json", "-"], Some(line.as_bytes()));
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.trim() == documented,
        "the example in docs/record.md is stale: regenerate it from line 3 of examples/newswire.jsonl"
    );
}

fn example_path(name: &str) -> std::path::PathBuf {
    repo_root().join("examples").join(name)
}

/// `--format timeml` writes documents the TimeML reader of `eval timex` reads back: the same
/// text as the record, the article date as the DCT, and inline timexes over their own text.
#[test]
fn timeml_output_reads_back_as_the_record_text() {
    let dir = TempDir::new();
    let article = dir.write(
        "talks.txt",
        "date 2014-03-05 Talks & trade <draft> \"deal\"\n\nOn Monday, March 3, ministers met in \
         Genève for two days; they will meet again next week & in 2015.\n\nTalks resume at 10 \
         a.m. tomorrow.",
    );
    let note = dir.write(
        "note.txt",
        "It rained in Geneva yesterday.\r\nThe rain stopped on Friday < noon.\n",
    );
    let inputs = [
        (article.display().to_string(), vec![]),
        (
            note.display().to_string(),
            vec!["--date", "2020-05-01", "--id", "note"],
        ),
    ];
    for (path, flags) in &inputs {
        let args = |format: &'static str| {
            let mut args = vec!["analyze", "-f", format];
            args.extend(flags.iter().copied());
            args.push(path.as_str());
            args
        };
        let run = dateline(&args("json"));
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        let record: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let run = dateline(&args("timeml"));
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        let timeml = run.stdout;
        assert!(
            timeml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n"),
            "{timeml}"
        );
        assert!(timeml.ends_with("</TEXT>\n</TimeML>\n"), "{timeml}");
        let id = record["document"]["id"].as_str().unwrap();
        let date = record["document"]["date"].as_str().unwrap();
        assert!(timeml.contains(&format!("<DOCID>{id}</DOCID>")), "{timeml}");
        assert!(
            timeml.contains(&format!(
                "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{date}\" temporalFunction=\"false\" \
                 functionInDocument=\"CREATION_TIME\">{date}</TIMEX3></DCT>"
            )),
            "{timeml}"
        );
        assert_eq!(
            timeml.contains("<TITLE>"),
            !record["document"]["title"].is_null()
        );

        let file = dir.write("out.tml", &timeml);
        let run = dateline(&["eval", "timex", "--dump", &file.display().to_string()]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        let read_back = &records(&run.stdout)[0];
        assert_eq!(read_back["text"], record["text"]);
        assert_eq!(read_back["dct"], date);
        // Every TIMEX3 written covers its own text, and is one of the record's timexes.
        let text: Vec<char> = record["text"].as_str().unwrap().chars().collect();
        let timexes = record["timexes"].as_array().unwrap();
        // Non-overlapping timexes are all written inline (these texts have no overlaps).
        assert!(!timexes.is_empty(), "{record}");
        assert_eq!(
            read_back["timexes"].as_array().unwrap().len(),
            timexes.len(),
            "{timeml}"
        );
        for timex in read_back["timexes"].as_array().unwrap() {
            let (start, end) = (
                timex["start"].as_u64().unwrap() as usize,
                timex["end"].as_u64().unwrap() as usize,
            );
            let covered: String = text[start..end].iter().collect();
            assert_eq!(timex["text"], covered.as_str());
            assert!(
                timexes.iter().any(|t| t["start"] == start
                    && t["end"] == end
                    && t["type"] == timex["type"]
                    && t["value"] == timex["value"]),
                "{timex} is not in the record"
            );
        }
    }

    // Several articles: one document each, after a blank line.
    let run = dateline(&[
        "analyze",
        "-f",
        "timeml",
        &example("pyongyang-talks.txt"),
        &example("newswire.jsonl"),
    ]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let documents: Vec<&str> = run.stdout.split("\n\n<?xml").collect();
    assert_eq!(documents.len(), 4, "{}", run.stdout);
}
