"""Build into a staging folder and put it in place only when the whole build succeeded.

MkDocs empties the site folder before it renders the first page, so a marker error, a missing
translation or a strict-mode warning used to leave no site at all. The hooks point `site_dir` at a
sibling staging folder; `publish` moves its content into the real folder once every language is
written and no warning was counted, and `discard` removes it on failure. The real folder itself is
kept (only its content changes), so a server running from it keeps working.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.utils import CountHandler


# A --dirty build writes only the pages that changed: it has to write into the real folder.
enabled = True

# MkDocs' on_build_error gets no config object: the folders of builds under way are kept here, the
# one piece of state this module holds, so that a failed build can remove its own.
_UNDER_WAY: set[Path] = set()


def staging_for(target: Path) -> Path:
    """A new empty folder next to `target` (same file system: moving its content is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    _UNDER_WAY.add(folder)
    return folder


def publish(staging: Path, target: Path) -> None:
    """Replace the content of `target` with that of `staging`, then remove `staging`."""
    target.mkdir(parents=True, exist_ok=True)
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    for child in list(target.iterdir()):
        child.rename(old / child.name)
    for child in list(staging.iterdir()):
        child.rename(target / child.name)
    shutil.rmtree(old)
    staging.rmdir()
    _UNDER_WAY.discard(staging)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    _UNDER_WAY.discard(staging)


def discard_all() -> None:
    for folder in list(_UNDER_WAY):
        discard(folder)


def warnings_counted() -> bool:
    """True when `mkdocs build --strict` has counted a warning: it aborts right after on_post_build."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
