//! Rule regexes, for the rare shape the phrase syntax cannot say. No built-in lexicon has
//! one; a user's file may. Each is compiled while its file loads, so a bad one is
//! reported with its file and line, and runs on one normalised sentence at a time (`^`
//! and `$` are the sentence's ends), so a match never spans two sentences.
//!
//! A call per sentence costs a few hundred instructions however short the sentence, so
//! each regex first runs once over the whole turn in multi-line mode, and only the
//! sentences its matches touch are searched one by one. Why that finds the same hits:
//! sentences are separated by `\n` in the normalised text, so with `^` and `$` matching
//! at line ends a match inside a sentence is also a match in the whole text, and
//! searching from any point at or before its start reports a match that starts at or
//! before it and reaches it. A pattern that could see past a sentence's ends some other
//! way (`\A`, `\z`, inline flags) is searched sentence by sentence.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::matcher::RawHit;
use super::RuleIdx;
use crate::text::Segmented;

/// Size limit of one user regex, compiled (bytes).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A rule's regex.
#[derive(Debug, Clone)]
pub struct RuleRegex {
    rule: RuleIdx,
    /// In multi-line mode: the same as without it in a sentence, which has no `\n`.
    regex: Regex,
    /// A match in a sentence is a match in the whole turn (see the module docs).
    filterable: bool,
}

impl RuleRegex {
    /// Compiles the regex of rule `rule` with the size limit. Classes are ASCII where the
    /// pattern allows it: normalised English needs no more, and Unicode word tables make
    /// a regex ten times slower to build.
    pub fn new(rule: RuleIdx, pattern: &str) -> Result<RuleRegex, String> {
        let build = |unicode: bool| {
            RegexBuilder::new(pattern)
                .multi_line(true)
                .unicode(unicode)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
        };
        let regex = build(false).or_else(|_| build(true)).map_err(|e| e.to_string())?;
        Ok(RuleRegex { rule, regex, filterable: filterable(pattern) })
    }
}

/// Appends every hit of `regexes` in `seg` to `out`.
pub fn find(regexes: &[RuleRegex], seg: &Segmented, out: &mut Vec<RawHit>) {
    let sentences = seg.sentences.len();
    for r in regexes {
        if !r.filterable {
            (0..sentences).for_each(|s| r.find_in(seg, s, out));
            continue;
        }
        let mut next = 0;
        for m in r.regex.find_iter(&seg.norm) {
            // Sentences before the match are skipped; those it touches are searched.
            while next < sentences && sentence_norm(seg, next).end < m.start() {
                next += 1;
            }
            while next < sentences && sentence_norm(seg, next).start <= m.end() {
                r.find_in(seg, next, out);
                next += 1;
            }
        }
    }
}

impl RuleRegex {
    /// Appends the hits in sentence `s` to `out`.
    fn find_in(&self, seg: &Segmented, s: usize, out: &mut Vec<RawHit>) {
        let range = sentence_norm(seg, s);
        for m in self.regex.find_iter(&seg.norm[range.clone()]) {
            if let Some(words) = words_of(seg, range.start + m.start(), range.start + m.end()) {
                out.push(RawHit { rule: self.rule, words, exception: false });
            }
        }
    }
}

/// True when a match in a sentence is also a match of the pattern in multi-line mode
/// over the whole text.
fn filterable(pattern: &str) -> bool {
    if pattern.contains("\\A") || pattern.contains("\\z") {
        return false;
    }
    // `(?:`, `(?P<` and `(?<` are groups; any other `(?` sets flags.
    pattern.match_indices("(?").all(|(i, _)| matches!(pattern.as_bytes().get(i + 2), Some(b':' | b'P' | b'<')))
}

/// The byte range of sentence `s` in the normalised text.
fn sentence_norm(seg: &Segmented, s: usize) -> Range<usize> {
    let words = &seg.sentences[s].words;
    seg.words[words.start].norm_start as usize..seg.words[words.end - 1].norm_end as usize
}

/// The words covering normalised bytes `s..e`, when `s` starts a word.
fn words_of(seg: &Segmented, s: usize, e: usize) -> Option<Range<usize>> {
    let first = seg.word_at(s)?;
    let last = seg.words.partition_point(|w| (w.norm_start as usize) < e);
    (last > first).then_some(first..last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};

    /// The words of each hit of `pattern` in `text`.
    fn hits(pattern: &str, text: &str) -> Vec<String> {
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
        let mut out = vec![];
        find(&[RuleRegex::new(0, pattern).unwrap()], &seg, &mut out);
        out.iter().map(|h| h.words.clone().map(|w| seg.word(w)).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn regexes_match_whole_words_within_one_sentence() {
        let cases: &[(&str, &str, &[&str])] = &[
            (r"\bpay\s+up\b", "You must PAY UP today. Pay. Up the hill.", &["pay up"]),
            (r"^(okay )?agreed$", "OK, agreed. I agreed. Agreed!", &["okay agreed", "agreed"]),
            (
                r"\b(i|we) will (\w+ ){1,3}by friday",
                "We will. By Friday? We'll send it by Friday.",
                &["we will send it by friday"],
            ),
            // A match must start a word: `ay up` inside `pay up` is no hit.
            (r"ay up", "Pay up.", &[]),
            (r"x*", "No x here.", &["x"]),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(hits(pattern, text), *want, "{pattern} in {text:?}");
        }
    }

    #[test]
    fn searching_the_turn_first_finds_what_each_sentence_finds() {
        let patterns = [
            r"^(no|nope|not really)$",
            r"\bpay\s+up\b",
            r"\b(i|we) will (\w+ ){1,3}by (friday|monday)",
            r"(?:a|b)\b",
            r"x*",
        ];
        let regexes: Vec<RuleRegex> =
            patterns.iter().enumerate().map(|(i, p)| RuleRegex::new(i as u32, p).unwrap()).collect();
        assert!(regexes.iter().all(|r| r.filterable));
        let sentences = [
            "No.",
            "Nope!",
            "Pay up now.",
            "You pay. Up the hill we go.",
            "We will send the invoice by Friday.",
            "We will. By Friday?",
            "A b a.",
            "Not really.",
            "I will really truly honestly absolutely do it by Monday.",
        ];
        let mut state = 7u32;
        for round in 0..200 {
            let mut text = String::new();
            while text.len() < 100 + round * 3 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(sentences[(state >> 16) as usize % sentences.len()]);
                text.push(' ');
            }
            let mut seg = Segmented::default();
            Segmenter::new().segment(&text, &[Part::new(0..text.len(), false)], &mut seg);
            let (mut filtered, mut each) = (vec![], vec![]);
            find(&regexes, &seg, &mut filtered);
            for r in &regexes {
                (0..seg.sentences.len()).for_each(|s| r.find_in(&seg, s, &mut each));
            }
            assert_eq!(filtered, each, "{text:?}");
        }
    }

    #[test]
    fn flags_and_text_anchors_are_searched_sentence_by_sentence() {
        assert!(filterable(r"^(?:a|b)(?P<x>c)(?<y>d)$"));
        for p in [r"\Ano", r"no\z", r"(?-m)^no", r"(?i)no"] {
            assert!(!filterable(p), "{p}");
        }
        assert_eq!(hits(r"(?-m)^no$", "Yes. No."), ["no"]);
    }

    #[test]
    fn a_regex_over_the_size_limit_is_refused() {
        let err = RuleRegex::new(0, r"(?:\p{L}{100}){100}").unwrap_err();
        assert!(err.contains("size limit"), "{err}");
    }
}
