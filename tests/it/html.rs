//! `--format html` as a user runs it: the page is self-contained, escapes every piece of
//! hostile input, and shows every finding. (The same pages are loaded in a real browser
//! by scripts/browser-test.py, run by .ci/run.)

use crate::common;

use common::{repo, run};

/// The report page for `args`, with the exit code.
fn html(args: &[&str], stdin: Option<&[u8]>) -> (i32, String) {
    let mut all = vec!["--format", "html"];
    all.extend_from_slice(args);
    let out = run(&all, stdin);
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).expect("UTF-8 page"))
}

/// The tags the page really contains. Input text never adds one: every `<` from the
/// input is escaped, so whatever starts with a raw `<` is markup we wrote.
fn tags(page: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = page;
    while let Some(i) = rest.find('<') {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e + 1);
        out.push(&rest[i..end]);
        rest = &rest[end..];
    }
    out
}

/// The page can load or run nothing: no script, frame, embed, image or stylesheet
/// link, no event handler, no link that leaves the page, no URL in the CSS.
fn assert_inert(page: &str) {
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "a script element");
    for tag in tags(page) {
        let t = tag.to_lowercase();
        let name: String = t[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/').collect();
        assert!(
            !["script", "iframe", "frame", "object", "embed", "img", "image", "link", "base", "form", "video", "audio"]
                .contains(&name.as_str()),
            "tag {tag}"
        );
        let attributes = t.split_whitespace().skip(1).filter_map(|a| a.split_once('=').map(|(name, _)| name));
        assert!(!attributes.clone().any(|a| a.starts_with("on")), "event handler in {tag}");
        assert!(!t.contains(" src="), "src in {tag}");
        if let Some(i) = t.find("href=\"") {
            assert!(t[i + 6..].starts_with('#'), "a link that leaves the page: {tag}");
        }
        if name == "meta" {
            assert!(!t.contains("refresh"), "{tag}");
        }
    }
    let css = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    for bad in ["url(", "@import", "http", "@font-face"] {
        assert!(!css.contains(bad), "the stylesheet loads something: {bad}");
    }
}

/// The Content-Security-Policy comes first in the head and forbids loading and running.
fn assert_csp(page: &str) {
    let head = &page[..page.find("</head>").expect("a head")];
    let csp = head.find("<meta http-equiv=\"Content-Security-Policy\"").expect("a CSP meta tag");
    assert!(csp < head.find("<title>").unwrap() && csp < head.find("<style>").unwrap(), "CSP comes before content");
    assert!(head.contains("content=\"default-src 'none'; style-src 'unsafe-inline';"), "CSP forbids by default");
}

#[test]
fn hostile_text_is_shown_escaped_and_nothing_can_run() {
    let (code, page) = html(&[&repo("tests/fixtures/html-report/hostile.txt")], None);
    assert_eq!(code, 1, "the hostile sample is coercive");
    assert_inert(&page);
    assert_csp(&page);
    for shown in [
        "&lt;script&gt;document.title=&#39;pwned&#39;; window.pwned = 1;&lt;/script&gt;",
        "&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;",
        "&lt;a href=&quot;javascript:document.title=&#39;pwned&#39;&quot;&gt;",
        "[here](javascript:alert(1))",
        "&lt;/title&gt;&lt;/textarea&gt;&lt;!-- --&gt;&lt;svg onload=",
        "&amp;lt;b&amp;gt; is already escaped &amp;amp; stays literal",
        "Mallory &amp; &#39;Co&#39;",
    ] {
        assert!(page.contains(shown), "not shown escaped: {shown}");
    }
    for raw in ['\u{202E}', '\u{2067}', '\u{2069}', '\u{1b}'] {
        assert!(!page.contains(raw), "{raw:?} reached the page raw");
    }
    for visible in ["<span class=\"ctl\">\\u{202e}</span>", "<span class=\"ctl\">\\x1b</span>"] {
        assert!(page.contains(visible), "not shown visibly: {visible}");
    }
    let head = &page[..page.find("</head>").unwrap()];
    assert_eq!(head.matches("<title>").count(), 1);
    assert!(head.contains("<title>goodfaith report</title>"));
}

#[test]
fn a_file_name_with_markup_is_escaped() {
    let dir = std::env::temp_dir().join(format!("goodfaith-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("<img src=x onerror=alert(1)>.txt");
    std::fs::write(&path, "Ann: Take it or leave it.\nBen: What would work for you?\n").unwrap();
    let (_, page) = html(&[path.to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_inert(&page);
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
}

/// Every sample: transcripts, and inputs whose text is derived from the file (subtitles,
/// email, HTML, NDJSON records), where findings are placed by their offsets in the
/// decoded text.
fn inputs() -> Vec<String> {
    std::fs::read_dir(repo("samples"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| !p.ends_with("README.md") && !p.ends_with("expected.tsv"))
        .collect()
}

#[test]
fn every_finding_is_marked_in_place_and_noted() {
    for p in inputs() {
        let p = p.as_str();
        let (_, doc) = common::json(&[p], None);
        let (_, page) = html(&[p], None);
        assert_inert(&page);
        assert_csp(&page);
        let files = doc["files"].as_array().unwrap();
        assert_eq!(page.matches("<section class=\"file\"").count(), files.len(), "{p}: a section per report");
        for (j, file) in files.iter().enumerate() {
            let id = format!("f{}", j + 1);
            let findings = file["findings"].as_array().unwrap();
            assert_eq!(page.matches(&format!("<li id=\"{id}-n")).count(), findings.len(), "{p}: one note per finding");
            for (i, f) in findings.iter().enumerate() {
                let k = i + 1;
                let mark = format!("<a id=\"{id}-m{k}\" href=\"#{id}-n{k}\">{k}</a>");
                assert!(page.contains(&mark), "{p}: finding {k} of {id} not marked");
                let rule = f["rule"].as_str().unwrap();
                assert!(page.contains(&format!("<code>{rule}</code>")), "{p}: note for {rule}");
            }
            let verdict = file["verdict"].as_str().unwrap().replace('-', " ");
            assert!(page.contains(&format!("<div class=\"name\">{verdict}</div>")), "{p}: verdict {verdict}");
        }
    }
}

#[test]
fn a_conversation_has_speakers_a_timeline_linked_to_turns_and_a_score() {
    let (_, page) = html(&[&repo("samples/hardball-ultimatum.txt")], None);
    assert!(page.contains("<div class=\"speakers\">"));
    assert!(page.contains("<th scope=\"row\">Buyer (Mr Draper)</th>"));
    let svg = &page[page.find("<svg class=\"timeline\"").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let turns = page.matches("<li id=\"f1-t").count();
    assert!(turns >= 10, "{turns} turns");
    assert_eq!(svg.matches("<a href=\"#f1-t").count(), turns, "one timeline mark per turn, each linked");
    assert!(svg.contains("class=\"m tl-co\""), "a coercive turn on the timeline");
    for part in ["agreement", "mutuality", "decisiveness", "respect"] {
        assert!(page.contains(&format!("<th scope=\"row\">{part}<small>")), "score part {part}");
    }
    assert!(page.contains("@media print"), "print styles");
    assert!(page.contains("name=\"viewport\""), "phone viewport");
}

#[test]
fn several_files_give_one_page_with_a_summary_and_a_section_each() {
    let files = ["samples/hardball-ultimatum.txt", "samples/campsite-swap.txt", "samples/good-email-draft.txt"];
    let mut args: Vec<String> = files.iter().map(|f| repo(f)).collect();
    args.push(repo("samples/no-such-file.txt"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, page) = html(&args, None);
    assert_eq!(code, 2, "an unreadable file is an error");
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(page.matches("<section class=\"file\"").count(), 3);
    let summary = &page[page.find("<section class=\"summary\"").expect("a summary")..];
    for i in 1..=3 {
        assert!(summary.contains(&format!("<a href=\"#f{i}\">")), "summary links to file {i}");
        assert!(page.contains(&format!("<section class=\"file\" id=\"f{i}\"")));
    }
    assert!(summary.contains("no-such-file.txt</code>"), "the unreadable file is listed");
    assert!(page.trim_end().ends_with("</html>"));
}

#[test]
fn a_megabyte_of_hostile_text_is_escaped_in_one_page() {
    let hostile = std::fs::read_to_string(repo("tests/fixtures/html-report/hostile.txt")).unwrap();
    let big = hostile.repeat((1 << 20) / hostile.len() + 1);
    let (code, page) = html(&["-"], Some(big.as_bytes()));
    assert_eq!(code, 1);
    assert_inert(&page);
    assert_eq!(
        page.matches("&lt;script&gt;document.title=&#39;pwned&#39;; window.pwned = 1;&lt;/script&gt;").count(),
        big.matches("<script>document.title='pwned'; window.pwned = 1;</script>").count(),
        "every copy of the payload is shown"
    );
    assert!(page.len() < big.len() * 6, "the page stays proportionate: {} bytes for {}", page.len(), big.len());
    assert!(page.contains("more findings, marked in the text without notes"));
}
