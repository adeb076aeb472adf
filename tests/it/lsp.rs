//! `goodfaith lsp` driven by a scripted client over standard input and output, as an
//! editor drives it: initialize, open a draft, diagnostics at the right range, hover,
//! the code action, a change that clears the diagnostic, suppressions, the config file
//! up the tree, shutdown and exit.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A language client with a script: writes framed messages, reads them on a thread.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(args: &[&str], dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_goodfaith"))
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start goodfaith lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(message) = read_message(&mut r) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Client { child, stdin, incoming, next_id: 1 };
        let caps = client.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
        assert_eq!(caps["serverInfo"]["name"], "goodfaith");
        assert_eq!(caps["capabilities"]["textDocumentSync"], 1, "full sync");
        assert_eq!(caps["capabilities"]["hoverProvider"], true);
        assert_eq!(caps["capabilities"]["codeActionProvider"], true);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result (other messages on the way are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.incoming.recv_timeout(TIMEOUT).expect("a response");
            if m["id"] == id {
                assert!(m.get("error").is_none(), "{method}: {m}");
                return m["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let m = self.incoming.recv_timeout(TIMEOUT).expect("diagnostics");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        let doc = json!({ "uri": uri, "languageId": language, "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
        self.diagnostics(uri)
    }

    /// shutdown, then exit (or, as some editors do, just close the pipe): the server
    /// answers and ends with status 0.
    fn shut_down(self) {
        self.shut_down_with(true)
    }

    fn shut_down_with(mut self, exit: bool) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        if exit {
            self.notify("exit", Value::Null);
        }
        drop(self.stdin.take());
        let started = std::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(started.elapsed() < TIMEOUT, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A protocol position (UTF-16 code units) of the byte offset `at` in `text`.
fn position(text: &str, at: usize) -> Value {
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[start..at].encode_utf16().count() })
}

/// Applies a whole-line-safe edit of one range to `text` (UTF-16 positions).
fn apply(text: &str, range: &Value, new: &str) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let target = p["character"].as_u64().unwrap() as usize;
        text[start..]
            .char_indices()
            .find(|(_, c)| {
                let here = units >= target;
                units += c.len_utf16();
                here
            })
            .map_or(text.len(), |(i, _)| start + i)
    };
    let (a, b) = (offset(&range["start"]), offset(&range["end"]));
    format!("{}{new}{}", &text[..a], &text[b..])
}

const DRAFT: &str =
    "# Offer\n\nHi Zoë 😀, thanks for the call.\n\nZoë, this is our final offer 😀 — take it or leave it.\n";

#[test]
fn diagnostics_hover_code_action_and_change_over_stdio() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("offer.md");
    let uri = uri_of(&path);
    let mut client = Client::start(&["--no-config"], dir.path());

    let diags = client.open(&uri, "markdown", DRAFT);
    let ultimatum: Vec<&Value> =
        diags.iter().filter(|d| d["code"] == "coercive.ultimatum.take-it-or-leave-it").collect();
    assert!(!ultimatum.is_empty(), "{diags:#?}");
    let at = DRAFT.find("take it or leave it").unwrap();
    let d = ultimatum.iter().find(|d| d["range"]["start"] == position(DRAFT, at)).expect("a diagnostic on the words");
    // Past "ë" and an emoji on the same line: UTF-16 columns, not bytes or chars.
    assert_eq!(d["range"]["end"], position(DRAFT, at + "take it or leave it".len()));
    assert_eq!(d["severity"], 1, "the rule's severity is error");
    assert_eq!(d["source"], "goodfaith");
    assert!(d["message"].as_str().unwrap().contains("take-it-or-leave-it"), "{d}");
    assert!(diags.iter().all(|d| d["code"] != "mutual.repair.thanks"), "mutual moves are no problems");

    let hover = client
        .request("textDocument/hover", json!({ "textDocument": { "uri": uri }, "position": position(DRAFT, at + 5) }));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(text.contains("coercive.ultimatum.take-it-or-leave-it"), "{text}");
    assert!(text.contains("**A better way to say it:**"), "{text}");
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position(DRAFT, DRAFT.find("thanks").unwrap()) }),
    );
    assert_eq!(nothing, Value::Null, "no hover where nothing is flagged");

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let action = &actions.as_array().unwrap()[0];
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    let rewritten = apply(DRAFT, &edit["range"], edit["newText"].as_str().unwrap());
    assert!(!rewritten.contains("take it or leave it"), "the sentence is replaced: {rewritten}");
    assert!(rewritten.contains("what matters most to you?"), "{rewritten}");
    assert!(rewritten.contains("Hi Zoë 😀, thanks for the call.\n\n"), "nothing else changes: {rewritten}");

    let changed = json!({ "uri": uri, "version": 2 });
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": changed, "contentChanges": [{ "text": rewritten }] }),
    );
    let after = client.diagnostics(&uri);
    assert!(after.iter().all(|d| d["code"] != "coercive.ultimatum.take-it-or-leave-it"), "{after:#?}");

    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new(), "closing clears the diagnostics");
    client.shut_down();
}

#[test]
fn inline_suppressions_and_the_config_up_the_tree_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("goodfaith.toml"), "[rules]\ndisable = [\"coercive.threat\"]\n").unwrap();
    let sub = dir.path().join("drafts").join("q3");
    std::fs::create_dir_all(&sub).unwrap();
    // Started elsewhere: the config is found from the document, not the current folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut client = Client::start(&[], elsewhere.path());

    let text = "Hi Sam,\n\nI need the figures today. Don't make me ask twice.\n";
    let plain = client.open(&uri_of(&elsewhere.path().join("threat.txt")), "plaintext", text);
    assert!(plain.iter().any(|d| d["code"].as_str().unwrap().starts_with("coercive.threat")), "{plain:#?}");
    let threat = client.open(&uri_of(&sub.join("threat.txt")), "plaintext", text);
    assert!(threat.iter().all(|d| !d["code"].as_str().unwrap().starts_with("coercive.threat")), "{threat:#?}");

    let md = "Intro.\n\n<!-- goodfaith-disable-next-line coercive.ultimatum -- quoting the supplier -->\nTake it or leave it.\n\n<!-- goodfaith-disable-next-line coercive.guilt -->\nThanks for your time.\n";
    let diags = client.open(&uri_of(&sub.join("notes.md")), "markdown", md);
    assert!(diags.iter().all(|d| d["code"] != "coercive.ultimatum.take-it-or-leave-it"), "{diags:#?}");
    let unused: Vec<&Value> = diags.iter().filter(|d| d["code"] == "goodfaith.unused-suppression").collect();
    assert_eq!(unused.len(), 1, "{diags:#?}");
    assert_eq!(unused[0]["range"]["start"]["line"], 5);
    client.shut_down();
}

#[test]
fn a_broken_config_is_reported_on_the_document_and_a_closed_pipe_ends_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("goodfaith.toml"), "[rules]\nnot-a-key = 1\n").unwrap();
    let mut client = Client::start(&[], dir.path());
    let diags = client.open(&uri_of(&dir.path().join("d.txt")), "plaintext", "Take it or leave it.\n");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "goodfaith.settings");
    assert!(diags[0]["message"].as_str().unwrap().contains("goodfaith.toml"), "{}", diags[0]);
    client.shut_down_with(false);
}

#[test]
fn email_and_html_drafts_get_diagnostics_on_their_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(&["--no-config"], dir.path());
    let words = "take it or leave it";

    // A mutt draft with headers: the body's line, not the header block's.
    let mail = "From: Dan <dan@example.org>\nTo: Sam <sam@example.org>\nSubject: The offer\n\nHi Sam,\n\nThis is the last offer, take it or leave it.\n\n> On Monday you wrote:\n> take it or leave it, you said\n";
    let diags = client.open(&uri_of(&dir.path().join("mutt-draft-1")), "mail", mail);
    let at = mail.find(words).unwrap();
    let on_words: Vec<&Value> = diags.iter().filter(|d| d["range"]["start"] == position(mail, at)).collect();
    assert_eq!(on_words.len(), 1, "{diags:#?}");
    assert_eq!(on_words[0]["range"]["end"], position(mail, at + words.len()));
    let quoted = position(mail, mail.rfind(words).unwrap());
    assert!(
        diags.iter().all(|d| d["range"]["start"]["line"] != quoted["line"]),
        "quoted text is not the author's: {diags:#?}"
    );

    let html = "<!DOCTYPE html>\n<html><body>\n<p>Dear tenant,</p>\n<p>Sign the new lease, <b>take it or leave it</b>.</p>\n</body></html>\n";
    let diags = client.open(&uri_of(&dir.path().join("notice.html")), "html", html);
    let at = html.find(words).unwrap();
    let d = diags.iter().find(|d| d["range"]["start"] == position(html, at)).expect("a diagnostic on the words");
    // The HTML reader maps the end of a match through a closing tag that follows it
    // (`--format json` says the same): the range covers the words and that tag.
    let replaced = apply(html, &d["range"], "");
    let covered = &html[at..at + html.len() - replaced.len()];
    assert_eq!(covered.replace("</b>", ""), words, "{d}");
    client.shut_down();
}
