//! The lexicon's words, interned: each distinct normalised word of an anchor gets a small
//! id, and a word of the text is looked up with one hash and (almost always) one probe.
//! Matching then compares ids, never strings.

use crate::text::word_key;

/// The id of a word the lexicon does not know.
pub const UNKNOWN: u32 = u32::MAX;

/// Interned words with an open-addressing hash table sized for a low load.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// `id + 1` of the word hashed to each slot, or 0.
    slots: Vec<u32>,
    /// The [`word_key`] and length of each word, by id: equal keys of equal length are
    /// equal words when they fit in 8 bytes, else they are confirmed by comparing the bytes.
    keys: Vec<(u64, u32)>,
    words: Vec<Box<str>>,
}

impl Vocab {
    /// The id of `word`, adding it when new.
    pub fn intern(&mut self, word: &str) -> u32 {
        let key = word_key(word.as_bytes());
        if let Some(id) = self.get(key, word.as_bytes()) {
            return id;
        }
        if (self.words.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.keys.push((key, word.len() as u32));
        self.place(id);
        id
    }

    /// The id of `word`, whose [`word_key`] is `key`, if the lexicon has it.
    #[inline]
    pub fn get(&self, key: u64, word: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let key = (key, word.len() as u32);
        let mask = self.slots.len() - 1;
        let mut i = slot_of(key.0, key.1) & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            let id = slot - 1;
            if self.keys[id as usize] == key && (word.len() <= 8 || self.words[id as usize].as_bytes() == word) {
                return Some(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// The number of words.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots = vec![0; size];
        for id in 0..self.words.len() as u32 {
            self.place(id);
        }
    }

    fn place(&mut self, id: u32) {
        let mask = self.slots.len() - 1;
        let (key, len) = self.keys[id as usize];
        let mut i = slot_of(key, len) & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = id + 1;
    }
}

/// Where a key starts probing.
#[inline]
fn slot_of(key: u64, len: u32) -> usize {
    let h = (key ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_and_finds_words() {
        let mut v = Vocab::default();
        let mut words: Vec<String> = (0..1000).map(|i| format!("w{i}x{}", "y".repeat(i % 19))).collect();
        words.extend(["a", "i", "ab", "ba", "abcdefgh", "abcdefgi", "abcdefghi"].map(String::from));
        let ids: Vec<u32> = words.iter().map(|w| v.intern(w)).collect();
        assert_eq!(v.len(), words.len());
        for (w, id) in words.iter().zip(&ids) {
            assert_eq!(v.get(word_key(w.as_bytes()), w.as_bytes()), Some(*id), "{w}");
            assert_eq!(v.intern(w), *id, "interning twice keeps the id");
        }
        for missing in ["", "w", "w1000x", "w1x", "w1xy ", "zzzzzzzzzzzzzzzzzzzz", "a\0", "abcdefgj", "abcdefghj"] {
            assert_eq!(v.get(word_key(missing.as_bytes()), missing.as_bytes()), None, "{missing:?}");
        }
        assert_eq!(Vocab::default().get(word_key(b"you"), b"you"), None);
    }
}
