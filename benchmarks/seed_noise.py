"""What the seed-noise benchmarks share (`poseda_finetune_noise.py`, `posegen_finetune_noise.py`): the spread of one
number over repeated runs that differ only in a seed, and their command line (`OUT.json [--repeats N]`)."""
from __future__ import annotations

import argparse
import statistics
from pathlib import Path
from typing import Callable, Iterable


def spread(values: Iterable[float]) -> dict:
    "Mean, sample standard deviation, min and max of repeated measurements (mm), to 0.1."
    xs = list(values)
    return {"mean": round(statistics.mean(xs), 1), "std": round(statistics.stdev(xs), 1), "min": min(xs), "max": max(xs)}


def run_with_repeats(main: Callable[[Path, int], dict], doc: str, repeats: int = 5) -> dict:
    "Parse `OUT.json [--repeats N]` and call `main(out, repeats)`."
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("out", type=Path, help="the results file (JSON, written atomically)")
    ap.add_argument("--repeats", type=int, default=repeats, help=f"seeds to repeat over (default {repeats}, at least 2)")
    a = ap.parse_args()
    if a.repeats < 2: ap.error(f"--repeats: expected at least 2 seeds for a spread, found {a.repeats}")
    return main(a.out, a.repeats)
