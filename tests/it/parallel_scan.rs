//! A large text is scanned on several threads (`Settings::threads`, set by the CLI when
//! a run has one file). Splitting the turns must never change the report: the same
//! findings in the same order, the same speakers, verdict and score.

use goodfaith::analysis::{Analyzer, Settings};
use goodfaith::input;
use goodfaith::lexicon::Lexicon;

/// A transcript of a few megabytes from the sample conversations, speakers kept.
fn big_transcript() -> String {
    let samples = ["hardball-ultimatum.txt", "salary-negotiation.txt", "one-sided-meeting.txt", "campsite-swap.txt"];
    let texts: Vec<String> = samples
        .iter()
        .map(|s| std::fs::read_to_string(format!("{}/samples/{s}", env!("CARGO_MANIFEST_DIR"))).expect("sample"))
        .collect();
    let mut out = String::new();
    let mut i = 0;
    while out.len() < 3 << 20 {
        out.push_str(&texts[i % texts.len()]);
        out.push('\n');
        i += 1;
    }
    out
}

fn analyze(lexicon: &Lexicon, conv: &input::Conversation, threads: usize) -> goodfaith::analysis::Report {
    let mut settings = Settings::new(lexicon);
    settings.threads = threads;
    Analyzer::with_settings(lexicon, settings).analyze(conv)
}

#[test]
fn scanning_on_several_threads_gives_the_same_report() {
    let lexicon = Lexicon::embedded().expect("the built-in lexicon compiles");
    let text = big_transcript();
    let conv = input::read("big.txt", text.as_bytes(), None).expect("reads");
    let report = |threads: usize| analyze(&lexicon, &conv, threads);
    let one = report(1);
    assert!(one.findings.len() > 1000, "the text is dense with findings");
    for threads in [2, 3, 7] {
        assert!(report(threads) == one, "{threads} threads changed the report");
    }
}

#[test]
fn one_huge_turn_cut_into_pieces_gives_the_same_report_on_any_number_of_threads() {
    // A single line of several megabytes: cut into pieces, grouped into blocks, with more
    // hits than are listed, so the facts count hits that are never kept.
    let lexicon = Lexicon::embedded().expect("the built-in lexicon compiles");
    let text = "Take it or leave it, you always do this, what would work for you? ".repeat(60_000);
    let conv = input::read("line.txt", text.as_bytes(), None).expect("reads");
    let report = |threads: usize| analyze(&lexicon, &conv, threads);
    let one = report(1);
    assert_eq!(one.findings.len(), goodfaith::analysis::MAX_FINDINGS, "more hits than are listed");
    for threads in [2, 3] {
        assert!(report(threads) == one, "{threads} threads changed the report");
    }
}

#[test]
fn findings_located_on_the_scanning_threads_match_one_thread_in_files_read_through_a_source_map() {
    // WebVTT and HTML map text offsets back to the file through anchors, and long lines
    // (HTML on one line) keep columns counting across blocks: the scanning threads
    // locate each block's findings from a cursor moved to the block's start, and must
    // give the lines and columns one thread gives.
    let lexicon = Lexicon::embedded().expect("the built-in lexicon compiles");
    let sample = |s: &str| std::fs::read_to_string(format!("{}/samples/{s}", env!("CARGO_MANIFEST_DIR"))).expect("s");
    let vtt = sample("offsite-planning.vtt");
    let cues: String = vtt.lines().skip_while(|l| !l.contains("-->")).collect::<Vec<_>>().join("\n");
    let mut big_vtt = String::from("WEBVTT\n\n");
    while big_vtt.len() < 3 << 20 {
        big_vtt.push_str(&cues);
        big_vtt.push_str("\n\n");
    }
    let line = "<p>Take it or leave it. What would work for you? You always do this.</p>";
    let html = format!("<html><body>{}</body></html>", line.repeat(40_000));
    for (name, text) in [("big.vtt", big_vtt), ("line.html", html)] {
        let conv = input::read(name, text.as_bytes(), None).expect("reads");
        let report = |threads: usize| analyze(&lexicon, &conv, threads);
        let one = report(1);
        assert!(one.findings.len() > 1000, "{name}: dense with findings");
        assert!(one.findings.iter().any(|f| f.line > 1 || f.column > 1000), "{name}: positions past the start");
        for threads in [2, 3] {
            assert!(report(threads) == one, "{name}: {threads} threads changed the report");
        }
    }
}

#[test]
fn findings_left_out_as_they_come_give_the_same_report_on_any_number_of_threads() {
    // Findings the scanning threads located are filtered while the scan goes on; the
    // rest wait to be located first. A filter that keeps state (as a baseline's budget
    // does) must see the same findings in the same order either way: every fifth
    // finding of the coercive family is left out, counted by the filter itself.
    let lexicon = Lexicon::embedded().expect("the built-in lexicon compiles");
    let dense = "Take it or leave it, you always do this, what would work for you? ".repeat(40_000);
    for (name, text) in [("big.txt", big_transcript()), ("line.txt", dense)] {
        let conv = input::read(name, text.as_bytes(), None).expect("reads");
        let report = |threads: usize| {
            let mut settings = Settings::new(&lexicon);
            settings.threads = threads;
            let mut seen = 0;
            let every_fifth = |f: &goodfaith::analysis::FindingReport| {
                seen += usize::from(f.family == goodfaith::lexicon::Family::Coercive);
                f.family == goodfaith::lexicon::Family::Coercive && seen % 5 == 0
            };
            Analyzer::with_settings(&lexicon, settings).analyze_filtered(&conv, every_fifth)
        };
        let one = report(1);
        assert!(one.suppressed > 100, "{name}: the filter left findings out");
        for threads in [2, 3] {
            assert!(report(threads) == one, "{name}: {threads} threads changed the report");
        }
    }
}
