"""An on-disk cache for what each build derives from the data: the validated data set, and each
page's Markdown with its figures, tables and charts rendered.

Most builds (every `mkdocs serve` rebuild, a build after editing prose) start from the same data
file as the last one. Parsing and validating it, then formatting every figure with Babel, is most
of what our hooks add to a build; done once per change instead, a rebuild costs much less.

An entry's key covers everything its content comes from: the data file's bytes, the page's text
and language, and the code that turns them into HTML (every module in scripts/ and the pinned
requirements), so an edit to any of them can never be answered with a stale result. Entries are
written only after success: a broken data file is never cached and always reports its errors.
The cache lives in .cache/ (ignored by git); deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from scripts.load_data import load_dataset
from scripts.model import DataSet

SCRIPTS = Path(__file__).resolve().parent
REQUIREMENTS = SCRIPTS.parent / "requirements.txt"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code that shapes the output: our modules and the pinned library versions."""
    digest = hashlib.sha256()
    for path in sorted(SCRIPTS.glob("*.py")) + ([REQUIREMENTS] if REQUIREMENTS.exists() else []):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:32]


def _slot(name: str) -> str:
    """A file-name-safe label for an entry (the key makes it unique; this keeps it readable)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-") or "entry"


class BuildCache:
    """Entries are files named <slot>.<key>; writing a slot's new entry removes its older ones."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.missed: list[str] = []  # the slots computed afresh, e.g. "page-docs/grok.en.md"

    def _path(self, slot: str, key: str, suffix: str) -> Path:
        return self.folder / f"{_slot(slot)}.{key}{suffix}"

    def get(self, slot: str, key: str, suffix: str) -> bytes | None:
        if self.folder is not None:
            try:
                payload = self._path(slot, key, suffix).read_bytes()
                self.hits += 1
                return payload
            except OSError:
                pass
        self.missed.append(slot)
        return None

    def unreadable(self, slot: str) -> None:
        """An entry was found but could not be read: count it as computed afresh, not as reused."""
        self.hits -= 1
        self.missed.append(slot)

    @property
    def misses(self) -> int:
        return len(self.missed)

    def put(self, slot: str, key: str, suffix: str, payload: bytes) -> None:
        if self.folder is None:
            return
        target = self._path(slot, key, suffix)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{_slot(slot)}.*{suffix}"):
                if old != target:
                    old.unlink(missing_ok=True)
            # Written aside, then renamed: a build stopped half-way never leaves a truncated entry.
            aside = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            aside.write_bytes(payload)
            os.replace(aside, target)
        except OSError:
            pass  # a read-only checkout still builds, only without the speed-up


def cached_dataset(path: Path, cache: BuildCache) -> tuple[DataSet, str]:
    """The validated data set and the key of the file's content; validated only when the file changed.

    Raises DataFileError, like load_dataset, when the file is broken.
    """
    try:
        key = cache_key(path.read_bytes())
    except OSError:
        return load_dataset(path), ""  # let the loader report the missing file
    payload = cache.get("dataset", key, ".pickle")
    if payload is not None:
        try:
            # Our own file, written below from a data set that passed validation.
            return pickle.loads(payload), key
        except Exception:  # noqa: BLE001 - an unreadable entry is simply rebuilt
            cache.unreadable("dataset")
    data = load_dataset(path)
    cache.put("dataset", key, ".pickle", pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data, key


def cached_page(cache: BuildCache, data_key: str, page: str, language: str, source: str,
                render: Callable[[], tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """A page's rendered Markdown and its stashed blocks, from the cache when nothing they come from
    changed; otherwise from `render()`, which may raise (and then nothing is cached)."""
    if not data_key:
        return render()
    key = cache_key(data_key, page, language, source)
    payload = cache.get(f"page-{page}", key, ".pickle")
    if payload is not None:
        try:
            markdown, blocks = pickle.loads(payload)  # our own file: a str and a list of str
            return markdown, blocks
        except Exception:  # noqa: BLE001 - an unreadable entry is simply rendered again
            cache.unreadable(f"page-{page}")
    markdown, blocks = render()
    cache.put(f"page-{page}", key, ".pickle", pickle.dumps((markdown, blocks), protocol=pickle.HIGHEST_PROTOCOL))
    return markdown, blocks
