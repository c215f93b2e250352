//! The tokenizer: words, numbers, punctuation, URLs and e-mail addresses as byte spans.
//!
//! It follows Penn Treebank conventions where later layers need them (clitics split: `do n't`,
//! `Pyongyang 's`; punctuation apart) and keeps together what news writes as one unit:
//! abbreviations with their period (`U.S.`, `Gen.`, `a.m.`), decimals and thousands (`5.93`,
//! `155,221`), times (`3:30`), hyphenated words (`long-term`), `AT&T`, URLs and addresses.
//! An abbreviation keeps its period even at the end of a sentence; the sentence splitter decides
//! whether that period also ends the sentence.

use crate::resources::{AbbreviationClass, TextResources};
use crate::span::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters, possibly with digits, hyphens, apostrophes or an abbreviation's periods.
    Word,
    /// Digits with decimal, thousands, time or fraction separators.
    Number,
    /// Punctuation: `.`, `,`, quotes, brackets, dashes, ellipses, `?!`.
    Punct,
    /// Any other symbol: `$`, `%`, `°`, `+`, `•`.
    Symbol,
    Url,
    Email,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Appends the tokens of `text` to `out`.
pub fn tokenize(text: &str, resources: &TextResources, out: &mut Vec<Token>) {
    let mut scanner = Scanner {
        text,
        pos: 0,
        resources,
        out,
    };
    scanner.run();
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    resources: &'a TextResources,
    out: &'a mut Vec<Token>,
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '°' || is_combining_mark(c)
}

#[inline]
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{200d}')
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

impl Scanner<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.text[..i].chars().next_back()
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        debug_assert!(start < end);
        self.out.push(Token {
            span: Span::new(start, end),
            kind,
        });
    }

    fn run(&mut self) {
        let len = self.text.len();
        while self.pos < len {
            let Some(c) = self.char_at(self.pos) else {
                break;
            };
            if c.is_whitespace() {
                self.pos += c.len_utf8();
                continue;
            }
            let start = self.pos;
            if let Some(end) = self.url_or_email(start) {
                self.pos = end;
                continue;
            }
            if is_word_char(c) {
                self.word(start);
            } else if c == '.' {
                self.dots(start);
            } else if c == '!' || c == '?' {
                let end = self.run_of(start, |c| c == '!' || c == '?');
                self.push(start, end, TokenKind::Punct);
                self.pos = end;
            } else if c == '-' {
                let end = self.run_of(start, |c| c == '-');
                self.push(start, end, TokenKind::Punct);
                self.pos = end;
            } else if (c == '@' || c == '#')
                && self.char_at(start + 1).is_some_and(|n| n.is_alphanumeric())
            {
                // @handles and #hashtags stay whole (a clitic after them still splits).
                self.word_from(start, start + 1, Some(TokenKind::Word));
            } else if (c == '\'' || c == '`') && self.char_at(start + 1) == Some(c) {
                // '' and ``: one quotation mark, as in the Penn Treebank (NYT text writes
                // them for curly quotes).
                self.push(start, start + 2, TokenKind::Punct);
                self.pos = start + 2;
            } else if is_apostrophe(c) && self.leading_apostrophe_word(start) {
                // '90s, 'em
            } else {
                let end = start + c.len_utf8();
                let kind = if is_punctuation(c) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                };
                self.push(start, end, kind);
                self.pos = end;
            }
        }
    }

    fn run_of(&self, start: usize, pred: impl Fn(char) -> bool) -> usize {
        let mut end = start;
        for c in self.text[start..].chars() {
            if !pred(c) {
                break;
            }
            end += c.len_utf8();
        }
        end
    }

    /// `'90s`: an apostrophe that opens a word of digits.
    fn leading_apostrophe_word(&mut self, start: usize) -> bool {
        let next = start + self.char_at(start).map_or(1, char::len_utf8);
        if !self.char_at(next).is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        let before = self.char_before(start);
        if before.is_some_and(is_word_char) {
            return false;
        }
        self.word_from(start, next, Some(TokenKind::Word));
        true
    }

    /// A URL (`http://`, `https://`, `www.`) or an e-mail address starting at `start`: the
    /// whitespace-delimited chunk less trailing punctuation. Returns the end when it pushed one.
    fn url_or_email(&mut self, start: usize) -> Option<usize> {
        let rest = &self.text[start..];
        let first = rest.as_bytes()[0];
        if !first.is_ascii_alphanumeric() {
            return None;
        }
        let chunk_len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let chunk = &rest[..chunk_len];
        let lower_starts = |p: &str| {
            chunk.len() > p.len() && chunk.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        };
        let kind = if lower_starts("http://") || lower_starts("https://") || lower_starts("www.") {
            TokenKind::Url
        } else if let Some(at) = chunk.find('@') {
            let domain = &chunk[at + 1..];
            let is_email = at > 0
                && domain.contains('.')
                && chunk[..at]
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                && domain
                    .as_bytes()
                    .first()
                    .is_some_and(u8::is_ascii_alphanumeric);
            if !is_email {
                return None;
            }
            TokenKind::Email
        } else {
            return None;
        };
        let trimmed = chunk.trim_end_matches(|c: char| {
            matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '”' | '’' | '>'
            )
        });
        // A URL keeps a closing parenthesis that closes one of its own.
        let mut end = trimmed.len();
        if kind == TokenKind::Url && chunk[end..].starts_with(')') && trimmed.contains('(') {
            end += 1;
        }
        if kind == TokenKind::Email && !trimmed[trimmed.find('@')? + 1..].contains('.') {
            return None;
        }
        self.push(start, start + end, kind);
        Some(start + end)
    }

    /// Periods: an ellipsis (`...`, `....`, `. . .`) or one period.
    fn dots(&mut self, start: usize) {
        let attached = self.run_of(start, |c| c == '.');
        if attached - start >= 2 {
            self.push(start, attached, TokenKind::Punct);
            self.pos = attached;
            return;
        }
        // A decimal with no leading digit: .5
        if self.char_at(start + 1).is_some_and(|c| c.is_ascii_digit())
            && !self.char_before(start).is_some_and(is_word_char)
        {
            self.word_from(start, start + 1, None);
            return;
        }
        // Spaced ellipsis ". . ." starts after white space (or at the start): a period attached
        // to a word ("compounds. . . .") is that word's sentence end, and the dots after it form
        // their own ellipsis.
        let after_space = self.char_before(start).is_none_or(|c| c.is_whitespace());
        if after_space {
            let bytes = self.text.as_bytes();
            let mut end = start + 1;
            let mut dots = 1;
            while end + 1 < bytes.len() && bytes[end] == b' ' && bytes[end + 1] == b'.' {
                end += 2;
                dots += 1;
            }
            if dots >= 3 {
                self.push(start, end, TokenKind::Punct);
                self.pos = end;
                return;
            }
        }
        self.push(start, start + 1, TokenKind::Punct);
        self.pos = start + 1;
    }

    /// A word scanned from `body` whose first token starts earlier, at `start` (`@` of a
    /// handle, `'` of `'90s`, `.` of `.5`), optionally of another kind.
    fn word_from(&mut self, start: usize, body: usize, kind: Option<TokenKind>) {
        let first = self.out.len();
        self.word(body);
        let token = &mut self.out[first];
        token.span = Span::new(start, token.span.end as usize);
        if let Some(kind) = kind {
            token.kind = kind;
        }
    }

    /// A word or number from `start`, then the clitic split and the abbreviation period.
    fn word(&mut self, start: usize) {
        let text = self.text;
        let mut end = start;
        let mut lower_run = 0usize; // lower-case letters just before `end`
        loop {
            // The run of word characters.
            for c in text[end..].chars() {
                if !is_word_char(c) {
                    break;
                }
                lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
                end += c.len_utf8();
            }
            let Some(joiner) = self.char_at(end) else {
                break;
            };
            let after = end + joiner.len_utf8();
            let Some(next) = self.char_at(after) else {
                break;
            };
            if !is_word_char(next) {
                break;
            }
            let Some(prev) = self.char_before(end).filter(|_| end > start) else {
                break;
            };
            let joins = match joiner {
                // "world.Today" and "1,000.That" are two sentences run together.
                '.' => {
                    !(next.is_uppercase()
                        && ((prev.is_lowercase() && lower_run >= 2) || prev.is_ascii_digit()))
                }
                '\'' | '’' => true,
                '-' | '‐' | '/' => true,
                ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                ':' => prev.is_ascii_digit() && next.is_ascii_digit(),
                '&' => prev.is_uppercase() && next.is_uppercase(),
                _ => false,
            };
            if !joins {
                break;
            }
            lower_run = 0;
            end = after;
        }

        // The abbreviation period.
        if text[end..].starts_with('.') && !text[end + 1..].starts_with('.') {
            let word = &text[start..end];
            if self.is_abbreviation(word, end + 1) {
                end += 1;
                // "U.S.-led"
                let hyphenated =
                    text[end..].starts_with('-') && self.char_at(end + 1).is_some_and(is_word_char);
                if hyphenated {
                    end = self.run_of(end + 1, |c| is_word_char(c) || c == '-');
                    while text[..end].ends_with('-') {
                        end -= 1;
                    }
                }
            }
        }
        let word = &text[start..end];
        let kind = if word.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && !word.contains(|c: char| c.is_alphabetic())
        {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        match clitic_split(word) {
            Some(at) if kind == TokenKind::Word => {
                self.push(start, start + at, TokenKind::Word);
                self.push(start + at, end, TokenKind::Word);
            }
            _ => self.push(start, end, kind),
        }
        self.pos = end;
    }

    /// Whether `word` followed by a period (whose next char is at `after`) is an abbreviation.
    fn is_abbreviation(&self, word: &str, after: usize) -> bool {
        // Single letters are initials (Jonas E. Smith) and letter-dot forms are acronyms (U.S.,
        // a.m., Ph.D.).
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return c.is_alphabetic();
        }
        if word.contains('.')
            && word.split('.').all(|part| {
                let n = part.chars().count();
                (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
            })
        {
            return true;
        }
        match self.resources.abbreviation(word) {
            Some(AbbreviationClass::Numero) => {
                let rest = self.text[after..].trim_start_matches([' ', '\u{a0}']);
                rest.starts_with(|c: char| c.is_ascii_digit())
            }
            Some(_) => true,
            None => false,
        }
    }
}

/// Where a word's clitic starts: `do|n't`, `Kim|'s`, `we|'re`. None when it has none.
fn clitic_split(word: &str) -> Option<usize> {
    // Clitics are short: look only at the word's tail, without allocating.
    let apostrophe = word.rfind(['\'', '’'])?;
    let after = &word[apostrophe..];
    let tail = after.trim_start_matches(['\'', '’']);
    let mut at = None;
    if tail.eq_ignore_ascii_case("t") && word[..apostrophe].ends_with(['n', 'N']) {
        at = Some(apostrophe - 1);
    } else if ["s", "m", "d", "re", "ve", "ll"]
        .iter()
        .any(|c| tail.eq_ignore_ascii_case(c))
    {
        at = Some(apostrophe);
    }
    at.filter(|&i| i > 0)
}

/// Punctuation in the sense of Unicode's P* categories, approximated for the characters news
/// uses; everything else that is not a word character is a symbol.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        && !matches!(
            c,
            '$' | '%' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '#' | '@' | '&' | '*'
        )
        || matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '„'
                | '‚'
                | '–'
                | '—'
                | '―'
                | '…'
                | '¿'
                | '¡'
                | '·'
                | '‐'
                | '‑'
                | '‒'
                | '、'
                | '。'
                | '「'
                | '」'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Resources;

    fn tokens(text: &str) -> Vec<&str> {
        let resources = Resources::load().unwrap();
        let mut out = Vec::new();
        tokenize(text, &resources.text, &mut out);
        out.iter().map(|t| &text[t.span]).collect()
    }

    macro_rules! token_cases {
        ($($name:ident: $text:expr => [$($tok:expr),* $(,)?];)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(tokens($text), vec![$($tok),*]);
            }
        )*};
    }

    token_cases! {
        abbreviations_keep_their_period:
            "Gen. Smith met U.S. officials at 5 a.m. on Jan. 5." =>
            ["Gen.", "Smith", "met", "U.S.", "officials", "at", "5", "a.m.", "on", "Jan.", "5", "."];
        numbers_keep_separators:
            "155,221 bags, 5.93 mln at 3:30, up 2.5%." =>
            ["155,221", "bags", ",", "5.93", "mln", "at", "3:30", ",", "up", "2.5", "%", "."];
        clitics_split_penn_style:
            "Pyongyang's envoy didn't say, and we're told they won’t." =>
            ["Pyongyang", "'s", "envoy", "did", "n't", "say", ",", "and", "we", "'re", "told", "they", "wo", "n’t", "."];
        quotes_and_brackets_apart:
            "\"We will,\" he said (Reuters) - “fine”." =>
            ["\"", "We", "will", ",", "\"", "he", "said", "(", "Reuters", ")", "-", "“", "fine", "”", "."];
        hyphens_and_ampersands_join:
            "A long-term AT&T deal, U.S.-led." =>
            ["A", "long-term", "AT&T", "deal", ",", "U.S.-led", "."];
        run_together_sentences_split:
            "Hello world.Today is Tuesday.Mr. Smith bought 1,000.That is a lot." =>
            ["Hello", "world", ".", "Today", "is", "Tuesday", ".", "Mr.", "Smith", "bought", "1,000", ".", "That", "is", "a", "lot", "."];
        urls_and_emails_whole:
            "Mail Jane.Doe@example.com. See https://www.example.50.com/a_b.html. Or www.x.org)" =>
            ["Mail", "Jane.Doe@example.com", ".", "See", "https://www.example.50.com/a_b.html", ".", "Or", "www.x.org", ")"];
        ellipses:
            "that.... She said... so . . . yes. . . . The end" =>
            ["that", "....", "She", "said", "...", "so", ". . .", "yes", ".", ". . .", "The", "end"];
        numero_only_before_numbers:
            "Room No. 5, and the answer was no. Then p. 55 and N°. 10" =>
            ["Room", "No.", "5", ",", "and", "the", "answer", "was", "no", ".", "Then", "p.", "55", "and", "N°.", "10"];
        unknown_words_lose_their_period:
            "He left Pyongyang. It rained." => ["He", "left", "Pyongyang", ".", "It", "rained", "."];
        capitals_of_listed_abbreviations:
            "ACME INC. SETS PAYOUT" => ["ACME", "INC.", "SETS", "PAYOUT"];
        handles_and_decades:
            "@KCNA posted #Korea news in the '90s" => ["@KCNA", "posted", "#Korea", "news", "in", "the", "'90s"];
        doubled_quote_marks_are_one_token:
            "``Yes,'' she said. ''No.''" =>
            ["``", "Yes", ",", "''", "she", "said", ".", "''", "No", ".", "''"];
        clitics_after_handles:
            "@Realdonaldtrump's statement and the '90s's end" =>
            ["@Realdonaldtrump", "'s", "statement", "and", "the", "'90s", "'s", "end"];
    }

    #[test]
    fn spans_are_in_order_and_on_char_boundaries() {
        let text = "Genève — “Élysée”… 5°C, naïve café.";
        let resources = Resources::load().unwrap();
        let mut out = Vec::new();
        tokenize(text, &resources.text, &mut out);
        let mut last = 0;
        for t in &out {
            assert!(t.span.start as usize >= last);
            assert!(text.is_char_boundary(t.span.start as usize));
            assert!(text.is_char_boundary(t.span.end as usize));
            last = t.span.end as usize;
        }
        assert_eq!(
            tokens(text),
            vec![
                "Genève", "—", "“", "Élysée", "”", "…", "5°C", ",", "naïve", "café", "."
            ]
        );
    }
}
