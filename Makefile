# posebook: the two commands a newcomer runs are `make demo` and `make test`.
PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
PROFILE ?= quick
# A local CPU wheel on our machines; without a torch already installed pip would pull GBs of CUDA packages.
TORCH   ?= torch==2.13.0

.PHONY: setup demo test reproduce figures lab gpu-wheels gpu-check

setup: $(VENV)/.posebook-installed

$(VENV)/.posebook-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# The main job in the quick profile: a clean and an adversarially trained model, attacks, budget sweep, noise, scans,
# figures. MODEL=npt-mp by default (the paper's first baseline; its full quick schedule fits the 20 minutes a demo
# may take on 2 cores); MODEL=posemae is the paper's own model (longer: about 26 minutes, estimated from its step times).
# It prints what the notebook prints, training and evaluation as a line every 30 s (POSEBOOK_PROGRESS=lines, --log-output).
# Everything goes to its run folder, runs/train_adv/$(PROFILE)-model=$(MODEL)/ (figures under figures/ there);
# figures/ in the repository is only rewritten by `make reproduce` (or a run with -p publish True).
MODEL   ?= npt-mp
demo: setup
	mkdir -p runs/train_adv
	POSEBOOK_PROGRESS=lines $(BIN)/papermill nbs/train_adv.ipynb runs/train_adv/demo-$(PROFILE)-$(MODEL).ipynb \
	  -p profile $(PROFILE) -p model $(MODEL) --cwd nbs --log-output

# Notebooks cleaned, package in sync (no orphan module), notebook tests, then pytest.
test: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python .ci/check_sync.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/nbdev-test
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# Every registered paper table, then the report: figures/REPRODUCTION.md in the quick profile (which publishes the
# runs' figures into figures/), runs/reproduce/<profile>/ otherwise. ONLY=poseda reruns one paper, keeping the others.
reproduce: setup
	$(BIN)/python -m posebook.reproduce --profile $(PROFILE) $(if $(ONLY),--only $(ONLY))

# The data figures of the library notebooks (figures/data/), which `make test` leaves untouched.
figures: setup
	POSEBOOK_PUBLISH=1 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/nbdev-test --file-re "0[56].*"

lab: setup
	$(BIN)/jupyter lab --notebook-dir=nbs

# Pure-Python wheels the GPU machine lacks (Python 3.12 there), for benchmarks/gpu_main_job.sh (carry .whl and data/cache/npt)
# and benchmarks/gpu_tables.sh (carry .whl, data/cache/domains and data/cache/bodies).
gpu-wheels: setup
	$(BIN)/python -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
	  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
	  $$($(BIN)/python -c "from importlib.metadata import version as v; print(' '.join(f'{p}=={v(p)}' for p in ('fastcore', 'roma', 'trimesh', 'rtree')))")

# The GPU scripts end to end on this CPU at smoke size (a few minutes), with the GPU machine's missing packages blocked.
gpu-check: setup
	PROFILE=smoke MODELS=npt-mp PYTHONPATH="$(CURDIR)/benchmarks/gpu_like" PATH="$(CURDIR)/$(BIN):$$PATH" bash benchmarks/gpu_main_job.sh runs/gpu-check
	$(BIN)/python benchmarks/gpu_tables.py --prepare --profile smoke --tables poseda/table4,adv-prior/curves,adv-prior/table1,adv-prior/table2,adv-prior/table3
	PROFILE=smoke WORKERS=2 PYTHONPATH="$(CURDIR)/benchmarks/gpu_like" PATH="$(CURDIR)/$(BIN):$$PATH" bash benchmarks/gpu_tables.sh runs/gpu-check-tables \
	  poseda/table4,adv-prior/curves,adv-prior/table1,adv-prior/table2,adv-prior/table3
