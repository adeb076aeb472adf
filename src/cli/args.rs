//! Command-line arguments as the user writes them (clap derive). Validation and
//! defaults from config files happen later, in [`super::options`].

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

/// Finds coercive and mutual-benefit language in conversations, emails and policies,
/// and says whether they worked toward an agreement that serves everyone.
#[derive(Debug, Parser)]
#[command(name = "goodfaith", version, about, args_conflicts_with_subcommands = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Subcommands besides the default check.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule (the trained scorer's categories as `<family>.<category>.learned`).
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Explain a rule (or every rule of a category): what it is, why it matters, a
    /// better way to say it, its patterns and examples. `--verdicts` states the rules
    /// that decide the verdict instead.
    Explain {
        /// A rule id (coercive.threat.veiled) or a category (coercive.threat).
        #[arg(required_unless_present = "verdicts")]
        rule: Option<String>,
        /// Explain how the verdict is decided: the verdicts, their order, and how assent
        /// is tracked through the dialogue.
        #[arg(long, conflicts_with = "rule")]
        verdicts: bool,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Measure goodfaith on labelled text: a corpus folder (the layout of tests/corpus:
    /// precision, recall and F1 per family and category, verdict accuracy, false alarms,
    /// misses), or JSON Lines files with `--corpus` (the README's "Your own labelled data").
    Eval {
        /// The corpus folder.
        #[arg(required_unless_present = "corpus")]
        dir: Option<PathBuf>,
        /// A labelled JSON Lines file; repeatable. Each is reported on its own.
        #[arg(long, value_name = "FILE.jsonl", conflicts_with = "dir")]
        corpus: Vec<PathBuf>,
        /// With --corpus: how many misses to list per file.
        #[arg(long, value_name = "N", default_value_t = 20)]
        misses: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Train a sentence scorer on labelled data and write the model file. Reproduces the
    /// built-in model with `--manifest model/train.toml --out model/en.gfm`; trains your own
    /// with `--corpus mine.jsonl --out mine.model` (then `--model mine.model`).
    Train {
        /// A training manifest (TOML: written data files, corpora, hold-out shares, settings).
        #[arg(long, value_name = "FILE", required_unless_present_any = ["corpus", "data"])]
        manifest: Option<PathBuf>,
        /// A labelled JSON Lines file to train on; repeatable (80% trained on, 20% held out
        /// to choose the thresholds, split by a hash of each record's id).
        #[arg(long, value_name = "FILE.jsonl")]
        corpus: Vec<PathBuf>,
        /// A file of written lines, `label<TAB>register<TAB>text`; repeatable.
        #[arg(long, value_name = "FILE.tsv")]
        data: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Work on lexicon files.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
    /// Run a language server on standard input and output, for editors: diagnostics,
    /// hover and better wording for Markdown, text, HTML and email drafts.
    Lsp {
        /// Accepted for clients that pass it; standard input and output is the only transport.
        #[arg(long, hide = true)]
        stdio: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Show the configuration file in effect (goodfaith.toml or .goodfaith.toml, found
    /// by walking up from the current directory) with every default filled in.
    Config {
        /// Print the effective configuration as TOML.
        #[arg(long)]
        show: bool,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

/// The rules `rules`, `explain` and `eval` load besides the built-in lexicons.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct RulesArgs {
    /// Extra lexicon files.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// Which trained scorer to use.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ModelArgs {
    /// Use this trained model (from `goodfaith train`) instead of the built-in one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_model", help_heading = "Rules")]
    pub model: Option<PathBuf>,

    /// Run the lexicon alone, without the trained scorer.
    #[arg(long, help_heading = "Rules")]
    pub no_model: bool,
}

/// Which configuration file to use.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for goodfaith.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config", help_heading = "Configuration")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long, help_heading = "Configuration")]
    pub no_config: bool,
}

/// `goodfaith lexicon …`
#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Run every rule's `match` and `no_match` examples through the whole analyser.
    /// With FILES, only those files are loaded (not the built-in lexicons).
    Test {
        /// Lexicon files to test; the built-in lexicons when none are given.
        files: Vec<PathBuf>,
    },
}

/// Options of the default command: check files.
#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    /// Files or folders to check; `-` or nothing reads standard input. Folders are
    /// walked for the text formats goodfaith reads, honouring .gitignore and .ignore.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, help_heading = "Output")]
    pub format: OutputFormat,

    /// When to use colour (`NO_COLOR` is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Output")]
    pub color: ColorChoice,

    /// Also list negated and quoted findings and structural signals.
    #[arg(short, long, help_heading = "Output", conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print only what blocks: for each failing file the verdict and the blocking
    /// findings with a better way to say them, in a few lines; nothing when all pass.
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,

    /// Exit 1 when a counted coercive or signal finding reaches this severity
    /// [default: error]. Mutual findings (thanks, questions about needs) never fail a
    /// run, nor do hedges and intensifiers on their own ("thanks so much"), so
    /// `--fail-on info` does not stop a polite email.
    #[arg(long, value_enum, value_name = "SEVERITY", help_heading = "Exit code")]
    pub fail_on: Option<FailOn>,

    /// Also exit 1 on these verdicts (comma-separated, e.g. coercive,pressured-agreement).
    #[arg(long, value_delimiter = ',', value_name = "VERDICTS", help_heading = "Exit code")]
    pub fail_on_verdict: Vec<String>,

    /// The rule profile; by default chosen by input: policy for Markdown and HTML
    /// documents, conversation for two or more speakers, email for a message.
    #[arg(long, value_enum, help_heading = "Rules")]
    pub profile: Option<ProfileArg>,

    /// Extra lexicon files in the built-in format.
    #[arg(long = "lexicon", value_name = "FILE", help_heading = "Rules")]
    pub lexicons: Vec<PathBuf>,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Turn off a rule, a category (coercive.blame) or a family.
    #[arg(long = "disable", value_name = "RULE", help_heading = "Rules")]
    pub disable: Vec<String>,

    /// The input format, by name or extension (an unknown name lists them all); detected
    /// from the extension and the content by default.
    #[arg(long, value_name = "FORMAT", help_heading = "Input")]
    pub input_format: Option<String>,

    /// Only check files matching this glob, or skip them with `!GLOB`; repeatable.
    /// Matched against paths inside the folders given, like ripgrep's `--glob`.
    #[arg(short, long = "glob", value_name = "GLOB", help_heading = "Input")]
    pub globs: Vec<String>,

    /// Also walk hidden files and folders.
    #[arg(long, help_heading = "Input")]
    pub hidden: bool,

    /// Do not honour .gitignore, .ignore and git's exclude files.
    #[arg(long, help_heading = "Input")]
    pub no_ignore: bool,

    /// Files analysed at once [default: the number of cores].
    #[arg(short = 'j', long, value_name = "N", help_heading = "Input")]
    pub threads: Option<usize>,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", help_heading = "Baseline", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in this file (then exit 0), to adopt goodfaith on an
    /// existing repository with `--baseline`.
    #[arg(long, value_name = "FILE", help_heading = "Baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Also analyse quoted reply text in emails, as quoted turns whose findings never count.
    #[arg(long, help_heading = "Input")]
    pub include_quoted: bool,

    /// The name to report standard input under; its extension picks the format and
    /// the config's overrides apply to it (for editors and mail hooks).
    #[arg(long, value_name = "NAME", help_heading = "Input")]
    pub stdin_filename: Option<PathBuf>,

    /// Print each turn's normalised words and sentences, then stop.
    #[arg(long, help_heading = "Debug")]
    pub debug_tokens: bool,

    /// Print every raw lexicon hit and what the context rules did with it, then stop.
    #[arg(long, help_heading = "Debug")]
    pub debug_hits: bool,
}

/// `--format` of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Coloured report for a person.
    Human,
    /// One JSON document.
    Json,
    /// One JSON report per line.
    Ndjson,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// `path:line:col: severity rule: message`, one per line, for editors and grep.
    Brief,
    /// A Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY.
    Markdown,
    /// One self-contained HTML page (no script, no requests), with the transcript marked up.
    Html,
}

/// `--format` of `rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

pub use goodfaith::config::FailOn;

/// `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Transcripts of two or more people.
    Conversation,
    /// A single author's message, checked before sending.
    Email,
    /// Policies and customer-facing documents.
    Policy,
    /// `policy` plus reserve-the-right, waivers, auto-renewal.
    PolicyStrict,
}

impl From<ProfileArg> for goodfaith::lexicon::Profile {
    fn from(p: ProfileArg) -> Self {
        use goodfaith::lexicon::Profile;
        match p {
            ProfileArg::Conversation => Profile::Conversation,
            ProfileArg::Email => Profile::Email,
            ProfileArg::Policy => Profile::Policy,
            ProfileArg::PolicyStrict => Profile::PolicyStrict,
        }
    }
}
