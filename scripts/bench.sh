#!/usr/bin/env bash
# goodfaith against the raw multi-pattern search floor, whole process, on this machine.
#
#   scripts/bench.sh [--big] [--quick] [FILE]
#
# Builds the release binary, writes the deterministic corpus (examples/bench_corpus.rs)
# into bench/out, and prints every row of the performance table (README, Performance):
#   * MB/s of `goodfaith --format json` with the trained scorer, `-j 1` and on all cores,
#     and of `rg -c -F -i -f phrases.txt` (the lexicon's literal phrases) on the same
#     transcript (FILE, default bench/out/transcript-20mb.txt), with each ratio;
#   * what the scorer costs: `-j 1` with it against `-j 1 --no-model`;
#   * the whole-process time of a short email draft, with the scorer;
#   * throughput at 1 MB and 20 MB (and 200 MB with --big): it should not drop;
#   * a folder of 100 kB files on one thread and on all cores, and a 100 MB NDJSON stream
#     (`--input-format ndjson --format ndjson`, all cores);
#   * peak memory (maximum resident set) of each, from /usr/bin/time -v.
# Times are the best of several runs (hyperfine when installed). ripgrep, hyperfine and
# GNU time are installed with apt-get when missing and possible; otherwise what needs
# them is skipped. --quick runs fewer repetitions. BIN=path times another build (after
# building this one), for a before-and-after on the same machine and load.
set -euo pipefail
cd "$(dirname "$0")/.."

BIG=0
RUNS=5
FILE=""
for arg in "$@"; do
  case "$arg" in
    --big) BIG=1 ;;
    --quick) RUNS=2 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) FILE="$arg" ;;
  esac
done
OUT=${BENCH_OUT:-bench/out}
BIN=${BIN:-target/release/goodfaith}   # BIN=other/goodfaith compares another build

have() { command -v "$1" >/dev/null 2>&1; }

install_missing() {
  local missing=()
  have rg || missing+=(ripgrep)
  have hyperfine || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  [ ${#missing[@]} -eq 0 ] && return
  if have apt-get && [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]} with apt-get"
    (apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }) ||
      echo "could not install ${missing[*]}: the comparisons that need them are skipped"
  else
    echo "missing ${missing[*]} (not root or no apt-get): the comparisons that need them are skipped"
  fi
}

# best SECONDS of running "$@" (output discarded).
best() {
  if have hyperfine; then
    local json
    json=$(mktemp)
    hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    sed -n 's/.*"min": *\([0-9.e+-]*\).*/\1/p' "$json" | head -1
    rm -f "$json"
    return
  fi
  local min="" i start end t
  for ((i = 0; i <= RUNS; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')
    # The first run warms the page cache.
    if ((i > 0)) && { [ -z "$min" ] || awk -v t="$t" -v m="$min" 'BEGIN { exit !(t < m) }'; }; then min=$t; fi
  done
  echo "$min"
}

# Peak resident memory of "$@", in MB.
peak_mb() {
  if [ ! -x /usr/bin/time ]; then echo "?"; return; fi
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}

bytes_of() { if [ -d "$1" ]; then du -sb "$1" | cut -f1; else wc -c <"$1"; fi; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

install_missing
echo "== building (release)"
cargo build --release --quiet --bin goodfaith --example bench_corpus
SIZES=1,20
((BIG)) && SIZES=1,20,200
target/release/examples/bench_corpus --out "$OUT" --sizes "$SIZES" --stream 100 --folder 20 2>/dev/null
FILE=${FILE:-$OUT/transcript-20mb.txt}
SIZE=$(bytes_of "$FILE")

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== one file: $FILE ($(awk -v b="$SIZE" 'BEGIN { printf "%.1f", b / 1e6 }') MB)"
JSON=(--format json --fail-on never)
T_GF=$(best "$BIN" "${JSON[@]}" -j 1 "$FILE")
T_ALL=$(best "$BIN" "${JSON[@]}" "$FILE")
T_NM=$(best "$BIN" "${JSON[@]}" -j 1 --no-model "$FILE")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "goodfaith -j 1            $(mbps "$SIZE" "$T_GF") MB/s   (${T_GF} s)   peak $(peak_mb "$BIN" "${JSON[@]}" -j 1 "$FILE") MB"
echo "goodfaith, all $(nproc) cores     $(mbps "$SIZE" "$T_ALL") MB/s   (${T_ALL} s)   peak $(peak_mb "$BIN" "${JSON[@]}" "$FILE") MB"
echo "goodfaith -j 1 --no-model $(mbps "$SIZE" "$T_NM") MB/s   (${T_NM} s): the scorer costs $(awk -v a="$T_GF" -v b="$T_NM" 'BEGIN { printf "%.1f", 100 * (1 - b / a) }')% of throughput"
if have rg; then
  T_RG=$(best rg -c -F -i -f "$OUT/phrases.txt" "$FILE")
  echo "rg -c -F -i -f phrases    $(mbps "$SIZE" "$T_RG") MB/s   (${T_RG} s, $(wc -l <"$OUT/phrases.txt") phrases)"
  echo "ratio goodfaith / rg      $(ratio "$T_GF" "$T_RG")x the floor's time with -j 1, $(ratio "$T_ALL" "$T_RG")x on all cores"
fi

echo "== a short email draft, whole process"
T_EMAIL=$(RUNS=$((RUNS * 4)) best "$BIN" --fail-on never "$OUT/email.txt")
echo "email draft               $(awk -v s="$T_EMAIL" 'BEGIN { printf "%.2f", s * 1000 }') ms   peak $(peak_mb "$BIN" --fail-on never "$OUT/email.txt") MB"

echo "== linear in input size"
for mb in ${SIZES//,/ }; do
  f=$OUT/transcript-${mb}mb.txt
  t=$(best "$BIN" --format json --fail-on never "$f")
  echo "transcript ${mb} MB          $(mbps "$(bytes_of "$f")" "$t") MB/s   peak $(peak_mb "$BIN" --format json --fail-on never "$f") MB"
done

echo "== many files: $OUT/folder-20mb ($(ls "$OUT/folder-20mb" | wc -l) files)"
DIR_SIZE=$(bytes_of "$OUT/folder-20mb")
T1=$(best "$BIN" --format json --fail-on never --threads 1 "$OUT/folder-20mb")
TN=$(best "$BIN" --format json --fail-on never "$OUT/folder-20mb")
echo "one thread                $(mbps "$DIR_SIZE" "$T1") MB/s"
echo "all $(nproc) cores               $(mbps "$DIR_SIZE" "$TN") MB/s   speed-up $(awk -v a="$T1" -v b="$TN" 'BEGIN { printf "%.2f", a / b }')x   peak $(peak_mb "$BIN" --format json --fail-on never "$OUT/folder-20mb") MB"

echo "== an NDJSON stream: $OUT/stream-100mb.ndjson, all $(nproc) cores"
STREAM=$OUT/stream-100mb.ndjson
NDJSON=(--input-format ndjson --format ndjson --fail-on never)
T_S=$(RUNS=1 best "$BIN" "${NDJSON[@]}" "$STREAM")
echo "ndjson stream             $(mbps "$(bytes_of "$STREAM")" "$T_S") MB/s   peak $(peak_mb "$BIN" "${NDJSON[@]}" "$STREAM") MB"
