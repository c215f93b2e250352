//! Findings: problems with the input that did not stop the analysis.

use serde::Serialize;

use crate::span::Span;

/// A problem with the input, reported in the record's `findings` array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: FindingCode,
    pub message: String,
    /// Where in the text, when the problem has a place.
    pub span: Option<Span>,
}

impl Finding {
    pub fn new(code: FindingCode, message: impl Into<String>) -> Finding {
        Finding {
            code,
            message: message.into(),
            span: None,
        }
    }

    /// The same finding, placed at `start..end` (bytes).
    pub fn at(mut self, start: usize, end: usize) -> Finding {
        self.span = Some(Span::new(start, end));
        self
    }
}

/// The closed set of finding codes. Each is stable: archives and users filter on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum FindingCode {
    /// The article has no text at all.
    #[serde(rename = "input.empty-text")]
    EmptyText,
    /// The article has a headline but no body.
    #[serde(rename = "input.empty-body")]
    EmptyBody,
    /// An article file has no blank line between its date line and its body.
    #[serde(rename = "input.no-blank-line")]
    NoBlankLine,
    /// The text holds U+FFFD: it was decoded lossily before it reached us.
    #[serde(rename = "input.replacement-character")]
    ReplacementCharacter,
    /// The text holds sequences typical of UTF-8 decoded as Windows-1252 (`â€™`).
    #[serde(rename = "input.mojibake")]
    Mojibake,
    /// The text holds control characters other than tab, line feed, carriage return, form feed.
    #[serde(rename = "input.control-characters")]
    ControlCharacters,
    /// The text is over 5 MiB.
    #[serde(rename = "input.large-text")]
    LargeText,
    /// The article is dated after the knowledge base's horizon: office holders may have
    /// changed since, and roles resolve with what was known then.
    #[serde(rename = "kb.past-horizon")]
    PastKbHorizon,
}

impl FindingCode {
    /// Every code, in documentation order.
    pub const ALL: [FindingCode; 8] = [
        FindingCode::EmptyText,
        FindingCode::EmptyBody,
        FindingCode::NoBlankLine,
        FindingCode::ReplacementCharacter,
        FindingCode::Mojibake,
        FindingCode::ControlCharacters,
        FindingCode::LargeText,
        FindingCode::PastKbHorizon,
    ];

    /// The code as it appears in the record, e.g. `input.empty-body`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::EmptyText => "input.empty-text",
            FindingCode::EmptyBody => "input.empty-body",
            FindingCode::NoBlankLine => "input.no-blank-line",
            FindingCode::ReplacementCharacter => "input.replacement-character",
            FindingCode::Mojibake => "input.mojibake",
            FindingCode::ControlCharacters => "input.control-characters",
            FindingCode::LargeText => "input.large-text",
            FindingCode::PastKbHorizon => "kb.past-horizon",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_code_matches_as_str() {
        for code in FindingCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, code.as_str());
        }
    }
}
