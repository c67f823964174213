"Papermill smoke runs of nbs/train_transfer.ipynb: every model trains, evaluates, writes results and a figure; reuse; bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results
from posebook.reproduce import REGISTRY
from posebook.transfer import MODELS


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
        assert 0.001 < rows["table1", "identity as prediction", split, "pmd"] < 0.2   # poses do differ
        for m in ("pmd", "chamfer", "emd"):
            assert math.isfinite(rows["corenet", label, split, m])
    size = {r["setting"]: r["value"] for r in rec["rows"] if r["table"] == "table4" and r["metric"] == "parameters"}
    assert size["papers' widths"] > 1e6 > size["width 0.125"] > 0
    assert rows["table4", label, "inference, batch 1", "seconds"] > 0
    assert (out / "checkpoints" / "last.pt").is_file() and (out / "log.jsonl").is_file()
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
