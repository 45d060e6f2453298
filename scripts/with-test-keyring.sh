#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throw-away, unlocked
# gnome-keyring, so keychain tests never touch the developer's own keychain.
# Usage: scripts/with-test-keyring.sh CMD [ARGS...]
set -euo pipefail
if [ "${NEXUS_QA_IN_TEST_KEYRING:-}" = "1" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-test-keyring: dbus-run-session or gnome-keyring-daemon is missing (apt: dbus gnome-keyring); keychain tests will report it" >&2
  exec "$@"
fi
tmp=$(mktemp -d -t nexus-qa-keyring.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export NEXUS_QA_KEYRING_HOME="$tmp"
exec dbus-run-session -- bash -c '
  export HOME="$NEXUS_QA_KEYRING_HOME" XDG_DATA_HOME="$NEXUS_QA_KEYRING_HOME/data" XDG_RUNTIME_DIR="$NEXUS_QA_KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf "throwaway\n" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  export GNOME_KEYRING_CONTROL NEXUS_QA_IN_TEST_KEYRING=1 NEXUS_QA_TEST_KEYRING=1
  exec "$@"
' bash "$@"
