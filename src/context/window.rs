//! A bounded view of the words around a hit, within its sentence.

use std::ops::Range;

use crate::text::{flags, Segmented};

/// How far (in words) a context rule may look before or after a hit.
pub const REACH: usize = 12;

/// The words of a hit's sentence, clipped to [`REACH`] words on either side.
pub struct Window<'a> {
    seg: &'a Segmented,
    /// The hit's words.
    pub hit: Range<usize>,
    /// First word the rules may look at.
    pub floor: usize,
    /// One past the last word the rules may look at.
    pub ceiling: usize,
}

impl<'a> Window<'a> {
    /// The window around `hit` in `sentence`.
    pub fn new(seg: &'a Segmented, sentence: usize, hit: Range<usize>) -> Self {
        let s = &seg.sentences[sentence].words;
        let floor = hit.start.saturating_sub(REACH).max(s.start);
        let ceiling = (hit.end + REACH).min(s.end);
        Window { seg, hit, floor, ceiling }
    }

    /// The normalised text of word `i`.
    pub fn word(&self, i: usize) -> &'a str {
        self.seg.word(i)
    }

    /// True when a clause boundary comes right before word `i`.
    pub fn clause_before(&self, i: usize) -> bool {
        self.seg.words[i].flags & flags::CLAUSE != 0
    }

    /// Word indexes before the hit, nearest first, stopping at the window's edge.
    pub fn before(&self) -> impl Iterator<Item = usize> + '_ {
        (self.floor..self.hit.start).rev()
    }

    /// Word indexes after the hit, nearest first.
    pub fn after(&self) -> impl Iterator<Item = usize> + '_ {
        self.hit.end..self.ceiling
    }

    /// Word indexes before the hit back to the start of its clause (a comma, a
    /// conjunction that starts a new clause, or the window's edge), nearest first.
    pub fn clause_before_hit(&self) -> impl Iterator<Item = usize> + '_ {
        let mut stop = false;
        let mut boundary_next = self.clause_before(self.hit.start);
        self.before().take_while(move |&i| {
            if stop || boundary_next {
                return false;
            }
            if is_clause_word(self.word(i)) {
                stop = true;
            }
            boundary_next = self.clause_before(i);
            !stop
        })
    }

    /// True when the words starting at `i` are `phrase` (space-separated, normalised).
    pub fn phrase_at(&self, i: usize, phrase: &str) -> bool {
        (i..).zip(phrase.split(' ')).all(|(k, w)| k < self.seg.words.len() && self.word(k) == w)
    }

    /// True when any word of the hit is one of `words`.
    pub fn hit_has(&self, words: &[&str]) -> bool {
        self.hit.clone().any(|i| words.contains(&self.word(i)))
    }
}

/// Conjunctions that start a new clause: negation and reporting do not reach across them.
pub fn is_clause_word(w: &str) -> bool {
    matches!(w, "but" | "however" | "although" | "though" | "yet" | "except" | "whereas" | "while" | "because" | "so")
}
