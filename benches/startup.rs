//! Start-up and the per-file cost of a short email: what a user waits for when a mail
//! hook checks a draft before it goes out.
//!
//! ```sh
//! cargo bench --bench startup
//! ```

#[path = "support/corpus.rs"]
mod corpus;

use std::sync::LazyLock;

use divan::Bencher;
use goodfaith::analysis::Analyzer;
use goodfaith::input;
use goodfaith::lexicon::Lexicon;

fn main() {
    divan::main();
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::embedded().expect("the embedded lexicons build"));

/// Loading, validating and compiling the built-in lexicons.
#[divan::bench]
fn lexicon() -> Lexicon {
    Lexicon::embedded().expect("the embedded lexicons build")
}

/// Loading the built-in lexicons plus one user rule (`--lexicon FILE`).
#[divan::bench]
fn lexicon_with_user_file() -> Lexicon {
    const USER: &str = r#"
family = "coercive"
category = "ultimatum"

[[rules]]
id = "coercive.ultimatum.bench-user-rule"
severity = "error"
message = "A user rule."
suggestion = "Say what you need."
patterns = ["sign {it|this} by {friday|monday} or {else|we walk}"]
"#;
    Lexicon::builder().source("user.toml", USER).build().expect("builds")
}

/// One short email draft, read, analysed and rendered, with the lexicon already built.
#[divan::bench]
fn email(bencher: Bencher) {
    let analyzer = Analyzer::new(&LEXICON);
    bencher.bench(|| {
        let conv = input::read("draft.txt", corpus::EMAIL.as_bytes(), None).expect("readable");
        let report = analyzer.analyze(&conv);
        serde_json::to_writer(std::io::sink(), &report).expect("serialisable");
    });
}
