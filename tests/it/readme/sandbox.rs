//! The sandbox the README's commands run in: the files they name, the placeholders of
//! the synopsis, and what each command reads on standard input.

use std::path::Path;
use std::process::Output;

use crate::common;

/// The transcript the README calls `meeting.txt` (its JSON example is Rick and Sue's).
const MEETING: &str = "Rick: This is the price. Take it or leave it.
Sue: Could we talk about the delivery schedule first?
Rick: If you don't sign today, we'll cancel every order we have with you.
Sue: We need more time to check the figures with our team.
Rick: Sign today or the deal is off, and that is my final word on it.
Sue: Fine, I guess we'll sign.
";

/// `draft.txt`: demands, no question, nothing offered, no single blocking phrase.
const DRAFT_TXT: &str = "Hi team,

Send me the figures by Friday. Update the tracker before you leave today. Move the review to Monday and book the room.

Thanks,
Dana
";

/// `draft.eml`: one ultimatum, at line 10, column 71.
const DRAFT_EML: &str = "From: Dana Reyes <dana@example.com>
To: Sam Ortiz <sam@example.com>
Subject: Re: the revised contract
Date: Tue, 4 Mar 2025 09:30:00 +0000
Message-ID: <draft-2@example.com>

Hi Sam,

Thanks for sending the revised contract over.
We have checked the figures twice and cannot go lower than the quote. Take it or leave it.

Dana
";

/// `hr/leave.md`, the policy of the Baselines example.
const LEAVE: &str = "# Leave

Requests are approved by your manager.

Failure to respond within 15 minutes will result in immediate termination.

We want to find a schedule that works for both of us.
";

/// The labelled JSON Lines the synopsis calls `FILE.jsonl`.
const LABELLED: &str = r#"{"id": "a", "text": "Take it or leave it.", "coercive": true, "category": "ultimatum"}
{"id": "b", "text": "The report is attached.", "coercive": false}
{"id": "c", "text": "What would work best for you?", "label": "mutual.interests"}
{"id": "d", "text": "Sign today or you're fired.", "coercive": true}
"#;

/// The synopsis's placeholders (brackets taken off) and what stands in for them.
const PLACEHOLDERS: [(&str, &[&str]); 6] = [
    ("OPTIONS", &[]),
    ("PATH...", &[]), // no path: standard input
    ("RULE", &["coercive.ultimatum.take-it-or-leave-it"]),
    ("FILE...", &["lexicons/en/coercive/ultimatum.toml"]),
    ("FILE.jsonl", &["labelled.jsonl"]),
    ("FILE", &["meeting.txt"]),
];

/// The arguments with the synopsis's brackets taken off, its placeholders filled in and
/// globs expanded in `dir`.
pub(super) fn filled_in(args: &[String], dir: &Path) -> Vec<String> {
    let mut out = vec![];
    for arg in args {
        let bare = arg.replace(['[', ']'], "");
        if let Some((_, with)) = PLACEHOLDERS.iter().find(|(p, _)| *p == bare) {
            out.extend(with.iter().map(ToString::to_string));
        } else if bare.contains('*') {
            out.extend(expanded(&bare, dir));
        } else {
            out.push(bare);
        }
    }
    out
}

/// The paths in `dir` that a glob of `*`s (at most one in each part) matches, sorted.
fn expanded(glob: &str, dir: &Path) -> Vec<String> {
    let mut paths = vec![String::new()];
    for part in glob.split('/') {
        let join = |path: &str, name: &str| if path.is_empty() { name.to_string() } else { format!("{path}/{name}") };
        let Some((before, after)) = part.split_once('*') else {
            paths = paths.iter().map(|p| join(p, part)).collect();
            continue;
        };
        let mut next = vec![];
        for path in &paths {
            for entry in std::fs::read_dir(dir.join(path)).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.len() >= before.len() + after.len() && name.starts_with(before) && name.ends_with(after) {
                    next.push(join(path, &name));
                }
            }
        }
        paths = next;
    }
    paths.sort();
    assert!(!paths.is_empty(), "{glob} matches nothing in the sandbox");
    paths
}

/// A folder with the files the README's commands name, as a reader would have them:
/// the transcript, the drafts, policies and docs, the NDJSON stream of its example,
/// labelled data; `samples/` and `lexicons/` are the repository's (linked, and only read).
pub(super) fn sandbox() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("meeting.txt", MEETING);
    write("draft.txt", DRAFT_TXT);
    write("draft.eml", DRAFT_EML);
    write("hr/leave.md", LEAVE);
    write("labelled.jsonl", LABELLED);
    write("chats.ndjson", &super::block_in("## Streams and clusters", "json").text);
    let sample = |name: &str| std::fs::read_to_string(common::repo(&format!("samples/{name}"))).unwrap();
    write("policies/policy-with-sanction.md", &sample("policy-with-sanction.md"));
    write("policies/fair-policy.md", &sample("fair-policy.md"));
    write("docs/contributor-guide.md", &sample("contributor-guide.md"));
    for linked in ["samples", "lexicons"] {
        std::os::unix::fs::symlink(common::repo(linked), dir.path().join(linked)).unwrap();
    }
    dir
}

/// What a command reads on standard input: a short language-server session for `lsp`,
/// the NDJSON stream for an NDJSON run, else the transcript.
fn stdin_for(args: &[String], dir: &Path) -> Vec<u8> {
    if args.first().is_some_and(|a| a == "lsp") {
        let messages = [
            serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
            serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
            serde_json::json!({"jsonrpc": "2.0", "method": "exit"}),
        ];
        let framed = messages.iter().map(|m| format!("Content-Length: {}\r\n\r\n{m}", m.to_string().len()));
        return framed.collect::<String>().into_bytes();
    }
    let name = if args.iter().any(|a| a == "ndjson") { "chats.ndjson" } else { "meeting.txt" };
    std::fs::read(dir.join(name)).unwrap()
}

/// Runs goodfaith with `args` in `dir`.
pub(super) fn run_in(dir: &Path, args: &[String]) -> Output {
    common::output(common::bin().args(args).current_dir(dir), Some(&stdin_for(args, dir)))
}
