//! Lines to [`Part`]s: every non-blank line is a part, and a blank line before it ends
//! the sentence (a new paragraph), as in emails and HTML pages turned into text.

use std::ops::Range;

use crate::text::Part;

/// Builds parts line by line, remembering blank lines.
#[derive(Debug, Default)]
pub(crate) struct Paragraphs {
    parts: Vec<Part>,
    blank: bool,
}

impl Paragraphs {
    /// Adds a line of `text`; a blank line only marks a paragraph break.
    pub fn line(&mut self, text: &str, range: Range<usize>) {
        let range = trim_range(text, range);
        if range.is_empty() {
            self.blank = true;
            return;
        }
        self.parts.push(Part::new(range, self.blank));
        self.blank = false;
    }

    /// Makes the next line start a new paragraph.
    pub fn hard_break(&mut self) {
        self.blank = true;
    }

    /// True when no line was added yet.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The parts so far, leaving the builder empty (the next part starts a paragraph).
    pub fn take(&mut self) -> Vec<Part> {
        self.blank = true;
        std::mem::take(&mut self.parts)
    }
}

/// The parts of every line of `text[range]`.
pub(crate) fn parts_of_lines(text: &str, range: Range<usize>) -> Vec<Part> {
    let mut p = Paragraphs::default();
    for line in crate::text::lines(&text[range.clone()]) {
        p.line(text, range.start + line.start..range.start + line.end);
    }
    p.take()
}

/// `range` without the white space at both ends.
pub(crate) fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_break_paragraphs() {
        let text = "one\n  two  \n\nthree\r\n";
        let parts = parts_of_lines(text, 0..text.len());
        let got: Vec<(&str, bool)> = parts.iter().map(|p| (&text[p.range()], p.hard_break())).collect();
        assert_eq!(got, [("one", false), ("two", false), ("three", true)]);
    }
}
