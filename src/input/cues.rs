//! What subtitle cues (WebVTT, SRT) share: timestamps, and cue text with tags, voice
//! spans (`<v Name>`) and `Name: text` labels turned into speaker segments that point
//! into the file itself.

use std::ops::Range;

use crate::text::Part;

use super::labels::{is_name, label, normalise_name, Label};
use super::paragraphs::trim_range;
use super::timestamp::Timestamp;
use super::{Anchor, Conversation, SourceMap};

/// One speaker's stretch of a cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    pub speaker: Option<String>,
    pub parts: Vec<Part>,
}

/// Reads the payload lines of one cue. Tags and entities are left out; a voice tag or a
/// `Name: text` label names the speaker; a cue naming no one continues `previous`.
pub(crate) fn payload(text: &str, lines: &[Range<usize>], previous: Option<&str>) -> Vec<Segment> {
    let voiced = lines.iter().any(|r| has_voice_tag(&text[r.clone()]));
    let mut segments: Vec<Segment> = vec![];
    let mut current = Segment { speaker: previous.map(str::to_string), parts: vec![] };
    for r in lines {
        let mut start = r.start;
        let mut hard_break = false;
        if !voiced {
            // Leading tags (`<i>Felix: Deal.</i>`) do not hide a label.
            let lead = leading_markup_end(text, r.clone());
            if let Some(l) = label(text, lead..r.end).or_else(|| label_in_markup(text, lead..r.end)) {
                let name = normalise_name(l.name);
                switch(&mut segments, &mut current, Some(name));
                start = l.text_start;
            } else if let Some(rest) = text[r.clone()].trim_start().strip_prefix('-') {
                // A dialogue dash: someone else speaks, unnamed.
                start = r.end - rest.len();
                hard_break = true;
            }
        }
        let mut pos = start;
        while let Some((tag, after)) = next_markup(text, pos, r.end) {
            push(&mut current, text, pos..tag.start, &mut hard_break);
            if let Some(name) = voice_name(&text[tag.clone()]) {
                switch(&mut segments, &mut current, Some(name));
            }
            pos = after;
        }
        push(&mut current, text, pos..r.end, &mut hard_break);
    }
    switch(&mut segments, &mut current, None);
    segments
}

/// A label closed by markup before its text: `<i>Nadia:</i> What would…`.
fn label_in_markup(text: &str, line: Range<usize>) -> Option<Label<'_>> {
    let (tag, _) = next_markup(text, line.start, line.end)?;
    let name = text[line.start..tag.start].trim_end().strip_suffix(':')?.trim();
    let text_start = leading_markup_end(text, tag.start..line.end);
    (is_name(name) && text_start < line.end).then_some(Label { name, text_start })
}

/// Decodes the character references of subtitle text (`R&amp;D`, `it&#39;s`) into a text
/// that points back at the file: an anchor at each line's start and one after each
/// reference keeps every line and column exact. `&lt;`, `&gt;` and the bidi marks stay
/// as they are (a decoded `<` would read as a tag; the cue reader leaves them out).
/// Without references the text stays the file itself.
pub(crate) fn decode_references(conv: &mut Conversation) {
    let text = &conv.text;
    if !text.contains('&') || !text.match_indices('&').any(|(i, _)| reference(&text[i..]).is_some()) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut anchors = super::Anchors::new();
    let bom = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let body = &text[bom..];
    // Each line with the line end before it (none before the first; the last line end,
    // if any, is pushed after the loop).
    let mut ended = 0;
    for (n, r) in crate::text::lines(body).enumerate() {
        let line_no = n as u32 + 1;
        out.push_str(&body[ended..r.start]);
        let line = &body[r.clone()];
        ended = r.end;
        anchors.push(Anchor::new(out.len(), line_no, 1, true));
        let (mut column, mut pos) = (1u32, 0usize);
        while let Some(i) = line[pos..].find('&').map(|i| pos + i) {
            out.push_str(&line[pos..i]);
            column += line[pos..i].chars().count() as u32;
            match reference(&line[i..]) {
                Some((c, len)) => {
                    out.push(c);
                    column += len as u32;
                    anchors.push(Anchor::new(out.len(), line_no, column, true));
                    pos = i + len;
                }
                None => {
                    out.push('&');
                    column += 1;
                    pos = i + 1;
                }
            }
        }
        out.push_str(&line[pos..]);
    }
    out.push_str(&body[ended..]);
    conv.text = out;
    conv.source_map = SourceMap::Anchors(anchors);
}

/// The character a reference at the start of `s` stands for, and its length in bytes.
fn reference(s: &str) -> Option<(char, usize)> {
    // At most 12 bytes are looked at: cut at a character boundary, never the whole rest.
    let end = s[..crate::text::floor_char_boundary(s, 12)].find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        n if n.starts_with("#x") || n.starts_with("#X") => char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?,
        n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?,
        _ => return None,
    };
    (!c.is_control() && c != '<' && c != '>').then_some((c, end + 1))
}

/// Appends segments as turns; consecutive cues of one speaker join into one turn.
pub(crate) fn push_segments(conv: &mut Conversation, segments: Vec<Segment>) {
    for s in segments {
        let speaker = s.speaker.map(|n| conv.speaker_id(&n));
        conv.push_turn(speaker, s.parts, false, true);
    }
}

fn switch(segments: &mut Vec<Segment>, current: &mut Segment, speaker: Option<String>) {
    let next_speaker = speaker.clone().or_else(|| current.speaker.clone());
    let done = std::mem::replace(current, Segment { speaker: next_speaker, parts: vec![] });
    if !done.parts.is_empty() {
        segments.push(done);
    }
}

fn push(seg: &mut Segment, text: &str, range: Range<usize>, hard_break: &mut bool) {
    let range = trim_range(text, range);
    if !range.is_empty() {
        seg.parts.push(Part::new(range, *hard_break));
        *hard_break = false;
    }
}

/// The next tag (`<…>`), entity (`&amp;`) or SSA override (`{\an8}`) in `start..end`,
/// and where the text after it starts.
fn next_markup(text: &str, start: usize, end: usize) -> Option<(Range<usize>, usize)> {
    let s = &text[start..end];
    let mut from = 0;
    while let Some(i) = s[from..].find(['<', '&', '{']).map(|i| from + i) {
        let rest = &s[i..];
        // Each close is looked for only up to where the next markup could open, so a
        // line of unclosed `<` or `&` costs its length, not its length squared.
        let close = match rest.as_bytes()[0] {
            b'<' => {
                closing(rest, b'>', b'<').filter(|_| rest[1..].starts_with(|c: char| c.is_alphanumeric() || c == '/'))
            }
            b'&' => memchr::memchr(b';', &rest.as_bytes()[..rest.len().min(11)])
                .filter(|&j| j > 1 && j <= 10 && rest[1..j].chars().all(|c| c.is_alphanumeric() || c == '#')),
            _ => closing(rest, b'}', b'{').filter(|_| rest[1..].starts_with('\\')),
        };
        match close {
            Some(j) => return Some((start + i..start + i + j + 1, start + i + j + 1)),
            None => from = i + 1,
        }
    }
    None
}

/// The offset of `close` in `rest` (which starts with its opener), unless `open` comes
/// first: a tag holds no `<`, an override no `{`.
fn closing(rest: &str, close: u8, open: u8) -> Option<usize> {
    memchr::memchr2(close, open, &rest.as_bytes()[1..]).map(|j| j + 1).filter(|&j| rest.as_bytes()[j] == close)
}

/// Where the text of a line starts after its leading tags and white space.
fn leading_markup_end(text: &str, line: Range<usize>) -> usize {
    let mut pos = line.start;
    loop {
        pos += text[pos..line.end].len() - text[pos..line.end].trim_start().len();
        match next_markup(text, pos, line.end) {
            Some((tag, after)) if tag.start == pos && !text[tag.clone()].starts_with('&') => pos = after,
            _ => return pos,
        }
    }
}

fn has_voice_tag(line: &str) -> bool {
    line.match_indices("<v").any(|(i, _)| line[i + 2..].starts_with([' ', '.', '\t']))
}

/// `<v Name>` or `<v.loud Name>` → `Name`.
fn voice_name(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix("<v")?.strip_suffix('>')?;
    if !inner.starts_with([' ', '.', '\t']) {
        return None;
    }
    let name = inner.trim_start_matches(|c: char| !c.is_whitespace()).trim();
    (!name.is_empty()).then(|| normalise_name(name))
}

/// Checks a cue timing line (`00:01.000 --> 00:04.000 align:start`); `comma` accepts
/// SRT's `00:00:01,000`. Returns what is wrong with it.
pub(crate) fn check_timing(line: &str, srt: bool) -> Result<(), String> {
    let Some((start, rest)) = line.split_once("-->") else {
        return Err("no `-->` in the timing line".into());
    };
    let end = rest.split_whitespace().next().unwrap_or("");
    for t in [start.trim(), end] {
        if !Timestamp::is_cue_time(t, srt) {
            return Err(format!("malformed timestamp `{}`", t.chars().take(40).collect::<String>()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(cue: &str, previous: Option<&str>) -> Vec<(Option<String>, Vec<String>)> {
        let lines: Vec<Range<usize>> = crate::text::lines(cue).collect();
        payload(cue, &lines, previous)
            .into_iter()
            .map(|s| (s.speaker, s.parts.iter().map(|p| cue[p.range()].to_string()).collect()))
            .collect()
    }

    #[test]
    fn voice_tags_name_speakers_and_tags_are_dropped() {
        let got = segments("<v Grace Liu>Thanks for <i>joining</i>.</v>\n<v.loud Dan>R&amp;D first.", None);
        assert_eq!(
            got,
            [
                (Some("Grace Liu".into()), vec!["Thanks for".into(), "joining".into(), ".".into()]),
                (Some("Dan".into()), vec!["R".into(), "D first.".into()])
            ]
        );
    }

    #[test]
    fn labels_and_continuations() {
        assert_eq!(
            segments("Owen Price: Take it.\nor leave it", None),
            [(Some("Owen Price".into()), vec!["Take it.".into(), "or leave it".into()])]
        );
        assert_eq!(segments("and then some", Some("Mia")), [(Some("Mia".into()), vec!["and then some".into()])]);
        let dash = payload("- Hi.\n- Hello.", &[0..5, 6..14], None);
        assert!(dash[0].parts[1].hard_break());
        assert_eq!(segments("{\\an8}Note this", None)[0].1, ["Note this"]);
        assert_eq!(segments("<i>Felix: Deal.</i>", Some("Nora")), [(Some("Felix".into()), vec!["Deal.".into()])]);
    }

    #[test]
    fn timings() {
        assert!(check_timing("00:00:02.120 --> 00:00:06.480", false).is_ok());
        assert!(check_timing("00:02.120 --> 00:06.480 align:start position:10%", false).is_ok());
        assert!(check_timing("00:00:00,500 --> 00:00:03,900", true).is_ok());
        assert!(check_timing("00:00:0x.500 --> 00:00:03.900", false).is_err());
        assert!(check_timing("00:61.000 --> 00:62.000", false).is_err());
        assert!(check_timing("00:01.000 00:02.000", false).is_err());
        assert!(check_timing("00:01,000 --> 00:02,000", true).is_err());
    }
}
