//! Inputs that once crashed goodfaith or gave a wrong answer, found by the fuzz targets
//! (`fuzz/`) or the property tests (`tests/properties.rs`), kept as plain tests so they
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
