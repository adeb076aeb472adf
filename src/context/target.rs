//! Target: put-downs, blame and gaslighting aim at a person. Aimed at the addressee they
//! weigh 1.0, at a third party 0.5, and said of oneself ("I'm such an idiot") they are
//! not coercion at all. Without a pronoun the addressee is implied ("Pathetic.").

use super::{Candidate, Ctx};
use crate::lexicon::Family;

/// Categories about a person rather than a demand.
const PERSONAL: &[&str] = &["contempt", "blame", "gaslighting"];

const SECOND: &[&str] = &["you", "your", "yours", "yourself", "yourselves", "ya", "y'all", "ur"];
const THIRD: &[&str] =
    &["he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "himself", "herself", "themselves"];
const FIRST: &[&str] = &["i", "me", "my", "myself", "mine"];

/// Weighs person-directed candidates by whom they aim at.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.family(c) != Family::Coercive || !PERSONAL.contains(&ctx.category(c)) {
            continue;
        }
        let w = ctx.window(c);
        let around: Vec<usize> = c.words.clone().chain(w.clause_before_hit()).collect();
        let has = |set: &[&str]| around.iter().any(|&i| set.contains(&w.word(i)));
        if has(SECOND) {
            continue;
        }
        if has(THIRD) {
            c.weight *= 0.5;
        } else if has(FIRST) {
            c.dropped = Some("said of oneself");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn targets() {
        let lex = lexicon(&[
            ("coercive.contempt.idiot", &["such an idiot", "pathetic"]),
            ("coercive.ultimatum.final", &["final offer"]),
        ]);
        let cases: &[(&str, &[(&str, f32)])] = &[
            ("You are such an idiot.", &[("coercive.contempt.idiot", 1.0)]),
            ("He is such an idiot.", &[("coercive.contempt.idiot", 0.5)]),
            ("I am such an idiot.", &[]),
            ("Pathetic.", &[("coercive.contempt.idiot", 1.0)]),
            ("I made my final offer.", &[("coercive.ultimatum.final", 1.0)]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, f32)> = outcome(&lex, text).into_iter().map(|x| (x.0, x.2)).collect();
            let want: Vec<(String, f32)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
