#!/bin/sh
# Runs a command with a private, unlocked gnome-keyring (a real Secret Service) on a private
# D-Bus session, in throwaway XDG folders, so tests never touch the user's own keyring.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/data" "$tmp/run"
chmod 700 "$tmp/run"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
export SESSIONSCOPE_KEYRING_TESTS=1
exec dbus-run-session -- sh -c '
  printf "test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@"
