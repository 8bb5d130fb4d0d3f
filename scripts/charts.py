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
from scripts.model import DataSet, PartialDate, localized
from scripts.tables import cluster_peak_eflops, cluster_total_gpus

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

STYLE = {
    "svg.fonttype": "none",
    "text.parse_math": False,  # text from the data is text: "$30/mo, $300/yr" is not mathematics
    "svg.hashsalt": "colossus-explainer",
    "font.family": "sans-serif",
    "font.size": 10,
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

TEXTS = {
    "fr": {
        "clusters-gpus.title": "Les plus grandes grappes d'entraînement, en nombre de puces",
        "clusters-gpus.axis": "Nombre de puces (GPU)",
        "clusters-compute.title": "Les mêmes grappes, en puissance de calcul théorique",
        "clusters-compute.axis": "Pic théorique BF16 dense (EFLOP/s)",
        "colossus-growth.title": "Colossus : puces annoncées et puces en service",
        "colossus-growth.axis": "Nombre de puces (GPU)",
        "colossus-growth.delivered": "étapes atteintes (selon les sources)",
        "colossus-growth.announced": "objectifs annoncés",
        "grok-timeline.title": "Les sorties des modèles Grok",
        "grok-timeline.axis": "Date de sortie",
        "chips-vs-h100.title": "Les puces comparées à la H100 (H100 = 1)",
        "chips-vs-h100.axis": "Rapport à la H100",
        "memory": "mémoire",
        "bandwidth": "bande passante",
        "bf16": "calcul BF16 dense",
        "xai": "xAI",
        "others": "autres laboratoires",
        "data": "Les données du graphique",
        "label": "Élément",
        "value": "Valeur",
    },
    "en": {
        "clusters-gpus.title": "The largest AI training clusters, by chip count",
        "clusters-gpus.axis": "Number of chips (GPUs)",
        "clusters-compute.title": "The same clusters, by theoretical compute",
        "clusters-compute.axis": "Theoretical peak dense BF16 (EFLOP/s)",
        "colossus-growth.title": "Colossus: chips announced and chips in service",
        "colossus-growth.axis": "Number of chips (GPUs)",
        "colossus-growth.delivered": "stages reached (as sources report them)",
        "colossus-growth.announced": "announced targets",
        "grok-timeline.title": "Grok model releases",
        "grok-timeline.axis": "Release date",
        "chips-vs-h100.title": "The chips compared with the H100 (H100 = 1)",
        "chips-vs-h100.axis": "Ratio to the H100",
        "memory": "memory",
        "bandwidth": "bandwidth",
        "bf16": "dense BF16 compute",
        "xai": "xAI",
        "others": "other labs",
        "data": "The chart's data",
        "label": "Item",
        "value": "Value",
    },
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


def _t(language: str, key: str) -> str:
    return TEXTS[language][key]


def _largest_clusters(data: DataSet) -> list:
    """The latest stage of each cluster family (one bar per cluster), largest first."""
    superseded = {c.builds_on for c in data.clusters if c.builds_on}
    latest = [c for c in data.clusters if c.id not in superseded]
    chips = data.by_id("chips")
    return sorted(latest, key=lambda c: (-cluster_peak_eflops(c, chips), c.id))


def describe_clusters(data: DataSet, language: str, by: str) -> Chart:
    chips = data.by_id("chips")
    clusters = _largest_clusters(data)[:10]
    if by == "gpus":
        clusters = sorted(clusters, key=lambda c: (-cluster_total_gpus(c), c.id))
        values = [cluster_total_gpus(c) for c in clusters]
        show = lambda v: fmt.number(v, language)  # noqa: E731
    else:
        values = [cluster_peak_eflops(c, chips) for c in clusters]
        show = lambda v: fmt.number(v, language, digits=1)  # noqa: E731
    labels = [localized(c.name, language) for c in clusters]
    name = f"clusters-{by}"
    if len(clusters) > 1 and values[1]:
        top, runner = clusters[0], clusters[1]
        ratio = fmt.number(values[0] / values[1], language, digits=1)
        summary = (f"En tête, {localized(top.name, language)} ({show(values[0])}), soit {ratio}\u00a0fois {localized(runner.name, language)} ({show(values[1])})."
                   if language == "fr" else
                   f"{localized(top.name, language)} leads ({show(values[0])}), {ratio} times {localized(runner.name, language)} ({show(values[1])}).")
    else:
        summary = f"{localized(clusters[0].name, language)} ({show(values[0])})." if clusters else ""
    return Chart(name, language, _t(language, f"{name}.title"), summary,
                 rows=[(label, show(v)) for label, v in zip(labels, values)],
                 series={"labels": labels, "values": values, "xai": [c.is_xai for c in clusters],
                         "axis": _t(language, f"{name}.axis"), "digits": 0 if by == "gpus" else 1})


# Past this many points a chart stops being readable (and light): it shows the most recent ones.
MAX_POINTS = 40


def describe_colossus_growth(data: DataSet, language: str) -> Chart:
    stages = sorted((c for c in data.clusters if c.is_xai), key=lambda c: (c.date, c.id))[-MAX_POINTS:]
    delivered = [(c.date.isoformat(), cluster_total_gpus(c), localized(c.name, language)) for c in stages]
    targets = sorted((a for a in data.announcements if a.target_gpus), key=lambda a: (a.due, a.id))[-MAX_POINTS:]
    announced = [(a.due.isoformat(), a.target_gpus, localized(a.who, language)) for a in targets]
    # A stage's date may be known to the month only: it is shown as such, and plotted at its first day.
    rows = [(f"{fmt.date(PartialDate.parse(d), language)} — {name}", fmt.number(v, language))
            for d, v, name in delivered]
    rows += [(f"{fmt.date(dt.date.fromisoformat(d), language, month_only=True)} — "
              f"{_t(language, 'colossus-growth.announced')}", fmt.number(v, language)) for d, v, _ in announced]
    if delivered:
        first, last = delivered[0], delivered[-1]
        if language == "fr":
            summary = (f"De {fmt.number(first[1], 'fr')} puces ({fmt.date(PartialDate.parse(first[0]), 'fr', True)}) "
                       f"à {fmt.number(last[1], 'fr')} ({fmt.date(PartialDate.parse(last[0]), 'fr', True)}), "
                       "selon les chiffres publiés, dont beaucoup viennent de xAI ou d'Elon Musk.")
        else:
            summary = (f"From {fmt.number(first[1], 'en')} chips ({fmt.date(PartialDate.parse(first[0]), 'en', True)}) "
                       f"to {fmt.number(last[1], 'en')} ({fmt.date(PartialDate.parse(last[0]), 'en', True)}), "
                       "according to published figures, many of them from xAI or Elon Musk.")
    else:
        summary = ""
    return Chart("colossus-growth", language, _t(language, "colossus-growth.title"), summary, rows=rows,
                 series={"delivered": delivered, "announced": announced,
                         "axis": _t(language, "colossus-growth.axis"),
                         "legend": [_t(language, "colossus-growth.delivered"), _t(language, "colossus-growth.announced")]})


def describe_grok_timeline(data: DataSet, language: str) -> Chart:
    models = sorted(data.models, key=lambda m: (m.released, m.id))[-MAX_POINTS:]
    points = [(m.released.isoformat(), m.name) for m in models]
    rows = [(m.name, fmt.date(m.released, language)) for m in models]
    if models:
        first, last = models[0], models[-1]
        months = fmt.months_between(first.released, last.released)
        if language == "fr":
            summary = (f"{len(models)} versions en {fmt.duration_months(months, 'fr')}, de {first.name} "
                       f"({fmt.date(first.released, 'fr')}) à {last.name} ({fmt.date(last.released, 'fr')}).")
        else:
            summary = (f"{len(models)} versions in {fmt.duration_months(months, 'en')}, from {first.name} "
                       f"({fmt.date(first.released, 'en')}) to {last.name} ({fmt.date(last.released, 'en')}).")
    else:
        summary = ""
    ticks = sorted({m.released.year for m in models})
    return Chart("grok-timeline", language, _t(language, "grok-timeline.title"), summary, rows=rows,
                 series={"points": points, "axis": _t(language, "grok-timeline.axis"), "years": ticks})


def describe_chips(data: DataSet, language: str) -> Chart:
    chips = data.by_id("chips")
    ref = chips.get("h100")
    if ref is None:
        raise KeyError("chart chips-vs-h100 needs a chip with id 'h100'")
    measures = ("memory_gb", "bandwidth_tb_s", "bf16_dense_tflops")
    names = ("memory", "bandwidth", "bf16")
    rows, labels, values = [], [], []
    for chip in data.chips[:MAX_POINTS // 3]:
        ratios = [getattr(chip, m).value / getattr(ref, m).value for m in measures]
        labels.append(localized(chip.name, language))
        values.append(ratios)
        rows.append((localized(chip.name, language), " ; ".join(f"{_t(language, n)} {fmt.ratio(r, language)}" for n, r in zip(names, ratios))
                     if language == "fr" else
                     "; ".join(f"{_t(language, n)} {fmt.ratio(r, language)}" for n, r in zip(names, ratios))))
    h200 = chips.get("h200")
    if h200 is not None:
        mem = fmt.ratio(h200.memory_gb.value / ref.memory_gb.value, language)
        bw = fmt.ratio(h200.bandwidth_tb_s.value / ref.bandwidth_tb_s.value, language)
        calc = fmt.ratio(h200.bf16_dense_tflops.value / ref.bf16_dense_tflops.value, language)
        summary = (f"La H200 a {mem} de mémoire et {bw} de bande passante par rapport à la H100, mais le même "
                   f"calcul ({calc})." if language == "fr" else
                   f"The H200 has {mem} the memory and {bw} the bandwidth of the H100, but the same compute ({calc}).")
    else:
        summary = ""
    return Chart("chips-vs-h100", language, _t(language, "chips-vs-h100.title"), summary, rows=rows,
                 series={"labels": labels, "values": values, "legend": [_t(language, n) for n in names],
                         "axis": _t(language, "chips-vs-h100.axis")})


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


def _draw_bars(chart: Chart, fig, language: str) -> None:
    s = chart.series
    ax = fig.add_subplot()
    positions = list(range(len(s["labels"])))[::-1]
    colors = [XAI if x else OTHER for x in s["xai"]]
    hatches = [HATCH if x else "" for x in s["xai"]]
    bars = ax.barh(positions, s["values"], color=colors, edgecolor=INK, linewidth=0.5)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    ax.set_yticks(positions, s["labels"])
    ax.xaxis.set_major_formatter(_formatter(language))
    ax.set_xlabel(s["axis"])
    top = max(s["values"]) if s["values"] else 1
    for pos, value in zip(positions, s["values"]):
        ax.text(value + top * 0.01, pos, fmt.number(value, language, digits=s["digits"]), va="center", fontsize=9)
    ax.set_xlim(0, top * 1.18)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(facecolor=XAI, hatch=HATCH, edgecolor=INK, label=_t(language, "xai")),
                       Patch(facecolor=OTHER, edgecolor=INK, label=_t(language, "others"))],
              loc="lower right", frameon=False)


def _draw_growth(chart: Chart, fig, language: str) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    s = chart.series
    ax = fig.add_subplot()
    if s["delivered"]:
        dates = [PartialDate.parse(d).first_day() for d, _, _ in s["delivered"]]
        ax.plot(dates, [v for _, v, _ in s["delivered"]], marker="o", color=XAI, drawstyle="steps-post",
                label=s["legend"][0])
        for d, (_, v, _) in zip(dates, s["delivered"]):
            ax.annotate(fmt.number(v, language), (d, v), textcoords="offset points", xytext=(4, 6), fontsize=8)
    if s["announced"]:
        dates = [dt.date.fromisoformat(d) for d, _, _ in s["announced"]]
        ax.plot(dates, [v for _, v, _ in s["announced"]], linestyle="none", marker="D", markerfacecolor="none",
                color=OTHER, label=s["legend"][1])
    ax.yaxis.set_major_formatter(_formatter(language))
    ax.set_ylabel(s["axis"])
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(mdates.num2date(v).year)))
    ax.legend(loc="upper left", frameon=False)


def _draw_timeline(chart: Chart, fig, language: str) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    s = chart.series
    ax = fig.add_subplot()
    dates = [dt.date.fromisoformat(d) for d, _ in s["points"]]
    levels = [((i % 4) + 1) * (1 if i % 2 == 0 else -1) for i in range(len(dates))]
    ax.vlines(dates, 0, levels, color=OTHER, linewidth=1)
    ax.plot(dates, [0] * len(dates), "o", color=XAI)
    for d, level, (_, name) in zip(dates, levels, s["points"]):
        ax.annotate(name, (d, level), xytext=(0, 3 if level > 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if level > 0 else "top", fontsize=8)
    ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_ylim(-5.5, 5.5)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(mdates.num2date(v).year)))
    ax.set_xlabel(s["axis"])


def _draw_chips(chart: Chart, fig, language: str) -> None:
    s = chart.series
    ax = fig.add_subplot()
    n = len(s["legend"])
    width = 0.8 / n
    colors = (OTHER, XAI, "#2b8a3e")
    hatches = ("", HATCH, "\\\\")
    for k in range(n):
        xs = [i + (k - (n - 1) / 2) * width for i in range(len(s["labels"]))]
        vals = [v[k] for v in s["values"]]
        ax.bar(xs, vals, width, label=s["legend"][k], color=colors[k], hatch=hatches[k], edgecolor=INK, linewidth=0.5)
        for x, v in zip(xs, vals):
            ax.text(x, v, fmt.number(v, language, digits=1), ha="center", va="bottom", fontsize=7)
    ax.axhline(1, color=INK, linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(s["labels"])), s["labels"], fontsize=8)
    ax.yaxis.set_major_formatter(_formatter(language, digits=1))
    ax.set_ylabel(s["axis"])
    ax.legend(loc="upper left", frameon=False)


DRAW = {
    "clusters-gpus": (_draw_bars, (7.2, 4.2)),
    "clusters-compute": (_draw_bars, (7.2, 4.2)),
    "colossus-growth": (_draw_growth, (7.2, 3.8)),
    "grok-timeline": (_draw_timeline, (7.2, 3.6)),
    "chips-vs-h100": (_draw_chips, (7.2, 3.8)),
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
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None,
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
            f'<details><summary>{_t(lang, "data")}</summary><div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{_t(lang, "data")}"><table class="data"><thead><tr><th scope="col">{_t(lang, "label")}</th>'
            f'<th scope="col">{_t(lang, "value")}</th></tr></thead><tbody>{rows}</tbody></table></div></details>'
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
