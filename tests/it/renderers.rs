//! Every renderer's exact output on three samples, as snapshots (insta): the report for
//! people (colour off at a fixed width, and once in colour), `--quiet`, JSON, NDJSON,
//! SARIF, GitHub annotations, brief, Markdown and HTML, one page and several files on one.
//! A change to any byte of any format fails here with a diff to review; accept it with
//! `cargo insta review`, or by renaming the `.snap.new` file insta writes beside the
//! snapshot in `tests/it/snapshots/`.
//!
//! The runs are made deterministic: the binary runs in the repository root on relative
//! paths, at 100 columns, with colour set by the flag alone; the package version is
//! redacted, so a release does not rewrite every snapshot. JSON is laid out one value a
//! line by adding whitespace between tokens only (it is not parsed, so the key order and
//! every byte inside a value stay as written), to keep a diff readable. Each snapshot
//! ends with `[end]` because insta ignores trailing newlines, and a report's last
//! newline is part of its format.

use crate::common;

/// A conversation (coercive), an email reply (good faith: its quoted ultimatum and
/// signature are left out) and a policy (document mode, coercive clauses).
const SAMPLES: [&str; 3] = ["hardball-ultimatum.txt", "renewal-reply.eml", "policy-with-sanction.md"];

/// What goodfaith writes on standard output for `args`, run as a user runs it in the
/// repository root; the run must succeed (exit 0, or 1 for a finding at `--fail-on`)
/// with nothing on standard error.
fn stdout_of(args: &[&str]) -> String {
    let out = common::bin()
        .args(args)
        .current_dir(common::repo(""))
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run goodfaith");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)) && stderr.is_empty(), "goodfaith {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The package version, which SARIF, the HTML footer and the language server name.
fn redacted(output: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    output
        .replace(&format!("\"{version}\""), "\"[version]\"")
        .replace(&format!("goodfaith {version}"), "goodfaith [version]")
}

/// Compact JSON (one document or one per line) with a line per value and two spaces of
/// indent per level: whitespace is added between tokens, never inside a string, and
/// whatever whitespace the output had is kept.
fn laid_out(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let mut scan = Scan::default();
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if scan.in_string(c) {
            out.push(c);
            continue;
        }
        match c {
            '{' | '[' if matches!(chars.peek(), Some('}' | ']')) => {
                out.push(c);
                out.push(chars.next().unwrap());
            }
            '{' | '[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// A JSON scanner's place: inside a string or not, just after a backslash or not.
#[derive(Default)]
struct Scan {
    string: bool,
    escaped: bool,
}

impl Scan {
    /// Moves past `c`; true when `c` belongs to a string, its quotes included.
    fn in_string(&mut self, c: char) -> bool {
        if !self.string {
            self.string = c == '"';
            return self.string;
        }
        match (self.escaped, c) {
            (true, _) => self.escaped = false,
            (false, '\\') => self.escaped = true,
            (false, '"') => self.string = false,
            _ => {}
        }
        true
    }
}

/// Snapshots `goodfaith FLAGS samples/SAMPLE` for every sample, named `LABEL@SAMPLE`.
fn snapshot_every_sample(label: &str, flags: &[&str], layout: fn(&str) -> String) {
    for sample in SAMPLES {
        snapshot(&format!("{label}@{sample}"), &[flags, &[&format!("samples/{sample}")]].concat(), layout);
    }
}

fn snapshot(name: &str, args: &[&str], layout: fn(&str) -> String) {
    let shown = format!("{}[end]", layout(&redacted(&stdout_of(args))));
    insta::with_settings!({ description => format!("goodfaith {}", args.join(" ")), omit_expression => true }, {
        insta::assert_snapshot!(name, shown);
    });
}

fn as_written(output: &str) -> String {
    output.to_string()
}

#[test]
fn human() {
    snapshot_every_sample("human", &["--color", "never"], as_written);
}

/// The colours themselves (escape codes and all), on the sample with every kind of mark.
#[test]
fn human_in_colour() {
    snapshot(
        "human-colour@hardball-ultimatum.txt",
        &["--color", "always", "samples/hardball-ultimatum.txt"],
        as_written,
    );
}

/// Nothing for the fair email; the verdict and what blocks it for the others.
#[test]
fn quiet() {
    snapshot_every_sample("quiet", &["--quiet", "--color", "never"], as_written);
}

#[test]
fn json() {
    snapshot_every_sample("json", &["--format", "json"], laid_out);
}

#[test]
fn ndjson() {
    snapshot_every_sample("ndjson", &["--format", "ndjson"], laid_out);
}

#[test]
fn sarif() {
    snapshot_every_sample("sarif", &["--format", "sarif"], laid_out);
}

#[test]
fn github() {
    snapshot_every_sample("github", &["--format", "github"], as_written);
}

#[test]
fn brief() {
    snapshot_every_sample("brief", &["--format", "brief"], as_written);
}

#[test]
fn markdown() {
    snapshot_every_sample("markdown", &["--format", "markdown"], as_written);
}

#[test]
fn html() {
    snapshot_every_sample("html", &["--format", "html"], as_written);
}

/// Several files on one page: the summary table, then a section per file.
#[test]
fn html_of_several_files() {
    let paths: Vec<String> = SAMPLES.iter().map(|s| format!("samples/{s}")).collect();
    let args: Vec<&str> = ["--format", "html"].into_iter().chain(paths.iter().map(String::as_str)).collect();
    snapshot("html@all-three", &args, as_written);
}

/// The layout only adds whitespace between tokens: taking it out again gives the
/// output byte for byte, strings with brackets, commas, colons and escapes included.
#[test]
fn json_layout_adds_whitespace_between_tokens_only() {
    let compact = r#"{"a":[1,{"b":"x, [y]: {z}","c":"say \"hi\", \\"},[],{}],"d":null}"#;
    let laid = laid_out(compact);
    assert!(laid.lines().count() > 5, "{laid}");
    let mut scan = Scan::default();
    let back: String = laid.chars().filter(|&c| scan.in_string(c) || !c.is_whitespace()).collect();
    assert_eq!(back, compact);
}
