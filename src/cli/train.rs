//! `goodfaith train`: fit a scorer on labelled data and write the model file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use goodfaith::model::manifest::{CorpusSpec, Manifest};
use goodfaith::model::train;

use super::EXIT_CLEAN;

/// Trains from a manifest and/or the files given, and writes `out`.
pub fn run(manifest: Option<&Path>, corpora: &[PathBuf], data: &[PathBuf], out: &Path) -> Result<u8> {
    let (mut m, base, name) = match manifest {
        Some(p) => (Manifest::read(p)?, p.parent().unwrap_or(Path::new(".")).to_path_buf(), p.display().to_string()),
        None => (Manifest { holdout: 0.2, ..Manifest::default() }, PathBuf::from("."), String::new()),
    };
    let here = std::env::current_dir().context("the current folder")?;
    let from_here = |p: &Path| here.join(p).to_string_lossy().into_owned();
    m.corpus.extend(corpora.iter().map(|p| CorpusSpec {
        path: from_here(p),
        train_share: 0.8,
        weight: 1.0,
        ordinary: false,
    }));
    m.data.extend(data.iter().map(|p| from_here(p)));
    m.check(manifest.unwrap_or(Path::new("--corpus")))?;
    let loaded = m.load(&base)?;
    if loaded.train.is_empty() {
        bail!("nothing to train on: no labelled lines or records in the files given");
    }
    let record = serde_json::json!({ "manifest": name, "sources": loaded.sources });
    let settings = m.settings();
    let (bytes, chosen) = train::train(&loaded.train, &loaded.calibration, &settings, record);
    let tmp = out.with_extension("tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "goodfaith: trained on {} examples ({} held out, {} ordinary lines held out) in {} epochs",
        loaded.train.len(),
        loaded.calibration.labelled.len() + loaded.calibration.real.len(),
        loaded.calibration.ordinary.len(),
        settings.epochs
    );
    for c in &chosen {
        let _ = writeln!(
            err,
            "  {:<9} threshold {:.3}: precision {:.3}, recall {:.3} on {} held-out examples; {:.2} ordinary lines per 1,000 flagged",
            c.family, c.threshold, c.precision, c.recall, c.examples, c.ordinary_per_1000
        );
    }
    let _ = writeln!(err, "goodfaith: wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(EXIT_CLEAN)
}
