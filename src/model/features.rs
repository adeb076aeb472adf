//! Features of a sentence for the trained scorer: hashed words and word pairs, marked
//! for negation and quotation, plus the sentence's shape (how it ends, how long it is).
//!
//! The features are computed from the segmenter's normalised words and their keys, so
//! contractions, case and curly quotes are already folded, and the same text gives the
//! same features whichever reader it came through.

use std::ops::Range;

use crate::text::{const_key, flags, Segmented, Terminal};

/// The version of the feature scheme. A model records the scheme it was trained with and
/// a model of another scheme is refused: its weights would mean nothing.
///
/// Scheme 2 dropped scheme 1's skip pairs (a word and the word two before it): measured,
/// they made the model worse on every real corpus it was not trained on (held-out
/// darkpatterns F1 0.855 -> 0.868 without them, MentalManip recall 0.32 -> 0.33 at
/// precision 0.77 -> 0.79, CaSiNo good-faith turns 0.51 -> 0.53), by spreading what a
/// phrase says over more, sparser weights, and they were a third of the scorer's lookups.
pub const SCHEME: u32 = 2;

/// How far (in words) a negator marks the words after it, within its clause.
const NEGATION_REACH: usize = 6;

/// Salts that keep the kinds of feature apart in the hash space.
mod salt {
    pub const WORD: u64 = 0x243F_6A88_85A3_08D3;
    pub const NEGATED: u64 = 0x1319_8A2E_0370_7344;
    pub const QUOTED: u64 = 0xA409_3822_299F_31D0;
    pub const PAIR: u64 = 0x082E_FA98_EC4E_6C89;
    pub const SHAPE: u64 = 0xBE54_66CF_34E9_0C6C;
    pub const START: u64 = 0xC0AC_29B7_C97C_50DD;
}

/// Words that end a negator's reach: a new clause starts.
const CLAUSE_WORDS: [&str; 9] = ["but", "however", "although", "though", "yet", "because", "so", "and", "or"];

/// Words that negate what follows them in the clause (the lexicon's negators,
/// `crate::text::NEGATORS`; a test checks they agree).
const NEGATORS: [&str; 11] =
    ["not", "no", "never", "nobody", "none", "neither", "nor", "without", "hardly", "barely", "nowhere"];

/// What a word does to negation scope.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    Negator,
    ClauseStart,
}

/// The words above in a small open-addressing table over their keys (every one is at most
/// 8 bytes, so its key is its bytes): one multiply and a load or two per word, instead of
/// twenty string comparisons.
struct Roles {
    keys: [u64; 64],
    roles: [Role; 64],
}

const ROLES: Roles = {
    let mut t = Roles { keys: [0; 64], roles: [Role::Plain; 64] };
    let mut i = 0;
    while i < NEGATORS.len() + CLAUSE_WORDS.len() {
        let (word, role) = if i < NEGATORS.len() {
            (NEGATORS[i], Role::Negator)
        } else {
            (CLAUSE_WORDS[i - NEGATORS.len()], Role::ClauseStart)
        };
        let key = const_key(word.as_bytes());
        let mut slot = role_slot(key);
        while t.keys[slot] != 0 {
            slot = (slot + 1) % 64;
        }
        t.keys[slot] = key;
        t.roles[slot] = role;
        i += 1;
    }
    t
};

const fn role_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize
}

/// The role of a word of at most 8 bytes, by its key.
#[inline]
fn role(key: u64) -> Role {
    let mut slot = role_slot(key);
    loop {
        match ROLES.keys[slot] {
            0 => return Role::Plain,
            k if k == key => return ROLES.roles[slot],
            _ => slot = (slot + 1) % 64,
        }
    }
}

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
        each(seg, s, |f| out.push(f));
    }
}

/// Calls `out` with each feature of sentence `s`, in order. The scorer sums weights as
/// the features come, so the common case (a sentence below the threshold) stores none.
#[inline]
pub fn each(seg: &Segmented, s: usize, mut out: impl FnMut(Feature)) {
    let sent = &seg.sentences[s];
    let words = sent.words.clone();
    let mut negated_until = 0usize;
    // The previous word: its key, its index and whether it is a number.
    let mut prev: Option<(u64, usize, bool)> = None;
    let mut caps = false;
    for i in words.clone() {
        let w = &seg.words[i];
        let len = (w.norm_end - w.norm_start) as usize;
        // Keys of words of up to 8 bytes are the words themselves.
        let role = if len <= 8 { role(w.key) } else { Role::Plain };
        if w.flags & flags::CLAUSE != 0 || role == Role::ClauseStart {
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
        let shape = word_shape(&seg.norm.as_bytes()[w.norm_start as usize..w.norm_end as usize]);
        let key = shape.unwrap_or(w.key);
        // A number stands for its shape, and only beside a word ("only 3 left", "3 people"):
        // alone or beside other numbers it is a table, a date or a price, not a tactic.
        if shape.is_none() {
            out(word_feature(kind, key, i));
        }
        let number = shape.is_some();
        match prev {
            // Two numbers make no pair.
            Some((p, at, p_number)) if !(p_number && number) => {
                out(Feature { hash: mix(salt::PAIR, p, key), first: at as u32, last: i as u32 })
            }
            Some(_) => {}
            None => out(Feature { hash: mix(salt::START, key, 0), first: i as u32, last: i as u32 }),
        }
        if role == Role::Negator {
            negated_until = i + 1 + NEGATION_REACH;
        }
        prev = Some((key, i, number));
    }
    let terminal = match sent.terminal {
        Terminal::None => 0,
        Terminal::Period => 1,
        Terminal::Question => 2,
        Terminal::Exclamation => 3,
    };
    if let Some((last, at, _)) = prev {
        out(Feature { hash: mix(salt::PAIR, last, 0xE05 + terminal), first: at as u32, last: at as u32 });
    }
    let len = words.len();
    let length = match len {
        0..=3 => 0,
        4..=8 => 1,
        9..=16 => 2,
        17..=30 => 3,
        _ => 4,
    };
    out(shape(1, terminal));
    out(shape(2, length));
    if caps {
        out(shape(3, terminal));
    }
}

/// The key a word with digits stands for (see [`word_shape`]): never a real word's key,
/// whose bytes are letters.
const SHAPE_KEY: u64 = 0x5EED_0000_0000_0000;

/// Words written with digits stand for their shape: a count, a price, a time or a code
/// means the same whatever its value ("only 3 left" is "only 18 left").
/// A word is taken for a number when it starts or ends with a digit ("18", "3pm", "v2").
#[inline]
fn word_shape(b: &[u8]) -> Option<u64> {
    let (first, last) = (*b.first()?, *b.last()?);
    if !first.is_ascii_digit() && !last.is_ascii_digit() {
        return None;
    }
    number_shape(b)
}

/// [`word_shape`] of a word known to start or end with a digit (rare: kept out of line).
#[cold]
fn number_shape(b: &[u8]) -> Option<u64> {
    let letters = b.iter().any(u8::is_ascii_alphabetic);
    Some(SHAPE_KEY | if letters { 2 } else { 1 })
}

fn word_feature(kind: u64, key: u64, i: usize) -> Feature {
    Feature { hash: mix(kind, key, 0), first: i as u32, last: i as u32 }
}

fn shape(what: u64, value: u64) -> Feature {
    Feature { hash: mix(salt::SHAPE, what, value), first: u32::MAX, last: u32::MAX }
}

/// Mixes a salt and two keys into a 64-bit hash whose top bits (the model's bucket) depend
/// on every bit of the input: two multiply-xor rounds. Deterministic on every platform, so
/// a model trained here scores the same everywhere.
#[inline]
fn mix(salt: u64, a: u64, b: u64) -> u64 {
    let h = (salt ^ a).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h ^ (h >> 32) ^ b).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{word_key, Part, Segmenter};

    #[test]
    fn negators_are_the_lexicon_negators_and_roles_find_them() {
        assert_eq!(NEGATORS.to_vec(), crate::text::NEGATORS.to_vec());
        for w in NEGATORS {
            assert!(role(word_key(w.as_bytes())) == Role::Negator, "{w}");
        }
        for w in CLAUSE_WORDS {
            assert!(role(word_key(w.as_bytes())) == Role::ClauseStart, "{w}");
        }
        for w in ["you", "nothing", "note", "b", "an", "ut"] {
            assert!(role(word_key(w.as_bytes())) == Role::Plain, "{w}");
        }
    }

    fn features(text: &str) -> Vec<Feature> {
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
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
        let regret = mix(salt::WORD, word_key(b"regret"), 0);
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
