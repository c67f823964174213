"Papermill smoke runs of nbs/train_transfer.ipynb: every model trains, evaluates, writes results and a figure; reuse; bad parameters."
import math
import os
import signal
import subprocess
import sys
import time

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import NBS, run_notebook
from posebook.core import read_results
from posebook.reproduce import REGISTRY
from posebook.transfer import MODELS, YARDSTICKS


@pytest.mark.parametrize("model", ["npt", "gct", "corenet", "posemae"])
def test_smoke_run_writes_results_and_figure(isolated_dirs, tmp_path, model):
    runs, figs = isolated_dirs
    out = tmp_path / "run"
    run_notebook("train_transfer.ipynb", tmp_path, model=model, profile="smoke", out_dir=str(out))
    rec = read_results(out / "results.json")
    label = MODELS[model].label
    assert (rec["paper"], rec["profile"], rec["config"]["model"]) == ("robust-transfer", "smoke", model)
    rows = {(r["table"], r["method"], r["condition"], r["metric"]): r["value"] for r in rec["rows"]}
    for split in ("seen", "unseen"):
        assert 0 < rows["table1", label, split, "pmd"] < 16                  # m^2; outputs are bounded by 2 tanh
        yard = [rows["table1", y, split, "pmd"] for y in YARDSTICKS]
        assert 0.001 < yard[2] < yard[1] < yard[0] < 0.2      # right pose on another body < ignoring the pose < no transfer
        for m in ("pmd", "chamfer", "emd"):
            assert math.isfinite(rows["corenet", label, split, m])
        assert [rows["corenet", y, split, "pmd"] for y in YARDSTICKS] == yard           # the same yardsticks in both tables
    size = {r["setting"]: r["value"] for r in rec["rows"] if r["table"] == "table4" and r["metric"] == "parameters"}
    assert size["papers' widths"] > 1e6 > size["width 0.125"] > 0
    assert rows["table4", label, "inference, batch 1", "seconds"] > 0
    assert (out / "checkpoints" / "last.pt").is_file() and (out / "log.jsonl").is_file()
    curve = [r for r in rec["rows"] if r["table"] == "curves"]
    assert {r["method"] for r in curve} == {label, *YARDSTICKS} and all(0 < r["value"] < 16 for r in curve)
    assert (out / "figures" / f"qualitative-{model}-smoke.png").stat().st_size > 5000
    assert (out / "figures" / f"run-{model}-smoke.md").is_file() and not figs.exists()    # nothing published


def test_rerun_reuses_the_trained_model(isolated_dirs, tmp_path):
    out = tmp_path / "run"
    values = []
    for _ in range(2):
        run_notebook("train_transfer.ipynb", tmp_path, model="npt-mp", profile="smoke", out_dir=str(out))
        rec = read_results(out / "results.json")
        values.append([r["value"] for r in rec["rows"] if r["table"] in ("table1", "corenet")])
    assert rec["config"]["resumed_from"] == rec["config"]["steps"]           # the finished checkpoint was reused
    assert values[0] == values[1]


def _measured(rec):
    "The rows that are results (not timings or memory, which vary from run to run)."
    return [r for r in rec["rows"] if r["metric"] not in ("seconds", "bytes")]


def test_a_killed_run_resumes_to_identical_rows(isolated_dirs, tmp_path):
    "Kill a 30-epoch smoke run after its first checkpoint, rerun it: every row equals an uninterrupted run's, bit for bit."
    params = dict(model="npt-mp", profile="smoke", epochs=30)
    for d in ("a", "b"): (tmp_path / d).mkdir()
    run_notebook("train_transfer.ipynb", tmp_path / "a", **params, out_dir=str(tmp_path / "whole"))
    killed = tmp_path / "killed"
    cmd = [sys.executable, "-m", "papermill", str(NBS / "train_transfer.ipynb"), str(tmp_path / "killed.ipynb"), "--cwd", str(NBS),
           "-p", "out_dir", str(killed)] + [a for k, v in params.items() for a in ("-p", k, str(v))]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not (killed / "checkpoints" / "last.pt").is_file() and proc.poll() is None: time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL); proc.wait()
    assert not (killed / "results.json").exists()                      # it really was stopped mid-run
    run_notebook("train_transfer.ipynb", tmp_path / "b", **params, out_dir=str(killed))
    whole, resumed = read_results(tmp_path / "whole" / "results.json"), read_results(killed / "results.json")
    assert 0 < resumed["config"]["resumed_from"] < resumed["config"]["steps"]
    assert _measured(resumed) == _measured(whole)


@pytest.mark.parametrize("params, message", [
    ({"model": "posemea"}, "parameter 'model': expected one of ['corenet'"),
    ({"resolution": "huge"}, "parameter 'resolution'"),
    ({"data": "/no/such/folder"}, "an existing SMPL-NPT folder"),
    ({"width": -1.0}, "a channel-width factor"),
    ({"epcohs": 2}, "unknown parameter 'epcohs'"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_transfer.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert "ParameterError" in str(err.value) and message in str(err.value)
    assert not (tmp_path / "r" / "results.json").exists()


def test_transfer_tables_are_registered():
    keys = {"robust-transfer/table1", "robust-transfer/table4", "robust-transfer/table5", "3d-corenet/corenet"}
    assert keys <= set(REGISTRY)
    for k in keys:
        assert all(params["model"] in MODELS for runs in REGISTRY[k].runs.values() for params in runs)
