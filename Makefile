# posebook: the two commands a newcomer runs are `make demo` and `make test`.
PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
PROFILE ?= quick
# A local CPU wheel on our machines; without a torch already installed pip would pull GBs of CUDA packages.
TORCH   ?= torch==2.13.0

.PHONY: setup demo test reproduce lab

setup: $(VENV)/.posebook-installed

$(VENV)/.posebook-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# The main job in the quick profile: clean and adversarially trained 3D-PoseMAE, attacks, noise, scans, figures.
demo: setup
	mkdir -p runs/train_adv
	$(BIN)/papermill nbs/train_adv.ipynb runs/train_adv/demo-$(PROFILE).ipynb -p profile $(PROFILE) --cwd nbs

# Notebooks cleaned, package in sync (no orphan module), notebook tests, then pytest.
test: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python .ci/check_sync.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/nbdev-test
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# Every registered paper table, then figures/REPRODUCTION.md.
reproduce: setup
	$(BIN)/python -m posebook.reproduce --profile $(PROFILE)

lab: setup
	$(BIN)/jupyter lab --notebook-dir=nbs
