//! Conditionals: a consequence phrase marked `requires = "condition"` ("we will cancel
//! the contract", "you'll lose the deal") is a threat only inside a condition put to the
//! other side ("if you don't sign…", "…unless you pay", "sign today or…"). Alone it is
//! news. Whether a conditional is a threat or a trade-off is decided by the consequence
//! phrases themselves: harm to the addressee lives in `coercive.threat`, benefit in
//! `signal.concession` and `mutual.options`.

use super::{Candidate, Ctx, Window};
use crate::lexicon::lists::{after_first, words, WordList};
use crate::lexicon::Requirement;

/// Drops condition-bound candidates that have no condition around them.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.lexicon.rule(c.rule).requires != Some(Requirement::Condition) {
            continue;
        }
        if !has_condition(&ctx.window(c), ctx.seg.sentences[c.sentence].words.start) {
            c.dropped = Some("no condition: a consequence, not a threat");
        }
    }
}

/// Words that cannot start an imperative sentence (`conditional.not-imperative`).
const NOT_IMPERATIVE: &[&str] = words(WordList::NotImperative);

/// "Refuse the transfer and we'll review your position", "one more word and you're
/// out": a sentence that opens with a bare verb (or "one more") and joins the
/// consequence with "and" states a condition.
fn imperative_and(w: &Window, sentence_start: usize) -> bool {
    let opens = w.word(sentence_start);
    let imperative = !NOT_IMPERATIVE.contains(&opens) || w.phrase_at(sentence_start, "one more");
    imperative && (w.hit.start.saturating_sub(8).max(sentence_start)..w.hit.start).any(|i| w.word(i) == "and")
}

fn has_condition(w: &Window, sentence_start: usize) -> bool {
    if w.floor == sentence_start && imperative_and(w, sentence_start) {
        return true;
    }
    let near_or = |i: usize| w.hit.start - i <= 3;
    w.before().chain(w.hit.clone()).chain(w.after()).any(|i| {
        // Only the markers (`conditional.markers`) that begin with the word are tried:
        // most words begin none.
        let word = w.word(i);
        after_first(WordList::ConditionMarkers, word).iter().any(|rest| {
            // A bare "or" must sit right before the consequence ("sign today or we cancel").
            let bare_or = word == "or" && rest.is_empty();
            (rest.is_empty() || w.phrase_at(i + 1, rest)) && (!bare_or || (i < w.hit.start && near_or(i)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn conditions() {
        let lex = lexicon(&[("coercive.threat.cancel-cond", &["we will cancel the contract"])]);
        let cases: &[(&str, bool)] = &[
            ("We will cancel the contract.", false),
            ("If you don't sign, we will cancel the contract.", true),
            ("We will cancel the contract unless you pay today.", true),
            ("Sign today or we will cancel the contract.", true),
            ("Tea or coffee? Also we will cancel the contract next year as planned.", false),
            ("Pay by Friday, otherwise we'll cancel the contract.", true),
            ("Keep this up and we will cancel the contract.", true),
            ("One more complaint and we will cancel the contract.", true),
            ("We met on Monday and we will cancel the contract.", false),
        ];
        for (text, counted) in cases {
            let got = outcome(&lex, text);
            assert_eq!(!got.is_empty(), *counted, "{text:?}: {got:?}");
        }
    }
}
