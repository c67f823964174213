"The reproduce command end to end on a temporary entry that runs the smoke notebook."
import os
import subprocess
import sys

import pytest

from posebook.core import PROFILES
from posebook.reproduce import Claim, Entry, REGISTRY, register, reproduce, run_folder, unregister


@pytest.fixture
def smoke_entry():
    entry = Entry("foundation", "rotation-representation", "Rotation regression", "train_smoke.ipynb",
                  runs={p: [{"representations": "quaternion,6d", "seed": 0}] for p in PROFILES},
                  published=[dict(method="6d", setting="mlp-32", condition="test-mean", metric="geodesic_error", value=1.0)],
                  claims=[Claim("6D has the lowest mean error",
                                lambda rows: min((r for r in rows if r["condition"] == "test-mean"), key=lambda r: r["value"])["method"] == "6d")])
    register(entry)
    yield entry
    unregister(entry.key)


def test_reproduce_runs_tables_and_report(isolated_dirs, smoke_entry):
    runs, figs = isolated_dirs
    report = reproduce("smoke", only="foundation")
    text = report.read_text()
    assert report == figs / "REPRODUCTION.md"
    assert "## foundation: Rotation regression" in text
    assert "| 6d | mlp-32 | test-mean | geodesic_error | 1 |" in text            # paper number beside ours
    assert "6D has the lowest mean error" in text and ("**holds**" in text or "**does not hold**" in text)
    assert (figs / "foundation" / "rotation-representation.csv").is_file()
    results = run_folder("train_smoke.ipynb", "smoke", smoke_entry.runs["smoke"][0]) / "results.json"
    stamp = results.stat().st_mtime_ns
    reproduce("smoke", only="foundation")                                      # existing results are reused
    assert results.stat().st_mtime_ns == stamp


def test_failing_run_is_reported_not_fatal(isolated_dirs, smoke_entry):
    broken = Entry("foundation", "broken", "Broken table", "train_smoke.ipynb",
                   runs={p: [{"representations": "euler"}] for p in PROFILES})
    register(broken)
    try:
        text = reproduce("smoke", only="foundation").read_text()
    finally:
        unregister(broken.key)
    assert "**Not reproduced: the run failed.**" in text
    assert "| 6d | mlp-32 | test-mean |" in text                                   # the other table still made it


def test_cli_report_only_without_results(isolated_dirs):
    "With no results yet, --report-only still writes a report that lists every registered table as not reproduced."
    runs, figs = isolated_dirs
    res = subprocess.run([sys.executable, "-m", "posebook.reproduce", "--profile", "smoke", "--report-only"],
                         capture_output=True, text=True, env=os.environ)
    assert res.returncode == 0, res.stderr
    text = (figs / "REPRODUCTION.md").read_text()
    for entry in REGISTRY.values():
        assert f"## {entry.paper}: {entry.title}" in text
    assert "**Not reproduced" in text


def test_unknown_profile_is_a_parameter_error():
    from posebook.core import ParameterError
    with pytest.raises(ParameterError, match="did you mean 'paper'"):
        reproduce("papr")
