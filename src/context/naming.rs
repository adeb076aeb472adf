//! Naming a tactic aloud is a good-faith move, not the tactic: inside "that sounds like
//! take-it-or-leave-it" the ultimatum is named, not issued. A coercive hit that lies
//! within a counted mutual hit is dropped.

use super::{Candidate, Ctx};
use crate::lexicon::Family;

/// Drops coercive candidates contained in a counted mutual candidate.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    let mutual: Vec<std::ops::Range<usize>> =
        candidates.iter().filter(|c| c.counts() && ctx.family(c) == Family::Mutual).map(|c| c.words.clone()).collect();
    if mutual.is_empty() {
        return;
    }
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none() && ctx.family(c) == Family::Coercive) {
        // Mutual spans are in start order; only those starting at or before the hit can hold it.
        let upto = mutual.partition_point(|m| m.start <= c.words.start);
        if mutual[..upto].iter().rev().take(8).any(|m| m.end >= c.words.end) {
            c.dropped = Some("named, not used");
        }
    }
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
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
