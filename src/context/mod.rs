//! Context rules: how a raw lexicon hit becomes a finding. Each rule is one file with its
//! table of cases at the bottom; [`RULES`] is the list, applied in order. A rule looks only
//! at a bounded window of words around each hit, so the analyser stays linear however
//! long a sentence is.

mod because;
mod conditional;
mod contrast;
mod filler;
mod hedge;
mod naming;
mod negation;
mod question;
mod quotation;
mod sarcasm;
mod target;
mod window;

use std::ops::Range;

use crate::lexicon::{Category, Family, Lexicon, RuleIdx};
use crate::text::Segmented;

pub use window::Window;

/// A hit on its way to becoming a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The rule.
    pub rule: RuleIdx,
    /// Word indexes in the segmented turn.
    pub words: Range<usize>,
    /// The sentence holding the first word.
    pub sentence: usize,
    /// How much it counts (the rule's weight, adjusted by context).
    pub weight: f32,
    /// A negator covers it.
    pub negated: bool,
    /// Inside quotation marks or reported speech: not the speaker's own act.
    pub quoted: bool,
    /// Removed by a context rule (asked about, a trap, or outweighed); never reported.
    pub dropped: Option<&'static str>,
}

impl Candidate {
    /// Counts toward the verdict: not negated, quoted or dropped.
    pub fn counts(&self) -> bool {
        !self.negated && !self.quoted && self.dropped.is_none()
    }
}

/// What a context rule sees: the turn and the rules' metadata.
pub struct Ctx<'a> {
    /// The text the turn's words point into.
    pub text: &'a str,
    /// The segmented turn.
    pub seg: &'a Segmented,
    /// The lexicon the hits come from.
    pub lexicon: &'a Lexicon,
}

impl Ctx<'_> {
    /// Raw source text.
    pub fn raw(&self, range: Range<usize>) -> &str {
        &self.text[range]
    }

    /// The family of a candidate's rule.
    pub fn family(&self, c: &Candidate) -> Family {
        self.lexicon.rule(c.rule).family
    }

    /// The category of a candidate's rule.
    pub fn category(&self, c: &Candidate) -> &Category {
        &self.lexicon.rule(c.rule).category
    }

    /// A window of words around a candidate, within its sentence.
    pub fn window(&self, c: &Candidate) -> Window<'_> {
        Window::new(self.seg, c.sentence, c.words.clone())
    }
}

/// A context rule: adjusts the candidates of one turn, in text order.
pub struct ContextRule {
    /// Its name, for `--debug-hits`.
    pub name: &'static str,
    /// What it does.
    pub apply: fn(&Ctx, &mut [Candidate]),
}

/// Every context rule, in the order they apply. Quotation goes first (a quoted threat
/// is reported, not made); contrast goes last, once the coercion after a "but" is known.
pub const RULES: &[ContextRule] = &[
    ContextRule { name: "quotation", apply: quotation::apply },
    ContextRule { name: "negation", apply: negation::apply },
    ContextRule { name: "question", apply: question::apply },
    ContextRule { name: "target", apply: target::apply },
    ContextRule { name: "conditional", apply: conditional::apply },
    ContextRule { name: "hedge", apply: hedge::apply },
    ContextRule { name: "because", apply: because::apply },
    ContextRule { name: "naming", apply: naming::apply },
    ContextRule { name: "filler", apply: filler::apply },
    ContextRule { name: "sarcasm", apply: sarcasm::apply },
    ContextRule { name: "contrast", apply: contrast::apply },
];

/// Applies every rule in [`RULES`].
pub fn apply_all(ctx: &Ctx, candidates: &mut [Candidate]) {
    for rule in RULES {
        (rule.apply)(ctx, candidates);
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs the context rules on one text with a small inline lexicon.
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::text::{Part, Segmenter};

    /// A lexicon with one rule per (id, patterns) line.
    pub fn lexicon(rules: &[(&str, &[&str])]) -> Lexicon {
        let mut b = Lexicon::builder().embedded(false);
        for (id, patterns) in rules {
            let mut parts = id.splitn(3, '.');
            let (family, category) = (parts.next().unwrap(), parts.next().unwrap());
            let extra = if id.ends_with("-keepq") { "questions = \"keep\"\n" } else { "" };
            let extra = if id.ends_with("-cond") { "requires = \"condition\"\n" } else { extra };
            let src = format!(
                "family = \"{family}\"\ncategory = \"{category}\"\n[[rules]]\nid = \"{id}\"\nseverity = \"warning\"\nmessage = \"m\"\nsuggestion = \"s\"\n{extra}patterns = {patterns:?}\n"
            );
            b = b.source(format!("{id}.toml"), src);
        }
        b.build().unwrap()
    }

    /// The surviving candidates of `text` as `rule-id:flags` strings, after `rules` run.
    pub fn run(lex: &Lexicon, text: &str) -> Vec<Candidate> {
        let mut seg = Segmented::default();
        Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
        let mut raw = vec![];
        lex.matcher().find(&seg, &mut raw);
        let mut cands: Vec<Candidate> = raw
            .iter()
            .filter(|h| !h.exception)
            .map(|h| Candidate {
                rule: h.rule,
                words: h.words.clone(),
                sentence: seg.sentence_of(h.words.start),
                weight: 1.0,
                negated: false,
                quoted: false,
                dropped: None,
            })
            .collect();
        apply_all(&Ctx { text, seg: &seg, lexicon: lex }, &mut cands);
        cands
    }

    /// `(rule id, counts, weight)` for each candidate not dropped.
    pub fn outcome(lex: &Lexicon, text: &str) -> Vec<(String, bool, f32)> {
        run(lex, text)
            .into_iter()
            .filter(|c| c.dropped.is_none())
            .map(|c| (lex.rule(c.rule).id.clone(), c.counts(), (c.weight * 100.0).round() / 100.0))
            .collect()
    }
}
