//! A bounded view of the words around a hit, within its sentence.

use std::ops::Range;

use crate::text::{flags, Segmented};

/// How far (in words) a context rule may look before or after a hit.
pub const REACH: usize = 12;

/// The words of a hit's sentence, clipped to `REACH` words on either side.
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

    /// True when word `i` is the first of its sentence.
    pub fn at_sentence_start(&self, i: usize) -> bool {
        self.seg.sentences[self.seg.sentence_of(i)].words.start == i
    }

    /// True when the words starting at `i` are `phrase` (space-separated, normalised).
    #[inline]
    pub fn phrase_at(&self, i: usize, phrase: &str) -> bool {
        // Rules ask this for every word near a hit and many phrases, and most fail on
        // the first word: compare in place rather than set up a splitter each time.
        let mut rest = phrase.as_bytes();
        for k in i..self.seg.words.len() {
            let word = self.word(k).as_bytes();
            match rest.strip_prefix(word) {
                Some([]) => return true,
                Some([b' ', tail @ ..]) => rest = tail,
                _ => return false,
            }
        }
        false
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};

    #[test]
    fn phrase_at_matches_whole_words_in_order() {
        let text = "we will do it so that payroll can run";
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
        let w = Window::new(&seg, 0, 0..1);
        let cases: &[(usize, &str, bool)] = &[
            (4, "so that", true),
            (4, "so", true),
            (4, "so tha", false),
            (4, "s", false),
            (4, "so  that", false),
            (4, "", false),
            (7, "can run", true),
            (8, "run now", false),
            (9, "run", false),
            (0, "we will do it so that payroll can run", true),
        ];
        for &(i, phrase, want) in cases {
            let old = (i..).zip(phrase.split(' ')).all(|(k, p)| k < seg.words.len() && seg.word(k) == p);
            assert_eq!(w.phrase_at(i, phrase), want, "{phrase:?} at {i}");
            assert_eq!(old, want, "the splitting version agrees on {phrase:?} at {i}");
        }
    }
}
