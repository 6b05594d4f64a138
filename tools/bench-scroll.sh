#!/bin/bash
# Scroll benchmark: the dev-tagged binary opens an existing data folder (the one `make bench`'s
# Go benchmark leaves behind: about a million sessions) and serves the built frontend on
# loopback; Debian's Chromium, driven by playwright-core, scrolls its sessions table and
# measures the longest frame (frontend/tests/e2e/scroll-bench.mjs).
# GTK still has to start, so the app runs under Xvfb, on a private D-Bus, in a throwaway home.
# Usage: tools/bench-scroll.sh DEV-BINARY DATA-FOLDER
set -euo pipefail
if [ $# -ne 2 ] || [ ! -f "$2/sessionscope.db" ]; then
  echo "usage: $0 DEV-BINARY DATA-FOLDER (a folder holding sessionscope.db)" >&2
  exit 2
fi
bin=$(realpath "$1")
data=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 34198)
mkdir -p "$tmp/run" "$tmp/data" && chmod 700 "$tmp/run"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export BENCH_BASE_URL="http://127.0.0.1:$port/" BENCH_BIN="$bin" BENCH_DATA="$data"
export BENCH_COMMAND="tools/bench-scroll.sh $1 DATA-FOLDER → node frontend/tests/e2e/scroll-bench.mjs"
export BENCH_LOG="$tmp/app.log"
cd "$root"
xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" dbus-run-session -- bash -c '
  set -e
  printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  # No "demo" argument: the window opens the data folder as it is.
  assetdir="'"$root"'/frontend/dist" devserver="127.0.0.1:'"$port"'" \
    "$BENCH_BIN" --home "$BENCH_DATA" >"$BENCH_LOG" 2>&1 &
  app=$!
  trap "kill $app 2>/dev/null; wait $app 2>/dev/null || true" EXIT
  for i in $(seq 1 300); do
    if curl -fsS -o /dev/null "$BENCH_BASE_URL"; then break; fi
    if ! kill -0 $app 2>/dev/null; then echo "the app exited:"; cat "$BENCH_LOG"; exit 1; fi
    sleep 0.2
  done
  node frontend/tests/e2e/scroll-bench.mjs || { echo "app log:"; tail -n 40 "$BENCH_LOG"; exit 1; }
'
