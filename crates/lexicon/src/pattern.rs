//! The phrase syntax: words, `word*` stems, `*` any word, `<N>` / `<M-N>` gaps and
//! `{a|b}` alternatives.
//!
//! A pattern compiles to one or more *phrases*. Each phrase has an *anchor*: a run of
//! plain words (optionally ending in a stem) that the automaton searches for; the rest
//! of the pattern (gaps, stems, alternatives outside the anchor) is checked word by
//! word around each anchor hit. Only the alternatives inside the anchor are expanded,
//! so `you are {a|an|such a} {adj…} {noun…}` costs a handful of anchors, not the
//! product of its lists.

use std::ops::Range;
use std::sync::Arc;

use goodfaith_text::{Part, Segmented, Segmenter};

/// The most words a gap may skip.
pub const MAX_GAP: u8 = 12;
/// The most anchors one pattern may expand to.
pub const MAX_ANCHORS: usize = 256;

/// One element of a compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Elem {
    /// Exactly this normalised word (shared: the same words recur across thousands
    /// of phrases).
    Word(Arc<str>),
    /// A word starting with this normalised prefix.
    Stem(Arc<str>),
    /// Between `min` and `max` arbitrary words (`*` is a gap of exactly one).
    Gap {
        /// The fewest words.
        min: u8,
        /// The most words.
        max: u8,
    },
    /// One of several element sequences (possibly empty).
    Alt(Vec<Vec<Elem>>),
    /// A word written with digits (`5`, `3.5`, `1st`, `10am`).
    Number,
}

/// A compiled phrase: the anchor (plain words, the last possibly a stem) and what must
/// come before and after it. The expansions of one pattern share `before` and `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Elements before the anchor.
    pub before: Arc<[Elem]>,
    /// The anchor: `Word`s, the last possibly a `Stem`.
    pub anchor: Vec<Elem>,
    /// Elements after the anchor.
    pub after: Arc<[Elem]>,
    /// `^`: the phrase starts the sentence.
    pub at_start: bool,
    /// `$`: the phrase ends the sentence.
    pub at_end: bool,
}

/// Parses `pattern` into phrases.
pub fn parse(pattern: &str, seg: &mut Segmenter) -> Result<Vec<Phrase>, String> {
    let trimmed = pattern.trim();
    let (at_start, rest) = match trimmed.strip_prefix('^') {
        Some(r) => (true, r),
        None => (false, trimmed),
    };
    let (at_end, rest) = match rest.strip_suffix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.contains('^') || rest.contains('$') {
        return Err("`^` may only start a pattern and `$` only end it".into());
    }
    let elems = merge_gaps(tokenize(rest, seg)?);
    validate(&elems)?;
    let run = best_anchor_run(&elems).ok_or("needs a run of words to search for (not only gaps and optional words)")?;
    let before: Arc<[Elem]> = elems[..run.start].into();
    let after: Arc<[Elem]> = elems[run.end..].into();
    let mut anchors = expand(&elems[run]);
    anchors.sort_unstable();
    anchors.dedup();
    Ok(anchors
        .into_iter()
        .map(|anchor| Phrase { before: before.clone(), anchor, after: after.clone(), at_start, at_end })
        .collect())
}

fn tokenize(pattern: &str, seg: &mut Segmenter) -> Result<Vec<Elem>, String> {
    let mut elems = vec![];
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').ok_or("`{` without a closing `}`")?;
            let body = &inner[..close];
            if body.contains('{') {
                return Err("alternatives cannot be nested".into());
            }
            let alts = body.split('|').map(|alt| words(alt, seg)).collect::<Result<Vec<_>, _>>()?;
            elems.push(Elem::Alt(alts));
            rest = inner[close + 1..].trim_start();
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '{').unwrap_or(rest.len());
        let chunk = &rest[..end];
        if chunk.contains('}') || chunk.contains('|') {
            return Err(format!("`{chunk}`: `}}` or `|` outside alternatives"));
        }
        elems.extend(chunk_elems(chunk, seg)?);
        rest = rest[end..].trim_start();
    }
    Ok(elems)
}

/// Elements of a run of space-separated chunks (an alternative).
fn words(text: &str, seg: &mut Segmenter) -> Result<Vec<Elem>, String> {
    let mut elems = vec![];
    for chunk in text.split_whitespace() {
        elems.extend(chunk_elems(chunk, seg)?);
    }
    Ok(merge_gaps(elems))
}

/// Elements of one chunk: a gap, `*`, a stem or literal text (which may normalise to
/// several words: `don't` → `do not`, `non-negotiable` → `non negotiable`).
fn chunk_elems(chunk: &str, seg: &mut Segmenter) -> Result<Vec<Elem>, String> {
    if chunk == "*" {
        return Ok(vec![Elem::Gap { min: 1, max: 1 }]);
    }
    if chunk == "#" {
        return Ok(vec![Elem::Number]);
    }
    if let Some(gap) = chunk.strip_prefix('<').and_then(|c| c.strip_suffix('>')) {
        return parse_gap(gap).map(|g| vec![g]);
    }
    if chunk.contains('<') || chunk.contains('>') {
        return Err(format!("`{chunk}`: a gap is written `<3>` or `<1-3>`"));
    }
    let (literal, stem) = match chunk.strip_suffix('*') {
        Some(l) => (l, true),
        None => (chunk, false),
    };
    if literal.contains('*') {
        return Err(format!("`{chunk}`: `*` may only end a word"));
    }
    let mut norm = normalise(literal, seg);
    if norm.is_empty() && !stem && !literal.chars().any(char::is_alphanumeric) {
        // Punctuation is ignored in text, so it is ignored in patterns: `{and|,}`.
        return Ok(vec![]);
    }
    let Some(last) = norm.pop() else { return Err(format!("`{chunk}` has no word in it")) };
    let mut elems: Vec<Elem> = norm.into_iter().map(|w| Elem::Word(w.into())).collect();
    elems.push(if stem { Elem::Stem(last.into()) } else { Elem::Word(last.into()) });
    Ok(elems)
}

fn parse_gap(gap: &str) -> Result<Elem, String> {
    let bad = || format!("`<{gap}>`: a gap is `<N>` or `<M-N>` with N at most {MAX_GAP}");
    let (min, max) = match gap.split_once('-') {
        Some((a, b)) => (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?),
        None => (0, gap.trim().parse().map_err(|_| bad())?),
    };
    if min > max || max > MAX_GAP || max == 0 {
        return Err(bad());
    }
    Ok(Elem::Gap { min, max })
}

/// The normalised words of literal pattern text.
pub fn normalise(text: &str, seg: &mut Segmenter) -> Vec<String> {
    // Most chunks are one plain word: fold it directly (same result, a fraction of the cost).
    let plain = text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\'');
    if plain && !text.starts_with('\'') && !text.ends_with('\'') && !text.is_empty() {
        let (mut scratch, mut out, mut spans) = (String::new(), String::new(), Vec::with_capacity(2));
        goodfaith_text::fold_word(text, &mut scratch, &mut out, |s, e| spans.push((s, e)));
        return spans.iter().map(|&(s, e)| out[s..e].to_string()).collect();
    }
    let mut out = Segmented::default();
    seg.segment(text, &[Part::new(0..text.len(), false)], &mut out);
    (0..out.words.len()).map(|i| out.word(i).to_string()).collect()
}

fn merge_gaps(seq: Vec<Elem>) -> Vec<Elem> {
    let mut out: Vec<Elem> = Vec::with_capacity(seq.len());
    for e in seq {
        if let (Some(Elem::Gap { min, max }), Elem::Gap { min: m2, max: x2 }) = (out.last_mut(), &e) {
            *min = min.saturating_add(*m2);
            *max = max.saturating_add(*x2);
            continue;
        }
        out.push(e);
    }
    out
}

fn validate(elems: &[Elem]) -> Result<(), String> {
    let is_open_gap = |e: &Elem| matches!(e, Elem::Gap { min, max } if !(*min == 1 && *max == 1));
    if elems.first().is_some_and(is_open_gap) || elems.last().is_some_and(is_open_gap) {
        return Err("cannot start or end with a gap".into());
    }
    for e in elems {
        match e {
            Elem::Gap { max, .. } if *max > MAX_GAP => {
                return Err(format!("gaps add up to {max} words; at most {MAX_GAP}"))
            }
            Elem::Alt(alts) => validate_alts(alts)?,
            _ => {}
        }
    }
    Ok(())
}

fn validate_alts(alts: &[Vec<Elem>]) -> Result<(), String> {
    for alt in alts {
        if let Some(Elem::Gap { max, .. }) = alt.iter().find(|e| matches!(e, Elem::Gap { max, .. } if *max > MAX_GAP)) {
            return Err(format!("gaps add up to {max} words; at most {MAX_GAP}"));
        }
    }
    Ok(())
}

/// True when every alternative is plain words (the last may be a stem) — it can be
/// part of an anchor. `stem_ok` allows a final stem.
fn literal_seq(seq: &[Elem], stem_ok: bool) -> bool {
    seq.iter().enumerate().all(|(i, e)| match e {
        Elem::Word(_) => true,
        Elem::Stem(_) => stem_ok && i + 1 == seq.len(),
        _ => false,
    })
}

/// Anchors this long (bytes, with separators) are selective enough; beyond it fewer
/// expansions beat longer anchors.
const SELECTIVE: usize = 10;

/// How good an anchor run is: (selective length, fewer expansions, length).
type AnchorKey = (usize, std::cmp::Reverse<usize>, usize);

/// The run of elements to expand into anchors: plain words and alternatives of plain
/// words, at most [`MAX_ANCHORS`] expansions. Prefers a selective shortest expansion,
/// then few expansions, then length.
fn best_anchor_run(elems: &[Elem]) -> Option<Range<usize>> {
    let mut best: Option<(AnchorKey, Range<usize>)> = None;
    for i in 0..elems.len() {
        let mut count = 1usize;
        let mut shortest = 0usize;
        for (j, elem) in elems.iter().enumerate().skip(i) {
            let ok = match elem {
                Elem::Word(w) | Elem::Stem(w) => {
                    shortest += w.len() + 1;
                    true
                }
                Elem::Alt(alts) => {
                    count = count.saturating_mul(alts.len());
                    shortest += alts.iter().map(|a| literal_len(a)).min().unwrap_or(0);
                    alts.iter().all(|a| literal_seq(a, true))
                }
                Elem::Gap { .. } | Elem::Number => false,
            };
            if !ok || count > MAX_ANCHORS {
                break;
            }
            let key = (shortest.min(SELECTIVE), std::cmp::Reverse(count), shortest);
            if shortest > 1 && best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, i..j + 1));
            }
            // A stem may only end an anchor.
            let ends_in_stem = match elem {
                Elem::Stem(_) => true,
                Elem::Alt(alts) => alts.iter().any(|a| matches!(a.last(), Some(Elem::Stem(_)))),
                _ => false,
            };
            if ends_in_stem {
                break;
            }
        }
    }
    best.map(|(_, r)| r)
}

fn literal_len(seq: &[Elem]) -> usize {
    seq.iter()
        .map(|e| match e {
            Elem::Word(w) | Elem::Stem(w) => w.len() + 1,
            _ => 0,
        })
        .sum()
}

/// Every word sequence an anchor run can be.
fn expand(run: &[Elem]) -> Vec<Vec<Elem>> {
    let mut out: Vec<Vec<Elem>> = vec![vec![]];
    for e in run {
        match e {
            Elem::Alt(alts) => {
                out = out
                    .iter()
                    .flat_map(|prefix| alts.iter().map(move |a| [prefix.clone(), a.clone()].concat()))
                    .collect();
            }
            e => out.iter_mut().for_each(|p| p.push(e.clone())),
        }
    }
    out.retain(|a| !a.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show_elems(elems: &[Elem]) -> String {
        elems
            .iter()
            .map(|e| match e {
                Elem::Word(w) => w.to_string(),
                Elem::Stem(w) => format!("{w}*"),
                Elem::Gap { min, max } => format!("<{min}-{max}>"),
                Elem::Number => "#".to_string(),
                Elem::Alt(alts) => format!("{{{}}}", alts.iter().map(|a| show_elems(a)).collect::<Vec<_>>().join("|")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Each phrase as `prefix [anchor] suffix`.
    fn show(pattern: &str) -> Result<Vec<String>, String> {
        let phrases = parse(pattern, &mut Segmenter::new())?;
        Ok(phrases
            .iter()
            .map(|p| {
                let [a, b, c] = [&p.before[..], &p.anchor[..], &p.after[..]].map(show_elems);
                format!("{a} [{b}] {c}").trim().to_string()
            })
            .collect())
    }

    #[test]
    fn parses_patterns() {
        let cases: &[(&str, &[&str])] = &[
            ("Take it, or leave it", &["[take it or leave it]"]),
            ("you don't", &["[you do not]"]),
            ("threaten* to", &["[threaten*] to"]),
            ("you always *", &["[you always] <1-1>"]),
            ("unless you <3> we'll report", &["unless you <0-3> [we will report]"]),
            ("{we|i} will {report|go to hr}", &["{we|i} [will go to hr]", "{we|i} [will report]"]),
            ("{really|} sorry", &["{really|} [sorry]"]),
            ("non-negotiable", &["[non negotiable]"]),
            ("a <1-2> <2> bbb", &["a <1-4> [bbb]"]),
            ("{warn*|threat*} you", &["[threat*] you", "[warn*] you"]),
            ("no more {and|,} that is final", &["no more {and|} [that is final]"]),
            ("^ {okay|} agreed $", &["{okay|} [agreed]"]),
            ("only # {left|remaining}", &["[only] # {left|remaining}"]),
            (
                "you are {a|an} {big|} {idiot|moron|fool|clown}",
                &["[you are a] {big|} {idiot|moron|fool|clown}", "[you are an] {big|} {idiot|moron|fool|clown}"],
            ),
        ];
        for (pattern, want) in cases {
            assert_eq!(show(pattern).unwrap(), *want, "parsing {pattern:?}");
        }
    }

    #[test]
    fn rejects_bad_patterns() {
        let cases = [
            "{a|b",
            "a } b",
            "{a|{b}}",
            "<3> you",
            "you <3>",
            "you <13> me",
            "you <0-12> * me",
            "you <x> me",
            "*",
            "a*b",
            "--",
            "{really|}",
        ];
        for pattern in cases {
            assert!(show(pattern).is_err(), "{pattern:?} should be rejected, got {:?}", show(pattern));
        }
    }

    #[test]
    fn big_lists_do_not_multiply() {
        let nouns: Vec<String> = (0..40).map(|i| format!("noun{i}")).collect();
        let adjs: Vec<String> = (0..20).map(|i| format!("adj{i}")).collect();
        let p = format!("you are {{a|an|such a|such an}} {{{}|}} {{{}}}", adjs.join("|"), nouns.join("|"));
        assert!(parse(&p, &mut Segmenter::new()).unwrap().len() <= 4);
    }
}
