"""Link previews: the Open Graph and Twitter card tags of a page, and the picture they show.

The picture is drawn at build time with matplotlib (its own bundled font, no network), one per
language, byte-identical from one build to the next, and cached on disk keyed on what it shows.
"""

from __future__ import annotations

import io
import textwrap
from html import escape
from pathlib import Path

from scripts.build_cache import cache_key
from scripts.charts import matplotlib_version
from scripts.formatting import LOCALES

SIZE = (1200, 630)  # the size Open Graph and Twitter's large card expect
BACKGROUND = "#1a237e"  # the site's indigo, darkened so white text passes 4.5:1
ACCENT = "#ff8a50"


def image_path(language: str) -> str:
    """Where a language's picture goes, relative to the site root."""
    return f"assets/social-{language}.png"


def draw_image(title: str, subtitle: str) -> bytes:
    """A 1200×630 PNG: the site's name and description on the site's colours, a few bars for a motif."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    width, height = SIZE
    with plt.rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "colossus-explainer"}):
        fig = plt.figure(figsize=(width / 100, height / 100), dpi=100, facecolor=BACKGROUND)
        try:
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            ax.set_xlim(0, width)
            ax.set_ylim(0, height)
            # Bars rising left to right: the growth the site documents, as an ornament only.
            for i, h in enumerate((60, 95, 140, 210, 320)):
                ax.add_patch(matplotlib.patches.Rectangle((880 + i * 60, 70), 44, h, color=ACCENT, alpha=0.35 + i * 0.13))
            # parse_math=False: a "$" in a title is a dollar sign, not the start of a formula.
            ax.text(70, 520, "\n".join(textwrap.wrap(title, 30)), color="white", fontsize=46, fontweight="bold",
                    va="top", parse_math=False)
            ax.text(70, 330, "\n".join(textwrap.wrap(subtitle, 44)[:5]), color="white", fontsize=22, va="top",
                    linespacing=1.4, parse_math=False)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=100, facecolor=BACKGROUND, metadata={"Software": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def cached_image(title: str, subtitle: str, cache_dir: Path | None) -> bytes:
    # Keyed like the charts: on the inputs and a fingerprint of the code that draws (scripts/, pins),
    # so an edit to the drawing shows in the next build. A PNG is written as a file, never inlined.
    key = cache_key("social", matplotlib_version(), title, subtitle)[:20]
    cached = cache_dir / f"social-{key}.png" if cache_dir else None
    if cached is not None and cached.exists():
        return cached.read_bytes()
    png = draw_image(title, subtitle)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(png)
    return png


def meta_tags(*, title: str, description: str, url: str, language: str, site_name: str, image_url: str,
              image_alt: str) -> str:
    """The Open Graph and Twitter card tags of one page, every value escaped."""
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:locale", LOCALES[language]),
        *[("property", "og:locale:alternate", loc) for lang, loc in LOCALES.items() if lang != language],
        ("property", "og:image", image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(SIZE[0])),
        ("property", "og:image:height", str(SIZE[1])),
        ("property", "og:image:alt", image_alt),
        # Twitter reads title, description and image from the og: tags when its own are absent.
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image:alt", image_alt),
    ]
    return "\n".join(f'<meta {attr}="{key}" content="{escape(value, quote=True)}">' for attr, key, value in tags)
