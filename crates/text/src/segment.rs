//! Splitting a turn into sentences and normalised words, with a map back to the source.
//!
//! One pass over the text: ASCII runs go through a byte-level fast path (the common case,
//! several hundred MB/s); runs holding other scripts are split by `unicode-segmentation`'s
//! UAX #29 word boundaries. Sentence boundaries follow UAX #29's main rules (terminal
//! punctuation, and a `.` followed by a lowercase word or after an abbreviation is not an
//! end) with one change for real-world text: a single line break is a space (emails and
//! subtitles wrap mid-sentence), a blank line or a list bullet ends a sentence.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::fold::{fold_plain_word, fold_word, irregular_packed, is_apostrophe};
use super::key::{ascii_lower_bits, ascii_upper_bits, pack, pack_at, word_key};

/// A stretch of the text that belongs to one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// True when a sentence must end before this part (a new paragraph or list item).
    pub hard_break: bool,
}

/// A word after normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Byte range in [`Segmented::norm`].
    pub norm_start: u32,
    /// End of the range in [`Segmented::norm`].
    pub norm_end: u32,
    /// Byte range of the raw word in the source text (shared by the words of one contraction).
    pub src_start: usize,
    /// End of the source range.
    pub src_end: usize,
    /// [`flags`] bits.
    pub flags: u8,
    /// The normalised word's [`super::word_key`], computed on the way.
    pub key: u64,
}

/// Bits of [`Word::flags`].
pub mod flags {
    /// A clause boundary (comma, semicolon, colon, dash, bracket) comes right before this word.
    pub const CLAUSE: u8 = 1;
    /// The word is inside quotation marks.
    pub const QUOTED: u8 = 2;
    /// The raw word is written in capitals (three letters or more).
    pub const CAPS: u8 = 4;
}

/// How a sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Terminal {
    /// No terminal punctuation (end of turn or paragraph).
    #[default]
    None,
    /// `.` or an ellipsis.
    Period,
    /// `?`
    Question,
    /// `!`
    Exclamation,
}

/// A sentence: a run of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Indexes into [`Segmented::words`].
    pub words: Range<usize>,
    /// Byte range in the source text, terminal punctuation included.
    pub src: Range<usize>,
    /// How it ends.
    pub terminal: Terminal,
}

/// The segmented form of one turn. Reused between turns to avoid allocation.
#[derive(Debug, Default)]
pub struct Segmented {
    /// Normalised words: lowercase, folded, separated by a space within a sentence and by
    /// `\n` between sentences, so no phrase can match across a sentence boundary.
    pub norm: String,
    /// Words in order.
    pub words: Vec<Word>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

impl Segmented {
    /// The normalised text of word `i`.
    #[inline]
    pub fn word(&self, i: usize) -> &str {
        let w = &self.words[i];
        &self.norm[w.norm_start as usize..w.norm_end as usize]
    }

    /// The index of the word whose normalised text starts at byte `pos`, if any.
    #[inline]
    pub fn word_at(&self, pos: usize) -> Option<usize> {
        self.words.binary_search_by_key(&(pos as u32), |w| w.norm_start).ok()
    }

    /// The index of the sentence holding word `i`.
    #[inline]
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.words.end <= i)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum QuoteKind {
    Open,
    Close,
    Toggle,
}

/// A quotation mark seen before word `at`.
#[derive(Clone, Copy)]
struct QuoteMark {
    at: usize,
    kind: QuoteKind,
    double: bool,
}

/// Splits turns into [`Segmented`] form. Holds scratch buffers; one per thread.
#[derive(Debug, Default)]
pub struct Segmenter {
    scratch: String,
    quotes: Vec<QuoteMarkSlot>,
}

// `QuoteMark` is private; this wrapper keeps `Segmenter: Debug` without exposing it.
#[derive(Clone, Copy)]
struct QuoteMarkSlot(QuoteMark);

impl std::fmt::Debug for QuoteMarkSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quote@{}", self.0.at)
    }
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
            if part.hard_break {
                self.close_sentence(&mut cur, out);
            }
            // A part boundary is a line break: a space, unless a blank line follows.
            cur.newlines = cur.newlines.max(1);
            self.scan(text, part.range.clone(), &mut cur, out);
        }
        self.close_sentence(&mut cur, out);
        self.mark_quotes(out);
    }

    fn scan(&mut self, text: &str, range: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
        let bytes = text.as_bytes();
        if bytes[range.clone()].is_ascii() {
            return self.scan_ascii(text, range, cur, out);
        }
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

    /// [`Segmenter::scan`] of ASCII text (almost all text) in one pass: every run of
    /// non-space bytes is ASCII, so runs end at spaces and need no finding first.
    fn scan_ascii(&mut self, text: &str, range: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
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

    fn ascii_run(&mut self, text: &str, run: Range<usize>, cur: &mut Cursor, out: &mut Segmented) {
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
            '.' | '\u{2026}' | '\u{3002}' | '\u{0964}' => {
                cur.terminal = cur.terminal.max_with(Terminal::Period);
                cur.src_end = end;
                cur.extend_closers = true;
            }
            '?' | '\u{FF1F}' | '\u{061F}' | '\u{2047}' => {
                cur.terminal = cur.terminal.max_with(Terminal::Question);
                cur.src_end = end;
                cur.extend_closers = true;
            }
            '!' | '\u{FF01}' | '\u{203C}' => {
                cur.terminal = cur.terminal.max_with(Terminal::Exclamation);
                cur.src_end = end;
                cur.extend_closers = true;
            }
            '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => {
                let kind = match c {
                    '\u{201C}' | '\u{201E}' | '\u{00AB}' => QuoteKind::Open,
                    '\u{201D}' | '\u{00BB}' => QuoteKind::Close,
                    _ if at_start && !at_end => QuoteKind::Open,
                    _ if at_end && !at_start => QuoteKind::Close,
                    _ => QuoteKind::Toggle,
                };
                self.quote(at, kind, true);
                if kind != QuoteKind::Open && cur.extend_closers {
                    cur.src_end = end;
                }
            }
            _ if is_apostrophe(c) && !between_words => {
                // A single quote mark that is not an apostrophe inside a word.
                let kind = if at_start && !at_end {
                    QuoteKind::Open
                } else if at_end && !at_start {
                    QuoteKind::Close
                } else {
                    return;
                };
                self.quote(at, kind, false);
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

    fn quote(&mut self, at: usize, kind: QuoteKind, double: bool) {
        self.quotes.push(QuoteMarkSlot(QuoteMark { at, kind, double }));
    }

    fn word(&mut self, text: &str, raw: Range<usize>, shape: Shape, cur: &mut Cursor, out: &mut Segmented) {
        let raw_text = &text[raw.clone()];
        if self.ends_sentence_before(text, raw_text, cur) {
            self.close_sentence(cur, out);
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

    /// Decides whether the punctuation and space seen since the last word end a sentence.
    fn ends_sentence_before(&self, text: &str, next: &str, cur: &Cursor) -> bool {
        if cur.newlines >= 2 || cur.bullet {
            return true;
        }
        match cur.terminal {
            Terminal::None => false,
            Terminal::Question | Terminal::Exclamation => true,
            Terminal::Period => {
                // "approx. five" runs on; a full stop at the end of a line ends the
                // sentence whatever comes next ("added.\n[x] yes, sign me up").
                let lower_next = next.chars().next().is_some_and(char::is_lowercase);
                (!lower_next || cur.newlines > 0) && !is_abbreviation(&text[cur.prev_word.clone()], next)
            }
        }
    }

    fn close_sentence(&mut self, cur: &mut Cursor, out: &mut Segmented) {
        if out.words.len() > cur.sentence_start {
            out.sentences.push(Sentence {
                words: cur.sentence_start..out.words.len(),
                src: cur.sentence_src_start..cur.src_end,
                terminal: cur.terminal,
            });
            cur.sentence_start = out.words.len();
        }
        cur.terminal = Terminal::None;
        cur.clause = false;
    }

    /// Pairs quotation marks and flags the words between a pair. An unpaired mark
    /// quotes nothing, so a stray `"` cannot silence the rest of a turn.
    fn mark_quotes(&mut self, out: &mut Segmented) {
        for double in [true, false] {
            let mut open: Option<usize> = None;
            for QuoteMarkSlot(q) in self.quotes.iter().filter(|q| q.0.double == double) {
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

impl Terminal {
    fn max_with(self, other: Terminal) -> Terminal {
        fn rank(t: Terminal) -> u8 {
            match t {
                Terminal::None => 0,
                Terminal::Period => 1,
                Terminal::Exclamation => 2,
                Terminal::Question => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
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
fn between_words(bytes: &[u8], i: usize, at_start: bool, at_end: bool) -> bool {
    !at_start && !at_end && bytes[i - 1].is_ascii_alphanumeric() && bytes[i + 1].is_ascii_alphanumeric()
}

/// An ASCII space at `bytes[i]`, in a part spanning `range`: line breaks are counted
/// (a CRLF once) and may start a list item.
#[inline]
fn space(bytes: &[u8], i: usize, range: Range<usize>, cur: &mut Cursor) {
    let b = bytes[i];
    if b == b'\n' || b == b'\r' {
        if !(b == b'\n' && i > range.start && bytes[i - 1] == b'\r') {
            cur.newlines += 1;
        }
        cur.bullet |= starts_bullet(&bytes[i + 1..range.end]);
    }
    cur.extend_closers = false;
}

/// [`ASCII_CLASS`] bit: a letter, digit or `_`.
const WORD_BYTE: u8 = 1;
/// [`ASCII_CLASS`] bit: ASCII whitespace (as [`u8::is_ascii_whitespace`]).
const SPACE_BYTE: u8 = 2;

/// What each byte is, for the bytes the scan tests most.
const ASCII_CLASS: [u8; 256] = {
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
}

impl Shape {
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

/// A line starting with a list bullet (`- `, `* `, `• `, `1. `, `2) `).
fn starts_bullet(rest: &[u8]) -> bool {
    let rest = {
        let skip = rest.iter().take_while(|b| **b == b' ' || **b == b'\t').count();
        &rest[skip..]
    };
    match rest {
        [b'-' | b'*' | b'+', b' ', ..] => true,
        [0xE2, 0x80, 0xA2, ..] => true, // •
        _ => {
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            digits > 0 && digits < 3 && matches!(rest.get(digits..digits + 2), Some([b'.' | b')', b' ']))
        }
    }
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

/// Words after which a `.` does not end a sentence (`next` is the text that follows).
fn is_abbreviation(raw: &str, next: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "jr", "sr", "approx",
        "dept", "fig", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ];
    // "No. 5" is a number; "No. Take it or leave it." is a refusal that ends its sentence.
    if raw.eq_ignore_ascii_case("no") {
        return next.starts_with(|c: char| c.is_ascii_digit());
    }
    let chars = raw.chars().count();
    chars == 1 && raw.chars().all(char::is_alphabetic) || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str) -> Segmented {
        let mut out = Segmented::default();
        let parts = [Part { range: 0..text.len(), hard_break: false }];
        Segmenter::new().segment(text, &parts, &mut out);
        out
    }

    fn sentences(text: &str) -> Vec<String> {
        let s = seg(text);
        s.sentences.iter().map(|x| text[x.src.clone()].to_string()).collect()
    }

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
    fn splits_sentences() {
        let cases: &[(&str, &[&str])] = &[
            ("Take it. Or leave it.", &["Take it.", "Or leave it."]),
            ("Is this final? yes it is", &["Is this final?", "yes it is"]),
            ("Mr. Smith said e.g. this. Done", &["Mr. Smith said e.g. this.", "Done"]),
            ("We wait... and see.", &["We wait... and see."]),
            ("He said \"go.\" Then left.", &["He said \"go.\"", "Then left."]),
            ("one line\nwraps here.", &["one line\nwraps here."]),
            ("para one\n\npara two", &["para one", "para two"]),
            ("list:\n- first item\n- second", &["list", "first item", "second"]),
            ("crlf one\r\n\r\ncrlf two", &["crlf one", "crlf two"]),
            ("(Fine.) Next", &["(Fine.)", "Next"]),
            ("Gift wrap added.\n[x] yes, add cover", &["Gift wrap added.", "[x] yes, add cover"]),
            ("costs approx.\nfive pounds", &["costs approx.\nfive pounds"]),
            ("No. Take it or leave it.", &["No.", "Take it or leave it."]),
            ("I said no. You will regret it.", &["I said no.", "You will regret it."]),
            ("See clause No. 5 below.", &["See clause No. 5 below."]),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "sentences of {text:?}");
        }
    }

    #[test]
    fn marks_questions_and_norm_sentence_breaks() {
        let s = seg("Is this your final offer? It is.");
        assert_eq!(s.sentences[0].terminal, Terminal::Question);
        assert_eq!(s.sentences[1].terminal, Terminal::Period);
        assert_eq!(s.norm, "is this your final offer\nit is");
    }

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

    #[test]
    fn maps_words_to_source() {
        let text = "Ok, don\u{2019}t  go";
        let s = seg(text);
        let src: Vec<&str> = s.words.iter().map(|w| &text[w.src_start..w.src_end]).collect();
        assert_eq!(src, ["Ok", "don\u{2019}t", "don\u{2019}t", "go"]);
        assert_eq!(s.norm, "okay do not go");
    }

    #[test]
    fn hard_break_parts_end_sentences() {
        let text = "first part second part";
        let parts = [Part { range: 0..10, hard_break: false }, Part { range: 11..22, hard_break: true }];
        let mut out = Segmented::default();
        Segmenter::new().segment(text, &parts, &mut out);
        assert_eq!(out.sentences.len(), 2);
        assert_eq!(out.norm, "first part\nsecond part");
    }

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

    #[test]
    fn other_scripts_use_uax29_words() {
        let s = seg("Ana: \u{05e9}\u{05dc}\u{05d5}\u{05dd} \u{1F600} what if we split it? \u{4F60}\u{597D}");
        assert!(s.norm.contains("what if we split it"));
        assert_eq!(s.sentences.len(), 2);
    }
}
