#!/usr/bin/env bash
# The GPU benchmark as one command for a machine with an NVIDIA GPU (run from anywhere):
#
#     bash benchmarks/gpu_device.sh            # writes $OUT/gpu.json and $OUT/gpu.txt
#
# It needs $PYTHON (default python3) with numpy, scipy, scikit-learn, numba and numba-cuda
# (the 'gpu' extra); liquidstate itself is taken from this checkout's src/. A guard timeout
# stops it after GPU_BENCH_TIMEOUT seconds (default 280); benchmarks/gpu.py skips what would
# not fit its --budget (GPU_BENCH_BUDGET, default 200 s) and writes its JSON after every
# measurement, so a stop loses only the last one. The table is printed last. Extra arguments
# go to benchmarks/gpu.py; NUMBA_ENABLE_CUDASIM=1 with --quick is a dry run on Numba's CUDA
# simulator.
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
"$PYTHON" - <<'PY'
import numba, numpy
from numba import cuda
print("numba", numba.__version__, "numpy", numpy.__version__,
      "cuda available:", cuda.is_available())
PY
timeout "${GPU_BENCH_TIMEOUT:-280}" "$PYTHON" benchmarks/gpu.py --out "$OUT/gpu.json" \
    --budget "${GPU_BENCH_BUDGET:-200}" "$@" 2>&1 | tee "$OUT/gpu.txt"
status=${PIPESTATUS[0]}
echo "exit status $status (0: all spikes agree; 2: a mismatch; 124: stopped by the timeout)"
exit "$status"
