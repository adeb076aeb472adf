//! Compiling phrases into [`Tables`]: every word of every phrase is interned, the
//! phrases' anchors become a trie over word ids, and what must come before and after
//! each anchor becomes a list of elements that name words by id. `build.rs` runs this
//! on the built-in lexicons, so the binary carries the result; user lexicons are
//! compiled at start-up.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::pattern::{Elem, Phrase};
use super::tables::{self, Section, Tables, SECTIONS};
use super::vocab::Vocab;

/// A rule id index into the lexicon's rules, or [`ALLOW`].
pub type RuleIdx = u32;

/// The pseudo-rule of phrases allowed by the user: they cancel any overlapping hit.
pub const ALLOW: RuleIdx = RuleIdx::MAX;

/// A phrase of a rule, ready to compile.
#[derive(Debug, Clone)]
pub struct RulePhrase {
    /// The rule it belongs to.
    pub rule: RuleIdx,
    /// True for an exception phrase.
    pub exception: bool,
    /// The phrase.
    pub phrase: Phrase,
}

/// The phrases of rule `rule` ready to compile: its patterns' phrases, then its
/// exceptions'. The build script and the library number rules alike (in file order), so
/// the built-in tables and the rules read back beside them agree.
pub fn rule_phrases(rule: RuleIdx, phrases: Vec<Phrase>, exceptions: Vec<Phrase>) -> impl Iterator<Item = RulePhrase> {
    let exceptions = exceptions.into_iter().map(|p| (true, p));
    phrases.into_iter().map(|p| (false, p)).chain(exceptions).map(move |(exception, phrase)| RulePhrase {
        rule,
        exception,
        phrase,
    })
}

/// Compiles `phrases` into tables; phrase `i` of the tables is `phrases[i]`.
pub fn compile(phrases: &[RulePhrase]) -> Tables {
    let mut c = Compiler::default();
    // Anchor words are interned first, so their ids are the smallest and a word whose id
    // is past the root table is known to start and continue no anchor.
    let trie = Trie::build(&mut c, phrases.iter().map(|p| &p.phrase.anchor[..]));
    let anchor_words = c.vocab.len();
    let mut records = Vec::with_capacity(phrases.len() * tables::PHRASE_SIZE);
    for p in phrases {
        let before = c.shared_seq(&p.phrase.before);
        let after = c.shared_seq(&p.phrase.after);
        let flag = |on: bool, bit: u32| if on { bit } else { 0 };
        let flags = flag(p.exception, tables::EXCEPTION)
            | flag(p.phrase.at_start, tables::AT_START)
            | flag(p.phrase.at_end, tables::AT_END);
        records.extend([p.rule, flags, p.phrase.anchor.len() as u32, before.start, before.end, after.start, after.end]);
        records.extend(c.filter(&p.phrase));
    }
    let (slots, keys) = c.vocab.finish();
    let mut sections: [Vec<u32>; SECTIONS] = Default::default();
    sections[Section::Slots as usize] = slots;
    sections[Section::Keys as usize] = keys;
    sections[Section::Root as usize] = trie.root(anchor_words);
    sections[Section::Nodes as usize] = trie.nodes;
    sections[Section::Edges as usize] = trie.edges;
    sections[Section::Stems as usize] = trie.stems;
    sections[Section::PhraseIds as usize] = trie.phrase_ids;
    sections[Section::Phrases as usize] = records;
    sections[Section::Code as usize] = c.code;
    sections[Section::StemFirst as usize] = trie.stem_first.to_vec();
    Tables::new(sections, c.pool)
}

#[derive(Default)]
struct Compiler {
    vocab: Vocab,
    pool: Vec<u8>,
    code: Vec<u32>,
    /// Where each shared element list (the expansions of one pattern share theirs) was
    /// written, by address.
    written: HashMap<usize, Range<u32>>,
    /// Stem prefixes already in the pool.
    prefixes: HashMap<String, u32>,
}

impl Compiler {
    fn shared_seq(&mut self, elems: &Arc<[Elem]>) -> Range<u32> {
        let at = Arc::as_ptr(elems) as *const Elem as usize;
        if let Some(r) = self.written.get(&at) {
            return r.clone();
        }
        let r = self.seq(elems);
        self.written.insert(at, r.clone());
        r
    }

    /// Writes `elems` (after the alternatives they hold) and returns their range.
    fn seq(&mut self, elems: &[Elem]) -> Range<u32> {
        let encoded: Vec<tables::Elem> = elems.iter().map(|e| self.elem(e)).collect();
        let start = self.code.len() as u32;
        encoded.iter().for_each(|e| self.code.extend(e.encode()));
        start..self.code.len() as u32
    }

    fn elem(&mut self, e: &Elem) -> tables::Elem {
        match e {
            Elem::Word(w) => tables::Elem::Word(self.vocab.intern(w, &mut self.pool)),
            Elem::Stem(p) => tables::Elem::Stem(self.prefix(p), p.len() as u32),
            Elem::Gap { min, max } => tables::Elem::Gap(*min as u32, *max as u32),
            Elem::Number => tables::Elem::Number,
            Elem::Alt(alts) => {
                let single = |a: &Vec<Elem>| match a.as_slice() {
                    [Elem::Word(w)] => Some(w.clone()),
                    _ => None,
                };
                if let Some(words) = alts.iter().map(single).collect::<Option<Vec<_>>>() {
                    // Any of them is the same next word: a set, searched by id.
                    let mut ids: Vec<u32> = words.iter().map(|w| self.vocab.intern(w, &mut self.pool)).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let list = self.code.len() as u32;
                    self.code.extend(&ids);
                    return tables::Elem::Words { count: ids.len() as u32, list };
                }
                let entries: Vec<[u32; 2]> = alts
                    .iter()
                    .map(|a| match single(a) {
                        Some(w) => [self.vocab.intern(&w, &mut self.pool) << 1 | 1, 0],
                        None => {
                            let r = self.seq(a);
                            [r.start << 1, r.end]
                        }
                    })
                    .collect();
                let list = self.code.len() as u32;
                entries.iter().for_each(|e| self.code.extend(e));
                tables::Elem::Alt { count: alts.len() as u32, list }
            }
        }
    }

    /// What an anchor hit must have around it for its phrase to match, checked before
    /// the phrase itself (most anchors are common words, and most hits fail): how many
    /// words the elements before and after the anchor take at least and at most, and a
    /// 64-bit set ([`tables::word_bit`]) of the words that can stand right before and
    /// right after the anchor (all bits when any word can).
    fn filter(&mut self, p: &Phrase) -> [u32; 5] {
        let (min_before, max_before) = word_bounds(&p.before);
        let (min_after, max_after) = word_bounds(&p.after);
        let bounds = min_before | max_before << 8 | min_after << 16 | max_after << 24;
        let mut set = |elems: &[Elem], last: bool| -> u64 {
            match self.edge_words(elems, last) {
                Some(ids) => ids.iter().fold(0, |set, &id| set | tables::word_bit(id)),
                None => u64::MAX,
            }
        };
        let (prev, next) = (set(&p.before, true), set(&p.after, false));
        [bounds, prev as u32, (prev >> 32) as u32, next as u32, (next >> 32) as u32]
    }

    /// The ids the word at one end of any match of `elems` can have (`last`: its last
    /// word, else its first); `None` when it can be any word or the match can be empty.
    fn edge_words(&mut self, elems: &[Elem], last: bool) -> Option<Vec<u32>> {
        let edge = if last { elems.last()? } else { elems.first()? };
        match edge {
            Elem::Word(w) => Some(vec![self.vocab.intern(w, &mut self.pool)]),
            Elem::Alt(alts) => {
                let mut ids = vec![];
                for a in alts {
                    ids.extend(self.edge_words(a, last)?);
                }
                Some(ids)
            }
            Elem::Stem(_) | Elem::Gap { .. } | Elem::Number => None,
        }
    }

    fn prefix(&mut self, p: &str) -> u32 {
        if let Some(&at) = self.prefixes.get(p) {
            return at;
        }
        let at = self.pool.len() as u32;
        self.pool.extend_from_slice(p.as_bytes());
        self.prefixes.insert(p.to_string(), at);
        at
    }
}

/// The anchor trie, flattened into its sections.
struct Trie {
    /// `(word, child)` of the root's edges.
    root_edges: Vec<(u32, u32)>,
    nodes: Vec<u32>,
    edges: Vec<u32>,
    stems: Vec<u32>,
    phrase_ids: Vec<u32>,
    stem_first: [u32; 8],
}

impl Trie {
    /// The trie of `anchors` (`anchors[i]` anchors phrase `i`): plain words, the last
    /// possibly a stem.
    fn build<'a>(c: &mut Compiler, anchors: impl Iterator<Item = &'a [Elem]>) -> Trie {
        let mut nodes = 1u32;
        let mut children: HashMap<(u32, u32), u32> = HashMap::new();
        let mut exact: Vec<(u32, u32)> = vec![];
        let mut stems: Vec<(u32, String, u32)> = vec![];
        for (phrase, anchor) in anchors.enumerate() {
            let (stem, words) = match anchor.split_last() {
                Some((Elem::Stem(p), words)) => (Some(p), words),
                _ => (None, anchor),
            };
            let mut node = 0;
            for w in words {
                let Elem::Word(w) = w else { unreachable!("anchors are plain words, the last possibly a stem") };
                let id = c.vocab.intern(w, &mut c.pool);
                node = *children.entry((node, id)).or_insert_with(|| {
                    nodes += 1;
                    nodes - 1
                });
            }
            match stem {
                Some(p) => stems.push((node, p.to_string(), phrase as u32)),
                None => exact.push((node, phrase as u32)),
            }
        }
        let mut edges: Vec<(u32, u32, u32)> =
            children.into_iter().map(|((parent, w), child)| (parent, w, child)).collect();
        edges.sort_unstable();
        exact.sort_by_key(|&(node, _)| node);
        stems.sort_unstable();
        let mut t = Trie {
            root_edges: edges.iter().filter(|e| e.0 == 0).map(|e| (e.1, e.2)).collect(),
            nodes: vec![],
            edges: edge_table(&edges),
            stems: vec![],
            phrase_ids: exact.iter().map(|e| e.1).collect(),
            stem_first: [0; 8],
        };
        // Each node's edges, exact phrases and stems follow the previous node's, so a
        // node's record holds where they start and the next record where they end.
        let mut counts = vec![[0u32; tables::NODE_SIZE]; nodes as usize + 1];
        edges.iter().for_each(|e| counts[e.0 as usize + 1][0] += 1);
        exact.iter().for_each(|e| counts[e.0 as usize + 1][1] += 1);
        for node in t.add_stems(c, &stems) {
            counts[node as usize + 1][2] += 1;
        }
        for i in 1..counts.len() {
            let before = counts[i - 1];
            counts[i].iter_mut().zip(before).for_each(|(c, b)| *c += b);
        }
        t.nodes = counts.concat();
        t
    }

    /// Stems, one record per (node, prefix), with the ids of their phrases; returns the
    /// node of each record.
    fn add_stems(&mut self, c: &mut Compiler, stems: &[(u32, String, u32)]) -> Vec<u32> {
        let mut nodes = vec![];
        for (range, (node, prefix, _)) in ranges(stems, |s| (s.0, s.1.as_str())) {
            let at = c.prefix(prefix);
            let ids = self.phrase_ids.len() as u32;
            self.phrase_ids.extend(stems[range.start as usize..range.end as usize].iter().map(|s| s.2));
            self.stems.extend([*node, at, prefix.len() as u32, ids, self.phrase_ids.len() as u32]);
            nodes.push(*node);
            if *node == 0 {
                let b = prefix.as_bytes()[0];
                self.stem_first[b as usize / 32] |= 1 << (b % 32);
            }
        }
        nodes
    }

    /// The root's child for each word id (0: none).
    fn root(&self, words: usize) -> Vec<u32> {
        let mut root = vec![0; words];
        self.root_edges.iter().for_each(|&(w, child)| root[w as usize] = child);
        root
    }
}

/// The runs of `items` with equal `key`, as index ranges with their first item.
fn ranges<'a, T, K: PartialEq>(
    items: &'a [T],
    key: impl Fn(&'a T) -> K + 'a,
) -> impl Iterator<Item = (Range<u32>, &'a T)> + 'a {
    let mut start = 0;
    std::iter::from_fn(move || {
        let first = items.get(start)?;
        let k = key(first);
        let len = items[start..].iter().take_while(|x| key(x) == k).count();
        let r = start as u32..(start + len) as u32;
        start += len;
        Some((r, first))
    })
}

/// The fewest and most words a match of `elems` takes, each at most [`tables::UNBOUNDED`]
/// (which, as a most, means "no limit").
fn word_bounds(elems: &[Elem]) -> (u32, u32) {
    let (min, max) = elems.iter().fold((0u32, 0u32), |(min, max), e| {
        let (a, b) = match e {
            Elem::Word(_) | Elem::Stem(_) | Elem::Number => (1, 1),
            Elem::Gap { min, max } => (*min as u32, *max as u32),
            Elem::Alt(alts) => {
                alts.iter().map(|a| word_bounds(a)).fold((u32::MAX, 0), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
            }
        };
        (min.saturating_add(a), max.saturating_add(b))
    });
    (min.min(tables::UNBOUNDED), max.min(tables::UNBOUNDED))
}

/// The trie's edges below the root (whose are in [`Section::Root`]) as an open-addressing
/// hash table of `(node, word id, child)` records at a load of at most 1/2, by
/// [`tables::edge_slot`]: a common word has hundreds of anchors continuing it, and one
/// probe beats a binary search over them (most lookups miss, and a miss probes until an
/// empty record: a low load keeps that short). Node 0 (the root) marks an empty record.
fn edge_table(edges: &[(u32, u32, u32)]) -> Vec<u32> {
    let below_root: Vec<_> = edges.iter().filter(|e| e.0 != 0).collect();
    let size = (below_root.len() * 2).next_power_of_two().max(16);
    let mut table = vec![0u32; size * tables::EDGE_SIZE];
    for &&(node, word, child) in &below_root {
        let mut i = tables::edge_slot(node, word) & (size - 1);
        while table[i * tables::EDGE_SIZE] != 0 {
            i = (i + 1) & (size - 1);
        }
        table[i * tables::EDGE_SIZE..(i + 1) * tables::EDGE_SIZE].copy_from_slice(&[node, word, child]);
    }
    table
}
