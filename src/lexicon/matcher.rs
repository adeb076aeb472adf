//! One trie for every phrase of every rule: it finds each phrase's longest literal run
//! (its anchor) among the words of a sentence, and the rest of the phrase (stems, gaps,
//! words before and after) is checked word by word around the hit, comparing word ids.
//! The check is bounded by the phrase length and gap sizes, so matching stays linear.

use std::cell::RefCell;
use std::ops::Range;

use goodfaith_lexicon::tables::{word_bit, Elem, Tables, View, AT_END, AT_START, EXCEPTION, PHRASE_SIZE, UNBOUNDED};
use goodfaith_lexicon::RuleIdx;

use super::regexes::{self, RuleRegex};
use crate::text::Segmented;

/// A phrase of a rule found in a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHit {
    /// The rule (or [`ALLOW`](super::ALLOW)).
    pub rule: RuleIdx,
    /// Word indexes in the [`Segmented`] turn.
    pub words: Range<usize>,
    /// True for a hit of one of the rule's exceptions.
    pub exception: bool,
}

/// The word ids of the turn being matched and the anchors found in it.
type Scratch = (Vec<u32>, Vec<(u32, u32, u32)>);

thread_local! {
    /// Buffers reused between turns.
    static SCRATCH: RefCell<Scratch> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// Finds the phrases of all rules in segmented text.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The built-in lexicons' tables (borrowed from the binary) and the user's, each
    /// searched the same way; their hits are merged.
    tables: Vec<Tables>,
    regexes: Vec<RuleRegex>,
}

impl Matcher {
    /// A matcher over compiled `tables` and rule regexes.
    pub fn new(tables: Vec<Tables>, regexes: Vec<RuleRegex>) -> Matcher {
        Matcher { tables, regexes }
    }

    /// Number of phrases (after expanding alternatives).
    pub fn phrase_count(&self) -> usize {
        self.tables.iter().map(Tables::phrase_count).sum()
    }

    /// Appends every hit in `seg` to `out`, ordered by start word.
    pub fn find(&self, seg: &Segmented, out: &mut Vec<RawHit>) {
        let first = out.len();
        SCRATCH.with_borrow_mut(|(ids, anchors)| {
            for tables in &self.tables {
                let t = &tables.view();
                t.word_ids(seg, ids);
                anchors.clear();
                t.find_anchors(seg, ids, anchors);
                let verify = Verify { t, seg, ids };
                for &(pi, start_word, sentence) in anchors.iter() {
                    let p = &t.phrases[pi as usize * PHRASE_SIZE..][..PHRASE_SIZE];
                    if let Some(words) = verify.phrase(p, start_word as usize, sentence as usize) {
                        out.push(RawHit { rule: p[0], words, exception: p[1] & EXCEPTION != 0 });
                    }
                }
            }
        });
        regexes::find(&self.regexes, seg, out);
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

/// Checks phrases around their anchors in one segmented turn.
struct Verify<'a> {
    t: &'a View<'a>,
    seg: &'a Segmented,
    ids: &'a [u32],
}

impl<'a> Verify<'a> {
    /// Checks the whole phrase (its record `p`) around its anchor, found at `start_word`
    /// in `sentence`; returns its words.
    fn phrase(&self, p: &[u32], start_word: usize, sentence: usize) -> Option<Range<usize>> {
        let end_word = start_word + p[2] as usize;
        let sentence = &self.seg.sentences[sentence];
        if end_word > sentence.words.end || !self.may_match(p, start_word, end_word, sentence.words.clone()) {
            return None;
        }
        let before = &self.t.code[p[3] as usize..p[4] as usize];
        let after = &self.t.code[p[5] as usize..p[6] as usize];
        let start = self.backward(before, start_word, sentence.words.start, p[1] & AT_START != 0)?;
        let end = self.forward(after, end_word, sentence.words.end, p[1] & AT_END != 0)?;
        Some(start..end)
    }

    /// The phrase record's quick test of the anchor's surroundings (see
    /// [`super::tables::Section::Phrases`]): false when the phrase cannot match there.
    #[inline]
    fn may_match(&self, p: &[u32], start_word: usize, end_word: usize, sentence: Range<usize>) -> bool {
        let (before, after) = ((start_word - sentence.start) as u32, (sentence.end - end_word) as u32);
        let bound = |shift: u32| p[7] >> shift & 0xFF;
        let within = |n: u32, min: u32, max: u32, exact: bool| n >= min && !(exact && max < UNBOUNDED && n > max);
        let set = |at: usize| p[at] as u64 | (p[at + 1] as u64) << 32;
        within(before, bound(0), bound(8), p[1] & AT_START != 0)
            && within(after, bound(16), bound(24), p[1] & AT_END != 0)
            && (before == 0 || set(8) & word_bit(self.ids[start_word - 1]) != 0)
            && (after == 0 || set(10) & word_bit(self.ids[end_word]) != 0)
    }

    fn word(&self, i: usize) -> &'a [u8] {
        let w = &self.seg.words[i];
        &self.seg.norm.as_bytes()[w.norm_start as usize..w.norm_end as usize]
    }

    /// Whether word `i` is `e` (a word, stem or number).
    fn is(&self, e: Elem, i: usize) -> bool {
        match e {
            Elem::Word(id) => self.ids[i] == id,
            Elem::Stem(at, len) => self.word(i).starts_with(self.t.pool_bytes(at, len)),
            Elem::Number => self.word(i)[0].is_ascii_digit(),
            Elem::Gap(..) | Elem::Alt { .. } | Elem::Words { .. } => true,
        }
    }

    /// Alternative `k` of an [`Elem::Alt`] whose list is at `list`: a single word's id,
    /// or the code of a longer (or empty) sequence.
    fn alt(&self, list: u32, k: u32) -> Result<u32, &'a [u32]> {
        let at = (list + 2 * k) as usize;
        let (head, end) = (self.t.code[at], self.t.code[at + 1]);
        if head & 1 == 1 {
            return Ok(head >> 1);
        }
        Err(&self.t.code[(head >> 1) as usize..end as usize])
    }

    /// Whether word `i` is one of the sorted ids of an [`Elem::Words`].
    fn one_of(&self, count: u32, list: u32, i: usize) -> bool {
        self.t.code[list as usize..(list + count) as usize].binary_search(&self.ids[i]).is_ok()
    }

    /// Matches `code` starting at word `pos`, not past `limit`; returns the end word.
    /// With `to_limit`, only a match that ends exactly at `limit` counts (`$`).
    fn forward(&self, code: &[u32], pos: usize, limit: usize, to_limit: bool) -> Option<usize> {
        if code.is_empty() {
            return (!to_limit || pos == limit).then_some(pos);
        }
        let (first, rest) = code.split_at(2);
        match Elem::decode(first) {
            Elem::Gap(min, max) => (min as usize..=max as usize)
                .filter(|g| pos + g <= limit)
                .find_map(|g| self.forward(rest, pos + g, limit, to_limit)),
            Elem::Words { count, list } => (pos < limit && self.one_of(count, list, pos))
                .then(|| self.forward(rest, pos + 1, limit, to_limit))
                .flatten(),
            Elem::Alt { count, list } => {
                // One-word alternatives are compared here instead of recursing.
                let next = (pos < limit).then(|| self.ids[pos]);
                (0..count)
                    .filter_map(|k| match self.alt(list, k) {
                        Ok(id) => (next == Some(id)).then_some(pos + 1),
                        Err(a) => self.forward(a, pos, limit, false),
                    })
                    .find_map(|p| self.forward(rest, p, limit, to_limit))
            }
            e => (pos < limit && self.is(e, pos)).then(|| self.forward(rest, pos + 1, limit, to_limit)).flatten(),
        }
    }

    /// Matches `code` ending just before word `pos`, not before `floor`; returns the
    /// start word. With `to_floor`, only a match that starts exactly at `floor` counts (`^`).
    fn backward(&self, code: &[u32], pos: usize, floor: usize, to_floor: bool) -> Option<usize> {
        if code.is_empty() {
            return (!to_floor || pos == floor).then_some(pos);
        }
        let (rest, last) = code.split_at(code.len() - 2);
        match Elem::decode(last) {
            Elem::Gap(min, max) => (min as usize..=max as usize)
                .filter(|g| pos >= floor + g)
                .find_map(|g| self.backward(rest, pos - g, floor, to_floor)),
            Elem::Words { count, list } => (pos > floor && self.one_of(count, list, pos - 1))
                .then(|| self.backward(rest, pos - 1, floor, to_floor))
                .flatten(),
            Elem::Alt { count, list } => {
                let prev = (pos > floor).then(|| self.ids[pos - 1]);
                (0..count)
                    .filter_map(|k| match self.alt(list, k) {
                        Ok(id) => (prev == Some(id)).then(|| pos - 1),
                        Err(a) => self.backward(a, pos, floor, false),
                    })
                    .find_map(|p| self.backward(rest, p, floor, to_floor))
            }
            e => (pos > floor && self.is(e, pos - 1)).then(|| self.backward(rest, pos - 1, floor, to_floor)).flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};
    use goodfaith_lexicon::pattern::{parse, Elem as PatternElem, Phrase};
    use goodfaith_lexicon::{compile, load_file, rule_phrases, RulePhrase};

    fn hits(patterns: &[&str], text: &str) -> Vec<String> {
        let mut seg = Segmenter::new();
        let mut phrases = vec![];
        for (rule, p) in patterns.iter().enumerate() {
            for elems in parse(p, &mut seg).unwrap() {
                phrases.push(RulePhrase { rule: rule as u32, exception: false, phrase: elems });
            }
        }
        let m = Matcher::new(vec![compile(&phrases)], vec![]);
        let mut s = Segmented::default();
        seg.segment(text, &[Part::new(0..text.len(), false)], &mut s);
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

    /// The matching as it was first written: each anchor's text wherever it occurs in
    /// the normalised text on a word boundary (a stem may end inside a word), and the
    /// phrase checked around it word by word, comparing strings.
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
                    let stem_last = matches!(c.phrase.anchor.last(), Some(PatternElem::Stem(_)));
                    if !right_boundary && !stem_last {
                        continue;
                    }
                    if let Some(words) = reference_verify(seg, &c.phrase, start, seg.sentence_of(start)) {
                        out.push(RawHit { rule: c.rule, words, exception: c.exception });
                    }
                }
            }
        }
        regexes::find(&m.regexes, seg, &mut out);
        out.sort_by_key(|h| (h.words.start, h.words.end, h.rule, h.exception));
        dedup(&mut out, 0);
        out
    }

    fn reference_verify(seg: &Segmented, c: &Phrase, start_word: usize, sentence: usize) -> Option<Range<usize>> {
        let end_word = start_word + c.anchor.len();
        let sentence = &seg.sentences[sentence];
        if end_word > sentence.words.end {
            return None;
        }
        let start = reference_backward(seg, &c.before, start_word, sentence.words.start, c.at_start)?;
        let end = reference_forward(seg, &c.after, end_word, sentence.words.end, c.at_end)?;
        Some(start..end)
    }

    fn reference_is(seg: &Segmented, e: &PatternElem, i: usize) -> bool {
        match e {
            PatternElem::Word(w) => seg.word(i) == &**w,
            PatternElem::Stem(p) => seg.word(i).starts_with(&**p),
            PatternElem::Number => seg.word(i).as_bytes()[0].is_ascii_digit(),
            PatternElem::Gap { .. } | PatternElem::Alt(_) => true,
        }
    }

    fn reference_forward(
        seg: &Segmented,
        elems: &[PatternElem],
        pos: usize,
        limit: usize,
        to_limit: bool,
    ) -> Option<usize> {
        let Some((first, rest)) = elems.split_first() else { return (!to_limit || pos == limit).then_some(pos) };
        match first {
            PatternElem::Gap { min, max } => (*min as usize..=*max as usize)
                .filter(|g| pos + g <= limit)
                .find_map(|g| reference_forward(seg, rest, pos + g, limit, to_limit)),
            PatternElem::Alt(alts) => alts
                .iter()
                .filter_map(|a| reference_forward(seg, a, pos, limit, false))
                .find_map(|p| reference_forward(seg, rest, p, limit, to_limit)),
            _ => (pos < limit && reference_is(seg, first, pos))
                .then(|| reference_forward(seg, rest, pos + 1, limit, to_limit))
                .flatten(),
        }
    }

    fn reference_backward(
        seg: &Segmented,
        elems: &[PatternElem],
        pos: usize,
        floor: usize,
        to_floor: bool,
    ) -> Option<usize> {
        let Some((last, rest)) = elems.split_last() else { return (!to_floor || pos == floor).then_some(pos) };
        match last {
            PatternElem::Gap { min, max } => (*min as usize..=*max as usize)
                .filter(|g| pos >= floor + g)
                .find_map(|g| reference_backward(seg, rest, pos - g, floor, to_floor)),
            PatternElem::Alt(alts) => alts
                .iter()
                .filter_map(|a| reference_backward(seg, a, pos, floor, false))
                .find_map(|p| reference_backward(seg, rest, p, floor, to_floor)),
            _ => (pos > floor && reference_is(seg, last, pos - 1))
                .then(|| reference_backward(seg, rest, pos - 1, floor, to_floor))
                .flatten(),
        }
    }

    type AnchorTexts<'m> = std::collections::BTreeMap<String, Vec<&'m RulePhrase>>;

    /// The phrases of each anchor text.
    fn anchor_texts(phrases: &[RulePhrase]) -> AnchorTexts<'_> {
        let mut by_text = AnchorTexts::new();
        for c in phrases {
            let words: Vec<&str> = c
                .phrase
                .anchor
                .iter()
                .map(|e| match e {
                    PatternElem::Word(w) | PatternElem::Stem(w) => &**w,
                    _ => unreachable!(),
                })
                .collect();
            by_text.entry(words.join(" ")).or_default().push(c);
        }
        by_text
    }

    /// The built-in lexicons' phrases, loaded from their sources now.
    fn embedded_phrases() -> Vec<RulePhrase> {
        let mut seg = Segmenter::new();
        let mut out = vec![];
        let mut rule = 0;
        for (path, source) in crate::lexicon::Lexicon::embedded_sources() {
            for loaded in load_file(&path, source, &mut seg).unwrap() {
                out.extend(rule_phrases(rule, loaded.phrases, loaded.exceptions));
                rule += 1;
            }
        }
        out
    }

    /// Texts made of the lexicon's own examples, cut, joined and re-punctuated at random.
    fn mixed_texts(lexicon: &crate::lexicon::Lexicon, count: usize) -> Vec<String> {
        let examples: Vec<&str> = (0..lexicon.rules().len())
            .map(|i| lexicon.written(i as crate::lexicon::RuleIdx))
            .flat_map(|w| w.must_match.iter().chain(w.no_match.first()))
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
    fn tables_agree_with_a_search_of_anchor_texts() {
        let lexicon = crate::lexicon::Lexicon::embedded().unwrap();
        let m = lexicon.matcher();
        assert!(m.tables[0].is_borrowed() == cfg!(target_endian = "little"), "the built-in tables are used in place");
        let phrases = embedded_phrases();
        let by_text = anchor_texts(&phrases);
        let mut seg = Segmenter::new();
        let mut s = Segmented::default();
        let mut found = 0;
        for text in mixed_texts(&lexicon, 250) {
            seg.segment(&text, &[Part::new(0..text.len(), false)], &mut s);
            let mut fast = vec![];
            m.find(&s, &mut fast);
            assert_eq!(fast, reference_find(m, &by_text, &s), "{text:?}");
            found += fast.len();
        }
        assert!(found > 150, "the texts hit the lexicon ({found} hits)");
    }

    #[test]
    fn regex_rules_map_to_words() {
        let m = Matcher::new(vec![], vec![RuleRegex::new(7, r"\bpay up\b").unwrap()]);
        let text = "You must PAY UP today.";
        let mut s = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut s);
        let mut out = vec![];
        m.find(&s, &mut out);
        assert_eq!(out, [RawHit { rule: 7, words: 2..4, exception: false }]);
    }
}
