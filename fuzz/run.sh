#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets with swiftc directly over the OHLVCore sources they need (no
# Package.swift change), seeds each corpus from the real fixtures and the repo's test inputs, runs each for
# FUZZ_SECONDS (default 60), and turns any crash, trap or hang into fuzz/regressions/TARGET-<sha1>, which
# fuzz/replay.sh and BadInputCorpusTests replay through the release tools.
#   fuzz/run.sh [--build-only] [TARGET...]      TARGET: json csv index (default all three)
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_DIR=${FUZZ_DIR:-.build/fuzz}
FIXTURES=${OHLCV_FIXTURES:-../shared/fixtures}
build_only=0
targets=()
for a in "$@"; do case $a in --build-only) build_only=1;; *) targets+=("$a");; esac; done
[ ${#targets[@]} -gt 0 ] || targets=(json csv index)
mkdir -p "$FUZZ_DIR" fuzz/regressions

# Every OHLCVCore source: the module depends on no other.
mapfile -t core < <(find Sources/OHLCVCore -name '*.swift' | sort)
name_of() { case $1 in json) echo FuzzJSON;; csv) echo FuzzCSV;; index) echo FuzzIndex;; esac; }

build() {
  local t=$1 n; n=$(name_of "$t")
  local out="$FUZZ_DIR/fuzz-$t"
  if [ -x "$out" ] && [ -z "$(find "${core[@]}" "fuzz/targets/$n.swift" -newer "$out" 2>/dev/null | head -1)" ]; then return; fi
  echo "fuzz: building $out" >&2
  swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name OHLCVCore \
    "${core[@]}" "fuzz/targets/$n.swift" -o "$out" 2> "$FUZZ_DIR/build-$t.log" \
    || { cat "$FUZZ_DIR/build-$t.log" >&2; echo "fuzz: build of $t failed" >&2; exit 1; }
}

seed() {
  local t=$1 dir="$FUZZ_DIR/corpus-$t"
  mkdir -p "$dir"
  set +e +o pipefail
  case $t in
    json)
      [ -d "$FIXTURES/jetta" ] && find "$FIXTURES/jetta" -name '*.json' -size -400k | head -40 | xargs -r cp -t "$dir"
      find Tests/bad-inputs -name 'input.json' 2>/dev/null | while read -r f; do cp "$f" "$dir/bad-$(echo "$f" | md5sum | cut -c1-8).json"; done
      python3 tools/gen_days.py --symbols EUR-USD,BTC-USD --start 2026-07-06 --end 2026-07-08 --out "$FUZZ_DIR/gen" >/dev/null 2>&1 \
        && find "$FUZZ_DIR/gen" -name '*.json' | xargs -r cp -t "$dir" || true ;;
    csv)
      [ -d "$FIXTURES/expected" ] && find "$FIXTURES/expected" -name '*.csv' -size -200k | head -40 | while read -r f; do head -c 20000 "$f" > "$dir/$(basename "$f")"; done
      find Tests/bad-inputs -name 'input.csv' 2>/dev/null | while read -r f; do cp "$f" "$dir/bad-$(echo "$f" | md5sum | cut -c1-8).csv"; done ;;
    index)
      printf 'ohlcv-index 1\nconfig stage=aggregate decimals=8 align=utc\nlineage 5f0c2a9e31d4b7a8\nlength 100\nopen-offset 38\nopen-time 1783641600\nsource-lineage -\nsource-length 0\nsource-open-offset 0\nsource-generation 0\ngeneration 2\nchange 1 1783641600\nchange 2 1783641660\n' > "$dir/body"
      python3 - "$dir/body" > "$dir/valid.idx" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read(); h = 0xcbf29ce484222325
for x in b: h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
sys.stdout.write(b.decode() + "checksum %016x\n" % h)
PY
      rm "$dir/body"
      find Tests/bad-inputs -name '*.idx' 2>/dev/null | while read -r f; do cp "$f" "$dir/bad-$(echo "$f" | md5sum | cut -c1-8).idx"; done ;;
  esac
  set -e -o pipefail
}

status=0
for t in "${targets[@]}"; do
  build "$t"
  [ $build_only = 1 ] && continue
  seed "$t"
  art="$FUZZ_DIR/artifacts-$t/"; mkdir -p "$art"
  dict=(); [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
  echo "fuzz: $t for ${FUZZ_SECONDS}s (corpus $(ls "$FUZZ_DIR/corpus-$t" | wc -l) files)" >&2
  set +e
  "$FUZZ_DIR/fuzz-$t" "$FUZZ_DIR/corpus-$t" "${dict[@]}" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$art" -print_final_stats=1 > "$FUZZ_DIR/log-$t.txt" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$FUZZ_DIR/log-$t.txt" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -E '^#[0-9]+.*(DONE|INITED)' "$FUZZ_DIR/log-$t.txt" | tail -1 | grep -o 'cov: [0-9]*' || true)
  for f in "$art"*; do
    [ -f "$f" ] || continue
    name="$t-$(sha1sum "$f" | cut -c1-12)"
    kind=$(basename "$f" | cut -d- -f1)
    if [ ! -f "fuzz/regressions/$name" ]; then cp "$f" "fuzz/regressions/$name"; echo "fuzz: $t: new $kind input → fuzz/regressions/$name" >&2; fi
    rm -f "$f"
  done
  echo "fuzz: $t: exit $rc, $execs executions, $cov, log $FUZZ_DIR/log-$t.txt" >&2
  [ $rc = 0 ] || status=1
done
exit $status
