//! `dateline kb who`, `kb search`, `kb stats`: look into the compiled knowledge base.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dateline_engine::Engine;
use dateline_engine::kb::KnowledgeBase;

use crate::eval::EvalFormat;

#[derive(clap::Args)]
pub struct WhoArgs {
    /// ISO 3166-1 alpha-3 code of the state (GBR), or an organisation code (UNO, NATO).
    #[arg(long)]
    country: String,
    /// The office: "head of government", head-of-state, secretary-of-state, foreign-minister…
    #[arg(long)]
    office: String,
    /// The day (YYYY-MM-DD); without it, every holder in order.
    #[arg(long)]
    date: Option<String>,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// A name or part of one, any case (Kim Jong, Merkel).
    name: String,
    #[arg(long, default_value = "text")]
    format: EvalFormat,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    #[arg(long, default_value = "text")]
    format: EvalFormat,
}

fn engine() -> anyhow::Result<Engine> {
    Engine::new().context("compiling the embedded data")
}

/// "head of government" and "Head-of-Government" are `head-of-government`.
fn office_key(office: &str) -> String {
    office
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(serde::Serialize)]
struct HolderRow {
    id: String,
    name: String,
    country: String,
    office: String,
    start: String,
    end: Option<String>,
    source: String,
}

impl HolderRow {
    fn of(kb: &KnowledgeBase, t: &dateline_engine::kb::Term) -> HolderRow {
        let person = &kb.people[t.person as usize];
        HolderRow {
            id: person.id.clone(),
            name: person.name.clone(),
            country: t.country.clone(),
            office: t.office.clone(),
            start: t.start.to_string(),
            end: t.end.map(|e| e.to_string()),
            source: t.source.clone(),
        }
    }
}

pub fn who(args: WhoArgs) -> anyhow::Result<ExitCode> {
    let engine = engine()?;
    let kb = &engine.resources().kb;
    let country = args.country.trim().to_uppercase();
    let office = office_key(&args.office);
    let history = kb.office_history(&country, &office);
    if history.is_empty() {
        bail!(
            "the knowledge base has no {office:?} of {country:?}; offices it has for {country}: {}",
            offices_of(kb, &country).join(", ")
        );
    }
    let day = match &args.date {
        Some(date) => Some(
            dateline_engine::article::parse_calendar_date(date)
                .map_err(|e| anyhow::anyhow!("--date {date:?}: {e}"))?,
        ),
        None => None,
    };
    let terms = match day {
        Some(day) => kb.holders(&country, &office, day),
        None => history,
    };
    let rows: Vec<HolderRow> = terms.iter().map(|t| HolderRow::of(kb, t)).collect();
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        EvalFormat::Text => {
            if rows.is_empty() {
                println!("nobody held {office} of {country} on that day");
            }
            for row in &rows {
                println!(
                    "{}  {}  {} to {}  ({}, {})",
                    row.name,
                    row.office,
                    row.start,
                    row.end.as_deref().unwrap_or("now"),
                    row.id,
                    row.source
                );
            }
            if let (Some(date), Some(horizon)) = (day, kb.horizon)
                && date > horizon
            {
                println!(
                    "note: {date} is after the knowledge horizon {horizon}: holders may have changed since"
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn offices_of(kb: &KnowledgeBase, country: &str) -> Vec<String> {
    let mut offices: Vec<String> = kb
        .terms
        .iter()
        .filter(|t| t.country == country)
        .map(|t| t.office.clone())
        .collect();
    offices.sort();
    offices.dedup();
    offices
}

#[derive(serde::Serialize)]
struct PersonRow {
    id: String,
    name: String,
    terms: Vec<HolderRow>,
    /// The dated actor codes of a person of the event-coding dictionaries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    codes: Vec<CodeRow>,
}

#[derive(serde::Serialize)]
struct CodeRow {
    code: String,
    country: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

pub fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let engine = engine()?;
    let kb = &engine.resources().kb;
    let people: Vec<PersonRow> = kb
        .search_people(&args.name)
        .into_iter()
        .map(|p| {
            let person = &kb.people[p as usize];
            PersonRow {
                id: person.id.clone(),
                name: person.name.clone(),
                terms: kb.terms_of(p).map(|t| HolderRow::of(kb, t)).collect(),
                codes: kb
                    .affiliations_of(p)
                    .iter()
                    .map(|a| CodeRow {
                        code: a.code.clone(),
                        country: a.country.clone(),
                        start: a.start.map(|d| d.to_string()),
                        end: a.end.map(|d| d.to_string()),
                    })
                    .collect(),
            }
        })
        .collect();
    let query = args.name.to_lowercase();
    let countries: Vec<&dateline_engine::kb::Country> = kb
        .countries
        .iter()
        .filter(|c| {
            c.name.to_lowercase().contains(&query)
                || c.official_name.to_lowercase().contains(&query)
        })
        .collect();
    let organisations: Vec<&dateline_engine::kb::Organisation> = kb
        .organisations
        .iter()
        .filter(|o| o.name.to_lowercase().contains(&query) || o.id.to_lowercase() == query)
        .collect();
    match args.format {
        EvalFormat::Json => {
            let json = serde_json::json!({
                "people": people,
                "countries": countries.iter().map(|c| serde_json::json!({
                    "id": c.iso3, "name": c.name, "official_name": c.official_name,
                    "status": c.status, "code": c.cameo,
                })).collect::<Vec<_>>(),
                "organisations": organisations.iter().map(|o| serde_json::json!({
                    "id": o.id, "name": o.name, "kind": o.kind, "country": o.country,
                    "sector": o.sector, "code": o.cameo,
                })).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        EvalFormat::Text => {
            for c in &countries {
                println!(
                    "{}  {} ({}), {}, code {}",
                    c.iso3, c.name, c.official_name, c.status, c.cameo
                );
            }
            for o in &organisations {
                println!(
                    "{}  {} ({}{}), code {}",
                    o.id,
                    o.name,
                    o.kind,
                    o.country
                        .as_deref()
                        .map_or(String::new(), |c| format!(", {c}")),
                    o.cameo.as_deref().unwrap_or("none")
                );
            }
            for p in &people {
                println!("{}  {}", p.id, p.name);
                for t in &p.terms {
                    println!(
                        "    {} {}  {} to {}  ({})",
                        t.country,
                        t.office,
                        t.start,
                        t.end.as_deref().unwrap_or("now"),
                        t.source
                    );
                }
                for c in &p.codes {
                    let dates = match (&c.start, &c.end) {
                        (None, None) => "undated (the default)".to_string(),
                        (start, end) => format!(
                            "{} to {}",
                            start.as_deref().unwrap_or("…"),
                            end.as_deref().unwrap_or("…")
                        ),
                    };
                    println!("    code {}  {dates}  (event-coding dictionaries)", c.code);
                }
            }
            if people.is_empty() && countries.is_empty() && organisations.is_empty() {
                println!("nothing in the knowledge base matches {:?}", args.name);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct Stats {
    horizon: Option<String>,
    countries: usize,
    un_members: usize,
    organisations: usize,
    people: usize,
    terms: usize,
    terms_by_office: BTreeMap<String, usize>,
    countries_with_terms: usize,
    first_year: Option<i16>,
    terms_started_in_2021_or_later: usize,
    un_members_with_head_of_state_at_horizon: usize,
    un_members_with_head_of_government_at_horizon: usize,
}

pub fn stats(args: StatsArgs) -> anyhow::Result<ExitCode> {
    let engine = engine()?;
    let kb = &engine.resources().kb;
    let mut by_office = BTreeMap::new();
    for t in &kb.terms {
        *by_office.entry(t.office.clone()).or_insert(0) += 1;
    }
    let mut with_terms: Vec<&str> = kb.terms.iter().map(|t| t.country.as_str()).collect();
    with_terms.sort();
    with_terms.dedup();
    let from_2021 = jiff::civil::date(2021, 1, 1);
    let members: Vec<&str> = kb
        .countries
        .iter()
        .filter(|c| c.status == "un-member")
        .map(|c| c.iso3.as_str())
        .collect();
    let at_horizon = |office: &str| {
        kb.horizon.map_or(0, |h| {
            members
                .iter()
                .filter(|c| !kb.holders(c, office, h).is_empty())
                .count()
        })
    };
    let stats = Stats {
        horizon: kb.horizon.map(|h| h.to_string()),
        countries: kb.countries.len(),
        un_members: members.len(),
        organisations: kb.organisations.len(),
        people: kb.people.len(),
        terms: kb.terms.len(),
        terms_by_office: by_office,
        countries_with_terms: with_terms.len(),
        first_year: kb.terms.iter().map(|t| t.start.year()).min(),
        terms_started_in_2021_or_later: kb.terms.iter().filter(|t| t.start >= from_2021).count(),
        un_members_with_head_of_state_at_horizon: at_horizon("head-of-state"),
        un_members_with_head_of_government_at_horizon: at_horizon("head-of-government"),
    };
    match args.format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        EvalFormat::Text => {
            let s = &stats;
            println!(
                "knowledge horizon      {}",
                s.horizon.as_deref().unwrap_or("none")
            );
            println!(
                "countries              {} ({} UN members)",
                s.countries, s.un_members
            );
            println!("organisations          {}", s.organisations);
            println!("people                 {}", s.people);
            println!(
                "terms                  {} in {} countries and organisations, from {}; {} started in 2021 or later",
                s.terms,
                s.countries_with_terms,
                s.first_year.map_or("-".to_string(), |y| y.to_string()),
                s.terms_started_in_2021_or_later
            );
            for (office, n) in &s.terms_by_office {
                println!("  {office:<28} {n}");
            }
            println!(
                "UN members with a head of state / of government at the horizon: {} / {} of {}",
                s.un_members_with_head_of_state_at_horizon,
                s.un_members_with_head_of_government_at_horizon,
                s.un_members
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
