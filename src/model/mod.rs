//! The trained sentence scorer: beside the lexicon, it reads each sentence as hashed
//! words and word pairs ([`features`]) and gives the probability that it is coercive, that
//! it is a mutual (good-faith) move, and which taxonomy category it most likely is.
//!
//! It is a linear model: two logistic family heads and one softmax over each family's
//! categories, with weights quantised to one byte each (families through a codebook). A
//! linear model over hashed features costs a few additions per word, which keeps the whole
//! analyser in its speed budget, and each score decomposes into the words behind it, so a
//! finding can show its evidence. The weights are data, like the lexicons: the built-in
//! model (`model/en.gfm`) is compiled into the binary, and `goodfaith train` reproduces it
//! byte for byte from `model/train.toml`.

pub mod categories;
pub mod data;
pub mod features;
mod format;
pub mod manifest;
pub mod train;

#[cfg(test)]
mod pins;

use std::sync::OnceLock;

use crate::lexicon::{Category, Family};
pub use features::Feature;
pub use format::{FormatError, MAX_BITS};

/// The built-in model's bytes (empty when the repository has no `model/en.gfm` yet).
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/model.gfm"));

/// A trained scorer, ready to use. Cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Model {
    bytes: format::Bytes,
    parts: format::Parts,
    source: String,
}

/// Why a model could not be loaded: names the file.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The file (or `<embedded>`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ModelError {}

/// Running sums of the family heads over a sentence's features.
#[derive(Default)]
struct FamilySums {
    sums: [i32; 2],
    n: usize,
}

/// A family's probability and the category the model finds most likely in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// Probability that the sentence belongs to the family.
    pub probability: f32,
    /// Index of the likeliest category in [`Model::categories`] of the family.
    pub category: usize,
    /// That category's probability within the family.
    pub category_probability: f32,
}

impl Model {
    /// The built-in model, parsed once; `None` when the binary was built without one.
    pub fn embedded() -> Option<&'static Model> {
        static MODEL: OnceLock<Option<Model>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                if EMBEDDED.is_empty() {
                    return None;
                }
                let model = Model::from_bytes("<embedded>", format::Bytes::Borrowed(EMBEDDED));
                Some(model.expect("the built-in model is valid (a test checks it)"))
            })
            .as_ref()
    }

    /// Reads a model file.
    pub fn load(path: &std::path::Path) -> Result<Model, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ModelError { path: name.clone(), message: e.to_string() })?;
        Model::from_bytes(&name, format::Bytes::Owned(bytes))
    }

    /// A model from its file's bytes; `source` names it in errors.
    pub fn from_bytes(source: &str, bytes: format::Bytes) -> Result<Model, ModelError> {
        let err = |message: String| ModelError { path: source.to_string(), message };
        let parts = format::parse(&bytes).map_err(|e| err(e.0))?;
        if parts.scheme != features::SCHEME {
            return Err(err(format!(
                "trained with feature scheme {}; this goodfaith computes scheme {} (retrain it with `goodfaith train`)",
                parts.scheme,
                features::SCHEME
            )));
        }
        for name in
            parts.coercive.iter().map(|n| (Family::Coercive, n)).chain(parts.mutual.iter().map(|n| (Family::Mutual, n)))
        {
            if categories::find(name.0, name.1).is_none() {
                return Err(err(format!("unknown category {}.{} (see TAXONOMY.md)", name.0.as_str(), name.1)));
            }
        }
        Ok(Model { bytes, parts, source: source.to_string() })
    }

    /// Where the model came from: a path or `<embedded>`.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The categories of a family, in the model's order.
    pub fn categories(&self, family: Family) -> &[String] {
        match family {
            Family::Coercive => &self.parts.coercive,
            _ => &self.parts.mutual,
        }
    }

    /// The probability at or above which the family is reported.
    pub fn threshold(&self, family: Family) -> f32 {
        self.parts.thresholds[head(family)]
    }

    /// How the model was trained (JSON): sources, how each was split, counts.
    pub fn manifest(&self) -> &str {
        &self.parts.manifest
    }

    /// Size of the model in bytes.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    fn bucket(&self, f: &Feature) -> usize {
        (f.hash >> (64 - self.parts.bits)) as usize
    }

    /// The coercive and mutual probabilities of a sentence with these features.
    pub fn families(&self, features: &[Feature]) -> [f32; 2] {
        let mut acc = FamilySums::default();
        for f in features {
            self.add(&mut acc, f.hash);
        }
        self.probabilities(&acc)
    }

    /// The coercive and mutual probabilities of sentence `s` of `seg`, computed as its
    /// features are made, without storing them: the analyser asks this of every sentence,
    /// and builds the features only for the few that pass a threshold.
    pub fn families_of(&self, seg: &crate::text::Segmented, s: usize) -> [f32; 2] {
        let table = self.family_codes();
        let [coercive, mutual] = &self.parts.codebook;
        let shift = 64 - self.parts.bits;
        let mut acc = FamilySums::default();
        features::each(seg, s, |f| {
            let w = table[(f.hash >> shift) as usize];
            acc.sums[0] += coercive[w[0] as usize] as i32;
            acc.sums[1] += mutual[w[1] as usize] as i32;
            acc.n += 1;
        });
        self.probabilities(&acc)
    }

    /// The family heads' weight codes, a 2-byte record per bucket (coercive, mutual).
    fn family_codes(&self) -> &[[u8; 2]] {
        bytemuck::cast_slice(&self.bytes[self.parts.family_at..self.parts.category_at])
    }

    /// A family head's weight of a bucket, in units of the head's scale.
    fn family_weight(&self, bucket: usize, head: usize) -> i32 {
        self.parts.codebook[head][self.family_codes()[bucket][head] as usize] as i32
    }

    #[inline]
    fn add(&self, acc: &mut FamilySums, hash: u64) {
        let bucket = (hash >> (64 - self.parts.bits)) as usize;
        acc.sums[0] += self.family_weight(bucket, 0);
        acc.sums[1] += self.family_weight(bucket, 1);
        acc.n += 1;
    }

    fn probabilities(&self, acc: &FamilySums) -> [f32; 2] {
        let norm = norm(acc.n);
        [0, 1].map(|h| sigmoid(self.parts.family_bias[h] + self.parts.family_scale[h] * acc.sums[h] as f32 * norm))
    }

    /// The family probability and likeliest category of a sentence.
    pub fn judge(&self, features: &[Feature], family: Family) -> Judgement {
        let probability = self.families(features)[head(family)];
        let probs = self.category_probabilities(features, family);
        let (category, &category_probability) =
            probs.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap_or((0, &0.0));
        Judgement { probability, category, category_probability }
    }

    /// Whether findings of the family's category `index` are reported (see [`SILENT`]).
    pub fn reports(&self, family: Family, index: usize) -> bool {
        !is_silent(&self.categories(family)[index])
    }

    /// The family's probability when its likeliest category is one that is reported, else 0:
    /// the number a threshold is compared with.
    pub fn reported_probability(&self, features: &[Feature], family: Family) -> f32 {
        let j = self.judge(features, family);
        if self.reports(family, j.category) {
            j.probability
        } else {
            0.0
        }
    }

    /// Probabilities of each category of `family`, given that the sentence is in it.
    pub fn category_probabilities(&self, features: &[Feature], family: Family) -> Vec<f32> {
        let range = self.category_range(family);
        let c = self.parts.coercive.len() + self.parts.mutual.len();
        let mut sums = vec![0i32; range.len()];
        let w = &self.bytes[self.parts.category_at..];
        for f in features {
            let row = self.bucket(f) * c;
            for (k, s) in range.clone().zip(sums.iter_mut()) {
                *s += w[row + k] as i8 as i32;
            }
        }
        let norm = norm(features.len());
        let logits: Vec<f32> = range
            .zip(&sums)
            .map(|(k, &s)| self.parts.category_bias[k] + self.parts.category_scale[k] * s as f32 * norm)
            .collect();
        softmax(&logits)
    }

    /// The features that weighed most toward `family`, strongest first, with their
    /// contributions to its logit: indexes into `features`.
    pub fn evidence(&self, features: &[Feature], family: Family, k: usize) -> Vec<(usize, f32)> {
        let h = head(family);
        let norm = norm(features.len());
        let mut all: Vec<(usize, f32)> = features
            .iter()
            .enumerate()
            .map(|(i, f)| (i, self.parts.family_scale[h] * self.family_weight(self.bucket(f), h) as f32 * norm))
            .filter(|&(_, c)| c > 0.0)
            .collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(k);
        all
    }

    fn category_range(&self, family: Family) -> std::ops::Range<usize> {
        let nc = self.parts.coercive.len();
        match family {
            Family::Coercive => 0..nc,
            _ => nc..nc + self.parts.mutual.len(),
        }
    }
}

/// Categories the scorer learns but never reports. Small talk is what most friendly
/// sentences look like: learning it keeps greetings from passing for other moves, but a
/// learned rapport finding on every "hope you're well" would drown the moves that carry
/// a negotiation. The lexicon's own rapport phrases still report it.
pub const SILENT: &[Category] = &[Category::Rapport];

/// Whether the category named `name` is one of the [`SILENT`] ones.
pub fn is_silent(name: &str) -> bool {
    SILENT.iter().any(|c| c.name() == name)
}

fn head(family: Family) -> usize {
    match family {
        Family::Coercive => 0,
        _ => 1,
    }
}

/// Features are scaled by 1/sqrt(n), so a long sentence does not pile up evidence just
/// by being long.
pub(crate) fn norm(n: usize) -> f32 {
    1.0 / (n.max(1) as f32).sqrt()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|&z| (z - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_has_a_built_in_model_within_the_size_budget() {
        let m = Model::embedded().expect("model/en.gfm is committed and embedded");
        assert!(m.size() <= 8 << 20, "{} bytes", m.size());
        assert_eq!(m.categories(Family::Coercive).len(), 16);
        assert_eq!(m.categories(Family::Mutual).len(), 9);
        for f in [Family::Coercive, Family::Mutual] {
            assert!((0.0..1.0).contains(&m.threshold(f)), "{f:?}");
        }
        let manifest: serde_json::Value = serde_json::from_str(m.manifest()).unwrap();
        assert!(manifest["sources"].as_array().is_some_and(|s| !s.is_empty()));
    }

    #[test]
    fn a_damaged_model_is_refused_with_a_reason() {
        let good = Model::embedded().unwrap().bytes.to_vec();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"not a model".to_vec(), "GFMODEL"),
            (good[..good.len() / 2].to_vec(), "ends early"),
            ([good.clone(), vec![0]].concat(), "after the weights"),
        ];
        for (bytes, why) in cases {
            let err = Model::from_bytes("m", format::Bytes::Owned(bytes)).unwrap_err();
            assert!(err.to_string().contains(why), "{err}");
        }
    }
}
