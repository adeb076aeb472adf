//! A word's key: a number that stands for a normalised word, so a table of words (the
//! lexicon's vocabulary) is searched without reading the word again. The segmenter
//! computes it while it scans the word, from bytes it already holds.
//!
//! A word of at most 8 bytes is its own key (its bytes as a little-endian integer), so
//! equal keys of equal length are equal words; a longer word's key is a hash, and equal
//! keys must be confirmed by comparing the bytes.

/// The key of a normalised word.
#[inline]
pub fn word_key(bytes: &[u8]) -> u64 {
    match bytes.len() {
        0..=8 => pack(bytes),
        _ => hash(bytes),
    }
}

/// [`word_key`] of a word of at most 8 bytes, for tables built at compile time.
pub const fn const_key(w: &[u8]) -> u64 {
    assert!(w.len() <= 8, "a key of at most 8 bytes");
    let mut v = 0u64;
    let mut i = 0;
    while i < w.len() {
        v |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

/// Up to 8 bytes as a little-endian integer, read in chunks of 4, 2 and 1.
#[inline]
pub fn pack(mut rest: &[u8]) -> u64 {
    if let Some((eight, _)) = rest.split_first_chunk::<8>() {
        return u64::from_le_bytes(*eight);
    }
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

/// The `len` (at most 8) bytes of `text` at `at` as [`pack`] gives them: one 8-byte
/// read, masked, when the text goes on that far (it almost always does).
#[inline]
pub fn pack_at(text: &[u8], at: usize, len: usize) -> u64 {
    debug_assert!(len <= 8);
    match text.get(at..at + 8) {
        Some(eight) => {
            let v = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
            if len == 8 {
                v
            } else {
                v & ((1u64 << (8 * len)) - 1)
            }
        }
        None => pack(&text[at..at + len]),
    }
}

/// A fast hash for words longer than 8 bytes.
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
        h = (h ^ pack(rest)).wrapping_mul(K);
    }
    h ^ (h >> 29)
}

/// Bytes `0x80` where a byte of `x` (all ASCII) is an uppercase letter.
#[inline]
pub fn ascii_upper_bits(x: u64) -> u64 {
    // A byte b < 0x80 gets its top bit from b + 0x3F when b >= 'A', and from b + 0x25
    // when b > 'Z'; neither sum carries into the next byte.
    (x.wrapping_add(0x3F3F_3F3F_3F3F_3F3F) & !x.wrapping_add(0x2525_2525_2525_2525)) & 0x8080_8080_8080_8080
}

/// Bytes `0x80` where a byte of `x` (all ASCII) is a lowercase letter.
#[inline]
pub fn ascii_lower_bits(x: u64) -> u64 {
    (x.wrapping_add(0x1F1F_1F1F_1F1F_1F1F) & !x.wrapping_add(0x0505_0505_0505_0505)) & 0x8080_8080_8080_8080
}

/// `x` (ASCII bytes) with its uppercase letters lowercased.
#[inline]
pub fn ascii_lowercase(x: u64) -> u64 {
    x | (ascii_upper_bits(x) >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_their_own_key() {
        for w in ["", "a", "ab", "you", "okay", "words", "abcdef", "abcdefg", "abcdefgh"] {
            let mut bytes = [0u8; 8];
            bytes[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(word_key(w.as_bytes()), u64::from_le_bytes(bytes), "{w}");
        }
    }

    #[test]
    fn pack_at_reads_the_same_as_pack() {
        let text = b"one two three four five six seven";
        for at in 0..text.len() {
            for len in 0..=8.min(text.len() - at) {
                assert_eq!(pack_at(text, at, len), pack(&text[at..at + len]), "{at}+{len}");
            }
        }
    }

    #[test]
    fn hash_sees_every_byte() {
        let base = b"abcdefghijklmnopq";
        for len in 9..base.len() {
            for i in 0..len {
                let mut changed = base[..len].to_vec();
                changed[i] ^= 1;
                assert_ne!(word_key(&base[..len]), word_key(&changed), "len {len}, byte {i}");
            }
        }
    }

    #[test]
    fn case_bits_agree_with_the_std_predicates() {
        for b in 0..0x80u8 {
            // Each byte in each position, beside bytes of other classes.
            for pos in 0..8 {
                let mut bytes = *b"aZ0_ Az~";
                bytes[pos] = b;
                let x = u64::from_le_bytes(bytes);
                let at = |bits: u64| bits.to_le_bytes()[pos] == 0x80;
                assert_eq!(at(ascii_upper_bits(x)), b.is_ascii_uppercase(), "{b} at {pos}");
                assert_eq!(at(ascii_lower_bits(x)), b.is_ascii_lowercase(), "{b} at {pos}");
                assert_eq!(ascii_lowercase(x).to_le_bytes()[pos], b.to_ascii_lowercase(), "{b} at {pos}");
            }
        }
    }
}
