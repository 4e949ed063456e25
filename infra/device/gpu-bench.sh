#!/usr/bin/env bash
# The issue's one device script: builds nothing, finishes well inside 8 minutes, prints one table, writes JSON under
# $OUT. Needs .device/ staged by infra/device/prepare.sh and carried to the machine (see infra/device/README.md).
# Results are written as they come: each step is stamped in $OUT/progress.log when it starts and ends, and the table
# (summary.json) is rebuilt after every step, so a run cut off by the device's time limit still returns what it measured.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/gpu-bench-out}
STAGE=${STAGE:-.device}
APP=/tmp/gpu-bench-app
mkdir -p "$OUT" "$APP"
progress() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$OUT/progress.log" >&2; }
progress "start"

# The app (tar.xz) and the ORT CUDA provider (xz chunks), unpacked once per machine. xz because python3's lzma
# decodes it with nothing installed.
if [ ! -x "$APP/Platform.Gpu.Benchmarks" ]; then
  python3 -c "import lzma,tarfile,sys; tarfile.open(fileobj=lzma.open(sys.argv[1])).extractall(sys.argv[2])" "$STAGE/app.tar.xz" "$APP" || exit 1
fi
if [ ! -f "$APP/libonnxruntime_providers_cuda.so" ]; then
  cat "$STAGE"/provider/libonnxruntime_providers_cuda.so.xz.part-* \
    | python3 -c "import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.stdin.buffer), sys.stdout.buffer)" \
    > "$APP/libonnxruntime_providers_cuda.so" || { rm -f "$APP/libonnxruntime_providers_cuda.so"; exit 1; }
  (cd "$APP" && sha256sum -c "$OLDPWD/$STAGE/provider/SHA256SUMS") || exit 1
fi

# CUDA 13 and cuDNN 9 from PyTorch's nvidia/* wheels.
NVIDIA_LIBS=$(python3 - <<'PY'
import os, nvidia
dirs = []
for root in nvidia.__path__:
    for path, subdirs, _ in os.walk(root):
        if os.path.basename(path) == "lib":
            dirs.append(path)
        if path.count(os.sep) - root.count(os.sep) >= 2:
            subdirs[:] = []
print(":".join(sorted(dirs)))
PY
)
export LD_LIBRARY_PATH="$APP:$NVIDIA_LIBS:${LD_LIBRARY_PATH:-}"
export DOTNET_gcServer=0

progress "(a)+(b) engine on CUDA: started (block size ${BLOCK_SIZE:-16})"
timeout 330 "$APP/Platform.Gpu.Benchmarks" --provider cuda --out "$OUT" --model-dir /tmp/gpu-bench-models \
  --spec qwen1.5b --requests 256 --prompt 512 --output 128 --block-size "${BLOCK_SIZE:-16}" \
  --correctness-block-sizes "${CORRECTNESS_BLOCK_SIZES:-16,32,256}" ${BENCH_ARGS:-} \
  > "$OUT/dotnet.stdout" 2> "$OUT/dotnet.log"
progress "(a)+(b) engine on CUDA: exit $?"; tail -n 15 "$OUT/dotnet.log" >&2
python3 infra/device/report.py "$OUT" > "$OUT/table.txt" 2>&1

progress "(c)+(d) transformers baseline and bandwidth: started"
PYTHONUNBUFFERED=1 timeout 150 python3 infra/device/hf_baseline.py --out "$OUT/hf.json" 2> "$OUT/hf.log"
progress "(c)+(d) transformers baseline and bandwidth: exit $?"; tail -n 5 "$OUT/hf.log" >&2

python3 infra/device/report.py "$OUT" | tee "$OUT/table.txt"
progress "done"
