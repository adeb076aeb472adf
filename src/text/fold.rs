//! Folding one raw word into its normalised form(s).
//!
//! Lexicon patterns and input text go through the same folding, so a pattern written
//! `don't` matches `don't`, `don’t`, `DONT` and `do not` alike. A raw word folds to one
//! or more normalised words: contractions expand (`we'll` → `we will`), chat spellings
//! settle on one form (`u` → `you`).

/// Appends the normalised words of `raw` to `out`, calling `emit(start, end)` with the
/// byte range in `out` of each word produced. `scratch` is reused between calls.
pub fn fold_word(raw: &str, scratch: &mut String, out: &mut String, mut emit: impl FnMut(usize, usize)) {
    let mut push = |w: &str, out: &mut String| {
        let start = out.len();
        out.push_str(w);
        emit(start, out.len());
    };
    // The common case: a plain ASCII word, lowercased straight into the output.
    if raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        let start = out.len();
        out.push_str(raw);
        out[start..].make_ascii_lowercase();
        let irregular = (raw.len() <= IRREGULAR_MAX_LEN).then(|| irregular(&out[start..])).flatten();
        match irregular {
            None => emit(start, out.len()),
            Some(words) => {
                out.truncate(start);
                push_all(words, out, push);
            }
        }
        return;
    }
    scratch.clear();
    lowercase_into(raw, scratch);
    if let Some(words) = irregular(scratch) {
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

/// The longest word [`irregular`] knows; longer plain words need no lookup.
const IRREGULAR_MAX_LEN: usize = 8;

/// Contractions whose expansion is not `base + suffix`, and apostrophe-less spellings
/// that are unambiguous in English (`dont` is never anything else; `wont`, `its`,
/// `well`, `ill` and `were` are, so they are left alone).
fn irregular(w: &str) -> Option<&'static [&'static str]> {
    Some(match w {
        "won't" => &["will", "not"],
        "can't" | "cannot" | "cant" => &["can", "not"],
        "shan't" => &["shall", "not"],
        "ain't" | "aint" => &["is", "not"],
        "let's" => &["let", "us"],
        "dont" => &["do", "not"],
        "doesnt" => &["does", "not"],
        "didnt" => &["did", "not"],
        "isnt" => &["is", "not"],
        "arent" => &["are", "not"],
        "wasnt" => &["was", "not"],
        "werent" => &["were", "not"],
        "shouldnt" => &["should", "not"],
        "wouldnt" => &["would", "not"],
        "couldnt" => &["could", "not"],
        "havent" => &["have", "not"],
        "hasnt" => &["has", "not"],
        "hadnt" => &["had", "not"],
        "mustnt" => &["must", "not"],
        "im" => &["i", "am"],
        "ive" => &["i", "have"],
        "youre" => &["you", "are"],
        "youve" => &["you", "have"],
        "youll" => &["you", "will"],
        "theyre" => &["they", "are"],
        "theyve" => &["they", "have"],
        "theyll" => &["they", "will"],
        "thats" => &["that", "is"],
        "whats" => &["what", "is"],
        "theres" => &["there", "is"],
        "gonna" => &["going", "to"],
        "wanna" => &["want", "to"],
        "gotta" => &["got", "to"],
        "u" => &["you"],
        "ok" => &["okay"],
        "pls" | "plz" => &["please"],
        "thx" => &["thanks"],
        _ => return None,
    })
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
    fn irregular_words_fit_the_fast_path_bound() {
        let longest = [
            "won't", "can't", "cannot", "cant", "shan't", "ain't", "aint", "let's", "dont", "doesnt", "didnt", "isnt",
            "arent", "wasnt", "werent", "shouldnt", "wouldnt", "couldnt", "havent", "hasnt", "hadnt", "mustnt", "im",
            "ive", "youre", "youve", "youll", "theyre", "theyve", "theyll", "thats", "whats", "theres", "gonna",
            "wanna", "gotta", "u", "ok", "pls", "plz", "thx",
        ]
        .iter()
        .inspect(|w| assert!(irregular(w).is_some(), "{w} is irregular"))
        .map(|w| w.len())
        .max()
        .unwrap();
        assert!(longest <= IRREGULAR_MAX_LEN);
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
