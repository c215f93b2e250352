//! Paragraphs and sentences for news text, decided over tokens.
//!
//! Paragraph breaks are hard boundaries: a blank line, a line feed followed by indentation (the
//! wire style of Reuters), a form feed or U+2029. Inside a paragraph a sentence ends at `.`,
//! `!`, `?` or a four-dot ellipsis followed by anything but a lower-case word or a comma-like
//! mark, with closing quotes and brackets kept on the sentence they close. An abbreviation's
//! period (see `data/text/abbreviations.tsv`) ends a sentence only when the next word is one that
//! opens sentences (`data/text/sentence_starters.txt`): "the U.S. Government" stays whole,
//! "in the U.S. How about you?" splits. Enumerated items (`1.` `2.`, `a.` `b.`, bullets) and
//! paragraphs made of short lines (a list, an address) break at each item or line.

use crate::resources::{AbbreviationClass, TextResources};
use crate::span::Span;
use crate::text::tokenize::{Token, TokenKind};

/// A sentence: its extent and its tokens `first_token..end_token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub first_token: u32,
    pub end_token: u32,
}

/// A paragraph: its extent and its tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub first_token: u32,
    pub end_token: u32,
}

/// The white space before a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// The token touches the one before it.
    None,
    Space,
    /// One line feed, no indentation after it.
    Newline,
    /// A paragraph break (or the start of the text).
    Paragraph,
}

fn classify_gap(gap: &str) -> Gap {
    match gap.as_bytes() {
        [] => return Gap::None,
        [b' '] => return Gap::Space,
        _ => {}
    }
    let mut newlines = 0;
    let mut indent_after_newline = 0;
    for c in gap.chars() {
        match c {
            '\n' => {
                newlines += 1;
                indent_after_newline = 0;
            }
            '\u{2029}' | '\u{c}' => return Gap::Paragraph,
            '\t' if newlines > 0 => indent_after_newline += 2,
            ' ' | '\u{a0}' if newlines > 0 => indent_after_newline += 1,
            _ => {}
        }
    }
    match newlines {
        0 => Gap::Space,
        1 if indent_after_newline >= 2 => Gap::Paragraph,
        1 => Gap::Newline,
        _ => Gap::Paragraph,
    }
}

/// What may end a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Terminal {
    /// A plain `.`.
    Period,
    /// `!`, `?`, `?!`, `!!`.
    Strong,
    /// `....`: a period and an ellipsis.
    FourDot,
    /// `...`, `…`, `. . .`: usually inside a sentence.
    Ellipsis,
    /// A word with an abbreviation's period.
    Abbreviation(AbbreviationKind),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AbbreviationKind {
    Listed(AbbreviationClass),
    /// One letter: an initial, or the pronoun I.
    Initial,
    /// Letter-dot forms: U.S., U.N., e.g.
    Acronym,
}

const CLOSERS: &[&str] = &[")", "]", "}", "”", "’", "»", "›", "\"", "'", "''"];
const OPENERS: &[&str] = &["(", "[", "{", "“", "‘", "«", "‹", "„", "\"", "'", "``"];
const BULLETS: &[&str] = &["•", "⁃", "▪", "◦", "●", "‣", "∙"];

/// Splits `tokens` of `text` into paragraphs and sentences.
pub fn split(
    text: &str,
    tokens: &[Token],
    resources: &TextResources,
) -> (Vec<Paragraph>, Vec<Sentence>) {
    let splitter = Splitter::new(text, tokens, resources);
    splitter.run()
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    resources: &'a TextResources,
    gaps: Vec<Gap>,
    /// `starts[k]`: a sentence starts at token k.
    starts: Vec<bool>,
    /// Starts set by structure (paragraphs, list items, short lines), which the learned model
    /// does not revisit.
    forced: Vec<bool>,
    /// Gaps where the rules' decision is final, though not structural (inside a list marker).
    settled: Vec<bool>,
    /// Periods that belong to list markers (`1.`), never sentence ends.
    marker_periods: Vec<bool>,
}

impl<'a> Splitter<'a> {
    fn new(text: &'a str, tokens: &'a [Token], resources: &'a TextResources) -> Splitter<'a> {
        let mut gaps = Vec::with_capacity(tokens.len());
        let mut previous_end = 0usize;
        for (k, token) in tokens.iter().enumerate() {
            let gap = &text[previous_end..token.span.start as usize];
            gaps.push(if k == 0 {
                Gap::Paragraph
            } else {
                classify_gap(gap)
            });
            previous_end = token.span.end as usize;
        }
        Splitter {
            text,
            tokens,
            resources,
            gaps,
            starts: vec![false; tokens.len()],
            forced: vec![false; tokens.len()],
            settled: vec![false; tokens.len()],
            marker_periods: vec![false; tokens.len()],
        }
    }

    fn force(&mut self, k: usize) {
        self.starts[k] = true;
        self.forced[k] = true;
    }

    fn tok(&self, k: usize) -> &'a str {
        &self.text[self.tokens[k].span]
    }

    /// Token ranges of the paragraphs.
    fn paragraph_ranges(&self) -> Vec<(usize, usize)> {
        let n = self.tokens.len();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for k in 1..=n {
            if k == n || self.gaps[k] == Gap::Paragraph {
                paragraphs.push((start, k));
                start = k;
            }
        }
        paragraphs
    }

    fn apply_rules(&mut self, paragraphs: &[(usize, usize)]) {
        for &(a, b) in paragraphs {
            self.force(a);
            self.mark_dateline(a, b);
            self.mark_short_lines(a, b);
            self.mark_bullets(a, b);
            self.mark_list_markers(a, b);
            self.mark_punctuation_ends(a, b);
        }
    }

    fn run(mut self) -> (Vec<Paragraph>, Vec<Sentence>) {
        let n = self.tokens.len();
        let paragraphs = self.paragraph_ranges();
        self.apply_rules(&paragraphs);
        if let Some(model) = &self.resources.sentence_model {
            let mut features = Features::new(&self);
            let mut buffer = Vec::with_capacity(32);
            for &(a, b) in &paragraphs {
                for k in a + 1..b {
                    if features.model_decides(&self, k) {
                        features.extract(&self, k, &mut buffer);
                        self.starts[k] = model.score(&buffer) > 0.0;
                    }
                }
            }
        }

        let paragraphs: Vec<Paragraph> = paragraphs
            .into_iter()
            .map(|(a, b)| Paragraph {
                span: self.tokens[a].span.cover(self.tokens[b - 1].span),
                first_token: a as u32,
                end_token: b as u32,
            })
            .collect();
        let mut sentences = Vec::new();
        let mut first = 0;
        for k in 1..=n {
            if k == n || self.starts[k] {
                sentences.push(Sentence {
                    span: self.tokens[first].span.cover(self.tokens[k - 1].span),
                    first_token: first as u32,
                    end_token: k as u32,
                });
                first = k;
            }
        }
        (paragraphs, sentences)
    }

    /// A paragraph of three or more short lines is a list, an address or a table of contents:
    /// each line is a sentence. Lines opening with a bullet or dash break in any paragraph.
    fn mark_short_lines(&mut self, a: usize, b: usize) {
        let mut line_starts = vec![a];
        for k in a + 1..b {
            if self.gaps[k] == Gap::Newline {
                line_starts.push(k);
                let first = self.tok(k);
                if BULLETS.contains(&first) || first == "-" || first == "*" {
                    self.force(k);
                }
            }
        }
        if line_starts.len() < 3 {
            return;
        }
        let short = line_starts.iter().enumerate().all(|(i, &first)| {
            let last = line_starts.get(i + 1).map_or(b, |&s| s) - 1;
            let span = self.tokens[first].span.cover(self.tokens[last].span);
            self.text[span].chars().count() <= 40
        });
        if short {
            for &k in &line_starts {
                self.force(k);
            }
        }
    }

    /// A wire dateline opening a paragraph (`WASHINGTON (Reuters) -`, `SALVADOR, Feb 26 -`,
    /// `NEW YORK, Jan. 5 (AP) --`) belongs to the sentence it introduces.
    fn mark_dateline(&mut self, a: usize, b: usize) {
        let first = self.tok(a);
        let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && first
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        if !capitals {
            return;
        }
        for k in a + 1..b.min(a + 14) {
            let word = self.tok(k);
            if matches!(word, "-" | "--" | "—" | "–") {
                for j in a + 1..=(k + 1).min(b - 1) {
                    self.settled[j] = true;
                }
                return;
            }
            let place_or_date = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || matches!(word, "," | "(" | ")" | "/");
            if !place_or_date {
                return;
            }
        }
    }

    /// Two or more bullets in a paragraph each start an item.
    fn mark_bullets(&mut self, a: usize, b: usize) {
        let bullets: Vec<usize> = (a..b).filter(|&k| BULLETS.contains(&self.tok(k))).collect();
        if bullets.len() >= 2 {
            for k in bullets {
                self.force(k);
                if k + 1 < b {
                    self.settled[k + 1] = true;
                }
            }
        }
    }

    /// Enumerations `1.` `2.` / `1)` `2)` / `1.)` / `a.` `b.`: a run of consecutive markers
    /// starts a sentence at each marker, and a marker's period ends nothing.
    fn mark_list_markers(&mut self, a: usize, b: usize) {
        // (token, value, is_letter, period token)
        let mut markers: Vec<(usize, u32, bool, Option<usize>)> = Vec::new();
        for k in a..b {
            let after_break =
                k == a || self.gaps[k] != Gap::None || BULLETS.contains(&self.tok(k - 1));
            if !after_break {
                continue;
            }
            if let Some((value, is_letter, period, item)) = self.list_marker(k, b) {
                let item_ok = item < b
                    && self.gaps[item] != Gap::None
                    && self.tok(item).starts_with(|c: char| c.is_uppercase());
                if item_ok {
                    markers.push((k, value, is_letter, period));
                }
            }
        }
        let mut i = 0;
        while i < markers.len() {
            let mut j = i;
            while j + 1 < markers.len()
                && markers[j + 1].1 == markers[j].1 + 1
                && markers[j + 1].2 == markers[j].2
            {
                j += 1;
            }
            let run = &markers[i..=j];
            let opens_paragraph = run[0].0 == a && run[0].1 <= 1;
            if run.len() >= 2 || opens_paragraph {
                for &(k, _, _, period) in run {
                    let at = if k > a && BULLETS.contains(&self.tok(k - 1)) {
                        k - 1
                    } else {
                        k
                    };
                    self.force(at);
                    // The marker and its item's first word stay together.
                    let item = self.list_marker(k, b).map_or(k + 1, |m| m.3);
                    for j in k + 1..=item.min(b - 1) {
                        self.settled[j] = true;
                    }
                    if let Some(p) = period {
                        self.marker_periods[p] = true;
                    }
                }
            }
            i = j + 1;
        }
    }

    /// A list marker at token k: (value, is a letter, its period token, first item token).
    fn list_marker(&self, k: usize, b: usize) -> Option<(u32, bool, Option<usize>, usize)> {
        let token = self.tokens[k];
        if token.span.len() > 2 {
            return None;
        }
        let word = self.tok(k);
        let attached = |j: usize, s: &str| j < b && self.gaps[j] == Gap::None && self.tok(j) == s;
        if token.kind == TokenKind::Number
            && word.len() <= 2
            && word.bytes().all(|c| c.is_ascii_digit())
        {
            let value = word.parse().ok()?;
            if attached(k + 1, ".") {
                let item = if attached(k + 2, ")") { k + 3 } else { k + 2 };
                return Some((value, false, Some(k + 1), item));
            }
            if attached(k + 1, ")") {
                return Some((value, false, None, k + 2));
            }
            return None;
        }
        // `a.` is one token (an initial); `a)` two.
        let mut chars = word.chars();
        let letter = chars.next()?;
        if !letter.is_ascii_lowercase() {
            return None;
        }
        let value = u32::from(letter) - u32::from('a') + 1;
        match (chars.next(), chars.next()) {
            (Some('.'), None) => Some((value, true, Some(k), k + 1)),
            (None, None) if attached(k + 1, ")") => Some((value, true, None, k + 2)),
            _ => None,
        }
    }

    fn is_ellipsis(&self, k: usize) -> bool {
        let word = self.tok(k);
        self.tokens[k].kind == TokenKind::Punct
            && (word == "…" || word.starts_with("..") || word.starts_with(". ."))
    }

    fn terminal(&self, k: usize) -> Option<Terminal> {
        let token = self.tokens[k];
        let word = self.tok(k);
        match token.kind {
            TokenKind::Punct => {
                if word == "." {
                    Some(Terminal::Period)
                } else if word.starts_with(['!', '?']) {
                    Some(Terminal::Strong)
                } else if word == "…" || word == "..." || word.starts_with(". .") {
                    if word.matches('.').count() >= 4 {
                        Some(Terminal::FourDot)
                    } else {
                        Some(Terminal::Ellipsis)
                    }
                } else if word.starts_with("..") {
                    Some(Terminal::FourDot)
                } else {
                    None
                }
            }
            TokenKind::Word if word.len() > 1 && word.ends_with('.') => {
                let bare = &word[..word.len() - 1];
                let kind = if bare.chars().count() == 1 {
                    AbbreviationKind::Initial
                } else if let Some(class) = self.resources.abbreviation(bare) {
                    AbbreviationKind::Listed(class)
                } else if bare.eq_ignore_ascii_case("a.m") || bare.eq_ignore_ascii_case("p.m") {
                    AbbreviationKind::Listed(AbbreviationClass::Time)
                } else {
                    AbbreviationKind::Acronym
                };
                Some(Terminal::Abbreviation(kind))
            }
            _ => None,
        }
    }

    fn mark_punctuation_ends(&mut self, a: usize, b: usize) {
        let mut sentence_start = a;
        let mut k = a;
        while k < b {
            if self.starts[k] {
                sentence_start = k;
            }
            let terminal = if self.marker_periods[k] || (k == sentence_start && self.is_ellipsis(k))
            {
                None
            } else {
                self.terminal(k)
            };
            let Some(terminal) = terminal else {
                k += 1;
                continue;
            };
            // Closing quotes and brackets stay with the sentence they close.
            let mut next = k + 1;
            while next < b && self.gaps[next] == Gap::None && CLOSERS.contains(&self.tok(next)) {
                next += 1;
            }
            if next < b
                && !self.starts[next]
                && self.ends_sentence(terminal, k, next, sentence_start)
            {
                self.starts[next] = true;
            }
            k = next.max(k + 1);
        }
    }

    /// Whether the sentence ends after terminal `k`, given the next token `next`.
    fn ends_sentence(
        &self,
        terminal: Terminal,
        k: usize,
        next: usize,
        sentence_start: usize,
    ) -> bool {
        let next_word = self.tok(next);
        if matches!(
            next_word,
            "," | ";" | ":" | "%" | ")" | "]" | "}" | "”" | "’"
        ) {
            return false;
        }
        // Look through an opening quote or bracket for the word that would start the sentence.
        let content = if OPENERS.contains(&next_word) && next + 1 < self.tokens.len() {
            self.tok(next + 1)
        } else {
            next_word
        };
        let first = content.chars().next().unwrap_or(' ');
        if first.is_lowercase() {
            return false;
        }
        // "compounds. . . . The practice": the period ends the sentence and the ellipsis opens
        // the next; "complex. . . .”" ends in the ellipsis.
        if self.is_ellipsis(next) {
            let mut after = next + 1;
            while after < self.tokens.len() && CLOSERS.contains(&self.tok(after)) {
                after += 1;
            }
            let capital = after < self.tokens.len()
                && self.gaps[after] != Gap::Paragraph
                && self.tok(after).starts_with(|c: char| c.is_uppercase());
            return capital && matches!(terminal, Terminal::Period | Terminal::Strong);
        }
        let starter = first.is_uppercase() && self.resources.is_sentence_starter(content);
        match terminal {
            Terminal::Period | Terminal::Strong | Terminal::FourDot => true,
            // "I wasn't really ... well": an ellipsis mostly marks an omission or a pause.
            Terminal::Ellipsis => starter && content != "I",
            Terminal::Abbreviation(kind) => match kind {
                AbbreviationKind::Listed(AbbreviationClass::Title) => {
                    // "St." and "Dr." are also Street and Drive after a name.
                    let bare = self.tok(k).trim_end_matches('.');
                    let after_name = k > sentence_start
                        && self.tok(k - 1).starts_with(|c: char| c.is_uppercase());
                    matches!(bare, "St" | "Dr" | "ST" | "DR") && after_name && starter
                }
                AbbreviationKind::Listed(AbbreviationClass::Numero) => false,
                AbbreviationKind::Listed(AbbreviationClass::Month) => {
                    !first.is_ascii_digit() && starter
                }
                AbbreviationKind::Listed(AbbreviationClass::Time) => {
                    // "At 5 a.m. Mr. Smith went" goes on; "He left at 6 P.M. Mr. Smith then"
                    // has said enough to be a sentence.
                    let words = (sentence_start..=k)
                        .filter(|&i| {
                            matches!(self.tokens[i].kind, TokenKind::Word | TokenKind::Number)
                        })
                        .count();
                    first.is_uppercase() && words >= 4
                }
                AbbreviationKind::Listed(AbbreviationClass::General)
                | AbbreviationKind::Initial
                | AbbreviationKind::Acronym => starter,
            },
        }
    }
}

/// Per-token values the boundary model's features are built from, computed only for the
/// tokens around the gaps the model decides (a fraction of all tokens).
#[derive(Clone, Copy)]
struct TokenInfo {
    /// Hash of the lower-cased token.
    lower: u64,
    /// Hash of the token's shape (`Xx`, `X.X.`, `d:d`).
    shape: u64,
    starter: bool,
    /// The lower-case form is a common lower-case word (so a capital on it is not a name's).
    common: bool,
}

impl TokenInfo {
    /// The lower-case hash and whether it is a common word; shape and starter come later.
    fn lexical(word: &str, resources: &TextResources) -> TokenInfo {
        let mut lower = crate::hash::StableHasher::default();
        if word.is_ascii() {
            for b in word.bytes() {
                lower.write(&[b.to_ascii_lowercase()]);
            }
        } else {
            let mut buf = [0u8; 4];
            for c in word.chars().flat_map(char::to_lowercase) {
                lower.write(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        let lower = lower.finish();
        TokenInfo {
            lower,
            shape: 0,
            starter: false,
            common: resources.is_common_word(lower),
        }
    }

    /// Adds the shape and whether the word opens sentences.
    fn complete(&mut self, word: &str, resources: &TextResources) {
        let mut shape = crate::hash::StableHasher::default();
        let mut last_class = '\0';
        let mut shape_len = 0;
        let mut buf = [0u8; 4];
        for c in word.chars() {
            let class = crate::text::shape_class(c);
            if class != last_class && shape_len < 6 {
                shape.write(class.encode_utf8(&mut buf).as_bytes());
                shape_len += 1;
                last_class = class;
            }
        }
        self.shape = shape.finish() | 1;
        self.starter = word.starts_with(char::is_uppercase) && resources.is_sentence_starter(word);
    }
}

/// The features of the learned boundary model for one document.
///
/// The model looks at the gaps where a sentence could plausibly start (after punctuation,
/// before a capital, digit or symbol, at a line break) and sees the rules' own decision there,
/// the words and shapes around the gap, the punctuation before it, and how many words have gone
/// by since the last full stop. It learns where the rules fail on real text: unpunctuated
/// e-mail lines, sentences that open in lower case, colons before a new sentence.
struct Features {
    /// Filled on demand.
    info: Vec<Option<TokenInfo>>,
    /// 0 lower-case initial, 1 capitalised, 2 all capitals, 3 digit, 4 punctuation, 5 other.
    case: Vec<u8>,
    /// Terminal class of the punctuation just before token k (closers skipped, +16 if any).
    before: Vec<u8>,
    /// Words since the last full stop, bucketed.
    since_stop: Vec<u8>,
}

const BIAS: u32 = 0;

fn case_class(token: &Token, word: &str) -> u8 {
    let first = word.chars().next().unwrap_or(' ');
    match token.kind {
        TokenKind::Punct => 4,
        TokenKind::Symbol => 5,
        _ if first.is_lowercase() => 0,
        _ if first.is_uppercase() => {
            let mut letters = word.chars().filter(|c| c.is_alphabetic());
            let all_caps = letters.clone().all(char::is_uppercase) && letters.nth(1).is_some();
            if all_caps { 2 } else { 1 }
        }
        _ if first.is_numeric() => 3,
        _ => 5,
    }
}

impl Features {
    fn new(splitter: &Splitter<'_>) -> Features {
        let n = splitter.tokens.len();
        let mut case = Vec::with_capacity(n);
        let mut terminal_code = Vec::with_capacity(n);
        for (k, token) in splitter.tokens.iter().enumerate() {
            case.push(case_class(token, splitter.tok(k)));
            terminal_code.push(match splitter.terminal(k) {
                None => 0u8,
                Some(Terminal::Period) => 1,
                Some(Terminal::Strong) => 2,
                Some(Terminal::FourDot) => 3,
                Some(Terminal::Ellipsis) => 4,
                Some(Terminal::Abbreviation(kind)) => match kind {
                    AbbreviationKind::Listed(AbbreviationClass::Title) => 5,
                    AbbreviationKind::Listed(AbbreviationClass::Month) => 6,
                    AbbreviationKind::Listed(AbbreviationClass::Numero) => 7,
                    AbbreviationKind::Listed(AbbreviationClass::Time) => 8,
                    AbbreviationKind::Listed(AbbreviationClass::General) => 9,
                    AbbreviationKind::Initial => 10,
                    AbbreviationKind::Acronym => 11,
                },
            });
        }
        let mut before = vec![0u8; n];
        let mut since_stop = vec![0u8; n];
        let mut words = 0usize;
        for k in 0..n {
            if splitter.gaps[k] == Gap::Paragraph {
                words = 0;
            }
            since_stop[k] = match words {
                0..=2 => words as u8,
                3..=5 => 3,
                6..=10 => 4,
                11..=20 => 5,
                _ => 6,
            };
            if k > 0 {
                let mut j = k - 1;
                let mut closed = 0;
                while j > 0
                    && closed < 3
                    && splitter.gaps[j] == Gap::None
                    && CLOSERS.contains(&splitter.tok(j))
                {
                    j -= 1;
                    closed += 1;
                }
                before[k] = terminal_code[j] + if closed > 0 { 16 } else { 0 };
            }
            if matches!(terminal_code[k], 1..=3) {
                words = 0;
            } else if matches!(splitter.tokens[k].kind, TokenKind::Word | TokenKind::Number) {
                words += 1;
            }
        }
        Features {
            info: vec![None; n],
            case,
            before,
            since_stop,
        }
    }

    /// Whether the model decides the gap before token k. It does where the rules are unsure:
    /// a sentence that may start in lower case after `.` or `?`, a capital after a line or a
    /// colon with no full stop. Where the rules are sure, they stand: structure (paragraphs,
    /// list items), a full stop before a capital or digit, an abbreviation or closing quote
    /// before a lower-case word ("Co. at noon", "'Great.' she said"), initials ("Albert I.
    /// Jones"), ellipses, "Yahoo! in", and run-together sentences ("world.Today").
    fn model_decides(&mut self, splitter: &Splitter<'_>, k: usize) -> bool {
        if splitter.forced[k] || splitter.settled[k] || splitter.gaps[k] == Gap::None {
            return false;
        }
        let case = self.case[k];
        let before = self.before[k];
        let terminal = before & 15;
        let closed = before >= 16;
        let lower = case == 0;
        if splitter.is_ellipsis(k) || terminal == 4 {
            return false;
        }
        // An abbreviation the rules end a sentence at ("in the U.S. How").
        if terminal >= 5 && splitter.starts[k] {
            return false;
        }
        if matches!(terminal, 1..=3) && matches!(case, 1..=3) {
            return false;
        }
        if lower && (terminal >= 5 || closed) {
            return false;
        }
        if terminal == 10 && case == 1 {
            return false;
        }
        if terminal == 2 && lower && splitter.tok(k - 1).starts_with('!') {
            return false;
        }
        // Between two words with no punctuation a capital opens a sentence only on a common
        // word ("... talk to you later Thanks"); on any other it goes on a name ("Kim Jong Un").
        before != 0
            || splitter.gaps[k] == Gap::Newline
            || matches!(
                splitter.tokens[k - 1].kind,
                TokenKind::Punct | TokenKind::Symbol
            )
            || (case != 0 && self.lexical(splitter, k).common)
    }

    /// The lexical part of token k's info, computed once.
    fn lexical(&mut self, splitter: &Splitter<'_>, k: usize) -> TokenInfo {
        *self.info[k].get_or_insert_with(|| TokenInfo::lexical(splitter.tok(k), splitter.resources))
    }

    /// All of token k's info, computed once.
    fn info(&mut self, splitter: &Splitter<'_>, k: usize) -> TokenInfo {
        let mut info = self.lexical(splitter, k);
        if info.shape == 0 {
            info.complete(splitter.tok(k), splitter.resources);
            self.info[k] = Some(info);
        }
        info
    }

    fn extract(&mut self, splitter: &Splitter<'_>, k: usize, out: &mut Vec<u32>) {
        use crate::learn::FeatureHasher as F;
        out.clear();
        let n = self.info.len();
        let prev = Some(k - 1);
        let prev2 = k.checked_sub(2);
        let next = (k + 1 < n).then_some(k + 1);
        let mut info = |i: Option<usize>| i.map(|i| self.info(splitter, i));
        let (info_prev2, info_prev, here, info_next) = (
            info(prev2),
            info(prev),
            info(Some(k)).expect("k is a token"),
            info(next),
        );
        let none = 0x5eed_u64;
        let lower = |i: Option<TokenInfo>| i.map_or(none, |i| i.lower);
        let shape = |i: Option<TokenInfo>| i.map_or(none, |i| i.shape);
        let (prev, prev2, next) = (info_prev, info_prev2, info_next);
        let rule = u64::from(splitter.starts[k]);
        let before = u64::from(self.before[k]);
        let case = u64::from(self.case[k]);
        let gap = splitter.gaps[k] as u64;
        out.push(F::new(BIAS).id());
        out.push(F::new(1).with(rule).id());
        out.push(F::new(2).with(before).with(rule).id());
        out.push(F::new(3).with(lower(prev)).id());
        out.push(F::new(4).with(here.lower).id());
        out.push(F::new(5).with(lower(next)).id());
        out.push(F::new(6).with(lower(prev2)).id());
        out.push(F::new(7).with(shape(prev)).id());
        out.push(F::new(8).with(here.shape).id());
        out.push(F::new(9).with(shape(prev)).with(here.shape).id());
        out.push(F::new(10).with(before).with(here.shape).id());
        out.push(F::new(11).with(before).with(here.lower).id());
        out.push(F::new(12).with(lower(prev)).with(here.shape).id());
        out.push(F::new(13).with(gap).with(before).with(case).id());
        out.push(
            F::new(14)
                .with(u64::from(self.since_stop[k]))
                .with(case)
                .id(),
        );
        out.push(F::new(15).with(u64::from(here.starter)).with(before).id());
        out.push(F::new(16).with(lower(prev)).with(here.lower).id());
        out.push(F::new(17).with(here.shape).with(shape(next)).id());
        out.push(F::new(18).with(gap).id());
        out.push(F::new(19).with(before).with(case).with(rule).id());
        // A capital on a common word ("Thanks", "Attached") may open a sentence; on another
        // word ("Un" in "Kim Jong Un") it marks a name.
        let common_here = u64::from(here.common);
        let common_prev = u64::from(prev.is_some_and(|p| p.common));
        out.push(F::new(21).with(before).with(case).with(common_here).id());
        out.push(
            F::new(22)
                .with(u64::from(self.case[k - 1]))
                .with(common_prev)
                .with(case)
                .with(common_here)
                .id(),
        );
        out.push(
            F::new(23)
                .with(u64::from(self.since_stop[k]))
                .with(case)
                .with(common_here)
                .id(),
        );
        out.push(
            F::new(20)
                .with(u64::from(self.since_stop[k]))
                .with(before)
                .with(rule)
                .id(),
        );
    }
}

/// Calls `visit` with the features of every candidate boundary in `text` and whether a gold
/// sentence starts there (`gold_starts`: byte offsets). Training and inference share the
/// feature code, so they cannot drift apart. `resources` should carry no model: the rules'
/// decisions are part of the features.
pub fn for_each_boundary_instance(
    text: &str,
    tokens: &[Token],
    resources: &TextResources,
    gold_starts: &std::collections::HashSet<u32>,
    visit: &mut dyn FnMut(&[u32], bool),
) {
    let mut splitter = Splitter::new(text, tokens, resources);
    let paragraphs = splitter.paragraph_ranges();
    splitter.apply_rules(&paragraphs);
    let mut features = Features::new(&splitter);
    let mut buffer = Vec::with_capacity(32);
    for &(a, b) in &paragraphs {
        for (k, token) in tokens.iter().enumerate().take(b).skip(a + 1) {
            if features.model_decides(&splitter, k) {
                features.extract(&splitter, k, &mut buffer);
                visit(&buffer, gold_starts.contains(&token.span.start));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;
    use crate::text::tokenize::tokenize;

    fn sentences(text: &str) -> Vec<&str> {
        let resources = Resources::load().unwrap();
        let mut tokens = Vec::new();
        tokenize(text, &resources.text, &mut tokens);
        let (_, sentences) = split(text, &tokens, &resources.text);
        sentences.iter().map(|s| &text[s.span]).collect()
    }

    macro_rules! sentence_cases {
        ($($name:ident: $text:expr => [$($s:expr),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(sentences($text), vec![$($s),*]);
            }
        )*};
    }

    sentence_cases! {
        titles_never_end_sentences:
            "Gen. Min Aung Hlaing met Sen. Smith and Mr. Kim. They talked." =>
            ["Gen. Min Aung Hlaing met Sen. Smith and Mr. Kim.", "They talked."];
        acronyms_end_sentences_before_starters_only:
            "I work for the U.S. Government in Virginia. I live in the U.S. How about you?" =>
            ["I work for the U.S. Government in Virginia.", "I live in the U.S.", "How about you?"];
        initials_and_the_pronoun_i:
            "We make a good team, you and I. Did you see Albert I. Jones yesterday?" =>
            ["We make a good team, you and I.", "Did you see Albert I. Jones yesterday?"];
        months_and_numbers:
            "Talks began on Jan. 5 in Geneva. No. 10 said so on Sept. 3." =>
            ["Talks began on Jan. 5 in Geneva.", "No. 10 said so on Sept. 3."];
        decimals_and_money:
            "Output rose 2.5 pct to $100.00. It was the best month." =>
            ["Output rose 2.5 pct to $100.00.", "It was the best month."];
        quotes_close_their_sentence:
            "\"We will not negotiate.\" He left. \"Why?\" asked a reporter." =>
            ["\"We will not negotiate.\"", "He left.", "\"Why?\" asked a reporter."];
        quotes_running_across_sentences:
            "\"We are ready. We have always been ready,\" the envoy said. Talks resume Monday." =>
            ["\"We are ready.", "We have always been ready,\" the envoy said.", "Talks resume Monday."];
        reuters_dateline_and_wrapped_lines:
            "WASHINGTON (Reuters) - The U.S. Treasury said\non Monday it would sell bonds.\n    The sale is due Feb. 26." =>
            ["WASHINGTON (Reuters) - The U.S. Treasury said\non Monday it would sell bonds.", "The sale is due Feb. 26."];
        names_are_not_sentence_ends:
            "Kim Jong Un accused the envoy. Secretary of State Antony Blinken met President Joe Biden." =>
            ["Kim Jong Un accused the envoy.", "Secretary of State Antony Blinken met President Joe Biden."];
        headline_is_its_own_sentence:
            "N. Korea rejects talks offer\n\nPyongyang said on Thursday it would not talk." =>
            ["N. Korea rejects talks offer", "Pyongyang said on Thursday it would not talk."];
        parenthesised_sentence:
            "(Laughter.) There is a painting on my wall." =>
            ["(Laughter.)", "There is a painting on my wall."];
        company_abbreviations:
            "They closed the deal with Pitt, Briggs & Co. It closed yesterday. Acme Inc. shares rose." =>
            ["They closed the deal with Pitt, Briggs & Co.", "It closed yesterday.", "Acme Inc. shares rose."];
        numbered_lists:
            "1.) The first item 2.) The second item" => ["1.) The first item", "2.) The second item"];
        lettered_lists:
            "a. The first item b. The second item c. The third list item" =>
            ["a. The first item", "b. The second item", "c. The third list item"];
        bullets:
            "• 9. The first item • 10. The second item" => ["• 9. The first item", "• 10. The second item"];
        short_lines:
            "features\ncontact manager\nevents, activities\n" => ["features", "contact manager", "events, activities"];
        one_wrapped_line_is_not_a_list:
            "This is a sentence\ncut off in the middle because pdf." => ["This is a sentence\ncut off in the middle because pdf."];
        ellipses:
            "I never meant that.... She left the store. I wasn't really ... well, what I mean...see . . . I didn't mean it." =>
            ["I never meant that....", "She left the store.", "I wasn't really ... well, what I mean...see . . . I didn't mean it."];
        times:
            "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store." =>
            ["At 5 a.m. Mr. Smith went to the bank.", "He left the bank at 6 P.M.", "Mr. Smith then went to the store."];
    }

    #[test]
    fn no_tokens_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\n ").is_empty());
    }

    #[test]
    fn paragraph_breaks() {
        assert_eq!(classify_gap(" "), Gap::Space);
        assert_eq!(classify_gap("\n"), Gap::Newline);
        assert_eq!(classify_gap("\r\n"), Gap::Newline);
        assert_eq!(classify_gap("\n\n"), Gap::Paragraph);
        assert_eq!(classify_gap("\r\n \r\n"), Gap::Paragraph);
        assert_eq!(classify_gap("\n    "), Gap::Paragraph);
        assert_eq!(classify_gap("\u{2029}"), Gap::Paragraph);
    }
}
