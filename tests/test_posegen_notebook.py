"Papermill smoke runs of nbs/train_posegen.ipynb (PoseGen): the tables' rows, the figures, seeded reruns, the variants, bad parameters."
import math

import pytest
from papermill.exceptions import PapermillExecutionError

from conftest import run_notebook
from posebook.core import read_results
from posebook.experiment import run_dir
from posebook.papers.posegen import MEAN_POSE, PRETRAINED, POSEGEN, TEST_CONDITIONS, VARIANT_LABELS
from posebook.reproduce import REGISTRY

COST = ("posegen-cost",)


def _run(tmp_path, **params):
    run_notebook("train_posegen.ipynb", tmp_path, **{"profile": "smoke", **params})
    return read_results(run_dir("train_posegen.ipynb", "smoke", params) / "results.json")


def _table(rec, table):
    return {(r["method"], r["setting"], r["condition"], r["metric"]): r["value"] for r in rec["rows"] if r["table"] == table}


def test_smoke_run_fills_its_tables_and_a_seeded_rerun_repeats_them(isolated_dirs, tmp_path, monkeypatch):
    runs, figs = isolated_dirs
    rec = _run(tmp_path)
    assert (rec["paper"], rec["experiment"], rec["profile"]) == ("posegen", "train_posegen", "smoke")
    assert set(rec["config"]["tables"]) == {"table5", "table6", "table7", "tables1-4", "figure4"}
    t5 = _table(rec, "table5")
    assert {k[0] for k in t5} == {VARIANT_LABELS["a3"]} and {k[2] for k in t5} == set(TEST_CONDITIONS)
    assert {k[1] for k in t5} == {"14 joints", "16 joints"} and {k[3] for k in t5} == {"mpjpe", "pa_mpjpe", "pck"}
    assert all(math.isfinite(v) for v in t5.values()) and len(t5) == 2 * len(TEST_CONDITIONS) * 3
    standins = _table(rec, "tables1-4")
    assert {k[0] for k in standins} == {MEAN_POSE, PRETRAINED, POSEGEN}
    assert 0 <= rec["config"]["drop_rates"]["16"] <= 1
    steep = _table(rec, "figure4")
    assert len(steep) == 3 and all(0 <= v <= 1 for v in steep.values())
    out = run_dir("train_posegen.ipynb", "smoke", {})
    for name in ("figure3", "figure7", "figure4", "posegen-"):
        assert any(p.name.startswith(name) and p.stat().st_size > 500 for p in (out / "figures").iterdir()), name
    assert not figs.exists()                                                 # nothing published
    # the same seed in a fresh runs folder (every shared artefact trained again) gives the same rows
    monkeypatch.setenv("POSEBOOK_RUNS", str(tmp_path / "again"))
    again = _run(tmp_path)
    same = lambda r: [x for x in r["rows"] if x["table"] not in COST]
    assert same(again) == same(rec)


def test_baseline_mesh_and_figure6_runs(isolated_dirs, tmp_path):
    base = _run(tmp_path, variant="baseline")
    assert set(base["config"]["tables"]) == {"table5"} and {k[0] for k in _table(base, "table5")} == {MEAN_POSE, VARIANT_LABELS["baseline"]}
    fig6 = _run(tmp_path, n_generated="4,8")
    assert set(fig6["config"]["tables"]) == {"figure6"} and {k[1] for k in _table(fig6, "figure6")} == {
        f"{n} generated, {j} joints" for n in (4, 8) for j in (14, 16)}
    mesh = _run(tmp_path, variant="mesh")
    assert {k[0] for k in _table(mesh, "table5")} == {VARIANT_LABELS["mesh"]}
    assert mesh["config"]["generator"] == fig6["config"]["generator"]       # the mesh control renders A3's generator
    assert REGISTRY["posegen/table5"].notebook == "train_posegen.ipynb"


@pytest.mark.parametrize("params, error, message", [
    ({"variant": "a4"}, "ParameterError", "variant"),
    ({"scenario": 3}, "ParameterError", "scenario"),
    ({"n_generated": "many"}, "ParameterError", "a comma list"),
    ({"cap": -1.0}, "ParameterError", "a positive cap"),
    ({"latent": "gaussian"}, "ParameterError", "latent"),
    ({"poses": "h36m"}, "ParameterError", "poses"),
    ({"spin_tests": "agora"}, "ParameterError", "SPIN-format .npz"),
    ({"poses": "amass", "variant": "a1"}, "DataError", "amass"),                   # absent files say where they go
    ({"spin_tests": "3dpw", "variant": "baseline"}, "DataError", "3dpw_test.npz"),
])
def test_bad_parameters_and_absent_files_are_clear_errors(isolated_dirs, tmp_path, params, error, message):
    with pytest.raises(PapermillExecutionError) as err:
        run_notebook("train_posegen.ipynb", tmp_path, **{"profile": "smoke", "out_dir": str(tmp_path / "r"), **params})
    assert error in str(err.value) and message in str(err.value)


def test_the_code_s_options_run_as_their_own_rows(isolated_dirs, tmp_path):
    "The discriminator seeing the root and the feedback through the NeRF: a generator of their own, rows outside the paper tables."
    rec = _run(tmp_path, feed_root=True, through_renderer=True)
    assert rec["config"]["generator"] == "generator-normal-s2-c1-root-through"
    assert set(rec["config"]["tables"]) == {"posegen-options"}
    rows = _table(rec, "posegen-options")
    assert {k[0] for k in rows} == {"a3, D sees the root, feedback through the NeRF"} and all(math.isfinite(v) for v in rows.values())


def test_a_spin_format_test_file_gets_its_own_rows(isolated_dirs, tmp_path):
    "A made-up 3DHP-style file (SPIN's layout): the mean pose, the pretrained and the fine-tuned estimators are scored on it."
    import numpy as np
    from PIL import Image
    from posebook.posegen import SPIN_J24_TO_16
    files = tmp_path / "3dhp"
    files.mkdir()
    rng = np.random.default_rng(0)
    for k in range(3): Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(files / f"img{k}.jpg")
    S = np.zeros((3, 24, 4)); S[:, list(SPIN_J24_TO_16), :3] = rng.normal(0, 0.3, (3, 16, 3)); S[:, list(SPIN_J24_TO_16), 3] = 1
    np.savez(files / "mpi_inf_3dhp_test.npz", imgname=np.array([f"img{k}.jpg" for k in range(3)]), center=np.full((3, 2), 32.0),
             scale=np.full(3, 0.3), S=S)
    rec = _run(tmp_path, spin_tests=str(files / "mpi_inf_3dhp_test.npz"), variant="a2")
    rows = _table(rec, "posegen-real")
    assert {k[0] for k in rows} == {MEAN_POSE, PRETRAINED, VARIANT_LABELS["a2"]} and {k[2] for k in rows} == {"mpi_inf_3dhp_test"}
    assert all(math.isfinite(v) for v in rows.values()) and len(rows) == 3 * 2 * 3
