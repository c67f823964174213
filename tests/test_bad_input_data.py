"Bad input for every data loader: each case is a DataError that names the file and the problem."
import numpy as np
import pytest
import trimesh

from posebook.core import DataError
from posebook.datasets import (load_3dhp, load_3dpw, load_amass, load_h36m, load_scans, load_smpl_npt,
                               read_amass, read_points)
from posebook.mocap import load_posebank, read_bvh

CUBE = trimesh.creation.box()


def write_obj(path, vertices=CUBE.vertices, faces=CUBE.faces):
    trimesh.Trimesh(vertices, faces, process=False).export(path)
    return path


def raises(fn, *words):
    with pytest.raises(DataError) as info:
        fn()
    for w in words:
        assert w in str(info.value), f"{w!r} not in {info.value}"


# SMPL-NPT meshes -------------------------------------------------------------------------------------------
def test_smpl_npt_missing_folder_and_file(tmp_path):
    raises(lambda: load_smpl_npt(tmp_path / "nope"), "nope", "no such folder")
    write_obj(tmp_path / "id0_0.obj")
    data = load_smpl_npt(tmp_path, num_vertices=8)
    raises(lambda: data.mesh(1, 2), "id1_2.obj", "no such file")


def test_smpl_npt_truncated_obj(tmp_path):
    write_obj(tmp_path / "id0_0.obj")
    text = (tmp_path / "id0_0.obj").read_text().splitlines()
    (tmp_path / "id0_1.obj").write_text("\n".join(l for l in text if l.startswith("v "))[:40])  # cut mid-vertex list
    raises(lambda: load_smpl_npt(tmp_path, num_vertices=8).mesh(0, 1), "id0_1.obj")


def test_smpl_npt_wrong_vertex_count(tmp_path):
    write_obj(tmp_path / "id0_0.obj")
    raises(lambda: load_smpl_npt(tmp_path, num_vertices=6890).mesh(0, 0), "id0_0.obj", "6890 vertices (num_vertices)", "8 vertices")
    assert load_smpl_npt(tmp_path).num_vertices == 8                 # without num_vertices, the files give the count


def test_smpl_npt_nan(tmp_path):
    v = CUBE.vertices.copy(); v[0, 0] = np.nan
    (tmp_path / "id0_0.obj").write_text("\n".join(f"v {a} {b} {c}" for a, b, c in v) + "\n" +
                                        "\n".join(f"f {a + 1} {b + 1} {c + 1}" for a, b, c in CUBE.faces) + "\n")
    raises(lambda: load_smpl_npt(tmp_path, num_vertices=8).mesh(0, 0), "id0_0.obj")


def test_smpl_npt_bad_triples(tmp_path):
    write_obj(tmp_path / "id0_0.obj")
    data = load_smpl_npt(tmp_path, num_vertices=8)
    raises(lambda: data.triples("unseen"), "unseen.txt", "no such file")
    (tmp_path / "seen.txt").write_text("id0_0 id1_1\n")
    raises(lambda: data.triples("seen"), "seen.txt:1", "three mesh names")
    (tmp_path / "seen.txt").write_text("id0_0 id1_1 mesh7\n")
    raises(lambda: data.triples("seen"), "seen.txt:1", "mesh7")


# scans -----------------------------------------------------------------------------------------------------
def test_scans(tmp_path):
    raises(lambda: load_scans(tmp_path / "none"), "none", "no such folder")
    raises(lambda: load_scans(tmp_path), str(tmp_path), "none")
    raises(lambda: read_points(tmp_path / "missing.ply"), "missing.ply")
    (tmp_path / "empty.obj").write_text("# nothing\n")
    raises(lambda: read_points(tmp_path / "empty.obj"), "empty.obj")
    v = CUBE.vertices.copy(); v[1, 2] = np.nan
    (tmp_path / "nan.obj").write_text("\n".join(f"v {a} {b} {c}" for a, b, c in v) + "\n")
    raises(lambda: read_points(tmp_path / "nan.obj"), "nan.obj", "NaN")


# skeleton datasets -----------------------------------------------------------------------------------------
def test_h36m(tmp_path):
    raises(lambda: load_h36m(tmp_path), "data_3d_h36m.npz", "no such file")
    np.savez(tmp_path / "data_3d_h36m.npz", wrong=np.zeros(3))
    raises(lambda: load_h36m(tmp_path), "data_3d_h36m.npz", "positions_3d")
    np.savez(tmp_path / "data_3d_h36m.npz", positions_3d=np.array({"S1": {"Walk": np.zeros((4, 20, 3))}}, dtype=object))
    raises(lambda: load_h36m(tmp_path), "data_3d_h36m.npz", "(4, 20, 3)")
    bad = np.zeros((4, 32, 3)); bad[1, 1, 1] = np.nan
    np.savez(tmp_path / "data_3d_h36m.npz", positions_3d=np.array({"S1": {"Walk": bad}}, dtype=object))
    raises(lambda: load_h36m(tmp_path), "data_3d_h36m.npz", "NaN")


@pytest.mark.parametrize("loader", [load_3dhp, load_3dpw], ids=["3dhp", "3dpw"])
def test_test_npz(tmp_path, loader):
    path = tmp_path / "test.npz"
    raises(lambda: loader(path), "test.npz", "no such file")
    np.savez(path, pose3d=np.zeros((5, 17, 3)))
    raises(lambda: loader(path), "test.npz", "pose2d")
    np.savez(path, pose3d=np.zeros((5, 17, 2)), pose2d=np.zeros((5, 17, 2)))
    raises(lambda: loader(path), "test.npz:pose3d", "(5, 17, 2)")
    np.savez(path, pose3d=np.zeros((5, 17, 3)), pose2d=np.zeros((4, 17, 2)))
    raises(lambda: loader(path), "test.npz", "4 2D and 5 3D")
    nan = np.zeros((5, 17, 3)); nan[0, 0, 0] = np.nan
    np.savez(path, pose3d=nan, pose2d=np.zeros((5, 17, 2)))
    raises(lambda: loader(path), "test.npz:pose3d", "NaN")
    path.write_bytes(b"not a zip")
    raises(lambda: loader(path), "test.npz", "readable npz")


def test_amass(tmp_path):
    raises(lambda: load_amass(tmp_path / "x"), "no such folder")
    raises(lambda: load_amass(tmp_path), "none")
    np.savez(tmp_path / "a.npz", poses=np.zeros((3, 156)))
    raises(lambda: read_amass(tmp_path / "a.npz"), "a.npz", "betas")
    np.savez(tmp_path / "a.npz", poses=np.zeros((3, 150)), betas=np.zeros(16))
    raises(lambda: read_amass(tmp_path / "a.npz"), "a.npz:poses", "(3, 150)")
    np.savez(tmp_path / "a.npz", poses=np.full((3, 156), np.nan), betas=np.zeros(16))
    raises(lambda: read_amass(tmp_path / "a.npz"), "a.npz:poses", "NaN")


# motion capture and the bank -------------------------------------------------------------------------------
def test_bvh(tmp_path):
    raises(lambda: read_bvh(tmp_path / "x.bvh"), "x.bvh", "no such file")
    (tmp_path / "x.bvh").write_text("HIERARCHY\nROOT a\n{\n OFFSET 0 0 0\n CHANNELS 3 Xrotation Yrotation Zrotation\n}\n"
                                    "MOTION\nFrames: 2\nFrame Time: 0.1\n0 0 0\n")
    raises(lambda: read_bvh(tmp_path / "x.bvh"), "x.bvh", "2 frames of 3 channels")
    (tmp_path / "y.bvh").write_text("just text")
    raises(lambda: read_bvh(tmp_path / "y.bvh"), "y.bvh", "HIERARCHY")


def test_posebank(tmp_path):
    raises(lambda: load_posebank(tmp_path / "bank.npz"), "bank.npz", "no such file")
    np.savez(tmp_path / "bank.npz", poses=np.zeros((3, 21, 3)))
    raises(lambda: load_posebank(tmp_path / "bank.npz"), "bank.npz", "missing")
