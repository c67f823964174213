#!/usr/bin/env bash
# The main job (train_transfer + train_adv for 3D-PoseMAE and NPT-MP) in the gpu profile, on a machine that has PyTorch
# (CUDA) and none of our other dependencies, no Jupyter and no network, in one command:
#
#     bash benchmarks/gpu_main_job.sh OUT_FOLDER            # PROFILE=smoke MODELS=npt-mp for a CPU check in a minute
#
# It needs, beside the code (64 MiB travel in all):
#   data/cache/npt/anny-tiny-*.npz   the tiny mesh bank (43 MiB), built here by any quick or smoke transfer run, so the
#                                   GPU machine never needs Anny or its 790 MB cache;
#   .whl/                            pure-Python wheels of what the machine lacks: fastcore, roma, trimesh, rtree
#                                   (`make gpu-wheels`); plotly is imported only by the interactive viewers.
# Everything goes under OUT_FOLDER: runs/ (results, tables, figures; checkpoints too), summary.json, and
# gpu-main-job.tgz (every results.json, table and figure, no checkpoints: one file to bring back).
set -euo pipefail
source "$(dirname "$0")/gpu_env.sh" "${1:?usage: bash benchmarks/gpu_main_job.sh OUT_FOLDER}"     # sets OUT, PYTHON, PYTHONPATH
"$PYTHON" benchmarks/gpu_main_job.py --out "$OUT" --profile "${PROFILE:-gpu}" --models "${MODELS:-posemae,npt-mp}"
