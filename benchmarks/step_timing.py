"""The benchmarks' one way to time a training step (transfer_step.py, adversarial_overhead.py): the same cached batches
through posebook.train.fit, the loop every run trains with, timed step by step with a callback."""
import contextlib
import time

import numpy as np
import torch

from posebook.core import get_profile
from posebook.train import fit
from posebook.transfer import build_model, reference_implementation, transfer_loss_fn


class CachedSampler:
    "The first `steps` batches of a sampler, drawn once, served for every epoch."
    def __init__(self, sampler, steps):
        self.batches = [sampler.batch(0, i) for i in range(steps)]
        self.steps_per_epoch = steps
    def batch(self, epoch, index): return self.batches[index]


def step_seconds(model_name, width, sampler, transforms=(), device="cpu", reference=False) -> float:
    """Median seconds of one fit step over an epoch of `sampler` (at least 3 batches; the first step, a warm-up, is
    left out), with a fresh model and optimiser; `reference` times the implementation before the speed-ups."""
    if sampler.steps_per_epoch < 3: raise SystemExit(f"--steps: at least 3 (the first is a warm-up), found {sampler.steps_per_epoch}")
    torch.manual_seed(0)
    with reference_implementation() if reference else contextlib.nullcontext():
        net, recipe = build_model(model_name, width)
        opt = torch.optim.Adam(net.parameters(), lr=recipe.optim["lr"])
        ends = []
        fit(net, transfer_loss_fn(recipe.loss_weights), sampler, opt, get_profile("smoke", epochs=1), out_dir=None,
            transforms=transforms, device=device, callbacks=[lambda info, last: ends.append(time.perf_counter())], desc="bench")
    return float(np.median(np.diff(ends)))
