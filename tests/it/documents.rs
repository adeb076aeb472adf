//! Word and PDF documents as a policy owner checks them: findings at the right
//! paragraph or page and line in every format, fair versions clean, and broken or
//! encrypted files refused with a clear message and exit 2.

use crate::common;

use common::documents::{docx, pdf, pdf_with, raw_pdf, Block};
use common::run;
use serde_json::Value;

const SANCTION: &str = "Failure to respond within 15 minutes will result in immediate termination.";
const RENEWAL: &str = "Your membership will automatically renew every year.";
const FAIR_DEADLINE: &str =
    "If you cannot reply within two working days, tell your manager and we will agree a new date.";
const FAIR_RENEWAL: &str =
    "Your membership ends after a year; we will email you a month before and ask whether you want to renew.";

/// The handbook as a Word document: the sanction is paragraph 3 (a list item), the
/// renewal paragraph 5 (a table cell). The header, the footer and a tracked deletion
/// hold coercive text that the document does not say.
fn handbook_docx(sanction: &str, renewal: &str) -> Vec<u8> {
    docx(&[
        Block::Heading("Member handbook"),
        Block::Para(&["Welcome to the club. ", "This handbook explains how membership works."]),
        Block::Item(sanction),
        Block::Deleted("We review complaints fairly.", " Take it or leave it.", ""),
        Block::Row(&[renewal, "Fees are listed on the website."]),
    ])
}

/// The handbook as a PDF: the renewal on page 1, line 3; the sanction on page 2,
/// lines 2 and 3 (a sentence wrapped across lines).
fn handbook_pdf(sanction: [&str; 2], renewal: &str) -> Vec<u8> {
    pdf(&[
        &["Member handbook", "", renewal, "Fees are listed on the website."],
        &["Conduct", "", sanction[0], sanction[1]],
    ])
}

fn temp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = run(args, None);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    (out.status.code(), doc)
}

/// (rule, page, line) of every counted coercive finding.
fn coercive(doc: &Value) -> Vec<(String, Option<u64>, u64)> {
    doc["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["family"] == "coercive" && f["negated"] == false && f["quoted"] == false)
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["page"].as_u64(), f["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_word_policy_gives_findings_by_paragraph() {
    let (_d, path) = temp("handbook.docx", &handbook_docx(SANCTION, RENEWAL));
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &path]);
    assert_eq!(code, Some(1));
    let file = &doc["files"][0];
    assert_eq!((file["position"].as_str(), file["profile"].as_str()), (Some("paragraph"), Some("policy-strict")));
    assert_eq!(
        coercive(&doc),
        [("coercive.threat.sanction".into(), None, 3), ("coercive.unilateral.auto-renewal".into(), None, 5)],
        "the header, footer and deleted text are not read"
    );
    let sanction = &file["findings"].as_array().unwrap().iter().find(|f| f["line"] == 3).unwrap();
    assert_eq!(sanction["column"], 1);
    assert!(sanction.get("span").is_none(), "no byte span into a zip");
    // A document without a profile is read under the policy profile, which flags the sanction.
    let (_, doc) = json(&["--format", "json", &path]);
    assert_eq!(doc["files"][0]["profile"], "policy");
    assert_eq!(coercive(&doc)[0], ("coercive.threat.sanction".into(), None, 3));
}

#[test]
fn a_pdf_policy_gives_findings_by_page_and_line() {
    let sanction = ["Failure to respond within 15 minutes will result in", "immediate termination."];
    let (_d, path) = temp("handbook.pdf", &handbook_pdf(sanction, RENEWAL));
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &path]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["files"][0]["position"], "page-line");
    assert_eq!(
        coercive(&doc),
        [("coercive.unilateral.auto-renewal".into(), Some(1), 2), ("coercive.threat.sanction".into(), Some(2), 2)]
    );
    let sanction = &doc["files"][0]["findings"].as_array().unwrap()[1];
    assert_eq!((sanction["end_line"].as_u64(), sanction["page"].as_u64()), (Some(3), Some(2)));
    assert!(sanction["matched"].as_str().unwrap().ends_with("immediate termination"));
}

#[test]
fn fair_versions_give_no_coercive_finding() {
    let (_d, path) = temp("fair.docx", &handbook_docx(FAIR_DEADLINE, FAIR_RENEWAL));
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &path]);
    assert_eq!((code, coercive(&doc)), (Some(0), vec![]), "{doc}");
    let fair = ["If you cannot reply within two working days, tell your manager", "and we will agree a new date."];
    let (_d, path) = temp("fair.pdf", &handbook_pdf(fair, FAIR_RENEWAL));
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &path]);
    assert_eq!((code, coercive(&doc)), (Some(0), vec![]), "{doc}");
}

#[test]
fn every_format_says_where() {
    let (_d, docx_path) = temp("handbook.docx", &handbook_docx(SANCTION, RENEWAL));
    let sanction = ["Failure to respond within 15 minutes will result in", "immediate termination."];
    let (_e, pdf_path) = temp("handbook.pdf", &handbook_pdf(sanction, RENEWAL));
    let text = |format: &str, path: &str| {
        let out = run(&["--format", format, path], None);
        String::from_utf8(out.stdout).unwrap()
    };
    for (format, in_docx, in_pdf) in [
        ("human", "handbook.docx: paragraph 3", "handbook.pdf: page 2, line 2"),
        ("brief", ":3:1: error coercive.threat.sanction", ":2:1: error coercive.threat.sanction"),
        ("brief", "(paragraph 3)", "(page 2, line 2)"),
        ("github", "line=3,col=1", "line=2,col=1"),
        ("github", "(paragraph 3)", "(page 2, line 2)"),
        ("markdown", "handbook.docx, paragraph 3", "handbook.pdf, page 2, line 2"),
        ("html", "paragraph 3", "page 2, line 2"),
        ("sarif", "(paragraph 3)", "(page 2, line 2)"),
    ] {
        assert!(text(format, &docx_path).contains(in_docx), "{format}: {}", text(format, &docx_path));
        assert!(text(format, &pdf_path).contains(in_pdf), "{format}: {}", text(format, &pdf_path));
    }
    let quiet = run(&["--quiet", &pdf_path], None);
    assert!(String::from_utf8_lossy(&quiet.stdout).contains("page 2, line 2 error"), "{quiet:?}");
    let sarif: Value = serde_json::from_str(&text("sarif", &pdf_path)).unwrap();
    // The renewal on page 1 is reported too; the sanction is the result under test.
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let sanction = results.iter().find(|r| r["ruleId"] == "coercive.threat.sanction").unwrap();
    let region = &sanction["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["properties"]["page"].as_u64(), region["startLine"].as_u64()), (Some(2), Some(2)));
}

#[test]
fn a_folder_of_policies_includes_documents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.docx"), handbook_docx(SANCTION, RENEWAL)).unwrap();
    std::fs::write(dir.path().join("b.pdf"), handbook_pdf([SANCTION, ""], RENEWAL)).unwrap();
    let out = run(&["--format", "brief", dir.path().to_str().unwrap()], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("a.docx:3:1:") && text.contains("b.pdf:2:1:"), "{text}");
}

#[test]
fn a_scanned_pdf_gets_a_notice() {
    let (_d, path) = temp("scan.pdf", &pdf(&[&[], &[]]));
    let out = run(&["--format", "json", &path], None);
    assert_eq!(out.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let notice = doc["files"][0]["notices"][0]["message"].as_str().unwrap();
    assert!(notice.contains("no text layer"), "{notice}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("scan.pdf: warning: no text layer"), "{out:?}");
}

#[test]
fn broken_and_encrypted_documents_exit_2_with_a_message() {
    let good_docx = handbook_docx(SANCTION, RENEWAL);
    let good_pdf = handbook_pdf([SANCTION, ""], RENEWAL);
    let mut not_word = zip::ZipWriter::new(std::io::Cursor::new(vec![]));
    not_word.start_file("word/other.xml", zip::write::SimpleFileOptions::default()).unwrap();
    let not_word = not_word.finish().unwrap().into_inner();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let encrypted_pdf = pdf_with(
        &[&[SANCTION]],
        "/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -4 >> /ID [<01> <01>] ",
    );
    let cases: &[(&str, &[u8], &str)] = &[
        ("cut.docx", &good_docx[..good_docx.len() / 2], "not a Word document (.docx)"),
        ("junk.docx", b"PK\x03\x04 this is not really a zip", "not a Word document (.docx)"),
        ("empty.docx", &not_word, "it has no word/document.xml"),
        ("locked.docx", &ole, "encrypted (password-protected) or legacy Word file"),
        ("cut.pdf", &good_pdf[..good_pdf.len() / 3], "not a readable PDF"),
        ("junk.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "not a readable PDF"),
        ("locked.pdf", &encrypted_pdf, "encrypted PDF"),
    ];
    for (name, bytes, message) in cases {
        let (_d, path) = temp(name, bytes);
        let out = run(&["--format", "json", &path], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("{name}: ")) && stderr.contains(message), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// Files LibreOffice wrote (scripts/make-document-fixtures): styles, numbering, a table,
/// and a PDF with embedded subset fonts.
#[test]
fn documents_a_word_processor_wrote() {
    let fixture = |name: &str| format!("{}/tests/fixtures/documents/{name}", env!("CARGO_MANIFEST_DIR"));
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &fixture("leave-policy.docx")]);
    assert_eq!(code, Some(1));
    let want =
        [("coercive.threat.sanction".to_string(), None, 5), ("coercive.unilateral.auto-renewal".to_string(), None, 8)];
    assert_eq!(coercive(&doc), want);
    let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &fixture("leave-policy.pdf")]);
    assert_eq!(code, Some(1));
    let want =
        [("coercive.threat.sanction".into(), Some(1), 5), ("coercive.unilateral.auto-renewal".into(), Some(1), 7)];
    assert_eq!(coercive(&doc), want);
    for fair in ["leave-policy-fair.docx", "leave-policy-fair.pdf"] {
        let (code, doc) = json(&["--profile", "policy-strict", "--format", "json", &fixture(fair)]);
        assert_eq!((code, coercive(&doc)), (Some(0), vec![]), "{fair}");
    }
}

/// The README's Documents section, run as written on a handbook in each format.
#[test]
fn the_readme_documents_section_runs() {
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let marker = "<!-- tested: tests/it/documents.rs runs these lines -->\n```sh\n";
    let start = readme.find(marker).expect("the Documents section's tested block") + marker.len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.docx"), handbook_docx(SANCTION, RENEWAL)).unwrap();
    let sanction = ["Failure to respond within 15 minutes will result in", "immediate termination."];
    std::fs::write(dir.path().join("handbook.pdf"), handbook_pdf(sanction, RENEWAL)).unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    std::fs::write(dir.path().join("policies/handbook.docx"), handbook_docx(SANCTION, RENEWAL)).unwrap();
    let mut outputs = vec![];
    for line in block.lines() {
        let command = line.split(" #").next().unwrap().split(" > ").next().unwrap();
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = common::bin().args(&args).current_dir(dir.path()).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{line}: {out:?}");
        outputs.push(String::from_utf8(out.stdout).unwrap());
    }
    assert!(outputs[0].contains("handbook.docx: paragraph 3"), "{}", outputs[0]);
    assert!(
        outputs[1].contains("handbook.pdf:2:1: error coercive.threat.sanction")
            && outputs[1].contains("(page 2, line 2)")
    );
    let sarif: Value = serde_json::from_str(&outputs[2]).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["properties"]["paragraph"],
        3
    );
}

/// What would make pdf-extract recurse without end (and abort the process): a drawing
/// that draws itself, and a page tree whose parents loop. The page is skipped with a
/// notice saying why, never a crash.
#[test]
fn pdfs_that_loop_are_skipped_with_a_notice() {
    let content = "BT /F1 11 Tf 72 700 Td (Take it or leave it.) Tj ET /X1 Do";
    let stream = |body: &str, dict: &str| format!("<< {dict} /Length {} >>\nstream\n{body}\nendstream", body.len());
    let catalog = "<< /Type /Catalog /Pages 2 0 R >>".to_string();
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string();
    let self_drawing = raw_pdf(
        &[
            catalog.clone(),
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>".into(),
            font.clone(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>".into(),
            stream(content, ""),
            stream("/X1 Do", "/Type /XObject /Subtype /Form /BBox [0 0 612 792]"),
        ],
        "",
    );
    let looping_tree = raw_pdf(
        &[
            catalog,
            "<< /Type /Pages /Kids [4 0 R] /Count 1 /Parent 6 0 R >>".into(),
            font,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>".into(),
            stream(content, ""),
            "<< /Type /Pages /Kids [] /Count 0 /Parent 2 0 R >>".into(),
        ],
        "",
    );
    for (name, bytes, why) in
        [("draws.pdf", self_drawing, "a drawing on it draws itself"), ("tree.pdf", looping_tree, "its page tree loops")]
    {
        let (_d, path) = temp(name, &bytes);
        let out = run(&["--format", "json", &path], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.contains(&format!("page 1: {why}; its text is left out")), "{name}: {stderr}");
        assert!(!stderr.contains("no text layer"), "a skipped page is not a scan: {stderr}");
    }
}
