//! Every sample's verdict, as listed in samples/expected.tsv.

use crate::common;

use common::{file, json, repo};

#[test]
fn samples_reach_their_expected_verdicts() {
    let manifest = std::fs::read_to_string(repo("samples/expected.tsv")).unwrap();
    let mut wrong = vec![];
    let mut n = 0;
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (name, want) = (cols.next().unwrap(), cols.next().unwrap());
        let (_, doc) = json(&[&repo(&format!("samples/{name}"))], None);
        let got = file(&doc)["verdict"].as_str().unwrap_or("?").to_string();
        n += 1;
        if got != want {
            wrong.push(format!("{name}: expected {want}, got {got}; reasons: {}", file(&doc)["reasons"]));
        }
    }
    assert!(n >= 10, "at least ten samples");
    assert!(wrong.is_empty(), "{} of {n} samples wrong:\n{}", wrong.len(), wrong.join("\n"));
}
