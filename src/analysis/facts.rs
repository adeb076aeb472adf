//! From findings to facts the verdict and score need: per-party assent, pressure,
//! requests, proposals, acknowledgements and commitments.

use crate::input::Conversation;
use crate::lexicon::{Family, Lexicon, Severity};

use super::scan::{Hit, TurnStats};
use super::settings::Settings;

/// How many turns after coercion an assent counts as given under that pressure: a
/// threat hangs over the rest of a conversation, not just the next reply.
const PRESSURE_REACH: u32 = 12;
/// Coercion weight at which pressure before an assent taints it.
const TAINTING_WEIGHT: f32 = 0.9;

/// What one party did.
#[derive(Debug, Clone, Default)]
pub struct Party {
    /// Words spoken.
    pub words: u32,
    /// Turns taken.
    pub turns: u32,
    /// Questions asked.
    pub questions: u32,
    /// Counted coercive findings and their weight.
    pub coercive: u32,
    /// Weighted coercion.
    pub pressure: f32,
    /// Counted mutual findings.
    pub mutual: u32,
    /// Mutual findings beyond thanks and small talk.
    pub substantive: u32,
    /// Requests, demands and stated positions.
    pub requests: u32,
    /// Options, trade-offs and concessions offered.
    pub proposals: u32,
    /// Commitments with an owner and a time.
    pub commitments: u32,
    /// Asked about or acknowledged another party's interests.
    pub heard_others: bool,
    /// Turn of the first free assent, direct or by a proposal accepted.
    pub assent: Option<u32>,
    /// Turn of a resigned assent.
    pub resigned: Option<u32>,
    /// Assent came within a few turns after another party's coercion.
    pub assent_under_pressure: bool,
    /// Refusals.
    pub refusals: u32,
}

/// Facts about the whole conversation or message.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Per speaker, by index; an extra last entry holds unattributed text.
    pub parties: Vec<Party>,
    /// Weighted counted coercion.
    pub pressure: f32,
    /// Counted coercive findings.
    pub coercive: u32,
    /// Counted coercive findings at error severity.
    pub coercive_errors: u32,
    /// Counted mutual findings.
    pub mutual: u32,
    /// Substantive mutual findings.
    pub substantive: u32,
    /// Mutual findings that open the door to the other side (see [`OPENING`]).
    pub opening: u32,
    /// Interests asked about or acknowledged by anyone.
    pub interests_heard: bool,
    /// Options, trade-offs and concessions by anyone.
    pub proposals: u32,
    /// Requests, positions and refusals: the stuff of negotiation.
    pub positions: u32,
}

/// Mutual hits weighing less than this are good manners (thanks, small talk) rather
/// than negotiation; the lexicon's weights say which is which.
const SUBSTANTIVE_WEIGHT: f32 = 0.8;

/// Mutual categories that open the door to the other side: asking, offering, leaving
/// them free, framing the problem as shared, showing they were heard.
const OPENING: &[&str] = &["interests", "options", "autonomy", "joint", "acknowledge"];

impl Facts {
    /// The parties who spoke (speakers with a turn), by index.
    pub fn speaking(&self) -> impl Iterator<Item = (usize, &Party)> {
        self.parties.iter().enumerate().filter(|(_, p)| p.turns > 0)
    }

    /// Number of speaking parties.
    pub fn party_count(&self) -> usize {
        self.speaking().count()
    }

    /// Every speaking party assented freely.
    pub fn all_assent(&self) -> bool {
        self.party_count() >= 2 && self.speaking().all(|(_, p)| p.assent.is_some())
    }

    /// Someone assented, freely or resigned.
    pub fn any_assent(&self) -> bool {
        self.speaking().any(|(_, p)| p.assent.is_some() || p.resigned.is_some())
    }
}

/// Facts gathered one hit at a time, in text order, so the analysis of a large text
/// never holds all of its hits: per party and per turn, never per hit.
pub struct Collector<'a> {
    conv: &'a Conversation,
    lexicon: &'a Lexicon,
    settings: &'a Settings,
    facts: Facts,
    /// Per turn: coercion weight, whether it proposed, whether it committed.
    turn_pressure: Vec<f32>,
    turn_proposes: Vec<bool>,
    turn_commits: Vec<bool>,
    /// Free assents as (turn, party), in order; one per turn and party is all the
    /// assent rules need.
    assents: Vec<(u32, usize)>,
    /// Per party, the turn of the first resigned assent in words; a sigh, known only
    /// from the turn statistics at the end, comes first.
    resigned_said: Vec<Option<u32>>,
}

impl<'a> Collector<'a> {
    /// A collector for one conversation.
    pub fn new(conv: &'a Conversation, lexicon: &'a Lexicon, settings: &'a Settings) -> Self {
        let n = conv.speakers.len() + 1;
        let turns = conv.turns.len();
        Collector {
            conv,
            lexicon,
            settings,
            facts: Facts { parties: vec![Party::default(); n], ..Facts::default() },
            turn_pressure: vec![0.0; turns],
            turn_proposes: vec![false; turns],
            turn_commits: vec![false; turns],
            assents: vec![],
            resigned_said: vec![None; n],
        }
    }

    fn idx(&self, s: Option<u32>) -> usize {
        s.map_or(self.facts.parties.len() - 1, |s| s as usize)
    }

    /// Adds one hit; hits come in text order.
    pub fn add(&mut self, h: &Hit) {
        if !h.counts() {
            return;
        }
        let party = self.idx(h.speaker);
        let rule = self.lexicon.rule(h.rule);
        let facts = &mut self.facts;
        let p = &mut facts.parties[party];
        let t = h.turn as usize;
        match (rule.family, rule.category.as_str()) {
            (Family::Coercive, _) => {
                p.coercive += 1;
                p.pressure += h.weight;
                facts.coercive += 1;
                facts.pressure += h.weight;
                self.turn_pressure[t] += h.weight;
                if self.settings.severity[h.rule as usize] == Severity::Error {
                    facts.coercive_errors += 1;
                }
            }
            (Family::Mutual, cat) => {
                p.mutual += 1;
                facts.mutual += 1;
                if h.weight >= SUBSTANTIVE_WEIGHT && cat != "rapport" {
                    p.substantive += 1;
                    facts.substantive += 1;
                }
                if OPENING.contains(&cat) {
                    facts.opening += 1;
                }
                if matches!(cat, "interests" | "acknowledge") {
                    p.heard_others = true;
                    facts.interests_heard = true;
                }
                if matches!(cat, "options" | "criteria") {
                    p.proposals += 1;
                    facts.proposals += 1;
                    self.turn_proposes[t] = true;
                }
            }
            (Family::Signal, "request") => {
                p.requests += 1;
                // A request with its reason is firm but fair, not a position taken.
                if h.weight >= SUBSTANTIVE_WEIGHT {
                    facts.positions += 1;
                }
                self.turn_proposes[t] = true;
            }
            (Family::Signal, "concession") => {
                p.proposals += 1;
                facts.proposals += 1;
                self.turn_proposes[t] = true;
            }
            (Family::Signal, "refusal") => {
                p.refusals += 1;
                facts.positions += 1;
            }
            (Family::Signal, "fairness-claim") => facts.positions += 1,
            (Family::Signal, "commitment") => {
                p.commitments += 1;
                self.turn_commits[t] = true;
            }
            // "Agreed?", "Could we agree on a 60-40 split?": asking for a yes is proposing.
            (Family::Signal, "assent") if h.in_question => {
                p.proposals += 1;
                facts.proposals += 1;
                self.turn_proposes[t] = true;
            }
            (Family::Signal, "assent") if self.assents.last() != Some(&(h.turn, party)) => {
                self.assents.push((h.turn, party));
            }
            (Family::Signal, "resigned-assent") => {
                self.resigned_said[party].get_or_insert(h.turn);
                // Giving in is a position taken in a negotiation.
                facts.positions += 1;
            }
            _ => {}
        }
    }

    /// The facts, given every turn's statistics.
    pub fn finish(mut self, stats: &[TurnStats]) -> Facts {
        for (ti, (turn, st)) in self.conv.turns.iter().zip(stats).enumerate() {
            if turn.quoted {
                continue;
            }
            let party = self.idx(turn.speaker);
            let p = &mut self.facts.parties[party];
            p.words += st.words;
            p.turns += 1;
            p.questions += st.questions;
            if st.sigh {
                p.resigned.get_or_insert(ti as u32);
                self.facts.positions += 1;
            }
        }
        for (p, said) in self.facts.parties.iter_mut().zip(&self.resigned_said) {
            p.resigned = p.resigned.or(*said);
        }
        let turns =
            TurnFlags { pressure: &self.turn_pressure, proposes: &self.turn_proposes, commits: &self.turn_commits };
        let n = self.facts.parties.len();
        let idx = |s: Option<u32>| s.map_or(n - 1, |s| s as usize);
        settle_assent(self.conv, &mut self.facts, &self.assents, &turns, idx);
        self.facts
    }
}

/// Per-turn facts the assent rules look back and forward at.
struct TurnFlags<'a> {
    pressure: &'a [f32],
    proposes: &'a [bool],
    commits: &'a [bool],
}

/// How far back the proposal an assent accepts may be.
const PROPOSAL_REACH: usize = 4;
/// How soon after another's assent a commitment counts as taking the deal.
const FOLLOW_UP_REACH: usize = 2;

/// Free assent per party: direct; by having made the proposal another party accepts;
/// or by committing to act right after another party's assent. And whether it came
/// right after another party's coercion.
fn settle_assent(
    conv: &Conversation,
    facts: &mut Facts,
    assents: &[(u32, usize)],
    flags: &TurnFlags,
    idx: impl Fn(Option<u32>) -> usize,
) {
    let speaker = |t: usize| idx(conv.turns[t].speaker);
    for &(turn, party) in assents {
        if facts.parties[party].resigned.is_some_and(|r| r <= turn) {
            continue;
        }
        let t = turn as usize;
        let pressured = (t.saturating_sub(PRESSURE_REACH as usize)..t)
            .any(|u| speaker(u) != party && flags.pressure[u] >= TAINTING_WEIGHT);
        let p = &mut facts.parties[party];
        p.assent.get_or_insert(turn);
        p.assent_under_pressure |= pressured;
        // The proposer of what was accepted assents too (TAXONOMY.md "Assent").
        let proposer = (t.saturating_sub(PROPOSAL_REACH)..t).rev().find(|&u| speaker(u) != party && flags.proposes[u]);
        if let Some(u) = proposer {
            facts.parties[speaker(u)].assent.get_or_insert(u as u32);
        }
        // "Great, I'll send the paperwork on Monday": acting on the deal is taking it.
        for u in t + 1..(t + 1 + FOLLOW_UP_REACH).min(conv.turns.len()) {
            if speaker(u) != party && flags.commits[u] {
                facts.parties[speaker(u)].assent.get_or_insert(u as u32);
            }
        }
    }
}
