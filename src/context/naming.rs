//! Naming a tactic aloud is a good-faith move, not the tactic: in "that sounds (a bit)
//! like take-it-or-leave-it" the ultimatum is named, not issued. A coercive hit that
//! lies within a counted mutual hit, or follows "sounds like", "feels like", "seems
//! like" in its clause, is dropped.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::Family;

/// Verbs that name what something resembles (`naming.likening`).
const LIKENING: &[&str] = words(WordList::Likening);
/// Words allowed between the verb and "like", "sounds a bit like" (`naming.softeners`).
const SOFTENERS: &[&str] = words(WordList::Softeners);

/// Drops coercive candidates that are named rather than used.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    let mutual: Vec<std::ops::Range<usize>> =
        candidates.iter().filter(|c| c.counts() && ctx.family(c) == Family::Mutual).map(|c| c.words.clone()).collect();
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none() && ctx.family(c) == Family::Coercive) {
        // Mutual spans are in start order; only those starting at or before the hit can hold it.
        let upto = mutual.partition_point(|m| m.start <= c.words.start);
        let inside = mutual[..upto].iter().rev().take(8).any(|m| m.end >= c.words.end);
        if inside || likened(ctx, c) {
            c.dropped = Some("named, not used");
        }
    }
}

/// "… sounds (a bit) like `<hit>`": walk back over softeners to "like" and its verb.
fn likened(ctx: &Ctx, c: &Candidate) -> bool {
    let w = ctx.window(c);
    let mut before = w.clause_before_hit();
    if before.next().is_none_or(|i| w.word(i) != "like") {
        return false;
    }
    let verb = before.take(5).find(|&i| !SOFTENERS.contains(&w.word(i)));
    verb.is_some_and(|i| LIKENING.contains(&w.word(i)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn naming_a_tactic() {
        let lex = lexicon(&[
            ("coercive.ultimatum.tioli", &["take it or leave it"]),
            ("mutual.challenge.naming", &["that sounds like {a|} take it or leave it"]),
        ]);
        let cases: &[(&str, &[&str])] = &[
            ("Take it or leave it.", &["coercive.ultimatum.tioli"]),
            ("That sounds like take-it-or-leave-it to me.", &["mutual.challenge.naming"]),
            ("That sounds like a plan. Take it or leave it.", &["coercive.ultimatum.tioli"]),
            ("This feels a bit like take it or leave it, is it?", &[]),
            ("I would like take it or leave it terms.", &["coercive.ultimatum.tioli"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
