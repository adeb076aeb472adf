//! The verdict: the rules of TAXONOMY.md "Verdicts", checked in order. Positive
//! signals never cancel coercion: mutual moves are only ever counted toward good
//! verdicts when the pressure is low.
//!
//! | verdict | when (conversation, checked in this order) |
//! |---|---|
//! | neutral | no coercion, and no proposal, position or request at all (whatever the assents), or fewer than two negotiation moves and no accepted proposal |
//! | pressured-agreement | someone assented, and an assent was resigned or came after another party's coercion (within 12 turns), or every party assented while coercion dominated; pressure comes from a party, never from a stated outside constraint |
//! | mutual-agreement | every party assented freely (by the dialogue pass: directly, by a proposal another accepted, by acting on a deal), needs on the table, something offered or traded (or two substantive mutual moves), pressure below 1 |
//! | coercive | pressure of 1 or more (one unhedged coercive finding), or an error-level one, and no free agreement |
//! | one-sided | weak coercion; or one party made the requests and nobody's interests were heard; or one party holds the floor (60% of 90+ words), demands or decides, and never asks about or acknowledges the others |
//! | working-toward-agreement | mutual moves and low pressure, but not everyone has said yes |
//!
//! Any input with no words at all is `empty`, with no score.
//!
//! Messages: `coercive` (pressure ≥ 1 or an error-level finding), `one-sided` (weaker
//! coercion, or demands with no mutual move), `neutral` for one word without coercion,
//! `good-faith` (no coercion, and a move that
//! opens the door to the reader — asking, offering, leaving them free, shared framing,
//! acknowledgement — or two substantive mutual moves), else `neutral`.

use crate::input::Kind;

use super::facts::{Facts, Party};
use super::report_schema::Verdict;

/// The rules that decide the verdict, in plain words, for `goodfaith explain --verdicts`.
/// Kept beside the code that applies them; a test checks it names every verdict.
pub const VERDICT_RULES: &str = include_str!("verdict_rules.txt");

/// Pressure (weighted coercion) at which coercion dominates.
pub const COERCIVE_PRESSURE: f32 = 1.0;

/// Decides the verdict.
pub fn decide(kind: Kind, facts: &Facts) -> Verdict {
    if facts.words() == 0 {
        return Verdict::Empty;
    }
    match kind {
        Kind::Conversation => conversation(facts),
        Kind::Message => message(facts),
    }
}

fn coercion_dominates(facts: &Facts) -> bool {
    facts.pressure >= COERCIVE_PRESSURE || facts.coercive_errors > 0
}

fn conversation(f: &Facts) -> Verdict {
    if f.coercive == 0 && too_little_negotiation(f) && !one_voice(f) {
        return Verdict::Neutral;
    }
    // Resigned assent is recorded only under another party's pressure (dialogue.rs).
    let pressured = f.speaking().any(|(_, p)| p.resigned.is_some() || p.assent_under_pressure);
    // Everyone said yes, but coercion dominates the conversation: an agreement was
    // reached, and not a free one (TAXONOMY: coercive is "no free agreement").
    if f.any_assent() && pressured || f.all_assent() && coercion_dominates(f) {
        return Verdict::PressuredAgreement;
    }
    // Needs are on the table when every party stated its own (a request, an offer, a
    // refusal, a question, or an explicit "that works for us": saying the terms meet
    // your needs is a position too; a bare "ok" is not), or when someone asked about or
    // acknowledged them and at least two parties put something of their own forward:
    // a trade, not one side's list with the other saying "okay".
    let needs_voiced = (f.interests_heard && voices(f) >= 2) || f.speaking().all(|(_, p)| stated(p) || p.questions > 0);
    let low_pressure = f.pressure < COERCIVE_PRESSURE && f.coercive_errors == 0;
    // Something was offered or traded (a proposal one side made and the other took
    // counts), or both sides did more than trade courtesies.
    let give_and_take = f.proposals > 0 || !f.accepted.is_empty() || f.substantive >= 2;
    if f.all_assent() && needs_voiced && give_and_take && low_pressure && !dictated(f) {
        return Verdict::MutualAgreement;
    }
    if coercion_dominates(f) {
        return Verdict::Coercive;
    }
    if f.coercive > 0 || one_party_only(f) || one_voice(f) {
        return Verdict::OneSided;
    }
    if f.mutual > 0 {
        return Verdict::WorkingTowardAgreement;
    }
    Verdict::Neutral
}

/// Nothing on the table: no proposal, position or request at all (a stand-up, small
/// talk: neutral whatever its assents and thanks), or a single move that nobody took up.
fn too_little_negotiation(f: &Facts) -> bool {
    let requests: u32 = f.parties.iter().map(|p| p.requests).sum();
    let stakes = f.proposals + f.positions + requests + f.accepted.len() as u32;
    let negotiation = f.positions + f.proposals + f.substantive;
    stakes == 0 || (negotiation < 2 && f.accepted.is_empty() && !f.all_assent())
}

/// A party put something of its own forward: a request, an offer, a refusal, an
/// explicit acceptance, or a proposal another party took.
fn stated(p: &Party) -> bool {
    p.requests + p.proposals + p.refusals + p.accepts + p.offers_taken > 0
}

/// How many parties put something of their own forward.
fn voices(f: &Facts) -> usize {
    f.speaking().filter(|(_, p)| stated(p)).count()
}

/// One party made the requests, and nobody asked about or acknowledged the others, or
/// the others put nothing of their own forward (sympathy is not a say in the outcome).
fn one_party_only(f: &Facts) -> bool {
    let requests: Vec<u32> = f.speaking().map(|(_, p)| p.requests).collect();
    let total: u32 = requests.iter().sum();
    let top = requests.iter().copied().max().unwrap_or(0);
    total >= 2 && top * 4 >= total * 3 && (!f.interests_heard || f.substantive <= 1 || voices(f) < 2)
}

/// One party holds the floor and decides, and the others only said "okay": they made
/// no request, proposal or refusal of their own. That is not mutual, whoever assents.
fn dictated(f: &Facts) -> bool {
    let Some((top, _)) = f.speaking().max_by_key(|(_, p)| p.words) else { return false };
    one_voice(f) && f.speaking().all(|(i, p)| i == top || p.requests + p.proposals + p.refusals == 0)
}

/// Share of all words above which one party holds the floor.
const DOMINANT_SHARE: f32 = 0.6;
/// Below this many words there is too little talk to call anyone dominant.
const DOMINANT_MIN_WORDS: u32 = 90;

/// One party holds the floor and imposes without hearing anyone: most of the words in
/// a conversation long enough to judge, at least one demand or decision, no question
/// about or acknowledgement of the others' needs, and at most one offer. Whether the
/// others push back or only say "okay", their voice does not shape the outcome. (A
/// long explanation with no demand — a help-desk call, an onboarding tour — is not
/// one-sided.)
fn one_voice(f: &Facts) -> bool {
    let total: u32 = f.speaking().map(|(_, p)| p.words).sum();
    let Some((_, dominant)) = f.speaking().max_by_key(|(_, p)| p.words) else { return false };
    total >= DOMINANT_MIN_WORDS
        && dominant.words as f32 >= DOMINANT_SHARE * total as f32
        && !dominant.heard_others
        && dominant.proposals <= 1
        && dominant.requests >= 1
}

fn message(f: &Facts) -> Verdict {
    if coercion_dominates(f) {
        return Verdict::Coercive;
    }
    if f.coercive > 0 {
        return Verdict::OneSided;
    }
    // "Thanks!", "Deal.", "hi": one word shows no stance toward the reader.
    if f.words() <= 1 {
        return Verdict::Neutral;
    }
    // A lone apology or appeal to a rule is politeness; good faith opens a door or does
    // more than one thing.
    if f.opening > 0 || f.substantive >= 2 {
        return Verdict::GoodFaith;
    }
    if f.positions >= 2 {
        return Verdict::OneSided;
    }
    Verdict::Neutral
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_explained_rules_name_every_verdict() {
        for v in Verdict::ALL {
            assert!(VERDICT_RULES.contains(v.as_str()), "explain --verdicts does not mention {}", v.as_str());
        }
    }
}
