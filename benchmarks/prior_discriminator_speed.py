"""The GAN priors' discriminator with HMR's 1x1 convolutions (as it was) against the same maps as Linear layers (as it is),
side by side in one process: equal outputs, and the time of one quick-profile GAN step (10 discriminator updates on
256 real + 256 generated poses, then one generator update).

    python benchmarks/prior_discriminator_speed.py benchmarks/results/prior_discriminator_speed.json
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch import nn

from posebook.core import save_json
from posebook.gan import lsgan_critic_loss, lsgan_generator_loss
from posebook.priors import LATENT_DIM, PoseDiscriminator, PoseGenerator


class ConvDiscriminator(PoseDiscriminator):
    "The previous layout: the shared per-joint layers as 1x1 convolutions over (B, 9, K, 1)."
    def __init__(self, linear: PoseDiscriminator):
        super().__init__()
        self.load_state_dict(linear.state_dict())
        self.shared = nn.Sequential(nn.Conv2d(9, 32, 1), nn.LeakyReLU(0.2), nn.Conv2d(32, 32, 1), nn.LeakyReLU(0.2))
        with torch.no_grad():
            for conv, lin in ((self.shared[0], linear.shared[0]), (self.shared[2], linear.shared[2])):
                conv.weight.copy_(lin.weight[..., None, None]); conv.bias.copy_(lin.bias)
    def forward(self, R):
        features = self.shared(R.reshape(len(R), self.joints, 9).transpose(1, 2)[..., None])[..., 0].transpose(1, 2)
        per_joint = (features * self.joint_weight).sum(-1) + self.joint_bias
        return torch.cat([per_joint, self.whole(features.flatten(1))], 1)


def gan_step(gen, disc, d_opt, g_opt, real, z, d_steps=10):
    with torch.no_grad(): fake = gen(z)
    both = torch.cat([real, fake])
    for _ in range(d_steps):
        r, f = disc(both).split([len(real), len(fake)])
        loss = lsgan_critic_loss(r, f); d_opt.zero_grad(); loss.backward(); d_opt.step()
    g_loss = lsgan_generator_loss(disc(gen(z))); g_opt.zero_grad(); g_loss.backward(); g_opt.step()


def seconds_per_step(disc, steps: int, batch: int = 256) -> float:
    torch.manual_seed(0)
    gen = PoseGenerator()
    d_opt, g_opt = torch.optim.Adam(disc.parameters(), 2e-4), torch.optim.Adam(gen.parameters(), 2e-4)
    real, z = PoseGenerator()(torch.randn(batch, LATENT_DIM)).detach(), torch.randn(batch, LATENT_DIM)
    for _ in range(3): gan_step(gen, disc, d_opt, g_opt, real, z)
    t = time.perf_counter()
    for _ in range(steps): gan_step(gen, disc, d_opt, g_opt, real, z)
    return (time.perf_counter() - t) / steps


def main(out: Path, steps: int, threads: int) -> dict:
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    linear = PoseDiscriminator(); conv = ConvDiscriminator(linear)
    R = PoseGenerator()(torch.randn(64, LATENT_DIM)).detach()
    with torch.no_grad(): difference = float((linear(R) - conv(R)).abs().max())
    times = {"conv": [], "linear": []}
    for _ in range(3):                                                      # interleaved, so both see the same machine
        times["conv"].append(seconds_per_step(ConvDiscriminator(PoseDiscriminator()), steps))
        times["linear"].append(seconds_per_step(PoseDiscriminator(), steps))
    best = {k: min(v) for k, v in times.items()}
    result = {"command": " ".join(sys.argv), "threads": threads, "steps_timed": steps, "max_output_difference": difference,
              "seconds_per_gan_step": best, "all_repeats": times, "linear_over_conv": round(best["linear"] / best["conv"], 3),
              "quick_gan_seconds_saved": round((best["conv"] - best["linear"]) * 4400)}   # 100 epochs x 44 steps
    save_json(out, result)
    print(result)
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    main(a.out, a.steps, a.threads)
