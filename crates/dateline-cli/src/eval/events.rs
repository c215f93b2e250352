//! `dateline eval events`: the event coder on the PLOVER gold records (the dev slice of
//! `plover/gold_dev.json` by default, scored as its GOLD_DEV.md defines), and on the
//! validation suites of TABARI and PETRARCH with their own dictionaries.
//!
//! PLOVER score, per sentence r with gold type g_r and the system's set of types S_r:
//! type TP = sentences with g_r in S_r, P = TP / Σ|S_r|, R = TP / sentences; type+actors
//! counts an event only if its type is g_r and its source (target) country is a gold source
//! (target) country wherever the gold gives one.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dateline_engine::Engine;
use dateline_engine::article::{PlainTextOptions, parse_plain_text};
use dateline_engine::layers::{Event, Participant};
use serde::Deserialize;

use super::{EvalFormat, Prf};

#[derive(clap::Args)]
pub struct EventEvalArgs {
    /// PLOVER gold records: a JSON array of `{id, date, text, event, source: [{code}],
    /// target: [{code}]}` [default: eventcoding/plover/gold_dev.json in the shared data].
    #[arg(value_name = "GOLD")]
    gold: Option<PathBuf>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
    /// List up to N sentences whose gold type the coder missed, with what it coded.
    #[arg(long, default_value_t = 0, value_name = "N")]
    show_errors: usize,
    /// plover: the PLOVER gold with our dictionaries and knowledge base; tabari, petr: those
    /// coders' validation suites with their own dictionaries (EVALUATION.md).
    #[arg(long, default_value = "plover")]
    suite: super::event_suites::Suite,
    /// The eventcoding folder for --suite tabari|petr [default: eventcoding in the shared data].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Deserialize)]
struct GoldActor {
    #[serde(default)]
    code: String,
}

#[derive(Deserialize)]
struct GoldRecord {
    id: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    text: String,
    event: String,
    #[serde(default, deserialize_with = "actors")]
    source: Vec<GoldActor>,
    #[serde(default, deserialize_with = "actors")]
    target: Vec<GoldActor>,
}

/// A list of actors; some records write an empty string for none.
fn actors<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<GoldActor>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// PLOVER 0.5b1 names → the current 16 types.
fn current_type(event: &str) -> &str {
    match event {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// The ISO 3166 country of an event-data actor code, if its first block is one.
fn code_country(code: &str, engine: &Engine) -> Option<String> {
    let first = code.get(..3)?.to_uppercase();
    let iso = match first.as_str() {
        "ITL" => "ITA",
        "JAP" => "JPN",
        "VTN" => "VNM",
        other => other,
    };
    engine.resources().kb.country(iso).map(|c| c.iso3.clone())
}

fn participant_country(p: &Participant, engine: &Engine) -> Option<String> {
    p.country.clone().or_else(|| {
        p.actor
            .as_ref()
            .and_then(|a| a.code.as_deref())
            .and_then(|c| code_country(c, engine))
    })
}

#[derive(Default, serde::Serialize)]
struct Score {
    sentences: usize,
    predicted: usize,
    type_tp: usize,
    actors_tp: usize,
}

/// Precision, recall and F1 (per cent) as GOLD_DEV.md counts them: gold = sentences.
fn prf(tp: usize, predicted: usize, sentences: usize) -> (f64, f64, f64) {
    let score = Prf::new(tp, sentences, predicted);
    (score.precision, score.recall, score.f1)
}

/// Gold sentences and those whose type the coder found, by gold type.
type ByType = std::collections::BTreeMap<String, (usize, usize)>;

/// Scores the engine on the records; up to `show_errors` sentences it got wrong, described.
fn score_records(
    engine: &Engine,
    records: &[GoldRecord],
    show_errors: usize,
) -> anyhow::Result<(Score, Vec<String>, ByType)> {
    let mut score = Score::default();
    let mut errors = Vec::new();
    let mut by_type = ByType::default();
    for record in records.iter().filter(|r| r.event != "DOCUMENT") {
        let date = dateline_engine::article::parse_calendar_date(&record.date)
            .unwrap_or(jiff::civil::date(2000, 1, 1));
        let article = parse_plain_text(
            record.text.trim().as_bytes(),
            &PlainTextOptions {
                date,
                id: &record.id,
                title: None,
            },
        )
        .with_context(|| format!("record {}", record.id))?;
        let doc = engine.analyze(article);
        let gold_type = current_type(&record.event);
        let countries = |actors: &[GoldActor]| -> BTreeSet<String> {
            actors
                .iter()
                .filter_map(|a| code_country(&a.code, engine))
                .collect()
        };
        let (gold_sources, gold_targets) = (countries(&record.source), countries(&record.target));
        let types: BTreeSet<&str> = doc.events.iter().map(|e| e.event_type.as_str()).collect();
        score.sentences += 1;
        score.predicted += types.len();
        let type_hit = types.contains(gold_type);
        let actors_ok = |e: &Event| {
            let source_ok = gold_sources.is_empty()
                || participant_country(&e.source, engine)
                    .is_some_and(|c| gold_sources.contains(&c));
            let target_ok = gold_targets.is_empty()
                || e.target
                    .as_ref()
                    .and_then(|t| participant_country(t, engine))
                    .is_some_and(|c| gold_targets.contains(&c));
            source_ok && target_ok
        };
        let actors_hit = doc
            .events
            .iter()
            .any(|e| e.event_type == gold_type && actors_ok(e));
        score.type_tp += type_hit as usize;
        score.actors_tp += actors_hit as usize;
        let entry = by_type.entry(gold_type.to_string()).or_default();
        entry.0 += 1;
        entry.1 += type_hit as usize;
        if (!type_hit || !actors_hit) && errors.len() < show_errors {
            let coded: Vec<String> = doc
                .events
                .iter()
                .map(|e| {
                    let who = |p: Option<&Participant>| {
                        p.map(|p| {
                            participant_country(p, engine)
                                .unwrap_or_else(|| format!("'{}'", &doc.text[p.span]))
                        })
                        .unwrap_or_else(|| "-".into())
                    };
                    format!(
                        "{} {} {} ({} \"{}\")",
                        who(Some(&e.source)),
                        e.event_type,
                        who(e.target.as_ref()),
                        e.cameo,
                        &doc.text[e.span]
                    )
                })
                .collect();
            errors.push(format!(
                "{} gold {} {:?}->{:?}{}\n  {}\n  coded: {}",
                record.id,
                gold_type,
                gold_sources,
                gold_targets,
                if type_hit {
                    " (type right, actors wrong)"
                } else {
                    ""
                },
                record.text.trim(),
                if coded.is_empty() {
                    "nothing".to_string()
                } else {
                    coded.join("; ")
                }
            ));
        }
    }
    Ok((score, errors, by_type))
}

pub fn run(args: EventEvalArgs) -> anyhow::Result<ExitCode> {
    if args.suite != super::event_suites::Suite::Plover {
        return super::event_suites::run(
            args.suite,
            args.dir.as_deref(),
            args.format,
            args.show_errors,
        );
    }
    let path = crate::shared::gold_path(
        args.gold.as_deref(),
        "eventcoding/plover/gold_dev.json",
        "GOLD",
    )?;
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let records: Vec<GoldRecord> =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let engine = Engine::with_events().context("compiling the embedded data")?;
    let (score, errors, by_type) = score_records(&engine, &records, args.show_errors)?;
    let (tp, tr, tf) = prf(score.type_tp, score.predicted, score.sentences);
    let (ap, ar, af) = prf(score.actors_tp, score.predicted, score.sentences);
    match args.format {
        EvalFormat::Json => {
            println!(
                "{}",
                serde_json::json!({
                    "gold": path.display().to_string(),
                    "sentences": score.sentences,
                    "types_predicted": score.predicted,
                    "type": {"tp": score.type_tp, "precision": tp, "recall": tr, "f1": tf},
                    "type_actors": {"tp": score.actors_tp, "precision": ap, "recall": ar, "f1": af},
                })
            );
        }
        EvalFormat::Text => {
            println!(
                "{}: {} sentences, {} types coded",
                path.display(),
                score.sentences,
                score.predicted
            );
            println!(
                "  type           P {tp:5.1}  R {tr:5.1}  F1 {tf:5.1}   ({} right)",
                score.type_tp
            );
            println!(
                "  type+actors    P {ap:5.1}  R {ar:5.1}  F1 {af:5.1}   ({} right)",
                score.actors_tp
            );
            println!("  TABARI 0.8.4b2 (GOLD_DEV.md): type F1 39.2, type+actors F1 29.4");
            println!("  recall by gold type:");
            for (t, (n, hit)) in &by_type {
                println!("    {t:<10} {hit:>3} / {n:<3}");
            }
            for e in &errors {
                println!("{e}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(no_shared, ignore = "needs ../shared")]
    fn the_plover_dev_slice_scores_at_least_as_measured() {
        let dir = PathBuf::from(env!("DATELINE_TEST_SHARED")).join("data/eventcoding");
        let text = std::fs::read_to_string(dir.join("plover/gold_dev.json")).unwrap();
        let records: Vec<GoldRecord> = serde_json::from_str(&text).unwrap();
        let engine = Engine::with_events().unwrap();
        let (score, _, _) = score_records(&engine, &records, 0).unwrap();
        assert_eq!(score.sentences, 96);
        let (_, _, type_f1) = prf(score.type_tp, score.predicted, score.sentences);
        let (_, _, actors_f1) = prf(score.actors_tp, score.predicted, score.sentences);
        // EVALUATION.md: type F1 63.9, type+actors F1 32.5; TABARI 39.2 and 29.4.
        assert!(type_f1 >= 63.0, "type F1 {type_f1:.1}");
        assert!(actors_f1 >= 32.0, "type+actors F1 {actors_f1:.1}");
    }

    #[test]
    #[cfg_attr(no_shared, ignore = "needs ../shared")]
    fn the_shipped_event_data_is_what_kb_events_makes() {
        let dir = PathBuf::from(env!("DATELINE_TEST_SHARED")).join("data/eventcoding");
        let verbs =
            std::fs::read_to_string(dir.join("petrarch2/dictionaries/CAMEO.2.0.txt")).unwrap();
        let codes = std::fs::read_to_string(dir.join("cameo/cameo_event_codes.tsv")).unwrap();
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/events");
        assert!(
            crate::kb::events::convert_verbs(&verbs)
                == std::fs::read_to_string(data.join("verbs.txt")).unwrap(),
            "data/events/verbs.txt differs from `dateline kb events`"
        );
        assert!(
            crate::kb::events::convert_codes(&codes).unwrap()
                == std::fs::read_to_string(data.join("cameo.tsv")).unwrap(),
            "data/events/cameo.tsv differs from `dateline kb events`"
        );
    }
}
