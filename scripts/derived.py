"""Figures the site derives from the data (never typed into a page): homes powered, promise delays.

Pure functions; the inline values (scripts/inline_values.py) call them, so a page and a table never
disagree. The arithmetic is the model's (scripts/model.py); this module finds the inputs and words it.
"""

from __future__ import annotations

from scripts import formatting as fmt
from scripts.labels import label
from scripts.model import HOURS_PER_YEAR, Announcement, Cluster, DataSet, FigureDetail, homes_equivalent, round_homes

HOME_YARDSTICK = "us-home-electricity"  # the yardstick the "homes" figures are computed with


def _power_and_home(cluster_id: str, data: DataSet) -> tuple[Cluster, FigureDetail, FigureDetail]:
    clusters = data.by_id("clusters")
    if cluster_id not in clusters:
        raise KeyError(f"no clusters row with id '{cluster_id}'")
    cluster = clusters[cluster_id]
    if cluster.power_mw is None:
        raise KeyError(f"cluster '{cluster_id}' has no power_mw to convert into homes")
    yardsticks = data.by_id("yardsticks")
    if HOME_YARDSTICK not in yardsticks:
        raise KeyError(f"the yardsticks list needs '{HOME_YARDSTICK}' (a home's yearly kWh)")
    return cluster, cluster.power_mw, yardsticks[HOME_YARDSTICK].value


def homes_text(cluster_id: str, data: DataSet, language: str) -> str:
    """'environ 245 000' / 'about 245,000': the homes a cluster's power would supply."""
    _, power, home = _power_and_home(cluster_id, data)
    homes = round_homes(homes_equivalent(power.value, home.value))
    return f"{label('approx', language)} {fmt.number(homes, language)}"


def homes_arithmetic(cluster_id: str, data: DataSet, language: str) -> str:
    """The calculation spelled out, every operand from the data: '300 MW × 8 760 h = … ÷ … ≈ …'."""
    _, power, home = _power_and_home(cluster_id, data)
    # In kWh throughout, the EIA's unit: a decimal MWh figure (« 10,715 MWh ») looks like an English
    # thousands separator and would be misread.
    energy_kwh = power.value * HOURS_PER_YEAR * 1000
    homes = round_homes(homes_equivalent(power.value, home.value))
    n = lambda v: fmt.number(v, language)  # noqa: E731
    return label("homes.arithmetic", language, power=n(power.value), hours=n(HOURS_PER_YEAR), energy=n(energy_kwh),
                 home=n(home.value), homes=n(homes))


def delay_text(a: Announcement, language: str) -> str:
    """What the announcements table shows in its delay column, for prose to quote the same words."""
    late = a.months_late
    if a.delivered is None:
        text = label("not_delivered", language)
        return f"{text} (+{fmt.duration_months(late, language)})" if late > 0 else text
    if late > 0:
        return f"+{fmt.duration_months(late, language)}"
    return label("on_time", language)
