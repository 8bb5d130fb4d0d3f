"""Rendered HTML kept aside while Markdown runs, and put back after it.

Markers are rendered before Markdown, which would otherwise rescan (slowly) and sometimes rewrite the
tables, charts and values they become. Each rendered block goes into a stash list and the Markdown
gets a placeholder word instead (`DATAMARKER<n>END`: a plain word, which Markdown leaves alone
wherever it stands, where an HTML comment at the start of a line would open a raw HTML block and
swallow what follows it). The placeholders are the build's own words: pages may not contain them
(scripts/marker_syntax.py), and what comes back from the stash is never searched for them again, so
text from the data cannot forge one.
"""

from __future__ import annotations

import re

TOKEN = "DATAMARKER"
# A stashed value may be glued to the word before it by a word joiner (a unit, see `stash`), which
# goes when the value is put back.
GLUE = "\u2060"


def stash(blocks: list[str], html: str, glued: bool = False) -> str:
    """Keep `html` aside in `blocks`; the placeholder to write in the Markdown instead."""
    blocks.append(html)
    return f"{GLUE if glued else ''}{TOKEN}{len(blocks) - 1}END"


# A block alone in its paragraph (a table, a chart), which Markdown wrapped in <p>.
BLOCK_PLACEHOLDER = re.compile(rf"<p>{TOKEN}(\d+)END</p>")
PLACEHOLDER = re.compile(f"{GLUE}?{TOKEN}(\\d+)END")
ANY_PLACEHOLDER = re.compile(rf"{BLOCK_PLACEHOLDER.pattern}|{PLACEHOLDER.pattern}")


def unstash(html: str, blocks: list[str], standins: bool = False) -> str:
    """Put the rendered blocks back in place of their placeholders, in the page's HTML.

    With `standins`, a table or chart goes back as a plain paragraph of its text only, marked for
    `swap_standins`: the search plugin then indexes the words without parsing thousands of tags.
    """
    def block(match: re.Match[str]) -> str:
        if match.group(1) is None:  # an inline value
            return blocks[int(match.group(2))]
        n = int(match.group(1))  # a table alone in its paragraph
        return f'<p data-standin="{n}">{plain_text(blocks[n])}</p>' if standins else blocks[n]

    # One pass: what goes back in (data text included) is never searched for placeholders again.
    return ANY_PLACEHOLDER.sub(block, html)


STANDIN = re.compile(r'<p data-standin="(\d+)">.*?</p>', re.S)
# Drawings, source lists, citation numbers ("[3, 4]") and correction pencils are not words a reader
# searches for.
_NOT_SEARCHED = re.compile(r'<(svg|details class="table-sources-box"|details class="kind-legend")\b.*?</(svg|details)>'
                           r'|<sup class="cite">.*?</sup>|<section class="page-sources".*?</section>'
                           r'|<a class="fig-fix".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def plain_text(block: str) -> str:
    """The words of a rendered block, still HTML-escaped, without tags, drawings or citation lists."""
    return " ".join(_TAG.sub(" ", _NOT_SEARCHED.sub(" ", block)).split())


def swap_standins(html: str, blocks: list[str]) -> str:
    """Replace each stand-in paragraph with the full block it stands for."""
    return STANDIN.sub(lambda m: blocks[int(m.group(1))], html)
