//! Byte offsets to 1-based lines and columns (columns count Unicode scalar values).

/// The start of every line of a text. `\n`, `\r\n` and a lone `\r` all end a line.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// The 1-based line holding byte `pos`.
    pub fn line(&self, pos: usize) -> u32 {
        self.starts.partition_point(|&s| s <= pos) as u32
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        self.starts[(line as usize).saturating_sub(1).min(self.starts.len() - 1)]
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True for an empty index (never: a text has at least one line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 1-based line and column of byte `pos`. Counting the column walks the line, so
    /// callers locating many positions should sort them and use [`Locator`].
    pub fn locate(&self, text: &str, pos: usize) -> (u32, u32) {
        let line = self.line(pos);
        let start = self.line_start(line);
        (line, column(text, start, pos))
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
        let bytes = self.text.as_bytes();
        let mut new_line = false;
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[self.last..pos]).map(|i| self.last + i) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
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

fn column(text: &str, line_start: usize, pos: usize) -> u32 {
    let pos = floor_char_boundary(text, pos);
    let mut chars = text[line_start..pos].chars().count() as u32;
    // An editor does not show the byte-order mark as a character.
    if line_start == 0 && text.starts_with('\u{FEFF}') && pos > 0 {
        chars -= 1;
    }
    chars + 1
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
        for (pos, want) in cases {
            assert_eq!(index.locate(text, pos), want, "pos {pos}");
            assert_eq!(Locator::new(text).locate(pos), want, "locator pos {pos}");
        }
        let mut loc = Locator::new(text);
        for (pos, want) in cases {
            assert_eq!(loc.locate(pos), want, "sequential pos {pos}");
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
        assert_eq!(LineIndex::new(text).locate(text, 3), (1, 1));
        let mut loc = Locator::new(text);
        assert_eq!((loc.locate(3), loc.locate(4), loc.locate(0), loc.locate(5)), ((1, 1), (1, 2), (1, 1), (1, 3)));
    }
}
