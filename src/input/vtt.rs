//! WebVTT: a `WEBVTT` header, then blocks separated by blank lines. `NOTE`, `STYLE` and
//! `REGION` blocks are skipped; a cue is an optional id line, a timing line with optional
//! settings, and one or more text lines. Speakers come from Teams voice tags
//! (`<v Grace Liu>…</v>`) or Zoom's `Name: text`. The text is the file itself, so every
//! finding keeps its exact line and column.

use std::ops::Range;

use super::cues::{check_timing, payload, push_segments};
use super::{Conversation, Notice};
use crate::text::lines;

/// Reads a WebVTT file, one block at a time: each cue's segments become turns at once,
/// so nothing is held per line or per cue beyond the turns themselves.
pub fn read(path: &str, text: String) -> Conversation {
    let mut conv = Conversation::new(path, text);
    super::cues::decode_references(&mut conv);
    // Read from the text while turns are pushed into the conversation; put back after.
    let text = std::mem::take(&mut conv.text);
    let first = lines(&text).map(|r| &text[r]).find(|l| !l.trim().is_empty()).map(|l| l.trim_start_matches('\u{FEFF}'));
    if !first.is_some_and(|h| h.starts_with("WEBVTT")) {
        conv.notices.push(Notice { line: Some(1), message: "no WEBVTT header; reading the cues anyway".into() });
    }
    let mut previous: Option<String> = None;
    let mut notices = vec![];
    let mut index = 0;
    for_each_block(&text, |start, block_lines| {
        index += 1;
        let first = text[block_lines[0].clone()].trim_start_matches('\u{FEFF}');
        if index == 1 && first.starts_with("WEBVTT") || is_skipped_block(first) {
            return;
        }
        let Some(timing) = block_lines.iter().take(2).position(|r| text[r.clone()].contains("-->")) else {
            notices.push(Notice {
                line: Some(start as u32 + 1),
                message: "a block without a cue timing line, skipped".into(),
            });
            return;
        };
        if let Err(e) = check_timing(&text[block_lines[timing].clone()], false) {
            notices.push(Notice { line: Some((start + timing) as u32 + 1), message: e });
        }
        let segments = payload(&text, &block_lines[timing + 1..], previous.as_deref());
        if let Some(last) = segments.last() {
            previous = last.speaker.clone();
        }
        push_segments(&mut conv, segments);
    });
    conv.text = text;
    conv.notices.extend(notices);
    conv.settle_kind();
    conv
}

/// `NOTE`, `STYLE` and `REGION` blocks hold no speech.
fn is_skipped_block(first: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|k| first.strip_prefix(k).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])))
}

/// Calls `f` with each run of non-blank lines (a block) and the 0-based number of its
/// first line, reusing one buffer: no list of every line is made.
pub(crate) fn for_each_block(text: &str, mut f: impl FnMut(usize, &[Range<usize>])) {
    let mut block: Vec<Range<usize>> = vec![];
    let mut start = 0;
    for (i, r) in lines(text).enumerate() {
        if text[r.clone()].trim().is_empty() {
            if !block.is_empty() {
                f(start, &block);
                block.clear();
            }
            continue;
        }
        if block.is_empty() {
            start = i;
        }
        block.push(r);
    }
    if !block.is_empty() {
        f(start, &block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn turns(c: &Conversation) -> Vec<(Option<&str>, String)> {
        c.turns
            .iter()
            .map(|t| {
                let words: Vec<&str> = c.parts_of(t).iter().map(|p| &c.text[p.range()]).collect();
                (c.speaker_name(t.speaker()), words.join("|"))
            })
            .collect()
    }

    #[test]
    fn character_references_in_voice_cues_are_decoded() {
        let vtt = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Nadia>Tom &amp; Jerry&apos;s R&amp;D plan &lt;draft&gt;</v>\n";
        let c = read("m.vtt", vtt.into());
        let said: Vec<&str> = c.parts_of(&c.turns[0]).iter().map(|p| &c.text[p.range()]).collect();
        assert_eq!(said.join(" "), "Tom & Jerry's R&D plan draft");
        assert_eq!(c.speakers, ["Nadia"]);
    }

    #[test]
    fn reads_teams_voice_tags_and_joins_a_speakers_cues() {
        let vtt = "WEBVTT\n\nNOTE exported\nby Teams\n\nSTYLE\n::cue { color: red }\n\nab-1\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello there,</v>\n\nab-2\n00:00:02.000 --> 00:00:03.000 align:start\n<v Ann>and welcome.</v>\n\n00:03.000 --> 00:04.000\n<v Bob>Thanks.\nGlad to be here.</v>\n";
        let c = read("t.vtt", vtt.into());
        assert_eq!(c.kind, Kind::Conversation);
        assert_eq!(
            turns(&c),
            [(Some("Ann"), "Hello there,|and welcome.".into()), (Some("Bob"), "Thanks.|Glad to be here.".into())]
        );
        assert!(c.notices.is_empty(), "{:?}", c.notices);
    }

    #[test]
    fn reads_zoom_labels_and_warns_on_bad_timestamps() {
        let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\nOwen: Take it.\n\n2\n00:00:05.000 --> 00:00:06.000\nMia: No.\n";
        let c = read("z.vtt", vtt.into());
        assert_eq!(turns(&c), [(Some("Owen"), "Take it.".into()), (Some("Mia"), "No.".into())]);
        assert_eq!(c.notices.len(), 1);
        assert_eq!(c.notices[0].line, Some(4));
    }

    #[test]
    fn survives_garbage() {
        for s in
            ["", "WEBVTT", "WEBVTT\n\n-->", "WEBVTT\n\nx\ny\nz", "<v", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v >\n&;<"]
        {
            let _ = read("g.vtt", s.into());
        }
    }
}
