"""A real Spark job (local[2]) over an NDJSON file of transcripts: the README's code,
once through the Python package (mapInPandas) and once through the binary (RDD.pipe).
Both must equal the command line's --format ndjson, record for record, for the records
of each partition as the binary reads them."""

import json
import os
import shutil
import sys
import time

from conftest import ROOT, cli


def test_spark_job_matches_the_cli(binary, chats, tmp_path):
    shutil.copy(chats, tmp_path / "chats.ndjson")
    shutil.copy(binary, tmp_path / "goodfaith")
    code = (ROOT / "python" / "examples" / "spark_job.py").read_text()
    here = os.getcwd()
    # Spark's Python workers must find the package: they run this virtualenv's Python.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    # Everything stays on the loopback interface, and no web UI is started.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_SUBMIT_ARGS"] = "--conf spark.ui.enabled=false pyspark-shell"
    os.chdir(tmp_path)
    try:
        started = time.perf_counter()
        job = {}
        exec(compile(code, "spark_job.py", "exec"), job)
        took = time.perf_counter() - started
        partitions = job["lines"].glom().collect()
    finally:
        os.chdir(here)
        if "spark" in job:
            job["spark"].stop()
    print(f"spark job: {took:.1f} s for {sum(map(len, partitions))} records in {len(partitions)} partitions")
    assert len(partitions) == 2 and all(partitions), "two partitions, both with records"
    expected = []
    for part in partitions:
        stdin = ("\n".join(part) + "\n").encode()
        _, out = cli(binary, ["--input-format", "ndjson", "--format", "ndjson", "--fail-on", "never", "-"], stdin)
        expected += [json.loads(line) for line in out.splitlines()]
    assert len(expected) == sum(map(len, partitions))
    assert job["binary_reports"] == expected
    assert job["package_reports"] == expected
    # Partitions change line numbers only: the analysis of each record is the same as
    # the whole file's.
    _, whole = cli(binary, ["--format", "ndjson", "--fail-on", "never", str(chats)], None)
    by_id = {r["id"]: r for r in map(json.loads, whole.splitlines())}
    for r in expected:
        w = by_id[r["id"]]
        assert (r["verdict"], r["score"]["total"], [f["rule"] for f in r["findings"]]) == (
            w["verdict"],
            w["score"]["total"],
            [f["rule"] for f in w["findings"]],
        )
