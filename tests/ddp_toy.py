"Run by tests/test_train_ddp.py under torchrun: train a toy regression with posebook.train.fit and save each rank's weights."
import sys
from pathlib import Path

import torch
from torch import nn

from posebook.core import derive_seed, get_profile, make_generator, seed_everything
from posebook.train import distributed_env, fit


class Sampler:
    steps_per_epoch = 8
    def batch(self, epoch, index):
        g = make_generator(derive_seed(0, "ddp-toy", epoch, index))
        x = torch.randn(16, 4, generator=g)
        return {"x": x, "y": x @ torch.arange(8.0).view(4, 2) / 8}


def loss_fn(model, batch):
    return {"loss": (model(batch["x"]) - batch["y"]).pow(2).mean()}


if __name__ == "__main__":
    out = Path(sys.argv[1])
    rank, _, world = distributed_env()
    seed_everything(0)
    model = nn.Linear(4, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    res = fit(model, loss_fn, Sampler(), opt, get_profile("smoke", epochs=3), out_dir=out, checkpoint_every=2)
    torch.save({"rank": rank, "world": world, "steps": res.steps, "weight": model.weight.detach().clone()},
               out / f"rank{rank}.pt")
