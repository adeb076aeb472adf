//! The few rule regexes. Each runs on one normalised sentence at a time (`^` and `$` are
//! the sentence's ends). Calling a dozen regexes on every sentence costs a few hundred
//! instructions per call however short the sentence, so once a run has seen enough
//! text to pay for compiling it, all of them run first as one multi-line regex over
//! each whole turn, and only the sentences that pass are searched one by one.
//!
//! Why that finds the same hits: sentences are separated by `\n` in the normalised text,
//! so with `^`/`$` matching at line ends a match inside a sentence is also a match in the
//! whole text. Searching the whole text from any point at or before that match's start
//! reports a match starting at or before it and reaching it, so every sentence holding a
//! match is touched by some reported match. Patterns that could see past a sentence's
//! ends some other way (`\A`, `\z`, inline flags) are never filtered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::meta;

use super::matcher::{RawHit, RuleIdx};
use crate::text::Segmented;

/// Once this many bytes of normalised text have been searched, compiling the union
/// (a few milliseconds) pays for itself.
const FILTER_FROM: usize = 64 * 1024;

/// The rule regexes of a lexicon.
#[derive(Debug, Default)]
pub struct RuleRegexes {
    each: Vec<(RuleIdx, Regex)>,
    /// All of them as one multi-line regex, built on the first long turn; `None` when
    /// a pattern cannot be filtered or the union does not compile within limits.
    union: OnceLock<Option<meta::Regex>>,
    /// Bytes of normalised text searched so far (by all threads).
    seen: AtomicUsize,
}

impl Clone for RuleRegexes {
    fn clone(&self) -> Self {
        RuleRegexes::new(self.each.clone())
    }
}

impl RuleRegexes {
    /// The regexes, each with its rule.
    pub fn new(each: Vec<(RuleIdx, Regex)>) -> Self {
        RuleRegexes { each, union: OnceLock::new(), seen: AtomicUsize::new(0) }
    }

    /// Appends every regex hit in `seg` to `out`.
    pub fn find(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        if self.each.is_empty() {
            return;
        }
        let seen = self.seen.fetch_add(seg.norm.len(), Ordering::Relaxed);
        let union = if seen >= FILTER_FROM { self.union().as_ref() } else { None };
        match union {
            None => (0..seg.sentences.len()).for_each(|s| self.find_in(seg, s, out)),
            Some(union) => {
                let mut next = 0;
                for m in union.find_iter(&seg.norm) {
                    // Sentences before the match are skipped; those it touches are searched.
                    while next < seg.sentences.len() && sentence_norm(seg, next).1 < m.start() {
                        next += 1;
                    }
                    while next < seg.sentences.len() && sentence_norm(seg, next).0 <= m.end() {
                        self.find_in(seg, next, out);
                        next += 1;
                    }
                }
            }
        }
    }

    /// Runs every regex on sentence `s`.
    fn find_in(&self, seg: &Segmented, s: usize, out: &mut Vec<RawHit>) {
        let (from, to) = sentence_norm(seg, s);
        let text = &seg.norm[from..to];
        for (rule, re) in &self.each {
            for m in re.find_iter(text) {
                if let Some(words) = words_of(seg, from + m.start(), from + m.end()) {
                    out.push(RawHit { rule: *rule, words, exception: false });
                }
            }
        }
    }

    fn union(&self) -> &Option<meta::Regex> {
        self.union.get_or_init(|| {
            if !self.each.iter().all(|(_, re)| filterable(re.as_str())) {
                return None;
            }
            // Each pattern keeps the Unicode mode it compiled with.
            let patterns: Vec<String> = self
                .each
                .iter()
                .map(|(_, re)| {
                    let ascii = regex_syntax::ParserBuilder::new().unicode(false).build().parse(re.as_str()).is_ok();
                    format!("(?{}:{})", if ascii { "-u" } else { "u" }, re.as_str())
                })
                .collect();
            let limit = super::matcher::REGEX_SIZE_LIMIT * (self.each.len() + 1);
            meta::Builder::new()
                .syntax(regex_automata::util::syntax::Config::new().multi_line(true))
                .configure(meta::Config::new().nfa_size_limit(Some(limit)))
                .build_many(&patterns)
                .ok()
        })
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
fn sentence_norm(seg: &Segmented, s: usize) -> (usize, usize) {
    let words = &seg.sentences[s].words;
    (seg.words[words.start].norm_start as usize, seg.words[words.end - 1].norm_end as usize)
}

/// The words covering normalised bytes `s..e`, when `s` starts a word.
fn words_of(seg: &Segmented, s: usize, e: usize) -> Option<std::ops::Range<usize>> {
    let first = seg.word_at(s)?;
    let last = seg.words.partition_point(|w| (w.norm_start as usize) < e);
    (last > first).then_some(first..last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::matcher::compile_regex;
    use crate::text::{Part, Segmenter};

    fn hits(regexes: &RuleRegexes, text: &str, filtered: bool) -> Vec<RawHit> {
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut seg);
        let mut out = vec![];
        if filtered {
            regexes.seen.store(FILTER_FROM, Ordering::Relaxed);
            regexes.find(&seg, &mut out);
        } else {
            (0..seg.sentences.len()).for_each(|s| regexes.find_in(&seg, s, &mut out));
        }
        out
    }

    #[test]
    fn filtering_finds_what_each_sentence_finds() {
        let patterns = [
            r"^(no|nope|not really)$",
            r"\bpay\s+up\b",
            r"\b(i|we) will (\w+ ){1,3}by (friday|monday)",
            r"^(ok )?agreed$|^fine$",
            r"(?:a|b)\b",
            r"x*",
        ];
        let regexes =
            RuleRegexes::new(patterns.iter().enumerate().map(|(i, p)| (i as u32, compile_regex(p).unwrap())).collect());
        let sentences = [
            "No.",
            "Nope!",
            "Pay up now.",
            "You pay. Up the hill we go.",
            "We will send the invoice by Friday.",
            "We will. By Friday?",
            "OK agreed.",
            "Fine.",
            "It is fine.",
            "A b a.",
            "Not really.",
            "I will really truly honestly absolutely do it by Monday.",
        ];
        let mut state = 7u32;
        for round in 0..200 {
            let mut text = String::new();
            while text.len() < 400 + round * 3 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(sentences[(state >> 16) as usize % sentences.len()]);
                text.push(' ');
            }
            assert!(regexes.union().is_some());
            assert_eq!(hits(&regexes, &text, true), hits(&regexes, &text, false), "{text:?}");
        }
    }

    #[test]
    fn flags_and_text_anchors_are_not_filtered() {
        assert!(filterable(r"^(?:a|b)(?P<x>c)(?<y>d)$"));
        for p in [r"\Ano", r"no\z", r"(?-m)^no", r"(?i)no"] {
            assert!(!filterable(p), "{p}");
        }
    }
}
