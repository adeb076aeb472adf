//! Quotation marks: each mark is noted as the scan meets it, and once the turn is
//! scanned they are paired and the words between a pair flagged [`flags::QUOTED`].

use super::{flags, Segmented, Segmenter};

/// How a mark can pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuoteKind {
    /// Opens a quotation (`“`, or `"` before a word).
    Open,
    /// Closes one (`”`, or `"` after a word).
    Close,
    /// Either, by position: a `"` between spaces.
    Toggle,
}

impl QuoteKind {
    /// How double quotation mark `c` pairs: curly and angle marks say which way they
    /// face; a straight one opens before a word and closes after one.
    #[inline]
    pub(super) fn of_double(c: char, at_start: bool, at_end: bool) -> QuoteKind {
        match c {
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => QuoteKind::Open,
            '\u{201D}' | '\u{00BB}' => QuoteKind::Close,
            _ if at_start && !at_end => QuoteKind::Open,
            _ if at_end && !at_start => QuoteKind::Close,
            _ => QuoteKind::Toggle,
        }
    }

    /// How a single quotation mark (not an apostrophe inside a word) pairs: it opens
    /// before a word and closes after one; alone, it is no quotation mark.
    #[inline]
    pub(super) fn of_single(at_start: bool, at_end: bool) -> Option<QuoteKind> {
        if at_start && !at_end {
            Some(QuoteKind::Open)
        } else if at_end && !at_start {
            Some(QuoteKind::Close)
        } else {
            None
        }
    }
}

/// A quotation mark seen before word `at`.
#[derive(Debug, Clone, Copy)]
pub(super) struct QuoteMark {
    at: usize,
    kind: QuoteKind,
    double: bool,
}

impl Segmenter {
    /// Notes a quotation mark before word `at`.
    pub(super) fn quote(&mut self, at: usize, kind: QuoteKind, double: bool) {
        self.quotes.push(QuoteMark { at, kind, double });
    }

    /// Pairs quotation marks and flags the words between a pair. An unpaired mark
    /// quotes nothing, so a stray `"` cannot silence the rest of a turn.
    pub(super) fn mark_quotes(&mut self, out: &mut Segmented) {
        for double in [true, false] {
            let mut open: Option<usize> = None;
            for q in self.quotes.iter().filter(|q| q.double == double) {
                match (open, q.kind) {
                    (None, QuoteKind::Open | QuoteKind::Toggle) => open = Some(q.at),
                    (Some(start), QuoteKind::Close | QuoteKind::Toggle) => {
                        for w in &mut out.words[start..q.at] {
                            w.flags |= flags::QUOTED;
                        }
                        open = None;
                    }
                    (Some(_), QuoteKind::Open) => open = Some(q.at),
                    (None, QuoteKind::Close) => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::seg;
    use super::*;

    #[test]
    fn flags_quotes_clauses_and_caps() {
        let text = "She said \u{201C}take it or leave it\u{201D}, NEVER again 'really' ok";
        let s = seg(text);
        let quoted: Vec<&str> =
            (0..s.words.len()).filter(|&i| s.words[i].flags & flags::QUOTED != 0).map(|i| s.word(i)).collect();
        assert_eq!(quoted, ["take", "it", "or", "leave", "it", "really"]);
        let never = (0..s.words.len()).find(|&i| s.word(i) == "never").unwrap();
        assert_ne!(s.words[never].flags & flags::CLAUSE, 0);
        assert_ne!(s.words[never].flags & flags::CAPS, 0);
    }

    #[test]
    fn unpaired_quote_quotes_nothing() {
        let s = seg("He said \"take it or leave it and left");
        assert!(s.words.iter().all(|w| w.flags & flags::QUOTED == 0));
        let s = seg("The boys' offer stands");
        assert!(s.words.iter().all(|w| w.flags & flags::QUOTED == 0));
    }
}
