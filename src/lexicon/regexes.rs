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
//!
//! Before any of that, a regex whose matches must all contain one of a few literals (the
//! longest required piece of its pattern: `a formality` in `… .{0,90} a formality\b`) is
//! skipped for a turn that holds none of them, found with a vectorised substring search. A
//! built-in regex is compiled only when a turn first gets that far: compiling the
//! bounded repetitions rule regexes use costs more than a short email's whole analysis.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use memchr::memmem;
use regex::Regex;
use regex_automata::meta;
use regex_syntax::hir::{Hir, HirKind};

use super::matcher::{compile_regex, RawHit};
use super::RuleIdx;
use crate::text::Segmented;

/// Once this many bytes of normalised text have been searched, compiling the union
/// (a few milliseconds) pays for itself.
const FILTER_FROM: usize = 64 * 1024;

/// A rule's regex: compiled when loaded (a user's, so a bad one is reported then) or
/// when first needed (a built-in one; a test checks that they all compile).
#[derive(Debug, Clone)]
pub struct RuleRegex {
    rule: RuleIdx,
    pattern: String,
    compiled: OnceLock<Regex>,
    /// Every match contains one of these (none known: empty).
    required: Vec<memmem::Finder<'static>>,
}

impl RuleRegex {
    /// A regex compiled already.
    pub fn compiled(rule: RuleIdx, regex: Regex) -> RuleRegex {
        let r = RuleRegex::lazy(rule, regex.as_str());
        r.compiled.set(regex).expect("a new cell is empty");
        r
    }

    /// A regex compiled on first use.
    pub fn lazy(rule: RuleIdx, pattern: &str) -> RuleRegex {
        let required = required_literals(pattern).iter().map(|l| memmem::Finder::new(l).into_owned()).collect();
        RuleRegex { rule, pattern: pattern.to_string(), compiled: OnceLock::new(), required }
    }

    fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| compile_regex(&self.pattern).expect("the built-in regexes compile (a test checks)"))
    }

    /// False when `text` holds none of the literals every match contains.
    fn may_match(&self, text: &str) -> bool {
        self.required.is_empty() || self.required.iter().any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// The rule regexes of a lexicon.
#[derive(Debug, Default)]
pub struct RuleRegexes {
    each: Vec<RuleRegex>,
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
    pub fn new(each: Vec<RuleRegex>) -> Self {
        assert!(each.len() <= 128, "at most 128 rule regexes (the lexicon allows {})", super::MAX_REGEXES);
        RuleRegexes { each, union: OnceLock::new(), seen: AtomicUsize::new(0) }
    }

    /// Appends every regex hit in `seg` to `out`.
    pub fn find(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        // The regexes that may match in this turn, a bit each (there are at most 128).
        let live =
            self.each.iter().enumerate().filter(|(_, r)| r.may_match(&seg.norm)).fold(0u128, |m, (k, _)| m | 1 << k);
        if live == 0 {
            return;
        }
        let seen = self.seen.fetch_add(seg.norm.len(), Ordering::Relaxed);
        let union = if seen >= FILTER_FROM { self.union().as_ref() } else { None };
        match union {
            None => (0..seg.sentences.len()).for_each(|s| self.find_in(seg, s, live, out)),
            Some(union) => {
                let mut next = 0;
                for m in union.find_iter(&seg.norm) {
                    // Sentences before the match are skipped; those it touches are searched.
                    while next < seg.sentences.len() && sentence_norm(seg, next).1 < m.start() {
                        next += 1;
                    }
                    while next < seg.sentences.len() && sentence_norm(seg, next).0 <= m.end() {
                        self.find_in(seg, next, live, out);
                        next += 1;
                    }
                }
            }
        }
    }

    /// Runs the `live` regexes (a bit each) on sentence `s`.
    fn find_in(&self, seg: &Segmented, s: usize, live: u128, out: &mut Vec<RawHit>) {
        let (from, to) = sentence_norm(seg, s);
        let text = &seg.norm[from..to];
        for (_, r) in self.each.iter().enumerate().filter(|(k, _)| live >> k & 1 == 1) {
            for m in r.regex().find_iter(text) {
                if let Some(words) = words_of(seg, from + m.start(), from + m.end()) {
                    out.push(RawHit { rule: r.rule, words, exception: false });
                }
            }
        }
    }

    fn union(&self) -> &Option<meta::Regex> {
        self.union.get_or_init(|| {
            if !self.each.iter().all(|r| filterable(&r.pattern)) {
                return None;
            }
            // Each pattern keeps the Unicode mode it compiled with.
            let patterns: Vec<String> = self
                .each
                .iter()
                .map(|r| {
                    let ascii = regex_syntax::ParserBuilder::new().unicode(false).build().parse(&r.pattern).is_ok();
                    format!("(?{}:{})", if ascii { "-u" } else { "u" }, r.pattern)
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

/// Literals one of which every match of `pattern` contains: of the pieces the whole
/// pattern is a sequence of, the literal or alternation of literals whose shortest is
/// longest. Empty when there is none (or the pattern does not parse).
fn required_literals(pattern: &str) -> Vec<Vec<u8>> {
    let parse = |unicode: bool| regex_syntax::ParserBuilder::new().unicode(unicode).build().parse(pattern).ok();
    let Some(hir) = parse(false).or_else(|| parse(true)) else { return vec![] };
    let pieces = match hir.kind() {
        HirKind::Concat(pieces) => pieces.as_slice(),
        _ => std::slice::from_ref(&hir),
    };
    let shortest = |set: &Vec<Vec<u8>>| set.iter().map(Vec::len).min().unwrap_or(0);
    pieces.iter().filter_map(one_of_literals).max_by_key(shortest).filter(|set| shortest(set) > 0).unwrap_or_default()
}

/// The literals `hir` is one of, when it is a literal, an alternation of literals, or a
/// group of either (case-insensitive letters are classes, not literals, so never these).
fn one_of_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Capture(group) => one_of_literals(&group.sub),
        HirKind::Alternation(alts) => alts
            .iter()
            .map(|a| match a.kind() {
                HirKind::Literal(lit) => Some(lit.0.to_vec()),
                _ => None,
            })
            .collect(),
        _ => None,
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
            (0..seg.sentences.len()).for_each(|s| regexes.find_in(&seg, s, u128::MAX, &mut out));
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
        let regexes = RuleRegexes::new(
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| RuleRegex::compiled(i as u32, compile_regex(p).unwrap()))
                .collect(),
        );
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
    fn required_literals_are_the_most_selective_piece() {
        let cases: &[(&str, &[&str])] = &[
            (r"\b(since|as) you (are )?already\b.{0,90}\b(just|only) a formality\b", &[" a formality"]),
            // Of equally long choices, the last.
            (r"\byou (agreed|said yes) to\b.{0,60}\b(is not|is hardly) (much|that)\b", &["is not", "is hardly"]),
            (r"\bpay\s+up\b", &["pay"]),
            // Letters without case are classes: only the space is left.
            (r"(?i)pay up", &[" "]),
            (r"^(ok )?agreed$|^fine$", &[]),
            (r"x*", &[]),
            (r"(unclosed", &[]),
        ];
        for (pattern, want) in cases {
            let got = required_literals(pattern);
            let got: Vec<&str> = got.iter().map(|l| std::str::from_utf8(l).unwrap()).collect();
            assert_eq!(got, *want, "{pattern}");
        }
    }

    #[test]
    fn a_turn_without_the_required_literals_is_skipped_and_the_regex_not_compiled() {
        let lazy = RuleRegexes::new(vec![RuleRegex::lazy(3, r"\bsign (it|this) today\b")]);
        let find = |text: &str| {
            let mut seg = Segmented::default();
            Segmenter::new().segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut seg);
            let mut out = vec![];
            lazy.find(&seg, &mut out);
            out
        };
        assert!(find("Please read it first.").is_empty());
        assert!(lazy.each[0].compiled.get().is_none(), "no turn needed it yet");
        assert_eq!(find("You must sign it today."), [RawHit { rule: 3, words: 2..5, exception: false }]);
        assert!(lazy.each[0].compiled.get().is_some());
    }

    #[test]
    fn flags_and_text_anchors_are_not_filtered() {
        assert!(filterable(r"^(?:a|b)(?P<x>c)(?<y>d)$"));
        for p in [r"\Ano", r"no\z", r"(?-m)^no", r"(?i)no"] {
            assert!(!filterable(p), "{p}");
        }
    }
}
