#!/usr/bin/env python3
"""How long `goodfaith lsp` takes to answer an editor: from starting the server to the first
diagnostics of an opened draft, and from each keystroke's didChange to its diagnostics.

    scripts/editors/lsp-latency.py [path/to/goodfaith] [--changes 200]

Drives the server over real pipes, as an editor does (full text sync, one change per
keystroke), on a one-page Markdown draft with a coercive sentence. Prints the median and
the 95th percentile. A measurement, not a test: nothing here fails on a slow machine.
"""

import argparse
import json
import statistics
import subprocess
import time

PAGE = (
    "# Renewal\n\n"
    + "Thanks for the call on Tuesday; here is where we landed on the renewal and what is still open.\n\n" * 12
    + "Sign the renewal by Friday or we stop the service.\n\n"
    + "What would make the new terms work for your team?\n"
)


class Client:
    def __init__(self, binary):
        self.proc = subprocess.Popen([binary, "lsp", "--no-config"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, method, params, request=False):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, method=None, id=None):
        while True:
            m = self.receive()
            if (method and m.get("method") == method) or (id is not None and m.get("id") == id):
                return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary", nargs="?", default="target/release/goodfaith")
    ap.add_argument("--changes", type=int, default=200)
    args = ap.parse_args()
    uri = "file:///tmp/goodfaith-latency/renewal.md"

    start = time.perf_counter()
    c = Client(args.binary)
    c.send("initialize", {"processId": None, "rootUri": None, "capabilities": {}}, request=True)
    c.wait_for(id=c.next_id)
    c.send("initialized", {})
    doc = {"uri": uri, "languageId": "markdown", "version": 1, "text": PAGE}
    c.send("textDocument/didOpen", {"textDocument": doc})
    first = c.wait_for("textDocument/publishDiagnostics")
    to_first = time.perf_counter() - start
    assert first["params"]["diagnostics"], "the coercive sentence has a diagnostic"

    typed, times = PAGE, []
    for i in range(args.changes):
        typed += "x" if i % 8 else " "
        t = time.perf_counter()
        c.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": typed}]})
        c.wait_for("textDocument/publishDiagnostics")
        times.append(time.perf_counter() - t)

    c.send("shutdown", None, request=True)
    c.wait_for(id=c.next_id)
    c.send("exit", None)
    c.proc.wait(timeout=10)

    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{len(PAGE.encode())}-byte draft: start to first diagnostics {to_first * 1000:.0f} ms; "
          f"keystroke to diagnostics median {statistics.median(times) * 1000:.2f} ms, "
          f"95th percentile {p95 * 1000:.2f} ms over {len(times)} changes")


if __name__ == "__main__":
    main()
