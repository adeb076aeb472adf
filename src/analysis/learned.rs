//! Learned findings: the trained scorer's judgement on each sentence the lexicon left
//! alone. Where a rule of a family fired (or was found and set aside as negated or
//! quoted), the rule's precise message wins and the scorer stays quiet for that family;
//! a sentence with coercion gets no learned mutual finding (a charming threat is still a
//! threat). The same goes for a rule the profile does not run: the lexicon knows the
//! sentence as a clause this profile keeps quiet on ("we reserve the right", auto-renewal
//! outside `policy-strict`, TAXONOMY.md), so the scorer does not report it either.

use crate::context::Candidate;
use crate::lexicon::lists::{words, WordList};
use crate::lexicon::{Family, Lexicon, Profile};
use crate::model::{Feature, Model};
use crate::text::{flags, Segmented, Terminal};

use super::scan::{Hit, Learned, HELD_BACK};
use super::settings::Settings;

/// The most evidence items a learned finding lists.
const EVIDENCE: usize = 3;

/// Words too common to explain a score on their own ("you", "the"): as evidence they are
/// shown only as part of a pair, "keep your job" (`evidence.function-words`).
const FUNCTION_WORDS: &[&str] = words(WordList::FunctionWords);

/// Judges a turn's sentences, reusing its buffer between turns.
#[derive(Debug, Default)]
pub struct Judge {
    features: Vec<Feature>,
    /// Per sentence of the turn: which families a lexicon rule already covers (fired, or
    /// held back by the profile).
    covered: Vec<[bool; 2]>,
    /// Per sentence of the turn: a coercive rule fired there.
    coerced: Vec<bool>,
}

/// The turn being judged.
pub struct Turn<'a> {
    pub text: &'a str,
    pub seg: &'a Segmented,
    pub index: u32,
    pub speaker: Option<u32>,
    pub quoted: bool,
}

impl Judge {
    /// Appends learned hits for the sentences of `turn` to `hits`, given the turn's
    /// lexicon candidates.
    #[allow(clippy::too_many_arguments)]
    pub fn turn(
        &mut self,
        model: &Model,
        lexicon: &Lexicon,
        settings: &Settings,
        profile: Profile,
        turn: &Turn,
        cands: &[Candidate],
        hits: &mut Vec<Hit>,
    ) {
        let seg = turn.seg;
        self.cover(lexicon, seg.sentences.len(), cands);
        for (s, sentence) in seg.sentences.iter().enumerate() {
            if sentence.words.is_empty() {
                continue;
            }
            let [coercive_rule, mutual_rule] = self.covered[s];
            if coercive_rule && mutual_rule {
                continue;
            }
            // Most sentences are scored without storing a feature; only one that passes a
            // threshold has its features built, to pick a category and show evidence.
            let p = model.families_of(seg, s);
            let coercive_passes = !coercive_rule && p[0] >= model.threshold(Family::Coercive);
            let mutual_passes = !mutual_rule && p[1] >= model.threshold(Family::Mutual);
            if !coercive_passes && !mutual_passes {
                continue;
            }
            self.features.clear();
            crate::model::features::extract(seg, s..s + 1, &mut self.features);
            let mut coercive = self.coerced[s];
            for (family, blocked, prob) in
                [(Family::Coercive, coercive_rule, p[0]), (Family::Mutual, mutual_rule, p[1])]
            {
                if blocked || prob < model.threshold(family) || (family == Family::Mutual && coercive) {
                    continue;
                }
                let judged = model.judge(&self.features, family);
                if !model.reports(family, judged.category) {
                    continue;
                }
                let rule = lexicon.learned_rule(family, judged.category);
                if !settings.active(lexicon, rule, profile) {
                    continue;
                }
                coercive |= family == Family::Coercive;
                hits.push(self.hit(model, lexicon, turn, s, family, rule, prob));
            }
        }
    }

    /// Marks, per sentence, the families a rule covers and whether coercion fired.
    fn cover(&mut self, lexicon: &Lexicon, sentences: usize, cands: &[Candidate]) {
        self.covered.clear();
        self.covered.resize(sentences, [false; 2]);
        self.coerced.clear();
        self.coerced.resize(sentences, false);
        for c in cands.iter().filter(|c| c.dropped.is_none_or(|why| why == HELD_BACK)) {
            let family = match lexicon.rule(c.rule).family {
                Family::Coercive => 0,
                Family::Mutual => 1,
                Family::Signal => continue,
            };
            self.covered[c.sentence][family] = true;
            // A clause the profile keeps quiet on is no coercion that outweighs a good move.
            self.coerced[c.sentence] |= family == 0 && c.dropped.is_none();
        }
    }

    /// The stretches of the sentence whose features weighed most toward `family`, as
    /// written: overlapping and adjacent features are joined ("keep your" and "your job"
    /// are "keep your job"), and a function word alone is no evidence.
    fn evidence(&self, model: &Model, turn: &Turn, family: Family) -> Vec<String> {
        let seg = turn.seg;
        let mut spans: Vec<(u32, u32)> = vec![];
        for (i, _) in model.evidence(&self.features, family, EVIDENCE * 4) {
            let f = self.features[i];
            if f.first == u32::MAX || (f.first == f.last && FUNCTION_WORDS.contains(&seg.word(f.first as usize))) {
                continue;
            }
            match spans.iter().position(|&(a, b)| f.first <= b + 1 && f.last + 1 >= a) {
                Some(i) => spans[i] = (spans[i].0.min(f.first), spans[i].1.max(f.last)),
                None if spans.len() < EVIDENCE => spans.push((f.first, f.last)),
                None => {}
            }
        }
        let mut out: Vec<String> = vec![];
        for (a, b) in spans {
            let said = turn.text[seg.words[a as usize].src_start..seg.words[b as usize].src_end].to_string();
            if !out.iter().any(|e| e.contains(&said) || said.contains(e.as_str())) {
                out.push(said);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        model: &Model,
        lexicon: &Lexicon,
        turn: &Turn,
        s: usize,
        family: Family,
        rule: u32,
        prob: f32,
    ) -> Hit {
        let seg = turn.seg;
        let sentence = &seg.sentences[s];
        let (first, last) = (seg.words[sentence.words.start], seg.words[sentence.words.end - 1]);
        let all_quoted = sentence.words.clone().all(|i| seg.words[i].flags & flags::QUOTED != 0);
        let evidence = self.evidence(model, turn, family);
        Hit {
            rule,
            turn: turn.index,
            speaker: turn.speaker,
            span: first.src_start..last.src_end,
            sentence: sentence.src.clone(),
            weight: lexicon.rule(rule).weight * prob,
            negated: false,
            quoted: turn.quoted || all_quoted,
            in_question: sentence.terminal == Terminal::Question,
            learned: Some(Box::new(Learned { confidence: prob, evidence })),
        }
    }
}
