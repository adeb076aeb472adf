//! The 0–100 good-faith score in four parts of 25 (TAXONOMY.md): agreement, mutuality,
//! decisiveness and respect.

use super::facts::Facts;
use super::report_schema::Score;
use crate::input::Kind;

/// The pressure index, 0–25: rises quickly with the first coercion and saturates.
pub fn pressure_index(pressure: f32) -> f32 {
    25.0 * (1.0 - (-pressure / 2.0).exp())
}

/// Whether there is anything to score: an empty input or a one-word message has no
/// agreement, mutuality, decisiveness or respect to measure, and a score of 40 for it
/// would pretend otherwise.
pub fn scored(f: &Facts) -> bool {
    f.words() > 1
}

/// Computes the four parts (lines are filled in by the caller).
pub fn compute(kind: Kind, f: &Facts) -> Score {
    let (agreement, mutuality, decisiveness) = match kind {
        Kind::Conversation => conversation_parts(f),
        Kind::Message => message_parts(f),
    };
    let respect = 25.0 - pressure_index(f.pressure);
    let parts = [agreement, mutuality, decisiveness, respect].map(|x| x.clamp(0.0, 25.0).round() as u32);
    Score {
        total: parts.iter().sum(),
        agreement: parts[0],
        mutuality: parts[1],
        decisiveness: parts[2],
        respect: parts[3],
        lines: Default::default(),
    }
}

fn conversation_parts(f: &Facts) -> (f32, f32, f32) {
    let n = f.party_count().max(1) as f32;
    let assent: f32 = f
        .speaking()
        .map(|(_, p)| match (p.assent, p.assent_under_pressure) {
            (Some(_), false) => 1.0,
            (Some(_), true) => 0.5,
            (None, _) => 0.0,
        })
        .sum();
    // Each party: voiced a need, heard the other side, offered something.
    let mutual: f32 = f
        .speaking()
        .map(|(_, p)| {
            let voiced = p.requests + p.proposals + p.refusals > 0 || p.questions > 0;
            [voiced, p.heard_others, p.proposals > 0].iter().filter(|x| **x).count() as f32 / 3.0
        })
        .sum();
    let committed = f.speaking().filter(|(_, p)| p.commitments > 0).count() as f32;
    (25.0 * assent / n, 25.0 * mutual / n, 25.0 * committed / n)
}

fn message_parts(f: &Facts) -> (f32, f32, f32) {
    // A message cannot be agreed to yet; it earns agreement by leaving the reader free
    // to agree: mutual moves and no demands without them.
    let agreement = if f.coercive > 0 {
        0.0
    } else if f.substantive > 0 {
        25.0
    } else if f.positions > 0 {
        8.0
    } else {
        15.0
    };
    let mutuality = (f.substantive as f32 * 8.0 + (f.mutual - f.substantive) as f32 * 3.0).min(25.0);
    let commitments: u32 = f.parties.iter().map(|p| p.commitments).sum();
    (agreement, mutuality, if commitments > 0 { 25.0 } else { 0.0 })
}
