//! Lines, by one rule everywhere: `\n`, `\r\n` and a lone `\r` each end a line, as
//! editors and the language server protocol count them. Byte offsets to 1-based lines
//! and columns (columns count Unicode scalar values).

use std::ops::Range;

/// Where each line ends in `from..to`: the offset of each `\n` and of each `\r` not
/// followed by `\n`; the next line starts one byte on. The byte at `to` is looked at,
/// so a `\r\n` that `to` cuts in two is one line end.
fn ends(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    candidates(bytes, from, to).filter(move |&i| ends_line(bytes, i))
}

/// The offsets of the `\n`s and `\r`s in `from..to`: where a line may end.
fn candidates(bytes: &[u8], from: usize, to: usize) -> impl Iterator<Item = usize> + '_ {
    // memchr skips the text between line ends many bytes at a time.
    memchr::memchr2_iter(b'\n', b'\r', &bytes[from..to]).map(move |i| from + i)
}

/// True when the `\n` or `\r` at `i` ends a line: it is a `\n`, or no `\n` follows it.
#[inline]
fn ends_line(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n')
}

/// The lines of `text` (a `str` or bytes) as byte ranges without their line endings,
/// one at a time. A line end at the very end ends the last line: it starts no empty one.
pub fn lines<T: AsRef<[u8]> + ?Sized>(text: &T) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_ref();
    let mut ends = ends(bytes, 0, bytes.len());
    let mut start = 0;
    std::iter::from_fn(move || {
        let line_start = start;
        match ends.next() {
            Some(end) => {
                start = end + 1;
                let crlf = bytes[end] == b'\n' && end > line_start && bytes[end - 1] == b'\r';
                Some(line_start..end - usize::from(crlf))
            }
            None => {
                start = bytes.len();
                (line_start < bytes.len()).then_some(line_start..bytes.len())
            }
        }
    })
}

/// The 1-based line of byte `offset` in `text` (a `str` or bytes; an offset past the
/// end is on the last line). For one position; [`LineIndex`] answers many.
pub fn line_of<T: AsRef<[u8]> + ?Sized>(text: &T, offset: usize) -> u32 {
    let bytes = text.as_ref();
    ends(bytes, 0, offset.min(bytes.len())).count() as u32 + 1
}

/// The start of every line of a text (a `str` or bytes).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new<T: AsRef<[u8]> + ?Sized>(text: &T) -> Self {
        let bytes = text.as_ref();
        LineIndex { starts: std::iter::once(0).chain(ends(bytes, 0, bytes.len()).map(|end| end + 1)).collect() }
    }

    /// The 1-based line holding byte `pos`.
    pub fn line(&self, pos: usize) -> u32 {
        self.starts.partition_point(|&s| s <= pos) as u32
    }

    /// The byte offset where 1-based `line` starts, if the text has that line.
    pub fn start(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }
}

/// Locates positions given in increasing order in time linear in the text, however
/// long its lines, and with no memory per line: it counts line ends as it goes. A
/// position before the last one starts the count again from the top.
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    text: &'a str,
    /// Length of a leading byte-order mark, which is not a column.
    bom: usize,
    last: usize,
    line: u32,
    line_start: usize,
    col: u32,
}

impl<'a> Locator<'a> {
    /// A locator at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        let bom = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
        Locator { text, bom, last: 0, line: 1, line_start: 0, col: 1 }
    }

    /// 1-based line and column of `pos`; fastest when `pos` never decreases.
    pub fn locate(&mut self, pos: usize) -> (u32, u32) {
        let pos = floor_char_boundary(self.text, pos);
        if pos < self.last {
            *self = Locator::new(self.text);
        }
        let mut new_line = false;
        let bytes = self.text.as_bytes();
        // The loop of `ends`, written out: this runs for every finding and turn located.
        for i in candidates(bytes, self.last, pos) {
            if ends_line(bytes, i) {
                self.line += 1;
                self.line_start = i + 1;
                new_line = true;
            }
        }
        // Columns count on from the last position on the same line.
        let from = if new_line { self.line_start } else { self.last };
        let from = if self.line_start == 0 { from.max(self.bom) } else { from };
        let base = if new_line { 1 } else { self.col };
        self.col = base + self.text[from..pos.max(from)].chars().count() as u32;
        self.last = pos;
        (self.line, self.col)
    }
}

/// Counts the characters from a start to positions asked in increasing order, going on
/// from the last one: linear in the text however many positions one long line holds.
/// Any other order recounts from the start, which is correct, only slower.
#[derive(Debug, Clone, Copy, Default)]
pub struct CharCounter {
    from: usize,
    last: usize,
    chars: u32,
}

impl CharCounter {
    /// Characters in `text[from..pos]`; both are floored to char boundaries.
    pub fn count(&mut self, text: &str, from: usize, pos: usize) -> u32 {
        let from = floor_char_boundary(text, from);
        let pos = floor_char_boundary(text, pos).max(from);
        if from != self.from || pos < self.last || self.last < from {
            *self = CharCounter { from, last: from, chars: 0 };
        }
        self.chars += text[self.last..pos].chars().count() as u32;
        self.last = pos;
        self.chars
    }
}

/// The largest char boundary at or below `pos`.
pub fn floor_char_boundary(text: &str, mut pos: usize) -> usize {
    pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns() {
        let text = "ab\r\ncé\rx\ny";
        let index = LineIndex::new(text);
        let cases = [(0, (1, 1)), (1, (1, 2)), (4, (2, 1)), (5, (2, 2)), (7, (2, 3)), (8, (3, 1)), (10, (4, 1))];
        for (pos, (line, _)) in cases {
            assert_eq!(index.line(pos), line, "pos {pos}");
        }
        assert_eq!([1, 2, 3, 4, 5].map(|l| index.start(l)), [Some(0), Some(4), Some(8), Some(10), None]);
        for pos in 0..=text.len() + 2 {
            assert_eq!(line_of(text, pos), index.line(pos), "line_of pos {pos}");
        }
        for (pos, want) in cases {
            assert_eq!(Locator::new(text).locate(pos), want, "locator pos {pos}");
        }
        let mut loc = Locator::new(text);
        for (pos, want) in cases {
            assert_eq!(loc.locate(pos), want, "sequential pos {pos}");
        }
    }

    #[test]
    fn every_line_end_ends_one_line() {
        // (text, its lines)
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("a", &["a"]),
            ("a\n", &["a"]),
            ("a\n\nb", &["a", "", "b"]),
            ("a\r\nb\r\n", &["a", "b"]),
            ("a\rb\r", &["a", "b"]),
            ("a\r\rb", &["a", "", "b"]),
            ("a\n\r\nb\r", &["a", "", "b"]),
            ("\r\n", &[""]),
            ("\n\r", &["", ""]),
        ];
        for &(text, want) in cases {
            let got: Vec<&str> = lines(text).map(|r| &text[r]).collect();
            assert_eq!(got, want, "{text:?}");
            let index = LineIndex::new(text.as_bytes());
            for (n, r) in lines(text).enumerate() {
                assert_eq!(index.start(n as u32 + 1), Some(r.start), "{text:?} line {}", n + 1);
                assert_eq!(index.line(r.end), n as u32 + 1, "{text:?}: a line's end is on it");
            }
        }
    }

    #[test]
    fn counts_chars_on_from_the_last_position() {
        let text = "añb€c\nd";
        let mut c = CharCounter::default();
        let want = |from: usize, pos: usize| text[from..pos].chars().count() as u32;
        for (from, pos) in [(0, 1), (0, 3), (0, 7), (0, 3), (4, 7), (4, 8), (9, 10), (0, 10)] {
            assert_eq!(c.count(text, from, pos), want(from, pos), "{from}..{pos}");
        }
        assert_eq!(c.count(text, 0, 2), 1, "a position inside a character counts up to it");
    }

    #[test]
    fn skips_byte_order_mark() {
        let text = "\u{FEFF}Ann: hi";
        let mut loc = Locator::new(text);
        assert_eq!((loc.locate(3), loc.locate(4), loc.locate(0), loc.locate(5)), ((1, 1), (1, 2), (1, 1), (1, 3)));
    }
}
