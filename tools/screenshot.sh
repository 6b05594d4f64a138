#!/bin/bash
# Screenshot of the real desktop window under Xvfb, on the demo workspace after a refresh.
#   tools/screenshot.sh BIN OUT            the sessions table with a session's detail pane
#   tools/screenshot.sh BIN OUT map USER   the map, with USER's travel path (typed into the filter)
set -euo pipefail
bin=$(realpath "$1")
out=$2
view=${3:-sessions}
who=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/run" "$(dirname "$out")" && chmod 700 "$tmp/run"
export XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
# Fill the demo workspace first (the command line refreshes the same demo orgs).
"$bin" --home "$tmp/home" demo init
"$bin" --home "$tmp/home" refresh --all 2>/dev/null
export SHOT_OUT=$(realpath -m "$out") SHOT_BIN="$bin" SHOT_HOME="$tmp/home" SHOT_VIEW="$view" SHOT_WHO="$who"
xvfb-run -a -s "-screen 0 1440x900x24 -nolisten tcp" dbus-run-session -- bash -c '
  rm -f "$SHOT_OUT"
  "$SHOT_BIN" --home "$SHOT_HOME" demo --view "$SHOT_VIEW" >"$SHOT_HOME/app.log" 2>&1 &
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
  [ -n "$wid" ] || { echo "screenshot: the window never appeared" >&2; exit 1; }
  # A window that has drawn its page has many colours; a blank or half-painted one a handful.
  # Wait (bounded) for a drawn page instead of sleeping a fixed time, then a little for rows.
  drawn() { import -window "$wid" "$SHOT_OUT.probe.png" 2>/dev/null &&
    [ "$(identify -format %k "$SHOT_OUT.probe.png" 2>/dev/null || echo 0)" -gt 200 ]; }
  for i in $(seq 1 180); do drawn && break; sleep 1; done
  sleep 2
  if [ -n "$wid" ] && [ "$SHOT_VIEW" = sessions ]; then
    # Open the detail pane of the second row, as a reviewer would.
    xdotool mousemove --window "$wid" 420 190 click 1 || true
  elif [ -n "$wid" ] && [ -n "$SHOT_WHO" ]; then
    # "/" focuses the filter box; the user typed there is the one whose travel the map draws.
    xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid" || true
    xdotool key --window "$wid" slash || true
    sleep 0.3
    xdotool type --window "$wid" --delay 40 "$SHOT_WHO" || true
    sleep 4
    # Select their first session (the first row of the table under the map): the map draws
    # the travel path of that user and the detail pane opens.
    xdotool mousemove --window "$wid" 420 622 click 1 || true
    sleep 3
  fi
  # Move the pointer off the window so no tooltip is caught in the picture.
  xdotool mousemove 1435 895 || true
  sleep 2
  for attempt in $(seq 1 60); do
    if drawn; then mv "$SHOT_OUT.probe.png" "$SHOT_OUT"; break; fi
    sleep 1
  done
  rm -f "$SHOT_OUT.probe.png"
  [ -s "$SHOT_OUT" ] || { echo "--- the app log:"; tail -40 "$SHOT_HOME/app.log"; } >&2
'
# A blank window is a failure, not a screenshot.
test -s "$out" || { echo "screenshot: the window did not draw its page (see the app log above)" >&2; exit 1; }
echo "screenshot: $out ($(identify -format '%wx%h, %k colours' "$out"))"
