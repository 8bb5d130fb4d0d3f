#!/usr/bin/env bash
# Build and serve the site on http://127.0.0.1:8000/ (French) and /en/ (English).
. "$(dirname "$0")/_venv.sh" requirements.txt
exec .venv/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000 "$@"
