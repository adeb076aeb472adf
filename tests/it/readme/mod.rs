//! The README's command examples, run as written, so the documentation cannot drift from
//! the binary. Block by block:
//!
//! - Every `sh` block: each goodfaith command in it runs, in a sandbox holding the files
//!   the README names ([`sandbox::sandbox`]: `meeting.txt`, `draft.eml`, `policies/` …), and must
//!   exit 0 or 1 (2 is a usage error or a file that could not be read), or the exit its
//!   comment states ("exits 0"). A goodfaith command is one at the start of a line or
//!   after `|`, `&&` or `;`, the command `parallel` or `valgrind` runs, a quoted command
//!   line (Hadoop's `-mapper`), and `cargo run --release --`, which is the binary. The
//!   synopsis's placeholders are filled in ([`sandbox::PLACEHOLDERS`]).
//! - `<!-- output of: COMMAND -->` before a `text` block (the `--quiet` examples):
//!   COMMAND prints exactly those lines, `…` standing for any text.
//! - `<!-- shape of: COMMAND -->` before the JSON output example: every key it shows is in
//!   what COMMAND prints, with a value of the same type (the values are an example).
//! - The NDJSON input example is the stream the `parallel` and Hadoop lines read.
//! - The `goodfaith.toml` example is a valid configuration; the inline suppression
//!   example suppresses what it says; the baseline example is an entry of the baseline
//!   the Baselines commands write.
//! - The values listed for `--format`, `--profile` and `--color`, and the names in the
//!   Output formats and Input formats tables, are the binary's.
//!
//! Not run here: other tools' commands (`cargo test`, `pip`, `git`, `scripts/…`, the
//! browser and editor set-ups; `.ci/run` runs those scripts), a block marked
//! `<!-- tested: MODULE -->` (that module runs it), and retraining the built-in model
//! ([`NOT_RUN`]).

mod compare;
mod sandbox;
mod shell;

use std::path::Path;

use serde_json::Value;

use crate::common;
use compare::{matches, same_shape, without_comments};
use sandbox::{filled_in, run_in, sandbox};
use shell::{command_lines, invocations, stated_exit, words};

const README: &str = include_str!("../../../README.md");

/// goodfaith commands the README shows but this test does not run, and why.
const NOT_RUN: [(&str, &str); 1] = [(
    "train --manifest model/train.toml",
    "retrains the built-in model: it needs ../shared/corpora and writes model/en.gfm",
)];

/// A fenced block of the README.
struct Block {
    lang: &'static str,
    /// The line of its opening fence.
    line: usize,
    text: String,
    /// The HTML comment on the line before the fence (`tested: …`, `output of: …`).
    note: Option<&'static str>,
    /// The heading it is under.
    section: &'static str,
}

fn blocks() -> Vec<Block> {
    let lines: Vec<&'static str> = README.lines().collect();
    let (mut out, mut section, mut i) = (vec![], "", 0);
    while i < lines.len() {
        if lines[i].starts_with('#') {
            section = lines[i];
        }
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let end = (i + 1..lines.len()).find(|&j| lines[j].starts_with("```")).expect("every fence is closed");
        let note = i.checked_sub(1).and_then(|p| lines[p].strip_prefix("<!-- ")?.strip_suffix(" -->"));
        out.push(Block { lang: lang.trim(), line: i + 1, text: lines[i + 1..end].join("\n") + "\n", note, section });
        i = end + 1;
    }
    out
}

/// The one block of `lang` under the heading `section`.
fn block_in(section: &str, lang: &str) -> Block {
    let mut found = blocks().into_iter().filter(|b| b.section == section && b.lang == lang);
    let block = found.next().unwrap_or_else(|| panic!("a {lang} block under {section}"));
    assert!(found.next().is_none(), "one {lang} block under {section}");
    block
}

/// The text of the README from the heading `heading` to the next heading.
fn section(heading: &str) -> &'static str {
    let start = README.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("the README has {heading}")) + 1;
    let body = &README[start + heading.len()..];
    &README[start..start + heading.len() + body.find("\n#").unwrap_or(body.len())]
}

/// The one goodfaith command of a note's command line, ready to run in `dir`.
fn note_command(command: &str, dir: &Path) -> Vec<String> {
    let found = invocations(&words(command));
    assert_eq!(found.len(), 1, "one goodfaith command in `{command}`");
    filled_in(&found[0].args, dir)
}

#[test]
fn every_goodfaith_command_in_the_readme_runs() {
    let dir = sandbox();
    let (mut ran, mut skipped, mut failures) = (0, vec![], vec![]);
    for block in blocks().iter().filter(|b| b.lang == "sh") {
        if block.note.is_some_and(|n| n.starts_with("tested: ")) {
            continue;
        }
        for (first, command, comment) in command_lines(&block.text) {
            for invocation in invocations(&words(&command)) {
                let shown = format!("goodfaith {}", invocation.args.join(" "));
                if let Some((what, _)) = NOT_RUN.iter().find(|(what, _)| shown.contains(what)) {
                    skipped.push(*what);
                    continue;
                }
                let args = filled_in(&invocation.args, dir.path());
                let out = run_in(dir.path(), &args);
                ran += 1;
                let code = out.status.code();
                let expected = stated_exit(&comment);
                if expected.map_or(!matches!(code, Some(0 | 1)), |e| code != Some(e)) {
                    let line = block.line + 1 + first;
                    let stdin = if invocation.piped { " (reading a pipe)" } else { "" };
                    let wanted = expected.map_or("0 or 1".to_string(), |e| e.to_string());
                    let err = String::from_utf8_lossy(&out.stderr);
                    failures.push(format!("README.md:{line}: {shown}{stdin}: exit {code:?}, not {wanted}: {err}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(skipped, NOT_RUN.map(|(what, _)| what), "each command not run is still in the README");
    assert!(ran >= 30, "only {ran} goodfaith commands found in the README's sh blocks");

    // The Baselines example is an entry of the file its commands wrote.
    let written: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("goodfaith-baseline.json")).unwrap()).unwrap();
    let shown: Value = serde_json::from_str(&block_in("### Baselines", "json").text).unwrap();
    assert_eq!(shown["version"], written["version"]);
    for entry in shown["findings"].as_array().unwrap() {
        assert!(written["findings"].as_array().unwrap().contains(entry), "{entry} is not in {written}");
    }
}

#[test]
fn the_readme_shows_what_the_commands_print() {
    let dir = sandbox();
    let all = blocks();
    let mut checked = 0;
    for (i, block) in all.iter().enumerate().filter(|(_, b)| b.lang == "text") {
        let Some(command) = block.note.and_then(|n| n.strip_prefix("output of: ")) else {
            let after_tested = i > 0 && all[i - 1].note.is_some_and(|n| n.starts_with("tested: "));
            assert!(after_tested, "README.md:{}: output no test checks", block.line);
            continue;
        };
        let out = run_in(dir.path(), &note_command(command, dir.path()));
        let printed = String::from_utf8(out.stdout).unwrap();
        let (shown, real): (Vec<&str>, Vec<&str>) = (block.text.lines().collect(), printed.lines().collect());
        let same = shown.len() == real.len() && shown.iter().zip(&real).all(|(s, r)| matches(s, r));
        assert!(same, "README.md:{}: `{command}` prints\n{printed}\nnot\n{}", block.line, block.text);
        checked += 1;
    }
    assert!(checked >= 2, "the --quiet examples are checked");
}

#[test]
fn the_json_example_has_the_shape_of_the_real_output() {
    let dir = sandbox();
    let block = block_in("## JSON output", "json");
    let command = block.note.and_then(|n| n.strip_prefix("shape of: ")).expect("a `shape of:` note");
    let out = run_in(dir.path(), &note_command(command, dir.path()));
    let real: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let shown: Value = serde_json::from_str(&without_comments(&block.text)).expect("the README's example is JSON");
    let mut wrong = vec![];
    same_shape(&shown, &real, "", &mut wrong);
    assert!(wrong.is_empty(), "README.md:{}: {}", block.line, wrong.join("\n"));
}

/// The NDJSON input example, one result per record carrying its id.
#[test]
fn the_ndjson_example_gives_a_result_per_record() {
    let records = block_in("## Streams and clusters", "json").text;
    let out = common::run(
        &["--input-format", "ndjson", "--format", "ndjson", "--fail-on", "never", "-"],
        Some(records.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let ids: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, ["T-1", "T-2"]);
}

#[test]
fn the_goodfaith_toml_example_is_a_valid_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("goodfaith.toml"), block_in("### goodfaith.toml", "toml").text).unwrap();
    // The extra lexicon it names, as small as a lexicon file can be.
    std::fs::create_dir(dir.path().join("lexicons")).unwrap();
    std::fs::write(dir.path().join("lexicons/company.toml"), "family = \"mutual\"\ncategory = \"options\"\n").unwrap();
    let out = common::output(common::bin().args(["config", "--show"]).current_dir(dir.path()), None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.is_empty(), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"coercive.minimizing\" = \"error\""));
}

#[test]
fn the_inline_suppression_example_suppresses_what_it_says() {
    let example = block_in("### Inline suppression", "markdown").text;
    let threats = |text: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("policy.md"), text).unwrap();
        let (_, doc) = common::json(&[dir.path().join("policy.md").to_str().unwrap()], None);
        let threats = common::counted(common::file(&doc), "coercive")
            .into_iter()
            .filter(|(_, rule)| rule.starts_with("coercive.threat."))
            .count();
        (threats, common::file(&doc)["suppressed"].clone())
    };
    assert_eq!(threats(&example), (0, Value::from(1)));
    let undirected: String = example.lines().filter(|l| !l.starts_with("<!--")).map(|l| format!("{l}\n")).collect();
    assert_eq!(threats(&undirected), (1, Value::Null), "without its directive the sentence is a threat");
}

/// The values the README lists for a flag (`--format human|json|…`) are the binary's.
#[test]
fn the_values_the_readme_lists_are_the_binary_s() {
    for flag in ["--format", "--profile", "--color"] {
        let opening = format!("`{flag} ");
        let mut spans = README.split(&opening).skip(1).map(|rest| &rest[..rest.find('`').unwrap()]);
        let listed = spans.find(|values| values.contains('|')).unwrap_or_else(|| panic!("the README lists {flag}"));
        let listed: Vec<&str> = listed.split('|').collect();
        assert_eq!(listed, accepted(flag), "{flag}");
    }
    // The first column of a table's rows, below its header.
    let table = |heading: &str| -> Vec<&str> {
        let rows = section(heading).lines().skip_while(|l| !l.starts_with("|---")).skip(1);
        rows.map_while(|l| l.strip_prefix("| `")).map(|l| &l[..l.find('`').unwrap()]).collect()
    };
    assert_eq!(table("## Output formats"), accepted("--format"));
    assert_eq!(table("## Input formats"), accepted("--input-format"));
}

/// The values goodfaith accepts for `flag`, from the message for one it does not.
fn accepted(flag: &str) -> Vec<String> {
    let out = common::run(&[flag, "nonsense", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let list = err
        .split_once("[possible values: ")
        .map(|(_, rest)| &rest[..rest.find(']').unwrap()])
        .or_else(|| err.split_once("(one of ").map(|(_, rest)| &rest[..rest.find(')').unwrap()]))
        .unwrap_or_else(|| panic!("{flag}: no list in {err}"));
    list.split(", ").map(ToString::to_string).collect()
}
