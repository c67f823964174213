"""How long each experiment's smoke run takes: every experiment notebook with its default parameters in the `smoke`
profile, through papermill as a user runs it, one after another in one process, each into a temporary folder.
Data caches (Anny's model, built domains, bodies and captures under data/cache) are warmed by a first pass that is
not timed; each pass has its own empty runs folder (`POSEBOOK_RUNS`), so the timed pass trains every model it needs,
as a first run does. The first use of Anny on a fresh clone adds a minute or two once. Torch uses the threads the notebooks choose (`--threads` sets `OMP_NUM_THREADS` for them).

    python benchmarks/smoke_runs.py benchmarks/results/smoke_runs.json
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from posebook.core import save_json
from posebook.experiment import notebooks_dir

EXPERIMENTS = {                                        # notebook: extra parameters (the defaults, unless a run needs one)
    "train_smoke.ipynb": {},
    "train_transfer.ipynb": {},
    "train_adv.ipynb": {},
    "train_poseda.ipynb": {},
    "train_prior.ipynb": {},
    "eval_prior.ipynb": {"task": "coverage"},
    "train_anerf.ipynb": {},
    "train_posegen.ipynb": {},
}


def run(notebook: str, params: dict, folder: Path) -> float:
    import papermill as pm
    out = folder / Path(notebook).stem
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    pm.execute_notebook(notebooks_dir() / notebook, out / notebook, parameters={**params, "profile": "smoke", "out_dir": str(out)},
                        cwd=str(notebooks_dir()), progress_bar=False)
    return time.perf_counter() - t


def main(out: Path, threads: int | None) -> dict:
    if threads: os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("POSEBOOK_PROGRESS", "0")
    result = {"command": " ".join(sys.argv), "cores": os.cpu_count(), "omp_threads": os.environ.get("OMP_NUM_THREADS"),
              "seconds": {}, "first_pass_seconds": {}}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POSEBOOK_RUNS"] = str(Path(tmp) / "warm-runs")
        for notebook, params in EXPERIMENTS.items():          # the first pass builds the caches
            result["first_pass_seconds"][notebook] = round(run(notebook, params, Path(tmp) / "warm"), 1)
            print(f"warm  {notebook}: {result['first_pass_seconds'][notebook]} s", flush=True)
        os.environ["POSEBOOK_RUNS"] = str(Path(tmp) / "timed-runs")    # no model trained by the first pass is reused
        for notebook, params in EXPERIMENTS.items():
            result["seconds"][notebook] = round(run(notebook, params, Path(tmp) / "timed"), 1)
            print(f"timed {notebook}: {result['seconds'][notebook]} s", flush=True)
    result["total_seconds"] = round(sum(result["seconds"].values()), 1)
    save_json(out, result)
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--threads", type=int, default=None)
    a = ap.parse_args()
    main(a.out, a.threads)
