"""What PoseGen's stages cost on this machine, measured side by side in one run at the sizes of
`posebook.posegen.POSEGEN_SIZES`: a NeRF render of one generated sample (the quick NeRF architecture, 48 px, bone
culling) and a mesh render of it; an estimator training step (pretraining and Eq. 13 fine-tuning share it) at the quick
size and at the paper's ResNet-50 size (224 px); a generator step without and with the feedback (whose cost is the
renders of its samples). Medians over repeats after a warm-up; torch's CPU threads as given. The quick suite's wall time
follows from these and the step counts, printed at the end. Beside the NeRF render, the same render computed as the
renderer did before it worked per ray (A-NeRF's features of every sample from its own point, and the network's wide
concatenations built): the ratio is the speed-up, the largest difference between the two images is float rounding.

    python benchmarks/posegen_cost.py benchmarks/results/posegen_cost.json [--threads 2] [--repeats 5]

Weights are random (a cost does not depend on what is learnt)."""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import torch

from posebook.body import sample_identities
from posebook.mocap import load_posebank
from posebook.posegen import (POSEGEN_SIZES, Estimator, Feedback, SampleRenderer, fit_rest_skeleton, anny_rest_points,
                              pretrain_loss, train_generator)
import posebook.render as render
from posebook.render import ANERF_SIZES, ANeRFModel
from posebook.body import BODY_PARENTS

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_cost import median_seconds  # noqa: E402  (the same timer as the renderer's costs)


def estimator_step(size: dict, pixels: int, batch: int, rest) -> callable:
    model = Estimator(size["backbone"], size["width"], hidden=size["hidden"], rest=rest)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    images = torch.randint(0, 255, (batch, pixels, pixels, 3), dtype=torch.uint8)
    target = dict(joints16=torch.zeros(batch, 16, 3), keypoints=torch.zeros(batch, 16, 2), phenotype=torch.full((batch, 6), 0.5),
                  rotmats=torch.eye(3).expand(batch, 21, 3, 3))
    def step():
        loss = pretrain_loss(model, {"images": images, **target})["loss"]
        opt.zero_grad(); loss.backward(); opt.step()
    return step


def _per_point_forward(net, pts, view):
    "ANeRF's forward with its concatenations built (as before `linear_of_concat`)."
    h = pts
    for i, layer in enumerate(net.layers):
        h = torch.relu(layer(torch.cat([pts, h], -1) if i == net.skip else h))
    rgb = torch.sigmoid(net.rgb(torch.relu(net.view(torch.cat([net.feature(h), view], -1))))) * 1.002 - 0.001
    return net.density(h)[:, 0], rgb


def _per_point_shade(net, origins, dirs, rot, pos, t, delta, hit, generator=None, noise_std=1.0, cull=None, parents=None):
    "`render.shade_samples` as it was: `joint_features` of every sample, the skeleton gathered per sample."
    R, samples = t.shape
    points = (origins[:, None] + dirs[:, None] * t[..., None]).reshape(-1, 3)
    ray = torch.arange(R).repeat_interleave(samples)
    keep = hit[ray]
    if cull is not None: keep = keep & (render.bone_distance(points, pos[ray], parents) < cull)
    idx = keep.nonzero()[:, 0]
    raw, colour = _per_point_forward(net, *render.joint_features(points[idx], dirs[ray[idx]], rot[ray[idx]], pos[ray[idx]], net.tau))
    sigma = torch.zeros(R * samples).index_put((idx,), torch.relu(raw))
    rgb = torch.zeros(R * samples, 3).index_put((idx,), colour)
    return render.composite(sigma.view(R, samples), rgb.view(R, samples, 3), delta, t)


def per_point(fn):
    "`fn` run with the per-sample renderer swapped in."
    def run():
        new, render.shade_samples = render.shade_samples, _per_point_shade
        try: return fn()
        finally: render.shade_samples = new
    return run


def main(out: Path, threads: int | None, repeats: int) -> dict:
    if threads: torch.set_num_threads(threads)
    torch.set_flush_denormal(True)
    quick = POSEGEN_SIZES["quick"]
    rest_model = fit_rest_skeleton(256)
    subject = anny_rest_points(sample_identities(1, 0))[0]
    poses = load_posebank().poses[:quick["feedback_samples"]]
    nerf = ANeRFModel(21, ANERF_SIZES["quick"]["depth"], ANERF_SIZES["quick"]["width"], ANERF_SIZES["quick"]["samples"],
                      cull=ANERF_SIZES["quick"]["cull"], parents=BODY_PARENTS).eval()
    nerf_renderer, mesh_renderer = SampleRenderer(subject, 48, nerf), SampleRenderer(subject, 48, phenotype=sample_identities(1, 0)[0])
    result = {"command": " ".join(sys.argv), "machine": platform.processor() or platform.machine(), "threads": torch.get_num_threads()}
    with torch.no_grad():
        nerf.coarse.density.bias.fill_(2.0)          # some density everywhere, so that the two renders are worth comparing
        result["nerf_render_s_per_sample"] = median_seconds(lambda: nerf_renderer(poses), repeats) / len(poses)
        result["nerf_render_s_per_sample_per_point"] = median_seconds(per_point(lambda: nerf_renderer(poses)), repeats) / len(poses)
        result["nerf_render_speedup"] = result["nerf_render_s_per_sample_per_point"] / result["nerf_render_s_per_sample"]
        result["nerf_render_max_difference"] = float((nerf_renderer(poses) - per_point(lambda: nerf_renderer(poses))()).abs().max())
        result["mesh_render_s_per_sample"] = median_seconds(lambda: mesh_renderer(poses), repeats) / len(poses)
    result["estimator_step_s_quick_b64_48px"] = median_seconds(estimator_step(quick, 48, 64, rest_model), repeats)
    result["estimator_step_s_quick_b32_48px"] = median_seconds(estimator_step(quick, 48, 32, rest_model), repeats)
    result["estimator_step_s_paper_b8_224px"] = median_seconds(estimator_step(POSEGEN_SIZES["paper"], 224, 8, rest_model), max(1, repeats // 2))
    real = load_posebank().poses[:quick["gan_batch"] * 4]
    feedback = Feedback(nerf_renderer, Estimator(width=quick["width"], hidden=quick["hidden"], rest=rest_model), every=1, warmup=0,
                        samples=quick["feedback_samples"])
    for label, fb in (("gan_step_s", None), ("gan_step_with_feedback_s", feedback)):
        size = dict(quick, gan_epochs=1)
        t = time.perf_counter(); run = train_generator(real, size, fb); seconds = time.perf_counter() - t
        result[label] = seconds / run.steps
    steps_per_epoch = 11346 // quick["gan_batch"]
    feedback_steps = (quick["gan_epochs"] - quick["warmup"]) * steps_per_epoch // quick["feedback_every"]
    result["estimate_quick"] = {
        "pretrain_s": 4000 // quick["pretrain_batch"] * quick["pretrain_epochs"] * result["estimator_step_s_quick_b64_48px"],
        "gan_without_feedback_s": quick["gan_epochs"] * steps_per_epoch * result["gan_step_s"],
        "gan_with_feedback_s": quick["gan_epochs"] * steps_per_epoch * result["gan_step_s"]
                               + feedback_steps * (result["gan_step_with_feedback_s"] - result["gan_step_s"]),
        "renders_s": (900 + 6 * quick["generated"]) * result["nerf_render_s_per_sample"]}
    for k, v in result.items(): print(f"{k}: {v}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    main(a.out, a.threads, a.repeats)
