//! The readable text report of a record: the date and headline, then each layer.
//!
//! It is drawn from the same [`Record`] as the JSON output, so its offsets are the record's
//! code-point offsets.

use std::fmt::Write;

use dateline_engine::Record;

/// ANSI styles, or nothing when colour is off.
#[derive(Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    pub fn new(color: bool) -> Style {
        Style { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    fn heading(self, text: &str) -> String {
        self.paint("1;36", text)
    }

    fn warn(self, text: &str) -> String {
        self.paint("33", text)
    }
}

/// Renders one record as text.
pub fn render(record: &Record<'_>, style: Style) -> String {
    let mut out = String::new();
    let doc = &record.document;
    let rule = "─".repeat(60usize.saturating_sub(doc.id.chars().count() + 14));
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!("── {} · {} {rule}", doc.id, doc.date))
    );
    if let Some(title) = doc.title {
        let _ = writeln!(out, "{}", style.bold(title));
    }
    let mut meta = Vec::new();
    if let Some(published) = doc.published {
        meta.push(format!("published {published}"));
    }
    if let Some(source) = doc.source {
        meta.push(format!("source {source}"));
    }
    if let Some(url) = doc.url {
        meta.push(url.to_string());
    }
    meta.push(format!("{} characters", record.text.chars().count()));
    let _ = writeln!(out, "{}", style.dim(&meta.join(" · ")));

    let chars: Vec<char> = record.text.chars().collect();
    let slice = |start: u32, end: u32| -> String {
        let end = (end as usize).min(chars.len());
        let start = (start as usize).min(end);
        chars[start..end]
            .iter()
            .map(|&c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };

    section(&mut out, style, "sentences", record.sentences.len());
    let width = record.sentences.len().to_string().len();
    for (i, s) in record.sentences.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>width$} {} {}",
            i + 1,
            style.dim(&format!("{:>5}–{:<5}", s.start, s.end)),
            slice(s.start, s.end),
        );
    }

    section(&mut out, style, "verb groups", record.verb_groups.len());
    for g in &record.verb_groups {
        let mut features = vec![format!("{:?}", g.tense).to_lowercase()];
        if !matches!(g.aspect, dateline_engine::syntax::chunks::Aspect::Simple) {
            features.push(
                serde_json::to_value(g.aspect)
                    .map(|v| v.as_str().unwrap_or("").to_string())
                    .unwrap_or_default(),
            );
        }
        if matches!(g.voice, dateline_engine::syntax::chunks::Voice::Passive) {
            features.push("passive".to_string());
        }
        if g.negated {
            features.push("negated".to_string());
        }
        if let Some(modal) = g.modal {
            features.push(format!("modal {modal}"));
        }
        if g.hypothetical {
            features.push("hypothetical".to_string());
        }
        if g.speech {
            features.push("speech".to_string());
        }
        let _ = writeln!(
            out,
            "  {} {} ({}) {}",
            span(style, g.start, g.end),
            g.text,
            g.lemma,
            style.dim(&features.join(", "))
        );
    }
    section(&mut out, style, "reported", record.reported.len());
    for r in &record.reported {
        let _ = writeln!(
            out,
            "  {} {} → {}",
            span(style, r.start, r.end),
            style.dim(&format!("[{}]", r.cue.text)),
            slice(r.start, r.end)
        );
    }
    let noun_phrases: Vec<String> = record
        .chunks
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                dateline_engine::syntax::chunks::ChunkKind::NounPhrase
            )
        })
        .map(|c| slice(c.start, c.end))
        .collect();
    section(&mut out, style, "noun phrases", noun_phrases.len());
    if !noun_phrases.is_empty() {
        let _ = writeln!(out, "  {}", noun_phrases.join(" · "));
    }

    section(&mut out, style, "names", record.names.len());
    if !record.names.is_empty() {
        let names: Vec<String> = record
            .names
            .iter()
            .map(|n| {
                format!(
                    "{} {}",
                    n.text,
                    style.dim(&format!("{:?}", n.kind).to_lowercase())
                )
            })
            .collect();
        let _ = writeln!(out, "  {}", names.join(" · "));
    }

    section(&mut out, style, "mentions", record.mentions.len());
    for m in &record.mentions {
        // The role on the article's date, and the leader a government is named by.
        let actor = m.actor.map_or("unlinked".to_string(), |a| {
            let role = a
                .role
                .as_deref()
                .map_or(String::new(), |r| format!(", {r}"));
            format!("{} ({}{role})", a.name, a.id)
        });
        let holder = match (m.holder, m.actor.and_then(|a| a.role.as_deref())) {
            (Some(h), None) => format!(" under {}", h.name),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {} {:?} {} → {actor}{holder}",
            span(style, m.start, m.end),
            m.kind,
            m.text
        );
    }
    section(&mut out, style, "time expressions", record.timexes.len());
    for t in &record.timexes {
        let interval = t
            .interval
            .as_ref()
            .map_or(String::new(), |i| format!(" [{}, {})", i.start, i.end));
        let modifier = t.modifier.map_or(String::new(), |m| format!(" ({m})"));
        let timex_type = serde_json::to_value(t.timex_type).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {} {:?} = {}{modifier}{interval}",
            span(style, t.start, t.end),
            timex_type.as_str().unwrap_or("?"),
            t.text,
            t.value
        );
    }
    section(&mut out, style, "quotes", record.quotes.len());
    for q in &record.quotes {
        let speaker = q
            .speaker
            .as_ref()
            .map_or("unknown speaker".to_string(), |s| {
                let resolved = s
                    .actor
                    .map(|a| a.name.as_str())
                    .or(s.antecedent.as_ref().map(|a| a.text))
                    .filter(|name| {
                        let bare = s.text.strip_prefix("the ").unwrap_or(s.text);
                        !name.eq_ignore_ascii_case(bare)
                    });
                match resolved {
                    Some(name) => format!("{} (= {name})", s.text),
                    None => s.text.to_string(),
                }
            });
        let cue = q
            .cue
            .as_ref()
            .map_or(String::new(), |c| format!(" · cue {:?}", c.text));
        let channel = q
            .channel
            .as_ref()
            .map_or(String::new(), |c| format!(" · channel {:?}", c.text));
        let kind = serde_json::to_value(q.kind).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {} {speaker}{cue}{channel}: {}",
            span(style, q.start, q.end),
            kind.as_str().unwrap_or("?"),
            q.text.replace('\n', " ")
        );
    }
    section(&mut out, style, "events", record.events.len());
    for e in &record.events {
        let who = |text: &str, actor: Option<&dateline_engine::layers::ActorRef>| match actor
            .and_then(|a| a.code.as_deref())
        {
            Some(code) => format!("{text} [{code}]"),
            None => text.to_string(),
        };
        let target = e
            .target
            .as_ref()
            .map_or("–".to_string(), |t| who(t.text, t.actor));
        let place = e
            .place
            .as_ref()
            .map_or(String::new(), |p| format!(" in {}", p.text));
        let _ = writeln!(
            out,
            "  {} {} {} {} · CAMEO {} · {}{place}",
            span(style, e.start, e.end),
            who(e.source.text, e.source.actor),
            style.bold(e.event_type),
            target,
            e.cameo,
            e.date.value
        );
    }
    section(&mut out, style, "flags", record.flags.len());
    for f in &record.flags {
        let _ = writeln!(
            out,
            "  {} {:?} {}",
            style.warn(f.code),
            f.severity,
            f.message
        );
    }
    section(&mut out, style, "findings", record.findings.len());
    for f in &record.findings {
        let place = match (f.start, f.end) {
            (Some(s), Some(e)) => format!(" {}", span(style, s, e)),
            _ => String::new(),
        };
        let _ = writeln!(out, "  {}{place} {}", style.warn(f.code), f.message);
    }
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!(
            "engine {} · data {} ({})",
            record.engine.version, record.engine.data.version, record.engine.data.hash
        ))
    );
    out
}

fn section(out: &mut String, style: Style, name: &str, count: usize) {
    let _ = writeln!(
        out,
        "\n{} {}",
        style.heading(name),
        style.dim(&format!("({count})"))
    );
}

fn span(style: Style, start: u32, end: u32) -> String {
    style.dim(&format!("{start}–{end}"))
}
