//! `dateline kb build`: `data/kb/people.tsv`, `terms.tsv` and `terms_resolved.log`, made from
//! `../shared/data/leaders/leaders.csv` and the hand tables of `data/kb` by fixed rules, so the
//! same sources always give the same bytes.
//!
//! The steps:
//!
//! 1. **leaders.csv**: the Wikidata-derived rows of `head_of_state` and `head_of_government`. The
//!    Archigos rows are left out: their names are mostly surnames.
//! 2. **leaders_curation.tsv**: `drop`, `set-end` and `set-start`, each matched to the rows with
//!    that `(source_id, country_iso3, office, row_start)`, where `row_start` is the row's original
//!    start. A row changed by `set-end` or `set-start` becomes *curated*. A curation row that
//!    matches nothing is listed at the end of the log. The key is not unique: leaders.csv often
//!    has two rows of a person with the same start, one with an end and one without. A `drop`
//!    whose reason says `duplicate of the row ending DATE` therefore keeps the row that ends on
//!    DATE. An optional `row_end` column, when present, narrows any fix to rows with that end.
//! 3. **Scope**: rows with a start whose end is on or after 1945-01-01, or that have no end.
//!    Rows whose end is not after their start are dropped, and the log says so.
//! 4. **Realms**: the `REALMS/head_of_state` exemption's reason lists the realms in brackets, for
//!    example `(ATG AUS …; BRB to 2021-11-30; …; NLD: ABW CUW SXM; DNK: GRL FRO)`. A group after
//!    `XXX:` has that monarchy, and the others have GBR. In a realm, a `head_of_state` row is
//!    the **monarch's** (`head-of-state`) when its person is head of state of the monarchy (GBR,
//!    NLD, DNK) at some time the row overlaps. Otherwise it is the **representative's**
//!    (`governor-general`, which also covers governors and the King's Representative). A realm
//!    with `to DATE` stops being one on that date: rows from then on are `head-of-state`, and
//!    earlier rows are cut to that date. The same rule applies to hand rows.
//! 5. **Hand rows**: `offices_hand.tsv` (kebab-case offices) and `terms_hand.tsv`, if it exists
//!    (`head_of_state` becomes `head-of-state`).
//! 6. **Per (country, office)**:
//!    - A person's overlapping rows are merged. Equally trusted rows that start together (at
//!      most 183 days apart, or in the same year when one start is a `-01-01`, year precision)
//!      become one row: the earlier start, unless it is a `-01-01` of the other's year, and
//!      the later end, where an open end wins. (In leaders.csv an open end is as often a
//!      continued term, SDN's Burhan, as a missing end, and a successor's start cuts it
//!      anyway.) A row within another of the person's rows goes. Otherwise the earlier row
//!      ends where the later starts, so that an interim holder in between (COM 2019) cuts only
//!      the earlier term. When the trust differs, the more trusted row stands, and the other
//!      is dropped (when both start together), cut or moved so that it no longer overlaps.
//!    - **Single holder**: terms are taken in order of start. When a term would make more
//!      holders than the office allows (1, or the exemption's number), one term gives way: the
//!      least trusted (hand > curated > wikidata), and among equals the one that started
//!      first. A term that gives way is cut to end the day the new one starts. When both
//!      start the same day, it is dropped, and among equals the shorter one goes.
//!    - **Interruptions**: when the new term lasts at most 183 days and ends before the one
//!      that gives way, it is an interim, acting or rival holder, and the longer term is
//!      **split** around it and resumes when it ends (Chávez after Carmona's day in 2002,
//!      Mbeki around an acting president's four days in 2005). A resumed rest gives way to
//!      any other term.
//!    - A less trusted term that starts inside a more trusted one is moved to start when that
//!      one ends, or dropped if it ends first. So a hand row overrides wikidata rows for the
//!      days it covers, as `terms_hand.tsv` says it does.
//!    - Terms that the cuts make end before 1945-01-01 are dropped.
//!
//!    Every automatic change is a line of `terms_resolved.log`.
//! 7. **People**: every person of a term, plus every QID of `names_en.tsv`. The `id` is the QID,
//!    or `H:` and the hand name with `_` for spaces. The name comes from `names_en.tsv`, else
//!    from a hand row, else from the leaders.csv label (`source` = `wikidata-label`: not
//!    checked, and possibly Portuguese). `wikipedia` is the name with `_` for spaces, except
//!    for labels.
//!
//! **The horizon** (`#! horizon` in terms.tsv) is the earliest of the sources' cut-offs. For
//! leaders.csv it is the `Cut-off:` of the `SOURCES.md` beside it (or its latest date). For a
//! hand table it is its own `#! horizon YYYY-MM-DD` line. For `offices_hand.tsv` without such a
//! line, the date in README.md's "The table is complete to" is used.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::shared::gold_path;

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The leaders table [default: leaders/leaders.csv in the shared data]. The SOURCES.md
    /// beside it gives its commit and cut-off.
    #[arg(long)]
    leaders: Option<PathBuf>,
    /// The knowledge-base folder. The hand tables are read from it, and people.tsv, terms.tsv,
    /// terms_resolved.log and affiliated.tsv are written to it.
    #[arg(long, default_value = "data/kb")]
    out: PathBuf,
    /// PETRARCH-2's Phoenix.Countries.actors.txt [default: eventcoding/petrarch2/dictionaries/
    /// in the shared data], for affiliated.tsv.
    #[arg(long)]
    phoenix: Option<PathBuf>,
    /// Write nothing, and exit 1 if a generated file would differ from the one in --out.
    #[arg(long)]
    check: bool,
}

/// Terms ending before this day are out of scope.
const SCOPE_START: &str = "1945-01-01";
/// The end of an open term, for comparisons.
const OPEN: &str = "9999-12-31";
const HEAD_OF_STATE: &str = "head-of-state";
const HEAD_OF_GOVERNMENT: &str = "head-of-government";
const GOVERNOR_GENERAL: &str = "governor-general";
const WIKIDATA_SOURCE_PREFIX: &str = "wikidata";

/// How far a row's dates are trusted. The order matters: a later variant wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trust {
    Wikidata,
    Curated,
    Hand,
}

impl Trust {
    fn label(self) -> &'static str {
        match self {
            Trust::Wikidata => "wikidata",
            Trust::Curated => "curated",
            Trust::Hand => "hand",
        }
    }
}

/// One term of office: half-open `[start, end)`, `end` `None` = in office at the horizon.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    pub country: String,
    pub office: String,
    pub start: String,
    pub person: String,
    pub end: Option<String>,
    pub trust: Trust,
    /// The `source` column: `wikidata`, `wikidata+curated`, or the hand row's source.
    pub source: String,
    pub note: String,
    /// The rest of a term after a short interruption (see [`single_holder`]): it gives way to
    /// any other term.
    pub resumed: bool,
}

impl Term {
    fn end_key(&self) -> &str {
        self.end.as_deref().unwrap_or(OPEN)
    }

    fn overlaps(&self, other: &Term) -> bool {
        self.start.as_str() < other.end_key() && other.start.as_str() < self.end_key()
    }

    fn span(&self) -> String {
        format!("[{}, {})", self.start, self.end.as_deref().unwrap_or(""))
    }

    fn add_note(&mut self, note: &str) {
        if note.is_empty() || self.note.split("; ").any(|n| n == note) {
            return;
        }
        if !self.note.is_empty() {
            self.note.push_str("; ");
        }
        self.note.push_str(note);
    }
}

/// The sources, as text, so that the build itself does no I/O.
pub struct Sources {
    pub leaders_csv: String,
    /// The SOURCES.md beside leaders.csv, if there is one.
    pub leaders_about: Option<String>,
    pub curation: String,
    pub names_en: String,
    pub offices_hand: String,
    pub terms_hand: Option<String>,
    /// data/kb/README.md, for the horizon of an offices_hand.tsv without a `#! horizon` line.
    pub readme: Option<String>,
}

/// What the build makes.
pub struct Built {
    pub people: String,
    pub terms: String,
    pub log: String,
    pub horizon: String,
    pub term_rows: Vec<Term>,
    pub person_sources: BTreeMap<String, usize>,
    pub person_count: usize,
    pub changes: BTreeMap<&'static str, usize>,
    pub identical_duplicates: usize,
    pub warnings: Vec<String>,
}

pub fn run(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let leaders_path = gold_path(args.leaders.as_deref(), "leaders/leaders.csv", "--leaders")?;
    let dir = &args.out;
    if !dir.join("offices_hand.tsv").is_file() {
        bail!(
            "{} has no offices_hand.tsv: run from the repository root, or give --out DIR (the data/kb folder)",
            dir.display()
        );
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
    };
    let optional = |path: PathBuf| path.is_file().then(|| read(&path)).transpose();
    let sources = Sources {
        leaders_csv: read(&leaders_path)?,
        leaders_about: optional(leaders_path.with_file_name("SOURCES.md"))?,
        curation: read(&dir.join("leaders_curation.tsv"))?,
        names_en: read(&dir.join("names_en.tsv"))?,
        offices_hand: read(&dir.join("offices_hand.tsv"))?,
        terms_hand: optional(dir.join("terms_hand.tsv"))?,
        readme: optional(dir.join("README.md"))?,
    };
    let built = build(&sources)?;
    let countries = optional(dir.join("countries.tsv"))?;
    let mut summary = summary(&built, countries.as_deref())?;
    let phoenix_path = gold_path(
        args.phoenix.as_deref(),
        "eventcoding/petrarch2/dictionaries/Phoenix.Countries.actors.txt",
        "--phoenix",
    )?;
    let phoenix = read(&phoenix_path)?;
    let (affiliated, affiliated_count) = super::phoenix::build(
        &phoenix,
        &built.people,
        countries.as_deref().unwrap_or(""),
        &format!(
            "../shared/data/eventcoding/petrarch2/dictionaries/Phoenix.Countries.actors.txt (PETRARCH-2, Open Event Data Alliance, MIT; FNV-1a-64 {:016x}), leaving out the names of people.tsv",
            fnv1a64(phoenix.as_bytes())
        ),
    )?;
    writeln!(
        summary,
        "affiliated.tsv: {affiliated_count} people of the event-coding dictionaries"
    )?;

    // The files first, the report after: a closed standard error must not stop the writing.
    let files = [
        ("people.tsv", &built.people),
        ("terms.tsv", &built.terms),
        ("terms_resolved.log", &built.log),
        ("affiliated.tsv", &affiliated),
    ];
    let mut outcome = Vec::new();
    let mut stale = false;
    for (name, text) in files {
        let path = dir.join(name);
        if args.check {
            if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
                outcome.push(format!(
                    "{} differs from what `dateline kb build` makes",
                    path.display()
                ));
                stale = true;
            }
        } else {
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            outcome.push(format!("wrote {}", path.display()));
        }
    }
    if args.check && !stale {
        outcome.push(format!("{}: up to date", dir.display()));
    }
    for warning in &built.warnings {
        eprintln!("warning: {warning}");
    }
    eprint!("{summary}");
    for line in outcome {
        eprintln!("{line}");
    }
    if stale {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The figures printed after a build: counts, automatic changes, and the UN members whose
/// head of state and head of government are known at the horizon.
fn summary(built: &Built, countries: Option<&str>) -> anyhow::Result<String> {
    let mut out = String::new();
    let sources: Vec<String> = built
        .person_sources
        .iter()
        .map(|(source, n)| format!("{source} {n}"))
        .collect();
    writeln!(
        out,
        "people: {} (names from {})",
        built.person_count,
        sources.join(", ")
    )?;
    let mut by_office: BTreeMap<&str, usize> = BTreeMap::new();
    for term in &built.term_rows {
        *by_office.entry(term.office.as_str()).or_default() += 1;
    }
    let core = [HEAD_OF_STATE, HEAD_OF_GOVERNMENT, GOVERNOR_GENERAL];
    let other: usize = by_office
        .iter()
        .filter(|(office, _)| !core.contains(office))
        .map(|(_, n)| n)
        .sum();
    let since_2021 = built
        .term_rows
        .iter()
        .filter(|t| t.start.as_str() >= "2021-01-01")
        .count();
    let in_2021_or_later = built
        .term_rows
        .iter()
        .filter(|t| t.end_key() > "2021-01-01")
        .count();
    writeln!(
        out,
        "terms: {} ({}, other offices {other}); {since_2021} start in 2021 or later, {in_2021_or_later} are held at some time since 2021-01-01",
        built.term_rows.len(),
        core.iter()
            .map(|o| format!("{o} {}", by_office.get(o).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    let changes: Vec<String> = built
        .changes
        .iter()
        .map(|(action, n)| format!("{action} {n}"))
        .collect();
    writeln!(
        out,
        "automatic changes: {} (terms_resolved.log); identical duplicate rows merged: {}",
        if changes.is_empty() {
            "none".to_string()
        } else {
            changes.join(", ")
        },
        built.identical_duplicates
    )?;
    if let Some(countries) = countries {
        let table = Table::parse(countries, "countries.tsv")?;
        let horizon = built.horizon.as_str();
        let open: BTreeSet<(&str, &str)> = built
            .term_rows
            .iter()
            .filter(|t| t.start.as_str() <= horizon && t.end_key() > horizon)
            .map(|t| (t.country.as_str(), t.office.as_str()))
            .collect();
        let members: Vec<&str> = table
            .rows
            .iter()
            .filter(|r| table.get(r, "status") == "un-member")
            .map(|r| table.get(r, "iso3"))
            .collect();
        let missing = |office: &str| -> Vec<&str> {
            members
                .iter()
                .copied()
                .filter(|c| !open.contains(&(c, office)))
                .collect()
        };
        let (no_hos, no_hog) = (missing(HEAD_OF_STATE), missing(HEAD_OF_GOVERNMENT));
        writeln!(
            out,
            "at the horizon {horizon}: of {} UN members, {} have a head-of-state term open, {} a head-of-government term, {} both",
            members.len(),
            members.len() - no_hos.len(),
            members.len() - no_hog.len(),
            members
                .iter()
                .filter(|c| !no_hos.contains(c) && !no_hog.contains(c))
                .count()
        )?;
        if !no_hos.is_empty() {
            writeln!(out, "  no head of state: {}", no_hos.join(" "))?;
        }
        if !no_hog.is_empty() {
            writeln!(out, "  no head of government: {}", no_hog.join(" "))?;
        }
    }
    Ok(out)
}

/// Builds the three files from the sources.
pub fn build(sources: &Sources) -> anyhow::Result<Built> {
    let mut warnings = Vec::new();
    let mut log = ChangeLog::default();

    let names_table = Table::parse(&sources.names_en, "names_en.tsv")?;
    let mut names_en: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in &names_table.rows {
        let qid = names_table.get(row, "wikidata_qid");
        check_qid(qid).with_context(|| format!("names_en.tsv: {qid}"))?;
        let entry = (
            clean(names_table.get(row, "name")),
            clean(names_table.get(row, "aliases")),
        );
        if let Some(previous) = names_en.get(qid) {
            if *previous != entry {
                warnings.push(format!(
                    "names_en.tsv lists {qid} twice; the first row is used"
                ));
            }
            continue;
        }
        names_en.insert(qid.to_string(), entry);
    }

    let curation = Curation::parse(&sources.curation)?;
    let about = sources.leaders_about.as_deref().map(LeadersAbout::parse);
    let leaders = parse_leaders(&sources.leaders_csv)?;

    // Labels, by QID, for people without an English name.
    let mut labels: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for row in &leaders {
        *labels
            .entry(row.qid.clone())
            .or_default()
            .entry(clean(&row.label))
            .or_default() += 1;
    }

    // Curation, then the dated rows.
    let mut used_fixes = BTreeSet::new();
    let mut curated_rows = Vec::new();
    for row in &leaders {
        let key = (
            row.source_id.clone(),
            row.country.clone(),
            row.office.clone(),
            row.start.clone(),
        );
        let mut start = row.start.clone();
        let mut end = row.end.clone();
        let mut trust = Trust::Wikidata;
        let mut note = String::new();
        if let Some(fixes) = curation.fixes.get(&key) {
            used_fixes.insert(key.clone());
            let fixes: Vec<&CurationFix> = fixes.iter().filter(|f| f.applies(&row.end)).collect();
            if fixes.iter().any(|f| matches!(f.fix, Fix::Drop { .. })) {
                continue;
            }
            for fix in fixes {
                match &fix.fix {
                    Fix::Drop { .. } => {}
                    Fix::SetEnd(date) => end = date.clone(),
                    Fix::SetStart(date) => start = date.clone(),
                }
                trust = Trust::Curated;
                if !note.split("; ").any(|n| n == fix.reason) {
                    if !note.is_empty() {
                        note.push_str("; ");
                    }
                    note.push_str(&fix.reason);
                }
            }
        }
        if start.is_empty() {
            continue;
        }
        for date in [&start, &end] {
            if !date.is_empty() {
                check_date(date)
                    .with_context(|| format!("leaders.csv line {}: date {date:?}", row.line))?;
            }
        }
        curated_rows.push(Term {
            country: row.country.clone(),
            office: kebab(&row.office),
            start,
            person: row.qid.clone(),
            end: (!end.is_empty()).then_some(end),
            trust,
            source: if trust == Trust::Curated {
                "wikidata+curated".to_string()
            } else {
                "wikidata".to_string()
            },
            note,
            resumed: false,
        });
    }
    for key in curation.fixes.keys() {
        if !used_fixes.contains(key) {
            log.unmatched
                .push(format!("{}\t{}\t{}\t{}", key.0, key.1, key.2, key.3));
        }
    }

    // The monarchs' own reigns, before the scope cut (a reign may start before 1945).
    let mut reigns: BTreeMap<&str, Vec<(&str, &str, &str)>> = BTreeMap::new();
    for term in &curated_rows {
        if term.office == HEAD_OF_STATE && curation.realms.values().any(|r| r.home == term.country)
        {
            reigns.entry(term.country.as_str()).or_default().push((
                term.person.as_str(),
                term.start.as_str(),
                term.end_key(),
            ));
        }
    }
    let realms = Realms {
        realms: &curation.realms,
        reigns,
    };

    let mut terms = Vec::new();
    for term in &curated_rows {
        if term.end_key() < SCOPE_START {
            continue;
        }
        if term.end_key() <= term.start.as_str() {
            log.push("drop", term, None, "the end is not after the start".into());
            continue;
        }
        terms.extend(realms.classify(term.clone(), &mut log));
    }

    // Hand rows.
    let mut hand_names: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut horizons = Vec::new();
    let leaders_cutoff = match about.as_ref().and_then(|a| a.cutoff.clone()) {
        Some(date) => date,
        None => latest_date(&leaders).context("leaders.csv has no dates")?,
    };
    horizons.push(leaders_cutoff.clone());
    let mut hand_files = vec![("offices_hand.tsv", sources.offices_hand.as_str())];
    if let Some(text) = &sources.terms_hand {
        hand_files.push(("terms_hand.tsv", text.as_str()));
    }
    for (file, text) in &hand_files {
        let table = Table::parse(text, file)?;
        match table.directive("horizon") {
            Some(date) => {
                check_date(&date).with_context(|| format!("{file}: #! horizon {date}"))?;
                horizons.push(date);
            }
            None if *file == "offices_hand.tsv" => {
                let date = sources
                    .readme
                    .as_deref()
                    .and_then(readme_horizon)
                    .context(
                        "offices_hand.tsv has no `#! horizon YYYY-MM-DD` line and README.md does not say to when the table is complete",
                    )?;
                horizons.push(date);
            }
            None => {}
        }
        for (i, row) in table.rows.iter().enumerate() {
            let place = || format!("{file}, row {}", i + 1);
            let name = clean(table.get(row, "person"));
            let qid = table.get(row, "wikidata_qid");
            check_qid(qid).with_context(place)?;
            let person = if qid.is_empty() {
                hand_id(&name)
            } else {
                qid.to_string()
            };
            if name.is_empty() && qid.is_empty() {
                bail!("{}: no person", place());
            }
            if !name.is_empty() {
                *hand_names
                    .entry(person.clone())
                    .or_default()
                    .entry(name)
                    .or_default() += 1;
            }
            let (start, end) = (table.get(row, "start"), table.get(row, "end"));
            check_date(start).with_context(place)?;
            if !end.is_empty() {
                check_date(end).with_context(place)?;
                if end <= start {
                    bail!("{}: the end {end} is not after the start {start}", place());
                }
            }
            let source = table.get(row, "source");
            let term = Term {
                country: table.get(row, "country").to_string(),
                office: kebab(table.get(row, "office")),
                start: start.to_string(),
                person,
                end: (!end.is_empty()).then(|| end.to_string()),
                trust: Trust::Hand,
                source: if source.is_empty() { "hand" } else { source }.to_string(),
                note: clean(table.get(row, "note")),
                resumed: false,
            };
            if term.country.is_empty() || term.office.is_empty() {
                bail!("{}: no country or office", place());
            }
            terms.extend(realms.classify(term, &mut log));
        }
    }
    let horizon = horizons
        .iter()
        .min()
        .cloned()
        .expect("one horizon at least");

    // Per (country, office): duplicates, then the single-holder rule.
    let mut groups: BTreeMap<(String, String), Vec<Term>> = BTreeMap::new();
    for term in terms {
        groups
            .entry((term.country.clone(), term.office.clone()))
            .or_default()
            .push(term);
    }
    let mut resolved = Vec::new();
    for ((country, office), group) in groups {
        let allowance = curation
            .exempt
            .get(&(country.clone(), office.clone()))
            .copied()
            .unwrap_or(1);
        let group = merge_same_person(group, &mut log);
        for term in single_holder(group, allowance, &mut log) {
            if term.end_key() < SCOPE_START {
                log.push(
                    "drop",
                    &term,
                    None,
                    format!("ends before {SCOPE_START} after the cut"),
                );
                continue;
            }
            resolved.push(term);
        }
    }
    resolved.sort();

    // People.
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let ids: BTreeSet<&str> = resolved
        .iter()
        .map(|t| t.person.as_str())
        .chain(names_en.keys().map(String::as_str))
        .collect();
    for id in ids {
        let person = if let Some((name, aliases)) = names_en.get(id) {
            Person::checked(name, aliases, "names_en")
        } else if let Some(name) = hand_names.get(id).and_then(most_frequent) {
            Person::checked(&name, "", "hand")
        } else if let Some(label) = labels.get(id).and_then(most_frequent) {
            Person {
                name: label,
                aliases: String::new(),
                wikipedia: String::new(),
                source: "wikidata-label",
            }
        } else {
            bail!("{id} has no name in any source");
        };
        people.insert(id.to_string(), person);
    }
    let mut person_sources = BTreeMap::new();
    for person in people.values() {
        *person_sources.entry(person.source.to_string()).or_default() += 1;
    }

    let provenance = provenance(
        about.as_ref(),
        &sources.leaders_csv,
        sources.terms_hand.is_some(),
    );
    let people_tsv = render_people(&people, &provenance);
    let terms_tsv = render_terms(&resolved, &provenance, &horizon);
    // The log names every person it mentions, also those whose rows all went.
    let mut display: HashMap<&str, String> = HashMap::new();
    for (id, counts) in labels.iter().chain(hand_names.iter()) {
        if let Some(name) = most_frequent(counts) {
            display.insert(id.as_str(), name);
        }
    }
    for (id, person) in &people {
        display.insert(id.as_str(), person.name.clone());
    }
    let log_text = log.render(&display, &provenance);
    Ok(Built {
        people: people_tsv,
        terms: terms_tsv,
        log: log_text,
        horizon,
        term_rows: resolved,
        person_count: people.len(),
        person_sources,
        changes: log.counts(),
        identical_duplicates: log.identical_duplicates,
        warnings,
    })
}

// ---------------------------------------------------------------------------------------------
// Resolution

/// Merges each person's overlapping rows in a (country, office) group.
fn merge_same_person(group: Vec<Term>, log: &mut ChangeLog) -> Vec<Term> {
    let mut by_person: BTreeMap<String, Vec<Term>> = BTreeMap::new();
    for term in group {
        by_person.entry(term.person.clone()).or_default().push(term);
    }
    let mut out = Vec::new();
    for (_, mut list) in by_person {
        loop {
            list.sort_by(|a, b| {
                (&a.start, Reverse(a.trust), a.end_key(), a).cmp(&(
                    &b.start,
                    Reverse(b.trust),
                    b.end_key(),
                    b,
                ))
            });
            let pair = (0..list.len()).find_map(|i| {
                (i + 1..list.len())
                    .find(|&j| list[i].overlaps(&list[j]))
                    .map(|j| (i, j))
            });
            let Some((i, j)) = pair else { break };
            let b = list.remove(j);
            let a = list.remove(i);
            list.extend(merge_pair(a, b, log));
        }
        out.extend(list);
    }
    out
}

/// Two overlapping rows of one person, `a` starting no later than `b`.
fn merge_pair(a: Term, b: Term, log: &mut ChangeLog) -> Vec<Term> {
    let alike = same_term(&a.start, &b.start);
    if a.trust == b.trust {
        if !alike {
            if let (Some(x), Some(y)) = (&a.end, &b.end)
                && y <= x
            {
                log.push(
                    "merge",
                    &b,
                    Some(&a),
                    "lies within the same person's other row".to_string(),
                );
                return vec![a];
            }
            // Two terms of one person: the earlier ends where the later starts, so that a
            // cut by another holder's start in between leaves the later term whole.
            let (mut a, mut b) = (a, b);
            let before = (a.clone(), b.clone());
            match &a.end {
                Some(x) if is_year_precision(&b.start) && year(x) == year(&b.start) => {
                    b.start = x.clone();
                    log.push(
                        "merge",
                        &before.1,
                        Some(&before.0),
                        format!("start → {x}: the same person's previous row ends then (a -01-01 start is year precision)"),
                    );
                }
                _ => {
                    a.end = Some(b.start.clone());
                    log.push(
                        "merge",
                        &before.0,
                        Some(&before.1),
                        format!("end → {}: the same person's next row starts then", b.start),
                    );
                }
            }
            return vec![a, b];
        }
        let start = if a.start != b.start
            && is_year_precision(&a.start)
            && year(&a.start) == year(&b.start)
        {
            b.start.clone()
        } else {
            a.start.clone()
        };
        let end = match (&a.end, &b.end) {
            (Some(x), Some(y)) => Some(x.max(y).clone()),
            _ => None,
        };
        let mut merged = a.clone();
        merged.start = start;
        merged.end = end;
        merged.add_note(&b.note);
        if a.start == b.start && a.end == b.end {
            log.identical_duplicates += 1;
        } else {
            log.push(
                "merge",
                &a,
                Some(&b),
                format!(
                    "duplicate rows of the same person; merged into {}",
                    merged.span()
                ),
            );
        }
        return vec![merged];
    }
    let (high, mut low) = if a.trust > b.trust { (a, b) } else { (b, a) };
    let why = format!(
        "the more trusted ({}) row of the same person",
        high.trust.label()
    );
    if alike {
        log.push("drop", &low, Some(&high), format!("duplicate of {why}"));
        return vec![high];
    }
    if low.start < high.start {
        let before = low.clone();
        low.end = Some(high.start.clone());
        log.push(
            "cut",
            &before,
            Some(&high),
            format!("end → {}: overlaps {why}", high.start),
        );
        return vec![high, low];
    }
    match &high.end {
        Some(until) if low.end_key() > until.as_str() => {
            let before = low.clone();
            low.start = until.clone();
            log.push(
                "move",
                &before,
                Some(&high),
                format!("start → {until}: overlaps {why}"),
            );
            vec![high, low]
        }
        _ => {
            log.push("drop", &low, Some(&high), format!("lies within {why}"));
            vec![high]
        }
    }
}

/// Enforces at most `allowance` holders at a time, as the module documentation describes.
fn single_holder(mut pending: Vec<Term>, allowance: usize, log: &mut ChangeLog) -> Vec<Term> {
    let seats = |held: usize| {
        if allowance == 1 {
            String::new()
        } else {
            format!(" (all {held} seats held)")
        }
    };
    // Which of two terms gives way: the smaller key.
    let yields = |t: &Term| {
        (
            t.trust,
            !t.resumed,
            t.start.clone(),
            t.end_key().to_string(),
            Reverse(t.person.clone()),
        )
    };
    let mut active: Vec<Term> = Vec::new();
    let mut done = Vec::new();
    while !pending.is_empty() {
        let next = (0..pending.len())
            .min_by(|&i, &j| {
                let (a, b) = (&pending[i], &pending[j]);
                (
                    &a.start,
                    Reverse(a.trust),
                    Reverse(a.end_key()),
                    &a.person,
                    a,
                )
                    .cmp(&(
                        &b.start,
                        Reverse(b.trust),
                        Reverse(b.end_key()),
                        &b.person,
                        b,
                    ))
            })
            .expect("pending is not empty");
        let mut new = pending.swap_remove(next);
        let (ended, held): (Vec<Term>, Vec<Term>) = active
            .into_iter()
            .partition(|a| a.end_key() <= new.start.as_str());
        done.extend(ended);
        active = held;
        if active.len() < allowance {
            active.push(new);
            continue;
        }
        let weakest = (0..active.len())
            .min_by_key(|&i| yields(&active[i]))
            .expect("active is full");
        if yields(&active[weakest]) <= yields(&new) {
            let mut old = active.swap_remove(weakest);
            let trust = if old.trust < new.trust {
                format!(", which is more trusted ({})", new.trust.label())
            } else {
                String::new()
            };
            let interruption = new.end.clone().filter(|back| {
                back.as_str() < old.end_key()
                    && day_number(back) - day_number(&new.start) <= INTERRUPTION_DAYS
            });
            if let Some(back) = interruption {
                // A short term inside a longer one: an interim, acting or rival holder, after
                // whom the longer term goes on.
                let before = old.clone();
                let mut rest = old.clone();
                old.end = Some(new.start.clone());
                old.add_note(&format!("interrupted from {} to {back}", new.start));
                rest.start = back.clone();
                rest.resumed = true;
                rest.add_note(&format!("resumed after an interruption from {}", new.start));
                log.push(
                    "split",
                    &before,
                    Some(&new),
                    format!(
                        "out [{}, {back}): a short term inside this one{}{trust}",
                        new.start,
                        seats(allowance)
                    ),
                );
                if old.start < new.start {
                    done.push(old);
                }
                pending.push(rest);
            } else if old.start == new.start {
                let why = if trust.is_empty() {
                    ", equally trusted: the longer term is kept".to_string()
                } else {
                    trust
                };
                log.push(
                    "drop",
                    &old,
                    Some(&new),
                    format!("starts the same day as the other{}{why}", seats(allowance)),
                );
            } else {
                let before = old.clone();
                old.end = Some(new.start.clone());
                old.add_note(&format!(
                    "end cut from {} to the next holder's start",
                    before.end.as_deref().unwrap_or("open")
                ));
                log.push(
                    "cut",
                    &before,
                    Some(&new),
                    format!(
                        "end → {}: overlaps the next holder{}{trust}",
                        new.start,
                        seats(allowance)
                    ),
                );
                done.push(old);
            }
            active.push(new);
            continue;
        }
        // The new term gives way to more trusted holders.
        let stronger = active
            .iter()
            .min_by_key(|a| (a.end_key().to_string(), yields(a)))
            .expect("active is full")
            .clone();
        if let Some(same) = active.iter().find(|a| a.start == new.start) {
            let why = if same.trust == new.trust {
                ", equally trusted: the longer term is kept".to_string()
            } else {
                format!(", which is more trusted ({})", same.trust.label())
            };
            log.push(
                "drop",
                &new,
                Some(same),
                format!("starts the same day as the other{}{why}", seats(allowance)),
            );
            continue;
        }
        match &stronger.end {
            Some(free) if new.end_key() > free.as_str() => {
                let before = new.clone();
                new.start = free.clone();
                new.add_note(&format!(
                    "start moved from {} to the end of a more trusted holder's term",
                    before.start
                ));
                log.push(
                    "move",
                    &before,
                    Some(&stronger),
                    format!(
                        "start → {free}: the days before belong to the other, more trusted ({}) holder{}",
                        stronger.trust.label(),
                        seats(allowance)
                    ),
                );
                pending.push(new);
            }
            _ => log.push(
                "drop",
                &new,
                Some(&stronger),
                format!(
                    "lies within the term of the other, more trusted ({}) holder{}",
                    stronger.trust.label(),
                    seats(allowance)
                ),
            ),
        }
    }
    done.extend(active);
    done
}

/// The longest term, in days, that interrupts a longer one instead of ending it.
const INTERRUPTION_DAYS: i64 = 183;

/// Days apart within which two rows of one person are taken to be the same term.
const SAME_TERM_DAYS: i64 = 183;

/// Whether two rows of one person starting on these days are one term: the starts are at
/// most [`SAME_TERM_DAYS`] apart, or in the same year where one is a `-01-01` that may stand
/// for the whole year.
fn same_term(a: &str, b: &str) -> bool {
    (day_number(a) - day_number(b)).abs() <= SAME_TERM_DAYS
        || (year(a) == year(b) && (is_year_precision(a) || is_year_precision(b)))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar).
fn day_number(date: &str) -> i64 {
    let field = |range: std::ops::Range<usize>| -> i64 {
        date.get(range).and_then(|f| f.parse().ok()).unwrap_or(1)
    };
    let (y, m, d) = (field(0..4), field(5..7), field(8..10));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn is_year_precision(date: &str) -> bool {
    date.ends_with("-01-01")
}

fn year(date: &str) -> &str {
    date.get(..4).unwrap_or(date)
}

// ---------------------------------------------------------------------------------------------
// Realms

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Realm {
    /// The country whose head of state is the monarch: GBR, NLD or DNK.
    pub home: String,
    /// The day the country stopped being a realm (it became a republic).
    pub until: Option<String>,
}

struct Realms<'a> {
    realms: &'a BTreeMap<String, Realm>,
    /// By home country: (person, start, end key) of its head-of-state terms.
    reigns: BTreeMap<&'a str, Vec<(&'a str, &'a str, &'a str)>>,
}

impl Realms<'_> {
    /// The term with its office decided: a realm's head of state is the monarch's term or the
    /// representative's, as the module documentation says.
    fn classify(&self, mut term: Term, log: &mut ChangeLog) -> Option<Term> {
        if term.office != HEAD_OF_STATE {
            return Some(term);
        }
        let Some(realm) = self.realms.get(&term.country) else {
            return Some(term);
        };
        if realm
            .until
            .as_ref()
            .is_some_and(|until| term.start.as_str() >= until.as_str())
        {
            return Some(term);
        }
        let monarch = self.reigns.get(realm.home.as_str()).is_some_and(|reigns| {
            reigns.iter().any(|&(person, start, end)| {
                person == term.person && start < term.end_key() && term.start.as_str() < end
            })
        });
        if !monarch {
            term.office = GOVERNOR_GENERAL.to_string();
        }
        if let Some(until) = &realm.until
            && term.end_key() > until.as_str()
        {
            let before = term.clone();
            term.end = Some(until.clone());
            term.add_note(&format!("end cut to {until}, when the realm ended"));
            log.push(
                "cut",
                &before,
                None,
                format!(
                    "end → {until}: {} has its own head of state from then",
                    term.country
                ),
            );
        }
        Some(term)
    }
}

/// The realms named in the reason of the `REALMS/head_of_state` exemption: codes in the
/// brackets, `XXX to DATE` for former realms, `NLD:`/`DNK:` before a group of another
/// monarchy's (GBR otherwise), groups separated by `;`.
pub fn parse_realms(reason: &str) -> anyhow::Result<BTreeMap<String, Realm>> {
    let (Some(open), Some(close)) = (reason.find('('), reason.rfind(')')) else {
        bail!("the REALMS exemption's reason lists no realms in brackets");
    };
    let mut realms = BTreeMap::new();
    for group in reason[open + 1..close].split(';') {
        let group = group.trim();
        let (home, list) = match group.split_once(':') {
            Some((home, list)) if is_code(home.trim()) => (home.trim(), list),
            _ => ("GBR", group),
        };
        let mut words = list.split_whitespace().peekable();
        let mut last: Option<String> = None;
        while let Some(word) = words.next() {
            let word = word.trim_matches(',');
            if is_code(word) {
                realms.insert(
                    word.to_string(),
                    Realm {
                        home: home.to_string(),
                        until: None,
                    },
                );
                last = Some(word.to_string());
            } else if word == "to" {
                let date = words.next().context("`to` without a date")?;
                check_date(date)?;
                let code = last.as_ref().context("`to` without a realm before it")?;
                realms.get_mut(code).expect("inserted").until = Some(date.to_string());
            } else {
                bail!("unexpected word {word:?} in the REALMS list");
            }
        }
    }
    Ok(realms)
}

fn is_code(word: &str) -> bool {
    word.len() == 3 && word.bytes().all(|b| b.is_ascii_uppercase())
}

// ---------------------------------------------------------------------------------------------
// Curation

#[derive(Clone, Debug, PartialEq, Eq)]
enum Fix {
    /// Drop the row, unless it ends on the day given: the row the dropped one duplicates.
    Drop {
        keep_end: Option<String>,
    },
    SetEnd(String),
    SetStart(String),
}

type RowKey = (String, String, String, String);

#[derive(Clone, Debug, PartialEq, Eq)]
struct CurationFix {
    fix: Fix,
    /// Only rows with this end (the optional `row_end` column; `Some("")` = rows without one).
    row_end: Option<String>,
    reason: String,
}

impl CurationFix {
    fn applies(&self, end: &str) -> bool {
        self.row_end.as_deref().is_none_or(|e| e == end)
            && !matches!(&self.fix, Fix::Drop { keep_end: Some(keep) } if keep == end)
    }
}

struct Curation {
    /// By (source_id, country_iso3, office, row_start): the fixes and their reasons.
    fixes: BTreeMap<RowKey, Vec<CurationFix>>,
    /// (country, kebab-case office) → the most holders at once.
    exempt: BTreeMap<(String, String), usize>,
    realms: BTreeMap<String, Realm>,
}

impl Curation {
    fn parse(text: &str) -> anyhow::Result<Curation> {
        let table = Table::parse(text, "leaders_curation.tsv")?;
        let mut curation = Curation {
            fixes: BTreeMap::new(),
            exempt: BTreeMap::new(),
            realms: BTreeMap::new(),
        };
        for (i, row) in table.rows.iter().enumerate() {
            let place = || format!("leaders_curation.tsv, row {}", i + 1);
            let get = |column| table.get(row, column);
            let (value, reason) = (get("value"), clean(get("reason")));
            let fix = match get("action") {
                "single-holder-exempt" => {
                    let Some((country, office)) = get("source_id").split_once('/') else {
                        bail!("{}: an exemption names COUNTRY/office", place());
                    };
                    if country == "REALMS" {
                        curation.realms = parse_realms(&reason).with_context(place)?;
                    } else {
                        let most: usize = value
                            .parse()
                            .with_context(|| format!("{}: the most holders, {value:?}", place()))?;
                        curation
                            .exempt
                            .insert((country.to_string(), kebab(office)), most);
                    }
                    continue;
                }
                "drop" => {
                    let marker = "duplicate of the row ending ";
                    let keep_end = reason.find(marker).and_then(|at| {
                        let date = reason.get(at + marker.len()..at + marker.len() + 10)?;
                        check_date(date).ok().map(|_| date.to_string())
                    });
                    Fix::Drop { keep_end }
                }
                "set-end" => {
                    check_date(value).with_context(place)?;
                    Fix::SetEnd(value.to_string())
                }
                "set-start" => {
                    check_date(value).with_context(place)?;
                    Fix::SetStart(value.to_string())
                }
                other => bail!("{}: unknown action {other:?}", place()),
            };
            let key = (
                get("source_id").to_string(),
                get("country_iso3").to_string(),
                get("office").to_string(),
                get("row_start").to_string(),
            );
            let row_end = table
                .header
                .iter()
                .any(|h| h == "row_end")
                .then(|| get("row_end").to_string());
            let fix = CurationFix {
                fix,
                row_end,
                reason,
            };
            let fixes = curation.fixes.entry(key).or_default();
            let clash = fixes.iter().any(|f| {
                f.row_end == fix.row_end
                    && matches!(
                        (&f.fix, &fix.fix),
                        (Fix::SetEnd(a), Fix::SetEnd(b)) | (Fix::SetStart(a), Fix::SetStart(b)) if a != b
                    )
            });
            if clash {
                bail!(
                    "{}: a second, different {} for the same row",
                    place(),
                    get("action")
                );
            }
            if !fixes
                .iter()
                .any(|f| f.fix == fix.fix && f.row_end == fix.row_end)
            {
                fixes.push(fix);
            }
        }
        Ok(curation)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A leaders.csv row of the Wikidata source and of a head-of-state or head-of-government office.
struct LeaderRow {
    country: String,
    office: String,
    label: String,
    qid: String,
    start: String,
    end: String,
    source_id: String,
    line: usize,
}

fn parse_leaders(text: &str) -> anyhow::Result<Vec<LeaderRow>> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().context("leaders.csv is empty")?;
    let header = split_csv(header).context("leaders.csv header")?;
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("leaders.csv has no column {name}"))
    };
    let [country, office, person, qid, start, end, source, source_id] = [
        "country_iso3",
        "office",
        "person",
        "person_qid",
        "start",
        "end",
        "source",
        "source_id",
    ]
    .map(column);
    let (country, office, person, qid, start, end, source, source_id) = (
        country?, office?, person?, qid?, start?, end?, source?, source_id?,
    );
    let mut rows = Vec::new();
    for (i, line) in lines {
        if line.is_empty() {
            continue;
        }
        let fields = split_csv(line).with_context(|| format!("leaders.csv line {}", i + 1))?;
        if fields.len() != header.len() {
            bail!(
                "leaders.csv line {}: {} fields, the header has {}",
                i + 1,
                fields.len(),
                header.len()
            );
        }
        if !fields[source].starts_with(WIKIDATA_SOURCE_PREFIX)
            || !matches!(
                fields[office].as_str(),
                "head_of_state" | "head_of_government"
            )
        {
            continue;
        }
        let qid_value = fields[qid].clone();
        rows.push(LeaderRow {
            country: fields[country].clone(),
            office: fields[office].clone(),
            label: fields[person].clone(),
            qid: if qid_value.is_empty() {
                hand_id(&fields[person])
            } else {
                qid_value
            },
            start: fields[start].clone(),
            end: fields[end].clone(),
            source_id: fields[source_id].clone(),
            line: i + 1,
        });
    }
    Ok(rows)
}

/// Splits one line of comma-separated values: fields may be in double quotes, and `""` inside
/// quotes is a quote. Lines with quoted line breaks are not supported (leaders.csv has none).
pub fn split_csv(line: &str) -> anyhow::Result<Vec<String>> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Bare,
        Quoted,
        QuoteInQuoted,
    }
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut state = State::FieldStart;
    for c in line.chars() {
        state = match (state, c) {
            (State::Quoted, '"') => State::QuoteInQuoted,
            (State::Quoted, c) => {
                field.push(c);
                State::Quoted
            }
            (State::QuoteInQuoted, '"') => {
                field.push('"');
                State::Quoted
            }
            (State::FieldStart, '"') => State::Quoted,
            (State::Bare, '"') => bail!("a quote inside an unquoted field"),
            (_, ',') => {
                fields.push(std::mem::take(&mut field));
                State::FieldStart
            }
            (State::QuoteInQuoted, c) => bail!("{c:?} after a closing quote"),
            (_, c) => {
                field.push(c);
                State::Bare
            }
        };
    }
    if state == State::Quoted {
        bail!("a quoted field does not end");
    }
    fields.push(field);
    Ok(fields)
}

/// A tab-separated table: `#` lines are comments, `#! key value` lines are directives, the
/// first other line is the header.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    directives: Vec<(String, String)>,
}

impl Table {
    fn parse(text: &str, file: &str) -> anyhow::Result<Table> {
        let mut header: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        let mut directives = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if let Some(directive) = line.strip_prefix("#!") {
                let mut words = directive.split_whitespace();
                if let Some(key) = words.next() {
                    directives.push((key.to_string(), words.collect::<Vec<_>>().join(" ")));
                }
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
            match &header {
                None => header = Some(fields),
                Some(columns) => {
                    if fields.len() > columns.len() {
                        bail!(
                            "{file} line {}: {} fields, the header has {}",
                            i + 1,
                            fields.len(),
                            columns.len()
                        );
                    }
                    rows.push(fields);
                }
            }
        }
        Ok(Table {
            header: header.with_context(|| format!("{file} has no header"))?,
            rows,
            directives,
        })
    }

    /// The field of `column` in `row`; empty when the column or the field is missing.
    fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| h == column)
            .and_then(|i| row.get(i))
            .map_or("", |s| s.trim())
    }

    fn directive(&self, key: &str) -> Option<String> {
        self.directives
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// What SOURCES.md says of leaders.csv: the Wikidata source's repository and commit, and the
/// cut-off date.
struct LeadersAbout {
    origin: Option<String>,
    cutoff: Option<String>,
}

impl LeadersAbout {
    fn parse(text: &str) -> LeadersAbout {
        let section = text
            .find("## Source 1")
            .map(|at| {
                let rest = &text[at + 3..];
                &rest[..rest.find("\n## ").unwrap_or(rest.len())]
            })
            .unwrap_or("");
        let quoted_after = |text: &str, marker: &str| -> Option<String> {
            let rest = &text[text.find(marker)? + marker.len()..];
            Some(rest[..rest.find('`')?].to_string())
        };
        let repo = quoted_after(section, "GitHub `");
        let commit = quoted_after(section, "commit `");
        let date = commit.as_ref().and_then(|c| {
            let rest = &section[section.find(c.as_str())?..];
            let open = rest.find('(')?;
            let date = rest.get(open + 1..open + 11)?;
            check_date(date).ok().map(|_| date.to_string())
        });
        let origin = commit.map(|commit| {
            format!(
                "{} commit {commit}{}",
                repo.unwrap_or_else(|| "Wikidata-derived source".to_string()),
                date.map(|d| format!(" of {d}")).unwrap_or_default()
            )
        });
        let cutoff = text.find("Cut-off: ").and_then(|at| {
            let date = text.get(at + 9..at + 19)?;
            check_date(date).ok().map(|_| date.to_string())
        });
        LeadersAbout { origin, cutoff }
    }
}

/// The horizon of offices_hand.tsv as README.md states it ("The table is complete to **DATE**").
fn readme_horizon(readme: &str) -> Option<String> {
    let marker = "The table is complete to **";
    let at = readme.find(marker)? + marker.len();
    let date = readme.get(at..at + 10)?;
    check_date(date).ok().map(|_| date.to_string())
}

fn latest_date(rows: &[LeaderRow]) -> Option<String> {
    rows.iter()
        .flat_map(|r| [&r.start, &r.end])
        .filter(|d| check_date(d).is_ok())
        .max()
        .cloned()
}

fn check_date(date: &str) -> anyhow::Result<()> {
    let parsed: jiff::civil::Date = date
        .parse()
        .with_context(|| format!("{date:?} is not a date"))?;
    if parsed.to_string() != date {
        bail!("{date:?} is not a YYYY-MM-DD date");
    }
    Ok(())
}

fn check_qid(qid: &str) -> anyhow::Result<()> {
    let ok = qid.is_empty()
        || (qid.len() > 1 && qid.starts_with('Q') && qid[1..].bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        bail!("{qid:?} is not a Wikidata QID");
    }
    Ok(())
}

/// `head_of_state` → `head-of-state`.
fn kebab(office: &str) -> String {
    office.trim().replace('_', "-")
}

/// The id of a person known only by a hand-entered name: `H:Dan_Quayle`.
pub fn hand_id(name: &str) -> String {
    format!("H:{}", underscored(name))
}

fn underscored(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join("_")
}

/// A field with no tab or line break in it.
fn clean(field: &str) -> String {
    field.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The value seen most often; among equals, the first in sort order.
fn most_frequent(counts: &BTreeMap<String, usize>) -> Option<String> {
    counts
        .iter()
        .filter(|(value, _)| !value.is_empty())
        .max_by_key(|&(value, n)| (*n, Reverse(value)))
        .map(|(value, _)| value.clone())
}

// ---------------------------------------------------------------------------------------------
// Writing

struct Person {
    name: String,
    aliases: String,
    wikipedia: String,
    source: &'static str,
}

impl Person {
    fn checked(name: &str, aliases: &str, source: &'static str) -> Person {
        Person {
            name: name.to_string(),
            aliases: aliases.to_string(),
            wikipedia: underscored(name),
            source,
        }
    }
}

/// The `# generated by` line shared by the three files.
fn provenance(about: Option<&LeadersAbout>, leaders_csv: &str, terms_hand: bool) -> String {
    let origin = about
        .and_then(|a| a.origin.clone())
        .unwrap_or_else(|| "origin unknown: no SOURCES.md beside it".to_string());
    let cutoff = about
        .and_then(|a| a.cutoff.clone())
        .map(|c| format!(", cut-off {c}"))
        .unwrap_or_default();
    let mut files = vec![
        "data/kb/leaders_curation.tsv",
        "data/kb/names_en.tsv",
        "data/kb/offices_hand.tsv",
    ];
    if terms_hand {
        files.push("data/kb/terms_hand.tsv");
    }
    // The shared file is named by its usual place; another file only by its hash.
    let leaders = if about.is_some() {
        "../shared/data/leaders/leaders.csv"
    } else {
        "leaders.csv"
    };
    format!(
        "# generated by dateline kb build from {leaders} ({origin}{cutoff}; FNV-1a-64 {:016x}; Wikidata rows only), {}",
        fnv1a64(leaders_csv.as_bytes()),
        files.join(", ")
    )
}

fn render_people(people: &BTreeMap<String, Person>, provenance: &str) -> String {
    let mut out = String::new();
    out.push_str(provenance);
    out.push('\n');
    out.push_str(
        "# people.tsv: people of the knowledge base (dateline kb). Do not edit: change the sources and run `dateline kb build`.\n",
    );
    out.push_str(
        "# id = Wikidata QID, or H: + the hand name. source = where the name comes from: names_en (checked), hand (a hand table), wikidata-label (unchecked leaders.csv label, may be Portuguese; no wikipedia title).\n",
    );
    out.push_str("id\tname\taliases\twikipedia\tsource\n");
    for (id, person) in people {
        let _ = writeln!(
            out,
            "{id}\t{}\t{}\t{}\t{}",
            person.name, person.aliases, person.wikipedia, person.source
        );
    }
    out
}

fn render_terms(terms: &[Term], provenance: &str, horizon: &str) -> String {
    let mut out = String::new();
    out.push_str(provenance);
    out.push('\n');
    let _ = writeln!(out, "#! horizon {horizon}");
    out.push_str(
        "# terms.tsv: terms of office (dateline kb). Do not edit: change the sources and run `dateline kb build`.\n",
    );
    out.push_str(
        "# Half-open [start, end); empty end = in office at the horizon. person = people.tsv id. source: wikidata, wikidata+curated (leaders_curation.tsv) or hand. At most one holder at a time, except the exemptions of leaders_curation.tsv; automatic cuts are in terms_resolved.log.\n",
    );
    out.push_str("person\tcountry\toffice\tstart\tend\tsource\tnote\n");
    for t in terms {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            t.person,
            t.country,
            t.office,
            t.start,
            t.end.as_deref().unwrap_or(""),
            t.source,
            t.note
        );
    }
    out
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The automatic changes, for terms_resolved.log.
#[derive(Default)]
struct ChangeLog {
    changes: Vec<Change>,
    unmatched: Vec<String>,
    identical_duplicates: usize,
}

struct Change {
    action: &'static str,
    term: Term,
    other: Option<Term>,
    reason: String,
}

impl ChangeLog {
    fn push(&mut self, action: &'static str, term: &Term, other: Option<&Term>, reason: String) {
        self.changes.push(Change {
            action,
            term: term.clone(),
            other: other.cloned(),
            reason,
        });
    }

    fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry(change.action).or_default() += 1;
        }
        counts
    }

    fn render(&self, names: &HashMap<&str, String>, provenance: &str) -> String {
        let name = |id: &str| names.get(id).map_or("", String::as_str).to_string();
        let mut lines: Vec<(&Change, String)> = self
            .changes
            .iter()
            .map(|c| {
                let other = c.other.as_ref().map_or(String::new(), |o| {
                    format!(
                        "{} {} {} ({})",
                        o.person,
                        name(&o.person),
                        o.span(),
                        o.source
                    )
                });
                let line = format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    c.action,
                    c.term.country,
                    c.term.office,
                    c.term.person,
                    name(&c.term.person),
                    c.term.span(),
                    c.term.source,
                    c.reason,
                    other
                );
                (c, line)
            })
            .collect();
        lines.sort_by(|(a, la), (b, lb)| {
            (&a.term.country, &a.term.office, &a.term.start, la).cmp(&(
                &b.term.country,
                &b.term.office,
                &b.term.start,
                lb,
            ))
        });
        let mut out = String::new();
        out.push_str(provenance);
        out.push('\n');
        out.push_str(
            "# terms_resolved.log: every automatic change `dateline kb build` made to the source rows, for review. Fix a wrong one in leaders_curation.tsv or terms_hand.tsv.\n",
        );
        out.push_str(
            "# action: cut (end moved earlier), move (start moved later), drop, merge (a person's overlapping rows). term and source: the row before the change. other: the row that caused it.\n",
        );
        out.push_str("action\tcountry\toffice\tperson\tname\tterm\tsource\treason\tother\n");
        for (_, line) in lines {
            out.push_str(&line);
            out.push('\n');
        }
        if !self.unmatched.is_empty() {
            out.push_str("# leaders_curation.tsv rows that match no leaders.csv row (source_id, country_iso3, office, row_start):\n");
            for row in &self.unmatched {
                let _ = writeln!(out, "# unmatched\t{row}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEADERS_HEADER: &str = "country_iso3,country,office,person,person_qid,start,end,party,end_cause,flags,source,source_id";

    fn leader(
        country: &str,
        office: &str,
        person: &str,
        qid: &str,
        start: &str,
        end: &str,
    ) -> String {
        format!(
            "{country},\"{country}, land\",{office},\"{person}\",{qid},{start},{end},,,,wikidata-derived(test),{qid}"
        )
    }

    fn term(person: &str, start: &str, end: Option<&str>, trust: Trust) -> Term {
        Term {
            country: "XXX".into(),
            office: HEAD_OF_STATE.into(),
            start: start.into(),
            person: person.into(),
            end: end.map(str::to_string),
            trust,
            source: trust.label().into(),
            note: String::new(),
            resumed: false,
        }
    }

    fn resolve(terms: Vec<Term>, allowance: usize) -> (Vec<Term>, ChangeLog) {
        let mut log = ChangeLog::default();
        let mut out = single_holder(merge_same_person(terms, &mut log), allowance, &mut log);
        out.sort();
        (out, log)
    }

    fn spans(terms: &[Term]) -> Vec<(String, String, String)> {
        terms
            .iter()
            .map(|t| {
                (
                    t.person.clone(),
                    t.start.clone(),
                    t.end.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn s(person: &str, start: &str, end: &str) -> (String, String, String) {
        (person.into(), start.into(), end.into())
    }

    const CURATION_HEADER: &str =
        "source_id\tcountry_iso3\toffice\trow_start\taction\tvalue\treason\n";
    const REALMS_ROW: &str = "REALMS/head_of_state\t\t\t\tsingle-holder-exempt\tmonarch+representative\trealms (AUS; BRB to 2021-11-30; NLD: ABW)\n";

    fn sources(leaders: &[String], curation: &str) -> Sources {
        Sources {
            leaders_csv: format!("{LEADERS_HEADER}\r\n{}\r\n", leaders.join("\r\n")),
            leaders_about: Some(
                "## Source 1\n- GitHub `someone/repo`, commit `abc123`\n  (2025-10-03)\n**Cut-off: 2025-10-03.**\n".into(),
            ),
            curation: format!("{CURATION_HEADER}{curation}"),
            names_en: "wikidata_qid\tname\taliases\tsource\nQ1\tAnna One\tA. One\thand\n".into(),
            offices_hand: "#! horizon 2025-09-08\ncountry\toffice\tperson\twikidata_qid\tstart\tend\tsource\tnote\nUSA\tvice-president\tDan Quayle\t\t1989-01-20\t1993-01-20\thand\t\n".into(),
            terms_hand: None,
            readme: None,
        }
    }

    fn terms_of(built: &Built) -> Vec<String> {
        built
            .term_rows
            .iter()
            .map(|t| {
                format!(
                    "{} {} {} {} {}",
                    t.person,
                    t.country,
                    t.office,
                    t.start,
                    t.end.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn the_csv_splitter_reads_quotes_and_doubled_quotes() {
        assert_eq!(
            split_csv("a,\"b, c\",\"say \"\"hi\"\"\",,d\r").unwrap(),
            ["a", "b, c", "say \"hi\"", "", "d"]
        );
        assert_eq!(split_csv("").unwrap(), [""]);
        assert!(split_csv("a,\"b").is_err());
        assert!(split_csv("a,b\"c").is_err());
        assert!(split_csv("\"a\"b").is_err());
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(day_number("1970-01-01"), 0);
        assert_eq!(day_number("2000-03-01"), 11_017);
        assert_eq!(day_number("1945-01-01"), -9_131);
        assert!(same_term("2018-04-01", "2018-09-30"));
        assert!(!same_term("2018-04-01", "2018-10-02"));
        assert!(same_term("2016-01-01", "2016-12-31"));
    }

    #[test]
    fn a_holder_is_cut_at_the_next_holders_start() {
        let (out, log) = resolve(
            vec![
                term("Q1", "2000-01-01", None, Trust::Wikidata),
                term("Q2", "2005-03-04", Some("2010-01-01"), Trust::Wikidata),
                term("Q3", "2010-01-01", None, Trust::Wikidata),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q1", "2000-01-01", "2005-03-04"),
                s("Q2", "2005-03-04", "2010-01-01"),
                s("Q3", "2010-01-01", ""),
            ]
        );
        assert_eq!(log.counts().get("cut"), Some(&1));
        assert!(out[0].note.contains("end cut from open"));
    }

    #[test]
    fn a_short_term_inside_a_longer_one_interrupts_it() {
        let w = Trust::Wikidata;
        let (out, log) = resolve(
            vec![
                term("Q1", "1999-02-02", Some("2013-03-05"), w),
                term("Q2", "2002-04-12", Some("2002-04-13"), w),
                term("Q3", "2002-04-13", Some("2002-04-14"), w),
                term("Q4", "2013-03-05", None, w),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q1", "1999-02-02", "2002-04-12"),
                s("Q2", "2002-04-12", "2002-04-13"),
                s("Q3", "2002-04-13", "2002-04-14"),
                s("Q1", "2002-04-14", "2013-03-05"),
                s("Q4", "2013-03-05", ""),
            ]
        );
        assert_eq!(log.counts().get("split"), Some(&2));
        // Longer than 183 days, the inner term ends the outer one.
        let (out, _) = resolve(
            vec![
                term("Q1", "2000-01-01", Some("2020-01-01"), w),
                term("Q2", "2005-01-01", Some("2005-07-04"), w),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q1", "2000-01-01", "2005-01-01"),
                s("Q2", "2005-01-01", "2005-07-04")
            ]
        );
    }

    #[test]
    fn on_the_same_start_the_more_trusted_row_stays() {
        let (out, log) = resolve(
            vec![
                term("Q1", "2020-01-01", None, Trust::Wikidata),
                term("Q2", "2020-01-01", Some("2021-01-01"), Trust::Curated),
                term("H:X", "2021-01-01", None, Trust::Hand),
                term("Q3", "2021-01-01", None, Trust::Curated),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q2", "2020-01-01", "2021-01-01"),
                s("H:X", "2021-01-01", ""),
            ]
        );
        assert_eq!(log.counts().get("drop"), Some(&2));
        // Among equals the longer term stays.
        let (out, _) = resolve(
            vec![
                term("Q1", "2020-01-01", Some("2020-06-01"), Trust::Wikidata),
                term("Q2", "2020-01-01", Some("2022-01-01"), Trust::Wikidata),
            ],
            1,
        );
        assert_eq!(spans(&out), [s("Q2", "2020-01-01", "2022-01-01")]);
    }

    #[test]
    fn a_hand_row_overrides_the_days_it_covers() {
        let (out, log) = resolve(
            vec![
                term("Q1", "1991-01-01", None, Trust::Wikidata),
                term("H:Abiy", "2018-04-02", Some("2020-01-01"), Trust::Hand),
                term("Q2", "2019-01-01", Some("2019-06-01"), Trust::Wikidata),
                term("Q3", "2019-06-01", Some("2021-01-01"), Trust::Wikidata),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q1", "1991-01-01", "2018-04-02"),
                s("H:Abiy", "2018-04-02", "2020-01-01"),
                s("Q3", "2020-01-01", "2021-01-01"),
            ]
        );
        let counts = log.counts();
        assert_eq!(
            (counts.get("cut"), counts.get("drop"), counts.get("move")),
            (Some(&1), Some(&1), Some(&1))
        );
    }

    #[test]
    fn exempt_offices_keep_overlaps_within_their_allowance() {
        let terms = vec![
            term("Q1", "2000-01-01", Some("2010-01-01"), Trust::Wikidata),
            term("Q2", "2001-01-01", Some("2010-01-01"), Trust::Wikidata),
            term("Q3", "2005-01-01", Some("2012-01-01"), Trust::Wikidata),
        ];
        let (out, log) = resolve(terms.clone(), 3);
        assert_eq!(out.len(), 3);
        assert!(log.changes.is_empty());
        let (out, _) = resolve(terms, 2);
        assert_eq!(
            spans(&out),
            [
                s("Q1", "2000-01-01", "2005-01-01"),
                s("Q2", "2001-01-01", "2010-01-01"),
                s("Q3", "2005-01-01", "2012-01-01"),
            ]
        );
    }

    #[test]
    fn a_persons_duplicate_rows_merge() {
        let (out, log) = resolve(
            vec![
                // Equally trusted rows take the union; the successor cuts an open end.
                term("Q1", "2017-07-24", None, Trust::Wikidata),
                term("Q1", "2017-07-24", Some("2021-07-24"), Trust::Wikidata),
                // A year-precision start yields to the precise one of the same year.
                term("Q2", "2022-01-01", Some("2023-01-01"), Trust::Wikidata),
                term("Q2", "2022-07-24", Some("2024-05-01"), Trust::Wikidata),
                // A curated row beats the uncurated duplicate.
                term("Q3", "2024-05-01", None, Trust::Wikidata),
                term("Q3", "2024-05-01", Some("2025-01-01"), Trust::Curated),
            ],
            1,
        );
        assert_eq!(
            spans(&out),
            [
                s("Q1", "2017-07-24", "2022-07-24"),
                s("Q2", "2022-07-24", "2024-05-01"),
                s("Q3", "2024-05-01", "2025-01-01"),
            ]
        );
        assert_eq!(log.counts().get("merge"), Some(&2));
        assert_eq!(log.counts().get("drop"), Some(&1));
        assert_eq!(log.counts().get("cut"), Some(&1));
    }

    #[test]
    fn curation_drops_and_redates_rows_by_their_original_start() {
        let leaders = [
            leader("ALB", "head_of_state", "Ilir Meta", "Q5", "2017-07-24", ""),
            leader(
                "ALB",
                "head_of_state",
                "Ilir Meta",
                "Q5",
                "2017-07-24",
                "2022-07-24",
            ),
            leader(
                "ALB",
                "head_of_state",
                "Bajram Begaj",
                "Q6",
                "2022-01-01",
                "",
            ),
            leader(
                "VEN",
                "head_of_state",
                "A Claimant",
                "Q11",
                "2019-01-23",
                "",
            ),
            leader(
                "VEN",
                "head_of_state",
                "A Claimant",
                "Q11",
                "2019-01-23",
                "2023-01-05",
            ),
            leader(
                "ALB",
                "head_of_government",
                "Edi Rama",
                "Q7",
                "2013-09-15",
                "",
            ),
            leader("ALB", "head_of_government", "Old One", "Q8", "", ""),
            leader("USA", "head_of_state", "Fictional", "Q9", "1837-01-01", ""),
        ];
        let curation = "Q5\tALB\thead_of_state\t2017-07-24\tdrop\t\tduplicate of the row ending 2022-07-24 (x)\n\
             Q11\tVEN\thead_of_state\t2019-01-23\tdrop\t\tclaimant (both rows go)\n\
             Q6\tALB\thead_of_state\t2022-01-01\tset-start\t2022-07-24\tsworn in 2022-07-24\n\
             Q7\tALB\thead_of_government\t2013-09-15\tset-end\t2025-01-01\ttest end\n\
             Q8\tALB\thead_of_government\t\tset-start\t2000-01-01\tundated row given a start\n\
             Q9\tUSA\thead_of_state\t1837-01-01\tdrop\t\tfictional\n\
             Q99\tUSA\thead_of_state\t1900-01-01\tdrop\t\tmatches nothing\n";
        let built = build(&sources(&leaders, curation)).unwrap();
        assert_eq!(
            terms_of(&built),
            [
                "Q8 ALB head-of-government 2000-01-01 2013-09-15",
                "Q7 ALB head-of-government 2013-09-15 2025-01-01",
                "Q5 ALB head-of-state 2017-07-24 2022-07-24",
                "Q6 ALB head-of-state 2022-07-24 ",
                "H:Dan_Quayle USA vice-president 1989-01-20 1993-01-20",
            ]
        );
        let q6 = built.term_rows.iter().find(|t| t.person == "Q6").unwrap();
        assert_eq!(q6.source, "wikidata+curated");
        assert_eq!(q6.note, "sworn in 2022-07-24");
        assert!(
            built
                .log
                .contains("# unmatched\tQ99\tUSA\thead_of_state\t1900-01-01")
        );
        assert!(built.terms.contains("#! horizon 2025-09-08\n"));
        assert!(built.terms.starts_with(
            "# generated by dateline kb build from ../shared/data/leaders/leaders.csv (someone/repo commit abc123 of 2025-10-03, cut-off 2025-10-03;"
        ));
        assert!(
            built
                .people
                .contains("\nH:Dan_Quayle\tDan Quayle\t\tDan_Quayle\thand\n")
        );
        assert!(
            built
                .people
                .contains("\nQ1\tAnna One\tA. One\tAnna_One\tnames_en\n")
        );
        assert!(
            built
                .people
                .contains("\nQ6\tBajram Begaj\t\t\twikidata-label\n")
        );
    }

    #[test]
    fn a_realms_head_of_state_rows_split_into_monarch_and_representative() {
        let leaders = [
            leader(
                "GBR",
                "head_of_state",
                "Isabel II",
                "Q9682",
                "1952-02-06",
                "2022-09-08",
            ),
            leader(
                "GBR",
                "head_of_state",
                "Carlos III",
                "Q43274",
                "2022-09-08",
                "",
            ),
            leader(
                "AUS",
                "head_of_state",
                "Isabel II",
                "Q9682",
                "1952-02-06",
                "2022-09-08",
            ),
            leader(
                "AUS",
                "head_of_state",
                "Carlos III",
                "Q43274",
                "2022-09-08",
                "",
            ),
            leader(
                "AUS",
                "head_of_state",
                "Peter Cosgrove",
                "Q976974",
                "2014-03-28",
                "2019-07-01",
            ),
            leader(
                "AUS",
                "head_of_state",
                "David Hurley",
                "Q5",
                "2019-07-01",
                "",
            ),
            leader(
                "BRB",
                "head_of_state",
                "Isabel II",
                "Q9682",
                "1966-11-30",
                "",
            ),
            leader("BRB", "head_of_state", "A Governor", "Q6", "2018-01-08", ""),
            leader(
                "BRB",
                "head_of_state",
                "Sandra Mason",
                "Q7",
                "2021-11-30",
                "",
            ),
            leader(
                "NLD",
                "head_of_state",
                "Willem-Alexander",
                "Q154952",
                "2013-04-30",
                "",
            ),
            leader(
                "ABW",
                "head_of_state",
                "Willem-Alexander",
                "Q154952",
                "2013-04-30",
                "",
            ),
            leader("ABW", "head_of_state", "A Governor", "Q8", "2016-06-30", ""),
            // Not a realm: a president beside nobody.
            leader(
                "IRL",
                "head_of_state",
                "A President",
                "Q10",
                "2011-11-11",
                "",
            ),
        ];
        let built = build(&sources(&leaders, REALMS_ROW)).unwrap();
        let office = |country: &str, person: &str| -> Vec<(String, String)> {
            built
                .term_rows
                .iter()
                .filter(|t| t.country == country && t.person == person)
                .map(|t| (t.office.clone(), t.end.clone().unwrap_or_default()))
                .collect()
        };
        let of = |o: &str, end: &str| (o.to_string(), end.to_string());
        assert_eq!(office("AUS", "Q9682"), [of(HEAD_OF_STATE, "2022-09-08")]);
        assert_eq!(office("AUS", "Q43274"), [of(HEAD_OF_STATE, "")]);
        assert_eq!(
            office("AUS", "Q976974"),
            [of(GOVERNOR_GENERAL, "2019-07-01")]
        );
        assert_eq!(office("AUS", "Q5"), [of(GOVERNOR_GENERAL, "")]);
        // Barbados: a realm to 2021-11-30, then its own head of state.
        assert_eq!(office("BRB", "Q9682"), [of(HEAD_OF_STATE, "2021-11-30")]);
        assert_eq!(office("BRB", "Q6"), [of(GOVERNOR_GENERAL, "2021-11-30")]);
        assert_eq!(office("BRB", "Q7"), [of(HEAD_OF_STATE, "")]);
        assert_eq!(office("ABW", "Q154952"), [of(HEAD_OF_STATE, "")]);
        assert_eq!(office("ABW", "Q8"), [of(GOVERNOR_GENERAL, "")]);
        assert_eq!(office("IRL", "Q10"), [of(HEAD_OF_STATE, "")]);
        assert_eq!(office("GBR", "Q43274"), [of(HEAD_OF_STATE, "")]);
        // Two realm cuts (BRB's monarch and governor), no overlap cuts.
        assert_eq!(built.changes.get("cut"), Some(&2));
    }

    #[test]
    fn the_realms_list_is_read_from_the_exemption() {
        let realms = parse_realms(
            "one monarch and one governor-general at a time (ATG AUS; BRB to 2021-11-30; MUS to 1992-03-12; AIA; NLD: ABW CUW; DNK: GRL FRO)",
        )
        .unwrap();
        assert_eq!(realms.len(), 9);
        assert_eq!(realms["AUS"].home, "GBR");
        assert_eq!(realms["BRB"].until.as_deref(), Some("2021-11-30"));
        assert_eq!(realms["CUW"].home, "NLD");
        assert_eq!(realms["FRO"].home, "DNK");
        assert!(parse_realms("no list").is_err());
    }

    #[test]
    fn the_build_is_deterministic_and_ignores_row_order() {
        let mut leaders = vec![
            leader("FRA", "head_of_government", "A", "Q1", "2000-01-01", ""),
            leader(
                "FRA",
                "head_of_government",
                "B",
                "Q2",
                "2002-05-06",
                "2005-01-01",
            ),
            leader("FRA", "head_of_government", "C", "Q3", "2005-01-01", ""),
            leader(
                "FRA",
                "head_of_government",
                "D",
                "Q4",
                "2005-01-01",
                "2005-02-01",
            ),
            leader(
                "FRA",
                "head_of_government",
                "C bis",
                "Q3",
                "2005-01-01",
                "2007-01-01",
            ),
            leader("FRA", "head_of_state", "E", "Q5", "1940-01-01", ""),
            leader(
                "FRA",
                "head_of_state",
                "F",
                "Q6",
                "1944-01-01",
                "1947-01-16",
            ),
        ];
        let first = build(&sources(&leaders, "")).unwrap();
        let again = build(&sources(&leaders, "")).unwrap();
        leaders.reverse();
        let reversed = build(&sources(&leaders, "")).unwrap();
        // The same bytes, but for the hash of the (reordered) leaders.csv on the first line.
        let body = |text: &str| text.split_once('\n').unwrap().1.to_string();
        assert_eq!(first.people, again.people);
        assert_eq!(first.terms, again.terms);
        assert_eq!(first.log, again.log);
        assert_eq!(body(&first.people), body(&reversed.people));
        assert_eq!(body(&first.terms), body(&reversed.terms));
        assert_eq!(body(&first.log), body(&reversed.log));
        // E is cut to 1944-01-01 and so leaves the scope; the log says so.
        assert!(first.log.contains("drop\tFRA\thead-of-state\tQ5\t"));
        assert!(!first.terms.contains("Q5\t"));
    }
}
