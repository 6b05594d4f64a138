#!/bin/bash
# Screenshot of the real desktop window under Xvfb, on the demo workspace after a refresh.
set -euo pipefail
bin=$(realpath "$1")
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/run" "$(dirname "$out")" && chmod 700 "$tmp/run"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
# Fill the demo workspace first (the command line refreshes the same demo orgs).
"$bin" --home "$tmp/home" demo init
"$bin" --home "$tmp/home" refresh --all 2>/dev/null
export SHOT_OUT=$(realpath -m "$out") SHOT_BIN="$bin" SHOT_HOME="$tmp/home"
xvfb-run -a -s "-screen 0 1440x900x24 -nolisten tcp" dbus-run-session -- bash -c '
  rm -f "$SHOT_OUT"
  "$SHOT_BIN" --home "$SHOT_HOME" demo >"$SHOT_HOME/app.log" 2>&1 &
  app=$!
  trap "kill $app 2>/dev/null; wait $app 2>/dev/null || true" EXIT
  # Wait for the window to map, then give the page time to load its first window of rows.
  wid=""
  for i in $(seq 1 150); do
    wid=$(xdotool search --onlyvisible --name "^SessionScope$" 2>/dev/null | tail -1)
    [ -n "$wid" ] && break
    sleep 0.2
  done
  echo "window id: ${wid:-none}"
  sleep 6
  if [ -n "$wid" ]; then
    # Open the detail pane of the second row, as a reviewer would.
    xdotool mousemove --window "$wid" 420 190 click 1 || true
  fi
  # Move the pointer off the window so no tooltip is caught in the picture.
  xdotool mousemove 1435 895 || true
  sleep 2
  for attempt in 1 2 3; do
    if [ -n "$wid" ] && import -window "$wid" "$SHOT_OUT" 2>/dev/null; then break; fi
    sleep 1
  done
  [ -s "$SHOT_OUT" ] || import -window root "$SHOT_OUT"
'
test -s "$out"
echo "screenshot: $out"
