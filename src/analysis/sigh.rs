//! A sigh of assent: "Okay. Okay." or "...okay" — a yes repeated to itself, or dragged
//! out after an ellipsis, is resignation, not free agreement. Phrases cannot see across
//! sentence ends, so this looks at the turn's sentences.

use crate::text::Segmented;

/// Single words that say yes.
const YES: &[&str] = &["okay", "fine", "alright", "right", "sure", "yeah", "yes", "whatever"];

/// True when the turn holds a sigh of assent.
pub fn sighs(seg: &Segmented, text: &str) -> bool {
    let single = |s: &crate::text::Sentence| (s.words.len() == 1).then(|| seg.word(s.words.start));
    let repeated =
        seg.sentences.windows(2).any(|p| single(&p[0]).is_some_and(|a| YES.contains(&a) && single(&p[1]) == Some(a)));
    let trailing =
        (0..seg.words.len()).any(|i| YES.contains(&seg.word(i)) && after_ellipsis(text, seg.words[i].src_start));
    repeated || trailing
}

/// The text right before `pos` ends in an ellipsis ("...okay", "… fine").
fn after_ellipsis(text: &str, pos: usize) -> bool {
    let before = text[..pos].trim_end();
    before.ends_with("...") || before.ends_with('…')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Part, Segmenter};

    #[test]
    fn sighs_of_assent() {
        let cases = [
            ("Okay. Okay. We'll come on the 25th.", true),
            ("...okay, go on then.", true),
            ("Fine… fine.", true),
            ("Okay. Sounds good.", false),
            ("Okay, see you then.", false),
            ("Right. Right. Whatever you say.", true),
            ("Yes. Let's do it.", false),
        ];
        for (text, want) in cases {
            let mut seg = Segmented::default();
            Segmenter::new().segment(text, &[Part { range: 0..text.len(), hard_break: false }], &mut seg);
            assert_eq!(sighs(&seg, text), want, "{text:?}");
        }
    }
}
