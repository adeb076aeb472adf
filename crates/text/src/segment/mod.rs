//! Splitting a turn into sentences and normalised words, with a map back to the source.
//!
//! One pass over the text: ASCII text goes through a byte-level fast path ([`ascii`],
//! the common case, several hundred MB/s); runs holding other scripts are split at
//! UAX #29 word boundaries ([`unicode`]). Punctuation and line breaks decide where
//! sentences end ([`sentence`]); quotation marks are paired once the turn is scanned
//! ([`quotes`]). Every word is folded on the way (`crate::fold`).

mod ascii;
mod quotes;
mod segmented;
mod sentence;
mod unicode;

use std::ops::Range;

use crate::fold::{fold_plain_word, fold_word, is_apostrophe};
use crate::key::word_key;
use quotes::{QuoteKind, QuoteMark};

pub use segmented::{flags, Part, Segmented, Sentence, Terminal, Word};

/// Splits turns into [`Segmented`] form. Holds scratch buffers; one per thread.
#[derive(Debug, Default)]
pub struct Segmenter {
    scratch: String,
    quotes: Vec<QuoteMark>,
}

/// State carried through one turn.
struct Cursor {
    sentence_start: usize,
    sentence_src_start: usize,
    /// End of the last word or of terminal punctuation (and its closing quotes).
    src_end: usize,
    terminal: Terminal,
    /// Set after terminal punctuation until something other than a closer follows.
    extend_closers: bool,
    clause: bool,
    newlines: u32,
    bullet: bool,
    /// Raw text of the previous word, for the abbreviation check (`Mr.`, `e.g.`).
    prev_word: Range<usize>,
    /// Start of an opening bracket or quote since the last word: where a sentence starts.
    lead: Option<usize>,
}

impl Segmenter {
    /// Creates a segmenter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Segments the `parts` of `text` into `out`, replacing its contents.
    pub fn segment(&mut self, text: &str, parts: &[Part], out: &mut Segmented) {
        out.norm.clear();
        out.words.clear();
        out.sentences.clear();
        self.quotes.clear();
        let mut cur = Cursor {
            sentence_start: 0,
            sentence_src_start: 0,
            src_end: 0,
            terminal: Terminal::None,
            extend_closers: false,
            clause: false,
            newlines: 0,
            bullet: false,
            prev_word: 0..0,
            lead: None,
        };
        for part in parts {
            if part.hard_break() {
                cur.close_sentence(out);
            }
            // A part boundary is a line break: a space, unless a blank line follows.
            cur.newlines = cur.newlines.max(1);
            self.scan(text, part.range(), &mut cur, out);
        }
        cur.close_sentence(out);
        self.mark_quotes(out);
    }

    fn scan(&mut self, text: &str, range: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        if text.as_bytes()[range.clone()].is_ascii() {
            self.scan_ascii(text, range, cur, out)
        } else {
            self.scan_mixed(text, range, cur, out)
        }
    }

    /// What punctuation mark `c`, ending at byte `end` of the text, does: it may end the
    /// sentence, end a clause, or open or close a quotation before the next word.
    #[allow(clippy::too_many_arguments)]
    fn punct(
        &mut self,
        c: char,
        at_start: bool,
        at_end: bool,
        between_words: bool,
        end: usize,
        cur: &mut Cursor,
        out: &mut Segmented,
    ) {
        let at = out.words.len();
        if matches!(c, '(' | '[' | '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2018}' | '\'') && at_start {
            cur.lead.get_or_insert(end - c.len_utf8());
        }
        match c {
            '.' | '\u{2026}' | '\u{3002}' | '\u{0964}' => cur.terminal_mark(Terminal::Period, end),
            '?' | '\u{FF1F}' | '\u{061F}' | '\u{2047}' => cur.terminal_mark(Terminal::Question, end),
            '!' | '\u{FF01}' | '\u{203C}' => cur.terminal_mark(Terminal::Exclamation, end),
            '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => {
                let kind = QuoteKind::of_double(c, at_start, at_end);
                self.quote(at, kind, true);
                if kind != QuoteKind::Open && cur.extend_closers {
                    cur.src_end = end;
                }
            }
            _ if is_apostrophe(c) && !between_words => {
                // A single quote mark that is not an apostrophe inside a word.
                if let Some(kind) = QuoteKind::of_single(at_start, at_end) {
                    self.quote(at, kind, false);
                }
            }
            ')' | ']' if cur.extend_closers => {
                cur.src_end = end;
                cur.clause = true;
            }
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '\u{2014}' | '\u{2013}' | '\u{3001}' | '\u{FF0C}'
            | '\u{FF1B}' | '\u{FF1A}' => {
                cur.clause = true;
                cur.extend_closers = false;
            }
            '-' if !between_words => {
                cur.clause = true;
                cur.extend_closers = false;
            }
            _ => cur.extend_closers = false,
        }
    }

    fn word(&mut self, text: &str, raw: Range<usize>, shape: Shape, cur: &mut Cursor, out: &mut Segmented) {
        let raw_text = &text[raw.clone()];
        if cur.ends_sentence_before(text, raw_text) {
            cur.close_sentence(out);
        }
        let flags = begin_word(raw.start, shape, cur, out);
        let Segmented { norm, words, .. } = out;
        let word = |s: usize, e: usize, key: u64| Word {
            norm_start: s as u32,
            norm_end: e as u32,
            src_start: raw.start,
            src_end: raw.end,
            flags,
            key,
        };
        if shape.plain {
            fold_plain_word(raw_text, shape.short, shape.upper, norm, |s, e, key| words.push(word(s, e, key)));
        } else {
            let first = words.len();
            fold_word(raw_text, &mut self.scratch, norm, |s, e| words.push(word(s, e, 0)));
            for w in &mut words[first..] {
                w.key = word_key(&norm.as_bytes()[w.norm_start as usize..w.norm_end as usize]);
            }
        }
        cur.src_end = raw.end;
        cur.prev_word = raw;
        cur.lead = None;
        cur.terminal = Terminal::None;
        cur.extend_closers = false;
        cur.clause = false;
        cur.newlines = 0;
        cur.bullet = false;
    }
}

/// Starts a word at `start` in the source: a sentence starts with it, or a space
/// separates it from the word before. Returns its [`flags`].
#[inline(always)]
fn begin_word(start: usize, shape: Shape, cur: &mut Cursor, out: &mut Segmented) -> u8 {
    let new_sentence = out.words.len() == cur.sentence_start;
    if new_sentence {
        cur.sentence_src_start = cur.lead.unwrap_or(start);
        if !out.norm.is_empty() {
            out.norm.push('\n');
        }
    } else {
        out.norm.push(' ');
    }
    let mut flags = 0;
    if cur.clause && !new_sentence {
        flags |= flags::CLAUSE;
    }
    if shape.caps {
        flags |= flags::CAPS;
    }
    flags
}

/// What the scan learns about a word on the way, so folding needs no second look.
#[derive(Clone, Copy)]
struct Shape {
    /// ASCII letters, digits and `_` only (no apostrophe or inner `.`).
    plain: bool,
    /// Has a capital letter.
    upper: bool,
    /// Written in capitals (see [`flags::CAPS`]).
    caps: bool,
    /// A plain word of at most 8 bytes, lowercased and packed ([`pack`]): its key.
    short: Option<u64>,
}

/// `text` segmented as one part.
#[cfg(test)]
fn seg(text: &str) -> Segmented {
    let mut out = Segmented::default();
    let parts = [Part::new(0..text.len(), false)];
    Segmenter::new().segment(text, &parts, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_words() {
        let cases: &[(&str, &str)] = &[
            ("Take it, or LEAVE it.", "take it or leave it"),
            ("You don\u{2019}t have to decide today!", "you do not have to decide today"),
            ("non-negotiable", "non negotiable"),
            ("e.g. the 3.5% rate, 1,000 units", "e.g the 3.5 rate 1,000 units"),
            ("we'll see", "we will see"),
            ("naïve CAFÉ", "naïve café"),
            ("a\u{00A0}b", "a b"),
        ];
        for (text, norm) in cases {
            assert_eq!(seg(text).norm, *norm, "normalising {text:?}");
        }
    }

    #[test]
    fn maps_words_to_source() {
        let text = "Ok, don\u{2019}t  go";
        let s = seg(text);
        let src: Vec<&str> = s.words.iter().map(|w| &text[w.src_start..w.src_end]).collect();
        assert_eq!(src, ["Ok", "don\u{2019}t", "don\u{2019}t", "go"]);
        assert_eq!(s.norm, "okay do not go");
    }
}
