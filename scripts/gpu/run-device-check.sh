#!/usr/bin/env bash
# The one script a GPU machine runs: calorimeter-scale training throughput on webgpu (Dawn over
# Vulkan) and cuda (if its provider libraries load) against cpu, and the GPU loss curves against
# the cpu one. Needs no network: everything comes from .device/ (bash scripts/gpu/pack.sh).
#
#   bash scripts/gpu/run-device-check.sh [device-check flags, e.g. --budget 300 --hidden 64,64]
#
# Writes device-check.json and device-check.md to $OUT (or ./.device/out when OUT is unset).
set -uo pipefail
cd "$(dirname "$0")/../.."
D=.device
[ -f "$D/check.mjs" ] || { echo "run-device-check: $D/check.mjs missing; run bash scripts/gpu/pack.sh first" >&2; exit 2; }
OUT_DIR=${OUT:-$D/out}
mkdir -p "$OUT_DIR"

# Unpacked outside the repository, so that a rerun carries only the packed files again.
W=/tmp/dreamwatch-device
mkdir -p "$W"
# Node.js: the machine's own if it has one, else the packed binary.
NODE=$(command -v node || true)
if [ -z "$NODE" ]; then
  [ -x "$W/node" ] || tar -xJf "$D/node.tar.xz" -C "$W"
  NODE=$W/node
fi
[ -d "$W/node_modules/onnxruntime-node" ] || tar -xJf "$D/ort.tar.xz" -C "$W"
cp "$D/check.mjs" "$W/check.mjs"

# Vulkan loader for Dawn, unless the system has one.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
  for f in "$D"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
# The NVIDIA Vulkan ICD lives with the mounted driver on these machines, not in /usr/share.
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && ! ls /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json > /dev/null 2>&1; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; break; fi
  done
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}

# CUDA: onnxruntime-node 1.30 loads libonnxruntime_providers_{shared,cuda}.so from its own bin
# folder. They are not on the npm registry; use a same-version copy if the machine has one.
BIN="$W/node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
if [ ! -f "$BIN/libonnxruntime_providers_cuda.so" ]; then
  CUDA_EP=$(timeout 30 find /usr /opt /root -xdev -name 'libonnxruntime_providers_cuda.so' 2>/dev/null | head -1)
  if [ -n "$CUDA_EP" ]; then
    echo "found a CUDA provider library: $CUDA_EP (used if its version matches onnxruntime 1.30)"
    cp "$CUDA_EP" "$(dirname "$CUDA_EP")/libonnxruntime_providers_shared.so" "$BIN/" 2>/dev/null || true
  fi
fi

echo "node $("$NODE" --version); $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi unavailable')"
"$NODE" "$W/check.mjs" --out "$OUT_DIR" "$@"
