"""Cost and exactness of the evaluation metrics at the mesh sizes the papers use; writes
benchmarks/results/metrics_cost.json.

Times are medians of repeated calls on this machine's CPU. Measured side by side in one run, each against the
implementation it replaced:
- Chamfer: posebook's KD-tree (scipy cKDTree, float64) against the old all-pairs float32 search in chunks, and
  torch.cdist's matrix-product shortcut; relative errors against a float64 all-pairs reference.
- EMD: the exact matching on all points (the cap is now 6,890) against the old 2,048-point cap (time and bias).
- Nearest-neighbour distance (the priors' recall / precision) on Anny bodies: the exact bounded search against the
  old RMS shortlist of 64 (time, wrong picks, worst excess) and float64 brute force.

    python benchmarks/metrics_cost.py [--sizes 2000 6890 13718 27554] [--batch 8] [--repeats 3] [--nn-queries 300]
"""
import argparse
import platform
import statistics
import time
from pathlib import Path

import torch

from posebook.core import git_commit, save_json, seed_everything
from posebook.metrics import chamfer, emd, nearest_neighbour_distance, pmd


def median_seconds(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times)


def allpairs_nearest_sq(a, b, max_elems=2**24):
    "The old chamfer search: all pairs, in chunks of bounded memory, without the matrix-product shortcut."
    chunk = max(1, max_elems // max(1, a.shape[0] * b.shape[1]))
    return torch.cat([torch.cdist(a[:, i:i + chunk], b, compute_mode="donot_use_mm_for_euclid_dist").amin(-1).pow(2)
                      for i in range(0, a.shape[1], chunk)], dim=1)


def allpairs_chamfer(a, b):
    return allpairs_nearest_sq(a, b).mean(1) + allpairs_nearest_sq(b, a).mean(1)


def cdist_chamfer(a, b):
    d = torch.cdist(a, b).pow(2)  # default compute mode: |a|^2 + |b|^2 - 2ab for large sets
    return d.amin(2).mean(1) + d.amin(1).mean(1)


def rel_error(x, ref):
    return float(((x.double() - ref) / ref).abs().max())


def shortlist_nearest(queries, references, candidates=64, chunk=512):
    "The old nearest-neighbour search: shortlist by RMS distance, exact Eq. 4 on the shortlist."
    k = min(candidates, len(references))
    flat_r = references.reshape(len(references), -1)
    best, index = [], []
    for q in queries.split(chunk):
        shortlist = torch.cdist(q.reshape(len(q), -1), flat_r).topk(k, largest=False).indices
        exact = (q[:, None] - references[shortlist]).norm(dim=-1).mean(-1)
        d, j = exact.min(1)
        best.append(d); index.append(shortlist.gather(1, j[:, None])[:, 0])
    return torch.cat(best), torch.cat(index)


def chamfer_row(n, batch, repeats):
    gt = torch.rand(batch, n, 3) - 0.5
    pred = gt + 0.01 * torch.randn_like(gt)                      # a good prediction: small distances matter
    ref = allpairs_chamfer(pred.double(), gt.double())           # float64 all pairs: the reference
    row = {"vertices": n, "batch": batch, "pmd_s": median_seconds(lambda: pmd(pred, gt), repeats)}
    row["chamfer_kdtree_s"] = median_seconds(lambda: chamfer(pred, gt), repeats)
    row["chamfer_allpairs_s"] = median_seconds(lambda: allpairs_chamfer(pred, gt), 1 if n > 13718 else repeats)
    row["chamfer_allpairs_over_kdtree"] = row["chamfer_allpairs_s"] / row["chamfer_kdtree_s"]
    row["chamfer_kdtree_rel_error"] = rel_error(chamfer(pred.double(), gt.double()), ref)
    row["chamfer_kdtree_float32_rel_error"] = rel_error(chamfer(pred, gt), ref)
    row["chamfer_allpairs_float32_rel_error"] = rel_error(allpairs_chamfer(pred, gt), ref)
    if n <= 13718:  # the full distance matrix of the shortcut needs B * n^2 floats
        row["chamfer_cdist_shortcut_rel_error"] = rel_error(cdist_chamfer(pred, gt), ref)
    if n <= 6890:
        one_p, one_g = pred[:1], gt[:1]
        row["emd_exact_per_sample_s"] = median_seconds(lambda: emd(one_p, one_g, max_points=n), 1)
        row["emd_2048_per_sample_s"] = median_seconds(lambda: emd(one_p, one_g, max_points=2048), 1)
        row["emd_exact_over_2048"] = row["emd_exact_per_sample_s"] / row["emd_2048_per_sample_s"]
        row["emd_2048_bias"] = float(emd(one_p, one_g, max_points=2048) / emd(one_p, one_g, max_points=n) - 1)
    return row


def nearest_rows(n_queries, n_refs, repeats):
    from posebook.body import AnnyBody
    from posebook.priors import prior_bodies, prior_rotations
    r_train, r_test = prior_rotations("quick")
    g = torch.Generator().manual_seed(0)
    body = AnnyBody("tiny")
    refs = prior_bodies(r_train[torch.randperm(len(r_train), generator=g)[:n_refs]], body)
    queries = prior_bodies(r_test[torch.randperm(len(r_test), generator=g)[:n_queries]], body)
    brute = torch.stack([(q[None] - refs.double()).norm(dim=-1).mean(-1) for q in queries.double()]).min(1).values
    exact_d, _ = nearest_neighbour_distance(queries, refs)
    short_d, _ = shortlist_nearest(queries, refs)
    row = {"queries": n_queries, "references": n_refs, "vertices": refs.shape[1],
           "exact_s": median_seconds(lambda: nearest_neighbour_distance(queries, refs), repeats),
           "shortlist64_s": median_seconds(lambda: shortlist_nearest(queries, refs), repeats),
           "exact_rel_error": rel_error(exact_d, brute),
           "shortlist64_wrong_picks": int((short_d.double() > brute * (1 + 1e-6)).sum()),
           "shortlist64_worst_excess": float((short_d.double() / brute - 1).max())}
    row["exact_over_shortlist64"] = row["exact_s"] / row["shortlist64_s"]
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 6890, 13718, 27554])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--nn-queries", type=int, default=300)
    ap.add_argument("--nn-references", type=int, default=3000)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "metrics_cost.json"))
    args = ap.parse_args()
    seed_everything(0)
    rows = []
    for n in args.sizes:
        rows.append(chamfer_row(n, args.batch, args.repeats))
        print({k: (float(f"{v:.4g}") if isinstance(v, float) else v) for k, v in rows[-1].items()}, flush=True)
    nn_row = nearest_rows(args.nn_queries, args.nn_references, args.repeats)
    print(nn_row, flush=True)
    save_json(args.out, {"benchmark": "metrics_cost", "device": "cpu", "torch": torch.__version__,
                         "threads": torch.get_num_threads(), "machine": platform.platform(), "git": git_commit(),
                         "rows": rows, "nearest_neighbour": nn_row})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
