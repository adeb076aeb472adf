//! Folding one raw word into its normalised form(s).
//!
//! Lexicon patterns and input text go through the same folding, so a pattern written
//! `don't` matches `don't`, `don’t`, `DONT` and `do not` alike. A raw word folds to one
//! or more normalised words: contractions expand (`we'll` → `we will`), chat spellings
//! settle on one form (`u` → `you`).

use super::key::{ascii_lowercase, const_key, pack as pack_word, word_key};

/// Appends the normalised words of `raw` to `out`, calling `emit(start, end)` with the
/// byte range in `out` of each word produced. `scratch` is reused between calls.
#[inline]
pub fn fold_word(raw: &str, scratch: &mut String, out: &mut String, emit: impl FnMut(usize, usize)) {
    // The common case: a plain ASCII word, lowercased straight into the output.
    let mut emit = emit;
    if raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        let short = (raw.len() <= 8).then(|| ascii_lowercase(pack_word(raw.as_bytes())));
        fold_plain_word(raw, short, raw.bytes().any(|b| b.is_ascii_uppercase()), out, |s, e, _| emit(s, e));
        return;
    }
    let mut push = |w: &str, out: &mut String| {
        let start = out.len();
        out.push_str(w);
        emit(start, out.len());
    };
    scratch.clear();
    lowercase_into(raw, scratch);
    if let Some(words) = irregular(scratch.as_bytes()) {
        push_all(words, out, push);
        return;
    }
    if let Some((base, tail)) = split_contraction(scratch) {
        push(base, out);
        out.push(' ');
        push(tail, out);
        return;
    }
    push(scratch, out);
}

/// [`fold_word`] for a word of ASCII letters, digits and `_` only, calling
/// `emit(start, end, key)` with each word's [`word_key`]. `short` is the word lowercased
/// and packed ([`super::key::pack`]) when it has at most 8 bytes, the segmenter's by-product;
/// `upper` says whether it has capitals (most words have none and are copied as they are).
#[inline]
pub fn fold_plain_word(
    raw: &str,
    short: Option<u64>,
    upper: bool,
    out: &mut String,
    mut emit: impl FnMut(usize, usize, u64),
) {
    let start = out.len();
    if let Some(words) = short.and_then(|packed| irregular_packed(packed, raw.len())) {
        push_all(words, out, |w: &str, out: &mut String| {
            let s = out.len();
            out.push_str(w);
            emit(s, out.len(), word_key(w.as_bytes()));
        });
        return;
    }
    out.push_str(raw);
    if upper {
        out[start..].make_ascii_lowercase();
    }
    let key = short.unwrap_or_else(|| word_key(&out.as_bytes()[start..]));
    emit(start, out.len(), key);
}

fn push_all(words: &[&str], out: &mut String, mut push: impl FnMut(&str, &mut String)) {
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push(w, out);
    }
}

/// Lowercases beyond ASCII and folds typographic apostrophes to `'`.
fn lowercase_into(raw: &str, out: &mut String) {
    if raw.is_ascii() {
        out.extend(raw.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    for c in raw.chars() {
        if is_apostrophe(c) {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Characters people type for an apostrophe.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}')
}

/// Contractions whose expansion is not `base + suffix`, and apostrophe-less spellings
/// that are unambiguous in English (`dont` is never anything else; `wont`, `its`,
/// `well`, `ill` and `were` are, so they are left alone). None is longer than 8 bytes.
const IRREGULAR: &[(&str, &[&str])] = &[
    ("won't", &["will", "not"]),
    ("can't", &["can", "not"]),
    ("cannot", &["can", "not"]),
    ("cant", &["can", "not"]),
    ("shan't", &["shall", "not"]),
    ("ain't", &["is", "not"]),
    ("aint", &["is", "not"]),
    ("let's", &["let", "us"]),
    ("dont", &["do", "not"]),
    ("doesnt", &["does", "not"]),
    ("didnt", &["did", "not"]),
    ("isnt", &["is", "not"]),
    ("arent", &["are", "not"]),
    ("wasnt", &["was", "not"]),
    ("werent", &["were", "not"]),
    ("shouldnt", &["should", "not"]),
    ("wouldnt", &["would", "not"]),
    ("couldnt", &["could", "not"]),
    ("havent", &["have", "not"]),
    ("hasnt", &["has", "not"]),
    ("hadnt", &["had", "not"]),
    ("mustnt", &["must", "not"]),
    ("im", &["i", "am"]),
    ("ive", &["i", "have"]),
    ("youre", &["you", "are"]),
    ("youve", &["you", "have"]),
    ("youll", &["you", "will"]),
    ("theyre", &["they", "are"]),
    ("theyve", &["they", "have"]),
    ("theyll", &["they", "will"]),
    ("thats", &["that", "is"]),
    ("whats", &["what", "is"]),
    ("theres", &["there", "is"]),
    ("gonna", &["going", "to"]),
    ("wanna", &["want", "to"]),
    ("gotta", &["got", "to"]),
    ("u", &["you"]),
    ("ok", &["okay"]),
    ("pls", &["please"]),
    ("plz", &["please"]),
    ("thx", &["thanks"]),
];

const IRREGULAR_SLOTS: usize = 128;

const fn slot(packed: u64) -> usize {
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
}

/// [`IRREGULAR`] as an open-addressing table: `(packed word, index + 1)`, built at
/// compile time, so a lookup is a multiply and a compare or two.
const IRREGULAR_TABLE: [(u64, u8); IRREGULAR_SLOTS] = {
    let mut table = [(0u64, 0u8); IRREGULAR_SLOTS];
    let mut i = 0;
    while i < IRREGULAR.len() {
        let packed = const_key(IRREGULAR[i].0.as_bytes());
        let mut s = slot(packed);
        while table[s].1 != 0 {
            s = (s + 1) % IRREGULAR_SLOTS;
        }
        table[s] = (packed, i as u8 + 1);
        i += 1;
    }
    table
};

/// The expansion of an irregular word (already lowercase).
fn irregular(w: &[u8]) -> Option<&'static [&'static str]> {
    if w.len() > 8 {
        return None;
    }
    irregular_packed(pack_word(w), w.len())
}

/// [`irregular`] for a word of `len` bytes packed by [`super::key::pack`].
#[inline]
pub(super) fn irregular_packed(packed: u64, len: usize) -> Option<&'static [&'static str]> {
    if len == 0 || len > 8 {
        return None;
    }
    let mut s = slot(packed);
    loop {
        let (p, i) = IRREGULAR_TABLE[s];
        if i == 0 {
            return None;
        }
        let (word, expansion) = IRREGULAR[i as usize - 1];
        if p == packed && word.len() == len {
            return Some(expansion);
        }
        s = (s + 1) % IRREGULAR_SLOTS;
    }
}

/// Pronouns and question words whose `'s` means `is`; elsewhere `'s` is a possessive.
const IS_BASES: &[&str] = &[
    "it",
    "that",
    "there",
    "what",
    "he",
    "she",
    "who",
    "where",
    "here",
    "how",
    "when",
    "why",
    "this",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "something",
    "nothing",
];

/// Splits a regular contraction into base and expanded suffix.
fn split_contraction(w: &str) -> Option<(&str, &'static str)> {
    let (base, tail) = w.rsplit_once('\'')?;
    if base.is_empty() {
        return None;
    }
    let tail = match tail {
        "t" => {
            let base = base.strip_suffix('n')?;
            return (!base.is_empty()).then_some((base, "not"));
        }
        "ll" => "will",
        "re" => "are",
        "ve" => "have",
        "m" => "am",
        "d" => "would",
        "s" if IS_BASES.contains(&base) => "is",
        _ => return None,
    };
    Some((base, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(raw: &str) -> Vec<String> {
        let (mut scratch, mut out, mut words) = (String::new(), String::new(), vec![]);
        fold_word(raw, &mut scratch, &mut out, |s, e| words.push((s, e)));
        words.iter().map(|&(s, e)| out[s..e].to_string()).collect()
    }

    #[test]
    fn packing_at_run_time_agrees_with_the_table() {
        for len in 0..=8 {
            let w: Vec<u8> = (1..=len as u8).map(|b| b.wrapping_mul(37)).collect();
            assert_eq!(pack_word(&w), const_key(&w), "{len} bytes");
        }
    }

    #[test]
    fn irregular_words_are_found_and_nothing_else() {
        for (word, expansion) in IRREGULAR {
            assert!(word.len() <= 8, "{word} fits the packed lookup");
            assert_eq!(irregular(word.as_bytes()), Some(*expansion), "{word}");
        }
        for other in
            ["", "the", "wont", "its", "well", "ill", "were", "dont'", "donts", "shouldnt1", "o", "k", "u\0", "ok\0"]
        {
            assert_eq!(irregular(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn folds_words() {
        let cases: &[(&str, &[&str])] = &[
            ("Don't", &["do", "not"]),
            ("DON\u{2019}T", &["do", "not"]),
            ("dont", &["do", "not"]),
            ("won't", &["will", "not"]),
            ("can't", &["can", "not"]),
            ("cannot", &["can", "not"]),
            ("shouldn't", &["should", "not"]),
            ("we'll", &["we", "will"]),
            ("You're", &["you", "are"]),
            ("I'm", &["i", "am"]),
            ("you'd", &["you", "would"]),
            ("it's", &["it", "is"]),
            ("That\u{2019}s", &["that", "is"]),
            ("John's", &["john's"]),
            ("let's", &["let", "us"]),
            ("lets", &["lets"]),
            ("its", &["its"]),
            ("wont", &["wont"]),
            ("ÉQUIPE", &["équipe"]),
            ("u", &["you"]),
            ("OK", &["okay"]),
            ("'t", &["'t"]),
        ];
        for (raw, want) in cases {
            assert_eq!(fold(raw), *want, "folding {raw:?}");
        }
    }
}
