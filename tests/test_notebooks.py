"The notebooks follow the repository's conventions (library vs experiment notebooks)."
import json
import re

import pytest

from conftest import NBS, ROOT

EXPERIMENT = re.compile(r"^(train|eval|fig)_.*\.ipynb$")
LIBRARY = re.compile(r"^\d\d[a-z]?_.*\.ipynb$")
notebooks = sorted(p for p in NBS.glob("*.ipynb"))


def cells(nb):
    return json.loads(nb.read_text())["cells"]


def src(cell):
    return "".join(cell["source"])


def test_every_notebook_is_library_experiment_or_index():
    for nb in notebooks:
        assert nb.name == "index.ipynb" or EXPERIMENT.match(nb.name) or LIBRARY.match(nb.name), nb.name


@pytest.mark.parametrize("nb", [p for p in notebooks if LIBRARY.match(p.name)], ids=lambda p: p.name)
def test_library_notebook_exports_one_module(nb):
    targets = [m.group(1) for c in cells(nb) for m in [re.search(r"^#\|\s*default_exp\s+(\S+)", src(c), re.M)] if m]
    assert len(targets) == 1, f"{nb.name}: {targets}"
    assert (ROOT / "posebook" / (targets[0].replace(".", "/") + ".py")).is_file()


@pytest.mark.parametrize("nb", [p for p in notebooks if EXPERIMENT.match(p.name)], ids=lambda p: p.name)
def test_experiment_notebook_shape(nb):
    cs = cells(nb)
    tagged = [c for c in cs if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged `parameters`"
    lines = [l for l in src(tagged[0]).splitlines() if l.strip()]
    assert lines and all(re.match(r"^\w+\s*:\s*[^=]+=\s*.+#\s*\S", l) for l in lines), "typed, commented parameters"
    names = {re.match(r"^(\w+)", l).group(1) for l in lines}
    assert {"profile", "seed", "out_dir"} <= names
    assert not any(re.search(r"^#\|\s*(default_exp|export)", src(c), re.M) for c in cs), "experiment notebooks export nothing"
    assert cs[0]["cell_type"] == "raw" and "skip_exec: true" in src(cs[0]), "nbdev-test skips it (pytest runs it with papermill)"


def test_readme_and_index_give_the_same_two_commands():
    readme = (ROOT / "README.md").read_text()
    index = "\n".join(src(c) for c in cells(NBS / "index.ipynb"))
    for text in (readme, index):
        assert "make demo" in text and "make test" in text
        assert "pyproject.toml" in text
