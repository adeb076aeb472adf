#!/usr/bin/env python3
"""Checks the HTML report in a real browser: headless Chromium, driven over the DevTools
protocol on --remote-debugging-pipe (Python standard library only).

For every sample, for all samples on one page, for a hostile transcript and for 10 MB
of hostile text, it renders `goodfaith --format html`, loads the page and asserts:

  * the page made no network request besides loading its own file;
  * nothing was logged to the console and no exception or CSP violation was reported;
  * no injected script ran (every payload would have set the title to "pwned");
  * the parts of the report are there: verdict, speaker panel, timeline, one note per
    finding, and (hostile pages) the hostile text shown as text.

It also checks that the harness can fail: a page with a raw script must be caught.

Screenshots go to a temporary folder, or with --docs DIR to DIR: the ones in
docs/screenshots are made by `scripts/browser-test.py --docs docs/screenshots`.

Usage: scripts/browser-test.py [--binary target/debug/goodfaith] [--docs docs/screenshots]
"""

import argparse
import base64
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TITLE = "goodfaith report"
# The page's policy (src/report/html.rs CSP), for the control page.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-pipe",
]
DESKTOP = {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False}
# The one screenshot (the README's) that shows a hover text; the others show the marks.
HOVERED = "hardball-ultimatum"
# Findings per file with a note (src/report/html/transcript.rs DETAILED).
DETAILED = 500
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
# Elements inside a verdict box (the verdict, the score ring, the score parts) that reach
# past its border: [tag.class, right edge, box's right edge].
OUTSIDE_VERDICT = """(() => {
  const out = [];
  for (const v of document.querySelectorAll('.verdict')) {
    const box = v.getBoundingClientRect();
    for (const e of v.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
        out.push([e.tagName + '.' + e.className, Math.round(r.right), Math.round(box.right)]);
    }
  }
  return out.slice(0, 3);
})()"""


class Browser:
    """One Chromium process with a fresh profile, spoken to over fds 3 and 4."""

    def __init__(self, exe, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def wire():
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def wait_for(self, method, session, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for e in self.events:
                if e.get("method") == method and e.get("sessionId") == session:
                    return
            self.events.append(self.read())
        raise RuntimeError(f"timed out waiting for {method}")

    def close(self):
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self.to_child)
        os.close(self.from_child)


class Page:
    """A fresh tab with the domains we watch enabled."""

    def __init__(self, browser, metrics):
        self.b = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.s = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.target = target
        for domain in ("Page", "Network", "Runtime", "Log"):
            browser.send(f"{domain}.enable", session=self.s)
        browser.send("Emulation.setDeviceMetricsOverride", metrics, session=self.s)
        browser.events.clear()

    def load(self, path, timeout=180):
        url = pathlib.Path(path).resolve().as_uri()
        self.b.send("Page.navigate", {"url": url}, session=self.s)
        self.b.wait_for("Page.loadEventFired", self.s, timeout)
        time.sleep(0.3)  # let late console messages and requests arrive
        self.b.send("Runtime.evaluate", {"expression": "1"}, session=self.s)  # flush events
        return url

    def eval(self, expression):
        r = self.b.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=self.s)
        return r["result"].get("value")

    def hover_first_mark(self):
        """Points at the first coercive mark on screen (else any mark), so the screenshot
        shows a hover text as a reader sees it. Returns whether a tip is showing, or None
        when there is no mark near the top."""
        at = self.eval("""(() => {
          const m = document.querySelector('mark.co[tabindex]') || document.querySelector('mark.hl[tabindex]');
          if (!m) return null;
          const r = m.getClientRects()[0];
          return r.top < innerHeight - 170 ? {x: r.left + r.width / 2, y: r.top + r.height / 2} : null;
        })()""")
        if not at:
            return None
        self.b.send("Input.dispatchMouseEvent", {"type": "mouseMoved", **at}, session=self.s)
        time.sleep(0.2)
        return self.eval("[...document.querySelectorAll('.tip')].some(t => getComputedStyle(t).display === 'block')")

    def unhover(self):
        self.b.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 1, "y": 1}, session=self.s)
        time.sleep(0.1)

    def screenshot(self, out):
        data = self.b.send("Page.captureScreenshot", {"format": "png"}, session=self.s)["data"]
        pathlib.Path(out).write_bytes(base64.b64decode(data))

    def problems(self, url):
        """Requests other than the page itself, console output, exceptions, log entries."""
        found = []
        for e in self.b.events:
            if e.get("sessionId") != self.s:
                continue
            m, p = e.get("method"), e.get("params", {})
            if m == "Network.requestWillBeSent" and p["request"]["url"] != url:
                found.append(f"network request: {p['request']['url'][:120]}")
            elif m == "Runtime.consoleAPICalled":
                found.append(f"console.{p['type']}: {json.dumps(p['args'])[:200]}")
            elif m == "Runtime.exceptionThrown":
                found.append(f"exception: {p['exceptionDetails'].get('text')}")
            elif m == "Log.entryAdded":
                entry = p["entry"]
                found.append(f"log {entry['level']} ({entry['source']}): {entry['text'][:200]}")
        return found

    def close(self):
        self.b.send("Target.closeTarget", {"targetId": self.target})
        self.b.events.clear()


# The DOM facts checked on every report page.
FACTS = """(() => {
  const q = s => document.querySelectorAll(s).length;
  return {
    title: document.title, pwned: typeof window.pwned !== 'undefined',
    sections: q('section.file'), verdicts: q('.verdict .name'), speakers: q('.speakers'),
    timelines: q('svg.timeline'), turns: q('li.turn'), notes: q('.notes li'),
    marks: q('mark.hl[tabindex]'), summary: q('section.summary'), scripts: q('script'),
    csp: !!document.querySelector('meta[http-equiv="Content-Security-Policy"]'),
    bodyShown: getComputedStyle(document.body).display !== 'none',
  };
})()"""


def relative(path):
    """`samples/x.txt` rather than an absolute path, as a user would type it."""
    try:
        return str(pathlib.Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)


def render(binary, paths, out):
    with open(out, "wb") as f:
        r = subprocess.run([str(pathlib.Path(binary).resolve()), "--format", "html", *map(relative, paths)],
                           stdout=f, stderr=subprocess.PIPE, cwd=ROOT)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"goodfaith failed on {paths}: {r.stderr.decode(errors='replace')}")


def findings(binary, path):
    """The number of findings in each file of `path`, as the JSON report gives them."""
    r = subprocess.run([binary, "--format", "json", str(path)], capture_output=True)
    return [len(f["findings"]) for f in json.loads(r.stdout)["files"]]


class Check:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def that(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"FAIL {what}", file=sys.stderr)


def check_page(check, page, html, name, expect):
    url = page.load(html)
    for p in page.problems(url):
        check.that(False, f"{name}: {p}")
    facts = page.eval(FACTS)
    check.that(facts["title"] == TITLE, f"{name}: title is {facts['title']!r} (an injected script ran?)")
    check.that(not facts["pwned"], f"{name}: an injected script set window.pwned")
    check.that(facts["scripts"] == 0, f"{name}: {facts['scripts']} <script> elements in the DOM")
    check.that(facts["csp"], f"{name}: no Content-Security-Policy meta tag")
    check.that(facts["bodyShown"], f"{name}: injected CSS hid the page")
    check.that(facts["sections"] == expect["sections"], f"{name}: {facts['sections']} sections, want {expect['sections']}")
    check.that(facts["verdicts"] == expect["sections"], f"{name}: {facts['verdicts']} verdicts")
    want = sum(min(n, DETAILED) for n in expect["findings"])
    check.that(facts["notes"] == want, f"{name}: {facts['notes']} notes, want {want}")
    if expect.get("conversation"):
        check.that(facts["speakers"] >= 1 and facts["timelines"] >= 1, f"{name}: no speaker panel or timeline")
    if expect["sections"] > 1:
        check.that(facts["summary"] == 1, f"{name}: no summary table")
    for text in expect.get("shown", []):
        check.that(page.eval(f"document.body.innerText.includes({json.dumps(text)})"), f"{name}: {text!r} not shown as text")
    return facts


def harness_can_fail(check, browser, work):
    """A page with a raw script must be caught, or the checks above prove nothing."""
    bad = work / "bad.html"
    bad.write_text(f"<!DOCTYPE html><title>{TITLE}</title><script>document.title='pwned';"
                   "console.error('boom');fetch('http://127.0.0.1:9/x')</script>")
    page = Page(browser, DESKTOP)
    url = page.load(bad)
    problems = page.problems(url)
    check.that(page.eval("document.title") == "pwned", "harness: the control script did not run")
    check.that(any(p.startswith("console") for p in problems), "harness: console.error not seen")
    check.that(any(p.startswith("network") for p in problems), "harness: network request not seen")
    page.close()
    # Had escaping failed, the page's own policy would block the script: that must show too.
    blocked = work / "blocked.html"
    blocked.write_text(f"<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
                       f"<title>{TITLE}</title><script>document.title='pwned'</script><img src=\"http://127.0.0.1:9/x.png\">")
    page = Page(browser, DESKTOP)
    problems = page.problems(page.load(blocked))
    check.that(page.eval("document.title") == TITLE, "harness: the policy did not block the script")
    check.that(any("Content Security Policy" in p for p in problems), f"harness: a blocked script went unseen: {problems}")
    page.close()


def samples():
    """Every sample input: transcripts, subtitles, email, documents, NDJSON records."""
    return sorted(p for p in (ROOT / "samples").iterdir() if p.name not in ("README.md", "expected.tsv"))


def big_hostile(path, size=10 << 20):
    """About 10 MB of transcript full of payloads."""
    lines = (ROOT / "tests/fixtures/html-report/hostile.txt").read_text().splitlines()
    with open(path, "w") as f:
        written, i = 0, 0
        while written < size:
            line = lines[i % len(lines)] + "\n"
            f.write(line)
            written += len(line.encode())
            i += 1


def shrink(folder):
    """Screenshots kept in the repository are quantised (pngquant, when installed:
    `apt-get install pngquant`) to a third of their size with no visible change."""
    tool = shutil.which("pngquant")
    if not tool:
        print("pngquant not found: screenshots left uncompressed", file=sys.stderr)
        return
    for png in pathlib.Path(folder).glob("*.png"):
        subprocess.run([tool, "--quality", "70-95", "--speed", "1", "--force", "--skip-if-larger",
                        "--strip", "--output", str(png), str(png)], check=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=str(ROOT / "target/debug/goodfaith"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    ap.add_argument("--docs", help="save the screenshots here (e.g. docs/screenshots)")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="goodfaith-browser-"))
    shots = pathlib.Path(args.docs) if args.docs else work / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    check = Check()
    # A browser that hangs must fail the run, not stall CI: reads on the pipe block.
    signal.alarm(900)
    browser = Browser(args.chromium, work / "profile")
    try:
        harness_can_fail(check, browser, work)
        for sample in samples():
            html = work / f"{sample.stem}.html"
            render(args.binary, [sample], html)
            files = json.loads(subprocess.run([args.binary, "--format", "json", str(sample)],
                                              capture_output=True).stdout)["files"]
            page = Page(browser, DESKTOP)
            check_page(check, page, html, sample.name, {
                "sections": len(files), "findings": [len(f["findings"]) for f in files],
                "conversation": any(f["kind"] == "conversation" for f in files)})
            check.that(page.hover_first_mark() is not False, f"{sample.name}: hovering a mark shows no tip")
            if sample.stem != HOVERED:
                page.unhover()  # the marks themselves, unobscured
            page.screenshot(shots / f"{sample.stem}.png")
            page.close()
        all_html = work / "all.html"
        render(args.binary, samples(), all_html)
        page = Page(browser, DESKTOP)
        every = [n for s in samples() for n in findings(args.binary, s)]
        check_page(check, page, all_html, "all samples", {"sections": len(every), "findings": every})
        page.close()
        hostile = ROOT / "tests/fixtures/html-report/hostile.txt"
        for name, src in (("hostile", hostile), ("10 MB hostile", work / "big.txt")):
            if src != hostile:
                big_hostile(src)
            html = work / f"{src.stem}.html"
            render(args.binary, [src], html)
            page = Page(browser, DESKTOP)
            shown = ["<script>document.title='pwned'", "</style>", "javascript:document.title", "\\u{202e}"]
            check_page(check, page, html, name,
                       {"sections": 1, "findings": findings(args.binary, src), "conversation": True, "shown": shown})
            if src == hostile:
                page.screenshot(work / "hostile.png")
            page.close()
        phone = Page(browser, PHONE)
        hardball = ROOT / "samples/hardball-ultimatum.txt"
        check_page(check, phone, work / "hardball-ultimatum.html", "phone",
                   {"sections": 1, "findings": findings(args.binary, hardball), "conversation": True})
        width = phone.eval("document.documentElement.scrollWidth")
        check.that(width <= PHONE["width"], f"phone: the page is {width}px wide, wider than the screen")
        phone.screenshot(shots / "phone-hardball-ultimatum.png")
        sheet = phone.eval("""(() => {
          const m = document.querySelector('mark.hl[tabindex]'); m.focus();
          const r = m.querySelector('.tip').getBoundingClientRect();
          return {shown: r.height > 0, inside: r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight};
        })()""")
        check.that(sheet["shown"] and sheet["inside"], f"phone: tapping a mark shows no tip on screen: {sheet}")
        phone.close()
        # The verdict box holds its score parts on a phone, whatever the lines behind them.
        for sample in samples():
            phone = Page(browser, PHONE)
            phone.load(work / f"{sample.stem}.html")
            out = phone.eval(OUTSIDE_VERDICT)
            check.that(not out, f"phone: {sample.name}: {out} pass the verdict box's border")
            phone.close()
        printed = Page(browser, DESKTOP)
        check_page(check, printed, work / "hardball-ultimatum.html", "print",
                   {"sections": 1, "findings": findings(args.binary, hardball), "conversation": True})
        printed.b.send("Emulation.setEmulatedMedia", {"media": "print"}, session=printed.s)
        shown = printed.eval("""(() => ({
          tips: [...document.querySelectorAll('.tip')].filter(t => getComputedStyle(t).display !== 'none').length,
          notes: [...document.querySelectorAll('.notes li')].filter(n => n.getBoundingClientRect().height > 0).length,
          all: document.querySelectorAll('.notes li').length,
        }))()""")
        check.that(shown["tips"] == 0 and shown["notes"] == shown["all"] > 0, f"print: tips hidden, notes shown: {shown}")
        printed.screenshot(work / "print.png")
        printed.close()
    finally:
        browser.close()
    if args.docs:
        shrink(shots)
    print(f"browser test: {check.passed} checks passed, {len(check.failures)} failed; screenshots in {shots}")
    shutil.rmtree(work / "profile", ignore_errors=True)
    for big in ("big.txt", "big.html"):
        (work / big).unlink(missing_ok=True)
    return 1 if check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
