//! `data/kb/affiliated.tsv`: the people of PETRARCH-2's `Phoenix.Countries.actors.txt` (Open
//! Event Data Alliance, MIT), with the dated actor codes the event-coding dictionaries give
//! them (`FRAGOV` from 1981-05-21 to 1995-05-17).
//!
//! These are the ministers, officials and politicians an event coder meets, far more than the
//! heads of state and government of `people.tsv`, but with codes instead of offices: they link
//! names to a country and a sector and take no part in the office checks. Only the entries
//! the file marks as coming from CountryInfo (people, one by one) are read, and of their
//! names only those of two to four words that carry no title or demonym ("PRESIDENT_…",
//! "RUSSIAN_…"); a name already in `people.tsv` stays with that person.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// One person of the file.
#[derive(Debug, PartialEq)]
struct Entry {
    key: String,
    names: Vec<String>,
    roles: Vec<String>,
}

/// Words that make a name a title or a description rather than a name.
const TITLE_WORDS: &[&str] = &[
    "ADMIRAL",
    "AMBASSADOR",
    "ARCHBISHOP",
    "AYATOLLAH",
    "BISHOP",
    "CAPTAIN",
    "CARDINAL",
    "CHAIRMAN",
    "CHANCELLOR",
    "CHIEF",
    "COLONEL",
    "COMMANDER",
    "CROWN",
    "DEPUTY",
    "DR",
    "DR.",
    "EMIR",
    "EMPEROR",
    "FORMER",
    "GEN",
    "GEN.",
    "GENERAL",
    "GOVERNOR",
    "JUDGE",
    "JUSTICE",
    "KING",
    "LEADER",
    "LORD",
    "LT",
    "MAJOR",
    "MARSHAL",
    "MAYOR",
    "MINISTER",
    "MR",
    "MR.",
    "MRS",
    "MRS.",
    "MS",
    "MS.",
    "POPE",
    "PREMIER",
    "PRESIDENT",
    "PRIME",
    "PRINCE",
    "PRINCESS",
    "QUEEN",
    "SECRETARY",
    "SENATOR",
    "SHEIKH",
    "SHAH",
    "SIR",
    "SPEAKER",
    "SULTAN",
    "VICE",
];

/// Name particles written in lower case inside a name ("Frederik de Klerk").
const PARTICLES: &[&str] = &[
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el",
    "ibn", "la", "le", "van", "von", "y",
];

/// Parses the people of the file: entries whose first line says `# CountryInfo.txt`.
fn parse(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    for raw in text.lines() {
        let (body, comment) = raw.split_once('#').unwrap_or((raw, ""));
        let line = body.trim();
        if line.is_empty() {
            continue;
        }
        if raw.starts_with(['\t', ' ']) && line.starts_with('[') {
            if let Some(entry) = current.as_mut() {
                entry.roles.push(line.to_string());
            }
        } else if let Some(alias) = line.strip_prefix('+') {
            if let Some(entry) = current.as_mut() {
                entry.names.push(alias.trim().to_string());
            }
        } else {
            out.extend(current.take());
            if comment.trim() == "CountryInfo.txt" && !line.contains('[') {
                let key = line.split_whitespace().next().unwrap_or(line);
                current = Some(Entry {
                    key: key.trim_end_matches('_').to_string(),
                    names: vec![key.to_string()],
                    roles: Vec::new(),
                });
            }
        }
    }
    out.extend(current);
    out
}

/// `FRANCOIS_MITTERRAND_` → `Francois Mitterrand`: words title-cased, particles inside a
/// name in lower case, `Mc`, `O'` and hyphenated parts kept.
fn display_name(key: &str) -> String {
    let words: Vec<&str> = key
        .split('_')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        if i > 0 && i + 1 < words.len() && PARTICLES.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        let cased: Vec<String> = lower.split('-').map(capitalise).collect();
        out.push(cased.join("-"));
    }
    out.join(" ")
}

/// The ways a name is written: particles in lower case (the display name), every word
/// capitalised ("Jean-Marie Le Pen"), and `al`/`el` joined by a hyphen ("Bashar al-Assad").
fn spellings(key: &str) -> Vec<String> {
    let display = display_name(key);
    let mut out = vec![display.clone()];
    let capitalised: Vec<String> = display
        .split(' ')
        .map(|w| w.split('-').map(capitalise).collect::<Vec<_>>().join("-"))
        .collect();
    out.push(capitalised.join(" "));
    for particle in ["al", "el"] {
        let spaced = format!(" {particle} ");
        if display.contains(&spaced) {
            out.push(display.replace(&spaced, &format!(" {particle}-")));
        }
    }
    out.dedup();
    out
}

fn capitalise(part: &str) -> String {
    let mut chars = part.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    // Initials keep their capitals ("F.W.").
    let mut after_dot = false;
    let rest: String = chars
        .map(|c| {
            let c = if after_dot { c.to_ascii_uppercase() } else { c };
            after_dot = c == '.';
            c
        })
        .collect();
    let mut word = first.to_uppercase().collect::<String>() + &rest;
    for prefix in ["Mc", "O'"] {
        if word.len() > prefix.len() + 1 && word.starts_with(prefix) {
            let (head, tail) = word.split_at(prefix.len());
            word = head.to_string() + &capitalise(tail);
        }
    }
    word
}

/// A Phoenix date: `YYMMDD` (two-digit years up to 25 are 20YY, the file being of 2014) or
/// `YYYYMMDD`; a month or day of 00 means the first.
fn date(text: &str) -> Option<String> {
    let (year, month, day) = dateline_engine::events::foreign::yymmdd_fields(text, 25)?;
    let date = jiff::civil::Date::new(year, month.max(1), day.max(1)).ok()?;
    Some(date.to_string())
}

/// `[FRAGOV 810521-950517]` → `FRAGOV 1981-05-21..1995-05-17`; `[RUSGOV >080508]` →
/// `RUSGOV 2008-05-08..`; `[RUSELI]` → `RUSELI`. `None` for what does not read.
fn role(text: &str) -> Option<String> {
    let inner = text.strip_prefix('[')?.split(']').next()?.trim();
    let mut parts = inner.split_whitespace();
    let code = parts.next()?;
    if !(3..=15).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let range: String = parts.collect();
    if range.is_empty() {
        return Some(code.to_string());
    }
    let (start, end) = if let Some(from) = range.strip_prefix('>') {
        (date(from)?, String::new())
    } else if let Some(until) = range.strip_prefix('<') {
        (String::new(), date(until)?)
    } else {
        let (a, b) = range.split_once('-')?;
        (date(a)?, date(b)?)
    };
    if !start.is_empty() && !end.is_empty() && end < start {
        return None;
    }
    Some(format!("{code} {start}..{end}"))
}

/// Builds `affiliated.tsv` from the Phoenix file, leaving out the people one of whose names
/// `people.tsv` already gives (its `name` and `aliases` columns, compared by [`folded`]),
/// names with a title or a demonym, and people with no code that reads.
pub fn build(
    phoenix: &str,
    people_tsv: &str,
    countries_tsv: &str,
    provenance: &str,
) -> anyhow::Result<(String, usize)> {
    let known = column_values(people_tsv, &["name", "aliases"]);
    let known: HashSet<String> = known.iter().map(|n| folded(n)).collect();
    let demonyms: HashSet<String> = column_values(countries_tsv, &["demonyms"])
        .iter()
        .map(|d| d.to_uppercase())
        .collect();
    let mut rows: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for entry in parse(phoenix) {
        let roles: Vec<String> = entry.roles.iter().filter_map(|r| role(r)).collect();
        if roles.is_empty() {
            continue;
        }
        let mut names: Vec<String> = Vec::new();
        let mut in_people = false;
        for raw in &entry.names {
            let words: Vec<&str> = raw.split('_').filter(|w| !w.is_empty()).collect();
            if !(2..=4).contains(&words.len())
                || words
                    .iter()
                    .any(|w| TITLE_WORDS.contains(w) || demonyms.contains(*w))
                || !words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || "-.'".contains(c)))
            {
                continue;
            }
            for name in spellings(raw) {
                if known.contains(&folded(&name)) {
                    in_people = true;
                }
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        if in_people {
            // The person is in people.tsv already, with an office: none of their names here.
            continue;
        }
        // The first name left is the person's name; a name two entries share is given to the
        // first (the file lists a few people twice, under each country they served).
        names.retain(|n| taken.insert(n.clone()));
        let Some((name, aliases)) = names.split_first() else {
            continue;
        };
        let id = format!("P:{}", entry.key);
        if rows.contains_key(&id) {
            continue;
        }
        rows.insert(id, (name.clone(), aliases.to_vec(), roles));
    }
    let mut out = String::new();
    writeln!(out, "# generated by dateline kb build from {provenance}")?;
    writeln!(
        out,
        "# affiliated.tsv: people of the event-coding dictionaries with their dated actor codes (dateline kb). Do not edit: change the sources and run `dateline kb build`."
    )?;
    writeln!(
        out,
        "# id = P: + the Phoenix key. roles = CODE, or CODE start..end (ISO dates, inclusive, either may be open), `|` between roles."
    )?;
    writeln!(out, "id\tname\taliases\troles")?;
    for (id, (name, aliases, roles)) in &rows {
        writeln!(
            out,
            "{id}\t{name}\t{}\t{}",
            aliases.join("|"),
            roles.join("|")
        )?;
    }
    Ok((out, rows.len()))
}

/// A name for comparison: lower case, without diacritics ("François" is "Francois") and
/// without initials ("William P. Barr" is "William Barr").
fn folded(name: &str) -> String {
    let lower: String = name
        .to_lowercase()
        .chars()
        .map(dateline_engine::kb::fold_diacritic)
        .collect();
    let words: Vec<&str> = lower
        .split(' ')
        .filter(|w| w.trim_end_matches('.').chars().count() > 1)
        .collect();
    words.join(" ")
}

/// Every value of the named columns of a data/kb table (`|`-separated lists split).
fn column_values(tsv: &str, columns: &[&str]) -> Vec<String> {
    let mut lines = tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let header: Vec<&str> = header.split('\t').collect();
    let wanted: Vec<usize> = columns
        .iter()
        .filter_map(|c| header.iter().position(|h| h == c))
        .collect();
    let mut out = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        for &i in &wanted {
            if let Some(value) = fields.get(i) {
                out.extend(
                    value
                        .split('|')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
FRANCE_  [FRA]
+PARIS_
FRANCOIS_MITTERRAND_  # CountryInfo.txt
+PRESIDENT_FRANCOIS_MITTERRAND_
+MITTERRAND
\t[FRAELI 340101-810521]
\t[FRAGOV 810521-950517]
FREDERICK_WILLEM_DE_KLERK_  # CountryInfo.txt
+F.W._DE_KLERK_
+RUSSIAN_DE_KLERK_
\t[ZAFGOV >19890815]
\t[ZAFELI]
NO_DATES_KNOWN_  # CountryInfo.txt
\t[XXX 991399-000000]
JOHN_SMITH_  # CountryInfo.txt
\t[GBRGOV 900101-910101]
ABDOULAYE_WADE_  # CountryInfo.txt
\t[SENGOV 000401-120402]
WILLIAM_P._BARR_  # CountryInfo.txt
\t[USAGOV 910101-930101]
AFGHAN_NATIONAL_ARMY
\t[AFGMIL]
";

    #[test]
    fn reads_people_their_names_and_dated_codes() {
        let people = "id\tname\taliases\twikipedia\tsource\nQ1\tJohn Smith\t\t\thand\nQ2\tAbdoulaye Wadé\t\t\thand\nQ3\tWilliam Barr\t\t\thand\n";
        let countries = "iso3\tdemonyms\nRUS\tRussian\n";
        let (text, count) = build(SAMPLE, people, countries, "a test").unwrap();
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("P:")).collect();
        assert_eq!(count, 2, "{text}");
        assert_eq!(
            rows,
            [
                "P:FRANCOIS_MITTERRAND\tFrancois Mitterrand\t\tFRAELI 1934-01-01..1981-05-21|FRAGOV 1981-05-21..1995-05-17",
                "P:FREDERICK_WILLEM_DE_KLERK\tFrederick Willem de Klerk\tFrederick Willem De Klerk|F.W. de Klerk|F.W. De Klerk\tZAFGOV 1989-08-15..|ZAFELI",
            ]
        );
    }

    #[test]
    fn names_and_dates_read_as_people_write_them() {
        assert_eq!(display_name("JOHN_MCCAIN_"), "John McCain");
        assert_eq!(display_name("MARTIN_O'MALLEY"), "Martin O'Malley");
        assert_eq!(display_name("JEAN-MARIE_LE_PEN_"), "Jean-Marie le Pen");
        assert_eq!(
            spellings("BASHAR_AL_ASSAD_"),
            ["Bashar al Assad", "Bashar Al Assad", "Bashar al-Assad"]
        );
        assert_eq!(date("081301"), None);
        assert_eq!(date("990000").as_deref(), Some("1999-01-01"));
        assert_eq!(date("140101").as_deref(), Some("2014-01-01"));
        assert_eq!(
            role("[RUSGOV <080507]").as_deref(),
            Some("RUSGOV ..2008-05-07")
        );
        assert_eq!(role("[RUSGOV 080507-070101]"), None);
    }
}
