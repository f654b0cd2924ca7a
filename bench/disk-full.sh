#!/usr/bin/env bash
# Disk-full and read-only tests (root only: mounts a 2 MiB tmpfs, then remounts it read-only). build-graph and train must fail with one line
# (exit 1, ENOSPC), leave no partial output or temp folder, and keep an earlier complete output.
#   bash bench/disk-full.sh            (after npm run build)
set -u
CLI="node $(cd "$(dirname "$0")/.." && pwd)/dist/pipeline/cli.js"
WORK=$(mktemp -d); MNT="$WORK/disk"; mkdir -p "$MNT"
mount -t tmpfs -o size=2m tmpfs "$MNT" || { echo "skip: cannot mount a tmpfs (needs root)"; exit 0; }
trap 'umount "$MNT"; rm -rf "$WORK"' EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
gen() { python3 -c "
import random; random.seed($3)
print('user,item')
for _ in range($1): print(f'u{random.randrange($2)},i{random.randrange($2 * 2 // 3)}')" > "$4"; }
gen 60000 3000 1 "$WORK/small.csv"     # a graph of ~1.8 MiB: fits
gen 150000 8000 2 "$WORK/large.csv"    # ~4.5 MiB: does not
gen 3000 300 3 "$WORK/tiny.csv"

$CLI build-graph --format csv --input "$WORK/small.csv" --out "$MNT/g" --quiet > /dev/null 2>&1
check "build-graph writes a graph that fits" '[ -f "$MNT/g/manifest.json" ]'
before=$(cat "$MNT/g/manifest.json" | sha256sum)
out=$($CLI build-graph --format csv --input "$WORK/large.csv" --out "$MNT/g" --quiet 2>&1 >/dev/null); rc=$?
echo "     $(echo "$out" | head -1)"
check "build-graph on a full disk: exit 1" '[ $rc -eq 1 ]'
check "... one error line + hint, no stack trace" '[ $(echo "$out" | wc -l) -eq 2 ] && echo "$out" | grep -q ENOSPC'
check "... the earlier graph is intact" '[ "$(cat "$MNT/g/manifest.json" | sha256sum)" = "$before" ]'
check "... no temp folder left" '[ -z "$(ls -A "$MNT" | grep -v "^g$")" ]'

rm -rf "$MNT/g"
$CLI build-graph --format csv --input "$WORK/tiny.csv" --out "$WORK/tiny-g" --quiet > /dev/null 2>&1
out=$($CLI train --graph "$WORK/tiny-g" --out "$MNT/run" --dim 1024 --epochs 2 --quiet 2>&1 >/dev/null); rc=$?
echo "     $(echo "$out" | grep -v '^epoch\|^engine\|^kernels' | head -1)"
check "train on a full disk: exit 1" '[ $rc -eq 1 ]'
check "... one error line + hint" 'echo "$out" | grep -q "^error\[os\].*ENOSPC"'
check "... no temp folder left" '[ -z "$(ls -A "$MNT/run" 2>/dev/null | grep tmp)" ]'

mount -o remount,ro "$MNT"
out=$($CLI build-graph --format csv --input "$WORK/tiny.csv" --out "$MNT/g2" --quiet 2>&1 >/dev/null); rc=$?
echo "     $(echo "$out" | head -1)"
check "build-graph into a read-only folder: exit 1, one EROFS line" '[ $rc -eq 1 ] && echo "$out" | grep -q "^error\[os\].*EROFS"'
exit $fail
