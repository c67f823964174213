# Sourced by the GPU scripts (benchmarks/gpu_main_job.sh, benchmarks/gpu_tables.sh) with the output folder as $1
# (relative to the repository root):
# the machine's python3 holds PyTorch and none of our other dependencies, so the pure-Python wheels in .whl/
# (`make gpu-wheels`) are installed beside it; runs, progress and figures are set up for a headless batch job.
cd "$(dirname "${BASH_SOURCE[0]}")/.."      # the repository root; a relative output folder is taken from here
mkdir -p "$1"
OUT=$(cd "$1" && pwd)
PYTHON=${PYTHON:-python3}                  # the GPU machine's python3 holds PyTorch
if [ -d .whl ] && ls .whl/*.whl >/dev/null 2>&1; then
    "$PYTHON" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/posebook-site .whl/*.whl
    export PYTHONPATH="/tmp/posebook-site:$PWD${PYTHONPATH:+:$PYTHONPATH}"
else
    export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
fi
export POSEBOOK_RUNS="$OUT/runs" POSEBOOK_PROGRESS=0 MPLBACKEND=Agg PYTHONUNBUFFERED=1
