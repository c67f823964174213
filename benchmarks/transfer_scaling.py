"""Forward time and peak memory of the pose-transfer models against the identity's vertex count; writes
benchmarks/results/transfer_scaling[-<device>].json.

Each (model, N) point runs in a fresh process (posebook.transfer.inference_cost): batch 1, no gradient, the papers'
channel widths, pose and identity point sets of N points. On CPU the peak is the growth of the process's peak resident
set during the forward passes; on CUDA it is torch.cuda.max_memory_allocated. A point that runs out of memory or
exceeds --timeout is recorded as such. All points are measured in one run so that ratios compare like with like.

Every point is measured twice, side by side: with the current implementation and with the one before the speed-ups
(`posebook.transfer.reference_implementation`: tiled pooled codes, the whole N x N spatial-attention matrix, six
SPAdaIN convolutions per block), so the ratios show what each change bought.

Targets (pose-transfer issues): 3D-PoseMAE peak memory at 27,554 vertices at most 1/10 of GC-Transformer's (after
GC-Transformer's attention is computed in blocks of query rows; the unchunked figure is reported beside it), growing
linearly in N; 3D-PoseMAE / NPT-MP time ratio at 6,890 vertices at most 1.2; PoseMAE and NPT-MP faster than before.
The 3D-PoseMAE / NPT-MP peak-memory ratio at the largest N is the floor of the first target: NPT-MP has no attention,
so its peak is the decoder's N-column activations, which every model here shares; once GC-Transformer's attention is
chunked its peak sits near that floor too, and no ratio of 1/10 is possible.

    python benchmarks/transfer_scaling.py --summarize benchmarks/results/transfer_scaling.json   # ratios only, no measuring

    python benchmarks/transfer_scaling.py [--device cpu] [--threads 2] [--sizes 2000,6890,13718,27554] [--timeout 900]
"""
import argparse
import json
import platform
from pathlib import Path

import numpy as np
import torch

from posebook.core import git_commit, save_json
from posebook.transfer import inference_cost

MODELS = ["npt-mp", "npt", "gct", "corenet", "posemae"]


def linear_fit_r2(ns, ys):
    "R^2 of a straight-line fit of ys against ns (1.0: exactly linear)."
    ns, ys = np.asarray(ns, float), np.asarray(ys, float)
    pred = np.polyval(np.polyfit(ns, ys, 1), ns)
    return float(1 - ((ys - pred) ** 2).sum() / max(((ys - ys.mean()) ** 2).sum(), 1e-30))


def summarize(points):
    "The ratios the targets name, from the measured points (also run alone by --summarize on a saved file)."
    sizes, models = sorted({p["vertices"] for p in points}), list(dict.fromkeys(p["model"] for p in points))
    get = lambda m, n, k, impl="fast": next((p[k] for p in points if p["model"] == m and p["vertices"] == n and p["implementation"] == impl), None)
    ratio = lambda a, b: a / b if a and b else None
    big, mid = max(sizes), min(sizes, key=lambda s: abs(s - 6890))
    mae_mem, gct_mem = get("posemae", big, "peak_bytes"), get("gct", big, "peak_bytes")
    mae_t, npt_t = get("posemae", mid, "seconds"), get("npt-mp", mid, "seconds")
    mae_curve = [(p["vertices"], p["peak_bytes"]) for p in points
                 if p["model"] == "posemae" and p["implementation"] == "fast" and p["peak_bytes"] is not None]
    return {
        f"posemae_over_gct_peak_memory_at_{big}": ratio(mae_mem, gct_mem),
        f"posemae_over_npt_mp_peak_memory_at_{big}": ratio(mae_mem, get("npt-mp", big, "peak_bytes")),   # the shared decoder's floor
        f"posemae_over_unchunked_gct_peak_memory_at_{big}": ratio(mae_mem, get("gct", big, "peak_bytes", "reference")),
        f"gct_chunked_over_unchunked_peak_memory_at_{big}": ratio(gct_mem, get("gct", big, "peak_bytes", "reference")),
        f"gct_status_at_{big}": {impl: get("gct", big, "status", impl) for impl in ("fast", "reference")},
        "posemae_peak_memory_linear_fit_r2": linear_fit_r2(*zip(*mae_curve)) if len(mae_curve) >= 3 else None,
        f"posemae_over_npt_mp_time_at_{mid}": ratio(mae_t, npt_t),
        f"speedup_over_reference_at_{mid}": {m: ratio(get(m, mid, "seconds", "reference"), get(m, mid, "seconds")) for m in models},
        f"peak_memory_fast_over_reference_at_{mid}": {m: ratio(get(m, mid, "peak_bytes"), get(m, mid, "peak_bytes", "reference")) for m in models},
        "targets": {"posemae_over_gct_peak_memory": "<= 0.1", "posemae_over_npt_mp_time": "<= 1.2", "posemae_memory": "linear in N"},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sizes", default="2000,6890,13718,27554")
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--out", default=None)
    ap.add_argument("--summarize", default=None, help="recompute the summary of a saved results file (no measuring)")
    args = ap.parse_args()
    if args.summarize:
        saved = json.loads(Path(args.summarize).read_text())
        save_json(Path(args.summarize), {**saved, "summary": summarize(saved["points"])})
        return print(saved["summary"] | summarize(saved["points"]))
    sizes = [int(s) for s in args.sizes.split(",")]
    points = []
    for name in args.models.split(","):
        for n in sizes:
            for impl in ("fast", "reference"):
                cost = inference_cost(name, n, 1.0, repeats=args.repeats, device=args.device, threads=args.threads,
                                      timeout=args.timeout, reference=impl == "reference")
                points.append({"model": name, "vertices": n, "implementation": impl, **cost})
                mib = f"{cost['peak_bytes'] / 2**20:.0f} MiB" if cost["peak_bytes"] is not None else "-"
                sec = f"{cost['seconds'] * 1e3:.0f} ms" if cost["seconds"] is not None else "-"
                print(f"{name:8s} N={n:6d} {impl:9s} {cost['status']:>12s} {sec:>10s} {mib:>10s}", flush=True)
    summary = summarize(points)
    print(summary)
    suffix = "" if args.device == "cpu" else f"-{args.device.split(':')[0]}"
    out = Path(args.out or Path(__file__).parent / "results" / f"transfer_scaling{suffix}.json")
    save_json(out, {"benchmark": "transfer_scaling", "git": git_commit(), "machine": platform.platform(),
                    "processor": platform.processor(), "torch": torch.__version__, "device": args.device,
                    "threads": args.threads, "width": 1.0, "batch": 1, "points": points, "summary": summary})
    print(out)


if __name__ == "__main__":
    main()
