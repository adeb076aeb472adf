//! "But" clauses: what follows "but" wins. "Take your time, but the price rises
//! tomorrow" is pressure, not autonomy; "I understand, but…" and "sorry, but…" are half
//! an acknowledgement at most.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::{Category, Family};

/// Words after which the clause that follows wins (`contrast.connectives`).
const CONTRAST: &[&str] = words(WordList::Contrast);

/// Categories that a "but" right after them halves ("I understand, but…").
const HALVED: &[Category] = &[Category::Acknowledge];
/// Categories that a "but" right after them takes back: "take your time, but let me
/// know by Friday" gives no time; "sorry, but…" is no apology.
const TAKEN_BACK: &[Category] = &[Category::Repair, Category::Autonomy, Category::Rapport];

/// Drops or halves mutual candidates outweighed by the clause after a contrast word.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    // Start words of counted coercive candidates, in order.
    let coercive: Vec<usize> =
        candidates.iter().filter(|c| c.counts() && ctx.family(c) == Family::Coercive).map(|c| c.words.start).collect();
    for c in candidates.iter_mut() {
        if !c.counts() || ctx.family(c) != Family::Mutual {
            continue;
        }
        let w = ctx.window(c);
        let Some(but) = w.after().find(|&i| CONTRAST.contains(&w.word(i))) else {
            continue;
        };
        let from = coercive.partition_point(|&s| s <= but);
        if coercive.get(from).is_some_and(|&s| s < ctx.seg.sentences[c.sentence].words.end) {
            c.dropped = Some("outweighed by the pressure after \"but\"");
        } else if but - c.words.end <= 3 && HALVED.contains(ctx.category(c)) {
            c.weight *= 0.5;
        } else if but - c.words.end <= 3 && TAKEN_BACK.contains(ctx.category(c)) {
            c.dropped = Some("taken back by the \"but\" after it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn but_clauses() {
        let lex = lexicon(&[
            ("mutual.autonomy.time", &["take your time"]),
            ("mutual.acknowledge.understand", &["i understand"]),
            ("coercive.ultimatum.price", &["price rises tomorrow"]),
        ]);
        let cases: &[(&str, &[(&str, f32)])] = &[
            ("Take your time.", &[("mutual.autonomy.time", 1.0)]),
            ("Take your time, but the price rises tomorrow.", &[("coercive.ultimatum.price", 1.0)]),
            ("Take your time, but let me know by Friday.", &[]),
            ("I understand, but we need it.", &[("mutual.acknowledge.understand", 0.5)]),
            (
                "I understand. The price rises tomorrow.",
                &[("mutual.acknowledge.understand", 1.0), ("coercive.ultimatum.price", 1.0)],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(String, f32)> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| (x.0, x.2)).collect();
            let want: Vec<(String, f32)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
