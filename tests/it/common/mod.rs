//! Running the real binary as a user would.
#![allow(dead_code)]

pub mod documents;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_goodfaith"));
    c.env_remove("NO_COLOR");
    c
}

/// Runs goodfaith with `args` and optional stdin.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    output(bin().args(args), stdin)
}

/// Runs `command` (goodfaith, set up by the caller) with optional stdin.
pub fn output(command: &mut Command, stdin: Option<&[u8]>) -> Output {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn goodfaith");
    if let Some(input) = stdin {
        // A run that stops before reading its input (a bad lexicon, a usage error) closes
        // the pipe first: that is the run's business, not a failure of the harness.
        match child.stdin.take().unwrap().write_all(input) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait for goodfaith")
}

/// A path under the repository root.
pub fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path).to_string_lossy().into_owned()
}

/// The JSON report of one input.
pub fn json(args: &[&str], stdin: Option<&[u8]>) -> (i32, serde_json::Value) {
    let mut all = vec!["--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let out = run(&all, stdin);
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), doc)
}

/// The one file report of a JSON document.
pub fn file(doc: &serde_json::Value) -> &serde_json::Value {
    &doc["files"][0]
}

/// Counted findings of a family: (line, rule).
pub fn counted(file: &serde_json::Value, family: &str) -> Vec<(u64, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == family && f["negated"] == false && f["quoted"] == false)
        .map(|f| (f["line"].as_u64().unwrap(), f["rule"].as_str().unwrap().to_string()))
        .collect()
}
