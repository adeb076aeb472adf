"""The Python interface against the command line: the same input gives the same report,
and what Python adds (many items, threads, records, turns, lexicons) behaves."""

import io
import json
import threading
import time
import zipfile

import goodfaith
import pytest
from conftest import ROOT, cli, sample_records


def test_the_quick_start_returns_a_verdict():
    report = goodfaith.analyse("Take it or leave it.")
    assert report["verdict"] == "coercive"
    assert report["findings"][0]["rule"] == "coercive.ultimatum.take-it-or-leave-it"


@pytest.mark.parametrize("sample", sorted(p.name for p in (ROOT / "samples").iterdir() if p.suffix != ".tsv"))
def test_a_text_gives_the_report_the_cli_gives_on_standard_input(binary, sample):
    raw = (ROOT / "samples" / sample).read_bytes()
    if sample.endswith(".ndjson"):
        first = raw.splitlines()[0]
        code, out = cli(binary, ["--format", "ndjson", "--fail-on", "never", "-"], first + b"\n")
        assert goodfaith.analyse(first.decode(), kind="ndjson") == json.loads(out)
        return
    code, out = cli(binary, ["--format", "json", "--fail-on", "never", "--stdin-filename", sample, "-"], raw)
    expected = json.loads(out)["files"][0]
    assert goodfaith.analyse(raw, path=sample) == expected
    if sample.endswith((".txt", ".md", ".vtt", ".srt", ".html")):
        assert goodfaith.analyse(raw.decode(), path=sample) == expected


def test_many_records_match_the_cli_record_for_record(binary, chats):
    code, out = cli(binary, ["--input-format", "ndjson", "--format", "ndjson", "--fail-on", "never", "-"], chats.read_bytes())
    expected = [json.loads(line) for line in out.splitlines()]
    lines = chats.read_text().splitlines()
    assert goodfaith.analyse_many(lines, kind="ndjson", threads=2) == expected
    as_dicts = goodfaith.analyse_many((json.loads(line) for line in lines), threads=3)
    assert as_dicts == expected, "dict records are the same records"
    assert len(expected) > 50 and {r["verdict"] for r in expected} >= {"coercive", "mutual-agreement"}


def test_first_line_numbers_records_as_a_later_part_of_a_stream(binary, chats):
    lines = chats.read_text().splitlines()
    code, out = cli(binary, ["--input-format", "ndjson", "--format", "ndjson", "--fail-on", "never", "-"], chats.read_bytes())
    expected = [json.loads(line) for line in out.splitlines()]
    second_half = goodfaith.analyse_many(lines[40:], kind="ndjson", first_line=41)
    assert [r["findings"] for r in second_half] != [r["findings"] for r in goodfaith.analyse_many(lines[40:], kind="ndjson")]
    # Lines count from the start of the stream, so records after the first 40 say so.
    assert second_half == expected[40:]


def test_threads_change_nothing_but_speed():
    items = [r for r in sample_records()] * 3
    one = goodfaith.analyse_many(items, threads=1)
    assert goodfaith.analyse_many(items, threads=2) == one
    assert goodfaith.analyse_many(iter(items), threads=7) == one


def test_the_gil_is_released_while_analysing():
    # A stream of ~2 MB keeps analyse_many busy for a while; the main thread must keep
    # running meanwhile. Holding the GIL would leave one gap as long as the whole call.
    items = [r for r in sample_records()] * 40
    done = {}

    def work():
        start = time.perf_counter()
        goodfaith.analyse_many(items, threads=1)
        done["took"] = time.perf_counter() - start

    worker = threading.Thread(target=work)
    ticks = []
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert done["took"] > 0.2, "enough work to tell"
    assert max(gaps) < done["took"] / 2, (max(gaps), done["took"])


def test_turns_with_speakers():
    report = goodfaith.analyse(
        ["What would work for you?", "Honestly, a later start date.", "We can do the 15th. Does that work?", "Yes, deal."],
        speakers=["Ann", "Bo", "Ann", "Bo"],
    )
    assert report["kind"] == "conversation"
    assert [s["name"] for s in report["speakers"]] == ["Ann", "Bo"]
    as_dicts = goodfaith.analyse([{"speaker": "Ann", "text": "What would work for you?"}, {"speaker": "Bo", "text": "Honestly, a later start date."}])
    assert as_dicts["speakers"][1]["name"] == "Bo"


def test_records_keep_their_id_and_other_fields():
    report = goodfaith.analyse({"id": 7, "text": "Take it or leave it.", "team": "north"})
    assert (report["id"], report["extra"]) == (7, {"team": "north"})


def test_documents_as_bytes_and_files(tmp_path):
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>Leave policy</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Failure to respond within 15 minutes will result in immediate termination.</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", body)
    report = goodfaith.analyse(buffer.getvalue())
    assert (report["position"], report["profile"], report["findings"][0]["line"]) == ("paragraph", "policy", 2)
    (tmp_path / "leave.docx").write_bytes(buffer.getvalue())
    assert goodfaith.analyse_file(tmp_path / "leave.docx")["path"].endswith("leave.docx")
    (tmp_path / "broken.docx").write_bytes(buffer.getvalue()[:40])
    with pytest.raises(ValueError, match="broken.docx: not a Word document"):
        goodfaith.analyse_file(tmp_path / "broken.docx")
    with pytest.raises(OSError, match="missing.pdf"):
        goodfaith.analyse_file(tmp_path / "missing.pdf")


def test_a_user_lexicon_adds_rules():
    rule = """
family = "coercive"
category = "ultimatum"

[[rules]]
id = "coercive.ultimatum.house-rule"
severity = "error"
message = "An in-house way of ending the discussion."
suggestion = "Say what you need and ask what they need."
patterns = ["that is how we do it here"]
match = ["That is how we do it here.", "Sorry, that is how we do it here."]
no_match = ["Is that how we do it here?", "That is how we did it there."]
"""
    lexicon = goodfaith.Lexicon(sources=[("house.toml", rule)])
    assert len(lexicon) == len(goodfaith.Lexicon()) + 1
    text = "That is how we do it here."
    rules = lambda report: [f["rule"] for f in report["findings"]]
    assert "coercive.ultimatum.house-rule" not in rules(goodfaith.analyse(text))
    assert "coercive.ultimatum.house-rule" in rules(goodfaith.analyse(text, lexicon=lexicon))
    assert any(r["id"] == "coercive.ultimatum.house-rule" for r in lexicon.rules())
    with pytest.raises(ValueError, match="bad.toml"):
        goodfaith.Lexicon(sources=[("bad.toml", "family = 3")])


def test_profiles_and_kinds_are_checked():
    policy = "Your subscription will automatically renew every year."
    assert goodfaith.analyse(policy, path="terms.md")["findings"] == []
    strict = goodfaith.analyse(policy, path="terms.md", profile="policy-strict")
    assert strict["findings"][0]["rule"] == "coercive.unilateral.auto-renewal"
    with pytest.raises(ValueError, match="unknown profile"):
        goodfaith.analyse(policy, profile="lenient")
    with pytest.raises(ValueError, match="unknown kind"):
        goodfaith.analyse(policy, kind="rtf")
    with pytest.raises(TypeError, match="cannot analyse a int"):
        goodfaith.analyse(3)
    with pytest.raises(ValueError, match="item 1: line 2: not valid JSON"):
        goodfaith.analyse_many(['{"text": "hi"}', "not json"], kind="ndjson")
    kept = goodfaith.analyse_many(['{"text": "hi"}', "not json"], kind="ndjson", errors="keep")
    assert kept[1] == {"path": "-", "item": 1, "error": "line 2: not valid JSON at column 2: expected ident"}


def test_model_files_are_read_or_refused(tmp_path):
    (tmp_path / "bad.gfm").write_bytes(b"not a model")
    with pytest.raises(ValueError, match="bad.gfm"):
        goodfaith.Model(tmp_path / "bad.gfm")
    builtin = goodfaith.Model.builtin()
    if builtin is not None:
        assert builtin.size > 0 and goodfaith.Lexicon(model=builtin)
