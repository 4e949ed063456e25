#!/usr/bin/env bash
# Stages what infra/device/gpu-bench.sh needs into .device/ (ignored): the benchmark app published self-contained for
# linux-x64 with the GPU build of ONNX Runtime (tar.xz), and the 284 MB CUDA provider as xz chunks small enough to
# carry one per device call (at most 64 MiB a call, working tree included). Builds and compresses here, never there.
# FLAVOUR=Cpu stages the CPU build instead (no 540 MB GPU package restore), to test this script's mechanics.
set -euo pipefail
ROOT=$(git rev-parse --show-toplevel)
STAGE=$ROOT/.device
FLAVOUR=${FLAVOUR:-Gpu}
CHUNK_MIB=${CHUNK_MIB:-56}
PUBLISH=$STAGE/publish
cd "$ROOT"

rm -rf "$STAGE"
mkdir -p "$STAGE/provider"
echo "publishing Platform.Gpu.Benchmarks (linux-x64, self-contained, ORT flavour $FLAVOUR)" >&2
dotnet publish tests/benchmarks/Platform.Gpu.Benchmarks -c Release -p:PublishForDevice=true \
  -p:OnnxRuntimeFlavour="$FLAVOUR" -o "$PUBLISH" -nologo -v q

PROVIDER=$PUBLISH/libonnxruntime_providers_cuda.so
if [ -f "$PROVIDER" ]; then
  (cd "$PUBLISH" && sha256sum libonnxruntime_providers_cuda.so) > "$STAGE/provider/SHA256SUMS"
  echo "compressing the CUDA provider ($(du -h "$PROVIDER" | cut -f1)) with xz -9e; a few minutes on 2 cores" >&2
  xz -9e -T0 -c "$PROVIDER" | split -b "${CHUNK_MIB}M" -d -a 2 - "$STAGE/provider/libonnxruntime_providers_cuda.so.xz.part-"
  rm "$PROVIDER"
elif [ "$FLAVOUR" = Gpu ]; then
  echo "the GPU publish has no libonnxruntime_providers_cuda.so" >&2; exit 1
fi

# What Linux never loads stays behind: the GPU package also drops its Windows natives (onnxruntime*.dll, ~215 MB)
# into a linux-x64 publish, and TensorRT is not used.
rm -f "$PUBLISH"/libonnxruntime_providers_tensorrt.so "$PUBLISH"/onnxruntime*.dll
tar -C "$PUBLISH" -cf - . | xz -9 -T0 > "$STAGE/app.tar.xz"
rm -rf "$PUBLISH"

echo "staged in $STAGE:" >&2
(cd "$STAGE" && find . -type f -printf '%s\t%p\n' | sort -k2 | awk '{ printf "%8.1f MiB  %s\n", $1 / 1048576, $2 }') >&2
