"""Cost of the evaluation metrics at the mesh sizes the papers use; writes benchmarks/results/metrics_cost.json.

Times are medians of repeated calls on this machine's CPU (or the given device). Two ratios are measured
side by side in the same run: posebook's exact, chunked Chamfer against torch.cdist's matrix-product
shortcut (with the largest disagreement between them, which is why we pay for the exact one), and EMD
with the default 2048-point cap against 1024 points.

    python benchmarks/metrics_cost.py [--sizes 2000 6890 13718 27554] [--batch 8] [--repeats 3]
"""
import argparse
import platform
import statistics
import time
from pathlib import Path

import torch

from posebook.core import default_device, git_commit, save_json, seed_everything
from posebook.metrics import chamfer, emd, pmd


def median_seconds(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cdist_chamfer(a, b):
    d = torch.cdist(a, b).pow(2)  # default compute mode: |a|^2 + |b|^2 - 2ab for large sets
    return d.amin(2).mean(1) + d.amin(1).mean(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 6890, 13718, 27554])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "metrics_cost.json"))
    args = ap.parse_args()
    dev = default_device(args.device)
    seed_everything(0)
    rows = []
    for n in args.sizes:
        gt = torch.rand(args.batch, n, 3, device=dev) - 0.5
        pred = gt + 0.01 * torch.randn_like(gt)                      # a good prediction: small distances matter
        row = {"vertices": n, "batch": args.batch}
        row["pmd_s"] = median_seconds(lambda: pmd(pred, gt), args.repeats)
        row["chamfer_exact_s"] = median_seconds(lambda: chamfer(pred, gt), args.repeats)
        if n <= 13718:  # the full distance matrix of the shortcut needs B * n^2 floats
            row["chamfer_cdist_s"] = median_seconds(lambda: cdist_chamfer(pred, gt), args.repeats)
            exact, fast = chamfer(pred, gt), cdist_chamfer(pred, gt)
            row["chamfer_cdist_max_rel_error"] = float(((fast - exact).abs() / exact).max())
            row["chamfer_exact_over_cdist"] = row["chamfer_exact_s"] / row["chamfer_cdist_s"]
        one_p, one_g = pred[:1], gt[:1]
        row["emd_2048_per_sample_s"] = median_seconds(lambda: emd(one_p, one_g), 1)
        row["emd_1024_per_sample_s"] = median_seconds(lambda: emd(one_p, one_g, max_points=1024), 1)
        row["emd_2048_over_1024"] = row["emd_2048_per_sample_s"] / row["emd_1024_per_sample_s"]
        print({k: (float(f"{v:.4g}") if isinstance(v, float) else v) for k, v in row.items()}, flush=True)
        rows.append(row)
    save_json(args.out, {"benchmark": "metrics_cost", "device": str(dev), "torch": torch.__version__,
                         "threads": torch.get_num_threads(), "machine": platform.platform(), "git": git_commit(), "rows": rows})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
