//! The lexicon's words, interned: each distinct normalised word of a phrase gets a small
//! id, and a word of the text is looked up by its key (computed by the segmenter) with
//! one probe, almost always. Matching then compares ids, never strings.
//!
//! The table is open addressing at a load of at most one half, over
//! [`super::tables::Section::Slots`] and [`super::tables::Section::Keys`].

use std::collections::HashMap;

use super::tables::{View, KEY_SIZE};
use goodfaith_text::word_key;

/// The id of a word the lexicon does not know.
pub const UNKNOWN: u32 = u32::MAX;

/// Words being interned, while compiling.
#[derive(Debug, Default)]
pub struct Vocab {
    ids: HashMap<String, u32>,
    /// Per id: key (low, high), length, offset in the pool.
    keys: Vec<u32>,
}

impl Vocab {
    /// The id of `word`, adding it (and its bytes, to `pool`) when new.
    pub fn intern(&mut self, word: &str, pool: &mut Vec<u8>) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(word.to_string(), id);
        let key = word_key(word.as_bytes());
        self.keys.extend([key as u32, (key >> 32) as u32, word.len() as u32, pool.len() as u32]);
        pool.extend_from_slice(word.as_bytes());
        id
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// The hash table's slots and the keys, by id.
    pub fn finish(self) -> (Vec<u32>, Vec<u32>) {
        let size = (self.len() * 2).next_power_of_two().max(64);
        let mut slots = vec![0; size];
        for (id, k) in self.keys.chunks_exact(KEY_SIZE).enumerate() {
            let mut i = slot_of(k[0] as u64 | (k[1] as u64) << 32, k[2]) & (size - 1);
            while slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = id as u32 + 1;
        }
        (slots, self.keys)
    }
}

/// Where a key starts probing.
#[inline]
fn slot_of(key: u64, len: u32) -> usize {
    let h = (key ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as usize
}

impl View<'_> {
    /// The id of `word`, whose [`word_key`] is `key`, or [`UNKNOWN`].
    #[inline]
    pub fn word_id(&self, key: u64, word: &[u8]) -> u32 {
        let slots = self.slots;
        if slots.is_empty() {
            return UNKNOWN;
        }
        let len = word.len() as u32;
        let mask = slots.len() - 1;
        let mut i = slot_of(key, len) & mask;
        loop {
            let slot = slots[i];
            if slot == 0 {
                return UNKNOWN;
            }
            let id = slot - 1;
            let k = &self.keys[id as usize * KEY_SIZE..][..KEY_SIZE];
            // Equal keys of equal length are equal words up to 8 bytes; longer ones are compared.
            if k[0] == key as u32
                && k[1] == (key >> 32) as u32
                && k[2] == len
                && (len <= 8 || self.pool_bytes(k[3], len) == word)
            {
                return id;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{Tables, SECTIONS};

    #[test]
    fn interns_and_finds_words() {
        let (mut v, mut pool) = (Vocab::default(), vec![]);
        let mut words: Vec<String> = (0..1000).map(|i| format!("w{i}x{}", "y".repeat(i % 19))).collect();
        words.extend(["a", "i", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi"].map(String::from));
        let ids: Vec<u32> = words.iter().map(|w| v.intern(w, &mut pool)).collect();
        assert_eq!(v.len(), words.len());
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(v.intern(w, &mut pool), *id, "interning twice keeps the id");
        }
        let (slots, keys) = v.finish();
        let mut sections: [Vec<u32>; SECTIONS] = Default::default();
        (sections[0], sections[1]) = (slots, keys);
        let tables = Tables::new(sections, pool);
        let view = tables.view();
        let id = |w: &str| view.word_id(word_key(w.as_bytes()), w.as_bytes());
        for (w, want) in words.iter().zip(&ids) {
            assert_eq!(id(w), *want, "{w}");
        }
        for missing in ["", "w", "w1000x", "w1x", "w1xy ", "zzzzzzzzzzzzzzzzzzzz", "a\0", "abcdefgj", "abcdefghj"] {
            assert_eq!(id(missing), UNKNOWN, "{missing:?}");
        }
        let empty = Tables::new(Default::default(), vec![]);
        assert_eq!(empty.view().word_id(word_key(b"you"), b"you"), UNKNOWN);
    }
}
