//! The knowledge base's generated tables (data/kb), read as they are committed.

use std::collections::BTreeMap;

use crate::support::{dateline, repo_root};

/// (start, end, person) of the terms of one (country, office).
type Terms = Vec<(String, String, String)>;

/// The rows of a tab-separated table: `#` lines are comments, the first other line the header.
fn table(name: &str) -> Vec<BTreeMap<String, String>> {
    let path = repo_root().join("data/kb").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `dateline kb build`)", path.display()));
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), header.len(), "{name}: {line}");
            header
                .iter()
                .zip(fields)
                .map(|(h, f)| (h.to_string(), f.to_string()))
                .collect()
        })
        .collect()
}

/// No single-holder (country, office) has two holders at once; an exempt pair of
/// leaders_curation.tsv has no more holders at once than it allows. (Realms need no
/// exemption: their monarch is `head-of-state` and the representative `governor-general`,
/// each one at a time.)
#[test]
fn no_two_holders_of_a_single_holder_office_overlap() {
    let mut allowed: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in table("leaders_curation.tsv") {
        if row["action"] != "single-holder-exempt" {
            continue;
        }
        let (country, office) = row["source_id"].split_once('/').unwrap();
        if let Ok(most) = row["value"].parse() {
            allowed.insert((country.to_string(), office.replace('_', "-")), most);
        }
    }
    let mut groups: BTreeMap<(String, String), Terms> = BTreeMap::new();
    for row in table("terms.tsv") {
        let end = if row["end"].is_empty() {
            "9999-12-31".to_string()
        } else {
            row["end"].clone()
        };
        assert!(row["start"] < end, "an empty term: {row:?}");
        groups
            .entry((row["country"].clone(), row["office"].clone()))
            .or_default()
            .push((row["start"].clone(), end, row["person"].clone()));
    }
    assert!(
        groups.len() > 300,
        "{} (country, office) pairs",
        groups.len()
    );
    let mut overlaps = Vec::new();
    for (key, terms) in &groups {
        let most = allowed.get(key).copied().unwrap_or(1);
        for (start, _, person) in terms {
            // Holders on the day a term starts (terms are half-open).
            let held: Vec<&str> = terms
                .iter()
                .filter(|(s, e, _)| s <= start && start < e)
                .map(|(_, _, p)| p.as_str())
                .collect();
            if held.len() > most {
                overlaps.push(format!(
                    "{} {} on {start} ({person} starts): {}",
                    key.0,
                    key.1,
                    held.join(" ")
                ));
            }
        }
    }
    assert!(
        overlaps.is_empty(),
        "{} overlaps, first: {:#?}",
        overlaps.len(),
        &overlaps[..overlaps.len().min(20)]
    );
}

/// Every term's person is in people.tsv, terms are sorted, and terms.tsv states its horizon.
#[test]
fn terms_name_known_people_in_order_up_to_a_stated_horizon() {
    let people: std::collections::BTreeSet<String> = table("people.tsv")
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    let terms = table("terms.tsv");
    let keys: Vec<_> = terms
        .iter()
        .map(|r| {
            assert!(
                people.contains(&r["person"]),
                "{} is not in people.tsv",
                r["person"]
            );
            (
                r["country"].clone(),
                r["office"].clone(),
                r["start"].clone(),
                r["person"].clone(),
            )
        })
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "terms.tsv is not sorted"
    );
    let text = std::fs::read_to_string(repo_root().join("data/kb/terms.tsv")).unwrap();
    let horizon = text
        .lines()
        .find_map(|l| l.strip_prefix("#! horizon "))
        .expect("a `#! horizon` line");
    assert!(
        horizon.len() == 10 && horizon.as_bytes()[4] == b'-' && horizon.as_bytes()[7] == b'-',
        "{horizon}"
    );
}

/// `kb search` shows a person of the event-coding dictionaries with their dated codes, in
/// text and in JSON.
#[test]
fn kb_search_shows_the_codes_of_affiliated_people() {
    let run = dateline(&["kb", "search", "Frederick Willem de Klerk"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("code ZAFGOV  1989-08-15 to 1994-05-10"),
        "{}",
        run.stdout
    );
    let run = dateline(&[
        "kb",
        "search",
        "--format",
        "json",
        "Frederick Willem de Klerk",
    ]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes = &json["people"][0]["codes"];
    assert!(
        codes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "ZAFGOV" && c["country"] == "ZAF" && c["end"] == "1994-05-10"),
        "{json}"
    );
}

/// No person of affiliated.tsv bears a name of people.tsv (the office holders keep their
/// names), and no id or name is listed twice.
#[test]
fn affiliated_people_do_not_shadow_the_office_holders() {
    let mut names = std::collections::HashSet::new();
    for row in table("people.tsv") {
        names.insert(row["name"].to_lowercase());
        for alias in row["aliases"].split('|').filter(|a| !a.is_empty()) {
            names.insert(alias.to_lowercase());
        }
    }
    let (mut ids, mut own) = (
        std::collections::HashSet::new(),
        std::collections::HashSet::new(),
    );
    let affiliated = table("affiliated.tsv");
    assert!(affiliated.len() > 10_000, "{} rows", affiliated.len());
    for row in &affiliated {
        assert!(ids.insert(row["id"].clone()), "{} twice", row["id"]);
        for name in std::iter::once(row["name"].as_str())
            .chain(row["aliases"].split('|').filter(|a| !a.is_empty()))
        {
            assert!(
                !names.contains(&name.to_lowercase()),
                "{name} is in people.tsv"
            );
            assert!(
                own.insert(name.to_string()),
                "{name} twice in affiliated.tsv"
            );
        }
        assert!(!row["roles"].is_empty(), "{} has no roles", row["id"]);
    }
}
