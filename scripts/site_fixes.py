"""Fixes applied to the built site for what mkdocs-static-i18n gets wrong out of the box."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse


def absolute_alternates(site_url: str, alternates: list[dict]) -> list[dict]:
    """hreflang alternates as absolute URLs (search engines ignore relative ones), plus x-default."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    out = []
    for alt in alternates:
        link = alt.get("link", "")
        # Links are either relative to the site root ("en/grok/") or absolute paths ("/site/en/").
        out.append({"lang": alt["lang"], "href": urljoin(base, link)})
    default = next((a for a in out if a["lang"] == "fr"), None)
    if default:
        out.append({"lang": "x-default", "href": default["href"]})
    return out


def site_relative(link: str, site_url: str) -> str:
    """'/colossus-explainer/en/' -> 'en/' and '/colossus-explainer/' -> './' for a site under that path."""
    if not link.startswith("/"):
        return link
    base_path = urlparse(site_url).path or "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    if link.startswith(base_path):
        return link[len(base_path):] or "./"
    return link


def split_search_index(site_dir: Path, prefixes: list[str]) -> None:
    """Give each language a search index with only its own pages.

    The plugin merges every language into each index (its issue #271); a French reader would
    otherwise get English results. Locations are relative to the site root: `en/...` is English.
    """
    root_index = site_dir / "search" / "search_index.json"
    merged = json.loads(root_index.read_text(encoding="utf-8"))
    docs = merged["docs"]

    def language_of(location: str) -> str | None:
        head = location.split("/", 1)[0]
        return head if head in prefixes else None

    default = dict(merged, docs=[d for d in docs if language_of(d["location"]) is None])
    if not default["docs"]:
        raise ThemeChanged(f"{root_index}: no page of the default language in the search index: its layout changed")
    for prefix in prefixes:
        own = []
        for d in docs:
            if language_of(d["location"]) == prefix:
                # The English index is loaded from /en/, so its locations are relative to /en/.
                own.append(dict(d, location=d["location"][len(prefix) + 1:]))
        if not own:
            raise ThemeChanged(f"{root_index}: no page under {prefix}/ in the search index: its layout changed")
        target = site_dir / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        config = dict(merged.get("config", {}), lang=[prefix])
        _write_json(target, dict(merged, config=config, docs=own))
    default["config"] = dict(merged.get("config", {}), lang=["fr"])
    _write_json(root_index, default)


def _write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def move_404(site_dir: Path, language: str) -> None:
    """Give a language its own 404 page instead of the shared one the last build overwrote (#284)."""
    (site_dir / language).mkdir(parents=True, exist_ok=True)
    shutil.move(site_dir / "404.html", site_dir / language / "404.html")


class ThemeChanged(ValueError):
    """A rewrite of the theme's output did not find the markup it was written for."""


_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def clean_theme_html(html: str, where: str = "a page") -> str:
    """Drop `autocomplete` from the theme's hidden checkbox toggles: HTML allows it only on text-like inputs.

    Every page the theme renders has them (the drawer and search toggles); finding none means the
    theme's markup changed and this fix no longer does what it says, so the build stops.
    """
    cleaned, found = _TOGGLE.subn(r"\1", html)
    if not found:
        raise ThemeChanged(f'{where}: no <input class="md-toggle" ... autocomplete="off"> in the theme\'s output: '
                           "the theme's markup changed; update or remove clean_theme_html in scripts/site_fixes.py")
    return cleaned
