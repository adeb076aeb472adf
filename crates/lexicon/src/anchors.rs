//! Finding anchors: a trie over interned word ids. An anchor is a run of plain words,
//! the last possibly a stem (`threaten*`); the trie walks the words of a sentence from
//! each start word, one id comparison per step, so a text costs one hash lookup per word
//! plus a step for each word that continues an anchor. Words are compared whole, so an
//! anchor always starts and ends on word boundaries; a stem only has to start the word.

use std::ops::Range;

use super::tables::{edge_slot, View, EDGE_SIZE, NODE_SIZE, STEM_SIZE};
use goodfaith_text::Segmented;

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
        let norm = seg.norm.as_bytes();
        let stem_first: [u32; 8] = self.stem_first.try_into().expect("256 bits");
        for (si, sentence) in seg.sentences.iter().enumerate() {
            let end = sentence.words.end;
            for start in sentence.words.clone() {
                let mut hit = |p: u32| found.push((p, start as u32, si as u32));
                let w = &seg.words[start];
                let b = if w.norm_end > w.norm_start { norm[w.norm_start as usize] } else { 0 };
                if stem_first[b as usize / 32] >> (b % 32) & 1 != 0 {
                    self.stem_hits(self.node(0).stems, seg, start, &mut hit);
                }
                // A word in no anchor (or unknown) has an id past the end of the table.
                let Some(&first) = self.root.get(ids[start] as usize) else { continue };
                let (mut node, mut next) = (first, start + 1);
                while node != 0 {
                    let n = self.node(node);
                    self.phrase_ids[n.exact].iter().for_each(|&p| hit(p));
                    if next == end {
                        break;
                    }
                    self.stem_hits(n.stems, seg, next, &mut hit);
                    node = self.child(node, n.edges, ids[next]);
                    next += 1;
                }
            }
        }
    }

    /// The ranges of `node`'s edges, exact phrases and stems: its record says where they
    /// start, the next record where they end.
    #[inline]
    fn node(&self, node: u32) -> Node {
        let at = node as usize * NODE_SIZE;
        let r = &self.nodes[at..at + 2 * NODE_SIZE];
        Node {
            edges: r[0] as usize..r[NODE_SIZE] as usize,
            exact: r[1] as usize..r[NODE_SIZE + 1] as usize,
            stems: r[2] as usize..r[NODE_SIZE + 2] as usize,
        }
    }

    /// The phrases of the `stems` (a node's) that word `at` starts with.
    #[inline(always)]
    fn stem_hits(&self, stems: Range<usize>, seg: &Segmented, at: usize, found: &mut impl FnMut(u32)) {
        if !stems.is_empty() {
            self.stem_hits_of(stems, seg, at, found);
        }
    }

    /// [`View::stem_hits`] of a node with stems (few have any).
    #[inline(never)]
    fn stem_hits_of(&self, stems: Range<usize>, seg: &Segmented, at: usize, found: &mut impl FnMut(u32)) {
        let w = &seg.words[at];
        let word = &seg.norm.as_bytes()[w.norm_start as usize..w.norm_end as usize];
        for stem in self.stems[stems.start * STEM_SIZE..stems.end * STEM_SIZE].chunks_exact(STEM_SIZE) {
            if word.starts_with(self.pool_bytes(stem[1], stem[2])) {
                self.phrase_ids[stem[3] as usize..stem[4] as usize].iter().for_each(|&p| found(p));
            }
        }
    }

    /// The child of `node` (whose `edges` range is not empty when it has any) by word
    /// `id`, or 0.
    #[inline]
    fn child(&self, node: u32, edges: Range<usize>, id: u32) -> u32 {
        if edges.is_empty() || id as usize >= self.root.len() {
            return 0;
        }
        let mask = self.edges.len() / EDGE_SIZE - 1;
        let mut i = edge_slot(node, id) & mask;
        loop {
            let e = &self.edges[i * EDGE_SIZE..i * EDGE_SIZE + EDGE_SIZE];
            if e[0] == node && e[1] == id {
                return e[2];
            }
            if e[0] == 0 {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }
}

/// A trie node's ranges of edges (counted), [`View::phrase_ids`] and
/// [`View::stems`] (records).
struct Node {
    edges: Range<usize>,
    exact: Range<usize>,
    stems: Range<usize>,
}
