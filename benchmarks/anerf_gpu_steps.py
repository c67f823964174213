"""A-NeRF's training steps at a GPU size, timed where they are meant to run: ms per optimiser step of
`posebook.render.ANERF_SIZES[size]` (the paper's and the gpu profile's coarse + fine 8 x 256 pair, 64 + 16 samples,
2,048 rays), over `--steps` steps after a warm-up, and the hours the size's schedule would take at that rate.

    python benchmarks/anerf_gpu_steps.py OUT.json [--size paper] [--steps 50] [--device cuda]

It needs torch, numpy and roma only (no Anny, no trimesh, no Jupyter): the skeletons come from
`benchmarks/data/anerf_skeletons.npz` (eight posed Anny skeletons of the smoke capture: world joints and joint
frames), so it runs on a GPU machine that has PyTorch and little else. There, with roma's wheel carried in `.whl/`
(`make gpu-wheels`):

    python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/roma-*.whl && PYTHONPATH=/tmp/site:$PWD \\
        python3 benchmarks/anerf_gpu_steps.py $OUT/anerf_gpu_steps.json

A CPU check in seconds: `--size smoke --steps 3 --device cpu`. Rays are those of 64 px crops of the skeletons with
random colours as targets: the cost does not depend on what is learnt."""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from posebook.body import BODY_PARENTS  # noqa: E402  (no Anny at import time)
from posebook.render import ANERF_SIZES, ANeRFModel, Camera, anerf_loss, crop_camera  # noqa: E402

SKELETONS = Path(__file__).resolve().parent / "data" / "anerf_skeletons.npz"


def rays_of(joints: np.ndarray, seed: int, size: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    "World rays (size * size, 3) of a crop camera looking at one skeleton from a seeded direction."
    rng = np.random.default_rng(seed)
    centre, azimuth, elevation = joints.mean(0), rng.uniform(0, 2 * np.pi), rng.uniform(-0.5, 1.0)
    eye = centre + 3.0 * np.array([np.cos(elevation) * np.sin(azimuth), np.sin(elevation), np.cos(elevation) * np.cos(azimuth)])
    camera = crop_camera(Camera.looking_at(eye, centre, size, size), joints, size)
    return tuple(torch.from_numpy(x).float() for x in camera.rays())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="paper", choices=sorted(ANERF_SIZES))
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()
    device, s = torch.device(args.device), ANERF_SIZES[args.size]
    data = np.load(SKELETONS)
    joints, frames = torch.from_numpy(data["joints"]).float(), torch.from_numpy(data["frames"]).float()
    views = [rays_of(joints[p].numpy(), seed=p) for p in range(len(joints))]
    torch.manual_seed(0)
    model = ANeRFModel(joints.shape[1], s["depth"], s["width"], s["samples"], s["fine"], s["cull"], BODY_PARENTS, s["noise"]).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=s["lr"])
    g = torch.Generator().manual_seed(0)

    def batch():
        pose = torch.randint(len(views), (s["rays"],), generator=g)
        pixel = torch.randint(len(views[0][0]), (s["rays"],), generator=g)
        o = torch.stack([views[p][0][i] for p, i in zip(pose.tolist(), pixel.tolist())])
        d = torch.stack([views[p][1][i] for p, i in zip(pose.tolist(), pixel.tolist())])
        return [x.to(device) for x in (o, d, frames[pose], joints[pose], torch.rand(s["rays"], 3, generator=g))]

    batches = [batch() for _ in range(4)]                    # made once: the timing is the network's, not the sampling's

    def step(k: int):                                        # the training loss itself (coarse + fine)
        o, d, rot, pos, target = batches[k % len(batches)]
        loss = anerf_loss(model, dict(origins=o, dirs=d, rot=rot, pos=pos, rgb=target, seed=torch.tensor(k)))["loss"]
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()

    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    for k in range(args.warmup): step(k)
    sync(); t0 = time.perf_counter()
    for k in range(args.steps): step(args.warmup + k)
    sync(); seconds = (time.perf_counter() - t0) / args.steps
    result = dict(command="python " + " ".join(sys.argv), size=args.size, settings=s, device=str(device),
                  device_name=torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or platform.machine(),
                  torch=torch.__version__, steps_timed=args.steps, ms_per_step=round(1000 * seconds, 2),
                  schedule_steps=s["steps"], schedule_hours=round(seconds * s["steps"] / 3600, 2),
                  peak_memory_mib=round(torch.cuda.max_memory_allocated(device) / 2**20, 1) if device.type == "cuda" else None)
    print(json.dumps(result, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp"); tmp.write_text(json.dumps(result, indent=1) + "\n"); tmp.replace(args.out)


if __name__ == "__main__":
    main()
