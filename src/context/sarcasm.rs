//! Sarcasm, from a closed list at low confidence (TAXONOMY.md): a sentence opened with
//! "oh sure", "yeah right", "oh great" … does not mean its friendly words ("oh sure,
//! what if we just give you all the firewood, would that work for you"). Mutual hits in
//! such a sentence are dropped; coercion in it still counts. Sarcasm without one of
//! these markers is not detected.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{after_first, WordList};
use crate::lexicon::Family;

/// Drops mutual candidates in sentences that open sarcastically.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none()) {
        if ctx.family(c) != Family::Mutual {
            continue;
        }
        // Only the openers (`sarcasm.openers`) that begin with the sentence's first word
        // are tried.
        let start = ctx.seg.sentences[c.sentence].words.start;
        let w = ctx.window(c);
        let after = after_first(WordList::SarcasmOpeners, w.word(start));
        if after.iter().any(|rest| rest.is_empty() || w.phrase_at(start + 1, rest)) {
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
