//! Text holding other scripts: runs of non-space characters that are ASCII go through
//! the fast path; the others are split at `unicode-segmentation`'s UAX #29 word
//! boundaries.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::ascii::{ASCII_CLASS, SPACE_BYTE};
use super::sentence::space;
use super::{Cursor, Segmented, Segmenter, Shape};

impl Segmenter {
    /// [`Segmenter::segment`]'s scan of text that is not all ASCII.
    pub(super) fn scan_mixed(&mut self, text: &str, range: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        let bytes = text.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                space(bytes, i, range.clone(), cur);
                i += 1;
                continue;
            }
            let (run_end, ascii) = run_end(text, i, range.end);
            if run_end == i {
                // A non-ASCII space.
                cur.extend_closers = false;
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if ascii {
                self.ascii_run(text, i..run_end, cur, out);
            } else {
                self.unicode_run(text, i..run_end, cur, out);
            }
            i = run_end;
        }
    }

    fn unicode_run(&mut self, text: &str, run: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        let s = &text[run.clone()];
        let segs: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
        for (k, &(off, seg)) in segs.iter().enumerate() {
            let start = run.start + off;
            if seg.chars().next().is_some_and(char::is_alphanumeric) {
                let shape = Shape { plain: false, upper: true, caps: is_caps(seg), short: None };
                self.word(text, start..start + seg.len(), shape, cur, out);
                continue;
            }
            let next_is_word = segs.get(k + 1).and_then(|(_, n)| n.chars().next()).is_some_and(char::is_alphanumeric);
            for (ci, c) in seg.char_indices() {
                let at_start = off + ci == 0;
                let at_end = off + ci + c.len_utf8() == s.len();
                let between_words = !at_start && !at_end && next_is_word && k > 0;
                self.punct(c, at_start, at_end, between_words, start + ci + c.len_utf8(), cur, out);
            }
        }
    }
}

/// The end of a run of non-space characters starting at `i`, and whether it is ASCII.
fn run_end(text: &str, i: usize, end: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut ascii = true;
    while j < end {
        let b = bytes[j];
        if b < 0x80 {
            if ASCII_CLASS[b as usize] & SPACE_BYTE != 0 {
                break;
            }
            j += 1;
            continue;
        }
        let c = text[j..].chars().next().expect("char boundary");
        if is_unicode_space(c) {
            break;
        }
        ascii = false;
        j += c.len_utf8();
    }
    (j, ascii)
}

fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}')
}

fn is_caps(raw: &str) -> bool {
    let mut letters = 0;
    for c in raw.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

#[cfg(test)]
mod tests {
    use super::super::seg;

    #[test]
    fn other_scripts_use_uax29_words() {
        let s = seg("Ana: \u{05e9}\u{05dc}\u{05d5}\u{05dd} \u{1F600} what if we split it? \u{4F60}\u{597D}");
        assert!(s.norm.contains("what if we split it"));
        assert_eq!(s.sentences.len(), 2);
    }
}
