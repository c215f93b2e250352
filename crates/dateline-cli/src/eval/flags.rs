//! `dateline eval flags`: office anachronisms on swapped articles, and false flags on
//! untouched ones.
//!
//! Gold. JSON Lines of articles (`id`, `date`, `title`, `text`, as `analyze` reads them), each
//! with a `swap` field: `null` for an untouched article, or `{"start", "end", …}` in code
//! points into `text` for an article where one reference to an office's holder at the
//! article's date was replaced by someone who did not hold that office on that date.
//!
//! Without a gold file the set is built from an article corpus (`--from`, AllSides by default):
//! every article is kept untouched (a text seen before is left out, so PolNeAR's line per
//! annotator counts once), and every article that names an office's holder of its
//! date by title ("President Donald Trump", "Prime Minister May", "Chancellor Angela Merkel")
//! or by government ("the Trump administration") gets a swapped twin. One such reference,
//! chosen by a seeded hash of the article id, has its name replaced by another holder of the
//! same office of the same country whose terms do not cover the date (past or future), in the
//! same form (full name for a full name, surname for a surname). References written with
//! "former", "then-" or "ex-" are not candidates. `--write FILE` saves the set, so a run is
//! reproducible and the set can be read by other tools.
//!
//! Scoring. On a swapped article a flag is *right* when its code starts with `office.` and its
//! evidence overlaps the replaced name; any other `office.*` flag there is wrong. Precision =
//! right flags / `office.*` flags on swapped articles; recall = swapped articles with a right
//! flag / swapped articles. Every `office.*` flag on an untouched article is a false flag,
//! reported per 1,000 untouched articles.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dateline_engine::Engine;
use dateline_engine::article::parse_json_line;
use dateline_engine::flags::check_references;
use dateline_engine::kb::KnowledgeBase;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{EvalFormat, Prf};
use crate::shared::gold_path;

const DEFAULT_CORPUS: &str = "news/allsides_2015_2020.jsonl";

#[derive(clap::Args)]
pub struct FlagEvalArgs {
    /// A flag gold set: JSON Lines articles with `swap` (null, or `{start, end}` in code points
    /// into `text`). Without it the set is built from `--from`.
    #[arg(value_name = "GOLD")]
    gold: Option<PathBuf>,
    /// The corpus to build the set from [default: news/allsides_2015_2020.jsonl in the shared
    /// data].
    #[arg(long, value_name = "JSONL", conflicts_with = "gold")]
    from: Option<PathBuf>,
    /// The seed that chooses which reference is swapped and with whom.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the built set here (JSON Lines, the GOLD format).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// List up to N missed swaps and N false flags, with context.
    #[arg(long, default_value_t = 0, value_name = "N")]
    show_errors: usize,
    /// Write every office reference out of office on its date, with what the check made of
    /// it and whether it is the swap, as JSON Lines (for tuning).
    #[arg(long, value_name = "FILE")]
    dump_references: Option<PathBuf>,
    /// With `--dump-references`: the references to holders of the day too.
    #[arg(long, requires = "dump_references")]
    dump_in_office: bool,
}

/// The replaced reference of a swapped article.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Swap {
    /// Code points into `text`.
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub date: String,
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
    pub swap: Option<Swap>,
}

#[derive(Deserialize)]
struct CorpusRow {
    id: serde_json::Value,
    date: String,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

// ---------------------------------------------------------------------------------------------
// Building the swapped set

/// SplitMix64: a fixed, seedable choice that does not depend on a crate's version.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash_str(seed: u64, s: &str) -> u64 {
    s.bytes().fold(mix(seed), |h, b| mix(h ^ u64::from(b)))
}

/// A place in an article where an office's holder of its date is named.
struct Candidate {
    /// Byte range of the name in the text.
    start: usize,
    end: usize,
    person: u32,
    country: String,
    office: String,
    full_name: bool,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80
}

/// Title-cased office words: "prime minister" → "Prime Minister".
fn title_case(words: &str) -> String {
    words
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if !matches!(w, "of" | "the") => f.to_uppercase().chain(c).collect(),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words before `at` that make a reference retrospective: not a candidate.
fn retrospective_before(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let last = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let prev = before
        .rsplit(|c: char| c.is_whitespace())
        .nth(1)
        .unwrap_or("")
        .to_lowercase();
    matches!(last.as_str(), "former" | "late" | "then" | "ex")
        || matches!(prev.as_str(), "former" | "late" | "then")
        || last.starts_with("then-")
        || last.starts_with("ex-")
        || text[..at].ends_with("then-")
        || text[..at].ends_with("ex-")
}

fn candidates(kb: &KnowledgeBase, text: &str, date: Date) -> Vec<Candidate> {
    let holders: Vec<(u32, &str, &str)> = kb
        .terms
        .iter()
        .filter(|t| t.covers(date))
        // Offices of one holder: not the two co-princes of Andorra.
        .filter(|t| kb.holders(&t.country, &t.office, date).len() == 1)
        .map(|t| (t.person, t.country.as_str(), t.office.as_str()))
        .collect();
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let name_at = |at: usize, name: &str| {
        text[at..].starts_with(name) && bytes.get(at + name.len()).is_none_or(|&b| !is_word_byte(b))
    };
    for (words, offices) in kb.office_word_table() {
        let title = title_case(words);
        for (at, _) in text.match_indices(&title) {
            if at > 0 && is_word_byte(bytes[at - 1]) {
                continue;
            }
            let name_start = at + title.len() + 1;
            if bytes.get(at + title.len()) != Some(&b' ') || retrospective_before(text, at) {
                continue;
            }
            // "U.S. President" is fine; "Vice President" is not "President".
            for &(person, country, office) in &holders {
                if !offices.iter().any(|o| o == office) {
                    continue;
                }
                let full = &kb.people[person as usize].name;
                let (len, full_name) = if name_at(name_start, full) {
                    (full.len(), true)
                } else if let Some(surname) = kb.surname(person)
                    && name_at(name_start, surname)
                {
                    (surname.len(), false)
                } else {
                    continue;
                };
                found.push(Candidate {
                    start: name_start,
                    end: name_start + len,
                    person,
                    country: country.to_string(),
                    office: office.to_string(),
                    full_name,
                });
                break;
            }
        }
    }
    // "the Trump administration", "Merkel's government".
    for word in ["administration", "government"] {
        for (at, _) in text.match_indices(word) {
            let before = text[..at].trim_end_matches(' ');
            if before.len() + 1 != at {
                continue;
            }
            let before = before
                .strip_suffix("'s")
                .or_else(|| before.strip_suffix("’s"))
                .unwrap_or(before);
            for &(person, country, office) in &holders {
                if !matches!(office, "head-of-state" | "head-of-government") {
                    continue;
                }
                let Some(surname) = kb.surname(person) else {
                    continue;
                };
                let start = before.len().wrapping_sub(surname.len());
                if !before.ends_with(surname)
                    || (start > 0 && is_word_byte(bytes[start - 1]))
                    || retrospective_before(text, start)
                {
                    continue;
                }
                found.push(Candidate {
                    start,
                    end: before.len(),
                    person,
                    country: country.to_string(),
                    office: office.to_string(),
                    full_name: false,
                });
                break;
            }
        }
    }
    found.sort_by_key(|c| c.start);
    found.dedup_by_key(|c| c.start);
    found
}

/// Another holder of the office, not in it on `date`, with a checked English name.
fn replacement(
    kb: &KnowledgeBase,
    candidate: &Candidate,
    date: Date,
    choice: u64,
) -> Option<(u32, String)> {
    let mut people: Vec<u32> = kb
        .office_history(&candidate.country, &candidate.office)
        .iter()
        .filter(|t| t.person != candidate.person && t.start.year() >= 1975)
        .map(|t| t.person)
        .collect();
    people.sort_unstable();
    people.dedup();
    people.retain(|&p| {
        kb.people[p as usize].wikipedia.is_some()
            && !kb.terms_of(p).any(|t| {
                t.office == candidate.office && t.country == candidate.country && t.covers(date)
            })
            && (candidate.full_name || kb.surname(p).is_some())
            && kb.surname(p) != kb.surname(candidate.person)
    });
    if people.is_empty() {
        return None;
    }
    let p = people[(choice % people.len() as u64) as usize];
    let name = if candidate.full_name {
        kb.people[p as usize].name.clone()
    } else {
        kb.surname(p)?.to_string()
    };
    Some((p, name))
}

/// The untouched articles of the corpus (each text once) and a swapped twin of each one that
/// has a candidate.
pub fn build_set(
    kb: &KnowledgeBase,
    corpus: &str,
    name: &str,
    seed: u64,
) -> anyhow::Result<Vec<GoldArticle>> {
    let mut set = Vec::new();
    // A text seen before is left out: PolNeAR has a line per annotator of an article.
    let mut seen = std::collections::HashSet::new();
    for (i, line) in corpus.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: CorpusRow =
            serde_json::from_str(line).with_context(|| format!("{name}:{}", i + 1))?;
        if !seen.insert(hash_str(0, &row.text)) {
            continue;
        }
        let id = match &row.id {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let Ok(date) = row.date.get(..10).unwrap_or("").parse::<Date>() else {
            bail!("{name}:{}: no date", i + 1);
        };
        let found = candidates(kb, &row.text, date);
        let choice = hash_str(seed, &id);
        let swapped = if found.is_empty() {
            None
        } else {
            let candidate = &found[(choice % found.len() as u64) as usize];
            replacement(kb, candidate, date, mix(choice)).map(|(_, new_name)| {
                let mut text = String::with_capacity(row.text.len() + 16);
                text.push_str(&row.text[..candidate.start]);
                text.push_str(&new_name);
                text.push_str(&row.text[candidate.end..]);
                let start = row.text[..candidate.start].chars().count();
                GoldArticle {
                    id: format!("{id}#swap"),
                    date: row.date.clone(),
                    title: row.title.clone(),
                    text,
                    swap: Some(Swap {
                        start,
                        end: start + new_name.chars().count(),
                        original: Some(row.text[candidate.start..candidate.end].to_string()),
                        replacement: Some(new_name),
                        country: Some(candidate.country.clone()),
                        office: Some(candidate.office.clone()),
                    }),
                }
            })
        };
        set.push(GoldArticle {
            id,
            date: row.date,
            title: row.title,
            text: row.text,
            swap: None,
        });
        set.extend(swapped);
    }
    Ok(set)
}

// ---------------------------------------------------------------------------------------------
// Scoring

#[derive(Serialize)]
struct FlagSeen {
    code: String,
    message: String,
    evidence: String,
}

struct Scored {
    id: String,
    swapped: bool,
    /// `office.*` flags: right ones (overlapping the swap) and the rest.
    right: Vec<FlagSeen>,
    wrong: Vec<FlagSeen>,
    context: String,
    swap: Option<Swap>,
    /// What the office check made of the references at the swap.
    checks: Vec<String>,
    dump: Vec<serde_json::Value>,
}

fn score(engine: &Engine, gold: &GoldArticle, dump_in_office: bool) -> anyhow::Result<Scored> {
    let line = serde_json::json!({
        "id": gold.id, "date": gold.date, "title": gold.title, "text": gold.text,
    })
    .to_string();
    let article = parse_json_line(&line).map_err(|e| anyhow::anyhow!("{}: {e}", gold.id))?;
    // The record text is the title, a blank line, then `text`.
    let shift = article.text.len() - gold.text.len();
    let doc = engine.analyze(article);
    let swap_bytes = gold.swap.as_ref().map(|s| {
        let offsets: Vec<usize> = gold.text.char_indices().map(|(b, _)| b).collect();
        let at = |cp: usize| offsets.get(cp).copied().unwrap_or(gold.text.len()) + shift;
        (at(s.start), at(s.end))
    });
    let dump: Vec<serde_json::Value> = check_references(&doc, engine.resources())
        .into_iter()
        .filter(|c| !c.in_office || dump_in_office)
        .map(|c| {
            let at_swap = swap_bytes
                .is_some_and(|(s, e)| (c.span.start as usize) < e && s < c.span.end as usize);
            serde_json::json!({
                "id": gold.id, "swapped": gold.swap.is_some(), "at_swap": at_swap,
                "text": &doc.text[c.span], "person": c.person, "in_office": c.in_office, "not_present": c.not_present,
                "person_mentions": c.person_mentions, "former_elsewhere": c.former_elsewhere,
                "holder_named": c.holder_named, "sentence": c.sentence, "clues": c.clues,
            })
        })
        .collect();
    let checks: Vec<String> = match swap_bytes {
        Some((s, e)) => check_references(&doc, engine.resources())
            .into_iter()
            .filter(|c| (c.span.start as usize) < e && s < c.span.end as usize)
            .map(|c| {
                format!(
                    "{} in_office={} not_present={:?}",
                    c.person, c.in_office, c.not_present
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let mut right = Vec::new();
    let mut wrong = Vec::new();
    for flag in doc.flags.iter().filter(|f| f.code.starts_with("office.")) {
        let hits = swap_bytes.is_some_and(|(s, e)| {
            flag.evidence
                .iter()
                .any(|span| (span.start as usize) < e && s < span.end as usize)
        });
        let seen = FlagSeen {
            code: flag.code.clone(),
            message: flag.message.clone(),
            evidence: flag
                .evidence
                .first()
                .map(|span| context_of(&doc.text, span.start as usize, span.end as usize))
                .unwrap_or_default(),
        };
        if hits {
            right.push(seen);
        } else {
            wrong.push(seen);
        }
    }
    let context = swap_bytes.map_or(String::new(), |(s, e)| context_of(&doc.text, s, e));
    Ok(Scored {
        id: gold.id.clone(),
        swapped: gold.swap.is_some(),
        right,
        wrong,
        context,
        swap: gold.swap.clone(),
        checks,
        dump,
    })
}

/// The text around `start..end`, on one line, the span in brackets.
fn context_of(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(150);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 150).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    format!(
        "{}[[{}]]{}",
        &text[from..start],
        &text[start..end],
        &text[end..to]
    )
    .replace('\n', " ")
}

#[derive(Serialize)]
struct FlagReport {
    source: String,
    seed: Option<u64>,
    untouched: usize,
    swapped: usize,
    /// Office anachronisms on swapped articles.
    swaps: Prf,
    false_flags: usize,
    false_flags_per_1000: f64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    missed: Vec<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    false_flag_examples: Vec<serde_json::Value>,
}

/// Writes one JSON line per row.
fn write_jsonl<'a, T: Serialize + 'a>(
    path: &std::path::Path,
    rows: impl IntoIterator<Item = &'a T>,
) -> anyhow::Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for row in rows {
        serde_json::to_writer(&mut out, row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

pub fn run(args: FlagEvalArgs) -> anyhow::Result<ExitCode> {
    let engine = Engine::new().context("compiling the embedded data")?;
    let (set, source, seed) = match &args.gold {
        Some(path) => {
            let name = path.display().to_string();
            let contents =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
            let mut set = Vec::new();
            for (i, line) in contents.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let row: GoldArticle =
                    serde_json::from_str(line).with_context(|| format!("{name}:{}", i + 1))?;
                set.push(row);
            }
            (set, name, None)
        }
        None => {
            let path = gold_path(args.from.as_deref(), DEFAULT_CORPUS, "--from")?;
            let name = path.display().to_string();
            let contents =
                std::fs::read_to_string(&path).with_context(|| format!("cannot read {name}"))?;
            let set = build_set(&engine.resources().kb, &contents, &name, args.seed)?;
            (set, name, Some(args.seed))
        }
    };
    if let Some(path) = &args.write {
        write_jsonl(path, &set)?;
    }
    let scored: Vec<Scored> = set
        .par_iter()
        .map(|g| score(&engine, g, args.dump_in_office))
        .collect::<anyhow::Result<_>>()?;
    if let Some(path) = &args.dump_references {
        write_jsonl(path, scored.iter().flat_map(|s| &s.dump))?;
    }
    let swapped: Vec<&Scored> = scored.iter().filter(|s| s.swapped).collect();
    let untouched: Vec<&Scored> = scored.iter().filter(|s| !s.swapped).collect();
    let right_flags: usize = swapped.iter().map(|s| s.right.len()).sum();
    let all_flags: usize = swapped.iter().map(|s| s.right.len() + s.wrong.len()).sum();
    let found = swapped.iter().filter(|s| !s.right.is_empty()).count();
    // Precision over flags, recall over articles: a Prf with the right counts in each.
    let mut swaps = Prf::new(found, swapped.len(), all_flags);
    swaps.precision = super::percent(right_flags, all_flags);
    swaps.f1 = if swaps.precision + swaps.recall == 0.0 {
        0.0
    } else {
        2.0 * swaps.precision * swaps.recall / (swaps.precision + swaps.recall)
    };
    swaps.correct = right_flags;
    let false_flags: usize = untouched.iter().map(|s| s.wrong.len()).sum();
    let n = args.show_errors;
    let report = FlagReport {
        source,
        seed,
        untouched: untouched.len(),
        swapped: swapped.len(),
        swaps,
        false_flags,
        false_flags_per_1000: 1000.0 * false_flags as f64 / (untouched.len().max(1) as f64),
        missed: swapped
            .iter()
            .filter(|s| s.right.is_empty())
            .take(n)
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "swap": s.swap, "context": s.context, "checks": s.checks,
                    "other_flags": s.wrong,
                })
            })
            .collect(),
        false_flag_examples: scored
            .iter()
            .filter(|s| !s.wrong.is_empty())
            .take(n)
            .map(|s| serde_json::json!({"id": s.id, "flags": s.wrong}))
            .collect(),
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        EvalFormat::Text => print_text(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &FlagReport) {
    println!("flags on {}", report.source);
    if let Some(seed) = report.seed {
        println!(
            "  built with seed {seed}: every article untouched, plus a swapped twin where one names an office's holder"
        );
    }
    println!(
        "  untouched articles {:>6}   office flags {:>4}   per 1,000 articles {:.2}",
        report.untouched, report.false_flags, report.false_flags_per_1000
    );
    println!(
        "  swapped articles   {:>6}   P {:6.2} (right flags {} of {})   R {:6.2} (found {} of {})   F1 {:6.2}",
        report.swapped,
        report.swaps.precision,
        report.swaps.correct,
        report.swaps.predicted,
        report.swaps.recall,
        (report.swaps.recall * report.swaps.gold as f64 / 100.0).round(),
        report.swaps.gold,
        report.swaps.f1
    );
    for m in &report.missed {
        println!("\nmissed {}", serde_json::to_string(m).unwrap_or_default());
    }
    for f in &report.false_flag_examples {
        println!(
            "\nfalse flag {}",
            serde_json::to_string(f).unwrap_or_default()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> &'static Engine {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(|| Engine::new().unwrap())
    }

    const CORPUS: &str = concat!(
        r#"{"id": "a", "date": "2019-05-02", "title": "Tariffs", "text": "President Donald Trump said on Tuesday that tariffs would rise. Former President Barack Obama disagreed."}"#,
        "\n",
        r#"{"id": "b", "date": "2019-05-02", "title": "Rain", "text": "It rained in Ohio on Tuesday."}"#,
        "\n",
        r#"{"id": "b2", "date": "2019-05-02", "title": "Rain", "text": "It rained in Ohio on Tuesday."}"#,
        "\n",
    );

    #[test]
    fn a_swap_replaces_a_holder_of_the_day_by_another_holder_of_the_office() {
        let kb = &engine().resources().kb;
        let set = build_set(kb, CORPUS, "corpus", 1).unwrap();
        // Both articles untouched (the repeated rain story once), and one swapped twin:
        // "Former President Barack Obama" is no candidate, and the rain story names no one.
        assert_eq!(set.len(), 3);
        let twin = set.iter().find(|a| a.swap.is_some()).unwrap();
        assert_eq!(twin.id, "a#swap");
        let swap = twin.swap.as_ref().unwrap();
        assert_eq!(swap.original.as_deref(), Some("Donald Trump"));
        let new_name: String = twin
            .text
            .chars()
            .skip(swap.start)
            .take(swap.end - swap.start)
            .collect();
        assert_eq!(Some(new_name.as_str()), swap.replacement.as_deref());
        assert!(twin.text.starts_with("President "), "{}", twin.text);
        // The replacement held the office, but not on the article's date.
        let date: Date = "2019-05-02".parse().unwrap();
        let person = kb
            .office_history("USA", swap.office.as_deref().unwrap())
            .into_iter()
            .find(|t| kb.people[t.person as usize].name == new_name)
            .map(|t| t.person)
            .unwrap_or_else(|| panic!("{new_name} never held the office"));
        assert!(
            !kb.terms_of(person)
                .any(|t| t.country == "USA" && t.covers(date))
        );
        // Another seed may choose another replacement, but the same reference.
        let other = build_set(kb, CORPUS, "corpus", 7).unwrap();
        assert_eq!(other[1].swap.as_ref().unwrap().start, swap.start);
    }

    #[test]
    fn the_swap_is_found_and_the_untouched_article_is_not_flagged() {
        let set = build_set(&engine().resources().kb, CORPUS, "corpus", 1).unwrap();
        let scored: Vec<Scored> = set
            .iter()
            .map(|g| score(engine(), g, false).unwrap())
            .collect();
        let twin = scored.iter().find(|s| s.swapped).unwrap();
        assert_eq!(twin.right.len(), 1, "{:?}", twin.checks);
        assert!(twin.wrong.is_empty());
        assert!(
            scored
                .iter()
                .filter(|s| !s.swapped)
                .all(|s| s.wrong.is_empty())
        );
    }
}
