//! One automaton for every phrase of every rule: aho-corasick finds each phrase's
//! longest literal run (its anchor) in the normalised text, and the rest of the phrase
//! (stems, gaps, words before and after) is checked word by word around the hit. The
//! check is bounded by the phrase length and gap sizes, so matching stays linear.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};

use super::pattern::{Elem, Phrase};
use crate::text::Segmented;

/// A rule id index into [`super::Lexicon::rules`], or [`ALLOW`].
pub type RuleIdx = u32;

/// The pseudo-rule of phrases allowed by the user: they cancel any overlapping hit.
pub const ALLOW: RuleIdx = RuleIdx::MAX;

/// Size limit of one user regex, compiled (bytes).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A phrase of a rule found in a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHit {
    /// The rule (or [`ALLOW`]).
    pub rule: RuleIdx,
    /// Word indexes in the [`Segmented`] turn.
    pub words: Range<usize>,
    /// True for a hit of one of the rule's exceptions.
    pub exception: bool,
}

/// A phrase of a rule, ready to match.
#[derive(Debug, Clone)]
pub struct RulePhrase {
    /// The rule it belongs to.
    pub rule: RuleIdx,
    /// True for an exception phrase.
    pub exception: bool,
    /// The phrase.
    pub phrase: Phrase,
}

/// Finds the phrases of all rules in segmented text.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: AhoCorasick,
    /// For each automaton pattern, the phrases anchored on it.
    by_anchor: Vec<Vec<u32>>,
    phrases: Vec<RulePhrase>,
    regexes: Vec<(RuleIdx, Regex)>,
}

impl Matcher {
    /// Compiles phrases and `(rule, regex)` pairs into one matcher.
    pub fn new(phrases: Vec<RulePhrase>, regexes: Vec<(RuleIdx, Regex)>) -> Result<Matcher, String> {
        let mut anchors: Vec<String> = vec![];
        let mut anchor_ids = std::collections::HashMap::new();
        let mut by_anchor: Vec<Vec<u32>> = vec![];
        let mut compiled = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            let text = anchor_text(&phrase.phrase.anchor);
            let id = *anchor_ids.entry(text.clone()).or_insert_with(|| {
                anchors.push(text);
                by_anchor.push(vec![]);
                anchors.len() - 1
            });
            by_anchor[id].push(compiled.len() as u32);
            compiled.push(phrase);
        }
        let automaton =
            AhoCorasick::builder().match_kind(MatchKind::Standard).build(&anchors).map_err(|e| e.to_string())?;
        Ok(Matcher { automaton, by_anchor, phrases: compiled, regexes })
    }

    /// Number of phrases (after expanding alternatives).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Appends every hit in `seg` to `out`, ordered by start word.
    pub fn find(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        let first = out.len();
        let norm = seg.norm.as_bytes();
        for m in self.automaton.find_overlapping_iter(&seg.norm) {
            let (s, e) = (m.start(), m.end());
            if s > 0 && !is_separator(norm[s - 1]) {
                continue;
            }
            let Some(start_word) = seg.word_at(s) else {
                continue;
            };
            let right_boundary = e == norm.len() || is_separator(norm[e]);
            for &pi in &self.by_anchor[m.pattern().as_usize()] {
                let c = &self.phrases[pi as usize];
                let stem_last = matches!(c.phrase.anchor.last(), Some(Elem::Stem(_)));
                if !right_boundary && !stem_last {
                    continue;
                }
                if let Some(words) = verify(seg, &c.phrase, start_word) {
                    out.push(RawHit { rule: c.rule, words, exception: c.exception });
                }
            }
        }
        self.find_regexes(seg, out);
        out[first..].sort_by_key(|h| (h.words.start, h.words.end, h.rule, h.exception));
        dedup(out, first);
    }

    /// Runs each rule regex on each sentence: `^` and `$` are the sentence's ends, and a
    /// regex anchored at `^` costs one attempt per sentence instead of a scan.
    fn find_regexes(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        if self.regexes.is_empty() {
            return;
        }
        for sentence in &seg.sentences {
            let from = seg.words[sentence.words.start].norm_start as usize;
            let to = seg.words[sentence.words.end - 1].norm_end as usize;
            let text = &seg.norm[from..to];
            for (rule, re) in &self.regexes {
                for m in re.find_iter(text) {
                    if let Some(words) = words_of(seg, from + m.start(), from + m.end()) {
                        out.push(RawHit { rule: *rule, words, exception: false });
                    }
                }
            }
        }
    }
}

fn dedup(out: &mut Vec<RawHit>, first: usize) {
    let mut w = first;
    for r in first..out.len() {
        if w > first && out[w - 1] == out[r] {
            continue;
        }
        out.swap(w, r);
        w += 1;
    }
    out.truncate(w);
}

fn is_separator(b: u8) -> bool {
    b == b' ' || b == b'\n'
}

/// The words covering normalised bytes `s..e`, when `s` starts a word.
fn words_of(seg: &Segmented, s: usize, e: usize) -> Option<Range<usize>> {
    let first = seg.word_at(s)?;
    let last = seg.words.partition_point(|w| (w.norm_start as usize) < e);
    (last > first).then_some(first..last)
}

/// Compiles one user regex with the size limit. It runs on one sentence at a time, so
/// `^` and `$` are the sentence's start and end. Classes are ASCII where the
/// pattern allows it: normalised English needs no more, and Unicode word tables make a
/// regex ten times slower to build.
pub fn compile_regex(r: &str) -> Result<Regex, String> {
    let build = |unicode: bool| {
        RegexBuilder::new(r).unicode(unicode).size_limit(REGEX_SIZE_LIMIT).dfa_size_limit(REGEX_SIZE_LIMIT).build()
    };
    build(false).or_else(|_| build(true)).map_err(|e| e.to_string())
}

fn anchor_text(elems: &[Elem]) -> String {
    let words: Vec<&str> = elems
        .iter()
        .map(|e| match e {
            Elem::Word(w) | Elem::Stem(w) => w.as_str(),
            Elem::Gap { .. } | Elem::Alt(_) | Elem::Number => unreachable!("anchors are plain words"),
        })
        .collect();
    words.join(" ")
}

/// Checks the whole phrase around an anchor found at `start_word`; returns its words.
fn verify(seg: &Segmented, c: &Phrase, start_word: usize) -> Option<Range<usize>> {
    let anchor_len = c.anchor.len();
    let end_word = start_word + anchor_len;
    if end_word > seg.words.len() {
        return None;
    }
    let sentence = &seg.sentences[seg.sentence_of(start_word)];
    if end_word > sentence.words.end {
        return None;
    }
    // The automaton matched the anchor's bytes; a stem in it may have matched a longer word.
    let start = match_backward(seg, &c.before, start_word, sentence.words.start, c.at_start)?;
    let end = match_forward(seg, &c.after, end_word, sentence.words.end, c.at_end)?;
    Some(start..end)
}

fn elem_matches(seg: &Segmented, e: &Elem, i: usize) -> bool {
    match e {
        Elem::Word(w) => seg.word(i) == w,
        Elem::Stem(p) => seg.word(i).starts_with(p.as_str()),
        Elem::Number => seg.word(i).as_bytes()[0].is_ascii_digit(),
        Elem::Gap { .. } | Elem::Alt(_) => true,
    }
}

/// Matches `elems` starting at word `pos`, not past `limit`; returns the end word.
/// With `to_limit`, only a match that ends exactly at `limit` counts (`$`).
fn match_forward(seg: &Segmented, elems: &[Elem], pos: usize, limit: usize, to_limit: bool) -> Option<usize> {
    let Some((first, rest)) = elems.split_first() else { return (!to_limit || pos == limit).then_some(pos) };
    match first {
        Elem::Gap { min, max } => (*min as usize..=*max as usize)
            .filter(|g| pos + g <= limit)
            .find_map(|g| match_forward(seg, rest, pos + g, limit, to_limit)),
        Elem::Alt(alts) => alts
            .iter()
            .filter_map(|a| match_forward(seg, a, pos, limit, false))
            .find_map(|p| match_forward(seg, rest, p, limit, to_limit)),
        _ => (pos < limit && elem_matches(seg, first, pos))
            .then(|| match_forward(seg, rest, pos + 1, limit, to_limit))
            .flatten(),
    }
}

/// Matches `elems` ending just before word `pos`, not before `floor`; returns the start
/// word. With `to_floor`, only a match that starts exactly at `floor` counts (`^`).
fn match_backward(seg: &Segmented, elems: &[Elem], pos: usize, floor: usize, to_floor: bool) -> Option<usize> {
    let Some((last, rest)) = elems.split_last() else { return (!to_floor || pos == floor).then_some(pos) };
    match last {
        Elem::Gap { min, max } => (*min as usize..=*max as usize)
            .filter(|g| pos >= floor + g)
            .find_map(|g| match_backward(seg, rest, pos - g, floor, to_floor)),
        Elem::Alt(alts) => alts
            .iter()
            .filter_map(|a| match_backward(seg, a, pos, floor, false))
            .find_map(|p| match_backward(seg, rest, p, floor, to_floor)),
        _ => (pos > floor && elem_matches(seg, last, pos - 1))
            .then(|| match_backward(seg, rest, pos - 1, floor, to_floor))
            .flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::pattern::parse;
    use super::*;
    use crate::text::{Part, Segmenter};

    fn hits(patterns: &[&str], text: &str) -> Vec<String> {
        let mut seg = Segmenter::new();
        let mut phrases = vec![];
        for (rule, p) in patterns.iter().enumerate() {
            for elems in parse(p, &mut seg).unwrap() {
                phrases.push(RulePhrase { rule: rule as u32, exception: false, phrase: elems });
            }
        }
        let m = Matcher::new(phrases, vec![]).unwrap();
        let mut s = Segmented::default();
        seg.segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut s);
        let mut out = vec![];
        m.find(&s, &mut out);
        out.iter()
            .map(|h| {
                let a = s.words[h.words.start].src_start;
                let b = s.words[h.words.end - 1].src_end;
                format!("{}:{}", h.rule, &text[a..b])
            })
            .collect()
    }

    #[test]
    fn finds_phrases() {
        let cases: &[(&[&str], &str, &[&str])] = &[
            (&["take it or leave it"], "Fine. Take it, or leave it!", &["0:Take it, or leave it"]),
            (&["take it or leave it"], "take it. Or leave it", &[]),
            (&["final offer"], "finaloffer final offers", &[]),
            (&["threaten* to"], "He threatened to leave.", &["0:threatened to"]),
            (&["you always *"], "You always ruin it", &["0:You always ruin"]),
            (&["you always *"], "you always", &[]),
            (
                &["unless you <3> {we|i} will {report|escalate}"],
                "Unless you pay up now we'll report it",
                &["0:Unless you pay up now we'll report"],
            ),
            (&["unless you <1> we will report"], "Unless you pay up now we'll report it", &[]),
            (&["don't want to hear"], "I dont want to hear it", &["0:dont want to hear"]),
            (&["or else", "do it or else"], "Do it or else.", &["1:Do it or else", "0:or else"]),
            (&["no thanks i prefer"], "No thanks, I prefer to pay full price", &["0:No thanks, I prefer"]),
            (&["decide {now|today}"], "DÉCIDE now? decide today", &["0:decide today"]),
            (
                &["you are {a|an} {big|} {idiot|fool}"],
                "You are a big fool. You're an idiot. You are a big deal.",
                &["0:You are a big fool", "0:You're an idiot"],
            ),
            (&["{it is|this is} {all|} your fault"], "It's all your fault", &["0:It's all your fault"]),
            (&["^ {okay|} agreed $"], "Agreed. Okay, agreed! I agreed. Agreed then.", &["0:Agreed", "0:Okay, agreed"]),
            (&["only # left"], "Only 3 left. Only three left.", &["0:Only 3 left"]),
            (
                &["^ if you <3> we will cancel"],
                "If you stop paying us we will cancel. So if you stop we will cancel.",
                &["0:If you stop paying us we will cancel"],
            ),
        ];
        for (patterns, text, want) in cases {
            assert_eq!(hits(patterns, text), *want, "{patterns:?} in {text:?}");
        }
    }

    #[test]
    fn regex_rules_map_to_words() {
        let m = Matcher::new(vec![], vec![(7, compile_regex(r"\bpay up\b").unwrap())]).unwrap();
        let text = "You must PAY UP today.";
        let mut s = Segmented::default();
        Segmenter::new().segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut s);
        let mut out = vec![];
        m.find(&s, &mut out);
        assert_eq!(out, [RawHit { rule: 7, words: 2..4, exception: false }]);
    }
}
