//! The validated settings of a check run: the command line merged over the config file
//! (flags win), the lexicon built once, per-path overrides compiled. Every name in the
//! config file is checked here, so a typo is an error naming the file, line and key.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use goodfaith::analysis::{Settings, Verdict};
use goodfaith::input::{self, Format};
use goodfaith::lexicon::{Lexicon, Profile, RuleIdx, Severity};
use goodfaith::report::Threshold;
use toml::Spanned;

use super::args::{CheckArgs, ConfigArgs, OutputFormat};
use super::config::{model_choice, Config, ConfigError, Given, Shared};
use super::globs::Globs;
use super::EXIT_CLEAN;

/// Settings for the files one `[[overrides]]` entry matches.
#[derive(Debug)]
struct PathOverride {
    paths: Globs,
    profile: Option<Profile>,
    disable: Vec<RuleIdx>,
    severity: Vec<(RuleIdx, Severity)>,
}

/// Everything a check run needs to know before it reads a file.
#[derive(Debug)]
pub struct Options {
    /// The config file in effect.
    pub config: Option<Config>,
    /// The rules, compiled once; they live until the process exits, since freeing
    /// thousands of compiled phrases at exit is work nobody waits for.
    pub lexicon: &'static Lexicon,
    /// Settings for a file no override matches.
    base: Settings,
    overrides: Vec<PathOverride>,
    /// `--profile` was given: it beats the overrides.
    profile_from_flag: bool,
    /// When the run exits 1.
    pub threshold: Threshold,
    /// Paths never checked.
    pub exclude: Option<Globs>,
    /// `--input-format` and `--include-quoted`.
    pub read: input::Options,
}

impl Options {
    /// Loads the config file (unless told not to) and merges the command line over it.
    pub fn resolve(args: &CheckArgs) -> Result<Options> {
        let config = load_config(&args.config)?;
        Options::with_config(config, args)
    }

    /// Merges the command line over `config` ([`Shared`]) and compiles the result.
    pub fn with_config(config: Option<Config>, args: &CheckArgs) -> Result<Options> {
        let shared = Shared::merge(args, config.as_ref())?;
        let lexicon: &'static Lexicon = Box::leak(Box::new(build_lexicon(config.as_ref(), &shared)?));
        let mut base = Settings::new(lexicon);
        // Only the HTML report shows the transcript; others need not keep the text.
        base.keep_turns = args.format == OutputFormat::Html;
        base.profile = shared.profile;
        let threshold = Threshold { severity: shared.fail_on.severity(), verdicts: verdicts(&shared.fail_on_verdict)? };
        for name in &shared.disable {
            base.disable(lexicon, &name.value).map_err(|e| name.origin.error(e.to_string()))?;
        }
        let (mut overrides, mut exclude) = (vec![], None);
        if let Some(c) = &config {
            for (i, sev) in severities(c, lexicon, &c.file.rules.severity)? {
                base.severity[i as usize] = sev;
            }
            overrides = compile_overrides(c, lexicon)?;
            exclude = Some(compile_globs(c, &c.file.rules.exclude)?);
        }
        let format = args
            .input_format
            .as_deref()
            .map(|f| Format::from_name(f).with_context(|| unknown_format(f)))
            .transpose()?;
        let read = input::Options { format, include_quoted: args.include_quoted };
        let profile_from_flag = shared.profile_from_flag;
        Ok(Options { config, lexicon, base, overrides, profile_from_flag, threshold, exclude, read })
    }

    /// Lets one large file be scanned on `threads` threads (used when a run has one file).
    pub fn set_scan_threads(&mut self, threads: usize) {
        self.base.threads = threads.max(1);
    }

    /// Threads one file is scanned (and its JSON report written) on.
    pub fn scan_threads(&self) -> usize {
        self.base.threads
    }

    /// The settings for one file: the base, with every matching override applied in
    /// order (a later profile wins; disables add up).
    pub fn settings_for(&self, path: &Path) -> Cow<'_, Settings> {
        let mut matching = self.overrides.iter().filter(|o| o.paths.is_match(path)).peekable();
        if matching.peek().is_none() {
            return Cow::Borrowed(&self.base);
        }
        let mut s = self.base.clone();
        for o in matching {
            if let Some(p) = o.profile.filter(|_| !self.profile_from_flag) {
                s.profile = Some(p);
            }
            for &i in &o.disable {
                s.disabled[i as usize] = true;
            }
            for &(i, sev) in &o.severity {
                s.severity[i as usize] = sev;
            }
        }
        Cow::Owned(s)
    }

    /// True when the config file excludes `path`.
    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// The config file: `--config FILE`, none with `--no-config`, else the first one found
/// walking up from the current directory.
pub fn load_config(args: &ConfigArgs) -> Result<Option<Config>> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => Config::discover(&std::env::current_dir().context("the current directory")?),
    };
    Ok(path.map(|p| Config::load(&p)).transpose()?)
}

fn unknown_format(name: &str) -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    format!("--input-format: unknown format `{name}` (one of {})", names.join(", "))
}

/// The verdicts named, wherever they were given.
fn verdicts(names: &[Given<String>]) -> Result<Vec<Verdict>> {
    let all = || Verdict::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ");
    names
        .iter()
        .map(|v| {
            Verdict::from_name(v.value.trim())
                .ok_or_else(|| v.origin.error(format!("unknown verdict `{}`; one of {}", v.value, all())))
        })
        .collect()
}

/// The built-in lexicons, the `--lexicon` and `lexicons` files, the config's `allow`,
/// and the trained scorer `--model`, `--no-model` or `model` chooses.
fn build_lexicon(config: Option<&Config>, shared: &Shared) -> Result<Lexicon> {
    let mut builder = Lexicon::builder().model(model_choice(shared.model.as_ref())?);
    for l in &shared.lexicons {
        builder = builder.file(&l.value)?;
    }
    let Some(c) = config else { return Ok(builder.build()?) };
    builder = builder.allow(c.file.rules.allow.iter().map(|a| a.get_ref().clone()));
    builder.build().map_err(|e| {
        // A bad allowed phrase is the config file's fault: point at it.
        let allowed =
            (e.path == "allow").then(|| c.file.rules.allow.iter().find(|a| Some(a.get_ref()) == e.key.as_ref()));
        match allowed.flatten() {
            Some(a) => c.error_at(a.span(), format!("allowed phrase: {}", e.message)).into(),
            // The list as a whole (too many phrases): name the file and the key.
            None if e.path == "allow" => {
                let line = c.file.rules.allow.first().and_then(|a| c.error_at(a.span(), "").line);
                let key = Some("rules.allow".to_string());
                goodfaith::config::ConfigError::new(c.path.clone(), e.message).at(line, key).into()
            }
            None => e.into(),
        }
    })
}

/// The rules a config name selects, or an error at its span.
fn select(c: &Config, lexicon: &Lexicon, name: &Spanned<String>) -> Result<Vec<RuleIdx>, ConfigError> {
    Settings::select(lexicon, name.get_ref()).map_err(|e| c.error_at(name.span(), e.to_string()))
}

fn severities(
    c: &Config,
    lexicon: &Lexicon,
    map: &std::collections::BTreeMap<String, Spanned<Severity>>,
) -> Result<Vec<(RuleIdx, Severity)>, ConfigError> {
    let mut out = vec![];
    for (name, sev) in map {
        let rules = Settings::select(lexicon, name).map_err(|e| c.error_at(sev.span(), e.to_string()))?;
        out.extend(rules.into_iter().map(|i| (i, *sev.get_ref())));
    }
    Ok(out)
}

fn compile_globs(c: &Config, patterns: &[Spanned<String>]) -> Result<Globs, ConfigError> {
    let texts: Vec<&str> = patterns.iter().map(|p| p.get_ref().as_str()).collect();
    Globs::new(c.dir(), &texts).map_err(|(i, m)| c.error_at(patterns[i].span(), format!("bad glob: {m}")))
}

fn compile_overrides(c: &Config, lexicon: &Lexicon) -> Result<Vec<PathOverride>, ConfigError> {
    let mut out = vec![];
    for o in &c.file.overrides {
        if o.paths.get_ref().is_empty() {
            return Err(c.error_at(o.paths.span(), "an override needs at least one path glob"));
        }
        let mut disable = vec![];
        for name in &o.disable {
            disable.extend(select(c, lexicon, name)?);
        }
        out.push(PathOverride {
            paths: compile_globs(c, o.paths.get_ref())?,
            profile: o.profile,
            disable,
            severity: severities(c, lexicon, &o.severity)?,
        });
    }
    Ok(out)
}

/// `goodfaith config [--show]`: the file in effect, and with `--show` what it amounts
/// to, every default filled in. The file is fully checked first.
pub fn show(args: &ConfigArgs, full: bool) -> Result<u8> {
    let config = load_config(args)?;
    let check = <super::args::Cli as clap::Parser>::parse_from(["goodfaith"]).check;
    let options = Options::with_config(config, &check)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &options.config {
        Some(c) => writeln!(out, "# {}", goodfaith::report::sanitize::sanitize(&c.path.display().to_string()))?,
        None => writeln!(out, "# no goodfaith.toml or .goodfaith.toml found: the defaults")?,
    }
    if full {
        let empty = super::config::ConfigFile::default();
        let (file, dir) = match &options.config {
            Some(c) => (&c.file, c.dir()),
            None => (&empty, Path::new(".")),
        };
        let text = toml::to_string(&file.effective(dir)).context("printing the configuration")?;
        write!(out, "{text}")?;
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}
