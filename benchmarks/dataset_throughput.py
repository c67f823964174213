"""Throughput of the AnnyNPT data path; writes benchmarks/results/dataset_throughput.json.

Measures, side by side in one run on this machine's CPU with the given number of torch threads: meshes per second
posed on the fly by AnnyBody (cold: a fresh mesh for every request, one per skinning call so that a mesh never
depends on its batch), served from AnnyNPT's in-memory cache (warm: the second epoch) and from the on-disk mesh bank
(what train_transfer and train_adv use), and whole training batches (identity, pose, ground truth with the
protocol's vertex permutations) per second for each. The target of the data issue is at least 500 meshes/s on 2 cores.

    python benchmarks/dataset_throughput.py [--resolution tiny] [--threads 2] [--batch 64] [--seconds 5]
"""
import argparse
import platform
import time
from pathlib import Path

import torch

from posebook.core import git_commit, save_json
from posebook.datasets import AnnyNPT


def rate(fn, items_per_call, seconds):
    "Items per second over at least `seconds` of repeated calls (one warm-up call first)."
    fn()
    calls, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn(); calls += 1
    return calls * items_per_call / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resolution", default="tiny", choices=["tiny", "low", "mid", "full"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "dataset_throughput.json"))
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cold = AnnyNPT(args.resolution, cache_mb=0)
    warm = AnnyNPT(args.resolution, body=cold.body)
    banked = AnnyNPT(args.resolution, body=cold.body, bank=True)                 # builds the bank on first use
    rows = warm.train_pairs(0, 4000)
    g = torch.Generator().manual_seed(0)
    step = iter(range(10**9))

    def cold_meshes():
        k = next(step) % (len(rows) // args.batch)
        part = rows[k * args.batch:(k + 1) * args.batch]
        cold.meshes(part[:, 0], part[:, 1])

    batches = [rows[k:k + args.batch] for k in range(0, len(rows), args.batch)]
    for part in batches:  # fill the cache: one epoch
        warm.batch(part, g)
    results = dict(
        meshes_per_second_cold=rate(cold_meshes, args.batch, args.seconds),
        meshes_per_second_cached=rate(lambda: warm.meshes(rows[:args.batch, 0], rows[:args.batch, 1]), args.batch,
                                      args.seconds),
        train_samples_per_second_cold=rate(lambda: cold.batch(rows[:args.batch], g), args.batch, args.seconds),
        train_samples_per_second_cached=rate(lambda: warm.batch(rows[:args.batch], g), args.batch, args.seconds),
        meshes_per_second_bank=rate(lambda: banked.meshes(rows[:args.batch, 0], rows[:args.batch, 1]), args.batch, args.seconds),
        train_samples_per_second_bank=rate(lambda: banked.batch(rows[:args.batch], g), args.batch, args.seconds),
    )
    out = dict(benchmark="dataset_throughput", resolution=args.resolution, vertices=cold.body.num_vertices,
               threads=args.threads, batch=args.batch, seconds_per_measure=args.seconds,
               machine=platform.processor() or platform.machine(), commit=git_commit(),
               note="a training sample is three meshes (identity, pose, ground truth) plus two vertex permutations",
               **results, target_meshes_per_second=500)
    save_json(args.out, out)
    for k, v in results.items():
        print(f"{k:34s} {v:10.0f}")


if __name__ == "__main__":
    main()
