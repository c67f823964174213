"""The bad and unusual inputs of issue 17, one row each: what a user passes, and what posebook must answer.

Each case is run in a fresh temporary folder. It must either raise a posebook error whose message holds `words` (the
argument or file, what was expected, what was found), or, when `accepted` gives the reason, return a result that
`right` confirms. `outcome` sorts what actually happened into the issue's classes; `tests/test_bad_input_cases.py`
asserts every case, and `benchmarks/bad_input_census.py` counts the classes for any version of the package."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import torch


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    run: Callable[[Path], object]             # gets a fresh temporary folder
    words: tuple[str, ...] = ()               # what the posebook error must say
    accepted: str = ""                        # non-empty: the input is fine, for this reason
    right: Callable[[object], bool] | None = None   # for an accepted input: is the result correct?


def outcome(case: Case, folder: Path) -> tuple[str, str]:
    """('error' | 'accepted' | 'unclear' | 'silent', the message or result): a posebook error holding the case's words;
    an accepted input with a right result; another exception or a message without the words; a wrong or missing error."""
    from posebook.core import PosebookError
    try:
        result = case.run(folder)
    except PosebookError as err:
        message = str(err)
        if case.accepted: return "unclear", f"refused an acceptable input: {message}"
        missing = [w for w in case.words if w not in message]
        return ("unclear", f"{message} (missing {missing})") if missing else ("error", message)
    except Exception as err:                  # a raw ValueError / TypeError / ... from inside a library
        return "unclear", f"{type(err).__name__}: {str(err)[:200]}"
    if not case.accepted: return "silent", f"no error; returned {_short(result)}"
    try: right = case.right is None or case.right(result)
    except Exception as err: right, result = False, f"{_short(result)} ({type(err).__name__}: {err})"
    if not right: return "silent", f"accepted with a wrong result {result if isinstance(result, str) else _short(result)}"
    return "accepted", case.accepted


def _short(x) -> str:
    if isinstance(x, torch.Tensor): return f"tensor {tuple(x.shape)}"
    if isinstance(x, dict): return f"dict with keys {sorted(x)[:6]}"
    return type(x).__name__


# --- builders of bad files ----------------------------------------------------------------------------------------
def _amass(folder: Path, **changes) -> Path:
    arrays = dict(poses=np.zeros((5, 156)), betas=np.zeros(16), trans=np.zeros((5, 3)), mocap_framerate=np.array(120.0))
    arrays.update(changes)
    np.savez(folder / "seq_poses.npz", **arrays)
    return folder / "seq_poses.npz"


def _read_amass(**changes):
    from posebook.datasets import read_amass
    return lambda d: read_amass(_amass(d, **changes))


def _test_npz(folder: Path, scale: float = 1.0, **changes) -> Path:
    rng = np.random.default_rng(0)
    pose3d = rng.normal(size=(6, 17, 3)) * 0.25 * scale + np.array([0.0, 0.0, 4.0]) * scale
    arrays = dict(pose3d=pose3d, pose2d=rng.uniform(0, 1000, size=(6, 17, 2)))
    arrays.update(changes)
    np.savez(folder / "test.npz", **arrays)
    return folder / "test.npz"


def _load_3dpw(scale: float = 1.0, **changes):
    from posebook.datasets import load_3dpw
    return lambda d: load_3dpw(_test_npz(d, scale, **changes))


def _body_mesh(extent: float = 1.7, subdivisions: int = 2):
    "A sphere standing in for a body, `extent` across in the file's unit (162 vertices; 42 with one subdivision)."
    import trimesh
    mesh = trimesh.creation.icosphere(subdivisions)
    return trimesh.Trimesh(mesh.vertices * extent / 2, mesh.faces, process=False)


def _short_ply(d: Path) -> Path:
    _body_mesh().export(d / "scan.ply", encoding="ascii")
    lines = (d / "scan.ply").read_text().splitlines()
    (d / "scan.ply").write_text("\n".join(lines[: lines.index("end_header") + 51]) + "\n")
    return d / "scan.ply"


def _mm_obj(d: Path) -> Path:
    _body_mesh(1700.0).export(d / "scan.obj")
    return d / "scan.obj"


def _nan_obj(d: Path) -> Path:
    v = np.asarray(_body_mesh().vertices).copy(); v[3, 1] = np.nan
    (d / "scan.obj").write_text("".join(f"v {a} {b} {c}\n" for a, b, c in v))
    return d / "scan.obj"


def _npt_folder(d: Path, second) -> Path:
    _body_mesh().export(d / "id0_0.obj")
    second.export(d / "id0_1.obj")
    return d


def _h36m(d: Path, tree) -> Path:
    np.savez(d / "data_3d_h36m.npz", positions_3d=np.array(tree, dtype=object))
    return d


def _plain_zip(d: Path) -> Path:
    with zipfile.ZipFile(d / "data_3d_h36m.npz", "w") as z: z.writestr("notes.txt", "a zip, not an npz")
    return d


# --- training runs and checkpoints -----------------------------------------------------------------------------------
class _ToySampler:
    steps_per_epoch, batch_size = 4, 8

    def __init__(self, seed=0): self.seed = seed

    def batch(self, epoch, index):
        g = torch.Generator().manual_seed(1000 * self.seed + 10 * epoch + index)
        x = torch.randn(self.batch_size, 3, generator=g)
        return {"x": x, "y": x.sum(1, keepdim=True)}


def _toy_fit(out_dir, seed=0, epochs=3, callbacks=()):
    from posebook.core import get_profile
    from posebook.train import fit
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    loss = lambda m, b: {"loss": (m(b["x"]) - b["y"]).pow(2).mean()}
    return fit(model, loss, _ToySampler(seed), torch.optim.SGD(model.parameters(), lr=0.05),
               get_profile("smoke", epochs=epochs), out_dir=out_dir, checkpoint_every=2, callbacks=callbacks)


def _refit(first: dict, second: dict):
    def run(d):
        _toy_fit(d / "run", **first)
        return _toy_fit(d / "run", **second)
    return run


def _second_run_during_first(d):
    "While one run trains in a folder, a second run starts in the same folder (from the first run's callback)."
    second = {}
    def start_second(info, logs):
        if logs["step"] == 1 and not second: second["run"] = _toy_fit(d / "run")
    _toy_fit(d / "run", callbacks=[start_second])
    return second["run"]


def _unwritable(d):
    "A run folder no process can create, root included (permission bits do not stop root; /proc refuses everyone)."
    return _toy_fit(Path("/proc/posebook-run"))


def _checkpoint(d, **edit):
    from posebook.core import save_checkpoint
    net = torch.nn.Linear(2, 2)
    path = save_checkpoint(d / "ck.pt", net, step=3)
    state = torch.load(path, weights_only=True)
    for k, v in edit.items():
        if v is None: state.pop(k)
        else: state[k] = v
    torch.save(state, path)
    return path, net


def _load_edited(**edit):
    from posebook.core import load_checkpoint
    return lambda d: load_checkpoint(*_checkpoint(d, **edit))


def _cuda_on_cpu(d):
    from posebook.core import load_checkpoint
    path, net = _checkpoint(d)
    if torch.cuda.is_available(): raise RuntimeError("this case needs a machine without CUDA")
    return load_checkpoint(path, net, map_location="cuda")


# --- models and package functions ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _anny():
    from posebook.body import AnnyBody
    return AnnyBody("tiny")


def _npt():
    from posebook.transfer import NPT
    torch.manual_seed(0)
    return NPT("none", width=0.1)


def _points(n=30, b=1, dtype=torch.float32):
    return torch.randn(b, n, 3, generator=torch.Generator().manual_seed(0), dtype=dtype) * 0.3


def _fgm(eps):
    from posebook.attacks import fgm
    return lambda d: fgm(_npt(), _points(), _points(), _points(), eps=eps)


def _fn(module: str, name: str):
    "posebook.<module>.<name>, imported when its case runs (an older package may lack it: only that case fails)."
    import importlib
    return getattr(importlib.import_module(f"posebook.{module}"), name)


def _close_to(expected, tol=1e-4):
    return lambda result: torch.allclose(torch.as_tensor(result, dtype=torch.float64), torch.as_tensor(expected, dtype=torch.float64), atol=tol)


def _extent_in_metres(lo=1.6, hi=1.8):
    def right(points):
        points = points[0] if isinstance(points, tuple) else points
        extent = float((points.amax(-2) - points.amin(-2)).max())
        return lo <= extent <= hi
    return right


def _smpl_npt(d, **kw):
    from posebook.datasets import load_smpl_npt
    return load_smpl_npt(d, **kw)


CASES: list[Case] = [
    # AMASS ------------------------------------------------------------------------------------------------------
    Case("amass", "NaN trans", _read_amass(trans=np.full((5, 3), np.nan)), ("seq_poses.npz:trans", "finite", "5 NaN")),
    Case("amass", "inf betas", _read_amass(betas=np.full(16, np.inf)), ("seq_poses.npz:betas", "finite", "16 infinite")),
    Case("amass", "fps 0", _read_amass(mocap_framerate=np.array(0.0)), ("seq_poses.npz:mocap_framerate", "positive frame rate", "found 0.0")),
    Case("amass", "vector mocap_framerate", _read_amass(mocap_framerate=np.array([120.0, 60.0])), ("mocap_framerate", "one positive frame rate", "[120.0, 60.0]")),
    Case("amass", "zero-length sequence", _read_amass(poses=np.zeros((0, 156)), trans=np.zeros((0, 3))), ("seq_poses.npz:poses", "T >= 1", "empty")),
    Case("amass", "numeric strings", _read_amass(poses=np.zeros((5, 156)).astype(str)), ("seq_poses.npz:poses", "found text")),
    Case("amass", "non-numeric strings", _read_amass(betas=np.array(["tall"] * 16)), ("seq_poses.npz:betas", "found text")),
    Case("amass", "complex poses", _read_amass(poses=np.zeros((5, 156), dtype=complex)), ("seq_poses.npz:poses", "complex numbers")),
    Case("amass", "text instead of an npz", lambda d: (d / "a.npz").write_text("hello") and _fn("datasets", "read_amass")(d / "a.npz"),
         ("a.npz", "readable npz")),
    # 3D test files (3DHP / 3DPW) -----------------------------------------------------------------------------------
    Case("skeletons", "image_size 0", _load_3dpw(image_size=np.array([0.0, 1080.0])), ("test.npz:image_size", "positive", "found 0")),
    Case("skeletons", "negative image_size", _load_3dpw(image_size=np.array([-1920.0, 1080.0])), ("test.npz:image_size", "positive")),
    Case("skeletons", "a centimetre skeleton", _load_3dpw(scale=100.0), accepted="cm inferred from the span, converted and returned as unit",
         right=lambda r: r["unit"] == "cm" and 3.5 < float(r["joints3d"][..., 2].mean()) < 4.5),
    Case("skeletons", "a millimetre skeleton", _load_3dpw(scale=1000.0), accepted="mm inferred from the span, converted and returned as unit",
         right=lambda r: r["unit"] == "mm" and 3.5 < float(r["joints3d"][..., 2].mean()) < 4.5),
    Case("skeletons", "a span that fits no unit", _load_3dpw(scale=20.0), ("test.npz:pose3d", "m, cm or mm", "fits none")),
    Case("skeletons", "text 3D joints", _load_3dpw(pose3d=np.zeros((6, 17, 3)).astype(str)), ("test.npz:pose3d", "found text")),
    Case("skeletons", "complex 2D joints", _load_3dpw(pose2d=np.zeros((6, 17, 2), dtype=complex)), ("test.npz:pose2d", "complex")),
    Case("skeletons", "NaN 3D joints", _load_3dpw(pose3d=np.full((6, 17, 3), np.nan)), ("test.npz:pose3d", "finite")),
    Case("skeletons", "h36m: a dict missing a level", lambda d: _fn("datasets", "load_h36m")(
         _h36m(d, {"S1": np.zeros((4, 32, 3))})), ("data_3d_h36m.npz:positions_3d[S1]", "{action:", "a level is missing")),
    Case("skeletons", "h36m: an empty dict", lambda d: _fn("datasets", "load_h36m")(_h36m(d, {})),
         ("data_3d_h36m.npz:positions_3d", "an empty dict")),
    Case("skeletons", "h36m: a plain zip", lambda d: _fn("datasets", "load_h36m")(_plain_zip(d)),
         ("data_3d_h36m.npz", "positions_3d")),
    Case("skeletons", "text intrinsics in a PoseDA test file", lambda d: _fn("adapt", "domain_from_file")(
         _test_npz(d, intrinsics=np.array(["1000", "1000", "500", "500"]))), ("test.npz:intrinsics", "found text")),
    # meshes and scans --------------------------------------------------------------------------------------------
    Case("meshes", "a ply shorter than its header", lambda d: _fn("datasets", "read_points")(_short_ply(d)),
         ("scan.ply", "162 vertex rows", "found 50")),
    Case("meshes", "an obj in millimetres", lambda d: _fn("datasets", "read_points")(_mm_obj(d)),
         accepted="mm inferred from the body's extent and converted to metres", right=_extent_in_metres()),
    Case("meshes", "an obj 17 km tall", lambda d: _fn("datasets", "read_points")(
         (_body_mesh(17000.0).export(d / "big.obj"), d / "big.obj")[1]), ("big.obj", "m, cm or mm", "fits none")),
    Case("meshes", "a scan with NaN points", lambda d: _fn("datasets", "read_points")(_nan_obj(d)), ("scan.obj", "finite coordinates", "1 NaN")),
    Case("meshes", "an obj without vertices", lambda d: _fn("datasets", "read_points")((d / "e.obj").write_text("# empty\n") and d / "e.obj"),
         ("e.obj", "points (N, 3) with N > 0")),
    Case("meshes", "smpl-npt: meshes that are not SMPL's 6,890 vertices", lambda d: _smpl_npt(_npt_folder(d, _body_mesh())).num_vertices,
         accepted="the vertex count comes from the files, not SMPL's 6,890", right=lambda n: n == 162),
    Case("meshes", "smpl-npt: meshes of two counts", lambda d: _smpl_npt(_npt_folder(d, _body_mesh(1.6, subdivisions=1))).mesh(0, 1),
         ("id0_1.obj", "162 vertices (the count of id0_0.obj)", "found 42")),
    Case("meshes", "smpl-npt: a stated count the files do not have", lambda d: _smpl_npt(_npt_folder(d, _body_mesh()), num_vertices=6890).mesh(0, 1),
         ("id0_0.obj", "6890 vertices (num_vertices)", "162")),
    # runs, checkpoints, profiles ------------------------------------------------------------------------------------
    Case("runs", "a seed-1 run into a seed-0 folder", _refit({}, dict(seed=1)), ("last.pt", "a checkpoint of this run", "sampler.seed: 0 -> 1")),
    Case("runs", "a shorter schedule over a longer checkpoint", _refit({}, dict(epochs=1)), ("last.pt", "schedule.epochs: 3 -> 1")),
    Case("runs", "the same run again", _refit({}, {}), accepted="the finished checkpoint of the same run is reused",
         right=lambda r: r.resumed_from == r.steps == 12),
    Case("runs", "two runs into one folder at once", _second_run_during_first, ("run", "no other run is writing to", "in use by pid")),
    Case("runs", "out_dir that is a file", lambda d: (d / "f").write_text("x") and _toy_fit(d / "f"), ("out_dir", "a folder for the run")),
    Case("runs", "out_dir that cannot be written", _unwritable, ("out_dir", "a folder this process can write to", "/proc/posebook-run")),
    Case("runs", "last.pt that is a folder", lambda d: (d / "run" / "checkpoints" / "last.pt").mkdir(parents=True) or _toy_fit(d / "run"),
         ("last.pt", "a checkpoint file", "a folder")),
    Case("runs", "profile paper on a CPU", lambda d: _fn("experiment", "check_profile_device")(
         _fn("core", "get_profile")("paper"), "cpu"), ("profile", "'paper' on the CPU", "POSEBOOK_ALLOW_CPU")),
    Case("runs", "profile gpu on a CPU", lambda d: _fn("experiment", "check_profile_device")(
         _fn("core", "get_profile")("gpu"), "cpu"), ("profile", "'gpu' on the CPU")),
    Case("runs", "a checkpoint without rng", _load_edited(rng=None), ("ck.pt:rng", "a dict", "nothing")),
    Case("runs", "a checkpoint with a string step", _load_edited(step="3"), ("ck.pt:step", "an int", "str")),
    Case("runs", "a checkpoint without model weights", _load_edited(model=None), ("ck.pt:model", "a dict", "nothing")),
    Case("runs", "map_location='cuda' without CUDA", _cuda_on_cpu, ("map_location", "a device this machine has")),
    # the package API ---------------------------------------------------------------------------------------------
    Case("api", "a NaN quaternion", lambda d: _fn("geometry", "quaternion_to_matrix")(torch.tensor([np.nan, 0, 0, 1.0])), ("q", "finite values")),
    Case("api", "a zero quaternion", lambda d: _fn("geometry", "quaternion_to_axis_angle")(torch.zeros(4)), ("q", "non-zero quaternions", "1 zero")),
    Case("api", "an unnormalised quaternion", lambda d: _fn("geometry", "quaternion_to_matrix")(torch.tensor([0.0, 0.0, 0.0, 3.0])),
         accepted="non-zero quaternions are normalised, as scipy's Rotation.from_quat does", right=_close_to(torch.eye(3))),
    Case("api", "a zero 6D vector", lambda d: _fn("geometry", "rot6d_to_matrix")(torch.zeros(2, 6)), ("x", "non-zero and not parallel", "2 that are not")),
    Case("api", "a NaN 6D vector", lambda d: _fn("geometry", "rot6d_to_matrix")(torch.full((6,), np.nan)), ("x", "finite values")),
    Case("api", "a scaled matrix into matrix_to_axis_angle", lambda d: _fn("geometry", "matrix_to_axis_angle")(2 * torch.eye(3)), ("R", "rotation matrices", "1 of 1")),
    Case("api", "a reflection into matrix_to_quaternion", lambda d: _fn("geometry", "matrix_to_quaternion")(-torch.eye(3)), ("R", "rotation matrices", "det in [-1, -1]")),
    Case("api", "non-rotations into geodesic_distance", lambda d: _fn("geometry", "geodesic_distance")(torch.ones(3, 3), torch.eye(3)),
         ("Ra", "rotation matrices")),
    Case("api", "NaN axis-angle", lambda d: _fn("geometry", "axis_angle_to_matrix")(torch.full((3,), np.nan)), ("aa", "finite values")),
    Case("api", "(3,) intrinsics", lambda d: _fn("geometry", "perspective_project")(_points() + torch.tensor([0, 0, 3.0]), torch.ones(3)),
         ("intrinsics", "(4,) or (B, 4)", "(3,)")),
    Case("api", "numpy intrinsics", lambda d: _fn("geometry", "perspective_project")(_points() + torch.tensor([0, 0, 3.0]), np.ones(4)),
         ("intrinsics", "a torch.Tensor", "numpy array")),
    Case("api", "pmd on an empty batch", lambda d: _fn("metrics", "pmd")(torch.zeros(0, 5, 3), torch.zeros(0, 5, 3)), ("pred", "at least one sample")),
    Case("api", "emd on an empty batch", lambda d: _fn("metrics", "emd")(torch.zeros(0, 5, 3), torch.zeros(0, 5, 3)), ("a", "at least one sample")),
    Case("api", "chamfer on empty point sets", lambda d: _fn("metrics", "chamfer")(torch.zeros(1, 0, 3), torch.zeros(1, 5, 3)), ("a", "at least one")),
    Case("api", "pck with a negative threshold", lambda d: _fn("metrics", "pck")(_points(16), _points(16), threshold=-0.1), ("threshold", "positive distance", "-0.1")),
    Case("api", "pck with a NaN threshold", lambda d: _fn("metrics", "pck")(_points(16), _points(16), threshold=float("nan")), ("threshold", "nan")),
    Case("api", "pck with threshold=True", lambda d: _fn("metrics", "pck")(_points(16), _points(16), threshold=True), ("threshold", "True")),
    Case("api", "fgm(eps=True)", _fgm(True), ("eps", "non-negative L2 budget", "True")),
    Case("api", "fgm(eps=np.float32(0.08))", _fgm(np.float32(0.08)), accepted="numpy floats are numbers",
         right=lambda r: r.shape == (1, 30, 3)),
    Case("api", "fgm with a negative eps", _fgm(-0.1), ("eps", "non-negative")),
    Case("api", "float64 into a float32 transfer model", lambda d: _npt()(_points(dtype=torch.float64), _points()),
         ("pose_points", "dtype float32 like the model's weights", "float64")),
    Case("api", "float64 into a float32 lifter", lambda d: _fn("lifting", "SimpleBaseline")()(
         torch.zeros(2, 16, 2, dtype=torch.float64)), ("joints2d", "dtype float32", "float64")),
    Case("api", "float64 into a float32 pose prior", lambda d: _fn("priors", "PoseGenerator")()(
         torch.zeros(2, 32, dtype=torch.float64)), ("z", "dtype float32", "float64")),
    Case("api", "AnnyBody with an empty batch", lambda d: _anny()(torch.zeros(0, 6)), ("phenotype", "at least one sample")),
    Case("api", "AnnyBody with float64 inputs", lambda d: _anny()(torch.full((1, 6), 0.5, dtype=torch.float64)),
         accepted="the body model computes in float32 without gradients; the input is converted",
         right=lambda v: v.dtype == torch.float32 and v.shape[0] == 1),
    Case("api", "a numpy pose into a transfer model", lambda d: _npt()(_points().numpy(), _points()), ("pose_points", "a torch.Tensor", "numpy array")),
]
