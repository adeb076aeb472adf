//! Training: logistic family heads and softmax category heads over hashed features,
//! fitted by AdaGrad in a fixed order from a fixed seed, then quantised; thresholds are
//! then chosen on held-out data with the quantised model, exactly as it will score.
//! The same examples and settings give the same bytes.

use serde::Serialize;

use super::data::Example;
use super::features::SCHEME;
use super::format::{self, Parts};
use super::Model;
use crate::lexicon::{Category, Family};

/// How to train.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Hash bits: 2^bits buckets.
    pub bits: u32,
    /// Passes over the examples.
    pub epochs: u32,
    /// Seed of the shuffle.
    pub seed: u64,
    /// AdaGrad learning rate.
    pub rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Most ordinary (held-out, never coercive) lines per 1,000 the coercive threshold may
    /// flag.
    pub ordinary_per_1000: f64,
    /// Precision the thresholds aim for on labelled held-out data, at the best recall.
    pub min_precision: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { bits: 17, epochs: 8, seed: 1, rate: 0.1, l2: 1e-6, ordinary_per_1000: 1.0, min_precision: 0.9 }
    }
}

/// Held-out examples to choose thresholds on.
#[derive(Debug, Clone, Default)]
pub struct Calibration {
    /// Labelled examples we wrote (either family may be known).
    pub labelled: Vec<Example>,
    /// Labelled examples from real corpora: where there are any, the mutual threshold is
    /// chosen on these alone (what counts as a good-faith move is clearer in real
    /// negotiations than in lines written to illustrate it).
    pub real: Vec<Example>,
    /// Ordinary lines: none of them is coercive.
    pub ordinary: Vec<Example>,
}

/// What training measured, written into the model's manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Chosen {
    /// The family.
    pub family: &'static str,
    /// The threshold.
    pub threshold: f32,
    /// Precision on the labelled held-out examples at that threshold.
    pub precision: f64,
    /// Recall there.
    pub recall: f64,
    /// Ordinary held-out lines flagged per 1,000 (coercive only).
    pub ordinary_per_1000: f64,
    /// Held-out examples with this family known.
    pub examples: usize,
}

/// Weights being fitted, with AdaGrad's running sums of squared gradients.
struct Fit {
    c: usize,
    family: Vec<f32>,
    family_g: Vec<f32>,
    family_bias: [f32; 2],
    family_bias_g: [f32; 2],
    category: Vec<f32>,
    category_g: Vec<f32>,
    category_bias: Vec<f32>,
    category_bias_g: Vec<f32>,
}

/// The categories a model predicts, in order: every taxonomy category with a text in
/// `model/categories.toml`.
pub fn category_names(family: Family) -> Vec<String> {
    // The taxonomy's order (crates/lexicon's `Category`), which a model file's head order
    // follows; a signal has no learned categories, so it reads as mutual.
    let family = if family == Family::Coercive { Family::Coercive } else { Family::Mutual };
    Category::names(family).into_iter().map(String::from).collect()
}

/// Trains a model on `train`, chooses its thresholds on `calibration`, and returns the
/// model file's bytes and what was measured. `manifest` is recorded in the file as given,
/// with the measurements added.
pub fn train(
    train: &[Example],
    calibration: &Calibration,
    settings: &Settings,
    manifest: serde_json::Value,
) -> (Vec<u8>, Vec<Chosen>) {
    let coercive = category_names(Family::Coercive);
    let mutual = category_names(Family::Mutual);
    let mut fit = Fit::new(settings.bits, coercive.len() + mutual.len());
    let index = |cat: &(Family, String)| match cat.0 {
        Family::Coercive => coercive.iter().position(|n| *n == cat.1),
        _ => mutual.iter().position(|n| *n == cat.1).map(|i| coercive.len() + i),
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = settings.seed.max(1);
    let mut buckets = vec![];
    for _ in 0..settings.epochs {
        shuffle(&mut order, &mut rng);
        for &i in &order {
            let ex = &train[i];
            buckets.clear();
            buckets.extend(ex.features.iter().map(|f| (f.hash >> (64 - settings.bits)) as usize));
            let target = ex.category.as_ref().and_then(index);
            let range = match ex.category.as_ref().map(|c| c.0) {
                Some(Family::Coercive) => 0..coercive.len(),
                _ => coercive.len()..coercive.len() + mutual.len(),
            };
            fit.step(&buckets, ex, target.map(|t| (t, range)), settings);
        }
    }
    let mut parts = Parts {
        scheme: SCHEME,
        bits: settings.bits,
        coercive,
        mutual,
        thresholds: [0.5, 0.5],
        family_bias: fit.family_bias,
        family_scale: [0.0; 2],
        category_bias: fit.category_bias.clone(),
        category_scale: vec![],
        codebook: [codebook(); 2],
        manifest: String::new(),
        family_at: 0,
        category_at: 0,
    };
    let (family_q, category_q) = fit.quantise(&mut parts);
    let draft = Model::from_bytes("<training>", format::Bytes::Owned(format::write(&parts, &family_q, &category_q)))
        .expect("a model just written reads back");
    let chosen = [Family::Coercive, Family::Mutual].map(|f| choose(&draft, calibration, f, settings));
    parts.thresholds = [chosen[0].threshold, chosen[1].threshold];
    let mut manifest = manifest;
    if let serde_json::Value::Object(m) = &mut manifest {
        m.insert("scheme".into(), SCHEME.into());
        m.insert("settings".into(), serde_json::to_value(settings).expect("settings serialise"));
        m.insert("thresholds".into(), serde_json::to_value(&chosen).expect("measurements serialise"));
    }
    parts.manifest = serde_json::to_string_pretty(&manifest).expect("manifest serialises");
    (format::write(&parts, &family_q, &category_q), chosen.to_vec())
}

impl Fit {
    fn new(bits: u32, c: usize) -> Fit {
        let b = 1usize << bits;
        Fit {
            c,
            family: vec![0.0; b * 2],
            family_g: vec![0.0; b * 2],
            family_bias: [0.0; 2],
            family_bias_g: [0.0; 2],
            category: vec![0.0; b * c],
            category_g: vec![0.0; b * c],
            category_bias: vec![0.0; c],
            category_bias_g: vec![0.0; c],
        }
    }

    /// One AdaGrad step on one example.
    fn step(&mut self, buckets: &[usize], ex: &Example, target: Option<(usize, std::ops::Range<usize>)>, s: &Settings) {
        let v = super::norm(buckets.len());
        for (h, label) in [ex.coercive, ex.mutual].into_iter().enumerate() {
            let Some(y) = label else { continue };
            let z = self.family_bias[h] + v * buckets.iter().map(|&b| self.family[b * 2 + h]).sum::<f32>();
            let g = (sigmoid(z) - if y { 1.0 } else { 0.0 }) * ex.weight;
            for &b in buckets {
                let k = b * 2 + h;
                adagrad(&mut self.family[k], &mut self.family_g[k], g * v, s);
            }
            adagrad_bias(&mut self.family_bias[h], &mut self.family_bias_g[h], g, s.rate);
        }
        let Some((t, range)) = target else { return };
        let logits: Vec<f32> = range
            .clone()
            .map(|k| self.category_bias[k] + v * buckets.iter().map(|&b| self.category[b * self.c + k]).sum::<f32>())
            .collect();
        let probs = softmax(&logits);
        for (k, p) in range.zip(probs) {
            let g = (p - if k == t { 1.0 } else { 0.0 }) * ex.weight;
            for &b in buckets {
                let i = b * self.c + k;
                adagrad(&mut self.category[i], &mut self.category_g[i], g * v, s);
            }
            adagrad_bias(&mut self.category_bias[k], &mut self.category_bias_g[k], g, s.rate);
        }
    }

    /// Family weights to one-byte codes of [`codebook`], category weights to 8 bits, each
    /// head with its own scale.
    fn quantise(&self, parts: &mut Parts) -> (Vec<u8>, Vec<i8>) {
        let mut family = vec![0u8; self.family.len()];
        for h in 0..2 {
            let max = self.family.iter().skip(h).step_by(2).fold(0f32, |m, w| m.max(w.abs()));
            let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
            parts.family_scale[h] = scale;
            for (q, w) in family.iter_mut().skip(h).step_by(2).zip(self.family.iter().skip(h).step_by(2)) {
                *q = code(&parts.codebook[h], w / scale);
            }
        }
        let mut category = vec![0i8; self.category.len()];
        parts.category_scale = (0..self.c)
            .map(|k| {
                let max = self.category.iter().skip(k).step_by(self.c).fold(0f32, |m, w| m.max(w.abs()));
                let scale = if max > 0.0 { max / i8::MAX as f32 } else { 1.0 };
                for (q, w) in
                    category.iter_mut().skip(k).step_by(self.c).zip(self.category.iter().skip(k).step_by(self.c))
                {
                    *q = (w / scale).round() as i8;
                }
                scale
            })
            .collect();
        (family, category)
    }
}

/// Codes of the family weights: code `c` (a byte read as `i8`) stands for
/// `sign(c) · 32767 · (|c| / 127)²`, so steps are small near zero, where most weights are,
/// and about 1.6% of the largest weight at the extremes; -128 stands for what -127 does.
fn codebook() -> [i16; 256] {
    std::array::from_fn(|b| {
        let c = (b as u8 as i8).max(-127) as f32;
        let u = c.abs() / 127.0;
        (c.signum() * (i16::MAX as f32 * u * u).round()) as i16
    })
}

/// The code whose weight is nearest `w` (in units of the scale).
fn code(codebook: &[i16; 256], w: f32) -> u8 {
    let guess = (127.0 * (w.abs() / i16::MAX as f32).sqrt()).round().min(127.0) as i32;
    let guess = if w < 0.0 { -guess } else { guess };
    let candidates = [guess - 1, guess, guess + 1].map(|c| c.clamp(-127, 127) as i8 as u8);
    let error = |c: &u8| (codebook[*c as usize] as f32 - w).abs();
    candidates.into_iter().min_by(|a, b| error(a).total_cmp(&error(b))).expect("three candidates")
}

fn adagrad(w: &mut f32, g2: &mut f32, grad: f32, s: &Settings) {
    let grad = grad + s.l2 * *w;
    *g2 += grad * grad;
    *w -= s.rate * grad / (g2.sqrt() + 1e-6);
}

fn adagrad_bias(w: &mut f32, g2: &mut f32, grad: f32, rate: f32) {
    *g2 += grad * grad;
    *w -= rate * grad / (g2.sqrt() + 1e-6);
}

/// The highest-scoring sentence of an example, as the analyser will see it.
pub fn max_probability(model: &Model, ex: &Example, family: Family) -> f32 {
    let h = if family == Family::Coercive { 0 } else { 1 };
    ex.sentences.iter().map(|r| model.families(&ex.features[r.start as usize..r.end as usize])[h]).fold(0.0, f32::max)
}

/// The highest score of a sentence the analyser would report: a sentence whose likeliest
/// category is a silent one ([`super::SILENT`]) makes no finding, whatever its score.
fn max_reported(model: &Model, ex: &Example, family: Family) -> f32 {
    let sentence = |r: &std::ops::Range<u32>| &ex.features[r.start as usize..r.end as usize];
    ex.sentences.iter().map(|r| model.reported_probability(sentence(r), family)).fold(0.0, f32::max)
}

/// Whether an example is a reported move of `family`, if known: a move of a silent
/// category (small talk) is labelled mutual, but the analyser never reports it, so for
/// choosing a threshold it is a negative.
fn reported_label(ex: &Example, family: Family) -> Option<bool> {
    match family {
        Family::Coercive => ex.coercive,
        _ => ex.mutual.map(|m| m && !ex.category.as_ref().is_some_and(|c| super::is_silent(&c.1))),
    }
}

/// The threshold for one family, on the held-out examples. Coercive: the most recall that
/// keeps precision at `min_precision` and ordinary lines flagged under the cap (a false
/// alarm costs trust). Mutual: the best F1 (a missed good-faith move costs little, and
/// what counts as one is less clear-cut).
fn choose(model: &Model, cal: &Calibration, family: Family, s: &Settings) -> Chosen {
    let known = |ex: &Example| reported_label(ex, family);
    let real_mutual = family == Family::Mutual && cal.real.iter().any(|ex| ex.mutual.is_some());
    let pool: Vec<&Example> = match real_mutual {
        true => cal.real.iter().collect(),
        false => cal.labelled.iter().chain(&cal.real).collect(),
    };
    let mut scored: Vec<(f32, bool)> =
        pool.iter().filter_map(|ex| known(ex).map(|y| (max_reported(model, ex, family), y))).collect();
    let mut ordinary: Vec<f32> = if family == Family::Coercive {
        cal.ordinary.iter().map(|ex| max_reported(model, ex, family)).collect()
    } else {
        vec![]
    };
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    ordinary.sort_by(|a, b| b.total_cmp(a));
    let positives = scored.iter().filter(|x| x.1).count().max(1);
    let cap = (s.ordinary_per_1000 * ordinary.len() as f64 / 1000.0).floor() as usize;
    let mut best = Chosen {
        family: family.as_str(),
        threshold: 0.99,
        precision: 1.0,
        recall: 0.0,
        ordinary_per_1000: 0.0,
        examples: scored.len(),
    };
    let mut tp = 0usize;
    for (i, &(p, y)) in scored.iter().enumerate() {
        tp += y as usize;
        // Only cut between distinct scores.
        if scored.get(i + 1).is_some_and(|n| n.0 == p) || p < 0.05 {
            continue;
        }
        let precision = tp as f64 / (i + 1) as f64;
        let recall = tp as f64 / positives as f64;
        let flagged = ordinary.partition_point(|&o| o >= p);
        let better = match family {
            Family::Coercive => precision >= s.min_precision && flagged <= cap && recall > best.recall,
            _ => f1(precision, recall) > f1(best.precision, best.recall),
        };
        if better {
            best = Chosen {
                threshold: p,
                precision,
                recall,
                ordinary_per_1000: if ordinary.is_empty() {
                    0.0
                } else {
                    1000.0 * flagged as f64 / ordinary.len() as f64
                },
                ..best
            };
        }
    }
    best
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Fisher–Yates with xorshift64*: the same order from the same seed everywhere.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let r = state.wrapping_mul(0x2545_F491_4F6C_DD1D);
        order.swap(i, (r % (i as u64 + 1)) as usize);
    }
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
    use super::super::data::{Featurizer, Labels};
    use super::*;

    fn examples() -> Vec<Example> {
        let mut f = Featurizer::default();
        let mut out = vec![];
        for (label, text) in [
            ("coercive.threat", "do it or you will regret it"),
            ("coercive.threat", "sign now or you will regret it"),
            ("coercive.ultimatum", "take it or leave it, final offer"),
            ("coercive.ultimatum", "final offer, decide now"),
            ("mutual.interests", "what matters most to you here?"),
            ("mutual.interests", "what would work best for you?"),
            ("none", "the invoice is attached"),
            ("none", "the meeting moved to noon"),
        ] {
            out.push(f.example(text, Labels::parse(label).unwrap(), 1.0));
        }
        out
    }

    #[test]
    fn family_weights_take_the_nearest_code() {
        let book = codebook();
        assert_eq!((book[0], book[127], book[129], book[128]), (0, i16::MAX, -i16::MAX, -i16::MAX));
        for w in [0.0f32, 1.0, -1.0, 2.6, 100.0, -517.3, 9000.0, -32767.0, 32767.0] {
            let got = book[code(&book, w) as usize] as f32;
            let best = book.iter().map(|&v| (v as f32 - w).abs()).fold(f32::MAX, f32::min);
            assert_eq!((got - w).abs(), best, "{w}");
        }
    }

    #[test]
    fn training_is_deterministic_and_learns_the_examples() {
        let s = Settings { bits: 12, epochs: 20, rate: 0.5, ..Settings::default() };
        let train = examples();
        let cal = Calibration { labelled: train.clone(), ..Calibration::default() };
        let (a, _) = super::train(&train, &cal, &s, serde_json::json!({}));
        let (b, _) = super::train(&train, &cal, &s, serde_json::json!({}));
        assert_eq!(a, b, "the same data gives the same bytes");
        let model = Model::from_bytes("t", format::Bytes::Owned(a)).unwrap();
        let mut f = Featurizer::default();
        let threat = f.example("pay up or you will regret it", Labels::default(), 1.0);
        let plain = f.example("the report is attached", Labels::default(), 1.0);
        assert!(max_probability(&model, &threat, Family::Coercive) > max_probability(&model, &plain, Family::Coercive));
        let j = model.judge(&threat.features, Family::Coercive);
        assert_eq!(model.categories(Family::Coercive)[j.category], "threat");
    }
}
