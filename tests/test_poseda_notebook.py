"Papermill smoke runs of nbs/train_poseda.ipynb (PoseDA and its baselines), resumption, and bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.adapt import ADAPT_METHODS, LPA_STAGES
from posebook.core import read_results
from posebook.lifting import LIFTERS
from posebook.experiment import run_dir
from posebook.papers.poseda import run_tables
from posebook.reproduce import REGISTRY

METRICS = {"mpjpe", "pa_mpjpe", "pck", "auc"}


def _scores(rec, condition="target test"):
    return {r["metric"]: r["value"] for r in rec["rows"] if r["table"] == "run" and r["condition"] == condition}


@pytest.mark.parametrize("backbone, method", [("videopose", "poseda"), ("semgcn", "poseaug"), ("stgcn", "gpa+rr+bl"), ("simple", "baseline")])
def test_smoke_run_writes_results_and_figures(isolated_dirs, tmp_path, backbone, method):
    runs, figs = isolated_dirs
    run_notebook("train_poseda.ipynb", tmp_path, backbone=backbone, method=method, profile="smoke")
    out = run_dir("train_poseda.ipynb", "smoke", {"backbone": backbone, "method": method})   # the folder reproduce reads
    rec = read_results(out / "results.json")
    assert (rec["paper"], rec["experiment"], rec["profile"]) == ("poseda", "train_poseda", "smoke")
    scores = _scores(rec)
    assert set(scores) == METRICS and all(math.isfinite(v) for v in scores.values())
    assert 0 < scores["mpjpe"] < 5 and 0 <= scores["pck"] <= 1 and 0 <= scores["auc"] <= scores["pck"] + 1e-9
    tables = {r["table"] for r in rec["rows"]} - {"run"}
    assert tables == set(run_tables(backbone, method, "source", "target"))
    # the pre-trained source model is shared by every method of the backbone
    assert (runs / "lifters" / f"smoke-{backbone}-source-screen-seed0" / "checkpoints" / "last.pt").is_file()
    if method == "baseline":
        assert scores == _scores(rec, "target test, pre-trained")
    else:
        assert rec["config"]["adapt_steps"] > 0 and (out / "adapt" / "checkpoints" / "last.pt").is_file()
    assert (out / "figures" / f"qualitative-{backbone}-{method}-smoke.png").stat().st_size > 5000
    assert not figs.exists()                                                         # nothing published


def test_gpa_run_draws_figure_b_and_reruns_identically(isolated_dirs, tmp_path):
    runs, figs = isolated_dirs
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        run_notebook("train_poseda.ipynb", tmp_path, method="gpa", profile="smoke", out_dir=str(out))
    ra, rb = read_results(a / "results.json"), read_results(b / "results.json")
    assert [r["value"] for r in ra["rows"]] == [r["value"] for r in rb["rows"]]        # seeded: the same numbers
    w1 = {(r["method"], r["condition"]): r["value"] for r in ra["rows"] if r["table"] == "figureB"}
    for k in ("scale_2d", "root_x", "root_y"):
        assert w1[("source after GPA", k)] < w1[("source", k)]
    assert (a / "figures" / "figureB.png").stat().st_size > 5000


def test_second_target_and_subject_split(isolated_dirs, tmp_path):
    out = tmp_path / "r"
    run_notebook("train_poseda.ipynb", tmp_path, method="lpa", source="source:S1", target="source:S5,S6,S7,S8", profile="smoke", out_dir=str(out))
    rec = read_results(out / "results.json")
    assert rec["config"]["target_test_subjects"] == ["S7", "S8"]                      # the adaptation never saw them
    assert {r["table"] for r in rec["rows"]} == {"run"}                               # lpa is not in Table 1


@pytest.mark.parametrize("params, message", [
    ({"backbone": "martinez"}, "parameter 'backbone'"),
    ({"method": "adaptpose"}, "parameter 'method'"),
    ({"norm": "box"}, "parameter 'norm'"),
    ({"d2d": "target", "method": "gpa"}, "d2d: expected 'none' unless method is lpa or poseda"),
    ({"target": "h36m_typo"}, "domain: expected one of"),
    ({"methd": "gpa"}, "unknown parameter 'methd'"),
    ({"profile": "quik"}, "parameter 'profile'"),
    ({"lpa_stages": "ba,r,ry"}, "lpa_stages: expected a comma list of ba, bl and r or ry"),
    ({"lpa_stages": "ba", "method": "gpa"}, "lpa_stages: expected the default (ba,bl,ry) unless method is lpa or poseda"),
    ({"finetune_epochs": -1}, "parameter 'finetune_epochs'"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_poseda.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert ("ParameterError" in str(err.value) or "DataError" in str(err.value)) and message in str(err.value)
    assert not (tmp_path / "r" / "results.json").exists()


def test_missing_real_domain_is_a_clear_error(isolated_dirs, tmp_path, monkeypatch):
    monkeypatch.setenv("POSEBOOK_DATA", str(tmp_path / "empty"))                  # no real files there
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_poseda.ipynb", tmp_path, source="3dhp", target="3dpw", profile="smoke", out_dir=str(tmp_path / "r"))
    assert "DataError" in str(err.value) and "test_3dhp.npz" in str(err.value) and "no such file" in str(err.value)


def test_poseda_tables_are_registered():
    keys = {f"poseda/{t}" for t in ("table1", "table2", "table3", "table4", "table5", "table6", "tableC", "figureB", "lpa-stages", "curves")}
    assert keys <= set(REGISTRY)
    for k in keys:
        e = REGISTRY[k]
        assert e.notebook == "train_poseda.ipynb"
        for params in e.runs["quick"]:
            assert params["backbone"] in LIFTERS and params["method"] in ADAPT_METHODS
            table = k.split("/")[1]
            if table != "figureB":   # every registered run fills the table it is registered for
                assert table in run_tables(params["backbone"], params["method"], params.get("source", "source"),
                                           params.get("target", "target"), params.get("norm", "screen"), params.get("d2d", "none"),
                                           params.get("lpa_stages", ",".join(LPA_STAGES)), params.get("finetune_epochs", 0),
                                           params.get("curve", False))
    # every published row has a run that writes the same label
    for k in keys - {"poseda/figureB"}:
        e, table = REGISTRY[k], k.split("/")[1]
        labels = {run_tables(p["backbone"], p["method"], p.get("source", "source"), p.get("target", "target"),
                             p.get("norm", "screen"), p.get("d2d", "none"), p.get("lpa_stages", ",".join(LPA_STAGES)),
                             p.get("finetune_epochs", 0), p.get("curve", False))[table] for p in e.runs["quick"]}
        assert {r["method"] for r in e.published} <= labels, k


def test_an_lpa_stage_run_writes_only_its_own_table(isolated_dirs, tmp_path):
    "PoseDA with the paper's free rotation: the stage table's row, no paper table's."
    out = tmp_path / "stages"
    run_notebook("train_poseda.ipynb", tmp_path, method="poseda", lpa_stages="ba,bl,r", profile="smoke", out_dir=str(out))
    rec = read_results(out / "results.json")
    assert {r["table"] for r in rec["rows"]} == {"run", "lpa-stages"}
    assert {r["method"] for r in rec["rows"] if r["table"] == "lpa-stages"} == {"GPA + BA, BL, R about any axis (the paper's generator)"}
    assert math.isfinite(_scores(rec)["mpjpe"])


def test_a_curve_run_writes_the_learning_curve_only(isolated_dirs, tmp_path):
    "GPA with a learning curve over 2 fine-tuning epochs: epochs 0 (pre-trained), 1, 2 in `curves`; the last is the run's score."
    out = tmp_path / "curve"
    run_notebook("train_poseda.ipynb", tmp_path, method="gpa", finetune_epochs=2, curve=True, profile="smoke", out_dir=str(out))
    rec = read_results(out / "results.json")
    assert {r["table"] for r in rec["rows"]} == {"run", "curves"}
    curve = {r["condition"]: r["value"] for r in rec["rows"] if r["table"] == "curves" and r["metric"] == "mpjpe"}
    assert sorted(curve) == [f"target test, epoch {e}" for e in (0, 1, 2)]
    assert curve["target test, epoch 2"] == pytest.approx(_scores(rec)["mpjpe"], abs=1e-6)
    pretrained = [r["value"] for r in rec["rows"] if r["table"] == "run" and r["condition"] == "target test, pre-trained" and r["metric"] == "mpjpe"]
    assert curve["target test, epoch 0"] == pytest.approx(pretrained[0])
