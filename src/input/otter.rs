//! Otter, Rev and Descript exports: a header line naming the speaker with a timestamp
//! (`Helen Brooks  0:02`, `Speaker 1 (00:00:03):`, `Sam [1:02:03]`), then what they
//! said on the lines below. The text is the file itself.

use super::labels::{is_name, normalise_name};
use super::paragraphs::Paragraphs;
use super::timestamp::Timestamp;
use super::Conversation;

/// Reads an Otter-style export.
pub fn read(path: &str, text: String) -> Conversation {
    let mut conv = Conversation::new(path, text);
    let mut speaker: Option<u32> = None;
    let mut paragraphs = Paragraphs::default();
    // The text is set aside while turns are pushed, which need no text.
    let text = std::mem::take(&mut conv.text);
    for r in crate::text::lines(&text) {
        if let Some(name) = header(&text[r.clone()]) {
            let name = normalise_name(name);
            let parts = paragraphs.take();
            conv.push_turn(speaker, parts, false, true);
            speaker = Some(conv.speaker_id(&name));
            continue;
        }
        paragraphs.line(&text, r);
    }
    conv.text = text;
    let parts = paragraphs.take();
    conv.push_turn(speaker, parts, false, true);
    conv.settle_kind();
    conv
}

/// The speaker named by a header line, or `None` for a line of speech.
fn header(line: &str) -> Option<&str> {
    let t = line.trim().trim_start_matches('\u{FEFF}').trim_end_matches(':').trim_end();
    let (name, stamp) = match t.chars().last()? {
        close @ (')' | ']') => {
            let open = t.rfind(if close == ')' { '(' } else { '[' })?;
            (&t[..open], &t[open + 1..t.len() - 1])
        }
        _ => t.rsplit_once(char::is_whitespace)?,
    };
    let name = name.trim();
    let stamped = stamp.contains(':') && Timestamp::is_whole(stamp);
    (stamped && name.len() < t.len() && is_name(name)).then_some(name)
}

/// True when a header line followed by speech comes within the first few lines (an
/// export may open with a title and a date), and a speaker is named at least twice.
pub fn looks_like(head: &str) -> bool {
    let lines: Vec<&str> = head.lines().filter(|l| !l.trim().is_empty()).collect();
    let Some(first) = lines.iter().take(4).position(|l| header(l).is_some()) else {
        return false;
    };
    let speech = lines.get(first + 1).is_some_and(|l| header(l).is_none());
    speech && lines[first + 2..].iter().any(|l| header(l).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    #[test]
    fn headers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Helen Brooks  0:02", Some("Helen Brooks")),
            ("Speaker 1 (00:00:03):", Some("Speaker 1")),
            ("Sam [1:02:03]", Some("Sam")),
            ("Meeting 10:00", None),
            ("We start at 10:30", None),
            ("0:02", None),
            ("Helen Brooks", None),
        ];
        for (line, want) in cases {
            assert_eq!(header(line), *want, "{line:?}");
        }
    }

    #[test]
    fn reads_an_export() {
        let text = "Helen Brooks  0:02\nWhat would a good result be?\n\nSam Patel  0:09\nClarity on the budget.\nWe need to plan.\n\nSam Patel  0:15\nAnd hiring.\n";
        assert!(looks_like(text));
        let c = read("o.txt", text.into());
        assert_eq!(c.kind, Kind::Conversation);
        assert_eq!(c.speakers, ["Helen Brooks", "Sam Patel"]);
        assert_eq!(c.turns.len(), 2, "a speaker's consecutive blocks join");
        let sam: Vec<&str> = c.parts_of(&c.turns[1]).iter().map(|p| &c.text[p.range()]).collect();
        assert_eq!(sam, ["Clarity on the budget.", "We need to plan.", "And hiring."]);
        assert!(!looks_like("Meeting notes\nAnn: hi\n"));
        assert!(looks_like(
            "Budget sync\nTue, 3/3 10:00AM · 32 mins\n\nHelen Brooks  0:02\nHi.\n\nSam Patel  0:09\nHello.\n"
        ));
    }
}
