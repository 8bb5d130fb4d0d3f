"""Numbers, money and dates written the way each language writes them (Babel does the work)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal

from scripts.labels import label
from scripts.model import PartialDate, months_between  # noqa: F401 (date arithmetic is the model's)

# The Babel locale of each language (also the pages' og:locale).
LOCALES = {"fr": "fr_FR", "en": "en_US"}
NBSP = "\u00a0"
NNBSP = "\u202f"


def locale_of(language: str) -> str:
    try:
        return LOCALES[language]
    except KeyError:
        raise ValueError(f"unsupported language {language!r}; expected one of {sorted(LOCALES)}") from None


@lru_cache(maxsize=4096)  # pure, and called thousands of times per build
def number(value: float, language: str, digits: int | None = None) -> str:
    """100000 -> '100 000' (fr, narrow no-break space) or '100,000' (en); 3.35 -> '3,35' / '3.35'.

    Without `digits` a value keeps the precision it has in the data (up to three decimals), so a
    datasheet's 3.35 TB/s never reads as 3; with `digits` it is rounded to at most that many.
    """
    if digits is None:
        if float(value).is_integer():
            return format_decimal(int(value), locale=locale_of(language))
        return format_decimal(value, format="#,##0.###", locale=locale_of(language))
    if digits == 0:
        return format_decimal(round(value), locale=locale_of(language))
    pattern = "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=locale_of(language))


@lru_cache(maxsize=4096)  # pure, and called thousands of times per build
def ratio(value: float, language: str) -> str:
    """1.43 -> '×1,4' / '×1.4' (one decimal: more would claim a precision specs do not have)."""
    return "×" + format_decimal(value, format="#,##0.0", locale=locale_of(language))


@lru_cache(maxsize=4096)  # pure, and called thousands of times per build
def money_usd(value: float, language: str) -> str:
    """6e9 -> '6 milliards de dollars' (fr) or '$6 billion' (en)."""
    loc = locale_of(language)
    if value >= 1_000_000:
        compact = format_compact_decimal(value, format_type="long", locale=loc, fraction_digits=2)
        if language == "fr":  # « 6 milliards » must not break: Babel writes it with a plain space
            compact = compact.replace(" ", NBSP)
        return label("money.usd.large", language, amount=compact)
    return label("money.usd", language, amount=format_decimal(value, locale=loc))


@lru_cache(maxsize=4096)  # pure, and called thousands of times per build
def date(value: dt.date | PartialDate, language: str, month_only: bool = False) -> str:
    """2024-09-02 -> '2 septembre 2024' / 'September 2, 2024'; month precision when asked.

    A PartialDate reads as precisely as it is known: '2024', 'octobre 2024' / 'October 2024',
    or the full date; never a made-up first of the month.
    """
    loc = locale_of(language)
    if isinstance(value, PartialDate):
        if value.precision == "year":
            return str(value.year)
        month_only = month_only or value.precision == "month"
        value = value.first_day()
    if month_only:
        return format_skeleton("yMMMM", value, locale=loc)
    text = _babel_date(value, format="long", locale=loc)
    if language == "fr" and value.day == 1:
        # French writes the first day of a month as an ordinal: « 1er juillet ».
        text = "1er" + text[1:]
    return text.replace(" ", NBSP, 1) if language == "fr" else text


def duration_months(months: int, language: str) -> str:
    n = number(months, language)
    return label("duration.months.one", language, n=n) if months == 1 else label("duration.months.other", language, n=n)
