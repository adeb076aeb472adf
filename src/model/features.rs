//! Features of a sentence for the trained scorer: hashed words and word pairs, marked
//! for negation and quotation, plus the sentence's shape (how it ends, how long it is).
//!
//! The features are computed from the segmenter's normalised words and their keys, so
//! contractions, case and curly quotes are already folded, and the same text gives the
//! same features whichever reader it came through.

use std::ops::Range;

use crate::text::{flags, Segmented, Terminal, NEGATORS};

/// The version of the feature scheme. A model records the scheme it was trained with and
/// a model of another scheme is refused: its weights would mean nothing.
pub const SCHEME: u32 = 1;

/// How far (in words) a negator marks the words after it, within its clause.
const NEGATION_REACH: usize = 6;

/// Salts that keep the kinds of feature apart in the hash space.
mod salt {
    pub const WORD: u64 = 0x243F_6A88_85A3_08D3;
    pub const NEGATED: u64 = 0x1319_8A2E_0370_7344;
    pub const QUOTED: u64 = 0xA409_3822_299F_31D0;
    pub const PAIR: u64 = 0x082E_FA98_EC4E_6C89;
    pub const SKIP: u64 = 0x4528_21E6_38D0_1377;
    pub const SHAPE: u64 = 0xBE54_66CF_34E9_0C6C;
    pub const START: u64 = 0xC0AC_29B7_C97C_50DD;
}

/// Words that end a negator's reach: a new clause starts.
const CLAUSE_WORDS: &[&str] = &["but", "however", "although", "though", "yet", "because", "so", "and", "or"];

/// One feature: its hash and the words it came from, for explaining a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// The feature's 64-bit hash; a model takes its top bits as the bucket.
    pub hash: u64,
    /// First word (index into [`Segmented::words`]); `u32::MAX` for a shape feature.
    pub first: u32,
    /// Last word.
    pub last: u32,
}

/// Appends the features of `sentences` (indexes into `seg.sentences`) to `out`.
pub fn extract(seg: &Segmented, sentences: Range<usize>, out: &mut Vec<Feature>) {
    for s in sentences {
        sentence(seg, s, out);
    }
}

fn sentence(seg: &Segmented, s: usize, out: &mut Vec<Feature>) {
    let sent = &seg.sentences[s];
    let words = sent.words.clone();
    let mut negated_until = 0usize;
    let mut prev: Option<(u64, usize)> = None;
    let mut prev2: Option<(u64, usize)> = None;
    let mut caps = false;
    for i in words.clone() {
        let w = &seg.words[i];
        let text = seg.word(i);
        if w.flags & flags::CLAUSE != 0 || CLAUSE_WORDS.contains(&text) {
            negated_until = 0;
        }
        caps |= w.flags & flags::CAPS != 0;
        let kind = if w.flags & flags::QUOTED != 0 {
            salt::QUOTED
        } else if i < negated_until {
            salt::NEGATED
        } else {
            salt::WORD
        };
        out.push(word_feature(kind, w.key, i));
        match prev {
            Some((p, at)) => out.push(Feature { hash: mix(salt::PAIR, p, w.key), first: at as u32, last: i as u32 }),
            None => out.push(Feature { hash: mix(salt::START, w.key, 0), first: i as u32, last: i as u32 }),
        }
        if let Some((p, at)) = prev2 {
            out.push(Feature { hash: mix(salt::SKIP, p, w.key), first: at as u32, last: i as u32 });
        }
        if NEGATORS.contains(&text) {
            negated_until = i + 1 + NEGATION_REACH;
        }
        prev2 = prev;
        prev = Some((w.key, i));
    }
    let terminal = match sent.terminal {
        Terminal::None => 0,
        Terminal::Period => 1,
        Terminal::Question => 2,
        Terminal::Exclamation => 3,
    };
    if let Some((last, at)) = prev {
        out.push(Feature { hash: mix(salt::PAIR, last, 0xE05 + terminal), first: at as u32, last: at as u32 });
    }
    let len = words.len();
    let length = match len {
        0..=3 => 0,
        4..=8 => 1,
        9..=16 => 2,
        17..=30 => 3,
        _ => 4,
    };
    out.push(shape(1, terminal));
    out.push(shape(2, length));
    if caps {
        out.push(shape(3, terminal));
    }
}

fn word_feature(kind: u64, key: u64, i: usize) -> Feature {
    Feature { hash: mix(kind, key, 0), first: i as u32, last: i as u32 }
}

fn shape(what: u64, value: u64) -> Feature {
    Feature { hash: mix(salt::SHAPE, what, value), first: u32::MAX, last: u32::MAX }
}

/// Mixes a salt and two keys into a well-spread 64-bit hash (splitmix64's finaliser over
/// a multiply-xor combination): deterministic on every platform, so a model trained here
/// scores the same everywhere.
#[inline]
fn mix(salt: u64, a: u64, b: u64) -> u64 {
    let mut z = salt ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(29).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};

    fn features(text: &str) -> Vec<Feature> {
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut seg);
        let mut out = vec![];
        extract(&seg, 0..seg.sentences.len(), &mut out);
        out
    }

    fn hashes(text: &str) -> Vec<u64> {
        features(text).iter().map(|f| f.hash).collect()
    }

    #[test]
    fn folded_spellings_give_the_same_features() {
        assert_eq!(hashes("You don’t get a say."), hashes("you dont get a say."));
        assert_ne!(hashes("You DON’T get a say."), hashes("You don’t get a say."), "capitals are shouting");
        assert_eq!(hashes("It’s final."), hashes("It's final."));
    }

    #[test]
    fn negation_and_quotation_change_the_word_features() {
        let plain = hashes("You will regret it.");
        let negated = hashes("You will not regret it.");
        let quoted = hashes("He said \"you will regret it\".");
        let regret = mix(salt::WORD, crate::text::word_key(b"regret"), 0);
        assert!(plain.contains(&regret));
        assert!(!negated.contains(&regret), "negated 'regret' is another feature");
        assert!(!quoted.contains(&regret), "quoted 'regret' is another feature");
        assert!(hashes("You will regret it, but not today.").contains(&regret), "a clause ends the reach");
    }

    #[test]
    fn features_point_back_at_their_words() {
        let fs = features("Sign it now.");
        assert!(fs.iter().all(|f| f.first == u32::MAX || f.first <= f.last && f.last < 3));
        assert!(fs.iter().any(|f| (f.first, f.last) == (0, 1)), "a word pair");
    }
}
