#!/usr/bin/env bash
# Build and serve the site on http://127.0.0.1:8000/ (French) and http://127.0.0.1:8000/en/ (English).
. "$(dirname "$0")/_venv.sh" requirements.txt
# Local addresses everywhere (hreflang, sitemap, 404 links), served from the root.
export SITE_URL="${SITE_URL:-http://127.0.0.1:8000/}"
exec .venv/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8000 "$@"
