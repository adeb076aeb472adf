//! Sarcasm, from a closed list at low confidence (TAXONOMY.md): a sentence opened with
//! "oh sure", "yeah right", "oh great" … does not mean its friendly words ("oh sure,
//! what if we just give you all the firewood, would that work for you"). Mutual hits in
//! such a sentence are dropped; coercion in it still counts. Sarcasm without one of
//! these markers is not detected.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::Family;

/// Sentence openings that mark sarcasm (`sarcasm.openers`).
const OPENERS: &[&str] = words(WordList::SarcasmOpeners);

/// Drops mutual candidates in sentences that open sarcastically.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none()) {
        if ctx.family(c) != Family::Mutual {
            continue;
        }
        let start = ctx.seg.sentences[c.sentence].words.start;
        let opens = |phrase: &str| {
            (start..).zip(phrase.split(' ')).all(|(k, w)| k < ctx.seg.words.len() && ctx.seg.word(k) == w)
        };
        if OPENERS.iter().any(|o| opens(o)) {
            c.dropped = Some("sarcasm");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn sarcasm() {
        let lex = lexicon(&[("mutual.options.what-if", &["what if we"]), ("coercive.contempt.idiot", &["you idiot"])]);
        let cases: &[(&str, &[&str])] = &[
            ("What if we split it?", &["mutual.options.what-if"]),
            ("Oh sure, what if we just give you everything?", &[]),
            ("Yeah right, you idiot.", &["coercive.contempt.idiot"]),
            ("Sure, what if we split it?", &["mutual.options.what-if"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
