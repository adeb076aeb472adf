//! A report as JSON, byte for byte what serde's derive writes (a test compares the two on
//! every sample and fixture), in a fraction of the time. Findings are most of a report and
//! serde spends most of its time on them, field by field and byte by byte; here a
//! finding's keys are constants and its strings are escaped eight bytes at a time. The
//! rest of the report (score, reasons, speakers, ...) is small and goes through serde,
//! the lists an element at a time (a million speakers are tens of megabytes of JSON).
//!
//! Every string is still escaped by the one function below, whatever its source: the
//! output is serialised, never pasted together from untrusted text.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};

use crate::analysis::{FindingReport, Report};

/// How much is buffered before it is written out: a large report streams, it is never
/// held whole.
const CHUNK: usize = 1 << 16;

/// Writes `report` to `out` as serde_json would, through `buf` (emptied first and left
/// empty; reused between reports).
pub fn write_report(out: &mut dyn Write, buf: &mut Vec<u8>, report: &Report) -> io::Result<()> {
    write_report_on(out, buf, report, 1)
}

/// [`write_report`], with the findings of a large report written on up to `threads`
/// threads: a report of tens of thousands of findings is tens of megabytes of JSON,
/// written after the analysis, when nothing else is left to run beside it.
pub fn write_report_on(out: &mut dyn Write, buf: &mut Vec<u8>, report: &Report, threads: usize) -> io::Result<()> {
    buf.clear();
    buf.extend_from_slice(b"{\"path\":");
    string(buf, &report.path);
    if let Some(id) = &report.id {
        buf.extend_from_slice(b",\"id\":");
        serde_into(buf, id)?;
    }
    if !report.extra.is_empty() {
        buf.extend_from_slice(b",\"extra\":");
        serde_into(buf, &report.extra)?;
    }
    buf.extend_from_slice(b",\"kind\":");
    serde_into(buf, &report.kind)?;
    buf.extend_from_slice(b",\"profile\":");
    string(buf, report.profile);
    if let Some(position) = report.position {
        buf.extend_from_slice(b",\"position\":");
        string(buf, position);
    }
    buf.extend_from_slice(b",\"verdict\":");
    serde_into(buf, &report.verdict)?;
    buf.extend_from_slice(b",\"score\":");
    serde_into(buf, &report.score)?;
    buf.extend_from_slice(b",\"reasons\":");
    list_into(out, buf, &report.reasons)?;
    buf.extend_from_slice(b",\"speakers\":");
    list_into(out, buf, &report.speakers)?;
    buf.extend_from_slice(b",\"pressure\":");
    list_into(out, buf, &report.pressure)?;
    buf.extend_from_slice(b",\"findings\":[");
    if threads > 1 && report.findings.len() >= 2 * BATCH {
        findings_on_threads(out, buf, &report.findings, threads)?;
    } else {
        for (i, f) in report.findings.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            finding(buf, f);
            if buf.len() >= CHUNK {
                out.write_all(buf)?;
                buf.clear();
            }
        }
    }
    buf.push(b']');
    if !report.notices.is_empty() {
        buf.extend_from_slice(b",\"notices\":");
        serde_into(buf, &report.notices)?;
    }
    if report.suppressed != 0 {
        buf.extend_from_slice(b",\"suppressed\":");
        u32_into(buf, report.suppressed);
    }
    if !report.unused_suppressions.is_empty() {
        buf.extend_from_slice(b",\"unused_suppressions\":");
        serde_into(buf, &report.unused_suppressions)?;
    }
    buf.push(b'}');
    out.write_all(buf)?;
    buf.clear();
    Ok(())
}

/// Findings one thread writes at a time.
const BATCH: usize = 2048;

/// Writes `findings`, comma-separated, after what `buf` holds: batches of [`BATCH`] are
/// written on `threads` threads a round at a time and go out in order, so what is held
/// stays bounded however many findings there are.
fn findings_on_threads(
    out: &mut dyn Write,
    buf: &mut Vec<u8>,
    findings: &[FindingReport],
    threads: usize,
) -> io::Result<()> {
    for (r, round) in findings.chunks(threads * BATCH).enumerate() {
        let written: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> = round
                .chunks(BATCH)
                .map(|batch| {
                    s.spawn(move || {
                        let mut b = Vec::with_capacity(batch.len() * 512);
                        for f in batch {
                            b.push(b',');
                            finding(&mut b, f);
                        }
                        b
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
        });
        out.write_all(buf)?;
        buf.clear();
        for (i, batch) in written.iter().enumerate() {
            // Every batch opens with a comma; the very first finding has none before it.
            out.write_all(if r == 0 && i == 0 { &batch[1..] } else { batch })?;
        }
    }
    Ok(())
}

fn finding(buf: &mut Vec<u8>, f: &FindingReport) {
    buf.extend_from_slice(b"{\"rule\":");
    string(buf, &f.rule);
    buf.extend_from_slice(b",\"family\":\"");
    buf.extend_from_slice(f.family.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"category\":");
    string(buf, &f.category);
    buf.extend_from_slice(b",\"severity\":\"");
    buf.extend_from_slice(f.severity.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"line\":");
    u32_into(buf, f.line);
    buf.extend_from_slice(b",\"column\":");
    u32_into(buf, f.column);
    buf.extend_from_slice(b",\"end_line\":");
    u32_into(buf, f.end_line);
    buf.extend_from_slice(b",\"end_column\":");
    u32_into(buf, f.end_column);
    if let Some([a, b]) = f.span {
        buf.extend_from_slice(b",\"span\":[");
        u64_into(buf, a as u64);
        buf.push(b',');
        u64_into(buf, b as u64);
        buf.push(b']');
    }
    if let Some(page) = f.page {
        buf.extend_from_slice(b",\"page\":");
        u32_into(buf, page);
    }
    buf.extend_from_slice(b",\"speaker\":");
    optional_string(buf, f.speaker.as_deref());
    buf.extend_from_slice(b",\"turn\":");
    u32_into(buf, f.turn);
    buf.extend_from_slice(b",\"matched\":");
    string(buf, &f.matched);
    buf.extend_from_slice(b",\"sentence\":");
    string(buf, &f.sentence);
    buf.extend_from_slice(b",\"message\":");
    string(buf, &f.message);
    buf.extend_from_slice(b",\"suggestion\":");
    optional_string(buf, f.suggestion.as_deref());
    buf.extend_from_slice(if f.negated { b",\"negated\":true" } else { b",\"negated\":false" });
    buf.extend_from_slice(if f.quoted { b",\"quoted\":true" } else { b",\"quoted\":false" });
    buf.extend_from_slice(b",\"weight\":");
    f32_into(buf, f.weight);
    if let Some(c) = f.confidence {
        buf.extend_from_slice(b",\"confidence\":");
        f32_into(buf, c);
    }
    if !f.evidence.is_empty() {
        buf.extend_from_slice(b",\"evidence\":[");
        for (i, e) in f.evidence.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            string(buf, e);
        }
        buf.push(b']');
    }
    buf.push(b'}');
}

/// A small part of the report, through serde.
fn serde_into(buf: &mut Vec<u8>, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *buf, value).map_err(io::Error::from)
}

/// A list, as serde writes it, an element at a time through serde, written out to `out`
/// whenever `buf` holds a [`CHUNK`]: a list as long as the input (a speaker per line)
/// is never held whole.
fn list_into(out: &mut dyn Write, buf: &mut Vec<u8>, items: &[impl Serialize]) -> io::Result<()> {
    buf.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        serde_into(buf, item)?;
        if buf.len() >= CHUNK {
            out.write_all(buf)?;
            buf.clear();
        }
    }
    buf.push(b']');
    Ok(())
}

fn optional_string(buf: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(buf, s),
        None => buf.extend_from_slice(b"null"),
    }
}

fn u32_into(buf: &mut Vec<u8>, n: u32) {
    u64_into(buf, n as u64)
}

fn u64_into(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// A float as serde_json writes it (its own formatter; `null` when not finite).
fn f32_into(buf: &mut Vec<u8>, x: f32) {
    if x.is_finite() {
        CompactFormatter.write_f32(buf, x).expect("writing to a Vec cannot fail");
    } else {
        buf.extend_from_slice(b"null");
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether one of the 8 bytes of `x` is a control character, `"` or `\`: the bytes JSON
/// escapes. (Each test is exact for "any byte": a borrow can only misplace a hit.)
#[inline]
fn needs_escape(x: u64) -> bool {
    let control = x.wrapping_sub(ONES * 0x20) & !x;
    let q = x ^ (ONES * b'"' as u64);
    let quote = q.wrapping_sub(ONES) & !q;
    let b = x ^ (ONES * b'\\' as u64);
    let backslash = b.wrapping_sub(ONES) & !b;
    (control | quote | backslash) & HIGHS != 0
}

/// `s` as a JSON string, escaped exactly as serde_json escapes it.
pub fn string(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(eight) = bytes.get(i..i + 8) {
            if !needs_escape(u64::from_le_bytes(eight.try_into().expect("8 bytes"))) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape = ESCAPE[b as usize];
        if escape != 0 {
            buf.extend_from_slice(&bytes[clean..i]);
            push_escape(buf, b, escape);
            clean = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[clean..]);
    buf.push(b'"');
}

#[cold]
fn push_escape(buf: &mut Vec<u8>, b: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match escape {
        b'u' => buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xF) as usize]]),
        c => buf.extend_from_slice(&[b'\\', c]),
    }
}

/// Per byte: 0 when written as it is, else the letter after the backslash (`u` for
/// `\u00XX`), as serde_json has it.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "plain words".into(),
            "a \"quote\" and a \\ backslash".into(),
            "tabs\tnew\nlines\r\u{8}\u{c}\u{0}\u{1f}\u{7f} done".into(),
            "naïve café — “curly” 😀 </script>".into(),
            "exactly8".into(),
            "\"2345678\\2345678\n".into(),
        ];
        // Every byte value at every position of a 17-byte string.
        for b in 0u8..0x80 {
            for at in 0..17 {
                let mut s = vec![b'x'; 17];
                s[at] = b;
                cases.push(String::from_utf8(s).unwrap());
            }
        }
        for s in cases {
            let mut ours = vec![];
            string(&mut ours, &s);
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut ours = vec![];
            u64_into(&mut ours, n);
            assert_eq!(String::from_utf8(ours).unwrap(), n.to_string());
        }
        for x in [0.0f32, -0.0, 1.0, 0.8, 0.1 + 0.2, 1e-7, 3.4e38, f32::NAN, f32::INFINITY, 0.35] {
            let mut ours = vec![];
            f32_into(&mut ours, x);
            assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&x).unwrap(), "{x}");
        }
    }

    #[test]
    fn enum_names_are_the_serde_names() {
        use crate::lexicon::{Family, Severity};
        for f in [Family::Coercive, Family::Mutual, Family::Signal] {
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.as_str()));
        }
        for s in [Severity::Info, Severity::Warning, Severity::Error] {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
    }
}

/// The fast writer against serde's derive, on real reports: every sample and input
/// fixture analysed with the built-in lexicons and model (learned findings with
/// confidence and evidence, speakers, pressure, notices, NDJSON ids and extra fields,
/// Word and PDF positions and pages),
/// and the hand-built fixture (suppressions, hostile text).
#[cfg(test)]
mod same_as_serde {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::lexicon::Lexicon;

    fn ours(report: &Report) -> String {
        let (mut out, mut buf) = (vec![], vec![]);
        write_report(&mut out, &mut buf, report).unwrap();
        assert!(buf.is_empty());
        String::from_utf8(out).unwrap()
    }

    fn inputs() -> Vec<std::path::PathBuf> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = vec![];
        let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else {
                    paths.push(p);
                }
            }
        }
        paths.sort();
        paths
    }

    #[test]
    fn every_sample_and_fixture_is_written_byte_for_byte_as_serde_writes_it() {
        let lexicon = Lexicon::builder().build().unwrap();
        let analyzer = Analyzer::new(&lexicon);
        let mut checked = 0;
        for path in inputs() {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            let reports: Vec<Report> = if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
                crate::input::ndjson::Records::new(name.clone(), &bytes[..])
                    .flatten()
                    .map(|r| {
                        let mut report = analyzer.analyze(&r.conversation);
                        (report.id, report.extra) = (r.id, r.extra);
                        report
                    })
                    .collect()
            } else {
                let Ok(conv) = crate::input::read(&name, &bytes, None) else { continue };
                vec![analyzer.analyze(&conv)]
            };
            for report in reports {
                assert_eq!(ours(&report), serde_json::to_string(&report).unwrap(), "{name}");
                checked += 1;
            }
        }
        assert!(checked > 30, "{checked} reports");
        for report in [super::super::fixture::report(), super::super::fixture::clean()] {
            assert_eq!(ours(&report), serde_json::to_string(&report).unwrap());
        }
    }

    #[test]
    fn long_lists_are_written_out_as_they_go() {
        let mut report = super::super::fixture::report();
        let speaker = |i: u32| crate::analysis::SpeakerReport {
            name: format!("Speaker {i}"),
            words: i,
            share: 0.5,
            turns: 1,
            questions: 0,
            coercive: 1,
            mutual: 0,
            assented: i % 2 == 0,
            resigned: false,
            pressure: 0.9,
        };
        report.speakers = (0..20_000).map(speaker).collect();
        report.reasons = (0..20_000).map(|i| format!("Reason {i}.")).collect();
        let (mut out, mut buf) = (vec![], vec![]);
        write_report(&mut out, &mut buf, &report).unwrap();
        assert!(String::from_utf8(out).unwrap() == serde_json::to_string(&report).unwrap());
        assert!(buf.capacity() < 2 * CHUNK, "held {} bytes at once", buf.capacity());
    }

    #[test]
    fn findings_written_on_several_threads_are_the_same_bytes() {
        // Enough findings for several rounds of batches, and a last, short batch.
        let mut report = super::super::fixture::report();
        let one = report.findings.clone();
        while report.findings.len() < 7 * BATCH + 13 {
            let mut more = one.clone();
            more.iter_mut().for_each(|f| f.line += report.findings.len() as u32);
            report.findings.extend(more);
        }
        let serde = serde_json::to_string(&report).unwrap();
        for threads in [1, 2, 3, 8] {
            let (mut out, mut buf) = (vec![], vec![]);
            write_report_on(&mut out, &mut buf, &report, threads).unwrap();
            assert!(buf.is_empty());
            assert!(String::from_utf8(out).unwrap() == serde, "{threads} threads");
        }
    }
}
