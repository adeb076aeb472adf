//! Analysis throughput per byte: a whole file read, analysed and rendered as JSON (what
//! `goodfaith --format json FILE` does after start-up), on a meeting transcript, on
//! prose and on text dense with hits; then the transcript stage by stage.
//!
//! ```sh
//! cargo bench --bench throughput
//! ```

#[path = "support/corpus.rs"]
mod corpus;

use std::sync::LazyLock;

use corpus::Kind;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use goodfaith::analysis::Analyzer;
use goodfaith::input::{self, Conversation};
use goodfaith::lexicon::{Lexicon, RawHit};
use goodfaith::text::{Segmented, Segmenter};

fn main() {
    divan::main();
}

/// One megabyte of each kind (the 1 MB to 200 MB linearity check is `scripts/bench.sh`).
const SIZE: usize = 1_000_000;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::embedded().expect("the embedded lexicons build"));
static TRANSCRIPT: LazyLock<String> = LazyLock::new(|| corpus::generate(Kind::Transcript, SIZE, corpus::SEED));
static PROSE: LazyLock<String> = LazyLock::new(|| corpus::generate(Kind::Prose, SIZE, corpus::SEED));
static DENSE: LazyLock<String> = LazyLock::new(|| corpus::generate(Kind::Dense, SIZE, corpus::SEED));

/// Read, analyse, render: the whole per-file path.
fn end_to_end(bencher: Bencher, text: &str) {
    let analyzer = Analyzer::new(&LEXICON);
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let conv = input::read("bench.txt", text.as_bytes(), None).expect("readable");
        let report = analyzer.analyze(&conv);
        serde_json::to_writer(std::io::sink(), &report).expect("serialisable");
    });
}

#[divan::bench]
fn transcript(bencher: Bencher) {
    end_to_end(bencher, &TRANSCRIPT);
}

#[divan::bench]
fn prose(bencher: Bencher) {
    end_to_end(bencher, &PROSE);
}

#[divan::bench]
fn dense(bencher: Bencher) {
    end_to_end(bencher, &DENSE);
}

/// The stages of the transcript, one at a time.
mod stages {
    use super::*;

    fn conversation() -> Conversation {
        input::read("bench.txt", TRANSCRIPT.as_bytes(), None).expect("readable")
    }

    #[divan::bench]
    fn read(bencher: Bencher) {
        bencher
            .counter(BytesCount::of_str(&*TRANSCRIPT))
            .bench(|| input::read("bench.txt", black_box(TRANSCRIPT.as_bytes()), None));
    }

    #[divan::bench]
    fn segment(bencher: Bencher) {
        let conv = conversation();
        let (mut segmenter, mut seg) = (Segmenter::new(), Segmented::default());
        bencher.counter(BytesCount::of_str(&conv.text)).bench_local(|| {
            for turn in &conv.turns {
                segmenter.segment(&conv.text, conv.parts_of(turn), &mut seg);
            }
        });
    }

    #[divan::bench]
    fn segment_and_match(bencher: Bencher) {
        let conv = conversation();
        let (mut segmenter, mut seg, mut hits) = (Segmenter::new(), Segmented::default(), Vec::<RawHit>::new());
        bencher.counter(BytesCount::of_str(&conv.text)).bench_local(|| {
            for turn in &conv.turns {
                segmenter.segment(&conv.text, conv.parts_of(turn), &mut seg);
                hits.clear();
                LEXICON.matcher().find(&seg, &mut hits);
            }
        });
    }

    #[divan::bench]
    fn analyze(bencher: Bencher) {
        let conv = conversation();
        let analyzer = Analyzer::new(&LEXICON);
        bencher.counter(BytesCount::of_str(&conv.text)).bench(|| analyzer.analyze(&conv));
    }
}
