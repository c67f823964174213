"Papermill smoke runs of nbs/train_prior.ipynb and nbs/eval_prior.ipynb (adversarial pose prior), reruns and bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results
from posebook.priors import PRIOR_LABELS, PRIOR_MODELS
from posebook.experiment import run_dir
from posebook.reproduce import REGISTRY

TASK_TABLES = {"coverage": {"table1", "figure2", "figure3"}, "interpolation": {"table2", "figure5", "figure6"},
               "fit2d": {"table3", "run"}, "regression": {"table4"}}


def test_train_prior_writes_results_and_shares_the_prior(isolated_dirs, tmp_path):
    runs, figs = isolated_dirs
    run_notebook("train_prior.ipynb", tmp_path, model="gan-u", profile="smoke")
    rec = read_results(run_dir("train_prior.ipynb", "smoke", {"model": "gan-u"}) / "results.json")
    assert (rec["paper"], rec["experiment"], rec["profile"]) == ("adv-prior", "train_prior", "smoke")
    assert rec["config"]["steps"] > 0
    recall = [r["value"] for r in rec["rows"] if r["table"] == "run" and r["condition"].startswith("test recall")]
    assert len(recall) == 2 and all(0 < v < 2 for v in recall)
    curve = [r for r in rec["rows"] if r["table"] == "curves"]                      # its learning curve and the yardstick
    assert {r["method"] for r in curve} == {"GAN-U", "the mean training pose (yardstick)"} and all(r["value"] > 0 for r in curve)
    assert (runs / "priors" / "smoke-gan-u-seed0" / "checkpoints" / "last.pt").is_file()      # the folder eval_prior reads
    assert (run_dir("train_prior.ipynb", "smoke", {"model": "gan-u"}) / "figures" / "samples-gan-u-smoke.png").stat().st_size > 5000
    assert not figs.exists()                                                         # nothing published


@pytest.mark.parametrize("task", list(TASK_TABLES))
def test_eval_prior_tasks_write_their_tables(isolated_dirs, tmp_path, task):
    runs, figs = isolated_dirs
    models = "gan-s,vposer,gmm" if task != "regression" else "gan-s,vposer"
    run_notebook("eval_prior.ipynb", tmp_path, task=task, models=models, profile="smoke")
    out = run_dir("eval_prior.ipynb", "smoke", {"task": task, "models": models})
    rec = read_results(out / "results.json")
    assert {r["table"] for r in rec["rows"]} == TASK_TABLES[task] - ({"run"} if "gmm" not in models else set())
    assert all(math.isfinite(r["value"]) for r in rec["rows"])
    methods = {r["method"] for r in rec["rows"] if r["table"] != "run"}
    assert {PRIOR_LABELS[m] for m in models.split(",")} <= methods
    for m in models.split(","):                                                # priors are trained once, shared
        assert (runs / "priors" / f"smoke-{m}-seed0").is_dir()
    if task == "coverage":
        d = {(r["method"], r["setting"], r["condition"]): r["value"] for r in rec["rows"] if r["metric"] == "per_vertex_distance"}
        assert all(0 < v < 2 for v in d.values())
        assert (out / "figures" / "figure2-smoke.png").is_file() and (out / "figures" / "figure3-smoke.png").is_file()
    if task == "interpolation":
        ratios = [r["value"] for r in rec["rows"] if r["table"] == "table2" and r["condition"] == "R, median"]
        assert all(v >= 1 for v in ratios)                                     # max / min of positive steps
        assert (out / "figures" / "figure5-smoke.png").is_file() and (out / "figures" / "figure6-pair1-smoke.png").is_file()
    if task in ("fit2d", "regression"):
        errs = [r["value"] for r in rec["rows"] if r["metric"] in ("mpjpe", "pa_mpjpe")]
        assert errs and all(0 < v < 2 for v in errs)


def test_eval_prior_reruns_identically(isolated_dirs, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        run_notebook("eval_prior.ipynb", tmp_path, task="fit2d", models="gan-n,flow", profile="smoke", out_dir=str(out))
    ra, rb = read_results(a / "results.json"), read_results(b / "results.json")
    assert [r["value"] for r in ra["rows"]] == [r["value"] for r in rb["rows"]]


@pytest.mark.parametrize("notebook, params, message", [
    ("train_prior.ipynb", {"model": "gan-x"}, "parameter 'model'"),
    ("train_prior.ipynb", {"modle": "gan-s"}, "unknown parameter 'modle'"),
    ("train_prior.ipynb", {"profile": "quik"}, "parameter 'profile'"),
    ("eval_prior.ipynb", {"task": "recall"}, "parameter 'task'"),
    ("eval_prior.ipynb", {"models": "gan-s,vposr"}, "'vposr'"),
    ("eval_prior.ipynb", {"task": "regression", "models": "gmm"}, "priors with a latent space"),
    ("eval_prior.ipynb", {"image": "rgb"}, "parameter 'image'"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, notebook, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook(notebook, tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert "ParameterError" in str(err.value) and message in str(err.value)
    assert not (tmp_path / "r" / "results.json").exists()


def test_registry_covers_the_papers_tables_and_figures():
    keys = {k for k in REGISTRY if k.startswith("adv-prior/")}
    assert keys == {f"adv-prior/{t}" for t in ("table1", "table2", "table3", "table4", "figure2", "figure3", "figure5", "figure6", "curves")}
    assert {p["model"] for p in REGISTRY["adv-prior/curves"].runs["quick"]} == set(PRIOR_MODELS) - {"gmm"}   # GMM: EM, no curve
    for key in keys - {"adv-prior/curves"}:
        entry = REGISTRY[key]
        task = entry.runs["quick"][0]["task"]
        assert entry.table in TASK_TABLES[task]
        # every published method is a label our runs write
        assert {p["method"] for p in entry.published} <= set(PRIOR_LABELS.values()) | {"direct regression (our pretrained CNN)"}
    assert set(PRIOR_LABELS) == set(PRIOR_MODELS)
