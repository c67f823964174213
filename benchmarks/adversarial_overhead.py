"""Time per training step of adversarial over clean training, measured side by side in one run; writes
benchmarks/results/adversarial_overhead[-<device>].json.

Three modes of the same model, optimiser and batches go through posebook.train.fit in interleaved rounds (clean,
exact, free, clean, exact, free, ...) so that machine noise hits all three alike; the median time per step over the
rounds is reported (benchmarks/step_timing.py, the median step of each round). Batches are drawn once and cached, so
the ratio is that of the training computation (data loading would dilute it equally in every mode).

- clean: plain training steps.
- exact: on-the-fly FGM (one extra forward / backward in eval mode) plus SOR before every step (Algorithm 1).
- free: free adversarial training (the training backward's input gradient grows the next perturbation) plus SOR.

Targets (robust-transfer issue): exact / clean at most 2.0 (the paper's training took 40 h / 15 h = 2.67x), free /
clean at most 1.25. The robustness of each (PMD x1e-4 under FGM, budget 0.08) is read from the train_adv.ipynb runs
of `python -m posebook.reproduce --only robust-transfer/robustness` when they exist.

    python benchmarks/adversarial_overhead.py [--model posemae] [--profile quick] [--steps 20] [--rounds 5]
"""
import argparse
import platform
from pathlib import Path

import numpy as np
import torch

from posebook.attacks import adversarial_transform
from posebook.core import git_commit, load_json, save_json, seed_everything
from posebook.datasets import AnnyNPT
from posebook.experiment import run_dir
from posebook.papers.robust_transfer import WITHOUT_AT, attack_condition
from posebook.transfer import TransferSampler, transfer_profile
from step_timing import CachedSampler, step_seconds


def robustness(profile):
    "PMD (x1e-4) under FGM 0.08 of the clean, exact and free models from the train_adv runs, when present."
    out = {}
    for mode, params in (("exact", {"model": "posemae"}), ("free", {"model": "posemae", "free_at": True})):
        path = run_dir("train_adv.ipynb", profile, params) / "results.json"
        if not path.is_file(): out[mode] = None; continue
        for r in load_json(path)["rows"]:
            if r["table"] == "table2" and r["condition"] == attack_condition("fgm", 0.08):
                key = "clean model" if r["setting"] == WITHOUT_AT else mode
                out[key] = r["value"] * 1e4
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="posemae")
    ap.add_argument("--profile", default="quick", help="sizes: resolution, width and batch of this profile")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    seed_everything(0)
    prof = transfer_profile(args.profile)                                      # pose transfer's own sizes per profile
    sampler = CachedSampler(TransferSampler(AnnyNPT(prof.resolution, seed=0, bank=True), prof.batch_size, prof.train_size), args.steps)
    modes = {"clean": lambda: [], "exact": lambda: [adversarial_transform("fgm", 0.08)],
             "free": lambda: [adversarial_transform("fgm", 0.08, free=True)]}
    step_seconds(args.model, prof.width, sampler, [], args.device)            # warm-up
    times = {m: [] for m in modes}
    for r in range(args.rounds):
        for m, make in modes.items():
            times[m].append(step_seconds(args.model, prof.width, sampler, make(), args.device))
        print(f"round {r}: " + ", ".join(f"{m} {times[m][-1] * 1e3:.0f} ms" for m in modes), flush=True)
    med = {m: float(np.median(v)) for m, v in times.items()}
    summary = {"exact_over_clean": med["exact"] / med["clean"], "free_over_clean": med["free"] / med["clean"],
               "targets": {"exact_over_clean": "<= 2.0", "free_over_clean": "<= 1.25", "paper": 40 / 15},
               "pmd_under_fgm_x1e-4": robustness(prof.name)}
    print(summary)
    suffix = "" if args.device == "cpu" else f"-{args.device.split(':')[0]}"
    out = Path(args.out or Path(__file__).parent / "results" / f"adversarial_overhead{suffix}.json")
    save_json(out, {"benchmark": "adversarial_overhead", "git": git_commit(), "machine": platform.platform(),
                    "torch": torch.__version__, "device": args.device, "threads": args.threads, "model": args.model,
                    "profile": prof.name, "resolution": prof.resolution, "width": prof.width, "batch": prof.batch_size,
                    "steps_per_round": args.steps, "rounds": args.rounds, "seconds_per_step": times,
                    "median_seconds_per_step": med, "summary": summary})
    print(out)


if __name__ == "__main__":
    main()
