"posebook.train.fit under `torchrun --nproc_per_node 2` (Gloo on CPU): ranks stay in sync, rank 0 alone writes."
import os
import subprocess
import sys
from pathlib import Path

import torch

from posebook.train import read_log


def test_torchrun_two_processes(tmp_path):
    script = Path(__file__).with_name("ddp_toy.py")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "POSEBOOK_PROGRESS": "0"}
    res = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                          str(script), str(tmp_path)], capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    r0, r1 = (torch.load(tmp_path / f"rank{r}.pt", weights_only=True) for r in (0, 1))
    assert (r0["world"], r1["world"]) == (2, 2)
    assert r0["steps"] == r1["steps"] == 3 * 8 // 2             # each rank takes every other batch
    assert torch.equal(r0["weight"], r1["weight"])              # gradients were all-reduced
    log = read_log(tmp_path / "log.jsonl")
    assert [r["step"] for r in log] == list(range(1, 13))       # one writer: no duplicated lines
    assert log[-1]["loss"] < log[0]["loss"]
    assert torch.load(tmp_path / "checkpoints" / "last.pt", weights_only=True)["step"] == 12
