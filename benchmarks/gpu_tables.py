"""Registered tables in one command on a GPU machine (PyTorch, none of our other dependencies, no Jupyter, no Anny,
no network), for benchmarks/gpu_tables.sh: every run of the named registry entries in the gpu profile, executed with
posebook.experiment.run_plain; runs that share a trained model (a pre-trained lifter, the priors) run one after another
in one process, the others in parallel processes; then the tables, figures and report of those entries (tables/),
summary.json (each table's claim verdicts and rows, seconds per run) and one tarball of it all (no checkpoints).

    python benchmarks/gpu_tables.py --prepare --tables poseda/table4 --profile gpu     # here, with Anny: the inputs to carry
    python benchmarks/gpu_tables.py --out OUT --tables poseda/table4                   # there
    python benchmarks/gpu_tables.py --out OUT --tables adv-prior/curves,adv-prior/table1,adv-prior/table2,adv-prior/table3
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import torch

import posebook.papers  # noqa: F401  (fills the registry)
from posebook.core import git_commit, save_json
from posebook.experiment import notebooks_dir, run_dir, run_plain
from posebook.registry import REGISTRY
from posebook.reproduce import claim_verdicts, entry_rows, reproduce

STAGES = ("train_prior.ipynb", "eval_prior.ipynb", "train_poseda.ipynb")   # a later stage reads what an earlier one trained
PRIOR_MODELS = ("gan-s", "gan-u", "gan-n", "vposer", "flow", "gmm")


def runs_of(keys: list[str], profile: str) -> list[tuple[str, dict]]:
    "The distinct (notebook, params) runs of the entries `keys`; prior tables first train every prior once (train_prior)."
    unknown = [k for k in keys if k not in REGISTRY]
    if unknown: raise SystemExit(f"unknown tables {unknown}; registered: {sorted(REGISTRY)}")
    runs = [(REGISTRY[k].notebook, dict(p)) for k in keys for p in REGISTRY[k].runs[profile]]
    if any(nb == "eval_prior.ipynb" for nb, _ in runs): runs = [("train_prior.ipynb", {"model": m}) for m in PRIOR_MODELS] + runs
    unique = {(nb, json.dumps(p, sort_keys=True)): (nb, p) for nb, p in runs}
    return sorted(unique.values(), key=lambda r: STAGES.index(r[0]))


def prepare(keys: list[str], profile: str) -> list[str]:
    """On a machine with Anny: write what the runs read and the GPU machine cannot build, the skeleton domains
    (data/cache/domains) and the priors' neutral body (data/cache/bodies); carry both folders with the code."""
    from posebook.adapt import lifting_schedule, load_domain
    from posebook.datasets.skeletons import DOMAIN_SUBJECTS, domain_cache_path
    from posebook.body import frozen_body_path
    from posebook.priors import NEUTRAL_PHENOTYPE, prior_body, prior_schedule
    made = []
    for notebook, params in runs_of(keys, profile):
        if notebook == "train_poseda.ipynb":
            n, seed = lifting_schedule(profile).n_poses, params.get("seed", 0)
            for spec in (params.get("source", "source"), params.get("target", "target")):
                name = spec.partition(":")[0]
                if name in DOMAIN_SUBJECTS and str(domain_cache_path(name, n, seed)) not in made:
                    load_domain(name, n, seed); made.append(str(domain_cache_path(name, n, seed)))
        elif notebook in ("train_prior.ipynb", "eval_prior.ipynb"):
            for resolution in ("tiny", prior_schedule(profile).resolution):                            # tiny: the skeleton
                path = str(frozen_body_path(resolution, NEUTRAL_PHENOTYPE))
                if path not in made: prior_body(resolution); made.append(path)
    return made


def group_key(notebook: str, params: dict) -> str:
    "Runs that share a trained model, and so its folder, go in one group (one process, in order); groups run in parallel."
    if notebook == "train_poseda.ipynb":        # the pre-trained lifter of (backbone, source, normalisation)
        return f"lifter-{params['backbone']}-{params.get('source', 'source')}-{params.get('norm', 'screen')}"
    if notebook == "train_prior.ipynb": return f"prior-{params['model']}"
    return f"{notebook}-{json.dumps(params, sort_keys=True)}"


def run_group(runs: list, profile: str, timings: Path) -> None:
    "Child process: the runs of one group in order (a finished run is kept); seconds or the error of each in `timings`."
    out = {}
    for notebook, params in runs:
        label = f"{notebook} {json.dumps(params, sort_keys=True)}"
        if (run_dir(notebook, profile, params) / "results.json").is_file(): out[label] = {"seconds": 0.0, "kept": True}; continue
        t0 = time.perf_counter()
        try: run_plain(notebooks_dir() / notebook, {**params, "profile": profile})
        except Exception as e:                   # one failed run never stops the others; its error is reported
            lines = str(e).strip().splitlines()
            out[label] = {"seconds": time.perf_counter() - t0, "error": f"{type(e).__name__}: {lines[-1] if lines else ''}"}
        else: out[label] = {"seconds": time.perf_counter() - t0}
        print(f"{label}: {out[label]}", flush=True)
        save_json(timings, out)


def run_stages(runs: list, profile: str, out: Path, workers: int) -> dict:
    "Each stage's groups in at most `workers` parallel processes; {run: seconds or error} over all of them."
    timings = {}
    for stage in STAGES:
        groups: dict[str, list] = {}
        for nb, p in runs:
            if nb == stage: groups.setdefault(group_key(nb, p), []).append((nb, p))
        pending, running = list(groups.items()), []
        threads = max(1, (os.cpu_count() or 2) // max(1, min(workers, len(groups) or 1)))
        while pending or running:
            while pending and len(running) < workers:
                name, group = pending.pop(0)
                path = out / "timings" / f"{name[:80]}.json"
                spec = out / "timings" / f"{name[:80]}.runs.json"
                save_json(spec, {"profile": profile, "runs": group})
                env = {**os.environ, "OMP_NUM_THREADS": str(threads), "POSEBOOK_THREADS": str(threads)}
                running.append((path, subprocess.Popen([sys.executable, __file__, "--child", str(spec), "--timings", str(path)], env=env)))
            time.sleep(1)
            for item in [r for r in running if r[1].poll() is not None]:
                running.remove(item)
                if item[0].is_file(): timings.update(json.loads(item[0].read_text()))
    return timings


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out")
    ap.add_argument("--tables", default="poseda/table4")
    ap.add_argument("--profile", default="gpu")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--prepare", action="store_true", help="write the domains and bodies the GPU machine cannot build (needs Anny)")
    ap.add_argument("--child")
    ap.add_argument("--timings")
    args = ap.parse_args()
    if args.child:
        spec = json.loads(Path(args.child).read_text())
        return run_group(spec["runs"], spec["profile"], Path(args.timings))
    keys = [k.strip() for k in args.tables.split(",") if k.strip()]
    if args.prepare: return print("prepared:", prepare(keys, args.profile))
    out = Path(args.out)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"{args.profile} profile on {torch.cuda.get_device_name() if device == 'cuda' else platform.processor() or 'cpu'}: {keys}", flush=True)
    t0 = time.perf_counter()
    runs = runs_of(keys, args.profile)
    timings = run_stages(runs, args.profile, out, args.workers)
    wall = time.perf_counter() - t0
    tables = out / "tables"
    for key in keys: reproduce(args.profile, only=key, report_only=True, figures_root=tables)
    summary = {}
    for key in keys:
        rows = entry_rows(REGISTRY[key], args.profile) or []
        summary[key] = {"claims": claim_verdicts(REGISTRY[key], rows) if rows else "not run", "rows": rows}
    save_json(out / "summary.json", {"profile": args.profile, "device": device, "git": git_commit(), "torch": torch.__version__,
                                     "gpu": torch.cuda.get_device_name() if device == "cuda" else None, "workers": args.workers,
                                     "wall_seconds": wall, "runs": timings, "tables": summary})
    with tarfile.open(out / "gpu-tables.tgz", "w:gz") as tar:
        for path in sorted(out.rglob("*")):
            if path.is_file() and "checkpoints" not in path.parts and path.suffix in (".json", ".jsonl", ".md", ".csv", ".png", ".npz"):
                tar.add(path, arcname=str(path.relative_to(out)))
    failed = {k: v["error"] for k, v in timings.items() if "error" in v}
    print(json.dumps({"wall_seconds": round(wall), "runs": len(timings), "failed": failed,
                      "claims": {k: v["claims"] for k, v in summary.items()}}, indent=1))


if __name__ == "__main__":
    main()
