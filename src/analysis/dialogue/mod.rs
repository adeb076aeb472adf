//! Agreement as dialogue (TAXONOMY.md "Verdicts"): one pass over the turns that keeps
//! the proposal on the table and who made it. Each turn is reduced to what it does to
//! that proposal — accepts it (outright, or on a condition that the other side then
//! takes), counters it with terms of its own, rejects it, or says a deal was reached —
//! and an acceptance settles it: the one who accepts and the one who proposed have both
//! assented. A bare "ok" or "yep" accepts only a concrete proposal (quantities, a price,
//! a day), or a statement that a deal was reached; "thanks" or "we do" accepts only the
//! latter. Putting the decision off ("let me think about it") sets the speaker's
//! earlier yes aside: the deal is not settled yet.
//!
//! Pressure comes from a party: an assent is pressured when another party's coercion
//! came shortly before it. A resigned "fine, I suppose" counts as resigned when another
//! party coerced, or held its ground — turned a proposal down or answered it with its
//! own terms — shortly before: one side then concedes under the other's pressure. With
//! neither, it is a plain if grudging yes to what is on the table, and on its own it
//! says nothing (an outside constraint — "the vendor moved the freeze, so we have no
//! choice" — is nobody's pressure).
//!
//! The pass is linear in turns and keeps one open proposal, one entry per party and the
//! last [`PRESSURE_REACH`] turns;
//! how a turn's words are read (its opening, its terms) is in [`reading`].

mod reading;

pub use reading::{
    asks_to_do, bare_terms, concrete, has_digit, names_quantities, opener, terms_question, turns_on_contrast, Opener,
};

/// How many turns back the proposal an answer settles may be.
const PROPOSAL_REACH: usize = 4;
/// How many turns after coercion an assent counts as given under that pressure: a
/// threat hangs over the rest of a conversation, not just the next reply.
pub const PRESSURE_REACH: usize = 12;
/// Coercion weight in a turn at which it taints the assents after it.
const TAINTING_WEIGHT: f32 = 0.9;
/// How soon after another's acceptance a commitment counts as taking the deal.
const FOLLOW_UP_REACH: usize = 2;

/// What one turn does, from its counted findings and its opening words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moves {
    /// The speaking party (a `u32`: a conversation keeps one of these per turn).
    pub party: u32,
    /// Puts terms on the table: a proposal, an offer, a trade, a request, a demand.
    pub proposes: bool,
    /// The terms are concrete (quantities, a price, a day, an allocation).
    pub concrete: bool,
    /// An assent phrase outside a question ("that works for us", "deal").
    pub assents: bool,
    /// Says a deal was reached ("glad we came to an agreement").
    pub closes: bool,
    /// Accepts on a condition ("that works for me, if …").
    pub conditional: bool,
    /// Refuses ("that doesn't work for us").
    pub refuses: bool,
    /// A resigned yes ("fine, I guess", "okay. okay.").
    pub resigned: bool,
    /// Commits to act with an owner and a time.
    pub commits: bool,
    /// Puts the decision off ("let me think about it").
    pub defers: bool,
    /// Weighted coercion in the turn.
    pub pressure: f32,
    /// How the turn opens.
    pub opener: Opener,
    /// The turn turns on a "but", "however" or "counter" somewhere.
    pub contrast: bool,
    /// The turn names quantities or money, whether or not a proposal shape was
    /// recognised: what a "that works for me" right after it takes.
    pub names_terms: bool,
}

impl Moves {
    /// The speaking party's index.
    pub fn party(&self) -> usize {
        self.party as usize
    }
}

/// One party's standing at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stance {
    /// Turn of the first free assent: direct, or by having its proposal accepted.
    pub assent: Option<u32>,
    /// An assent came shortly after another party's coercion.
    pub under_pressure: bool,
    /// Turn of a resigned yes given under another party's pressure.
    pub resigned: Option<u32>,
}

/// A proposal one party made and another accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    /// Turn of the proposal.
    pub proposed: u32,
    /// Who proposed.
    pub by: usize,
    /// Turn of the acceptance.
    pub accepted: u32,
    /// Who accepted.
    pub to: usize,
}

/// What the pass found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Per party.
    pub stances: Vec<Stance>,
    /// Accepted proposals, in order.
    pub accepted: Vec<Accepted>,
}

/// What a turn does to the open proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Takes it, freely or (`resigned`) not.
    Accept { resigned: bool },
    /// Takes it if the other side takes a condition: a proposal of its own.
    Conditional,
    /// New terms instead.
    Counter,
    /// Turns it down.
    Reject,
    /// Puts the decision off: the speaker's earlier yes no longer stands.
    Defer,
    /// Talks about something else.
    Other,
}

/// What is on the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    /// Terms: a proposal, a counter, a condition.
    Terms { concrete: bool },
    /// A statement that a deal was reached, waiting to be confirmed.
    Closure,
    /// A request to put the decision off ("would it be okay if I came back to you?"):
    /// agreeing to wait is not agreeing to the deal.
    Deferral,
    /// An acceptance: the other side's "ok" in reply confirms the deal on its side too.
    Acceptance,
}

/// The item on the table and who put it there.
#[derive(Debug, Clone, Copy)]
struct Open {
    turn: usize,
    party: usize,
    item: Item,
}

/// The pass, fed one turn at a time: of the turns before, it keeps the last one and,
/// for coercion and for holding one's ground, the latest two by different parties
/// (enough to tell whether anyone but a given party did it within [`PRESSURE_REACH`]),
/// so a conversation of millions of turns costs no more than a short one, and each
/// turn a few comparisons.
pub struct Tracker {
    /// The turn before the next one.
    last: Option<Moves>,
    /// The latest turns that coerced (see [`TAINTING_WEIGHT`]).
    coerced: Latest,
    /// The latest turns whose speaker turned another party's proposal down or
    /// countered it.
    held: Latest,
    /// The index of the next turn.
    next: usize,
    out: Outcome,
    open: Option<Open>,
    /// The last acceptance of a deal (turn, party), for commitments that act on it.
    last_accept: Option<(usize, usize)>,
}

/// The latest two turns, by different parties, that did something: (party, turn).
#[derive(Debug, Clone, Copy, Default)]
struct Latest([Option<(usize, usize)>; 2]);

impl Latest {
    /// Party `party` did it in turn `turn`, the latest yet.
    fn note(&mut self, party: usize, turn: usize) {
        match self.0[0] {
            Some((p, _)) if p == party => self.0[0] = Some((party, turn)),
            first => self.0 = [Some((party, turn)), first],
        }
    }

    /// Whether a party other than `party` did it within [`PRESSURE_REACH`] turns before
    /// turn `t`: the latest is by another party, or else the one before it is.
    fn by_other(&self, party: usize, t: usize) -> bool {
        self.0.iter().flatten().any(|&(p, u)| p != party && t - u <= PRESSURE_REACH)
    }
}

/// Runs the pass over `turns` for `parties` parties.
#[cfg(test)]
fn track(turns: &[Moves], parties: usize) -> Outcome {
    let mut tracker = Tracker::new(parties);
    turns.iter().for_each(|m| tracker.push(*m));
    tracker.finish()
}

impl Tracker {
    /// A pass for `parties` parties.
    pub fn new(parties: usize) -> Self {
        Tracker {
            last: None,
            coerced: Latest::default(),
            held: Latest::default(),
            next: 0,
            out: Outcome { stances: vec![Stance::default(); parties], accepted: vec![] },
            open: None,
            last_accept: None,
        }
    }

    /// The turn before the next one, to say it named terms (see [`Moves::names_terms`])
    /// once the next one turns out to take them.
    pub fn last_mut(&mut self) -> Option<&mut Moves> {
        self.last.as_mut()
    }

    /// The next turn.
    pub fn push(&mut self, m: Moves) {
        let t = self.next;
        let pending = self.open.filter(|o| o.party != m.party() && t - o.turn <= PROPOSAL_REACH);
        let pressured = self.pressured_before(m.party());
        let overborne = pressured || self.held_before(m.party());
        let answer = answer(&m, pending, overborne);
        let held = m.refuses || (pending.is_some() && matches!(answer, Answer::Counter | Answer::Reject));
        let terms = |m: &Moves| Open { turn: t, party: m.party(), item: Item::Terms { concrete: m.concrete } };
        self.open = match answer {
            Answer::Accept { resigned } => self.accept(t, &m, pending, resigned),
            Answer::Conditional => Some(Open { turn: t, party: m.party(), item: Item::Terms { concrete: true } }),
            Answer::Counter => Some(terms(&m)),
            // "No, I need that" after an earlier yes, or "let me think about it": the
            // package is not settled, and the speaker's yes waits for terms taken again.
            Answer::Reject => {
                self.out.stances[m.party()].assent = None;
                None
            }
            Answer::Defer => {
                self.out.stances[m.party()].assent = None;
                Some(Open { turn: t, party: m.party(), item: Item::Deferral })
            }
            Answer::Other => {
                self.follow_up(t, &m);
                self.open
            }
        };
        if m.pressure >= TAINTING_WEIGHT {
            self.coerced.note(m.party(), t);
        }
        if held {
            self.held.note(m.party(), t);
        }
        self.last = Some(m);
        self.next += 1;
    }

    /// What the pass found.
    pub fn finish(self) -> Outcome {
        self.out
    }

    /// Turn `t`, `m`, accepts `pending` (or, with nothing pending, says yes on its own).
    /// Returns what is on the table next.
    fn accept(&mut self, t: usize, m: &Moves, pending: Option<Open>, resigned: bool) -> Option<Open> {
        if pending.is_some_and(|o| o.item == Item::Deferral) {
            return None;
        }
        let pressured = self.pressured_before(m.party());
        if resigned {
            self.out.stances[m.party()].resigned.get_or_insert(t as u32);
        } else {
            assent(&mut self.out.stances[m.party()], t, pressured);
        }
        if let Some(o) = pending.or_else(|| self.terms_just_named(t, m)) {
            let pressured = self.pressured_before(o.party);
            assent(&mut self.out.stances[o.party], t, pressured);
            if matches!(o.item, Item::Terms { .. }) {
                let (proposed, accepted) = (o.turn as u32, t as u32);
                self.out.accepted.push(Accepted { proposed, by: o.party, accepted, to: m.party() });
            }
        }
        self.last_accept = Some((t, m.party()));
        // Naming the deal invites the other side's yes; new terms are a proposal; a
        // plain acceptance waits for the other side's "ok".
        let item = if m.closes {
            Item::Closure
        } else if m.proposes {
            Item::Terms { concrete: m.concrete }
        } else {
            Item::Acceptance
        };
        Some(Open { turn: t, party: m.party(), item })
    }

    /// "That would work for me" right after another party named concrete terms takes
    /// those terms, even when no proposal shape was recognised in them ("I'll concede:
    /// I'll take the firewood, one water and one food"). Only an explicit acceptance
    /// phrase looks back like this; a bare "ok" does not.
    fn terms_just_named(&self, t: usize, m: &Moves) -> Option<Open> {
        let before = self.last.as_ref()?;
        (m.assents && before.party() != m.party() && before.names_terms).then_some(Open {
            turn: t - 1,
            party: before.party(),
            item: Item::Terms { concrete: true },
        })
    }

    /// "Great, I'll send the paperwork on Monday": acting on a deal another party just
    /// took is taking it.
    fn follow_up(&mut self, t: usize, m: &Moves) {
        let after_accept = self.last_accept.is_some_and(|(u, by)| by != m.party() && t - u <= FOLLOW_UP_REACH);
        if m.commits && after_accept {
            let pressured = self.pressured_before(m.party());
            assent(&mut self.out.stances[m.party()], t, pressured);
        }
    }

    /// Whether another party's coercion came within [`PRESSURE_REACH`] turns before the
    /// next turn.
    fn pressured_before(&self, party: usize) -> bool {
        self.coerced.by_other(party, self.next)
    }

    /// Whether another party held its ground (see [`Tracker`]) within [`PRESSURE_REACH`]
    /// turns before the next turn.
    fn held_before(&self, party: usize) -> bool {
        self.held.by_other(party, self.next)
    }
}

fn assent(s: &mut Stance, turn: usize, pressured: bool) {
    if s.assent.is_none() {
        s.assent = Some(turn as u32);
    }
    s.under_pressure |= pressured;
}

/// What turn `m` does to the proposal `pending` (another party's, still in reach);
/// `overborne`: another party coerced or held its ground shortly before.
fn answer(m: &Moves, pending: Option<Open>, overborne: bool) -> Answer {
    if m.defers {
        return Answer::Defer;
    }
    if m.conditional {
        return Answer::Conditional;
    }
    // "I guess I'll accept your offer" after the other side held firm is resigned.
    if m.assents || m.closes {
        return Answer::Accept { resigned: m.resigned && overborne };
    }
    // A resigned yes is resigned only under another party's pressure; with none it is
    // a grudging yes to what is on the table, and alone it says nothing.
    if m.resigned && (overborne || pending.is_some()) {
        return Answer::Accept { resigned: overborne };
    }
    if m.refuses || m.opener == Opener::No {
        return if m.proposes { Answer::Counter } else { Answer::Reject };
    }
    if let Some(o) = pending {
        let short_yes = match (m.opener, o.item) {
            (Opener::Yes, Item::Terms { concrete }) => concrete,
            (Opener::Yes | Opener::Thanks, Item::Closure) | (Opener::Yes, Item::Deferral | Item::Acceptance) => true,
            _ => false,
        };
        // "Ok, I'll take 2 and you the rest" takes the terms and settles the remainder;
        // "yes. However, I'd counter with 3 waters" and "yes I have kids too, so please
        // accept my deal" are counters.
        if short_yes && !(m.proposes && (m.contrast || !m.concrete)) {
            return Answer::Accept { resigned: false };
        }
        if m.commits && !m.proposes {
            return Answer::Accept { resigned: false };
        }
    }
    if m.proposes {
        Answer::Counter
    } else {
        Answer::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A turn by `party` with the moves named in `what` (space-separated).
    fn turn(party: usize, what: &str) -> Moves {
        let mut m = Moves { party: party as u32, ..Moves::default() };
        for w in what.split_whitespace() {
            match w {
                "proposes" => m.proposes = true,
                "concrete" => {
                    m.proposes = true;
                    m.concrete = true
                }
                "assents" => m.assents = true,
                "closes" => m.closes = true,
                "conditional" => m.conditional = true,
                "refuses" => m.refuses = true,
                "resigned" => m.resigned = true,
                "commits" => m.commits = true,
                "defers" => m.defers = true,
                "contrast" => m.contrast = true,
                "terms" => m.names_terms = true,
                "coerces" => m.pressure = 1.0,
                "yes" => m.opener = Opener::Yes,
                "no" => m.opener = Opener::No,
                "thanks" => m.opener = Opener::Thanks,
                other => panic!("unknown move {other}"),
            }
        }
        m
    }

    /// Runs the pass on `(party, moves)` turns: which parties assented, which were
    /// resigned, and which under pressure.
    fn run(turns: &[(usize, &str)]) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
        let moves: Vec<Moves> = turns.iter().map(|(p, w)| turn(*p, w)).collect();
        let out = track(&moves, 3);
        let assent = out.stances.iter().map(|s| s.assent.is_some()).collect();
        let resigned = out.stances.iter().map(|s| s.resigned.is_some()).collect();
        let pressured = out.stances.iter().map(|s| s.under_pressure).collect();
        (assent, resigned, pressured)
    }

    #[test]
    fn an_accepted_proposal_is_assent_on_both_sides() {
        type Case<'a> = (&'a str, &'a [(usize, &'a str)], [bool; 3]);
        let cases: &[Case] = &[
            ("'deal' after a proposal", &[(0, "proposes"), (1, "assents")], [true, true, false]),
            ("'ok' after a concrete proposal", &[(0, "concrete"), (1, "yes")], [true, true, false]),
            ("'ok' after a vague idea is not a deal", &[(0, "proposes"), (1, "yes")], [false, false, false]),
            ("'ok' with nothing on the table", &[(0, ""), (1, "yes")], [false, false, false]),
            ("a counter, then its acceptance", &[(0, "concrete"), (1, "concrete"), (0, "yes")], [true, true, false]),
            (
                "'ok, and I'll take the rest' takes the terms",
                &[(0, "concrete"), (1, "yes concrete")],
                [true, true, false],
            ),
            (
                "'yes. However, I counter with…' does not",
                &[(0, "concrete"), (1, "yes concrete contrast")],
                [false, false, false],
            ),
            (
                "'yes … so please accept my deal' asks instead",
                &[(0, "concrete"), (1, "yes proposes")],
                [false, false, false],
            ),
            ("a refusal settles nothing", &[(0, "concrete"), (1, "refuses")], [false, false, false]),
            (
                "a refusal after a yes takes the yes back",
                &[(0, "concrete"), (1, "assents"), (0, "concrete"), (1, "refuses")],
                [true, false, false],
            ),
            ("'ok' to an acceptance confirms it", &[(0, "proposes"), (1, "assents"), (0, "yes")], [true, true, false]),
            ("an acceptance answered with 'ok'", &[(0, ""), (1, "assents"), (0, "yes")], [true, true, false]),
            (
                "'thanks' to an acceptance confirms nothing",
                &[(0, ""), (1, "assents"), (0, "thanks")],
                [false, true, false],
            ),
            ("'that works for me' takes the terms just named", &[(0, "terms"), (1, "assents")], [true, true, false]),
            ("a bare 'ok' does not look back for terms", &[(0, "terms"), (1, "yes")], [false, false, false]),
            (
                "terms restated with an acceptance are a new proposal",
                &[(0, "concrete"), (1, "assents concrete"), (0, "yes")],
                [true, true, false],
            ),
            (
                "'no' then new terms, accepted",
                &[(0, "concrete"), (1, "no concrete"), (0, "assents")],
                [true, true, false],
            ),
            (
                "a conditional yes counts once the condition is taken",
                &[(0, "concrete"), (1, "conditional"), (0, "yes")],
                [true, true, false],
            ),
            ("a conditional yes left hanging", &[(0, "concrete"), (1, "conditional")], [false, false, false]),
            (
                "a condition met by a commitment",
                &[(0, "proposes"), (1, "conditional"), (0, "commits")],
                [true, true, false],
            ),
            ("'we have a deal' — 'we do'", &[(0, "closes"), (1, "yes")], [true, true, false]),
            ("'glad we agreed' — 'thanks'", &[(0, "closes"), (1, "thanks")], [true, true, false]),
            ("'thanks' does not accept terms", &[(0, "concrete"), (1, "thanks")], [false, false, false]),
            (
                "an answer too late settles nothing",
                &[(0, "concrete"), (1, ""), (0, ""), (1, ""), (0, ""), (1, "yes")],
                [false, false, false],
            ),
            (
                "a group: the third party never said yes",
                &[(0, "concrete"), (1, "assents"), (2, "")],
                [true, true, false],
            ),
            ("acting on the deal is taking it", &[(0, ""), (1, "assents"), (0, "commits")], [true, true, false]),
            (
                "'let me think about it' after a yes",
                &[(0, "concrete"), (1, "assents"), (1, "defers")],
                [true, false, false],
            ),
            (
                "a deferral, then a yes",
                &[(0, "concrete"), (1, "defers"), (0, "concrete"), (1, "yes")],
                [true, true, false],
            ),
            ("a commitment with nothing agreed", &[(0, ""), (1, ""), (0, "commits")], [false, false, false]),
        ];
        for (name, turns, want) in cases {
            assert_eq!(run(turns).0, want, "{name}");
        }
    }

    #[test]
    fn pressure_reaches_twelve_turns_back_and_no_further() {
        for (gap, pressured) in [(PRESSURE_REACH - 1, true), (PRESSURE_REACH, false), (3 * PRESSURE_REACH, false)] {
            let mut turns = vec![(0, "concrete coerces")];
            turns.extend(std::iter::repeat_n((0, ""), gap));
            turns.push((1, "assents"));
            assert_eq!(run(&turns).2, [false, pressured, false], "{gap} turns between");
        }
    }

    #[test]
    fn the_latest_two_by_different_parties_answer_as_the_whole_window_would() {
        // A stream of (party, did it) turns from a small generator; after each, every
        // party's question is asked of `Latest` and of the whole window.
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        let (mut latest, mut all) = (Latest::default(), vec![]);
        for t in 0..5_000usize {
            for party in 0..4 {
                let window = &all[t.saturating_sub(PRESSURE_REACH)..t];
                let want = window.iter().any(|&(p, did)| did && p != party);
                assert_eq!(latest.by_other(party, t), want, "turn {t}, party {party}");
            }
            let (party, did) = (next() as usize % 4, next() % 5 == 0);
            if did {
                latest.note(party, t);
            }
            all.push((party, did));
        }
    }

    #[test]
    fn a_turn_s_moves_stay_small() {
        // The facts keep one per turn until the pass: 4 million one-word turns hold 80 MB
        // of them (they were 32 bytes).
        assert!(std::mem::size_of::<Moves>() <= 20, "{}", std::mem::size_of::<Moves>());
    }

    #[test]
    fn pressure_comes_from_a_party() {
        // (name, turns, assent, resigned, pressured)
        type Case<'a> = (&'a str, &'a [(usize, &'a str)], [bool; 3], [bool; 3], [bool; 3]);
        let cases: &[Case] = &[
            (
                "a resigned yes after a threat",
                &[(0, "concrete coerces"), (1, "resigned")],
                [true, false, false],
                [false, true, false],
                [false, false, false],
            ),
            (
                "a yes after a threat is pressured",
                &[(0, "concrete coerces"), (1, "assents")],
                [true, true, false],
                [false; 3],
                [false, true, false],
            ),
            (
                "a grudging yes with no pressure from anyone",
                &[(0, "concrete"), (1, "resigned")],
                [true, true, false],
                [false; 3],
                [false; 3],
            ),
            (
                "'we have no choice' with nothing on the table",
                &[(0, ""), (1, "resigned")],
                [false; 3],
                [false; 3],
                [false; 3],
            ),
            (
                "a proposal made after the other's coercion is pressured too",
                &[(0, "coerces"), (1, "concrete"), (0, "assents")],
                [true, true, false],
                [false; 3],
                [false, true, false],
            ),
            (
                "a resigned yes after the other side turned the proposal down",
                &[(1, "concrete"), (0, "refuses"), (1, "resigned")],
                [false; 3],
                [false, true, false],
                [false; 3],
            ),
            (
                "a resigned yes after the other side answered with its own terms",
                &[(1, "concrete"), (0, "concrete"), (1, "resigned")],
                [true, false, false],
                [false, true, false],
                [false; 3],
            ),
            (
                "one's own refusal is not pressure on oneself",
                &[(0, "concrete"), (1, "refuses"), (1, "resigned")],
                [false; 3],
                [false; 3],
                [false; 3],
            ),
        ];
        for (name, turns, assent, resigned, pressured) in cases {
            let got = run(turns);
            assert_eq!(
                (got.0.as_slice(), got.1.as_slice(), got.2.as_slice()),
                (&assent[..], &resigned[..], &pressured[..]),
                "{name}"
            );
        }
    }
}
