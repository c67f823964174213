"""No loader runs code stored in a user's file: an npz whose object array unpickles to os.system is refused, and the
command never runs. Every loader that reads npz goes through posebook.core.load_npz; this test plants the payload in
each one's file layout."""
import os

import numpy as np
import pytest
import torch

from posebook.adapt import domain_from_file
from posebook.core import DataError
from posebook.datasets import load_3dhp, load_3dpw, load_h36m, load_h36m_2d, read_amass
from posebook.datasets.npt import load_mesh_bank
from posebook.mocap import load_posebank


class Payload:
    "What an attacker's npz holds: unpickling it calls os.system."
    def __init__(self, marker): self.marker = marker
    def __reduce__(self): return (os.system, (f"touch {self.marker}",))


def plant(path, key, marker, **others):
    np.savez(path, **{**others, key: np.array([Payload(marker)], dtype=object)})
    return path


LOADERS = {   # name: (file name, the key the payload replaces, the loader)
    "h36m": ("data_3d_h36m.npz", "positions_3d", lambda p: load_h36m(p.parent)),
    "h36m_2d": ("data_2d_h36m_gt.npz", "positions_2d", lambda p: load_h36m_2d(p.parent)),
    "3dhp": ("test.npz", "pose3d", load_3dhp),
    "3dpw": ("test.npz", "pose2d", load_3dpw),
    "domain_from_file": ("test.npz", "intrinsics", domain_from_file),
    "amass": ("seq.npz", "poses", read_amass),
    "posebank": ("bank.npz", "poses", load_posebank),
    "mesh_bank": ("meshes.npz", "keys", lambda p: load_mesh_bank(p, torch.zeros(1), torch.zeros(1))),
}


@pytest.mark.parametrize("name", list(LOADERS))
def test_payload_never_runs(tmp_path, name):
    file, key, loader = LOADERS[name]
    marker = tmp_path / "pwned"
    path = plant(tmp_path / file, key, marker, pose3d=np.zeros((2, 17, 3)), pose2d=np.zeros((2, 17, 2)))
    with pytest.raises(DataError) as info:
        loader(path)
    assert file in str(info.value) and key in str(info.value), str(info.value)
    assert not marker.exists(), f"{name} ran the command stored in the file"


def test_h36m_pickled_layout_still_loads(tmp_path):
    "VideoPose3D's real layout (a pickled dict of arrays) is data, and loads."
    tree = {"S1": {"Walking": np.random.default_rng(0).normal(size=(4, 32, 3))}}
    np.savez(tmp_path / "data_3d_h36m.npz", positions_3d=np.array(tree, dtype=object))
    got = load_h36m(tmp_path)
    assert got["S1"]["Walking"].shape == (4, 16, 3)
