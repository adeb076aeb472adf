//! The lexicon's words, interned: each distinct normalised word of an anchor gets a small
//! id, and a word of the text is looked up with one hash and (almost always) one probe.
//! Matching then compares ids, never strings.

/// The id of a word the lexicon does not know.
pub const UNKNOWN: u32 = u32::MAX;

/// Interned words with an open-addressing hash table sized for a low load.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// `id + 1` of the word hashed to each slot, or 0.
    slots: Vec<u32>,
    /// The key of each word, by id: the word itself when it fits in 8 bytes (so equal
    /// keys are equal words), else its hash, confirmed by comparing the bytes.
    keys: Vec<(u64, u32)>,
    words: Vec<Box<str>>,
}

impl Vocab {
    /// The id of `word`, adding it when new.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(id) = self.get(word.as_bytes()) {
            return id;
        }
        if (self.words.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.keys.push(key(word.as_bytes()));
        self.place(id);
        id
    }

    /// The id of `word`, if the lexicon has it.
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let key = key(word);
        let mask = self.slots.len() - 1;
        let mut i = slot_of(key) & mask;
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
        let mut i = slot_of(self.keys[id as usize]) & mask;
        while self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = id + 1;
    }
}

/// A word's key: its bytes and length when it fits in 8 bytes, else its hash and length.
#[inline]
fn key(bytes: &[u8]) -> (u64, u32) {
    let value = match bytes.len() {
        0..=7 => tail(bytes),
        8 => u64::from_le_bytes(bytes.try_into().expect("8 bytes")),
        _ => hash(bytes),
    };
    (value, bytes.len() as u32)
}

/// Where a key starts probing.
#[inline]
fn slot_of((value, len): (u64, u32)) -> usize {
    let h = (value ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 32) as usize
}

/// A fast hash for byte strings longer than a key.
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ v).wrapping_mul(K).rotate_left(26);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ tail(rest)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// Up to 7 bytes as a little-endian integer.
#[inline]
fn tail(mut rest: &[u8]) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    if let Some((four, r)) = rest.split_first_chunk::<4>() {
        v = u32::from_le_bytes(*four) as u64;
        rest = r;
        shift = 32;
    }
    if let Some((two, r)) = rest.split_first_chunk::<2>() {
        v |= (u16::from_le_bytes(*two) as u64) << shift;
        rest = r;
        shift += 16;
    }
    if let Some(&b) = rest.first() {
        v |= (b as u64) << shift;
    }
    v
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
            assert_eq!(v.get(w.as_bytes()), Some(*id), "{w}");
            assert_eq!(v.intern(w), *id, "interning twice keeps the id");
        }
        for missing in ["", "w", "w1000x", "w1x", "w1xy ", "zzzzzzzzzzzzzzzzzzzz", "a\0", "abcdefgj", "abcdefghj"] {
            assert_eq!(v.get(missing.as_bytes()), None, "{missing:?}");
        }
        assert_eq!(Vocab::default().get(b"you"), None);
    }

    #[test]
    fn hash_sees_every_byte() {
        let base = b"abcdefghijklmnopq";
        for len in 0..base.len() {
            for i in 0..len {
                let mut changed = base[..len].to_vec();
                changed[i] ^= 1;
                assert_ne!(hash(&base[..len]), hash(&changed), "len {len}, byte {i}");
            }
        }
    }
}
