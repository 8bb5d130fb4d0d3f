"""Charts drawn at build time with matplotlib: data plus a language in, accessible inline SVG out.

Text stays text (no outlined glyphs, no embedded fonts); colours come from `currentColor` so a
chart follows the light or dark scheme; every bar carries its value as a label, so nothing relies
on colour alone. Output is deterministic (fixed hash salt, no dates) and cached on disk
(scripts/build_cache.py), keyed on the chart's inputs and the code, so `mkdocs serve` does not redraw
an unchanged chart.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from scripts import formatting as fmt
from scripts.build_cache import SvgCache, cache_key
from scripts.labels import label
from scripts.model import Cluster, DataSet, PartialDate, StatementKind, localized

if TYPE_CHECKING:
    from matplotlib.ticker import FuncFormatter

# matplotlib is imported only when a chart must really be drawn: a build whose charts all come
# from the cache (most `mkdocs serve` rebuilds) does not pay the half second its import costs.
# Its version (part of a chart's cache key) is read from the package metadata on first use only.
@lru_cache(maxsize=1)
def matplotlib_version() -> str:
    return version("matplotlib")


INK = "#010203"  # drawn in this colour, then replaced by currentColor in the SVG
# Mid-tone colours readable on both the white and the dark slate background (contrast >= 3:1 on both).
XAI = "#d9480f"
OTHER = "#5c7cfa"
HATCH = "////"
# Drawn for a phone first: 5 inches wide with no text under 12.5 points, a chart shown in a 360-px
# screen's 328-px column keeps every text at 11 CSS px or more; on a laptop it is shown at its own
# size, 480 px wide, with 16-px text like the page's.
WIDTH = 5.0
FONT = 12.5

STYLE = {
    "svg.fonttype": "none",
    "text.parse_math": False,  # text from the data is text: "$30/mo, $300/yr" is not mathematics
    "svg.hashsalt": "colossus-explainer",
    "font.family": "sans-serif",
    "font.size": FONT,
    "legend.fontsize": FONT,
    "xtick.labelsize": FONT,
    "ytick.labelsize": FONT,
    "axes.labelsize": FONT,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
}

@dataclass(frozen=True)
class Chart:
    """What a chart shows, independent of how it is drawn: the key of the cache."""

    name: str
    language: str
    title: str
    summary: str  # the main finding, in words: the chart's text alternative
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, formatted value) for the data table
    series: dict = field(default_factory=dict)  # numbers the drawing uses

    def key(self) -> str:
        """Everything the SVG comes from: this chart's content, our code and the installed matplotlib."""
        payload = json.dumps([matplotlib_version(), self.name, self.language, self.title, self.summary,
                              self.rows, self.series], sort_keys=True, default=str)
        return cache_key(payload)


def _largest_clusters(data: DataSet) -> list:
    """The latest stage of each cluster family (one bar per cluster), largest first."""
    chips = data.by_id("chips")
    return sorted(data.latest_stages(), key=lambda c: (-c.peak_eflops(chips), c.id))


def is_claim(cluster: Cluster) -> bool:
    """A cluster's chip count is only as solid as its weakest count: is it a claim?"""
    return cluster.count_kind is StatementKind.claim


def _with_kind(value: str, claim: bool, language: str) -> str:
    return f"{value} ({label('kind.claim', language)})" if claim else value


def describe_clusters(data: DataSet, language: str, by: str) -> Chart:
    chips = data.by_id("chips")
    clusters = _largest_clusters(data)[:10]
    if by == "gpus":
        clusters = sorted(clusters, key=lambda c: (-c.total_gpus, c.id))
        values = [c.total_gpus for c in clusters]
        show = lambda v: fmt.number(v, language)  # noqa: E731
    else:
        values = [c.peak_eflops(chips) for c in clusters]
        show = lambda v: fmt.number(v, language, digits=1)  # noqa: E731
    labels = [localized(c.name, language) for c in clusters]
    name = f"clusters-{by}"
    if len(clusters) > 1 and values[1]:
        top, runner = clusters[0], clusters[1]
        summary = label("chart.clusters.summary", language, top=localized(top.name, language), top_value=show(values[0]),
                        ratio=fmt.number(values[0] / values[1], language, digits=1),
                        runner=localized(runner.name, language), runner_value=show(values[1]))
    else:
        summary = f"{localized(clusters[0].name, language)} ({show(values[0])})." if clusters else ""
    claims = [is_claim(c) for c in clusters]
    if by == "gpus":
        title, axis = label("chart.clusters-gpus.title", language), label("chart.gpu_axis", language)
    else:
        title, axis = label("chart.clusters-compute.title", language), label("peak_bf16", language)
    return Chart(name, language, title, summary,
                 rows=[(name_, _with_kind(show(v), claim, language)) for name_, v, claim in zip(labels, values, claims)],
                 series={"labels": labels, "values": values, "xai": [c.is_xai for c in clusters], "claims": claims,
                         "axis": axis, "digits": 0 if by == "gpus" else 1,
                         "legend": [label("chart.xai", language), label("chart.others", language),
                                    label("chart.claim", language)]})


# Past this many points a chart stops being readable (and light): it shows the most recent ones.
MAX_POINTS = 40


def _site_name(cluster: Cluster, language: str) -> str:
    # "Colossus 2 — phase 1" is the site Colossus 2, in the page's language
    return localized(cluster.name, language).split(" — ")[0].strip()


def describe_colossus_growth(data: DataSet, language: str) -> Chart:
    stages = sorted((c for c in data.clusters if c.is_xai), key=lambda c: (c.date, c.id))[-MAX_POINTS:]
    delivered = [(c.date.isoformat(), c.total_gpus, localized(c.name, language)) for c in stages]
    sites: dict[str, list] = {}  # one series per site
    for c in stages:
        sites.setdefault(_site_name(data.first_stage(c), language), []).append(
            (c.date.isoformat(), c.total_gpus, is_claim(c)))
    targets = sorted((a for a in data.announcements if a.target_gpus), key=lambda a: (a.due, a.id))[-MAX_POINTS:]
    announced = [(a.due.isoformat(), a.target_gpus, localized(a.who, language)) for a in targets]
    # A stage's date may be known to the month only: it is shown as such, and plotted at its first day.
    rows = [(f"{fmt.date(PartialDate.parse(d), language)} — {name}",
             _with_kind(fmt.number(v, language), is_claim(c), language))
            for (d, v, name), c in zip(delivered, stages)]
    rows += [(f"{fmt.date(dt.date.fromisoformat(d), language, month_only=True)} — "
              f"{label('chart.colossus-growth.announced', language)}", fmt.number(v, language)) for d, v, _ in announced]
    if delivered:
        first, last = delivered[0], delivered[-1]
        summary = label("chart.colossus-growth.summary", language,
                        first=fmt.number(first[1], language), first_date=fmt.date(PartialDate.parse(first[0]), language, True),
                        last=fmt.number(last[1], language), last_date=fmt.date(PartialDate.parse(last[0]), language, True))
    else:
        summary = ""
    return Chart("colossus-growth", language, label("chart.colossus-growth.title", language), summary, rows=rows,
                 series={"sites": sites, "announced": announced,
                         "axis": label("chart.gpu_axis", language),
                         "legend": [label("chart.claim", language), label("chart.colossus-growth.announced", language)]})


def describe_grok_timeline(data: DataSet, language: str) -> Chart:
    models = sorted(data.models, key=lambda m: (m.released, m.id))[-MAX_POINTS:]
    points = [(m.released.isoformat(), m.name) for m in models]
    rows = [(m.name, fmt.date(m.released, language)) for m in models]
    if models:
        first, last = models[0], models[-1]
        months = fmt.months_between(first.released, last.released)
        summary = label("chart.grok-timeline.summary", language, count=len(models),
                        duration=fmt.duration_months(months, language), first=first.name,
                        first_date=fmt.date(first.released, language), last=last.name,
                        last_date=fmt.date(last.released, language))
    else:
        summary = ""
    ticks = sorted({m.released.year for m in models})
    return Chart("grok-timeline", language, label("chart.grok-timeline.title", language), summary, rows=rows,
                 series={"points": points, "axis": label("chart.grok-timeline.axis", language), "years": ticks})


def describe_chips(data: DataSet, language: str) -> Chart:
    chips = data.by_id("chips")
    ref = chips.get("h100")
    if ref is None:
        raise KeyError("chart chips-vs-h100 needs a chip with id 'h100'")
    measures = ("memory_gb", "bandwidth_tb_s", "bf16_dense_tflops")
    names = [label("chart.memory", language), label("chart.bandwidth", language), label("chart.bf16", language)]
    rows, labels, values = [], [], []
    for chip in data.chips[:MAX_POINTS // 3]:
        ratios = [getattr(chip, m).value / getattr(ref, m).value for m in measures]
        labels.append(localized(chip.name, language))
        values.append(ratios)
        rows.append((localized(chip.name, language), label("chart.list_separator", language).join(
            f"{n} {fmt.ratio(r, language)}" for n, r in zip(names, ratios))))
    h200 = chips.get("h200")
    if h200 is not None:
        summary = label("chart.chips-vs-h100.summary", language,
                        memory=fmt.ratio(h200.memory_gb.value / ref.memory_gb.value, language),
                        bandwidth=fmt.ratio(h200.bandwidth_tb_s.value / ref.bandwidth_tb_s.value, language),
                        compute=fmt.ratio(h200.bf16_dense_tflops.value / ref.bf16_dense_tflops.value, language))
    else:
        summary = ""
    return Chart("chips-vs-h100", language, label("chart.chips-vs-h100.title", language), summary, rows=rows,
                 series={"labels": labels, "values": values, "legend": names,
                         "axis": label("chart.chips-vs-h100.axis", language)})


DESCRIBE: dict[str, Callable[[DataSet, str], Chart]] = {
    "clusters-gpus": lambda d, lang: describe_clusters(d, lang, "gpus"),
    "clusters-compute": lambda d, lang: describe_clusters(d, lang, "compute"),
    "colossus-growth": describe_colossus_growth,
    "grok-timeline": describe_grok_timeline,
    "chips-vs-h100": describe_chips,
}


def _formatter(language: str, digits: int = 0) -> "FuncFormatter":
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: fmt.number(v, language, digits=digits))


def _claim_patch(label_: str):
    from matplotlib.patches import Patch

    return Patch(facecolor="none", edgecolor=INK, linestyle="--", linewidth=1.5, label=label_)


def _draw_bars(chart: Chart, fig, language: str) -> None:
    """One bar per cluster, its name above it and its value at its end: nothing is squeezed into a
    margin, so the text can stay large on a phone. A claimed count is an empty, dashed bar."""
    from matplotlib.patches import Patch

    s = chart.series
    ax = fig.add_subplot()
    n = len(s["labels"])
    top = max(s["values"]) if s["values"] else 1
    for i, (name, value, xai, claim) in enumerate(zip(s["labels"], s["values"], s["xai"], s["claims"])):
        pos = n - 1 - i
        color = XAI if xai else OTHER
        ax.barh(pos, value, height=0.42, color="none" if claim else color, edgecolor=color if claim else INK,
                linewidth=1.8 if claim else 0.5, linestyle="--" if claim else "-", hatch=HATCH if xai else "")
        ax.text(0, pos + 0.3, name, va="bottom", ha="left")
        ax.text(value + top * 0.015, pos, fmt.number(value, language, digits=s["digits"]), va="center")
    ax.set_ylim(-0.6, n - 0.1 + 0.6)
    ax.set_xlim(0, top * 1.32)
    ax.set_yticks([])
    ax.set_xticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(s["axis"])
    ax.legend(handles=[Patch(facecolor=XAI, hatch=HATCH, edgecolor=INK, label=s["legend"][0]),
                       Patch(facecolor=OTHER, edgecolor=INK, label=s["legend"][1]),
                       _claim_patch(s["legend"][2])],
              loc="upper left", bbox_to_anchor=(-0.02, -0.1), frameon=False)


def _year_axis(ax) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(mdates.num2date(v).year)))


def _draw_growth(chart: Chart, fig, language: str) -> None:
    """One line per site (a new site is not a fall in the count); a claim is an empty marker."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    s = chart.series
    ax = fig.add_subplot()
    styles = (("-", "o", XAI), ("--", "s", OTHER), (":", "^", "#2b8a3e"))
    handles = []
    every = [PartialDate.parse(d).first_day() for pts in s["sites"].values() for d, _, _ in pts]
    late = min(every) + (max(every) - min(every)) * 0.7 if every else None
    for k, (site, points) in enumerate(sorted(s["sites"].items())):
        line, marker, color = styles[k % len(styles)]
        dates = [PartialDate.parse(d).first_day() for d, _, _ in points]
        values = [v for _, v, _ in points]
        ax.plot(dates, values, linestyle=line, color=color, linewidth=2, drawstyle="steps-post")
        for d, v, (_, _, claim) in zip(dates, values, points):
            ax.plot([d], [v], marker=marker, markersize=9, color=color, markeredgewidth=2,
                    markerfacecolor="none" if claim else color, linestyle="none")
            ax.annotate(fmt.number(v, language), (d, v), textcoords="offset points", xytext=(6, 7),
                        ha="left" if d <= late else "right")
        handles.append(Line2D([], [], linestyle=line, marker=marker, color=color, linewidth=2, markersize=9,
                              label=site))
    handles.append(Line2D([], [], linestyle="none", marker="o", markersize=9, color=INK, markerfacecolor="none",
                          markeredgewidth=2, label=s["legend"][0]))
    if s["announced"]:
        dates = [dt.date.fromisoformat(d) for d, _, _ in s["announced"]]
        ax.plot(dates, [v for _, v, _ in s["announced"]], linestyle="none", marker="D", markerfacecolor="none",
                markersize=8, color=INK)
        handles.append(Line2D([], [], linestyle="none", marker="D", markerfacecolor="none", markersize=8, color=INK,
                              label=s["legend"][1]))
    ax.yaxis.set_major_formatter(_formatter(language))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_ylabel(s["axis"])
    tops = [v for pts in s["sites"].values() for _, v, _ in pts] + [v for _, v, _ in s["announced"]]
    ax.set_ylim(0, max(tops, default=1) * 1.15)
    _year_axis(ax)
    # Below the drawing, where no point can hide under it.
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.02, -0.12), frameon=False, ncol=1)


def _draw_timeline(chart: Chart, fig, language: str) -> None:
    """One row per release, from the first down to the latest: a name never overlaps another."""
    s = chart.series
    ax = fig.add_subplot()
    dates = [dt.date.fromisoformat(d) for d, _ in s["points"]]
    rows = list(range(len(dates)))[::-1]
    ax.plot(dates, rows, "o", color=XAI, markersize=8)
    if dates:
        first, last = min(dates), max(dates)
        middle = first + (last - first) * 0.55
        for d, row, (_, name) in zip(dates, rows, s["points"]):
            right = d <= middle
            ax.annotate(name, (d, row), xytext=(8 if right else -8, 0), textcoords="offset points",
                        ha="left" if right else "right", va="center")
    ax.set_ylim(-0.8, len(dates) - 0.2)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    _year_axis(ax)
    ax.set_xlabel(s["axis"])


def _draw_chips(chart: Chart, fig, language: str) -> None:
    """Per chip, three horizontal bars under its name: memory, bandwidth and compute against the H100."""
    s = chart.series
    ax = fig.add_subplot()
    n = len(s["legend"])
    colors = (OTHER, XAI, "#2b8a3e")
    hatches = ("", HATCH, "\\\\")
    step = n * 0.32 + 0.55
    top = max((max(v) for v in s["values"]), default=1)
    for i, (name, vals) in enumerate(zip(s["labels"], s["values"])):
        base = (len(s["labels"]) - 1 - i) * step
        ax.text(0, base + n * 0.32 - 0.1, name, va="bottom", ha="left", fontweight="bold")
        for k, v in enumerate(vals):
            y = base + (n - 1 - k) * 0.32
            ax.barh(y, v, 0.28, color=colors[k], hatch=hatches[k], edgecolor=INK, linewidth=0.5,
                    label=s["legend"][k] if i == 0 else None)
            ax.text(v + top * 0.015, y, fmt.number(v, language, digits=1), va="center")
    ax.axvline(1, color=INK, linewidth=0.8, linestyle="--")
    ax.set_xlim(0, top * 1.25)
    ax.set_ylim(-0.4, len(s["labels"]) * step)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(_formatter(language, digits=1))
    ax.set_xlabel(s["axis"])
    ax.legend(loc="upper left", bbox_to_anchor=(-0.02, -0.1), frameon=False)


DRAW = {
    "clusters-gpus": (_draw_bars, (WIDTH, 6.4)),
    "clusters-compute": (_draw_bars, (WIDTH, 6.4)),
    "colossus-growth": (_draw_growth, (WIDTH, 5.4)),
    "grok-timeline": (_draw_timeline, (WIDTH, 5.6)),
    "chips-vs-h100": (_draw_chips, (WIDTH, 8.4)),
}


def draw_svg(chart: Chart) -> str:
    """Render the chart to a standalone, accessible, theme-following SVG string."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    draw, size = DRAW[chart.name]
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=size)
        try:
            draw(chart, fig, chart.language)
            fig.tight_layout()
            buffer = io.StringIO()
            # "tight" keeps the legends drawn under the plots inside the picture.
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None, "Format": None,
                                                        "Type": None})
        finally:
            plt.close(fig)
    return _accessible(buffer.getvalue(), chart)


def _accessible(svg: str, chart: Chart) -> str:
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: the SVG is inlined in HTML
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = svg.replace(INK, "currentColor")
    svg = re.sub(r"font-family:[^;\"']*", "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif", svg)
    svg = re.sub(r"\s+xmlns:xlink=\"[^\"]*\"", "", svg, count=1)
    cid = f"chart-{chart.name}-{chart.language}"
    svg = _scope_ids(svg, cid)
    head = (f'<svg role="img" aria-labelledby="{cid}-title {cid}-desc" ')
    svg = svg.replace("<svg ", head, 1)
    svg = re.sub(r"(<svg[^>]*>)", lambda m: (f'{m.group(1)}<title id="{cid}-title">{escape(chart.title)}</title>'
                                             f'<desc id="{cid}-desc">{escape(chart.summary)}</desc>'), svg, count=1)
    return re.sub(r"\n\s*", "\n", svg).strip()


def _scope_ids(svg: str, prefix: str) -> str:
    """matplotlib numbers its ids per figure (figure_1, patch_2...), so two inline charts on a page
    would share ids: keep only the ids something refers to (clip paths, hatches), prefixed."""
    referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        return f' id="{prefix}-{name}"' if name in referenced else ""

    svg = re.sub(r'\s+id="([^"]+)"', rename, svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)


def figure_html(chart: Chart, svg: str) -> str:
    rows = "".join(f'<tr><th scope="row">{escape(label)}</th><td>{escape(value)}</td></tr>' for label, value in chart.rows)
    lang = chart.language
    return (f'<figure class="chart" id="chart-{chart.name}"><div data-search-exclude>{svg}</div>'
            f'<figcaption><strong>{escape(chart.title)}.</strong> {escape(chart.summary)}'
            f'<details><summary>{label("chart.data", lang)}</summary><div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{label("chart.data", lang)}"><table class="data"><thead><tr><th scope="col">{label("chart.item", lang)}</th>'
            f'<th scope="col">{label("value", lang)}</th></tr></thead><tbody>{rows}</tbody></table></div></details>'
            f'</figcaption></figure>')


class ChartRenderer:
    """Draws charts on demand, reusing an SVG from the cache when the chart's content is unchanged."""

    def __init__(self, cache_dir: Path | None):
        self.cache = SvgCache(cache_dir)
        self.drawn = 0  # how many charts were actually drawn (not taken from the cache)

    def svg(self, chart: Chart) -> str:
        slot, key = f"{chart.name}-{chart.language}", chart.key()
        svg = self.cache.get(slot, key)
        if svg is None:
            svg = draw_svg(chart)
            self.drawn += 1
            self.cache.put(slot, key, svg)
        return svg

    def render(self, name: str, data: DataSet, language: str) -> str:
        if name not in DESCRIBE:
            raise KeyError(f"unknown chart '{name}'; expected one of {', '.join(sorted(DESCRIBE))}")
        chart = DESCRIBE[name](data, language)
        return figure_html(chart, self.svg(chart))
