"""A Content-Security-Policy for every page, as a <meta http-equiv> written at build time.

Scripts may come from the site itself and, inline, only when their exact text is allowed by its
SHA-256 hash (the theme's and our own small inline scripts); nothing may load from another host.
Styles may be inline: the charts are inline SVG that carry their own style attributes.

Others adding a script: put it in a file under docs/ (allowed as 'self'), or inline (hashed here
automatically); never an event-handler attribute (onclick=...) or a javascript: URL, which a
hash does not allow.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
META = '<meta http-equiv="Content-Security-Policy" content="{}">'

# `mkdocs serve` injects its own inline live-reload script into every page it serves; there the
# policy would block it, so the pages are built without one (set by the hooks' on_startup).
enforced = True


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' for each distinct inline script that a browser would run, in order of appearance."""
    hashes: list[str] = []
    for match in SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue  # a data block (type="application/json") is never run
        digest = base64.b64encode(hashlib.sha256(match.group("body").encode("utf-8")).digest()).decode()
        if f"sha256-{digest}" not in hashes:
            hashes.append(f"sha256-{digest}")
    return hashes


def policy(hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *(f"'{h}'" for h in hashes)])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'")


def with_policy(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = META.format(policy(inline_script_hashes(html)))
    charset = _CHARSET.search(html)
    if charset:
        return html[:charset.end()] + meta + html[charset.end():]
    updated, found = re.subn(r"<head\b[^>]*>", lambda m: m.group(0) + meta, html, count=1)
    if not found:  # a page without a policy would be a silent hole: stop instead
        raise ValueError("no <meta charset> or <head> to put the Content-Security-Policy after")
    return updated


def apply_to_site(site_dir: Path) -> int:
    """Add the policy to every HTML page of a built site; returns how many pages were written."""
    if not enforced:
        return 0
    count = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        try:
            updated = with_policy(html)
        except ValueError as exc:
            raise ValueError(f"{page.relative_to(site_dir)}: {exc}") from None
        if updated != html:
            page.write_text(updated, encoding="utf-8")
            count += 1
    return count
