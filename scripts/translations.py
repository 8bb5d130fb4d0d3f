"""Every page must exist in both languages: `page.fr.md` beside `page.en.md`."""

from __future__ import annotations

import re

from scripts.model import LANGUAGES
SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


def missing_translations(src_uris: list[str]) -> list[str]:
    """Return one message per page missing a language, or with no language suffix at all."""
    by_stem: dict[str, set[str]] = {}
    problems = []
    for uri in sorted(src_uris):
        match = SUFFIX.match(uri)
        if not match or match["lang"] not in LANGUAGES:
            problems.append(f"docs/{uri}: no language suffix; name it {uri[:-3]}.fr.md and {uri[:-3]}.en.md")
            continue
        by_stem.setdefault(match["stem"], set()).add(match["lang"])
    for stem, languages in sorted(by_stem.items()):
        for lang in LANGUAGES:
            if lang not in languages:
                have = sorted(languages)[0]
                problems.append(f"docs/{stem}.{lang}.md is missing (docs/{stem}.{have}.md has no translation)")
    return problems
