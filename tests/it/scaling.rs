//! Scaling: for every reader and for the analysis, the same pathological shape at n and
//! at 4n, and the 4n run must take under 8 times the n run (linear work takes 4 times;
//! quadratic work takes 16). Each shape is one an attacker would try: entities, bare
//! `<`, hidden elements, nested elements and one-line pages for HTML; many speakers,
//! many turns, quotes, negators and one long line for the analysis; cues, voices and
//! unclosed tags for subtitles; long bodies, quoted lines and blockquotes for email;
//! and so on. Inputs are generated here.
//!
//! Timing needs the release binary, so these are ignored by `cargo test`; `.ci/run`
//! runs them: `GOODFAITH_BIN=target/release/goodfaith cargo test --test it scaling:: --
//! --ignored`. What is timed is processor time, one run at a time.

use crate::common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::documents::{docx, pdf, Block};

/// The binary under test: `GOODFAITH_BIN` when set (the release build in CI).
fn bin() -> Command {
    let path = std::env::var_os("GOODFAITH_BIN").map_or_else(|| env!("CARGO_BIN_EXE_goodfaith").into(), PathBuf::from);
    Command::new(path)
}

/// The processor time (user and system) of the fastest of a few runs on `input` (a
/// file named `name`): processor time, not wall time, so other work on a shared machine
/// counts little; a run may take at most a minute.
fn time(name: &str, input: &[u8], args: &[&str]) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, input).unwrap();
    let path = path.to_string_lossy().into_owned();
    // Children's time is counted for the whole process: one run at a time.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    (0..3)
        .map(|_| {
            let before = children_cpu();
            let start = Instant::now();
            let mut child = bin()
                .args(["--format", "json", "--fail-on", "never"])
                .args(args)
                .arg(&path)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn goodfaith");
            let mut err = String::new();
            loop {
                if let Some(status) = child.try_wait().unwrap() {
                    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
                    assert!(matches!(status.code(), Some(0..=2)) && !err.contains("panicked"), "{name}: {err}");
                    break;
                }
                if start.elapsed() > Duration::from_secs(60) {
                    let _ = child.kill();
                    panic!("{name}: over a minute");
                }
                std::thread::sleep(Duration::from_millis(5));
            }
            children_cpu() - before
        })
        .min()
        .unwrap()
}

/// User and system time of this process's waited-for children, from /proc (`cutime`
/// and `cstime`, in clock ticks of 1/100 s on Linux).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command name, which is in brackets and may hold spaces.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[13].parse::<u64>().unwrap() + fields[14].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// Below this, a run at 4n is too quick to be a super-linear path at these sizes (and
/// too quick to time in clock ticks).
const QUICK: Duration = Duration::from_millis(200);

/// One shape: a file name (its extension picks the reader) and the input for size n.
struct Shape {
    name: &'static str,
    n: usize,
    make: fn(usize) -> Vec<u8>,
    args: &'static [&'static str],
}

/// Runs each shape at n and 4n and asserts the 4n run took under 8 times as long (or
/// was [`QUICK`]).
fn check(shapes: &[Shape]) {
    let mut failed = vec![];
    for s in shapes {
        let (small, large) = ((s.make)(s.n), (s.make)(4 * s.n));
        let t1 = time(s.name, &small, s.args);
        let t4 = time(s.name, &large, s.args);
        let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-3);
        eprintln!(
            "{:<28} {:>9} B {:>8.3} s   {:>10} B {:>8.3} s   x{ratio:.1}",
            s.name,
            small.len(),
            t1.as_secs_f64(),
            large.len(),
            t4.as_secs_f64()
        );
        if t4 >= 8 * t1 && t4 >= QUICK {
            failed.push(format!("{}: {:?} at n, {:?} at 4n", s.name, t1, t4));
        }
    }
    assert!(failed.is_empty(), "super-linear: {failed:#?}");
}

fn repeat(unit: &str, n: usize) -> Vec<u8> {
    unit.repeat(n).into_bytes()
}

fn lines(n: usize, line: impl Fn(usize) -> String) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        writeln!(out, "{}", line(i)).unwrap();
    }
    out
}

#[test]
#[ignore = "timing: run by .ci/run on the release binary"]
fn html_reader_scales_linearly() {
    check(&[
        Shape {
            name: "entities.html",
            n: 300_000,
            make: |n| [b"<p>".to_vec(), repeat("&#x41;&amp;x", n)].concat(),
            args: &[],
        },
        Shape {
            name: "bare-lt.html",
            n: 300_000,
            make: |n| [b"<p>".to_vec(), repeat("a < b ", n)].concat(),
            args: &[],
        },
        Shape {
            name: "unclosed-tags.html",
            n: 1_000_000,
            make: |n| [b"<p>x ".to_vec(), repeat("<a x='", n)].concat(),
            args: &[],
        },
        Shape {
            name: "hidden.html",
            n: 100_000,
            make: |n| repeat("<code>x</code> word <SCRIPT>y</script>", n),
            args: &[],
        },
        Shape {
            name: "nested.html",
            n: 100_000,
            make: |n| {
                [repeat("<div><blockquote>", n), b"Take it or leave it.".to_vec(), repeat("</blockquote></div>", n)]
                    .concat()
            },
            args: &[],
        },
        Shape {
            name: "one-line.html",
            n: 30_000,
            make: |n| repeat("<p>Take it or leave it, &ldquo;what would work for you&rdquo;?</p>", n),
            args: &[],
        },
    ]);
}

#[test]
#[ignore = "timing: run by .ci/run on the release binary"]
fn analysis_scales_linearly() {
    check(&[
        Shape {
            name: "speakers.txt",
            n: 20_000,
            make: |n| lines(n, |i| format!("Speaker{i}: take it or leave it, Speaker{}", i / 2)),
            args: &[],
        },
        Shape {
            name: "turns.txt",
            n: 60_000,
            make: |n| lines(n, |i| format!("P{}: ok, what would work for you?", i % 7)),
            args: &[],
        },
        Shape { name: "long-line.txt", n: 100_000, make: |n| repeat("you always take it or leave it ", n), args: &[] },
        Shape {
            name: "quotes.txt",
            n: 100_000,
            make: |n| {
                [b"Ann: ".to_vec(), repeat("He said \"take it or leave it\" and ", n), b"\nBob: ok\n".to_vec()].concat()
            },
            args: &[],
        },
        Shape {
            name: "nested-quotes.txt",
            n: 1_000_000,
            make: |n| format!("Ann: {}take it or leave it{}\nBob: ok\n", "\"".repeat(n), "\"".repeat(n)).into_bytes(),
            args: &[],
        },
        Shape { name: "negators.txt", n: 100_000, make: |n| repeat("no never not take it or leave it ", n), args: &[] },
        Shape { name: "no-findings.txt", n: 300_000, make: |n| repeat("a ", n), args: &[] },
        Shape { name: "short-lines.txt", n: 300_000, make: |n| repeat("a\n", n), args: &[] },
    ]);
}

#[test]
#[ignore = "timing: run by .ci/run on the release binary"]
fn subtitle_and_export_readers_scale_linearly() {
    check(&[
        Shape {
            name: "voices.vtt",
            n: 20_000,
            make: |n| {
                let cues = lines(n, |i| format!("00:00:01.000 --> 00:00:02.000\n<v Voice{i}>Take it or leave it.\n"));
                [b"WEBVTT\n\n".to_vec(), cues].concat()
            },
            args: &[],
        },
        Shape {
            name: "unclosed.vtt",
            n: 200_000,
            make: |n| [b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n".to_vec(), repeat("<a &x {b ", n)].concat(),
            args: &[],
        },
        Shape {
            name: "references.srt",
            n: 200_000,
            make: |n| {
                [
                    b"1\n00:00:01,000 --> 00:00:02,000\nAnn: ".to_vec(),
                    repeat("&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9} &amp; ", n),
                ]
                .concat()
            },
            args: &[],
        },
        Shape {
            name: "cues.srt",
            n: 20_000,
            make: |n| lines(n, |i| format!("{i}\n00:00:01,000 --> 00:00:02,000\nP{}: Take it or leave it.\n", i % 5)),
            args: &[],
        },
        Shape {
            name: "export.txt",
            n: 20_000,
            make: |n| lines(n, |i| format!("Speaker {}  0:{:02}\nTake it or leave it.\n", i % 50, i % 60)),
            args: &["--input-format", "otter"],
        },
        Shape {
            name: "markdown.md",
            n: 50_000,
            make: |n| lines(n, |i| format!("- item {i}: take it or leave it")),
            args: &[],
        },
        Shape {
            name: "nested.md",
            n: 500_000,
            make: |n| format!("{}take it or leave it\n", "> ".repeat(n)).into_bytes(),
            args: &[],
        },
        Shape { name: "latin1.txt", n: 100_000, make: |n| b"Ann: caf\xe9 take it\n".repeat(n), args: &[] },
    ]);
}

#[test]
#[ignore = "timing: run by .ci/run on the release binary"]
fn email_and_stream_readers_scale_linearly() {
    const HEAD: &str = "From: a@example.com\nTo: b@example.com\nSubject: x\nMIME-Version: 1.0\n";
    check(&[
        Shape {
            name: "body.eml",
            n: 50_000,
            make: |n| {
                [format!("{HEAD}\n").into_bytes(), repeat("Take it or leave it=2C you always do this=\n> quoted\n", n)]
                    .concat()
            },
            args: &[],
        },
        Shape {
            name: "qp.eml",
            n: 50_000,
            make: |n| {
                let head = format!("{HEAD}Content-Transfer-Encoding: quoted-printable\n\n");
                [head.into_bytes(), repeat("Take it or leave it=2C you always=3D do this=\n", n)].concat()
            },
            args: &[],
        },
        Shape {
            name: "blockquotes.eml",
            n: 30_000,
            make: |n| {
                let head = format!("{HEAD}Content-Type: text/html\n\n");
                [head.into_bytes(), repeat("<p>Take it or leave it.</p><blockquote>old</blockquote>\n", n)].concat()
            },
            args: &[],
        },
        Shape {
            name: "box.mbox",
            n: 10_000,
            make: |n| {
                lines(n, |i| {
                    format!(
                        "From a@example.com Mon Nov  2 10:00:00 2026\nFrom: P{i} <p{i}@example.com>\nTo: b@example.com\nSubject: x\nDate: Mon, 2 Nov 2026 10:{:02}:00 +0000\n\nTake it or leave it.\n",
                        i % 60
                    )
                })
            },
            args: &[],
        },
        Shape {
            name: "turns.ndjson",
            n: 20_000,
            make: |n| {
                let turns: Vec<String> = (0..n)
                    .map(|i| format!("{{\"speaker\":\"S{i}\",\"text\":\"Take it or leave it, S{}.\"}}", i / 2))
                    .collect();
                format!("{{\"id\":1,\"turns\":[{}]}}\n", turns.join(",")).into_bytes()
            },
            args: &[],
        },
        Shape {
            name: "paragraphs.docx",
            n: 20_000,
            make: |n| {
                let paras: Vec<Block> =
                    (0..n).map(|_| Block::Para(&["Take it or leave it, ", "you always do this."])).collect();
                docx(&paras)
            },
            args: &[],
        },
        Shape {
            name: "runs.docx",
            n: 50_000,
            make: |n| docx(&[Block::Para(&vec!["take it or leave it "; n])]),
            args: &[],
        },
        Shape {
            // Many short pages: finding a page by its number once walked the whole tree.
            name: "pages.pdf",
            n: 1_000,
            make: |n| {
                let page: Vec<&str> = vec!["Take it or leave it, you always do this."; 4];
                pdf(&vec![&page[..]; n])
            },
            args: &[],
        },
        Shape {
            name: "records.ndjson",
            n: 20_000,
            make: |n| {
                lines(n, |i| format!("{{\"id\":{i},\"text\":\"Take it or leave it.\",\"extra\":{{\"a\":[1,2]}}}}"))
            },
            args: &[],
        },
    ]);
}

/// The reproductions of issue 14, each of which took from 6 s to over a minute: each
/// must now take under 2 s of processor time.
#[test]
#[ignore = "timing: run by .ci/run on the release binary"]
fn the_reported_attacks_take_under_two_seconds() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("speakers.txt", lines(5_000, |i| format!("Speaker{i}: take it or leave it"))),
        (
            "voices.vtt",
            [
                b"WEBVTT\n\n".to_vec(),
                lines(3_000, |i| format!("00:00:01.000 --> 00:00:02.000\n<v Voice{i}>take it or leave it\n")),
            ]
            .concat(),
        ),
        ("entities.html", [b"<p>".to_vec(), repeat("&#x41;", 2_000_000)].concat()),
        ("named.html", [b"<p>".to_vec(), repeat("&amp;", 2_000_000)].concat()),
        ("lt.html", [b"<p>".to_vec(), repeat("<", 10_000_000)].concat()),
        ("code.html", repeat("<code>x</code> word ", 100_000)),
        ("script.html", repeat("<script>x</script> word ", 100_000)),
        ("one-line.html", repeat("<p>take it or leave it, what would work for you?</p>", 60_000)),
    ];
    let mut slow = vec![];
    for (name, input) in cases {
        let t = time(name, &input, &[]);
        eprintln!("{name:<16} {:>9} B {:>7.3} s", input.len(), t.as_secs_f64());
        if t >= Duration::from_secs(2) {
            slow.push(format!("{name}: {t:?}"));
        }
    }
    assert!(slow.is_empty(), "{slow:#?}");
}
