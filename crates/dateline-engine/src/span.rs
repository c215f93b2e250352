//! Byte ranges into the article text, shared by every layer.

use std::fmt;
use std::ops::{Index, Range};

/// A half-open byte range `start..end` into a document's text.
///
/// Inside the engine every layer (tokens, sentences, later mentions, timexes, quotes and events)
/// stores its extent as a `Span`. Offsets are bytes and always fall on `char` boundaries; the
/// record converts them to Unicode code points on the way out (see [`crate::record`]).
///
/// ```
/// use dateline_engine::Span;
/// let text = "Pyongyang said";
/// let span = Span::new(0, 9);
/// assert_eq!(&text[span], "Pyongyang");
/// assert_eq!(span.len(), 9);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end`.
    ///
    /// # Panics
    ///
    /// When `start > end`: that is a bug in the annotator that made it.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span {
            start: to_u32(start),
            end: to_u32(end),
        }
    }

    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether `other` lies wholly inside this span.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Text longer than 4 GiB cannot be addressed; the readers refuse such input before it gets here.
fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).expect("text offsets fit in u32: inputs are capped below 4 GiB")
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

impl Index<Span> for String {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self.as_str()[span.range()]
    }
}

/// Maps byte offsets of one text to Unicode code-point offsets, as the record reports them.
///
/// Pure ASCII text (most newswire) needs no table: byte and code-point offsets agree.
pub struct CharOffsets {
    /// For each byte offset that starts a char (and the end), its code-point index; empty for
    /// ASCII text.
    table: Vec<u32>,
}

impl CharOffsets {
    pub fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets { table: Vec::new() };
        }
        let mut table = vec![0u32; text.len() + 1];
        let mut chars = 0u32;
        for (byte, _) in text.char_indices() {
            table[byte] = chars;
            chars += 1;
        }
        table[text.len()] = chars;
        CharOffsets { table }
    }

    /// The code-point offset of byte offset `byte`, which must be a char boundary.
    #[inline]
    pub fn char_offset(&self, byte: u32) -> u32 {
        if self.table.is_empty() {
            byte
        } else {
            self.table[byte as usize]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points_not_bytes() {
        let text = "Genève — Pyongyang";
        let offsets = CharOffsets::new(text);
        let byte = text.find("Pyongyang").unwrap() as u32;
        assert_eq!(offsets.char_offset(byte), 9);
        assert_eq!(
            offsets.char_offset(text.len() as u32),
            text.chars().count() as u32
        );
    }

    #[test]
    fn ascii_text_maps_to_itself() {
        let offsets = CharOffsets::new("plain text");
        assert_eq!(offsets.char_offset(5), 5);
    }

    #[test]
    fn cover_and_contains() {
        let a = Span::new(2, 5);
        let b = Span::new(4, 9);
        assert_eq!(a.cover(b), Span::new(2, 9));
        assert!(a.cover(b).contains(a));
        assert!(!a.contains(b));
    }
}
