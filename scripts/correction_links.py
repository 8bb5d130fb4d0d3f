"""The "report a correction" link of a figure, and the anchors of the figures a page shows.

The link opens the repository's correction form (.github/ISSUE_TEMPLATE/correction.yml) with the
figure's id, its value as the page shows it, the page's address and its language filled in, through
GitHub's issue-form query parameters: a plain link, no script.

Tables mark each figure with `data-fig="ID"` and leave a slot after it (figure_ids.fix_slot);
`annotate` runs once per page over its rendered blocks, puts each figure's anchor on one place of
the page (a page must not repeat an id) and turns the slots into links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from scripts import formatting as fmt
from scripts.figure_ids import FigureRef, all_figures, describe
from scripts.labels import label
from scripts.model import DataSet
from scripts.tables import figure_text

TEMPLATE = "correction.yml"
_SLOT = re.compile(r'<span data-fix="([a-z0-9_.-]+)"></span>')
_FIG = re.compile(r'<span class="fig" data-fig="([a-z0-9_.-]+)"')


@dataclass(frozen=True)
class LinkContext:
    """Where the page is: the repository (mkdocs.yml's repo_url) and the page's absolute address."""

    repo_url: str
    page_url: str


def value_text(ref: FigureRef, language: str) -> str:
    """The value exactly as the tables show it ("environ 20–25", "6 milliards de dollars")."""
    return figure_text(ref.figure, language, fmt.money_usd if ref.money else None)


def issue_url(repo_url: str, figure_id: str, value: str, page_url: str, language: str) -> str:
    """The correction form, prefilled. Every value is percent-encoded (spaces as %20, not '+')."""
    if not repo_url:
        raise ValueError("mkdocs.yml needs repo_url: each figure's correction link opens that repository's issue form")
    query = urlencode({
        "template": TEMPLATE,
        "title": f"{label('fix.title', language)} {figure_id}",
        "figure": figure_id,
        "value": value,
        "page": f"{page_url}#{figure_id}",
        "language": language,
    }, quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def correction_link(ref: FigureRef, data: DataSet, language: str, ctx: LinkContext) -> str:
    """A small pencil link whose accessible name says which figure it reports."""
    value = value_text(ref, language)
    name = f"{label('fix.figure', language)} {describe(ref, data, language)} = {value}"
    url = issue_url(ctx.repo_url, ref.id, value, ctx.page_url, language)
    return (f'<a class="fig-fix" href="{escape(url)}" aria-label="{escape(name)}" '
            f'title="{escape(label("fix", language))}">✎</a>')


def annotate(blocks: list[str], data: DataSet, language: str, ctx: LinkContext) -> list[str]:
    """Anchors and correction links for the figures of one page's rendered blocks, in page order.

    A figure's anchor (id = figure id) goes on its table cell when a table shows it, otherwise on its
    first mention in prose; later mentions carry none, so no id repeats on the page.
    """
    refs = {ref.id: ref for ref in all_figures(data)}
    in_tables = {fid for block in blocks for fid in _SLOT.findall(block)}
    anchored: set[str] = set()

    def anchor(block_slots: set[str]):
        def add_id(match: re.Match[str]) -> str:
            fid = match[1]
            if fid in anchored or (fid in in_tables and fid not in block_slots):
                return match[0]
            anchored.add(fid)
            return f'{match[0]} id="{fid}"'
        return add_id

    def link(match: re.Match[str]) -> str:
        ref = refs.get(match[1])
        if ref is None:  # a slot is only ever written for a figure of this data set
            raise ValueError(f"correction link for an unknown figure '{match[1]}'")
        return correction_link(ref, data, language, ctx)

    out = []
    for block in blocks:
        block_slots = set(_SLOT.findall(block))
        block = _FIG.sub(anchor(block_slots), block)
        out.append(_SLOT.sub(link, block))
    return out
