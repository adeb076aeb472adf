//! Real-world inputs as a user runs them: meeting exports, email, Markdown, HTML and
//! NDJSON streams from `tests/fixtures/`. Each test checks who spoke, what kind of
//! input it is, and that findings point at the line a user sees in the original file.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use common::{bin, counted, file, repo, run};
use serde_json::Value;

/// Readers are checked with the lexicon alone: a rule's finding is an exact phrase, so the
/// lines it lands on say whether the reader mapped them right. The trained scorer's
/// judgement is checked in `tests/it/model.rs`.
fn json(args: &[&str], stdin: Option<&[u8]>) -> (i32, Value) {
    let mut all = vec!["--no-model"];
    all.extend_from_slice(args);
    common::json(&all, stdin)
}

fn fixture(path: &str) -> String {
    repo(&format!("tests/fixtures/{path}"))
}

/// The report of one fixture, with extra arguments.
fn report(path: &str, args: &[&str]) -> Value {
    let path = fixture(path);
    let mut all = args.to_vec();
    all.push(&path);
    let (_, doc) = json(&all, None);
    file(&doc).clone()
}

fn speakers(r: &Value) -> Vec<&str> {
    r["speakers"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect()
}

/// Lines of counted findings of a family.
fn lines(r: &Value, family: &str) -> Vec<u64> {
    let mut l: Vec<u64> = counted(r, family).into_iter().map(|(line, _)| line).collect();
    l.dedup();
    l
}

/// The first finding of a rule: (line, column, quoted, speaker).
fn finding<'a>(r: &'a Value, rule: &str) -> (u64, u64, bool, Option<&'a str>) {
    let f = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("no {rule}"));
    (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap(), f["quoted"] == true, f["speaker"].as_str())
}

#[test]
fn teams_vtt_voice_tags() {
    let r = report("vtt/teams-renewal.vtt", &[]);
    assert_eq!(r["kind"], "conversation");
    assert_eq!(speakers(&r), ["Priya Natarajan", "Marcus Webb"]);
    assert_eq!(r["speakers"][0]["turns"], 3, "Priya's first two cues join into one turn");
    assert!(lines(&r, "coercive").is_empty());
    assert_eq!(finding(&r, "mutual.interests.open-question"), (17, 46, false, Some("Priya Natarajan")));
    assert_eq!(finding(&r, "mutual.options.trade").0, 26, "the second line of a multi-line cue");
    assert_eq!(r["verdict"], "mutual-agreement");
}

#[test]
fn zoom_vtt_labels() {
    let r = report("vtt/zoom-vendor-call.vtt", &[]);
    assert_eq!(speakers(&r), ["Rob Keane", "Ines Duarte"]);
    assert_eq!(lines(&r, "coercive"), [6, 14, 18]);
    assert_eq!(finding(&r, "coercive.ultimatum.take-it-or-leave-it"), (6, 1, false, Some("Rob Keane")));
    assert_eq!(r["verdict"], "coercive");
}

#[test]
fn a_txt_that_starts_with_webvtt_is_webvtt_and_stdin_is_sniffed() {
    let dir = std::env::temp_dir().join(format!("goodfaith-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let txt = dir.join("meeting.txt");
    std::fs::copy(fixture("vtt/teams-renewal.vtt"), &txt).unwrap();
    let (_, doc) = json(&[txt.to_str().unwrap()], None);
    assert_eq!(speakers(file(&doc)), ["Priya Natarajan", "Marcus Webb"]);
    let bytes = std::fs::read(fixture("vtt/zoom-vendor-call.vtt")).unwrap();
    let (_, doc) = json(&["-"], Some(&bytes));
    assert_eq!(lines(file(&doc), "coercive"), [6, 14, 18]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn malformed_timestamps_warn_and_the_rest_is_analysed() {
    let vtt = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.000\nRob: Take it or leave it.\n\n2\n00:00:05.000 --> 00:00:06.000\nInes: No.\n";
    let out = run(&["--format", "json", "--input-format", "vtt", "-"], Some(vtt));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("-:4: warning: malformed timestamp"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(lines(file(&doc), "coercive"), [5]);
    assert_eq!(file(&doc)["notices"][0]["line"], 4);
    assert_eq!(out.status.code(), Some(1), "a warning is not a read error");
}

#[test]
fn srt_cues_and_italic_labels() {
    let r = report("srt/handover-call.srt", &[]);
    assert_eq!(speakers(&r), ["Nora", "Felix"]);
    // Line 3 asks what would make the handover easier for the other team (an interests question).
    assert_eq!(lines(&r, "mutual"), [3, 12, 13]);
    assert_eq!(finding(&r, "signal.assent.agree"), (17, 11, false, Some("Felix")));
    assert_eq!(r["verdict"], "mutual-agreement");
}

#[test]
fn otter_export() {
    let r = report("otter/budget-sync.txt", &[]);
    assert_eq!(r["kind"], "conversation");
    assert_eq!(speakers(&r), ["Helen Brooks", "Sam Patel"]);
    assert_eq!(r["speakers"][1]["turns"], 2, "Sam's two blocks in a row are one turn");
    assert_eq!(lines(&r, "mutual"), [2, 8]);
    assert_eq!(r["verdict"], "mutual-agreement");
}

#[test]
fn gmail_reply_judges_only_the_author() {
    let r = report("eml/gmail-reply.eml", &[]);
    assert_eq!(r["kind"], "message");
    assert_eq!(speakers(&r), ["Chris Moreau"]);
    assert!(lines(&r, "coercive").is_empty(), "signature and quoted ultimatum are not the author's");
    // Quoted-printable soft breaks: the phrase starts on line 22 of the file, column 51.
    assert_eq!(finding(&r, "mutual.options.trade"), (22, 51, false, Some("Chris Moreau")));
    assert_eq!(r["verdict"], "good-faith");
}

#[test]
fn include_quoted_brings_quotes_back_without_counting_them() {
    let path = fixture("eml/gmail-reply.eml");
    let out = run(&["--format", "json", "--include-quoted", &path], None);
    assert_eq!(out.status.code(), Some(0), "quoted findings never count");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = file(&doc);
    assert_eq!(r["kind"], "message");
    assert_eq!(
        finding(r, "coercive.ultimatum.take-it-or-leave-it"),
        (33, 3, true, Some("Alex Dunn")),
        "after the `> ` marker"
    );
    assert!(lines(r, "coercive").is_empty());
    assert_eq!(r["verdict"], "good-faith");
}

#[test]
fn outlook_reply_in_windows_1252() {
    let r = report("eml/outlook-reply.eml", &[]);
    assert_eq!(speakers(&r), ["Ellis, Jordan"]);
    assert_eq!(lines(&r, "mutual"), [13]);
    assert!(lines(&r, "coercive").is_empty(), "the original message below the separator is quoted");
    let sentence = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 13 && f["rule"] == "signal.concession.conditional-trade");
    assert!(
        sentence.is_some_and(|f| f["sentence"].as_str().unwrap().contains("I\u{2019}m happy")),
        "cp1252 0x92 is an apostrophe"
    );
    let q = report("eml/outlook-reply.eml", &["--include-quoted"]);
    assert_eq!(finding(&q, "coercive.contempt.competence-putdown"), (26, 1, true, Some("Sam Okoro")));
}

#[test]
fn outlook_html_reply_through_quoted_printable() {
    let r = report("eml/outlook-html-reply.eml", &[]);
    assert_eq!(speakers(&r), ["Jordan Ellis"]);
    assert!(lines(&r, "coercive").is_empty(), "the Outlook From/Sent block starts someone else's words");
    assert_eq!(finding(&r, "mutual.options.invent"), (8, 64, false, Some("Jordan Ellis")), "columns count the raw =3D");
    let q = report("eml/outlook-html-reply.eml", &["--include-quoted"]);
    assert_eq!(finding(&q, "coercive.ultimatum.take-it-or-leave-it"), (15, 61, true, Some("Sam")));
}

#[test]
fn plain_draft_with_a_quoted_reply_on_stdin() {
    let draft = b"Could we look at the schedule together on Monday?\n\nOn Tue, 3 Nov 2026 at 18:02, Alex Dunn <alex@example.org> wrote:\n> Take it or leave it.\n";
    let (_, doc) = json(&["-"], Some(draft));
    assert!(lines(file(&doc), "coercive").is_empty(), "only what the sender is about to write is judged");
    let (_, doc) = json(&["--include-quoted", "-"], Some(draft));
    assert_eq!(finding(file(&doc), "coercive.ultimatum.take-it-or-leave-it"), (4, 3, true, Some("Alex Dunn")));
}

#[test]
fn html_only_base64_body_points_at_its_first_line() {
    let r = report("eml/html-only.eml", &[]);
    assert_eq!(speakers(&r), ["Billing"]);
    assert_eq!(lines(&r, "coercive"), [9]);
    assert_eq!(r["verdict"], "coercive");
}

#[test]
fn broken_mime_warns_and_reads_what_it_can() {
    let path = fixture("eml/broken.eml");
    let out = run(&["--format", "json", &path], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Each warning points at the header of its part, where the charset and the
    // encoding are declared, not at the body it could not read.
    for want in [":9: warning: unknown charset", ":14: warning: a broken MIME part", ":14: warning: broken base64"] {
        assert!(stderr.contains(want), "{want} in {stderr}");
    }
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(lines(file(&doc), "coercive"), [11]);
    assert_eq!(lines(file(&doc), "mutual"), [17]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn mbox_is_one_conversation_in_date_order() {
    let r = report("mbox/q3-allocation.mbox", &[]);
    assert_eq!(r["kind"], "conversation");
    assert_eq!(speakers(&r), ["Alex Dunn", "Chris Moreau"], "RFC 2047 names are decoded");
    assert_eq!(lines(&r, "mutual"), [21, 33, 34], "quoted lines of the replies are left out");
    let assent = r["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "signal.assent.agree").unwrap();
    assert_eq!(
        (assent["line"].as_u64(), assent["turn"].as_u64()),
        (Some(9), Some(3)),
        "the first message in the file is the last by date"
    );
    assert_eq!(r["verdict"], "mutual-agreement");
}

#[test]
fn markdown_prose_only() {
    let r = report("markdown/remote-work-policy.md", &[]);
    assert_eq!(r["kind"], "message");
    let all: Vec<u64> = r["findings"].as_array().unwrap().iter().map(|f| f["line"].as_u64().unwrap()).collect();
    for not_prose in [2, 9, 16, 21, 24, 27] {
        assert!(!all.contains(&not_prose), "line {not_prose} is not prose: {all:?}");
    }
    assert_eq!(lines(&r, "mutual"), [15]);
    assert_eq!(finding(&r, "coercive.threat.sanction").0, 17);
}

#[test]
fn html_text_only() {
    let r = report("html/pricing-page.html", &[]);
    // Line 19, "Don't be the one left behind", is bandwagon pressure in its own right.
    assert_eq!(lines(&r, "coercive"), [18, 19, 20, 22]);
    assert_eq!(finding(&r, "coercive.ultimatum.countdown"), (20, 8, false, None));
    assert_eq!(r["verdict"], "coercive");
}

#[test]
fn ndjson_one_result_per_record() {
    let path = fixture("ndjson/support-chats.ndjson");
    let out = run(&["--format", "ndjson", &path], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("support-chats.ndjson: line 4: not valid JSON"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "a bad line makes the run exit 2 at the end");
    let recs: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let ids: Vec<&Value> = recs.iter().map(|r| &r["id"]).collect();
    assert_eq!(
        ids,
        [&Value::from("chat-1001"), &Value::from("chat-1002"), &Value::from("chat-1003"), &Value::from(1005)]
    );
    assert_eq!(recs[0]["extra"]["channel"], "sales");
    assert_eq!(recs[0]["verdict"], "coercive");
    assert_eq!(recs[1]["kind"], "conversation");
    assert_eq!(speakers(&recs[1]), ["Agent", "Customer"]);
    assert_eq!(lines(&recs[1], "mutual"), [2]);
    assert_eq!(recs[1]["verdict"], "mutual-agreement");
    assert_eq!(recs[2]["verdict"], "neutral");
    assert_eq!(lines(&recs[3], "mutual"), [5]);
}

#[test]
fn ndjson_results_stream_before_the_input_ends() {
    let mut child = bin()
        .args(["--input-format", "ndjson", "--format", "ndjson", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"id\":\"first\",\"text\":\"Take it or leave it.\"}\n").unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        tx.send(line).unwrap();
    });
    let first = rx.recv_timeout(Duration::from_secs(60));
    drop(stdin);
    child.wait().unwrap();
    let first: Value = serde_json::from_str(&first.expect("a result while the stream is still open")).unwrap();
    assert_eq!(first["id"], "first");
}

#[test]
fn stdin_ndjson_is_sniffed() {
    let (_, doc) =
        json(&["-"], Some(b"{\"id\":\"a\",\"text\":\"Take it or leave it.\"}\n{\"id\":\"b\",\"text\":\"Fine.\"}\n"));
    let ids: Vec<&Value> = doc["files"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&Value::from("a"), &Value::from("b")]);
}

#[test]
fn unreadable_input_is_skipped_with_exit_2() {
    let dir = std::env::temp_dir().join(format!("goodfaith-binary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin_file = dir.join("photo.eml");
    std::fs::write(&bin_file, (0..4096u32).map(|i| (i * 7 % 256) as u8).collect::<Vec<u8>>()).unwrap();
    let zoom = fixture("vtt/zoom-vendor-call.vtt");
    let out = run(&["--format", "json", bin_file.to_str().unwrap(), &zoom], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("photo.eml: binary file, skipped"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "the other file is still analysed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn input_format_overrides_detection() {
    let otter = std::fs::read(fixture("otter/budget-sync.txt")).unwrap();
    let (_, doc) = json(&["--input-format", "otter", "-"], Some(&otter));
    assert_eq!(speakers(file(&doc)), ["Helen Brooks", "Sam Patel"]);
    let out = run(&["--input-format", "rtf", "-"], Some(b"hi"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one of plain, vtt, srt"));
    let out = run(&["--input-format", "docx", "-"], Some(b"hi"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-: not a Word document (.docx)"), "{out:?}");
}
