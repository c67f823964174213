"""Seconds per training step of each pose-transfer model at the quick profile's sizes, for each thread count and for
the implementation before and after the speed-ups, measured side by side in one run; writes
benchmarks/results/transfer_step.json.

The same cached batches (tiny mesh, 508 vertices) go through posebook.train.fit (forward, the model's loss, backward,
Adam step; benchmarks/step_timing.py), timed per step. Settings are interleaved in rounds (every model x threads x
implementation once per round), so machine noise hits all alike, and the median over rounds is reported. This is the
measurement behind the quick profile's thread count (posebook.transfer.TRANSFER_SCHEDULES) and behind the speed-up
ratios in the transfer notebook. The machine's load average is recorded: on a machine whose cores are busy, 2 threads thrash and 1 is faster (set POSEBOOK_THREADS).

    python benchmarks/transfer_step.py [--models npt,npt-mp,gct,corenet,posemae] [--width 0.25] [--batch 8]
                                       [--threads 1,2] [--steps 5] [--rounds 3]
"""
import argparse
import os
import platform
from pathlib import Path

import numpy as np
import torch

from posebook.core import git_commit, save_json
from posebook.datasets import AnnyNPT
from posebook.transfer import TransferSampler
from step_timing import CachedSampler, step_seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="npt,npt-mp,gct,corenet,posemae")
    ap.add_argument("--width", type=float, default=0.25)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    data = AnnyNPT("tiny", bank=True)
    sampler = CachedSampler(TransferSampler(data, args.batch, args.batch * args.steps), args.steps)
    models, threads = args.models.split(","), [int(t) for t in args.threads.split(",")]
    settings = [(m, t, r) for m in models for t in threads for r in (False, True)]
    samples = {s: [] for s in settings}
    for k in range(args.rounds):
        for s in settings:
            torch.set_num_threads(s[1])
            samples[s].append(step_seconds(s[0], args.width, sampler, reference=s[2]))
        print(f"round {k + 1}/{args.rounds}", flush=True)
    points = [{"model": m, "threads": t, "implementation": "reference" if r else "fast", "seconds": float(np.median(samples[m, t, r])),
               "rounds": samples[m, t, r]} for m, t, r in settings]
    get = lambda m, t, impl: next(p["seconds"] for p in points if (p["model"], p["threads"], p["implementation"]) == (m, t, impl))
    summary = {"speedup_fast_over_reference": {f"{m}, {t} threads": get(m, t, "reference") / get(m, t, "fast") for m in models for t in threads},
               "best_threads": {m: min(threads, key=lambda t: get(m, t, "fast")) for m in models},
               "steps_per_10_minutes": {m: int(600 / min(get(m, t, "fast") for t in threads)) for m in models}}
    for p in points: print(f"{p['model']:8s} {p['threads']} threads {p['implementation']:9s} {p['seconds'] * 1e3:7.1f} ms/step")
    print(summary)
    out = Path(args.out or Path(__file__).parent / "results" / "transfer_step.json")
    save_json(out, {"benchmark": "transfer_step", "git": git_commit(), "machine": platform.platform(), "processor": platform.processor(),
                    "load_average_1_5_15_min": os.getloadavg(),
                    "cpu_count": torch.get_num_threads(), "torch": torch.__version__, "width": args.width, "batch": args.batch,
                    "vertices": data.num_vertices, "points": points, "summary": summary})
    print(out)


if __name__ == "__main__":
    main()
