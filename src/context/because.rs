//! A request with its reason ("please send the form by Friday so payroll can run it")
//! is a firm but fair request, not a bare demand: its weight halves, and a message of
//! such requests is not one-sided for them.

use super::{Candidate, Ctx};

/// Connectives that give a reason after a request (normalised phrases).
const REASONS: &[&str] = &[
    "because",
    "so that",
    "so we can",
    "so i can",
    "so they can",
    "so you can",
    "so it can",
    "so he can",
    "so she can",
    "so payroll",
    "so the",
    "since",
    "as we",
    "as i",
    "as the",
    "in order to",
    "to make sure",
    "to ensure",
    "for the",
    "otherwise we can not",
    "given that",
];

/// Whether `word` is the first word of one of [`REASONS`] (most words are not: this
/// skips the phrases for them).
fn starts_reason(word: &str) -> bool {
    matches!(word, "because" | "so" | "since" | "as" | "in" | "to" | "for" | "otherwise" | "given")
}

/// Halves the weight of requests that give their reason in the same sentence.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none()) {
        if ctx.category(c) != "request" {
            continue;
        }
        let w = ctx.window(c);
        let reason_at = |i: usize| starts_reason(w.word(i)) && REASONS.iter().any(|r| w.phrase_at(i, r));
        if w.after().any(reason_at) {
            c.weight *= 0.5;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};
    use super::{starts_reason, REASONS};

    #[test]
    fn every_reason_starts_with_a_first_word() {
        for r in REASONS {
            assert!(starts_reason(r.split(' ').next().unwrap()), "{r}");
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
