"Papermill smoke runs of the smoke experiment notebook: results, figure, validation, reproducibility."
import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results


def test_smoke_profile_writes_results_and_figure(isolated_dirs, tmp_path):
    runs, figs = isolated_dirs
    out = tmp_path / "run"
    run_notebook("train_smoke.ipynb", tmp_path, profile="smoke", seed=0, out_dir=str(out))
    rec = read_results(out / "results.json")
    assert (rec["paper"], rec["experiment"], rec["profile"], rec["seed"]) == ("foundation", "train_smoke", "smoke", 0)
    methods = {r["method"] for r in rec["rows"]}
    assert methods == {"axis_angle", "quaternion", "6d"}
    assert all(r["unit"] == "rad" and 0 <= r["value"] <= 3.1416 for r in rec["rows"])
    assert rec["config"]["profile_used"]["name"] == "smoke"
    assert (out / "figures" / "rotation-representation.png").stat().st_size > 1000   # in the run folder ...
    assert not figs.exists()                                                         # ... and nothing published


def test_publish_copies_the_figure_into_figures(isolated_dirs, tmp_path):
    runs, figs = isolated_dirs
    run_notebook("train_smoke.ipynb", tmp_path, profile="smoke", representations="6d", publish=True, out_dir=str(tmp_path / "run"))
    assert (figs / "foundation" / "rotation-representation.png").stat().st_size > 1000


def test_smoke_run_leaves_the_committed_figures_untouched(tmp_path, monkeypatch):
    "With figures/ not redirected, a smoke run writes under its run folder only: git status stays clean in figures/."
    import subprocess
    from conftest import ROOT
    monkeypatch.setenv("POSEBOOK_RUNS", str(tmp_path / "runs"))
    monkeypatch.delenv("POSEBOOK_FIGURES", raising=False)
    status = lambda: subprocess.run(["git", "status", "--porcelain", "--", "figures"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    before = status()
    run_notebook("train_smoke.ipynb", tmp_path, profile="smoke")
    assert status() == before
    assert (tmp_path / "runs" / "train_smoke" / "smoke-default" / "figures" / "rotation-representation.png").is_file()


def test_same_seed_same_numbers(isolated_dirs, tmp_path):
    values = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        run_notebook("train_smoke.ipynb", tmp_path, profile="smoke", seed=3, representations="6d", out_dir=str(out))
        values.append([r["value"] for r in read_results(out / "results.json")["rows"]])
    assert values[0] == values[1]


@pytest.mark.parametrize("params, message", [
    ({"epcohs": 3}, "unknown parameter 'epcohs'"),
    ({"profile": "quik"}, "did you mean 'quick'?"),
    ({"seed": "zero"}, "parameter 'seed': expected a value of type int"),
    ({"representations": "euler"}, "comma-separated names from"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_smoke.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert "ParameterError" in str(err.value) and message in str(err.value)
    assert not (tmp_path / "r" / "results.json").exists()


def test_failed_run_keeps_earlier_results(isolated_dirs, tmp_path):
    out = tmp_path / "run"
    run_notebook("train_smoke.ipynb", tmp_path, profile="smoke", out_dir=str(out))
    before = (out / "results.json").read_bytes()
    with pytest.raises(PapermillExecutionError):
        run_notebook("train_smoke.ipynb", tmp_path, profile="smoke", lr=-1.0, out_dir=str(out))
    assert (out / "results.json").read_bytes() == before


def test_plain_runner_gives_papermills_rows(isolated_dirs, tmp_path):
    "posebook.experiment.run_plain (no Jupyter: the GPU machine) writes the same rows as papermill for the same parameters."
    from conftest import NBS
    from posebook.experiment import run_plain
    params = dict(profile="smoke", seed=1, representations="6d")
    run_notebook("train_smoke.ipynb", tmp_path, **params, out_dir=str(tmp_path / "papermill"))
    run_plain(NBS / "train_smoke.ipynb", {**params, "out_dir": str(tmp_path / "plain")})
    rows = lambda d: read_results(tmp_path / d / "results.json")["rows"]
    assert rows("plain") == rows("papermill")
