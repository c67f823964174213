"""The reproduction engine end to end: runs, publishing, the report kept across --only and --report-only, and every
registered claim checked on the paper's own published numbers."""
import ast
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from posebook.core import ParameterError, write_results
from posebook.experiment import run_dir
from posebook.metrics import from_table_units
from posebook.registry import REGISTRY, Claim, Entry, every_profile, published, register, unregister, value
from posebook.reproduce import claim_verdicts, reproduce

COMMITTED_REPORT = ROOT / "figures" / "REPRODUCTION.md"


@pytest.fixture
def smoke_entry():
    entry = register(Entry("demo", "rotation-representation", "Rotation regression", "train_smoke.ipynb",
                           every_profile([{"representations": "quaternion,6d"}]),
                           published=[published("6d", "mlp-32", "test-mean", "geodesic_error", 1.0)],
                           claims=[Claim("6D has the lowest mean error", lambda rows: value(rows, method="6d", condition="test-mean")
                                         < value(rows, method="quaternion", condition="test-mean"))]))
    yield entry
    unregister(entry.key)


def committed_tables(tmp_path):
    "A copy of the committed tables (what a fresh clone has), without the report."
    root = tmp_path / "figures"
    for f in [*(ROOT / "figures").glob("*/*.csv"), *(ROOT / "figures").glob("*/suite.json")]:   # tables, suite times
        (root / f.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, root / f.parent.name / f.name)
    return root


def sections(text):
    "{heading: section text} of a report."
    return {s.split("\n", 1)[0]: s for s in re.split(r"\n(?=## )", text)}


def test_reproduce_runs_publishes_and_reports(isolated_dirs, smoke_entry):
    runs, figs = isolated_dirs
    report = reproduce("smoke", only="demo")
    root = runs / "reproduce" / "smoke"                                   # not figures/: only the quick profile publishes there
    assert report == root / "REPRODUCTION.md" and not figs.exists()
    text = report.read_text()
    assert "## demo: Rotation regression" in text
    assert "| 6d | mlp-32 | test-mean | geodesic_error | 1 |" in text      # paper number beside ours
    assert "6D has the lowest mean error" in text and ("**holds**" in text or "**does not hold**" in text)
    assert "| demo |  | - | 1 of 1: [rotation-representation](demo/rotation-representation.md) |" in text   # the status row
    suite = json.loads((root / "demo" / "suite.json").read_text())       # the paper's wall time, measured where it ran
    assert (suite["runs"], suite["reused"], suite["failed"]) == (1, 0, 0) and suite["seconds"] >= 0
    assert f"{suite['seconds']} s on {suite['cores']} cores" in text
    wall = json.loads((run_dir("train_smoke.ipynb", "smoke", smoke_entry.runs["smoke"][0]) / "wall.json").read_text())
    assert 0 < wall["seconds"] <= suite["seconds"] + 1 and wall["cores"] == suite["cores"]   # the run's own time
    assert (root / "demo" / "rotation-representation.csv").is_file()     # the registered table
    assert (root / "foundation" / "rotation-representation.png").is_file()   # the run's figure, published under its paper
    results = run_dir("train_smoke.ipynb", "smoke", smoke_entry.runs["smoke"][0]) / "results.json"
    stamp = results.stat().st_mtime_ns
    reproduce("smoke", only="demo")                                      # existing results are reused
    assert results.stat().st_mtime_ns == stamp


def test_a_suite_in_parts_adds_the_time_its_reused_runs_took(isolated_dirs, smoke_entry):
    "A paper whose runs ran in two calls (or in another paper's suite) still records its whole time."
    runs, _ = isolated_dirs
    reproduce("smoke", only="demo")
    first = json.loads((run_dir("train_smoke.ipynb", "smoke", smoke_entry.runs["smoke"][0]) / "wall.json").read_text())["seconds"]
    second = register(Entry("demo", "second", "A second table", "train_smoke.ipynb", every_profile([{"representations": "6d"}])))
    try:
        text = reproduce("smoke", only="demo").read_text()
    finally:
        unregister(second.key)
    suite = json.loads((runs / "reproduce" / "smoke" / "demo" / "suite.json").read_text())
    assert (suite["runs"], suite["reused"], suite["reused_timed"], suite["failed"]) == (2, 1, 1, 0)
    assert suite["seconds"] >= round(first) and "1 run timed by an earlier call" in text


def test_failing_run_is_reported_not_fatal(isolated_dirs, smoke_entry):
    broken = register(Entry("demo", "broken", "Broken table", "train_smoke.ipynb", every_profile([{"representations": "euler"}])))
    try:
        text = reproduce("smoke", only="demo").read_text()
    finally:
        unregister(broken.key)
    assert "**Not reproduced: the run failed.**" in text
    assert "| 6d | mlp-32 | test-mean |" in text                          # the other table still made it


def test_report_only_on_a_fresh_clone_rebuilds_the_committed_report(tmp_path):
    "From the committed tables alone, --report-only writes the committed report, byte for byte: no section is lost."
    figs = committed_tables(tmp_path)
    env = {**os.environ, "POSEBOOK_FIGURES": str(figs), "POSEBOOK_RUNS": str(tmp_path / "runs")}
    readme = (ROOT / "README.md").read_text()
    for args in ([], ["--only", "poseda"]):
        res = subprocess.run([sys.executable, "-m", "posebook.reproduce", "--report-only", *args], capture_output=True, text=True, env=env)
        assert res.returncode == 0, res.stderr
        assert (figs / "REPRODUCTION.md").read_text() == COMMITTED_REPORT.read_text(), args
    assert (ROOT / "README.md").read_text() == readme                           # another figures folder: the README is left alone


def test_only_one_paper_keeps_the_other_sections(tmp_path, smoke_entry):
    "--only demo with its (quick) results present: its section is rebuilt from the runs, every other one stays as it was."
    figs, runs = committed_tables(tmp_path), tmp_path / "runs"
    out = run_dir("train_smoke.ipynb", "quick", smoke_entry.runs["quick"][0], root=runs)
    rows = [dict(table="rotation-representation", method=m, setting="mlp-32", condition="test-mean", metric="geodesic_error", value=v, unit="rad")
            for m, v in (("quaternion", 0.3), ("6d", 0.1))]
    write_results(out / "results.json", paper="foundation", experiment="train_smoke", profile="quick", seed=0, config={}, rows=rows, seconds=0)
    text = reproduce("quick", only="demo", runs_root=runs, figures_root=figs).read_text()
    new, old = sections(text), sections(COMMITTED_REPORT.read_text())
    assert "- **holds**: 6D has the lowest mean error" in new["## demo: Rotation regression"]
    assert {k: v for k, v in new.items() if k.startswith("## ") and k not in ("## Status", "## demo: Rotation regression")} == \
           {k: v for k, v in old.items() if k.startswith("## ") and k != "## Status"}


def test_entries_without_runs_or_tables_read_not_run_yet(tmp_path):
    text = reproduce("quick", report_only=True, runs_root=tmp_path / "runs", figures_root=tmp_path / "figures").read_text()
    assert text.count("**Not run yet.**") == len(REGISTRY) and "failed." not in text


PUBLISHED = [e for e in REGISTRY.values() if e.published and e.claims]


@pytest.mark.parametrize("entry", PUBLISHED, ids=lambda e: e.key)
def test_claims_hold_on_the_papers_own_numbers(entry):
    "A claim that the paper's own table contradicts is a wrong claim, not a failed reproduction."
    rows = [{**p, "table": entry.table, "value": from_table_units(p["metric"], p["value"]), "unit": ""} for p in entry.published]
    verdicts = claim_verdicts(entry, rows)
    assert all(v in ("holds", "not measured") for v, _ in verdicts), verdicts
    assert any(v == "holds" for v, _ in verdicts), verdicts             # the paper's numbers decide at least one claim


def test_reproduce_holds_no_paper_and_nothing_else_imports_it():
    "The engine has no published number; only the command (and nothing in the library) imports it or the papers."
    numbers = {n.value for n in ast.walk(ast.parse((ROOT / "posebook" / "reproduce.py").read_text()))
               if isinstance(n, ast.Constant) and type(n.value) in (int, float)}
    assert numbers <= {0, 1}, numbers
    for path in (ROOT / "posebook").rglob("*.py"):
        if path.name in ("reproduce.py", "_modidx.py"): continue
        text = path.read_text()
        assert not re.search(r"^\s*(from\s+\S*reproduce\s+import|import\s+\S*reproduce)", text, re.M), path
        if "papers" not in path.parts:
            assert not re.search(r"^\s*(from\s+(posebook)?\.*papers|import\s+posebook\.papers)", text, re.M), path


def test_unknown_profile_is_a_parameter_error():
    with pytest.raises(ParameterError, match="did you mean 'paper'"):
        reproduce("papr")
