"""What rendering costs on this machine: the mesh renderer's ms per image, and A-NeRF's ms per training step, per
thousand rendered rays and per 48 px crop, at the training sizes of `posebook.render.ANERF_SIZES` (the paper size is
A-NeRF's coarse + fine pair: 64 coarse samples and 64 + 16 fine ones per ray). Medians over repeats after a warm-up;
torch's CPU threads as given.

    python benchmarks/render_cost.py benchmarks/results/render_cost.json [--threads 1] [--quick-only]

The NeRF timing trains on random rays of one 48 px crop of a posed skeleton (the cost does not depend on what is learnt);
`nbs/train_anerf.ipynb` records the wall time of whole training runs."""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

from posebook.body import BODY_PARENTS, AnnyBody
from posebook.mocap import load_posebank
from posebook.render import ANERF_SIZES, ANeRFModel, Camera, anerf_loss, crop_camera, render_mesh, skeleton_frames, subject_colours

NERF_SIZES = {label: dict(ANERF_SIZES[size], **change) for label, size, change in (   # the training sizes themselves
    ("smoke", "smoke", {}), ("quick", "quick", {}), ("quick, no culling", "quick", dict(cull=None)), ("paper", "paper", {}))}
MESH_SIZES = {"quick (48 px, low)": ("low", 48), "estimator (128 px, low)": ("low", 128), "paper (512 px, mid)": ("mid", 512)}


def median_seconds(fn, repeats: int) -> float:
    fn()                                                     # warm-up (embree's BVH, torch's allocator)
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return float(np.median(times))


def scene(resolution: str):
    "One posed subject, its joints and frames, and a camera cropped around it."
    body = AnnyBody(resolution)
    pose, mid = load_posebank().poses[[500]], torch.full((1, 6), 0.5)
    vertices, joints = body(mid, pose)[0], body.joints(mid, pose)[0]
    centre = vertices.mean(0).numpy()
    camera = Camera.looking_at(centre + [1.5, 0.8, 3.0], centre, 64, 64, fov_degrees=40)
    return body, vertices, joints, skeleton_frames(pose, BODY_PARENTS)[0], camera


def mesh_cost(repeats: int) -> dict:
    out = {}
    for label, (resolution, size) in MESH_SIZES.items():
        body, vertices, joints, _, camera = scene(resolution)
        crop, colours = crop_camera(camera, joints.numpy(), size), subject_colours(body, 0)
        seconds = median_seconds(lambda: render_mesh(vertices, body.faces, colours, crop), repeats)
        out[label] = dict(ms_per_image=round(1000 * seconds, 2), vertices=body.num_vertices, pixels=size * size)
        print(f"mesh {label}: {1000 * seconds:.1f} ms per image")
    return out


def nerf_cost(sizes: dict, repeats: int) -> dict:
    _, _, joints, rot, camera = scene("tiny")
    crop = crop_camera(camera, joints.numpy(), 48)
    o, d = (torch.from_numpy(x).float() for x in crop.rays())
    out = {}
    for label, s in sizes.items():
        torch.manual_seed(0)
        model = ANeRFModel(21, s["depth"], s["width"], s["samples"], s["fine"], s["cull"], BODY_PARENTS, s["noise"])
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)
        g = torch.Generator().manual_seed(0)
        pick = torch.randint(len(o), (s["rays"],), generator=g)
        args = (o[pick], d[pick], rot.expand(s["rays"], -1, -1, -1), joints.expand(s["rays"], -1, -1))
        batch = dict(zip(("origins", "dirs", "rot", "pos"), args), rgb=torch.rand(s["rays"], 3, generator=g), seed=torch.tensor(0))

        def step():                                            # the training loss itself (coarse + fine where there is a fine net)
            loss = anerf_loss(model, batch)["loss"]
            opt.zero_grad(); loss.backward(); opt.step()

        def render():
            with torch.no_grad(): model(*args)

        train, draw = median_seconds(step, repeats), median_seconds(render, repeats)
        image = median_seconds(lambda: model.render(crop, rot, joints), repeats)
        evaluated = s["samples"] + (s["samples"] + s["fine"] if s["fine"] else 0)     # network evaluations per ray
        out[label] = dict(**s, ms_per_step=round(1000 * train, 2), ms_per_1k_rays_render=round(1000 * draw / s["rays"] * 1000, 2),
                          ms_per_48px_image=round(1000 * image, 2), us_per_sample_train=round(1e6 * train / (s["rays"] * evaluated), 3))
        print(f"nerf {label}: {1000 * train:.0f} ms per training step of {s['rays']} rays, "
              f"{1000 * draw / s['rays'] * 1000:.0f} ms per 1k rendered rays, {1000 * image:.0f} ms per 48 px image")
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick-only", action="store_true", help="skip the paper-size NeRF (slow on a CPU)")
    args = parser.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    sizes = {k: v for k, v in NERF_SIZES.items() if not (args.quick_only and k == "paper")}
    result = dict(command="python " + " ".join(sys.argv),
                  machine=platform.processor() or platform.machine(), threads=torch.get_num_threads(),
                  mesh=mesh_cost(args.repeats), nerf=nerf_cost(sizes, max(2, args.repeats // 2)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp"); tmp.write_text(json.dumps(result, indent=1) + "\n"); tmp.replace(args.out)


if __name__ == "__main__":
    main()
