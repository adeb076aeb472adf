//! Inputs that once crashed goodfaith or gave a wrong answer, found by the fuzz targets
//! (`fuzz/`) or the property tests (`tests/it/properties.rs`), kept as plain tests so they
//! run without the fuzzer.

use goodfaith::analysis::{Analyzer, Report};
use goodfaith::input;
use goodfaith::lexicon::Lexicon;

fn analyse(name: &str, bytes: &[u8]) -> Report {
    let lexicon = Lexicon::embedded().expect("the built-in lexicon compiles");
    let conv = input::read(name, bytes, None).expect("reads");
    Analyzer::new(&lexicon).analyze(&conv)
}

/// Property tests: a byte-order mark was counted as a column on line 1 when the first
/// position located was the start of the file.
#[test]
fn a_byte_order_mark_is_not_a_column() {
    let report = analyse("bom.txt", "\u{FEFF}Ann: take it or leave it\n".as_bytes());
    let f = report.findings.iter().find(|f| f.rule.contains("take-it-or-leave-it")).expect("a finding");
    assert_eq!((f.line, f.column), (1, 6));
}

/// Fuzzing (`analyse`): after invalid UTF-8 was replaced, a finding's byte span pointed
/// into the decoded text, past the end of the file. Spans are left out when the text is
/// not the file's bytes; lines and columns still are the file's.
#[test]
fn no_byte_span_when_the_text_is_not_the_files_bytes() {
    let mut bytes = b"Ann: hello \xff\xff\xff\xff\n".to_vec();
    bytes.extend_from_slice("Rick: \u{FEFF}take it or leave it\n".as_bytes());
    let report = analyse("bad.txt", &bytes);
    let f = report.findings.iter().find(|f| f.rule.contains("take-it-or-leave-it")).expect("a finding");
    assert_eq!(f.span, None);
    assert_eq!((f.line, f.column, f.end_line), (2, 8, 2));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Ann: hi\nRick: take it or leave it\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let report = analyse("utf16.txt", &utf16);
    let f = report.findings.iter().find(|f| f.rule.contains("take-it-or-leave-it")).expect("a finding");
    assert_eq!((f.span, f.line, f.column), (None, 2, 7));
    let clean = analyse("ok.txt", b"Rick: take it or leave it\n");
    assert_eq!(clean.findings[0].span, Some([6, 25]));
}
