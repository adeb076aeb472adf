//! CI on a policy repository, as a team runs it: folders walked, goodfaith.toml,
//! profiles, inline suppression, baselines, and the linter formats on real files.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const SANCTION: &str = "Failure to respond within 15 minutes will result in immediate termination.";
const LEAVE: &str = "# Leave\n\nRequests are approved by your manager.\n\nFailure to respond within 15 minutes will result in immediate termination.\n\nWe want to find a schedule that works for both of us.\n";

/// A scratch repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Repo {
        Repo { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> &Repo {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Runs goodfaith in `cwd` (relative to the repository).
    fn run_in(&self, cwd: &str, args: &[&str]) -> Output {
        let mut c: Command = common::bin();
        c.args(args).current_dir(self.path(cwd)).stdin(Stdio::null());
        c.output().unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_in("", args)
    }

    /// `--format json` from the root.
    fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let doc = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
        (out.status.code().unwrap(), doc)
    }
}

fn paths(doc: &Value) -> Vec<String> {
    doc["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect()
}

fn file<'a>(doc: &'a Value, suffix: &str) -> &'a Value {
    doc["files"].as_array().unwrap().iter().find(|f| f["path"].as_str().unwrap().ends_with(suffix)).unwrap()
}

fn coercive_lines(f: &Value) -> Vec<u64> {
    common::counted(f, "coercive").into_iter().map(|(l, _)| l).collect()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn folders_are_walked_in_order_honouring_ignore_files() {
    let r = Repo::new();
    r.write("b/z.md", "Fine.\n")
        .write("a.txt", "Fine.\n")
        .write("b/a.md", "Fine.\n")
        .write("build/gen.md", "Take it or leave it.\n")
        .write(".hidden/x.md", "Fine.\n")
        .write("skip.ignored.md", "Fine.\n")
        .write("photo.png", "not text\n")
        .write(".gitignore", "build/\n")
        .write(".ignore", "*.ignored.md\n");
    let (_, doc) = r.json(&["--fail-on", "never", "."]);
    assert_eq!(paths(&doc), ["a.txt", "b/a.md", "b/z.md"]);
    let (_, doc) = r.json(&["--fail-on", "never", "--hidden", "--no-ignore", "."]);
    assert_eq!(paths(&doc), [".hidden/x.md", "a.txt", "b/a.md", "b/z.md", "build/gen.md", "skip.ignored.md"]);
    let (_, doc) = r.json(&["--fail-on", "never", "--glob", "!b/**", "."]);
    assert_eq!(paths(&doc), ["a.txt"]);
    let (_, doc) = r.json(&["--fail-on", "never", "--glob", "*.png", "."]);
    assert_eq!(paths(&doc), ["photo.png"], "a positive --glob picks the files");
    let (_, doc) = r.json(&["--fail-on", "never", "photo.png", "b"]);
    assert_eq!(paths(&doc), ["photo.png", "b/a.md", "b/z.md"], "a named file is always checked");
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let r = Repo::new();
    for i in 0..60 {
        // Uneven sizes so workers finish out of order.
        let body = format!("{SANCTION}\n").repeat(if i % 7 == 0 { 400 } else { 1 });
        r.write(&format!("d{}/f{i:02}.md", i % 3), &body);
    }
    let one = r.run(&["--format", "brief", "-j", "1", "."]);
    let four = r.run(&["--format", "brief", "-j", "4", "."]);
    assert!(!one.stdout.is_empty());
    assert_eq!(stdout(&one), stdout(&four));
    let (_, doc) = r.json(&["-j", "4", "."]);
    let got = paths(&doc);
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
}

#[test]
fn config_is_found_from_a_subfolder_and_flags_win() {
    let r = Repo::new();
    r.write("hr/leave.md", LEAVE)
        .write("goodfaith.toml", "fail-on = \"never\"\n[rules]\ndisable = [\"mutual.joint\"]\n");
    let out = r.run_in("hr", &["--format", "json", "leave.md"]);
    assert_eq!(out.status.code(), Some(0), "fail-on = never from ../goodfaith.toml");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(common::counted(&doc["files"][0], "mutual").iter().all(|(_, rule)| !rule.starts_with("mutual.joint")));
    assert_eq!(r.run_in("hr", &["--fail-on", "error", "leave.md"]).status.code(), Some(1), "the flag wins");
    assert_eq!(r.run_in("hr", &["--no-config", "leave.md"]).status.code(), Some(1), "--no-config");
    r.write("other.toml", "fail-on = \"error\"\n");
    assert_eq!(r.run_in("hr", &["--config", "../other.toml", "leave.md"]).status.code(), Some(1), "--config");
}

#[test]
fn config_errors_name_file_line_and_key() {
    let r = Repo::new();
    r.write("hr/leave.md", LEAVE);
    // (config, expected in stderr)
    let cases = [
        ("[rules]\ndisable = 3\n", ":2: `rules.disable`: invalid type"),
        ("[rules]\nunknown_key = true\n", ":2: `rules.unknown_key`: unknown field"),
        ("[rules]\ndisable = [\"coercive.nope\"]\n", ":2: `rules.disable`: no rule or category `coercive.nope`"),
        ("[rules]\nseverity = { \"nope.x\" = \"error\" }\n", ":2: `rules.severity`: no rule or category `nope.x`"),
        ("fail-on-verdict = [\"bad\"]\n", ":1: `fail-on-verdict`: unknown verdict `bad`"),
        ("[rules]\nexclude = [\"a[\"]\n", ":2: `rules.exclude`: bad glob"),
        ("[rules]\nlexicons = [\"missing.toml\"]\n", ":2: `rules.lexicons`: no lexicon file"),
        ("[[overrides]]\npaths = [\"x/**\"]\ndisable = [\"coercive.nope\"]\n", ":3: `overrides.disable`"),
    ];
    for (config, want) in cases {
        r.write("goodfaith.toml", config);
        let out = r.run(&["hr/leave.md"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{config}: {err}");
        assert!(err.contains("goodfaith.toml") && err.contains(want), "{config}: want {want:?} in {err}");
        assert!(out.stdout.is_empty(), "no report from a bad config");
    }
    r.write("goodfaith.toml", "");
    assert_eq!(r.run(&["hr/leave.md"]).status.code(), Some(1), "an empty file is valid");
}

#[test]
fn profiles_follow_input_config_and_overrides() {
    let r = Repo::new();
    r.write("policies/hr/leave.md", LEAVE)
        .write("notes/draft.txt", "We need the report by Friday.\n")
        .write("goodfaith.toml", "[[overrides]]\npaths = [\"policies/**\"]\nprofile = \"policy-strict\"\n");
    let (_, doc) = r.json(&["--fail-on", "never", "."]);
    assert_eq!(file(&doc, "leave.md")["profile"], "policy-strict");
    assert_eq!(file(&doc, "draft.txt")["profile"], "email");
    let (_, doc) = r.json(&["--fail-on", "never", "--profile", "conversation", "."]);
    assert_eq!(file(&doc, "leave.md")["profile"], "conversation", "--profile beats the overrides");
    let (_, doc) = r.json(&["--no-config", "--fail-on", "never", "."]);
    assert_eq!(file(&doc, "leave.md")["profile"], "policy", "Markdown is a document");
}

#[test]
fn excluded_paths_are_never_checked() {
    let r = Repo::new();
    r.write("drafts/a.md", LEAVE)
        .write("ok.md", "Fine.\n")
        .write("goodfaith.toml", "[rules]\nexclude = [\"drafts/**\"]\n");
    let (code, doc) = r.json(&["."]);
    assert_eq!((code, paths(&doc)), (0, vec!["ok.md".to_string()]));
    let out = r.run(&["drafts/a.md"]);
    assert_eq!(out.status.code(), Some(0), "a named file the config excludes is skipped");
    assert!(stderr(&out).contains("excluded"), "{}", stderr(&out));
}

#[test]
fn inline_suppression_silences_before_the_verdict() {
    let r = Repo::new();
    let text = format!("# Remote\n\n<!-- goodfaith-disable-next-line coercive.threat -- reviewed by legal -->\n{SANCTION}\n\n<!-- goodfaith-disable -->\n{SANCTION}\n<!-- goodfaith-enable -->\n\n{SANCTION}\n");
    r.write("remote.md", &text);
    let (code, doc) = r.json(&["remote.md"]);
    let f = &doc["files"][0];
    assert_eq!(coercive_lines(f), [10], "lines 4 and 7 are silenced");
    assert_eq!(f["suppressed"], 2);
    assert_eq!(code, 1);
    r.write("remote.md", &text.replace(&format!("\n\n{SANCTION}\n"), "\n"));
    let (code, doc) = r.json(&["remote.md"]);
    assert_eq!(code, 0, "suppressed findings do not count");
    assert_ne!(doc["files"][0]["verdict"], "coercive");
}

#[test]
fn unused_suppressions_are_warnings_everywhere() {
    let r = Repo::new();
    r.write("a.md", "<!-- goodfaith-disable-next-line -->\nTeams agree on core hours together.\n");
    r.write("b.txt", "goodfaith-disable-next-line coercive.nope\nFine.\n");
    let out = r.run(&["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(0), "a warning, not a failure");
    let err = stderr(&out);
    assert!(err.contains("a.md:1: warning: unused suppression"), "{err}");
    assert!(err.contains("b.txt:1: warning: suppression names no rule or category `coercive.nope`"), "{err}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(file(&doc, "a.md")["unused_suppressions"][0]["line"], 1);
    let gh = stdout(&r.run(&["--format", "github", "."]));
    assert!(gh.contains("::warning file=a.md,line=1,title=goodfaith.unused-suppression::"), "{gh}");
    let brief = stdout(&r.run(&["--format", "brief", "."]));
    assert!(brief.contains("b.txt:1:1: warning goodfaith.unused-suppression:"), "{brief}");
}

#[test]
fn baselines_report_only_new_findings_and_ignore_line_moves() {
    let r = Repo::new();
    r.write("policies/leave.md", LEAVE);
    let out = r.run(&["--write-baseline", "goodfaith-baseline.json", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(r.path("goodfaith-baseline.json")).unwrap()).unwrap();
    assert_eq!(base["version"], 1);
    assert_eq!(base["findings"][0]["path"], "policies/leave.md");
    assert_eq!(r.run(&["--baseline", "goodfaith-baseline.json", "."]).status.code(), Some(0));
    // Lines added above: the finding moves, and is still known.
    r.write("policies/leave.md", &format!("# Intro\n\nSome context.\n\n{LEAVE}"));
    let (code, doc) = r.json(&["--baseline", "goodfaith-baseline.json", "."]);
    assert_eq!((code, coercive_lines(&doc["files"][0])), (0, vec![]));
    // From another folder, the same baseline still applies.
    let out = r.run_in("policies", &["--baseline", "../goodfaith-baseline.json", "leave.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A second copy of the sentence is new.
    r.write("policies/leave.md", &format!("{LEAVE}\nAlso: {SANCTION}\n"));
    let (code, doc) = r.json(&["--baseline", "goodfaith-baseline.json", "."]);
    assert_eq!((code, coercive_lines(&doc["files"][0])), (1, vec![9]));
    let out = r.run(&["--baseline", "nothing-here.json", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nothing-here.json"));
}

#[test]
fn quiet_is_short_and_still_fails() {
    let r = Repo::new();
    let many = format!("{SANCTION}\n\nTake it or leave it.\n\nYou have no choice.\n\n{SANCTION}\n");
    r.write("draft.txt", &many).write("clean.txt", "Thanks for the update. What would work best for you?\n");
    let out = r.run(&["--quiet", "draft.txt"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.lines().count() <= 6 && text.starts_with("draft.txt: coercive"), "{text}");
    assert!(text.contains('→'), "a better way to say it: {text}");
    let out = r.run(&["--quiet", "clean.txt"]);
    assert_eq!((out.status.code(), stdout(&out)), (Some(0), String::new()));
}

#[test]
fn sarif_validates_and_fingerprints_survive_line_moves() {
    let r = Repo::new();
    r.write("hr/leave.md", LEAVE);
    let first = r.run(&["--format", "sarif", "."]);
    let log: Value = serde_json::from_slice(&first.stdout).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "hr/leave.md");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 5);
    assert_eq!(result["level"], "error");
    r.write("hr/leave.md", &format!("Intro.\n\n{LEAVE}"));
    let moved: Value = serde_json::from_slice(&r.run(&["--format", "sarif", "."]).stdout).unwrap();
    let moved = &moved["runs"][0]["results"][0];
    assert_eq!(moved["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(moved["partialFingerprints"], result["partialFingerprints"]);
    validate_sarif(r.path("log.sarif").as_path(), &first.stdout);
}

/// Validates against the official schema with Python's jsonschema (installed by
/// .ci/run); skipped with a note where it is missing.
fn validate_sarif(tmp: &Path, log: &[u8]) {
    let has = Command::new("python3").args(["-c", "import jsonschema"]).output().is_ok_and(|o| o.status.success());
    if !has {
        eprintln!("note: python3 with jsonschema not found; SARIF schema validation skipped");
        return;
    }
    std::fs::write(tmp, log).unwrap();
    let schema = common::repo("tests/fixtures/sarif-schema-2.1.0.json");
    let script = "import json,sys,jsonschema\nschema=json.load(open(sys.argv[1]))\nerrs=list(jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n[print(e.message) for e in errs[:5]]\nsys.exit(1 if errs else 0)";
    let out = Command::new("python3").args(["-c", script, &schema, &tmp.to_string_lossy()]).output().unwrap();
    assert!(out.status.success(), "SARIF does not validate: {}{}", stdout(&out), stderr(&out));
}

#[test]
fn config_show_prints_the_effective_configuration() {
    let r = Repo::new();
    r.write("sub/x.md", "Fine.\n").write(".goodfaith.toml", "profile = \"policy\"\n[rules]\nlexicons = [\"lex/company.toml\"]\n").write(
        "lex/company.toml",
        "family = \"coercive\"\ncategory = \"company\"\n\n[[rules]]\nid = \"coercive.company.crunch\"\nseverity = \"error\"\nmessage = \"Crunch.\"\nsuggestion = \"Plan.\"\npatterns = [\"crunch time\"]\n",
    );
    let out = r.run_in("sub", &["config", "--show"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(".goodfaith.toml")
            && text.contains("profile = \"policy\"")
            && text.contains("fail-on = \"error\""),
        "{text}"
    );
    assert!(text.contains("company.toml"), "lexicon paths resolved: {text}");
    r.write("sub/x.md", "It is crunch time.\n");
    let (code, doc) = r.json(&["sub/x.md"]);
    assert_eq!(code, 1, "the extra lexicon from the config is loaded");
    assert_eq!(doc["files"][0]["findings"][0]["rule"], "coercive.company.crunch");
}
