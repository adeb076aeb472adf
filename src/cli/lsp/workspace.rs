//! The settings for each document: the `goodfaith.toml` (or `.goodfaith.toml`) found by
//! walking up from the document's folder, as the command line finds it from the current
//! one, or the file `--config` names. Each config is compiled once and again only when
//! the file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::super::args::{Cli, ConfigArgs};
use super::super::config::Config;
use super::super::options::Options;

/// Options per config file (`None`: no config file applies).
pub struct Workspace {
    args: ConfigArgs,
    loaded: HashMap<Option<PathBuf>, Loaded>,
}

struct Loaded {
    modified: Option<SystemTime>,
    options: Result<Options, String>,
}

impl Workspace {
    /// A workspace for the server's `--config`/`--no-config`.
    pub fn new(args: ConfigArgs) -> Self {
        Workspace { args, loaded: HashMap::new() }
    }

    /// The options for a document at `path` (an unsaved one: the current directory's).
    pub fn options_for(&mut self, path: Option<&Path>) -> Result<&Options, String> {
        let config = self.config_path(path);
        let modified = config.as_deref().and_then(|p| p.metadata().and_then(|m| m.modified()).ok());
        let stale = self.loaded.get(&config).is_none_or(|l| l.modified != modified);
        if stale {
            // An edited config builds new options; the old lexicon stays leaked, which a
            // config edit now and then can afford.
            let options = build(config.as_deref());
            self.loaded.insert(config.clone(), Loaded { modified, options });
        }
        self.loaded[&config].options.as_ref().map_err(Clone::clone)
    }

    fn config_path(&self, path: Option<&Path>) -> Option<PathBuf> {
        if self.args.no_config {
            return None;
        }
        if let Some(c) = &self.args.config {
            return Some(c.clone());
        }
        let start = path.and_then(Path::parent).map(Path::to_path_buf).or_else(|| std::env::current_dir().ok())?;
        Config::discover(&start)
    }
}

/// The options a check with no flags would have under `config`.
fn build(config: Option<&Path>) -> Result<Options, String> {
    let loaded = config.map(Config::load).transpose().map_err(|e| e.to_string())?;
    let check = <Cli as clap::Parser>::parse_from(["goodfaith"]).check;
    Options::with_config(loaded, &check).map_err(|e| format!("{e:#}"))
}
