//! The shipped hooks, run as their tools run them, on real drafts: the mail wrapper
//! with a fake sendmail, git send-email's validate hook on `git format-patch` output,
//! the pre-commit hook entries, and the GitHub Action's check step.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const GOOD_REPLY: &str = "From: Ana Lopez <ana@example.com>\nTo: Bo Chen <bo@example.com>\nSubject: Re: renewal terms\nDate: Mon, 3 Mar 2025 10:00:00 +0000\nMessage-ID: <draft-1@example.com>\n\nHi Bo,\n\nThanks for the quick reply. What matters most to you in the renewal? If the\ntiming is the issue, we could move the start date to April.\n\nOn Fri, 28 Feb 2025, Bo Chen <bo@example.com> wrote:\n> This is our final offer. Take it or leave it.\n> Sign by Friday or we walk.\n\nAna\n";

fn bad_reply() -> String {
    GOOD_REPLY.replace("What matters most to you in the renewal?", "This is our final offer. Take it or leave it.")
}

fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_goodfaith")).parent().unwrap().to_path_buf()
}

/// A command with the built goodfaith first on PATH.
fn command(program: &str) -> Command {
    let mut c = Command::new(program);
    let path = format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap_or_default());
    c.env("PATH", path).env("GOODFAITH", env!("CARGO_BIN_EXE_goodfaith")).env_remove("GOODFAITH_SKIP");
    c.env_remove("GOODFAITH_ARGS").env_remove("NO_COLOR");
    c
}

fn run(mut c: Command, stdin: &[u8]) -> Output {
    let mut child = c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fake sendmail that records its arguments and the message.
fn fake_sendmail(dir: &Path) -> PathBuf {
    let path = dir.join("fake-sendmail");
    let script = format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > '{0}/args'\ncat > '{0}/sent.eml'\n", dir.display());
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    path
}

#[test]
fn mail_wrapper_stops_a_coercive_draft_and_sends_a_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let sendmail = fake_sendmail(dir.path());
    let wrapper = common::repo("contrib/mail/goodfaith-sendmail");
    let sent = dir.path().join("sent.eml");

    let state = dir.path().join("state");
    let kept = state.join("goodfaith/blocked-draft.eml");
    let mut c = command("sh");
    c.args([&wrapper, &format!("--sendmail={}", sendmail.display()), "-oi", "bo@example.com"]);
    c.env("XDG_STATE_HOME", &state);
    let out = run(c, bad_reply().as_bytes());
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("blocked-draft.eml: coercive") && err.contains("Take it or leave it") && err.contains('→'),
        "{err}"
    );
    assert!(err.contains("not sent"), "{err}");
    assert!(!sent.exists(), "nothing reaches sendmail");
    // The draft the hint names exists, and the full report runs on it.
    let hint = format!("The full report: goodfaith --profile email {}", kept.display());
    assert!(err.contains(&hint), "{err}");
    let full = common::run(&["--profile", "email", kept.to_str().unwrap()], None);
    assert_eq!(full.status.code(), Some(1));
    assert!(text(&full.stdout).contains("Take it or leave it"), "{full:?}");

    // The quoted "final offer" from the other side does not count: only Ana's words do.
    let mut c = command("sh");
    c.args([&wrapper, "-oi", "bo@example.com"]).env("GOODFAITH_SENDMAIL", &sendmail);
    c.env("XDG_STATE_HOME", &state);
    let out = run(c, GOOD_REPLY.as_bytes());
    assert!(!kept.exists(), "a draft that goes out is not kept");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&sent).unwrap(), GOOD_REPLY, "the message goes on unchanged");
    assert_eq!(std::fs::read_to_string(dir.path().join("args")).unwrap(), "-oi\nbo@example.com\n");
    assert!(out.stderr.is_empty(), "a clean draft is sent silently: {}", text(&out.stderr));

    std::fs::remove_file(&sent).unwrap();
    let mut c = command("sh");
    c.args([&wrapper, "bo@example.com"]).env("GOODFAITH_SENDMAIL", &sendmail).env("GOODFAITH_SKIP", "1");
    assert_eq!(run(c, bad_reply().as_bytes()).status.code(), Some(0));
    assert!(sent.exists(), "GOODFAITH_SKIP sends without checking");
}

#[test]
fn mail_wrapper_passes_on_the_real_sendmails_failure() {
    let dir = tempfile::tempdir().unwrap();
    let wrapper = common::repo("contrib/mail/goodfaith-sendmail");
    let mut c = command("sh");
    c.args([&wrapper, "--sendmail=false", "bo@example.com"]);
    assert_eq!(run(c, GOOD_REPLY.as_bytes()).status.code(), Some(1), "sendmail's own exit status");
    drop(dir);
}

fn git(repo: &Path, args: &[&str]) -> Output {
    let out = command("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "Ann Dev")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann Dev")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .output()
        .unwrap();
    out
}

/// A repository with two patches: a polite one and a coercive one whose diff also
/// contains coercive words (which must not count: only the prose does).
fn patches(repo: &Path) -> (PathBuf, PathBuf) {
    assert!(git(repo, &["init", "-q"]).status.success());
    std::fs::write(repo.join("notes.txt"), "start\n").unwrap();
    git(repo, &["add", "notes.txt"]);
    git(repo, &["commit", "-qm", "Start"]);
    std::fs::write(repo.join("notes.txt"), "start\nTake it or leave it.\n").unwrap();
    git(repo, &["commit", "-qam", "Quote the old wording in the notes\n\nThis keeps the earlier phrasing for the record. Would it help to add a\nsummary too? Happy to change it if you prefer."]);
    std::fs::write(repo.join("notes.txt"), "start\n").unwrap();
    git(repo, &["commit", "-qam", "Drop the quote\n\nMerge this today or else I will escalate to your manager."]);
    let out = git(repo, &["format-patch", "-q", "-2", "-o", "out"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo.join("out")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    (files[0].clone(), files[1].clone())
}

#[test]
fn sendemail_validate_judges_the_prose_not_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = patches(dir.path());
    let hook = common::repo("contrib/git/sendemail-validate");
    let out = command("sh").arg(&hook).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the diff's 'take it or leave it' is code: {}", text(&out.stderr));
    let out = command("sh").arg(&hook).arg(&bad).output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("0002-Drop-the-quote.eml: coercive") && err.contains("or else"), "{err}");
}

#[test]
fn git_send_email_refuses_a_coercive_patch() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = patches(dir.path());
    if !text(&git(dir.path(), &["send-email", "-h"]).stdout).contains("git send-email") {
        eprintln!("note: git send-email is not installed; the hook was tested directly only");
        return;
    }
    let hooks = dir.path().join(".git/hooks");
    std::fs::copy(common::repo("contrib/git/sendemail-validate"), hooks.join("sendemail-validate")).unwrap();
    let send = |patch: &Path| {
        git(
            dir.path(),
            &["send-email", "--dry-run", "--confirm=never", "--to", "bo@example.com", &patch.to_string_lossy()],
        )
    };
    let out = send(&bad);
    assert!(!out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("rejected by sendemail-validate"), "{}", text(&out.stderr));
    let out = send(&good);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Dry-OK"), "{}", text(&out.stdout));
}

/// `entry` and `files` of each hook in .pre-commit-hooks.yaml (a flat list of maps).
fn pre_commit_hooks() -> Vec<(String, String, String)> {
    let yaml = std::fs::read_to_string(common::repo(".pre-commit-hooks.yaml")).unwrap();
    let value = |line: &str, key: &str| {
        line.trim_start_matches(['-', ' ']).strip_prefix(key).map(|v| v.trim().trim_matches('\'').to_string())
    };
    let mut hooks = vec![];
    for line in yaml.lines().filter(|l| !l.trim_start().starts_with('#')) {
        if let Some(id) = value(line, "id:") {
            hooks.push((id, String::new(), String::new()));
        } else if let (Some(h), Some(v)) = (hooks.last_mut(), value(line, "entry:")) {
            h.1 = v;
        } else if let (Some(h), Some(v)) = (hooks.last_mut(), value(line, "files:")) {
            h.2 = v;
        }
    }
    hooks
}

#[test]
fn pre_commit_entries_check_the_files_pre_commit_passes() {
    let hooks = pre_commit_hooks();
    assert_eq!(hooks.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(), ["goodfaith", "goodfaith-system"]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leave.md"),
        "# Leave\n\nFailure to respond within 15 minutes will result in immediate termination.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("remote.md"), "# Remote\n\nTeams agree on core hours together.\n").unwrap();
    std::fs::write(dir.path().join("main.rs"), "fn main() {}\n").unwrap();
    for (id, entry, files) in hooks {
        let files = regex::Regex::new(&files).unwrap();
        let staged: Vec<&str> =
            ["leave.md", "main.rs", "remote.md"].into_iter().filter(|f| files.is_match(f)).collect();
        assert_eq!(staged, ["leave.md", "remote.md"], "{id}: files");
        let mut words = entry.split_whitespace();
        // pre-commit runs the entry with the matching file names appended.
        let run = |names: &[&str]| {
            command(words.clone().next().unwrap())
                .args(words.clone().skip(1))
                .args(names)
                .current_dir(dir.path())
                .output()
                .unwrap()
        };
        let out = run(&staged);
        assert_eq!(out.status.code(), Some(1), "{id}: {}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("leave.md:3:1: error coercive."), "{id}: {}", text(&out.stdout));
        assert_eq!(run(&["remote.md"]).status.code(), Some(0), "{id}");
        words.next();
    }
}

#[test]
fn github_action_step_writes_sarif_summary_and_outputs() {
    let action = std::fs::read_to_string(common::repo("action.yml")).unwrap();
    assert!(action.contains("contrib/github/run.sh") && action.contains("github/codeql-action/upload-sarif@"));
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("policies")).unwrap();
    std::fs::write(
        repo.join("policies/leave.md"),
        "# Leave\n\nFailure to respond within 15 minutes will result in immediate termination.\n",
    )
    .unwrap();
    let (summary, output) = (dir.path().join("summary.md"), dir.path().join("output"));
    let out = command("sh")
        .arg(common::repo("contrib/github/run.sh"))
        .current_dir(&repo)
        .env("INPUT_PATHS", "policies")
        .env("INPUT_ARGS", "--fail-on warning")
        .env("INPUT_SARIF_FILE", "out.sarif")
        .env("INPUT_ANNOTATIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "the step never fails before the upload: {}", text(&out.stderr));
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(repo.join("out.sarif")).unwrap()).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "policies/leave.md");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "exit-code=1\nsarif-file=out.sarif\n");
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.contains("| policies/leave.md | coercive |"), "{summary}");
    assert!(text(&out.stdout).contains("::error file=policies/leave.md,line=3,"), "{}", text(&out.stdout));
}
