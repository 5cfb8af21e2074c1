#!/usr/bin/env bash
# Prepares .device/, everything the GPU device check needs on a machine that has no network and
# no Node.js: run it here (on a development machine with the project's node_modules installed),
# then run scripts/gpu/run-device-check.sh on the GPU machine with .device carried along.
#
#   bash scripts/gpu/pack.sh            # ~40 MB in .device/ (git-ignored)
#
# Contents:
#   node.tar.xz   this machine's node binary (official Linux x64 builds need only glibc >= 2.28)
#   ort.tar.xz    onnxruntime-node + onnxruntime-common, Linux x64 binaries only (cpu + webgpu
#                 providers; the CUDA provider libraries are not on the npm registry)
#   check.mjs     scripts/gpu/device-check.ts bundled into one ES module (onnxruntime external)
#   gl/*.deb      the Vulkan loader (libvulkan1, amd64) that Dawn, onnxruntime's WebGPU backend,
#                 loads; the GPU machine's image has the NVIDIA driver's Vulkan ICD but may lack it
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT_DIR=.device
rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR/gl" "$OUT_DIR/stage/node_modules"

[ "$(uname -m)" = x86_64 ] || { echo "pack.sh: the GPU machine is x86-64; pack on an x86-64 machine" >&2; exit 1; }

echo "bundling scripts/gpu/device-check.ts"
node_modules/.bin/esbuild scripts/gpu/device-check.ts --bundle --platform=node --format=esm --target=node20 \
  --external:onnxruntime-node --log-level=warning --outfile="$OUT_DIR/check.mjs"

echo "packing onnxruntime-node (linux x64)"
ORT=node_modules/onnxruntime-node
mkdir -p "$OUT_DIR/stage/node_modules/onnxruntime-node/bin/napi-v6/linux"
cp "$ORT/package.json" "$OUT_DIR/stage/node_modules/onnxruntime-node/"
cp -r "$ORT/dist" "$OUT_DIR/stage/node_modules/onnxruntime-node/"
cp -r "$ORT/bin/napi-v6/linux/x64" "$OUT_DIR/stage/node_modules/onnxruntime-node/bin/napi-v6/linux/"
mkdir -p "$OUT_DIR/stage/node_modules/onnxruntime-common"
cp node_modules/onnxruntime-common/package.json "$OUT_DIR/stage/node_modules/onnxruntime-common/"
cp -r node_modules/onnxruntime-common/dist "$OUT_DIR/stage/node_modules/onnxruntime-common/"
tar -C "$OUT_DIR/stage" -cf - node_modules | xz -T0 -3 > "$OUT_DIR/ort.tar.xz"

echo "packing node $(node --version)"
tar -C "$(dirname "$(readlink -f "$(command -v node)")")" -cf - node | xz -T0 -3 > "$OUT_DIR/node.tar.xz"
rm -rf "$OUT_DIR/stage"

echo "downloading the Vulkan loader (amd64)"
LISTS=$(mktemp -d)
mkdir -p "$LISTS/partial"
APT_OPTS=(-o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Dir::State::Lists="$LISTS")
apt-get "${APT_OPTS[@]}" update -qq
(cd "$OUT_DIR/gl" && apt-get "${APT_OPTS[@]}" download libvulkan1 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
rm -rf "$LISTS"
ls "$OUT_DIR"/gl/libvulkan1_*.deb > /dev/null

du -sh "$OUT_DIR" "$OUT_DIR"/*
echo "ready: carry .device to the GPU machine and run: bash scripts/gpu/run-device-check.sh"
