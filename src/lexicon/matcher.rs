//! One trie for every phrase of every rule: it finds each phrase's longest literal run
//! (its anchor) among the words of a sentence, and the rest of the phrase (stems, gaps,
//! words before and after) is checked word by word around the hit. The check is
//! bounded by the phrase length and gap sizes, so matching stays linear.

use std::cell::RefCell;
use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::anchors::Anchors;
use super::pattern::{Elem, Phrase};
use super::regexes::RuleRegexes;
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

thread_local! {
    /// The word ids of the turn being matched, reused between turns.
    static WORD_IDS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Finds the phrases of all rules in segmented text.
#[derive(Debug, Clone)]
pub struct Matcher {
    anchors: Anchors,
    phrases: Vec<RulePhrase>,
    regexes: RuleRegexes,
}

impl Matcher {
    /// Compiles phrases and `(rule, regex)` pairs into one matcher.
    pub fn new(phrases: Vec<RulePhrase>, regexes: Vec<(RuleIdx, Regex)>) -> Result<Matcher, String> {
        let anchors = Anchors::new(phrases.iter().map(|p| &p.phrase.anchor[..]));
        Ok(Matcher { anchors, phrases, regexes: RuleRegexes::new(regexes) })
    }

    /// Number of phrases (after expanding alternatives).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Appends every hit in `seg` to `out`, ordered by start word.
    pub fn find(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        let first = out.len();
        WORD_IDS.with_borrow_mut(|ids| {
            self.anchors.word_ids(seg, ids);
            self.anchors.find(seg, ids, |pi, start_word, sentence| {
                let c = &self.phrases[pi as usize];
                if let Some(words) = verify(seg, &c.phrase, start_word, sentence) {
                    out.push(RawHit { rule: c.rule, words, exception: c.exception });
                }
            });
        });
        self.regexes.find(seg, out);
        out[first..].sort_by_key(|h| (h.words.start, h.words.end, h.rule, h.exception));
        dedup(out, first);
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

/// Checks the whole phrase around its anchor, found at `start_word` in `sentence`;
/// returns its words.
fn verify(seg: &Segmented, c: &Phrase, start_word: usize, sentence: usize) -> Option<Range<usize>> {
    let end_word = start_word + c.anchor.len();
    let sentence = &seg.sentences[sentence];
    if end_word > sentence.words.end {
        return None;
    }
    let start = match_backward(seg, &c.before, start_word, sentence.words.start, c.at_start)?;
    let end = match_forward(seg, &c.after, end_word, sentence.words.end, c.at_end)?;
    Some(start..end)
}

fn elem_matches(seg: &Segmented, e: &Elem, i: usize) -> bool {
    match e {
        Elem::Word(w) => seg.word(i) == &**w,
        Elem::Stem(p) => seg.word(i).starts_with(&**p),
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
        Elem::Alt(alts) => {
            // Most alternatives are one word: compare it here instead of recursing.
            let next = (pos < limit).then(|| seg.word(pos));
            alts.iter()
                .filter_map(|a| match a.as_slice() {
                    [Elem::Word(w)] => (next == Some(&**w)).then_some(pos + 1),
                    _ => match_forward(seg, a, pos, limit, false),
                })
                .find_map(|p| match_forward(seg, rest, p, limit, to_limit))
        }
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
        Elem::Alt(alts) => {
            let prev = (pos > floor).then(|| seg.word(pos - 1));
            alts.iter()
                .filter_map(|a| match a.as_slice() {
                    [Elem::Word(w)] => (prev == Some(&**w)).then(|| pos - 1),
                    _ => match_backward(seg, a, pos, floor, false),
                })
                .find_map(|p| match_backward(seg, rest, p, floor, to_floor))
        }
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

    /// The anchor search as it was first written: each anchor's text wherever it occurs
    /// in the normalised text on a word boundary (a stem may end inside a word).
    fn reference_find(m: &Matcher, by_text: &AnchorTexts, seg: &Segmented) -> Vec<RawHit> {
        let norm = seg.norm.as_bytes();
        let sep = |b: u8| b == b' ' || b == b'\n';
        let mut out = vec![];
        for (text, phrases) in by_text {
            // Anchors start on a word boundary: at the start of the text or after a separator.
            for s in (0..norm.len()).filter(|&s| s == 0 || sep(norm[s - 1])) {
                if !norm[s..].starts_with(text.as_bytes()) {
                    continue;
                }
                let e = s + text.len();
                let right_boundary = e == norm.len() || sep(norm[e]);
                let start = seg.word_at(s).expect("a word starts after a separator");
                for c in phrases {
                    let stem_last = matches!(c.phrase.anchor.last(), Some(Elem::Stem(_)));
                    if !right_boundary && !stem_last {
                        continue;
                    }
                    if let Some(words) = verify(seg, &c.phrase, start, seg.sentence_of(start)) {
                        out.push(RawHit { rule: c.rule, words, exception: c.exception });
                    }
                }
            }
        }
        m.regexes.find(seg, &mut out);
        out.sort_by_key(|h| (h.words.start, h.words.end, h.rule, h.exception));
        dedup(&mut out, 0);
        out
    }

    type AnchorTexts<'m> = std::collections::BTreeMap<String, Vec<&'m RulePhrase>>;

    /// The phrases of each anchor text.
    fn anchor_texts(m: &Matcher) -> AnchorTexts<'_> {
        let mut by_text = AnchorTexts::new();
        for c in &m.phrases {
            let words: Vec<&str> = c
                .phrase
                .anchor
                .iter()
                .map(|e| match e {
                    Elem::Word(w) | Elem::Stem(w) => &**w,
                    _ => unreachable!(),
                })
                .collect();
            by_text.entry(words.join(" ")).or_default().push(c);
        }
        by_text
    }

    /// Texts made of the lexicon's own examples, cut, joined and re-punctuated at random.
    fn mixed_texts(lexicon: &crate::lexicon::Lexicon, count: usize) -> Vec<String> {
        let examples: Vec<&str> = lexicon
            .rules()
            .iter()
            .flat_map(|r| r.must_match.iter().chain(r.no_match.first()))
            .map(String::as_str)
            .collect();
        let mut state = 0x853c_49e6_748f_ea9b_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let marks = [" ", ", ", ". ", "? ", " \"", "\" ", "\n\n", " - ", "'s ", "n't "];
        (0..count)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..1 + next(4) {
                    let words: Vec<&str> = examples[next(examples.len())].split(' ').collect();
                    // Mostly whole examples, sometimes a piece of one.
                    let from = if next(2) == 0 { 0 } else { next(words.len()) };
                    let to = if next(2) == 0 { words.len() } else { from + 1 + next(words.len() - from) };
                    text.push_str(&words[from..to].join(marks[next(marks.len())]));
                    text.push_str(marks[next(marks.len())]);
                }
                text
            })
            .collect()
    }

    #[test]
    fn trie_agrees_with_a_search_of_anchor_texts() {
        let lexicon = crate::lexicon::Lexicon::embedded().unwrap();
        let m = lexicon.matcher();
        let by_text = anchor_texts(m);
        let mut seg = Segmenter::new();
        let mut s = Segmented::default();
        let mut found = 0;
        for text in mixed_texts(&lexicon, 250) {
            seg.segment(&text, &[Part { range: 0..text.len(), hard_break: false }], &mut s);
            let mut fast = vec![];
            m.find(&s, &mut fast);
            assert_eq!(fast, reference_find(m, &by_text, &s), "{text:?}");
            found += fast.len();
        }
        assert!(found > 150, "the texts hit the lexicon ({found} hits)");
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
