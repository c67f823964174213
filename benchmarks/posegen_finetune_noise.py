"""How much PoseGen's quick-profile numbers move with nothing but the fine-tuning's own randomness: the pretrained
estimator fine-tuned (Eq. 13, the quick sizes) on the same 300 A3 renders with `--repeats` fine-tuning seeds (batch order,
dropout), and on no generated data at all (source batches only, the same number of steps), each evaluated on every test
condition (MPJPE, 14 joints). The spread is the noise floor every Table 5-7 difference has to clear.

    python benchmarks/posegen_finetune_noise.py benchmarks/results/posegen_finetune_noise.json [--repeats 5]

It reads the quick profile's shared artefacts (`runs/train_posegen/shared/quick-seed0`: the estimator, the A3 generator's
renders), so run the A3 quick run first (`python -m posebook.reproduce --only posegen/table5`)."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import torch

from posebook.core import load_npz, runs_dir, save_json
from posebook.datasets.images import image_domain
from posebook.papers.posegen import TEST_CONDITIONS
from posebook.posegen import (FIXED_R, anny_rest_points, camera_rotmats, evaluate_estimator, finetune_estimator, fit_rest_skeleton,
                              image_targets, posegen_sizes, pretrain_estimator, skeleton16)
from posebook.datasets.images import capture_subject
from seed_noise import run_with_repeats, spread


def main(out: Path, repeats: int) -> dict:
    torch.set_num_threads(2); torch.set_flush_denormal(True)
    t0 = time.perf_counter()
    shared = runs_dir() / "train_posegen" / "shared" / "quick-seed0"
    size = posegen_sizes("quick")
    targets = lambda s: image_targets(s.poses, s.phenotypes, s.R, s.t, s.intrinsics, s.images.shape[1])
    source = image_domain("source", "quick", 0)
    source_targets = targets(source)
    tests = {n: image_domain(n, "quick", 0) for n in TEST_CONDITIONS}
    test_joints = {n: targets(s)["joints16"] for n, s in tests.items()}
    estimator = pretrain_estimator(source.images, source_targets, size, fit_rest_skeleton(seed=0), out_dir=shared / "estimator").model
    renders = load_npz(shared / "renders-generator-normal-s2-c1-nerf.npz", ("images", "poses"))
    n = size["generated"]
    poses = torch.from_numpy(renders["poses"][:n])
    rest = anny_rest_points(capture_subject("quick", 0, 0).phenotype[None])[0]
    generated = {"images": torch.from_numpy(renders["images"][:n]), "joints16": skeleton16(camera_rotmats(poses, FIXED_R.expand(n, -1, -1)), rest)}
    src = {"images": torch.from_numpy(source.images), "joints16": source_targets["joints16"]}
    score = lambda m: {c: round(float(evaluate_estimator(m, s.images, test_joints[c])["mpjpe14"].mean()) * 1000, 1) for c, s in tests.items()}
    result = {"command": " ".join(sys.argv), "pretrained": score(estimator), "a3_300": [], "source_only": []}
    for k in range(repeats):
        result["a3_300"].append(score(finetune_estimator(estimator, generated, src, size, seed=100 + k).model))
        # no generated data: every "generated" batch is a source batch (the same steps, the same alternation)
        result["source_only"].append(score(finetune_estimator(estimator, {k2: v[:n] for k2, v in src.items()}, src, size, seed=100 + k).model))
        print(k, result["a3_300"][-1]["handheld"], result["source_only"][-1]["handheld"], flush=True)
    for key in ("a3_300", "source_only"):
        result[f"{key}_spread"] = {c: spread(r[c] for r in result[key]) for c in TEST_CONDITIONS}
    result["seconds"] = round(time.perf_counter() - t0)
    save_json(out, result)                                                  # atomic, as every results file
    print(json.dumps({k: v for k, v in result.items() if k.endswith("spread") or k == "pretrained"}, indent=1))
    return result


if __name__ == "__main__": run_with_repeats(main, __doc__)
