"benchmarks/gpu_tables.sh at smoke size, with the packages the GPU machine lacks (Anny, Jupyter, ...) blocked."
import ast
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

from conftest import ROOT

TABLES = "poseda/table4,adv-prior/curves,adv-prior/table1,adv-prior/table2,adv-prior/table3"


def test_gpu_tables_script_runs_without_jupyter_or_anny(tmp_path):
    "Every run of PoseDA's Table 4 and the prior Tables 1-3 (+ curves): results, tables, claim verdicts, one tarball."
    prepare = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_tables.py"), "--prepare", "--profile", "smoke", "--tables", TABLES],
                             capture_output=True, text=True)    # with Anny, here: the domains and the body the script carries
    assert prepare.returncode == 0, prepare.stderr[-3000:]
    made = [Path(p) for p in ast.literal_eval(prepare.stdout.split("prepared:")[-1].strip())]
    assert made and all(p.is_file() for p in made), made                                      # the files to carry
    assert {p.parent.name for p in made} == {"domains", "bodies"}, made
    env = {**os.environ, "PROFILE": "smoke", "WORKERS": "2", "PYTHONPATH": str(ROOT / "benchmarks" / "gpu_like"),
           "POSEBOOK_FIGURES": str(tmp_path / "figures"), "PYTHON": sys.executable}
    done = subprocess.run(["bash", str(ROOT / "benchmarks" / "gpu_tables.sh"), str(tmp_path / "out"), TABLES], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["profile"] == "smoke"
    assert not [k for k, v in summary["runs"].items() if "error" in v], summary["runs"]
    assert len([k for k in summary["runs"] if k.startswith("train_poseda.ipynb")]) == 20         # 4 backbones x 5 methods
    assert set(summary["tables"]) == set(TABLES.split(","))
    for key, table in summary["tables"].items():
        assert table["rows"] and isinstance(table["claims"], list), key                            # measured, with verdicts
    assert (tmp_path / "out" / "tables" / "poseda" / "table4.md").is_file()
    assert (tmp_path / "out" / "tables" / "adv-prior" / "curves.png").is_file()
    names = tarfile.open(tmp_path / "out" / "gpu-tables.tgz").getnames()
    assert "summary.json" in names and not any("checkpoints" in n for n in names)
    assert any(n.endswith("results.json") and "eval_prior" in n for n in names)
