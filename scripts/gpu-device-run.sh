#!/usr/bin/env bash
# Runs `npm run bench:gpu` on a lent GPU machine from .device/ (made here by
# scripts/gpu-device-bundle.mjs; that machine has no Node and no network). From the repository root:
#   run(command="bash scripts/gpu-device-run.sh", carry=[".device"], timeout_s=600)
# Writes $OUT/gpu.txt (nvidia-smi, Vulkan) and $OUT/bench-gpu.md. Extra arguments go to the bench
# (e.g. --quick, or --adapter any to accept a software adapter when no hardware one answers);
# GPU_BUNDLE names another folder than .device.
set -euo pipefail
folder=${GPU_BUNDLE:-.device}
bundle=$folder/bundle.tar.xz
[ -f "$bundle" ] || { echo "no $bundle: run node scripts/gpu-device-bundle.mjs first, then carry .device" >&2; exit 1; }
out=${OUT:-$(mktemp -d)}
work=$(mktemp -d)
# python3 unpacks .tar.xz without relying on an xz binary being installed.
python3 -c 'import sys, tarfile
safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
tarfile.open(sys.argv[1]).extractall(sys.argv[2], **safe)' "$bundle" "$work"
if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
  for f in "$folder"/*.deb; do [ -f "$f" ] && dpkg -x "$f" /; done
  ldconfig
fi
# The NVIDIA driver's Vulkan ICD, where the lent machines mount it (the device tool's README).
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
# (VK_ICD_FILENAMES: the same for Vulkan loaders older than 1.3.207.)
[ -f "$icd" ] && export VK_DRIVER_FILES="$icd" VK_ICD_FILENAMES="$icd"
{
  nvidia-smi -L || true
  ldconfig -p | grep libvulkan || true
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
} > "$out/gpu.txt" 2>&1
cd "$work/app"
# The native kernels built for AVX-512 where the CPU has what x86-64-v4 assumes (else AVX2's stay).
if grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo \
  && grep -qw avx512dq /proc/cpuinfo && grep -qw avx512cd /proc/cpuinfo; then
  cp build/x86-64-v4/pipeline_kernels.node build/Release/pipeline_kernels.node
  echo "native kernels: x86-64-v4 (AVX-512)" >> "$out/gpu.txt"
else
  echo "native kernels: x86-64-v3 (AVX2)" >> "$out/gpu.txt"
fi
# The caller's arguments come first: the bench takes the first value of a repeated flag.
./node dist/bench/gpu.js "$@" --data data/gowalla --adapter hardware 2>&1 | tee "$out/bench-gpu.md"
