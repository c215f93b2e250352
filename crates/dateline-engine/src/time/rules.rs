//! The time-expression rules and word lists (`data/time/rules.txt`, `data/time/words.tsv`),
//! compiled once into one multi-pattern lazy DFA.
//!
//! A rule is a regex over the text in which `{class}` stands for every word of a class of the
//! word list (or a built-in class such as `{year}`), captured under that name; the rule then
//! says how the captured words become a TIMEX3 value. Rules are tried in file order at the
//! leftmost position where any matches, so more specific rules come first.

use std::collections::HashMap;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::backtrack::BoundedBacktracker;
use regex_automata::nfa::thompson::pikevm::PikeVM;
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;

use crate::hash::FastBuildHasher;
use crate::layers::TimexType;
use crate::resources::{DataFile, ResourceError};

/// Classes whose pattern is built in rather than listed in the word file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltIn {
    /// 1000–2099, a two-digit year after an apostrophe (`'98`), or a year in words
    /// ("nineteen ninety-six", "two thousand and one").
    Year,
    /// 1–31, optionally with st/nd/rd/th.
    Day,
    /// Digits (with thousands separators, decimals or a fraction) or number words.
    Num,
    /// 0–23.
    Hour,
    /// 00–59.
    Minute,
    /// A decade written as digits: `1990s`, `'90s`, `90s`.
    Decade,
    /// An ordinal word or `3rd`-style digits.
    Ordinal,
    /// A month as digits, 1–12 (`2020-03-05`, `3/5/2020`).
    MonthNumber,
}

/// What a capture group holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SlotClass {
    BuiltIn(BuiltIn),
    /// A class of the word list, by name.
    Words(String),
}

/// A capture group of a rule: its name in the pattern, its class.
#[derive(Clone, Debug)]
pub struct Slot {
    pub name: String,
    pub class: SlotClass,
}

/// How a rule's captured words become a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A calendar value from the captured fields (year, month, day, weekday, season,
    /// quarter…); what the text leaves out comes from the anchor and the verb's tense.
    Date,
    /// The anchor moved by a number of units ("last week", "two years ago", "yesterday").
    Shift,
    /// `P<number><unit>`.
    Duration,
    /// A fixed value; `{name}` is replaced by a captured field (`XXXX-WXX-{weekday}`).
    Literal(String),
}

/// What a relative expression counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The article date.
    Article,
    /// The last date the text gave ("the next day", "that year"), else the article date.
    Reference,
}

/// A check on the context of a match, beyond what a regex can see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// The first word is not tagged as a verb, auxiliary or modal ("may", "march").
    NotVerb,
    /// The match starts with a capital letter ("May", "Sun.").
    Capitalised,
    /// A bare number is a year only when nothing around it makes it a quantity.
    YearLike,
    /// Not directly after a digit, a currency sign or a hyphen ("$1990", "3-1990").
    NotInNumber,
    /// Not directly before a hyphen: "a year" is no duration in "a year-earlier quarter".
    NotBeforeHyphen,
    /// Not an age: "37 years old", "a 6-year-old".
    NotAge,
}

impl Guard {
    fn parse(name: &str) -> Option<Guard> {
        Some(match name {
            "not-verb" => Guard::NotVerb,
            "capitalised" => Guard::Capitalised,
            "year-like" => Guard::YearLike,
            "not-in-number" => Guard::NotInNumber,
            "not-before-hyphen" => Guard::NotBeforeHyphen,
            "not-age" => Guard::NotAge,
            _ => return None,
        })
    }
}

/// An example phrase of a rule, run as a test: the text (the expression in `[brackets]`
/// when it is part of a longer phrase), and the expected type and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub timex_type: TimexType,
    pub value: String,
    pub line: usize,
}

/// One compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub line: usize,
    pub timex_type: Option<TimexType>,
    pub value: ValueKind,
    pub modifier: Option<String>,
    /// A fixed unit code (`D`, `W`, `M`, `Q`, `Y`…), when the pattern captures none.
    pub unit: Option<String>,
    /// A fixed shift, when the pattern captures none ("yesterday": -1).
    pub shift: Option<i32>,
    /// A fixed part of day (`NI` for "tonight").
    pub part: Option<String>,
    pub anchor: Anchor,
    /// "A year earlier" after a quarter means that quarter a year before.
    pub follow_quarter: bool,
    /// When the text right after the match matches this, the expression is one unit's
    /// duration instead: "the year" is a date, "the year ended June 30" a span of a year.
    pub duration_before: Option<regex_automata::meta::Regex>,
    pub freq: Option<String>,
    pub quant: Option<String>,
    pub guards: Vec<Guard>,
    pub examples: Vec<Example>,
    /// Capture groups in group-index order (index 1 onward).
    pub slots: Vec<Slot>,
}

/// The word lists: class → lower-case word → value.
#[derive(Debug, Default)]
pub struct WordLists {
    classes: HashMap<String, HashMap<String, String, FastBuildHasher>, FastBuildHasher>,
}

impl WordLists {
    /// The value of `word` in `class`; the word is matched in lower case with runs of white
    /// space as one space and curly apostrophes as straight ones.
    pub fn value(&self, class: &str, word: &str) -> Option<&str> {
        let words = self.classes.get(class)?;
        if let Some(v) = words.get(word) {
            return Some(v);
        }
        let normal = normalise_words(word);
        words.get(&normal).map(String::as_str)
    }

    /// The words of a class and their values (any order).
    pub fn words<'a>(&'a self, class: &str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.classes
            .get(class)
            .into_iter()
            .flat_map(|words| words.iter().map(|(w, v)| (w.as_str(), v.as_str())))
    }

    fn alternation(&self, class: &str) -> Option<String> {
        let words = self.classes.get(class)?;
        let mut list: Vec<&String> = words.keys().collect();
        // Longest first: a regex alternation prefers the earlier branch.
        list.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        Some(
            list.iter()
                .map(|w| word_pattern(w))
                .collect::<Vec<_>>()
                .join("|"),
        )
    }

    fn parse(file: &DataFile) -> Result<WordLists, ResourceError> {
        let mut lists = WordLists::default();
        for (line_no, line) in file.text()?.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line == "class\tword\tvalue" {
                continue;
            }
            let error = |message: String| ResourceError {
                file: file.path.to_string(),
                line: line_no + 1,
                message,
            };
            let mut fields = line.split('\t');
            let (Some(class), Some(word), Some(value), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(error(format!(
                    "expected `class<TAB>word<TAB>value`, found {line:?}"
                )));
            };
            if word.is_empty() || word.chars().any(char::is_uppercase) || word != word.trim() {
                return Err(error(format!(
                    "{word:?} must be a non-empty lower-case word or phrase"
                )));
            }
            if class_builtin(class).is_some() {
                return Err(error(format!("class {class:?} is built in")));
            }
            let words = lists.classes.entry(class.to_string()).or_default();
            if words
                .insert(normalise_words(word), value.to_string())
                .is_some()
            {
                return Err(error(format!(
                    "{word:?} is listed twice in class {class:?}"
                )));
            }
        }
        Ok(lists)
    }
}

fn normalise_words(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for (i, part) in word.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        for c in part.chars() {
            out.extend(if c == '’' { '\'' } else { c }.to_lowercase());
        }
    }
    out
}

/// A word or phrase of the word list as a regex: escaped, any white space between words,
/// either apostrophe.
fn word_pattern(word: &str) -> String {
    let mut out = String::new();
    for (i, part) in word.split(' ').enumerate() {
        if i > 0 {
            out.push_str(r"\s+");
        }
        for c in part.chars() {
            if c == '\'' {
                out.push_str("(?:'|’)");
            } else {
                out.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0; 4])));
            }
        }
    }
    out
}

fn class_builtin(class: &str) -> Option<BuiltIn> {
    Some(match class {
        "year" => BuiltIn::Year,
        "day" => BuiltIn::Day,
        "num" => BuiltIn::Num,
        "hour" => BuiltIn::Hour,
        "minute" => BuiltIn::Minute,
        "decade" => BuiltIn::Decade,
        "ordinal" => BuiltIn::Ordinal,
        "monthnum" => BuiltIn::MonthNumber,
        _ => return None,
    })
}

fn builtin_pattern(builtin: BuiltIn, words: &WordLists) -> String {
    match builtin {
        BuiltIn::Year => {
            // Spelled out in broadcast transcripts: "nineteen ninety-six", "two thousand".
            const TEENS: &str =
                "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
            const TENS: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
            const ONES: &str = "one|two|three|four|five|six|seven|eight|nine";
            format!(
                r"(?:1[0-9]|20)[0-9]{{2}}|(?:'|’)[0-9]{{2}}|(?:nineteen|twenty)(?: hundred(?: and)?)? (?:{TEENS}|(?:{TENS})(?:[- ](?:{ONES}))?)|two thousand(?: and)?(?: (?:{TEENS}|(?:{TENS})(?:[- ](?:{ONES}))?|{ONES}))?"
            )
        }
        BuiltIn::Day => r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?".to_string(),
        BuiltIn::Num => {
            let w = words.alternation("numword").unwrap_or_default();
            format!(
                r"[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?(?:\s+[0-9]/[0-9]{{1,2}})?|[0-9]/[0-9]{{1,2}}|(?:{w})(?:(?:\s+and\s+|\s+|-)(?:{w})){{0,3}}(?:\s+and\s+a\s+half)?"
            )
        }
        BuiltIn::Hour => r"[01]?[0-9]|2[0-4]".to_string(),
        BuiltIn::Minute => r"[0-5][0-9]".to_string(),
        BuiltIn::Decade => r"(?:1[0-9]|20)?[0-9]0(?:'|’)?s|(?:'|’)[0-9]0(?:'|’)?s".to_string(),
        BuiltIn::MonthNumber => r"0?[1-9]|1[0-2]".to_string(),
        BuiltIn::Ordinal => {
            let w = words.alternation("ordinalword").unwrap_or_default();
            format!(r"[0-9]{{1,2}}(?:st|nd|rd|th)|{w}")
        }
    }
}

/// Expands `{class}` and `{class_name}` in a rule's pattern into named groups, a space into
/// a run of white space and ` ?` into optional white space. Returns the regex and the slots in group order.
fn expand(pattern: &str, words: &WordLists) -> Result<(String, Vec<Slot>), String> {
    let mut out = String::new();
    let mut slots = Vec::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '{' && !rest[1..].starts_with(|d: char| d.is_ascii_digit()) {
            let close = rest
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in {pattern:?}"))?;
            let name = &rest[1..close];
            let class = name.split('_').next().unwrap_or(name);
            let (slot_class, body) = if let Some(builtin) = class_builtin(class) {
                (SlotClass::BuiltIn(builtin), builtin_pattern(builtin, words))
            } else if let Some(alternation) = words.alternation(class) {
                (SlotClass::Words(class.to_string()), alternation)
            } else {
                return Err(format!("unknown word class {class:?}"));
            };
            if slots.iter().any(|s: &Slot| s.name == name) {
                return Err(format!(
                    "{{{name}}} appears twice; name the second {{{class}_2}}"
                ));
            }
            out.push_str(&format!("(?P<{name}>{body})"));
            slots.push(Slot {
                name: name.to_string(),
                class: slot_class,
            });
            rest = &rest[close + 1..];
        } else if c == '(' && !rest.starts_with("(?") {
            return Err(format!(
                "use non-capturing groups `(?:…)` in {pattern:?}: captures are {{class}} only"
            ));
        } else if let Some(after) = rest.strip_prefix(" ?") {
            out.push_str(r"\s*");
            rest = after;
        } else if c == ' ' {
            out.push_str(r"\s+");
            rest = &rest[1..];
        } else if c == '\\' {
            let len = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[..len]);
            rest = &rest[len..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok((out, slots))
}

type CachePool = Pool<Cache, Box<dyn Fn() -> Cache + Send + Sync>>;

/// The compiled rules.
pub struct TimeRules {
    pub words: WordLists,
    pub rules: Vec<Rule>,
    /// All rules as one multi-pattern lazy DFA; pattern i is rule i. Searched anchored at
    /// each place a match can start ([`TimeRules::find`]), it tells which rule matches and
    /// where the match ends; the rule's own regex then reads its groups. (No reverse DFA,
    /// prefilter or captures: a full regex of the rules took half as long again to build.)
    dfa: DFA,
    /// The DFA's state caches, one per thread at a time: the states it builds serve every
    /// later document.
    caches: CachePool,
    /// Each rule's pattern alone, compiled the first time the rule matches. Reading groups
    /// with one regex of all the rules costs a pass whose state grows with every rule's
    /// pattern (a few hundred kilobytes cleared per match); a rule's own backtracker reads
    /// them over a handful of states.
    patterns: Vec<String>,
    /// `None` where a pattern does not build alone (a PikeVM then reads its groups).
    singles: Vec<std::sync::OnceLock<Option<BoundedBacktracker>>>,
    /// The date the examples are anchored on.
    pub example_date: jiff::civil::Date,
}

impl std::fmt::Debug for TimeRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeRules")
            .field("rules", &self.rules.len())
            .field("example_date", &self.example_date)
            .finish_non_exhaustive()
    }
}

/// The joint DFA of `patterns` and its pool of caches.
fn joint_dfa(
    patterns: &[String],
) -> Result<(DFA, CachePool), Box<regex_automata::hybrid::BuildError>> {
    let dfa = DFA::builder()
        // With the default 2 MB the DFA kept clearing its states and rebuilding them; the
        // cache grows only as states are built.
        .configure(DFA::config().cache_capacity(64 << 20))
        .thompson(
            regex_automata::nfa::thompson::Config::new()
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None),
        )
        .build_many(patterns)
        .map_err(Box::new)?;
    let for_caches = dfa.clone();
    let caches: CachePool = Pool::new(Box::new(move || for_caches.create_cache()));
    Ok((dfa, caches))
}

impl TimeRules {
    /// No rules: finds nothing.
    pub fn empty() -> TimeRules {
        let (dfa, caches) = joint_dfa(&[]).expect("an empty pattern set compiles");
        TimeRules {
            words: WordLists::default(),
            rules: Vec::new(),
            dfa,
            caches,
            patterns: Vec::new(),
            singles: Vec::new(),
            example_date: jiff::civil::date(2000, 1, 1),
        }
    }

    pub fn compile(words: &DataFile, rules: &DataFile) -> Result<TimeRules, ResourceError> {
        let word_lists = WordLists::parse(words)?;
        let (parsed, example_date) = parse_rules(rules)?;
        let mut patterns = Vec::with_capacity(parsed.len());
        let mut compiled = Vec::with_capacity(parsed.len());
        for (rule, pattern) in parsed {
            let error = |message: String| ResourceError {
                file: rules.path.to_string(),
                line: rule.line,
                message: format!("rule {}: {message}", rule.name),
            };
            let (regex, slots) = expand(&pattern, &word_lists).map_err(error)?;
            // ASCII case-insensitivity and ASCII classes: Unicode folding ('k' is also the
            // Kelvin sign) multiplies the lazy DFA's states for nothing the rules need.
            let regex = regex.replace("['’]", "(?:'|’)");
            let full = format!(r"(?i-u)\b{{start-half}}(?:{regex})\b{{end-half}}");
            // Parse alone (cheap), so a syntax error names its rule.
            regex_syntax::Parser::new()
                .parse(&full)
                .map_err(|e| error(format!("bad pattern: {e}")))?;
            patterns.push(full);
            compiled.push(Rule { slots, ..rule });
        }
        let (dfa, caches) = joint_dfa(&patterns).map_err(|e| {
            // Find the rule that does not compile on its own, if one does not.
            let culprit = compiled
                .iter()
                .zip(&patterns)
                .find_map(|(rule, pattern)| PikeVM::new(pattern).err().map(|e| (rule, e)));
            match culprit {
                Some((rule, e)) => ResourceError {
                    file: rules.path.to_string(),
                    line: rule.line,
                    message: format!("rule {}: bad pattern: {e}", rule.name),
                },
                None => ResourceError {
                    file: rules.path.to_string(),
                    line: 0,
                    message: format!("the rules do not compile together: {e}"),
                },
            }
        })?;
        Ok(TimeRules {
            words: word_lists,
            rules: compiled,
            dfa,
            caches,
            singles: patterns
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            patterns,
            example_date,
        })
    }

    /// The leftmost match at or after byte `from`, the one the joint regex's unanchored
    /// search finds, by anchored searches at the places a match can start. Every pattern
    /// opens with `\b{start-half}` and none with white space, so a match starts only where
    /// no word byte comes before and the byte is neither white space nor inside a character.
    /// Anchored, the lazy DFA only follows the rules that can start at one place; unanchored,
    /// each of its states also carries every rule that could have started at each byte
    /// before, and building those states cost more than all the searching.
    pub fn find(&self, text: &str, from: usize) -> Option<regex_automata::Match> {
        let bytes = text.as_bytes();
        let mut cache = self.caches.get();
        let mut p = from;
        while p < bytes.len() {
            let byte = bytes[p];
            let after_word = p > 0 && is_word_byte(bytes[p - 1]);
            if after_word || byte.is_ascii_whitespace() || (0x80..0xC0).contains(&byte) {
                p += 1;
                continue;
            }
            let input = regex_automata::Input::new(text)
                .range(p..)
                .anchored(regex_automata::Anchored::Yes);
            // The patterns use ASCII word boundaries only, so the DFA has no byte to quit on
            // and, with no limit on clearing its cache, never gives up.
            if let Ok(Some(end)) = self.dfa.try_search_fwd(&mut cache, &input) {
                return Some(regex_automata::Match::new(end.pattern(), p..end.offset()));
            }
            p += 1;
        }
        None
    }

    /// Each rule's pattern, in rule order (for tests that compare search strategies).
    #[cfg(test)]
    pub(crate) fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The groups of rule `rule`'s match at `start..end` of `text` (where the joint regex
    /// found it), in `caps`, which must come from [`TimeRules::rule_captures`].
    pub fn read_groups(
        &self,
        rule: usize,
        text: &str,
        start: usize,
        end: usize,
        caps: &mut Captures,
    ) {
        let input = regex_automata::Input::new(text)
            .range(start..end)
            .anchored(regex_automata::Anchored::Yes);
        let read = self.single(rule).is_some_and(|single| {
            let mut cache = single.create_cache();
            single.try_search(&mut cache, &input, caps).is_ok()
        });
        if !read {
            // No backtracker of its own, or a span too long for its budget: a PikeVM of the
            // rule reads it (rare, so built on the spot).
            if let Ok(vm) = PikeVM::new(&self.patterns[rule]) {
                let mut all = vm.create_captures();
                vm.search(&mut vm.create_cache(), &input, &mut all);
                *caps = all;
            }
        }
    }

    /// Captures for rule `rule`'s own regex (or the joint one's, where it has none).
    pub fn rule_captures(&self, rule: usize) -> Captures {
        match self.single(rule) {
            Some(single) => single.create_captures(),
            None => PikeVM::new(&self.patterns[rule])
                .map(|vm| vm.create_captures())
                .unwrap_or_else(|_| Captures::empty(Default::default())),
        }
    }

    pub(crate) fn single(&self, rule: usize) -> Option<&BoundedBacktracker> {
        self.singles[rule]
            .get_or_init(|| BoundedBacktracker::new(&self.patterns[rule]).ok())
            .as_ref()
    }
}

/// A word byte of `\b` in the patterns' ASCII mode.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn parse_type(text: &str) -> Option<TimexType> {
    Some(match text {
        "DATE" => TimexType::Date,
        "TIME" => TimexType::Time,
        "DURATION" => TimexType::Duration,
        "SET" => TimexType::Set,
        _ => return None,
    })
}

/// Parses the rules file: blocks that open with `rule NAME` and go on with indented
/// `key value` lines.
fn parse_rules(file: &DataFile) -> Result<(Vec<(Rule, String)>, jiff::civil::Date), ResourceError> {
    let mut rules: Vec<(Rule, String)> = Vec::new();
    let mut example_date = None;
    for (index, raw) in file.text()?.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches('\r');
        let error = |message: String| ResourceError {
            file: file.path.to_string(),
            line: line_no,
            message,
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, value) = trimmed
            .split_once(char::is_whitespace)
            .map(|(k, v)| (k, v.trim()))
            .unwrap_or((trimmed, ""));
        if !line.starts_with(char::is_whitespace) {
            match key {
                "example-date" => {
                    example_date = Some(
                        value
                            .parse()
                            .map_err(|e| error(format!("bad example date {value:?}: {e}")))?,
                    )
                }
                "rule" => {
                    if value.is_empty() || value.contains(char::is_whitespace) {
                        return Err(error("a rule needs a one-word name".to_string()));
                    }
                    if rules.iter().any(|(r, _)| r.name == value) {
                        return Err(error(format!("rule {value} is defined twice")));
                    }
                    rules.push((
                        Rule {
                            name: value.to_string(),
                            line: line_no,
                            timex_type: None,
                            value: ValueKind::Date,
                            modifier: None,
                            unit: None,
                            shift: None,
                            part: None,
                            anchor: Anchor::Article,
                            follow_quarter: false,
                            duration_before: None,
                            freq: None,
                            quant: None,
                            guards: Vec::new(),
                            examples: Vec::new(),
                            slots: Vec::new(),
                        },
                        String::new(),
                    ));
                }
                _ => return Err(error(format!("expected `rule NAME`, found {trimmed:?}"))),
            }
            continue;
        }
        let Some((rule, pattern)) = rules.last_mut() else {
            return Err(error("an indented line before the first rule".to_string()));
        };
        let in_rule = |message: String| error(format!("rule {}: {message}", rule.name));
        if value.is_empty() {
            return Err(in_rule(format!("`{key}` needs a value")));
        }
        match key {
            "match" => *pattern = value.to_string(),
            "type" => {
                rule.timex_type =
                    Some(parse_type(value).ok_or_else(|| in_rule(format!("bad type {value:?}")))?)
            }
            "value" => {
                rule.value = match value {
                    "date" => ValueKind::Date,
                    "shift" => ValueKind::Shift,
                    "duration" => ValueKind::Duration,
                    literal => ValueKind::Literal(literal.to_string()),
                }
            }
            "mod" => rule.modifier = Some(value.to_string()),
            "unit" => {
                if !matches!(
                    value,
                    "S" | "MIN"
                        | "H"
                        | "D"
                        | "W"
                        | "WE"
                        | "M"
                        | "Q"
                        | "H2"
                        | "SE"
                        | "Y"
                        | "DE"
                        | "CE"
                ) {
                    return Err(in_rule(format!("unknown unit {value:?}")));
                }
                rule.unit = Some(value.to_string())
            }
            "shift" => {
                rule.shift = Some(
                    value
                        .parse()
                        .map_err(|_| in_rule(format!("shift must be a number, not {value:?}")))?,
                )
            }
            "part" => rule.part = Some(value.to_string()),
            "anchor" => {
                rule.anchor = match value {
                    "article" => Anchor::Article,
                    "reference" => Anchor::Reference,
                    _ => {
                        return Err(in_rule(format!(
                            "anchor is article or reference, not {value:?}"
                        )));
                    }
                }
            }
            "follow" if value == "quarter" => rule.follow_quarter = true,
            "duration-before" => {
                let regex = regex_automata::meta::Builder::new()
                    .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                    .build(value)
                    .map_err(|e| in_rule(format!("bad duration-before regex: {e}")))?;
                rule.duration_before = Some(regex);
            }
            "freq" => rule.freq = Some(value.to_string()),
            "quant" => rule.quant = Some(value.to_string()),
            "guard" => {
                for name in value.split_whitespace() {
                    rule.guards.push(
                        Guard::parse(name)
                            .ok_or_else(|| in_rule(format!("unknown guard {name:?}")))?,
                    );
                }
            }
            "example" => {
                let (text, expected) = value
                    .rsplit_once("=>")
                    .ok_or_else(|| in_rule("an example is `TEXT => TYPE VALUE`".to_string()))?;
                let (timex_type, expected_value) = expected
                    .trim()
                    .split_once(' ')
                    .ok_or_else(|| in_rule("an example is `TEXT => TYPE VALUE`".to_string()))?;
                rule.examples.push(Example {
                    text: text.trim().to_string(),
                    timex_type: parse_type(timex_type)
                        .ok_or_else(|| in_rule(format!("bad type {timex_type:?}")))?,
                    value: expected_value.trim().to_string(),
                    line: line_no,
                });
            }
            _ => return Err(in_rule(format!("unknown key {key:?}"))),
        }
    }
    for (rule, pattern) in &rules {
        if pattern.is_empty() {
            return Err(ResourceError {
                file: file.path.to_string(),
                line: rule.line,
                message: format!("rule {} has no `match`", rule.name),
            });
        }
        if rule.examples.is_empty() {
            return Err(ResourceError {
                file: file.path.to_string(),
                line: rule.line,
                message: format!("rule {} has no `example`", rule.name),
            });
        }
    }
    let example_date = example_date.ok_or_else(|| ResourceError {
        file: file.path.to_string(),
        line: 1,
        message: "missing `example-date YYYY-MM-DD`".to_string(),
    })?;
    Ok((rules, example_date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &'static str, text: &'static str) -> DataFile {
        DataFile {
            path,
            contents: text.as_bytes(),
        }
    }

    const WORDS: &str = "month\tmarch\t3\nmonth\tmar.\t3\n";

    #[test]
    fn a_broken_rule_names_its_file_line_and_rule() {
        let words = file("time/words.tsv", WORDS);
        let rules = file(
            "time/rules.txt",
            "example-date 2020-01-01\nrule good\n  match {month}\n  example March => DATE 2020-03\n\nrule bad\n  match {weekday}\n  example Monday => DATE 2020-01-06\n",
        );
        let error = TimeRules::compile(&words, &rules).unwrap_err();
        assert_eq!(error.file, "time/rules.txt");
        assert_eq!(error.line, 6);
        assert!(error.message.contains("rule bad"), "{}", error.message);
        assert!(error.message.contains("weekday"), "{}", error.message);
    }

    #[test]
    fn a_rule_without_an_example_is_refused() {
        let words = file("time/words.tsv", WORDS);
        let rules = file(
            "time/rules.txt",
            "example-date 2020-01-01\nrule lonely\n  match {month}\n",
        );
        let error = TimeRules::compile(&words, &rules).unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("no `example`"));
    }

    #[test]
    fn classes_expand_longest_first_into_named_groups() {
        let words = file("time/words.tsv", WORDS);
        let lists = WordLists::parse(&words).unwrap();
        let (regex, slots) = expand("{month} {day}", &lists).unwrap();
        assert!(
            regex.starts_with(r"(?P<month>march|mar\.)\s+(?P<day>"),
            "{regex}"
        );
        assert_eq!(slots.len(), 2);
        assert!(expand("(a|b) {month}", &lists).is_err());
        assert!(expand("{month} {month}", &lists).is_err());
    }

    #[test]
    fn word_lookup_ignores_case_spacing_and_curly_apostrophes() {
        let words = file("time/words.tsv", "holiday\tnew year's day\t01-01\n");
        let lists = WordLists::parse(&words).unwrap();
        assert_eq!(lists.value("holiday", "New  Year’s Day"), Some("01-01"));
    }
}
