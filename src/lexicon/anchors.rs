//! Finding anchors: a trie over interned word ids. An anchor is a run of plain words,
//! the last possibly a stem (`threaten*`); the trie walks the words of a sentence from
//! each start word, one id comparison per step, so a text costs one hash lookup per word
//! plus a step for each word that continues an anchor. Words are compared whole, so an
//! anchor always starts and ends on word boundaries; a stem only has to start the word.

use std::ops::Range;

use super::tables::{View, NODE_SIZE, STEM_SIZE};
use super::vocab::UNKNOWN;
use crate::text::Segmented;

impl View<'_> {
    /// The word id of each word of `seg`, into `ids`.
    pub fn word_ids(&self, seg: &Segmented, ids: &mut Vec<u32>) {
        ids.clear();
        let norm = seg.norm.as_bytes();
        ids.extend(seg.words.iter().map(|w| self.word_id(w.key, &norm[w.norm_start as usize..w.norm_end as usize])));
    }

    /// Appends `(phrase, start word, sentence)` to `found` for every phrase whose anchor
    /// occurs in `seg` (`ids` from [`View::word_ids`]), within one sentence.
    pub fn find_anchors(&self, seg: &Segmented, ids: &[u32], found: &mut Vec<(u32, u32, u32)>) {
        let mut found = |p: u32, start: usize, si: usize| found.push((p, start as u32, si as u32));
        let norm = seg.norm.as_bytes();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            let end = sentence.words.end;
            for start in sentence.words.clone() {
                let w = &seg.words[start];
                let b = if w.norm_end > w.norm_start { norm[w.norm_start as usize] } else { 0 };
                if self.stem_first[b as usize / 32] & (1 << (b % 32)) != 0 {
                    self.stem_hits(0, seg, start, |p| found(p, start, si));
                }
                let id = ids[start];
                if id == UNKNOWN {
                    continue;
                }
                let mut node = self.root[id as usize];
                let mut next = start + 1;
                while node != 0 {
                    self.phrase_range(node).iter().for_each(|&p| found(p, start, si));
                    if next == end {
                        break;
                    }
                    self.stem_hits(node, seg, next, |p| found(p, start, si));
                    node = self.child(node, ids[next]);
                    next += 1;
                }
            }
        }
    }

    /// The range at `field` of `node`'s record (0 edges, 1 exact phrases, 2 stems).
    #[inline]
    fn node_range(&self, node: u32, field: usize) -> Range<usize> {
        let at = node as usize * NODE_SIZE + field;
        self.nodes[at] as usize..self.nodes[at + NODE_SIZE] as usize
    }

    /// The phrase ids of `node`'s exact phrases.
    #[inline]
    fn phrase_range(&self, node: u32) -> &[u32] {
        &self.phrase_ids[self.node_range(node, 1)]
    }

    /// The phrases of the stems after `node` that word `at` starts with.
    #[inline]
    fn stem_hits(&self, node: u32, seg: &Segmented, at: usize, mut found: impl FnMut(u32)) {
        let stems = self.node_range(node, 2);
        if stems.is_empty() {
            return;
        }
        let w = &seg.words[at];
        let word = &seg.norm.as_bytes()[w.norm_start as usize..w.norm_end as usize];
        for stem in self.stems[stems.start * STEM_SIZE..stems.end * STEM_SIZE].chunks_exact(STEM_SIZE) {
            if word.starts_with(self.pool_bytes(stem[1], stem[2])) {
                self.phrase_ids[stem[3] as usize..stem[4] as usize].iter().for_each(|&p| found(p));
            }
        }
    }

    /// The child of `node` by word `id`, or 0.
    #[inline]
    fn child(&self, node: u32, id: u32) -> u32 {
        if id == UNKNOWN {
            return 0;
        }
        let edges = self.node_range(node, 0);
        let edges = &self.edges[edges.start * 2..edges.end * 2];
        // Edges are (word, child) pairs sorted by word.
        let (mut lo, mut hi) = (0, edges.len() / 2);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match edges[2 * mid].cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return edges[2 * mid + 1],
            }
        }
        0
    }
}
