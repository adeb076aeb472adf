//! Fillers: in speech a lone "whatever" is as often a verbal shrug the speaker talks
//! through ("I'll draw a penguin. Whatever. I can't draw.") as a refusal aimed at the
//! other side. A stonewalling hit that is a one-word interjection (after "yeah", "oh",
//! "um" …) counts only when it stands alone: the speaker's whole reply, or the end of
//! a reply that said nothing else. When the same turn says something more, just before
//! or just after it, the interjection is a filler and is dropped. Commands and longer
//! refusals ("Drop it.", "I'm not discussing this") are never fillers.

use super::{Candidate, Ctx};
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::{Category, Family};

/// Discourse markers and hesitations: words that carry no content of their own
/// (`filler.markers`).
const MARKERS: &[&str] = words(WordList::Fillers);

/// How many sentences before the interjection are looked at: enough to pass over a
/// "Yeah." or "Mm." to the sentence that carried content, and no more, so the rule
/// stays bounded however long the turn is.
const LOOK_BACK: usize = 3;

/// Drops one-word stonewalling interjections that the speaker talks through.
pub fn apply(ctx: &Ctx, candidates: &mut [Candidate]) {
    for c in candidates.iter_mut().filter(|c| c.dropped.is_none()) {
        if ctx.family(c) != Family::Coercive || *ctx.category(c) != Category::Stonewalling {
            continue;
        }
        if is_interjection(ctx, c) && talks_on(ctx, c.sentence) {
            c.dropped = Some("filler");
        }
    }
}

/// The hit is the only content word of its sentence.
fn is_interjection(ctx: &Ctx, c: &Candidate) -> bool {
    let content: Vec<usize> = content_words(ctx, c.sentence).collect();
    content.len() == 1 && c.words.contains(&content[0])
}

/// The same turn goes on after the interjection, or said something just before it.
fn talks_on(ctx: &Ctx, sentence: usize) -> bool {
    let says_something = |s: usize| content_words(ctx, s).next().is_some();
    // A refusal ends the reply; going on after it, even with "so, um", is talking through.
    let after = sentence + 1 < ctx.seg.sentences.len() && !ctx.seg.sentences[sentence + 1].words.is_empty();
    after || (sentence.saturating_sub(LOOK_BACK)..sentence).any(says_something)
}

fn content_words<'a>(ctx: &'a Ctx, sentence: usize) -> impl Iterator<Item = usize> + 'a {
    ctx.seg.sentences[sentence].words.clone().filter(|&i| !MARKERS.contains(&ctx.seg.word(i)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{lexicon, outcome};

    #[test]
    fn fillers() {
        let lex = lexicon(&[
            ("coercive.stonewalling.whatever", &["^ whatever $", "^ {yeah|oh} whatever $"]),
            ("coercive.stonewalling.drop", &["^ drop it $"]),
            ("coercive.contempt.shut", &["^ shut up $"]),
        ]);
        let cases: &[(&str, &[&str])] = &[
            // The whole reply: a refusal.
            ("Whatever.", &["coercive.stonewalling.whatever"]),
            ("Yeah, whatever.", &["coercive.stonewalling.whatever"]),
            ("Mm. Yeah. Whatever.", &["coercive.stonewalling.whatever"]),
            // Hyphenated hesitations are read as two words ("uh huh", "mm hmm").
            ("Uh-huh. Whatever.", &["coercive.stonewalling.whatever"]),
            ("Mm-hmm. Whatever.", &["coercive.stonewalling.whatever"]),
            // Talked through: a filler.
            ("I'll sketch a cat. Whatever. I can't draw anyway.", &[]),
            ("Whatever. Something along those lines.", &[]),
            ("Yeah, or use the red one. Whatever.", &[]),
            ("Yeah, whatever. I'll go after Sam.", &[]),
            ("Yeah, whatever. Yeah. So um", &[]),
            // Commands and other categories are never fillers.
            ("Drop it. I mean it.", &["coercive.stonewalling.drop"]),
            ("Shut up. I'm talking.", &["coercive.contempt.shut"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = outcome(&lex, text).into_iter().filter(|x| x.1).map(|x| x.0).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
