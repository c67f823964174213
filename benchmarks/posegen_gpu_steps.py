"""PoseGen's training steps at the paper's sizes, timed where they are meant to run: ms per optimiser step of the
estimator (SPIN's ResNet-50 HMR at 224 px: a pretraining step with SPIN's losses and an Eq. 13 fine-tuning step) and of
the generator (batch 1,024, the full-width seven-path discriminator, one D and one G update), over `--steps` steps
after a warm-up, with the hours `posebook.posegen.POSEGEN_SIZES[size]`'s schedule would take at those rates. The
paper-size NeRF's steps are `benchmarks/anerf_gpu_steps.py`'s; run both in one prepared command:

    python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && PYTHONPATH=/tmp/site:$PWD \\
        sh -c 'python3 benchmarks/posegen_gpu_steps.py $OUT/posegen_gpu_steps.json && python3 benchmarks/anerf_gpu_steps.py $OUT/anerf_gpu_steps.json'

It needs torch, numpy, roma and fastcore only (the `make gpu-wheels` wheels; no Anny: the rest skeleton's fit is
replaced by random coefficients, which changes no cost). A CPU check in seconds: `--size smoke --steps 2 --device cpu`
(`make gpu-check` blocks the packages the GPU machine lacks the same way)."""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from posebook.posegen import (POSEGEN_SIZES, DiscriminatorStep, Estimator, FakePool, FinetuneLoss, GeneratorLoss, PartDiscriminator,  # noqa: E402
                              PoseGenerator, RestSkeleton, pretrain_loss)
from posebook.train import StepInfo  # noqa: E402

PIXELS = {"smoke": 16, "quick": 48, "gpu": 224, "paper": 224}


def timed(step, steps: int, warmup: int, device) -> float:
    "Median seconds of `step()` over `steps` calls after `warmup` ones (CUDA synchronised)."
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else (lambda: None)
    for _ in range(warmup): step()
    times = []
    for _ in range(steps):
        sync(); t = time.perf_counter(); step(); sync(); times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2]


def estimator_steps(size: dict, pixels: int, device) -> dict:
    "A pretraining step (SPIN's losses) and an Eq. 13 step of the estimator on random images."
    g = torch.Generator().manual_seed(0)
    rest = RestSkeleton(0.1 * torch.randn(28, 66, generator=g))
    model = Estimator(size["backbone"], size["width"], hidden=size["hidden"], rest=rest).to(device).train()
    opt = torch.optim.Adam(model.parameters(), lr=size["pretrain_lr"])
    b = size["pretrain_batch"]
    batch = {"images": torch.randint(0, 255, (b, pixels, pixels, 3), dtype=torch.uint8, generator=g).to(device),
             "joints16": torch.randn(b, 16, 3, generator=g).to(device) * 0.3, "keypoints": torch.rand(b, 16, 2, generator=g).to(device),
             "phenotype": torch.rand(b, 6, generator=g).to(device), "rotmats": torch.eye(3).expand(b, 21, 3, 3).contiguous().to(device),
             "generated": torch.tensor(1.0, device=device)}
    eq13 = FinetuneLoss(10.0)                                     # every sample kept: the full cost
    def step(loss_fn):
        def run():
            loss = loss_fn(model, batch)["loss"]
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        return run
    return {"pretrain": step(pretrain_loss), "finetune": step(eq13), "batch": b}


def generator_step(size: dict, device) -> callable:
    "One D update (through the pool) and one G update at `size`'s batch and widths."
    G, D = PoseGenerator(width=size["gan_width"]).to(device), PartDiscriminator(widths=size["d_widths"]).to(device)
    d_step, opt = DiscriminatorStep(D, FakePool(4096)), torch.optim.Adam(G.parameters(), lr=1e-4)
    loss_fn = GeneratorLoss(d_step)
    b = size["gan_batch"]
    real, z = torch.randn(b, 21, 3, device=device) * 0.3, torch.randn(b, 32, device=device)
    info = StepInfo(0, 0, 0, 1, 1)
    def run():
        batch = d_step(G, {"real": real, "z": z}, info)
        loss = loss_fn(G, batch)["loss"]
        opt.zero_grad(set_to_none=True); loss.backward(); torch.nn.utils.clip_grad_norm_(G.parameters(), 1.0); opt.step()
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="paper", choices=sorted(POSEGEN_SIZES))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = parser.parse_args()
    size, pixels = POSEGEN_SIZES[a.size], PIXELS[a.size]
    est = estimator_steps(size, pixels, a.device)
    seconds = {"estimator_pretrain": timed(est["pretrain"], a.steps, a.warmup, a.device),
               "estimator_finetune": timed(est["finetune"], a.steps, a.warmup, a.device),
               "generator": timed(generator_step(size, a.device), a.steps, a.warmup, a.device)}
    source_images = {"smoke": 16, "quick": 4000, "gpu": 20_000, "paper": 50_000}[a.size]
    steps = {"estimator_pretrain": size["pretrain_epochs"] * source_images // est["batch"],
             "estimator_finetune": size["finetune_epochs"] * 2 * size["generated"] // est["batch"],
             "generator": size["gan_epochs"] * (size["gan_real"] or 11346) // size["gan_batch"]}
    result = {"command": " ".join(sys.argv), "device": torch.cuda.get_device_name() if a.device.startswith("cuda") else platform.processor() or "cpu",
              "torch": torch.__version__, "size": a.size, "pixels": pixels, "steps_timed": a.steps,
              "ms_per_step": {k: round(v * 1000, 2) for k, v in seconds.items()},
              "schedule_hours": {k: round(seconds[k] * steps[k] / 3600, 3) for k in seconds}, "schedule_steps": steps}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
