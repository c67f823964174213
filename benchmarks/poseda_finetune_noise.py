"""How much PoseDA's quick-profile numbers move with nothing but the adaptation's own randomness: the quick VideoPose3D
lifter pre-trained once (seed 0, the one every quick run starts from) and adapted by GPA, PoseDA, LPA and the
fine-tuning control with `--repeats` adaptation seeds (pairing, batch order, augmentation noise, the augmentation
networks' initialisation), each scored on the target test set (MPJPE, mm). The spread, and the spread of the paired
PoseDA - GPA difference, is the noise floor Table 4's and Table 6's differences have to clear.

    python benchmarks/poseda_finetune_noise.py benchmarks/results/poseda_finetune_noise.json [--repeats 5]

It reads (or trains) the quick pre-trained lifter in `runs/lifters`, as `train_poseda.ipynb` does."""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import torch

from posebook.adapt import adapt_lifter, lifting_schedule, load_domain, pretrain_lifter, split_target, summarise
from posebook.core import runs_dir, save_json
from posebook.lifting import evaluate_lifting
from seed_noise import run_with_repeats, spread

METHODS = ("gpa", "poseda", "lpa", "finetune")


def main(out: Path, repeats: int) -> dict:
    torch.set_num_threads(2)
    t0 = time.perf_counter()
    sch = lifting_schedule("quick")
    source = load_domain("source", sch.n_poses, 0)
    target_adapt, target_test = split_target(load_domain("target", sch.n_poses, 0))
    lifter = pretrain_lifter("videopose", source, "quick", runs_dir() / "lifters" / "quick-videopose-source-screen-seed0", seed=0)
    mpjpe = lambda model: round(summarise(evaluate_lifting(model, target_test))["mpjpe"] * 1000, 1)
    result = {"command": " ".join(sys.argv), "pretrained": mpjpe(lifter), "seeds": list(range(repeats)), **{m: [] for m in METHODS}}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(repeats):
            for m in METHODS:
                model = adapt_lifter(lifter, m, source, target_adapt, "quick", Path(tmp) / f"{m}-{seed}", seed=seed)[0]
                result[m].append(mpjpe(model))
            print(seed, {m: result[m][-1] for m in METHODS}, flush=True)
    result["spread"] = {m: spread(result[m]) for m in METHODS}
    result["poseda_minus_gpa"] = spread([round(p - g, 1) for p, g in zip(result["poseda"], result["gpa"])])
    result["lpa_minus_finetune"] = spread([round(l - f, 1) for l, f in zip(result["lpa"], result["finetune"])])
    result["seconds"] = round(time.perf_counter() - t0)
    save_json(out, result)                                                  # atomic, as every results file
    print(json.dumps({k: result[k] for k in ("pretrained", "spread", "poseda_minus_gpa", "lpa_minus_finetune", "seconds")}, indent=1))
    return result


if __name__ == "__main__": run_with_repeats(main, __doc__)
