"Papermill smoke runs of nbs/train_adv.ipynb (the main job): clean and adversarial models, every pose source, figures; bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results
from posebook.experiment import run_dir
from posebook.papers.robust_transfer import SWEEP_BUDGETS, TRAIN_BUDGETS
from posebook.reproduce import REGISTRY
from posebook.transfer import MODELS

SOURCES = {"clean", "FGM 0.08", "IFGM 0.08", "MIFGM 0.08", "PGD 0.08", "Gaussian noise", "raw scan (simulated)"}


@pytest.mark.parametrize("model, free, eps_sweep", [("posemae", False, ""), ("npt", True, "1.0")])
def test_smoke_run_writes_every_table_and_figure(isolated_dirs, tmp_path, model, free, eps_sweep):
    runs, figs = isolated_dirs
    out = tmp_path / "run"
    run_notebook("train_adv.ipynb", tmp_path, model=model, profile="smoke", free_at=free, eps_sweep=eps_sweep, out_dir=str(out))
    rec = read_results(out / "results.json")
    label, mode = MODELS[model].label, "free adversarial training" if free else "adversarial training"
    assert (rec["paper"], rec["experiment"], rec["config"]["free_at"]) == ("robust-transfer", "train_adv", free)
    robust = {(r["setting"], r["condition"]): r["value"] for r in rec["rows"] if r["table"] == "robustness"}
    settings = {"w/o adversarial training", f"w/ {mode}"}
    assert set(robust) == {(s, c) for s in settings for c in SOURCES}
    assert all(math.isfinite(v) and 0 < v < 16 for v in robust.values())            # m^2, outputs bounded by 2 tanh
    table2 = {(r["setting"], r["condition"]) for r in rec["rows"] if r["table"] == "table2" and r["method"] == label}
    assert table2 == {(s, c) for s in settings for c in ("clean", "FGM, budget 0.08")}
    assert {r["condition"] for r in rec["rows"] if r["table"] == "table3"} == {"raw scan (simulated)", "Gaussian noise"}
    assert len([r for r in rec["rows"] if r["table"] == "attacks"]) == 8
    sweep = [r for r in rec["rows"] if r["table"] == "sweep"]
    swept = [float(b) for b in (eps_sweep or SWEEP_BUDGETS["smoke"]).split(",")]      # "": the profile's sweep
    budgets = {*swept, 0.08, TRAIN_BUDGETS["smoke"]}                                 # plus the evaluation and training budgets
    assert {r["condition"] for r in sweep if r["method"] == label and r["metric"] == "pmd"} == \
        {"clean"} | {f"{a}, budget {b:g}" for a in ("FGM", "IFGM", "MIFGM", "PGD") for b in budgets}
    assert len([r for r in sweep if r["metric"] == "damage_removed"]) == 1
    assert [r["method"] for r in sweep if r["setting"] == "yardstick (no model)"] == ["ignores the pose"]
    # the clean model was trained where train_transfer.ipynb (and posebook.reproduce) keep it
    assert (run_dir("train_transfer.ipynb", "smoke", {"model": model}) / "checkpoints" / "last.pt").is_file()
    assert (out / "adversarial" / "checkpoints" / "last.pt").is_file()
    tag = f"{model}-smoke" + ("-free" if free else "")
    for name in ("figure1", "perturbation", "tsne", "sweep"):
        assert (out / "figures" / f"{name}-{tag}.png").stat().st_size > 5000
    assert not figs.exists()                                                         # nothing published


@pytest.mark.parametrize("params, message", [
    ({"model": "corenet"}, "parameter 'model'"),
    ({"attack": "cw"}, "parameter 'attack'"),
    ({"eps_eval": -0.1}, "a budget in (0, 5]"),
    ({"noise_sigma": 2.0}, "a noise level"),
    ({"atack": "fgm"}, "unknown parameter 'atack'"),
    ({"profile": "quik"}, "parameter 'profile'"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_adv.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert "ParameterError" in str(err.value) and message in str(err.value)
    assert not (tmp_path / "r" / "results.json").exists()


def test_robust_transfer_tables_are_registered():
    keys = {"robust-transfer/table2", "robust-transfer/table3", "robust-transfer/attacks", "robust-transfer/robustness"}
    assert keys <= set(REGISTRY)
    for k in keys:
        assert REGISTRY[k].notebook == "train_adv.ipynb"
        assert all(params["model"] in MODELS for runs in REGISTRY[k].runs.values() for params in runs)


def test_gpu_script_runs_without_jupyter_or_anny(tmp_path):
    "benchmarks/gpu_main_job.sh at smoke size with the GPU machine's missing packages blocked: results, summary, one tarball."
    import json, os, subprocess, sys, tarfile
    from conftest import ROOT
    from posebook.transfer import transfer_dataset
    transfer_dataset("anny", "tiny")                          # the mesh bank the script carries (built here when missing)
    env = {**os.environ, "PROFILE": "smoke", "MODELS": "npt-mp", "PYTHONPATH": str(ROOT / "benchmarks" / "gpu_like"),
           "POSEBOOK_FIGURES": str(tmp_path / "figures"), "PYTHON": sys.executable}
    done = subprocess.run(["bash", str(ROOT / "benchmarks" / "gpu_main_job.sh"), str(tmp_path / "out")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["profile"] == "smoke" and {r["table"] for r in summary["rows"]} >= {"table1", "table2", "sweep", "curves"}
    names = tarfile.open(tmp_path / "out" / "gpu-main-job.tgz").getnames()
    assert any(n.endswith("train_adv/smoke-model=npt-mp/results.json") for n in names) and not any("checkpoints" in n for n in names)
