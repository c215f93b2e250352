//! TimeML in and out: the writer behind `analyze --format timeml`, and the reader of TimeML
//! gold files (`*.tml`) that `eval timex` scores against.
//!
//! Offsets in [`TimexAnnotation`] are Unicode code points into the plain text, as in the
//! TempEval-3 interchange files (`shared/data/tempeval3/anchors`).

use std::fmt::Write;

use dateline_engine::Document;
use dateline_engine::layers::TimexType;

/// A TIMEX3 over the plain text of a TimeML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimexAnnotation {
    /// Code-point offsets into the plain text, half-open.
    pub start: usize,
    pub end: usize,
    /// The attributes as written; a missing attribute is the empty string, which never equals
    /// a real type or value.
    pub tid: String,
    pub timex_type: String,
    pub value: String,
}

/// What the scorer needs from one TimeML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimemlDocument {
    /// The `value` of the TIMEX3 inside `<DCT>`.
    pub dct: Option<String>,
    /// The content of `<TEXT>` with the tags removed and the entities decoded.
    pub text: String,
    /// The TIMEX3 elements inside `<TEXT>` whose content is plain text and not empty, in
    /// document order.
    pub timexes: Vec<TimexAnnotation>,
}

/// The indices of the spans inline markup can hold: no empty spans and no overlaps. Spans are
/// taken by start, the longer first, and one overlapping a span already kept is dropped.
/// The indices come back in that order.
pub fn inline_representable(extents: &[(usize, usize)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..extents.len()).collect();
    // Stable, so of two identical spans the first listed is the one kept.
    order.sort_by_key(|&i| (extents[i].0, std::cmp::Reverse(extents[i].1)));
    let mut kept = Vec::with_capacity(order.len());
    let mut last_end = None;
    for i in order {
        let (start, end) = extents[i];
        if end <= start || last_end.is_some_and(|last| start < last) {
            continue;
        }
        kept.push(i);
        last_end = Some(end);
    }
    kept
}

// ---------------------------------------------------------------------------------------------
// Writer

/// A time expression to write inline: byte offsets into the text and the TIMEX3 attributes.
pub struct InlineTimex<'a> {
    pub start: usize,
    pub end: usize,
    pub timex_type: &'static str,
    pub value: &'a str,
    pub modifier: Option<&'a str>,
    pub freq: Option<&'a str>,
    pub quant: Option<&'a str>,
}

/// One analysed document as a TimeML document: the article date as the DCT, the headline as
/// `TITLE`, and the whole record text in `TEXT` with the time expressions as inline TIMEX3
/// elements. The result ends with a newline.
pub fn render(doc: &Document) -> String {
    let timexes: Vec<InlineTimex<'_>> = doc
        .timexes
        .iter()
        .map(|t| InlineTimex {
            start: t.span.start as usize,
            end: t.span.end as usize,
            timex_type: timex_type_name(t.timex_type),
            value: &t.value,
            modifier: t.modifier.as_deref(),
            freq: t.freq.as_deref(),
            quant: t.quant.as_deref(),
        })
        .collect();
    write_document(
        &doc.meta.id,
        &doc.meta.date.to_string(),
        doc.meta.title.as_deref(),
        &doc.text,
        &timexes,
    )
}

/// The TimeML document of a text. Overlapping timexes cannot be inline: the earlier, then the
/// longer, one is kept ([`inline_representable`]). Offsets must fall on char boundaries.
pub fn write_document(
    id: &str,
    date: &str,
    title: Option<&str>,
    text: &str,
    timexes: &[InlineTimex<'_>],
) -> String {
    let date = escape_attribute(date);
    let mut out = String::with_capacity(text.len() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TimeML>\n");
    let _ = writeln!(out, "<DOCID>{}</DOCID>", escape_text(id));
    let _ = writeln!(
        out,
        "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{date}\" temporalFunction=\"false\" \
         functionInDocument=\"CREATION_TIME\">{date}</TIMEX3></DCT>"
    );
    if let Some(title) = title {
        let _ = writeln!(out, "<TITLE>{}</TITLE>", escape_text(title));
    }
    out.push_str("<TEXT>");
    let extents: Vec<(usize, usize)> = timexes.iter().map(|t| (t.start, t.end)).collect();
    let mut written = 0;
    for (n, i) in inline_representable(&extents).into_iter().enumerate() {
        let timex = &timexes[i];
        out.push_str(&escape_text(&text[written..timex.start]));
        let _ = write!(
            out,
            "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\"",
            n + 1,
            timex.timex_type,
            escape_attribute(timex.value)
        );
        for (name, attribute) in [
            ("mod", timex.modifier),
            ("freq", timex.freq),
            ("quant", timex.quant),
        ] {
            if let Some(attribute) = attribute {
                let _ = write!(out, " {name}=\"{}\"", escape_attribute(attribute));
            }
        }
        let _ = write!(
            out,
            ">{}</TIMEX3>",
            escape_text(&text[timex.start..timex.end])
        );
        written = timex.end;
    }
    out.push_str(&escape_text(&text[written..]));
    out.push_str("</TEXT>\n</TimeML>\n");
    out
}

pub fn timex_type_name(timex_type: TimexType) -> &'static str {
    match timex_type {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Character data. A carriage return becomes a reference, since a parser turns a raw one into
/// a line feed; other characters XML cannot carry raw become references too.
fn escape_text(text: &str) -> String {
    escape(text, false)
}

/// An attribute value in double quotes; white space other than the space is a reference, since
/// parsers normalise it to spaces.
fn escape_attribute(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' if !attribute => out.push(c),
            // XML 1.0 allows these three as references; other control characters not even
            // so: they become U+FFFD, one code point for one, so offsets still hold.
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reader

/// Reads one TimeML document. The error is one line (with the line number where it helps);
/// the caller names the file.
///
/// The markup must nest properly. Line ends are normalised as XML prescribes (CR LF and a lone
/// CR become LF); the five XML entities and character references are decoded; comments,
/// processing instructions and the document type declaration are skipped; CDATA is text.
pub fn read(source: &str) -> Result<TimemlDocument, String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let normalised;
    let source = if source.contains('\r') {
        normalised = source.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        source
    };
    let at_line = |offset: usize, message: String| -> String {
        let line = source[..offset.min(source.len())].matches('\n').count() + 1;
        format!("line {line}: {message}")
    };

    struct OpenTimex {
        start: usize,
        attributes: Vec<(String, String)>,
        has_markup: bool,
    }
    let mut stack: Vec<&str> = Vec::new();
    let mut text = String::new();
    let mut text_chars = 0usize;
    // Depth in the element stack of the open <TEXT>, and whether one was seen.
    let mut text_depth: Option<usize> = None;
    let mut seen_text = false;
    let mut dct_depth: Option<usize> = None;
    let mut dct: Option<String> = None;
    let mut open_timexes: Vec<OpenTimex> = Vec::new();
    let mut timexes = Vec::new();
    let mut seen_root = false;

    let mut markup = Markup::new(source);
    while let Some(item) = markup.next_item() {
        let (offset, item) = item.map_err(|(offset, message)| at_line(offset, message))?;
        match item {
            Item::Text { content, raw } => {
                if text_depth.is_some() {
                    let decoded = if raw {
                        content.to_string()
                    } else {
                        decode_entities(content).map_err(|m| at_line(offset, m))?
                    };
                    text_chars += decoded.chars().count();
                    text.push_str(&decoded);
                } else if stack.is_empty() && !content.trim().is_empty() {
                    return Err(at_line(offset, "text outside the root element".to_string()));
                }
            }
            Item::Start {
                name,
                attributes,
                empty,
            } => {
                if stack.is_empty() && seen_root {
                    return Err(at_line(offset, format!("a second root element <{name}>")));
                }
                seen_root = true;
                let attributes = parse_attributes(attributes).map_err(|m| at_line(offset, m))?;
                if dct_depth.is_some() && name == "TIMEX3" && dct.is_none() {
                    dct = Some(attribute(&attributes, "value").to_string());
                }
                if text_depth.is_some() {
                    // A TIMEX3 around other markup is not scored: TempEval-3 only sees plain
                    // content.
                    for open in &mut open_timexes {
                        open.has_markup = true;
                    }
                    if name == "TIMEX3" && !empty {
                        open_timexes.push(OpenTimex {
                            start: text_chars,
                            attributes,
                            has_markup: false,
                        });
                    }
                }
                if name == "TEXT" {
                    if seen_text {
                        return Err(at_line(offset, "a second <TEXT> element".to_string()));
                    }
                    seen_text = true;
                }
                if !empty {
                    match name {
                        "TEXT" => text_depth = Some(stack.len()),
                        "DCT" if dct_depth.is_none() => dct_depth = Some(stack.len()),
                        _ => {}
                    }
                    stack.push(name);
                }
            }
            Item::End { name } => {
                let Some(open) = stack.pop() else {
                    return Err(at_line(offset, format!("</{name}> closes nothing")));
                };
                if open != name {
                    return Err(at_line(offset, format!("</{name}> closes <{open}>")));
                }
                let depth = stack.len();
                if text_depth == Some(depth) {
                    text_depth = None;
                } else if text_depth.is_some() && name == "TIMEX3" {
                    // Every TIMEX3 closing inside TEXT opened inside it: the tags nest.
                    if let Some(timex) = open_timexes.pop()
                        && !timex.has_markup
                        && text_chars > timex.start
                    {
                        timexes.push(TimexAnnotation {
                            start: timex.start,
                            end: text_chars,
                            tid: attribute(&timex.attributes, "tid").to_string(),
                            timex_type: attribute(&timex.attributes, "type").to_string(),
                            value: attribute(&timex.attributes, "value").to_string(),
                        });
                    }
                }
                if dct_depth == Some(depth) {
                    dct_depth = None;
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{open}> is never closed"));
    }
    if !seen_text {
        return Err("no <TEXT> element".to_string());
    }
    // Nested TIMEX3s end in document order of their closing tags; the scorer wants openings.
    timexes.sort_by_key(|t: &TimexAnnotation| t.start);
    Ok(TimemlDocument { dct, text, timexes })
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> &'a str {
    attributes
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

enum Item<'a> {
    /// Character data; `raw` for CDATA, which has no entities.
    Text {
        content: &'a str,
        raw: bool,
    },
    Start {
        name: &'a str,
        attributes: &'a str,
        empty: bool,
    },
    End {
        name: &'a str,
    },
}

/// A pull scanner over XML markup: text, start tags, end tags. Offsets are bytes into the source.
struct Markup<'a> {
    source: &'a str,
    at: usize,
}

type MarkupResult<'a> = Result<(usize, Item<'a>), (usize, String)>;

impl<'a> Markup<'a> {
    fn new(source: &'a str) -> Markup<'a> {
        Markup { source, at: 0 }
    }

    fn next_item(&mut self) -> Option<MarkupResult<'a>> {
        loop {
            let rest = &self.source[self.at..];
            if rest.is_empty() {
                return None;
            }
            let start = self.at;
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                self.at += len;
                return Some(Ok((
                    start,
                    Item::Text {
                        content: &rest[..len],
                        raw: false,
                    },
                )));
            }
            let skip_to =
                |this: &mut Self, close: &str, what: &str| -> Result<(), (usize, String)> {
                    match rest.find(close) {
                        Some(i) => {
                            this.at += i + close.len();
                            Ok(())
                        }
                        None => Err((start, format!("unterminated {what}"))),
                    }
                };
            if rest.starts_with("<!--") {
                if let Err(e) = skip_to(self, "-->", "comment") {
                    return Some(Err(e));
                }
                continue;
            }
            if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
                let Some(len) = cdata.find("]]>") else {
                    return Some(Err((start, "unterminated CDATA section".to_string())));
                };
                self.at += "<![CDATA[".len() + len + "]]>".len();
                return Some(Ok((
                    start,
                    Item::Text {
                        content: &cdata[..len],
                        raw: true,
                    },
                )));
            }
            if rest.starts_with("<?") {
                if let Err(e) = skip_to(self, "?>", "processing instruction") {
                    return Some(Err(e));
                }
                continue;
            }
            if rest.starts_with("<!") {
                // <!DOCTYPE …>, possibly with an internal subset in brackets.
                let mut depth = 0usize;
                let end = rest.char_indices().find_map(|(i, c)| match c {
                    '[' => {
                        depth += 1;
                        None
                    }
                    ']' => {
                        depth = depth.saturating_sub(1);
                        None
                    }
                    '>' if depth == 0 => Some(i),
                    _ => None,
                });
                let Some(end) = end else {
                    return Some(Err((start, "unterminated declaration".to_string())));
                };
                self.at += end + 1;
                continue;
            }
            return Some(self.tag(start));
        }
    }

    /// A start or end tag at `start`, which holds `<`.
    fn tag(&mut self, start: usize) -> MarkupResult<'a> {
        let rest = &self.source[start + 1..];
        let (closing, body) = match rest.strip_prefix('/') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let name_len = name_length(body);
        if name_len == 0 {
            return Err((
                start,
                "`<` that starts no tag (write &lt; in text)".to_string(),
            ));
        }
        let name = &body[..name_len];
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = None;
        for (i, c) in body[name_len..].char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '<') => break,
                (None, '>') => {
                    end = Some(name_len + i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return Err((
                start,
                format!("unterminated tag <{}{name}", if closing { "/" } else { "" }),
            ));
        };
        let inner = &body[name_len..end];
        let consumed = 1 + usize::from(closing) + end + 1;
        self.at = start + consumed;
        if closing {
            if !inner.trim().is_empty() {
                return Err((start, format!("junk in the end tag </{name}>")));
            }
            return Ok((start, Item::End { name }));
        }
        let (attributes, empty) = match inner.strip_suffix('/') {
            Some(attributes) => (attributes, true),
            None => (inner, false),
        };
        Ok((
            start,
            Item::Start {
                name,
                attributes,
                empty,
            },
        ))
    }
}

/// The length in bytes of the XML name at the start of `s` (0 when there is none).
fn name_length(s: &str) -> usize {
    let mut len = 0;
    for (i, c) in s.char_indices() {
        let ok = if i == 0 {
            c.is_alphabetic() || c == '_' || c == ':'
        } else {
            c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')
        };
        if !ok {
            break;
        }
        len = i + c.len_utf8();
    }
    len
}

/// `name="value"` pairs (single or double quotes), values decoded.
fn parse_attributes(mut s: &str) -> Result<Vec<(String, String)>, String> {
    let mut attributes = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Ok(attributes);
        }
        let name_len = name_length(s);
        if name_len == 0 {
            return Err(format!("bad attribute syntax at {:?}", abbreviate(s)));
        }
        let name = &s[..name_len];
        let after = s[name_len..].trim_start();
        let Some(after) = after.strip_prefix('=') else {
            return Err(format!("attribute {name} has no value"));
        };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return Err(format!("the value of attribute {name} is not quoted"));
        };
        let Some(len) = after[1..].find(quote) else {
            return Err(format!("the value of attribute {name} is not closed"));
        };
        let value = decode_entities(&after[1..1 + len])?;
        if attributes.iter().any(|(n, _)| n == name) {
            return Err(format!("attribute {name} given twice"));
        }
        attributes.push((name.to_string(), value));
        s = &after[1 + len + 1..];
        if !s.is_empty() && !s.starts_with(char::is_whitespace) {
            return Err(format!("no space after attribute {name}"));
        }
    }
}

fn abbreviate(s: &str) -> String {
    s.chars().take(20).collect()
}

/// Decodes the five XML entities and character references.
pub fn decode_entities(s: &str) -> Result<String, String> {
    if !s.contains('&') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(len) = after.find(';').filter(|&len| len <= 32) else {
            return Err(format!(
                "`&` that starts no entity at {:?}",
                abbreviate(&rest[i..])
            ));
        };
        let entity = &after[..len];
        let decoded = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse().ok()
                } else {
                    return Err(format!("unknown entity &{entity};"));
                };
                match code.filter(|&c| c != 0).and_then(char::from_u32) {
                    Some(c) => c,
                    None => return Err(format!("invalid character reference &{entity};")),
                }
            }
        };
        out.push(decoded);
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_text(doc: &TimemlDocument, t: &TimexAnnotation) -> String {
        doc.text
            .chars()
            .skip(t.start)
            .take(t.end - t.start)
            .collect()
    }

    #[test]
    fn reads_text_timexes_and_dct() {
        let source = "<?xml version=\"1.0\" ?>\r\n<TimeML>\r\n<DOCID>d1</DOCID>\n\
            <DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-01-08\">19980108</TIMEX3></DCT>\n\
            <!-- a comment -->\n<TEXT>\nGenève &amp; Co. &#233;t&#xE9; <EVENT eid=\"e1\">rose</EVENT> \
            <TIMEX3 tid=\"t1\" type='DATE' value=\"1998-W02\">last week</TIMEX3>, \
            <TIMEX3 tid=\"t2\" type=\"DURATION\" value=\"P1D\"><SIGNAL>a</SIGNAL> day</TIMEX3> \
            <TIMEX3 tid=\"t3\" type=\"DATE\" value=\"X\"/>and <![CDATA[a<b]]>.\n</TEXT>\n\
            <TLINK lid=\"l1\" relType=\"BEFORE\"/>\n</TimeML>\n";
        let doc = read(source).unwrap();
        assert_eq!(doc.dct.as_deref(), Some("1998-01-08"));
        assert_eq!(
            doc.text,
            "\nGenève & Co. été rose last week, a day and a<b.\n"
        );
        // The TIMEX3 around a SIGNAL and the empty one are not scored.
        assert_eq!(doc.timexes.len(), 1);
        let t = &doc.timexes[0];
        assert_eq!(
            (t.tid.as_str(), t.timex_type.as_str(), t.value.as_str()),
            ("t1", "DATE", "1998-W02")
        );
        assert_eq!(span_text(&doc, t), "last week");
    }

    #[test]
    fn malformed_files_are_one_line_errors() {
        for (source, expected) in [
            ("<TimeML><TEXT>a</TIMEX3></TEXT></TimeML>", "closes <TEXT>"),
            ("<TimeML><TEXT>a &nbsp; b</TEXT></TimeML>", "unknown entity"),
            ("<TimeML><TEXT>a & b</TEXT></TimeML>", "starts no entity"),
            ("<TimeML><TEXT>a < b</TEXT></TimeML>", "starts no tag"),
            ("<TimeML><TEXT>a</TEXT>", "never closed"),
            ("<TimeML><DCT>x</DCT></TimeML>", "no <TEXT>"),
            ("<TimeML><TEXT a=b>x</TEXT></TimeML>", "not quoted"),
            (
                "<TimeML><TEXT>x</TEXT><TEXT>y</TEXT></TimeML>",
                "second <TEXT>",
            ),
            (
                "<TimeML><TEXT>x &#0; </TEXT></TimeML>",
                "invalid character reference",
            ),
            ("<TimeML><TEXT>x <TIMEX3 tid=\"t1\"", "unterminated tag"),
        ] {
            let error = read(source).unwrap_err();
            assert!(error.contains(expected), "{source:?}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn nested_timexes_keep_the_plain_inner_one() {
        let doc = read(
            "<TimeML><TEXT><TIMEX3 tid=\"t1\" value=\"a\">from <TIMEX3 tid=\"t2\" \
             value=\"b\">May</TIMEX3> on</TIMEX3></TEXT></TimeML>",
        )
        .unwrap();
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].tid, "t2");
        assert_eq!(span_text(&doc, &doc.timexes[0]), "May");
    }

    #[test]
    fn escaping_round_trips_through_the_reader() {
        let awkward = "a & b < c > d \"e\" 'f'\r\ng\th\ti";
        let wrapped = format!("<TimeML><TEXT>{}</TEXT></TimeML>", escape_text(awkward));
        assert_eq!(read(&wrapped).unwrap().text, awkward);
        let attribute = format!(
            "<TimeML><DCT><TIMEX3 value=\"{}\">x</TIMEX3></DCT><TEXT/></TimeML>",
            escape_attribute(awkward)
        );
        assert_eq!(read(&attribute).unwrap().dct.as_deref(), Some(awkward));
    }

    /// XML 1.0 has no way to write U+0001: it becomes U+FFFD, one code point for one.
    #[test]
    fn control_characters_become_replacement_characters() {
        let text = "g\u{1}h\u{1f}i";
        let escaped = escape_text(text);
        assert!(!escaped.contains("&#x1"), "{escaped}");
        let wrapped = format!("<TimeML><TEXT>{escaped}</TEXT></TimeML>");
        let read_back = read(&wrapped).unwrap().text;
        assert_eq!(read_back, "g\u{fffd}h\u{fffd}i");
        assert_eq!(read_back.chars().count(), text.chars().count());
    }

    #[test]
    fn written_documents_read_back_with_their_text_and_timexes() {
        let text = "On Monday & \"Tuesday\" <b> in Genève,\r\nfrom 2009-2010.";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            (start, start + needle.len())
        };
        let timex = |(start, end): (usize, usize), value| InlineTimex {
            start,
            end,
            timex_type: "DATE",
            value,
            modifier: None,
            freq: None,
            quant: None,
        };
        let mut tuesday = timex(at("\"Tuesday\""), "2014-03-04");
        tuesday.modifier = Some("<APPROX>");
        let timexes = [
            timex(at("Monday"), "2014-03-03"),
            tuesday,
            // Overlaps the longer span that starts with it, so it is not written.
            timex(at("2009"), "2009"),
            timex(at("2009-2010"), "2009/2010"),
        ];
        let written = write_document("d&1", "2014-03-05", Some("A <title>"), text, &timexes);
        assert!(written.starts_with("<?xml"), "{written}");
        assert!(written.contains("<DOCID>d&amp;1</DOCID>"), "{written}");
        assert!(
            written.contains("<TITLE>A &lt;title&gt;</TITLE>"),
            "{written}"
        );
        assert!(written.contains("mod=\"&lt;APPROX&gt;\""), "{written}");
        let doc = read(&written).unwrap();
        assert_eq!(doc.text, text);
        assert_eq!(doc.dct.as_deref(), Some("2014-03-05"));
        let found: Vec<(String, &str, &str)> = doc
            .timexes
            .iter()
            .map(|t| (span_text(&doc, t), t.tid.as_str(), t.value.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Monday".to_string(), "t1", "2014-03-03"),
                ("\"Tuesday\"".to_string(), "t2", "2014-03-04"),
                ("2009-2010".to_string(), "t3", "2009/2010"),
            ]
        );
    }

    #[test]
    fn inline_spans_drop_empty_and_overlapping_ones() {
        // (0,4) and (0,9) start together: the longer wins; (5,12) overlaps it; (12,12) is empty;
        // the duplicate (20,25) is dropped after the first.
        let extents = [
            (0, 4),
            (0, 9),
            (5, 12),
            (12, 12),
            (20, 25),
            (20, 25),
            (9, 10),
        ];
        assert_eq!(inline_representable(&extents), vec![1, 6, 4]);
    }
}
