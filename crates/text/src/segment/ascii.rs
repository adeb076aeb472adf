//! The fast path for ASCII text, almost all text: one pass over the bytes with a table
//! of byte classes, and a plain short word copied into the normalised text in one go.

use std::ops::Range;

use super::sentence::space;
use super::{begin_word, Cursor, Segmented, Segmenter, Shape, Terminal, Word};
use crate::fold::irregular_packed;
use crate::key::{ascii_lower_bits, ascii_upper_bits, pack, pack_at};

impl Segmenter {
    /// [`Segmenter::segment`]'s scan of ASCII text (almost all text) in one pass: every run of
    /// non-space bytes is ASCII, so runs end at spaces and need no finding first.
    pub(super) fn scan_ascii(&mut self, text: &str, range: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        let bytes = text.as_bytes();
        let is_space = |b: u8| ASCII_CLASS[b as usize] & SPACE_BYTE != 0;
        let mut i = range.start;
        while i < range.end {
            let b = bytes[i];
            let class = ASCII_CLASS[b as usize];
            if class & WORD_BYTE != 0 {
                let (j, plain) = ascii_word_end(bytes, i, range.end);
                let shape = Shape::of_ascii(bytes, i..j, plain);
                if !plain_word(text, i..j, range.end, shape, cur, out) {
                    self.word(text, i..j, shape, cur, out);
                }
                i = j;
            } else if class & SPACE_BYTE != 0 {
                space(bytes, i, range.clone(), cur);
                i += 1;
            } else {
                let at_start = i == range.start || is_space(bytes[i - 1]);
                let at_end = i + 1 == range.end || is_space(bytes[i + 1]);
                let between = between_words(bytes, i, at_start, at_end);
                self.punct(b as char, at_start, at_end, between, i + 1, cur, out);
                i += 1;
            }
        }
    }

    pub(super) fn ascii_run(&mut self, text: &str, run: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        let bytes = text.as_bytes();
        let mut i = run.start;
        while i < run.end {
            let b = bytes[i];
            if is_ascii_word_byte(b) {
                let (j, plain) = ascii_word_end(bytes, i, run.end);
                self.word(text, i..j, Shape::of_ascii(bytes, i..j, plain), cur, out);
                i = j;
            } else {
                let at_start = i == run.start;
                let at_end = i + 1 == run.end;
                let between = between_words(bytes, i, at_start, at_end);
                self.punct(b as char, at_start, at_end, between, i + 1, cur, out);
                i += 1;
            }
        }
    }
}

/// [`Segmenter::word`] for the common case, inline: a plain word of at most 8 bytes that
/// needs no folding and does not start a sentence, in an all-ASCII part ending at
/// `part_end`. Its 8 bytes from the text (the part goes on that far) are copied into the
/// normalised text at once and cut to length, which costs less than copying `len` bytes.
/// Returns false, having done nothing, when the word is not such a case.
#[inline(always)]
fn plain_word(
    text: &str,
    raw: Range<usize>,
    part_end: usize,
    shape: Shape,
    cur: &mut Cursor,
    out: &mut Segmented,
) -> bool {
    let Some(key) = shape.short else { return false };
    let len = raw.len();
    let sentence_goes_on = cur.terminal == Terminal::None && cur.newlines < 2 && !cur.bullet;
    if !shape.plain || raw.start + 8 > part_end || !sentence_goes_on || irregular_packed(key, len).is_some() {
        return false;
    }
    let flags = begin_word(raw.start, shape, cur, out);
    let start = out.norm.len();
    out.norm.push_str(&text[raw.start..raw.start + 8]);
    out.norm.truncate(start + len);
    if shape.upper {
        out.norm[start..].make_ascii_lowercase();
    }
    out.words.push(Word {
        norm_start: start as u32,
        norm_end: (start + len) as u32,
        src_start: raw.start,
        src_end: raw.end,
        flags,
        key,
    });
    cur.src_end = raw.end;
    cur.prev_word = raw;
    cur.lead = None;
    cur.extend_closers = false;
    cur.clause = false;
    cur.newlines = 0;
    true
}

/// ASCII letters, digits and `_`: a table, because the scan asks for every byte.
#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    ASCII_CLASS[b as usize] & WORD_BYTE != 0
}

/// The end of the ASCII word starting at `i` (a word byte), not past `end`, and whether
/// it is plain (no joiner inside).
#[inline]
fn ascii_word_end(bytes: &[u8], i: usize, end: usize) -> (usize, bool) {
    let mut j = i + 1;
    let mut plain = true;
    while j < end {
        let c = bytes[j];
        if !is_ascii_word_byte(c) {
            if j + 1 < end && joins_ascii(c, bytes[j - 1], bytes[j + 1]) {
                plain = false;
            } else {
                break;
            }
        }
        j += 1;
    }
    (j, plain)
}

/// Whether the punctuation at `bytes[i]`, inside a run of non-space bytes, stands
/// between two letters or digits (`don't`, `well-known`).
#[inline]
pub(super) fn between_words(bytes: &[u8], i: usize, at_start: bool, at_end: bool) -> bool {
    !at_start && !at_end && bytes[i - 1].is_ascii_alphanumeric() && bytes[i + 1].is_ascii_alphanumeric()
}

/// [`ASCII_CLASS`] bit: a letter, digit or `_`.
const WORD_BYTE: u8 = 1;
/// [`ASCII_CLASS`] bit: ASCII whitespace (as [`u8::is_ascii_whitespace`]).
pub(super) const SPACE_BYTE: u8 = 2;

/// What each byte is, for the bytes the scan tests most.
pub(super) const ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = WORD_BYTE;
        }
        if c.is_ascii_whitespace() {
            t[b] = SPACE_BYTE;
        }
        b += 1;
    }
    t
};

impl Shape {
    /// The shape of the ASCII word `text[word]`, its letters counted 8 at a time (the
    /// letters around a joiner count too).
    #[inline(always)]
    fn of_ascii(text: &[u8], word: Range<usize>, plain: bool) -> Shape {
        let len = word.len();
        if len <= 8 {
            return Shape::of_short(pack_at(text, word.start, len), plain);
        }
        let (mut upper, mut lower) = (0, false);
        for chunk in text[word].chunks(8) {
            let x = pack(chunk);
            upper += ascii_upper_bits(x).count_ones();
            lower |= ascii_lower_bits(x) != 0;
        }
        Shape { plain, upper: upper > 0, caps: !lower && upper >= 3, short: None }
    }

    /// The shape of an ASCII word of at most 8 bytes, packed ([`pack`]).
    #[inline(always)]
    fn of_short(x: u64, plain: bool) -> Shape {
        let upper = ascii_upper_bits(x);
        // Most words have a lowercase letter: only the rest need their capitals counted.
        let caps = upper != 0 && ascii_lower_bits(x) == 0 && upper.count_ones() >= 3;
        Shape { plain, upper: upper != 0, caps, short: plain.then_some(x | upper >> 2) }
    }
}

/// UAX #29 joiners: an apostrophe or `.` between letters (`don't`, `e.g`), and `.` or
/// `,` between digits (`3.5`, `1,000`).
fn joins_ascii(c: u8, before: u8, after: u8) -> bool {
    match c {
        b'\'' => before.is_ascii_alphabetic() && after.is_ascii_alphabetic(),
        b'.' => {
            (before.is_ascii_alphabetic() && after.is_ascii_alphabetic())
                || (before.is_ascii_digit() && after.is_ascii_digit())
        }
        b',' => before.is_ascii_digit() && after.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;

    use super::super::seg;
    use super::*;

    #[test]
    fn ascii_words_agree_with_unicode_segmentation() {
        let text = "Well, I can't say it's final: e.g. 3.5 units, 1,000 boxes; it_works-fine (ok) \"yes\".";
        let ours: Vec<&str> = seg(text).words.iter().map(|w| &text[w.src_start..w.src_end]).collect();
        let mut ours = ours;
        ours.dedup();
        let theirs: Vec<&str> = text.unicode_words().collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn byte_classes_match_the_std_predicates() {
        for b in 0..=255u8 {
            assert_eq!(is_ascii_word_byte(b), b.is_ascii_alphanumeric() || b == b'_', "{b}");
            assert_eq!(ASCII_CLASS[b as usize] & SPACE_BYTE != 0, b.is_ascii_whitespace(), "{b}");
        }
    }
}
