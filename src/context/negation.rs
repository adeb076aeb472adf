//! Negation (NegEx-style): a negator covers forward to the end of its clause, so a hit
//! it reaches is not the speaker's move ("I'm not saying take it or leave it"). A
//! negator inside the hit is part of the phrase and the phrase wins ("I don't want to
//! hear excuses"). Pseudo-negations ("no problem", "no later than") negate nothing.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::NegationMode;
use crate::text::{flags, NEGATORS};

/// Phrases holding a negator that negate nothing (`negation.pseudo`).
const PSEUDO: &[&str] = words(WordList::PseudoNegations);

/// The furthest (in words) a negator reaches.
const SCOPE: usize = 8;

/// Marks candidates covered by a negator as negated.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.lexicon.rule(c.rule).negation == NegationMode::Ignore {
            continue;
        }
        let w = ctx.window(c);
        let start = c.words.start;
        let before = w
            .clause_before_hit()
            .take_while(|&i| start - i <= SCOPE)
            .any(|i| negates(&w, i) && !in_condition_before_main_clause(&w, i));
        // A negator a gap swallowed ("I will not be able to … by Friday") is not the
        // phrase's own: it negates the hit.
        let spelled = &ctx.lexicon.rule(c.rule).pattern_negators;
        // A negator inside quotation marks belongs to the quoted words ("not sure what
        // part of \"no attachments\" was unclear").
        let quoted = |i: usize| ctx.seg.words[i].flags & flags::QUOTED != 0;
        let inside = c.words.clone().any(|i| negates(&w, i) && !quoted(i) && !spelled.iter().any(|n| n == w.word(i)));
        c.negated = before || inside;
    }
}

// The three lists below are closed grammatical classes this rule's clause finding is
// written in (a subordinate clause, then a subject and an auxiliary), not vocabulary to
// tune, so they stay in the code; a test checks they can match.

/// Words that open a subordinate clause.
const SUBORDINATORS: &[&str] = &["if", "unless", "until", "when", "once", "because", "since", "whether"];
/// Subjects that open a main clause after a subordinate one ("if … don't improve, we will").
const SUBJECTS: &[&str] = &["i", "we", "you", "he", "she", "they", "it"];
/// Auxiliaries that follow such a subject.
const AUXILIARIES: &[&str] =
    &["will", "would", "shall", "can", "could", "may", "might", "must", "are", "am", "is", "have", "had"];

/// True when the negator at `neg` sits in an `if`/`unless`/… clause and a new main
/// clause (subject + auxiliary) starts between it and the hit: "If the numbers don't
/// improve we will terminate" — the negation belongs to the condition.
fn in_condition_before_main_clause(w: &super::Window, neg: usize) -> bool {
    let subordinate = (w.floor..neg).rev().take(SCOPE).any(|i| SUBORDINATORS.contains(&w.word(i)));
    let main_clause = (neg + 1..w.hit.start + 1)
        .any(|i| SUBJECTS.contains(&w.word(i)) && i + 1 < w.ceiling && AUXILIARIES.contains(&w.word(i + 1)));
    subordinate && main_clause
}

fn negates(w: &super::Window, i: usize) -> bool {
    NEGATORS.contains(&w.word(i)) && !is_pseudo(w, i) && !is_answer(w, i)
}

/// Subjects after which a sentence-opening "no" is an answer to what came before, not
/// a negator of what follows: "No I am good with that" (`negation.answer-followers`).
const ANSWER_FOLLOWERS: &[&str] = words(WordList::AnswerFollowers);

/// A "no" that opens its sentence and is followed by a subject: an answer.
fn is_answer(w: &super::Window, i: usize) -> bool {
    w.word(i) == "no" && w.at_sentence_start(i) && i + 1 < w.ceiling && ANSWER_FOLLOWERS.contains(&w.word(i + 1))
}

fn is_pseudo(w: &super::Window, i: usize) -> bool {
    let word = w.word(i);
    PSEUDO.iter().any(|p| p.split(' ').position(|x| x == word).is_some_and(|at| i >= at && w.phrase_at(i - at, p)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};
    use crate::lexicon::lists::assert_normalised;

    #[test]
    fn every_word_of_the_code_lists_can_match() {
        for list in [super::SUBORDINATORS, super::SUBJECTS, super::AUXILIARIES, crate::text::NEGATORS] {
            assert_normalised(list);
        }
    }

    #[test]
    fn negation_scope() {
        let lex = lexicon(&[
            ("coercive.ultimatum.tioli", &["take it or leave it"]),
            ("coercive.ultimatum.final", &["final offer"]),
            ("coercive.ultimatum.decide-now", &["decide today"]),
            ("coercive.stonewalling.excuses", &["i don't want to hear excuses"]),
            ("mutual.autonomy.no-rush", &["no rush"]),
            ("signal.commitment.by-friday", &["{i|we} will <1-6> by friday"]),
            ("mutual.options.split", &["split the difference"]),
            ("coercive.threat.regret", &["you will regret it"]),
            ("coercive.gaslighting.overreacting", &["you are overreacting"]),
        ]);
        // (text, [(rule, counts)])
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("Take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("I'm not saying take it or leave it.", &[("coercive.ultimatum.tioli", false)]),
            ("I would never say take it or leave it.", &[("coercive.ultimatum.tioli", false)]),
            ("It's not a final offer.", &[("coercive.ultimatum.final", false)]),
            ("You don't have to decide today.", &[("coercive.ultimatum.decide-now", false)]),
            ("I'm not happy, but take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("No, take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("No problem, take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("Reply no later than noon, final offer.", &[("coercive.ultimatum.final", true)]),
            ("I don't want to hear excuses.", &[("coercive.stonewalling.excuses", true)]),
            ("There's no rush.", &[("mutual.autonomy.no-rush", true)]),
            ("I will send it by Friday.", &[("signal.commitment.by-friday", true)]),
            ("I will not be able to send it by Friday.", &[("signal.commitment.by-friday", false)]),
            ("If the numbers don't improve it's a final offer.", &[("coercive.ultimatum.final", true)]),
            ("It's not true that this is a final offer.", &[("coercive.ultimatum.final", false)]),
            ("Why don't we split the difference?", &[("mutual.options.split", true)]),
            ("Why not split the difference?", &[("mutual.options.split", true)]),
            ("We won't split the difference.", &[("mutual.options.split", false)]),
            // A negator covers its own sentence and clause only: a standalone "No." or
            // "I said no." is an answer, and what follows it is said in earnest.
            ("No. Take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("I said no. You will regret it.", &[("coercive.threat.regret", true)]),
            ("No. You're overreacting.", &[("coercive.gaslighting.overreacting", true)]),
            ("no you are overreacting", &[("coercive.gaslighting.overreacting", true)]),
            ("Not today; take it or leave it.", &[("coercive.ultimatum.tioli", true)]),
            ("Nope! Final offer.", &[("coercive.ultimatum.final", true)]),
            ("I never said you will regret it.", &[("coercive.threat.regret", false)]),
            ("No one is saying you're overreacting.", &[("coercive.gaslighting.overreacting", false)]),
            (
                "Not one of us ever thought we would need to say that this is a final offer.",
                &[("coercive.ultimatum.final", true)],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(String, bool)> =
                outcome(&lex, text).into_iter().map(|(id, counts, _)| (id, counts)).collect();
            let want: Vec<(String, bool)> = want.iter().map(|(id, c)| (id.to_string(), *c)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
