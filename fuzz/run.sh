#!/usr/bin/env bash
# Runs fuzz targets for a bounded time each; any crash, failed assertion or
# hang fails the run (CI calls this from .ci/run). tests/README.md, "Fuzzing".
#
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target)
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(escape connection_string bbql stripe_params)
fi

# Instrumented builds and the growing corpus live outside the clone, so a
# fresh CI clone starts warm; the committed seeds/ are only a starting point.
target_dir="${APIODBC_FUZZ_TARGET_DIR:-$HOME/.cache/apiodbc-fuzz-target}"
corpus_dir="${APIODBC_FUZZ_CORPUS_DIR:-$HOME/.cache/apiodbc-fuzz-corpus}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  # Built in a temporary directory, not in a CARGO_TARGET_DIR the caller set.
  env -u CARGO_TARGET_DIR cargo install cargo-fuzz --locked --version 0.13.2
fi

# Stable Rust: AddressSanitizer needs the nightly-only -Zsanitizer, and the
# targets are safe Rust, so they run without one. Release optimizations
# with debug assertions, so an integer overflow is a crash too.
fuzz=(cargo fuzz run --release --debug-assertions --sanitizer none --target-dir "$target_dir")

cargo fuzz build --release --debug-assertions --sanitizer none --target-dir "$target_dir"
for target in "${targets[@]}"; do
  mkdir -p "$corpus_dir/$target" "seeds/$target"
  rm -rf "artifacts/$target"
  echo "fuzz: $target for ${seconds}s"
  if ! "${fuzz[@]}" "$target" "$corpus_dir/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    2>"fuzz-$target.log"; then
    tail -n 60 "fuzz-$target.log"
    for crash in artifacts/"$target"/*; do
      [ -f "$crash" ] && echo "fuzz: $target failed on $crash, base64: $(base64 -w0 "$crash")"
    done
    exit 1
  fi
  grep -E "stat::number_of_executed_units|^Done [0-9]+ runs" "fuzz-$target.log" | sed "s/^/fuzz: $target: /"
done
