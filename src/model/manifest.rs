//! A training manifest (`model/train.toml` for the built-in model): which written files and
//! which labelled corpora to train on, how much of each to hold out for choosing the
//! thresholds, and the training settings. Paths are relative to the manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::data::{self, Example, Featurizer, Labels};
use super::train::{Calibration, Settings};

/// The manifest as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Training settings; each has a default.
    #[serde(default)]
    pub settings: SettingsSpec,
    /// Files (or folders of `*.tsv` files) of written lines: `label<TAB>register<TAB>text`.
    #[serde(default)]
    pub data: Vec<String>,
    /// Share of written lines held out to choose thresholds (by a hash of the text).
    #[serde(default = "default_holdout")]
    pub holdout: f64,
    /// Labelled JSON Lines corpora.
    #[serde(default)]
    pub corpus: Vec<CorpusSpec>,
}

/// Optional training settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsSpec {
    /// Hash bits: 2^bits buckets ([`super::train::Settings::bits`]).
    pub bits: Option<u32>,
    /// Passes over the examples.
    pub epochs: Option<u32>,
    /// Seed of the shuffle.
    pub seed: Option<u64>,
    /// AdaGrad learning rate.
    pub rate: Option<f32>,
    /// L2 penalty per update.
    pub l2: Option<f32>,
    /// Most ordinary lines per 1,000 the coercive threshold may flag.
    pub ordinary_per_1000: Option<f64>,
    /// Precision the thresholds aim for on labelled held-out data.
    pub min_precision: Option<f64>,
}

/// One corpus to train on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusSpec {
    /// The JSON Lines file.
    pub path: String,
    /// Share of records (by a hash of their `id`) trained on; the rest are held out.
    #[serde(default = "default_train_share")]
    pub train_share: f64,
    /// How much each of its examples counts.
    #[serde(default = "one")]
    pub weight: f32,
    /// Unlabelled ordinary text (meetings, email): every line is taken as not coercive.
    #[serde(default)]
    pub ordinary: bool,
}

fn default_holdout() -> f64 {
    0.15
}

fn default_train_share() -> f64 {
    0.8
}

fn one() -> f32 {
    1.0
}

/// A problem with the manifest or a file it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The file.
    pub path: String,
    /// The line, where there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for ManifestError {}

/// Everything training needs, loaded.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Examples to fit.
    pub train: Vec<Example>,
    /// Held-out examples to choose thresholds on.
    pub calibration: Calibration,
    /// What was read, for the model's manifest: per source, examples trained on and held out.
    pub sources: Vec<Value>,
}

impl Manifest {
    /// Reads a manifest file.
    pub fn read(path: &Path) -> Result<Manifest, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|e| err(path, None, e.to_string()))?;
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            err(path, line, e.message().trim().to_string())
        })
    }

    /// The training settings, defaults filled in.
    pub fn settings(&self) -> Settings {
        let d = Settings::default();
        let s = &self.settings;
        Settings {
            bits: s.bits.unwrap_or(d.bits),
            epochs: s.epochs.unwrap_or(d.epochs),
            seed: s.seed.unwrap_or(d.seed),
            rate: s.rate.unwrap_or(d.rate),
            l2: s.l2.unwrap_or(d.l2),
            ordinary_per_1000: s.ordinary_per_1000.unwrap_or(d.ordinary_per_1000),
            min_precision: s.min_precision.unwrap_or(d.min_precision),
        }
    }

    /// Checks the settings are in range.
    pub fn check(&self, path: &Path) -> Result<(), ManifestError> {
        let s = self.settings();
        let bad = |m: String| Err(err(path, None, m));
        if !(8..=super::MAX_BITS).contains(&s.bits) {
            return bad(format!("settings.bits is {}; use 8 to {}", s.bits, super::MAX_BITS));
        }
        let finite_positive = |x: f32| x.is_finite() && x > 0.0;
        if s.epochs == 0 || s.epochs > 1000 || !finite_positive(s.rate) || !(s.l2 == 0.0 || finite_positive(s.l2)) {
            return bad("settings: epochs 1–1000, rate > 0 and l2 >= 0".into());
        }
        if !(0.0..1.0).contains(&self.holdout)
            || self.corpus.iter().any(|c| !(0.0..=1.0).contains(&c.train_share) || !finite_positive(c.weight))
        {
            return bad("holdout is in [0, 1), train_share in [0, 1] and weight > 0".into());
        }
        Ok(())
    }

    /// Loads every file the manifest names, relative to `base`.
    pub fn load(&self, base: &Path) -> Result<Loaded, ManifestError> {
        let mut out = Loaded::default();
        let mut f = Featurizer::default();
        for file in self.written_files(base)? {
            let text = std::fs::read_to_string(&file).map_err(|e| err(&file, None, e.to_string()))?;
            let lines = data::parse_written(&text).map_err(|e| err(&file, Some(e.line), e.message))?;
            let (mut trained, mut held) = (0, 0);
            for (labels, line) in lines {
                let ex = f.example(line, labels, 1.0);
                if data::share_of(line) < self.holdout {
                    out.calibration.labelled.push(ex);
                    held += 1;
                } else {
                    out.train.push(ex);
                    trained += 1;
                }
            }
            out.sources.push(source_entry(&file, base, trained, held, None));
        }
        for spec in &self.corpus {
            let file = base.join(&spec.path);
            let (trained, held) = load_corpus(&file, spec, &mut f, &mut out)?;
            out.sources.push(source_entry(&file, base, trained, held, Some(spec)));
        }
        Ok(out)
    }

    fn written_files(&self, base: &Path) -> Result<Vec<PathBuf>, ManifestError> {
        let mut files = vec![];
        for d in &self.data {
            let p = base.join(d);
            if p.is_dir() {
                let entries = std::fs::read_dir(&p).map_err(|e| err(&p, None, e.to_string()))?;
                let mut tsv: Vec<PathBuf> =
                    entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "tsv")).collect();
                tsv.sort();
                files.extend(tsv);
            } else {
                files.push(p);
            }
        }
        Ok(files)
    }
}

fn source_entry(file: &Path, base: &Path, trained: usize, held: usize, spec: Option<&CorpusSpec>) -> Value {
    let name = file.strip_prefix(base).unwrap_or(file).to_string_lossy().replace('\\', "/");
    let mut v = serde_json::json!({ "file": name, "trained": trained, "held_out": held });
    if let Some(s) = spec {
        v["name"] = file.file_name().map(|n| n.to_string_lossy().to_string()).into();
        v["train_share"] = s.train_share.into();
        v["ordinary"] = s.ordinary.into();
    }
    v
}

/// Reads one corpus: annotated turns, labelled records or (ordinary) every turn.
fn load_corpus(
    file: &Path,
    spec: &CorpusSpec,
    f: &mut Featurizer,
    out: &mut Loaded,
) -> Result<(usize, usize), ManifestError> {
    let text = std::fs::read_to_string(file).map_err(|e| err(file, None, e.to_string()))?;
    let (mut trained, mut held) = (0, 0);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: BTreeMap<String, Value> =
            serde_json::from_str(line).map_err(|e| err(file, Some(n + 1), format!("not a JSON object: {e}")))?;
        let id = record.get("id").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string));
        let id = id.ok_or_else(|| err(file, Some(n + 1), "a record needs an `id`".into()))?;
        let train = data::share_of(&id) < spec.train_share;
        let examples = record_examples(&record, spec, f);
        if examples.is_empty() {
            continue;
        }
        if train {
            trained += examples.len();
            out.train.extend(examples);
        } else {
            held += examples.len();
            let into = if spec.ordinary { &mut out.calibration.ordinary } else { &mut out.calibration.real };
            into.extend(examples);
        }
    }
    Ok((trained, held))
}

fn record_examples(record: &BTreeMap<String, Value>, spec: &CorpusSpec, f: &mut Featurizer) -> Vec<Example> {
    let turns = data::record_turns(record);
    if spec.ordinary {
        let labels = Labels { coercive: Some(false), mutual: None, category: None };
        return turns
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| f.example(t, labels.clone(), spec.weight))
            .collect();
    }
    if let Some(Value::Array(raw)) = record.get("turns") {
        let annotated: Vec<Example> = raw
            .iter()
            .zip(&turns)
            .filter_map(|(t, text)| data::turn_labels(t).map(|l| f.example(text, l, spec.weight)))
            .collect();
        if !annotated.is_empty() {
            return annotated;
        }
    }
    match data::record_labels(record) {
        Some(labels) => vec![f.example(&turns.join("\n"), labels, spec.weight)],
        None => vec![],
    }
}

fn err(path: &Path, line: Option<usize>, message: String) -> ManifestError {
    ManifestError { path: path.display().to_string(), line, message }
}
