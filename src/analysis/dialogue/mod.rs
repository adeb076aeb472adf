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
//! The pass is linear in turns and keeps one open proposal and one entry per party;
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
    /// The speaking party.
    pub party: usize,
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

/// The pass's state between turns.
struct State<'a> {
    turns: &'a [Moves],
    out: Outcome,
    open: Option<Open>,
    /// The last acceptance of a deal (turn, party), for commitments that act on it.
    last_accept: Option<(usize, usize)>,
    /// Per turn: the speaker turned another party's proposal down or countered it.
    held: Vec<bool>,
}

/// Runs the pass over `turns` for `parties` parties.
pub fn track(turns: &[Moves], parties: usize) -> Outcome {
    let mut st = State {
        turns,
        out: Outcome { stances: vec![Stance::default(); parties], accepted: vec![] },
        open: None,
        last_accept: None,
        held: vec![false; turns.len()],
    };
    for (t, m) in turns.iter().enumerate() {
        let pending = st.open.filter(|o| o.party != m.party && t - o.turn <= PROPOSAL_REACH);
        let pressured = pressured_before(turns, t, m.party);
        let overborne = pressured || held_before(turns, &st.held, t, m.party);
        let answer = answer(m, pending, overborne);
        st.held[t] = m.refuses || (pending.is_some() && matches!(answer, Answer::Counter | Answer::Reject));
        let terms = |m: &Moves| Open { turn: t, party: m.party, item: Item::Terms { concrete: m.concrete } };
        st.open = match answer {
            Answer::Accept { resigned } => st.accept(t, pending, resigned),
            Answer::Conditional => Some(Open { turn: t, party: m.party, item: Item::Terms { concrete: true } }),
            Answer::Counter => Some(terms(m)),
            // "No, I need that" after an earlier yes, or "let me think about it": the
            // package is not settled, and the speaker's yes waits for terms taken again.
            Answer::Reject => {
                st.out.stances[m.party].assent = None;
                None
            }
            Answer::Defer => {
                st.out.stances[m.party].assent = None;
                Some(Open { turn: t, party: m.party, item: Item::Deferral })
            }
            Answer::Other => {
                st.follow_up(t);
                st.open
            }
        };
    }
    st.out
}

impl State<'_> {
    /// Turn `t` accepts `pending` (or, with nothing pending, says yes on its own).
    /// Returns what is on the table next.
    fn accept(&mut self, t: usize, pending: Option<Open>, resigned: bool) -> Option<Open> {
        let m = &self.turns[t];
        if pending.is_some_and(|o| o.item == Item::Deferral) {
            return None;
        }
        let pressured = pressured_before(self.turns, t, m.party);
        if resigned {
            self.out.stances[m.party].resigned.get_or_insert(t as u32);
        } else {
            assent(&mut self.out.stances[m.party], t, pressured);
        }
        if let Some(o) = pending.or_else(|| self.terms_just_named(t)) {
            assent(&mut self.out.stances[o.party], t, pressured_before(self.turns, t, o.party));
            if matches!(o.item, Item::Terms { .. }) {
                let (proposed, accepted) = (o.turn as u32, t as u32);
                self.out.accepted.push(Accepted { proposed, by: o.party, accepted, to: m.party });
            }
        }
        self.last_accept = Some((t, m.party));
        // Naming the deal invites the other side's yes; new terms are a proposal; a
        // plain acceptance waits for the other side's "ok".
        let item = if m.closes {
            Item::Closure
        } else if m.proposes {
            Item::Terms { concrete: m.concrete }
        } else {
            Item::Acceptance
        };
        Some(Open { turn: t, party: m.party, item })
    }

    /// "That would work for me" right after another party named concrete terms takes
    /// those terms, even when no proposal shape was recognised in them ("I'll concede:
    /// I'll take the firewood, one water and one food"). Only an explicit acceptance
    /// phrase looks back like this; a bare "ok" does not.
    fn terms_just_named(&self, t: usize) -> Option<Open> {
        let m = &self.turns[t];
        let before = t.checked_sub(1).map(|u| (u, &self.turns[u]))?;
        (m.assents && before.1.party != m.party && before.1.names_terms).then_some(Open {
            turn: before.0,
            party: before.1.party,
            item: Item::Terms { concrete: true },
        })
    }

    /// "Great, I'll send the paperwork on Monday": acting on a deal another party just
    /// took is taking it.
    fn follow_up(&mut self, t: usize) {
        let m = &self.turns[t];
        let after_accept = self.last_accept.is_some_and(|(u, by)| by != m.party && t - u <= FOLLOW_UP_REACH);
        if m.commits && after_accept {
            let pressured = pressured_before(self.turns, t, m.party);
            assent(&mut self.out.stances[m.party], t, pressured);
        }
    }
}

fn assent(s: &mut Stance, turn: usize, pressured: bool) {
    if s.assent.is_none() {
        s.assent = Some(turn as u32);
    }
    s.under_pressure |= pressured;
}

/// Whether another party's coercion came within [`PRESSURE_REACH`] turns before `t`.
fn pressured_before(turns: &[Moves], t: usize, party: usize) -> bool {
    turns[t.saturating_sub(PRESSURE_REACH)..t].iter().any(|u| u.party != party && u.pressure >= TAINTING_WEIGHT)
}

/// Whether another party held its ground (see [`track`]) within [`PRESSURE_REACH`]
/// turns before `t`.
fn held_before(turns: &[Moves], held: &[bool], t: usize, party: usize) -> bool {
    let from = t.saturating_sub(PRESSURE_REACH);
    turns[from..t].iter().zip(&held[from..t]).any(|(u, &h)| h && u.party != party)
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
        let mut m = Moves { party, ..Moves::default() };
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
