//! Hedges and intensifiers change weight. A hedge ("maybe", "I think") softens an
//! ultimatum or a demand (×0.7) but never a threat, a put-down or gaslighting: a polite
//! threat is still a threat. Intensifiers ("absolutely", capitals, "!") raise weight
//! (×1.3 each, at most ×1.6), like VADER's boosters.

use super::{Candidate, Ctx};
use crate::lexicon::{Category, Family};
use crate::text::{flags, Terminal};

/// Categories a hedge may soften.
const SOFTENED: &[Category] = &[
    Category::Ultimatum,
    Category::ScarcityBandwagon,
    Category::FalseDilemma,
    Category::CommitmentTrap,
    Category::Stonewalling,
    Category::Guilt,
    Category::FalseBenevolence,
    Category::Request,
];

const HEDGE: f32 = 0.7;
const BOOST: f32 = 1.3;
const MAX_BOOST: f32 = 1.6;

/// Adjusts the weight of coercive candidates by the hedges and intensifiers near them.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    // Signal positions, in order, so each candidate finds its neighbours by binary search.
    let signals: Vec<(usize, bool)> = candidates
        .iter()
        .filter(|c| ctx.family(c) == Family::Signal && c.counts())
        .filter_map(|c| match ctx.category(c) {
            Category::Hedge => Some((c.words.start, true)),
            Category::Intensifier => Some((c.words.start, false)),
            _ => None,
        })
        .collect();
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.family(c) != Family::Coercive {
            continue;
        }
        let w = ctx.window(c);
        let from = signals.partition_point(|s| s.0 < w.floor);
        let near = signals[from..].iter().take_while(|s| s.0 < w.ceiling);
        let (mut hedged, mut boosts) = (false, 0);
        for &(_, is_hedge) in near {
            if is_hedge {
                hedged = true;
            } else {
                boosts += 1;
            }
        }
        if c.words.clone().any(|i| ctx.seg.words[i].flags & flags::CAPS != 0) {
            boosts += 1;
        }
        if ctx.seg.sentences[c.sentence].terminal == Terminal::Exclamation {
            boosts += 1;
        }
        if hedged && SOFTENED.contains(ctx.category(c)) {
            c.weight *= HEDGE;
        }
        c.weight *= BOOST.powi(boosts).min(MAX_BOOST);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn hedges_and_intensifiers() {
        let lex = lexicon(&[
            ("coercive.ultimatum.final", &["final offer"]),
            ("coercive.threat.regret", &["you will regret it"]),
            ("signal.hedge.maybe", &["maybe", "i think"]),
            ("signal.intensifier.abs", &["absolutely"]),
        ]);
        let w = |text: &str| -> Vec<f32> {
            outcome(&lex, text).into_iter().filter(|x| x.0.starts_with("coercive")).map(|x| x.2).collect()
        };
        let cases: &[(&str, f32)] = &[
            ("This is my final offer.", 1.0),
            ("I think this is my final offer.", 0.7),
            ("Maybe you will regret it.", 1.0),
            ("This is absolutely my final offer.", 1.3),
            ("This is my FINAL offer!", 1.6),
        ];
        for (text, want) in cases {
            assert_eq!(w(text), [*want], "{text:?}");
        }
    }
}
