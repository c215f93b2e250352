//! Event-data dictionaries of other coders, loaded in place of the knowledge base and our
//! verbs so that their validation suites run: TABARI's and PETRARCH-1's actor, agent and
//! verb files (`NAME [CODE date-restriction]`, patterns around `*` with `$ + % ^` slots).
//! Their words match as stems, as in those coders: `ARGENTIN` is Argentina and Argentine.

use jiff::civil::Date;

use super::dictionary::{Code, VerbDictionary, WordMatch};
use super::{Actor, Sentence};
use crate::layers::ActorRef;
use crate::span::Span;

/// A code and the dates it holds for (inclusive; `None` is open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

#[derive(Clone, Debug)]
struct Entry {
    words: Vec<String>,
    /// Whether the last word must be whole (a trailing `_`).
    exact: bool,
    /// Words joined by spaces may have others between them.
    loose: bool,
    codes: Vec<DatedCode>,
}

/// Actor phrases with dated codes, and agent words that add a sector to a nearby actor.
#[derive(Clone, Debug, Default)]
pub struct ActorDictionary {
    entries: Vec<Entry>,
    /// Agent phrase → its code part (`~GOV` appends, `NGM~` prefixes).
    agents: Vec<(Vec<String>, bool, String)>,
}

/// `YYMMDD` (00–30 → 20YY, else 19YY, the KEDS rule) or `YYYYMMDD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let (year, month, day) = yymmdd_fields(text, 30)?;
    Date::new(year, month, day).ok()
}

/// The year, month and day of a dictionary date, `YYMMDD` (two-digit years up to `pivot` are
/// 20YY, the later ones 19YY) or `YYYYMMDD`; the month and day as written (00 included).
pub fn yymmdd_fields(text: &str, pivot: i16) -> Option<(i16, i8, i8)> {
    let digits = text.trim();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match digits.len() {
        6 => {
            let yy: i16 = digits[..2].parse().ok()?;
            (
                if yy <= pivot { 2000 + yy } else { 1900 + yy },
                &digits[2..],
            )
        }
        8 => (digits[..4].parse().ok()?, &digits[4..]),
        _ => return None,
    };
    Some((year, rest[..2].parse().ok()?, rest[2..].parse().ok()?))
}

/// Reads `[CODE]`, `[CODE >date]`, `[CODE <date]`, `[CODE d1-d2]` blocks.
fn parse_codes(text: &str) -> Vec<DatedCode> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inside = rest[open + 1..open + close].trim();
        rest = &rest[open + close + 1..];
        let mut parts = inside.split_whitespace();
        let Some(code) = parts.next() else { continue };
        let (mut from, mut to) = (None, None);
        if let Some(when) = parts.next() {
            if let Some(d) = when.strip_prefix('>') {
                from = parse_date(d);
            } else if let Some(d) = when.strip_prefix('<') {
                to = parse_date(d);
            } else if let Some((a, b)) = when.split_once('-') {
                from = parse_date(a);
                to = parse_date(b);
            }
        }
        out.push(DatedCode {
            code: code.to_uppercase(),
            from,
            to,
        });
    }
    out
}

fn strip_comment(line: &str) -> &str {
    let line = line.split(" #").next().unwrap_or(line);
    let line = if line.starts_with('#') { "" } else { line };
    line.split(';').next().unwrap_or(line)
}

/// The lines of a file with `<!-- … -->` comments (which may span lines) removed.
fn without_html_comments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for raw in text.lines() {
        let mut line = raw.trim_end().to_string();
        if in_comment {
            match line.find("-->") {
                Some(i) => {
                    in_comment = false;
                    line = line[i + 3..].to_string();
                }
                None => {
                    out.push(String::new());
                    continue;
                }
            }
        }
        while let Some(i) = line.find("<!--") {
            match line[i..].find("-->") {
                Some(j) => line.replace_range(i..i + j + 3, ""),
                None => {
                    in_comment = true;
                    line.truncate(i);
                }
            }
        }
        out.push(line);
    }
    out
}

impl ActorDictionary {
    /// Reads a TABARI or PETRARCH actor file: `PHRASE [CODE …]`, `+SYNONYM` lines that share
    /// the codes of the entry above, and `<!-- -->` comments; the NOUN and ADJECTIVE sections
    /// of TABARI files are skipped.
    pub fn add_actors(&mut self, text: &str) {
        let mut in_section = false;
        let mut group_start = self.entries.len();
        for line in without_html_comments(text) {
            let trimmed = line.trim();
            if trimmed.starts_with("<NOUN>") || trimmed.starts_with("<ADJECTIVE>") {
                in_section = true;
                continue;
            }
            if trimmed.starts_with("</") {
                in_section = false;
                continue;
            }
            if in_section || trimmed.is_empty() {
                continue;
            }
            let body = strip_comment(&line);
            let indented = line.starts_with(char::is_whitespace);
            if indented && body.trim_start().starts_with('[') {
                // A code line under the entry (PETRARCH's Phoenix layout).
                let codes = parse_codes(body);
                for e in &mut self.entries[group_start..] {
                    e.codes.extend(codes.iter().cloned());
                }
                continue;
            }
            let (phrase, codes) = match body.find('[') {
                Some(i) => (&body[..i], parse_codes(&body[i..])),
                None => (body, Vec::new()),
            };
            let synonym = phrase.trim_start().starts_with('+');
            let phrase = phrase.trim().trim_start_matches('+').trim();
            if phrase.is_empty() {
                continue;
            }
            if !synonym {
                group_start = self.entries.len();
            }
            let codes = if synonym && codes.is_empty() {
                self.entries
                    .get(group_start)
                    .map(|e| e.codes.clone())
                    .unwrap_or_default()
            } else {
                codes
            };
            self.entries.push(entry(phrase, codes));
        }
        // Longest phrases first: the longest match wins.
        self.entries
            .sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    }

    /// Reads an agent file: `PHRASE {plurals} [~GOV]` (append) or `[NGM~]` (prefix);
    /// `!SET! = A, B` substitution sets.
    pub fn add_agents(&mut self, text: &str) {
        let mut sets: Vec<(String, Vec<String>)> = Vec::new();
        for raw in text.lines() {
            let body = strip_comment(raw);
            let body = body.split("<!--").next().unwrap_or(body).trim();
            if body.is_empty() {
                continue;
            }
            if body.starts_with('!')
                && let Some((name, members)) = body.split_once('=')
            {
                sets.push((
                    name.trim().to_string(),
                    members.split(',').map(|m| m.trim().to_string()).collect(),
                ));
                continue;
            }
            let Some(open) = body.find('[') else { continue };
            let code = body[open + 1..].trim_end_matches(']').trim().to_string();
            let phrase = body[..open].split('{').next().unwrap_or("").trim();
            let mut phrases = vec![phrase.to_string()];
            for (name, members) in &sets {
                if phrase.contains(name.as_str()) {
                    phrases = members
                        .iter()
                        .map(|m| phrase.replace(name.as_str(), m))
                        .collect();
                }
            }
            for p in phrases {
                let e = entry(&p, Vec::new());
                if !e.words.is_empty() {
                    self.agents.push((e.words, e.exact, code.clone()));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The actors of a sentence: longest phrase first, left to right; an agent word next to
    /// an actor adds its sector, and alone it is an actor of unknown country (`---GOV`).
    pub(super) fn actors(&self, s: &Sentence<'_>, date: Date) -> Vec<Actor> {
        let mut out: Vec<Actor> = Vec::new();
        // An agent that joined the first actor of a list, for the list's other members.
        let mut distributed: Option<String> = None;
        let mut k = s.first;
        while k < s.end {
            let found = self.entries.iter().find_map(|e| {
                let end = phrase_at(s, &e.words, e.exact, e.loose, k)?;
                let code = pick_code(&e.codes, date)?;
                Some((end, code))
            });
            match found {
                Some((end, code)) => {
                    let mut new = actor(s, k, end, code);
                    // A lone agent right before the actor ("MSF Arnor", "police of Arnor",
                    // "soldiers from Gondor", "lawmakers in Fornost") is its agent.
                    let before = out.last().filter(|a| {
                        a.lone_agent.is_some() && {
                            let gap: Vec<&str> = (a.end..k).map(|j| s.lower(j)).collect();
                            matches!(
                                gap.as_slice(),
                                [] | ["of"] | ["from"] | ["in"] | ["of", "the"] | ["from", "the"]
                            )
                        }
                    });
                    if let Some(agent) = before.and_then(|a| a.lone_agent.clone()) {
                        let first = out.pop().expect("checked above").first;
                        join_agent(&mut new, &agent);
                        new.first = first;
                        new.span = Span::new(
                            s.doc.tokens[first].span.start as usize,
                            new.span.end as usize,
                        );
                        distributed = Some(agent);
                    } else if let Some(agent) = &distributed {
                        // "the ambassadors of Arnor, Osgiliath and Gondor": the agent holds for
                        // every member of the list.
                        let listed = out.last().is_some_and(|a| {
                            let gap: Vec<&str> = (a.end..k).map(|j| s.lower(j)).collect();
                            matches!(gap.as_slice(), ["and"] | [","] | [",", "and"])
                        });
                        if listed {
                            join_agent(&mut new, agent);
                        } else {
                            distributed = None;
                        }
                    }
                    out.push(new);
                    k = end;
                }
                None => {
                    if let Some((end, agent)) = self.agent_at(s, k) {
                        // An agent after its actor ("Arnorian police", "Gondor's
                        // government") joins it.
                        let possessive = |j: usize| matches!(s.lower(j), "'s" | "’s" | "'");
                        if let Some(last) = out.last_mut().filter(|a| {
                            a.lone_agent.is_none()
                                && (a.end == k || (a.end + 1 == k && possessive(a.end)))
                        }) {
                            join_agent(last, agent);
                            last.end = end;
                        } else {
                            let mut lone =
                                actor(s, k, end, format!("---{}", agent.trim_matches('~')));
                            lone.lone_agent = Some(agent.to_string());
                            out.push(lone);
                        }
                        k = end;
                    } else {
                        k += 1;
                    }
                }
            }
        }
        out.retain(|a| {
            a.actor
                .as_ref()
                .is_some_and(|r| r.code.as_deref() != Some("---"))
        });
        for a in &mut out {
            let p = a
                .first
                .checked_sub(1)
                .filter(|&k| k >= s.first)
                .map(|k| s.lower(k));
            a.in_phrase = p.is_some_and(|w| matches!(w, "of" | "from" | "for" | "with" | "to"));
            a.located = p.is_some_and(|w| matches!(w, "in" | "at" | "near"));
        }
        out
    }

    fn agent_at<'a>(&'a self, s: &Sentence<'_>, k: usize) -> Option<(usize, &'a str)> {
        self.agents
            .iter()
            .filter_map(|(words, exact, code)| {
                phrase_at(s, words, *exact, false, k).map(|end| (end, code.as_str()))
            })
            .max_by_key(|(end, _)| *end)
    }
}

fn entry(phrase: &str, codes: Vec<DatedCode>) -> Entry {
    let loose = phrase.contains(' ');
    let exact = phrase.ends_with('_');
    let words = phrase
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    Entry {
        words,
        exact,
        loose,
        codes,
    }
}

/// The code that holds on `date`: the first dated one that covers it, else the undated one.
fn pick_code(codes: &[DatedCode], date: Date) -> Option<String> {
    codes
        .iter()
        .find(|c| {
            (c.from.is_some() || c.to.is_some())
                && c.from.is_none_or(|f| f <= date)
                && c.to.is_none_or(|t| date <= t)
        })
        .or_else(|| codes.iter().find(|c| c.from.is_none() && c.to.is_none()))
        .map(|c| c.code.clone())
}

/// Where a phrase starting at token `k` ends, if it matches (as stems; `loose` phrases may
/// have up to two other words between theirs).
fn phrase_at(
    s: &Sentence<'_>,
    words: &[String],
    exact: bool,
    loose: bool,
    k: usize,
) -> Option<usize> {
    let mut at = k;
    for (n, w) in words.iter().enumerate() {
        let last = n + 1 == words.len();
        let reach = if n == 0 || !loose { 1 } else { 3 };
        let j = (at..(at + reach).min(s.end)).find(|&j| {
            let token = s.lower(j);
            if exact && last {
                token == w
            } else {
                token.starts_with(w.as_str())
            }
        })?;
        at = j + 1;
    }
    Some(at)
}

fn actor(s: &Sentence<'_>, first: usize, end: usize, code: String) -> Actor {
    let doc = s.doc;
    let span = Span::new(
        doc.tokens[first].span.start as usize,
        doc.tokens[end - 1].span.end as usize,
    );
    let country = code.get(..3).filter(|c| *c != "---").map(str::to_string);
    let actor = ActorRef {
        id: code.clone(),
        name: doc.text[span].to_string(),
        country,
        sector: None,
        role: None,
        code: Some(code),
    };
    Actor::new(first, end, span, Some(actor))
}

fn join_agent(actor: &mut Actor, agent: &str) {
    if let Some(a) = &mut actor.actor {
        let code = a.code.clone().unwrap_or_default();
        // A compound code (`FRO/BIL`) takes the agent on each member.
        let joined = code
            .split('/')
            .map(|member| join_one(member, agent))
            .collect::<Vec<_>>()
            .join("/");
        a.code = Some(joined.clone());
        a.id = joined;
    }
}

/// One actor code with an agent: `~GOV` appends, `NGO~` prefixes; a sector the code has
/// already ("White House" is USAGOV; "officials" add GOV) is not added twice.
fn join_one(code: &str, agent: &str) -> String {
    let has = |part: &str| {
        (0..code.len())
            .step_by(3)
            .any(|i| code.get(i..).is_some_and(|rest| rest.starts_with(part)))
    };
    match (agent.strip_prefix('~'), agent.strip_suffix('~')) {
        (Some(suffix), _) if has(suffix) => code.to_string(),
        (_, Some(prefix)) if has(prefix) => code.to_string(),
        (Some(suffix), _) => format!("{code}{suffix}"),
        (_, Some(prefix)) => format!("{prefix}{code}"),
        _ => format!("{code}{agent}"),
    }
}

/// Reads a TABARI or PETRARCH-1 verb file into our dictionary: a verb line `VERB [code]`
/// starts a block (in PETRARCH files, `--- NAME [code] ---` does), the `- pattern [code]`
/// lines below belong to it, `&SYNSET` with `+member` lines are synsets.
pub fn tabari_verbs(text: &str) -> VerbDictionary {
    let mut dict = VerbDictionary::default();
    dict.word_match = WordMatch::Stems;
    let lines: Vec<String> = without_html_comments(text)
        .iter()
        .map(|line| strip_comment(line).trim_end().to_string())
        .collect();
    // Synsets first.
    let mut current: Option<(String, Vec<Vec<Box<str>>>)> = None;
    let mut section = "";
    for line in &lines {
        let t = line.trim();
        if t.starts_with("<TIME>") {
            section = "time";
        } else if t.starts_with("</TIME>") {
            section = "";
        }
        if section == "time" {
            continue;
        }
        if let Some(name) = t.strip_prefix('&') {
            if let Some((n, m)) = current.take() {
                dict.add_synset(&n, m);
            }
            current = Some((
                name.split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('_')
                    .to_string(),
                Vec::new(),
            ));
        } else if let Some(member) = t.strip_prefix('+')
            && let Some((_, members)) = current.as_mut()
            && !member.contains('[')
        {
            let words: Vec<Box<str>> = member
                .split(['_', ' '])
                .filter(|w| !w.is_empty() && !w.starts_with('&'))
                .flat_map(super::dictionary::phrase_words)
                .collect();
            members.push(words);
        } else if !t.is_empty()
            && let Some((n, m)) = current.take()
        {
            dict.add_synset(&n, m);
        }
    }
    if let Some((n, m)) = current.take() {
        dict.add_synset(&n, m);
    }
    let mut block: Option<u32> = None;
    let mut section = "";
    // TABARI files give each verb its own block; PETRARCH files group verbs under `---`.
    let tabari_style = !lines.iter().any(|l| l.trim_start().starts_with("---"));
    for line in &lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with('&') || t.starts_with('~') {
            continue;
        }
        if t.starts_with('<') {
            section = if t.starts_with("</") { "" } else { "skip" };
            continue;
        }
        if section == "skip" {
            continue;
        }
        if let Some(rest) = t.strip_prefix("---") {
            let rest = rest.trim().trim_end_matches('-').trim();
            let (name, code) = split_bracket(rest);
            block = Some(dict.add_block(name, code.unwrap_or_default()));
            continue;
        }
        if let Some(rest) = t.strip_prefix('-') {
            let Some(b) = block else { continue };
            let (items, code) = split_bracket(rest);
            let Some(code) = code else { continue };
            let items = items.replace(['{', '}', '|'], " ");
            // A pattern naming a synset the file does not define is refused by
            // `parse_pattern` and left out whole: without the synset it would match far more
            // than it says.
            if let Ok(p) = dict.parse_pattern(&items, code) {
                dict.blocks[b as usize].patterns.push(p);
            }
            continue;
        }
        if t.starts_with('+') && block.is_none() {
            continue;
        }
        // A verb line: in TABARI each verb is its own block; in PETRARCH files a verb line
        // after a `---` header joins that block.
        let (words, code) = split_bracket(t);
        let words = words
            .split('{')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('+');
        if words.is_empty() {
            continue;
        }
        let mut parts = words
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase);
        let Some(lemma) = parts.next() else { continue };
        let particles = parts.map(Into::into).collect();
        let b = if tabari_style || block.is_none() {
            dict.add_block(words, code.clone().unwrap_or_default())
        } else {
            block.unwrap_or(0)
        };
        block = Some(b);
        dict.add_verb(&lemma, particles, &[], b, code);
        if words.ends_with('_')
            && let Some(v) = dict.verbs.last_mut()
        {
            v.whole = true;
        }
    }
    dict.finish();
    dict
}

fn split_bracket(text: &str) -> (&str, Option<Code>) {
    match text.find('[') {
        Some(open) => {
            let close = text[open..].find(']').map_or(text.len(), |c| open + c);
            let code = Code::parse(text[open + 1..close].trim()).ok();
            (text[..open].trim(), code)
        }
        None => (text.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_years_follow_the_keds_rule() {
        assert_eq!(parse_date("000101"), Date::new(2000, 1, 1).ok());
        assert_eq!(parse_date("310101"), Date::new(1931, 1, 1).ok());
        assert_eq!(parse_date("20090120"), Date::new(2009, 1, 20).ok());
        assert_eq!(parse_date("090231"), None);
    }

    #[test]
    fn dated_codes_pick_the_one_that_holds() {
        let codes = parse_codes("[YUGHRV <910625] [HRVUNR 911008-920115] [HRV >920115] [HRV]");
        assert_eq!(codes.len(), 4);
        let on = |y, m, d| pick_code(&codes, Date::new(y, m, d).unwrap());
        assert_eq!(on(1991, 1, 1).as_deref(), Some("YUGHRV"));
        assert_eq!(on(1991, 12, 1).as_deref(), Some("HRVUNR"));
        assert_eq!(on(1995, 1, 1).as_deref(), Some("HRV"));
        assert_eq!(
            on(1991, 8, 1).as_deref(),
            Some("HRV"),
            "the undated default"
        );
    }

    #[test]
    fn tabari_verbs_become_blocks_with_stem_matching() {
        let dict = tabari_verbs(
            "<SYNSETS>\n&TIETYPES\n+MILITARY\n+ECONOMIC\n</SYNSETS>\n\
             ABANDON  [345] ;pas\n- * DIPLOMATIC TIES [901]\n- * &TIETYPES TIES [902]\n\
             AGREE  [081]\n- * TO_LET_ESCAPE  [066]\n",
        );
        assert_eq!(dict.word_match, WordMatch::Stems);
        assert_eq!(dict.blocks.len(), 2);
        assert_eq!(dict.blocks[0].patterns.len(), 2);
        assert_eq!(dict.blocks[0].code.active.as_deref(), Some("345"));
        assert!(dict.synset("tietypes").is_some());
    }
}
