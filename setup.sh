#!/usr/bin/env bash
# One command from a fresh clone to rows on screen: installs unixODBC if it is
# missing, then `apiodbc setup` builds the library, registers the
# drivers, starts the demo sandbox in the background, creates the StripeDemo
# data source and runs sample queries through isql. Safe to re-run;
# `cargo run -p apiodbc-installer -- uninstall` removes everything it added.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v odbcinst >/dev/null || ! command -v isql >/dev/null || ! [ -e /usr/include/sql.h ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup.sh: install unixODBC (driver manager, odbcinst, isql, headers) with your package manager, then re-run" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq unixodbc unixodbc-dev odbcinst
fi

# Cargo's own progress shows from the first second. The library and the
# apiodbc command are built in one cargo invocation and the command is then
# run directly: `cargo run -p apiodbc-installer` would resolve features for
# the command alone and compile the dependencies it shares with the library
# a second time.
echo "setup.sh: building the driver library and the apiodbc command (profile local)..."
cargo build --profile local -p apiodbc -p apiodbc-installer
target_dir=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
exec "$target_dir/local/apiodbc" setup "$@"
