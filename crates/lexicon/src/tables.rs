//! The matcher's tables: the vocabulary, the anchor trie and every phrase, as flat
//! arrays of `u32` plus a pool of bytes. [`super::compile`] builds them; matching reads
//! them through a [`View`] of slices. They are either borrowed from the binary (the
//! built-in lexicons, compiled by `build.rs`, so start-up builds nothing and touches
//! only the pages a text needs) or owned (user lexicons, compiled at run time): one
//! format, one code path.
//!
//! The serialised form, written by [`Tables::to_bytes`]: a header of `u32`s (magic,
//! number of `u32`s, number of pool bytes), the `u32`s, then the pool bytes. All `u32`s
//! are little-endian. The `u32`s open with the end of each section, in [`Section`] order.

use std::borrow::Cow;

/// Marks the format ("gft" and a version).
const MAGIC: u32 = 0x0367_6674;

/// The sections of the `u32` array, in order.
#[derive(Clone, Copy)]
pub enum Section {
    /// The vocabulary's hash table: `id + 1` of the word in each slot, or 0.
    Slots,
    /// Per word id: key (low, high), length, offset of its bytes in the pool.
    Keys,
    /// Per word id: the trie node an anchor starting with the word leads to (0: none).
    /// Anchor words have the smallest ids; the table ends after the last of them.
    Root,
    /// Per trie node: where its edges, exact phrases and stems start; the next node's
    /// record says where they end (a last record closes the last node's).
    Nodes,
    /// The edges below the root, `(node, word id, child node)`, as an open-addressing
    /// hash table by [`edge_slot`] (node 0 in an empty record). Node records count each
    /// node's edges, so a node without any is passed at once.
    Edges,
    /// Per stem that ends an anchor: node it follows, prefix offset and length in the
    /// pool, and its range of phrase ids.
    Stems,
    /// Phrase ids, in the ranges that nodes and stems point at.
    PhraseIds,
    /// Per phrase: rule, flags ([`EXCEPTION`], [`AT_START`], [`AT_END`]), anchor length,
    /// the ranges in [`Section::Code`] of the elements before and after the anchor, then
    /// a quick test of a hit's surroundings: the fewest and most words before and after
    /// (a byte each: before min, max, after min, max) and the [`word_bit`] sets of the
    /// words that can stand right before and right after the anchor (two `u32`s each).
    Phrases,
    /// Elements, two `u32`s each (see [`Elem`]); alternatives' `(start, end)` lists too.
    Code,
    /// 256 bits: the first bytes of stems that make a whole anchor (`threaten*`).
    StemFirst,
}

/// How many sections there are.
pub const SECTIONS: usize = Section::StemFirst as usize + 1;

/// `u32`s per record of each sectioned table.
pub const KEY_SIZE: usize = 4;
/// See [`KEY_SIZE`].
pub const NODE_SIZE: usize = 3;
/// See [`KEY_SIZE`].
pub const STEM_SIZE: usize = 5;
/// See [`KEY_SIZE`].
pub const PHRASE_SIZE: usize = 12;

/// See [`KEY_SIZE`].
pub const EDGE_SIZE: usize = 3;

/// Where the edge from `node` by word `id` starts probing in [`Section::Edges`].
#[inline]
pub fn edge_slot(node: u32, id: u32) -> usize {
    ((node as u64) << 32 | id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(32) as u32 as usize
}

/// A count of words in a phrase record's bounds that stands for "this many or more".
pub const UNBOUNDED: u32 = 255;

/// The bit of a word id in a 64-bit set of words.
#[inline]
pub fn word_bit(id: u32) -> u64 {
    1 << (id.wrapping_mul(0x9E37_79B9) >> 26)
}

/// Phrase flag: an exception of its rule.
pub const EXCEPTION: u32 = 1;
/// Phrase flag: `^`, the phrase starts the sentence.
pub const AT_START: u32 = 2;
/// Phrase flag: `$`, the phrase ends the sentence.
pub const AT_END: u32 = 4;

/// Element tags, in the low 3 bits of an element's first `u32`; the rest of it and the
/// second `u32` hold: a word's id; a stem's length and pool offset; a gap's minimum and
/// maximum; the number of alternatives and where their list is. An [`Elem::Alt`] list
/// has two `u32`s per alternative: `id << 1 | 1` for a single word, else the range of
/// its elements as `start << 1` and `end`. An [`Elem::Words`] list is sorted word ids.
pub mod tag {
    /// A whole word.
    pub const WORD: u32 = 0;
    /// A word starting with a prefix.
    pub const STEM: u32 = 1;
    /// Some number of arbitrary words.
    pub const GAP: u32 = 2;
    /// One of several element sequences.
    pub const ALT: u32 = 3;
    /// A word written with digits.
    pub const NUMBER: u32 = 4;
    /// One of several single words.
    pub const WORDS: u32 = 5;
}

/// A decoded element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    /// A word, by id.
    Word(u32),
    /// A prefix: offset and length in the pool.
    Stem(u32, u32),
    /// Between `min` and `max` words.
    Gap(u32, u32),
    /// Alternatives, tried in order.
    Alt {
        /// How many.
        count: u32,
        /// Where their list starts in the code.
        list: u32,
    },
    /// Alternatives that are all single words, as sorted word ids.
    Words {
        /// How many.
        count: u32,
        /// Where the ids start in the code.
        list: u32,
    },
    /// A number.
    Number,
}

impl Elem {
    /// The two `u32`s of this element.
    pub fn encode(self) -> [u32; 2] {
        match self {
            Elem::Word(id) => [id << 3 | tag::WORD, 0],
            Elem::Stem(at, len) => [len << 3 | tag::STEM, at],
            Elem::Gap(min, max) => [min << 3 | tag::GAP, max],
            Elem::Alt { count, list } => [count << 3 | tag::ALT, list],
            Elem::Words { count, list } => [count << 3 | tag::WORDS, list],
            Elem::Number => [tag::NUMBER, 0],
        }
    }

    /// The element at `code[0..2]`.
    #[inline]
    pub fn decode(code: &[u32]) -> Elem {
        let (head, second) = (code[0], code[1]);
        match head & 7 {
            tag::WORD => Elem::Word(head >> 3),
            tag::STEM => Elem::Stem(second, head >> 3),
            tag::GAP => Elem::Gap(head >> 3, second),
            tag::ALT => Elem::Alt { count: head >> 3, list: second },
            tag::WORDS => Elem::Words { count: head >> 3, list: second },
            _ => Elem::Number,
        }
    }
}

/// The tables, borrowed or owned.
#[derive(Debug, Clone)]
pub struct Tables {
    data: Cow<'static, [u32]>,
    pool: Cow<'static, [u8]>,
}

const MALFORMED: &str = "the compiled lexicon tables are malformed: rebuild goodfaith";

impl Tables {
    /// Tables from their sections (each a list of `u32`s, in [`Section`] order) and pool.
    pub fn new(sections: [Vec<u32>; SECTIONS], pool: Vec<u8>) -> Tables {
        let total: usize = sections.iter().map(Vec::len).sum();
        let mut data = Vec::with_capacity(SECTIONS + total);
        let mut end = SECTIONS;
        for s in &sections {
            end += s.len();
            data.push(u32::try_from(end).expect("tables fit in u32 offsets"));
        }
        sections.iter().for_each(|s| data.extend_from_slice(s));
        Tables { data: Cow::Owned(data), pool: Cow::Owned(pool) }
    }

    /// The serialised form (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.data.len() * 4 + self.pool.len());
        for v in [MAGIC, self.data.len() as u32, self.pool.len() as u32] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        self.data.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&self.pool);
        out
    }

    /// Tables serialised by [`Tables::to_bytes`] into static bytes (aligned to 4), used
    /// in place where the machine is little-endian.
    pub fn from_static(bytes: &'static [u8]) -> Tables {
        let word = |i: usize| u32::from_le_bytes(bytes[4 * i..4 * i + 4].try_into().expect("4 bytes"));
        assert!(bytes.len() >= 12 && word(0) == MAGIC, "{MALFORMED}");
        let (n, pool) = (word(1) as usize, word(2) as usize);
        assert_eq!(bytes.len(), 12 + 4 * n + pool, "{MALFORMED}");
        let (words, pool) = bytes[12..].split_at(4 * n);
        let data = match bytemuck::try_cast_slice::<u8, u32>(words) {
            Ok(borrowed) if cfg!(target_endian = "little") => Cow::Borrowed(borrowed),
            _ => Cow::Owned(words.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4"))).collect()),
        };
        let tables = Tables { data, pool: Cow::Borrowed(pool) };
        tables.check();
        tables
    }

    /// Section ends in order and inside the data.
    fn check(&self) {
        let mut last = SECTIONS as u32;
        for i in 0..SECTIONS {
            let end = *self.data.get(i).expect(MALFORMED);
            assert!(end >= last && end as usize <= self.data.len(), "{MALFORMED}");
            last = end;
        }
    }

    /// Slices of every section, to match with.
    pub fn view(&self) -> View<'_> {
        let d = &self.data[..];
        let section = |s: Section| {
            let i = s as usize;
            let start = if i == 0 { SECTIONS } else { d[i - 1] as usize };
            &d[start..d[i] as usize]
        };
        View {
            slots: section(Section::Slots),
            keys: section(Section::Keys),
            root: section(Section::Root),
            nodes: section(Section::Nodes),
            edges: section(Section::Edges),
            stems: section(Section::Stems),
            phrase_ids: section(Section::PhraseIds),
            phrases: section(Section::Phrases),
            code: section(Section::Code),
            stem_first: section(Section::StemFirst),
            pool: &self.pool,
        }
    }

    /// The number of phrases.
    pub fn phrase_count(&self) -> usize {
        self.view().phrases.len() / PHRASE_SIZE
    }

    /// True when the tables are used in place from the binary.
    pub fn is_borrowed(&self) -> bool {
        matches!(self.data, Cow::Borrowed(_))
    }
}

impl PartialEq for Tables {
    fn eq(&self, other: &Tables) -> bool {
        self.data[..] == other.data[..] && self.pool[..] == other.pool[..]
    }
}

/// The sections of [`Tables`] as slices (see [`Section`] for what each holds).
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// [`Section::Slots`].
    pub slots: &'a [u32],
    /// [`Section::Keys`].
    pub keys: &'a [u32],
    /// [`Section::Root`].
    pub root: &'a [u32],
    /// [`Section::Nodes`].
    pub nodes: &'a [u32],
    /// [`Section::Edges`].
    pub edges: &'a [u32],
    /// [`Section::Stems`].
    pub stems: &'a [u32],
    /// [`Section::PhraseIds`].
    pub phrase_ids: &'a [u32],
    /// [`Section::Phrases`].
    pub phrases: &'a [u32],
    /// [`Section::Code`].
    pub code: &'a [u32],
    /// [`Section::StemFirst`].
    pub stem_first: &'a [u32],
    /// The bytes of words and stem prefixes.
    pub pool: &'a [u8],
}

impl<'a> View<'a> {
    /// The bytes at `at..at + len` of the pool.
    #[inline]
    pub fn pool_bytes(&self, at: u32, len: u32) -> &'a [u8] {
        &self.pool[at as usize..(at + len) as usize]
    }
}

/// [`Tables::from_static`] of a copy of `written`: static bytes are aligned in the
/// binary, so the copy is leaked aligned the same way.
#[cfg(test)]
pub(crate) fn read_back(written: &[u8]) -> Tables {
    let words: &'static mut [u32] = Box::leak(vec![0u32; written.len().div_ceil(4)].into_boxed_slice());
    let (bytes, _) = bytemuck::cast_slice_mut::<u32, u8>(words).split_at_mut(written.len());
    bytes.copy_from_slice(written);
    Tables::from_static(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_read_back_as_written() {
        for e in [
            Elem::Word(0),
            Elem::Word(123_456),
            Elem::Stem(77, 5),
            Elem::Gap(0, 8),
            Elem::Gap(2, 3),
            Elem::Alt { count: 3, list: 999 },
            Elem::Words { count: 300, list: 7 },
            Elem::Number,
        ] {
            assert_eq!(Elem::decode(&e.encode()), e);
        }
    }

    #[test]
    fn tables_read_back_from_bytes() {
        let sections: [Vec<u32>; SECTIONS] = std::array::from_fn(|i| (0..i as u32 * 3).collect());
        let tables = Tables::new(sections, b"pool bytes".to_vec());
        let back = read_back(&tables.to_bytes());
        assert!(back == tables);
        assert_eq!(back.is_borrowed(), cfg!(target_endian = "little"));
        let view = back.view();
        assert_eq!(view.slots, &[] as &[u32]);
        assert_eq!(view.keys, &[0, 1, 2]);
        assert_eq!(view.stem_first.len(), 27);
        assert_eq!(view.pool, b"pool bytes");
    }
}
