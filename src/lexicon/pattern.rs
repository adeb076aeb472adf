//! The phrase syntax: words, `word*` stems, `*` any word, `<N>` / `<M-N>` gaps and
//! `{a|b}` alternatives. A pattern expands into one or more element sequences, each
//! normalised exactly like input text.

use crate::text::{Part, Segmented, Segmenter};

/// The most words a gap may skip.
pub const MAX_GAP: u8 = 8;
/// The most sequences one pattern may expand to.
pub const MAX_EXPANSIONS: usize = 512;

/// One element of a compiled phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Elem {
    /// Exactly this normalised word.
    Word(String),
    /// A word starting with this normalised prefix.
    Stem(String),
    /// Between `min` and `max` arbitrary words (`*` is a gap of exactly one).
    Gap { min: u8, max: u8 },
}

/// A token of the pattern before alternatives are expanded.
#[derive(Debug, Clone)]
enum Token {
    Elems(Vec<Elem>),
    Alternatives(Vec<Vec<Elem>>),
}

/// Parses `pattern` into its expanded element sequences.
pub fn parse(pattern: &str, seg: &mut Segmenter) -> Result<Vec<Vec<Elem>>, String> {
    let tokens = tokenize(pattern, seg)?;
    let mut seqs: Vec<Vec<Elem>> = vec![vec![]];
    for token in tokens {
        match token {
            Token::Elems(elems) => seqs
                .iter_mut()
                .for_each(|s| s.extend(elems.iter().cloned())),
            Token::Alternatives(alts) => {
                if seqs.len() * alts.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "expands to more than {MAX_EXPANSIONS} phrases; split it"
                    ));
                }
                seqs = seqs
                    .iter()
                    .flat_map(|s| alts.iter().map(move |a| [s.clone(), a.clone()].concat()))
                    .collect();
            }
        }
    }
    let mut out = Vec::with_capacity(seqs.len());
    for seq in seqs {
        let seq = merge_gaps(seq);
        validate(&seq)?;
        if !out.contains(&seq) {
            out.push(seq);
        }
    }
    Ok(out)
}

fn tokenize(pattern: &str, seg: &mut Segmenter) -> Result<Vec<Token>, String> {
    let mut tokens = vec![];
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').ok_or("`{` without a closing `}`")?;
            let body = &inner[..close];
            if body.contains('{') {
                return Err("alternatives cannot be nested".into());
            }
            let alts = body
                .split('|')
                .map(|alt| words(alt, seg))
                .collect::<Result<Vec<_>, _>>()?;
            tokens.push(Token::Alternatives(alts));
            rest = inner[close + 1..].trim_start();
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '{')
            .unwrap_or(rest.len());
        let chunk = &rest[..end];
        if chunk.contains('}') || chunk.contains('|') {
            return Err(format!("`{chunk}`: `}}` or `|` outside alternatives"));
        }
        tokens.push(Token::Elems(chunk_elems(chunk, seg)?));
        rest = rest[end..].trim_start();
    }
    Ok(tokens)
}

/// Elements of a run of space-separated chunks (an alternative).
fn words(text: &str, seg: &mut Segmenter) -> Result<Vec<Elem>, String> {
    let mut elems = vec![];
    for chunk in text.split_whitespace() {
        elems.extend(chunk_elems(chunk, seg)?);
    }
    Ok(elems)
}

/// Elements of one chunk: a gap, `*`, a stem or literal text (which may normalise to
/// several words: `don't` → `do not`, `non-negotiable` → `non negotiable`).
fn chunk_elems(chunk: &str, seg: &mut Segmenter) -> Result<Vec<Elem>, String> {
    if chunk == "*" {
        return Ok(vec![Elem::Gap { min: 1, max: 1 }]);
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
    if norm.is_empty() {
        return Err(format!("`{chunk}` has no word in it"));
    }
    let last = norm.pop().expect("not empty");
    let mut elems: Vec<Elem> = norm.into_iter().map(Elem::Word).collect();
    elems.push(if stem {
        Elem::Stem(last)
    } else {
        Elem::Word(last)
    });
    Ok(elems)
}

fn parse_gap(gap: &str) -> Result<Elem, String> {
    let bad = || format!("`<{gap}>`: a gap is `<N>` or `<M-N>` with N at most {MAX_GAP}");
    let (min, max) = match gap.split_once('-') {
        Some((a, b)) => (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        ),
        None => (0, gap.trim().parse().map_err(|_| bad())?),
    };
    if min > max || max > MAX_GAP || max == 0 {
        return Err(bad());
    }
    Ok(Elem::Gap { min, max })
}

/// The normalised words of literal pattern text.
pub fn normalise(text: &str, seg: &mut Segmenter) -> Vec<String> {
    let mut out = Segmented::default();
    seg.segment(
        text,
        &[Part {
            range: 0..text.len(),
            hard_break: false,
        }],
        &mut out,
    );
    (0..out.words.len())
        .map(|i| out.word(i).to_string())
        .collect()
}

fn merge_gaps(seq: Vec<Elem>) -> Vec<Elem> {
    let mut out: Vec<Elem> = Vec::with_capacity(seq.len());
    for e in seq {
        if let (Some(Elem::Gap { min, max }), Elem::Gap { min: m2, max: x2 }) = (out.last_mut(), &e)
        {
            *min += m2;
            *max += x2;
            continue;
        }
        out.push(e);
    }
    out
}

fn validate(seq: &[Elem]) -> Result<(), String> {
    let literal = |e: &Elem| matches!(e, Elem::Word(_) | Elem::Stem(_));
    if !seq.iter().any(literal) {
        return Err("needs at least one word".into());
    }
    let is_open_gap = |e: &Elem| matches!(e, Elem::Gap { min, max } if !(*min == 1 && *max == 1));
    if seq.first().is_some_and(is_open_gap) || seq.last().is_some_and(is_open_gap) {
        return Err("cannot start or end with a gap".into());
    }
    if let Some(Elem::Gap { max, .. }) = seq
        .iter()
        .find(|e| matches!(e, Elem::Gap { max, .. } if *max > MAX_GAP))
    {
        return Err(format!("gaps add up to {max} words; at most {MAX_GAP}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(pattern: &str) -> Result<Vec<String>, String> {
        let seqs = parse(pattern, &mut Segmenter::new())?;
        Ok(seqs
            .iter()
            .map(|s| {
                s.iter()
                    .map(|e| match e {
                        Elem::Word(w) => w.clone(),
                        Elem::Stem(w) => format!("{w}*"),
                        Elem::Gap { min, max } => format!("<{min}-{max}>"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect())
    }

    #[test]
    fn parses_patterns() {
        let cases: &[(&str, &[&str])] = &[
            ("Take it, or leave it", &["take it or leave it"]),
            ("you don't", &["you do not"]),
            ("threaten* to", &["threaten* to"]),
            ("you always *", &["you always <1-1>"]),
            (
                "unless you <3> we'll report",
                &["unless you <0-3> we will report"],
            ),
            (
                "{we|i} will {report|go to hr}",
                &[
                    "we will report",
                    "we will go to hr",
                    "i will report",
                    "i will go to hr",
                ],
            ),
            ("{really|} sorry", &["really sorry", "sorry"]),
            ("non-negotiable", &["non negotiable"]),
            ("a <1-2> <2> b", &["a <1-4> b"]),
            ("{warn*|threat*} you", &["warn* you", "threat* you"]),
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
            "you <9> me",
            "you <x> me",
            "*",
            "a*b",
            "{a|b} {c|d} {e|f} {g|h} {i|j} {k|l} {m|n} {o|p} {q|r} {s|t}",
            "--",
        ];
        for pattern in cases {
            assert!(
                show(pattern).is_err(),
                "{pattern:?} should be rejected, got {:?}",
                show(pattern)
            );
        }
    }
}
