//! Plain text and speaker-labelled transcripts (`Name: text`, with optional `[00:01:02]`
//! or `00:01:02` timestamps, turns that continue on unlabelled lines).
//!
//! A file is a transcript when at least two different people speak and either someone
//! speaks twice or every line is labelled; otherwise `Time: 10:00` or `Scope: …` lines
//! are just text. Labels that name a field rather than a person (`Subject`, `Note`,
//! `Room`) and values that are only a number or a time never start a turn.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use crate::pool::PARALLEL_MIN_BYTES;
use crate::text::{lines, Part};

use super::labels::{label, normalised_name};
use super::Conversation;

/// Reads plain text: a transcript when it looks like one, else a single message. Two
/// passes over the lines, holding nothing per line: one to decide, one to build.
pub fn read(path: &str, text: String) -> Conversation {
    let mut conv = Conversation::new(path, text);
    if is_transcript(&conv.text) {
        transcript_turns(&mut conv);
    } else if !conv.text.trim().is_empty() {
        let all = Part::new(0..conv.text.len(), false);
        conv.push_turn(None, [all], false, false);
    }
    conv.settle_kind();
    conv
}

/// Every labelled line starts a turn; unlabelled lines continue the turn before. A large
/// transcript's lines are read (labels found, names normalised) on a few threads, a run
/// of lines at a time, and their turns made here in order.
fn transcript_turns(conv: &mut Conversation) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(MAX_THREADS);
    transcript_turns_on(conv, if conv.text.len() < PARALLEL_MIN_BYTES { 1 } else { threads });
}

/// [`transcript_turns`] on `threads` threads.
fn transcript_turns_on(conv: &mut Conversation, threads: usize) {
    let text = std::mem::take(&mut conv.text);
    let mut turns = Turns { blank: false, speaker: None };
    if threads < 2 {
        lines(&text).for_each(|r| turns.add(conv, read_line(&text, r)));
    } else {
        let read_run = |_: &mut (), run: Range<usize>| -> Vec<Line> {
            let start = run.start;
            lines(&text[run]).map(|r| read_line(&text, r.start + start..r.end + start)).collect()
        };
        crate::pool::ordered(
            threads,
            2 * threads,
            runs(&text),
            || (),
            read_run,
            |read| {
                read.into_iter().for_each(|l| turns.add(conv, l));
            },
        );
    }
    conv.text = text;
}

/// The most threads reading lines: the reading is a small part of a run.
const MAX_THREADS: usize = 4;

/// The bytes of one run of lines read on a thread: small enough that the lines read and
/// waiting (about 56 bytes each, a few runs out at once) stay a few MB even when every
/// line is a letter long.
const RUN_BYTES: usize = 128 << 10;

/// `text` cut into runs of whole lines of about [`RUN_BYTES`].
fn runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let want = (start + RUN_BYTES).min(bytes.len());
        // The run ends after the next `\n` (a `\r\n` stays whole; a lone `\r` ends a line
        // inside a run as anywhere else).
        let end = memchr::memchr(b'\n', &bytes[want..]).map_or(bytes.len(), |i| want + i + 1);
        let run = start..end;
        start = end;
        Some(run)
    })
}

/// One line of a transcript, read.
enum Line<'t> {
    Labelled { name: Cow<'t, str>, text: Range<usize> },
    Blank,
    Text(Range<usize>),
}

fn read_line(text: &str, r: Range<usize>) -> Line<'_> {
    if let Some(l) = label(text, r.clone()) {
        Line::Labelled { name: normalised_name(l.name), text: l.text_start..r.end }
    } else if text[r.clone()].trim().is_empty() {
        Line::Blank
    } else {
        Line::Text(r)
    }
}

/// Turns made from lines in order: who spoke last, and whether a blank line came since.
struct Turns {
    blank: bool,
    speaker: Option<u32>,
}

impl Turns {
    fn add(&mut self, conv: &mut Conversation, line: Line) {
        match line {
            Line::Labelled { name, text } => {
                self.speaker = Some(conv.speaker_id(&name));
                conv.push_turn(self.speaker, [Part::new(text, false)], false, false);
                self.blank = false;
            }
            Line::Blank => self.blank = true,
            Line::Text(range) => {
                conv.push_turn(self.speaker, [Part::new(range, self.blank)], false, true);
                self.blank = false;
            }
        }
    }
}

/// At least two different people speak, and either someone speaks twice or every
/// non-blank line is labelled. Stops at the first name said twice.
fn is_transcript(text: &str) -> bool {
    let mut names: HashSet<&str> = HashSet::new();
    let (mut labelled, mut nonblank) = (0usize, 0usize);
    for r in lines(text) {
        if let Some(l) = label(text, r.clone()) {
            labelled += 1;
            if !names.insert(l.name) && names.len() >= 2 {
                return true;
            }
        }
        nonblank += usize::from(!text[r].trim().is_empty());
    }
    let repeated = labelled > names.len();
    names.len() >= 2 && (repeated || labelled == nonblank)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    type Turns = Vec<(Option<String>, String)>;

    fn speakers_and_turns(text: &str) -> (Kind, Vec<String>, Turns) {
        let c = read("t", text.to_string());
        let turns = c
            .turns
            .iter()
            .map(|t| {
                let body: Vec<&str> = c.parts_of(t).iter().map(|p| &c.text[p.range()]).collect();
                (c.speaker_name(t.speaker()).map(str::to_string), body.join("|"))
            })
            .collect();
        (c.kind, c.speakers.clone(), turns)
    }

    #[test]
    fn reads_transcripts() {
        let (kind, speakers, turns) =
            speakers_and_turns("Rick: Take it.\r\nSue: We'd hoped\nto talk.\n[00:01:02] Rick: No.\n");
        assert_eq!(kind, Kind::Conversation);
        assert_eq!(speakers, ["Rick", "Sue"]);
        assert_eq!(
            turns,
            [
                (Some("Rick".into()), "Take it.".into()),
                (Some("Sue".into()), "We'd hoped|to talk.".into()),
                (Some("Rick".into()), "No.".into())
            ]
        );
    }

    #[test]
    fn documents_are_messages() {
        let cases = [
            "Time: 10:00\nRoom: 4\nNote: bring laptops\n",
            "Hi Jordan,\n\nThe invoice is open.\n\nThanks,\nPat\n",
            "Purpose: explain leave.\nScope: everyone.\nLeave is approved by managers.\n",
            "",
        ];
        for text in cases {
            let (kind, speakers, _) = speakers_and_turns(text);
            assert_eq!((kind, speakers.len()), (Kind::Message, 0), "{text:?}");
        }
    }

    #[test]
    fn lines_read_on_several_threads_make_the_same_turns() {
        // Runs of lines end at a `\n`: CRLF, lone CR, blank lines, continued turns and
        // names to normalise across run boundaries must read as on one thread.
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 3 * RUN_BYTES + 1000 {
            let name = ["Ann", "Bob  Lee", "Cy", "Dee  Ruiz "][i % 4];
            let end = ["\n", "\r\n", "\r", "\n\n"][(i / 4) % 4];
            text.push_str(&format!("{name}: line {i} of the talk{end}"));
            if i % 7 == 0 {
                text.push_str("and it goes on here\r\n");
            }
            i += 1;
        }
        text.push_str("Ann: the end, with no line end");
        let read_on = |threads: usize| {
            let mut c = Conversation::new("t", text.clone());
            transcript_turns_on(&mut c, threads);
            let turns: Vec<_> = c.turns.iter().map(|t| (t.speaker(), c.parts_of(t).to_vec())).collect();
            (c.speakers, turns)
        };
        let one = read_on(1);
        assert!(one.1.len() > 5_000 && one.0.len() == 4, "{} turns, {:?}", one.1.len(), one.0);
        for threads in [2, 3] {
            assert!(read_on(threads) == one, "{threads} threads read it differently");
        }
    }

    #[test]
    fn blank_lines_break_sentences_within_a_turn() {
        let c = read("t", "Ann: one\n\ntwo\nBob: three\nAnn: four".into());
        assert!(c.parts_of(&c.turns[0])[1].hard_break());
    }
}
