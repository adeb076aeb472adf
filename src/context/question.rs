//! Questions: asking about a tactic is not using it ("Is this your final offer?"). A
//! rule marked `questions = "keep"` stays counted ("What is wrong with you?"), and a tag
//! question is a statement with a demand for agreement, not a question ("Sign it
//! today, okay?").

use super::{Candidate, Ctx};
use crate::lexicon::lists::{after_first, words, WordList};
use crate::lexicon::{Family, QuestionMode};
use crate::text::{flags, Terminal};

/// Short endings that turn a statement into a tag question (`question.tags`).
const TAGS: &[&str] = words(WordList::Tags);

/// Drops coercive candidates that sit inside a real question, and mutual ones that sit
/// inside a rhetorical one.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.family(c) == Family::Signal {
            continue;
        }
        let sentence = &ctx.seg.sentences[c.sentence];
        if sentence.terminal != Terminal::Question || is_tag_question(ctx, sentence.words.clone(), c.words.end) {
            continue;
        }
        // "Everybody else is fine with it, why aren't you?": only the last clause asks.
        let asking_from = question_clause_start(ctx, sentence.words.clone());
        if c.words.end <= asking_from {
            continue;
        }
        // A rhetorical opening ("why are you always", `question.rhetorical`) is an
        // accusation with a question mark: coercion in it is used, not asked about, and
        // it asks nobody about their interests.
        let after = after_first(WordList::Rhetorical, ctx.seg.word(asking_from));
        let rhetorical = after.iter().any(|rest| rest.is_empty() || phrase_at(ctx, asking_from + 1, rest));
        match (ctx.family(c), rhetorical) {
            (Family::Coercive, false) if ctx.lexicon.rule(c.rule).questions != QuestionMode::Keep => {
                c.dropped = Some("asked about, not used");
            }
            (Family::Mutual, true) => c.dropped = Some("a rhetorical question asks nothing"),
            _ => {}
        }
    }
}

fn phrase_at(ctx: &Ctx, i: usize, phrase: &str) -> bool {
    (i..).zip(phrase.split(' ')).all(|(k, w)| k < ctx.seg.words.len() && ctx.seg.word(k) == w)
}

/// Words that open a question clause: wh-words and auxiliaries, a closed class of the
/// grammar this rule is written in, so a list in the code (contractions are expanded:
/// "isn't" is read as "is not").
const QUESTION_OPENERS: &[&str] = &[
    "what", "why", "how", "when", "where", "who", "which", "whose", "is", "are", "am", "was", "were", "do", "does",
    "did", "can", "could", "would", "will", "should", "shall", "may", "might", "have", "has", "had", "right",
];

/// The first word of the clause that is the question: the last clause of the sentence
/// that starts with a question word, or the sentence start.
fn question_clause_start(ctx: &Ctx, words: std::ops::Range<usize>) -> usize {
    let seg = ctx.seg;
    let boundary = |i: usize| seg.words[i].flags & flags::CLAUSE != 0 || matches!(seg.word(i), "and" | "but" | "so");
    (words.start + 1..words.end)
        .rev()
        .filter(|&i| boundary(i))
        .map(|i| if seg.words[i].flags & flags::CLAUSE != 0 { i } else { i + 1 })
        .find(|&i| i < words.end && QUESTION_OPENERS.contains(&seg.word(i)))
        .unwrap_or(words.start)
}

/// True when the sentence's last clause (after the hit) is a tag like ", okay?".
fn is_tag_question(ctx: &Ctx, words: std::ops::Range<usize>, hit_end: usize) -> bool {
    let seg = ctx.seg;
    let Some(last_clause) = (words.start + 1..words.end).rev().find(|&i| seg.words[i].flags & flags::CLAUSE != 0)
    else {
        return false;
    };
    if last_clause < hit_end || words.end - last_clause > 4 {
        return false;
    }
    let tail: Vec<&str> = (last_clause..words.end).map(|i| seg.word(i)).collect();
    TAGS.contains(&tail.join(" ").as_str())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn every_opener_can_match() {
        crate::lexicon::lists::assert_normalised(super::QUESTION_OPENERS);
    }

    #[test]
    fn questions() {
        let lex = lexicon(&[
            ("coercive.ultimatum.final", &["final offer"]),
            ("coercive.contempt.wrong-keepq", &["what is wrong with you"]),
            ("coercive.ultimatum.sign", &["sign it today"]),
            ("mutual.interests.matters", &["what matters most to you"]),
        ]);
        let cases: &[(&str, &[&str])] = &[
            ("Is this your final offer?", &[]),
            ("This is my final offer.", &["coercive.ultimatum.final"]),
            ("What is wrong with you?", &["coercive.contempt.wrong-keepq"]),
            ("Sign it today, okay?", &["coercive.ultimatum.sign"]),
            ("Sign it today, won't you?", &["coercive.ultimatum.sign"]),
            ("Sign it today, or what do you think?", &[]),
            ("What matters most to you?", &["mutual.interests.matters"]),
            ("Final offer. Any questions?", &["coercive.ultimatum.final"]),
            ("This is my final offer, why are you still arguing?", &["coercive.ultimatum.final"]),
            ("This is my final offer and why would I change it?", &["coercive.ultimatum.final"]),
            ("Honestly, is this your final offer?", &[]),
            ("Why are you always making this my final offer?", &["coercive.ultimatum.final"]),
            ("Why are you so difficult, what matters most to you?", &["mutual.interests.matters"]),
            ("Why are you so obsessed with what matters most to you?", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
