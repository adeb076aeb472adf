//! Derived text (a decoded email body, the text of an HTML page) built piece by piece
//! with an [`Anchor`] at the start of every piece and every line, so each position still
//! maps to a line and column of the original file.

use std::cell::{Cell, RefCell};
use std::ops::Range;

use crate::text::{CharCounter, Locator};

use super::{Anchor, Anchors, SourceMap};

/// Where one position lies in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub line: u32,
    pub column: u32,
    /// Columns can be counted on from here.
    pub exact: bool,
}

impl At {
    /// A position that stands for a whole stretch (a base64 body, an NDJSON record).
    pub fn whole(line: u32) -> At {
        At { line, column: 1, exact: false }
    }
}

/// Text to derive from: the file itself, or text derived earlier.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    map: Map<'a>,
    /// Readers ask for positions in increasing order: counting columns on from the last
    /// one keeps a long line (a minified page) linear.
    columns: Cell<CharCounter>,
}

enum Map<'a> {
    File(RefCell<Locator<'a>>),
    Anchors(&'a Anchors),
}

impl<'a> Source<'a> {
    /// The file's own text.
    pub fn file(text: &'a str) -> Self {
        Source { text, map: Map::File(RefCell::new(Locator::new(text))), columns: Cell::default() }
    }

    /// Text derived earlier.
    pub fn derived(d: &'a Derived) -> Self {
        Source { text: &d.text, map: Map::Anchors(&d.anchors), columns: Cell::default() }
    }

    /// Where `pos` lies in the original file; fastest when `pos` never decreases.
    pub fn at(&self, pos: usize) -> At {
        let mut columns = self.columns.get();
        let at = match &self.map {
            Map::File(locator) => {
                let (line, column) = locator.borrow_mut().locate(pos);
                At { line, column, exact: true }
            }
            Map::Anchors(anchors) => at_anchor(self.text, anchors, pos, &mut columns),
        };
        self.columns.set(columns);
        at
    }

    /// Offsets inside `range` where the source starts a new anchor.
    fn cuts(&self, range: Range<usize>) -> Vec<usize> {
        match &self.map {
            Map::File(_) => vec![],
            Map::Anchors(anchors) => {
                anchors.after(range.start).map(|a| a.text_offset()).take_while(|&o| o < range.end).collect()
            }
        }
    }
}

/// The position of `pos` given the anchors of derived `text`.
fn at_anchor(text: &str, anchors: &Anchors, pos: usize, columns: &mut CharCounter) -> At {
    let Some(a) = anchors.at(pos) else {
        return At { line: 1, column: 1, exact: false };
    };
    if !a.exact() {
        return At { line: a.line(), column: a.column(), exact: false };
    }
    At { line: a.line(), column: a.column() + columns.count(text, a.text_offset(), pos), exact: true }
}

/// Text being built, with its anchors.
#[derive(Debug, Clone, Default)]
pub(crate) struct Derived {
    pub text: String,
    pub anchors: Anchors,
    /// Where the end of `text` stands in the file, when the text since the last anchor
    /// is a verbatim copy: decoded text that stands right there needs no anchor of its
    /// own (an entity in a page costs one anchor, after it, not two).
    end: Option<At>,
}

impl Derived {
    /// Room for `bytes` of text and `anchors` anchors.
    pub fn with_capacity(bytes: usize, anchors: usize) -> Self {
        Derived { text: String::with_capacity(bytes), anchors: Anchors::with_capacity(anchors), end: None }
    }

    /// Text decoded elsewhere with its anchors, taken as they are: the anchors
    /// [`Derived::push`] would make for each anchor's stretch, without a copy of the text
    /// or of the anchors. (A line break inside a stretch, which a decoded mail body's
    /// never has, since each of its lines has an anchor, gets an anchor of its own.)
    pub fn decoded(text: String, mut anchors: Anchors) -> Self {
        // An anchor at the end of the text covers nothing (one at the offset of the next
        // was replaced by it as it came).
        while anchors.last().is_some_and(|a| a.text_offset() >= text.len()) {
            anchors.pop();
        }
        let mut breaks = vec![];
        {
            let mut it = anchors.iter().peekable();
            while let Some(a) = it.next() {
                let end = it.peek().map_or(text.len(), Anchor::text_offset);
                let stretch = &text.as_bytes()[a.text_offset()..end - 1];
                for j in memchr::memchr_iter(b'\n', stretch) {
                    breaks.push(Anchor::new(a.text_offset() + j + 1, a.line(), a.column(), false));
                }
            }
        }
        if breaks.is_empty() {
            return Derived { text, anchors, end: None };
        }
        let mut all: Vec<Anchor> = anchors.iter().chain(breaks).collect();
        all.sort_by_key(Anchor::text_offset);
        Derived { text, anchors: all.into(), end: None }
    }

    /// Copies `src.text[range]`, anchoring its start, every line in it and every anchor
    /// of the source inside it.
    pub fn copy(&mut self, src: &Source, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let base = self.text.len();
        let piece = &src.text[range.clone()];
        let mut cuts = vec![range.start];
        cuts.extend(piece.match_indices('\n').map(|(i, _)| range.start + i + 1).filter(|&p| p < range.end));
        cuts.extend(src.cuts(range.clone()));
        cuts.sort_unstable();
        cuts.dedup();
        self.text.push_str(piece);
        for p in cuts {
            self.anchor(base + p - range.start, src.at(p));
        }
        self.end = Some(src.at(range.end)).filter(|at| at.exact);
    }

    /// Appends decoded text (an entity, a base64 body) that stands at `at`.
    pub fn push(&mut self, s: &str, at: At) {
        if s.is_empty() {
            return;
        }
        let base = self.text.len();
        self.text.push_str(s);
        if self.end != Some(at) || !at.exact {
            self.anchor(base, at);
        }
        self.end = None;
        let later = At { exact: false, ..at };
        for (i, _) in s.match_indices('\n').filter(|(i, _)| i + 1 < s.len()) {
            self.anchor(base + i + 1, later);
        }
    }

    /// Appends text that is not in the file (a line break between blocks).
    pub fn push_synthetic(&mut self, s: &str) {
        self.text.push_str(s);
        self.end = None;
    }

    /// Appends another derived text (taking it whole when this one is empty: an email
    /// body is then moved, not copied).
    pub fn append(&mut self, other: Derived) {
        if self.text.is_empty() && self.anchors.is_empty() {
            *self = other;
            return;
        }
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.end = None;
        for a in other.anchors.iter() {
            self.anchor(base + a.text_offset(), At { line: a.line(), column: a.column(), exact: a.exact() });
        }
    }

    /// True when the text ends with a blank line (or is empty).
    pub fn at_block_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with("\n\n")
    }

    /// Ends the current block with a blank line.
    pub fn end_block(&mut self) {
        while !self.at_block_start() {
            self.text.push('\n');
            self.end = None;
        }
    }

    /// Ends the current line.
    pub fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
            self.end = None;
        }
    }

    fn anchor(&mut self, text_offset: usize, at: At) {
        self.anchors.push(Anchor::new(text_offset, at.line, at.column, at.exact));
    }

    /// The source map of this text.
    pub fn into_parts(self) -> (String, SourceMap) {
        (self.text, SourceMap::Anchors(self.anchors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_keep_lines_and_columns() {
        let file = "head\n<p>Pay now\nor else</p>\n";
        let src = Source::file(file);
        let mut d = Derived::default();
        d.copy(&src, 8..23);
        d.push("’", At { line: 9, column: 4, exact: true });
        assert_eq!(d.text, "Pay now\nor else’");
        let again = Source::derived(&d);
        assert_eq!(again.at(4), At { line: 2, column: 8, exact: true });
        assert_eq!(again.at(8), At { line: 3, column: 1, exact: true });
        assert_eq!(again.at(15), At { line: 9, column: 4, exact: true });
        let mut twice = Derived::default();
        twice.copy(&again, 4..15);
        assert_eq!(Source::derived(&twice).at(4), At { line: 3, column: 1, exact: true });
    }

    #[test]
    fn decoded_text_right_after_a_copy_needs_no_anchor_of_its_own() {
        let file = "<p>Pay &amp; go</p>";
        let src = Source::file(file);
        let mut d = Derived::default();
        d.copy(&src, 3..7);
        d.push("&", src.at(7));
        d.copy(&src, 12..15);
        assert_eq!(d.text, "Pay & go");
        assert_eq!(d.anchors.iter().count(), 2, "{:?}", d.anchors);
        let again = Source::derived(&d);
        let cols: Vec<u32> = (0..d.text.len()).map(|i| again.at(i).column).collect();
        assert_eq!(cols, [4, 5, 6, 7, 8, 13, 14, 15]);
    }

    #[test]
    fn text_decoded_elsewhere_keeps_the_anchors_pushing_it_would_make() {
        // An empty stretch (a line of only `=`), one right after it, one at the end.
        let text = "Take it=\nor leave it.\n";
        // (In a mail body a line break ends a stretch; here one starts one.)
        let anchors: Vec<Anchor> = [(0, 1, 1), (7, 2, 1), (7, 3, 1), (8, 3, 2), (text.len(), 4, 1)]
            .iter()
            .map(|&(offset, line, column)| Anchor::new(offset, line, column, true))
            .collect();
        let mut pushed = Derived::default();
        for (i, a) in anchors.iter().enumerate() {
            let end = anchors.get(i + 1).map_or(text.len(), Anchor::text_offset);
            pushed.push(&text[a.text_offset()..end], At { line: a.line(), column: a.column(), exact: true });
        }
        let taken = Derived::decoded(text.to_string(), anchors.into());
        assert_eq!((taken.text, taken.anchors), (pushed.text, pushed.anchors));
    }

    #[test]
    fn an_anchor_is_twelve_bytes() {
        // A page of entities or a body of escapes holds one every few bytes.
        assert_eq!(std::mem::size_of::<Anchor>(), 12);
        let a = Anchor::new(7, 3, 5, true);
        assert_eq!((a.text_offset(), a.line(), a.column(), a.exact()), (7, 3, 5, true));
        assert!(!Anchor::new(7, 3, 5, false).exact());
    }

    #[test]
    fn decoded_text_points_at_its_start() {
        let mut d = Derived::default();
        d.push("one\ntwo", At::whole(9));
        assert_eq!(Source::derived(&d).at(6), At { line: 9, column: 1, exact: false });
    }
}
