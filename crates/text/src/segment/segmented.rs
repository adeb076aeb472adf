//! What the segmenter produces: a turn's sentences and normalised words, each mapped
//! back to its bytes in the source.

use std::ops::Range;

/// A stretch of the text that belongs to one turn: a byte range, and whether a sentence
/// must end before it (a new paragraph or list item).
///
/// A conversation holds one per line of a transcript, so it is 8 bytes: the offsets as
/// `u32`s, the break in the top bit of the end. Offsets are at most [`Part::MAX_OFFSET`]
/// (2 GiB less a byte); readers take inputs far smaller.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    start: u32,
    /// The end, with [`HARD_BREAK`] set for a hard break.
    end: u32,
}

/// The bit of [`Part::end`] that says a sentence must end before the part.
const HARD_BREAK: u32 = 1 << 31;

impl Part {
    /// The largest offset a part holds.
    pub const MAX_OFFSET: usize = HARD_BREAK as usize - 1;

    /// The part `range` of the text, with a hard break before it or not. Offsets past
    /// [`Part::MAX_OFFSET`] are held at it.
    pub fn new(range: Range<usize>, hard_break: bool) -> Self {
        let at = |n: usize| n.min(Self::MAX_OFFSET) as u32;
        Part { start: at(range.start), end: at(range.end) | if hard_break { HARD_BREAK } else { 0 } }
    }

    /// The byte range in the text.
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// Where the part starts in the text.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the part ends in the text.
    pub fn end(&self) -> usize {
        (self.end & !HARD_BREAK) as usize
    }

    /// True when a sentence must end before this part (a new paragraph or list item).
    pub fn hard_break(&self) -> bool {
        self.end & HARD_BREAK != 0
    }

    /// The part from `start` on.
    pub fn set_start(&mut self, start: usize) {
        *self = Part::new(start..self.end(), self.hard_break());
    }

    /// The part up to `end`.
    pub fn set_end(&mut self, end: usize) {
        *self = Part::new(self.start()..end, self.hard_break());
    }

    /// Sets whether a sentence must end before the part.
    pub fn set_hard_break(&mut self, hard_break: bool) {
        *self = Part::new(self.range(), hard_break);
    }
}

impl std::fmt::Debug for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Part").field("range", &self.range()).field("hard_break", &self.hard_break()).finish()
    }
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
    /// The normalised word's [`crate::word_key`], computed on the way.
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
