//! mbox: messages one after another, each starting with a `From ` line. The whole box
//! is one conversation, messages in date order, each author a speaker.

use std::ops::Range;

use super::{message, Thread};
use crate::input::{Conversation, Notice};
use crate::text::LineIndex;

/// Reads a mailbox.
pub fn read(path: &str, bytes: &[u8], include_quoted: bool) -> Conversation {
    let lines = LineIndex::new(bytes);
    let mut notices = vec![];
    let mut mails = vec![];
    for range in split(bytes) {
        match message(bytes, range.clone(), &lines) {
            Some(m) => mails.push(m),
            None => notices
                .push(Notice { line: Some(lines.line(range.start)), message: "not an email message, skipped".into() }),
        }
    }
    // Date order; a message without a date keeps its place after the one before it.
    let mut last = i64::MIN;
    let mut keyed: Vec<(i64, super::Mail)> = mails
        .into_iter()
        .map(|m| {
            last = m.date.unwrap_or(last);
            (last, m)
        })
        .collect();
    keyed.sort_by_key(|(date, _)| *date);
    let mut thread = Thread::new(include_quoted);
    thread.notices = notices;
    for (_, m) in keyed {
        thread.add(m);
    }
    thread.finish(path)
}

/// The byte ranges of the messages, each without its `From ` line. A `From ` line
/// separates messages at the start of the file or after a blank line.
fn split(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut out = vec![];
    let mut start: Option<usize> = None;
    let mut pos = 0;
    let mut blank_before = true;
    while pos < bytes.len() {
        let end = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| pos + i + 1);
        let line = &bytes[pos..end];
        if blank_before && line.starts_with(b"From ") {
            if let Some(s) = start {
                out.push(s..pos);
            }
            start = Some(end);
        } else if start.is_none() && !line.iter().all(u8::is_ascii_whitespace) {
            // Text before the first `From ` line: read it as a message too.
            start = Some(pos);
        }
        blank_before = line.iter().all(u8::is_ascii_whitespace);
        pos = end;
    }
    if let Some(s) = start {
        out.push(s..bytes.len());
    }
    out
}

/// True when the text starts with a `From ` line and a mail header below it.
pub fn looks_like(head: &str) -> bool {
    let mut lines = head.lines();
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.starts_with("From ")
        && super::looks_like(&head[head.find('\n').map_or(head.len(), |i| i + 1)..])
        && !second.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    const BOX: &[u8] = b"From bob@x Tue Nov  3 09:00:00 2026\nFrom: Bob <bob@x>\nDate: Tue, 3 Nov 2026 09:00:00 +0000\nSubject: Re: plan\n\nThat works. Agreed.\n\n> What about Friday?\n\nFrom ann@x Mon Nov  2 09:00:00 2026\nFrom: Ann <ann@x>\nDate: Mon, 2 Nov 2026 09:00:00 +0000\nSubject: plan\n\nWhat about Friday?\n>From the notes: fine.\n";

    #[test]
    fn messages_in_date_order() {
        let c = read("t.mbox", BOX, false);
        assert_eq!(c.kind, Kind::Conversation);
        assert_eq!(c.speakers, ["Ann", "Bob"]);
        let first: Vec<&str> = c.parts_of(&c.turns[0]).iter().map(|p| &c.text[p.range()]).collect();
        assert_eq!(first, ["What about Friday?", "From the notes: fine."]);
        let agreed = c.text.find("That works").unwrap();
        assert_eq!(c.locator().cursor().locate(agreed), (6, 1));
        assert!(looks_like(std::str::from_utf8(BOX).unwrap()));
    }

    #[test]
    fn splits_on_from_lines_after_blank_lines() {
        let ranges = split(b"From a\nX: 1\n\nbody\nFrom here on\n\nFrom b\nY: 2\n");
        assert_eq!(ranges.len(), 2);
    }
}
