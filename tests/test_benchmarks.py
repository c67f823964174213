"The seed-noise benchmarks' shared part (benchmarks/seed_noise.py): the spread of repeated runs and their command line."
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from seed_noise import spread  # noqa: E402


def test_spread_is_mean_sample_std_min_max():
    assert spread([1.0, 2.0, 4.0]) == {"mean": 2.3, "std": 1.5, "min": 1.0, "max": 4.0}
    assert spread(x for x in (5.0, 5.0)) == {"mean": 5.0, "std": 0.0, "min": 5.0, "max": 5.0}   # any iterable


@pytest.mark.parametrize("script", ["poseda_finetune_noise.py", "posegen_finetune_noise.py"])
def test_one_repeat_is_refused_before_any_work(tmp_path, script):
    out = tmp_path / "noise.json"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), str(out), "--repeats", "1"], capture_output=True, text=True)
    assert done.returncode == 2 and "--repeats: expected at least 2 seeds for a spread, found 1" in done.stderr, done.stderr[-2000:]
    assert not out.exists()
