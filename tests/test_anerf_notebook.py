"Papermill smoke run of nbs/train_anerf.ipynb (PoseGen's renderer): the quality table, the yardsticks, figures, bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results
from posebook.experiment import run_dir
from posebook.papers.posegen import HELD_OUT, MEAN_IMAGE, NERF, WHITE_IMAGE
from posebook.reproduce import REGISTRY


def test_smoke_run_writes_the_quality_table_and_figures(isolated_dirs, tmp_path):
    runs, figs = isolated_dirs
    run_notebook("train_anerf.ipynb", tmp_path, profile="smoke")
    out = run_dir("train_anerf.ipynb", "smoke", {})
    rec = read_results(out / "results.json")
    assert (rec["paper"], rec["experiment"], rec["profile"]) == ("posegen", "train_anerf", "smoke")
    quality = [r for r in rec["rows"] if r["table"] == "anerf-quality"]
    for group in ("train", *HELD_OUT):
        for method in (NERF, MEAN_IMAGE, WHITE_IMAGE):
            got = {r["metric"]: r["value"] for r in quality if r["condition"] == group and r["method"] == method}
            assert set(got) == {"psnr", "ssim", "mask_iou"} and all(math.isfinite(v) for v in got.values()), (group, method, got)
            assert 0 <= got["mask_iou"] <= 1 and -1 <= got["ssim"] <= 1
    white = {r["condition"]: r["value"] for r in quality if r["method"] == WHITE_IMAGE and r["metric"] == "mask_iou"}
    assert set(white.values()) == {0.0}                                      # the background alone has no person
    culling = {(r["method"], r["metric"]): r["value"] for r in rec["rows"] if r["table"] == "anerf-culling"}
    assert len(culling) == 6 and all(math.isfinite(v) for v in culling.values())
    curve = [r for r in rec["rows"] if r["table"] == "anerf-learning-curve" and r["metric"] == "psnr"]
    assert [r["setting"] for r in curve] == ["step 4", "step 8", "step 12", "step 16", "step 20"]
    assert rec["config"]["steps"] == 20 and sum(rec["config"]["groups"].values()) > 32     # top / low views are also held out
    for name in ("render-grid-smoke.png", "learning-curve-smoke.png", "anerf-quality-smoke.md"):
        assert (out / "figures" / name).stat().st_size > 500, name
    assert not figs.exists()                                                 # nothing published
    assert REGISTRY["posegen/anerf-quality"].notebook == "train_anerf.ipynb"


@pytest.mark.parametrize("params, message", [
    ({"profile": "quik"}, "did you mean 'quick'?"),
    ({"subject": -1}, "a non-negative subject id"),
    ({"steps": "many"}, "parameter 'steps': expected a value of type int"),
])
def test_bad_parameters_are_clear_errors(isolated_dirs, tmp_path, params, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_anerf.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert "ParameterError" in str(err.value) and message in str(err.value)


def test_a_capture_in_anerf_layout_trains_and_is_measured(isolated_dirs, tmp_path):
    "The real-data path: a capture file in A-NeRF's layout (here the smoke capture written out) replaces the Anny capture."
    from posebook.datasets.images import capture_subject, write_anerf_capture
    path = write_anerf_capture(capture_subject("smoke", cache_dir=tmp_path / "cache"), tmp_path / "capture.npz")
    out = tmp_path / "run"
    run_notebook("train_anerf.ipynb", tmp_path, profile="smoke", capture=str(path), out_dir=str(out))
    rec = read_results(out / "results.json")
    assert rec["config"]["capture"] == {"source": str(path), "images": 32, "poses": 8, "joints": 21, "pixels": 16}
    assert {r["condition"] for r in rec["rows"] if r["table"] == "anerf-quality"} == {"train", *HELD_OUT}


def test_a_broken_capture_file_is_a_data_error(isolated_dirs, tmp_path):
    (tmp_path / "capture.npz").write_bytes(b"not a zip")
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_anerf.ipynb", tmp_path, profile="smoke", capture=str(tmp_path / "capture.npz"), out_dir=str(tmp_path / "r"))
    assert "DataError" in str(err.value) and "capture.npz" in str(err.value)
