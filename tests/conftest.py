import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"


@pytest.fixture
def isolated_dirs(tmp_path, monkeypatch):
    "Send runs/ and figures/ to a temporary folder (also for papermill kernels, which inherit the environment)."
    runs, figs = tmp_path / "runs", tmp_path / "figures"
    monkeypatch.setenv("POSEBOOK_RUNS", str(runs))
    monkeypatch.setenv("POSEBOOK_FIGURES", str(figs))
    monkeypatch.setenv("POSEBOOK_PROGRESS", "0")
    return runs, figs


def run_notebook(name, work_dir, **params):
    "Execute nbs/<name> with papermill (kernel in nbs/, as in JupyterLab); return the output notebook path."
    import papermill as pm
    out_nb = Path(work_dir) / f"executed-{name}"
    pm.execute_notebook(NBS / name, out_nb, parameters=params, cwd=str(NBS), progress_bar=False)
    return out_nb
