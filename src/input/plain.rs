//! Plain text and speaker-labelled transcripts (`Name: text`, with optional `[00:01:02]`
//! or `00:01:02` timestamps, turns that continue on unlabelled lines).
//!
//! A file is a transcript when at least two different people speak and either someone
//! speaks twice or every line is labelled; otherwise `Time: 10:00` or `Scope: …` lines
//! are just text. Labels that name a field rather than a person (`Subject`, `Note`,
//! `Room`) and values that are only a number or a time never start a turn.

use std::collections::HashSet;

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
        let all = Part { range: 0..conv.text.len(), hard_break: false };
        conv.push_turn(None, [all], false, false);
    }
    conv.settle_kind();
    conv
}

/// Every labelled line starts a turn; unlabelled lines continue the turn before.
fn transcript_turns(conv: &mut Conversation) {
    let text = std::mem::take(&mut conv.text);
    let mut blank = false;
    let mut speaker = None;
    for r in lines(&text) {
        if let Some(l) = label(&text, r.clone()) {
            speaker = Some(conv.speaker_id(&normalised_name(l.name)));
            conv.push_turn(speaker, [Part { range: l.text_start..r.end, hard_break: false }], false, false);
            blank = false;
        } else if text[r.clone()].trim().is_empty() {
            blank = true;
        } else {
            conv.push_turn(speaker, [Part { range: r, hard_break: blank }], false, true);
            blank = false;
        }
    }
    conv.text = text;
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
                let body: Vec<&str> = c.parts_of(t).iter().map(|p| &c.text[p.range.clone()]).collect();
                (c.speaker_name(t.speaker).map(str::to_string), body.join("|"))
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
    fn blank_lines_break_sentences_within_a_turn() {
        let c = read("t", "Ann: one\n\ntwo\nBob: three\nAnn: four".into());
        assert!(c.parts_of(&c.turns[0])[1].hard_break);
    }
}
