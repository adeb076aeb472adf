//! Finding anchors: a trie over interned word ids. An anchor is a run of plain words,
//! the last possibly a stem (`threaten*`); the trie walks the words of a sentence from
//! each start word, one id comparison per step, so a text costs one hash lookup per word
//! plus a step for each word that continues an anchor. Words are compared whole, so an
//! anchor always starts and ends on word boundaries; a stem only has to start the word.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::pattern::Elem;
use super::vocab::{Vocab, UNKNOWN};
use crate::text::Segmented;

/// Where an anchor ends: a node reached by whole words, or a stem at the next word.
#[derive(Debug, Clone, Default)]
struct Node {
    /// Children, sorted by word id, in [`Anchors::edges`].
    edges: Range<u32>,
    /// Phrases whose anchor ends with this node's word, in [`Anchors::phrase_ids`].
    exact: Range<u32>,
    /// Stems that may end an anchor after this node, in [`Anchors::stems`].
    stems: Range<u32>,
}

/// A stem ending anchors, and the phrases anchored on it.
#[derive(Debug, Clone)]
struct Stem {
    /// The node it follows.
    node: u32,
    prefix: Box<str>,
    phrases: Range<u32>,
}

/// The anchors of every phrase, as a trie over word ids.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    vocab: Vocab,
    /// The root's child for each word id (0: none; node 0 is the root).
    root: Vec<u32>,
    nodes: Vec<Node>,
    edges: Vec<(u32, u32)>,
    stems: Vec<Stem>,
    phrase_ids: Vec<u32>,
    /// First bytes of the stems that make a whole anchor (`threaten*`), a bit per byte
    /// value, to skip most words without comparing.
    root_stem_first: [u64; 4],
}

/// Children, exact phrases and stems of each node, before flattening.
#[derive(Default)]
struct Building {
    /// `(parent, word, child)` for every edge.
    edges: Vec<(u32, u32, u32)>,
    /// `(node, phrase)` for every anchor made of whole words.
    exact: Vec<(u32, u32)>,
    /// `(node, stem, phrase)` for every anchor ending in a stem.
    stems: Vec<(u32, String, u32)>,
    nodes: u32,
}

impl Anchors {
    /// Builds the trie from each phrase's anchor (`anchors[i]` anchors phrase `i`).
    pub fn new<'a>(anchors: impl IntoIterator<Item = &'a [Elem]>) -> Anchors {
        let mut vocab = Vocab::default();
        let mut b = Building { nodes: 1, ..Building::default() };
        let mut children: HashMap<(u32, u32), u32, BuildHasherDefault<PairHasher>> = HashMap::default();
        for (phrase, anchor) in anchors.into_iter().enumerate() {
            let (stem, words) = match anchor.split_last() {
                Some((Elem::Stem(p), words)) => (Some(p), words),
                _ => (None, anchor),
            };
            let mut node = 0;
            for w in words {
                let Elem::Word(w) = w else { unreachable!("anchors are plain words, the last possibly a stem") };
                let id = vocab.intern(w);
                node = *children.entry((node, id)).or_insert_with(|| {
                    b.nodes += 1;
                    b.nodes - 1
                });
            }
            match stem {
                Some(p) => b.stems.push((node, p.to_string(), phrase as u32)),
                None => b.exact.push((node, phrase as u32)),
            }
        }
        b.edges = children.into_iter().map(|((parent, word), child)| (parent, word, child)).collect();
        Self::flatten(vocab, b)
    }

    fn flatten(vocab: Vocab, mut b: Building) -> Anchors {
        let mut out = Anchors { root: vec![0; vocab.len()], vocab, ..Anchors::default() };
        out.nodes = vec![Node::default(); b.nodes as usize];
        let (edges, ranges) = by_node(b.edges.iter().map(|&(parent, word, child)| (parent, (word, child))), b.nodes);
        out.edges = edges;
        for (node, range) in out.nodes.iter_mut().zip(ranges) {
            out.edges[range.start as usize..range.end as usize].sort_unstable();
            node.edges = range;
        }
        // The root's children are a table by word id.
        for &(word, child) in &out.edges[out.nodes[0].edges.start as usize..out.nodes[0].edges.end as usize] {
            out.root[word as usize] = child;
        }
        let (phrase_ids, ranges) = by_node(b.exact.iter().copied(), b.nodes);
        out.phrase_ids = phrase_ids;
        for (node, range) in out.nodes.iter_mut().zip(ranges) {
            node.exact = range;
        }
        b.stems.sort_unstable();
        for (node, prefix, phrase) in b.stems {
            let same = out.stems.last().is_some_and(|s| s.node == node && *s.prefix == *prefix);
            if !same {
                let at = out.phrase_ids.len() as u32;
                out.stems.push(Stem { node, prefix: prefix.into(), phrases: at..at });
                let range = &mut out.nodes[node as usize].stems;
                if range.start == range.end {
                    *range = (out.stems.len() - 1) as u32..(out.stems.len() - 1) as u32;
                }
                range.end += 1;
            }
            out.phrase_ids.push(phrase);
            out.stems.last_mut().expect("pushed").phrases.end += 1;
            if node == 0 {
                let b = out.stems.last().expect("pushed").prefix.as_bytes()[0];
                out.root_stem_first[b as usize / 64] |= 1 << (b % 64);
            }
        }
        out
    }

    /// The word id of each word of `seg`, into `ids`.
    pub fn word_ids(&self, seg: &Segmented, ids: &mut Vec<u32>) {
        ids.clear();
        let norm = seg.norm.as_bytes();
        ids.extend(seg.words.iter().map(|w| {
            let word = &norm[w.norm_start as usize..w.norm_end as usize];
            self.vocab.get(w.key, word).unwrap_or(UNKNOWN)
        }));
    }

    /// Calls `found(phrase, start word, sentence)` for every phrase whose anchor occurs in
    /// `seg` (`ids` from [`Anchors::word_ids`]), within one sentence.
    pub fn find(&self, seg: &Segmented, ids: &[u32], mut found: impl FnMut(u32, usize, usize)) {
        let norm = seg.norm.as_bytes();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            let end = sentence.words.end;
            for start in sentence.words.clone() {
                let w = &seg.words[start];
                let b = if w.norm_end > w.norm_start { norm[w.norm_start as usize] } else { 0 };
                if self.root_stem_first[b as usize / 64] & (1 << (b % 64)) != 0 {
                    self.stem_hits(&self.nodes[0], seg, start, |p| found(p, start, si));
                }
                let id = ids[start];
                if id == UNKNOWN {
                    continue;
                }
                let mut node = self.root[id as usize];
                let mut next = start + 1;
                while node != 0 {
                    let n = &self.nodes[node as usize];
                    self.phrases(n.exact.clone()).iter().for_each(|&p| found(p, start, si));
                    if next == end {
                        break;
                    }
                    self.stem_hits(n, seg, next, |p| found(p, start, si));
                    node = self.child(n, ids[next]);
                    next += 1;
                }
            }
        }
    }

    /// The phrases of the stems after `node` that word `at` starts with.
    fn stem_hits(&self, node: &Node, seg: &Segmented, at: usize, mut found: impl FnMut(u32)) {
        if node.stems.is_empty() {
            return;
        }
        let word = seg.word(at);
        for stem in &self.stems[node.stems.start as usize..node.stems.end as usize] {
            if word.starts_with(&*stem.prefix) {
                self.phrases(stem.phrases.clone()).iter().for_each(|&p| found(p));
            }
        }
    }

    fn child(&self, node: &Node, id: u32) -> u32 {
        if id == UNKNOWN {
            return 0;
        }
        let edges = &self.edges[node.edges.start as usize..node.edges.end as usize];
        edges.binary_search_by_key(&id, |&(w, _)| w).map_or(0, |i| edges[i].1)
    }

    fn phrases(&self, range: Range<u32>) -> &[u32] {
        &self.phrase_ids[range.start as usize..range.end as usize]
    }
}

/// Items grouped by node, in their order within a node (a counting sort), and each
/// node's range of them.
fn by_node<T: Copy + Default>(items: impl Iterator<Item = (u32, T)> + Clone, nodes: u32) -> (Vec<T>, Vec<Range<u32>>) {
    let mut starts = vec![0u32; nodes as usize + 1];
    for (node, _) in items.clone() {
        starts[node as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let ranges = starts.windows(2).map(|w| w[0]..w[1]).collect();
    let mut out = vec![T::default(); starts[nodes as usize] as usize];
    for (node, item) in items {
        out[starts[node as usize] as usize] = item;
        starts[node as usize] += 1;
    }
    (out, ranges)
}

/// Hashes a `(node, word)` pair of ids: two multiplies, where the default hasher
/// would spend a hundred instructions.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u32(b as u32));
    }

    fn write_u32(&mut self, v: u32) {
        self.0 = (self.0.rotate_left(23) ^ v as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
