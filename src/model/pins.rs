//! Pins of the scorer's exact output, so its hot path (feature hashing, the family sums)
//! can be made faster without changing a single feature or score: the hashes of a few
//! sentences, and the probabilities a small model trained here gives a few sentences.
//! The model is trained in the test with fixed settings, so a retrained built-in model
//! does not move these numbers; a change to the feature scheme does, and must bump
//! [`super::features::SCHEME`].

use super::data::{parse_written, Featurizer};
use super::features::{self, Feature};
use super::train::{train, Calibration, Settings};
use super::Model;
use crate::lexicon::Family;
use crate::text::{Part, Segmented, Segmenter};

fn segment(text: &str) -> Segmented {
    let mut seg = Segmented::default();
    Segmenter::new().segment(text, &[Part::new(0..text.len(), false)], &mut seg);
    seg
}

fn features_of(text: &str) -> Vec<Feature> {
    let seg = segment(text);
    let mut out = vec![];
    features::extract(&seg, 0..seg.sentences.len(), &mut out);
    out
}

/// One number for a list of features: every hash and word index counts, in order.
fn digest(fs: &[Feature]) -> u64 {
    fs.iter().fold(0xCBF2_9CE4_8422_2325u64, |h, f| {
        [f.hash, f.first as u64, f.last as u64].iter().fold(h, |h, &x| (h ^ x).wrapping_mul(0x0000_0100_0000_01B3))
    })
}

/// Sentences that reach every branch of the feature code: contractions, chat spellings,
/// numbers beside words and beside numbers, negation and its clause limit, quotation,
/// capitals, long words, other scripts, each terminal and each length class.
const SENTENCES: &[&str] = &[
    "You don't get a say.",
    "Sign it NOW or you're OUT!",
    "Only 3 left at 9.99, 2 4 6 and 3pm v2 today?",
    "I will not, under any circumstances, accept this, but we could talk tomorrow",
    "He said \"you will regret it\" and left.",
    "Nobody here is irresponsibly uncooperative; however the counterproposal stands.",
    "naïve CAFÉ owners u know, ok?",
    "What would work for you? What matters most to your team, and what would a fair split look like if we looked at the market rate together over the next two or three weeks of planning?",
    "Well.",
];

#[test]
fn feature_hashes_are_pinned() {
    // "You don't get a say.": every feature of one sentence, with the words it came from.
    let want: &[(u64, u32, u32)] = &[
        (0x317faf609a7b11ce, 0, 0),
        (0xad40055c11a769e6, 0, 0),
        (0xd33e6f44ca5a480d, 1, 1),
        (0x0e281cf59114fcad, 0, 1),
        (0xf65e0327898733e2, 2, 2),
        (0x7e615e9196c88c2e, 1, 2),
        (0x5d213cdc7ec283bd, 3, 3),
        (0x9ed992fe08eea19d, 2, 3),
        (0x20a21adbf135e245, 4, 4),
        (0x6f9ff3fb6de707ca, 3, 4),
        (0xe184922007ce643f, 5, 5),
        (0x4ddb07d97c7d5960, 4, 5),
        (0x3835ab9027c4f747, 5, 5),
        (0xc1e8ee1bc3b0a814, u32::MAX, u32::MAX),
        (0x5adcf7fbf043d273, u32::MAX, u32::MAX),
    ];
    let got: Vec<(u64, u32, u32)> = features_of(SENTENCES[0]).iter().map(|f| (f.hash, f.first, f.last)).collect();
    assert_eq!(got, want);
    // The rest by count and digest.
    let want: [(usize, u64); 9] = [
        (15, 0x3ef8_60db_addd_c4fa),
        (18, 0x209a_776f_5910_b7c7),
        (16, 0x3cf6_82b9_4b37_0af1),
        (29, 0xe4eb_bc1e_d7a3_79e8),
        (19, 0xbdeb_576f_0c5e_22a7),
        (21, 0x9801_0da5_fa8f_0d10),
        (16, 0x767e_be37_6b50_78cc),
        (78, 0xfe45_2331_fb91_e8d5),
        (5, 0x46b3_5d02_ac5c_574b),
    ];
    for (text, want) in SENTENCES.iter().zip(want) {
        let fs = features_of(text);
        assert_eq!((fs.len(), digest(&fs)), want, "{text}");
    }
}

/// Written lines, enough for a model whose weights differ from zero.
const LINES: &str = "\
coercive.threat\temail\tSign it today or you will regret it.
coercive.threat\tchat\tDo this or I'll make sure you never work here again.
coercive.ultimatum\temail\tTake it or leave it, this is my final offer.
coercive.guilt\tchat\tAfter everything I've done for you, you won't even help?
coercive.contempt\tdialogue\tOnly an idiot would think that plan works.
mutual.interests\tmeeting\tWhat matters most to you in this deal?
mutual.options\temail\tCould we look at a few options that work for both of us?
mutual.joint\tmeeting\tLet's find a split that is fair to both teams.
mutual.acknowledge\tchat\tI hear you, that deadline sounds really stressful.
none\temail\tThe minutes are attached.
none\tshop\tFree delivery on orders over thirty pounds.
none\tmeeting\tThe next meeting is on Tuesday at 3pm.
none\tdialogue\tCan you pass me the salt?
";

fn trained() -> Model {
    let mut f = Featurizer::default();
    let examples: Vec<_> = parse_written(LINES).unwrap().into_iter().map(|(l, t)| f.example(t, l, 1.0)).collect();
    let settings =
        Settings { bits: 12, epochs: 6, seed: 7, rate: 0.1, l2: 1e-6, ordinary_per_1000: 1.0, min_precision: 0.9 };
    let calibration = Calibration { labelled: examples.clone(), real: vec![], ordinary: vec![] };
    let (bytes, _) = train(&examples, &calibration, &settings, serde_json::json!({}));
    Model::from_bytes("<pinned>", super::format::Bytes::Owned(bytes)).unwrap()
}

#[test]
fn family_probabilities_are_pinned() {
    let model = trained();
    let texts = [
        "Sign it or you will regret it.",
        "What matters most to your team?",
        "The minutes are attached.",
        SENTENCES[3],
    ];
    let mut got = vec![];
    for text in texts {
        let seg = segment(text);
        for s in 0..seg.sentences.len() {
            let mut fs = vec![];
            features::extract(&seg, s..s + 1, &mut fs);
            let p = model.families(&fs);
            assert_eq!(model.families_of(&seg, s), p, "scoring as features are made agrees: {text}");
            let j = [Family::Coercive, Family::Mutual].map(|f| model.judge(&fs, f));
            got.push((
                p[0].to_bits(),
                p[1].to_bits(),
                j[0].category,
                j[1].category,
                j[0].category_probability.to_bits(),
            ));
        }
    }
    // (coercive, mutual, likeliest coercive category, likeliest mutual category, the
    // coercive category's probability), probabilities as f32 bits; the family weights
    // through the one-byte codebook of model format 2.
    let want: &[(u32, u32, usize, usize, u32)] = &[
        (0x3f41_f8d6, 0x3e02_6074, 0, 0, 0x3f32_000b),
        (0x3e87_d452, 0x3f0d_e2ff, 0, 0, 0x3e29_b967),
        (0x3e4f_dc66, 0x3e34_9d88, 0, 1, 0x3e42_1093),
        (0x3ef2_c1ea, 0x3ec8_e7b1, 0, 2, 0x3e4f_fe6b),
    ];
    assert_eq!(got, want);
}

#[test]
fn the_built_in_model_scores_the_same_as_features_are_made() {
    let Some(model) = Model::embedded() else { return };
    for text in SENTENCES {
        let seg = segment(text);
        for s in 0..seg.sentences.len() {
            let mut fs = vec![];
            features::extract(&seg, s..s + 1, &mut fs);
            assert_eq!(model.families_of(&seg, s), model.families(&fs), "{text}");
        }
    }
}
