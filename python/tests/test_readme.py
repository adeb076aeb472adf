"""The README's Python and Spark sections show code that runs: each block marked
`<!-- tested: python/examples/… -->` is that file, word for word, and the quick start runs
as written."""

import contextlib
import io
import os
import re
import subprocess
import sys

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def block_after(marker):
    """The fenced code block that follows `<!-- tested: MARKER -->`."""
    found = re.search(re.escape(f"<!-- tested: {marker}") + r"[^>]*-->\n```\w*\n(.*?)```", README, re.S)
    assert found, f"no tested block for {marker} in README.md"
    return found.group(1)


def test_the_readme_shows_the_examples_as_they_are():
    for example in ["python/examples/pandas_frame.py", "python/examples/spark_job.py"]:
        assert block_after(example) == (ROOT / example).read_text(), example


def test_the_quick_start_runs():
    code = block_after("python/tests/test_readme.py runs this block")
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README quick start", "exec"), {})
    finally:
        os.chdir(here)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("coercive "), first
    assert "coercive.ultimatum.take-it-or-leave-it" in out.getvalue()


def test_the_pandas_example_gives_a_frame_of_verdicts():
    done = subprocess.run([sys.executable, str(ROOT / "python/examples/pandas_frame.py")], capture_output=True, text=True, check=True)
    rows = [line.split() for line in done.stdout.splitlines()[1:]]
    assert [(r[1], r[2]) for r in rows] == [("c-101", "pressured-agreement"), ("c-102", "mutual-agreement")], done.stdout
