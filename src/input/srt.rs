//! SubRip (`.srt`): numbered cues, each a counter line, a `00:00:01,000 --> 00:00:04,000`
//! timing line and text lines, separated by blank lines. Speakers come from `Name: text`
//! labels; a cue that names no one continues the previous speaker.

use super::cues::{check_timing, payload, push_segments};
use super::vtt::for_each_block;
use super::{Conversation, Notice};

/// Reads an SRT file.
pub fn read(path: &str, text: String) -> Conversation {
    let mut conv = Conversation::new(path, text);
    super::cues::decode_references(&mut conv);
    // Read from the text while turns are pushed into the conversation; put back after.
    let text = std::mem::take(&mut conv.text);
    let mut previous: Option<String> = None;
    let mut notices = vec![];
    for_each_block(&text, |start, block_lines| {
        let timing = block_lines.iter().take(2).position(|r| text[r.clone()].contains("-->"));
        let text_from = match timing {
            Some(t) => {
                if let Err(e) = check_timing(&text[block_lines[t].clone()], true) {
                    notices.push(Notice { line: Some((start + t) as u32 + 1), message: e });
                }
                t + 1
            }
            None => {
                notices.push(Notice { line: Some(start as u32 + 1), message: "a cue without a timing line".into() });
                usize::from(is_counter(&text[block_lines[0].clone()]))
            }
        };
        let segments = payload(&text, &block_lines[text_from..], previous.as_deref());
        if let Some(last) = segments.last() {
            previous = last.speaker.clone();
        }
        push_segments(&mut conv, segments);
    });
    conv.text = text;
    conv.notices = notices;
    conv.settle_kind();
    conv
}

fn is_counter(line: &str) -> bool {
    let t = line.trim().trim_start_matches('\u{FEFF}');
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// True when the text starts like an SRT file: a counter line, then a timing line.
pub fn looks_like(head: &str) -> bool {
    let mut lines = head.lines().skip_while(|l| l.trim().is_empty());
    let (Some(counter), Some(timing)) = (lines.next(), lines.next()) else {
        return false;
    };
    is_counter(counter) && check_timing(timing.trim(), true).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::SourceMap;

    #[test]
    fn reads_cues_with_labels() {
        let srt = "1\r\n00:00:00,500 --> 00:00:03,900\r\nNora: What would help?\r\n\r\n2\r\n00:00:04,200 --> 00:00:08,100\r\nFelix: A week of overlap\r\nwith the old vendor.\r\n\r\n3\r\n00:00:08,400 --> 00:00:12,000\r\nand the runbooks.\r\n";
        let c = read("c.srt", srt.into());
        assert_eq!(c.speakers, ["Nora", "Felix"]);
        assert_eq!(c.turns.len(), 2);
        let felix: Vec<&str> = c.parts_of(&c.turns[1]).iter().map(|p| &c.text[p.range()]).collect();
        assert_eq!(felix, ["A week of overlap", "with the old vendor.", "and the runbooks."]);
        assert!(c.notices.is_empty());
        assert!(looks_like(srt));
        assert!(!looks_like("1\nhello\n"));
    }

    #[test]
    fn a_label_inside_italics_names_the_speaker() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\n<i>Nadia:</i> What would work for you?\n\n2\n00:00:05,000 --> 00:00:08,000\n<i>Tom:</i>  <b>A later date.</b>\n\n3\n00:00:09,000 --> 00:00:10,000\n<i>Note: this is not a label</i>\n";
        let c = read("c.srt", srt.into());
        assert_eq!(c.speakers, ["Nadia", "Tom"]);
        let said: Vec<&str> = c.turns.iter().flat_map(|t| c.parts_of(t)).map(|p| &c.text[p.range()]).collect();
        assert_eq!(said, ["What would work for you?", "A later date.", "Note: this is not a label"]);
    }

    #[test]
    fn character_references_are_decoded_and_columns_still_hold() {
        let srt =
            "1\n00:00:01,000 --> 00:00:04,000\nAnn: The R&amp;D budget &#x2014; it&#39;s final. Take it or leave it.\n";
        let c = read("c.srt", srt.into());
        let said: Vec<&str> = c.parts_of(&c.turns[0]).iter().map(|p| &c.text[p.range()]).collect();
        assert_eq!(said, ["The R&D budget \u{2014} it's final. Take it or leave it."]);
        let take = c.text.find("Take").unwrap();
        let file_line = srt.lines().nth(2).unwrap();
        let column = file_line[..file_line.find("Take").unwrap()].chars().count() as u32 + 1;
        assert_eq!(c.locator().cursor().locate(take), (3, column));
        let amp = c.text.find("&D").unwrap();
        assert_eq!(c.locator().cursor().locate(amp), (3, file_line.find('&').unwrap() as u32 + 1));
        // Without references the text is the file itself.
        assert_eq!(
            read("c.srt", "1\n00:00:01,000 --> 00:00:04,000\nR&D & more; fine\n".into()).source_map,
            SourceMap::Identity
        );
    }

    #[test]
    fn bad_timings_warn_and_text_is_kept() {
        let c = read("c.srt", "1\n00:00:0,5 --> 00:00:03,900\nAnn: Sign now.\n\nBob: No.\n".into());
        let lines: Vec<Option<u32>> = c.notices.iter().map(|n| n.line).collect();
        assert_eq!(lines, [Some(2), Some(5)]);
        assert_eq!(c.speakers, ["Ann", "Bob"]);
    }
}
