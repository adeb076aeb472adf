//! Hostile and odd inputs, each with its asserted outcome: analysed, or skipped with a
//! clear message naming the file and the documented exit code (2). Nothing hangs (every
//! run has a deadline), nothing crashes, input files are never modified, and nothing
//! from the input reaches the terminal raw.
//!
//! The files are generated in a temporary folder. The biggest cases are smaller here than
//! in the issue so `cargo test` stays quick on a debug build; `full_size_bounds` (ignored,
//! run by `.ci/run` on the release binary) uses the full sizes and asserts the time and
//! memory bounds stated in the README.

use crate::common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
    /// Peak resident memory (VmHWM), sampled from /proc while it ran; 0 when unknown.
    peak_kib: u64,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {}", self.stderr))
    }
}

/// The binary under test: `GOODFAITH_BIN` when set (the release build in CI), else this
/// build's.
fn bin() -> Command {
    let path = std::env::var_os("GOODFAITH_BIN").map_or_else(|| env!("CARGO_BIN_EXE_goodfaith").into(), PathBuf::from);
    let mut c = Command::new(path);
    c.env_remove("NO_COLOR");
    c
}

/// Runs the binary with `args`, killing it (and failing) after `deadline`.
fn run_within(args: &[&str], deadline: Duration) -> Run {
    let start = Instant::now();
    let mut child =
        bin().args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let out = drain(&mut child);
    let mut peak_kib = 0;
    let status = loop {
        peak_kib = peak_kib.max(high_water_mark(child.id()));
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            panic!("goodfaith {args:?} still running after {deadline:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = out.join().expect("reader threads");
    Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed: start.elapsed(),
        peak_kib,
    }
}

fn run(args: &[&str]) -> Run {
    run_within(args, Duration::from_secs(120))
}

/// Reads stdout and stderr on threads, so a full pipe never blocks the child.
fn drain(child: &mut Child) -> std::thread::JoinHandle<(Vec<u8>, Vec<u8>)> {
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        let e = std::thread::spawn(move || {
            let mut v = vec![];
            err.read_to_end(&mut v).unwrap();
            v
        });
        let mut v = vec![];
        out.read_to_end(&mut v).unwrap();
        (v, e.join().unwrap())
    })
}

/// VmHWM of a running process in KiB (0 once it has exited or off Linux).
fn high_water_mark(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn json_args(path: &str) -> Vec<&str> {
    vec!["--format", "json", "--fail-on", "never", path]
}

/// Writes `bytes` as `name` in `dir` and returns the path as a string.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// A file analysed: exit 0, one report, no error.
fn analysed(dir: &Path, name: &str, bytes: &[u8]) -> serde_json::Value {
    let path = write(dir, name, bytes);
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["errors"], serde_json::json!([]), "{name}");
    doc["files"][0].clone()
}

fn rules_on_lines(file: &serde_json::Value) -> Vec<(u64, u64, String)> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap(), f["rule"].as_str().unwrap().to_string()))
        .collect()
}

fn has_rule(file: &serde_json::Value, rule: &str) -> bool {
    rules_on_lines(file).iter().any(|(_, _, r)| r.contains(rule))
}

const TAKE_IT: &str = "take-it-or-leave-it";

#[test]
fn empty_and_whitespace_only_files_are_analysed_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.txt", b"  \n\t\n\r\n   "), ("blank.eml", b"\n\n")] {
        let f = analysed(dir.path(), name, bytes);
        // Nothing to analyse is said plainly (issue 13): no verdict pretending to judge, no score.
        assert_eq!(f["verdict"], "empty", "{name}");
        assert!(f["score"].is_null(), "{name}");
        assert_eq!(f["findings"], serde_json::json!([]), "{name}");
    }
}

#[test]
fn a_long_single_line_is_analysed_in_bounded_time() {
    // 4 MB here (a debug build); 100 MB in `full_size_bounds`.
    let dir = tempfile::tempdir().unwrap();
    let line = "Take it or leave it, you always say. ".repeat(4_000_000 / 37);
    let path = write(dir.path(), "line.txt", line.as_bytes());
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = &r.json()["files"][0];
    assert!(has_rule(f, TAKE_IT));
    assert!(rules_on_lines(f).iter().all(|(l, _, _)| *l == 1));
    // Over 100,000 hits: the listing stops at the cap and says so; never silently.
    let cap = goodfaith::analysis::MAX_FINDINGS;
    assert_eq!(f["findings"].as_array().unwrap().len(), cap);
    let notice = format!("the first {cap} are listed, the verdict weighs them all");
    assert!(r.stderr.contains(&notice), "{}", r.stderr);
    assert!(f["notices"].to_string().contains(&notice));
    assert_eq!(f["verdict"], "coercive");
}

#[test]
fn two_hundred_thousand_one_word_turns_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..200_000).map(|i| format!("P{}: ok\n", i % 7)).collect();
    let path = write(dir.path(), "turns.txt", text.as_bytes());
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = &r.json()["files"][0];
    assert_eq!(f["kind"], "conversation");
    assert_eq!(f["speakers"].as_array().unwrap().len(), 7);
    assert!(r.elapsed < Duration::from_secs(60), "took {:?}", r.elapsed);
}

#[test]
fn deeply_nested_quotes_are_analysed_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut mail =
        String::from("From: a@example.com\nTo: b@example.com\nSubject: deep\n\nWhat would work for you?\n\n");
    for depth in 1..=5000 {
        mail.push_str(&">".repeat(depth.min(2000)));
        mail.push_str(" take it or leave it\n");
    }
    let f = analysed(dir.path(), "deep.eml", mail.as_bytes());
    assert!(!has_rule(&f, TAKE_IT), "quoted text is not the author's");
    let plain = format!("Ann: {}take it or leave it{}\nBob: ok\n", "\"".repeat(50_000), "\"".repeat(50_000));
    analysed(dir.path(), "quotes.txt", plain.as_bytes());
}

#[test]
fn deeply_nested_mime_parts_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 2000;
    let mut mail = String::from("From: a@example.com\nTo: b@example.com\nSubject: nested\nMIME-Version: 1.0\n");
    for d in 0..depth {
        mail.push_str(&format!("Content-Type: multipart/mixed; boundary=\"b{d}\"\n\n--b{d}\n"));
    }
    mail.push_str("Content-Type: text/plain\n\nTake it or leave it.\n");
    for d in (0..depth).rev() {
        mail.push_str(&format!("--b{d}--\n"));
    }
    let path = write(dir.path(), "nested.eml", mail.as_bytes());
    let r = run(&json_args(&path));
    assert!(r.code == 0 || r.code == 2, "exit {}: {}", r.code, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.json();
}

#[test]
fn deeply_nested_html_markdown_and_attached_messages_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 20_000;
    let html = format!(
        "<!doctype html><body>{}Take it or leave it.{}",
        "<blockquote><div>".repeat(depth),
        "</div></blockquote>".repeat(depth)
    );
    analysed(dir.path(), "nested.html", html.as_bytes());
    let md = format!("{}take it or leave it\n\n{}{}\n", "> ".repeat(depth), "[".repeat(depth), "]".repeat(depth));
    analysed(dir.path(), "nested.md", md.as_bytes());
    let mail = format!(
        "From: a@example.com\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\n{}Content-Type: text/plain\n\nTake it or leave it.\n",
        "Content-Type: message/rfc822\n\n".repeat(depth)
    );
    let path = write(dir.path(), "attached.eml", mail.as_bytes());
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json();
}

#[test]
fn a_huge_base64_body_stays_bounded() {
    // A zip-bomb-like body: megabytes of base64 that decode to one repeated byte, and a
    // text part that decodes to a long repetition of a phrase.
    let dir = tempfile::tempdir().unwrap();
    let zeros = "A".repeat(4 << 20);
    let phrase = "VGFrZSBpdCBvciBsZWF2ZSBpdC4g".repeat(100_000); // "Take it or leave it. "
    let mail = format!(
        "From: a@example.com\nTo: b@example.com\nSubject: big\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\
         Content-Transfer-Encoding: base64\n\n{phrase}\n--x\nContent-Type: application/octet-stream\n\
         Content-Transfer-Encoding: base64\n\n{zeros}\n--x--\n"
    );
    let path = write(dir.path(), "bomb.eml", mail.as_bytes());
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(has_rule(&r.json()["files"][0], TAKE_IT));
    if r.peak_kib > 0 {
        assert!(r.peak_kib < 1 << 20, "peak {} KiB for a 8 MiB mail", r.peak_kib);
    }
}

/// `bytes` deflated and then written as ASCII85, so a PDF object built as text can carry
/// them (`/Filter [/ASCII85Decode /FlateDecode]`).
fn deflated_ascii85(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(vec![], flate2::Compression::fast());
    z.write_all(bytes).unwrap();
    let mut out = String::new();
    for chunk in z.finish().unwrap().chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = (n % 85) as u8 + b'!';
            n /= 85;
        }
        out.extend(digits[..chunk.len() + 1].iter().map(|&d| d as char));
    }
    out + "~>"
}

fn packed_stream(dict: &str, bytes: &[u8]) -> String {
    let data = deflated_ascii85(bytes);
    format!("<< {dict} /Filter [/ASCII85Decode /FlateDecode] /Length {} >>\nstream\n{data}\nendstream", data.len())
}

#[test]
fn a_pdf_that_asks_for_gigabytes_skips_those_pages_and_reads_the_rest() {
    // Page 1 is text; page 2's content inflates to 64 MiB; page 3 draws a 100 KB drawing
    // 20,000 times (2 GB of drawing from a few kilobytes); and an object stream inflates
    // to 64 MiB while the file loads. Before, such files took minutes and gigabytes.
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
    let page = |contents: u32, xobject: &str| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> {xobject}>> /Contents {contents} 0 R >>"
        )
    };
    let text = "BT /F1 11 Tf 72 770 Td (Take it or leave it, you always do this.) Tj ET";
    let form = format!("BT /F1 11 Tf 72 770 Td {}ET", "(ok) Tj ".repeat(12_800));
    let objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [4 0 R 6 0 R 8 0 R] /Count 3 >>".into(),
        font.into(),
        page(5, ""),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        page(7, ""),
        packed_stream("", &[b' '; 64 << 20]),
        page(9, "/XObject << /X0 10 0 R >> "),
        packed_stream("", "/X0 Do\n".repeat(20_000).as_bytes()),
        packed_stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792]", form.as_bytes()),
        packed_stream("/Type /ObjStm /N 1 /First 5", &[b"99 0 ".as_slice(), &[b' '; 64 << 20], b"<< >>"].concat()),
    ];
    let pdf = common::documents::raw_pdf(&objects, "");
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bombs.pdf", &pdf);
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("page 2: a stream on it inflates to over 16 MiB"), "{}", r.stderr);
    assert!(r.stderr.contains("page 3: its drawing runs over 150000 operators"), "{}", r.stderr);
    assert!(has_rule(&r.json()["files"][0], TAKE_IT), "page 1 is still read");
    if r.peak_kib > 0 {
        assert!(r.peak_kib < 150 << 10, "peak {} KiB for a {} KB PDF", r.peak_kib, pdf.len() >> 10);
    }
}

#[test]
fn a_word_body_that_inflates_far_past_its_file_is_skipped_naming_it() {
    use common::documents::{docx, Block};
    // 40 MiB of body in a file of some 40 KB (it held 3.6 times the body at peak): over
    // 16 MiB and 32 times the file, so it is named and skipped. One of a similar size
    // that inflates as text does is read.
    let dir = tempfile::tempdir().unwrap();
    let spaces = " ".repeat(40 << 20);
    let bomb = write(dir.path(), "bomb.docx", &docx(&[Block::Para(&["Take it or leave it.", &spaces])]));
    let fine = write(
        dir.path(),
        "fine.docx",
        &docx(&(0..20_000).map(|_| Block::Para(&["Take it or leave it, you always do this."])).collect::<Vec<_>>()),
    );
    let r = run(&["--format", "json", "--fail-on", "never", &bomb, &fine]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bomb.docx: word/document.xml inflates to over"), "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "{doc}");
    assert!(has_rule(&doc["files"][0], TAKE_IT));
    if r.peak_kib > 0 {
        assert!(r.peak_kib < 150 << 10, "peak {} KiB", r.peak_kib);
    }
}

#[test]
fn nul_bytes_in_text_are_analysed_but_a_binary_file_is_skipped_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = analysed(dir.path(), "nul.txt", b"Ann: take it or leave it\0 now\nBob: fine\n");
    assert!(has_rule(&f, TAKE_IT));
    let noise: Vec<u8> = (0..=255u8).cycle().take(16 * 1024).collect();
    let path = write(dir.path(), "noise.txt", &noise);
    let r = run(&json_args(&path));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("noise.txt: binary file, skipped"), "{}", r.stderr);
    assert_eq!(r.json()["errors"][0]["message"], "binary file, skipped");
}

#[test]
fn invalid_utf8_is_analysed_with_a_warning_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        write(dir.path(), "bad.txt", b"Ann: hello\nRick: take it or leave it \xff\xfe\xfa\nAnn: ok\nRick: \xff\n");
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0);
    // Every line with invalid bytes is named, not only the first.
    for line in [2, 4] {
        assert!(r.stderr.contains(&format!("bad.txt:{line}: warning: invalid UTF-8")), "{}", r.stderr);
    }
    assert!(has_rule(&r.json()["files"][0], TAKE_IT));
}

#[test]
fn a_huge_speaker_name_is_cut_in_the_reasons() {
    // The name stays whole where it is data (the speakers' table); the reasons, written
    // for people, show its start.
    let dir = tempfile::tempdir().unwrap();
    let name = "R".repeat(1 << 20);
    let record = serde_json::json!({"turns": [
        {"speaker": name, "text": "Take it or leave it."},
        {"speaker": "Bob", "text": "Fine."},
        {"speaker": name, "text": "Bob, that's your last warning."},
    ]});
    let path = write(dir.path(), "big-name.ndjson", format!("{record}\n").as_bytes());
    let r = run(&json_args(&path));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = &r.json()["files"][0];
    assert_eq!(f["speakers"][0]["name"].as_str().map(str::len), Some(1 << 20));
    let reasons = f["reasons"].as_array().unwrap();
    assert!(reasons.iter().any(|r| r.as_str().unwrap().starts_with("RRRR")), "{reasons:?}");
    for reason in reasons {
        assert!(reason.as_str().unwrap().len() < 1000, "a reason of {} bytes", reason.as_str().unwrap().len());
    }
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Ann: What would work for you?\nRick: Take it or leave it.\n";
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let f = analysed(dir.path(), name, &bytes);
        assert!(rules_on_lines(&f).iter().any(|(l, _, r)| *l == 2 && r.contains(TAKE_IT)), "{name}: {f}");
    }
}

#[test]
fn mixed_line_endings_give_the_lines_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let f = analysed(dir.path(), "mixed.txt", b"Ann: hi\r\nBob: hello\rAnn: ok\nRick: take it or leave it\r\n");
    let lines: Vec<u64> = rules_on_lines(&f).iter().filter(|(_, _, r)| r.contains(TAKE_IT)).map(|x| x.0).collect();
    assert_eq!(lines, [4]);
}

#[test]
fn right_to_left_text_and_emoji_keep_columns_in_characters() {
    let dir = tempfile::tempdir().unwrap();
    let f = analysed(dir.path(), "rtl.txt", "Ana: שלום 😀 مرحبا take it or leave it\nBo: ok\n".as_bytes());
    let hit = rules_on_lines(&f).into_iter().find(|(_, _, r)| r.contains(TAKE_IT)).expect("a finding");
    assert_eq!((hit.0, hit.1), (1, 19), "columns count characters, not bytes");
}

#[test]
fn a_symlink_loop_in_a_folder_does_not_trap_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Ann: what would work for you?\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("self.txt"), dir.path().join("self.txt")).unwrap_or(());
    let r = run_within(&json_args(&dir.path().to_string_lossy()), Duration::from_secs(30));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = r.json()["files"].as_array().unwrap().len();
    assert_eq!(files, 1, "links are not followed");
}

#[test]
fn an_unreadable_file_is_named_and_the_others_still_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Ann: what would work for you?\n");
    let locked = write(dir.path(), "locked.txt", b"Rick: take it or leave it\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (as in CI containers) reads a file whatever its mode: then it is analysed.
    let privileged = std::fs::read(&locked).is_ok();
    let r = run(&json_args(&dir.path().to_string_lossy()));
    let doc = r.json();
    if privileged {
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(doc["files"].as_array().unwrap().len(), 2);
    } else {
        assert_eq!(r.code, 2);
        assert!(r.stderr.contains("locked.txt: Permission denied"), "{}", r.stderr);
        assert_eq!(doc["files"].as_array().unwrap().len(), 1);
        assert!(doc["errors"][0]["path"].as_str().unwrap().ends_with("locked.txt"));
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().map(|s| s.success()).unwrap_or(false);
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn a_fifo_in_a_folder_is_skipped_with_a_notice_and_never_blocks() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", b"Ann: what would work for you?\n");
    mkfifo(&dir.path().join("pipe.txt"));
    let r = run_within(&json_args(&dir.path().to_string_lossy()), Duration::from_secs(30));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("pipe.txt: not a regular file"), "{}", r.stderr);
    assert_eq!(r.json()["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_fifo_named_on_the_command_line_is_read_like_standard_input() {
    // `goodfaith <(command)` hands over a pipe: it is read to its end and analysed.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("draft.txt");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "Rick: take it or leave it\n").unwrap())
    };
    let r = run_within(&json_args(&fifo.to_string_lossy()), Duration::from_secs(30));
    writer.join().unwrap();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(has_rule(&r.json()["files"][0], TAKE_IT));
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    // Sparse: costs no disk and, since the size is checked first, no reading.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::File::create(&path).unwrap().set_len((256 << 20) + 1).unwrap();
    let r = run_within(&json_args(&path.to_string_lossy()), Duration::from_secs(20));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("huge.txt: larger than 256 MiB, skipped"), "{}", r.stderr);
    assert!(r.elapsed < Duration::from_secs(10), "refused at once, took {:?}", r.elapsed);
}

#[test]
fn every_file_that_cannot_be_read_is_named_and_the_run_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", b"Ann: what would work for you?\n");
    let noise: Vec<u8> = (0..=255u8).cycle().take(8192).collect();
    let binary = write(dir.path(), "noise.txt", &noise);
    let missing = dir.path().join("missing.txt").to_string_lossy().into_owned();
    let huge = dir.path().join("huge.md");
    std::fs::File::create(&huge).unwrap().set_len((256 << 20) + 1).unwrap();
    let huge = huge.to_string_lossy().into_owned();
    let r = run(&["--format", "json", "--fail-on", "never", &missing, &good, &binary, &huge]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["files"].as_array().unwrap().len(), 1, "the readable file is still analysed");
    let errors: Vec<&str> = doc["errors"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(errors, [&missing, &binary, &huge]);
    for name in ["missing.txt", "noise.txt", "huge.md"] {
        assert!(r.stderr.contains(name), "{name} named on stderr: {}", r.stderr);
    }
}

/// A folder of every kind of input goodfaith reads, for the runs below.
fn mixed_folder(dir: &Path) {
    write(dir, "call.txt", b"Ann: What would work for you?\nRick: Take it or leave it.\nAnn: Fine.\n");
    write(dir, "subs.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rick>Take it or leave it.\n");
    write(dir, "subs.srt", b"1\n00:00:01,000 --> 00:00:02,000\nRick: Take it or leave it.\n");
    write(dir, "mail.eml", b"From: r@example.com\nTo: a@example.com\nSubject: x\n\nTake it or leave it.\n");
    write(dir, "policy.md", b"# Policy\n\nWe reserve the right to change this at any time.\n");
    write(dir, "page.html", b"<!doctype html><p>Last chance! Take it or leave it.</p>");
    write(dir, "chats.ndjson", b"{\"id\":1,\"text\":\"Take it or leave it.\"}\nnot json\n");
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let meta = std::fs::metadata(&p).unwrap();
            (p.clone(), (std::fs::read(&p).unwrap(), meta.modified().unwrap()))
        })
        .collect()
}

#[test]
fn input_files_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    mixed_folder(dir.path());
    let before = hashes(dir.path());
    let root = dir.path().to_string_lossy().into_owned();
    for format in ["human", "json", "sarif", "github", "markdown", "html", "brief", "ndjson"] {
        run(&["--format", format, "--fail-on", "never", &root]);
    }
    run(&["--include-quoted", "-v", &root]);
    assert_eq!(hashes(dir.path()), before, "contents and modification times are unchanged");
}

#[test]
fn a_closed_pipe_ends_quietly_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let text: String =
        (0..4_000).map(|i| format!("P{}: take it or leave it, what would work for you?\n", i % 5)).collect();
    let path = write(dir.path(), "long.txt", text.as_bytes());
    for format in ["human", "json", "sarif", "github", "markdown", "html", "brief", "ndjson"] {
        let mut child = bin()
            .args(["--format", format, "--fail-on", "never", "-v", &path])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child.stdout.as_mut().unwrap().read_exact(&mut first).ok();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
        // Not a clean run: the report never reached its reader (`set -o pipefail` sees
        // it). A report small enough for the pipe's buffer (Markdown's summary) was
        // written whole before the pipe closed, and that run is clean.
        let whole = run(&["--format", format, "--fail-on", "never", "-v", &path]).stdout.len();
        if whole > 1 << 20 {
            assert_eq!(out.status.code(), Some(2), "{format}");
        } else {
            assert!(matches!(out.status.code(), Some(0 | 2)), "{format}");
        }
    }
}

#[test]
fn a_closed_pipe_stops_an_endless_stream_at_once() {
    // Records keep coming on stdin; once the reader of stdout has gone, the run must stop
    // (and say nothing) rather than analyse all of them.
    let mut child = bin()
        .args(["--input-format", "ndjson", "--format", "ndjson", "--fail-on", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        use std::io::Write;
        let record = b"{\"text\": \"Take it or leave it, what would work for you?\"}\n".repeat(1000);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if stdin.write_all(&record).is_err() {
                return true;
            }
        }
        false
    });
    let mut first = [0u8; 64];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(feeder.join().unwrap(), "goodfaith kept reading for a minute after its reader left");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_stderr_that_cannot_be_written_loses_nothing() {
    // Warnings go to a full device: the report still comes out, with the usual exit code.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.txt", b"Rick: take it or leave it \xff\n");
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = bin().args(["--format", "json", &path]).stderr(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains(TAKE_IT));
    // And a closed stderr pipe.
    let mut child =
        bin().args(["--format", "json", &path]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains(TAKE_IT));
}

/// Bytes that act on a terminal: CSI, OSC (title, hyperlink), bell, backspace, carriage
/// return, C1 CSI, bidi overrides and isolates.
const HOSTILE: &[&str] =
    &["\x1b[2J", "\x1b]0;owned\x07", "\x1b]8;;http://x\x1b\\", "\x07", "\x08", "\r", "\u{9b}", "\u{202e}", "\u{2066}"];

fn assert_clean(what: &str, out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    if let Some(c) = text.chars().find(|&c| c != '\n' && goodfaith::report::sanitize::is_unsafe(c)) {
        panic!("{what}: raw {c:?} reached the output:\n{text}");
    }
}

#[test]
fn control_sequences_from_names_paths_and_ids_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil: String = HOSTILE.concat();
    let speaker = format!("Rick{evil}");
    write(
        dir.path(),
        &format!("call{}.txt", HOSTILE[0]),
        format!("Ann: what would work for you?\n{speaker}: take it or leave it {evil} now.\nAnn: Fine.\n").as_bytes(),
    );
    let id = serde_json::to_string(&evil).unwrap();
    write(
        dir.path(),
        "chats.ndjson",
        format!(
            "{{\"id\":{id},\"turns\":[{{\"speaker\":{id},\"text\":\"take it or leave it {}\"}}]}}\n",
            "\\u001b[31m"
        )
        .as_bytes(),
    );
    write(dir.path(), "bad\x1b[31m.txt", &(0..=255u8).cycle().take(8192).collect::<Vec<u8>>());
    let root = dir.path().to_string_lossy().into_owned();
    for format in ["human", "brief", "github", "markdown"] {
        for color in ["always", "never"] {
            let r = run(&["--format", format, "--color", color, "--fail-on", "never", "-v", &root]);
            assert!(r.stdout.len() > 100, "{format}: a report");
            assert_clean(&format!("{format} --color {color}: stdout"), &strip_own_colour(&r.stdout));
            assert_clean(&format!("{format}: stderr"), r.stderr.as_bytes());
        }
    }
    let r = run(&["--quiet", "--fail-on", "info", &root]);
    assert_clean("quiet", &r.stdout);
    assert_clean("quiet: stderr", r.stderr.as_bytes());
}

/// Our own colour codes (`ESC [ digits ; m`) removed, so only what came from the input
/// is left to check.
fn strip_own_colour(out: &[u8]) -> Vec<u8> {
    let mut kept = Vec::with_capacity(out.len());
    let mut i = 0;
    while i < out.len() {
        if out[i] == 0x1b && out.get(i + 1) == Some(&b'[') {
            let end = out[i + 2..].iter().position(|b| !(b.is_ascii_digit() || *b == b';')).map(|n| i + 2 + n);
            if let Some(end) = end.filter(|&e| out[e] == b'm') {
                i = end + 1;
                continue;
            }
        }
        kept.push(out[i]);
        i += 1;
    }
    kept
}

/// The full sizes of the issue, with the bounds the README states. Run by `.ci/run` on
/// the release binary: `GOODFAITH_BIN=target/release/goodfaith cargo test --test it
/// adversarial:: -- --ignored`.
#[test]
#[ignore = "full sizes: run by .ci/run on the release binary"]
fn full_size_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let line = "you always take it or leave it ".repeat(100_000_000 / 31);
    let r = sized(dir.path(), "line.txt", line.into_bytes(), Bound::Within);
    assert!(r.elapsed < Duration::from_secs(120), "100 MB line took {:?}", r.elapsed);

    let turns: String = (0..200_000).map(|i| format!("P{}: ok, what would work for you?\n", i % 7)).collect();
    let r = sized(dir.path(), "turns.txt", turns.into_bytes(), Bound::Within);
    assert!(r.elapsed < Duration::from_secs(30), "200,000 turns took {:?}", r.elapsed);
}

/// Peak memory within the README's bound for every input format, at sizes large enough
/// for the per-byte cost to show (40 MB or more), with the report as JSON and as HTML
/// (which keeps the transcript: the most any renderer holds).
#[test]
#[ignore = "full sizes: run by .ci/run on the release binary"]
fn memory_stays_within_the_stated_bound_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let phrase = "Take it or leave it, you always do this. ";
    let n = 40_000_000 / phrase.len();
    sized(d, "words.txt", "a ".repeat(20_000_000).into_bytes(), Bound::Within);
    sized(d, "lines.txt", "a\n".repeat(20_000_000).into_bytes(), Bound::Within);
    let latin1: Vec<u8> = phrase.bytes().chain(*b"caf\xe9\n").collect();
    sized(d, "latin1.txt", latin1.repeat(n), Bound::Within);
    let page = format!("<p>{phrase}&amp; what would work&#x21;</p>").repeat(n * 2 / 3);
    sized(d, "page.html", page.into_bytes(), Bound::Within);
    let cue = "00:00:01.000 --> 00:00:02.000\n<v Ann>Take it or leave it.\n\n00:00:02.000 --> 00:00:03.000\n<v Bob>What would work for you?\n\n";
    sized(d, "cues.vtt", format!("WEBVTT\n\n{}", cue.repeat(40_000_000 / cue.len())).into_bytes(), Bound::Within);
    sized(d, "policy.md", format!("{phrase}\n\n").repeat(n).into_bytes(), Bound::Within);
    sized(d, "list.md", format!("- {phrase}\n").repeat(n).into_bytes(), Bound::Within);
    let record = serde_json::json!({"id": 1, "text": phrase.repeat(1_400_000)});
    sized(d, "record.ndjson", format!("{record}\n").into_bytes(), Bound::Within);
    let head = "From: a@example.com\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\n";
    let qp = "Take it or leave it=2C you always=3D do this=\n".repeat(40_000_000 / 46);
    let mail = format!("{head}Content-Transfer-Encoding: quoted-printable\n\n{qp}");
    sized(d, "mail.eml", mail.into_bytes(), Bound::Within);
    // Decoded text keeps an anchor back to the file after each escape or entity; a run
    // of them is held as one, and escapes that make no run cost less than their bytes.
    let mail = format!("{head}Content-Transfer-Encoding: quoted-printable\n\n{}", "=41".repeat(40_000_000 / 3));
    sized(d, "escapes.eml", mail.into_bytes(), Bound::Within);
    // Escapes and letters mixed at random make no runs: an anchor every 3.5 bytes.
    let (mut uneven, mut x) = (String::with_capacity(40_000_000), 1u32);
    while uneven.len() < 40_000_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        uneven.push_str(if x >> 16 & 1 == 0 { "=41" } else { "=41b" });
    }
    let mail = format!("{head}Content-Transfer-Encoding: quoted-printable\n\n{uneven}");
    sized(d, "uneven-escapes.eml", mail.into_bytes(), Bound::Within);
    sized(d, "entities.html", format!("<p>{}", "&lt;".repeat(40_000_000 / 4)).into_bytes(), Bound::Within);
    // Word and PDF: text that varies, so it deflates as real text does.
    let words = ["take", "it", "or", "leave", "what", "would", "work", "for", "you", "always", "deadline", "the"];
    let line =
        |i: usize| (0..12).map(|k| words[(i * 7 + k * k * 3 + i / 5) % words.len()]).collect::<Vec<_>>().join(" ");
    let lines: Vec<String> = (0..400_000).map(|i| format!("{} {i}", line(i))).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let paras: Vec<common::documents::Block> =
        lines.iter().map(|l| common::documents::Block::Para(std::slice::from_ref(l))).collect();
    let text = lines.iter().map(|l| l.len() as u64 + 1).sum();
    sized(d, "body.docx", common::documents::docx(&paras), Bound::Text(text));
    let pages: Vec<&[&str]> = lines.chunks(50).collect();
    sized(d, "book.pdf", common::documents::pdf(&pages), Bound::Within);
    // A fixed cost per turn and per speaker, however short they are.
    let short: String = (0..4_000_000).map(|i| format!("P{}: ok\n", i % 7)).collect();
    sized(d, "short-turns.txt", short.into_bytes(), Bound::PerTurn(4_000_000));
    let speakers: String = (0..1_000_000).map(|i| format!("Speaker{i}: ok, fine\n")).collect();
    sized(d, "speakers.txt", speakers.into_bytes(), Bound::PerSpeaker(1_000_000));
}

/// The memory bounds the README states.
enum Bound {
    /// 4 × the input + 100 MB.
    Within,
    /// Within, plus [`PER_TURN`] bytes for each of this many turns.
    PerTurn(u64),
    /// Within, plus [`PER_SPEAKER`] bytes for each of this many speakers, each with a
    /// turn of its own.
    PerSpeaker(u64),
    /// 4 × this much text + 100 MB: a compressed document (Word), bounded by the text it
    /// holds, which may be many times the file.
    Text(u64),
}

/// What a turn costs beyond 4 × its bytes, however short it is: a one-word line of a
/// transcript is a turn (12 bytes: speaker, parts, quoted), a part (8) and its mark on
/// the timeline (12, with the line it starts on), and as HTML its text kept for the
/// transcript (about 15 more); a 7-byte turn peaks at about 40 bytes as JSON (within the
/// bound at this size) and 54 as HTML; the rest is room for the allocator.
const PER_TURN: u64 = 8;

/// What a speaker with a one-line turn costs beyond [`PER_TURN`] and 4 × its bytes: the
/// name, kept by the conversation and again by the report, and the speaker's statistics
/// (about 190 bytes at a million speakers), with room for the allocator.
const PER_SPEAKER: u64 = PER_TURN + 220;

/// Writes `bytes` as `name`, analyses it, and asserts the peak is within `bound`.
fn sized(dir: &Path, name: &str, bytes: Vec<u8>, bound: Bound) -> Run {
    let size = bytes.len() as u64;
    let path = write(dir, name, &bytes);
    drop(bytes);
    let base = 4 * size + 100_000_000;
    let limit = match bound {
        Bound::Within => base,
        Bound::PerTurn(turns) => base + PER_TURN * turns,
        Bound::PerSpeaker(speakers) => base + PER_SPEAKER * speakers,
        Bound::Text(text) => 4 * text.max(size) + 100_000_000,
    };
    let mut last = None;
    for format in ["json", "html"] {
        let r = run_within(&["--format", format, "--fail-on", "never", &path], Duration::from_secs(300));
        within(&format!("{name} --format {format}"), &r, size, limit);
        last = Some(r);
    }
    last.expect("two runs")
}

/// Asserts that run `r` of an input of `size` bytes peaked within `limit` bytes.
fn within(name: &str, r: &Run, size: u64, limit: u64) {
    assert!(r.code == 0 || r.code == 1, "{name}: exit {}: {}", r.code, r.stderr);
    let peak = r.peak_kib * 1024;
    eprintln!(
        "{name}: {} MB, {:?}, peak {} MB ({:.1} x), limit {} MB",
        size / 1_000_000,
        r.elapsed,
        peak / 1_000_000,
        peak as f64 / size as f64,
        limit / 1_000_000
    );
    assert!(
        peak <= limit,
        "{name}: peak {} MB over {} MB for {} MB",
        peak / 1_000_000,
        limit / 1_000_000,
        size / 1_000_000
    );
}

/// A repository can bring its own `goodfaith.toml` and lexicons: their text is untrusted
/// too, in reports, in `rules`, `explain` and `lexicon test`, and in error messages.
#[test]
fn control_sequences_from_lexicons_and_config_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let esc = r"\u001b]0;owned\u0007\u001b[2J\u202e";
    let lexicon = format!(
        "family = \"coercive\"\ncategory = \"threat\"\n\n[[rules]]\nid = \"coercive.threat.user\"\n\
         severity = \"error\"\nmessage = \"m{esc}\"\nwhy = \"w{esc}\"\nsuggestion = \"s{esc}\"\n\
         patterns = [\"pay up now\"]\nmatch = [\"Pay up now {esc}\"]\nno_match = [\"Pay up now.\"]\n"
    );
    let lex = write(dir.path(), "user.toml", lexicon.as_bytes());
    let input = write(dir.path(), "call.txt", b"Ann: hi\nRick: Pay up now.\n");
    for format in ["human", "brief", "github", "markdown"] {
        let r = run(&["--format", format, "--color", "never", "--fail-on", "never", "--lexicon", &lex, &input]);
        // Markdown escapes the backslash of the escape in turn.
        let shown: &[u8] = if format == "markdown" { b"x1b\\]" } else { b"\\x1b]" };
        assert!(r.stdout.windows(shown.len()).any(|w| w == shown), "{format}: the message is shown escaped");
        assert_clean(&format!("{format} with a user lexicon"), &r.stdout);
    }
    let r = run(&["--quiet", "--lexicon", &lex, &input]);
    assert_clean("quiet with a user lexicon", &r.stdout);
    for args in [
        vec!["rules", "--lexicon", &lex],
        vec!["explain", "coercive.threat.user", "--lexicon", &lex],
        vec!["lexicon", "test", &lex],
        vec!["explain", "\x1b[2Jnothing"],
    ] {
        let r = run(&args);
        assert_clean(&format!("{args:?}: stdout"), &r.stdout);
        assert_clean(&format!("{args:?}: stderr"), r.stderr.as_bytes());
    }
    let config = write(dir.path(), "goodfaith.toml", "[rules]\n\"\u{1b}]0;owned\u{7}\" = 3\n".as_bytes());
    let r = run(&["--config", &config, &input]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("\\x1b]0;owned"), "the bad key is named, escaped: {}", r.stderr);
    assert_clean("config error", r.stderr.as_bytes());
}
