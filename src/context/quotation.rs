//! Quotation and reported speech: words in quotation marks, or after someone else's
//! reporting verb ("he said", "the email says", "they threatened to"), are not the
//! current speaker's act. The speaker's own "I said" or "I'm telling you" is their act.

use super::window::is_clause_word;
use super::{Candidate, Ctx, Window};
use crate::lexicon::lists::{words, WordList};
use crate::text::flags;

/// Verbs that report what someone else said or wrote (`quotation.reporting`).
const REPORTING: &[&str] = words(WordList::Reporting);

/// Reporting verbs that are also nouns ("late claims", "the states"): they report
/// only after a pronoun or a determiner and noun (`quotation.noun-like`).
const NOUN_LIKE: &[&str] = words(WordList::NounLikeReporting);

/// Subjects whose reports are someone else's words (`quotation.others`).
const OTHERS: &[&str] = words(WordList::Reporters);

/// Adverbs that may sit between a subject and its verb, "he just said" (`quotation.adverbs`).
const ADVERBS: &[&str] = words(WordList::ReportingAdverbs);

/// Marks quoted and reported candidates.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut() {
        if c.dropped.is_some() {
            continue;
        }
        let w = ctx.window(c);
        // A phrase that opens or closes inside the quotes is the quoted words; one that
        // only spans a quotation in its middle is the speaker's own frame around it
        // ("not sure what part of \"by Friday\" was unclear").
        let quoted = |i: usize| ctx.seg.words[i].flags & flags::QUOTED != 0;
        let in_quotes = quoted(c.words.start) || quoted(c.words.end - 1);
        c.quoted = in_quotes || reported_before(ctx, &w) || reported_after(ctx, &w);
    }
}

/// "He said take it or leave it", "he said: take it…", "according to the email, …".
/// The report must govern the hit's clause: "you said you'd sign, so sign today"
/// reports the first clause only.
fn reported_before(ctx: &Ctx, w: &Window) -> bool {
    for j in w.before() {
        let word = w.word(j);
        let reporting = REPORTING.contains(&word);
        // A clause boundary may only separate the hit from the verb that reports it.
        if (w.clause_before(j + 1) && !reporting) || is_clause_word(word) {
            // "According to the memo, it's …": the source names a whole clause.
            return (j.saturating_sub(6).max(w.floor)..=j).any(|k| w.phrase_at(k, "according to"));
        }
        if word == "according" && w.phrase_at(j, "according to") {
            return true;
        }
        if reporting {
            return someone_else_before(ctx, w, j);
        }
    }
    false
}

/// "Take it or leave it, he said.", "Rules are rules, says the sign.", "…, according to
/// the memo." The report must follow the hit's clause directly.
fn reported_after(ctx: &Ctx, w: &Window) -> bool {
    let Some(first) = w.after().next() else { return false };
    if !w.clause_before(first) {
        return false;
    }
    let (a, b) = (first, first + 1);
    let word = |i: usize| if i < w.ceiling { w.word(i) } else { "" };
    let subject_then_verb = REPORTING.contains(&word(b)) && is_other(ctx, a);
    let verb_then_subject =
        REPORTING.contains(&word(a)) && b < w.ceiling && (DETERMINERS.contains(&word(b)) || is_other(ctx, b));
    subject_then_verb || verb_then_subject || w.phrase_at(a, "according to")
}

/// Words that start a noun phrase naming who reported ("says the sign"). This and
/// [`MODALS`] are closed grammatical classes, so they stay in the code.
const DETERMINERS: &[&str] = &["the", "a", "an", "my", "his", "her", "their", "our", "your", "this", "that"];

/// Modals that, with "have", make a report hypothetical: "you could have said …".
const MODALS: &[&str] = &["could", "would", "should", "might", "must", "may"];

/// The subject of the reporting verb at `verb` is someone other than the speaker, or
/// nobody: "you could have said X", "I should have told them X" report words never said.
fn someone_else_before(ctx: &Ctx, w: &Window, verb: usize) -> bool {
    let mut j = verb;
    while j > w.floor && ADVERBS.contains(&w.word(j - 1)) {
        j -= 1;
    }
    if hypothetical(w, j) {
        return true;
    }
    if j == 0 || j <= w.floor.min(verb) {
        return false;
    }
    let subject = j - 1;
    if NOUN_LIKE.contains(&w.word(verb)) {
        return OTHERS.contains(&w.word(subject));
    }
    is_other(ctx, subject)
}

/// "could have" / "should of" just before word `j`.
fn hypothetical(w: &Window, j: usize) -> bool {
    j >= w.floor + 2 && matches!(w.word(j - 1), "have" | "of") && MODALS.contains(&w.word(j - 2))
}

fn is_other(ctx: &Ctx, i: usize) -> bool {
    let word = ctx.seg.word(i);
    if OTHERS.contains(&word) {
        return true;
    }
    // A name: a capitalised word other than "I".
    word != "i" && is_capitalised_name(ctx, i)
}

fn is_capitalised_name(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.seg.words[i];
    // Only the raw form tells capitalisation; the segmented word keeps its source range.
    ctx.raw(w.src_start..w.src_end).chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn every_word_of_the_code_lists_can_match() {
        crate::lexicon::lists::assert_normalised(super::DETERMINERS);
        crate::lexicon::lists::assert_normalised(super::MODALS);
    }

    #[test]
    fn quotation_and_reported_speech() {
        let lex =
            lexicon(&[("coercive.ultimatum.tioli", &["take it or leave it"]), ("coercive.threat.quit", &["quit"])]);
        let cases: &[(&str, bool)] = &[
            ("Take it or leave it.", true),
            ("She said \"take it or leave it\" and walked out.", false),
            ("He told me take it or leave it.", false),
            ("Rick said take it or leave it, which was rude.", false),
            ("The email says take it or leave it.", false),
            ("According to the memo, it's take it or leave it.", false),
            ("Take it or leave it, he said.", false),
            ("Take it or leave it, says the sign on the wall.", false),
            ("Take it or leave it, according to the memo.", false),
            ("Take it or leave it, said Rick.", false),
            ("Take it or leave it, I said.", true),
            ("Take it or leave it, the deadline is Friday.", true),
            ("As I said, take it or leave it.", true),
            ("I'm telling you, take it or leave it.", true),
            ("They basically said take it or leave it.", false),
            ("He threatened to quit last year.", false),
            ("Late claims will result in take it or leave it terms.", true),
            ("The email claims take it or leave it.", false),
            ("You could have said take it or leave it.", false),
            ("I should of told him take it or leave it.", false),
            ("I have said take it or leave it.", true),
        ];
        for (text, counts) in cases {
            let got = outcome(&lex, text);
            assert_eq!(got.len(), 1, "{text:?}");
            assert_eq!(got[0].1, *counts, "{text:?}");
        }
    }
}
