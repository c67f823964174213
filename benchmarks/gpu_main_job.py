"""The main job in one process list, for benchmarks/gpu_main_job.sh: for each model, train_transfer.ipynb (Table 1, the
learning curve) then train_adv.ipynb (clean + adversarial training, every attack, the budget sweep, noise, scans,
figures), executed with posebook.experiment.run_plain (no Jupyter needed); then summary.json and one tarball of the
results, tables and figures.

    python benchmarks/gpu_main_job.py --out OUT [--profile gpu] [--models posemae,npt-mp]
"""
import argparse
import glob
import json
import platform
import tarfile
import time
from pathlib import Path

import torch

from posebook.core import data_dir, git_commit, read_results, save_json
from posebook.experiment import notebooks_dir, run_dir, run_plain

SUMMARY_TABLES = ("table1", "curves", "table2", "sweep", "table3", "robustness", "overhead")


def check_mesh_bank(resolution: str) -> None:
    "Stop early, with the fix, when the mesh bank is missing and Anny (which would build it) is not installed."
    from importlib.util import find_spec
    if glob.glob(str(data_dir() / "cache" / "npt" / f"anny-{resolution}-*.npz")) or find_spec("anny"):
        return
    raise SystemExit(f"no {resolution} mesh bank under data/cache/npt/ and no Anny to build it: run a {resolution} transfer "
                     "run (e.g. make demo) on a machine with Anny and carry data/cache/npt")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile", default="gpu")
    ap.add_argument("--models", default="posemae,npt-mp")
    args = ap.parse_args()
    from posebook.transfer import transfer_profile
    out, models = Path(args.out), args.models.split(",")
    check_mesh_bank(transfer_profile(args.profile).resolution)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"{args.profile} profile on {torch.cuda.get_device_name() if device == 'cuda' else platform.processor() or 'cpu'}", flush=True)
    seconds, folders = {}, []
    for model in models:
        for notebook in ("train_transfer.ipynb", "train_adv.ipynb"):
            t0 = time.perf_counter()
            run_plain(notebooks_dir() / notebook, {"model": model, "profile": args.profile})
            seconds[f"{notebook} {model}"] = time.perf_counter() - t0
            folders.append(run_dir(notebook, args.profile, {"model": model}))
            print(f"{notebook} {model}: {seconds[f'{notebook} {model}']:.0f} s", flush=True)
    rows = [r for f in folders for r in read_results(f / "results.json")["rows"] if r["table"] in SUMMARY_TABLES]
    save_json(out / "summary.json", {"profile": args.profile, "device": device, "git": git_commit(), "torch": torch.__version__,
                                     "gpu": torch.cuda.get_device_name() if device == "cuda" else None,
                                     "seconds": seconds, "total_seconds": sum(seconds.values()), "rows": rows})
    with tarfile.open(out / "gpu-main-job.tgz", "w:gz") as tar:
        for f in folders:
            for path in sorted(f.rglob("*")):
                if path.is_file() and "checkpoints" not in path.parts and path.suffix in (".json", ".jsonl", ".md", ".csv", ".png", ".npz"):
                    tar.add(path, arcname=str(path.relative_to(out)))
    print(json.dumps({"total_seconds": round(sum(seconds.values())), **{k: round(v) for k, v in seconds.items()}}))


if __name__ == "__main__":
    main()
