//! From findings to facts the verdict and score need: per-party assent, pressure,
//! requests, proposals, acknowledgements and commitments. Who assented is settled by
//! the dialogue pass ([`dialogue::Tracker`]) over what each turn does.

use std::collections::VecDeque;

use crate::input::Conversation;
use crate::lexicon::{Category, Family, Lexicon, Severity};

use super::dialogue::{self, Accepted, Moves};
use super::scan::{Hit, TurnStats};
use super::settings::Settings;

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
    /// Turn of the first free assent, direct or by a proposal accepted
    /// ([`dialogue::Tracker`]).
    pub assent: Option<u32>,
    /// Turn of a resigned assent given under another party's pressure.
    pub resigned: Option<u32>,
    /// Assent came within a few turns after another party's coercion.
    pub assent_under_pressure: bool,
    /// Refusals.
    pub refusals: u32,
    /// Explicit acceptances ("that works for us", "deal"), not a bare "ok".
    pub accepts: u32,
    /// Its proposals another party accepted (some are found only by the acceptance:
    /// "£120 and I'll drop it round" — "I'll do that deal").
    pub offers_taken: u32,
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
    /// Proposals one party made and another accepted.
    pub accepted: Vec<Accepted>,
}

/// Mutual hits weighing less than this are good manners (thanks, small talk) rather
/// than negotiation; the lexicon's weights say which is which.
const SUBSTANTIVE_WEIGHT: f32 = 0.8;

/// Mutual categories that open the door to the other side: asking, offering, leaving
/// them free, framing the problem as shared, showing they were heard.
const OPENING: &[Category] =
    &[Category::Interests, Category::Options, Category::Autonomy, Category::Joint, Category::Acknowledge];

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

    /// Words spoken by everyone.
    pub fn words(&self) -> u32 {
        self.parties.iter().map(|p| p.words).sum()
    }

    /// Someone assented, freely or resigned.
    pub fn any_assent(&self) -> bool {
        self.speaking().any(|(_, p)| p.assent.is_some() || p.resigned.is_some())
    }
}

/// Facts gathered one hit and one turn at a time, in text order, so the analysis of a
/// large text never holds all of its hits nor anything per turn: per party, and per
/// turn with counted hits not yet done (what the turn does to the deal on the table),
/// never per hit. A turn's moves go to the dialogue pass ([`dialogue::Tracker`]) as
/// soon as its statistics come ([`Collector::turn`]), after its hits.
pub struct Collector<'a> {
    conv: &'a Conversation,
    lexicon: &'a Lexicon,
    settings: &'a Settings,
    facts: Facts,
    /// The moves of the turns with counted hits not yet passed on, by turn index, in
    /// order.
    moves: VecDeque<(u32, Moves)>,
    /// The dialogue pass, fed each turn as it is done.
    tracker: dialogue::Tracker,
    /// The index of the next turn to pass on.
    next: usize,
}

impl<'a> Collector<'a> {
    /// A collector for one conversation.
    pub fn new(conv: &'a Conversation, lexicon: &'a Lexicon, settings: &'a Settings) -> Self {
        let n = conv.speakers.len() + 1;
        let facts = Facts { parties: vec![Party::default(); n], ..Facts::default() };
        let tracker = dialogue::Tracker::new(n);
        Collector { conv, lexicon, settings, facts, moves: VecDeque::new(), tracker, next: 0 }
    }

    fn idx(&self, s: Option<u32>) -> usize {
        s.map_or(self.facts.parties.len() - 1, |s| s as usize)
    }

    /// Where the moves of turn `t` are in [`Collector::moves`], made when its first
    /// counted hit comes (hits come in order, so at the end).
    fn moves_of(&mut self, t: u32) -> usize {
        match self.moves.back() {
            Some((last, _)) if *last == t => return self.moves.len() - 1,
            Some((last, _)) if *last < t => {
                let party = self.idx(self.conv.turns[t as usize].speaker()) as u32;
                self.moves.push_back((t, Moves { party, ..Moves::default() }));
                return self.moves.len() - 1;
            }
            _ => {}
        }
        match self.moves.binary_search_by_key(&t, |(turn, _)| *turn) {
            Ok(i) => i,
            Err(i) => {
                let party = self.idx(self.conv.turns[t as usize].speaker()) as u32;
                self.moves.insert(i, (t, Moves { party, ..Moves::default() }));
                i
            }
        }
    }

    /// Adds one hit; hits come in text order.
    pub fn add(&mut self, h: &Hit) {
        if !h.counts() {
            return;
        }
        let party = self.idx(h.speaker);
        let rule = self.lexicon.rule(h.rule);
        let conv = self.conv;
        let i = self.moves_of(h.turn);
        let m = &mut self.moves[i].1;
        let facts = &mut self.facts;
        let p = &mut facts.parties[party];
        let sentence = || near(&conv.text, h);
        match (rule.family, &rule.category) {
            (Family::Coercive, cat) => {
                p.coercive += 1;
                p.pressure += h.weight;
                facts.coercive += 1;
                facts.pressure += h.weight;
                m.pressure += h.weight;
                if self.settings.severity[h.rule as usize] == Severity::Error {
                    facts.coercive_errors += 1;
                }
                // A demand is terms on the table, however it is put. (The dialogue reads
                // the shapes the lexicon names; a trained scorer's finding weighs as
                // pressure but says nothing about which terms were put.)
                if DEMANDS.contains(cat) && h.learned.is_none() {
                    m.proposes = true;
                    m.concrete = true;
                }
            }
            (Family::Mutual, cat) => {
                p.mutual += 1;
                facts.mutual += 1;
                if h.weight >= SUBSTANTIVE_WEIGHT && *cat != Category::Rapport {
                    p.substantive += 1;
                    facts.substantive += 1;
                }
                if OPENING.contains(cat) {
                    facts.opening += 1;
                }
                if matches!(cat, Category::Interests | Category::Acknowledge) {
                    p.heard_others = true;
                    facts.interests_heard = true;
                }
                if matches!(cat, Category::Options | Category::Criteria) {
                    p.proposals += 1;
                    facts.proposals += 1;
                }
                if *cat == Category::Options && h.learned.is_none() {
                    m.proposes = true;
                    m.concrete = m.concrete || dialogue::concrete(sentence());
                }
            }
            (Family::Signal, Category::Request) => {
                p.requests += 1;
                // A request with its reason is firm but fair, not a position taken.
                if h.weight >= SUBSTANTIVE_WEIGHT {
                    facts.positions += 1;
                }
                m.proposes = true;
                m.concrete = m.concrete || dialogue::concrete(sentence());
            }
            (Family::Signal, Category::Concession | Category::Proposal | Category::ConditionalAssent) => {
                p.proposals += 1;
                facts.proposals += 1;
                m.proposes = true;
                m.concrete = m.concrete || rule.category != Category::Concession || dialogue::concrete(sentence());
                m.conditional |= rule.category == Category::ConditionalAssent;
            }
            (Family::Signal, Category::Refusal) => {
                p.refusals += 1;
                facts.positions += 1;
                m.refuses = true;
            }
            (Family::Signal, Category::FairnessClaim) => facts.positions += 1,
            // "Could we at least split it quarterly?" is on the table for the dialogue;
            // it is not counted as an offer made (it may only ask a favour).
            (Family::Signal, Category::Question) if dialogue::asks_to_do(sentence()) => {
                m.proposes = true;
                m.concrete = m.concrete || dialogue::concrete(sentence());
            }
            (Family::Signal, Category::Commitment) => {
                p.commitments += 1;
                m.commits = true;
            }
            // "Agreed?", "Could we agree on a 60-40 split?", "Do we have a deal?": asking
            // for a yes is proposing.
            (Family::Signal, Category::Assent | Category::Closure) if h.in_question => {
                p.proposals += 1;
                facts.proposals += 1;
                m.proposes = true;
                m.concrete = true;
            }
            (Family::Signal, Category::Assent) => {
                m.assents = true;
                p.accepts += 1;
            }
            (Family::Signal, Category::Closure) => m.closes = true,
            (Family::Signal, Category::ResignedAssent) => m.resigned = true,
            (Family::Signal, Category::Deferral) => m.defers = true,
            _ => {}
        }
    }

    /// Turn `ti`'s statistics (`None` when it has none), once all of its hits were added
    /// ([`Collector::add`]): the turn's moves, made from its hits and its statistics,
    /// go to the dialogue pass. Turns come in order.
    pub fn turn(&mut self, ti: usize, st: Option<&TurnStats>) {
        debug_assert_eq!(ti, self.next, "turns come in order");
        let conv = self.conv;
        let turn = &conv.turns[ti];
        let n = self.facts.parties.len();
        let idx = |s: Option<u32>| s.map_or(n - 1, |s| s as usize);
        let facts = &mut self.facts;
        // A turn's hits all come before it is passed on; none is left behind.
        while self.moves.front().is_some_and(|(t, _)| (*t as usize) < ti) {
            debug_assert!(false, "a hit came after its turn");
            self.moves.pop_front();
        }
        let mut m = match self.moves.front() {
            Some((t, _)) if *t as usize == ti => self.moves.pop_front().expect("a front").1,
            _ => Moves { party: idx(turn.speaker()) as u32, ..Moves::default() },
        };
        if let Some(st) = st.filter(|_| !turn.quoted()) {
            let p = &mut facts.parties[idx(turn.speaker())];
            p.words += st.words;
            p.turns += 1;
            p.questions += st.questions;
            m.resigned |= st.sigh;
            // Read by the scan (scan::opening), on its threads.
            m.opener = st.opener;
            m.contrast = st.contrast;
            // Terms in passing ("£450.", "so 2 for me and 1 for you?") are offers made.
            // The first part was read on the scanning threads.
            if dialogue::bare_terms(st.digit, st.words) || (st.questions > 0 && st.terms_question) {
                m.proposes = true;
                m.concrete = true;
                p.proposals += 1;
                facts.proposals += 1;
            }
        }
        // "That works for me" takes the terms named just before it: look for them only there.
        if m.assents {
            if let Some(before) = self.tracker.last_mut() {
                before.names_terms = first_part(conv, ti - 1).is_some_and(dialogue::names_quantities);
            }
        }
        self.tracker.push(m);
        self.next = ti + 1;
    }

    /// The facts, once every turn was passed on (a turn not passed on counts as one
    /// without statistics).
    pub fn finish(mut self) -> Facts {
        for ti in self.next..self.conv.turns.len() {
            self.turn(ti, None);
        }
        let outcome = self.tracker.finish();
        let facts = &mut self.facts;
        for (p, stance) in facts.parties.iter_mut().zip(&outcome.stances) {
            p.assent = stance.assent;
            p.assent_under_pressure = stance.under_pressure;
            p.resigned = stance.resigned;
        }
        for a in &outcome.accepted {
            facts.parties[a.by].offers_taken += 1;
        }
        facts.accepted = outcome.accepted;
        self.facts
    }
}

/// The text of the first part of turn `t` (a turn's opening words are there).
fn first_part(conv: &Conversation, t: usize) -> Option<&str> {
    conv.parts_of(&conv.turns[t]).first().map(|p| &conv.text[p.range()])
}

/// The most bytes of a hit's sentence read on either side of it. A sentence can be a
/// whole megabyte of unpunctuated text with thousands of hits; reading it all for each
/// hit would be quadratic, and the terms a proposal names sit next to it.
const NEAR_BYTES: usize = 240;

/// The hit's sentence, clipped to [`NEAR_BYTES`] on either side of the hit.
fn near<'t>(text: &'t str, h: &Hit) -> &'t str {
    let mut start = h.span.start.saturating_sub(NEAR_BYTES).max(h.sentence.start);
    let mut end = (h.span.end + NEAR_BYTES).min(h.sentence.end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end.max(start)]
}

/// Coercive categories that make a demand: terms the other side can give in to.
const DEMANDS: &[Category] = &[Category::Ultimatum, Category::Threat, Category::FalseDilemma, Category::CommitmentTrap];
