#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: venv, pinned packages, Debian's Chromium.
. "$(dirname "$0")/_venv.sh" requirements-test.txt
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
