#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: venv and pinned Python packages, pinned npm
# checkers (axe-core, Nu HTML Checker), and Debian's Chromium, Java and Hunspell dictionaries.
. "$(dirname "$0")/_venv.sh" requirements-test.txt

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v hunspell >/dev/null 2>&1 || missing+=(hunspell)
[ -f /usr/share/hunspell/fr_FR.dic ] || [ -f /usr/share/hunspell/fr.dic ] || missing+=(hunspell-fr)
[ -f /usr/share/hunspell/en_US.dic ] || missing+=(hunspell-en-us)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

lock_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$lock_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$lock_stamp"
fi

exec .venv/bin/python -m pytest "$@"
