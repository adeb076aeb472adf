//! Questions: asking about a tactic is not using it ("Is this your final offer?"). A
//! rule marked `questions = "keep"` stays counted ("What is wrong with you?"), and a tag
//! question is a statement with a demand for agreement, not a question ("Sign it
//! today, okay?").

use super::{Candidate, Ctx};
use crate::lexicon::{Family, QuestionMode};
use crate::text::{flags, Terminal};

/// Short endings that turn a statement into a tag question.
const TAGS: &[&str] = &[
    "okay",
    "right",
    "understood",
    "got it",
    "clear",
    "is that clear",
    "am i clear",
    "do you understand",
    "you understand",
    "yes",
    "yeah",
    "alright",
    "all right",
    "agreed",
    "deal",
    "got that",
    "you hear me",
    "do you hear me",
    "capisce",
    "understand",
    "ya know",
    "see",
];

/// Drops coercive candidates that sit inside a real question.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() || ctx.family(c) != Family::Coercive {
            continue;
        }
        if ctx.lexicon.rule(c.rule).questions == QuestionMode::Keep {
            continue;
        }
        let sentence = &ctx.seg.sentences[c.sentence];
        if sentence.terminal == Terminal::Question && !is_tag_question(ctx, sentence.words.clone(), c.words.end) {
            c.dropped = Some("asked about, not used");
        }
    }
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
            ("Sign it today, or what do you think?", &[]),
            ("What matters most to you?", &["mutual.interests.matters"]),
            ("Final offer. Any questions?", &["coercive.ultimatum.final"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
