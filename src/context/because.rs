//! A request with its reason ("please send the form by Friday so payroll can run it")
//! is a firm but fair request, not a bare demand: its weight halves, and a message of
//! such requests is not one-sided for them.
//!
//! "No choice" with its reason ("the vendor moved the freeze, so we have no choice but
//! to finish by Wednesday") names an outside constraint: pressure comes from a party,
//! so it is neither pressure nor resigned assent, and the hit is dropped. When the
//! reason points at someone in the conversation ("since you insist, I have no choice")
//! it stays.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{after_first, words, WordList};
use crate::lexicon::Category;

/// Why a resigned "no choice" with an outside reason was dropped.
pub const OUTSIDE_CONSTRAINT: &str =
    "an outside constraint stated with its reason: neither pressure nor resigned assent";

/// Halves the weight of requests that give their reason in the same sentence, and
/// drops a resigned "no choice" that gives an outside reason.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none()) {
        let w = ctx.window(c);
        // Only the reasons (`because.reasons`) that begin with the word are tried: most
        // words begin none.
        let reason_at = |i: usize| {
            after_first(WordList::Reasons, w.word(i)).iter().any(|rest| rest.is_empty() || w.phrase_at(i + 1, rest))
        };
        match ctx.category(c) {
            Category::Request if w.after().any(reason_at) => c.weight *= 0.5,
            Category::ResignedAssent if outside_reason(&w, reason_at) => c.dropped = Some(OUTSIDE_CONSTRAINT),
            _ => {}
        }
    }
}

/// Words that point a reason at someone in the conversation (`because.party`).
const PARTY_WORDS: &[&str] = words(WordList::PartyWords);

/// Words that give a reason before the hit (`because.reason-before`).
const REASON_BEFORE: &[&str] = words(WordList::ReasonBefore);

/// The sentence gives a reason for the hit — after it ("… because the vendor moved the
/// freeze"), or before it after some words of its own ("the deadline is Friday, so …")
/// — and the reason does not point at a party.
fn outside_reason(w: &super::Window, reason_at: impl Fn(usize) -> bool) -> bool {
    let before = w.before().any(|i| REASON_BEFORE.contains(&w.word(i)) && i >= w.floor + 3);
    let about_party = (w.floor..w.ceiling).any(|i| PARTY_WORDS.contains(&w.word(i)));
    (before || w.after().any(reason_at)) && !about_party
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn no_choice_with_an_outside_reason_is_no_resignation() {
        let lex = lexicon(&[("signal.resigned-assent.no-choice", &["{we|i} have no choice"])]);
        let cases: &[(&str, bool)] = &[
            ("The release deadline is Friday, so we have no choice but to cut the reporting epic.", false),
            ("We have no choice because the vendor moved the freeze to Wednesday.", false),
            ("So we have no choice.", true),
            ("I have no choice.", true),
            ("Since you insist, I have no choice.", true),
            ("You've made it clear, so I have no choice but to sign.", true),
        ];
        for (text, kept) in cases {
            assert_eq!(!outcome(&lex, text).is_empty(), *kept, "{text:?}");
        }
    }

    #[test]
    fn reasoned_requests() {
        let lex = lexicon(&[("signal.request.please", &["please send"])]);
        let cases: &[(&str, f32)] = &[
            ("Please send the form by Friday.", 1.0),
            ("Please send the form by Friday so payroll can process it.", 0.5),
            ("Please send it because the auditors asked.", 0.5),
        ];
        for (text, want) in cases {
            let got: Vec<f32> = outcome(&lex, text).into_iter().map(|x| x.2).collect();
            assert_eq!(got, [*want], "{text:?}");
        }
    }
}
