"""Smaller text files for the first visit: comments and indentation out of our own CSS, JS and pages.

Deliberately simple: our CSS and JS use block comments only and no string contains "/*", and the
pages have no preformatted text; the tests check that the site still renders and behaves the same.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_PRE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S)


def minify_css(css: str) -> str:
    css = _BLOCK_COMMENT.sub("", css)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,>])\s*", r"\1", css)
    return css.replace(";}", "}").strip() + "\n"


def minify_js(js: str) -> str:
    js = _BLOCK_COMMENT.sub("", js)
    return "\n".join(line.strip() for line in js.splitlines() if line.strip()) + "\n"


def minify_html(html: str) -> str:
    """Indentation and blank lines out, outside preformatted text; one line break is kept."""
    parts = _PRE.split(html)
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(re.sub(r"\n\s+", "\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def minify_assets(site_dir: Path, names: list[str]) -> None:
    for name in names:
        path = site_dir / name
        text = path.read_text(encoding="utf-8")
        path.write_text(minify_css(text) if name.endswith(".css") else minify_js(text), encoding="utf-8")


_COLOR_ATTR = re.compile(r"\[data-md-color-(?:primary|accent)=([a-z-]+)\]")
_GROUPS = ("@media", "@supports", "@layer", "@container")  # at-rules that hold rules


def _skip_string(css: str, i: int) -> int:
    """The index after the quoted string starting at css[i]."""
    quote, i = css[i], i + 1
    while css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _find(css: str, chars: str, i: int) -> int:
    """The index of the first of `chars` at or after i, outside strings and parentheses (-1 if none)."""
    depth = 0
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in chars:
            return i
        i += 1
    return -1


def _block_end(css: str, brace: int) -> int:
    """The index of the "}" closing the block opened at css[brace]."""
    depth, i = 0, brace
    while True:
        c = css[i]
        if c in "\"'":
            i = _skip_string(css, i)
            continue
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i
        i += 1


def _selectors(head: str) -> list[str]:
    out, i = [], 0
    while True:
        comma = _find(head, ",", i)
        if comma < 0:
            return out + [head[i:]]
        out.append(head[i:comma])
        i = comma + 1


def prune_rules(css: str, drop) -> str:
    """A minified stylesheet without the selectors `drop(selector)` rejects; a rule left with none goes."""
    out, i, n = [], 0, len(css)
    while i < n:
        stop = _find(css, "{};", i)
        if stop < 0:
            out.append(css[i:])
            break
        if css[stop] in "};":  # the end of a group, or a statement such as @charset
            out.append(css[i:stop + 1])
            i = stop + 1
            continue
        head = css[i:stop]
        if head.lstrip().startswith(_GROUPS):
            out.append(css[i:stop + 1])  # its rules are pruned one by one, its "}" kept above
            i = stop + 1
            continue
        end = _block_end(css, stop)
        if head.lstrip().startswith("@"):  # @font-face, @keyframes...: kept whole
            out.append(css[i:end + 1])
        else:
            kept = [sel for sel in _selectors(head) if not drop(sel)]
            if kept:
                out.append(",".join(kept) + css[stop:end + 1])
        i = end + 1
    return "".join(out)


def prune_palette(css: str, keep: set[str]) -> str:
    """The theme's palette stylesheet without the colours the site never uses (it holds all 21)."""
    return prune_rules(css, lambda sel: not set(_COLOR_ATTR.findall(sel)) <= keep)


def _top_level(selector: str) -> str:
    """A selector without what its parentheses hold: ":is(a,[dir=rtl] b)" or ":not(.x)" match more
    than what they name, so only what stands outside them may rule a selector out."""
    while (inner := re.sub(r"\([^()]*\)", "", selector)) != selector:
        selector = inner
    return selector


def prune_rtl(css: str) -> str:
    """The theme's stylesheet without its right-to-left rules: both our languages read left to right."""
    return prune_rules(css, lambda sel: "[dir=rtl]" in _top_level(sel))


_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"[\w-]+")


def prune_unused(css: str, texts: list[str], never_created: tuple[str, ...] = ()) -> str:
    """The theme's stylesheet without selectors naming a class that appears nowhere in `texts` (the
    built pages and every script that could add a class): features the site does not use (code
    highlighting, tabs, blog, cookie consent...). Computed on the built site, so a feature a page
    starts using keeps its styles. Classes starting with one of `never_created` count as absent even
    though a script names them (see `classes_never_created`)."""
    words = set()
    for text in texts:
        words.update(_WORD.findall(text))
    words = {w for w in words if not w.startswith(never_created)} if never_created else words
    return prune_rules(css, lambda sel: any(c not in words for c in _CLASS.findall(_top_level(sel))))


# Families of classes the theme's script creates at run time, and what makes it create them: a
# feature turned on in mkdocs.yml, or some markup in a page (code blocks, link previews). The script
# names them, so prune_unused alone would keep their styles (4 KB of tooltips, for one).
RUNTIME_CLASSES = {
    "md-tooltip": (("content.tooltips", "content.footnote.tooltips", "navigation.instant.preview",
                    "content.code.annotate"), ("data-preview", "<pre")),
    "md-annotation": (("content.code.annotate",), ("<pre",)),
    "md-code__": (("content.code.copy", "content.code.select", "content.code.annotate"), ("<pre",)),
}


def classes_never_created(features: list[str], pages: list[str]) -> tuple[str, ...]:
    """The families of RUNTIME_CLASSES that nothing turned on and no page can call up."""
    return tuple(family for family, (switches, markup) in RUNTIME_CLASSES.items()
                 if not set(switches) & set(features) and not any(m in page for page in pages for m in markup))


_PROPERTY = re.compile(r"--[\w-]+")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_DECLARED = re.compile(r"(--[\w-]+)\s*:")


def prune_unused_properties(css: str, texts: list[str]) -> str:
    """The stylesheet without custom properties nothing reads: once prune_unused has dropped the rules
    of unused features, their icons (SVG data URIs, the bulk of the theme's :root) stay defined for
    nobody. A property is kept if this sheet reads it with var() or any of `texts` (the other
    stylesheets, the pages, the scripts) names it at all, so one set from or read by a script stays."""
    keep = set(_VAR.findall(css))
    for text in texts:
        keep.update(_PROPERTY.findall(text))
    out, i, n = [], 0, len(css)
    while i < n:
        declared = _DECLARED.match(css, i)
        if declared and declared.group(1) not in keep and i > 0 and css[i - 1] in "{;":
            end = _find(css, ";}", i)
            i = n if end < 0 else end + (css[end] == ";")
            continue
        stop = _find(css, "{};", i)
        if stop < 0:
            out.append(css[i:])
            break
        out.append(css[i:stop + 1])
        i = stop + 1
    return "".join(out)


_FINGERPRINT = re.compile(r"\.[0-9a-f]{8}(\.min\.css)$")


def rewrite_fingerprinted(site_dir: Path, sheet: Path, css: str) -> None:
    """Replace a theme stylesheet whose name carries a hash of its content (served as immutable) by
    `css` under a name with the new content's hash, and point every page at it: a browser that kept
    the old file must never take it for the new one."""
    digest = hashlib.sha256(css.encode()).hexdigest()[:8]
    new = sheet.with_name(_FINGERPRINT.sub(rf".{digest}\1", sheet.name))
    if new == sheet:
        return
    new.write_text(css, encoding="utf-8")
    sheet.unlink()
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if sheet.name in html:
            page.write_text(html.replace(sheet.name, new.name), encoding="utf-8")
