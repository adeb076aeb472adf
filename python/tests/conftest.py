"""Shared fixtures: the repository, the goodfaith binary the CLI comparisons run, and an
NDJSON file of transcripts made from the repository's samples."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def binary():
    """The release binary (.ci/run builds it; GOODFAITH_BIN names another)."""
    path = pathlib.Path(os.environ.get("GOODFAITH_BIN", ROOT / "target" / "release" / "goodfaith"))
    if not path.exists():
        pytest.fail(f"no goodfaith binary at {path}: run cargo build --release or set GOODFAITH_BIN")
    return path


def cli(binary, args, stdin):
    """Runs the binary; returns (exit code, stdout)."""
    done = subprocess.run([str(binary), *args], input=stdin, capture_output=True, check=False)
    return done.returncode, done.stdout.decode()


def sample_records():
    """Records of every kind: each sample transcript as text, the same turn by turn with
    an extra field, and the support chats as they are."""
    records = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text()
        records.append({"id": f"text-{path.stem}", "text": text, "channel": "phone"})
        turns = []
        for line in text.splitlines():
            name, sep, said = line.partition(": ")
            if sep and name and len(name) < 30:
                turns.append({"speaker": name, "text": said})
        if len(turns) >= 2:
            records.append({"id": f"turns-{path.stem}", "turns": turns, "channel": "chat", "n": len(turns)})
    for line in (ROOT / "samples" / "support-chats.ndjson").read_text().splitlines():
        if line.strip():
            records.append(json.loads(line))
    return records


@pytest.fixture(scope="session")
def chats(tmp_path_factory):
    """An NDJSON file of about a hundred transcripts (the samples four times over)."""
    path = tmp_path_factory.mktemp("chats") / "chats.ndjson"
    lines = []
    for round in range(4):
        for r in sample_records():
            r = dict(r, id=f"{r.get('id')}-{round}")
            lines.append(json.dumps(r))
    path.write_text("\n".join(lines) + "\n")
    return path
