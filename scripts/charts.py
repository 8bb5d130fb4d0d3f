"""Charts drawn at build time (placeholder until the chart renderers land)."""

from __future__ import annotations

from pathlib import Path

from scripts.model import DataSet


class ChartRenderer:
    def __init__(self, cache_dir: Path):
        self.cache_dir = cache_dir

    def render(self, name: str, data: DataSet, language: str) -> str:
        raise KeyError(f"unknown chart '{name}'")
