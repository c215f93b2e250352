//! The knowledge base: states, organisations, people and the offices they held, with dates
//! (`data/kb/`), compiled once into a name matcher and office indexes.
//!
//! Terms of office are half-open `[start, end)`; an open end means "in office at the
//! knowledge horizon", the date up to which the tables are complete. Past the horizon the
//! engine still resolves roles, but says that holders may have changed.

pub mod link;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use jiff::civil::Date;

use crate::hash::FastBuildHasher;
use crate::layers::ActorRef;
use crate::resources::{DataFile, ResourceError};

/// A state, observer, territory or former state.
#[derive(Clone, Debug)]
pub struct Country {
    pub iso3: String,
    pub status: String,
    pub name: String,
    pub official_name: String,
    pub cameo: String,
    /// The capital first, then its other spellings.
    pub capitals: Vec<String>,
    /// Buildings and places that stand for the executive ("the White House").
    pub seats: Vec<String>,
}

/// A government body, agency, international organisation, party or armed group.
#[derive(Clone, Debug)]
pub struct Organisation {
    pub id: String,
    pub kind: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: String,
    pub cameo: Option<String>,
    pub wikipedia: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Person {
    /// Wikidata QID, or `H:` and a slug for people entered by hand.
    pub id: String,
    pub name: String,
    pub wikipedia: Option<String>,
}

/// A dated actor code of a person the event-coding dictionaries know (`affiliated.tsv`):
/// `FRAGOV` from 1981-05-21 to 1995-05-17, both days included; open ends are `None`.
#[derive(Clone, Debug)]
pub struct Affiliation {
    pub code: String,
    /// The country of the code (its first three letters, a CAMEO country code), as ISO.
    pub country: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Affiliation {
    fn dated(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    fn covers(&self, date: Date) -> bool {
        self.dated() && self.start.is_none_or(|s| s <= date) && self.end.is_none_or(|e| date <= e)
    }

    /// Days from the affiliation's dates to `date` (0 inside; undated ones are far).
    fn distance(&self, date: Date) -> i64 {
        if !self.dated() {
            return i64::MAX / 4;
        }
        let days = |a: Date, b: Date| i64::from((a - b).get_days());
        match (self.start, self.end) {
            (Some(s), _) if date < s => days(s, date),
            (_, Some(e)) if e < date => days(date, e),
            _ => 0,
        }
    }
}

/// One term of office.
#[derive(Clone, Debug)]
pub struct Term {
    pub person: u32,
    pub country: String,
    /// `head-of-state`, `head-of-government`, `secretary-of-state`, `foreign-minister`…
    pub office: String,
    pub start: Date,
    /// Exclusive; `None` when in office at the horizon.
    pub end: Option<Date>,
    pub source: String,
}

impl Term {
    pub fn covers(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date < end)
    }

    /// "2009-01-20 to 2017-01-20", or "since 2021-01-20".
    pub fn span_text(&self) -> String {
        match self.end {
            Some(end) => format!("{} to {}", self.start, end),
            None => format!("since {}", self.start),
        }
    }
}

/// How a matched name refers to what it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The country's name or an alias: "North Korea", "DPRK".
    CountryName,
    /// "North Korean", "American".
    Demonym,
    /// "Pyongyang", "Washington": the government when it acts, the place otherwise.
    Capital,
    /// "the White House", "the Kremlin": the executive.
    Seat,
    Organisation,
    Person,
}

/// What one matcher pattern names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub form: Form,
    /// Index into the countries, organisations or people.
    pub index: u32,
    /// Linked only when the article names the organisation's country too (`~Congress`).
    pub contextual: bool,
}

/// A word for an office ("president", "prime minister") and the offices it may mean, tried
/// in order ("defense secretary": secretary-of-defense in the USA, defence-minister elsewhere).
#[derive(Clone, Debug)]
pub struct OfficeWord {
    pub offices: Vec<String>,
}

/// The compiled knowledge base.
#[derive(Debug)]
pub struct KnowledgeBase {
    pub horizon: Option<Date>,
    /// The words that tell a national team from its state.
    pub sports: SportsWords,
    pub countries: Vec<Country>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    pub terms: Vec<Term>,
    /// The affiliations of the people after the office holders (`affiliated.tsv`), in
    /// order: person `p`'s are `affiliations[p - office_people]`.
    affiliations: Vec<Vec<Affiliation>>,
    /// How many people come from the office tables; the rest are affiliated.
    office_people: usize,
    /// Every alias, as written and in capitals; pattern i names `targets[i]`.
    matcher: Option<AhoCorasick>,
    /// The first words of the aliases that start in lower case ("the", "al", "mainland").
    lower_first_words: std::collections::HashSet<String, FastBuildHasher>,
    targets: Vec<Vec<Target>>,
    country_index: HashMap<String, u32, FastBuildHasher>,
    /// Terms by person, in start order.
    person_terms: Vec<Vec<u32>>,
    /// Terms by (country, office), in start order.
    office_terms: HashMap<(String, String), Vec<u32>, FastBuildHasher>,
    office_words: HashMap<String, OfficeWord, FastBuildHasher>,
    /// Surnames of heads of state and government → those people ("the Obama administration").
    head_surnames: HashMap<String, Vec<u32>, FastBuildHasher>,
    /// How many people of the base have each surname.
    surname_count: HashMap<String, u32, FastBuildHasher>,
    /// Surname → the people of the base who have it.
    surname_people: HashMap<String, Vec<u32>, FastBuildHasher>,
    /// Each person's surname ([`surname_of`]).
    surnames: Vec<Option<String>>,
    /// The longest office phrase, in words.
    pub office_word_max: usize,
    /// The last word of each office phrase, lower case ("president", "minister", "state").
    office_last_words: std::collections::HashSet<String, FastBuildHasher>,
    /// Person id (`Q76`, `H:…`) → index.
    person_ids: HashMap<String, u32, FastBuildHasher>,
}

/// The rows of a TSV data file: its header gives the columns by name.
struct Table<'a> {
    file: &'a DataFile,
    columns: Vec<&'static str>,
    rows: Vec<(usize, Vec<&'static str>)>,
    /// `#! key value` lines.
    directives: Vec<(&'static str, &'static str)>,
}

impl Table<'_> {
    fn parse(file: &DataFile) -> Result<Table<'_>, ResourceError> {
        let mut columns = Vec::new();
        let mut rows = Vec::new();
        let mut directives = Vec::new();
        for (i, line) in file.text()?.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if let Some(directive) = line.strip_prefix("#!") {
                let mut parts = directive.split_whitespace();
                if let (Some(key), Some(value)) = (parts.next(), parts.next()) {
                    directives.push((key, value));
                }
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            if columns.is_empty() {
                columns = fields;
                continue;
            }
            if fields.len() > columns.len() {
                return Err(ResourceError {
                    file: file.path.to_string(),
                    line: i + 1,
                    message: format!(
                        "{} fields, but the header has {} columns",
                        fields.len(),
                        columns.len()
                    ),
                });
            }
            rows.push((i + 1, fields));
        }
        Ok(Table {
            file,
            columns,
            rows,
            directives,
        })
    }

    fn column(&self, name: &str) -> Result<usize, ResourceError> {
        self.columns
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| ResourceError {
                file: self.file.path.to_string(),
                line: 1,
                message: format!("no column {name:?} in the header"),
            })
    }

    fn error(&self, line: usize, message: String) -> ResourceError {
        ResourceError {
            file: self.file.path.to_string(),
            line,
            message,
        }
    }
}

fn field<'a>(row: &[&'a str], column: usize) -> &'a str {
    row.get(column).copied().unwrap_or("").trim()
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

/// A person's names into the matcher: every alias, and the name itself when it has more
/// than one word (a name of one word matches too much; "Lula" is an alias).
fn add_person_names(add: &mut impl FnMut(&str, Target), name: &str, aliases: &str, target: Target) {
    if name.contains(' ') {
        add(name, target);
    }
    for a in list(aliases) {
        add(a, target);
    }
}

/// Records a person's id under its index; an id listed twice (in either table) is an error
/// at its second line.
fn index_person(
    ids: &mut HashMap<String, u32, FastBuildHasher>,
    person: &Person,
    index: u32,
    table: &Table,
    line: usize,
) -> Result<(), ResourceError> {
    if ids.insert(person.id.clone(), index).is_some() {
        return Err(table.error(line, format!("person {} is listed twice", person.id)));
    }
    Ok(())
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').map(str::trim).filter(|v| !v.is_empty())
}

/// The files of the knowledge base, any of which may be missing (an empty base).
pub struct KbFiles<'a> {
    pub countries: Option<&'a DataFile>,
    pub organisations: Option<&'a DataFile>,
    pub people: Option<&'a DataFile>,
    pub terms: Option<&'a DataFile>,
    pub office_words: Option<&'a DataFile>,
    /// People of the event-coding dictionaries with dated actor codes.
    pub affiliated: Option<&'a DataFile>,
    /// The words that tell a national team from its state (`kb/sports_words.tsv`).
    pub sports_words: Option<&'a DataFile>,
}

/// Words of sport (`data/kb/sports_words.tsv`): `strong` ones make an article a sports
/// article, and with the `cue` words they make a country's name in a sentence its team.
#[derive(Debug, Default)]
pub struct SportsWords {
    /// [`SportsWords::key`] of each word, and whether it is strong.
    words: HashMap<u64, bool, FastBuildHasher>,
    /// For each length in bytes, the first letters of the words of that length (bit 0 for
    /// `a`): most tokens are told apart by these two alone, before any hashing.
    firsts: [u32; 16],
}

impl SportsWords {
    /// The hash a word is looked up by, in lower case, without allocating (the linker asks
    /// about every token of an article that names a country).
    fn key(word: &str) -> u64 {
        // FNV-1a over the lower-cased bytes.
        word.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
        })
    }

    fn add(&mut self, word: &str, strong: bool) -> Result<(), String> {
        let first = word.bytes().next().filter(u8::is_ascii_lowercase);
        let (Some(first), true) = (first, word.len() < self.firsts.len()) else {
            return Err(format!(
                "{word:?}: a word of sport starts with a letter a to z and has at most 15 bytes"
            ));
        };
        if self.words.insert(SportsWords::key(word), strong).is_some() {
            return Err(format!("{word:?} is listed twice"));
        }
        self.firsts[word.len()] |= 1 << (first - b'a');
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// `Some(true)` for a strong word, `Some(false)` for a cue, in any case; `None` for any
    /// other word.
    pub fn class(&self, word: &str) -> Option<bool> {
        let first = word.bytes().next()?.to_ascii_lowercase();
        let letters = *self.firsts.get(word.len())?;
        if !first.is_ascii_lowercase() || letters & (1 << (first - b'a')) == 0 {
            return None;
        }
        self.words.get(&SportsWords::key(word)).copied()
    }
}

impl KnowledgeBase {
    pub fn compile(files: KbFiles<'_>) -> Result<KnowledgeBase, ResourceError> {
        let mut kb = KnowledgeBase {
            horizon: None,
            countries: Vec::new(),
            organisations: Vec::new(),
            people: Vec::new(),
            terms: Vec::new(),
            affiliations: Vec::new(),
            office_people: 0,
            matcher: None,
            lower_first_words: Default::default(),
            targets: Vec::new(),
            country_index: HashMap::default(),
            person_terms: Vec::new(),
            office_terms: HashMap::default(),
            office_words: HashMap::default(),
            head_surnames: HashMap::default(),
            surname_count: HashMap::default(),
            surname_people: HashMap::default(),
            surnames: Vec::new(),
            office_word_max: 0,
            office_last_words: Default::default(),
            person_ids: HashMap::default(),
            sports: SportsWords::default(),
        };
        if let Some(file) = files.sports_words {
            crate::resources::class_words(file, |class, word| match class {
                "strong" => kb.sports.add(word, true),
                "cue" => kb.sports.add(word, false),
                _ => Err(format!("unknown class {class:?}")),
            })?;
        }
        // Alias → targets; the matcher is built from it at the end.
        let mut aliases: HashMap<String, Vec<Target>, FastBuildHasher> = HashMap::default();
        let mut add = |alias: &str, target: Target| {
            if alias.chars().count() < 2 {
                return;
            }
            // English news often drops the accents ("Francois Mitterrand", "Sebastian
            // Pinera"): a name with them is also found without.
            let folded: String = alias.chars().map(fold_diacritic).collect();
            let mut spellings = if folded == alias {
                vec![alias.to_string()]
            } else {
                vec![alias.to_string(), folded]
            };
            // British and American spellings of the same body ("World Health Organisation").
            for (a, b) in [
                ("Organization", "Organisation"),
                ("Organisation", "Organization"),
            ] {
                if alias.contains(a) {
                    spellings.push(alias.replace(a, b));
                }
            }
            for spelling in spellings {
                let entry = aliases.entry(spelling).or_default();
                if !entry.contains(&target) {
                    entry.push(target);
                }
            }
        };
        if let Some(file) = files.countries {
            let table = Table::parse(file)?;
            let c = |name| table.column(name);
            let (iso3, status, name, official, alias, demonym, capital, capital_alias, seat, cameo) = (
                c("iso3")?,
                c("status")?,
                c("name")?,
                c("official_name")?,
                c("aliases")?,
                c("demonyms")?,
                c("capital")?,
                c("capital_aliases")?,
                c("metonyms")?,
                c("cameo_code")?,
            );
            for (line, row) in &table.rows {
                let code = field(row, iso3);
                if code.len() != 3 || !code.chars().all(|ch| ch.is_ascii_uppercase()) {
                    return Err(table.error(*line, format!("bad ISO 3166 alpha-3 code {code:?}")));
                }
                let index = kb.countries.len() as u32;
                if kb.country_index.insert(code.to_string(), index).is_some() {
                    return Err(table.error(*line, format!("{code} is listed twice")));
                }
                let country = Country {
                    iso3: code.to_string(),
                    status: field(row, status).to_string(),
                    name: field(row, name).to_string(),
                    official_name: field(row, official).to_string(),
                    cameo: optional(field(row, cameo)).unwrap_or_else(|| code.to_string()),
                    capitals: list(field(row, capital))
                        .chain(list(field(row, capital_alias)))
                        .map(str::to_string)
                        .collect(),
                    seats: list(field(row, seat)).map(str::to_string).collect(),
                };
                let target = |form| Target {
                    form,
                    index,
                    contextual: false,
                };
                add(&country.name, target(Form::CountryName));
                add(&country.official_name, target(Form::CountryName));
                for a in list(field(row, alias)) {
                    add(a, target(Form::CountryName));
                }
                for a in list(field(row, demonym)) {
                    add(a, target(Form::Demonym));
                    // "North Koreans", "Americans"; not "Chineses".
                    if !a.ends_with(['s', 'h']) && !a.ends_with("ese") {
                        add(&format!("{a}s"), target(Form::Demonym));
                    }
                }
                for a in &country.capitals {
                    add(a, target(Form::Capital));
                }
                for a in &country.seats {
                    add(a, target(Form::Seat));
                }
                kb.countries.push(country);
            }
        }
        if let Some(file) = files.organisations {
            let table = Table::parse(file)?;
            let c = |name| table.column(name);
            let (id, kind, country, sector, name, alias, cameo, wikipedia) = (
                c("id")?,
                c("kind")?,
                c("country")?,
                c("sector")?,
                c("name")?,
                c("aliases")?,
                c("cameo_code")?,
                c("wikipedia")?,
            );
            for (line, row) in &table.rows {
                let index = kb.organisations.len() as u32;
                let org = Organisation {
                    id: field(row, id).to_string(),
                    kind: field(row, kind).to_string(),
                    country: optional(field(row, country)),
                    sector: optional(field(row, sector)),
                    name: field(row, name).to_string(),
                    cameo: optional(field(row, cameo)),
                    wikipedia: optional(field(row, wikipedia)),
                };
                if org.id.is_empty() || org.name.is_empty() {
                    return Err(table.error(*line, "an organisation needs an id and a name".into()));
                }
                let target = Target {
                    form: Form::Organisation,
                    index,
                    contextual: false,
                };
                if org.kind != "party" {
                    add(&org.name, target);
                }
                // A party's name alone is another country's party as often ("Democratic
                // Party", "Labour Party"): it needs its country named too.
                if org.kind == "party" {
                    add(
                        &org.name,
                        Target {
                            contextual: true,
                            ..target
                        },
                    );
                }
                for a in list(field(row, alias)) {
                    match a.strip_prefix('~') {
                        Some(bare) => add(
                            bare,
                            Target {
                                contextual: true,
                                ..target
                            },
                        ),
                        None => add(a, target),
                    }
                }
                kb.organisations.push(org);
            }
        }
        let mut person_index: HashMap<String, u32, FastBuildHasher> = HashMap::default();
        if let Some(file) = files.people {
            let table = Table::parse(file)?;
            let (id, name, alias, wikipedia) = (
                table.column("id")?,
                table.column("name")?,
                table.column("aliases")?,
                table.column("wikipedia")?,
            );
            for (line, row) in &table.rows {
                let index = kb.people.len() as u32;
                let person = Person {
                    id: field(row, id).to_string(),
                    name: field(row, name).to_string(),
                    wikipedia: optional(field(row, wikipedia)),
                };
                index_person(&mut person_index, &person, index, &table, *line)?;
                let target = Target {
                    form: Form::Person,
                    index,
                    contextual: false,
                };
                add_person_names(&mut add, &person.name, field(row, alias), target);
                kb.people.push(person);
            }
        }
        let office_people = kb.people.len();
        if let Some(file) = files.affiliated {
            let table = Table::parse(file)?;
            let (id, name, alias, roles) = (
                table.column("id")?,
                table.column("name")?,
                table.column("aliases")?,
                table.column("roles")?,
            );
            let by_cameo: HashMap<&str, &str, FastBuildHasher> = kb
                .countries
                .iter()
                .map(|c| (c.cameo.as_str(), c.iso3.as_str()))
                .collect();
            for (line, row) in &table.rows {
                let index = kb.people.len() as u32;
                let person = Person {
                    id: field(row, id).to_string(),
                    name: field(row, name).to_string(),
                    wikipedia: None,
                };
                index_person(&mut person_index, &person, index, &table, *line)?;
                let mut affiliations = Vec::new();
                for role in list(field(row, roles)) {
                    let (code, range) = role.split_once(' ').unwrap_or((role, ""));
                    let date = |text: &str| -> Result<Option<Date>, ResourceError> {
                        if text.is_empty() {
                            return Ok(None);
                        }
                        text.parse().map(Some).map_err(|e| {
                            table.error(*line, format!("bad date {text:?} in {role:?}: {e}"))
                        })
                    };
                    let (start, end) = match range.split_once("..") {
                        Some((a, b)) => (date(a)?, date(b)?),
                        None if range.is_empty() => (None, None),
                        None => {
                            return Err(table.error(
                                *line,
                                format!("expected CODE or CODE start..end, found {role:?}"),
                            ));
                        }
                    };
                    // A code that is an ISO code is that state ("FRA", though Mayotte and
                    // Saint-Barthélemy share its CAMEO code); else the state of the CAMEO code.
                    let country = code
                        .get(..3)
                        .filter(|c| kb.country_index.contains_key(*c))
                        .or_else(|| code.get(..3).and_then(|c| by_cameo.get(c).copied()))
                        .map(str::to_string);
                    affiliations.push(Affiliation {
                        code: code.to_string(),
                        country,
                        start,
                        end,
                    });
                }
                if affiliations.is_empty() {
                    return Err(table.error(*line, format!("{} has no roles", person.id)));
                }
                // Thousands of officials, many with common names ("Michael Collins", "John
                // Williams"): linked only where the article names their country too.
                let target = Target {
                    form: Form::Person,
                    index,
                    contextual: true,
                };
                add_person_names(&mut add, &person.name, field(row, alias), target);
                kb.people.push(person);
                kb.affiliations.push(affiliations);
            }
        }
        kb.office_people = office_people;
        kb.person_terms = vec![Vec::new(); kb.people.len()];
        if let Some(file) = files.terms {
            let table = Table::parse(file)?;
            let c = |name| table.column(name);
            let (person, country, office, start, end, source) = (
                c("person")?,
                c("country")?,
                c("office")?,
                c("start")?,
                c("end")?,
                c("source")?,
            );
            for (key, value) in &table.directives {
                if *key == "horizon" {
                    kb.horizon = Some(
                        value
                            .parse()
                            .map_err(|e| table.error(1, format!("bad horizon {value:?}: {e}")))?,
                    );
                }
            }
            for (line, row) in &table.rows {
                let who = field(row, person);
                let Some(&p) = person_index.get(who) else {
                    return Err(table.error(*line, format!("unknown person {who:?}")));
                };
                let date = |text: &str| -> Result<Date, ResourceError> {
                    text.parse()
                        .map_err(|e| table.error(*line, format!("bad date {text:?}: {e}")))
                };
                let term = Term {
                    person: p,
                    country: field(row, country).to_string(),
                    office: field(row, office).to_string(),
                    start: date(field(row, start))?,
                    end: match field(row, end) {
                        "" => None,
                        text => Some(date(text)?),
                    },
                    source: field(row, source).to_string(),
                };
                if term.end.is_some_and(|end| end <= term.start) {
                    return Err(table.error(*line, "a term must end after it starts".into()));
                }
                kb.terms.push(term);
            }
        }
        kb.terms
            .sort_by(|a, b| a.start.cmp(&b.start).then(a.person.cmp(&b.person)));
        for (i, term) in kb.terms.iter().enumerate() {
            kb.person_terms[term.person as usize].push(i as u32);
            kb.office_terms
                .entry((term.country.clone(), term.office.clone()))
                .or_default()
                .push(i as u32);
        }
        kb.surnames = (0..kb.people.len() as u32)
            .map(|p| {
                let family_first = kb
                    .terms_of(p)
                    .any(|t| FAMILY_NAME_FIRST.contains(&t.country.as_str()));
                surname_of(&kb.people[p as usize].name, family_first).map(str::to_string)
            })
            .collect();
        // The people of the dictionaries hold no office here: the office lookups by
        // surname count only the people of the terms.
        for (p, surname) in kb.surnames.iter().enumerate().take(office_people) {
            if let Some(surname) = surname {
                *kb.surname_count.entry(surname.clone()).or_default() += 1;
                kb.surname_people
                    .entry(surname.clone())
                    .or_default()
                    .push(p as u32);
            }
        }
        for term in &kb.terms {
            if matches!(term.office.as_str(), "head-of-state" | "head-of-government")
                && let Some(surname) = kb.surnames[term.person as usize].as_deref()
            {
                let people = kb.head_surnames.entry(surname.to_string()).or_default();
                if !people.contains(&term.person) {
                    people.push(term.person);
                }
            }
        }
        if let Some(file) = files.office_words {
            let table = Table::parse(file)?;
            let (words, offices) = (table.column("words")?, table.column("offices")?);
            for (_, row) in &table.rows {
                let offices: Vec<String> = list(field(row, offices)).map(str::to_string).collect();
                for word in list(field(row, words)) {
                    kb.office_word_max = kb.office_word_max.max(word.split(' ').count());
                    if let Some(last) = word.split(' ').next_back() {
                        kb.office_last_words.insert(last.to_lowercase());
                    }
                    kb.office_words.insert(
                        word.to_lowercase(),
                        OfficeWord {
                            offices: offices.clone(),
                        },
                    );
                }
            }
        }
        // Capitals as a second pattern so that headline capitals match too.
        let mut patterns: Vec<String> = Vec::with_capacity(aliases.len() * 2);
        let mut sorted: Vec<(String, Vec<Target>)> = aliases.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (alias, targets) in sorted {
            if alias.starts_with(|c: char| c.is_lowercase()) {
                let first = alias
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                kb.lower_first_words.insert(first.to_string());
            }
            // The dictionaries' officials are not looked for in capitals: headlines name
            // them rarely, and their names would double the matcher's start-up.
            let affiliated = targets
                .iter()
                .all(|t| t.form == Form::Person && t.contextual);
            let upper = alias.to_uppercase();
            if upper != alias && !affiliated {
                patterns.push(upper);
                kb.targets.push(targets.clone());
            }
            patterns.push(alias);
            kb.targets.push(targets);
        }
        if !patterns.is_empty() {
            kb.matcher = Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(aho_corasick::StartKind::Anchored)
                    .build(&patterns)
                    .map_err(|e| ResourceError {
                        file: "kb".to_string(),
                        line: 0,
                        message: format!("the name matcher does not build: {e}"),
                    })?,
            );
        }
        kb.person_ids = person_index;
        Ok(kb)
    }

    /// An empty base: links nothing.
    pub fn empty() -> KnowledgeBase {
        KnowledgeBase::compile(KbFiles {
            countries: None,
            organisations: None,
            people: None,
            terms: None,
            office_words: None,
            affiliated: None,
            sports_words: None,
        })
        .expect("an empty knowledge base compiles")
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.country_index
            .get(iso3)
            .map(|&i| &self.countries[i as usize])
    }

    /// The terms of a person, in start order.
    pub fn terms_of(&self, person: u32) -> impl Iterator<Item = &Term> {
        self.person_terms
            .get(person as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.terms[i as usize])
    }

    /// Who held `office` of `country` on `date` (more than one only for shared offices).
    pub fn holders(&self, country: &str, office: &str, date: Date) -> Vec<&Term> {
        self.office_terms
            .get(&(country.to_string(), office.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.terms[i as usize])
            .filter(|t| t.covers(date))
            .collect()
    }

    /// Every term of an office, in start order.
    pub fn office_history(&self, country: &str, office: &str) -> Vec<&Term> {
        self.office_terms
            .get(&(country.to_string(), office.to_string()))
            .into_iter()
            .flatten()
            .map(|&i| &self.terms[i as usize])
            .collect()
    }

    /// The head of state or government with this surname whose time in office lies nearest
    /// `date`.
    /// People of a country the article names come first ("Bush" is not the Cayman Islands'
    /// premier in an article about the United States).
    pub fn head_by_surname(&self, surname: &str, date: Date, countries: &[String]) -> Option<u32> {
        self.head_by_surname_in(surname, date, countries, None)
    }

    /// [`KnowledgeBase::head_by_surname`] among those who held `office` ("President Bush" in
    /// 2016 is George W. Bush, not the Cayman premier McKeeva Bush, nearer in time).
    pub fn head_by_surname_in(
        &self,
        surname: &str,
        date: Date,
        countries: &[String],
        office: Option<&str>,
    ) -> Option<u32> {
        self.head_surnames
            .get(surname)?
            .iter()
            .copied()
            .filter(|&p| office.is_none_or(|o| self.terms_of(p).any(|t| t.office == o)))
            .min_by_key(|&p| {
                let named = self.terms_of(p).any(|t| countries.contains(&t.country));
                (!named, self.distance_from_office(p, date))
            })
    }

    /// The person with this id (`Q76`, `H:Mike_Pompeo`).
    pub fn person_by_id(&self, id: &str) -> Option<u32> {
        self.person_ids.get(id).copied()
    }

    /// The person with this surname who held one of `offices`, the one whose time in such
    /// an office lies nearest `date` ("Attorney General Whitaker", "Vice President Vance").
    pub fn titled_surname(&self, surname: &str, offices: &[String], date: Date) -> Option<u32> {
        self.surname_people
            .get(surname)?
            .iter()
            .copied()
            .filter_map(|p| {
                self.terms_of(p)
                    .filter(|t| offices.contains(&t.office))
                    .map(|t| {
                        if t.covers(date) {
                            0
                        } else if date < t.start {
                            i64::from((t.start - date).get_days())
                        } else {
                            i64::from((date - t.end.unwrap_or(date)).get_days())
                        }
                    })
                    .min()
                    .map(|distance| (distance, p))
            })
            .min()
            .map(|(_, p)| p)
    }

    /// The surname a person is called by alone, if the name gives one.
    pub fn surname(&self, person: u32) -> Option<&str> {
        self.surnames.get(person as usize)?.as_deref()
    }

    /// The one head of state or government with this surname, if only one has it and no other
    /// person of the base shares it as a surname.
    pub fn unique_head_surname(&self, surname: &str) -> Option<u32> {
        match self.head_surnames.get(surname)?.as_slice() {
            [one] if self.surname_count.get(surname).copied().unwrap_or(0) == 1 => Some(*one),
            _ => None,
        }
    }

    /// Whether a word can end an office phrase ("President", "Minister", "State"): a cheap
    /// test before the phrase lookups.
    pub fn ends_office_word(&self, word: &str) -> bool {
        crate::syntax::with_lowercase(word, |w| self.office_last_words.contains(w))
    }

    /// The offices an office word may mean ("prime minister" → head-of-government).
    pub fn office_word(&self, words: &str) -> Option<&OfficeWord> {
        self.office_words.get(&words.to_lowercase())
    }

    /// Every office word and the offices it may mean, in a fixed order.
    pub fn office_word_table(&self) -> Vec<(&str, &[String])> {
        let mut table: Vec<(&str, &[String])> = self
            .office_words
            .iter()
            .map(|(w, o)| (w.as_str(), o.offices.as_slice()))
            .collect();
        table.sort();
        table
    }

    /// People whose name or alias contains `query`, ignoring case.
    pub fn search_people(&self, query: &str) -> Vec<u32> {
        let query = query.to_lowercase();
        (0..self.people.len() as u32)
            .filter(|&i| self.people[i as usize].name.to_lowercase().contains(&query))
            .collect()
    }

    /// Every alias in `text`, leftmost-longest and case as written (or in capitals), whole
    /// words only: (start, end, what it names). The matcher is tried only where a word starts
    /// that some alias can start with (a capital, a digit, or one of the few lower-case first
    /// words such as "the" or "al"), anchored there: most of a text is never searched.
    pub fn find_names<'t>(&'t self, text: &'t str) -> Vec<(usize, usize, &'t [Target])> {
        let mut out = Vec::new();
        let Some(matcher) = &self.matcher else {
            return out;
        };
        let mut resume = 0;
        let mut previous_alphanumeric = false;
        for (i, c) in text.char_indices() {
            let alphanumeric = c.is_alphanumeric();
            let word_start = alphanumeric && !previous_alphanumeric;
            previous_alphanumeric = alphanumeric;
            if !word_start || i < resume {
                continue;
            }
            let could_start = c.is_uppercase() || c.is_ascii_digit() || {
                let word_end = text[i..]
                    .find(|ch: char| !ch.is_alphanumeric())
                    .map_or(text.len(), |n| i + n);
                self.lower_first_words.contains(&text[i..word_end])
            };
            if !could_start {
                continue;
            }
            let input = aho_corasick::Input::new(text)
                .range(i..)
                .anchored(aho_corasick::Anchored::Yes);
            if let Some(found) = matcher.find(input)
                && !text[found.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                out.push((
                    found.start(),
                    found.end(),
                    self.targets[found.pattern().as_usize()].as_slice(),
                ));
                resume = found.end();
            }
        }
        out
    }

    /// Whether the base knows anything at all.
    pub fn is_empty(&self) -> bool {
        self.matcher.is_none()
    }

    /// A country as an actor.
    pub fn country_actor(&self, index: u32) -> ActorRef {
        let c = &self.countries[index as usize];
        ActorRef {
            id: c.iso3.clone(),
            name: c.name.clone(),
            country: Some(c.iso3.clone()),
            sector: None,
            role: None,
            code: Some(c.cameo.clone()),
        }
    }

    /// A country's government as an actor ("Pyongyang said", "the Kremlin").
    pub fn government_actor(&self, index: u32) -> ActorRef {
        let c = &self.countries[index as usize];
        ActorRef {
            id: format!("{}-GOV", c.iso3),
            name: format!("Government of {}", c.name),
            country: Some(c.iso3.clone()),
            sector: Some("GOV".to_string()),
            role: None,
            code: Some(format!("{}GOV", c.cameo)),
        }
    }

    pub fn organisation_actor(&self, index: u32) -> ActorRef {
        let o = &self.organisations[index as usize];
        ActorRef {
            id: o.id.clone(),
            name: o.name.clone(),
            country: o.country.clone(),
            sector: o.sector.clone(),
            role: None,
            code: o.cameo.clone(),
        }
    }

    /// A person as an actor on `date`: the office held then, else the last one before, with
    /// the CAMEO-style code of a government member (`USAGOV`) or a former one (`USAELI`).
    /// The dated actor codes of a person of the event-coding dictionaries (empty for the
    /// office holders).
    pub fn affiliations_of(&self, person: u32) -> &[Affiliation] {
        (person as usize)
            .checked_sub(self.office_people)
            .and_then(|i| self.affiliations.get(i))
            .map_or(&[], Vec::as_slice)
    }

    pub fn person_actor(&self, index: u32, date: Date) -> ActorRef {
        let person = &self.people[index as usize];
        let affiliations = self.affiliations_of(index);
        if !affiliations.is_empty() {
            // The code of the day, else the undated default, else the nearest dated one.
            let chosen = affiliations
                .iter()
                .find(|a| a.covers(date))
                .or_else(|| affiliations.iter().find(|a| !a.dated()))
                .or_else(|| affiliations.iter().min_by_key(|a| a.distance(date)))
                .expect("affiliated people have a role");
            return ActorRef {
                id: person.id.clone(),
                name: person.name.clone(),
                country: chosen.country.clone(),
                sector: chosen
                    .country
                    .as_ref()
                    .and_then(|_| chosen.code.get(3..6))
                    .map(str::to_string),
                role: None,
                code: Some(chosen.code.clone()),
            };
        }
        let held = self
            .terms_of(index)
            .filter(|t| t.covers(date))
            .min_by_key(|t| (office_rank(&t.office), ex_officio(t)));
        // After office: the highest office held, the latest of those, among the terms that
        // began before the date ("former head-of-state", not a later minor post).
        let last = self
            .terms_of(index)
            .filter(|t| t.start <= date)
            .max_by_key(|t| {
                (
                    std::cmp::Reverse((office_rank(&t.office), ex_officio(t))),
                    t.start,
                )
            });
        let code_of = |term: &Term, suffix: &str| {
            let cameo = self
                .country(&term.country)
                .map_or(term.country.clone(), |c| c.cameo.clone());
            format!("{cameo}{suffix}")
        };
        let (country, sector, role, code) = match (held, last) {
            (Some(term), _) => (
                Some(term.country.clone()),
                Some("GOV".to_string()),
                Some(term.office.clone()),
                Some(code_of(term, "GOV")),
            ),
            (None, Some(term)) => (
                Some(term.country.clone()),
                None,
                Some(format!("former {}", term.office)),
                Some(code_of(term, "ELI")),
            ),
            (None, None) => {
                let first = self.terms_of(index).next();
                (first.map(|t| t.country.clone()), None, None, None)
            }
        };
        ActorRef {
            id: person.id.clone(),
            name: person.name.clone(),
            country,
            sector,
            role,
            code,
        }
    }

    /// How far `date` lies from the person's time in office, in days (0 inside a term).
    pub fn distance_from_office(&self, index: u32, date: Date) -> i64 {
        self.terms_of(index)
            .map(|t| {
                if t.covers(date) {
                    0
                } else if date < t.start {
                    i64::from((t.start - date).get_days())
                } else {
                    let end = t.end.unwrap_or(date);
                    i64::from((date - end).get_days())
                }
            })
            .min()
            .unwrap_or(i64::MAX / 2)
    }
}

/// States whose people's names put the family name first ("Xi Jinping", "Moon Jae-in",
/// "Kim Jong Un").
const FAMILY_NAME_FIRST: &[&str] = &["CHN", "TWN", "HKG", "MAC", "PRK", "KOR", "VNM", "KHM"];

/// The surname a person is called by alone: the last word, less a regnal number or a
/// generational suffix ("Charles III" → Charles, "George W. Bush Jr." → Bush), or the first
/// word where the family name comes first ("Xi Jinping" → Xi).
pub fn surname_of(name: &str, family_first: bool) -> Option<&str> {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_end_matches(','),
                "Jr." | "Sr." | "Jr" | "Sr" | "II" | "III" | "IV" | "V" | "VI" | "X" | "XVI"
            )
        })
        .collect();
    let surname = if family_first {
        words.first()
    } else {
        words.last()
    }?;
    (surname.len() > 1 && surname.starts_with(|c: char| c.is_uppercase())).then_some(*surname)
}

/// A Latin letter without its diacritic, for the letters of European names.
pub fn fold_diacritic(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

/// An office held because of another: the French president is co-prince of Andorra, and
/// is described as the president.
fn ex_officio(term: &Term) -> bool {
    term.country == "AND" && term.office == "head-of-state"
}

/// Offices in the order a person is best described by: the top office first.
fn office_rank(office: &str) -> u8 {
    match office {
        "head-of-state" => 0,
        "head-of-government" => 1,
        "vice-president" => 2,
        "governor-general" => 9,
        _ => 5,
    }
}

#[cfg(test)]
mod tests;
