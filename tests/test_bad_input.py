"Bad input everywhere raises a posebook error that names the argument or file, what was expected and what was found."
import numpy as np
import pytest
import torch

from posebook import geometry, metrics
from posebook.core import (DataError, ParameterError, PosebookError, check_params, default_device, get_profile,
                           load_checkpoint, load_json, read_results, save_checkpoint, save_json, seed_everything)

B, N = 2, 10
ok = torch.zeros(B, N, 3)

PAIR_METRICS = [metrics.pmd, metrics.emd, metrics.mpjpe, metrics.pa_mpjpe, metrics.pck, metrics.auc, metrics.per_vertex_distance]
BAD_SECOND = [
    (torch.zeros(B, N + 1, 3), "expected shape"),
    (torch.zeros(B + 1, N, 3), "expected shape"),
    (torch.zeros(B, N, 2), "expected shape"),
    (torch.zeros(N, 3), "expected shape"),
    (np.zeros((B, N, 3)), "expected a torch.Tensor"),
    (torch.full((B, N, 3), float("nan")), "NaN"),
    (torch.zeros(B, N, 3, dtype=torch.long), "floating-point"),
]


@pytest.mark.parametrize("metric", PAIR_METRICS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, message", BAD_SECOND, ids=[m for _, m in BAD_SECOND])
def test_pair_metrics_reject_bad_second_argument(metric, bad, message):
    with pytest.raises(DataError) as err:
        metric(ok, bad)
    assert message in str(err.value)
    assert str(err.value).split(":")[0] in {"gt", "b"}          # names the argument


@pytest.mark.parametrize("metric", PAIR_METRICS + [metrics.chamfer], ids=lambda f: f.__name__)
def test_metrics_reject_nan_first_argument(metric):
    bad = ok.clone(); bad[0, 3, 1] = float("nan")
    with pytest.raises(DataError, match=r"^(pred|a): expected finite values, found 1 NaN"):
        metric(bad, ok)


def test_chamfer_accepts_different_sizes_but_not_batches():
    assert metrics.chamfer(ok, torch.zeros(B, 3, 3)).shape == (B,)
    with pytest.raises(DataError, match="b: expected shape"):
        metrics.chamfer(ok, torch.zeros(B + 1, 3, 3))


def test_smoothness_rejects_short_or_flat_sequences():
    with pytest.raises(DataError, match="at least 2 bodies"):
        metrics.interpolation_smoothness(torch.zeros(1, 1, 5, 3))
    with pytest.raises(DataError, match="seq: expected shape"):
        metrics.interpolation_smoothness(torch.zeros(1, 3, 5))


def test_geometry_rejects_bad_shapes():
    with pytest.raises(DataError, match=r"aa: expected shape \(\*, 3\)"):
        geometry.axis_angle_to_matrix(torch.zeros(4, 2))
    with pytest.raises(DataError, match="x: expected shape"):
        geometry.rot6d_to_matrix(torch.zeros(4, 5))
    with pytest.raises(DataError, match="Z <= 0"):
        geometry.perspective_project(torch.tensor([[[0.0, 0.0, -1.0]]]), torch.tensor([1.0, 1.0, 0.0, 0.0]))
    with pytest.raises(ParameterError, match="parents"):
        geometry.forward_kinematics(torch.eye(3).expand(1, 2, 3, 3), torch.zeros(2, 3), [0, 0])


def test_json_files(tmp_path):
    with pytest.raises(DataError, match="missing.json: expected an existing JSON file"):
        load_json(tmp_path / "missing.json")
    (tmp_path / "trunc.json").write_text('{"rows": [1, 2')
    with pytest.raises(DataError, match="trunc.json: expected valid JSON"):
        load_json(tmp_path / "trunc.json")
    save_json(tmp_path / "r.json", {"paper": "p"})
    with pytest.raises(DataError, match="r.json: expected a results file with keys"):
        read_results(tmp_path / "r.json")


def test_checkpoint_files(tmp_path):
    net = torch.nn.Linear(2, 2)
    path = save_checkpoint(tmp_path / "ck.pt", net, step=1)
    data = path.read_bytes()
    (tmp_path / "trunc.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError, match="trunc.pt: expected a checkpoint written by save_checkpoint"):
        load_checkpoint(tmp_path / "trunc.pt", net)
    torch.save({"weights": 1}, tmp_path / "other.pt")
    with pytest.raises(DataError, match="other.pt: expected a posebook-checkpoint-v1 file"):
        load_checkpoint(tmp_path / "other.pt", net)
    with pytest.raises(DataError, match="expected a saved optimizer state"):
        load_checkpoint(path, net, optimizer=torch.optim.SGD(net.parameters(), lr=0.1))
    with pytest.raises(DataError, match="expected model weights matching Linear"):
        load_checkpoint(path, torch.nn.Linear(3, 2))


def test_parameters():
    with pytest.raises(ParameterError, match="unknown parameter 'sed'.*did you mean 'seed'"):
        check_params({"sed": 1, "seed": 1}, {"seed": int})
    with pytest.raises(ParameterError, match="profile"):
        get_profile("full")
    with pytest.raises(ParameterError, match="seed: expected a non-negative integer"):
        seed_everything(-3)
    with pytest.raises(ParameterError, match="device"):
        default_device("tpu:0")


def test_all_posebook_errors_share_a_base():
    assert issubclass(DataError, PosebookError) and issubclass(ParameterError, PosebookError)
