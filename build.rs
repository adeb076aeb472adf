//! Embeds every lexicon file under `lexicons/` into the binary, so `goodfaith` needs no
//! files beside it.

use std::{env, fs, path::Path};

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
    let mut files = vec![];
    collect(&root, &root, &mut files);
    files.sort();
    let mut code = String::from("/// Lexicon files embedded at build time: (path under `lexicons/`, contents).\npub static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        let abs = root.join(f);
        code.push_str(&format!("    ({f:?}, include_str!({:?})),\n", abs.to_string_lossy()));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_lexicons.rs");
    fs::write(out, code).expect("write embedded lexicon list");
}
