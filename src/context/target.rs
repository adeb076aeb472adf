//! Target: put-downs, blame and gaslighting aim at a person. Aimed at the addressee they
//! weigh 1.0, at a third party 0.5, and said of oneself ("I'm such an idiot") they are
//! not coercion at all. Without a pronoun the addressee is implied ("Pathetic.").

use super::{Candidate, Ctx};
use crate::lexicon::{Category, Family};

/// Categories about a person rather than a demand.
const PERSONAL: &[Category] = &[Category::Contempt, Category::Blame, Category::Gaslighting];

// Personal pronouns by person: the grammar the weights above are keyed on (second 1.0,
// third 0.5, first dropped), so they stay in the code.
const SECOND: &[&str] = &["you", "your", "yours", "yourself", "yourselves", "ya", "y'all", "ur"];
const THIRD: &[&str] =
    &["he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs", "himself", "herself", "themselves"];
const FIRST: &[&str] = &["i", "me", "my", "myself", "mine"];

/// Weighs person-directed candidates by whom they aim at.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.family(c) != Family::Coercive || !PERSONAL.contains(ctx.category(c)) {
            continue;
        }
        let w = ctx.window(c);
        // A pronoun inside the phrase was put there by the lexicon ("I never said that"
        // is aimed at the listener): only the addressee or the words before decide.
        if w.hit_has(SECOND) || w.hit_has(FIRST) {
            continue;
        }
        let before_has = |set: &[&str]| w.clause_before_hit().any(|i| set.contains(&w.word(i)));
        if before_has(SECOND) || w.hit_has(THIRD) {
            if w.hit_has(THIRD) && !before_has(SECOND) {
                c.weight *= 0.5;
            }
            continue;
        }
        if before_has(THIRD) {
            c.weight *= 0.5;
        } else if before_has(FIRST) {
            c.dropped = Some("said of oneself");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn every_pronoun_can_match() {
        for list in [super::FIRST, super::SECOND, super::THIRD] {
            crate::lexicon::lists::assert_normalised(list);
        }
    }

    #[test]
    fn targets() {
        let lex = lexicon(&[
            ("coercive.contempt.idiot", &["such an idiot", "pathetic", "i never said that"]),
            ("coercive.ultimatum.final", &["final offer"]),
        ]);
        let cases: &[(&str, &[(&str, f32)])] = &[
            ("You are such an idiot.", &[("coercive.contempt.idiot", 1.0)]),
            ("He is such an idiot.", &[("coercive.contempt.idiot", 0.5)]),
            ("I am such an idiot.", &[]),
            ("I never said that.", &[("coercive.contempt.idiot", 1.0)]),
            ("Pathetic.", &[("coercive.contempt.idiot", 1.0)]),
            ("I think you are such an idiot.", &[("coercive.contempt.idiot", 1.0)]),
            ("I made my final offer.", &[("coercive.ultimatum.final", 1.0)]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, f32)> = outcome(&lex, text).into_iter().map(|x| (x.0, x.2)).collect();
            let want: Vec<(String, f32)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
