#!/usr/bin/env bash
# Registered tables in the gpu profile on a machine that has PyTorch (CUDA) and none of our other dependencies, no
# Jupyter, no Anny and no network, in one command each:
#
#     bash benchmarks/gpu_tables.sh OUT_FOLDER poseda/table4                       # PoseDA's ablation (Table 4)
#     bash benchmarks/gpu_tables.sh OUT_FOLDER adv-prior/curves,adv-prior/table1,adv-prior/table2,adv-prior/table3
#     PROFILE=smoke bash benchmarks/gpu_tables.sh runs/gpu-check-tables poseda/table4   # a CPU check in minutes
#
# It needs, beside the code (64 MiB travel in all), what `python benchmarks/gpu_tables.py --prepare --tables TABLES
# --profile gpu` writes here (with Anny):
#   data/cache/domains/ the skeleton domains PoseDA's runs read (Anny poses them; about 10 MB a gpu-profile domain);
#   data/cache/bodies/  the priors' neutral body without Anny (body.FrozenBody, about 1 MB at the tiny resolution);
#   .whl/               pure-Python wheels of what the machine lacks (`make gpu-wheels`).
# Everything goes under OUT_FOLDER: runs/ (results, figures; checkpoints too), tables/ (the entries' tables, figures and
# REPRODUCTION.md), timings/, summary.json (each table's claim verdicts and rows, seconds per run) and gpu-tables.tgz
# (all of it but the checkpoints: one file to bring back). WORKERS (default 4) processes run side by side.
set -euo pipefail
source "$(dirname "$0")/gpu_env.sh" "${1:?usage: bash benchmarks/gpu_tables.sh OUT_FOLDER TABLES}"     # sets OUT, PYTHON, PYTHONPATH
"$PYTHON" benchmarks/gpu_tables.py --out "$OUT" --tables "${2:?usage: bash benchmarks/gpu_tables.sh OUT_FOLDER TABLES}" \
    --profile "${PROFILE:-gpu}" --workers "${WORKERS:-4}"
