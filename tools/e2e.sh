#!/bin/bash
# End-to-end: the dev-tagged binary (real Go backend, real bindings) serves the built frontend
# on loopback; Debian's Chromium, driven by playwright-core, uses it like a person would.
# GTK still has to start, so it runs under Xvfb, on a private D-Bus, in a throwaway home.
set -euo pipefail
bin=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 34199)
mkdir -p "$tmp/home" "$tmp/run" "$tmp/data" && chmod 700 "$tmp/run"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export E2E_BASE_URL="http://127.0.0.1:$port/" E2E_HOME="$tmp/home" E2E_BIN="$bin"
export E2E_ARTIFACTS="$root/build/bin/e2e"
mkdir -p "$E2E_ARTIFACTS"
cd "$root"
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- bash -c '
  set -e
  # A real Secret Service for the connections the test adds (a throwaway, unlocked keyring).
  printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  assetdir="'"$root"'/frontend/dist" devserver="127.0.0.1:'"$port"'" \
    "$E2E_BIN" --home "$E2E_HOME" demo >"$E2E_ARTIFACTS/app.log" 2>&1 &
  app=$!
  trap "kill $app 2>/dev/null; wait $app 2>/dev/null || true" EXIT
  for i in $(seq 1 150); do
    if curl -fsS -o /dev/null "$E2E_BASE_URL"; then break; fi
    if ! kill -0 $app 2>/dev/null; then echo "the app exited:"; cat "$E2E_ARTIFACTS/app.log"; exit 1; fi
    sleep 0.2
  done
  node frontend/tests/e2e/run.mjs
'
# The review report and the bundle window the e2e rendered are shown in the README.
for shot in review-report e2e-bundle; do
  if [ -s "$E2E_ARTIFACTS/$shot.png" ]; then cp -f "$E2E_ARTIFACTS/$shot.png" "$root/build/screenshots/$shot.png"; fi
done
