//! Embeds every lexicon file under `lexicons/` into the binary, so `goodfaith` needs no
//! files beside it: the sources (for `explain` and `lexicon test`), and the rules and
//! phrases already loaded and compiled, so start-up parses nothing. The loading and
//! compiling are the `goodfaith-lexicon` crate's (`crates/lexicon`), as in the library,
//! so a broken built-in file fails the build with the same message (file, line, key) a
//! user's `--lexicon FILE` would get.
//!
//! The word lists the code reads (`lexicons/en/context.toml`) are checked against the
//! code's declaration of them (`WordList`) and written out as Rust constants.

use std::{env, fs, path::Path};

use goodfaith_lexicon::built::{build, read_rules};
use goodfaith_lexicon::covers_taxonomy;
use goodfaith_lexicon::learned::{parse_category_texts, write_category_texts};
use goodfaith_lexicon::lists::{load_lists, rust_source};

/// The word lists' file, under `lexicons/`: not a file of rules.
const LISTS: &str = "en/context.toml";

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).expect("under root");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("lexicons");
    println!("cargo:rerun-if-changed=lexicons");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut files = vec![];
    collect(&root, &root, &mut files);
    files.retain(|f| f != LISTS);
    files.sort();
    embed_lists(&root, Path::new(&out_dir));
    let mut code = String::from("/// Lexicon files embedded at build time: (path under `lexicons/`, contents).\npub static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        let abs = root.join(f);
        code.push_str(&format!("    ({f:?}, include_str!({:?})),\n", abs.to_string_lossy()));
    }
    code.push_str("];\n");
    fs::write(Path::new(&out_dir).join("embedded_lexicons.rs"), code).expect("write embedded lexicon list");
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|f| (format!("<embedded>/{f}"), fs::read_to_string(root.join(f)).expect("read a lexicon file")))
        .collect();
    let built = match build(sources.iter().map(|(path, source)| (path.clone(), source.as_str()))) {
        Ok(built) => built,
        Err(e) => panic!("a built-in lexicon file is broken: {e}"),
    };
    let files = read_rules(&built.rules);
    if let Err(e) = covers_taxonomy(files.iter().flat_map(|(_, rules)| rules.iter().map(|(rule, _)| rule))) {
        panic!("the built-in lexicons: {e}");
    }
    fs::write(Path::new(&out_dir).join("embedded_lexicons.bin"), built.rules).expect("write the rules");
    fs::write(Path::new(&out_dir).join("embedded_written.bin"), built.written).expect("write the rules' texts");
    fs::write(Path::new(&out_dir).join("embedded_tables.bin"), built.tables).expect("write the tables");
    embed_model(Path::new(&manifest), Path::new(&out_dir));
}

/// Loads the word lists and writes them as Rust source for `src/lexicon/lists.rs`. A
/// list missing or unread, or an entry that can never match, stops the build here.
fn embed_lists(root: &Path, out_dir: &Path) {
    let shown = format!("lexicons/{LISTS}");
    let source = fs::read_to_string(root.join(LISTS)).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let lists = match load_lists(&shown, &source) {
        Ok(lists) => lists,
        Err(e) => panic!("the word lists are broken: {e}"),
    };
    fs::write(out_dir.join("word_lists.rs"), rust_source(&lists, &shown)).expect("write the word lists");
}

/// Copies the trained scorer (`model/en.gfm`) beside the generated files for
/// `include_bytes!`. A checkout without one (before the first `goodfaith train`) builds a
/// binary with no built-in model; a test checks that the repository has one.
fn embed_model(root: &Path, out_dir: &Path) {
    let model = root.join("model").join("en.gfm");
    println!("cargo:rerun-if-changed=model/en.gfm");
    let bytes = fs::read(&model).unwrap_or_default();
    fs::write(out_dir.join("model.gfm"), bytes).expect("write the model");
    // What a learned finding of each category says: checked here, so a misspelt
    // category fails the build, and embedded ready to read.
    println!("cargo:rerun-if-changed=model/categories.toml");
    let shown = "model/categories.toml";
    let source = fs::read_to_string(root.join(shown)).unwrap_or_else(|e| panic!("{shown}: {e}"));
    let texts = parse_category_texts(shown, &source).unwrap_or_else(|e| panic!("the category texts are broken: {e}"));
    fs::write(out_dir.join("category_texts.bin"), write_category_texts(&texts)).expect("write the category texts");
}
